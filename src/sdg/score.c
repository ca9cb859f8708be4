/*
 * score.c: score a text against the 17 goals of a vocabulary.
 *
 * A pure function of (vocabulary, text).  Each term match that passes its
 * context conditions adds its weight; repeats of one term decay (1, 1/2,
 * 1/4, then nothing) so that one word said often cannot make a goal.
 * Negative terms subtract.  The raw sum (floored at 0) gives the strength
 * by the thresholds of sdg.h, and the lines that contributed most give the
 * excerpts.
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/sdg.h"
#include "dpg/prefilter.h"
#include "dpg/util.h"
#include "../rules/lits_int.h"
#include "sdg_int.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h> /* next_cue_ssse3, _avx2, chosen at run time */
#endif
#include "dpg/banned.h"

#define SDG_REPEATS	    3 /* occurrences of one term that count */
#define SDG_SENTENCE_BACK   400
#define SDG_NAME_MAX_WEIGHT 6.0 /* lighter terms can be a project's name */
#define SDG_EXPLICIT_AT	    8.0 /* a hit this heavy is an explicit claim */
/* A goal SDG_DOMINANCE times weaker than the text's main goal, with no
 * explicit claim, has its raw score multiplied by SDG_DAMPING. */
#define SDG_DOMINANCE 5.0
#define SDG_DAMPING   0.5

static const double decay[SDG_REPEATS] = {1.0, 0.5, 0.25};

int dpg_sdg_strength_of(double raw)
{
	if (raw >= DPG_SDG_STRONG_AT)
		return DPG_SDG_STRONG;
	if (raw >= DPG_SDG_SOME_AT)
		return DPG_SDG_SOME;
	return DPG_SDG_NONE;
}

int dpg_sdg_strength(double raw, double top, unsigned int hits,
		     unsigned int terms, double spread)
{
	if (top >= DPG_SDG_ANCHOR_AT && (hits >= 2 || top >= DPG_SDG_ALONE_AT))
		return dpg_sdg_strength_of(raw);
	/* no anchor: moderate terms that agree */
	if (terms >= DPG_SDG_AGREE_TERMS && spread >= DPG_SDG_AGREE_AT)
		return dpg_sdg_strength_of(raw);
	return DPG_SDG_NONE;
}

double dpg_sdg_score_of(double raw)
{
	return raw <= 0 ? 0 : 1.0 - exp(-raw / 8.0);
}

void dpg_sdg_result_release(struct dpg_sdg_result *r)
{
	int g;
	size_t i;

	for (g = 0; g < DPG_SDG_GOALS; g++) {
		for (i = 0; i < r->goals[g].nexcerpts; i++) {
			free(r->goals[g].excerpts[i].text);
			r->goals[g].excerpts[i].text = NULL;
		}
		r->goals[g].nexcerpts = 0;
	}
}

/* ------------------------------------------------------------------ */
/* Masking what is not prose: code, comments, URLs, tags */

static void blank(char *m, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		if (m[i] != '\n')
			m[i] = ' ';
}

/* The offset of the first newline at or after i, or len. */
static size_t line_end(const char *m, size_t i, size_t len)
{
	const char *nl = i < len ? memchr(m + i, '\n', len - i) : NULL;

	return nl ? (size_t)(nl - m) : len;
}

static int fence_at(const char *m, size_t i, size_t len)
{
	size_t k = 0;

	while (k < 3 && i + k < len && m[i + k] == ' ')
		k++;
	return i + k + 2 < len && ((m[i + k] == '`' && m[i + k + 1] == '`' &&
				    m[i + k + 2] == '`') ||
				   (m[i + k] == '~' && m[i + k + 1] == '~' &&
				    m[i + k + 2] == '~'));
}

static int url_char(unsigned char c)
{
	return c > ' ' && c != '<' && c != '>' && c != '"' && c != '\'' &&
	       c != ')' && c != ']' && c != 0x7f;
}

/*
 * Names and citations are not evidence (docs/SDG.md, "What is not
 * evidence"): the masks below blank, in the masked copy m (newlines kept),
 * Markdown images (badges), whole sections about credits, references and
 * users, the names in sentences that credit someone, and the names of
 * organisations and journals anywhere.
 */

/* Markdown images "![alt](target)": a badge or a picture, not prose. */
static void mask_images(char *m, size_t len)
{
	size_t i, j;
	const char *bang;

	for (i = 0; i + 1 < len; i++) {
		bang = memchr(m + i, '!', len - 1 - i);
		if (!bang)
			break;
		i = (size_t)(bang - m);
		if (m[i + 1] != '[')
			continue;
		for (j = i + 2; j < len && m[j] != ']' && m[j] != '\n'; j++)
			;
		if (j + 1 >= len || m[j] != ']' || m[j + 1] != '(')
			continue;
		for (j += 2; j < len && m[j] != ')' && m[j] != '\n'; j++)
			;
		if (j < len && m[j] == ')') {
			blank(m, i, j + 1);
			i = j;
		}
	}
}

static int is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || is_upper(c) || c >= 0x80;
}

#ifdef __SSE2__
/* Bit k: byte k of the 16 at p is a letter (is_alpha). */
static unsigned int alpha16(const char *p)
{
	__m128i c = _mm_loadu_si128((const __m128i *)(const void *)p);
	/* (c | 0x20) - 'a' at most 25 unsigned: a-z, A-Z */
	__m128i az = _mm_cmplt_epi8(
		_mm_add_epi8(_mm_or_si128(c, _mm_set1_epi8(0x20)),
			     _mm_set1_epi8((char)(128 - 'a'))),
		_mm_set1_epi8(-128 + 26));
	__m128i hi = _mm_cmplt_epi8(c, _mm_setzero_si128()); /* 0x80.. */

	return (unsigned int)_mm_movemask_epi8(_mm_or_si128(az, hi));
}
#endif

#ifdef __SSE2__
/* Bit k: a word starts at byte i + k of m, a letter not after a letter
 * (is_alpha). */
static unsigned int starts16(const char *m, size_t i)
{
	unsigned int a = alpha16(m + i);

	return a & ~(a << 1 | (i > 0 && is_alpha((unsigned char)m[i - 1]))) &
	       0xffff;
}
#endif

/* The first offset at or after i (or len) where a word starts: a letter
 * not after a letter (is_alpha); 16 bytes at a time where SSE2 is. */
static size_t next_word(const char *m, size_t i, size_t len)
{
#ifdef __SSE2__
	for (; i + 16 <= len; i += 16) {
		unsigned int st = starts16(m, i);

		if (st)
			return i + (size_t)__builtin_ctz(st);
	}
#endif
	for (; i < len; i++)
		if (is_alpha((unsigned char)m[i]) &&
		    !(i > 0 && is_alpha((unsigned char)m[i - 1])))
			return i;
	return len;
}

static unsigned int tolower_ascii(unsigned int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Lower-case ASCII copy of [p, p + n) into out (at most cap - 1 bytes). */
static void lower_copy(char *out, size_t cap, const char *p, size_t n)
{
	size_t i;

	if (n >= cap)
		n = cap - 1;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)p[i]);
	out[n] = 0;
}

/* Is the word [w, w + n) one of words (sorted in strcmp order, lower
 * case; ASCII case ignored)? */
static int word_in(const char *w, size_t n, const char *const *words,
		   size_t count)
{
	char t[32];
	size_t lo = 0, hi = count;

	if (n >= sizeof(t))
		return 0;
	lower_copy(t, sizeof(t), w, n);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(t, words[mid]);

		if (!c)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* The first offset at or after i that is not a space (or len): eight
 * bytes at a time through the runs of spaces masked tags leave. */
static size_t skip_spaces(const char *m, size_t i, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, m + i, 8);
		w ^= 0x2020202020202020u;
		if (w)
			return i + (size_t)__builtin_ctzll(w) / 8;
	}
#endif
	while (i < len && m[i] == ' ')
		i++;
	return i;
}

/*
 * Heading level of the line [s, e) (next: the line after it, or NULL):
 * 1-6 for "# ..." (the text in *ts, *te), 1 or 2 for a Setext underline
 * ("===", "---") below it, 7 for a line that is only bold text; 0 when
 * it is not a heading.
 */
static int heading_level(const char *m, size_t s, size_t e, const char *next,
			 size_t next_len, size_t *ts, size_t *te)
{
	size_t i = s, k;
	int lvl = 0;

	while (i < e && i - s < 3 && m[i] == ' ')
		i++;
	while (i < e && m[i] == '#' && lvl < 7)
		lvl++, i++;
	if (lvl >= 1 && lvl <= 6 && (i == e || m[i] == ' ')) {
		*ts = i;
		*te = e;
		return lvl;
	}
	i = skip_spaces(m, s, e);
	if (e - i > 4 && m[i] == '*' && m[i + 1] == '*' && m[e - 1] == '*' &&
	    m[e - 2] == '*') {
		*ts = i + 2;
		*te = e - 2;
		return 7;
	}
	if (next && next_len >= 3 && i < e && m[i] != ' ' &&
	    (next[0] == '=' || next[0] == '-')) {
		for (k = 0; k < next_len; k++)
			if (next[k] != next[0] && next[k] != ' ')
				break;
		if (k == next_len) {
			*ts = i;
			*te = e;
			return next[0] == '=' ? 1 : 2;
		}
	}
	return 0;
}

/*
 * Is the heading text [s, e) the title of a section about credits,
 * references, licensing or users, not about the project's purpose?
 * quick: a cue whose first byte is not the text's is passed over before
 * its strlen and strncmp (every cue has one; the same answer).
 */
static int credit_heading(const char *m, size_t s, size_t e, int quick)
{
	static const char *const cues[] = {"references",
					   "reference",
					   "bibliography",
					   "citation",
					   "citations",
					   "cite",
					   "citing",
					   "how to cite",
					   "cite this",
					   "publications",
					   "papers",
					   "acknowledgements",
					   "acknowledgments",
					   "acknowledgement",
					   "acknowledgment",
					   "funding",
					   "funders",
					   "funded by",
					   "sponsors",
					   "sponsorship",
					   "supporters",
					   "supported by",
					   "backers",
					   "donors",
					   "partners",
					   "our partners",
					   "development partners",
					   "implementing partners",
					   "credits",
					   "thanks",
					   "special thanks",
					   "contributors",
					   "users",
					   "who uses",
					   "who is using",
					   "used by",
					   "adopters",
					   "license",
					   "licence",
					   "licensing",
					   "copyright",
					   "authors",
					   "maintainers",
					   "team",
					   "core team",
					   "the team",
					   "about the authors",
					   "related work",
					   "further reading",
					   "see also"};
	char t[96];
	size_t i, n, words = 1;

	while (s < e && !is_alpha((unsigned char)m[s]))
		s++; /* emoji, numbering, markup */
	while (e > s && !is_alpha((unsigned char)m[e - 1]) && m[e - 1] != ')')
		e--;
	if (e <= s || e - s >= sizeof(t))
		return 0;
	lower_copy(t, sizeof(t), m + s, e - s);
	for (i = 0; t[i]; i++)
		if (t[i] == ' ')
			words++;
	if (words > 5 || strstr(t, "guide") || strstr(t, "manual") ||
	    strstr(t, "how to use") || strstr(t, "documentation"))
		return 0;
	for (i = 0; i < DPG_ARRAY_SIZE(cues); i++) {
		if (quick && t[0] != cues[i][0])
			continue;
		n = strlen(cues[i]);
		if (!strncmp(t, cues[i], n) &&
		    (!t[n] || t[n] == ' ' || t[n] == ',' || t[n] == '&' ||
		     t[n] == ':' || t[n] == '('))
			return 1;
	}
	return 0;
}

#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__)
/* next_heading_byte's blocks 32 bytes at a time, where the CPU has AVX2:
 * the offset of the first such byte, or the first one not looked at. */
__attribute__((target("avx2"))) static size_t
heading_byte_avx2(const char *m, size_t i, size_t len)
{
	const __m256i hash = _mm256_set1_epi8('#'),
		      star = _mm256_set1_epi8('*');
	const __m256i nl = _mm256_set1_epi8('\n'), eq = _mm256_set1_epi8('=');
	const __m256i dash = _mm256_set1_epi8('-');

	for (; i + 32 <= len; i += 32) {
		__m256i c = _mm256_loadu_si256(
			(const __m256i *)(const void *)(m + i));
		__m256i n = _mm256_loadu_si256(
			(const __m256i *)(const void *)(m + i + 1));
		__m256i x = _mm256_or_si256(
			_mm256_cmpeq_epi8(c, hash),
			_mm256_and_si256(_mm256_cmpeq_epi8(c, star),
					 _mm256_cmpeq_epi8(n, star)));
		unsigned int hit;

		x = _mm256_or_si256(
			x,
			_mm256_and_si256(
				_mm256_cmpeq_epi8(c, nl),
				_mm256_or_si256(_mm256_cmpeq_epi8(n, eq),
						_mm256_cmpeq_epi8(n, dash))));
		hit = (unsigned int)_mm256_movemask_epi8(x);
		if (hit)
			return i + (size_t)__builtin_ctz(hit);
	}
	return i;
}
#endif

/* The first offset at or after i (or len) of a '#', of "**" or of a
 * newline before '=' or '-': a line of m holding none is no heading
 * (heading_level), nor is one that ends with no such newline; 32 or 16
 * bytes at a time where AVX2 or SSE2 is (m[len] is readable). */
static size_t next_heading_byte(const char *m, size_t i, size_t len)
{
#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__)
	if (!dpg_sdg_no_avx2 && dpg_cpu_has(DPG_CPU_AVX2))
		i = heading_byte_avx2(m, i, len);
#endif
#ifdef __SSE2__
	const __m128i hash = _mm_set1_epi8('#'), star = _mm_set1_epi8('*');
	const __m128i nl = _mm_set1_epi8('\n'), eq = _mm_set1_epi8('=');
	const __m128i dash = _mm_set1_epi8('-');

	for (; i + 16 <= len; i += 16) {
		__m128i c =
			_mm_loadu_si128((const __m128i *)(const void *)(m + i));
		__m128i n = _mm_loadu_si128(
			(const __m128i *)(const void *)(m + i + 1));
		__m128i x =
			_mm_or_si128(_mm_cmpeq_epi8(c, hash),
				     _mm_and_si128(_mm_cmpeq_epi8(c, star),
						   _mm_cmpeq_epi8(n, star)));
		unsigned int hit;

		x = _mm_or_si128(
			x,
			_mm_and_si128(_mm_cmpeq_epi8(c, nl),
				      _mm_or_si128(_mm_cmpeq_epi8(n, eq),
						   _mm_cmpeq_epi8(n, dash))));
		hit = (unsigned int)_mm_movemask_epi8(x);
		if (hit)
			return i + (size_t)__builtin_ctz(hit);
	}
#endif
	for (; i < len; i++)
		if (m[i] == '#' || (m[i] == '*' && m[i + 1] == '*') ||
		    (m[i] == '\n' && (m[i + 1] == '=' || m[i + 1] == '-')))
			break;
	return i;
}

/* The start of the first line at or after s (a line start) that may be a
 * heading (heading_level), or len: one whose first byte after at most 3
 * spaces is '#', whose first after any spaces is "**", or before a line
 * of 3 bytes or more of '=' or '-' and spaces. */
static size_t heading_line(const char *m, size_t s, size_t len)
{
	size_t q, c, ne, k;

	for (q = s; (q = next_heading_byte(m, q, len)) < len; q++) {
		c = q;
		if (m[q] == '\n') {
			ne = line_end(m, q + 1, len);
			for (k = q + 2;
			     k < ne && (m[k] == m[q + 1] || m[k] == ' '); k++)
				;
			if (ne - (q + 1) < 3 || k < ne)
				continue;
			while (c > s && m[c - 1] != '\n')
				c--;
			return c;
		}
		while (c > s && m[c - 1] == ' ' && (m[q] == '*' || q - c < 3))
			c--;
		if (c == s || m[c - 1] == '\n')
			return c;
	}
	return len;
}

/* Blank each section (heading and body, up to the next heading of its
 * level or above) about credits, references, licensing or users; quick:
 * the lines that can be no heading (heading_line) passed over as one
 * (blanked when a section is), else line by line. */
void dpg_sdg_mask_sections(char *m, size_t len, int quick)
{
	size_t s = 0, e;
	int blanking = 0; /* the level of the section being blanked, or 0 */

	while (s < len) {
		size_t ns, ne, ts = 0, te = 0;
		int lvl;

		if (quick) {
			size_t c = heading_line(m, s, len);

			if (blanking)
				blank(m, s, c);
			if (c >= len)
				break;
			s = c;
		}
		e = line_end(m, s, len);
		ns = e < len ? e + 1 : len;
		ne = line_end(m, ns, len);
		lvl = heading_level(m, s, e, ns < len ? m + ns : NULL, ne - ns,
				    &ts, &te);
		if (lvl && blanking && lvl <= blanking)
			blanking = 0;
		if (lvl && !blanking && credit_heading(m, ts, te, quick))
			blanking = lvl;
		if (blanking)
			memset(m + s, ' ', e - s); /* no newline in a line */
		s = ns;
	}
}

