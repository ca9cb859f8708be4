/*
 * analyze/sdg.c: SDG relevance of a repository (indicator 1).
 *
 * A thin adapter over dpg_sdg_score(): it scores the README, the docs
 * (docs/, doc/, and *.md, *.rst, *.txt, *.adoc anywhere outside vendored
 * and test trees) and the project descriptions (package.json
 * "description", pyproject.toml description, an R DESCRIPTION's Title and
 * Description, publiccode.yml), never code.  Each file's raw score per
 * goal is weighted by where the file is (the top README counts fully, a
 * deep doc file less) and capped, and the files' contributions are summed
 * with a decay (1, 1/2, 1/4...) so that one long document, or many small
 * ones, cannot make a goal.  Findings (docs/SDG.md):
 *   sdg-goal      value "3", score 0..1, excerpt "strong" or "some";
 *                 only for goals that are at least "some".
 *   sdg-evidence  value "3", path:line, excerpt the matched sentence;
 *                 the best DPG_SDG_MAX_EXCERPTS per relevant goal.
 * file() scores each file on its own and leaves internal facts that end()
 * sums in entry order (applying the doc budget there):
 *   sdg-file      a scored file: line = the bytes scored, value "doc" for
 *                 a doc file (under the budget), else NULL;
 *   sdg-contrib   after it, per goal it counts for: value "3", score = the
 *                 weighted contribution, line = the matches, excerpt = the
 *                 heaviest match ("%a", exact), the distinct terms and
 *                 the spread ("%a");
 *   sdg-excerpt   after that, each excerpt: value "3", path:line, score =
 *                 the weight, excerpt = the sentence.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers.h"
#include "dpg/cache.h"
#include "dpg/scan.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "../sdg/sdg_int.h" /* dpg_sdg_no_avx2 */
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h> /* words_find_avx2, chosen at run time */
#endif
#include "dpg/banned.h"

#define SDG_FILE_CAP	12.0	      /* most one file adds to a goal */
#define SDG_TEXT_MAX	(512u * 1024) /* bytes scored per file */
#define SDG_MAX_CONTRIB 64	      /* files kept per goal */
/* Doc files count only while the scan has scored less than this (README
 * and descriptions always do), in entry order. */
#define SDG_DOC_BUDGET (8u * 1024 * 1024)

enum sdg_class {
	SDG_SKIP = 0,
	SDG_README,  /* README at the root */
	SDG_DESC,    /* a manifest's description */
	SDG_DOC_TOP, /* a doc file at depth <= 1 */
	SDG_DOC,     /* any other doc file */
};

struct sdg_evidence {
	const char *path;
	unsigned int line;
	double weight;
	const char *text;
};

struct sdg_goal_acc {
	double contrib[SDG_MAX_CONTRIB];
	size_t ncontrib;
	double top;	    /* heaviest single match (unweighted) */
	unsigned int hits;  /* matches in files that count */
	unsigned int terms; /* most distinct terms in one file */
	double spread;	    /* and the largest spread of one file */
	struct sdg_evidence ev[DPG_SDG_MAX_EXCERPTS];
	size_t nev;
};

struct sdg_state {
	const struct dpg_sdg_vocab *vocab; /* shared, loaded once a process */
	/* the doc budget as gather() applies it, over the findings merged
	   so far (want() reads them: over_budget) */
	const struct dpg_scan *scan;
	size_t read;   /* scan->findings read */
	size_t scored; /* gather()'s sum over them */
};

/* ------------------------------------------------------------------ */
/* Which files */

/* Directories skipped anywhere (vendored code, tests, build output) */
static const char *const vendored_dirs[] = {
	"node_modules", "vendor", "vendors", "third_party", "third-party",
	"thirdparty", "bower_components", "external", "extern", "deps",
	"site-packages", ".venv", "venv", ".git", "dist", "build", "target",
	"out", "test", "tests", "__tests__", "testdata", "test-data",
	"fixtures", "spec", "specs", ".github", ".tox", "Pods", "Carthage",
	"jspm_packages", "_build",
	/* not prose about the project: data,
	 * translations, examples, lessons,
	 * templates, generated API pages */
	"data", "dataset", "datasets", "locale", "locales", "i18n", "l10n",
	"translations", "example", "examples", "sample", "samples", "demo",
	"demos", "lesson", "lessons", "course", "courses", "coursework",
	"curriculum", "exercises", "certs", "template", "templates", "scaffold",
	"boilerplate", "storybook", ".storybook", "stories", "coverage",
	"apidocs", "api-docs", "jsdoc", "javadoc", "typedoc", "doxygen",
	"_static", "_sources", "_images"};

/* Directories of generated API reference pages (TypeDoc, Sphinx autodoc,
 * rustdoc...), skipped under a docs directory. */
static const char *const api_dirs[] = {
	"api",	     "reference",    "functions",  "interfaces", "classes",
	"variables", "type-aliases", "enums",	   "namespaces", "modules",
	"generated", "autoapi",	     "autosummary"};

/* A quick "no" for dir_in: bit n of len[c]: a name of n bytes starts with
 * c or its upper case (c | 0x20 < 128; every name has fewer than 32
 * bytes); made once a process. */
struct dir_filter {
	uint32_t len[128];
};
static struct dir_filter vendored_f, api_f;
static pthread_once_t dirs_once = PTHREAD_ONCE_INIT;

static void dir_filter_make(struct dir_filter *f, const char *const *names,
			    size_t count)
{
	size_t i, n;

	for (i = 0; i < count; i++) {
		unsigned char c = (unsigned char)names[i][0] | 0x20;

		n = strlen(names[i]);
		if (n >= 32 || c >= 128)
			DPG_BUG("a directory name too long or not ASCII");
		f->len[c] |= 1u << n;
	}
}

