#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/arena.h"
#include "dpg/licpolicy.h"
#include "dpg/spdx.h"
#include "dpg/util.h"
#include "test.h"

/* A small license table standing in for the corpus. */
static const char *const known[] = {
	"MIT",
	"Apache-2.0",
	"BSD-3-Clause",
	"BSD-2-Clause",
	"GPL-2.0-only",
	"GPL-2.0-or-later",
	"GPL-3.0-only",
	"GPL-3.0-or-later",
	"LGPL-2.1-only",
	"LGPL-2.1-or-later",
	"LGPL-2.0-or-later",
	"AGPL-3.0-only",
	"AGPL-3.0-or-later",
	"MPL-2.0",
	"CC-BY-4.0",
	"CC0-1.0",
	"ISC",
	"EPL-2.0",
	"GFDL-1.3-or-later",
	"Zlib",
	"Unlicense",
	"CDDL-1.0",
	"Apache-1.1",
	"zlib-acknowledgement",
};

static const char *lookup(void *ctx, const char *id)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < DPG_ARRAY_SIZE(known); i++)
		if (dpg_strcasecmp(id, known[i]) == 0)
			return known[i];
	return NULL;
}

static struct dpg_arena arena = DPG_ARENA_INIT;
static struct dpg_spdx_expr ex;
static struct dpg_error perr;

static int parse_flags(const char *s, unsigned int flags)
{
	struct dpg_spdx_opts o = DPG_SPDX_OPTS_INIT;

	o.license_id = lookup;
	o.flags = flags;
	perr.code = 0;
	perr.msg[0] = '\0';
	return dpg_spdx_parse(&ex, s, strlen(s), &o, &arena, &perr);
}

static int parse(const char *s)
{
	return parse_flags(s, 0);
}

static const char *canon(const char *s)
{
	if (parse(s) < 0)
		return perr.msg;
	return dpg_spdx_to_string(ex.root, &arena);
}

/* valid expressions and their canonical form */
static const struct {
	const char *in, *out;
} valid[] = {
	{"MIT", "MIT"},
	{"  MIT  ", "MIT"},
	{"mit", "MIT"},
	{"MIT OR Apache-2.0", "MIT OR Apache-2.0"},
	{"MIT AND Apache-2.0", "MIT AND Apache-2.0"},
	{"(MIT OR Apache-2.0)", "MIT OR Apache-2.0"},
	{"MIT OR Apache-2.0 AND BSD-3-Clause",
	 "MIT OR Apache-2.0 AND BSD-3-Clause"},
	{"(MIT OR Apache-2.0) AND BSD-3-Clause",
	 "(MIT OR Apache-2.0) AND BSD-3-Clause"},
	{"MIT AND (Apache-2.0 OR BSD-3-Clause)",
	 "MIT AND (Apache-2.0 OR BSD-3-Clause)"},
	{"((MIT))", "MIT"},
	{"MIT OR (Apache-2.0 OR ISC)", "MIT OR (Apache-2.0 OR ISC)"},
	{"(MIT OR Apache-2.0) OR ISC", "MIT OR Apache-2.0 OR ISC"},
	{"GPL-2.0-or-later WITH Classpath-exception-2.0",
	 "GPL-2.0-or-later WITH Classpath-exception-2.0"},
	{"gpl-2.0-only with classpath-exception-2.0",
	 "GPL-2.0-only WITH Classpath-exception-2.0"},
	{"Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception"},
	{"Apache-2.0 WITH LLVM-exception OR MIT",
	 "Apache-2.0 WITH LLVM-exception OR MIT"},
	{"MIT AND GPL-3.0-only WITH GCC-exception-3.1",
	 "MIT AND GPL-3.0-only WITH GCC-exception-3.1"},
	{"Apache-1.1+", "Apache-1.1+"},
	{"LicenseRef-Proprietary", "LicenseRef-Proprietary"},
	{"licenseref-my.license-1", "LicenseRef-my.license-1"},
	{"DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
	 "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2"},
	{"MIT OR LicenseRef-x", "MIT OR LicenseRef-x"},
	{"MIT and Apache-2.0", "MIT AND Apache-2.0"},
	{"MIT or Apache-2.0", "MIT OR Apache-2.0"},
	{"MIT\tOR\nApache-2.0", "MIT OR Apache-2.0"},
	{"(MIT)AND(ISC)", "MIT AND ISC"},
	{"GPL-2.0-only WITH AdditionRef-my-exc",
	 "GPL-2.0-only WITH AdditionRef-my-exc"},
	/* deprecated ids: replaced */
	{"GPL-2.0", "GPL-2.0-only"},
	{"GPL-2.0+", "GPL-2.0-or-later"},
	{"GPL-3.0", "GPL-3.0-only"},
	{"LGPL-2.1+", "LGPL-2.1-or-later"},
	{"AGPL-3.0", "AGPL-3.0-only"},
	{"AGPL-3.0+", "AGPL-3.0-or-later"},
	{"GFDL-1.3+", "GFDL-1.3-or-later"},
	{"GPL-2.0-with-classpath-exception",
	 "GPL-2.0-only WITH Classpath-exception-2.0"},
	{"wxWindows", "LGPL-2.0-or-later WITH WxWindows-exception-3.1"},
	{"Nunit", "zlib-acknowledgement"},
	{"GPL-2.0 OR MIT", "GPL-2.0-only OR MIT"},
	{"(GPL-2.0+ AND MIT)", "GPL-2.0-or-later AND MIT"},
	{"GPL-2.0-with-classpath-exception WITH LLVM-exception",
	 "GPL-2.0-with-classpath-exception WITH LLVM-exception"},
	{"LGPL-2.1-only WITH Nokia-Qt-exception-1.1",
	 "LGPL-2.1-only WITH Qt-LGPL-exception-1.1"},
};

