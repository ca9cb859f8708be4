/*
 * test_deps.c: dependencies from every manifest kind, through the
 * analyzer's own callbacks.
 */
#include <stdio.h>
#include <string.h>

#include "dpg/scan.h"
#include "test.h"

extern const struct dpg_analyzer dpg_analyzer_deps;

static struct dpg_scan scan;

/* Feed one file to the analyzer; returns what want() said. */
static unsigned int feed(const char *path, const char *text)
{
	const struct dpg_analyzer *an = &dpg_analyzer_deps;
	struct dpg_file f;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_analysis a;
	int w;

	memset(&f, 0, sizeof(f));
	f.path = path;
	f.mode = DPG_MODE_FILE;
	f.size = strlen(text);
	dpg_analysis_begin(&a, an, &scan, &err);
	w = dpg_analysis_feed(&a, &f, text, strlen(text), &err);
	dpg_analysis_free(&a);
	return w < 0 ? 0 : (unsigned int)w;
}

/* The finding with this value, or NULL. */
static const struct dpg_finding *dep(const char *value)
{
	size_t i;

	for (i = 0; i < scan.nfindings; i++)
		if (scan.findings[i].value &&
		    strcmp(scan.findings[i].value, value) == 0)
			return &scan.findings[i];
	return NULL;
}

/* The dependencies recorded (not the "manifest" facts). */
static int count(void)
{
	size_t i;
	int n = 0;

	for (i = 0; i < scan.nfindings; i++)
		n += !strcmp(scan.findings[i].kind, "dependency") ||
		     !strcmp(scan.findings[i].kind, "dev-dependency");
	return n;
}

/* The first finding of kind, or NULL. */
static const struct dpg_finding *kind(const char *k)
{
	return dpg_scan_first(&scan, k);
}

static void reset(void)
{
	dpg_scan_release(&scan);
	dpg_scan_init(&scan);
}

TEST(test_deps__package_json)
{
	const struct dpg_finding *f;

	reset();
	CHECK_INT(feed("web/package.json",
		       "{\n"
		       "  \"name\": \"app\",\n"
		       "  \"dependencies\": {\n"
		       "    \"mapbox-gl\": \"^2.1.0\",\n"
		       "    \"react\": \"18.2.0\"\n"
		       "  },\n"
		       "  \"devDependencies\": { \"jest\": \"^29\" }\n"
		       "}\n"),
		  DPG_WANT_CONTENT);
	CHECK_INT(count(), 3);
	f = dep("npm:mapbox-gl@^2.1.0");
	CHECK(f != NULL);
	CHECK_STR(f->kind, "dependency");
	CHECK_STR(f->path, "web/package.json");
	CHECK_INT(f->line, 4);
	CHECK_INT(f->indicator, DPG_IND_PLATFORM);
	CHECK_STR(f->excerpt, "\"mapbox-gl\": \"^2.1.0\",");
	f = dep("npm:jest@^29");
	CHECK(f != NULL);
	CHECK_STR(f->kind, "dev-dependency");
	CHECK_INT(f->line, 7);
	/* vendored copies and broken JSON give nothing */
	CHECK_INT(feed("node_modules/x/package.json", "{}"), 0);
	CHECK_INT(feed("package.json", "{\"dependencies\": {"),
		  DPG_WANT_CONTENT);
	CHECK_INT(count(), 3);
}

