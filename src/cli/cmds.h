/*
 * cmds.h: the commands of the dpgaudit CLI.  Only src/cli/ touches argv,
 * stdout, stderr and exit codes.
 */
#ifndef DPG_CMDS_H
#define DPG_CMDS_H

#include "dpg/error.h"

/* Exit codes: a contract, documented in README.md; never renumber. */
enum {
	EXIT_OK = 0,	      /* done; compliant, or nothing to flag */
	EXIT_POLICY = 1,      /* done; an indicator is not met / no match */
	EXIT_TARGET = 2,      /* the target or a named thing cannot be read */
	EXIT_DB = 3,	      /* the audit database cannot be used */
	EXIT_INPUT = 4,	      /* an input file (rules, nomination) is invalid */
	EXIT_SOME_FAILED = 5, /* batch: done, but some targets failed */
	EXIT_REGRESSION = 6,  /* diff/recheck: something regressed */
	EXIT_USAGE = 64,      /* the command line is wrong */
	EXIT_INTERNAL = 70    /* a bug */
};

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *synopsis; /* after "dpgaudit NAME " */
	const char *summary;
	const char *help; /* options, one per line */
};

/* Print "dpgaudit: MSG" (control characters escaped) on stderr and return
 * the exit code for err->code. */
int cli_fail(const struct dpg_error *err);
/* Print a usage error for cmd and return EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/*
 * getopt_long with GNU argument permutation, as git and curl users expect:
 * options may come anywhere on the line and "--" ends them.  Call with
 * optind = 0 before the first option of a command.  Returns the next
 * option, -1 at the end, or CLI_OPT_ERROR after printing a one-line usage
 * error for cmd ("unknown option '--x'", "option '--db' needs a value");
 * the caller then returns EXIT_USAGE.
 */
struct option;
#define CLI_OPT_ERROR (-2)
int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
	       const struct option *longopts);

/*
 * The options of every command that audits (scan, batch, recheck): put
 * CLI_SCAN_LONGOPTS in the command's option table, CLI_SCAN_HELP in its
 * help, and pass each option to cli_scan_opt(), which applies it to opts
 * and returns 1, returns 0 when c is not one of them, or -1 after printing
 * a usage error.
 */
struct dpg_scan_opts;
enum {
	CLI_OPT_MAXSIZE = 1000,
	CLI_OPT_RULES,
	CLI_OPT_TYPE,
	CLI_OPT_CACHE,
	CLI_OPT_FETCH_TIMEOUT,
	CLI_OPT_MAX_REPO_SIZE,
	CLI_OPT_MAXENTRIES,
	CLI_OPT_MAXDEPTH,
	CLI_OPT_MAXBYTES,
	CLI_OPT_MAXFINDINGS,
	CLI_OPT_TIMELIMIT,
	CLI_OPT_THREADS,
	CLI_OPT_NO_CACHE,
	CLI_OPT_FORCE,
	CLI_OPT_CACHE_MAX,
	CLI_OPT_PROFILE,
};
/* clang-format off */
#define CLI_SCAN_LONGOPTS                                                      \
	{"max-file-size", required_argument, NULL, CLI_OPT_MAXSIZE},           \
	{"rules", required_argument, NULL, CLI_OPT_RULES},                     \
	{"type", required_argument, NULL, CLI_OPT_TYPE},                       \
	{"cache", required_argument, NULL, CLI_OPT_CACHE},                     \
	{"fetch-timeout", required_argument, NULL, CLI_OPT_FETCH_TIMEOUT},     \
	{"max-repo-size", required_argument, NULL, CLI_OPT_MAX_REPO_SIZE},     \
	{"max-entries", required_argument, NULL, CLI_OPT_MAXENTRIES},          \
	{"max-depth", required_argument, NULL, CLI_OPT_MAXDEPTH},              \
	{"max-bytes", required_argument, NULL, CLI_OPT_MAXBYTES},              \
	{"max-findings", required_argument, NULL, CLI_OPT_MAXFINDINGS},        \
	{"time-limit", required_argument, NULL, CLI_OPT_TIMELIMIT}, \
	{"threads", required_argument, NULL, CLI_OPT_THREADS}, \
	{"no-cache", no_argument, NULL, CLI_OPT_NO_CACHE}, \
	{"force", no_argument, NULL, CLI_OPT_FORCE}, \
	{"result-cache-max", required_argument, NULL, CLI_OPT_CACHE_MAX}, \
	{"profile", no_argument, NULL, CLI_OPT_PROFILE}
