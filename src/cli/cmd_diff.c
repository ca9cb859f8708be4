/*
 * cmd_diff.c: dpgaudit history and dpgaudit diff, both read-only.
 *
 * A scan whose status is "unchanged" (a re-check that found the same
 * revision and ruleset) carries no facts of its own: it stands for the
 * latest earlier scan of its target that has them.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "dpg/buf.h"
#include "dpg/db.h"
#include "dpg/diff.h"
#include "dpg/json.h"
#include "dpg/util.h"
#include "dpg/banned.h"

enum { OPT_DB = 256, OPT_FORMAT, OPT_FROM, OPT_TO, OPT_FAIL_ON, OPT_HELP };

static const struct option diff_options[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"from", required_argument, NULL, OPT_FROM},
	{"to", required_argument, NULL, OPT_TO},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

/* A target's scans, oldest first. */
struct hist {
	struct dpg_history_row *v;
	size_t n, cap;
	struct dpg_arena arena;
};

static const char *keep(struct hist *h, const char *s)
{
	return dpg_arena_strdup(&h->arena, s);
}

static int hist_cb(void *ctx, const struct dpg_history_row *r)
{
	struct hist *h = ctx;
	struct dpg_history_row *d;

	dpg_grow(&h->v, &h->cap, h->n + 1, sizeof(*h->v));
	d = &h->v[h->n++];
	*d = *r; /* verdict names are static */
	d->started_at = keep(h, r->started_at);
	d->status = keep(h, r->status);
	d->rev = keep(h, r->rev);
	d->commit_id = keep(h, r->commit_id);
	d->error = keep(h, r->error);
	d->note = keep(h, r->note);
	return 0;
}

static void hist_release(struct hist *h)
{
	free(h->v);
	dpg_arena_release(&h->arena);
}

static int load_history(struct dpg_db *db, int64_t target_id, struct hist *h,
			struct dpg_error *err)
{
	memset(h, 0, sizeof(*h));
	return dpg_db_history(db, target_id, hist_cb, h, err);
}

static int parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

