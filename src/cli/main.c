/*
 * main.c: the dispatcher.  Each command parses its own options.
 */
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "dpg/db.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static const struct cmd commands[] = {
	{"scan", cmd_scan,
	 "[--rev REV] [--db FILE] [--format FORMAT] [-o FILE] [--color[=WHEN]] "
	 "[-v] [--max-file-size N] [--rules DIR] [--nomination FILE] "
	 "[--type TYPES] [--cache DIR] [--fetch-timeout T] [--max-repo-size N] "
	 "[--quiet] TARGET",
	 "audit a directory, a git repository at a revision, an archive, or "
	 "a URL",
	 "  TARGET               a directory, a git repository (bare or not;\n"
	 "                       PATH@REV reads REV from its object "
	 "database),\n"
	 "                       or an archive (.tar[.gz|.bz2|.xz|.zst], "
	 ".zip,\n"
	 "                       .7z), read as a stream; or a URL (https,\n"
	 "                       http, ssh, git, file; URL@REV, a forge page\n"
	 "                       such as .../tree/BRANCH, an archive link),\n"
	 "                       fetched into the cache first\n"
	 "  --rev REV            git revision: branch, tag, commit, HEAD~3\n"
	 "  --db FILE            audit database (default $DPGAUDIT_DB or\n"
	 "                       ./dpgaudit.db)\n" CLI_REPORT_HELP
	 "  --nomination FILE    compare a registry nomination record (JSON)\n"
	 "                       with the findings\n" CLI_SCAN_HELP
	 "  -q, --quiet          store the scan, print only its id\n"},
	{"batch", cmd_batch,
	 "[--jobs N] [--db FILE] [--timeout DURATION] [--max-memory SIZE] "
	 "[--shard K/N] [--run NAME] [--retry-failed] [--column NAME] "
	 "[--dry-run] [--quiet] [--max-file-size N] [--rules DIR] "
	 "[--type TYPES] LIST... | --resume RUN",
	 "audit every target of lists (text, CSV/TSV, JSON, nomination "
	 "records) with workers; resumable",
	 "  LIST                 a text file of targets (one a line, # "
	 "comments),\n"
	 "                       a CSV/TSV file with a repository column, a "
	 "JSON\n"
	 "                       array (registry export), a nomination "
	 "record,\n"
	 "                       a directory of records, or - (stdin)\n"
	 "  --db FILE            audit database (default $DPGAUDIT_DB or\n"
	 "                       ./dpgaudit.db)\n" CLI_BATCH_HELP
	 "  --shard K/N          audit only shard K of N (by a hash of the\n"
	 "                       target; merge the shards with 'merge')\n"
	 "  --run NAME           name the run (default: batch-HASH of the\n"
	 "                       lists and options)\n"
	 "  --resume RUN         continue a run stopped or killed\n"
	 "  --retry-failed       audit the run's failed targets again\n"
	 "  --column NAME        the repository column (CSV/TSV) or field "
	 "(JSON)\n"
	 "  --dry-run            print the targets, audit nothing\n"
	 "  -q, --quiet          no progress; only the summary\n" CLI_SCAN_HELP
	 "Exit 0 when every target was audited, 5 when some failed, 130 "
	 "when\ninterrupted (run the same command or --resume RUN to "
	 "continue).\n"},
	{"merge", cmd_merge, "[--quiet] OUT.db IN.db...",
	 "combine audit databases (batch shards) into one",
	 "  OUT.db               the database merged into (created if "
	 "missing)\n"
	 "  IN.db                databases to add; a scan already in OUT is "
	 "not\n"
	 "                       added again\n"
	 "  -q, --quiet          print nothing\n"},
	{"report", cmd_report,
	 "[--db FILE] [--format FORMAT] [-o FILE] [--color[=WHEN]] [-v] "
	 "[SCAN_ID|TARGET[@REV] | --all | --batch RUN]",
	 "print a stored scan (default: the latest), or an overview of all",
	 "  SCAN_ID              a scan id from 'dpgaudit scans'\n"
	 "  TARGET               the latest scan of this target (a path in\n"
	 "                       any spelling, or a URL)\n"
	 "  TARGET@REV           its latest scan at revision REV (as asked,\n"
	 "                       a commit id or prefix, or REV resolved)\n"
	 "  --all                an HTML overview of every target's latest\n"
	 "                       scan; -o DIR writes DIR/index.html and one\n"
	 "                       report per target, -o FILE.html one page\n"
	 "  --batch RUN          the same overview of a batch run's targets\n"
	 "  --db FILE            audit database\n" CLI_REPORT_HELP},
	{"scans", cmd_scans, "[--db FILE] [--format text|json]",
	 "list the stored scans with their verdict counts",
	 "  --db FILE            audit database\n"
	 "  --format text|json   output format (default text)\n"},
	{"history", cmd_history, "[--db FILE] [--format text|json] TARGET",
	 "list a target's scans: time, revision and verdicts, one line each",
	 "  TARGET               as scanned: a path (PATH@REV, trailing slash\n"
	 "                       and relative forms too) or a URL\n"
	 "  --db FILE            audit database\n"
	 "  --format text|json   output format (default text)\n"},
	{"diff", cmd_diff,
	 "[--db FILE] [--format text|json|md] [--fail-on CLASSES] "
	 "[TARGET | --from ID [--to ID]]",
	 "what changed between two scans (default: a target's latest two)",
	 "  TARGET               compare the target's latest two scans\n"
	 "  --from ID [--to ID]  compare scan ID with scan ID (default: the\n"
	 "                       latest scan of the same target)\n"
	 "  --fail-on CLASSES    which regressions make the exit code 6:\n"
	 "                       status, verdict, license, evidence, "
	 "component,\n"
	 "                       sdg, ownership, any, none (comma-separated;\n"
	 "                       default status,verdict,license,evidence)\n"
	 "  --db FILE            audit database\n"
	 "  --format text|json|md  output format (default text)\n"
	 "Exit 0 when nothing counted regressed, 6 when something did.\n"},
	{"recheck", cmd_recheck,
	 "[--db FILE] [--format text|json|md] [-o FILE] [--fail-on CLASSES] "
	 "[--jobs N] [--timeout DURATION] [--max-memory SIZE] [--run NAME] "
	 "[--column NAME] [--quiet] [--max-file-size N] [--rules DIR] "
	 "[--type TYPES] LIST... | --all | --resume RUN",
	 "audit targets again and report what changed since their last scan",
	 "  LIST                 lists of targets, as 'batch' reads them\n"
	 "  --all                every target of the database, at the "
	 "revision\n"
	 "                       its latest scan asked for\n"
	 "  --format text|json|md  the report (default text)\n"
	 "  -o, --output FILE    write the report to FILE (whole or not at "
	 "all)\n"
	 "  --fail-on CLASSES    which regressions make the exit code 6 (as\n"
	 "                       'diff'; default status,verdict,license,"
	 "evidence)\n"
	 "  --db FILE            audit database (default $DPGAUDIT_DB or\n"
	 "                       ./dpgaudit.db)\n" CLI_BATCH_HELP
	 "  --run NAME           name the run (default: recheck-TIME)\n"
	 "  --resume RUN         continue a re-check stopped or killed\n"
	 "  --column NAME        the repository column (CSV/TSV) or field "
	 "(JSON)\n"
	 "  -q, --quiet          no progress; only the report\n" CLI_SCAN_HELP
	 "Exit 0 when nothing counted regressed and every target was "
	 "audited,\n6 when something regressed, 5 when some targets failed "
	 "(and\nnothing regressed), 130 when interrupted.\n"},
	{"gc", cmd_gc, "[--db FILE] [--result-cache-max N]",
	 "trim the result cache beside the audit database to its bound",
	 "  --db FILE            audit database (the cache is FILE.cache, or\n"
	 "                       $DPGAUDIT_RESULT_CACHE)\n"
	 "  --result-cache-max N the bound (K, M, G; default 512M, or\n"
	 "                       $DPGAUDIT_RESULT_CACHE_MAX); least recently "
	 "used\n"
	 "                       files go first\n"},
	{"sdg", cmd_sdg, "[--format text|json] [--rules DIR] [FILE|-]",
	 "score one text (a README, a nomination's evidence) against the 17 "
	 "SDGs",
	 "  FILE|-               the text to score (default: standard input)\n"
	 "  --format text|json   output format (default text)\n"
	 "  --rules DIR          add or override vocabularies from DIR/sdg\n"
	 "Exit 0 when a goal is relevant (some or strong), 1 when none is.\n"},
	{"license-match", cmd_license_match, "FILE|-",
	 "print the license texts found in one file, with what differs",
	 "  FILE|-               the text to match (- for standard input)\n"
	 "Exit 0 when a license text matched, 1 when none did.\n"},
	{"licenses", cmd_licenses, "[--long] [ID]",
	 "list the license corpus, or show one license and its DPG "
	 "acceptance",
	 "  ID                   an SPDX license id (case-insensitive)\n"
	 "  -l, --long           list id, OSI, deprecated and name\n"},
	{"rules", cmd_rules,
	 "lint|test|list [--rules DIR] [--indicator N] [FILE...]",
	 "check the rule files, run their own examples, or list them",
	 "  lint                 check every rule file; print all problems\n"
	 "  test                 run each rule's own examples\n"
	 "  list                 list the rules (id, indicator, kind)\n"
	 "  --rules DIR          add or override rules from DIR\n"
	 "  --indicator N        list only the rules of indicator N\n"
	 "  FILE...              more rule files, loaded like --rules\n"},
	{"help", cmd_help, "[COMMAND]", "show help for dpgaudit or a command",
	 ""},
};

