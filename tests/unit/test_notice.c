#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/licdecl.h"
#include "dpg/util.h"
#include "licfind.h"
#include "../../src/license/licnames.h"
#include "test.h"

/* A finding of kind with value at line. */
static int lf_has(const char *kind, const char *value, unsigned int line)
{
	size_t i;

	for (i = 0; i < lf_n; i++)
		if (!strcmp(lf_f[i].kind, kind) &&
		    !strcmp(lf_f[i].value, value) && lf_f[i].line == line)
			return 1;
	lf_dump();
	return 0;
}

/* Run the notice reader on s; return the value of the only notice. */
static const char *notice(const char *s)
{
	const struct lf_found *f;

	lf_n = 0;
	dpg_licdecl_notices(&lf_ctx, "f.c", s, strlen(s));
	f = lf_get("license-notice");
	if (lf_count("license-notice") != 1) {
		lf_dump();
		return lf_count("license-notice") ? "(several)" : "(none)";
	}
	return f->value;
}

static const struct {
	const char *text, *id;
} ncases[] = {
	{"// Licensed under the Apache License, Version 2.0 (the "
	 "\"License\");\n"
	 "// you may not use this file except in compliance with the License.",
	 "Apache-2.0"},
	{"/*\n * This program is free software; you can redistribute it "
	 "and/or modify\n * it under the terms of the GNU General Public "
	 "License as published by\n * the Free Software Foundation; either "
	 "version 2 of the License, or\n * (at your option) any later "
	 "version.\n */",
	 "GPL-2.0-or-later"},
	{"# This program is free software: you can redistribute it and/or "
	 "modify\n# it under the terms of the GNU General Public License as "
	 "published by\n# the Free Software Foundation, version 3 of the "
	 "License.\n",
	 "GPL-3.0-only"},
	{" * it under the terms of the GNU General Public License version 2 "
	 "as\n * published by the Free Software Foundation.\n",
	 "GPL-2.0-only"},
	{"This library is free software; you can redistribute it and/or\n"
	 "modify it under the terms of the GNU Lesser General Public\n"
	 "License as published by the Free Software Foundation; either\n"
	 "version 2.1 of the License, or (at your option) any later "
	 "version.",
	 "LGPL-2.1-or-later"},
	{"-- it under the terms of the GNU Affero General Public License as\n"
	 "-- published by the Free Software Foundation, either version 3 of "
	 "the\n-- License, or (at your option) any later version.",
	 "AGPL-3.0-or-later"},
	{"Licensed under the MIT license.", "MIT"},
	{"   GNU Nettle is free software: you can redistribute it and/or\n"
	 "   modify it under the terms of either:\n\n"
	 "     * the GNU Lesser General Public License as published by the "
	 "Free\n       Software Foundation; either version 3 of the License, "
	 "or (at your\n       option) any later version.\n\n   or\n\n"
	 "     * the GNU General Public License as published by the Free\n"
	 "       Software Foundation; either version 2 of the License, or (at "
	 "your\n       option) any later version.\n\n   or both in "
	 "parallel, as here.\n",
	 "LGPL-3.0-or-later OR GPL-2.0-or-later"},
	{"This project is licensed under the terms of the MIT License.", "MIT"},
	{"This work is licensed under a Creative Commons Attribution 4.0 "
	 "International License.",
	 "CC-BY-4.0"},
	{"This work is licensed under a <a href=\"x\">Creative Commons "
	 "Attribution-ShareAlike 4.0 International License</a>.",
	 "CC-BY-SA-4.0"},
	{"Content is licensed under CC BY-NC-SA 4.0.", "CC-BY-NC-SA-4.0"},
	{"/* This Source Code Form is subject to the terms of the Mozilla "
	 "Public\n * License, v. 2.0. If a copy of the MPL was not "
	 "distributed with this\n * file, You can obtain one at "
	 "http://mozilla.org/MPL/2.0/. */",
	 "MPL-2.0"},
	{"This program and the accompanying materials are made available "
	 "under the\nterms of the Eclipse Public License 2.0 which is "
	 "available at",
	 "EPL-2.0"},
	{"Licensed under either of Apache License, Version 2.0 or MIT "
	 "license at your option.",
	 "Apache-2.0 OR MIT"},
	{"Released under the GPLv3+.", "GPL-3.0-or-later"},
	{"Distributed under the Boost Software License, Version 1.0.",
	 "BSL-1.0"},
	{"Licensed under the EUPL, Version 1.2 or – as soon they will be "
	 "approved",
	 "EUPL-1.2"},
	{"# License: BSD 3 clause", "BSD-3-Clause"},
	{"This software is released under the Licence Apache-2.0.",
	 "Apache-2.0"},
	{"Data is available under the Open Database License.", "ODbL-1.0"},
	/* the version only: reported as such, matching -only and -or-later */
	{"This project is licensed under the GNU GPL v3.", "GPL-3.0"},
	{"## License\n\n[MIT](LICENSE) (c) 2020 Someone\n", "MIT"},
	{"License\n=======\n\nApache 2.0\n", "Apache-2.0"},
	{"Moodle is provided freely as open source software, under version 3 "
	 "of the GNU General Public License.",
	 "GPL-3.0"},
	{"The Mojaloop files are made available by the Mojaloop Foundation "
	 "under the Apache License, Version 2.0 (the \"License\")",
	 "Apache-2.0"},
	{"The code is available under MIT (see LICENSE).", "MIT"},
	/* names the reader learnt (issue 10, class 9) */
	{"This program is licensed under the Server Side Public License, "
	 "version 1.",
	 "SSPL-1.0"},
	{"Licensed under the Elastic License 2.0.", "Elastic-2.0"},
	{"Distributed under the Apple Public Source License Version 2.0.",
	 "APSL-2.0"},
	{"The font engine is distributed under the FreeType License.", "FTL"},
	{"Released under the Ruby License.", "Ruby"},
	{"Licensed under the Common Public License.", "CPL-1.0"},
	{"The widgets are released under the GNU LGPLv2+.",
	 "LGPL-2.0-or-later"},
	/* markup (class 2): a tag over lines, Markdown link targets */
	{"<p>The guide is licensed under a <a rel=\"license\"\n   "
	 "href=\"https://creativecommons.org/licenses/by-sa/4.0/\">Creative "
	 "Commons\n   Attribution-ShareAlike 4.0 International License</a>."
	 "</p>",
	 "CC-BY-SA-4.0"},
	{"Released under the [MIT License](https://opensource.org/licenses/"
	 "MIT) and [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/"
	 "4.0/).",
	 "MIT AND CC-BY-SA-4.0"},
};

TEST(test_notice__cases)
{
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(ncases); i++) {
		const char *got = notice(ncases[i].text);

		if (strcmp(got, ncases[i].id) != 0)
			printf("  case %zu: '%s' != '%s'\n", i, got,
			       ncases[i].id);
		CHECK_STR(got, ncases[i].id);
	}
}

static const char *const nothing[] = {
	"This project uses libraries licensed under the MIT license.",
	/* a framework's own sentence in a template README (class 5) */
	"The Laravel framework is open-sourced software licensed under the "
	"[MIT license](https://opensource.org/licenses/MIT).",
	"Django is licensed under the BSD 3-Clause license.",
	"Licensed under the GPL.",
	"Released under a BSD license.",
	"Licensed under the Apache License.",
	"You may not use this file except in compliance with the License.",
	"Some dependencies are distributed under the GPL v3.",
	"This is not licensed under the MIT license.",
	"## License\n\nThis project bundles zlib and is proprietary.\n",
	"int license = 3;",
	"Runs under the hood of the license server, under Windows too.",
};

TEST(test_notice__no_guess)
{
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(nothing); i++) {
		lf_n = 0;
		dpg_licdecl_notices(&lf_ctx, "f.c", nothing[i],
				    strlen(nothing[i]));
		if (lf_count("license-notice"))
			printf("  nothing[%zu]:\n", i), lf_dump();
		CHECK_INT(lf_count("license-notice"), 0);
	}
}

TEST(test_notice__lines_and_excerpt)
{
	const char *s = "#!/bin/sh\n# Copyright 2020 X\n#\n"
			"# Licensed under the Apache License,\n"
			"# Version 2.0 (the \"License\");\n";
	const struct lf_found *f;

	lf_n = 0;
	CHECK_INT(dpg_licdecl_notices(&lf_ctx, "run.sh", s, strlen(s)), 1);
	f = lf_get("license-notice");
	CHECK(f != NULL);
	CHECK_INT(f->line, 4);
	CHECK_INT(f->line_end, 5);
	CHECK_STR(f->excerpt,
		  "Licensed under the Apache License, # Version 2.0");
}

/* The sample notice in the GNU "How to Apply" appendix says nothing. */
TEST(test_notice__gpl_appendix)
{
	const char *s =
		"                    GNU GENERAL PUBLIC LICENSE\n"
		"                       Version 3, 29 June 2007\n\n"
		"                            Preamble\n\n"
		"  The GNU General Public License is a free, copyleft "
		"license for\nsoftware and other kinds of works.\n"
		"...\n                     END OF TERMS AND CONDITIONS\n\n"
		"            How to Apply These Terms to Your New Programs\n\n"
		"    This program is free software: you can redistribute it "
		"and/or modify\n    it under the terms of the GNU General "
		"Public License as published by\n    the Free Software "
		"Foundation, either version 3 of the License, or\n    (at "
		"your option) any later version.\n";
	const char *with_header =
		"This program is free software: you can redistribute it under "
		"the terms of the GNU General Public License as published by "
		"the Free Software Foundation, either version 3 of the "
		"License, or (at your option) any later version.\n\n";
	char buf[4096];

	lf_n = 0;
	dpg_licdecl_notices(&lf_ctx, "COPYING", s, strlen(s));
	CHECK_INT(lf_count("license-notice"), 0);
	/* a notice before the text is the project's */
	snprintf(buf, sizeof(buf), "%s%s", with_header, s);
	CHECK_STR(notice(buf), "GPL-3.0-or-later");
	CHECK_INT(lf_f[0].line, 1);
}

/* Every item of a License section list, each on its line; a labelled
 * line starts its own statement (classes 2 and 3). */
TEST(test_notice__lists_and_labels)
{
	const char *list = "# Atlas\n\n## License\n\n"
			   "- [MIT License](LICENSE) for the code\n"
			   "- [Creative Commons Attribution 4.0](https://"
			   "creativecommons.org/licenses/by/4.0/) for the "
			   "maps\n";
	const char *labels = "Code: licensed under the AGPL-3.0\n"
			     "Data: available under CC-BY-SA-4.0\n";

	lf_n = 0;
	dpg_licdecl_notices(&lf_ctx, "README.md", list, strlen(list));
	CHECK_INT(lf_count("license-notice"), 2);
	CHECK(lf_has("license-notice", "MIT", 5));
	CHECK(lf_has("license-notice", "CC-BY-4.0", 6));
	lf_n = 0;
	dpg_licdecl_notices(&lf_ctx, "README.md", labels, strlen(labels));
	CHECK(lf_has("license-notice", "AGPL-3.0", 1));
	CHECK(lf_has("license-notice", "CC-BY-SA-4.0", 2));
	CHECK(strncmp(lf_get("license-notice")->excerpt, "Code:", 5) == 0);
}

