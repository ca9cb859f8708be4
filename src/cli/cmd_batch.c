/*
 * cmd_batch.c: dpgaudit batch.  Reads the lists, opens (creates,
 * migrates) the database before any worker starts, finds or creates the
 * run, and runs it through the worker pool (src/batch/) with a progress
 * display: a live line on a terminal, a log line per target otherwise.
 */
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "cmds.h"
#include "dpg/batch.h"
#include "dpg/db.h"
#include "dpg/nomination.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "dpg/banned.h"

enum {
	OPT_DB = 256,
	OPT_SHARD,
	OPT_RUN,
	OPT_RESUME,
	OPT_RETRY,
	OPT_COLUMN,
	OPT_DRYRUN,
	OPT_HELP
};

static const struct option batch_options[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"shard", required_argument, NULL, OPT_SHARD},
	{"run", required_argument, NULL, OPT_RUN},
	{"resume", required_argument, NULL, OPT_RESUME},
	{"retry-failed", no_argument, NULL, OPT_RETRY},
	{"column", required_argument, NULL, OPT_COLUMN},
	{"dry-run", no_argument, NULL, OPT_DRYRUN},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	CLI_SCAN_LONGOPTS,
	CLI_BATCH_LONGOPTS,
	{NULL, 0, NULL, 0},
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* ---- progress ------------------------------------------------------- */

struct progress {
	int tty, color, quiet;
	size_t total, done, failed;
	double start, last_draw;
	int drawn; /* a live line is on the screen */
	const struct dpg_batch_target **flying;
	size_t nflying, cap;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *paint(const struct progress *p, const char *what)
{
	if (!p->color)
		return "";
	if (strcmp(what, "ok") == 0)
		return "\033[32m";
	if (strcmp(what, "not met") == 0)
		return "\033[33m";
	if (strcmp(what, "failed") == 0)
		return "\033[31m";
	return "\033[0m";
}

static void clear_line(struct progress *p)
{
	if (p->drawn) {
		fputs("\r\033[K", stderr);
		p->drawn = 0;
	}
}

static void hms(char *out, size_t n, double s)
{
	long t = (long)(s + 0.5);

	if (t >= 3600)
		snprintf(out, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60,
			 t % 60);
	else
		snprintf(out, n, "%ld:%02ld", t / 60, t % 60);
}

static void draw(struct progress *p, int force)
{
	struct winsize ws;
	char line[1024], el[32], eta[32] = "";
	double now = now_s(), dt = now - p->start;
	size_t width = 80, len, i;
	double rate;

	if (!p->tty || p->quiet || (!force && now - p->last_draw < 0.1))
		return;
	p->last_draw = now;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		width = ws.ws_col;
	if (width > sizeof(line) - 1)
		width = sizeof(line) - 1;
	rate = dt > 0 ? (double)p->done / dt : 0;
	hms(el, sizeof(el), dt);
	if (rate > 0 && p->done < p->total)
		hms(eta, sizeof(eta), (double)(p->total - p->done) / rate);
	len = (size_t)snprintf(
		line, sizeof(line),
		"[%zu/%zu] %3.0f%% | %.1f/s | %s elapsed%s%s", p->done,
		p->total,
		p->total ? 100.0 * (double)p->done / (double)p->total : 100.0,
		rate, el, eta[0] ? " | ETA " : "", eta);
	if (p->failed && len < sizeof(line))
		len += (size_t)snprintf(line + len, sizeof(line) - len,
					" | %zu failed", p->failed);
	for (i = 0; i < p->nflying && len < sizeof(line); i++) {
		const char *k = p->flying[i]->key, *base = strrchr(k, '/');
		char *e;

		base = base && base[1] ? base + 1 : k;
		e = dpg_escape_ctl(base);
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s",
					i ? ", " : " | ", e);
		free(e);
	}
	if (len > width - 1) {
		len = width - 1;
		/* cut on a character boundary (UTF-8) */
		while (len && ((unsigned char)line[len] & 0xc0) == 0x80)
			len--;
	}
	line[len < sizeof(line) ? len : sizeof(line) - 1] = '\0';
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
	p->drawn = 1;
}

static void ev_begin(void *ctx, size_t todo, size_t before)
{
	struct progress *p = ctx;

	/* a resumed run counts what is left */
	p->total = todo;
	if (before && todo && !p->quiet)
		fprintf(stderr, "%zu targets finished before; %zu to go\n",
			before, todo);
}

