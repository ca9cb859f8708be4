/*
 * cache.c: the result cache (see dpg/cache.h and docs/DATABASE.md).
 *
 * One SQLite file: files(key, entry, size, used), where entry is one file's
 * results encoded below, and fingerprints(id, fp).  Lookups happen during
 * the scan, in one read transaction (a lookup in its own took and gave
 * back the WAL's read lock: four fcntl() calls a file, 8% of a scan of
 * small files); writes are queued and done in one transaction at its end,
 * in key order, so a scan holds the cache's write lock for milliseconds.
 * A new cache file is written whole from its build-time image
 * (db_create_from_image, src/db/), as a new audit database is.
 */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include <dirent.h>
#include <errno.h>
#include <elf.h>
#include <git2.h>
#include <link.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../db/db_int.h"
#include "dpg/cache.h"
#include "dpg/source.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define ENTRY_MAGIC 0xD1u
#define USED_SLACK  3600 /* a hit rewrites its "used" once an hour at most */

struct pending {
	char *key;
	unsigned char *blob; /* NULL: only mark as used */
	size_t len;
	size_t seq; /* the order queued */
};

static int cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

struct dpg_cache {
	sqlite3 *h; /* NULL: made by the first dpg_cache_flush() */
	char *path;
	uint64_t max;
	sqlite3_stmt *get;
	int reading; /* the lookups' read transaction is open */
	struct pending *p;
	size_t np, pcap;
	/* while h is NULL: the fingerprints given and the ids they were
	 * told they have, which the new file's must be */
	char **fps;
	uint32_t *fpid;
	size_t nfps;
	int lost; /* it was made otherwise: nothing is written */
	/* a missing file is made in memory and written whole at the end of
	 * the first flush (fewer syncs and files): the unnamed file it will
	 * be (else -1), and whether h is then the copy in memory */
	int late_fd;
	int in_memory;
	int fresh; /* h is the new file's image in memory, not yet written */
};

char *dpg_cache_path(const char *dbpath)
{
	const char *e = getenv(DPG_CACHE_ENV);

	if (e && *e)
		return xstrdup(e);
	return xasprintf("%s.cache", dbpath);
}

uint64_t dpg_cache_max_default(void)
{
	const char *e = getenv(DPG_CACHE_MAX_ENV);
	uint64_t v;

	if (e && *e && dpg_parse_size(e, &v) == 0 && v > 0)
		return v;
	return DPG_CACHE_MAX_DEFAULT;
}

static int fail(sqlite3 *h, const char *path, const char *what,
		struct dpg_error *err)
{
	return dpg_error_set(err, DPG_EDB, "result cache '%s': %s: %s", path,
			     what, h ? sqlite3_errmsg(h) : "cannot open");
}