/* Bounds [*a, *b) of the sentence around offset i of m. */
static void mask_sentence(const char *m, size_t len, size_t i, size_t *a,
			  size_t *b)
{
	size_t x = i, y = i;

	while (x > 0 && i - x < 400) {
		if (m[x - 1] == '\n' && x >= 2 && m[x - 2] == '\n')
			break;
		if (x >= 2 && (m[x - 1] == ' ' || m[x - 1] == '\n') &&
		    (m[x - 2] == '.' || m[x - 2] == '!' || m[x - 2] == '?'))
			break;
		x--;
	}
	while (y < len && y - i < 400) {
		if ((m[y] == '.' || m[y] == '!' || m[y] == '?') &&
		    (y + 1 == len || m[y + 1] == ' ' || m[y + 1] == '\n'))
			break;
		if (m[y] == '\n' && y + 1 < len && m[y + 1] == '\n')
			break;
		y++;
	}
	*a = x;
	*b = y;
}

/* Blank the capitalised words (names) of [a, b) but the first one. */
static void blank_names(char *m, size_t a, size_t b)
{
	size_t i = a, j;
	int first = 1;

	while (i < b) {
		if (!is_alpha((unsigned char)m[i]) &&
		    !(m[i] >= '0' && m[i] <= '9')) {
			i++;
			continue;
		}
		for (j = i;
		     j < b && (is_alpha((unsigned char)m[j]) ||
			       (m[j] >= '0' && m[j] <= '9') || m[j] == '-' ||
			       m[j] == '\'' || m[j] == '&');
		     j++)
			;
		if (!first && is_upper((unsigned char)m[i]))
			blank(m, i, j);
		first = 0;
		i = j;
	}
}

/* Cues of sentences that credit someone (dpg_sdg_mask_credit). */
static const char *const credit_cues[] = {
	"acknowledge",	    "funded by",	  "financed by",
	"sponsored by",	    "funding from",	  "support from",
	"support of",	    "grant agreement",	  "grant no",
	"grant number",	    "thanks to",	  "we thank",
	"like to thank",    "partnership with",	  "collaboration with",
	"partners include", "partners are",	  "developed by",
	"maintained by",    "created by",	  "a project of",
	"an initiative of", "is used by",	  "are used by",
	"used by the",	    "deployed by",	  "powered by",
	"supported by",	    "in cooperation with"};

#define CUE_BYTES  4 /* every cue has at least this many */
#define CUE_PREFIX 4 /* bytes next_cue_ssse3 tests */
_Static_assert(CUE_PREFIX == 4, "dpg_sdg_nibbles4_avx2 tests four bytes");

/* The cues as dpg_words, and a quick "no" for most word starts: bit k of
 * byte[j][c]: byte j of cue k is c, ASCII case ignored (dpg_words_at). */
static struct credit_filter {
	struct dpg_words ws;
	uint32_t byte[CUE_BYTES][256];
	/* next_cue_ssse3's: bit k % 8 of lo[j][c & 15] and of hi[j][c >> 4]
	 * for byte j of cue k, c lower case (each cue's bytes are) */
	unsigned char lo[CUE_PREFIX][16], hi[CUE_PREFIX][16];
} credit;
static pthread_once_t credit_once = PTHREAD_ONCE_INIT;

static void credit_init(void)
{
	size_t k, j;

	dpg_words_init(&credit.ws, credit_cues, DPG_ARRAY_SIZE(credit_cues));
	if (DPG_ARRAY_SIZE(credit_cues) > 32)
		DPG_BUG("too many credit cues");
	for (k = 0; k < DPG_ARRAY_SIZE(credit_cues); k++) {
		if (strlen(credit_cues[k]) < CUE_BYTES)
			DPG_BUG("a credit cue too short");
		for (j = 0; j < CUE_PREFIX; j++)
			if ((credit_cues[k][j] | 0x20) != credit_cues[k][j])
				DPG_BUG("a credit cue not in lower case");
		for (j = 0; j < CUE_BYTES; j++) {
			unsigned int c =
				tolower_ascii((unsigned char)credit_cues[k][j]);

			credit.byte[j][c] |= 1u << k;
			if (c >= 'a' && c <= 'z')
				credit.byte[j][c - ('a' - 'A')] |= 1u << k;
			if (j < CUE_PREFIX) {
				credit.lo[j][c & 15] |=
					(unsigned char)(1u << k % 8);
				credit.hi[j][c >> 4] |=
					(unsigned char)(1u << k % 8);
			}
		}
	}
}

/* May a cue start at p (p + CUE_BYTES - 1 <= len: m[len] is readable)? */
#define CUE_MAYBE(m, p, len)                                                   \
	((p) + CUE_BYTES - 1 <= (len) &&                                       \
	 (credit.byte[0][(unsigned char)(m)[p]] &                              \
	  credit.byte[1][(unsigned char)(m)[(p) + 1]] &                        \
	  credit.byte[2][(unsigned char)(m)[(p) + 2]] &                        \
	  credit.byte[3][(unsigned char)(m)[(p) + 3]]))

/* The first i + k, k a bit of st (from the lowest), where CUE_MAYBE
 * holds, or (size_t)-1. */
static inline size_t cue_of(const char *m, size_t i, unsigned int st,
			    size_t len)
{
	for (; st; st &= st - 1) {
		size_t p = i + (size_t)__builtin_ctz(st);

		if (CUE_MAYBE(m, p, len))
			return p;
	}
	return (size_t)-1;
}

/* The first offset at or after i (or len) where a word starts (next_word)
 * with the first bytes of a cue (CUE_MAYBE); 16 bytes at a time where
 * SSE2 is.  m[len] is 0, which no cue has. */
static size_t next_cue(const char *m, size_t i, size_t len)
{
#ifdef __SSE2__
	/* starts16, with the letter before each block from the last */
	unsigned int before = i > 0 && is_alpha((unsigned char)m[i - 1]);

	for (; i + 16 <= len; i += 16) {
		unsigned int a = alpha16(m + i);
		size_t p = cue_of(m, i, a & ~(a << 1 | before) & 0xffff, len);

		if (p != (size_t)-1)
			return p;
		before = a >> 15;
	}
#endif
	for (; i < len; i++) {
		i = next_word(m, i, len);
		if (i >= len || CUE_MAYBE(m, i, len))
			break;
	}
	return i < len ? i : len;
}

#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__)
#define CUE_SSSE3 1
/*
 * next_cue with a first test of the CUE_PREFIX bytes at each position of a
 * block of 16 in which a word starts, where the CPU has SSSE3: per byte j,
 * a nibble table lookup of each half of the byte (ASCII letters lowered:
 * | 0x20, which maps a cue's byte to itself), ANDed over the bytes, gives
 * the cues (in 8 groups) whose first bytes may be there.  A superset of
 * CUE_MAYBE's positions, which is still asked of each: the same result.
 */
__attribute__((target("ssse3"))) static size_t
next_cue_ssse3(const char *m, size_t i, size_t len)
{
	const __m128i low = _mm_set1_epi8(0x0f), lower = _mm_set1_epi8(0x20);
	__m128i lo[CUE_PREFIX], hi[CUE_PREFIX];
	unsigned int before = i > 0 && is_alpha((unsigned char)m[i - 1]);
	size_t p;
	int j;

	for (j = 0; j < CUE_PREFIX; j++) {
		lo[j] = _mm_loadu_si128(
			(const __m128i *)(const void *)credit.lo[j]);
		hi[j] = _mm_loadu_si128(
			(const __m128i *)(const void *)credit.hi[j]);
	}
	/* loads reach m + i + 16 + CUE_PREFIX - 2 <= m + len */
	for (; i + 16 + CUE_PREFIX - 1 <= len; i += 16) {
		unsigned int a = alpha16(m + i), st;
		__m128i may = _mm_set1_epi8(-1);

		st = a & ~(a << 1 | before) & 0xffff;
		before = a >> 15;
		if (!st)
			continue;
		for (j = 0; j < CUE_PREFIX; j++) {
			const char *q = m + i + j;
			__m128i c = _mm_or_si128(
				_mm_loadu_si128(
					(const __m128i *)(const void *)q),
				lower);
			__m128i l =
				_mm_shuffle_epi8(lo[j], _mm_and_si128(c, low));
			__m128i h = _mm_shuffle_epi8(
				hi[j],
				_mm_and_si128(_mm_srli_epi16(c, 4), low));

			may = _mm_and_si128(may, _mm_and_si128(l, h));
		}
		st &= ~(unsigned int)_mm_movemask_epi8(
			      _mm_cmpeq_epi8(may, _mm_setzero_si128())) &
		      0xffff;
		if ((p = cue_of(m, i, st, len)) != (size_t)-1)
			return p;
	}
	return next_cue(m, i, len);
}
#endif

#ifdef CUE_SSSE3
/* next_cue_ssse3 32 positions at a time, where the CPU has AVX2: the
 * same tests (each lane's nibble tables the same), the same result. */
__attribute__((target("avx2"))) static size_t
next_cue_avx2(const char *m, size_t i, size_t len)
{
	const __m256i lower = _mm256_set1_epi8(0x20);
	/* (c | 0x20) - 'a' at most 25 unsigned: a-z, A-Z (alpha16) */
	const __m256i ka = _mm256_set1_epi8((char)(128 - 'a'));
	const __m256i lim = _mm256_set1_epi8(-128 + 26);
	__m256i lo[CUE_PREFIX], hi[CUE_PREFIX];
	unsigned int before = i > 0 && is_alpha((unsigned char)m[i - 1]);
	size_t p;
	int j;

	for (j = 0; j < CUE_PREFIX; j++) {
		lo[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128(
			(const __m128i *)(const void *)credit.lo[j]));
		hi[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128(
			(const __m128i *)(const void *)credit.hi[j]));
	}
	/* loads reach m + i + 32 + CUE_PREFIX - 2 <= m + len */
	for (; i + 32 + CUE_PREFIX - 1 <= len; i += 32) {
		__m256i c = _mm256_loadu_si256(
			(const __m256i *)(const void *)(m + i));
		__m256i az = _mm256_cmpgt_epi8(
			lim, _mm256_add_epi8(_mm256_or_si256(c, lower), ka));
		/* letters: a-z, A-Z, and the bytes of 0x80 and over (c's
		 * top bit) */
		unsigned int a = (unsigned int)_mm256_movemask_epi8(
			_mm256_or_si256(az, c));
		unsigned int st = a & ~(a << 1 | before);

		before = a >> 31;
		if (!st)
			continue;
		st &= dpg_sdg_nibbles4_avx2(m + i, lo, hi);
		if ((p = cue_of(m, i, st, len)) != (size_t)-1)
			return p;
	}
	return next_cue(m, i, len);
}
#endif

int dpg_sdg_no_ssse3; /* tests: next_cue alone */
int dpg_sdg_no_avx2;  /* tests: the SSSE3 and SSE2 paths, not AVX2's */

/* next_cue(), by next_cue_avx2 where the CPU has AVX2, else by
 * next_cue_ssse3 where it has SSSE3 (quick) */
static size_t next_cue_any(const char *m, size_t i, size_t len, int quick)
{
#ifdef CUE_SSSE3
	if (quick && !dpg_sdg_no_ssse3 && !dpg_sdg_no_avx2 &&
	    dpg_cpu_has(DPG_CPU_AVX2))
		return next_cue_avx2(m, i, len);
	if (quick && !dpg_sdg_no_ssse3 && dpg_cpu_has(DPG_CPU_SSSE3))
		return next_cue_ssse3(m, i, len);
#endif
	(void)quick;
	return next_cue(m, i, len);
}

/*
 * Sentences that credit someone ("funded by the Federal Ministry of
 * Education and Research", "gratefully acknowledged", "in partnership
 * with"): their names are blanked; what the sentence says the work is
 * for still counts.
 */
void dpg_sdg_mask_credit(char *m, size_t len, int quick)
{
	size_t i, a, b;

	pthread_once(&credit_once, credit_init);
	for (i = 0; i < len; i++) {
		i = next_cue_any(m, i, len, quick);
		if (i >= len)
			break;
		if (dpg_words_at(&credit.ws, m + i, len - i) < 0)
			continue;
		mask_sentence(m, len, i, &a, &b);
		blank_names(m, a, b);
		i = b;
	}
}

/* Words that make a capitalised phrase the name of an organisation or a
 * journal (sorted: word_in()). */
static const char *const org_words[] = {
	"academy",	"agency",	"alliance",	"annals",
	"association",	"authority",	"bank",		"board",
	"bulletin",	"bureau",	"center",	"centre",
	"college",	"commission",	"committee",	"company",
	"consortium",	"corporation",	"council",	"department",
	"federation",	"fondation",	"foundation",	"fund",
	"fundación",	"gmbh",		"hospital",	"inc",
	"institut",	"institute",	"instituto",	"journal",
	"laboratories", "laboratory",	"letters",	"ltd",
	"ministerio",	"ministries",	"ministry",	"ministère",
	"ministério",	"office",	"organisation", "organization",
	"proceedings",	"review",	"reviews",	"school",
	"secretariat",	"society",	"transactions", "trust",
	"universidad",	"universidade", "university",	"université"};

/* A quick "no" for most words: bit n of len[a][b] says an org_word of n
 * bytes starts with the letters a, b (every one starts with two of a-z
 * and has fewer than 32 bytes); made once a process. */
static struct org_filter {
	uint32_t len[26][26];
	/* next_org_word_avx2's nibble tables (dpg_sdg_nibbles4_avx2) of
	 * the words' first four bytes, lower case (all bytes a fourth of a
	 * word of three: its group, 7) */
	unsigned char lo[4][16], hi[4][16];
} orgf;
static pthread_once_t orgf_once = PTHREAD_ONCE_INIT;

static void org_filter_init(void)
{
	size_t i, j, n;

	for (i = 0; i < DPG_ARRAY_SIZE(org_words); i++) {
		n = strlen(org_words[i]);
		if (org_words[i][0] < 'a' || org_words[i][0] > 'z' ||
		    org_words[i][1] < 'a' || org_words[i][1] > 'z' || n >= 32)
			DPG_BUG("an organisation word not of a-z");
		orgf.len[org_words[i][0] - 'a'][org_words[i][1] - 'a'] |= 1u
									  << n;
		for (j = 0; j < 4; j++) {
			unsigned char c = (unsigned char)org_words[i][j],
				      g = (unsigned char)(1u
							  << (n < 4 ? 7
								    : i % 7));

			if (j == 3 && n < 4) {
				for (c = 0; c < 16; c++) { /* any byte */
					orgf.lo[3][c] |= g;
					orgf.hi[3][c] |= g;
				}
				continue;
			}
			if (c < 'a' || c > 'z')
				DPG_BUG("an organisation word's first bytes "
					"not a-z");
			orgf.lo[j][c & 15] |= g;
			orgf.hi[j][c >> 4] |= g;
		}
	}
}

static int org_word(const char *w, size_t n)
{
	/* ASCII letters: c | 0x20 in a..z */
	unsigned int a = ((unsigned char)w[0] | 0x20u) - 'a', b;

	if (n < 2 || n >= 32 || a >= 26 ||
	    (b = ((unsigned char)w[1] | 0x20u) - 'a') >= 26 ||
	    !(orgf.len[a][b] >> n & 1))
		return 0;
	return word_in(w, n, org_words, DPG_ARRAY_SIZE(org_words));
}

int dpg_sdg_org_word(const char *w, size_t n, int quick)
{
	pthread_once(&orgf_once, org_filter_init);
	return quick ? org_word(w, n)
		     : word_in(w, n, org_words, DPG_ARRAY_SIZE(org_words));
}

static int connector(const char *w, size_t n)
{
	/* by length: "für" is 4 bytes */
	static const char *const words[] = {"&",   "y",	  "of",	 "in",	"on",
					    "de",  "la",  "du",	 "et",	"to",
					    "and", "for", "the", "des", "für"};
	static const unsigned char first[5] = {0, 2, 10, 14, 15};
	size_t i;

	if (n < 1 || n > 4)
		return 0;
	for (i = first[n - 1]; i < first[n]; i++)
		if (!memcmp(w, words[i], n))
			return 1;
	return 0;
}

/* A byte of a word of an organisation's name (mask_org_names): a letter
 * (is_alpha), a digit, '&', '-' or '\''; bits of the bytes below 0x80. */
static int name_char(unsigned char c)
{
	/* 0x80..0xff, A-Z, a-z, 0-9, '&', '-', '\'' */
#define NC8(x)	x, x, x, x, x, x, x, x
#define NC16(x) NC8(x), NC8(x)
	static const unsigned char tab[256] = {
		NC16(0), NC16(0), 0,	   0,	    0,	     0,
		0,	 0,	  1,	   1,	    0,	     0,
		0,	 0,	  0,	   1,	    0,	     0, /* & ' - */
		1,	 1,	  1,	   1,	    1,	     1,
		1,	 1,	  1,	   1,	    0,	     0,
		0,	 0,	  0,	   0, /* 0-9 */
		0,	 1,	  1,	   1,	    1,	     1,
		1,	 1,	  1,	   1,	    1,	     1,
		1,	 1,	  1,	   1, /* A-O */
		1,	 1,	  1,	   1,	    1,	     1,
		1,	 1,	  1,	   1,	    1,	     0,
		0,	 0,	  0,	   0, /* P-Z */
		0,	 1,	  1,	   1,	    1,	     1,
		1,	 1,	  1,	   1,	    1,	     1,
		1,	 1,	  1,	   1, /* a-o */
		1,	 1,	  1,	   1,	    1,	     1,
		1,	 1,	  1,	   1,	    1,	     0,
		0,	 0,	  0,	   0, /* p-z */
		NC16(1), NC16(1), NC16(1), NC16(1), NC16(1), NC16(1),
		NC16(1), NC16(1)};
#undef NC16
#undef NC8

	return tab[c];
}

