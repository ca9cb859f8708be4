/*
 * test_ownership.c: copyright lines, holders, AUTHORS, CLA/DCO, through
 * the analyzer's own callbacks.
 */
#include <stdio.h>
#include <string.h>

#include "dpg/scan.h"
#include "dpg/util.h"
#include "test.h"

extern const struct dpg_analyzer dpg_analyzer_ownership;

static struct dpg_scan scan;
static struct dpg_analysis an;

static void start(void)
{
	struct dpg_error err = DPG_ERROR_INIT;

	dpg_scan_release(&scan);
	dpg_scan_init(&scan);
	dpg_analysis_begin(&an, &dpg_analyzer_ownership, &scan, &err);
}

static void feed(const char *path, const char *text)
{
	struct dpg_file f;
	struct dpg_error err = DPG_ERROR_INIT;

	memset(&f, 0, sizeof(f));
	f.path = path;
	f.mode = DPG_MODE_FILE;
	f.size = strlen(text);
	dpg_analysis_feed(&an, &f, text, strlen(text), &err);
}

static void stop(void)
{
	struct dpg_error err = DPG_ERROR_INIT;

	dpg_analysis_end(&an, &err);
	dpg_analysis_free(&an);
}

static int nkind(const char *kind)
{
	size_t i;
	int n = 0;

	for (i = 0; i < scan.nfindings; i++)
		n += strcmp(scan.findings[i].kind, kind) == 0;
	return n;
}

static const struct dpg_finding *find(const char *kind, const char *value)
{
	size_t i;

	for (i = 0; i < scan.nfindings; i++)
		if (strcmp(scan.findings[i].kind, kind) == 0 &&
		    (!value || strcmp(scan.findings[i].value, value) == 0))
			return &scan.findings[i];
	return NULL;
}

TEST(test_ownership__copyright_forms)
{
	const struct dpg_finding *f;

	start();
	feed("LICENSE",
	     "MIT License\n\n"
	     "Copyright (c) 2019-2023 Jane Doe <jane@example.org>\n"
	     "\nPermission is hereby granted... The above copyright "
	     "notice and this permission notice shall be included\n");
	feed("src/a.c", "/*\n * Copyright 2021 Jane Doe. All rights "
			"reserved.\n */\nint a;\n");
	feed("src/b.py", "# © 2020 Acme, Inc. and contributors\nx = 1\n");
	feed("src/c.go", "// (C) 2018 ACME INC\npackage c\n");
	feed("src/d.rs", "// SPDX-FileCopyrightText: 2022 Jane Doe "
			 "<j@x.org>\nfn main() {}\n");
	feed("NOTICE", "This product includes software developed at\n"
		       "Copyright 2017 The Apache Software Foundation "
		       "(http://www.apache.org/).\n");
	stop();
	CHECK_INT(nkind("copyright"), 6);
	f = find("copyright", "jane doe");
	CHECK(f != NULL);
	CHECK_STR(f->path, "LICENSE");
	CHECK_INT(f->line, 3);
	CHECK_STR(f->excerpt,
		  "Copyright (c) 2019-2023 Jane Doe <jane@example.org>");
	CHECK(find("copyright", "acme inc") != NULL);
	CHECK(find("copyright", "apache software foundation") != NULL);
	/* holders counted per file with their years */
	f = find("copyright-holder", "jane doe");
	CHECK(f != NULL);
	CHECK_STR(f->excerpt, "3 files, years 2019-2023");
	CHECK(f->score > 0.49 && f->score < 0.51);
	f = find("copyright-holder", "acme inc");
	CHECK_STR(f->excerpt, "2 files, years 2018-2020");
	f = find("copyright-consistency", NULL);
	CHECK_STR(f->value, "mixed");
	CHECK(strstr(f->excerpt, "jane doe (3)"));
}