static void dirs_init(void)
{
	dir_filter_make(&vendored_f, vendored_dirs,
			DPG_ARRAY_SIZE(vendored_dirs));
	dir_filter_make(&api_f, api_dirs, DPG_ARRAY_SIZE(api_dirs));
}

/* Is the directory name [dir, dir + n) one of names (ASCII case
 * ignored)?  f: its quick "no" first, or NULL. */
static int dir_in(const char *dir, size_t n, const char *const *names,
		  size_t count, const struct dir_filter *f)
{
	unsigned char c = (unsigned char)dir[0] | 0x20;
	size_t i;

	if (f && (c >= 128 || n >= 32 || !(f->len[c] >> n & 1)))
		return 0;
	/* names[i][n] is read only when names[i] has n bytes equal to
	 * dir's, none of them NUL (a path's names hold none) */
	for (i = 0; i < count; i++)
		if (c == ((unsigned char)names[i][0] | 0x20) && /* a quick no */
		    !dpg_strncasecmp(dir, names[i], n) && names[i][n] == '\0')
			return 1;
	return 0;
}

int dpg_sdg_skipped_dir(const char *dir, size_t n, int in_docs, int quick)
{
	pthread_once(&dirs_once, dirs_init);
	return dir_in(dir, n, vendored_dirs, DPG_ARRAY_SIZE(vendored_dirs),
		      quick ? &vendored_f : NULL) ||
	       (in_docs && dir_in(dir, n, api_dirs, DPG_ARRAY_SIZE(api_dirs),
				  quick ? &api_f : NULL));
}

static const char *const html_exts[] = {"html", "htm"};

static int has_ext(const char *base, const char *const *exts, size_t n)
{
	const char *dot = strrchr(base, '.');
	size_t i;

	if (!dot)
		return 0;
	for (i = 0; i < n; i++)
		if (!dpg_strcasecmp(dot + 1, exts[i]))
			return 1;
	return 0;
}

static int starts_with_ci(const char *s, const char *prefix)
{
	return dpg_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Files that are docs by extension but say nothing about the purpose. */
static int is_boilerplate(const char *base)
{
	static const char *const prefixes[] = {
		"LICENSE",	  "LICENCE",	     "COPYING",
		"COPYRIGHT",	  "NOTICE",	     "CHANGELOG",
		"CHANGES",	  "HISTORY",	     "NEWS",
		"AUTHORS",	  "CONTRIBUTORS",    "MAINTAINERS",
		"CODEOWNERS",	  "CODE_OF_CONDUCT", "CODE-OF-CONDUCT",
		"SECURITY",	  "CONTRIBUTING",    "PULL_REQUEST",
		"ISSUE_TEMPLATE", "requirements",    "constraints",
		"CMakeLists",	  "robots",	     "LICENSES",
		"THIRD_PARTY",	  "THIRD-PARTY",     "RELEASE",
		"UPGRADING",	  "MIGRATION",	     "OFL",
		"UNLICENSE",	  "PATENTS",	     "FUNDING",
		"SPONSORS",	  "BACKERS",	     "ADOPTERS",
		"USERS",	  "PARTNERS",	     "ACKNOWLEDG",
		"CITATION",	  "THANKS",	     "CREDITS",
		"GOVERNANCE",	  "SUPPORT",	     "PRIVACY",
		"TERMS",	  "DISCLAIMER",	     "3RDPARTY",
		"3RD-PARTY",	  "3RD_PARTY"};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(prefixes); i++)
		if (starts_with_ci(base, prefixes[i]))
			return 1;
	/* license texts under any name: "Apache License.txt",
	 * "3rdpartylicenses.txt", "fonts/OFL-1.1.txt" */
	return dpg_contains_ci(base, "licen");
}

static enum sdg_class classify(const char *path)
{
	static const char *const doc_exts[] = {"md",  "markdown", "rst",
					       "txt", "adoc",	  "asciidoc"};
	const char *p = path, *slash, *base;
	int depth = 0, in_docs = 0;

	/* walk the directories */
	while ((slash = strchr(p, '/')) != NULL) {
		size_t n = (size_t)(slash - p);

		if (dpg_sdg_skipped_dir(p, n, in_docs, 1))
			return SDG_SKIP;
		if ((n == 4 && !dpg_strncasecmp(p, "docs", 4)) ||
		    (n == 3 && !dpg_strncasecmp(p, "doc", 3)) ||
		    (n == 13 && !memcmp(p, "documentation", 13)))
			in_docs = 1;
		depth++;
		p = slash + 1;
	}
	base = p;
	if (!*base)
		return SDG_SKIP;
	if (depth == 0 && starts_with_ci(base, "readme") &&
	    (!base[6] || base[6] == '.'))
		return SDG_README;
	if (depth <= 1 &&
	    (!strcmp(base, "package.json") || !strcmp(base, "pyproject.toml") ||
	     !strcmp(base, "DESCRIPTION") || !strcmp(base, "publiccode.yml") ||
	     !strcmp(base, "publiccode.yaml")))
		return SDG_DESC;
	if (!has_ext(base, doc_exts, DPG_ARRAY_SIZE(doc_exts)) &&
	    !(in_docs && has_ext(base, html_exts, DPG_ARRAY_SIZE(html_exts))))
		return SDG_SKIP;
	if (is_boilerplate(base))
		return SDG_SKIP;
	return depth <= 1 ? SDG_DOC_TOP : SDG_DOC;
}

