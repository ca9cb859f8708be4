/*
 * test_sdg.c: the SDG vocabulary loader (every error path, loaded once per
 * process) and the scorer (explicit mentions, target vocabulary, context
 * conditions, exclusions, negation, decay, excerpts; names, citations,
 * credit sections, badges and labels that are not evidence; agreeing
 * terms; software meanings), on inline vocabularies and on the shipped
 * rules/sdg (run from the top of the tree, as tests/run.sh does).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dpg/buf.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "../../src/sdg/sdg_int.h"
#include "test.h"

/* ------------------------------------------------------------------ */
/* helpers */

/* Parse text as one file "t.sdg"; returns the rc, *errors the messages. */
static int parse(const char *text, char **errors)
{
	struct dpg_sdg_vocab *v = dpg_sdg_vocab_new();
	struct dpg_error err = DPG_ERROR_INIT;
	int rc;

	*errors = NULL;
	rc = dpg_sdg_vocab_add_text(v, "t.sdg", text, strlen(text), errors,
				    &err);
	dpg_sdg_vocab_free(v);
	return rc;
}

/* Expect exactly one error, msg at line. */
static int one_error(const char *text, const char *expect)
{
	char *errors = NULL;
	int rc = parse(text, &errors), ok;

	ok = rc == DPG_EINPUT && errors && strstr(errors, expect) &&
	     strchr(errors, '\n') == errors + strlen(errors) - 1;
	if (!ok)
		printf("    text '%s': rc %d, errors '%s', expected '%s'\n",
		       text, rc, errors ? errors : "(null)", expect);
	free(errors);
	return ok;
}

static struct dpg_sdg_vocab *inline_vocab(const char *text)
{
	struct dpg_sdg_vocab *v = dpg_sdg_vocab_new();
	char *errors = NULL;

	if (dpg_sdg_vocab_add_text(v, "t.sdg", text, strlen(text), &errors,
				   NULL) < 0) {
		printf("    unexpected errors: %s", errors);
		free(errors);
		dpg_sdg_vocab_free(v);
		return NULL;
	}
	return v;
}

static struct dpg_sdg_vocab *shipped_v;

static struct dpg_sdg_vocab *shipped(void)
{
	struct dpg_sdg_vocab *v = shipped_v;
	struct dpg_error err = DPG_ERROR_INIT;
	char *errors = NULL;

	if (!v &&
	    dpg_sdg_vocab_load(&v, "rules/sdg", NULL, &errors, &err) < 0) {
		printf("    cannot load rules/sdg: %s\n%s", err.msg,
		       errors ? errors : "");
		free(errors);
		return NULL;
	}
	shipped_v = v;
	return v;
}

/* Score text with v; returns goal's raw score (-1 on error). */
static double raw_of(const struct dpg_sdg_vocab *v, const char *text, int goal,
		     int *strength)
{
	struct dpg_sdg_result r;
	double raw;

	if (dpg_sdg_score(&r, v, text, strlen(text), NULL) < 0)
		return -1;
	raw = r.goals[goal - 1].raw;
	if (strength)
		*strength = r.goals[goal - 1].strength;
	dpg_sdg_result_release(&r);
	return raw;
}

static int strength(const char *text, int goal)
{
	int s = -1;

	if (!shipped() || raw_of(shipped(), text, goal, &s) < 0)
		return -1;
	return s;
}

/* ------------------------------------------------------------------ */
/* loader: every error path */

TEST(test_sdg__parse_ok)
{
	char *errors = NULL;

	CHECK_INT(parse("# comment\n\ngoal 3 Good Health\nwindow 80\n"
			"3 /malaria/\n"
			"  1.5  /water/  near /drink(ing)?/  unless /mark/  "
			"not /water ?fall/   # trailing comment\n"
			"-2 /health check/c\n",
			&errors),
		  3);
	CHECK(errors == NULL);
}

TEST(test_sdg__parse_errors_each)
{
	CHECK(one_error("3 /a/\n", "t.sdg:1: term before any 'goal' line"));
	CHECK(one_error("goal 18\n", "t.sdg:1: goal must be a number 1..17"));
	CHECK(one_error("goal 0\n", "t.sdg:1: goal must be a number 1..17"));
	CHECK(one_error("goal three\n", "t.sdg:1: goal must be a number"));
	CHECK(one_error("goal 3\n1.2.3 /a/\n",
			"t.sdg:2: expected a weight (a number)"));
	CHECK(one_error("goal 3\n0 /a/\n", "t.sdg:2: weight 0 out of range"));
	CHECK(one_error("goal 3\n25 /a/\n", "t.sdg:2: weight 25 out of range"));
	CHECK(one_error("goal 3\n3 malaria\n",
			"t.sdg:2: expected /pattern/ for the term"));
	CHECK(one_error("goal 3\n3\n",
			"t.sdg:2: expected /pattern/ for the term"));
	CHECK(one_error("goal 3\n3 /abc\n",
			"t.sdg:2: unterminated pattern for the term"));
	CHECK(one_error("goal 3\n3 /abc/z\n",
			"t.sdg:2: unknown pattern flag 'z' for the term"));
	CHECK(one_error("goal 3\n3 /a/ near /b/n\n",
			"t.sdg:2: unknown pattern flag 'n' for 'near'"));
	CHECK(one_error("goal 3\n3 //\n",
			"t.sdg:2: empty pattern for the term"));
	CHECK(one_error("goal 3\n3 /(abc/\n",
			"t.sdg:2: invalid pattern for the term: missing "
			"closing parenthesis"));
	CHECK(one_error("goal 3\n3 /a/ near /(b/\n",
			"t.sdg:2: invalid pattern for 'near'"));
	CHECK(one_error("goal 3\n3 /a/ nearby /b/\n",
			"t.sdg:2: unknown condition 'nearby' (near, unless, "
			"not)"));
	CHECK(one_error("goal 3\n3 /a/ near /b/ near /c/\n",
			"t.sdg:2: duplicate 'near' condition"));
	CHECK(one_error("goal 3\n3 /a/ unless\n",
			"t.sdg:2: expected /pattern/ for 'unless'"));
	CHECK(one_error("goal 3\n3 /a/ not /b\n",
			"t.sdg:2: unterminated pattern for 'not'"));
	CHECK(one_error("window 0\n", "t.sdg:1: window must be a number"));
	CHECK(one_error("window 5000\n", "t.sdg:1: window must be a number"));
	CHECK(one_error("window 10 20\n", "t.sdg:1: window must be a number"));
	CHECK(one_error("goal 3\nterm /a/\n",
			"t.sdg:2: unknown directive 'term'"));
}

TEST(test_sdg__parse_collects_all_errors)
{
	char *errors = NULL;
	struct dpg_sdg_vocab *v = dpg_sdg_vocab_new();
	struct dpg_error err = DPG_ERROR_INIT;
	const char *text = "goal 3\n3 /ok/\n3 /(bad/\n# fine\nbogus\n"
			   "3 /ok2/\n30 /x/\n";
	int rc;

	rc = dpg_sdg_vocab_add_text(v, "dir/t.sdg", text, strlen(text), &errors,
				    &err);
	CHECK_INT(rc, DPG_EINPUT);
	CHECK_INT(err.code, DPG_EINPUT);
	CHECK(strstr(err.msg, "dir/t.sdg:3: invalid pattern") == err.msg);
	CHECK(errors != NULL);
	CHECK(strstr(errors, "dir/t.sdg:3: invalid pattern for the term"));
	CHECK(strstr(errors, "dir/t.sdg:5: unknown directive 'bogus'"));
	CHECK(strstr(errors, "dir/t.sdg:7: weight 30 out of range"));
	/* nothing of a bad file is kept */
	CHECK_INT(dpg_sdg_vocab_count(v, 0), 0);
	free(errors);
	dpg_sdg_vocab_free(v);
}

