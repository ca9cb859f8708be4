#!/bin/sh
# dpgaudit scan: the rules analyzer records "rule" findings (path rules,
# content rules scoped by path, dependency rules) and obeys --rules DIR.
. "$(dirname "$0")/lib.sh"

mkdir -p p/docs p/src p/node_modules/x p/.github/workflows
cat >p/README.md <<'MD'
# Clinic registry

## Installation

Run `make install`.

## Usage

Records can be exported to CSV from the admin page.
MD
cat >p/docs/PRIVACY.md <<'MD'
# Privacy policy

Personal data is processed under the GDPR and POPIA.
MD
# a law named in code or in a vendored tree is not evidence of a policy
echo 'int gdpr_export(void); /* GDPR */' >p/src/gdpr.c
echo 'HIPAA' >p/node_modules/x/README.md
echo 'name: ci' >p/.github/workflows/ci.yml
cat >p/package.json <<'JSON'
{
  "name": "clinic",
  "dependencies": {
    "firebase": "^9.22.0"
  },
  "devDependencies": {
    "highcharts": "^11.0.0"
  }
}
JSON

# exit 1 is a verdict (no license here), not an error
scan_ok() { if [ "$rc" -le 1 ]; then ok; else not_ok "$1: exit $rc: $(head -c 300 "$T/err")"; fi; }
run dpgaudit scan -q p
scan_ok "scan"
q() { sql "SELECT $1 FROM findings WHERE scan_id = (SELECT max(id) FROM scans) AND $2"; }
expect_eq "$(q "path || ':' || line" "kind = 'rule' AND value = 'law-gdpr'")" "docs/PRIVACY.md:3" "GDPR named in the privacy policy"
expect_eq "$(q "excerpt" "kind = 'rule' AND value = 'law-popia'")" "Personal data is processed under the GDPR and POPIA." "excerpt is the line"
expect_eq "$(q "indicator" "kind = 'rule' AND value = 'privacy-policy-file'")" "7" "path rule indicator"
expect_eq "$(q "count(*)" "kind = 'rule' AND (path LIKE 'src/%' OR path LIKE 'node_modules/%')")" "0" "no evidence from code or vendored files"
expect_eq "$(q "count(*)" "kind = 'rule' AND value = 'law-hipaa'")" "0" "vendored README ignored"
expect_eq "$(q "line" "kind = 'rule' AND value = 'readme-install-section'")" "3" "README section heading line"
expect_eq "$(q "path || ':' || line" "kind = 'rule' AND value = 'export-documented'")" "README.md:9" "export documented"
expect_eq "$(q "value" "kind = 'readme'")" "$(wc -c <p/README.md | tr -d ' ')" "README size"
expect_eq "$(q "path || ':' || line || ' ' || score" "kind = 'rule' AND value = 'firebase'")" "package.json:4 1.0" "closed dependency flagged on its manifest line"
expect_eq "$(q "score" "kind = 'rule' AND value = 'highcharts'")" "0.5" "dev dependency counts half"
expect_eq "$(q "excerpt" "kind = 'rule-summary' AND value = 'firebase'")" "Firebase: a proprietary Google platform; open alternatives: Supabase, Appwrite, PocketBase" "rule message stored"

# --rules DIR: disable a shipped rule, add one, override another
mkdir mine
cat >mine/local.rules <<'R'
[law-gdpr]
enabled = no

[law-popia]
indicator = 7
scope = docs
content = \bPOPI(A| Act)\b
strength = weak
message = South Africa's POPIA (local wording)
test.content.match = the POPI Act
test.content.nomatch = population

[clinic-word]
indicator = 5
path = (?i)readme\.md$
content = (?i)\bclinic\b
message = mentions the clinic
test.content.match = Clinic registry
test.content.nomatch = clinical
R
run dpgaudit scan -q --rules mine p
scan_ok "scan with --rules"
expect_eq "$(q "count(*)" "kind = 'rule' AND value = 'law-gdpr'")" "0" "disabled rule"
expect_eq "$(q "score" "kind = 'rule' AND value = 'law-popia'")" "0.3" "overridden rule"
expect_eq "$(q "line" "kind = 'rule' AND value = 'clinic-word'")" "1" "added rule"

# a --rules directory that does not exist: exit 2, named
run dpgaudit scan -q --rules "$T/none" p
expect_rc 2 "missing --rules dir"
expect_err "cannot open rules directory '.*none'" "missing dir named"

# invalid --rules: the scan refuses with exit 4 and names the problem
echo '[broken' >mine/local.rules
run dpgaudit scan -q --rules mine p
expect_rc 4 "invalid --rules"
expect_err 'local.rules:1: bad rule header' "problem named"
finish
