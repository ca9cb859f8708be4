/*
 * pool.c: the worker pool (see dpg/batch.h).
 *
 * One forked process per target, at most `jobs` at once.  The parent
 * claims an item (run_items: pending -> running), forks, and waits; the
 * worker opens its own database connection (never the parent's: see
 * below), audits, and stores its scan, which a temporary trigger links to
 * the item in the same transaction.  A worker that dies before storing
 * (a crash, the timeout, the memory cap) leaves the item running: the
 * parent then stores a failed scan with the reason, linked the same way.
 * So every item ends with exactly one scan, whatever is killed when.
 *
 * Each worker is its own process group (killing it kills what it
 * started), dies with the parent (PR_SET_PDEATHSIG on Linux), has its
 * stderr read by the parent (the last line tells why it died), and a
 * memory cap (RLIMIT_DATA: heap and private mappings; not enforced under
 * AddressSanitizer, whose shadow memory needs terabytes of address space).
 *
 * SQLite and fork: the parent's connection is idle (no statement or
 * transaction open) at every fork and the worker never touches it; the
 * worker's own connection is opened after the fork.  The parent keeps its
 * connection open until every worker is gone.
 */
#define _DEFAULT_SOURCE 1 /* wait4() */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "batch_int.h"
#include "dpg/audit.h"
#include "dpg/nomination.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#if defined(__SANITIZE_ADDRESS__)
#define NO_MEMORY_CAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_MEMORY_CAP 1
#endif
#endif
#ifdef NO_MEMORY_CAP
const int dpg_batch_memory_cap = 0;
#else
const int dpg_batch_memory_cap = 1;
#endif

/* A worker's exit status (beyond signals). */
enum { CHILD_STORED = 0, CHILD_NOT_STORED = 3, CHILD_HOOK = 4 };

#define TICK_MS 200

struct slot {
	pid_t pid; /* 0: free */
	size_t item;
	int fd; /* the worker's stderr, or -1 at its end */
	double start;
	char started_at[32];
	int timed_out;
	size_t len;
	char line[512]; /* the line being read */
	char last[512]; /* the last whole line */
};

