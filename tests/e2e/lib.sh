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

# DPG_TIMEOUT: a command prefix bounding each run (net.sh: "timeout 300")
DPG_TIMEOUT=${DPG_TIMEOUT:-}
if [ "${DPGAUDIT_VALGRIND:-0}" = 1 ]; then
	# valgrind cannot follow PCRE2's JIT code: interpret patterns instead
	export DPGAUDIT_NO_JIT=1
	dpgaudit() {
		$DPG_TIMEOUT valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
			--errors-for-leak-kinds=definite,indirect \
			--error-exitcode=99 "$BUILD/dpgaudit" "$@"
	}
else
	dpgaudit() { $DPG_TIMEOUT "$BUILD/dpgaudit" "$@"; }
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
	_lines=$(wc -l <"$T/err")
	if [ "$_lines" -eq 1 ]; then ok; else
		not_ok "$1: stderr has $_lines lines: $(head -c 300 "$T/err")"; fi
}
# expect_eq ACTUAL EXPECTED DESCRIPTION
expect_eq() {
	if [ "$1" = "$2" ]; then ok; else
		not_ok "$3: got '$1', expected '$2'"; fi
}
# can_drop_root: true when tests can run a command as user nobody.
can_drop_root() {
	command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1
}
# as_nobody ARGS...: run a copy of dpgaudit as user nobody (root reads
# everything, so permission checks need an unprivileged user).  $T is made
# reachable; the copy lives in $T since the build dir may not be.
as_nobody() {
	chmod 755 "$T"
	if [ ! -x "$T/.nobody/bin/dpgaudit" ]; then
		mkdir -p "$T/.nobody/bin"
		install -m 755 "$BUILD/dpgaudit" "$T/.nobody/bin/dpgaudit"
		cp -R "$TOP/rules" "$T/.nobody/rules"
		chmod -R a+rX "$T/.nobody"
	fi
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$T/.nobody/bin/dpgaudit" "$@"
}

# sql QUERY: run a query on the audit db (read-only).
sql() { sqlite3 -readonly "$DPGAUDIT_DB" "$1"; }

finish() {
	echo "$NAME: $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}

# license_text ID: print the SPDX license text of ID from the fetched corpus
# (license texts are never committed; `make data` fetches them).
license_text() {
	sqlite3 :memory: "SELECT json_extract(readfile('$TOP/data/spdx-license-list/licenses/$1.json'), '\$.licenseText')"
}

# make_project DIR: the demo fixture plus its Apache-2.0 LICENSE, as files.
make_project() {
	mkdir -p "$1"
	cp -R "$FIXTURES/demo/." "$1/"
	license_text Apache-2.0 >"$1/LICENSE"
}

# make_repo DIR: make_project DIR as a git repository with two commits
# (tag v1.0 on the first, branch main) and a clean work tree.
make_repo() {
	make_project "$1"
	(
		cd "$1" || exit 1
		mv SECURITY.md "$T/.security.tmp"
		git init -q .
		git add -A
		git commit -qm "first release"
		git tag v1.0
		mv "$T/.security.tmp" SECURITY.md
		git add SECURITY.md
		git commit -qm "add a security policy"
	)
}

# json_ok FILE: the file is valid JSON (checked by SQLite's json_valid) and,
# when it is a dpgaudit output with a schema (report, scans, SARIF,
# screening, dpg-form; docs/schema), valid against it (the errors printed).
json_ok() {
	[ "$(sqlite3 :memory: "SELECT json_valid(readfile('$1'))")" = 1 ] &&
		/usr/bin/python3 "$TOP/tests/validate-json.py" --auto "$1"
}
# json_get FILE PATH: a value from a JSON file, e.g. json_get out '$.scan.kind'.
json_get() {
	sqlite3 :memory: "SELECT json_extract(readfile('$1'), '$2')"
}
