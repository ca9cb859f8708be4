/*
 * html.c: one self-contained HTML page per scan: no network, no external
 * asset, no script (the Content-Security-Policy allows none), prints
 * well.  Every untrusted string goes through rpt_put_html(); links are
 * made only by forge.c from a recognised forge URL and a commit id.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static const char css[] =
	":root{--met:#1a7f37;--not:#cf222e;--rev:#9a6700;--mut:#57606a;"
	"--bd:#d0d7de}\n"
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;"
	"margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1f2328}\n"
	"h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;"
	"border-bottom:1px solid var(--bd);padding-bottom:.2rem;"
	"margin-top:2rem}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}\n"
	"code,.ex{font-family:ui-monospace,Menlo,Consolas,monospace;"
	"font-size:.85em;overflow-wrap:anywhere}\n"
	".ex{white-space:pre-wrap;color:#24292f;background:#f6f8fa;"
	"padding:.1rem .3rem;border-radius:3px;display:inline-block;"
	"max-width:100%}\n"
	".badge{display:inline-block;min-width:4.5rem;text-align:center;"
	"border-radius:1rem;padding:0 .5rem;font-weight:600;font-size:.85rem;"
	"border:2px solid}\n"
	".met{color:var(--met)}.not-met{color:var(--not)}.review{"
	"color:var(--rev)}\n"
	"ol.checklist{list-style:none;padding:0}ol.checklist li{padding:"
	".5rem 0;border-bottom:1px solid var(--bd)}\n"
	"ol.checklist .ind{font-weight:600;margin-left:.5rem}.reason{"
	"margin:.2rem 0 0 5.5rem}.missing{margin:.1rem 0 0 5.5rem;"
	"color:var(--mut)}\n"
	"table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{"
	"border:1px solid var(--bd);padding:.25rem .45rem;text-align:left;"
	"vertical-align:top}th{background:#f6f8fa}td.w{min-width:11rem}\n"
	".summary{font-size:1.05rem}.meta dt{float:left;clear:left;width:"
	"9rem;color:var(--mut)}.meta dd{margin-left:10rem}\n"
	"ins{background:#dafbe1;text-decoration:none}del{background:#ffebe9}"
	"\n.bar{fill:#0969da}.track{fill:#eaeef2}svg text{font-size:12px;"
	"fill:#1f2328}\n.muted{color:var(--mut)}a{color:#0969da}\n"
	"@media print{body{max-width:none;font-size:11pt}a{color:inherit;"
	"text-decoration:none}h2{break-after:avoid}li,tr{break-inside:"
	"avoid}.ex{background:none;border:1px solid var(--bd)}nav{"
	"display:none}}\n";

/* default-src 'none': no fetch, image, font, frame, script; the inline
 * style element only.  script_hash adds one script (the overview's). */
void html_head(FILE *out, const char *title, const char *script_hash,
	       const char *extra_css)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
	      "charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-"
	      "Policy\" content=\"default-src 'none'; style-src "
	      "'unsafe-inline'; img-src data:; base-uri 'none'; form-action "
	      "'none'",
	      out);
	if (script_hash)
		fprintf(out, "; script-src '%s'", script_hash);
	fputs("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<meta "
	      "name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n<title>",
	      out);
	rpt_put_html(out, title, 200);
	fprintf(out, "</title>\n<style>\n%s%s</style>\n</head>\n", css,
		extra_css ? extra_css : "");
}

static const char *vclass(const char *v)
{
	return !strcmp(v, "met")       ? "met"
	       : !strcmp(v, "not met") ? "not-met"
				       : "review";
}

/* path:line, linked to the file at the scanned commit on a forge */
static void place(FILE *out, const struct dpg_scan *s,
		  const struct rpt_forge *fg, const struct dpg_finding *f)
{
	char *url;

	if (!f->path) {
		fputs("<span class=\"muted\">(project)</span>", out);
		return;
	}
	url = rpt_forge_link(fg, s->commit_id, f->path, f->line, f->line_end);
	if (url) {
		fputs("<a rel=\"noopener noreferrer\" href=\"", out);
		rpt_put_html(out, url, 0);
		fputs("\">", out);
	}
	fputs("<code>", out);
	rpt_put_html(out, f->path, RPT_SHOW_MAX);
	if (f->line && f->line_end > f->line)
		fprintf(out, ":%u-%u", f->line, f->line_end);
	else if (f->line)
		fprintf(out, ":%u", f->line);
	fputs("</code>", out);
	if (url)
		fputs("</a>", out);
	free(url);
}