TEST(test_notice__bundled_section)
{
	const char *s = "# Rollup core license\nRollup is released under the "
			"MIT license:\n\n# Licenses of bundled dependencies\n"
			"## dep\nLicense: ISC\n";
	const struct lf_found *f;

	lf_n = 0;
	dpg_licdecl_notices(&lf_ctx, "LICENSE.md", s, strlen(s));
	CHECK_INT(lf_count("license-notice"), 1);
	CHECK_STR(lf_get("license-notice")->value, "MIT");
	f = lf_get("license-bundled-section");
	CHECK(f != NULL);
	CHECK_INT(f->line, 4);
}

TEST(test_notice__references)
{
	const char *s =
		"[![License: MIT](https://img.shields.io/badge/License-MIT-"
		"yellow.svg)](https://opensource.org/licenses/MIT)\n"
		"![license](https://img.shields.io/badge/license-Apache%202.0-"
		"blue)\n"
		"see https://www.gnu.org/licenses/gpl-3.0.html and\n"
		"<https://creativecommons.org/licenses/by-sa/4.0/>.\n"
		"<a rel=\"license\" href=\"http://creativecommons.org/licenses/"
		"by/4.0/\"><img alt=\"CC\" src=\"x.png\" /></a>\n"
		"http://www.apache.org/licenses/LICENSE-2.0\n"
		"https://spdx.org/licenses/BSD-3-Clause.html\n"
		"https://img.shields.io/badge/License-BSD%203--Clause-blue\n"
		"https://www.gnu.org/licenses/why-not-lgpl.html\n";
	const char *want[] = {"MIT",	      "Apache-2.0", "GPL-3.0",
			      "CC-BY-SA-4.0", "CC-BY-4.0",  "BSD-3-Clause"};
	size_t i, j;

	lf_n = 0;
	dpg_licdecl_notices(&lf_ctx, "README.md", s, strlen(s));
	for (i = 0; i < DPG_ARRAY_SIZE(want); i++) {
		int found = 0;

		for (j = 0; j < lf_n; j++)
			if (!strcmp(lf_f[j].kind, "license-reference") &&
			    !strcmp(lf_f[j].value, want[i]))
				found = 1;
		if (!found)
			printf("  missing %s\n", want[i]), lf_dump();
		CHECK(found);
	}
	/* one finding per (kind, value) per file */
	CHECK_INT(lf_count("license-reference"), DPG_ARRAY_SIZE(want));
}

TEST(test_notice__names_and_urls)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	static const struct {
		const char *name, *id;
	} names[] = {
		{"MIT", "MIT"},
		{"The MIT License", "MIT"},
		{"Apache License, Version 2.0", "Apache-2.0"},
		{"Apache 2", "Apache-2.0"},
		{"Apache2", "Apache-2.0"},
		{"BSD 3-Clause", "BSD-3-Clause"},
		{"GPLv2+", "GPL-2.0-or-later"},
		{"GPL-3.0-or-later", "GPL-3.0-or-later"},
		{"LGPL v3", "LGPL-3.0"},
		{"AGPL-3.0", "AGPL-3.0"},
		{"CC BY 4.0", "CC-BY-4.0"},
		{"CC0", "CC0-1.0"},
		{"Mozilla Public License 2.0", "MPL-2.0"},
		{"Eclipse Public License - v 2.0", "EPL-2.0"},
		{"MIT or Apache-2.0", "MIT OR Apache-2.0"},
	};
	static const char *const not_names[] = {"BSD", "GPL", "Apache",
						"Proprietary", "MIT and more"};
	static const struct {
		const char *url, *id;
	} urls[] = {
		{"https://www.apache.org/licenses/LICENSE-2.0.txt",
		 "Apache-2.0"},
		{"http://www.gnu.org/licenses/old-licenses/gpl-2.0.html",
		 "GPL-2.0"},
		{"https://www.gnu.org/licenses/agpl-3.0.en.html", "AGPL-3.0"},
		{"https://creativecommons.org/licenses/by-nc-nd/4.0/",
		 "CC-BY-NC-ND-4.0"},
		{"http://creativecommons.org/publicdomain/zero/1.0/",
		 "CC0-1.0"},
		{"https://opensource.org/licenses/mit-license.php", "MIT"},
		{"https://opensource.org/license/isc-license-txt", NULL},
		{"https://spdx.org/licenses/MPL-2.0.html", "MPL-2.0"},
		{"https://www.mozilla.org/en-US/MPL/2.0/", NULL},
		{"http://mozilla.org/MPL/2.0/", "MPL-2.0"},
		{"https://www.eclipse.org/legal/epl-2.0/", "EPL-2.0"},
		{"https://www.gnu.org/licenses/", NULL},
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(names); i++) {
		const char *got = dpg_licdecl_name(
			names[i].name, strlen(names[i].name), &lf_ctx, &a);

		if (!got || strcmp(got, names[i].id))
			printf("  name '%s' -> %s\n", names[i].name,
			       got ? got : "NULL");
		CHECK_STR(got, names[i].id);
	}
	for (i = 0; i < DPG_ARRAY_SIZE(not_names); i++)
		CHECK(dpg_licdecl_name(not_names[i], strlen(not_names[i]),
				       &lf_ctx, &a) == NULL);
	for (i = 0; i < DPG_ARRAY_SIZE(urls); i++) {
		const char *got = dpg_licdecl_url(
			urls[i].url, strlen(urls[i].url), &lf_ctx, &a);

		if (urls[i].id == NULL) {
			CHECK(got == NULL);
			continue;
		}
		if (!got || strcmp(got, urls[i].id))
			printf("  url '%s' -> %s\n", urls[i].url,
			       got ? got : "NULL");
		CHECK_STR(got, urls[i].id);
	}
	dpg_arena_release(&a);
}

TEST(test_notice__tags)
{
	const char *s = "// SPDX-License-Identifier: GPL-2.0+ OR mit\n"
			"/* SPDX-License-Identifier: (Apache-2.0 OR MIT) */\n"
			"<!-- SPDX-License-Identifier: CC-BY-4.0 -->\n"
			"# SPDX-License-Identifier: MIT OR\n"
			"# SPDX-License-Identifier: Foo-1.0\n"
			"print(\"SPDX-License-Identifier is a tag\")\n"
			"-- spdx-license-identifier: apache-2.0\n";
	const struct lf_found *f;

	lf_n = 0;
	CHECK_INT(dpg_licdecl_tags(&lf_ctx, "x.c", s, strlen(s)), 6);
	CHECK_STR(lf_f[0].kind, "spdx-tag");
	CHECK_STR(lf_f[0].value, "GPL-2.0-or-later OR MIT");
	CHECK_INT(lf_f[0].line, 1);
	CHECK(strstr(lf_f[0].excerpt, "deprecated") != NULL);
	CHECK(strncmp(lf_f[0].excerpt,
		      "SPDX-License-Identifier: GPL-2.0+ OR "
		      "mit",
		      40) == 0);
	CHECK_STR(lf_f[1].value, "Apache-2.0 OR MIT");
	CHECK_STR(lf_f[1].excerpt,
		  "SPDX-License-Identifier: (Apache-2.0 OR MIT)");
	CHECK_STR(lf_f[2].value, "CC-BY-4.0");
	CHECK_INT(lf_f[2].line, 3);
	CHECK_STR(lf_f[3].kind, "spdx-tag-invalid");
	CHECK_STR(lf_f[3].value, "MIT OR");
	CHECK(strstr(lf_f[3].excerpt, "offset 6") != NULL);
	CHECK_STR(lf_f[4].kind, "spdx-tag-invalid");
	CHECK(strstr(lf_f[4].excerpt, "unknown license id 'Foo-1.0'") != NULL);
	f = &lf_f[5];
	CHECK_STR(f->value, "Apache-2.0");
	CHECK_INT(f->line, 7);
}

/* Each phrase that ends a license's terms stops notices after it, in any
 * case and far into a text (the first-word gate in front of the tests
 * lets every one through), and only after it. */
TEST(test_notice__guard_phrases)
{
	static const char *const ends[] = {
		"END OF TERMS AND CONDITIONS",
		"How to apply these terms to your new programs",
		"APPENDIX - How to apply the Apache License",
		"Exhibit A - Source Code Form License Notice",
		"TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION",
		"Statement of Purpose",
		"Creative Commons Corporation is not a law firm",
		"Third-party licenses",
		"Licenses of third-party code",
		"The bundled zlib code is licensed under the zlib license:",
	};
	const char *tail = "\nThis project is released under the MIT "
			   "license.\n";
	char buf[8192];
	size_t k, n;

	for (k = 0; k < DPG_ARRAY_SIZE(ends); k++) {
		n = 0;
		while (n < 6000)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      "Some words of text, line %zu.\n",
					      n);
		snprintf(buf + n, sizeof(buf) - n, "%s\n%s", ends[k], tail);
		lf_n = 0;
		dpg_licdecl_notices(&lf_ctx, "NOTICE", buf, strlen(buf));
		if (lf_count("license-notice") != 0) {
			lf_dump();
			CHECK_STR(ends[k], "(stops notices)");
		}
		/* before it, the notice is read */
		snprintf(buf + n, sizeof(buf) - n, "%s\n%s", tail, ends[k]);
		CHECK_STR(notice(buf), "MIT");
	}
}

/*
 * A random text of the pieces bits ("" is a NUL byte) in buf (cap bytes,
 * more than twice the longest piece), ending after a piece with chance 1
 * in stop; returns a random length of it, 0..n.
 */
static size_t random_text(char *buf, size_t cap, const char *const *bits,
			  size_t nbits, unsigned int stop, unsigned int *seed)
{
	size_t n = 0, slack = 1, i;

	for (i = 0; i < nbits; i++)
		if (strlen(bits[i]) > slack)
			slack = strlen(bits[i]);

	while (n < cap - slack) {
		const char *b;

		*seed = *seed * 1103515245u + 12345u;
		b = bits[(*seed >> 16) % nbits];
		if (!*b)
			buf[n++] = '\0';
		else
			while (*b)
				buf[n++] = *b++;
		if ((*seed >> 8) % stop == 0)
			break;
	}
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) % (n + 1);
}

/* The byte loop dpg_licdecl_last_word() replaced: j + 4 for the last j
 * (j + 4 <= len) where "icen" or "gpl" starts, any case. */
static size_t last_word_ref(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i, last = 0;

	for (i = 1; i + 2 < len; i++) {
		unsigned char ch = s[i] | 0x20;

		if ((ch == 'c' && (s[i - 1] | 0x20) == 'i' &&
		     (s[i + 1] | 0x20) == 'e' && (s[i + 2] | 0x20) == 'n') ||
		    (ch == 'p' && (s[i - 1] | 0x20) == 'g' &&
		     (s[i + 1] | 0x20) == 'l'))
			last = i + 3;
	}
	return last;
}

