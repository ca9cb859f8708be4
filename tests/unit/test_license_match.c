/*
 * test_license_match.c: every corpus text identifies as itself, also when
 * re-wrapped, comment-prefixed, with a copyright line, with CRLF line
 * endings or without its title; near misses are not rounded up.
 *
 * Reads data/spdx-license-list/spdx-full.json (make data), from the top
 * of the tree (tests/run.sh runs there).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/arena.h"
#include "dpg/buf.h"
#include "dpg/json.h"
#include "dpg/license.h"
#include "dpg/util.h"
#include "test.h"
#include "../../src/license/index.h"
#include "dpg/banned.h"

#define CORPUS "data/spdx-license-list/spdx-full.json"

static struct dpg_arena corpus_arena = DPG_ARENA_INIT;
static struct dpg_json *corpus;
static char *corpus_text;

static const struct dpg_json *load_corpus(void)
{
	struct dpg_error err = DPG_ERROR_INIT;
	FILE *f;
	size_t cap = 1 << 20, n = 0, r;

	if (corpus)
		return corpus;
	f = fopen(CORPUS, "rb");
	if (!f) {
		printf("  cannot open %s (run make data)\n", CORPUS);
		return NULL;
	}
	corpus_text = xmalloc(cap + 1);
	while ((r = fread(corpus_text + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			corpus_text = xrealloc(corpus_text, cap + 1);
		}
	}
	fclose(f);
	if (dpg_json_parse(&corpus, corpus_text, n, &corpus_arena, &err) < 0) {
		printf("  %s: %s\n", CORPUS, err.msg);
		return NULL;
	}
	return corpus;
}

static const char *text_of(const char *id)
{
	const struct dpg_json *c = load_corpus();
	return c ? dpg_json_get_str(dpg_json_get(c, id), "licenseText") : NULL;
}

/* 1 when info is want or has the same text as want. */
static int same_license(const struct dpg_license_info *info, const char *want)
{
	const struct dpg_license_info *same[32];
	size_t n, k;

	if (!dpg_strcasecmp(info->id, want))
		return 1;
	n = dpg_license_same_text(info, same, 32);
	for (k = 0; k < n && k < 32; k++)
		if (!dpg_strcasecmp(same[k]->id, want))
			return 1;
	return 0;
}

/* The match of want among the matches of text, or NULL. */
static struct dpg_license_match *amb; /* the matches of the last find() */

static const struct dpg_license_match *find(struct dpg_license_matcher *m,
					    const char *text, size_t len,
					    const char *want,
					    struct dpg_arena *a, size_t *nout)
{
	struct dpg_license_match *mt = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	size_t n = 0, k;

	if (dpg_license_matcher_run(m, text, len, a, &mt, &n, &err) < 0)
		return NULL;
	if (nout)
		*nout = n;
	amb = mt;
	for (k = 0; k < n; k++)
		if (same_license(mt[k].license, want))
			return &mt[k];
	return NULL;
}

/* The variants of a text the tests generate. */
enum variant {
	V_PLAIN,
	V_WRAP,	     /* re-wrapped at 60 columns */
	V_SLASH,     /* "// " before every line */
	V_HASH,	     /* "# " */
	V_STAR,	     /* C block comment, " * " */
	V_COPYRIGHT, /* a real copyright line first */
	V_CRLF,	     /* Windows line endings */
	V_NOTITLE,   /* first paragraph removed when it is a title */
	V_MINIFIED,  /* on one line, between 20 KB of minified code */
	V_COUNT
};

static const char *const variant_names[] = {
	"plain",     "rewrapped", "//",	     "#",	 " * ",
	"copyright", "crlf",	  "notitle", "minified",
};

static void add(struct dpg_buf *b, const char *s, size_t n)
{
	if (dpg_buf_add(b, s, n, NULL) < 0)
		abort();
}

static void adds(struct dpg_buf *b, const char *s)
{
	add(b, s, strlen(s));
}

/* t as a JSON string holds it: "\n" glues a line's last word to the
 * next line's first (spdx-license-list's licenses/ID.json) */
static void json_escaped(struct dpg_buf *b, const char *t)
{
	for (; *t; t++)
		if (*t == '\n')
			add(b, "\\n", 2);
		else
			add(b, t, 1);
}

/* Re-wrap each paragraph at width columns. */
static void rewrap(struct dpg_buf *b, const char *t, size_t width)
{
	size_t col = 0, i = 0, n = strlen(t);

	while (i < n) {
		size_t j;
		if (t[i] == '\n') {
			/* a blank line ends a paragraph */
			size_t k = i + 1;
			while (k < n && (t[k] == ' ' || t[k] == '\t'))
				k++;
			if (k < n && t[k] == '\n') {
				add(b, "\n\n", 2);
				col = 0;
				i = k + 1;
				continue;
			}
			i++;
			continue;
		}
		if (t[i] == ' ' || t[i] == '\t') {
			i++;
			continue;
		}
		for (j = i;
		     j < n && t[j] != ' ' && t[j] != '\t' && t[j] != '\n'; j++)
			;
		if (col && col + 1 + (j - i) > width) {
			add(b, "\n", 1);
			col = 0;
		} else if (col) {
			add(b, " ", 1);
			col++;
		}
		add(b, t + i, j - i);
		col += j - i;
		i = j;
	}
	add(b, "\n", 1);
}

static void prefix_lines(struct dpg_buf *b, const char *t, const char *pre)
{
	const char *p = t, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		add(b, pre, strlen(pre));
		add(b, p, nl ? (size_t)(nl - p) : strlen(p));
		add(b, "\n", 1);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* Write variant v of t into b; returns 0 when v does not apply. */
/* 20 KB of minified code, no newline, no license word. */
static void minified(struct dpg_buf *b)
{
	static const char code[] =
		"var a=function(b){return b+1},c=a(2);if(c>a){c=[1,2];}";
	size_t n;

	for (n = 0; n < 20000; n += sizeof(code) - 1)
		add(b, code, sizeof(code) - 1);
}

static int make_variant(struct dpg_buf *b, const char *t, enum variant v)
{
	const char *p;

	dpg_buf_reset(b);
	switch (v) {
	case V_PLAIN:
		add(b, t, strlen(t));
		return 1;
	case V_WRAP:
		rewrap(b, t, 60);
		return 1;
	case V_SLASH:
		prefix_lines(b, t, "// ");
		return 1;
	case V_HASH:
		prefix_lines(b, t, "# ");
		return 1;
	case V_STAR:
		add(b, "/*\n", 3);
		prefix_lines(b, t, " * ");
		add(b, " */\n", 4);
		return 1;
	case V_COPYRIGHT:
		add(b,
		    "Copyright (c) 2019-2024 The Example Project Authors\n\n",
		    53);
		add(b, t, strlen(t));
		return 1;
	case V_CRLF:
		for (p = t; *p; p++) {
			if (*p == '\n')
				add(b, "\r", 1);
			add(b, p, 1);
		}
		return 1;
	case V_NOTITLE:
		/* drop a first paragraph of at most 2 short lines */
		p = strstr(t, "\n\n");
		if (!p || p - t > 80 || p[-1] == '.' || p[-1] == ':' ||
		    !dpg_strncasecmp(t, "copyright", 9) || strlen(p) < 200)
			return 0;
		add(b, p + 2, strlen(p + 2));
		return 1;
	case V_MINIFIED:
		minified(b);
		add(b, "/*! ", 4);
		for (p = t; *p; p++)
			add(b, *p == '\n' || *p == '\r' ? " " : p, 1);
		add(b, " */", 3);
		minified(b);
		return 1;
	default:
		return 0;
	}
}

/*
 * Every non-deprecated corpus text, in every variant, is found as itself
 * or as a license with the same text.  The few texts that cannot be found
 * by design (no license word at all, see docs/LICENSE-MATCHING.md) are
 * listed and excluded.
 */
static const char *const unfindable[] = {
	"SSH-short", "CC-BY-SA-2.1-JP", "diffmark", "Gutmann", NULL,
};

static void self_identify(int variants)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_buf b = DPG_BUF_INIT(64u << 20);
	size_t i, tried = 0, failed = 0, exact = 0, ambiguous = 0, nm = 0;
	int v;

	CHECK(load_corpus() != NULL);
	for (i = 0; i < dpg_license_count(); i++) {
		const struct dpg_license_info *l = dpg_license_at(i);
		const char *t = text_of(l->id);
		size_t u;
		if (l->deprecated || !t)
			continue;
		for (u = 0; unfindable[u]; u++)
			if (!strcmp(unfindable[u], l->id))
				break;
		if (unfindable[u])
			continue;
		for (v = 0; v < V_COUNT; v++) {
			struct dpg_arena a = DPG_ARENA_INIT;
			const struct dpg_license_match *mt;
			if (!(variants & (1 << v)) || !make_variant(&b, t, v))
				continue;
			tried++;
			mt = find(m, b.ptr, b.len, l->id, &a, &nm);
			if (!mt && v == V_NOTITLE && nm == 1 && amb[0].exact) {
				/* only the title told them apart */
				printf("  %s without its title is exactly %s\n",
				       l->id, amb[0].license->id);
				ambiguous++;
			} else if (!mt) {
				if (failed < 40)
					printf("  %s (%s) not found\n", l->id,
					       variant_names[v]);
				failed++;
			} else if (mt->exact) {
				exact++;
			}
			dpg_arena_release(&a);
		}
	}
	printf("  %zu texts x variants: %zu found (%zu exact), %zu the same "
	       "text as another without the title, %zu missed\n",
	       tried, tried - failed - ambiguous, exact, ambiguous, failed);
	dpg_buf_release(&b);
	dpg_license_matcher_free(m);
	CHECK_INT(failed, 0);
}

/* ---- near misses and real patterns ------------------------------- */

/* text with the first occurrence of from replaced by to (malloc'd) */
static char *replace(const char *t, const char *from, const char *to)
{
	const char *p = t ? strstr(t, from) : NULL;
	size_t a, fl = strlen(from), tl = strlen(to), n;
	char *r;

	if (!p)
		return NULL;
	a = (size_t)(p - t);
	n = strlen(t);
	r = xmalloc(n - fl + tl + 1);
	memcpy(r, t, a);
	memcpy(r + a, to, tl);
	memcpy(r + a + tl, p + fl, n - a - fl + 1);
	return r;
}

static char *concat(const char *a, const char *b)
{
	return xasprintf("%s%s", a, b);
}

struct result {
	struct dpg_arena a;
	struct dpg_license_match *mt;
	size_t n;
};

static void run(struct result *r, const char *text)
{
	struct dpg_error err = DPG_ERROR_INIT;

	r->a = (struct dpg_arena)DPG_ARENA_INIT;
	r->mt = NULL;
	r->n = 0;
	if (dpg_license_match(text, strlen(text), &r->a, &r->mt, &r->n, &err) <
	    0)
		r->n = 0;
}

TEST(test_license_match__removed_clause_is_bsd2)
{
	struct result r;
	const char *b3 = text_of("BSD-3-Clause");
	char *t = replace(b3,
			  "3. Neither the name of the copyright holder nor "
			  "the names of its contributors may be used to "
			  "endorse or promote products derived from this "
			  "software without specific prior written "
			  "permission.",
			  "");

	CHECK(t != NULL);
	run(&r, t);
	free(t);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "BSD-2-Clause");
	CHECK(r.mt[0].exact);
	dpg_arena_release(&r.a);
}

TEST(test_license_match__bsd3_with_names_and_new_bsd_line)
{
	struct result r;
	char *t = replace(text_of("BSD-3-Clause"), "<year> <owner>",
			  "2015, Example Corp");
	char *u = concat("BSD 3-Clause License (also called the New BSD "
			 "License)\n\n",
			 t);

	run(&r, u);
	free(t);
	free(u);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "BSD-3-Clause");
	CHECK_INT(r.mt[0].line, 5);
	dpg_arena_release(&r.a);
}

/* The FSF's standalone LGPL-3 (COPYING.LESSER): the SPDX text without the
 * GPL-3.0 it embeds. */
TEST(test_license_match__lgpl3_standalone)
{
	struct result r;
	const char *full = text_of("LGPL-3.0-only");
	const char *gpl =
		full ? strstr(full + 100, "GNU GENERAL PUBLIC LICENSE") : NULL;
	char *t;

	CHECK(gpl != NULL);
	t = xasprintf("%.*s", (int)(gpl - full), full);
	run(&r, t);
	free(t);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "LGPL-3.0-only");
	CHECK(r.mt[0].exact);
	dpg_arena_release(&r.a);
	/* and the whole SPDX text is still one LGPL-3.0 */
	run(&r, full);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "LGPL-3.0-only");
	dpg_arena_release(&r.a);
}

