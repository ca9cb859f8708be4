/*
 * test_rules_prefilter.c: required literals extracted from patterns, and
 * the trigram filter (src/rules/prefilter.c, a private interface).
 */
#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../src/rules/lits_int.h"
#include "../../src/rules/pf_known.h"
#include "../../src/rules/re_known.h"
#include "../../src/rules/rules_int.h"
#include "../../src/sdg/sdg_int.h"
#include "dpg/buf.h"
#include "dpg/rules.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
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
	/* Latin-1 letters are part of a literal, folded like ASCII letters
	 * (Ç to ç: C3 87 to C3 A7); other non-ASCII characters end one */
	CHECK_STR(lits("Prote\xc3\xa7\xc3\xa3o de Dados"),
		  "prote\xc3\xa7\xc3\xa3o de dados");
	CHECK_STR(lits("PROTE\xc3\x87\xc3\x83O"), "prote\xc3\xa7\xc3\xa3o");
	CHECK_STR(lits("stra\xc3\x9f"
		       "en"),
		  "stra");
	CHECK_STR(lits("CO\xe2\x82\x82 emission"), "co\xe2\xa2\xa2 emission");
	CHECK_STR(lits("CO\xe2\x80\x9c emission"), " emission");
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

/* The printable ASCII bytes of a run set, tab and newline as t and n,
 * "+[...]" ("" when empty; a last "~" when it holds every byte from
 * 0x80). */
static void runs_str(char *out, size_t cap, const struct dpg_bytes *u)
{
	size_t o = 0;
	unsigned int c;
	int any = 0;

	out[0] = '\0';
	for (c = 0; c < 256; c++)
		any |= (int)(u->w[c >> 6] >> (c & 63) & 1);
	if (!any)
		return;
	o += (size_t)snprintf(out + o, cap - o, "+[");
	for (c = 0; c < 127 && o + 3 < cap; c++)
		if ((u->w[c >> 6] >> (c & 63) & 1) &&
		    (c >= ' ' || c == '\t' || c == '\n'))
			out[o++] = c == '\t' ? 't' : c == '\n' ? 'n' : (char)c;
	if ((u->w[2] & u->w[3]) == ~(uint64_t)0 && o + 2 < cap)
		out[o++] = '~';
	snprintf(out + o, cap - o, "]");
}

/* The anchors of src with their distances, "lit@d|..." ("" when none),
 * each with its run set (runs_str). */
static const char *anchors(const char *src)
{
	static char out[1024];
	char **l, r[300];
	size_t n, i, o = 0, *d;
	struct dpg_bytes *u;

	out[0] = '\0';
	if (dpg_rules_anchors(src, &l, &d, &u, &n) < 0)
		return "";
	for (i = 0; i < n; i++) {
		runs_str(r, sizeof(r), &u[i]);
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s@%zu%s",
				      i ? "|" : "", l[i], d[i], r);
		free(l[i]);
	}
	free(l);
	free(d);
	free(u);
	return out;
}

TEST(test_rules_prefilter__anchors)
{
	CHECK_STR(anchors("\\bGDPR\\b"), "gdpr@0");
	/* the rarest literal at a bounded distance (by its rarest trigram;
	 * never a word as common as "access"), then the longest, then the
	 * leftmost */
	CHECK_STR(anchors("(?i)\\bCalifornia (Consumer )?Privacy Act\\b"),
		  "california @0");
	CHECK_STR(anchors("(?i)access\\s+to\\s+food"), "food@8+[tn ~]");
	CHECK_STR(anchors("colou?r scheme"), "r scheme@5");
	CHECK_STR(anchors("the\\s+poor(est)?"), "poor@3+[tn ~]");
	CHECK_STR(anchors("x{2,3}abc"), "abc@3");
	/* a character is up to 4 bytes of UTF-8 */
	CHECK_STR(anchors("a.{0,5}xyz"), "xyz@21");
	CHECK_STR(anchors("[A-Z]{2}ab\\d{1,2}xyz"), "xyz@18");
	CHECK_STR(anchors("(?<!\\w)(?:health|sant\xc3\xa9 publique)"),
		  "health@0|sant\xc3\xa9 publique@0");
	CHECK_STR(anchors("(ab|cd)efg"), "efg@2");
	CHECK_STR(anchors("(?:SDGs?|global goals?)[\\s#]*3"),
		  "sdg@0|global goal@0");
	/* \\xhh is one character, not the literal "41" */
	CHECK_STR(anchors("\\x41bcd"), "bcd@4");
	/* after unbounded runs of a class: its bytes, any number of them
	 * (every byte from 0x80 for \\s, \\w: Unicode spaces, letters) */
	CHECK_STR(anchors("ab\\s+cdef"), "cdef@2+[tn ~]");
	CHECK_STR(anchors("(?:SDG\\s+)?targets?\\s+3\\."), "target@3+[tn ~]");
	/* but one ASCII byte or bytes from 0x80: where those are in the
	 * runs anyway, one byte a character */
	CHECK_STR(anchors("^[ \\t]{0,3}#{1,6}[ \\t]*[^\\n]{0,30}\\binstall"),
		  "install@39+[t ~]");
	CHECK_STR(anchors("a[^\\n]{0,5}\\s+xyz"), "xyz@6+[tn ~]");
	CHECK_STR(anchors("\\w+ing data"),
		  "ing data@0+[0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
		  "abcdefghijklmnopqrstuvwxyz~]");
	CHECK_STR(anchors("x*abc"), "abc@0+[Xx]");
	CHECK_STR(anchors("(\\d+[,.] ?){0,3}abc"), "abc@6+[0123456789~]");
	CHECK_STR(anchors("[^a-z\\n]+abc"),
		  "abc@0+[t "
		  "!\"#$%&'()*+,-./"
		  "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`{|}~~]");
	/* not when the run can be any byte, or has a bounded part */
	CHECK_STR(anchors(".*abc"), "");
	CHECK_STR(anchors("(ab\\s)+cde"), "");
	CHECK_STR(anchors("\\X+abc"), "");
	/* unbounded before any literal, \\G and \\K: none */
	CHECK_STR(anchors("\\Gabc"), "");
	CHECK_STR(anchors("abc\\Kdef"), "");
	CHECK_STR(anchors("(a)\\1bcd"), "");
	CHECK_STR(anchors("GDPR|ab"), "");
}

/* Every match of code in text, from offset 0 on, as the SDG scorer walks
 * them ("s-e,..."), plainly or from the anchors. */
