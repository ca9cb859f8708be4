#!/bin/sh
# dpgaudit scan: needs per solution type (issue 10, class 14), evidence
# that is not the project's statement (class 12) and export mechanisms
# in screens and scripts (class 15).
. "$(dirname "$0")/lib.sh"

verdict() { sql "SELECT verdict FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }
reason() { sql "SELECT reason FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }

# 1. a data repository, judged as data: open formats, fields, sources
mkdir -p data/csv
printf 'code,name,population\nKE,Kenya,53771296\nUG,Uganda,45741007\n' >data/csv/countries.csv
printf '{"type": "FeatureCollection", "features": []}\n' >data/outlines.geojson
cat >data/README.md <<'TXT'
# East African countries

Population and outlines of the East African Community's member states.

## Fields

| Field | Type | Description |
|-------|------|-------------|
| code | text | ISO 3166-1 alpha-2 code |
| population | integer | mid-year population estimate |

## Sources

Population figures are taken from the 2022 UN World Population Prospects.
TXT
run dpgaudit scan --type data data
expect_eq "$(verdict 1 4)" met "1: data with no software dependency: 4 met"
expect_eq "$(reason 1 4)" "for data: no manifest and no software dependency: the repository's files are used as they are" "1: 4 says the type judged"
expect_eq "$(verdict 1 5)" met "1: README, fields and sources: 5 met"
expect_eq "$(reason 1 5)" "for data: found a README (README.md); a description of the data (fields, schema) (README.md:5); the data's provenance (sources) (README.md:12)" "1: 5 names what it found"
expect_eq "$(verdict 1 6)" met "1: CSV and GeoJSON: 6 met"
expect_eq "$(reason 1 6)" "for data: found the data in open formats (CSV, JSON, XML...) (csv/countries.csv)" "1: 6 names a file"
# the same files judged as software: install, usage and a manifest missing
run dpgaudit scan data
expect_eq "$(verdict 2 5)" review "2: as software: no install or usage: review"
expect_eq "$(verdict 2 4)" review "2: as software: no manifest: review"

# 2. a content repository: fonts and SVG, a README saying how to use them
mkdir -p font/fonts font/svg
printf 'wOF2fakefont' >font/fonts/icons.woff2
printf '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg>\n' >font/svg/map.svg
printf '# Field icons\n\n## Usage\n\nLink `css/icons.css` and use `<i class="fi fi-map">`.\n' >font/README.md
run dpgaudit scan --type content font
expect_eq "$(verdict 3 6)" met "3: content in open formats: 6 met"
expect_eq "$(verdict 3 5)" met "3: README with usage: 5 met"
expect_eq "$(verdict 3 4)" met "3: content, no software dependency: 4 met"

# 3. AI-assistant files, backlogs and translations meet no need; a code
# of conduct with the template's placeholders gives no contact; a
# sub-module's Privacy heading is no policy
mkdir -p agent/.claude agent/packages/ui agent/locales
printf '# Tool\n\nA small tool.\n' >agent/README.md
printf '# Notes for the agent\n\n## Installation\n\nnpm install\n\n## Usage\n\nnpm start\n\nUsers can export reports to CSV or JSON.\n' >agent/CLAUDE.md
printf '## Usage\n\nRun it.\n' >agent/.claude/commands.md
printf '# Backlog\n\n- add a REST API exposing all records\n' >agent/TODO.md
printf '{"export": "Users can export reports to CSV or JSON."}\n' >agent/locales/en.json
printf '# UI\n\n## Privacy\n\nThis component stores nothing.\n' >agent/packages/ui/README.md
cat >agent/CODE_OF_CONDUCT.md <<'TXT'
# Contributor Covenant Code of Conduct

## Enforcement

Instances of abusive, harassing, or otherwise unacceptable behavior may be
reported to the community leaders responsible for enforcement at
[INSERT CONTACT METHOD].
TXT
run dpgaudit scan agent
expect_eq "$(reason 4 5)" "found a README (README.md)" "4: CLAUDE.md's sections meet nothing"
expect_eq "$(verdict 4 6)" review "4: an agent file's export sentence and a backlog's API: review"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=4 AND kind='rule' AND value='code-of-conduct-contact'")" 0 "4: [INSERT CONTACT METHOD] is no contact"
expect_eq "$(verdict 4 9c)" review "4: 9c review"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=4 AND kind='rule' AND value LIKE 'privacy%'")" 0 "4: a sub-module's Privacy heading is no policy"

# 4. export mechanisms: an app's "Export my data" screen, a documented
# export script
mkdir -p app/src/screens app2/scripts
printf '{ "name": "app", "dependencies": { "react": "18.2.0" } }\n' >app/package.json
printf 'export function Settings() {\n  return <button onClick={save}>Export my data</button>;\n}\n' >app/src/screens/Settings.tsx
run dpgaudit scan app
expect_eq "$(verdict 5 6)" met "5: an Export my data screen: 6 met"
printf '# Clinic\n\nTo get all records, run exporttocsv.py in the scripts folder.\n' >app2/README.md
printf 'import csv\n' >app2/scripts/exporttocsv.py
run dpgaudit scan app2
expect_eq "$(verdict 6 6)" met "6: run exporttocsv.py: 6 met"
finish
