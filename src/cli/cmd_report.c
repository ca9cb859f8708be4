/*
 * cmd_report.c: dpgaudit report and dpgaudit scans, both read-only.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "dpg/buf.h"
#include "dpg/db.h"
#include "dpg/json.h"
#include "dpg/report.h"
#include "dpg/util.h"
#include "dpg/banned.h"

enum { OPT_DB = 256, OPT_FORMAT, OPT_HELP };

static const struct option ro_options[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

/* Parse --db/--format; returns -1 to go on, else an exit code. */
static int parse_ro(const char *cmd, int argc, char **argv, const char **dbpath,
		    int *format)
{
	int c;

	optind = 0;
	while ((c = cli_getopt(cmd, argc, argv, "", ro_options)) != -1) {
		switch (c) {
		case OPT_DB:
			*dbpath = optarg;
			break;
		case OPT_FORMAT:
			*format = dpg_format_parse(optarg);
			if (!*format)
				return cli_usage(cmd, "unknown format '%s'",
						 optarg);
			break;
		case OPT_HELP:
			cli_help(cmd);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	return -1;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int latest_cb(void *ctx, const struct dpg_scan_row *row)
{
	*(int64_t *)ctx = row->id;
	return 0;
}

int cmd_report(int argc, char **argv)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_db *db = NULL;
	struct dpg_scan scan;
	const char *dbpath = NULL;
	int format = DPG_FMT_TEXT, rc, ret = EXIT_OK;
	int64_t id = 0;

	if ((rc = parse_ro("report", argc, argv, &dbpath, &format)) >= 0)
		return rc;
	if (argc - optind > 1)
		return cli_usage("report", "more than one scan named");
	if ((rc = dpg_db_open(&db, cli_db_path(dbpath), DPG_DB_READONLY,
			      &err)) < 0)
		return cli_fail(&err);
	dpg_scan_init(&scan);
	if (optind == argc) {
		rc = dpg_db_list_scans(db, latest_cb, &id, &err);
		if (rc == 0 && id == 0)
			rc = dpg_error_set(&err, DPG_ENOTFOUND,
					   "no scans in '%s'", dpg_db_path(db));
	} else if (all_digits(argv[optind])) {
		id = strtoll(argv[optind], NULL, 10);
	} else {
		rc = dpg_db_latest_scan(db, argv[optind], &id, &err);
	}
	if (rc < 0 || (rc = dpg_db_load_scan(db, id, &scan, &err)) < 0 ||
	    (rc = dpg_report_write(stdout, &scan, format, &err)) < 0)
		ret = cli_fail(&err);
	dpg_scan_release(&scan);
	dpg_db_close(db);
	return ret;
}

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

static int list_cb(void *ctx, const struct dpg_scan_row *r)
{
	struct list_ctx *lc = ctx;
	char *target, *rev;

	if (lc->format == DPG_FMT_JSON) {
		struct dpg_buf *b = lc->json;

		return dpg_buf_printf(b, lc->err, "%s{\"id\":%" PRId64,
				      lc->n++ ? "," : "", r->id) < 0 ||
		       json_field(b, "target", r->target, lc->err) < 0 ||
		       json_field(b, "kind", r->kind, lc->err) < 0 ||
		       json_field(b, "rev", r->rev, lc->err) < 0 ||
		       json_field(b, "commit", r->commit_id, lc->err) < 0 ||
		       json_field(b, "started_at", r->started_at, lc->err) <
			       0 ||
		       json_field(b, "status", r->status, lc->err) < 0 ||
		       json_field(b, "error", r->error, lc->err) < 0 ||
		       dpg_buf_printf(b, lc->err,
				      ",\"files\":%" PRId64
				      ",\"findings\":%" PRId64 "}",
				      r->file_count, r->findings) < 0;
	}
	if (lc->n++ == 0)
		printf("%-5s %-7s %-20s %-7s %-12s %s\n", "ID", "STATUS",
		       "STARTED", "KIND", "REVISION", "TARGET");
	target = dpg_escape_ctl(r->target);
	rev = dpg_escape_ctl(r->commit_id ? r->commit_id
			     : r->rev	  ? r->rev
					  : "-");
	printf("%-5" PRId64 " %-7s %-20s %-7s %-12.12s %s\n", r->id, r->status,
	       r->started_at, r->kind, rev, target);
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
	int rc, ret = EXIT_OK;

	if ((rc = parse_ro("scans", argc, argv, &dbpath, &lc.format)) >= 0)
		return rc;
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
		dpg_buf_puts(&json, "]\n", &err);
		fputs(json.ptr, stdout);
	}
	dpg_buf_release(&json);
	dpg_db_close(db);
	return ret;
}