static void walk(char *out, size_t cap, struct dpg_re *re,
		 struct dpg_lits_hits *h, const char *text, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	size_t off = 0, o = 0;

	out[0] = '\0';
	while (off <= len && o + 64 < cap) {
		int rc = h ? dpg_lits_match(h, re, text, len, off, md, mc)
			   : pcre2_match(dpg_re_code(re, len - off),
					 (PCRE2_SPTR)text, len, off, 0, md, mc);
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

		if (rc < 0)
			break;
		o += (size_t)snprintf(out + o, cap - o, "%zu-%zu,",
				      (size_t)ov[0], (size_t)ov[1]);
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);
}

/*
 * Random texts of words (rounds of them): every pattern finds the same
 * matches from its anchors as plainly.  *matched: how many texts had a
 * match of some pattern (a check that the words make matches).
 */
static void compare_random(const char *const *pats, size_t npats,
			   const char *const *words, size_t nwords,
			   size_t rounds, unsigned int seed, size_t *matched)
{
	struct dpg_lits *ls = dpg_lits_new();
	struct dpg_lits_hits *h;
	struct dpg_re code[16];
	long id[16];
	static char text[4096], a[16384], b[16384];
	size_t i, k, t;

	*matched = 0;
	CHECK(npats <= DPG_ARRAY_SIZE(code));
	for (i = 0; i < npats; i++) {
		int ec;
		PCRE2_SIZE eo;

		uint32_t fl = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF |
			      PCRE2_USE_OFFSET_LIMIT;

		/* every other one compiled at its first use */
		if (i % 2)
			dpg_re_init_lazy(&code[i], pats[i], fl);
		else
			dpg_re_init(&code[i],
				    pcre2_compile((PCRE2_SPTR)pats[i],
						  PCRE2_ZERO_TERMINATED, fl,
						  &ec, &eo, NULL));
		CHECK(dpg_re_present(&code[i]));
		CHECK(dpg_lits_usable(&code[i]));
		id[i] = dpg_lits_add_pattern(ls, pats[i], NULL, NULL);
		CHECK(id[i] == (long)i);
	}
	dpg_lits_build(ls);
	h = dpg_lits_hits_new(ls);
	for (t = 0; t < rounds; t++) {
		size_t len = 0,
		       n = 1 + (seed = seed * 1103515245u + 12345u) % 200;
		int any = 0;

		for (k = 0; k < n; k++) {
			const char *w;

			seed = seed * 1103515245u + 12345u;
			w = words[(seed >> 8) % nwords];
			if (len + strlen(w) >= sizeof(text))
				break;
			memcpy(text + len, w, strlen(w));
			len += strlen(w);
		}
		text[len] = '\0';
		CHECK_INT(dpg_lits_scan(h, NULL, text, len), 1);
		for (i = 0; i < npats; i++) {
			walk(a, sizeof(a), &code[i], NULL, text, len);
			if (dpg_lits_select(h, (size_t)id[i]))
				walk(b, sizeof(b), &code[i], h, text, len);
			else
				b[0] = '\0';
			CHECK_STR(b, a);
			any |= a[0] != '\0';
		}
		*matched += (size_t)any;
		/* a scan for some of the patterns (dpg_lits_hits_only, more
		 * subsets than it keeps) finds theirs alike */
		{
			size_t sub[16], ns = 0;

			seed = seed * 1103515245u + 12345u;
			for (i = 0; i < npats; i++)
				if (seed >> (8 + i) & 1)
					sub[ns++] = (size_t)id[i];
			dpg_lits_hits_only(h, sub, ns);
			CHECK_INT(dpg_lits_scan(h, NULL, text, len), 1);
			for (k = 0; k < ns; k++) {
				walk(a, sizeof(a), &code[sub[k]], NULL, text,
				     len);
				if (dpg_lits_select(h, sub[k]))
					walk(b, sizeof(b), &code[sub[k]], h,
					     text, len);
				else
					b[0] = '\0';
				CHECK_STR(b, a);
			}
			dpg_lits_hits_only(h, NULL, 0);
		}
	}
	/* KELVIN SIGN and LONG S (caseless partners of k and s): the scan
	 * holds, but not the trigram bits */
	CHECK_INT(dpg_lits_scan(h, NULL,
				"\xe2\x84\xaa"
				"enya",
				7),
		  1);
	{
		static unsigned char bits[DPG_RULES_TRI_BITS / 8];

		CHECK_INT(dpg_lits_scan(h, bits,
					"\xc5\xbf"
					"ing",
					5),
			  0);
	}
	for (i = 0; i < npats; i++)
		dpg_re_release(&code[i]);
	dpg_lits_hits_free(h);
	dpg_lits_free(ls);
}

TEST(test_rules_prefilter__anchored_match)
{
	static const char *const pats[] = {
		"(?i:(?<!\\w)(?:good\\s+health|universal\\s+health)(?!\\w))",
		"(?i)\\bdata (protection|privacy)\\b",
		"(?i)[a-z]{1,3}ing data",
		"x{2,3}abc",
		"(?i:(?<!\\w)(?:health\\s?care|sant\xc3\xa9)(?!\\w))",
		"(?m)^#{1,3} ?Install\\w*",
		"(?i)stra\xc3\x9f"
		"e|ni\xc3\xb1o|\xc3\xa5ngstr\xc3\xb6m|co\xe2\x82\x82",
	};
	static const char *const words[] = {
		"good", "health", "Health", "universal", " ", "  ", "\n",
		"data", "protection", "xx", "xxx", "abc", "ing", "sing", "care",
		"\xc3\xa9", "sant\xc3\xa9", "# ", "## ", "Install", "ations",
		"privacy", "DATA", "\xe2\x80\x83", ".", "\xff",
		/* word bytes before a (?<!\\w) pattern: no start there */
		"_", "9",
		/* caseless partners of Latin-1 letters, ß (U+1E9E), å
		 * (U+212B ANGSTROM SIGN) */
		"SANT\xc3\x89", "\xc3\x89",
		"stra\xc3\x9f"
		"e",
		"STRA\xe1\xba\x9e"
		"E",
		"ni\xc3\xb1o", "NI\xc3\x91O",
		"\xe2\x84\xab"
		"ngstr\xc3\xb6m",
		"\xc3\x85NGSTR\xc3\x96M"};
	/* with KELVIN SIGN and LONG S, caseless partners of k and s, also
	 * inside literals */
	static const char *const odd[] = {"good",
					  "health",
					  " ",
					  "\n",
					  "data",
					  "protection",
					  "ing",
					  "care",
					  "sant\xc3\xa9",
					  "# ",
					  "Install",
					  "stra\xc3\x9f"
					  "e",
					  "\xe2\x84\xaa",
					  "\xc5\xbf",
					  "\xc5\xbfing",
					  "In\xc5\xbftall",
					  "\xc5\xbf"
					  "ant\xc3\xa9",
					  "\xc5\xbftra\xc3\x9f"
					  "e",
					  "x"};
	size_t matched;

	compare_random(pats, DPG_ARRAY_SIZE(pats), words, DPG_ARRAY_SIZE(words),
		       2000, 12345, &matched);
	CHECK(matched > 100);
	compare_random(pats, DPG_ARRAY_SIZE(pats), odd, DPG_ARRAY_SIZE(odd),
		       1000, 777, &matched);
	CHECK(matched > 100);
}

