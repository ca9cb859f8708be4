#!/bin/sh
# batch: a list of good, non-compliant and broken targets audited into the
# database: outcomes, exit codes, log lines, summary, the run's rows, a run
# done twice, --retry-failed, nomination records, and the terminal display.
. "$(dirname "$0")/lib.sh"

make_repo good
mkdir bare
echo "A tool." >bare/README.md
echo "this is not an archive" >broken.tar.gz
R=$(cd "$T" && pwd -P)
printf 'good\nbare\nnosuch\nbroken.tar.gz\ngood@v1.0\n' >list.txt

run dpgaudit batch --jobs 2 list.txt
expect_rc 5 "some targets failed: exit 5"
expect_out "^run batch-[0-9a-f]{12}: 5 targets: 3 audited \(2 ok, 1 not met\), 2 failed$" \
	"the summary counts each outcome"
expect_out "^  1 failed: cannot open target '...': No such file or directory \($R/nosuch\)$" \
	"a failure reason, grouped, with its target"
expect_out "^database: $R/audit.db$" "where the database is"
# not a terminal: one log line per target, in the order they finished
expect_eq "$(wc -l <err)" 5 "one log line per target"
expect_err "^\[[1-5]/5\] ok      $R/good \(scan [0-9]+, [0-9.]+ s\)$" \
	"a log line for an audited target"
expect_err "^\[[1-5]/5\] not met $R/bare " "a log line for a non-compliant one"
expect_err "^\[[1-5]/5\] failed  $R/nosuch: cannot open target" \
	"a log line for a failure, with the reason"
if grep -q "$(printf '\033')" err; then not_ok "no colour off a terminal"; else ok; fi

# the database: one scan per target, each linked to its run item
RUN=$(sql "SELECT name FROM runs")
expect_eq "$(sql "SELECT count(*) FROM runs")" 1 "one run"
expect_eq "$(sql "SELECT count(*) FROM scans")" 5 "one scan per target"
expect_eq "$(sql "SELECT group_concat(status || ':' || (scan_id IS NOT NULL), ' ') FROM (SELECT * FROM run_items ORDER BY seq)")" \
	"done:1 done:1 failed:1 failed:1 done:1" "each item's state and scan"
expect_eq "$(sql "SELECT count(*) FROM run_items i JOIN scans s ON s.id = i.scan_id JOIN targets t ON t.id = s.target_id WHERE i.target = t.locator || coalesce('@' || s.rev, '')")" \
	5 "each item's scan is of its target"
expect_eq "$(sql "SELECT s.rev FROM run_items i JOIN scans s ON s.id = i.scan_id WHERE i.seq = 5")" \
	v1.0 "PATH@REV is audited at REV"
expect_eq "$(sql "SELECT s.status FROM scans s JOIN run_items i ON i.scan_id = s.id WHERE i.seq = 4")" \
	failed "the broken archive is a failed scan"
expect_eq "$(sql "SELECT sum(attempts) FROM run_items")" 5 "one attempt each"

# the same command again: nothing is audited twice
run dpgaudit batch --jobs 2 list.txt
expect_rc 5 "the same command again"
expect_eq "$(sql "SELECT count(*) FROM scans")" 5 "nothing audited again"
expect_eq "$(wc -l <err)" 0 "no target ran"
expect_out "^run $RUN: 5 targets: 3 audited" "the run's summary again"

# a scan that reached a limit (status 'partial') is audited, and counted
sqlite3 "$DPGAUDIT_DB" "UPDATE scans SET status = 'partial' WHERE id = (SELECT scan_id FROM run_items WHERE seq = 1)"
run dpgaudit batch --jobs 2 list.txt
expect_out "3 audited \(2 ok, 1 not met; 1 partial: a limit was reached\), 2 failed" \
	"partial scans are counted"