static double class_weight(enum sdg_class c)
{
	switch (c) {
	case SDG_README:
	case SDG_DESC:
		return 1.0;
	case SDG_DOC_TOP:
		return 0.6;
	case SDG_DOC:
		return 0.4;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------ */
/* Descriptions inside manifests */

static unsigned int line_at(const char *data, size_t off)
{
	unsigned int line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (data[i] == '\n')
			line++;
	return line;
}

/*
 * package.json: the first "description" string, unescaped only as far as
 * the scorer needs (\n, \t, \", \\; \uXXXX kept as is).
 */
static char *json_description(const char *data, size_t len, size_t *off)
{
	const char *p = data, *end = data + len;

	while ((p = strstr(p, "\"description\"")) != NULL) {
		const char *q = p + 13;
		char *out, *o;

		while (q < end &&
		       (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
			q++;
		if (q >= end || *q != ':') {
			p = q;
			continue;
		}
		q++;
		while (q < end &&
		       (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
			q++;
		if (q >= end || *q != '"') {
			p = q;
			continue;
		}
		q++;
		*off = (size_t)(q - data);
		out = o = xmalloc((size_t)(end - q) + 1);
		while (q < end && *q != '"') {
			if (*q == '\\' && q + 1 < end) {
				q++;
				*o++ = *q == 'n' ? '\n' : *q == 't' ? ' ' : *q;
			} else {
				*o++ = *q;
			}
			q++;
		}
		*o = 0;
		return out;
	}
	return NULL;
}

/* pyproject.toml: description = "..." (or '...'). */
static char *toml_description(const char *data, size_t len, size_t *off)
{
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end, *q = p;

		while (q < le && (*q == ' ' || *q == '\t'))
			q++;
		if ((size_t)(le - q) > 11 && !memcmp(q, "description", 11)) {
			q += 11;
			while (q < le && (*q == ' ' || *q == '\t'))
				q++;
			if (q < le && *q == '=') {
				q++;
				while (q < le && (*q == ' ' || *q == '\t'))
					q++;
				if (q < le && (*q == '"' || *q == '\'')) {
					char quote = *q++;
					const char *e = q;

					while (e < le && *e != quote)
						e++;
					*off = (size_t)(q - data);
					return xstrndup(q, (size_t)(e - q));
				}
			}
		}
		p = eol ? eol + 1 : end;
	}
	return NULL;
}

/*
 * R DESCRIPTION (Debian control format): the Title and Description fields
 * with their continuation lines, kept in place (other lines blanked) so
 * that line numbers hold.
 */
static char *dcf_description(const char *data, size_t len)
{
	char *out = xmalloc(len + 1);
	const char *p = data, *end = data + len;
	int keep = 0;

	memcpy(out, data, len);
	out[len] = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;

		if (p < le && (*p == ' ' || *p == '\t')) {
			/* continuation: keep as the field before */
		} else {
			keep = starts_with_ci(p, "Description:") ||
			       starts_with_ci(p, "Title:");
		}
		if (!keep)
			memset(out + (p - data), ' ', (size_t)(le - p));
		p = eol ? eol + 1 : end;
	}
	return out;
}

/*
 * publiccode.yml: only the descriptions (genericName, shortDescription,
 * longDescription, features) of its description map, kept in place
 * (other lines blanked) so that line numbers hold; not the users, the
 * maintainers or the dependencies.
 */
static char *publiccode_description(const char *data, size_t len)
{
	static const char *const keep[] = {"genericName", "shortDescription",
					   "longDescription", "features"};
	char *out = xmalloc(len + 1);
	const char *p = data, *end = data + len;
	long keep_indent = -1; /* lines indented more than this are kept */

	memcpy(out, data, len);
	out[len] = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end, *q = p;
		long indent;
		size_t k;
		int kept = 0;

		while (q < le && (*q == ' ' || *q == '\t'))
			q++;
		indent = (long)(q - p);
		if (q < le && keep_indent >= 0 && indent <= keep_indent)
			keep_indent = -1;
		if (keep_indent >= 0 || q == le) {
			kept = 1;
		} else {
			for (k = 0; k < DPG_ARRAY_SIZE(keep); k++) {
				size_t n = strlen(keep[k]);

				if ((size_t)(le - q) > n &&
				    !memcmp(q, keep[k], n) && q[n] == ':') {
					keep_indent = indent;
					kept = 1;
					/* the key itself is not prose */
					memset(out + (q - data), ' ', n + 1);
				}
			}
		}
		if (!kept)
			memset(out + (p - data), ' ', (size_t)(le - p));
		p = eol ? eol + 1 : end;
	}
	return out;
}

/* ------------------------------------------------------------------ */
/* Files that are not prose */

/* The marks of license texts and of generated HTML (dpg_words: made once
 * a process). */
static const char *const license_marks[] = {
	"permission is hereby granted",
	"gnu general public license",
	"gnu lesser general public license",
	"gnu affero general public license",
	"apache license",
	"sil open font license",
	"mozilla public license",
	"eclipse public license",
	"redistribution and use in source and binary forms",
	"the software is provided \"as is\"",
	"this is free and unencumbered software",
	"creative commons attribution",
	"creative commons legal code",
	"boost software license"};
static const char *const generator_marks[] = {"name=\"generator\"",
					      "generated by",
					      "created using sphinx",
					      "doxygen",
					      "javadoc",
					      "typedoc",
					      "jsdoc",
					      "rustdoc",
					      "pdoc"};
static struct dpg_words license_words, generator_words;
static pthread_once_t marks_once = PTHREAD_ONCE_INIT;

#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__)
#define WORDS_AVX2 1
/* words_find's nibble tables (dpg_sdg_nibbles4_avx2) of the first four
 * bytes of a list's words: bit k % 8 for word k. */
struct words4 {
	unsigned char lo[4][16], hi[4][16];
};
static struct words4 license_w4, generator_w4;

/* t of the n words w (each of four bytes or more, their first four bytes
 * ones that | 0x20 leaves, and none of A-Z: whatever dpg_words takes for
 * them, | 0x20 makes them). */
static void words4_init(struct words4 *t, const char *const *w, size_t n)
{
	size_t k, j;

	for (k = 0; k < n; k++)
		for (j = 0; j < 4; j++) {
			unsigned char c = (unsigned char)w[k][j];

			if ((c | 0x20) != c || (c >= 'A' && c <= 'Z') || !c)
				DPG_BUG("a mark's first bytes not lower case");
			t->lo[j][c & 15] |= (unsigned char)(1u << k % 8);
			t->hi[j][c >> 4] |= (unsigned char)(1u << k % 8);
		}
}

/*
 * dpg_words_find(ws, s, len, within) 32 places at a time, where the CPU
 * has AVX2: a place is ruled out unless each of its first four bytes,
 * | 0x20 (a letter's upper case becomes its lower case), is in t's
 * nibble tables of one group of words; the others are asked of
 * dpg_words_at, in order; past the last whole block, dpg_words_find.
 */
__attribute__((target("avx2"))) static long
words_find_avx2(const struct dpg_words *ws, const struct words4 *t,
		const char *s, size_t len, size_t within)
{
	size_t n = len < within ? len : within, i;
	__m256i lo[4], hi[4];
	long r;
	int j;

	for (j = 0; j < 4; j++) {
		lo[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128(
			(const __m128i *)(const void *)t->lo[j]));
		hi[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128(
			(const __m128i *)(const void *)t->hi[j]));
	}
	/* loads reach s + i + 32 + 2 < s + len */
	for (i = 0; i + 32 <= n && i + 35 <= len; i += 32) {
		unsigned int st = dpg_sdg_nibbles4_avx2(s + i, lo, hi);

		for (; st; st &= st - 1) {
			size_t p = i + (size_t)__builtin_ctz(st);

			if (dpg_words_at(ws, s + p, len - p) >= 0)
				return (long)p;
		}
	}
	r = dpg_words_find(ws, s + i, len - i, n - i);
	return r < 0 ? -1 : (long)i + r;
}
#endif

static void marks_init(void)
{
	dpg_words_init(&license_words, license_marks,
		       DPG_ARRAY_SIZE(license_marks));
	dpg_words_init(&generator_words, generator_marks,
		       DPG_ARRAY_SIZE(generator_marks));
#ifdef WORDS_AVX2
	words4_init(&license_w4, license_marks, DPG_ARRAY_SIZE(license_marks));
	words4_init(&generator_w4, generator_marks,
		    DPG_ARRAY_SIZE(generator_marks));
#endif
}

/* May words_find_avx2 serve (unless dpg_sdg_no_avx2, for tests)? */
static int words_avx2(void)
{
#ifdef WORDS_AVX2
	return !dpg_sdg_no_avx2 && dpg_cpu_has(DPG_CPU_AVX2);
#else
	return 0;
#endif
}

/* A license text under another name: its title or first clause at the
 * top of the file (words_find_avx2 where it may serve). */
static int is_license_text(const char *data, size_t len)
{
	pthread_once(&marks_once, marks_init);
#ifdef WORDS_AVX2
	if (words_avx2())
		return words_find_avx2(&license_words, &license_w4, data, len,
				       1024) >= 0;
#endif
	return dpg_words_find(&license_words, data, len, 1024) >= 0;
}

int dpg_sdg_license_text(const char *data, size_t len)
{
	return is_license_text(data, len);
}

#ifdef __SSE2__
/* Every generator mark holds "ge", "do" or "cr" at most GEN_BACK bytes
 * from its start ("name=\"generator\"", "javadoc"): the pairs, and their
 * offsets in the marks, smallest first. */
#define GEN_BACK 6
static const struct gen_pair {
	char pair[2];
	unsigned char n, back[4];
} gen_pairs[] = {{{'g', 'e'}, 2, {0, 6}},
		 {{'c', 'r'}, 1, {0}},
		 {{'d', 'o'}, 4, {0, 1, 2, 4}}};
#endif

/* HTML written by a documentation generator: a mark in its first 8 KiB.
 * words_find_avx2 where it may serve; else where SSE2 is, sixteen places at a
 * time are ruled out unless their two bytes, | 0x20, are a pair of gen_pairs; a
 * pair's marks are looked for where they would start; the rest as
 * dpg_words_find. */
static int is_generated_html(const char *data, size_t len)
{
	size_t n = len < 8192 ? len : 8192, i = 0;

	pthread_once(&marks_once, marks_init);
#ifdef WORDS_AVX2
	if (words_avx2())
		return words_find_avx2(&generator_words, &generator_w4, data,
				       len, 8192) >= 0;
#endif
#ifdef __SSE2__
	for (; i + 16 <= n && i + 17 <= len; i += 16) {
		const __m128i k20 = _mm_set1_epi8(0x20);
		__m128i c = _mm_or_si128(
			_mm_loadu_si128(
				(const __m128i *)(const void *)(data + i)),
			k20);
		__m128i d = _mm_or_si128(
			_mm_loadu_si128(
				(const __m128i *)(const void *)(data + i + 1)),
			k20);
		unsigned int m[DPG_ARRAY_SIZE(gen_pairs)], any = 0;
		size_t k, b;

		for (k = 0; k < DPG_ARRAY_SIZE(gen_pairs); k++) {
			m[k] = (unsigned int)_mm_movemask_epi8(_mm_and_si128(
				_mm_cmpeq_epi8(
					c, _mm_set1_epi8(gen_pairs[k].pair[0])),
				_mm_cmpeq_epi8(
					d,
					_mm_set1_epi8(gen_pairs[k].pair[1]))));
			any |= m[k];
		}
		if (!any)
			continue;
		for (k = 0; k < DPG_ARRAY_SIZE(gen_pairs); k++)
			for (; m[k]; m[k] &= m[k] - 1) {
				size_t at = i + (size_t)__builtin_ctz(m[k]);

				for (b = 0; b < gen_pairs[k].n &&
					    gen_pairs[k].back[b] <= at;
				     b++) {
					size_t s = at - gen_pairs[k].back[b];

					if (dpg_words_at(&generator_words,
							 data + s,
							 len - s) >= 0)
						return 1;
				}
			}
	}
	/* a mark starting before i may hold its pair at i or after */
	i = i > GEN_BACK ? i - GEN_BACK : 0;
#endif
	return dpg_words_find(&generator_words, data + i, len - i, n - i) >= 0;
}

int dpg_sdg_generated_html(const char *data, size_t len, int quick)
{
	pthread_once(&marks_once, marks_init);
	return quick ? is_generated_html(data, len)
		     : dpg_words_find(&generator_words, data, len, 8192) >= 0;
}

#ifdef __SSE2__
/* The sum of the 16 bytes of v. */
static inline unsigned int bytes_sum(__m128i v)
{
	__m128i s = _mm_sad_epu8(v, _mm_setzero_si128());

	return (unsigned int)(_mm_cvtsi128_si32(s) + _mm_extract_epi16(s, 4));
}

/* To each n[j], the sum of the 16 bytes of v[j] (j < 5), then all zero. */
static inline void bytes_sums(__m128i *v, unsigned int *n)
{
	n[0] += bytes_sum(v[0]);
	n[1] += bytes_sum(v[1]);
	n[2] += bytes_sum(v[2]);
	n[3] += bytes_sum(v[3]);
	n[4] += bytes_sum(v[4]);
	v[0] = v[1] = v[2] = v[3] = v[4] = _mm_setzero_si128();
}

/* tail[16 - k..]: k bytes of 0xff, then none (k <= 16) */
static const unsigned char tail[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				       0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				       0xff, 0xff, 0xff, 0xff};
#endif

void dpg_sdg_row_marks(const char *p, const char *e, const char *end, int quick,
		       unsigned int n[5])
{
	/* the bytes counted below */
	static const unsigned char counted[256] = {
		['|'] = 1, ['\t'] = 1, [','] = 1, [';'] = 1, ['.'] = 1};
	const char *q = p;

	memset(n, 0, 5 * sizeof(*n));
#ifdef __SSE2__
	/* 16 bytes at a time while the byte after them is in the line; the
	 * last 1 to 16 too, with the bytes past the line dropped, when the
	 * line ends with a newline (at e: no ". ") and 17 bytes from q are
	 * in the text; the counts kept per byte (0 - -1 a hit), summed every
	 * 255 blocks with a hit and at the end */
	__m128i v[5] = {_mm_setzero_si128(), _mm_setzero_si128(),
			_mm_setzero_si128(), _mm_setzero_si128(),
			_mm_setzero_si128()};
	unsigned int blocks = 0;

	for (; quick && q < e && (e - q > 16 || (e < end && end - q >= 17));
	     q += 16) {
		__m128i c = _mm_loadu_si128((const __m128i *)(const void *)q);
		__m128i nx =
			_mm_loadu_si128((const __m128i *)(const void *)(q + 1));
		__m128i in = _mm_loadu_si128(
			(const __m128i *)(const void *)(tail + 16 -
							(e - q >= 16 ? 16
								     : e - q)));
		__m128i h[5] = {
			_mm_cmpeq_epi8(c, _mm_set1_epi8('|')),
			_mm_cmpeq_epi8(c, _mm_set1_epi8('\t')),
			_mm_cmpeq_epi8(c, _mm_set1_epi8(',')),
			_mm_cmpeq_epi8(c, _mm_set1_epi8(';')),
			_mm_and_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('.')),
				      _mm_cmpeq_epi8(nx, _mm_set1_epi8(' ')))};

		if (!(_mm_movemask_epi8(_mm_and_si128(
			    _mm_or_si128(_mm_or_si128(_mm_or_si128(h[0], h[1]),
						      _mm_or_si128(h[2], h[3])),
					 h[4]),
			    in))))
			continue;
		v[0] = _mm_sub_epi8(v[0], _mm_and_si128(h[0], in));
		v[1] = _mm_sub_epi8(v[1], _mm_and_si128(h[1], in));
		v[2] = _mm_sub_epi8(v[2], _mm_and_si128(h[2], in));
		v[3] = _mm_sub_epi8(v[3], _mm_and_si128(h[3], in));
		v[4] = _mm_sub_epi8(v[4], _mm_and_si128(h[4], in));
		if (++blocks == 255) {
			bytes_sums(v, n);
			blocks = 0;
		}
	}
	if (blocks)
		bytes_sums(v, n);
	if (q > e)
		q = e;
#else
	(void)end;
	(void)quick;
#endif
	for (; q < e; q++) {
		if (!counted[(unsigned char)*q])
			continue;
		n[0] += *q == '|';
		n[1] += *q == '\t';
		n[2] += *q == ',';
		n[3] += *q == ';';
		n[4] += *q == '.' && q + 1 < e && q[1] == ' ';
	}
}

/* Is the line [p, e) a row of a table or a coded list ("0111 Growing of
 * cereals", "a|b|c", "x,y,z")?  The text goes on to end (e <= end). */
static int table_row(const char *p, const char *e, const char *end)
{
	unsigned int n[5], hex = 0, digits = 0;
	const char *q;

	/* '|', tab, ',', ';', ". " */
	dpg_sdg_row_marks(p, e, end, 1, n);
	/* two tab-separated columns ("AK<TAB>ANCHORAGE": a list of places)
	 * are a row too, where no sentence ends */
	if (n[0] >= 2 || n[1] >= 2 || (n[1] && !n[4]) || (n[2] >= 3 && !n[4]) ||
	    n[3] >= 2)
		return 1;
	/* a code point or a range of them ("1F9D1 200D ; ...",
	 * "0041..005A ; Latin"): Unicode's data files */
	for (q = p;
	     q < e && ((*q >= '0' && *q <= '9') || (*q >= 'A' && *q <= 'F'));
	     q++) {
		hex++;
		digits += *q <= '9';
	}
	if (hex >= 4 && hex <= 6 && digits &&
	    (q == e || *q == ' ' || *q == ';' || *q == '\t' ||
	     (*q == '.' && q + 1 < e && q[1] == '.')))
		return 1;
	/* ... or after a tab at the end ("LEOPARD<TAB>1F406": an index) */
	for (q = e, hex = digits = 0;
	     q > p &&
	     ((q[-1] >= '0' && q[-1] <= '9') || (q[-1] >= 'A' && q[-1] <= 'F'));
	     q--) {
		hex++;
		digits += q[-1] <= '9';
	}
	if (hex >= 4 && hex <= 6 && digits && q > p && q[-1] == '\t')
		return 1;
	q = p;
	while (q < e && (*q == ' ' || *q == '-' || *q == '*'))
		q++;
	if (q < e && *q >= 'A' && *q <= 'Z' && q + 1 < e && q[1] >= '0' &&
	    q[1] <= '9')
		q++; /* "A01" */
	if (q + 1 < e && *q >= '0' && *q <= '9' && q[1] >= '0' && q[1] <= '9') {
		while (q < e && ((*q >= '0' && *q <= '9') || *q == '.'))
			q++;
		return q < e && (*q == ' ' || *q == '\t');
	}
	return 0;
}

/* A data table or a classification list rather than prose: most of its
 * non-empty lines are rows. */
int dpg_sdg_table(const char *data, size_t len, int quick)
{
	const char *p = data, *end = data + len;
	unsigned int lines = 0, rows = 0;
	size_t left =
		1 + dpg_count_newlines(data, len); /* lines left, at most */

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end, *q = p;

		while (q < le && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < le) {
			lines++;
			rows += (unsigned int)table_row(q, le, end);
		}
		p = eol ? eol + 1 : end;
		/* even if every line left were a row, too few would be */
		if (--left * 4 + (size_t)rows * 10 < (size_t)lines * 6)
			return 0;
		/* even if no line left were a row, enough would be */
		if (quick && lines >= 5 &&
		    (size_t)rows * 10 >= ((size_t)lines + left) * 6)
			return 1;
	}
	return lines >= 5 && rows * 10 >= lines * 6;
}

