/*
 * cmd_scan.c: dpgaudit scan.  Opens the database before reading anything
 * of the target, stores the scan in one transaction (a failed scan is
 * stored as such, without findings), then prints it back from the
 * database, so that `scan` and `report` print the same thing.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "dpg/audit.h"
#include "dpg/db.h"
#include "dpg/nomination.h"
#include "dpg/policy.h"
#include "dpg/report.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "dpg/banned.h"

enum { OPT_DB = 256, OPT_NOMINATION, OPT_HELP };

static const struct option scan_options[] = {
	{"rev", required_argument, NULL, 'r'},
	{"db", required_argument, NULL, OPT_DB},
	{"nomination", required_argument, NULL, OPT_NOMINATION},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	CLI_SCAN_LONGOPTS,
	CLI_REPORT_LONGOPTS,
	{NULL, 0, NULL, 0},
};

int cmd_scan(int argc, char **argv)
{
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_scan scan, stored;
	const struct dpg_scan *shown = &stored;
	struct dpg_db *db = NULL;
	struct dpg_nomination nom;
	struct dpg_arena nom_arena = DPG_ARENA_INIT;
	const char *dbpath = NULL, *nompath = NULL;
	struct cli_report r = CLI_REPORT_INIT;
	int quiet = 0, c, rc, ret;

	optind = 0;
	while ((c = cli_getopt("scan", argc, argv, "r:q" CLI_REPORT_SHORTOPTS,
			       scan_options)) != -1) {
		switch (c) {
		case 'r':
			opts.rev = optarg;
			break;
		case OPT_DB:
			dbpath = optarg;
			break;
		case OPT_NOMINATION:
			nompath = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_HELP:
			cli_help("scan");
			return EXIT_OK;
		default:
			rc = cli_scan_opt("scan", c, optarg, &opts);
			if (rc > 0 ||
			    (rc == 0 &&
			     cli_report_opt("scan", c, optarg, &r) > 0))
				break;
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage("scan", optind == argc
						 ? "missing TARGET"
						 : "more than one TARGET");

	if ((rc = dpg_db_open(&db, cli_db_path(dbpath),
			      DPG_DB_CREATE | DPG_DB_LATE, &err)) < 0)
		return cli_fail(&err);
	if (nompath) {
		if ((rc = dpg_nomination_load(&nom, nompath, &nom_arena,
					      &err)) < 0) {
			dpg_arena_release(&nom_arena);
			dpg_db_close(db);
			return cli_fail(&err);
		}
		opts.nomination = &nom;
		if (!opts.types)
			opts.types = nom.types;
	}

	if (getenv("DPGAUDIT_PROFILE") &&
	    strcmp(getenv("DPGAUDIT_PROFILE"), "0"))
		opts.profile = 1;
	dpg_scan_init(&scan);
	dpg_scan_init(&stored);
	rc = dpg_audit_target(db, &scan, argv[optind], &opts, &err);
	if (scan.profile)
		fputs(scan.profile, stderr);
	if (rc < 0) {
		ret = cli_fail(&err);
		goto done;
	}
	/* the report reads the scan back as stored; -q needs no more than
	 * the scan has, which is what was stored (id, verdicts, status) */
	if (quiet) {
		shown = &scan;
		printf("%" PRId64 "\n", scan.id);
	} else if ((rc = dpg_db_load_scan(db, scan.id, &stored, &err)) < 0 ||
		   (rc = cli_report_print(&r, &stored, &err)) < 0) {
		ret = cli_fail(&err);
		goto done;
	}
	ret = dpg_policy_any_not_met(shown) ? EXIT_POLICY : EXIT_OK;
	if (shown->status && strcmp(shown->status, "partial") == 0) {
		/* stored and printed, but not all of the target was read:
		 * exit 2, so that a gate never passes a partial scan */
		dpg_error_set(&err, DPG_ELIMIT,
			      "scan %" PRId64 " of '%s' is partial (%s): its "
			      "verdicts are for review",
			      shown->id, shown->target,
			      shown->note ? shown->note : "limit reached");
		ret = cli_fail(&err);
	}
done:
	dpg_scan_release(&stored);
	dpg_scan_release(&scan);
	dpg_arena_release(&nom_arena);
	dpg_db_close(db);
	return ret;
}
