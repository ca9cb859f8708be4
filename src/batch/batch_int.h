/* batch_int.h: private to src/batch/. */
#ifndef DPG_BATCH_INT_H
#define DPG_BATCH_INT_H

#include <sys/types.h>
#include "dpg/batch.h"

/* The index of key in l, or -1. */
long batch_list_find(const struct dpg_target_list *l, const char *key);

/* ---- run items (run.c) ---- */

/* Item states, as in run_items.status. */
enum { ITEM_PENDING, ITEM_RUNNING, ITEM_DONE, ITEM_FAILED };

/* "host:pid:start": who runs an item, and whether that process is gone. */
void batch_worker_id(char *out, size_t n, pid_t pid);
int batch_worker_alive(const char *id);

/* Items in flight in a process that is gone: back to pending. */
int run_reset_stale(struct dpg_db *db, const struct dpg_run *run,
		    struct dpg_error *err);
/* Failed items back to pending (--retry-failed). */
int run_retry_failed(struct dpg_db *db, const struct dpg_run *run,
		     struct dpg_error *err);
/* For each item of l: its seq and state (arrays of l->n). */
int run_states(struct dpg_db *db, const struct dpg_run *run,
	       const struct dpg_target_list *l, int64_t *seq,
	       unsigned char *state, struct dpg_error *err);
/* Claim a pending item for worker: *claimed is 1 when it was pending. */
int run_claim(struct dpg_db *db, const struct dpg_run *run, int64_t seq,
	      const char *worker, int *claimed, struct dpg_error *err);
/* An item in flight back to pending (the run was stopped). */
int run_unclaim(struct dpg_db *db, const struct dpg_run *run, int64_t seq,
		struct dpg_error *err);
/* The outcome of an item once its worker is gone: *state is ITEM_DONE or
 * ITEM_FAILED when a scan is linked to it (o filled, strings in a), else
 * ITEM_RUNNING. */
int run_outcome(struct dpg_db *db, const struct dpg_run *run, int64_t seq,
		int *state, struct dpg_batch_outcome *o, struct dpg_arena *a,
		struct dpg_error *err);
/* The counts of the whole run into res (total, ok, not_met, failed,
 * pending). */
int run_counts(struct dpg_db *db, const struct dpg_run *run,
	       struct dpg_batch_result *res, struct dpg_error *err);

/*
 * Links: on a connection, after link_install(), the first scan stored
 * after link_set(run, seq) is linked to that item (status done or failed,
 * scan_id) in the scan's own transaction, by a temporary trigger.  So a
 * scan and its item's state are written together or not at all.
 */
int link_install(struct dpg_db *db, struct dpg_error *err);
int link_set(struct dpg_db *db, const struct dpg_run *run, int64_t seq,
	     struct dpg_error *err);

#endif
