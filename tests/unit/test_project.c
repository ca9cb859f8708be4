#include <string.h>

#include "dpg/licproject.h"
#include "licfind.h"
#include "test.h"

/* evidence is written {src, path, line, expr, score, excerpt}: line_end,
 * last, is left 0 (the line) */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#define T_ DPG_LICEV_TEXT
#define M_ DPG_LICEV_MANIFEST
#define N_ DPG_LICEV_NOTICE
#define G_ DPG_LICEV_TAG
#define R_ DPG_LICEV_REFERENCE

static struct dpg_arena pa = DPG_ARENA_INIT;

static void run(const struct dpg_licev *ev, size_t n)
{
	lf_n = 0;
	dpg_license_project(ev, n, lf_emit, NULL, "test", &pa);
}

static const char *project(void)
{
	const struct lf_found *f = lf_get("project-license");

	return f ? f->value : "(none)";
}

/* the excerpt of the first finding of kind, or "" */
static const char *excerpt_of(const char *kind)
{
	const struct lf_found *f = lf_get(kind);

	return f ? f->excerpt : "";
}

static unsigned int line_of(const char *kind)
{
	const struct lf_found *f = lf_get(kind);

	return f ? f->line : 9999;
}

/* a finding of kind whose value contains s */
static int has(const char *kind, const char *s)
{
	size_t i;

	for (i = 0; i < lf_n; i++)
		if (!strcmp(lf_f[i].kind, kind) && strstr(lf_f[i].value, s))
			return 1;
	printf("  no %s ~ '%s' in:\n", kind, s);
	lf_dump();
	return 0;
}

TEST(test_project__agreeing)
{
	const struct dpg_licev ev[] = {
		{T_, "LICENSE", 1, "Apache-2.0", 1.0, "exact"},
		{M_, "package.json", 3, "Apache-2.0", -1,
		 "package.json license"},
		{G_, "src/a.c", 1, "Apache-2.0", -1, NULL},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "Apache-2.0");
	CHECK_INT(lf_count("license-conflict"), 0);
	CHECK(line_of("project-license") == 0);
	CHECK(strstr(excerpt_of("project-license"),
		     "LICENSE: Apache-2.0 (license text, exact)") != NULL);
	CHECK(has(
		"license-acceptance",
		"Apache-2.0 software=accepted content=accepted data=accepted"));
	CHECK(has("license-acceptance", "class=permissive"));
}

TEST(test_project__npm_isc_default)
{
	const struct dpg_licev ev[] = {
		{T_, "LICENSE", 1, "MIT", 1.0, "exact"},
		{M_, "package.json", 5, "ISC", -1, "package.json license: ISC"},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "MIT");
	/* npm's default beside a license file: a note, not a conflict */
	CHECK(!has("license-conflict", ""));
	CHECK(has("license-note", "package.json says ISC (npm's default)"));
	CHECK(strstr(excerpt_of("license-note"), "package.json:5") != NULL);
}

TEST(test_project__gnu_lesser_layout)
{
	const struct dpg_licev ev[] = {
		{T_, "COPYING", 1, "GPL-3.0-only", 1.0, "exact"},
		{T_, "COPYING.LESSER", 1, "LGPL-3.0-only", 1.0, "exact"},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "LGPL-3.0-only");
	CHECK(strstr(excerpt_of("project-license"), "read as -only") != NULL);
	CHECK_INT(lf_count("license-conflict"), 0);
}

TEST(test_project__gnu_later_from_notice)
{
	const struct dpg_licev ev[] = {
		{T_, "COPYING", 1, "GPL-3.0-only", 1.0, "exact"},
		{N_, "README.md", 40, "GPL-3.0-or-later", -1,
		 "either version 3 ... any later version"},
		{N_, "src/main.c", 3, "GPL-3.0-or-later", -1, NULL},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "GPL-3.0-or-later");
	CHECK_INT(lf_count("license-conflict"), 0);
}

TEST(test_project__gnu_only_vs_later)
{
	const struct dpg_licev ev[] = {
		{T_, "LICENSE", 1, "GPL-3.0-or-later", 1.0, "exact"},
		{M_, "package.json", 4, "GPL-3.0-only", -1, NULL},
		{N_, "README.md", 12, "GPL-3.0-or-later", -1, NULL},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "GPL-3.0-only");
	CHECK(has("license-conflict", "GPL-3.0: -only and -or-later disagree"));
	CHECK(strstr(excerpt_of("license-conflict"), "README.md:12") != NULL);
}