/* ------------------------------------------------------------------ */
/* Callbacks */

static void state_free(void *vs)
{
	struct sdg_state *st = vs;

	if (!st)
		return;
	free(st);
}

static int sdg_begin(void **out, struct dpg_scan *scan, struct dpg_error *err)
{
	struct sdg_state *st;
	char *dir, *over = NULL, *errors = NULL;
	int rc;

	*out = NULL;
	dir = dpg_sdg_default_dir();
	if (!dir)
		return dpg_error_set(err, DPG_ENOTFOUND,
				     "cannot find the SDG vocabulary "
				     "(rules/sdg); set DPGAUDIT_RULES");
	if (scan->opts && scan->opts->rules_dir)
		over = xasprintf("%s/sdg", scan->opts->rules_dir);
	st = xcalloc(1, sizeof(*st));
	st->scan = scan;
	rc = dpg_sdg_vocab_shared(&st->vocab, dir, over, &errors, err);
	free(dir);
	free(over);
	if (rc < 0) {
		if (errors && err) {
			/* name every problem, on one line */
			size_t n = strlen(errors);

			while (n && errors[n - 1] == '\n')
				errors[--n] = 0;
			for (n = 0; errors[n]; n++)
				if (errors[n] == '\n')
					errors[n] = ';';
			dpg_error_set(err, rc, "invalid SDG vocabulary: %s",
				      errors);
		}
		free(errors);
		state_free(st);
		return rc;
	}
	*out = st;
	return 0;
}

