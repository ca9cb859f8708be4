/*
 * test_sdg_analyzer.c: dpg_analyzer_sdg driven through its callbacks with
 * a struct dpg_scan of our own: which files it wants, how manifests'
 * descriptions are read, how files are weighted and capped, and the
 * findings it records.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/buf.h"
#include "dpg/scan.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "../../src/analyze/analyzers.h"
#include "../../src/sdg/sdg_int.h" /* dpg_sdg_no_avx2 */
#include "test.h"

extern const struct dpg_analyzer dpg_analyzer_sdg;

static const struct dpg_analyzer *A = &dpg_analyzer_sdg;

static unsigned int want(const char *path, unsigned int mode)
{
	struct dpg_file f;

	memset(&f, 0, sizeof(f));
	f.path = path;
	f.mode = mode;
	f.size = 100;
	return A->want(NULL, &f);
}

struct doc {
	const char *path;
	const char *text;
};

/* Run begin, want, file for each doc, end; findings land in scan.  With
 * wanted, what want() said of each doc; plain: want() reads every doc
 * file whatever the budget (dpg_sdg_budget_plain). */
static int run_order(struct dpg_scan *scan, const struct dpg_scan_opts *opts,
		     const struct doc *docs, size_t n, int plain, int *wanted,
		     struct dpg_error *err)
{
	struct dpg_analysis an;
	size_t i;
	int rc;

	setenv("DPGAUDIT_RULES", "rules", 1);
	dpg_scan_init(scan);
	scan->opts = opts;
	rc = dpg_analysis_begin(&an, A, scan, err);
	dpg_sdg_budget_plain = plain;
	for (i = 0; i < n && rc >= 0; i++) {
		struct dpg_file f;

		memset(&f, 0, sizeof(f));
		f.path = docs[i].path;
		f.mode = DPG_MODE_FILE;
		f.size = strlen(docs[i].text);
		rc = dpg_analysis_feed(&an, &f, docs[i].text, f.size, err);
		if (wanted)
			wanted[i] = rc;
	}
	dpg_sdg_budget_plain = 0;
	if (rc >= 0)
		rc = dpg_analysis_end(&an, err);
	dpg_analysis_free(&an);
	return rc;
}

static int run(struct dpg_scan *scan, const struct dpg_scan_opts *opts,
	       const struct doc *docs, size_t n, struct dpg_error *err)
{
	return run_order(scan, opts, docs, n, 0, NULL, err);
}

static const struct dpg_finding *find(const struct dpg_scan *scan,
				      const char *kind, const char *value,
				      size_t nth)
{
	size_t i;

	for (i = 0; i < scan->nfindings; i++) {
		const struct dpg_finding *f = &scan->findings[i];

		if (!strcmp(f->kind, kind) && !strcmp(f->value, value) &&
		    nth-- == 0)
			return f;
	}
	return NULL;
}

static size_t count(const struct dpg_scan *scan, const char *kind)
{
	size_t i, n = 0;

	for (i = 0; i < scan->nfindings; i++)
		n += !strcmp(scan->findings[i].kind, kind);
	return n;
}

TEST(test_sdg_analyzer__want)
{
	CHECK_INT(want("README.md", DPG_MODE_FILE), DPG_WANT_CONTENT);
	CHECK_INT(want("readme", DPG_MODE_FILE), DPG_WANT_CONTENT);
	CHECK_INT(want("README.rst", DPG_MODE_EXEC), DPG_WANT_CONTENT);
	CHECK_INT(want("docs/guide/install.md", DPG_MODE_FILE),
		  DPG_WANT_CONTENT);
	CHECK_INT(want("doc/index.html", DPG_MODE_FILE), DPG_WANT_CONTENT);
	CHECK_INT(want("about.adoc", DPG_MODE_FILE), DPG_WANT_CONTENT);
	CHECK_INT(want("src/module/notes.txt", DPG_MODE_FILE),
		  DPG_WANT_CONTENT);
	CHECK_INT(want("package.json", DPG_MODE_FILE), DPG_WANT_CONTENT);
	CHECK_INT(want("pyproject.toml", DPG_MODE_FILE), DPG_WANT_CONTENT);
	CHECK_INT(want("DESCRIPTION", DPG_MODE_FILE), DPG_WANT_CONTENT);
	CHECK_INT(want("publiccode.yml", DPG_MODE_FILE), DPG_WANT_CONTENT);
	/* not code, not vendored or test trees, not boilerplate */
	CHECK_INT(want("src/main.c", DPG_MODE_FILE), 0);
	CHECK_INT(want("index.html", DPG_MODE_FILE), 0);
	CHECK_INT(want("node_modules/x/README.md", DPG_MODE_FILE), 0);
	CHECK_INT(want("vendor/lib/docs/a.md", DPG_MODE_FILE), 0);
	CHECK_INT(want("tests/fixtures/a.md", DPG_MODE_FILE), 0);
	CHECK_INT(want("LICENSE.md", DPG_MODE_FILE), 0);
	CHECK_INT(want("CHANGELOG.md", DPG_MODE_FILE), 0);
	CHECK_INT(want("requirements.txt", DPG_MODE_FILE), 0);
	CHECK_INT(want("CODE_OF_CONDUCT.md", DPG_MODE_FILE), 0);
	CHECK_INT(want("a/b/package.json", DPG_MODE_FILE), 0);
	CHECK_INT(want("README.md", DPG_MODE_LINK), 0);
	CHECK_INT(want("docs", DPG_MODE_GITLINK), 0);
}

