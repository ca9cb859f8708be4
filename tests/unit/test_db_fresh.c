/*
 * test_db_fresh.c: a new audit database is written from the generated
 * image (db_image, tools/gen-schema.c), an empty file is made from the
 * generated schema (db_schema_fresh) in one go, and an old one is migrated
 * step by step.  All must end with the schema the migrations make.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/db/db_int.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "test.h"

/* The schema objects of h, one a line, and its versions (NULL: error). */
static char *schema_of(sqlite3 *h)
{
	sqlite3_stmt *st;
	size_t len = 0;
	char *out;

	if (sqlite3_prepare_v2(
		    h,
		    "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || "
		    "coalesce(sql, '') FROM sqlite_master UNION ALL SELECT "
		    "'version ' || user_version FROM pragma_user_version UNION "
		    "ALL SELECT 'app ' || application_id FROM "
		    "pragma_application_id ORDER BY 1",
		    -1, &st, NULL) != SQLITE_OK)
		return NULL;
	out = xstrdup("");
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *n = xasprintf("%s%s\n", out,
				    (const char *)sqlite3_column_text(st, 0));

		free(out);
		out = n;
		len++;
	}
	sqlite3_finalize(st);
	return out;
}

/* The schema the migrations make, from version 0. */
static char *migrated(void)
{
	sqlite3 *h;
	char *s, pragma[96];
	int i;

	if (sqlite3_open(":memory:", &h) != SQLITE_OK)
		return NULL;
	for (i = 0; db_migrations[i]; i++)
		if (sqlite3_exec(h, db_migrations[i], NULL, NULL, NULL))
			return NULL;
	snprintf(pragma, sizeof(pragma),
		 "PRAGMA user_version = %d; PRAGMA application_id = %d",
		 dpg_db_schema_version, DPG_DB_APPLICATION_ID);
	s = sqlite3_exec(h, pragma, NULL, NULL, NULL) ? NULL : schema_of(h);
	sqlite3_close(h);
	return s;
}

static char *opened(const char *path)
{
	struct dpg_db *db = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	sqlite3 *h;
	char *s;

	if (dpg_db_open(&db, path, DPG_DB_CREATE, &err) < 0) {
		fprintf(stderr, "  %s\n", err.msg);
		return NULL;
	}
	dpg_db_close(db);
	if (sqlite3_open(path, &h) != SQLITE_OK)
		return NULL;
	s = schema_of(h);
	sqlite3_close(h);
	return s;
}

TEST(test_db_fresh__new_and_migrated_alike)
{
	char dir[] = "/tmp/dpg-dbfresh-XXXXXX", *want = migrated(), *got;
	char *path, *cmd;
	sqlite3 *h;

	CHECK(mkdtemp(dir) != NULL);
	CHECK(want && strstr(want, "CREATE TABLE findings"));
	/* a new database: written whole from the generated image, nothing
	   else left in the directory */
	path = xasprintf("%s/new.db", dir);
	got = opened(path);
	CHECK(got != NULL);
	CHECK_STR(got ? got : "", want);
	free(got);
	cmd = xasprintf("test \"$(ls -A '%s')\" = new.db", dir);
	CHECK_INT(system(cmd), 0);
	free(cmd);
	CHECK_INT(sqlite3_open(path, &h), SQLITE_OK);
	CHECK_INT(sqlite3_exec(h, "PRAGMA integrity_check", NULL, NULL, NULL),
		  SQLITE_OK);
	sqlite3_close(h);
	free(path);
	/* an empty file: made by SQLite from the generated schema */
	path = xasprintf("%s/empty.db", dir);
	cmd = xasprintf(": > '%s'", path);
	CHECK_INT(system(cmd), 0);
	free(cmd);
	got = opened(path);
	CHECK(got != NULL);
	CHECK_STR(got ? got : "", want);
	free(got);
	free(path);
	/* a version 1 database: migrated step by step, to the same */
	path = xasprintf("%s/v1.db", dir);
	CHECK_INT(sqlite3_open(path, &h), SQLITE_OK);
	CHECK_INT(sqlite3_exec(h, db_migrations[0], NULL, NULL, NULL),
		  SQLITE_OK);
	CHECK_INT(sqlite3_exec(h, "PRAGMA user_version = 1", NULL, NULL, NULL),
		  SQLITE_OK);
	sqlite3_close(h);
	got = opened(path);
	CHECK(got != NULL);
	CHECK_STR(got ? got : "", want);
	free(got);
	free(path);
	free(want);
	cmd = xasprintf("rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
	free(cmd);
}

/* Store a scan of target in db: its id, 0 on an error. */
static int64_t store(struct dpg_db *db, const char *target)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_scan s;
	struct dpg_finding f = {"inventory", "file", DPG_IND_LICENSE,
				"LICENSE",   1,	     1,
				"license",   NULL,   -1};
	int64_t id;

	dpg_scan_init(&s);
	s.target = target;
	s.kind = "dir";
	s.status = "ok";
	s.types = "software";
	dpg_utc_now(s.started_at);
	dpg_utc_now(s.finished_at);
	dpg_scan_add_finding(&s, &f);
	s.verdicts[DPG_IND_LICENSE].verdict = "met";
	s.verdicts[DPG_IND_LICENSE].reason = "MIT";
	if (dpg_db_store_scan(db, &s, &err) < 0)
		fprintf(stderr, "  store: %s\n", err.msg);
	id = s.id;
	dpg_scan_release(&s);
	return id;
}