TEST(test_sdg__parse_limits)
{
	char *big, *errors = NULL;
	size_t n = 5000;
	struct dpg_sdg_vocab *v = dpg_sdg_vocab_new();
	int rc;

	big = xmalloc(n + 32);
	memcpy(big, "goal 3\n3 /", 10);
	memset(big + 10, 'a', n);
	memcpy(big + 10 + n, "/\n", 3);
	rc = dpg_sdg_vocab_add_text(v, "t.sdg", big, strlen(big), &errors,
				    NULL);
	CHECK_INT(rc, DPG_EINPUT);
	CHECK(strstr(errors, "t.sdg:2: line too long"));
	free(errors);
	errors = NULL;
	rc = dpg_sdg_vocab_add_text(v, "n.sdg", "goal 3\n3 /a\0b/\n", 16,
				    &errors, NULL);
	CHECK_INT(rc, DPG_EINPUT);
	CHECK(strstr(errors, "n.sdg:0: file contains a NUL byte"));
	free(errors);
	free(big);
	dpg_sdg_vocab_free(v);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

TEST(test_sdg__load_dirs_and_overrides)
{
	char tmpl[] = "/tmp/test_sdg.XXXXXX";
	char *d = mkdtemp(tmpl), *base, *over, *p, *errors = NULL;
	struct dpg_sdg_vocab *v = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	int rc;

	CHECK(d != NULL);
	base = xasprintf("%s/base", d);
	over = xasprintf("%s/over", d);
	mkdir(base, 0755);
	mkdir(over, 0755);
	p = xasprintf("%s/03.sdg", base);
	write_file(p, "goal 3\n3 /malaria/\n3 /cholera/\n");
	free(p);
	p = xasprintf("%s/06.sdg", base);
	write_file(p, "goal 6\n3 /sanitation/\n");
	free(p);
	p = xasprintf("%s/notes.txt", base);
	write_file(p, "not a vocabulary\n");
	free(p);

	/* the missing directory, and an empty one */
	rc = dpg_sdg_vocab_load(&v, "/nonexistent/sdg", NULL, &errors, &err);
	CHECK_INT(rc, DPG_ENOTFOUND);
	CHECK(strstr(err.msg, "cannot open vocabulary directory"));
	rc = dpg_sdg_vocab_load(&v, over, NULL, &errors, &err);
	CHECK_INT(rc, DPG_ENOTFOUND);
	CHECK(strstr(err.msg, "no vocabulary file"));

	/* base alone; a missing override dir is fine */
	rc = dpg_sdg_vocab_load(&v, base, "/nonexistent/sdg", &errors, &err);
	CHECK_INT(rc, 0);
	CHECK_INT(dpg_sdg_vocab_count(v, 0), 3);
	CHECK_INT(dpg_sdg_vocab_count(v, 3), 2);
	dpg_sdg_vocab_free(v);
	v = NULL;

	/* an override file of the same name replaces, another one adds */
	p = xasprintf("%s/03.sdg", over);
	write_file(p, "goal 3\n5 /tuberculosis/\n");
	free(p);
	p = xasprintf("%s/99-extra.sdg", over);
	write_file(p, "goal 14\n4 /seagrass/\n");
	free(p);
	rc = dpg_sdg_vocab_load(&v, base, over, &errors, &err);
	CHECK_INT(rc, 0);
	CHECK_INT(dpg_sdg_vocab_count(v, 3), 1);
	CHECK_INT(dpg_sdg_vocab_count(v, 6), 1);
	CHECK_INT(dpg_sdg_vocab_count(v, 14), 1);
	CHECK(raw_of(v, "malaria", 3, NULL) == 0);
	CHECK(raw_of(v, "tuberculosis", 3, NULL) == 5);
	CHECK(raw_of(v, "seagrass meadows", 14, NULL) == 4);
	dpg_sdg_vocab_free(v);
	v = NULL;

	/* errors in two files: all reported, with their paths; nothing
	 * loaded */
	p = xasprintf("%s/99-extra.sdg", over);
	write_file(p, "goal 14\n4 /sea(grass/\n");
	free(p);
	p = xasprintf("%s/06.sdg", over);
	write_file(p, "goal 66\n");
	free(p);
	rc = dpg_sdg_vocab_load(&v, base, over, &errors, &err);
	CHECK_INT(rc, DPG_EINPUT);
	CHECK(v == NULL);
	CHECK(errors != NULL);
	p = xasprintf("%s/99-extra.sdg:2: invalid pattern", over);
	CHECK(strstr(errors, p));
	free(p);
	p = xasprintf("%s/06.sdg:1: goal must be", over);
	CHECK(strstr(errors, p));
	free(p);
	free(errors);
	errors = NULL;

	p = xasprintf("rm -rf '%s'", d);
	CHECK_INT(system(p), 0);
	free(p);
	free(base);
	free(over);
}

TEST(test_sdg__shipped_vocabulary_loads)
{
	const struct dpg_sdg_vocab *v = shipped();
	int g;

	CHECK(v != NULL);
	for (g = 1; g <= DPG_SDG_GOALS; g++)
		CHECK(dpg_sdg_vocab_count(v, g) >= 8);
	CHECK_STR(dpg_sdg_goal_name(3), "Good Health and Well-being");
	CHECK_STR(dpg_sdg_goal_name(17), "Partnerships for the Goals");
	CHECK(dpg_sdg_goal_name(0) == NULL);
	CHECK(dpg_sdg_goal_name(18) == NULL);
}

/* ------------------------------------------------------------------ */
/* scorer on an inline vocabulary: conditions, negation, decay */

TEST(test_sdg__conditions)
{
	struct dpg_sdg_vocab *v = inline_vocab(
		"goal 6\n"
		"window 40\n"
		"2 /water/ near /drinking|sanitation/ not /water ?mark/ "
		"unless /image|pdf/\n"
		"goal 3\n"
		"4 /malaria/\n"
		"1 /health/ not /health check/\n"
		"-3 /not (intended|meant) for medical use/\n");

	CHECK(v != NULL);
	CHECK(raw_of(v, "safe drinking water for villages", 6, NULL) == 2);
	/* no context word near */
	CHECK(raw_of(v, "a glass of water", 6, NULL) == 0);
	/* the context is too far (window 40) */
	CHECK(raw_of(v,
		     "water ............................................. "
		     "drinking",
		     6, NULL) == 0);
	/* a blank line ends the window */
	CHECK(raw_of(v, "water\n\ndrinking", 6, NULL) == 0);
	/* exclusion overlapping the term; whole words only */
	CHECK(raw_of(v, "water mark on drinking glasses", 6, NULL) == 0);
	CHECK(raw_of(v, "a watermark, drinking", 6, NULL) == 0);
	/* unless: anywhere in the window */
	CHECK(raw_of(v, "drinking water image", 6, NULL) == 0);
	/* not: only where it overlaps; another health still counts */
	CHECK(raw_of(v, "the health check endpoint", 3, NULL) == 0);
	CHECK(raw_of(v, "health check; community health", 3, NULL) == 1);
	/* case-insensitive by default */
	CHECK(raw_of(v, "MALARIA", 3, NULL) == 4);
	/* negation subtracts, and the score never goes below 0 */
	CHECK(raw_of(v, "malaria maps, not intended for medical use", 3,
		     NULL) == 1);
	CHECK(raw_of(v, "not meant for medical use", 3, NULL) == 0);
	/* repeats decay: 4 + 2 + 1, then nothing */
	CHECK(raw_of(v, "malaria malaria malaria malaria malaria", 3, NULL) ==
	      7);
	dpg_sdg_vocab_free(v);
}

TEST(test_sdg__names_and_overlaps)
{
	struct dpg_sdg_vocab *v =
		inline_vocab("goal 17\n4 /census/\n3 /Kolibri/n\n"
			     "goal 3\n4 /health services/\n1 /health/\n");

	CHECK(v != NULL);
	/* a term used as the project's name does not count... */
	CHECK(raw_of(v, "Census: a metrics library", 17, NULL) == 0);
	CHECK(raw_of(v, "# Census is a metrics library", 17, NULL) == 0);
	CHECK(raw_of(v, "**Census**: metrics", 17, NULL) == 0);
	/* ...elsewhere it does, in a list item too */
	CHECK(raw_of(v, "Run the census: weekly", 17, NULL) == 4);
	CHECK(raw_of(v, "* Census: household data", 17, NULL) == 4);
	CHECK(raw_of(v, "Census data for planning", 17, NULL) == 4);
	/* flag n: a product name counts as a name too */
	CHECK(raw_of(v, "Kolibri is a learning platform", 17, NULL) == 3);
	/* a span counts once, for its heaviest term */
	CHECK(raw_of(v, "access to health services", 3, NULL) == 4);
	CHECK(raw_of(v, "health services and health", 3, NULL) == 5);
	dpg_sdg_vocab_free(v);
}

TEST(test_sdg__case_flag_and_spaces)
{
	struct dpg_sdg_vocab *v =
		inline_vocab("goal 6\n5 /WASH/c\n3 /drinking water/\n");

	CHECK(v != NULL);
	CHECK(raw_of(v, "WASH programmes", 6, NULL) == 5);
	CHECK(raw_of(v, "wash your car", 6, NULL) == 0);
	/* a space in a pattern matches any whitespace, line breaks too */
	CHECK(raw_of(v, "drinking\n   water", 6, NULL) == 3);
	dpg_sdg_vocab_free(v);
	/* a word too short for the anchors: looked for as it is */
	v = inline_vocab("goal 3\n4 /TB/c\n");
	CHECK(v != NULL);
	CHECK(raw_of(v, "TB", 3, NULL) == 4);
	CHECK(raw_of(v, "T TB", 3, NULL) == 4);
	CHECK(raw_of(v, "cases of TB.", 3, NULL) == 4);
	CHECK(raw_of(v, "tb Tb tB T B", 3, NULL) == 0);
	CHECK(raw_of(v, "ATB TBS 4TB", 3, NULL) == 0);
	CHECK(raw_of(v, "T", 3, NULL) == 0);
	dpg_sdg_vocab_free(v);
	/* " ?" is optional whitespace, " +" some */
	v = inline_vocab("goal 3\n4 /health ?care/\n2 /hand +washing/\n");
	CHECK(v != NULL);
	CHECK(raw_of(v, "healthcare", 3, NULL) == 4);
	CHECK(raw_of(v, "health  care", 3, NULL) == 4);
	CHECK(raw_of(v, "hand washing", 3, NULL) == 2);
	CHECK(raw_of(v, "handwashing", 3, NULL) == 0);
	dpg_sdg_vocab_free(v);
}

TEST(test_sdg__masking)
{
	struct dpg_sdg_vocab *v = inline_vocab("goal 3\n4 /malaria/\n");

	CHECK(v != NULL);
	CHECK(raw_of(v, "```\nmalaria\n```\n", 3, NULL) == 0);
	CHECK(raw_of(v, "use `malaria` here", 3, NULL) == 0);
	CHECK(raw_of(v, "see https://example.org/malaria", 3, NULL) == 0);
	CHECK(raw_of(v, "<!-- malaria -->", 3, NULL) == 0);
	CHECK(raw_of(v, "<a href=\"malaria\">x</a>", 3, NULL) == 0);
	CHECK(raw_of(v, "```\ncode\n```\nmalaria", 3, NULL) == 4);
	dpg_sdg_vocab_free(v);
}

/*
 * The masks look 16 bytes at a time for what they mask and for where words
 * start: the same text at every offset (a prefix of 0 to 33 bytes) masks
 * the same.  Any byte from 0x80 is a letter to them, so a cue after a
 * UTF-8 letter or punctuation mark is no cue.
 */
TEST(test_sdg__masking_at_every_offset)
{
	static const struct {
		const char *text;
		double raw;
	} cases[] = {
		{"<a href=\"malaria\">x</a>", 0},
		{"<b>malaria</b>", 4},
		{"<!-- malaria\nmalaria -->", 0},
		{"use `malaria` here", 0},
		{"see https://example.org/malaria", 0},
		{"see www.malaria.org", 0},
		{"see www.malaria here", 0},
		{"see http://x.org/a,malaria here", 0},
		{"see https://x.org/a,malaria here", 0},
		{"see httpx malaria here", 4},
		{"see wwwx.malaria here", 4},
		{"see xwww.malaria here", 4},
		/* 'h' and 'w' start a URL only before 't' and 'w' */
		{"hhttps://example.org/malaria", 0},
		{"wwhttp://x.org/malaria", 0},
		{"see thwww.malaria here", 4},
		{"with what: www.malaria.org", 0},
		/* cues after other word starts of their 16 bytes */
		{"so, to be fair, we thank Malaria Watch.", 0},
		{"a b c d e f g h i funded by Malaria Watch.", 0},
		{"wet thanks: we thank malaria workers.", 4},
		{"![malaria](x.png)", 0},
		{"! [malaria]", 4},
		{"We thank Malaria Watch.", 0},
		{"We thank malaria workers.", 4},
		{"\xc3\xa9we thank Malaria Watch.", 4},
		{"\xe2\x80\x94we thank Malaria Watch.", 4},
		{"\xe2\x80\x94 we thank Malaria Watch.", 0},
		{"Funded by\nMalaria Watch.", 0},
		{"xfunded by Malaria Watch.", 4},
		/* names of organisations: runs start at a capital that
		 * starts a word, and only there */
		{"the Malaria Institute runs it.", 0},
		{"(Malaria Institute) runs it.", 0},
		{"so we know x-Malaria Institute work.", 4},
		{"an Institute of Malaria runs it.", 0},
		{"an Institute malaria runs it.", 4},
		/* a tag ends on its line */
		{"<b\n>malaria</b>", 4},
		{"<b title=\"malaria\">x</b>", 0},
	};
	struct dpg_sdg_vocab *v = inline_vocab("goal 3\n4 /malaria/\n");
	char text[128];
	size_t i, pad;

	CHECK(v != NULL);
	for (i = 0; v && i < DPG_ARRAY_SIZE(cases); i++)
		for (pad = 0; pad < 34; pad++) {
			size_t n = strlen(cases[i].text);
			double raw;

			/* spaces, the blanks of masked tags; a new paragraph
			 * starts the sentence */
			memset(text, ' ', pad);
			if (pad >= 2)
				memcpy(text + pad - 2, "\n\n", 2);
			memcpy(text + pad, cases[i].text, n + 1);
			raw = raw_of(v, text, 3, NULL);
			if (raw != cases[i].raw)
				printf("    '%s' after %zu bytes: %g\n",
				       cases[i].text, pad, raw);
			CHECK(raw == cases[i].raw);
		}
	dpg_sdg_vocab_free(v);
}

/* A tag is masked when its '>' is at most 2000 bytes after its '<' (looked
 * for 16 bytes at a time): at 2000 it is, at 2001 it is not, from any
 * offset (after a space: a text's first bytes are read as a title). */
TEST(test_sdg__masking_long_tags)
{
	struct dpg_sdg_vocab *v = inline_vocab("goal 3\n4 /malaria/\n");
	size_t pad, gt;
	char *text = xmalloc(2100);

	CHECK(v != NULL);
	for (gt = 1999; v && gt <= 2002; gt++)
		for (pad = 1; pad < 18; pad++) {
			double want = gt <= 2000 ? 0 : 4;

			memset(text, ' ', pad);
			memcpy(text + pad, "<b title=\"malaria", 17);
			memset(text + pad + 17, ' ', gt - 17);
			text[pad + gt] = '>';
			memcpy(text + pad + gt + 1, "x</b>", 6);
			if (raw_of(v, text, 3, NULL) != want)
				printf("    '>' at %zu after %zu bytes\n", gt,
				       pad);
			CHECK(raw_of(v, text, 3, NULL) == want);
		}
	free(text);
	dpg_sdg_vocab_free(v);
}

TEST(test_sdg__excerpts)
{
	struct dpg_sdg_vocab *v = inline_vocab("goal 3\n4 /malaria/\n"
					       "2 /clinics?/\n");
	struct dpg_sdg_result r;
	const char *text = "# Title\n\nFirst line.\n"
			   "We map malaria cases. Other sentence.\n"
			   "- clinics report weekly\n";
	char *longt;
	size_t i;

	CHECK(v != NULL);
	CHECK_INT(dpg_sdg_score(&r, v, text, strlen(text), NULL), 0);
	CHECK_INT(r.goals[2].nexcerpts, 2);
	CHECK_INT(r.goals[2].excerpts[0].line, 4);
	CHECK_STR(r.goals[2].excerpts[0].text, "We map malaria cases.");
	CHECK_INT(r.goals[2].excerpts[1].line, 5);
	CHECK_STR(r.goals[2].excerpts[1].text, "clinics report weekly");
	CHECK_INT(r.goals[0].nexcerpts, 0);
	dpg_sdg_result_release(&r);

	/* a long sentence is cut around the match, with ellipses */
	longt = xmalloc(2000);
	for (i = 0; i < 1900; i++)
		longt[i] = i % 7 == 6 ? ' ' : 'x';
	memcpy(longt + 1000, " malaria ", 9);
	longt[1900] = 0;
	CHECK_INT(dpg_sdg_score(&r, v, longt, strlen(longt), NULL), 0);
	CHECK_INT(r.goals[2].nexcerpts, 1);
	CHECK(strlen(r.goals[2].excerpts[0].text) <= DPG_SDG_EXCERPT_MAX + 6);
	CHECK(strstr(r.goals[2].excerpts[0].text, "malaria"));
	CHECK(!strncmp(r.goals[2].excerpts[0].text, "...", 3));
	dpg_sdg_result_release(&r);
	free(longt);

	/* at most DPG_SDG_MAX_EXCERPTS, the heaviest lines first */
	text = "clinic.\nclinic.\nmalaria.\nclinic.\nmalaria.\n";
	CHECK_INT(dpg_sdg_score(&r, v, text, strlen(text), NULL), 0);
	CHECK_INT(r.goals[2].nexcerpts, 3);
	CHECK_INT(r.goals[2].excerpts[0].line, 3);
	CHECK_INT(r.goals[2].excerpts[1].line, 1);
	CHECK_INT(r.goals[2].excerpts[2].line, 5);
	dpg_sdg_result_release(&r);

	/* one excerpt per sentence, even over several lines */
	text = "We map malaria\nand cholera\ncases.\n";
	CHECK_INT(dpg_sdg_score(&r, v, text, strlen(text), NULL), 0);
	CHECK_INT(r.goals[2].nexcerpts, 1);
	CHECK_INT(r.goals[2].excerpts[0].line, 1);
	CHECK_STR(r.goals[2].excerpts[0].text,
		  "We map malaria and cholera cases.");
	dpg_sdg_result_release(&r);
	dpg_sdg_vocab_free(v);
}

/* An excerpt's line, with the newlines before it at every offset of the
 * 16-byte blocks the line starts are found in. */
TEST(test_sdg__excerpt_lines)
{
	struct dpg_sdg_vocab *v = inline_vocab("goal 3\n4 /malaria/\n");
	struct dpg_sdg_result r;
	char text[2048];
	unsigned int l, i;

	CHECK(v != NULL);
	for (l = 1; v && l <= 60; l++) {
		size_t n = 0;

		for (i = 1; i < l; i++) {
			size_t w = 1 + (i * 5 + l) % 19;

			memset(text + n, 'x', w);
			memcpy(text + n + w, ".\n", 2);
			n += w + 2;
		}
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "We map malaria.\nxx.\n");
		CHECK_INT(dpg_sdg_score(&r, v, text, n, NULL), 0);
		CHECK_INT(r.goals[2].nexcerpts, 1);
		if (r.goals[2].nexcerpts == 1)
			CHECK_INT(r.goals[2].excerpts[0].line, l);
		dpg_sdg_result_release(&r);
	}
	dpg_sdg_vocab_free(v);
}