/* Two common rewordings at once (either alone scores 0.98-1.00): the
 * texts whose own trigrams are few are found by their shared ones. */
TEST(test_license_match__bsd2_two_rewordings)
{
	struct result r;
	char *a = replace(text_of("BSD-2-Clause"),
			  "THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS "
			  "AND CONTRIBUTORS",
			  "THE SOFTWARE IS PROVIDED");
	char *b = replace(a, "THE COPYRIGHT HOLDER OR CONTRIBUTORS",
			  "THE AUTHORS");

	CHECK(b != NULL);
	run(&r, b);
	free(a);
	free(b);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "BSD-2-Clause");
	CHECK(r.mt[0].score >= 0.95);
	CHECK(dpg_license_match_restriction(&r.mt[0]) == NULL);
	dpg_arena_release(&r.a);
}

/* "The name of the author may not be used": BSD-3-Clause with its
 * differences, not the rare BSD-3-Clause-HP (whose "THE AUTHOR" it has),
 * and the reworded negation adds no restriction. */
TEST(test_license_match__bsd3_author_wording)
{
	struct result r;
	char *a = replace(text_of("BSD-3-Clause"),
			  "Neither the name of the copyright holder nor the "
			  "names of its contributors may be used",
			  "The name of the author may not be used");
	char *b = replace(a, "THE COPYRIGHT HOLDERS AND CONTRIBUTORS",
			  "THE AUTHOR");
	char *c = replace(b, "THE COPYRIGHT HOLDER OR CONTRIBUTORS",
			  "THE AUTHOR");

	CHECK(c != NULL);
	run(&r, c);
	free(a);
	free(b);
	free(c);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "BSD-3-Clause");
	CHECK(!r.mt[0].exact);
	CHECK(dpg_license_match_restriction(&r.mt[0]) == NULL);
	dpg_arena_release(&r.a);
}

/* A restriction added to a permissive text makes a modified license. */
TEST(test_license_match__restriction_added)
{
	struct result r;
	const char *cases[][2] = {
		{"MIT", "The above copyright notice"},
		{"BSD-3-Clause", "THIS SOFTWARE IS PROVIDED"},
		{"Apache-2.0", "END OF TERMS AND CONDITIONS"},
	};
	const char *adds[] = {
		"The Software may be used with the Acme Clinic platform only; "
		"redistribution in binary form is not permitted.\n\n",
		"4. This software must not be distributed through any app "
		"store.\n\n",
		"Commercial use of the Work is prohibited without a separate "
		"written agreement with Acme.\n\n",
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(cases); i++) {
		char *ins = xasprintf("%s%s", adds[i], cases[i][1]);
		char *t = replace(text_of(cases[i][0]), cases[i][1], ins);

		free(ins);
		CHECK(t != NULL);
		run(&r, t);
		free(t);
		CHECK(r.n >= 1);
		CHECK_STR(r.mt[0].license->id, cases[i][0]);
		CHECK(dpg_license_match_restriction(&r.mt[0]) != NULL);
		dpg_arena_release(&r.a);
	}
	/* a holder's name is no restriction */
	{
		char *t = replace(text_of("MIT"), "<copyright holders>",
				  "Acme Health, not-for-profit");

		run(&r, t);
		free(t);
		CHECK_INT(r.n, 1);
		CHECK(dpg_license_match_restriction(&r.mt[0]) == NULL);
		dpg_arena_release(&r.a);
	}
}

/* Whether words added as a near match's one difference restrict use. */
static int added_restricts(const char *words)
{
	struct dpg_license_span sp;
	struct dpg_license_match mt;

	memset(&sp, 0, sizeof(sp));
	memset(&mt, 0, sizeof(mt));
	sp.kind = DPG_LIC_ADDED;
	sp.line = sp.line_end = 3;
	sp.file_words = words;
	mt.spans = &sp;
	mt.nspans = 1;
	return dpg_license_match_restriction(&mt) != NULL;
}

/* n words "a", then tail, in b ("" if it does not fit) */
static const char *words_then(struct dpg_buf *b, size_t n, const char *tail)
{
	size_t k;

	dpg_buf_reset(b);
	for (k = 0; k < n; k++)
		if (dpg_buf_puts(b, "a ", NULL) < 0)
			return "";
	return dpg_buf_puts(b, tail, NULL) < 0 ? "" : b->ptr;
}

/*
 * How the restriction test reads words (one at a time since the words of
 * each text were no longer copied into shared static arrays, which two
 * analysis threads wrote at once): letters, digits and '-' make a word,
 * lower-cased, its first 23 bytes compared; the first 400 words read; a
 * negation looks at the six words after it.
 */
TEST(test_license_match__restriction_words)
{
	struct dpg_buf b = DPG_BUF_INIT(1u << 20);
	struct dpg_license_span sp[2];
	struct dpg_license_match mt;

	CHECK(added_restricts("For NON-COMMERCIAL purposes; COMMERCIAL use"));
	CHECK(!added_restricts("for non-commercial purposes"));
	CHECK(added_restricts("it may not be, in any form, SOLD"));
	CHECK(!added_restricts("it may not be, in any form at all, sold"));
	CHECK(!added_restricts("you may not be held liable if it is sold"));
	CHECK(added_restricts("no\tbinary"));
	CHECK(!added_restricts("commercialcommercialcommercial"));
	/* 23 bytes of a longer word */
	CHECK(!added_restricts("exclusivelyexclusivelyxz"));
	CHECK(!added_restricts(""));
	/* the 400th word is read, the 401st is not */
	CHECK(added_restricts(words_then(&b, 399, "only")));
	CHECK(!added_restricts(words_then(&b, 400, "only")));
	CHECK(added_restricts(words_then(&b, 398, "no sold")));
	CHECK(!added_restricts(words_then(&b, 399, "no sold")));
	dpg_buf_release(&b);
	/* a negation the license had on these lines: only a restricting
	 * word restricts */
	memset(sp, 0, sizeof(sp));
	memset(&mt, 0, sizeof(mt));
	sp[0].kind = DPG_LIC_CHANGED;
	sp[0].line = sp[0].line_end = 5;
	sp[0].file_words = "may not be redistributed";
	sp[0].license_text = "neither the name nor";
	sp[1].kind = DPG_LIC_REMOVED;
	sp[1].line = sp[1].line_end = 6;
	sp[1].license_text = "the names of its contributors nor";
	mt.spans = sp;
	mt.nspans = 2;
	CHECK(dpg_license_match_restriction(&mt) == NULL);
	sp[0].file_words = "may not be redistributed, except here";
	CHECK(dpg_license_match_restriction(&mt) == sp[0].file_words);
	sp[1].license_text = "the names of its contributors";
	sp[0].license_text = "the name";
	sp[0].file_words = "may not be redistributed";
	CHECK(dpg_license_match_restriction(&mt) == sp[0].file_words);
}

TEST(test_license_match__changed_version_is_not_exact)
{
	struct result r;
	char *t = replace(text_of("GPL-2.0-only"), "Version 2, June 1991",
			  "Version 3, June 1991");
	const char *sum;

	run(&r, t);
	free(t);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "GPL-2.0-only");
	CHECK(!r.mt[0].exact);
	CHECK(r.mt[0].nspans >= 1);
	CHECK_INT(r.mt[0].spans[0].kind, DPG_LIC_CHANGED);
	CHECK_STR(r.mt[0].spans[0].license_text, "2");
	sum = dpg_license_match_summary(&r.mt[0], &r.a);
	CHECK(strstr(sum, "changed line 2 '2' to '3'") != NULL);
	dpg_arena_release(&r.a);
}

TEST(test_license_match__changed_word_in_body)
{
	struct result r;
	char *t = replace(text_of("MIT"), "free of charge", "for a fee");

	run(&r, t);
	free(t);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "MIT");
	CHECK(!r.mt[0].exact);
	CHECK(r.mt[0].score < 1.0);
	CHECK_INT(r.mt[0].nspans, 1);
	CHECK_STR(r.mt[0].spans[0].license_text, "free of charge");
	CHECK_STR(r.mt[0].spans[0].file_text, "for a fee");
	dpg_arena_release(&r.a);
}

TEST(test_license_match__appended_section)
{
	struct result r;
	char *t = concat(text_of("Apache-2.0"),
			 "\n\nAPPENDIX B: Additional terms for the Example "
			 "project\n\nThe Example logo and trademarks are not "
			 "covered by this license and may not be used "
			 "without written permission of Example Inc.\n");

	run(&r, t);
	free(t);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "Apache-2.0");
	CHECK(!r.mt[0].exact);
	CHECK(r.mt[0].extra_text != NULL);
	CHECK(strstr(r.mt[0].extra_text, "APPENDIX B") != NULL);
	CHECK(r.mt[0].extra_line > r.mt[0].line_end);
	CHECK(strstr(dpg_license_match_summary(&r.mt[0], &r.a),
		     "followed by") != NULL);
	dpg_arena_release(&r.a);
}

TEST(test_license_match__agpl_additional_terms)
{
	struct result r;
	char *t = concat(text_of("AGPL-3.0-only"),
			 "\n\nADDITIONAL TERMS pursuant to section 7 of the "
			 "GNU Affero General Public License:\n\nb) the "
			 "interface must display the Example logo and a link "
			 "to example.org.\n");

	run(&r, t);
	free(t);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "AGPL-3.0-only");
	CHECK(!r.mt[0].exact);
	CHECK(r.mt[0].extra_text != NULL);
	CHECK(strstr(r.mt[0].extra_text, "ADDITIONAL TERMS") != NULL);
	dpg_arena_release(&r.a);
}

TEST(test_license_match__two_licenses_in_one_file)
{
	struct result r;
	char *t = xasprintf("%s\n\n---\n\n%s", text_of("MIT"),
			    text_of("Apache-2.0"));

	run(&r, t);
	free(t);
	CHECK_INT(r.n, 2);
	CHECK_STR(r.mt[0].license->id, "MIT");
	CHECK_STR(r.mt[1].license->id, "Apache-2.0");
	CHECK_INT(r.mt[0].line, 1);
	CHECK_INT(r.mt[0].line_end, 18);
	CHECK_INT(r.mt[1].line, 22);
	CHECK(r.mt[0].exact && r.mt[1].exact);
	dpg_arena_release(&r.a);
}

/*
 * A file that repeats its licenses (A B A B): every copy is found, with
 * its own lines.  The second copies' trigrams all repeat earlier ones, and
 * the regions searched after the first matches start past them: a
 * trigram's candidates are only taken from an earlier position of the same
 * region (search_region), never from a region searched before.
 */
