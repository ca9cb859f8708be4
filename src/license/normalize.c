/*
 * normalize.c: turn a text into normalised words per the SPDX License List
 * Matching Guidelines (https://spdx.github.io/spdx-spec/v2.3/
 * license-matching-guidelines-and-templates/), keeping for each word its
 * source line and byte span so that matches can be reported in the file.
 *
 * What is ignored: case; whitespace and line breaks; all punctuation,
 * quotes, dashes and hyphens; bullets and list numbering ("1.", "(a)",
 * "iv)", "1.1." at the start of a line); comment prefixes and box drawing
 * at the start of a line ("//", "#", " * ", ";", "--", "REM", "dnl", "|",
 * "═"...); HTML tags and entities; Markdown emphasis and headings;
 * copyright lines ("Copyright (c) 2020 Jane Doe", "© 2019 ...") and "All
 * rights reserved".  Equivalent words (licence/license, https/http,
 * organisation/organization...) are unified by the vocabulary: the
 * generator maps every variant to the same id (see dpg_lic_equiv_words).
 * "sub license", "per cent", "non commercial" and "copyright holder" are
 * joined here into sublicense, percent, noncommercial, copyright owner.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "dpg/util.h"
#include "index.h"
#include "dpg/banned.h"

#define WORD_MAX 64 /* longer words are cut (they match nothing anyway) */

/*
 * The SPDX equivalent words (variant, then the form the vocabulary keeps),
 * plus inflections of licence and https.  Pairs, NULL-terminated.
 */
const char *const dpg_lic_equiv_words[] = {
	"acknowledgment",
	"acknowledgement",
	"analogue",
	"analog",
	"analyse",
	"analyze",
	"artefact",
	"artifact",
	"authorisation",
	"authorization",
	"authorised",
	"authorized",
	"calibre",
	"caliber",
	"cancelled",
	"canceled",
	"capitalisations",
	"capitalizations",
	"catalogue",
	"catalog",
	"categorise",
	"categorize",
	"centre",
	"center",
	"emphasised",
	"emphasized",
	"favour",
	"favor",
	"favourite",
	"favorite",
	"fulfil",
	"fulfill",
	"fulfilment",
	"fulfillment",
	"initialise",
	"initialize",
	"judgment",
	"judgement",
	"labelling",
	"labeling",
	"labour",
	"labor",
	"licence",
	"license",
	"licences",
	"licenses",
	"licenced",
	"licensed",
	"licencing",
	"licensing",
	"licencee",
	"licensee",
	"licencees",
	"licensees",
	"licencor",
	"licensor",
	"sublicence",
	"sublicense",
	"sublicences",
	"sublicenses",
	"sublicenced",
	"sublicensed",
	"sublicencing",
	"sublicensing",
	"maximise",
	"maximize",
	"modelled",
	"modeled",
	"modelling",
	"modeling",
	"offence",
	"offense",
	"optimise",
	"optimize",
	"organisation",
	"organization",
	"organisations",
	"organizations",
	"organise",
	"organize",
	"practise",
	"practice",
	"programme",
	"program",
	"programmes",
	"programs",
	"realise",
	"realize",
	"recognise",
	"recognize",
	"signalling",
	"signaling",
	"utilisation",
	"utilization",
	"whilst",
	"while",
	"wilful",
	"willful",
	"wilfull",
	"willful",
	"https",
	"http",
	NULL,
	NULL,
};

/*
 * The bytes of a word as words of eight (little-endian, zero past n), mixed:
 * the first sixteen by two multiplications side by side, so that the
 * tokenizer hashes a word from the sixteen bytes it read in one load
 * (tokenize_line()) with no loop over its bytes.  Any hash would do: the
 * vocabulary's table is laid out with this one when the index is made.
 */
#define WH_K0 0x9E3779B97F4A7C15ull
#define WH_K1 0xC2B2AE3D27D4EB4Full

static uint64_t le64(const unsigned char *p, size_t n)
{
	uint64_t x = 0;
	size_t k;

	for (k = 0; k < n && k < 8; k++)
		x |= (uint64_t)p[k] << (8 * k);
	return x;
}

static inline uint32_t word_hash16(uint64_t c0, uint64_t c1, size_t n,
				   const unsigned char *w)
{
	uint64_t h = c0 * WH_K0 + c1 * WH_K1 + n;
	size_t k;

	for (k = 16; k < n; k += 8)
		h = (h ^ le64(w + k, n - k)) * WH_K0;
	return (uint32_t)(h ^ h >> 32);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LANES_LOADED 1
#else
#define LANES_LOADED 0
#endif

/* The bytes of w (1 to 16 of them) as le64() reads them, zero after the
 * word, into *lo and *hi: by two loads of each side that overlap (no loop
 * over the bytes; little-endian, else by le64()). */
static inline void word_lanes(const char *w, size_t n, uint64_t *lo,
			      uint64_t *hi)
{
	if (!LANES_LOADED) {
		*lo = le64((const unsigned char *)w, n);
		*hi = n > 8 ? le64((const unsigned char *)w + 8, n - 8) : 0;
	} else if (n >= 8) {
		uint64_t a, b;
		memcpy(&a, w, 8);
		memcpy(&b, w + n - 8, 8);
		*lo = a;
		*hi = n > 8 ? b >> (8 * (16 - n)) : 0;
	} else if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, w, 4);
		memcpy(&b, w + n - 4, 4);
		*lo = a | (uint64_t)b << (8 * (n - 4));
		*hi = 0;
	} else {
		const unsigned char *u = (const unsigned char *)w;
		*lo = u[0] | (uint64_t)u[n >> 1] << (8 * (n >> 1)) |
		      (uint64_t)u[n - 1] << (8 * (n - 1));
		*hi = 0;
	}
}

