#!/bin/sh
# bench/license-speed.sh: full-tree license detection speed and memory.
#
# Tree: a git repository (made once in $TREE, default /tmp/dpg-license-tree)
# of /usr/include without node/ and llvm-14/ (C and C++ headers, most with a
# license header) plus every /usr/share/doc/*/copyright file (Debian's
# license collections): about 55 MB of real text.
#
# Compared, single-threaded, page cache warm, best of $RUNS, for the
# headers, the copyright files and the whole tree:
#   git archive HEAD [PART]   the read-everything baseline
#   license-scan              dpgaudit's matcher alone over every file
#                             (bench/license-scan.c: prefilter, then match)
# and once: dpgaudit scan (the whole audit: every analyzer, the db) and
# licensecheck -r (Debian's licensecheck; slow).  CPU time (user+system)
# and wall time; peak memory is the maximum RSS.  Writes
# bench/out/license-speed.txt.
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
size=$(cd "$TREE" && git ls-files -z | xargs -0 cat 2>/dev/null | wc -c)
files=$(cd "$TREE" && git ls-files | wc -l)

# cpu CMD...: best user+system CPU seconds of $RUNS runs (the bench
# machine may be shared: CPU time is steadier than wall time).
cpu() {
	best=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -o "$OUT/.time" -f '%U %S' "$@" >/dev/null 2>&1 || true
		t=$(tail -1 "$OUT/.time" | awk '{print $1 + $2}')
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then
			best=$t
		fi
		i=$((i + 1))
	done
	printf '%.2f\n' "$best"
}

{
echo "tree: $TREE: $files files, $size bytes (include/: C and C++ headers;"
echo "copyright/: Debian's license collections, a license text every ~5 KB)"
echo "part        git-archive  license-scan  ratio    (CPU s, best of $RUNS; wall s in brackets)"
for part in include copyright .; do
	g=$(cpu git -C "$TREE" archive HEAD "$part")
	l=$(cpu "$SCAN" "$TREE/$part")
	gw=$(best_time git -C "$TREE" archive HEAD "$part")
	lw=$(best_time "$SCAN" "$TREE/$part")
	printf '%-11s %6s [%s]  %6s [%s]  %s x\n' "$part" "$g" "$gw" "$l" "$lw" "$(ratio "$l" "$g")"
done
m_scan=$(peak_kb "$SCAN" "$TREE")
db=$(mktemp -u /tmp/dpg-bench-XXXXXX.db)
t_full=$(RUNS=1 cpu "$BIN" scan --db "$db" --quiet "$TREE")
rm -f "$db"*
m_full=$(peak_kb "$BIN" scan --db "$db" --quiet "$TREE")
rm -f "$db"*
echo "license-scan peak RSS: ${m_scan} KiB"
echo "dpgaudit scan (every analyzer, the db): ${t_full} CPU s, peak RSS ${m_full} KiB"
if command -v licensecheck >/dev/null 2>&1; then
	t_lc=$(RUNS=1 cpu licensecheck -r "$TREE/include" "$TREE/copyright")
	echo "licensecheck -r (whole tree, once): ${t_lc} CPU s, $(ratio "$t_lc" "$(cpu "$SCAN" "$TREE")") x the matcher"
fi
"$SCAN" "$TREE" 2>&1 >/dev/null
} | tee "$OUT/license-speed.txt"