struct pool {
	struct dpg_db *db;
	const struct dpg_run *run;
	const struct dpg_target_list *l;
	const struct dpg_batch_opts *o;
	struct dpg_batch_result *res;
	pid_t parent;
	char self[320]; /* batch_worker_id() of the parent */
	int64_t *seq;
	unsigned char *state;
	struct slot *slots;
	size_t next, active;
	int stopping;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- in the worker -------------------------------------------------- */

/*
 * Test hooks (tests/e2e/t41xx only): DPGAUDIT_TEST_WORKER holds
 * comma-separated NAME=VALUE: crash=S, hang=S, oom=S act on the targets
 * whose key contains S (a SIGSEGV, an endless sleep, allocating until the
 * memory cap stops it); sleep=MS delays every target.
 */
static void test_hooks(const char *key, uint64_t cap)
{
	const char *env = getenv("DPGAUDIT_TEST_WORKER");
	char buf[512], *p, *next;

	if (!env || strlen(env) >= sizeof(buf))
		return;
	memcpy(buf, env, strlen(env) + 1);
	for (p = buf; p; p = next) {
		char *eq;

		next = strchr(p, ',');
		if (next)
			*next++ = '\0';
		eq = strchr(p, '=');
		if (!eq)
			continue;
		*eq++ = '\0';
		if (strcmp(p, "sleep") == 0) {
			long ms = atol(eq);
			struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

			nanosleep(&ts, NULL);
		} else if (!*eq || !strstr(key, eq)) {
			continue;
		} else if (strcmp(p, "crash") == 0) {
			signal(SIGSEGV, SIG_DFL); /* not a sanitizer's */
			raise(SIGSEGV);
		} else if (strcmp(p, "hang") == 0) {
			for (;;)
				pause();
		} else if (strcmp(p, "oom") == 0) {
			uint64_t total = 0, chunk = 16u << 20;

			/* bounded: a build without the cap must not eat
			 * the machine */
			while (cap && dpg_batch_memory_cap &&
			       total < cap + (256u << 20)) {
				memset(xmalloc(chunk), 1, chunk);
				total += chunk;
			}
			fprintf(stderr, "test hook: no memory cap stopped "
					"the worker\n");
			_exit(CHILD_HOOK);
		}
	}
}

static void cap_memory(uint64_t bytes)
{
#ifndef NO_MEMORY_CAP
	struct rlimit rl;

	if (!bytes)
		return;
	rl.rlim_cur = rl.rlim_max = (rlim_t)bytes;
	setrlimit(RLIMIT_DATA, &rl);
#else
	(void)bytes;
#endif
}

/* The default work: audit the target and store its scan. */
static int audit_work(void *ctx, struct dpg_db *db,
		      const struct dpg_batch_target *t,
		      const struct dpg_scan_opts *opts, struct dpg_error *err)
{
	struct dpg_scan scan;
	int rc;

	(void)ctx;
	dpg_scan_init(&scan);
	rc = dpg_audit_target(db, &scan, t->target, opts, err);
	if (scan.id)
		rc = 0; /* stored, failed or not */
	dpg_scan_release(&scan);
	return rc;
}

DPG_NORETURN static void worker(struct pool *p, size_t item, int errfd)
{
	const struct dpg_batch_target *t = &p->l->items[item];
	struct dpg_scan_opts so = *p->o->scan;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_db *db = NULL;
	size_t i;
	int rc, nul;

	setpgid(0, 0);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	if (getppid() != p->parent)
		_exit(CHILD_NOT_STORED);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	nul = open("/dev/null", O_RDWR);
	if (nul >= 0) {
		dup2(nul, 0);
		dup2(nul, 1);
		close(nul);
	}
	dup2(errfd, 2);
	close(errfd);
	for (i = 0; i < p->o->jobs; i++)
		if (p->slots[i].pid && p->slots[i].fd >= 0)
			close(p->slots[i].fd);
	cap_memory(p->o->max_memory);
	test_hooks(t->key, p->o->max_memory);

	if (t->nomination) {
		so.nomination = t->nomination;
		if (!so.types)
			so.types = t->nomination->types;
	}
	rc = dpg_db_open(&db, dpg_db_path(p->db), 0, &err);
	if (rc == 0 && (rc = link_install(db, &err)) == 0 &&
	    (rc = link_set(db, p->run, p->seq[item], &err)) == 0)
		rc = (p->o->work ? p->o->work : audit_work)(p->o->work_ctx, db,
							    t, &so, &err);
	dpg_db_close(db);
	if (rc < 0)
		fprintf(stderr, "dpgaudit: %s\n", err.msg);
	fflush(stderr);
	_exit(rc < 0 ? CHILD_NOT_STORED : CHILD_STORED);
}

/* ---- in the parent -------------------------------------------------- */

static int spawn(struct pool *p, struct slot *s, size_t item,
		 struct dpg_error *err)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds) < 0)
		return dpg_error_set(err, DPG_EIO, "cannot make a pipe: %s",
				     strerror(errno));
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return dpg_error_set(err, DPG_EIO, "cannot start a worker: %s",
				     strerror(errno));
	}
	if (pid == 0) {
		close(fds[0]);
		worker(p, item, fds[1]);
	}
	setpgid(pid, pid); /* also here: no race with kill(-pid) */
	close(fds[1]);
	memset(s, 0, sizeof(*s));
	s->pid = pid;
	s->item = item;
	s->fd = fds[0];
	s->start = now_s();
	dpg_utc_now(s->started_at);
	p->active++;
	if (p->o->ev.start)
		p->o->ev.start(p->o->ev.ctx, &p->l->items[item]);
	return 0;
}

static int dispatch(struct pool *p, struct dpg_error *err)
{
	size_t i;
	int rc, claimed;

	while (p->active < p->o->jobs && p->next < p->l->n) {
		size_t item = p->next++;

		if (p->state[item] != ITEM_PENDING)
			continue;
		if ((rc = run_claim(p->db, p->run, p->seq[item], p->self,
				    &claimed, err)) < 0)
			return rc;
		if (!claimed)
			continue; /* another process took it */
		p->state[item] = ITEM_RUNNING;
		for (i = 0; p->slots[i].pid; i++)
			;
		if ((rc = spawn(p, &p->slots[i], item, err)) < 0) {
			run_unclaim(p->db, p->run, p->seq[item], NULL);
			return rc;
		}
	}
	return 0;
}