TEST(test_project__readme_claims_other)
{
	const struct dpg_licev ev[] = {
		{T_, "LICENSE", 1, "AGPL-3.0-only", 1.0, "exact"},
		{N_, "README.md", 7, "GPL-3.0", -1,
		 "released under the GNU GPL v3"},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "AGPL-3.0-only");
	CHECK(has("license-conflict", "README differs: GPL-3.0 vs "
				      "AGPL-3.0-only"));
}

TEST(test_project__dual_files)
{
	const struct dpg_licev ev[] = {
		{T_, "LICENSE-MIT", 1, "MIT", 1.0, "exact"},
		{T_, "LICENSE-APACHE", 1, "Apache-2.0", 0.98, "near"},
		{M_, "Cargo.toml", 6, "MIT OR Apache-2.0", -1, NULL},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "MIT OR Apache-2.0");
	CHECK_INT(lf_count("license-conflict"), 0);
	CHECK(has("license-acceptance", "MIT OR Apache-2.0 software=accepted"));
	/* without a declaration: AND, and said so */
	run(ev, 2);
	CHECK_STR(project(), "MIT AND Apache-2.0");
	CHECK(strstr(excerpt_of("project-license"), "read as AND") != NULL);
}

TEST(test_project__scopes)
{
	const struct dpg_licev ev[] = {
		{T_, "LICENSE", 1, "MIT", 1.0, "exact"},
		{T_, "LICENSE.data.md", 1, "ODbL-1.0", 1.0, "exact"},
		{T_, "docs/LICENSE", 1, "CC-BY-4.0", 1.0, "exact"},
		{T_, "CC BY-SA 4.0.md", 1, "CC-BY-SA-4.0", 1.0, "exact"},
		{T_, "packages/ui/LICENSE", 1, "Apache-2.0", 1.0, "exact"},
		{N_, "README.md", 9, "CC-BY-4.0", -1,
		 "Documentation is licensed under CC BY 4.0"},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "MIT");
	CHECK(has("license-scope", "data: ODbL-1.0"));
	CHECK(has("license-scope", "docs: CC-BY-4.0"));
	CHECK(has("license-scope", "content: CC-BY-SA-4.0"));
	CHECK(has("license-scope", "packages/ui: Apache-2.0"));
	CHECK_INT(lf_count("license-conflict"), 0);
	CHECK(has("license-acceptance", "ODbL-1.0 software=not-accepted"));
	CHECK(has("license-acceptance", "scope=data"));
}

TEST(test_project__vendored)
{
	const struct dpg_licev ev[] = {
		{T_, "vendor/github.com/x/LICENSE", 1, "BSD-3-Clause", 1, NULL},
		{T_, "third_party/zlib/LICENSE", 1, "Zlib", 1.0, NULL},
		{M_, "node_modules/@s/p/package.json", 2, "ISC", -1, NULL},
		{G_, "node_modules/left-pad/index.js", 1, "WTFPL", -1, NULL},
		{T_, "node_modules/@s/p/LICENSE", 1, "ISC", 1.0, NULL},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "(none)");
	CHECK(has("license-vendored", "vendor/github.com: BSD-3-Clause"));
	CHECK(has("license-vendored", "third_party/zlib: Zlib"));
	CHECK(has("license-vendored", "node_modules/@s/p: ISC"));
	CHECK(has("license-vendored", "node_modules/left-pad: WTFPL"));
	CHECK_INT(lf_count("license-vendored"), 4);
	CHECK_INT(dpg_license_vendored_prefix("src/vendor.c"), 0);
	CHECK_INT(dpg_license_vendored_prefix("LICENSE"), 0);
}

TEST(test_project__manifest_only)
{
	const struct dpg_licev ev[] = {
		{M_, "DESCRIPTION", 7, "MIT", -1,
		 "DESCRIPTION License: MIT + file LICENSE"},
		{M_, "sub/package.json", 2, "GPL-2.0-only", -1, NULL},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "MIT");
	CHECK(line_of("project-license") == 0);
	CHECK(strstr(excerpt_of("project-license"), "DESCRIPTION:7") != NULL);
}