static void excerpt(FILE *out, const char *s)
{
	if (!s)
		return;
	fputs("<span class=\"ex\">", out);
	rpt_put_html(out, s, RPT_SHOW_MAX);
	fputs("</span>", out);
}

/* A near match's differences ("changed line 5 'a' to 'b'; removed at line
 * 9 'c'; added lines 3-4 'd'") with the quoted spans marked up. */
static void near_diff(FILE *out, const char *ex)
{
	char *c = rpt_clean(ex, 2000), *p = c;
	int kind = 0, nq = 0; /* 1 changed, 2 removed, 3 added */

	fputs("<span class=\"ex\">", out);
	while (*p) {
		char *q;

		/* each difference starts with its verb, after "near N: " or
		 * "; " */
		if ((p == c || p[-1] == ' ') &&
		    (dpg_starts_with(p, "changed") ||
		     dpg_starts_with(p, "removed") ||
		     dpg_starts_with(p, "added") ||
		     dpg_starts_with(p, "followed") ||
		     dpg_starts_with(p, "preceded"))) {
			kind = *p == 'c'   ? 1
			       : *p == 'r' ? 2
			       : *p == 'a' ? 3
					   : 0;
			nq = 0;
		}
		if (*p != '\'' || !(q = strchr(p + 1, '\'')) ||
		    (q[1] && !strchr(" ;,.", q[1]))) {
			rpt_html_esc(out, p, 1);
			p++;
			continue;
		}
		*q = '\0';
		nq++;
		fputs(kind == 2 || (kind == 1 && nq == 1) ? "<del>"
		      : kind				  ? "<ins>"
							  : "'",
		      out);
		rpt_html_esc(out, p + 1, strlen(p + 1));
		fputs(kind == 2 || (kind == 1 && nq == 1) ? "</del>"
		      : kind				  ? "</ins>"
							  : "'",
		      out);
		p = q + 1;
	}
	fputs("</span>", out);
	free(c);
}

static void checklist(FILE *out, const struct dpg_scan *s, const char *pre)
{
	int i;

	fprintf(out,
		"<section id=\"%schecklist\">\n<h2>The nine indicators"
		"</h2>\n<ol class=\"checklist\">\n",
		pre);
	for (i = 1; i < DPG_IND_COUNT; i++) {
		const struct dpg_verdict *v = &s->verdicts[i];

		if (!v->verdict)
			continue;
		fprintf(out,
			"<li id=\"%sind-%s\" data-verdict=\"%s\"><span "
			"class=\"badge %s\">%s</span><span class=\"ind\">"
			"<a href=\"#%sev-%s\">%s %s</a></span>\n",
			pre, dpg_indicator_code(i), v->verdict,
			vclass(v->verdict), v->verdict, pre,
			dpg_indicator_code(i), dpg_indicator_code(i),
			dpg_indicator_title(i));
		if (v->reason && *v->reason) {
			fputs("<p class=\"reason\">", out);
			rpt_put_html(out, v->reason, 0);
			fputs("</p>\n", out);
		}
		if (v->missing) {
			fputs("<p class=\"missing\">Missing: ", out);
			rpt_put_html(out, v->missing, 0);
			fputs("</p>\n", out);
		}
		fputs("</li>\n", out);
	}
	fputs("</ol>\n</section>\n", out);
}

static int kind_is(const struct dpg_finding *f, const char *k)
{
	return !strcmp(f->kind, k);
}

/* Rows of the findings of kind k: value, score, place, excerpt. */
static size_t rows(FILE *out, const struct dpg_scan *s,
		   const struct rpt_forge *fg, const char *k, const char *head)
{
	size_t i, n = 0;

	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (!kind_is(f, k))
			continue;
		if (n++ == 0)
			fprintf(out,
				"<h3>%s</h3>\n<table><tr><th>what</th><th>"
				"where</th><th>evidence</th></tr>\n",
				head);
		fputs("<tr><td>", out);
		rpt_put_html(out, f->value, RPT_SHOW_MAX);
		if (f->score >= 0)
			fprintf(out, " <span class=\"muted\">(%.2f)</span>",
				f->score);
		fputs("</td><td class=\"w\">", out);
		place(out, s, fg, f);
		fputs("</td><td>", out);
		if (kind_is(f, "license-text") && f->excerpt &&
		    dpg_starts_with(f->excerpt, "near"))
			near_diff(out, f->excerpt);
		else
			excerpt(out, f->excerpt);
		fputs("</td></tr>\n", out);
	}
	if (n)
		fputs("</table>\n", out);
	return n;
}

