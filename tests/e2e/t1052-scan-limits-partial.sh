#!/bin/sh
# Limits of one scan (entries, bytes, findings, depth): past one the scan
# stops, is stored as "partial" with the limit named, every verdict is for
# review, and scan exits 2 after printing it.  Usage errors are no scans;
# failed scans name the canonical target.
. "$(dirname "$0")/lib.sh"

make_project proj
make_repo repo
(cd proj && bsdtar -cf ../proj.tar .)

# last SQL: a column of the latest scan
last() { sql "SELECT $1 FROM scans ORDER BY id DESC LIMIT 1"; }

for target in proj proj.tar repo@HEAD; do
	run dpgaudit scan --max-entries 5 "$target"
	expect_rc 2 "$target: past --max-entries"
	expect_err "scan [0-9]+ of '.*' is partial \(entry limit reached: more than 5 entries \(--max-entries\)\): its verdicts are for review" \
		"$target: says it is partial and why"
	expect_err_one_line "$target partial"
	expect_out "status partial" "$target: the report says partial"
	expect_out "note      entry limit reached: more than 5 entries" "$target: and why"
	expect_eq "$(last status)" partial "$target: stored as partial"
	expect_eq "$(last note)" "entry limit reached: more than 5 entries (--max-entries)" "$target: the note is stored"
	expect_eq "$(sql "SELECT count(*) FROM verdicts WHERE scan_id = (SELECT max(id) FROM scans) AND verdict <> 'review'")" 0 \
		"$target: every verdict is for review"
	fc=$(last file_count)
	[ "$fc" -ge 1 ] && [ "$fc" -le 5 ] && ok ||
		not_ok "$target: the files before the limit (folders count too) were read: $fc"
done
run dpgaudit report --format json
json_ok "$T/out" && ok || not_ok "JSON of a partial scan"
expect_eq "$(json_get "$T/out" '$.scan.status')" partial "JSON status partial"
expect_eq "$(json_get "$T/out" '$.scan.note')" "entry limit reached: more than 5 entries (--max-entries)" "JSON note"
reason=$(json_get "$T/out" '$.indicators[1].reason')
case "$reason" in "partial scan: on the files read, not met: "*) ok ;; *) not_ok "a downgraded verdict says what it was: $reason" ;; esac

run dpgaudit scan -q --max-bytes 100 proj
expect_rc 2 "past --max-bytes"
expect_eq "$(last note)" "byte limit reached: more than 100 bytes read (--max-bytes)" "the byte limit is named"
# -q prints the stored scan's id and says, as the report does, that it is partial
expect_eq "$(cat "$T/out")" "$(last id)" "-q prints the id of the scan stored"
expect_err "scan $(last id) of '$T/proj' is partial \(byte limit reached: more than 100 bytes read \(--max-bytes\)\): its verdicts are for review" \
	"-q: says it is partial and why"
run dpgaudit scan -q --max-findings 3 proj
expect_rc 2 "past --max-findings"
expect_eq "$(last note)" "finding limit reached: more than 3 findings (--max-findings)" "the finding limit is named"
run dpgaudit scan -q --max-entries 1000 proj
expect_rc 0 "under every limit: ok"
expect_eq "$(last status)" ok "status ok"
expect_eq "$(last note)" "" "no note"

# depth: deeper folders are skipped, the scan is not partial
mkdir -p proj/a/b/c && echo x >proj/a/b/c/deep.txt && echo x >proj/a/top.txt
run dpgaudit scan --max-depth 2 proj
expect_rc 0 "--max-depth"
expect_eq "$(sql "SELECT reason FROM skipped WHERE path = 'a/b' AND scan_id = (SELECT max(id) FROM scans)")" "too deep" \
	"a folder past the depth is skipped"
expect_eq "$(last status)" ok "skipping deep folders is not partial"

# bad limit values are usage errors
for bad in "--max-entries abc" "--max-depth 0" "--max-bytes -1" "--time-limit 1.5" "--max-findings 5k"; do
	run dpgaudit scan $bad proj
	expect_rc 64 "$bad is a usage error"
done

# usage errors are not scans: nothing is stored
n=$(sql "SELECT count(*) FROM scans")
run dpgaudit scan --rev v1.0 proj.tar
expect_rc 64 "--rev on an archive"
run dpgaudit scan --rev v1.0 repo@main
expect_rc 64 "a revision given twice"
expect_err "revision given twice" "says so"
run dpgaudit scan ""
expect_rc 64 "an empty target"
expect_eq "$(sql "SELECT count(*) FROM scans")" "$n" "no usage error was stored as a scan"

# a failed scan names the canonical target (absolute, without @REV)
run dpgaudit scan missing-dir
expect_rc 2 "a missing target"
expect_eq "$(sql "SELECT t.locator FROM scans s JOIN targets t ON t.id = s.target_id ORDER BY s.id DESC LIMIT 1")" \
	"$T/missing-dir" "stored under its absolute path"
run dpgaudit scan repo@nosuch
expect_rc 2 "an unknown revision"
expect_eq "$(sql "SELECT t.locator || ' ' || s.rev FROM scans s JOIN targets t ON t.id = s.target_id ORDER BY s.id DESC LIMIT 1")" \
	"$T/repo nosuch" "stored under the repository's path, with the revision"
run dpgaudit report "$T/repo"
expect_out "status failed: unknown revision 'nosuch'" "report finds it by target"

finish
