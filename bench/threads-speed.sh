#!/bin/sh
# bench/threads-speed.sh: the whole audit with --threads 1 and --threads 2
# against `git archive HEAD` (reading and inflating every blob), side by
# side, repository by repository, on the bench corpus of bench/corpus.sh.
#
#   CORPUS=bench/out/corpus PARTS="docsite web" sh bench/threads-speed.sh
#
# Each repository: git archive, scan --threads 1, scan --threads 2 (both
# --no-cache, or with the result cache when CACHE=1, as the default scan
# writes it; fresh database), interleaved, each the minimum of $RUNS runs
# (default 1).  Prints wall seconds per part and in all, the ratios to git
# archive, the CPU seconds of the scans and their peak RSS.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$TOP/build/dpgaudit}
CORPUS=${CORPUS:-$TOP/bench/out/corpus}
PARTS=${PARTS:-"license web docsite data mobile"}
RUNS=${RUNS:-1}
NOCACHE=--no-cache
[ -z "${CACHE:-}" ] || NOCACHE=
W=$(mktemp -d /tmp/threads-speed-XXXXXX)
trap 'rm -rf "$W"' EXIT

[ -f "$CORPUS/MANIFEST" ] || {
	echo "no corpus in $CORPUS: run bench/corpus.sh first" >&2
	exit 2
}

# t CMD...: "wall cpu rss_kb" of one run
t() {
	/usr/bin/time -f "%e %U %S %M" -o "$W/t" "$@" >/dev/null 2>&1 || :
	tail -1 "$W/t" | awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}' 
}
best() { sort -n | head -1; }

printf '%-9s %5s %8s %8s %8s %7s %7s %8s %8s %7s\n' part repos "archive" \
	"t1" "t2" "t1/arc" "t2/arc" "t1 cpu" "t2 cpu" "t2 MB"
ta=0 t1=0 t2=0 c1=0 c2=0 n=0 rss=0
for part in $PARTS; do
	pa=0 p1=0 p2=0 q1=0 q2=0 pn=0
	for repo in "$CORPUS/$part"/*/; do
		[ -d "$repo/.git" ] || [ -f "$repo/HEAD" ] || continue
		gd=$repo/.git
		[ -d "$gd" ] || gd=$repo
		: >"$W/a"
		: >"$W/1"
		: >"$W/2"
		i=0
		while [ $i -lt "$RUNS" ]; do
			t git -C "$repo" archive HEAD >>"$W/a"
			rm -f "$W/db"*
			t "$BIN" scan -q $NOCACHE --threads 1 --db "$W/db" \
				"$gd" >>"$W/1"
			rm -f "$W/db"*
			t "$BIN" scan -q $NOCACHE --threads 2 --db "$W/db" \
				"$gd" >>"$W/2"
			i=$((i + 1))
		done
		a=$(best <"$W/a" | cut -d' ' -f1)
		l1=$(best <"$W/1")
		l2=$(best <"$W/2")
		pa=$(echo "$pa $a" | awk '{print $1 + $2}')
		p1=$(echo "$p1 $l1" | awk '{print $1 + $2}')
		p2=$(echo "$p2 $l2" | awk '{print $1 + $2}')
		q1=$(echo "$q1 $l1" | awk '{print $1 + $3}')
		q2=$(echo "$q2 $l2" | awk '{print $1 + $3}')
		r=$(echo "$l2" | cut -d' ' -f3)
		[ "$r" -gt "$rss" ] && rss=$r
		pn=$((pn + 1))
	done
	printf '%-9s %5s %8.2f %8.2f %8.2f %6.2fx %6.2fx %8.2f %8.2f\n' "$part" \
		"$pn" "$pa" "$p1" "$p2" \
		"$(echo "$p1 $pa" | awk '{print $1 / $2}')" \
		"$(echo "$p2 $pa" | awk '{print $1 / $2}')" "$q1" "$q2"
	ta=$(echo "$ta $pa" | awk '{print $1 + $2}')
	t1=$(echo "$t1 $p1" | awk '{print $1 + $2}')
	t2=$(echo "$t2 $p2" | awk '{print $1 + $2}')
	c1=$(echo "$c1 $q1" | awk '{print $1 + $2}')
	c2=$(echo "$c2 $q2" | awk '{print $1 + $2}')
	n=$((n + pn))
done
printf '%-9s %5s %8.2f %8.2f %8.2f %6.2fx %6.2fx %8.2f %8.2f %7s\n' total \
	"$n" "$ta" "$t1" "$t2" "$(echo "$t1 $ta" | awk '{print $1 / $2}')" \
	"$(echo "$t2 $ta" | awk '{print $1 / $2}')" "$c1" "$c2" \
	"$((rss / 1024))"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
