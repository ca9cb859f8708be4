/*
 * test_rules.c: the rule parser (every error path) and the evaluator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/rules.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "../../src/rules/rules_int.h"
#include "test.h"

#define GOOD_RULE                                                              \
	"# a comment\n"                                                        \
	"[privacy-policy-file]\n"                                              \
	"indicator = 7\n"                                                      \
	"path = (?i)(^|/)privacy([-_ ]?policy)?(\\.(md|txt|rst|html?))?$\n"    \
	"strength = strong\n"                                                  \
	"message = privacy policy document\n"                                  \
	"test.path.match = docs/PRIVACY.md\n"                                  \
	"test.path.nomatch = src/privacy.c\n"

/* Parse text as a rules file named "t.rules"; returns the parse result. */
static int parse(struct dpg_ruleset *rs, const char *text,
		 struct dpg_rules_diag *d)
{
	struct dpg_error err = DPG_ERROR_INIT;

	return dpg_ruleset_parse(rs, "t.rules", text, strlen(text), 0, d, &err);
}

/* Parse bad text; check that it fails with exactly one diagnostic that
 * contains want.  Returns 1 when so. */
static int fails_with(const char *text, const char *want)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	int rc = parse(rs, text, &d), ok;

	ok = rc == DPG_EINPUT && d.n == 1 && strstr(d.msgs[0], want);
	if (!ok) {
		size_t i;

		printf("    rc %d, %zu messages:\n", rc, d.n);
		for (i = 0; i < d.n; i++)
			printf("    | %s\n", d.msgs[i]);
	}
	dpg_rules_diag_release(&d);
	dpg_ruleset_free(rs);
	return ok;
}

TEST(test_rules__parse_good)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	const struct dpg_rule *r;
	int rc = parse(rs, GOOD_RULE, &d);

	CHECK_INT(rc, 1);
	CHECK_INT(d.n, 0);
	r = dpg_ruleset_find(rs, "privacy-policy-file");
	CHECK(r != NULL);
	CHECK_INT(r->indicator, DPG_IND_PRIVACY);
	CHECK(r->strength == 1.0);
	CHECK_STR(r->message, "privacy policy document");
	CHECK_STR(r->file, "t.rules");
	CHECK_INT(r->line, 2);
	CHECK_INT(r->nexamples, 2);
	CHECK_STR(dpg_rule_kind(r), "path");
	CHECK_INT(dpg_ruleset_compile(rs, &d, &err), 0);
	CHECK_INT(dpg_ruleset_test(rs, &d), 0);
	dpg_ruleset_free(rs);
}

TEST(test_rules__bom_and_crlf)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;

	CHECK_INT(parse(rs,
			"\xEF\xBB\xBF[a]\r\nindicator = 7\r\nmessage = m\r\n"
			"path = x\r\ntest.path.match = x\r\n"
			"test.path.nomatch = y\r\n",
			&d),
		  1);
	CHECK_STR(dpg_ruleset_rule(rs, 0)->message, "m");
	dpg_ruleset_free(rs);
}

TEST(test_rules__error_unknown_key)
{
	CHECK(fails_with("[a]\nindicator = 7\ncolour = red\nmessage = m\n"
			 "path = x\ntest.path.match = x\n"
			 "test.path.nomatch = y\n",
			 "t.rules:3: unknown key 'colour'"));
}

TEST(test_rules__error_bad_regex_with_position)
{
	CHECK(fails_with("[a]\nindicator = 7\nmessage = m\npath = ab(c\n"
			 "test.path.match = abc\ntest.path.nomatch = y\n",
			 "t.rules:4: bad pattern in 'path' at offset 4: "
			 "missing closing parenthesis"));
}

TEST(test_rules__error_missing_id)
{
	CHECK(fails_with("[ ]\nindicator = 7\nmessage = m\npath = x\n"
			 "test.path.match = x\ntest.path.nomatch = y\n",
			 "t.rules:1: missing rule id"));
	CHECK(fails_with("indicator = 7\n", "t.rules:1: 'indicator' outside "
					    "of a rule"));
	CHECK(fails_with("[bad id!]\n", "t.rules:1: invalid rule id"));
	CHECK(fails_with("[open\n", "t.rules:1: bad rule header"));
}

TEST(test_rules__error_duplicate_id)
{
	CHECK(fails_with(GOOD_RULE "\n" GOOD_RULE,
			 "t.rules:11: duplicate rule id 'privacy-policy-file' "
			 "(first defined at t.rules:2)"));
}

TEST(test_rules__error_unknown_indicator)
{
	CHECK(fails_with("[a]\nindicator = 10\nmessage = m\npath = x\n"
			 "test.path.match = x\ntest.path.nomatch = y\n",
			 "t.rules:2: unknown indicator '10'"));
	CHECK(fails_with("[a]\nmessage = m\npath = x\n"
			 "test.path.match = x\ntest.path.nomatch = y\n",
			 "t.rules:1: rule 'a' has no 'indicator'"));
}

TEST(test_rules__error_no_examples)
{
	CHECK(fails_with("[a]\nindicator = 7\nmessage = m\npath = x\n"
			 "test.path.match = x\n",
			 "t.rules:1: rule 'a' has no negative example"));
	CHECK(fails_with("[a]\nindicator = 7\nmessage = m\npath = x\n"
			 "test.path.nomatch = y\n",
			 "t.rules:1: rule 'a' has no positive example"));
	/* a content rule needs content examples, path ones are not enough */
	CHECK(fails_with("[a]\nindicator = 7\nmessage = m\npath = x\n"
			 "content = GDPR\ntest.path.match = x\n"
			 "test.path.nomatch = y\ntest.content.match = GDPR\n",
			 "rule 'a' has no negative example (test.content."
			 "nomatch)"));
}

TEST(test_rules__error_misc)
{
	CHECK(fails_with("[a]\nindicator = 7\nindicator = 8\nmessage = m\n"
			 "path = x\ntest.path.match = x\n"
			 "test.path.nomatch = y\n",
			 "t.rules:3: duplicate key 'indicator' (first at line "
			 "2)"));
	CHECK(fails_with("[a]\nindicator = 7\nmessage = m\npath = x\n"
			 "strength = huge\ntest.path.match = x\n"
			 "test.path.nomatch = y\n",
			 "t.rules:5: bad strength 'huge'"));
	CHECK(fails_with("[a]\nindicator = 7\nmessage = m\ncontent = x\n"
			 "test.content.match = x\ntest.content.nomatch = y\n",
			 "'content' needs a 'path' or a 'scope'"));
	CHECK(fails_with("[a]\nindicator = 7\nmessage = m\npath = x\n"
			 "test.path.match = x\ntest.path.nomatch = y\n"
			 "test.paths.match = z\n",
			 "t.rules:7: unknown key 'test.paths.match'"));
	CHECK(fails_with("[a]\nindicator = 7\nmessage = m\npath = x\n"
			 "just words\ntest.path.match = x\n"
			 "test.path.nomatch = y\n",
			 "t.rules:5: expected 'key = value'"));
	CHECK(fails_with("[a]\nindicator = 7\npath = x\n"
			 "test.path.match = x\ntest.path.nomatch = y\n",
			 "rule 'a' has no 'message'"));
	CHECK(fails_with("[a]\nindicator = 7\nmessage = m\n"
			 "test.path.match = x\ntest.path.nomatch = y\n",
			 "rule 'a' has no 'path', 'content', 'field' or "
			 "'dependency' pattern"));
}