TEST(test_sdg_analyzer__findings)
{
	static const struct doc docs[] = {
		{"README.md", "# ClinicLink\n\nClinicLink supports SDG 3.\n"
			      "\nCommunity health workers track malaria and "
			      "tuberculosis cases.\n"},
		{"docs/deep/more.md", "We also record antenatal visits.\n"},
		{"src/app.c", "/* drinking water sanitation SDG 6 */\n"},
		{"package.json", "{\n  \"name\": \"x\",\n  \"description\": "
				 "\"Birth registration for civil "
				 "registration offices\"\n}\n"},
	};
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_scan scan;
	struct dpg_error err = DPG_ERROR_INIT;
	const struct dpg_finding *f;

	CHECK_INT(run(&scan, &opts, docs, DPG_ARRAY_SIZE(docs), &err), 0);
	f = find(&scan, "sdg-goal", "3", 0);
	CHECK(f != NULL);
	CHECK_STR(f->analyzer, "sdg");
	CHECK_INT(f->indicator, DPG_IND_SDG);
	CHECK_STR(f->excerpt, "strong");
	CHECK(f->score > 0.6 && f->score <= 1.0);
	CHECK(f->path == NULL);
	/* evidence: the heaviest README lines first, with path and line */
	f = find(&scan, "sdg-evidence", "3", 0);
	CHECK(f != NULL);
	CHECK_STR(f->path, "README.md");
	CHECK_INT(f->line, 5);
	CHECK_INT(f->line_end, 5);
	CHECK_STR(f->excerpt, "Community health workers track malaria and "
			      "tuberculosis cases.");
	f = find(&scan, "sdg-evidence", "3", 1);
	CHECK(f != NULL);
	CHECK_STR(f->path, "README.md");
	CHECK_INT(f->line, 3);
	CHECK_STR(f->excerpt, "ClinicLink supports SDG 3.");
	f = find(&scan, "sdg-evidence", "3", 2);
	CHECK(f != NULL);
	CHECK_STR(f->path, "docs/deep/more.md");
	CHECK(find(&scan, "sdg-evidence", "3", 2) != NULL);
	CHECK(find(&scan, "sdg-evidence", "3", 3) == NULL);
	/* the package.json description, at its line */
	f = find(&scan, "sdg-goal", "16", 0);
	CHECK(f != NULL);
	f = find(&scan, "sdg-evidence", "16", 0);
	CHECK(f != NULL);
	CHECK_STR(f->path, "package.json");
	CHECK_INT(f->line, 3);
	CHECK_STR(f->excerpt, "Birth registration for civil registration "
			      "offices");
	/* code is never read */
	CHECK(find(&scan, "sdg-goal", "6", 0) == NULL);
	CHECK_INT(count(&scan, "sdg-goal"), 2);
	dpg_scan_release(&scan);
}

TEST(test_sdg_analyzer__weights_and_caps)
{
	/* one mention in a deep doc file is not enough (0.4 x 4) */
	static const struct doc deep[] = {
		{"docs/a/b.md", "Malaria maps.\n"},
	};
	/* a few deep files add up with a decay (1.6 + 0.8 + 0.4) */
	static const struct doc many[] = {
		{"docs/a/1.md", "Malaria maps.\n"},
		{"docs/a/2.md", "Malaria maps.\n"},
		{"docs/a/3.md", "Malaria maps.\n"},
	};
	/* one long file's contribution is capped */
	static const struct doc longdoc[] = {
		{"README.md", "SDG 3. Malaria. Tuberculosis. HIV. Cholera. "
			      "Measles. Polio. Dengue. Hepatitis. Vaccines. "
			      "Antenatal care. Newborns. Family planning.\n"},
	};
	/* the same mention in the README is */
	static const struct doc top[] = {
		{"README", "Malaria maps.\n"},
	};
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_scan scan;
	struct dpg_error err = DPG_ERROR_INIT;
	const struct dpg_finding *f;

	CHECK_INT(run(&scan, &opts, deep, 1, &err), 0);
	CHECK(find(&scan, "sdg-goal", "3", 0) == NULL);
	CHECK_INT(count(&scan, "sdg-evidence"), 0);
	dpg_scan_release(&scan);

	CHECK_INT(run(&scan, &opts, many, DPG_ARRAY_SIZE(many), &err), 0);
	CHECK(find(&scan, "sdg-goal", "3", 0) == NULL);
	dpg_scan_release(&scan);

	CHECK_INT(run(&scan, &opts, top, 1, &err), 0);
	f = find(&scan, "sdg-goal", "3", 0);
	CHECK(f != NULL);
	CHECK_STR(f->excerpt, "some");
	dpg_scan_release(&scan);

	CHECK_INT(run(&scan, &opts, longdoc, 1, &err), 0);
	f = find(&scan, "sdg-goal", "3", 0);
	CHECK(f != NULL);
	CHECK_STR(f->excerpt, "strong");
	CHECK(f->score <= dpg_sdg_score_of(12.0) + 1e-9);
	CHECK(f->score >= dpg_sdg_score_of(12.0) - 1e-9);
	dpg_scan_release(&scan);
}

