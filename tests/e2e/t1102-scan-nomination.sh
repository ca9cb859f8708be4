#!/bin/sh
# dpgaudit scan --nomination: the registry record's claims against the
# findings; every mismatch listed; malformed records name the field.
. "$(dirname "$0")/lib.sh"

make_project cq
cat >match.json <<'JSON'
{
  "name": "ClinicQueue",
  "description": "Appointment and patient-queue system for clinics",
  "license": [{"spdx": "Apache-2.0", "licenseURL": "https://example.org/LICENSE"}],
  "SDGs": [{"SDGNumber": 3, "evidenceText": "Antenatal and immunization visits"}],
  "type": ["software"],
  "repositories": [{"name": "main", "url": "https://example.org/clinicqueue"}],
  "organizations": [{"name": "ClinicQueue Foundation, Inc.", "website": "https://example.org", "org_type": "owner"}],
  "stage": "nominee"
}
JSON
run dpgaudit scan --nomination match.json cq
expect_rc 0 "a record that matches"
expect_out "Verdicts \(for software; nomination ClinicQueue\)" "the nomination is named"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind = 'nomination-mismatch'")" 0 "no mismatch"
expect_eq "$(sql "SELECT group_concat(value, '|') FROM findings WHERE kind = 'nomination-claim' ORDER BY id")" \
	"license Apache-2.0|SDG 3|owner ClinicQueue Foundation, Inc." "claims recorded"
expect_eq "$(sql "SELECT nomination FROM scans WHERE id = 1")" ClinicQueue "stored with the scan"

cat >mismatch.json <<'JSON'
{
  "name": "ClinicQueue",
  "license": [{"spdx": "MIT"}],
  "SDGs": [{"SDGNumber": 3}, {"SDGNumber": 14}],
  "type": ["software"],
  "organizations": [{"name": "Other Org", "org_type": "owner"},
                    {"name": "Funder", "org_type": "funder"}]
}
JSON
run dpgaudit scan --nomination mismatch.json cq
expect_rc 0 "mismatches are review, not failure"
sql "SELECT indicator || ' ' || excerpt FROM findings WHERE scan_id = 2 AND kind = 'nomination-mismatch' ORDER BY id" >mm
expect_eq "$(sed -n 1p mm)" "2 the nomination claims MIT; the files show Apache-2.0" "license claim not found"
expect_eq "$(sed -n 2p mm)" "2 the files show Apache-2.0, which the nomination does not claim" "license found not claimed"
expect_eq "$(sed -n 3p mm)" "1 the nomination claims SDG 14; the README and docs show no evidence for it" "SDG claim without evidence"
expect_eq "$(sed -n 4p mm)" "3 the nomination names the owner 'Other Org'; the copyright holders in the files are clinicqueue foundation" "owner not a holder"
expect_eq "$(wc -l <mm)" 4 "exactly the four mismatches"
expect_eq "$(sql "SELECT verdict FROM verdicts WHERE scan_id = 2 AND indicator = '2'")" review "2: met becomes review"
expect_eq "$(sql "SELECT verdict FROM verdicts WHERE scan_id = 2 AND indicator = '3'")" review "3: met becomes review"
expect_out "the nomination claims MIT; the files show Apache-2.0" "the report shows the mismatch"

# the registry's deprecated GPL-3.0 matches GPL-3.0-or-later, with a note
mkdir gpl
license_text GPL-3.0-or-later >gpl/COPYING
cat >gpl/README.md <<'MD'
# Tool

This program is free software: you can redistribute it and/or modify it
under the terms of the GNU General Public License as published by the Free
Software Foundation, either version 3 of the License, or (at your option)
any later version.
MD
printf '{"name": "Tool", "license": [{"spdx": "GPL-3.0"}]}\n' >gpl.json
run dpgaudit scan --nomination gpl.json gpl
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id = 3 AND kind = 'nomination-mismatch'")" 0 \
	"GPL-3.0 claimed, GPL-3.0-or-later found: no mismatch"
expect_eq "$(sql "SELECT excerpt FROM findings WHERE scan_id = 3 AND kind = 'nomination-note'")" \
	"the nomination's GPL-3.0 (a deprecated id, read as either -only or -or-later); the files show GPL-3.0-or-later" \
	"the difference is reported"

# the nomination's types decide license acceptance
printf '{"name": "Tool", "type": ["content"]}\n' >content.json
run dpgaudit scan --nomination content.json cq
expect_out "Verdicts \(for content; nomination Tool\)" "type from the record"
run dpgaudit scan --nomination content.json --type data cq
expect_out "Verdicts \(for data; nomination Tool\)" "--type overrides the record"

# malformed records: exit 4, one line naming the field, nothing stored
n=$(sql "SELECT count(*) FROM scans")
for bad in '{"name": "x", "SDGs": [{"SDGNumber": 18}]}|SDGs\[0\]\.SDGNumber' \
	'{"name": "x", "license": [{"licenseURL": "u"}]}|license\[0\]\.spdx' \
	'{"license": []}|'"'"'name'"'"'' \
	'{"name": "x", "type": ["game"]}|type\[0\]' \
	'{"name": "x", "organizations": [{"name": "o", "org_type": "boss"}]}|organizations\[0\]\.org_type' \
	'{"name": "x",|invalid JSON'; do
	printf '%s\n' "${bad%%|*}" >bad.json
	run dpgaudit scan --nomination bad.json cq
	expect_rc 4 "malformed record: ${bad%%|*}"
	expect_err "nomination 'bad.json': .*${bad#*|}" "the field is named: ${bad#*|}"
	expect_err_one_line "malformed record"
done
run dpgaudit scan --nomination missing.json cq
expect_rc 2 "a missing record file"
expect_err "cannot open nomination 'missing.json'" "the file is named"
expect_eq "$(sql "SELECT count(*) FROM scans")" "$n" "nothing stored for bad records"

finish
