/*
 * batch.h: audit many targets.  Three parts, used by `batch` and by
 * `recheck`:
 *
 *   1. target lists: lists of every kind (text, CSV/TSV, JSON, nomination
 *      records) read into one list of normalised, de-duplicated targets,
 *      which a shard K/N can filter;
 *   2. runs: a batch is a named run stored in the audit database (tables
 *      runs and run_items) so that it can be resumed after a crash, a
 *      SIGKILL or Ctrl-C without auditing anything twice;
 *   3. the worker pool: one forked process per target (at most `jobs` at
 *      once), each with its own database connection, a timeout and a
 *      memory cap, so that a target that crashes, hangs or runs out of
 *      memory fails alone, recorded as a failed scan with its reason.
 *
 * Nothing here prints: progress reaches the caller through events.
 */
#ifndef DPG_BATCH_H
#define DPG_BATCH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "dpg/arena.h"
#include "dpg/db.h"
#include "dpg/error.h"
#include "dpg/scan.h"

struct dpg_nomination;

/* ---- targets and lists ---------------------------------------------- */

/* One target of a list.  Strings are owned by the list's arena. */
struct dpg_batch_target {
	const char *key;     /* the normalised target: identity of the target
				in a run, for duplicates and for shards */
	const char *locator; /* what a scan stores as the target (key without
				its @REV) */
	const char *rev;     /* the revision asked for (PATH@REV), or NULL */
	const char *target;  /* what the scan is given: key, or a URL as
				written (it may hold credentials: never
				store or print it) */
	const char *origin;  /* where it was read: "list.csv:12" */
	const char *nomination_path; /* its record's file, or NULL */
	const struct dpg_nomination *nomination; /* that record, or NULL */
};

struct dpg_target_list {
	struct dpg_arena arena;
	struct dpg_batch_target *items; /* in list order, no duplicates */
	size_t n, cap;
	size_t *slots; /* open-addressing index of keys (item index + 1) */
	size_t nslots;
	size_t duplicates; /* entries dropped: a target already listed */
	size_t no_repo;	   /* records or rows that name no repository */
};

struct dpg_list_opts {
	const char *column; /* CSV/TSV column or JSON field, or NULL */
};
#define DPG_LIST_OPTS_INIT                                                     \
	{                                                                      \
		NULL                                                           \
	}

void dpg_target_list_init(struct dpg_target_list *l);
void dpg_target_list_release(struct dpg_target_list *l);

/*
 * Normalise target into t (strings in a): a URL is canonical (no
 * credentials, one spelling per repository); a local path is absolute with
 * its symlinks resolved, plus "@REV" when one is given.  A path that does
 * not exist is kept (made absolute): auditing it fails as a scan would.
 * Returns DPG_EUSAGE for an empty target.
 */
int dpg_target_normalize(struct dpg_batch_target *t, const char *target,
			 struct dpg_arena *a, struct dpg_error *err);

/*
 * Add one target (origin names where it was read; nom and nom_path are
 * its nomination record, or NULL).  A target whose key is already listed
 * is counted in l->duplicates and dropped; returns 1 when added, 0 when a
 * duplicate, or a negative code.
 */
int dpg_target_list_add(struct dpg_target_list *l, const char *target,
			const char *origin, const struct dpg_nomination *nom,
			const char *nom_path, struct dpg_error *err);

/*
 * Read the list at path ("-" for standard input) and add its targets.
 * What it is is recognised by content: a directory of nomination records
 * (*.json), one nomination record (a JSON object), a JSON array (of
 * objects with repositories[].url or a url-like field, or of strings), a
 * CSV/TSV file with a header naming its repository column, or a text file
 * (one target per line, '#' comments, blank lines).  A malformed list is
 * DPG_EINPUT with "file:line: message" or the field named; an unreadable
 * one DPG_EIO or DPG_ENOTFOUND.
 */
int dpg_target_list_read(struct dpg_target_list *l, const char *path,
			 const struct dpg_list_opts *opts,
			 struct dpg_error *err);

