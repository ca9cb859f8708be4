/*
 * db.c: opening, migrating, storing and loading scans.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_int.h"
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

static int exec(struct dpg_db *db, const char *sql, struct dpg_error *err)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, sql, err);
	return 0;
}

static int user_version(struct dpg_db *db, int *out, struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_fail(db, DPG_EDB, "reading the schema version", err);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, DPG_EDB, "reading the schema version", err);
	}
	*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

static int migrate(struct dpg_db *db, int from, struct dpg_error *err)
{
	int v, rc;

	for (v = from; v < dpg_db_schema_version; v++) {
		char pragma[64];
		int now;

		if ((rc = exec(db, "BEGIN IMMEDIATE", err)) < 0)
			return rc;
		/* another process may have migrated while we waited */
		if ((rc = user_version(db, &now, err)) < 0)
			goto fail;
		if (now > v) {
			exec(db, "COMMIT", NULL);
			v = now - 1;
			continue;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
			 v + 1);
		if ((rc = exec(db, db_migrations[v], err)) < 0 ||
		    (rc = exec(db, pragma, err)) < 0 ||
		    (rc = exec(db, "COMMIT", err)) < 0)
			goto fail;
	}
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

int dpg_db_open(struct dpg_db **out, const char *path, unsigned int flags,
		struct dpg_error *err)
{
	struct dpg_db *db;
	struct stat st;
	int oflags, version = 0, rc = 0;

	*out = NULL;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT || !(flags & DPG_DB_CREATE))
			return dpg_error_set(
				err, DPG_EDB,
				"cannot open audit database '%s': %s", path,
				errno == ENOENT ? "no such file (run 'dpgaudit "
						  "scan' first)"
						: strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		return dpg_error_set(
			err, DPG_EDB,
			"audit database '%s' is not a regular file", path);
	}
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	db->flags = flags;
	db->busy_ms = busy_timeout();
	oflags = (flags & DPG_DB_READONLY)
			 ? SQLITE_OPEN_READONLY
			 : SQLITE_OPEN_READWRITE |
				   ((flags & DPG_DB_CREATE) ? SQLITE_OPEN_CREATE
							    : 0);
	if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
		rc = db_fail(db, DPG_EDB, "opening", err);
		goto done;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, db->busy_ms);
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
	if (!(flags & DPG_DB_READONLY)) {
		if (sqlite3_db_readonly(db->h, "main") == 1) {
			rc = dpg_error_set(err, DPG_EDB,
					   "audit database '%s' is read-only",
					   path);
			goto done;
		}
		if ((rc = exec(db, "PRAGMA journal_mode = WAL", err)) < 0 ||
		    (rc = exec(db, "PRAGMA synchronous = NORMAL", err)) < 0)
			goto done;
	}
	if ((rc = exec(db, "PRAGMA foreign_keys = ON", err)) < 0)
		goto done;
	if (version < dpg_db_schema_version) {
		if (flags & DPG_DB_READONLY) {
			rc = dpg_error_set(err, DPG_EDB,
					   "audit database '%s' has schema "
					   "version %d and needs migrating to "
					   "%d: run a scan first",
					   path, version,
					   dpg_db_schema_version);
			goto done;
		}
		if ((rc = migrate(db, version, err)) < 0)
			goto done;
	}
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
	free(db->path);
	free(db);
}

struct sqlite3 *dpg_db_handle(struct dpg_db *db)
{
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

static int store_target(struct dpg_db *db, const struct dpg_scan *scan,
			int64_t *id, struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO targets (locator, kind, "
			       "first_scanned) VALUES (?1, ?2, ?3) "
			       "ON CONFLICT (locator) DO UPDATE SET "
			       "kind = excluded.kind RETURNING id",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "storing the target", err);
	bind_text(st, 1, scan->target);
	bind_text(st, 2, scan->kind);
	bind_text(st, 3, scan->started_at);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
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

	if (sqlite3_prepare_v2(
		    db->h,
		    "INSERT INTO scans (target_id, kind, rev, commit_id, "
		    "tree_id, archive_format, dirty, started_at, finished_at, "
		    "tool_version, status, error, file_count, bytes_read, "
		    "skipped_count, solution_types, nomination) VALUES (?1, "
		    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
		    "?15, ?16, ?17)",
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

int dpg_db_store_scan(struct dpg_db *db, struct dpg_scan *scan,
		      struct dpg_error *err)
{
	int64_t target_id = 0;
	int rc;

	if ((rc = exec(db, "BEGIN IMMEDIATE", err)) < 0)
		return rc;
	if ((rc = store_target(db, scan, &target_id, err)) < 0 ||
	    (rc = store_scan_row(db, scan, target_id, err)) < 0 ||
	    (rc = store_skips(db, scan, err)) < 0 ||
	    (rc = store_findings(db, scan, err)) < 0 ||
	    (rc = store_verdicts(db, scan, err)) < 0 ||
	    (rc = exec(db, "COMMIT", err)) < 0) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		scan->id = 0;
		return rc;
	}
	return 0;
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
		    "s.bytes_read, s.solution_types, s.nomination FROM scans s "
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
		    "(SELECT count(*) FROM findings f WHERE f.scan_id = s.id) "
		    "FROM scans s JOIN targets t ON t.id = s.target_id "
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
	return exec(db, sql, err);
}

int dpg_db_fail(struct dpg_db *db, int code, const char *what,
		struct dpg_error *err)
{
	return db_fail(db, code, what, err);
}