TEST(test_rules__all_errors_collected)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	const char *text = "[a]\nindicator = 12\nmessage = m\npath = (\n"
			   "test.path.match = x\ntest.path.nomatch = y\n"
			   "[b]\nindicator = 5\nmessage = m\npath = x\n"
			   "nonsense = 1\ntest.path.match = x\n"
			   "test.path.nomatch = y\n" GOOD_RULE;
	int rc;

	rc = dpg_ruleset_parse(rs, "t.rules", text, strlen(text), 0, &d, &err);
	CHECK_INT(rc, DPG_EINPUT);
	CHECK_INT(d.n, 3);
	CHECK(strstr(d.msgs[0], "t.rules:2: unknown indicator '12'"));
	CHECK(strstr(d.msgs[1], "t.rules:4: bad pattern in 'path'"));
	CHECK(strstr(d.msgs[2], "t.rules:11: unknown key 'nonsense'"));
	CHECK(strstr(err.msg, "t.rules:2:"));
	/* the valid rule was still read */
	CHECK(dpg_ruleset_find(rs, "privacy-policy-file") != NULL);
	CHECK(dpg_ruleset_find(rs, "a") == NULL);
	dpg_rules_diag_release(&d);
	dpg_ruleset_free(rs);
}

TEST(test_rules__empty_match_rejected)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;

	CHECK_INT(parse(rs,
			"[a]\nindicator = 5\nmessage = m\npath = x*\n"
			"test.path.match = x\ntest.path.nomatch = y\n",
			&d),
		  1);
	CHECK_INT(dpg_ruleset_compile(rs, &d, &err), DPG_EINPUT);
	CHECK_INT(d.n, 1);
	CHECK(strstr(d.msgs[0], "t.rules:1: rule 'a': 'path' matches an "
				"empty string"));
	dpg_rules_diag_release(&d);
	dpg_ruleset_free(rs);
}

TEST(test_rules__override_and_disable)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	const char *over = "[privacy-policy-file]\nindicator = 7\n"
			   "message = mine\npath = (?i)privacy\n"
			   "test.path.match = PRIVACY\n"
			   "test.path.nomatch = README\n";
	const char *off = "[privacy-policy-file]\nenabled = no\n";

	CHECK_INT(parse(rs, GOOD_RULE, &d), 1);
	/* a second load without override: the id is taken */
	CHECK_INT(dpg_ruleset_load_file(rs, "/nonexistent.rules", 0, &d, &err),
		  DPG_ENOTFOUND);
	dpg_rules_diag_release(&d);
	CHECK_INT(dpg_ruleset_parse(rs, "user.rules", over, strlen(over), 0, &d,
				    &err),
		  DPG_EINPUT);
	CHECK(strstr(d.msgs[0], "already defined at t.rules:2"));
	dpg_rules_diag_release(&d);
	/* with override it replaces the shipped rule */
	CHECK_INT(dpg_ruleset_parse(rs, "user.rules", over, strlen(over), 1, &d,
				    &err),
		  1);
	CHECK_INT(dpg_ruleset_count(rs), 1);
	CHECK_STR(dpg_ruleset_rule(rs, 0)->message, "mine");
	CHECK_STR(dpg_ruleset_rule(rs, 0)->file, "user.rules");
	/* and "enabled = no" removes it */
	CHECK_INT(dpg_ruleset_parse(rs, "off.rules", off, strlen(off), 1, &d,
				    &err),
		  0);
	CHECK_INT(dpg_ruleset_count(rs), 0);
	dpg_ruleset_free(rs);
}

/* ---- evaluation ---- */

struct hits {
	char ids[16][64];
	unsigned int lines[16];
	char lines_text[16][128];
	int n;
};

static int collect(void *ctx, const struct dpg_rule_hit *h)
{
	struct hits *hs = ctx;

	if (hs->n < 16) {
		snprintf(hs->ids[hs->n], sizeof(hs->ids[0]), "%s", h->rule->id);
		hs->lines[hs->n] = h->line;
		snprintf(hs->lines_text[hs->n], sizeof(hs->lines_text[0]),
			 "%.*s", (int)h->line_len,
			 h->line_text ? h->line_text : "");
	}
	hs->n++;
	return 0;
}

static int has_hit(const struct hits *hs, const char *id, unsigned int line)
{
	int i;

	for (i = 0; i < hs->n && i < 16; i++)
		if (strcmp(hs->ids[i], id) == 0 && hs->lines[i] == line)
			return 1;
	return 0;
}

#define EVAL_RULES                                                             \
	"[readme]\nindicator = 5\nmessage = README\n"                          \
	"path = (?i)^readme(\\.md)?$\n"                                        \
	"test.path.match = README.md\ntest.path.nomatch = docs/x.md\n"         \
	"[gdpr]\nindicator = 7\nmessage = GDPR named\n"                        \
	"path = (?i)\\.(md|txt)$\nnot-path = (?i)^changelog\n"                 \
	"content = \\bGDPR\\b\n"                                               \
	"content = General Data Protection Regulation\n"                       \
	"test.content.match = we follow the GDPR\n"                            \
	"test.content.nomatch = GDPRS\n"                                       \
	"[gdpr-compliance]\nindicator = 7\nmessage = GDPR compliance\n"        \
	"path = (?i)\\.md$\ncontent = (?i)GDPR complian\n"                     \
	"test.content.match = GDPR compliance\n"                               \
	"test.content.nomatch = GDPR\n"                                        \
	"[install-heading]\nindicator = 5\nmessage = install section\n"        \
	"path = (?i)^readme\ncontent = (?i)^#+\\s*install\n"                   \
	"test.content.match = intro\\n## Installation\n"                       \
	"test.content.nomatch = to install it\n"                               \
	"[backref]\nindicator = 8\nmessage = repeated word\n"                  \
	"path = (?i)\\.md$\ncontent = \\b(\\w{4,}) \\1\\b\n"                   \
	"test.content.match = the the words words\n"                           \
	"test.content.nomatch = the words\n"                                   \
	"[mapbox]\nindicator = 4\nmessage = Mapbox GL JS v2+\n"                \
	"dependency = ^npm:mapbox-gl@[~^>=v ]*([2-9]|[1-9][0-9])\n"            \
	"test.dependency.match = npm:mapbox-gl@^2.1.0\n"                       \
	"test.dependency.nomatch = npm:mapbox-gl@1.13.0\n"

