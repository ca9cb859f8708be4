#!/bin/sh
# scan --profile by rule family and SDG goal (issue 12): the parts of the
# rules and sdg analyzers' work, with the runs and bytes they took; a rule
# anchored at the start of the text (\A) runs without the literal pass and
# still finds what it finds.
. "$(dirname "$0")/lib.sh"

make_project tree
mkdir -p tree/api tree/docs
printf '# Clinic\n\nHelps clinics track patients, vaccination and maternal health (SDG 3).\nWe follow the GDPR.\n' >tree/README.md
printf 'Maternal health and universal health coverage for rural clinics.\n' >tree/docs/guide.md
printf 'openapi: 3.0.3\ninfo:\n  title: clinic\n' >tree/api/openapi-v1.yaml
printf 'title: openapi\nopenapi: 3.0.3\n' >tree/api/other.yaml
printf '{"swagger": "2.0", "info": {}}\n' >tree/api/v2.json

run dpgaudit scan -q --no-cache --threads 1 --profile tree
expect_rc 0 "--profile"
expect_err "^sdg +[0-9.]+ s +[0-9]+ files" "the sdg analyzer's line"
expect_err "^  sdg +text mask +[0-9.]+ s +[0-9]+ runs +[0-9]+ bytes" "the sdg text mask"
expect_err "^  sdg +anchor pass +[0-9.]+ s +[0-9]+ runs +[0-9]+ bytes" "the sdg anchor pass, once a text"
expect_err "^  sdg +goal 3 +[0-9.]+ s +[0-9]+ runs +[0-9]+ bytes" "SDG goal 3's vocabulary, per text"
expect_err "^  sdg +goal 17 +[0-9.]+ s" "every goal"
expect_err "^  rules +literal pass +[0-9.]+ s +[0-9]+ runs" "the rules' literal pass"
expect_err "^  rules +privacy\.rules +[0-9.]+ s +[0-9]+ runs +[0-9]+ bytes" "a rule family by its file"
expect_err "^  rules +data\.rules " "the family of the OpenAPI rules"
# no profile lines without --profile
run dpgaudit scan -q --no-cache tree
[ -s "$T/err" ] && not_ok "no profile unless asked" || ok

# the OpenAPI content rules (\A...) found what they find: two files that
# begin with openapi/swagger, not the one where it comes later
got=$(sql "SELECT path FROM findings WHERE kind = 'rule'
	AND value = 'openapi-spec-content'
	AND scan_id = (SELECT max(id) FROM scans) ORDER BY path")
expect_eq "$got" "api/openapi-v1.yaml
api/v2.json" "anchored content rules: the files that start with it"
finish