TEST(test_sdg_analyzer__doc_budget)
{
	/* 17 doc files of 512 KB use the 8 MB budget: the next doc file is
	 * not scored, the README still is */
	struct doc docs[19];
	char *filler = xmalloc(512 * 1024 + 1), *names[17];
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_scan scan;
	struct dpg_error err = DPG_ERROR_INIT;
	int i;

	memset(filler, 'q', 512 * 1024);
	filler[512 * 1024] = 0;
	for (i = 0; i < 17; i++) {
		names[i] = xasprintf("docs/f%02d.md", i);
		docs[i].path = names[i];
		docs[i].text = filler;
	}
	docs[17].path = "docs/late.md";
	docs[17].text = "Malaria case reporting. SDG 3.\n";
	docs[18].path = "README.md";
	docs[18].text = "Zero hunger: tools for smallholder farmers.\n";
	CHECK_INT(run(&scan, &opts, docs, 19, &err), 0);
	CHECK(find(&scan, "sdg-goal", "3", 0) == NULL);
	CHECK(find(&scan, "sdg-goal", "2", 0) != NULL);
	dpg_scan_release(&scan);
	for (i = 0; i < 17; i++)
		free(names[i]);
	free(filler);
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* want() declines a doc file that the budget cannot count, and the scan
 * gives what the scan that reads them all gives: a file that does not fit
 * (docs/big.md) is not read, a smaller one after it still counts
 * (docs/small.md), one that fills the budget to the byte counts
 * (docs/exact.md), the next does not (docs/after.md). */
TEST(test_sdg_analyzer__doc_budget_declined)
{
	static const char readme[] = "Zero hunger: tools for smallholder "
				     "farmers.\n";
	static const char sdg3[] = "Malaria case reporting. SDG 3.\n";
	static const char sdg4[] = "Quality education: SDG 4.\n";
	static const char sdg6[] = "Clean water and sanitation: SDG 6.\n";
	static const char sdg7[] = "Affordable and clean energy: SDG 7.\n";
	const size_t big = 512 * 1024, budget = 8u * 1024 * 1024;
	struct doc docs[20];
	char *filler = xmalloc(600 * 1024 + 1), *names[15], *exact;
	size_t used, n = 0, i;
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_scan plain, fast;
	struct dpg_error err = DPG_ERROR_INIT;
	int wp[20], wf[20], same;

	memset(filler, 'q', 600 * 1024);
	filler[600 * 1024] = 0;
	docs[n].path = "README.md";
	docs[n++].text = readme;
	for (i = 0; i < 15; i++) {
		names[i] = xasprintf("docs/f%02zu.md", i);
		docs[n].path = names[i];
		docs[n++].text = filler + 600 * 1024 - big;
	}
	/* 600 KB, scored as 512 KB: 7.5 MB + the README's and it is over */
	memcpy(filler, sdg3, sizeof(sdg3) - 1);
	docs[n].path = "docs/big.md";
	docs[n++].text = filler;
	docs[n].path = "docs/small.md";
	docs[n++].text = sdg4;
	used = sizeof(readme) - 1 + 15 * big + sizeof(sdg4) - 1;
	exact = xmalloc(budget - used + 1);
	memset(exact, 'q', budget - used);
	memcpy(exact, sdg6, sizeof(sdg6) - 1);
	exact[budget - used] = 0;
	docs[n].path = "docs/exact.md";
	docs[n++].text = exact;
	docs[n].path = "docs/after.md";
	docs[n++].text = sdg7;

	CHECK_INT(run_order(&plain, &opts, docs, n, 1, wp, &err), 0);
	CHECK_INT(run_order(&fast, &opts, docs, n, 0, wf, &err), 0);
	/* what the budget counts */
	CHECK(find(&fast, "sdg-goal", "2", 0) != NULL);
	CHECK(find(&fast, "sdg-goal", "3", 0) == NULL);
	CHECK(find(&fast, "sdg-goal", "4", 0) != NULL);
	CHECK(find(&fast, "sdg-goal", "6", 0) != NULL);
	CHECK(find(&fast, "sdg-goal", "7", 0) == NULL);
	/* what is read: all in the plain scan, not big.md and after.md */
	for (i = 0; i < n; i++) {
		int over = !strcmp(docs[i].path, "docs/big.md") ||
			   !strcmp(docs[i].path, "docs/after.md");
		CHECK(wp[i] > 0);
		CHECK_INT(wf[i] > 0, !over);
	}
	/* the same findings, one for one */
	CHECK_INT(fast.nfindings, plain.nfindings);
	same = fast.nfindings == plain.nfindings;
	for (i = 0; same && i < fast.nfindings; i++) {
		const struct dpg_finding *a = &fast.findings[i];
		const struct dpg_finding *b = &plain.findings[i];
		same = !strcmp(a->kind, b->kind) &&
		       same_str(a->value, b->value) &&
		       same_str(a->path, b->path) && a->line == b->line &&
		       a->score == b->score && same_str(a->excerpt, b->excerpt);
	}
	CHECK(same);
	dpg_scan_release(&plain);
	dpg_scan_release(&fast);
	for (i = 0; i < 15; i++)
		free(names[i]);
	free(exact);
	free(filler);
}

/* A doc file is a table when 60% of its non-empty lines are rows; the
 * count may stop early only when the rest cannot reach that. */
TEST(test_sdg_analyzer__tables)
{
	static const char prose[] = "Malaria case reporting supports SDG 3.\n";
	static const char row[] = "a|b|c\n";
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	char *text = xmalloc(16384);
	int scale, nprose;

	/* prose first, then 6 rows: a table up to 4 prose lines (scaled:
	 * 120 prose lines and 180 rows, past 4 KiB) */
	for (scale = 1; scale <= 30; scale += 29)
		for (nprose = 4 * scale - 1; nprose <= 4 * scale + 1;
		     nprose++) {
			size_t n = 0;
			struct dpg_scan scan;
			struct doc d;
			int i;

			for (i = 0; i < nprose; i++, n += strlen(prose))
				memcpy(text + n, prose, strlen(prose));
			memcpy(text + n, "\n\n", 2);
			n += 2;
			for (i = 0; i < 6 * scale; i++, n += strlen(row))
				memcpy(text + n, row, strlen(row));
			text[n] = 0;
			d.path = "docs/t.md";
			d.text = text;
			CHECK_INT(run(&scan, &opts, &d, 1, &err), 0);
			CHECK_INT(find(&scan, "sdg-goal", "3", 0) != NULL,
				  nprose > 4 * scale);
			dpg_scan_release(&scan);
		}
	free(text);
}

/* The marks that make a line a row ('|', tab, ',', ';', and ". " that
 * undoes commas), at every offset of a long line (they are counted 16
 * bytes at a time): 4 prose lines and 6 such lines are a table exactly
 * when the lines are rows. */
TEST(test_sdg_analyzer__table_rows_at_every_offset)
{
	static const char prose[] = "Malaria case reporting supports SDG 3.\n";
	static const struct {
		const char *marks; /* 17 bytes apart; '.': ". " */
		int row;
	} cases[] = {{"|", 0},	  {"||", 1},   {"\t\t", 1}, {";;", 1},
		     {";", 0},	  {",,", 0},   {",,,", 1},  {",.,,", 0},
		     {".,,,", 0}, {",,,.", 0}, {"|.", 0},   {"||.", 1},
		     {"\t", 1},	  {"\t.", 0}};
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	char *text = xmalloc(8192), line[128];
	size_t c, k, j;

	for (c = 0; c < DPG_ARRAY_SIZE(cases); c++)
		for (k = 0; k < 40; k++) {
			const char *mk = cases[c].marks;
			size_t n = 0, len = k + 17 * strlen(mk) + 4;
			struct dpg_scan scan;
			struct doc d;
			int i;

			/* the marks 17 bytes apart, from 1 + k: across
			 * every 16-byte boundary */
			memset(line, 'x', len);
			for (j = 0; mk[j]; j++) {
				line[1 + k + 17 * j] = mk[j];
				if (mk[j] == '.')
					line[2 + k + 17 * j] = ' ';
			}
			line[len] = '\n';
			for (i = 0; i < 4; i++, n += strlen(prose))
				memcpy(text + n, prose, strlen(prose));
			for (i = 0; i < 6; i++, n += len + 1)
				memcpy(text + n, line, len + 1);
			text[n] = 0;
			d.path = "docs/t.md";
			d.text = text;
			CHECK_INT(run(&scan, &opts, &d, 1, &err), 0);
			if ((find(&scan, "sdg-goal", "3", 0) != NULL) ==
			    cases[c].row)
				printf("    case %zu at %zu\n", c, k);
			CHECK_INT(find(&scan, "sdg-goal", "3", 0) != NULL,
				  !cases[c].row);
			dpg_scan_release(&scan);
		}
	free(text);
}

/* A text of fewer than cap bytes (its length) made of pieces that pick
 * chooses by a random number. */
static size_t random_text(char *text, size_t cap, unsigned int *seed,
			  const char *(*pick)(unsigned int))
{
	size_t len = 0, want, n;

	*seed = *seed * 1103515245u + 12345u;
	want = (*seed >> 8) % cap;
	while (len < want) {
		const char *p;

		*seed = *seed * 1103515245u + 12345u;
		p = pick(*seed);
		n = strlen(p);
		if (len + n > want)
			n = want - len;
		memcpy(text + len, p, n);
		len += n;
	}
	return len;
}

/* The marks of a table row and other bytes; few newlines: long lines. */
static const char *row_piece(unsigned int r)
{
	static const char *const pieces[] = {"|", "\t", ",",  ";",  ". ",  ".",
					     " ", "x",	"ab", "\n", "1F40"};
	const char *p = pieces[(r >> 12) % DPG_ARRAY_SIZE(pieces)];

	return *p == '\n' && (r >> 20) % 64 ? "|" : p;
}

/* The generator marks, their first bytes and markup: mostly filler, so
 * that few texts hold a whole mark early. */
static const char *gen_piece(unsigned int r)
{
	static const char *const pieces[] = {
		"name=\"generator\"", "Generated by", "created using sphinx",
		"doxygen", "JavaDoc", "typedoc", "jsdoc", "rustdoc", "pdoc",
		/* fillers: a mark's first bytes, never completed */
		"n ", "ge ", "cr ", "do ", "ja ", "JS ", "ru ", "pd ", "<p>",
		" ", "\n", "x", "name=", "generat ", "Doxyge "};

	return (r >> 8) % 1024 ? pieces[9 + (r >> 14) % 15]
			       : pieces[(r >> 14) % 9];
}

/* fn(text, len, a, b) on the files (their first 2 MiB) that the shell
 * command cmd lists: how many were read. */
static size_t listed_texts(const char *cmd,
			   void (*fn)(const char *, size_t, size_t *, size_t *),
			   size_t *a, size_t *b)
{
	char path[4096];
	size_t files = 0;
	FILE *list = popen(cmd, "r");

	while (list && fgets(path, sizeof(path), list)) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 21);

		path[strcspn(path, "\n")] = '\0';
		if (dpg_buf_read_file(&doc, path, "doc", DPG_READ_TRUNCATE,
				      NULL) == 0) {
			files++;
			fn(doc.ptr, doc.len, a, b);
		}
		dpg_buf_release(&doc);
	}
	if (list)
		pclose(list);
	return files;
}

