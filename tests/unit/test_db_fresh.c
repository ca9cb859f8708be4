/*
 * test_db_fresh.c: a new audit database is written from the generated
 * image (db_image, tools/gen-schema.c), an empty file is made from the
 * generated schema (db_schema_fresh) in one go, and an old one is migrated
 * step by step.  All must end with the schema the migrations make.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

struct texts {
	char *s[120];
	size_t n;
};

static void add_text(const char *path, const char *s, size_t len, void *ctx)
{
	struct texts *t = ctx;

	(void)path;
	if (t->n < 120)
		t->s[t->n++] = xstrndup(s, len);
}

/* A scan of target whose findings and skips are text[0..n-1] (the first
 * verdict, when given, that one). */
static int64_t store_text(struct dpg_db *db, const char *target,
			  const char *kind, const char *status,
			  const char *verdict, char **text, size_t n)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_scan s;
	size_t i;
	int64_t id;

	dpg_scan_init(&s);
	s.target = target;
	s.kind = kind;
	s.status = status;
	s.types = "software";
	s.tree_id = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
	s.fingerprint = "0123456789abcdef0123456789abcdef01234567";
	snprintf(s.started_at, sizeof(s.started_at), "2026-01-0%uT00:00:00Z",
		 (unsigned)(n % 9 + 1));
	memcpy(s.finished_at, s.started_at, sizeof(s.started_at));
	for (i = 0; i < n; i++) {
		struct dpg_finding f = {
			"rules",  "match",	   (int)(i % 11 + 1),
			"README", (unsigned)i + 1, (unsigned)i + 1,
			text[i],  text[n - 1 - i], (double)i / 7};

		if (i % 5 == 0)
			f.score = -1;
		if (i % 3 == 0)
			dpg_scan_add_skip(&s, text[i], "binary", i);
		dpg_scan_add_finding(&s, &f);
	}
	for (i = 1; i < DPG_IND_COUNT; i++) {
		s.verdicts[i].verdict = i % 3 == 0   ? "met"
					: i % 3 == 1 ? "not met"
						     : "review";
		s.verdicts[i].reason = text[i % n];
	}
	if (verdict)
		s.verdicts[1].verdict = verdict;
	if (dpg_db_store_scan(db, &s, &err) < 0)
		fprintf(stderr, "  store (expected for a bad one): %s\n",
			err.msg);
	id = s.id;
	dpg_scan_release(&s);
	return id;
}

/* fn(each value, as text or NULL, ctx) of every row of the audit tables
 * in the file at path, table after table, row after row. */
