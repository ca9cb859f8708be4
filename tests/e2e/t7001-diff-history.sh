#!/bin/sh
# history and diff: what changed between two scans of a target, and an
# exit code a scheduler can alert on (6 when something counted regressed).
. "$(dirname "$0")/lib.sh"

# new_repo DIR LICENSE-ID: a small project with that license text.
new_repo() {
	mkdir -p "$1"
	(
		cd "$1" || exit 1
		printf '# Clinic queue\n\nBooks visits for rural clinics.\n\n## Installation\n\nnpm install\n' >README.md
		license_text "$2" >LICENSE
		git init -q . && git add -A && git commit -qm "first"
	)
}
commit_all() { (cd "$1" && git add -A && git commit -qm "$2"); }

new_repo dropped MIT
new_repo replaced MIT
new_repo gains MIT
for r in dropped replaced gains; do
	run dpgaudit scan -q "$r"
	expect_rc 0 "first scan of $r"
done

run dpgaudit diff dropped
expect_rc 2 "diff with one scan"
expect_err "only one scan of 'dropped': nothing to compare" "one scan is named"
expect_err_one_line "one scan"

# the three changes of a yearly re-check
git -C dropped rm -q LICENSE && commit_all dropped "drop the license"
license_text SSPL-1.0 >replaced/LICENSE && commit_all replaced "relicense"
printf '# Code of conduct\n\nBe kind. Report abuse to conduct@example.org.\n' \
	>gains/CODE_OF_CONDUCT.md && commit_all gains "add a code of conduct"
for r in dropped replaced gains; do
	run dpgaudit scan -q "$r"
done

run dpgaudit diff dropped
expect_rc 6 "a dropped license is a regression"
expect_out "^  regression  2   project license removed \(was MIT\)" \
	"the license removal is a regression"
expect_out "^  regression  2   Approved open license: met -> not met" \
	"indicator 2's verdict got worse"
expect_out "^  regression  2   license file removed: LICENSE \(indicator 2 was met\)" \
	"the license file is named"
expect_out "regressions? \(counted: status, verdict, license, evidence\)" \
	"the counted classes are stated"

run dpgaudit diff replaced
expect_rc 6 "a non-accepted license is a regression"
expect_out "project license changed: MIT -> SSPL-1.0 \(no longer accepted\)" \
	"the new license is not accepted"
expect_out "license file LICENSE replaced: MIT -> SSPL-1.0" \
	"the replaced license file is named"

run dpgaudit diff gains
expect_rc 0 "an added code of conduct is no regression"
expect_out "^  better      9c  code-of-conduct file added: CODE_OF_CONDUCT.md" \
	"the code of conduct is an improvement"
expect_no_out "regression " "nothing regressed"

# --fail-on chooses what counts
run dpgaudit diff dropped --fail-on none
expect_rc 0 "--fail-on none"
expect_out "^  worse       2   project license removed" \
	"an uncounted regression is still shown"
run dpgaudit diff --fail-on sdg,ownership dropped
expect_rc 0 "--fail-on classes that did not regress"
run dpgaudit diff dropped --fail-on verdict,bogus
expect_rc 64 "unknown class"
expect_err "unknown change class 'bogus'" "the class is named"

# JSON and Markdown
run dpgaudit diff replaced --format json
expect_rc 6 "json keeps the exit code"
json_ok "$T/out" && ok || not_ok "diff JSON is valid"
# change CLASS FIELD: FIELD of the first change of CLASS in $T/out
change() {
	sqlite3 :memory: "SELECT json_extract(value, '\$.$2') FROM
	  json_each(readfile('$T/out'), '\$.changes')
	  WHERE json_extract(value, '\$.class') = '$1' LIMIT 1"
}
expect_eq "$(json_get "$T/out" '$.regressions')" 2 \
	"two counted regressions: indicator 2 and the license"
expect_eq "$(json_get "$T/out" '$.changes[0].class')" verdict "verdicts first"
expect_eq "$(change license before)" MIT "license before"
expect_eq "$(change license after)" SSPL-1.0 "license after"
expect_eq "$(change license regression)" 1 "the license change is flagged"
expect_eq "$(change evidence path)" LICENSE "the replaced file's path"
run dpgaudit diff gains --format md
expect_out '^\| better \| 9c \| code-of-conduct file added: CODE\\_OF\\_CONDUCT.md \|$' \
	"a Markdown table row, markup escaped"

# --from/--to, any order of options
run dpgaudit diff --from 3 --to 6
expect_rc 0 "--from/--to of one target"
expect_out "code-of-conduct file added" "the chosen scans are compared"
run dpgaudit diff --to 6
expect_rc 64 "--to without --from"
run dpgaudit diff --from 99
expect_rc 2 "an unknown scan"
expect_err "no scan 99" "the scan is named"
run dpgaudit diff nowhere
expect_rc 2 "an unknown target"
expect_err "no scan of 'nowhere'" "the target is named"
run dpgaudit diff --db "$T/none.db" gains
expect_rc 3 "no database"

# history: one line per scan with its verdicts; spelled as the user likes
run dpgaudit history dropped/
expect_rc 0 "history with a trailing slash"
expect_out "^history of $T/dropped \(2 scans\)" "the canonical target"
expect_out "^1 .* ok .*  .  \+  " "the first scan met indicator 2"
expect_out "^4 .* ok .*  .  x  .* 1\$" "the second has 2 not met"
run dpgaudit history "$T/gains@HEAD" --format json
expect_rc 0 "history of PATH@REV"
expect_eq "$(json_get "$T/out" '$.scans[1].verdicts.9c')" met \
	"9c met after the code of conduct"
expect_eq "$(json_get "$T/out" '$.scans[0].verdicts.9c')" review \
	"9c for review before"

# an "unchanged" scan (a re-check that found nothing new) stands for the
# scan it repeats: nothing changed since
sqlite3 audit.db "INSERT INTO scans (target_id, kind, started_at,
  finished_at, tool_version, status, note) SELECT target_id, kind,
  started_at, finished_at, tool_version, 'unchanged', 'same revision'
  FROM scans WHERE id = 6"
run dpgaudit diff gains
expect_rc 0 "nothing new since the last scan"
expect_out "^no changes$" "said so"
run dpgaudit history gains
expect_out "^7 .* unchanged .*\(as before\)" "history shows the unchanged scan"

finish
