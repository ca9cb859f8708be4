/*
 * schema.c: the audit database's schema, as a list of forward migrations.
 * Migration i takes a database from user_version i to i + 1.  Never edit a
 * released migration: append a new one.  docs/DATABASE.md describes the
 * result.
 */
#include "db_int.h"
#include "dpg/banned.h"

const char *const db_migrations[] = {
	/* 0 -> 1: targets, scans, skipped entries, findings */
	"CREATE TABLE targets (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  locator TEXT NOT NULL UNIQUE,\n"
	"  kind TEXT NOT NULL,\n"
	"  first_scanned TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE scans (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  target_id INTEGER NOT NULL REFERENCES targets(id),\n"
	"  kind TEXT NOT NULL,\n"
	"  rev TEXT,\n"
	"  commit_id TEXT,\n"
	"  tree_id TEXT,\n"
	"  archive_format TEXT,\n"
	"  dirty INTEGER,\n"
	"  started_at TEXT NOT NULL,\n"
	"  finished_at TEXT NOT NULL,\n"
	"  tool_version TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),\n"
	"  error TEXT,\n"
	"  file_count INTEGER NOT NULL DEFAULT 0,\n"
	"  bytes_read INTEGER NOT NULL DEFAULT 0,\n"
	"  skipped_count INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE INDEX scans_by_target ON scans(target_id, id);\n"
	"CREATE TABLE skipped (\n"
	"  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,\n"
	"  path TEXT NOT NULL,\n"
	"  reason TEXT NOT NULL,\n"
	"  size INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX skipped_by_scan ON skipped(scan_id);\n"
	"CREATE TABLE findings (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,\n"
	"  analyzer TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL,\n"
	"  indicator TEXT,\n"
	"  path TEXT,\n"
	"  line INTEGER,\n"
	"  line_end INTEGER,\n"
	"  value TEXT,\n"
	"  excerpt TEXT,\n"
	"  score REAL\n"
	");\n"
	"CREATE INDEX findings_by_scan ON findings(scan_id, kind);\n",
	/* 1 -> 2: verdicts per indicator; solution types and nomination */
	"CREATE TABLE verdicts (\n"
	"  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,\n"
	"  indicator TEXT NOT NULL,\n"
	"  verdict TEXT NOT NULL CHECK (verdict IN ('met', 'not met', "
	"'review')),\n"
	"  reason TEXT NOT NULL,\n"
	"  missing TEXT,\n"
	"  PRIMARY KEY (scan_id, indicator)\n"
	");\n"
	"ALTER TABLE scans ADD COLUMN solution_types TEXT;\n"
	"ALTER TABLE scans ADD COLUMN nomination TEXT;\n",
	/* 2 -> 3: scan statuses 'partial' (a limit was reached) and
	 * 'unchanged' (a re-check found nothing new); scans.note.  SQLite
	 * cannot change a CHECK constraint, so scans is rebuilt (foreign keys
	 * are off while migrating: the rows that refer to it stay).  The
	 * migration also sets PRAGMA application_id, as every step does. */
	"CREATE TABLE scans_v3 (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  target_id INTEGER NOT NULL REFERENCES targets(id),\n"
	"  kind TEXT NOT NULL,\n"
	"  rev TEXT,\n"
	"  commit_id TEXT,\n"
	"  tree_id TEXT,\n"
	"  archive_format TEXT,\n"
	"  dirty INTEGER,\n"
	"  started_at TEXT NOT NULL,\n"
	"  finished_at TEXT NOT NULL,\n"
	"  tool_version TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'partial', "
	"'unchanged')),\n"
	"  error TEXT,\n"
	"  file_count INTEGER NOT NULL DEFAULT 0,\n"
	"  bytes_read INTEGER NOT NULL DEFAULT 0,\n"
	"  skipped_count INTEGER NOT NULL DEFAULT 0,\n"
	"  solution_types TEXT,\n"
	"  nomination TEXT,\n"
	"  note TEXT\n"
	");\n"
	"INSERT INTO scans_v3 (id, target_id, kind, rev, commit_id, tree_id, "
	"archive_format, dirty, started_at, finished_at, tool_version, status, "
	"error, file_count, bytes_read, skipped_count, solution_types, "
	"nomination) SELECT id, target_id, kind, rev, commit_id, tree_id, "
	"archive_format, dirty, started_at, finished_at, tool_version, status, "
	"error, file_count, bytes_read, skipped_count, solution_types, "
	"nomination FROM scans;\n"
	"DROP TABLE scans;\n"
	"ALTER TABLE scans_v3 RENAME TO scans;\n"
	"CREATE INDEX scans_by_target ON scans(target_id, id);\n",
	/* 3 -> 4: batch runs and their items (src/batch/, docs/DATABASE.md) */
	"CREATE TABLE runs (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  command TEXT NOT NULL,\n"
	"  fingerprint TEXT NOT NULL,\n"
	"  params TEXT NOT NULL,\n"
	"  created_at TEXT NOT NULL,\n"
	"  tool_version TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE run_items (\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  target TEXT NOT NULL,\n"
	"  origin TEXT,\n"
	"  nomination TEXT,\n"
	"  status TEXT NOT NULL CHECK (status IN ('pending', 'running', "
	"'done', 'failed')),\n"
	"  scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,\n"
	"  attempts INTEGER NOT NULL DEFAULT 0,\n"
	"  worker TEXT,\n"
	"  updated_at TEXT,\n"
	"  PRIMARY KEY (run_id, seq),\n"
	"  UNIQUE (run_id, target)\n"
	");\n"
	"CREATE INDEX run_items_by_status ON run_items(run_id, status);\n",
	/* 4 -> 5: the result cache's side of a scan: the fingerprint of the
	 * analyzers, rules and options, the files read from the cache, and
	 * for an 'unchanged' scan the scan it repeats */
	"ALTER TABLE scans ADD COLUMN fingerprint TEXT;\n"
	"ALTER TABLE scans ADD COLUMN cached_files INTEGER NOT NULL DEFAULT "
	"0;\n"
	"ALTER TABLE scans ADD COLUMN repeats INTEGER REFERENCES scans(id);\n",
	NULL,
};

const int dpg_db_schema_version =
	(int)(sizeof(db_migrations) / sizeof(db_migrations[0])) - 1;

/* The result cache's file (src/cache/cache.c): its own SQLite file, made
 * whole from cache_image when new (tools/gen-schema.c). */
const char db_cache_schema[] =
	"CREATE TABLE IF NOT EXISTS fingerprints (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  fp TEXT NOT NULL UNIQUE\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS files (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  entry BLOB NOT NULL,\n"
	"  size INTEGER NOT NULL,\n"
	"  used INTEGER NOT NULL\n"
	") WITHOUT ROWID;\n"
	/* no index on used: a second B-tree written for every entry (a
	   third of a scan's writes), for trims that sort the table when it
	   is over its bound; an older cache's goes */
	"DROP INDEX IF EXISTS files_by_use;\n";
