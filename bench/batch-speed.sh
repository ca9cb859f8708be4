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

# one batch: prints "WALL CPU" in seconds (CPU: user + system of the
# batch and its workers); keeps its summary
one() {
	db="$CORPUS/bench-$1.db"
	rm -f "$db" "$db-wal" "$db-shm"
	/usr/bin/time -f '%e %U %S' -o "$CORPUS/time-$1.txt" \
		"$BIN" batch -q --jobs "$1" --db "$db" "$CORPUS/list.txt" \
		>"$CORPUS/summary-$1.txt" 2>&1 || true
	awk '{printf "%s %.2f\n", $1, $2 + $3}' "$CORPUS/time-$1.txt"
}
best1="" best2=""
i=0
one 2 >/dev/null # warm the page cache
while [ $i -lt "$RUNS" ]; do
	set -- $(one 1) $(one 2)
	t1=$1 c1=$2 t2=$3 c2=$4
	[ -z "$best1" ] || [ "$(echo "$t1 < $best1" | bc -l)" = 1 ] && best1=$t1
	[ -z "$best2" ] || [ "$(echo "$t2 < $best2" | bc -l)" = 1 ] && best2=$t2
	printf 'run %d: --jobs 1 %.2f s (CPU %.2f s), --jobs 2 %.2f s (CPU %.2f s), load %s\n' \
		$((i + 1)) "$t1" "$c1" "$t2" "$c2" "$(cut -d' ' -f1 /proc/loadavg)"
	i=$((i + 1))
done
printf -- '--jobs 1: %.2f s (%.1f targets/s)\n' "$best1" "$(echo "$n / $best1" | bc -l)"
printf -- '--jobs 2: %.2f s (%.1f targets/s)\n' "$best2" "$(echo "$n / $best2" | bc -l)"
printf 'speed-up: %.2fx\n' "$(echo "$best1 / $best2" | bc -l)"
grep -h "targets:" "$CORPUS/summary-2.txt"
grep -h "peak worker memory" "$CORPUS/summary-1.txt" "$CORPUS/summary-2.txt"
# memory: a worker's peak on the largest repository of the corpus and on a
# much larger one (/usr/include as a git repository, as bench/scan-speed.sh
# makes it), with the default cap; then that one under a cap it exceeds
BIG="$CORPUS/big/usr-include"
if [ ! -d "$BIG/.git" ]; then
	rm -rf "$BIG"
	mkdir -p "$BIG"
	cp -R /usr/include/. "$BIG/"
	(cd "$BIG" && git init -q . && git add -A && git commit -qm include &&
		git gc -q)
fi
largest=$(while read -r r; do du -sk --exclude=.git "$r"; done \
	<"$CORPUS/list.txt" | sort -n | tail -1 | cut -f2)
for t in "$largest" "$BIG"; do
	echo "$t" >"$CORPUS/one.txt"
	rm -f "$CORPUS/one.db"
	printf '%s (%s files, %s MiB): ' "${t#"$CORPUS"/}" \
		"$(git -C "$t" ls-files | wc -l)" \
		"$(($(du -sk --exclude=.git "$t" | cut -f1) / 1024))"
	"$BIN" batch -q --jobs 1 --db "$CORPUS/one.db" "$CORPUS/one.txt" |
		sed -n 's/.*peak worker memory: //p'
done
rm -f "$CORPUS/one.db"
printf 'usr-include under --max-memory 16M: '
"$BIN" batch -q --jobs 1 --max-memory 16M --db "$CORPUS/one.db" \
	"$CORPUS/one.txt" | sed -n 's/^  1 failed: //p'
