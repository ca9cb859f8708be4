/*
 * prefilter.c: required literals of a pattern, and a trigram filter.
 *
 * A backtracking engine tries every alternative at every position, so the
 * cost of a combined alternation grows with the number of rules.  Most
 * rules, though, cannot match unless one of a few literal words occurs in
 * the text ("GDPR", "General Data Protection Regulation").  For each
 * content pattern we extract such a set of required literals from the
 * pattern source (conservatively: when in doubt, no set, and the rule is
 * always run).  For each file, one pass records which byte trigrams occur
 * (lowercased, in a 64 Kib bitmap); a rule is run only when all trigrams of
 * one of its literals occur.  The filter only ever lets too much through,
 * never too little: literals are compared case-insensitively whatever the
 * pattern's flags, and a rule's own examples check it (rules test).
 */
#define _GNU_SOURCE /* memmem */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/arena.h"
#include "dpg/util.h"
#include "key_trigrams.h"
#include "lits_int.h"
#include "pf_known.h"
#include "re_known.h"
#include "rules_int.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
/* Valgrind cannot follow JIT code: detect it when its header is here. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif
#include "dpg/banned.h"

#define MIN_LIT	  3
#define MAX_LIT	  64
#define MAX_SET	  32
#define MAX_DEPTH 16
/* Lengths in bytes; UNB: unbounded (or more than LEN_CAP). */
#define UNB	       ((size_t)-1)
#define LEN_CAP	       4096
#define CHAR_MAX_BYTES 4 /* one UTF-8 character */

/* Byte sets. */
static void bset_add(struct dpg_bytes *b, unsigned int c)
{
	b->w[(c >> 6) & 3] |= (uint64_t)1 << (c & 63);
}

static int bset_has(const struct dpg_bytes *b, unsigned char c)
{
	return (int)(b->w[c >> 6] >> (c & 63) & 1);
}

static void bset_or(struct dpg_bytes *b, const struct dpg_bytes *o)
{
	size_t i;

	for (i = 0; i < 4; i++)
		b->w[i] |= o->w[i];
}

static int bset_empty(const struct dpg_bytes *b)
{
	return !(b->w[0] | b->w[1] | b->w[2] | b->w[3]);
}

static int bset_full(const struct dpg_bytes *b)
{
	return !~(b->w[0] & b->w[1] & b->w[2] & b->w[3]);
}

/* Bytes lo..hi (<= 255), a word at a time. */
static void bset_range(struct dpg_bytes *b, unsigned int lo, unsigned int hi)
{
	unsigned int w;

	if (lo > hi)
		return;
	for (w = lo >> 6; w <= hi >> 6; w++) {
		unsigned int a = w == lo >> 6 ? lo & 63 : 0;
		unsigned int z = w == hi >> 6 ? hi & 63 : 63;

		b->w[w] |= (~(uint64_t)0 >> (63 - z + a)) << a;
	}
}

/* A set of literals; ok = 0 means "no usable set".  For anchors
 * (dpg_rules_anchors), d[i] and u[i]: a match has at most d[i] bytes that
 * are not in u[i] before s[i] (and any number that are), and c[i] is
 * lit_cost(s[i]) once known (0 before).  The strings live in the parse's arena
 * (struct px). */
struct litset {
	char *s[MAX_SET];
	size_t d[MAX_SET];
	struct dpg_bytes u[MAX_SET];
	unsigned long c[MAX_SET];
	size_t n;
	int ok;
};

static void set_clear(struct litset *ls)
{
	ls->n = 0;
	ls->ok = 0;
}

static size_t set_minlen(const struct litset *ls)
{
	size_t i, m = (size_t)-1;

	for (i = 0; i < ls->n; i++)
		if (strlen(ls->s[i]) < m)
			m = strlen(ls->s[i]);
	return ls->n ? m : 0;
}

/* Is a better than b as a filter? */
static int set_better(const struct litset *a, const struct litset *b)
{
	size_t ma = set_minlen(a), mb = set_minlen(b);

	if (!b->ok)
		return a->ok;
	if (!a->ok)
		return 0;
	if (ma != mb)
		return ma > mb;
	return a->n < b->n;
}

/* An empty set. */
static void set_init(struct litset *ls)
{
	set_clear(ls);
}

static void set_take(struct litset *dst, struct litset *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) { /* mostly one: no memcpy calls */
		dst->s[i] = src->s[i];
		dst->d[i] = src->d[i];
		dst->u[i] = src->u[i];
		dst->c[i] = src->c[i];
	}
	dst->n = src->n;
	dst->ok = src->ok;
	set_init(src);
}

static size_t len_add(size_t a, size_t b)
{
	return a == UNB || b == UNB || a + b > LEN_CAP ? UNB : a + b;
}

static size_t len_mul(size_t a, size_t reps)
{
	if (!a || !reps)
		return 0;
	return a == UNB || reps == UNB || reps > LEN_CAP / a ? UNB : a * reps;
}

/* The literals of one parse: in buf while they fit, then in more; all
 * freed at once (strs_release). */
struct strs {
	char buf[4096];
	size_t used;
	struct dpg_arena more;
};

static void strs_init(struct strs *st)
{
	st->used = 0;
	st->more = (struct dpg_arena)DPG_ARENA_INIT;
}

static void strs_release(struct strs *st)
{
	dpg_arena_release(&st->more);
}

static char *strs_dup(struct strs *st, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (n > sizeof(st->buf) - st->used)
		return dpg_arena_strdup(&st->more, s);
	p = st->buf + st->used;
	memcpy(p, s, n);
	st->used += n;
	return p;
}

struct px {
	const char *p, *end;
	struct strs *strs; /* the literals of the sets */
	int fail;	   /* a construct we do not understand: give up */
	int noanch;	   /* \G or \K: the start offset matters, no anchors */
	int depth;
	int one; /* a character counts one byte (pre_chars) */
};

/* What a sequence or an alternation yields. */
struct piece {
	struct litset best; /* the best required set (a filter) */
	struct litset anc;  /* the leftmost required set whose distance
			       from the match start is bounded */
	size_t maxlen;	    /* the most bytes it can match that are not in
			       runs (a byte set), or UNB */
	struct dpg_bytes runs;
};

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* At p: a quantifier?  Returns 0 none, 1 optional (?, *, {0,...}),
 * 2 mandatory (+, {n,...} n >= 1); advances past it (and a lazy or
 * possessive suffix).  *reps: the most repetitions (1 without one). */
static int quantifier(struct px *x, size_t *reps)
{
	const char *p = x->p;
	int kind = 0;

	*reps = 1;
	if (p >= x->end)
		return 0;
	if (*p == '?' || *p == '*') {
		kind = 1;
		*reps = *p == '?' ? 1 : UNB;
		p++;
	} else if (*p == '+') {
		kind = 2;
		*reps = UNB;
		p++;
	} else if (*p == '{') {
		const char *q = p + 1;
		int digits = 0, zero = 1, comma = 0;
		size_t hi = 0;

		while (q < x->end && (*q == ' ' || *q == ','))
			q++;
		while (q < x->end && *q >= '0' && *q <= '9') {
			if (*q != '0')
				zero = 0;
			hi = hi < LEN_CAP ? hi * 10 + (size_t)(*q - '0') : UNB;
			digits++;
			q++;
		}
		if (q < x->end && *q == ',') {
			const char *m = q + 1;

			comma = 1;
			while (m < x->end && *m == ' ')
				m++;
			if (m < x->end && *m >= '0' && *m <= '9') {
				comma = 0;
				hi = 0;
				while (m < x->end && *m >= '0' && *m <= '9') {
					hi = hi < LEN_CAP
						     ? hi * 10 + (size_t)(*m -
									  '0')
						     : UNB;
					m++;
				}
			}
		}
		while (q < x->end && *q != '}' &&
		       ((*q >= '0' && *q <= '9') || *q == ',' || *q == ' '))
			q++;
		if (q >= x->end || *q != '}')
			return 0; /* a literal '{' */
		kind = (!digits || zero) ? 1 : 2;
		*reps = !digits || comma || hi > LEN_CAP ? UNB : hi;
		p = q + 1;
	} else {
		return 0;
	}
	if (p < x->end && (*p == '?' || *p == '+'))
		p++;
	x->p = p;
	return kind;
}

/*
 * Bytes folded for caseless literal comparisons: ASCII letters to lower
 * case, and 0x80..0x9E to 0xA0..0xBE, which folds the second byte of the
 * Latin-1 letters U+00C0..U+00DE (C3 80..C3 9E) onto that of their lower
 * case (C3 A0..C3 BE).  The fold loses nothing a literal needs (other
 * characters' bytes meet more candidates, never fewer) as long as a
 * literal holds only the non-ASCII letters latin1_letter() allows.
 */
static const unsigned char lowtab[256] = {
	0,   1,	  2,   3,   4,	 5,   6,   7,	8,   9,	  10,  11,  12,	 13,
	14,  15,  16,  17,  18,	 19,  20,  21,	22,  23,  24,  25,  26,	 27,
	28,  29,  30,  31,  32,	 33,  34,  35,	36,  37,  38,  39,  40,	 41,
	42,  43,  44,  45,  46,	 47,  48,  49,	50,  51,  52,  53,  54,	 55,
	56,  57,  58,  59,  60,	 61,  62,  63,	64,  97,  98,  99,  100, 101,
	102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115,
	116, 117, 118, 119, 120, 121, 122, 91,	92,  93,  94,  95,  96,	 97,
	98,  99,  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
	112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125,
	126, 127, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171,
	172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185,
	186, 187, 188, 189, 190, 159, 160, 161, 162, 163, 164, 165, 166, 167,
	168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181,
	182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195,
	196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209,
	210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223,
	224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237,
	238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251,
	252, 253, 254, 255,
};

static uint32_t low8(unsigned char c)
{
	return lowtab[c];
}

/*
 * The length of the non-ASCII character at p (before end) when a literal
 * may hold it, else 0: a Latin-1 letter whose only caseless partner is
 * C3 (b ^ 0x20) (not Å/å: U+212B ANGSTROM SIGN is one too; not ß:
 * U+1E9E; not ÿ: U+0178), or a superscript or subscript digit (¹ ² ³,
 * U+2070..U+2089), which have no caseless partner.  (Checked with PCRE2
 * against every code point.)
 */
static size_t literal_char(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n = (size_t)(end - p);

	if (n >= 2 && u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0xBF &&
	    u[1] != 0x85 && u[1] != 0xA5 && u[1] != 0x9F && u[1] != 0xBF)
		return 2;
	if (n >= 2 && u[0] == 0xC2 &&
	    (u[1] == 0xB2 || u[1] == 0xB3 || u[1] == 0xB9))
		return 2;
	if (n >= 3 && u[0] == 0xE2 &&
	    ((u[1] == 0x81 &&
	      (u[2] == 0xB0 || (u[2] >= 0xB4 && u[2] <= 0xB9))) ||
	     (u[1] == 0x82 && u[2] >= 0x80 && u[2] <= 0x89)))
		return 3;
	return 0;
}

static void parse_alt(struct px *x, struct piece *out);

static void escape_set(char e, struct dpg_bytes *u);
static int literal_escape(char c);

/*
 * Skip a character class at x->p ('['); with u, the bytes its characters
 * can be made of, conservatively (ASCII letters in both cases, every byte
 * from 0x80 when a character may be non-ASCII; all bytes when unsure).
 */
static void skip_class(struct px *x, struct dpg_bytes *u)
{
	const char *p = x->p + 1;
	struct dpg_bytes b;
	int neg = 0;
	unsigned int i, prev = 256; /* the last single byte, for a range */

	memset(&b, 0, sizeof(b));
	if (p < x->end && *p == '^') {
		neg = 1;
		p++;
	}
	if (p < x->end && *p == ']') {
		bset_add(&b, ']');
		prev = ']';
		p++;
	}
	while (p < x->end && *p != ']') {
		unsigned int c = (unsigned char)*p;

		if (c == '\\' && p + 1 < x->end) {
			if (literal_escape(p[1])) {
				c = (unsigned char)p[1];
				bset_add(&b, c);
				prev = c;
			} else {
				escape_set(p[1], &b);
				prev = 256;
			}
			p += 2;
		} else if (c == '[' && p + 1 < x->end && p[1] == ':') {
			const char *e = strstr(p + 2, ":]");

			p = e && e < x->end ? e + 2 : p + 1;
			memset(&b, 0xff, sizeof(b)); /* unsure */
			prev = 256;
		} else if (c == '-' && prev < 128 && p + 1 < x->end &&
			   p[1] != ']' && p[1] != '\\' &&
			   (unsigned char)p[1] < 128) {
			bset_range(&b, prev, (unsigned char)p[1]);
			prev = 256;
			p += 2;
		} else {
			if (c >= 0x80)
				memset(&b, 0xff, sizeof(b)); /* unsure */
			bset_add(&b, c);
			prev = c;
			p++;
		}
	}
	if (p >= x->end)
		x->fail = 1;
	x->p = p < x->end ? p + 1 : p;
	if (!u)
		return;
	if (neg) {
		/* caseless or not, no more than the complement */
		for (i = 0; i < 4; i++)
			b.w[i] = ~b.w[i];
	} else {
		for (i = 'a'; i <= 'z'; i++)
			if (bset_has(&b, (unsigned char)i) ||
			    bset_has(&b, (unsigned char)(i - 32))) {
				bset_add(&b, i);
				bset_add(&b, i - 32);
			}
	}
	bset_range(&b, 0x80, 0xff); /* other characters may be non-ASCII */
	*u = b;
}

