#!/bin/sh
# scan: license-text findings (path, lines, id, score, excerpt),
# license-unmatched for an unknown root license file, R stubs.
. "$(dirname "$0")/lib.sh"

mkdir p
license_text Apache-2.0 >p/LICENSE
{ license_text MIT; echo; license_text BSD-3-Clause; } >p/THIRD-PARTY.txt
printf 'Some project license.\nYou may use it on Tuesdays only.\nNo warranty.\n' >p/COPYING
mkdir -p p/src
{ echo "/*"; license_text ISC | sed 's|^| * |'; echo " */"; echo "int x;"; } >p/src/x.c
run dpgaudit scan --quiet p
[ "$rc" -le 1 ] && ok || not_ok "scan: exit $rc"
expect_eq "$(sql "SELECT line||'-'||line_end||' '||value||' '||score||' '||excerpt FROM findings WHERE kind='license-text' AND path='LICENSE'")" \
	"1-73 Apache-2.0 1.0 exact" "LICENSE: Apache-2.0 exact"
expect_eq "$(sql "SELECT group_concat(value||'@'||line, ' ') FROM (SELECT * FROM findings WHERE kind='license-text' AND path='THIRD-PARTY.txt' ORDER BY line)")" \
	"MIT@1 BSD-3-Clause@22" "two texts in one file"
expect_eq "$(sql "SELECT value||'@'||line FROM findings WHERE kind='license-text' AND path='src/x.c'")" \
	"ISC@2" "a license in a source header"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='license-unmatched' AND path='COPYING' AND indicator=2")" \
	"1" "COPYING: unknown text"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='license-text' AND path='COPYING'")" \
	"0" "never a confident wrong answer"

# an Apache-2.0 text with an extra appendix: near, the addition shown
mkdir q
{ license_text Apache-2.0; printf '\nAPPENDIX B: Extra terms\n\nThe Example logo may not be used without written permission of Example Inc.\n'; } >q/LICENSE
run dpgaudit scan --quiet q
expect_eq "$(sql "SELECT value FROM findings WHERE kind='license-text' AND path='LICENSE' AND scan_id=(SELECT max(id) FROM scans)")" \
	"Apache-2.0" "Apache-2.0 with an appendix"
x=$(sql "SELECT excerpt FROM findings WHERE kind='license-text' AND path='LICENSE' ORDER BY rowid DESC LIMIT 1")
case "$x" in "near 0.99: followed by lines 75-77 'APPENDIX B: Extra terms"*) ok ;;
*) not_ok "excerpt shows the appendix: $x" ;; esac

# R: the two-line stub with DESCRIPTION's "MIT + file LICENSE"
mkdir r
printf 'YEAR: 2021\nCOPYRIGHT HOLDER: Jane Doe\n' >r/LICENSE
printf 'Package: x\nLicense: MIT + file LICENSE\n' >r/DESCRIPTION
run dpgaudit scan --quiet r
expect_eq "$(sql "SELECT value||' '||excerpt FROM findings WHERE kind='license-text' AND path='LICENSE' ORDER BY rowid DESC LIMIT 1")" \
	"MIT R MIT stub (see DESCRIPTION)" "R MIT stub"
finish