static struct dpg_ruleset *eval_rules(void)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;

	if (parse(rs, EVAL_RULES, &d) != 6 ||
	    dpg_ruleset_compile(rs, &d, &err) < 0) {
		size_t i;

		for (i = 0; i < d.n; i++)
			printf("    | %s\n", d.msgs[i]);
		dpg_rules_diag_release(&d);
		dpg_ruleset_free(rs);
		return NULL;
	}
	return rs;
}

TEST(test_rules__examples_pass)
{
	struct dpg_ruleset *rs = eval_rules();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;

	CHECK(rs != NULL);
	CHECK_INT(dpg_ruleset_test(rs, &d), 0);
	dpg_ruleset_free(rs);
}

TEST(test_rules__examples_fail_reported)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;

	CHECK_INT(parse(rs,
			"[a]\nindicator = 7\nmessage = m\npath = x\n"
			"content = GDPR\ntest.content.match = gdpr\n"
			"test.content.nomatch = GDPR\n",
			&d),
		  1);
	CHECK_INT(dpg_ruleset_compile(rs, &d, &err), 0);
	CHECK_INT(dpg_ruleset_test(rs, &d), 2);
	CHECK(strstr(d.msgs[0], "t.rules:6: rule 'a': content example 'gdpr' "
				"does not match"));
	CHECK(strstr(d.msgs[1], "t.rules:7: rule 'a': content example 'GDPR' "
				"matches but must not"));
	dpg_rules_diag_release(&d);
	dpg_ruleset_free(rs);
}

TEST(test_rules__want_from_path)
{
	struct dpg_ruleset *rs = eval_rules();

	CHECK(rs != NULL);
	CHECK_INT(dpg_ruleset_want(rs, "README.md"), DPG_WANT_CONTENT);
	CHECK_INT(dpg_ruleset_want(rs, "docs/guide.md"), DPG_WANT_CONTENT);
	CHECK_INT(dpg_ruleset_want(rs, "CHANGELOG.txt"), 0);
	CHECK_INT(dpg_ruleset_want(rs, "src/main.c"), 0);
	CHECK_INT(dpg_ruleset_want(rs, "README"), DPG_WANT_CONTENT);
	dpg_ruleset_free(rs);
}

/* A ruleset of one content rule with this path filter (and not-path). */
static struct dpg_ruleset *one_filter(const char *path, const char *not_path)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	char text[1024];

	snprintf(text, sizeof(text),
		 "[r]\nindicator = 5\nmessage = m\npath = %s\n%s%s%s"
		 "content = x\ntest.content.match = x\ntest.content.nomatch = "
		 "y\n",
		 path, not_path ? "not-path = " : "", not_path ? not_path : "",
		 not_path ? "\n" : "");
	if (parse(rs, text, &d) != 1 || dpg_ruleset_compile(rs, &d, &err) < 0) {
		dpg_rules_diag_release(&d);
		dpg_ruleset_free(rs);
		return NULL;
	}
	return rs;
}

/* Filters that list extensions (alone or beside alternatives with
 * literals) are decided by a lookup of the path's extension, not by
 * PCRE2: the same answers as a pattern that means the same but is not
 * recognised as such ("(?:...)" around the list), on paths where the two
 * could part: case, no or an empty extension, a dot in a directory, a
 * final newline ($ matches before it), KELVIN SIGN and LONG S (caseless
 * UTF matching equates them with k and s). */
TEST(test_rules__extension_filters_as_patterns)
{
	static const char *const filters[][3] = {
		{"(?i)\\.(c|h|cc|kt|ya?ml|jinja2?)$",
		 "(?i)\\.(?:c|h|cc|kt|ya?ml|jinja2?)$", NULL},
		{"(?:(?i)\\.(json|ya?ml)$)", "(?:(?i)\\.(?:json|ya?ml)$)",
		 "(?i)(^|/)package\\.json$"},
		{"(?:(?i)(^|/)readme([.-][^/]*)?$)|(?:(?i)(^|/)(docs?|wiki)/"
		 ".*\\.(md|txt)$)|(?:(?i)\\.(md|rst|kt)$)",
		 "(?:(?i)(^|/)readme([.-][^/]*)?$)|(?:(?i)(^|/)(docs?|wiki)/"
		 ".*\\.(md|txt)$)|(?:(?i)\\.(?:md|rst|kt)$)",
		 NULL},
	};
	static const char *const paths[] = {
		"a.c",
		"A.C",
		"src/x.h",
		"x.cc",
		"x.ccc",
		"x.c/y",
		".c",
		"c",
		"x.",
		"x.c\n",
		"x.c\ny",
		"dir.c/file",
		"x.tar.c",
		"x.\xe2\x84\xaat",
		"a.yml",
		"a.yaml",
		"a.YaMl",
		"a.ym",
		"a.jinja",
		"a.jinja2",
		"readme",
		"README.md",
		"x/readme-foo",
		"x.md\n",
		"docs/x.txt",
		"wiki/a/b.TXT",
		"x.RST",
		"x.r\xc5\xbft",
		"x.rst/",
		"package.json",
		"a/package.json",
		"a/b.json",
		"docs/x.html",
		"my-docs.c",
		"x.k\xe2\x84\xaa",
	};
	size_t f, i;
	int hits = 0;

	for (f = 0; f < DPG_ARRAY_SIZE(filters); f++) {
		struct dpg_ruleset *fast =
			one_filter(filters[f][0], filters[f][2]);
		struct dpg_ruleset *slow =
			one_filter(filters[f][1], filters[f][2]);
		struct dpg_ruleset *shared =
			fast ? dpg_ruleset_share(fast) : NULL;

		CHECK(fast && slow && shared);
		if (!fast || !slow || !shared)
			continue;
		for (i = 0; i < DPG_ARRAY_SIZE(paths); i++) {
			unsigned int w = dpg_ruleset_want(slow, paths[i]);

			if (dpg_ruleset_want(fast, paths[i]) != w ||
			    dpg_ruleset_want(shared, paths[i]) != w)
				printf("    filter %zu, path '%s'\n", f,
				       paths[i]);
			CHECK_INT(dpg_ruleset_want(fast, paths[i]), w);
			CHECK_INT(dpg_ruleset_want(shared, paths[i]), w);
			hits += w != 0;
		}
		dpg_ruleset_free(shared);
		dpg_ruleset_free(fast);
		dpg_ruleset_free(slow);
	}
	/* and they match what they list: 14 paths, 4 (not package.json)
	 * and 9 (readme, the docs, .md before a newline, LONG S...) */
	CHECK_INT(hits, 27);
	{
		struct dpg_ruleset *rs = one_filter(filters[0][0], NULL);

		CHECK(rs != NULL);
		CHECK_INT(dpg_ruleset_want(rs, "lib/A.YAML"), DPG_WANT_CONTENT);
		CHECK_INT(dpg_ruleset_want(rs, "x.c\n"), DPG_WANT_CONTENT);
		CHECK_INT(dpg_ruleset_want(rs, "x.\xe2\x84\xaat"),
			  DPG_WANT_CONTENT);
		CHECK_INT(dpg_ruleset_want(rs, "a.c/b"), 0);
		CHECK_INT(dpg_ruleset_want(rs, "a.cpp"), 0);
		dpg_ruleset_free(rs);
	}
}

