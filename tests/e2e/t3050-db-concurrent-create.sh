#!/bin/sh
# Many first scans started together on a database that does not exist yet:
# every one is stored (creating and migrating happen under the write lock,
# and the journal-mode switch retries within the busy timeout).
. "$(dirname "$0")/lib.sh"

make_project proj
N=16
ROUNDS=6
[ "${DPGAUDIT_VALGRIND:-0}" = 1 ] && ROUNDS=1 # each scan is slow there
# the test is about creation, not waiting: the busy timeout is generous,
# and the old failure (the journal-mode switch refused at once) did not
# depend on it
export DPGAUDIT_BUSY_TIMEOUT=60000
lost=0
round=1
while [ $round -le $ROUNDS ]; do
	rm -f new.db new.db-wal new.db-shm
	: >gate.rc
	# hold a gate so that the scans start as close together as possible
	if command -v flock >/dev/null 2>&1; then
		exec 9>gate
		flock -x 9
	fi
	i=1
	while [ $i -le $N ]; do
		(
			command -v flock >/dev/null 2>&1 && flock -s gate true
			dpgaudit scan -q --db new.db proj >/dev/null 2>>errs
			echo $? >>gate.rc
		) &
		i=$((i + 1))
	done
	sleep 0.3
	if command -v flock >/dev/null 2>&1; then
		flock -u 9
		exec 9>&-
	fi
	wait
	stored=$(sqlite3 new.db 'SELECT count(*) FROM scans')
	[ "$stored" -eq $N ] || lost=$((lost + N - stored))
	bad=$(grep -cv '^0$' gate.rc)
	[ "$bad" -eq 0 ] || not_ok "round $round: $bad scans failed: $(sort -u errs | head -3)"
	round=$((round + 1))
done
expect_eq "$lost" 0 "every concurrent first scan is stored ($ROUNDS rounds of $N)"
[ -s errs ] && not_ok "errors: $(sort -u errs | head -3)" || ok
dpgaudit scan -q --db one.db proj >/dev/null # one scan: the current version
expect_eq "$(sqlite3 new.db 'PRAGMA user_version')" \
	"$(sqlite3 one.db 'PRAGMA user_version')" "migrated once, to the current version"
expect_eq "$(sqlite3 new.db 'PRAGMA journal_mode')" wal "in WAL mode"
expect_eq "$(sqlite3 new.db 'PRAGMA application_id')" 1146111809 "marked as ours"
expect_eq "$(sqlite3 new.db 'PRAGMA integrity_check')" ok "integrity"

# a first scan writes its database whole when it is stored: no file before
# (a scan that stores nothing leaves none), only the database and its
# result cache after, and the scan is there
mkdir late
run dpgaudit scan --db late/a.db --rev HEAD proj@HEAD
expect_rc 64 "a revision given twice (found once the database is open)"
expect_eq "$(ls -A late)" "" "no database for a scan that stores nothing"
run dpgaudit scan -q --db late/a.db proj
expect_eq "$(ls -A late | tr '\n' ' ')" "a.db a.db.cache " "the database and its cache, whole"
expect_eq "$(sqlite3 late/a.db 'SELECT id || status FROM scans')" "$(cat "$T/out")ok" "the scan, under the id printed"
expect_eq "$(sqlite3 late/a.db 'PRAGMA journal_mode')" wal "in WAL mode"
run dpgaudit scan -q --db late/b.db no-such-dir
expect_rc 2 "an unreadable target"
expect_eq "$(sqlite3 late/b.db 'SELECT status FROM scans')" failed "its failed scan is stored"

# the "gave up after N ms" message is true: a held write lock is waited for
# (the holder keeps it until the scan has given up, however slow it is)
sqlite3 new.db 'SELECT 1' >/dev/null
(echo "BEGIN IMMEDIATE; INSERT INTO targets(locator, kind, first_scanned) VALUES ('lock', 'dir', 'now');"
	echo ".print locked"
	while [ ! -e released ]; do sleep 0.1; done
	echo "ROLLBACK;") | sqlite3 new.db >holder.out &
holder=$!
while ! grep -q locked holder.out 2>/dev/null; do sleep 0.1; done
start=$(date +%s%N)
DPGAUDIT_BUSY_TIMEOUT=1200 run dpgaudit scan --db new.db proj
end=$(date +%s%N)
touch released
wait $holder
expect_rc 3 "locked past the timeout"
expect_err "locked by another writer \(gave up after 1200 ms\)" "names the wait"
waited=$(((end - start) / 1000000))
[ "$waited" -ge 1200 ] && ok || not_ok "waited only $waited ms, said 1200"

finish
