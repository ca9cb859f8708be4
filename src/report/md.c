/*
 * md.c: the report as Markdown (GitHub-flavoured), to paste into a review
 * comment or an issue: the same content as the HTML page.  Untrusted text
 * goes through rpt_put_md(), which escapes Markdown and HTML syntax and
 * '@' (no mentions); links come from forge.c only.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "dpg/banned.h"

struct mctx {
	FILE *out;
	const struct dpg_scan *s;
	const struct dpg_report_opts *o;
	struct rpt_forge fg;
};

static void place(const struct mctx *m, const struct dpg_finding *f)
{
	char *url;

	if (!f->path) {
		fputs("(project)", m->out);
		return;
	}
	url = rpt_forge_link(&m->fg, m->s->commit_id, f->path, f->line,
			     f->line_end);
	if (url)
		fputs("[", m->out);
	rpt_put_md(m->out, f->path, RPT_SHOW_MAX);
	if (f->line && f->line_end > f->line)
		fprintf(m->out, ":%u-%u", f->line, f->line_end);
	else if (f->line)
		fprintf(m->out, ":%u", f->line);
	if (url)
		fprintf(m->out, "](%s)", url);
	free(url);
}

static void fact(const struct mctx *m, const struct dpg_finding *f)
{
	rpt_put_md(m->out, f->kind, 80);
	if (f->value) {
		fputs(" **", m->out);
		rpt_put_md(m->out, f->value, RPT_SHOW_MAX);
		fputs("**", m->out);
	}
	if (f->score >= 0)
		fprintf(m->out, " (%.2f)", f->score);
}

static int kind_is(const struct dpg_finding *f, const char *k)
{
	return !strcmp(f->kind, k);
}

/* "- fact: place: excerpt" for each finding of kind k */
static size_t list(const struct mctx *m, const char *k, const char *head)
{
	size_t i, n = 0;

	for (i = 0; i < m->s->nfindings; i++) {
		const struct dpg_finding *f = &m->s->findings[i];

		if (!kind_is(f, k))
			continue;
		if (n++ == 0)
			fprintf(m->out, "\n%s:\n\n", head);
		fputs("- ", m->out);
		fact(m, f);
		fputs(": ", m->out);
		place(m, f);
		if (f->excerpt) {
			fputs(": ", m->out);
			rpt_put_md(m->out, f->excerpt, RPT_SHOW_MAX);
		}
		fputs("\n", m->out);
	}
	return n;
}

static void header(const struct mctx *m)
{
	const struct dpg_scan *s = m->s;
	struct rpt_counts c;
	char name[256];

	rpt_counts(s, &c);
	fputs("## dpgaudit: ", m->out);
	rpt_put_md(m->out, rpt_name(s, name, sizeof(name)), 200);
	fprintf(m->out,
		"\n\n**%u met, %u not met, %u for review**; scan %" PRId64
		" of ",
		c.met, c.not_met, c.review, s->id);
	rpt_put_md(m->out, s->target, RPT_SHOW_MAX);
	if (s->commit_id)
		fprintf(m->out, " at commit %.12s", s->commit_id);
	else if (s->rev) {
		fputs(" at ", m->out);
		rpt_put_md(m->out, s->rev, RPT_SHOW_MAX);
	}
	fprintf(m->out, ", %s", s->started_at);
	if (s->types)
		fprintf(m->out, ", for %s", s->types);
	if (s->nomination) {
		fputs(", nomination ", m->out);
		rpt_put_md(m->out, s->nomination, RPT_SHOW_MAX);
	}
	fprintf(m->out, "; status %s", s->status);
	if (s->error) {
		fputs(": ", m->out);
		rpt_put_md(m->out, s->error, RPT_SHOW_MAX);
	}
	fputs("\n", m->out);
}

