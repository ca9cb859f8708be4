/*
 * inventory.c: the well-known project files, by indicator, from paths
 * alone (no content is read).
 *
 * Findings: kind "file" (value = category, path) for each well-known file,
 * and kind "docs-tree" (value "docs", path = the folder, excerpt "N files")
 * for each documentation folder at the top of the tree (in end(), from the
 * internal facts "docs-file": value = the top folder of a file in one),
 * and kind "open-format" (indicator 6, value "data" or "content", path =
 * the first such file in path order, excerpt "N files: json, csv") for the
 * project's files in open data formats (CSV, JSON, XML, GeoJSON, YAML,
 * Parquet...) and open content formats (fonts, SVG, PNG, Markdown, HTML,
 * PDF, audio, video), outside vendored trees, tests and configuration
 * files (in end(), from the internal facts "format-file": value = the
 * family, excerpt = the extension).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers.h"
#include "dpg/util.h"
#include "dpg/banned.h"

struct category {
	const char *value;
	int indicator;
	const char *const *names; /* basenames, case-insensitive, before any
				     extension or -suffix */
};

static const char *const license_names[] = {"license",	 "licence", "copying",
					    "unlicense", "notice",  "copyright",
					    "copyleft",	 NULL};
static const char *const readme_names[] = {"readme", NULL};
static const char *const contributing_names[] = {"contributing", "contribute",
						 NULL};
static const char *const coc_names[] = {"code_of_conduct", "code-of-conduct",
					"codeofconduct", "conduct", NULL};
static const char *const security_names[] = {"security", NULL};
static const char *const privacy_names[] = {
	"privacy", "privacy_policy", "privacy-policy", "privacypolicy", NULL};
static const char *const changelog_names[] = {
	"changelog",	 "changes",	  "history",  "news",
	"release_notes", "release-notes", "releases", NULL};
static const char *const authors_names[] = {"authors",	   "contributors",
					    "maintainers", "codeowners",
					    "credits",	   NULL};
static const char *const cla_names[] = {
	"cla", "individual-cla", "corporate-cla", "icla", "ccla", NULL};
static const char *const dco_names[] = {"dco", "dco1.1", NULL};

static const struct category categories[] = {
	{"license", DPG_IND_LICENSE, license_names},
	{"readme", DPG_IND_DOCS, readme_names},
	{"contributing", DPG_IND_STANDARDS, contributing_names},
	{"code-of-conduct", DPG_IND_HARM_HARASSMENT, coc_names},
	{"security", DPG_IND_HARM_SECURITY, security_names},
	{"privacy", DPG_IND_PRIVACY, privacy_names},
	{"changelog", DPG_IND_STANDARDS, changelog_names},
	{"authors", DPG_IND_OWNERSHIP, authors_names},
	{"cla", DPG_IND_OWNERSHIP, cla_names},
	{"dco", DPG_IND_OWNERSHIP, dco_names},
};

/* CI configuration, by exact path or path prefix. */
static const char *const ci_paths[] = {".gitlab-ci.yml",
				       ".travis.yml",
				       "Jenkinsfile",
				       "azure-pipelines.yml",
				       ".drone.yml",
				       "bitbucket-pipelines.yml",
				       "appveyor.yml",
				       ".appveyor.yml",
				       "cloudbuild.yaml",
				       "cloudbuild.yml",
				       ".cirrus.yml",
				       "codemagic.yaml",
				       NULL};
static const char *const ci_prefixes[] = {
	".github/workflows/", ".circleci/", ".buildkite/", ".woodpecker/",
	".gitlab/ci/",	      ".tekton/",   NULL};
static const char *const docs_dirs[] = {"docs", "doc",	  "documentation",
					"wiki", "manual", NULL};

#define MAX_DOCS_DIRS 8

/* Open formats, by family ("data", "content"), by file extension. */
static const char *const data_exts[] = {
	"csv",	 "tsv",	 "json", "jsonl",   "ndjson", "geojson", "topojson",
	"xml",	 "yaml", "yml",	 "parquet", "kml",    "gpx",	 "gml",
	"arrow", "avro", "ods",	 "rdf",	    "ttl",    "jsonld",	 NULL};
static const char *const content_exts[] = {
	"ttf", "otf",  "woff", "woff2", "svg",	"png", "jpg", "jpeg",
	"gif", "webp", "md",   "rst",	"html", "htm", "pdf", "epub",
	"css", "mp3",  "ogg",  "opus",	"flac", "wav", "mp4", "webm",
	"odt", "odp",  "txt",  "tex",	"adoc", NULL};

/* Configuration and package files are no data: package.json,
 * tsconfig.json, .eslintrc.yml, docker-compose.yml... */
