#!/bin/sh
# Readers (report, scans) open the database read-only: a read-only file in
# a directory the user cannot write is read (no -shm file is needed), and
# nothing is written to it.
. "$(dirname "$0")/lib.sh"

if ! can_drop_root; then
	echo "  (setpriv or user nobody missing: read-only checks not run)"
	finish
	exit
fi
make_project proj
dpgaudit scan -q --db "$T/audit.db" proj >/dev/null
dpgaudit scan -q --db "$T/audit.db" proj >/dev/null
mkdir ro
cp audit.db ro/audit.db
sum=$(md5sum <ro/audit.db)
chmod 444 ro/audit.db
chmod 555 ro

run as_nobody scans --db ro/audit.db
expect_rc 0 "scans on a read-only database in a read-only directory"
expect_out "^2 +ok " "lists the scans"
run as_nobody scans --db ro/audit.db --format json
expect_rc 0 "scans --format json"
json_ok "$T/out" && ok || not_ok "valid JSON"
run as_nobody report --db ro/audit.db 1
expect_rc 0 "report on a read-only database in a read-only directory"
expect_out "scan 1 of .*proj" "prints the scan"
run as_nobody report --db ro/audit.db "$T/proj"
expect_rc 0 "report by target"
run as_nobody history --db ro/audit.db "$T/proj"
expect_rc 0 "history on the read-only database"
expect_out "proj" "lists the target's scans"
run as_nobody diff --db ro/audit.db "$T/proj"
expect_rc 0 "diff on the read-only database (no regression)"
expect_eq "$(md5sum <ro/audit.db)" "$sum" "the file is unchanged"
[ ! -e ro/audit.db-shm ] && ok || not_ok "no -shm file was made"

# a writable directory: readers still never change the database file
mkdir rw && cp audit.db rw/audit.db && chmod 644 rw/audit.db && chmod 777 rw
sum=$(md5sum <rw/audit.db)
run as_nobody report --db rw/audit.db 2
expect_rc 0 "report on a read-only file in a writable directory"
expect_eq "$(md5sum <rw/audit.db)" "$sum" "the file is unchanged"

# uncheckpointed WAL content that cannot be read without a -shm file: a
# clear message, not a wrong answer
mkdir walro
cp audit.db walro/audit.db
(
	echo "PRAGMA wal_autocheckpoint = 0;"
	echo "INSERT INTO targets (locator, kind, first_scanned) VALUES ('x', 'dir', 'now');"
	echo "SELECT 1;"
	sleep 1
) | sqlite3 walro/audit.db >/dev/null &
holder=$!
sleep 0.5
cp walro/audit.db-wal walro/keep-wal 2>/dev/null
wait $holder
if [ -s walro/keep-wal ]; then
	cp walro/keep-wal walro/audit.db-wal
	rm -f walro/audit.db-shm
	chmod 444 walro/audit.db walro/audit.db-wal
	chmod 555 walro
	run as_nobody scans --db walro/audit.db
	expect_rc 3 "WAL content without a -shm file in a read-only directory"
	expect_err "holds changes not yet checkpointed" "says why"
	expect_err_one_line "uncheckpointed WAL"
fi

finish
