/*
 * ownership.c: who owns the code (indicator 3).
 *
 * Findings (see docs/RULES.md):
 *   "copyright"             a copyright line in a license file, NOTICE,
 *                           README or the header (first 60 lines) of a
 *                           source file: value = the normalised holder,
 *                           excerpt = the raw line, path:line.
 *   "copyright-holder"      in end(), per holder: value = holder, score =
 *                           share of the files with a copyright line that
 *                           name it, excerpt = "N files, years 2019-2023".
 *   "copyright-consistency" in end(): value "consistent" (one holder),
 *                           "mixed" or "none"; excerpt lists the holders.
 *   "authors-file"          AUTHORS, CONTRIBUTORS, MAINTAINERS: value = the
 *                           kind, excerpt = "N entries".
 *   "cla", "dco"            a CLA / DCO file or bot configuration (value
 *                           "file" or "bot"), or a CONTRIBUTING line that
 *                           asks for one (value "contributing").
 * Vendored trees (node_modules/, vendor/, third_party/...) are not read.
 * Internal facts, for end(): "holder", one per holder a file names (value
 * = the holder, line..line_end = the years seen, 0 when none; score 1 on
 * the first of a file, else 0), in the order of their first line.
 */
#define _GNU_SOURCE /* memmem, memrchr */
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
#define MARKS_AVX2 1
#endif

#include "dpg/licproject.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define HEADER_LINES	       60
#define MAX_HOLDER	       100
#define MAX_HOLDERS	       1000
#define MAX_COPYRIGHT_FINDINGS 500

enum what {
	W_NONE = 0,
	W_LICENSE = 1, /* license, NOTICE, COPYRIGHT: every line */
	W_README = 2,  /* every line */
	W_SOURCE = 4,  /* header lines only */
	W_AUTHORS = 8,
	W_CLA_FILE = 16,
	W_DCO_FILE = 32,
	W_CONTRIBUTING = 64,
	W_BOT = 128, /* .clabot, .github/dco.yml: path only */
};

struct holder {
	const char *name;
	unsigned int files;
	int in_license; /* named in a top-level license file */
	int ymin, ymax;
	size_t last_file; /* to count a file once */
	size_t order;	  /* first seen: breaks ties */
};

/* The holders of a scan (end()) or of one file (file()). */
struct holders {
	struct holder *h;
	size_t nh, cap;
	size_t *slots; /* index + 1 of each holder by name hash, or 0 */
	size_t nslots; /* a power of two, over twice nh */
};

/* The slot of name in st's table: its holder's, or an empty one. */
static size_t *holder_slot(const struct holders *st, const char *name)
{
	size_t i = (size_t)dpg_fnv1a64(name, strlen(name)) & (st->nslots - 1);

	while (st->slots[i] && strcmp(st->h[st->slots[i] - 1].name, name))
		i = (i + 1) & (st->nslots - 1);
	return &st->slots[i];
}

static void holders_release(struct holders *st)
{
	free(st->h);
	free(st->slots);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int vendored(const char *p)
{
	static const char *const dirs[] = {"node_modules/",    "vendor/",
					   "third_party/",     "third-party/",
					   "3rdparty/",	       "external/",
					   "bower_components/"};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(dirs); i++) {
		if (dpg_starts_with(p, dirs[i]))
			return 1;
		if (strstr(p, dirs[i]) && strstr(p, dirs[i])[-1] == '/')
			return 1;
	}
	return 0;
}

/* Case-insensitive: base name is stem (lowercase), or stem + "." +
 * extension. */
static int stem_is(const char *b, const char *stem)
{
	size_t n;

	if ((b[0] | 0x20) != stem[0]) /* a quick no */
		return 0;
	n = strlen(stem);
	if (dpg_strncasecmp(b, stem, n) != 0)
		return 0;
	return b[n] == '\0' || b[n] == '.' || b[n] == '-' || b[n] == '_';
}

static int source_ext(const char *b)
{
	static const char *const exts[] = {
		".c",	 ".h",	   ".cc",     ".cpp", ".hpp",  ".cxx",	".m",
		".go",	 ".rs",	   ".py",     ".rb",  ".php",  ".java", ".kt",
		".kts",	 ".scala", ".swift",  ".js",  ".jsx",  ".ts",	".tsx",
		".mjs",	 ".cjs",   ".vue",    ".cs",  ".fs",   ".sh",	".bash",
		".pl",	 ".pm",	   ".r",      ".jl",  ".dart", ".lua",	".ex",
		".exs",	 ".erl",   ".hs",     ".clj", ".sql",  ".css",	".scss",
		".html", ".xml",   ".groovy", ".ml",  ".el",   ".vim",
	};
	const char *dot = strrchr(b, '.');
	size_t i;

	if (!dot)
		return 0;
	for (i = 0; i < DPG_ARRAY_SIZE(exts); i++)
		if ((dot[1] | 0x20) == exts[i][1] && /* a quick no */
		    dpg_strcasecmp(dot, exts[i]) == 0)
			return 1;
	return 0;
}

static unsigned int classify_name(const char *path);

/* Tests: not 0 turns off the shortcuts below (classify()'s last answer,
 * the cuts' one pass, the AVX2 mark search, the one-pass word tests of a
 * holder, line numbers counted only for the lines reported): the same
 * findings, the plain way. */
int dpg_ownership_plain;

static unsigned int classify_path(const char *path)
{
	unsigned int w = classify_name(path);

	/* vendored code, generated build files, bundles: others' notices */
	if (w && (vendored(path) || dpg_license_foreign_file(path)))
		return W_NONE;
	return w;
}

/* classify_path(), a pure function of the path: file() asks it of the
 * path want() just asked of, on the same thread mostly. */
static unsigned int classify(const char *path)
{
	static _Thread_local char last[512];
	static _Thread_local unsigned int last_w;
	size_t n;

	if (dpg_ownership_plain)
		return classify_path(path);
	if (last[0] && !strcmp(path, last))
		return last_w;
	last_w = classify_path(path);
	n = strlen(path);
	if (n && n < sizeof(last))
		memcpy(last, path, n + 1);
	else
		last[0] = '\0';
	return last_w;
}