TEST(test_ownership__holder_normalisation)
{
	start();
	feed("src/a.js", "/**\n * Copyright (c) 2016-present, Facebook, Inc. "
			 "and its affiliates.\n */\n");
	feed("src/b.js", "// Copyright 2014 - now The Foo Authors\n");
	feed("src/c.js", "// Copyright (c) Microsoft Corporation.\n");
	feed("src/d.js", "// Copyright 2009 Joe Bloggs and others\n");
	/* an en dash between the years; HTML's escaped email brackets */
	feed("src/e.css", " * Copyright 2011\xe2\x80\x93"
			  "2023 OOUI Team and other "
			  "contributors.\n");
	feed("doc/f.html", "Copyright 2003 Marc Delisle &lt;marc_at_infomarc."
			   "info&gt;\n");
	feed("debian/copyright", "Copyright: Copyright (C) 1997 James Troup "
				 "<troup@debian.org>\n");
	feed("NOTICE", "# Copyright (C) 2016 and later: Unicode, Inc. and "
		       "others.\n"
		       "     (c) allow anyone who receives a copy of the "
		       "modified version to\n");
	stop();
	CHECK(find("copyright", "unicode inc") != NULL);
	CHECK(find("copyright", "facebook inc") != NULL);
	CHECK(find("copyright", "foo authors") != NULL);
	CHECK(find("copyright", "microsoft corporation") != NULL);
	CHECK(find("copyright", "joe bloggs") != NULL);
	CHECK(find("copyright", "marc delisle") != NULL);
	CHECK(find("copyright", "ooui team") != NULL);
	CHECK(find("copyright", "james troup") != NULL);
	CHECK_INT(nkind("copyright-holder"), 8);
	/* ties (one file each) in the order first seen */
	CHECK_STR(find("copyright-holder", NULL)->value, "facebook inc");
}

TEST(test_ownership__templates_and_prose_ignored)
{
	start();
	feed("LICENSE", "                    GNU GENERAL PUBLIC LICENSE\n"
			" Copyright (C) 2007 Free Software Foundation, Inc. "
			"<https://fsf.org/>\n"
			"    Copyright (C) <year>  <name of author>\n"
			"   Copyright [yyyy] [name of copyright owner]\n"
			"Copyright (c) <year> <copyright holders>\n"
			"copyright notice and this permission notice\n"
			"Copyright law protects...\n");
	feed("src/x.js", "// the copyright holders disclaim\n"
			 "const copyright = 2020;\n");
	stop();
	CHECK_INT(nkind("copyright"), 0);
	CHECK_STR(find("copyright-consistency", NULL)->value, "none");
}

TEST(test_ownership__consistent_and_header_only)
{
	char big[4000];
	size_t i;

	start();
	feed("LICENSE", "Copyright 2020 Example Org\n");
	feed("src/a.c", "// Copyright (c) 2021, Example Org.\n");
	/* a copyright line past the header of a source file is not read */
	for (i = 0; i < 70; i++)
		memcpy(big + 6 * i, "x = 1\n", 6);
	snprintf(big + 6 * i, sizeof(big) - 6 * i,
		 "# Copyright 2020 Someone Else\n");
	feed("src/late.py", big);
	feed("vendor/lib/a.c", "// Copyright 2010 Vendor Corp\n");
	stop();
	CHECK_INT(nkind("copyright"), 2);
	CHECK_STR(find("copyright-consistency", NULL)->value, "consistent");
	CHECK(find("copyright-holder", "example org")->score == 1.0);
}

TEST(test_ownership__line_numbers_and_header_end)
{
	char big[4000];
	size_t i, o = 0;

	start();
	/* a source header ends after its 60th line */
	for (i = 0; i < 59; i++)
		o += (size_t)snprintf(big + o, sizeof(big) - o, "x = %zu\n", i);
	snprintf(big + o, sizeof(big) - o,
		 "# Copyright 2020 Edge Person\n# Copyright 2021 Too Late\n");
	feed("src/edge.py", big);
	/* lines without a mark between those with one, long and short */
	o = 0;
	for (i = 0; i < 30; i++)
		o += (size_t)snprintf(big + o, sizeof(big) - o,
				      "%s prose about the project, "
				      "nothing owned here %zu\n",
				      i % 2 ? "Long" : "Some", i);
	snprintf(big + o, sizeof(big) - o, "Intro\nMIT \xC2\xA9 Jane Roe\n\n");
	feed("README.md", big);
	feed("LICENSE.txt", "text\r\nCopyright 2019 CR Person\r\n"
			    "(c) 2018 Tail Org");
	stop();
	CHECK_INT(find("copyright", "edge person")->line, 60);
	CHECK(find("copyright", "too late") == NULL);
	CHECK_INT(find("copyright", "jane roe")->line, 32);
	CHECK_INT(find("copyright", "cr person")->line, 2);
	CHECK_INT(find("copyright", "tail org")->line, 3);
	CHECK_INT(nkind("copyright"), 4);
}

