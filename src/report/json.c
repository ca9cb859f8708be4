/*
 * json.c: the JSON report, the complete result (docs/OUTPUT.md, schema
 * docs/schema/report.schema.json).  Fields are never removed.
 */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static void scan_obj(struct jw *w, const struct dpg_scan *s)
{
	char name[256];

	jw_obj(w, "scan");
	jw_int(w, "id", s->id);
	jw_str(w, "target", s->target);
	jw_str(w, "name", rpt_name(s, name, sizeof(name)));
	jw_str(w, "kind", s->kind);
	jw_str(w, "rev", s->rev);
	jw_str(w, "commit", s->commit_id);
	jw_str(w, "tree", s->tree_id);
	jw_str(w, "archive_format", s->format);
	if (s->dirty < 0)
		jw_null(w, "dirty");
	else
		jw_bool(w, "dirty", s->dirty);
	jw_str(w, "started_at", s->started_at);
	jw_str(w, "finished_at", s->finished_at);
	jw_str(w, "tool_version", s->tool_version);
	jw_str(w, "ruleset", s->fingerprint);
	jw_str(w, "status", s->status);
	jw_str(w, "error", s->error);
	jw_str(w, "note", s->note);
	jw_int(w, "files", (int64_t)s->file_count);
	jw_int(w, "bytes_read", (int64_t)s->bytes_read);
	jw_int(w, "skipped_count", (int64_t)s->nskips);
	jw_str(w, "solution_types", s->types);
	jw_str(w, "nomination", s->nomination);
	jw_end(w, "}");
}

static void finding_obj(struct jw *w, const struct dpg_scan *s,
			const struct rpt_forge *fg, const struct dpg_finding *f)
{
	char *url =
		rpt_forge_link(fg, s->commit_id, f->path, f->line, f->line_end);

	jw_obj(w, NULL);
	jw_str(w, "analyzer", f->analyzer);
	jw_str(w, "kind", f->kind);
	jw_str(w, "indicator",
	       f->indicator ? dpg_indicator_code(f->indicator) : NULL);
	jw_str(w, "path", f->path);
	if (f->line) {
		jw_int(w, "line", f->line);
		jw_int(w, "line_end", f->line_end);
	} else {
		jw_null(w, "line");
		jw_null(w, "line_end");
	}
	jw_str(w, "value", f->value);
	jw_str(w, "excerpt", f->excerpt);
	jw_num(w, "score", f->score);
	jw_str(w, "url", url);
	jw_end(w, "}");
	free(url);
}

int report_json(FILE *out, const struct dpg_scan *s, struct dpg_error *err)
{
	struct rpt_unread_list ul;
	struct rpt_counts c;
	struct rpt_forge fg;
	struct jw w;
	size_t i;

	rpt_forge_parse(&fg, s->target);
	rpt_counts(s, &c);
	jw_init(&w, 0, err);
	jw_obj(&w, NULL);
	jw_str(&w, "dpgaudit", dpg_version);
	scan_obj(&w, s);
	jw_obj(&w, "summary");
	jw_int(&w, "met", c.met);
	jw_int(&w, "not_met", c.not_met);
	jw_int(&w, "review", c.review);
	jw_str(&w, "status", s->status);
	jw_end(&w, "}");
	jw_arr(&w, "indicators");
	for (i = 1; i < DPG_IND_COUNT; i++) {
		const struct dpg_verdict *v = &s->verdicts[i];

		if (!v->verdict)
			continue;
		jw_obj(&w, NULL);
		jw_str(&w, "indicator", dpg_indicator_code((int)i));
		jw_str(&w, "title", dpg_indicator_title((int)i));
		jw_str(&w, "verdict", v->verdict);
		jw_str(&w, "reason", v->reason);
		jw_str(&w, "missing", v->missing);
		jw_end(&w, "}");
	}
	jw_end(&w, "]");
	jw_arr(&w, "findings");
	for (i = 0; i < s->nfindings; i++)
		finding_obj(&w, s, &fg, &s->findings[i]);
	jw_end(&w, "]");
	jw_arr(&w, "skipped");
	for (i = 0; i < s->nskips; i++) {
		jw_obj(&w, NULL);
		jw_str(&w, "path", s->skips[i].path);
		jw_str(&w, "reason", s->skips[i].reason);
		jw_int(&w, "size", (int64_t)s->skips[i].size);
		jw_end(&w, "}");
	}
	jw_end(&w, "]");
	rpt_unread_build(&ul, s);
	jw_arr(&w, "unread");
	for (i = 0; i < ul.n; i++) {
		const struct rpt_unread *u = &ul.v[i];

		jw_obj(&w, NULL);
		jw_str(&w, "what", u->what);
		jw_str(&w, "path", u->path);
		if (u->line)
			jw_int(&w, "line", u->line);
		else
			jw_null(&w, "line");
		jw_str(&w, "detail", u->detail);
		jw_bool(&w, "skipped", i < ul.nskips);
		if (u->owned)
			jw_int(&w, "findings", (int64_t)u->count);
		jw_end(&w, "}");
	}
	jw_end(&w, "]");
	rpt_unread_release(&ul);
	jw_end(&w, "}");
	return jw_finish(&w, out);
}
