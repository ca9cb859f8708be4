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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/util.h"
#include "rules_int.h"
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

/* A set of literals; ok = 0 means "no usable set". */
struct litset {
	char *s[MAX_SET];
	size_t n;
	int ok;
};

static void set_clear(struct litset *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++)
		free(ls->s[i]);
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

static void set_take(struct litset *dst, struct litset *src)
{
	set_clear(dst);
	*dst = *src;
	src->n = 0;
	src->ok = 0;
}

struct px {
	const char *p, *end;
	int fail; /* a construct we do not understand: give up */
	int depth;
};

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* At p: a quantifier?  Returns 0 none, 1 optional (?, *, {0,...}),
 * 2 mandatory (+, {n,...} n >= 1); advances past it (and a lazy or
 * possessive suffix). */
static int quantifier(struct px *x)
{
	const char *p = x->p;
	int kind = 0;

	if (p >= x->end)
		return 0;
	if (*p == '?' || *p == '*') {
		kind = 1;
		p++;
	} else if (*p == '+') {
		kind = 2;
		p++;
	} else if (*p == '{') {
		const char *q = p + 1;
		int digits = 0, zero = 1;

		while (q < x->end && (*q == ' ' || *q == ','))
			q++;
		while (q < x->end && *q >= '0' && *q <= '9') {
			if (*q != '0')
				zero = 0;
			digits++;
			q++;
		}
		while (q < x->end && *q != '}' &&
		       ((*q >= '0' && *q <= '9') || *q == ',' || *q == ' '))
			q++;
		if (q >= x->end || *q != '}')
			return 0; /* a literal '{' */
		kind = (!digits || zero) ? 1 : 2;
		p = q + 1;
	} else {
		return 0;
	}
	if (p < x->end && (*p == '?' || *p == '+'))
		p++;
	x->p = p;
	return kind;
}

static void parse_alt(struct px *x, struct litset *out);

