/*
 * tag.c: SPDX-License-Identifier tags, and the default id validator.
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "dpg/licdecl.h"
#include "dpg/license.h"
#include "dpg/spdx.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static const char *corpus_id(void *ctx, const char *id)
{
	const struct dpg_license_info *li = dpg_license_lookup(id);

	(void)ctx;
	return li ? li->id : NULL;
}

const char *(*dpg_licdecl_default_validator(void))(void *ctx, const char *id)
{
	return corpus_id;
}

static const char TAG[] = "SPDX-License-Identifier";
#define TAGLEN (sizeof(TAG) - 1)

/* Next tag at or after p, in either of the usual cases. */
static const char *find_tag(const char *p, const char *end)
{
	const char *a, *b;

	if ((size_t)(end - p) < TAGLEN)
		return NULL;
	a = memmem(p, (size_t)(end - p), "SPDX-", 5);
	b = memmem(p, (size_t)(end - p), "spdx-", 5);
	while (a || b) {
		const char *q = !b || (a && a < b) ? a : b;

		if ((size_t)(end - q) >= TAGLEN &&
		    dpg_strncasecmp(q, TAG, TAGLEN) == 0)
			return q;
		if (q == a)
			a = memmem(q + 1, (size_t)(end - q - 1), "SPDX-", 5);
		else
			b = memmem(q + 1, (size_t)(end - q - 1), "spdx-", 5);
	}
	return NULL;
}

/* Comment closers and quoting that may end a tag line. */
static const char *const trailers[] = {
	"*/", "-->", "*)", "-}", "#}", "%}", "%>", "?>", "]]>",
	"]]", "\"",  "'",  "`",	 ";",  ",",  "}}", "*",
};

static size_t trim_tail(const char *s, size_t n)
{
	size_t i;
	int again = 1;

	while (again) {
		again = 0;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			     s[n - 1] == '\r' ||
			     (s[n - 1] == '-' && n > 1 &&
			      (s[n - 2] == '-' || s[n - 2] == ' '))))
			n--;
		for (i = 0; i < DPG_ARRAY_SIZE(trailers); i++) {
			size_t m = strlen(trailers[i]);

			if (n >= m && memcmp(s + n - m, trailers[i], m) == 0) {
				n -= m;
				again = 1;
				break;
			}
		}
	}
	return n;
}

int dpg_licdecl_tags(const struct dpg_licdecl_ctx *c, const char *path,
		     const char *text, size_t len)
{
	const char *end = text + len, *p = text, *t, *lp = text;
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_spdx_opts o = DPG_SPDX_OPTS_INIT;
	unsigned int line = 1;
	int count = 0;

	o.license_id = c->license_id;
	o.ctx = c->id_ctx;
	while ((t = find_tag(p, end)) != NULL &&
	       count < DPG_LICDECL_MAX_PER_FILE) {
		const char *e, *ls, *le, *nl;
		struct dpg_spdx_expr ex;
		struct dpg_error err = DPG_ERROR_INIT;
		struct dpg_finding f;
		size_t n, rawlen;
		char *raw;

		/* line number of t */
		for (; lp < t; lp++)
			if (*lp == '\n')
				line++;
		nl = memchr(t, '\n', (size_t)(end - t));
		le = nl ? nl : end;
		p = le;
		e = t + TAGLEN;
		while (e < le && (*e == ' ' || *e == '\t'))
			e++;
		if (e >= le || *e != ':')
			continue; /* a mention, not a tag */
		e++;
		while (e < le && (*e == ' ' || *e == '\t'))
			e++;
		/* the value ends at the line's end or at a character that
		 * closes a string or a comment: an escaped "\n" in a source
		 * map, a quote, "*" of a comment closer, "<", "{", "#"... */
		{
			const char *v = e;

			while (v < le && *v && !strchr("\\\"'`*<>{}#|", *v))
				v++;
			n = trim_tail(e, (size_t)(v - e));
		}
		/* the raw tag, from the tag word to the end of the value */
		ls = t;
		rawlen = (size_t)(e + n - ls);
		if (rawlen > 300)
			rawlen = 300;
		raw = dpg_arena_strndup(&a, ls, rawlen);
		memset(&f, 0, sizeof(f));
		f.analyzer = c->analyzer;
		f.indicator = DPG_IND_LICENSE;
		f.path = path;
		f.line = f.line_end = line;
		f.score = -1;
		if (dpg_spdx_parse(&ex, e, n, &o, &a, &err) == 0) {
			f.kind = "spdx-tag";
			f.value = dpg_spdx_to_string(ex.root, &a);
			f.excerpt = ex.notes ? dpg_arena_printf(&a, "%s  [%s]",
								raw, ex.notes)
					     : raw;
		} else {
			f.kind = "spdx-tag-invalid";
			f.value = dpg_arena_strndup(&a, e, n > 300 ? 300 : n);
			f.excerpt = err.msg;
		}
		c->emit(c->emit_ctx, &f);
		count++;
	}
	dpg_arena_release(&a);
	return count;
}
