/*
 * tag.c: SPDX-License-Identifier tags, and the default id validator.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define TAGS_AVX2 1
#endif

#include "dpg/licdecl.h"
#include "dpg/license.h"
#include "dpg/spdx.h"
#include "dpg/util.h"
#include "licnames.h"
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

/* A tag at q (TAGLEN bytes there): "SPDX-" or "spdx-", then the rest in
 * any case. */
static int tag_at(const char *q)
{
	return (!memcmp(q, "SPDX-", 5) || !memcmp(q, "spdx-", 5)) &&
	       dpg_strncasecmp(q, TAG, TAGLEN) == 0;
}

#ifdef __SSE2__
/* Bit k set: p[k] is 's' and p[k + 4] '-' (reads p[0..19]): sixteen
 * positions at once, the few that pass are checked by tag_at(). */
static unsigned int tag_starts(const char *p)
{
	__m128i v0 = _mm_loadu_si128((const void *)p);
	__m128i v4 = _mm_loadu_si128((const void *)(p + 4));
	__m128i s = _mm_cmpeq_epi8(_mm_or_si128(v0, _mm_set1_epi8(0x20)),
				   _mm_set1_epi8('s'));

	return (unsigned int)_mm_movemask_epi8(
		_mm_and_si128(s, _mm_cmpeq_epi8(v4, _mm_set1_epi8('-'))));
}
#endif

#ifdef TAGS_AVX2
/*
 * The first tag from p on (p + 31 <= last, the last place a tag can start)
 * where the CPU has AVX2: 32 places at a time, those with 's' or 'S',
 * then '-' 4 and 12 bytes on (as every tag has: "SPDX-License-") checked
 * by tag_at(); NULL if none starts before the returned *p, from where
 * fewer than 32 places are left.
 */
__attribute__((target("avx2"))) static const char *find_tag32(const char **pp,
							      const char *last)
{
	const __m256i s = _mm256_set1_epi8('s'), d = _mm256_set1_epi8('-');
	const __m256i c = _mm256_set1_epi8(0x20);
	const char *p = *pp;

	for (; last - p >= 31; p += 32) {
		__m256i v0 = _mm256_loadu_si256((const void *)p);
		__m256i v4 = _mm256_loadu_si256((const void *)(p + 4));
		__m256i v12 = _mm256_loadu_si256((const void *)(p + 12));
		uint32_t m = (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(
			_mm256_cmpeq_epi8(_mm256_or_si256(v0, c), s),
			_mm256_and_si256(_mm256_cmpeq_epi8(v4, d),
					 _mm256_cmpeq_epi8(v12, d))));

		for (; m; m &= m - 1) {
			const char *q = p + __builtin_ctz(m);

			if (tag_at(q))
				return q;
		}
	}
	*pp = p;
	return NULL;
}
#endif

/* The first tag at or after p that ends by end, in either of the usual
 * cases. */
static const char *find_tag(const char *p, const char *end)
{
	const char *last;

	if ((size_t)(end - p) < TAGLEN)
		return NULL;
	last = end - TAGLEN;
#ifdef TAGS_AVX2
	if (!dpg_lictext_no_avx2 && dpg_cpu_has(DPG_CPU_AVX2)) {
		const char *q = find_tag32(&p, last);

		if (q)
			return q;
	}
#endif
#ifdef __SSE2__
	for (; last - p >= 15; p += 16) {
		unsigned int m = tag_starts(p);

		for (; m; m &= m - 1) {
			const char *q = p + __builtin_ctz(m);

			if (tag_at(q))
				return q;
		}
	}
#endif
	for (; p <= last; p++)
		if (tag_at(p))
			return p;
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
