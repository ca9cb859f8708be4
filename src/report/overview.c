/*
 * overview.c: one HTML page over many scans (the latest of each target,
 * or a given list): counts at the top, then a table that sorts (click a
 * heading) and filters (type in the box) with one small inline script,
 * the only one the Content-Security-Policy allows (by its hash).  Each
 * row links to the target's report: a file beside the page (a directory
 * of reports) or an anchor in the same page.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "report_int.h"
#include "dpg/db.h"
#include "dpg/util.h"
#include "dpg/banned.h"

/* Change the script and its hash together: t6003 checks the hash. */
static const char script[] =
	"(function(){var t=document.getElementById('ov'),b=t.tBodies[0],"
	"f=document.getElementById('filter'),n=document.getElementById("
	"'shown'),h=t.tHead.rows[0].cells;function upd(){var q=f.value."
	"toLowerCase(),k=0;for(var i=0;i<b.rows.length;i++){var r=b.rows[i],"
	"s=r.textContent.toLowerCase().indexOf(q)>=0;r.hidden=!s;if(s)k++;}"
	"n.textContent=String(k);}function key(r,j){var c=r.cells[j];return "
	"c.getAttribute('data-v')||c.textContent;}function sort(j){var d=h[j]"
	".getAttribute('aria-sort')==='ascending'?-1:1,rs=Array.prototype."
	"slice.call(b.rows);for(var m=0;m<h.length;m++)h[m].removeAttribute("
	"'aria-sort');h[j].setAttribute('aria-sort',d>0?'ascending':"
	"'descending');rs.sort(function(x,y){var a=key(x,j),c=key(y,j),p="
	"parseFloat(a),q=parseFloat(c);if(!isNaN(p)&&!isNaN(q)&&p!==q)return"
	"(p-q)*d;return a.localeCompare(c)*d;});rs.forEach(function(r){b."
	"appendChild(r);});}for(var j=0;j<h.length;j++)h[j].addEventListener"
	"('click',sort.bind(null,j));f.addEventListener('input',upd);upd();"
	"})();";
static const char script_hash[] =
	"sha256-7+ju5gi+S2nEcYyVbXpz7eVydN9sqLBpQG1+X8vyt9s=";

static const char ov_css[] =
	"body{max-width:none}#ov "
	"th{cursor:pointer;user-select:none;white-space:nowrap}"
	"#ov th[aria-sort=ascending]::after{content:' \\25B2'}#ov th"
	"[aria-sort=descending]::after{content:' \\25BC'}#ov td.v{text-align:"
	"center;font-weight:600}.counts span{margin-right:1.2rem}#filter{"
	"font:inherit;padding:.2rem .4rem;width:20rem}@media print{#filter,"
	".hint{display:none}}\n";

struct row {
	int64_t id;
	char *target, *name, *types, *license, *goals, *error, *status;
	const char *verdict[DPG_IND_COUNT];
	struct rpt_counts c;
};

/* The latest scan of each target, oldest target first. */
static int latest_ids(struct dpg_db *db, int64_t **ids, size_t *n,
		      struct dpg_error *err)
{
	sqlite3 *h = dpg_db_handle(db);
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(h,
			       "SELECT max(id) FROM scans GROUP BY target_id "
			       "ORDER BY min(id)",
			       -1, &st, NULL) != SQLITE_OK)
		return dpg_error_set(err, DPG_EDB, "audit database '%s': %s",
				     dpg_db_path(db), sqlite3_errmsg(h));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		dpg_grow(ids, &cap, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return dpg_error_set(err, DPG_EDB, "audit database '%s': %s",
				     dpg_db_path(db), sqlite3_errmsg(h));
	return 0;
}

static const char *vshort(const char *v)
{
	return !v		       ? ""
	       : !strcmp(v, "met")     ? "met"
	       : !strcmp(v, "not met") ? "not met"
				       : "review";
}

