/*
 * scanopt.c: the options of every command that audits (scan, batch,
 * recheck), parsed in one place so that they mean the same everywhere.
 */
#include <getopt.h>
#include <string.h>

#include "cmds.h"
#include "dpg/licpolicy.h"
#include "dpg/nomination.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "dpg/banned.h"

/* "software,data" -> type bits; -1 on an unknown name. */
static int parse_types(const char *list, unsigned int *types)
{
	char buf[256], *p, *comma;

	if (strlen(list) >= sizeof(buf))
		return -1;
	memcpy(buf, list, strlen(list) + 1);
	for (p = buf; p; p = comma) {
		int t;

		comma = strchr(p, ',');
		if (comma)
			*comma++ = '\0';
		t = dpg_solution_type_parse(p);
		if (t < 0)
			return -1;
		*types |= DPG_TYPE_BIT(t);
	}
	return 0;
}

int cli_scan_opt(const char *cmd, int c, const char *arg,
		 struct dpg_scan_opts *opts)
{
	switch (c) {
	case CLI_OPT_MAXSIZE:
		if (dpg_parse_size(arg, &opts->max_file_size) < 0 ||
		    opts->max_file_size == 0) {
			cli_usage(cmd, "invalid --max-file-size '%s'", arg);
			return -1;
		}
		return 1;
	case CLI_OPT_RULES:
		opts->rules_dir = arg;
		return 1;
	case CLI_OPT_TYPE:
		if (parse_types(arg, &opts->types) < 0) {
			cli_usage(cmd,
				  "unknown solution type in '%s' (software, "
				  "content, data, standard, aimodel)",
				  arg);
			return -1;
		}
		return 1;
	case CLI_OPT_THREADS: {
		uint64_t n;

		if (dpg_parse_size(arg, &n) < 0 || n == 0 || n > 64) {
			cli_usage(cmd, "invalid --threads '%s' (1 to 64)", arg);
			return -1;
		}
		opts->threads = (unsigned int)n;
		return 1;
	}
	case CLI_OPT_NO_CACHE:
		opts->no_cache = 1;
		return 1;
	case CLI_OPT_FORCE:
		opts->force = 1;
		return 1;
	case CLI_OPT_CACHE_MAX:
		if (dpg_parse_size(arg, &opts->cache_max) < 0 ||
		    opts->cache_max == 0) {
			cli_usage(cmd, "invalid --cache-max '%s'", arg);
			return -1;
		}
		return 1;
	case CLI_OPT_PROFILE:
		opts->profile = 1;
		return 1;
	default:
		return 0;
	}
}
