#!/bin/sh
# report --batch RUN: the overview of one batch run's targets, in the run's
# order, failed targets with their error, a target with no scan stored as
# a row saying so; one report per target beside it.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/report-lib.sh"

make_project demo
make_weak weak
printf 'demo\nweak\n%s/missing\n' "$T" >list.txt
dpgaudit batch --run r1 -q list.txt >/dev/null 2>&1
expect_eq "$(sql "SELECT count(*) FROM run_items WHERE scan_id IS NOT NULL")" 3 "the batch stored three scans"
make_project other
dpgaudit scan -q other >/dev/null

run dpgaudit report --batch r1 -o site
expect_rc 0 "report --batch RUN -o DIR"
expect_eq "$(ls site | tr '\n' ' ')" "index.html scan-1.html scan-2.html scan-3.html " \
	"one report per target of the run, not of the other scan"
grep -q '<title>dpgaudit overview: batch run r1</title>' site/index.html && ok ||
	not_ok "the page names the run"
expect_eq "$(grep -c '<tr id="row-' site/index.html)" 3 "three rows"
grep -q "cannot open target .*missing" site/index.html && ok || not_ok "the failed target's error"
grep -q '<b>1</b> failed' site/index.html && ok || not_ok "the count of failed targets"

sqlite3 "$DPGAUDIT_DB" "UPDATE run_items SET scan_id = NULL, status = 'pending' WHERE seq = 3"
run dpgaudit report --batch r1 -o one.html
expect_rc 0 "report --batch RUN -o FILE.html"
grep -q 'no scan stored: pending' one.html && ok || not_ok "a target with no scan is a row saying so"
expect_eq "$(grep -c '<article id="s[0-9]*-scan"' one.html)" 2 "the reports under anchors in one page"
valid_html=$(grep -c '<script>' one.html)
expect_eq "$valid_html" 1 "the overview's one script"

run dpgaudit report --batch nope
expect_rc 2 "an unknown run"
expect_err "no batch run 'nope' in" "names the run"
expect_err_one_line "an unknown run"
run dpgaudit report --batch r1 --all
expect_rc 64 "--all or --batch"

finish
