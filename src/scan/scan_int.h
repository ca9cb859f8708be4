/* scan_int.h: what scan.c and pipeline.c share; private to src/scan/. */
#ifndef DPG_SCAN_INT_H
#define DPG_SCAN_INT_H

#include "dpg/scan.h"

#define DPG_MAX_ANALYZERS 32

/* One analyzer of a scan: its config and the calling thread's scratch. */
struct active {
	const struct dpg_analyzer *an;
	void *config;
	void *scratch;
};

/* Run analyzer i on f into out when want[i] says so. */
int scan_analyze_one(const struct active *a, unsigned int want,
		     const struct dpg_file *f, const char *data, size_t len,
		     struct dpg_results *out, struct dpg_error *err);
/* Remove the findings whose indicator is ind (keeping the order). */
void scan_remove_marked(struct dpg_scan *scan, int ind);

/* Limits (docs/SECURITY.md): now in seconds; the limit of the whole scan
 * that is past since start, or NULL; make the scan "partial" for why. */
double scan_now_s(void);
const char *scan_over_limit(struct dpg_scan *scan, double start);
void scan_set_partial(struct dpg_scan *scan, const char *why);

/* The whole pipeline of dpg_scan_run(): source, analyzers, cache.  The
 * result cache's write may still run when it returns: scan_wait(). */
int scan_pipeline(struct dpg_scan *scan, const char *target,
		  struct dpg_error *err);
/* Wait for the result cache's write that scan_pipeline() left running,
 * and close the cache (nothing to do when none runs). */
void scan_wait(struct dpg_scan *scan);

#endif