static int config_file(const char *path, const char *base)
{
	static const char *const names[] = {
		"package.json",	  "package-lock.json", "composer.json",
		"tsconfig.json",  "jsconfig.json",     "lerna.json",
		"renovate.json",  "bower.json",	       "manifest.json",
		"pubspec.yaml",	  "pom.xml",	       "mkdocs.yml",
		"codecov.yml",	  "netlify.toml",      "vercel.json",
		"app.json",	  "angular.json",      "nx.json",
		"turbo.json",	  "deno.json",	       "biome.json",
		"dependabot.yml",
	};
	size_t i;

	if (base[0] == '.' || strstr(path, "/.") || path[0] == '.')
		return 1; /* .eslintrc.json, .github/... */
	for (i = 0; i < DPG_ARRAY_SIZE(names); i++)
		if (!strcmp(base, names[i]))
			return 1;
	return dpg_starts_with(base, "tsconfig") ||
	       dpg_starts_with(base, "docker-compose") ||
	       dpg_starts_with(base, "compose.") ||
	       dpg_ends_with(base, "-lock.json") ||
	       dpg_ends_with(base, "-lock.yaml") ||
	       dpg_ends_with(base, ".config.json") ||
	       dpg_ends_with(base, ".schema.json") ||
	       !strcmp(base, "schema.json");
}

/* Test trees and vendored code do not hold the project's data. */
static int not_project_data(const char *path)
{
	static const char *const dirs[] = {
		"node_modules/", "vendor/",    "third_party/", "test/",
		"tests/",	 "__tests__/", "fixtures/",    "testdata/",
		"spec/",	 "coverage/",
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(dirs); i++) {
		const char *p = strstr(path, dirs[i]);

		if (p && (p == path || p[-1] == '/'))
			return 1;
	}
	return 0;
}

/* A file in an open format: an internal fact for end(). */
static void format_fact(struct dpg_results *out, const char *path,
			const char *base)
{
	struct dpg_finding f = {"inventory",
				"format-file",
				DPG_IND_INTERNAL,
				path,
				0,
				0,
				NULL,
				NULL,
				-1};
	const char *dot = strrchr(base, '.');
	int fam, i;

	if (!dot || dot == base)
		return;
	for (fam = 0; fam < 2; fam++) {
		const char *const *exts = fam ? content_exts : data_exts;

		for (i = 0; exts[i]; i++)
			if ((dot[1] | 0x20) == exts[i][0] && /* a quick no */
			    !dpg_strcasecmp(dot + 1, exts[i])) {
				if (not_project_data(path) ||
				    config_file(path, base))
					return;
				f.value = fam ? "content" : "data";
				f.excerpt = exts[i];
				dpg_results_add(out, &f);
				return;
			}
	}
}

static unsigned int inv_want(void *config, const struct dpg_file *f)
{
	(void)config;
	(void)f;
	return DPG_WANT_PATH;
}

static const char *const doc_exts[] = {
	"md",	"markdown", "txt", "text",    "rst",  "adoc", "asciidoc", "org",
	"html", "htm",	    "pdf", "textile", "rdoc", "pod",  "mdx",	  NULL};

/* A final extension that a document has: a text format, or a word
 * without lowercase letters (COPYING.LESSER, LICENSE.BSD). */