static void license(FILE *out, const struct dpg_scan *s,
		    const struct rpt_forge *fg, const char *pre)
{
	static const char *const decl[] = {"license-text", "license-manifest",
					   "license-notice", "spdx-tag",
					   "license-reference"};
	struct rpt_ind x;
	size_t i, j, n = 0;

	fprintf(out, "<section id=\"%slicense\">\n<h2>License</h2>\n", pre);
	if (!rows(out, s, fg, "project-license", "Project license"))
		fputs("<p>No license was found for the project.</p>\n", out);
	rpt_ind_build(&x, s, DPG_IND_LICENSE, 1);
	for (i = 0; i < x.ng; i++) {
		const struct dpg_finding *f = x.g[i].f[0];

		for (j = 0; j < DPG_ARRAY_SIZE(decl); j++)
			if (kind_is(f, decl[j]))
				break;
		if (j == DPG_ARRAY_SIZE(decl))
			continue;
		if (n++ == 0)
			fputs("<h3>Declarations per file</h3>\n<table><tr><th>"
			      "kind</th><th>license</th><th>files</th><th>"
			      "first places</th></tr>\n",
			      out);
		fprintf(out, "<tr><td>%s</td><td>", f->kind);
		rpt_put_html(out, f->value, RPT_SHOW_MAX);
		fprintf(out, "</td><td>%zu</td><td>", x.g[i].n);
		for (j = 0; j < x.g[i].n && j < RPT_SHOW_PLACES; j++) {
			fputs(j ? ", " : "", out);
			place(out, s, fg, x.g[i].f[j]);
		}
		fputs("</td></tr>\n", out);
	}
	if (n)
		fputs("</table>\n", out);
	rpt_ind_release(&x);
	rows(out, s, fg, "license-acceptance", "Acceptance per solution type");
	rows(out, s, fg, "license-scope", "Scopes");
	rows(out, s, fg, "license-conflict", "Conflicts");
	rows(out, s, fg, "license-vendored", "Vendored code");
	rows(out, s, fg, "license-text",
	     "License texts (near matches show "
	     "what differs)");
	rows(out, s, fg, "license-unmatched", "License files not recognised");
	fputs("</section>\n", out);
}

static void sdg(FILE *out, const struct dpg_scan *s, const struct rpt_forge *fg,
		const char *pre)
{
	size_t i, j, n = 0, k;

	for (i = 0; i < s->nfindings; i++)
		n += kind_is(&s->findings[i], "sdg-goal");
	fprintf(out, "<section id=\"%ssdg\">\n<h2>SDG relevance</h2>\n", pre);
	if (!n) {
		fputs("<p>No goal has more than weak evidence in the "
		      "repository's texts.</p>\n</section>\n",
		      out);
		return;
	}
	fprintf(out,
		"<svg class=\"chart\" role=\"img\" aria-label=\"relevance "
		"per goal\" width=\"680\" height=\"%zu\" viewBox=\"0 0 680 "
		"%zu\">\n",
		n * 26 + 4, n * 26 + 4);
	for (i = 0, k = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];
		int goal = f->value ? atoi(f->value) : 0;
		double sc = f->score < 0 ? 0 : f->score > 1 ? 1 : f->score;

		if (!kind_is(f, "sdg-goal"))
			continue;
		fprintf(out, "<text x=\"0\" y=\"%zu\">SDG %d ", k * 26 + 17,
			goal);
		rpt_put_html(out, dpg_sdg_goal_name(goal), 80);
		fprintf(out,
			"</text><rect class=\"track\" x=\"330\" y=\"%zu\" "
			"width=\"240\" height=\"16\"/><rect class=\"bar\" "
			"x=\"330\" y=\"%zu\" width=\"%.0f\" height=\"16\"/>"
			"<text x=\"578\" y=\"%zu\">%.2f ",
			k * 26 + 4, k * 26 + 4, sc * 240, k * 26 + 17, sc);
		rpt_put_html(out, f->excerpt, 20);
		fputs("</text>\n", out);
		k++;
	}
	fputs("</svg>\n", out);
	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (!kind_is(f, "sdg-goal"))
			continue;
		fputs("<h3>SDG ", out);
		rpt_put_html(out, f->value, 8);
		fputs(": ", out);
		rpt_put_html(out,
			     dpg_sdg_goal_name(f->value ? atoi(f->value) : 0),
			     80);
		fputs("</h3>\n<ul>\n", out);
		for (j = 0; j < s->nfindings; j++) {
			const struct dpg_finding *e = &s->findings[j];

			if (!kind_is(e, "sdg-evidence") || !e->value ||
			    !f->value || strcmp(e->value, f->value))
				continue;
			fputs("<li>", out);
			place(out, s, fg, e);
			if (e->score >= 0)
				fprintf(out, " (%.2f)", e->score);
			fputs(" ", out);
			excerpt(out, e->excerpt);
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	fputs("</section>\n", out);
}

