#!/bin/sh
# bench/git-verify.sh [REPO]: the cost of hashing git objects on read,
# trees only (dpgaudit's default) against none and all (blobs too).  REPO
# defaults to a git repository of /usr/include made under bench/out/.
# Prints the best of 5 runs per mode, run in turn (warm cache).
set -eu
cd "$(dirname "$0")/.."
make -s build/libdpgaudit.a
mkdir -p bench/out
repo=${1:-bench/out/include-git}
if [ ! -d "$repo/.git" ] && [ $# -eq 0 ]; then
	mkdir -p "$repo" && cp -R /usr/include/. "$repo/"
	(cd "$repo" && git init -q . && git add -A &&
		git -c user.name=b -c user.email=b@b commit -qm include && git gc -q)
fi
cc -O2 -Iinclude -Isrc -D_XOPEN_SOURCE=700 -o bench/out/git-verify \
	bench/git-verify.c $(make --no-print-directory -s link-flags)
for i in 1 2 3 4 5; do
	for m in none trees all; do bench/out/git-verify "$repo@HEAD" $m; done
done | sort -t' ' -k1,1 -k6,6n | awk '!seen[$1]++'
