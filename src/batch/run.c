/*
 * run.c: runs and their items in the audit database (tables runs and
 * run_items, docs/DATABASE.md).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#include "batch_int.h"
#include "dpg/buf.h"
#include "dpg/json.h"
#include "dpg/licpolicy.h"
#include "dpg/nomination.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static const char *const item_states[] = {"pending", "running", "done",
					  "failed"};

static int item_state(const char *s)
{
	size_t i;

	for (i = 0; s && i < DPG_ARRAY_SIZE(item_states); i++)
		if (strcmp(s, item_states[i]) == 0)
			return (int)i;
	return ITEM_PENDING;
}

static int prepare(struct dpg_db *db, sqlite3_stmt **st, const char *sql,
		   const char *what, struct dpg_error *err)
{
	if (sqlite3_prepare_v2(dpg_db_handle(db), sql, -1, st, NULL) !=
	    SQLITE_OK)
		return dpg_db_fail(db, DPG_EDB, what, err);
	return 0;
}

/* Prepare sql on a run's items: ?1 is the run's id, ?2 seq (when > 0). */
static int run_stmt(struct dpg_db *db, sqlite3_stmt **st, const char *sql,
		    const struct dpg_run *run, int64_t seq, const char *what,
		    struct dpg_error *err)
{
	int rc = prepare(db, st, sql, what, err);

	if (rc == 0) {
		sqlite3_bind_int64(*st, 1, run->id);
		if (seq > 0)
			sqlite3_bind_int64(*st, 2, seq);
	}
	return rc;
}

/* Step a statement that returns no row; finalize it. */
static int step_once(struct dpg_db *db, sqlite3_stmt *st, const char *what,
		     struct dpg_error *err)
{
	int rc = sqlite3_step(st);

	rc = rc == SQLITE_DONE ? 0 : dpg_db_fail(db, DPG_EDB, what, err);
	sqlite3_finalize(st);
	return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* ---- params and fingerprint ----------------------------------------- */

/* The limits of a scan (dpg_scan_opts), stored with a run. */
static const struct {
	const char *name;
	uint64_t def;
} limits[] = {
	{"max_entries", DPG_MAX_ENTRIES_DEFAULT},
	{"max_depth", DPG_MAX_DEPTH_DEFAULT},
	{"max_bytes", DPG_MAX_BYTES_DEFAULT},
	{"max_findings", DPG_MAX_FINDINGS_DEFAULT},
	{"max_seconds", DPG_MAX_SECONDS_DEFAULT},
};

static uint64_t limit_get(const struct dpg_scan_opts *o, int i)
{
	switch (i) {
	case 0:
		return o->max_entries;
	case 1:
		return o->max_depth;
	case 2:
		return o->max_bytes;
	case 3:
		return o->max_findings;
	default:
		return o->max_seconds;
	}
}

static void limit_set(struct dpg_scan_opts *o, int i, uint64_t v)
{
	switch (i) {
	case 0:
		o->max_entries = v;
		break;
	case 1:
		o->max_depth = (unsigned int)v;
		break;
	case 2:
		o->max_bytes = v;
		break;
	case 3:
		o->max_findings = v;
		break;
	default:
		o->max_seconds = (unsigned int)v;
	}
}

char *dpg_run_params(const struct dpg_scan_opts *o, const char *shard)
{
	struct dpg_buf b = DPG_BUF_INIT(64 * 1024);
	char *rules = o->rules_dir ? realpath(o->rules_dir, NULL) : NULL;
	const char *r = rules ? rules : o->rules_dir;
	int t, first = 1;

	dpg_buf_puts(&b, "{\"rules\":", NULL);
	if (r)
		dpg_json_quote(&b, r, strlen(r), NULL);
	else
		dpg_buf_puts(&b, "null", NULL);
	dpg_buf_printf(&b, NULL, ",\"max_file_size\":%" PRIu64 ",\"types\":\"",
		       o->max_file_size);
	for (t = 0; t < DPG_TYPE_COUNT; t++) {
		if (!(o->types & DPG_TYPE_BIT(t)))
			continue;
		dpg_buf_printf(&b, NULL, "%s%s", first ? "" : ",",
			       dpg_solution_type_name(t));
		first = 0;
	}
	dpg_buf_puts(&b, "\"", NULL);
	/* the limits of a scan, when not the defaults (so that a run made
	 * before they existed keeps its fingerprint) */
	for (t = 0; t < (int)DPG_ARRAY_SIZE(limits); t++) {
		uint64_t v = limit_get(o, t);

		if (v != limits[t].def)
			dpg_buf_printf(&b, NULL, ",\"%s\":%" PRIu64,
				       limits[t].name, v);
	}
	dpg_buf_puts(&b, ",\"shard\":", NULL);
	if (shard)
		dpg_buf_printf(&b, NULL, "\"%s\"}", shard);
	else
		dpg_buf_puts(&b, "null}", NULL);
	free(rules);
	return dpg_buf_detach(&b, NULL);
}

int dpg_run_params_parse(const char *params, struct dpg_scan_opts *o,
			 struct dpg_arena *a, struct dpg_error *err)
{
	struct dpg_json *root;
	const struct dpg_json *v;
	const char *s;
	int rc;

