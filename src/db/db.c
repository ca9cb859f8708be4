/*
 * db.c: opening, migrating, storing and loading scans.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db_int.h"
#include "dpg/buf.h"
#include "dpg/util.h"
#include "dpg/banned.h"

int db_fail(struct dpg_db *db, int code, const char *what,
	    struct dpg_error *err)
{
	int ec = sqlite3_extended_errcode(db->h) & 0xff;

	if (ec == SQLITE_BUSY || ec == SQLITE_LOCKED)
		return dpg_error_set(err, DPG_EBUSY,
				     "audit database '%s' is locked by another "
				     "writer (gave up after %d ms)",
				     db->path, db->busy_ms);
	if (ec == SQLITE_NOTADB)
		return dpg_error_set(err, DPG_EDB,
				     "'%s' is not an SQLite database",
				     db->path);
	if (ec == SQLITE_READONLY || ec == SQLITE_CANTOPEN || ec == SQLITE_PERM)
		return dpg_error_set(err, DPG_EDB,
				     "audit database '%s' is read-only or "
				     "cannot be opened: %s",
				     db->path, sqlite3_errmsg(db->h));
	return dpg_error_set(err, code, "audit database '%s': %s: %s", db->path,
			     what, sqlite3_errmsg(db->h));
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int is_busy(int rc)
{
	return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

/*
 * Wait before retrying a statement that found the database busy: returns 0
 * after sleeping (1, 2, 4... up to 64 ms), or -1 once the busy timeout
 * counted from start has passed.  SQLite's busy handler does not cover
 * every lock (switching the journal mode, a read during another
 * connection's first write), so every statement that can meet one goes
 * through this, and "gave up after N ms" is true.
 */
static int retry_wait(struct dpg_db *db, long long start, int *delay)
{
	long long left = db->busy_ms - (now_ms() - start);
	struct timespec ts;

	if (left <= 0)
		return -1;
	if (*delay > left)
		*delay = (int)left;
	ts.tv_sec = *delay / 1000;
	ts.tv_nsec = (long)(*delay % 1000) * 1000000;
	nanosleep(&ts, NULL);
	if (*delay < 64)
		*delay *= 2;
	return 0;
}

static int exec(struct dpg_db *db, const char *sql, struct dpg_error *err)
{
	long long start = now_ms();
	int delay = 1, rc;

	while ((rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL)) != SQLITE_OK)
		if (!is_busy(rc) || retry_wait(db, start, &delay) < 0)
			return db_fail(db, DPG_EDB, sql, err);
	return 0;
}

/* Run a query returning one row of integers into out[0..n-1]. */
static int query_ints(struct dpg_db *db, const char *sql, int *out, int n,
		      struct dpg_error *err)
{
	long long start = now_ms();
	sqlite3_stmt *st = NULL;
	int delay = 1, rc, i;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "reading the schema", err);
	while (is_busy(rc = sqlite3_step(st)) &&
	       retry_wait(db, start, &delay) == 0)
		sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, DPG_EDB, "reading the schema", err);
	}
	for (i = 0; i < n; i++)
		out[i] = sqlite3_column_int(st, i);
	sqlite3_finalize(st);
	return 0;
}

static int user_version(struct dpg_db *db, int *out, struct dpg_error *err)
{
	return query_ints(db, "PRAGMA user_version", out, 1, err);
}