/* Keep only shard k of n (1 <= k <= n): the targets whose key's FNV-1a 64
 * hash modulo n is k - 1. */
void dpg_target_list_shard(struct dpg_target_list *l, unsigned int k,
			   unsigned int n);

/* ---- runs ----------------------------------------------------------- */

struct dpg_run {
	int64_t id;
	char name[128];
	char fingerprint[17]; /* 16 hex digits */
	int created;	      /* 1 when this open created it */
};

/*
 * The options of a run that decide what is audited, as stored with it
 * (JSON): the rules directory (absolute), the file size cap, the solution
 * types and the shard ("K/N" or NULL).  Returns a malloc'd string.
 */
char *dpg_run_params(const struct dpg_scan_opts *o, const char *shard);
/* Read stored params back into o (strings in a). */
int dpg_run_params_parse(const char *params, struct dpg_scan_opts *o,
			 struct dpg_arena *a, struct dpg_error *err);

/*
 * The fingerprint of a run: FNV-1a 64 over params (the options that decide
 * what is audited, as a string) and the sorted keys and nomination files
 * of the list's targets.  The same lists and options give the same
 * fingerprint, whatever their order; out holds 16 hex digits.
 */
void dpg_run_fingerprint(char out[17], const struct dpg_target_list *l,
			 const char *params);

/*
 * Find the run called name (NULL: "batch-" and the first 12 digits of the
 * fingerprint) or create it with the list's targets as its items, all
 * pending.  An existing run with another fingerprint is DPG_EUSAGE (the
 * name is taken by another list or other options).  command is the
 * command that runs it ("batch"), params the options, stored for
 * dpg_run_load().
 */
int dpg_run_open(struct dpg_db *db, struct dpg_run *run, const char *name,
		 const char *command, const char *fingerprint,
		 const char *params, const struct dpg_target_list *l,
		 struct dpg_error *err);

/*
 * Load the run called name and its targets (into l, initialised by the
 * caller) for a resume without the lists; *params (malloc'd, the caller
 * frees it) gets the stored options.  Nomination records are read again
 * from their files.  DPG_ENOTFOUND when there is no such run.
 */
int dpg_run_load(struct dpg_db *db, struct dpg_run *run, const char *name,
		 struct dpg_target_list *l, char **params,
		 struct dpg_error *err);

/* ---- the worker pool ------------------------------------------------ */

/* What became of one target. */
struct dpg_batch_outcome {
	int64_t scan_id;    /* the stored scan, or 0 when none was stored */
	const char *status; /* the scan's status ("ok", "failed", ...) */
	int not_met;	    /* some indicator is "not met" */
	const char *error;  /* why it failed, or NULL */
	double seconds;	    /* wall time of the worker */
	long max_rss_kb;    /* the worker's peak resident set */
};

/* Events, in the parent; any may be NULL.  tick() comes at least every
 * 200 ms while the pool runs (for a live progress line). */
struct dpg_batch_events {
	void *ctx;
	/* once, before any worker: how many targets this run will try and
	 * how many were finished before */
	void (*begin)(void *ctx, size_t todo, size_t before);
	void (*start)(void *ctx, const struct dpg_batch_target *t);
	void (*done)(void *ctx, const struct dpg_batch_target *t,
		     const struct dpg_batch_outcome *o);
	/* a line a worker wrote on its stderr (a crash report...) */
	void (*output)(void *ctx, const struct dpg_batch_target *t,
		       const char *line);
	void (*tick)(void *ctx);
};

/*
 * The work for one target, run in a worker process with the worker's own
 * database connection: audit it and store the scan (the scan stored first
 * is linked to the target's run item in the same transaction).  NULL is
 * dpg_audit_target() with the target's nomination.
 */
typedef int (*dpg_batch_work_fn)(void *ctx, struct dpg_db *db,
				 const struct dpg_batch_target *t,
				 const struct dpg_scan_opts *opts,
				 struct dpg_error *err);

