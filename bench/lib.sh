# bench/lib.sh: shared by the bench scripts.  Timing is wall-clock, best
# of $RUNS runs (default 5) after one warm-up, so the page cache is warm
# for every tool alike; peak memory is /usr/bin/time's maximum RSS.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT="$TOP/bench/out"
RUNS=${RUNS:-5}
mkdir -p "$OUT"

need() {
	# need CMD PACKAGE: install a Debian package when CMD is missing
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "bench: installing $2" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

# best_time CMD...: prints the best wall time in seconds of $RUNS runs.
best_time() {
	"$@" >/dev/null 2>&1 || true
	best=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1 || true
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc -l)
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then
			best=$t
		fi
		i=$((i + 1))
	done
	printf '%.3f\n' "$best"
}

# peak_kb CMD...: maximum resident set size in KiB.
peak_kb() {
	/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1
}

ratio() {
	printf '%.2f\n' "$(echo "$1 / $2" | bc -l)"
}

# make_include_repo DIR: a git repository of /usr/include (C headers:
# real source, ~130 MB, ~7000 files) with one commit; made once.
make_include_repo() {
	[ -d "$1/.git" ] && return 0
	rm -rf "$1"
	mkdir -p "$1"
	cp -R /usr/include/. "$1/"
	(cd "$1" && git init -q . && git add -A &&
		git -c user.name=bench -c user.email=bench@example.org \
			commit -qm corpus)
}