/* dpg_sdg_row_marks quick and plain on each line of text (len bytes),
 * and on its first bytes as a line ending the text; *lines counts them,
 * *marked those with a mark. */
static void row_marks_same(const char *text, size_t len, size_t *lines,
			   size_t *marked)
{
	const char *p = text, *end = text + len;
	unsigned int a[5], b[5];

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		dpg_sdg_row_marks(p, e, end, 1, a);
		dpg_sdg_row_marks(p, e, end, 0, b);
		CHECK(!memcmp(a, b, sizeof(a)));
		(*lines)++;
		*marked += (a[0] | a[1] | a[2] | a[3] | a[4]) != 0;
		p = nl ? nl + 1 : end;
	}
	dpg_sdg_row_marks(text, end, end, 1, a);
	dpg_sdg_row_marks(text, end, end, 0, b);
	CHECK(!memcmp(a, b, sizeof(a)));
}

/* The marks of table rows counted 16 bytes at a time (with per-byte
 * counts summed every 255 blocks) as a byte at a time: on this
 * repository's files, /usr/share/doc's HTML and text, and random lines
 * of marks up to 12 KiB long. */
TEST(test_sdg_analyzer__row_marks_quick)
{
	static char text[12288];
	size_t t, lines = 0, marked = 0, files;
	unsigned int seed = 11;

	files = listed_texts("{ git ls-files; find /usr/share/doc -type f "
			     "\\( -name '*.htm*' -o -name '*.txt' -o -name "
			     "'README*' \\) -size -2M | LC_ALL=C sort | head "
			     "-300; } 2>/dev/null",
			     row_marks_same, &lines, &marked);
	CHECK(files > 100 && marked > 10000);
	for (t = 0; t < 400; t++) {
		size_t len = random_text(text, sizeof(text), &seed, row_piece);

		row_marks_same(text, len, &lines, &marked);
	}
	/* one mark over and over: each byte's count past 255 */
	for (t = 0; t < 5; t++) {
		const char *p = "|\0\t\0,\0;\0. " + 2 * t;
		size_t len = 0, n = strlen(p);

		while (len + n <= 9000) {
			memcpy(text + len, p, n);
			len += n;
		}
		text[len] = '\n';
		row_marks_same(text, len + 1, &lines, &marked);
		row_marks_same(text, len - 7, &lines, &marked);
	}
	printf("    %zu files, %zu lines, %zu with marks\n", files, lines,
	       marked);
}

