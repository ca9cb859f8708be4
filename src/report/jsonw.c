/*
 * jsonw.c: a small JSON writer for the JSON reports (report, SARIF,
 * screening, dpg-form): compact or indented two spaces, commas tracked
 * per level,
 * strings through dpg_json_quote (valid UTF-8 always: invalid bytes
 * become U+FFFD).  The first error sticks and is returned at the end.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"
#include "dpg/json.h"
#include "dpg/banned.h"

void jw_init(struct jw *w, int pretty, struct dpg_error *err)
{
	memset(w, 0, sizeof(*w));
	w->pretty = pretty;
	dpg_buf_init(&w->b, (size_t)1 << 31);
	w->err = err;
	w->first[0] = 1;
}

static void raw(struct jw *w, const char *s, size_t n)
{
	if (w->rc == 0)
		w->rc = dpg_buf_add(&w->b, s, n, w->err);
}

static void indent(struct jw *w)
{
	static const char sp[] = "                                ";
	int n = w->depth * 2;

	if (!w->pretty)
		return;
	raw(w, "\n", 1);
	while (n > 0) {
		int k = n > 32 ? 32 : n;

		raw(w, sp, (size_t)k);
		n -= k;
	}
}

/* Comma, newline and indent, then "key": when key is not NULL. */
void jw_key(struct jw *w, const char *key)
{
	if (!w->first[w->depth])
		raw(w, ",", 1);
	w->first[w->depth] = 0;
	if (w->depth > 0)
		indent(w);
	if (key && w->rc == 0) {
		w->rc = dpg_json_quote(&w->b, key, strlen(key), w->err);
		raw(w, ": ", w->pretty ? 2 : 1);
	}
}

static void open_(struct jw *w, const char *key, const char *c)
{
	jw_key(w, key);
	raw(w, c, 1);
	if (w->depth + 1 < (int)sizeof(w->first))
		w->depth++;
	w->first[w->depth] = 1;
}

void jw_obj(struct jw *w, const char *key)
{
	open_(w, key, "{");
}

void jw_arr(struct jw *w, const char *key)
{
	open_(w, key, "[");
}

void jw_end(struct jw *w, const char *c)
{
	int empty = w->first[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty)
		indent(w);
	raw(w, c, 1);
}

void jw_strn(struct jw *w, const char *key, const char *v, size_t n)
{
	jw_key(w, key);
	if (!v)
		raw(w, "null", 4);
	else if (w->rc == 0)
		w->rc = dpg_json_quote(&w->b, v, n, w->err);
}

void jw_str(struct jw *w, const char *key, const char *v)
{
	jw_strn(w, key, v, v ? strlen(v) : 0);
}

void jw_int(struct jw *w, const char *key, int64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%" PRId64, v);

	jw_key(w, key);
	raw(w, tmp, (size_t)n);
}

void jw_num(struct jw *w, const char *key, double v)
{
	char tmp[32];
	int n;

	if (v < 0 || !isfinite(v)) {
		jw_null(w, key);
		return;
	}
	n = snprintf(tmp, sizeof(tmp), "%.4g", v);
	jw_key(w, key);
	raw(w, tmp, (size_t)n);
}

void jw_bool(struct jw *w, const char *key, int v)
{
	jw_key(w, key);
	raw(w, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(struct jw *w, const char *key)
{
	jw_key(w, key);
	raw(w, "null", 4);
}

int jw_finish(struct jw *w, FILE *out)
{
	int rc;

	raw(w, "\n", 1);
	rc = w->rc;
	if (rc == 0 && fwrite(w->b.ptr, 1, w->b.len, out) != w->b.len)
		rc = dpg_error_set(w->err, DPG_EIO, "cannot write the report");
	dpg_buf_release(&w->b);
	return rc;
}
