/*
 * test_shipped.c: every pattern of the shipped rules and vocabulary
 * compiles.  A scan compiles the shipped patterns only at their first use
 * (dpg_rules_shipped), so a bad one would surface in some scan only, as a
 * bug: this test names its file:line instead.  Also: the content patterns
 * a scan compiles lazily are those dpg_rules_may_anchor() clears, which
 * must have no back reference and not be anchored (eval.c needs to know).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/rules/rules_int.h"
#include "dpg/buf.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "test.h"

TEST(test_shipped__rules_compile)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	size_t i, checked = 0;

	/* loaded as a user's directory: every pattern compiled at load */
	CHECK(dpg_ruleset_load_dir(rs, "rules", 0, &diag, &err) > 50);
	CHECK_INT(dpg_ruleset_compile(rs, &diag, &err), 0);
	for (i = 0; i < diag.n; i++)
		fprintf(stderr, "  shipped rule: %s\n", diag.msgs[i]);
	CHECK_INT(diag.n, 0);
	for (i = 0; i < dpg_ruleset_count(rs); i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(rs, i);
		char msg[300];
		pcre2_code *code;
		uint32_t n = 0;

		CHECK(!r->lazy);
		if (!r->content || dpg_rules_may_anchor(r->content))
			continue;
		code = dpg_rules_re_compile(r->content,
					    dpg_rules_key_flags("content"), msg,
					    sizeof(msg));
		CHECK(code != NULL);
		if (!code)
			continue;
		CHECK_INT(pcre2_pattern_info(code, PCRE2_INFO_BACKREFMAX, &n),
			  0);
		if (n)
			fprintf(stderr, "  %s:%u: back reference\n", r->file,
				r->line);
		CHECK_INT(n, 0);
		CHECK_INT(pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &n),
			  0);
		if (n & PCRE2_ANCHORED)
			fprintf(stderr, "  %s:%u: anchored\n", r->file,
				r->line);
		CHECK(!(n & PCRE2_ANCHORED));
		pcre2_code_free(code);
		checked++;
	}
	CHECK(checked > 20);
	dpg_rules_diag_release(&diag);
	dpg_ruleset_free(rs);
}

TEST(test_shipped__may_anchor)
{
	CHECK(!dpg_rules_may_anchor("(?i)privacy policy"));
	CHECK(!dpg_rules_may_anchor("\\bGDPR\\b|\\d+ days"));
	CHECK(dpg_rules_may_anchor("^# Title"));
	CHECK(dpg_rules_may_anchor("\\Afoo"));
	CHECK(dpg_rules_may_anchor("(?s).*foo"));
	CHECK(dpg_rules_may_anchor("(a)b\\1"));
	CHECK(dpg_rules_may_anchor("(?<x>a)\\k<x>"));
	CHECK(dpg_rules_may_anchor("(?<x>a)\\g{x}"));
	CHECK(dpg_rules_may_anchor("(?P<x>a)(?P=x)"));
}

TEST(test_shipped__vocabulary_compiles)
{
	struct dpg_sdg_vocab *v = dpg_sdg_vocab_new();
	struct dpg_error err = DPG_ERROR_INIT;
	DIR *d = opendir("rules/sdg");
	struct dirent *de;
	int files = 0;

	CHECK(d != NULL);
	while (d && (de = readdir(d)) != NULL) {
		struct dpg_buf b = DPG_BUF_INIT(1 << 20);
		char *path, *errors = NULL;

		if (!dpg_ends_with(de->d_name, ".sdg"))
			continue;
		path = xasprintf("rules/sdg/%s", de->d_name);
		CHECK_INT(dpg_buf_read_file(&b, path, "vocabulary", 0, &err),
			  0);
		/* dpg_sdg_vocab_add_text compiles every pattern */
		if (dpg_sdg_vocab_add_text(v, path, b.ptr, b.len, &errors,
					   &err) < 0)
			fprintf(stderr, "%s", errors ? errors : err.msg);
		CHECK(errors == NULL);
		free(errors);
		free(path);
		dpg_buf_release(&b);
		files++;
	}
	if (d)
		closedir(d);
	CHECK_INT(files, 17);
	CHECK(dpg_sdg_vocab_count(v, 0) > 500);
	dpg_sdg_vocab_free(v);
}

TEST_MAIN("test_shipped", T(test_shipped__rules_compile),
	  T(test_shipped__may_anchor), T(test_shipped__vocabulary_compiles))