/* What classify() says of path before it looks for vendored code. */
static unsigned int classify_name(const char *path)
{
	const char *b = base_name(path);
	int top = strchr(path, '/') == NULL;

	if (strcmp(path, ".clabot") == 0 ||
	    strcmp(path, ".github/cla.yml") == 0 ||
	    strcmp(path, ".github/workflows/cla.yml") == 0 ||
	    strcmp(path, ".github/dco.yml") == 0 ||
	    strcmp(path, ".github/workflows/dco.yml") == 0)
		return W_BOT;
	if (stem_is(b, "licence") || stem_is(b, "license") ||
	    stem_is(b, "copying") || stem_is(b, "notice") ||
	    stem_is(b, "copyright") || stem_is(b, "unlicense") ||
	    dpg_starts_with(path, "LICENSES/"))
		return W_LICENSE;
	if (stem_is(b, "authors") || stem_is(b, "contributors") ||
	    stem_is(b, "maintainers") || stem_is(b, "credits"))
		return W_AUTHORS;
	if (stem_is(b, "cla") || stem_is(b, "individual-cla") ||
	    stem_is(b, "corporate-cla") ||
	    stem_is(b, "contributor-license-agreement") ||
	    stem_is(b, "contributor_license_agreement"))
		return W_CLA_FILE;
	if (stem_is(b, "dco"))
		return W_DCO_FILE;
	if (stem_is(b, "contributing"))
		return W_CONTRIBUTING;
	if (stem_is(b, "readme") && (top || dpg_starts_with(path, "docs/")))
		return W_README;
	if (source_ext(b))
		return W_SOURCE;
	return W_NONE;
}