static int migrate(struct dpg_db *db, int from, struct dpg_error *err)
{
	char pragma[96];
	int v, rc, n = 0;

	if (from >= dpg_db_schema_version)
		return 0;
	/* every step in one transaction: a new database costs one commit */
	if ((rc = exec(db, "BEGIN IMMEDIATE", err)) < 0)
		return rc;
	/* another process may have migrated while we waited */
	if ((rc = user_version(db, &v, err)) < 0)
		goto fail;
	if (v >= dpg_db_schema_version)
		return exec(db, "COMMIT", err);
	if (v == 0 && (rc = query_ints(db, "SELECT count(*) FROM sqlite_master",
				       &n, 1, err)) < 0)
		goto fail;
	if (v == 0 && n == 0) {
		/* a new database: the schema the steps leave, in one go */
		if ((rc = exec(db, db_schema_fresh, err)) < 0)
			goto fail;
		v = dpg_db_schema_version;
	}
	for (; v < dpg_db_schema_version; v++)
		if ((rc = exec(db, db_migrations[v], err)) < 0)
			goto fail;
	snprintf(pragma, sizeof(pragma),
		 "PRAGMA user_version = %d; PRAGMA application_id = %d",
		 dpg_db_schema_version, DPG_DB_APPLICATION_ID);
	if ((rc = exec(db, pragma, err)) < 0 ||
	    (rc = exec(db, "COMMIT", err)) < 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static int busy_timeout(void)
{
	const char *s = getenv(DPG_DB_BUSY_ENV);
	char *end;
	long v;

	if (!s || !*s)
		return DPG_DB_BUSY_DEFAULT;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > INT_MAX)
		return DPG_DB_BUSY_DEFAULT;
	return (int)v;
}

/* PRAGMA foreign_keys = on (or off) without the statement's parse: the
 * same flag, set the same way (never inside a transaction, where the
 * pragma would do nothing). */
static int foreign_keys(struct dpg_db *db, int on, struct dpg_error *err)
{
	if (sqlite3_db_config(db->h, SQLITE_DBCONFIG_ENABLE_FKEY, on,
			      (int *)NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "PRAGMA foreign_keys", err);
	return 0;
}

/* ---- a new database, whole -------------------------------------------- */

/*
 * A missing database (db_image: the schema at the current version, our
 * application id, WAL mode; cache_image: the result cache's;
 * tools/gen-schema.c makes both as the usual way would) is written to an
 * unnamed file in its directory (db_unnamed_file), synced, then linked at
 * its path (db_link_unnamed): no one sees a part of it, and another first
 * writer's file is never replaced (the link then fails, and theirs is
 * opened).  -1 from either: make it the usual way (no O_TMPFILE or hard
 * links there, a read-only directory, ...); nothing is left behind.
 */
int db_unnamed_file(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = !slash	    ? xstrdup(".")
		    : slash == path ? xstrdup("/")
				    : xstrndup(path, (size_t)(slash - path));
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);

	free(dir);
	return fd;
}

/* Write n bytes at off; 0 when all were written. */
static int write_all(int fd, const char *p, size_t n, off_t off)
{
	while (n > 0) {
		ssize_t w = pwrite(fd, p, n, off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

int db_link_unnamed(int fd, const char *head, size_t nhead, const char *rest,
		    size_t nrest, const char *path)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (write_all(fd, head, nhead, 0) < 0 ||
	    write_all(fd, rest, nrest, (off_t)nhead) < 0 || fdatasync(fd) < 0 ||
	    linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) < 0)
		return -1;
	return 0;
}

/* The image's bytes (runs at offsets, the rest zeros) into img, size of
 * them; returns img. */
static void *image_bytes(void *img, const struct db_image_run *runs,
			 size_t nruns, size_t size)
{
	size_t i;

	memset(img, 0, size);
	for (i = 0; i < nruns; i++)
		memcpy((char *)img + runs[i].off, runs[i].bytes, runs[i].len);
	return img;
}

int db_create_from_image(const char *path, const struct db_image_run *runs,
			 size_t nruns, size_t size)
{
	int fd = db_unnamed_file(path), rc;
	char *img;

	if (fd < 0)
		return -1;
	img = image_bytes(xmalloc(size), runs, nruns, size);
	rc = db_link_unnamed(fd, img, size, NULL, 0, path);
	free(img);
	close(fd);
	return rc;
}

int db_late_open(sqlite3 **h, int *fd, const char *path,
		 const struct db_image_run *runs, size_t nruns, size_t size)
{
	unsigned char *img = sqlite3_malloc64(size);

	*h = NULL;
	*fd = img ? db_unnamed_file(path) : -1;
	if (*fd < 0) {
		sqlite3_free(img);
		return -1;
	}
	/* memory databases keep a rollback journal, not WAL */
	image_bytes(img, runs, nruns, size);
	img[18] = img[19] = 1;
	if (sqlite3_open_v2(":memory:", h,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		sqlite3_free(img);
		img = NULL;
	}
	/* img is SQLite's from here, freed with h or on failure */
	if (!img ||
	    sqlite3_deserialize(
		    *h, "main", img, (sqlite3_int64)size, (sqlite3_int64)size,
		    SQLITE_DESERIALIZE_FREEONCLOSE |
			    SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK) {
		close(*fd);
		*fd = -1;
		return -1;
	}
	return 0;
}

int db_late_link(sqlite3 *h, int fd, const char *path)
{
	sqlite3_int64 size = 0;
	unsigned char *img =
		sqlite3_serialize(h, "main", &size, SQLITE_SERIALIZE_NOCOPY);
	char head[100];
	int rc = -1;

	if (img && size >= (sqlite3_int64)sizeof(head)) {
		memcpy(head, img, sizeof(head));
		head[18] = head[19] = 2; /* WAL, as the image was */
		rc = db_link_unnamed(fd, head, sizeof(head),
				     (const char *)img + sizeof(head),
				     (size_t)size - sizeof(head), path);
	}
	close(fd);
	return rc;
}

/* ---- whose database is it ------------------------------------------ */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int file_exists(const char *path, const char *suffix)
{
	char *p = xasprintf("%s%s", path, suffix);
	struct stat st;
	int rc = stat(p, &st) == 0 && st.st_size > 0;

	free(p);
	return rc;
}

/* "file:PATH?mode=ro[&immutable=1]" with PATH percent-encoded. */
static char *ro_uri(const char *path, int immutable)
{
	static const char hex[] = "0123456789ABCDEF";
	struct dpg_buf b = DPG_BUF_INIT((size_t)-1 / 4);
	const unsigned char *p;

	dpg_buf_puts(&b, "file:", NULL);
	for (p = (const unsigned char *)path; *p; p++) {
		char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};

		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p))
			dpg_buf_add(&b, p, 1, NULL);
		else
			dpg_buf_add(&b, e, 3, NULL);
	}
	dpg_buf_puts(&b, immutable ? "?mode=ro&immutable=1" : "?mode=ro", NULL);
	return dpg_buf_detach(&b, NULL);
}

static int open_ro(struct dpg_db *db, int immutable)
{
	char *uri = ro_uri(db->path, immutable);
	int rc;

	sqlite3_close(db->h);
	db->h = NULL;
	rc = sqlite3_open_v2(uri, &db->h,
			     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (db->h) {
		sqlite3_extended_result_codes(db->h, 1);
		sqlite3_busy_timeout(db->h, db->busy_ms);
	}
	return rc;
}

/*
 * Decide whether the existing, non-empty file at db->path is ours, without
 * changing a byte of it: the header's application_id first (no SQLite
 * connection at all); when it is 0, a read-only probe connection (which
 * never rolls back a journal or checkpoints; immutable when there is no
 * WAL file, so that nothing is created beside the file).  A database with
 * no application_id is ours when it has user_version >= 1 and our tables
 * (made before the id existed): the next migration step adopts it.
 */
static int identify(struct dpg_db *db, struct dpg_error *err)
{
	unsigned char h[100];
	int fd, v[4], rc;
	ssize_t n;

	fd = open(db->path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return dpg_error_set(err, DPG_EDB,
				     "cannot open audit database '%s': %s",
				     db->path, strerror(errno));
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n != (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0)
		return dpg_error_set(err, DPG_EDB,
				     "'%s' is not an SQLite database",
				     db->path);
	if (be32(h + 68) == DPG_DB_APPLICATION_ID)
		return 0;
	if (be32(h + 68) != 0)
		return dpg_error_set(err, DPG_EDB,
				     "'%s' is another application's SQLite "
				     "database (application_id %#x), not a "
				     "dpgaudit audit database: left unchanged",
				     db->path, be32(h + 68));
	if (open_ro(db, !file_exists(db->path, "-wal")) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "opening", err);
	rc = query_ints(db,
			"SELECT (SELECT application_id FROM "
			"pragma_application_id), (SELECT user_version FROM "
			"pragma_user_version), (SELECT count(*) FROM "
			"sqlite_master), (SELECT count(*) FROM sqlite_master "
			"WHERE type = 'table' AND name IN ('targets', "
			"'scans'))",
			v, 4, err);
	sqlite3_close(db->h);
	db->h = NULL;
	if (rc < 0)
		return rc;
	/* ours, made before the id existed, or empty */
	if (v[0] == DPG_DB_APPLICATION_ID ||
	    (v[0] == 0 && v[1] >= 1 && v[3] == 2) ||
	    (v[0] == 0 && v[1] == 0 && v[2] == 0))
		return 0;
	return dpg_error_set(err, DPG_EDB,
			     "'%s' is another application's SQLite "
			     "database (%d schema objects, "
			     "user_version %d), not a dpgaudit audit "
			     "database: left unchanged",
			     db->path, v[2], v[1]);
}

/*
 * The reader's connection.  A read-only open of a WAL database needs its
 * -shm file; in a directory the user cannot write, and with no -wal file
 * (nothing uncheckpointed, no writer connected), the file is opened as
 * immutable instead, which needs no -shm.
 */
static int connect_ro(struct dpg_db *db, struct dpg_error *err)
{
	int v, rc;

	if (open_ro(db, 0) == SQLITE_OK && user_version(db, &v, NULL) == 0)
		return 0;
	rc = sqlite3_extended_errcode(db->h) & 0xff;
	if ((rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN) &&
	    !file_exists(db->path, "-wal")) {
		if (open_ro(db, 1) == SQLITE_OK &&
		    user_version(db, &v, NULL) == 0)
			return 0;
	} else if (rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN) {
		return dpg_error_set(err, DPG_EDB,
				     "cannot read audit database '%s': its "
				     "directory is not writable and '%s-wal' "
				     "holds changes not yet checkpointed "
				     "(open it once as a user who can write "
				     "there)",
				     db->path, db->path);
	}
	return db_fail(db, DPG_EDB, "opening", err);
}

/* No memory statistics: with them every SQLite allocation takes one
 * global mutex, on which a scan's threads (the result cache's writer and
 * the store of the scan) wait for each other; dpgaudit never reads them.
 * No first allocation of 20 pages for each connection's page cache (or
 * temporary table's): its slots are all written when it is made, a page
 * fault each, where a new database or small scan uses a few pages; the
 * pages are allocated as they are needed instead. */
void dpg_db_process_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)NULL, 0, 0);
}

