/*
 * test_rules_builtin.c: the shipped rules parsed at build time
 * (src/rules/re_known.h: dpg_rules_known, tools/gen-prefilter.c) are what
 * the run-time load of rules/ gives, field for field, and are used only
 * for those files, byte for byte, with no --rules DIR.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/rules/lits_int.h"
#include "../../src/rules/re_known.h"
#include "../../src/rules/rules_int.h"
#include "../../src/sdg/sdg_int.h"
#include "dpg/buf.h"
#include "dpg/cache.h"
#include "dpg/rules.h"
#include "dpg/util.h"
#include "test.h"

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* A compiled pattern as a scan uses it (compiled at first use from its
 * src, or at once from the rule's field, sa and sb). */
static int same_re(const struct dpg_rule_re *a, const struct dpg_rule_re *b,
		   const char *sa, const char *sb)
{
	size_t k;

	if (!a || !b)
		return !a && !b;
	if (!same_str(dpg_re_src(&a->re) ? dpg_re_src(&a->re) : sa,
		      dpg_re_src(&b->re) ? dpg_re_src(&b->re) : sb) ||
	    a->re.flags != b->re.flags ||
	    dpg_re_present(&a->re) != dpg_re_present(&b->re) ||
	    a->backrefs != b->backrefs || a->at_start != b->at_start ||
	    a->anchor != b->anchor || a->nlits != b->nlits)
		return 0;
	for (k = 0; k < a->nlits; k++)
		if (strcmp(dpg_rre_lit(a, k), dpg_rre_lit(b, k)))
			return 0;
	if (!dpg_rre_pairs(a) || !dpg_rre_pairs(b))
		return !dpg_rre_pairs(a) && !dpg_rre_pairs(b);
	return !a->nlits || !memcmp(dpg_rre_pairs(a), dpg_rre_pairs(b),
				    4 * a->nlits * sizeof(*a->pairs));
}

