/*
 * pipeline.c: source -> entries -> (result cache) -> analyzers -> findings.
 *
 * The scan's thread walks the source in order.  For each entry it asks
 * every analyzer's want(), decides the skips (links, submodules, files over
 * the cap), looks the entry up in the result cache (key: content id, mode,
 * path; the git blob id is known before reading, other sources hash the
 * content they read) and reads the content only when an analyzer that wants
 * it has no cached section.  The entry then becomes a job: the analyzers
 * still needed run on it (file()), the cached sections are copied, all in
 * analyzer order.  With --threads N > 1 the jobs run on N - 1 worker
 * threads, each with its own scratch, while the scan's thread keeps
 * walking and reading, and analyses jobs itself when the queue is full:
 * N threads in all, no more runnable threads than N cores.  A blob in a
 * pack is not read by the scan's thread but by the thread that runs its
 * job (deferred: dpg_source_defer); other content is handed over from the
 * source, not copied.  A job's content is freed once it has run.
 * Finished jobs are merged into the scan strictly in entry order, so the
 * output is the same whatever the number of threads.  At most QUEUE_JOBS
 * jobs and QUEUE_BYTES of content read ahead by the scan's thread (or one
 * file, when larger) are in flight, besides the one file each thread
 * analyses: that and the scratch per thread bound the memory.
 */
#define _GNU_SOURCE
#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dpg/cache.h"
#include "dpg/source.h"
#include "dpg/util.h"
#include "scan_int.h"
#include "dpg/banned.h"

#define QUEUE_JOBS  256
#define QUEUE_BYTES (8u * 1024 * 1024)
#define MAX_THREADS 64

/* Time and bytes spent, for --profile. */
struct prof {
	uint64_t ns, files, bytes;
};

struct job {
	struct dpg_file f;
	unsigned int want[DPG_MAX_ANALYZERS];
	unsigned char need[DPG_MAX_ANALYZERS]; /* run file(); else cached */
	const char *data;		       /* NUL-terminated, or NULL */
	char *owned;			       /* data when copied */
	size_t len;
	struct dpg_source_ref ref; /* deferred: the content to read */
	int deferred;		   /* read by the thread that runs it */
	int unread;		   /* a worker could not: the scan's thread
				      reads and runs it */
	size_t held;		   /* bytes it counts for in flight */
	const char *skip;
	char *skip_owned;	/* the source's reason, copied: the source
				   reuses its storage for the next entry */
	char *key;		/* its cache key, or NULL */
	int have_cached, fresh; /* fresh: analysed now, to be cached */
	int from_cache;		/* every result came from the cache */
	size_t bytes;		/* content bytes it counts for */
	struct dpg_cache_entry cached;
	struct dpg_results out;
	size_t first[DPG_MAX_ANALYZERS + 1];
	int rc, done;
	struct dpg_error err;
};

struct worker {
	struct pipe *p;
	pthread_t th;
	struct active act[DPG_MAX_ANALYZERS];
	struct prof prof[DPG_MAX_ANALYZERS];
	struct dpg_source_reader *rd; /* deferred content, or NULL */
	struct prof read;
	uint64_t cpu_ns; /* its CPU time, for --profile */
	int started;
};

struct pipe {
	struct dpg_scan *scan;
	struct dpg_source *src;
	struct active act[DPG_MAX_ANALYZERS]; /* the scan thread's */
	struct prof prof[DPG_MAX_ANALYZERS];
	size_t nact;
	struct dpg_cache *cache;
	uint32_t fp[DPG_MAX_ANALYZERS];
	int profile;
	int git; /* the source is a git tree: see binary_skip() */
	struct prof read, hash, lookup, merge;
	struct prof want[DPG_MAX_ANALYZERS]; /* want(): by path, per entry */
	uint64_t wait_ns; /* the scan's thread waiting for a job, --profile */
	uint64_t cpu0, thread0;	    /* process and thread CPU at the start */
	uint64_t wcpu[MAX_THREADS]; /* each worker's CPU, once stopped */
	unsigned int nwcpu;
	double start;	 /* for the time limit */
	const char *why; /* a limit stopped the scan: jobs after are dropped */

	/* threads */
	struct worker *w;
	unsigned int nw, nstarted; /* threads asked for, and started */
	int no_more;		   /* a thread could not start */
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct job *ring[QUEUE_JOBS];
	size_t head, next, tail; /* merge, analyse, submit */
	size_t inflight;	 /* bytes of content queued */
	unsigned int idle;	 /* workers waiting for work */
	int waiting;		 /* the scan's thread, for the oldest job */
	int stop;
};

static uint64_t clock_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

int scan_analyze_one(const struct active *a, unsigned int want,
		     const struct dpg_file *f, const char *data, size_t len,
		     struct dpg_results *out, struct dpg_error *err)
{
	int content = (want & DPG_WANT_CONTENT) && data;