static void checklist(const struct mctx *m)
{
	int i, any = 0;

	for (i = 1; i < DPG_IND_COUNT; i++) {
		const struct dpg_verdict *v = &m->s->verdicts[i];

		if (!v->verdict)
			continue;
		if (!any++)
			fputs("\n| # | Indicator | Verdict | Reason | Missing |"
			      "\n|---|---|---|---|---|\n",
			      m->out);
		fprintf(m->out, "| %s | %s | **%s** | ", dpg_indicator_code(i),
			dpg_indicator_title(i), v->verdict);
		rpt_put_md(m->out, v->reason, 0);
		fputs(" | ", m->out);
		rpt_put_md(m->out, v->missing, 0);
		fputs(" |\n", m->out);
	}
}

static void license(const struct mctx *m)
{
	static const char *const decl[] = {"license-text", "license-manifest",
					   "license-notice", "spdx-tag",
					   "license-reference"};
	struct rpt_ind x;
	size_t i, j, n = 0;

	fputs("\n### License\n", m->out);
	if (!list(m, "project-license", "Project license"))
		fputs("\nNo license was found for the project.\n", m->out);
	rpt_ind_build(&x, m->s, DPG_IND_LICENSE, 1);
	for (i = 0; i < x.ng; i++) {
		const struct dpg_finding *f = x.g[i].f[0];

		for (j = 0; j < DPG_ARRAY_SIZE(decl); j++)
			if (kind_is(f, decl[j]))
				break;
		if (j == DPG_ARRAY_SIZE(decl))
			continue;
		if (n++ == 0)
			fputs("\n| Declaration | License | Files | First "
			      "places |\n|---|---|---:|---|\n",
			      m->out);
		fprintf(m->out, "| %s | ", f->kind);
		rpt_put_md(m->out, f->value, RPT_SHOW_MAX);
		fprintf(m->out, " | %zu | ", x.g[i].n);
		for (j = 0; j < x.g[i].n && j < RPT_SHOW_PLACES; j++) {
			fputs(j ? ", " : "", m->out);
			place(m, x.g[i].f[j]);
		}
		fputs(" |\n", m->out);
	}
	rpt_ind_release(&x);
	list(m, "license-acceptance", "Acceptance per solution type");
	list(m, "license-scope", "Scopes");
	list(m, "license-conflict", "Conflicts");
	list(m, "license-vendored", "Vendored code");
	list(m, "license-text",
	     "License texts (near matches say what "
	     "differs)");
	list(m, "license-unmatched", "License files not recognised");
}

static void sdg(const struct mctx *m)
{
	size_t i, j, n = 0;

	fputs("\n### SDG relevance\n", m->out);
	for (i = 0; i < m->s->nfindings; i++) {
		const struct dpg_finding *f = &m->s->findings[i];
		int goal = f->value ? atoi(f->value) : 0;

		if (!kind_is(f, "sdg-goal"))
			continue;
		if (n++ == 0)
			fputs("\n| Goal | Score | Strength | Best excerpts |\n"
			      "|---|---:|---|---|\n",
			      m->out);
		fprintf(m->out, "| SDG %d ", goal);
		rpt_put_md(m->out, dpg_sdg_goal_name(goal), 80);
		fprintf(m->out, " | %.2f | ", f->score < 0 ? 0 : f->score);
		rpt_put_md(m->out, f->excerpt, 20);
		fputs(" | ", m->out);
		for (j = 0; j < m->s->nfindings; j++) {
			const struct dpg_finding *e = &m->s->findings[j];

			if (!kind_is(e, "sdg-evidence") || !e->value ||
			    !f->value || strcmp(e->value, f->value))
				continue;
			place(m, e);
			fputs(": ", m->out);
			rpt_put_md(m->out, e->excerpt, 160);
			fputs("<br>", m->out);
		}
		fputs(" |\n", m->out);
	}
	if (!n)
		fputs("\nNo goal has more than weak evidence in the "
		      "repository's texts.\n",
		      m->out);
}

