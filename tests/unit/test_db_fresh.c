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

TEST_MAIN("test_db_fresh", T(test_db_fresh__new_and_migrated_alike))