TEST(test_sdg__thresholds)
{
	CHECK_INT(dpg_sdg_strength_of(0), DPG_SDG_NONE);
	CHECK_INT(dpg_sdg_strength_of(DPG_SDG_SOME_AT - 0.01), DPG_SDG_NONE);
	CHECK_INT(dpg_sdg_strength_of(DPG_SDG_SOME_AT), DPG_SDG_SOME);
	CHECK_INT(dpg_sdg_strength_of(DPG_SDG_STRONG_AT), DPG_SDG_STRONG);
	CHECK(dpg_sdg_score_of(0) == 0);
	CHECK(dpg_sdg_score_of(8) > 0.6 && dpg_sdg_score_of(8) < 0.7);
	CHECK(dpg_sdg_score_of(100) <= 1.0);
	CHECK_STR(dpg_sdg_strength_name(DPG_SDG_STRONG), "strong");
	CHECK_STR(dpg_sdg_strength_name(DPG_SDG_SOME), "some");
	CHECK_STR(dpg_sdg_strength_name(DPG_SDG_NONE), "none");
}

/* ------------------------------------------------------------------ */
/* what counts as evidence (issue 11) */

TEST(test_sdg__names_are_not_evidence)
{
	/* organisations and journals, wherever they are */
	CHECK(raw_of(shipped(),
		     "Data managers at the Institute of Public Health run "
		     "the import every night.",
		     3, NULL) == 0);
	CHECK(raw_of(shipped(),
		     "Published in Reviews in Fish Biology and Fisheries "
		     "(2019).",
		     14, NULL) == 0);
	CHECK(raw_of(shipped(), "The Ministry of Education hosts the server.",
		     4, NULL) == 0);
	/* what the sentence says the work is for still counts */
	CHECK_INT(strength("The Institute of Public Health uses it to map "
			   "malaria cases.",
			   3),
		  DPG_SDG_SOME);
	/* funders and partners named in a credit sentence */
	CHECK(raw_of(shipped(),
		     "Support from the Federal Ministry of Education and "
		     "Research is gratefully acknowledged.",
		     4, NULL) == 0);
	CHECK(raw_of(shipped(),
		     "This work was funded by the Global Forest Fund and the "
		     "Agriculture Development Bank.",
		     2, NULL) == 0);
}

/* Each word that makes a name an organisation's, in three cases: the
 * name is masked (the mask passes over most words on their first two
 * letters and length; none of these may be passed over). */
TEST(test_sdg__org_words)
{
	static const char *const words[] = {"Academy Of",
					    "Agency",
					    "Alliance",
					    "Annals",
					    "Association",
					    "Authority",
					    "Bank",
					    "Board",
					    "Bulletin",
					    "Bureau",
					    "Center",
					    "Centre",
					    "College",
					    "Commission",
					    "Committee",
					    "Company",
					    "Consortium",
					    "Corporation",
					    "Council",
					    "Department",
					    "Federation",
					    "Fondation",
					    "Foundation",
					    "Fund",
					    "Fundaci\xc3\xb3n",
					    "GmbH",
					    "Hospital",
					    "Inc",
					    "Institut",
					    "Institute",
					    "Instituto",
					    "Journal",
					    "Laboratories",
					    "Laboratory",
					    "Letters",
					    "Ltd",
					    "Ministerio",
					    "Ministries",
					    "Ministry",
					    "Minist\xc3\xa8re",
					    "Minist\xc3\xa9rio",
					    "Office",
					    "Organisation",
					    "Organization",
					    "Proceedings",
					    "Review",
					    "Reviews",
					    "School",
					    "Secretariat",
					    "Society",
					    "Transactions",
					    "Trust",
					    "Universidad",
					    "Universidade",
					    "University",
					    "Universit\xc3\xa9"};
	struct dpg_sdg_vocab *v = inline_vocab("goal 3\n4 /malaria/\n");
	char text[128];
	size_t i, k;

	CHECK(v != NULL);
	for (i = 0; v && i < DPG_ARRAY_SIZE(words); i++)
		for (k = 0; k < 3; k++) {
			char w[64];
			size_t j;

			snprintf(w, sizeof(w), "%s", words[i]);
			for (j = 0; w[j] && k; j++)
				if (k == 1 && w[j] >= 'a' && w[j] <= 'z')
					w[j] -= 32; /* MINISTRY */
				else if (k == 2 && j && w[j] >= 'A' &&
					 w[j] <= 'Z')
					w[j] += 32; /* Gmbh */
			snprintf(text, sizeof(text),
				 "We know the Malaria %s well.", w);
			if (raw_of(v, text, 3, NULL) != 0)
				printf("    '%s' not masked\n", text);
			CHECK(raw_of(v, text, 3, NULL) == 0);
		}
	/* and a word that is none, or cut short */
	CHECK(raw_of(v, "We know the Malaria Insti well.", 3, NULL) == 4);
	CHECK(raw_of(v, "We know the Malaria Institutes well.", 3, NULL) == 4);
	dpg_sdg_vocab_free(v);
}

TEST(test_sdg__credit_sections_and_badges)
{
	const char *text =
		"# Mapper\n\nA tile server.\n\n"
		"## Acknowledgements\n\nWe thank the smallholder farmers "
		"and agricultural extension officers who tested it.\n\n"
		"## Users\n\n- Forestry Commission\n- Rural water boards\n\n"
		"## Install\n\nRun make.\n";

	CHECK(raw_of(shipped(), text, 2, NULL) == 0);
	CHECK(raw_of(shipped(), text, 6, NULL) == 0);
	/* a Setext heading too, and the section ends at the next one */
	CHECK(raw_of(shipped(),
		     "Credits\n=======\n\nMalaria programme staff.\n\n"
		     "Purpose\n=======\n\nIt maps malaria cases.\n",
		     3, NULL) == 4);
	/* a badge's alt text is not prose */
	CHECK(raw_of(shipped(),
		     "![Digital Public Good](https://x.org/dpg.svg) "
		     "![SDG 3](https://x.org/sdg3.svg)\n",
		     3, NULL) == 0);
	CHECK(raw_of(shipped(), "Recognised as a digital public good.", 17,
		     NULL) < DPG_SDG_SOME_AT);
	/* a heading that is only a term is a label */
	CHECK(raw_of(shipped(), "## Transparency\n\nAll requests are logged.\n",
		     16, NULL) == 0);
	CHECK(strength("## Transparency\n\nCitizens follow public "
		       "spending and budget transparency data.\n",
		       16) >= DPG_SDG_SOME);
}

TEST(test_sdg__agreeing_terms)
{
	/* no anchor, but several moderate terms of one goal */
	CHECK(dpg_sdg_strength(4.5, 2, 3, 2, 4) == DPG_SDG_SOME);
	CHECK(dpg_sdg_strength(4.5, 2, 3, 1, 2) == DPG_SDG_NONE);
	CHECK(dpg_sdg_strength(3.5, 2, 3, 3, 3.5) == DPG_SDG_NONE);
	CHECK(dpg_sdg_strength(3, 3, 1, 1, 3) == DPG_SDG_SOME);
	CHECK(dpg_sdg_strength(2.5, 2.5, 1, 1, 2.5) == DPG_SDG_NONE);
	CHECK(dpg_sdg_strength(9, 2, 6, 3, 5) == DPG_SDG_STRONG);
	/* repeats of supporting words are not agreement: "interoperability"
	 * three times and "metadata" once */
	CHECK(dpg_sdg_strength(4.6, 2, 4, 2, 3.5) == DPG_SDG_NONE);
	/* the issue's examples of topical prose without an anchor term */
	CHECK(strength("We estimate the impacts on nutrition of agricultural "
		       "policies that promote sustainable intensification.",
		       2) >= DPG_SDG_SOME);
	CHECK(strength("Women's political representation grew where gender "
		       "quotas raised the share of women in national "
		       "parliaments.",
		       5) >= DPG_SDG_SOME);
	CHECK(strength("Widows often lose their inheritance rights to the "
		       "husband's family.",
		       5) >= DPG_SDG_SOME);
}

TEST(test_sdg__policy_vocabulary)
{
	CHECK(strength("Infrastructure investment raised economic growth "
		       "in the region.",
		       9) >= DPG_SDG_SOME);
	CHECK(strength("Fossil-fuel subsidies and price controls keep "
		       "energy prices low.",
		       12) >= DPG_SDG_SOME);
	CHECK(strength("Food export bans pushed up world food prices.", 2) >=
	      DPG_SDG_SOME);
	CHECK(strength("Maternal deaths from unsafe abortion remain high.",
		       3) >= DPG_SDG_SOME);
	CHECK(strength("Maternal deaths from unsafe abortion remain high.",
		       5) >= DPG_SDG_SOME);
	CHECK(strength("The trafficking of women for sexual exploitation "
		       "crosses borders.",
		       5) >= DPG_SDG_SOME);
	CHECK(strength("The trafficking of women for sexual exploitation "
		       "crosses borders.",
		       16) >= DPG_SDG_SOME);
}

