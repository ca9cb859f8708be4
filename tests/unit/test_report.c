/*
 * test_report.c: the report's pieces that every format relies on:
 * cleaning and cutting untrusted text, HTML and Markdown escaping, forge
 * links (and no link from anything but a recognised forge URL), format
 * names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "../../src/report/report_int.h"

/* what a writer of FILE * printed */
static char *capture(void (*put)(FILE *, const char *, size_t), const char *s,
		     size_t max)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	put(f, s, max);
	fclose(f);
	return buf;
}

TEST(test_report__clean)
{
	char *c = rpt_clean("a\033[2Jb\xe2\x80\xae"
			    "c\xff\\",
			    0);

	CHECK_STR(c, "a\\x1b[2Jb\\u202ec\\xff\\\\");
	free(c);
	/* cut after 3 bytes, never inside a UTF-8 sequence */
	c = rpt_clean("ab\xc3\xa9xyz", 3);
	CHECK_STR(c, "ab... [5 more bytes]");
	free(c);
	c = rpt_clean("short", 10);
	CHECK_STR(c, "short");
	free(c);
}

TEST(test_report__html)
{
	char *h = capture(rpt_put_html,
			  "<script>alert('x')</script>&\"\xe2\x80\xae", 0);

	CHECK_STR(h, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
		     "&quot;\\u202e");
	free(h);
}

TEST(test_report__markdown)
{
	char *m = capture(rpt_put_md,
			  "[x](javascript:alert(1)) <b>*a*_b_`c`|d @team "
			  "https://e.org",
			  0);

	CHECK_STR(m, "\\[x\\](javascript:alert(1)) &lt;b&gt;\\*a\\*\\_b\\_"
		     "\\`c\\`\\|d &#64;team https\\://e.org");
	free(m);
}

TEST(test_report__forge)
{
	struct rpt_forge fg;
	const char *c = "0123456789abcdef0123456789abcdef01234567";
	char *l;

	CHECK_INT(rpt_forge_parse(&fg, "https://github.com/Org/Repo.git"),
		  RPT_FORGE_GITHUB);
	CHECK_STR(fg.base, "https://github.com/Org/Repo");
	l = rpt_forge_link(&fg, c, "docs/a b.md", 3, 5);
	CHECK_STR(l, "https://github.com/Org/Repo/blob/"
		     "0123456789abcdef0123456789abcdef01234567/docs/a%20b.md"
		     "#L3-L5");
	free(l);
	CHECK_INT(rpt_forge_parse(&fg, "git@gitlab.com:grp/sub/proj.git"),
		  RPT_FORGE_GITLAB);
	l = rpt_forge_link(&fg, c, "R.md", 7, 7);
	CHECK_STR(l, "https://gitlab.com/grp/sub/proj/-/blob/"
		     "0123456789abcdef0123456789abcdef01234567/R.md#L7");
	free(l);
	CHECK_INT(rpt_forge_parse(&fg, "https://user:tok@bitbucket.org/o/r"),
		  RPT_FORGE_BITBUCKET);
	CHECK_STR(fg.base, "https://bitbucket.org/o/r");
	l = rpt_forge_link(&fg, c, "x", 1, 2);
	CHECK(l && strstr(l, "/src/0123") && strstr(l, "#lines-1:2"));
	free(l);
	CHECK_INT(rpt_forge_parse(&fg, "https://codeberg.org/o/r"),
		  RPT_FORGE_GITEA);
	l = rpt_forge_link(&fg, c, "x", 0, 0);
	CHECK_STR(l, "https://codeberg.org/o/r/src/commit/"
		     "0123456789abcdef0123456789abcdef01234567/x");
	free(l);
	/* no link: no commit, another host, a path that is not a name */
	CHECK(rpt_forge_link(&fg, NULL, "x", 1, 1) == NULL);
	CHECK(rpt_forge_link(&fg, "HEAD", "x", 1, 1) == NULL);
	CHECK_INT(rpt_forge_parse(&fg, "https://example.org/o/r"), 0);
	CHECK_INT(rpt_forge_parse(&fg, "javascript:alert(1)//github.com/o/r"),
		  0);
	CHECK_INT(rpt_forge_parse(&fg, "https://github.com/o/r\"onload=x"), 0);
	CHECK_INT(rpt_forge_parse(&fg, "https://github.com/o/r/x"), 0);
	CHECK_INT(rpt_forge_parse(&fg, "https://github.com/o"), 0);
	CHECK_INT(rpt_forge_parse(&fg, "/srv/github.com/o/r"), 0);
	CHECK_INT(rpt_forge_parse(&fg, "https://gitlab.x.org:8443/o/r"), 0);
	CHECK(rpt_forge_link(&fg, c, "x", 1, 1) == NULL);
}

TEST(test_report__formats)
{
	int f;

	for (f = DPG_FMT_TEXT; f <= DPG_FMT_FORM; f++)
		CHECK_INT(dpg_format_parse(dpg_format_name(f)), f);
	CHECK_INT(dpg_format_parse("markdown"), DPG_FMT_MD);
	CHECK_INT(dpg_format_parse("pdf"), 0);
	CHECK_STR(dpg_format_name(99), "");
}

TEST_MAIN("report", T(test_report__clean), T(test_report__html),
	  T(test_report__markdown), T(test_report__forge),
	  T(test_report__formats))
