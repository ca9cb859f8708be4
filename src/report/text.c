/*
 * text.c: the report for a person at a terminal.  Every string that
 * comes from the target goes through rpt_put() (escaped, cut when huge);
 * colour only when the caller asks (a terminal, no NO_COLOR).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define C_BOLD	"1"
#define C_GREEN "32"
#define C_RED	"31"
#define C_YEL	"33"
#define C_DIM	"2"

struct tctx {
	FILE *out;
	const struct dpg_scan *s;
	const struct dpg_report_opts *o;
};

static void col(const struct tctx *t, const char *code)
{
	if (t->o->color)
		fprintf(t->out, "\033[%sm", code);
}

static void uncol(const struct tctx *t)
{
	if (t->o->color)
		fputs("\033[0m", t->out);
}

static const char *verdict_colour(const char *v)
{
	return !strcmp(v, "met")       ? C_GREEN
	       : !strcmp(v, "not met") ? C_RED
				       : C_YEL;
}

static void put_place(FILE *out, const struct dpg_finding *f)
{
	if (!f->path) {
		fputs("(project)", out);
		return;
	}
	rpt_put(out, f->path, RPT_SHOW_MAX);
	if (f->line && f->line_end > f->line)
		fprintf(out, ":%u-%u", f->line, f->line_end);
	else if (f->line)
		fprintf(out, ":%u", f->line);
}

static void put_summary(const struct tctx *t)
{
	struct rpt_counts c;

	rpt_counts(t->s, &c);
	fputs("summary   ", t->out);
	col(t, C_GREEN);
	fprintf(t->out, "%u met", c.met);
	uncol(t);
	fputs(", ", t->out);
	if (c.not_met)
		col(t, C_RED);
	fprintf(t->out, "%u not met", c.not_met);
	if (c.not_met)
		uncol(t);
	fputs(", ", t->out);
	if (c.review)
		col(t, C_YEL);
	fprintf(t->out, "%u review", c.review);
	if (c.review)
		uncol(t);
	fprintf(t->out, "; status %s", t->s->status);
	if (t->s->error) {
		fputs(": ", t->out);
		rpt_put(t->out, t->s->error, RPT_SHOW_MAX);
	}
	fputs("\n", t->out);
}

static void put_group(const struct tctx *t, const struct rpt_group *g)
{
	const struct dpg_finding *f = g->f[0];
	size_t i, show = t->o->verbose ? g->n : RPT_SHOW_PLACES, nex = 0;
	int same = 1;

	fputs("   ", t->out);
	rpt_put(t->out, f->kind, RPT_SHOW_MAX);
	if (f->value) {
		fputs(" ", t->out);
		rpt_put(t->out, f->value, RPT_SHOW_MAX);
	}
	if (f->score >= 0)
		fprintf(t->out, " (%.2f)", f->score);
	if (g->n > 1)
		fprintf(t->out, " [%zu]", g->n);
	fputs(":", t->out);
	for (i = 0; i < g->n && i < show; i++) {
		fputs(i ? ", " : " ", t->out);
		put_place(t->out, g->f[i]);
		nex += g->f[i]->excerpt != NULL;
		if (i && strcmp(g->f[i]->excerpt ? g->f[i]->excerpt : "",
				f->excerpt ? f->excerpt : ""))
			same = 0;
	}
	if (g->n > i)
		fprintf(t->out, ", +%zu more", g->n - i);
	fputs("\n", t->out);
	if (!nex)
		return;
	if (same) {
		fputs("      ", t->out);
		rpt_put(t->out, f->excerpt, RPT_SHOW_MAX);
		fputs("\n", t->out);
		return;
	}
	/* several places, several excerpts: each under its place */
	for (i = 0; i < g->n && i < show; i++) {
		if (!g->f[i]->excerpt)
			continue;
		fputs("      ", t->out);
		put_place(t->out, g->f[i]);
		if (g->f[i]->score >= 0 && g->f[i]->score != f->score)
			fprintf(t->out, " (%.2f)", g->f[i]->score);
		fputs(": ", t->out);
		rpt_put(t->out, g->f[i]->excerpt, RPT_SHOW_MAX);
		fputs("\n", t->out);
	}
}

static void put_indicator(const struct tctx *t, int ind)
{
	struct rpt_ind x;
	size_t i;

	rpt_ind_build(&x, t->s, ind, t->o->verbose);
	if (x.ng || x.deps_folded) {
		fputs("\n", t->out);
		col(t, C_BOLD);
		fprintf(t->out, "%-2s %s", dpg_indicator_code(ind),
			dpg_indicator_title(ind));
		uncol(t);
		fputs("\n", t->out);
	}
	for (i = 0; i < x.ng; i++)
		put_group(t, &x.g[i]);
	if (x.deps_folded)
		fprintf(t->out,
			"   %zu dependencies read, %zu not flagged and not "
			"listed (--verbose lists them)\n",
			x.ndeps, x.deps_folded);
	rpt_ind_release(&x);
}

