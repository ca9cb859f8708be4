/*
 * audit.c: one target into the audit database (see dpg/audit.h).
 *
 * The result cache lives beside the database (dpg/cache.h).  A git target
 * whose tree and fingerprint (analyzers, rules, options) are those of its
 * last ok scan is not scanned again: an "unchanged" scan is recorded, a
 * copy of that scan's findings, skips and verdicts that names it
 * (scans.repeats), unless --force or --no-cache.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/audit.h"
#include "dpg/cache.h"
#include "dpg/source.h"
#include "dpg/util.h"
#include "dpg/banned.h"

/* 1 and scan filled as an "unchanged" repeat when the target's tree and
 * the fingerprint are those of its last good scan; 0 to scan it. */
static int try_unchanged(struct dpg_db *db, struct dpg_scan *scan,
			 const char *target, const struct dpg_scan_opts *opts,
			 struct dpg_error *err)
{
	struct dpg_source_opts so = DPG_SOURCE_OPTS_INIT;
	struct dpg_source *src = NULL;
	struct dpg_error ignore = DPG_ERROR_INIT;
	const struct dpg_source_info *info;
	char fp[41], last_tree[41], last_fp[41], commit[41], tree[41];
	char *locator, *rev;
	int64_t last = 0;
	int rc;

	so.rev = opts->rev;
	so.max_file_size = opts->max_file_size;
	if (dpg_source_open(&src, target, &so, &ignore) < 0)
		return 0; /* the scan tells what is wrong */
	info = dpg_source_info(src);
	if (info->kind != DPG_SRC_GIT || !info->tree_id[0]) {
		dpg_source_free(src);
		return 0;
	}
	locator = xstrdup(info->locator);
	rev = info->rev ? xstrdup(info->rev) : NULL;
	memcpy(commit, info->commit_id, sizeof(commit));
	memcpy(tree, info->tree_id, sizeof(tree));
	dpg_source_free(src);
	rc = dpg_scan_fingerprint(opts, fp, &ignore);
	if (rc == 0)
		rc = dpg_db_last_good_scan(db, locator, &last, last_tree,
					   last_fp, &ignore);
	free(locator);
	if (rc < 0 || !last || strcmp(last_tree, tree) != 0 ||
	    strcmp(last_fp, fp) != 0) {
		free(rev);
		return 0;
	}
	if ((rc = dpg_db_load_scan(db, last, scan, err)) < 0) {
		free(rev);
		return rc;
	}
	scan->id = 0;
	scan->opts = opts;
	scan->rev = dpg_arena_strdup(&scan->arena, rev);
	free(rev);
	scan->commit_id = dpg_arena_strdup(&scan->arena, commit);
	scan->tree_id = dpg_arena_strdup(&scan->arena, tree);
	scan->status = "unchanged";
	scan->repeats = last;
	scan->cached = 0;
	scan->tool_version = dpg_version;
	scan->note = dpg_arena_printf(&scan->arena,
				      "unchanged since scan %lld: same tree, "
				      "rules and options (--force scans "
				      "again)",
				      (long long)last);
	dpg_utc_now(scan->started_at);
	dpg_utc_now(scan->finished_at);
	return 1;
}

int dpg_audit_target(struct dpg_db *db, struct dpg_scan *scan,
		     const char *target, const struct dpg_scan_opts *opts,
		     struct dpg_error *err)
{
	struct dpg_error serr = DPG_ERROR_INIT;
	struct dpg_scan_opts *o;
	int rc, src;

	/* the scan keeps its options: a copy in its arena, with the cache */
	o = dpg_arena_alloc(&scan->arena, sizeof(*o));
	*o = *opts;
	if (!o->no_cache && !o->cache) {
		char *path = dpg_cache_path(dpg_db_path(db));

		o->cache = dpg_arena_strdup(&scan->arena, path);
		free(path);
	}
	if (!o->force && !o->no_cache && !o->nomination) {
		src = try_unchanged(db, scan, target, o, &serr);
		if (src < 0) {
			*err = serr;
			return src;
		}
		if (src > 0)
			return dpg_db_store_scan(db, scan, err);
	}
	src = dpg_scan_run(scan, target, o, &serr);
	rc = dpg_db_store_scan(db, scan, err);
	if (src < 0) {
		/* the scan's own failure is the one to tell */
		*err = serr;
		return src;
	}
	return rc;
}