/* Whether a scored file counts toward the doc budget, as gather() sums it:
 * a doc file (value "doc") only while it fits; *scored grows by it when it
 * counts. */
static int budget_counts(const struct dpg_finding *d, size_t *scored)
{
	int counts = !(d->value && *scored + d->line > SDG_DOC_BUDGET);

	if (counts)
		*scored += d->line;
	return counts;
}

static int is_file_fact(const struct dpg_finding *d)
{
	return d->indicator == DPG_IND_INTERNAL &&
	       !strcmp(d->analyzer, "sdg") && !strcmp(d->kind, "sdg-file");
}

int dpg_sdg_budget_plain;

/*
 * A doc file of size bytes that cannot count whatever it holds: the files
 * merged so far, a prefix of those before it (all of them with one
 * analysis thread: want() and the merges run on the scan's thread), have
 * used so much of the budget that its bytes scored, min(size,
 * SDG_TEXT_MAX), do not fit; the files between them and it can only use
 * more.  gather() would drop its facts, so it is not read for SDG at all
 * (nor its facts cached: a scan where it fits reads it then).  Past the
 * budget this was most of SDG's time on documentation sites.
 */
static int over_budget(struct sdg_state *st, uint64_t size)
{
	const struct dpg_scan *scan = st ? st->scan : NULL;
	size_t t = size < SDG_TEXT_MAX ? (size_t)size : SDG_TEXT_MAX;

	if (!scan || dpg_sdg_budget_plain)
		return 0;
	if (st->read > scan->nfindings) /* (findings are only added) */
		st->read = st->scored = 0;
	for (; st->read < scan->nfindings; st->read++)
		if (is_file_fact(&scan->findings[st->read]))
			(void)budget_counts(&scan->findings[st->read],
					    &st->scored);
	return st->scored + t > SDG_DOC_BUDGET;
}