/* ls written as C (dpg_lits_write): every field a scan reads. */
static char *lits_c(const struct dpg_lits *ls)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (f)
		dpg_lits_write(f, ls);
	if (!f || fclose(f) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

/* Every field but builtin and examples_cap (a capacity). */
static int same_rule(const struct dpg_rule *a, const struct dpg_rule *b)
{
	size_t k;

	if (!same_str(a->id, b->id) || a->indicator != b->indicator ||
	    a->strength != b->strength || !same_str(a->message, b->message) ||
	    !same_str(a->file, b->file) || a->line != b->line ||
	    a->disabled != b->disabled || a->is_scope != b->is_scope ||
	    !same_str(a->scope, b->scope) ||
	    a->max_findings != b->max_findings || a->lazy != b->lazy ||
	    !same_str(a->path, b->path) ||
	    !same_str(a->not_path, b->not_path) ||
	    !same_str(a->content, b->content) ||
	    !same_str(a->field, b->field) || !same_str(a->value, b->value) ||
	    !same_str(a->dependency, b->dependency) ||
	    a->nexamples != b->nexamples)
		return 0;
	for (k = 0; k < a->nexamples; k++)
		if (a->examples[k].kind != b->examples[k].kind ||
		    a->examples[k].match != b->examples[k].match ||
		    a->examples[k].line != b->examples[k].line ||
		    strcmp(a->examples[k].text, b->examples[k].text))
			return 0;
	return same_re(a->re_path, b->re_path, a->path, b->path) &&
	       same_re(a->re_not_path, b->re_not_path, a->not_path,
		       b->not_path) &&
	       same_re(a->re_content, b->re_content, a->content, b->content) &&
	       same_re(a->re_value, b->re_value, a->value, b->value) &&
	       same_re(a->re_dependency, b->re_dependency, a->dependency,
		       b->dependency);
}

/* dpg_ruleset_load with the shipped directory dir and extra (may be
 * NULL); NULL when it fails. */
static struct dpg_ruleset *load(const char *dir, const char *extra)
{
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_ruleset *rs = NULL;

	setenv("DPGAUDIT_RULES", dir, 1);
	dpg_rules_ship_dir(dir);
	if (dpg_ruleset_load(&rs, extra, &diag, &err) < 0)
		printf("  load %s: %s\n", dir, err.msg);
	dpg_rules_diag_release(&diag);
	return rs;
}

/* All rules of rs from the table? */
static int all_builtin(const struct dpg_ruleset *rs)
{
	size_t i;

	for (i = 0; i < dpg_ruleset_count(rs); i++)
		if (!dpg_ruleset_rule(rs, i)->builtin)
			return 0;
	return dpg_ruleset_count(rs) > 0;
}

static int count_hit(void *ctx, const struct dpg_rule_hit *hit)
{
	(void)hit;
	(*(int *)ctx)++;
	return 0;
}

/* The path filters' index of a (the build's) and b (made at run time)
 * are the same. */
static int same_paths(const struct dpg_ruleset *a, const struct dpg_ruleset *b)
{
	size_t i;

	if (a->n != b->n || a->nplits != b->nplits || a->npexts != b->npexts ||
	    memcmp(a->pgroup, b->pgroup, a->n * sizeof(*a->pgroup)) ||
	    memcmp(a->pflag, b->pflag, a->n) ||
	    memcmp(a->pextbit, b->pextbit, a->n)) {
		printf("  the path filters' groups or flags differ\n");
		return 0;
	}
	for (i = 0; i < a->nplits; i++)
		if (memcmp(a->plits[i].m, b->plits[i].m,
			   sizeof(a->plits[i].m)) ||
		    a->plits[i].rule != b->plits[i].rule ||
		    strcmp(a->plits[i].lit, b->plits[i].lit)) {
			printf("  path literal %zu differs\n", i);
			return 0;
		}
	for (i = 0; i < a->npexts; i++)
		if (strcmp(a->pexts[i].ext, b->pexts[i].ext) ||
		    a->pexts[i].mask != b->pexts[i].mask) {
			printf("  extension %zu differs\n", i);
			return 0;
		}
	return 1;
}

/* The table equals the run-time parse (as dpg_ruleset_load makes it
 * for the shipped directory: lazy, then compiled), field for field. */
TEST(test_rules_builtin__equals_parse)
{
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_ruleset *a = load("rules", NULL), *b = dpg_ruleset_new();
	size_t i, same = 0;
	int hits_of[2] = {0, 0};

	CHECK(a && all_builtin(a));
	CHECK(dpg_rules_nknown > 100 && dpg_rules_known_nfiles > 5);
	b->lazy = 1;
	CHECK(dpg_ruleset_load_dir(b, "rules", 0, &diag, &err) > 100);
	b->lazy = 0;
	CHECK_INT(dpg_ruleset_compile(b, &diag, &err), 0);
	CHECK_INT(diag.n, 0);
	CHECK_INT(dpg_ruleset_count(a), dpg_ruleset_count(b));
	for (i = 0; a && i < dpg_ruleset_count(b); i++) {
		const struct dpg_rule *ra = dpg_ruleset_rule(a, i);
		const struct dpg_rule *rb = dpg_ruleset_rule(b, i);

		if (ra && same_rule(ra, rb))
			same++;
		else
			printf("  rule %zu (%s) differs\n", i, rb->id);
		CHECK(!rb->builtin);
	}
	CHECK_INT(same, dpg_ruleset_count(b));
	/* the path filters' index: the table's, equal to the run time's */
	CHECK(a && a->paths_known && !b->paths_known && a->nplits > 10 &&
	      a->npexts > 10);
	CHECK(same_paths(a, b));
	/* the anchor set: the table's, equal to the one built at run time */
	CHECK(a && a->anchors == dpg_rules_known_anchors);
	CHECK(b->anchors && b->anchors != dpg_rules_known_anchors);
	if (a && a->anchors && b->anchors) {
		char *ca = lits_c(a->anchors), *cb = lits_c(b->anchors);

		CHECK(ca && cb && strlen(ca) > 1000 && !strcmp(ca, cb));
		free(ca);
		free(cb);
	}
	for (i = 0; a && i < dpg_ruleset_count(a); i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(a, i);

		CHECK(!r->re_content || r->re_content->known);
		CHECK(!r->re_path || r->re_path->known);
	}
	/* both evaluate the same */
	for (i = 0; a && i < 2; i++) {
		struct dpg_ruleset *rs = i ? b : a;
		static const char text[] =
			"This project is released under the MIT License.\n"
			"Contact privacy@example.org about personal data.\n";
		int hits = 0;

		CHECK(dpg_ruleset_eval_file(rs, "README.md", text,
					    sizeof(text) - 1, count_hit, &hits,
					    &err) > 0);
		CHECK(hits > 0);
		hits_of[i] = hits;
	}
	CHECK_INT(hits_of[0], hits_of[1]);
	dpg_rules_diag_release(&diag);
	dpg_ruleset_free(a);
	dpg_ruleset_free(b);
}

/* The lookup tables of a (the build's) and b (made at run time) are the
 * same, member for member: 1, or 0 after printing what differs. */
static int same_win(const struct dpg_lits *a, const struct dpg_lits *b)
{
	const struct lits_win *wa = dpg_lits_win(a), *wb = dpg_lits_win(b);
	size_t i;

	if (a->nlit != b->nlit || a->nruns != b->nruns) {
		printf("  the sets differ: %zu and %zu literals\n", a->nlit,
		       b->nlit);
		return 0;
	}
	if (memcmp(wa->mfilter, wb->mfilter, sizeof(wa->mfilter)) ||
	    memcmp(wa->first, wb->first, sizeof(wa->first)) ||
	    wa->blank != wb->blank) {
		printf("  the filters or their indexes differ\n");
		return 0;
	}
	for (i = 0; i < a->nlit; i++) {
		const struct wlit *x = &wa->w[i], *y = &wb->w[i];

		if (x->pat != y->pat || x->mask != y->mask ||
		    x->lit != y->lit || x->ko != y->ko || x->wo != y->wo ||
		    x->whole != y->whole) {
			printf("  window %zu differs\n", i);
			return 0;
		}
	}
	for (i = 0; i < a->nruns; i++)
		if (memcmp(&wa->nib[i], &wb->nib[i], sizeof(wa->nib[i]))) {
			printf("  run %zu differs\n", i);
			return 0;
		}
	return 1;
}

/* The shipped sets' lookup tables (struct lits_win) are the build's
 * constants, equal to those a run-time build of the same files makes. */
TEST(test_rules_builtin__win_equals_build)
{
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_ruleset *b = dpg_ruleset_new();
	struct dpg_sdg_vocab *v = NULL;
	char *errors = NULL;

	/* written by the build: there before any scan */
	CHECK(dpg_rules_known_anchors && dpg_sdg_builtin.anchors);
	CHECK(atomic_load(&dpg_rules_known_anchors->win) != NULL);
	CHECK(atomic_load(&dpg_sdg_builtin.anchors->win) != NULL);
	CHECK(dpg_ruleset_load_dir(b, "rules", 0, &diag, &err) > 100);
	CHECK_INT(dpg_ruleset_compile(b, &diag, &err), 0);
	CHECK(b->anchors && b->anchors != dpg_rules_known_anchors);
	CHECK(dpg_lits_win(b->anchors) !=
	      atomic_load(&dpg_rules_known_anchors->win));
	CHECK(same_win(dpg_rules_known_anchors, b->anchors));
	CHECK_INT(dpg_sdg_vocab_parse(&v, "rules/sdg", NULL, 1, &errors, &err),
		  0);
	CHECK(v && !v->builtin && v->anchors);
	CHECK(same_win(dpg_sdg_builtin.anchors, v->anchors));
	dpg_sdg_vocab_free(v);
	free(errors);
	dpg_rules_diag_release(&diag);
	dpg_ruleset_free(b);
}

static void write_file(const char *path, const char *text, size_t len,
		       const char *mode)
{
	FILE *f = fopen(path, mode);

	if (f) {
		fwrite(text, 1, len, f);
		fclose(f);
	}
}

static void remove_dir(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		printf("  cannot remove %s\n", dir);
	free(cmd);
}

static const char extra_rule[] =
	"\n[zz-extra]\nindicator = 1\nmessage = extra\npath = zorblax\n"
	"test.path.match = zorblax\ntest.path.nomatch = other\n";

/* A copy of the shipped files is taken from the table (its file names
 * are the copy's); another text, a missing or extra file, --rules DIR, or
 * a directory that is not the shipped one: parsed. */
TEST(test_rules_builtin__only_for_shipped)
{
	char tmpl[] = "/tmp/test_rules_builtin.XXXXXX";
	char *d = mkdtemp(tmpl), *base, *over, *p, *last;
	const struct dpg_known_file *f = dpg_rules_known_files;
	size_t i, n = dpg_rules_nknown;
	struct dpg_ruleset *rs;

	CHECK(d != NULL);
	base = xasprintf("%s/rules", d);
	over = xasprintf("%s/over", d);
	mkdir(base, 0755);
	mkdir(over, 0755);
	for (i = 0; i < dpg_rules_known_nfiles; i++) {
		p = xasprintf("%s/%s", base, f[i].name);
		write_file(p, f[i].text, f[i].len, "w");
		free(p);
	}
	rs = load(base, NULL);
	CHECK(rs && all_builtin(rs));
	CHECK(rs && dpg_ruleset_count(rs) == n);
	CHECK(rs && dpg_starts_with(dpg_ruleset_rule(rs, 0)->file, base));
	dpg_ruleset_free(rs);

	/* --rules DIR (even an empty one) */
	rs = load(base, over);
	CHECK(rs && !all_builtin(rs) && dpg_ruleset_count(rs) == n);
	dpg_ruleset_free(rs);

	/* a rule added at the end of the last file */
	last = xasprintf("%s/%s", base, f[dpg_rules_known_nfiles - 1].name);
	write_file(last, extra_rule, sizeof(extra_rule) - 1, "a");
	rs = load(base, NULL);
	CHECK(rs && !all_builtin(rs) && dpg_ruleset_count(rs) == n + 1);
	CHECK(rs && dpg_ruleset_find(rs, "zz-extra") != NULL);
	dpg_ruleset_free(rs);
	write_file(last, f[dpg_rules_known_nfiles - 1].text,
		   f[dpg_rules_known_nfiles - 1].len, "w");

	/* an extra file */
	p = xasprintf("%s/zz-extra.rules", base);
	write_file(p, extra_rule, sizeof(extra_rule) - 1, "w");
	rs = load(base, NULL);
	CHECK(rs && !all_builtin(rs) && dpg_ruleset_count(rs) == n + 1);
	dpg_ruleset_free(rs);
	unlink(p);
	free(p);

	/* a file missing */
	unlink(last);
	rs = load(base, NULL);
	CHECK(rs && !all_builtin(rs) && dpg_ruleset_count(rs) < n);
	dpg_ruleset_free(rs);
	write_file(last, f[dpg_rules_known_nfiles - 1].text,
		   f[dpg_rules_known_nfiles - 1].len, "w");
	free(last);

	/* the same files, but not the shipped directory: compiled at load */
	setenv("DPGAUDIT_RULES", base, 1);
	dpg_rules_ship_dir(over);
	{
		struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
		struct dpg_error err = DPG_ERROR_INIT;

		rs = NULL;
		CHECK_INT(dpg_ruleset_load(&rs, NULL, &diag, &err), 0);
		CHECK(rs && !all_builtin(rs) && dpg_ruleset_count(rs) == n);
		CHECK(rs && !dpg_ruleset_rule(rs, 0)->lazy);
		dpg_ruleset_free(rs);
		dpg_rules_diag_release(&diag);
	}
	remove_dir(d);
	free(base);
	free(over);
}

/* dpg_rules_fingerprint_dir writes what dpg_cache_hash_dir writes, for
 * the shipped files (from the table) as for any other; a file changed
 * after it is still read at load. */
static int same_fingerprint(const char *dir)
{
	struct dpg_buf a = DPG_BUF_INIT(1 << 20), b = DPG_BUF_INIT(1 << 20);
	struct dpg_error err = DPG_ERROR_INIT;
	int same;

	same = dpg_rules_fingerprint_dir(&a, dir, &err) == 0 &&
	       dpg_cache_hash_dir(&b, dir, ".rules", &err) == 0 &&
	       a.len == b.len && a.len > 0 && !memcmp(a.ptr, b.ptr, a.len);
	dpg_buf_release(&a);
	dpg_buf_release(&b);
	return same;
}

TEST(test_rules_builtin__fingerprint)
{
	char tmpl[] = "/tmp/test_rules_builtin.XXXXXX";
	char *d = mkdtemp(tmpl), *p, *last;
	const struct dpg_known_file *f = dpg_rules_known_files;
	size_t i, nf = dpg_rules_known_nfiles;
	struct dpg_ruleset *rs;

	CHECK(d != NULL && nf > 0);
	CHECK(same_fingerprint("rules"));
	for (i = 0; i < nf; i++) {
		p = xasprintf("%s/%s", d, f[i].name);
		write_file(p, f[i].text, f[i].len, "w");
		free(p);
	}
	CHECK(same_fingerprint(d));
	rs = load(d, NULL);
	CHECK(rs && all_builtin(rs));
	dpg_ruleset_free(rs);

	/* changed after the fingerprint: the load reads it */
	CHECK(same_fingerprint(d));
	last = xasprintf("%s/%s", d, f[nf - 1].name);
	write_file(last, extra_rule, sizeof(extra_rule) - 1, "a");
	rs = load(d, NULL);
	CHECK(rs && !all_builtin(rs) &&
	      dpg_ruleset_count(rs) == dpg_rules_nknown + 1);
	dpg_ruleset_free(rs);
	CHECK(same_fingerprint(d));

	/* a dot file is in the fingerprint (and not loaded) */
	write_file(last, f[nf - 1].text, f[nf - 1].len, "w");
	p = xasprintf("%s/.hidden.rules", d);
	write_file(p, extra_rule, sizeof(extra_rule) - 1, "w");
	CHECK(same_fingerprint(d));
	rs = load(d, NULL);
	CHECK(rs && all_builtin(rs));
	dpg_ruleset_free(rs);
	free(p);
	free(last);
	remove_dir(d);
}

TEST_MAIN("test_rules_builtin", T(test_rules_builtin__equals_parse),
	  T(test_rules_builtin__win_equals_build),
	  T(test_rules_builtin__only_for_shipped),
	  T(test_rules_builtin__fingerprint))
