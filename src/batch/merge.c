/*
 * merge.c: combine audit databases (see dpg/merge.h).
 *
 * The input is attached to the output's connection as merge_src and read
 * in one transaction of the output.  Each table is carried by a rule of
 * its own (the table below); within a table only the columns both
 * schemas have are copied, so an input of an older schema merges too.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>

#include "dpg/buf.h"
#include "dpg/merge.h"
#include "dpg/util.h"
#include "dpg/banned.h"

enum how {
	LEAVE_OUT,     /* on purpose: say why in docs/DATABASE.md */
	CARRY_TARGETS, /* by locator */
	CARRY_SCANS,   /* by identity (all columns but ids) */
	CARRY_SCAN_ROWS /* the rows of the scans added (scan_id) */,
	CARRY_RUNS, /* by name, fingerprint and created_at */
	CARRY_RUN_ITEMS /* with their run; the furthest state wins */,
};

/* Every table of the schema, in the order merge carries them. */
static const struct {
	const char *name;
	enum how how;
} tables[] = {
	{"targets", CARRY_TARGETS},	{"scans", CARRY_SCANS},
	{"skipped", CARRY_SCAN_ROWS},	{"findings", CARRY_SCAN_ROWS},
	{"verdicts", CARRY_SCAN_ROWS},	{"runs", CARRY_RUNS},
	{"run_items", CARRY_RUN_ITEMS},
};

int dpg_merge_table_policy(const char *table)
{
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(tables); i++)
		if (strcmp(tables[i].name, table) == 0)
			return tables[i].how != LEAVE_OUT;
	return -1;
}

struct merge {
	struct dpg_db *db;
	sqlite3 *h;
	const char *in;
	struct dpg_merge_stats *st;
	struct dpg_error *err;
};

static int exec(struct merge *m, const char *sql)
{
	return dpg_db_exec(m->db, sql, m->err);
}

static int prepare(struct merge *m, sqlite3_stmt **st, const char *sql)
{
	if (sqlite3_prepare_v2(m->h, sql, -1, st, NULL) != SQLITE_OK)
		return dpg_db_fail(m->db, DPG_EDB, "merging", m->err);
	return 0;
}

/* A one-value query's integer (0 when no row). */
static int query_int(struct merge *m, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prepare(m, &st, sql)) < 0)
		return rc;
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		     ? 0
		     : dpg_db_fail(m->db, DPG_EDB, "merging", m->err);
	sqlite3_finalize(st);
	return rc;
}

/* ---- columns -------------------------------------------------------- */

struct cols {
	char **name;
	size_t n, cap;
	const char *rowid; /* the INTEGER PRIMARY KEY column, or NULL */
};

static void cols_release(struct cols *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->name[i]);
	free(c->name);
	memset(c, 0, sizeof(*c));
}

static int cols_read(struct merge *m, const char *schema, const char *table,
		     struct cols *c)
{
	char *sql = xasprintf("PRAGMA %s.table_info(\"%s\")", schema, table);
	sqlite3_stmt *st;
	int rc, npk = 0;
	const char *pk = NULL;

	memset(c, 0, sizeof(*c));
	rc = prepare(m, &st, sql);
	free(sql);
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *type = (const char *)sqlite3_column_text(st, 2);

		dpg_grow(&c->name, &c->cap, c->n + 1, sizeof(*c->name));
		c->name[c->n++] = xstrdup(name);
		if (sqlite3_column_int(st, 5) > 0) {
			npk++;
			if (type && dpg_strcasecmp(type, "INTEGER") == 0)
				pk = c->name[c->n - 1];
		}
	}
	c->rowid = npk == 1 ? pk : NULL;
	rc = rc == SQLITE_DONE ? 0
			       : dpg_db_fail(m->db, DPG_EDB, "merging", m->err);
	sqlite3_finalize(st);
	return rc;
}

static int has(const struct cols *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->name[i], name) == 0)
			return 1;
	return 0;
}

/* How common() lists the columns. */
enum list_as {
	AS_NAMES, /* "c" */
	AS_SRC,	  /* s."c" */
	AS_SAME,  /* m."c" IS s."c" */
};

/*
 * The columns of table in both schemas, but the output's row id and those
 * in skip (NULL-terminated), listed as `as` says, joined by ", " (" AND "
 * for AS_SAME), into *out (malloc'd; "" when none).
 */
