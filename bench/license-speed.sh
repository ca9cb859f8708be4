#!/bin/sh
# bench/license-speed.sh: full-tree license detection speed and memory.
#
# Tree: a git repository (made once in $TREE, default /tmp/dpg-license-tree)
# of /usr/include without node/ and llvm-14/ (C and C++ headers, most with a
# license header) plus every /usr/share/doc/*/copyright file (Debian's
# license collections): about 55 MB of real text.
#
# Compared, single-threaded, page cache warm, best of $RUNS:
#   git archive HEAD          the read-everything baseline
#   license-scan              dpgaudit's matcher alone over every file
#                             (bench/license-scan.c: prefilter, then match)
#   dpgaudit scan             the whole audit (every analyzer, the db)
#   licensecheck -r           Debian's licensecheck (once: it is slow)
# Peak memory is the maximum RSS.  Writes bench/out/license-speed.txt.
. "$(dirname "$0")/lib.sh"
BIN=${1:-$TOP/build/dpgaudit}
TREE=${TREE:-/tmp/dpg-license-tree}
SCAN="$TOP/build/license-scan"

cc -O2 -std=c11 -I"$TOP/include" -o "$SCAN" "$TOP/bench/license-scan.c" \
	"$TOP/build/libdpgaudit.a"
if [ ! -d "$TREE/.git" ]; then
	rm -rf "$TREE"
	mkdir -p "$TREE/include" "$TREE/copyright"
	(cd /usr/include && tar cf - --exclude=./node --exclude=./llvm-14 .) |
		(cd "$TREE/include" && tar xf -)
	for f in /usr/share/doc/*/copyright; do
		d=$(basename "$(dirname "$f")")
		cp "$f" "$TREE/copyright/$d" 2>/dev/null || true
	done
	(cd "$TREE" && git init -q . && git add -A &&
		git -c user.name=bench -c user.email=bench@example.org \
			commit -qm tree)
fi
size=$(du -sm --exclude=.git "$TREE" | cut -f1)
files=$(cd "$TREE" && git ls-files | wc -l)

t_git=$(best_time sh -c "cd '$TREE' && git archive HEAD >/dev/null")
t_scan=$(best_time "$SCAN" "$TREE")
m_scan=$(peak_kb "$SCAN" "$TREE")
db=$(mktemp -u /tmp/dpg-bench-XXXXXX.db)
t_full=$(RUNS=1 best_time "$BIN" scan --db "$db" --quiet "$TREE")
m_full=$(peak_kb "$BIN" scan --db "$db" --quiet "$TREE")
rm -f "$db"*
"$SCAN" "$TREE" 2>"$OUT/license-scan.log" >/dev/null
if command -v licensecheck >/dev/null 2>&1; then
	s=$(date +%s.%N)
	licensecheck -r "$TREE/include" "$TREE/copyright" >"$OUT/licensecheck.txt" 2>/dev/null || true
	e=$(date +%s.%N)
	t_lc=$(printf '%.3f' "$(echo "$e - $s" | bc -l)")
else
	t_lc=NA
fi

{
	echo "tree: $TREE, $size MB, $files files"
	echo "git archive HEAD:        ${t_git} s"
	echo "license-scan (matcher):  ${t_scan} s, peak ${m_scan} KiB ($(ratio "$t_scan" "$t_git") x git archive)"
	echo "dpgaudit scan (all):     ${t_full} s, peak ${m_full} KiB"
	echo "licensecheck -r:         ${t_lc} s"
	[ "$t_lc" = NA ] || echo "speed-up over licensecheck: $(ratio "$t_lc" "$t_scan") x"
	cat "$OUT/license-scan.log"
} | tee "$OUT/license-speed.txt"
