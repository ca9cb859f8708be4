/*
 * cmd_recheck.c: dpgaudit recheck.  Audits a list of targets (or every
 * target of the database) again through the batch workers, then compares
 * each new scan with the target's scan before it and prints one report of
 * what changed over all of them, with an exit code a scheduler can alert
 * on (docs/RECHECK.md).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "dpg/batch.h"
#include "dpg/db.h"
#include "dpg/diff.h"
#include "dpg/util.h"
#include "dpg/banned.h"

enum {
	OPT_DB = 256,
	OPT_ALL,
	OPT_FORMAT,
	OPT_FAIL_ON,
	OPT_RUN,
	OPT_RESUME,
	OPT_COLUMN,
	OPT_HELP
};

static const struct option recheck_options[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"all", no_argument, NULL, OPT_ALL},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"output", required_argument, NULL, 'o'},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"run", required_argument, NULL, OPT_RUN},
	{"resume", required_argument, NULL, OPT_RESUME},
	{"column", required_argument, NULL, OPT_COLUMN},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	CLI_SCAN_LONGOPTS,
	CLI_BATCH_LONGOPTS,
	{NULL, 0, NULL, 0},
};

struct recheck_args {
	const char *dbpath, *run, *resume, *output;
	struct dpg_list_opts list;
	struct dpg_batch_opts bo;
	unsigned int mask;
	int all, format, quiet;
};

static int parse_args(struct recheck_args *a, struct dpg_scan_opts *so,
		      int argc, char **argv)
{
	struct dpg_error err = DPG_ERROR_INIT;
	int c, rc;

	optind = 0;
	while ((c = cli_getopt("recheck", argc, argv, "j:o:q",
			       recheck_options)) != -1) {
		switch (c) {
		case OPT_DB:
			a->dbpath = optarg;
			break;
		case OPT_ALL:
			a->all = 1;
			break;
		case OPT_FORMAT:
			if (!(a->format = dpg_diff_format_parse(optarg)))
				return cli_usage("recheck",
						 "unknown format '%s' (text, "
						 "json, md)",
						 optarg);
			break;
		case 'o':
			a->output = optarg;
			break;
		case OPT_FAIL_ON:
			if (dpg_diff_parse_classes(optarg, &a->mask, &err) < 0)
				return cli_usage("recheck", "%s", err.msg);
			break;
		case OPT_RUN:
			a->run = optarg;
			break;
		case OPT_RESUME:
			a->resume = optarg;
			break;
		case OPT_COLUMN:
			a->list.column = optarg;
			break;
		case 'q':
			a->quiet = 1;
			break;
		case OPT_HELP:
			cli_help("recheck");
			return -1;
		default:
			if ((rc = cli_batch_opt("recheck", c, optarg, &a->bo)) >
			    0)
				break;
			if (rc < 0 ||
			    cli_scan_opt("recheck", c, optarg, so) <= 0)
				return EXIT_USAGE;
		}
	}
	if (a->resume && (optind < argc || a->all || a->run))
		return cli_usage("recheck",
				 "--resume continues a re-check with its own "
				 "targets");
	if (!a->resume && a->all == (optind < argc))
		return cli_usage("recheck", a->all ? "a LIST or --all, not both"
						   : "missing LIST (or --all)");
	if (a->run && (!a->run[0] || strlen(a->run) > 100))
		return cli_usage("recheck", "invalid --run name");
	return 0;
}

/* --all: every stored target, at the revision its latest scan asked for */
struct all_ctx {
	struct dpg_target_list *l;
	struct dpg_error *err;
	int rc;
};

static int add_stored(void *ctx, const char *locator, const char *rev)
{
	struct all_ctx *c = ctx;
	char *t = rev ? xasprintf("%s@%s", locator, rev) : xstrdup(locator);

	c->rc = dpg_target_list_add(c->l, t, "database", NULL, NULL, c->err);
	free(t);
	return c->rc < 0;
}

