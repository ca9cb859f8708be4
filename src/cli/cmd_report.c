/*
 * cmd_report.c: dpgaudit report and dpgaudit scans, both read-only, and
 * the report options that scan shares (--format, -o, --color, -v).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmds.h"
#include "dpg/buf.h"
#include "dpg/db.h"
#include "dpg/json.h"
#include "dpg/report.h"
#include "dpg/util.h"
#include "dpg/banned.h"

/* ---- the report options (scan, report) ----------------------------- */

int cli_report_opt(const char *cmd, int c, const char *arg,
		   struct cli_report *r)
{
	switch (c) {
	case CLI_OPT_FORMAT:
		r->ro.format = dpg_format_parse(arg);
		r->format_set = 1;
		if (!r->ro.format) {
			cli_usage(cmd,
				  "unknown format '%s' (" CLI_REPORT_FORMATS
				  ")",
				  arg);
			return -1;
		}
		return 1;
	case 'o':
		r->output = strcmp(arg, "-") ? arg : NULL;
		return 1;
	case CLI_OPT_COLOR:
		if (!arg || !strcmp(arg, "always"))
			r->color = CLI_COLOR_ALWAYS;
		else if (!strcmp(arg, "auto"))
			r->color = CLI_COLOR_AUTO;
		else if (!strcmp(arg, "never"))
			r->color = CLI_COLOR_NEVER;
		else {
			cli_usage(cmd,
				  "invalid --color '%s' (auto, always, never)",
				  arg);
			return -1;
		}
		return 1;
	case 'v':
		r->ro.verbose = 1;
		return 1;
	default:
		return 0;
	}
}

static int want_color(const struct cli_report *r, FILE *out)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (r->color != CLI_COLOR_AUTO)
		return r->color == CLI_COLOR_ALWAYS;
	if (nc && *nc)
		return 0;
	if (term && !strcmp(term, "dumb"))
		return 0;
	return isatty(fileno(out));
}

/* Open path's temporary sibling; commit_output() renames it into place so
 * that a failed report never leaves half a file. */
static FILE *open_output(const char *path, char **tmp, struct dpg_error *err)
{
	FILE *f;

	*tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	f = fopen(*tmp, "w");
	if (!f) {
		dpg_error_set(err, DPG_EIO, "cannot write '%s': %s", path,
			      strerror(errno));
		free(*tmp);
		*tmp = NULL;
	}
	return f;
}