uint32_t dpg_lic_word_hash(const char *w, size_t n)
{
	const unsigned char *u = (const unsigned char *)w;
	uint64_t lo, hi;

	/* the first sixteen bytes by loads, not a loop over them (the
	 * words read_word() reads: 3.8 M instructions by le64() over
	 * jspdf, 0.9 M so) */
	if (LANES_LOADED && n >= 16) {
		memcpy(&lo, u, 8);
		memcpy(&hi, u + 8, 8);
	} else if (LANES_LOADED && n > 0) {
		word_lanes(w, n, &lo, &hi);
	} else {
		lo = le64(u, n);
		hi = n > 8 ? le64(u + 8, n - 8) : 0;
	}
	return word_hash16(lo, hi, n, u);
}

/* A letter or digit, lower-cased; 0 for every other byte. */
static const unsigned char word_byte[256] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['a'] = 'a', ['A'] = 'a', ['b'] = 'b', ['B'] = 'b', ['c'] = 'c',
	['C'] = 'c', ['d'] = 'd', ['D'] = 'd', ['e'] = 'e', ['E'] = 'e',
	['f'] = 'f', ['F'] = 'f', ['g'] = 'g', ['G'] = 'g', ['h'] = 'h',
	['H'] = 'h', ['i'] = 'i', ['I'] = 'i', ['j'] = 'j', ['J'] = 'j',
	['k'] = 'k', ['K'] = 'k', ['l'] = 'l', ['L'] = 'l', ['m'] = 'm',
	['M'] = 'm', ['n'] = 'n', ['N'] = 'n', ['o'] = 'o', ['O'] = 'o',
	['p'] = 'p', ['P'] = 'p', ['q'] = 'q', ['Q'] = 'q', ['r'] = 'r',
	['R'] = 'r', ['s'] = 's', ['S'] = 's', ['t'] = 't', ['T'] = 't',
	['u'] = 'u', ['U'] = 'u', ['v'] = 'v', ['V'] = 'v', ['w'] = 'w',
	['W'] = 'w', ['x'] = 'x', ['X'] = 'x', ['y'] = 'y', ['Y'] = 'y',
	['z'] = 'z', ['Z'] = 'z',
};

/* An ASCII byte that is no part of a word, an entity or a tag. */
static const unsigned char plain_byte[256] = {
	[1] = 1,   [2] = 1,    [3] = 1,	  [4] = 1,   [5] = 1,	[6] = 1,
	[7] = 1,   [8] = 1,    [9] = 1,	  [10] = 1,  [11] = 1,	[12] = 1,
	[13] = 1,  [14] = 1,   [15] = 1,  [16] = 1,  [17] = 1,	[18] = 1,
	[19] = 1,  [20] = 1,   [21] = 1,  [22] = 1,  [23] = 1,	[24] = 1,
	[25] = 1,  [26] = 1,   [27] = 1,  [28] = 1,  [29] = 1,	[30] = 1,
	[31] = 1,  [' '] = 1,  ['!'] = 1, ['"'] = 1, ['#'] = 1, ['$'] = 1,
	['%'] = 1, ['\''] = 1, ['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1,
	[','] = 1, ['-'] = 1,  ['.'] = 1, ['/'] = 1, [':'] = 1, [';'] = 1,
	['='] = 1, ['>'] = 1,  ['?'] = 1, ['@'] = 1, ['['] = 1, ['\\'] = 1,
	[']'] = 1, ['^'] = 1,  ['_'] = 1, ['`'] = 1, ['{'] = 1, ['|'] = 1,
	['}'] = 1, ['~'] = 1,  [127] = 1,
};

static int is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/*
 * Length of a UTF-8 punctuation or space sequence at s (n bytes left), or
 * 0 when s starts a letter: no-break space, section sign, guillemets,
 * general punctuation (dashes, curly quotes, bullets, ellipsis, thin
 * spaces), arrows, box drawing and blocks, ideographic space and full
 * stops, the byte order mark.
 */
static size_t utf8_punct(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[0] == 0xC2 &&
	    (s[1] == 0xA0 || s[1] == 0xA7 || s[1] == 0xAB || s[1] == 0xB6 ||
	     s[1] == 0xB7 || s[1] == 0xBB || s[1] == 0xAD))
		return 2;
	if (n >= 3 && s[0] == 0xE2 &&
	    (s[1] == 0x80 || s[1] == 0x81 || s[1] == 0x86 || s[1] == 0x94 ||
	     s[1] == 0x95 || s[1] == 0x96 || s[1] == 0x97 || s[1] == 0x9C))
		return 3;
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] <= 0x82)
		return 3;
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3;
	return 0;
}

/* Prefix bytes skipped at the start of a line (comments, markup). */
static int is_prefix_punct(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '/' ||
	       c == '*' || c == '#' || c == ';' || c == '-' || c == '!' ||
	       c == '%' || c == '>' || c == '|' || c == '+' || c == '=' ||
	       c == '~' || c == ':' || c == '_' || c == '`' || c == '"' ||
	       c == '\'' || c == '.' || c == ',';
}

static size_t skip_prefix(const unsigned char *s, size_t i, size_t n)
{
	size_t k;

	for (;;) {
		while (i < n && is_prefix_punct(s[i]))
			i++;
		k = i < n && s[i] >= 0x80 ? utf8_punct(s + i, n - i) : 0;
		if (k) {
			i += k;
			continue;
		}
		/* "REM ", "dnl ", "@rem " comment leaders */
		if (i + 4 <= n &&
		    (s[i] == '@' || lower(s[i]) == 'r' || lower(s[i]) == 'd')) {
			size_t j = i + (s[i] == '@');
			if (j + 3 < n &&
			    ((lower(s[j]) == 'r' && lower(s[j + 1]) == 'e' &&
			      lower(s[j + 2]) == 'm') ||
			     (s[j] == 'd' && s[j + 1] == 'n' &&
			      s[j + 2] == 'l')) &&
			    (s[j + 3] == ' ' || s[j + 3] == '\t')) {
				i = j + 3;
				continue;
			}
		}
		return i;
	}
}