/* The new scan of each item, compared with the scan of its target before
 * it. */
struct cmp_ctx {
	struct dpg_db *db;
	struct dpg_diff **d;
	struct dpg_scan **scans;
	size_t n, cap, nscans, scap;
	struct dpg_error *err;
	int rc;
};

static struct dpg_scan *load(struct cmp_ctx *c, int64_t id)
{
	struct dpg_scan *s = xmalloc(sizeof(*s));

	dpg_scan_init(s);
	dpg_grow(&c->scans, &c->scap, c->nscans + 1, sizeof(*c->scans));
	c->scans[c->nscans++] = s;
	if ((c->rc = dpg_db_load_scan(c->db, id, s, c->err)) < 0)
		return NULL;
	return s;
}

static int compare_item(void *ctx, const char *key, int64_t scan_id)
{
	struct cmp_ctx *c = ctx;
	struct dpg_diff *d;
	const struct dpg_scan *to, *from = NULL;
	int64_t prev = 0, eto = 0, efrom = 0;

	(void)key;
	if (!scan_id)
		return 0; /* not audited (an interrupted run) */
	if ((c->rc = dpg_db_previous_scan(c->db, scan_id, &prev, c->err)) < 0 ||
	    (c->rc = dpg_db_effective_scan(c->db, scan_id, &eto, c->err)) < 0)
		return 1;
	if (prev &&
	    (c->rc = dpg_db_effective_scan(c->db, prev, &efrom, c->err)) < 0)
		return 1;
	if (!(to = load(c, eto)))
		return 1;
	if (prev && efrom != eto && !(from = load(c, efrom)))
		return 1;
	d = xmalloc(sizeof(*d));
	dpg_diff_init(d);
	dpg_grow(&c->d, &c->cap, c->n + 1, sizeof(*c->d));
	c->d[c->n++] = d;
	if (from)
		dpg_diff_scans(d, from, to);
	else if (prev)
		d->from = d->to = to; /* unchanged: the same facts */
	else
		d->to = to; /* first audit */
	return 0;
}

static void cmp_release(struct cmp_ctx *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		dpg_diff_release(c->d[i]);
		free(c->d[i]);
	}
	for (i = 0; i < c->nscans; i++) {
		dpg_scan_release(c->scans[i]);
		free(c->scans[i]);
	}
	free(c->d);
	free(c->scans);
}

/* The report to -o FILE: written whole (a temporary file renamed) or not
 * at all. */
static int write_report(const struct recheck_args *a, struct cmp_ctx *c,
			struct dpg_error *err)
{
	char *tmp;
	FILE *f;
	int rc;