/* The first offset at or after i (or len) of an A-Z byte; 16 bytes at a
 * time where SSE2 is (upper-case letters are rare). */
static size_t next_upper(const char *m, size_t i, size_t len)
{
#ifdef __SSE2__
	const __m128i k = _mm_set1_epi8((char)(128 - 'A'));
	const __m128i lim = _mm_set1_epi8(-128 + 26);

	for (; i + 16 <= len; i += 16) {
		__m128i c =
			_mm_loadu_si128((const __m128i *)(const void *)(m + i));
		/* c - 'A' at most 25 unsigned: A-Z */
		unsigned int hit = (unsigned int)_mm_movemask_epi8(
			_mm_cmplt_epi8(_mm_add_epi8(c, k), lim));

		if (hit)
			return i + (size_t)__builtin_ctz(hit);
	}
#endif
	while (i < len && !is_upper((unsigned char)m[i]))
		i++;
	return i;
}

/* The first offset p at or after i (or len) where a word of a name
 * starts with A-Z: p is i, or m[p - 1] is no name_char. */
static size_t next_cap_word(const char *m, size_t i, size_t len)
{
	size_t p = i;

	for (;;) {
		p = next_upper(m, p, len);
		if (p >= len || p == i || !name_char((unsigned char)m[p - 1]))
			return p;
		p++;
	}
}

/* The names of organisations (dpg_sdg_mask_org_names) of m[i..len),
 * parsed from i. */
static void org_names_from(char *m, size_t i, size_t len)
{
	while (i < len) {
		size_t run_s = 0, run_e = 0, j;
		int caps = 0, org = 0, in_run = 0;

		/* out of a run, words that start lower-case and the bytes
		 * between words do nothing: on to the next capitalised word */
		i = next_cap_word(m, i, len);
		while (i < len) {
			size_t ws = i;
			int cap;

			while (i < len && name_char((unsigned char)m[i]))
				i++;
			if (i == ws) {
				/* not a word: ends a run unless a space */
				if (i < len && m[i] == ' ' && in_run) {
					i++;
					continue;
				}
				i++;
				break;
			}
			cap = is_upper((unsigned char)m[ws]);
			if (cap) {
				if (!in_run)
					run_s = ws;
				in_run = 1;
				caps++;
				run_e = i;
				if (org_word(m + ws, i - ws))
					org = 1;
			} else if (!in_run || !connector(m + ws, i - ws)) {
				break;
			}
			if (i < len && m[i] != ' ')
				break; /* punctuation ends a name */
		}
		if (in_run && org && caps >= 2)
			blank(m, run_s, run_e);
		j = skip_spaces(m, i, len);
		i = j > i ? j : i;
	}
}

/* Does a word that org_word() holds start at i (m[i] is A-Z, i < len,
 * m[len] readable; a word: a run of name_char bytes, after a byte that is
 * none or at 0)? */
static int org_word_at(const char *m, size_t i, size_t len)
{
	size_t n;
	/* m[len] is 0: b >= 26 at the last byte */
	unsigned int b = ((unsigned char)m[i + 1] | 0x20u) - 'a';

	if ((i > 0 && name_char((unsigned char)m[i - 1])) || b >= 26 ||
	    !orgf.len[(unsigned char)m[i] - 'A'][b])
		return 0;
	for (n = 2; i + n < len && name_char((unsigned char)m[i + n]); n++)
		;
	return org_word(m + i, n);
}

/* The first offset at or after i (or len) where a word that org_word()
 * holds starts with A-Z. */
static size_t next_org_word(const char *m, size_t i, size_t len)
{
	for (;; i++) {
		i = next_upper(m, i, len);
		if (i >= len)
			return len;
		if (org_word_at(m, i, len))
			return i;
	}
}

#ifdef CUE_SSSE3
/* next_org_word 32 places at a time, where the CPU has AVX2: an A-Z byte
 * is asked of org_word_at only when its four bytes, | 0x20, may start an
 * organisation's word by orgf's nibble tables (the same result). */
__attribute__((target("avx2"))) static size_t
next_org_word_avx2(const char *m, size_t i, size_t len)
{
	const __m256i k = _mm256_set1_epi8((char)(128 - 'A'));
	const __m256i lim = _mm256_set1_epi8(-128 + 26);
	__m256i lo[4], hi[4];
	int j;

	for (j = 0; j < 4; j++) {
		lo[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128(
			(const __m128i *)(const void *)orgf.lo[j]));
		hi[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128(
			(const __m128i *)(const void *)orgf.hi[j]));
	}
	/* loads reach m + i + 32 + 2 <= m + len (m[len] is 0) */
	for (; i + 32 + 3 <= len; i += 32) {
		__m256i c = _mm256_loadu_si256(
			(const __m256i *)(const void *)(m + i));
		/* c - 'A' at most 25 unsigned: A-Z */
		unsigned int st = (unsigned int)_mm256_movemask_epi8(
			_mm256_cmpgt_epi8(lim, _mm256_add_epi8(c, k)));

		if (!st)
			continue;
		for (st &= dpg_sdg_nibbles4_avx2(m + i, lo, hi); st;
		     st &= st - 1)
			if (org_word_at(m, i + (size_t)__builtin_ctz(st), len))
				return i + (size_t)__builtin_ctz(st);
	}
	return next_org_word(m, i, len);
}
#endif

/* next_org_word, by next_org_word_avx2 where the CPU has AVX2 (unless
 * dpg_sdg_no_avx2) */
static size_t next_org_word_any(const char *m, size_t i, size_t len)
{
#ifdef CUE_SSSE3
	if (!dpg_sdg_no_avx2 && dpg_cpu_has(DPG_CPU_AVX2))
		return next_org_word_avx2(m, i, len);
#endif
	return next_org_word(m, i, len);
}

/*
 * Names of organisations and journals anywhere: a run of capitalised
 * words (with "of", "and", "for"... between them) holding a word such as
 * Ministry, Institute, University, Foundation, Journal or Reviews
 * ("Institute of Public Health", "Reviews in Fish Biology and Fisheries").
 * quick: only the lines holding such a word are parsed (org_names_from
 * starts afresh at each line: no name spans a newline, and the parse
 * reaching a line starts it as org_names_from at the line's start would,
 * so a line without such a word blanks nothing); else the whole text.
 */
void dpg_sdg_mask_org_names(char *m, size_t len, int quick)
{
	size_t p = 0, s, e;

	pthread_once(&orgf_once, org_filter_init);
	if (!quick) {
		org_names_from(m, 0, len);
		return;
	}
	while ((p = next_org_word_any(m, p, len)) < len) {
		for (s = p; s > 0 && m[s - 1] != '\n'; s--)
			;
		e = line_end(m, p, len);
		org_names_from(m, s, e);
		p = e;
	}
}

/* The first offset at or after i (or len) of a byte that may start a
 * comment, a tag, code or a URL ('<', '`', "ht", "ww"); 16 bytes at a
 * time where SSE2 is (m[len] is readable: mask_text's NUL). */
static size_t next_mask_start(const char *m, size_t i, size_t len)
{
#ifdef __SSE2__
	const __m128i lt = _mm_set1_epi8('<'), bq = _mm_set1_epi8('`');
	const __m128i h = _mm_set1_epi8('h'), w = _mm_set1_epi8('w');
	const __m128i t = _mm_set1_epi8('t');

	for (; i + 16 <= len; i += 16) {
		__m128i c =
			_mm_loadu_si128((const __m128i *)(const void *)(m + i));
		__m128i n = _mm_loadu_si128(
			(const __m128i *)(const void *)(m + i + 1));
		/* an 'h' not before 't', a 'w' not before 'w' start no URL */
		__m128i url = _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(c, h),
							 _mm_cmpeq_epi8(n, t)),
					   _mm_and_si128(_mm_cmpeq_epi8(c, w),
							 _mm_cmpeq_epi8(n, w)));
		unsigned int hit = (unsigned int)_mm_movemask_epi8(
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(c, lt),
						  _mm_cmpeq_epi8(c, bq)),
				     url));

		if (hit)
			return i + (size_t)__builtin_ctz(hit);
	}
#endif
	for (; i < len; i++)
		if (m[i] == '<' || m[i] == '`' || m[i] == 'h' || m[i] == 'w')
			break;
	return i;
}

/* memset(p, ' ', n) for the short runs of a tag: two stores that may
 * overlap, up to 32 bytes. */
static void spaces(char *p, size_t n)
{
	const uint64_t w8 = 0x2020202020202020u;
	const uint32_t w4 = 0x20202020u;

	if (n > 32) {
		memset(p, ' ', n);
	} else if (n >= 16) {
#ifdef __SSE2__
		const __m128i sp = _mm_set1_epi8(' ');

		_mm_storeu_si128((__m128i *)(void *)p, sp);
		_mm_storeu_si128((__m128i *)(void *)(p + n - 16), sp);
#else
		memset(p, ' ', n);
#endif
	} else if (n >= 8) {
		memcpy(p, &w8, 8);
		memcpy(p + n - 8, &w8, 8);
	} else if (n >= 4) {
		memcpy(p, &w4, 4);
		memcpy(p + n - 4, &w4, 4);
	} else {
		memset(p, ' ', n);
	}
}

/* The first offset in [i, to) (or to) of a '>' or a newline; 16 bytes at
 * a time where SSE2 is (tags are most of an HTML page). */
static size_t tag_end(const char *m, size_t i, size_t to)
{
#ifdef __SSE2__
	const __m128i gt = _mm_set1_epi8('>'), nl = _mm_set1_epi8('\n');

	for (; i + 16 <= to; i += 16) {
		__m128i c =
			_mm_loadu_si128((const __m128i *)(const void *)(m + i));
		unsigned int hit = (unsigned int)_mm_movemask_epi8(_mm_or_si128(
			_mm_cmpeq_epi8(c, gt), _mm_cmpeq_epi8(c, nl)));

		if (hit)
			return i + (size_t)__builtin_ctz(hit);
	}
#endif
	while (i < to && m[i] != '>' && m[i] != '\n')
		i++;
	return i;
}

/* The bytes of a block of dpg_sdg_copy_text at i: bit k of hit, byte
 * i + k is NUL, '`' or '~' (copied already): a NUL made a space, the
 * first "```" or "~~~" in *fence. */
static inline void copy_hits(char *m, const char *text, size_t len, size_t i,
			     unsigned int hit, size_t *fence)
{
	for (; hit; hit &= hit - 1) {
		size_t k = i + (size_t)__builtin_ctz(hit);

		if (!text[k])
			m[k] = ' ';
		else if (*fence == len && k + 2 < len &&
			 text[k + 1] == text[k] && text[k + 2] == text[k])
			*fence = k;
	}
}

#ifdef CUE_SSSE3
/* dpg_sdg_copy_text's blocks 32 bytes at a time, where the CPU has AVX2:
 * the offset reached. */
__attribute__((target("avx2"))) static size_t
copy_text_avx2(char *m, const char *text, size_t len, size_t *fence)
{
	const __m256i bq = _mm256_set1_epi8('`'), ti = _mm256_set1_epi8('~');
	size_t i;

	for (i = 0; i + 32 <= len; i += 32) {
		__m256i c = _mm256_loadu_si256(
			(const __m256i *)(const void *)(text + i));

		_mm256_storeu_si256((__m256i *)(void *)(m + i), c);
		copy_hits(m, text, len, i,
			  (unsigned int)_mm256_movemask_epi8(_mm256_or_si256(
				  _mm256_cmpeq_epi8(c, _mm256_setzero_si256()),
				  _mm256_or_si256(_mm256_cmpeq_epi8(c, bq),
						  _mm256_cmpeq_epi8(c, ti)))),
			  fence);
	}
	return i;
}
#endif

/*
 * dpg_sdg_copy_text: one pass, 32 or 16 bytes at a time where AVX2 or
 * SSE2 is (it was a copy, a NUL search and two strstr over every text).
 */
size_t dpg_sdg_copy_text(char *m, const char *text, size_t len)
{
	size_t i = 0, fence = len;

#ifdef CUE_SSSE3
	if (!dpg_sdg_no_avx2 && dpg_cpu_has(DPG_CPU_AVX2))
		i = copy_text_avx2(m, text, len, &fence);
#endif
#ifdef __SSE2__
	const __m128i bq = _mm_set1_epi8('`'), ti = _mm_set1_epi8('~');

	for (; i + 16 <= len; i += 16) {
		__m128i c = _mm_loadu_si128(
			(const __m128i *)(const void *)(text + i));

		_mm_storeu_si128((__m128i *)(void *)(m + i), c);
		copy_hits(m, text, len, i,
			  (unsigned int)_mm_movemask_epi8(_mm_or_si128(
				  _mm_cmpeq_epi8(c, _mm_setzero_si128()),
				  _mm_or_si128(_mm_cmpeq_epi8(c, bq),
					       _mm_cmpeq_epi8(c, ti)))),
			  &fence);
	}
#endif
	for (; i < len; i++) {
		m[i] = text[i] ? text[i] : ' ';
		if ((text[i] == '`' || text[i] == '~') && fence == len &&
		    i + 2 < len && text[i + 1] == text[i] &&
		    text[i + 2] == text[i])
			fence = i;
	}
	m[len] = 0;
	return fence;
}

static char *mask_text(const char *text, size_t len)
{
	char *m = xmalloc(len + 1);
	size_t i = 0, j;
	int in_fence = 0;

	/* fenced code blocks, line by line (no newline within a line), from
	 * the line of the first "```" or "~~~" (no NUL in m before m[len]) */
	j = dpg_sdg_copy_text(m, text, len);
	while (j > 0 && j < len && m[j - 1] != '\n')
		j--;
	for (i = j; i < len;) {
		size_t eol = line_end(m, i, len);

		if (fence_at(m, i, len)) {
			memset(m + i, ' ', eol - i);
			in_fence = !in_fence;
		} else if (in_fence) {
			memset(m + i, ' ', eol - i);
		}
		i = eol + 1;
	}
	for (i = 0; i < len; i++) {
		i = next_mask_start(m, i, len);
		if (i >= len)
			break;
		if (m[i] == '<' && i + 3 < len && m[i + 1] == '!' &&
		    !memcmp(m + i, "<!--", 4)) {
			const char *e = strstr(m + i + 4, "-->");
			size_t to = e ? (size_t)(e - m) + 3 : len;

			blank(m, i, to);
			i = to - 1;
		} else if (m[i] == '<' && i + 1 < len &&
			   ((m[i + 1] >= 'a' && m[i + 1] <= 'z') ||
			    (m[i + 1] >= 'A' && m[i + 1] <= 'Z') ||
			    m[i + 1] == '/')) {
			/* '>' at i + 2000 at the latest, on this line */
			size_t to = len - i > 2001 ? i + 2001 : len;

			j = tag_end(m, i + 1, to);
			if (j < to && m[j] == '>') {
				spaces(m + i, j + 1 - i); /* one line */
				i = j;
			}
		} else if (m[i] == '`') {
			for (j = i + 1; j < len && m[j] != '`' && m[j] != '\n';
			     j++)
				;
			if (j < len && m[j] == '`') {
				memset(m + i, ' ', j + 1 - i); /* one line */
				i = j;
			}
		} else if ((m[i] == 'h' && (!strncmp(m + i, "http://", 7) ||
					    !strncmp(m + i, "https://", 8))) ||
			   (m[i] == 'w' && !strncmp(m + i, "www.", 4) &&
			    (i == 0 || !url_char((unsigned char)m[i - 1])))) {
			for (j = i; j < len && url_char((unsigned char)m[j]);
			     j++)
				;
			memset(m + i, ' ',
			       j - i); /* URL bytes are no newline */
			i = j ? j - 1 : 0;
		}
	}
	mask_images(m, len);
	dpg_sdg_mask_sections(m, len, 1);
	dpg_sdg_mask_credit(m, len, 1);
	dpg_sdg_mask_org_names(m, len, 1);
	return m;
}

/* ------------------------------------------------------------------ */
/* Matching */

/* What one sentence contributed to a goal. */
struct line_acc {
	size_t sent_start, sent_end; /* the sentence [start, end) */
	unsigned int line;	     /* line of its best match */
	double weight;
	size_t best_off, best_end;
	double best_w;
};

struct goal_acc {
	struct line_acc *lines;
	size_t n, cap;
};

/* line_of()'s counts: before[k], the newlines before byte k * LINE_BLOCK
 * of the text, for k < n. */
#define LINE_BLOCK 4096
struct lines {
	size_t *before;
	size_t n, cap;
};