static int is_roman(const unsigned char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 4)
		return 0;
	for (i = 0; i < n; i++)
		if (lower(s[i]) != 'i' && lower(s[i]) != 'v' &&
		    lower(s[i]) != 'x')
			return 0;
	return 1;
}

/*
 * List numbering at s[i]: "1.", "1.2.", "2)", "(a)", "a.", "iv)", "(iii)",
 * followed by a space, markup or the end of the line.  Returns the index
 * after it, or i when there is none.
 */
static size_t skip_numbering(const unsigned char *s, size_t i, size_t n)
{
	size_t j = i, w;
	int paren = 0;

	if (j < n && s[j] == '(') {
		paren = 1;
		j++;
	}
	w = j;
	if (j < n && s[j] >= '0' && s[j] <= '9') {
		while (j < n && ((s[j] >= '0' && s[j] <= '9') ||
				 (s[j] == '.' && j + 1 < n && s[j + 1] >= '0' &&
				  s[j + 1] <= '9')))
			j++;
	} else {
		while (j < n && is_alnum(s[j]))
			j++;
		if (!(j - w == 1 && !(s[w] >= '0' && s[w] <= '9')) &&
		    !is_roman(s + w, j - w))
			return i;
	}
	if (j == w || j >= n)
		return i;
	if (paren ? s[j] != ')' : (s[j] != '.' && s[j] != ')'))
		return i;
	j++;
	if (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '*' &&
	    s[j] != '_' && s[j] != '\r')
		return i;
	return j;
}

static int word_at(const unsigned char *s, size_t i, size_t n, const char *w)
{
	size_t k, len = strlen(w);

	if (i + len > n)
		return 0;
	for (k = 0; k < len; k++)
		if (lower(s[i + k]) != (unsigned char)w[k])
			return 0;
	return 1;
}

/*
 * A copyright notice line (after the prefix): "Copyright (c) 2020 ...",
 * "Copyright 2020", "Copyright <year>", "Copyright [yyyy]", "© 2020",
 * "(c) 2020" — but not "COPYRIGHT HOLDERS AND CONTRIBUTORS", which is
 * license text re-wrapped to the start of a line.  Also "All rights
 * reserved." alone.  Long lines are kept: a one-line license must not
 * vanish because it starts with its copyright.
 */
static int is_copyright_line(const unsigned char *s, size_t i, size_t n)
{
	size_t j;

	if (n - i > 200)
		return 0;
	if (word_at(s, i, n, "copyright")) {
		j = i + 9;
		while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == ':'))
			j++;
		if (j >= n)
			return 1;
		return s[j] == '(' || (s[j] >= '0' && s[j] <= '9') ||
		       s[j] == '<' || s[j] == '[' || s[j] == '{' ||
		       s[j] == '$' || s[j] == 0xC2;
	}
	if ((n - i >= 2 && s[i] == 0xC2 && s[i + 1] == 0xA9) ||
	    word_at(s, i, n, "(c) ")) {
		j = i + (s[i] == 0xC2 ? 2 : 4);
		while (j < n && s[j] == ' ')
			j++;
		return j < n && s[j] >= '0' && s[j] <= '9';
	}
	if (word_at(s, i, n, "all rights reserved")) {
		for (j = i + 19; j < n; j++)
			if (is_alnum(s[j]))
				return 0;
		return 1;
	}
	return 0;
}

/* Sorted: the byte loop's skip_html_tag() searches it by halves. */
static const char *const html_tags[] = {
	"a",	 "b",	"blockquote", "body",	 "br",	  "center", "code",
	"dd",	 "div", "dl",	      "dt",	 "em",	  "font",   "h1",
	"h2",	 "h3",	"h4",	      "h5",	 "h6",	  "head",   "hr",
	"html",	 "i",	"img",	      "li",	 "link",  "meta",   "nav",
	"ol",	 "p",	"pre",	      "section", "small", "span",   "strong",
	"sub",	 "sup", "table",      "tbody",	 "td",	  "th",	    "thead",
	"title", "tr",	"tt",	      "u",	 "ul",
};

/*
 * The same tags at the slot of their first eight bytes (a little-endian
 * 64-bit word, zero after the name) times TAG_MUL, its top seven bits:
 * no two share one (test_lic_tokenize__html_tags finds each of html_tags
 * this way and checks the two agree on other names).
 */
#define TAG_MUL 0x7b35ef50f649e885u
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TAG_SLOTS 1
#else
#define TAG_SLOTS 0 /* the slots are those of little-endian words */
#endif
static const char tag_slots[128][12] = {
	[1] = "h4",	   [3] = "strong", [5] = "thead",	[6] = "small",
	[8] = "ul",	   [9] = "hr",	   [12] = "li",		[21] = "b",
	[22] = "ol",	   [23] = "br",	   [25] = "dd",		[26] = "table",
	[28] = "h5",	   [34] = "tt",	   [35] = "tbody",	[38] = "body",
	[39] = "u",	   [43] = "pre",   [48] = "h1",		[52] = "span",
	[55] = "h6",	   [58] = "code",  [63] = "blockquote", [67] = "center",
	[68] = "i",	   [69] = "html",  [71] = "div",	[72] = "dt",
	[73] = "em",	   [75] = "h2",	   [78] = "sub",	[81] = "head",
	[87] = "a",	   [88] = "nav",   [89] = "sup",	[91] = "title",
	[94] = "th",	   [98] = "link",  [100] = "img",	[102] = "h3",
	[106] = "section", [108] = "tr",   [109] = "meta",	[113] = "dl",
	[114] = "td",	   [115] = "p",	   [127] = "font",
};