	if (!want || !a->an->file)
		return 0;
	return a->an->file(a->config, a->scratch, f, content ? data : NULL,
			   content ? len : 0, out, err);
}

/* The section of analyzer i in the cached entry, or -1. */
static int cached_section(const struct pipe *p, const struct job *j, size_t i)
{
	size_t k;

	if (!j->have_cached)
		return -1;
	for (k = 0; k < j->cached.nsections; k++)
		if (j->cached.sections[k].fp == p->fp[i])
			return (int)k;
	return -1;
}

static int read_content(struct pipe *p, struct job *j,
			const struct dpg_source_ref *ref,
			struct dpg_error *err);

/* Binary content is recorded as skipped, and analysed as no content.  Of
 * a binary blob, a git source may have read the head only (dpg/source.h):
 * its length is still its size. */
static void binary_skip(const struct pipe *p, struct job *j, uint64_t size)
{
	if (dpg_is_binary(j->data, j->len)) {
		j->skip = "binary";
		j->data = NULL;
		if (p->git && j->len < size)
			j->len = j->bytes = (size_t)size;
	}
}

/* Read a deferred job's content: on a worker with its reader (when it
 * cannot, the job is left unread, for the scan's thread), on the scan's
 * thread (w NULL) from the source, as prepare() reads. */
static void read_deferred(struct pipe *p, struct worker *w, struct job *j)
{
	uint64_t t0 = p->profile ? now_ns() : 0;
	const char *data;
	size_t len;

	if (!w) {
		j->deferred = j->unread = 0;
		if ((j->rc = read_content(p, j, &j->ref, &j->err)) > 0) {
			j->rc = 0;
			binary_skip(p, j, j->ref.size);
		}
		return;
	}
	if (dpg_source_reader_read(w->rd, &j->ref, &data, &len) != 0) {
		j->unread = 1;
		return;
	}
	j->deferred = 0;
	j->data = data; /* the reader's, until this thread's next read */
	j->len = j->bytes = len;
	if (p->profile) {
		w->read.ns += now_ns() - t0;
		w->read.files++;
		w->read.bytes += len;
	}
	binary_skip(p, j, j->ref.size);
}

/* Analyse one job with act (a thread's: w, or NULL for the scan's), in
 * analyzer order, its content read first when it was deferred.  A thread
 * makes an analyzer's scratch when it first needs it: a scan whose results
 * all come from the cache loads no engine copy. */
static void run_job(struct pipe *p, struct worker *w, struct active *act,
		    struct prof *prof, struct job *j)
{
	size_t i, k;

	if (j->deferred) {
		read_deferred(p, w, j);
		if (j->unread)
			return;
	}
	for (i = 0; i < p->nact && j->rc == 0; i++) {
		j->first[i] = j->out.n;
		if (!j->want[i] || !act[i].an->file)
			continue;
		if (j->need[i]) {
			uint64_t t0 = p->profile ? now_ns() : 0;

			if (act[i].an->scratch && !act[i].scratch &&
			    (j->rc = act[i].an->scratch(&act[i].scratch,
							act[i].config,
							&j->err)) < 0)
				break;
			j->rc = scan_analyze_one(&act[i], j->want[i], &j->f,
						 j->data, j->len, &j->out,
						 &j->err);
			if (p->profile) {
				prof[i].ns += now_ns() - t0;
				prof[i].files++;
				if (j->data && (j->want[i] & DPG_WANT_CONTENT))
					prof[i].bytes += j->len;
			}
			continue;
		}
		k = (size_t)cached_section(p, j, i);
		for (size_t n = 0; n < j->cached.sections[k].n; n++)
			dpg_results_add(
				&j->out,
				&j->cached.res
					 .findings[j->cached.sections[k].first +
						   n]);
	}
	j->first[p->nact] = j->out.n;
	/* the results are all that is merged: the content goes now */
	free(j->owned);
	j->owned = NULL;
	j->data = NULL;
}

static void free_job(struct job *j)
{
	free(j->owned);
	free(j->skip_owned);
	free(j->key);
	free((char *)j->f.path);
	if (j->have_cached)
		dpg_results_release(&j->cached.res);
	dpg_results_release(&j->out);
	free(j);
}

