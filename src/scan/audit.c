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
#include "dpg/util.h"
#include "scan_int.h"
#include "dpg/banned.h"

struct repeat {
	struct dpg_db *db;
};

/* The last good scan of the resolved git target when its tree and the
 * fingerprint are the same, else 0. */
static int64_t repeat_of(void *ctx, const struct dpg_scan *scan)
{
	struct repeat *r = ctx;
	struct dpg_error ignore = DPG_ERROR_INIT;
	char last_tree[41], last_fp[41];
	int64_t last = 0;

	if (strcmp(scan->kind, "git") != 0 || !scan->tree_id ||
	    !scan->fingerprint)
		return 0;
	if (dpg_db_last_good_scan(r->db, scan->target, &last, last_tree,
				  last_fp, &ignore) < 0 ||
	    !last || strcmp(last_tree, scan->tree_id) != 0 ||
	    strcmp(last_fp, scan->fingerprint) != 0)
		return 0;
	return last;
}

/* Make scan a copy of the scan it repeats, with its own revision, times
 * and note: an "unchanged" scan. */
static int as_repeat(struct dpg_db *db, struct dpg_scan *scan,
		     const struct dpg_scan_opts *opts, struct dpg_error *err)
{
	int64_t last = scan->repeats;
	char *rev = scan->rev ? xstrdup(scan->rev) : NULL;
	char *commit = xstrdup(scan->commit_id ? scan->commit_id : "");
	char *tree = xstrdup(scan->tree_id);
	char started[32];
	int rc;

	memcpy(started, scan->started_at, sizeof(started));
	dpg_scan_release(scan);
	rc = dpg_db_load_scan(db, last, scan, err);
	if (rc == 0) {
		struct dpg_arena *a = &scan->arena;

		scan->id = 0;
		scan->opts = opts;
		scan->rev = dpg_arena_strdup(a, rev);
		scan->commit_id = dpg_arena_strdup(a, commit);
		scan->tree_id = dpg_arena_strdup(a, tree);
		scan->status = "unchanged";
		scan->repeats = last;
		scan->cached = 0;
		scan->tool_version = dpg_version;
		scan->note = dpg_arena_printf(a,
					      "unchanged since scan %lld: same "
					      "tree, rules and options "
					      "(--force scans again)",
					      (long long)last);
		memcpy(scan->started_at, started, sizeof(started));
		dpg_utc_now(scan->finished_at);
	}
	free(rev);
	free(commit);
	free(tree);
	return rc;
}

int dpg_audit_target(struct dpg_db *db, struct dpg_scan *scan,
		     const char *target, const struct dpg_scan_opts *opts,
		     struct dpg_error *err)
{
	struct dpg_error serr = DPG_ERROR_INIT;
	struct dpg_scan_opts *o;
	struct repeat rep = {db};
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
		o->repeat_of = repeat_of;
		o->repeat_ctx = &rep;
	}
	src = dpg_scan_run(scan, target, o, &serr);
	if (src == DPG_EUSAGE) {
		/* a wrong command line is no scan: nothing is stored */
		*err = serr;
		return src;
	}
	if (src == 0 && scan->repeats) {
		/* o lives in the arena that as_repeat() releases: the copy
		 * keeps the caller's opts */
		if ((src = as_repeat(db, scan, opts, &serr)) < 0) {
			*err = serr;
			return src;
		}
		return dpg_db_store_scan(db, scan, err);
	}
	rc = dpg_db_store_scan(db, scan, err);
	scan_wait(scan); /* the result cache's write ran meanwhile */
	if (src < 0) {
		/* the scan's own failure is the one to tell */
		*err = serr;
		return src;
	}
	return rc;
}