static struct dpg_db *new_db(const char *path, unsigned int flags)
{
	struct dpg_db *db = xcalloc(1, sizeof(*db));

	db->path = xstrdup(path);
	db->flags = flags;
	db->busy_ms = busy_timeout();
	db->late_fd = -1;
	return db;
}

/*
 * DPG_DB_LATE on a missing file: the new database in memory, and the
 * unnamed file it will be.  Returns 1 when there can be no such file (then
 * the usual way), 0 or a negative dpg_code.
 */
static int open_late(struct dpg_db **out, const char *path, unsigned int flags,
		     struct dpg_error *err)
{
	struct dpg_db *db = new_db(path, flags);

	if (db_late_open(&db->h, &db->late_fd, path, db_image_runs,
			 db_image_nruns, db_image_size) < 0) {
		int rc = db->h ? db_fail(db, DPG_EDB, "opening", err) : 1;

		dpg_db_close(db);
		return rc;
	}
	sqlite3_extended_result_codes(db->h, 1);
	db->fresh = 1;
	*out = db;
	return foreign_keys(db, 1, err);
}

int dpg_db_open(struct dpg_db **out, const char *path, unsigned int flags,
		struct dpg_error *err)
{
	struct dpg_db *db;
	struct stat st;
	int version = 0, app_id = 0, rc = 0;