/* Into the scan, in entry order; and into the cache. */
static int merge_job(struct pipe *p, struct job *j, struct dpg_error *err)
{
	struct dpg_scan *scan = p->scan;
	uint64_t t0 = p->profile ? now_ns() : 0;
	size_t i;

	if (p->why)
		return 0; /* past a limit: the rest is not analysed */
	if (j->rc < 0) {
		*err = j->err;
		return j->rc;
	}
	scan->file_count++;
	scan->bytes_read += j->bytes;
	scan->cached += (uint64_t)j->from_cache;
	if (j->skip)
		dpg_scan_add_skip(scan, j->f.path, j->skip, j->f.size);
	dpg_scan_add_results(scan, &j->out);
	if (j->key && j->fresh && p->cache) {
		struct dpg_cache_entry e;

		memset(&e, 0, sizeof(e));
		e.skip = j->skip;
		e.len = j->len;
		e.res = j->out; /* borrowed */
		for (i = 0; i < p->nact; i++) {
			if (!j->want[i] || !p->act[i].an->file)
				continue;
			e.sections[e.nsections].fp = p->fp[i];
			e.sections[e.nsections].first = j->first[i];
			e.sections[e.nsections].n =
				j->first[i + 1] - j->first[i];
			e.nsections++;
		}
		dpg_cache_put(p->cache, j->key, &e);
	}
	if (p->profile) {
		p->merge.ns += now_ns() - t0;
		p->merge.files++;
	}
	if ((p->why = scan_over_limit(scan, p->start)) != NULL)
		scan_set_partial(scan, p->why);
	return 0;
}

/* ---- threads ---------------------------------------------------------- */

/*
 * The scan's thread puts jobs in the ring; a worker takes the oldest job
 * not started.  Sleeping and waking a thread costs more than analysing a
 * small file, so nobody is woken for nothing: an idle worker when
 * WAKE_JOBS jobs wait or a large one does (all of them at the end), the
 * scan's thread only when the job it waits for, the oldest, is done.  When
 * the ring is full the scan's thread analyses the oldest job not started
 * itself, and waits only when every job in the ring has started.
 */
#define WAKE_JOBS  32
#define WAKE_BYTES (64u * 1024)

/* j has run (the lock held): wake the scan's thread if it waits for j. */
static void finish(struct pipe *p, struct job *j)
{
	j->done = 1;
	if (p->waiting && p->ring[p->head % QUEUE_JOBS] == j)
		pthread_cond_signal(&p->done);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pipe *p = w->p;

	pthread_mutex_lock(&p->mu);
	p->idle--; /* started as idle: start_one() */
	for (;;) {
		struct job *j;

		while (p->next == p->tail && !p->stop) {
			p->idle++;
			pthread_cond_wait(&p->work, &p->mu);
			p->idle--;
		}
		if (p->stop)
			break;
		j = p->ring[p->next++ % QUEUE_JOBS];
		pthread_mutex_unlock(&p->mu);
		run_job(p, w, w->act, w->prof, j);
		pthread_mutex_lock(&p->mu);
		finish(p, j);
	}
	pthread_mutex_unlock(&p->mu);
	if (p->profile)
		w->cpu_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	return NULL;
}

static void start_one(struct pipe *p);

/* Wake an idle worker (or start one) when enough work waits; at the end
 * (all), every idle worker, and as many new ones as jobs wait besides the
 * one the scan's thread takes.  The lock held. */
static void wake(struct pipe *p, int all)
{
	size_t waiting = p->tail - p->next;

	if (!waiting || (!all && waiting < WAKE_JOBS &&
			 p->ring[(p->tail - 1) % QUEUE_JOBS]->len < WAKE_BYTES))
		return;
	if (p->idle) {
		if (all)
			pthread_cond_broadcast(&p->work);
		else
			pthread_cond_signal(&p->work);
	} else if (!all) {
		start_one(p);
	}
	while (all && p->nstarted < p->nw && p->nstarted + 1 < waiting)
		start_one(p);
}

/* The ring holds jobs and no room (the lock held, and held on return):
 * run the oldest job not started on this thread, or wait for the oldest. */
static void help_or_wait(struct pipe *p)
{
	uint64_t t0;

	if (p->next != p->tail) {
		struct job *j = p->ring[p->next++ % QUEUE_JOBS];

		pthread_mutex_unlock(&p->mu);
		run_job(p, NULL, p->act, p->prof, j);
		pthread_mutex_lock(&p->mu);
		j->done = 1;
		return;
	}
	t0 = p->profile ? now_ns() : 0;
	p->waiting = 1;
	while (!p->ring[p->head % QUEUE_JOBS]->done)
		pthread_cond_wait(&p->done, &p->mu);
	p->waiting = 0;
	if (p->profile)
		p->wait_ns += now_ns() - t0;
}

/* Take the finished jobs at the head of the ring (the lock held). */
static size_t take_done(struct pipe *p, struct job **out)
{
	size_t n = 0;

	while (p->head != p->tail && p->ring[p->head % QUEUE_JOBS]->done) {
		struct job *j = p->ring[p->head++ % QUEUE_JOBS];

		p->inflight -= j->held;
		out[n++] = j;
	}
	return n;
}

/* Merge taken jobs in order (without the lock); all are freed. */
static int merge_jobs(struct pipe *p, struct job **js, size_t n,
		      struct dpg_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		if (rc == 0 && js[i]->unread && !p->why)
			run_job(p, NULL, p->act, p->prof, js[i]);
		if (rc == 0)
			rc = merge_job(p, js[i], err);
		free_job(js[i]);
	}
	return rc;
}