/* The license-text test of text, 32 places at a time and by
 * dpg_words_find, the same; *yes counts it. */
static void license_same(const char *text, size_t len, size_t *yes)
{
	int quick = dpg_sdg_license_text(text, len), plain;

	dpg_sdg_no_avx2 = 1;
	plain = dpg_sdg_license_text(text, len);
	dpg_sdg_no_avx2 = 0;
	*yes += (size_t)plain;
	CHECK_INT(quick, plain);
}

/* same() on text (*yes) and on it from many offsets below upto
 * (*other). */
static void from_offsets(void (*same)(const char *, size_t, size_t *),
			 const char *text, size_t len, size_t upto, size_t *yes,
			 size_t *other)
{
	size_t t;

	same(text, len, yes);
	for (t = 1; t < len && t < upto; t += 1 + t / 64)
		same(text + t, len - t, other);
}

/* license_same from offsets of the first 1100 bytes */
static void license_offsets(const char *text, size_t len, size_t *yes,
			    size_t *other)
{
	from_offsets(license_same, text, len, 1100, yes, other);
}

/* License marks, their first bytes (in both cases) and other bytes. */
static const char *license_piece(unsigned int r)
{
	static const char *const pieces[] = {
		"Permission is hereby granted", "GNU General Public License",
		"Apache License", "Mozilla Public License",
		"THE SOFTWARE IS PROVIDED \"AS IS\"",
		"Redistribution and use in source and binary forms",
		"Boost Software License", "Creative Commons Attribution",
		/* fillers */
		"perm", "GNU ", "gnu", "apac", "the ", "THIS ", "crea", "boos",
		" ", "\n", "x", "<p>", "Redistribution", "Creative Commons"};

	return (r >> 8) % 64
		       ? pieces[8 + (r >> 14) % (DPG_ARRAY_SIZE(pieces) - 8)]
		       : pieces[(r >> 14) % 8];
}

/* A license text under another name (a mark in the first KiB) found 32
 * places at a time as by dpg_words_find: random texts of the marks and
 * their first bytes, this repository's files and /usr/share/doc's
 * copyright files, from many offsets. */