/* Anchors after unbounded runs (\\s+, [ \\t]*, \\w+...): the walk back over
 * the run's bytes finds every start. */
TEST(test_rules_prefilter__anchored_runs)
{
	static const char *const pats[] = {
		"(?i:(?<!\\w)(?:(?:good\\s+)?health\\s+care)(?!\\w))",
		"(?im)^[ \\t]{0,3}#{1,6}[ \\t]*(\\w+[ \\t]+){0,2}data\\b",
		"(?i)(?:x\\s*){0,2}ing\\s+data",
		"(?i)\\bsing\\W*data",
		"(?i:(?<!\\w)(?:(?:SDG\\s+)?targets?\\s+3\\.[0-9a-d]{1,2})(?!"
		"\\w))",
		"(?i)(electronic\\s+)?(medical|patient)\\s+records?",
		"[^a-z\\n]+ing",
		"(?i)s+ing",
		"(?i)xk+\\s*data",
	};
	static const char *const words[] = {
		"good ", "good\t\n ", "health ", "health", "care", " care",
		"  ", "\n", "\t", "x ", "x", "ing ", "ing", "sing", "data",
		" data", "# ", "## ", "#", "word ", "SDG ", "SDG\t ", "target ",
		"targets  ", "3.1", "3.", "\xc2\xa0", "\xe2\x80\x83", "-",
		"electronic ", "medical", " records", "Patient ", "record",
		"\xc3\xa9", "A1 ", ".", "X",
		/* masked HTML's runs */
		"                       ", "\n                 \n    "};
	static const char *const odd[] = {"good ",
					  "health ",
					  "care",
					  " ",
					  "\n",
					  "x ",
					  "ing",
					  "sing",
					  " data",
					  "# ",
					  "SDG ",
					  "target ",
					  "3.1",
					  "electronic ",
					  "medical",
					  " records",
					  "s",
					  "K",
					  "\xc5\xbf",
					  "\xc5\xbfing",
					  "\xe2\x84\xaa",
					  "\xc5\xbf"
					  "DG ",
					  "\xc5\xbf\xc5\xbf",
					  "record\xc5\xbf",
					  "\xe2\x84\xaa\xc5\xbf"};

	size_t matched;

	compare_random(pats, DPG_ARRAY_SIZE(pats), words, DPG_ARRAY_SIZE(words),
		       3000, 4242, &matched);
	CHECK(matched > 1000);
	compare_random(pats, DPG_ARRAY_SIZE(pats), odd, DPG_ARRAY_SIZE(odd),
		       1500, 99, &matched);
	CHECK(matched > 500);
}

/* A shipped pattern as a scan matches it from its anchors. */
struct anch {
	const char *src;
	struct dpg_re *re;
	long id;
};

/* Each pattern of a finds the same matches in text from its anchors as
 * plainly; *matched counts those that matched. */
static void same_matches(struct anch *a, size_t n, struct dpg_lits_hits *h,
			 const char *text, size_t len, size_t *matched)
{
	static char x[1 << 15], y[1 << 15];
	size_t i;

	CHECK_INT(dpg_lits_scan(h, NULL, text, len), 1);
	for (i = 0; i < n; i++) {
		walk(x, sizeof(x), a[i].re, NULL, text, len);
		if (dpg_lits_select(h, (size_t)a[i].id))
			walk(y, sizeof(y), a[i].re, h, text, len);
		else
			y[0] = '\0';
		if (strcmp(x, y))
			fprintf(stderr, "  %s: %s, anchored %s\n", a[i].src, x,
				y);
		CHECK_STR(y, x);
		*matched += x[0] != '\0';
	}
}

/*
 * The shipped content rules and SDG terms matched from their anchors find
 * what they find plainly, where their distances count a character of a
 * class, '.' or escape as one byte (its bytes from 0x80 in the runs):
 * random texts of the rules' own examples' words between characters of 2,
 * 3 and 4 bytes, and real texts (this repository's documents, HTML under
 * /usr/share/doc), as they are and with such characters in place of some
 * ASCII ones.
 */
