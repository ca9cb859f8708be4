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

/* --max-entries, --max-depth, --max-bytes, --max-findings, --time-limit */
static int limit_opt(const char *cmd, int c, const char *arg,
		     struct dpg_scan_opts *opts)
{
	static const char *const names[] = {"--max-entries", "--max-depth",
					    "--max-bytes", "--max-findings",
					    "--time-limit"};
	const char *name = names[c - CLI_OPT_MAXENTRIES];
	uint64_t v;

	/* sizes take K/M/G; the others are plain numbers */
	if (dpg_parse_size(arg, &v) < 0 ||
	    (c != CLI_OPT_MAXBYTES &&
	     strspn(arg, "0123456789") != strlen(arg)) ||
	    ((c == CLI_OPT_MAXDEPTH || c == CLI_OPT_TIMELIMIT) &&
	     v > 1000000000)) {
		cli_usage(cmd, "invalid %s '%s'", name, arg);
		return -1;
	}
	if (c == CLI_OPT_MAXDEPTH && v == 0) {
		cli_usage(cmd, "invalid %s '%s' (at least 1)", name, arg);
		return -1;
	}
	switch (c) {
	case CLI_OPT_MAXENTRIES:
		opts->max_entries = v;
		break;
	case CLI_OPT_MAXDEPTH:
		opts->max_depth = (unsigned int)v;
		break;
	case CLI_OPT_MAXBYTES:
		opts->max_bytes = v;
		break;
	case CLI_OPT_MAXFINDINGS:
		opts->max_findings = v;
		break;
	default:
		opts->max_seconds = (unsigned int)v;
	}
	return 1;
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
	case CLI_OPT_MAXENTRIES:
	case CLI_OPT_MAXDEPTH:
	case CLI_OPT_MAXBYTES:
	case CLI_OPT_MAXFINDINGS:
	case CLI_OPT_TIMELIMIT:
		return limit_opt(cmd, c, arg, opts);
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
	case CLI_OPT_CACHE:
		opts->fetch.cache_dir = arg;
		return 1;
	case CLI_OPT_FETCH_TIMEOUT:
		if (dpg_parse_duration(arg, &opts->fetch.timeout) < 0 ||
		    opts->fetch.timeout == 0) {
			cli_usage(cmd, "invalid --fetch-timeout '%s'", arg);
			return -1;
		}
		return 1;
	case CLI_OPT_MAX_REPO_SIZE:
		if (dpg_parse_size(arg, &opts->fetch.max_size) < 0 ||
		    opts->fetch.max_size == 0) {
			cli_usage(cmd, "invalid --max-repo-size '%s'", arg);
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
			cli_usage(cmd, "invalid --result-cache-max '%s'", arg);
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