TEST(test_ownership__authors_cla_dco)
{
	const struct dpg_finding *f;

	start();
	feed("AUTHORS.md", "# Authors\n\n- Jane Doe <j@x>\n- John Roe\n");
	feed("CLA.md", "Individual Contributor License Agreement\n");
	feed(".github/dco.yml", "require:\n  members: false\n");
	feed("CONTRIBUTING.md", "# Contributing\n\nThanks!\n"
				"All commits need a Signed-off-by line "
				"(git commit -s).\n");
	feed("docs/CONTRIBUTING.md", "You must sign our Contributor License "
				     "Agreement first.\n");
	stop();
	f = find("authors-file", NULL);
	CHECK(f != NULL);
	CHECK_STR(f->value, "AUTHORS");
	CHECK_STR(f->excerpt, "2 entries");
	CHECK(find("cla", "file") != NULL);
	CHECK(find("dco", "bot") != NULL);
	f = find("dco", "contributing");
	CHECK(f != NULL);
	CHECK_INT(f->line, 4);
	f = find("cla", "contributing");
	CHECK(f != NULL);
	CHECK_STR(f->path, "docs/CONTRIBUTING.md");
	CHECK_INT(nkind("dco"), 2);
	dpg_scan_release(&scan);
}

/* ownership.c's test knobs */
extern int dpg_ownership_plain;
int dpg_ownership_cuts_ok(void);

static unsigned long long digest;

static void mix(const char *s)
{
	for (; s && *s; s++)
		digest = (digest ^ (unsigned char)*s) * 1099511628211ull;
	digest = (digest ^ 0xff) * 1099511628211ull;
}

static void feed_n(const char *path, const char *data, size_t len)
{
	struct dpg_file f;
	struct dpg_error err = DPG_ERROR_INIT;

	memset(&f, 0, sizeof(f));
	f.path = path;
	f.mode = DPG_MODE_FILE;
	f.size = len;
	dpg_analysis_feed(&an, &f, data, len, &err);
}

static void feed_one(const char *path, const char *s, size_t len, void *ctx)
{
	size_t skip = *(const size_t *)ctx;

	feed_n(strlen(path) > skip ? path + skip : path, s, len);
}

/* Each file the command lists, as path (less the prefix skip bytes). */
static size_t feed_listed(const char *cmd, size_t skip)
{
	static char buf[1 << 20];

	return test_each_listed(cmd, buf, sizeof(buf), feed_one, &skip);
}

/* Copyright lines with every cut and mark, each j bytes into its line,
 * in a license file, a README and a source header. */