TEST(test_rules__eval_one_pass_all_rules)
{
	struct dpg_ruleset *rs = eval_rules();
	struct dpg_error err = DPG_ERROR_INIT;
	struct hits hs;
	const char *text = "# Project\n"
			   "\n"
			   "We take GDPR compliance seriously.\n"
			   "## Install\n"
			   "make make install\n";
	int rc;

	CHECK(rs != NULL);
	memset(&hs, 0, sizeof(hs));
	rc = dpg_ruleset_eval_file(rs, "README.md", text, strlen(text), collect,
				   &hs, &err);
	CHECK_INT(rc, 5);
	CHECK(has_hit(&hs, "readme", 0));
	/* two rules matching at the same place are both found */
	CHECK(has_hit(&hs, "gdpr", 3));
	CHECK(has_hit(&hs, "gdpr-compliance", 3));
	CHECK(has_hit(&hs, "install-heading", 4));
	/* a back-reference rule is run on its own */
	CHECK(has_hit(&hs, "backref", 5));
	dpg_ruleset_free(rs);
}

/* A shared ruleset (another thread's) finds what the ruleset does, with
 * state of its own: evaluations interleaved give the same hits. */
TEST(test_rules__share)
{
	struct dpg_ruleset *rs = eval_rules(), *v1, *v2;
	struct dpg_error err = DPG_ERROR_INIT;
	struct hits a, b, c;
	const char *text = "We take GDPR compliance seriously.\n"
			   "## Install\n"
			   "make make install\n";

	CHECK(rs != NULL);
	v1 = dpg_ruleset_share(rs);
	v2 = dpg_ruleset_share(v1);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&c, 0, sizeof(c));
	CHECK_INT(dpg_ruleset_want(v1, "README.md"), DPG_WANT_CONTENT);
	CHECK_INT(dpg_ruleset_want(rs, "src/x.py"), 0);
	CHECK_INT(dpg_ruleset_eval_file(v1, "README.md", text, strlen(text),
					collect, &b, &err),
		  5);
	CHECK_INT(dpg_ruleset_eval_file(rs, "README.md", text, strlen(text),
					collect, &a, &err),
		  5);
	CHECK_INT(dpg_ruleset_eval_file(v2, "docs/x.txt", text, strlen(text),
					collect, &c, &err),
		  1);
	CHECK(has_hit(&c, "gdpr", 1));
	CHECK_INT(memcmp(&a, &b, sizeof(a)), 0);
	CHECK_INT(dpg_ruleset_count(v2), dpg_ruleset_count(rs));
	dpg_ruleset_free(v2);
	dpg_ruleset_free(v1);
	/* the views freed, the ruleset still works */
	memset(&b, 0, sizeof(b));
	CHECK_INT(dpg_ruleset_eval_file(rs, "README.md", text, strlen(text),
					collect, &b, &err),
		  5);
	CHECK_INT(memcmp(&a, &b, sizeof(a)), 0);
	dpg_ruleset_free(rs);
}

TEST(test_rules__eval_scope_and_lines)
{
	struct dpg_ruleset *rs = eval_rules();
	struct dpg_error err = DPG_ERROR_INIT;
	struct hits hs;
	const char *text = "line one\r\nline two\r\n"
			   "see the General Data Protection Regulation\r\n";
	int rc;

	CHECK(rs != NULL);
	memset(&hs, 0, sizeof(hs));
	rc = dpg_ruleset_eval_file(rs, "docs/privacy.txt", text, strlen(text),
				   collect, &hs, &err);
	CHECK_INT(rc, 1);
	CHECK(has_hit(&hs, "gdpr", 3));
	CHECK_STR(hs.lines_text[0],
		  "see the General Data Protection Regulation");
	/* the same words in an excluded path or a code file: nothing */
	memset(&hs, 0, sizeof(hs));
	CHECK_INT(dpg_ruleset_eval_file(rs, "CHANGELOG.md", text, strlen(text),
					collect, &hs, &err),
		  0);
	CHECK_INT(dpg_ruleset_eval_file(rs, "src/gdpr.c", text, strlen(text),
					collect, &hs, &err),
		  0);
	/* no content: only path rules */
	CHECK_INT(dpg_ruleset_eval_file(rs, "README.md", NULL, 0, collect, &hs,
					&err),
		  1);
	CHECK(has_hit(&hs, "readme", 0));
	dpg_ruleset_free(rs);
}

TEST(test_rules__eval_dependency)
{
	struct dpg_ruleset *rs = eval_rules();
	struct dpg_error err = DPG_ERROR_INIT;
	struct hits hs;

	CHECK(rs != NULL);
	memset(&hs, 0, sizeof(hs));
	CHECK_INT(dpg_ruleset_eval_dependency(rs, "package.json",
					      "npm:mapbox-gl@^2.1.0", collect,
					      &hs, &err),
		  1);
	CHECK_STR(hs.ids[0], "mapbox");
	CHECK_INT(dpg_ruleset_eval_dependency(rs, "package.json",
					      "npm:mapbox-gl@1.13.1", collect,
					      &hs, &err),
		  0);
	CHECK_INT(dpg_ruleset_eval_dependency(rs, "package.json",
					      "npm:maplibre-gl@^3.0.0", collect,
					      &hs, &err),
		  0);
	dpg_ruleset_free(rs);
}

TEST(test_rules__field_rules)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct hits hs;
	const char *pkg = "{\n  \"name\": \"x\",\n  \"scripts\": {\n"
			  "    \"test\": \"jest --ci\"\n  }\n}\n";

	CHECK_INT(
		parse(rs,
		      "[npm-test-script]\nindicator = 8\nmessage = tests\n"
		      "path = (^|/)package\\.json$\nfield = scripts.test\n"
		      "value = \\S\nnot-path = node_modules/\n"
		      "test.field.match = {\"scripts\": {\"test\": \"jest\"}}\n"
		      "test.field.nomatch = {\"scripts\": {\"build\": \"x\"}}\n"
		      "test.field.nomatch = {\"scripts\": {\"test\": \"\"}}\n",
		      &d),
		1);
	CHECK_INT(dpg_ruleset_compile(rs, &d, &err), 0);
	CHECK_INT(dpg_ruleset_test(rs, &d), 0);
	CHECK_STR(dpg_rule_kind(dpg_ruleset_rule(rs, 0)), "field");
	CHECK_INT(dpg_ruleset_want(rs, "web/package.json"), DPG_WANT_CONTENT);
	memset(&hs, 0, sizeof(hs));
	CHECK_INT(dpg_ruleset_eval_file(rs, "web/package.json", pkg,
					strlen(pkg), collect, &hs, &err),
		  1);
	CHECK_INT(hs.lines[0], 4);
	/* broken JSON: no hit, no failure */
	CHECK_INT(dpg_ruleset_eval_file(rs, "package.json", "{", 1, collect,
					&hs, &err),
		  0);
	dpg_ruleset_free(rs);
}

