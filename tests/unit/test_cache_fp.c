/*
 * test_cache_fp.c: the result cache's fingerprint ids (src/cache/cache.c,
 * dpg_cache_fingerprints: the lookups in one read transaction, the new ones
 * added by INSERT OR IGNORE) against what the file holds, read apart with
 * SQLite: every string gets the id of its row; the new ones the next ids in
 * the order they come (one id a string, repeats included); the known keep
 * theirs; and again, without a write, the same.  The strings are lines of
 * this repository's documents, as long as the scan's fingerprints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "dpg/cache.h"
#include "dpg/util.h"
#include "test.h"

#define NFP 300

/* The id of fp in the cache file at path, by a connection of its own; 0
 * when it has none. */
static uint32_t id_in_file(const char *path, const char *fp)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	uint32_t id = 0;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) ==
		    SQLITE_OK &&
	    sqlite3_prepare_v2(h, "SELECT id FROM fingerprints WHERE fp = ?1",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = (uint32_t)sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return id;
}

static uint32_t max_id(const char *path)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	uint32_t id = 0;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) ==
		    SQLITE_OK &&
	    sqlite3_prepare_v2(h,
			       "SELECT coalesce(max(id), 0) FROM fingerprints",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		id = (uint32_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return id;
}

/* Lines of a document (each a distinct string or a repeat). */
static size_t lines(char **out, size_t max)
{
	FILE *fp = fopen("docs/ARCHITECTURE.md", "rb");
	char line[4096];
	size_t n = 0;

	if (!fp)
		return 0;
	while (n < max && fgets(line, sizeof(line), fp))
		out[n++] = xstrdup(line);
	fclose(fp);
	return n;
}

TEST(test_cache_fp__ids)
{
	char dir[] = "/tmp/dpg-test-cache-fp-XXXXXX", path[64], cmd[96];
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_cache *c = NULL;
	char *text[NFP];
	const char *fps[NFP];
	uint32_t ids[NFP], again[NFP], before[NFP], next;
	size_t n = lines(text, NFP), i, j, round;

	CHECK(n == NFP);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/c", dir);
	CHECK_INT(dpg_cache_open(&c, path, DPG_CACHE_MAX_DEFAULT, &err), 0);
	CHECK_INT(dpg_cache_flush(c, &err), 0); /* made */
	/* three rounds: new strings; half known, half new; all known */
	for (round = 0; round < 3; round++) {
		size_t m = round == 2 ? NFP : NFP / 2 + round * NFP / 4;
		size_t off = round == 1 ? NFP / 4 : 0;

		for (i = 0; i < m; i++)
			fps[i] = text[(off + i) % NFP];
		next = max_id(path);
		for (i = 0; i < m; i++)
			before[i] = id_in_file(path, fps[i]);
		CHECK_INT(dpg_cache_fingerprints(c, fps, m, ids, &err), 0);
		for (i = 0; i < m; i++) {
			CHECK_INT(ids[i], id_in_file(path, fps[i]));
			for (j = 0; j < i && strcmp(fps[j], fps[i]); j++)
				;
			if (before[i]) /* known: its id */
				CHECK_INT(ids[i], before[i]);
			else if (j < i) /* a repeat: the first's */
				CHECK_INT(ids[i], ids[j]);
			else /* new: the next */
				CHECK_INT(ids[i], ++next);
		}
		CHECK_INT(dpg_cache_fingerprints(c, fps, m, again, &err), 0);
		CHECK(!memcmp(ids, again, m * sizeof(*ids)));
	}
	dpg_cache_close(c);
	for (i = 0; i < n; i++)
		free(text[i]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
}

/* The fingerprints table of the file at path, as text. */
static char *fps_of(const char *path)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	char *out = xstrdup("");

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) ==
		    SQLITE_OK &&
	    sqlite3_prepare_v2(h, "SELECT id, fp FROM fingerprints ORDER BY id",
			       -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW) {
			char *o = xasprintf(
				"%s%lld %s", out, sqlite3_column_int64(st, 0),
				(const char *)sqlite3_column_text(st, 1));

			free(out);
			out = o;
		}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

/*
 * A cache made at the first flush (in memory: its fingerprints added
 * without looking for them, the new file's being none) gets the ids, and
 * the rows, that the same fingerprints get in a cache file made empty
 * first; and what was put is written (the ids were those promised).
 */
TEST(test_cache_fp__new_file_as_existing)
{
	char dir[] = "/tmp/dpg-test-cache-fpnew-XXXXXX", path[2][80], cmd[96];
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_cache *c;
	struct dpg_cache_entry e;
	char *text[NFP], *a, *b;
	const char *fps[NFP];
	uint32_t ids[2][NFP];
	size_t n = lines(text, NFP), i, k, dup = 0;

	CHECK(n == NFP);
	CHECK(mkdtemp(dir) != NULL);
	for (i = 0; i < n; i++) {
		fps[i] = text[i];
		for (k = 0; k < i && strcmp(text[k], text[i]); k++)
			;
		dup += k < i;
	}
	CHECK(dup > 0); /* repeats among them (blank lines) */
	for (k = 0; k < 2; k++) {
		snprintf(path[k], sizeof(path[k]), "%s/c%zu", dir, k);
		CHECK_INT(dpg_cache_open(&c, path[k], DPG_CACHE_MAX_DEFAULT,
					 &err),
			  0);
		if (k == 1) /* the file made empty, then given them */
			CHECK_INT(dpg_cache_flush(c, &err), 0);
		CHECK_INT(dpg_cache_fingerprints(c, fps, n, ids[k], &err), 0);
		memset(&e, 0, sizeof(e));
		dpg_results_init(&e.res);
		e.len = 7;
		dpg_cache_put(c, "key", &e);
		CHECK_INT(dpg_cache_flush(c, &err), 0);
		dpg_cache_close(c);
		CHECK_INT(dpg_cache_open(&c, path[k], DPG_CACHE_MAX_DEFAULT,
					 &err),
			  0);
		CHECK_INT(dpg_cache_get(c, "key", &e, &err), 1);
		CHECK_INT(e.len, 7);
		dpg_results_release(&e.res);
		dpg_cache_close(c);
		for (i = 0; i < n; i++)
			CHECK_INT(ids[k][i], id_in_file(path[k], fps[i]));
	}
	CHECK(!memcmp(ids[0], ids[1], sizeof(ids[0])));
	a = fps_of(path[0]);
	b = fps_of(path[1]);
	CHECK(strlen(a) > 1000);
	CHECK_STR(a, b);
	free(a);
	free(b);
	for (i = 0; i < n; i++)
		free(text[i]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
}

TEST_MAIN("cache_fp", T(test_cache_fp__ids),
	  T(test_cache_fp__new_file_as_existing))