static void ev_start(void *ctx, const struct dpg_batch_target *t)
{
	struct progress *p = ctx;

	dpg_grow(&p->flying, &p->cap, p->nflying + 1, sizeof(*p->flying));
	p->flying[p->nflying++] = t;
	draw(p, 0);
}

static void ev_done(void *ctx, const struct dpg_batch_target *t,
		    const struct dpg_batch_outcome *o)
{
	struct progress *p = ctx;
	const char *what =
		strcmp(o->status ? o->status : "failed", "failed") == 0
			? "failed"
		: o->not_met ? "not met"
			     : "ok";
	char *key = dpg_escape_ctl(t->key), *why;
	size_t i;

	for (i = 0; i < p->nflying && p->flying[i] != t; i++)
		;
	if (i < p->nflying)
		p->flying[i] = p->flying[--p->nflying];
	p->done++;
	p->failed += strcmp(what, "failed") == 0;
	if (!p->quiet && (!p->tty || strcmp(what, "failed") == 0)) {
		clear_line(p);
		if (!p->tty)
			fprintf(stderr, "[%zu/%zu] ", p->done, p->total);
		fprintf(stderr, "%s%-7s%s %s", paint(p, what), what,
			paint(p, ""), key);
		if (o->error) {
			why = dpg_escape_ctl(o->error);
			fprintf(stderr, ": %s\n", why);
			free(why);
		} else {
			fprintf(stderr, " (scan %" PRId64 ", %.1f s)\n",
				o->scan_id, o->seconds);
		}
	}
	free(key);
	draw(p, 1);
}

static void ev_output(void *ctx, const struct dpg_batch_target *t,
		      const char *line)
{
	struct progress *p = ctx;
	char *e;

	(void)t;
	if (p->quiet)
		return;
	clear_line(p);
	e = dpg_escape_ctl(line);
	fprintf(stderr, "  | %s\n", e);
	free(e);
}

static void ev_tick(void *ctx)
{
	draw(ctx, 0);
}

/* ---- the summary ---------------------------------------------------- */

static void print_failure(void *ctx, const char *reason, size_t count,
			  const char *example)
{
	char *r = dpg_escape_ctl(reason), *e = dpg_escape_ctl(example);

	(void)ctx;
	printf("  %zu failed: %s (%s%s)\n", count, r, count > 1 ? "e.g. " : "",
	       e);
	free(r);
	free(e);
}

static int summary(struct dpg_db *db, const struct dpg_run *run,
		   const struct dpg_batch_result *res,
		   const struct dpg_target_list *l, struct dpg_error *err)
{
	char *abs = realpath(dpg_db_path(db), NULL);
	int rc;

	printf("run %s: %zu targets: %zu audited (%zu ok, %zu not met",
	       run->name, res->total, res->ok + res->not_met, res->ok,
	       res->not_met);
	if (res->partial)
		printf("; %zu partial: a limit was reached", res->partial);
	printf("), %zu failed", res->failed);
	if (res->pending)
		printf(", %zu not done", res->pending);
	printf("\n");
	rc = dpg_run_failures(db, run, print_failure, NULL, err);
	if (l->duplicates || l->no_repo)
		printf("  %zu duplicates dropped, %zu entries without a "
		       "repository\n",
		       l->duplicates, l->no_repo);
	if (res->max_rss_kb)
		printf("  peak worker memory: %ld MiB\n",
		       (res->max_rss_kb + 1023) / 1024);
	printf("database: %s\n", abs ? abs : dpg_db_path(db));
	free(abs);
	return rc;
}

/* ---- the command ---------------------------------------------------- */

struct batch_args {
	const char *dbpath, *run, *resume, *shard;
	unsigned int shard_k, shard_n;
	struct dpg_list_opts list;
	struct dpg_batch_opts bo;
	int dry_run, quiet, identity_opts, max_memory_set;
};

static int parse_shard(const char *s, unsigned int *k, unsigned int *n)
{
	char *end;
	unsigned long a, b;

	a = strtoul(s, &end, 10);
	if (end == s || *end != '/')
		return -1;
	s = end + 1;
	b = strtoul(s, &end, 10);
	if (end == s || *end || b < 1 || b > 1000000 || a < 1 || a > b)
		return -1;
	*k = (unsigned int)a;
	*n = (unsigned int)b;
	return 0;
}