TEST(test_rules_prefilter__shipped_as_plain)
{
	static const char *const docs[] = {
		"README.md",
		"docs/ARCHITECTURE.md",
		"docs/SDG.md",
		"/usr/share/doc/python3/python-policy.html",
		"/usr/share/doc/zlib1g-dev/examples/zlib_how.html",
		"/usr/share/doc/libjs-underscore/index.html"};
	static const char *const wide[] = {
		"\xc3\xa9",	    "\xe6\x97\xa5\xe6\x9c\xac",
		"\xf0\x9f\x98\x80", "\xc2\xa0",
		"\xe3\x80\x80",	    "\xd0\x96",
		"\xe2\x80\x83",	    "\n"};
	struct dpg_ruleset *rs = dpg_ruleset_new();
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_sdg_vocab *v = NULL;
	struct dpg_lits *ls = dpg_lits_new();
	struct dpg_lits_hits *h;
	struct anch *a = NULL;
	struct dpg_re *own = NULL;
	char *errors = NULL, **words = NULL, *text = NULL;
	size_t n = 0, cap = 0, nown = 0, nw = 0, wcap = 0, i, k, t;
	size_t matched = 0, tcap = 1u << 16;
	unsigned int seed = 2026;

	CHECK(dpg_ruleset_load_dir(rs, "rules", 0, &diag, &err) > 50);
	own = calloc(dpg_ruleset_count(rs), sizeof(*own));
	CHECK(own != NULL);
	for (i = 0; own && i < dpg_ruleset_count(rs); i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(rs, i);
		char msg[300];
		pcre2_code *code;
		long id;

		if (!r->content)
			continue;
		/* as eval.c's compile_one makes a content pattern */
		code = dpg_rules_re_compile(r->content,
					    dpg_rules_key_flags("content") |
						    PCRE2_USE_OFFSET_LIMIT,
					    msg, sizeof(msg));
		CHECK(code != NULL);
		id = dpg_lits_add_pattern(ls, r->content, NULL, NULL);
		if (id < 0) {
			pcre2_code_free(code);
		} else {
			dpg_re_init(&own[nown], code);
			dpg_grow(&a, &cap, n + 1, sizeof(*a));
			a[n].src = r->content;
			a[n].re = &own[nown++];
			a[n++].id = id;
		}
		/* the words of its examples, with their spaces */
		for (k = 0; k < r->nexamples; k++) {
			const char *p = r->examples[k].text, *e;

			if (r->examples[k].kind != DPG_RULE_EX_CONTENT)
				continue;
			for (; *p; p = e) {
				e = strchr(p, ' ');
				e = e ? e + 1 : p + strlen(p);
				dpg_grow(&words, &wcap, nw + 1, sizeof(*words));
				words[nw++] = strndup(p, (size_t)(e - p));
			}
		}
	}
	CHECK_INT(dpg_sdg_vocab_load(&v, "rules/sdg", NULL, &errors, &err), 0);
	for (i = 0; v && i < v->n; i++) {
		long id;

		if (!dpg_lits_usable(&v->terms[i].re))
			continue;
		id = dpg_lits_add_pattern(ls, SDG_WRAPPED(&v->terms[i]), NULL,
					  NULL);
		if (id < 0)
			continue;
		dpg_grow(&a, &cap, n + 1, sizeof(*a));
		a[n].src = SDG_WRAPPED(&v->terms[i]);
		a[n].re = &v->terms[i].re;
		a[n++].id = id;
	}
	CHECK(n > 300);
	CHECK(nw > 200);
	dpg_lits_build(ls);
	h = dpg_lits_hits_new(ls);
	text = malloc(tcap);
	CHECK(text != NULL);
	for (t = 0; text && t < 300; t++) {
		size_t len = 0,
		       m = 1 + (seed = seed * 1103515245u + 12345u) % 40;

		/* runs of an example's words (they follow each other in
		 * words), with wide characters between some */
		for (k = 0; k < m; k++) {
			size_t j, q, run;

			seed = seed * 1103515245u + 12345u;
			j = (seed >> 8) % nw;
			run = 1 + (seed >> 20) % 12;
			for (q = 0; q < run && j + q < nw; q++) {
				const char *w = words[j + q];
				size_t c, nc;

				seed = seed * 1103515245u + 12345u;
				nc = (seed >> 8) % 3 ? 0 : 1 + (seed >> 12) % 8;
				if (len + strlen(w) + 4 * nc + 1 >= tcap)
					break;
				memcpy(text + len, w, strlen(w));
				len += strlen(w);
				for (c = 0; c < nc; c++) {
					const char *x =
						wide[(seed >> (14 + c)) %
						     DPG_ARRAY_SIZE(wide)];

					memcpy(text + len, x, strlen(x));
					len += strlen(x);
				}
				if (nc)
					text[len++] = ' ';
			}
		}
		same_matches(a, n, h, text, len, &matched);
	}
	CHECK(matched > 1500);
	for (i = 0; text && i < DPG_ARRAY_SIZE(docs); i++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 20);
		size_t len, o;

		if (dpg_buf_read_file(&doc, docs[i], "doc", DPG_READ_TRUNCATE,
				      NULL) != 0) {
			dpg_buf_release(&doc);
			continue;
		}
		same_matches(a, n, h, doc.ptr, doc.len, &t);
		/* every eleventh letter a character of 2, 3 or 4 bytes */
		if (doc.len * 4 >= tcap) {
			tcap = doc.len * 4 + 1;
			text = realloc(text, tcap);
			CHECK(text != NULL);
		}
		for (k = 0, len = 0, o = 0; text && k < doc.len; k++) {
			unsigned char c = (unsigned char)doc.ptr[k];

			if (c >= 'a' && c <= 'z' && ++o % 11 == 0) {
				const char *w = wide[o % 3 == 0	  ? 0
						     : o % 3 == 1 ? 1
								  : 2];

				memcpy(text + len, w, strlen(w));
				len += strlen(w);
			} else {
				text[len++] = (char)c;
			}
		}
		if (text)
			same_matches(a, n, h, text, len, &t);
		dpg_buf_release(&doc);
	}
	for (i = 0; i < nw; i++)
		free(words[i]);
	free(words);
	free(text);
	for (i = 0; i < nown; i++)
		dpg_re_release(&own[i]);
	free(own);
	free(a);
	dpg_lits_hits_free(h);
	dpg_lits_free(ls);
	free(errors);
	dpg_sdg_vocab_free(v);
	dpg_rules_diag_release(&diag);
	dpg_ruleset_free(rs);
}

/*
 * Every shipped anchor literal (rules and SDG terms: pf_known) as a
 * pattern of its own, in one set as a scan has them: the literal pass
 * finds every occurrence, at whatever offset its key is.  The model:
 * lowercase A-Z and the Latin-1 capitals' second bytes (C3 80..9E, as
 * find_all does), then compare at each offset; where a literal occurs, the
 * matches from its occurrences are a plain scan's.  Texts: random mixes of the
 * literals (whole, in mixed case, cut short), markup and separators,
 * across the pass's 1 KiB blocks; and this repository's documents.
 */
struct node {
	int kid, sib; /* first child, next sibling: -1 none */
	int lit;      /* the literal ending here, or -1 */
	unsigned char c;
};

struct keyset {
	char **lit;
	size_t n;
	struct dpg_re *re;
	struct dpg_lits *ls;
	struct dpg_lits_hits *h;
	/* the reference: a byte trie of the literals (node 0 the root) */
	struct node *node;
	size_t nnode, nodecap;
	size_t *cnt, *first, *pos, poscap;
};

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* How often s (lowercase) occurs in the n bytes of t (overlaps too)? */
static size_t occurs(const char *t, size_t n, const char *s)
{
	size_t m = strlen(s), i, c = 0;

	for (i = 0; i + m <= n; i++)
		if (t[i] == s[0] && !memcmp(t + i, s, m))
			c++;
	return c;
}

/* The child of node x by byte c, made when add; -1 when none. */
static int trie_kid(struct keyset *k, int x, unsigned char c, int add)
{
	int y;

	for (y = k->node[x].kid; y >= 0; y = k->node[y].sib)
		if (k->node[y].c == c)
			return y;
	if (!add)
		return -1;
	dpg_grow(&k->node, &k->nodecap, k->nnode + 1, sizeof(*k->node));
	y = (int)k->nnode++;
	k->node[y] = (struct node){-1, k->node[x].kid, -1, c};
	k->node[x].kid = y;
	return y;
}

/* The text as find_all reads it: A-Z and the Latin-1 capitals' second
 * bytes (C3 80..9E) lowered. */
static void lower_text(char *low, const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		low[i] = (char)(c >= 'A' && c <= 'Z'	 ? c + 32
				: c >= 0x80 && c <= 0x9e ? c + 32
							 : c);
	}
}