	if ((rc = dpg_json_parse(&root, params, strlen(params), a, err)) < 0)
		return rc;
	o->rules_dir = dpg_json_get_str(root, "rules");
	for (rc = 0; rc < (int)DPG_ARRAY_SIZE(limits); rc++) {
		v = dpg_json_get(root, limits[rc].name);
		if (v && v->type == DPG_JSON_NUMBER && v->number >= 0)
			limit_set(o, rc, (uint64_t)v->number);
	}
	rc = 0;
	v = dpg_json_get(root, "max_file_size");
	if (v && v->type == DPG_JSON_NUMBER && v->number > 0)
		o->max_file_size = (uint64_t)v->number;
	o->types = 0;
	s = dpg_json_get_str(root, "types");
	while (s && *s) {
		const char *comma = strchr(s, ',');
		char *name = dpg_arena_strndup(
			a, s, comma ? (size_t)(comma - s) : strlen(s));
		int t = dpg_solution_type_parse(name);

		if (t >= 0)
			o->types |= DPG_TYPE_BIT(t);
		s = comma ? comma + 1 : NULL;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void dpg_run_fingerprint(char out[17], const struct dpg_target_list *l,
			 const char *params)
{
	const char **keys = xcalloc(l->n + 1, sizeof(*keys));
	struct dpg_arena a = DPG_ARENA_INIT;
	uint64_t h = DPG_FNV1A64_BASIS;
	size_t i;

	h = dpg_fnv1a64_more(h, "dpgaudit run 1\n", 15);
	h = dpg_fnv1a64_more(h, params, strlen(params) + 1);
	for (i = 0; i < l->n; i++) {
		const struct dpg_batch_target *t = &l->items[i];

		keys[i] = t->nomination_path
				  ? dpg_arena_printf(&a, "%s\n%s", t->key,
						     t->nomination_path)
				  : t->key;
	}
	if (l->n)
		qsort(keys, l->n, sizeof(*keys), cmp_str);
	for (i = 0; i < l->n; i++)
		h = dpg_fnv1a64_more(h, keys[i], strlen(keys[i]) + 1);
	snprintf(out, 17, "%016" PRIx64, h);
	free(keys);
	dpg_arena_release(&a);
}

/* ---- opening and loading runs --------------------------------------- */

/* The run called name: 1 and run filled, 0 when there is none. */
static int find_run(struct dpg_db *db, struct dpg_run *run, const char *name,
		    char **params, struct dpg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prepare(db, &st,
			  "SELECT id, fingerprint, params FROM runs WHERE "
			  "name = ?1",
			  "finding a run", err)) < 0)
		return rc;
	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		run->id = sqlite3_column_int64(st, 0);
		snprintf(run->name, sizeof(run->name), "%s", name);
		snprintf(run->fingerprint, sizeof(run->fingerprint), "%s",
			 col(st, 1));
		if (params)
			*params = xstrdup(col(st, 2));
		rc = 1;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = dpg_db_fail(db, DPG_EDB, "finding a run", err);
	}
	sqlite3_finalize(st);
	return rc;
}

