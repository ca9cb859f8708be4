/*
 * gen-prefilter: the required literals and anchors of every shipped
 * pattern, computed once when dpgaudit is built.
 *
 *   gen-prefilter RULES_DIR OUT.c
 *
 * Loads the rules of RULES_DIR and the SDG vocabulary of RULES_DIR/sdg as
 * a scan does, and writes OUT.c: the table of src/rules/pf_known.h, made
 * by prefilter.c's own parse (dpg_rules_prefilter_write) for each pattern
 * whose literals a scan asks for (the rules' content and path patterns,
 * the terms' wrapped patterns).  A scan then finds them there instead of
 * parsing ~700 patterns at its start (src/rules/prefilter.c: parse).
 * Linked without the table it writes (an empty one is defined here).
 * Rules or a vocabulary that do not load leave their patterns out (a
 * scan parses them; tests/unit/test_shipped.c names the problem): the
 * build does not fail on them.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dpg/rules.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "rules/pf_known.h"
#include "sdg/sdg_int.h"

const struct dpg_pf_known dpg_pf_known[] = {
	{NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL}};
const size_t dpg_pf_nknown = 0;
/* nor the SDG vocabulary's (tools/gen-sdg-vocab.c) */
struct dpg_sdg_vocab dpg_sdg_builtin;
const struct dpg_sdg_file dpg_sdg_builtin_files[1];
const size_t dpg_sdg_builtin_nfiles = 0;

int main(int argc, char **argv)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_sdg_vocab *v = NULL;
	const char **srcs = NULL;
	size_t n = 0, cap = 0, i;
	char *sdg, *errors = NULL;
	FILE *out;

	if (argc != 3) {
		fprintf(stderr, "usage: gen-prefilter RULES_DIR OUT.c\n");
		return 64;
	}
	if (dpg_ruleset_load_dir(rs, argv[1], 0, &diag, &err) < 0) {
		fprintf(stderr, "gen-prefilter: rules left out: %s\n",
			err.msg);
		dpg_ruleset_free(rs);
		rs = dpg_ruleset_new();
	}
	sdg = xasprintf("%s/sdg", argv[1]);
	if (dpg_sdg_vocab_load(&v, sdg, NULL, &errors, &err) < 0) {
		fprintf(stderr, "gen-prefilter: vocabulary left out: %s\n",
			errors ? errors : err.msg);
		v = NULL;
	}
	for (i = 0; i < dpg_ruleset_count(rs); i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(rs, i);

		dpg_grow(&srcs, &cap, n + 2, sizeof(*srcs));
		if (r->content)
			srcs[n++] = r->content;
		if (r->path)
			srcs[n++] = r->path;
	}
	for (i = 0; v && i < v->n; i++) {
		dpg_grow(&srcs, &cap, n + 1, sizeof(*srcs));
		srcs[n++] = v->terms[i].wrapped;
	}
	out = fopen(argv[2], "w");
	if (!out || dpg_rules_prefilter_write(out, srcs, n) < 0 ||
	    fclose(out) != 0) {
		fprintf(stderr, "gen-prefilter: cannot write %s\n", argv[2]);
		return 73;
	}
	fprintf(stderr, "gen-prefilter: %zu patterns\n", n);
	free(srcs);
	free(sdg);
	free(errors);
	dpg_sdg_vocab_free(v);
	dpg_rules_diag_release(&diag);
	dpg_ruleset_free(rs);
	return 0;
}
