/*
 * find.c: the scan a reviewer names, however the target was spelled: a
 * scan id, a target as dpg_db_find_target() finds it (a path in any
 * spelling, a URL in any spelling, TARGET@REV), or a local path that is
 * no longer on disk; at REV, the latest scan whose revision asked for or
 * commit (or prefix) is REV, else whose commit is REV resolved in the
 * repository when it is still there.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "report_int.h"
#include "dpg/db.h"
#include "dpg/source.h"
#include "dpg/url.h"
#include "dpg/util.h"
#include "dpg/banned.h"

/* An absolute path without ".", ".." or repeated and trailing slashes,
 * worked out from the text alone (the target may be gone). */
static char *lexical_abs(const char *p)
{
	char cwd[PATH_MAX], *full, *out, *w;
	const char *r;

	if (p[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		full = xstrdup(p);
	else
		full = xasprintf("%s/%s", cwd, p);
	out = w = xmalloc(strlen(full) + 2);
	for (r = full; *r;) {
		size_t n;

		while (*r == '/')
			r++;
		n = strcspn(r, "/");
		if (n == 0)
			break;
		if (n == 1 && r[0] == '.') {
			/* nothing */
		} else if (n == 2 && r[0] == '.' && r[1] == '.') {
			while (w > out && *--w != '/')
				;
		} else {
			*w++ = '/';
			memcpy(w, r, n);
			w += n;
		}
		r += n;
	}
	if (w == out)
		*w++ = '/';
	*w = '\0';
	free(full);
	return out;
}

/* The id of the target stored as locator, or 0. */
static int lookup(struct dpg_db *db, const char *locator, int64_t *id,
		  struct dpg_error *err)
{
	sqlite3 *h = dpg_db_handle(db);
	sqlite3_stmt *st = NULL;
	int rc;

	*id = 0;
	if (sqlite3_prepare_v2(h, "SELECT id FROM targets WHERE locator = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return dpg_error_set(err, DPG_EDB, "audit database '%s': %s",
				     dpg_db_path(db), sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, locator, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dpg_error_set(err, DPG_EDB, "audit database '%s': %s",
				     dpg_db_path(db), sqlite3_errmsg(h));
	return 0;
}

/* A local target that is no longer on disk, by its path (and @REV). */
static int gone_target(struct dpg_db *db, const char *spec, int64_t *id,
		       char **rev, struct dpg_error *err)
{
	const char *at = strrchr(spec, '@');
	char *abs = lexical_abs(spec);
	int rc = lookup(db, abs, id, err);

	free(abs);
	if (rc == 0 && !*id && at && at != spec && at[1]) {
		char *path = xstrndup(spec, (size_t)(at - spec));

		abs = lexical_abs(path);
		rc = lookup(db, abs, id, err);
		if (rc == 0 && *id)
			*rev = xstrdup(at + 1);
		free(abs);
		free(path);
	}
	return rc < 0 ? rc : *id ? 0 : DPG_ENOTFOUND;
}

/* The latest scan of target tid at rev (NULL: any; else the revision
 * asked for, a commit id or its prefix) or at commit (NULL: any).  0 and
 * *out, DPG_ENOTFOUND (err untouched) or DPG_EDB. */
static int latest(struct dpg_db *db, int64_t tid, const char *rev,
		  const char *commit, int64_t *out, struct dpg_error *err)
{
	sqlite3 *h = dpg_db_handle(db);
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(
		    h,
		    "SELECT max(id) FROM scans WHERE target_id = ?1 AND (?2 "
		    "IS NULL OR rev = ?2 OR commit_id = lower(?2) OR "
		    "(length(?2) >= 4 AND ?2 NOT GLOB '*[^0-9a-fA-F]*' AND "
		    "commit_id LIKE lower(?2) || '%')) AND (?3 IS NULL OR "
		    "commit_id = ?3)",
		    -1, &st, NULL) != SQLITE_OK)
		return dpg_error_set(err, DPG_EDB, "audit database '%s': %s",
				     dpg_db_path(db), sqlite3_errmsg(h));
	sqlite3_bind_int64(st, 1, tid);
	if (rev)
		sqlite3_bind_text(st, 2, rev, -1, SQLITE_STATIC);
	if (commit)
		sqlite3_bind_text(st, 3, commit, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (rc == SQLITE_ROW) {
		rc = DPG_ENOTFOUND;
	} else {
		rc = dpg_error_set(err, DPG_EDB, "audit database '%s': %s",
				   dpg_db_path(db), sqlite3_errmsg(h));
	}
	sqlite3_finalize(st);
	return rc;
}

/* REV resolved in the repository at path, when it is still there. */
static int resolve_rev(const char *path, const char *rev, char out[41])
{
	struct dpg_source_opts so = DPG_SOURCE_OPTS_INIT;
	struct dpg_error e = DPG_ERROR_INIT;
	struct dpg_source *src = NULL;
	int ok = 0;

	so.rev = rev;
	if (dpg_source_open(&src, path, &so, &e) == 0 &&
	    dpg_source_info(src)->commit_id[0]) {
		memcpy(out, dpg_source_info(src)->commit_id, 41);
		ok = 1;
	}
	dpg_source_free(src);
	return ok;
}

int dpg_report_find(struct dpg_db *db, const char *spec, int64_t *out,
		    struct dpg_error *err)
{
	struct dpg_error ferr = DPG_ERROR_INIT;
	char *rev = NULL, commit[41];
	const char *p;
	int64_t tid = 0;
	int rc;

	for (p = spec; *p >= '0' && *p <= '9'; p++)
		;
	if (*spec && !*p) {
		*out = strtoll(spec, NULL, 10);
		return 0;
	}
	rc = dpg_db_find_target(db, spec, &tid, &rev, &ferr);
	if (rc == DPG_ENOTFOUND && !dpg_url_is_remote(spec))
		rc = gone_target(db, spec, &tid, &rev, err);
	if (rc == DPG_ENOTFOUND)
		*err = ferr;
	if (rc < 0)
		goto done;
	rc = latest(db, tid, rev, NULL, out, err);
	if (rc == DPG_ENOTFOUND && rev && !dpg_url_is_remote(spec)) {
		char *path = xstrndup(spec, strlen(spec) - strlen(rev) - 1);

		if (resolve_rev(path, rev, commit))
			rc = latest(db, tid, NULL, commit, out, err);
		free(path);
	}
	if (rc == DPG_ENOTFOUND) {
		char *shown = dpg_url_redact(spec);

		rc = dpg_error_set(err, DPG_ENOTFOUND,
				   "no scan of '%s' at revision '%s' in '%s'",
				   shown, rev ? rev : "any", dpg_db_path(db));
		free(shown);
	}
done:
	free(rev);
	return rc;
}