static void feed_made(size_t j)
{
	static const char *const lines[] = {
		"Copyright (c) 2020 Jane Doe. All Rights Reserved.",
		"(C) 2019 Acme and its contributors",
		"\xc2\xa9 2018 Foo Bar and other contributors",
		"copyright 2017 The Baz Authors and Contributors",
		"Copyright: 2016 Qux & contributors",
		"Copyright 2015 Quux and the contributors",
		"(c) 2014 Corge. Some rights reserved.",
		"Copyright 2013 Grault and its affiliates",
		"Copyright 2012 Garply and affiliates and others",
		"Copyright 2011 Waldo et al. and others",
		"Copyright 2010 Fred & Plugh, All rights reserved et al",
		"MIT (c) 2009 Xyzzy and its contributors and others",
		"Copyright 2008 happy python copy (c) ok",
		"Copyright 2007 "
		"A~B`C|D=E+F{G}H[I]J(K)L\"M'N!O:P;Q,R.S-T*U/V\tW\x01X",
		/* prose and template words, leading words, artefacts */
		"Copyright 2006 Acme License Team",
		"Copyright 2005 Yyyy Fullname, Name of Holder",
		"Copyright 2004 the above owner; Permission notice",
		"Copyright (c) Year",
		"Copyright 2003 ${owner} {{ author }} {% x %} <%= n %> $5",
		"Copyright 2002 Price {x} $ Inc",
		"Copyright 2002 Acme {{ year }} Co",
		"Copyright 2002 Acme {% if %} Co, Acme {x",
		"Copyright 2002 Acme <%= x %> Co <% y",
		"Copyright 2001 by Foo and later Bar",
		"Copyright 2000-present Baz, 1999 - now Qux, 1998-today Q",
		"Copyright 1997 and later Zed",
		"Copyright 1996 The Org, Theatre Co, bytes inc",
		"(c) 2020 todo",
		"Copyright 2021 your name",
		"Copyright 2022 this year by x",
		"Copyright 2023 current year x",
		"#;-!%'<>_= Copyright 2024 Leader Co",
	};
	static char text[8192];
	static const char *const paths[] = {"LICENSE", "README.md", "a.c"};
	char path[64];
	size_t k, n = 0;

	for (k = 0; k < DPG_ARRAY_SIZE(lines); k++) {
		n = (size_t)snprintf(text, sizeof(text), "%*s%s\n%s\n", (int)j,
				     "", lines[k],
				     lines[(k + j) % DPG_ARRAY_SIZE(lines)]);
		snprintf(path, sizeof(path), "m%zu/%s", j * 100 + k,
			 paths[(j + k) % 3]);
		feed_n(path, text, n);
	}
}

/* The findings so far into digest. */
static void mix_findings(void)
{
	size_t i;

	for (i = 0; i < scan.nfindings; i++) {
		const struct dpg_finding *f = &scan.findings[i];
		char nums[96];

		mix(f->kind);
		mix(f->value);
		mix(f->path);
		mix(f->excerpt);
		snprintf(nums, sizeof(nums), "%u %u %d %.6f", f->line,
			 f->line_end, f->indicator, f->score);
		mix(nums);
	}
	mix(scan.nfindings ? "some" : "none");
}

/* The findings' digest over real files, then made ones (a scan each:
 * end() keeps the first 500 copyright lines of a scan), plain or not. */
static unsigned long long ownership_digest(int plain, size_t *files)
{
	size_t j;

	dpg_ownership_plain = plain;
	digest = 1469598103934665603ull;
	start();
	*files = feed_listed("find /usr/share/doc -type f ! -name '*.gz' "
			     "2>/dev/null | LC_ALL=C sort | head -3000",
			     strlen("/usr/share/doc/"));
	*files += feed_listed("git ls-files 2>/dev/null", 0);
	stop();
	mix_findings();
	/* at every place of a 33-byte run, a scan each */
	for (j = 0; j < 33; j++) {
		start();
		feed_made(j);
		stop();
		mix_findings();
	}
	dpg_ownership_plain = 0;
	return digest;
}

/* The shortcuts (classify()'s last answer, the cuts in one pass, the
 * AVX2 mark search) find what the plain way does. */
TEST(test_ownership__plain_same)
{
	size_t fa, fb;
	unsigned long long a = ownership_digest(1, &fa);
	unsigned long long b = ownership_digest(0, &fb);

	CHECK(dpg_ownership_cuts_ok());
	CHECK(fa > 300);
	CHECK(fa == fb);
	CHECK(a == b);
}

TEST_MAIN("test_ownership", T(test_ownership__copyright_forms),
	  T(test_ownership__holder_normalisation),
	  T(test_ownership__line_numbers_and_header_end),
	  T(test_ownership__templates_and_prose_ignored),
	  T(test_ownership__consistent_and_header_only),
	  T(test_ownership__authors_cla_dco), T(test_ownership__plain_same))