/* invalid expressions and a word of the reason */
static const struct {
	const char *in, *why;
	size_t pos;
} invalid[] = {
	{"", "empty", 0},
	{"   ", "empty", 3},
	{"MIT OR", "at the end", 6},
	{"OR MIT", "not 'OR'", 0},
	{"MIT Apache-2.0", "expected AND, OR or WITH", 4},
	{"(MIT", "unbalanced '('", 0},
	{"MIT)", "unbalanced ')'", 3},
	{"MIT AND AND ISC", "not 'AND'", 8},
	{"Foo-1.0", "unknown license id 'Foo-1.0'", 0},
	{"MIT OR Foo", "unknown license id 'Foo'", 7},
	{"GPL-2.0-only WITH Foo-exception", "unknown exception id", 18},
	{"GPL-2.0-only WITH MIT", "unknown exception id 'MIT'", 18},
	{"Classpath-exception-2.0", "is an exception", 0},
	{"MIT WITH", "expected an exception id", 8},
	{"(MIT OR ISC) WITH LLVM-exception", "single license", 13},
	{"MIT WITH LLVM-exception WITH LLVM-exception", "a second WITH", 24},
	{"MIT +", "without a space", 4},
	{"GPL-2.0-only+", "already says", 0},
	{"GPL-2.0-or-later+", "already says", 0},
	{"LicenseRef-", "unknown license id", 0},
	{"LicenseRef-a+", "cannot follow a license reference", 0},
	{"LicenseRef-a_b", "unexpected character '_'", 12},
	{"DocumentRef-x:MIT", "malformed license reference", 0},
	{"MIT, Apache-2.0", "unexpected character ','", 3},
	{"MIT/Apache-2.0", "unexpected character '/'", 3},
	{"MIT OR \xc3\xa9", "unexpected byte 0xc3", 7},
	{"()", "not ')'", 1},
	{"MIT OR ()", "not ')'", 8},
	{"Apache-2.0 WITH LLVM-exception+", "cannot follow exception", 16},
};

TEST(test_spdx__valid)
{
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(valid); i++) {
		if (parse(valid[i].in) < 0)
			printf("  %s: %s\n", valid[i].in, perr.msg);
		CHECK_STR(canon(valid[i].in), valid[i].out);
	}
}