TEST(test_rules__scopes)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct hits hs;
	const char *text = "[scope.docs]\npath = (?i)(^|/)docs/|\\.md$\n"
			   "not-path = (?i)^vendor/\n"
			   "[hipaa]\nindicator = 7\nmessage = HIPAA\n"
			   "scope = docs\nnot-path = (?i)changelog\n"
			   "content = \\bHIPAA\\b\n"
			   "test.content.match = HIPAA rules\n"
			   "test.content.nomatch = HIPAAA\n"
			   "test.path.match = docs/x.txt\n"
			   "test.path.nomatch = vendor/a.md\n"
			   "test.path.nomatch = CHANGELOG.md\n";

	if (parse(rs, text, &d) != 2)
		printf("    | %s\n", d.n ? d.msgs[0] : "");
	CHECK_INT(d.n, 0);
	CHECK_INT(dpg_ruleset_compile(rs, &d, &err), 0);
	CHECK_INT(dpg_ruleset_test(rs, &d), 0);
	CHECK_STR(dpg_rule_kind(dpg_ruleset_find(rs, "scope.docs")), "scope");
	CHECK_INT(dpg_ruleset_want(rs, "docs/a.txt"), DPG_WANT_CONTENT);
	CHECK_INT(dpg_ruleset_want(rs, "vendor/x.md"), 0);
	memset(&hs, 0, sizeof(hs));
	CHECK_INT(dpg_ruleset_eval_file(rs, "README.md", "HIPAA\n", 6, collect,
					&hs, &err),
		  1);
	dpg_ruleset_free(rs);
	/* an unknown scope is an error at compile time */
	rs = dpg_ruleset_new();
	CHECK_INT(parse(rs,
			"[a]\nindicator = 7\nmessage = m\nscope = nope\n"
			"content = x\ntest.content.match = x\n"
			"test.content.nomatch = y\n",
			&d),
		  1);
	CHECK_INT(dpg_ruleset_compile(rs, &d, &err), DPG_EINPUT);
	CHECK(strstr(err.msg, "t.rules:1: rule 'a': unknown scope 'nope'"));
	dpg_rules_diag_release(&d);
	dpg_ruleset_free(rs);
	CHECK(fails_with("[scope.x]\npath = a\nindicator = 7\n",
			 "t.rules:3: key 'indicator' in scope 'x'"));
	CHECK(fails_with("[scope.x]\nnot-path = a\n",
			 "t.rules:1: scope 'x' has no 'path'"));
}

TEST(test_rules__many_rules_many_sets)
{
	/* more distinct rule sets than the combo cache holds still work */
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	char *text = xstrdup(""), *t;
	char path[64], body[64];
	int i, rc;

	for (i = 0; i < 300; i++) {
		t = xasprintf("%s[r%d]\nindicator = 5\nmessage = m\n"
			      "path = ^f%d\\.md$\ncontent = word%d\\b\n"
			      "test.content.match = word%d\n"
			      "test.content.nomatch = word%dx\n",
			      text, i, i, i, i, i);
		free(text);
		text = t;
	}
	CHECK_INT(parse(rs, text, &d), 300);
	free(text);
	CHECK_INT(dpg_ruleset_compile(rs, &d, &err), 0);
	CHECK_INT(dpg_ruleset_test(rs, &d), 0);
	for (i = 0; i < 300; i++) {
		struct hits hs;

		memset(&hs, 0, sizeof(hs));
		snprintf(path, sizeof(path), "f%d.md", i);
		snprintf(body, sizeof(body), "x\nsay word%d here\n", i);
		rc = dpg_ruleset_eval_file(rs, path, body, strlen(body),
					   collect, &hs, &err);
		CHECK_INT(rc, 1);
		CHECK_INT(hs.lines[0], 2);
	}
	dpg_ruleset_free(rs);
}

TEST(test_rules__load_dir_collects_all_files)
{
	char dir[] = "/tmp/dpg-rules-XXXXXX";
	char *p;
	FILE *f;
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	int rc;

	CHECK(mkdtemp(dir) != NULL);
	p = xasprintf("%s/a.rules", dir);
	f = fopen(p, "w");
	fputs("[x]\nindicator = 99\n", f);
	fclose(f);
	free(p);
	p = xasprintf("%s/b.rules", dir);
	f = fopen(p, "w");
	fputs(GOOD_RULE "colour = 1\n", f);
	fclose(f);
	free(p);
	p = xasprintf("%s/ignored.txt", dir);
	f = fopen(p, "w");
	fputs("garbage\n", f);
	fclose(f);
	free(p);
	rc = dpg_ruleset_load_dir(rs, dir, 0, &d, &err);
	CHECK_INT(rc, DPG_EINPUT);
	CHECK_INT(d.n, 2);
	CHECK(strstr(d.msgs[0], "/a.rules:2: unknown indicator '99'"));
	CHECK(strstr(d.msgs[1], "/b.rules:9: unknown key 'colour'"));
	dpg_rules_diag_release(&d);
	dpg_ruleset_free(rs);
	p = xasprintf("rm -rf '%s'", dir);
	CHECK_INT(system(p), 0);
	free(p);
}

TEST(test_rules__default_dir_env)
{
	char *dir = NULL;
	struct dpg_error err = DPG_ERROR_INIT;

	setenv("DPGAUDIT_RULES", "/tmp", 1);
	CHECK_INT(dpg_rules_default_dir(&dir, &err), 0);
	CHECK_STR(dir, "/tmp");
	free(dir);
	setenv("DPGAUDIT_RULES", "/nonexistent/rules", 1);
	CHECK_INT(dpg_rules_default_dir(&dir, &err), DPG_ENOTFOUND);
	CHECK(strstr(err.msg, "/nonexistent/rules"));
	free(dir);
	unsetenv("DPGAUDIT_RULES");
}

/* The shipped rules' path filters skip a path that holds none of their
 * required literals (select_rules); that must never skip a path that
 * matches.  Checked on every path of this repository (git ls-files) and
 * of the bench corpus's kinds of trees, in both cases. */
/* Paths for the path-filter tests, besides every path of this
 * repository. */