static void put_unread(const struct tctx *t)
{
	struct rpt_unread_list l;
	size_t i, j;
	char *done;

	rpt_unread_build(&l, t->s);
	if (!l.n) {
		rpt_unread_release(&l);
		return;
	}
	done = xcalloc(l.n, 1);
	fputs("\n", t->out);
	col(t, C_BOLD);
	fprintf(t->out, "Not read or not understood (%zu)", l.n);
	uncol(t);
	fputs("\n", t->out);
	for (i = 0; i < l.n; i++) {
		size_t count = 0, shown = 0;
		size_t show = t->o->verbose ? l.n : RPT_SHOW_PLACES;

		if (done[i])
			continue;
		for (j = i; j < l.n; j++)
			count += !strcmp(l.v[j].what, l.v[i].what);
		fputs("   ", t->out);
		rpt_put(t->out, l.v[i].what, RPT_SHOW_MAX);
		fprintf(t->out, " [%zu]", count);
		fputs(":", t->out);
		for (j = i; j < l.n; j++) {
			const struct rpt_unread *u = &l.v[j];

			if (strcmp(u->what, l.v[i].what))
				continue;
			done[j] = 1;
			if (shown++ >= show)
				continue;
			fputs(shown > 1 ? ", " : " ", t->out);
			rpt_put(t->out, u->path ? u->path : "(project)",
				RPT_SHOW_MAX);
			if (u->owned)
				fputs("/", t->out);
			if (u->line)
				fprintf(t->out, ":%u", u->line);
			if (u->owned)
				fprintf(t->out,
					" (%zu findings, shown as "
					"evidence, never counted)",
					u->count);
			if (u->detail) {
				fputs(": ", t->out);
				rpt_put(t->out, u->detail, RPT_SHOW_MAX);
			}
		}
		if (shown > show)
			fprintf(t->out, ", +%zu more", shown - show);
		fputs("\n", t->out);
	}
	free(done);
	rpt_unread_release(&l);
}

static void put_verdicts(const struct tctx *t)
{
	const struct dpg_scan *s = t->s;
	int ind, any = 0;

	for (ind = 1; ind < DPG_IND_COUNT; ind++)
		any |= s->verdicts[ind].verdict != NULL;
	if (!any)
		return;
	fputs("\n", t->out);
	col(t, C_BOLD);
	fputs("Verdicts", t->out);
	uncol(t);
	if (s->types)
		fprintf(t->out, " (for %s", s->types);
	if (s->nomination) {
		fputs(s->types ? "; nomination " : " (nomination ", t->out);
		rpt_put(t->out, s->nomination, RPT_SHOW_MAX);
	}
	fputs(s->types || s->nomination ? ")\n" : "\n", t->out);
	for (ind = 1; ind < DPG_IND_COUNT; ind++) {
		const struct dpg_verdict *v = &s->verdicts[ind];

		if (!v->verdict)
			continue;
		fprintf(t->out, "   %-2s %-40s ", dpg_indicator_code(ind),
			dpg_indicator_title(ind));
		col(t, verdict_colour(v->verdict));
		fputs(v->verdict, t->out);
		uncol(t);
		fputs("\n", t->out);
		if (v->reason && *v->reason) {
			fputs("      ", t->out);
			rpt_put(t->out, v->reason, 0);
			fputs("\n", t->out);
		}
		if (v->missing) {
			fputs("      missing: ", t->out);
			rpt_put(t->out, v->missing, 0);
			fputs("\n", t->out);
		}
	}
}

static void put_meta(const struct tctx *t)
{
	const struct dpg_scan *s = t->s;
	FILE *out = t->out;

	fprintf(out, "   kind      %s", s->kind);
	if (s->format) {
		fputs(" (", out);
		rpt_put(out, s->format, RPT_SHOW_MAX);
		fputs(")", out);
	}
	if (s->rev) {
		fputs("\n   revision  ", out);
		rpt_put(out, s->rev, RPT_SHOW_MAX);
	}
	if (s->commit_id)
		fprintf(out, "\n   commit    %s", s->commit_id);
	if (s->tree_id)
		fprintf(out, "\n   tree      %s", s->tree_id);
	if (s->dirty >= 0)
		fprintf(out, "\n   work tree %s",
			s->dirty ? "differs from the commit"
				 : "matches the commit");
	fprintf(out, "\n   time      %s .. %s", s->started_at, s->finished_at);
	if (s->tool_version) {
		fputs("\n   tool      dpgaudit ", out);
		rpt_put(out, s->tool_version, RPT_SHOW_MAX);
	}
	if (s->fingerprint)
		fprintf(out, "\n   ruleset   %.12s", s->fingerprint);
	fprintf(out,
		"\n   files     %" PRIu64 " (%" PRIu64 " bytes read, %zu "
		"skipped)\n",
		s->file_count, s->bytes_read, s->nskips);
	if (s->note) {
		fputs("   note      ", out);
		rpt_put(out, s->note, RPT_SHOW_MAX);
		fputs("\n", out);
	}
}

int report_text(FILE *out, const struct dpg_scan *s,
		const struct dpg_report_opts *o, struct dpg_error *err)
{
	struct tctx t = {out, s, o};
	size_t i;
	int ind, any = 0;

	col(&t, C_BOLD);
	fprintf(out, "dpgaudit %s: scan %" PRId64 " of ", dpg_version, s->id);
	rpt_put(out, s->target, 0);
	uncol(&t);
	fputs("\n", out);
	put_summary(&t);
	put_meta(&t);
	put_verdicts(&t);
	for (i = 0; i < s->nfindings; i++)
		any |= !rpt_hidden(&s->findings[i]);
	if (any) {
		fputs("\n", out);
		col(&t, C_BOLD);
		fputs("Evidence", out);
		uncol(&t);
		fputs("\n", out);
		col(&t, C_DIM);
		fputs("   (0.60) = strength or confidence, 0 to 1; [3] = found "
		      "in 3 places;\n   (project) = a fact about the whole "
		      "project, not one file\n",
		      out);
		uncol(&t);
	}
	for (ind = 1; ind < DPG_IND_COUNT; ind++)
		put_indicator(&t, ind);
	put_unread(&t);
	if (ferror(out))
		return dpg_error_set(err, DPG_EIO, "cannot write the report");
	return 0;
}