static void row_from(struct row *r, const struct dpg_scan *s)
{
	const struct dpg_finding *p = dpg_scan_first(s, "project-license");
	char name[256], goals[256] = "";
	double best[3] = {-1, -1, -1};
	const char *bv[3] = {NULL, NULL, NULL};
	size_t i, k, len = 0;
	int ind;

	memset(r, 0, sizeof(*r));
	r->id = s->id;
	r->target = xstrdup(s->target ? s->target : "");
	r->name = xstrdup(rpt_name(s, name, sizeof(name)));
	r->types = xstrdup(s->types ? s->types : "");
	r->license = xstrdup(p && p->value ? p->value : "");
	r->error = s->error ? xstrdup(s->error) : NULL;
	r->status = xstrdup(s->status ? s->status : "");
	rpt_counts(s, &r->c);
	for (ind = 1; ind < DPG_IND_COUNT; ind++)
		r->verdict[ind] = vshort(s->verdicts[ind].verdict);
	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (strcmp(f->kind, "sdg-goal") || !f->value)
			continue;
		for (k = 0; k < 3 && best[k] >= f->score; k++)
			;
		if (k == 3)
			continue;
		memmove(best + k + 1, best + k, (2 - k) * sizeof(*best));
		memmove(bv + k + 1, bv + k, (2 - k) * sizeof(*bv));
		best[k] = f->score;
		bv[k] = f->value;
	}
	for (k = 0; k < 3 && bv[k]; k++)
		len += (size_t)snprintf(goals + len, sizeof(goals) - len,
					"%sSDG %.8s (%.2f)", k ? ", " : "",
					bv[k], best[k]);
	r->goals = xstrdup(goals);
}

static void row_free(struct row *r)
{
	free(r->target);
	free(r->name);
	free(r->types);
	free(r->license);
	free(r->goals);
	free(r->error);
	free(r->status);
}

static void cell(FILE *out, const char *s)
{
	fputs("<td>", out);
	rpt_put_html(out, s, 200);
	fputs("</td>", out);
}

