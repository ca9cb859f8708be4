/*
 * test_cache.c: the result cache's lookups in one read transaction and
 * its writes in key order (src/cache/cache.c) keep what a scan reads and
 * leaves: the last entry queued under a key is the one kept, a writer
 * elsewhere is not held up by the lookups, and nothing is lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../src/db/db_int.h"
#include "dpg/cache.h"
#include "test.h"

/* An entry of one finding whose value is v (under fingerprint fp). */
static void entry(struct dpg_cache_entry *e, uint32_t fp, const char *v)
{
	struct dpg_finding f = {0};

	memset(e, 0, sizeof(*e));
	dpg_results_init(&e->res);
	f.analyzer = "test";
	f.kind = "k";
	f.path = "p";
	f.value = v;
	dpg_results_add(&e->res, &f);
	e->len = 1;
	e->nsections = 1;
	e->sections[0].fp = fp;
	e->sections[0].first = 0;
	e->sections[0].n = 1;
}

static int fingerprint(struct dpg_cache *c, const char *fp, uint32_t *id,
		       struct dpg_error *err)
{
	return dpg_cache_fingerprints(c, &fp, 1, id, err);
}

/* The value cached under key, or "" when absent (in buf). */
static const char *value_of(struct dpg_cache *c, const char *key, char *buf,
			    size_t cap)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_cache_entry e;
	int rc = dpg_cache_get(c, key, &e, &err);

	buf[0] = '\0';
	if (rc > 0) {
		snprintf(buf, cap, "%s", e.res.findings[0].value);
		dpg_results_release(&e.res);
	}
	return rc < 0 ? "error" : buf;
}