static unsigned int lines_of(const char *s)
{
	unsigned int n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * Line numbers of licenses far into a file, in windows apart: after 3,000
 * lines of code, and after a 40 KB line (a window starts within it) and
 * more lines.  The matcher numbers each window's lines from 0 and makes
 * them the file's once a text may match: each license is where it is
 * alone, shifted by the lines before it.
 */
TEST(test_license_match__lines_far_into_the_file)
{
	struct result alone[2], r;
	struct dpg_buf b = DPG_BUF_INIT(1u << 24);
	unsigned int before[2];
	size_t k;

	run(&alone[0], text_of("MIT"));
	run(&alone[1], text_of("Apache-2.0"));
	CHECK_INT(alone[0].n, 1);
	CHECK_INT(alone[1].n, 1);
	for (k = 0; k < 3000; k++)
		dpg_buf_printf(&b, NULL, "int x%zu = %zu;\n", k, k);
	before[0] = 3000;
	dpg_buf_printf(&b, NULL, "%s\n", text_of("MIT"));
	for (k = 0; k < 4000; k++)
		dpg_buf_printf(&b, NULL, "y%zu=%zu;", k, k);
	dpg_buf_printf(&b, NULL, "\n");
	for (k = 0; k < 500; k++)
		dpg_buf_printf(&b, NULL, "int z%zu = %zu;\n", k, k);
	before[1] = 3000 + lines_of(text_of("MIT")) + 1 + 500;
	dpg_buf_printf(&b, NULL, "%s", text_of("Apache-2.0"));
	run(&r, b.ptr);
	CHECK_INT(r.n, 2);
	for (k = 0; k < 2 && k < r.n && alone[k].n; k++) {
		CHECK_STR(r.mt[k].license->id, alone[k].mt[0].license->id);
		CHECK_INT(r.mt[k].line, alone[k].mt[0].line + before[k]);
		CHECK_INT(r.mt[k].line_end,
			  alone[k].mt[0].line_end + before[k]);
	}
	dpg_buf_release(&b);
	dpg_arena_release(&r.a);
	dpg_arena_release(&alone[0].a);
	dpg_arena_release(&alone[1].a);
}

TEST(test_license_match__repeated_licenses_each_found)
{
	static const char *const pairs[][2] = {
		{"MIT", "Apache-2.0"},
		{"BSD-3-Clause", "MPL-2.0"},
		{"ISC", "GPL-2.0-only"},
	};
	size_t i, k;

	CHECK(load_corpus() != NULL);
	for (i = 0; i < DPG_ARRAY_SIZE(pairs); i++) {
		const char *a = text_of(pairs[i][0]), *b = text_of(pairs[i][1]);
		const char *sep = "\n\n---\n\n";
		struct result r;
		char *t =
			xasprintf("%s%s%s%s%s%s%s", a, sep, b, sep, a, sep, b);
		unsigned int first[4], shift;

		run(&r, t);
		free(t);
		CHECK_INT(r.n, 4);
		first[0] = 1;
		for (k = 0; k < 4 && k < r.n; k++) {
			const char *part = k % 2 ? b : a;
			unsigned int last = first[k] + lines_of(part) - 1;
			CHECK(same_license(r.mt[k].license, pairs[i][k % 2]));
			/* within its copy, on the same lines of it as the
			 * first copy (copyright lines are not matched) */
			CHECK(r.mt[k].line >= first[k] &&
			      r.mt[k].line_end <= last);
			CHECK(r.mt[k].line_end - r.mt[k].line >=
			      lines_of(part) / 2);
			shift = first[k] - first[k % 2];
			CHECK_INT(r.mt[k].line, r.mt[k % 2].line + shift);
			CHECK_INT(r.mt[k].line_end,
				  r.mt[k % 2].line_end + shift);
			CHECK(r.mt[k].score == r.mt[k % 2].score);
			if (k < 3)
				first[k + 1] = last + lines_of(sep) - 1;
		}
		dpg_arena_release(&r.a);
	}
}

TEST(test_license_match__distinguishing_words_decide)
{
	static const char *const ids[] = {
		"MIT",		 "MIT-0",	  "ISC",
		"BSD-2-Clause",	 "BSD-3-Clause",  "GPL-2.0-only",
		"LGPL-2.1-only", "LGPL-2.0-only", "GPL-3.0-only",
		"AGPL-3.0-only", "LGPL-3.0-only", "Apache-1.1",
		"Apache-2.0",	 "MPL-1.1",	  "MPL-2.0",
		"CC-BY-4.0",	 "CC-BY-SA-4.0",  "CC-BY-NC-4.0",
		"CC-BY-ND-4.0",	 "EPL-1.0",	  "EPL-2.0",
		"0BSD",
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(ids); i++) {
		struct result r;
		run(&r, text_of(ids[i]));
		CHECK(r.n >= 1);
		CHECK_STR(r.mt[0].license->id, ids[i]);
		CHECK(r.mt[0].exact);
		dpg_arena_release(&r.a);
	}
}

TEST(test_license_match__gnu_text_alone_is_only)
{
	struct result r;
	const struct dpg_license_info *same[8];

	run(&r, text_of("GPL-3.0-or-later"));
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "GPL-3.0-only");
	CHECK(!r.mt[0].license->deprecated);
	CHECK_INT(dpg_license_same_text(r.mt[0].license, same, 8), 2);
	CHECK(strstr(dpg_license_match_summary(&r.mt[0], &r.a),
		     "GPL-3.0-or-later") != NULL);
	dpg_arena_release(&r.a);
}

TEST(test_license_match__markdown_and_entities)
{
	struct result r;
	char *t = replace(text_of("MIT"), "MIT License",
			  "# The MIT License (MIT)");
	char *u = replace(t, "\"Software\"", "&quot;Software&quot;");
	char *v = replace(u, "THE SOFTWARE IS PROVIDED",
			  "**THE SOFTWARE IS PROVIDED**");

	run(&r, v);
	free(t);
	free(u);
	free(v);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "MIT");
	CHECK(r.mt[0].exact);
	dpg_arena_release(&r.a);
}

/* Every HTML tag the tokenizer drops, in either case and with attributes,
 * around a word of MIT leaves it exact; another word in angle brackets
 * does not. */
TEST(test_license_match__html_tags)
{
	static const char *const tags[] = {
		"a",	 "b",	  "blockquote", "body",	  "br",	     "center",
		"code",	 "dd",	  "div",	"dl",	  "dt",	     "em",
		"font",	 "h1",	  "h2",		"h3",	  "h4",	     "h5",
		"h6",	 "head",  "hr",		"html",	  "i",	     "img",
		"li",	 "link",  "meta",	"nav",	  "ol",	     "p",
		"pre",	 "small", "span",	"strong", "sub",     "sup",
		"table", "tbody", "td",		"th",	  "thead",   "title",
		"tr",	 "tt",	  "u",		"ul",	  "section",
	};
	struct dpg_buf b = DPG_BUF_INIT(1 << 20);
	struct result r;
	const char *mit = text_of("MIT");
	const char *at = mit ? strstr(mit, "hereby") : NULL;
	size_t k, bad = 0;
	char *up;

	CHECK(at != NULL);
	if (!at)
		return;

	for (k = 0; k <= DPG_ARRAY_SIZE(tags); k++) {
		const char *t = k < DPG_ARRAY_SIZE(tags) ? tags[k] : "tagx";
		char *open = xasprintf("<%s class=\"x\">", t);
		size_t i;
		up = xasprintf("</%s>", t);
		for (i = 0; up[i]; i++)
			up[i] = (char)(up[i] >= 'a' && up[i] <= 'z' ? up[i] - 32
								    : up[i]);
		dpg_buf_reset(&b);
		add(&b, mit, (size_t)(at - mit));
		add(&b, open, strlen(open));
		add(&b, "hereby", 6);
		add(&b, up, strlen(up));
		add(&b, at + 6, strlen(at + 6));
		run(&r, b.ptr);
		if (r.n != 1 || r.mt[0].exact != (k < DPG_ARRAY_SIZE(tags))) {
			printf("  <%s>: %zu matches\n", t, r.n);
			bad++;
		}
		dpg_arena_release(&r.a);
		free(open);
		free(up);
	}
	CHECK_INT(bad, 0);
	dpg_buf_release(&b);
}

TEST(test_license_match__source_header_and_readme_section)
{
	struct dpg_buf b = DPG_BUF_INIT(1 << 20);
	struct result r;

	add(&b, "/*\n", 3);
	prefix_lines(&b, text_of("ISC"), " * ");
	add(&b, " */\n#include <stdio.h>\nint main(void) { return 0; }\n", 50);
	run(&r, b.ptr);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "ISC");
	CHECK_INT(r.mt[0].line, 2);
	dpg_arena_release(&r.a);

	dpg_buf_reset(&b);
	add(&b,
	    "# Tool\n\nInstall it. Permission to use the logo is not "
	    "granted.\n\n## License\n\n",
	    76);
	add(&b, text_of("MIT"), strlen(text_of("MIT")));
	add(&b, "\n\n## Contributing\n\nPRs welcome.\n", 32);
	run(&r, b.ptr);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.mt[0].license->id, "MIT");
	CHECK_INT(r.mt[0].line, 7);
	CHECK_INT(r.mt[0].line_end, 24);
	dpg_arena_release(&r.a);
	dpg_buf_release(&b);
}

TEST(test_license_match__no_license_words)
{
	const char *code = "#include <stdio.h>\nint main(void)\n{\n\tputs("
			   "\"hello\");\n\treturn 0;\n}\n";
	struct result r;

	CHECK_INT(dpg_license_prefilter(code, strlen(code)), 0);
	CHECK_INT(dpg_license_prefilter("Licensed under", 14), 1);
	CHECK_INT(dpg_license_prefilter("NO WARRANTY", 11), 1);
	CHECK_INT(dpg_license_prefilter("x LIZENZ", 8), 1);
	CHECK_INT(dpg_license_prefilter("x Permission", 12), 1);
	CHECK_INT(dpg_license_prefilter("(C) COPYRIGHT", 13), 1);
	CHECK_INT(dpg_license_prefilter("redistribute", 12), 1);
	CHECK_INT(dpg_license_prefilter("the Public Domain", 17), 1);
	CHECK_INT(dpg_license_prefilter("ce contrat", 10), 1);
	CHECK_INT(dpg_license_prefilter("string public domains", 13), 0);
	run(&r, code);
	CHECK_INT(r.n, 0);
	dpg_arena_release(&r.a);
}

/* Half a license is not confidently that license. */
TEST(test_license_match__never_confidently_wrong)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_license_match *mt;
	const struct dpg_license_info *c;
	const char *mit = text_of("MIT");
	const char *cut = strstr(mit, "THE SOFTWARE IS PROVIDED");
	char *t = xasprintf("%.*s\nYou may not use this software for any "
			    "commercial purpose whatsoever, and you must pay "
			    "the author a royalty for every copy you make or "
			    "distribute, as agreed in writing beforehand.\n",
			    (int)(cut - mit) - 200, mit);
	size_t n = 9;
	double cs = 0;

	CHECK(dpg_license_matcher_run(m, t, strlen(t), &a, &mt, &n, &err) >= 0);
	free(t);
	CHECK_INT(n, 0);
	c = dpg_license_matcher_closest(m, &cs);
	CHECK(c != NULL);
	/* without the notice-retention sentence it is closest to MIT-0 */
	CHECK(!strncmp(c->id, "MIT", 3));
	CHECK(cs > 0.3 && cs < DPG_LICENSE_NEAR);
	dpg_arena_release(&a);
	dpg_license_matcher_free(m);
}

TEST(test_license_match__lookup)
{
	const struct dpg_license_info *l = dpg_license_lookup("apache-2.0");
	size_t i;

	CHECK(l != NULL);
	CHECK_STR(l->id, "Apache-2.0");
	CHECK_STR(l->name, "Apache License 2.0");
	CHECK(l->osi && l->has_text && !l->deprecated);
	CHECK(dpg_license_lookup("GPL-2.0")->deprecated);
	CHECK(dpg_license_lookup("GPL-2.0+")->deprecated);
	CHECK(dpg_license_lookup("no-such-license") == NULL);
	CHECK(dpg_license_lookup(NULL) == NULL);
	CHECK(dpg_license_count() > 700);
	CHECK(dpg_license_at(dpg_license_count()) == NULL);
	for (i = 1; i < dpg_license_count(); i++)
		CHECK(dpg_strcasecmp(dpg_license_at(i - 1)->id,
				     dpg_license_at(i)->id) <= 0);
}

TEST(test_license_match__self_identify)
{
	self_identify(1 << V_PLAIN);
}

TEST(test_license_match__variants)
{
	self_identify(~(1 << V_PLAIN));
}

/* The license words are found at every offset, to the last byte of the
 * text (the scan reads sixteen positions at a time), in any case; a word
 * cut short or changed at its end is none. */
TEST(test_license_match__words_at_every_offset)
{
	static const char *const words[] = {
		"licen",     "LIZEN",	  "warrant", "Permi",
		"copyright", "distribut", "contrat", "public domai",
	};
	char buf[128];
	size_t w, off, tail, n, big = 3u << 20;
	char *line;

	/* offsets across the 16- and 32-byte blocks of the scan */
	for (w = 0; w < DPG_ARRAY_SIZE(words); w++)
		for (off = 0; off < 80; off++)
			for (tail = 0; tail < 20; tail += 3) {
				n = strlen(words[w]);
				memset(buf, 'x', sizeof(buf));
				memcpy(buf + off, words[w], n);
				if (dpg_license_prefilter(buf,
							  off + n + tail) != 1)
					CHECK_STR(words[w], "(found)");
				if (dpg_license_prefilter_at(
					    buf, off + n + tail) != off)
					CHECK_STR(words[w], "(found there)");
				buf[off + n - 1] = 'x';
				if (dpg_license_prefilter(buf,
							  off + n + tail) != 0)
					CHECK_STR(words[w], "(changed: none)");
				buf[off + n - 1] = words[w][n - 1];
				if (dpg_license_prefilter(buf, off + n - 1) !=
				    0)
					CHECK_STR(words[w], "(cut: none)");
			}
	/* a multi-MB text of one line: the word as its last bytes only */
	line = xmalloc(big);
	memset(line, 'a', big);
	CHECK_INT(dpg_license_prefilter(line, big), 0);
	memcpy(line + big - 7, "License", 7);
	CHECK_INT(dpg_license_prefilter(line, big), 1);
	CHECK_INT(dpg_license_prefilter(line, big - 3), 0);
	free(line);
}