/* Skip a group's content to its ')' (for lookarounds). */
static void skip_group(struct px *x)
{
	int depth = 1;

	while (x->p < x->end && depth) {
		char c = *x->p;

		if (c == '\\' && x->p + 1 < x->end) {
			x->p += 2;
			continue;
		}
		if (c == '[') {
			skip_class(x, NULL);
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')')
			depth--;
		x->p++;
	}
	if (depth)
		x->fail = 1;
}

/* Escaped punctuation that stands for itself. */
static int literal_escape(char c)
{
	return c && strchr(".-/()[]{}*+?|\\$^@#&'\":!,;<>=~%` _", c) != NULL;
}

static int is_digit(char c, int base)
{
	if (base == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
		return 1;
	return c >= '0' && c < '0' + (base > 10 ? 10 : base);
}

/*
 * The bytes of the characters a one-character escape (\\s, \\d, \\t...)
 * can match, added to u: conservatively every byte from 0x80 (Unicode
 * spaces, digits and letters), all bytes for the others.
 */
static void escape_set(char e, struct dpg_bytes *u)
{
	struct dpg_bytes b;
	size_t i;
	int neg = e >= 'A' && e <= 'Z';

	memset(&b, 0, sizeof(b));
	switch (neg ? e + 32 : e) {
	case 's':
		bset_range(&b, '\t', '\r');
		bset_add(&b, ' ');
		break;
	case 'h':
		bset_add(&b, '\t');
		bset_add(&b, ' ');
		break;
	case 'v':
		bset_range(&b, '\n', '\r');
		break;
	case 'd':
		bset_range(&b, '0', '9');
		break;
	case 'w':
		bset_range(&b, '0', '9');
		bset_range(&b, 'a', 'z');
		bset_range(&b, 'A', 'Z');
		bset_add(&b, '_');
		break;
	case 't':
	case 'n':
	case 'r':
	case 'f':
	case 'e':
	case 'a':
		if (neg)
			goto all;
		bset_add(&b, e == 't'	? '\t'
			     : e == 'n' ? '\n'
			     : e == 'r' ? '\r'
			     : e == 'f' ? '\f'
			     : e == 'e' ? 27
					: 7);
		bset_or(u, &b);
		return;
	default:
	all:
		memset(u, 0xff, sizeof(*u));
		return;
	}
	if (neg)
		for (i = 0; i < 4; i++)
			b.w[i] = ~b.w[i];
	bset_range(&b, 0x80, 0xff);
	bset_or(u, &b);
}

/*
 * A non-literal escape at x->p ('\\'): advance past it and return the
 * most bytes it matches (0 for an assertion, UNB when unknown).
 */
static size_t skip_escape(struct px *x, int *one)
{
	char e = x->p + 1 < x->end ? x->p[1] : '\0';
	int k;

	*one = 0;
	x->p += 2;
	if (e == 'Q' || e == 'E') {
		x->fail = 1;
		return UNB;
	}
	if ((e == 'x' || e == 'p' || e == 'P' || e == 'g' || e == 'k' ||
	     e == 'o' || e == 'N') &&
	    x->p < x->end && (*x->p == '{' || *x->p == '<' || *x->p == '\'')) {
		char close = *x->p == '{' ? '}' : *x->p == '<' ? '>' : '\'';

		x->p++;
		while (x->p < x->end && *x->p != close)
			x->p++;
		if (x->p < x->end)
			x->p++;
		return e == 'g' || e == 'k' ? UNB : CHAR_MAX_BYTES;
	}
	switch (e) {
	case 'b':
	case 'B':
	case 'A':
	case 'z':
	case 'Z':
		return 0;
	case 'G':
	case 'K':
		x->noanch = 1; /* the start offset or match start moves */
		return 0;
	case 'x': /* \xhh */
		for (k = 0; k < 2 && x->p < x->end && is_digit(*x->p, 16); k++)
			x->p++;
		return CHAR_MAX_BYTES;
	case 'c': /* \cX */
		if (x->p < x->end)
			x->p++;
		return CHAR_MAX_BYTES;
	case 'p':
	case 'P': /* \pL */
		if (x->p < x->end)
			x->p++;
		return CHAR_MAX_BYTES;
	case '0': /* octal */
		for (k = 0; k < 2 && x->p < x->end && is_digit(*x->p, 8); k++)
			x->p++;
		return CHAR_MAX_BYTES;
	case 'd':
	case 'D':
	case 'w':
	case 'W':
	case 's':
	case 'S':
	case 'h':
	case 'H':
	case 'v':
	case 'V':
	case 'N':
	case 'a':
	case 'e':
	case 'f':
	case 'n':
	case 'r':
	case 't':
		*one = 1; /* one character: escape_set() tells which */
		return CHAR_MAX_BYTES;
	default:
		/* \1..\9 (back references or octal), \g, \R, \X, \C... */
		while (x->p < x->end && is_digit(*x->p, 10))
			x->p++;
		return UNB;
	}
}

/*
 * The bytes before a point of a sequence: at most *pre (UNB: unbounded)
 * that are not in *runs.  Add an item that matches at most n bytes, reps
 * times, whose bytes are all in u (NULL: any byte): repeated without bound
 * (or past LEN_CAP), such an item becomes part of the runs.
 */
static void pre_add(size_t *pre, struct dpg_bytes *runs, size_t n, size_t reps,
		    const struct dpg_bytes *u)
{
	size_t add = len_mul(n, reps);

	if (add == UNB && n != UNB && u && !bset_full(u))
		bset_or(runs, u);
	else
		*pre = len_add(*pre, add);
}

/*
 * pre_add for an item of at most reps characters (a class, '.', a
 * one-character escape): CHAR_MAX_BYTES a character, or with one (the
 * second parse: parse_src) one.  A UTF-8 character is one ASCII byte or
 * bytes all from 0x80 (no invalid sequence matches:
 * PCRE2_MATCH_INVALID_UTF), so with 0x80..0xFF in the runs a character
 * counts one byte: "[^\n]{0,40}" 40, not 160.  Unbounded, as pre_add.
 */
static void pre_chars(int one, size_t *pre, struct dpg_bytes *runs, size_t reps,
		      const struct dpg_bytes *u)
{
	if (!one || len_mul(CHAR_MAX_BYTES, reps) == UNB) {
		pre_add(pre, runs, CHAR_MAX_BYTES, reps, u);
		return;
	}
	if (!reps)
		return;
	*pre = len_add(*pre, reps);
	bset_range(runs, 0x80, 0xff);
}

/* The set {c} (both cases of an ASCII letter). */
static struct dpg_bytes byte_set(unsigned char c)
{
	struct dpg_bytes b;

	memset(&b, 0, sizeof(b));
	bset_add(&b, c);
	bset_add(&b, (unsigned int)lower(c));
	if (c >= 'a' && c <= 'z')
		bset_add(&b, c - 32u);
	return b;
}

/*
 * How often a literal's first three bytes start a text position, per
 * 100,000 bytes: the text positions the multi-literal pass must look at
 * for it.  The most common lowercase letter trigrams of a sample of the
 * bench corpus (6 files of each repository, 3.5 MB: prose, HTML, code,
 * data); any other trigram counts COMMON_RARE.
 */
#define T(a, b, c, n) [((a) - 'a') * 676 + ((b) - 'a') * 26 + (c) - 'a'] = (n)
static const unsigned short common[26 * 26 * 26] = {
	T('a', 'b', 'l', 96),  T('a', 'c', 'k', 65),  T('a', 'g', 'e', 66),
	T('a', 'l', 'i', 58),  T('a', 'l', 'l', 67),  T('a', 'l', 'u', 65),
	T('a', 'm', 'e', 175), T('a', 'n', 'd', 98),  T('a', 'r', 'a', 64),
	T('a', 'r', 'e', 69),  T('a', 'r', 'g', 56),  T('a', 's', 's', 311),
	T('a', 't', 'a', 48),  T('a', 't', 'e', 114), T('a', 't', 'i', 140),
	T('b', 'e', 'f', 48),  T('b', 'l', 'e', 108), T('b', 'u', 't', 57),
	T('c', 'a', 'l', 57),  T('c', 'h', 'e', 48),  T('c', 'l', 'a', 308),
	T('c', 'o', 'd', 140), T('c', 'o', 'l', 92),  T('c', 'o', 'm', 74),
	T('c', 'o', 'n', 220), T('c', 'r', 'i', 48),  T('c', 't', 'i', 167),
	T('d', 'a', 't', 58),  T('d', 'e', 'f', 62),  T('d', 'e', 'r', 92),
	T('d', 'i', 'n', 47),  T('d', 'i', 'v', 93),  T('d', 'o', 'c', 55),
	T('e', 'c', 't', 136), T('e', 'f', 'o', 53),  T('e', 'l', 'e', 65),
	T('e', 'n', 'd', 53),  T('e', 'n', 's', 50),  T('e', 'n', 't', 293),
	T('e', 'r', 'a', 57),  T('e', 'r', 'e', 54),  T('e', 'r', 's', 65),
	T('e', 'r', 't', 75),  T('e', 's', 's', 57),  T('e', 's', 't', 54),
	T('e', 't', 'u', 104), T('e', 'v', 'e', 56),  T('e', 'x', 'p', 49),
	T('e', 'x', 't', 122), T('f', 'i', 'l', 48),  T('f', 'o', 'r', 164),
	T('f', 'u', 'n', 103), T('g', 'e', 't', 63),  T('g', 'h', 't', 60),
	T('g', 'i', 'n', 48),  T('h', 'i', 's', 98),  T('h', 'r', 'e', 117),
	T('h', 't', 'm', 107), T('h', 't', 't', 47),  T('i', 'c', 'a', 53),
	T('i', 'g', 'h', 66),  T('i', 'g', 'n', 61),  T('i', 'l', 'e', 58),
	T('i', 'm', 'p', 58),  T('i', 'n', 'd', 55),  T('i', 'n', 'e', 73),
	T('i', 'n', 'g', 211), T('i', 'n', 'k', 50),  T('i', 'n', 't', 87),
	T('i', 'o', 'n', 412), T('i', 's', 't', 59),  T('i', 't', 'e', 96),
	T('i', 't', 'h', 55),  T('i', 't', 'l', 51),  T('j', 'e', 'c', 47),
	T('l', 'a', 's', 311), T('l', 'e', 'n', 48),  T('l', 'i', 'c', 68),
	T('l', 'i', 'n', 97),  T('l', 'o', 'r', 58),  T('l', 'u', 'e', 61),
	T('m', 'a', 't', 57),  T('m', 'e', 'n', 101), T('m', 'e', 't', 61),
	T('m', 'o', 'd', 53),  T('m', 'p', 'o', 52),  T('n', 'a', 'm', 137),
	T('n', 'c', 'e', 46),  T('n', 'c', 't', 104), T('n', 'd', 'e', 78),
	T('n', 'o', 't', 62),  T('n', 's', 't', 72),  T('n', 't', 'e', 133),
	T('n', 't', 'r', 47),  T('n', 'u', 'm', 55),  T('o', 'd', 'e', 173),
	T('o', 'l', 'o', 61),  T('o', 'n', 'e', 65),  T('o', 'n', 's', 143),
	T('o', 'n', 't', 133), T('o', 'p', 'e', 71),  T('o', 'r', 'd', 65),
	T('o', 'r', 'e', 76),  T('o', 'r', 'm', 49),  T('o', 'r', 't', 105),
	T('o', 'u', 'n', 47),  T('o', 'u', 't', 52),  T('o', 'v', 'e', 47),
	T('p', 'a', 'n', 225), T('p', 'a', 'r', 97),  T('p', 'e', 'r', 83),
	T('p', 'o', 'r', 92),  T('p', 'r', 'e', 79),  T('p', 'r', 'o', 121),
	T('p', 't', 'i', 57),  T('r', 'a', 'm', 57),  T('r', 'a', 'n', 53),
	T('r', 'a', 't', 47),  T('r', 'e', 'a', 85),  T('r', 'e', 'f', 168),
	T('r', 'e', 'n', 70),  T('r', 'e', 's', 71),  T('r', 'e', 't', 112),
	T('r', 'i', 'n', 73),  T('r', 'i', 'p', 47),  T('r', 'i', 't', 48),
	T('r', 'o', 'p', 65),  T('r', 'o', 'u', 56),  T('s', 'c', 'r', 55),
	T('s', 'e', 'r', 46),  T('s', 'e', 't', 68),  T('s', 'p', 'a', 241),
	T('s', 't', 'a', 87),  T('s', 't', 'r', 132), T('t', 'a', 'b', 52),
	T('t', 'a', 't', 72),  T('t', 'e', 'd', 55),  T('t', 'e', 'n', 90),
	T('t', 'e', 'r', 196), T('t', 'e', 'x', 92),  T('t', 'h', 'e', 215),
	T('t', 'h', 'i', 103), T('t', 'i', 'o', 338), T('t', 'i', 't', 56),
	T('t', 'l', 'e', 53),  T('t', 'm', 'l', 107), T('t', 'o', 'r', 68),
	T('t', 'r', 'a', 48),  T('t', 'r', 'i', 99),  T('t', 't', 'p', 47),
	T('t', 'u', 'r', 118), T('t', 'y', 'p', 145), T('u', 'l', 't', 46),
	T('u', 'm', 'e', 47),  T('u', 'n', 'c', 111), T('u', 'n', 'd', 60),
	T('u', 'r', 'n', 104), T('u', 's', 'e', 50),  T('v', 'a', 'l', 86),
	T('v', 'a', 'r', 69),  T('v', 'e', 'r', 83),  T('x', 'm', 'l', 62),
	T('y', 'p', 'e', 144)};
#undef T
#define COMMON_RARE 4

static unsigned int key_cost(const char *s);

/* A trigram with a byte that is not a-z (" is", "is "): common above
 * this key_trigrams cost, 16 * log2(10 * 46), i.e. as often as the
 * rarest of the common table's. */
#define KEY_COMMON 142

static unsigned int tri_cost(const char *s)
{
	unsigned int a = (unsigned char)s[0] - 'a', b, c;

	/* a table lookup: each stops at a byte that is not a-z (a NUL) */
	if (a >= 26 || (b = (unsigned char)s[1] - 'a') >= 26 ||
	    (c = (unsigned char)s[2] - 'a') >= 26) {
		unsigned int k = s[0] && s[1] && s[2] ? key_cost(s) : 0;

		/* its rate per 100,000 positions, 2^(k / 16) / 10 */
		return k >= KEY_COMMON ? (unsigned int)(exp2(k / 16.0) / 10)
				       : COMMON_RARE;
	}
	if (!common[a * 676 + b * 26 + c])
		return COMMON_RARE;
	return common[a * 676 + b * 26 + c];
}

/* The offset of the rarest trigram of lit (n bytes; the first of
 * equals): where the multi-literal pass keys it. */
static size_t rare_at(const char *lit, size_t n)
{
	size_t o, best = 0;

	for (o = 1; o + 3 <= n; o++)
		if (tri_cost(lit + o) < tri_cost(lit + best))
			best = o;
	return best;
}

/* How common the lowercase trigram at s is in texts: its key_trigrams
 * cost, or KEY_RARE. */
static unsigned int key_cost(const char *s)
{
	unsigned char b = (unsigned char)s[0];
	uint32_t key = (uint32_t)b << 16 | (uint32_t)(unsigned char)s[1] << 8 |
		       (unsigned char)s[2];
	const uint32_t *base = key_trigrams + key_first[b];
	size_t n = (size_t)(key_first[b + 1] - key_first[b]);

	/* sorted by key: the last of the first byte's keys at or below key,
	 * without a branch to mispredict (start-up ranks every trigram of
	 * every literal) */
	if (!n)
		return KEY_RARE;
	while (n > 1) {
		size_t half = n / 2;

		base = base[half] >> 8 <= key ? base + half : base;
		n -= half;
	}
	return *base >> 8 == key ? *base & 0xffu : KEY_RARE;
}

/* The offset of the least common trigram of lit (n bytes, lowercase) in
 * texts of any kind (the first of equals): its key in the multi-literal
 * pass, which looks up every text position holding a key.  (rare_at,
 * which ranks anchors, knows common letter trigrams only: "he " and "dir"
 * are rare to it.) */
static size_t key_at(const char *lit, size_t n)
{
	size_t o, best = 0;
	unsigned int c, min = key_cost(lit);

	for (o = 1; o + 3 <= n; o++) {
		c = key_cost(lit + o);
		if (c < min) {
			min = c;
			best = o;
		}
	}
	return best;
}

/*
 * Words so common in documentation and code that, as an anchor, they
 * would send most texts to the pattern matcher: of two literals a pattern
 * requires, the other one anchors it ("food", not "access", in "access
 * to food").  Made from the literals that started the most pattern runs
 * in the bench corpus; a speed matter only.
 */
static const char *const common_words[] = {
	"access",      "below",	   "case",    "certificate", "change",
	"child",       "children", "data",    "development", "first",
	"from",	       "function", "global",  "group",	     "hand",
	"information", "language", "level",   "list",	     "local",
	"means",       "network",  "open",    "origin",	     "people",
	"point",       "primary",  "public",  "record",	     "request",
	"right",       "rights",   "rule",    "security",    "service",
	"single",      "small",	   "system",  "target",	     "tree",
	"unique",      "user",	   "warning", "without",     "worker",
	"working"};

/* What a literal costs the multi-literal pass as an anchor: how often it
 * may occur. */
static unsigned long lit_cost(const char *lit)
{
	size_t lo = 0, hi = DPG_ARRAY_SIZE(common_words);

	while (lo < hi) { /* common_words is sorted */
		size_t mid = (lo + hi) / 2;
		int c = strcmp(lit, common_words[mid]);

		if (!c)
			return 1000;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return tri_cost(lit + rare_at(lit, strlen(lit)));
}

static unsigned long set_cost(struct litset *ls)
{
	unsigned long c = 0;
	size_t i;

	for (i = 0; i < ls->n; i++) {
		if (!ls->c[i])
			ls->c[i] = lit_cost(ls->s[i]); /* never 0 */
		c += ls->c[i];
	}
	return c;
}

/* Is a better than b as anchors?  Cheaper, then by set_better. */
static int anc_better(struct litset *a, struct litset *b)
{
	unsigned long ca, cb;

	if (!b->ok || !a->ok)
		return a->ok && !b->ok;
	ca = set_cost(a);
	cb = set_cost(b);
	return ca != cb ? ca < cb : set_better(a, b);
}

/*
 * The literal run s at distance d (and runs u) from the start, as the
 * sequence's anchor when it is a better one than what it has: rarer
 * ("poor" rather than "the" in "the\s+poor"), then longer; on a tie the
 * leftmost stays.
 */
static void offer_anchor(struct px *x, struct litset *anc, char *s, size_t d,
			 const struct dpg_bytes *u)
{
	struct litset one;

	/* compared as s itself: copied only when taken */
	one.s[0] = s;
	one.c[0] = 0;
	one.n = 1;
	one.ok = 1;
	if (!anc_better(&one, anc))
		return;
	one.s[0] = strs_dup(x->strs, s);
	one.d[0] = d;
	one.u[0] = *u;
	set_take(anc, &one);
}

/*
 * A sequence up to '|' or ')' (not consumed): the best required set among
 * its literal runs and its mandatory groups, and the leftmost one at a
 * bounded distance from the start (the anchors).
 */
static void parse_seq(struct px *x, struct piece *out)
{
	char run[MAX_LIT + 1];
	size_t rl = 0, pre = 0, run_pre = 0;
	struct dpg_bytes runs, run_runs, u;
	struct piece cand;
	struct litset *best = &out->best, *anc = &out->anc;

	set_init(&cand.best);
	set_init(&cand.anc);
	memset(&runs, 0, sizeof(runs));
	memset(&run_runs, 0, sizeof(run_runs));
	best->n = anc->n = 0;
	best->ok = anc->ok = 0;

#define FLUSH()                                                                \
	do {                                                                   \
		if (rl >= MIN_LIT) {                                           \
			run[rl] = '\0';                                        \
			if (run_pre != UNB)                                    \
				offer_anchor(x, anc, run, run_pre, &run_runs); \
			set_clear(&cand.best);                                 \
			cand.best.s[0] = run; /* copied only when taken */     \
			cand.best.n = 1;                                       \
			cand.best.ok = 1;                                      \
			if (set_better(&cand.best, best)) {                    \
				cand.best.s[0] = strs_dup(x->strs, run);       \
				set_take(best, &cand.best);                    \
			}                                                      \
			set_init(&cand.best);                                  \
		}                                                              \
		rl = 0;                                                        \
	} while (0)

	while (x->p < x->end && !x->fail && *x->p != '|' && *x->p != ')') {
		char c = *x->p, lit = 0;
		size_t reps, clen = 1, nch;

		if (c == '(') {
			int q, look = 0;

			FLUSH();
			x->p++;
			if (x->p < x->end && *x->p == '*') {
				x->fail = 1; /* (*VERB) */
				break;
			}
			if (x->p < x->end && *x->p == '?') {
				const char *f = x->p + 1;

				if (f < x->end && (*f == '=' || *f == '!')) {
					look = 1;
				} else if (f + 1 < x->end && *f == '<' &&
					   (f[1] == '=' || f[1] == '!')) {
					look = 1;
				} else if (f < x->end &&
					   (*f == ':' || *f == '>' ||
					    *f == '|')) {
					x->p = f + 1;
				} else if (f < x->end &&
					   (*f == '<' || *f == '\'' ||
					    *f == 'P')) {
					/* named group */
					const char *e = f;

					while (e < x->end && *e != '>' &&
					       *e != '\'')
						e++;
					if (e >= x->end) {
						x->fail = 1;
						break;
					}
					x->p = e + 1;
				} else {
					/* flags: (?i) (?-i) (?i:...) */
					const char *e = f;

					while (e < x->end &&
					       ((*e >= 'a' && *e <= 'z') ||
						*e == '-' || *e == '^'))
						e++;
					if (e >= x->end ||
					    (*e != ')' && *e != ':') ||
					    e == f) {
						x->fail = 1; /* (?#, (?C, (?( */
						break;
					}
					if (memchr(f, 'x', (size_t)(e - f))) {
						x->fail = 1;
						break;
					}
					x->p = e + 1;
					if (*e == ')')
						continue; /* option setting */
				}
			}
			if (look) {
				/* zero-width, and nothing in it is required */
				skip_group(x);
				(void)quantifier(x, &reps);
				continue;
			}
			if (++x->depth > MAX_DEPTH) {
				x->fail = 1;
				break;
			}
			parse_alt(x, &cand);
			x->depth--;
			if (x->fail)
				break;
			if (x->p >= x->end || *x->p != ')') {
				x->fail = 1;
				break;
			}
			x->p++;
			q = quantifier(x, &reps);
			if (q != 1 && set_better(&cand.best, best))
				set_take(best, &cand.best);
			if (q != 1 && pre != UNB && cand.anc.ok) {
				size_t i;

				for (i = 0; i < cand.anc.n; i++) {
					cand.anc.d[i] =
						len_add(cand.anc.d[i], pre);
					bset_or(&cand.anc.u[i], &runs);
					if (cand.anc.d[i] == UNB)
						cand.anc.ok = 0;
				}
				if (cand.anc.ok && anc_better(&cand.anc, anc))
					set_take(anc, &cand.anc);
			}
			set_clear(&cand.best);
			set_clear(&cand.anc);
			pre_add(&pre, &runs, cand.maxlen, reps, NULL);
			bset_or(&runs, &cand.runs);
			continue;
		}
		if (c == '[') {
			struct px cls = *x;

			FLUSH();
			skip_class(x, NULL);
			(void)quantifier(x, &reps);
			if (len_mul(CHAR_MAX_BYTES, reps) == UNB)
				skip_class(&cls, &u); /* a run: its bytes */
			pre_chars(x->one, &pre, &runs, reps, &u);
			continue;
		}
		if (c == '\\') {
			char e = x->p + 1 < x->end ? x->p[1] : '\0';

			if (literal_escape(e)) {
				lit = e;
				x->p += 2;
			} else {
				size_t n;
				int one;

				FLUSH();
				n = skip_escape(x, &one);
				if (x->fail)
					break;
				(void)quantifier(x, &reps);
				memset(&u, 0xff, sizeof(u));
				if (one && len_mul(n, reps) == UNB) {
					memset(&u, 0, sizeof(u));
					escape_set(e, &u);
				}
				/* CHAR_MAX_BYTES: one character */
				if (n == CHAR_MAX_BYTES)
					pre_chars(x->one, &pre, &runs, reps,
						  &u);
				else
					pre_add(&pre, &runs, n, reps, &u);
				continue;
			}
		} else if (c == '.' || c == '^' || c == '$') {
			FLUSH();
			x->p++;
			(void)quantifier(x, &reps);
			if (c == '.')
				pre_chars(x->one, &pre, &runs, reps, NULL);
			continue;
		} else if ((nch = literal_char(x->p, x->end)) != 0) {
			/* a non-ASCII character that a literal may hold (its
			 * bytes folded like ASCII letters) */
			const char *ch = x->p;
			int q;
			size_t k;

			x->p += nch;
			q = quantifier(x, &reps);
			if (q == 1) {
				FLUSH();
				pre_add(&pre, &runs, nch, reps, NULL);
				continue;
			}
			if (rl == 0) {
				run_pre = pre;
				run_runs = runs;
			}
			for (k = 0; rl + nch - k <= MAX_LIT && k < nch; k++)
				run[rl++] = (char)low8((unsigned char)ch[k]);
			pre_add(&pre, &runs, nch, reps, NULL);
			if (q == 2)
				FLUSH();
			continue;
		} else if ((unsigned char)c >= 0x80 || c == '\n' || c == '\t') {
			/* a byte of another non-ASCII character: its caseless
			 * partners may be longer */
			FLUSH();
			x->p++;
			(void)quantifier(x, &reps);
			if (len_mul(CHAR_MAX_BYTES, reps) == UNB)
				u = byte_set((unsigned char)c);
			pre_add(&pre, &runs, CHAR_MAX_BYTES, reps,
				(unsigned char)c >= 0x80 ? NULL : &u);
			continue;
		} else {
			lit = c;
			x->p++;
		}
		/* a literal character: its quantifier decides */
		if (x->p >= x->end || (*x->p != '?' && *x->p != '*' &&
				       *x->p != '+' && *x->p != '{')) {
			/* none (the common case, as below with reps 1) */
			if (rl == 0) {
				run_pre = pre;
				run_runs = runs;
			}
			if (rl < MAX_LIT)
				run[rl++] = (char)low8((unsigned char)lit);
			pre = len_add(pre, clen);
			continue;
		}
		{
			int q = quantifier(x, &reps);

			if (len_mul(clen, reps) == UNB)
				u = byte_set((unsigned char)lit);
			if (q == 1) {
				FLUSH();
				pre_add(&pre, &runs, clen, reps, &u);
				continue;
			}
			if (rl == 0) {
				run_pre = pre;
				run_runs = runs;
			}
			if (rl < MAX_LIT)
				run[rl++] = (char)low8((unsigned char)lit);
			pre_add(&pre, &runs, clen, reps, &u);
			if (q == 2)
				FLUSH();
		}
	}
	FLUSH();
	set_clear(&cand.best);
	set_clear(&cand.anc);
	out->maxlen = pre;
	out->runs = runs;
#undef FLUSH
}

/* Move the strings of src onto the end of dst; 0 when they do not fit. */
static int set_append(struct litset *dst, struct litset *src)
{
	size_t i;
	int ok = dst->n + src->n <= MAX_SET;

	for (i = 0; ok && i < src->n; i++) {
		dst->s[dst->n] = src->s[i];
		dst->u[dst->n] = src->u[i];
		dst->c[dst->n] = src->c[i];
		dst->d[dst->n++] = src->d[i];
	}
	src->n = 0;
	return ok;
}

/* Alternatives up to ')' or the end: the union of every branch's sets
 * (no set when a branch has none), the longest branch. */
static void parse_alt(struct px *x, struct piece *out)
{
	struct piece br;
	int ok = 1, aok = 1;

	set_init(&br.best);
	set_init(&br.anc);
	out->best.n = out->anc.n = 0;
	out->maxlen = 0;
	memset(&out->runs, 0, sizeof(out->runs));
	for (;;) {
		parse_seq(x, &br);
		if (x->fail) {
			set_clear(&br.best);
			set_clear(&br.anc);
			break;
		}
		ok = ok && br.best.ok && set_append(&out->best, &br.best);
		aok = aok && br.anc.ok && set_append(&out->anc, &br.anc);
		set_clear(&br.best);
		set_clear(&br.anc);
		if (br.maxlen > out->maxlen)
			out->maxlen = br.maxlen;
		bset_or(&out->runs, &br.runs);
		if (x->p < x->end && *x->p == '|') {
			x->p++;
			continue;
		}
		break;
	}
	out->best.ok = ok && !x->fail && out->best.n > 0;
	if (!out->best.ok)
		set_clear(&out->best);
	out->anc.ok = aok && !x->fail && out->anc.n > 0;
	if (!out->anc.ok)
		set_clear(&out->anc);
}

/* One parse of src (a character one byte with one: pre_chars). */
static int parse_one(const char *src, struct strs *strs, struct piece *pc,
		     int *noanch, int one)
{
	struct px x;

	memset(&x, 0, sizeof(x));
	set_init(&pc->best);
	set_init(&pc->anc);
	x.p = src;
	x.end = src + strlen(src);
	x.strs = strs;
	x.one = one;
	parse_alt(&x, pc);
	*noanch = x.noanch;
	if (x.fail || x.p != x.end) {
		set_clear(&pc->best);
		set_clear(&pc->anc);
		return -1;
	}
	return 0;
}

/*
 * Parse src; 0 and *pc filled (its strings in strs), or -1 (nothing
 * filled) on a construct we do not model.  Then again with a character
 * one byte (pre_chars), its bytes from 0x80 joining the runs: an anchor
 * whose runs hold all of those already (the same runs both times) takes
 * that parse's shorter distance; the others keep theirs, lest a walk back
 * pass over long non-ASCII text.  Only when the two chose the same
 * anchors: the distances differ only when bounded, and one the first
 * parse found too long (past LEN_CAP) is over LEN_CAP / CHAR_MAX_BYTES in
 * the second.
 */
static int parse_src(const char *src, struct strs *strs, struct piece *pc,
		     int *noanch)
{
	struct piece one;
	size_t i, n;
	int rc = parse_one(src, strs, pc, noanch, 0), na, same;

	n = pc->anc.n;
	if (rc < 0 || !pc->anc.ok || parse_one(src, strs, &one, &na, 1) < 0)
		return rc;
	same = one.anc.ok && one.anc.n == n;
	for (i = 0; same && i < n; i++)
		same = !strcmp(one.anc.s[i], pc->anc.s[i]) &&
		       one.anc.d[i] <= LEN_CAP / CHAR_MAX_BYTES;
	for (i = 0; same && i < n; i++) {
		const struct dpg_bytes *u = &pc->anc.u[i];

		if (!memcmp(&one.anc.u[i], u, sizeof(*u)) &&
		    (u->w[2] & u->w[3]) == ~(uint64_t)0)
			pc->anc.d[i] = one.anc.d[i];
	}
	set_clear(&one.best);
	set_clear(&one.anc);
	return rc;
}

static int cmp_known(const void *key, const void *elem)
{
	return strcmp(key,
		      dpg_pf_strs + ((const struct dpg_pf_known *)elem)->src);
}

/* parse_src(src), from the table built with dpgaudit when src is there
 * (pf_known.h). */
static int parse(const char *src, struct strs *strs, struct piece *pc,
		 int *noanch)
{
	const struct dpg_pf_known *k = bsearch(src, dpg_pf_known, dpg_pf_nknown,
					       sizeof(*k), cmp_known);
	size_t i;

	if (!k)
		return parse_src(src, strs, pc, noanch);
	memset(&pc->runs, 0, sizeof(pc->runs));
	pc->maxlen = 0;
	pc->best.n = k->nbest;
	pc->best.ok = k->best_ok;
	for (i = 0; i < k->nbest; i++)
		pc->best.s[i] =
			strs_dup(strs, dpg_pf_strs + dpg_pf_lits[k->best + i]);
	pc->anc.n = k->nanc;
	pc->anc.ok = k->anc_ok;
	for (i = 0; i < k->nanc; i++) {
		pc->anc.s[i] =
			strs_dup(strs, dpg_pf_strs + dpg_pf_lits[k->anc + i]);
		pc->anc.d[i] = dpg_pf_d[k->du + i];
		pc->anc.u[i] = dpg_pf_u[k->du + i];
		pc->anc.c[i] = 0;
	}
	*noanch = k->noanch;
	return k->rc;
}

static int same_strs(char *const *s, const uint32_t *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s[i], dpg_pf_strs + t[i]))
			return 0;
	return 1;
}