static int commit_output(FILE *f, const char *path, char *tmp, int rc,
			 struct dpg_error *err)
{
	if (fclose(f) != 0 && rc == 0)
		rc = dpg_error_set(err, DPG_EIO, "cannot write '%s': %s", path,
				   strerror(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = dpg_error_set(err, DPG_EIO, "cannot write '%s': %s", path,
				   strerror(errno));
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int cli_report_print(struct cli_report *r, const struct dpg_scan *scan,
		     struct dpg_error *err)
{
	FILE *f;
	char *tmp;
	int rc;

	if (!r->output) {
		r->ro.color =
			r->ro.format == DPG_FMT_TEXT && want_color(r, stdout);
		return dpg_report_write_opts(stdout, scan, &r->ro, err);
	}
	r->ro.color = r->color == CLI_COLOR_ALWAYS;
	if (!(f = open_output(r->output, &tmp, err)))
		return err->code;
	rc = dpg_report_write_opts(f, scan, &r->ro, err);
	return commit_output(f, r->output, tmp, rc, err);
}

/* ---- report --------------------------------------------------------- */

enum { OPT_DB = 256, OPT_HELP, OPT_ALL, OPT_BATCH };

static const struct option report_options[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"all", no_argument, NULL, OPT_ALL},
	{"batch", required_argument, NULL, OPT_BATCH},
	{"help", no_argument, NULL, OPT_HELP},
	CLI_REPORT_LONGOPTS,
	{NULL, 0, NULL, 0},
};

static int latest_cb(void *ctx, const struct dpg_scan_row *row)
{
	*(int64_t *)ctx = row->id;
	return 0;
}

/* The overview of every target (run NULL) or of a batch run, to -o DIR
 * (a directory of reports), -o FILE.html or standard output. */
static int overview(struct dpg_db *db, const char *run, struct cli_report *r,
		    struct dpg_error *err)
{
	struct stat st;
	const char *o = r->output, *dir = NULL;
	FILE *f = stdout;
	char *tmp = NULL;
	int rc;

	if (o && !dpg_ends_with(o, ".html") && !dpg_ends_with(o, ".htm")) {
		if (mkdir(o, 0777) != 0 && errno != EEXIST)
			return dpg_error_set(err, DPG_EIO,
					     "cannot make directory '%s': %s",
					     o, strerror(errno));
		if (stat(o, &st) != 0 || !S_ISDIR(st.st_mode))
			return dpg_error_set(err, DPG_EIO,
					     "'%s' is not a directory", o);
		dir = o;
		f = NULL;
	} else if (o && !(f = open_output(o, &tmp, err))) {
		return err->code;
	}
	rc = run ? dpg_report_overview_run(f, dir, db, run, err)
		 : dpg_report_overview(f, dir, db, NULL, 0, NULL, err);
	if (tmp)
		rc = commit_output(f, o, tmp, rc, err);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct cli_report r = CLI_REPORT_INIT;
	struct dpg_db *db = NULL;
	struct dpg_scan scan;
	const char *dbpath = NULL, *batch = NULL;
	int all = 0, c, rc, ret = EXIT_OK;
	int64_t id = 0;

	optind = 0;
	while ((c = cli_getopt("report", argc, argv, CLI_REPORT_SHORTOPTS,
			       report_options)) != -1) {
		switch (c) {
		case OPT_DB:
			dbpath = optarg;
			break;
		case OPT_ALL:
			all = 1;
			break;
		case OPT_BATCH:
			batch = optarg;
			break;
		case OPT_HELP:
			cli_help("report");
			return EXIT_OK;
		default:
			if (cli_report_opt("report", c, optarg, &r) > 0)
				break;
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		return cli_usage("report", "more than one scan named");
	if ((all || batch) && optind < argc)
		return cli_usage("report", "--all and --batch name no scan");
	if (all && batch)
		return cli_usage("report", "--all or --batch, not both");
	if ((all || batch) && r.format_set && r.ro.format != DPG_FMT_HTML)
		return cli_usage("report", "the overview is HTML only");
	if ((rc = dpg_db_open(&db, cli_db_path(dbpath), DPG_DB_READONLY,
			      &err)) < 0)
		return cli_fail(&err);
	if (all || batch) {
		if (overview(db, batch, &r, &err) < 0)
			ret = cli_fail(&err);
		dpg_db_close(db);
		return ret;
	}
	dpg_scan_init(&scan);
	if (optind == argc) {
		rc = dpg_db_list_scans(db, latest_cb, &id, &err);
		if (rc == 0 && id == 0)
			rc = dpg_error_set(&err, DPG_ENOTFOUND,
					   "no scans in '%s'", dpg_db_path(db));
	} else {
		rc = dpg_report_find(db, argv[optind], &id, &err);
	}
	if (rc < 0 || (rc = dpg_db_load_scan(db, id, &scan, &err)) < 0 ||
	    (rc = cli_report_print(&r, &scan, &err)) < 0)
		ret = cli_fail(&err);
	dpg_scan_release(&scan);
	dpg_db_close(db);
	return ret;
}

/* ---- scans ---------------------------------------------------------- */

static const struct option scans_options[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"format", required_argument, NULL, CLI_OPT_FORMAT},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

struct list_ctx {
	int format;
	size_t n;
	struct dpg_buf *json;
	struct dpg_error *err;
};

static int json_field(struct dpg_buf *b, const char *key, const char *v,
		      struct dpg_error *err)
{
	int rc;

	if ((rc = dpg_buf_printf(b, err, ",\"%s\":", key)) < 0)
		return rc;
	if (!v)
		return dpg_buf_puts(b, "null", err);
	return dpg_json_quote(b, v, strlen(v), err);
}

static int list_json(struct list_ctx *lc, const struct dpg_scan_row *r)
{
	struct dpg_buf *b = lc->json;

	return dpg_buf_printf(b, lc->err, "%s\n  {\"id\":%" PRId64,
			      lc->n++ ? "," : "", r->id) < 0 ||
	       json_field(b, "target", r->target, lc->err) < 0 ||
	       json_field(b, "kind", r->kind, lc->err) < 0 ||
	       json_field(b, "rev", r->rev, lc->err) < 0 ||
	       json_field(b, "commit", r->commit_id, lc->err) < 0 ||
	       json_field(b, "started_at", r->started_at, lc->err) < 0 ||
	       json_field(b, "status", r->status, lc->err) < 0 ||
	       json_field(b, "error", r->error, lc->err) < 0 ||
	       json_field(b, "solution_types", r->types, lc->err) < 0 ||
	       json_field(b, "nomination", r->nomination, lc->err) < 0 ||
	       dpg_buf_printf(b, lc->err,
			      ",\"files\":%" PRId64 ",\"findings\":%" PRId64
			      ",\"summary\":{\"met\":%" PRId64
			      ",\"not_met\":%" PRId64 ",\"review\":%" PRId64
			      "}}",
			      r->file_count, r->findings, r->met, r->not_met,
			      r->review) < 0;
}

static int list_cb(void *ctx, const struct dpg_scan_row *r)
{
	struct list_ctx *lc = ctx;
	char *target, *rev, verdicts[64];

	if (lc->format == DPG_FMT_JSON)
		return list_json(lc, r);
	if (lc->n++ == 0)
		printf("%-5s %-7s %-20s %-7s %-12s %-11s %-9s %s\n", "ID",
		       "STATUS", "STARTED", "KIND", "REVISION", "MET/NOT/REV",
		       "TYPES", "TARGET");
	target = dpg_escape_ctl(r->target);
	rev = dpg_escape_ctl(r->commit_id ? r->commit_id
			     : r->rev	  ? r->rev
					  : "-");
	if (strcmp(r->status, "failed"))
		snprintf(verdicts, sizeof(verdicts),
			 "%" PRId64 "/%" PRId64 "/%" PRId64, r->met, r->not_met,
			 r->review);
	else
		snprintf(verdicts, sizeof(verdicts), "-");
	printf("%-5" PRId64 " %-7s %-20s %-7s %-12.12s %-11s %-9s %s", r->id,
	       r->status, r->started_at, r->kind, rev, verdicts,
	       r->types ? r->types : "-", target);
	if (r->nomination) {
		char *nom = dpg_escape_ctl(r->nomination);

		printf(" (nomination %s)", nom);
		free(nom);
	}
	putchar('\n');
	free(target);
	free(rev);
	return 0;
}

int cmd_scans(int argc, char **argv)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_buf json = DPG_BUF_INIT((size_t)1 << 30);
	struct dpg_db *db = NULL;
	const char *dbpath = NULL;
	struct list_ctx lc = {DPG_FMT_TEXT, 0, &json, &err};
	int c, rc, ret = EXIT_OK;

	optind = 0;
	while ((c = cli_getopt("scans", argc, argv, "", scans_options)) != -1) {
		switch (c) {
		case OPT_DB:
			dbpath = optarg;
			break;
		case CLI_OPT_FORMAT:
			lc.format = dpg_format_parse(optarg);
			if (lc.format != DPG_FMT_TEXT &&
			    lc.format != DPG_FMT_JSON)
				return cli_usage("scans",
						 "unknown format '%s' (text, "
						 "json)",
						 optarg);
			break;
		case OPT_HELP:
			cli_help("scans");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage("scans", "unexpected argument '%s'",
				 argv[optind]);
	if ((rc = dpg_db_open(&db, cli_db_path(dbpath), DPG_DB_READONLY,
			      &err)) < 0)
		return cli_fail(&err);
	if (lc.format == DPG_FMT_JSON)
		dpg_buf_puts(&json, "[", &err);
	if ((rc = dpg_db_list_scans(db, list_cb, &lc, &err)) < 0 ||
	    err.code < 0) {
		ret = cli_fail(&err);
	} else if (lc.format == DPG_FMT_JSON) {
		dpg_buf_puts(&json, lc.n ? "\n]\n" : "]\n", &err);
		fputs(json.ptr, stdout);
	}
	dpg_buf_release(&json);
	dpg_db_close(db);
	return ret;
}
