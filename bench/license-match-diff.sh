#!/bin/sh
# bench/license-match-diff.sh: check that the license matcher's results do
# not change (for speed work on src/license/match.c).
#
#   sh bench/license-match-diff.sh record   # write the baseline
#   sh bench/license-match-diff.sh check    # compare with it (exit 1: differs)
#
# Inputs: every /usr/share/doc/*/copyright, every 20th file of /usr/include
# (sorted; about 400), and every license text of the corpus (extracted once
# from data/spdx-license-list/licenses/ID.json into $CORPUS).  For each,
# "== FILE", then the output and exit code of `dpgaudit license-match FILE`.
# Also the full `license-scan -v` output over the bench tree of
# bench/license-speed.sh ($TREE, when it exists): one matcher reused over
# 5,000 files, so state kept between files is covered too.
# The baseline is kept outside the repository ($BASE, default
# /tmp/matcher-baseline.txt; the tree's in $BASE.scan).  BUILD: the build
# tree to check (default build/).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
MODE=${1:-check}
BUILD=${BUILD:-$TOP/build}
BIN=${BIN:-$BUILD/dpgaudit}
BASE=${BASE:-/tmp/matcher-baseline.txt}
CORPUS=${CORPUS:-/tmp/dpg-corpus-texts}
TREE=${TREE:-/tmp/dpg-license-tree}
SCAN="$BUILD/license-scan"
NEW=$(mktemp /tmp/matcher-new-XXXXXX)
trap 'rm -f "$NEW" "$NEW.scan"' EXIT

if [ ! -d "$CORPUS" ]; then
	mkdir -p "$CORPUS.tmp"
	"$BIN" licenses | while read -r id; do
		j="$TOP/data/spdx-license-list/licenses/$id.json"
		[ -f "$j" ] || continue
		sqlite3 :memory: \
			"SELECT json_extract(readfile('$j'), '\$.licenseText')" \
			>"$CORPUS.tmp/$id" || true
	done
	mv "$CORPUS.tmp" "$CORPUS"
fi

{
	ls /usr/share/doc/*/copyright
	find /usr/include -type f | LC_ALL=C sort | awk 'NR % 20 == 1'
	ls "$CORPUS"/* | LC_ALL=C sort
} | while read -r f; do
	echo "== $f"
	rc=0
	"$BIN" license-match "$f" 2>&1 || rc=$?
	echo "rc=$rc"
done >"$NEW"
files=$(grep -c '^== ' "$NEW")

if [ -d "$TREE/.git" ]; then
	cc -O2 -std=c11 -I"$TOP/include" -o "$SCAN" "$TOP/bench/license-scan.c" \
		"$BUILD/libdpgaudit.a"
	"$SCAN" -v "$TREE" 2>/dev/null | LC_ALL=C sort >"$NEW.scan"
fi

case $MODE in
record)
	cp "$NEW" "$BASE"
	[ -f "$NEW.scan" ] && cp "$NEW.scan" "$BASE.scan"
	echo "license-match-diff: baseline of $files files in $BASE"
	;;
check)
	rc=0
	if ! cmp -s "$BASE" "$NEW"; then
		diff "$BASE" "$NEW" | head -40
		rc=1
	fi
	if [ -f "$NEW.scan" ] && [ -f "$BASE.scan" ] &&
		! cmp -s "$BASE.scan" "$NEW.scan"; then
		diff "$BASE.scan" "$NEW.scan" | head -40
		rc=1
	fi
	if [ $rc = 0 ]; then
		echo "license-match-diff: $files files identical" \
			"$([ -f "$NEW.scan" ] && echo "; license-scan -v over $TREE: $(wc -l <"$NEW.scan") matches identical")"
	else
		echo "license-match-diff: DIFFERENT" >&2
	fi
	exit $rc
	;;
*)
	echo "usage: license-match-diff.sh record|check" >&2
	exit 64
	;;
esac