/* strcmp() inline: most names differ in their first byte */
static int name_cmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/* Whether the name (lower-case, up to 12 bytes, zero to name[16]) is one
 * of html_tags: by halves when plain, else at its slot in tag_slots. */
static int is_html_tag(const char *name, int plain)
{
	size_t lo = 0, hi = DPG_ARRAY_SIZE(html_tags);
	uint64_t k0, t0;
	uint32_t k1, t1;
	const char *t;

	if (!plain && TAG_SLOTS) {
		memcpy(&k0, name, 8);
		memcpy(&k1, name + 8, 4);
		t = tag_slots[(k0 * TAG_MUL) >> 57];
		memcpy(&t0, t, 8);
		memcpy(&t1, t + 8, 4);
		return k0 == t0 && k1 == t1; /* name[0] != 0: not a free slot */
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = name_cmp(name, html_tags[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* An HTML tag at s[i] == '<' on this line: returns the index after '>'
 * (the tags are looked up by halves when plain). */
static size_t skip_html_tag(const unsigned char *s, size_t i, size_t n,
			    int plain)
{
	size_t j = i + 1, w;
	const unsigned char *gt;
	char name[16] = {0};

	if (j < n && s[j] == '/')
		j++;
	/* the name, lower-cased as it is read (word_byte: the letters and
	 * digits), up to 12 bytes */
	for (w = j; j < n && j - w < 12 && word_byte[s[j]]; j++)
		name[j - w] = (char)word_byte[s[j]];
	if (j == w || j >= n ||
	    !(s[j] == ' ' || s[j] == '>' || s[j] == '/' || s[j] == '\t'))
		return i;
	/* is one of the tags (this runs for every '<' of an HTML page) */
	if (!is_html_tag(name, plain))
		return i;
	gt = memchr(s + j, '>', (n - i < 512 ? n : i + 512) - j);
	return gt ? (size_t)(gt - s) + 1 : i;
}

/* An HTML entity at s[i] == '&': returns the index after ';', or i. */
static size_t skip_entity(const unsigned char *s, size_t i, size_t n)
{
	size_t j = i + 1, w;

	if (j < n && s[j] == '#') {
		j++;
		if (j < n && (s[j] == 'x' || s[j] == 'X'))
			j++;
	}
	w = j;
	while (j < n && is_alnum(s[j]) && j - w < 10)
		j++;
	if (j == w || j >= n || s[j] != ';')
		return i;
	return j + 1;
}

/*
 * The vocabulary's lookup.  Here and not in corpus.c so that the tokenizer
 * looks its words up inline (tokenize_line(): no call a word, and the
 * sixteen bytes it read are the key); normalize.o is linked without the
 * blob (tools/gen-license-index makes it), so the blob's parts are given
 * to these functions (by corpus.c):
 * - the words of up to 14 bytes in buckets of four, a cache line each, in
 *   the blob after its table (dpg_lic_vocab_buckets() lays them out for
 *   the generator): a word's bytes (zero after it) as two 64-bit words,
 *   le64(), its id in the last two bytes, in the bucket its hash chooses
 *   or the next one with room.  A lookup reads that one line where the
 *   blob's table read a tag, a slot and a string, three lines that mostly
 *   missed the L1 cache (each a third of the lookup's samples); an id
 *   beside the words cost a line more (a third of the samples again).
 *   Every lookup of such a word reads them, from a process's first word;
 * - a longer word walks the blob's table (its slots and their strings);
 * - the tables (corpus.c's dpg_lic_vocab_tags() calls dpg_lic_vocab_make()
 *   once a process, at the matcher's first text) are these parts' places
 *   only, given to dpg_lic_vocab_find() as its ctx: the tokenizer that is
 *   given them looks its words up inline.  Made at no cost, they pay from
 *   the first text.  A tag per slot (bits of its word's hash) and the ids
 *   of the words of one and two bytes were made with them once: 0.8 M
 *   instructions of hashing every word of the table, repaid only after
 *   some 65,536 words read (a scan of cordova-ios read fewer and looked
 *   its words up by a call each); scans of jspdf and spdx-license-list
 *   take fewer instructions without them too (callgrind).
 */
#define BUCKET	   4
#define BUCKET_MAX 14 /* the longest word in the buckets */
struct vocab_word {
	uint64_t lo, hi; /* the word's bytes 0-7 and 8-13, le64(); the id */
};
#define ID_SHIFT 48 /* the id's place in hi */
struct vocab_fast {
	dpg_lic_intern_fn find; /* dpg_lic_vocab_find(), asked with these */
	const uint32_t *slots;	/* the blob's table and strings */
	const char *strings;
	uint32_t mask;			/* the blob's slots - 1 */
	uint32_t bmask;			/* buckets - 1 */
	const struct vocab_word *words; /* BUCKET a bucket, 64-byte aligned */
};
/* The tables made (one a process), which dpg_lic_tokenize() recognises
 * (atomic: a tokenizer given other ctx may run as they are made). */
static const struct vocab_fast *vocab_fast;

/*
 * The id of w (n bytes, hash its dpg_lic_word_hash), or 0: by the blob's
 * slots in their probe order.
 */
static __attribute__((noinline)) uint32_t find_in(const uint32_t *slots,
						  const char *strings,
						  uint32_t mask, const char *w,
						  size_t n, uint32_t hash)
{
	uint32_t i = hash & mask;
	size_t k;

	for (; slots[2 * i] != 0; i = (i + 1) & mask) {
		const char *s = strings + slots[2 * i] - 1;
		for (k = 0; k < n && s[k] == w[k]; k++)
			;
		if (k == n && s[n] == 0)
			return slots[2 * i + 1];
	}
	return 0;
}

/*
 * The id of the word of 1 to 14 bytes (no NUL in them) whose bytes are
 * key (le64(), zero after the word), hash its dpg_lic_word_hash, or
 * 0: its bucket and the next ones while full.  A word of the vocabulary
 * and one of the text are the same when both their 64-bit words are, but
 * for the id's bytes.
 */
#ifdef __SSE2__
typedef __m128i word_key; /* the word's sixteen bytes, zero after it */
static inline word_key make_key(uint64_t lo, uint64_t hi)
{
	return _mm_set_epi64x((long long)hi, (long long)lo);
}
#else
typedef struct {
	uint64_t lo, hi;
} word_key;
static inline word_key make_key(uint64_t lo, uint64_t hi)
{
	word_key k = {lo, hi};
	return k;
}
#endif

static inline uint32_t bucket_find(const struct vocab_fast *f, word_key key,
				   uint32_t hash)
{
	uint32_t b = hash & f->bmask;
#ifdef __SSE2__
	const __m128i word = _mm_set_epi32(0xffff, -1, -1, -1);
#endif

	for (;;) {
		const struct vocab_word *e = f->words + (size_t)b * BUCKET;
		unsigned int m;
#ifdef __SSE2__
		/* the four compared at once: 32-bit lanes equal, packed to
		 * a byte each, four bits an entry (BUCKET is 4) */
		const __m128i *v = (const __m128i *)(const void *)e;
		__m128i e01 = _mm_packs_epi32(
			_mm_cmpeq_epi32(_mm_and_si128(v[0], word), key),
			_mm_cmpeq_epi32(_mm_and_si128(v[1], word), key));
		__m128i e23 = _mm_packs_epi32(
			_mm_cmpeq_epi32(_mm_and_si128(v[2], word), key),
			_mm_cmpeq_epi32(_mm_and_si128(v[3], word), key));
		m = (unsigned int)_mm_movemask_epi8(_mm_packs_epi16(e01, e23));
		m &= m >> 1;
		m &= m >> 2;
		m &= 0x1111u;
		if (m)
			return (uint32_t)(e[__builtin_ctz(m) / 4].hi >>
					  ID_SHIFT);
#else
		unsigned int k;
		for (m = 0, k = 0; k < BUCKET; k++)
			m |= (unsigned int)(((e[k].lo ^ key.lo) |
					     (e[k].hi ^ key.hi)
						     << (64 - ID_SHIFT)) == 0)
			     << k;
		if (m)
			return (uint32_t)(e[__builtin_ctz(m)].hi >> ID_SHIFT);
#endif
		if (!e[BUCKET - 1].lo) /* a bucket fills in order */
			return 0;
		b = (b + 1) & f->bmask;
	}
}

/* The buckets of a table of nslots slots (at least three times its
 * words: at most 2/3 of the buckets' places are taken). */
static uint32_t bucket_count(uint32_t nslots)
{
	return nslots / (2 * BUCKET);
}

/*
 * The buckets of the vocabulary whose table is slots (nslots of them, a
 * power of two, at least 1024: string offset + 1 and id pairs) and
 * strings, into out (zeroed, 64-byte aligned, of the size returned):
 * tools/gen-license-index writes them into the blob after the table.
 */
size_t dpg_lic_vocab_buckets(const uint32_t *slots, const char *strings,
			     uint32_t nslots, void *out)
{
	struct vocab_word *words = out;
	uint32_t a, b, bmask = bucket_count(nslots) - 1;
	size_t k;

	for (a = 0; a < nslots; a++) {
		const char *s = strings + slots[2 * a] - 1;
		size_t n;
		uint32_t hash;
		if (!slots[2 * a])
			continue;
		n = strlen(s);
		if (n == 0 || n > BUCKET_MAX)
			continue;
		hash = dpg_lic_word_hash(s, n);
		for (b = hash & bmask; words[b * BUCKET + BUCKET - 1].lo;
		     b = (b + 1) & bmask)
			;
		for (k = b * BUCKET; words[k].lo; k++)
			;
		words[k].lo = le64((const unsigned char *)s, n);
		words[k].hi = (n > 8 ? le64((const unsigned char *)s + 8, n - 8)
				     : 0) |
			      (uint64_t)slots[2 * a + 1] << ID_SHIFT;
	}
	return (size_t)bucket_count(nslots) * BUCKET * sizeof(*words);
}

/*
 * The tables of the vocabulary whose table is slots (nslots of them) and
 * strings, its buckets those dpg_lic_vocab_buckets() wrote, for find
 * (dpg_lic_vocab_find()) to be given them: made once a process (corpus.c
 * calls this once).
 */
const void *dpg_lic_vocab_make(const uint32_t *slots, const char *strings,
			       uint32_t nslots, const void *buckets,
			       dpg_lic_intern_fn find)
{
	struct vocab_fast *f = xcalloc(1, sizeof(*f));

	f->find = find;
	f->slots = slots;
	f->strings = strings;
	f->mask = nslots - 1;
	f->bmask = bucket_count(nslots) - 1;
	f->words = buckets;
	__atomic_store_n(&vocab_fast, f, __ATOMIC_RELEASE);
	return f;
}

/* dpg_lic_vocab_find() with its tables (f not NULL), inline. */
static inline __attribute__((always_inline)) uint32_t
vocab_find_fast(const struct vocab_fast *f, const char *w, size_t n,
		uint32_t hash)
{
	uint64_t lo, hi;

	if (n > BUCKET_MAX)
		return find_in(f->slots, f->strings, f->mask, w, n, hash);
	word_lanes(w, n, &lo, &hi);
	return bucket_find(f, make_key(lo, hi), hash);
}

/* dpg_lic_vocab_find() of corpus.c: ctx its tables or NULL (the table
 * alone, slots and strings, walked). */
uint32_t dpg_lic_vocab_get(const void *ctx, const uint32_t *slots,
			   const char *strings, uint32_t nslots,
			   const void *buckets, const char *w, size_t n,
			   uint32_t hash)
{
	struct vocab_fast b;

	if (ctx)
		return vocab_find_fast(ctx, w, n, hash);
	if (!buckets)
		return find_in(slots, strings, nslots - 1, w, n, hash);
	b.slots = slots;
	b.strings = strings;
	b.mask = nslots - 1;
	b.bmask = bucket_count(nslots) - 1;
	b.words = buckets;
	return vocab_find_fast(&b, w, n, hash);
}

struct tok_state {
	dpg_lic_intern_fn intern;
	void *ctx;
	struct dpg_lic_toks *out;
	/* the vocabulary's tables when intern is dpg_lic_vocab_find() with
	 * them (its lookup inline), else NULL */
	const struct vocab_fast *vocab;
	char prev[WORD_MAX]; /* the last word emitted, for joins */
	size_t prevn;
};

/* The two-word equivalents (sub license, per cent, non commercial),
 * joined with the previous word pn bytes long: 1 when w joins p. */
static int joins(const char *p, size_t pn, const char *w, size_t n)
{
	return (pn == 3 && !memcmp(p, "sub", 3) && n >= 6 &&
		!memcmp(w, "licen", 5)) ||
	       (pn == 3 && !memcmp(p, "per", 3) && n == 4 &&
		!memcmp(w, "cent", 4)) ||
	       (pn == 3 && !memcmp(p, "non", 3) && n == 10 &&
		!memcmp(w, "commercial", 10));
}

/* Whether w (n bytes) can join the next word: sub, per, non (joins()),
 * copyright (join_prev()). */
static inline int joiner(const char *w, size_t n)
{
	if (n == 3)
		return (w[0] == 's' && w[1] == 'u' && w[2] == 'b') ||
		       (w[0] == 'p' && w[1] == 'e' && w[2] == 'r') ||
		       (w[0] == 'n' && w[1] == 'o' && w[2] == 'n');
	return n == 9 && !memcmp(w, "copyright", 9);
}

/*
 * The word w (n bytes, hash its dpg_lic_word_hash) after prev: joined with
 * it (1 returned, the last token grown), or made "owner(s)" after
 * "copyright" (w, n, hash changed).  Only a word of 3 or 9 bytes is
 * kept in prev (only those join), so most words skip this.
 */
static int join_prev(struct tok_state *st, const char **w, size_t *n,
		     uint32_t *hash, size_t off, size_t len)
{
	struct dpg_lic_toks *o = st->out;
	const char *p = st->prev;
	size_t pn = st->prevn;
	char joined[2 * WORD_MAX];

	if (o->n == 0 || pn + *n >= sizeof(joined))
		return 0;
	if (joins(p, pn, *w, *n)) {
		struct dpg_lic_tok *t = &o->v[o->n - 1];
		memcpy(joined, p, pn);
		memcpy(joined + pn, *w, *n);
		t->id = st->intern(st->ctx, joined, pn + *n,
				   dpg_lic_word_hash(joined, pn + *n));
		t->len = (uint32_t)(off + len - t->off);
		st->prevn = 0;
		return 1;
	}
	if (pn == 9 && !memcmp(p, "copyright", 9) &&
	    ((*n == 6 && !memcmp(*w, "holder", 6)) ||
	     (*n == 7 && !memcmp(*w, "holders", 7)))) {
		*w = *n == 6 ? "owner" : "owners";
		*n = *n - 1;
		*hash = dpg_lic_word_hash(*w, *n);
	}
	return 0;
}

/*
 * The token of the word w (n bytes, hash its dpg_lic_word_hash) at off,
 * len bytes of the text; key, when not NULL, its bytes as word_lanes()
 * reads them (the vocabulary's key, from the sixteen bytes read).
 */
static inline __attribute__((always_inline)) void
push(struct tok_state *st, const char *w, size_t n, uint32_t hash,
     const word_key *key, uint32_t line, size_t off, size_t len)
{
	struct dpg_lic_toks *o = st->out;
	struct dpg_lic_tok *t;

	if (st->prevn) {
		const char *w0 = w;
		if (join_prev(st, &w, &n, &hash, off, len))
			return;
		if (w != w0) /* made "owner(s)" */
			key = NULL;
	}
	if (o->n == o->cap)
		dpg_grow(&o->v, &o->cap, o->n + 1, sizeof(*o->v));
	t = &o->v[o->n++];
	if (st->vocab && key && n <= BUCKET_MAX)
		t->id = bucket_find(st->vocab, *key, hash);
	else if (st->vocab)
		t->id = vocab_find_fast(st->vocab, w, n, hash);
	else
		t->id = st->intern(st->ctx, w, n, hash);
	t->line = line;
	t->off = (uint32_t)off;
	t->len = (uint32_t)len;
	/* only sub, per, non and copyright join the next (above): prevn
	 * is 0 after every other word */
	st->prevn = joiner(w, n) ? n : 0;
	if (st->prevn)
		memcpy(st->prev, w, n);
}

/* Whether the byte s[i] >= 0x80 is part of a word: not UTF-8 punctuation
 * or space, not the copyright sign. */
static int utf8_word(const unsigned char *s, size_t i, size_t n)
{
	return !utf8_punct(s + i, n - i) &&
	       !(s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA9);
}

int dpg_lic_tokenize_plain;

/*
 * The word at s[i] (a letter, a digit or a UTF-8 word byte), up to its
 * first WORD_MAX bytes lower-cased into w (*wn of them) and hashed
 * (dpg_lic_word_hash of them, into *h): returns the index after it.
 */
static size_t read_word(const unsigned char *s, size_t i, size_t n, char *w,
			size_t *wn, uint32_t *h)
{
	size_t k = 0;
	unsigned char c;

	for (;;) {
		/* the ASCII letters and digits: most of every word */
		size_t e = n - i > WORD_MAX - k ? i + WORD_MAX - k : n;
		while (i < e && (c = word_byte[s[i]]) != 0) {
			w[k++] = (char)c;
			i++;
		}
		if (i == e && k == WORD_MAX) /* the rest is cut */
			while (i < n && word_byte[s[i]])
				i++;
		if (i >= n || s[i] < 0x80 || !utf8_word(s, i, n))
			break;
		if (k < WORD_MAX)
			w[k++] = (char)s[i];
		i++;
	}
	*wn = k;
	*h = dpg_lic_word_hash(w, k);
	return i;
}

#ifdef __SSE2__
/* Sixteen bytes from first_bytes + 16 - e: e of 0xff, then zeros (the
 * mask of a word's first e bytes). */
static const unsigned char first_bytes[32] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/*
 * The sixteen bytes at p, of which the first n count (the rest of the line):
 * returns the mask of their ASCII letters and digits, and in *x that of
 * the other bytes the tokenizer stops at ('&', '<', bytes >= 0x80); the
 * lower-cased bytes into *low (a digit has the case bit already).
 */
static inline unsigned int classes16(const unsigned char *p, size_t n,
				     unsigned int *x, __m128i *low)
{
	__m128i v = _mm_loadu_si128((const void *)p);
	__m128i l = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i al = _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8('a' - 1)),
				   _mm_cmplt_epi8(l, _mm_set1_epi8('z' + 1)));
	__m128i dg = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
				   _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
	__m128i st = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
				  _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
	unsigned int cut = n < 16 ? (1u << n) - 1 : 0xffffu;

	*low = l;
	*x = (unsigned int)_mm_movemask_epi8(_mm_or_si128(st, v)) & cut;
	return (unsigned int)_mm_movemask_epi8(_mm_or_si128(al, dg)) & cut;
}

/* The two 64-bit halves of v, as le64() reads them from its bytes: from
 * the register, not from the copy just stored (the hash waits on them). */
static inline void lanes64(__m128i v, uint64_t *c0, uint64_t *c1)
{
#ifdef __x86_64__
	*c0 = (uint64_t)_mm_cvtsi128_si64(v);
	*c1 = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v));
#else
	unsigned char b[16];
	_mm_storeu_si128((void *)b, v);
	memcpy(c0, b, 8);
	memcpy(c1, b + 8, 8);
#endif
}

