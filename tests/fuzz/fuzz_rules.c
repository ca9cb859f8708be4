/*
 * fuzz_rules.c: libFuzzer target for the rule parser and compiler
 * (src/rules/parse.c): the input is one rule file.  When it compiles, its
 * own examples are run (the evaluator on patterns from the input) and a
 * few files are evaluated against it.
 *
 * Checks: no crash or leak; a load that fails has a message; every rule
 * of a compiled ruleset has an id, an indicator and a file:line.
 */
#include "fuzz.h"
#include "dpg/scan.h"

static int hit(void *ctx, const struct dpg_rule_hit *h)
{
	(void)ctx;
	if (!h->rule || (h->match_len && !h->match))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	static const char text[] = "Copyright 2024 Example\nprivacy policy\n"
				   "{\"name\": \"x\", \"license\": \"MIT\"}\n";
	int rc;
	size_t i;

	rc = dpg_ruleset_parse(rs, "fuzz.rules", (const char *)data, size, 0,
			       &diag, &err);
	if (rc < 0 && !err.msg[0])
		abort();
	if (rc >= 0 && dpg_ruleset_compile(rs, &diag, &err) == 0) {
		for (i = 0; i < dpg_ruleset_count(rs); i++) {
			const struct dpg_rule *r = dpg_ruleset_rule(rs, i);

			if (!r->id || !r->file || !r->line)
				abort();
		}
		dpg_ruleset_test(rs, &diag);
		dpg_ruleset_want(rs, "README.md");
		dpg_ruleset_eval_file(rs, "README.md", text, sizeof(text) - 1,
				      hit, NULL, &err);
		dpg_ruleset_eval_file(rs, "package.json", text,
				      sizeof(text) - 1, hit, NULL, &err);
	}
	dpg_rules_diag_release(&diag);
	dpg_ruleset_free(rs);
	return 0;
}
