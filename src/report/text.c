/*
 * text.c: the report for a person.  Every string that comes from the
 * target is printed through esc(), which escapes control characters.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define SHOW_PLACES 3 /* places listed per group of like findings */

static void put_esc(FILE *out, const char *s)
{
	char *e;

	if (!s)
		return;
	e = dpg_escape_ctl(s);
	fputs(e, out);
	free(e);
}

static void put_place(FILE *out, const struct dpg_finding *f)
{
	if (!f->path) {
		fputs("(project)", out);
		return;
	}
	put_esc(out, f->path);
	if (f->line == f->line_end && f->line)
		fprintf(out, ":%u", f->line);
	else if (f->line)
		fprintf(out, ":%u-%u", f->line, f->line_end);
}

static int same_group(const struct dpg_finding *a, const struct dpg_finding *b)
{
	return a->indicator == b->indicator && strcmp(a->kind, b->kind) == 0 &&
	       strcmp(a->value ? a->value : "", b->value ? b->value : "") == 0;
}

/* Kinds kept for the database and JSON, not repeated in the text report. */
static int hidden(const struct dpg_finding *f)
{
	return strcmp(f->kind, "rule-summary") == 0;
}

/* Findings of one indicator, like ones (kind, value) grouped. */
static void put_indicator(FILE *out, const struct dpg_scan *s, int ind)
{
	size_t i, j, *order = NULL, n = 0;
	char *done = xcalloc(s->nfindings + 1, 1);

	order = xmalloc((s->nfindings + 1) * sizeof(*order));
	for (i = 0; i < s->nfindings; i++)
		if (s->findings[i].indicator == ind && !hidden(&s->findings[i]))
			order[n++] = i;
	if (n == 0)
		goto out;
	fprintf(out, "\n%-2s %s\n", dpg_indicator_code(ind),
		dpg_indicator_title(ind));
	for (i = 0; i < n; i++) {
		const struct dpg_finding *f = &s->findings[order[i]];
		size_t count = 0, shown = 0;

		if (done[order[i]])
			continue;
		for (j = i; j < n; j++)
			if (!done[order[j]] &&
			    same_group(f, &s->findings[order[j]]))
				count++;
		fprintf(out, "   %s", f->kind);
		if (f->value) {
			fputs(" ", out);
			put_esc(out, f->value);
		}
		if (f->score >= 0)
			fprintf(out, " (%.2f)", f->score);
		if (count > 1)
			fprintf(out, " [%zu]", count);
		fputs(":", out);
		for (j = i; j < n; j++) {
			const struct dpg_finding *g = &s->findings[order[j]];

			if (done[order[j]] || !same_group(f, g))
				continue;
			done[order[j]] = 1;
			if (shown == SHOW_PLACES)
				continue;
			fputs(shown ? ", " : " ", out);
			put_place(out, g);
			shown++;
		}
		if (count > shown)
			fprintf(out, ", +%zu more", count - shown);
		fputs("\n", out);
		if (count == 1 && f->excerpt) {
			fputs("      ", out);
			put_esc(out, f->excerpt);
			fputs("\n", out);
		}
	}
out:
	free(order);
	free(done);
}

static void put_skips(FILE *out, const struct dpg_scan *s)
{
	size_t i, j;
	char *done;

	if (!s->nskips)
		return;
	done = xcalloc(s->nskips, 1);
	fprintf(out, "\nSkipped (%zu)\n", s->nskips);
	for (i = 0; i < s->nskips; i++) {
		size_t count = 0, shown = 0;

		if (done[i])
			continue;
		for (j = i; j < s->nskips; j++)
			if (strcmp(s->skips[j].reason, s->skips[i].reason) == 0)
				count++;
		fprintf(out, "   %s [%zu]:", s->skips[i].reason, count);
		for (j = i; j < s->nskips; j++) {
			if (strcmp(s->skips[j].reason, s->skips[i].reason))
				continue;
			done[j] = 1;
			if (shown == SHOW_PLACES)
				continue;
			fputs(shown ? ", " : " ", out);
			put_esc(out, s->skips[j].path);
			shown++;
		}
		if (count > shown)
			fprintf(out, ", +%zu more", count - shown);
		fputs("\n", out);
	}
	free(done);
}

static void put_verdicts(FILE *out, const struct dpg_scan *s)
{
	int ind, any = 0;

	for (ind = 1; ind < DPG_IND_COUNT; ind++)
		any |= s->verdicts[ind].verdict != NULL;
	if (!any)
		return;
	fputs("\nVerdicts", out);
	if (s->types)
		fprintf(out, " (for %s", s->types);
	if (s->nomination) {
		fputs("; nomination ", out);
		put_esc(out, s->nomination);
	}
	fputs(s->types ? ")\n" : "\n", out);
	for (ind = 1; ind < DPG_IND_COUNT; ind++) {
		const struct dpg_verdict *v = &s->verdicts[ind];

		if (!v->verdict)
			continue;
		fprintf(out, "   %-2s %-40s %s\n", dpg_indicator_code(ind),
			dpg_indicator_title(ind), v->verdict);
		if (v->reason && *v->reason) {
			fputs("      ", out);
			put_esc(out, v->reason);
			fputs("\n", out);
		}
		if (v->missing) {
			fputs("      missing: ", out);
			put_esc(out, v->missing);
			fputs("\n", out);
		}
	}
}

int report_text(FILE *out, const struct dpg_scan *s, struct dpg_error *err)
{
	int ind;

	fprintf(out, "dpgaudit %s: scan %" PRId64 " of ", dpg_version, s->id);
	put_esc(out, s->target);
	fprintf(out, "\n   kind      %s", s->kind);
	if (s->format) {
		fputs(" (", out);
		put_esc(out, s->format);
		fputs(")", out);
	}
	if (s->rev) {
		fputs("\n   revision  ", out);
		put_esc(out, s->rev);
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
	fprintf(out,
		"\n   files     %" PRIu64 " (%" PRIu64 " bytes read, %zu "
		"skipped)",
		s->file_count, s->bytes_read, s->nskips);
	fprintf(out, "\n   status    %s", s->status);
	if (s->error) {
		fputs(": ", out);
		put_esc(out, s->error);
	}
	if (s->note) {
		fputs("\n   note      ", out);
		put_esc(out, s->note);
	}
	fputs("\n", out);
	put_verdicts(out, s);
	if (s->nfindings)
		fputs("\nEvidence\n", out);
	for (ind = 1; ind < DPG_IND_COUNT; ind++)
		put_indicator(out, s, ind);
	put_skips(out, s);
	if (ferror(out))
		return dpg_error_set(err, DPG_EIO, "cannot write the report");
	return 0;
}