struct dpg_batch_opts {
	unsigned int jobs;		  /* workers at once (>= 1) */
	unsigned int timeout;		  /* seconds per target; 0: none */
	uint64_t max_memory;		  /* bytes per worker; 0: none */
	const struct dpg_scan_opts *scan; /* for every target */
	int retry_failed;		  /* redo the failed items too */
	volatile sig_atomic_t *stop;	  /* non-zero: stop (a signal) */
	dpg_batch_work_fn work;		  /* NULL: audit */
	void *work_ctx;
	struct dpg_batch_events ev;
};
#define DPG_BATCH_MAX_MEMORY_DEFAULT ((uint64_t)2 << 30)
/* past the scan's own time limit (DPG_MAX_SECONDS_DEFAULT, 30 min, after
 * which it stores what it read as "partial"): a backstop for a hang */
#define DPG_BATCH_TIMEOUT_DEFAULT (45u * 60)
/* clang-format off */
#define DPG_BATCH_OPTS_INIT {1, DPG_BATCH_TIMEOUT_DEFAULT, \
	DPG_BATCH_MAX_MEMORY_DEFAULT, NULL, 0, NULL, NULL, NULL, \
	{NULL, NULL, NULL, NULL, NULL, NULL}}
/* clang-format on */

/* 1 when this build enforces max_memory (not under AddressSanitizer). */
extern const int dpg_batch_memory_cap;

/*
 * Check scan options once, before a batch: audit an empty directory with
 * them, so that what is wrong with them (invalid rules, vocabularies)
 * fails here, once, rather than in every worker.  Returns the scan's code.
 */
int dpg_batch_check_opts(const struct dpg_scan_opts *opts,
			 struct dpg_error *err);

/* What a run came to (the whole run, earlier invocations included). */
struct dpg_batch_result {
	size_t total;	    /* targets of the run */
	size_t before;	    /* already finished when this invocation began */
	size_t ok, not_met; /* audited */
	size_t partial;	    /* of those, scans that reached a limit */
	size_t failed;	    /* recorded as failed scans */
	size_t pending;	    /* not finished (interrupted) */
	int stopped;	    /* the value of *stop that ended it, or 0 */
	long max_rss_kb;    /* peak resident set of a worker (this time) */
};

/*
 * Run the pending items of run (a list read for it by the caller, whose
 * keys are the run's items) through the workers.  Items left in flight by
 * a process that is gone are redone; finished ones are skipped.  A target
 * whose worker dies without storing its scan (crash, timeout, memory) is
 * stored as a failed scan with the reason.  When *opts->stop becomes
 * non-zero, the workers are killed, their items go back to pending, and
 * res->stopped tells.  db must not be used by the caller meanwhile; it
 * stays open (workers open their own connections to its path).  Returns 0
 * when the run went through (res says how), or a negative code when the
 * database failed.
 */
int dpg_batch_run(struct dpg_db *db, const struct dpg_run *run,
		  const struct dpg_target_list *l,
		  const struct dpg_batch_opts *opts,
		  struct dpg_batch_result *res, struct dpg_error *err);

/* 1 when a run called name is stored, 0 when not, or a negative code. */
int dpg_run_exists(struct dpg_db *db, const char *name, struct dpg_error *err);

/*
 * Each item of run, in list order: its key and the scan stored for it (0
 * when none is).  A non-zero return from cb stops.
 */
int dpg_run_items(struct dpg_db *db, const struct dpg_run *run,
		  int (*cb)(void *ctx, const char *key, int64_t scan_id),
		  void *ctx, struct dpg_error *err);

/*
 * The failure reasons of a run, grouped: cb gets each distinct reason
 * (quoted names in it replaced by '...'), how many targets failed so and
 * one of them, most frequent first.
 */
int dpg_run_failures(struct dpg_db *db, const struct dpg_run *run,
		     void (*cb)(void *ctx, const char *reason, size_t count,
				const char *example),
		     void *ctx, struct dpg_error *err);

#endif