size_t dpg_rules_prefilter_check(void)
{
	size_t i, bad = 0;

	for (i = 0; i < dpg_pf_nknown; i++) {
		const struct dpg_pf_known *k = &dpg_pf_known[i];
		struct strs strs;
		struct piece pc;
		int noanch, rc;

		strs_init(&strs);
		rc = parse_src(dpg_pf_strs + k->src, &strs, &pc, &noanch);
		if (rc != k->rc || noanch != k->noanch ||
		    pc.best.ok != k->best_ok || pc.anc.ok != k->anc_ok ||
		    pc.best.n != k->nbest || pc.anc.n != k->nanc ||
		    !same_strs(pc.best.s, dpg_pf_lits + k->best, k->nbest) ||
		    !same_strs(pc.anc.s, dpg_pf_lits + k->anc, k->nanc) ||
		    (k->nanc && (memcmp(pc.anc.d, dpg_pf_d + k->du,
					k->nanc * sizeof(*pc.anc.d)) ||
				 memcmp(pc.anc.u, dpg_pf_u + k->du,
					k->nanc * sizeof(*pc.anc.u)))) ||
		    (i > 0 && strcmp(dpg_pf_strs + k[-1].src,
				     dpg_pf_strs + k->src) >= 0))
			bad++;
		strs_release(&strs);
	}
	return bad;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The offsets in blob of the n strings s appended to lits (a run the
 * same as the one at from: not appended); their index in lits. */
static uint32_t put_strs(struct dpg_cblob *blob, uint32_t **lits, size_t *nlits,
			 size_t *cap, char *const *s, size_t n, long from)
{
	size_t k, at = *nlits;

	dpg_grow(lits, cap, at + n + 1, sizeof(**lits));
	for (k = 0; k < n; k++)
		(*lits)[at + k] = dpg_cblob_add(blob, s[k]);
	if (from >= 0 && !memcmp(*lits + from, *lits + at, n * sizeof(**lits)))
		return (uint32_t)from;
	*nlits += n;
	return (uint32_t)at;
}

int dpg_rules_prefilter_write(FILE *out, const char **srcs, size_t n)
{
	struct dpg_cblob blob = DPG_CBLOB_INIT;
	struct dpg_pf_known *ks;
	uint32_t *lits = NULL;
	size_t i, k, m = 0, nlits = 0, lcap = 0, ndu = 0;

	qsort(srcs, n, sizeof(*srcs), cmp_str);
	for (i = 0; i < n; i++)
		if (!m || strcmp(srcs[i], srcs[m - 1]))
			srcs[m++] = srcs[i];
	ks = xcalloc(m + 1, sizeof(*ks));
	fputs("/* Generated by tools/gen-prefilter.c from the shipped rules "
	      "and vocabulary: do not edit. */\n#include \"pf_known.h\"\n"
	      "const size_t dpg_pf_d[] = {",
	      out);
	for (i = 0; i < m; i++) { /* d and u, the rest kept for after */
		struct strs strs;
		struct piece pc;
		int noanch;

		strs_init(&strs);
		ks[i].rc = parse_src(srcs[i], &strs, &pc, &noanch);
		ks[i].src = dpg_cblob_add(&blob, srcs[i]);
		ks[i].noanch = noanch;
		ks[i].best_ok = pc.best.ok;
		ks[i].anc_ok = pc.anc.ok;
		ks[i].nbest = (uint32_t)pc.best.n;
		ks[i].nanc = (uint32_t)pc.anc.n;
		ks[i].best = put_strs(&blob, &lits, &nlits, &lcap, pc.best.s,
				      pc.best.n, -1);
		ks[i].anc = put_strs(
			&blob, &lits, &nlits, &lcap, pc.anc.s, pc.anc.n,
			pc.anc.n == pc.best.n ? (long)ks[i].best : -1);
		ks[i].du = (uint32_t)ndu;
		for (k = 0; k < pc.anc.n; k++)
			fprintf(out, "%s%zu", ndu + k ? ", " : "", pc.anc.d[k]);
		ndu += pc.anc.n;
		strs_release(&strs);
	}
	fputs(ndu ? "};\nconst struct dpg_bytes dpg_pf_u[] = {"
		  : "0};\nconst struct dpg_bytes dpg_pf_u[] = {{{0, 0, 0, 0}}",
	      out);
	for (i = 0; i < m; i++) {
		struct strs strs;
		struct piece pc;
		int noanch;

		strs_init(&strs);
		(void)parse_src(srcs[i], &strs, &pc, &noanch);
		for (k = 0; k < pc.anc.n; k++)
			fprintf(out, "%s{{0x%llxu, 0x%llxu, 0x%llxu, 0x%llxu}}",
				ks[i].du + k ? ",\n\t" : "\n\t",
				(unsigned long long)pc.anc.u[k].w[0],
				(unsigned long long)pc.anc.u[k].w[1],
				(unsigned long long)pc.anc.u[k].w[2],
				(unsigned long long)pc.anc.u[k].w[3]);
		strs_release(&strs);
	}
	fputs("};\nconst uint32_t dpg_pf_lits[] = {", out);
	for (i = 0; i < nlits; i++)
		fprintf(out, "%s%uu",
			i % 12 ? ", "
			: i    ? ",\n\t"
			       : "\n\t",
			(unsigned int)lits[i]);
	fputs(nlits ? "};\n" : "0};\n", out);
	dpg_cblob_write(out, "const char dpg_pf_strs", &blob);
	fputs("const struct dpg_pf_known dpg_pf_known[] = {\n", out);
	for (i = 0; i <= m; i++)
		fprintf(out,
			"\t{%uu, %d, %d, %d, %d, %uu, %uu, %uu, %uu, %uu},\n",
			(unsigned int)ks[i].src, ks[i].rc, ks[i].noanch,
			ks[i].best_ok, ks[i].anc_ok, (unsigned int)ks[i].nbest,
			(unsigned int)ks[i].nanc, (unsigned int)ks[i].best,
			(unsigned int)ks[i].anc, (unsigned int)ks[i].du);
	fprintf(out, "};\nconst size_t dpg_pf_nknown = %zu;\n", m);
	free(ks);
	free(lits);
	dpg_cblob_release(&blob);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

/* A litset's strings (and distances) handed to the caller. */
static int hand_over(struct litset *ls, char ***out, size_t **d,
		     struct dpg_bytes **runs, size_t *n)
{
	size_t i;

	*out = NULL;
	*n = 0;
	if (d)
		*d = NULL;
	if (runs)
		*runs = NULL;
	if (!ls->ok) {
		set_clear(ls);
		return -1;
	}
	*out = xcalloc(ls->n, sizeof(char *));
	if (d)
		*d = xcalloc(ls->n, sizeof(size_t));
	if (runs)
		*runs = xcalloc(ls->n, sizeof(**runs));
	for (i = 0; i < ls->n; i++) {
		(*out)[i] = xstrdup(ls->s[i]);
		if (d)
			(*d)[i] = ls->d[i];
		if (runs)
			(*runs)[i] = ls->u[i];
	}
	*n = ls->n;
	return 0;
}

int dpg_rules_literals(const char *src, char ***out, size_t *n)
{
	struct strs strs;
	struct piece pc;
	int noanch, rc = -1;

	*out = NULL;
	*n = 0;
	strs_init(&strs);
	if (parse(src, &strs, &pc, &noanch) == 0)
		rc = hand_over(&pc.best, out, NULL, NULL, n);
	strs_release(&strs);
	return rc;
}

/* The anchors of src in pc->anc (0), or -1 (none); with lits, the
 * literals of src too: one parse. */
static int anchors_literals(const char *src, struct strs *strs,
			    struct piece *pc, char ***lits, size_t *nlits)
{
	int noanch;

	if (lits) {
		*lits = NULL;
		*nlits = 0;
	}
	if (parse(src, strs, pc, &noanch) < 0)
		return -1;
	if (lits)
		(void)hand_over(&pc->best, lits, NULL, NULL, nlits);
	if (noanch)
		set_clear(&pc->anc);
	return pc->anc.ok ? 0 : -1;
}

int dpg_rules_anchors(const char *src, char ***out, size_t **d,
		      struct dpg_bytes **runs, size_t *n)
{
	struct strs strs;
	struct piece pc;
	int rc;

	strs_init(&strs);
	if (anchors_literals(src, &strs, &pc, NULL, NULL) < 0)
		set_clear(&pc.anc);
	rc = hand_over(&pc.anc, out, d, runs, n);
	strs_release(&strs);
	return rc;
}

/* ---- trigrams ---- */

/* The bit of trigram x = a << 16 | b << 8 | c (multiplicative hashing
 * keeps the top 16 bits). */
static unsigned int tri_bit(uint32_t x)
{
	return (uint32_t)(x * 2654435761u) >> 16;
}

static unsigned int tri_hash(unsigned char a, unsigned char b, unsigned char c)
{
	return tri_bit((uint32_t)a << 16 | (uint32_t)b << 8 | c);
}

/* Some of a set's patterns (dpg_lits_hits_only): their numbers, the
 * literals they have (lit[l] 1) and filters of those literals' keys, made
 * for the first text of dpg_lits_subset_min bytes (find_all): before, the
 * set's filters serve (find_key passes over the other literals), which
 * spares a small text the 64 KiB of them. */
struct subset {
	size_t *pat, npat;
	unsigned char *want;	/* per pattern: 1 in the subset */
	unsigned char *lit;	/* per literal */
	unsigned char *filter;	/* 1 << FILTER_LOG bytes, then mfilter */
	unsigned char *mfilter; /* (1 << FILTER_LOG) + 3: struct lits_win's */
};

size_t dpg_lits_subset_min = 16384;

#define SUBSETS 4

/* Found literal occurrences of one text: (literal, start offset). */
struct occ {
	uint32_t lit;
	uint32_t pos;
};

struct iv {
	size_t a, b; /* a match may start in [a, b] */
};

struct dpg_lits_hits {
	const struct dpg_lits *set;
	int ok;
	const unsigned char *text; /* the text scanned */
	struct occ *occ;	   /* in text order, then by literal (sorted) */
	size_t nocc, occcap;
	uint32_t *lfirst; /* literal l: occ[lfirst[l]..lfirst[l + 1]) */
	size_t lcap;
	struct occ *tmp;
	size_t tmpcap;
	struct iv *iv; /* the selected pattern's start intervals */
	size_t niv, ivcap, cur, pat;
	struct iv *iv2; /* merge_runs' other buffer */
	size_t iv2cap;
	size_t *run, runcap; /* where each literal's intervals start in iv */
	size_t extra;	     /* bytes added to every distance (find_odd) */
	/* dpg_lits_hits_only(): the subsets met lately, and the current one
	 * (NULL: every pattern) */
	struct subset *sub[SUBSETS];
	struct subset *only;
	/* no key of the set is three bytes of ' ' and '\n': find_all may
	 * pass over runs of them (masked text is mostly such runs) */
	int skip_blank;
	const struct lits_win *win; /* the set's (dpg_lits_win) */
};

/* At most this many occurrences per text are kept: past it the text is
 * matched the plain way (dpg_lits_scan returns 0).  Bounds the memory of
 * a hits object: 8 bytes an occurrence twice, 16 an interval: 8 MiB. */
#define MAX_OCC (1u << 18)

struct dpg_lits *dpg_lits_new(void)
{
	struct dpg_lits *ls = xcalloc(1, sizeof(*ls));

	dpg_grow(&ls->pfirst, &ls->pcap, 1, sizeof(*ls->pfirst));
	ls->pfirst[0] = 0;
	return ls;
}

void dpg_lits_free(struct dpg_lits *ls)
{
	if (!ls)
		return;
	free(ls->sbuf);
	free(ls->lit);
	free(ls->pl);
	free(ls->pfirst);
	free(ls->filter);
	free(ls->htab);
	free(ls->runs);
	free(ls->wstart);
	free((void *)atomic_load(&ls->win));
	free(ls);
}

/* The id of literal s, added when new (a hash table of ids + 1). */
static uint32_t lit_id(struct dpg_lits *ls, const char *s)
{
	size_t i, n = strlen(s), slot;

	if (2 * (ls->nlit + 1) > ls->hcap) {
		free(ls->htab);
		ls->hcap = ls->hcap ? 2 * ls->hcap : 1024;
		ls->htab = xcalloc(ls->hcap, sizeof(*ls->htab));
		for (i = 0; i < ls->nlit; i++) {
			slot = (size_t)dpg_fnv1a64(dpg_lit_str(ls, &ls->lit[i]),
						   ls->lit[i].len);
			while (ls->htab[slot & (ls->hcap - 1)])
				slot++;
			ls->htab[slot & (ls->hcap - 1)] = (uint32_t)i + 1;
		}
	}
	for (slot = (size_t)dpg_fnv1a64(s, n);; slot++) {
		uint32_t id = ls->htab[slot & (ls->hcap - 1)];

		if (!id)
			break;
		if (ls->lit[id - 1].len == n &&
		    !memcmp(dpg_lit_str(ls, &ls->lit[id - 1]), s, n))
			return id - 1;
	}
	ls->htab[slot & (ls->hcap - 1)] = (uint32_t)ls->nlit + 1;
	dpg_grow(&ls->lit, &ls->litcap, ls->nlit + 1, sizeof(*ls->lit));
	dpg_grow(&ls->sbuf, &ls->scap, ls->sn + n + 1, 1);
	memcpy(ls->sbuf + ls->sn, s, n);
	ls->sbuf[ls->sn + n] = '\0';
	ls->lit[ls->nlit].s = (uint32_t)ls->sn;
	ls->sn += n + 1;
	ls->lit[ls->nlit].len = n;
	ls->lit[ls->nlit].ko = (uint32_t)key_at(s, n);
	s += ls->lit[ls->nlit].ko;
	ls->lit[ls->nlit].key = low8((unsigned char)s[0]) << 16 |
				low8((unsigned char)s[1]) << 8 |
				low8((unsigned char)s[2]);
	return (uint32_t)ls->nlit++;
}

/* 1 + the index of run set u in ls->runs (added when new); 0 when empty. */
static uint32_t run_id(struct dpg_lits *ls, const struct dpg_bytes *u)
{
	size_t i;

	if (!u || bset_empty(u))
		return 0;
	for (i = 0; i < ls->nruns; i++)
		if (!memcmp(&ls->runs[i], u, sizeof(*u)))
			return (uint32_t)i + 1;
	dpg_grow(&ls->runs, &ls->runcap, ls->nruns + 1, sizeof(*ls->runs));
	ls->runs[ls->nruns++] = *u;
	return (uint32_t)ls->nruns;
}

size_t dpg_lits_add(struct dpg_lits *ls, char *const *lits, const size_t *d,
		    const struct dpg_bytes *runs, size_t n)
{
	size_t i;

	/* more patterns after a build: build again */
	free(ls->filter);
	free((void *)atomic_exchange(&ls->win, NULL));
	ls->filter = NULL;
	for (i = 0; i < n; i++) {
		if (strlen(lits[i]) < MIN_LIT || d[i] > LEN_CAP)
			DPG_BUG("an anchor literal out of bounds");
		dpg_grow(&ls->pl, &ls->plcap, ls->npl + 1, sizeof(*ls->pl));
		ls->pl[ls->npl].lit = lit_id(ls, lits[i]);
		ls->pl[ls->npl].run = run_id(ls, runs ? &runs[i] : NULL);
		ls->pl[ls->npl++].d = (uint32_t)d[i];
	}
	dpg_grow(&ls->pfirst, &ls->pcap, ls->npat + 2, sizeof(*ls->pfirst));
	dpg_grow(&ls->wstart, &ls->wcap, ls->npat + 1, 1);
	ls->wstart[ls->npat] = 0;
	ls->pfirst[++ls->npat] = ls->npl;
	return ls->npat - 1;
}

/* Does src start with (?<!\w), after at most a case flag? */
static int word_start(const char *src)
{
	static const char *const pre[] = {"(?<!\\w)", "(?i)(?<!\\w)",
					  "(?i:(?<!\\w)", "(?-i:(?<!\\w)"};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(pre); i++)
		if (!strncmp(src, pre[i], strlen(pre[i])))
			return 1;
	return 0;
}

long dpg_lits_add_pattern(struct dpg_lits *ls, const char *src, char ***lits,
			  size_t *nlits)
{
	struct strs strs;
	struct piece pc;
	long pat = -1;

	strs_init(&strs);
	if (anchors_literals(src, &strs, &pc, lits, nlits) == 0) {
		pat = (long)dpg_lits_add(ls, pc.anc.s, pc.anc.d, pc.anc.u,
					 pc.anc.n);
		ls->wstart[pat] = (unsigned char)word_start(src);
	}
	strs_release(&strs);
	return pat;
}

/* The key (a << 16 | b << 8 | c) of the three bytes a, b, c as find_all
 * reads them: a | b << 8 | c << 16. */
static uint32_t key_swap(uint32_t key)
{
	return key >> 16 | (key & 0xff00u) | (key & 0xffu) << 16;
}

/* The filter bit of a key (as find_all reads it), and its first slot.
 * The multiplier's low byte is 0, so that a key's fourth byte, which
 * find_all loads with the three, is shifted out without a mask. */
static uint32_t key_bit(uint32_t key)
{
	return (uint32_t)(key * (2654435761u << 8)) >> (32 - FILTER_LOG);
}

/* The bits of a literal in struct lits_win's filter, of the byte after
 * its key (keys8_avx2 passes over a position whose fourth byte's bit,
 * c & 7, is not set): that byte's bit, or all when the key ends the
 * literal. */
static unsigned char key_mask(const struct dpg_lits *ls, const struct lit *l)
{
	return l->ko + 3 < l->len
		       ? (unsigned char)(1u << ((unsigned char)dpg_lit_str(
							ls, l)[l->ko + 3] &
						7))
		       : 0xff;
}

void dpg_lits_build(struct dpg_lits *ls)
{
	size_t i;

	free(ls->filter);
	free((void *)atomic_exchange(&ls->win, NULL));
	ls->filter = xcalloc(1u << FILTER_LOG, 1);
	for (i = 0; i < ls->nlit; i++)
		ls->filter[key_bit(key_swap(ls->lit[i].key))] = 1;
}

size_t dpg_lits_count(const struct dpg_lits *ls)
{
	return ls ? ls->npat : 0;
}

static uint32_t key_bit(uint32_t key);
static uint32_t key_swap(uint32_t key);
static uint32_t key4(const unsigned char *q);

/* Is key (a << 16 | b << 8 | c) three bytes of ' ' and '\n'? */
static int blank_key(uint32_t key)
{
	int k;

	for (k = 0; k < 24; k += 8)
		if ((key >> k & 0xff) != ' ' && (key >> k & 0xff) != '\n')
			return 0;
	return 1;
}

/* ls's struct lits_win, in one allocation with its w and nib. */
static struct lits_win *win_new(const struct dpg_lits *ls)
{
	struct lits_win *lw = xcalloc(
		1, sizeof(*lw) +
			   (ls->nlit ? ls->nlit : 1) * sizeof(struct wlit) +
			   ls->nruns * sizeof(struct nib));
	struct wlit *wl = (struct wlit *)(void *)(lw + 1);
	struct nib *nib =
		(struct nib *)(void *)(wl + (ls->nlit ? ls->nlit : 1));
	uint32_t *end = lw->first;
	size_t i, b, k;

	for (i = 0; i < ls->nruns; i++)
		for (k = 0; k < 256; k++)
			if (bset_has(&ls->runs[i], (unsigned char)k))
				(k < 0x80 ? nib[i].lo : nib[i].hi)[k & 15] |=
					(unsigned char)(1u << (k >> 4 & 7));

	/* bit b's count in end[b], then its end: its literals are placed
	 * from the last, each one before the next, which leaves end[b] at
	 * the first (in their order) */
	for (i = 0; i < ls->nlit; i++) {
		uint32_t bit = key_bit(key_swap(ls->lit[i].key));

		end[bit]++;
		lw->mfilter[bit] |= key_mask(ls, &ls->lit[i]);
		lw->blank |= (unsigned char)blank_key(ls->lit[i].key);
	}
	for (b = 1; b <= (size_t)1 << FILTER_LOG; b++)
		end[b] += end[b - 1];
	for (i = ls->nlit; i-- > 0;) {
		const struct lit *l = &ls->lit[i];
		uint32_t bit = key_bit(key_swap(l->key));
		struct wlit *w = &wl[--end[bit]];
		unsigned char pat[8] = {0}, mask[8] = {0};
		size_t after = l->len - l->ko < 8 ? l->len - l->ko : 8;
		size_t wo = l->ko < 8 - after ? l->ko : 8 - after;
		size_t ws = l->ko - wo;

		if (l->ko > UINT8_MAX)
			DPG_BUG("a literal's key too far in");
		for (k = 0; k < 8 && ws + k < l->len; k++) {
			pat[k] = (unsigned char)dpg_lit_str(ls, l)[ws + k];
			mask[k] = 0xff;
		}
		memcpy(&w->pat, pat, 8);
		memcpy(&w->mask, mask, 8);
		w->lit = (uint32_t)i;
		w->ko = (uint8_t)l->ko;
		w->wo = (uint8_t)wo;
		w->whole = ws == 0 && l->len <= 8;
	}
	lw->w = wl;
	lw->nib = nib;
	return lw;
}

const struct lits_win *dpg_lits_win(const struct dpg_lits *set)
{
	struct dpg_lits *ls = (struct dpg_lits *)set;
	const struct lits_win *lw =
		atomic_load_explicit(&ls->win, memory_order_acquire);
	struct lits_win *mine;

	if (lw)
		return lw;
	if (!set->filter)
		DPG_BUG("dpg_lits_win before dpg_lits_build");
	mine = win_new(ls);
	if (atomic_compare_exchange_strong_explicit(
		    &ls->win, &lw, (const struct lits_win *)mine,
		    memory_order_acq_rel, memory_order_acquire))
		return mine;
	free(mine);
	return lw;
}

struct dpg_lits_hits *dpg_lits_hits_new(const struct dpg_lits *set)
{
	if (!set->filter)
		DPG_BUG("dpg_lits_hits_new before dpg_lits_build");
	struct dpg_lits_hits *h = xcalloc(1, sizeof(*h));

	h->set = set;
	h->win = dpg_lits_win(set);
	/* no key of three bytes of ' ' and '\n' */
	h->skip_blank = !h->win->blank;
	return h;
}

static void subset_free(struct subset *b)
{
	if (!b)
		return;
	free(b->pat);
	free(b->want);
	free(b->lit);
	free(b->filter);
	free(b);
}

void dpg_lits_hits_free(struct dpg_lits_hits *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < SUBSETS; i++)
		subset_free(h->sub[i]);
	free(h->occ);
	free(h->lfirst);
	free(h->tmp);
	free(h->iv);
	free(h->iv2);
	free(h->run);
	free(h);
}

