/*
 * write.c: diffs as text, JSON or Markdown (docs/RECHECK.md).  One diff
 * (`diff`) or many (`recheck`: a summary, the targets that changed in
 * full, the others counted) go through the same per-diff writers.
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

#define DIFF_OUT_MAX ((size_t)256 << 20)

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
	size_t start = b->len;
	unsigned int bit;

	for (bit = 1; bit <= DPG_CH_ALL; bit <<= 1)
		if (mask & bit)
			dpg_buf_printf(b, NULL, "%s%s",
				       b->len > start ? ", " : "",
				       dpg_diff_class_name(bit));
	if (b->len == start)
		dpg_buf_puts(b, "none", NULL);
}

static const char *short_id(const char *id)
{
	return id && *id ? id : "-";
}

static const char *target_of(const struct dpg_diff *d)
{
	return d->to->target ? d->to->target : "";
}

static int failed(const struct dpg_diff *d)
{
	return d->to->status && !strcmp(d->to->status, "failed");
}

/* What a re-check of many targets came to. */
struct tally {
	size_t regressed, changed, same, first, failed, regressions, changes;
};

static void count(struct tally *t, const struct dpg_diff *const *d, size_t n,
		  unsigned int mask)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		size_t r = dpg_diff_regressions(d[i], mask);

		t->failed += failed(d[i]);
		t->regressions += r;
		t->changes += d[i]->n;
		if (!d[i]->from)
			t->first++;
		else if (r)
			t->regressed++;
		else if (d[i]->n)
			t->changed++;
		else
			t->same++;
	}
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

static void text_diff(struct dpg_buf *b, const struct dpg_diff *d,
		      unsigned int mask)
{
	char *target = dpg_escape_ctl(target_of(d));
	size_t i;

	dpg_buf_printf(b, NULL, "%s of %s\n", d->from ? "diff" : "first audit",
		       target);
	free(target);
	if (d->from)
		text_side(b, "from", d->from);
	text_side(b, d->from ? "to" : "scan", d->to);
	if (!d->from)
		return;
	dpg_buf_puts(b, "\n", NULL);
	for (i = 0; i < d->n; i++) {
		const struct dpg_change *c = &d->v[i];
		char *t = dpg_escape_ctl(c->text);

		dpg_buf_printf(b, NULL, "  %-10s  %-2s  %s\n", label(c, mask),
			       dpg_indicator_code(c->indicator), t);
		free(t);
	}
	if (d->n == 0)
		dpg_buf_puts(b, "no changes\n", NULL);
}

/* "N changes, N regressions (counted: ...)": text as is, Markdown with
 * the counts in bold (open, close) */
static void total(struct dpg_buf *b, const char *open, const char *close,
		  const struct tally *t, unsigned int mask)
{
	dpg_buf_printf(b, NULL,
		       "%s%zu change%s, %zu regression%s%s (counted: ", open,
		       t->changes, t->changes == 1 ? "" : "s", t->regressions,
		       t->regressions == 1 ? "" : "s", close);
	mask_names(b, mask);
	dpg_buf_puts(b, ")\n", NULL);
}

static void write_text(struct dpg_buf *b, const struct dpg_diff *const *d,
		       size_t n, int many, unsigned int mask)
{
	struct tally t;
	size_t i;

	count(&t, d, n, mask);
	if (!many) {
		text_diff(b, d[0], mask);
		if (d[0]->n) {
			dpg_buf_puts(b, "\n", NULL);
			total(b, "", "", &t, mask);
		}
		return;
	}
	dpg_buf_printf(b, NULL,
		       "recheck: %zu target%s: %zu regressed, %zu changed, "
		       "%zu unchanged, %zu first audited; %zu failed\n",
		       n, n == 1 ? "" : "s", t.regressed, t.changed, t.same,
		       t.first, t.failed);
	for (i = 0; i < n; i++) {
		if (d[i]->from && !d[i]->n)
			continue;
		dpg_buf_puts(b, "\n", NULL);
		text_diff(b, d[i], mask);
	}
	if (t.same) {
		dpg_buf_printf(b, NULL, "\nno changes (%zu):\n", t.same);
		for (i = 0; i < n; i++) {
			char *e;

			if (!d[i]->from || d[i]->n)
				continue;
			e = dpg_escape_ctl(target_of(d[i]));
			dpg_buf_printf(b, NULL, "  %s\n", e);
			free(e);
		}
	}
	dpg_buf_puts(b, "\n", NULL);
	total(b, "", "", &t, mask);
}

/* ---- Markdown ------------------------------------------------------------ */

/* Text in a table cell: control characters escaped, markup inert (no
 * emphasis, code, links, HTML or cell breaks). */
static void md_text(struct dpg_buf *b, const char *s)
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

static void md_diff(struct dpg_buf *b, const struct dpg_diff *d,
		    unsigned int mask)
{
	size_t i;

	dpg_buf_puts(
		b, d->from ? "### dpgaudit diff: " : "### first audit: ", NULL);
	md_text(b, target_of(d));
	if (!d->from) {
		dpg_buf_printf(b, NULL,
			       "\n\nScan %" PRId64 " (%s, `%.12s`): %s.\n",
			       d->to->id, d->to->started_at,
			       short_id(d->to->commit_id),
			       d->to->status ? d->to->status : "-");
		return;
	}
	dpg_buf_printf(b, NULL,
		       "\n\nScan %" PRId64 " (%s, `%.12s`) to scan %" PRId64
		       " (%s, `%.12s`).\n\n",
		       d->from->id, d->from->started_at,
		       short_id(d->from->commit_id), d->to->id,
		       d->to->started_at, short_id(d->to->commit_id));
	if (d->n == 0) {
		dpg_buf_puts(b, "No changes.\n", NULL);
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
		md_text(b, c->text);
		dpg_buf_puts(b, " |\n", NULL);
	}
}