TEST(test_project__tags_only)
{
	struct dpg_licev ev[12];
	size_t i;

	for (i = 0; i < 11; i++) {
		ev[i].src = G_;
		ev[i].path = i == 10 ? "tools/x.py" : "src/f.c";
		ev[i].line = 1;
		ev[i].expr = i == 10 ? "MIT" : "Apache-2.0";
		ev[i].score = -1;
		ev[i].excerpt = NULL;
	}
	run(ev, 11);
	CHECK_STR(project(), "Apache-2.0");
	CHECK(has("license-scope", "files: MIT (1 tagged)"));
}

TEST(test_project__nothing)
{
	run(NULL, 0);
	CHECK_STR(project(), "(none)");
	CHECK_INT(lf_n, 0);
}

TEST(test_project__unlicensed_manifest)
{
	const struct dpg_licev ev[] = {
		{T_, "LICENSE", 1, "MIT", 1.0, "exact"},
		{M_, "package.json", 3, "NONE", -1, "UNLICENSED"},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK(has("license-conflict", "manifest grants no license"));
}

TEST(test_project__bundled_and_documents)
{
	const struct dpg_licev ev[] = {
		{DPG_LICEV_BUNDLED, "LICENSE.md", 16, "bundled licenses", -1,
		 NULL},
		{T_, "LICENSE.md", 648, "0BSD", 1.0, "exact"},
		{T_, "LICENSE.md", 668, "ISC", 0.96, "near"},
		{N_, "LICENSE.md", 2, "MIT", -1, "released under the MIT"},
		{M_, "package.json", 112, "MIT", -1, NULL},
		{T_, "LICENSE.esprima", 1, "BSD-2-Clause", 1.0, "exact"},
		{T_, "README.md", 87, "any-OSI", 0.92, "near"},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "MIT");
	CHECK_INT(lf_count("license-conflict"), 0);
	CHECK(has("license-vendored", "LICENSE.md: 0BSD"));
	CHECK(has("license-vendored", "LICENSE.md: ISC"));
	CHECK(has("license-vendored", "LICENSE.esprima: BSD-2-Clause"));
	/* a README quoting a license text is a last resort only */
	run(&ev[6], 1);
	CHECK_STR(project(), "any-OSI");
	CHECK(strstr(excerpt_of("project-license"), "license text in a "
						    "document") != NULL);
}

TEST(test_project__second_text_in_license_file)
{
	const struct dpg_licev ev[] = {
		{T_, "COPYING", 3, "MIT", 1.0, "exact"},
		{T_, "COPYING", 44, "dtoa", 0.95, "near"},
		{T_, "COPYING", 56, "dtoa", 1.0, "exact"},
	};
	const struct dpg_licev dual[] = {
		{T_, "LICENSE", 1, "MIT", 1.0, "exact"},
		{T_, "LICENSE", 30, "Apache-2.0", 1.0, "exact"},
		{N_, "README.md", 5, "MIT OR Apache-2.0", -1,
		 "dual-licensed under MIT or Apache-2.0"},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "MIT");
	CHECK(has("license-scope", "also in COPYING: dtoa"));
	CHECK_INT(lf_count("license-conflict"), 0);
	/* unless a declaration names both */
	run(dual, DPG_ARRAY_SIZE(dual));
	CHECK_STR(project(), "MIT OR Apache-2.0");
	CHECK_INT(lf_count("license-scope"), 0);
}

TEST(test_project__weak_evidence)
{
	const struct dpg_licev badge[] = {
		{R_, "README.md", 3, "MIT", -1,
		 "badge: https://img.shields.io"},
	};
	const struct dpg_licev unidentified[] = {
		{DPG_LICEV_UNMATCHED, "LICENSE", 0, NULL, -1, NULL},
		{R_, "README.md", 3, "MIT", -1, "badge"},
		{N_, "src/a.c", 2, "MIT", -1, NULL},
		{N_, "src/b.c", 2, "MIT", -1, NULL},
	};

	/* a README badge alone: an answer, with low confidence */
	run(badge, 1);
	CHECK_STR(project(), "MIT");
	CHECK(strstr(excerpt_of("project-license"), "license reference") !=
	      NULL);
	/* a LICENSE nobody identified: two file notices do not speak for
	 * it, nor does a badge */
	run(unidentified, DPG_ARRAY_SIZE(unidentified));
	CHECK_STR(project(), "(none)");
}

TEST(test_project__files_disagree_on_later)
{
	const struct dpg_licev ev[] = {
		{T_, "COPYING", 1, "GPL-3.0-only", 1.0, "exact"},
		{N_, "README.md", 4, "GPL-3.0-only", -1, "licensed under"},
		{N_, "src/a.c", 3, "GPL-3.0-or-later", -1, NULL},
		{N_, "src/b.c", 3, "GPL-3.0-or-later", -1, NULL},
		{N_, "src/c.c", 3, "GPL-3.0-or-later", -1, NULL},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "GPL-3.0-only");
	CHECK(has("license-conflict", "GPL-3.0: -only and -or-later disagree"));
	CHECK(strstr(excerpt_of("license-conflict"),
		     "3 files say "
		     "GPL-3.0-or-later") != NULL);
}

/* a plugin's "MIT-LICENSE" is its directory's license, not a source
 * file with a license text in its header; and the files' notices
 * outnumbering the files with a text in their header speak for the
 * project (a Rails application: 6 GPL headers, no root license) */
TEST(test_project__named_license_file)
{
	const struct dpg_licev ev[] = {
		{T_, "lib/plugins/gravatar/MIT-LICENSE", 3, "MIT", 1.0, NULL},
		{T_, "public/js/GPL-LICENSE.txt", 1, "GPL-2.0-only", 1.0, NULL},
		{T_, "public/js/jquery.form.js", 2, "MIT", 1.0, NULL},
		{N_, "app/a.rb", 6, "GPL-2.0-or-later", -1, NULL},
		{N_, "app/b.rb", 6, "GPL-2.0-or-later", -1, NULL},
		{N_, "app/c.rb", 6, "GPL-2.0-or-later", -1, NULL},
		{N_, "lib/d.rb", 6, "GPL-2.0-or-later", -1, NULL},
	};
	const struct dpg_licev texts[] = {
		{T_, "src/a.c", 1, "MIT", 1.0, NULL},
		{T_, "src/b.c", 1, "MIT", 1.0, NULL},
		{T_, "src/c.c", 1, "MIT", 1.0, NULL},
		{N_, "src/d.c", 2, "BSD-3-Clause", -1, NULL},
		{N_, "src/e.c", 2, "BSD-3-Clause", -1, NULL},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "GPL-2.0-or-later");
	CHECK(has("license-scope", "lib/plugins/gravatar: MIT"));
	CHECK(has("license-scope", "public/js: GPL-2.0-only"));
	CHECK(strstr(excerpt_of("project-license"), "4 file notices") != NULL);
	/* more files with the text in their header than with a notice: the
	 * texts still speak */
	run(texts, DPG_ARRAY_SIZE(texts));
	CHECK_STR(project(), "MIT");
	CHECK(strstr(excerpt_of("project-license"), "3 files with the "
						    "license text") != NULL);
}

/* an R package's LICENSE: the project's license first, then the texts
 * of the components it bundles; DESCRIPTION says the same license */
TEST(test_project__opening_notice)
{
	struct dpg_licev ev[] = {
		{N_, "LICENSE", 1, "GPL-3.0", -1,
		 "The x package as a whole is distributed under GPL-3"},
		{T_, "LICENSE", 28, "MIT", 1.0, "exact"},
		{T_, "LICENSE", 78, "BSD-3-Clause", 1.0, "exact"},
		{M_, "DESCRIPTION", 70, "GPL-3.0-only", -1, NULL},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "GPL-3.0-only");
	CHECK(has("license-scope", "also in LICENSE: MIT"));
	CHECK(has("license-scope", "also in LICENSE: BSD-3-Clause"));
	CHECK_INT(lf_count("license-conflict"), 0);
	CHECK(strstr(excerpt_of("project-license"),
		     "DESCRIPTION:70 (manifest), as LICENSE:1 opens") != NULL);
	/* without a manifest that agrees, the texts still decide */
	run(ev, 3);
	CHECK_STR(project(), "MIT");
	/* the notice's own license's text in the file: an ordinary layout */
	ev[2].expr = "GPL-3.0-only";
	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "MIT");
}