TEST(test_sdg_analyzer__license_text_quick)
{
	static char text[3000];
	unsigned int seed = 5;
	size_t t, yes = 0, files, marked = 0, other = 0;

	for (t = 0; t < 3000; t++) {
		size_t len =
			random_text(text, sizeof(text), &seed, license_piece);

		license_same(text, len, &yes);
	}
	CHECK(yes > 100 && yes < 2900);
	files = listed_texts("{ git ls-files; find /usr/share/doc -name "
			     "copyright | LC_ALL=C sort | head -300; } "
			     "2>/dev/null",
			     license_offsets, &marked, &other);
	CHECK(files > 100 && marked > 10);
	printf("    %zu files, %zu license texts\n", files, marked);
}

/* A byte of a directory name (or not), as a string. */
static const char *name_byte(unsigned int r)
{
	static const char *const bytes[] = {"a", "A", "t", "T", "s",
					    "S", "d", "D", "e", "E",
					    "_", ".", "-", "1", "/"};

	return bytes[(r >> 12) % DPG_ARRAY_SIZE(bytes)];
}

/* dpg_sdg_skipped_dir quick and plain, in and out of docs, on the n
 * bytes at dir; *yes counts the skipped ones. */
static void skipped_same(const char *dir, size_t n, size_t *yes)
{
	int d;

	for (d = 0; d < 2; d++) {
		int plain = dpg_sdg_skipped_dir(dir, n, d, 0);

		*yes += (size_t)plain;
		CHECK_INT(dpg_sdg_skipped_dir(dir, n, d, 1), plain);
	}
}

/* skipped_same on every '/'-separated name of each line of text. */
static void path_names_same(const char *text, size_t len, size_t *yes,
			    size_t *names)
{
	size_t i, s = 0;

	for (i = 0; i <= len; i++)
		if (i == len || text[i] == '/' || text[i] == '\n') {
			skipped_same(text + s, i - s, yes);
			(*names)++;
			s = i + 1;
		}
}

/* The skipped directories told by their names' length and first byte
 * first, as by the lists alone: every directory name of this
 * repository's files and of /usr/share/doc's, names of the lists in other
 * cases and cut or lengthened, and random short names. */
TEST(test_sdg_analyzer__skipped_dirs_quick)
{
	static const char *const known[] = {"node_modules", "Vendor",
					    "THIRD_PARTY",  ".venv",
					    "__tests__",    "Pods",
					    "carthage",	    "_build",
					    "i18n",	    "L10N",
					    "api",	    "API",
					    "Reference",    "autosummary",
					    "type-aliases", "_images",
					    "out",	    "Doxygen",
					    "storybook",    ".storybook",
					    "docs",	    "x"};
	char buf[64], *list = NULL;
	size_t i, k, yes = 0, names = 0, len = 0;
	unsigned int seed = 9;
	FILE *p = popen("{ git ls-files; find /usr/share/doc | head -20000; "
			"} 2>/dev/null",
			"r");

	while (p && (k = fread(buf, 1, sizeof(buf), p)) > 0) {
		list = realloc(list, len + k + 1);
		CHECK(list != NULL);
		if (!list)
			break;
		memcpy(list + len, buf, k);
		len += k;
		list[len] = 0; /* an empty last name is read */
	}
	if (p)
		pclose(p);
	path_names_same(list ? list : "", len, &yes, &names);
	free(list);
	CHECK(names > 1000 && yes > 10);
	for (i = 0; i < DPG_ARRAY_SIZE(known); i++) {
		size_t n = strlen(known[i]);

		for (k = 0; k <= n; k++)
			skipped_same(known[i], k, &yes);
		snprintf(buf, sizeof(buf), "%ss", known[i]);
		skipped_same(buf, n + 1, &yes);
	}
	for (i = 0; i < 100000; i++) {
		size_t n = random_text(buf, 8, &seed, name_byte);

		skipped_same(buf, n, &yes);
	}
	printf("    %zu names, %zu skipped\n", names, yes);
}

TEST(test_sdg_analyzer__manifests)
{
	static const struct doc docs[] = {
		{"pyproject.toml", "[project]\nname = \"x\"\n"
				   "description = \"Forecasts for smallholder "
				   "farmers and food security\"\n"},
		{"DESCRIPTION", "Package: x\nTitle: Tools\nVersion: 1.0\n"
				"Description: Estimates of greenhouse gas\n"
				"    emissions for climate policy.\n"
				"Imports: malaria\n"},
		{"publiccode.yml", "publiccodeYmlVersion: \"0.2\"\n"
				   "description:\n  en:\n    shortDescription: "
				   "Open-source tools for coral reef "
				   "monitoring in marine protected areas\n"},
	};
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_scan scan;
	struct dpg_error err = DPG_ERROR_INIT;
	const struct dpg_finding *f;

	CHECK_INT(run(&scan, &opts, docs, DPG_ARRAY_SIZE(docs), &err), 0);
	f = find(&scan, "sdg-evidence", "2", 0);
	CHECK(f != NULL);
	CHECK_STR(f->path, "pyproject.toml");
	CHECK_INT(f->line, 3);
	f = find(&scan, "sdg-evidence", "13", 0);
	CHECK(f != NULL);
	CHECK_STR(f->path, "DESCRIPTION");
	CHECK_INT(f->line, 4);
	CHECK_STR(f->excerpt, "Description: Estimates of greenhouse gas "
			      "emissions for climate policy.");
	/* other DESCRIPTION fields are not read */
	CHECK(find(&scan, "sdg-goal", "3", 0) == NULL);
	f = find(&scan, "sdg-evidence", "14", 0);
	CHECK(f != NULL);
	CHECK_STR(f->path, "publiccode.yml");
	dpg_scan_release(&scan);
}