static int open_db(sqlite3 **h, const char *path, struct dpg_error *err)
{
	/* a new cache is made whole from its image (its schema and WAL mode
	   set up without a rollback journal: 3 fewer fsyncs), else below */
	int made =
		access(path, F_OK) < 0 && errno == ENOENT &&
		db_create_from_image(path, cache_image_runs, cache_image_nruns,
				     cache_image_size) == 0;

	if (sqlite3_open_v2(path, h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		int rc = fail(*h, path, "opening", err);

		sqlite3_close(*h);
		*h = NULL;
		return rc;
	}
	sqlite3_busy_timeout(*h, 5000);
	if (sqlite3_exec(*h,
			 "PRAGMA journal_mode = WAL; PRAGMA synchronous = "
			 "NORMAL",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    (!made && sqlite3_exec(*h, db_cache_schema, NULL, NULL, NULL) !=
			      SQLITE_OK)) {
		int rc = fail(*h, path, "creating", err);

		sqlite3_close(*h);
		*h = NULL;
		return rc;
	}
	return 0;
}

/* Open c's file (made when missing) and its lookup statement. */
static int attach(struct dpg_cache *c, struct dpg_error *err)
{
	int rc = open_db(&c->h, c->path, err);

	if (rc == 0 &&
	    sqlite3_prepare_v2(c->h,
			       "SELECT entry, used FROM files WHERE key = ?1",
			       -1, &c->get, NULL) != SQLITE_OK)
		rc = fail(c->h, c->path, "reading", err);
	return rc;
}

/* Close c's connection (no transaction is open). */
static void detach(struct dpg_cache *c)
{
	sqlite3_finalize(c->get);
	sqlite3_close(c->h);
	c->get = NULL;
	c->h = NULL;
	c->reading = 0;
}

/* Before a write: when h is the copy in memory of the file made late
 * (link_late), the file. */
static int to_file(struct dpg_cache *c, struct dpg_error *err)
{
	if (!c->in_memory)
		return 0;
	detach(c);
	c->in_memory = 0;
	return attach(c, err);
}

int dpg_cache_open(struct dpg_cache **out, const char *path, uint64_t max,
		   struct dpg_error *err)
{
	struct dpg_cache *c;
	int rc;

	*out = NULL;
	dpg_git_init(); /* its SHA-1 */
	c = xcalloc(1, sizeof(*c));
	c->path = xstrdup(path);
	c->max = max;
	c->late_fd = -1;
	/* a missing file: nothing to look up; it is made when there is
	   something to write (dpg_cache_flush(), on the thread that writes
	   behind the scan), not before the scan starts */
	if ((access(path, F_OK) < 0 && errno == ENOENT) ||
	    (rc = attach(c, err)) == 0) {
		*out = c;
		return 0;
	}
	dpg_cache_close(c);
	return rc;
}

/* End the lookups' read transaction, if open: before any write. */
static void end_reading(struct dpg_cache *c)
{
	if (c->reading)
		sqlite3_exec(c->h, "COMMIT", NULL, NULL, NULL);
	c->reading = 0;
}

static void drop_pending(struct dpg_cache *c)
{
	size_t i;

	for (i = 0; i < c->np; i++) {
		free(c->p[i].key);
		free(c->p[i].blob);
	}
	c->np = 0;
}

static void drop_fps(struct dpg_cache *c)
{
	while (c->nfps)
		free(c->fps[--c->nfps]);
	free(c->fps);
	free(c->fpid);
	c->fps = NULL;
	c->fpid = NULL;
}

void dpg_cache_close(struct dpg_cache *c)
{
	if (!c)
		return;
	drop_pending(c);
	drop_fps(c);
	free(c->p);
	sqlite3_reset(c->get);
	end_reading(c);
	sqlite3_finalize(c->get);
	sqlite3_close(c->h);
	if (c->late_fd >= 0)
		close(c->late_fd); /* never linked: gone */
	free(c->path);
	free(c);
}

/* id of fp from st (a statement whose ?1 is the fingerprint and whose
 * row is its id): 1, 0 when st gives no row, -1 on an error. */
static int fp_id(sqlite3_stmt *st, const char *fp, uint32_t *id)
{
	int rc;

	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = (uint32_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static const char fp_select[] = "SELECT id FROM fingerprints WHERE fp = ?1";

int dpg_cache_fingerprints(struct dpg_cache *c, const char *const *fp, size_t n,
			   uint32_t *id, struct dpg_error *err)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	unsigned char *have = xcalloc(n + 1, 1);
	size_t i, missing = 0;
	int rc = to_file(c, err);

	if (rc < 0) {
		free(have);
		return rc;
	}
	if (!c->h) {
		/* the ids they will have in the new file: 1, 2... in order,
		   the same string the same id */
		uint32_t next = 0;

		drop_fps(c);
		c->fps = xcalloc(n + 1, sizeof(*c->fps));
		c->fpid = xcalloc(n + 1, sizeof(*c->fpid));
		for (i = 0; i < n; i++) {
			size_t j;

			for (j = 0; j < i && strcmp(fp[j], fp[i]); j++)
				;
			id[i] = j < i ? id[j] : ++next;
			c->fps[i] = xstrdup(fp[i]);
			c->fpid[i] = id[i];
		}
		c->nfps = n;
		free(have);
		return 0;
	}
	end_reading(c);
	if (c->fresh) {
		/* the new file's image: none is known */
		missing = n;
		c->fresh = 0;
	} else if (sqlite3_prepare_v2(c->h, fp_select, -1, &sel, NULL) !=
			   SQLITE_OK ||
		   sqlite3_exec(c->h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		goto fail;
	} else {
		/* the known ones read, without a write (a warm cache has
		   them all), in one read transaction, not one a lookup */
		for (i = 0; i < n; i++) {
			int got = fp_id(sel, fp[i], &id[i]);

			if (got < 0)
				goto fail;
			have[i] = (unsigned char)got;
			missing += !got;
		}
		if (sqlite3_exec(c->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
	}
	/* the new ones added in one transaction: each the next id, or the
	   id another scan gave it meanwhile (or an equal one before it) */
	if (missing) {
		if (sqlite3_exec(c->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
			    SQLITE_OK ||
		    sqlite3_prepare_v2(c->h,
				       "INSERT OR IGNORE INTO fingerprints "
				       "(fp) VALUES (?1)",
				       -1, &ins, NULL) != SQLITE_OK)
			goto fail;
		for (i = 0; i < n; i++) {
			if (have[i])
				continue;
			if (fp_id(ins, fp[i], &id[i]) < 0)
				goto fail;
			if (sqlite3_changes(c->h) == 1)
				id[i] = (uint32_t)sqlite3_last_insert_rowid(
					c->h);
			else if ((!sel &&
				  sqlite3_prepare_v2(c->h, fp_select, -1, &sel,
						     NULL) != SQLITE_OK) ||
				 fp_id(sel, fp[i], &id[i]) != 1)
				goto fail;
		}
		if (sqlite3_exec(c->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
	}
	goto done;
fail:
	rc = fail(c->h, c->path, "fingerprints", err);
	if (!sqlite3_get_autocommit(c->h))
		sqlite3_exec(c->h, "ROLLBACK", NULL, NULL, NULL);
done:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	free(have);
	return rc;
}

/* ---- the encoding of one entry ---------------------------------------- */

struct enc {
	unsigned char *p;
	size_t len, cap;
};

static inline void put(struct enc *e, const void *d, size_t n)
{
	if (e->len + n > e->cap)
		dpg_grow(&e->p, &e->cap, e->len + n < 1024 ? 1024 : e->len + n,
			 1);
	memcpy(e->p + e->len, d, n);
	e->len += n;
}

static void put32(struct enc *e, uint32_t v)
{
	put(e, &v, sizeof(v));
}

static void put_str(struct enc *e, const char *s)
{
	if (!s) {
		put32(e, UINT32_MAX);
		return;
	}
	size_t n = strlen(s);

	put32(e, (uint32_t)n);
	put(e, s, n);
}

static unsigned char *encode(const struct dpg_cache_entry *en, size_t *len)
{
	struct enc e = {NULL, 0, 0};
	unsigned char magic = ENTRY_MAGIC;
	size_t i, k;

	put(&e, &magic, 1);
	put_str(&e, en->skip);
	put(&e, &en->len, sizeof(en->len));
	put32(&e, (uint32_t)en->nsections);
	for (i = 0; i < en->nsections; i++) {
		put32(&e, en->sections[i].fp);
		put32(&e, (uint32_t)en->sections[i].n);
		for (k = 0; k < en->sections[i].n; k++) {
			const struct dpg_finding *f =
				&en->res.findings[en->sections[i].first + k];
			int32_t ind = f->indicator;

			put_str(&e, f->analyzer);
			put_str(&e, f->kind);
			put(&e, &ind, sizeof(ind));
			put_str(&e, f->path);
			put32(&e, f->line);
			put32(&e, f->line_end);
			put_str(&e, f->value);
			put_str(&e, f->excerpt);
			put(&e, &f->score, sizeof(f->score));
		}
	}
	*len = e.len;
	return e.p;
}

struct dec {
	const unsigned char *p, *end;
	int bad;
};

static void get(struct dec *d, void *out, size_t n)
{
	if (d->bad || (size_t)(d->end - d->p) < n) {
		d->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, d->p, n);
	d->p += n;
}

static uint32_t get32(struct dec *d)
{
	uint32_t v;

	get(d, &v, sizeof(v));
	return v;
}

static const char *get_str(struct dec *d, struct dpg_arena *a)
{
	uint32_t n = get32(d);
	const char *s;

	if (d->bad || n == UINT32_MAX)
		return NULL;
	if ((size_t)(d->end - d->p) < n) {
		d->bad = 1;
		return NULL;
	}
	s = dpg_arena_strndup(a, (const char *)d->p, n);
	d->p += n;
	return s;
}

static int decode(const unsigned char *p, size_t len,
		  struct dpg_cache_entry *en)
{
	struct dec d = {p, p + len, 0};
	unsigned char magic = 0;
	struct dpg_arena *a = &en->res.arena;
	size_t i, k;

	get(&d, &magic, 1);
	if (magic != ENTRY_MAGIC)
		return -1;
	en->skip = get_str(&d, a);
	get(&d, &en->len, sizeof(en->len));
	en->nsections = get32(&d);
	if (d.bad || en->nsections > DPG_CACHE_SECTIONS)
		return -1;
	for (i = 0; i < en->nsections && !d.bad; i++) {
		uint32_t n;

		en->sections[i].fp = get32(&d);
		n = get32(&d);
		if (n > len)
			return -1;
		en->sections[i].first = en->res.n;
		en->sections[i].n = n;
		for (k = 0; k < n && !d.bad; k++) {
			struct dpg_finding f;
			int32_t ind;

			f.analyzer = get_str(&d, a);
			f.kind = get_str(&d, a);
			get(&d, &ind, sizeof(ind));
			f.indicator = ind;
			f.path = get_str(&d, a);
			f.line = get32(&d);
			f.line_end = get32(&d);
			f.value = get_str(&d, a);
			f.excerpt = get_str(&d, a);
			get(&d, &f.score, sizeof(f.score));
			if (!f.analyzer || !f.kind)
				d.bad = 1;
			if (!d.bad)
				dpg_results_add(&en->res, &f);
		}
	}
	return d.bad || d.p != d.end ? -1 : 0;
}

/* ---- lookups and writes ----------------------------------------------- */

static void queue(struct dpg_cache *c, const char *key, unsigned char *blob,
		  size_t len)
{
	struct pending *p;

	dpg_grow(&c->p, &c->pcap, c->np + 1, sizeof(*c->p));
	p = &c->p[c->np];
	p->seq = c->np++;
	p->key = xstrdup(key);
	p->blob = blob;
	p->len = len;
}

int dpg_cache_get(struct dpg_cache *c, const char *key,
		  struct dpg_cache_entry *e, struct dpg_error *err)
{
	int rc, found = 0;

	memset(e, 0, sizeof(*e));
	dpg_results_init(&e->res);
	if (!c->h)
		return 0; /* there was no cache */
	/* the first lookup opens the read transaction (or, if it cannot,
	   each lookup reads in its own as before) */
	if (!c->reading && sqlite3_get_autocommit(c->h) &&
	    sqlite3_exec(c->h, "BEGIN", NULL, NULL, NULL) == SQLITE_OK)
		c->reading = 1;
	sqlite3_bind_text(c->get, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(c->get);
	if (rc == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(c->get, 0);
		size_t len = (size_t)sqlite3_column_bytes(c->get, 0);
		int64_t used = sqlite3_column_int64(c->get, 1);

		if (blob && decode(blob, len, e) == 0) {
			found = 1;
			if (used < (int64_t)time(NULL) - USED_SLACK)
				queue(c, key, NULL, 0);
		} else {
			dpg_results_release(&e->res);
			memset(e, 0, sizeof(*e));
		}
		rc = SQLITE_DONE;
	}
	sqlite3_reset(c->get);
	if (rc != SQLITE_DONE)
		return fail(c->h, c->path, "reading", err);
	return found;
}

void dpg_cache_put(struct dpg_cache *c, const char *key,
		   const struct dpg_cache_entry *e)
{
	size_t len;
	unsigned char *blob = encode(e, &len);

	queue(c, key, blob, len);
}

/* Delete the least recently used entries until they hold at most max
 * bytes; counts what went into st (may be NULL). */
static int trim(sqlite3 *h, uint64_t max, struct dpg_cache_stats *st)
{
	sqlite3_stmt *s = NULL;
	int64_t total = 0;
	uint64_t keep = 0;
	int rc, full = 0;

	/* newest first: keep while the running total fits */
	if (sqlite3_prepare_v2(h,
			       "SELECT size FROM files ORDER BY used DESC, "
			       "key",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t size = sqlite3_column_int64(s, 0);

		if (!full && (uint64_t)(total + size) <= max) {
			total += size;
			keep++;
		} else {
			full = 1;
			if (st) {
				st->freed_files++;
				st->freed_bytes += (uint64_t)size;
			}
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return -1;
	if (st) {
		st->files = keep;
		st->bytes = (uint64_t)total;
	}
	if (!full)
		return 0;
	if (sqlite3_prepare_v2(h,
			       "DELETE FROM files WHERE key IN (SELECT key "
			       "FROM files ORDER BY used DESC, key LIMIT -1 "
			       "OFFSET ?1)",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, (int64_t)keep);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The one integer a pragma returns (0 on an error). */
static int64_t pragma_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t n = 0;

	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* page_count * page_size: the pragmas themselves (as table-valued
 * functions in one query, they cost a virtual table each) */
static int64_t file_size(sqlite3 *h)
{
	return pragma_int(h, "PRAGMA page_count") *
	       pragma_int(h, "PRAGMA page_size");
}

/* Make the cache that dpg_cache_open() found missing, with the
 * fingerprints given since: 1 when their ids are those given then, 0 when
 * they are not (another scan made it first: what was put is not written),
 * <0 when it cannot be made. */
static int make(struct dpg_cache *c, struct dpg_error *err)
{
	uint32_t *id = xcalloc(c->nfps + 1, sizeof(*id));
	int rc = 0;

	if (access(c->path, F_OK) < 0 && errno == ENOENT &&
	    db_late_open(&c->h, &c->late_fd, c->path, cache_image_runs,
			 cache_image_nruns, cache_image_size) == 0) {
		c->fresh = 1;
	} else {
		sqlite3_close(c->h); /* in memory, when no file can be */
		c->h = NULL;
		rc = attach(c, err);
	}
	if (rc == 0 &&
	    (rc = dpg_cache_fingerprints(c, (const char *const *)c->fps,
					 c->nfps, id, err)) == 0)
		rc = c->nfps && memcmp(id, c->fpid, c->nfps * sizeof(*id)) ? 0
									   : 1;
	free(id);
	drop_fps(c);
	if (rc != 1) { /* and never written to by this scan */
		detach(c);
		c->lost = 1;
	}
	return rc;
}

/* Made in memory by make(): the file now, unless another scan made it
 * meanwhile (theirs is kept; what was put is not written). */
static void link_late(struct dpg_cache *c)
{
	if (c->late_fd < 0)
		return;
	c->in_memory = db_late_link(c->h, c->late_fd, c->path) == 0;
	c->lost = !c->in_memory;
	c->late_fd = -1;
}

int dpg_cache_flush(struct dpg_cache *c, struct dpg_error *err)
{
	sqlite3_stmt *put_st = NULL, *use_st = NULL;
	int64_t now = (int64_t)time(NULL);
	size_t i;
	int rc = 0;

	if ((rc = to_file(c, err)) < 0) {
		drop_pending(c);
		return rc;
	}
	if (c->lost || (!c->h && (rc = make(c, err)) <= 0)) {
		drop_pending(c);
		return rc;
	}
	rc = 0;
	end_reading(c);
	if (!c->np) {
		link_late(c);
		return 0;
	}
	/* in key order (equal keys as queued): the B-tree is written page
	   after page instead of at random */
	qsort(c->p, c->np, sizeof(*c->p), cmp_pending);
	if (sqlite3_exec(c->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		rc = fail(c->h, c->path, "writing", err);
		drop_pending(c);
		return rc;
	}
	for (i = 0; i < c->np; i++) {
		struct pending *p = &c->p[i];
		sqlite3_stmt **sp = p->blob ? &put_st : &use_st, *s;

		/* each statement prepared when first needed */
		if (!*sp &&
		    sqlite3_prepare_v2(c->h,
				       p->blob ? "INSERT OR REPLACE INTO files "
						 "(key, entry, size, used) "
						 "VALUES (?1, ?2, ?3, ?4)"
					       : "UPDATE files SET used = ?2 "
						 "WHERE key = ?1",
				       -1, sp, NULL) != SQLITE_OK)
			goto fail;
		s = *sp;
		sqlite3_bind_text(s, 1, p->key, -1, SQLITE_STATIC);
		if (p->blob) {
			sqlite3_bind_blob(s, 2, p->blob, (int)p->len,
					  SQLITE_STATIC);
			sqlite3_bind_int64(s, 3,
					   (int64_t)(p->len + strlen(p->key)));
			sqlite3_bind_int64(s, 4, now);
		} else {
			sqlite3_bind_int64(s, 2, now);
		}
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_reset(s);
			goto fail;
		}
		sqlite3_reset(s);
	}
	if ((uint64_t)file_size(c->h) > c->max && trim(c->h, c->max, NULL) < 0)
		goto fail;
	if (sqlite3_exec(c->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	link_late(c);
	goto done;
fail:
	rc = fail(c->h, c->path, "writing", err);
	sqlite3_exec(c->h, "ROLLBACK", NULL, NULL, NULL);
done:
	sqlite3_finalize(put_st);
	sqlite3_finalize(use_st);
	drop_pending(c);
	return rc;
}

int dpg_cache_gc(const char *path, uint64_t max, struct dpg_cache_stats *st,
		 struct dpg_error *err)
{
	sqlite3 *h = NULL;
	struct stat sb;
	int rc;

	memset(st, 0, sizeof(*st));
	if (stat(path, &sb) < 0)
		return 0; /* no cache: nothing to trim */
	if ((rc = open_db(&h, path, err)) < 0)
		return rc;
	st->size_before = (uint64_t)file_size(h);
	if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    trim(h, max, st) < 0 ||
	    /* fingerprints no entry names any more are kept: a few bytes */
	    sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(h, "VACUUM", NULL, NULL, NULL) != SQLITE_OK) {
		rc = fail(h, path, "trimming", err);
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	} else {
		st->size_after = (uint64_t)file_size(h);
	}
	sqlite3_close(h);
	return rc;
}

/* ---- hashes ----------------------------------------------------------- */

void dpg_cache_blob_id(const char *data, size_t len, char out[41])
{
	git_oid oid;

	git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB);
	git_oid_tostr(out, 41, &oid);
}

void dpg_cache_hash(const void *data, size_t len, char out[41])
{
	/* a SHA-1, as git names the bytes ("blob N\0" + data) */
	dpg_cache_blob_id(data, len, out);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

/*
 * A 128-bit hash of a rule file, in hex (32 digits): it only tells edited
 * files apart (not cryptographic), at ~1 instruction a byte where SHA-1
 * (libgit2's, with collision detection) took 34, a millisecond of every
 * scan for the shipped rules.  Two lanes of xxHash64's round.
 */
void dpg_cache_file_hash(const void *data, size_t len, char out[33])
{
	const uint64_t p1 = 0x9e3779b185ebca87ull, p2 = 0xc2b2ae3d27d4eb4full;
	const unsigned char *d = data;
	uint64_t a = p1 + (uint64_t)len, b = p2 ^ (uint64_t)len, w[2];
	size_t i;

	for (i = 0; i + 16 <= len; i += 16) {
		memcpy(w, d + i, 16);
		a = rotl64(a + w[0] * p2, 31) * p1;
		b = rotl64(b + w[1] * p2, 31) * p1;
	}
	w[0] = w[1] = 0;
	memcpy(w, d + i, len - i);
	a = fmix64(a ^ rotl64(w[0] * p2, 31) * p1);
	b = fmix64(b ^ rotl64(w[1] * p2, 31) * p1 ^ a);
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a,
		 (unsigned long long)b);
}

int dpg_cache_hash_dir(struct dpg_buf *fp, const char *dir, const char *suffix,
		       struct dpg_error *err)
{
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d) /* no such directory: as if not given */
		return 0;
	while ((de = readdir(d)) != NULL)
		if (dpg_ends_with(de->d_name, suffix)) {
			dpg_grow(&names, &cap, n + 1, sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		struct dpg_buf b = DPG_BUF_INIT(64u * 1024 * 1024);
		char *path = xasprintf("%s/%s", dir, names[i]);
		char hex[41] = "unreadable";

		if (dpg_buf_read_file(&b, path, "", 0, NULL) == 0)
			dpg_cache_file_hash(b.ptr, b.len, hex);
		if (rc == 0)
			rc = dpg_buf_printf(fp, err, "%s %s\n", names[i], hex);
		dpg_buf_release(&b);
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

static char build_id[64];

static int find_build_id(struct dl_phdr_info *info, size_t size, void *ctx)
{
	int i;

	(void)size;
	(void)ctx;
	/* the first object is the executable itself */
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const unsigned char *p, *end;

		if (ph->p_type != PT_NOTE)
			continue;
		p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
		end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *n = (const void *)p;
			const unsigned char *name = p + sizeof(*n);
			const unsigned char *desc =
				name + ((n->n_namesz + 3) & ~3u);
			size_t k, o = 0;

			if (desc + n->n_descsz > end)
				break;
			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
			    memcmp(name, "GNU", 4) == 0) {
				for (k = 0; k < n->n_descsz &&
					    o + 3 < sizeof(build_id);
				     k++)
					o += (size_t)snprintf(build_id + o,
							      sizeof(build_id) -
								      o,
							      "%02x", desc[k]);
				return 1;
			}
			p = desc + ((n->n_descsz + 3) & ~3u);
		}
	}
	return 1;
}

const char *dpg_cache_build_id(void)
{
	if (!build_id[0]) {
		dl_iterate_phdr(find_build_id, NULL);
		if (!build_id[0])
			snprintf(build_id, sizeof(build_id), "version %s",
				 dpg_version);
	}
	return build_id;
}
