#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#include "dpg/db.h"
#include "dpg/merge.h"
#include "dpg/scan.h"
#include "test.h"

static char dir[] = "/tmp/dpg-merge-XXXXXX";

static const char *path(const char *name)
{
	static char buf[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

/* Store a scan of target started at `when` with n findings in db. */
static int64_t store(struct dpg_db *db, const char *target, const char *when,
		     int n)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_scan s;
	struct dpg_finding f = {"inventory", "file", DPG_IND_LICENSE,
				"LICENSE",   1,	     1,
				"license",   NULL,   -1};
	int64_t id;
	int i;

	dpg_scan_init(&s);
	s.target = target;
	s.kind = "dir";
	s.status = "ok";
	s.types = "software";
	snprintf(s.started_at, sizeof(s.started_at), "%s", when);
	snprintf(s.finished_at, sizeof(s.finished_at), "%s", when);
	for (i = 0; i < n; i++) {
		f.line = (unsigned int)i + 1;
		dpg_scan_add_finding(&s, &f);
	}
	dpg_scan_add_skip(&s, "logo.png", "binary", 10);
	s.verdicts[DPG_IND_LICENSE].verdict = "met";
	s.verdicts[DPG_IND_LICENSE].reason = "MIT";
	if (dpg_db_store_scan(db, &s, &err) < 0)
		printf("  store: %s\n", err.msg);
	id = s.id;
	dpg_scan_release(&s);
	return id;
}

static int64_t count(struct dpg_db *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(dpg_db_handle(db), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

TEST(test_merge__setup)
{
	CHECK(mkdtemp(dir) != NULL);
}

/* Every table the migrations make has a merge rule. */
TEST(test_merge__every_table_has_a_rule)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_db *db = NULL;
	sqlite3_stmt *st;
	int n = 0;

	CHECK_INT(dpg_db_open(&db, path("schema.db"), DPG_DB_CREATE, &err), 0);
	CHECK(sqlite3_prepare_v2(dpg_db_handle(db),
				 "SELECT name FROM sqlite_master WHERE type = "
				 "'table' AND name NOT LIKE 'sqlite_%'",
				 -1, &st, NULL) == SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (dpg_merge_table_policy(t) < 0)
			printf("  table '%s' has no merge rule "
			       "(src/batch/merge.c)\n",
			       t);
		n += dpg_merge_table_policy(t) < 0;
	}
	sqlite3_finalize(st);
	dpg_db_close(db);
	CHECK_INT(n, 0);
	CHECK_INT(dpg_merge_table_policy("no_such_table"), -1);
}

TEST(test_merge__scans_once_ids_remapped)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_merge_stats st;
	struct dpg_db *a = NULL, *b = NULL, *out = NULL;
	int rc;

	CHECK_INT(dpg_db_open(&a, path("a.db"), DPG_DB_CREATE, &err), 0);
	CHECK_INT(dpg_db_open(&b, path("b.db"), DPG_DB_CREATE, &err), 0);
	store(a, "/r/one", "2026-01-01T00:00:00Z", 3);
	store(a, "/r/two", "2026-01-01T00:00:01Z", 2);
	store(b, "/r/three", "2026-01-02T00:00:00Z", 4);
	store(b, "/r/one", "2026-01-02T00:00:01Z", 1); /* a later scan */
	dpg_db_close(a);
	dpg_db_close(b);

	rc = dpg_db_open(&out, path("out.db"), DPG_DB_CREATE, &err);
	if (rc < 0)
		printf("  %s\n", err.msg);
	CHECK_INT(rc, 0);
	store(out, "/r/zero", "2025-12-31T00:00:00Z", 1);
	CHECK_INT(dpg_db_merge(out, path("a.db"), &st, &err), 0);
	CHECK_INT(st.scans_added, 2);
	CHECK_INT(st.targets_added, 2);
	CHECK_INT(dpg_db_merge(out, path("b.db"), &st, &err), 0);
	CHECK_INT(st.scans_added, 2);
	CHECK_INT(st.scans_present, 0);
	CHECK_INT(st.targets_added, 1);
	/* again: nothing new */
	CHECK_INT(dpg_db_merge(out, path("a.db"), &st, &err), 0);
	CHECK_INT(st.scans_added, 0);
	CHECK_INT(st.scans_present, 2);
	CHECK_INT(count(out, "SELECT count(*) FROM scans"), 5);
	CHECK_INT(count(out, "SELECT count(*) FROM targets"), 4);
	CHECK_INT(count(out, "SELECT count(*) FROM findings"), 11);
	CHECK_INT(count(out, "SELECT count(*) FROM skipped"), 5);
	CHECK_INT(count(out, "SELECT count(*) FROM verdicts"), 5);
	/* both scans of /r/one, history kept, each with its findings */
	CHECK_INT(count(out, "SELECT count(*) FROM scans s JOIN targets t ON "
			     "t.id = s.target_id WHERE t.locator = '/r/one'"),
		  2);
	CHECK_INT(count(out, "SELECT count(*) FROM findings f JOIN scans s ON "
			     "s.id = f.scan_id WHERE s.started_at = "
			     "'2026-01-02T00:00:01Z'"),
		  1);
	/* findings keep their order (line 1..3 of the first scan) */
	CHECK_INT(count(out, "SELECT group_concat(line, '') FROM (SELECT line "
			     "FROM findings f JOIN scans s ON s.id = f.scan_id "
			     "WHERE s.started_at = '2026-01-01T00:00:00Z' "
			     "ORDER BY f.id)"),
		  123);
	CHECK_INT(count(out, "PRAGMA foreign_key_check"), -1);
	dpg_db_close(out);
}

TEST(test_merge__refusals)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_db *out = NULL;
	sqlite3 *h;
	FILE *f;

	CHECK_INT(dpg_db_open(&out, path("out2.db"), DPG_DB_CREATE, &err), 0);
	CHECK_INT(dpg_db_merge(out, path("nosuch.db"), NULL, &err), DPG_EDB);
	CHECK(strstr(err.msg, "nosuch.db") != NULL);
	f = fopen(path("text.db"), "w");
	CHECK(f != NULL);
	fputs("hello, not a database at all; hello, not a database\n", f);
	fclose(f);
	CHECK_INT(dpg_db_merge(out, path("text.db"), NULL, &err), DPG_EDB);
	CHECK(strstr(err.msg, "is not an SQLite database") != NULL);
	CHECK(sqlite3_open(path("other.db"), &h) == SQLITE_OK);
	CHECK(sqlite3_exec(h, "CREATE TABLE notes (x); PRAGMA user_version = 1",
			   NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(h);
	CHECK_INT(dpg_db_merge(out, path("other.db"), NULL, &err), DPG_EDB);
	CHECK(strstr(err.msg, "is not a dpgaudit audit database") != NULL);
	CHECK(sqlite3_open(path("newer.db"), &h) == SQLITE_OK);
	CHECK(sqlite3_exec(h,
			   "CREATE TABLE targets (x); CREATE TABLE scans (y); "
			   "PRAGMA user_version = 999",
			   NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(h);
	CHECK_INT(dpg_db_merge(out, path("newer.db"), NULL, &err),
		  DPG_EVERSION);
	CHECK(strstr(err.msg, "schema version 999") != NULL);
	CHECK_INT(dpg_db_merge(out, path("out2.db"), NULL, &err), DPG_EUSAGE);
	CHECK_INT(count(out, "SELECT count(*) FROM scans"), 0);
	dpg_db_close(out);
}

TEST(test_merge__teardown)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

TEST_MAIN("test_merge", T(test_merge__setup),
	  T(test_merge__every_table_has_a_rule),
	  T(test_merge__scans_once_ids_remapped), T(test_merge__refusals),
	  T(test_merge__teardown))