TEST(test_sdg__software_meanings)
{
	CHECK_INT(strength("Click Export to export data as CSV or JSON.", 17),
		  DPG_SDG_NONE);
	CHECK_INT(strength("The CI page shows statistics on failed tests and "
			   "build times.",
			   17),
		  DPG_SDG_NONE);
	CHECK_INT(strength("### Storybook Integration\n\nRun yarn storybook "
			   "to browse the React components.\n",
			   4),
		  DPG_SDG_NONE);
	CHECK_INT(strength("Follow the disaster recovery procedure to restore "
			   "the database from backups.",
			   11),
		  DPG_SDG_NONE);
	/* the real meanings still count */
	CHECK_INT(strength("Open access picture storybooks in the languages "
			   "of Africa, for children's literacy.",
			   4),
		  DPG_SDG_SOME);
	CHECK(strength("Early warning of floods and disasters for districts "
		       "in the river basin.",
		       11) >= DPG_SDG_SOME);
}

TEST(test_sdg__ui_assets_are_not_evidence)
{
	/* topic words naming icons, emoji and illustrations */
	CHECK_INT(strength("A set of 1,200 health icons, with hospital and "
			   "clinic pictograms for your app.",
			   3),
		  DPG_SDG_NONE);
	CHECK_INT(strength("Pick an emoji for school, farm or hospital from "
			   "the category list.",
			   4),
		  DPG_SDG_NONE);
	CHECK_INT(
		strength("Use the icon for malaria next to the tab title.", 3),
		DPG_SDG_NONE);
	/* what the icons are for still counts */
	CHECK(strength("Icons for community health workers who register "
		       "patients and track malaria cases in clinics.",
		       3) >= DPG_SDG_SOME);
}

TEST(test_sdg__software_meanings_2)
{
	/* from technical manuals: a permission, a project's governance, data
	 * corruption, a recycled process, a crash, a query plan, module
	 * exports, a window, a database conflict, informing people */
	CHECK_INT(strength("It is legal to pass an InputOnly window as a "
			   "drawable to this request.",
			   16),
		  DPG_SDG_NONE);
	CHECK_INT(strength("The proposal passes if two TSC voting members "
			   "approve it and no collaborator objects; the vote "
			   "closes after 72 hours.",
			   16),
		  DPG_SDG_NONE);
	CHECK_INT(strength("The mutex serializes access to the session cache "
			   "to prevent corruption.",
			   16),
		  DPG_SDG_NONE);
	CHECK_INT(strength("Each backend connection is cached until the child "
			   "process is recycled.",
			   12),
		  DPG_SDG_NONE);
	CHECK_INT(strength("If the write is interrupted by a power outage, "
			   "the journal rolls the database back.",
			   7),
		  DPG_SDG_NONE);
	CHECK_INT(strength("The index is used only when the WHERE clause has "
			   "equality constraints on its columns, not "
			   "inequalities.",
			   10),
		  DPG_SDG_NONE);
	CHECK_INT(strength("Package imports and exports targets may not "
			   "contain double slashes.",
			   17),
		  DPG_SDG_NONE);
	CHECK_INT(strength("The compositor keeps a single window on screen "
			   "while it redraws.",
			   17),
		  DPG_SDG_NONE);
	CHECK_INT(strength("The conflict resolution algorithm decides what "
			   "happens when a row violates a constraint.",
			   16),
		  DPG_SDG_NONE);
	CHECK_INT(strength("He gave talks to inform and educate the community "
			   "about packaging.",
			   4),
		  DPG_SDG_NONE);
	/* the real meanings still count */
	CHECK(strength("Corruption of public officials diverts funds from "
		       "schools and clinics.",
		       16) >= DPG_SDG_SOME);
	CHECK(strength("Frequent power outages in rural clinics spoil "
		       "vaccines kept in refrigerators.",
		       7) >= DPG_SDG_SOME);
	CHECK(strength("Traders clear imports through the customs single "
		       "window.",
		       17) >= DPG_SDG_SOME);
	CHECK(strength("Plastic bottles are collected and recycled into "
		       "new packaging.",
		       12) >= DPG_SDG_SOME);
}

TEST(test_sdg__lone_term_in_a_long_text)
{
	const char *para = "The build system writes its object files next to "
			   "the sources and links them at the end; set the "
			   "prefix to install somewhere else.\n\n";
	const char *hit = "For your homework, read the rest of the manual.\n";
	size_t n = strlen(para), i;
	char *text = xmalloc(n * 40 + strlen(hit) + 1);

	for (i = 0; i < 40; i++)
		memcpy(text + i * n, para, n);
	strcpy(text + 40 * n, hit);
	CHECK(strlen(text) > DPG_SDG_LONG_TEXT);
	/* one specific term in a long manual is a mention */
	CHECK_INT(strength(text, 4), DPG_SDG_NONE);
	/* in a short text it is evidence, as before */
	CHECK_INT(strength(hit, 4), DPG_SDG_SOME);
	free(text);
}

TEST(test_sdg__target_concepts)
{
	/* research prose on the concepts of the targets, for the goals whose
	 * recall was lowest (9, 10, 17, 5, 2, 12) and a few more */
	CHECK(strength("Mobile phone penetration and ICT adoption among small "
		       "firms raised output in the region.",
		       9) >= DPG_SDG_SOME);
	CHECK(strength("Affirmative action in public hiring reduced ethnic "
		       "discrimination against minority applicants.",
		       10) >= DPG_SDG_SOME);
	CHECK(strength("Remittance costs fell as mobile transfer services "
		       "entered the corridor.",
		       10) >= DPG_SDG_SOME);
	CHECK(strength("Domestic resource mobilization and investment "
		       "promotion both depend on a stable tax regime.",
		       17) >= DPG_SDG_SOME);
	CHECK(strength("Exports of manufactured goods grew faster than world "
		       "trade after the tariff cuts.",
		       17) >= DPG_SDG_SOME);
	CHECK(strength("Women's participation in village councils rose after "
		       "seats were reserved for them.",
		       5) >= DPG_SDG_SOME);
	CHECK(strength("Gene banks conserve landraces and the genetic "
		       "diversity of crops for future breeding.",
		       2) >= DPG_SDG_SOME);
	CHECK(strength("Extended producer responsibility shifts the cost of "
		       "packaging to the firms that sell it.",
		       12) >= DPG_SDG_SOME);
	CHECK(strength("State fragility and weak institutions prolong "
		       "armed conflict.",
		       16) >= DPG_SDG_SOME);
	CHECK(strength("Tobacco control and harm reduction programmes cut "
		       "premature deaths.",
		       3) >= DPG_SDG_SOME);
	CHECK(strength("Trade unions and collective bargaining raise the "
		       "wages of low-paid workers.",
		       8) >= DPG_SDG_SOME);
	/* and a text about software is not research on them */
	CHECK_INT(strength("The importer reads the trade-off table and "
			   "exports a report for each module.",
			   17),
		  DPG_SDG_NONE);
}

TEST(test_sdg__target_concepts_3)
{
	/* issue 11, third round: sentences of DPG registry records (the
	 * reg-train evidence and desc-a descriptions, quoted as written) for
	 * target concepts the vocabulary lacked */
	CHECK(strength("Using the Aajeevika mobile app, rural women get "
		       "connected with potential buyers of their products.",
		       5) >= DPG_SDG_SOME);
	CHECK(strength("From intent and design to implementation, OpenSPP "
		       "allows for the integration of gender considerations "
		       "into all aspects of a social protection program.",
		       5) >= DPG_SDG_SOME);
	CHECK(strength("Since many of the algorithms are weather based, it "
		       "also helps adaptation of agricultural practices in a "
		       "changing climate.",
		       13) >= DPG_SDG_SOME);
	CHECK(strength("System to monitor blood inventory from collection to "
		       "transfusion.",
		       3) >= DPG_SDG_SOME);
	CHECK(strength("Open Source, Multidisciplinary, Telerehabilitation "
		       "Software",
		       3) >= DPG_SDG_SOME);
	CHECK(strength("OpenRIMS is a web-based tool that helps NMRAs "
		       "streamline and track medicines registration.",
		       3) >= DPG_SDG_SOME);
	CHECK(strength("In Uganda, KoBoToolbox has been used to monitor "
		       "deworming activities that are crucial to the health "
		       "of school children",
		       3) >= DPG_SDG_SOME);
	CHECK(strength("The offline-first platform for teaching and learning "
		       "with technology without requiring the Internet.",
		       4) >= DPG_SDG_SOME);
	CHECK(strength("Using Virtual Reality as a Tool to Improve "
		       "Instruction Quality",
		       4) >= DPG_SDG_SOME);
	CHECK(strength("Open platform for automatic pest prediction in "
		       "agriculture",
		       2) >= DPG_SDG_SOME);
	CHECK(strength("The Delve platform seeks to recognize the artisanal "
		       "and small-scale mining sector as an important "
		       "contributor to global development.",
		       8) >= DPG_SDG_SOME);
	CHECK(strength("Used for distributed manufacturing groups, who use "
		       "our software to support their manufacturing in "
		       "multiple continents",
		       9) >= DPG_SDG_SOME);
	CHECK(strength("A python project to evaluate who is most affected by "
		       "neighbourhood planning decisions.",
		       11) >= DPG_SDG_SOME);
	CHECK(strength("Produtive Forests creates a forest inventory to "
		       "support the sustainable use of non-timber related "
		       "forest products",
		       12) >= DPG_SDG_SOME);
	CHECK(strength("Vaccine delivery becomes more expensive due to "
		       "wastage of vaccines.",
		       12) >= DPG_SDG_SOME);
	CHECK(strength("TOAEP is the first open access academic international "
		       "law publisher.",
		       16) >= DPG_SDG_SOME);
	CHECK(strength("1.4 Equal rights to economic resources and basic "
		       "services, appropriate new technology and financial "
		       "services.",
		       1) >= DPG_SDG_SOME);
	CHECK(strength("Learning and overall human development in order to "
		       "improve prospects of earning a livelihood, improving "
		       "economic conditions, and lifestyle of a large "
		       "population.",
		       8) >= DPG_SDG_SOME);
	CHECK(strength("We believe in the considerable role of quality "
		       "education and healthcare to the equality of access to "
		       "opportunities.",
		       10) >= DPG_SDG_SOME);
	CHECK(strength("OpenIMIS is open source software that manages social "
		       "(health) protection schemes.",
		       3) >= DPG_SDG_SOME);
	CHECK(strength("A fully integrated urban building energy modeling "
		       "tool that simulates building energy demand.",
		       11) >= DPG_SDG_SOME);
	CHECK(strength("Rahat is a collection of open source blockchain-based "
		       "digital relief distribution management projects for "
		       "humanitarian agencies to support marginalized "
		       "communities.",
		       1) >= DPG_SDG_SOME);
	CHECK(strength("There is increasing, and appropriate, scrutiny of the "
		       "energy footprint related to cryptocurrency networks.",
		       7) >= DPG_SDG_SOME);
	CHECK(strength("OSeMOSYS is an open source modelling system for "
		       "long-run integrated assessment and energy planning.",
		       13) >= DPG_SDG_SOME);
	/* their software meanings, from real manuals: git 2.11's release
	 * notes, zstd's changelog, OpenHIM's README (an npm package) */
	CHECK_INT(strength("The patch-id generation logic has been updated to "
			   "ignore merges and avoid the wastage.",
			   12),
		  DPG_SDG_NONE);
	CHECK_INT(strength("cli : new command --adapt, for automatic "
			   "compression level adaptation",
			   13),
		  DPG_SDG_NONE);
	CHECK_INT(strength("Message format adaptation - this is the "
			   "transformation of messages received in a certain "
			   "format into another format (e.g. HL7 v2 to HL7 v3 "
			   "or MHD to XDS.b).",
			   13),
		  DPG_SDG_NONE);
}