/* Django's root: LICENSE (BSD-3-Clause, as setup.cfg says) and
 * LICENSE.python, the license of code from Python's standard library */
TEST(test_project__plain_license_file)
{
	const struct dpg_licev ev[] = {
		{T_, "LICENSE", 4, "BSD-3-Clause", 1.0, "exact"},
		{T_, "LICENSE.python", 73, "Python-2.0.1", 0.99, NULL},
		{M_, "setup.cfg", 9, "BSD-3-Clause", -1, NULL},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "BSD-3-Clause");
	CHECK(has("license-scope", "also in LICENSE.python: Python-2.0.1"));
	CHECK(strstr(excerpt_of("license-scope"),
		     "a root license text of a "
		     "license no declaration") != NULL);
	CHECK_INT(lf_count("license-conflict"), 0);
	/* no declaration: both texts, with AND, as before */
	run(ev, 2);
	CHECK_STR(project(), "BSD-3-Clause AND Python-2.0.1");
}

/* JOSM: "GPL v2 or later", with the texts of both versions */
TEST(test_project__or_later_texts)
{
	const struct dpg_licev ev[] = {
		{T_, "gpl-2.0.txt", 1, "GPL-2.0-only", 1.0, NULL},
		{T_, "gpl-3.0.txt", 1, "GPL-3.0-only", 1.0, "exact"},
		{N_, "LICENSE", 4, "GPL-2.0-or-later", -1,
		 "released under the GNU General Public License v2 or later"},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "GPL-2.0-or-later");
	CHECK(strstr(excerpt_of("project-license"), "basis: LICENSE:4") !=
	      NULL);
	/* -only does not reach the later version's text: that one is
	 * another text beside the project's */
	{
		struct dpg_licev only[3];

		memcpy(only, ev, sizeof(only));
		only[2].expr = "GPL-2.0-only";
		run(only, 3);
		CHECK_STR(project(), "GPL-2.0-only");
		CHECK(has("license-scope",
			  "also in gpl-3.0.txt: GPL-3.0-only"));
	}
}