	if (!a->output)
		return dpg_diff_write_many(stdout,
					   (const struct dpg_diff *const *)c->d,
					   c->n, a->format, a->mask, err);
	tmp = xasprintf("%s.tmp.%ld", a->output, (long)getpid());
	if (!(f = fopen(tmp, "w"))) {
		rc = dpg_error_set(err, DPG_EIO, "cannot write '%s': %s",
				   a->output, strerror(errno));
		free(tmp);
		return rc;
	}
	rc = dpg_diff_write_many(f, (const struct dpg_diff *const *)c->d, c->n,
				 a->format, a->mask, err);
	if (fclose(f) != 0 && rc == 0)
		rc = dpg_error_set(err, DPG_EIO, "cannot write '%s'",
				   a->output);
	if (rc == 0 && rename(tmp, a->output) != 0)
		rc = dpg_error_set(err, DPG_EIO, "cannot write '%s': %s",
				   a->output, strerror(errno));
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int cmd_recheck(int argc, char **argv)
{
	struct dpg_scan_opts so = DPG_SCAN_OPTS_INIT;
	struct recheck_args a;
	struct dpg_batch_result res;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_target_list l;
	struct dpg_arena params_arena = DPG_ARENA_INIT;
	struct dpg_db *db = NULL;
	struct dpg_run run;
	struct cmp_ctx cmp;
	char *params = NULL, fp[17], name[64], now[32];
	int rc, ret = EXIT_OK, i;

	memset(&a, 0, sizeof(a));
	memset(&cmp, 0, sizeof(cmp));
	a.bo = (struct dpg_batch_opts)DPG_BATCH_OPTS_INIT;
	a.bo.jobs = cli_cores();
	a.mask = DPG_CH_DEFAULT;
	a.format = DPG_DIFF_TEXT;
	if ((rc = parse_args(&a, &so, argc, argv)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	if (!so.threads)
		so.threads = cli_worker_threads(a.bo.jobs);
	a.bo.scan = &so;
	dpg_target_list_init(&l);

	if (a.resume) {
		rc = dpg_db_open(&db, cli_db_path(a.dbpath), 0, &err);
		if (rc == 0)
			rc = dpg_run_load(db, &run, a.resume, &l, &params,
					  &err);
		if (rc == 0)
			rc = dpg_run_params_parse(params, &so, &params_arena,
						  &err);
	} else {
		struct all_ctx ac = {&l, &err, 0};

		rc = dpg_db_open(&db, cli_db_path(a.dbpath),
				 a.all ? 0 : DPG_DB_CREATE, &err);
		if (rc == 0 && a.all) {
			rc = dpg_db_targets(db, add_stored, &ac, &err);
			if (rc == 0 && ac.rc < 0)
				rc = ac.rc;
		}
		for (i = optind; rc == 0 && i < argc; i++)
			rc = dpg_target_list_read(&l, argv[i], &a.list, &err);
		if (rc == 0 && l.n == 0)
			rc = dpg_error_set(&err, DPG_ENOTFOUND,
					   "nothing to re-check: %s",
					   a.all ? "the database has no target"
						 : "the lists name no target");
		if (rc == 0) {
			/* every re-check is a new run, unless named to be
			 * resumed */
			params = dpg_run_params(&so, NULL);
			dpg_run_fingerprint(fp, &l, params);
			dpg_utc_now(now);
			snprintf(name, sizeof(name), "recheck-%s", now);
			for (i = 2; !a.run &&
				    (rc = dpg_run_exists(db, name, &err)) > 0;
			     i++)
				snprintf(name, sizeof(name), "recheck-%s-%d",
					 now, i);
			if (rc == 0)
				rc = dpg_run_open(
					db, &run, a.run ? a.run : name,
					"recheck", fp, params, &l, &err);
		}
	}
	if (rc == 0)
		rc = dpg_batch_check_opts(&so, &err);
	if (rc == 0)
		rc = cli_run_pool(db, &run, &a.bo, a.quiet, &l, &res, &err);
	if (rc < 0) {
		ret = cli_fail(&err);
		goto done;
	}
	if (res.stopped) {
		ret = cli_pool_stopped("recheck", db, &run, &res);
		goto done;
	}
	cmp.db = db;
	cmp.err = &err;
	if ((rc = dpg_run_items(db, &run, compare_item, &cmp, &err)) < 0 ||
	    (rc = cmp.rc) < 0 || (rc = write_report(&a, &cmp, &err)) < 0) {
		ret = cli_fail(&err);
		goto done;
	}
	if (!a.quiet)
		fprintf(stderr,
			"recheck %s: %zu targets, %zu failed; database %s\n",
			run.name, res.total, res.failed, dpg_db_path(db));
	{
		size_t k, regressions = 0;

		for (k = 0; k < cmp.n; k++)
			regressions += dpg_diff_regressions(cmp.d[k], a.mask);
		ret = regressions  ? EXIT_REGRESSION
		      : res.failed ? EXIT_SOME_FAILED
				   : EXIT_OK;
	}
done:
	cmp_release(&cmp);
	dpg_db_close(db);
	dpg_target_list_release(&l);
	dpg_arena_release(&params_arena);
	free(params);
	return ret;
}