	*out = NULL;
	memset(&st, 0, sizeof(st)); /* a missing file is an empty one */
	if (stat(path, &st) < 0) {
		if (errno != ENOENT || !(flags & DPG_DB_CREATE))
			return dpg_error_set(
				err, DPG_EDB,
				"cannot open audit database '%s': %s", path,
				errno == ENOENT ? "no such file (run 'dpgaudit "
						  "scan' first)"
						: strerror(errno));
		st.st_size = 0; /* to be created: whole, or by SQLite */
		if ((flags & DPG_DB_LATE) && !(flags & DPG_DB_READONLY) &&
		    (rc = open_late(out, path, flags, err)) <= 0)
			return rc;
		if (!(flags & DPG_DB_READONLY) &&
		    (db_create_from_image(path, db_image_runs, db_image_nruns,
					  db_image_size) < 0 ||
		     stat(path, &st) < 0 || !S_ISREG(st.st_mode)))
			st.st_size = 0;
	} else if (!S_ISREG(st.st_mode)) {
		return dpg_error_set(
			err, DPG_EDB,
			"audit database '%s' is not a regular file", path);
	}
	db = new_db(path, flags);
	/* whose file it is comes first: nothing is written to another's */
	if (st.st_size > 0 && (rc = identify(db, err)) < 0)
		goto done;
	if (flags & DPG_DB_READONLY) {
		if ((rc = connect_ro(db, err)) < 0)
			goto done;
	} else {
		if (sqlite3_open_v2(path, &db->h,
				    SQLITE_OPEN_READWRITE |
					    ((flags & DPG_DB_CREATE)
						     ? SQLITE_OPEN_CREATE
						     : 0),
				    NULL) != SQLITE_OK) {
			rc = db_fail(db, DPG_EDB, "opening", err);
			goto done;
		}
		sqlite3_extended_result_codes(db->h, 1);
		sqlite3_busy_timeout(db->h, db->busy_ms);
		if (sqlite3_db_readonly(db->h, "main") == 1) {
			rc = dpg_error_set(err, DPG_EDB,
					   "audit database '%s' is read-only",
					   path);
			goto done;
		}
	}
	if ((rc = user_version(db, &version, err)) < 0)
		goto done;
	if (version > dpg_db_schema_version) {
		rc = dpg_error_set(err, DPG_EVERSION,
				   "audit database '%s' has schema version %d, "
				   "newer than this dpgaudit knows (%d): use a "
				   "newer dpgaudit",
				   path, version, dpg_db_schema_version);
		goto done;
	}
	if (version < dpg_db_schema_version && (flags & DPG_DB_READONLY)) {
		rc = dpg_error_set(
			err, DPG_EDB,
			"audit database '%s' has schema version %d "
			"and needs migrating to %d: run a scan first",
			path, version, dpg_db_schema_version);
		goto done;
	}
	if (!(flags & DPG_DB_READONLY)) {
		/* the busy handler does not cover this switch: exec retries */
		if ((rc = exec(db, "PRAGMA journal_mode = WAL", err)) < 0 ||
		    (rc = exec(db, "PRAGMA synchronous = NORMAL", err)) < 0 ||
		    (rc = foreign_keys(db, 0, err)) < 0 ||
		    (rc = migrate(db, version, err)) < 0 ||
		    (rc = query_ints(db, "PRAGMA application_id", &app_id, 1,
				     err)) < 0)
			goto done;
		if (app_id != DPG_DB_APPLICATION_ID) {
			/* adopted at the current version: mark it ours */
			char pragma[64];

			snprintf(pragma, sizeof(pragma),
				 "PRAGMA application_id = %d",
				 DPG_DB_APPLICATION_ID);
			if ((rc = exec(db, "BEGIN IMMEDIATE", err)) < 0)
				goto done;
			if ((rc = exec(db, pragma, err)) < 0 ||
			    (rc = exec(db, "COMMIT", err)) < 0) {
				sqlite3_exec(db->h, "ROLLBACK", NULL, NULL,
					     NULL);
				goto done;
			}
		}
	}
	rc = foreign_keys(db, 1, err);
done:
	if (rc < 0) {
		dpg_db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

void dpg_db_close(struct dpg_db *db)
{
	if (!db)
		return;
	sqlite3_close(db->h);
	if (db->late_fd >= 0)
		close(db->late_fd); /* never linked: gone */
	free(db->path);
	free(db);
}

struct sqlite3 *dpg_db_handle(struct dpg_db *db)
{
	db->fresh = 0; /* its caller may write */
	return db->h;
}

const char *dpg_db_path(const struct dpg_db *db)
{
	return db->path;
}

/* ---- binding helpers ------------------------------------------------ */

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_id(sqlite3_stmt *st, int i, const char *s)
{
	bind_text(st, i, s && *s ? s : NULL);
}

static const char *col_text(sqlite3_stmt *st, int i, struct dpg_arena *a)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? dpg_arena_strdup(a, (const char *)s) : NULL;
}

static int step_done(struct dpg_db *db, sqlite3_stmt *st, const char *what,
		     struct dpg_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, DPG_EDB, what, err);
	return 0;
}