TEST(test_sdg__indicator_wording)
{
	/* the SDG targets and the global indicator framework, quoted */
	CHECK(strength("Increase investment in rural infrastructure, "
		       "agricultural research and extension services, "
		       "technology development and plant and livestock gene "
		       "banks",
		       2) >= DPG_SDG_SOME);
	CHECK(strength("By 2030, substantially increase water-use efficiency "
		       "across all sectors",
		       6) >= DPG_SDG_SOME);
	CHECK(strength("Protect labour rights and promote safe and secure "
		       "working environments for all workers",
		       8) >= DPG_SDG_SOME);
	CHECK(strength("Proportion of the rural population who live within 2 "
		       "km of an all-season road",
		       9) >= DPG_SDG_SOME);
	CHECK(strength("Proportion of population covered by a mobile "
		       "network, by technology",
		       9) >= DPG_SDG_SOME);
	CHECK(strength("Proportion of people living below 50 per cent of "
		       "median income, by sex, age and persons with "
		       "disabilities",
		       10) >= DPG_SDG_SOME);
	CHECK(strength("Recruitment cost borne by employee as a proportion of "
		       "monthly income earned in country of destination",
		       10) >= DPG_SDG_SOME);
	CHECK(strength("Debt service as a proportion of exports of goods and "
		       "services",
		       17) >= DPG_SDG_SOME);
	CHECK(strength("Fixed Internet broadband subscriptions per 100 "
		       "inhabitants, by speed",
		       17) >= DPG_SDG_SOME);
	CHECK(strength("Number of countries that have national statistical "
		       "legislation that complies with the Fundamental "
		       "Principles of Official Statistics",
		       17) >= DPG_SDG_SOME);
	CHECK(strength("The agriculture orientation index for government "
		       "expenditures",
		       2) >= DPG_SDG_SOME);
	CHECK(strength("Number of deaths, missing persons and directly "
		       "affected persons attributed to disasters per 100,000 "
		       "population",
		       1) >= DPG_SDG_SOME);
	CHECK(strength("Adolescent birth rate (aged 10-14 years; aged 15-19 "
		       "years) per 1,000 women in that age group",
		       3) >= DPG_SDG_SOME);
	CHECK(strength("Proportion of children and young people achieving at "
		       "least a minimum proficiency level in reading and "
		       "mathematics",
		       4) >= DPG_SDG_SOME);
	CHECK(strength("Proportion of transboundary basin area with an "
		       "operational arrangement for water cooperation",
		       6) >= DPG_SDG_SOME);
	CHECK(strength("Proportion of population with primary reliance on "
		       "clean fuels and technology",
		       7) >= DPG_SDG_SOME);
	CHECK(strength("Fatal and non-fatal occupational injuries per 100,000 "
		       "workers",
		       8) >= DPG_SDG_SOME);
	CHECK(strength("Ratio of land consumption rate to population growth "
		       "rate",
		       11) >= DPG_SDG_SOME);
	CHECK(strength("Number of countries with national and local disaster "
		       "risk reduction strategies",
		       13) >= DPG_SDG_SOME);
	CHECK(strength("Forest area as a proportion of total land area", 15) >=
	      DPG_SDG_SOME);
	CHECK(strength("Unsentenced detainees as a proportion of overall "
		       "prison population",
		       16) >= DPG_SDG_SOME);
	CHECK(strength("Proportion of children under 5 years of age whose "
		       "births have been registered with a civil authority",
		       16) >= DPG_SDG_SOME);
	CHECK(strength("the promotion of shared responsibility within the "
		       "household and the family as nationally appropriate",
		       5) >= DPG_SDG_SOME);
}

TEST(test_sdg__loaded_once)
{
	char tmpl[] = "/tmp/test_sdg_ev.XXXXXX";
	char *d = mkdtemp(tmpl), *p;
	const struct dpg_sdg_vocab *a = NULL, *b = NULL, *c = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	char *errors = NULL;

	CHECK(d != NULL);
	p = xasprintf("%s/01-x.sdg", d);
	write_file(p, "goal 1\n4 /zorblax/\n");
	CHECK_INT(dpg_sdg_vocab_shared(&a, d, NULL, &errors, &err), 0);
	CHECK_INT(dpg_sdg_vocab_shared(&b, d, NULL, &errors, &err), 0);
	CHECK(a != NULL && a == b);
	CHECK_INT(dpg_sdg_vocab_count(a, 1), 1);
	/* an edited file is read anew */
	write_file(p, "goal 1\n4 /zorblax/\n4 /quux/\n");
	CHECK_INT(dpg_sdg_vocab_shared(&c, d, NULL, &errors, &err), 0);
	CHECK(c != NULL && c != a);
	CHECK_INT(dpg_sdg_vocab_count(c, 1), 2);
	/* an invalid file: the error, every line of it, and nothing cached */
	write_file(p, "goal 1\n4 /zor(blax/\n");
	CHECK_INT(dpg_sdg_vocab_shared(&c, d, NULL, &errors, &err), DPG_EINPUT);
	CHECK(c == NULL);
	CHECK(errors && strstr(errors, "01-x.sdg:2: invalid pattern"));
	free(errors);
	unlink(p);
	free(p);
	rmdir(d);
	dpg_sdg_vocab_cache_clear();
}

/* ------------------------------------------------------------------ */
/* the shipped vocabulary: per-goal examples */

TEST(test_sdg__explicit_mentions)
{
	CHECK_INT(strength("This tool supports SDG 3.", 3), DPG_SDG_STRONG);
	CHECK_INT(strength("#SDG5 #SDG10", 5), DPG_SDG_STRONG);
	CHECK_INT(strength("#SDG5 #SDG10", 10), DPG_SDG_STRONG);
	CHECK_INT(strength("#SDG5 #SDG10", 1), DPG_SDG_NONE);
	CHECK_INT(strength("Relevant to SDGs 3, 4 and 6.", 4), DPG_SDG_STRONG);
	CHECK_INT(strength("Relevant to SDGs 3, 4 and 6.", 6), DPG_SDG_STRONG);
	CHECK_INT(strength("Relevant to SDGs 3, 4 and 6.", 5), DPG_SDG_NONE);
	CHECK_INT(strength("It serves SDG 13.", 3), DPG_SDG_NONE);
	CHECK_INT(strength("It serves SDG 13.", 13), DPG_SDG_STRONG);
	CHECK_INT(strength("Targets SDG 16.9 (legal identity).", 16),
		  DPG_SDG_STRONG);
	CHECK_INT(strength("Sustainable Development Goal 7", 7),
		  DPG_SDG_STRONG);
	CHECK_INT(strength("Our 2030 agenda work is Goal 2.", 2),
		  DPG_SDG_STRONG);
	/* "goal 2" with no SDG context is nothing */
	CHECK_INT(strength("Sprint goal 2: ship the parser.", 2), DPG_SDG_NONE);
	CHECK_INT(strength("Climate action starts here.", 13), DPG_SDG_SOME);
}

TEST(test_sdg__target_vocabulary)
{
	CHECK(strength("A tool for malaria case reporting.", 3) >=
	      DPG_SDG_SOME);
	CHECK(strength("Advice for smallholder farmers.", 2) >= DPG_SDG_SOME);
	CHECK(strength("Lessons for learners in primary schools.", 4) >=
	      DPG_SDG_SOME);
	CHECK(strength("Mapping rural water points and sanitation.", 6) >=
	      DPG_SDG_SOME);
	CHECK(strength("Planning off-grid solar electrification.", 7) >=
	      DPG_SDG_SOME);
	CHECK(strength("Case management for gender-based violence "
		       "survivors.",
		       5) >= DPG_SDG_SOME);
	CHECK(strength("Birth registration and legal identity.", 16) >=
	      DPG_SDG_SOME);
	CHECK(strength("Open data for national statistical offices.", 17) >=
	      DPG_SDG_SOME);
	CHECK(strength("Greenhouse gas emissions inventories.", 13) >=
	      DPG_SDG_SOME);
	CHECK(strength("Tracking deforestation and biodiversity loss.", 15) >=
	      DPG_SDG_SOME);
	CHECK(strength("Monitoring IUU fishing vessels.", 14) >= DPG_SDG_SOME);
	/* a single generic word is not enough */
	CHECK_INT(strength("Stay healthy: health tips.", 3), DPG_SDG_NONE);
	CHECK_INT(strength("A food blog.", 2), DPG_SDG_NONE);
	CHECK_INT(strength("Our city.", 11), DPG_SDG_NONE);
}

TEST(test_sdg__hard_negatives)
{
	CHECK_INT(strength("Add a watermark to your PDF.", 6), DPG_SDG_NONE);
	CHECK_INT(strength("Expose a health check endpoint for probes.", 3),
		  DPG_SDG_NONE);
	CHECK_INT(strength("Energy minimization with an energy function for "
			   "protein folding.",
			   7),
		  DPG_SDG_NONE);
	CHECK_INT(strength("The political climate in the team.", 13),
		  DPG_SDG_NONE);
	CHECK_INT(strength("Random forest classifier in C++.", 15),
		  DPG_SDG_NONE);
	CHECK_INT(strength("Shell completions for bash, zsh and fish.", 14),
		  DPG_SDG_NONE);
	CHECK_INT(strength("Leader election with Raft.", 16), DPG_SDG_NONE);
	CHECK_INT(strength("Database migrations for Django.", 10),
		  DPG_SDG_NONE);
	CHECK_INT(strength("Train a student network from a teacher model by "
			   "knowledge distillation.",
			   4),
		  DPG_SDG_NONE);
	/* a text about goal 3 is not about goal 6 */
	CHECK_INT(strength("An electronic medical record for clinics.", 6),
		  DPG_SDG_NONE);
}