struct ctx {
	const char *text; /* the original */
	const char *m;	  /* the masked copy */
	size_t len;
	struct lines *lines; /* line_of()'s, made as it is asked */
	pcre2_match_data *md, *md2;
	unsigned char *tri;	 /* trigrams of m (dpg/prefilter.h), or NULL */
	pcre2_match_context *mc; /* match limits */
	struct dpg_lits_hits *hits; /* anchors found in m, or NULL */
	const struct dpg_lits *set; /* with hits: the vocabulary's anchors */
	int *odd; /* m holds KELVIN SIGN or LONG S (odd_text): -1 not known */
	uint64_t *found; /* with hits: bit p, pattern p has an anchor in m */
	struct starts *starts; /* possible()'s list of the term it was asked */
	/* with hits: the anchors of the terms in v->order (order_anchors),
	 * or NULL */
	const int32_t *oanchor;
	int *bad_utf; /* starts_match met invalid UTF-8: list no more starts */
};

/* The starts of a term with an anchor that its pre-check allows, in text
 * order, once each (pre_possible); ok: listed, each a character's first
 * byte (else the plain way: dpg_lits_match). */
#define SDG_STARTS_MAX 32
struct starts {
	size_t s[SDG_STARTS_MAX];
	size_t n;
	int ok;
};

/* A hostile text can make a pattern backtrack a lot: past these limits
 * the term (or condition) is taken as not matching. */
#define SDG_MATCH_LIMIT 2000000u
#define SDG_DEPTH_LIMIT 10000u

static int limit_hit(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	       rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

/*
 * The anchors of every term, in one set (dpg/prefilter.h): one pass over a
 * text finds them all, and a term runs only where its anchors allow.
 * Terms from `from` on are added to the set.
 */
static void sort_by_weight(const struct dpg_sdg_vocab *v, size_t *idx,
			   size_t n);

/* v->lit_first and v->lit_pat: the patterns of each anchor literal (a
 * counting sort of the set's pattern-literal pairs). */
static void index_literals(struct dpg_sdg_vocab *v)
{
	const struct dpg_lits *ls = v->anchors;
	size_t l, p, k, *fill;

	free(v->lit_first);
	free(v->lit_pat);
	v->lit_first = xcalloc(ls->nlit + 1, sizeof(*v->lit_first));
	v->lit_pat = xmalloc((ls->npl ? ls->npl : 1) * sizeof(*v->lit_pat));
	for (k = 0; k < ls->npl; k++)
		v->lit_first[ls->pl[k].lit + 1]++;
	for (l = 0; l < ls->nlit; l++)
		v->lit_first[l + 1] += v->lit_first[l];
	fill = xcalloc(ls->nlit ? ls->nlit : 1, sizeof(*fill));
	for (p = 0; p < ls->npat; p++)
		for (k = ls->pfirst[p]; k < ls->pfirst[p + 1]; k++) {
			l = ls->pl[k].lit;
			v->lit_pat[v->lit_first[l] + fill[l]++] = (uint32_t)p;
		}
	free(fill);
}

/* t->word: a term too short for the anchors and the trigram filter that
 * is a plain ASCII word, case kept ("TB"), which a text must hold. */
static void plain_word(struct sdg_term *t)
{
	static const char head[] = "(?-i:(?<!\\w)(?:", tail[] = ")(?!\\w))";
	const char *w = t->wrapped, *p;
	size_t n = strlen(w), hn = sizeof(head) - 1, tn = sizeof(tail) - 1;

	t->word = NULL;
	t->wordlen = 0;
	if (n <= hn + tn || memcmp(w, head, hn) || strcmp(w + n - tn, tail))
		return;
	for (p = w + hn; p < w + n - tn; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9')))
			return;
	t->word = w + hn;
	t->wordlen = n - hn - tn;
}

/* Does the len bytes at s hold the n bytes at w? */
static int holds(const char *s, size_t len, const char *w, size_t n)
{
	const char *p = s, *end = s + len;

	while ((size_t)(end - p) >= n &&
	       (p = memchr(p, w[0], (size_t)(end - p) - n + 1)) != NULL) {
		if (!memcmp(p, w, n))
			return 1;
		p++;
	}
	return 0;
}

/* The n literals l (freed) as t->lits, one after another. */
static void set_lits(struct sdg_term *t, char **l, size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++)
		len += strlen(l[i]) + 1;
	t->lits = n ? xmalloc(len) : NULL;
	t->nlits = n;
	for (i = len = 0; i < n; i++) {
		size_t k = strlen(l[i]) + 1;

		memcpy(t->lits + len, l[i], k);
		len += k;
		free(l[i]);
	}
	free(l);
}

void dpg_sdg_index(struct dpg_sdg_vocab *v, size_t from)
{
	size_t i, k;
	int g;

	if (!v->anchors)
		v->anchors = dpg_lits_new();
	for (i = from; i < v->n; i++) {
		struct sdg_term *t = &v->terms[i];
		char **lits = NULL;
		size_t nlits = 0;

		/* the required literals (for the trigram filter) and the
		 * anchors, from one parse of the pattern */
		t->anchor = -1;
		if (dpg_lits_usable(&t->re))
			t->anchor = dpg_lits_add_pattern(v->anchors, t->wrapped,
							 &lits, &nlits);
		else if (dpg_rules_literals(t->wrapped, &lits, &nlits) < 0)
			nlits = 0;
		set_lits(t, lits, nlits);
		if (t->nlits && t->anchor < 0)
			v->need_tri = 1;
		if (t->anchor < 0 && !t->nlits)
			plain_word(t);
	}
	dpg_lits_build(v->anchors);
	index_literals(v);
	/* each goal's terms, heaviest first, for score_goal() */
	free(v->order);
	v->order = xmalloc((v->n ? v->n : 1) * sizeof(*v->order));
	k = 0;
	for (g = 1; g <= DPG_SDG_GOALS; g++) {
		v->first[g - 1] = k;
		for (i = 0; i < v->n; i++)
			if (v->terms[i].goal == g)
				v->order[k++] = i;
		sort_by_weight(v, v->order + v->first[g - 1],
			       k - v->first[g - 1]);
	}
	v->first[DPG_SDG_GOALS] = k;
}

#ifdef __SSE2__
/* Are the four uint32_t at a those at b? */
static int same4(const uint32_t *a, const uint32_t *b)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)a);
	__m128i y = _mm_loadu_si128((const __m128i *)(const void *)b);

	return _mm_movemask_epi8(_mm_cmpeq_epi32(x, y)) == 0xffff;
}
#endif

/* Bit p: an anchor of pattern p occurs (dpg_lits_select would say 1), from
 * the literals found: a few, where asking each of ~550 terms cost more. */
uint64_t *dpg_sdg_found_patterns(const struct dpg_sdg_vocab *v,
				 const struct dpg_lits_hits *h)
{
	const struct dpg_lits *ls = v->anchors;
	const uint32_t *n = dpg_lits_found(h);
	uint64_t *bits = xcalloc(ls->npat / 64 + 1, sizeof(*bits));
	size_t l, k;

	for (l = 0; l < ls->nlit; l++) {
#ifdef __SSE2__
		/* most literals do not occur: four counts at a time */
		while (l + 4 <= ls->nlit && same4(n + l, n + l + 1))
			l += 4;
		if (l >= ls->nlit)
			break;
#endif
		if (n[l + 1] != n[l])
			for (k = v->lit_first[l]; k < v->lit_first[l + 1]; k++)
				bits[v->lit_pat[k] >> 6] |=
					(uint64_t)1 << (v->lit_pat[k] & 63);
	}
	return bits;
}

/*
 * The pre-check of a term's pattern (struct sdg_pre).  Most anchors are
 * common words: "data" of "data (availability|for development|gaps?)",
 * "public" of "public finances?|fiscal (data|transparency)|budget data";
 * in generated documentation they occur in most texts, where the pattern
 * was run (and JIT-compiled first) at each of them, to fail.  The
 * pre-check reads what most of the vocabulary is made of: literal bytes,
 * the whitespace a space of a term stands for (\s+, \s*), groups of
 * alternatives and optional ('?') bytes and groups, classes of a few
 * plain bytes ("[- ]", "[sz]"), runs of \w ("connect\w*\s+"); anything
 * else (another class, a lone \w, a repeat, a byte of 0x80 or over in the
 * pattern or the text) is taken as a match from there on; at the pattern's end,
 * the word boundary (?!\w) every pattern ends with is asked (an ASCII letter,
 * digit or '_' after it fails).  At each start the anchors allow (an occurrence
 * at most d bytes after it: dpg/prefilter.h), it asks whether the pattern can
 * match there; a term that can match at none is not run.  Only a filter: the
 * matches are the same (the answer is 1 wherever PCRE2 would match, and
 * where it cannot tell).
 */

int dpg_sdg_no_precheck;
int dpg_sdg_no_starts;

/* A pre-check's nodes (after it), alternatives and tord (at its oalts,
 * otord) */
#define PRE_NODES(x)                                                           \
	((struct pnode *)(void *)((char *)(x) + sizeof(struct sdg_pre)))
#define PRE_ALTS(x) ((struct palt *)(void *)((char *)(x) + (x)->oalts))
#define PRE_TORD(x) ((uint32_t *)(void *)((char *)(x) + (x)->otord))

/* A term whose pattern the pre-check cannot read (its pre). */
static struct sdg_pre pre_none;

/* The steps one start may take before the pre-check answers 1. */
#define PRE_BUDGET 4096u

/* The nodes left to match: those of a from i, then k's. */
struct pframe {
	const struct palt *a;
	uint32_t i;
	const struct pframe *next;
};

static int pre_may_ws(const struct sdg_pre *x, const struct palt *a, uint32_t i,
		      const struct pframe *k, unsigned int *budget);

static const char *re_atom_end(const char *p, const char *end);

/* After an atom at p: the end of its quantifier (p when none), or NULL
 * when a '{' is not one (PCRE2 may read it as a literal: not read). */
static const char *re_quant_end(const char *p, const char *end)
{
	if (p < end && (*p == '?' || *p == '*' || *p == '+')) {
		p++;
	} else if (p < end && *p == '{') {
		const char *q = p + 1;

		if (q >= end || *q < '0' || *q > '9')
			return NULL;
		while (q < end && ((*q >= '0' && *q <= '9') || *q == ','))
			q++;
		if (q >= end || *q != '}')
			return NULL;
		p = q + 1;
	} else {
		return p;
	}
	if (p < end && (*p == '?' || *p == '+'))
		p++; /* lazy, possessive */
	return p;
}

/* The end of the group whose body starts at p (after "(" and its kind),
 * past its ')', or NULL. */
static const char *re_group_end(const char *p, const char *end)
{
	while (p && p < end && *p != ')') {
		p = re_atom_end(p, end);
		if (p)
			p = re_quant_end(p, end);
	}
	return p && p < end ? p + 1 : NULL;
}

/*
 * The end of the atom at p (p < end) of a pattern's source: an escape, a
 * class, a group or a byte ('|' too), without its quantifier; NULL for
 * what the pre-check does not read past (backreferences, \K, \G, \Q,
 * verbs, option settings, conditions, recursion, POSIX classes): the term
 * then has none.
 */
static const char *re_atom_end(const char *p, const char *end)
{
	const char *q;

	switch (*p) {
	case '\\':
		if (p + 1 >= end || !p[1] || strchr("QEKGgk0123456789", p[1]))
			return NULL;
		if (strchr("xpPNo", p[1]) && p + 2 < end && p[2] == '{') {
			q = memchr(p + 2, '}', (size_t)(end - p - 2));
			return q ? q + 1 : NULL;
		}
		if (p[1] == 'c')
			return p + 3 <= end ? p + 3 : NULL;
		return p + 2;
	case '[':
		q = p + 1;
		if (q < end && *q == '^')
			q++;
		if (q < end && *q == ']')
			q++;
		for (; q < end && *q != ']'; q++) {
			if (*q == '[' && q + 1 < end &&
			    (q[1] == ':' || q[1] == '.' || q[1] == '='))
				return NULL;
			if (*q == '\\' && ++q >= end)
				return NULL;
		}
		return q < end ? q + 1 : NULL;
	case '(':
		q = p + 1;
		if (q < end && *q == '?') {
			if (q + 1 < end && q[1] && strchr(":=!>", q[1]))
				q += 2;
			else if (q + 2 < end && q[1] == '<' &&
				 (q[2] == '=' || q[2] == '!'))
				q += 3;
			else
				return NULL;
		} else if (q < end && *q == '*') {
			return NULL;
		}
		return re_group_end(q, end);
	case ')':
	case '?':
	case '*':
	case '+':
	case '{':
		return NULL;
	default:
		return p + 1;
	}
}

/*
 * The bytes of a pattern's source pre_seq reads, by a table (built at
 * compile time): PRE_LIT, a byte that is a node of its own (PN_CHAR) when
 * no quantifier follows it; PRE_QUANT, '?', '*', '+' or '{' (after an
 * atom: its quantifier).  pre_seq's first branch takes runs of PRE_LIT
 * bytes, each not followed by a PRE_QUANT one, in a row; with
 * dpg_sdg_pre_parse_plain, a byte at a time through its other branches
 * (the same nodes).
 */
int dpg_sdg_pre_parse_plain;

#define PRE_LIT	  1
#define PRE_QUANT 2
#define PRE_CLS(b)                                                             \
	(((b) > ' ' && (b) < 0x7f && (b) != '\\' && (b) != '[' &&              \
	  (b) != '(' && (b) != '.' && (b) != '^' && (b) != '$' &&              \
	  (b) != '?' && (b) != '*' && (b) != '+' && (b) != '{' &&              \
	  (b) != '|' && (b) != ')')                                            \
		 ? PRE_LIT                                                     \
	 : (b) == '?' || (b) == '*' || (b) == '+' || (b) == '{' ? PRE_QUANT    \
								: 0)
/* A byte the pre-check does not compare (pre_odd): the controls but the
 * spaces of \s, and 0x7f and over. */
#define PRE_ODD(b) ((b) >= 0x7f || (b) < '\t' || ((b) > '\r' && (b) < ' '))
/* pre_runs' x->fold of a byte: 0 for an odd one, else the byte (in lower
 * case when ci). */
#define PRE_FOLD(b, ci)                                                        \
	(PRE_ODD(b)			    ? 0                                \
	 : (ci) && (b) >= 'A' && (b) <= 'Z' ? (b) + ('a' - 'A')                \
					    : (b))
#define PRE_T4(f, b, a) f(b, a), f(b + 1, a), f(b + 2, a), f(b + 3, a)
#define PRE_T16(f, b, a)                                                       \
	PRE_T4(f, b, a), PRE_T4(f, b + 4, a), PRE_T4(f, b + 8, a),             \
		PRE_T4(f, b + 12, a)
#define PRE_T64(f, b, a)                                                       \
	PRE_T16(f, b, a), PRE_T16(f, b + 16, a), PRE_T16(f, b + 32, a),        \
		PRE_T16(f, b + 48, a)
#define PRE_T256(f, a)                                                         \
	PRE_T64(f, 0, a), PRE_T64(f, 64, a), PRE_T64(f, 128, a),               \
		PRE_T64(f, 192, a)
#define PRE_CLS_(b, a) PRE_CLS(b)
#define PRE_ODD_(b, a) PRE_ODD(b)
static const unsigned char pre_cls[256] = {PRE_T256(PRE_CLS_, 0)};
static const unsigned char pre_odd_tab[256] = {PRE_T256(PRE_ODD_, 0)};
static const unsigned char pre_fold_tab[2][256] = {{PRE_T256(PRE_FOLD, 0)},
						   {PRE_T256(PRE_FOLD, 1)}};

/* Is the byte at p (< end) a PN_CHAR node of its own (no quantifier)? */
static inline int pre_lit_at(const char *p, const char *end)
{
	return pre_cls[(unsigned char)*p] == PRE_LIT &&
	       !(p + 1 < end && pre_cls[(unsigned char)p[1]] == PRE_QUANT);
}

/* Push a node on x->stk (room for one a byte of the source). */
static struct pnode *pre_node(struct sdg_pre *x, int kind, int opt,
			      unsigned int c)
{
	struct pnode *nd = &x->stk[x->nstk++];

	memset(nd, 0, sizeof(*nd));
	nd->kind = (unsigned char)kind;
	nd->opt = (unsigned char)opt;
	nd->c = (unsigned char)c;
	return nd;
}

static int pre_alts(struct sdg_pre *x, const char **pp, const char *end,
		    int depth, uint32_t *first, uint32_t *n);

/* The class at p ("[- ]", "[sz]") as the alternatives of a group, one a
 * member: a byte of '!' to '~' (lower case when caseless; '-' first or
 * last), or a space, read as \s+ (which matches more: the pre-check only
 * ever lets too much through); its end (past ']') and the alternatives
 * in *first, *n, or NULL when it is another class (not read). */