static void nomination(FILE *out, const struct dpg_scan *s,
		       const struct rpt_forge *fg, const char *pre)
{
	if (!s->nomination)
		return;
	fprintf(out, "<section id=\"%snomination\">\n<h2>Nomination ", pre);
	rpt_put_html(out, s->nomination, RPT_SHOW_MAX);
	fputs("</h2>\n", out);
	if (!rows(out, s, fg, "nomination-mismatch",
		  "What the record claims and the files do not show"))
		fputs("<p>Every claim checked agrees with the files.</p>\n",
		      out);
	rows(out, s, fg, "nomination-note", "Notes");
	rows(out, s, fg, "nomination-claim", "Claims checked");
	fputs("</section>\n", out);
}

static void evidence(FILE *out, const struct dpg_scan *s,
		     const struct rpt_forge *fg, const char *pre)
{
	int ind;
	size_t i, j;

	fprintf(out,
		"<section id=\"%sevidence\">\n<h2>Evidence</h2>\n<p "
		"class=\"muted\">Each fact with its place (path:line) and the "
		"text matched; the number after a value is its strength or "
		"confidence, 0 to 1.</p>\n",
		pre);
	for (ind = 1; ind < DPG_IND_COUNT; ind++) {
		struct rpt_ind x;

		rpt_ind_build(&x, s, ind, 0);
		fprintf(out, "<h3 id=\"%sev-%s\">%s %s</h3>\n", pre,
			dpg_indicator_code(ind), dpg_indicator_code(ind),
			dpg_indicator_title(ind));
		if (x.ng)
			fputs("<table><tr><th>fact</th><th>where</th><th>"
			      "evidence</th></tr>\n",
			      out);
		for (i = 0; i < x.ng; i++)
			for (j = 0; j < x.g[i].n; j++) {
				const struct dpg_finding *f = x.g[i].f[j];

				fputs("<tr><td>", out);
				rpt_put_html(out, f->kind, 80);
				if (f->value) {
					fputs(" ", out);
					rpt_put_html(out, f->value,
						     RPT_SHOW_MAX);
				}
				if (f->score >= 0)
					fprintf(out, " (%.2f)", f->score);
				fputs("</td><td class=\"w\">", out);
				place(out, s, fg, f);
				fputs("</td><td>", out);
				excerpt(out, f->excerpt);
				fputs("</td></tr>\n", out);
			}
		if (x.ng)
			fputs("</table>\n", out);
		if (x.deps_folded)
			fprintf(out,
				"<p>%zu dependencies read, %zu not flagged "
				"(the JSON report lists them all).</p>\n",
				x.ndeps, x.deps_folded);
		if (!x.ng && !x.deps_folded)
			fputs("<p class=\"muted\">Nothing found.</p>\n", out);
		rpt_ind_release(&x);
	}
	fputs("</section>\n", out);
}

static void unread(FILE *out, const struct dpg_scan *s, const char *pre)
{
	struct rpt_unread_list l;
	size_t i;

	rpt_unread_build(&l, s);
	fprintf(out,
		"<section id=\"%sunread\">\n<h2>Not read or not understood"
		"</h2>\n",
		pre);
	if (!l.n)
		fputs("<p>Every file was read.</p>\n", out);
	else
		fputs("<table><tr><th>what</th><th>path</th><th>detail</th>"
		      "</tr>\n",
		      out);
	for (i = 0; i < l.n; i++) {
		const struct rpt_unread *u = &l.v[i];

		fputs("<tr><td>", out);
		rpt_put_html(out, u->what, 80);
		if (i < l.nskips)
			fputs(" (skipped)", out);
		fputs("</td><td><code>", out);
		rpt_put_html(out, u->path ? u->path : "(project)",
			     RPT_SHOW_MAX);
		if (u->owned)
			fputs("/", out);
		if (u->line)
			fprintf(out, ":%u", u->line);
		fputs("</code></td><td>", out);
		if (u->owned)
			fprintf(out,
				"%zu findings inside, shown as evidence, "
				"never counted as the project's",
				u->count);
		else if (i < l.nskips)
			fprintf(out, "%" PRIu64 " bytes", u->size);
		rpt_put_html(out, u->detail, RPT_SHOW_MAX);
		fputs("</td></tr>\n", out);
	}
	if (l.n)
		fputs("</table>\n", out);
	fputs("</section>\n", out);
	rpt_unread_release(&l);
}