TEST(test_deps__python)
{
	reset();
	feed("requirements.txt", "# pinned\n"
				 "Django==4.2.1  # web\n"
				 "pymongo[srv]>=4.0 ; python_version > '3.7'\n"
				 "-r base.txt\n"
				 "git+https://example.org/x.git\n"
				 "requests\n");
	CHECK_INT(count(), 3);
	CHECK(dep("pypi:django@==4.2.1") != NULL);
	CHECK_INT(dep("pypi:django@==4.2.1")->line, 2);
	CHECK(dep("pypi:pymongo@>=4.0") != NULL);
	CHECK(dep("pypi:requests") != NULL);
	feed("requirements-dev.txt", "pytest==7\n");
	CHECK_STR(dep("pypi:pytest@==7")->kind, "dev-dependency");
	reset();
	feed("pyproject.toml",
	     "[build-system]\nrequires = [\"setuptools\"]\n"
	     "[project]\nname = \"x\"\n"
	     "dependencies = [\n"
	     "  \"firebase-admin>=6\",\n"
	     "  \"numpy\",\n"
	     "]\n"
	     "[project.optional-dependencies]\n"
	     "test = [\"pytest\"]\n"
	     "[tool.poetry.dependencies]\n"
	     "python = \"^3.10\"\n"
	     "boto3 = {version = \"^1.26\", optional = true}\n");
	CHECK_INT(count(), 4);
	CHECK_INT(dep("pypi:firebase-admin@>=6")->line, 6);
	CHECK(dep("pypi:numpy") != NULL);
	CHECK_STR(dep("pypi:pytest")->kind, "dev-dependency");
	CHECK_INT(dep("pypi:boto3@^1.26")->line, 13);
	reset();
	feed("Pipfile", "[packages]\nflask = \"*\"\n[dev-packages]\n"
			"black = \"==23.1\"\n");
	CHECK_STR(dep("pypi:flask@*")->kind, "dependency");
	CHECK_STR(dep("pypi:black@==23.1")->kind, "dev-dependency");
}

TEST(test_deps__setup_and_nuget)
{
	reset();
	feed("setup.cfg", "[metadata]\nname = x\n[options]\n"
			  "packages = find:\ninstall_requires =\n"
			  "    requests>=2.28\n    firebase_admin\n"
			  "[options.extras_require]\ntest =\n    pytest\n");
	CHECK_INT(count(), 3);
	CHECK_INT(dep("pypi:requests@>=2.28")->line, 6);
	CHECK(dep("pypi:firebase-admin") != NULL);
	CHECK_STR(dep("pypi:pytest")->kind, "dev-dependency");
	reset();
	feed("setup.py",
	     "setup(\n    name='x',\n"
	     "    install_requires=['boto3>=1.26', \"numpy\"],\n)\n");
	CHECK_INT(count(), 2);
	CHECK_INT(dep("pypi:boto3@>=1.26")->line, 3);
	reset();
	feed("src/App/App.csproj",
	     "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n"
	     "    <PackageReference Include=\"MongoDB.Driver\" "
	     "Version=\"2.19.0\" />\n"
	     "    <PackageReference Include=\"Serilog\" />\n"
	     "  </ItemGroup>\n</Project>\n");
	CHECK_INT(count(), 2);
	CHECK_INT(dep("nuget:MongoDB.Driver@2.19.0")->line, 3);
	CHECK(dep("nuget:Serilog") != NULL);
	feed("packages.config",
	     "<packages>\n  <package id=\"AWSSDK.S3\" version=\"3.7.0\" "
	     "/>\n</packages>\n");
	CHECK(dep("nuget:AWSSDK.S3@3.7.0") != NULL);
}

TEST(test_deps__jvm)
{
	reset();
	feed("pom.xml", "<project>\n<dependencies>\n"
			"  <dependency>\n"
			"    <groupId>com.google.firebase</groupId>\n"
			"    <artifactId>firebase-admin</artifactId>\n"
			"    <version>9.1.1</version>\n"
			"  </dependency>\n"
			"  <dependency><groupId>junit</groupId>"
			"<artifactId>junit</artifactId><scope>test</scope>"
			"</dependency>\n"
			"</dependencies>\n</project>\n");
	CHECK_INT(count(), 2);
	CHECK_INT(dep("maven:com.google.firebase:firebase-admin@9.1.1")->line,
		  5);
	CHECK_STR(dep("maven:junit:junit")->kind, "dev-dependency");
	reset();
	feed("app/build.gradle.kts",
	     "dependencies {\n"
	     "    implementation(\"com.google.android.gms:play-services-maps:"
	     "18.1.0\")\n"
	     "    api 'org.slf4j:slf4j-api:2.0.7'\n"
	     "    testImplementation(\"junit:junit:4.13.2\")\n"
	     "}\n");
	CHECK_INT(count(), 3);
	CHECK_INT(dep("maven:com.google.android.gms:play-services-maps@18.1.0")
			  ->line,
		  2);
	CHECK(dep("maven:org.slf4j:slf4j-api@2.0.7") != NULL);
	CHECK_STR(dep("maven:junit:junit@4.13.2")->kind, "dev-dependency");
}

