/*
 * write.c: a diff as text, JSON or Markdown (docs/RECHECK.md).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/buf.h"
#include "dpg/diff.h"
#include "dpg/json.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define DIFF_OUT_MAX ((size_t)64 << 20)

/* "regression" (counted), "worse" (a class not counted), "better",
 * "changed" */
static const char *label(const struct dpg_change *c, unsigned int mask)
{
	if (c->worse > 0)
		return (c->cls & mask) ? "regression" : "worse";
	return c->worse < 0 ? "better" : "changed";
}

static void mask_names(struct dpg_buf *b, unsigned int mask)
{
	unsigned int bit;

	for (bit = 1; bit <= DPG_CH_ALL; bit <<= 1)
		if (mask & bit)
			dpg_buf_printf(b, NULL, "%s%s", b->len ? ", " : "",
				       dpg_diff_class_name(bit));
	if (!b->len)
		dpg_buf_puts(b, "none", NULL);
}

static const char *short_id(const char *id)
{
	return id && *id ? id : "-";
}

/* ---- text ---------------------------------------------------------------- */

static void text_side(struct dpg_buf *b, const char *name,
		      const struct dpg_scan *s)
{
	char *rev = dpg_escape_ctl(s->commit_id ? s->commit_id
				   : s->rev	? s->rev
						: "-");

	dpg_buf_printf(b, NULL, "  %-5s scan %" PRId64 "  %s  %-9s %.12s\n",
		       name, s->id, s->started_at, s->status ? s->status : "-",
		       rev);
	free(rev);
}

static void write_text(struct dpg_buf *b, const struct dpg_diff *d,
		       unsigned int mask)
{
	struct dpg_buf names = DPG_BUF_INIT(256);
	char *target = dpg_escape_ctl(d->to->target ? d->to->target : "");
	size_t i;

	dpg_buf_printf(b, NULL, "diff of %s\n", target);
	free(target);
	text_side(b, "from", d->from);
	text_side(b, "to", d->to);
	dpg_buf_puts(b, "\n", NULL);
	for (i = 0; i < d->n; i++) {
		const struct dpg_change *c = &d->v[i];
		char *t = dpg_escape_ctl(c->text);

		dpg_buf_printf(b, NULL, "  %-10s  %-2s  %s\n", label(c, mask),
			       dpg_indicator_code(c->indicator), t);
		free(t);
	}
	mask_names(&names, mask);
	if (d->n == 0)
		dpg_buf_puts(b, "no changes\n", NULL);
	else
		dpg_buf_printf(b, NULL,
			       "\n%zu change%s, %zu regression%s (counted: "
			       "%s)\n",
			       d->n, d->n == 1 ? "" : "s",
			       dpg_diff_regressions(d, mask),
			       dpg_diff_regressions(d, mask) == 1 ? "" : "s",
			       names.ptr);
	dpg_buf_release(&names);
}

/* ---- Markdown ------------------------------------------------------------ */

/* Text in a table cell: control characters escaped, markup inert (no
 * emphasis, code, links, HTML or cell breaks). */
static void md_cell(struct dpg_buf *b, const char *s)
{
	char *e = dpg_escape_ctl(s ? s : "");
	const char *p;

	for (p = e; *p; p++) {
		if (strchr("\\`*_[]<|~", *p))
			dpg_buf_printf(b, NULL, "\\%c", *p);
		else
			dpg_buf_add(b, p, 1, NULL);
	}
	free(e);
}