/* clang-format on */
#define CLI_SCAN_HELP                                                          \
	"  --max-file-size N    skip files larger than N bytes (K, M, G\n"     \
	"                       suffixes; default 4M)\n"                       \
	"  --rules DIR          add or override rules from DIR\n"              \
	"  --type TYPES         solution types for license acceptance:\n"      \
	"                       software, content, data, standard, aimodel\n"  \
	"                       (comma-separated; default: the "               \
	"nomination's,\n"                                                      \
	"                       else software)\n"                              \
	"  --cache DIR          where remote targets are fetched (default:\n"  \
	"                       $DPGAUDIT_CACHE, else $XDG_CACHE_HOME/"        \
	"dpgaudit,\n"                                                          \
	"                       else ~/.cache/dpgaudit)\n"                     \
	"  --fetch-timeout T    give up a fetch that receives nothing for T\n" \
	"                       (90s, 5m...; default 3m)\n"                    \
	"  --max-repo-size N    give up a fetch over N bytes (K, M, G)\n"      \
	"  --max-entries N      stop after N entries (default 1000000),\n"     \
	"  --max-bytes N        N bytes read (default 4G),\n"                  \
	"  --max-findings N     N findings (default 500000),\n"                \
	"  --time-limit SECS    SECS seconds (default 1800): the scan is\n"    \
	"                       stored as partial, its verdicts for review\n"  \
	"                       (0: no limit)\n"                               \
	"  --max-depth N        skip folders deeper than N (default 256)\n"    \
	"  --threads N          analyse files on N threads (default: one "     \
	"per\n"                                                                \
	"                       core; the results are the same)\n"             \
	"  --no-cache           no result cache (DB.cache): read and "         \
	"analyse\n"                                                            \
	"                       every file\n"                                  \
	"  --force              scan a git target even when its tree and "     \
	"the\n"                                                                \
	"                       rules are those of its last ok scan\n"         \
	"  --result-cache-max N bound of the result cache (default 512M,\n"    \
	"                       $DPGAUDIT_RESULT_CACHE_MAX)\n"                 \
	"  --profile            time and bytes per analyzer on stderr (also\n" \
	"                       DPGAUDIT_PROFILE=1)\n"
int cli_scan_opt(const char *cmd, int c, const char *arg,
		 struct dpg_scan_opts *opts);

/*
 * The report options of every command that prints a scan (scan, report):
 * --format, -o/--output, --color[=WHEN], -v/--verbose.  Put
 * CLI_REPORT_LONGOPTS in the option table and CLI_REPORT_SHORTOPTS in the
 * short options, pass each option to cli_report_opt() (1 applied, 0 not
 * one of them, -1 after a usage error), then print with
 * cli_report_print().
 */
#include "dpg/report.h"
struct cli_report {
	struct dpg_report_opts ro;
	const char *output; /* -o FILE, or NULL for standard output */
	int color;	    /* CLI_COLOR_* */
	int format_set;	    /* --format was given */
};
enum { CLI_COLOR_AUTO = 0, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER };
#define CLI_REPORT_INIT                                                        \
	{                                                                      \
		DPG_REPORT_OPTS_INIT, NULL, CLI_COLOR_AUTO, 0                  \
	}