/*
 * A bundle of one line: the MIT text as a minified file's banner, with
 * 60 KB of code before and after it, which has spaces (the window grows
 * to a space LINE_REACH bytes out) or none (it stays at the window).
 */
TEST(test_license_match__minified_banner)
{
	static const char *const code[] = {
		"var a=function(b){return b+1};",
		"var a=function(b){return b+1}; if (a) { b = c }",
	};
	struct dpg_buf b = DPG_BUF_INIT(1 << 20);
	struct result r;
	const char *mit = text_of("MIT");
	size_t k, i, n;

	for (k = 0; k < DPG_ARRAY_SIZE(code); k++) {
		dpg_buf_reset(&b);
		for (n = 0; n < 60000; n += strlen(code[k]))
			add(&b, code[k], strlen(code[k]));
		add(&b, "/*! lib v1.0 | ", 15);
		for (i = 0; mit[i]; i++)
			add(&b, mit[i] == '\n' ? " " : mit + i, 1);
		add(&b, " */", 3);
		for (n = 0; n < 60000; n += strlen(code[k]))
			add(&b, code[k], strlen(code[k]));
		run(&r, b.ptr);
		CHECK_INT(r.n, 1);
		if (r.n) {
			CHECK_STR(r.mt[0].license->id, "MIT");
			CHECK_INT(r.mt[0].line, 1);
			CHECK(r.mt[0].score >= DPG_LICENSE_NEAR);
		}
		dpg_arena_release(&r.a);
	}
	dpg_buf_release(&b);
}

/*
 * State a matcher keeps between files (the trigram maps of the texts it
 * aligned, long ones too, within a memory budget; per-word answers) does
 * not change results: long texts matched twice by one matcher, in a
 * changing order, give what a new matcher gives for each.
 */
static int same_result(const struct dpg_license_match *x, size_t nx,
		       const struct dpg_license_match *y, size_t ny)
{
	size_t k, s;

	if (nx != ny)
		return 0;
	for (k = 0; k < nx; k++) {
		if (x[k].license != y[k].license || x[k].score != y[k].score ||
		    x[k].exact != y[k].exact || x[k].line != y[k].line ||
		    x[k].line_end != y[k].line_end ||
		    x[k].words != y[k].words || x[k].nspans != y[k].nspans ||
		    x[k].extra_line != y[k].extra_line ||
		    x[k].extra_line_end != y[k].extra_line_end)
			return 0;
		for (s = 0; s < x[k].nspans; s++)
			if (x[k].spans[s].kind != y[k].spans[s].kind ||
			    x[k].spans[s].line != y[k].spans[s].line ||
			    x[k].spans[s].nwords != y[k].spans[s].nwords)
				return 0;
	}
	return 1;
}

TEST(test_license_match__reused_matcher)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_buf b = DPG_BUF_INIT(64u << 20);
	size_t i, tried = 0, differ = 0;
	int pass;

	CHECK(load_corpus() != NULL);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < dpg_license_count(); i++) {
			size_t at = pass ? dpg_license_count() - 1 - i : i;
			const struct dpg_license_info *l = dpg_license_at(at);
			const char *t = text_of(l->id);
			struct dpg_arena a1 = DPG_ARENA_INIT;
			struct dpg_arena a2 = DPG_ARENA_INIT;
			struct dpg_license_match *x = NULL, *y = NULL;
			struct dpg_error err = DPG_ERROR_INIT;
			size_t nx = 0, ny = 0;
			/* the long texts (and every 16th of the rest) */
			if (l->deprecated || !t ||
			    (strlen(t) < 12000 && at % 16))
				continue;
			if (!make_variant(&b, t, pass ? V_WRAP : V_STAR))
				continue;
			tried++;
			CHECK(dpg_license_matcher_run(m, b.ptr, b.len, &a1, &x,
						      &nx, &err) >= 0);
			CHECK(dpg_license_match(b.ptr, b.len, &a2, &y, &ny,
						&err) >= 0);
			if (!same_result(x, nx, y, ny)) {
				printf("  %s: reused matcher differs\n", l->id);
				differ++;
			}
			dpg_arena_release(&a1);
			dpg_arena_release(&a2);
		}
	}
	printf("  %zu texts matched by a reused and a new matcher\n", tried);
	CHECK(tried > 100);
	CHECK_INT(differ, 0);
	dpg_buf_release(&b);
	dpg_license_matcher_free(m);
}

/*
 * The first quarter of a long text is no match, but most of the time a
 * license comes close (itself or a relative: the "closest" of an unknown
 * license file, from a text with a quarter to two fifths of its trigrams
 * present).  So the test that skips a file in which no text can be a
 * candidate (may_match in match.c) must keep such hints: a bar only 10%
 * higher there loses a tenth of them (185 of 210 texts -> 165).  And the
 * run from the prefilter's first word gives what a plain run gives.
 */
TEST(test_license_match__partial_text_comes_close)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_license_matcher *m2 = dpg_license_matcher_new();
	struct dpg_license_matcher *ref2 = dpg_license_matcher_new();
	size_t i, tried = 0, hinted = 0, differ = 0;

	CHECK(load_corpus() != NULL);
	for (i = 0; i < dpg_license_count(); i++) {
		const struct dpg_license_info *l = dpg_license_at(i), *c;
		const char *t = text_of(l->id);
		struct dpg_arena a = DPG_ARENA_INIT;
		struct dpg_license_match *x = NULL, *y = NULL;
		struct dpg_error err = DPG_ERROR_INIT;
		size_t nx = 0, ny = 0, len;
		double cs = 0, cs2 = 0;
		if (l->deprecated || !t || strlen(t) < 8000)
			continue;
		len = strlen(t) / 4;
		CHECK(dpg_license_matcher_run(m, t, len, &a, &x, &nx, &err) >=
		      0);
		c = dpg_license_matcher_closest(m, &cs);
		CHECK(dpg_license_matcher_run_at(
			      m2, t, len, dpg_license_prefilter_at(t, len), &a,
			      &y, &ny, &err) >= 0);
		if (!same_result(x, nx, y, ny) ||
		    dpg_license_matcher_closest(m2, &cs2) != c || cs2 != cs)
			differ++;
		if (nx == 0) { /* (part of LGPL-3.0 is GPL-3.0) */
			tried++;
			hinted += c && cs >= 0.25;
		}
		dpg_arena_release(&a);
	}
	printf("  %zu texts cut to a quarter: %zu with a closest license\n",
	       tried, hinted);
	CHECK(tried > 100);
	CHECK(hinted * 10 >= tried * 8);
	CHECK_INT(differ, 0);
	dpg_license_matcher_free(m);
	dpg_license_matcher_free(m2);
	dpg_license_matcher_free(ref2);
}

/*
 * A matcher keeps alignments for the next ones of a text on the same
 * words, and the results of a run for the next run on the same bytes
 * (replayed when its state allows, see rcache_replay in match.c).
 * Neither changes anything: the same sequence of texts, with repeats,
 * through a matcher with its caches and one without them gives the same
 * matches (every field and excerpt) and, when nothing matched, the same
 * closest license.  The texts: Debian copyright files made of corpus
 * texts, copies of them with words dropped or changed, and runs of words
 * from random corpus texts.
 */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)((rng_state >> 16) % n);
}

static int same_str(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

static int same_full(const struct dpg_license_match *x, size_t nx,
		     const struct dpg_license_match *y, size_t ny)
{
	size_t k, s;

	if (!same_result(x, nx, y, ny))
		return 0;
	for (k = 0; k < nx; k++) {
		if (!same_str(x[k].extra_text, y[k].extra_text) ||
		    !same_str(x[k].extra_words, y[k].extra_words))
			return 0;
		for (s = 0; s < x[k].nspans; s++)
			if (!same_str(x[k].spans[s].file_text,
				      y[k].spans[s].file_text) ||
			    !same_str(x[k].spans[s].file_words,
				      y[k].spans[s].file_words) ||
			    !same_str(x[k].spans[s].license_text,
				      y[k].spans[s].license_text) ||
			    x[k].spans[s].line_end != y[k].spans[s].line_end)
				return 0;
	}
	return 1;
}

/* A corpus text of at most max bytes, at random. */
static const char *random_text(size_t max)
{
	for (;;) {
		const struct dpg_license_info *l =
			dpg_license_at(rnd((uint32_t)dpg_license_count()));
		const char *t = l->deprecated ? NULL : text_of(l->id);
		if (t && strlen(t) <= max)
			return t;
	}
}

/* A Debian copyright file (DEP-5) with 1 to 4 license paragraphs. */
static void copyright_file(struct dpg_buf *b)
{
	uint32_t k, n = 1 + rnd(4);
	char line[96];

	add(b,
	    "Format: https://www.debian.org/doc/packaging-manuals/"
	    "copyright-format/1.0/\nUpstream-Name: example\n\n",
	    97);
	for (k = 0; k < n; k++) {
		const char *t = random_text(k == 0 ? 40000 : 6000), *p;
		snprintf(line, sizeof(line),
			 "Files: src/part%u/*\nCopyright: 20%02u Holder %u\n"
			 "License: L%u\n",
			 rnd(50), rnd(25), rnd(9), k);
		add(b, line, strlen(line));
		for (p = t; *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			add(b, " ", 1);
			add(b, len ? p : ".", len ? len : 1);
			add(b, "\n", 1);
			p += len + (nl != NULL);
		}
		add(b, "\n", 1);
	}
}

/* A copy of t with some words dropped or changed. */
static void mutate(struct dpg_buf *b, const char *t, size_t len)
{
	static const char *const words[] = {"not",  "only", "software",
					    "the",  "Foo",  "commercial",
					    "copy", "and"};
	uint32_t every = 20 + rnd(400);
	size_t i = 0;

	while (i < len) {
		size_t j = i;
		while (j < len && t[j] != ' ' && t[j] != '\n')
			j++;
		if (j == i) {
			add(b, t + i, 1);
			i++;
			continue;
		}
		if (rnd(every) == 0) {
			if (rnd(2)) {
				const char *w = words[rnd(8)];
				add(b, w, strlen(w));
			}
		} else {
			add(b, t + i, j - i);
		}
		i = j;
	}
}

/* Runs of 3 to 40 words from random corpus texts. */
static void word_runs(struct dpg_buf *b)
{
	uint32_t runs = 10 + rnd(80), k;

	for (k = 0; k < runs; k++) {
		const char *t = random_text(1u << 20);
		size_t len = strlen(t), at = rnd((uint32_t)len), words = 0;
		while (at < len && words < 3 + rnd(38)) {
			add(b, t + at, 1);
			words += t[at] == ' ';
			at++;
		}
		add(b, "\n", 1);
	}
}

/* Every license word of text[0..len) found at each scan level
 * (dpg_license_keys_plain 0: AVX2 where the CPU has it, 1: SSE2, 2: one
 * position at a time), word after word: the offsets differing (*nw: the
 * words). */
static size_t keys_differ(const char *text, size_t len, size_t *nw)
{
	size_t off = 0, differ = 0, at[3];
	int lv;

	for (;;) {
		for (lv = 0; lv < 3; lv++) {
			dpg_license_keys_plain = lv;
			at[lv] =
				dpg_license_prefilter_at(text + off, len - off);
		}
		dpg_license_keys_plain = 0;
		differ += at[0] != at[1] || at[0] != at[2];
		if (at[2] == DPG_LICENSE_NONE)
			return differ;
		++*nw;
		off += at[2] + 1;
	}
}

/*
 * The license-word scan thirty-two and sixteen positions at a time against
 * the byte loop, on real text (the SPDX list, this repository's documents)
 * and on random texts of the keys, their near misses and case and high-bit
 * variants, of every length across the blocks.
 */
TEST(test_license_match__key_scans_same)
{
	static const char *const files[] = {"README.md", "docs/LICENSES.md",
					    "docs/LICENSE-MATCHING.md"};
	static const char *const pieces[] = {
		"licen",
		"LiCeN",
		"lizen",
		"warrant",
		"permi",
		"Copyright",
		"distribut",
		"contrat",
		"public domai",
		"PUBLIC DOMAIN",
		"icem",
		"izan",
		"rrau",
		"ermo",
		"pyrj",
		"strl",
		"ntr",
		"omaj",
		"\xe9",
		"\xc9"
		"cen",
		"i\xe3"
		"en",
		"ICEN",
		"x",
		" ",
		"\n",
		"@",
		"`",
		"\xff",
		"l",
	};
	char *t = xmalloc(8u << 20);
	size_t f, k, len, nw = 0, differ = 0;

	CHECK(load_corpus() != NULL);
	differ += keys_differ(corpus_text, strlen(corpus_text), &nw);
	for (f = 0; f < DPG_ARRAY_SIZE(files); f++) {
		FILE *fp = fopen(files[f], "rb");
		CHECK(fp != NULL);
		if (!fp)
			continue;
		len = fread(t, 1, 8u << 20, fp);
		fclose(fp);
		differ += keys_differ(t, len, &nw);
	}
	for (k = 0; k < 4000; k++) {
		size_t want = 1 + k % 150;
		len = 0;
		while (len < want) {
			const char *p = pieces[rnd(DPG_ARRAY_SIZE(pieces))];
			size_t n = strlen(p);
			memcpy(t + len, p, n < want - len ? n : want - len);
			len += n < want - len ? n : want - len;
		}
		differ += keys_differ(t, len, &nw);
	}
	printf("  %zu words compared\n", nw);
	CHECK(nw > 50000);
	CHECK_INT(differ, 0);
	free(t);
}

/* Whether m and ref (the caches off) give b the same matches and, when
 * nothing matched, the same closest license; *nx: m's matches. */
static int runs_same(struct dpg_license_matcher *m,
		     struct dpg_license_matcher *ref, const struct dpg_buf *b,
		     size_t *nx)
{
	struct dpg_arena a1 = DPG_ARENA_INIT, a2 = DPG_ARENA_INIT;
	struct dpg_license_match *x = NULL, *y = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	const struct dpg_license_info *cx, *cy;
	size_t ny = 0;
	double sx = 0, sy = 0;
	int same;

	*nx = 0;
	same = dpg_license_matcher_run(m, b->ptr, b->len, &a1, &x, nx, &err) >=
		       0 &&
	       dpg_license_matcher_run(ref, b->ptr, b->len, &a2, &y, &ny,
				       &err) >= 0;
	cx = dpg_license_matcher_closest(m, &sx);
	cy = dpg_license_matcher_closest(ref, &sy);
	same = same && same_full(x, *nx, y, ny) &&
	       (*nx || (cx == cy && sx == sy));
	dpg_arena_release(&a1);
	dpg_arena_release(&a2);
	return same;
}

TEST(test_license_match__caches_change_nothing)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_license_matcher *ref = dpg_license_matcher_new();
	enum { POOL = 160, RUNS = 1200 };
	struct dpg_buf pool[POOL];
	size_t i, differ = 0, matched = 0, replayed, refused;

	CHECK(load_corpus() != NULL);
	dpg_lic_matcher_caches(ref, 0);
	for (i = 0; i < POOL; i++) {
		pool[i] = (struct dpg_buf)DPG_BUF_INIT(64u << 20);
		if (i % 4 == 0) {
			copyright_file(&pool[i]);
		} else if (i % 4 == 1) {
			/* changed words in the one before */
			mutate(&pool[i], pool[i - 1].ptr, pool[i - 1].len);
		} else if (i % 4 == 2) {
			word_runs(&pool[i]);
		} else {
			/* the one before and more: its alignments are
			 * kept (struct acache), and not redone */
			add(&pool[i], pool[i - 1].ptr, pool[i - 1].len);
			word_runs(&pool[i]);
		}
	}
	for (i = 0; i < RUNS; i++) {
		/* each text once in order (one that extends the one before
		 * finds its alignments kept), then at random */
		const struct dpg_buf *b = &pool[i < POOL ? i : rnd(POOL)];
		size_t nx;
		differ += !runs_same(m, ref, b, &nx);
		matched += nx > 0;
	}
	replayed = dpg_lic_matcher_replays(m, &refused);
	printf("  %d runs on %d texts, %zu with a match: %zu replayed, %zu "
	       "not\n",
	       RUNS, POOL, matched, replayed, refused);
	CHECK(matched > RUNS / 4);
	CHECK(replayed > RUNS / 8);
	CHECK_INT(differ, 0);
	for (i = 0; i < POOL; i++)
		dpg_buf_release(&pool[i]);
	dpg_license_matcher_free(m);
	dpg_license_matcher_free(ref);
}

