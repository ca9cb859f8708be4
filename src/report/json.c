/*
 * json.c: the JSON report (docs/OUTPUT.md).  Built in a buffer, written
 * at once.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"
#include "dpg/buf.h"
#include "dpg/json.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static int str(struct dpg_buf *b, const char *s, struct dpg_error *err)
{
	if (!s)
		return dpg_buf_puts(b, "null", err);
	return dpg_json_quote(b, s, strlen(s), err);
}

/* ,"key":"value" (or "key":value for raw) */
static int kv(struct dpg_buf *b, int first, const char *key, const char *s,
	      struct dpg_error *err)
{
	int rc;

	if ((rc = dpg_buf_printf(b, err, "%s\"%s\":", first ? "" : ",", key)) <
	    0)
		return rc;
	return str(b, s, err);
}

static int kn(struct dpg_buf *b, const char *key, int64_t v,
	      struct dpg_error *err)
{
	return dpg_buf_printf(b, err, ",\"%s\":%" PRId64, key, v);
}

static int scan_obj(struct dpg_buf *b, const struct dpg_scan *s,
		    struct dpg_error *err)
{
	int rc;

	if ((rc = dpg_buf_printf(b, err, "\"scan\":{\"id\":%" PRId64, s->id)) <
		    0 ||
	    (rc = kv(b, 0, "target", s->target, err)) < 0 ||
	    (rc = kv(b, 0, "kind", s->kind, err)) < 0 ||
	    (rc = kv(b, 0, "rev", s->rev, err)) < 0 ||
	    (rc = kv(b, 0, "commit", s->commit_id, err)) < 0 ||
	    (rc = kv(b, 0, "tree", s->tree_id, err)) < 0 ||
	    (rc = kv(b, 0, "archive_format", s->format, err)) < 0 ||
	    (rc = dpg_buf_printf(b, err, ",\"dirty\":%s",
				 s->dirty < 0 ? "null"
				 : s->dirty   ? "true"
					      : "false")) < 0 ||
	    (rc = kv(b, 0, "started_at", s->started_at, err)) < 0 ||
	    (rc = kv(b, 0, "finished_at", s->finished_at, err)) < 0 ||
	    (rc = kv(b, 0, "tool_version", s->tool_version, err)) < 0 ||
	    (rc = kv(b, 0, "status", s->status, err)) < 0 ||
	    (rc = kv(b, 0, "error", s->error, err)) < 0 ||
	    (rc = kv(b, 0, "note", s->note, err)) < 0 ||
	    (rc = kn(b, "files", (int64_t)s->file_count, err)) < 0 ||
	    (rc = kn(b, "bytes_read", (int64_t)s->bytes_read, err)) < 0 ||
	    (rc = kn(b, "skipped_count", (int64_t)s->nskips, err)) < 0 ||
	    (rc = kv(b, 0, "solution_types", s->types, err)) < 0 ||
	    (rc = kv(b, 0, "nomination", s->nomination, err)) < 0)
		return rc;
	return dpg_buf_puts(b, "}", err);
}

static int finding_obj(struct dpg_buf *b, const struct dpg_finding *f,
		       struct dpg_error *err)
{
	int rc;

	if ((rc = dpg_buf_puts(b, "{", err)) < 0 ||
	    (rc = kv(b, 1, "analyzer", f->analyzer, err)) < 0)
		return rc;
	if ((rc = kv(b, 0, "kind", f->kind, err)) < 0 ||
	    (rc = kv(b, 0, "indicator",
		     f->indicator ? dpg_indicator_code(f->indicator) : NULL,
		     err)) < 0 ||
	    (rc = kv(b, 0, "path", f->path, err)) < 0)
		return rc;
	if (f->line)
		rc = dpg_buf_printf(b, err, ",\"line\":%u,\"line_end\":%u",
				    f->line, f->line_end);
	else
		rc = dpg_buf_puts(b, ",\"line\":null,\"line_end\":null", err);
	if (rc < 0 || (rc = kv(b, 0, "value", f->value, err)) < 0 ||
	    (rc = kv(b, 0, "excerpt", f->excerpt, err)) < 0)
		return rc;
	if (f->score >= 0)
		rc = dpg_buf_printf(b, err, ",\"score\":%.4g}", f->score);
	else
		rc = dpg_buf_puts(b, ",\"score\":null}", err);
	return rc;
}

int report_json(FILE *out, const struct dpg_scan *s, struct dpg_error *err)
{
	struct dpg_buf b = DPG_BUF_INIT((size_t)1 << 31);
	size_t i;
	int rc, first;

	if ((rc = dpg_buf_puts(&b, "{", err)) < 0 ||
	    (rc = kv(&b, 1, "dpgaudit", dpg_version, err)) < 0 ||
	    (rc = dpg_buf_puts(&b, ",", err)) < 0 ||
	    (rc = scan_obj(&b, s, err)) < 0 ||
	    (rc = dpg_buf_puts(&b, ",\"indicators\":[", err)) < 0)
		goto done;
	for (i = 1, first = 1; i < DPG_IND_COUNT; i++) {
		const struct dpg_verdict *v = &s->verdicts[i];

		if (!v->verdict)
			continue;
		if ((rc = dpg_buf_puts(&b, first ? "{" : ",{", err)) < 0 ||
		    (rc = kv(&b, 1, "indicator", dpg_indicator_code((int)i),
			     err)) < 0 ||
		    (rc = kv(&b, 0, "title", dpg_indicator_title((int)i),
			     err)) < 0 ||
		    (rc = kv(&b, 0, "verdict", v->verdict, err)) < 0 ||
		    (rc = kv(&b, 0, "reason", v->reason, err)) < 0 ||
		    (rc = kv(&b, 0, "missing", v->missing, err)) < 0 ||
		    (rc = dpg_buf_puts(&b, "}", err)) < 0)
			goto done;
		first = 0;
	}
	if ((rc = dpg_buf_puts(&b, "],\"findings\":[", err)) < 0)
		goto done;
	for (i = 0; i < s->nfindings; i++)
		if ((i && (rc = dpg_buf_puts(&b, ",", err)) < 0) ||
		    (rc = finding_obj(&b, &s->findings[i], err)) < 0)
			goto done;
	if ((rc = dpg_buf_puts(&b, "],\"skipped\":[", err)) < 0)
		goto done;
	for (i = 0; i < s->nskips; i++) {
		const struct dpg_skip *k = &s->skips[i];

		if ((i && (rc = dpg_buf_puts(&b, ",", err)) < 0) ||
		    (rc = dpg_buf_puts(&b, "{", err)) < 0 ||
		    (rc = kv(&b, 1, "path", k->path, err)) < 0 ||
		    (rc = kv(&b, 0, "reason", k->reason, err)) < 0 ||
		    (rc = kn(&b, "size", (int64_t)k->size, err)) < 0 ||
		    (rc = dpg_buf_puts(&b, "}", err)) < 0)
			goto done;
	}
	if ((rc = dpg_buf_puts(&b, "]}\n", err)) < 0)
		goto done;
	if (fwrite(b.ptr, 1, b.len, out) != b.len)
		rc = dpg_error_set(err, DPG_EIO, "cannot write the report");
done:
	dpg_buf_release(&b);
	return rc;
}
