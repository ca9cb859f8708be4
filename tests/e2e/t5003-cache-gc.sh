#!/bin/sh
# The result cache's place, its size bound and `dpgaudit gc`.
. "$(dirname "$0")/lib.sh"

make_repo repo
run dpgaudit scan -q repo/.git
[ -s "$DPGAUDIT_DB.cache" ] && ok || not_ok "the cache lives beside the database"
files=$(sqlite3 "$DPGAUDIT_DB.cache" "SELECT count(*) FROM files")
[ "$files" -gt 5 ] && ok || not_ok "a scan fills the cache ($files files)"

run dpgaudit gc
expect_rc 0 "gc"
expect_out "freed 0 files, 0 bytes of results; $files files" "nothing over the bound: nothing freed"

run dpgaudit gc --result-cache-max 1K
expect_rc 0 "gc to 1K"
expect_out "freed [1-9][0-9]* files" "gc says what it freed"
left=$(sqlite3 "$DPGAUDIT_DB.cache" "SELECT count(*), coalesce(sum(size), 0) <= 1024 FROM files")
expect_eq "${left#*|}" 1 "what is left fits the bound"
[ "${left%|*}" -lt "$files" ] && ok || not_ok "entries were removed"

# a trimmed cache gives the same results
run dpgaudit scan -q --force repo/.git
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id = 2")" \
	"$(sql "SELECT count(*) FROM findings WHERE scan_id = 1")" "same findings after gc"

# the bound during a scan
rm -f "$DPGAUDIT_DB.cache"*
run dpgaudit scan -q --force --result-cache-max 2K repo/.git
expect_eq "$(sqlite3 "$DPGAUDIT_DB.cache" "SELECT coalesce(sum(size), 0) <= 2048 FROM files")" 1 "--result-cache-max bounds the cache while scanning"
DPGAUDIT_RESULT_CACHE_MAX=3K dpgaudit gc >"$T/out"
expect_out "bound 3072" "DPGAUDIT_RESULT_CACHE_MAX sets the bound"

# another place, and no cache at all
DPGAUDIT_RESULT_CACHE="$T/elsewhere.cache" dpgaudit scan -q --force repo/.git >/dev/null
[ -s "$T/elsewhere.cache" ] && ok || not_ok "DPGAUDIT_RESULT_CACHE moves the cache"
rm -f "$DPGAUDIT_DB.cache"*
run dpgaudit scan -q --force --no-cache repo/.git
[ -e "$DPGAUDIT_DB.cache" ] && not_ok "--no-cache writes no cache" || ok

# usage errors
run dpgaudit gc --result-cache-max 0
expect_rc 64 "gc --result-cache-max 0"
expect_err "invalid --result-cache-max '0'" "names the bad value"
run dpgaudit gc extra
expect_rc 64 "gc takes no argument"
run dpgaudit scan --result-cache-max lots repo
expect_rc 64 "scan --result-cache-max lots"
run dpgaudit gc --db "$T/none.db"
expect_rc 0 "gc without a cache"
expect_out "freed 0 files" "nothing to free"
finish
