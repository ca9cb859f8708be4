/*
 * merge.h: combine audit databases (shards of a batch run on several
 * machines, or any two databases) into one.
 *
 * A scan is identified by its target (the locator) and every other
 * column of its row but the ids: the same scan found in two inputs, or
 * merged twice, is stored once.  Ids are remapped; a scan's findings,
 * skipped entries and verdicts come with it; runs and their items are
 * carried (a run found in both, by name, fingerprint and creation time,
 * is one run whose items keep the furthest state).  docs/DATABASE.md has
 * the table-by-table rules.
 */
#ifndef DPG_MERGE_H
#define DPG_MERGE_H

#include <stddef.h>
#include "dpg/db.h"
#include "dpg/error.h"

struct dpg_merge_stats {
	size_t scans_added, scans_present;
	size_t targets_added;
	size_t runs_added, runs_joined;
	size_t tables_skipped; /* tables that are not ours, left out */
};

/*
 * Merge the audit database at in_path into out (open for writing), in one
 * transaction; in_path is only read.  Refuses, with nothing written: a
 * missing file or one that is not SQLite (DPG_EDB), one that is not an
 * audit database (DPG_EDB), one of a newer schema (DPG_EVERSION), out
 * itself (DPG_EUSAGE).  stats (may be NULL) says what was added.
 */
int dpg_db_merge(struct dpg_db *out, const char *in_path,
		 struct dpg_merge_stats *stats, struct dpg_error *err);

/*
 * How merge treats each table of the schema: 1 carried, 0 left out on
 * purpose (a cache that a later scan rebuilds), -1 unknown to merge (a
 * table some migration added without saying how to merge it: a bug the
 * unit tests look for).
 */
int dpg_merge_table_policy(const char *table);

#endif