/*
 * A text where no license reaches its count (a library vendored in many
 * places that only names its license) is remembered too, from its second
 * run (a text seen once is not copied): the third run on the same bytes
 * is a replay, and gives what a run without the caches gives (no match,
 * no closest license), also after other texts.
 */
TEST(test_license_match__no_candidate_remembered)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_license_matcher *ref = dpg_license_matcher_new();
	struct dpg_buf t = DPG_BUF_INIT(1u << 20),
		       other = DPG_BUF_INIT(1u << 20);
	size_t i, round, replayed0, replayed, refused;

	CHECK(load_corpus() != NULL);
	dpg_lic_matcher_caches(ref, 0);
	dpg_buf_puts(&t, "/* Released under the MIT license */\n", NULL);
	for (i = 0; i < 3000; i++)
		dpg_buf_printf(&t, NULL, "qzx%zu = vqk%zu(wpz%zu);\n", i, i * 7,
			       i * 13);
	copyright_file(&other);
	replayed0 = dpg_lic_matcher_replays(m, &refused);
	for (round = 0; round < 4; round++) {
		/* t twice on a new matcher (kept from its second run: no
		 * text reaches its count), another text, then t: the
		 * replay */
		const struct dpg_buf *b = round == 2 ? &other : &t;
		size_t nx = 9;
		CHECK(runs_same(m, ref, b, &nx));
		if (b == &t)
			CHECK_INT(nx, 0);
	}
	replayed = dpg_lic_matcher_replays(m, &refused);
	/* the fourth run, the third on t, was the replay */
	CHECK_INT(refused, 0);
	CHECK_INT(replayed - replayed0, 1);
	dpg_buf_release(&t);
	dpg_buf_release(&other);
	dpg_license_matcher_free(m);
	dpg_license_matcher_free(ref);
}

/*
 * The results cache keeps its entries' bytes in a ring whose bytes are
 * used again when it is full, not fresh memory: a text with a match is
 * kept from its first run (its second is a replay), and an entry whose
 * bytes a later one overwrote is dropped, even when the bytes of its text
 * are there again (the start of a longer text, stored where it was).
 * Every run gives what a run without the caches gives.
 */
TEST(test_license_match__ring_drops_overwritten)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_license_matcher *ref = dpg_license_matcher_new();
	struct dpg_buf t1 = DPG_BUF_INIT(1u << 20), t2 = DPG_BUF_INIT(1u << 20),
		       other = DPG_BUF_INIT(1u << 20);
	size_t i, nx = 0, r0, r, refused, room, others = 0;

	CHECK(load_corpus() != NULL);
	dpg_lic_matcher_caches(ref, 0);
	copyright_file(&t1);
	/* the first entry: at the ring's start */
	CHECK(runs_same(m, ref, &t1, &nx));
	CHECK(nx > 0);
	r0 = dpg_lic_matcher_replays(m, &refused);
	CHECK(runs_same(m, ref, &t1, &nx));
	r = dpg_lic_matcher_replays(m, &refused);
	CHECK_INT(r - r0, 1); /* kept from its first run */
	/* t1, then words of no license: larger than any other text here */
	dpg_buf_add(&t2, t1.ptr, t1.len, NULL);
	for (i = 0; t2.len < 100000; i++)
		dpg_buf_printf(&t2, NULL, "qzx%zu = vqk%zu(wpz%zu);\n", i,
			       i * 7, i * 13);
	/* other texts, until t2 no longer fits after them */
	while (dpg_lic_matcher_ring_room(m) > t2.len) {
		dpg_buf_reset(&other);
		copyright_file(&other);
		CHECK(runs_same(m, ref, &other, &nx));
		others++;
	}
	room = dpg_lic_matcher_ring_room(m);
	CHECK(runs_same(m, ref, &t2, &nx));
	CHECK(nx > 0);
	/* t2 went at the ring's start, over t1's entry */
	CHECK(dpg_lic_matcher_ring_room(m) > room);
	r0 = dpg_lic_matcher_replays(m, &refused);
	CHECK(runs_same(m, ref, &t1, &nx)); /* not replayed */
	CHECK(runs_same(m, ref, &t2, &nx)); /* replayed */
	r = dpg_lic_matcher_replays(m, &refused);
	printf("  %zu other texts before the ring was full\n", others);
	CHECK_INT(r - r0, 1);
	CHECK(others > 10);
	dpg_buf_release(&t1);
	dpg_buf_release(&t2);
	dpg_buf_release(&other);
	dpg_license_matcher_free(m);
	dpg_license_matcher_free(ref);
}

/*
 * The files of the npm package spdx-license-list (the worst tree for the
 * matcher): each a JSON object whose "licenseText" is one corpus text,
 * JSON-escaped ("\n" makes "nthe" of a line's first word), in the
 * package's order, so that each file's ~10 related texts are aligned
 * again and again.  One matcher over them all, taking texts' maps from
 * the index, gives what a matcher that builds every map and keeps
 * nothing gives, field for field.
 */
TEST(test_license_match__shipped_maps_change_nothing)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_license_matcher *ref = dpg_license_matcher_new();
	size_t i, files = 0, matched = 0, differ = 0, shipped;
	struct dpg_buf b = DPG_BUF_INIT(1u << 20);

	CHECK(load_corpus() != NULL);
	dpg_lic_matcher_caches(ref, 0);
	for (i = 0; i < dpg_license_count(); i += 2) {
		const struct dpg_license_info *l = dpg_license_at(i);
		const char *t = text_of(l->id), *p;
		struct dpg_arena a1 = DPG_ARENA_INIT, a2 = DPG_ARENA_INIT;
		struct dpg_license_match *x = NULL, *y = NULL;
		struct dpg_error err = DPG_ERROR_INIT;
		size_t nx = 0, ny = 0;
		if (!t)
			continue;
		b.len = 0;
		adds(&b, "{\n\t\"name\": \"");
		adds(&b, l->name);
		adds(&b,
		     "\",\n\t\"osiApproved\": false,\n\t\"licenseText\": \"");
		for (p = t; *p; p++) {
			if (*p == '\n')
				add(&b, "\\n", 2);
			else if (*p == '"' || *p == '\\')
				add(&b, "\\", 1), add(&b, p, 1);
			else
				add(&b, p, 1);
		}
		adds(&b, "\"\n}\n");
		CHECK(dpg_license_matcher_run(m, b.ptr, b.len, &a1, &x, &nx,
					      &err) >= 0);
		CHECK(dpg_license_matcher_run(ref, b.ptr, b.len, &a2, &y, &ny,
					      &err) >= 0);
		files++;
		matched += nx > 0;
		differ += !same_full(x, nx, y, ny);
		dpg_arena_release(&a1);
		dpg_arena_release(&a2);
	}
	shipped = dpg_lic_matcher_maps(m);
	printf("  %zu files, %zu with a match; %zu alignments on shipped "
	       "maps\n",
	       files, matched, shipped);
	CHECK(matched > files * 3 / 4);
	CHECK(shipped > files);
	CHECK_INT(dpg_lic_matcher_maps(ref), 0);
	CHECK_INT(differ, 0);
	dpg_buf_release(&b);
	dpg_license_matcher_free(m);
	dpg_license_matcher_free(ref);
}

/*
 * Every text's trigram map that tools/gen-license-index put in the index
 * is the one the matcher builds at run time, slot for slot, filter and
 * bits, and its filter lets every key of the text by (two bits a key).
 */
TEST(test_license_match__shipped_maps_are_built_maps)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	uint32_t t, nt = dpg_lic_hdr()->ntext, differ = 0;
	size_t n = 0;

	for (t = 0; t < nt; t++) {
		size_t d = dpg_lic_map_differs(m, t);
		if (d && differ++ < 5)
			printf("  text %u: %zu differ\n", t, d);
		n += dpg_lic_texts()[t].ntok;
	}
	printf("  %u texts, %zu words\n", nt, n);
	CHECK(nt > 600);
	CHECK_INT(differ, 0);
	dpg_license_matcher_free(m);
}

