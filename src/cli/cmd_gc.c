/*
 * cmd_gc.c: dpgaudit gc.  Trims the result cache beside the audit database
 * (dpg/cache.h) to its size bound, least recently used files first, and
 * compacts the file; prints what it freed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmds.h"
#include "dpg/cache.h"
#include "dpg/util.h"
#include "dpg/banned.h"

enum { OPT_DB = 256, OPT_MAX, OPT_HELP };

static const struct option gc_options[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"result-cache-max", required_argument, NULL, OPT_MAX},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

int cmd_gc(int argc, char **argv)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_cache_stats st;
	const char *dbpath = NULL;
	uint64_t max = dpg_cache_max_default();
	char *path;
	int c, rc;

	optind = 0;
	while ((c = cli_getopt("gc", argc, argv, "", gc_options)) != -1) {
		switch (c) {
		case OPT_DB:
			dbpath = optarg;
			break;
		case OPT_MAX:
			if (dpg_parse_size(optarg, &max) < 0 || max == 0)
				return cli_usage(
					"gc", "invalid --result-cache-max '%s'",
					optarg);
			break;
		case OPT_HELP:
			cli_help("gc");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage("gc", "unexpected argument '%s'",
				 argv[optind]);
	path = dpg_cache_path(cli_db_path(dbpath));
	rc = dpg_cache_gc(path, max, &st, &err);
	if (rc < 0) {
		free(path);
		return cli_fail(&err);
	}
	printf("%s: freed %llu files, %llu bytes of results; %llu files, "
	       "%llu bytes kept (bound %llu); file %llu -> %llu bytes\n",
	       path, (unsigned long long)st.freed_files,
	       (unsigned long long)st.freed_bytes, (unsigned long long)st.files,
	       (unsigned long long)st.bytes, (unsigned long long)max,
	       (unsigned long long)st.size_before,
	       (unsigned long long)st.size_after);
	free(path);
	return EXIT_OK;
}