static const char *const extra[] = {"README",
				    "ReadMe.MD",
				    "readme.rst",
				    "docs/Guide.Markdown",
				    "DOCS/INSTALL.TXT",
				    "LICENCE",
				    "Licence.md",
				    "COPYING.LESSER",
				    ".github/workflows/CI.YML",
				    ".GitHub/CODEOWNERS",
				    "Privacy-Policy.HTML",
				    "app/src/main/AndroidManifest.xml",
				    "schemas/Record.Json",
				    "api/v1/openapi.yaml",
				    "swagger.json",
				    "package.json",
				    "node_modules/x/package.json",
				    "Cargo.toml",
				    "pom.xml",
				    "build.gradle.kts",
				    "Dockerfile",
				    "docker-compose.yml",
				    "CODE_OF_CONDUCT.md",
				    "docs/code-of-conduct.html",
				    "SECURITY",
				    ".well-known/security.txt",
				    "CONTRIBUTING.rst",
				    "GOVERNANCE.md",
				    "publiccode.yml",
				    "man/tool.1",
				    "Doc/tool.8",
				    "conf.py",
				    "CHANGELOG.md",
				    "release-notes/1.0.md",
				    "vendor/lib.min.js",
				    "src/main.c",
				    "lib/a.ex",
				    "www/index.HTM",
				    "data/x.csv",
				    "i18n/fr.po",
				    "mkdocs.yml",
				    "Jenkinsfile",
				    ".gitlab-ci.yml",
				    "trademark-policy.md",
				    "Schemas/a.XSD",
				    "spec.bs",
				    "q.gql"};

/* The i-th path to try: extra[i], then the lines of p (git ls-files). */
static const char *next_path(size_t i, FILE *p, char *line, size_t cap)
{
	if (i < DPG_ARRAY_SIZE(extra))
		return extra[i];
	if (!fgets(line, (int)cap, p))
		return NULL;
	line[strcspn(line, "\n")] = 0;
	return line;
}

/* The shipped rules (rules/), loaded as a scan loads them. */
static struct dpg_ruleset *shipped(struct dpg_rules_diag *d)
{
	struct dpg_ruleset *rs = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	int rc;

	setenv("DPGAUDIT_RULES", "rules", 1);
	rc = dpg_ruleset_load(&rs, NULL, d, &err);
	unsetenv("DPGAUDIT_RULES");
	return rc == 0 ? rs : NULL;
}

/* The rules' ids that match dep (a "|"-separated list in out). */
static int dep_hits(struct dpg_ruleset *rs, const char *dep, char *out,
		    size_t cap)
{
	struct hits hs;
	struct dpg_error err = DPG_ERROR_INIT;
	int i, n;

	memset(&hs, 0, sizeof(hs));
	n = dpg_ruleset_eval_dependency(rs, "package.json", dep, collect, &hs,
					&err);
	out[0] = '\0';
	for (i = 0; i < hs.n && i < 16; i++) {
		size_t l = strlen(out);
		snprintf(out + l, cap - l, "%s|", hs.ids[i]);
	}
	return n;
}

/* Dependencies are matched only against the rules that may match their
 * ecosystem (eval.c: dep_rules): the same hits as against every rule, for
 * every dependency example of the shipped rules put in every ecosystem,
 * in a case it is not written in, and without one. */
TEST(test_rules__dependency_ecosystems_same)
{
	static const char *const ecos[] = {
		"npm:",
		"pypi:",
		"docker:",
		"maven:",
		"go:",
		"gem:",
		"composer:",
		"cargo:",
		"nuget:",
		"pub:",
		"cocoapods:",
		"swift:",
		"hex:",
		"NPM:",
		"",
		"x",
		"a-very-long-ecosystem-name-past-the-limit:"};
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	struct dpg_ruleset *plain = shipped(&d), *fast = shipped(&d);
	size_t i, k, e, deps = 0, hits = 0, nrules = 0, npm = 0;
	char a[1024], b[1024], dep[512];

	CHECK(plain && fast);
	for (i = 0; plain && fast && i < dpg_ruleset_count(plain); i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(plain, i);

		nrules += r->dependency != NULL;
		for (k = 0; k < r->nexamples; k++) {
			const char *t = r->examples[k].text;
			const char *colon = strchr(t, ':');

			if (r->examples[k].kind != DPG_RULE_EX_DEPENDENCY)
				continue;
			for (e = 0; e <= DPG_ARRAY_SIZE(ecos); e++) {
				int na, nb;

				if (e == DPG_ARRAY_SIZE(ecos))
					snprintf(dep, sizeof(dep), "%s", t);
				else
					snprintf(dep, sizeof(dep), "%s%s",
						 ecos[e],
						 colon ? colon + 1 : t);
				dpg_rules_dep_plain = 1;
				na = dep_hits(plain, dep, a, sizeof(a));
				dpg_rules_dep_plain = 0;
				nb = dep_hits(fast, dep, b, sizeof(b));
				CHECK_INT(nb, na);
				CHECK_STR(b, a);
				deps++;
				hits += na > 0;
			}
		}
	}
	/* the test means something: many examples, some matching, and the
	 * filter leaves rules out for npm (17 of the 30 may match it) */
	CHECK(deps > 500 && hits > 30 && nrules >= 20);
	for (i = 0; fast && i < fast->ndeco; i++)
		if (fast->deco[i].len == 4 &&
		    !memcmp(fast->deco[i].key, "npm:", 4))
			for (k = 0; k < fast->n; k++)
				npm += fast->deco[i].may[k];
	CHECK(npm > 3 && npm < nrules);
	dpg_ruleset_free(plain);
	dpg_ruleset_free(fast);
	dpg_rules_diag_release(&d);
}

TEST(test_rules__path_literals_never_skip_a_match)
{
	struct dpg_ruleset *rs = NULL;
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	char line[4096];
	size_t i, checked = 0, skipped = 0, bad = 0;
	FILE *p;

	CHECK((rs = shipped(&d)) != NULL);
	p = popen("git ls-files 2>/dev/null", "r");
	CHECK(p != NULL);
	for (i = 0;; i++) {
		const char *path;
		size_t r;

		if (!(path = next_path(i, p, line, sizeof(line))))
			break;
		for (r = 0; r < rs->n; r++) {
			const struct dpg_rule_re *re = rs->rules[r]->re_path;
			int may;

			if (!re || !re->nlits)
				continue;
			may = dpg_rules_path_may_match(re, path);
			skipped += !may;
			if (!may &&
			    dpg_rules_re_match(rs, rs->rules[r]->re_path, path,
					       strlen(path)) == 1) {
				printf("    | %s skipped by %s\n", path,
				       rs->rules[r]->id);
				bad++;
			}
			checked++;
		}
	}
	pclose(p);
	CHECK(checked > 10000);
	CHECK(skipped > checked / 2); /* it does skip */
	CHECK_INT(bad, 0);
	dpg_rules_diag_release(&d);
	dpg_ruleset_free(rs);
}

struct path_hits {
	struct dpg_ruleset *rs;
	unsigned char got[1024]; /* per rule index: hits */
};