/* The mask of the ASCII letters and digits of the 64 bytes at p, of which
 * the first n count, and in *x that of the bytes the tokenizer stops at
 * (classes16() of each sixteen). */
static inline uint64_t classes64(const unsigned char *p, size_t n, uint64_t *x)
{
	uint64_t a = 0, xs = 0;
	uint64_t cut = n < 64 ? ((uint64_t)1 << n) - 1 : ~(uint64_t)0;
	unsigned int k, xk;
	__m128i l;

	for (k = 0; k < 4; k++) {
		a |= (uint64_t)classes16(p + 16 * k, 16, &xk, &l) << (16 * k);
		xs |= (uint64_t)xk << (16 * k);
	}
	*x = xs & cut;
	return a & cut;
}

/* The token of the ASCII word of e bytes (0 < e < 16) whose sixteen
 * bytes, lower-cased, are l (the bytes after it not yet cut), at off. */
static inline __attribute__((always_inline)) void
push16(struct tok_state *st, __m128i l, unsigned int e, uint32_t line,
       size_t off)
{
	char w[16];
	uint64_t ln[2];

	l = _mm_and_si128(
		l, _mm_loadu_si128((const void *)(first_bytes + 16 - e)));
	_mm_storeu_si128((void *)w, l);
	lanes64(l, &ln[0], &ln[1]);
	push(st, w, e, word_hash16(ln[0], ln[1], e, NULL), &l, line, off, e);
}
#endif