# --retry-failed: the failed targets again, and only them
run dpgaudit batch --retry-failed list.txt
expect_rc 5 "still failing"
expect_eq "$(sql "SELECT count(*) FROM scans")" 7 "two more scans"
expect_eq "$(sql "SELECT group_concat(attempts, '') FROM (SELECT * FROM run_items ORDER BY seq)")" \
	11221 "attempts counted"

# --quiet: the summary only; every target audited: exit 0
printf 'good\ngood@v1.0\n' >ok.txt
run dpgaudit batch -q --db ok.db ok.txt
expect_rc 0 "every target audited: exit 0"
expect_eq "$(wc -c <err)" 0 "--quiet: nothing on stderr"
expect_out "2 targets: 2 audited \(2 ok, 0 not met\), 0 failed" "the summary"

# a new name for another list is refused; a named run
run dpgaudit batch --db ok.db --run weekly ok.txt
expect_rc 0 "a named run"
expect_out "^run weekly: " "its name"
run dpgaudit batch --db ok.db --run weekly list.txt
expect_rc 64 "the name of a run with another list"
expect_err "run 'weekly' exists for other lists or options" "says so"

# invalid rules: refused once, before any worker, nothing stored
mkdir badrules
echo "garbage" >badrules/x.rules
run dpgaudit batch --db rules.db --rules badrules list.txt
expect_rc 4 "invalid --rules"
expect_err "badrules/x.rules:1:" "the rule file and line"
[ ! -e rules.db ] && ok || not_ok "no database for invalid rules"

# a directory of nomination records: each scan linked to its record, the
# license judged for the record's solution types
mkdir recs
cat >recs/a.json <<EOF
{"name": "Open Data Kit", "license": [{"spdx": "Apache-2.0"}],
 "SDGs": [{"SDGNumber": 3}], "type": ["software", "data"],
 "repositories": [{"url": "$R/good"}, {"url": "$R/bare"}],
 "organizations": [], "stage": "nominee"}
EOF
cat >recs/b.json <<EOF
{"name": "Storybooks", "type": ["content"], "repositories": [{"url": "$R/good@v1.0"}]}
EOF
run dpgaudit batch --db recs.db recs
expect_rc 0 "a directory of records"
expect_eq "$(sqlite3 recs.db "SELECT group_concat(nomination || '|' || solution_types, ' ; ') FROM (SELECT s.* FROM scans s JOIN run_items i ON i.scan_id = s.id ORDER BY i.seq)")" \
	"Open Data Kit|software,data ; Open Data Kit|software,data ; Storybooks|content" \
	"each scan names its record and the record's types"
[ "$(sqlite3 recs.db "SELECT count(DISTINCT scan_id) FROM findings WHERE analyzer = 'nomination'")" -ge 2 ] &&
	ok || not_ok "the records were compared with the findings"

# on a terminal: a live line redrawn in place, colour unless NO_COLOR
if command -v script >/dev/null 2>&1; then
	script -qfec "'$BUILD/dpgaudit' batch --db tty.db list.txt" /dev/null \
		>tty.out 2>&1
	if grep -q "$(printf '\r\033\\[K')\[[0-9]/5\]" tty.out; then ok; else
		not_ok "a progress line redrawn in place"; fi
	grep -q "elapsed" tty.out && ok || not_ok "elapsed time shown"
	grep -q "$(printf '\033\\[31mfailed')" tty.out && ok ||
		not_ok "failures in red on a terminal"
	NO_COLOR=1 script -qfec "'$BUILD/dpgaudit' batch --db tty2.db list.txt" \
		/dev/null >tty2.out 2>&1
	if grep -q "$(printf '\033\\[3')" tty2.out; then
		not_ok "NO_COLOR: no colour"; else ok; fi
	script -qfec "'$BUILD/dpgaudit' batch -q --db tty3.db list.txt" \
		/dev/null >tty3.out 2>&1
	if grep -q "elapsed" tty3.out; then
		not_ok "--quiet: no progress line"; else ok; fi
fi

finish