static void write_md(struct dpg_buf *b, const struct dpg_diff *const *d,
		     size_t n, int many, unsigned int mask)
{
	struct tally t;
	size_t i;

	count(&t, d, n, mask);
	if (!many) {
		md_diff(b, d[0], mask);
		if (d[0]->n)
			total(b, "\n**", "**", &t, mask);
		return;
	}
	dpg_buf_printf(b, NULL,
		       "## dpgaudit recheck\n\n%zu target%s: **%zu "
		       "regressed**, %zu changed, %zu unchanged, %zu first "
		       "audited; %zu failed.\n",
		       n, n == 1 ? "" : "s", t.regressed, t.changed, t.same,
		       t.first, t.failed);
	for (i = 0; i < n; i++) {
		if (d[i]->from && !d[i]->n)
			continue;
		dpg_buf_puts(b, "\n", NULL);
		md_diff(b, d[i], mask);
	}
	if (t.same) {
		dpg_buf_printf(b, NULL, "\nNo changes (%zu):\n\n", t.same);
		for (i = 0; i < n; i++) {
			if (!d[i]->from || d[i]->n)
				continue;
			dpg_buf_puts(b, "- ", NULL);
			md_text(b, target_of(d[i]));
			dpg_buf_puts(b, "\n", NULL);
		}
	}
	total(b, "\n**", "**", &t, mask);
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
	dpg_buf_printf(b, NULL, ",\"%s\":", name);
	if (!s) {
		dpg_buf_puts(b, "null", NULL);
		return;
	}
	dpg_buf_printf(b, NULL, "{\"id\":%" PRId64, s->id);
	jkey(b, "target", s->target);
	jkey(b, "commit", s->commit_id);
	jkey(b, "rev", s->rev);
	jkey(b, "started_at", s->started_at);
	jkey(b, "status", s->status);
	jkey(b, "error", s->error);
	dpg_buf_puts(b, "}", NULL);
}

/* The fields of one diff, after an opening brace and a first field. */
static void json_diff(struct dpg_buf *b, const struct dpg_diff *d,
		      unsigned int mask)
{
	size_t i;

	json_side(b, "from", d->from);
	json_side(b, "to", d->to);
	dpg_buf_printf(b, NULL, ",\"regressions\":%zu,\"changes\":[",
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
	dpg_buf_puts(b, "]", NULL);
}

static void write_json(struct dpg_buf *b, const struct dpg_diff *const *d,
		       size_t n, int many, unsigned int mask)
{
	unsigned int bit;
	struct tally t;
	size_t i;
	int k = 0;

	count(&t, d, n, mask);
	dpg_buf_printf(b, NULL, "{\"dpgaudit\":\"%s\",\"fail_on\":[",
		       dpg_version);
	for (bit = 1; bit <= DPG_CH_ALL; bit <<= 1)
		if (mask & bit)
			dpg_buf_printf(b, NULL, "%s\"%s\"", k++ ? "," : "",
				       dpg_diff_class_name(bit));
	dpg_buf_puts(b, "]", NULL);
	if (!many) {
		json_diff(b, d[0], mask);
		dpg_buf_puts(b, "}\n", NULL);
		return;
	}
	dpg_buf_printf(b, NULL,
		       ",\"targets\":%zu,\"regressed\":%zu,\"changed\":%zu,"
		       "\"unchanged\":%zu,\"first\":%zu,\"failed\":%zu,"
		       "\"regressions\":%zu,\"diffs\":[",
		       n, t.regressed, t.changed, t.same, t.first, t.failed,
		       t.regressions);
	for (i = 0; i < n; i++) {
		dpg_buf_printf(b, NULL, "%s{\"target\":", i ? "," : "");
		jstr(b, target_of(d[i]));
		json_diff(b, d[i], mask);
		dpg_buf_puts(b, "}", NULL);
	}
	dpg_buf_puts(b, "]}\n", NULL);
}

static int write_all(FILE *out, const struct dpg_diff *const *d, size_t n,
		     int many, int format, unsigned int mask,
		     struct dpg_error *err)
{
	struct dpg_buf b = DPG_BUF_INIT(DIFF_OUT_MAX);
	int rc = 0;

	if (format == DPG_DIFF_JSON)
		write_json(&b, d, n, many, mask);
	else if (format == DPG_DIFF_MD)
		write_md(&b, d, n, many, mask);
	else
		write_text(&b, d, n, many, mask);
	if (fwrite(b.ptr, 1, b.len, out) != b.len || fflush(out) != 0)
		rc = dpg_error_set(err, DPG_EIO, "cannot write the diff");
	dpg_buf_release(&b);
	return rc;
}

int dpg_diff_format_parse(const char *s)
{
	return !strcmp(s, "text")   ? DPG_DIFF_TEXT
	       : !strcmp(s, "json") ? DPG_DIFF_JSON
	       : !strcmp(s, "md")   ? DPG_DIFF_MD
				    : 0;
}

int dpg_diff_write(FILE *out, const struct dpg_diff *d, int format,
		   unsigned int mask, struct dpg_error *err)
{
	return write_all(out, &d, 1, 0, format, mask, err);
}

int dpg_diff_write_many(FILE *out, const struct dpg_diff *const *d, size_t n,
			int format, unsigned int mask, struct dpg_error *err)
{
	return write_all(out, d, n, 1, format, mask, err);
}