TEST(test_deps__go_rust_ruby_php)
{
	reset();
	feed("go.mod", "module example.org/x\n\ngo 1.21\n\n"
		       "require github.com/aws/aws-sdk-go v1.44.0\n"
		       "require (\n"
		       "\tgithub.com/lib/pq v1.10.9\n"
		       "\tgolang.org/x/text v0.9.0 // indirect\n"
		       ")\n");
	CHECK_INT(count(), 3);
	CHECK_INT(dep("go:github.com/aws/aws-sdk-go@v1.44.0")->line, 5);
	CHECK_INT(dep("go:golang.org/x/text@v0.9.0")->line, 8);
	reset();
	feed("Cargo.toml",
	     "[package]\nname = \"x\"\nversion = \"0.1.0\"\n"
	     "[dependencies]\nserde = \"1.0\"\n"
	     "tokio = { version = \"1.28\", features = [\"full\"] }\n"
	     "[dev-dependencies]\ncriterion = \"0.5\"\n"
	     "[dependencies.reqwest]\nversion = \"0.11\"\n");
	CHECK_INT(count(), 4);
	CHECK(dep("cargo:serde@1.0") != NULL);
	CHECK(dep("cargo:tokio@1.28") != NULL);
	CHECK_STR(dep("cargo:criterion@0.5")->kind, "dev-dependency");
	CHECK_INT(dep("cargo:reqwest")->line, 9);
	reset();
	feed("Gemfile", "source 'https://rubygems.org'\n"
			"gem 'rails', '~> 7.0'\n"
			"group :development, :test do\n"
			"  gem \"rspec\"\n"
			"end\n"
			"gem 'pg'\n");
	CHECK_INT(count(), 3);
	CHECK_STR(dep("gem:rails@~> 7.0")->kind, "dependency");
	CHECK_STR(dep("gem:rspec")->kind, "dev-dependency");
	CHECK_STR(dep("gem:pg")->kind, "dependency");
	reset();
	feed("composer.json", "{\"require\": {\"php\": \">=8.1\", "
			      "\"ext-json\": \"*\", \"google/cloud-storage\": "
			      "\"^1.30\"}}");
	CHECK_INT(count(), 1);
	CHECK(dep("composer:google/cloud-storage@^1.30") != NULL);
}

TEST(test_deps__containers)
{
	reset();
	feed("docker-compose.yml",
	     "services:\n"
	     "  db:\n"
	     "    image: mongo:6.0   # database\n"
	     "  search:\n"
	     "    image: \"docker.elastic.co/elasticsearch/"
	     "elasticsearch:8.5.0\"\n"
	     "  app:\n"
	     "    image: ${APP_IMAGE}\n"
	     "  cache:\n"
	     "    image: localhost:5000/redis\n");
	CHECK_INT(count(), 3);
	CHECK_INT(dep("docker:mongo@6.0")->line, 3);
	CHECK(dep("docker:docker.elastic.co/elasticsearch/elasticsearch@"
		  "8.5.0") != NULL);
	CHECK(dep("docker:localhost:5000/redis") != NULL);
	reset();
	feed("chart/values.yaml", "image:\n"
				  "  repository: bitnami/mongodb\n"
				  "  tag: \"6.0.5\"\n"
				  "  pullPolicy: IfNotPresent\n");
	CHECK_INT(count(), 1);
	CHECK_INT(dep("docker:bitnami/mongodb@6.0.5")->line, 2);
	reset();
	feed("Dockerfile", "FROM --platform=linux/amd64 node:18-alpine AS "
			   "build\n"
			   "RUN npm ci\n"
			   "FROM build AS test\n"
			   "FROM scratch\n"
			   "from nginx@sha256:abc\n");
	CHECK_INT(count(), 2);
	CHECK_INT(dep("docker:node@18-alpine")->line, 1);
	CHECK(dep("docker:nginx@sha256:abc") != NULL);
	/* not a manifest */
	CHECK_INT(feed("src/main.c", "int main;"), 0);
	dpg_scan_release(&scan);
}

