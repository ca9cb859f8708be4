#!/bin/sh
# batch workers: a target that crashes, hangs, runs out of memory or is
# killed inside its store transaction fails alone, stored as a failed scan
# with its reason; the others are audited.  Uses the test-only hook
# DPGAUDIT_TEST_WORKER (src/batch/pool.c) and DPGAUDIT_TEST_CRASH=store
# (src/db/db.c).
. "$(dirname "$0")/lib.sh"

for n in 1 2 3 4 5 6; do make_project "p$n"; done
R=$(cd "$T" && pwd -P)
printf 'p1\np2\np3\np4\np5\np6\n' >list.txt

# p2 crashes, p3 hangs past the timeout; the rest go on (3 workers; the
# timeout leaves the others time to finish under valgrind)
TO=2
[ "${DPGAUDIT_VALGRIND:-0}" = 1 ] && TO=60
DPG_TEST_RUN="$T" DPGAUDIT_TEST_WORKER="crash=/p2,hang=/p3" \
	run dpgaudit batch --jobs 3 --timeout $TO list.txt
expect_rc 5 "a crash and a hang: exit 5"
expect_out "6 targets: 4 audited \(4 ok, 0 not met\), 2 failed" \
	"the other targets were audited"
expect_out "1 failed: worker crashed: signal 11 \(Segmentation fault\) \($R/p2\)" \
	"the crash, with its signal"
expect_out "1 failed: timed out after $TO s \($R/p3\)" "the hang, timed out"
expect_eq "$(sql "SELECT error FROM scans s JOIN targets t ON t.id = s.target_id WHERE t.locator = '$R/p2'")" \
	"worker crashed: signal 11 (Segmentation fault)" \
	"the crash is a failed scan of its target"
expect_eq "$(sql "SELECT s.status || '|' || s.kind || '|' || (s.started_at <= s.finished_at) FROM scans s JOIN targets t ON t.id = s.target_id WHERE t.locator = '$R/p3'")" \
	"failed|unknown|1" "the timeout is a failed scan too"
expect_eq "$(sql "SELECT count(*) || '/' || count(DISTINCT target_id) FROM scans")" \
	"6/6" "one scan per target"
expect_eq "$(sql "SELECT count(*) FROM findings f JOIN scans s ON s.id = f.scan_id WHERE s.status = 'failed'")" \
	0 "failed scans hold no findings"
# no worker is left behind: no process started with this run's mark in
# its environment (another test run's batch is not this one's)
sleep 0.3
left=
for e in /proc/[0-9]*/environ; do
	{ tr '\0' '\n' <"$e"; } 2>/dev/null | grep -qx "DPG_TEST_RUN=$T" &&
		left=$e
done
[ -z "$left" ] && ok || not_ok "no worker left running ($left)"

# the memory cap (RLIMIT_DATA): not under AddressSanitizer or valgrind,
# which do not let a process cap its own memory this way
case "$BUILD" in *asan*) skip_oom=1 ;; *) skip_oom=${DPGAUDIT_VALGRIND:-0} ;; esac
if [ "$skip_oom" != 1 ]; then
	DPGAUDIT_TEST_WORKER="oom=/p4" \
		run dpgaudit batch --db oom.db --max-memory 64M list.txt
	expect_rc 5 "a worker over the memory cap"
	expect_out "1 failed: out of memory \(the cap is 64 MiB per worker: --max-memory\) \($R/p4\)" \
		"out of memory, with the cap"
	expect_out "5 audited" "the others were audited"
	expect_out "peak worker memory: [0-9]+ MiB" "the peak is reported"
	peak=$(sed -n 's/.*peak worker memory: \([0-9]*\) MiB/\1/p' out)
	[ "$peak" -le 80 ] && ok || not_ok "peak $peak MiB within the cap"
fi

# a worker killed inside its store transaction: nothing half-written, the
# target recorded once, as failed
printf 'p5\n' >one.txt
DPGAUDIT_TEST_CRASH=store run dpgaudit batch --db store.db one.txt
expect_rc 5 "killed while storing"
expect_out "worker crashed: signal 9 \(Killed\)" "the SIGKILL is the reason"
expect_eq "$(sqlite3 store.db "SELECT count(*) || '|' || min(status) FROM scans")" \
	"1|failed" "one scan, failed"
expect_eq "$(sqlite3 store.db "SELECT count(*) FROM findings")" 0 \
	"no finding of the killed transaction"
expect_eq "$(sqlite3 store.db "PRAGMA integrity_check")" ok \
	"the database is intact"

# one worker or three: the same outcomes
run dpgaudit batch --db j1.db --jobs 1 list.txt
expect_rc 0 "--jobs 1"
run dpgaudit batch --db j3.db --jobs 3 list.txt
expect_rc 0 "--jobs 3"
q="SELECT group_concat(x, ' ') FROM (SELECT t.locator || ':' || v.indicator || ':' || v.verdict AS x FROM verdicts v JOIN scans s ON s.id = v.scan_id JOIN targets t ON t.id = s.target_id ORDER BY t.locator, v.indicator)"
expect_eq "$(sqlite3 j1.db "$q")" "$(sqlite3 j3.db "$q")" \
	"the same verdicts with one worker or three"

finish
