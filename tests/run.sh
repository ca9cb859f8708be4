#!/bin/sh
# tests/run.sh BUILD [unit|e2e]: run unit binaries and e2e scripts, print
# each suite's result and end with one line "N passed, N failed".
BUILD=${1:-build}
WHAT=${2:-all}
export BUILD
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
pass=0
fail=0
log=$(mktemp)
tally() {
	# the suite's last line is "name: N passed, N failed"
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	p=$(echo "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	if [ -z "$line" ]; then p=0; f=1; echo "  FAIL $1: no result line (exit $2)"; fi
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "  FAIL $1: exit $2"; fi
	pass=$((pass + p))
	fail=$((fail + f))
}
if [ "$WHAT" = all ] || [ "$WHAT" = unit ]; then
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] || continue
		"$t" >"$log" 2>&1
		rc=$?
		cat "$log"
		tally "$(basename "$t")" "$rc"
	done
fi
if [ "$WHAT" = all ] || [ "$WHAT" = e2e ]; then
	for t in tests/e2e/t[0-9]*.sh; do
		[ -f "$t" ] || continue
		sh "$t" >"$log" 2>&1
		rc=$?
		cat "$log"
		tally "$(basename "$t" .sh)" "$rc"
	done
fi
if [ "$WHAT" = all ]; then
	if command -v clang-format >/dev/null 2>&1; then
		if make --no-print-directory format-check >"$log" 2>&1; then
			pass=$((pass + 1)); echo "format: ok"
		else
			fail=$((fail + 1)); head -20 "$log"; echo "  FAIL format-check"
		fi
	fi
fi
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
