#!/bin/sh
# The audit database: WAL, versioned schema, refusal of bad files, locks,
# and one transaction per scan (SIGKILL leaves all of a scan or none).
. "$(dirname "$0")/lib.sh"

make_project proj
run dpgaudit scan proj
expect_rc 0 "first scan creates the database"
expect_eq "$(sqlite3 "$DPGAUDIT_DB" 'PRAGMA journal_mode')" wal "WAL mode"
# the current schema version (docs/DATABASE.md); helpers append migrations
CUR=$(sql 'PRAGMA user_version')
[ "$CUR" -ge 4 ] && ok || not_ok "schema version $CUR, expected 4 or more"

# a version-1 database (as dpgaudit 0.1 made it) is migrated forward
sqlite3 v1.db "
CREATE TABLE targets (id INTEGER PRIMARY KEY, locator TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL, first_scanned TEXT NOT NULL);
CREATE TABLE scans (id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL
  REFERENCES targets(id), kind TEXT NOT NULL, rev TEXT, commit_id TEXT,
  tree_id TEXT, archive_format TEXT, dirty INTEGER, started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL, tool_version TEXT NOT NULL, status TEXT NOT NULL
  CHECK (status IN ('ok', 'failed')), error TEXT, file_count INTEGER NOT NULL
  DEFAULT 0, bytes_read INTEGER NOT NULL DEFAULT 0, skipped_count INTEGER
  NOT NULL DEFAULT 0);
CREATE TABLE skipped (scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE
  CASCADE, path TEXT NOT NULL, reason TEXT NOT NULL, size INTEGER NOT NULL);
CREATE TABLE findings (id INTEGER PRIMARY KEY, scan_id INTEGER NOT NULL
  REFERENCES scans(id) ON DELETE CASCADE, analyzer TEXT NOT NULL, kind TEXT
  NOT NULL, indicator TEXT, path TEXT, line INTEGER, line_end INTEGER, value
  TEXT, excerpt TEXT, score REAL);
INSERT INTO targets VALUES (1, '/old/repo', 'dir', '2026-01-01T00:00:00Z');
INSERT INTO scans (id, target_id, kind, started_at, finished_at, tool_version,
  status, file_count) VALUES (1, 1, 'dir', '2026-01-01T00:00:00Z',
  '2026-01-01T00:00:01Z', '0.1.0', 'ok', 7);
INSERT INTO findings (scan_id, analyzer, kind, indicator, path, value)
  VALUES (1, 'inventory', 'file', '2', 'LICENSE', 'license');
PRAGMA user_version = 1;"
run dpgaudit report --db v1.db 1
expect_rc 3 "report will not migrate (read-only)"
expect_err "schema version 1 and needs migrating to $CUR" "says it needs migrating"
run dpgaudit scan --db v1.db proj
expect_rc 0 "scan migrates a version-1 database"
expect_eq "$(sqlite3 v1.db 'PRAGMA user_version')" "$CUR" "migrated to the current version"
run dpgaudit report --db v1.db 1
expect_rc 0 "the old scan is still readable"
expect_out "files +7 " "the old scan's data survived"
expect_out "file license: LICENSE" "the old scan's findings survived"
expect_eq "$(sqlite3 v1.db "SELECT count(*) FROM verdicts WHERE scan_id = 2")" 11 \
	"the new scan has a verdict per indicator"

# --db overrides DPGAUDIT_DB; the default is ./dpgaudit.db
run dpgaudit scan --db other.db proj
[ -f other.db ] && ok || not_ok "--db names the database"
(unset DPGAUDIT_DB; cd "$T" && "$BUILD/dpgaudit" scan -q proj >/dev/null)
[ -f "$T/dpgaudit.db" ] && ok || not_ok "default ./dpgaudit.db"

# not an SQLite file
echo "hello" >text.db
run dpgaudit scan --db text.db proj
expect_rc 3 "a database that is not SQLite"
expect_err "'text.db' is not an SQLite database" "says it is not SQLite"
expect_err_one_line "not SQLite"
expect_eq "$(cat text.db)" hello "the file is left alone"

# a newer schema
sqlite3 newer.db 'PRAGMA application_id = 1146111809; PRAGMA user_version = 99; CREATE TABLE x(y);'
run dpgaudit scan --db newer.db proj
expect_rc 3 "a newer schema"
expect_err "schema version 99, newer than this dpgaudit knows \($CUR\)" "names both versions"
run dpgaudit report --db newer.db
expect_rc 3 "report refuses a newer schema too"