/*
 * The last scan of k->h found every occurrence of every literal in low
 * (len bytes, lowered) that the trie finds from each offset, each once, at
 * its offset (at[offset] in the text when at; the same offset when not),
 * and no other.  Adds the occurrences to *found.
 */
static void keyset_same(struct keyset *k, const char *low, size_t len,
			const size_t *at, size_t *found)
{
	const uint32_t *f = dpg_lits_found(k->h);
	size_t i, q, l, np = 0;

	CHECK(f != NULL);
	memset(k->cnt, 0, (k->n + 1) * sizeof(*k->cnt));
	/* (literal, offset) in text order, counted per literal */
	for (i = 0; i < len; i++) {
		int x = 0;

		for (q = i; q < len; q++) {
			x = trie_kid(k, x, (unsigned char)low[q], 0);
			if (x < 0)
				break;
			if (k->node[x].lit < 0)
				continue;
			dpg_grow(&k->pos, &k->poscap, np + 2, sizeof(*k->pos));
			k->pos[np++] = (size_t)k->node[x].lit;
			k->pos[np++] = at ? at[i] : i;
			k->cnt[k->node[x].lit]++;
		}
	}
	for (l = 0; l < k->n; l++) {
		CHECK_INT(f[l + 1] - f[l], k->cnt[l]);
		k->first[l] = f[l];
	}
	for (i = 0; i < np; i += 2) {
		l = k->pos[i];
		CHECK_INT(dpg_lits_at(k->h, k->first[l]++), k->pos[i + 1]);
	}
	*found += np / 2;
}

static void keyset_check(struct keyset *k, const char *text, size_t len,
			 size_t *found)
{
	static char a[1 << 18], b[1 << 18];
	char *low = malloc(len + 1);
	size_t i;

	CHECK(low != NULL);
	lower_text(low, text, len);
	CHECK_INT(dpg_lits_scan(k->h, NULL, text, len), 1);
	keyset_same(k, low, len, NULL, &i);
	for (i = 0; i < k->n; i++) {
		size_t c = occurs(low, len, k->lit[i]);
		int in = c > 0;

		/* every occurrence is found once */
		CHECK_INT(dpg_lits_found(k->h)[i + 1] - dpg_lits_found(k->h)[i],
			  c);
		CHECK_INT(dpg_lits_select(k->h, i), in);
		if (!in)
			continue;
		(*found)++;
		walk(a, sizeof(a), &k->re[i], NULL, text, len);
		walk(b, sizeof(b), &k->re[i], k->h, text, len);
		CHECK_STR(b, a);
	}
	free(low);
}

/* Every shipped anchor literal, each a pattern of its own, in one set. */
static void keyset_make(struct keyset *k)
{
	size_t i, j, cap = 0;
	const size_t zero = 0;

	for (i = 0; i < dpg_pf_nknown; i++)
		for (j = 0; dpg_pf_known[i].anc_ok && j < dpg_pf_known[i].nanc;
		     j++) {
			dpg_grow(&k->lit, &cap, k->n + 1, sizeof(*k->lit));
			k->lit[k->n++] = (char *)dpg_pf_strs +
					 dpg_pf_lits[dpg_pf_known[i].anc + j];
		}
	CHECK(k->n > 1000);
	qsort(k->lit, k->n, sizeof(*k->lit), cmp_cstr);
	for (i = j = 0; i < k->n; i++)
		if (!j || strcmp(k->lit[i], k->lit[j - 1]))
			k->lit[j++] = k->lit[i];
	k->n = j;
	k->ls = dpg_lits_new();
	k->re = calloc(k->n, sizeof(*k->re));
	CHECK(k->re != NULL);
	for (i = 0; i < k->n; i++) {
		char src[512];
		size_t o = (size_t)snprintf(src, sizeof(src), "(?i)");

		/* the literal as a pattern: \xHH for ASCII punctuation */
		for (j = 0; k->lit[i][j]; j++) {
			unsigned char c = (unsigned char)k->lit[i][j];

			o += (size_t)snprintf(
				src + o, sizeof(src) - o,
				c < 0x80 && !isalnum(c) ? "\\x%02x" : "%c", c);
		}
		CHECK(o < sizeof(src));
		dpg_re_init_lazy(&k->re[i], src,
				 PCRE2_UTF | PCRE2_UCP |
					 PCRE2_MATCH_INVALID_UTF |
					 PCRE2_USE_OFFSET_LIMIT);
		CHECK_INT(dpg_lits_add(k->ls, &k->lit[i], &zero, NULL, 1), i);
	}
	dpg_lits_build(k->ls);
	k->h = dpg_lits_hits_new(k->ls);
	dpg_grow(&k->node, &k->nodecap, 1, sizeof(*k->node));
	k->node[0] = (struct node){-1, -1, -1, 0};
	k->nnode = 1;
	for (i = 0; i < k->n; i++) {
		int x = 0;

		for (j = 0; k->lit[i][j]; j++)
			x = trie_kid(k, x, (unsigned char)k->lit[i][j], 1);
		k->node[x].lit = (int)i;
	}
	k->cnt = calloc(k->n + 1, sizeof(*k->cnt));
	k->first = calloc(k->n + 1, sizeof(*k->first));
	CHECK(k->cnt && k->first);
}

static void keyset_free(struct keyset *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		dpg_re_release(&k->re[i]);
	free(k->re);
	free(k->lit);
	dpg_lits_hits_free(k->h);
	dpg_lits_free(k->ls);
	free(k->node);
	free(k->cnt);
	free(k->first);
	free(k->pos);
}

TEST(test_rules_prefilter__every_key)
{
	/* with the runs of spaces and newlines of masked HTML, which the
	 * pass skips over */
	static const char *const seps[] = {
		" ",
		"\n",
		"  ",
		"<a href=\"#x\">",
		"</p>",
		".",
		"-",
		"_",
		"\xc3\xa9",
		"\xc3\x89",
		"\t",
		"/",
		"(",
		"1",
		"                                        ",
		"\n          \n                    \n \n",
		"                 \n",
		"\n                 "};
	static const char *const docs[] = {"README.md", "docs/SDG.md",
					   "docs/ARCHITECTURE.md"};
	static char text[3200];
	struct keyset k = {0};
	size_t i, j, t, found = 0;
	unsigned int seed = 2026;

	keyset_make(&k);
	CHECK(k.h != NULL);
	for (t = 0; t < 150; t++) {
		size_t len = 0,
		       want = 1 + (seed = seed * 1103515245u + 12345u) %
					  (sizeof(text) - 100);

		while (len < want) {
			const char *w, *l;
			size_t n;

			seed = seed * 1103515245u + 12345u;
			if ((seed >> 8) % 3 == 0) {
				w = seps[(seed >> 12) % DPG_ARRAY_SIZE(seps)];
				n = strlen(w);
				memcpy(text + len, w, n);
				len += n;
				continue;
			}
			l = k.lit[(seed >> 10) % k.n];
			n = strlen(l);
			if ((seed >> 24) % 4 == 0)
				n = n * ((seed >> 26) % 4) / 4; /* cut short */
			for (j = 0; j < n; j++) {
				seed = seed * 1103515245u + 12345u;
				text[len + j] =
					(char)((seed >> 16) % 2 &&
							       l[j] >= 'a' &&
							       l[j] <= 'z'
						       ? l[j] - 32
						       : l[j]);
			}
			len += n;
		}
		keyset_check(&k, text, len, &found);
	}
	CHECK(found > 10000); /* the texts hold the literals */
	for (i = 0; i < DPG_ARRAY_SIZE(docs); i++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 20);

		CHECK_INT(dpg_buf_read_file(&doc, docs[i], "doc", 0, NULL), 0);
		keyset_check(&k, doc.ptr, doc.len, &found);
		dpg_buf_release(&doc);
	}
	keyset_free(&k);
}