enum {
	CLI_OPT_FORMAT = 1100,
	CLI_OPT_COLOR,
};
#define CLI_REPORT_SHORTOPTS "o:v"
#define CLI_REPORT_LONGOPTS                                                    \
	{"format", required_argument, NULL, CLI_OPT_FORMAT},                   \
		{"output", required_argument, NULL, 'o'},                      \
		{"color", optional_argument, NULL, CLI_OPT_COLOR},             \
	{                                                                      \
		"verbose", no_argument, NULL, 'v'                              \
	}
#define CLI_REPORT_FORMATS "text|md|json|html|sarif|screening|dpg-form"
#define CLI_REPORT_HELP                                                        \
	"  --format FORMAT      text (default), md, json, html, sarif,\n"      \
	"                       screening, dpg-form (docs/OUTPUT.md)\n"        \
	"  -o, --output FILE    write the report to FILE (- : standard\n"      \
	"                       output)\n"                                     \
	"  --color[=WHEN]       colour the text report: auto (a terminal,\n"   \
	"                       unless NO_COLOR is set), always, never\n"      \
	"  -v, --verbose        list every dependency and every place\n"
int cli_report_opt(const char *cmd, int c, const char *arg,
		   struct cli_report *r);
/* Write scan per r to -o FILE (complete or not at all) or stdout. */
int cli_report_print(struct cli_report *r, const struct dpg_scan *scan,
		     struct dpg_error *err);

/*
 * The worker options of the commands that run the pool (batch, recheck):
 * CLI_BATCH_LONGOPTS in the option table (with "j:" in the short ones),
 * CLI_BATCH_HELP in the help, each option through cli_batch_opt() (1
 * applied, 0 not one of them, -1 after a usage error).  cli_run_pool()
 * runs a run's pending items with SIGINT/SIGTERM caught and progress on
 * standard error: a live line on a terminal, a line per target otherwise
 * (cmd_batch.c).
 */
struct dpg_batch_opts;
struct dpg_batch_result;
struct dpg_db;
struct dpg_run;
struct dpg_target_list;
enum {
	CLI_OPT_TIMEOUT = 1100,
	CLI_OPT_MAXMEM,
};
#define CLI_BATCH_LONGOPTS                                                     \
	{"jobs", required_argument, NULL, 'j'},                                \
		{"timeout", required_argument, NULL, CLI_OPT_TIMEOUT},         \
	{                                                                      \
		"max-memory", required_argument, NULL, CLI_OPT_MAXMEM          \
	}
#define CLI_BATCH_HELP                                                         \
	"  -j, --jobs N         workers at once (default: the number of "      \
	"cores)\n"                                                             \
	"  --timeout DURATION   per target (90s, 30m, 2h; default 45m; 0: "    \
	"none)\n"                                                              \
	"  --max-memory SIZE    per worker (default 2G; 0: none)\n"
int cli_batch_opt(const char *cmd, int c, const char *arg,
		  struct dpg_batch_opts *bo);
/* The cores are shared by the workers: each analyses on its share (the
 * --threads of a worker when none is given). */
unsigned int cli_worker_threads(unsigned int jobs);
/* Say that a run was stopped by a signal and how to resume it; returns the
 * exit code (128 + the signal). */
int cli_pool_stopped(const char *cmd, struct dpg_db *db,
		     const struct dpg_run *run,
		     const struct dpg_batch_result *res);
int cli_run_pool(struct dpg_db *db, const struct dpg_run *run,
		 struct dpg_batch_opts *bo, int quiet,
		 const struct dpg_target_list *l, struct dpg_batch_result *res,
		 struct dpg_error *err);

/* The number of cores (at least 1): the default of --jobs. */
unsigned int cli_cores(void);

/* The exit code for an error code. */
int cli_exit_code(int code);
/* The audit database path: --db, else $DPGAUDIT_DB, else ./dpgaudit.db. */
const char *cli_db_path(const char *opt);
/* Print the help of one command (stdout); returns 0, or -1 if unknown. */
int cli_help(const char *name);

int cmd_scan(int argc, char **argv);
int cmd_gc(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_scans(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_recheck(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_sdg(int argc, char **argv);
int cmd_license_match(int argc, char **argv);
int cmd_licenses(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#endif