static int on_path_hit(void *ctx, const struct dpg_rule_hit *hit)
{
	struct path_hits *h = ctx;
	size_t r;

	for (r = 0; r < h->rs->n && r < sizeof(h->got); r++)
		if (h->rs->rules[r] == hit->rule)
			h->got[r]++;
	return 0;
}

/* Whether rule r applies to path, by its patterns alone. */
static int plain_applies(struct dpg_ruleset *rs, struct dpg_rule *r,
			 const char *path)
{
	size_t n = strlen(path);

	if (r->dependency || r->is_scope || !r->re_path)
		return 0;
	return dpg_rules_re_match(rs, r->re_path, path, n) == 1 &&
	       !(r->re_not_path &&
		 dpg_rules_re_match(rs, r->re_not_path, path, n) == 1);
}

/* Whether want() and the path rules' hits for path, in rs and in sh (a
 * share of it), are those of matching every filter; 0 when they are. */
static int select_differs_as(struct dpg_ruleset *rs, struct dpg_ruleset *sh,
			     const char *path, int owner_first);

static int select_differs(struct dpg_ruleset *rs, struct dpg_ruleset *sh,
			  const char *path)
{
	return select_differs_as(rs, sh, path, 1);
}

/* The same, with owner_first 0: sh first (what rs selected last is
 * rs's want() of the caller's paths, not of this one). */
static int select_differs_as(struct dpg_ruleset *rs, struct dpg_ruleset *sh,
			     const char *path, int owner_first)
{
	static unsigned char want_hit[1024];
	static struct path_hits got;
	struct dpg_error err = DPG_ERROR_INIT;
	unsigned int want = 0;
	size_t r;
	int bad = 0;

	memset(want_hit, 0, sizeof(want_hit));
	memset(got.got, 0, sizeof(got.got));
	got.rs = rs;
	for (r = 0; r < rs->n && r < sizeof(want_hit); r++) {
		struct dpg_rule *ru = rs->rules[r];

		if (!plain_applies(rs, ru, path))
			continue;
		if (ru->content || ru->field) {
			want |= DPG_WANT_CONTENT;
		} else {
			want |= DPG_WANT_PATH;
			want_hit[r]++;
		}
	}
	if (want & DPG_WANT_CONTENT)
		want = DPG_WANT_CONTENT;
	if (owner_first)
		bad += dpg_ruleset_want(rs, path) != want;
	bad += dpg_ruleset_want(sh, path) != want;
	if (dpg_ruleset_eval_file(sh, path, NULL, 0, on_path_hit, &got, &err) <
		    0 ||
	    memcmp(want_hit, got.got, sizeof(got.got)) != 0) {
		printf("    | %s: path rules differ\n", path);
		bad++;
	}
	return bad;
}

/*
 * The shipped rules' selections of every path of extra[] and of this
 * repository against plain matching, the paths in batches of per: the
 * owner's want() of a whole batch, then each path of it on a share (with
 * per 1, the owner's selection is checked too); *paths: how many.
 */
static size_t select_batches(size_t per, size_t *paths)
{
	struct dpg_ruleset *rs, *sh;
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	static char batch[40][512];
	char line[4096];
	size_t i, k, nb = 0, bad = 0;
	FILE *p = popen("git ls-files 2>/dev/null", "r");

	*paths = 0;
	if (!p || !(rs = shipped(&d)) || rs->n > 1024 ||
	    per > DPG_ARRAY_SIZE(batch)) {
		if (p)
			pclose(p);
		return 1;
	}
	sh = dpg_ruleset_share(rs);
	for (i = 0;; i++) {
		const char *path = next_path(i, p, line, sizeof(line));

		if (path && strlen(path) < sizeof(batch[0])) {
			strcpy(batch[nb++], path);
			dpg_ruleset_want(rs, path);
		}
		if (nb < per && path)
			continue;
		for (k = 0; k < nb; k++)
			bad += select_differs_as(rs, sh, batch[k], per == 1);
		*paths += nb;
		nb = 0;
		if (!path)
			break;
	}
	pclose(p);
	dpg_ruleset_free(sh);
	dpg_rules_diag_release(&d);
	dpg_ruleset_free(rs);
	return bad;
}

/* want() and the path rules' hits (select_rules: the path filters'
 * literals in one pass, the rules' flags) are those of matching every
 * filter, in the ruleset and in a shared one. */
TEST(test_rules__select_is_plain_matching)
{
	size_t paths, bad = select_batches(1, &paths);

	CHECK(paths > 100);
	CHECK_INT(bad, 0);
}

/* Paths built around lit: where the shipped not-path filters look for
 * it (a directory, a file name, a prefix of one), in both cases, inside
 * the trees the path filters take; n of them into out (cap each). */
static size_t lit_paths(const char *lit, char (*out)[256], size_t cap)
{
	/* before and after the literal */
	static const char *const forms[][2] = {{"", "/README.md"},
					       {"docs/", "/guide.md"},
					       {"a/", "/b/index.html"},
					       {"", ""},
					       {"", ".md"},
					       {"docs/", ".txt"},
					       {"", "-notes.md"},
					       {"x/", "s/y.md"},
					       {"src/", "/main.c"},
					       {"", "/x/package.json"},
					       {"lib/", ".min.js"},
					       {"", "_x/y.rst"},
					       {"docs/", "/a.png"},
					       {"a", "/b.md"},
					       {"", ".json"}};
	char up[128];
	size_t i, k, n = 0;

	for (k = 0; lit[k] && k + 1 < sizeof(up); k++)
		up[k] = (char)(lit[k] >= 'a' && lit[k] <= 'z' ? lit[k] - 32
							      : lit[k]);
	up[k] = '\0';
	for (i = 0; i < DPG_ARRAY_SIZE(forms) && n + 2 <= cap; i++) {
		snprintf(out[n++], 256, "%s%s%s", forms[i][0], lit,
			 forms[i][1]);
		snprintf(out[n++], 256, "%s%s%s", forms[i][0], up, forms[i][1]);
	}
	return n;
}

/* The paths of this repository and, with CORPUS set (bench/corpus.sh),
 * of every repository of the bench corpus, one a line (pclose it). */
static FILE *repo_paths(void)
{
	const char *corpus = getenv("CORPUS");
	char *cmd = corpus ? xasprintf("git ls-files; for d in '%s'/*/*/; do "
				       "git -C \"$d\" ls-tree -r --name-only "
				       "HEAD; done",
				       corpus)
			   : xstrdup("git ls-files");
	FILE *p = popen(cmd, "r");

	free(cmd);
	return p;
}

/* The not-path filters are run only on a path that holds one of their
 * required literals (path_applies): want() and the hits stay those of
 * matching every filter, on paths built around each literal, every path
 * of this repository and, with CORPUS set (bench/corpus.sh), of every
 * repository of the bench corpus. */