#ifdef __SSE2__
/* Whether the word whose bytes are c0, c1 (le64(), n of them) can join
 * the next word: joiner() from the bytes read. */
static inline int joiner_lanes(uint64_t c0, uint64_t c1, unsigned int n)
{
	if (n == 3)
		return c0 == 0x627573u /* sub */ || c0 == 0x726570u /* per */ ||
		       c0 == 0x6e6f6eu /* non */;
	return n == 9 && c0 == 0x6867697279706f63u /* copyrigh */ && c1 == 't';
}

/*
 * The ASCII words of the 64 bytes at s + i (s + i + 80 may be read; the
 * line is n bytes), one after another from the masks of the 64 without
 * classifying again (minified code and source maps: a word every six
 * bytes), each looked up and stored in place when nothing joins it (as
 * push() does then).  Stops at the first byte that is not the start of
 * an ASCII word of under 16 bytes ending in the 64, which the sixteen-
 * byte reads take as their own (they stop at the same bytes): returns
 * where, or 64 when all are read.
 */
static unsigned int block_words(struct tok_state *st, const unsigned char *s,
				size_t i, size_t n, size_t lo, uint32_t line)
{
	struct dpg_lic_toks *o = st->out;
	const struct vocab_fast *vocab = st->vocab;
	uint64_t x64, a64 = classes64(s + i, n - i, &x64);
	uint64_t ev = (a64 & ~(a64 << 1)) | x64;
	struct dpg_lic_tok *t;
	unsigned int stop = 64, p, e;

	/* room for every word of the 64 (a byte between two) */
	if (o->cap - o->n < 32)
		dpg_grow(&o->v, &o->cap, o->n + 32, sizeof(*o->v));
	t = o->v + o->n;
	while (ev) {
		__m128i l;
		uint64_t c0, c1, rest;
		uint32_t hash;

		p = (unsigned int)__builtin_ctzll(ev);
		/* the word's length; 64 when it runs to the end of the 64
		 * (ctz of 0 is undefined: bsf leaves garbage without BMI) */
		rest = ~(a64 >> p);
		e = rest ? (unsigned int)__builtin_ctzll(rest) : 64;
		if ((x64 >> p & 1) || p + e >= 64 || e >= 16 ||
		    ((x64 >> (p + e) & 1) && s[i + p + e] >= 0x80 &&
		     utf8_word(s, i + p + e, n))) {
			stop = p;
			break;
		}
		ev &= ~(uint64_t)0 << (p + e);
		l = _mm_and_si128(
			_mm_or_si128(_mm_loadu_si128((const void *)(s + i + p)),
				     _mm_set1_epi8(0x20)),
			_mm_loadu_si128((const void *)(first_bytes + 16 - e)));
		lanes64(l, &c0, &c1);
		hash = word_hash16(c0, c1, e, NULL);
		if (__builtin_expect(!vocab || st->prevn || e > BUCKET_MAX,
				     0)) {
			char w[16];
			_mm_storeu_si128((void *)w, l);
			o->n = (size_t)(t - o->v);
			push(st, w, e, hash, &l, line, lo + i + p, e);
			t = o->v + o->n;
			continue;
		}
		t->id = bucket_find(vocab, l, hash);
		t->line = line;
		t->off = (uint32_t)(lo + i + p);
		t->len = e;
		t++;
		if (__builtin_expect(joiner_lanes(c0, c1, e), 0)) {
			st->prevn = e;
			memcpy(st->prev, &c0, 8);
			memcpy(st->prev + 8, &c1, 8);
		}
	}
	o->n = (size_t)(t - o->v);
	return stop;
}
#endif