static int valid_utf8(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u) {
		int n = *u < 0x80		   ? 0
			: *u >= 0xc2 && *u <= 0xdf ? 1
			: *u >= 0xe0 && *u <= 0xef ? 2
			: *u >= 0xf0 && *u <= 0xf4 ? 3
						   : -1;

		if (n < 0)
			return 0;
		for (u++; n > 0; n--, u++)
			if ((*u & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

/* Random and hostile bytes: no crash, excerpts stay printable. */
TEST(test_sdg__hostile_input)
{
	static const char *const pieces[] = {"malaria ", "\xff\xfe",
					     "\xc3",	 "\xe2\x82",
					     "```\n",	 "`",
					     "<!--",	 "-->",
					     "<a ",	 "http://x/",
					     "\n\n",	 ". ",
					     "\0",	 "SDG 3",
					     "water ",	 "drinking ",
					     "\x1b[31m", "\r",
					     "#",	 "* ",
					     "é",	 "health check ",
					     "census: ", "\t",
					     "(",	 "[",
					     "\\"};
	const struct dpg_sdg_vocab *v = shipped();
	unsigned long x = 12345;
	int round, g;
	size_t i, j;

	CHECK(v != NULL);
	for (round = 0; round < 300; round++) {
		char buf[4096];
		size_t n = 0, want;
		struct dpg_sdg_result r;
		char *errors = NULL;
		struct dpg_sdg_vocab *w;

		x = x * 6364136223846793005UL + 1442695040888963407UL;
		want = (x >> 33) % sizeof(buf);
		while (n < want) {
			const char *p;
			size_t len;

			x = x * 6364136223846793005UL + 1442695040888963407UL;
			p = pieces[(x >> 33) % DPG_ARRAY_SIZE(pieces)];
			len = p[0] ? strlen(p) : 1;
			if (n + len > want)
				break;
			memcpy(buf + n, p, len);
			n += len;
		}
		CHECK_INT(dpg_sdg_score(&r, v, buf, n, NULL), 0);
		for (g = 0; g < DPG_SDG_GOALS; g++) {
			CHECK(r.goals[g].raw >= 0);
			CHECK(r.goals[g].score >= 0 && r.goals[g].score <= 1);
			for (i = 0; i < r.goals[g].nexcerpts; i++) {
				const char *t = r.goals[g].excerpts[i].text;

				CHECK(strlen(t) <= DPG_SDG_EXCERPT_MAX + 6);
				for (j = 0; t[j]; j++) {
					CHECK((unsigned char)t[j] >= 0x20 &&
					      t[j] != 0x7f);
					CHECK(!((unsigned char)t[j] == 0xc2 &&
						(unsigned char)t[j + 1] <
							0xa0));
				}
				CHECK(valid_utf8(t));
				CHECK(r.goals[g].excerpts[i].line >= 1);
			}
		}
		dpg_sdg_result_release(&r);
		/* the same bytes as a vocabulary file: errors, no crash */
		w = dpg_sdg_vocab_new();
		(void)dpg_sdg_vocab_add_text(w, "fuzz.sdg", buf, n, &errors,
					     NULL);
		free(errors);
		dpg_sdg_vocab_free(w);
	}
}

/* The labelled examples: the scorer keeps its measured quality. */
static int eval_file(const char *path, double *precision, double *accuracy,
		     unsigned *n)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned tp = 0, fp = 0, tn = 0, fn = 0;

	if (!f || !shipped())
		return -1;
	while ((len = getline(&line, &cap, f)) > 0) {
		char *fld[5], *p = line, *o, *s;
		int k, goal, label, pred;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		for (k = 0; k < 5 && p; k++) {
			fld[k] = p;
			p = k < 4 ? strchr(p, '\t') : NULL;
			if (p)
				*p++ = 0;
		}
		if (k < 5)
			continue;
		for (s = o = fld[4]; *s && *s != '\n'; s++) {
			if (*s == '\\' && s[1]) {
				s++;
				*o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
			} else {
				*o++ = *s;
			}
		}
		*o = 0;
		goal = atoi(fld[2]);
		label = atoi(fld[3]);
		pred = strength(fld[4], goal) >= DPG_SDG_SOME;
		tp += pred && label;
		fp += pred && !label;
		tn += !pred && !label;
		fn += !pred && label;
	}
	free(line);
	fclose(f);
	*n = tp + fp + tn + fn;
	*precision = tp + fp ? (double)tp / (tp + fp) : 1;
	*accuracy = *n ? (double)(tp + tn) / *n : 0;
	return 0;
}

TEST(test_sdg__labelled_examples)
{
	double p, a;
	unsigned n;

	/* the tune split (1090 examples; after issue 11: precision 0.950,
	 * accuracy 0.979) */
	CHECK_INT(eval_file("tests/data/sdg/tune.tsv", &p, &a, &n), 0);
	CHECK(n >= 1000);
	CHECK(p >= 0.93);
	CHECK(a >= 0.95);
	/* the first held-out split (101: precision 0.853, accuracy 0.861
	 * after issue 11's first round, 0.806 and 0.842 after its third),
	 * with a margin: a floor against regressions, not
	 * a target (docs/SDG.md says why the real-text splits rule) */
	CHECK_INT(eval_file("tests/data/sdg/held.tsv", &p, &a, &n), 0);
	CHECK(n >= 100);
	CHECK(p >= 0.80);
	CHECK(a >= 0.83);
}

TEST(test_sdg__z_cleanup)
{
	dpg_sdg_vocab_free(shipped_v);
	shipped_v = NULL;
	CHECK(shipped_v == NULL);
}

/* The reference of dpg_sdg_copy_text: a copy, NUL bytes as spaces, and
 * the first "```" or "~~~" by strstr. */
static size_t copy_text_ref(char *m, const char *text, size_t len)
{
	const char *a, *b;
	size_t i;

	memcpy(m, text, len);
	m[len] = 0;
	for (i = 0; i < len; i++)
		if (!m[i])
			m[i] = ' ';
	a = strstr(m, "```");
	b = strstr(m, "~~~");
	if (!a || (b && b < a))
		a = b;
	return a ? (size_t)(a - m) : len;
}

/* *fences counts the texts with a fence. */
static void copy_text_check(const char *text, size_t len, size_t *fences)
{
	char *a = malloc(len + 1), *b = malloc(len + 1);
	size_t f;

	CHECK(a && b);
	f = copy_text_ref(b, text, len);
	CHECK_INT(dpg_sdg_copy_text(a, text, len), f); /* AVX2 */
	CHECK(!memcmp(a, b, len + 1));
	dpg_sdg_no_avx2 = 1; /* SSE2 */
	memset(a, 'x', len + 1);
	CHECK_INT(dpg_sdg_copy_text(a, text, len), f);
	dpg_sdg_no_avx2 = 0;
	CHECK(!memcmp(a, b, len + 1));
	free(a);
	free(b);
	*fences += f < len;
}

/* The mask's copy of a text (fast paths: AVX2, SSE2) is the byte loops'
 * (reference):
 * random texts of NUL, backticks, tildes and others at every length and
 * offset, and this repository's documents with NUL bytes put in. */
TEST(test_sdg__copy_text)
{
	static const char bytes[] = {'`', '~', 0, 'a', ' ', '\n', '`'};
	static const char *const docs[] = {"README.md", "docs/SDG.md"};
	char text[100];
	unsigned int seed = 19;
	size_t t, i, fences = 0;

	for (t = 0; t < 20000; t++) {
		size_t len;

		seed = seed * 1103515245u + 12345u;
		len = (seed >> 8) % sizeof(text);
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			text[i] = (seed >> 16) % 3 ? bytes[(seed >> 20) % 7]
						   : 'x';
		}
		copy_text_check(text, len, &fences);
	}
	CHECK(fences > 100);
	for (i = 0; i < DPG_ARRAY_SIZE(docs); i++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 20);
		size_t k;

		CHECK_INT(dpg_buf_read_file(&doc, docs[i], "doc", 0, NULL), 0);
		copy_text_check(doc.ptr, doc.len, &fences);
		for (k = 0; k < doc.len; k += 997)
			doc.ptr[k] = 0;
		copy_text_check(doc.ptr, doc.len, &fences);
		dpg_buf_release(&doc);
	}
}

/* The text mask's quick test of organisation words answers as the sorted
 * list: every word of this repository's documents, in three cases, and
 * random words of the list's letters. */
TEST(test_sdg__org_word_quick)
{
	static const char *const docs[] = {"README.md", "docs/SDG.md",
					   "docs/ARCHITECTURE.md"};
	static const char abc[] = "aAbcCdeEfiIlmnNoOrsStTuvy\xc3";
	static const char *const known[] = {"Ministry", "INSTITUTE",
					    "université", "GmbH", "Reviews"};
	char w[40];
	unsigned int seed = 5;
	size_t d, i, t, k, words = 0, orgs = 0;

	for (i = 0; i < DPG_ARRAY_SIZE(known); i++) {
		CHECK_INT(dpg_sdg_org_word(known[i], strlen(known[i]), 1), 1);
		CHECK_INT(dpg_sdg_org_word(known[i], strlen(known[i]), 0), 1);
	}
	for (d = 0; d < DPG_ARRAY_SIZE(docs); d++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 20);

		CHECK_INT(dpg_buf_read_file(&doc, docs[d], "doc", 0, NULL), 0);
		for (i = 0; i < doc.len;) {
			size_t n = 0;

			while (i + n < doc.len && n < sizeof(w) &&
			       (isalnum((unsigned char)doc.ptr[i + n]) ||
				(unsigned char)doc.ptr[i + n] >= 0x80))
				n++;
			for (t = 0; n && t < 3; t++) {
				for (k = 0; k < n; k++)
					w[k] = (char)(t == 0 ? doc.ptr[i + k]
						      : t == 1
							      ? toupper((unsigned char)doc
										.ptr[i +
										     k])
							      : tolower((unsigned char)doc
										.ptr[i +
										     k]));
				CHECK_INT(dpg_sdg_org_word(w, n, 1),
					  dpg_sdg_org_word(w, n, 0));
				orgs += (size_t)dpg_sdg_org_word(w, n, 0);
				words++;
			}
			i += n ? n : 1;
		}
		dpg_buf_release(&doc);
	}
	for (t = 0; t < 200000; t++) {
		size_t n;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 8) % 14;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			w[k] = abc[(seed >> 12) % (sizeof(abc) - 1)];
		}
		CHECK_INT(dpg_sdg_org_word(w, n, 1), dpg_sdg_org_word(w, n, 0));
	}
	CHECK(words > 10000 && orgs > 10);
}

/* Both masks of text (len bytes, no NUL) on copies: quick and whole text;
 * *changed counts the texts either mask changed. */
/*
 * check() (a quick path against the plain one; *changed counts the texts
 * it changed) on 30,000 texts of fewer than cap bytes made of pieces picked
 * at random (*made: how many it changed), and on each of the documents
 * docs from every step-th byte to its end (*real).
 */
static void pieces_and_docs(void (*check)(const char *, size_t, size_t *),
			    const char *const *pieces, size_t np, size_t cap,
			    unsigned int seed, const char *const *docs,
			    size_t nd, size_t step, size_t *made, size_t *real)
{
	char *text = malloc(cap);
	size_t t, i, k;

	CHECK(text != NULL);
	for (t = 0; t < 30000 && text; t++) {
		size_t len = 0, want, n;

		seed = seed * 1103515245u + 12345u;
		want = (seed >> 8) % cap;
		while (len < want) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			p = pieces[(seed >> 12) % np];
			n = strlen(p);
			if (len + n > want)
				n = want - len;
			memcpy(text + len, p, n);
			len += n;
		}
		check(text, len, made);
	}
	free(text);
	for (i = 0; i < nd; i++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 22);

		CHECK_INT(dpg_buf_read_file(&doc, docs[i], "doc", 0, NULL), 0);
		for (k = 0; k < doc.len; k += step)
			check(doc.ptr + k, doc.len - k, real);
		dpg_buf_release(&doc);
	}
}

/* mask(quick) against mask(plain) on a copy of text each; counts in
 * *changed whether it changed the text. */
static void quick_same(void (*mask)(char *, size_t, int), const char *text,
		       size_t len, size_t *changed)
{
	char *a = malloc(len + 1), *b = malloc(len + 1);

	CHECK(a && b);
	if (!a || !b)
		goto out;
	memcpy(a, text, len);
	memcpy(b, text, len);
	a[len] = b[len] = 0;
	mask(a, len, 1);
	mask(b, len, 0);
	CHECK(!memcmp(a, b, len + 1));
	*changed += memcmp(a, text, len) != 0;
out:
	free(a);
	free(b);
}

static void mask_quick_check(const char *text, size_t len, size_t *changed)
{
	size_t sse2 = 0;

	quick_same(dpg_sdg_mask_org_names, text, len, changed); /* AVX2 */
	quick_same(dpg_sdg_mask_sections, text, len, changed);	/* AVX2 */
	dpg_sdg_no_avx2 = 1;
	quick_same(dpg_sdg_mask_org_names, text, len, &sse2);
	quick_same(dpg_sdg_mask_sections, text, len, &sse2);
	dpg_sdg_no_avx2 = 0;
}

/* The text mask's quick organisation names (only the lines holding an
 * organisation word) and sections (none without a heading's first byte;
 * credit_heading's cues passed over by their first byte) blank what the
 * whole-text passes blank: random texts of names, headings
 * and punctuation at every length, and this repository's documents from
 * many offsets. */
TEST(test_sdg__mask_quick_paths)
{
	static const char *const pieces[] = {
		"Ministry", "Institute", "University", "Journal",    "of",
		"and",	    "the",	 "for",	       "Health",     "Public",
		"Foo",	    "bar",	 "GmbH",       "x",	     " ",
		" ",	    " ",	 "  ",	       "\n",	     "\n\n",
		",",	    ".",	 "-",	       "'",	     "&",
		"#",	    "## ",	 "**",	       "===",	     "---",
		"\n---\n",  "\n===",	 "Credits",    "References", "Funding",
		"Our",	    "Partners",	 "World",      "Bank",	     "\xc3\xa9",
		"9",	    "(",	 "É",	       "Inc",	     "Ltd.",
		"INC",	    "Council",	 "Foundation", "Trust"};
	static const char *const docs[] = {"README.md", "docs/SDG.md",
					   "docs/ARCHITECTURE.md",
					   "docs/BENCHMARKS.md"};
	/* headings at the edges of what heading_line lets through */
	static const char *const cases[] = {
		"intro\n   # Credits\nThe Foo Institute of X.\n# Use\nok",
		"intro\n    # Credits\nbody\n",
		"x # Credits\nbody",
		"  **Funding**\nbody\n## Next\nmore",
		"a **Funding**\nbody",
		"x\n      **Funding**\nbody",
		"Credits\n- -\nbody\nUse\n===\nafter",
		"Credits\n--\nbody",
		"Credits\n--- x\nbody",
		"References\n=== \nbody\n\nPartners\n---",
		"# Credits\nbody\n   #Not\nstill\n# Use\nafter"};
	size_t i, changed = 0, made = 0, real = 0;

	for (i = 0; i < DPG_ARRAY_SIZE(cases); i++)
		mask_quick_check(cases[i], strlen(cases[i]), &changed);
	CHECK_INT((int)changed, 7);
	pieces_and_docs(mask_quick_check, pieces, DPG_ARRAY_SIZE(pieces), 400,
			23, docs, DPG_ARRAY_SIZE(docs), 4099, &made, &real);
	CHECK(made > 1000);
	CHECK(real > 0);
}