static const char *pre_class(struct sdg_pre *x, const char *p, const char *end,
			     uint32_t *first, uint32_t *n)
{
	const char *q, *e = p + 1;
	size_t astart = x->nastk;

	while (e < end && *e != ']')
		e++;
	if (e >= end || e == p + 1 || p[1] == '^')
		return NULL;
	for (q = p + 1; q < e; q++)
		if (*q < ' ' || *q > '~' || *q == '\\' || *q == '[' ||
		    (*q == '-' && q != p + 1 && q != e - 1))
			return NULL;
	for (q = p + 1; q < e; q++) {
		struct pnode *nd = &PRE_NODES(x)[x->nnodes];
		unsigned char c = (unsigned char)*q;

		memset(nd, 0, sizeof(*nd));
		nd->kind = c == ' ' ? PN_WS : PN_CHAR;
		if (x->caseless && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + ('a' - 'A'));
		nd->c = c == ' ' ? 1 : c;
		x->astk[x->nastk].first = (uint32_t)x->nnodes++;
		x->astk[x->nastk++].n = 1;
	}
	*first = (uint32_t)x->nalts;
	*n = (uint32_t)(x->nastk - astart);
	memcpy(PRE_ALTS(x) + x->nalts, x->astk + astart,
	       *n * sizeof(struct palt));
	x->nalts += *n;
	x->nastk = astart;
	return e + 1;
}

/* One alternative from *pp (up to '|', ')' or end) pushed on x->stk; -1
 * when the source holds what re_atom_end cannot read past. */
