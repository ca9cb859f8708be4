#!/bin/sh
# bench/recheck-speed.sh: what the result cache buys a periodic re-check.
#
#   sh bench/recheck-speed.sh [BIN]
#
# For each repository of the corpus of bench/scan-results-diff.sh (npm
# packages made into git repositories and a copy of /usr/share/doc: build
# it first with that script) named in $REPOS, or given there as a path to
# a repository (e.g. those of bench/corpus.sh), side by side in one run,
# each the minimum of $RUNS runs (default 3):
#   cold       a first scan (empty cache, its own database)
#   commit     a re-scan at a new commit that edits 3 files (README, a
#              source file and a doc), with the cache of the first scan
#   unchanged  a re-scan of the same tree with the same rules
# and the ratios cold/commit and cold/unchanged; then the cache size after
# the first scan and after 10 more commits of 3 edited files each.
# Times are CPU seconds (user + system) of the process: the machine is
# shared, wall time is printed too but means little under load.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$TOP/build/dpgaudit}
CORPUS=${CORPUS:-/tmp/dpg-pipeline-corpus}
RUNS=${RUNS:-3}
REPOS=${REPOS:-"express lodash moment marked bootstrap chart.js usr-share-doc"}
W=$(mktemp -d /tmp/recheck-speed-XXXXXX)
trap 'rm -rf "$W"' EXIT
export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C

[ -d "$CORPUS/repos" ] || {
	echo "no corpus in $CORPUS: run bench/scan-results-diff.sh record first" >&2
	exit 2
}

# cpu DB ARGS...: CPU seconds (user+sys) and wall seconds of one scan
cpu() {
	db=$1
	shift
	/usr/bin/time -f "%U %S %e" -o "$W/t" "$BIN" scan -q --db "$db" "$@" \
		>/dev/null 2>&1 || :
	tail -1 "$W/t" | awk '{printf "%.3f %.2f\n", $1 + $2, $3}' 
}
min() { sort -n | head -1; }

# edit REPO N: a commit that changes 3 files
edit() {
	(
		cd "$1"
		n=0
		for f in $(git ls-files | grep -E '(README|\.md$|\.js$|\.html$|\.txt$)' | head -40 | awk -v s="$2" 'NR % 13 == s % 13' | head -3); do
			echo "edit $2" >>"$f"
			n=$((n + 1))
		done
		[ $n -gt 0 ] || echo "edit $2" >>README.md
		git add -A
		git -c user.name=bench -c user.email=bench@example.org \
			commit -qm "edit $2"
	)
}

printf '%-14s %6s %6s  %8s %8s %7s  %8s %7s  %8s %8s\n' repository files MB \
	"cold s" "commit s" ratio "unchg s" ratio "cache KB" "+10 KB"
for name in $REPOS; do
	src="$CORPUS/repos/$name"
	case $name in /*) src=$name name=$(basename "$name") ;; esac
	[ -d "$src/.git" ] || continue
	rm -rf "$W/r"
	git clone -q "$src" "$W/r"
	files=$(git -C "$W/r" ls-files | wc -l)
	mb=$(du -sm --exclude=.git "$W/r" | cut -f1)
	: >"$W/cold"
	: >"$W/commit"
	: >"$W/unch"
	i=0
	while [ $i -lt "$RUNS" ]; do
		rm -f "$W/db"*
		git -C "$W/r" reset -q --hard origin/HEAD 2>/dev/null ||
			git -C "$W/r" reset -q --hard "$(git -C "$src" rev-parse HEAD)"
		cpu "$W/db" "$W/r/.git" | cut -d' ' -f1 >>"$W/cold"
		kb=$(($(stat -c %s "$W/db.cache") / 1024))
		edit "$W/r" $i
		cpu "$W/db" "$W/r/.git" | cut -d' ' -f1 >>"$W/commit"
		cpu "$W/db" "$W/r/.git" | cut -d' ' -f1 >>"$W/unch"
		i=$((i + 1))
	done
	# growth: 10 more commits of 3 edits, each scanned
	i=100
	while [ $i -lt 110 ]; do
		edit "$W/r" $i
		"$BIN" scan -q --db "$W/db" "$W/r/.git" >/dev/null 2>&1 || :
		i=$((i + 1))
	done
	kb10=$(($(stat -c %s "$W/db.cache") / 1024))
	cold=$(min <"$W/cold")
	commit=$(min <"$W/commit")
	unch=$(min <"$W/unch")
	printf '%-14s %6s %6s  %8s %8s %6.1fx  %8s %6.1fx  %8s %8s\n' "$name" \
		"$files" "$mb" "$cold" "$commit" \
		"$(echo "$cold $commit" | awk '{print $1 / ($2 > 0 ? $2 : 0.001)}')" \
		"$unch" \
		"$(echo "$cold $unch" | awk '{print $1 / ($2 > 0 ? $2 : 0.001)}')" \
		"$kb" "$kb10"
done