TEST(test_rules__not_path_literals_never_skip_a_match)
{
	struct dpg_ruleset *rs = NULL, *sh;
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	static char built[64][256];
	char line[4096];
	size_t i, k, r, paths = 0, bad = 0, skipped = 0, withlits = 0;
	FILE *p;

	CHECK((rs = shipped(&d)) != NULL);
	sh = dpg_ruleset_share(rs);
	CHECK(rs->n <= 1024);
	for (r = 0; r < rs->n; r++) {
		const struct dpg_rule_re *re = rs->rules[r]->re_not_path;

		withlits += re && re->nlits;
		for (k = 0; re && k < re->nlits; k++) {
			size_t nb = lit_paths(dpg_rre_lit(re, k), built, 64);

			for (i = 0; i < nb; i++) {
				bad += select_differs(rs, sh, built[i]);
				paths++;
			}
		}
	}
	CHECK(withlits > 10); /* the shipped not-path filters have them */
	p = repo_paths();
	CHECK(p != NULL);
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = 0;
		bad += select_differs(rs, sh, line);
		for (r = 0; r < rs->n; r++) {
			const struct dpg_rule_re *re =
				rs->rules[r]->re_not_path;

			if (re && re->nlits)
				skipped += !dpg_rules_path_may_match(re, line);
		}
		paths++;
	}
	pclose(p);
	printf("    | %zu paths\n", paths);
	CHECK(paths > 1000);
	CHECK(skipped > paths); /* it does skip */
	CHECK_INT(bad, 0);
	dpg_ruleset_free(sh);
	dpg_rules_diag_release(&d);
	dpg_ruleset_free(rs);
}

/* Whether path can match a shipped filter its start check skips (path_
 * applies: dpg_rules_path_may_start): 1 when one does; counts the
 * checks and the skips. */
static int start_skips_a_match(struct dpg_ruleset *rs, const char *path,
			       size_t *checked, size_t *skipped)
{
	size_t r, n = strlen(path);
	int bad = 0;

	for (r = 0; r < rs->n; r++) {
		struct dpg_rule_re *re = rs->rules[r]->re_path;

		if (!re || !re->start_known)
			continue;
		(*checked)++;
		if (dpg_rules_path_may_start(re, path, n))
			continue;
		(*skipped)++;
		if (dpg_rules_re_match(rs, re, path, n) != 0) {
			printf("    | %s skipped by %s\n", path,
			       rs->rules[r]->id);
			bad = 1;
		}
	}
	return bad;
}

/* The path filters anchored at the start are run only on a path whose
 * first byte they may start with (path_applies): no filter skips a path
 * it matches, and want() and the hits stay those of matching every
 * filter, on every path of this repository, with CORPUS set of every
 * repository of the bench corpus, and on paths built around the filters'
 * own examples with every first byte (and the other cases of k and s:
 * KELVIN SIGN, LONG S). */
TEST(test_rules__path_start_never_skips_a_match)
{
	static const char *const firsts[] = {"\xe2\x84\xaa", "\xc5\xbf",
					     "\xc3\x80", "\xe2\x80\x8b"};
	struct dpg_ruleset *rs = NULL, *sh;
	struct dpg_rules_diag d = DPG_RULES_DIAG_INIT;
	char line[4096];
	size_t r, e, c, paths = 0, bad = 0, checked = 0, skipped = 0;
	size_t anchored = 0;
	FILE *p;

	CHECK((rs = shipped(&d)) != NULL);
	sh = dpg_ruleset_share(rs);
	for (r = 0; r < rs->n; r++) {
		const struct dpg_rule *ru = rs->rules[r];

		if (!ru->re_path || !ru->re_path->start_known)
			continue;
		anchored++;
		for (e = 0; e < ru->nexamples; e++) {
			const char *t = ru->examples[e].text;

			if (ru->examples[e].kind != DPG_RULE_EX_PATH || !*t)
				continue;
			for (c = 1; c < 256 + DPG_ARRAY_SIZE(firsts); c++) {
				if (c < 256)
					snprintf(line, sizeof(line), "%c%s",
						 (int)c, t + 1);
				else
					snprintf(line, sizeof(line), "%s%s",
						 firsts[c - 256], t + 1);
				bad += start_skips_a_match(rs, line, &checked,
							   &skipped);
				bad += select_differs(rs, sh, line);
				paths++;
			}
		}
	}
	CHECK(anchored > 10); /* the shipped filters have them */
	p = repo_paths();
	CHECK(p != NULL);
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = 0;
		bad += start_skips_a_match(rs, line, &checked, &skipped);
		bad += select_differs(rs, sh, line);
		paths++;
	}
	pclose(p);
	printf("    | %zu paths, %zu of %zu checks skipped\n", paths, skipped,
	       checked);
	CHECK(paths > 1000);
	CHECK(skipped > checked / 2); /* it does skip */
	CHECK_INT(bad, 0);
	dpg_ruleset_free(sh);
	dpg_rules_diag_release(&d);
	dpg_ruleset_free(rs);
}

/* A share takes the selection of a path from its owner's last ones
 * (select_rules: want() on the config's ruleset, then the file on a
 * worker's share) and selects itself the paths the owner did not, or
 * no longer keeps: both as plain matching, for the owner's selections of
 * the paths in batches of 40 (the share's paths first found, then
 * not), each batch then evaluated by the share in order. */
TEST(test_rules__share_takes_owner_selection)
{
	size_t paths, bad = select_batches(40, &paths);

	CHECK(paths > 100);
	CHECK_INT(bad, 0);
}

TEST_MAIN("test_rules", T(test_rules__path_literals_never_skip_a_match),
	  T(test_rules__select_is_plain_matching),
	  T(test_rules__not_path_literals_never_skip_a_match),
	  T(test_rules__path_start_never_skips_a_match),
	  T(test_rules__share_takes_owner_selection), T(test_rules__parse_good),
	  T(test_rules__bom_and_crlf), T(test_rules__error_unknown_key),
	  T(test_rules__error_bad_regex_with_position),
	  T(test_rules__error_missing_id), T(test_rules__error_duplicate_id),
	  T(test_rules__error_unknown_indicator),
	  T(test_rules__error_no_examples), T(test_rules__error_misc),
	  T(test_rules__all_errors_collected),
	  T(test_rules__empty_match_rejected),
	  T(test_rules__override_and_disable), T(test_rules__examples_pass),
	  T(test_rules__examples_fail_reported), T(test_rules__want_from_path),
	  T(test_rules__extension_filters_as_patterns),
	  T(test_rules__eval_one_pass_all_rules), T(test_rules__share),
	  T(test_rules__eval_scope_and_lines), T(test_rules__eval_dependency),
	  T(test_rules__dependency_ecosystems_same), T(test_rules__field_rules),
	  T(test_rules__scopes), T(test_rules__many_rules_many_sets),
	  T(test_rules__load_dir_collects_all_files),
	  T(test_rules__default_dir_env))
