#include <string.h>

#include "dpg/licdecl.h"
#include "licfind.h"
#include "test.h"

static size_t run(const char *path, const char *text)
{
	lf_n = 0;
	return (size_t)dpg_licdecl_manifest(&lf_ctx, path, text, strlen(text));
}

static int has(const char *kind, const char *value, unsigned int line)
{
	size_t i;

	for (i = 0; i < lf_n; i++)
		if (!strcmp(lf_f[i].kind, kind) &&
		    !strcmp(lf_f[i].value, value) &&
		    (!line || lf_f[i].line == line))
			return 1;
	printf("  no %s [%s] at %u in:\n", kind, value, line);
	lf_dump();
	return 0;
}

TEST(test_manifest__is_manifest)
{
	CHECK(dpg_licdecl_is_manifest("package.json"));
	CHECK(dpg_licdecl_is_manifest("a/b/pyproject.toml"));
	CHECK(dpg_licdecl_is_manifest("x.gemspec"));
	CHECK(dpg_licdecl_is_manifest("src/App/App.csproj"));
	CHECK(dpg_licdecl_is_manifest("DESCRIPTION"));
	CHECK(!dpg_licdecl_is_manifest(".gemspec"));
	CHECK(!dpg_licdecl_is_manifest("package-lock.json"));
	CHECK(!dpg_licdecl_is_manifest("README.md"));
}

TEST(test_manifest__package_json)
{
	CHECK_INT(run("package.json", "{\n  \"name\": \"x\",\n"
				      "  \"license\": \"MIT\"\n}\n"),
		  1);
	CHECK(has("license-manifest", "MIT", 3));
	CHECK_STR(lf_f[0].excerpt, "package.json license: MIT");
	/* vcpkg.json's license is an SPDX expression too */
	run("vcpkg.json",
	    "{\n  \"name\": \"x\",\n  \"license\": \"BSL-1.0\"\n}\n");
	CHECK(has("license-manifest", "BSL-1.0", 3));
	CHECK_STR(lf_f[0].excerpt, "vcpkg.json license: BSL-1.0");
	run("package.json", "{\"license\": \"(MIT OR Apache-2.0)\"}");
	CHECK(has("license-manifest", "MIT OR Apache-2.0", 1));
	/* a bare GNU id stays one license, -only or -or-later unstated */
	run("package.json", "{\"license\": \"GPL-3.0\"}");
	CHECK(has("license-manifest", "GPL-3.0", 1));
	CHECK(strstr(lf_f[0].excerpt, "-only or -or-later not stated") != NULL);
	run("package.json", "{\"license\": \"UNLICENSED\"}");
	CHECK(has("license-manifest", "NONE", 1));
	run("package.json", "{\"license\": \"SEE LICENSE IN LICENSE.txt\"}");
	CHECK(has("license-manifest", "NOASSERTION", 1));
	run("package.json", "{\"license\": \"Apache 2.0\"}");
	CHECK(has("license-manifest", "Apache-2.0", 1));
	run("package.json", "{\"license\": \"BSD\"}");
	CHECK(has("license-manifest-invalid", "BSD", 1));
	run("package.json",
	    "{\"licenses\": [{\"type\": \"MIT\", \"url\": \"http://x\"}]}");
	CHECK(has("license-manifest", "MIT", 1));
	run("package.json", "{\"license\": {\"type\": \"ISC\"}}");
	CHECK(has("license-manifest", "ISC", 1));
	CHECK_INT(run("package.json", "{broken"), 0);
}

TEST(test_manifest__composer)
{
	run("composer.json",
	    "{\n\"license\": [\"MIT\", \"GPL-3.0-or-later\"]\n}");
	CHECK(has("license-manifest", "MIT OR GPL-3.0-or-later", 2));
}

TEST(test_manifest__python)
{
	run("pyproject.toml", "[build-system]\nrequires = [\"x\"]\n\n"
			      "[project]\nname = \"x\"\nlicense = \"MIT\"\n"
			      "classifiers = [\n"
			      "  \"Programming Language :: Python\",\n"
			      "  \"License :: OSI Approved :: MIT License\",\n"
			      "]\n");
	CHECK(has("license-manifest", "MIT", 6));
	CHECK(has("license-manifest", "MIT", 9));
	run("pyproject.toml",
	    "[project]\nlicense = {text = \"BSD 3-Clause\"}\n");
	CHECK(has("license-manifest", "BSD-3-Clause", 2));
	run("pyproject.toml", "[tool.poetry]\nlicense = 'GPL-3.0-or-later'\n");
	CHECK(has("license-manifest", "GPL-3.0-or-later", 2));
	/* a license key in another table is not the project's */
	CHECK_INT(run("pyproject.toml", "[tool.other]\nlicense = \"MIT\"\n"),
		  0);
	run("setup.cfg", "[metadata]\nname = x\nlicense = Apache-2.0\n"
			 "classifiers =\n    License :: OSI Approved :: GNU "
			 "General Public License v3 or later (GPLv3+)\n"
			 "[options]\nlicense = MIT\n");
	CHECK(has("license-manifest", "Apache-2.0", 3));
	CHECK(has("license-manifest", "GPL-3.0-or-later", 5));
	CHECK_INT(lf_n, 2);
	run("setup.py",
	    "setup(\n    name='x',\n    license='MIT',\n"
	    "    classifiers=[\n        'License :: OSI Approved :: "
	    "Apache Software License',\n    ],\n)\n");
	CHECK(has("license-manifest", "MIT", 3));
	CHECK(has("license-manifest-invalid",
		  "License :: OSI Approved :: Apache Software License", 5));
}

