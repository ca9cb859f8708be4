/*
 * report.h: render a stored scan for a reviewer (text, Markdown, HTML), a
 * program (JSON, SARIF 2.1.0) or the registry (a screening record draft,
 * the DPG application's answers); find a stored scan however its target
 * was spelled; write an overview of many scans.  See docs/OUTPUT.md.
 *
 * Everything printed comes from untrusted repositories: every format
 * makes it inert (text and Markdown: control, C1 and bidi characters
 * escaped, long strings cut with a marker; HTML: escaped, with a strict
 * Content-Security-Policy; JSON and SARIF: valid UTF-8 JSON).
 */
#ifndef DPG_REPORT_H
#define DPG_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include "dpg/error.h"
#include "dpg/scan.h"

enum dpg_format {
	DPG_FMT_TEXT = 1,
	DPG_FMT_JSON,
	DPG_FMT_MD,
	DPG_FMT_HTML,
	DPG_FMT_SARIF,
	DPG_FMT_SCREENING,
	DPG_FMT_FORM,
};

/* Parse "text", "json", "md" (or "markdown"), "html", "sarif",
 * "screening", "dpg-form"; returns 0 when unknown. */
int dpg_format_parse(const char *s);
/* The name of a format ("text"...), "" when out of range. */
const char *dpg_format_name(int format);

struct dpg_report_opts {
	int format;  /* enum dpg_format */
	int color;   /* text: ANSI colours (the caller decides: a terminal,
			NO_COLOR, --color) */
	int verbose; /* text, Markdown: every dependency and every place */
	/* HTML: the link back to the overview, or NULL */
	const char *overview_href;
};
/* clang-format off */
#define DPG_REPORT_OPTS_INIT {DPG_FMT_TEXT, 0, 0, NULL}
/* clang-format on */

/*
 * Write scan to out in opts->format.  Returns 0, or DPG_EIO when out
 * fails (err says so).
 */
int dpg_report_write_opts(FILE *out, const struct dpg_scan *scan,
			  const struct dpg_report_opts *opts,
			  struct dpg_error *err);
/* The same with the default options of format. */
int dpg_report_write(FILE *out, const struct dpg_scan *scan, int format,
		     struct dpg_error *err);

struct dpg_db;

/*
 * Find the scan spec names: a scan id ("12"), a target as scanned in any
 * spelling (relative or absolute path, a trailing slash, a URL), or
 * "TARGET@REV", the latest scan of TARGET at revision REV (the revision
 * asked for, a commit id or its prefix, or REV resolved in the repository
 * when it is still there).  Sets *out to the scan id.  Returns
 * DPG_ENOTFOUND naming spec, DPG_EDB.
 */
int dpg_report_find(struct dpg_db *db, const char *spec, int64_t *out,
		    struct dpg_error *err);

/*
 * The overview of the latest scan of each target in db (or of the scans
 * listed in ids[0..nids) when ids is not NULL): one HTML page with counts
 * at the top and a table that sorts and filters (target, type, license,
 * each indicator's verdict, top goals, errors).  When dir is not NULL,
 * writes dir/index.html and one report per target, dir/scan-ID.html,
 * linked from the table; else writes one self-contained page to out with
 * every report inline under an anchor.  Returns 0, DPG_EIO, DPG_EDB.
 */
int dpg_report_overview(FILE *out, const char *dir, struct dpg_db *db,
			const int64_t *ids, size_t nids, const char *title,
			struct dpg_error *err);

/*
 * The same overview over the targets of the batch run called run (the
 * runs tables of dpgaudit batch), in the run's order; a target with no
 * scan stored (pending, or failed before one) is a row saying so.
 * DPG_ENOTFOUND when there is no such run.
 */
int dpg_report_overview_run(FILE *out, const char *dir, struct dpg_db *db,
			    const char *run, struct dpg_error *err);

#endif