static unsigned int sdg_want(void *vs, const struct dpg_file *f)
{
	enum sdg_class cls;

	if (f->mode != DPG_MODE_FILE && f->mode != DPG_MODE_EXEC)
		return 0;
	cls = classify(f->path);
	if (cls == SDG_SKIP || ((cls == SDG_DOC || cls == SDG_DOC_TOP) &&
				over_budget(vs, f->size)))
		return 0;
	return DPG_WANT_CONTENT;
}

static void add_contrib(struct sdg_goal_acc *a, double c)
{
	size_t i, min = 0;

	if (a->ncontrib < SDG_MAX_CONTRIB) {
		a->contrib[a->ncontrib++] = c;
		return;
	}
	for (i = 1; i < a->ncontrib; i++)
		if (a->contrib[i] < a->contrib[min])
			min = i;
	if (c > a->contrib[min])
		a->contrib[min] = c;
}

static void add_evidence(struct sdg_goal_acc *a, const char *path,
			 unsigned int line, double w, const char *text)
{
	size_t i, min = 0;
	struct sdg_evidence *e;

	if (a->nev < DPG_SDG_MAX_EXCERPTS) {
		e = &a->ev[a->nev++];
	} else {
		for (i = 1; i < a->nev; i++)
			if (a->ev[i].weight < a->ev[min].weight)
				min = i;
		if (w <= a->ev[min].weight)
			return;
		e = &a->ev[min];
	}
	e->path = path;
	e->line = line;
	e->weight = w;
	e->text = text;
}

