#!/bin/sh
# bench/fetch-speed.sh: the fetch stage of `dpgaudit scan URL` (dpg_fetch()
# alone, through bench/fetch.c) against git on the same served repository,
# in the same run: the first clone (`git clone --mirror`) and, the goal, a
# re-fetch of the unchanged cached repository (`git fetch` in the mirror):
# no more than git.  dpg_fetch is timed inside its process, libgit2 being
# initialised already as in every scan of a git repository; that
# initialisation (the TLS certificate store) and the whole process
# (`fetch URL DIR`: exec, init, fetch) are reported too.  Two real repositories, each over git daemon (git://)
# and git http-backend (smart HTTP behind tests/e2e/httpd.py), on
# 127.0.0.1:
#   eslint:  the npm tarballs of 18 eslint releases (8.40.0 .. 8.57.0, from
#            the npm registry, pinned), one commit and one tag each;
#   include: /usr/include, one commit (bench/lib.sh, 116 MiB).
. "$(dirname "$0")/lib.sh"
need bc bc
need /usr/bin/time time
lib="$TOP/build/libdpgaudit.a"
[ -f "$lib" ] || make -C "$TOP" -s "$lib"
FETCH="$OUT/fetch"
# shellcheck disable=SC2046
cc -O2 -std=c11 -I"$TOP/include" $(pkg-config --cflags libgit2) \
	-o "$FETCH" "$TOP/bench/fetch.c" \
	$(make -C "$TOP" --no-print-directory -s link-flags)

VERSIONS="8.40.0 8.41.0 8.42.0 8.43.0 8.44.0 8.45.0 8.46.0 8.47.0 8.48.0
8.49.0 8.50.0 8.51.0 8.52.0 8.53.0 8.54.0 8.55.0 8.56.0 8.57.0"
eslint="$OUT/eslint-repo"
if [ ! -d "$eslint/.git" ]; then
	mkdir -p "$OUT/npm" "$eslint"
	git -C "$eslint" init -q
	for v in $VERSIONS; do
		tgz="$OUT/npm/eslint-$v.tgz"
		[ -f "$tgz" ] || (cd "$OUT/npm" && npm pack -q "eslint@$v" >/dev/null)
		find "$eslint" -mindepth 1 -maxdepth 1 ! -name .git \
			-exec rm -rf {} +
		tar xzf "$tgz" -C "$eslint" --strip-components=1
		git -C "$eslint" add -A
		git -C "$eslint" -c user.name=bench -c user.email=b@example.org \
			commit -qm "eslint $v"
		git -C "$eslint" tag "v$v"
	done
fi
include="$OUT/include-repo"
make_include_repo "$include"

www="$OUT/fetch-www"
rm -rf "$www"
mkdir -p "$www/git"
git clone -q --bare "$eslint" "$www/git/eslint.git"
git clone -q --bare "$include" "$www/git/include.git"

port() {
	python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
gport=$(port)
python3 "$TOP/tests/e2e/httpd.py" "$www" "$www/port" 2>/dev/null &
hpid=$!
git daemon --reuseaddr --export-all --base-path="$www/git" \
	--listen=127.0.0.1 --port="$gport" "$www/git" 2>/dev/null &
gpid=$!
trap 'kill $hpid $gpid 2>/dev/null' EXIT
i=0
while [ ! -s "$www/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
http="http://127.0.0.1:$(cat "$www/port")/git"
gitd="git://127.0.0.1:$gport"

one_time() {
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	e=$(date +%s.%N)
	printf '%.3f\n' "$(echo "$e - $s" | bc -l)"
}

echo "| repository | transport | first: dpg_fetch / git clone --mirror | re-fetch, unchanged: dpg_fetch / git fetch | ratio | whole process: fetch URL DIR |"
echo "|---|---|---:|---:|---:|---:|"
for name in eslint include; do
	for base in "$gitd" "$http"; do
		url="$base/$name.git"
		cache="$OUT/fetch-cache"
		mirror="$OUT/fetch-mirror.git"
		rm -rf "$cache" "$mirror"
		c_dpg=$(one_time "$FETCH" "$url" "$cache")
		c_git=$(one_time git clone -q --mirror "$url" "$mirror")
		"$FETCH" "$url" "$cache" 1 >/dev/null # warm-up
		r_dpg=$("$FETCH" "$url" "$cache" "$RUNS")
		r_git=$(best_time git -C "$mirror" fetch -q)
		r_all=$(best_time "$FETCH" "$url" "$cache")
		echo "| $name | ${base%%:*} | ${c_dpg} s / ${c_git} s | ${r_dpg} s / ${r_git} s | $(ratio "$r_dpg" "$r_git")x | ${r_all} s |"
	done
done
printf '#include <git2.h>\nint main(void) { return git_libgit2_init() < 0; }\n' \
	>"$OUT/gitinit.c"
# shellcheck disable=SC2046
cc -O2 -o "$OUT/gitinit" "$OUT/gitinit.c" $(pkg-config --cflags --libs libgit2)
echo "a process that only initialises libgit2: $(best_time "$OUT/gitinit") s"
echo "eslint: $(git -C "$eslint" rev-list --count HEAD) commits, $(du -sm "$www/git/eslint.git" | cut -f1) MiB packed;" \
	"include: $(du -sm "$www/git/include.git" | cut -f1) MiB (loose objects as served)"