/*
 * The end of a text: each shipped literal, in mixed case, followed by 0 to
 * 7 bytes, after text of a length that puts it at every offset of the
 * pass's sixteens and across its 1 KiB block: found where the reference
 * finds it, with every other literal of the text.
 */
TEST(test_rules_prefilter__text_ends)
{
	static char text[1200], low[1200];
	struct dpg_buf doc = DPG_BUF_INIT(1u << 20);
	struct keyset k = {0};
	size_t i, t, j, found = 0;

	keyset_make(&k);
	CHECK(k.h != NULL);
	CHECK_INT(dpg_buf_read_file(&doc, "README.md", "doc", 0, NULL), 0);
	CHECK(doc.len > 1100);
	for (i = 0; i < k.n; i++)
		for (t = 0; t < 8; t++) {
			size_t fill = (i * 37 + t * 5) % 48 +
				      ((i + t) % 4 == 0 ? 1000 : 0),
			       m = strlen(k.lit[i]), len = fill;

			memcpy(text, doc.ptr + i % 64, fill);
			for (j = 0; j < m; j++)
				text[len++] =
					(char)((i + j) % 2
						       ? toupper((unsigned char)k
									 .lit[i]
									     [j])
						       : k.lit[i][j]);
			memcpy(text + len, doc.ptr + 500 + t, t);
			len += t;
			lower_text(low, text, len);
			CHECK_INT(dpg_lits_scan(k.h, NULL, text, len), 1);
			CHECK(dpg_lits_found(k.h)[i + 1] >
			      dpg_lits_found(k.h)[i]);
			keyset_same(&k, low, len, NULL, &found);
		}
	CHECK(found > 8 * k.n);
	dpg_buf_release(&doc);
	keyset_free(&k);
}

/* The paths under dir whose names end in .html or .htm (or any file, when
 * all), appended to *p. */
static void html_files(const char *dir, int all, char ***p, size_t *n,
		       size_t *cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		size_t l = strlen(e->d_name);

		if (e->d_name[0] == '.' ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir,
				     e->d_name) >= sizeof(path) ||
		    lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			html_files(path, all, p, n, cap);
		} else if (S_ISREG(st.st_mode) &&
			   (all ||
			    (l > 5 && !strcmp(e->d_name + l - 5, ".html")) ||
			    (l > 4 && !strcmp(e->d_name + l - 4, ".htm")))) {
			dpg_grow(p, cap, *n + 1, sizeof(**p));
			(*p)[(*n)++] = strdup(path);
		}
	}
	closedir(d);
}

/* The text with U+212A KELVIN SIGN for its first ks and U+017F LONG S for
 * its first ss (up to 40 of each), into out; the lowered text with k and
 * s in their place into low, and at[i]: the offset in out of low[i]. */
static size_t odd_copy(char *out, char *low, size_t *at, const char *text,
		       size_t len)
{
	size_t i, o = 0, nk = 0, ns = 0;

	for (i = 0; i < len; i++) {
		at[i] = o;
		if ((text[i] == 'k' || text[i] == 'K') && nk < 40) {
			memcpy(out + o, "\xE2\x84\xAA", 3);
			o += 3;
			nk++;
		} else if ((text[i] == 's' || text[i] == 'S') && ns < 40) {
			memcpy(out + o, "\xC5\xBF", 2);
			o += 2;
			ns++;
		} else {
			out[o++] = text[i];
		}
	}
	lower_text(low, text, len);
	return o;
}

/*
 * Real text: the HTML files under $DPG_TEST_TEXTS (every file there) or
 * /usr/share/doc, in path order, up to $DPG_TEST_TEXTS_MAX bytes (2 MiB),
 * and this repository's documents; each as it is, masked as the SDG
 * analyzer masks HTML (tags blanked: runs of spaces and newlines, which
 * the pass skips), and with KELVIN SIGN and LONG S in place of some k and
 * s: every occurrence of every shipped literal found, at its offset.
 */
TEST(test_rules_prefilter__real_texts)
{
	static const char *const docs[] = {"README.md", "docs/SDG.md",
					   "docs/ARCHITECTURE.md",
					   "docs/BENCHMARKS.md"};
	const char *dir = getenv("DPG_TEST_TEXTS");
	const char *max = getenv("DPG_TEST_TEXTS_MAX");
	size_t budget = max ? strtoul(max, NULL, 10) : 2u << 20;
	struct keyset k = {0};
	char **path = NULL, *low = NULL, *odd = NULL;
	size_t *at = NULL, npath = 0, cap = 0, i, j, bytes = 0, found = 0;

	keyset_make(&k);
	CHECK(k.h != NULL);
	html_files(dir ? dir : "/usr/share/doc", dir != NULL, &path, &npath,
		   &cap);
	qsort(path, npath, sizeof(*path), cmp_cstr);
	for (i = 0; i < DPG_ARRAY_SIZE(docs); i++) {
		dpg_grow(&path, &cap, npath + 1, sizeof(*path));
		path[npath++] = strdup(docs[i]);
	}
	for (i = 0; i < npath; i++) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 20);
		size_t len, n, v;

		if (dpg_buf_read_file(&doc, path[i], "doc", DPG_READ_TRUNCATE,
				      NULL) != 0 ||
		    (bytes > budget && i + DPG_ARRAY_SIZE(docs) < npath)) {
			dpg_buf_release(&doc);
			continue;
		}
		len = doc.len;
		bytes += len;
		low = realloc(low, len + 1);
		odd = realloc(odd, 3 * len + 1);
		at = realloc(at, (len + 1) * sizeof(*at));
		CHECK(low && odd && at);
		for (v = 0; v < 3; v++) {
			const char *text = doc.ptr;

			if (v == 1) {
				/* tags blanked, newlines kept */
				int tag = 0;

				for (j = 0; j < len; j++) {
					if (doc.ptr[j] == '<')
						tag = 1;
					if (tag && doc.ptr[j] != '\n')
						doc.ptr[j] = ' ';
					if (doc.ptr[j] == '>')
						tag = 0;
				}
			}
			n = len;
			if (v == 2) {
				n = odd_copy(odd, low, at, doc.ptr, len);
				text = odd;
			} else {
				lower_text(low, text, len);
			}
			CHECK_INT(dpg_lits_scan(k.h, NULL, text, n), 1);
			keyset_same(&k, low, len, v == 2 ? at : NULL, &found);
		}
		dpg_buf_release(&doc);
	}
	CHECK(found > 10000);
	for (i = 0; i < npath; i++)
		free(path[i]);
	free(path);
	free(low);
	free(odd);
	free(at);
	keyset_free(&k);
}