/* Skip a character class at x->p ('['). */
static void skip_class(struct px *x)
{
	const char *p = x->p + 1;

	if (p < x->end && *p == '^')
		p++;
	if (p < x->end && *p == ']')
		p++;
	while (p < x->end && *p != ']') {
		if (*p == '\\' && p + 1 < x->end)
			p += 2;
		else if (*p == '[' && p + 1 < x->end && p[1] == ':') {
			const char *e = strstr(p + 2, ":]");

			p = e && e < x->end ? e + 2 : p + 1;
		} else
			p++;
	}
	if (p >= x->end)
		x->fail = 1;
	x->p = p < x->end ? p + 1 : p;
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
			skip_class(x);
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

/*
 * A sequence up to '|' or ')' (not consumed): the best required set among
 * its literal runs and its mandatory groups.
 */
static void parse_seq(struct px *x, struct litset *best)
{
	char run[MAX_LIT + 1];
	size_t rl = 0;
	struct litset cand = {{0}, 0, 0};

	best->n = 0;
	best->ok = 0;

#define FLUSH()                                                                \
	do {                                                                   \
		if (rl >= MIN_LIT) {                                           \
			set_clear(&cand);                                      \
			run[rl] = '\0';                                        \
			cand.s[0] = xstrdup(run);                              \
			cand.n = 1;                                            \
			cand.ok = 1;                                           \
			if (set_better(&cand, best))                           \
				set_take(best, &cand);                         \
			set_clear(&cand);                                      \
		}                                                              \
		rl = 0;                                                        \
	} while (0)

	while (x->p < x->end && !x->fail && *x->p != '|' && *x->p != ')') {
		char c = *x->p, lit = 0;

		if (c == '(') {
			int q, capture = 1, look = 0;

			FLUSH();
			x->p++;
			if (x->p < x->end && *x->p == '*') {
				x->fail = 1; /* (*VERB) */
				break;
			}
			if (x->p < x->end && *x->p == '?') {
				const char *f = x->p + 1;

				capture = 0;
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
			(void)capture;
			if (look) {
				skip_group(x);
				(void)quantifier(x);
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
			q = quantifier(x);
			if (q != 1 && set_better(&cand, best))
				set_take(best, &cand);
			set_clear(&cand);
			continue;
		}
		if (c == '[') {
			FLUSH();
			skip_class(x);
			(void)quantifier(x);
			continue;
		}
		if (c == '\\') {
			char e = x->p + 1 < x->end ? x->p[1] : '\0';

			if (literal_escape(e)) {
				lit = e;
				x->p += 2;
			} else {
				FLUSH();
				x->p += 2;
				if (e == 'Q' || e == 'E') {
					x->fail = 1;
					break;
				}
				if ((e == 'x' || e == 'p' || e == 'P' ||
				     e == 'g' || e == 'k' || e == 'o' ||
				     e == 'N') &&
				    x->p < x->end &&
				    (*x->p == '{' || *x->p == '<')) {
					char close = *x->p == '{' ? '}' : '>';

					while (x->p < x->end && *x->p != close)
						x->p++;
					if (x->p < x->end)
						x->p++;
				}
				(void)quantifier(x);
				continue;
			}
		} else if (c == '.' || c == '^' || c == '$') {
			FLUSH();
			x->p++;
			(void)quantifier(x);
			continue;
		} else if ((unsigned char)c >= 0x80 || c == '\n' || c == '\t') {
			FLUSH();
			x->p++;
			(void)quantifier(x);
			continue;
		} else {
			lit = c;
			x->p++;
		}
		/* a literal character: its quantifier decides */
		{
			int q = quantifier(x);

			if (q == 1) {
				FLUSH();
				continue;
			}
			if (rl < MAX_LIT)
				run[rl++] = (char)lower((unsigned char)lit);
			if (q == 2)
				FLUSH();
		}
	}
	FLUSH();
	set_clear(&cand);
#undef FLUSH
}

/* Alternatives up to ')' or the end: the union of every branch's set,
 * or no set when a branch has none. */
static void parse_alt(struct px *x, struct litset *out)
{
	struct litset br = {{0}, 0, 0};
	int ok = 1;

	out->n = 0;
	out->ok = 0;
	for (;;) {
		size_t i;

		parse_seq(x, &br);
		if (x->fail) {
			set_clear(&br);
			break;
		}
		if (!br.ok)
			ok = 0;
		for (i = 0; ok && i < br.n; i++) {
			if (out->n >= MAX_SET) {
				ok = 0;
				break;
			}
			out->s[out->n++] = br.s[i];
			br.s[i] = NULL;
		}
		for (i = 0; i < br.n; i++)
			free(br.s[i]);
		br.n = 0;
		if (x->p < x->end && *x->p == '|') {
			x->p++;
			continue;
		}
		break;
	}
	out->ok = ok && !x->fail && out->n > 0;
	if (!out->ok)
		set_clear(out);
}

int dpg_rules_literals(const char *src, char ***out, size_t *n)
{
	struct px x;
	struct litset ls = {{0}, 0, 0};
	size_t i;

	*out = NULL;
	*n = 0;
	x.p = src;
	x.end = src + strlen(src);
	x.fail = 0;
	x.depth = 0;
	parse_alt(&x, &ls);
	if (x.fail || x.p != x.end || !ls.ok) {
		set_clear(&ls);
		return -1;
	}
	*out = xcalloc(ls.n, sizeof(char *));
	for (i = 0; i < ls.n; i++)
		(*out)[i] = ls.s[i];
	*n = ls.n;
	return 0;
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

/* ASCII lowercase of every byte, built once. */
static unsigned char lower_table[256];

static void init_lower_table(void)
{
	int i;

	for (i = 0; i < 256; i++)
		lower_table[i] = (unsigned char)lower(i);
}

int dpg_rules_trigrams(unsigned char *bits, const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t i;
	uint32_t x;
	unsigned char odd = 0;

	if (!lower_table['A'])
		init_lower_table(); /* idempotent: races write the same */
	memset(bits, 0, DPG_RULES_TRI_BITS / 8);
	if (len < 3)
		return 1;
	x = (uint32_t)lower_table[p[0]] << 8 | lower_table[p[1]];
	for (i = 2; i < len; i++) {
		unsigned int h;

		x = (x << 8 | lower_table[p[i]]) & 0xffffffu;
		h = tri_bit(x);
		bits[h >> 3] |= (unsigned char)(1u << (h & 7));
		odd |= (unsigned char)(p[i] == 0xAA || p[i] == 0xBF);
	}
	if (odd && (memmem(data, len, "\xE2\x84\xAA", 3) ||
		    memmem(data, len, "\xC5\xBF", 2)))
		return 0;
	return 1;
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
	static int v = -1;

	if (v < 0) {
		const char *e = getenv("DPGAUDIT_NO_JIT");

		v = !(e && *e && strcmp(e, "0") != 0) && !UNDER_VALGRIND();
	}
	return v;
}
