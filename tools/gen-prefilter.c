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
 * It appends the rules themselves, as dpg_ruleset_load and
 * dpg_ruleset_compile leave them, their literals, anchor set and files
 * (src/rules/rules_write.c: dpg_rules_known, taken by a scan whose
 * shipped rule files are these, byte for byte).
 * Linked without the table it writes (empty ones are in
 * tools/gen-common.c, with the reading of the files).
 * Rules or a vocabulary that do not load leave their patterns out (a
 * scan parses them; tests/unit/test_shipped.c names the problem): the
 * build does not fail on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/buf.h"
#include "dpg/rules.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "rules/pf_known.h"
#include "rules/re_known.h"
#include "rules/rules_int.h"
#include "sdg/sdg_int.h"
#include "gen-common.h"

struct pats {
	const char **srcs;
	uint32_t *flags;
	size_t n, cap;
};

static void add_pat(struct pats *p, const char *src, uint32_t flags)
{
	if (!src)
		return;
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 256;
		p->srcs = xrealloc(p->srcs, p->cap * sizeof(*p->srcs));
		p->flags = xrealloc(p->flags, p->cap * sizeof(*p->flags));
	}
	p->srcs[p->n] = src;
	p->flags[p->n++] = flags;
}

/* A pattern as a scan sets it up: the source and options it is compiled
 * with at its first use, or (compiled at load: may be anchored) those
 * compile_one() in src/rules/eval.c gives key's source. */
static void add_re(struct pats *p, const struct dpg_re *re, const char *key,
		   const char *src)
{
	if (re->src)
		add_pat(p, re->src, re->flags);
	else if (dpg_re_present(re) && key)
		add_pat(p, src,
			dpg_rules_key_flags(key) |
				(strcmp(key, "content") == 0
					 ? PCRE2_USE_OFFSET_LIMIT
					 : 0) |
				PCRE2_UTF | PCRE2_MATCH_INVALID_UTF);
}

static void add_rule(struct pats *p, const struct dpg_rule *r)
{
	static const char *const keys[] = {"path", "not-path", "content",
					   "value", "dependency"};
	const struct dpg_rule_re *res[] = {r->re_path, r->re_not_path,
					   r->re_content, r->re_value,
					   r->re_dependency};
	const char *srcs[] = {r->path, r->not_path, r->content, r->value,
			      r->dependency};
	size_t k;

	for (k = 0; k < DPG_ARRAY_SIZE(keys); k++)
		if (res[k])
			add_re(p, &res[k]->re, keys[k], srcs[k]);
}

int main(int argc, char **argv)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_sdg_vocab *v = NULL;
	const char **srcs = NULL;
	struct pats pats = {NULL, NULL, 0, 0};
	size_t n = 0, cap = 0, i;
	struct dpg_known_file *files = NULL;
	long nfiles;
	int table = 1;
	char *sdg, *errors = NULL;
	FILE *out;

	if (argc != 3) {
		fprintf(stderr, "usage: gen-prefilter RULES_DIR OUT.c\n");
		return 64;
	}
	/* set up as a scan sets up the shipped rules (compiled at first
	   use), for the codes it compiles */
	dpg_rules_ship_dir(argv[1]);
	nfiles = gen_read_files("gen-prefilter", argv[1], ".rules",
				DPG_RULES_MAX_FILE_SIZE, &files);
	rs->lazy = 1;
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
	rs->lazy = 0;
	if (dpg_ruleset_compile(rs, &diag, &err) >= 0)
		for (i = 0; i < dpg_ruleset_count(rs); i++)
			add_rule(&pats, dpg_ruleset_rule(rs, i));
	else
		table = 0; /* no table of the rules: a scan parses them */
	for (i = 0; v && i < v->n; i++) {
		add_re(&pats, &v->terms[i].re, NULL, NULL);
		add_re(&pats, &v->terms[i].near, NULL, NULL);
		add_re(&pats, &v->terms[i].unless, NULL, NULL);
		add_re(&pats, &v->terms[i].not_, NULL, NULL);
	}
	out = fopen(argv[2], "w");
	if (!out || dpg_rules_prefilter_write(out, srcs, n) < 0 ||
	    dpg_re_known_write(out, pats.srcs, pats.flags, pats.n) < 0 ||
	    dpg_rules_known_write(out, rs, files,
				  table && nfiles > 0 ? (size_t)nfiles : 0) <
		    0 ||
	    fclose(out) != 0) {
		fprintf(stderr, "gen-prefilter: cannot write %s\n", argv[2]);
		return 73;
	}
	fprintf(stderr, "gen-prefilter: %zu patterns, %zu codes\n", n,
		pats.n);
	gen_free_files(files, nfiles > 0 ? (size_t)nfiles : 0);
	free(pats.srcs);
	free(pats.flags);
	free(srcs);
	free(sdg);
	free(errors);
	dpg_sdg_vocab_free(v);
	dpg_rules_diag_release(&diag);
	dpg_ruleset_free(rs);
	return 0;
}