/* A subset of h's set: patterns pats[0..n), ascending. */
static struct subset *subset_new(const struct dpg_lits *ls, const size_t *pats,
				 size_t n)
{
	struct subset *b = xcalloc(1, sizeof(*b));
	size_t i, k;

	b->pat = xmalloc((n ? n : 1) * sizeof(*b->pat));
	memcpy(b->pat, pats, n * sizeof(*pats));
	b->npat = n;
	b->want = xcalloc(ls->npat ? ls->npat : 1, 1);
	b->lit = xcalloc(ls->nlit ? ls->nlit : 1, 1);
	for (i = 0; i < n; i++) {
		b->want[pats[i]] = 1;
		for (k = ls->pfirst[pats[i]]; k < ls->pfirst[pats[i] + 1]; k++)
			b->lit[ls->pl[k].lit] = 1;
	}
	return b;
}

/* b's filters (struct subset), made at their first use. */
static void subset_filters(const struct dpg_lits *ls, struct subset *b)
{
	size_t i;

	if (b->filter)
		return;
	b->filter = xcalloc(2 * (1u << FILTER_LOG) + 3, 1);
	b->mfilter = b->filter + (1u << FILTER_LOG);
	for (i = 0; i < ls->nlit; i++)
		if (b->lit[i]) {
			const struct lit *l = &ls->lit[i];

			b->filter[key_bit(key_swap(l->key))] = 1;
			b->mfilter[key_bit(key_swap(l->key))] |=
				key_mask(ls, l);
		}
}