static int pre_seq(struct sdg_pre *x, const char **pp, const char *end,
		   int depth)
{
	const char *p = *pp, *q;
	int stop = 0;

	while (p < end && *p != '|' && *p != ')') {
		unsigned char c = (unsigned char)*p;
		uint32_t a = 0, na = 0;
		int kind = PN_CHAR;
		struct pnode *nd;

		if (!stop && pre_lit_at(p, end) && !dpg_sdg_pre_parse_plain) {
			/* a run of literal bytes, none quantified */
			const unsigned char *fold =
				pre_fold_tab[x->caseless != 0];
			struct pnode *o = &x->stk[x->nstk];

			do {
				memset(o, 0, sizeof(*o));
				o->kind = PN_CHAR;
				o->c = fold[(unsigned char)*p++];
				o++;
			} while (p < end && pre_lit_at(p, end));
			x->nstk = (size_t)(o - x->stk);
			continue;
		}
		if (stop) {
			q = re_atom_end(p, end);
			if (!q || !(q = re_quant_end(q, end)))
				return -1;
			p = q;
			continue;
		}
		q = p + 1;
		if (c == '\\' && p + 1 < end && (p[1] == 's' || p[1] == 'w')) {
			/* a greedy run of \s or \w */
			q = p + 2;
			if (q < end && (*q == '+' || *q == '*') &&
			    !(q + 1 < end && (q[1] == '?' || q[1] == '+'))) {
				pre_node(x, p[1] == 's' ? PN_WS : PN_WORD, 0,
					 *q == '+');
				p = q + 1;
				continue;
			}
			kind = PN_STOP;
		} else if (c == '\\' && p + 1 < end &&
			   (unsigned char)p[1] > ' ' &&
			   (unsigned char)p[1] < 0x7f &&
			   !((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z') &&
			   !(p[1] >= '0' && p[1] <= '9')) {
			c = (unsigned char)p[1]; /* an escaped punctuation */
			q = p + 2;
		} else if (c == '(' && depth < 8 &&
			   !(p + 1 < end && p[1] == '?' &&
			     !(p + 2 < end && p[2] == ':'))) {
			q = p + (p + 1 < end && p[1] == '?' ? 3 : 1);
			if (pre_alts(x, &q, end, depth + 1, &a, &na) < 0)
				return -1;
			if (q >= end || *q != ')')
				return -1;
			q++;
			kind = PN_GROUP;
		} else if (c == '[' &&
			   (q = pre_class(x, p, end, &a, &na)) != NULL) {
			kind = PN_GROUP;
		} else if (c <= ' ' || c >= 0x7f || c == '\\' || c == '[' ||
			   c == '(' || c == '.' || c == '^' || c == '$') {
			kind = PN_STOP;
		} else if (c == '?' || c == '*' || c == '+' || c == '{') {
			return -1;
		}
		if (kind == PN_STOP ||
		    (q < end && (*q == '*' || *q == '+' || *q == '{'))) {
			/* from here on, not read: p read past by re_atom_end */
			pre_node(x, PN_STOP, 0, 0);
			stop = 1;
			continue;
		}
		if (x->caseless && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + ('a' - 'A'));
		nd = pre_node(x, kind, q < end && *q == '?', c);
		nd->alt = a;
		nd->nalt = na;
		if (q < end && *q == '?') {
			q++;
			if (q < end && (*q == '?' || *q == '+'))
				q++;
		}
		p = q;
	}
	*pp = p;
	return 0;
}

/* The alternatives from *pp (up to ')' or end), each an alternative of
 * PRE_ALTS(x)[*first..*first + *n), their nodes in turn in PRE_NODES(x) (each
 * made on x->stk and x->astk, then moved). */
static int pre_alts(struct sdg_pre *x, const char **pp, const char *end,
		    int depth, uint32_t *first, uint32_t *n)
{
	size_t astart = x->nastk;

	for (;;) {
		size_t start = x->nstk, ns;

		if (pre_seq(x, pp, end, depth) < 0)
			return -1;
		ns = x->nstk - start;
		memcpy(PRE_NODES(x) + x->nnodes, x->stk + start,
		       ns * sizeof(struct pnode));
		x->astk[x->nastk].first = (uint32_t)x->nnodes;
		x->astk[x->nastk++].n = (uint32_t)ns;
		x->nnodes += ns;
		x->nstk = start;
		if (*pp >= end || **pp != '|')
			break;
		(*pp)++;
	}
	*first = (uint32_t)x->nalts;
	*n = (uint32_t)(x->nastk - astart);
	memcpy(PRE_ALTS(x) + x->nalts, x->astk + astart,
	       *n * sizeof(struct palt));
	x->nalts += *n;
	x->nastk = astart;
	return 0;
}

static int pre_odd(unsigned char b);

/* (pre_make: one block with its nodes, alternatives and tord) */
static void pre_release(struct sdg_pre *x)
{
	free(x);
}

/* Mark in set the bytes a match of a from i may start with (both cases
 * when caseless); 1 when it may start with any (or be empty). */
static int pre_first_set(const struct sdg_pre *x, const struct palt *a,
			 uint32_t i, unsigned char *set)
{
	for (; i < a->n; i++) {
		const struct pnode *nd = &PRE_NODES(x)[a->first + i];
		uint32_t j;

		if (nd->kind == PN_CHAR) {
			set[nd->c] = 1;
			if (x->caseless && nd->c >= 'a' && nd->c <= 'z')
				set[nd->c - ('a' - 'A')] = 1;
		} else if (nd->kind == PN_GROUP) {
			for (j = 0; j < nd->nalt; j++)
				if (pre_first_set(x, &PRE_ALTS(x)[nd->alt + j],
						  0, set))
					return 1; /* may be empty */
		} else {
			return 1;
		}
		if (!nd->opt)
			return 0;
	}
	return 1;
}

/* Each alternative's f (a group's before the alternatives holding it)
 * and x->first. */
static void pre_firsts(struct sdg_pre *x)
{
	size_t i, j;
	unsigned int b;
	uint32_t fill[256];

	for (i = 0; i < x->nalts; i++) {
		struct palt *a = &PRE_ALTS(x)[i];
		const struct pnode *nd = a->n ? &PRE_NODES(x)[a->first] : NULL;

		a->f = 0;
		if (nd && nd->kind == PN_CHAR && !nd->opt) {
			a->f = nd->c;
		} else if (nd && nd->kind == PN_GROUP && !nd->opt && nd->nalt) {
			a->f = PRE_ALTS(x)[nd->alt].f;
			for (j = 1; j < nd->nalt; j++)
				if (PRE_ALTS(x)[nd->alt + j].f != a->f)
					a->f = 0;
		}
	}
	if (dpg_sdg_pre_parse_plain) {
		memset(x->tfirst, 0, sizeof(x->tfirst));
		for (i = 0; i < x->ntop; i++)
			x->tfirst[PRE_ALTS(x)[x->top + i].f + 1]++;
		for (b = 0; b < 256; b++)
			x->tfirst[b + 1] += x->tfirst[b];
		memset(fill, 0, sizeof(fill));
		for (i = 0; i < x->ntop; i++) { /* in turn within a byte */
			unsigned char f = PRE_ALTS(x)[x->top + i].f;

			PRE_TORD(x)[x->tfirst[f] + fill[f]++] = (uint32_t)i;
		}
	} else {
		/* the counts up to the highest f summed (then all ntop),
		 * each the end of its byte's range; each range filled from
		 * its end, the last alternative first: each end its start */
		unsigned int hi = 0;

		for (i = 0; i < x->ntop; i++)
			if (PRE_ALTS(x)[x->top + i].f > hi)
				hi = PRE_ALTS(x)[x->top + i].f;
		memset(x->tfirst, 0, (hi + 1) * sizeof(*x->tfirst));
		for (i = 0; i < x->ntop; i++)
			x->tfirst[PRE_ALTS(x)[x->top + i].f]++;
		for (b = 1; b <= hi; b++)
			x->tfirst[b] += x->tfirst[b - 1];
		for (b = hi + 1; b <= 256; b++)
			x->tfirst[b] = (uint16_t)x->ntop;
		for (i = x->ntop; i-- > 0;)
			PRE_TORD(x)
		[--x->tfirst[PRE_ALTS(x)[x->top + i].f]] = (uint32_t)i;
	}
	if (dpg_sdg_pre_parse_plain)
		for (b = 0; b < 256; b++)
			x->first[b] = (unsigned char)pre_odd((unsigned char)b);
	else
		memcpy(x->first, pre_odd_tab, sizeof(x->first));
	for (i = 0; i < x->ntop; i++)
		if (pre_first_set(x, &PRE_ALTS(x)[x->top + i], 0, x->first)) {
			memset(x->first, 1, sizeof(x->first));
			return;
		}
	/* every match starts with a byte of '!' to '~' (pre_seq's): none
	 * at a byte pre_odd() is true of, unless it may be k or s, which
	 * KELVIN SIGN and LONG S are caselessly */
	if (!x->first['k'] && !x->first['s'] && !x->first['K'] &&
	    !x->first['S']) {
		if (dpg_sdg_pre_parse_plain) {
			for (b = 0; b < 256; b++)
				if (pre_odd((unsigned char)b))
					x->first[b] = 0;
			return;
		}
		/* the bytes of PRE_ODD */
		memset(x->first, 0, '\t');
		memset(x->first + '\r' + 1, 0, ' ' - '\r' - 1);
		memset(x->first + 0x7f, 0, 256 - 0x7f);
	}
}

/* Each node's run and x->fold (pre_run's literal bytes compared in a
 * row). */
static void pre_runs(struct sdg_pre *x)
{
	size_t i;
	uint32_t k;
	unsigned int b;

	for (i = 0; i < x->nalts; i++) {
		const struct palt *a = &PRE_ALTS(x)[i];
		unsigned int next = 0;

		for (k = a->n; k-- > 0;) {
			struct pnode *nd = &PRE_NODES(x)[a->first + k];

			next = nd->kind == PN_CHAR && !nd->opt
				       ? (next < 255 ? next + 1 : 255)
				       : 0;
			nd->run = (unsigned char)next;
		}
		PRE_ALTS(x)
		[i].f2 = a->n && PRE_NODES(x)[a->first].run >= 2
				 ? PRE_NODES(x)[a->first + 1].c
				 : 0;
	}
	if (!dpg_sdg_pre_parse_plain) {
		memcpy(x->fold, pre_fold_tab[x->caseless != 0],
		       sizeof(x->fold));
		return;
	}
	for (b = 0; b < 256; b++)
		x->fold[b] = pre_odd((unsigned char)b) ? 0
			     : x->caseless && b >= 'A' && b <= 'Z'
				     ? (unsigned char)(b + ('a' - 'A'))
				     : (unsigned char)b;
}

/* The pre-check of the wrapped source w (vocab.c's wrap_pattern), or
 * NULL when it cannot be read. */
/* pre_make's stacks on the stack for a source of fewer bytes */
#define PRE_STACK 384

static struct sdg_pre *pre_make(const char *w)
{
	static const char head[] = ":(?<!\\w)(?:", tail[] = ")(?!\\w))";
	size_t n = strlen(w), m, hn = sizeof(head) - 1, tn = sizeof(tail) - 1;
	struct pnode stk[PRE_STACK];
	struct palt astk[PRE_STACK];
	struct sdg_pre *x;
	const char *p, *end;
	int caseless, rc;
	uint32_t j;

	if (!strncmp(w, "(?i", 3)) {
		caseless = 1;
		m = 3;
	} else if (!strncmp(w, "(?-i", 4)) {
		caseless = 0;
		m = 4;
	} else {
		return NULL;
	}
	if (n < m + hn + tn || n >= UINT16_MAX || strncmp(w + m, head, hn) ||
	    strcmp(w + n - tn, tail))
		return NULL; /* (at most n + 1 alternatives: tfirst's 16 bits)
			      */
	/* a node an atom, an alternative a '|' or group (one a byte): in
	 * one block with the pre-check and tord (at most an alternative a
	 * byte too); the stacks on the stack for a short source */
	x = xmalloc(sizeof(*x) +
		    (n + 1) * (sizeof(struct pnode) + sizeof(struct palt) +
			       sizeof(uint32_t)));
	memset(x, 0, sizeof(*x));
	x->oalts = (uint32_t)(sizeof(*x) + (n + 1) * sizeof(struct pnode));
	x->otord = (uint32_t)(x->oalts + (n + 1) * sizeof(struct palt));
	x->caseless = caseless;
	p = w + m + hn;
	end = w + n - tn;
	if (n + 1 <= PRE_STACK) {
		x->stk = stk;
		x->astk = astk;
	} else {
		x->stk = xmalloc((n + 1) * sizeof(*x->stk));
		x->astk = xmalloc((n + 1) * sizeof(*x->astk));
	}
	rc = pre_alts(x, &p, end, 0, &x->top, &x->ntop);
	if (x->stk != stk) {
		free(x->stk);
		free(x->astk);
	}
	x->stk = NULL;
	x->astk = NULL;
	if (rc < 0 || p != end) {
		pre_release(x);
		return NULL;
	}
	for (j = 0; j < x->ntop && !x->may_ws; j++) {
		unsigned int budget = PRE_BUDGET;

		x->may_ws = pre_may_ws(x, &PRE_ALTS(x)[x->top + j], 0, NULL,
				       &budget);
	}
	pre_firsts(x);
	pre_runs(x);
	return x;
}

/* Is what a, b (each a pre-check or NULL) hold the same? */
static int pre_same(const struct sdg_pre *a, const struct sdg_pre *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (a->nnodes != b->nnodes || a->nalts != b->nalts ||
	    a->top != b->top || a->ntop != b->ntop ||
	    a->caseless != b->caseless || a->may_ws != b->may_ws ||
	    memcmp(a->first, b->first, sizeof(a->first)) ||
	    memcmp(a->fold, b->fold, sizeof(a->fold)) ||
	    memcmp(a->tfirst, b->tfirst, sizeof(a->tfirst)) ||
	    (a->ntop &&
	     memcmp(PRE_TORD(a), PRE_TORD(b), a->ntop * sizeof(uint32_t))))
		return 0;
	for (i = 0; i < a->nnodes; i++) {
		const struct pnode *x = &PRE_NODES(a)[i], *y = &PRE_NODES(b)[i];

		if (x->kind != y->kind || x->opt != y->opt || x->c != y->c ||
		    x->run != y->run || x->alt != y->alt || x->nalt != y->nalt)
			return 0;
	}
	for (i = 0; i < a->nalts; i++) {
		const struct palt *x = &PRE_ALTS(a)[i], *y = &PRE_ALTS(b)[i];

		if (x->first != y->first || x->n != y->n || x->f != y->f ||
		    x->f2 != y->f2)
			return 0;
	}
	return 1;
}

int dpg_sdg_pre_parse_same(const char *w)
{
	struct sdg_pre *a, *b;
	int was = dpg_sdg_pre_parse_plain, same;

	dpg_sdg_pre_parse_plain = 1;
	a = pre_make(w);
	dpg_sdg_pre_parse_plain = 0;
	b = pre_make(w);
	dpg_sdg_pre_parse_plain = was;
	same = !a && !b ? -1 : pre_same(a, b);
	if (a)
		pre_release(a);
	if (b)
		pre_release(b);
	return same;
}

/* The pre-check the build made at o (a term's opre: 1 + its offset in
 * dpg_sdg_builtin.pres, or SDG_PRE_NONE), or NULL. */
static const struct sdg_pre *pre_built(uint32_t o)
{
	return o == SDG_PRE_NONE
		       ? NULL
		       : (const struct sdg_pre *)(const void *)(dpg_sdg_builtin
									.pres +
								o - 1);
}

/* The pre-check made at build time (o, a term's opre, not 0), or the one
 * in *slot, made from the wrapped source w at its first use (once:
 * atomic); NULL for none. */
static const struct sdg_pre *pre_get(_Atomic(struct sdg_pre *) *slot,
				     const char *w, uint32_t o)
{
	struct sdg_pre *x, *old = NULL;

	if (o)
		return pre_built(o);
	x = atomic_load_explicit(slot, memory_order_acquire);
	if (x)
		return x == &pre_none ? NULL : x;
	x = w ? pre_make(w) : NULL;
	if (!x)
		x = &pre_none;
	if (!atomic_compare_exchange_strong_explicit(slot, &old, x,
						     memory_order_acq_rel,
						     memory_order_acquire)) {
		if (x != &pre_none)
			pre_release(x);
		x = old;
	}
	return x == &pre_none ? NULL : x;
}

/* The source of t's pattern k (0 re, 1 near, 2 unless, 3 not_), or NULL. */
static const char *pre_src(const struct sdg_term *t, int k)
{
	const struct dpg_re *re[] = {&t->near, &t->unless, &t->not_};

	return k ? dpg_re_src(re[k - 1]) : SDG_WRAPPED(t);
}

const struct sdg_pre *dpg_sdg_pre_of(const struct sdg_term *t)
{
	return pre_get(&((struct sdg_term *)t)->pre, SDG_WRAPPED(t),
		       t->opre[0]);
}

const struct sdg_pre *dpg_sdg_cond_pre_of(const struct sdg_term *t, int k)
{
	return pre_get(&((struct sdg_term *)t)->cpre[k], pre_src(t, k + 1),
		       t->opre[k + 1]);
}

struct sdg_pre *dpg_sdg_pre_make(const char *w)
{
	return pre_make(w);
}

int dpg_sdg_pre_builtin_same(const struct sdg_term *t, int k)
{
	struct sdg_pre *x;
	int same;

	if (!t->opre[k])
		return -1;
	x = pre_make(pre_src(t, k));
	same = pre_same(pre_built(t->opre[k]), x);
	if (x)
		pre_release(x);
	return same;
}

/* The n bytes at p as a C initializer of an array. */
static void pre_write_bytes(FILE *out, const unsigned char *p, size_t n)
{
	size_t i;

	fputs("{", out);
	for (i = 0; i < n; i++)
		fprintf(out, "%s%u", i ? "," : "", p[i]);
	fputs("}", out);
}

int dpg_sdg_pres_write(FILE *out, const struct dpg_sdg_vocab *v, uint32_t *opre)
{
	struct sdg_pre **xs = xcalloc(v->n * 4 + 1, sizeof(*xs));
	size_t i, j, k, np = 0;

	/* the pre-checks, each its type */
	for (i = 0; i < v->n * 4; i++) {
		const char *w = pre_src(&v->terms[i / 4], (int)(i % 4));
		struct sdg_pre *x;

		opre[i] = 0;
		if (!w)
			continue;
		if (!(x = pre_make(w))) {
			opre[i] = SDG_PRE_NONE;
			continue;
		}
		xs[np] = x;
		opre[i] = (uint32_t)++np;
		fprintf(out, "struct dpg_sdg_pre_%zu {\n\tstruct sdg_pre h;\n",
			np - 1);
		if (x->nnodes)
			fprintf(out, "\tstruct pnode nodes[%zu];\n", x->nnodes);
		fprintf(out,
			"\tstruct palt alts[%zu];\n\tuint32_t tord[%u];\n};\n",
			x->nalts, (unsigned int)x->ntop);
	}
	fputs("struct dpg_sdg_pres {\n", out);
	for (k = 0; k < np; k++)
		fprintf(out, "\tstruct dpg_sdg_pre_%zu p%zu;\n", k, k);
	if (!np)
		fputs("\tchar none;\n", out);
	fputs("};\nstatic const struct dpg_sdg_pres sdg_pres = {\n", out);
	for (k = 0; k < np; k++) {
		const struct sdg_pre *x = xs[k];

		fprintf(out,
			"\t{{.oalts = offsetof(struct dpg_sdg_pre_%zu, alts), "
			".otord = offsetof(struct dpg_sdg_pre_%zu, tord),\n"
			"\t  .nnodes = %zu, .nalts = %zu, .top = %uu, "
			".ntop = %uu, .caseless = %d, .may_ws = %d,\n\t  "
			".first = ",
			k, k, x->nnodes, x->nalts, (unsigned int)x->top,
			(unsigned int)x->ntop, x->caseless, x->may_ws);
		pre_write_bytes(out, x->first, sizeof(x->first));
		fputs(",\n\t  .fold = ", out);
		pre_write_bytes(out, x->fold, sizeof(x->fold));
		fputs(",\n\t  .tfirst = {", out);
		for (j = 0; j < DPG_ARRAY_SIZE(x->tfirst); j++)
			fprintf(out, "%s%uu", j ? "," : "",
				(unsigned int)x->tfirst[j]);
		fputs("}},\n\t {", out);
		for (j = 0; j < x->nnodes; j++) {
			const struct pnode *nd = &PRE_NODES(x)[j];

			fprintf(out, "%s{%u, %u, %u, %u, %uu, %uu}",
				j ? ", " : "", nd->kind, nd->opt, nd->c,
				nd->run, (unsigned int)nd->alt,
				(unsigned int)nd->nalt);
		}
		fputs(x->nnodes ? "},\n\t {" : "", out);
		for (j = 0; j < x->nalts; j++) {
			const struct palt *a = &PRE_ALTS(x)[j];

			fprintf(out, "%s{%uu, %uu, %u, %u}", j ? ", " : "",
				(unsigned int)a->first, (unsigned int)a->n,
				a->f, a->f2);
		}
		fputs("},\n\t {", out);
		for (j = 0; j < x->ntop; j++)
			fprintf(out, "%s%uu", j ? ", " : "",
				(unsigned int)PRE_TORD(x)[j]);
		fputs("}},\n", out);
	}
	fputs(np ? "};\n" : "\t0};\n", out);
	for (k = 0; k < np; k++)
		pre_release(xs[k]);
	free(xs);
	return ferror(out) ? -1 : 0;
}

void dpg_sdg_pre_free(struct sdg_term *t)
{
	_Atomic(struct sdg_pre *) *slot[] = {&t->pre, &t->cpre[0], &t->cpre[1],
					     &t->cpre[2]};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(slot); i++) {
		struct sdg_pre *x =
			atomic_load_explicit(slot[i], memory_order_acquire);

		if (x && x != &pre_none)
			pre_release(x);
		atomic_store_explicit(slot[i], NULL, memory_order_release);
	}
}

/* A byte \s (PCRE2_UCP) matches; bytes of 0x80 and over (a space of
 * Unicode may start there) and other controls are not asked of. */
static int pre_ws(unsigned char b)
{
	return b == ' ' || (b >= '\t' && b <= '\r');
}

/* A byte the pre-check does not compare: it answers 1 there. */
static int pre_odd(unsigned char b)
{
	return b >= 0x7f || (b < ' ' && !pre_ws(b));
}

/* Can what is left (a from i, then k) start with a whitespace byte, or
 * be empty, or hold what the pre-check does not read (1)? */
static int pre_may_ws(const struct sdg_pre *x, const struct palt *a, uint32_t i,
		      const struct pframe *k, unsigned int *budget)
{
	for (;;) {
		const struct pnode *nd;

		if (!*budget)
			return 1;
		(*budget)--;
		if (i == a->n) {
			if (!k)
				return 1;
			a = k->a;
			i = k->i;
			k = k->next;
			continue;
		}
		nd = &PRE_NODES(x)[a->first + i];
		if (nd->kind == PN_CHAR) {
			if (!nd->opt)
				return 0; /* its byte is no space (pre_seq) */
		} else if (nd->kind == PN_GROUP) {
			struct pframe f = {a, i + 1, k};
			uint32_t j;

			for (j = 0; j < nd->nalt; j++)
				if (pre_may_ws(x, &PRE_ALTS(x)[nd->alt + j], 0,
					       &f, budget))
					return 1;
			if (!nd->opt)
				return 0;
		} else {
			return 1;
		}
		i++;
	}
}

/* The byte at pos of m (len bytes) as the pattern's are kept (lower case
 * when caseless); 0 at the end (no pattern byte is 0); -1 for one
 * pre_odd() is true of, where the answer is 1. */
static int pre_byte(const struct sdg_pre *x, const char *m, size_t len,
		    size_t pos)
{
	unsigned char b;

	if (pos >= len)
		return 0;
	b = x->fold[(unsigned char)m[pos]];
	return b ? b : -1;
}

int dpg_sdg_pre_plain;

/* The literal bytes of the n nodes at nd (PN_CHAR, not opt) at pos of m
 * (len bytes), as that many steps of pre_run would read them: 0 at a
 * byte that differs (or the end), 1 at one pre_odd() is true of, else -1
 * (all the same). */
static int pre_lits(const struct sdg_pre *x, const struct pnode *nd, uint32_t n,
		    const char *m, size_t len, size_t pos)
{
	uint32_t t;

	for (t = 0; t < n; t++) {
		unsigned char b;

		if (pos + t >= len)
			return 0;
		b = x->fold[(unsigned char)m[pos + t]];
		if (!b)
			return 1;
		if (b != nd[t].c)
			return 0;
	}
	return -1;
}

/* Can alternative g not match where its first byte is and the next is
 * c1 (pre_byte: 0 the end, -1 one it does not read), by its f2?  (Not
 * asked with dpg_sdg_pre_plain.) */
static inline int pre_skip(const struct palt *g, int c1)
{
	return g->f2 && c1 >= 0 && g->f2 != c1 && !dpg_sdg_pre_plain;
}

/* The bytes \w is for the pre-check: ASCII letters, digits and '_' (a
 * byte of 0x80 or over is pre_odd). */
static const unsigned char pre_word[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1,
	['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
	['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['_'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1,
	['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1,
	['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
	['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1,
	['x'] = 1, ['y'] = 1, ['z'] = 1};

/* May what is left (a from i, then k) match at pos of m (len bytes)? */
static int pre_run(const struct sdg_pre *x, const char *m, size_t len,
		   const struct palt *a, uint32_t i, size_t pos,
		   const struct pframe *k, unsigned int *budget)
{
	for (;;) {
		const struct pnode *nd;
		int b;

		if (!*budget)
			return 1;
		(*budget)--;
		if (i == a->n) {
			/* the pattern's end: (?!\w), where a byte of 0x80
			 * or over may be no \w (UCP) */
			if (!k)
				return pos >= len ||
				       !pre_word[(unsigned char)m[pos]];
			a = k->a;
			i = k->i;
			k = k->next;
			continue;
		}
		nd = &PRE_NODES(x)[a->first + i];
		switch (nd->kind) {
		case PN_CHAR: {
			int ok;

			if (nd->run > 1 && !dpg_sdg_pre_plain) {
				/* the run in a row: a step of the budget a
				 * node, as one at a time (this one's taken) */
				uint32_t n = nd->run - 1u < *budget
						     ? nd->run - 1u
						     : *budget;

				if ((b = pre_lits(x, nd, n + 1, m, len, pos)) >=
				    0)
					return b;
				*budget -= n;
				i += n + 1;
				pos += n + 1;
				continue;
			}
			ok = (b = pre_byte(x, m, len, pos)) == nd->c;

			if (b < 0)
				return 1;
			if (nd->opt) {
				if (ok && pre_run(x, m, len, a, i + 1, pos + 1,
						  k, budget))
					return 1;
			} else if (!ok) {
				return 0;
			} else {
				pos++;
			}
			break;
		}
		case PN_WS: {
			size_t e = pos;

			/* the runs of spaces masked tags leave: 8 at a time */
			while ((e = skip_spaces(m, e, len)) < len &&
			       pre_ws((unsigned char)m[e]))
				e++;
			if (e < len && pre_odd((unsigned char)m[e]))
				return 1;
			if (e - pos < nd->c)
				return 0;
			/* a shorter run leaves a space for what follows */
			if (e > pos + nd->c &&
			    pre_may_ws(x, a, i + 1, k, budget))
				return 1;
			pos = e;
			break;
		}
		case PN_GROUP: {
			struct pframe f = {a, i + 1, k};
			uint32_t j;
			int c1;

			/* the alternatives that may start with the byte
			 * (and the next) */
			if ((b = pre_byte(x, m, len, pos)) < 0)
				return 1;
			c1 = pre_byte(x, m, len, pos + 1);
			for (j = 0; j < nd->nalt; j++) {
				const struct palt *g =
					&PRE_ALTS(x)[nd->alt + j];

				if ((!g->f || g->f == b) && !pre_skip(g, c1) &&
				    pre_run(x, m, len, g, 0, pos, &f, budget))
					return 1;
			}
			if (!nd->opt)
				return 0;
			break;
		}
		case PN_WORD: {
			size_t e = pos;
			const struct pnode *nx = i + 1 < a->n ? nd + 1 : NULL;

			/* the longest run of ASCII \w; past it, a byte of
			 * 0x80 or over may be \w too (UCP) */
			while (e < len && pre_word[(unsigned char)m[e]])
				e++;
			if (e < len && (unsigned char)m[e] >= 0x80)
				return 1;
			if (e - pos < nd->c)
				return 0;
			/* a shorter run leaves a \w byte for what follows:
			 * not asked unless that is \s+ */
			if (e > pos + nd->c &&
			    !(nx && nx->kind == PN_WS && nx->c))
				return 1;
			pos = e;
			break;
		}
		default:
			return 1;
		}
		i++;
	}
}

/* Can s be a start at all: (?<!\w) holds there, and its byte is one a
 * match may start with?  (Most offsets are not: asked inline.) */
static inline int pre_start(const struct sdg_pre *x, const char *m, size_t len,
			    size_t s)
{
	if (s > 0 && pre_word[(unsigned char)m[s - 1]])
		return 0; /* (?<!\w) fails */
	return s >= len || x->first[(unsigned char)m[s]];
}

/* May x's pattern match from s, where pre_start holds? */
static int pre_from(const struct sdg_pre *x, const char *m, size_t len,
		    size_t s, unsigned int *budget)
{
	uint32_t j, v, k;
	int c, c1;

	if ((c = pre_byte(x, m, len, s)) < 0)
		return 1;
	c1 = pre_byte(x, m, len, s + 1);
	/* the alternatives that may start with any byte, then those that
	 * start with c (none at the end, where c is 0) and may go on with
	 * c1 */
	for (k = 0; k < 2; k++) {
		v = k ? (uint32_t)c : 0;
		for (j = x->tfirst[v]; j < x->tfirst[v + 1] && (v || !k); j++) {
			const struct palt *g =
				&PRE_ALTS(x)[x->top + PRE_TORD(x)[j]];

			if (!pre_skip(g, c1) &&
			    pre_run(x, m, len, g, 0, s, NULL, budget))
				return 1;
		}
	}
	return 0;
}

/* May x's pattern match from s? */
static int pre_at(const struct sdg_pre *x, const char *m, size_t len, size_t s,
		  unsigned int *budget)
{
	return pre_start(x, m, len, s) && pre_from(x, m, len, s, budget);
}

int dpg_sdg_pre_at(const struct sdg_pre *x, const char *m, size_t len, size_t s)
{
	unsigned int budget = PRE_BUDGET;

	return pre_at(x, m, len, s, &budget);
}

/* The first offset p at or before s after which m holds only spaces up
 * to s (m[p - 1] is no space, or p is 0): eight bytes at a time. */
static size_t spaces_back(const unsigned char *m, size_t s)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (s >= 8) {
		uint64_t w;

		memcpy(&w, m + s - 8, 8);
		w ^= 0x2020202020202020u;
		if (w)
			return s - (size_t)__builtin_clzll(w) / 8;
		s -= 8;
	}
#endif
	while (s > 0 && m[s - 1] == ' ')
		s--;
	return s;
}

/* Does the n bytes at m hold the bytes of KELVIN SIGN (E2 84 AA) or LONG
 * S (C5 BF), which caseless matching equates with k and s? */
static int odd_text(const unsigned char *m, size_t n)
{
	const unsigned char *p, *end = m + n;

	for (p = m; (p = memchr(p, 0xAA, (size_t)(end - p))) != NULL; p++)
		if (p - m >= 2 && p[-2] == 0xE2 && p[-1] == 0x84)
			return 1;
	for (p = m; (p = memchr(p, 0xBF, (size_t)(end - p))) != NULL; p++)
		if (p - m >= 1 && p[-1] == 0xC5)
			return 1;
	return 0;
}

static size_t utf8_len(const char *p, size_t n);

/* Is s (a byte of 0x80 to 0xBF) within a valid UTF-8 character of m (len
 * bytes), where PCRE2 starts no match? */
static int mid_char(const char *m, size_t len, size_t s)
{
	size_t back;

	for (back = 1; back <= 3 && back <= s; back++)
		if (((unsigned char)m[s - back] & 0xc0) != 0x80)
			return utf8_len(m + s - back, len - (s - back)) > back;
	return 0;
}

/* Add start s to st (ok: not yet full); 0 when it is full. */
static int starts_add(struct starts *st, size_t s)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (st->s[i] == s)
			return 1;
	if (st->n == SDG_STARTS_MAX)
		return 0;
	st->s[st->n++] = s;
	return 1;
}

static int cmp_size(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return (a > b) - (a < b);
}

/*
 * May t (with an anchor) match in the text of c, by its pre-check?  A
 * match holds an anchor with at most d bytes before it that are not of
 * its runs (dpg/prefilter.h): at each occurrence q, the starts from the
 * earliest such one to q are asked.  In a text with KELVIN SIGN or LONG S
 * a match may start earlier, by their bytes (the anchor pass reads them
 * as k and s): there, a byte of 0x80 or over on the way back, and the
 * answer is 1.  With st, every start the pre-check allows is listed in st
 * (st->ok) but those within a valid UTF-8 character (where PCRE2 starts
 * no match), unless there are more than SDG_STARTS_MAX, one is a byte of
 * 0x80 to 0xBF outside one, or the answer is 1 without asking them (then
 * st->ok is 0).
 */
static int pre_possible(const struct ctx *c, const struct sdg_term *t,
			struct starts *st)
{
	const struct sdg_pre *x;
	const struct dpg_lits *ls = c->set;
	const unsigned char *m = (const unsigned char *)c->m;
	const uint32_t *fo;
	unsigned int budget;
	size_t k, o, s, d, n;
	unsigned char hi;

	if (st) {
		st->n = 0;
		st->ok = 0;
	}
	if (dpg_sdg_no_precheck || !(x = dpg_sdg_pre_of(t)))
		return 1;
	if (*c->odd < 0)
		*c->odd = odd_text(m, c->len);
	hi = *c->odd ? 0x80 : 0xff; /* the bytes that answer 1 on the way */
	fo = dpg_lits_found(c->hits);
	for (k = ls->pfirst[t->anchor]; k < ls->pfirst[t->anchor + 1]; k++) {
		uint32_t l = ls->pl[k].lit;
		const struct dpg_bytes *u =
			ls->pl[k].run ? &ls->runs[ls->pl[k].run - 1] : NULL;

		/* spaces passed over 8 at a time: free, and no start */
		int fast = u && (u->w[0] >> ' ' & 1) && !x->may_ws;

		d = ls->pl[k].d;
		for (o = fo[l]; o < fo[l + 1]; o++) {
			/* from q back: each start, until the (d + 1)-th byte
			 * not of the runs */
			for (s = dpg_lits_at(c->hits, o), n = 0;; s--) {
				/* pre_start, with the byte before kept */
				unsigned char b = s > 0 ? m[s - 1] : 0;

				if (!pre_word[b] &&
				    (s >= c->len || x->first[m[s]])) {
					budget = PRE_BUDGET;
					if ((pre_from(x, c->m, c->len, s,
						      &budget) ||
					     !budget) &&
					    (!st ||
					     ((m[s] & 0xc0) == 0x80
						      ? !mid_char(c->m, c->len,
								  s)
						      : !starts_add(st, s)))) {
						if (st)
							st->n = 0;
						return 1;
					}
				}
				if (s == 0)
					break;
				if (b >= hi)
					return 1;
				if (!u || !(u->w[b >> 6] >> (b & 63) & 1)) {
					if (n == d)
						break;
					n++;
				} else if (fast && b == ' ') {
					s = spaces_back(m, s - 1) + 1;
				}
			}
		}
	}
	if (!st || !st->n)
		return 0;
	qsort(st->s, st->n, sizeof(*st->s), cmp_size);
	st->ok = 1;
	return 1;
}

/* May term t match the text at all?  (The anchors found in the text, else
 * the trigram prefilter.)  Selects t's anchors for match(). */
static int possible(const struct ctx *c, const struct sdg_term *t)
{
	const char *l;
	size_t i;

	c->starts->ok = 0;
	if (c->hits && t->anchor >= 0)
		return (c->found[t->anchor >> 6] >> (t->anchor & 63) & 1) &&
		       pre_possible(c, t,
				    dpg_sdg_no_starts || *c->bad_utf
					    ? NULL
					    : c->starts) &&
		       dpg_lits_select(c->hits, (size_t)t->anchor);
	if (t->wordlen)
		return holds(c->m, c->len, SDG_WORD(t), t->wordlen);
	if (!c->tri || !t->nlits)
		return 1;
	for (i = 0, l = SDG_LITS(t); i < t->nlits; i++, l += strlen(l) + 1)
		if (dpg_rules_literal_possible(c->tri, l))
			return 1;
	return 0;
}

/* The newlines in [a, b) of t: 16 bytes at a time where SSE2 is (the
 * byte counts of at most 255 blocks summed by _mm_sad_epu8). */
static size_t newlines(const char *t, size_t a, size_t b)
{
	size_t n = 0;

#ifdef __SSE2__
	while (a + 16 <= b) {
		const __m128i nl = _mm_set1_epi8('\n');
		__m128i acc = _mm_setzero_si128(), sum;
		size_t k;

		for (k = 0; k < 255 && a + 16 <= b; k++, a += 16) {
			const __m128i *p =
				(const __m128i *)(const void *)(t + a);

			acc = _mm_sub_epi8(
				acc, _mm_cmpeq_epi8(_mm_loadu_si128(p), nl));
		}
		sum = _mm_sad_epu8(acc, _mm_setzero_si128());
		n += (size_t)_mm_cvtsi128_si32(sum) +
		     (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
	}
#endif
	for (; a < b; a++)
		n += t[a] == '\n';
	return n;
}

/* The line (from 1) of offset off of the text: 1 + its newlines before
 * off, counted from the start of off's LINE_BLOCK (the newlines before
 * each block counted once, as far as asked: most texts have no match). */
static unsigned int line_of(const struct ctx *c, size_t off)
{
	struct lines *l = c->lines;
	size_t k = off / LINE_BLOCK;

	if (!l->n) {
		dpg_grow(&l->before, &l->cap, 1, sizeof(*l->before));
		l->before[l->n++] = 0;
	}
	for (; l->n <= k; l->n++) {
		dpg_grow(&l->before, &l->cap, l->n + 1, sizeof(*l->before));
		l->before[l->n] = l->before[l->n - 1] +
				  newlines(c->text, (l->n - 1) * LINE_BLOCK,
					   l->n * LINE_BLOCK);
	}
	return (unsigned int)(1 + l->before[k] +
			      newlines(c->text, k * LINE_BLOCK, off));
}

void dpg_sdg_lines_of(const char *text, size_t len, const size_t *offs,
		      size_t n, unsigned int *out)
{
	struct lines lines = {NULL, 0, 0};
	struct ctx c;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.text = text;
	c.len = len;
	c.lines = &lines;
	for (i = 0; i < n; i++)
		out[i] = line_of(&c, offs[i]);
	free(lines.before);
}

static size_t utf8_back(const char *s, size_t off)
{
	while (off > 0 && ((unsigned char)s[off] & 0xc0) == 0x80)
		off--;
	return off;
}

/* The paragraph-bounded window [*from, *to) of w bytes around [s, e). */
static void window_of(const struct ctx *c, size_t s, size_t e, unsigned int w,
		      size_t *from, size_t *to)
{
	size_t a = s > w ? s - w : 0, b = e + w < c->len ? e + w : c->len;
	size_t i;

	for (i = s; i > a; i--)
		if (c->m[i - 1] == '\n' && i >= 2 && c->m[i - 2] == '\n') {
			a = i;
			break;
		}
	for (i = e; i + 1 < b; i++)
		if (c->m[i] == '\n' && c->m[i + 1] == '\n') {
			b = i;
			break;
		}
	*from = utf8_back(c->m, a);
	*to = b < c->len ? utf8_back(c->m, b) : b;
	if (*to < e)
		*to = e;
}

/* Does re match in [from, to)?  With ovl, only a match overlapping
 * [s, e) counts.  Its pre-check (made at build time when o, the term's
 * opre, is not 0, else in *pre, from re's source) first: no match starts
 * before the first offset where it says 1, and there is none without
 * one. */
static int match_in(const struct ctx *c, const struct dpg_re *re,
		    _Atomic(struct sdg_pre *) *pre, uint32_t o, size_t from,
		    size_t to, int ovl, size_t s, size_t e)
{
	const struct sdg_pre *x =
		dpg_sdg_no_precheck ? NULL : pre_get(pre, dpg_re_src(re), o);
	size_t off = from;

	for (; x && off <= to; off++) {
		unsigned int budget = PRE_BUDGET;

		if (pre_start(x, c->m, to, off) &&
		    (pre_from(x, c->m, to, off, &budget) || !budget))
			break;
	}
	if (off > to)
		return 0;

	while (off < to) {
		int rc = pcre2_match(sdg_re(re, to - off), (PCRE2_SPTR)c->m, to,
				     off, 0, c->md2, c->mc);
		PCRE2_SIZE *ov;

		if (rc < 0)
			return 0;
		ov = pcre2_get_ovector_pointer(c->md2);
		if (!ovl)
			return 1;
		if (ov[0] < e && ov[1] > s)
			return 1;
		if (ov[0] >= e)
			return 0;
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	return 0;
}

static int passes(const struct ctx *c, const struct sdg_term *t, size_t s,
		  size_t e)
{
	struct sdg_term *w = (struct sdg_term *)t; /* cpre: atomic */
	size_t from, to;

	if (dpg_re_present(&t->not_)) {
		size_t nf = s > 80 ? s - 80 : 0;
		size_t nt = e + 80 < c->len ? e + 80 : c->len;

		nf = utf8_back(c->m, nf);
		if (nt < c->len)
			nt = utf8_back(c->m, nt);
		if (nt < e)
			nt = e;
		if (match_in(c, &t->not_, &w->cpre[2], t->opre[3], nf, nt, 1, s,
			     e))
			return 0;
	}
	if (!dpg_re_present(&t->near) && !dpg_re_present(&t->unless))
		return 1;
	window_of(c, s, e, t->window, &from, &to);
	if (dpg_re_present(&t->unless) &&
	    match_in(c, &t->unless, &w->cpre[1], t->opre[2], from, to, 0, s, e))
		return 0;
	if (dpg_re_present(&t->near) &&
	    !match_in(c, &t->near, &w->cpre[0], t->opre[1], from, to, 0, s, e))
		return 0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Excerpts */

static int block_start(const char *t, size_t i, size_t len)
{
	/* does the line starting at i begin a new block? */
	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (i >= len || t[i] == '\n' || t[i] == '\r')
		return 1;
	if (t[i] == '#' || t[i] == '|' || t[i] == '>')
		return 1;
	if ((t[i] == '-' || t[i] == '*' || t[i] == '+') && i + 1 < len &&
	    t[i + 1] == ' ')
		return 1;
	if (t[i] >= '0' && t[i] <= '9') {
		while (i < len && t[i] >= '0' && t[i] <= '9')
			i++;
		return i + 1 < len && (t[i] == '.' || t[i] == ')') &&
		       t[i + 1] == ' ';
	}
	return 0;
}

static int sentence_end(const char *t, size_t i, size_t len)
{
	return (t[i] == '.' || t[i] == '!' || t[i] == '?') &&
	       (i + 1 >= len || t[i + 1] == ' ' || t[i + 1] == '\n' ||
		t[i + 1] == '\t' || t[i + 1] == '\r');
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_len(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t len, i;
	unsigned int cp;

	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
		cp = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		cp = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		cp = u[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (u[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/* The sentence [*pa, *pb) around the match [s, e). */
static void sentence_bounds(const struct ctx *c, size_t s, size_t e, size_t *pa,
			    size_t *pb)
{
	const char *t = c->text;
	size_t a = s, b = e;

	/* back to the sentence start */
	while (a > 0 && s - a < SDG_SENTENCE_BACK) {
		if (t[a - 1] == '\n' && block_start(t, a, c->len))
			break;
		if (a >= 2 &&
		    (t[a - 1] == ' ' || t[a - 1] == '\n' || t[a - 1] == '\t') &&
		    sentence_end(t, a - 2, c->len))
			break;
		if (t[a - 1] == '\n' && a >= 2 && t[a - 2] == '\n')
			break;
		a--;
	}
	/* forward to the sentence end */
	while (b < c->len && b - e < SDG_SENTENCE_BACK) {
		if (sentence_end(t, b, c->len)) {
			b++;
			break;
		}
		if (t[b] == '\n' && block_start(t, b + 1, c->len))
			break;
		b++;
	}
	*pa = a;
	*pb = b;
}

static void acc_add(const struct ctx *c, struct goal_acc *acc, double w,
		    size_t s, size_t e)
{
	size_t i, a, b;

	sentence_bounds(c, s, e, &a, &b);
	for (i = 0; i < acc->n; i++)
		if (acc->lines[i].sent_start == a)
			break;
	if (i == acc->n) {
		dpg_grow(&acc->lines, &acc->cap, acc->n + 1,
			 sizeof(*acc->lines));
		memset(&acc->lines[i], 0, sizeof(acc->lines[i]));
		acc->lines[i].sent_start = a;
		acc->lines[i].sent_end = b;
		acc->n++;
	}
	acc->lines[i].weight += w;
	if (w > acc->lines[i].best_w) {
		acc->lines[i].best_w = w;
		acc->lines[i].best_off = s;
		acc->lines[i].best_end = e;
		acc->lines[i].line = line_of(c, s);
	}
	if (b > acc->lines[i].sent_end)
		acc->lines[i].sent_end = b;
}

static char *make_excerpt(const struct ctx *c, size_t s, size_t e, size_t a,
			  size_t b)
{
	const char *t = c->text;
	size_t i, n, ms, me, start, stop;
	char *raw, *out;
	int space = 0, lead = 1;

	/* collapse whitespace and controls, drop leading markup */
	raw = xmalloc(b - a + 1);
	n = 0;
	ms = me = 0;
	for (i = a; i < b; i++) {
		unsigned char ch = (unsigned char)t[i];

		if (i == s)
			ms = n + (space && !lead ? 1 : 0);
		if (i == e)
			me = n;
		if (ch < 0x20 || ch == 0x7f || ch == ' ') {
			space = 1;
			continue;
		}
		if (lead && (ch == '#' || ch == '*' || ch == '-' || ch == '>' ||
			     ch == '|' || ch == '+')) {
			continue;
		}
		if (ch >= 0x80) {
			size_t len = utf8_len(t + i, b - i);

			if (len == 0) {
				ch = '?'; /* invalid UTF-8 */
			} else if (ch == 0xc2 &&
				   (unsigned char)t[i + 1] < 0xa0) {
				space = 1; /* a C1 control character */
				i++;
				continue;
			} else {
				if (space && !lead)
					raw[n++] = ' ';
				space = 0;
				lead = 0;
				memcpy(raw + n, t + i, len);
				n += len;
				i += len - 1;
				continue;
			}
		}
		if (space && !lead)
			raw[n++] = ' ';
		space = 0;
		lead = 0;
		raw[n++] = (char)ch;
	}
	if (e >= b)
		me = n;
	if (ms > n)
		ms = n;
	if (me < ms)
		me = ms;
	raw[n] = 0;
	if (n <= DPG_SDG_EXCERPT_MAX)
		return raw;
	/* trim to DPG_SDG_EXCERPT_MAX bytes around the match */
	start = ms > 60 ? ms - 60 : 0;
	if (start + DPG_SDG_EXCERPT_MAX > n)
		start = n - DPG_SDG_EXCERPT_MAX;
	start = utf8_back(raw, start);
	stop = start + DPG_SDG_EXCERPT_MAX;
	if (stop < n)
		stop = utf8_back(raw, stop);
	else
		stop = n;
	out = xasprintf("%s%.*s%s", start ? "..." : "", (int)(stop - start),
			raw + start, stop < n ? "..." : "");
	free(raw);
	return out;
}

static int cmp_line_w(const void *pa, const void *pb)
{
	const struct line_acc *a = pa, *b = pb;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* ------------------------------------------------------------------ */

/*
 * Is [s, e) used as a name or a label: all its line says (a heading
 * "## Transparency", a menu entry), followed by a domain or file
 * extension, or first on its line (after heading or emphasis
 * marks only) and followed by ':' or " is a", as in "Carbon is a PHP
 * library" or "# Hunger: a Minecraft plugin"?
 */
static int name_position(const struct ctx *c, size_t s, size_t e)
{
	static const char *const tld[] = {"io",	 "js", "com", "org", "net",
					  "dev", "ai", "app", "sh",  "py",
					  "rb",	 "rs", "go",  "ts",  "co"};
	const char *t = c->m;
	size_t i = s, k;
	int mark;

	/* a label: the term is all its heading, list item or table cell
	 * says ("## Transparency", "**Health**", "| Education |") */
	mark = 0;
	for (i = s;
	     i > 0 && t[i - 1] != '\n' && !is_alpha((unsigned char)t[i - 1]);
	     i--)
		mark |= t[i - 1] == '#' || t[i - 1] == '*' || t[i - 1] == '_' ||
			t[i - 1] == '|' || t[i - 1] == '-';
	for (k = e;
	     k < c->len && t[k] != '\n' && !is_alpha((unsigned char)t[k]); k++)
		;
	if (mark && (i == 0 || t[i - 1] == '\n') &&
	    (k == c->len || t[k] == '\n'))
		return 1;
	i = s;

	/* a domain or file name: "Forestry.io", "census.js" */
	if (e + 2 < c->len && t[e] == '.')
		for (k = 0; k < DPG_ARRAY_SIZE(tld); k++) {
			size_t n = strlen(tld[k]), x = e + 1 + n;

			if (x <= c->len && !memcmp(t + e + 1, tld[k], n) &&
			    (x == c->len || !isalnum((unsigned char)t[x])))
				return 1;
		}
	while (i > 0 && t[i - 1] != '\n') {
		char ch = t[i - 1];

		if (ch == '*' && i < s && t[i] == ' ')
			return 0; /* a list item */
		if (ch != ' ' && ch != '\t' && ch != '#' && ch != '*' &&
		    ch != '_')
			return 0;
		i--;
	}
	i = e;
	while (i < c->len && (t[i] == '*' || t[i] == '_'))
		i++;
	if (i < c->len && t[i] == ':')
		return 1;
	return (c->len - i > 6 && !strncmp(t + i, " is a ", 6)) ||
	       (c->len - i > 7 && !strncmp(t + i, " is an ", 7));
}

/*
 * Does the word at [p, p + n) name a UI asset (an icon, an emoji, an
 * illustration)?
 */
static int asset_word(const char *p, size_t n)
{
	static const char *const words[] = {
		/* sorted: word_in() */
		"avatar",    "avatars",	   "clipart",	   "emoji",
		"emojis",    "glyph",	   "glyphs",	   "icon",
		"icons",     "iconset",	   "illustration", "illustrations",
		"pictogram", "pictograms", "sprite",	   "sprites",
		"sticker",   "stickers"};

	return word_in(p, n, words, DPG_ARRAY_SIZE(words));
}

/* The word ending at or before `end` (after spaces): its end, its start
 * in *ws (both `end` when there is none on the line). */
static size_t prev_word(const char *t, size_t end, size_t *ws)
{
	size_t i = end;

	while (i > 0 && t[i - 1] == ' ')
		i--;
	*ws = i;
	while (*ws > 0 && is_alpha((unsigned char)t[*ws - 1]))
		(*ws)--;
	return i;
}

/*
 * Is [s, e) a topic word naming a UI asset ("Health icons", "medical
 * facility icons", "an icon for hospital"): the term followed, within
 * three words on its line, by an asset word, or preceded by "icon for"
 * or "emoji of"?  Names of pictures are not the project's purpose.
 */
static int asset_name(const struct ctx *c, size_t s, size_t e)
{
	const char *t = c->m;
	size_t i = e, ws, words = 0;

	while (i < c->len && words < 3) {
		while (i < c->len && (t[i] == ' ' || t[i] == '-' ||
				      t[i] == '_' || t[i] == '/'))
			i++;
		ws = i;
		while (i < c->len && is_alpha((unsigned char)t[i]))
			i++;
		if (i == ws)
			break; /* punctuation or the end of the line */
		if (asset_word(t + ws, i - ws))
			return 1;
		words++;
	}
	/* "icon for", "icons of", "emoji for" just before the term */
	i = prev_word(t, s, &ws);
	if (!(i - ws == 3 && !dpg_strncasecmp(t + ws, "for", 3)) &&
	    !(i - ws == 2 && !dpg_strncasecmp(t + ws, "of", 2)))
		return 0;
	i = prev_word(t, ws, &ws);
	return i > ws && asset_word(t + ws, i - ws);
}

/* Sort term indices by weight, heaviest first (stable). */
static void sort_by_weight(const struct dpg_sdg_vocab *v, size_t *idx, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		size_t x = idx[i];

		for (j = i;
		     j > 0 && v->terms[idx[j - 1]].weight < v->terms[x].weight;
		     j--)
			idx[j] = idx[j - 1];
		idx[j] = x;
	}
}

/* Does [s, e) overlap one of the n/2 counted spans? */
static int covered(const size_t *spans, size_t n, size_t s, size_t e)
{
	size_t i;

	for (i = 0; i < n; i += 2)
		if (s < spans[i + 1] && e > spans[i])
			return 1;
	return 0;
}

/* The bytes of text an anchored match is first given (starts_match). */
size_t dpg_sdg_starts_span = 64;

/* Is [p, to) of m valid UTF-8, once the bytes of a character begun before
 * p are passed over?  ASCII 8 bytes at a time. */
static int utf8_span(const char *m, size_t p, size_t to)
{
	while (p < to && ((unsigned char)m[p] & 0xc0) == 0x80)
		p++;
	while (p < to) {
		uint64_t w;
		size_t n;

		if (to - p >= 8) {
			memcpy(&w, m + p, 8);
			if (!(w & 0x8080808080808080u)) {
				p += 8;
				continue;
			}
		}
		n = utf8_len(m + p, to - p);
		if (!n)
			return 0;
		p += n;
	}
	return 1;
}

/*
 * pcre2_match(t's pattern, c->m, c->len, off, 0, c->md, c->mc) where
 * possible() listed t's starts (c->starts): a match starts at one of them,
 * so the first from off, from *i on, where the pattern matches there is
 * the match.  Each is matched anchored, which PCRE2 runs in its
 * interpreter (no JIT compile: the starts are few); the interpreter
 * checks the UTF-8 of the text from the start to the end (even with
 * PCRE2_MATCH_INVALID_UTF), so it is given the text up to a character
 * dpg_sdg_starts_span bytes on first, with PCRE2_PARTIAL_HARD, which
 * answers "partial" when the match reads to that end (a character, or an
 * assertion there): then 8 times as much, up to the whole text; any other
 * answer is the whole text's.  Where the bytes given (from the longest
 * lookbehind back) hold invalid UTF-8, which the interpreter and the JIT
 * read differently, the start is matched as dpg_lits_match would, and
 * the text's other terms are matched by dpg_lits_match (c->bad_utf).
 */
static int starts_match(const struct ctx *c, const struct sdg_term *t,
			size_t off, size_t *i)
{
	const struct starts *st = c->starts;
	struct dpg_re *re = (struct dpg_re *)&t->re;
	const pcre2_code *code =
		atomic_load_explicit(&re->compiled, memory_order_acquire);
	uint32_t lb = 0;

	if (!code)
		code = dpg_re_code(re, 0); /* compiled at its first use */
	pcre2_pattern_info(code, PCRE2_INFO_MAXLOOKBEHIND, &lb);
	for (; *i < st->n; ++*i) {
		size_t s = st->s[*i], span = dpg_sdg_starts_span, to;
		size_t back = 4 * (size_t)lb + 4,
		       from = s > back ? s - back : 0;
		int rc;

		if (s < off)
			continue;
		for (;; span *= 8) {
			to = c->len - s > span ? s + span : c->len;
			while (to < c->len &&
			       ((unsigned char)c->m[to] & 0xc0) == 0x80)
				to++;
			if (!utf8_span(c->m, from, to)) {
				/* dpg_lits_match's call, with s its one start
				 */
				*c->bad_utf = 1;
				pcre2_set_offset_limit(c->mc, s);
				rc = pcre2_match(sdg_re(&t->re, c->len - s),
						 (PCRE2_SPTR)c->m, c->len, s, 0,
						 c->md, c->mc);
				pcre2_set_offset_limit(c->mc, PCRE2_UNSET);
				break;
			}
			from = to;
			rc = pcre2_match(
				code, (PCRE2_SPTR)c->m, to, s,
				PCRE2_ANCHORED |
					(to < c->len ? PCRE2_PARTIAL_HARD : 0),
				c->md, c->mc);
			if (rc != PCRE2_ERROR_PARTIAL)
				break;
		}
		if (rc != PCRE2_ERROR_NOMATCH)
			return rc;
	}
	return PCRE2_ERROR_NOMATCH;
}

int dpg_sdg_plain_terms;

/* dpg_sdg_builtin's order_anchors, made at its first use (once: atomic). */
static _Atomic(int32_t *) builtin_oanchor;

/*
 * The anchor of each term of v in v->order (-1: none), so that
 * score_goal passes over a term whose anchor the text lacks (most) without
 * reading the term (304 bytes: ~550 of them a text, goal by goal); made
 * for dpg_sdg_builtin only (never freed nor added to), else NULL, as with
 * dpg_sdg_plain_terms set (tests: possible() asks every term).
 */
static const int32_t *order_anchors(const struct dpg_sdg_vocab *v)
{
	int32_t *a, *old = NULL;
	size_t i, n = v->first[DPG_SDG_GOALS];

	if (v != &dpg_sdg_builtin || dpg_sdg_plain_terms)
		return NULL;
	a = atomic_load_explicit(&builtin_oanchor, memory_order_acquire);
	if (a)
		return a;
	a = xmalloc((n ? n : 1) * sizeof(*a));
	for (i = 0; i < n; i++) {
		long an = v->terms[v->order[i]].anchor;

		a[i] = an >= 0 && an <= INT32_MAX ? (int32_t)an : -1;
	}
	if (!atomic_compare_exchange_strong_explicit(&builtin_oanchor, &old, a,
						     memory_order_acq_rel,
						     memory_order_acquire)) {
		free(a);
		a = old;
	}
	return a;
}

static int score_goal(const struct ctx *c, const struct dpg_sdg_vocab *v, int g,
		      struct dpg_sdg_goal_result *r, double *top,
		      struct dpg_error *err)
{
	const int32_t *oa = c->hits ? c->oanchor : NULL;
	struct goal_acc acc = {NULL, 0, 0};
	double sum = 0;
	size_t oi, i;
	size_t *spans = NULL, scap = 0, nspans = 0;

	r->goal = g;
	/* heaviest terms first: a span counts once, for its heaviest term
	 * (v->order) */
	for (oi = v->first[g - 1]; oi < v->first[g]; oi++) {
		const struct sdg_term *t;
		size_t off = 0, si = 0;
		unsigned int k = 0;
		int listed;

		/* possible()'s first test, from oa */
		if (oa && oa[oi] >= 0 &&
		    !(c->found[oa[oi] >> 6] >> (oa[oi] & 63) & 1))
			continue;
		t = &v->terms[v->order[oi]];
		if (!possible(c, t))
			continue;
		listed = c->hits && t->anchor >= 0 && c->starts->ok;
		while (off <= c->len && k < SDG_REPEATS) {
			int rc =
				listed ? starts_match(c, t, off, &si)
				: c->hits && t->anchor >= 0
					? dpg_lits_match(
						  c->hits,
						  (struct dpg_re *)&t->re, c->m,
						  c->len, off, c->md, c->mc)
					: pcre2_match(
						  sdg_re(&t->re, c->len - off),
						  (PCRE2_SPTR)c->m, c->len, off,
						  0, c->md, c->mc);
			PCRE2_SIZE *ov;
			size_t s, e;
			double w;

			if (rc == PCRE2_ERROR_NOMATCH || limit_hit(rc))
				break;
			if (rc < 0) {
				PCRE2_UCHAR msg[200];

				pcre2_get_error_message(rc, msg, sizeof(msg));
				free(acc.lines);
				free(spans);
				return dpg_error_set(
					err, DPG_ERR,
					"matching term %s:%u failed: %s",
					SDG_FILE(t), t->line, (char *)msg);
			}
			ov = pcre2_get_ovector_pointer(c->md);
			s = ov[0];
			e = ov[1];
			off = e > s ? e : s + 1;
			if (!passes(c, t, s, e))
				continue;
			if (!t->name_ok && t->weight < SDG_NAME_MAX_WEIGHT &&
			    name_position(c, s, e))
				continue;
			if (t->weight > 0 && t->weight < SDG_NAME_MAX_WEIGHT &&
			    asset_name(c, s, e))
				continue;
			if (t->weight > 0 && covered(spans, nspans, s, e))
				continue;
			if (t->weight > 0) {
				dpg_grow(&spans, &scap, nspans + 2,
					 sizeof(*spans));
				spans[nspans++] = s;
				spans[nspans++] = e;
			}
			w = t->weight * decay[k];
			if (w > *top)
				*top = w;
			if (k == 0 && w > 0) {
				r->terms++;
				if (w >= DPG_SDG_MODERATE_AT)
					r->spread += w;
			}
			k++;
			r->hits++;
			sum += w;
			if (w > 0)
				acc_add(c, &acc, w, s, e);
		}
	}
	r->raw = sum > 0 ? sum : 0;
	if (acc.n)
		qsort(acc.lines, acc.n, sizeof(*acc.lines), cmp_line_w);
	for (i = 0; i < acc.n && i < DPG_SDG_MAX_EXCERPTS && r->raw > 0; i++) {
		struct dpg_sdg_excerpt *x = &r->excerpts[r->nexcerpts++];

		x->line = acc.lines[i].line;
		x->weight = acc.lines[i].weight;
		x->text = make_excerpt(
			c, acc.lines[i].best_off, acc.lines[i].best_end,
			acc.lines[i].sent_start, acc.lines[i].sent_end);
	}
	free(acc.lines);
	free(spans);
	return 0;
}

/* --profile's names of the goals' vocabularies (dpg_prof_add) */
static const char *const goal_part[DPG_SDG_GOALS] = {
	"goal 1",  "goal 2",  "goal 3",	 "goal 4",  "goal 5",  "goal 6",
	"goal 7",  "goal 8",  "goal 9",	 "goal 10", "goal 11", "goal 12",
	"goal 13", "goal 14", "goal 15", "goal 16", "goal 17"};

int dpg_sdg_score(struct dpg_sdg_result *out, const struct dpg_sdg_vocab *v,
		  const char *text, size_t len, struct dpg_error *err)
{
	struct ctx c;
	struct lines lines = {NULL, 0, 0};
	struct starts starts;
	double top[DPG_SDG_GOALS] = {0}, max = 0;
	int g, rc = 0, odd = -1, bad_utf = 0;
	uint64_t t0 = dpg_prof_now();

	memset(out, 0, sizeof(*out));
	for (g = 1; g <= DPG_SDG_GOALS; g++)
		out->goals[g - 1].goal = g;
	memset(&c, 0, sizeof(c));
	c.text = text;
	c.len = len;
	c.m = mask_text(text, len);
	dpg_prof_add("sdg", "text mask", t0, len);
	t0 = dpg_prof_now();
	c.lines = &lines;
	c.odd = &odd;
	starts.n = 0;
	starts.ok = 0;
	c.starts = &starts;
	c.bad_utf = &bad_utf;
	if (v->anchors) {
		/* one pass: every term's anchors */
		c.hits = dpg_lits_hits_new(v->anchors);
		if (!dpg_lits_scan(c.hits, NULL, c.m, len)) {
			dpg_lits_hits_free(c.hits);
			c.hits = NULL;
		} else {
			c.found = dpg_sdg_found_patterns(v, c.hits);
			c.set = v->anchors;
			c.oanchor = order_anchors(v);
		}
	}
	/* the trigrams, when a term that may run needs them */
	if (!c.hits || v->need_tri) {
		c.tri = xmalloc(DPG_RULES_TRI_BITS / 8);
		if (!dpg_rules_trigrams(c.tri, c.m, len)) {
			free(c.tri);
			c.tri = NULL;
		}
	}
	c.mc = pcre2_match_context_create(NULL);
	if (!c.mc)
		DPG_BUG("out of memory");
	pcre2_set_match_limit(c.mc, SDG_MATCH_LIMIT);
	pcre2_set_depth_limit(c.mc, SDG_DEPTH_LIMIT);
	c.md = pcre2_match_data_create(4, NULL);
	c.md2 = pcre2_match_data_create(4, NULL);
	if (!c.md || !c.md2)
		DPG_BUG("out of memory");
	dpg_prof_add("sdg", "anchor pass", t0, len);
	for (g = 1; g <= DPG_SDG_GOALS; g++) {
		t0 = dpg_prof_now();
		rc = score_goal(&c, v, g, &out->goals[g - 1], &top[g - 1], err);
		dpg_prof_add("sdg", goal_part[g - 1], t0, len);
		if (rc < 0)
			break;
		if (out->goals[g - 1].raw > max)
			max = out->goals[g - 1].raw;
	}
	/*
	 * A goal far weaker than the text's main goal, with no explicit
	 * claim, is incidental vocabulary ("access health services" in an
	 * identity platform's description): damp it.
	 */
	for (g = 0; g < DPG_SDG_GOALS && rc == 0; g++) {
		struct dpg_sdg_goal_result *x = &out->goals[g];

		if (top[g] < SDG_EXPLICIT_AT && x->raw * SDG_DOMINANCE < max)
			x->raw *= SDG_DAMPING;
		x->top = top[g];
		x->score = dpg_sdg_score_of(x->raw);
		/* evidence needs an anchor term (see sdg.h) */
		x->strength = dpg_sdg_strength(x->raw, x->top, x->hits,
					       x->terms, x->spread);
		if (len > DPG_SDG_LONG_TEXT && x->hits == 1 &&
		    x->top < DPG_SDG_REPO_ALONE_AT)
			x->strength = DPG_SDG_NONE;
	}
	pcre2_match_data_free(c.md);
	pcre2_match_data_free(c.md2);
	pcre2_match_context_free(c.mc);
	free(lines.before);
	free(c.tri);
	dpg_lits_hits_free(c.hits);
	free(c.found);
	free((char *)c.m);
	if (rc < 0)
		dpg_sdg_result_release(out);
	return rc < 0 ? rc : 0;
}