static int doc_extension(const char *base)
{
	const char *dot = strrchr(base, '.'), *p;
	int i;

	if (!dot)
		return 1;
	for (i = 0; doc_exts[i]; i++)
		if (dpg_strcasecmp(dot + 1, doc_exts[i]) == 0)
			return 1;
	for (p = dot + 1; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			return 0;
	return 1;
}

/*
 * Does base name a file of this list?  "LICENSE", "LICENSE.md",
 * "LICENSE-MIT", "COPYING.LESSER", "license_apache.txt" do; "licenses.js",
 * "history.js" and "readmeparser.c" do not.
 */
static int name_matches(const char *base, const char *const *names)
{
	for (; *names; names++) {
		size_t n;
		char next;

		if ((base[0] | 0x20) != (*names)[0]) /* a quick no */
			continue;
		n = strlen(*names);
		if (dpg_strncasecmp(base, *names, n) != 0)
			continue;
		next = base[n];
		if ((next == '\0' || next == '.' || next == '-' ||
		     next == '_') &&
		    doc_extension(base))
			return 1;
	}
	return 0;
}

static int in_list(const char *s, const char *const *list, int prefix)
{
	for (; *list; list++)
		if (prefix ? dpg_starts_with(s, *list) : strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static void add(struct dpg_results *out, const char *path, const char *value,
		int indicator)
{
	struct dpg_finding f = {"inventory", "file", indicator, path, 0,
				0,	     value,  NULL,	-1};

	dpg_results_add(out, &f);
}

/* A file in a top folder named as documentation: an internal fact. */
static void docs_fact(struct dpg_results *out, const char *path)
{
	struct dpg_finding f = {"inventory", "docs-file", DPG_IND_INTERNAL,
				NULL,	     0,		  0,
				NULL,	     NULL,	  -1};
	const char *slash = strchr(path, '/');
	char name[32];
	size_t n;
	int i;

	if (!slash)
		return;
	n = (size_t)(slash - path);
	if (n >= sizeof(name))
		return;
	for (i = 0; docs_dirs[i]; i++)
		if (strlen(docs_dirs[i]) == n &&
		    dpg_strncasecmp(path, docs_dirs[i], n) == 0)
			break;
	if (!docs_dirs[i])
		return;
	memcpy(name, path, n);
	name[n] = '\0';
	f.value = name;
	dpg_results_add(out, &f);
}

static int inv_file(const void *config, void *scratch, const struct dpg_file *f,
		    const char *data, size_t len, struct dpg_results *out,
		    struct dpg_error *err)
{
	const char *base = strrchr(f->path, '/');
	size_t i;

	(void)config;
	(void)scratch;
	(void)data;
	(void)len;
	(void)err;
	base = base ? base + 1 : f->path;
	docs_fact(out, f->path);
	if (f->mode == DPG_MODE_FILE || f->mode == DPG_MODE_EXEC)
		format_fact(out, f->path, base);
	if (f->mode == DPG_MODE_GITLINK || f->mode == DPG_MODE_OTHER)
		return 0;
	if (dpg_strncasecmp(f->path, "LICENSES/", 9) == 0) {
		add(out, f->path, "license", DPG_IND_LICENSE);
		return 0;
	}
	if (in_list(f->path, ci_paths, 0) || in_list(f->path, ci_prefixes, 1)) {
		add(out, f->path, "ci", DPG_IND_STANDARDS);
		return 0;
	}
	if (strcmp(f->path, ".github/dco.yml") == 0 ||
	    strcmp(f->path, ".clabot") == 0) {
		add(out, f->path, strstr(f->path, "dco") ? "dco" : "cla",
		    DPG_IND_OWNERSHIP);
		return 0;
	}
	for (i = 0; i < DPG_ARRAY_SIZE(categories); i++) {
		if (name_matches(base, categories[i].names)) {
			add(out, f->path, categories[i].value,
			    categories[i].indicator);
			break;
		}
	}
	return 0;
}

/* The documentation folders, first seen first, with their file counts. */
static int inv_end(void *config, struct dpg_scan *scan, struct dpg_error *err)
{
	struct {
		const char *name;
		unsigned long files;
	} docs[MAX_DOCS_DIRS];
	struct {
		unsigned long files;
		const char *first;
		char exts[64];
	} fam[2];
	int i, ndocs = 0;
	size_t k, n = scan->nfindings;

	memset(fam, 0, sizeof(fam));

	(void)config;
	(void)err;
	for (k = 0; k < n; k++) {
		const struct dpg_finding *d = &scan->findings[k];

		if (d->indicator != DPG_IND_INTERNAL ||
		    strcmp(d->analyzer, "inventory") != 0)
			continue;
		if (!strcmp(d->kind, "format-file")) {
			int fi = !strcmp(d->value, "content");

			/* the first in path order, whatever the source's */
			if (!fam[fi].files++ ||
			    strcmp(d->path, fam[fi].first) < 0)
				fam[fi].first = d->path;
			if (!strstr(fam[fi].exts, d->excerpt)) {
				size_t l = strlen(fam[fi].exts);

				snprintf(fam[fi].exts + l,
					 sizeof(fam[fi].exts) - l, "%s%s",
					 l ? ", " : "", d->excerpt);
			}
			continue;
		}
		for (i = 0; i < ndocs; i++)
			if (strcmp(docs[i].name, d->value) == 0)
				break;
		if (i < ndocs) {
			docs[i].files++;
		} else if (ndocs < MAX_DOCS_DIRS) {
			docs[ndocs].name = d->value;
			docs[ndocs++].files = 1;
		}
	}
	for (i = 0; i < ndocs; i++) {
		char excerpt[64];
		struct dpg_finding f = {"inventory",  "docs-tree", DPG_IND_DOCS,
					docs[i].name, 0,	   0,
					"docs",	      excerpt,	   -1};

		snprintf(excerpt, sizeof(excerpt), "%lu files", docs[i].files);
		dpg_scan_add_finding(scan, &f);
	}
	for (i = 0; i < 2; i++) {
		char excerpt[128];
		struct dpg_finding f = {"inventory",
					"open-format",
					DPG_IND_DATA,
					fam[i].first,
					0,
					0,
					i ? "content" : "data",
					excerpt,
					-1};

		if (!fam[i].files)
			continue;
		snprintf(excerpt, sizeof(excerpt), "%lu file%s: %s",
			 fam[i].files, fam[i].files > 1 ? "s" : "",
			 fam[i].exts);
		dpg_scan_add_finding(scan, &f);
	}
	return 0;
}

const struct dpg_analyzer dpg_analyzer_inventory = {
	.name = "inventory",
	.version = 2,
	.want = inv_want,
	.file = inv_file,
	.end = inv_end,
};
