/*
 * test_rules_prefilter.c: required literals extracted from patterns, and
 * the trigram filter (src/rules/prefilter.c, a private interface).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/rules/rules_int.h"
#include "test.h"

/* The literals of src joined with '|' ("" when none can be told). */
static const char *lits(const char *src)
{
	static char out[1024];
	char **l;
	size_t n, i, o = 0;

	out[0] = '\0';
	if (dpg_rules_literals(src, &l, &n) < 0)
		return "";
	for (i = 0; i < n; i++) {
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s",
				      i ? "|" : "", l[i]);
		free(l[i]);
	}
	free(l);
	return out;
}

TEST(test_rules_prefilter__literals)
{
	CHECK_STR(lits("\\bGDPR\\b"), "gdpr");
	CHECK_STR(lits("(?:\\bGDPR\\b)|(?:(?i)General Data Protection)"),
		  "gdpr|general data protection");
	/* the longest mandatory run; optional parts are not required */
	CHECK_STR(lits("(?i)\\bCalifornia (Consumer )?Privacy Act\\b"),
		  "california ");
	CHECK_STR(lits("colou?r scheme"), "r scheme");
	CHECK_STR(lits("abcd+efg"), "abcd");
	/* a mandatory group gives a set */
	CHECK_STR(lits("^#+\\s*(install|setup|getting started)\\b"),
		  "install|setup|getting started");
	/* escaped punctuation is literal, classes and . are not */
	CHECK_STR(lits("csv\\.DictWriter"), "csv.dictwriter");
	CHECK_STR(lits("[A-Z]{2}\\d+ abc.def"), " abc");
	/* lookarounds are skipped, not required */
	CHECK_STR(lits("(?<![a-z])FHIR(?!x)"), "fhir");
}

TEST(test_rules_prefilter__no_literal)
{
	/* a branch without a literal of 3 bytes: nothing can be required */
	CHECK_STR(lits("GDPR|ab"), "");
	CHECK_STR(lits("GDPR|[0-9]+"), "");
	CHECK_STR(lits("(GDPR)?x"), "");
	CHECK_STR(lits("[\\w.+-]+@[\\w-]+\\.[a-z]{2,}"), "");
	/* constructs we do not model */
	CHECK_STR(lits("(?x) G D P R"), "");
	CHECK_STR(lits("\\QGDPR\\E"), "");
	CHECK_STR(lits("(*UTF)GDPR"), "");
	CHECK_STR(lits("(?(1)abc|def)"), "");
	/* non-ASCII ends a run (caseless UTF folding) */
	CHECK_STR(lits("Prote\xc3\xa7\xc3\xa3o de Dados"), "o de dados");
}

TEST(test_rules_prefilter__trigrams)
{
	unsigned char *bits = malloc(DPG_RULES_TRI_BITS / 8);
	const char *text = "We comply with the GDPR.\nAnd more.";

	CHECK(bits != NULL);
	CHECK_INT(dpg_rules_trigrams(bits, text, strlen(text)), 1);
	CHECK_INT(dpg_rules_literal_possible(bits, "gdpr"), 1);
	CHECK_INT(dpg_rules_literal_possible(bits, "comply with"), 1);
	CHECK_INT(dpg_rules_literal_possible(bits, "hipaa"), 0);
	/* KELVIN SIGN matches k caselessly: the filter steps aside */
	CHECK_INT(dpg_rules_trigrams(bits,
				     "\xe2\x84\xaa"
				     "enya",
				     7),
		  0);
	CHECK_INT(dpg_rules_trigrams(bits, "ab", 2), 1);
	CHECK_INT(dpg_rules_literal_possible(bits, "abc"), 0);
	free(bits);
}

TEST_MAIN("test_rules_prefilter", T(test_rules_prefilter__literals),
	  T(test_rules_prefilter__no_literal),
	  T(test_rules_prefilter__trigrams))
