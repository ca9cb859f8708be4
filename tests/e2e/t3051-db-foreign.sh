#!/bin/sh
# Another application's SQLite file named as the audit database is refused
# (exit 3) and left byte for byte as it was; dpgaudit databases made before
# PRAGMA application_id existed are adopted.
. "$(dirname "$0")/lib.sh"

make_project proj

# same_file A B: the files are identical
same_file() { cmp -s "$1" "$2"; }

# someone else's database: no application_id, its own tables, rollback mode
sqlite3 app.db "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
INSERT INTO notes (body) VALUES ('keep me');"
cp app.db app.orig
for cmd in scan report scans; do
	if [ $cmd = scan ]; then run dpgaudit scan --db app.db proj
	else run dpgaudit $cmd --db app.db; fi
	expect_rc 3 "$cmd refuses another application's database"
	expect_err "'app.db' is another application's SQLite database \(1 schema objects, user_version 0\), not a dpgaudit audit database: left unchanged" \
		"$cmd says whose it is not"
	expect_err_one_line "$cmd foreign database"
	same_file app.db app.orig && ok || not_ok "$cmd left app.db unchanged"
done
[ ! -e app.db-wal ] && [ ! -e app.db-shm ] && ok || not_ok "no WAL files created beside it"
expect_eq "$(sqlite3 app.db 'PRAGMA journal_mode')" delete "its journal mode is untouched"

# with a user_version of its own, in WAL mode
sqlite3 wal.db "PRAGMA journal_mode = WAL; PRAGMA user_version = 7;
CREATE TABLE t (x); INSERT INTO t VALUES (1);" >/dev/null
cp wal.db wal.orig
run dpgaudit scan --db wal.db proj
expect_rc 3 "a WAL database of another application"
expect_err "user_version 7" "names its version"
same_file wal.db wal.orig && ok || not_ok "wal.db unchanged"

# another application's id in the header: refused without opening it
sqlite3 other.db "PRAGMA application_id = 1234; CREATE TABLE targets (x);
CREATE TABLE scans (y); PRAGMA user_version = 2;"
cp other.db other.orig
run dpgaudit scan --db other.db proj
expect_rc 3 "another application's id"
expect_err "application_id 0x4d2\), not a dpgaudit audit database" "names the id"
same_file other.db other.orig && ok || not_ok "other.db unchanged"
run dpgaudit report --db other.db
expect_rc 3 "report refuses it too"

# an empty SQLite file (0 bytes, or a database with no schema) is ours to use
: >empty.db
run dpgaudit scan -q --db empty.db proj
expect_rc 0 "an empty file becomes an audit database"
expect_eq "$(sqlite3 empty.db 'PRAGMA application_id')" 1146111809 "with our id"
sqlite3 blank.db 'PRAGMA page_size = 4096; VACUUM;'
run dpgaudit scan -q --db blank.db proj
expect_rc 0 "a database without schema becomes an audit database"

# an audit database made before the id (version 2, no application_id) is
# adopted: migrated, its scans kept, the id set
dpgaudit scan -q --db old.db proj >/dev/null
sqlite3 old.db "PRAGMA application_id = 0;"
expect_eq "$(sqlite3 old.db 'PRAGMA application_id')" 0 "(setup: no id)"
run dpgaudit report --db old.db 1
expect_rc 0 "report reads an audit database without the id"
run dpgaudit scan -q --db old.db proj
expect_rc 0 "scan adopts it"
expect_eq "$(sqlite3 old.db 'PRAGMA application_id')" 1146111809 "the id is set"
expect_eq "$(sqlite3 old.db 'SELECT count(*) FROM scans')" 2 "its scans are kept"

finish