/* ---- copyright lines ---- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Case-insensitive search of needle (lowercase) in [s, e). */
static const char *ci_find(const char *s, const char *e, const char *needle)
{
	size_t n = strlen(needle);
	const char *p;

	for (p = s; p + n <= e; p++) {
		size_t i;

		for (i = 0; i < n; i++)
			if (lower((unsigned char)p[i]) != needle[i])
				break;
		if (i == n)
			return p;
	}
	return NULL;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* dpg_starts_with(s, lit) for a literal lit: its first byte inline, no
 * strlen() (dpg_ownership_plain: dpg_starts_with()). */
#define BEGINS(s, lit)                                                         \
	(dpg_ownership_plain ? dpg_starts_with(s, lit)                         \
			     : (s)[0] == (lit)[0] &&                           \
				       strncmp(s, lit, sizeof(lit) - 1) == 0)

/*
 * "MIT © name": a license name of one or two words, then the mark; the
 * mark's position, or NULL.
 */
static const char *license_then_mark(const char *s, const char *e)
{
	const char *p = s;
	int words = 0;

	while (p < e && words < 3) {
		const char *w = p;

		while (p < e &&
		       ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			(*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			p++;
		if (p == w)
			return NULL;
		words++;
		while (p < e && *p == ' ')
			p++;
		if (e - p >= 2 && (unsigned char)p[0] == 0xC2 &&
		    (unsigned char)p[1] == 0xA9)
			return p;
	}
	return NULL;
}

/* Holders that are artefacts of templates or code, not names:
 * "$this_year by", "{{ author }}", "__AUTHOR__", emoji. */
static int artefact_holder(const char *h)
{
	const unsigned char *p;
	int letters = 0;

	static const char *const words[] = {
		"author", "authors", "name", "your name", "company",
		"owner",  "user",    "me",   "todo",	  "fixme",
	};
	size_t i;

	if (strpbrk(h, "${}%<>`@\\|") || strstr(h, "__"))
		return 1;
	/* the words are 9 bytes or fewer: a longer holder is none of them */
	if (dpg_ownership_plain || strnlen(h, 10) < 10)
		for (i = 0; i < DPG_ARRAY_SIZE(words); i++)
			if (!strcmp(h, words[i]))
				return 1;
	for (p = (const unsigned char *)h; *p; p++) {
		if (*p >= 0xF0)
			return 1; /* emoji and other pictographs */
		letters += (*p >= 'a' && *p <= 'z') || *p >= 0x80;
	}
	return letters < 2 || BEGINS(h, "this year") ||
	       BEGINS(h, "current year");
}

/* Byte tables made once (tables_init()): the comment leaders a copyright
 * line may start with (strchr() finds the NUL too), the cuts and prose
 * words by first byte, and the bytes a holder's name folds to a space. */
static unsigned char leader[256], punct[256], strip_start[256];
static uint16_t cut_by_first[256], prose_by_first[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
#define LEADERS " \t/*#;-!%'<>_="
/* The bytes what parse_copyright() strips from a line may start with in a
 * line without an '@': "(c)", the sign, "&copy;" or "&lt;", a year, a
 * tag, a URL, an en or em dash. */
#define STRIP_STARTS "(\xC2&12<h\xE2"

/* What a holder's name ends before: the first of each cut. */
static const char *const cuts[] = {
	"all rights reserved",
	"and its contributors",
	"and other contributors",
	"and contributors",
	"& contributors",
	"and the contributors",
	"some rights reserved",
	"and its affiliates",
	"and affiliates",
	"and others",
	"et al",
};

static size_t cut_len(size_t i)
{
	return strlen(cuts[i]);
}

/* The first two bytes of every cut (cut_places() looks at the places of
 * these only). */
static const char cut_starts[][2] = {
	{'a', 'l'}, {'a', 'n'}, {'&', ' '}, {'s', 'o'}, {'e', 't'}};

/* Tests: every cut is two bytes or more, starts with a pair of
 * cut_starts, and each of its bytes has bit 0x20 (what cut_places()
 * takes for granted). */
int dpg_ownership_cuts_ok(void);
int dpg_ownership_cuts_ok(void)
{
	size_t i, j, k;

	for (i = 0; i < DPG_ARRAY_SIZE(cuts); i++) {
		if (!cuts[i][0] || !cuts[i][1])
			return 0;
		for (k = 0; k < DPG_ARRAY_SIZE(cut_starts) &&
			    (cut_starts[k][0] != cuts[i][0] ||
			     cut_starts[k][1] != cuts[i][1]);
		     k++)
			;
		if (k == DPG_ARRAY_SIZE(cut_starts))
			return 0;
		for (j = 0; cuts[i][j]; j++)
			if (!(cuts[i][j] & 0x20))
				return 0;
	}
	return 1;
}

/* The cuts not found yet (at[i] (size_t)-1) that start at buf + k (ASCII
 * case ignored; k + 1 < n) into at: how many. */
static inline __attribute__((always_inline)) size_t
cuts_at(const char *buf, size_t n, size_t k, size_t *at)
{
	unsigned int f = cut_by_first[lower((unsigned char)buf[k])];
	size_t i, j, m, found = 0;

	while (f) {
		i = (size_t)__builtin_ctz(f);
		f &= f - 1;
		if (at[i] != (size_t)-1 ||
		    cuts[i][1] != lower((unsigned char)buf[k + 1]))
			continue;
		m = cut_len(i);
		for (j = 2; j < m && k + j < n &&
			    lower((unsigned char)buf[k + j]) == cuts[i][j];
		     j++)
			;
		if (j == m) {
			at[i] = k;
			found++;
		}
	}
	return found;
}

/*
 * The first place of each cut in buf[0, n), ASCII case ignored, into at,
 * (size_t)-1 where it has none: one pass over buf, looking on only where
 * the first two bytes of a cut are (sixteen places at a time: a byte with
 * bit 0x20 set is each cut's byte there), where a memmem call a cut read
 * a lower-cased copy eleven times (dpg_ownership_plain).
 */
static void cut_places(const char *buf, size_t n, size_t *at)
{
	size_t k = 0, i, left = DPG_ARRAY_SIZE(cuts);

	if (dpg_ownership_plain) {
		char low[400];

		for (i = 0; i < n && i < sizeof(low); i++)
			low[i] = (char)lower((unsigned char)buf[i]);
		for (i = 0; i < DPG_ARRAY_SIZE(cuts); i++) {
			const char *q = memmem(low, n, cuts[i], cut_len(i));

			at[i] = q ? (size_t)(q - low) : (size_t)-1;
		}
		return;
	}
	for (i = 0; i < DPG_ARRAY_SIZE(cuts); i++)
		at[i] = (size_t)-1;
#ifdef __SSE2__
	for (; k + 17 <= n && left; k += 16) {
		const __m128i b20 = _mm_set1_epi8(0x20);
		__m128i l0 = _mm_or_si128(
			_mm_loadu_si128((const void *)(buf + k)), b20);
		__m128i l1 = _mm_or_si128(
			_mm_loadu_si128((const void *)(buf + k + 1)), b20);
		__m128i m = _mm_setzero_si128();
		unsigned int bits;

		for (i = 0; i < DPG_ARRAY_SIZE(cut_starts); i++)
			m = _mm_or_si128(
				m,
				_mm_and_si128(
					_mm_cmpeq_epi8(
						l0, _mm_set1_epi8(
							    cut_starts[i][0])),
					_mm_cmpeq_epi8(
						l1,
						_mm_set1_epi8(
							cut_starts[i][1]))));
		for (bits = (unsigned int)_mm_movemask_epi8(m); bits;
		     bits &= bits - 1)
			left -= cuts_at(buf, n, k + (size_t)__builtin_ctz(bits),
					at);
	}
#endif
	for (; k + 1 < n && left; k++)
		left -= cuts_at(buf, n, k, at);
}

/* The bytes a holder's name folds to a space (and every byte below 0x20):
 * strchr(PUNCT, ch) once a table, for each byte of each copyright line. */
#define PUNCT " \t.,;:!\"'()[]{}-+*/|=~`"

/* What a holder is not: a template or prose (any of these in it; "year"
 * is one only as the whole holder). */
static const char *const prose[] = {
	"yyyy",	     "name of",	   "holder",  "owner",	  "notice",
	"the above", "permission", "license", "fullname",
};

static void tables_init(void)
{
	const char *c;
	size_t i;

	_Static_assert(DPG_ARRAY_SIZE(cuts) <= 16 &&
			       DPG_ARRAY_SIZE(prose) <= 16,
		       "cuts and prose words fit a uint16_t");
	for (c = PUNCT; *c; c++)
		punct[(unsigned char)*c] = 1;
	for (c = LEADERS; *c; c++)
		leader[(unsigned char)*c] = 1;
	for (c = STRIP_STARTS; *c; c++)
		strip_start[(unsigned char)*c] = 1;
	leader[0] = 1;
	for (i = 0; i < DPG_ARRAY_SIZE(cuts); i++)
		cut_by_first[(unsigned char)cuts[i][0]] |= (uint16_t)(1u << i);
	for (i = 0; i < DPG_ARRAY_SIZE(prose); i++)
		prose_by_first[(unsigned char)prose[i][0]] |=
			(uint16_t)(1u << i);
}

/* Whether holder h holds a prose word (or is "year"). */
static int prose_holder(const char *h)
{
	const char *p;
	size_t i;

	if (dpg_ownership_plain) {
		for (i = 0; i < DPG_ARRAY_SIZE(prose); i++)
			if (strstr(h, prose[i]))
				return 1;
		return strcmp(h, "year") == 0;
	}
	for (p = h; *p; p++) {
		unsigned int f = prose_by_first[(unsigned char)*p];

		while (f) {
			i = (size_t)__builtin_ctz(f);
			f &= f - 1;
			/* every word is two bytes or more: its second
			 * first, inline */
			if (p[1] == prose[i][1] &&
			    !strncmp(p, prose[i], strlen(prose[i])))
				return 1;
		}
	}
	return strcmp(h, "year") == 0;
}

/* Whether buf holds a template placeholder: {{ author }}, ${year},
 * <%= name %>, {% ... %}, or any '$'. */
static int template_text(const char *buf)
{
	const char *q;

	if (dpg_ownership_plain)
		return strstr(buf, "{{") || strstr(buf, "${") ||
		       strstr(buf, "<%") || strstr(buf, "{%") ||
		       strchr(buf, '$');
	for (q = buf; (q = strpbrk(q, "{$<")) != NULL; q++)
		if (*q == '$' || (*q == '{' && (q[1] == '{' || q[1] == '%')) ||
		    (*q == '<' && q[1] == '%'))
			return 1;
	return 0;
}

static int is_punct(unsigned char ch)
{
	if (dpg_ownership_plain)
		return strchr(PUNCT, ch) || ch < 0x20;
	return punct[ch] || ch < 0x20;
}

/*
 * Parse one line; on success write the normalised holder to out and the
 * year range seen to *y0, *y1 (0 when none) and return 1.
 */
static int parse_copyright(const char *s, const char *e, char *out,
			   size_t outsz, int *y0, int *y1)
{
	char buf[400];
	size_t n = 0, i, o = 0;
	const char *p;
	int marked = 0, space = 0, list_item = 0, at_sign;

	*y0 = *y1 = 0;
	/* comment leaders and markup */
	if (dpg_ownership_plain)
		while (s < e && strchr(LEADERS, *s))
			s++;
	else
		while (s < e && leader[(unsigned char)*s])
			s++;
	if (e - s >= 3 && (dpg_ownership_plain || (s[0] | 0x20) == 'r') &&
	    dpg_strncasecmp(s, "rem ", 4) == 0)
		s += 4;
	if (e - s > 24 && memcmp(s, "SPDX-FileCopyrightText:", 23) == 0) {
		s += 23;
		marked = 1;
	} else if (e - s >= 9 &&
		   (dpg_ownership_plain || (s[0] | 0x20) == 'c') &&
		   dpg_strncasecmp(s, "copyright", 9) == 0) {
		s += 9;
		if (s < e && (*s == 's' || *s == 'S'))
			return 0; /* "Copyrights" prose */
		if (s < e && *s == ':')
			s++;
		/* Debian's "Copyright: Copyright (C) 1997 James Troup" */
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (e - s >= 10 && dpg_strncasecmp(s, "copyright", 9) == 0 &&
		    (s[9] == ' ' || s[9] == '\t'))
			s += 9;
	} else if (e - s >= 2 && (unsigned char)s[0] == 0xC2 &&
		   (unsigned char)s[1] == 0xA9) {
		marked = 1;
	} else if (license_then_mark(s, e)) {
		/* "MIT © Jane Doe", "ISC (c) 2020 Org" */
		s = license_then_mark(s, e);
		marked = 1;
	} else if (e - s >= 4 &&
		   (memcmp(s, "(c)", 3) == 0 || memcmp(s, "(C)", 3) == 0) &&
		   (s[3] == ' ' || s[3] == '\t')) {
		/* "(c) 2020 Org", but not the item "(c)" of a list */
		marked = 1;
		list_item = 1;
	} else {
		return 0;
	}
	/* work on a copy, NUL-terminated */
	n = (size_t)(e - s);
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* drop comment closers */
	while (n && strchr(" \t*/->", buf[n - 1]))
		buf[--n] = '\0';

	/* remove (c), ©, &copy;, years and ranges, emails, urls (a word is
	 * an email only where the line has an '@': blanks make none) */
	at_sign = dpg_ownership_plain || memchr(buf, '@', n) != NULL;
	for (i = 0; i < n;) {
		char *c = buf + i;

		if (!at_sign && !strip_start[(unsigned char)c[0]]) {
			i++; /* none of the below: a table's no */
		} else if ((c[0] == '(' && lower((unsigned char)c[1]) == 'c' &&
			    c[2] == ')')) {
			memset(c, ' ', 3);
			marked = 1;
			i += 3;
		} else if ((unsigned char)c[0] == 0xC2 &&
			   (unsigned char)c[1] == 0xA9) {
			c[0] = c[1] = ' ';
			marked = 1;
			i += 2;
		} else if (c[0] == '&' && strncmp(c, "&copy;", 6) == 0) {
			memset(c, ' ', 6);
			marked = 1;
			i += 6;
		} else if (is_digit((unsigned char)c[0]) &&
			   is_digit((unsigned char)c[1]) &&
			   is_digit((unsigned char)c[2]) &&
			   is_digit((unsigned char)c[3]) &&
			   !is_digit((unsigned char)c[4]) &&
			   (i == 0 || !is_digit((unsigned char)c[-1])) &&
			   (c[0] == '1' || c[0] == '2')) {
			int y = (c[0] - '0') * 1000 + (c[1] - '0') * 100 +
				(c[2] - '0') * 10 + (c[3] - '0');

			if (y >= 1970 && y <= 2100) {
				if (!*y0 || y < *y0)
					*y0 = y;
				if (y > *y1)
					*y1 = y;
				marked = 1;
				memset(c, ' ', 4);
			}
			i += 4;
		} else if (*c == '<' ||
			   (c[0] == '&' && !strncmp(c, "&lt;", 4))) {
			/* "<jane@x.org>", and HTML's "&lt;jane@x.org&gt;" */
			char *close =
				*c == '<' ? strchr(c, '>') : strstr(c, "&gt;");
			size_t k = close ? (size_t)(close - c) +
						   (*c == '<' ? 1 : 4)
					 : n - i;

			memset(c, ' ', k);
			i += k;
		} else if ((unsigned char)c[0] == 0xE2 &&
			   (unsigned char)c[1] == 0x80 &&
			   ((unsigned char)c[2] == 0x93 ||
			    (unsigned char)c[2] == 0x94)) {
			/* an en or em dash: "2011–2023" is a range */
			memset(c, ' ', 3);
			i += 3;
		} else if ((c[0] == 'h' && (strncmp(c, "http://", 7) == 0 ||
					    strncmp(c, "https://", 8) == 0)) ||
			   (c[0] != ' ' && at_sign &&
			    (i == 0 || buf[i - 1] == ' ') &&
			    memchr(c, '@', strcspn(c, " \t")))) {
			size_t k = strcspn(c, " \t");

			memset(c, ' ', k);
			i += k;
		} else {
			i++;
		}
	}
	if (!marked)
		return 0; /* "copyright notice", "copyright holders"... */
	if (list_item && !*y0)
		return 0;

	/* cut trailing "all rights reserved" and "and contributors" */
	{
		size_t at[DPG_ARRAY_SIZE(cuts)];

		cut_places(buf, n, at);
		for (i = 0; i < DPG_ARRAY_SIZE(cuts); i++)
			/* memmem(low, n, cuts[i]) after the cuts before */
			if (at[i] != (size_t)-1 && at[i] + cut_len(i) <= n) {
				n = at[i];
				buf[n] = '\0';
			}
	}
	/* template placeholders: {{ author }}, ${year}, <%= name %> */
	if (template_text(buf))
		return 0;
	/* normalise: fold case, punctuation to space, collapse */
	for (p = buf; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (is_punct(ch)) {
			space = o > 0;
			continue;
		}
		if (space && o + 1 < outsz)
			out[o++] = ' ';
		space = 0;
		if (o + 1 < outsz)
			out[o++] = (char)lower(ch);
	}
	out[o] = '\0';
	/* a leading "by" ("Copyright 2020 by Foo") and "the" ("The Apache
	 * Software Foundation" and "Apache Software Foundation" are one) */
	if (BEGINS(out, "by ")) {
		memmove(out, out + 3, strlen(out + 3) + 1);
		o = strlen(out);
	}
	/* "2016-present", "2016 - now": the year is gone, the word stays */
	if (*y0 && (BEGINS(out, "present ") || BEGINS(out, "now ") ||
		    BEGINS(out, "today "))) {
		const char *sp = strchr(out, ' ');

		memmove(out, sp + 1, strlen(sp + 1) + 1);
		o = strlen(out);
	}
	if (*y0 && BEGINS(out, "and later ")) {
		memmove(out, out + 10, strlen(out + 10) + 1);
		o = strlen(out);
	}
	if (BEGINS(out, "the ")) {
		memmove(out, out + 4, strlen(out + 4) + 1);
		o = strlen(out);
	}
	if (!o || o > MAX_HOLDER)
		return 0;
	/* templates and prose, not holders */
	if (prose_holder(out))
		return 0;
	if (!(*y0) && strlen(out) < 2)
		return 0;
	return !artefact_holder(out);
}

/* The holder named name, or NULL past MAX_HOLDERS; a new name is copied
 * into a (kept as it is when a is NULL). */
static struct holder *get_holder(struct holders *st, const char *name,
				 struct dpg_arena *a)
{
	size_t i, *slot;

	if (st->nslots <= 2 * st->nh) { /* (re)build the table */
		st->nslots = st->nslots ? 2 * st->nslots : 64;
		free(st->slots);
		st->slots = xcalloc(st->nslots, sizeof(*st->slots));
		for (i = 0; i < st->nh; i++)
			*holder_slot(st, st->h[i].name) = i + 1;
	}
	slot = holder_slot(st, name);
	if (*slot)
		return &st->h[*slot - 1];
	if (st->nh >= MAX_HOLDERS)
		return NULL;
	dpg_grow(&st->h, &st->cap, st->nh + 1, sizeof(*st->h));
	memset(&st->h[st->nh], 0, sizeof(st->h[0]));
	st->h[st->nh].name = a ? dpg_arena_strdup(a, name) : name;
	st->h[st->nh].order = st->nh;
	st->h[st->nh].last_file = (size_t)-1;
	*slot = st->nh + 1;
	return &st->h[st->nh++];
}

static void add(struct dpg_results *out, const char *kind, const char *path,
		unsigned int line, const char *value, const char *excerpt,
		double score)
{
	struct dpg_finding fd;

	memset(&fd, 0, sizeof(fd));
	fd.analyzer = "ownership";
	fd.kind = kind;
	fd.indicator = DPG_IND_OWNERSHIP;
	fd.path = path;
	fd.line = fd.line_end = line;
	fd.value = value;
	fd.excerpt = excerpt;
	fd.score = score;
	dpg_results_add(out, &fd);
}

static void holder_fact(struct dpg_results *out, const char *holder, int ymin,
			int ymax, int first, int in_license)
{
	struct dpg_finding fd;

	memset(&fd, 0, sizeof(fd));
	fd.analyzer = "ownership";
	fd.kind = "holder";
	fd.indicator = DPG_IND_INTERNAL;
	fd.line = (unsigned int)ymin;
	fd.line_end = (unsigned int)ymax;
	fd.value = holder;
	fd.score = first;
	fd.excerpt = in_license ? "license" : NULL;
	dpg_results_add(out, &fd);
}

static char *excerpt_of(struct dpg_results *out, const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (e - s > 200) {
		e = s + 200;
		while (e > s && ((unsigned char)*e & 0xC0) == 0x80)
			e--;
	}
	return dpg_arena_strndup(&out->arena, s, (size_t)(e - s));
}

/* Whether p starts a mark of a copyright line: "py" of "copyright", "(c"
 * or the UTF-8 "\xC2\xA9" (ASCII case ignored; reads p[1]). */
static int mark_at(const char *p)
{
	return ((p[0] | 0x20) == 'p' && (p[1] | 0x20) == 'y') ||
	       (p[0] == '(' && (p[1] | 0x20) == 'c') ||
	       ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA9);
}

#ifdef MARKS_AVX2
/* next_mark()'s loop 32 positions at a time, where the CPU has AVX2: the
 * first mark before *pp's new value, which leaves fewer than 33 bytes. */
__attribute__((target("avx2"))) static const char *next_mark32(const char **pp,
							       const char *end)
{
	const __m256i b20 = _mm256_set1_epi8(0x20);
	const char *p = *pp;

	for (; end - p >= 33; p += 32) {
		__m256i v0 = _mm256_loadu_si256((const void *)p);
		__m256i v1 = _mm256_loadu_si256((const void *)(p + 1));
		__m256i l0 = _mm256_or_si256(v0, b20);
		__m256i l1 = _mm256_or_si256(v1, b20);
		__m256i m = _mm256_or_si256(
			_mm256_and_si256(
				_mm256_cmpeq_epi8(l0, _mm256_set1_epi8('p')),
				_mm256_cmpeq_epi8(l1, _mm256_set1_epi8('y'))),
			_mm256_and_si256(
				_mm256_cmpeq_epi8(v0, _mm256_set1_epi8('(')),
				_mm256_cmpeq_epi8(l1, _mm256_set1_epi8('c'))));
		uint32_t bits;

		m = _mm256_or_si256(
			m, _mm256_and_si256(
				   _mm256_cmpeq_epi8(
					   v0, _mm256_set1_epi8((char)0xC2)),
				   _mm256_cmpeq_epi8(
					   v1, _mm256_set1_epi8((char)0xA9))));
		bits = (uint32_t)_mm256_movemask_epi8(m);
		if (bits)
			return p + __builtin_ctz(bits);
	}
	*pp = p;
	return NULL;
}
#endif

/* The first mark_at() in [p, end), both its bytes there, or NULL: a line
 * without one is no copyright line (parse_copyright() needs "copyright",
 * "(c)" or the sign), 32 or sixteen positions at a time where AVX2 or
 * SSE2 is. */
static const char *next_mark(const char *p, const char *end)
{
#ifdef MARKS_AVX2
	if (!dpg_ownership_plain && dpg_cpu_has(DPG_CPU_AVX2)) {
		const char *q = next_mark32(&p, end);

		if (q)
			return q;
	}
#endif
#ifdef __SSE2__
	const __m128i b20 = _mm_set1_epi8(0x20);

	for (; end - p >= 17; p += 16) {
		__m128i v0 = _mm_loadu_si128((const void *)p);
		__m128i v1 = _mm_loadu_si128((const void *)(p + 1));
		__m128i l0 = _mm_or_si128(v0, b20), l1 = _mm_or_si128(v1, b20);
		__m128i m = _mm_or_si128(
			_mm_and_si128(_mm_cmpeq_epi8(l0, _mm_set1_epi8('p')),
				      _mm_cmpeq_epi8(l1, _mm_set1_epi8('y'))),
			_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8('(')),
				      _mm_cmpeq_epi8(l1, _mm_set1_epi8('c'))));
		unsigned int bits;

		m = _mm_or_si128(
			m,
			_mm_and_si128(
				_mm_cmpeq_epi8(v0, _mm_set1_epi8((char)0xC2)),
				_mm_cmpeq_epi8(v1, _mm_set1_epi8((char)0xA9))));
		bits = (unsigned int)_mm_movemask_epi8(m);
		if (bits)
			return p + __builtin_ctz(bits);
	}
#endif
	for (; end - p >= 2; p++)
		if (mark_at(p))
			return p;
	return NULL;
}

/* The end of the first n lines from p, or end. */
static const char *after_lines(const char *p, const char *end, unsigned int n)
{
	for (; n && p < end; n--) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			return end;
		p = nl + 1;
	}
	return p;
}

