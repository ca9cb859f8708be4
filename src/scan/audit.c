/*
 * audit.c: one target into the audit database (see dpg/audit.h).
 */
#include "dpg/audit.h"
#include "dpg/banned.h"

int dpg_audit_target(struct dpg_db *db, struct dpg_scan *scan,
		     const char *target, const struct dpg_scan_opts *opts,
		     struct dpg_error *err)
{
	struct dpg_error serr = DPG_ERROR_INIT;
	int rc, src;

	src = dpg_scan_run(scan, target, opts, &serr);
	if (src == DPG_EUSAGE) {
		/* a wrong command line is no scan: nothing is stored */
		*err = serr;
		return src;
	}
	rc = dpg_db_store_scan(db, scan, err);
	if (src < 0) {
		/* the scan's own failure is the one to tell */
		*err = serr;
		return src;
	}
	return rc;
}
