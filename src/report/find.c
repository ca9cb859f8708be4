/*
 * find.c: the scan a reviewer names, however the target was spelled: a
 * scan id, a path (relative or absolute, with a trailing slash, even when
 * it no longer exists), a URL (credentials, a trailing slash or ".git"
 * aside), or TARGET@REV (the revision asked for, a commit id or prefix, or
 * REV resolved in the repository when it is still on disk).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "report_int.h"
#include "dpg/db.h"
#include "dpg/source.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define NCAND 4

static int is_url(const char *s)
{
	const char *colon = strchr(s, ':');

	if (strstr(s, "://"))
		return 1;
	/* scp-like git@host:path */
	return colon && strchr(s, '@') && strchr(s, '@') < colon &&
	       (!strchr(s, '/') || strchr(s, '/') > colon);
}

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

/* A URL without credentials, trailing slashes or ".git", host in lower
 * case. */
static char *url_norm(const char *u)
{
	const char *scheme = strstr(u, "://"), *host, *at, *slash;
	char *out, *p;
	size_t n;

	if (!scheme)
		return xstrdup(u);
	host = scheme + 3;
	slash = host + strcspn(host, "/");
	at = memchr(host, '@', (size_t)(slash - host));
	if (at)
		host = at + 1;
	out = xasprintf("%.*s%s", (int)(scheme + 3 - u), u, host);
	for (p = out + (scheme + 3 - u); *p && *p != '/'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	n = strlen(out);
	while (n && out[n - 1] == '/')
		out[--n] = '\0';
	if (n > 4 && !strcmp(out + n - 4, ".git"))
		out[n - 4] = '\0';
	return out;
}

/* The spellings a target may have been stored under. */
static size_t candidates(const char *t, char *c[NCAND])
{
	size_t n = 0;

	c[n++] = xstrdup(t);
	if (is_url(t)) {
		char *u = url_norm(t);

		c[n++] = u;
		c[n++] = xasprintf("%s.git", u);
		return n;
	}
	c[n] = realpath(t, NULL);
	if (c[n])
		n++;
	c[n++] = lexical_abs(t);
	return n;
}

static void free_cands(char *c[NCAND], size_t n)
{
	while (n)
		free(c[--n]);
}

/* The latest scan of any candidate locator matching the revision filter
 * (rev NULL: any; else rev asked, commit id or commit prefix; commit: the
 * resolved commit).  0 and *out, or DPG_ENOTFOUND silently (err untouched),
 * or DPG_EDB. */
static int latest(struct dpg_db *db, char *c[NCAND], size_t n, const char *rev,
		  const char *commit, int64_t *out, struct dpg_error *err)
{
	sqlite3 *h = dpg_db_handle(db);
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	if (sqlite3_prepare_v2(
		    h,
		    "SELECT max(s.id) FROM scans s JOIN targets t ON t.id = "
		    "s.target_id WHERE t.locator IN (?1, ?2, ?3, ?4) AND "
		    "(?5 IS NULL OR s.rev = ?5 OR s.commit_id = lower(?5) OR "
		    "(length(?5) >= 4 AND s.commit_id LIKE lower(?5) || '%' "
		    "AND ?5 NOT GLOB '*[^0-9a-fA-F]*')) AND (?6 IS NULL OR "
		    "s.commit_id = ?6)",
		    -1, &st, NULL) != SQLITE_OK)
		return dpg_error_set(err, DPG_EDB, "audit database '%s': %s",
				     dpg_db_path(db), sqlite3_errmsg(h));
	for (i = 0; i < NCAND; i++)
		sqlite3_bind_text(st, (int)i + 1, c[i < n ? i : 0], -1,
				  SQLITE_STATIC);
	if (rev)
		sqlite3_bind_text(st, 5, rev, -1, SQLITE_STATIC);
	if (commit)
		sqlite3_bind_text(st, 6, commit, -1, SQLITE_STATIC);
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
	char *c[NCAND], *path, commit[41];
	const char *at = strrchr(spec, '@'), *p;
	size_t n;
	int rc;

	for (p = spec; *p >= '0' && *p <= '9'; p++)
		;
	if (*spec && !*p) {
		*out = strtoll(spec, NULL, 10);
		return 0;
	}
	n = candidates(spec, c);
	rc = latest(db, c, n, NULL, NULL, out, err);
	free_cands(c, n);
	if (rc != DPG_ENOTFOUND)
		return rc;
	if (at && at != spec && at[1]) {
		path = xstrndup(spec, (size_t)(at - spec));
		n = candidates(path, c);
		rc = latest(db, c, n, at + 1, NULL, out, err);
		if (rc == DPG_ENOTFOUND && !is_url(path) &&
		    resolve_rev(path, at + 1, commit))
			rc = latest(db, c, n, NULL, commit, out, err);
		free_cands(c, n);
		free(path);
		if (rc != DPG_ENOTFOUND)
			return rc;
	}
	return dpg_error_set(err, DPG_ENOTFOUND, "no scan of '%s' in '%s'",
			     spec, dpg_db_path(db));
}