TEST(test_spdx__invalid)
{
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(invalid); i++) {
		int rc = parse(invalid[i].in);

		if (rc >= 0 || !strstr(perr.msg, invalid[i].why) ||
		    ex.err_pos != invalid[i].pos)
			printf("  '%s': rc %d pos %zu: %s\n", invalid[i].in, rc,
			       ex.err_pos, perr.msg);
		CHECK_INT(rc, DPG_EPARSE);
		CHECK(ex.root == NULL);
		CHECK(strstr(perr.msg, invalid[i].why) != NULL);
		CHECK_INT(ex.err_pos, invalid[i].pos);
		CHECK(ex.reason != NULL);
	}
}

TEST(test_spdx__precedence)
{
	/* WITH > AND > OR */
	CHECK_INT(parse("MIT OR ISC AND Apache-2.0 WITH LLVM-exception"), 0);
	CHECK_INT(ex.root->op, DPG_SPDX_OR);
	CHECK_STR(ex.root->left->id, "MIT");
	CHECK_INT(ex.root->right->op, DPG_SPDX_AND);
	CHECK_INT(ex.root->right->right->op, DPG_SPDX_WITH);
	CHECK_STR(ex.root->right->right->id, "LLVM-exception");
	CHECK_STR(ex.root->right->right->left->id, "Apache-2.0");
	CHECK_INT(ex.nlicenses, 3);
	CHECK_INT(parse("(MIT OR ISC) AND Zlib"), 0);
	CHECK_INT(ex.root->op, DPG_SPDX_AND);
	CHECK_INT(ex.root->left->op, DPG_SPDX_OR);
}

TEST(test_spdx__notes_and_flags)
{
	CHECK_INT(parse("GPL-2.0+ OR mit"), 0);
	CHECK_INT(ex.ndeprecated, 1);
	CHECK(ex.notes != NULL);
	CHECK(strstr(ex.notes, "'GPL-2.0+' is deprecated, read as "
			       "'GPL-2.0-or-later'") != NULL);
	CHECK(strstr(ex.notes, "'mit' is written 'MIT'") != NULL);
	CHECK(ex.root->left->flags & DPG_SPDX_F_DEPRECATED);
	CHECK_STR(ex.root->left->written, "GPL-2.0+");
	CHECK_STR(ex.root->left->id, "GPL-2.0-or-later");
	CHECK_INT(parse("MIT and ISC"), 0);
	CHECK(strstr(ex.notes, "operator 'and' should be upper case") != NULL);
	CHECK_INT(parse_flags("MIT and ISC", DPG_SPDX_STRICT_OPERATORS),
		  DPG_EPARSE);
	CHECK(strstr(perr.msg, "must be upper case") != NULL);
	CHECK_INT(parse_flags("GPL-2.0", DPG_SPDX_KEEP_DEPRECATED), DPG_EPARSE);
	CHECK_INT(parse("MIT"), 0);
	CHECK(ex.notes == NULL);
	CHECK_INT(ex.ndeprecated, 0);
	CHECK_INT(parse("LicenseRef-x"), 0);
	CHECK(ex.root->flags & DPG_SPDX_F_REF);
}

TEST(test_spdx__no_validator)
{
	struct dpg_spdx_opts o = DPG_SPDX_OPTS_INIT;
	const char *s = "Foo-1.0 OR bar";

	CHECK_INT(dpg_spdx_parse(&ex, s, strlen(s), &o, &arena, &perr), 0);
	CHECK(ex.root->left->flags & DPG_SPDX_F_UNCHECKED);
	CHECK_STR(dpg_spdx_to_string(ex.root, &arena), "Foo-1.0 OR bar");
	/* syntax is still checked */
	s = "Foo-1.0 OR";
	CHECK_INT(dpg_spdx_parse(&ex, s, strlen(s), NULL, &arena, &perr),
		  DPG_EPARSE);
}

TEST(test_spdx__limits)
{
	struct dpg_buf b = DPG_BUF_INIT(1 << 20);
	size_t i;

	for (i = 0; i < 40; i++)
		dpg_buf_puts(&b, "(", NULL);
	dpg_buf_puts(&b, "MIT", NULL);
	for (i = 0; i < 40; i++)
		dpg_buf_puts(&b, ")", NULL);
	CHECK_INT(parse(b.ptr), DPG_ELIMIT);
	CHECK(strstr(perr.msg, "deeper") != NULL);
	dpg_buf_reset(&b);
	for (i = 0; i < 300; i++)
		dpg_buf_puts(&b, i ? " OR MIT" : "MIT", NULL);
	CHECK_INT(parse(b.ptr), DPG_ELIMIT);
	dpg_buf_reset(&b);
	for (i = 0; i < 5000; i++)
		dpg_buf_puts(&b, " ", NULL);
	dpg_buf_puts(&b, "MIT", NULL);
	CHECK_INT(parse(b.ptr), DPG_ELIMIT);
	CHECK_INT(dpg_spdx_parse(&ex, "MIT\0OR", 6, NULL, &arena, &perr),
		  DPG_EPARSE);
	dpg_buf_release(&b);
}