# report on a missing database
run dpgaudit report --db missing.db
expect_rc 3 "no database to report from"
expect_err "cannot open audit database 'missing.db'" "the database is named"
[ ! -e missing.db ] && ok || not_ok "report does not create a database"

# locked by another writer: wait (bounded), then fail clearly; nothing
# written.  The writer holds its lock until the scan has returned (not for
# a fixed time, which a slow machine or valgrind can outlast), so the scan
# must give up by itself: a scan that waited for the lock would get it
# only when a watchdog lets the writer go after 120 s, and succeed.
n=$(sql "SELECT count(*) FROM scans")
rm -f held release
sleep 120 &
watchdog=$!
(echo "BEGIN IMMEDIATE; INSERT INTO targets(locator, kind, first_scanned) VALUES ('lock', 'dir', 'now');"
	echo ".shell touch held"
	while [ ! -e release ] && kill -0 $watchdog 2>/dev/null; do sleep 0.1; done
	echo "ROLLBACK;") | sqlite3 "$DPGAUDIT_DB" &
holder=$!
i=0
while [ ! -e held ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
[ -e held ] && ok || not_ok "the other writer holds its lock"
DPGAUDIT_BUSY_TIMEOUT=500 run dpgaudit scan proj
touch release
kill $watchdog 2>/dev/null
expect_rc 3 "a locked database"
expect_err "is locked by another writer \(gave up after 500 ms\)" "says it is locked"
expect_err_one_line "locked"
wait $holder
expect_eq "$(sql "SELECT count(*) FROM scans")" "$n" "nothing written while locked"
run dpgaudit scan proj
expect_rc 0 "usable once the lock is gone"

# a read-only database file (as an unprivileged user: root may write anyway)
if can_drop_root; then
	mkdir ro && cp "$DPGAUDIT_DB" ro/ro.db && chmod 755 ro && chmod 444 ro/ro.db
	chmod -R a+rX proj
	run as_nobody scan --db ro/ro.db proj
	expect_rc 3 "a read-only database"
	expect_err "audit database 'ro/ro.db' is read-only" "says it is read-only"
	expect_err_one_line "read-only"
fi

# SIGKILL in the middle of storing a scan: all of it or none
n=$(sql "SELECT count(*) FROM scans")
nf=$(sql "SELECT count(*) FROM findings")
DPGAUDIT_TEST_CRASH=store "$BUILD/dpgaudit" scan proj >/dev/null 2>&1
rc=$?
expect_rc 137 "killed mid-transaction"
expect_eq "$(sql "SELECT count(*) FROM scans") $(sql "SELECT count(*) FROM findings")" "$n $nf" \
	"the killed scan left nothing"
expect_eq "$(sqlite3 "$DPGAUDIT_DB" 'PRAGMA integrity_check')" ok "integrity after the kill"
run dpgaudit scan proj
expect_rc 0 "usable after the kill"
expect_eq "$(sql "SELECT count(*) FROM scans")" $((n + 1)) "the next scan is stored whole"

# SIGKILL at random points of longer scans: every stored scan is whole
mkdir many
i=0
while [ $i -lt 400 ]; do
	printf '// SPDX-License-Identifier: MIT\nint x%d;\n' $i >many/f$i.c
	i=$((i + 1))
done
for delay in 0.01 0.03 0.05 0.08 0.12; do
	"$BUILD/dpgaudit" scan many >/dev/null 2>&1 &
	pid=$!
	sleep $delay
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
done
bad=$(sql "SELECT count(*) FROM scans s JOIN targets t ON t.id = s.target_id WHERE t.locator = '$T/many' AND s.status = 'ok' AND (SELECT count(*) FROM findings f WHERE f.scan_id = s.id AND f.kind = 'spdx-tag') NOT IN (0, 400)")
expect_eq "$bad" 0 "no scan is half-stored after random kills"
expect_eq "$(sqlite3 "$DPGAUDIT_DB" 'PRAGMA integrity_check')" ok "integrity after random kills"
run dpgaudit scan many
expect_rc 1 "scan after random kills (no license: not met)"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id = (SELECT max(id) FROM scans) AND kind = 'spdx-tag'")" \
	400 "the whole scan is stored"

finish