static void each_value(const char *path,
		       void (*fn)(const unsigned char *v, void *ctx), void *ctx)
{
	static const char *const sql[] = {
		"SELECT * FROM targets ORDER BY id",
		"SELECT * FROM scans ORDER BY id",
		"SELECT * FROM findings ORDER BY id",
		"SELECT * FROM skipped ORDER BY rowid",
		"SELECT * FROM verdicts ORDER BY rowid",
	};
	sqlite3 *h;
	size_t q;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return;
	for (q = 0; q < sizeof(sql) / sizeof(*sql); q++) {
		sqlite3_stmt *st;

		if (sqlite3_prepare_v2(h, sql[q], -1, &st, NULL) != SQLITE_OK)
			continue;
		while (sqlite3_step(st) == SQLITE_ROW) {
			int c;

			for (c = 0; c < sqlite3_column_count(st); c++)
				fn(sqlite3_column_text(st, c), ctx);
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
}

static void add_value(const unsigned char *v, void *ctx)
{
	char **out = ctx;
	char *o = xasprintf("%s%s|", *out, v ? (const char *)v : "NULL");

	free(*out);
	*out = o;
}

/* Every row of the audit tables in the file at path, as text. */
static char *rows_of(const char *path)
{
	char *out = xstrdup("");

	each_value(path, add_value, &out);
	return out;
}

struct digest {
	uint64_t h;
	size_t n;
};

static void hash_value(const unsigned char *v, void *ctx)
{
	struct digest *d = ctx;

	d->h = dpg_fnv1a64_more(d->h, v ? (const char *)v : "\1",
				v ? strlen((const char *)v) + 1 : 2);
	d->n++;
}

/* rows_of() as a hash, and the number of values hashed: for large tables. */
static uint64_t rows_digest(const char *path, size_t *nvalues)
{
	struct digest d = {dpg_fnv1a64("", 0), 0};

	each_value(path, hash_value, &d);
	*nvalues = d.n;
	return d.h;
}

/* The last good scan of target through db, as text. */
static char *last_good(struct dpg_db *db, const char *target)
{
	struct dpg_error err = DPG_ERROR_INIT;
	char tree[41], fp[41];
	int64_t id = -1;
	int rc = dpg_db_last_good_scan(db, target, &id, tree, fp, &err);

	return xasprintf("%d %lld %s %s", rc, (long long)id, tree, fp);
}

/*
 * A new database made in memory (DPG_DB_LATE: the statements for an empty
 * one) and one on disk made from the same image store the same scans to
 * the same rows, and refuse the same bad ones; the last good scan reads
 * the same from both.
 */
TEST(test_db_fresh__new_stores_as_existing)
{
	char dir[] = "/tmp/dpg-dbsame-XXXXXX", buf[300], **text, *a, *b, *cmd;
	const char *path[2];
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_db *db[2];
	struct texts t = {{NULL}, 0};
	size_t n, i, k;

	/* the start of each copyright file: the excerpts, paths, reasons */
	test_each_listed("ls /usr/share/doc/*/copyright | head -120", buf,
			 sizeof(buf), add_text, &t);
	text = t.s;
	n = t.n;

	CHECK(n == 120);
	CHECK(mkdtemp(dir) != NULL);
	path[0] = xasprintf("%s/late.db", dir);
	path[1] = xasprintf("%s/file.db", dir);
	CHECK_INT(
		dpg_db_open(&db[0], path[0], DPG_DB_CREATE | DPG_DB_LATE, &err),
		0);
	CHECK_INT(dpg_db_open(&db[1], path[1], DPG_DB_CREATE, &err), 0);
	for (k = 0; k < 2; k++) {
		a = last_good(db[k], "/srv/x");
		CHECK_STR(a, "0 0  ");
		free(a);
		/* refused: a status and a verdict outside the CHECKs */
		CHECK_INT(store_text(db[k], "/srv/x", "git", "bogus", NULL,
				     text, 3),
			  0);
		CHECK_INT(store_text(db[k], "/srv/x", "git", "ok", "met ", text,
				     3),
			  0);
		CHECK(k == 1 || !exists(path[0]));
		CHECK_INT(
			store_text(db[k], "/srv/x", "git", "ok", NULL, text, 1),
			1);
		a = last_good(db[k], "/srv/x");
		CHECK(strncmp(a, "0 1 4b825dc6", 12) == 0);
		free(a);
		/* a second one of the same target, its kind changed */
		CHECK_INT(store_text(db[k], "/srv/x", "dir", "partial", NULL,
				     text, n),
			  2);
		CHECK_INT(store_text(db[k], "/srv/y", "git", "unchanged", NULL,
				     text, n / 2),
			  3);
	}
	for (k = 0; k < 2; k++) {
		/* the constraints hold for other writers afterwards */
		CHECK(dpg_db_exec(db[k],
				  "INSERT INTO verdicts (scan_id, indicator, "
				  "verdict, reason) VALUES (1, '99', 'bogus', "
				  "'')",
				  &err) < 0);
		CHECK(strstr(err.msg, "CHECK") != NULL);
	}
	a = last_good(db[0], "/srv/x");
	b = last_good(db[1], "/srv/x");
	CHECK_STR(a, b);
	CHECK(strncmp(a, "0 1 ", 4) == 0);
	free(a);
	free(b);
	dpg_db_close(db[0]);
	dpg_db_close(db[1]);
	a = rows_of(path[0]);
	b = rows_of(path[1]);
	CHECK(strlen(a) > 10000);
	CHECK_STR(a, b);
	free(a);
	free(b);
	for (i = 0; i < n; i++)
		free(text[i]);
	free((char *)path[0]);
	free((char *)path[1]);
	cmd = xasprintf("rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
	free(cmd);
}

/*
 * A new database made in memory (db_late_open) grows as its first scan is
 * stored past its image, SQLite's memory file growing its buffer: by a
 * little, by more, and by over a MiB.  Each way, the file it becomes holds
 * what one made on disk from the image holds, whole.
 */
TEST(test_db_fresh__grows_in_memory_as_on_disk)
{
	static const size_t nfind[] = {40, 400, 3000};
	char dir[] = "/tmp/dpg-dbgrow-XXXXXX", buf[300], *cmd;
	struct texts t = {{NULL}, 0};
	struct dpg_error err = DPG_ERROR_INIT;
	size_t i, k, r, size[2], nv[2];
	uint64_t rows[2];

	test_each_listed("ls /usr/share/doc/*/copyright | head -120", buf,
			 sizeof(buf), add_text, &t);
	CHECK(t.n == 120);
	CHECK(mkdtemp(dir) != NULL);
	for (r = 0; r < sizeof(nfind) / sizeof(*nfind); r++) {
		char *path[2];

		for (k = 0; k < 2; k++) {
			struct dpg_db *db = NULL;
			struct dpg_scan s;
			struct stat st;

			path[k] = xasprintf("%s/%zu-%s.db", dir, r,
					    k ? "file" : "late");
			CHECK_INT(dpg_db_open(&db, path[k],
					      DPG_DB_CREATE |
						      (k ? 0 : DPG_DB_LATE),
					      &err),
				  0);
			dpg_scan_init(&s);
			s.target = "/srv/grow";
			s.kind = "git";
			s.status = "ok";
			snprintf(s.started_at, sizeof(s.started_at),
				 "2026-01-01T00:00:00Z");
			memcpy(s.finished_at, s.started_at,
			       sizeof(s.started_at));
			for (i = 0; i < nfind[r]; i++) {
				struct dpg_finding f = {"rules",
							"match",
							(int)(i % 11 + 1),
							t.s[(i * 7) % t.n],
							(unsigned)i + 1,
							(unsigned)i + 2,
							t.s[i % t.n],
							t.s[(i * 13 + 5) % t.n],
							(double)i / 3};

				dpg_scan_add_finding(&s, &f);
			}
			s.verdicts[1].verdict = "met";
			s.verdicts[1].reason = "";
			CHECK_INT(dpg_db_store_scan(db, &s, &err), 0);
			CHECK_INT((int)s.id, 1);
			dpg_scan_release(&s);
			dpg_db_close(db);
			CHECK(stat(path[k], &st) == 0);
			size[k] = (size_t)st.st_size;
			CHECK_INT((int)ask(path[k],
					   "SELECT integrity_check = 'ok' "
					   "FROM pragma_integrity_check"),
				  1);
		}
		/* past the image; the last past a MiB */
		CHECK(size[0] > db_image_size);
		CHECK(r < 2 || size[0] > ((size_t)1 << 20));
		CHECK_INT((int)size[0], (int)size[1]);
		rows[0] = rows_digest(path[0], &nv[0]);
		rows[1] = rows_digest(path[1], &nv[1]);
		CHECK(nv[0] > nfind[r] * 10);
		CHECK_INT(nv[0], nv[1]);
		CHECK(rows[0] == rows[1]);
		free(path[0]);
		free(path[1]);
	}
	for (i = 0; i < t.n; i++)
		free(t.s[i]);
	cmd = xasprintf("rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
	free(cmd);
}

/* Does the schema's CHECK let v be column col of table (a row inserted
 * into h, a database the migrations made, and taken back)?  1, 0, or -1
 * on another error. */
static int schema_allows(sqlite3 *h, const char *table, const char *v)
{
	const char *sql =
		!strcmp(table, "scans")
			? "INSERT INTO scans (target_id, kind, started_at, "
			  "finished_at, tool_version, status) VALUES (1, "
			  "'git', '', '', '', ?1)"
			: "INSERT INTO verdicts (scan_id, indicator, verdict, "
			  "reason) VALUES (1, 'x', ?1, '')";
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = sqlite3_extended_errcode(h) == SQLITE_CONSTRAINT_CHECK
			     ? 0
			     : -1;
	sqlite3_finalize(st);
	sqlite3_exec(h, "DELETE FROM scans; DELETE FROM verdicts", NULL, NULL,
		     NULL);
	return rc;
}

/*
 * A scan is stored without SQLite's CHECKs of scans.status and
 * verdicts.verdict, db.c checking the values itself (db_in_list): it
 * allows what the schema's CHECKs allow, value for value, and a scan it
 * refuses is refused as before.
 */
TEST(test_db_fresh__checks_as_the_schema)
{
	static const char *const extra[] = {
		/* the schema's (docs/DATABASE.md), then others near them */
		"ok",	    "failed",	"partial",    "unchanged", "met",
		"not met",  "review",	"",	      "OK",	   "ok ",
		" ok",	    "bogus",	"met ",	      "Met",	   "notmet",
		"not  met", "review\n", "unchanged?", "fail",	   "partial.",
		"pending",  "done",	"running",
	};
	const char *const *lists[] = {db_scan_statuses, db_verdicts};
	const char *const tables[] = {"scans", "verdicts"};
	sqlite3 *h;
	size_t t, l, i, n = 0;
	int i_;

	CHECK_INT(sqlite3_open(":memory:", &h), SQLITE_OK);
	for (i_ = 0; db_migrations[i_]; i_++)
		CHECK_INT(sqlite3_exec(h, db_migrations[i_], NULL, NULL, NULL),
			  SQLITE_OK);
	for (t = 0; t < 2; t++) {
		/* every value of both lists, and others near them */
		for (l = 0; l < 2; l++)
			for (i = 0; lists[l][i]; i++) {
				CHECK_INT(schema_allows(h, tables[t],
							lists[l][i]),
					  db_in_list(lists[l][i], lists[t]));
				n++;
			}
		for (i = 0; i < sizeof(extra) / sizeof(*extra); i++) {
			CHECK_INT(schema_allows(h, tables[t], extra[i]),
				  db_in_list(extra[i], lists[t]));
			n++;
		}
		CHECK(db_in_list(NULL, lists[t]));
	}
	CHECK_INT((int)n, 2 * (7 + 7 + 16));
	sqlite3_close(h);
}

TEST_MAIN("test_db_fresh", T(test_db_fresh__new_and_migrated_alike),
	  T(test_db_fresh__made_when_the_first_scan_is_stored),
	  T(test_db_fresh__new_stores_as_existing),
	  T(test_db_fresh__checks_as_the_schema),
	  T(test_db_fresh__grows_in_memory_as_on_disk))