static void table(FILE *out, const struct row *rows, size_t n, int files)
{
	size_t i;
	int ind;

	fputs("<table id=\"ov\">\n<thead><tr><th>target</th><th>type</th>"
	      "<th>license</th>",
	      out);
	for (ind = 1; ind < DPG_IND_COUNT; ind++)
		fprintf(out, "<th title=\"%s\">%s</th>",
			dpg_indicator_title(ind), dpg_indicator_code(ind));
	fputs("<th>met</th><th>top goals</th><th>errors</th></tr></thead>\n"
	      "<tbody>\n",
	      out);
	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		fprintf(out, "<tr id=\"row-%" PRId64 "\"><td data-v=\"", r->id);
		rpt_put_html(out, r->name, 200);
		fputs("\">", out);
		if (!r->id)
			fputs("<a>", out); /* no scan stored: no report */
		else if (files)
			fprintf(out, "<a href=\"scan-%" PRId64 ".html\">",
				r->id);
		else
			fprintf(out, "<a href=\"#s%" PRId64 "-scan\">", r->id);
		rpt_put_html(out, r->name, 200);
		fputs("</a><br><small class=\"muted\">", out);
		rpt_put_html(out, r->target, 200);
		fputs("</small></td>", out);
		cell(out, r->types);
		cell(out, r->license);
		for (ind = 1; ind < DPG_IND_COUNT; ind++) {
			const char *v = r->verdict[ind];

			fprintf(out, "<td class=\"v %s\" data-v=\"%d\">%s</td>",
				!*v		       ? ""
				: !strcmp(v, "met")    ? "met"
				: !strcmp(v, "review") ? "review"
						       : "not-met",
				!*v		       ? -1
				: !strcmp(v, "met")    ? 2
				: !strcmp(v, "review") ? 1
						       : 0,
				!*v ? "-" : v);
		}
		fprintf(out, "<td data-v=\"%u\">%u</td>", r->c.met, r->c.met);
		cell(out, r->goals);
		fputs("<td>", out);
		if (r->error)
			rpt_put_html(out, r->error, 200);
		else if (strcmp(r->status, "ok"))
			rpt_put_html(out, r->status, 40);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static void counts(FILE *out, const struct row *rows, size_t n)
{
	size_t i, failed = 0;
	unsigned int met = 0, not = 0, rev = 0, with_not = 0;

	for (i = 0; i < n; i++) {
		failed += rows[i].error != NULL || strcmp(rows[i].status, "ok");
		met += rows[i].c.met;
		not += rows[i].c.not_met;
		rev += rows[i].c.review;
		with_not += rows[i].c.not_met > 0;
	}
	fprintf(out,
		"<p class=\"counts\"><span><b>%zu</b> targets</span><span>"
		"<b>%zu</b> failed</span><span><b>%u</b> with an indicator "
		"not met</span><span class=\"met\">%u met</span><span "
		"class=\"not-met\">%u not met</span><span class=\"review\">"
		"%u for review</span></p>\n",
		n, failed, with_not, met, not, rev);
}

static int write_report(const char *dir, const struct dpg_scan *s,
			struct dpg_error *err)
{
	struct dpg_report_opts o = DPG_REPORT_OPTS_INIT;
	char *path = xasprintf("%s/scan-%" PRId64 ".html", dir, s->id);
	FILE *f = fopen(path, "w");
	int rc;

	if (!f) {
		rc = dpg_error_set(err, DPG_EIO, "cannot write '%s'", path);
		free(path);
		return rc;
	}
	o.format = DPG_FMT_HTML;
	o.overview_href = "index.html";
	rc = report_html(f, s, &o, err);
	if (fclose(f) != 0 && rc == 0)
		rc = dpg_error_set(err, DPG_EIO, "cannot write '%s'", path);
	free(path);
	return rc;
}

static int page(FILE *out, const char *dir, struct dpg_db *db,
		const struct row *rows, size_t n, const char *title,
		struct dpg_error *err)
{
	size_t i;
	int rc = 0;

	html_head(out, title, script_hash, ov_css);
	fputs("<body>\n<header>\n<h1>", out);
	rpt_put_html(out, title, 200);
	fputs("</h1>\n", out);
	counts(out, rows, n);
	fprintf(out,
		"<p><input id=\"filter\" type=\"search\" placeholder=\"filter "
		"the rows\" aria-label=\"filter the rows\"> <span "
		"class=\"hint muted\"><span id=\"shown\">%zu</span> shown; "
		"click a heading to sort</span></p>\n</header>\n",
		n);
	table(out, rows, n, dir != NULL);
	for (i = 0; !dir && i < n && rc == 0; i++) {
		struct dpg_scan s;
		char pre[32];

		if (!rows[i].id)
			continue; /* no scan stored */
		dpg_scan_init(&s);
		rc = dpg_db_load_scan(db, rows[i].id, &s, err);
		snprintf(pre, sizeof(pre), "s%" PRId64 "-", rows[i].id);
		if (rc == 0)
			html_scan_body(out, &s, pre, "#ov");
		dpg_scan_release(&s);
	}
	fprintf(out,
		"<footer class=\"muted\"><p>dpgaudit %s</p></footer>\n"
		"<script>%s</script>\n</body>\n</html>\n",
		dpg_version, script);
	if (rc == 0 && ferror(out))
		rc = dpg_error_set(err, DPG_EIO, "cannot write the overview");
	return rc;
}

/* The page over the scans ids[0..nids), then the rows of extra (targets
 * with no scan), which it takes over. */
static int overview(FILE *out, const char *dir, struct dpg_db *db,
		    const int64_t *ids, size_t nids, struct row *extra,
		    size_t nextra, const char *title, struct dpg_error *err)
{
	struct row *rows;
	size_t i, n = 0;
	int rc = 0;

	rows = xcalloc(nids + nextra + 1, sizeof(*rows));
	for (i = 0; i < nids && rc == 0; i++) {
		struct dpg_scan s;

		dpg_scan_init(&s);
		rc = dpg_db_load_scan(db, ids[i], &s, err);
		if (rc == 0) {
			row_from(&rows[n++], &s);
			if (dir)
				rc = write_report(dir, &s, err);
		}
		dpg_scan_release(&s);
	}
	for (i = 0; i < nextra; i++)
		rows[n++] = extra[i];
	if (rc == 0 && dir) {
		char *path = xasprintf("%s/index.html", dir);
		FILE *f = fopen(path, "w");

		if (!f) {
			rc = dpg_error_set(err, DPG_EIO, "cannot write '%s'",
					   path);
		} else {
			rc = page(f, dir, db, rows, n,
				  title ? title : "dpgaudit overview", err);
			if (fclose(f) != 0 && rc == 0)
				rc = dpg_error_set(err, DPG_EIO,
						   "cannot write '%s'", path);
		}
		free(path);
	} else if (rc == 0) {
		rc = page(out, NULL, db, rows, n,
			  title ? title : "dpgaudit overview", err);
	}
	for (i = 0; i < n; i++)
		row_free(&rows[i]);
	free(rows);
	return rc;
}

int dpg_report_overview(FILE *out, const char *dir, struct dpg_db *db,
			const int64_t *ids, size_t nids, const char *title,
			struct dpg_error *err)
{
	int64_t *all = NULL;
	int rc = 0;

	if (!ids) {
		if ((rc = latest_ids(db, &all, &nids, err)) < 0)
			return rc;
		ids = all;
	}
	rc = overview(out, dir, db, ids, nids, NULL, 0, title, err);
	free(all);
	return rc;
}

int dpg_report_overview_run(FILE *out, const char *dir, struct dpg_db *db,
			    const char *run, struct dpg_error *err)
{
	sqlite3 *h = dpg_db_handle(db);
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL, run_id = 0;
	struct row *extra = NULL;
	size_t nids = 0, cap = 0, nextra = 0, ecap = 0;
	char *title;
	int rc;

	if (sqlite3_prepare_v2(h, "SELECT id FROM runs WHERE name = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return dpg_error_set(err, DPG_EDB,
				     "audit database '%s' has no batch runs "
				     "(%s)",
				     dpg_db_path(db), sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, run, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		run_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (!run_id)
		return dpg_error_set(err, DPG_ENOTFOUND,
				     "no batch run '%s' in '%s'", run,
				     dpg_db_path(db));
	if (sqlite3_prepare_v2(h,
			       "SELECT scan_id, target, status FROM run_items "
			       "WHERE run_id = ?1 ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		return dpg_error_set(err, DPG_EDB, "audit database '%s': %s",
				     dpg_db_path(db), sqlite3_errmsg(h));
	sqlite3_bind_int64(st, 1, run_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 1);
		const char *status = (const char *)sqlite3_column_text(st, 2);
		struct row *r;
		int ind;

		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			dpg_grow(&ids, &cap, nids + 1, sizeof(*ids));
			ids[nids++] = sqlite3_column_int64(st, 0);
			continue;
		}
		/* no scan stored (yet): a row saying so */
		dpg_grow(&extra, &ecap, nextra + 1, sizeof(*extra));
		r = &extra[nextra++];
		memset(r, 0, sizeof(*r));
		r->target = xstrdup(t ? t : "");
		r->name = xstrdup(r->target);
		r->types = xstrdup("");
		r->license = xstrdup("");
		r->goals = xstrdup("");
		r->status = xstrdup(status ? status : "");
		r->error = xasprintf("no scan stored: %s", r->status);
		for (ind = 1; ind < DPG_IND_COUNT; ind++)
			r->verdict[ind] = "";
	}
	sqlite3_finalize(st);
	title = xasprintf("dpgaudit overview: batch run %s", run);
	rc = rc != SQLITE_DONE
		     ? dpg_error_set(err, DPG_EDB, "audit database '%s': %s",
				     dpg_db_path(db), sqlite3_errmsg(h))
		     : overview(out, dir, db, ids, nids, extra, nextra, title,
				err);
	free(title);
	free(ids);
	free(extra);
	return rc;
}