int cli_exit_code(int code)
{
	switch (code) {
	case DPG_OK:
		return EXIT_OK;
	case DPG_ENOTFOUND:
	case DPG_EIO:
	case DPG_EFORMAT:
	case DPG_EPARSE:
	case DPG_ELIMIT:
		return EXIT_TARGET;
	case DPG_EDB:
	case DPG_EBUSY:
	case DPG_EVERSION:
		return EXIT_DB;
	case DPG_EINPUT:
		return EXIT_INPUT;
	case DPG_EUSAGE:
		return EXIT_USAGE;
	default:
		return EXIT_INTERNAL;
	}
}

int cli_fail(const struct dpg_error *err)
{
	char *msg = dpg_escape_ctl(err->msg[0] ? err->msg : "unknown error");

	fflush(stdout);
	fprintf(stderr, "dpgaudit: %s\n", msg);
	free(msg);
	return cli_exit_code(err->code);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	char msg[512];
	char *e;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	e = dpg_escape_ctl(msg);
	fprintf(stderr, "dpgaudit %s: %s (see 'dpgaudit help %s')\n", cmd, e,
		cmd);
	free(e);
	return EXIT_USAGE;
}

int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
	       const struct option *longopts)
{
	char spec[64];
	const char *bad;
	int c;

	/* ':' first: a missing value is reported apart from an unknown
	 * option; no '+': GNU permutation, options anywhere */
	if (snprintf(spec, sizeof(spec), ":%s", shortopts) >= (int)sizeof(spec))
		DPG_BUG("option string too long");
	opterr = 0;
	c = getopt_long(argc, argv, spec, longopts, NULL);
	if (c != '?' && c != ':')
		return c;
	bad = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	if (c == ':') {
		if (optopt && bad[0] == '-' && bad[1] != '-')
			cli_usage(cmd, "option '-%c' needs a value", optopt);
		else
			cli_usage(cmd, "option '%s' needs a value", bad);
	} else if (optopt && !(bad[0] == '-' && bad[1] == '-')) {
		cli_usage(cmd, "unknown option '-%c'", optopt);
	} else {
		cli_usage(cmd, "unknown option '%s'", bad);
	}
	return CLI_OPT_ERROR;
}

