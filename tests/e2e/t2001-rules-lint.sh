#!/bin/sh
# dpgaudit rules lint: the shipped rules are valid; invalid rule files give
# every "file:line: message" (not just the first) and exit 4; usage is 64.
. "$(dirname "$0")/lib.sh"

run dpgaudit rules lint
expect_rc 0 "shipped rules lint"
expect_out '^[0-9]+ rules from .*/rules: ok$' "lint summary"

# a user directory with several broken rules in two files
mkdir bad
cat >bad/a.rules <<'R'
[no-indicator]
message = m
path = x
test.path.match = x
test.path.nomatch = y

[bad-regex]
indicator = 7
message = m
path = (unclosed
test.path.match = x
test.path.nomatch = y
R
cat >bad/b.rules <<'R'
[typo]
indicator = 5
mesage = m
R
run dpgaudit rules lint --rules bad
expect_rc 4 "invalid rules exit 4"
expect_err 'bad/a.rules:1: rule .no-indicator. has no .indicator.' "missing indicator"
expect_err "bad/a.rules:10: bad pattern in 'path' at offset 9: missing closing parenthesis" "bad regex with position"
expect_err "bad/b.rules:3: unknown key 'mesage'" "unknown key in the second file"
expect_err 'dpgaudit: 3 problems in rule files' "count of problems"

# problems found when compiling are shown with those found when parsing
mkdir mixed
printf '[a]\nindicator = 7\nmessage = m\npath = x*\ntest.path.match = x\ntest.path.nomatch = y\n[b]\nindicator = 77\n' >mixed/m.rules
run dpgaudit rules lint --rules mixed
expect_rc 4 "parse and compile problems"
expect_err "mixed/m.rules:8: unknown indicator '77'" "parse problem"
expect_err "mixed/m.rules:1: rule 'a': 'path' matches an empty string" "compile problem"

# a valid user rule overrides a shipped one by id
mkdir good
cat >good/mine.rules <<'R'
[privacy-policy-file]
indicator = 7
path = (?i)(^|/)datenschutz\.md$
message = Datenschutzerklärung
test.path.match = docs/Datenschutz.md
test.path.nomatch = PRIVACY.md
R
run dpgaudit rules lint --rules good
expect_rc 0 "override lints"
expect_out 'and good: ok' "user dir named"
run dpgaudit rules list --rules good --indicator 7
expect_rc 0 "list"
expect_out '^7 +privacy-policy-file +path +1\.0 +Datenschutzerklärung$' "override listed"

# files given on the command line are loaded like --rules
run dpgaudit rules lint bad/b.rules
expect_rc 4 "file argument"
expect_err "bad/b.rules:3: unknown key 'mesage'" "file argument error"

# usage and missing directories
run dpgaudit rules
expect_rc 64 "no subcommand"
run dpgaudit rules frobnicate
expect_rc 64 "unknown subcommand"
run dpgaudit rules lint --bogus
expect_rc 64 "unknown option"
run dpgaudit rules lint --rules "$T/nonexistent"
expect_rc 2 "missing --rules dir"
expect_err "cannot open rules directory '.*nonexistent'" "missing dir named"
export DPGAUDIT_RULES="$T/nowhere"
run dpgaudit rules lint
unset DPGAUDIT_RULES
expect_rc 2 "DPGAUDIT_RULES names no directory"
expect_err "rules directory '.*nowhere' \(from DPGAUDIT_RULES\) does not exist" "env dir named"
finish