/*
 * The copyright lines of one file: a "copyright" finding for each of the
 * first 20 (end() keeps the first MAX_COPYRIGHT_FINDINGS of the scan) and a
 * "holder" fact per holder (per line past MAX_HOLDERS holders in the file,
 * which end() counts the same).
 */
static void scan_copyrights(struct dpg_results *out, const char *path,
			    unsigned int what, const char *data, size_t len)
{
	const char *p = data, *end = data + len, *q, *lp = data;
	unsigned int line = 1, found = 0; /* line: lp's */
	struct holders st = {NULL, 0, 0, NULL, 0};
	struct dpg_finding *extra = NULL;
	size_t nextra = 0, cap = 0, i;
	int top_license = what == W_LICENSE && !strchr(path, '/');

	pthread_once(&tables_once, tables_init);
	if (what == W_SOURCE) /* the header: the first HEADER_LINES lines */
		end = after_lines(data, end, HEADER_LINES);
	/* only the lines with a mark parse_copyright() needs; line numbers
	 * counted up to a line reported only (lp: where line is known) */
	while (p < end && (q = next_mark(p, end)) != NULL) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		const char *le = nl ? nl : end;
		char holder[MAX_HOLDER + 2];
		int y0, y1;

		/* the start of q's line (lp starts one): memrchr, or a byte
		 * at a time (dpg_ownership_plain) */
		if (dpg_ownership_plain) {
			p = q;
			while (p > lp && p[-1] != '\n')
				p--;
		} else {
			p = q > lp ? memrchr(lp, '\n', (size_t)(q - lp)) : NULL;
			p = p ? p + 1 : q > lp ? lp : q;
		}
		if (dpg_ownership_plain) {
			line += (unsigned int)dpg_count_newlines(
				lp, (size_t)(p - lp));
			lp = p;
		}
		if (le - p < 600 &&
		    parse_copyright(p, le, holder, sizeof(holder), &y0, &y1)) {
			struct holder *h;

			/* the FSF's notice on the text of the GPL itself */
			if (what == W_LICENSE &&
			    strstr(holder, "free software foundation"))
				goto next;
			h = get_holder(&st, holder, &out->arena);
			if (h) {
				if (y0 && (!h->ymin || y0 < h->ymin))
					h->ymin = y0;
				if (y1 > h->ymax)
					h->ymax = y1;
			} else {
				struct dpg_finding *x;

				dpg_grow(&extra, &cap, nextra + 1,
					 sizeof(*extra));
				x = &extra[nextra++];
				x->value =
					dpg_arena_strdup(&out->arena, holder);
				x->line = (unsigned int)y0;
				x->line_end = (unsigned int)y1;
			}
			found++;
			if (found <= 20) {
				line += (unsigned int)dpg_count_newlines(
					lp, (size_t)(p - lp));
				lp = p;
				add(out, "copyright", path, line, holder,
				    excerpt_of(out, p, le), -1);
			}
		}
	next:
		p = nl ? nl + 1 : end;
	}
	for (i = 0; i < st.nh; i++)
		holder_fact(out, st.h[i].name, st.h[i].ymin, st.h[i].ymax,
			    i == 0, top_license);
	for (i = 0; i < nextra; i++)
		holder_fact(out, extra[i].value, (int)extra[i].line,
			    (int)extra[i].line_end, 0, top_license);
	holders_release(&st);
	free(extra);
}