unsigned int cli_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned int)n : 1;
}

const char *cli_db_path(const char *opt)
{
	const char *env = getenv(DPG_DB_ENV);

	if (opt)
		return opt;
	if (env && *env)
		return env;
	return DPG_DB_DEFAULT;
}

static void usage_all(FILE *out)
{
	size_t i;

	fprintf(out, "usage: dpgaudit [--version] [--help] COMMAND [ARGS]\n\n"
		     "Audit repositories against the Digital Public Goods "
		     "Standard.\n\nCommands:\n");
	for (i = 0; i < DPG_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-14s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(out,
		"\nSee 'dpgaudit help COMMAND' for a command's options.\n"
		"Exit codes: 0 ok, 1 policy not met, 2 target unreadable, "
		"3 database error,\n4 invalid input file, 5 some batch "
		"targets failed, 6 regression (diff, recheck),\n64 usage, 70 "
		"internal error.\n");
}

int cli_help(const char *name)
{
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(commands); i++) {
		if (strcmp(commands[i].name, name) != 0)
			continue;
		printf("usage: dpgaudit %s %s\n\n%s.\n", commands[i].name,
		       commands[i].synopsis, commands[i].summary);
		if (commands[i].help[0])
			printf("\n%s", commands[i].help);
		return 0;
	}
	return -1;
}

int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage_all(stdout);
		return EXIT_OK;
	}
	if (argc > 2)
		return cli_usage("help", "too many arguments");
	if (cli_help(argv[1]) < 0)
		return cli_usage("help", "unknown command '%s'", argv[1]);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	size_t i;
	int rc;

	dpg_db_process_init();
#ifdef __GLIBC__
	/* a scan allocates and frees buffers the size of its biggest files
	 * over and over: keep the memory (up to these bounds) instead of
	 * giving it back to the kernel and faulting it in again (page faults
	 * were 7% of a license-dense scan); the peak grows a little
	 * (usr-share-doc 150 -> 154 MiB) */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	if (argc < 2) {
		usage_all(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("dpgaudit %s\n", dpg_version);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_all(stdout);
		return EXIT_OK;
	}
	for (i = 0; i < DPG_ARRAY_SIZE(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			break;
	if (i == DPG_ARRAY_SIZE(commands)) {
		char *e = dpg_escape_ctl(argv[1]);

		fprintf(stderr,
			"dpgaudit: unknown command '%s' (see 'dpgaudit "
			"--help')\n",
			e);
		free(e);
		return EXIT_USAGE;
	}
	rc = commands[i].fn(argc - 1, argv + 1);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "dpgaudit: cannot write output: %s\n",
			strerror(errno));
		return rc ? rc : EXIT_TARGET;
	}
	return rc;
}
