#!/bin/sh
# dpgaudit rules test: every shipped rule's own examples pass; a failing
# example is reported as file:line and exits 1.
. "$(dirname "$0")/lib.sh"

run dpgaudit rules test
expect_rc 0 "shipped examples pass"
expect_out '^[0-9]+ rules, [0-9]+ examples: all passed$' "summary"

mkdir r
cat >r/wrong.rules <<'R'
# the author forgot that \b does not match inside a word
[gdpr-strict]
indicator = 7
scope = docs
content = \bGDPR\b
message = GDPR
test.content.match = GDPR-compliant
test.content.match = XGDPR
test.content.nomatch = no law here
R
run dpgaudit rules test --rules r
expect_rc 1 "a failing example exits 1"
expect_err "r/wrong.rules:8: rule 'gdpr-strict': content example 'XGDPR' does not match" "failure is file:line"
expect_out ' examples: 1 failed$' "one failure counted"

# every shipped rule has a positive and a negative example: a rule without
# them is invalid (exit 4), not merely untested
cat >r/wrong.rules <<'R'
[untested]
indicator = 8
path = (?i)^Makefile$
message = a Makefile
R
run dpgaudit rules test --rules r
expect_rc 4 "rule without examples"
expect_err "r/wrong.rules:1: rule 'untested' has no positive example" "no positive"
expect_err "r/wrong.rules:1: rule 'untested' has no negative example" "no negative"
finish