/*
 * Corpus texts with words split ("sub license", "CONNEC- TION") and
 * joined ("thesoftware"), which the score forgives when the letters are
 * the same, and with words changed around them: a matcher's fast paths
 * (the letters compared as they are read, the first and last trigram
 * found from both ends, a diagonal's anchors taken together) give what
 * the plain runs give, field for field.
 */
TEST(test_license_match__split_words_change_nothing)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_license_matcher *ref = dpg_license_matcher_new();
	struct dpg_buf b = DPG_BUF_INIT(1u << 20);
	size_t i, matched = 0, differ = 0, near = 0;

	CHECK(load_corpus() != NULL);
	dpg_lic_matcher_caches(ref, 0);
	for (i = 0; i < 300; i++) {
		const char *t = random_text(20000), *p = t, *e;
		struct dpg_arena a1 = DPG_ARENA_INIT, a2 = DPG_ARENA_INIT;
		struct dpg_license_match *x = NULL, *y = NULL;
		struct dpg_error err = DPG_ERROR_INIT;
		uint32_t every = 3 + rnd(12);
		size_t nx = 0, ny = 0, k;
		b.len = 0;
		while (*p) {
			for (e = p; *e && *e != ' ' && *e != '\n'; e++)
				;
			if (e == p) {
				add(&b, p++, 1);
				continue;
			}
			if (e - p >= 4 && rnd(every) == 0) {
				/* split: "sub license", "sub- license" */
				size_t at = 1 + rnd((uint32_t)(e - p - 2));
				add(&b, p, at);
				adds(&b, rnd(2) ? " " : "- ");
				add(&b, p + at, (size_t)(e - p) - at);
			} else if (*e == ' ' && rnd(every) == 0) {
				/* joined to the next word, or the next changed
				 */
				add(&b, p, (size_t)(e - p));
				if (rnd(3) == 0)
					adds(&b, " x");
				e++;
			} else {
				add(&b, p, (size_t)(e - p));
			}
			p = e;
		}
		CHECK(dpg_license_matcher_run(m, b.ptr, b.len, &a1, &x, &nx,
					      &err) >= 0);
		CHECK(dpg_license_matcher_run(ref, b.ptr, b.len, &a2, &y, &ny,
					      &err) >= 0);
		matched += nx > 0;
		for (k = 0; k < nx; k++)
			near += !x[k].exact;
		differ += !same_full(x, nx, y, ny);
		dpg_arena_release(&a1);
		dpg_arena_release(&a2);
	}
	printf("  300 texts, %zu with a match (%zu not exact)\n", matched,
	       near);
	CHECK_INT(differ, 0);
	CHECK(matched > 200);
	dpg_buf_release(&b);
	dpg_license_matcher_free(m);
	dpg_license_matcher_free(ref);
}

/* The word ids of text (the matcher's tokenizer) into *ids; how many. */
static size_t word_ids(const char *t, size_t len, uint32_t **ids)
{
	struct dpg_lic_toks toks = {0};
	size_t k;

	dpg_lic_tokenize(t, 0, len, 1, dpg_lic_vocab_find, NULL, &toks);
	*ids = xmalloc((toks.n + 1) * sizeof(**ids));
	for (k = 0; k < toks.n; k++)
		(*ids)[k] = toks.v[k].id;
	free(toks.v);
	return toks.n;
}

/* The next file of the list ls that opens, read into doc (1 MiB);
 * 0 at the list's end. */
static int next_doc(FILE *ls, char *doc, size_t *len)
{
	char path[4096];
	FILE *fp;

	while (fgets(path, sizeof(path), ls)) {
		path[strcspn(path, "\n")] = 0;
		fp = fopen(path, "rb");
		if (!fp)
			continue;
		*len = fread(doc, 1, 1u << 20, fp);
		fclose(fp);
		return 1;
	}
	return 0;
}

/* Eight files of the list ls that open (fewer at its end) into b, read
 * through doc, with (text) a random corpus text after the fifth; *files
 * counts them.  0 at the list's end. */
static int next_docs(FILE *ls, struct dpg_buf *b, char *doc, int text,
		     size_t *files)
{
	size_t k, len;
	int more = 1;

	b->len = 0;
	for (k = 0; k < 8 && more; k++) {
		more = next_doc(ls, doc, &len);
		if (!more)
			break;
		add(b, doc, len);
		(*files)++;
		if (text && k == 4) {
			const struct dpg_license_info *l =
				dpg_license_at(rnd(dpg_license_count()));
			const char *t = text_of(l->id);
			if (t)
				adds(b, t);
		}
	}
	return more;
}

/* The groups of anchors of text in ids, fast and plain: the groups that
 * differ (*ng: the groups compared). */
static size_t groups_differ(struct dpg_license_matcher *m, uint32_t text,
			    const uint32_t *ids, size_t n, size_t *ng)
{
	enum { MAXG = 4096 };
	static uint32_t x[3 * MAXG], y[3 * MAXG];
	size_t nx = dpg_lic_anchor_groups(m, text, ids, n, 0, x, MAXG);
	size_t ny, k, differ = 0;
	int plain;

	/* the fast paths' scan for anchors by blocks of eight positions
	 * (where the CPU has AVX2) and one at a time */
	for (plain = 0; plain <= 1; plain++) {
		dpg_lic_scan_plain = plain;
		ny = dpg_lic_anchor_groups(m, text, ids, n, 1, y, MAXG);
		differ += nx != ny;
		for (k = 0; k < nx && k < ny && k < MAXG; k++)
			differ += memcmp(x + 3 * k, y + 3 * k,
					 3 * sizeof(*x)) != 0;
	}
	dpg_lic_scan_plain = 0;
	*ng += nx;
	return differ;
}

/* The index text of license l, or -1. */
static int32_t text_number(const struct dpg_license_info *l)
{
	return dpg_lic_recs()[l - dpg_license_at(0)].text;
}

/*
 * A text most of whose positions have postings (a license text) is linked
 * whole once (link_dense), for the count of its trigrams (iprev) and for
 * the alignments, not its postings first and each window again: the same
 * count and the same matches as with the postings linked alone.  Corpus
 * texts as they are and JSON-escaped, two texts in one, and
 * /usr/share/doc copyright files; a fresh matcher each way.
 */
static size_t dense_differs(struct dpg_license_matcher *m,
			    struct dpg_license_matcher *ref,
			    const struct dpg_buf *b, size_t *ndense)
{
	size_t nx;
	int dx, dy;
	int same = runs_same(m, ref, b, &nx);

	same = same &&
	       dpg_lic_matcher_counted(m, &dx) ==
		       dpg_lic_matcher_counted(ref, &dy) &&
	       !dy;
	*ndense += dx;
	return !same;
}

TEST(test_license_match__dense_links_same)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_license_matcher *ref = dpg_license_matcher_new();
	struct dpg_buf b = DPG_BUF_INIT(64u << 20);
	size_t i, len, texts = 0, ndense = 0, differ = 0;
	char *doc = xmalloc(1u << 20);
	FILE *ls;

	CHECK(load_corpus() != NULL);
	dpg_lic_matcher_link_plain(ref, 1);
	for (i = 0; i < dpg_license_count(); i++) {
		const struct dpg_license_info *l = dpg_license_at(i);
		const char *t = l->deprecated ? NULL : text_of(l->id);
		if (!t)
			continue;
		b.len = 0;
		if (i % 3 == 1) {
			json_escaped(&b, t);
		} else {
			adds(&b, t);
			if (i % 3 == 2)
				adds(&b, random_text(20000));
		}
		differ += dense_differs(m, ref, &b, &ndense);
		texts++;
	}
	ls = popen("ls /usr/share/doc/*/copyright 2>/dev/null | head -300",
		   "r");
	while (ls && next_doc(ls, doc, &len)) {
		b.len = 0;
		add(&b, doc, len);
		differ += dense_differs(m, ref, &b, &ndense);
		texts++;
	}
	if (ls)
		pclose(ls);
	printf("  %zu texts, %zu linked whole\n", texts, ndense);
	CHECK(ndense > texts / 3);
	CHECK_INT(differ, 0);
	free(doc);
	dpg_buf_release(&b);
	dpg_license_matcher_free(m);
	dpg_license_matcher_free(ref);
}

/*
 * The first step of an alignment, the anchors (trigrams unique in both
 * the license text and the file) and their longest increasing chain, by
 * the fast paths (next_anchor: a block's candidate positions found
 * together, eight at a time or one at a time, and a lookup per candidate
 * but those on the last anchor's diagonal; diag_run: a diagonal's
 * anchors together) and by the plain
 * loop, group for group: the gaps' alignment recovers anchors the fast
 * paths would lose, so the end results alone do not show them.  Files:
 * corpus texts as they are, mutated, with words split and joined,
 * JSON-escaped, two texts in one, and /usr/share/doc copyright files;
 * texts: the file's own, its neighbours in the list (GPL-2.0 and
 * GPL-2.0-only...) and texts at random.
 */
TEST(test_license_match__anchor_groups_same)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_buf b = DPG_BUF_INIT(64u << 20);
	size_t i, k, n, len, ng = 0, differ = 0, files = 0;
	uint32_t *ids;
	FILE *ls;
	char *doc = xmalloc(1u << 20);

	CHECK(load_corpus() != NULL);
	for (i = 0; i < dpg_license_count(); i++) {
		const struct dpg_license_info *l = dpg_license_at(i);
		const char *t = l->deprecated ? NULL : text_of(l->id);
		int32_t own = text_number(l);
		if (!t || own < 0)
			continue;
		b.len = 0;
		switch (i % 4) {
		case 0:
			adds(&b, t);
			break;
		case 1:
			mutate(&b, t, strlen(t));
			break;
		case 2: /* JSON-escaped: "\n" glues words */
			json_escaped(&b, t);
			break;
		default: /* with another text after it */
			mutate(&b, t, strlen(t));
			adds(&b, random_text(40000));
			break;
		}
		n = word_ids(b.ptr, b.len, &ids);
		files++;
		differ += groups_differ(m, (uint32_t)own, ids, n, &ng);
		for (k = 1; k <= 2; k++) {
			const struct dpg_license_info *o =
				dpg_license_at((i + k) % dpg_license_count());
			if (text_number(o) >= 0)
				differ += groups_differ(
					m, (uint32_t)text_number(o), ids, n,
					&ng);
		}
		differ += groups_differ(m, rnd(dpg_lic_hdr()->ntext), ids, n,
					&ng);
		free(ids);
	}
	ls = popen("ls /usr/share/doc/*/copyright 2>/dev/null | head -300",
		   "r");
	while (ls && next_doc(ls, doc, &len)) {
		n = word_ids(doc, len, &ids);
		files++;
		for (k = 0; k < 6; k++)
			differ += groups_differ(m, rnd(dpg_lic_hdr()->ntext),
						ids, n, &ng);
		/* the texts the matcher found there */
		{
			struct dpg_arena a = DPG_ARENA_INIT;
			struct dpg_license_match *x = NULL;
			struct dpg_error err = DPG_ERROR_INIT;
			size_t nx = 0, q;
			struct dpg_license_matcher *mm =
				dpg_license_matcher_new();
			dpg_license_matcher_run(mm, doc, len, &a, &x, &nx,
						&err);
			for (q = 0; q < nx; q++)
				if (text_number(x[q].license) >= 0)
					differ += groups_differ(
						m,
						(uint32_t)text_number(
							x[q].license),
						ids, n, &ng);
			dpg_license_matcher_free(mm);
			dpg_arena_release(&a);
		}
		free(ids);
	}
	if (ls)
		pclose(ls);
	printf("  %zu files, %zu anchor groups compared\n", files, ng);
	free(doc);
	CHECK(ng > 20000);
	CHECK_INT(differ, 0);
	dpg_buf_release(&b);
	dpg_license_matcher_free(m);
}

/*
 * The gaps' dynamic programming alignment (align_dp), by bit vectors
 * (Hyyro's bit-parallel LCS, 64 cells a word, with the table's walk) from
 * 16 file words on, against align_table's whole table, run for run: the
 * text's words [li, lh) and file words of the same file made otherwise
 * (a related or mutated text, JSON-escaped, a /usr/share/doc copyright
 * file), ranges of 1 to 64 license words and 1 to 1,024 file words.
 */
/* Whether runs x[0..nx) and y[0..ny) (three numbers a run) differ. */
static int runs_differ(const uint32_t *x, size_t nx, const uint32_t *y,
		       size_t ny)
{
	return nx != ny ||
	       memcmp(x, y, 3 * (nx < 4096 ? nx : 4096) * sizeof(*x)) != 0;
}

