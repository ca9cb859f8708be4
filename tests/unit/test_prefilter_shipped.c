/*
 * test_prefilter_shipped.c: the required literals and anchors
 * (dpg/prefilter.h) of every shipped pattern are what they were recorded
 * to be.  The extraction is tuned for speed (it runs for every term and
 * rule at each scan's start); a change of its output changes which texts
 * reach the patterns.  tests/unit/prefilter-shipped.txt holds, per pattern
 * source, a digest of dpg_rules_literals(), dpg_rules_anchors() and
 * dpg_lits_add_pattern(); patterns it does not know (edited rules) are
 * counted, not failed.  Also: the table of them made at build time
 * (src/rules/pf_known.h) is current.  DPG_PREFILTER_RECORD=1 writes the
 * file anew (only on purpose, from a build whose extraction is known
 * good).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/rules/pf_known.h"
#include "../../src/rules/rules_int.h"
#include "../../src/sdg/sdg_int.h"
#include "dpg/buf.h"
#include "dpg/prefilter.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "test.h"

#define RECORD "tests/unit/prefilter-shipped.txt"

struct entry {
	unsigned long long key, digest;
};

static unsigned long long fnv(unsigned long long h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ull;
	return h;
}

static unsigned long long fnv_str(unsigned long long h, const char *s)
{
	return fnv(h, s, strlen(s) + 1);
}

static unsigned long long fnv_num(unsigned long long h, unsigned long long v)
{
	return fnv(h, &v, sizeof(v));
}

/* A digest of everything the prefilter derives from src. */
static unsigned long long digest(const char *src)
{
	unsigned long long h = 14695981039346656037ull;
	struct dpg_lits *ls = dpg_lits_new();
	struct dpg_bytes *runs;
	char **out;
	size_t *d, n, i;
	int rc;

	rc = dpg_rules_literals(src, &out, &n);
	h = fnv_num(h, (unsigned long long)(rc + 2));
	h = fnv_num(h, n);
	for (i = 0; i < n; i++) {
		h = fnv_str(h, out[i]);
		free(out[i]);
	}
	free(out);
	rc = dpg_rules_anchors(src, &out, &d, &runs, &n);
	h = fnv_num(h, (unsigned long long)(rc + 2));
	h = fnv_num(h, n);
	for (i = 0; i < n; i++) {
		h = fnv_str(h, out[i]);
		h = fnv_num(h, d[i]);
		h = fnv(h, &runs[i], sizeof(runs[i]));
		free(out[i]);
	}
	free(out);
	free(d);
	free(runs);
	h = fnv_num(h, (unsigned long long)(dpg_lits_add_pattern(ls, src, &out,
								 &n) +
					    2));
	h = fnv_num(h, n);
	for (i = 0; i < n; i++) {
		h = fnv_str(h, out[i]);
		free(out[i]);
	}
	free(out);
	h = fnv_num(h, dpg_lits_count(ls));
	dpg_lits_free(ls);
	return h;
}

static void add(struct entry **e, size_t *n, size_t *cap, const char *src)
{
	if (!src)
		return;
	dpg_grow(e, cap, *n + 1, sizeof(**e));
	(*e)[*n].key = fnv_str(14695981039346656037ull, src);
	(*e)[*n].digest = digest(src);
	(*n)++;
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->digest < b->digest ? -1 : a->digest > b->digest;
}

/* Every pattern of the shipped rules and vocabulary. */
static void collect(struct entry **e, size_t *n, size_t *cap)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_sdg_vocab *v = NULL;
	char *errors = NULL;
	size_t i;

	CHECK(dpg_ruleset_load_dir(rs, "rules", 0, &diag, &err) > 50);
	for (i = 0; i < dpg_ruleset_count(rs); i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(rs, i);

		add(e, n, cap, r->content);
		add(e, n, cap, r->path);
		add(e, n, cap, r->not_path);
		add(e, n, cap, r->value);
		add(e, n, cap, r->dependency);
	}
	dpg_rules_diag_release(&diag);
	dpg_ruleset_free(rs);
	CHECK_INT(dpg_sdg_vocab_load(&v, "rules/sdg", NULL, &errors, &err), 0);
	for (i = 0; v && i < v->n; i++)
		add(e, n, cap, SDG_WRAPPED(&v->terms[i]));
	free(errors);
	dpg_sdg_vocab_free(v);
	qsort(*e, *n, sizeof(**e), cmp_entry);
}

TEST(test_prefilter_shipped__as_recorded)
{
	struct entry *e = NULL, *rec = NULL;
	size_t n = 0, cap = 0, nrec = 0, reccap = 0, i, j, unknown = 0;
	FILE *f;

	collect(&e, &n, &cap);
	CHECK(n > 600);
	if (getenv("DPG_PREFILTER_RECORD")) {
		f = fopen(RECORD, "w");
		CHECK(f != NULL);
		for (i = 0; f && i < n; i++)
			if (!i || cmp_entry(&e[i], &e[i - 1]))
				fprintf(f, "%016llx %016llx\n", e[i].key,
					e[i].digest);
		if (f)
			fclose(f);
	}
	f = fopen(RECORD, "r");
	CHECK(f != NULL);
	for (;;) {
		struct entry r;

		if (!f || fscanf(f, "%llx %llx", &r.key, &r.digest) != 2)
			break;
		dpg_grow(&rec, &reccap, nrec + 1, sizeof(*rec));
		rec[nrec++] = r;
	}
	if (f)
		fclose(f);
	CHECK(nrec > 600);
	for (i = 0, j = 0; i < n; i++) {
		while (j < nrec && rec[j].key < e[i].key)
			j++;
		if (j >= nrec || rec[j].key != e[i].key) {
			unknown++;
			continue;
		}
		if (rec[j].digest != e[i].digest)
			fprintf(stderr,
				"  pattern %016llx: digest %016llx, "
				"recorded %016llx\n",
				e[i].key, e[i].digest, rec[j].digest);
		CHECK(rec[j].digest == e[i].digest);
	}
	/* most are known: the record is not stale */
	CHECK(unknown < n / 10);
	free(e);
	free(rec);
}

/* The table made at build time (pf_known.h) is what parsing gives: a
 * scan that finds a pattern there gets the same sets. */
TEST(test_prefilter_shipped__table_current)
{
	CHECK(dpg_pf_nknown > 600);
	CHECK_INT(dpg_rules_prefilter_check(), 0);
}

TEST_MAIN("test_prefilter_shipped", T(test_prefilter_shipped__as_recorded),
	  T(test_prefilter_shipped__table_current))