/* Read what the worker wrote; returns 0 at its end. */
static int read_output(struct pool *p, struct slot *s)
{
	char buf[4096];
	ssize_t n;
	ssize_t i;

	while ((n = read(s->fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (s->len < sizeof(s->line) - 1)
					s->line[s->len++] = buf[i];
				continue;
			}
			s->line[s->len] = '\0';
			s->len = 0;
			if (!s->line[0])
				continue;
			memcpy(s->last, s->line, sizeof(s->last));
			if (p->o->ev.output)
				p->o->ev.output(p->o->ev.ctx,
						&p->l->items[s->item], s->line);
		}
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 1;
	close(s->fd);
	s->fd = -1;
	return 0;
}

static void kill_worker(struct slot *s)
{
	kill(-s->pid, SIGKILL);
	kill(s->pid, SIGKILL);
}

static void stop_all(struct pool *p)
{
	size_t i;

	p->stopping = 1;
	for (i = 0; i < p->o->jobs; i++)
		if (p->slots[i].pid)
			kill_worker(&p->slots[i]);
}

/* Why a worker that stored nothing is gone. */
static void describe(const struct pool *p, const struct slot *s, int status,
		     char *out, size_t n)
{
	const char *last = s->last;

	if (dpg_starts_with(last, "dpgaudit: "))
		last += 10;
	if (s->timed_out) {
		snprintf(out, n, "timed out after %u s", p->o->timeout);
	} else if (WIFSIGNALED(status) && strstr(s->last, "out of memory")) {
		snprintf(out, n,
			 "out of memory (the cap is %llu MiB per worker: "
			 "--max-memory)",
			 (unsigned long long)(p->o->max_memory >> 20));
	} else if (WIFSIGNALED(status)) {
		snprintf(out, n, "worker crashed: signal %d (%s)%s%s",
			 WTERMSIG(status), strsignal(WTERMSIG(status)),
			 last[0] ? ": " : "", last);
	} else if (WIFEXITED(status) &&
		   WEXITSTATUS(status) == CHILD_NOT_STORED && last[0]) {
		snprintf(out, n, "%s", last);
	} else {
		snprintf(out, n, "worker exited with status %d%s%s",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			 last[0] ? ": " : "", last);
	}
}

/* Store a failed scan of the slot's target with reason, linked to its
 * item; on success o tells the scan. */
static int store_failure(struct pool *p, const struct slot *s,
			 const char *reason, struct dpg_batch_outcome *o,
			 struct dpg_error *err)
{
	const struct dpg_batch_target *t = &p->l->items[s->item];
	struct dpg_scan_opts so = *p->o->scan;
	struct dpg_scan scan;
	int rc;

	so.nomination = t->nomination ? t->nomination : so.nomination;
	if (!so.types && t->nomination)
		so.types = t->nomination->types;
	dpg_scan_init(&scan);
	memcpy(scan.started_at, s->started_at, sizeof(scan.started_at));
	dpg_scan_set_failed(&scan, t->locator, &so, DPG_ERR, reason);
	scan.rev = t->rev;
	if ((rc = link_set(p->db, p->run, p->seq[s->item], err)) == 0 &&
	    (rc = dpg_db_store_scan(p->db, &scan, err)) == 0)
		o->scan_id = scan.id;
	dpg_scan_release(&scan);
	return rc;
}

/* A worker is gone: its outcome, from the database or from its death. */
static int finish(struct pool *p, struct slot *s, int status,
		  const struct rusage *ru, struct dpg_error *err)
{
	struct dpg_batch_outcome o;
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_error serr = DPG_ERROR_INIT;
	char reason[700];
	int state, rc;

	while (s->fd >= 0 && read_output(p, s))
		;
	memset(&o, 0, sizeof(o));
	o.seconds = now_s() - s->start;
	o.max_rss_kb = ru->ru_maxrss;
	if (o.max_rss_kb > p->res->max_rss_kb)
		p->res->max_rss_kb = o.max_rss_kb;
	rc = run_outcome(p->db, p->run, p->seq[s->item], &state, &o, &a, err);
	if (rc < 0)
		goto done;
	if (state == ITEM_DONE || state == ITEM_FAILED) {
		p->state[s->item] = (unsigned char)state;
	} else if (p->stopping && !s->timed_out) {
		/* stopped: not a failure of the target; redo it later */
		p->state[s->item] = ITEM_PENDING;
		rc = run_unclaim(p->db, p->run, p->seq[s->item], err);
		goto done;
	} else {
		describe(p, s, status, reason, sizeof(reason));
		o.status = "failed";
		o.error = reason;
		p->state[s->item] = ITEM_FAILED;
		if (store_failure(p, s, reason, &o, &serr) < 0) {
			/* nothing stored: the item is redone next time */
			p->state[s->item] = ITEM_PENDING;
			run_unclaim(p->db, p->run, p->seq[s->item], NULL);
			snprintf(reason + strlen(reason),
				 sizeof(reason) - strlen(reason),
				 "; not stored: %s", serr.msg);
		}
	}
	if (p->o->ev.done)
		p->o->ev.done(p->o->ev.ctx, &p->l->items[s->item], &o);
done:
	dpg_arena_release(&a);
	s->pid = 0;
	p->active--;
	return rc;
}

/* Wait for output, deaths and deadlines (at most TICK_MS). */
static int wait_events(struct pool *p, struct dpg_error *err)
{
	struct pollfd *pfd = xcalloc(p->o->jobs, sizeof(*pfd));
	struct slot **who = xcalloc(p->o->jobs, sizeof(*who));
	double now = now_s();
	int timeout = TICK_MS, rc = 0;
	size_t i, np = 0;

	for (i = 0; i < p->o->jobs; i++) {
		struct slot *s = &p->slots[i];

		if (!s->pid)
			continue;
		if (s->fd < 0) {
			timeout = 5; /* its end was read: reap it soon */
			continue;
		}
		if (p->o->timeout && !s->timed_out) {
			double left = s->start + p->o->timeout - now;
			int ms = left <= 0 ? 0 : (int)(left * 1000) + 1;

			if (ms < timeout)
				timeout = ms;
		}
		pfd[np].fd = s->fd;
		pfd[np].events = POLLIN;
		who[np++] = s;
	}
	if (poll(pfd, np, timeout) > 0) {
		for (i = 0; i < np; i++)
			if (pfd[i].revents)
				read_output(p, who[i]);
	}
	now = now_s();
	for (i = 0; i < p->o->jobs && rc == 0; i++) {
		struct slot *s = &p->slots[i];
		struct rusage ru;
		int status;

		if (!s->pid)
			continue;
		if (wait4(s->pid, &status, WNOHANG, &ru) == s->pid) {
			rc = finish(p, s, status, &ru, err);
			continue;
		}
		if (p->o->timeout && !s->timed_out &&
		    now >= s->start + p->o->timeout) {
			s->timed_out = 1;
			kill_worker(s);
		}
	}
	free(pfd);
	free(who);
	return rc;
}

int dpg_batch_run(struct dpg_db *db, const struct dpg_run *run,
		  const struct dpg_target_list *l,
		  const struct dpg_batch_opts *opts,
		  struct dpg_batch_result *res, struct dpg_error *err)
{
	struct dpg_error scratch = DPG_ERROR_INIT;
	struct pool p;
	size_t i, todo = 0;
	int rc, fatal = 0;

	memset(res, 0, sizeof(*res));
	memset(&p, 0, sizeof(p));
	if (opts->jobs < 1 || !opts->scan)
		return dpg_error_set(err, DPG_EUSAGE,
				     "a batch needs at least one worker");
	p.db = db;
	p.run = run;
	p.l = l;
	p.o = opts;
	p.res = res;
	p.parent = getpid();
	batch_worker_id(p.self, sizeof(p.self), p.parent);
	p.seq = xcalloc(l->n + 1, sizeof(*p.seq));
	p.state = xcalloc(l->n + 1, 1);
	p.slots = xcalloc(opts->jobs, sizeof(*p.slots));
	if ((rc = link_install(db, err)) < 0 ||
	    (rc = run_reset_stale(db, run, err)) < 0 ||
	    (opts->retry_failed && (rc = run_retry_failed(db, run, err)) < 0) ||
	    (rc = run_states(db, run, l, p.seq, p.state, err)) < 0)
		goto done;
	for (i = 0; i < l->n; i++) {
		res->before +=
			p.state[i] == ITEM_DONE || p.state[i] == ITEM_FAILED;
		todo += p.state[i] == ITEM_PENDING;
	}
	if (opts->ev.begin)
		opts->ev.begin(opts->ev.ctx, todo, res->before);
	for (;;) {
		/* after a database failure, keep its message */
		struct dpg_error *e = fatal ? &scratch : err;

		if (!p.stopping && opts->stop && *opts->stop) {
			res->stopped = (int)*opts->stop;
			stop_all(&p);
		}
		if (!p.stopping && (rc = dispatch(&p, e)) < 0) {
			fatal = rc;
			stop_all(&p);
		}
		if (!p.active)
			break;
		if ((rc = wait_events(&p, fatal ? &scratch : err)) < 0 &&
		    !fatal) {
			fatal = rc;
			stop_all(&p);
		}
		if (opts->ev.tick)
			opts->ev.tick(opts->ev.ctx);
	}
	rc = fatal ? fatal : run_counts(db, run, res, err);
done:
	free(p.seq);
	free(p.state);
	free(p.slots);
	return rc;
}

int dpg_batch_check_opts(const struct dpg_scan_opts *opts,
			 struct dpg_error *err)
{
	const char *tmp = getenv("TMPDIR");
	struct dpg_scan scan;
	char *dir;
	int rc;

	dir = xasprintf("%s/dpgaudit-check.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		rc = dpg_error_set(err, DPG_EIO,
				   "cannot make a temporary directory in "
				   "'%s': %s",
				   tmp && *tmp ? tmp : "/tmp", strerror(errno));
		free(dir);
		return rc;
	}
	dpg_scan_init(&scan);
	rc = dpg_scan_run(&scan, dir, opts, err);
	dpg_scan_release(&scan);
	rmdir(dir);
	free(dir);
	return rc;
}