TEST(test_license_match__dp_bits_same)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_buf b = DPG_BUF_INIT(64u << 20);
	enum { MAXR = 4096 };
	static uint32_t x[3 * MAXR], y[3 * MAXR];
	size_t i, k, n, nruns = 0, differ = 0, pairs = 0;
	uint32_t *ids;

	CHECK(load_corpus() != NULL);
	for (i = 0; i < 600; i++) {
		const char *t = random_text(60000);
		uint32_t ti = rnd(dpg_lic_hdr()->ntext);
		const struct dpg_lic_text *tx = &dpg_lic_texts()[ti];
		const struct dpg_license_info *own = dpg_lic_info(tx->canon);
		/* mostly the text's own words, made otherwise */
		if (i % 4 != 3 && own && text_of(own->id))
			t = text_of(own->id);
		b.len = 0;
		if (i % 3 == 0) {
			mutate(&b, t, strlen(t));
		} else if (i % 3 == 1) {
			json_escaped(&b, t);
		} else {
			word_runs(&b);
		}
		n = word_ids(b.ptr, b.len, &ids);
		for (k = 0; k < 20 && n > 0 && tx->ntok > 0; k++) {
			uint32_t A = 1 + rnd(tx->ntok < 64 ? tx->ntok : 64);
			uint32_t li = rnd(tx->ntok - A + 1);
			uint32_t B =
				1 + rnd(65536 / A < 1024 ? 65536 / A : 1024);
			uint32_t fi;
			size_t nx, ny;
			if (B > n)
				B = (uint32_t)n;
			/* about where the text's words are, or anywhere */
			fi = k % 2 && li < n - B + 1
				     ? li
				     : rnd((uint32_t)(n - B + 1));
			nx = dpg_lic_align_dp(m, ti, li, li + A, ids + fi, B, 0,
					      x, MAXR);
			ny = dpg_lic_align_dp(m, ti, li, li + A, ids + fi, B, 1,
					      y, MAXR);
			pairs++;
			nruns += nx;
			differ += runs_differ(x, nx, y, ny);
			/* the bit vectors counted without POPCNT too */
			nx = dpg_lic_align_dp(m, ti, li, li + A, ids + fi, B, 2,
					      x, MAXR);
			differ += runs_differ(x, nx, y, ny);
		}
		free(ids);
	}
	printf("  %zu ranges aligned both ways, %zu runs\n", pairs, nruns);
	CHECK(nruns > 20000);
	CHECK_INT(differ, 0);
	dpg_buf_release(&b);
	dpg_license_matcher_free(m);
}

/*
 * The kept alignments (align_runs' cache) are looked up by a key of the
 * window's words and kept words compared before their runs are used: an
 * alignment under a key that another window's was kept under, one word
 * changed anywhere, gives what a matcher without the cache gives.  Texts'
 * own words, changed, and /usr/share/doc copyright files.
 */
TEST(test_license_match__kept_alignments_compare_words)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_license_matcher *ref = dpg_license_matcher_new();
	struct dpg_buf b = DPG_BUF_INIT(64u << 20);
	enum { MAXR = 8192 };
	static uint32_t x[3 * MAXR], y[3 * MAXR], z[3 * MAXR];
	size_t i, n, nx, ny, nz, pairs = 0, differ = 0, kept_differ = 0;
	uint32_t *ids;

	CHECK(load_corpus() != NULL);
	dpg_lic_matcher_caches(ref, 0);
	for (i = 0; i < 400; i++) {
		uint32_t ti = rnd(dpg_lic_hdr()->ntext), p, was;
		const struct dpg_lic_text *tx = &dpg_lic_texts()[ti];
		const struct dpg_license_info *own = dpg_lic_info(tx->canon);
		const char *t = own ? text_of(own->id) : NULL;
		uint64_t key =
			((uint64_t)rnd(1u << 30) << 32 | rnd(1u << 30)) | 1;
		if (!t || tx->ntok < 3)
			continue;
		b.len = 0;
		mutate(&b, t, strlen(t));
		n = word_ids(b.ptr, b.len, &ids);
		if (n < 8 || n > 20000) {
			free(ids);
			continue;
		}
		nx = dpg_lic_align_runs(m, ti, ids, n, key, x, MAXR);
		/* the same again: kept */
		ny = dpg_lic_align_runs(m, ti, ids, n, key, y, MAXR);
		differ += nx != ny || memcmp(x, y, 3 * nx * sizeof(*x));
		/* one word changed, most often in the second half */
		p = i % 3 ? (uint32_t)(n / 2 + rnd((uint32_t)(n - n / 2)))
			  : rnd((uint32_t)n);
		was = ids[p];
		ids[p] = ids[(p + 1 + rnd((uint32_t)n - 1)) % n];
		if (ids[p] == was)
			ids[p] = was == 1 ? 2 : 1;
		ny = dpg_lic_align_runs(m, ti, ids, n, key, y, MAXR);
		nz = dpg_lic_align_runs(ref, ti, ids, n, key, z, MAXR);
		pairs++;
		differ += ny != nz || memcmp(y, z, 3 * nz * sizeof(*z));
		/* (what a replay of the kept one would have given) */
		kept_differ += nx != nz || memcmp(x, z, 3 * nz * sizeof(*z));
		free(ids);
	}
	printf("  %zu windows changed by a word, %zu aligned otherwise\n",
	       pairs, kept_differ);
	CHECK(pairs > 250);
	CHECK(kept_differ > pairs / 2);
	CHECK_INT(differ, 0);
	dpg_buf_release(&b);
	dpg_license_matcher_free(m);
	dpg_license_matcher_free(ref);
}

/*
 * The windows of a run take the prefix hashes (their keys) and the links
 * of the file's words only where they are, as they come (near each other
 * they go on, far apart they begin again): the same keys and the same
 * tests of a word's key elsewhere in a window as with the whole file's,
 * on long texts of /usr/share/doc copyright files (and the corpus texts)
 * put together, in windows of regions as a run's candidates take them:
 * near the region's start, further in, before the last one, far apart.
 */
TEST(test_license_match__window_links_same)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_buf b = DPG_BUF_INIT(64u << 20);
	enum { MAXW = 3 * 400 };
	uint32_t *ids, r[MAXW];
	size_t n, texts = 0, windows = 0, differ = 0, files = 0;
	char *doc = xmalloc(1u << 20);
	FILE *ls;

	CHECK(load_corpus() != NULL);
	ls = popen("ls /usr/share/doc/*/copyright 2>/dev/null | head -600",
		   "r");
	while (ls) {
		/* eight files a text, and a corpus text among them */
		int more = next_docs(ls, &b, doc, 1, &files);
		if (b.len == 0)
			break;
		n = word_ids(b.ptr, b.len, &ids);
		if (n >= 64) {
			size_t nr = 0;
			while (nr + 3 <= MAXW) {
				/* a region, and its candidates' windows */
				uint32_t lo = rnd((uint32_t)n - 32);
				uint32_t hi =
					lo + 32 + rnd((uint32_t)(n - lo - 31));
				uint32_t c, nc = 1 + rnd(16);
				for (c = 0; c < nc && nr + 3 <= MAXW; c++) {
					uint32_t w =
						8 + rnd(c % 3 ? 400 : 4000);
					uint32_t a = lo + (c % 2 ? rnd(hi - lo)
								 : rnd(64));
					if (a >= hi - 4)
						a = hi - 4;
					r[nr++] = lo;
					r[nr++] = a;
					r[nr++] = a + w < hi ? a + w : hi;
				}
			}
			windows += nr / 3;
			differ += dpg_lic_ranges_differ(m, ids, n, r, nr / 3);
			texts++;
		}
		free(ids);
		if (!more)
			break;
	}
	if (ls)
		pclose(ls);
	printf("  %zu files in %zu texts, %zu windows compared\n", files, texts,
	       windows);
	CHECK(texts >= 20);
	CHECK_INT(differ, 0);
	free(doc);
	dpg_buf_release(&b);
	dpg_license_matcher_free(m);
}

/*
 * The densest window of a candidate's spread hits, by one test a position
 * and by walking each window's start, on real positions: those of a word
 * (a word of the text picked at random) in copyright files read eight at
 * a time, with windows from a few words to longer than the text.
 */
TEST(test_license_match__densest_same)
{
	struct dpg_buf b = DPG_BUF_INIT(64u << 20);
	uint32_t *ids, *pos;
	size_t n, k, texts = 0, sets = 0, differ = 0, most = 0, files = 0;
	char *doc = xmalloc(1u << 20);
	FILE *ls;

	CHECK(load_corpus() != NULL);
	ls = popen("ls /usr/share/doc/*/copyright 2>/dev/null | head -400",
		   "r");
	while (ls) {
		int more = next_docs(ls, &b, doc, 0, &files);
		if (b.len == 0)
			break;
		n = word_ids(b.ptr, b.len, &ids);
		pos = xmalloc((n + 1) * sizeof(*pos));
		for (k = 0; n >= 16 && k < 40; k++) {
			uint32_t id = ids[rnd((uint32_t)n)], w, f1, l1, f2, l2;
			size_t j, nh = 0;
			for (j = 0; j < n; j++)
				if (ids[j] == id)
					pos[nh++] = (uint32_t)j;
			w = k % 4 == 0 ? rnd(8) : 8 + rnd(k % 2 ? 400 : 4000);
			dpg_lic_densest(pos, nh, w, 0, &f1, &l1);
			dpg_lic_densest(pos, nh, w, 1, &f2, &l2);
			differ += f1 != f2 || l1 != l2;
			most = nh > most ? nh : most;
			sets++;
		}
		texts += n >= 16;
		free(pos);
		free(ids);
		if (!more)
			break;
	}
	if (ls)
		pclose(ls);
	printf("  %zu texts, %zu sets of positions (at most %zu)\n", texts,
	       sets, most);
	CHECK(texts >= 20);
	CHECK(most >= 100);
	CHECK_INT(differ, 0);
	free(doc);
	dpg_buf_release(&b);
}

/*
 * The sub-regions left after a match are counted from the counts of the
 * region they were in (less the trigrams first in the part cut off, plus
 * those first in them now), and their candidates' hits taken from the
 * lists kept for a region holding them (with its densest window when it
 * is in them): the same matches, and the same closest license (its ties
 * among equal scores taken in count_region()'s order), as counting each
 * region and finding its hits itself.  Every /usr/share/doc copyright file,
 * alone and eight in one with a corpus text among them, and Debian
 * copyright files of 1 to 4 corpus texts.
 */
static size_t counts_differ(struct dpg_license_matcher *m,
			    struct dpg_license_matcher *ref,
			    const struct dpg_buf *b, size_t *nmatch)
{
	struct dpg_arena a1 = DPG_ARENA_INIT, a2 = DPG_ARENA_INIT;
	struct dpg_license_match *x = NULL, *y = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	size_t nx = 0, ny = 0;
	double sx = 0, sy = 0;
	int same;

	same = dpg_license_matcher_run(m, b->ptr, b->len, &a1, &x, &nx, &err) >=
		       0 &&
	       dpg_license_matcher_run(ref, b->ptr, b->len, &a2, &y, &ny,
				       &err) >= 0;
	same = same && same_full(x, nx, y, ny) &&
	       dpg_license_matcher_closest(m, &sx) ==
		       dpg_license_matcher_closest(ref, &sy) &&
	       sx == sy;
	*nmatch += nx;
	dpg_arena_release(&a1);
	dpg_arena_release(&a2);
	return !same;
}