/*
 * The pass skips over runs of spaces and newlines (masked HTML is mostly
 * such runs) when no literal's key is three of them: every occurrence is
 * found all the same, of literals that hold spaces and newlines too; and
 * with a literal of only those bytes nothing is skipped.  Random texts of
 * several 1 KiB blocks, the runs at every alignment.
 */
TEST(test_rules_prefilter__blank_runs)
{
	static const char *const words[] = {"sdg",   "health", "a  b", " \nq",
					    "zz \n", "x y",    "goal", "   ",
					    " \n ",  "\n\n\n"};
	/* the first 7, then all (the last three are all blank) */
	static const size_t nsets[] = {7, DPG_ARRAY_SIZE(words)};
	static char text[6000], low[6000];
	unsigned int seed = 12;
	const size_t zero = 0;
	size_t set, t, i, found = 0;

	for (set = 0; set < DPG_ARRAY_SIZE(nsets); set++) {
		struct dpg_lits *ls = dpg_lits_new();
		struct dpg_lits_hits *h;

		for (i = 0; i < nsets[set]; i++)
			CHECK_INT(dpg_lits_add(ls, (char *const *)&words[i],
					       &zero, NULL, 1),
				  i);
		dpg_lits_build(ls);
		h = dpg_lits_hits_new(ls);
		for (t = 0; t < 300; t++) {
			size_t len = 0,
			       want = 1 + (seed = seed * 1103515245u + 12345u) %
						  (sizeof(text) - 200);

			while (len < want) {
				size_t n, k;
				unsigned int r;

				seed = seed * 1103515245u + 12345u;
				r = seed >> 8;
				if (r % 3 == 0) { /* a run of blanks */
					n = (r >> 4) % 100;
					for (k = 0; k < n; k++) {
						seed = seed * 1103515245u +
						       12345u;
						text[len + k] = (seed >> 16) % 5
									? ' '
									: '\n';
					}
				} else if (r % 3 == 1) { /* a word */
					const char *w =
						words[(r >> 4) %
						      DPG_ARRAY_SIZE(words)];

					n = strlen(w);
					for (k = 0; k < n; k++)
						text[len + k] =
							(r >> (10 + k % 8)) & 1
								? (char)toupper(
									  (unsigned char)
										  w[k])
								: w[k];
				} else { /* a letter */
					n = 1;
					text[len] = (char)('a' + (r >> 4) % 26);
				}
				len += n;
			}
			for (i = 0; i < len; i++)
				low[i] = (char)tolower((unsigned char)text[i]);
			CHECK_INT(dpg_lits_scan(h, NULL, text, len), 1);
			for (i = 0; i < nsets[set]; i++) {
				size_t c = occurs(low, len, words[i]);

				CHECK_INT(dpg_lits_found(h)[i + 1] -
						  dpg_lits_found(h)[i],
					  c);
				found += c;
			}
		}
		dpg_lits_hits_free(h);
		dpg_lits_free(ls);
	}
	CHECK(found > 100000);
}

/* Does the n bytes at t hold the bytes of s (a byte loop)? */
static int has_seq(const unsigned char *t, size_t n, const char *s)
{
	size_t m = strlen(s), i;

	for (i = 0; i + m <= n; i++)
		if (!memcmp(t + i, s, m))
			return 1;
	return 0;
}

/* KELVIN SIGN (E2 84 AA) and LONG S (C5 BF) anywhere in a text make
 * dpg_rules_trigrams and the literal pass give up: found as memmem finds
 * them, in random texts of their bytes at every offset. */
TEST(test_rules_prefilter__odd_text)
{
	static const unsigned char bytes[] = {0xE2, 0x84, 0xAA, 0xC5,
					      0xBF, 'a',  ' ',	0xAA};
	static unsigned char bits[DPG_RULES_TRI_BITS / 8];
	unsigned char text[80];
	unsigned int seed = 7;
	size_t t, i, odd = 0;

	for (t = 0; t < 20000; t++) {
		size_t len;
		int want;

		seed = seed * 1103515245u + 12345u;
		len = (seed >> 8) % (sizeof(text) + 1);
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			text[i] = (seed >> 16) % 4
					  ? bytes[(seed >> 20) %
						  DPG_ARRAY_SIZE(bytes)]
					  : 'a';
		}
		want = has_seq(text, len, "\xE2\x84\xAA") ||
		       has_seq(text, len, "\xC5\xBF");
		odd += (size_t)want;
		CHECK_INT(dpg_rules_trigrams(bits, (const char *)text, len),
			  !want);
	}
	CHECK(odd > 1000 && odd < 19000);
}

/* A lazy pattern: present before it is compiled, compiled once at its
 * first use even when threads race for it, and it matches as compiled. */
struct race {
	struct dpg_re *re;
	const pcre2_code *got[200];
};

static void *race_thread(void *arg)
{
	struct race *r = arg;
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(r->got); i++)
		r->got[i] = dpg_re_code(r->re, 10);
	return NULL;
}