static void evidence(const struct mctx *m)
{
	size_t i, j, show;
	int ind;

	fputs("\n### Evidence\n\n(0.60) = strength or confidence, 0 to 1; "
	      "(project) = a fact about the whole project.\n",
	      m->out);
	for (ind = 1; ind < DPG_IND_COUNT; ind++) {
		struct rpt_ind x;

		rpt_ind_build(&x, m->s, ind, m->o->verbose);
		if (!x.ng && !x.deps_folded) {
			rpt_ind_release(&x);
			continue;
		}
		fprintf(m->out, "\n<details><summary>%s %s</summary>\n\n",
			dpg_indicator_code(ind), dpg_indicator_title(ind));
		for (i = 0; i < x.ng; i++) {
			show = m->o->verbose ? x.g[i].n : RPT_SHOW_PLACES;
			fputs("- ", m->out);
			fact(m, x.g[i].f[0]);
			if (x.g[i].n > 1)
				fprintf(m->out, " [%zu places]", x.g[i].n);
			for (j = 0; j < x.g[i].n && j < show; j++) {
				const struct dpg_finding *f = x.g[i].f[j];

				fputs(x.g[i].n > 1 ? "\n  - " : ": ", m->out);
				place(m, f);
				if (f->excerpt) {
					fputs(": ", m->out);
					rpt_put_md(m->out, f->excerpt,
						   RPT_SHOW_MAX);
				}
			}
			if (x.g[i].n > j)
				fprintf(m->out, "\n  - +%zu more",
					x.g[i].n - j);
			fputs("\n", m->out);
		}
		if (x.deps_folded)
			fprintf(m->out,
				"- %zu dependencies read, %zu not flagged and "
				"not listed\n",
				x.ndeps, x.deps_folded);
		fputs("\n</details>\n", m->out);
		rpt_ind_release(&x);
	}
}

static void unread(const struct mctx *m)
{
	struct rpt_unread_list l;
	size_t i;

	rpt_unread_build(&l, m->s);
	if (l.n)
		fprintf(m->out, "\n### Not read or not understood (%zu)\n\n",
			l.n);
	for (i = 0; i < l.n; i++) {
		const struct rpt_unread *u = &l.v[i];

		fputs("- ", m->out);
		rpt_put_md(m->out, u->what, 80);
		fputs(i < l.nskips ? " (skipped): " : ": ", m->out);
		rpt_put_md(m->out, u->path ? u->path : "(project)",
			   RPT_SHOW_MAX);
		if (u->owned)
			fprintf(m->out,
				"/ (%zu findings, shown as evidence, "
				"never counted)",
				u->count);
		if (u->line)
			fprintf(m->out, ":%u", u->line);
		if (u->detail) {
			fputs(": ", m->out);
			rpt_put_md(m->out, u->detail, RPT_SHOW_MAX);
		}
		fputs("\n", m->out);
	}
	rpt_unread_release(&l);
}

int report_md(FILE *out, const struct dpg_scan *s,
	      const struct dpg_report_opts *o, struct dpg_error *err)
{
	struct mctx m = {out, s, o, {0, ""}};

	rpt_forge_parse(&m.fg, s->target);
	header(&m);
	checklist(&m);
	license(&m);
	sdg(&m);
	if (s->nomination) {
		fputs("\n### Nomination\n", out);
		if (!list(&m, "nomination-mismatch",
			  "What the record claims and the files do not show"))
			fputs("\nEvery claim checked agrees with the files.\n",
			      out);
		list(&m, "nomination-note", "Notes");
	}
	evidence(&m);
	unread(&m);
	fprintf(out, "\n<sub>dpgaudit %s", dpg_version);
	if (s->tool_version && strcmp(s->tool_version, dpg_version)) {
		fputs(" (scanned by ", out);
		rpt_put_md(out, s->tool_version, 40);
		fputs(")", out);
	}
	fputs("</sub>\n", out);
	if (ferror(out))
		return dpg_error_set(err, DPG_EIO, "cannot write the report");
	return 0;
}