static void scan_authors(struct dpg_results *out, const char *path,
			 const char *data, size_t len)
{
	const char *p = data, *end = data + len, *b = base_name(path);
	unsigned int entries = 0;
	char kind[32];
	size_t i;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *s = p;

		while (s < le && (*s == ' ' || *s == '\t' || *s == '-' ||
				  *s == '*' || *s == '\r'))
			s++;
		if (s < le && *s != '#' && *s != '=' && le - s >= 3 &&
		    !ci_find(s, le, "this file") && !ci_find(s, le, "authors"))
			entries++;
		p = nl ? nl + 1 : end;
	}
	for (i = 0; b[i] && b[i] != '.' && i + 1 < sizeof(kind); i++)
		kind[i] = (char)(b[i] >= 'a' && b[i] <= 'z' ? b[i] - 32 : b[i]);
	kind[i] = '\0';
	add(out, "authors-file", path, 0, kind,
	    dpg_arena_printf(&out->arena, "%u entries", entries), -1);
}

static void scan_contributing(struct dpg_results *out, const char *path,
			      const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	unsigned int line = 0;
	int cla = 0, dco = 0;

	while (p < end && !(cla && dco)) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		line++;
		if (!dco &&
		    (ci_find(p, le, "signed-off-by") ||
		     ci_find(p, le, "developer certificate of origin") ||
		     ci_find(p, le, "git commit -s"))) {
			dco = 1;
			add(out, "dco", path, line, "contributing",
			    excerpt_of(out, p, le), -1);
		}
		if (!cla && (ci_find(p, le, "contributor license agreement") ||
			     ci_find(p, le, "contributor licence agreement") ||
			     memmem(p, (size_t)(le - p), " CLA ", 5) ||
			     memmem(p, (size_t)(le - p), " CLA.", 5) ||
			     memmem(p, (size_t)(le - p), "(CLA)", 5))) {
			cla = 1;
			add(out, "cla", path, line, "contributing",
			    excerpt_of(out, p, le), -1);
		}
		p = nl ? nl + 1 : end;
	}
}