/* The one integer a query on the file at path gives, -1 on an error. */
static int64_t ask(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) ==
		    SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return n;
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

TEST(test_db_fresh__made_when_the_first_scan_is_stored)
{
	char dir[] = "/tmp/dpg-dblate-XXXXXX", *want = migrated(), *got;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_db *db = NULL, *other = NULL;
	struct dpg_scan back;
	char *path, *cmd;
	sqlite3 *h;

	CHECK(mkdtemp(dir) != NULL);
	path = xasprintf("%s/late.db", dir);
	/* nothing on disk until a scan is stored; closed before: nothing */
	CHECK_INT(dpg_db_open(&db, path, DPG_DB_CREATE | DPG_DB_LATE, &err), 0);
	CHECK(!exists(path));
	dpg_db_close(db);
	CHECK(!exists(path));
	cmd = xasprintf("test -z \"$(ls -A '%s')\"", dir);
	CHECK_INT(system(cmd), 0);
	free(cmd);
	/* stored: the whole file, in WAL mode, the schema a new one has, and
	   the scan readable from the handle and from the file */
	CHECK_INT(dpg_db_open(&db, path, DPG_DB_CREATE | DPG_DB_LATE, &err), 0);
	CHECK_INT((int)store(db, "/srv/a"), 1);
	CHECK(exists(path));
	cmd = xasprintf("test \"$(ls -A '%s')\" = late.db", dir);
	CHECK_INT(system(cmd), 0);
	free(cmd);
	dpg_scan_init(&back);
	CHECK_INT(dpg_db_load_scan(db, 1, &back, &err), 0);
	CHECK_STR(back.target ? back.target : "", "/srv/a");
	dpg_scan_release(&back);
	CHECK_INT((int)ask(path, "SELECT count(*) FROM findings"), 1);
	CHECK_INT(sqlite3_open(path, &h), SQLITE_OK);
	got = schema_of(h);
	sqlite3_close(h);
	CHECK_STR(got ? got : "", want ? want : "?");
	free(got);
	CHECK_INT((int)ask(path, "SELECT count(*) FROM pragma_journal_mode "
				 "WHERE journal_mode = 'wal'"),
		  1);
	CHECK_INT((int)ask(path, "SELECT integrity_check = 'ok' FROM "
				 "pragma_integrity_check"),
		  1);
	/* a second scan through the same handle goes to the file */
	CHECK_INT((int)store(db, "/srv/b"), 2);
	dpg_db_close(db);
	CHECK_INT((int)ask(path, "SELECT count(*) FROM scans"), 2);
	free(path);
	/* another process makes the file first: the scan goes into theirs,
	   which keeps its scans */
	path = xasprintf("%s/race.db", dir);
	CHECK_INT(dpg_db_open(&db, path, DPG_DB_CREATE | DPG_DB_LATE, &err), 0);
	CHECK_INT(dpg_db_open(&other, path, DPG_DB_CREATE, &err), 0);
	CHECK_INT((int)store(other, "/srv/first"), 1);
	dpg_db_close(other);
	CHECK_INT((int)store(db, "/srv/second"), 2);
	dpg_db_close(db);
	CHECK_INT((int)ask(path, "SELECT count(*) FROM scans s JOIN targets "
				 "t ON t.id = s.target_id WHERE t.locator IN "
				 "('/srv/first', '/srv/second')"),
		  2);
	free(path);
	free(want);
	cmd = xasprintf("rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
	free(cmd);
}

TEST_MAIN("test_db_fresh", T(test_db_fresh__new_and_migrated_alike),
	  T(test_db_fresh__made_when_the_first_scan_is_stored))
