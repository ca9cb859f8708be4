#!/bin/sh
# dpgaudit scan DIR: the inventory of well-known files and SPDX tags, stored
# in the database and printed as text and JSON.
. "$(dirname "$0")/lib.sh"

make_project proj
run dpgaudit scan proj
expect_rc 0 "scan a directory"
expect_out "^dpgaudit .*: scan 1 of $T/proj$" "header names the scan and target"
expect_out "kind +dir" "kind is dir"
expect_out "file license: LICENSE" "LICENSE found"
expect_out "file readme: README.md" "README found"
expect_out "file contributing: CONTRIBUTING.md" "CONTRIBUTING found"
expect_out "file code-of-conduct: CODE_OF_CONDUCT.md" "code of conduct found"
expect_out "file security: SECURITY.md" "security policy found"
expect_out "file privacy: PRIVACY.md" "privacy policy found"
expect_out "file changelog: CHANGELOG.md" "changelog found"
expect_out "file authors: AUTHORS" "AUTHORS found"
expect_out "file ci: .github/workflows/ci.yml" "CI configuration found"
expect_out "docs-tree docs: docs" "docs tree found"
expect_out "spdx-tag Apache-2.0 \[3\]: src/server.js:1, src/visits.js:1, tests/visits.test.js:1" \
	"SPDX tags with path and line"
expect_no_out "work tree" "a plain directory has no work tree state"

# stored: one scan, its findings by indicator
expect_eq "$(sql "SELECT status, kind, file_count FROM scans")" "ok|dir|15" "scan row"
expect_eq "$(sql "SELECT indicator || ' ' || path FROM findings WHERE kind='file' AND value='license'")" \
	"2 LICENSE" "license file stored with its indicator"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='spdx-tag' AND value='Apache-2.0' AND line=1")" \
	3 "three SPDX tags stored with their line"
expect_eq "$(sql "SELECT bytes_read > 10000 FROM scans")" 1 "bytes read recorded"
expect_eq "$(sql "SELECT tool_version FROM scans")" "$(cat "$TOP/VERSION")" "tool version recorded"

# more well-known names, and look-alikes that are not
mkdir -p proj/LICENSES proj/doc proj/.circleci
echo x >proj/LICENSES/MIT.txt
echo x >proj/COPYING.LESSER
echo x >proj/history.js
echo x >proj/licenses.js
echo x >proj/DCO
echo x >proj/.circleci/config.yml
run dpgaudit scan --format json proj
expect_rc 0 "json scan"
json_ok "$T/out" && ok || not_ok "json output is valid JSON"
expect_eq "$(json_get "$T/out" '$.scan.kind')" dir "json: scan kind"
expect_eq "$(json_get "$T/out" '$.scan.id')" 2 "json: scan id"
sqlite3 :memory: "SELECT group_concat(p, ' ') FROM (SELECT json_extract(value, '\$.path') AS p FROM json_each(json_extract(readfile('$T/out'), '\$.findings')) WHERE json_extract(value, '\$.kind') = 'file' ORDER BY p)" >names
expect_eq "$(cat names)" ".circleci/config.yml .github/workflows/ci.yml AUTHORS CHANGELOG.md CODE_OF_CONDUCT.md CONTRIBUTING.md COPYING.LESSER DCO LICENSE LICENSES/MIT.txt PRIVACY.md README.md SECURITY.md" \
	"well-known files, and no look-alikes (history.js, licenses.js)"

# report re-prints the stored scan identically
dpgaudit scan proj >scan.out
id=$(sql "SELECT max(id) FROM scans")
dpgaudit report "$id" >report.out
cmp -s scan.out report.out && ok || not_ok "report prints what scan printed"

finish