/* ---- the analyzer ---- */

static unsigned int own_want(void *config, const struct dpg_file *f)
{
	unsigned int w;

	(void)config;
	if (f->mode != DPG_MODE_FILE && f->mode != DPG_MODE_EXEC)
		return 0;
	w = classify(f->path);
	if (!w)
		return 0;
	return w == W_BOT ? DPG_WANT_PATH : DPG_WANT_CONTENT;
}

static int own_file(const void *config, void *scratch, const struct dpg_file *f,
		    const char *data, size_t len, struct dpg_results *out,
		    struct dpg_error *err)
{
	unsigned int w = classify(f->path);

	(void)config;
	(void)scratch;
	(void)err;
	switch (w) {
	case W_BOT:
		add(out, strstr(f->path, "dco") ? "dco" : "cla", f->path, 0,
		    "bot", NULL, -1);
		return 0;
	case W_CLA_FILE:
		add(out, "cla", f->path, 0, "file", NULL, -1);
		return 0;
	case W_DCO_FILE:
		add(out, "dco", f->path, 0, "file", NULL, -1);
		return 0;
	default:
		break;
	}
	if (!data)
		return 0;
	switch (w) {
	case W_AUTHORS:
		scan_authors(out, f->path, data, len);
		scan_copyrights(out, f->path, W_README, data, len);
		break;
	case W_CONTRIBUTING:
		scan_contributing(out, f->path, data, len);
		break;
	default:
		scan_copyrights(out, f->path, w, data, len);
		break;
	}
	return 0;
}