static void fact(struct dpg_results *out, const char *kind, const char *value,
		 const char *path, unsigned int line, double score,
		 const char *excerpt)
{
	struct dpg_finding f;

	memset(&f, 0, sizeof(f));
	f.analyzer = "sdg";
	f.kind = kind;
	f.indicator = DPG_IND_INTERNAL;
	f.value = value;
	f.path = path;
	f.line = f.line_end = line;
	f.score = score;
	f.excerpt = excerpt;
	dpg_results_add(out, &f);
}

static int sdg_file(const void *vs, void *scratch, const struct dpg_file *f,
		    const char *data, size_t len, struct dpg_results *out,
		    struct dpg_error *err)
{
	const struct sdg_state *st = vs;
	enum sdg_class cls = classify(f->path);
	struct dpg_sdg_result r;
	const char *base = strrchr(f->path, '/');
	char *owned = NULL;
	const char *text = data;
	size_t tlen = len, off = 0;
	unsigned int line0 = 0;
	double w = class_weight(cls);
	int g, rc;
	size_t i;

	(void)scratch;
	if (!data || cls == SDG_SKIP)
		return 0;
	base = base ? base + 1 : f->path;
	if (cls == SDG_DESC) {
		if (!strcmp(base, "package.json"))
			owned = json_description(data, len, &off);
		else if (!strcmp(base, "pyproject.toml"))
			owned = toml_description(data, len, &off);
		else if (!strcmp(base, "DESCRIPTION"))
			owned = dcf_description(data, len);
		else
			owned = publiccode_description(data, len);
		if (owned) {
			text = owned;
			tlen = strlen(owned);
			line0 = line_at(data, off) - 1;
		} else {
			return 0; /* a manifest without a description */
		}
	}
	if (cls == SDG_DOC || cls == SDG_DOC_TOP) {
		uint64_t t0;
		int sk = is_license_text(text, tlen) ||
			 (has_ext(base, html_exts, DPG_ARRAY_SIZE(html_exts)) &&
			  is_generated_html(text, tlen));
		t0 = dpg_prof_now();
		if (!sk)
			sk = dpg_sdg_table(text, tlen, 1);
		dpg_prof_add("sdg", "x table", t0, tlen);
		if (sk)
			return 0;
	}
	if (tlen > SDG_TEXT_MAX)
		tlen = SDG_TEXT_MAX;
	rc = dpg_sdg_score(&r, st->vocab, text, tlen, err);
	if (rc < 0) {
		free(owned);
		return rc;
	}
	fact(out, "sdg-file",
	     cls == SDG_DOC || cls == SDG_DOC_TOP ? "doc" : NULL, NULL,
	     (unsigned int)tlen, -1, NULL);
	for (g = 0; g < DPG_SDG_GOALS; g++) {
		const struct dpg_sdg_goal_result *x = &r.goals[g];
		double c = x->raw * w;
		char value[16], top[96];

		/* a file counts for a goal only with an anchor term or
		 * agreeing terms */
		if (x->raw <= 0 ||
		    (x->top < DPG_SDG_ANCHOR_AT && x->strength < DPG_SDG_SOME))
			continue;
		snprintf(value, sizeof(value), "%d", g + 1);
		snprintf(top, sizeof(top), "%a %u %a", x->top, x->terms,
			 x->spread);
		fact(out, "sdg-contrib", value, NULL, x->hits,
		     c > SDG_FILE_CAP ? SDG_FILE_CAP : c, top);
		for (i = 0; i < x->nexcerpts; i++)
			fact(out, "sdg-excerpt", value, f->path,
			     x->excerpts[i].line + line0,
			     x->excerpts[i].weight * w, x->excerpts[i].text);
	}
	dpg_sdg_result_release(&r);
	free(owned);
	return 0;
}