static int common(struct merge *m, const char *table, const char *const *skip,
		  enum list_as as, char **out)
{
	struct dpg_buf b = DPG_BUF_INIT(1 << 20);
	struct cols x, y;
	size_t i, k;
	int rc;

	*out = NULL;
	if ((rc = cols_read(m, "main", table, &x)) < 0)
		return rc;
	if ((rc = cols_read(m, "merge_src", table, &y)) < 0)
		goto done;
	for (i = 0; i < x.n && rc == 0; i++) {
		const char *c = x.name[i];
		int skipped =
			(x.rowid && strcmp(c, x.rowid) == 0) || !has(&y, c);

		for (k = 0; skip[k] && !skipped; k++)
			skipped = strcmp(c, skip[k]) == 0;
		if (skipped)
			continue;
		if (b.len)
			rc = dpg_buf_puts(&b, as == AS_SAME ? " AND " : ", ",
					  m->err);
		if (rc == 0 && as == AS_SAME)
			rc = dpg_buf_printf(&b, m->err, "m.\"%s\" IS s.\"%s\"",
					    c, c);
		else if (rc == 0)
			rc = dpg_buf_printf(&b, m->err, "%s\"%s\"",
					    as == AS_SRC ? "s." : "", c);
	}
	if (rc == 0)
		*out = dpg_buf_detach(&b, NULL);
done:
	dpg_buf_release(&b);
	cols_release(&x);
	cols_release(&y);
	return rc;
}

/* ---- the input ------------------------------------------------------ */

static int src_fail(struct merge *m, const char *what)
{
	int ec = sqlite3_extended_errcode(m->h) & 0xff;

	if (ec == SQLITE_NOTADB)
		return dpg_error_set(m->err, DPG_EDB,
				     "'%s' is not an SQLite database", m->in);
	if (ec == SQLITE_BUSY || ec == SQLITE_LOCKED)
		return dpg_db_fail(m->db, DPG_EBUSY, what, m->err);
	return dpg_error_set(m->err, DPG_EDB, "cannot read '%s': %s: %s", m->in,
			     what, sqlite3_errmsg(m->h));
}

/*
 * What the input's header says, read without SQLite (which could write to
 * a file that is not ours: roll back its journal, checkpoint its WAL):
 * refuse a file that is not SQLite, another application's database, a
 * newer schema.
 */