static int submit(struct pipe *p, struct job *j, struct dpg_error *err)
{
	struct job *done[QUEUE_JOBS];
	size_t n;
	int rc;

	if (!p->nw) {
		run_job(p, NULL, p->act, p->prof, j);
		rc = merge_job(p, j, err);
		free_job(j);
		return rc;
	}
	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t queued = p->tail - p->head;

		if (queued < QUEUE_JOBS &&
		    (queued == 0 || p->inflight + j->held <= QUEUE_BYTES))
			break;
		help_or_wait(p);
		if ((n = take_done(p, done)) > 0) {
			pthread_mutex_unlock(&p->mu);
			if ((rc = merge_jobs(p, done, n, err)) < 0) {
				free_job(j);
				return rc;
			}
			pthread_mutex_lock(&p->mu);
		}
	}
	p->ring[p->tail++ % QUEUE_JOBS] = j;
	p->inflight += j->held;
	wake(p, 0);
	n = take_done(p, done);
	pthread_mutex_unlock(&p->mu);
	return merge_jobs(p, done, n, err);
}

/* Every job analysed and merged; this thread helps. */
static int drain(struct pipe *p, struct dpg_error *err)
{
	struct job *done[QUEUE_JOBS];
	size_t n;
	int rc;

	if (!p->nw)
		return 0;
	pthread_mutex_lock(&p->mu);
	wake(p, 1);
	while (p->head != p->tail) {
		help_or_wait(p);
		n = take_done(p, done);
		pthread_mutex_unlock(&p->mu);
		if ((rc = merge_jobs(p, done, n, err)) < 0)
			return rc;
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return 0;
}

static unsigned int thread_count(const struct dpg_scan_opts *o)
{
	long n = o->threads ? (long)o->threads : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return n > MAX_THREADS ? MAX_THREADS : (unsigned int)n;
}

/* Threads are started when work waits (wake()): a small scan starts none
 * and makes no scratch but its own. */
static void start_workers(struct pipe *p, unsigned int n)
{
	unsigned int t;
	size_t i;

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->w = xcalloc(n, sizeof(*p->w));
	p->nw = n;
	for (t = 0; t < n; t++) {
		p->w[t].p = p;
		for (i = 0; i < p->nact; i++) {
			p->w[t].act[i] = p->act[i];
			p->w[t].act[i].scratch = NULL;
		}
	}
}

/* One more worker (the lock held); when it cannot start, the scan's
 * thread does its share. */
static void start_one(struct pipe *p)
{
	struct worker *w = &p->w[p->nstarted];

	if (p->nstarted == p->nw || p->no_more)
		return;
	w->rd = dpg_source_reader_new(p->src);
	if (pthread_create(&w->th, NULL, worker_main, w) != 0) {
		p->no_more = 1;
		return;
	}
	w->started = 1;
	p->nstarted++;
	p->idle++; /* until it takes the lock: it takes work then */
}

static void stop_workers(struct pipe *p)
{
	unsigned int t;
	size_t i;

	if (!p->w)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (t = 0; t < p->nw; t++) {
		struct worker *w = &p->w[t];

		if (w->started) {
			pthread_join(w->th, NULL);
			p->wcpu[p->nwcpu++] = w->cpu_ns;
		}
		dpg_source_reader_free(w->rd);
		p->read.ns += w->read.ns;
		p->read.files += w->read.files;
		p->read.bytes += w->read.bytes;
		for (i = 0; i < p->nact; i++) {
			if (w->act[i].scratch && p->act[i].an->scratch_free)
				p->act[i].an->scratch_free(w->act[i].scratch);
			p->prof[i].ns += w->prof[i].ns;
			p->prof[i].files += w->prof[i].files;
			p->prof[i].bytes += w->prof[i].bytes;
		}
	}
	/* jobs never merged (a failed scan) */
	while (p->head != p->tail)
		free_job(p->ring[p->head++ % QUEUE_JOBS]);
	free(p->w);
	p->w = NULL;
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
}

/* ---- reading ---------------------------------------------------------- */

/* On the scan's thread: read the current entry into j, or the one ref
 * names (a deferred job).  A read error is a skip, and nothing of an
 * unreadable entry is cached: every analyzer that wants it runs.  Binary
 * content is a skip too.  1 read, 0 a skip, or an error. */
static int read_content(struct pipe *p, struct job *j,
			const struct dpg_source_ref *ref, struct dpg_error *err)
{
	struct dpg_error rerr = DPG_ERROR_INIT;
	uint64_t t0 = p->profile ? now_ns() : 0;
	size_t i;
	int rc =
		ref ? dpg_source_read_ref(p->src, ref, &j->data, &j->len, &rerr)
		    : dpg_source_read(p->src, &j->data, &j->len, &rerr);

	if (p->profile) {
		p->read.ns += now_ns() - t0;
		p->read.files++;
		p->read.bytes += rc < 0 ? 0 : j->len;
	}
	if (rc == DPG_ENOTFOUND) {
		j->skip = "missing object";
	} else if (rc == DPG_ELIMIT) {
		j->skip = "too large";
	} else if (rc == DPG_EIO) {
		j->skip = "unreadable";
	} else if (rc < 0) {
		*err = rerr;
		return rc;
	} else {
		j->bytes = j->len;
		/* a queued job outlives the entry (a deferred one, read here,
		   runs at once) */
		if (p->nw && !ref &&
		    !(j->owned = dpg_source_take(p->src, j->data))) {
			j->owned = xmalloc(j->len + 1);
			memcpy(j->owned, j->data, j->len);
			j->owned[j->len] = '\0';
		}
		if (j->owned)
			j->data = j->owned;
		return 1;
	}
	j->data = NULL;
	j->len = 0;
	for (i = 0; i < p->nact; i++)
		j->need[i] = j->want[i] != 0;
	j->fresh = 0;
	return 0;
}

/* Look the entry up in the cache; sets j->key, the cached entry, need[]. */
static void lookup(struct pipe *p, struct job *j, const char *id)
{
	struct dpg_error cerr = DPG_ERROR_INIT;
	uint64_t t0 = p->profile ? now_ns() : 0;
	size_t i;

	j->key = xasprintf("%s %o %s", id, j->f.mode, j->f.path);
	if (dpg_cache_get(p->cache, j->key, &j->cached, &cerr) > 0)
		j->have_cached = 1;
	for (i = 0; i < p->nact; i++) {
		j->need[i] = j->want[i] && p->act[i].an->file &&
			     cached_section(p, j, i) < 0;
		j->fresh |= j->need[i];
	}
	if (p->profile) {
		p->lookup.ns += now_ns() - t0;
		p->lookup.files++;
	}
}

static int needs_content(const struct pipe *p, const struct job *j)
{
	size_t i;

	for (i = 0; i < p->nact; i++)
		if (j->need[i] && (j->want[i] & DPG_WANT_CONTENT))
			return 1;
	return 0;
}

/* Make the job of the current entry f. */
static int prepare(struct pipe *p, const struct dpg_file *f, struct job **out,
		   struct dpg_error *err)
{
	struct job *j = xcalloc(1, sizeof(*j));
	unsigned int any = 0;
	size_t i;
	int rc = 0;

	*out = j;
	dpg_results_init(&j->out);
	j->f = *f;
	j->f.path = xstrdup(f->path);
	j->f.skip = NULL;
	j->skip = j->skip_owned = f->skip ? xstrdup(f->skip) : NULL;
	for (i = 0; i < p->nact; i++) {
		struct active *a = &p->act[i];

		uint64_t t0 = p->profile ? now_ns() : 0;

		j->want[i] = a->an->want ? a->an->want(a->config, f) : 0;
		if (p->profile) {
			p->want[i].ns += now_ns() - t0;
			p->want[i].files++;
		}
		j->need[i] = j->want[i] != 0;
		any |= j->want[i];
	}
	if (!j->skip && f->mode == DPG_MODE_LINK)
		j->skip = "symlink";
	else if (!j->skip && f->mode == DPG_MODE_GITLINK)
		j->skip = "submodule";
	else if (!j->skip && f->mode == DPG_MODE_OTHER)
		j->skip = "special file";
	else if (!j->skip && p->scan->opts->max_file_size &&
		 f->size > p->scan->opts->max_file_size)
		j->skip = "too large";
	if (j->skip || !(any & DPG_WANT_CONTENT))
		return 0;

	if (p->cache && f->blob_id[0]) {
		lookup(p, j, f->blob_id);
		if (!needs_content(p, j)) {
			j->skip = j->cached.skip;
			j->len = (size_t)j->cached.len;
			j->bytes = j->len;
			j->from_cache = 1;
			return 0;
		}
	}
	if (p->nw && (!p->cache || j->key) &&
	    dpg_source_defer(p->src, &j->ref)) {
		/* read by the thread that runs it */
		j->deferred = 1;
		j->len = (size_t)j->ref.size;
		return 0;
	}
	if ((rc = read_content(p, j, NULL, err)) <= 0)
		return rc;
	if (p->cache && !j->key) {
		char id[41];
		uint64_t t0 = p->profile ? now_ns() : 0;

		dpg_cache_blob_id(j->data, j->len, id);
		if (p->profile) {
			p->hash.ns += now_ns() - t0;
			p->hash.files++;
			p->hash.bytes += j->len;
		}
		lookup(p, j, id);
		j->from_cache = !needs_content(p, j) && j->have_cached;
	}
	j->held = j->owned ? j->len : 0;
	binary_skip(p, j, j->f.size);
	return 0;
}

/* ---- the result cache's write, behind the scan ------------------------ */

/*
 * The cache's queued entries are written in one transaction at the end
 * (dpg_cache_flush; a new cache file is made there too), which on a large
 * tree costs as much as storing the scan.  Nothing of the scan depends on
 * it, so it runs on a thread of its own, and closes the cache (a
 * checkpoint: two fsyncs), while the caller applies the policy and stores
 * the scan; scan_wait() (dpg_audit_target once the scan is stored, or
 * dpg_scan_release) waits for it.  The cache's connection is used by that
 * thread alone meanwhile.
 */
struct behind {
	pthread_t th;
	struct dpg_cache *cache;
};

static void *flush_main(void *arg)
{
	struct behind *b = arg;
	struct dpg_error cerr = DPG_ERROR_INIT;

	dpg_cache_flush(b->cache, &cerr); /* best effort */
	dpg_cache_close(b->cache);	  /* its checkpoint, here too */
	b->cache = NULL;
	return NULL;
}

static void flush_behind(struct dpg_scan *scan, struct dpg_cache *cache)
{
	struct behind *b = xcalloc(1, sizeof(*b));

	scan_wait(scan); /* at most one */
	b->cache = cache;
	if (pthread_create(&b->th, NULL, flush_main, b) != 0) {
		flush_main(b);
		free(b);
		return;
	}
	scan->behind = b;
}

void scan_wait(struct dpg_scan *scan)
{
	struct behind *b = scan->behind;

	if (!b)
		return;
	pthread_join(b->th, NULL);
	free(b);
	scan->behind = NULL;
}

/* ---- the scan --------------------------------------------------------- */

static void record_source(struct dpg_scan *scan,
			  const struct dpg_source_info *info)
{
	struct dpg_arena *a = &scan->arena;

	scan->target = dpg_arena_strdup(a, info->locator);
	scan->kind = info->kind_name;
	if (info->rev)
		scan->rev = dpg_arena_strdup(a, info->rev);
	if (info->commit_id[0])
		scan->commit_id = dpg_arena_strdup(a, info->commit_id);
	if (info->tree_id[0])
		scan->tree_id = dpg_arena_strdup(a, info->tree_id);
	scan->format = dpg_arena_strdup(a, info->format);
	scan->dirty = info->dirty;
	scan->note = dpg_arena_strdup(a, info->note);
}

/*
 * The analyzers' fingerprint strings of the scan begun last, by
 * dpg_scan_fingerprint(), kept for open_cache() of the same scan (the same
 * opts, the same thread): the shipped rules and vocabularies were listed,
 * stamped and printed twice a scan, once for the scan's fingerprint and
 * once for the result cache's.  Both now take the strings of the scan's
 * start.  Any other caller, opts or thread computes them, as before.
 */
static pthread_mutex_t fp_memo_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	const struct dpg_scan_opts *opts;
	pthread_t thread;
	const struct dpg_analyzer *an[DPG_MAX_ANALYZERS];
	char *fp[DPG_MAX_ANALYZERS];
	size_t n;
} fp_memo;