void dpg_lits_hits_only(struct dpg_lits_hits *h, const size_t *pats, size_t n)
{
	const struct dpg_lits *ls = h->set;
	struct subset *b;
	size_t i;

	h->only = NULL;
	if (!pats)
		return;
	for (i = 0; i < n; i++)
		if (pats[i] >= ls->npat || (i && pats[i] <= pats[i - 1]))
			DPG_BUG("dpg_lits_hits_only: patterns not ascending");
	for (i = 0; i < SUBSETS && h->sub[i]; i++) {
		b = h->sub[i];
		if (b->npat == n &&
		    memcmp(b->pat, pats, n * sizeof(*pats)) == 0)
			break;
	}
	if (i == SUBSETS || !h->sub[i]) {
		/* not met lately: made, in place of the oldest */
		i = i == SUBSETS ? SUBSETS - 1 : i;
		subset_free(h->sub[i]);
		h->sub[i] = subset_new(ls, pats, n);
	}
	/* the most recent first */
	b = h->sub[i];
	memmove(h->sub + 1, h->sub, i * sizeof(*h->sub));
	h->sub[0] = b;
	h->only = b;
}

/* Does lit (lowercase) occur at p (len bytes left), ASCII caselessly? */
static int lit_at(const struct dpg_lits *ls, const struct lit *l,
		  const unsigned char *p, size_t left)
{
	const char *s = dpg_lit_str(ls, l);
	size_t k;

	if (l->len > left)
		return 0;
	for (k = 0; k < l->len; k++)
		if (low8(p[k]) != (unsigned char)s[k])
			return 0;
	return 1;
}