/* The sixteen-at-a-time search finds what the byte loop did: at every
 * offset and length (block edges, the last bytes, "gpl" at the very end
 * not counted), in texts of words, case changes, NUL and high bytes. */
TEST(test_notice__last_word)
{
	static const char *const bits[] = {
		"icen",	   "ICEN", "gpl", "GPl", "ic", "en",   "g",    "pl",
		"licence", "x",	   " ",	  "\n",	 "\0", "\xc9", "iCeN", "gp",
	};
	char buf[200];
	unsigned int seed = 12345;
	size_t k, len, bad = 0;

	for (k = 0; k < 20000; k++) {
		len = random_text(buf, sizeof(buf), bits, DPG_ARRAY_SIZE(bits),
				  7, &seed);
		if (dpg_licdecl_last_word(buf, len) != last_word_ref(buf, len))
			bad++;
		/* and sixteen at a time where the CPU has AVX2 */
		dpg_lictext_no_avx2 = 1;
		if (dpg_licdecl_last_word(buf, len) != last_word_ref(buf, len))
			bad++;
		dpg_lictext_no_avx2 = 0;
		/* from both ends: with AVX2 where the CPU has it, and
		 * sixteen at a time */
		if (dpg_licdecl_has_word(buf, len) !=
		    (last_word_ref(buf, len) != 0))
			bad++;
		dpg_lictext_no_avx2 = 1;
		if (dpg_licdecl_has_word(buf, len) !=
		    (last_word_ref(buf, len) != 0))
			bad++;
		dpg_lictext_no_avx2 = 0;
	}
	CHECK_INT(bad, 0);
	/* "gpl" needs one byte after it; "icen" ends the text */
	CHECK_INT(dpg_licdecl_last_word("gpl", 3), 0);
	CHECK_INT(dpg_licdecl_last_word("the GPL", 7), 0);
	CHECK_INT(dpg_licdecl_last_word("the GPL.", 8), 8);
	CHECK_INT(dpg_licdecl_last_word("licen", 5), 5);
}

/* References and notices past NUL bytes and in binary-looking data (the
 * text's searches step over each NUL). */
TEST(test_notice__past_nul)
{
	static const char s[] =
		"x\0y\0<a rel=\"license\" "
		"href=\"https://opensource.org/licenses/MIT\">\0"
		"\0\0\0\0\0\0\0\0\0\0z\0"
		"[![License](https://img.shields.io/badge/license-Apache--2.0-"
		"blue)](x)\n"
		"see https://www.gnu.org/licenses/gpl-3.0.html\n";

	lf_n = 0;
	dpg_licdecl_notices(&lf_ctx, "README.md", s, sizeof(s) - 1);
	CHECK(lf_has("license-reference", "MIT", 1));
	CHECK(lf_has("license-reference", "Apache-2.0", 1));
	CHECK(lf_has("license-reference", "GPL-3.0", 2));
}

/* A tag at every offset of a long minified line (the sixteen-at-a-time
 * search's block edges), at the very end of a text, and the cases the
 * search accepts ("SPDX-" or "spdx-", then any case). */
TEST(test_notice__tag_offsets)
{
	static const char tag[] = "/*! SPDX-License-Identifier: MIT */";
	char buf[256];
	size_t off;

	for (off = 0; off < 48; off++) {
		memset(buf, 'x', off);
		memcpy(buf + off, tag, sizeof(tag));
		lf_n = 0;
		CHECK_INT(
			dpg_licdecl_tags(&lf_ctx, "a.min.js", buf, strlen(buf)),
			1);
		CHECK_STR(lf_f[0].value, "MIT");
		/* cut right after the tag word: a mention, no tag */
		lf_n = 0;
		CHECK_INT(dpg_licdecl_tags(&lf_ctx, "a.min.js", buf,
					   off + 4 + 23),
			  0);
		/* cut inside the tag word: nothing */
		CHECK_INT(dpg_licdecl_tags(&lf_ctx, "a.min.js", buf,
					   off + 4 + 22),
			  0);
	}
	lf_n = 0;
	CHECK_INT(dpg_licdecl_tags(&lf_ctx, "a.c",
				   "// spdx-LICENSE-identifier: Zlib\n"
				   "// Spdx-License-Identifier: MIT\n"
				   "// SPDX-license-Identifier: ISC",
				   strlen("// spdx-LICENSE-identifier: Zlib\n"
					  "// Spdx-License-Identifier: MIT\n"
					  "// SPDX-license-Identifier: ISC")),
		  2);
	CHECK_STR(lf_f[0].value, "Zlib");
	CHECK_STR(lf_f[1].value, "ISC");
	CHECK_INT(lf_f[1].line, 3);
}

static int ref_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* The token loop dpg_lictext_init() had before its sixteen-byte scans,
 * over the lower-cased text l: the number of tokens, their ranges in
 * off[] and end[] (at most cap). */
static size_t ref_tokens(const char *l, size_t len, size_t *off, size_t *end,
			 size_t cap)
{
	size_t i = 0, n = 0, s;

	while (i < len) {
		if (l[i] == '&') {
			size_t k = i + 1;

			while (k < len && k < i + 10 &&
			       (ref_alnum(l[k]) || l[k] == '#'))
				k++;
			if (k < len && l[k] == ';' && k > i + 1) {
				i = k + 1;
				continue;
			}
		}
		if (l[i] == '<' && i + 1 < len &&
		    (ref_alnum((unsigned char)l[i + 1]) || l[i + 1] == '/' ||
		     l[i + 1] == '!')) {
			const char *gt = memchr(l + i, '>',
						len - i < 300 ? len - i : 300);

			if (gt && !memchr(l + i + 1, '<',
					  (size_t)(gt - (l + i + 1)))) {
				i = (size_t)(gt - l) + 1;
				continue;
			}
		}
		if (l[i] == ']' && i + 1 < len && l[i + 1] == '(') {
			const char *cp = memchr(l + i, ')',
						len - i < 400 ? len - i : 400);

			if (cp &&
			    !memchr(l + i, '\n', (size_t)(cp - (l + i))) &&
			    !memchr(l + i + 2, ' ',
				    (size_t)(cp - (l + i + 2)))) {
				i = (size_t)(cp - l) + 1;
				continue;
			}
		}
		if (l[i] == ':') {
			s = i++;
			goto add;
		}
		if (!ref_alnum((unsigned char)l[i])) {
			i++;
			continue;
		}
		s = i;
		while (i < len) {
			if (ref_alnum((unsigned char)l[i])) {
				i++;
			} else if ((l[i] == '.' || l[i] == '-') &&
				   i + 1 < len &&
				   ref_alnum((unsigned char)l[i + 1])) {
				i++;
			} else if (l[i] == '+' &&
				   (i + 1 >= len ||
				    !ref_alnum((unsigned char)l[i + 1]))) {
				i++;
				break;
			} else {
				break;
			}
		}
	add:
		if (n < cap) {
			off[n] = s;
			end[n] = i;
		}
		n++;
	}
	return n;
}

/* A tag is passed over when its '>' comes before any other '<' and
 * within 300 bytes of its '<' (looked for 16 bytes at a time): as the
 * byte loop does, at every offset, for '>' at 298 to 301 bytes, and with
 * a '<' just before the '>'. */
TEST(test_notice__long_tags)
{
	static char buf[400];
	static size_t off[64], end[64];
	size_t pad, gt, bad = 0;
	int lt;

	for (lt = 0; lt < 2; lt++)
		for (gt = 296; gt <= 301; gt++)
			for (pad = 0; pad < 18; pad++) {
				struct dpg_lictext x;
				size_t len = pad + gt + 5, nref, i;

				memset(buf, ' ', sizeof(buf));
				memcpy(buf + pad, "<a title=\"mit", 13);
				memset(buf + pad + 13, 'x', gt - 13);
				if (lt)
					buf[pad + gt - 1] = '<';
				memcpy(buf + pad + gt, ">gpl ", 5);
				dpg_lictext_init(&x, buf, len);
				nref = ref_tokens(x.low, len, off, end,
						  DPG_ARRAY_SIZE(off));
				if (nref != x.n)
					bad++;
				for (i = 0; nref == x.n && i < x.n; i++)
					if (x.t[i].off != off[i] ||
					    x.t[i].end != end[i])
						bad++;
				/* "gpl" only when the tag is passed over */
				if (x.n != (gt < 300 && !lt ? 1u : 4u))
					bad++;
				dpg_lictext_release(&x);
			}
	CHECK_INT(bad, 0);
}

/* The tokens of random texts of words, numbers, versions, entities,
 * tags, Markdown links, colons, case and high bytes are the byte loop's,
 * at every length (the scans' sixteen-byte blocks, the tokenizer's
 * sixty-four-byte chunks with tokens and tags across their ends, the
 * text's end). */
TEST(test_notice__tokens)
{
	static const char *const bits[] = {
		"Licence",
		"GPL-2.0+",
		"v2.0",
		"x.",
		"-y",
		"+",
		"++",
		"a+b",
		"&amp;",
		"&#169;",
		"& ",
		"<b>",
		"</a>",
		"<x",
		"](http://x.y/z)",
		"](a b)",
		":",
		" ",
		"\n",
		"\t",
		"\xc3\xa9",
		"MIT",
		"3-Clause",
		"word",
		"a",
		"1",
		".",
		"--",
		"\0",
		"09azAZ",
		"`{/@[",
		"\x80\xff",
		"<",
		">",
		"<!-- c -->",
		"<div class=\"a-b c\" id=\"x\">",
		"                                                ",
		"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
		"0123",
		"a.b-c",
		"x+",
		"-",
		"2.",
	};
	static char buf[600];
	static size_t off[600], end[600];
	unsigned int seed = 777;
	size_t k, len, i, bad = 0;

	for (k = 0; k < 20000; k++) {
		struct dpg_lictext x;
		size_t nref;

		len = random_text(buf, sizeof(buf), bits, DPG_ARRAY_SIZE(bits),
				  61, &seed);
		dpg_lictext_init(&x, buf, len);
		nref = ref_tokens(x.low, len, off, end, DPG_ARRAY_SIZE(off));
		if (nref != x.n) {
			bad++;
		} else {
			for (i = 0; i < x.n && i < DPG_ARRAY_SIZE(off); i++)
				if (x.t[i].off != off[i] ||
				    x.t[i].end != end[i] ||
				    x.t[i].n != end[i] - off[i] ||
				    x.t[i].s != x.low + off[i]) {
					bad++;
					break;
				}
		}
		/* line numbers, asked for in any order */
		for (i = 0; i < 4; i++) {
			size_t o, q, nl = 1;

			seed = seed * 1103515245u + 12345u;
			o = (seed >> 16) % (len + 2);
			for (q = 0; q < o && q < len; q++)
				nl += buf[q] == '\n';
			if (dpg_lictext_line(&x, o) != nl)
				bad++;
		}
		dpg_lictext_release(&x);
	}
	CHECK_INT(bad, 0);
}

