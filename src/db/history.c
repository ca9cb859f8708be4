/*
 * history.c: finding a target however it was spelled, and its scans.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db_int.h"
#include "dpg/url.h"
#include "dpg/util.h"
#include "dpg/banned.h"

/* The id of the target stored as locator, or 0. */
static int lookup(struct dpg_db *db, const char *locator, int64_t *id,
		  struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*id = 0;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id FROM targets WHERE locator = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "finding a target", err);
	sqlite3_bind_text(st, 1, locator, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, DPG_EDB, "finding a target", err);
	return 0;
}

/* A local spelling: PATH@REV split where PATH exists, then the path made
 * absolute (trailing slashes go with it). */
static char *local_locator(const char *spelling, char **rev)
{
	const char *at = strrchr(spelling, '@');
	char *path = NULL, *abs;
	struct stat st;

	if (at && at > spelling && at[1]) {
		path = xstrndup(spelling, (size_t)(at - spelling));
		if (stat(path, &st) == 0) {
			*rev = xstrdup(at + 1);
		} else {
			free(path);
			path = NULL;
		}
	}
	abs = realpath(path ? path : spelling, NULL);
	free(path);
	return abs;
}

int dpg_db_find_target(struct dpg_db *db, const char *spelling,
		       int64_t *target_id, char **rev, struct dpg_error *err)
{
	char *canon = NULL, *crev = NULL;
	int rc;

	*rev = NULL;
	if ((rc = lookup(db, spelling, target_id, err)) < 0 || *target_id)
		return rc;
	if (dpg_url_is_remote(spelling)) {
		struct dpg_error uerr = DPG_ERROR_INIT;

		if (dpg_url_normalize(&canon, &crev, spelling, &uerr) == 0)
			*rev = crev;
	} else {
		canon = local_locator(spelling, rev);
	}
	if (canon)
		rc = lookup(db, canon, target_id, err);
	free(canon);
	if (rc == 0 && !*target_id) {
		char *shown = dpg_url_redact(spelling);

		rc = dpg_error_set(err, DPG_ENOTFOUND,
				   "no scan of '%s' in '%s'", shown, db->path);
		free(shown);
	}
	if (rc < 0) {
		free(*rev);
		*rev = NULL;
	}
	return rc;
}

int dpg_db_scan_target(struct dpg_db *db, int64_t scan_id, int64_t *target_id,
		       char **locator, struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db->h,
			       "SELECT t.id, t.locator FROM scans s JOIN "
			       "targets t ON t.id = s.target_id WHERE s.id = "
			       "?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "finding a scan", err);
	sqlite3_bind_int64(st, 1, scan_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*target_id = sqlite3_column_int64(st, 0);
		if (locator)
			*locator = xstrdup(
				(const char *)sqlite3_column_text(st, 1));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = dpg_error_set(err, DPG_ENOTFOUND, "no scan %lld in '%s'",
				   (long long)scan_id, db->path);
	} else {
		rc = db_fail(db, DPG_EDB, "finding a scan", err);
	}
	sqlite3_finalize(st);
	return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int dpg_db_history(struct dpg_db *db, int64_t target_id,
		   int (*cb)(void *ctx, const struct dpg_history_row *row),
		   void *ctx, struct dpg_error *err)
{
	sqlite3_stmt *st = NULL, *vs = NULL;
	int rc;

	if (sqlite3_prepare_v2(db->h,
			       "SELECT id, started_at, status, rev, commit_id, "
			       "error, note FROM scans WHERE target_id = ?1 "
			       "ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->h,
			       "SELECT indicator, verdict FROM verdicts WHERE "
			       "scan_id = ?1",
			       -1, &vs, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return db_fail(db, DPG_EDB, "reading a target's history", err);
	}
	sqlite3_bind_int64(st, 1, target_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dpg_history_row r;
		int stop;

		memset(&r, 0, sizeof(r));
		r.id = sqlite3_column_int64(st, 0);
		r.started_at = col(st, 1);
		r.status = col(st, 2);
		r.rev = col(st, 3);
		r.commit_id = col(st, 4);
		r.error = col(st, 5);
		r.note = col(st, 6);
		sqlite3_bind_int64(vs, 1, r.id);
		while (sqlite3_step(vs) == SQLITE_ROW) {
			int ind = dpg_indicator_parse(col(vs, 0));
			const char *v = col(vs, 1);

			/* static names: the row outlives the statement step */
			if (ind != DPG_IND_NONE && v)
				r.verdicts[ind] = !strcmp(v, "met") ? "met"
						  : !strcmp(v, "review")
							  ? "review"
							  : "not met";
		}
		sqlite3_reset(vs);
		stop = cb(ctx, &r);
		if (stop)
			break;
	}
	sqlite3_finalize(vs);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, DPG_EDB, "reading a target's history", err);
	return 0;
}

/* One id from sql with ?1 bound to id; 0 when it gives none. */
static int one_id(struct dpg_db *db, const char *sql, int64_t id, int64_t *out,
		  struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = 0;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "finding a scan", err);
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, DPG_EDB, "finding a scan", err);
	return 0;
}

int dpg_db_effective_scan(struct dpg_db *db, int64_t id, int64_t *out,
			  struct dpg_error *err)
{
	int rc = one_id(db,
			"SELECT max(id) FROM scans WHERE target_id = (SELECT "
			"target_id FROM scans WHERE id = ?1) AND id <= ?1 AND "
			"status != 'unchanged'",
			id, out, err);

	if (rc == 0 && !*out)
		*out = id;
	return rc;
}

int dpg_db_previous_scan(struct dpg_db *db, int64_t id, int64_t *out,
			 struct dpg_error *err)
{
	return one_id(db,
		      "SELECT max(id) FROM scans WHERE target_id = (SELECT "
		      "target_id FROM scans WHERE id = ?1) AND id < ?1",
		      id, out, err);
}

int dpg_db_targets(struct dpg_db *db,
		   int (*cb)(void *ctx, const char *locator, const char *rev),
		   void *ctx, struct dpg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db->h,
			       "SELECT t.locator, (SELECT s.rev FROM scans s "
			       "WHERE s.target_id = t.id ORDER BY s.id DESC "
			       "LIMIT 1) FROM targets t ORDER BY t.id",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, DPG_EDB, "listing the targets", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cb(ctx, col(st, 0), col(st, 1)))
			break;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, DPG_EDB, "listing the targets", err);
	return 0;
}
