# tests/e2e/lib.sh: sourced by every tests/e2e/tNNNN-*.sh.
#
# Provides $DPGAUDIT (the built binary, run under valgrind when
# DPGAUDIT_VALGRIND=1), a fresh temp dir $T (the cwd), $FIXTURES, and
# assertions that count; call `finish` last.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
FIXTURES="$TOP/fixtures"
NAME=$(basename "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/dpg-$NAME.XXXXXX")
trap 'cd /; rm -rf "$T"' EXIT
cd "$T" || exit 1
export DPGAUDIT_DB="$T/audit.db"
export GIT_CONFIG_NOSYSTEM=1 HOME="$T" LC_ALL=C
git config --global user.name "Test" 2>/dev/null
git config --global user.email "test@example.org" 2>/dev/null
git config --global init.defaultBranch main 2>/dev/null
git config --global protocol.file.allow always 2>/dev/null

if [ "${DPGAUDIT_VALGRIND:-0}" = 1 ]; then
	dpgaudit() {
		valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
			--errors-for-leak-kinds=definite,indirect \
			--error-exitcode=99 "$BUILD/dpgaudit" "$@"
	}
else
	dpgaudit() { "$BUILD/dpgaudit" "$@"; }
fi

PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); }
not_ok() {
	FAIL=$((FAIL + 1))
	echo "  FAIL $NAME: $*"
}

# run CMD...: runs it, keeping stdout in $T/out, stderr in $T/err, $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# expect_rc N DESCRIPTION: the last run exited with N.
expect_rc() {
	if [ "$rc" -eq "$1" ]; then ok; else
		not_ok "$2: exit $rc, expected $1 (stderr: $(head -c 300 "$T/err"))"
	fi
}
# expect_out PATTERN DESCRIPTION: stdout matches the grep -E pattern.
expect_out() {
	if grep -Eq -- "$1" "$T/out"; then ok; else
		not_ok "$2: stdout lacks /$1/"; sed 's/^/    | /' "$T/out" | head -20
	fi
}
expect_no_out() {
	if grep -Eq -- "$1" "$T/out"; then
		not_ok "$2: stdout has /$1/"; else ok; fi
}
# expect_err PATTERN DESCRIPTION: stderr matches, and is one line.
expect_err() {
	if grep -Eq -- "$1" "$T/err"; then ok; else
		not_ok "$2: stderr lacks /$1/: $(head -c 300 "$T/err")"; fi
}
expect_err_one_line() {
	n=$(wc -l <"$T/err")
	if [ "$n" -eq 1 ]; then ok; else
		not_ok "$1: stderr has $n lines: $(head -c 300 "$T/err")"; fi
}
# expect_eq ACTUAL EXPECTED DESCRIPTION
expect_eq() {
	if [ "$1" = "$2" ]; then ok; else
		not_ok "$3: got '$1', expected '$2'"; fi
}
# sql QUERY: run a query on the audit db (read-only).
sql() { sqlite3 -readonly "$DPGAUDIT_DB" "$1"; }

finish() {
	echo "$NAME: $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}