TEST(test_license_match__sub_region_counts_same)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	struct dpg_license_matcher *ref = dpg_license_matcher_new();
	struct dpg_license_matcher *m2 = dpg_license_matcher_new();
	struct dpg_license_matcher *ref2 = dpg_license_matcher_new();
	struct dpg_license_matcher *m3 = dpg_license_matcher_new();
	struct dpg_license_matcher *ref3 = dpg_license_matcher_new();
	struct dpg_buf b = DPG_BUF_INIT(64u << 20);
	size_t i, len, texts = 0, nmatch = 0, differ = 0, files = 0;
	size_t derived, recounted, plain, r0, d2, r2, n2 = 0, lists, dense;
	size_t checked, ldiffer, c0, l0, n3 = 0;
	char *doc = xmalloc(1u << 20);
	FILE *ls;

	CHECK(load_corpus() != NULL);
	dpg_lic_matcher_count_plain(ref, 1);
	dpg_lic_matcher_count_plain(m2, 2);
	dpg_lic_matcher_count_plain(ref2, 1);
	dpg_lic_matcher_count_plain(m3, 3);
	dpg_lic_matcher_count_plain(ref3, 1);
	ls = popen("ls /usr/share/doc/*/copyright 2>/dev/null", "r");
	while (ls && next_doc(ls, doc, &len)) {
		b.len = 0;
		add(&b, doc, len);
		differ += counts_differ(m, ref, &b, &nmatch);
		/* the hints counted again (as on a tie) */
		differ += counts_differ(m2, ref2, &b, &n2);
		texts++;
	}
	if (ls)
		pclose(ls);
	ls = popen("ls /usr/share/doc/*/copyright 2>/dev/null", "r");
	while (ls) {
		int more = next_docs(ls, &b, doc, 1, &files);
		if (b.len == 0)
			break;
		differ += counts_differ(m, ref, &b, &nmatch);
		/* the kept lists' hits checked */
		differ += counts_differ(m3, ref3, &b, &n3);
		texts++;
		if (!more)
			break;
	}
	if (ls)
		pclose(ls);
	for (i = 0; i < 120; i++) {
		b.len = 0;
		copyright_file(&b);
		differ += counts_differ(m, ref, &b, &nmatch);
		texts++;
	}
	derived = dpg_lic_matcher_derived(m, &recounted);
	plain = dpg_lic_matcher_derived(ref, &r0);
	d2 = dpg_lic_matcher_derived(m2, &r2);
	lists = dpg_lic_matcher_lists(m, &dense, &c0, &l0);
	dpg_lic_matcher_lists(m3, &r0, &checked, &ldiffer);
	printf("  %zu texts, %zu matches, %zu regions counted from their "
	       "parent's (%zu counted again for a tie; %zu of %zu always); "
	       "%zu candidates' hits from a kept list (%zu densest; %zu "
	       "checked)\n",
	       texts, nmatch, derived, recounted, r2, d2, lists, dense,
	       checked);
	CHECK(lists >= 500);
	CHECK(dense >= 100);
	CHECK(checked >= 500);
	CHECK_INT(ldiffer, 0);
	CHECK_INT(dpg_lic_matcher_lists(ref, &r0, &c0, &l0), 0);
	CHECK(texts >= 200);
	CHECK(derived >= 100);
	CHECK(r2 >= 100 && r2 == d2);
	CHECK_INT(plain, 0);
	CHECK_INT(differ, 0);
	free(doc);
	dpg_buf_release(&b);
	dpg_license_matcher_free(m);
	dpg_license_matcher_free(ref);
	dpg_license_matcher_free(m2);
	dpg_license_matcher_free(ref2);
	dpg_license_matcher_free(m3);
	dpg_license_matcher_free(ref3);
}

/*
 * The prefix hashes reduce a hash below 2^31 - 1 times a base (below
 * 2^26), plus a word, by one fold: the same as two (any value) for
 * values below 2^58, at random, at multiples of the modulus and next to
 * them, and along the hash chains of the corpus texts' words.
 */
TEST(test_license_match__hash_fold_same)
{
	const uint64_t hp = 0x7fffffffu;
	const uint64_t bases[2] = {1000003u, 40000331u};
	size_t i, n = 0, differ = 0;
	uint64_t x;
	int b;

	for (i = 0; i < 2000000; i++) {
		x = ((uint64_t)rnd(1u << 29) << 29 | rnd(1u << 29)) &
		    ((1ull << 58) - 1);
		differ += dpg_lic_hmod(x, 0) != dpg_lic_hmod(x, 1);
		n++;
	}
	for (i = 0; i < 200000; i++) {
		uint64_t k =
			i < 100000 ? i : rnd(1u << 26) + ((uint64_t)1 << 26);
		int d;
		for (d = -2; d <= 2; d++) {
			x = k * hp + (uint64_t)(int64_t)d;
			if (x >= 1ull << 58)
				continue;
			differ += dpg_lic_hmod(x, 0) != dpg_lic_hmod(x, 1);
			n++;
		}
	}
	/* the chains: h' = h * base + word + 1 from h = 0 */
	for (b = 0; b < 2; b++) {
		size_t t;
		for (t = 0; t < dpg_lic_hdr()->ntext; t++) {
			const struct dpg_lic_text *tx = &dpg_lic_texts()[t];
			const uint16_t *tok = dpg_lic_tokens() + tx->tok_off;
			uint32_t h = 0;
			for (i = 0; i < tx->ntok; i++) {
				x = h * bases[b] + tok[i] + 1;
				differ += dpg_lic_hmod(x, 0) !=
					  dpg_lic_hmod(x, 1);
				h = dpg_lic_hmod(x, 1);
				n++;
			}
		}
		/* and the largest words */
		for (i = 0; i < 100000; i++) {
			x = (hp - 1 - i) * bases[b] + 0xffffffffull + 1;
			differ += dpg_lic_hmod(x, 0) != dpg_lic_hmod(x, 1);
			n++;
		}
	}
	printf("  %zu values reduced both ways\n", n);
	CHECK(n > 3000000);
	CHECK_INT(differ, 0);
}

/*
 * A run's matches and closest license depend on its text alone, not on
 * what its matcher ran before (the alignments that failed in earlier runs,
 * the runs kept): every /usr/share/doc copyright file on one matcher in
 * order, then on it again in the reverse order, gives what a new matcher
 * gives each file (the same matches; without one, the same closest
 * license); so does a matcher of the tests' plain runs (the caches
 * off) used the same way.  (make's copyright file came closest to
 * FSFULLRWD at 0.5333 on a new matcher, to Newsletr at 0.5400 after
 * libtasn1's.)
 */
struct hist {
	struct dpg_license_match *x;
	size_t n;
	const struct dpg_license_info *c;
	double s;
};

static void hist_run(struct dpg_license_matcher *m, const struct dpg_buf *b,
		     struct dpg_arena *a, struct hist *h)
{
	struct dpg_error err = DPG_ERROR_INIT;

	h->x = NULL;
	h->n = 0;
	if (dpg_license_matcher_run(m, b->ptr, b->len, a, &h->x, &h->n, &err) <
	    0)
		h->n = (size_t)-1;
	h->c = dpg_license_matcher_closest(m, &h->s);
}

static int hist_same(const struct hist *x, const struct hist *y)
{
	/* (the closest license: of a run that matched nothing) */
	return x->n == y->n &&
	       (x->n == (size_t)-1 || same_full(x->x, x->n, y->x, y->n)) &&
	       (x->n || (x->c == y->c && x->s == y->s));
}

/* The new matcher's run of b (plain: the caches off) against x's; 1 if
 * they differ (printed, the first few). */
static int hist_differs(const struct dpg_buf *b, const char *name,
			const struct hist *x, int plain, const char *how,
			size_t *shown)
{
	struct dpg_license_matcher *f = dpg_license_matcher_new();
	struct dpg_arena a = DPG_ARENA_INIT;
	struct hist y;
	int differ;

	if (plain)
		dpg_lic_matcher_caches(f, 0);
	hist_run(f, b, &a, &y);
	differ = !hist_same(x, &y);
	if (differ && (*shown)++ < 12)
		printf("  %s, %s: %zu matches, closest %s %.4f; new matcher: "
		       "%zu, closest %s %.4f\n",
		       name, how, x->n, x->c ? x->c->id : "-", x->s, y.n,
		       y.c ? y.c->id : "-", y.s);
	dpg_arena_release(&a);
	dpg_license_matcher_free(f);
	return differ;
}

TEST(test_license_match__history_changes_nothing)
{
	struct dpg_license_matcher *m[2];
	struct dpg_buf *docs = NULL;
	char **names = NULL;
	struct hist *first = NULL;
	struct dpg_arena keep = DPG_ARENA_INIT;
	size_t ndocs = 0, cap = 0, i, differ = 0, shown = 0, nomatch = 0;
	char *doc = xmalloc(1u << 20), path[4096];
	int plain;
	FILE *ls;

	CHECK(load_corpus() != NULL);
	ls = popen("ls /usr/share/doc/*/copyright 2>/dev/null", "r");
	while (ls && fgets(path, sizeof(path), ls)) {
		FILE *fp;
		path[strcspn(path, "\n")] = 0;
		if (!(fp = fopen(path, "rb")))
			continue;
		dpg_grow(&docs, &cap, ndocs + 1, sizeof(*docs));
		names = xrealloc(names, cap * sizeof(*names));
		docs[ndocs] = (struct dpg_buf)DPG_BUF_INIT(64u << 20);
		add(&docs[ndocs], doc, fread(doc, 1, 1u << 20, fp));
		names[ndocs++] = xstrdup(path);
		fclose(fp);
	}
	if (ls)
		pclose(ls);
	first = xcalloc(ndocs ? ndocs : 1, sizeof(*first));
	for (plain = 0; plain < 2; plain++) {
		m[plain] = dpg_license_matcher_new();
		if (plain)
			dpg_lic_matcher_caches(m[plain], 0);
		/* in order, then in the reverse order: each against a new
		 * matcher, and against itself the first time */
		for (i = 0; i < ndocs; i++) {
			hist_run(m[plain], &docs[i], &keep, &first[i]);
			differ += hist_differs(&docs[i], names[i], &first[i],
					       plain, "in order", &shown);
			nomatch += !plain && first[i].n == 0;
		}
		for (i = ndocs; i-- > 0;) {
			struct dpg_arena a = DPG_ARENA_INIT;
			struct hist h;
			hist_run(m[plain], &docs[i], &a, &h);
			if (!hist_same(&h, &first[i]))
				differ +=
					hist_differs(&docs[i], names[i], &h,
						     plain, "reversed", &shown);
			dpg_arena_release(&a);
		}
		dpg_license_matcher_free(m[plain]);
		dpg_arena_release(&keep);
	}
	printf("  %zu copyright files (%zu without a match), in order and "
	       "reversed on one matcher and each on a new one: %zu differ\n",
	       ndocs, nomatch, differ);
	CHECK(ndocs >= 200);
	CHECK(nomatch >= 50);
	CHECK_INT(differ, 0);
	for (i = 0; i < ndocs; i++) {
		dpg_buf_release(&docs[i]);
		free(names[i]);
	}
	free(docs);
	free(names);
	free(first);
	free(doc);
}

TEST_MAIN("test_license_match", T(test_license_match__lookup),
	  T(test_license_match__words_at_every_offset),
	  T(test_license_match__key_scans_same),
	  T(test_license_match__removed_clause_is_bsd2),
	  T(test_license_match__bsd3_with_names_and_new_bsd_line),
	  T(test_license_match__lgpl3_standalone),
	  T(test_license_match__bsd2_two_rewordings),
	  T(test_license_match__bsd3_author_wording),
	  T(test_license_match__restriction_added),
	  T(test_license_match__restriction_words),
	  T(test_license_match__changed_version_is_not_exact),
	  T(test_license_match__changed_word_in_body),
	  T(test_license_match__appended_section),
	  T(test_license_match__agpl_additional_terms),
	  T(test_license_match__two_licenses_in_one_file),
	  T(test_license_match__lines_far_into_the_file),
	  T(test_license_match__repeated_licenses_each_found),
	  T(test_license_match__distinguishing_words_decide),
	  T(test_license_match__gnu_text_alone_is_only),
	  T(test_license_match__markdown_and_entities),
	  T(test_license_match__html_tags),
	  T(test_license_match__source_header_and_readme_section),
	  T(test_license_match__no_license_words),
	  T(test_license_match__never_confidently_wrong),
	  T(test_license_match__self_identify), T(test_license_match__variants),
	  T(test_license_match__minified_banner),
	  T(test_license_match__partial_text_comes_close),
	  T(test_license_match__reused_matcher),
	  T(test_license_match__caches_change_nothing),
	  T(test_license_match__no_candidate_remembered),
	  T(test_license_match__ring_drops_overwritten),
	  T(test_license_match__shipped_maps_change_nothing),
	  T(test_license_match__shipped_maps_are_built_maps),
	  T(test_license_match__kept_alignments_compare_words),
	  T(test_license_match__split_words_change_nothing),
	  T(test_license_match__anchor_groups_same),
	  T(test_license_match__densest_same),
	  T(test_license_match__dp_bits_same),
	  T(test_license_match__window_links_same),
	  T(test_license_match__dense_links_same),
	  T(test_license_match__sub_region_counts_same),
	  T(test_license_match__hash_fold_same),
	  T(test_license_match__history_changes_nothing))