/* ---- storing -------------------------------------------------------- */

/*
 * scans.status and verdicts.verdict are CHECKed against IN lists, which
 * SQLite codes as a temporary table made, filled and dropped for every row
 * stored: 12 a scan, 0.37 M of the 4.07 M instructions of a one-file scan
 * (callgrind).  store_tx() prepares its statements without CHECKs (PRAGMA
 * ignore_check_constraints, while it runs) and refuses here what they
 * would have refused: a value not in the list (NULL passes a CHECK; NOT
 * NULL is still SQLite's).  test_db_fresh holds the lists to the schema's.
 */
const char *const db_scan_statuses[] = {"ok", "failed", "partial", "unchanged",
					NULL};
const char *const db_verdicts[] = {"met", "not met", "review", NULL};

int db_in_list(const char *v, const char *const *list)
{
	if (!v)
		return 1;
	for (; *list; list++)
		if (!strcmp(v, *list))
			return 1;
	return 0;
}

/* 0 when v passes "col IN (list)", else the error SQLite's CHECK gives */
static int check_in(struct dpg_db *db, const char *col, const char *v,
		    const char *const *list, const char *what,
		    struct dpg_error *err)
{
	struct dpg_buf b = DPG_BUF_INIT((size_t)-1 / 4);
	char *expr;
	int rc;

	if (db_in_list(v, list))
		return 0;
	dpg_buf_puts(&b, col, NULL);
	dpg_buf_puts(&b, " IN (", NULL);
	for (; *list; list++) {
		dpg_buf_puts(&b, "'", NULL);
		dpg_buf_puts(&b, *list, NULL);
		dpg_buf_puts(&b, list[1] ? "', " : "')", NULL);
	}
	expr = dpg_buf_detach(&b, NULL);
	rc = dpg_error_set(err, DPG_EDB,
			   "audit database '%s': %s: CHECK constraint "
			   "failed: %s",
			   db->path, what, expr ? expr : col);
	free(expr);
	return rc;
}

static int store_target(struct dpg_db *db, const struct dpg_scan *scan,
			int64_t *id, struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	/* in a new database there is no target yet: a plain insert (the
	   upsert's RETURNING costs a temporary table) */
	if (sqlite3_prepare_v2(db->h,
			       db->fresh ? "INSERT INTO targets (locator, "
					   "kind, first_scanned) VALUES (?1, "
					   "?2, ?3)"
					 : "INSERT INTO targets (locator, "
					   "kind, first_scanned) VALUES (?1, "
					   "?2, ?3) ON CONFLICT (locator) DO "
					   "UPDATE SET kind = excluded.kind "
					   "RETURNING id",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "storing the target", err);
	bind_text(st, 1, scan->target);
	bind_text(st, 2, scan->kind);
	bind_text(st, 3, scan->started_at);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || (db->fresh && rc == SQLITE_DONE)) {
		*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0)
				       : sqlite3_last_insert_rowid(db->h);
		rc = 0;
	} else {
		rc = db_fail(db, DPG_EDB, "storing the target", err);
	}
	sqlite3_finalize(st);
	return rc;
}

static int store_scan_row(struct dpg_db *db, struct dpg_scan *scan,
			  int64_t target_id, struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = check_in(db, "status", scan->status, db_scan_statuses,
			   "storing the scan", err)) < 0)
		return rc;
	if (sqlite3_prepare_v2(
		    db->h,
		    "INSERT INTO scans (target_id, kind, rev, commit_id, "
		    "tree_id, archive_format, dirty, started_at, finished_at, "
		    "tool_version, status, error, file_count, bytes_read, "
		    "skipped_count, solution_types, nomination, note, "
		    "fingerprint, cached_files, repeats) VALUES "
		    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		    "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
		    -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "storing the scan", err);
	sqlite3_bind_int64(st, 1, target_id);
	bind_text(st, 2, scan->kind);
	bind_text(st, 3, scan->rev);
	bind_id(st, 4, scan->commit_id);
	bind_id(st, 5, scan->tree_id);
	bind_text(st, 6, scan->format);
	if (scan->dirty >= 0)
		sqlite3_bind_int(st, 7, scan->dirty);
	bind_text(st, 8, scan->started_at);
	bind_text(st, 9, scan->finished_at);
	bind_text(st, 10, scan->tool_version);
	bind_text(st, 11, scan->status);
	bind_text(st, 12, scan->error);
	sqlite3_bind_int64(st, 13, (sqlite3_int64)scan->file_count);
	sqlite3_bind_int64(st, 14, (sqlite3_int64)scan->bytes_read);
	sqlite3_bind_int64(st, 15, (sqlite3_int64)scan->nskips);
	bind_text(st, 16, scan->types);
	bind_text(st, 17, scan->nomination);
	bind_text(st, 18, scan->note);
	bind_text(st, 19, scan->fingerprint);
	sqlite3_bind_int64(st, 20, (sqlite3_int64)scan->cached);
	if (scan->repeats)
		sqlite3_bind_int64(st, 21, scan->repeats);
	rc = step_done(db, st, "storing the scan", err);
	sqlite3_finalize(st);
	if (rc == 0)
		scan->id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

static int store_skips(struct dpg_db *db, const struct dpg_scan *scan,
		       struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc = 0;

	if (!scan->nskips)
		return 0;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO skipped (scan_id, path, reason, "
			       "size) VALUES (?1, ?2, ?3, ?4)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "storing skipped files", err);
	for (i = 0; i < scan->nskips && rc == 0; i++) {
		const struct dpg_skip *s = &scan->skips[i];

		sqlite3_bind_int64(st, 1, scan->id);
		bind_text(st, 2, s->path);
		bind_text(st, 3, s->reason);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)s->size);
		rc = step_done(db, st, "storing skipped files", err);
	}
	sqlite3_finalize(st);
	return rc;
}

