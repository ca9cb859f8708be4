#!/bin/sh
# bench/audit-diff.sh record|check: the recorded-results check of the whole
# audit for speed work: every repository of the bench corpus
# (bench/corpus.sh) is scanned at HEAD and its JSON report, less the scan id,
# times and "ruleset" (the fingerprint of the build and rules, another in
# every build), is compared with a recorded baseline (exit 1: differs).
#
#   sh bench/audit-diff.sh record   # before a change: write the baseline
#   sh bench/audit-diff.sh check    # after it: compare
#
# The baseline is kept outside the repository ($BASE, default
# /tmp/audit-baseline, one file per repository).  PARTS and ONLY (names)
# select repositories; THREADS=N adds --threads N to the scans; WARM=1
# scans each repository twice and compares the second scan, whose files
# come from the result cache the first one wrote (--force: not a repeat).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
MODE=${1:-check}
BIN=${BIN:-$TOP/build/dpgaudit}
CORPUS=${CORPUS:-$TOP/bench/out/corpus}
BASE=${BASE:-/tmp/audit-baseline}
PARTS=${PARTS:-}
ONLY=${ONLY:-}
NEW=$(mktemp -d /tmp/audit-new-XXXXXX)
trap 'rm -rf "$NEW"' EXIT
export DPGAUDIT_RULES="$TOP/rules"

case $MODE in record | check) ;; *)
	echo "usage: audit-diff.sh record|check" >&2
	exit 64
	;;
esac
n=0
while read -r part name files bytes commit; do
	[ -z "$PARTS" ] || case " $PARTS " in *" $part "*) ;; *) continue ;; esac
	[ -z "$ONLY" ] || case " $ONLY " in *" $name "*) ;; *) continue ;; esac
	db="$NEW/db"
	rm -f "$db"*
	"$BIN" scan -q ${THREADS:+--threads $THREADS} --db "$db" \
		"$CORPUS/$part/$name@HEAD" >/dev/null || true
	[ -z "${WARM:-}" ] || "$BIN" scan -q --force ${THREADS:+--threads $THREADS} \
		--db "$db" "$CORPUS/$part/$name@HEAD" >/dev/null || true
	"$BIN" report --db "$db" --format json 2>&1 | python3 -c '
import json, sys
d = json.load(sys.stdin)
# the scan id, its times, and the fingerprint of the build and rules
for k in ("id", "started_at", "finished_at", "ruleset"):
    d.get("scan", {}).pop(k, None)
json.dump(d, sys.stdout, indent=0, sort_keys=True)
' >"$NEW/$part.$name.json"
	n=$((n + 1))
done <"$CORPUS/MANIFEST"

if [ "$MODE" = record ]; then
	mkdir -p "$BASE"
	cp "$NEW"/*.json "$BASE/"
	echo "audit-diff: baseline of $n repositories in $BASE"
	exit 0
fi
rc=0
for f in "$NEW"/*.json; do
	b="$BASE/${f##*/}"
	if [ ! -f "$b" ]; then
		echo "audit-diff: no baseline for ${f##*/}" >&2
		rc=1
	elif ! cmp -s "$b" "$f"; then
		echo "== ${f##*/}"
		diff "$b" "$f" | head -20
		rc=1
	fi
done
if [ $rc = 0 ]; then
	echo "audit-diff: $n repositories identical"
else
	echo "audit-diff: DIFFERENT" >&2
fi
exit $rc
