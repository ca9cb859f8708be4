#!/bin/sh
# A git target whose tree and fingerprint (analyzers, rules, options) are
# those of its last ok scan is recorded as an "unchanged" scan that repeats
# it; --force and --no-cache scan again; anything that changes the results
# (a commit, a rule file, the size cap) makes a real scan.
. "$(dirname "$0")/lib.sh"

make_repo repo
run dpgaudit scan repo/.git
rc1=$rc
expect_eq "$(sql "SELECT status, repeats FROM scans WHERE id = 1")" "ok|" "a first scan is a real one"

run dpgaudit scan repo/.git
expect_rc "$rc1" "an unchanged scan exits as the scan it repeats"
expect_out "status unchanged" "the report says unchanged"
expect_out "unchanged since scan 1" "and which scan it repeats"
expect_eq "$(sql "SELECT status, repeats, cached_files FROM scans WHERE id = 2")" "unchanged|1|0" "stored: unchanged, repeats 1"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id = 2")" \
	"$(sql "SELECT count(*) FROM findings WHERE scan_id = 1")" "its findings are a copy"
expect_eq "$(sql "SELECT group_concat(indicator || verdict) FROM verdicts WHERE scan_id = 2")" \
	"$(sql "SELECT group_concat(indicator || verdict) FROM verdicts WHERE scan_id = 1")" "and its verdicts"
expect_eq "$(sql "SELECT commit_id, tree_id FROM scans WHERE id = 2")" \
	"$(sql "SELECT commit_id, tree_id FROM scans WHERE id = 1")" "same commit and tree"
run dpgaudit report --format json 2
expect_eq "$(json_get "$T/out" '$.scan.status')" unchanged "JSON: status"

# PATH@REV: the revision asked for is recorded
run dpgaudit scan -q repo@v1.0
run dpgaudit scan -q repo@v1.0
expect_eq "$(sql "SELECT status, rev FROM scans WHERE id = 4")" "unchanged|v1.0" "PATH@REV unchanged keeps its revision"

run dpgaudit scan -q --force repo/.git
expect_eq "$(sql "SELECT status FROM scans WHERE id = 5")" ok "--force scans again"
run dpgaudit scan -q --no-cache repo/.git
expect_eq "$(sql "SELECT status FROM scans WHERE id = 6")" ok "--no-cache scans again"
run dpgaudit scan -q --max-file-size 1M repo/.git
expect_eq "$(sql "SELECT status FROM scans WHERE id = 7")" ok "another size cap scans again"

# a rules change is a real scan; the same rules again are unchanged
mkdir more
printf '[x-rule]\nindicator = 8\npath = \\.md$\nmessage = md\ntest.path.match = a.md\ntest.path.nomatch = a.c\n' >more/x.rules
run dpgaudit scan -q --rules more repo/.git
expect_eq "$(sql "SELECT status FROM scans WHERE id = 8")" ok "new rules: a real scan"
run dpgaudit scan -q --rules more repo/.git
expect_eq "$(sql "SELECT status, repeats FROM scans WHERE id = 9")" "unchanged|8" "same rules: unchanged"
echo "# touched" >>more/x.rules
run dpgaudit scan -q --rules more repo/.git
expect_eq "$(sql "SELECT status FROM scans WHERE id = 10")" ok "an edited rule file: a real scan"

# a new commit is a real scan
echo "more" >>repo/README.md
git -C repo commit -qam "change"
run dpgaudit scan -q repo/.git
expect_eq "$(sql "SELECT status, cached_files > 0 FROM scans WHERE id = 11")" "ok|1" "a new commit: scanned, unchanged files from the cache"

# directories and archives are never "unchanged" (their per-file results
# come from the cache)
run dpgaudit scan -q repo
run dpgaudit scan -q repo
expect_eq "$(sql "SELECT status FROM scans WHERE id = 13")" ok "a directory is scanned again"

# a failed scan is never repeated
run dpgaudit scan -q repo@no-such-rev
expect_rc 2 "unknown revision"
run dpgaudit scan -q repo@no-such-rev
expect_eq "$(sql "SELECT status FROM scans WHERE id = 15")" failed "a failed scan is not unchanged"

run dpgaudit scans
expect_out "unchanged" "scans lists the unchanged status"
finish