static int parse_args(struct batch_args *a, struct dpg_scan_opts *so, int argc,
		      char **argv)
{
	int c, rc;

	optind = 0;
	while ((c = cli_getopt("batch", argc, argv, "j:q", batch_options)) !=
	       -1) {
		switch (c) {
		case OPT_DB:
			a->dbpath = optarg;
			break;
		case OPT_SHARD:
			if (parse_shard(optarg, &a->shard_k, &a->shard_n) < 0)
				return cli_usage("batch",
						 "invalid --shard '%s' (K/N "
						 "with 1 <= K <= N)",
						 optarg);
			a->shard = optarg;
			a->identity_opts = 1;
			break;
		case OPT_RUN:
			a->run = optarg;
			break;
		case OPT_RESUME:
			a->resume = optarg;
			break;
		case OPT_RETRY:
			a->bo.retry_failed = 1;
			break;
		case OPT_COLUMN:
			a->list.column = optarg;
			a->identity_opts = 1;
			break;
		case OPT_DRYRUN:
			a->dry_run = 1;
			break;
		case 'q':
			a->quiet = 1;
			break;
		case OPT_HELP:
			cli_help("batch");
			return -1;
		default:
			if ((rc = cli_batch_opt("batch", c, optarg, &a->bo)) >
			    0) {
				a->max_memory_set |= c == CLI_OPT_MAXMEM;
				break;
			}
			if (rc < 0)
				return EXIT_USAGE;
			rc = cli_scan_opt("batch", c, optarg, so);
			if (rc <= 0)
				return EXIT_USAGE;
			/* what is audited, hence the run's identity (fetch
			 * options are not: they change no result) */
			if (c == CLI_OPT_MAXSIZE || c == CLI_OPT_RULES ||
			    c == CLI_OPT_TYPE || c == CLI_OPT_MAXENTRIES ||
			    c == CLI_OPT_MAXDEPTH || c == CLI_OPT_MAXBYTES ||
			    c == CLI_OPT_MAXFINDINGS || c == CLI_OPT_TIMELIMIT)
				a->identity_opts = 1;
		}
	}
	if (a->resume) {
		if (optind < argc)
			return cli_usage("batch",
					 "--resume takes no LIST (the run's "
					 "targets are in the database)");
		if (a->identity_opts || a->run || a->dry_run)
			return cli_usage("batch",
					 "--resume continues a run with its "
					 "own lists and options");
	} else if (optind == argc) {
		return cli_usage("batch", "missing LIST");
	}
	if (a->run && (!a->run[0] || strlen(a->run) > 100))
		return cli_usage("batch", "invalid --run name");
	return 0;
}

static int dry_run(const struct dpg_target_list *l, int quiet)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		char *k = dpg_escape_ctl(l->items[i].key);

		if (l->items[i].nomination) {
			char *n = dpg_escape_ctl(l->items[i].nomination->name);

			printf("%s\t%s\n", k, n);
			free(n);
		} else {
			printf("%s\n", k);
		}
		free(k);
	}
	if (!quiet)
		fprintf(stderr,
			"%zu targets (%zu duplicates dropped, %zu entries "
			"without a repository)\n",
			l->n, l->duplicates, l->no_repo);
	return EXIT_OK;
}

int cli_batch_opt(const char *cmd, int c, const char *arg,
		  struct dpg_batch_opts *bo)
{
	unsigned long jobs;
	char *end;