TEST(test_sdg_analyzer__rules_override)
{
	char tmpl[] = "/tmp/test_sdg_an.XXXXXX";
	char *d = mkdtemp(tmpl), *p;
	static const struct doc docs[] = {
		{"README.md", "A tool for the zorblax programme.\n"},
	};
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_scan scan;
	struct dpg_error err = DPG_ERROR_INIT;
	FILE *f;

	CHECK(d != NULL);
	p = xasprintf("mkdir -p '%s/sdg'", d);
	CHECK_INT(system(p), 0);
	free(p);
	p = xasprintf("%s/sdg/50-local.sdg", d);
	f = fopen(p, "w");
	CHECK(f != NULL);
	fputs("# a local programme name counts for goal 1\ngoal 1\n"
	      "4 /zorblax/\n",
	      f);
	fclose(f);
	opts.rules_dir = d;
	CHECK_INT(run(&scan, &opts, docs, 1, &err), 0);
	CHECK(find(&scan, "sdg-goal", "1", 0) != NULL);
	dpg_scan_release(&scan);

	/* an invalid override fails the scan with every file:line */
	f = fopen(p, "w");
	CHECK(f != NULL);
	fputs("goal 1\n4 /zor(blax/\nbogus\n", f);
	fclose(f);
	CHECK_INT(run(&scan, &opts, docs, 1, &err), DPG_EINPUT);
	CHECK(strstr(err.msg, "50-local.sdg:2: invalid pattern"));
	CHECK(strstr(err.msg, "50-local.sdg:3: unknown directive"));
	dpg_scan_release(&scan);
	free(p);
	p = xasprintf("rm -rf '%s'", d);
	CHECK_INT(system(p), 0);
	free(p);
}

/* The generated-HTML test sixteen places at a time (the fast path) says
 * what the byte loop says: random texts of generator marks (whole, cut
 * short, in mixed case), their first letters and markup, up to past the 8
 * KiB it reads, and this repository's documents. */
/* The generated-HTML test of text: quick (AVX2 where the CPU has it),
 * quick without AVX2 and plain, all the same; *yes counts it. */
static void gen_same(const char *text, size_t len, size_t *yes)
{
	int plain = dpg_sdg_generated_html(text, len, 0), sse2;

	dpg_sdg_no_avx2 = 1;
	sse2 = dpg_sdg_generated_html(text, len, 1);
	dpg_sdg_no_avx2 = 0;
	*yes += (size_t)plain;
	CHECK_INT(sse2, plain);
	CHECK_INT(dpg_sdg_generated_html(text, len, 1), plain);
}

/* gen_same on text (*yes) and on it from many offsets of its first bytes
 * (*other). */
static void gen_offsets(const char *text, size_t len, size_t *yes,
			size_t *other)
{
	from_offsets(gen_same, text, len, 9000, yes, other);
}

TEST(test_sdg_analyzer__generated_html_quick)
{
	static const char *const docs[] = {"README.md", "docs/SDG.md"};
	static char text[9000];
	unsigned int seed = 3;
	size_t t, i, yes = 0, files, marked = 0, other = 0;

	for (t = 0; t < 3000; t++) {
		size_t len = random_text(text, sizeof(text), &seed, gen_piece);

		gen_same(text, len, &yes);
	}
	CHECK(yes > 100 && yes < 2900);
	for (i = 0; i < DPG_ARRAY_SIZE(docs); i++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 20);

		CHECK_INT(dpg_buf_read_file(&doc, docs[i], "doc", 0, NULL), 0);
		for (t = 0; t < doc.len && t < 9000; t += 37)
			gen_same(doc.ptr + t, doc.len - t, &other);
		dpg_buf_release(&doc);
	}
	/* real HTML (generated by makeinfo, Sphinx, Doxygen... or not): from
	 * every offset of its first bytes, and a few past 8 KiB */
	files = listed_texts("find /usr/share/doc -name '*.htm*' -size -2M "
			     "2>/dev/null | LC_ALL=C sort | head -400",
			     gen_offsets, &marked, &other);
	printf("    %zu HTML files, %zu generated\n", files, marked);
}

/* Every pre-check of the shipped vocabulary (terms and conditions) at
 * each start of text (a byte after one that is no letter or digit): the
 * same answer with runs of literal bytes read in a row and a node at a
 * time.  *ones counts the answers 1, *asked all. */
static void pre_runs_same(const char *text, size_t len, size_t *ones,
			  size_t *asked)
{
	const struct dpg_sdg_vocab *v = &dpg_sdg_builtin;
	size_t i, s;
	int k;

	for (i = 0; i < v->n; i++) {
		const struct sdg_term *t = &v->terms[i];
		const struct sdg_pre *x[4] = {NULL, NULL, NULL, NULL};

		if (t->anchor >= 0)
			x[0] = dpg_sdg_pre_of(t);
		for (k = 0; k < 3; k++)
			x[k + 1] = dpg_sdg_cond_pre_of(t, k);
		for (k = 0; k < 4; k++) {
			if (!x[k])
				continue;
			for (s = 0; s <= len; s++) {
				int a, b;

				if (s > 0 &&
				    isalnum((unsigned char)text[s - 1]))
					continue;
				a = dpg_sdg_pre_at(x[k], text, len, s);
				dpg_sdg_pre_plain = 1;
				b = dpg_sdg_pre_at(x[k], text, len, s);
				dpg_sdg_pre_plain = 0;
				CHECK_INT(a, b);
				*ones += a;
				(*asked)++;
			}
		}
	}
}