TEST(test_rules_prefilter__lazy)
{
	struct dpg_re re, absent;
	struct race r[4];
	pthread_t th[4];
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	const pcre2_code *first = NULL;
	size_t i, k;

	dpg_re_init(&absent, NULL);
	CHECK(!dpg_re_present(&absent));
	CHECK(dpg_re_code(&absent, 10) == NULL);
	dpg_re_init_lazy(&re, "(?i)colou?r",
			 PCRE2_UTF | PCRE2_USE_OFFSET_LIMIT);
	CHECK(dpg_re_present(&re));
	CHECK(dpg_lits_usable(&re));
	CHECK(atomic_load(&re.compiled) == NULL);
	for (i = 0; i < DPG_ARRAY_SIZE(r); i++) {
		r[i].re = &re;
		CHECK_INT(pthread_create(&th[i], NULL, race_thread, &r[i]), 0);
	}
	for (i = 0; i < DPG_ARRAY_SIZE(r); i++)
		CHECK_INT(pthread_join(th[i], NULL), 0);
	/* one compiled code for all (or its JIT copy, once busy) */
	for (i = 0; i < DPG_ARRAY_SIZE(r); i++)
		for (k = 0; k < DPG_ARRAY_SIZE(r[i].got); k++) {
			const pcre2_code *c = r[i].got[k];

			CHECK(c != NULL);
			if (c != atomic_load(&re.jit))
				CHECK(c == atomic_load(&re.compiled));
		}
	first = dpg_re_code(&re, 5);
	CHECK(first != NULL);
	CHECK_INT(pcre2_match(first, (PCRE2_SPTR) "a COLOR", 7, 0, 0, md, NULL),
		  1);
	CHECK_INT(pcre2_get_ovector_pointer(md)[0], 2);
	dpg_re_release(&re);
	CHECK(!dpg_re_present(&re));
	dpg_re_release(&absent);
	pcre2_match_data_free(md);
}

/*
 * The pass's plain code where AVX2 is too (dpg_lits_no_avx2: its keys16
 * and filter of 0 and 1 in place of keys8_avx2 and the filter of the byte
 * after the key; run_start a byte at a time, not run16_avx2): the same
 * occurrences and matches, against the same references.
 */
TEST(test_rules_prefilter__plain)
{
	dpg_lits_no_avx2 = 1;
	test_rules_prefilter__anchored_match();
	test_rules_prefilter__anchored_runs();
	test_rules_prefilter__every_key();
	test_rules_prefilter__text_ends();
	test_rules_prefilter__real_texts();
	test_rules_prefilter__blank_runs();
	test_rules_prefilter__odd_text();
	dpg_lits_no_avx2 = 0;
}

/* The occurrences h's last scan found, as text ("literal:offset ..."). */
static char *hits_text(const struct dpg_lits_hits *h, size_t nlit)
{
	const uint32_t *f = dpg_lits_found(h);
	struct dpg_buf b = DPG_BUF_INIT(64u << 20);
	size_t l, i;

	for (l = 0; f && l < nlit; l++)
		for (i = f[l]; i < f[l + 1]; i++)
			dpg_buf_printf(&b, NULL, "%zu:%u ", l,
				       (unsigned int)dpg_lits_at(h, i));
	return dpg_buf_detach(&b, NULL);
}

/*
 * A scan limited to some patterns (dpg_lits_hits_only) with the subset's
 * own filters (made for texts of dpg_lits_subset_min bytes) and with the
 * set's: the same occurrences, against the references of anchored_match,
 * and alike on real texts (this repository's documents, HTML under
 * /usr/share/doc) with subsets of the shipped rules' anchor set.
 */
TEST(test_rules_prefilter__subset_filters)
{
	static const char *const docs[] = {"README.md", "docs/SDG.md",
					   "docs/ARCHITECTURE.md",
					   "docs/BENCHMARKS.md"};
	const struct dpg_lits *ls = dpg_rules_known_anchors;
	struct dpg_lits_hits *h;
	char **path = NULL;
	size_t npath = 0, cap = 0, i, r, k, bytes = 0, compared = 0;
	size_t npat = dpg_lits_count(ls), *sub;
	uint32_t seed = 12345;

	dpg_lits_subset_min = 0;
	test_rules_prefilter__anchored_match();
	dpg_lits_subset_min = (size_t)-1;
	test_rules_prefilter__anchored_match();
	dpg_lits_subset_min = 16384;
	CHECK(ls && npat > 50);
	h = dpg_lits_hits_new(ls);
	sub = malloc(npat * sizeof(*sub));
	CHECK(sub != NULL);
	html_files("/usr/share/doc", 0, &path, &npath, &cap);
	qsort(path, npath, sizeof(*path), cmp_cstr);
	for (i = 0; i < DPG_ARRAY_SIZE(docs); i++) {
		dpg_grow(&path, &cap, npath + 1, sizeof(*path));
		path[npath++] = strdup(docs[i]);
	}
	for (i = npath; i-- > 0;) {
		struct dpg_buf doc = DPG_BUF_INIT(1u << 20);

		if (bytes > (1u << 20) ||
		    dpg_buf_read_file(&doc, path[i], "doc", DPG_READ_TRUNCATE,
				      NULL) != 0) {
			dpg_buf_release(&doc);
			continue;
		}
		bytes += doc.len;
		for (r = 0; r < 3; r++) {
			size_t ns = 0;
			char *a, *b;

			/* every pattern, one in 2, one in 16 */
			for (k = 0; k < npat; k++) {
				seed = seed * 1103515245u + 12345u;
				if (!r || (seed >> 8) % (r == 1 ? 2 : 16) == 0)
					sub[ns++] = k;
			}
			dpg_lits_hits_only(h, sub, ns);
			dpg_lits_subset_min = 0;
			CHECK_INT(dpg_lits_scan(h, NULL, doc.ptr, doc.len), 1);
			a = hits_text(h, ls->nlit);
			dpg_lits_subset_min = (size_t)-1;
			CHECK_INT(dpg_lits_scan(h, NULL, doc.ptr, doc.len), 1);
			b = hits_text(h, ls->nlit);
			dpg_lits_subset_min = 16384;
			CHECK(a && b);
			if (strcmp(a, b))
				printf("  %s, subset %zu: '%.60s' != '%.60s'\n",
				       path[i], r, a, b);
			CHECK(!strcmp(a, b));
			compared += *a != '\0';
			free(a);
			free(b);
		}
		dpg_buf_release(&doc);
	}
	CHECK(compared > 5);
	for (i = 0; i < npath; i++)
		free(path[i]);
	free(path);
	free(sub);
	dpg_lits_hits_free(h);
}

TEST_MAIN("test_rules_prefilter", T(test_rules_prefilter__literals),
	  T(test_rules_prefilter__lazy), T(test_rules_prefilter__no_literal),
	  T(test_rules_prefilter__trigrams), T(test_rules_prefilter__anchors),
	  T(test_rules_prefilter__anchored_match),
	  T(test_rules_prefilter__anchored_runs),
	  T(test_rules_prefilter__shipped_as_plain),
	  T(test_rules_prefilter__every_key),
	  T(test_rules_prefilter__text_ends),
	  T(test_rules_prefilter__real_texts),
	  T(test_rules_prefilter__blank_runs),
	  T(test_rules_prefilter__odd_text), T(test_rules_prefilter__plain),
	  T(test_rules_prefilter__subset_filters))