static void fp_memo_clear(void)
{
	while (fp_memo.n)
		free(fp_memo.fp[--fp_memo.n]);
	fp_memo.opts = NULL;
}

/* The memo's string of an for opts, or NULL; a copy, the caller frees. */
static char *fp_memo_get(const struct dpg_analyzer *an,
			 const struct dpg_scan_opts *opts)
{
	char *fp = NULL;
	size_t i;

	pthread_mutex_lock(&fp_memo_lock);
	if (fp_memo.opts == opts &&
	    pthread_equal(fp_memo.thread, pthread_self()))
		for (i = 0; i < fp_memo.n && !fp; i++)
			if (fp_memo.an[i] == an)
				fp = xstrdup(fp_memo.fp[i]);
	pthread_mutex_unlock(&fp_memo_lock);
	return fp;
}

/* The fingerprint string of analyzer an (build, name, version, files). */
static int analyzer_fp(const struct dpg_analyzer *an,
		       const struct dpg_scan_opts *opts, struct dpg_buf *b,
		       struct dpg_error *err)
{
	char ver[24], *v = ver + sizeof(ver), *memo = fp_memo_get(an, opts);
	unsigned int n = an->version;
	int rc;

	if (memo) {
		rc = dpg_buf_puts(b, memo, err);
		free(memo);
		return rc;
	}
	/* "%s %s %u\n", without vsnprintf (a plain format: util/fmt.h) */
	*--v = '\0';
	do
		*--v = (char)('0' + n % 10);
	while (n /= 10);
	if ((rc = dpg_buf_printf(b, err, "%s %s %s\n", dpg_cache_build_id(),
				 an->name, v)) < 0)
		return rc;
	return an->fingerprint ? an->fingerprint(opts, b, err) : 0;
}