/* pre_runs_same on pieces of 1,500 bytes of a file (the end of a piece
 * within a run too), as they are and with bytes the pre-check does not
 * read put in words. */
static void pre_runs_file(const char *text, size_t len, size_t *ones,
			  size_t *asked)
{
	char odd[1500];
	size_t k, j, n;

	for (k = 0; k + 1 < len && k < 60000; k += 3001) {
		n = len - k < sizeof(odd) ? len - k : sizeof(odd);
		pre_runs_same(text + k, n, ones, asked);
		memcpy(odd, text + k, n);
		for (j = 5; j < n; j += 13)
			if (isalpha((unsigned char)odd[j]))
				odd[j] = j % 2 ? '\xc3' : '\x01';
		pre_runs_same(odd, n, ones, asked);
	}
}

/* The pre-checks' quick paths (score.c: runs of literal bytes read in a
 * row, alternatives ruled out by their second byte) against the plain
 * ones (dpg_sdg_pre_plain): on this repository's documents and
 * /usr/share/doc's HTML pages and texts. */
TEST(test_sdg_analyzer__precheck_runs)
{
	size_t ones = 0, asked = 0, files;

	files = listed_texts("{ printf 'README.md\\ndocs/SDG.md\\ntests/data/"
			     "sdg/held.tsv\\n'; find /usr/share/doc -type f "
			     "\\( -name '*.htm*' -o -name '*.txt' \\) -size "
			     "-2M | LC_ALL=C sort | head -30; } 2>/dev/null",
			     pre_runs_file, &ones, &asked);
	CHECK(files >= 3);
	CHECK(ones > 1000 && asked - ones > 100000);
}

/* The table test stopping once the answer is sure either way (quick)
 * and only once the lines left cannot make a table: the same answer;
 * *yes counts the tables, *no the others. */
static void table_same(const char *text, size_t len, size_t *yes, size_t *no)
{
	int plain = dpg_sdg_table(text, len, 0);

	CHECK_INT(dpg_sdg_table(text, len, 1), plain);
	*(plain ? yes : no) += 1;
}

TEST(test_sdg_analyzer__table_quick)
{
	/* rows of tables and coded lists, prose, empty and blank lines */
	static const char *const rows[] = {"a|b|c\n",
					   "x\ty\tz\n",
					   "0111 Growing of cereals\n",
					   "1F9D1 200D ; emoji\n",
					   "a, b, c, d\n",
					   "LEOPARD\t1F406\n"};
	static const char *const other[] = {
		"This is prose, with a comma. And a sentence.\n", "\n", "  \n",
		"Short line\n", "see a|b below\n"};
	static char text[4000];
	unsigned int seed = 11;
	size_t t, yes = 0, no = 0, files, fyes = 0, fno = 0;

	for (t = 0; t < 4000; t++) {
		/* a share of rows around the threshold, per text */
		unsigned int share, lines, l;
		size_t len = 0, n;
		const char *p;

		seed = seed * 1103515245u + 12345u;
		share = 40 + (seed >> 8) % 45;
		lines = 1 + (seed >> 16) % 60;
		for (l = 0; l < lines; l++) {
			seed = seed * 1103515245u + 12345u;
			p = (seed >> 8) % 100 < share
				    ? rows[(seed >> 16) % DPG_ARRAY_SIZE(rows)]
				    : other[(seed >> 16) %
					    DPG_ARRAY_SIZE(other)];
			n = strlen(p);
			if (len + n > sizeof(text))
				break;
			memcpy(text + len, p, n);
			len += n;
		}
		/* sometimes without the last newline */
		if (len && (seed >> 24) % 2)
			len--;
		table_same(text, len, &yes, &no);
	}
	CHECK(yes > 500 && no > 500);
	files = listed_texts("find /usr/share/doc -type f -size -2M "
			     "2>/dev/null | LC_ALL=C sort | head -400",
			     table_same, &fyes, &fno);
	printf("    %zu made texts, %zu tables; %zu files, %zu tables\n",
	       yes + no, yes, files, fyes);
	CHECK(files > 50);
}

TEST_MAIN("test_sdg_analyzer", T(test_sdg_analyzer__want),
	  T(test_sdg_analyzer__doc_budget_declined),
	  T(test_sdg_analyzer__precheck_runs), T(test_sdg_analyzer__findings),
	  T(test_sdg_analyzer__weights_and_caps),
	  T(test_sdg_analyzer__doc_budget), T(test_sdg_analyzer__tables),
	  T(test_sdg_analyzer__generated_html_quick),
	  T(test_sdg_analyzer__table_rows_at_every_offset),
	  T(test_sdg_analyzer__row_marks_quick),
	  T(test_sdg_analyzer__table_quick),
	  T(test_sdg_analyzer__license_text_quick),
	  T(test_sdg_analyzer__skipped_dirs_quick),
	  T(test_sdg_analyzer__manifests), T(test_sdg_analyzer__rules_override))
