#!/bin/sh
# dpgaudit scan: the sdg analyzer scores README, docs and descriptions (not
# code, not vendored trees) and stores sdg-goal and sdg-evidence findings.
. "$(dirname "$0")/lib.sh"

mkdir -p proj/docs/guide proj/src proj/node_modules/dep proj/tests
cat >proj/README.md <<'MD'
# AquaTrack

AquaTrack helps rural water service providers keep hand pumps working,
so that communities keep access to safe drinking water (SDG 6).

## Install

```
make install   # sets up the malaria module too
```
MD
cat >proj/docs/guide/field.md <<'MD'
# Field guide

Technicians record the water quality of each borehole after a repair.
MD
cat >proj/package.json <<'JSON'
{
  "name": "aquatrack",
  "description": "Monitoring of rural water supply and sanitation"
}
JSON
echo '/* maternal health, malaria, tuberculosis, HIV, vaccines: SDG 3 */' >proj/src/app.c
echo 'Malaria, tuberculosis and HIV. SDG 3. Maternal health.' >proj/node_modules/dep/README.md
echo 'Malaria, tuberculosis and HIV. SDG 3. Maternal health.' >proj/tests/notes.md

run dpgaudit scan proj
expect_rc 1 "scan (no license in the fixture: indicator 2 not met)"
expect_out "^1  Relevance to the SDGs" "the SDG indicator section"
expect_out "sdg-goal 6 \(0\.[0-9]+\): \(project\)" "goal 6 found"
expect_no_out "sdg-goal 3 " "code, vendored and test trees are not read"

expect_eq "$(sql "SELECT indicator, value, excerpt FROM findings WHERE scan_id=1 AND kind='sdg-goal'")" \
	"1|6|strong" "one goal, strong, stored with indicator 1"
expect_eq "$(sql "SELECT score > 0.6 AND score <= 1 FROM findings WHERE scan_id=1 AND kind='sdg-goal'")" \
	1 "goal score in 0..1"
expect_eq "$(sql "SELECT path || ':' || line FROM findings WHERE scan_id=1 AND kind='sdg-evidence' AND value='6' ORDER BY id")" \
	"README.md:4
package.json:3
docs/guide/field.md:3" "evidence with path and line, best first"
expect_eq "$(sql "SELECT excerpt FROM findings WHERE scan_id=1 AND kind='sdg-evidence' AND path='README.md'")" \
	"AquaTrack helps rural water service providers keep hand pumps working, so that communities keep access to safe drinking water (SDG 6)." \
	"the excerpt is the sentence"

# JSON report carries the same findings
run dpgaudit report --format json
expect_rc 0 "json report"
expect_out '"kind": ?"sdg-goal"' "sdg-goal in the JSON report"
expect_out '"kind": ?"sdg-evidence"' "sdg-evidence in the JSON report"

# a project with no SDG vocabulary: no sdg finding
mkdir -p lib
printf '# fastjson\n\nA fast JSON library with a health check.\n' >lib/README.md
run dpgaudit scan lib
expect_rc 1 "scan a library (no license: not met)"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=2 AND kind LIKE 'sdg-%'")" \
	0 "no sdg finding for a generic library"

# --rules DIR: DIR/sdg extends the vocabulary
mkdir -p local/sdg
printf '# 3.3: a local disease name\ngoal 3\n4 /zorblax/\n' >local/sdg/90-local.sdg
printf '# Zorblax\n\nReporting zorblax cases.\n' >lib/README.md
run dpgaudit scan --rules local lib
expect_rc 1 "scan with local rules (no license: not met)"
expect_out "sdg-goal 3 " "the local term counts"

# an invalid vocabulary file fails the scan with its file:line
printf 'goal 3\n4 /zor(blax/\n' >local/sdg/90-local.sdg
run dpgaudit scan --rules local lib
expect_rc 4 "invalid vocabulary"
expect_err "90-local.sdg:2: invalid pattern" "names file and line"

finish