static int cmp_desc(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return a < b ? 1 : a > b ? -1 : 0;
}

static int cmp_ev(const void *pa, const void *pb)
{
	const struct sdg_evidence *a = pa, *b = pb;
	int c;

	if (a->weight != b->weight)
		return a->weight < b->weight ? 1 : -1;
	c = strcmp(a->path, b->path);
	return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* Sum the facts of the files, in entry order, within the doc budget. */
static void gather(const struct dpg_scan *scan, struct sdg_goal_acc *goals)
{
	size_t i, scored = 0;
	int counts = 0;

	for (i = 0; i < scan->nfindings; i++) {
		const struct dpg_finding *d = &scan->findings[i];
		struct sdg_goal_acc *a;
		int g;

		if (d->indicator != DPG_IND_INTERNAL ||
		    strcmp(d->analyzer, "sdg") != 0)
			continue;
		if (!strcmp(d->kind, "sdg-file")) {
			counts = budget_counts(d, &scored);
			continue;
		}
		g = atoi(d->value) - 1;
		if (!counts || g < 0 || g >= DPG_SDG_GOALS)
			continue;
		a = &goals[g];
		if (!strcmp(d->kind, "sdg-contrib")) {
			char *end;
			double top = strtod(d->excerpt, &end);
			unsigned long terms = strtoul(end, &end, 10);
			double spread = strtod(end, NULL);

			add_contrib(a, d->score);
			if (top > a->top)
				a->top = top;
			if (terms > a->terms)
				a->terms = (unsigned int)terms;
			if (spread > a->spread)
				a->spread = spread;
			a->hits += d->line;
		} else if (!strcmp(d->kind, "sdg-excerpt")) {
			add_evidence(a, d->path, d->line, d->score, d->excerpt);
		}
	}
}

static int sdg_end(void *vs, struct dpg_scan *scan, struct dpg_error *err)
{
	struct sdg_goal_acc *goals = xcalloc(DPG_SDG_GOALS, sizeof(*goals));
	int g;

	(void)vs;
	(void)err;
	gather(scan, goals);
	for (g = 0; g < DPG_SDG_GOALS; g++) {
		struct sdg_goal_acc *a = &goals[g];
		struct dpg_finding f;
		double total = 0, k = 1;
		char value[16];
		size_t i;
		int strength;

		qsort(a->contrib, a->ncontrib, sizeof(double), cmp_desc);
		for (i = 0; i < a->ncontrib; i++, k /= 2)
			total += a->contrib[i] * k;
		strength = dpg_sdg_strength(total, a->top, a->hits, a->terms,
					    a->spread);
		if (a->hits < 2 && a->top < DPG_SDG_REPO_ALONE_AT)
			strength = DPG_SDG_NONE;
		if (strength < DPG_SDG_SOME)
			continue;
		snprintf(value, sizeof(value), "%d", g + 1);
		memset(&f, 0, sizeof(f));
		f.analyzer = "sdg";
		f.kind = "sdg-goal";
		f.indicator = DPG_IND_SDG;
		f.value = value;
		f.score = dpg_sdg_score_of(total);
		f.excerpt = dpg_sdg_strength_name(strength);
		dpg_scan_add_finding(scan, &f);
		qsort(a->ev, a->nev, sizeof(*a->ev), cmp_ev);
		for (i = 0; i < a->nev; i++) {
			memset(&f, 0, sizeof(f));
			f.analyzer = "sdg";
			f.kind = "sdg-evidence";
			f.indicator = DPG_IND_SDG;
			f.value = value;
			f.path = a->ev[i].path;
			f.line = f.line_end = a->ev[i].line;
			f.excerpt = a->ev[i].text;
			f.score = dpg_sdg_score_of(a->ev[i].weight);
			dpg_scan_add_finding(scan, &f);
		}
	}
	free(goals);
	return 0;
}

/* The vocabulary files: the shipped ones and those of --rules DIR/sdg. */
static int sdg_fingerprint(const struct dpg_scan_opts *opts, struct dpg_buf *fp,
			   struct dpg_error *err)
{
	char *dir = dpg_sdg_default_dir(), *over;
	int rc;

	rc = dpg_sdg_fingerprint_dir(fp, dir, err); /* read once a scan */
	free(dir);
	if (rc == 0 && opts->rules_dir) {
		over = xasprintf("%s/sdg", opts->rules_dir);
		rc = dpg_cache_hash_dir(fp, over, ".sdg", err);
		free(over);
	}
	return rc;
}

const struct dpg_analyzer dpg_analyzer_sdg = {
	.name = "sdg",
	.version = 1,
	.begin = sdg_begin,
	.want = sdg_want,
	.file = sdg_file,
	.end = sdg_end,
	.free = state_free,
	.fingerprint = sdg_fingerprint,
};
