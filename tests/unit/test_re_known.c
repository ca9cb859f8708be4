/*
 * test_re_known.c: the shipped patterns' codes made when dpgaudit is
 * built (src/rules/re_known.h) are current: each is what compiling its
 * source gives now, and decodes.  And a scan compiles none of the shipped
 * rules' and vocabulary's patterns: set up as a scan sets them up, each
 * used once, pcre2_compile() (counted here) is never called.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/rules/re_known.h"
#include "../../src/rules/rules_int.h"
#include "../../src/sdg/sdg_int.h"
#include "dpg/prefilter.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "test.h"

typedef pcre2_code *(*compile_fn)(PCRE2_SPTR, PCRE2_SIZE, uint32_t, int *,
				  PCRE2_SIZE *, pcre2_compile_context *);

static int compiles; /* calls of pcre2_compile() */

/* The library's, counted: this definition comes first for the code linked
 * into this test, or, in a static link, the linker's --wrap (Makefile)
 * sends the calls here. */
#ifdef DPG_LINK_STATIC
pcre2_code *__real_pcre2_compile_8(PCRE2_SPTR, PCRE2_SIZE, uint32_t, int *,
				   PCRE2_SIZE *, pcre2_compile_context *);
pcre2_code *__wrap_pcre2_compile_8(PCRE2_SPTR src, PCRE2_SIZE len,
				   uint32_t opts, int *ec, PCRE2_SIZE *off,
				   pcre2_compile_context *ctx);
#define COUNTED __wrap_pcre2_compile_8
#else
#define COUNTED pcre2_compile_8
#endif
pcre2_code *COUNTED(PCRE2_SPTR src, PCRE2_SIZE len, uint32_t opts, int *ec,
		    PCRE2_SIZE *off, pcre2_compile_context *ctx)
{
#ifdef DPG_LINK_STATIC
	compile_fn f = __real_pcre2_compile_8;
#else
	void *p = dlsym(RTLD_NEXT, "pcre2_compile_8");
	compile_fn f;

	memcpy(&f, &p, sizeof(f));
#endif
	compiles++;
	return f(src, len, opts, ec, off, ctx);
}

TEST(test_re_known__current)
{
	pcre2_code *code;
	char msg[300];

	CHECK(dpg_re_nknown > 500);
	CHECK_INT(dpg_re_known_check(), 0);
	/* what is not there is compiled (and counted here) */
	CHECK(dpg_re_precompiled("not(a)shipped[pattern]", 0) == NULL);
	compiles = 0;
	code = dpg_rules_re_compile("not(a)shipped[pattern]", 0, msg,
				    sizeof(msg));
	CHECK(code != NULL);
	CHECK_INT(compiles, 1);
	pcre2_code_free(code);
	CHECK(dpg_re_precompiled(dpg_re_known_srcs + dpg_re_known[0].src,
				 dpg_re_known[0].flags ^ PCRE2_CASELESS) ==
	      NULL);
}

/* Use re once (compiled or decoded at its first use). */
static void use(struct dpg_re *re)
{
	if (dpg_re_present(re))
		(void)dpg_re_code(re, 0);
}

TEST(test_re_known__no_shipped_pattern_compiled)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_sdg_vocab *v = NULL;
	char *errors = NULL;
	size_t i, n = 0;

	dpg_rules_ship_dir("rules"); /* as an installed dpgaudit's */
	compiles = 0;
	rs->lazy = 1;
	CHECK(dpg_ruleset_load_dir(rs, "rules", 0, &diag, &err) > 50);
	rs->lazy = 0;
	CHECK(dpg_ruleset_compile(rs, &diag, &err) >= 0);
	for (i = 0; i < dpg_ruleset_count(rs); i++) {
		struct dpg_rule *r = (struct dpg_rule *)dpg_ruleset_rule(rs, i);
		struct dpg_rule_re *res[] = {r->re_path, r->re_not_path,
					     r->re_content, r->re_value,
					     r->re_dependency};
		size_t k;

		for (k = 0; k < DPG_ARRAY_SIZE(res); k++)
			if (res[k]) {
				use(&res[k]->re);
				n++;
			}
	}
	CHECK_INT(dpg_sdg_vocab_load(&v, "rules/sdg", NULL, &errors, &err), 0);
	for (i = 0; v && i < v->n; i++) {
		use(&v->terms[i].re);
		use(&v->terms[i].near);
		use(&v->terms[i].unless);
		use(&v->terms[i].not_);
		n += 4;
	}
	CHECK(n > 1000);
	CHECK_INT(compiles, 0);
	dpg_sdg_vocab_free(v);
	free(errors);
	dpg_rules_diag_release(&diag);
	dpg_ruleset_free(rs);
}

TEST_MAIN("test_re_known", T(test_re_known__current),
	  T(test_re_known__no_shipped_pattern_compiled))
