/*
 * remote.c: a remote target (git or archive URL) fetched into the cache
 * (src/fetch/), then read by the git or archive source like a local one.
 * The source's locator is the canonical URL, never the cache path nor the
 * credentials.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source_int.h"
#include "dpg/fetch.h"
#include "dpg/url.h"
#include "dpg/util.h"
#include "dpg/banned.h"

/* Name the URL rather than the cache path in a message. */
static void error_rename(struct dpg_error *err, const char *path,
			 const char *name)
{
	char *p = strstr(err->msg, path), *s;

	if (!p)
		return;
	s = xasprintf("%.*s%s%s", (int)(p - err->msg), err->msg, name,
		      p + strlen(path));
	snprintf(err->msg, sizeof(err->msg), "%s", s);
	free(s);
}

int source_remote_open(struct dpg_source **out, const char *target,
		       const struct dpg_source_opts *opts,
		       struct dpg_error *err)
{
	static const struct dpg_fetch_opts defaults = DPG_FETCH_OPTS_INIT;
	char *canonical = NULL, *rev = NULL, *path = NULL;
	int archive, rc;

	if ((rc = dpg_url_normalize(&canonical, &rev, target, err)) < 0)
		goto done;
	if (opts->rev && rev) {
		rc = dpg_error_set(err, DPG_EUSAGE,
				   "revision given twice: '%s' and --rev '%s'",
				   rev, opts->rev);
		goto done;
	}
	if (opts->rev)
		rev = xstrdup(opts->rev);
	if (rev && dpg_url_is_archive(target)) {
		rc = dpg_error_set(err, DPG_EUSAGE,
				   "a revision applies to git repositories, "
				   "not to archive '%s'",
				   canonical);
		goto done;
	}
	if ((rc = dpg_fetch(&path, &archive, target,
			    opts->fetch ? opts->fetch : &defaults, err)) < 0)
		goto done;
	if (archive) {
		rc = source_archive_open(out, path, opts, err);
		if (rc == DPG_EFORMAT || rc == DPG_EPARSE) {
			/* not an archive after all: fetch it again next time */
			char *url = xasprintf("%s.url", path);

			unlink(path);
			unlink(url);
			free(url);
		}
	} else {
		rc = source_git_open(out, path, rev, NULL, opts, err);
	}
	if (rc < 0)
		error_rename(err, path, canonical);
	else
		(*out)->info.locator =
			dpg_arena_strdup(&(*out)->arena, canonical);
done:
	free(canonical);
	free(rev);
	free(path);
	return rc;
}