static void tokenize_line(struct tok_state *st, const unsigned char *text,
			  size_t lo, size_t hi, size_t end, uint32_t line)
{
	const unsigned char *s = text + lo;
	size_t n = hi - lo, i, j, k;
	char w[WORD_MAX];
	size_t wn;
	uint32_t h;

	/* the end of the bytes that may be read sixteen at a time: up to
	 * end (past the line), none when the byte loop is asked for */
	const int plain = dpg_lic_tokenize_plain;
	size_t wide = plain ? 0 : end - lo;

	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	i = skip_prefix(s, 0, n);
	if (i < n && is_copyright_line(s, i, n))
		return;
	j = skip_numbering(s, i, n);
	if (j != i)
		i = skip_prefix(s, j, n);
	while (i < n) {
		unsigned char c;
#ifdef __SSE2__
		/*
		 * Sixteen bytes past 64 may be read, and the line goes on
		 * (most of them count): the words of the 64 (block_words()).
		 */
		if (n - i >= 48 && i + 80 <= wide) {
			unsigned int stop = block_words(st, s, i, n, lo, line);
			i += stop;
			if (stop == 64)
				continue;
		}
		/*
		 * Sixteen bytes at a time where as many may be read: a run of
		 * spaces and punctuation is passed over to the next byte that
		 * is not one, and an ASCII word that ends within them (nearly
		 * every word) is read from them, hashed from two 64-bit
		 * words (dpg_lic_word_hash()), without a loop over its bytes.
		 * What else there is goes to the byte loop below.
		 */
		if (i + 16 <= wide) {
			__m128i l;
			unsigned int x, a = classes16(s + i, n - i, &x, &l);
			unsigned int e, nx;

			if (!((a | x) & 1)) {
				nx = a | x;
				i += nx ? (unsigned int)__builtin_ctz(nx) : 16;
				continue;
			}
			e = (unsigned int)__builtin_ctz(~a); /* a < 1 << 16 */
			if (e > 0 && e < 16 &&
			    (!(x >> e & 1) || s[i + e] < 0x80 ||
			     !utf8_word(s, i + e, n))) {
				push16(st, l, e, line, lo + i);
				nx = (a | x) >> e;
				i += nx ? e + (unsigned int)__builtin_ctz(nx)
					: 16;
				continue;
			}
		}
#else
		(void)wide;
#endif
		c = s[i];
		if (word_byte[c] || (c >= 0x80 && utf8_word(s, i, n))) {
			j = read_word(s, i, n, w, &wn, &h);
			push(st, w, wn, h, NULL, line, lo + i, j - i);
			i = j;
		} else if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA9) {
			push(st, "c", 1, dpg_lic_word_hash("c", 1), NULL, line,
			     lo + i, 2); /* © is (c) */
			i += 2;
		} else if (c >= 0x80) {
			i += utf8_punct(s + i, n - i);
		} else if (c == '&') {
			k = skip_entity(s, i, n);
			if (k != i && word_at(s, i, n, "&copy;"))
				push(st, "c", 1, dpg_lic_word_hash("c", 1),
				     NULL, line, lo + i, k - i);
			i = k != i ? k : i + 1;
		} else if (c == '<') {
			k = skip_html_tag(s, i, n, plain);
			i = k != i ? k : i + 1;
		} else {
			/* the run of other ASCII bytes (spaces, punctuation) */
			for (i++; i < n && plain_byte[s[i]]; i++)
				;
		}
	}
}

uint32_t dpg_lic_tokenize(const char *text, size_t start, size_t end,
			  uint32_t first_line, dpg_lic_intern_fn intern,
			  void *ctx, struct dpg_lic_toks *out)
{
	const unsigned char *s = (const unsigned char *)text;
	struct tok_state st;
	uint32_t line = first_line;
	size_t pos = start;

	st.intern = intern;
	st.ctx = ctx;
	st.out = out;
	st.vocab = __atomic_load_n(&vocab_fast, __ATOMIC_ACQUIRE);
	if (!st.vocab || ctx != st.vocab || intern != st.vocab->find ||
	    dpg_lic_tokenize_plain)
		st.vocab = NULL; /* not dpg_lic_vocab_find() with its tables */
	st.prevn = 0;
	while (pos < end) {
		const unsigned char *nl = memchr(s + pos, '\n', end - pos);
		size_t eol = nl ? (size_t)(nl - s) : end;
		tokenize_line(&st, s, pos, eol, end, line);
		pos = eol + 1;
		line++;
	}
	/* a last line without its newline was counted */
	return pos > end ? line - 1 : line;
}