/* An occurrence of literal lit at start: 0 past MAX_OCC. */
static int add_occ(struct dpg_lits_hits *h, uint32_t lit, size_t start)
{
	if (h->nocc >= MAX_OCC)
		return 0;
	if (h->nocc == h->occcap)
		dpg_grow(&h->occ, &h->occcap, h->nocc + 1, sizeof(*h->occ));
	h->occ[h->nocc].lit = lit;
	h->occ[h->nocc++].pos = (uint32_t)start;
	return 1;
}

/* Every occurrence of a literal of w..end, those whose key's filter bit
 * is that of the three bytes at q (lowered, with 8 bytes lowered or 0
 * before them and 8 after), at t of the len bytes of p. */
static int find_key(struct dpg_lits_hits *h, const unsigned char *q,
		    const unsigned char *p, size_t len, size_t t,
		    const struct wlit *w, const struct wlit *end)
{
	for (; w < end; w++) {
		uint64_t x;
		size_t start = t - w->ko;

		memcpy(&x, q - w->wo, 8);
		if ((x & w->mask) != w->pat || w->ko > t ||
		    (h->only && !h->only->lit[w->lit]) ||
		    (!w->whole && !lit_at(h->set, &h->set->lit[w->lit],
					  p + start, len - start)))
			continue;
		if (!add_occ(h, w->lit, start))
			return 0;
	}
	return 1;
}

/*
 * The trigram bits of data (dpg_rules_trigrams).  Returns 0 when the text
 * holds U+212A KELVIN SIGN or U+017F LONG S: caseless UTF matching equates
 * them with k and s, and byte comparisons cannot be trusted.
 */
/* Does p[i..len) hold the n (2 or 3) bytes at s?  Sixteen places at a
 * time where SSE2 is (glibc's memmem was most of odd_text on texts in
 * Cyrillic, Japanese or Korean, which hold many 0xAA and 0xBF). */
static int seq_in(const unsigned char *p, size_t i, size_t len,
		  const unsigned char *s, size_t n)
{
#ifdef __SSE2__
	const __m128i s0 = _mm_set1_epi8((char)s[0]),
		      s1 = _mm_set1_epi8((char)s[1]),
		      s2 = _mm_set1_epi8((char)s[n - 1]);

	for (; i + 16 + n - 1 <= len; i += 16) {
		const __m128i *q = (const __m128i *)(const void *)(p + i);
		__m128i m = _mm_and_si128(
			_mm_cmpeq_epi8(_mm_loadu_si128(q), s0),
			_mm_cmpeq_epi8(
				_mm_loadu_si128(
					(const __m128i *)(const void *)(p + i +
									1)),
				s1));

		if (n == 3)
			m = _mm_and_si128(
				m,
				_mm_cmpeq_epi8(
					_mm_loadu_si128((
						const __m128i
							*)(const void *)(p + i +
									 2)),
					s2));
		if (_mm_movemask_epi8(m))
			return 1;
	}
#endif
	for (; i + n <= len; i++)
		if (p[i] == s[0] && p[i + 1] == s[1] &&
		    (n == 2 || p[i + 2] == s[2]))
			return 1;
	return 0;
}

static int odd_text(const char *data, size_t len)
{
	static const unsigned char kelvin[] = {0xE2, 0x84, 0xAA},
				   long_s[] = {0xC5, 0xBF};
	const unsigned char *p = (const unsigned char *)data;
	const unsigned char *q;

	/* their last bytes are rarer than their first: look for those,
	 * then for the whole sequence from the first */
	q = memchr(p, 0xAA, len);
	if (q &&
	    seq_in(p, q - p >= 2 ? (size_t)(q - p) - 2 : 0, len, kelvin, 3))
		return 1;
	q = memchr(p, 0xBF, len);
	return q &&
	       seq_in(p, q - p >= 1 ? (size_t)(q - p) - 1 : 0, len, long_s, 2);
}

static void trigram_bits(unsigned char *bits, const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t i;
	uint32_t x;

	memset(bits, 0, DPG_RULES_TRI_BITS / 8);
	if (len < 3)
		return;
	x = low8(p[0]) << 8 | low8(p[1]);
	for (i = 2; i < len; i++) {
		unsigned int b;

		x = (x << 8 | low8(p[i])) & 0xffffffu;
		b = tri_bit(x);
		bits[b >> 3] |= (unsigned char)(1u << (b & 7));
	}
}

/* lowtab of the n bytes of p (n at most BLOCK + 7), into out: 16 bytes at
 * a time where SSE2 is (A-Z and 0x80-0x9E, the bytes lowtab changes, get
 * 0x20 added).  With blanks, bit i of bm[k]: byte 16 k + i is ' ' or '\n'
 * (whole sixteens only); bm[k] is 0 for the rest, up to k = n / 16 + 1,
 * and without SSE2 or blanks. */
static void lower_block(unsigned char *out, uint16_t *bm,
			const unsigned char *p, size_t n, int blanks)
{
	size_t i = 0, k;
#ifdef __SSE2__
	const __m128i k3f = _mm_set1_epi8(0x3f), k80 = _mm_set1_epi8(-128);
	const __m128i upper = _mm_set1_epi8(-128 + 26),
		      k1e = _mm_set1_epi8(0x1e);
	const __m128i k20 = _mm_set1_epi8(0x20), nl = _mm_set1_epi8('\n');
	const unsigned int keep = blanks ? 0xffffu : 0;

	for (; i + 16 <= n; i += 16) {
		__m128i c =
			_mm_loadu_si128((const __m128i *)(const void *)(p + i));
		/* A-Z: c + 0x3f in 0x80..0x99, below -128 + 26 signed */
		__m128i az = _mm_cmplt_epi8(_mm_add_epi8(c, k3f), upper);
		/* 0x80-0x9E: c - 0x80 at most 0x1e unsigned */
		__m128i t = _mm_sub_epi8(c, k80);
		__m128i hi = _mm_cmpeq_epi8(_mm_min_epu8(t, k1e), t);
		__m128i add = _mm_and_si128(_mm_or_si128(az, hi), k20);

		_mm_storeu_si128((__m128i *)(void *)(out + i),
				 _mm_or_si128(c, add));
		bm[i / 16] =
			(uint16_t)((unsigned int)_mm_movemask_epi8(_mm_or_si128(
					   _mm_cmpeq_epi8(c, k20),
					   _mm_cmpeq_epi8(c, nl))) &
				   keep);
	}
#endif
	(void)blanks;
	for (k = i / 16; k <= n / 16 + 1; k++)
		bm[k] = 0;
	for (; i < n; i++)
		out[i] = lowtab[p[i]];
}

/* The four bytes at q as find_all hashes them (key_bit drops the fourth). */
static uint32_t key4(const unsigned char *q)
{
	uint32_t x;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&x, q, 4);
#else
	x = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16;
#endif
	return x;
}

/* Bit i: the filter f (of 0 and 1) holds the key at q + i, i < 16.  Each
 * position is a load, a multiply, a shift, a load and a shift-add, with no
 * branch and no store (two chains, to keep them short). */
static unsigned int keys16(const unsigned char *q, const unsigned char *f)
{
	unsigned int a = 0, b = 0;

#define KEYS16_STEP(i)                                                         \
	do {                                                                   \
		a = 2 * a + f[key_bit(key4(q + (i)))];                         \
		b = 2 * b + f[key_bit(key4(q + 8 + (i)))];                     \
	} while (0)
	KEYS16_STEP(7);
	KEYS16_STEP(6);
	KEYS16_STEP(5);
	KEYS16_STEP(4);
	KEYS16_STEP(3);
	KEYS16_STEP(2);
	KEYS16_STEP(1);
	KEYS16_STEP(0);
#undef KEYS16_STEP
	return a | b << 8;
}

