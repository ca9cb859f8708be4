/*
 * cmd_rules.c: dpgaudit rules lint|test|list: check the rule files, run
 * their own examples, or list them.
 *
 * Exit codes: 0 ok; 1 a rule's own example fails (test); 4 invalid rule
 * files (every "file:line: message" is printed on stderr, not just the
 * first); 64 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "dpg/rules.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "dpg/banned.h"

int cmd_rules(int argc, char **argv);

enum { OPT_RULES = 256, OPT_INDICATOR, OPT_HELP };

static const struct option rules_options[] = {
	{"rules", required_argument, NULL, OPT_RULES},
	{"indicator", required_argument, NULL, OPT_INDICATOR},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

static void print_diag(const struct dpg_rules_diag *d)
{
	size_t i;

	fflush(stdout);
	for (i = 0; i < d->n; i++) {
		char *e = dpg_escape_ctl(d->msgs[i]);

		fprintf(stderr, "%s\n", e);
		free(e);
	}
	if (d->dropped)
		fprintf(stderr, "dpgaudit: %zu more problems not shown\n",
			d->dropped);
}

/*
 * Load the shipped rules, then DIR and the FILEs as overrides, and compile.
 * Returns 0, or an exit code after printing every problem.
 */
static int load(struct dpg_ruleset **out, const char *dir, char **files,
		int nfiles, char **shipped)
{
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_ruleset *rs = dpg_ruleset_new();
	int rc, failed = 0, i;

	*out = NULL;
	rc = dpg_rules_default_dir(shipped, &err);
	if (rc == 0)
		rc = dpg_ruleset_load_dir(rs, *shipped, 0, &diag, &err);
	if (rc < 0 && rc != DPG_EINPUT) {
		dpg_ruleset_free(rs);
		dpg_rules_diag_release(&diag);
		return cli_fail(&err);
	}
	failed |= rc < 0;
	if (dir) {
		rc = dpg_ruleset_load_dir(rs, dir, 1, &diag, &err);
		if (rc < 0 && rc != DPG_EINPUT) {
			dpg_ruleset_free(rs);
			print_diag(&diag);
			dpg_rules_diag_release(&diag);
			return cli_fail(&err);
		}
		failed |= rc < 0;
	}
	for (i = 0; i < nfiles; i++) {
		rc = dpg_ruleset_load_file(rs, files[i], 1, &diag, &err);
		if (rc < 0 && rc != DPG_EINPUT) {
			/* a file that cannot be read: exit 2, as elsewhere */
			dpg_ruleset_free(rs);
			print_diag(&diag);
			dpg_rules_diag_release(&diag);
			return cli_fail(&err);
		}
		failed |= rc < 0;
	}
	/* compile what was read even after errors: its problems (patterns
	 * matching the empty string, unknown scopes) are shown too */
	if (dpg_ruleset_compile(rs, &diag, &err) < 0)
		failed = 1;
	if (failed || diag.n) {
		print_diag(&diag);
		fprintf(stderr, "dpgaudit: %zu problems in rule files\n",
			diag.n + diag.dropped);
		dpg_rules_diag_release(&diag);
		dpg_ruleset_free(rs);
		return EXIT_INPUT;
	}
	dpg_rules_diag_release(&diag);
	*out = rs;
	return 0;
}

static size_t count_rules(const struct dpg_ruleset *rs, size_t *examples)
{
	size_t i, n = 0;

	*examples = 0;
	for (i = 0; i < dpg_ruleset_count(rs); i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(rs, i);

		if (r->is_scope)
			continue;
		n++;
		*examples += r->nexamples;
	}
	return n;
}

static void list_rules(const struct dpg_ruleset *rs, int indicator)
{
	size_t i;

	for (i = 0; i < dpg_ruleset_count(rs); i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(rs, i);
		char *msg, *id;

		if (r->is_scope || (indicator && r->indicator != indicator))
			continue;
		msg = dpg_escape_ctl(r->message);
		id = dpg_escape_ctl(r->id);
		printf("%-3s %-34s %-10s %.1f  %s\n",
		       dpg_indicator_code(r->indicator), id, dpg_rule_kind(r),
		       r->strength, msg);
		free(msg);
		free(id);
	}
}

int cmd_rules(int argc, char **argv)
{
	const char *dir = NULL, *sub;
	char *shipped = NULL;
	struct dpg_ruleset *rs = NULL;
	int c, rc, indicator = 0;
	size_t nrules, nex;

	if (argc < 2)
		return cli_usage("rules", "missing subcommand (lint, test or "
					  "list)");
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		cli_help("rules");
		return EXIT_OK;
	}
	if (strcmp(sub, "lint") != 0 && strcmp(sub, "test") != 0 &&
	    strcmp(sub, "list") != 0)
		return cli_usage("rules",
				 "unknown subcommand '%s' (lint, test or list)",
				 sub);
	optind = 0;
	argc--;
	argv++;
	while ((c = cli_getopt("rules", argc, argv, "", rules_options)) != -1) {
		switch (c) {
		case OPT_RULES:
			dir = optarg;
			break;
		case OPT_INDICATOR:
			indicator = dpg_indicator_parse(optarg);
			if (!indicator)
				return cli_usage("rules",
						 "unknown indicator '%s'",
						 optarg);
			break;
		case OPT_HELP:
			cli_help("rules");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (indicator && strcmp(sub, "list") != 0)
		return cli_usage("rules", "--indicator is for 'rules list'");

	rc = load(&rs, dir, argv + optind, argc - optind, &shipped);
	if (rc) {
		free(shipped);
		return rc;
	}
	nrules = count_rules(rs, &nex);
	if (strcmp(sub, "list") == 0) {
		list_rules(rs, indicator);
		rc = EXIT_OK;
	} else if (strcmp(sub, "lint") == 0) {
		char *d = dpg_escape_ctl(dir ? dir : "");

		printf("%zu rules from %s%s%s: ok\n", nrules, shipped,
		       dir ? " and " : "", d);
		free(d);
		rc = EXIT_OK;
	} else {
		struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
		int failures = dpg_ruleset_test(rs, &diag);

		print_diag(&diag);
		dpg_rules_diag_release(&diag);
		if (failures) {
			printf("%zu rules, %zu examples: %d failed\n", nrules,
			       nex, failures);
			rc = EXIT_POLICY;
		} else {
			printf("%zu rules, %zu examples: all passed\n", nrules,
			       nex);
			rc = EXIT_OK;
		}
	}
	dpg_ruleset_free(rs);
	free(shipped);
	return rc;
}
