#!/bin/sh
# bench/sdg-repos.sh [DPGAUDIT] [LIST]: repository-level SDG precision and
# recall.  Fetches each package of LIST (default bench/sdg-repos.txt, the
# tune set; bench/sdg-repos-test.txt is the held-out set) once with `npm pack` into
# $SDGREPOS (default /tmp/dpg-sdg-repos), scans the tarball with dpgaudit
# and compares its sdg-goal findings with the truth: the goals of the DPG
# registry record named, or none.  Prints one line per package (goals
# found, truth, false and missed goals), then micro-averaged precision and
# recall over (package, goal) pairs, for "some or strong" and for "strong"
# only.  docs/SDG.md says how the list was made.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$top/build/dpgaudit}
LIST=${2:-$top/bench/sdg-repos.txt}
DIR=${SDGREPOS:-/tmp/dpg-sdg-repos}
NOM=${NOMINEES:-/work/shared/registry/nominees}
mkdir -p "$DIR"
db="$DIR/scan.db"
rm -f "$db"
tp=0 fp=0 fn=0 stp=0 sfp=0 sfn=0 neg=0 negfp=0
grep -v '^#' "$LIST" | while read -r pkg truth; do
	[ -n "$pkg" ] || continue
	tgz=$(ls "$DIR"/"$(echo "$pkg" | sed 's|^@||; s|/|-|; s|@|-|')".tgz 2>/dev/null)
	if [ -z "$tgz" ]; then
		(cd "$DIR" && npm pack --silent "$pkg" >/dev/null 2>&1)
		tgz=$(ls "$DIR"/"$(echo "$pkg" | sed 's|^@||; s|/|-|; s|@|-|')".tgz 2>/dev/null)
	fi
	[ -n "$tgz" ] || { echo "$pkg: cannot fetch" >&2; continue; }
	case $truth in
	registry:*)
		want=$(python3 -c 'import json,sys; print(" ".join(str(x["SDGNumber"]) for x in json.load(open(sys.argv[1])).get("SDGs",[])))' "$NOM/${truth#registry:}.json") ;;
	*) want="" ;;
	esac
	id=$("$BIN" scan --db "$db" -q "$tgz" 2>/dev/null)
	got=$(sqlite3 "$db" "SELECT value || ':' || excerpt FROM findings WHERE scan_id=$id AND kind='sdg-goal' ORDER BY CAST(value AS INT)" | tr '\n' ' ')
	echo "$pkg|$truth|$want|$got"
done >"$DIR/results.txt"
python3 - "$DIR/results.txt" <<'PY'
import sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
def tally(strong_only):
    tp = fp = fn = 0
    for pkg, truth, want, got in rows:
        w = set(int(x) for x in want.split())
        g = set(int(x.split(":")[0]) for x in got.split()
                if not strong_only or x.endswith(":strong"))
        tp += len(w & g); fp += len(g - w); fn += len(w - g)
    return tp, fp, fn
for pkg, truth, want, got in rows:
    w = set(int(x) for x in want.split())
    g = set(int(x.split(":")[0]) for x in got.split())
    print("%-62s truth %-22s found %-24s false %s" % (
        pkg, ",".join(map(str, sorted(w))) or "-", got.strip() or "-",
        ",".join(map(str, sorted(g - w))) or "-"))
n = len(rows)
gen = [r for r in rows if r[1] == "none"]
print("packages: %d (%d of DPG projects, %d generic); generic with a goal: %d"
      % (n, n - len(gen), len(gen), sum(1 for r in gen if r[3].strip())))
for name, so in (("some or strong", False), ("strong only", True)):
    tp, fp, fn = tally(so)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print("%-15s goals found %3d  right %3d  false %3d  missed %3d  "
          "precision %.3f  recall %.3f" % (name, tp + fp, tp, fp, fn, p, r))
PY
