#!/bin/sh
# recheck: a list of repositories audited again through the batch
# workers, one report of what changed, and an exit code a scheduler alerts
# on (6 regressed, 5 failed, 0 nothing).
. "$(dirname "$0")/lib.sh"

# new_repo DIR LICENSE-ID: a small project with that license text.
new_repo() {
	mkdir -p "$1"
	(
		cd "$1" || exit 1
		printf '# Clinic queue\n\nBooks visits for rural clinics.\n' >README.md
		license_text "$2" >LICENSE
		git init -q . && git add -A && git commit -qm "first"
	)
}
commit_all() { (cd "$1" && git add -A && git commit -qm "$2"); }

for r in dropped replaced gains steady; do new_repo "$r" MIT; done
printf '# the partner list\n%s/dropped\n%s/replaced\n\n%s/gains\n%s/steady/\n' \
	"$T" "$T" "$T" "$T" >list.txt

run dpgaudit recheck -q list.txt
expect_rc 0 "a first re-check audits and exits 0"
expect_out "^recheck: 4 targets: 0 regressed, 0 changed, 0 unchanged, 4 first audited; 0 failed$" \
	"every target is a first audit"

# the year's changes: a license dropped, one replaced by a non-accepted
# license, a code of conduct added; steady untouched
git -C dropped rm -q LICENSE && commit_all dropped "drop the license"
license_text SSPL-1.0 >replaced/LICENSE && commit_all replaced "relicense"
printf '# Code of conduct\n\nBe kind. Report abuse to conduct@example.org.\n' \
	>gains/CODE_OF_CONDUCT.md && commit_all gains "add a code of conduct"

run dpgaudit recheck list.txt --jobs 2
expect_rc 6 "a regression exits 6"
expect_out "^recheck: 4 targets: 2 regressed, 1 changed, 1 unchanged, 0 first audited; 0 failed$" \
	"two regressed, one changed, one unchanged"
expect_out "^diff of $T/dropped$" "the dropped license's target"
expect_out "^  regression  2   project license removed \(was MIT\)$" \
	"the removed license"
expect_out "^diff of $T/replaced$" "the replaced license's target"
expect_out "^  regression  2   project license changed: MIT -> SSPL-1.0 \(no longer accepted\)$" \
	"the non-accepted license"
expect_out "^  better      9c  code-of-conduct file added: CODE_OF_CONDUCT.md$" \
	"the code of conduct"
expect_out "^no changes \(1\):$" "one target without changes"
expect_out "^  $T/steady$" "named"
expect_no_out "^diff of $T/steady" "no diff for the unchanged target"
grep -q "^recheck recheck-.*: 4 targets, 0 failed; database " err &&
	ok || not_ok "a closing line on stderr names the run and the database"

# exactly those changes: the evidence and license classes of the three
n=$(grep -cE "^  (regression|better|worse|changed) " out)
run dpgaudit recheck list.txt --format json -o report.json -q
expect_rc 0 "nothing changed since: exit 0"
json_ok report.json && ok || not_ok "the JSON report is valid"
expect_eq "$(json_get report.json '$.unchanged')" 4 "all four unchanged"
expect_eq "$(json_get report.json '$.regressions')" 0 "no regression"
expect_eq "$(json_get report.json '$.diffs[0].target')" "$T/dropped" \
	"targets in list order"
[ "$n" -ge 5 ] && ok || not_ok "the changed targets listed their changes ($n)"
[ ! -s out ] && ok || not_ok "-o FILE: nothing on stdout"

# --all re-checks what the database holds; a target gone is a regression
rm -rf steady
run dpgaudit recheck --all --format md -q
expect_rc 6 "a target that can no longer be read is a regression"
expect_out "^## dpgaudit recheck$" "a Markdown report"
expect_out "1 failed\.$" "the failure is counted"
expect_out "\| \*\*regression\*\* \|  \| the scan failed: " \
	"the failure is the regression"
run dpgaudit recheck --all --fail-on verdict -q
expect_rc 5 "when only failures remain and they do not count: exit 5"

# what is wrong on the command line or in the database
run dpgaudit recheck
expect_rc 64 "no LIST"
expect_err "missing LIST \(or --all\)" "said"
run dpgaudit recheck --all list.txt
expect_rc 64 "LIST and --all"
run dpgaudit recheck --resume nosuch
expect_rc 2 "an unknown run"
expect_err "nosuch" "the run is named"
run dpgaudit recheck --all --db "$T/none.db"
expect_rc 3 "--all on a missing database"
run dpgaudit recheck --format xml list.txt
expect_rc 64 "unknown format"
run dpgaudit recheck list.txt --fail-on nope
expect_rc 64 "unknown class"
expect_err "unknown change class 'nope'" "the class is named"
sqlite3 audit.db "SELECT count(*) FROM runs WHERE command = 'recheck'" >runs
expect_eq "$(cat runs)" 5 "each re-check is a run of its own"

finish