/* 1: the pass does without AVX2 (tests compare the two). */
int dpg_lits_no_avx2;

static int use_avx2(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return !dpg_lits_no_avx2 && dpg_cpu_has(DPG_CPU_AVX2);
#else
	return 0;
#endif
}

#if defined(__x86_64__) || defined(__i386__)
#define KEYS_AVX2 1
/*
 * keys16 with AVX2, and a stronger filter: eight positions at a time,
 * their four bytes put in a lane each by one shuffle, the first three
 * hashed by one multiply, the bytes of mf (struct lits_win's: 3 more after
 * its last) gathered, and the bit of the fourth byte (c & 7) taken: about
 * half the candidates of keys16, the others being those whose literals'
 * windows fail on the byte after the key in find_key.
 */
__attribute__((target("avx2"))) static unsigned int
keys8_avx2(const unsigned char *q, const unsigned char *mf)
{
	const __m256i ctl = _mm256_setr_epi8(0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5,
					     3, 4, 5, 6, 4, 5, 6, 7, 5, 6, 7, 8,
					     6, 7, 8, 9, 7, 8, 9, 10);
	__m256i x =
		_mm256_shuffle_epi8(_mm256_broadcastsi128_si256(_mm_loadu_si128(
					    (const __m128i *)(const void *)q)),
				    ctl);
	__m256i bit = _mm256_srli_epi32(
		_mm256_mullo_epi32(x,
				   _mm256_set1_epi32((int)(2654435761u << 8))),
		32 - FILTER_LOG);
	__m256i g =
		_mm256_i32gather_epi32((const int *)(const void *)mf, bit, 1);
	__m256i in =
		_mm256_srlv_epi32(g, _mm256_and_si256(_mm256_srli_epi32(x, 24),
						      _mm256_set1_epi32(7)));

	return (unsigned int)_mm256_movemask_ps(
		_mm256_castsi256_ps(_mm256_slli_epi32(in, 31)));
}

/* keys_block with AVX2 and mf. */
__attribute__((target("avx2"))) static void
keys_block_avx2(uint16_t *mk, const unsigned char *low, const uint16_t *bm,
		size_t n16, const unsigned char *mf)
{
	size_t k;

	for (k = 0; k < n16; k++)
		mk[k] = (uint16_t)(bm[k] == 0xffffu && (bm[k + 1] & 3) == 3
					   ? 0
					   : keys8_avx2(low + 16 * k, mf) |
						     keys8_avx2(low + 16 * k +
									8,
								mf)
							     << 8);
}
#endif

/* keys16's masks of the n16 sixteens at low into mk (with AVX2,
 * keys8_avx2's of mf); 0 for a sixteen whose sixteen positions' three bytes
 * are ' ' and '\n' (bm), which no key is when the block was lowered with
 * blanks (h->skip_blank). */
static void keys_block(uint16_t *mk, const unsigned char *low,
		       const uint16_t *bm, size_t n16, const unsigned char *f,
		       const unsigned char *mf)
{
	size_t k;

#ifdef KEYS_AVX2
	if (use_avx2()) {
		keys_block_avx2(mk, low, bm, n16, mf);
		return;
	}
#else
	(void)mf;
#endif
	for (k = 0; k < n16; k++)
		mk[k] = (uint16_t)(bm[k] == 0xffffu && (bm[k + 1] & 3) == 3
					   ? 0
					   : keys16(low + 16 * k, f));
}

/*
 * Every occurrence of the set's literals in data, in three steps per block
 * of key positions: the block is lowercased (lower_block); the positions
 * whose three bytes hash to a key of the filter are kept, sixteen at a time
 * as the bits of a mask (keys16); then those are looked up (find_key).
 * Returns 0 on too many occurrences.
 */
#define BLOCK 1024
static int find_all(struct dpg_lits_hits *h, const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	const struct lits_win *lw = h->win;
	const unsigned char *f = h->set->filter, *mf = lw->mfilter;
	/* the block lowered from low = buf + 8, after the 8 bytes before it
	 * (0 before the text: find_key's windows) */
	unsigned char buf[8 + BLOCK + 8];
	unsigned char *low = buf + 8;
	uint16_t bm[BLOCK / 16 + 3], mk[BLOCK / 16 + 3];
	uint16_t cand[BLOCK + 8];
	uint32_t wa[BLOCK + 8], wb[BLOCK + 8];
	size_t base, j, k, nc;

	h->nocc = 0;
	if (h->only && len >= dpg_lits_subset_min) {
		subset_filters(h->set, h->only);
		f = h->only->filter;
		mf = h->only->mfilter;
	}
	memset(buf, 0, 8);
	/* keys start at 0 .. len - 3 */
	for (base = 0; base + 2 < len; base += BLOCK) {
		size_t n = len - 2 - base < BLOCK ? len - 2 - base : BLOCK;
		/* lowered: the key positions' three bytes and the five after
		 * them (find_key's windows), 0 past len */
		size_t have = len - base < n + 7 ? len - base : n + 7;

		if (base)
			memcpy(buf, low + BLOCK - 8, 8);
		lower_block(low, bm, p + base, have, h->skip_blank);
		memset(low + have, 0, n + 8 - have);
		nc = 0;
		keys_block(mk, low, bm, n / 16, f, mf);
		/* the positions of the set bits, four sixteens at a time:
		 * candidates are few (about 1 position in 60 with AVX2, 1 in
		 * 22 on large HTML); with each, its literals looked up
		 * (first[] is 128 KiB, the windows 24 bytes a literal: out of
		 * the first-level cache) and its window prefetched, all
		 * before any is compared, so that the misses overlap */
		memset(mk + n / 16, 0, sizeof(mk) - n / 16 * sizeof(*mk));
		for (j = 0; j + 16 <= n; j += 64) {
			uint64_t m = mk[j / 16] |
				     (uint64_t)mk[j / 16 + 1] << 16 |
				     (uint64_t)mk[j / 16 + 2] << 32 |
				     (uint64_t)mk[j / 16 + 3] << 48;

			for (; m; m &= m - 1) {
				size_t c = j + (size_t)__builtin_ctzll(m);
				uint32_t bit = key_bit(key4(low + c));

				cand[nc] = (uint16_t)c;
				wa[nc] = lw->first[bit];
				wb[nc] = lw->first[bit + 1];
				__builtin_prefetch(lw->w + wa[nc++]);
			}
		}
		j = n / 16 * 16;
		for (; j < n; j++) {
			uint32_t bit = key_bit(key4(low + j));

			cand[nc] = (uint16_t)j;
			wa[nc] = lw->first[bit];
			wb[nc] = lw->first[bit + 1];
			nc += f[bit];
		}
		for (k = 0; k < nc; k++)
			if (!find_key(h, low + cand[k], p, len, base + cand[k],
				      lw->w + wa[k], lw->w + wb[k]))
				return 0;
	}
	return 1;
}

/*
 * find_all for a text holding U+212A KELVIN SIGN or U+017F LONG S, which
 * caseless matching equates with k and s: the literals are looked for in
 * a copy with k and s in their place, and the offsets mapped back.  In the
 * text, a match can then hold more bytes before its anchor than the
 * pattern's distance says, by no more than the bytes of those characters
 * (the letter or the class that matches one counted 1 byte, or none in a
 * run of other bytes), which *extra receives for dpg_lits_select.  Returns
 * 0 when the text has too many of them (past MAX_EXTRA bytes: match it the
 * plain way), or on too many occurrences.
 */
#define MAX_EXTRA 1024

/* The first offset from i on (len if none) of a byte that starts U+017F
 * LONG S or U+212A KELVIN SIGN (0xC5, 0xE2): sixteen at a time where SSE2
 * is. */
static size_t odd_lead(const unsigned char *p, size_t i, size_t len)
{
#ifdef __SSE2__
	const __m128i c5 = _mm_set1_epi8((char)0xC5),
		      e2 = _mm_set1_epi8((char)0xE2);

	for (; i + 16 <= len; i += 16) {
		__m128i c =
			_mm_loadu_si128((const __m128i *)(const void *)(p + i));
		unsigned int m = (unsigned int)_mm_movemask_epi8(_mm_or_si128(
			_mm_cmpeq_epi8(c, c5), _mm_cmpeq_epi8(c, e2)));

		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	while (i < len && p[i] != 0xC5 && p[i] != 0xE2)
		i++;
	return i;
}

static int find_odd(struct dpg_lits_hits *h, const char *data, size_t len,
		    size_t *extra)
{
	const unsigned char *p = (const unsigned char *)data;
	char *c = xmalloc(len ? len : 1);
	/* after each odd character: its offset in c + 1, and the bytes
	 * dropped up to it */
	uint32_t at[MAX_EXTRA], drop[MAX_EXTRA];
	size_t i = 0, n = 0, nodd = 0, k;
	int ok = 1;

	*extra = 0;
	while (i < len && ok) {
		size_t w = 0, j = odd_lead(p, i, len);

		/* the bytes up to it as they are */
		memcpy(c + n, p + i, j - i);
		n += j - i;
		i = j;
		if (i == len)
			break;
		if (p[i] == 0xC5 && i + 1 < len && p[i + 1] == 0xBF)
			w = 2;
		else if (p[i] == 0xE2 && i + 2 < len && p[i + 1] == 0x84 &&
			 p[i + 2] == 0xAA)
			w = 3;
		if (!w) {
			c[n++] = (char)p[i++];
			continue;
		}
		c[n++] = w == 2 ? 's' : 'k';
		i += w;
		*extra += w;
		if (*extra > MAX_EXTRA) {
			ok = 0;
			break;
		}
		at[nodd] = (uint32_t)n;
		drop[nodd++] = (uint32_t)(i - n);
	}
	if (ok)
		ok = find_all(h, c, n);
	for (k = 0; ok && k < h->nocc; k++) {
		/* the last odd character before the occurrence */
		size_t lo = 0, hi = nodd;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (at[mid] <= h->occ[k].pos)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo)
			h->occ[k].pos += drop[lo - 1];
	}
	free(c);
	return ok;
}

int dpg_rules_trigrams(unsigned char *bits, const char *data, size_t len)
{
	trigram_bits(bits, data, len);
	return !odd_text(data, len);
}

int dpg_lits_scan(struct dpg_lits_hits *h, unsigned char *bits,
		  const char *data, size_t len)
{
	const struct dpg_lits *ls = h->set;
	size_t i, nl = ls->nlit;

	h->ok = 0;
	h->niv = h->cur = 0;
	h->extra = 0;
	h->text = (const unsigned char *)data;
	if (bits)
		trigram_bits(bits, data, len);
	if (len > UINT32_MAX)
		return 0;
	if (odd_text(data, len)) {
		/* the trigram bits cannot be trusted: say so */
		if (bits || !find_odd(h, data, len, &h->extra))
			return 0;
	} else if (!find_all(h, data, len)) {
		return 0;
	}
	/* group the occurrences by literal, in text order (counting sort) */
	dpg_grow(&h->lfirst, &h->lcap, nl + 1, sizeof(*h->lfirst));
	memset(h->lfirst, 0, (nl + 1) * sizeof(*h->lfirst));
	for (i = 0; i < h->nocc; i++)
		h->lfirst[h->occ[i].lit + 1]++;
	for (i = 0; i < nl; i++)
		h->lfirst[i + 1] += h->lfirst[i];
	dpg_grow(&h->tmp, &h->tmpcap, h->nocc ? h->nocc : 1, sizeof(*h->tmp));
	for (i = 0; i < h->nocc; i++)
		h->tmp[h->lfirst[h->occ[i].lit]++] = h->occ[i];
	for (i = nl; i > 0; i--)
		h->lfirst[i] = h->lfirst[i - 1];
	h->lfirst[0] = 0;
	{
		struct occ *t = h->occ;
		size_t c = h->occcap;

		h->occ = h->tmp;
		h->occcap = h->tmpcap;
		h->tmp = t;
		h->tmpcap = c;
	}
	h->ok = 1;
	return 1;
}

/*
 * Sort h->iv by start: it is nr runs each sorted (a literal's intervals,
 * in text order), iv[r[k]..r[k + 1]) with r[nr] = h->niv; merged two by
 * two through a second buffer.
 */
static void merge_runs(struct dpg_lits_hits *h, size_t *r, size_t nr)
{
	dpg_grow(&h->iv2, &h->iv2cap, h->niv, sizeof(*h->iv2));
	while (nr > 1) {
		const struct iv *v = h->iv;
		struct iv *out = h->iv2, *t;
		size_t k, o = 0, m = 0, c;

		for (k = 0; k < nr; k += 2) {
			size_t a = r[k], ae = r[k + 1];
			size_t b = ae, be = k + 1 < nr ? r[k + 2] : ae;

			r[m++] = o;
			while (a < ae && b < be)
				out[o++] = v[b].a < v[a].a ? v[b++] : v[a++];
			while (a < ae)
				out[o++] = v[a++];
			while (b < be)
				out[o++] = v[b++];
		}
		r[m] = o;
		nr = m;
		t = h->iv;
		h->iv = h->iv2;
		h->iv2 = t;
		c = h->ivcap;
		h->ivcap = h->iv2cap;
		h->iv2cap = c;
	}
}