int dpg_scan_fingerprint(const struct dpg_scan_opts *opts, char out[41],
			 struct dpg_error *err)
{
	struct dpg_buf b = DPG_BUF_INIT(16u * 1024 * 1024);
	size_t i, start;
	int rc = 0;

	dpg_git_init(); /* dpg_cache_hash() */
	pthread_mutex_lock(&fp_memo_lock);
	fp_memo_clear();
	pthread_mutex_unlock(&fp_memo_lock);
	for (i = 0; dpg_analyzers[i] && rc == 0; i++) {
		start = b.len;
		rc = analyzer_fp(dpg_analyzers[i], opts, &b, err);
		if (rc == 0 && i < DPG_MAX_ANALYZERS) {
			pthread_mutex_lock(&fp_memo_lock);
			fp_memo.an[i] = dpg_analyzers[i];
			fp_memo.fp[i] = xstrndup(b.ptr + start, b.len - start);
			fp_memo.n = i + 1;
			pthread_mutex_unlock(&fp_memo_lock);
		}
	}
	pthread_mutex_lock(&fp_memo_lock);
	if (rc == 0) {
		fp_memo.opts = opts;
		fp_memo.thread = pthread_self();
	} else {
		fp_memo_clear();
	}
	pthread_mutex_unlock(&fp_memo_lock);
	if (rc == 0)
		rc = dpg_buf_printf(&b, err, "max-file-size %llu types %u\n",
				    (unsigned long long)opts->max_file_size,
				    opts->types);
	if (rc == 0)
		dpg_cache_hash(b.ptr, b.len, out);
	dpg_buf_release(&b);
	return rc;
}