/* KeePassXC's root: a text per license, each file named for its
 * license, and a README that says which are the project's */
TEST(test_project__license_named_files)
{
	const struct dpg_licev ev[] = {
		{T_, "LICENSE.GPL-2", 1, "GPL-2.0-only", 1.0, NULL},
		{T_, "LICENSE.GPL-3", 1, "GPL-3.0-only", 1.0, NULL},
		{T_, "LICENSE.LGPL-2.1", 1, "LGPL-2.1-only", 1.0, NULL},
		{T_, "LICENSE.MIT", 1, "MIT", 1.0, "exact"},
		{T_, "LICENSE.BSD", 1, "BSD-3-Clause", 1.0, NULL},
		{N_, "README.md", 59, "GPL-2.0 OR GPL-3.0", -1,
		 "released under the GPL-2 or GPL-3 license"},
	};

	run(ev, DPG_ARRAY_SIZE(ev));
	CHECK_STR(project(), "GPL-2.0-only OR GPL-3.0-only");
	CHECK(has("license-scope", "also in LICENSE.MIT: MIT"));
	CHECK(has("license-scope", "also in LICENSE.LGPL-2.1: LGPL-2.1-only"));
	/* no declaration: all of them, as before */
	run(ev, 5);
	CHECK(strstr(project(), " AND ") != NULL);
}

TEST_MAIN("project", T(test_project__agreeing),
	  T(test_project__npm_isc_default), T(test_project__gnu_lesser_layout),
	  T(test_project__gnu_later_from_notice),
	  T(test_project__gnu_only_vs_later),
	  T(test_project__readme_claims_other), T(test_project__dual_files),
	  T(test_project__scopes), T(test_project__vendored),
	  T(test_project__manifest_only), T(test_project__tags_only),
	  T(test_project__nothing), T(test_project__unlicensed_manifest),
	  T(test_project__bundled_and_documents),
	  T(test_project__second_text_in_license_file),
	  T(test_project__weak_evidence),
	  T(test_project__files_disagree_on_later),
	  T(test_project__named_license_file), T(test_project__opening_notice),
	  T(test_project__plain_license_file), T(test_project__or_later_texts),
	  T(test_project__license_named_files))