TEST(test_cache__lookups_and_ordered_writes)
{
	char dir[] = "/tmp/dpg-test-cache-XXXXXX", path[64], buf[64];
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_cache *a = NULL, *b = NULL;
	struct dpg_cache_entry e;
	uint32_t fa = 0, fb = 0;
	static const char *const keys[] = {"f 100644 z", "0 100644 a",
					   "9 100644 m", "0 100644 a"};
	static const char *const vals[] = {"z1", "a1", "m1", "a2"};
	size_t i;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/c", dir);
	CHECK_INT(db_create_from_image(path, cache_image_runs,
				       cache_image_nruns, cache_image_size),
		  0);
	CHECK_INT(dpg_cache_open(&a, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK_INT(dpg_cache_open(&b, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK_INT(fingerprint(a, "fp", &fa, &err), 0);
	/* a's lookups hold a read transaction from the first one */
	CHECK_STR(value_of(a, "0 100644 a", buf, sizeof(buf)), "");
	/* which holds up neither a writer elsewhere... */
	CHECK_INT(fingerprint(b, "fp", &fb, &err), 0);
	CHECK_INT(fb, fa);
	entry(&e, fb, "other");
	dpg_cache_put(b, "1 100644 b", &e);
	dpg_results_release(&e.res);
	CHECK_INT(dpg_cache_flush(b, &err), 0);
	/* ...nor a's own fingerprint or writes; queued out of key order,
	   one key twice: the later entry is kept */
	CHECK_INT(fingerprint(a, "fp2", &fa, &err), 0);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		entry(&e, fa, vals[i]);
		dpg_cache_put(a, keys[i], &e);
		dpg_results_release(&e.res);
	}
	CHECK_INT(dpg_cache_flush(a, &err), 0);
	dpg_cache_close(a);
	dpg_cache_close(b);
	CHECK_INT(dpg_cache_open(&a, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK_STR(value_of(a, "0 100644 a", buf, sizeof(buf)), "a2");
	CHECK_STR(value_of(a, "9 100644 m", buf, sizeof(buf)), "m1");
	CHECK_STR(value_of(a, "f 100644 z", buf, sizeof(buf)), "z1");
	CHECK_STR(value_of(a, "1 100644 b", buf, sizeof(buf)), "other");
	CHECK_STR(value_of(a, "2 100644 none", buf, sizeof(buf)), "");
	dpg_cache_close(a);
	snprintf(buf, sizeof(buf), "rm -rf '%s'", dir);
	CHECK_INT(system(buf), 0);
}

/* Fingerprints: the known keep their ids, the new get new ones, and
 * asking again (no write then) gives the same. */
TEST(test_cache__fingerprints)
{
	char dir[] = "/tmp/dpg-test-cache-XXXXXX", path[64], cmd[96];
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_cache *a = NULL;
	const char *fps[3] = {"x", "y", "z"};
	uint32_t ids[3], again[3], y = 0;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/c", dir);
	CHECK_INT(dpg_cache_open(&a, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK_INT(dpg_cache_flush(a, &err), 0); /* made */
	CHECK_INT(fingerprint(a, "y", &y, &err), 0);
	CHECK_INT(dpg_cache_fingerprints(a, fps, 3, ids, &err), 0);
	CHECK_INT(ids[1], y);
	CHECK(ids[0] != ids[1] && ids[0] != ids[2] && ids[1] != ids[2]);
	dpg_cache_close(a);
	CHECK_INT(dpg_cache_open(&a, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK_INT(dpg_cache_fingerprints(a, fps, 3, again, &err), 0);
	CHECK(!memcmp(ids, again, sizeof(ids)));
	dpg_cache_close(a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
}

/* Every row of sqlite_master of h, in one string (malloc'd). */
static char *master(sqlite3 *h)
{
	sqlite3_stmt *st = NULL;
	size_t len = 0;
	char *s = calloc(1, 1);

	if (sqlite3_prepare_v2(h,
			       "SELECT type || ' ' || name || ' ' || tbl_name "
			       "|| ' ' || coalesce(sql, '') FROM sqlite_master "
			       "ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return s;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		size_t n = strlen(r);

		s = realloc(s, len + n + 2);
		memcpy(s + len, r, n);
		s[len + n] = '\n';
		s[len += n + 1] = '\0';
	}
	sqlite3_finalize(st);
	return s;
}

/* A new cache is made from the build-time image: the same tables as its
 * schema makes, in WAL mode, and usable. */
TEST(test_cache__made_from_image)
{
	char dir[] = "/tmp/dpg-test-cache-XXXXXX", path[64], cmd[96];
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_cache *a = NULL;
	sqlite3 *h = NULL, *m = NULL;
	sqlite3_stmt *st = NULL;
	char *x, *y;
	int same, fd = -1;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/c", dir);
	CHECK_INT(db_create_from_image(path, cache_image_runs,
				       cache_image_nruns, cache_image_size),
		  0);
	/* not replaced when it is there, nor by one made late (in memory,
	   then written whole) */
	CHECK_INT(db_create_from_image(path, cache_image_runs,
				       cache_image_nruns, cache_image_size),
		  -1);
	CHECK_INT(db_late_open(&m, &fd, path, cache_image_runs,
			       cache_image_nruns, cache_image_size),
		  0);
	CHECK_INT(sqlite3_exec(m, "INSERT INTO files VALUES ('k', x'00', 1, 1)",
			       NULL, NULL, NULL),
		  SQLITE_OK);
	CHECK_INT(db_late_link(m, fd, path), -1);
	sqlite3_close(m);
	CHECK_INT(sqlite3_open(path, &h), SQLITE_OK);
	CHECK_INT(sqlite3_open(":memory:", &m), SQLITE_OK);
	CHECK_INT(sqlite3_exec(m, db_cache_schema, NULL, NULL, NULL),
		  SQLITE_OK);
	x = master(h);
	y = master(m);
	same = strcmp(x, y) == 0 && strstr(x, "table files") != NULL &&
	       strstr(x, "table fingerprints") != NULL &&
	       strstr(x, "files_by_use") == NULL;
	free(x);
	free(y);
	CHECK(same);
	CHECK_INT(sqlite3_prepare_v2(h, "SELECT count(*) FROM files", -1, &st,
				     NULL),
		  SQLITE_OK);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	CHECK_INT(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL),
		  SQLITE_OK);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(h);
	sqlite3_close(m);
	snprintf(path, sizeof(path), "%s/d", dir);
	CHECK_INT(dpg_cache_open(&a, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK_INT(dpg_cache_flush(a, &err), 0);
	dpg_cache_close(a);
	CHECK_INT(access(path, F_OK), 0);
	/* an older cache's index on used (written with every entry) goes
	   when it is opened */
	CHECK_INT(sqlite3_open(path, &h), SQLITE_OK);
	CHECK_INT(sqlite3_exec(h, "CREATE INDEX files_by_use ON files(used)",
			       NULL, NULL, NULL),
		  SQLITE_OK);
	sqlite3_close(h);
	CHECK_INT(dpg_cache_open(&a, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	dpg_cache_close(a);
	CHECK_INT(sqlite3_open(path, &h), SQLITE_OK);
	x = master(h);
	CHECK(strstr(x, "table files") && !strstr(x, "files_by_use"));
	free(x);
	sqlite3_close(h);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
}

/* A missing cache is made by the first flush, not at open (the scan
 * starts without waiting for its file): till then lookups find nothing
 * and the fingerprints get the ids the new file gives them (1, 2..., the
 * same string the same id), and what was put is there after.  When
 * another scan made the file meanwhile with other ids, nothing is
 * written over its entries. */
TEST(test_cache__made_at_first_flush)
{
	char dir[] = "/tmp/dpg-test-cache-XXXXXX", path[64], cmd[96], buf[64];
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_cache *a = NULL, *b = NULL;
	struct dpg_cache_entry e;
	const char *fps[3] = {"x", "y", "x"};
	uint32_t ids[3], again[3], other = 0;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/c", dir);
	CHECK_INT(dpg_cache_open(&a, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK(access(path, F_OK) < 0);
	CHECK_INT(dpg_cache_fingerprints(a, fps, 3, ids, &err), 0);
	CHECK_INT(ids[0], 1);
	CHECK_INT(ids[1], 2);
	CHECK_INT(ids[2], 1);
	CHECK_STR(value_of(a, "0 100644 a", buf, sizeof(buf)), "");
	entry(&e, ids[1], "a1");
	dpg_cache_put(a, "0 100644 a", &e);
	dpg_results_release(&e.res);
	CHECK(access(path, F_OK) < 0);
	CHECK_INT(dpg_cache_flush(a, &err), 0);
	dpg_cache_close(a);
	CHECK_INT(dpg_cache_open(&a, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK_INT(dpg_cache_fingerprints(a, fps, 3, again, &err), 0);
	CHECK(!memcmp(ids, again, sizeof(ids)));
	CHECK_STR(value_of(a, "0 100644 a", buf, sizeof(buf)), "a1");
	dpg_cache_close(a);
	/* opened and closed without a flush: no file */
	snprintf(path, sizeof(path), "%s/d", dir);
	CHECK_INT(dpg_cache_open(&a, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	dpg_cache_close(a);
	CHECK(access(path, F_OK) < 0);
	/* made by b meanwhile, "z" first: a's ids are not the file's */
	CHECK_INT(dpg_cache_open(&a, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK_INT(dpg_cache_fingerprints(a, fps, 3, ids, &err), 0);
	CHECK_INT(dpg_cache_open(&b, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK_INT(fingerprint(b, "z", &other, &err), 0);
	CHECK_INT(other, 1);
	entry(&e, other, "b1");
	dpg_cache_put(b, "0 100644 a", &e);
	dpg_results_release(&e.res);
	CHECK_INT(dpg_cache_flush(b, &err), 0);
	dpg_cache_close(b);
	entry(&e, ids[0], "a1");
	dpg_cache_put(a, "0 100644 a", &e);
	dpg_results_release(&e.res);
	CHECK_INT(dpg_cache_flush(a, &err), 0);
	/* and not by a later flush either */
	entry(&e, ids[0], "a2");
	dpg_cache_put(a, "0 100644 a", &e);
	dpg_results_release(&e.res);
	CHECK_INT(dpg_cache_flush(a, &err), 0);
	dpg_cache_close(a);
	CHECK_INT(dpg_cache_open(&a, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK_STR(value_of(a, "0 100644 a", buf, sizeof(buf)), "b1");
	dpg_cache_close(a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
}

TEST_MAIN("test_cache", T(test_cache__lookups_and_ordered_writes),
	  T(test_cache__fingerprints), T(test_cache__made_from_image),
	  T(test_cache__made_at_first_flush))