/* Open the cache and register the analyzers' fingerprints; without a
 * usable cache the scan goes on without one. */
static void open_cache(struct pipe *p)
{
	const struct dpg_scan_opts *o = p->scan->opts;
	struct dpg_error cerr = DPG_ERROR_INIT;
	struct dpg_buf b = DPG_BUF_INIT(16u * 1024 * 1024);
	char **fps;
	size_t i, n = 0;

	if (!o->cache || dpg_cache_open(&p->cache, o->cache,
					o->cache_max ? o->cache_max
						     : dpg_cache_max_default(),
					&cerr) < 0)
		return;
	fps = xcalloc(p->nact + 1, sizeof(*fps));
	for (i = 0; i < p->nact; i++, n++) {
		dpg_buf_reset(&b);
		if (analyzer_fp(p->act[i].an, o, &b, &cerr) < 0)
			break;
		fps[i] = xstrdup(b.ptr);
	}
	if (n < p->nact ||
	    dpg_cache_fingerprints(p->cache, (const char *const *)fps, n, p->fp,
				   &cerr) < 0) {
		dpg_cache_close(p->cache);
		p->cache = NULL;
	}
	for (i = 0; i < n; i++)
		free(fps[i]);
	free(fps);
	dpg_buf_release(&b);
}

static void prof_line(char **out, const char *name, const struct prof *pr)
{
	char *old = *out;

	*out = xasprintf("%s%-16s %9.3f s %8llu files %11llu bytes\n",
			 old ? old : "", name, (double)pr->ns / 1e9,
			 (unsigned long long)pr->files,
			 (unsigned long long)pr->bytes);
	free(old);
}

/* CPU per thread, to see how the work is shared: out, extended. */
static char *threads_profile(const struct pipe *p, char *out)
{
	char *old = out;
	unsigned int t;

	out = xasprintf(
		"%sCPU before the scan %.3f s; scan's thread %.3f s, "
		"waited %.3f s",
		old, (double)p->cpu0 / 1e9,
		(double)(clock_ns(CLOCK_THREAD_CPUTIME_ID) - p->thread0) / 1e9,
		(double)p->wait_ns / 1e9);
	free(old);
	for (t = 0; t < p->nwcpu; t++) {
		old = out;
		out = xasprintf("%s; worker %u %.3f s", old, t + 1,
				(double)p->wcpu[t] / 1e9);
		free(old);
	}
	old = out;
	out = xasprintf("%s\n", old);
	free(old);
	return out;
}

static void write_profile(struct pipe *p, uint64_t total_ns,
			  const uint64_t *begin_ns, const uint64_t *end_ns)
{
	struct dpg_scan *s = p->scan;
	char *out = NULL, *parts, *old;
	size_t i;

	out = xasprintf("profile: %llu files, %llu bytes read, %llu from the "
			"cache, %u analysis threads, %.3f s in all\n",
			(unsigned long long)s->file_count,
			(unsigned long long)s->bytes_read,
			(unsigned long long)s->cached, p->nw + 1,
			(double)total_ns / 1e9);
	out = threads_profile(p, out);
	prof_line(&out, "read", &p->read);
	if (p->cache) {
		prof_line(&out, "hash", &p->hash);
		prof_line(&out, "cache lookup", &p->lookup);
	}
	prof_line(&out, "merge", &p->merge);
	for (i = 0; i < p->nact; i++) {
		struct prof b = {begin_ns[i], 0, 0}, e = {end_ns[i], 0, 0};
		char name[64];

		if (begin_ns[i] > 1000000) {
			snprintf(name, sizeof(name), "%s begin()",
				 p->act[i].an->name);
			prof_line(&out, name, &b);
		}
		if (p->want[i].ns > 1000000) {
			snprintf(name, sizeof(name), "%s want()",
				 p->act[i].an->name);
			prof_line(&out, name, &p->want[i]);
		}
		if (p->prof[i].files) {
			snprintf(name, sizeof(name), "%s", p->act[i].an->name);
			prof_line(&out, name, &p->prof[i]);
		}
		if (end_ns[i] > 1000000) {
			snprintf(name, sizeof(name), "%s end()",
				 p->act[i].an->name);
			prof_line(&out, name, &e);
		}
	}
	/* by rule family and SDG goal (dpg_prof_add) */
	parts = dpg_prof_stop();
	old = out;
	out = xasprintf("%s%s", old, parts);
	free(old);
	free(parts);
	s->profile = out;
}