/*
 * The first offset a match can start at whose anchor is at q, with at
 * most d bytes not in u before it: back from q over the bytes of u and d
 * others.  The same (d, u) at an earlier occurrence prev_q gave prev_a:
 * the start of q is not before it (there are no fewer bytes outside u from
 * any offset to q than to prev_q), so reaching prev_q the walk stops with
 * prev_a, the two intervals being one; the walks of one anchor's
 * occurrences cover the text once.
 */
#ifdef KEYS_AVX2
/*
 * run_start's walk sixteen bytes at a time with AVX2, u being nb: back
 * from *s over whole sixteens above lim, *k counting the bytes not in u.
 * Returns run_start's answer when it is in them, else 0 (*s, *k where the
 * walk goes on, less than sixteen bytes above lim).
 */
__attribute__((target("avx2,popcnt"))) static size_t
run16_avx2(const unsigned char *t, size_t *s, size_t lim, size_t *k, size_t d,
	   const struct nib *nb)
{
	const __m128i k0f = _mm_set1_epi8(0x0f), k7 = _mm_set1_epi8(7);
	const __m128i bit = _mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4,
					  8, 16, 32, 64, -128);
	const __m128i lo =
		_mm_loadu_si128((const __m128i *)(const void *)nb->lo);
	const __m128i hi =
		_mm_loadu_si128((const __m128i *)(const void *)nb->hi);

	while (*s - lim >= 16) {
		__m128i c = _mm_loadu_si128(
			(const __m128i *)(const void *)(t + *s - 16));
		__m128i cl = _mm_and_si128(c, k0f);
		__m128i ch = _mm_and_si128(_mm_srli_epi16(c, 4), k0f);
		__m128i row = _mm_blendv_epi8(_mm_shuffle_epi8(lo, cl),
					      _mm_shuffle_epi8(hi, cl),
					      _mm_cmpgt_epi8(ch, k7));
		__m128i b = _mm_shuffle_epi8(bit, ch);
		/* bit i: byte *s - 16 + i is not in u */
		unsigned int out =
			~(unsigned int)_mm_movemask_epi8(
				_mm_cmpeq_epi8(_mm_and_si128(row, b), b)) &
			0xffffu;
		size_t n = (size_t)__builtin_popcount(out), r;

		if (*k + n <= d) {
			*k += n;
			*s -= 16;
			continue;
		}
		/* the (d - k + 1)th byte not in u from the top ends it */
		for (r = d - *k; r > 0; r--)
			out &= ~(1u << (31 - __builtin_clz(out)));
		return *s - 16 + (size_t)(31 - __builtin_clz(out)) + 1;
	}
	return 0;
}
#endif

static size_t run_start(const unsigned char *t, size_t q, size_t d,
			const struct dpg_bytes *u, const struct nib *nb,
			int have_prev, size_t prev_q, size_t prev_a)
{
	size_t s = q, k = 0, lim = have_prev ? prev_q : 0;
#ifdef __SSE2__
	/* masked text's runs of spaces and newlines, when u has both (\s):
	 * sixteen bytes of them at once (k does not change) */
	int blank = bset_has(u, ' ') && bset_has(u, '\n');
#endif
#ifdef KEYS_AVX2
	if (nb) {
		size_t r = run16_avx2(t, &s, lim, &k, d, nb);

		if (r)
			return r;
	}
#else
	(void)nb;
#endif

	while (s > lim) {
		size_t stop = s - lim > 16 ? s - 16 : lim;

#ifdef __SSE2__
		if (blank && s - lim >= 16) {
			__m128i c = _mm_loadu_si128(
				(const __m128i *)(const void *)(t + s - 16));

			if (_mm_movemask_epi8(_mm_or_si128(
				    _mm_cmpeq_epi8(c, _mm_set1_epi8(' ')),
				    _mm_cmpeq_epi8(c, _mm_set1_epi8('\n')))) ==
			    0xffff) {
				s -= 16;
				continue;
			}
		}
#endif
		/* (q > prev_q) counted without a branch on each byte: whether
		 * it is in u is not predictable, the end of the walk is */
		for (; s > stop; s--) {
			k += 1u - (unsigned int)bset_has(u, t[s - 1]);
			if (k > d)
				return s;
		}
	}
	return have_prev ? prev_a : 0;
}

const uint32_t *dpg_lits_found(const struct dpg_lits_hits *h)
{
	return h->ok ? h->lfirst : NULL;
}

uint32_t dpg_lits_at(const struct dpg_lits_hits *h, size_t i)
{
	if (!h->ok || i >= h->nocc)
		DPG_BUG("dpg_lits_at without a scan or occurrence");
	return h->occ[i].pos;
}

int dpg_lits_select(struct dpg_lits_hits *h, size_t pat)
{
	const struct dpg_lits *ls = h->set;
	size_t k, i, n = 0, nr = 0, sorted = 1;
	int avx2 = use_avx2();

	if (!h->ok || pat >= ls->npat || (h->only && !h->only->want[pat]))
		DPG_BUG("dpg_lits_select without a scan or pattern");
	h->niv = h->cur = 0;
	h->pat = pat;
	for (k = ls->pfirst[pat]; k < ls->pfirst[pat + 1]; k++) {
		uint32_t l = ls->pl[k].lit;

		n += h->lfirst[l + 1] - h->lfirst[l];
	}
	if (!n)
		return 0;
	dpg_grow(&h->iv, &h->ivcap, n, sizeof(*h->iv));
	dpg_grow(&h->run, &h->runcap, ls->pfirst[pat + 1] - ls->pfirst[pat] + 1,
		 sizeof(*h->run));
	for (k = ls->pfirst[pat]; k < ls->pfirst[pat + 1]; k++) {
		size_t l = ls->pl[k].lit, d = ls->pl[k].d + h->extra;
		const struct dpg_bytes *u =
			ls->pl[k].run ? &ls->runs[ls->pl[k].run - 1] : NULL;
		const struct nib *nb =
			u && avx2 ? &h->win->nib[ls->pl[k].run - 1] : NULL;
		size_t prev_q = 0, prev_a = 0;

		if (h->lfirst[l + 1] > h->lfirst[l])
			h->run[nr++] = h->niv;

		for (i = h->lfirst[l]; i < h->lfirst[l + 1]; i++) {
			size_t q = h->occ[i].pos;
			struct iv v = {q > d ? q - d : 0, q};

			if (u) {
				v.a = run_start(h->text, q, d, u, nb,
						i > h->lfirst[l], prev_q,
						prev_a);
				prev_q = q;
				prev_a = v.a;
			}
			if (h->niv && v.a < h->iv[h->niv - 1].a)
				sorted = 0;
			h->iv[h->niv++] = v;
		}
	}
	if (!sorted) {
		h->run[nr] = h->niv;
		merge_runs(h, h->run, nr);
	}
	/* merge what overlaps or touches */
	for (i = 1, n = 0; i < h->niv; i++) {
		if (h->iv[i].a <= h->iv[n].b + 1) {
			if (h->iv[i].b > h->iv[n].b)
				h->iv[n].b = h->iv[i].b;
		} else {
			h->iv[++n] = h->iv[i];
		}
	}
	h->niv = n + 1;
	return 1;
}

/* The start of the UTF-8 character holding byte off. */
static size_t char_start(const char *s, size_t off)
{
	while (off > 0 && ((unsigned char)s[off] & 0xc0) == 0x80)
		off--;
	return off;
}

/* Is the byte before off an ASCII letter, digit or '_'?  Then (?<!\w)
 * fails at off, whatever the pattern's flags (UCP or not). */
static int after_word(const char *s, size_t off)
{
	unsigned char c = off ? (unsigned char)s[off - 1] : 0;

	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

int dpg_lits_match(struct dpg_lits_hits *h, struct dpg_re *re, const char *s,
		   size_t len, size_t off, pcre2_match_data *md,
		   pcre2_match_context *mc)
{
	int rc = PCRE2_ERROR_NOMATCH;

	while (h->cur < h->niv && h->iv[h->cur].b < off)
		h->cur++;
	for (; h->cur < h->niv; h->cur++) {
		const struct iv *v = &h->iv[h->cur];
		size_t from = off;

		/* no match starts in [off, v->a): a match holds one of the
		 * literals at most d bytes after its start */
		if (v->a > off) {
			from = char_start(s, v->a);
			if (from < off)
				from = off;
		}
		if (h->set->wstart[h->pat]) {
			/* a start after a word byte fails: pass over those
			 * (to a character start), and the interval when it
			 * has no other */
			while (from < v->b && after_word(s, from) &&
			       (unsigned char)s[from] < 0x80)
				from++;
			if (from == v->b && after_word(s, from))
				continue;
		}
		/* PCRE2's interpreter looks for a first character up to the
		 * end of the subject, past the offset limit: the work is the
		 * rest of the text */
		pcre2_set_offset_limit(mc, v->b);
		rc = pcre2_match(dpg_re_code(re, len - from), (PCRE2_SPTR)s,
				 len, from, 0, md, mc);
		if (rc != PCRE2_ERROR_NOMATCH)
			break;
	}
	pcre2_set_offset_limit(mc, PCRE2_UNSET);
	return rc;
}

int dpg_lits_usable(const struct dpg_re *re)
{
	return (re->flags & PCRE2_USE_OFFSET_LIMIT) != 0;
}

int dpg_rules_literal_possible(const unsigned char *bits, const char *lit)
{
	size_t i, n = strlen(lit);

	for (i = 0; i + 2 < n; i++) {
		unsigned int h = tri_hash((unsigned char)lit[i],
					  (unsigned char)lit[i + 1],
					  (unsigned char)lit[i + 2]);

		if (!(bits[h >> 3] & (1u << (h & 7))))
			return 0;
	}
	return 1;
}

int dpg_pcre2_use_jit(void)
{
	static atomic_int v = -1;
	int x = atomic_load_explicit(&v, memory_order_relaxed);

	if (x < 0) {
		const char *e = getenv("DPGAUDIT_NO_JIT");

		x = !(e && *e && strcmp(e, "0") != 0) && !UNDER_VALGRIND();
		atomic_store_explicit(&v, x, memory_order_relaxed);
	}
	return x;
}

/* Work (calls, plus subject bytes / JIT_BYTES) after which a pattern is
 * JIT-compiled: about what JIT compiling a typical pattern costs. */
#define JIT_AFTER 64u
#define JIT_BYTES 256u

void dpg_re_init(struct dpg_re *r, pcre2_code *code)
{
	uint32_t opts = 0;

	if (code && pcre2_pattern_info(code, PCRE2_INFO_ARGOPTIONS, &opts))
		opts = 0;
	atomic_init(&r->compiled, code);
	atomic_init(&r->jit, NULL);
	atomic_init(&r->work, 0);
	r->src = NULL;
	r->flags = opts;
	r->tsrc = 0;
}

void dpg_re_init_lazy(struct dpg_re *r, const char *src, uint32_t flags)
{
	dpg_re_init(r, NULL);
	r->src = xstrdup(src);
	r->flags = flags;
}

/* The first use of a lazy pattern: compile it; threads racing here each
 * compile, one wins, the others free theirs. */
static pcre2_code *re_compile_lazy(struct dpg_re *r)
{
	pcre2_code *code, *old = NULL;
	PCRE2_SIZE off = 0;
	int ec = 0;
	const char *src = dpg_re_src(r);

	code = dpg_re_precompiled(src, r->flags); /* re_known.h */
	if (!code)
		code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
				     r->flags, &ec, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(ec, msg, sizeof(msg));
		DPG_BUG("a shipped pattern does not compile (make check "
			"names it): %s: %s",
			(const char *)msg, src);
	}
	if (atomic_compare_exchange_strong_explicit(&r->compiled, &old, code,
						    memory_order_acq_rel,
						    memory_order_acquire))
		return code;
	pcre2_code_free(code);
	return old;
}

const pcre2_code *dpg_re_code(struct dpg_re *r, size_t bytes)
{
	pcre2_code *j = atomic_load_explicit(&r->jit, memory_order_acquire);
	pcre2_code *code;
	unsigned int add, old;

	if (j)
		return j;
	code = atomic_load_explicit(&r->compiled, memory_order_acquire);
	if (!code && (r->src || r->tsrc))
		code = re_compile_lazy(r);
	if (!code)
		return NULL;
	add = 1 + (unsigned int)(bytes < JIT_AFTER * JIT_BYTES
					 ? bytes / JIT_BYTES
					 : JIT_AFTER);
	old = atomic_fetch_add_explicit(&r->work, add, memory_order_relaxed);
	/* the one call that crosses the threshold compiles */
	if (old >= JIT_AFTER || old + add < JIT_AFTER || !dpg_pcre2_use_jit())
		return code;
	j = pcre2_code_copy(code);
	if (!j)
		DPG_BUG("out of memory copying a pattern");
	if (pcre2_jit_compile(j, PCRE2_JIT_COMPLETE) != 0) {
		pcre2_code_free(j); /* no JIT here: interpreted it stays */
		return code;
	}
	atomic_store_explicit(&r->jit, j, memory_order_release);
	return j;
}

void dpg_re_release(struct dpg_re *r)
{
	pcre2_code_free(atomic_load_explicit(&r->jit, memory_order_relaxed));
	pcre2_code_free(
		atomic_load_explicit(&r->compiled, memory_order_relaxed));
	free(r->src);
	dpg_re_init(r, NULL);
}