static void meta_row(FILE *out, const char *k, const char *v)
{
	if (!v)
		return;
	fprintf(out, "<dt>%s</dt><dd>", k);
	rpt_put_html(out, v, RPT_SHOW_MAX);
	fputs("</dd>\n", out);
}

static void meta(FILE *out, const struct dpg_scan *s, const char *pre)
{
	char buf[128];

	fprintf(out,
		"<section id=\"%smeta\">\n<h2>Scan</h2>\n<dl "
		"class=\"meta\">\n",
		pre);
	snprintf(buf, sizeof(buf), "%" PRId64, s->id);
	meta_row(out, "scan", buf);
	meta_row(out, "target", s->target);
	meta_row(out, "kind", s->kind);
	meta_row(out, "archive format", s->format);
	meta_row(out, "revision", s->rev);
	meta_row(out, "commit", s->commit_id);
	meta_row(out, "tree", s->tree_id);
	if (s->dirty >= 0)
		meta_row(out, "work tree",
			 s->dirty ? "differs from the commit"
				  : "matches the commit");
	snprintf(buf, sizeof(buf), "%s .. %s", s->started_at, s->finished_at);
	meta_row(out, "time", buf);
	snprintf(buf, sizeof(buf),
		 "%" PRIu64 " (%" PRIu64 " bytes read, %zu skipped)",
		 s->file_count, s->bytes_read, s->nskips);
	meta_row(out, "files", buf);
	meta_row(out, "solution types", s->types);
	meta_row(out, "status", s->status);
	meta_row(out, "error", s->error);
	meta_row(out, "scanned by", s->tool_version);
	/* the fingerprint of the analyzers, rules and vocabularies loaded
	 * (--rules overrides included): equal fingerprints, equal rules */
	meta_row(out, "ruleset",
		 s->fingerprint ? s->fingerprint
				: "the rules/ of that version (and --rules "
				  "overrides, if any)");
	meta_row(out, "report by", dpg_version);
	fputs("</dl>\n</section>\n", out);
}

void html_scan_body(FILE *out, const struct dpg_scan *s, const char *pre,
		    const char *back)
{
	struct rpt_counts c;
	struct rpt_forge fg;
	char name[256];

	rpt_forge_parse(&fg, s->target);
	rpt_counts(s, &c);
	fprintf(out, "<article id=\"%sscan\">\n<header>\n", pre);
	if (back) {
		fputs("<nav><a href=\"", out);
		rpt_put_html(out, back, 0);
		fputs("\">&larr; overview</a></nav>\n", out);
	}
	fputs("<h1>", out);
	rpt_put_html(out, rpt_name(s, name, sizeof(name)), 200);
	fputs("</h1>\n<p class=\"summary\">", out);
	fprintf(out,
		"<span class=\"met\">%u met</span>, <span class=\"not-met\">"
		"%u not met</span>, <span class=\"review\">%u for review"
		"</span>; scan %" PRId64 " of <code>",
		c.met, c.not_met, c.review, s->id);
	rpt_put_html(out, s->target, RPT_SHOW_MAX);
	fputs("</code>", out);
	if (s->commit_id)
		fprintf(out, " at <code>%.12s</code>", s->commit_id);
	fprintf(out, ", %s", s->started_at);
	if (s->types)
		fprintf(out, ", for %s", s->types);
	fprintf(out, "; status %s", s->status);
	if (s->error) {
		fputs(": ", out);
		rpt_put_html(out, s->error, RPT_SHOW_MAX);
	}
	fputs("</p>\n</header>\n", out);
	checklist(out, s, pre);
	license(out, s, &fg, pre);
	sdg(out, s, &fg, pre);
	nomination(out, s, &fg, pre);
	evidence(out, s, &fg, pre);
	unread(out, s, pre);
	meta(out, s, pre);
	fputs("</article>\n", out);
}

int report_html(FILE *out, const struct dpg_scan *s,
		const struct dpg_report_opts *o, struct dpg_error *err)
{
	char name[256], *title;

	title = xasprintf("dpgaudit: %s", rpt_name(s, name, sizeof(name)));
	html_head(out, title, NULL, NULL);
	free(title);
	fputs("<body>\n", out);
	html_scan_body(out, s, "", o->overview_href);
	fprintf(out,
		"<footer class=\"muted\"><p>dpgaudit %s. Verdicts: met = "
		"the evidence a file scan can give is there; not met = "
		"evidence of failure; review = a person decides "
		"(docs/POLICY.md).</p></footer>\n</body>\n</html>\n",
		dpg_version);
	if (ferror(out))
		return dpg_error_set(err, DPG_EIO, "cannot write the report");
	return 0;
}
