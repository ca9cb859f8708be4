/*
 * fuzz_manifest.c: libFuzzer target for the readers of manifests of every
 * kind (dependencies, license fields, compose files, Helm values,
 * Dockerfiles, SPDX tags and notices) through the analyzers as a scan
 * runs them: the first byte of the input picks the file name from the
 * list below, the rest is the file.  Every analyzer sees it (rules and
 * SDG vocabularies loaded once: fuzz.h), then end() and the policy run
 * and the scan is rendered as text and JSON.
 *
 * Checks: no crash or leak; every finding has an analyzer and a kind,
 * names this file, a folder above it or none, and an ordered line range inside
 * it; the reports are inert and valid (fuzz_check_reports).
 */
#include "fuzz.h"
#include "dpg/policy.h"

static const char *const names[] = {
	"package.json",
	"composer.json",
	"requirements.txt",
	"requirements/dev.txt",
	"pyproject.toml",
	"Pipfile",
	"pom.xml",
	"build.gradle",
	"build.gradle.kts",
	"go.mod",
	"Cargo.toml",
	"Gemfile",
	"setup.cfg",
	"setup.py",
	"App.csproj",
	"packages.config",
	"Directory.Packages.props",
	"docker-compose.yml",
	"compose.yaml",
	"values.yaml",
	"Dockerfile",
	"DESCRIPTION",
	"pubspec.yaml",
	"mix.exs",
	"x.gemspec",
	"x.nuspec",
	"x.cabal",
	"README.md",
	"LICENSE",
	"AUTHORS",
	"CODE_OF_CONDUCT.md",
	"docs/privacy.md",
	"src/main.c",
	"sub/package.json",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_analysis an[32];
	struct dpg_scan scan;
	struct dpg_file f;
	unsigned int lines = 1;
	size_t i, n, len;
	char *text;
	int binary;

	if (size < 1)
		return 0;
	memset(&f, 0, sizeof(f));
	f.path = names[data[0] % DPG_ARRAY_SIZE(names)];
	f.mode = DPG_MODE_FILE;
	len = size - 1;
	f.size = len;
	text = xmalloc(len + 1);
	memcpy(text, data + 1, len);
	text[len] = '\0';
	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	binary = dpg_is_binary(text, len);

	dpg_scan_init(&scan);
	scan.opts = &opts;
	scan.types = "software";
	for (n = 0; dpg_analyzers[n]; n++)
		if (n == DPG_ARRAY_SIZE(an) ||
		    dpg_analysis_begin(&an[n], dpg_analyzers[n], &scan, &err) <
			    0)
			abort();
	for (i = 0; i < n; i++)
		dpg_analysis_feed(&an[i], &f, binary ? NULL : text,
				  binary ? 0 : len, &err);
	for (i = 0; i < n; i++)
		dpg_analysis_end(&an[i], &err);
	for (i = 0; i < n; i++)
		dpg_analysis_free(&an[i]);
	for (i = 0; i < scan.nfindings; i++) {
		const struct dpg_finding *g = &scan.findings[i];

		/* this file, a folder above it, or the project */
		if (!g->analyzer || !g->kind ||
		    (g->path && strncmp(f.path, g->path, strlen(g->path))))
			abort();
		if (g->line > g->line_end || g->line_end > lines)
			abort();
	}
	scan.status = "ok";
	scan.target = "/fuzz";
	scan.kind = "dir";
	dpg_policy_apply(&scan);
	fuzz_check_reports(&scan);
	dpg_scan_release(&scan);
	free(text);
	return 0;
}
