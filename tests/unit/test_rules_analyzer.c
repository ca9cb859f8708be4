/*
 * test_rules_analyzer.c: the rules analyzer through its own callbacks,
 * with a rules directory of the test's own (DPGAUDIT_RULES).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/scan.h"
#include "dpg/util.h"
#include "test.h"

extern const struct dpg_analyzer dpg_analyzer_rules;

static char dir[] = "/tmp/dpg-rules-an-XXXXXX";

static void cleanup(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
}

static int write_rules(const char *text)
{
	char *p = xasprintf("%s/t.rules", dir);
	FILE *f = fopen(p, "w");

	free(p);
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void feed(struct dpg_analysis *an, const char *path, const char *text)
{
	struct dpg_file f;
	struct dpg_error err = DPG_ERROR_INIT;

	memset(&f, 0, sizeof(f));
	f.path = path;
	f.mode = DPG_MODE_FILE;
	f.size = strlen(text);
	dpg_analysis_feed(an, &f, text, strlen(text), &err);
}

static int count(const struct dpg_scan *scan, const char *kind,
		 const char *value)
{
	size_t i;
	int n = 0;

	for (i = 0; i < scan->nfindings; i++)
		n += strcmp(scan->findings[i].kind, kind) == 0 &&
		     strcmp(scan->findings[i].value, value) == 0;
	return n;
}

static const struct dpg_finding *find(const struct dpg_scan *scan,
				      const char *kind, const char *value)
{
	size_t i;

	for (i = 0; i < scan->nfindings; i++)
		if (strcmp(scan->findings[i].kind, kind) == 0 &&
		    strcmp(scan->findings[i].value, value) == 0)
			return &scan->findings[i];
	return NULL;
}

TEST(test_rules_analyzer__cap_summary_readme_deps)
{
	struct dpg_scan scan;
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_finding dep;
	const struct dpg_finding *f;
	struct dpg_analysis an;
	char path[32];
	int i;

	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(write_rules("[howto]\nindicator = 5\nmax-findings = 2\n"
			      "path = \\.md$\ncontent = (?i)how to\n"
			      "strength = some\nmessage = a how-to\n"
			      "test.content.match = How to run\n"
			      "test.content.nomatch = who\n"
			      "[closed-db]\nindicator = 4\n"
			      "dependency = ^docker:mongo(@|$)\n"
			      "message = SSPL server\n"
			      "test.dependency.match = docker:mongo@6\n"
			      "test.dependency.nomatch = docker:postgres\n"),
		  0);
	setenv("DPGAUDIT_RULES", dir, 1);
	dpg_scan_init(&scan);
	scan.opts = &opts;
	CHECK_INT(dpg_analysis_begin(&an, &dpg_analyzer_rules, &scan, &err), 0);

	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "docs/p%d.md", i);
		feed(&an, path, "intro\n\nHow to install it\n");
	}
	feed(&an, "README.md", "# X\n\nText.\n");
	/* a dependency, as the deps analyzer records it, and a dev one */
	memset(&dep, 0, sizeof(dep));
	dep.analyzer = "deps";
	dep.kind = "dev-dependency";
	dep.path = "docker-compose.yml";
	dep.line = 3;
	dep.value = "docker:mongo@6.0";
	dpg_scan_add_finding(&scan, &dep);
	CHECK_INT(dpg_analysis_end(&an, &err), 0);
	dpg_analysis_free(&an);

	/* max-findings: 2 listed, 5 counted in the summary */
	CHECK_INT(count(&scan, "rule", "howto"), 2);
	f = find(&scan, "rule", "howto");
	CHECK_INT(f->line, 3);
	CHECK_STR(f->excerpt, "How to install it");
	CHECK(f->score > 0.59 && f->score < 0.61);
	f = find(&scan, "rule-summary", "howto");
	CHECK(f != NULL);
	CHECK_STR(f->excerpt, "a how-to (5 matches; 2 listed)");
	/* README facts */
	f = find(&scan, "readme", "11");
	CHECK(f != NULL);
	CHECK_STR(f->excerpt, "11 bytes, 3 lines, 1 headings");
	/* dependency rule on the manifest line, halved for development */
	f = find(&scan, "rule", "closed-db");
	CHECK(f != NULL);
	CHECK_STR(f->path, "docker-compose.yml");
	CHECK_INT(f->line, 3);
	CHECK_STR(f->excerpt, "docker:mongo@6.0");
	CHECK(f->score > 0.49 && f->score < 0.51);
	CHECK_STR(find(&scan, "rule-summary", "closed-db")->excerpt,
		  "SSPL server");
	dpg_scan_release(&scan);
}

TEST(test_rules_analyzer__invalid_rules_fail_the_scan)
{
	struct dpg_scan scan;
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_analysis an;

	CHECK_INT(write_rules("[a]\nindicator = 42\n[b]\ncolour = red\n"), 0);
	dpg_scan_init(&scan);
	scan.opts = &opts;
	CHECK_INT(dpg_analysis_begin(&an, &dpg_analyzer_rules, &scan, &err),
		  DPG_EINPUT);
	dpg_analysis_free(&an);
	CHECK(strstr(err.msg, "t.rules:2: unknown indicator '42'"));
	CHECK(strstr(err.msg, "(and 1 more problems; see 'dpgaudit rules "
			      "lint')"));
	dpg_scan_release(&scan);
	cleanup();
	unsetenv("DPGAUDIT_RULES");
}

TEST_MAIN("test_rules_analyzer",
	  T(test_rules_analyzer__cap_summary_readme_deps),
	  T(test_rules_analyzer__invalid_rules_fail_the_scan))