/* The manifests of item 11: Elixir, Dart/Flutter, R, Godot, Gradle's
 * Kotlin DSL and version catalog, Swift, CocoaPods. */
TEST(test_deps__more_ecosystems)
{
	reset();
	feed("mix.exs",
	     "defmodule App.MixProject do\n"
	     "  defp deps do\n"
	     "    [\n"
	     "      {:phoenix, \"~> 1.7.10\"},\n"
	     "      {:oban_pro, \"~> 1.0\", repo: \"oban\"},\n"
	     "      {:credo, \"~> 1.6\", only: [:dev, :test], "
	     "runtime: false},\n"
	     "      {:heroicons, github: \"tailwindlabs/heroicons\"}\n"
	     "    ]\n"
	     "  end\n"
	     "end\n");
	CHECK_INT(count(), 4);
	CHECK_STR(dep("hex:oban_pro@~> 1.0")->kind, "dependency");
	CHECK_STR(dep("hex:credo@~> 1.6")->kind, "dev-dependency");
	CHECK(dep("hex:heroicons") != NULL);
	CHECK_STR(kind("manifest")->value, "mix.exs");

	reset();
	feed("app/pubspec.yaml", "name: clinic\n"
				 "dependencies:\n"
				 "  flutter:\n"
				 "    sdk: flutter\n"
				 "  firebase_core: ^2.24.2\n"
				 "  syncfusion_flutter_charts: '24.1.41'\n"
				 "  http: any\n"
				 "dev_dependencies:\n"
				 "  flutter_test:\n"
				 "    sdk: flutter\n"
				 "  flutter_lints: ^3.0.0\n");
	CHECK_INT(count(), 4);
	CHECK_STR(dep("pub:firebase_core@^2.24.2")->kind, "dependency");
	CHECK(dep("pub:syncfusion_flutter_charts@24.1.41") != NULL);
	CHECK_STR(dep("pub:flutter_lints@^3.0.0")->kind, "dev-dependency");

	reset();
	feed("DESCRIPTION", "Package: jsonlite\n"
			    "License: MIT + file LICENSE\n"
			    "Depends: R (>= 3.5), methods\n"
			    "Imports: httr (>= 1.4.0),\n"
			    "    curl\n"
			    "Suggests: testthat, knitr\n");
	CHECK_INT(count(), 4);
	CHECK_STR(dep("cran:httr@>= 1.4.0")->kind, "dependency");
	CHECK(dep("cran:curl") != NULL);
	CHECK_STR(dep("cran:testthat")->kind, "dev-dependency");

	reset();
	feed("project.godot", "[application]\n"
			      "config/name=\"Field Map\"\n"
			      "[editor_plugins]\n"
			      "enabled=PackedStringArray(\"res://addons/"
			      "dialogic/plugin.cfg\", \"res://addons/gut/"
			      "plugin.cfg\")\n");
	CHECK_INT(count(), 2);
	CHECK(dep("godot:dialogic") != NULL);

	reset();
	feed("app/build.gradle.kts",
	     "dependencies {\n"
	     "    implementation(platform(libs.firebase.bom))\n"
	     "    implementation(\"com.google.android.gms:"
	     "play-services-maps:18.2.0\")\n"
	     "    ksp(\"androidx.room:room-compiler:2.6.1\")\n"
	     "    testImplementation(\"junit:junit:4.13.2\")\n"
	     "}\n");
	feed("gradle/libs.versions.toml",
	     "[versions]\n"
	     "firebaseBom = \"32.7.0\"\n"
	     "[libraries]\n"
	     "firebase-bom = { group = \"com.google.firebase\", name = "
	     "\"firebase-bom\", version.ref = \"firebaseBom\" }\n"
	     "retrofit = { module = \"com.squareup.retrofit2:retrofit\", "
	     "version = \"2.9.0\" }\n"
	     "junit-ext = \"androidx.test.ext:junit:1.1.5\"\n");
	CHECK_INT(count(), 6);
	CHECK(dep("maven:com.google.android.gms:play-services-maps@18.2.0") !=
	      NULL);
	CHECK(dep("maven:com.google.firebase:firebase-bom@32.7.0") != NULL);
	CHECK(dep("maven:com.squareup.retrofit2:retrofit@2.9.0") != NULL);
	CHECK_STR(dep("maven:androidx.test.ext:junit@1.1.5")->kind,
		  "dev-dependency");

	reset();
	feed("Package.swift",
	     "let package = Package(\n"
	     "  dependencies: [\n"
	     "    .package(url: \"https://github.com/firebase/firebase-ios-"
	     "sdk.git\", from: \"10.19.0\"),\n"
	     "    .package(url: \"https://github.com/apple/swift-log\", "
	     "exact: \"1.5.3\"),\n"
	     "  ])\n");
	feed("ios/Podfile", "platform :ios, '13.0'\n"
			    "target 'Clinic' do\n"
			    "  pod 'GoogleMaps', '~> 8.4'\n"
			    "  pod 'Alamofire'\n"
			    "  target 'ClinicTests' do\n"
			    "    pod 'Quick', '~> 7.0'\n"
			    "  end\n"
			    "end\n");
	CHECK_INT(count(), 5);
	CHECK(dep("swift:github.com/firebase/firebase-ios-sdk@10.19.0") !=
	      NULL);
	CHECK(dep("swift:github.com/apple/swift-log@1.5.3") != NULL);
	CHECK_STR(dep("cocoapods:GoogleMaps@~> 8.4")->kind, "dependency");
	CHECK_STR(dep("cocoapods:Quick@~> 7.0")->kind, "dev-dependency");
}