/* Line numbers past 255 blocks of sixteen bytes of newlines (the count's
 * byte-wide sums are flushed), forward and back. */
TEST(test_notice__many_lines)
{
	static char buf[20000];
	struct dpg_lictext x;

	memset(buf, '\n', sizeof(buf));
	memcpy(buf + 19990, "MIT", 3);
	dpg_lictext_init(&x, buf, sizeof(buf));
	CHECK_INT(dpg_lictext_line(&x, 19990), 19991);
	CHECK_INT(dpg_lictext_line(&x, 5000), 5001);
	CHECK_INT(dpg_lictext_line(&x, 16 * 255 + 7), 16 * 255 + 8);
	CHECK_INT(dpg_lictext_line(&x, sizeof(buf) + 5), 19998);
	dpg_lictext_release(&x);
}

/* Lines of findings asked for out of order (a License section's notice
 * after a later statement's, a link after both), a heading spelt
 * "LICENCE" or in HTML, headings only in lines that hold "licen". */
TEST(test_notice__sections_and_lines)
{
	const char *s =
		"# Tool\n"
		"\n"
		"LICENCE\n"
		"=======\n"
		"\n"
		"MIT, see the file.\n"
		"\n"
		"Docs are released under CC-BY-4.0.\n"
		"<h2>Licensing</h2>\n"
		"<p>Zlib for the examples.</p>\n"
		"Logo: https://creativecommons.org/licenses/by-sa/4.0/\n";

	lf_n = 0;
	dpg_licdecl_notices(&lf_ctx, "README.md", s, strlen(s));
	CHECK(lf_has("license-notice", "CC-BY-4.0", 8));
	CHECK(lf_has("license-notice", "MIT", 6));
	CHECK(lf_has("license-notice", "Zlib", 10));
	CHECK(lf_has("license-reference", "CC-BY-SA-4.0", 11));
}

/* A token of 64 + n bytes passes a gate where a word of n bytes with its
 * first letter does (gate_bit(): the length modulo 64): the exact tests
 * behind the gates give what a long token of another length gives (a
 * trigger's, a negation's and the guard's first word). */
TEST(test_notice__long_token_gates)
{
	static const struct {
		const char *before, *after;
		char c;
		size_t n; /* the word's length */
	} cases[] = {
		{"Released ", " the GPLv3+.", 'u', 5},	       /* under */
		{"It is ", " under the MIT license.", 'n', 3}, /* not */
		{"",
		 " of terms and conditions\nLicensed under the MIT "
		 "license.",
		 'e', 3},					  /* end */
		{"", " licensed under the MIT license.", 'l', 8}, /* licensed */
	};
	char text[2][256], got[2][64], word[80];
	size_t k, v;

	for (k = 0; k < DPG_ARRAY_SIZE(cases); k++) {
		for (v = 0; v < 2; v++) {
			size_t n = 64 + cases[k].n + v;

			memset(word, 'x', n);
			word[0] = cases[k].c;
			word[n] = '\0';
			snprintf(text[v], sizeof(text[v]), "%s%s%s",
				 cases[k].before, word, cases[k].after);
			snprintf(got[v], sizeof(got[v]), "%s", notice(text[v]));
		}
		CHECK_STR(got[0], got[1]);
	}
	/* and the word itself is read */
	CHECK_STR(notice("Released under the GPLv3+."), "GPL-3.0-or-later");
}

/*
 * Each trigger, guard and bundled-licenses phrase is found behind the
 * phrase gates (first byte and length, the first word, the second word's
 * length and letter; only the tokens that pass are looked at), in lines
 * of real files of the bench corpus, with the words that share a gate
 * ("and" for "are", "in" for "is", "the" for "the bundled", "under" for
 * "under the terms of") around them.
 */
TEST(test_notice__phrase_gates)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		/* apache2-doc atbeginend.sty */
		{"% The ASF licenses this file to You under the Apache "
		 "License, "
		 "Version 2.0 (the \"License\")",
		 "Apache-2.0"},
		/* libtasn1-doc copyright */
		{"The library itself is licensed as LGPLv2.1+",
		 "LGPL-2.1-or-later"},
		/* publicsuffix */
		{"// This Source Code Form is subject to the terms of the "
		 "Mozilla "
		 "Public\n// License, v. 2.0.",
		 "MPL-2.0"},
		/* git README.md */
		{"Git is an Open Source project covered by the GNU General "
		 "Public\n"
		 "License version 2 (some parts of it are under different "
		 "licenses,\ncompatible with the GPLv2).",
		 "GPL-2.0"},
		/* gnutls-doc copyright */
		{"while the included applications as well as gnutls-openssl "
		 "library are under the GNU GPL version 3",
		 "GPL-3.0"},
		/* libnuma1 copyright */
		{"libnuma is under the GNU Lesser General Public License, v2.1",
		 "LGPL-2.1"},
		/* iso-codes copyright */
		{"Tobias Quathamer\nLicense: LGPL-2.1+", "LGPL-2.1-or-later"},
		{"This file is licensed to you under the MIT license.", "MIT"},
		{"The code is published under the ISC license.", "ISC"},
		{"It is offered under the Zlib license.", "Zlib"},
		{"The fonts are provided under the SIL Open Font License 1.1.",
		 "OFL-1.1"},
		{"It is released as GPL-3.0-or-later.", "GPL-3.0-or-later"},
		{"Use of it is governed by the Apache License 2.0.",
		 "Apache-2.0"},
		{"Distributed under the terms and conditions of the MIT "
		 "license.",
		 "MIT"},
		{"Licensed with the MIT license.", "MIT"},
		{"Licensing: MIT", "MIT"},
		{"in and is under the MIT license", "MIT"},
		{"and to the tool, under the terms of the BSD 3-Clause "
		 "license.",
		 "BSD-3-Clause"},
		/* words that share a gate, and no trigger */
		{"Tools and tests in MIT and the ISC style to be under way.",
		 "(none)"},
		{"The bundled copy of the MIT text.", "(none)"},
		/* a framework's sentence (its names looked for only when
		 * their letter pairs are there), and one about this app */
		{"The React framework is licensed under the MIT license.",
		 "(none)"},
		{"Built with Vue.js, released under the MIT license.",
		 "(none)"},
		{"Symfony is released under the MIT license.", "(none)"},
		{"Our Vue.js app is released under the MIT license.", "MIT"},
	};
	/* license URLs: a URL is read when it holds "licen", "mpl", "epl",
	 * "cpl" or "zero" */
	static const struct {
		const char *text, *want;
	} refs[] = {
		{"Licence text at http://mozilla.org/MPL/2.0/", "MPL-2.0"},
		{"Licence text at https://www.eclipse.org/legal/epl-2.0/.",
		 "EPL-2.0"},
		{"Licence: http://creativecommons.org/publicdomain/zero/1.0/",
		 "CC0-1.0"},
		{"Licence at http://www.opensource.org/licenses/cpl1.0.php",
		 "CPL-1.0"},
	};
	size_t k;

	for (k = 0; k < DPG_ARRAY_SIZE(cases); k++)
		CHECK_STR(notice(cases[k].text), cases[k].want);
	for (k = 0; k < DPG_ARRAY_SIZE(refs); k++) {
		lf_n = 0;
		dpg_licdecl_notices(&lf_ctx, "README", refs[k].text,
				    strlen(refs[k].text));
		CHECK(lf_has("license-reference", refs[k].want, 1));
	}
	/* rel="license" links in their three forms, with protocol-relative
	 * hrefs (no "://" for the URL reader): looked for only where the text
	 * says "licen" */
	{
		const char *s =
			"<link rel=\"stylesheet\" href=\"a.css\">\n"
			"<link rel=\"license\" "
			"href=\"//creativecommons.org/licenses/by/4.0/\">\n"
			"<a rel='license' "
			"href='//creativecommons.org/licenses/by-sa/4.0/'>x</"
			"a>\n"
			"<a href=//creativecommons.org/licenses/by-nd/4.0/ "
			"rel=license>x</a>\n";

		lf_n = 0;
		dpg_licdecl_notices(&lf_ctx, "index.html", s, strlen(s));
		CHECK(lf_has("license-reference", "CC-BY-4.0", 2));
		CHECK(lf_has("license-reference", "CC-BY-SA-4.0", 3));
		CHECK(lf_has("license-reference", "CC-BY-ND-4.0", 4));
	}
	/* the guard and a bundled list behind it (libgit2's COPYING: the
	 * GPL's end, then "The bundled ZLib code is licensed under...") */
	{
		const char *s =
			"                    END OF TERMS AND CONDITIONS\n"
			"Licensed under the MIT license.\n"
			"----------------------------------------------\n"
			"The bundled ZLib code is licensed under the ZLib "
			"license:\n";

		lf_n = 0;
		dpg_licdecl_notices(&lf_ctx, "COPYING", s, strlen(s));
		CHECK(lf_has("license-bundled-section", "bundled licenses", 4));
		CHECK(!lf_has("license-notice", "MIT", 2));
	}
}

/* One text both ways (AVX2 and sixteen bytes at a time): the same tokens,
 * and the "licen"s, the "licence" rewrite and the lines of a plain search
 * and count.  Returns the differences. */
static size_t both_ways(const char *s, size_t len)
{
	struct dpg_lictext a, b;
	size_t i, bad = 0, n = 0;
	const char *nul = memchr(s, '\0', len);

	dpg_lictext_no_avx2 = 0;
	dpg_lictext_init(&a, s, len);
	dpg_lictext_no_avx2 = 1;
	dpg_lictext_init(&b, s, len);
	dpg_lictext_no_avx2 = 0;
	if (a.n != b.n || memcmp(a.low, b.low, len))
		bad++;
	for (i = 0; !bad && i < a.n; i++)
		bad += a.t[i].off != b.t[i].off || a.t[i].end != b.t[i].end ||
		       a.t[i].n != b.t[i].n || a.t[i].s != a.low + a.t[i].off;
	/* and the byte loop's (the chunks' byte classes) */
	{
		size_t *off = xmalloc((len + 1) * sizeof(*off)),
		       *end = xmalloc((len + 1) * sizeof(*end)),
		       nref = ref_tokens(a.low, len, off, end, len + 1);

		bad += nref != a.n;
		for (i = 0; nref == a.n && i < a.n; i++)
			bad += a.t[i].off != off[i] || a.t[i].end != end[i];
		free(off);
		free(end);
	}
	for (i = 0; i + 5 <= len; i++) {
		if (dpg_strncasecmp(s + i, "licen", 5) != 0)
			continue;
		/* "licence" -> "license" before the first NUL only */
		if (a.low[i + 5] !=
		    ((s[i + 5] | 0x20) == 'c' && (!nul || s + i < nul)
			     ? 's'
			     : (char)(s[i + 5] >= 'A' && s[i + 5] <= 'Z'
					      ? s[i + 5] + 32
					      : s[i + 5])))
			bad++;
		if (n >= a.nlicen || a.licen[n++] != i)
			bad++;
	}
	bad += n != a.nlicen;
	/* searches from a few places, both ways: memmem's answer */
	for (i = 0; i < 2 * 6 * 4; i++) {
		static const char *const w[] = {
			"://",	   "licen", "badge/license", "rel=\"license\"",
			"bundled", "<a",
		};
		const char *from = a.low + (i % 4) * len / 4, *q;

		dpg_lictext_no_avx2 = i >= 24;
		q = dpg_lictext_find(&a, from, w[i / 4 % 6]);
		dpg_lictext_no_avx2 = 0;
		bad += q != memmem(from, (size_t)(a.low + len - from),
				   w[i / 4 % 6], strlen(w[i / 4 % 6]));
	}
	/* lines, asked for out of order */
	for (i = 0; i < 24; i++) {
		size_t o = (i * 7919 * 131) % (len + 2), q, nl = 1;

		for (q = 0; q < o && q < len; q++)
			nl += s[q] == '\n';
		bad += dpg_lictext_line(&a, o) != nl;
	}
	dpg_lictext_release(&a);
	dpg_lictext_release(&b);
	return bad;
}