int cmd_diff(int argc, char **argv)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_db *db = NULL;
	struct dpg_scan a, b;
	struct dpg_diff d;
	struct hist h;
	const char *dbpath = NULL, *from_s = NULL, *to_s = NULL;
	unsigned int mask = DPG_CH_DEFAULT;
	int format = DPG_DIFF_TEXT, c, rc, ret = EXIT_OK;
	int64_t from = 0, to = 0, tid = 0, tid2 = 0;

	optind = 0;
	while ((c = cli_getopt("diff", argc, argv, "", diff_options)) != -1) {
		switch (c) {
		case OPT_DB:
			dbpath = optarg;
			break;
		case OPT_FORMAT:
			if (!(format = dpg_diff_format_parse(optarg)))
				return cli_usage("diff",
						 "unknown format '%s' (text, "
						 "json, md)",
						 optarg);
			break;
		case OPT_FROM:
			from_s = optarg;
			break;
		case OPT_TO:
			to_s = optarg;
			break;
		case OPT_FAIL_ON:
			if (dpg_diff_parse_classes(optarg, &mask, &err) < 0)
				return cli_usage("diff", "%s", err.msg);
			break;
		case OPT_HELP:
			cli_help("diff");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if ((from_s && parse_id(from_s, &from) < 0) ||
	    (to_s && parse_id(to_s, &to) < 0))
		return cli_usage("diff", "a scan id is a positive number: '%s'",
				 from_s && parse_id(from_s, &from) < 0 ? from_s
								       : to_s);
	if (to_s && !from_s)
		return cli_usage("diff", "--to needs --from");
	if (from_s ? argc - optind != 0 : argc - optind != 1)
		return cli_usage("diff", from_s ? "a TARGET or --from, not both"
						: "expected one TARGET, or "
						  "--from ID [--to ID]");

	if ((rc = dpg_db_open(&db, cli_db_path(dbpath), DPG_DB_READONLY,
			      &err)) < 0)
		return cli_fail(&err);
	dpg_scan_init(&a);
	dpg_scan_init(&b);
	dpg_diff_init(&d);
	memset(&h, 0, sizeof(h));
	if (from_s) {
		rc = dpg_db_scan_target(db, from, &tid, NULL, &err);
		if (rc == 0 && to)
			rc = dpg_db_scan_target(db, to, &tid2, NULL, &err);
	} else {
		char *rev = NULL;

		rc = dpg_db_find_target(db, argv[optind], &tid, &rev, &err);
		free(rev);
	}
	if (rc == 0)
		rc = load_history(db, tid, &h, &err);
	if (rc == 0 && !from_s) {
		if (h.n < 2)
			rc = dpg_error_set(&err, DPG_ENOTFOUND,
					   "only one scan of '%s': nothing to "
					   "compare",
					   argv[optind]);
		else {
			from = h.v[h.n - 2].id;
			to = h.v[h.n - 1].id;
		}
	} else if (rc == 0 && !to) {
		to = h.v[h.n - 1].id;
	}
	/* unchanged scans stand for the scan they repeat */
	if (rc == 0)
		rc = dpg_db_effective_scan(db, from, &from, &err);
	if (rc == 0)
		rc = dpg_db_effective_scan(db, to, &to, &err);
	if (rc == 0 && (rc = dpg_db_load_scan(db, from, &a, &err)) == 0 &&
	    (rc = dpg_db_load_scan(db, to, &b, &err)) == 0) {
		if (from != to)
			dpg_diff_scans(&d, &a, &b);
		else
			d.from = d.to = &b;
		rc = dpg_diff_write(stdout, &d, format, mask, &err);
	}
	if (rc < 0)
		ret = cli_fail(&err);
	else if (dpg_diff_regressions(&d, mask))
		ret = EXIT_REGRESSION;
	dpg_diff_release(&d);
	dpg_scan_release(&a);
	dpg_scan_release(&b);
	hist_release(&h);
	dpg_db_close(db);
	return ret;
}

/* ---- history --------------------------------------------------------- */

static char verdict_mark(const char *v)
{
	if (!v)
		return '.';
	if (!strcmp(v, "met"))
		return '+';
	return strcmp(v, "review") ? 'x' : '?';
}

static void history_text(const char *target, const struct hist *h)
{
	char *t = dpg_escape_ctl(target);
	size_t i;
	int k;

	printf("history of %s (%zu scan%s)\n", t, h->n, h->n == 1 ? "" : "s");
	free(t);
	printf("%-6s %-20s %-9s %-12s  ", "ID", "STARTED", "STATUS",
	       "REVISION");
	for (k = 1; k < DPG_IND_COUNT; k++)
		printf("%-3s", dpg_indicator_code(k));
	printf(" MET REVIEW NOT-MET\n");
	for (i = 0; i < h->n; i++) {
		const struct dpg_history_row *r = &h->v[i];
		int n[3] = {0, 0, 0};
		char *rev = dpg_escape_ctl(r->commit_id ? r->commit_id
					   : r->rev	? r->rev
							: "-");

		printf("%-6" PRId64 " %-20s %-9s %-12.12s  ", r->id,
		       r->started_at, r->status, rev);
		free(rev);
		for (k = 1; k < DPG_IND_COUNT; k++) {
			char m = verdict_mark(r->verdicts[k]);

			printf("%c  ", m);
			n[0] += m == '+';
			n[1] += m == '?';
			n[2] += m == 'x';
		}
		if (!strcmp(r->status, "failed") && r->error) {
			char *e = dpg_escape_ctl(r->error);

			printf("failed: %s\n", e);
			free(e);
		} else if (!strcmp(r->status, "unchanged")) {
			printf("(as before)\n");
		} else {
			printf("%3d %6d %7d\n", n[0], n[1], n[2]);
		}
	}
	printf("+ met, ? review, x not met, . no verdict\n");
}

static void jfield(struct dpg_buf *b, const char *key, const char *v)
{
	dpg_buf_printf(b, NULL, ",\"%s\":", key);
	if (v)
		dpg_json_quote(b, v, strlen(v), NULL);
	else
		dpg_buf_puts(b, "null", NULL);
}

static void history_json(const char *target, const struct hist *h)
{
	struct dpg_buf b = DPG_BUF_INIT((size_t)256 << 20);
	size_t i;
	int k;

	dpg_buf_printf(&b, NULL, "{\"dpgaudit\":\"%s\"", dpg_version);
	jfield(&b, "target", target);
	dpg_buf_puts(&b, ",\"scans\":[", NULL);
	for (i = 0; i < h->n; i++) {
		const struct dpg_history_row *r = &h->v[i];
		int first = 1;

		dpg_buf_printf(&b, NULL, "%s{\"id\":%" PRId64, i ? "," : "",
			       r->id);
		jfield(&b, "started_at", r->started_at);
		jfield(&b, "status", r->status);
		jfield(&b, "rev", r->rev);
		jfield(&b, "commit", r->commit_id);
		jfield(&b, "error", r->error);
		jfield(&b, "note", r->note);
		dpg_buf_puts(&b, ",\"verdicts\":{", NULL);
		for (k = 1; k < DPG_IND_COUNT; k++) {
			if (!r->verdicts[k])
				continue;
			dpg_buf_printf(&b, NULL, "%s\"%s\":\"%s\"",
				       first ? "" : ",", dpg_indicator_code(k),
				       r->verdicts[k]);
			first = 0;
		}
		dpg_buf_puts(&b, "}}", NULL);
	}
	dpg_buf_puts(&b, "]}\n", NULL);
	fputs(b.ptr, stdout);
	dpg_buf_release(&b);
}

int cmd_history(int argc, char **argv)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_db *db = NULL;
	const char *dbpath = NULL;
	struct hist h;
	char *rev = NULL, *locator = NULL;
	int json = 0, c, rc, ret = EXIT_OK;
	int64_t tid = 0;

	optind = 0;
	while ((c = cli_getopt("history", argc, argv, "", diff_options)) !=
	       -1) {
		switch (c) {
		case OPT_DB:
			dbpath = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return cli_usage("history",
						 "unknown format '%s' (text, "
						 "json)",
						 optarg);
			json = !strcmp(optarg, "json");
			break;
		case OPT_HELP:
			cli_help("history");
			return EXIT_OK;
		case OPT_FROM:
		case OPT_TO:
		case OPT_FAIL_ON:
			return cli_usage("history", "unknown option '%s'",
					 argv[optind - 1]);
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage("history", "expected one TARGET");
	if ((rc = dpg_db_open(&db, cli_db_path(dbpath), DPG_DB_READONLY,
			      &err)) < 0)
		return cli_fail(&err);
	memset(&h, 0, sizeof(h));
	if ((rc = dpg_db_find_target(db, argv[optind], &tid, &rev, &err)) < 0 ||
	    (rc = load_history(db, tid, &h, &err)) < 0) {
		ret = cli_fail(&err);
	} else {
		/* the target as stored: the canonical spelling */
		if (h.n)
			dpg_db_scan_target(db, h.v[0].id, &tid, &locator, NULL);
		if (json)
			history_json(locator ? locator : argv[optind], &h);
		else
			history_text(locator ? locator : argv[optind], &h);
	}
	free(locator);
	free(rev);
	hist_release(&h);
	dpg_db_close(db);
	return ret;
}
