/*
 * cmd_merge.c: dpgaudit merge OUT.db IN.db...: combine audit databases
 * (the shards of a batch) into OUT, created when missing; one transaction
 * per input (src/batch/merge.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmds.h"
#include "dpg/db.h"
#include "dpg/merge.h"
#include "dpg/util.h"
#include "dpg/banned.h"

enum { OPT_HELP = 256 };

static const struct option merge_options[] = {
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

int cmd_merge(int argc, char **argv)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_merge_stats st;
	struct dpg_db *db = NULL;
	int quiet = 0, c, i, rc;

	optind = 0;
	while ((c = cli_getopt("merge", argc, argv, "q", merge_options)) !=
	       -1) {
		switch (c) {
		case 'q':
			quiet = 1;
			break;
		case OPT_HELP:
			cli_help("merge");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind < 2)
		return cli_usage("merge", optind == argc ? "missing OUT.db"
							 : "missing IN.db");
	if ((rc = dpg_db_open(&db, argv[optind], DPG_DB_CREATE, &err)) < 0)
		return cli_fail(&err);
	for (i = optind + 1; i < argc; i++) {
		char *name;

		if ((rc = dpg_db_merge(db, argv[i], &st, &err)) < 0) {
			dpg_db_close(db);
			return cli_fail(&err);
		}
		if (quiet)
			continue;
		name = dpg_escape_ctl(argv[i]);
		printf("%s: %zu scans added, %zu already there; %zu targets "
		       "added; %zu runs added, %zu joined",
		       name, st.scans_added, st.scans_present, st.targets_added,
		       st.runs_added, st.runs_joined);
		if (st.tables_skipped)
			printf("; %zu tables left out", st.tables_skipped);
		printf("\n");
		free(name);
	}
	dpg_db_close(db);
	return EXIT_OK;
}