/* dpg_sdg_mask_credit's quick cue search (AVX2 and SSSE3, where the CPU
 * has them) against the plain one, on made-up texts dense in cues and on
 * real documents at many offsets. */
static void credit_quick_check(const char *text, size_t len, size_t *changed)
{
	size_t ssse3 = 0;

	quick_same(dpg_sdg_mask_credit, text, len, changed); /* AVX2 */
	dpg_sdg_no_avx2 = 1;
	quick_same(dpg_sdg_mask_credit, text, len, &ssse3);
	dpg_sdg_no_avx2 = 0;
}

TEST(test_sdg__credit_quick_path)
{
	static const char *const pieces[] = {"Funded by",
					     "FUNDED BY",
					     "funding from",
					     "Support from",
					     "thanks to",
					     "We thank",
					     "we\tthank",
					     "a project of",
					     "An initiative",
					     "is used by",
					     "are used",
					     "Powered by",
					     "in cooperation",
					     "Acknowledge",
					     "grant no",
					     "Partners are",
					     "the",
					     "Ministry",
					     "Foo",
					     "Bar",
					     " ",
					     "  ",
					     "\n",
					     "\n\n",
					     ".",
					     ",",
					     "-",
					     "fund",
					     "FUNd",
					     "\xc3\xa9",
					     "9",
					     "x"};
	static const char *const docs[] = {"README.md", "docs/SDG.md",
					   "docs/ARCHITECTURE.md",
					   "docs/BENCHMARKS.md"};
	size_t made = 0, real = 0;

	pieces_and_docs(credit_quick_check, pieces, DPG_ARRAY_SIZE(pieces), 300,
			29, docs, DPG_ARRAY_SIZE(docs), 1031, &made, &real);
	CHECK(made > 10000);
	CHECK(real > 0); /* the documents credit a few */
}

/* line_of() by block counts against counting every newline, on real
 * documents, at offsets in random order and at the blocks' edges. */
TEST(test_sdg__line_of_blocks)
{
	static const char *const docs[] = {"README.md", "docs/BENCHMARKS.md",
					   "docs/SDG.md", NULL};
	size_t offs[600];
	unsigned int got[600];
	unsigned int seed = 31;
	size_t i, k, n;

	for (i = 0; i < DPG_ARRAY_SIZE(docs); i++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 22);

		if (docs[i]) {
			CHECK_INT(dpg_buf_read_file(&doc, docs[i], "doc", 0,
						    NULL),
				  0);
		} else {
			/* more newlines in a row than a byte counts */
			for (k = 0; k < 20000; k++)
				CHECK_INT(dpg_buf_add(&doc,
						      k < 8192 || k % 97 ? "\n"
									 : "x",
						      1, NULL),
					  0);
		}
		CHECK(doc.len > 3 * 4096);
		n = 0;
		offs[n++] = doc.len;
		offs[n++] = 0;
		for (k = 4096; k + 1 < doc.len && n + 3 < 300; k += 4096) {
			offs[n++] = k - 1;
			offs[n++] = k;
			offs[n++] = k + 1;
		}
		while (n < DPG_ARRAY_SIZE(offs)) {
			seed = seed * 1103515245u + 12345u;
			offs[n++] = (seed >> 4) % (doc.len + 1);
		}
		dpg_sdg_lines_of(doc.ptr, doc.len, offs, n, got);
		for (k = 0; k < n; k++) {
			unsigned int want = 1;
			size_t j;

			for (j = 0; j < offs[k]; j++)
				want += doc.ptr[j] == '\n';
			CHECK_INT((int)got[k], (int)want);
		}
		dpg_buf_release(&doc);
	}
}

/* The patterns whose anchors occur, from the literals found, against
 * dpg_lits_select() asked of each, on real documents and their tails. */
TEST(test_sdg__found_patterns)
{
	static const char *const docs[] = {"README.md", "docs/SDG.md",
					   "docs/ARCHITECTURE.md"};
	const struct dpg_sdg_vocab *v = shipped();
	size_t i, k, t, found = 0, absent = 0;

	CHECK(v && v->anchors);
	if (!v || !v->anchors)
		return;
	for (i = 0; i < DPG_ARRAY_SIZE(docs); i++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 22);

		CHECK_INT(dpg_buf_read_file(&doc, docs[i], "doc", 0, NULL), 0);
		for (k = 0; k < doc.len; k += doc.len / 7 + 1) {
			struct dpg_lits_hits *h = dpg_lits_hits_new(v->anchors);
			uint64_t *bits;

			CHECK_INT(dpg_lits_scan(h, NULL, doc.ptr + k,
						doc.len - k),
				  1);
			bits = dpg_sdg_found_patterns(v, h);
			for (t = 0; t < v->n; t++) {
				long a = v->terms[t].anchor;
				int bit;

				if (a < 0)
					continue;
				bit = (int)(bits[a >> 6] >> (a & 63) & 1);
				CHECK_INT(bit, dpg_lits_select(h, (size_t)a));
				found += bit;
				absent += !bit;
			}
			free(bits);
			dpg_lits_hits_free(h);
		}
		dpg_buf_release(&doc);
	}
	CHECK(found > 100 && absent > 1000);
}

/* Texts for the pre-check's tests: made of the vocabulary's own words and
 * of what masked pages hold between them (runs of spaces, entities,
 * Unicode spaces; with odd, KELVIN SIGN and LONG S, which caseless
 * matching equates with k and s), nwords words each, from seed. */
static void vocab_words(char ***out, size_t *nout)
{
	static const char *const files[] = {"rules/sdg/01-no-poverty.sdg",
					    "rules/sdg/02-zero-hunger.sdg",
					    "rules/sdg/07-clean-energy.sdg",
					    "rules/sdg/16-peace-justice.sdg",
					    "rules/sdg/17-partnerships.sdg"};
	char **w = NULL;
	size_t n = 0, cap = 0, i, k, j;

	for (i = 0; i < DPG_ARRAY_SIZE(files); i++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 22);

		CHECK_INT(dpg_buf_read_file(&doc, files[i], "sdg", 0, NULL), 0);
		for (k = 0; k < doc.len; k = j + 1) {
			for (j = k;
			     j < doc.len && isalpha((unsigned char)doc.ptr[j]);
			     j++)
				;
			if (j - k < 2 || j - k > 20)
				continue;
			dpg_grow(&w, &cap, n + 1, sizeof(*w));
			w[n] = malloc(j - k + 1);
			memcpy(w[n], doc.ptr + k, j - k);
			w[n++][j - k] = 0;
		}
		dpg_buf_release(&doc);
	}
	*out = w;
	*nout = n;
}

static size_t made_text(char *out, size_t cap, char *const *words, size_t nw,
			unsigned int *seed, size_t nwords, int odd)
{
	static const char *const seps[] = {" ",	       " ",
					   " ",	       "  ",
					   "\n",       "\t",
					   "-",	       ", ",
					   ".  ",      "                 ",
					   "\xc2\xa0", " s",
					   "\xc5\xbf", "\xe2\x84\xaa",
					   "&nbsp;",   "'",
					   "s ",       "es ",
					   "\r\n",     "/"};
	size_t n = 0, i;

	for (i = 0; i < nwords; i++) {
		const char *p;
		size_t k;

		*seed = *seed * 1103515245u + 12345u;
		p = words[(*seed >> 8) % nw];
		*seed = *seed * 1103515245u + 12345u;
		if (*seed >> 28 == 0) { /* upper case */
			for (k = 0; p[k] && n + 1 < cap; k++)
				out[n++] = (char)toupper((unsigned char)p[k]);
		} else {
			for (k = 0; p[k] && n + 1 < cap; k++)
				out[n++] = p[k];
		}
		do { /* KELVIN SIGN and LONG S in odd texts only */
			*seed = *seed * 1103515245u + 12345u;
			p = seps[(*seed >> 8) % DPG_ARRAY_SIZE(seps)];
		} while (!odd && (p[0] == '\xc5' || p[0] == '\xe2'));
		for (k = 0; p[k] && n + 1 < cap; k++)
			out[n++] = p[k];
	}
	out[n] = 0;
	return n;
}

/* Every offset where re matches text has x's 1 (the offsets found by
 * matching from each one after the last; *zero counts the word starts x
 * rules out). */
static void pre_sound_re(const struct sdg_term *t, const struct dpg_re *re,
			 const struct sdg_pre *x, const char *text, size_t len,
			 size_t *matches, size_t *zero)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	size_t off = 0, s;

	while (off <= len && pcre2_match(sdg_re(re, len), (PCRE2_SPTR)text, len,
					 off, 0, md, NULL) >= 0) {
		size_t at = pcre2_get_ovector_pointer(md)[0];

		if (!dpg_sdg_pre_at(x, text, len, at))
			printf("    %s:%u at %zu: \"%.40s\"\n", SDG_FILE(t),
			       t->line, at, text + at);
		CHECK_INT(dpg_sdg_pre_at(x, text, len, at), 1);
		(*matches)++;
		off = at + 1;
	}
	for (s = 0; s < len; s++)
		if ((s == 0 || !isalnum((unsigned char)text[s - 1])) &&
		    isalpha((unsigned char)text[s]))
			*zero += !dpg_sdg_pre_at(x, text, len, s);
	pcre2_match_data_free(md);
}

/* pre_sound_re for every shipped term's pattern and conditions. */
static void pre_sound(const struct dpg_sdg_vocab *v, const char *text,
		      size_t len, size_t *matches, size_t *zero)
{
	size_t i;
	int k;

	for (i = 0; i < v->n; i++) {
		const struct sdg_term *t = &v->terms[i];
		const struct dpg_re *cond[] = {&t->near, &t->unless, &t->not_};
		const struct sdg_pre *x = dpg_sdg_pre_of(t);

		if (t->anchor >= 0 && x)
			pre_sound_re(t, &t->re, x, text, len, matches, zero);
		for (k = 0; k < 3; k++)
			if (dpg_re_present(cond[k]) &&
			    (x = dpg_sdg_cond_pre_of(t, k)) != NULL)
				pre_sound_re(t, cond[k], x, text, len, matches,
					     zero);
	}
}

/* dpg_sdg_score with the test flag *plain set (the plain path) and not:
 * the same result. */
static void flag_same_score(const struct dpg_sdg_vocab *v, const char *text,
			    size_t len, int *plain, size_t *goals)
{
	struct dpg_sdg_result a, b;
	struct dpg_error err = DPG_ERROR_INIT;
	int g;
	size_t k;

	*plain = 1;
	CHECK_INT(dpg_sdg_score(&a, v, text, len, &err), 0);
	*plain = 0;
	CHECK_INT(dpg_sdg_score(&b, v, text, len, &err), 0);
	for (g = 0; g < DPG_SDG_GOALS; g++) {
		const struct dpg_sdg_goal_result *x = &a.goals[g],
						 *y = &b.goals[g];

		CHECK(x->raw == y->raw && x->score == y->score &&
		      x->top == y->top && x->spread == y->spread);
		CHECK_INT(x->strength, y->strength);
		CHECK_INT((int)x->hits, (int)y->hits);
		CHECK_INT((int)x->terms, (int)y->terms);
		CHECK_INT((int)x->nexcerpts, (int)y->nexcerpts);
		for (k = 0; k < x->nexcerpts && k < y->nexcerpts; k++) {
			CHECK_INT((int)x->excerpts[k].line,
				  (int)y->excerpts[k].line);
			CHECK(x->excerpts[k].weight == y->excerpts[k].weight);
			CHECK_STR(x->excerpts[k].text, y->excerpts[k].text);
		}
		*goals += x->hits > 0;
	}
	dpg_sdg_result_release(&a);
	dpg_sdg_result_release(&b);
}

/* The pre-check (score.c, struct sdg_pre) against PCRE2: 1 wherever a
 * term's pattern matches, on the labelled examples and on texts made of
 * the vocabulary's words; and the scores the same with and without it,
 * on those texts, whole and line by line. */
/* The pre-check of made patterns (a condition's, wrapped as vocab.c
 * wraps a term) against PCRE2 at every offset of made texts: 1 wherever
 * PCRE2 matches from there (\w runs before other than \s+, classes with
 * a space, the word boundary at the end); *zero counts the answers 0. */