static int cmp_holder(const void *a, const void *b)
{
	const struct holder *x = a, *y = b;

	if (x->files != y->files)
		return x->files > y->files ? -1 : 1;
	/* on a tie the holder seen first (in a bundled LICENSE, the
	 * project's own notice usually comes first) */
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Withdraw the "copyright" findings past the first MAX_COPYRIGHT_FINDINGS
 * and gather the "holder" facts, in entry order. */
static void gather(struct dpg_scan *scan, struct holders *st,
		   unsigned int *files_with_copyright)
{
	size_t i, n = scan->nfindings, listed = 0, file = 0;

	for (i = 0; i < n; i++) {
		const struct dpg_finding *d = &scan->findings[i];
		struct holder *h;

		if (strcmp(d->analyzer, "ownership") != 0)
			continue;
		if (d->indicator >= 0 && strcmp(d->kind, "copyright") == 0) {
			if (listed++ >= MAX_COPYRIGHT_FINDINGS)
				dpg_scan_drop(scan, i);
			continue;
		}
		if (d->indicator != DPG_IND_INTERNAL ||
		    strcmp(d->kind, "holder") != 0)
			continue;
		if (d->score > 0) {
			file++;
			(*files_with_copyright)++;
		}
		h = get_holder(st, d->value, NULL);
		if (!h)
			continue;
		if (h->last_file != file) {
			h->files++;
			h->last_file = file;
		}
		if (d->excerpt && !strcmp(d->excerpt, "license"))
			h->in_license = 1;
		if (d->line && (!h->ymin || (int)d->line < h->ymin))
			h->ymin = (int)d->line;
		if ((int)d->line_end > h->ymax)
			h->ymax = (int)d->line_end;
	}
}

/* The words of name without a trailing legal suffix ("inc", "ltd"). */
static size_t key_len(const char *name)
{
	static const char *const sfx[] = {" inc",     " ltd",  " llc",
					  " gmbh",    " corp", " corporation",
					  " limited", " co"};
	size_t n = strlen(name), i;

	for (i = 0; i < DPG_ARRAY_SIZE(sfx); i++) {
		size_t k = strlen(sfx[i]);

		if (n > k && !memcmp(name + n - k, sfx[i], k))
			return n - k;
	}
	return n;
}

/* Holder b may take holder a in (a's key ki, b's kj; both not merged
 * away): b's name is a's key and more words. */
static int joins(const struct holder *a, size_t ki, const struct holder *b,
		 size_t kj)
{
	return b->files && a->files && kj >= ki &&
	       !memcmp(a->name, b->name, ki) &&
	       (!b->name[ki] || b->name[ki] == ' ');
}

/* The holders qsort() orders indices of by name (end() runs on any
 * thread). */
static _Thread_local const struct holder *by_name_h;

static int cmp_by_name(const void *a, const void *b)
{
	return strcmp(by_name_h[*(const size_t *)a].name,
		      by_name_h[*(const size_t *)b].name);
}

/*
 * The first holder (in st's order, not i) that holder i (its key ki) may
 * join, or st->nh: those whose names begin with i's key are a run of
 * by_name (the holders' indices in name order), found by a binary search
 * (where each i looked at every holder: 1,000 holders, 479,299 memcmp
 * calls in usr-share-doc); every holder with dpg_ownership_plain.
 */
static size_t join_target(const struct holders *st, const size_t *key,
			  const size_t *by_name, size_t i)
{
	const struct holder *a = &st->h[i];
	size_t ki = key[i], lo = 0, hi = st->nh, j, best = st->nh;

	if (dpg_ownership_plain) {
		for (j = 0; j < st->nh; j++)
			if (j != i && joins(a, ki, &st->h[j], key[j]))
				return j;
		return st->nh;
	}
	/* the first name not before a's key, as a prefix */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strncmp(st->h[by_name[mid]].name, a->name, ki) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < st->nh && !strncmp(st->h[by_name[lo]].name, a->name, ki);
	     lo++) {
		j = by_name[lo];
		if (j != i && j < best && joins(a, ki, &st->h[j], key[j]))
			best = j;
	}
	return best;
}