static int store_findings(struct dpg_db *db, const struct dpg_scan *scan,
			  struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *crash = getenv("DPGAUDIT_TEST_CRASH");
	size_t i;
	int rc = 0;

	if (!scan->nfindings)
		return 0;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO findings (scan_id, analyzer, kind, "
			       "indicator, path, line, line_end, value, "
			       "excerpt, score) VALUES (?1, ?2, ?3, ?4, ?5, "
			       "?6, ?7, ?8, ?9, ?10)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "storing findings", err);
	for (i = 0; i < scan->nfindings && rc == 0; i++) {
		const struct dpg_finding *f = &scan->findings[i];

		/* test hook: die mid-transaction (tests/e2e/t3002) */
		if (crash && strcmp(crash, "store") == 0 &&
		    i == scan->nfindings / 2)
			raise(SIGKILL);
		sqlite3_bind_int64(st, 1, scan->id);
		bind_text(st, 2, f->analyzer);
		bind_text(st, 3, f->kind);
		bind_id(st, 4, dpg_indicator_code(f->indicator));
		bind_text(st, 5, f->path);
		if (f->line) {
			sqlite3_bind_int(st, 6, (int)f->line);
			sqlite3_bind_int(st, 7, (int)f->line_end);
		} else {
			sqlite3_bind_null(st, 6);
			sqlite3_bind_null(st, 7);
		}
		bind_text(st, 8, f->value);
		bind_text(st, 9, f->excerpt);
		if (f->score >= 0)
			sqlite3_bind_double(st, 10, f->score);
		else
			sqlite3_bind_null(st, 10);
		rc = step_done(db, st, "storing findings", err);
	}
	sqlite3_finalize(st);
	return rc;
}

static int store_verdicts(struct dpg_db *db, const struct dpg_scan *scan,
			  struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	int i, rc = 0;

	for (i = 1; i < DPG_IND_COUNT && !scan->verdicts[i].verdict; i++)
		;
	if (i == DPG_IND_COUNT)
		return 0; /* none (a failed scan) */
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO verdicts (scan_id, indicator, "
			       "verdict, reason, missing) VALUES (?1, ?2, ?3, "
			       "?4, ?5)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "storing verdicts", err);
	for (i = 1; i < DPG_IND_COUNT && rc == 0; i++) {
		const struct dpg_verdict *v = &scan->verdicts[i];

		if (!v->verdict)
			continue;
		if ((rc = check_in(db, "verdict", v->verdict, db_verdicts,
				   "storing verdicts", err)) < 0)
			break;
		sqlite3_bind_int64(st, 1, scan->id);
		bind_text(st, 2, dpg_indicator_code(i));
		bind_text(st, 3, v->verdict);
		bind_text(st, 4, v->reason ? v->reason : "");
		bind_text(st, 5, v->missing);
		rc = step_done(db, st, "storing verdicts", err);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Make db the usual connection to the file at its path (DPG_DB_LATE: the
 * file another process made first, or the one written from memory, before
 * a write to it).
 */
static int reopen_file(struct dpg_db *db, struct dpg_error *err)
{
	struct dpg_db *file;
	int rc;

	if ((rc = dpg_db_open(&file, db->path, db->flags & ~DPG_DB_LATE, err)) <
	    0)
		return rc;
	sqlite3_close(db->h);
	if (db->late_fd >= 0)
		close(db->late_fd);
	db->late_fd = -1;
	db->in_memory = 0;
	db->fresh = 0;
	db->h = file->h;
	file->h = NULL;
	dpg_db_close(file);
	return 0;
}

static int store_tx(struct dpg_db *db, struct dpg_scan *scan,
		    struct dpg_error *err)
{
	int64_t target_id = 0;
	int rc;

	/* its CHECKs are store_scan_row's and store_verdicts' (above) */
	if ((rc = exec(db,
		       "PRAGMA ignore_check_constraints = 1; BEGIN IMMEDIATE",
		       err)) < 0)
		goto done;
	rc = store_target(db, scan, &target_id, err);
	db->fresh = 0;
	if (rc < 0 || (rc = store_scan_row(db, scan, target_id, err)) < 0 ||
	    (rc = store_skips(db, scan, err)) < 0 ||
	    (rc = store_findings(db, scan, err)) < 0 ||
	    (rc = store_verdicts(db, scan, err)) < 0 ||
	    (rc = exec(db, "COMMIT", err)) < 0) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		scan->id = 0;
	}
done:
	/* every other statement of the connection is checked by SQLite */
	sqlite3_exec(db->h, "PRAGMA ignore_check_constraints = 0", NULL, NULL,
		     NULL);
	return rc;
}

int dpg_db_store_scan(struct dpg_db *db, struct dpg_scan *scan,
		      struct dpg_error *err)
{
	int rc;

	if (db->in_memory && (rc = reopen_file(db, err)) < 0)
		return rc;
	if ((rc = store_tx(db, scan, err)) < 0 || db->late_fd < 0)
		return rc;
	/* the file written from memory, which stays for reading */
	rc = db_late_link(db->h, db->late_fd, db->path);
	db->late_fd = -1;
	if (rc == 0) {
		db->in_memory = 1;
		return 0;
	}
	/* the file is another's: the scan goes there */
	scan->id = 0;
	if ((rc = reopen_file(db, err)) < 0)
		return rc;
	return store_tx(db, scan, err);
}

/* ---- loading -------------------------------------------------------- */

int dpg_db_load_scan(struct dpg_db *db, int64_t id, struct dpg_scan *out,
		     struct dpg_error *err)
{
	struct dpg_arena *a = &out->arena;
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(
		    db->h,
		    "SELECT t.locator, s.kind, s.rev, s.commit_id, s.tree_id, "
		    "s.archive_format, s.dirty, s.started_at, s.finished_at, "
		    "s.tool_version, s.status, s.error, s.file_count, "
		    "s.bytes_read, s.solution_types, s.nomination, s.note, "
		    "s.fingerprint, s.cached_files, s.repeats FROM scans s "
		    "JOIN targets t ON "
		    "t.id = s.target_id WHERE s.id = ?1",
		    -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "loading a scan", err);
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE
			     ? dpg_error_set(err, DPG_ENOTFOUND,
					     "no scan %lld in '%s'",
					     (long long)id, db->path)
			     : db_fail(db, DPG_EDB, "loading a scan", err);
		sqlite3_finalize(st);
		return rc;
	}
	out->id = id;
	out->target = col_text(st, 0, a);
	out->kind = col_text(st, 1, a);
	out->rev = col_text(st, 2, a);
	out->commit_id = col_text(st, 3, a);
	out->tree_id = col_text(st, 4, a);
	out->format = col_text(st, 5, a);
	out->dirty = sqlite3_column_type(st, 6) == SQLITE_NULL
			     ? -1
			     : sqlite3_column_int(st, 6);
	snprintf(out->started_at, sizeof(out->started_at), "%s",
		 (const char *)sqlite3_column_text(st, 7));
	snprintf(out->finished_at, sizeof(out->finished_at), "%s",
		 (const char *)sqlite3_column_text(st, 8));
	out->tool_version = col_text(st, 9, a);
	out->status = col_text(st, 10, a);
	out->error = col_text(st, 11, a);
	out->file_count = (uint64_t)sqlite3_column_int64(st, 12);
	out->bytes_read = (uint64_t)sqlite3_column_int64(st, 13);
	out->types = col_text(st, 14, a);
	out->nomination = col_text(st, 15, a);
	out->note = col_text(st, 16, a);
	out->fingerprint = col_text(st, 17, a);
	out->cached = (uint64_t)sqlite3_column_int64(st, 18);
	out->repeats = sqlite3_column_int64(st, 19);
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(
		    db->h,
		    "SELECT indicator, verdict, reason, missing FROM "
		    "verdicts WHERE scan_id = ?1",
		    -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "loading verdicts", err);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int ind = dpg_indicator_parse(
			(const char *)sqlite3_column_text(st, 0));
		const char *v = (const char *)sqlite3_column_text(st, 1);

		if (ind == DPG_IND_NONE)
			continue;
		out->verdicts[ind].verdict = strcmp(v, "met") == 0 ? "met"
					     : strcmp(v, "not met") == 0
						     ? "not met"
						     : "review";
		out->verdicts[ind].reason = col_text(st, 2, a);
		out->verdicts[ind].missing = col_text(st, 3, a);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, DPG_EDB, "loading verdicts", err);

	if (sqlite3_prepare_v2(db->h,
			       "SELECT path, reason, size FROM skipped WHERE "
			       "scan_id = ?1 ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "loading skipped files", err);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		dpg_scan_add_skip(out, (const char *)sqlite3_column_text(st, 0),
				  (const char *)sqlite3_column_text(st, 1),
				  (uint64_t)sqlite3_column_int64(st, 2));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, DPG_EDB, "loading skipped files", err);

	if (sqlite3_prepare_v2(db->h,
			       "SELECT analyzer, kind, indicator, path, line, "
			       "line_end, value, excerpt, score FROM findings "
			       "WHERE scan_id = ?1 ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "loading findings", err);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dpg_finding f;
		const char *ind = (const char *)sqlite3_column_text(st, 2);

		f.analyzer = (const char *)sqlite3_column_text(st, 0);
		f.kind = (const char *)sqlite3_column_text(st, 1);
		f.indicator = ind ? dpg_indicator_parse(ind) : DPG_IND_NONE;
		f.path = (const char *)sqlite3_column_text(st, 3);
		f.line = (unsigned int)sqlite3_column_int(st, 4);
		f.line_end = (unsigned int)sqlite3_column_int(st, 5);
		f.value = (const char *)sqlite3_column_text(st, 6);
		f.excerpt = (const char *)sqlite3_column_text(st, 7);
		f.score = sqlite3_column_type(st, 8) == SQLITE_NULL
				  ? -1
				  : sqlite3_column_double(st, 8);
		dpg_scan_add_finding(out, &f);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, DPG_EDB, "loading findings", err);
	return 0;
}

int dpg_db_last_good_scan(struct dpg_db *db, const char *locator, int64_t *id,
			  char tree[41], char fp[41], struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*id = 0;
	tree[0] = fp[0] = '\0';
	if (db->fresh)
		return 0; /* no scans */
	if (sqlite3_prepare_v2(db->h,
			       "SELECT s.id, s.tree_id, s.fingerprint FROM "
			       "scans s JOIN targets t ON t.id = s.target_id "
			       "WHERE t.locator = ?1 AND s.status IN ('ok', "
			       "'unchanged') ORDER BY s.id DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "finding a scan", err);
	bind_text(st, 1, locator);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 1);
		const char *f = (const char *)sqlite3_column_text(st, 2);

		*id = sqlite3_column_int64(st, 0);
		snprintf(tree, 41, "%s", t ? t : "");
		snprintf(fp, 41, "%s", f ? f : "");
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0
				 : db_fail(db, DPG_EDB, "finding a scan", err);
}

int dpg_db_latest_scan(struct dpg_db *db, const char *target, int64_t *out,
		       struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	char *abs = realpath(target, NULL);
	int rc;

	if (sqlite3_prepare_v2(db->h,
			       "SELECT max(s.id) FROM scans s JOIN targets t "
			       "ON t.id = s.target_id WHERE t.locator IN "
			       "(?1, ?2)",
			       -1, &st, NULL) != SQLITE_OK) {
		free(abs);
		return db_fail(db, DPG_EDB, "finding a scan", err);
	}
	bind_text(st, 1, target);
	bind_text(st, 2, abs ? abs : target);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (rc == SQLITE_ROW) {
		rc = dpg_error_set(err, DPG_ENOTFOUND,
				   "no scan of '%s' in '%s'", target, db->path);
	} else {
		rc = db_fail(db, DPG_EDB, "finding a scan", err);
	}
	sqlite3_finalize(st);
	free(abs);
	return rc;
}

int dpg_db_list_scans(struct dpg_db *db,
		      int (*cb)(void *ctx, const struct dpg_scan_row *row),
		      void *ctx, struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(
		    db->h,
		    "SELECT s.id, t.locator, s.kind, s.rev, s.commit_id, "
		    "s.started_at, s.status, s.error, s.file_count, "
		    "(SELECT count(*) FROM findings f WHERE f.scan_id = s.id), "
		    "s.solution_types, s.nomination, (SELECT count(*) FROM "
		    "verdicts v WHERE v.scan_id = s.id AND v.verdict = 'met'), "
		    "(SELECT count(*) FROM verdicts v WHERE v.scan_id = s.id "
		    "AND v.verdict = 'not met'), (SELECT count(*) FROM "
		    "verdicts v WHERE v.scan_id = s.id AND v.verdict = "
		    "'review') FROM scans s JOIN targets t ON t.id = "
		    "s.target_id "
		    "ORDER BY s.id",
		    -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "listing scans", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dpg_scan_row r;

		r.id = sqlite3_column_int64(st, 0);
		r.target = (const char *)sqlite3_column_text(st, 1);
		r.kind = (const char *)sqlite3_column_text(st, 2);
		r.rev = (const char *)sqlite3_column_text(st, 3);
		r.commit_id = (const char *)sqlite3_column_text(st, 4);
		r.started_at = (const char *)sqlite3_column_text(st, 5);
		r.status = (const char *)sqlite3_column_text(st, 6);
		r.error = (const char *)sqlite3_column_text(st, 7);
		r.file_count = sqlite3_column_int64(st, 8);
		r.findings = sqlite3_column_int64(st, 9);
		r.types = (const char *)sqlite3_column_text(st, 10);
		r.nomination = (const char *)sqlite3_column_text(st, 11);
		r.met = sqlite3_column_int64(st, 12);
		r.not_met = sqlite3_column_int64(st, 13);
		r.review = sqlite3_column_int64(st, 14);
		if (cb(ctx, &r))
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, DPG_EDB, "listing scans", err);
	return 0;
}

int dpg_db_exec(struct dpg_db *db, const char *sql, struct dpg_error *err)
{
	db->fresh = 0;
	return exec(db, sql, err);
}

char *dpg_db_ro_uri(const char *path)
{
	return ro_uri(path, 0);
}

int dpg_db_fail(struct dpg_db *db, int code, const char *what,
		struct dpg_error *err)
{
	return db_fail(db, code, what, err);
}
