#!/bin/sh
# batch: killed (SIGKILL), interrupted (SIGINT, as Ctrl-C) or terminated
# (SIGTERM) mid-run, then resumed by the same command or --resume RUN:
# every target audited exactly once, nothing recorded twice.  Targets are
# slowed by the test-only hook DPGAUDIT_TEST_WORKER=sleep=MS.
. "$(dirname "$0")/lib.sh"

N=10
i=1
while [ $i -le $N ]; do
	make_project "p$i"
	echo "p$i" >>list.txt
	i=$((i + 1))
done

# wait_done DB N: until N items of the run are done (at most 30 s)
wait_done() {
	_w=0
	while [ "$(sqlite3 "$1" "SELECT count(*) FROM run_items WHERE status = 'done'" 2>/dev/null || echo 0)" -lt "$2" ] &&
		[ $_w -lt 300 ]; do
		sleep 0.1
		_w=$((_w + 1))
	done
}

# exactly_once DB WHAT: one scan per target, every item done and linked
exactly_once() {
	expect_eq "$(sqlite3 "$1" "SELECT count(*) || '/' || count(DISTINCT target_id) FROM scans")" \
		"$N/$N" "$2: one scan per target"
	expect_eq "$(sqlite3 "$1" "SELECT count(*) FROM run_items WHERE status = 'done' AND scan_id IS NOT NULL")" \
		"$N" "$2: every item done, with its scan"
	expect_eq "$(sqlite3 "$1" "SELECT count(*) FROM run_items i JOIN scans s ON s.id = i.scan_id JOIN targets t ON t.id = s.target_id WHERE t.locator = i.target")" \
		"$N" "$2: each item's scan is of its target"
}

# -- SIGKILL, then the same command
DPGAUDIT_TEST_WORKER=sleep=400 "$BUILD/dpgaudit" batch --db kill.db --jobs 2 \
	list.txt >/dev/null 2>&1 &
pid=$!
wait_done kill.db 2
kill -KILL $pid
wait $pid 2>/dev/null
sleep 0.5
inflight=$(sqlite3 kill.db "SELECT count(*) FROM run_items WHERE status = 'running'")
done_before=$(sqlite3 kill.db "SELECT count(*) FROM run_items WHERE status = 'done'")
[ "$done_before" -ge 2 ] && [ "$done_before" -lt $N ] && ok ||
	not_ok "killed mid-run ($done_before of $N done)"
if ps -eo args | grep -v grep | grep -q "batch --db kill.db"; then
	not_ok "the workers died with the batch"; else ok; fi
expect_eq "$(sqlite3 kill.db "SELECT count(*) FROM scans")" "$done_before" \
	"only finished targets have scans"
run dpgaudit batch --db kill.db --jobs 2 list.txt
expect_rc 0 "the same command resumes"
expect_out "$N targets: $N audited" "the run is complete"
expect_eq "$(grep -c '^\[' err)" $((N - done_before)) \
	"only the targets not done were audited"
expect_err "^$done_before targets finished before; $((N - done_before)) to go$" \
	"says what is left"
expect_err "^\[1/$((N - done_before))\] ok " "counts what is left"
exactly_once kill.db "after SIGKILL"
expect_eq "$(sqlite3 kill.db "SELECT sum(attempts) FROM run_items")" \
	$((N + inflight)) "the targets in flight were redone, once"

# -- SIGINT (Ctrl-C): stops cleanly, exit 130, then --resume RUN
DPGAUDIT_TEST_WORKER=sleep=400 "$BUILD/dpgaudit" batch --db int.db --jobs 2 \
	list.txt >int.out 2>int.err &
pid=$!
wait_done int.db 2
kill -INT $pid
wait $pid
rc=$?
expect_eq "$rc" 130 "Ctrl-C: exit 130"
expect_eq "$(sqlite3 int.db "SELECT count(*) FROM run_items WHERE status = 'running'")" \
	0 "nothing left in flight"
RUN=$(sqlite3 int.db "SELECT name FROM runs")
grep -q "resume with 'dpgaudit batch --resume $RUN --db $(pwd -P)/int.db'" \
	int.err && ok || not_ok "says how to resume: $(cat int.err)"
grep -q "not done" int.out && ok || not_ok "the summary counts what is left"
run dpgaudit batch --db int.db --resume "$RUN"
expect_rc 0 "--resume RUN"
exactly_once int.db "after Ctrl-C"

# -- SIGTERM: the same, exit 143
DPGAUDIT_TEST_WORKER=sleep=400 "$BUILD/dpgaudit" batch --db term.db \
	--jobs 2 list.txt >/dev/null 2>&1 &
pid=$!
wait_done term.db 1
kill -TERM $pid
wait $pid
expect_eq "$?" 143 "SIGTERM: exit 143"
run dpgaudit batch --db term.db list.txt
expect_rc 0 "resumed"
exactly_once term.db "after SIGTERM"

# a run in flight in a live process is not taken over: only dead ones
DPGAUDIT_TEST_WORKER=sleep=300 "$BUILD/dpgaudit" batch --db live.db \
	--jobs 1 list.txt >/dev/null 2>&1 &
pid=$!
wait_done live.db 1
run dpgaudit batch --db live.db --jobs 1 list.txt
wait $pid
exactly_once live.db "two processes on one run"

# --resume of a run that does not exist; of a database that does not
run dpgaudit batch --db int.db --resume nosuch
expect_rc 2 "an unknown run"
expect_err "no run 'nosuch'" "says so"
run dpgaudit batch --db none.db --resume x
expect_rc 3 "no database"

finish