TEST(test_spdx__acceptance)
{
	const char *note = NULL;

	CHECK_INT(parse("MIT OR LicenseRef-x"), 0);
	CHECK_INT(dpg_spdx_acceptance(ex.root, DPG_TYPE_SOFTWARE, &note),
		  DPG_ACCEPT_YES);
	CHECK_INT(parse("MIT AND LicenseRef-x"), 0);
	CHECK_INT(dpg_spdx_acceptance(ex.root, DPG_TYPE_SOFTWARE, &note),
		  DPG_ACCEPT_UNKNOWN);
	CHECK(strstr(note, "LicenseRef") != NULL);
	CHECK_INT(parse("GPL-2.0-or-later WITH Classpath-exception-2.0"), 0);
	CHECK_INT(dpg_spdx_acceptance(ex.root, DPG_TYPE_SOFTWARE, NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(parse("CC-BY-4.0 AND MIT"), 0);
	CHECK_INT(dpg_spdx_acceptance(ex.root, DPG_TYPE_CONTENT, NULL),
		  DPG_ACCEPT_YES);
}

TEST(test_spdx__licenses_and_equal)
{
	const struct dpg_spdx_node *v[4];
	struct dpg_spdx_expr a;

	CHECK_INT(parse("MIT OR (ISC AND Zlib) OR Apache-2.0 WITH "
			"LLVM-exception"),
		  0);
	CHECK_INT(dpg_spdx_licenses(ex.root, v, 2), 4);
	CHECK_STR(v[0]->id, "MIT");
	CHECK_STR(v[1]->id, "ISC");
	a = ex;
	CHECK_INT(parse("Apache-2.0 WITH LLVM-exception OR (Zlib AND isc) OR "
			"mit"),
		  0);
	CHECK_INT(dpg_spdx_equal(a.root, ex.root), 1);
	CHECK_INT(parse("MIT OR ISC AND Zlib OR Apache-2.0"), 0);
	CHECK_INT(dpg_spdx_equal(a.root, ex.root), 0);
	CHECK_INT(dpg_spdx_equal(NULL, NULL), 1);
}

TEST(test_spdx__exceptions_table)
{
	const char *e;
	FILE *f;
	char *buf;
	long n;
	size_t i, found = 0, quoted = 0;
	char *p;

	CHECK_STR(dpg_spdx_exception("llvm-EXCEPTION"), "LLVM-exception");
	CHECK(dpg_spdx_exception("MIT") == NULL);
	CHECK(dpg_spdx_exception_count() >= 60);
	/* the table equals the pinned package when it is fetched */
	f = fopen("data/spdx-exceptions/index.json", "rb");
	if (!f)
		return;
	buf = xmalloc(1 << 20);
	n = (long)fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (i = 0; i < dpg_spdx_exception_count(); i++) {
		char q[128];

		e = dpg_spdx_exception_at(i);
		snprintf(q, sizeof(q), "\"%s\"", e);
		if (strstr(buf, q))
			found++;
	}
	for (p = buf; (p = strchr(p, '"')) != NULL; p++)
		quoted++;
	free(buf);
	CHECK_INT(found, dpg_spdx_exception_count());
	CHECK_INT(quoted / 2, dpg_spdx_exception_count());
}

TEST_MAIN("spdx", T(test_spdx__valid), T(test_spdx__invalid),
	  T(test_spdx__precedence), T(test_spdx__notes_and_flags),
	  T(test_spdx__no_validator), T(test_spdx__limits),
	  T(test_spdx__acceptance), T(test_spdx__licenses_and_equal),
	  T(test_spdx__exceptions_table))