static void write_md(struct dpg_buf *b, const struct dpg_diff *d,
		     unsigned int mask)
{
	struct dpg_buf names = DPG_BUF_INIT(256);
	size_t i;

	dpg_buf_puts(b, "### dpgaudit diff: ", NULL);
	md_cell(b, d->to->target);
	dpg_buf_printf(b, NULL,
		       "\n\nScan %" PRId64 " (%s, `%.12s`) to scan %" PRId64
		       " (%s, `%.12s`).\n\n",
		       d->from->id, d->from->started_at,
		       short_id(d->from->commit_id), d->to->id,
		       d->to->started_at, short_id(d->to->commit_id));
	mask_names(&names, mask);
	if (d->n == 0) {
		dpg_buf_puts(b, "No changes.\n", NULL);
		dpg_buf_release(&names);
		return;
	}
	dpg_buf_puts(b, "| | indicator | change |\n|---|---|---|\n", NULL);
	for (i = 0; i < d->n; i++) {
		const struct dpg_change *c = &d->v[i];
		const char *l = label(c, mask);

		dpg_buf_printf(b, NULL, "| %s%s%s | %s | ",
			       c->worse > 0 ? "**" : "", l,
			       c->worse > 0 ? "**" : "",
			       dpg_indicator_code(c->indicator));
		md_cell(b, c->text);
		dpg_buf_puts(b, " |\n", NULL);
	}
	dpg_buf_printf(
		b, NULL, "\n**%zu change%s, %zu regression%s** (counted: %s)\n",
		d->n, d->n == 1 ? "" : "s", dpg_diff_regressions(d, mask),
		dpg_diff_regressions(d, mask) == 1 ? "" : "s", names.ptr);
	dpg_buf_release(&names);
}

/* ---- JSON ---------------------------------------------------------------- */

static void jstr(struct dpg_buf *b, const char *s)
{
	if (!s)
		dpg_buf_puts(b, "null", NULL);
	else
		dpg_json_quote(b, s, strlen(s), NULL);
}

static void jkey(struct dpg_buf *b, const char *key, const char *s)
{
	dpg_buf_printf(b, NULL, ",\"%s\":", key);
	jstr(b, s);
}

static void json_side(struct dpg_buf *b, const char *name,
		      const struct dpg_scan *s)
{
	dpg_buf_printf(b, NULL, ",\"%s\":{\"id\":%" PRId64, name, s->id);
	jkey(b, "target", s->target);
	jkey(b, "commit", s->commit_id);
	jkey(b, "rev", s->rev);
	jkey(b, "started_at", s->started_at);
	jkey(b, "status", s->status);
	dpg_buf_puts(b, "}", NULL);
}

static void write_json(struct dpg_buf *b, const struct dpg_diff *d,
		       unsigned int mask)
{
	unsigned int bit;
	size_t i;
	int n = 0;

	dpg_buf_printf(b, NULL, "{\"dpgaudit\":\"%s\"", dpg_version);
	json_side(b, "from", d->from);
	json_side(b, "to", d->to);
	dpg_buf_puts(b, ",\"fail_on\":[", NULL);
	for (bit = 1; bit <= DPG_CH_ALL; bit <<= 1)
		if (mask & bit)
			dpg_buf_printf(b, NULL, "%s\"%s\"", n++ ? "," : "",
				       dpg_diff_class_name(bit));
	dpg_buf_printf(b, NULL, "],\"regressions\":%zu,\"changes\":[",
		       dpg_diff_regressions(d, mask));
	for (i = 0; i < d->n; i++) {
		const struct dpg_change *c = &d->v[i];

		dpg_buf_printf(b, NULL, "%s{\"class\":\"%s\"", i ? "," : "",
			       dpg_diff_class_name(c->cls));
		jkey(b, "indicator",
		     c->indicator ? dpg_indicator_code(c->indicator) : NULL);
		jkey(b, "what", c->what);
		jkey(b, "before", c->before);
		jkey(b, "after", c->after);
		jkey(b, "path", c->path);
		dpg_buf_printf(
			b, NULL, ",\"direction\":\"%s\",\"regression\":%s",
			c->worse > 0   ? "worse"
			: c->worse < 0 ? "better"
				       : "changed",
			c->worse > 0 && (c->cls & mask) ? "true" : "false");
		jkey(b, "text", c->text);
		dpg_buf_puts(b, "}", NULL);
	}
	dpg_buf_puts(b, "]}\n", NULL);
}

int dpg_diff_write(FILE *out, const struct dpg_diff *d, int format,
		   unsigned int mask, struct dpg_error *err)
{
	struct dpg_buf b = DPG_BUF_INIT(DIFF_OUT_MAX);
	int rc = 0;

	if (format == DPG_DIFF_JSON)
		write_json(&b, d, mask);
	else if (format == DPG_DIFF_MD)
		write_md(&b, d, mask);
	else
		write_text(&b, d, mask);
	if (fwrite(b.ptr, 1, b.len, out) != b.len)
		rc = dpg_error_set(err, DPG_EIO, "cannot write the diff");
	dpg_buf_release(&b);
	return rc;
}
