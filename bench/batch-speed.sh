#!/bin/sh
# bench/batch-speed.sh [DPGAUDIT]: `dpgaudit batch` over 120 git
# repositories made from real npm packages (bench/batch-corpus.list): the
# wall time of --jobs 1 and --jobs 2, measured alternately in one run (best
# of $RUNS each), their ratio, and the peak resident memory of a worker.
#
# The corpus is built once under $CORPUS (default bench/out/batch-corpus;
# never committed): each package fetched with `npm pack` (cached in
# $CORPUS/.dl), unpacked and committed as a git repository with a fixed
# author and date.  Each batch writes a fresh database.
#
#   sh bench/batch-speed.sh                  # build/dpgaudit, 3 runs each
#   RUNS=5 sh bench/batch-speed.sh
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$TOP/build/dpgaudit}
case "$BIN" in /*) ;; *) BIN="$(pwd)/$BIN" ;; esac
CORPUS=${CORPUS:-$TOP/bench/out/batch-corpus}
RUNS=${RUNS:-3}
DL="$CORPUS/.dl"
mkdir -p "$DL" "$CORPUS/repos"

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org \
	GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org \
	GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' \
	GIT_COMMITTER_DATE='2024-01-01T00:00:00Z' GIT_CONFIG_NOSYSTEM=1

# the corpus: one repository per package
: >"$CORPUS/list.txt"
grep -v '^#' "$TOP/bench/batch-corpus.list" | while read -r spec; do
	[ -n "$spec" ] || continue
	name=$(printf '%s' "$spec" | sed 's,^@,,; s,/,-,; s,@.*,,')
	repo="$CORPUS/repos/$name"
	if [ ! -d "$repo/.git" ]; then
		tgz=$(printf '%s' "$spec" | sed 's,^@,,; s,/,-,; s,@,-,').tgz
		if [ ! -f "$DL/$tgz" ]; then
			(cd "$DL" && npm pack -q "$spec" >/dev/null 2>&1) || {
				echo "batch-speed: npm pack $spec failed" >&2
				continue
			}
		fi
		rm -rf "$repo"
		mkdir -p "$repo"
		tar -xzf "$DL/$tgz" -C "$repo" --strip-components=1 \
			--no-same-owner
		(cd "$repo" && git init -q . && git add -A &&
			git commit -qm "$spec" && git gc -q)
	fi
	echo "$repo" >>"$CORPUS/list.txt"
done
n=$(wc -l <"$CORPUS/list.txt")
files=$(cat "$CORPUS/list.txt" | while read -r r; do
	git -C "$r" ls-files | wc -l; done | awk '{s += $1} END {print s}')
bytes=$(du -sk --exclude=.git "$CORPUS/repos" | cut -f1)
echo "corpus: $n git repositories, $files files, $((bytes / 1024)) MiB (work trees)"

# one batch: prints its wall time in seconds; keeps its summary
one() {
	db="$CORPUS/bench-$1.db"
	rm -f "$db" "$db-wal" "$db-shm"
	s=$(date +%s.%N)
	"$BIN" batch -q --jobs "$1" --db "$db" "$CORPUS/list.txt" \
		>"$CORPUS/summary-$1.txt" 2>&1 || true
	e=$(date +%s.%N)
	echo "$e - $s" | bc -l
}
best1="" best2=""
i=0
one 2 >/dev/null # warm the page cache
while [ $i -lt "$RUNS" ]; do
	t1=$(one 1)
	t2=$(one 2)
	[ -z "$best1" ] || [ "$(echo "$t1 < $best1" | bc -l)" = 1 ] && best1=$t1
	[ -z "$best2" ] || [ "$(echo "$t2 < $best2" | bc -l)" = 1 ] && best2=$t2
	printf 'run %d: --jobs 1 %.2f s, --jobs 2 %.2f s\n' $((i + 1)) "$t1" "$t2"
	i=$((i + 1))
done
printf -- '--jobs 1: %.2f s (%.1f targets/s)\n' "$best1" "$(echo "$n / $best1" | bc -l)"
printf -- '--jobs 2: %.2f s (%.1f targets/s)\n' "$best2" "$(echo "$n / $best2" | bc -l)"
printf 'speed-up: %.2fx\n' "$(echo "$best1 / $best2" | bc -l)"
grep -h "targets:" "$CORPUS/summary-2.txt"
grep -h "peak worker memory" "$CORPUS/summary-1.txt" "$CORPUS/summary-2.txt"
# the largest repository alone: its worker's peak
big=$(cat "$CORPUS/list.txt" | while read -r r; do
	echo "$(git -C "$r" count-objects -vH | awk '/size-pack/ {print $2$3}') $(du -sk --exclude=.git "$r" | cut -f1) $r"
done | sort -k2,2n | tail -1)
echo "largest: $big"
echo "$big" | awk '{print $3}' >"$CORPUS/big.txt"
rm -f "$CORPUS/big.db"
"$BIN" batch -q --jobs 1 --db "$CORPUS/big.db" "$CORPUS/big.txt" |
	grep "peak worker memory"
