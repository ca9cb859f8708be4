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
	V_COUNT
};

static const char *const variant_names[] = {
	"plain", "rewrapped", "//", "#", " * ", "copyright", "crlf", "notitle",
};

static void add(struct dpg_buf *b, const char *s, size_t n)
{
	if (dpg_buf_add(b, s, n, NULL) < 0)
		abort();
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
		    !dpg_strncasecmp(t, "copyright", 9))
			return 0;
		add(b, p + 2, strlen(p + 2));
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

TEST(test_license_match__self_identify)
{
	self_identify(1 << V_PLAIN);
}

TEST(test_license_match__variants)
{
	self_identify(~(1 << V_PLAIN));
}

TEST_MAIN("test_license_match", T(test_license_match__self_identify),
	  T(test_license_match__variants))