int scan_pipeline(struct dpg_scan *scan, const char *target,
		  struct dpg_error *err)
{
	struct dpg_source_opts so = DPG_SOURCE_OPTS_INIT;
	struct pipe *p = xcalloc(1, sizeof(*p));
	const struct dpg_file *f;
	uint64_t t_start = now_ns(), end_ns[DPG_MAX_ANALYZERS] = {0};
	uint64_t begin_ns[DPG_MAX_ANALYZERS] = {0};
	unsigned int nthreads = thread_count(scan->opts);
	size_t i;
	int rc;

	p->scan = scan;
	p->profile = scan->opts->profile;
	if (p->profile) {
		dpg_prof_start();
		p->cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
		p->thread0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	}
	so.rev = scan->opts->rev;
	so.max_file_size = scan->opts->max_file_size;
	so.fetch = &scan->opts->fetch;
	so.max_entries = scan->opts->max_entries;
	so.max_depth = scan->opts->max_depth;
	p->start = scan_now_s();
	if ((rc = dpg_source_open(&p->src, target, &so, err)) < 0) {
		free(p);
		return rc;
	}
	record_source(scan, dpg_source_info(p->src));
	p->git = dpg_source_info(p->src)->kind == DPG_SRC_GIT;
	if (scan->opts->repeat_of &&
	    (scan->repeats =
		     scan->opts->repeat_of(scan->opts->repeat_ctx, scan)) > 0) {
		dpg_source_free(p->src);
		free(p);
		return 0;
	}

	for (i = 0; dpg_analyzers[i]; i++) {
		struct active *a = &p->act[p->nact];
		uint64_t t0 = now_ns();

		if (p->nact == DPG_MAX_ANALYZERS)
			DPG_BUG("too many analyzers");
		a->an = dpg_analyzers[i];
		p->nact++;
		if (a->an->begin &&
		    (rc = a->an->begin(&a->config, scan, err)) < 0)
			goto done;
		begin_ns[p->nact - 1] = now_ns() - t0;
	}
	open_cache(p);
	if (nthreads > 1)
		start_workers(p, nthreads - 1); /* and the scan's thread */
	for (;;) {
		struct job *j;
		uint64_t t0 = p->profile ? now_ns() : 0;

		rc = dpg_source_next(p->src, &f, err);
		if (p->profile)
			p->read.ns += now_ns() - t0;
		if (rc <= 0)
			break;
		if ((rc = prepare(p, f, &j, err)) < 0) {
			free_job(j);
			goto done;
		}
		if ((rc = submit(p, j, err)) < 0)
			goto done;
		if (p->why)
			break;
	}
	if (rc == DPG_ELIMIT) {
		/* the source's entry limit: what was read is analysed */
		scan_set_partial(scan, err->msg);
		rc = 0;
	}
	if (rc < 0 || (rc = drain(p, err)) < 0)
		goto done;
	stop_workers(p);
	for (i = 0; i < p->nact; i++) {
		uint64_t t0 = now_ns();

		if (p->act[i].an->end &&
		    (rc = p->act[i].an->end(p->act[i].config, scan, err)) < 0)
			goto done;
		scan_remove_marked(scan, DPG_IND_DROPPED);
		end_ns[i] = now_ns() - t0;
	}
	scan_remove_marked(scan, DPG_IND_INTERNAL);
	if (p->cache) {
		uint64_t t0 = now_ns();

		flush_behind(scan, p->cache);
		p->cache = NULL;
		p->merge.ns += now_ns() - t0;
	}
	if (p->profile)
		write_profile(p, now_ns() - t_start, begin_ns, end_ns);
done:
	if (p->profile && !scan->profile)
		free(dpg_prof_stop());
	stop_workers(p);
	for (i = p->nact; i-- > 0;) {
		const struct dpg_analyzer *an = p->act[i].an;

		if (an->scratch_free && p->act[i].scratch)
			an->scratch_free(p->act[i].scratch);
		if (an->free && p->act[i].config)
			an->free(p->act[i].config);
	}
	dpg_cache_close(p->cache);
	dpg_source_free(p->src);
	free(p);
	return rc < 0 ? rc : 0;
}