static void pre_made(const char *re, const char *text, size_t *zero)
{
	struct sdg_term t;
	char src[256];
	const struct sdg_pre *x;
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	size_t s, len = strlen(text);

	memset(&t, 0, sizeof(t));
	snprintf(src, sizeof(src), "(?i:(?<!\\w)(?:%s)(?!\\w))", re);
	dpg_re_init_lazy(&t.near, src,
			 PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF);
	x = dpg_sdg_cond_pre_of(&t, 0);
	CHECK(x != NULL && md != NULL);
	for (s = 0; x && s <= len; s++) {
		/* a match from s (PCRE2 may pass over an invalid byte) */
		int m = pcre2_match(dpg_re_code(&t.near, len), (PCRE2_SPTR)text,
				    len, s, PCRE2_ANCHORED, md, NULL) >= 0 &&
			pcre2_get_ovector_pointer(md)[0] == s;

		if (m && !dpg_sdg_pre_at(x, text, len, s))
			printf("    %s at %zu of \"%s\"\n", re, s, text);
		CHECK(!m || dpg_sdg_pre_at(x, text, len, s));
		*zero += !dpg_sdg_pre_at(x, text, len, s);
	}
	pcre2_match_data_free(md);
	dpg_sdg_pre_free(&t);
	dpg_re_release(&t.near);
}

TEST(test_sdg__precheck_made)
{
	static const char *const res[] = {"foo\\w*bar",
					  "foo\\w+\\s+bar",
					  "foo\\w*",
					  "x\\w*(y|z)w",
					  "last[- ]mile",
					  "organi[sz]ed",
					  "a[-.]b",
					  "data",
					  "data(base)?",
					  "knowledge",
					  "(open\\s+)?sanitation",
					  "water"};
	static const char *const texts[] = {
		"fooxbar foobar foo bar fooxx bar foo  bar foo\xc3\xa9"
		"bar",
		"last-mile last mile last  mile lastmile last.mile LAST-Mile",
		"organised organized organixed a-b a.b a b ab",
		"database data. datum data_x data2 data\xc3\xa9"
		" data",
		"xyw xzw xaayw xa yw xqqzw",
		/* KELVIN SIGN, LONG S: k and s caselessly */
		"\xe2\x84\xaa"
		"nowledge \xc5\xbf"
		"anitation \xc2\xa0water"};
	size_t i, k, zero = 0;

	for (i = 0; i < DPG_ARRAY_SIZE(res); i++)
		for (k = 0; k < DPG_ARRAY_SIZE(texts); k++)
			pre_made(res[i], texts[k], &zero);
	CHECK(zero > 500);
}

/* The pre-checks made with runs of literal bytes read in a row and copied
 * byte tables (score.c, pre_seq's first branch) and a byte at a time
 * (dpg_sdg_pre_parse_plain): the same, node for node, for every shipped
 * term's pattern and condition and for made patterns (quantified bytes,
 * escapes, classes, groups at the ends of runs). */
TEST(test_sdg__precheck_parse)
{
	static const char *const res[] = {"foo\\w*bar",
					  "foo\\w+\\s+bar",
					  "ab?c",
					  "abc?",
					  "a?bc",
					  "ab*c",
					  "ab+c",
					  "ab{2}c",
					  "ab{2,}?c",
					  "a\\.b\\-c",
					  "x\\w*(y|z)w",
					  "last[- ]mile",
					  "organi[sz]ed",
					  "a[-.]b",
					  "data(base)?",
					  "(open\\s+)?x",
					  "a|b|cd|",
					  "]}~!",
					  "Caf\xc3\xa9 bar",
					  "a.b^c$",
					  "ABC(?:De|fG)h?",
					  "(?-i:TB)",
					  "x(?=y)z",
					  "a\\d+b"};
	const struct dpg_sdg_vocab *v = shipped();
	size_t i, made = 0;
	int k, cs;
	char src[256];

	CHECK(v != NULL);
	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		const struct sdg_term *t = &v->terms[i];
		const struct dpg_re *cond[] = {&t->near, &t->unless, &t->not_};
		int same = dpg_sdg_pre_parse_same(SDG_WRAPPED(t));

		if (!same)
			printf("    %s:%u\n", SDG_FILE(t), t->line);
		CHECK(same != 0);
		made += same > 0;
		for (k = 0; k < 3; k++) {
			if (!dpg_re_present(cond[k]))
				continue;
			same = dpg_sdg_pre_parse_same(dpg_re_src(cond[k]));
			CHECK(same != 0);
			made += same > 0;
		}
	}
	for (i = 0; i < DPG_ARRAY_SIZE(res); i++)
		for (cs = 0; cs < 2; cs++) {
			int same;

			snprintf(src, sizeof(src),
				 "(?%s:(?<!\\w)(?:%s)(?!\\w))", cs ? "-i" : "i",
				 res[i]);
			same = dpg_sdg_pre_parse_same(src);
			if (!same)
				printf("    %s\n", src);
			CHECK(same != 0);
			made += same > 0;
		}
	printf("  %zu pre-checks made the same both ways\n", made);
	CHECK(made > 450);
}

TEST(test_sdg__precheck)
{
	static const char *const docs[] = {"tests/data/sdg/tune.tsv",
					   "tests/data/sdg/held.tsv",
					   "README.md", "docs/SDG.md"};
	const struct dpg_sdg_vocab *v = shipped();
	size_t i, k, nw = 0, matches = 0, zero = 0, goals = 0, with = 0;
	unsigned int seed = 7;
	char **words = NULL, text[2048];

	CHECK(v != NULL);
	if (!v)
		return;
	for (i = 0; i < v->n; i++)
		with += v->terms[i].anchor >= 0 && dpg_sdg_pre_of(&v->terms[i]);
	CHECK(with > 400); /* most terms have one */
	for (i = 0; i < DPG_ARRAY_SIZE(docs); i++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 22);
		size_t e;

		CHECK_INT(dpg_buf_read_file(&doc, docs[i], "doc", 0, NULL), 0);
		pre_sound(v, doc.ptr, doc.len, &matches, &zero);
		flag_same_score(v, doc.ptr, doc.len, &dpg_sdg_no_precheck,
				&goals);
		for (k = 0; k < doc.len; k = e + 1) {
			e = k;
			while (e < doc.len && doc.ptr[e] != '\n')
				e++;
			flag_same_score(v, doc.ptr + k, e - k,
					&dpg_sdg_no_precheck, &goals);
			flag_same_score(v, doc.ptr + k, e - k,
					&dpg_sdg_plain_terms, &goals);
		}
		dpg_buf_release(&doc);
	}
	vocab_words(&words, &nw);
	CHECK(nw > 1000);
	for (i = 0; i < 200 && nw; i++) {
		size_t n = made_text(text, sizeof(text), words, nw, &seed, 150,
				     (int)(i & 1));

		pre_sound(v, text, n, &matches, &zero);
		flag_same_score(v, text, n, &dpg_sdg_no_precheck, &goals);
	}
	for (i = 0; i < nw; i++)
		free(words[i]);
	free(words);
	CHECK(matches > 5000 && zero > 100000 && goals > 1000);
}

/* A text scored with its terms matched at their listed starts (score.c,
 * struct starts) and through dpg_lits_match: the same results; with
 * spans of 64, 7 and 1 byte first given to a match.  And with each term
 * of the shipped vocabulary read to ask whether its anchor is in the text
 * (dpg_sdg_plain_terms) and with the anchors read from one array in the
 * goals' order (score.c, order_anchors): the same results. */
struct starts_ctx {
	const struct dpg_sdg_vocab *v;
	size_t goals, texts;
};

static void starts_same(const char *path, const char *s, size_t len, void *vc)
{
	static const size_t spans[] = {64, 7, 1};
	struct starts_ctx *c = vc;
	size_t i, was = dpg_sdg_starts_span;

	(void)path;
	for (i = 0; i < DPG_ARRAY_SIZE(spans); i++) {
		dpg_sdg_starts_span = spans[i];
		flag_same_score(c->v, s, len, &dpg_sdg_no_starts, &c->goals);
	}
	dpg_sdg_starts_span = was;
	flag_same_score(c->v, s, len, &dpg_sdg_plain_terms, &c->goals);
	c->texts++;
}

TEST(test_sdg__starts)
{
	static const char *const docs[] = {"tests/data/sdg/tune.tsv",
					   "tests/data/sdg/held.tsv",
					   "README.md", "docs/SDG.md"};
	/* put into the texts: characters of 2, 3 and 4 bytes, KELVIN SIGN,
	 * LONG S, invalid UTF-8 (a lone continuation byte, 0xFF, a cut
	 * character, a surrogate) */
	static const char *const odd[] = {
		"\xc3\xa9",	"\xe6\x97\xa5", "\xf0\x9f\x8c\x8d",
		"\xe2\x84\xaa", "\xc5\xbf",	"\x80",
		"\xff",		"\xe2\x84",	"\xed\xa0\x80"};
	struct starts_ctx c = {shipped(), 0, 0};
	size_t i, k, j, n;
	char *buf = xmalloc(1u << 20);

	CHECK(c.v != NULL);
	if (!c.v) {
		free(buf);
		return;
	}
	/* order_anchors' array is the shipped vocabulary's */
	CHECK(c.v == &dpg_sdg_builtin);
	for (i = 0; i < DPG_ARRAY_SIZE(docs); i++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 22);

		CHECK_INT(dpg_buf_read_file(&doc, docs[i], "doc", 0, NULL), 0);
		starts_same(docs[i], doc.ptr, doc.len, &c);
		/* the odd bytes after every 40th byte before a letter */
		for (k = 0; k < DPG_ARRAY_SIZE(odd); k++) {
			size_t w = strlen(odd[k]);

			for (j = n = 0; j < doc.len && n + w + 1 < (1u << 20);
			     j++) {
				buf[n++] = doc.ptr[j];
				if (j % 40 == 0 && j + 1 < doc.len &&
				    isalpha((unsigned char)doc.ptr[j + 1])) {
					memcpy(buf + n, odd[k], w);
					n += w;
				}
			}
			starts_same(docs[i], buf, n, &c);
		}
		dpg_buf_release(&doc);
	}
	test_each_listed(
		"ls /usr/share/doc/*/copyright /usr/share/doc/*/*.html "
		"2>/dev/null | head -200",
		buf, 1u << 20, starts_same, &c);
	free(buf);
	printf("  %zu texts, %zu goals with hits\n", c.texts, c.goals);
	CHECK(c.texts > 40 && c.goals > 1000);
}

TEST_MAIN("test_sdg", T(test_sdg__parse_ok), T(test_sdg__parse_errors_each),
	  T(test_sdg__parse_collects_all_errors), T(test_sdg__parse_limits),
	  T(test_sdg__load_dirs_and_overrides),
	  T(test_sdg__shipped_vocabulary_loads), T(test_sdg__conditions),
	  T(test_sdg__names_and_overlaps), T(test_sdg__case_flag_and_spaces),
	  T(test_sdg__masking), T(test_sdg__masking_at_every_offset),
	  T(test_sdg__copy_text), T(test_sdg__org_word_quick),
	  T(test_sdg__mask_quick_paths), T(test_sdg__credit_quick_path),
	  T(test_sdg__line_of_blocks), T(test_sdg__found_patterns),
	  T(test_sdg__precheck), T(test_sdg__precheck_made),
	  T(test_sdg__precheck_parse), T(test_sdg__starts),
	  T(test_sdg__masking_long_tags), T(test_sdg__excerpts),
	  T(test_sdg__excerpt_lines), T(test_sdg__thresholds),
	  T(test_sdg__explicit_mentions), T(test_sdg__target_vocabulary),
	  T(test_sdg__hard_negatives), T(test_sdg__hostile_input),
	  T(test_sdg__names_are_not_evidence),
	  T(test_sdg__credit_sections_and_badges), T(test_sdg__org_words),
	  T(test_sdg__agreeing_terms), T(test_sdg__policy_vocabulary),
	  T(test_sdg__software_meanings),
	  T(test_sdg__ui_assets_are_not_evidence),
	  T(test_sdg__software_meanings_2),
	  T(test_sdg__lone_term_in_a_long_text), T(test_sdg__target_concepts),
	  T(test_sdg__target_concepts_3), T(test_sdg__indicator_wording),
	  T(test_sdg__loaded_once), T(test_sdg__labelled_examples),
	  T(test_sdg__z_cleanup))