/* Random picks of bits (an empty one: a NUL byte), each followed by sep,
 * into buf until it holds at least min bytes: their length. */
static size_t random_bits(char *buf, size_t min, const char *const *bits,
			  size_t n, const char *sep, unsigned int *seed)
{
	size_t len = 0;

	while (len < min) {
		const char *w;

		*seed = *seed * 1103515245u + 12345u;
		w = bits[(*seed >> 16) % n];
		if (!*w)
			buf[len++] = '\0';
		else
			len += (size_t)snprintf(buf + len, 64, "%s%s", w, sep);
	}
	return len;
}

struct sum_of {
	size_t (*fn)(const char *s, size_t len);
	size_t bad;
};

static void sum_one(const char *path, const char *s, size_t len, void *ctx)
{
	struct sum_of *c = ctx;

	(void)path;
	c->bad += c->fn(s, len);
}

/* fn on each file the command lists (its first cap bytes, in buf): the
 * sum of what it returns; *files counts those read. */
static size_t listed_files(const char *cmd,
			   size_t (*fn)(const char *s, size_t len), char *buf,
			   size_t cap, size_t *files)
{
	struct sum_of c = {fn, 0};

	*files += test_each_listed(cmd, buf, cap, sum_one, &c);
	return c.bad;
}

/* fn on each of this repository's files (its first MiB, in buf): the sum
 * of what it returns; *files: how many were read. */
static size_t repo_files(size_t (*fn)(const char *s, size_t len), char *buf,
			 size_t cap, size_t *files)
{
	*files = 0;
	return listed_files("git ls-files 2>/dev/null", fn, buf, cap, files);
}

/* fn on this repository's files (more than 100 of them) and on runs
 * random texts of bits (sep after each), 20 to 20 + max bytes: the sum
 * of what it returns, 1 more when the files are missing. */
static size_t real_and_random(size_t (*fn)(const char *s, size_t len),
			      const char *const *bits, size_t n,
			      const char *sep, size_t runs, size_t max,
			      unsigned int seed)
{
	static char buf[1 << 20];
	size_t files, bad = repo_files(fn, buf, sizeof(buf), &files), k;

	bad += files <= 100;
	for (k = 0; k < runs; k++)
		bad += fn(buf,
			  random_bits(buf, 20 + k % max, bits, n, sep, &seed));
	return bad;
}

/* Both tokenizer paths on this repository's files (real text: C, shell,
 * Markdown, HTML, JSON fixtures) and on HTML with tags, entities and
 * links across the 64-byte chunks. */
TEST(test_notice__avx2_same)
{
	static char buf[1 << 20];
	size_t files, bad, len, k;
	unsigned int seed = 99;

	bad = repo_files(both_ways, buf, sizeof(buf), &files);
	CHECK(files > 100);
	/* Debian's copyright files, READMEs and HTML pages */
	files = 0;
	bad += listed_files("ls /usr/share/doc/*/copyright 2>/dev/null | "
			    "head -300; ls /usr/share/doc/*/README* "
			    "/usr/share/doc/*/*.html 2>/dev/null | head -200",
			    both_ways, buf, sizeof(buf), &files);
	for (k = 0; k < 2000; k++) {
		static const char *const bits[] = {
			"<a href=\"https://x.org/licenses/MIT\">",
			"</a>",
			"&nbsp;",
			"&#169;",
			"&amp",
			"[MIT](https://m)",
			"Licence",
			"LICENSED under ",
			"GPL-2.0+ ",
			" ",
			"\n",
			"x",
			"2.0",
			"<!-- c -->",
			"<",
			">",
			":",
			"]",
			"\0",
			"abcdefghijklmnopqrstuvwxyz0123456789-.abc"};

		len = random_bits(buf, 3000, bits, DPG_ARRAY_SIZE(bits), "",
				  &seed);
		bad += both_ways(buf, len);
	}
	CHECK_INT(bad, 0);
}

/* 1 when two lists of findings differ. */
static int found_differ(const struct lf_found *a, size_t na,
			const struct lf_found *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 1;
	for (i = 0; i < na; i++)
		if (strcmp(a[i].kind, b[i].kind) ||
		    strcmp(a[i].value, b[i].value) ||
		    strcmp(a[i].excerpt, b[i].excerpt) ||
		    a[i].line != b[i].line || a[i].line_end != b[i].line_end)
			return 1;
	return 0;
}

/* The notice reader's findings on s with its exact shortcuts and without
 * them (dpg_licdecl_no_gates): 1 when they differ. */
static size_t gates_differ(const char *s, size_t len)
{
	static struct lf_found a[DPG_ARRAY_SIZE(lf_f)];
	size_t na;
	int ca, cb, w;

	/* the word test from both ends, both widths */
	w = dpg_licdecl_last_word(s, len) != 0;
	if (dpg_licdecl_has_word(s, len) != w)
		return 1;
	dpg_lictext_no_avx2 = 1;
	ca = dpg_licdecl_has_word(s, len);
	dpg_lictext_no_avx2 = 0;
	if (ca != w)
		return 1;
	lf_n = 0;
	ca = dpg_licdecl_notices(&lf_ctx, "f.md", s, len);
	na = lf_n;
	memcpy(a, lf_f, na * sizeof(*a));
	lf_n = 0;
	dpg_licdecl_no_gates = 1;
	cb = dpg_licdecl_notices(&lf_ctx, "f.md", s, len);
	dpg_licdecl_no_gates = 0;
	return ca != cb || found_differ(a, na, lf_f, lf_n);
}

/* The shortcuts (the word test from both ends, the negation and Creative
 * Commons first-word gates, the URL word test sixteen starts at a time)
 * give what the old way gives: on this repository's files (license
 * texts, notices, HTML and Markdown fixtures) and on texts made of
 * names, URLs, negations and triggers at every offset. */
TEST(test_notice__gates_same)
{
	static const char *const bits[] = {
		"https://creativecommons.org/licenses/by/4.0/",
		"http://mozilla.org/MPL/2.0/",
		"https://e.org/zero/",
		"http://a.b/cpl-1.0.html",
		"https://x.io/epl",
		"http://a.b/lice/n",
		"https://opensource.org/licenses/MIT",
		"Creative Commons Attribution-ShareAlike 4.0",
		"CC-BY-NC-4.0",
		"CC0 1.0 Universal",
		"cc-zero",
		"cc0-1.0",
		"creative-commons",
		"Licensed under ",
		"released under the ",
		"uses",
		"not",
		"Bundled",
		"MIT",
		"the",
		" ",
		"\n",
		"x",
		"ICEN",
		"gpl",
		":",
		"\0",
		/* what ends the terms, or starts a list of others' */
		"GNU GENERAL PUBLIC LICENSE\n",
		"Preamble\n",
		"END OF TERMS AND CONDITIONS\n",
		"How to Apply These Terms",
		"Creative Commons is not a law firm",
		"0 Additional Definitions",
		"\nThe bundled zlib is licensed under the Zlib license",
		"\nThird-party licenses\n",
		"Statement of Purpose",
		"Exhibit A - Source Code Form License Notice",
		"the terms",
		"is under",
		"to you under",
		/* a framework's license, not the project's */
		"The Laravel framework is open-sourced software ",
		"Laravel is ",
		"React is ",
		"Vue.js ",
		"next.js",
		"nestjs",
		"This project ",
		"our ",
		"we ",
		"-",
		"\nLicense\n",
		/* the words that make "and" an "or", sentence ends before a
		 * trigger (where an excerpt starts) */
		"either ",
		"Dual ",
		"dual-licensed ",
		"at your choice ",
		"either MIT and Apache-2.0",
		"Dual-licensed under MIT and Apache-2.0",
		"at your choice: MIT and Apache-2.0",
		".\n",
		". ",
		".\t",
		"..",
		"Code: ",
	};

	CHECK_INT(real_and_random(gates_differ, bits, DPG_ARRAY_SIZE(bits), " ",
				  3000, 700, 7),
		  0);
}

/* The URL tests on s both ways: whether each span [s, e) up to 64 bytes
 * long from every 7th byte (of the first 16 KiB) holds a URL word, and
 * where URL characters end from every byte: the number of differences. */
static size_t url_scan_differs(const char *s, size_t len)
{
	struct dpg_lictext x;
	size_t i, e, bad = 0;

	if (len > 16384)
		len = 16384;
	dpg_lictext_prepare(&x, s, len);
	for (i = 0; i < len; i += 7)
		for (e = i; e <= len && e <= i + 64; e++)
			bad += dpg_licdecl_url_words(&x, i, e, 0) !=
			       dpg_licdecl_url_words(&x, i, e, 1);
	for (i = 0; i <= len; i++)
		bad += dpg_licdecl_url_end(&x, i, 0) !=
		       dpg_licdecl_url_end(&x, i, 1);
	dpg_lictext_release(&x);
	return bad;
}

/* The URL word test and the end of a URL, on the repository's files and
 * texts of URLs with their words at every offset, to their ends. */
TEST(test_notice__url_scan)
{
	static const char *const bits[] = {
		"https://www.mozilla.org/MPL/2.0/",
		"http://a.b/x/epl",
		"http://www.example.org/a/b/c/cpl",
		"https://example.org/abc/zero",
		"https://opensource.org/licenses/MIT",
		"mpl",
		"zer",
		"o",
		"licen",
		"\"",
		"<",
		")",
		" ",
		"\n",
		"/",
		"x",
		"\xc3\xa9",
		"\x7f",
		"\t",
	};

	CHECK_INT(real_and_random(url_scan_differs, bits, DPG_ARRAY_SIZE(bits),
				  "", 2000, 300, 31),
		  0);
}

/* A license name at every token with the first-token gate and without it
 * (the same id and end, or none): this repository's files and texts of
 * names, compact forms and words around them. */
