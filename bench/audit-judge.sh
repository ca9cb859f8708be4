#!/bin/sh
# bench/audit-judge.sh [DPGAUDIT] [DIR]: scan every repository of the audit
# set (fetched by bench/audit-set.sh into DIR, default $AUDIT_SET_DIR, else
# /tmp/dpg-audit-set) with DPGAUDIT (default build/dpgaudit) and compare
# its verdicts with the hand judgement, tests/data/audit-set/judged.tsv.
#
# Prints one line per judged verdict that differs, then the summary:
#   judged     verdicts judged by hand
#   decided    the tool's met + not met, and their share
#   wrong      a met / not met the judgement disagrees with (the worst)
#   avoidable  a review where the judgement decided from the files
#   over       a met / not met where the judgement says review
# and writes the per-verdict table to bench/out/audit-judge.tsv.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$TOP/build/dpgaudit}
DIR=${2:-${AUDIT_SET_DIR:-/tmp/dpg-audit-set}}
LIST="$TOP/tests/data/audit-set/repos.tsv"
JUDGED="$TOP/tests/data/audit-set/judged.tsv"
OUT="$TOP/bench/out"
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/audit.db"
: >"$WORK/got.tsv"

grep -v '^#' "$LIST" | while IFS='	' read -r name _how _spec type _why; do
	[ -n "$name" ] || continue
	repo="$DIR/repos/$name"
	if [ ! -d "$repo" ]; then
		echo "audit-judge: $repo missing (run bench/audit-set.sh)" >&2
		exit 2
	fi
	"$BIN" scan --quiet --db "$DB" --type "$type" "$repo" >/dev/null 2>&1 || true
	sqlite3 -separator '	' "$DB" "SELECT '$name', v.indicator, v.verdict, v.reason
		FROM verdicts v JOIN scans s ON s.id = v.scan_id
		WHERE s.id = (SELECT max(id) FROM scans)" >>"$WORK/got.tsv"
done

# judged.tsv: repository, indicator, expected verdict, why
awk -F'\t' -v OFS='\t' '
	NR == FNR { got[$1 "\t" $2] = $3; reason[$1 "\t" $2] = $4; next }
	/^#/ || NF < 3 { next }
	{
		k = $1 "\t" $2; g = (k in got) ? got[k] : "none"; e = $3
		n++
		if (g == "met" || g == "not met") dec++
		cls = "ok"
		if (g != e) {
			if (g == "review") cls = "avoidable"
			else if (e == "review") cls = "over"
			else cls = "wrong"
		}
		count[cls]++
		print $1, $2, e, g, cls, reason[k] > "'"$OUT"'/audit-judge.tsv"
		if (cls != "ok")
			printf "%-10s %-24s %-3s expected %-8s got %-8s %s\n", cls, $1, $2, e, g, substr(reason[k], 1, 110)
	}
	END {
		printf "\njudged %d verdicts of %d repositories\n", n, repos
		printf "decided (met or not met): %d (%.0f%%)\n", dec, 100 * dec / n
		printf "agree with the judgement: %d (%.0f%%)\n", count["ok"], 100 * count["ok"] / n
		printf "wrong (a met/not met the judgement contradicts): %d\n", count["wrong"]
		printf "over (met/not met where the judgement says review): %d\n", count["over"]
		printf "avoidable review (the files settle it): %d\n", count["avoidable"]
	}
' repos="$(grep -vc '^#' "$LIST")" "$WORK/got.tsv" "$JUDGED"