/*
 * One holder written several ways ("Free Software Foundation, Inc.",
 * "Free Software Foundation", "Free Software" cut by a line break) is one:
 * a holder whose words begin another's (two words at least) joins it.
 */
static void merge_holders(struct holders *st)
{
	size_t i, j, n = st->nh ? st->nh : 1;
	size_t *key = xmalloc(n * sizeof(*key)), *by_name;

	by_name = xmalloc(n * sizeof(*by_name));
	for (i = 0; i < st->nh; i++) {
		key[i] = key_len(st->h[i].name);
		by_name[i] = i;
	}
	by_name_h = st->h;
	if (!dpg_ownership_plain && st->nh)
		qsort(by_name, st->nh, sizeof(*by_name), cmp_by_name);
	for (i = 0; i < st->nh; i++) {
		size_t ki = key[i];

		if (!memchr(st->h[i].name, ' ', ki))
			continue;
		j = join_target(st, key, by_name, i);
		if (j < st->nh) {
			struct holder *a = &st->h[i], *b = &st->h[j];

			b->files += a->files;
			b->in_license |= a->in_license;
			if (a->ymin && (!b->ymin || a->ymin < b->ymin))
				b->ymin = a->ymin;
			if (a->ymax > b->ymax)
				b->ymax = a->ymax;
			if (a->order < b->order)
				b->order = a->order;
			a->files = 0;
		}
	}
	free(key);
	free(by_name);
	for (i = j = 0; i < st->nh; i++)
		if (st->h[i].files)
			st->h[j++] = st->h[i];
	st->nh = j;
	free(st->slots); /* the indexes moved: a later lookup rebuilds it */
	st->slots = NULL;
	st->nslots = 0;
}

static int own_end(void *config, struct dpg_scan *scan, struct dpg_error *err)
{
	struct holders st = {NULL, 0, 0, NULL, 0};
	struct dpg_results out;
	unsigned int files_with_copyright = 0;
	char list[400];
	size_t i, o = 0;

	(void)config;
	(void)err;
	dpg_results_init(&out);
	gather(scan, &st, &files_with_copyright);
	merge_holders(&st);
	if (st.nh)
		qsort(st.h, st.nh, sizeof(*st.h), cmp_holder);
	list[0] = '\0';
	for (i = 0; i < st.nh; i++) {
		const struct holder *h = &st.h[i];
		const char *w = h->files == 1 ? "file" : "files";
		char *ex;

		if (h->ymin && h->ymin != h->ymax)
			ex = dpg_arena_printf(&out.arena, "%u %s, years %d-%d",
					      h->files, w, h->ymin, h->ymax);
		else if (h->ymin)
			ex = dpg_arena_printf(&out.arena, "%u %s, year %d",
					      h->files, w, h->ymin);
		else
			ex = dpg_arena_printf(&out.arena, "%u %s", h->files, w);
		add(&out, "copyright-holder", NULL, 0, h->name, ex,
		    files_with_copyright
			    ? (double)h->files / files_with_copyright
			    : 0);
		if (o < sizeof(list) - 1)
			o += (size_t)snprintf(list + o, sizeof(list) - o,
					      "%s%s (%u)", i ? "; " : "",
					      h->name, h->files);
	}
	if (o >= sizeof(list))
		memcpy(list + sizeof(list) - 4, "...", 4);
	{
		/* several holders, all named by the top-level license file:
		 * the project's owners, jointly */
		int joint = st.nh > 1;

		for (i = 0; i < st.nh; i++)
			joint &= st.h[i].in_license;
		add(&out, "copyright-consistency", NULL, 0,
		    st.nh == 0	 ? "none"
		    : st.nh == 1 ? "consistent"
		    : joint	 ? "joint"
				 : "mixed",
		    st.nh ? list : "no copyright line found", -1);
	}
	dpg_scan_add_results(scan, &out);
	dpg_results_release(&out);
	holders_release(&st);
	return 0;
}

const struct dpg_analyzer dpg_analyzer_ownership = {
	.name = "ownership",
	.version = 2,
	.want = own_want,
	.file = own_file,
	.end = own_end,
};