static size_t names_differ(const char *s, size_t len)
{
	struct dpg_lictext x;
	struct dpg_arena a = {0};
	size_t i, bad = 0, na = 0, nb = 0;

	dpg_lictext_init(&x, s, len);
	for (i = 0; i <= x.n; i++) {
		const char *ida, *idb;

		ida = dpg_lictext_name(&x, i, &na, &lf_ctx, &a);
		dpg_licdecl_no_gates = 1;
		idb = dpg_lictext_name(&x, i, &nb, &lf_ctx, &a);
		dpg_licdecl_no_gates = 0;
		if (!ida != !idb || (ida && (strcmp(ida, idb) || na != nb)))
			bad++;
	}
	dpg_lictext_release(&x);
	dpg_arena_release(&a);
	return bad;
}

TEST(test_notice__name_gate)
{
	static const char *const bits[] = {
		"GPLv3+",
		"lgpl-2.1-or-later",
		"AGPL3",
		"gfdl-1.3",
		"gnu",
		"GNU LGPLv2+",
		"version 2 of the",
		"General Public License",
		"Apache-2.0",
		"apache2",
		"MPL 2.0",
		"epl-2.0",
		"eupl-1.2",
		"cddl1.0",
		"OFL-1.1",
		"CC-BY-SA-4.0",
		"cc0",
		"CC0-1.0",
		"Creative Commons Attribution 4.0",
		"creative-commons",
		"MIT",
		"mit-0",
		"Expat",
		"ISC",
		"BSD 3-Clause",
		"3-clause BSD",
		"0BSD",
		"the Unlicense",
		"zlib",
		"WTFPL",
		"PostgreSQL",
		"FreeType License",
		"Ruby license",
		"BSL-1.0",
		"Python Software "
		"Foundation License",
		"odc-by",
		"ms-pl",
		"BlueOak-1.0.0",
		"x-y",
		"the",
		"terms",
		"of",
		" ",
		"\n",
		"or",
		"and",
		"v2",
		"1.0",
		"license",
	};

	CHECK_INT(real_and_random(names_differ, bits, DPG_ARRAY_SIZE(bits), " ",
				  2000, 300, 11),
		  0);
}

/* ------------------------------------------------------------------ */
/* Windows (dpg_lictext_near(), the key places of notice.c)            */

static char wbuf[1 << 20];

/* This repository's files and /usr/share/doc's (but compressed ones). */
static size_t real_files(size_t (*fn)(const char *s, size_t len), size_t *files)
{
	return repo_files(fn, wbuf, sizeof(wbuf), files) +
	       listed_files("find /usr/share/doc -type f ! -name '*.gz' "
			    "2>/dev/null | LC_ALL=C sort | head -3000",
			    fn, wbuf, sizeof(wbuf), files);
}

/* The findings of s, in windows (from min bytes; each as short as it
 * may be when step is 1) or with every token. */
static size_t findings_from(const char *s, size_t len, int whole, size_t step,
			    size_t min, struct lf_found *out)
{
	size_t n;

	dpg_licdecl_window_min = min;
	dpg_licdecl_no_windows = whole;
	dpg_lictext_step = step;
	lf_n = 0;
	dpg_licdecl_notices(&lf_ctx, "f.md", s, len);
	dpg_licdecl_no_windows = 0;
	dpg_licdecl_window_min = 4096;
	dpg_lictext_step = 256;
	n = lf_n;
	memcpy(out, lf_f, n * sizeof(*out));
	return n;
}

/* findings_from() any length. */
static size_t findings(const char *s, size_t len, int whole, size_t step,
		       struct lf_found *out)
{
	return findings_from(s, len, whole, step, 0, out);
}

/* 1 when the readings of s in windows (as they are, and as short as
 * they may be, around only the places that serve a phrase) differ from
 * the one with every token. */
static size_t windows_differ(const char *s, size_t len)
{
	static struct lf_found a[DPG_ARRAY_SIZE(lf_f)], b[DPG_ARRAY_SIZE(lf_f)];
	size_t nb = findings(s, len, 1, 256, b), na, step;

	for (step = 1; step <= 256; step += 255) {
		dpg_licdecl_places_near = step == 1 ? 0 : 1024;
		na = findings(s, len, 0, step, a);
		dpg_licdecl_places_near = 1024;
		if (found_differ(a, na, b, nb))
			return 1;
	}
	return 0;
}

/* Words of notices, the key words around them, what reads on (names,
 * "or later", "license license"), tags, entities, link targets, headings
 * and GNU titles (a reading with every token), among many plain words
 * (the gaps between windows). */
static const char *const wbits[] = {
	"Licensed under the MIT License. ",
	"licensed under the GNU General Public License version 2 ",
	"or later ",
	"or any later version ",
	"only ",
	"license license license ",
	"public agreement 1.0 ",
	"Apache License, Version 2.0",
	" or ",
	" and ",
	"either ",
	"dual licensed ",
	"This project is released under ",
	"released as ",
	"subject to the terms of the Mozilla Public License 2.0",
	"is covered by the BSD 3-Clause ",
	"governed by ",
	"under ",
	"understand ",
	"terms ",
	"third-party ",
	"\nThird-party licenses\n",
	"\nThe bundled zlib is licensed under the Zlib license\n",
	"apply ",
	"How to Apply These Terms ",
	"END OF TERMS AND CONDITIONS\n",
	"Statement of Purpose ",
	"not a law firm ",
	"Preamble\n",
	"0 Additional Definitions ",
	"GNU GENERAL PUBLIC LICENSE\n",
	"uses ",
	"not ",
	"<div id=\"preamble\">",
	"<a href=\"https://opensource.org/licenses/MIT\">",
	"</a>",
	"<span class=\"under terms\">",
	"&nbsp;",
	"&copy;",
	"[the terms](https://x.org/under/terms)",
	"<",
	">",
	"](",
	")",
	":",
	"License: ",
	"\n## License\n",
	"\nLicence\n=======\n",
	"CC BY-SA 4.0 ",
	"Creative Commons Attribution 4.0 International ",
	"GPL-3.0-or-later ",
	"licence ",
	"https://www.apache.org/licenses/LICENSE-2.0 ",
	"",
	"\n",
	"\n",
	" ",
	" ",
	"word ",
	"word ",
	"word ",
	"the ",
	"the ",
	"of ",
	"a.b-c ",
	"x+ ",
	"plain words in a row, many of them, so that windows end ",
	"plain words in a row, many of them, so that windows end ",
	"plain words in a row, many of them, so that windows end ",
	"plain words in a row, many of them, so that windows end ",
	"and the text goes on without any word the phrases need ",
	"and the text goes on without any word the phrases need ",
	"and the text goes on without any word the phrases need ",
	"and the text goes on without any word the phrases need ",
};

