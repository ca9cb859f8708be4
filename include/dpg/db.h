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

/*
 * PRAGMA application_id of every audit database: "DPGA" (0x44504741).  A
 * non-empty SQLite file with another id, or with none and tables that are
 * not ours, is refused and left byte for byte as it was.
 */
#define DPG_DB_APPLICATION_ID 0x44504741

/* The schema version this build writes (PRAGMA user_version). */
extern const int dpg_db_schema_version;

#define DPG_DB_CREATE	1u /* create the file if missing and migrate */
#define DPG_DB_READONLY 2u /* never write (reports) */
/* With DPG_DB_CREATE: a missing file is made when the first scan is
 * stored, written whole (the database is in memory until then) */
#define DPG_DB_LATE 4u

/* Process-wide SQLite settings: called first by main(), before any other
 * SQLite call (later, it changes nothing). */
void dpg_db_process_init(void);

/*
 * Open the database at path.  Refuses (DPG_EDB) a file that is not SQLite
 * or is another application's database (checked before anything is
 * written), a read-only file when writing, and a schema newer than this
 * build (DPG_EVERSION); a missing file without DPG_DB_CREATE is DPG_EDB.
 * Older schemas are migrated forward (one transaction per step), under
 * the write lock, so that many processes may create one database at once.
 * DPG_DB_READONLY never writes the file and reads a database whose
 * directory the user cannot write.  Every wait for a lock is bounded by
 * $DPGAUDIT_BUSY_TIMEOUT (DPG_EBUSY).
 * DPG_DB_LATE: a missing database is built in memory and written whole,
 * with one sync, by dpg_db_store_scan() (when another process made the
 * file first, the scan is stored in theirs); until then there is no file.
 * Such a handle stores scans and reads; nothing else writes through it.
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

/* The latest scan of locator (as stored) whose status is ok or unchanged:
 * its id (0 when none), tree id and fingerprint ("" when unknown). */
int dpg_db_last_good_scan(struct dpg_db *db, const char *locator, int64_t *id,
			  char tree[41], char fp[41], struct dpg_error *err);

/* Id of the latest scan of target (as given or canonicalised). */
int dpg_db_latest_scan(struct dpg_db *db, const char *target, int64_t *out,
		       struct dpg_error *err);

struct dpg_scan_row {
	int64_t id;
	const char *target, *kind, *rev, *commit_id, *started_at, *status;
	const char *error;
	int64_t file_count, findings;
	const char *types, *nomination; /* solution types; record name */
	int64_t met, not_met, review;	/* verdict counts */
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
/* "file:PATH?mode=ro" (PATH percent-encoded): a URI that opens or attaches
 * the database at path read-only.  Malloc'd. */
char *dpg_db_ro_uri(const char *path);
int dpg_db_fail(struct dpg_db *db, int code, const char *what,
		struct dpg_error *err);

/*
 * Find a stored target however it was spelled: as stored, a relative path,
 * trailing slashes, PATH@REV (the revision is returned in *rev, malloc'd,
 * or NULL), or a URL in any of its spellings (dpg_url_normalize), with or
 * without credentials.  DPG_ENOTFOUND when no scan of it is stored.
 */
int dpg_db_find_target(struct dpg_db *db, const char *spelling,
		       int64_t *target_id, char **rev, struct dpg_error *err);

/* The target of scan id, and its stored locator (malloc'd) when locator
 * is not NULL; DPG_ENOTFOUND when there is no such scan. */
int dpg_db_scan_target(struct dpg_db *db, int64_t scan_id, int64_t *target_id,
		       char **locator, struct dpg_error *err);

/*
 * The scan that holds the facts of scan id: itself, or for an "unchanged"
 * scan (a re-check that found the same revision and ruleset) the latest
 * earlier scan of its target that is not "unchanged".
 */
int dpg_db_effective_scan(struct dpg_db *db, int64_t id, int64_t *out,
			  struct dpg_error *err);
/* The latest scan of scan id's target before it, or 0 when none. */
int dpg_db_previous_scan(struct dpg_db *db, int64_t id, int64_t *out,
			 struct dpg_error *err);

/*
 * Every stored target, in the order first scanned, with the revision its
 * latest scan asked for (NULL: none).  A non-zero return from cb stops.
 */
int dpg_db_targets(struct dpg_db *db,
		   int (*cb)(void *ctx, const char *locator, const char *rev),
		   void *ctx, struct dpg_error *err);

/* One scan in a target's history. */
struct dpg_history_row {
	int64_t id;
	const char *started_at, *status, *rev, *commit_id, *error, *note;
	const char *verdicts[DPG_IND_COUNT]; /* by indicator, NULL: none */
};

/* Call cb for each scan of target_id, oldest first; a non-zero return
 * from cb stops. */
int dpg_db_history(struct dpg_db *db, int64_t target_id,
		   int (*cb)(void *ctx, const struct dpg_history_row *row),
		   void *ctx, struct dpg_error *err);

#endif
