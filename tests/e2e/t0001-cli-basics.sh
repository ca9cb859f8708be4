#!/bin/sh
# The command line: help, version, usage errors and the exit-code contract.
. "$(dirname "$0")/lib.sh"

run dpgaudit --version
expect_rc 0 "--version"
expect_out "^dpgaudit [0-9]+\.[0-9]+\.[0-9]+$" "--version prints the version"

run dpgaudit --help
expect_rc 0 "--help"
expect_out "^  scan " "--help lists scan"
expect_out "^  report " "--help lists report"
expect_out "^  scans " "--help lists scans"
expect_out "64 usage" "--help states the exit codes"
expect_out "5 some batch targets failed" "--help states exit code 5"

run dpgaudit help scan
expect_rc 0 "help scan"
expect_out "^usage: dpgaudit scan .*TARGET" "help scan shows the synopsis"
expect_out "--max-file-size" "help scan lists its options"

run dpgaudit scan --help
expect_rc 0 "scan --help"
expect_out "^usage: dpgaudit scan" "scan --help is help scan"

# usage errors: exit 64 and one line on stderr
run dpgaudit
expect_rc 64 "no command"
run dpgaudit frobnicate
expect_rc 64 "unknown command"
expect_err "unknown command 'frobnicate'" "unknown command is named"
expect_err_one_line "unknown command"
run dpgaudit scan
expect_rc 64 "scan without a target"
expect_err "missing TARGET" "missing target is named"
expect_err_one_line "scan without a target"
run dpgaudit scan --bogus .
expect_rc 64 "unknown option"
expect_err "unknown option '--bogus'" "the option is named"
run dpgaudit scan --format xml .
expect_rc 64 "unknown format"
expect_err "unknown format 'xml'" "the format is named"
run dpgaudit scan --max-file-size 12Q .
expect_rc 64 "bad size"
expect_err "invalid --max-file-size '12Q'" "the size is named"
run dpgaudit scan a b
expect_rc 64 "two targets"
run dpgaudit scan --db
expect_rc 64 "an option without its value"
expect_err "option '--db' needs a value" "the option missing a value is named"
run dpgaudit scan -x .
expect_rc 64 "unknown short option"
expect_err "unknown option '-x'" "the short option is named"
run dpgaudit help nosuch
expect_rc 64 "help for an unknown command"

# The exit-code contract (README.md): 0 ok, 2 target, 3 database, 64 usage.
make_project proj
run dpgaudit scan proj
expect_rc 0 "contract: 0 for a completed scan"
run dpgaudit scan "$T/does-not-exist"
expect_rc 2 "contract: 2 for an unreadable target"
echo "not a database, just text" >bad.db
run dpgaudit scan --db bad.db proj
expect_rc 3 "contract: 3 for an unusable database"
[ ! -e "$T/does-not-exist" ] && ok || not_ok "nothing created"
printf '%s\n' proj "$T/does-not-exist" >batch.txt
run dpgaudit batch -q --db batch.db batch.txt
expect_rc 5 "contract: 5 for a batch where some targets failed"
printf 'proj\n' >batch-ok.txt
run dpgaudit batch -q --db batch.db batch-ok.txt
expect_rc 0 "contract: 0 for a batch where every target was audited"
# 6: diff found a regression (tests/e2e/t7001 covers what counts)
rm -f proj/LICENSE proj/package.json proj/README.md
run dpgaudit scan proj
run dpgaudit diff proj
expect_rc 6 "contract: 6 for a regression"

# options anywhere on the line (GNU argument permutation), "--" ends them
run dpgaudit scan proj --db other.db -q
expect_rc 0 "scan TARGET --db FILE: options after the target"
[ -s other.db ] && ok || not_ok "--db after the target was used"
run dpgaudit report 1 --format json --db other.db
expect_rc 0 "report ID --format json (the README's example)"
expect_out '^\{"dpgaudit":' "the options after the id were used"
run dpgaudit report --db other.db -- 1
expect_rc 0 "'--' ends the options"
expect_out "scan 1 of" "the id after '--' was read"
make_project ./-dash
run dpgaudit scan --db other.db -q -- -dash
expect_rc 0 "a target that starts with '-' after '--'"
expect_eq "$(sqlite3 other.db "SELECT locator FROM targets WHERE id = 2")" \
	"$T/-dash" "the target after '--' was scanned"

finish
