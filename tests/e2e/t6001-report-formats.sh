#!/bin/sh
# Every report format on two fixtures (a complete project and one with
# what a reviewer must act on), compared with golden files (times, paths
# and the version normalised; DPGAUDIT_UPDATE_GOLDEN=1 rewrites them), and
# every JSON kind validated against its schema.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/report-lib.sh"

make_project demo
make_weak weak
dpgaudit scan -q demo >/dev/null
dpgaudit scan -q weak >/dev/null

for f in text md json sarif screening dpg-form; do
	case $f in text) ext=txt ;; md) ext=md ;; *) ext=json ;; esac
	for s in demo weak; do
		run dpgaudit report "$s" --format "$f" --color=never
		expect_rc 0 "report $s --format $f"
		cp "$T/out" "$T/$s.$f"
		# the JSON report is one line: indent it for a readable diff
		[ "$f" = json ] && /usr/bin/python3 -m json.tool --indent 1 \
			"$T/$s.$f" >"$T/out"
		golden "$s.$f.$ext" "$T/out"
	done
done

for s in demo weak; do
	valid "$SCHEMAS/report.schema.json" "$T/$s.json" "$s: report JSON"
	valid "$SARIF_SCHEMA" "$T/$s.sarif" "$s: SARIF 2.1.0"
	valid "$SCHEMAS/registry-screening-schema.json" "$T/$s.screening" \
		"$s: the registry's screening schema"
	valid "$SCHEMAS/dpg-form.schema.json" "$T/$s.dpg-form" "$s: dpg-form"
done
valid "$SCHEMAS/registry-nominee-schema.json" "$T/demo.dpg-form" \
	--key record --optional organizations "demo: the form's record is a nomination record"
expect_eq "$(json_get "$T/demo.dpg-form" '$.record_missing')" '["description","organizations"]' \
	"demo: only what no file says is missing from the record"
valid "$SCHEMAS/registry-nominee-schema.json" "$T/weak.dpg-form" \
	--key record --optional SDGs "weak: the record, less the goals the files do not give"
expect_eq "$(json_get "$T/weak.dpg-form" '$.record_missing')" '["description","SDGs","organizations"]' \
	"weak: the goals are missing"
run dpgaudit scans --format json
valid "$SCHEMAS/scans.schema.json" "$T/out" "scans JSON"

# what each format must say about the weak project
expect_eq "$(json_get "$T/weak.json" '$.summary.review')" 11 "json summary"
expect_eq "$(json_get "$T/weak.json" '$.unread[2].what')" "folder judged vendored" "json: the vendored folder"
grep -q '"ruleId": "DPG204"' "$T/weak.sarif" && ok || not_ok "sarif: the license conflict"
grep -q '"ruleId": "DPG401"' "$T/weak.sarif" && ok || not_ok "sarif: the closed component"
grep -q '"ruleId": "DPG205"' "$T/weak.sarif" && ok || not_ok "sarif: the tag not understood"
grep -q '"ruleId": "DPG701"' "$T/weak.sarif" && ok || not_ok "sarif: no privacy policy"
expect_eq "$(json_get "$T/weak.sarif" '$.runs[0].results[1].locations[0].physicalLocation.region.startLine')" 5 \
	"sarif: the conflict's line"
expect_eq "$(json_get "$T/weak.screening" '$.platformIndependence.mandatoryDepsCreateMoreRestrictions')" Yes \
	"screening: the closed component answers Yes"
expect_eq "$(json_get "$T/weak.screening" '$.clearOwnership.isOwnershipExplicit')" Unknown \
	"screening: Unknown where the files cannot tell"
expect_eq "$(json_get "$T/demo.screening" '$.privacy.privacyComplianceList[0]')" "EU GDPR" \
	"screening: the laws named"
expect_eq "$(json_get "$T/weak.dpg-form" '$.questions[3].status')" "needs input" \
	"dpg-form: no SDG evidence leaves the goals blank"
expect_eq "$(json_get "$T/weak.dpg-form" '$.questions[3].value')" "[]" \
	"dpg-form: never an invented goal"
expect_eq "$(json_get "$T/demo.dpg-form" '$.record.license[0].spdx')" "Apache-2.0" \
	"dpg-form: the license as the registry lists it"

# a near license text: the HTML marks what the file changed
mkdir near
license_text MIT | sed 's/free of charge/for a small fee/' >near/LICENSE
dpgaudit scan -q near >/dev/null
run dpgaudit report near --format html
expect_out "changed line 5 <del>free of charge</del> to <ins>for a small fee</ins>" \
	"html: a near match's differing spans highlighted"

finish