static int check_header(struct merge *m)
{
	unsigned char h[100];
	uint32_t app, version;
	ssize_t n;
	int fd;

	fd = open(m->in, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return dpg_error_set(m->err, DPG_EDB,
				     "cannot open audit database '%s': %s",
				     m->in, strerror(errno));
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n == 0)
		return dpg_error_set(m->err, DPG_EDB,
				     "'%s' is not a dpgaudit audit database "
				     "(an empty file)",
				     m->in);
	if (n != (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0)
		return dpg_error_set(m->err, DPG_EDB,
				     "'%s' is not an SQLite database", m->in);
	app = (uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 |
	      (uint32_t)h[70] << 8 | h[71];
	version = (uint32_t)h[60] << 24 | (uint32_t)h[61] << 16 |
		  (uint32_t)h[62] << 8 | h[63];
	if (app && app != DPG_DB_APPLICATION_ID)
		return dpg_error_set(m->err, DPG_EDB,
				     "'%s' is another application's SQLite "
				     "database (application_id %#x), not a "
				     "dpgaudit audit database",
				     m->in, (unsigned int)app);
	if (version > (uint32_t)dpg_db_schema_version)
		return dpg_error_set(m->err, DPG_EVERSION,
				     "audit database '%s' has schema version "
				     "%u, newer than this dpgaudit knows (%d): "
				     "use a newer dpgaudit",
				     m->in, (unsigned int)version,
				     dpg_db_schema_version);
	return 0;
}

/* Once attached: an audit database this build can read (the header may
 * be older than the WAL). */
static int check_input(struct merge *m)
{
	sqlite3_stmt *st;
	int64_t v[3] = {0, 0, 0};
	int rc, i;

	if (sqlite3_prepare_v2(m->h,
			       "SELECT (SELECT user_version FROM "
			       "merge_src.pragma_user_version), (SELECT "
			       "application_id FROM "
			       "merge_src.pragma_application_id), (SELECT "
			       "count(*) FROM merge_src.sqlite_master WHERE "
			       "type = 'table' AND name IN ('targets', "
			       "'scans'))",
			       -1, &st, NULL) != SQLITE_OK)
		return src_fail(m, "reading its schema");
	rc = sqlite3_step(st);
	for (i = 0; rc == SQLITE_ROW && i < 3; i++)
		v[i] = sqlite3_column_int64(st, i);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return src_fail(m, "reading its schema");
	if (v[0] > dpg_db_schema_version)
		return dpg_error_set(m->err, DPG_EVERSION,
				     "audit database '%s' has schema version "
				     "%" PRId64 ", newer than this dpgaudit "
				     "knows (%d): use a newer dpgaudit",
				     m->in, v[0], dpg_db_schema_version);
	if (v[0] < 1 || v[2] != 2 ||
	    (v[1] != 0 && v[1] != DPG_DB_APPLICATION_ID))
		return dpg_error_set(m->err, DPG_EDB,
				     "'%s' is not a dpgaudit audit database",
				     m->in);
	return 0;
}

/* ---- the tables ----------------------------------------------------- */

static int carry_targets(struct merge *m)
{
	static const char *const skip[] = {"locator", "first_scanned", NULL};
	int64_t before, after;
	char *cols, *sql;
	int rc;

	if ((rc = common(m, "targets", skip, AS_NAMES, &cols)) < 0)
		return rc;
	sql = xasprintf(
		"INSERT INTO main.targets (locator, first_scanned%s%s) SELECT "
		"locator, first_scanned%s%s FROM merge_src.targets WHERE true "
		"ON CONFLICT (locator) DO UPDATE SET first_scanned = "
		"min(first_scanned, excluded.first_scanned);\n"
		"CREATE TEMP TABLE merge_targets (src_id INTEGER PRIMARY KEY, "
		"out_id INTEGER);\n"
		"INSERT INTO temp.merge_targets SELECT s.id, m.id FROM "
		"merge_src.targets s JOIN main.targets m ON m.locator = "
		"s.locator;",
		*cols ? ", " : "", cols, *cols ? ", " : "", cols);
	free(cols);
	if ((rc = query_int(m, "SELECT count(*) FROM main.targets", &before)) ==
		    0 &&
	    (rc = exec(m, sql)) == 0 &&
	    (rc = query_int(m, "SELECT count(*) FROM main.targets", &after)) ==
		    0)
		m->st->targets_added += (size_t)(after - before);
	free(sql);
	return rc;
}

/* The statements of carry_scans(). */
struct scan_stmts {
	sqlite3_stmt *list, *find, *add, *map;
};

static int scan_stmts_prepare(struct merge *m, struct scan_stmts *q)
{
	static const char *const skip[] = {"target_id", NULL};
	char *same = NULL, *names = NULL, *src = NULL, *sql;
	int rc;

	if ((rc = common(m, "scans", skip, AS_SAME, &same)) < 0 ||
	    (rc = common(m, "scans", skip, AS_NAMES, &names)) < 0 ||
	    (rc = common(m, "scans", skip, AS_SRC, &src)) < 0)
		goto done;
	if ((rc = prepare(m, &q->list,
			  "SELECT s.id, t.out_id FROM merge_src.scans s JOIN "
			  "temp.merge_targets t ON t.src_id = s.target_id "
			  "ORDER BY s.id")) < 0)
		goto done;
	sql = xasprintf("SELECT m.id FROM main.scans m, merge_src.scans s "
			"WHERE s.id = ?1 AND m.target_id = ?2%s%s LIMIT 1",
			*same ? " AND " : "", same);
	rc = prepare(m, &q->find, sql);
	free(sql);
	if (rc < 0)
		goto done;
	sql = xasprintf("INSERT INTO main.scans (target_id%s%s) SELECT ?2%s%s "
			"FROM merge_src.scans s WHERE s.id = ?1",
			*names ? ", " : "", names, *src ? ", " : "", src);
	rc = prepare(m, &q->add, sql);
	free(sql);
	if (rc == 0)
		rc = prepare(
			m, &q->map,
			"INSERT INTO temp.merge_scans VALUES (?1, ?2, ?3)");
done:
	free(same);
	free(names);
	free(src);
	return rc;
}

/* Map scan src (of target) to the output's copy, adding it if new;
 * returns SQLITE_DONE or an SQLite error. */
static int carry_scan(struct merge *m, struct scan_stmts *q, int64_t src,
		      int64_t target)
{
	int64_t out;
	int rc, added = 0;

	sqlite3_bind_int64(q->find, 1, src);
	sqlite3_bind_int64(q->find, 2, target);
	rc = sqlite3_step(q->find);
	out = rc == SQLITE_ROW ? sqlite3_column_int64(q->find, 0) : 0;
	sqlite3_reset(q->find);
	if (rc == SQLITE_DONE) {
		sqlite3_bind_int64(q->add, 1, src);
		sqlite3_bind_int64(q->add, 2, target);
		rc = sqlite3_step(q->add);
		sqlite3_reset(q->add);
		if (rc != SQLITE_DONE)
			return rc;
		out = sqlite3_last_insert_rowid(m->h);
		added = 1;
	} else if (rc != SQLITE_ROW) {
		return rc;
	}
	sqlite3_bind_int64(q->map, 1, src);
	sqlite3_bind_int64(q->map, 2, out);
	sqlite3_bind_int(q->map, 3, added);
	rc = sqlite3_step(q->map);
	sqlite3_reset(q->map);
	if (added)
		m->st->scans_added++;
	else
		m->st->scans_present++;
	return rc;
}

static int carry_scans(struct merge *m)
{
	struct scan_stmts q = {NULL, NULL, NULL, NULL};
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	if ((rc = exec(m, "CREATE TEMP TABLE merge_scans (src_id INTEGER "
			  "PRIMARY KEY, out_id INTEGER, new INTEGER)")) < 0 ||
	    (rc = scan_stmts_prepare(m, &q)) < 0)
		goto done;
	/* read the list first: no insert while it is being read */
	while ((rc = sqlite3_step(q.list)) == SQLITE_ROW) {
		dpg_grow(&ids, &cap, n + 2, sizeof(*ids));
		ids[n++] = sqlite3_column_int64(q.list, 0);
		ids[n++] = sqlite3_column_int64(q.list, 1);
	}
	for (i = 0; i < n && rc == SQLITE_DONE; i += 2)
		rc = carry_scan(m, &q, ids[i], ids[i + 1]);
	rc = rc == SQLITE_DONE
		     ? 0
		     : dpg_db_fail(m->db, DPG_EDB, "merging scans", m->err);
done:
	sqlite3_finalize(q.list);
	sqlite3_finalize(q.find);
	sqlite3_finalize(q.add);
	sqlite3_finalize(q.map);
	free(ids);
	return rc;
}

/* The rows of table that belong to the scans added, in their order. */
static int carry_scan_rows(struct merge *m, const char *table)
{
	static const char *const skip[] = {"scan_id", NULL};
	struct cols c;
	char *names, *src, *sql;
	int rc;

	if ((rc = cols_read(m, "main", table, &c)) < 0)
		return rc;
	if ((rc = common(m, table, skip, AS_NAMES, &names)) < 0) {
		cols_release(&c);
		return rc;
	}
	if ((rc = common(m, table, skip, AS_SRC, &src)) < 0) {
		free(names);
		cols_release(&c);
		return rc;
	}
	sql = xasprintf("INSERT INTO main.\"%s\" (scan_id%s%s) SELECT "
			"sm.out_id%s%s FROM merge_src.\"%s\" s JOIN "
			"temp.merge_scans sm ON sm.src_id = s.scan_id WHERE "
			"sm.new = 1%s%s%s",
			table, *names ? ", " : "", names, *src ? ", " : "", src,
			table, c.rowid ? " ORDER BY s.\"" : "",
			c.rowid ? c.rowid : "", c.rowid ? "\"" : "");
	rc = exec(m, sql);
	free(sql);
	free(names);
	free(src);
	cols_release(&c);
	return rc;
}

/* A run of the input that the output has (same name, fingerprint and
 * creation time): 1, with *out its id; 0 with *free_name a free name. */
static int find_run(struct merge *m, sqlite3_stmt *run, int64_t *out,
		    char **free_name)
{
	const char *name = (const char *)sqlite3_column_text(run, 1);
	sqlite3_stmt *st;
	int rc, n;

	*free_name = NULL;
	if ((rc = prepare(m, &st,
			  "SELECT id, fingerprint IS ?2 AND created_at IS ?3 "
			  "FROM main.runs WHERE name = ?1")) < 0)
		return rc;
	for (n = 1;; n++) {
		char *try =
			n == 1 ? xstrdup(name) : xasprintf("%s~%d", name, n);

		sqlite3_bind_text(st, 1, try, -1, SQLITE_TRANSIENT);
		sqlite3_bind_value(st, 2, sqlite3_column_value(run, 2));
		sqlite3_bind_value(st, 3, sqlite3_column_value(run, 3));
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_int(st, 1)) {
			*out = sqlite3_column_int64(st, 0);
			free(try);
			rc = 1;
			break;
		}
		sqlite3_reset(st);
		if (rc == SQLITE_DONE) {
			*free_name = try;
			rc = 0;
			break;
		}
		free(try);
		if (rc != SQLITE_ROW) {
			rc = dpg_db_fail(m->db, DPG_EDB, "merging runs",
					 m->err);
			break;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

static int carry_runs(struct merge *m)
{
	static const char *const skip[] = {"name", NULL};
	sqlite3_stmt *list = NULL, *add = NULL, *map = NULL;
	char *names = NULL, *src = NULL, *sql;
	int rc;

	if ((rc = exec(m, "CREATE TEMP TABLE merge_runs (src_id INTEGER "
			  "PRIMARY KEY, out_id INTEGER, joined INTEGER)")) <
		    0 ||
	    (rc = common(m, "runs", skip, AS_NAMES, &names)) < 0 ||
	    (rc = common(m, "runs", skip, AS_SRC, &src)) < 0 ||
	    (rc = prepare(m, &list,
			  "SELECT id, name, fingerprint, created_at FROM "
			  "merge_src.runs ORDER BY id")) < 0 ||
	    (rc = prepare(m, &map,
			  "INSERT INTO temp.merge_runs VALUES (?1, ?2, ?3)")) <
		    0)
		goto done;
	sql = xasprintf("INSERT INTO main.runs (name%s%s) SELECT ?2%s%s FROM "
			"merge_src.runs s WHERE s.id = ?1",
			*names ? ", " : "", names, *src ? ", " : "", src);
	rc = prepare(m, &add, sql);
	free(sql);
	if (rc < 0)
		goto done;
	while ((rc = sqlite3_step(list)) == SQLITE_ROW) {
		int64_t out = 0;
		char *name;
		int joined = find_run(m, list, &out, &name);

		if (joined < 0) {
			rc = joined;
			goto done;
		}
		if (!joined) {
			sqlite3_bind_int64(add, 1,
					   sqlite3_column_int64(list, 0));
			sqlite3_bind_text(add, 2, name, -1, SQLITE_TRANSIENT);
			rc = sqlite3_step(add);
			sqlite3_reset(add);
			free(name);
			if (rc != SQLITE_DONE)
				break;
			out = sqlite3_last_insert_rowid(m->h);
		}
		sqlite3_bind_int64(map, 1, sqlite3_column_int64(list, 0));
		sqlite3_bind_int64(map, 2, out);
		sqlite3_bind_int(map, 3, joined);
		if (sqlite3_step(map) != SQLITE_DONE)
			break;
		sqlite3_reset(map);
		if (joined)
			m->st->runs_joined++;
		else
			m->st->runs_added++;
	}
	rc = rc == SQLITE_DONE
		     ? 0
		     : dpg_db_fail(m->db, DPG_EDB, "merging runs", m->err);
done:
	sqlite3_finalize(list);
	sqlite3_finalize(add);
	sqlite3_finalize(map);
	free(names);
	free(src);
	return rc;
}

static int carry_run_items(struct merge *m)
{
	static const char *const skip[] = {"run_id", "scan_id", NULL};
	char *names, *src, *sql;
	int rc;

	if ((rc = common(m, "run_items", skip, AS_NAMES, &names)) < 0)
		return rc;
	if ((rc = common(m, "run_items", skip, AS_SRC, &src)) < 0) {
		free(names);
		return rc;
	}
	/* the items the output lacks; then, in a run both have, an item
	 * that the input finished and the output did not */
	sql = xasprintf(
		"INSERT OR IGNORE INTO main.run_items (run_id, scan_id%s%s) "
		"SELECT r.out_id, sm.out_id%s%s FROM merge_src.run_items s "
		"JOIN temp.merge_runs r ON r.src_id = s.run_id LEFT JOIN "
		"temp.merge_scans sm ON sm.src_id = s.scan_id ORDER BY "
		"s.run_id, s.seq;\n"
		"UPDATE main.run_items AS i SET status = s.status, scan_id = "
		"sm.out_id, attempts = max(i.attempts, s.attempts), worker = "
		"s.worker, updated_at = s.updated_at FROM merge_src.run_items "
		"s "
		"JOIN temp.merge_runs r ON r.src_id = s.run_id LEFT JOIN "
		"temp.merge_scans sm ON sm.src_id = s.scan_id WHERE r.joined "
		"AND i.run_id = r.out_id AND i.target = s.target AND i.status "
		"IN ('pending', 'running') AND s.status IN ('done', 'failed');",
		*names ? ", " : "", names, *src ? ", " : "", src);
	rc = exec(m, sql);
	free(sql);
	free(names);
	free(src);
	return rc;
}

/* Count the input's tables that are not ours (left out). */
static int count_foreign(struct merge *m)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prepare(m, &st,
			  "SELECT name FROM merge_src.sqlite_master WHERE "
			  "type = 'table' AND name NOT LIKE 'sqlite_%'")) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (dpg_merge_table_policy(
			    (const char *)sqlite3_column_text(st, 0)) != 1)
			m->st->tables_skipped++;
	rc = rc == SQLITE_DONE ? 0 : src_fail(m, "reading its tables");
	sqlite3_finalize(st);
	return rc;
}

/* The input has table (an older schema may lack it). */
static int src_has(struct merge *m, const char *table, int *out)
{
	struct cols c;
	int rc = cols_read(m, "merge_src", table, &c);

	*out = c.n > 0;
	cols_release(&c);
	return rc;
}

static int carry_all(struct merge *m)
{
	size_t i;
	int rc = 0, present;

	for (i = 0; i < DPG_ARRAY_SIZE(tables) && rc == 0; i++) {
		if ((rc = src_has(m, tables[i].name, &present)) < 0)
			break;
		if (!present)
			continue;
		switch (tables[i].how) {
		case CARRY_TARGETS:
			rc = carry_targets(m);
			break;
		case CARRY_SCANS:
			rc = carry_scans(m);
			break;
		case CARRY_SCAN_ROWS:
			rc = carry_scan_rows(m, tables[i].name);
			break;
		case CARRY_RUNS:
			rc = carry_runs(m);
			break;
		case CARRY_RUN_ITEMS:
			rc = carry_run_items(m);
			break;
		case LEAVE_OUT:
			break;
		}
	}
	return rc == 0 ? count_foreign(m) : rc;
}

int dpg_db_merge(struct dpg_db *out, const char *in_path,
		 struct dpg_merge_stats *stats, struct dpg_error *err)
{
	struct dpg_merge_stats none;
	struct merge m = {out, dpg_db_handle(out), in_path,
			  stats ? stats : &none, err};
	struct stat a, b;
	sqlite3_stmt *st;
	char *uri;
	int rc;

	memset(m.st, 0, sizeof(*m.st));
	if (stat(in_path, &a) < 0)
		return dpg_error_set(err, DPG_EDB,
				     "cannot open audit database '%s': %s",
				     in_path, strerror(errno));
	if (!S_ISREG(a.st_mode))
		return dpg_error_set(err, DPG_EDB,
				     "audit database '%s' is not a regular "
				     "file",
				     in_path);
	if (stat(dpg_db_path(out), &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino)
		return dpg_error_set(err, DPG_EUSAGE,
				     "'%s' is the output database", in_path);
	if ((rc = check_header(&m)) < 0)
		return rc;
	if (sqlite3_prepare_v2(m.h, "ATTACH DATABASE ?1 AS merge_src", -1, &st,
			       NULL) != SQLITE_OK)
		return dpg_db_fail(out, DPG_EDB, "attaching", err);
	/* read-only where SQLite reads URIs (Debian's does) */
	uri = sqlite3_compileoption_used("USE_URI") ? dpg_db_ro_uri(in_path)
						    : xstrdup(in_path);
	sqlite3_bind_text(st, 1, uri, -1, SQLITE_TRANSIENT);
	free(uri);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return src_fail(&m, "opening it");
	if ((rc = check_input(&m)) < 0)
		goto detach;
	if ((rc = exec(&m, "BEGIN IMMEDIATE")) < 0)
		goto detach;
	if ((rc = carry_all(&m)) < 0) {
		sqlite3_exec(m.h, "ROLLBACK", NULL, NULL, NULL);
		goto detach;
	}
	if ((rc = exec(&m, "COMMIT")) < 0)
		sqlite3_exec(m.h, "ROLLBACK", NULL, NULL, NULL);
detach:
	sqlite3_exec(m.h,
		     "DROP TABLE IF EXISTS temp.merge_targets; DROP "
		     "TABLE IF EXISTS temp.merge_scans; DROP TABLE IF "
		     "EXISTS temp.merge_runs; DETACH DATABASE merge_src",
		     NULL, NULL, NULL);
	return rc;
}
