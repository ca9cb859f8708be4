/*
 * audit.h: audit one target into the audit database.
 *
 * The one path from a target to a stored scan, shared by `scan`, `batch`
 * and `recheck`: run the scan, then store it in one transaction (a failed
 * scan is stored too, with its error and no findings).
 */
#ifndef DPG_AUDIT_H
#define DPG_AUDIT_H

#include "dpg/db.h"
#include "dpg/error.h"
#include "dpg/scan.h"

/*
 * Scan target with opts and store the result in db; scan (initialised by
 * the caller, released by the caller) holds what was stored and scan->id
 * its row.  Returns 0 when the scan completed and was stored; else the
 * negative code of the scan's failure (err says why; the failed scan is
 * stored when the database allows, and scan->id tells) or of the store's.
 * A usage error (DPG_EUSAGE: a revision given twice or for an archive, an
 * empty target) is no scan and is not stored.  A partial scan (a limit
 * reached) is stored and returns 0: scan->status says "partial".
 */
int dpg_audit_target(struct dpg_db *db, struct dpg_scan *scan,
		     const char *target, const struct dpg_scan_opts *opts,
		     struct dpg_error *err);

#endif