static int insert_items(struct dpg_db *db, const struct dpg_run *run,
			const struct dpg_target_list *l, struct dpg_error *err)
{
	sqlite3_stmt *st;
	char now[32];
	size_t i;
	int rc = 0;

	if ((rc = prepare(db, &st,
			  "INSERT INTO run_items (run_id, seq, target, origin, "
			  "nomination, status, updated_at) VALUES (?1, ?2, "
			  "?3, ?4, ?5, 'pending', ?6)",
			  "storing the run's targets", err)) < 0)
		return rc;
	dpg_utc_now(now);
	for (i = 0; i < l->n && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, run->id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		bind_text(st, 3, l->items[i].key);
		bind_text(st, 4, l->items[i].origin);
		bind_text(st, 5, l->items[i].nomination_path);
		bind_text(st, 6, now);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = dpg_db_fail(db, DPG_EDB,
					 "storing the run's targets", err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

int dpg_run_open(struct dpg_db *db, struct dpg_run *run, const char *name,
		 const char *command, const char *fingerprint,
		 const char *params, const struct dpg_target_list *l,
		 struct dpg_error *err)
{
	char auto_name[32], now[32];
	sqlite3_stmt *st;
	int rc;

	memset(run, 0, sizeof(*run));
	if (!name) {
		snprintf(auto_name, sizeof(auto_name), "%s-%.12s", command,
			 fingerprint);
		name = auto_name;
	}
	if (strlen(name) >= sizeof(run->name))
		return dpg_error_set(err, DPG_EUSAGE, "run name too long: '%s'",
				     name);
	if ((rc = dpg_db_exec(db, "BEGIN IMMEDIATE", err)) < 0)
		return rc;
	if ((rc = find_run(db, run, name, NULL, err)) < 0)
		goto fail;
	if (rc == 1) {
		dpg_db_exec(db, "COMMIT", NULL);
		if (strcmp(run->fingerprint, fingerprint) != 0)
			return dpg_error_set(
				err, DPG_EUSAGE,
				"run '%s' exists for other lists or options "
				"(continue it with --resume %s, or name a new "
				"one with --run)",
				name, name);
		return 0;
	}
	dpg_utc_now(now);
	if ((rc = prepare(db, &st,
			  "INSERT INTO runs (name, command, fingerprint, "
			  "params, created_at, tool_version) VALUES (?1, ?2, "
			  "?3, ?4, ?5, ?6)",
			  "storing the run", err)) < 0)
		goto fail;
	bind_text(st, 1, name);
	bind_text(st, 2, command);
	bind_text(st, 3, fingerprint);
	bind_text(st, 4, params);
	bind_text(st, 5, now);
	bind_text(st, 6, dpg_version);
	if ((rc = step_once(db, st, "storing the run", err)) < 0)
		goto fail;
	run->id = sqlite3_last_insert_rowid(dpg_db_handle(db));
	snprintf(run->name, sizeof(run->name), "%s", name);
	snprintf(run->fingerprint, sizeof(run->fingerprint), "%s", fingerprint);
	run->created = 1;
	if ((rc = insert_items(db, run, l, err)) < 0 ||
	    (rc = dpg_db_exec(db, "COMMIT", err)) < 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(dpg_db_handle(db), "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* The nomination record at path, read once per load. */
struct nom_cache {
	const char **paths;
	const struct dpg_nomination **noms;
	size_t n, cap, ncap;
};

static int cached_nomination(struct nom_cache *c, const char *path,
			     struct dpg_arena *a,
			     const struct dpg_nomination **out,
			     struct dpg_error *err)
{
	struct dpg_nomination *nom;
	size_t i;
	int rc;

	for (i = 0; i < c->n; i++) {
		if (strcmp(c->paths[i], path) == 0) {
			*out = c->noms[i];
			return 0;
		}
	}
	nom = dpg_arena_alloc(a, sizeof(*nom));
	if ((rc = dpg_nomination_load(nom, path, a, err)) < 0)
		return rc;
	dpg_grow(&c->paths, &c->cap, c->n + 1, sizeof(*c->paths));
	dpg_grow(&c->noms, &c->ncap, c->n + 1, sizeof(*c->noms));
	c->paths[c->n] = dpg_arena_strdup(a, path);
	c->noms[c->n++] = nom;
	*out = nom;
	return 0;
}

int dpg_run_load(struct dpg_db *db, struct dpg_run *run, const char *name,
		 struct dpg_target_list *l, char **params,
		 struct dpg_error *err)
{
	struct nom_cache cache = {NULL, NULL, 0, 0, 0};
	sqlite3_stmt *st;
	int rc;

	memset(run, 0, sizeof(*run));
	*params = NULL;
	if ((rc = find_run(db, run, name, params, err)) < 0)
		return rc;
	if (rc == 0)
		return dpg_error_set(err, DPG_ENOTFOUND, "no run '%s' in '%s'",
				     name, dpg_db_path(db));
	if ((rc = run_stmt(db, &st,
			   "SELECT target, origin, nomination FROM run_items "
			   "WHERE run_id = ?1 ORDER BY seq",
			   run, 0, "loading the run's targets", err)) < 0)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const struct dpg_nomination *nom = NULL;
		const char *nom_path = col(st, 2);

		if (nom_path &&
		    (rc = cached_nomination(&cache, nom_path, &l->arena, &nom,
					    err)) < 0)
			break;
		if ((rc = dpg_target_list_add(l, col(st, 0), col(st, 1), nom,
					      nom_path, err)) < 0)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = dpg_db_fail(db, DPG_EDB, "loading the run's targets", err);
	sqlite3_finalize(st);
done:
	free(cache.paths);
	free(cache.noms);
	if (rc < 0) {
		free(*params);
		*params = NULL;
	}
	return rc;
}

/* ---- items ---------------------------------------------------------- */

/* The start time of process pid (clock ticks after boot), or 0. */
static unsigned long long proc_start(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long long start = 0;
	const char *p;
	FILE *f;
	size_t n;
	int field;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* after "pid (comm)", field 3 on; the start time is field 22 */
	p = strrchr(buf, ')');
	for (field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoull(p + 1, NULL, 10);
	return start;
}

void batch_worker_id(char *out, size_t n, pid_t pid)
{
	char host[256] = "";

	gethostname(host, sizeof(host) - 1);
	snprintf(out, n, "%s:%ld:%llu", host, (long)pid, proc_start(pid));
}

int batch_worker_alive(const char *id)
{
	char host[256] = "", mine[256] = "";
	long pid;
	unsigned long long start;

	if (!id || sscanf(id, "%255[^:]:%ld:%llu", host, &pid, &start) != 3)
		return 0;
	/* WAL databases are used on one host only: another host's
	 * worker cannot be writing here any more */
	gethostname(mine, sizeof(mine) - 1);
	if (strcmp(host, mine) != 0 || pid <= 0)
		return 0;
	if (kill((pid_t)pid, 0) < 0 && errno != EPERM)
		return 0;
	return !start || proc_start((pid_t)pid) == start;
}

int run_reset_stale(struct dpg_db *db, const struct dpg_run *run,
		    struct dpg_error *err)
{
	sqlite3_stmt *st;
	int64_t *stale = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	if ((rc = run_stmt(db, &st,
			   "SELECT seq, worker FROM run_items WHERE run_id = "
			   "?1 AND status = 'running'",
			   run, 0, "reading the run", err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (batch_worker_alive(col(st, 1)))
			continue;
		dpg_grow(&stale, &cap, n + 1, sizeof(*stale));
		stale[n++] = sqlite3_column_int64(st, 0);
	}
	rc = rc == SQLITE_DONE
		     ? 0
		     : dpg_db_fail(db, DPG_EDB, "reading the run", err);
	sqlite3_finalize(st);
	for (i = 0; i < n && rc == 0; i++)
		rc = run_unclaim(db, run, stale[i], err);
	free(stale);
	return rc;
}

int run_retry_failed(struct dpg_db *db, const struct dpg_run *run,
		     struct dpg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = run_stmt(db, &st,
			   "UPDATE run_items SET status = 'pending', worker = "
			   "NULL WHERE run_id = ?1 AND status = 'failed'",
			   run, 0, "updating the run", err)) < 0)
		return rc;
	return step_once(db, st, "updating the run", err);
}

int run_states(struct dpg_db *db, const struct dpg_run *run,
	       const struct dpg_target_list *l, int64_t *seq,
	       unsigned char *state, struct dpg_error *err)
{
	sqlite3_stmt *st;
	size_t i, found = 0;
	int rc;

	for (i = 0; i < l->n; i++)
		seq[i] = 0;
	if ((rc = run_stmt(db, &st,
			   "SELECT seq, target, status FROM run_items WHERE "
			   "run_id = ?1",
			   run, 0, "reading the run", err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long k = batch_list_find(l, col(st, 1));

		if (k < 0) {
			rc = SQLITE_MISUSE;
			break;
		}
		seq[k] = sqlite3_column_int64(st, 0);
		state[k] = (unsigned char)item_state(col(st, 2));
		found++;
	}
	if (rc == SQLITE_MISUSE || (rc == SQLITE_DONE && found != l->n))
		rc = dpg_error_set(err, DPG_ERR,
				   "run '%s': its targets are not those of "
				   "the list",
				   run->name);
	else if (rc != SQLITE_DONE)
		rc = dpg_db_fail(db, DPG_EDB, "reading the run", err);
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

int run_claim(struct dpg_db *db, const struct dpg_run *run, int64_t seq,
	      const char *worker, int *claimed, struct dpg_error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	*claimed = 0;
	if ((rc = prepare(db, &st,
			  "UPDATE run_items SET status = 'running', attempts "
			  "= attempts + 1, worker = ?3, updated_at = ?4 WHERE "
			  "run_id = ?1 AND seq = ?2 AND status = 'pending'",
			  "claiming a target", err)) < 0)
		return rc;
	dpg_utc_now(now);
	sqlite3_bind_int64(st, 1, run->id);
	sqlite3_bind_int64(st, 2, seq);
	bind_text(st, 3, worker);
	bind_text(st, 4, now);
	if ((rc = step_once(db, st, "claiming a target", err)) == 0)
		*claimed = sqlite3_changes(dpg_db_handle(db)) == 1;
	return rc;
}

int run_unclaim(struct dpg_db *db, const struct dpg_run *run, int64_t seq,
		struct dpg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = run_stmt(db, &st,
			   "UPDATE run_items SET status = 'pending', worker = "
			   "NULL WHERE run_id = ?1 AND seq = ?2 AND status = "
			   "'running'",
			   run, seq, "updating the run", err)) < 0)
		return rc;
	return step_once(db, st, "updating the run", err);
}

int run_outcome(struct dpg_db *db, const struct dpg_run *run, int64_t seq,
		int *state, struct dpg_batch_outcome *o, struct dpg_arena *a,
		struct dpg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = run_stmt(db, &st,
			   "SELECT i.status, i.scan_id, s.status, s.error, "
			   "EXISTS (SELECT 1 FROM verdicts v WHERE v.scan_id = "
			   "i.scan_id AND v.verdict = 'not met') FROM "
			   "run_items i LEFT JOIN scans s ON s.id = i.scan_id "
			   "WHERE i.run_id = ?1 AND i.seq = ?2",
			   run, seq, "reading the run", err)) < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*state = item_state(col(st, 0));
		o->scan_id = sqlite3_column_int64(st, 1);
		o->status = dpg_arena_strdup(a, col(st, 2));
		o->error = dpg_arena_strdup(a, col(st, 3));
		o->not_met = sqlite3_column_int(st, 4);
		rc = 0;
	} else {
		rc = dpg_db_fail(db, DPG_EDB, "reading the run", err);
	}
	sqlite3_finalize(st);
	return rc;
}

int run_counts(struct dpg_db *db, const struct dpg_run *run,
	       struct dpg_batch_result *res, struct dpg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = run_stmt(db, &st,
			   "SELECT i.status, EXISTS (SELECT 1 FROM verdicts v "
			   "WHERE v.scan_id = i.scan_id AND v.verdict = 'not "
			   "met'), s.status = 'partial', count(*) FROM "
			   "run_items i LEFT JOIN scans s ON s.id = i.scan_id "
			   "WHERE i.run_id = ?1 GROUP BY 1, 2, 3",
			   run, 0, "counting the run", err)) < 0)
		return rc;
	res->total = res->ok = res->not_met = res->failed = res->pending = 0;
	res->partial = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_int64(st, 3);

		res->total += n;
		switch (item_state(col(st, 0))) {
		case ITEM_DONE:
			if (sqlite3_column_int(st, 1))
				res->not_met += n;
			else
				res->ok += n;
			if (sqlite3_column_int(st, 2))
				res->partial += n;
			break;
		case ITEM_FAILED:
			res->failed += n;
			break;
		default:
			res->pending += n;
		}
	}
	rc = rc == SQLITE_DONE
		     ? 0
		     : dpg_db_fail(db, DPG_EDB, "counting the run", err);
	sqlite3_finalize(st);
	return rc;
}

/* ---- links ---------------------------------------------------------- */

int link_install(struct dpg_db *db, struct dpg_error *err)
{
	return dpg_db_exec(
		db,
		"CREATE TEMP TABLE IF NOT EXISTS batch_link (run_id "
		"INTEGER, seq INTEGER);\n"
		"DELETE FROM temp.batch_link;\n"
		"CREATE TEMP TRIGGER IF NOT EXISTS batch_link_scan AFTER "
		"INSERT ON main.scans WHEN EXISTS (SELECT 1 FROM "
		"temp.batch_link)\n"
		"BEGIN\n"
		"  UPDATE run_items SET status = CASE NEW.status WHEN "
		"'failed' THEN 'failed' ELSE 'done' END, scan_id = NEW.id, "
		"updated_at = NEW.finished_at WHERE (run_id, seq) IN "
		"(SELECT run_id, seq FROM batch_link);\n"
		"  DELETE FROM batch_link;\n"
		"END;",
		err);
}

int link_set(struct dpg_db *db, const struct dpg_run *run, int64_t seq,
	     struct dpg_error *err)
{
	char sql[128];

	snprintf(sql, sizeof(sql),
		 "DELETE FROM temp.batch_link; INSERT INTO temp.batch_link "
		 "VALUES (%" PRId64 ", %" PRId64 ")",
		 run->id, seq);
	return dpg_db_exec(db, sql, err);
}

/* ---- failures, grouped ---------------------------------------------- */

#define FAILURE_GROUPS_MAX 1000

struct group {
	char *reason, *example;
	size_t count;
};

/* reason with every '...'-quoted name replaced by '...' (malloc'd). */
static char *reason_class(const char *s)
{
	/* a quoted name is at least 2 bytes, its replacement 5 */
	char *out = xmalloc(strlen(s) * 3 + 1), *w = out;

	while (*s) {
		const char *close;

		if (*s == '\'' && (close = strchr(s + 1, '\''))) {
			memcpy(w, "'...'", 5);
			w += 5;
			s = close + 1;
			continue;
		}
		*w++ = *s++;
	}
	*w = '\0';
	return out;
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->reason, y->reason);
}

int dpg_run_failures(struct dpg_db *db, const struct dpg_run *run,
		     void (*cb)(void *ctx, const char *reason, size_t count,
				const char *example),
		     void *ctx, struct dpg_error *err)
{
	struct group *g = NULL;
	size_t n = 0, cap = 0, i;
	sqlite3_stmt *st;
	int rc;

	if ((rc = run_stmt(db, &st,
			   "SELECT coalesce(s.error, 'no scan stored'), "
			   "i.target FROM run_items i LEFT JOIN scans s ON "
			   "s.id = i.scan_id WHERE i.run_id = ?1 AND i.status "
			   "= 'failed' ORDER BY i.seq",
			   run, 0, "reading the run's failures", err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *reason = reason_class(col(st, 0));

		for (i = 0; i < n && strcmp(g[i].reason, reason) != 0; i++)
			;
		if (i == n && n == FAILURE_GROUPS_MAX) {
			/* the last group takes every other reason */
			i = n - 1;
			free(g[i].reason);
			g[i].reason = xstrdup("other reasons");
		}
		if (i < n) {
			g[i].count++;
			free(reason);
			continue;
		}
		dpg_grow(&g, &cap, n + 1, sizeof(*g));
		g[n].reason = reason;
		g[n].example = xstrdup(col(st, 1));
		g[n++].count = 1;
	}
	rc = rc == SQLITE_DONE ? 0
			       : dpg_db_fail(db, DPG_EDB,
					     "reading the run's failures", err);
	sqlite3_finalize(st);
	if (n)
		qsort(g, n, sizeof(*g), cmp_group);
	for (i = 0; i < n; i++) {
		if (rc == 0)
			cb(ctx, g[i].reason, g[i].count, g[i].example);
		free(g[i].reason);
		free(g[i].example);
	}
	free(g);
	return rc;
}

int dpg_run_items(struct dpg_db *db, const struct dpg_run *run,
		  int (*cb)(void *ctx, const char *key, int64_t scan_id),
		  void *ctx, struct dpg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = run_stmt(db, &st,
			   "SELECT target, scan_id FROM run_items WHERE "
			   "run_id = ?1 ORDER BY seq",
			   run, 0, "reading the run's targets", err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cb(ctx, col(st, 0), sqlite3_column_int64(st, 1)))
			break;
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW
		     ? 0
		     : dpg_db_fail(db, DPG_EDB, "reading the run's targets",
				   err);
	sqlite3_finalize(st);
	return rc;
}

int dpg_run_exists(struct dpg_db *db, const char *name, struct dpg_error *err)
{
	struct dpg_run run;

	return find_run(db, &run, name, NULL, err);
}
