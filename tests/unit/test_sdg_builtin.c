/*
 * test_sdg_builtin.c: the shipped SDG vocabulary parsed at build time
 * (src/sdg/sdg_int.h: dpg_sdg_builtin, tools/gen-sdg-vocab.c) is what the
 * run-time parse of rules/sdg gives, and is used only for those files,
 * byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/sdg/sdg_int.h"
#include "dpg/buf.h"
#include "dpg/cache.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "test.h"

/* v written as C (vocab_write.c): every field a scan reads. */
static char *as_c(const struct dpg_sdg_vocab *v)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (!f || dpg_sdg_vocab_write(f, v) < 0 || fclose(f) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

/* The table equals the run-time parse, field for field. */
TEST(test_builtin__equals_parse)
{
	struct dpg_sdg_vocab *v = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	char *errors = NULL, *a, *b;

	CHECK_INT(dpg_sdg_vocab_parse(&v, "rules/sdg", NULL, 1, &errors, &err),
		  0);
	CHECK(v && !v->builtin && v->n > 500);
	CHECK_INT(dpg_sdg_builtin.n, v->n);
	a = as_c(v);
	b = as_c(&dpg_sdg_builtin);
	CHECK(a && b);
	if (strcmp(a, b) != 0) {
		size_t i = 0;

		while (a[i] && a[i] == b[i])
			i++;
		printf("  differ at byte %zu: '%.60s' != '%.60s'\n", i, a + i,
		       b + i);
	}
	CHECK(strcmp(a, b) == 0);
	free(a);
	free(b);
	dpg_sdg_vocab_free(v);
	free(errors);
}

/* The table's pre-checks (struct sdg_term: opre; dpg_sdg_pres_write) are
 * those made from their sources at run time, node for node, for every
 * term's pattern and condition; a scan of the table makes none (its
 * terms' pre and cpre stay NULL), and a parsed vocabulary has none. */
TEST(test_builtin__prechecks_made)
{
	struct dpg_sdg_vocab *v = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	char *errors = NULL;
	const struct dpg_sdg_vocab *b = &dpg_sdg_builtin;
	size_t i, same = 0, made = 0;
	int k;

	CHECK(b->n > 500 && b->pres != NULL);
	for (i = 0; i < b->n; i++) {
		const struct sdg_term *t = &b->terms[i];
		const struct dpg_re *cond[] = {&t->near, &t->unless, &t->not_};

		for (k = 0; k < 4; k++) {
			int s = dpg_sdg_pre_builtin_same(t, k);
			int src = !k || dpg_re_present(cond[k - 1]);

			if (s == 0)
				printf("  %s:%u pattern %d differs\n",
				       SDG_FILE(t), t->line, k);
			CHECK_INT(s, src ? 1 : -1);
			same += s == 1;
		}
		/* asked as a scan asks: from the table, none made */
		if (dpg_sdg_pre_of(t))
			made++;
		for (k = 0; k < 3; k++)
			if (dpg_re_present(cond[k]) &&
			    dpg_sdg_cond_pre_of(t, k))
				made++;
		CHECK(t->pre == NULL);
		for (k = 0; k < 3; k++)
			CHECK(t->cpre[k] == NULL);
	}
	printf("  %zu pre-checks of the table the same as made\n", same);
	CHECK(same > 700);
	CHECK_INT(made, same);
	CHECK_INT(dpg_sdg_vocab_parse(&v, "rules/sdg", NULL, 1, &errors, &err),
		  0);
	CHECK(v && !v->builtin && v->pres == NULL);
	for (i = 0; v && i < v->n; i++)
		for (k = 0; k < 4; k++)
			CHECK(v->terms[i].opre[k] == 0);
	dpg_sdg_vocab_free(v);
	free(errors);
}

/* The shipped files give the table (the build's copy is current); so do
 * their copies elsewhere, and scoring with either gives the same. */
TEST(test_builtin__used_for_shipped)
{
	struct dpg_sdg_vocab *v = NULL, *p = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	char *errors = NULL;
	static const char *const texts[] = {
		"A health information system for ministries of health to "
		"track malaria and tuberculosis cases.",
		"Early-warning for floods and drought; climate adaptation and "
		"greenhouse gas emission inventories.",
		"An open data portal about drinking water, sanitation and "
		"hygiene in rural schools, for girls' education."};
	size_t i;
	int g;

	CHECK_INT(dpg_sdg_vocab_load(&v, "rules/sdg", NULL, &errors, &err), 0);
	CHECK(v == &dpg_sdg_builtin);
	dpg_sdg_vocab_free(v); /* nothing to free */
	CHECK(dpg_sdg_builtin.n > 500);
	CHECK_INT(dpg_sdg_vocab_parse(&p, "rules/sdg", NULL, 0, &errors, &err),
		  0);
	for (i = 0; i < DPG_ARRAY_SIZE(texts); i++) {
		struct dpg_sdg_result r1, r2;

		CHECK_INT(dpg_sdg_score(&r1, &dpg_sdg_builtin, texts[i],
					strlen(texts[i]), &err),
			  0);
		CHECK_INT(
			dpg_sdg_score(&r2, p, texts[i], strlen(texts[i]), &err),
			0);
		for (g = 0; g < DPG_SDG_GOALS; g++) {
			CHECK(r1.goals[g].raw == r2.goals[g].raw);
			CHECK_INT(r1.goals[g].hits, r2.goals[g].hits);
			CHECK_INT(r1.goals[g].nexcerpts, r2.goals[g].nexcerpts);
		}
		CHECK(r1.goals[2].raw > 0 || i != 0);
		dpg_sdg_result_release(&r1);
		dpg_sdg_result_release(&r2);
	}
	dpg_sdg_vocab_free(p);
	free(errors);
}

static void copy_shipped(const char *dir)
{
	size_t i;

	mkdir(dir, 0755);
	for (i = 0; i < dpg_sdg_builtin_nfiles; i++) {
		char *p =
			xasprintf("%s/%s", dir, dpg_sdg_builtin_files[i].name);
		FILE *f = fopen(p, "w");

		if (f) {
			fwrite(dpg_sdg_builtin_files[i].text, 1,
			       dpg_sdg_builtin_files[i].len, f);
			fclose(f);
		}
		free(p);
	}
}

static void remove_dir(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		printf("  cannot remove %s\n", dir);
	free(cmd);
}

/* Another text, another file, a missing file or an override: parsed. */
TEST(test_builtin__not_for_others)
{
	char tmpl[] = "/tmp/test_sdg_builtin.XXXXXX";
	char *d = mkdtemp(tmpl), *base, *over, *p;
	struct dpg_sdg_vocab *v = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	char *errors = NULL;
	FILE *f;

	CHECK(d != NULL);
	CHECK(dpg_sdg_builtin_nfiles > 10);
	base = xasprintf("%s/sdg", d);
	over = xasprintf("%s/over", d);
	copy_shipped(base);
	CHECK_INT(dpg_sdg_vocab_load(&v, base, NULL, &errors, &err), 0);
	CHECK(v == &dpg_sdg_builtin);

	/* a term added at the end of the last file */
	p = xasprintf("%s/%s", base,
		      dpg_sdg_builtin_files[dpg_sdg_builtin_nfiles - 1].name);
	f = fopen(p, "a");
	CHECK(f != NULL);
	fputs("4 /zorblax/\n", f);
	fclose(f);
	CHECK_INT(dpg_sdg_vocab_load(&v, base, NULL, &errors, &err), 0);
	CHECK(v != &dpg_sdg_builtin && !v->builtin);
	CHECK_INT(v->n, dpg_sdg_builtin.n + 1);
	dpg_sdg_vocab_free(v);
	unlink(p);
	free(p);

	/* a file missing */
	CHECK_INT(dpg_sdg_vocab_load(&v, base, NULL, &errors, &err), 0);
	CHECK(v != &dpg_sdg_builtin && v->n < dpg_sdg_builtin.n);
	dpg_sdg_vocab_free(v);

	/* an override directory with a file */
	copy_shipped(base);
	mkdir(over, 0755);
	p = xasprintf("%s/99-extra.sdg", over);
	f = fopen(p, "w");
	CHECK(f != NULL);
	fputs("goal 14\n4 /seagrass/\n", f);
	fclose(f);
	free(p);
	CHECK_INT(dpg_sdg_vocab_load(&v, base, over, &errors, &err), 0);
	CHECK(v != &dpg_sdg_builtin);
	CHECK_INT(v->n, dpg_sdg_builtin.n + 1);
	dpg_sdg_vocab_free(v);

	/* an extra file */
	p = xasprintf("%s/99-extra.sdg", base);
	f = fopen(p, "w");
	CHECK(f != NULL);
	fputs("goal 14\n4 /seagrass/\n", f);
	fclose(f);
	free(p);
	CHECK_INT(dpg_sdg_vocab_load(&v, base, NULL, &errors, &err), 0);
	CHECK(v != &dpg_sdg_builtin);
	CHECK_INT(v->n, dpg_sdg_builtin.n + 1);
	dpg_sdg_vocab_free(v);

	remove_dir(d);
	free(base);
	free(over);
	free(errors);
}

/* Does dpg_sdg_fingerprint_dir(dir) write what dpg_cache_hash_dir does? */
static int same_fingerprint(const char *dir)
{
	struct dpg_buf a = DPG_BUF_INIT(1 << 20), b = DPG_BUF_INIT(1 << 20);
	struct dpg_error err = DPG_ERROR_INIT;
	int same;

	same = dpg_sdg_fingerprint_dir(&a, dir, &err) == 0 &&
	       dpg_cache_hash_dir(&b, dir, ".sdg", &err) == 0 &&
	       a.len == b.len && a.len > 0 && !memcmp(a.ptr, b.ptr, a.len);
	dpg_buf_release(&a);
	dpg_buf_release(&b);
	return same;
}

/* The fingerprint of the vocabulary files is the cache's, whatever they
 * are, and a load after it of the same files needs no second read. */
TEST(test_builtin__fingerprint)
{
	char tmpl[] = "/tmp/test_sdg_fp.XXXXXX";
	char *d = mkdtemp(tmpl), *base, *p;
	struct dpg_sdg_vocab *v = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	char *errors = NULL;
	FILE *f;

	CHECK(d != NULL);
	CHECK(same_fingerprint("rules/sdg"));
	base = xasprintf("%s/sdg", d);
	copy_shipped(base);
	CHECK(same_fingerprint(base));
	CHECK_INT(dpg_sdg_vocab_load(&v, base, NULL, &errors, &err), 0);
	CHECK(v == &dpg_sdg_builtin);
	/* a file edited after the fingerprint: read again, and parsed */
	p = xasprintf("%s/%s", base, dpg_sdg_builtin_files[0].name);
	f = fopen(p, "a");
	CHECK(f != NULL);
	fputs("4 /zorblax/\n", f);
	fclose(f);
	CHECK_INT(dpg_sdg_vocab_load(&v, base, NULL, &errors, &err), 0);
	CHECK(v != &dpg_sdg_builtin && v->n == dpg_sdg_builtin.n + 1);
	dpg_sdg_vocab_free(v);
	CHECK(same_fingerprint(base));
	free(p);
	/* a dot file: hashed by the cache, not loaded */
	copy_shipped(base);
	p = xasprintf("%s/.hidden.sdg", base);
	f = fopen(p, "w");
	CHECK(f != NULL);
	fputs("goal 1\n", f);
	fclose(f);
	CHECK(same_fingerprint(base));
	CHECK_INT(dpg_sdg_vocab_load(&v, base, NULL, &errors, &err), 0);
	CHECK(v == &dpg_sdg_builtin);
	free(p);
	remove_dir(d);
	free(base);
	free(errors);
}

TEST_MAIN("test_sdg_builtin", T(test_builtin__equals_parse),
	  T(test_builtin__prechecks_made), T(test_builtin__used_for_shipped),
	  T(test_builtin__not_for_others), T(test_builtin__fingerprint))