	switch (c) {
	case 'j':
		jobs = strtoul(arg, &end, 10);
		if (end == arg || *end || jobs < 1 || jobs > 1024) {
			cli_usage(cmd, "invalid --jobs '%s' (1 to 1024)", arg);
			return -1;
		}
		bo->jobs = (unsigned int)jobs;
		return 1;
	case CLI_OPT_TIMEOUT:
		if (dpg_parse_duration(arg, &bo->timeout) < 0) {
			cli_usage(
				cmd,
				"invalid --timeout '%s' (e.g. 90s, 30m, 2h; 0 "
				"for none)",
				arg);
			return -1;
		}
		return 1;
	case CLI_OPT_MAXMEM:
		if (dpg_parse_size(arg, &bo->max_memory) < 0) {
			cli_usage(cmd, "invalid --max-memory '%s'", arg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

int cli_run_pool(struct dpg_db *db, const struct dpg_run *run,
		 struct dpg_batch_opts *bo, int quiet,
		 const struct dpg_target_list *l, struct dpg_batch_result *res,
		 struct dpg_error *err)
{
	const char *nc = getenv("NO_COLOR");
	struct progress p;
	struct sigaction sa, old_int, old_term;
	int rc;

	memset(&p, 0, sizeof(p));
	p.tty = isatty(STDERR_FILENO);
	p.color = p.tty && !(nc && *nc);
	p.quiet = quiet;
	p.total = l->n;
	p.start = now_s();
	bo->ev.ctx = &p;
	bo->ev.begin = ev_begin;
	bo->ev.start = ev_start;
	bo->ev.done = ev_done;
	bo->ev.output = ev_output;
	bo->ev.tick = ev_tick;
	bo->stop = &stop_signal;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rc = dpg_batch_run(db, run, l, bo, res, err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	clear_line(&p);
	free(p.flying);
	return rc;
}

unsigned int cli_worker_threads(unsigned int jobs)
{
	return cli_cores() > jobs ? cli_cores() / jobs : 1;
}

int cli_pool_stopped(const char *cmd, struct dpg_db *db,
		     const struct dpg_run *run,
		     const struct dpg_batch_result *res)
{
	char *abs = realpath(dpg_db_path(db), NULL);

	fprintf(stderr,
		"dpgaudit: %s stopped by signal %d: %zu of %zu targets not "
		"done; resume with 'dpgaudit %s --resume %s --db %s'\n",
		cmd, res->stopped, res->pending, res->total, cmd, run->name,
		abs ? abs : dpg_db_path(db));
	free(abs);
	return 128 + res->stopped;
}

int cmd_batch(int argc, char **argv)
{
	struct dpg_scan_opts so = DPG_SCAN_OPTS_INIT;
	struct batch_args a;
	struct dpg_batch_result res;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_target_list l;
	struct dpg_arena params_arena = DPG_ARENA_INIT;
	struct dpg_db *db = NULL;
	struct dpg_run run;
	char *params = NULL, fp[17];
	int rc, ret, i;

	memset(&a, 0, sizeof(a));
	a.bo = (struct dpg_batch_opts)DPG_BATCH_OPTS_INIT;
	a.bo.jobs = cli_cores();
	if ((rc = parse_args(&a, &so, argc, argv)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	if (!so.threads)
		so.threads = cli_worker_threads(a.bo.jobs);
	a.bo.scan = &so;
	dpg_target_list_init(&l);

	if (a.resume) {
		if ((rc = dpg_db_open(&db, cli_db_path(a.dbpath), 0, &err)) <
			    0 ||
		    (rc = dpg_run_load(db, &run, a.resume, &l, &params, &err)) <
			    0 ||
		    (rc = dpg_run_params_parse(params, &so, &params_arena,
					       &err)) < 0 ||
		    (rc = dpg_batch_check_opts(&so, &err)) < 0) {
			ret = cli_fail(&err);
			goto done;
		}
	} else {
		for (i = optind; i < argc; i++) {
			if ((rc = dpg_target_list_read(&l, argv[i], &a.list,
						       &err)) < 0) {
				ret = cli_fail(&err);
				goto done;
			}
		}
		if (a.shard)
			dpg_target_list_shard(&l, a.shard_k, a.shard_n);
		if (a.dry_run) {
			ret = dry_run(&l, a.quiet);
			goto done;
		}
		params = dpg_run_params(&so, a.shard);
		dpg_run_fingerprint(fp, &l, params);
		if ((rc = dpg_batch_check_opts(&so, &err)) < 0 ||
		    (rc = dpg_db_open(&db, cli_db_path(a.dbpath), DPG_DB_CREATE,
				      &err)) < 0 ||
		    (rc = dpg_run_open(db, &run, a.run, "batch", fp, params, &l,
				       &err)) < 0) {
			ret = cli_fail(&err);
			goto done;
		}
	}
	if (a.max_memory_set && a.bo.max_memory && !dpg_batch_memory_cap &&
	    !a.quiet)
		fprintf(stderr, "dpgaudit: note: --max-memory is not enforced "
				"in this build (AddressSanitizer)\n");
	if ((rc = cli_run_pool(db, &run, &a.bo, a.quiet, &l, &res, &err)) < 0 ||
	    (rc = summary(db, &run, &res, &l, &err)) < 0) {
		ret = cli_fail(&err);
		goto done;
	}
	if (res.stopped) {
		ret = cli_pool_stopped("batch", db, &run, &res);
	} else {
		ret = res.failed || res.pending ? EXIT_SOME_FAILED : EXIT_OK;
	}
done:
	dpg_db_close(db);
	dpg_target_list_release(&l);
	dpg_arena_release(&params_arena);
	free(params);
	return ret;
}
