/*
 * db.h: the audit database (SQLite, WAL, versioned schema).
 *
 * One scan is stored in one transaction: either all of it is in the
 * database or none of it.  Every statement binds its parameters.  See
 * docs/DATABASE.md for the schema.
 */
#ifndef DPG_DB_H
#define DPG_DB_H

#include <stdint.h>
#include "dpg/error.h"
#include "dpg/scan.h"

struct sqlite3;
struct dpg_db;

#define DPG_DB_DEFAULT	    "dpgaudit.db"
#define DPG_DB_ENV	    "DPGAUDIT_DB"
#define DPG_DB_BUSY_ENV	    "DPGAUDIT_BUSY_TIMEOUT" /* milliseconds */
#define DPG_DB_BUSY_DEFAULT 5000

/* The schema version this build writes (PRAGMA user_version). */
extern const int dpg_db_schema_version;

#define DPG_DB_CREATE	1u /* create the file if missing and migrate */
#define DPG_DB_READONLY 2u /* never write (reports) */

/*
 * Open the database at path.  Refuses a file that is not SQLite, a
 * read-only file when writing, and a schema newer than this build
 * (DPG_EVERSION); a missing file without DPG_DB_CREATE is DPG_ENOTFOUND.
 * Older schemas are migrated forward (one transaction per step).
 */
int dpg_db_open(struct dpg_db **out, const char *path, unsigned int flags,
		struct dpg_error *err);
void dpg_db_close(struct dpg_db *db);
struct sqlite3 *dpg_db_handle(struct dpg_db *db);
const char *dpg_db_path(const struct dpg_db *db);

/*
 * Store a finished (or failed) scan in one transaction and set scan->id.
 * A busy database is waited for up to the busy timeout, then DPG_EBUSY.
 */
int dpg_db_store_scan(struct dpg_db *db, struct dpg_scan *scan,
		      struct dpg_error *err);

/* Load scan id into out (initialised by the caller); DPG_ENOTFOUND. */
int dpg_db_load_scan(struct dpg_db *db, int64_t id, struct dpg_scan *out,
		     struct dpg_error *err);

/* Id of the latest scan of target (as given or canonicalised). */
int dpg_db_latest_scan(struct dpg_db *db, const char *target, int64_t *out,
		       struct dpg_error *err);

struct dpg_scan_row {
	int64_t id;
	const char *target, *kind, *rev, *commit_id, *started_at, *status;
	const char *error;
	int64_t file_count, findings;
};

/* Call cb for each scan, oldest first; a non-zero return from cb stops. */
int dpg_db_list_scans(struct dpg_db *db,
		      int (*cb)(void *ctx, const struct dpg_scan_row *row),
		      void *ctx, struct dpg_error *err);

/*
 * For modules with tables of their own (src/batch/), on dpg_db_handle():
 * run sql (no parameters), and fill err from the connection's last error
 * (a locked database is DPG_EBUSY, as everywhere) and return code.
 */
int dpg_db_exec(struct dpg_db *db, const char *sql, struct dpg_error *err);
int dpg_db_fail(struct dpg_db *db, int code, const char *what,
		struct dpg_error *err);

#endif