TEST(test_manifest__jvm)
{
	run("pom.xml",
	    "<project>\n  <licenses>\n    <license>\n"
	    "      <name>The Apache License, Version 2.0</name>\n"
	    "      <url>http://www.apache.org/licenses/LICENSE-2.0."
	    "txt</url>\n    </license>\n  </licenses>\n</project>\n");
	CHECK(has("license-manifest", "Apache-2.0", 3));
	run("pom.xml", "<licenses><license>\n<name>Custom</name>\n"
		       "<url>https://www.eclipse.org/legal/epl-2.0/</url>\n"
		       "</license></licenses>\n");
	CHECK(has("license-manifest", "EPL-2.0", 1));
	run("build.gradle",
	    "publishing {\n  pom {\n    licenses {\n"
	    "      license {\n        name = 'MIT License'\n"
	    "        url = 'https://opensource.org/licenses/MIT'\n"
	    "      }\n    }\n  }\n}\n");
	CHECK(has("license-manifest", "MIT", 5));
}

TEST(test_manifest__others)
{
	run("Cargo.toml",
	    "[package]\nname = \"x\"\nlicense = \"MIT/Apache-2.0\"\n");
	CHECK(has("license-manifest", "MIT OR Apache-2.0", 3));
	run("Cargo.toml", "[dependencies]\nlicense = \"GPL-3.0\"\n");
	CHECK_INT(lf_n, 0);
	run("x.gemspec", "Gem::Specification.new do |s|\n"
			 "  s.license = 'MIT'\nend\n");
	CHECK(has("license-manifest", "MIT", 2));
	run("x.gemspec", "  spec.licenses = ['MIT', 'Apache-2.0']\n");
	CHECK(has("license-manifest", "MIT OR Apache-2.0", 1));
	/* package: [licenses: [...]] on one line, as mix new writes it */
	run("mix.exs", "  defp package do\n    [licenses: [\"Apache-2.0\"],\n");
	CHECK(has("license-manifest", "Apache-2.0", 2));
	run("mix.exs", "  # no_licenses: [\"MIT\"]\n");
	CHECK_INT(lf_n, 0);
	run("mix.exs", "  defp package do\n    [\n      licenses: "
		       "[\"Apache-2.0\"],\n");
	CHECK(has("license-manifest", "Apache-2.0", 3));
	run("pubspec.yaml", "name: x\nlicense: BSD-3-Clause\n"
			    "dependencies:\n  license: MIT\n");
	CHECK(has("license-manifest", "BSD-3-Clause", 2));
	CHECK_INT(lf_n, 1);
	run("x.cabal", "name: x\nlicense:            BSD3\n");
	CHECK(has("license-manifest", "BSD-3-Clause", 2));
	run("x.cabal", "license: GPL-3.0-or-later\n");
	CHECK(has("license-manifest", "GPL-3.0-or-later", 1));
	run("App.csproj", "<Project>\n<PropertyGroup>\n"
			  "<PackageLicenseExpression>MIT</"
			  "PackageLicenseExpression>\n");
	CHECK(has("license-manifest", "MIT", 3));
	run("x.nuspec", "<license type=\"expression\">Apache-2.0</license>\n"
			"<licenseUrl>https://x</licenseUrl>\n");
	CHECK(has("license-manifest", "Apache-2.0", 1));
}

TEST(test_manifest__r_description)
{
	run("DESCRIPTION", "Package: x\nLicense: MIT + file LICENSE\n");
	CHECK(has("license-manifest", "MIT", 2));
	CHECK(strstr(lf_f[0].excerpt, "copyright holder") != NULL);
	run("DESCRIPTION", "License: GPL (>= 2)\n");
	CHECK(has("license-manifest", "GPL-2.0-or-later", 1));
	run("DESCRIPTION", "License: GPL-2 | GPL-3\n");
	CHECK(has("license-manifest", "GPL-2.0-only OR GPL-3.0-only", 1));
	run("DESCRIPTION", "License: LGPL (>= 2.1)\n");
	CHECK(has("license-manifest", "LGPL-2.1-or-later", 1));
	run("DESCRIPTION", "License: BSD_3_clause + file LICENSE\n");
	CHECK(has("license-manifest", "BSD-3-Clause", 1));
	run("DESCRIPTION", "License: Apache License (== 2.0)\n");
	CHECK(has("license-manifest", "Apache-2.0", 1));
	run("DESCRIPTION", "License: CC BY 4.0\n");
	CHECK(has("license-manifest", "CC-BY-4.0", 1));
	run("DESCRIPTION", "License: file LICENSE\n");
	CHECK(has("license-manifest-invalid", "file LICENSE", 1));
	/* shiny's: GPL-3, or the terms in LICENSE */
	run("DESCRIPTION", "License: GPL-3 | file LICENSE\n");
	CHECK(has("license-manifest", "GPL-3.0-only", 1));
	CHECK(strstr(lf_f[0].excerpt, "terms in the file") != NULL);
	CHECK_INT(lf_n, 1);
	run("DESCRIPTION", "License: file LICENSE | file COPYING\n");
	CHECK(has("license-manifest-invalid", "file LICENSE | file COPYING",
		  1));
	run("DESCRIPTION", "License: GPL-3\nLicenseNote: x\n");
	CHECK(has("license-manifest", "GPL-3.0-only", 1));
	CHECK_INT(lf_n, 1);
}

TEST_MAIN("manifest", T(test_manifest__is_manifest),
	  T(test_manifest__package_json), T(test_manifest__composer),
	  T(test_manifest__python), T(test_manifest__jvm),
	  T(test_manifest__others), T(test_manifest__r_description))
