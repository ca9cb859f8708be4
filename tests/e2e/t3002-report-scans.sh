#!/bin/sh
# dpgaudit report and dpgaudit scans: re-print and list stored scans.
. "$(dirname "$0")/lib.sh"

make_repo repo
dpgaudit scan repo >first.out
dpgaudit scan --rev v1.0 repo >/dev/null
dpgaudit scan "$T/nope" >/dev/null 2>&1

run dpgaudit scans
expect_rc 0 "scans"
expect_out "^ID +STATUS +STARTED +KIND +REVISION +MET/NOT/REV +TYPES +TARGET" "scans has a header"
expect_out "^1 +ok .* dir +[0-9a-f]{12} +[0-9]+/0/[0-9]+ +software +$T/repo$" "scan 1 listed with its verdict counts and type"
expect_out "^2 +ok .* git +[0-9a-f]{12} +[0-9]+/0/[0-9]+ +software +$T/repo$" "scan 2 listed"
expect_out "^3 +failed .* unknown +- +- +[a-z-]+ +$T/nope$" "the failed scan is listed, without verdicts"

run dpgaudit scans --format json
json_ok "$T/out" && ok || not_ok "scans --format json is valid"
expect_eq "$(json_get "$T/out" '$[2].status')" failed "json status"
expect_eq "$(json_get "$T/out" '$[1].rev')" v1.0 "json rev"
expect_eq "$(json_get "$T/out" '$[0].solution_types')" software "json solution type"
expect_eq "$(json_get "$T/out" '$[0].summary.not_met')" 0 "json verdict counts"
expect_eq "$(($(json_get "$T/out" '$[0].summary.met') + $(json_get "$T/out" '$[0].summary.review')))" 11 "json: every indicator counted"
expect_eq "$(json_get "$T/out" '$[2].summary.met')" 0 "a failed scan has no verdicts"

run dpgaudit report 1
expect_rc 0 "report by id"
cmp -s first.out "$T/out" && ok || not_ok "report 1 equals what scan printed"
run dpgaudit report repo
expect_rc 0 "report by target"
expect_out "scan 2 of $T/repo" "the latest scan of the target"
run dpgaudit report
expect_out "scan 3 of" "no argument: the latest scan"
expect_out "status +failed: cannot open target" "a failed scan shows its error"
run dpgaudit report --format json 2
json_ok "$T/out" && ok || not_ok "report --format json is valid"
expect_eq "$(json_get "$T/out" '$.scan.rev')" v1.0 "json report of scan 2"

run dpgaudit report 99
expect_rc 2 "unknown scan id"
expect_err "no scan 99 in" "names the scan id"
expect_err_one_line "unknown scan id"
run dpgaudit report "$T/elsewhere"
expect_rc 2 "a target never scanned"
expect_err "no scan of '$T/elsewhere'" "names the target"
run dpgaudit report 1 2
expect_rc 64 "two scans named"

# a target however it was spelled
run dpgaudit report repo/
expect_out "scan 2 of $T/repo" "a trailing slash"
run dpgaudit report "$T/repo/./"
expect_out "scan 2 of $T/repo" "an absolute path with ./"
mkdir sub && (cd sub && dpgaudit report ../repo >"$T/out" 2>"$T/err")
expect_out "scan 2 of $T/repo" "a relative path from elsewhere"
run dpgaudit report repo@v1.0
expect_rc 0 "PATH@REV"
expect_out "scan 2 of $T/repo" "PATH@REV: the scan at that revision"
expect_out "revision +v1.0" "PATH@REV shows the revision"
head=$(git -C repo rev-parse HEAD)
run dpgaudit report "repo@HEAD"
expect_out "scan 1 of $T/repo" "PATH@HEAD: the scan of the work tree at HEAD"
run dpgaudit report "repo@$(echo "$head" | cut -c1-8)"
expect_out "scan 1 of $T/repo" "PATH@commit prefix"
run dpgaudit report repo@v9.9
expect_rc 2 "PATH@REV never scanned"
expect_err "no scan of 'repo@v9.9'" "names what was asked"
expect_err_one_line "PATH@REV never scanned"
mv repo gone
run dpgaudit report repo/
expect_out "scan 2 of $T/repo" "a target that is gone, by its old path"
mv gone repo

finish