/* Manifests found and not read are said, and so is a broken one. */
/* C and C++ builds: CMake's find_package and pkg-config modules, and
 * Autoconf's PKG_CHECK_MODULES and AC_CHECK_LIB (osm2pgsql's, PostGIS's
 * forms) */
TEST(test_deps__cmake_autoconf)
{
	reset();
	feed("CMakeLists.txt",
	     "cmake_minimum_required(VERSION 3.8.0)\n"
	     "find_package(Osmium 2.17.3 REQUIRED COMPONENTS io)\n"
	     "# find_package(Commented REQUIRED)\n"
	     "find_package(Boost 1.50\n"
	     "             REQUIRED)\n"
	     "find_package(Git)\n"
	     "find_package(PkgConfig REQUIRED)\n"
	     "find_package(${LUA_PKG} REQUIRED)\n"
	     "pkg_check_modules(GLIB REQUIRED IMPORTED_TARGET glib-2.0>=2.56 "
	     "gio-2.0)\n"
	     "pkg_search_module(PROJ proj)\n");
	CHECK_INT(count(), 6);
	CHECK_STR(dep("cmake:Osmium@2.17.3")->kind, "dependency");
	CHECK_INT(dep("cmake:Osmium@2.17.3")->line, 2);
	CHECK_STR(dep("cmake:Boost@1.50")->kind, "dependency");
	CHECK_INT(dep("cmake:Boost@1.50")->line, 4);
	CHECK_STR(dep("cmake:Git")->kind, "dev-dependency");
	CHECK_STR(dep("pkgconfig:glib-2.0@>=2.56")->kind, "dependency");
	CHECK_STR(dep("pkgconfig:gio-2.0")->kind, "dependency");
	CHECK_STR(dep("pkgconfig:proj")->kind, "dev-dependency");
	CHECK_STR(kind("manifest")->value, "CMakeLists.txt");
	CHECK(kind("manifest-unread") == NULL);

	reset();
	feed("configure.ac",
	     "AC_INIT([x], [1.0])\n"
	     "dnl PKG_CHECK_MODULES([NO], [commented])\n"
	     "PKG_CHECK_MODULES([XML], [libxml-2.0 >= 2.9 zlib])\n"
	     "PKG_CHECK_MODULES([CUNIT], [cunit],\n"
	     "                  [have_cunit=yes], [have_cunit=no])\n"
	     "AC_CHECK_LIB([pq], [PQconnectdb], [],\n"
	     "             [AC_MSG_ERROR([libpq is required])])\n"
	     "AC_CHECK_LIB(m, cos)\n");
	CHECK_INT(count(), 5);
	CHECK_STR(dep("pkgconfig:libxml-2.0@>= 2.9")->kind, "dependency");
	CHECK_STR(dep("pkgconfig:zlib")->kind, "dependency");
	CHECK_STR(dep("pkgconfig:cunit")->kind, "dev-dependency");
	CHECK_STR(dep("lib:pq")->kind, "dependency");
	CHECK_INT(dep("lib:pq")->line, 6);
	CHECK_STR(dep("lib:m")->kind, "dev-dependency");
	CHECK_STR(kind("manifest")->value, "configure.ac");

	reset();
	feed("meson.build", "project('app', 'c')\n"
			    "glib = dependency('glib-2.0', version: '>=2.56')\n"
			    "deps = [dependency('libsoup-3.0'), "
			    "dependency(\"json-glib-1.0\")]\n"
			    "gtk = dependency('gtk4',\n"
			    "                 required: get_option('gui'))\n"
			    "x = declare_dependency(link_with: lib)\n"
			    "y = dependency(name_var)\n");
	CHECK_INT(count(), 4);
	CHECK_STR(dep("pkgconfig:glib-2.0@>=2.56")->kind, "dependency");
	CHECK_STR(dep("pkgconfig:libsoup-3.0")->kind, "dependency");
	CHECK_STR(dep("pkgconfig:json-glib-1.0")->kind, "dependency");
	CHECK_STR(dep("pkgconfig:gtk4")->kind, "dev-dependency");
	CHECK_INT(dep("pkgconfig:gtk4")->line, 4);

	reset();
	feed("conanfile.txt", "[requires]\n"
			      "zlib/1.2.13\n"
			      "boost/1.81.0@user/stable\n"
			      "\n"
			      "[tool_requires]\n"
			      "cmake/3.25.1\n"
			      "[generators]\n"
			      "CMakeDeps\n");
	CHECK_INT(count(), 3);
	CHECK_STR(dep("conan:zlib@1.2.13")->kind, "dependency");
	CHECK_STR(dep("conan:boost@1.81.0")->kind, "dependency");
	CHECK_STR(dep("conan:cmake@3.25.1")->kind, "dev-dependency");

	reset();
	feed("vcpkg.json",
	     "{\n"
	     "  \"name\": \"app\",\n"
	     "  \"license\": \"MIT\",\n"
	     "  \"dependencies\": [\n"
	     "    \"zlib\",\n"
	     "    { \"name\": \"qtbase\", \"version>=\": \"6.5.0\" },\n"
	     "    { \"name\": \"vcpkg-cmake\", \"host\": true }\n"
	     "  ]\n"
	     "}\n");
	CHECK_INT(count(), 3);
	CHECK_STR(dep("vcpkg:zlib")->kind, "dependency");
	CHECK_INT(dep("vcpkg:zlib")->line, 5);
	CHECK_STR(dep("vcpkg:qtbase@6.5.0")->kind, "dependency");
	CHECK_STR(dep("vcpkg:vcpkg-cmake")->kind, "dev-dependency");
	CHECK_STR(kind("manifest")->value, "vcpkg.json");
}

TEST(test_deps__unread_manifests)
{
	const struct dpg_finding *f;

	reset();
	CHECK_INT(feed("build.sbt", "libraryDependencies += x"), DPG_WANT_PATH);
	f = kind("manifest-unread");
	CHECK(f != NULL);
	CHECK_STR(f->value, "build.sbt (Scala sbt)");
	CHECK_STR(f->path, "build.sbt");
	reset();
	feed("web/package.json", "{ \"dependencies\": { \"react\": ");
	f = kind("manifest-unread");
	CHECK(f != NULL);
	CHECK_STR(f->value, "package.json");
	CHECK_STR(f->excerpt, "not valid JSON");
	CHECK_INT(count(), 0);
	reset();
	CHECK_INT(feed("node_modules/x/build.sbt", "x"), 0);
}

TEST_MAIN("test_deps", T(test_deps__package_json), T(test_deps__python),
	  T(test_deps__setup_and_nuget), T(test_deps__jvm),
	  T(test_deps__go_rust_ruby_php), T(test_deps__containers),
	  T(test_deps__more_ecosystems), T(test_deps__cmake_autoconf),
	  T(test_deps__unread_manifests))