static unsigned int next_rand(unsigned int *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

/* n plain words (no key word in them) at b: their length. */
static size_t plain_words(char *b, size_t n, unsigned int *seed)
{
	static const char *const plain[] = {
		"word", "the", "of",   "a",	"x",	 "plain", "so", "that",
		"it",	"<b>", "</b>", "&amp;", "w.x-y", "z+",	  ":",	"\n",
	};
	size_t k, len = 0;

	for (k = 0; k < n; k++)
		len += (size_t)snprintf(
			b + len, 64, "%s%s",
			plain[next_rand(seed) % DPG_ARRAY_SIZE(plain)],
			next_rand(seed) % 9 ? " " : "\n");
	return len;
}

/*
 * A text that reads far from the words its windows are around: runs of
 * up to 299 plain words (no key word in them) between notices whose names,
 * versions, "or later"s and section bodies come after their own runs of
 * plain words, GNU titles with a "Preamble" hundreds of tokens later, in
 * Markdown, HTML or plain lines; at least min bytes.
 */
static size_t far_text(size_t min, unsigned int *seed)
{
	static const char *const heads[] = {
		"Licensed under the General Public License",
		"licensed under the Lesser General Public License",
		"Licensed under the GNU General Public License",
		"licensed under the GNU Lesser General Public License v2.1",
		"released under the GPL-2.0",
		"This is distributed under the MIT",
		"under the terms of the Apache License",
		"\n## License\n",
		"\nLicense\n=======\n",
		"<h2>License</h2>\n",
		"GNU GENERAL PUBLIC LICENSE\nVersion 3\n",
		"\nThird-party licenses\n",
		"\nThe bundled zlib is",
		"is covered by",
		"License:",
		"uses the",
		"either",
		"Preamble\n",
		"END OF TERMS AND CONDITIONS\n",
	};
	static const char *const tails[] = {
		"version 2",
		"version 3 of the License",
		"or later",
		"or any later version",
		"only",
		"MIT",
		"or Apache-2.0",
		"and MIT",
		"licensed under the Zlib license",
		"license license",
		"public agreement",
		"Version 2.0",
		"BSD 3-Clause",
		"GPL-3.0+",
		"Preamble",
		"copyright",
		"see the file COPYING or MIT",
	};
	size_t len = 0, k;

	while (len < min && len < sizeof(wbuf) - 8192) {
		unsigned int r = next_rand(seed) % 8;

		if (r >= 6) {
			/* a GNU name, its version clause past "or later"s
			 * and plain words */
			len += (size_t)snprintf(wbuf + len, 128, "%s ",
						heads[next_rand(seed) % 3]);
			for (k = next_rand(seed) % 3; k > 0; k--) {
				len += plain_words(wbuf + len,
						   next_rand(seed) % 44, seed);
				len += (size_t)snprintf(wbuf + len, 64,
							"or later ");
			}
			len += plain_words(wbuf + len, next_rand(seed) % 44,
					   seed);
			len += (size_t)snprintf(wbuf + len, 64, "version %u ",
						next_rand(seed) % 2 + 2);
		} else if (r < 4) {
			len += plain_words(wbuf + len,
					   next_rand(seed) % (r ? 80 : 300),
					   seed);
		} else if (r == 4) {
			len += (size_t)snprintf(
				wbuf + len, 128, "%s ",
				heads[next_rand(seed) % DPG_ARRAY_SIZE(heads)]);
		} else {
			len += (size_t)snprintf(
				wbuf + len, 128, "%s ",
				tails[next_rand(seed) % DPG_ARRAY_SIZE(tails)]);
		}
	}
	return len;
}

/* fn on real files (more than 300) and on runs random texts of 20 to
 * 20 + max bytes, of notice bits or far-reaching notices: the sum of what
 * it returns, 1 more when the files are missing. */
static size_t windows_runs(size_t (*fn)(const char *s, size_t len), size_t runs,
			   size_t max, unsigned int seed)
{
	size_t files, bad = real_files(fn, &files), k, len;

	bad += files <= 300;
	for (k = 0; k < runs; k++) {
		size_t min = 20 + (k * 7919) % max;

		len = k % 2 ? random_bits(wbuf, min, wbits,
					  DPG_ARRAY_SIZE(wbits), "", &seed)
			    : far_text(min, &seed);
		bad += fn(wbuf, len);
	}
	return bad;
}

/* Both readings, on real files and random texts. */
TEST(test_notice__windows_same)
{
	CHECK_INT(windows_runs(windows_differ, 3000, 12000, 12), 0);
}

/* Windows given up half way through the text (dpg_licdecl_stop_dense 2:
 * the rest of its "licen"s and "://"s found, every token read) find what
 * the whole text's reading does; and so does the guess (1) with the
 * windows of the texts it keeps them for. */
/* 1 when a reading of s from min bytes (findings_from()) with *knob set
 * to hi, ..., lo differs from the one with every token (*knob is 1
 * after). */
static size_t knob_differs(const char *s, size_t len, int *knob, int hi, int lo,
			   size_t min)
{
	static struct lf_found a[DPG_ARRAY_SIZE(lf_f)], b[DPG_ARRAY_SIZE(lf_f)];
	size_t nb = findings(s, len, 1, 256, b), na;
	int v;

	for (v = hi; v >= lo; v--) {
		*knob = v;
		na = findings_from(s, len, 0, 256, min, a);
		*knob = 1;
		if (found_differ(a, na, b, nb))
			return 1;
	}
	return 0;
}

static size_t stop_differ(const char *s, size_t len)
{
	return knob_differs(s, len, &dpg_licdecl_stop_dense, 2, 1, 0);
}

TEST(test_notice__windows_stop_same)
{
	static char text[1024];
	size_t k, len, bad = 0;
	int d;

	CHECK_INT(windows_runs(stop_differ, 1000, 12000, 13), 0);
	/* a "License" heading (its "licen" at 64 k - 4 to 64 k + 3) and a
	 * URL around where the keys' pass stops
	 * (its 64-byte chunks' end past half the text: 64 k in 64 k + 30
	 * bytes) */
	for (k = 2; k < 12; k++)
		for (d = -4; d <= 3; d++) {
			size_t at = 64 * k + (size_t)d;

			len = 64 * k + 30;
			for (size_t i = 0; i < len; i++)
				text[i] = "word "[i % 5];
			text[at - 3] = '\n';
			memcpy(text + at - 2, "# License\n\nApache 2.0\n", 23);
			bad += stop_differ(text, len);
			memcpy(text + at - 10,
			       "see https://x.org/licenses/mit ", 31);
			bad += stop_differ(text, len);
		}
	CHECK_INT(bad, 0);
}

/* The readings of s as dpg_licdecl_notices() reads a text (windows from
 * 4 KiB), with the guess of the "licen"s (dpg_licdecl_sparse_guess 1;
 * from 4 KiB too) and without (0), against the one with every token. */
static size_t guess_differ(const char *s, size_t len)
{
	size_t was = dpg_licdecl_guess_min, d;

	dpg_licdecl_guess_min = 4096;
	d = knob_differs(s, len, &dpg_licdecl_sparse_guess, 1, 0, 4096);
	dpg_licdecl_guess_min = was;
	return d;
}

/* Texts the guess reads with every token at once find what they would
 * have (on real files, Debian copyright files among them, and random
 * texts of notice bits, some dense in "license"s); and it is taken for
 * some of them. */
TEST(test_notice__windows_guess_same)
{
	size_t before = dpg_licdecl_guessed;

	CHECK_INT(windows_runs(guess_differ, 3000, 12000, 14), 0);
	CHECK(dpg_licdecl_guessed - before >= 50);
}

/* dpg_licdecl_has_heading() on one text, each line once (the fast way)
 * and for every "licen" from the text's start (dpg_licdecl_no_gates):
 * 1 when they differ. */
static size_t heading_once_differs(const char *s, size_t len)
{
	struct dpg_lictext x;
	int a, b;

	dpg_lictext_prepare(&x, s, len);
	a = dpg_licdecl_has_heading(&x);
	dpg_licdecl_no_gates = 1;
	b = dpg_licdecl_has_heading(&x);
	dpg_licdecl_no_gates = 0;
	dpg_lictext_release(&x);
	return a != b;
}

/* heading_once_differs() on s, and on s with most of its line ends made
 * spaces (long lines of many "licen"s, as a license text in a JSON
 * string is): the number of differences. */
static size_t heading_differs(const char *s, size_t len)
{
	static char joined[sizeof(wbuf)];
	size_t i, bad = heading_once_differs(s, len), lines = 0;

	for (i = 0; i < len; i++) {
		joined[i] = s[i];
		if (s[i] == '\n' && ++lines % 7)
			joined[i] = ' ';
	}
	return bad + heading_once_differs(joined, len);
}

/* Whether a text has a "License" heading: the same each line once, on
 * real files and texts of headings, notices and long lines. */
TEST(test_notice__heading_lines)
{
	CHECK_INT(windows_runs(heading_differs, 2000, 9000, 21), 0);
}

/* dpg_lictext_near() against dpg_lictext_init() on s, around the key
 * places and around every 499th byte: each of its tokens is one of the
 * whole text's, in order, a run of them between two gaps; each place has
 * before tokens before its own in its window (or the window starts the
 * text) and after tokens after it (or the window ends the text).  The
 * number of differences. */
static size_t near_differs(const char *s, size_t len)
{
	enum { BEFORE = 5, AFTER = 9, PREFIX = 30 };
	struct dpg_lictext w, x;
	size_t *at = NULL, nat, i, k, g, bad = 0, *map;
	int gnu = 0;

	dpg_lictext_init(&w, s, len);
	dpg_lictext_prepare(&x, s, len);
	nat = dpg_licdecl_places(&x, &at, &gnu, 0);
	if (nat == (size_t)-1) {
		dpg_lictext_release(&w);
		dpg_lictext_release(&x);
		return 0;
	}
	/* and every 499th byte, merged in */
	at = xrealloc(at, (nat + len / 499 + 1) * sizeof(*at));
	for (i = 499; i < len; i += 499)
		at[nat++] = i;
	for (i = 1; i < nat; i++) /* insertion sort: few */
		for (k = i; k > 0 && at[k - 1] > at[k]; k--) {
			size_t c = at[k];

			at[k] = at[k - 1];
			at[k - 1] = c;
		}
	dpg_lictext_near(&x, at, nat, gnu ? PREFIX : 0, BEFORE, AFTER);
	map = xmalloc((x.n + 1) * sizeof(*map));
	/* each token one of w's, in order */
	for (i = k = 0; i < x.n; i++) {
		while (k < w.n && w.t[k].off < x.t[i].off)
			k++;
		if (k == w.n || w.t[k].off != x.t[i].off ||
		    w.t[k].end != x.t[i].end || w.t[k].n != x.t[i].n ||
		    x.t[i].s != x.low + x.t[i].off) {
			bad++;
			break;
		}
		map[i] = k++;
	}
	if (bad) {
		free(map);
		free(at);
		dpg_lictext_release(&w);
		dpg_lictext_release(&x);
		return bad;
	}
	/* a gap wherever tokens were left out */
	for (i = 0, g = 0; i <= x.n; i++) {
		int out = i == 0     ? (x.n ? map[0] != 0 : w.n != 0)
			  : i == x.n ? map[i - 1] + 1 != w.n
				     : map[i] != map[i - 1] + 1;

		while (g < x.ngaps && x.gaps[g] < i)
			g++;
		if (out && (g == x.ngaps || x.gaps[g] != i))
			bad++;
	}
	if (gnu)
		for (i = 0; i < PREFIX && i < w.n; i++)
			bad += i >= x.n || map[i] != i;
	/* each place: its window's tokens before and after its own */
	for (k = 0; k < nat; k++) {
		size_t own = 0, lo = 0, hi = x.n;

		for (i = 0; i < x.n && x.t[i].off <= at[k]; i++)
			own = i;
		if (i == 0) {
			/* no token at or before it: it must be before the
			 * first of the text's, or tokens follow it */
			continue;
		}
		for (g = 0; g < x.ngaps; g++) {
			if (x.gaps[g] <= own)
				lo = x.gaps[g];
			else if (x.gaps[g] < hi)
				hi = x.gaps[g];
		}
		if (!(lo == 0 && !(x.ngaps && x.gaps[0] == 0)) &&
		    own - lo < BEFORE)
			bad++;
		if (hi - own <= AFTER &&
		    !(hi == x.n && map[x.n - 1] + 1 == w.n))
			bad++;
	}
	free(map);
	free(at);
	dpg_lictext_release(&w);
	dpg_lictext_release(&x);
	return bad;
}

TEST(test_notice__windows_near)
{
	CHECK_INT(windows_runs(near_differs, 500, 9000, 5), 0);
}

/* Token i of x holds a word of a phrase's key ("licen", "under",
 * "terms"... the words of keys in notice.c). */
static int key_token(const struct dpg_lictext *x, size_t i)
{
	static const char *const words[] = {
		"licen",    "definitions", "terms",    "third", "apply",
		"purpose",  "firm",	   "bundled",  "under", "governed",
		"preamble", "covered",	   "released",
	};
	char tok[256];
	size_t k;

	snprintf(tok, sizeof(tok), "%.*s", (int)x->t[i].n, x->t[i].s);
	for (k = 0; k < DPG_ARRAY_SIZE(words); k++)
		if (strstr(tok, words[k]))
			return 1;
	return 0;
}

/* Each token of the whole text's that holds a word of a phrase's key has
 * a key place in it (every one, with dpg_licdecl_all_places; else those
 * in a phrase); the places in order.  The number of differences. */
static size_t unplaced_as(const char *s, size_t len, int all)
{
	struct dpg_lictext x;
	size_t *at = NULL, nat, i, q, bad = 0, in = 0;
	int gnu = 0;

	dpg_lictext_init(&x, s, len);
	dpg_licdecl_all_places = all;
	dpg_licdecl_places_near = 0;
	nat = dpg_licdecl_places(&x, &at, &gnu, 0);
	dpg_licdecl_all_places = 0;
	dpg_licdecl_places_near = 1024;
	for (i = 0; nat != (size_t)-1 && i < x.n; i++) {
		/* in the tokens of a phrase from here or before */
		size_t n = dpg_licdecl_phrase_at(&x, i);

		if (i + n > in)
			in = i + n;
		if (!key_token(&x, i) || (!all && i >= in))
			continue;
		for (q = 0; q < nat; q++)
			if (at[q] >= x.t[i].off && at[q] < x.t[i].end)
				break;
		bad += q == nat;
	}
	for (q = 1; nat != (size_t)-1 && q < nat; q++)
		bad += at[q - 1] >= at[q];
	free(at);
	dpg_lictext_release(&x);
	return bad;
}

static size_t unplaced(const char *s, size_t len)
{
	return unplaced_as(s, len, 1);
}

static size_t unserved(const char *s, size_t len)
{
	return unplaced_as(s, len, 0);
}

/* The "licen"s found with the places (after dpg_lictext_lower()) are
 * dpg_lictext_prepare()'s, and so is the text ("licence" read as
 * "license"); so are the places.  The number of differences. */
static size_t licen_differs(const char *s, size_t len)
{
	struct dpg_lictext a, b;
	size_t *pa = NULL, *pb = NULL, na, nb, k, bad = 0;
	int ga = 0, gb = 0;

	dpg_lictext_prepare(&a, s, len);
	dpg_lictext_lower(&b, s, len);
	na = dpg_licdecl_places(&a, &pa, &ga, 0);
	nb = dpg_licdecl_places(&b, &pb, &gb, 1);
	if (na != (size_t)-1) {
		bad += a.nlicen != b.nlicen || na != nb || ga != gb ||
		       memcmp(a.low, b.low, len);
		for (k = 0; !bad && k < a.nlicen; k++)
			bad += a.licen[k] != b.licen[k];
		for (k = 0; !bad && k < na; k++)
			bad += pa[k] != pb[k];
	}
	free(pa);
	free(pb);
	dpg_lictext_release(&a);
	dpg_lictext_release(&b);
	return bad;
}

/* The key places of s (every one, all; or those that serve a phrase),
 * its "licen"s, "://"s and "gnu", found with *knob 0 and 1 (those of the
 * whole text with stop 0): the number of differences. */
static size_t places_knob_differ(const char *s, size_t len, int all, int *knob,
				 int stop)
{
	struct dpg_lictext a, b;
	size_t *pa, *pb, na, nb, *sa, *sb, nsa, nsb, k, bad = 0;
	int ga = 0, gb = 0, stop0 = dpg_licdecl_stop_dense;

	dpg_licdecl_all_places = all;
	dpg_licdecl_stop_dense = stop;
	dpg_lictext_lower(&a, s, len);
	dpg_lictext_lower(&b, s, len);
	na = dpg_licdecl_places_schemes(&a, &pa, &ga, 1, &sa, &nsa);
	*knob = 1;
	nb = dpg_licdecl_places_schemes(&b, &pb, &gb, 1, &sb, &nsb);
	*knob = 0;
	dpg_licdecl_all_places = 0;
	dpg_licdecl_stop_dense = stop0;
	bad += na != nb || ga != gb || a.nlicen != b.nlicen || nsa != nsb;
	for (k = 0; !bad && na != (size_t)-1 && k < na; k++)
		bad += pa[k] != pb[k];
	for (k = 0; !bad && k < a.nlicen; k++)
		bad += a.licen[k] != b.licen[k];
	for (k = 0; !bad && k < nsa; k++)
		bad += sa[k] != sb[k];
	free(pa);
	free(pb);
	free(sa);
	free(sb);
	dpg_lictext_release(&a);
	dpg_lictext_release(&b);
	return bad;
}

/* 64 bytes at a time and a byte at a time (dpg_licdecl_keys_bytes). */
static size_t keys_once_differ(const char *s, size_t len, int all)
{
	return places_knob_differ(s, len, all, &dpg_licdecl_keys_bytes,
				  dpg_licdecl_stop_dense);
}

/* keys_once_differ() on s, both ways, and on s with every fifth byte's
 * top bit set (bytes of 0x80 or more whose low nibble is a key byte's). */
static size_t keys_differ(const char *s, size_t len)
{
	static char high[sizeof(wbuf)];
	size_t i;

	for (i = 0; i < len; i++)
		high[i] = (char)(i % 5 ? s[i] : s[i] | 0x80);
	return keys_once_differ(s, len, 1) + keys_once_differ(s, len, 0) +
	       keys_once_differ(high, len, 1);
}

/* The key-word pass 64 bytes at a time finds what a byte at a time
 * does: on real files and on texts of key words at every offset and
 * length. */
TEST(test_notice__keys_same)
{
	CHECK_INT(windows_runs(keys_differ, 2000, 3000, 80), 0);
}

/* The tag test looking back only as far as it may (TAG_REACH) and over
 * every byte (dpg_licdecl_angles_whole), on the whole text's places. */
static size_t angles_differ(const char *s, size_t len)
{
	return places_knob_differ(s, len, 0, &dpg_licdecl_angles_whole, 0) +
	       places_knob_differ(s, len, 1, &dpg_licdecl_angles_whole, 0);
}

/* The tag test of the places finds what it did when it read every byte
 * back to the last place: on real files (HTML pages among them) and on
 * texts of key words, tags and plain words far apart. */
TEST(test_notice__places_angles)
{
	static char buf[1200];
	size_t pre, gap, len, bad = 0;

	CHECK_INT(windows_runs(angles_differ, 2000, 6000, 81), 0);
	/* key words and "licen"s in a long tag, its '<' 270 to 310 bytes
	 * back, far from the place before */
	for (pre = 0; pre < 420; pre += 13)
		for (gap = 260; gap < 300; gap++) {
			memset(buf, ' ', sizeof(buf));
			memcpy(buf, "license terms", 13);
			memcpy(buf + 13 + pre, "<a title=\"", 10);
			memset(buf + 23 + pre, 'x', gap);
			len = 23 + pre + gap;
			len += (size_t)sprintf(buf + len, "%s under the terms",
					       gap % 2 ? " terms>" : " licen>");
			bad += angles_differ(buf, len);
		}
	CHECK_INT(bad, 0);
}

TEST(test_notice__windows_licen)
{
	static const char *const odd[] = {
		"licencovered licence\0licence licen",
		"licenc",
		"licence",
		"LICENCE licenCE liCENse",
		"xlicencex\0licence",
	};
	static const size_t odd_len[] = {34, 6, 7, 23, 17};
	size_t k, bad = 0;

	for (k = 0; k < DPG_ARRAY_SIZE(odd); k++)
		bad += licen_differs(odd[k], odd_len[k]);
	CHECK_INT(bad, 0);
	CHECK_INT(windows_runs(licen_differs, 500, 9000, 79), 0);
}

TEST(test_notice__windows_places)
{
	CHECK_INT(windows_runs(unplaced, 500, 6000, 77), 0);
}

/* The places that serve a phrase: every key word in a phrase has one. */
TEST(test_notice__windows_places_serve)
{
	CHECK_INT(windows_runs(unserved, 500, 6000, 78), 0);
}

/* The SPDX tags of s by both search paths (AVX2's and SSE2's): 1 when
 * they differ. */
static size_t tags_differ(const char *s, size_t len)
{
	static struct lf_found a[DPG_ARRAY_SIZE(lf_f)];
	size_t na;
	int ca, cb;

	lf_n = 0;
	dpg_lictext_no_avx2 = 1;
	ca = dpg_licdecl_tags(&lf_ctx, "a.c", s, len);
	dpg_lictext_no_avx2 = 0;
	na = lf_n;
	memcpy(a, lf_f, na * sizeof(*a));
	lf_n = 0;
	cb = dpg_licdecl_tags(&lf_ctx, "a.c", s, len);
	return ca != cb || found_differ(a, na, lf_f, lf_n);
}

/* fn on real files (real_files(): more than 300 of them) and on runs
 * texts of bits, 20 to 20 + max bytes: the sum of what it returns, 1
 * more when the files are missing. */
static size_t files_and_bits(size_t (*fn)(const char *s, size_t len),
			     const char *const *bits, size_t n, size_t runs,
			     size_t max, unsigned int seed)
{
	size_t files, bad = real_files(fn, &files), k;

	bad += files <= 300;
	for (k = 0; k < runs; k++)
		bad += fn(wbuf,
			  random_bits(wbuf, 20 + k % max, bits, n, "", &seed));
	return bad;
}

/* Both paths on real files and on texts of tags, near misses and their
 * bytes, at every alignment and up to the text's end. */
TEST(test_notice__tags_avx2_same)
{
	static const char *const bits[] = {
		"SPDX-License-Identifier: MIT",
		"spdx-license-identifier:GPL-2.0-or-later",
		"SPDX-LICENSE-IDENTIFIER: Apache-2.0 OR MIT */",
		"// SPDX-License-Identifier: BSD-3-Clause\n",
		"SPDX-License-Identifier",
		"SpDx-License-Identifier: MIT",
		"SPDX-License-Identifier mentioned",
		"SPDX-",
		"s---",
		"S-",
		"-",
		"s",
		"x",
		"spdx-license-",
		"\n",
		" ",
		"",
	};
	CHECK_INT(files_and_bits(tags_differ, bits, DPG_ARRAY_SIZE(bits), 3000,
				 700, 81),
		  0);
}

/* The tokens of s, both widths, are ref_tokens()': 1 when not. */
static size_t ref_differ(const char *s, size_t len)
{
	static size_t off[(1 << 20) + 1], end[(1 << 20) + 1];
	size_t bad = 0, i, n;
	int w;

	for (w = 0; w < 2; w++) {
		struct dpg_lictext x;

		dpg_lictext_no_avx2 = w;
		dpg_lictext_init(&x, s, len);
		dpg_lictext_no_avx2 = 0;
		n = ref_tokens(x.low, len, off, end, DPG_ARRAY_SIZE(off));
		bad += n != x.n;
		for (i = 0; i < n && i < x.n; i++)
			bad += x.t[i].off != off[i] || x.t[i].end != end[i] ||
			       x.t[i].n != end[i] - off[i] ||
			       x.t[i].s != x.low + off[i];
		dpg_lictext_release(&x);
	}
	return bad != 0;
}

/* The tokenizer's 64-byte chunks (the runs of word bits between special
 * bytes taken at once, a run that reaches a chunk's end read from a
 * chunk that starts with it) give the byte loop's tokens (ref_tokens()):
 * on real files (this repository's, /usr/share/doc's) and on texts of
 * words, '+', '.', '-' and special bytes, at every alignment. */
TEST(test_notice__tokens_real)
{
	static const char *const bits[] = {
		"gpl-2.0+",
		"c++",
		"a+b",
		"x",
		"ab",
		"2.0",
		"-",
		".",
		"+",
		":",
		"<b>",
		"<",
		"&amp;",
		"&",
		"](u)",
		"]",
		" ",
		"\n",
		"\0",
		"\xc3\xa9",
		"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwx",
		"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvw.y",
	};
	CHECK_INT(files_and_bits(ref_differ, bits, DPG_ARRAY_SIZE(bits), 6000,
				 900, 12),
		  0);
}

TEST_MAIN("notice", T(test_notice__cases), T(test_notice__no_guess),
	  T(test_notice__lists_and_labels), T(test_notice__lines_and_excerpt),
	  T(test_notice__gpl_appendix), T(test_notice__references),
	  T(test_notice__names_and_urls), T(test_notice__tags),
	  T(test_notice__bundled_section), T(test_notice__guard_phrases),
	  T(test_notice__last_word), T(test_notice__past_nul),
	  T(test_notice__tag_offsets), T(test_notice__tokens),
	  T(test_notice__long_tags), T(test_notice__sections_and_lines),
	  T(test_notice__many_lines), T(test_notice__phrase_gates),
	  T(test_notice__avx2_same), T(test_notice__gates_same),
	  T(test_notice__name_gate), T(test_notice__windows_same),
	  T(test_notice__heading_lines), T(test_notice__keys_same),
	  T(test_notice__url_scan), T(test_notice__windows_near),
	  T(test_notice__windows_places), T(test_notice__windows_places_serve),
	  T(test_notice__windows_licen), T(test_notice__places_angles),
	  T(test_notice__tags_avx2_same), T(test_notice__tokens_real),
	  T(test_notice__long_token_gates), T(test_notice__windows_stop_same),
	  T(test_notice__windows_guess_same))
