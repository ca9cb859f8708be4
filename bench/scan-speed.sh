#!/bin/sh
# bench/scan-speed.sh [BIN]: dpgaudit scan of a git repository read from its
# object database, against `git archive HEAD >/dev/null` (reading every blob
# once) on the same repository, in the same run.  Goal: within 1.5x.
. "$(dirname "$0")/lib.sh"
BIN=${1:-$TOP/build/dpgaudit}
need bc bc
need /usr/bin/time time
repo="$OUT/include-repo"
make_include_repo "$repo"
size=$(du -sb --exclude=.git "$repo" | cut -f1)
files=$(git -C "$repo" ls-files | wc -l)
db="$OUT/scan-speed.db"

scan() { rm -f "$db" "$db-wal" "$db-shm"; "$BIN" scan -q --db "$db" "$repo@HEAD"; }
archive() { git -C "$repo" archive HEAD; }

# the same history packed (git gc), as a clone would have it
packed="$OUT/include-packed.git"
if [ ! -d "$packed" ]; then
	git clone -q --bare "$repo" "$packed"
	git -C "$packed" gc -q
fi
scan_packed() { rm -f "$db" "$db-wal" "$db-shm"; "$BIN" scan -q --db "$db" "$packed"; }
archive_packed() { git -C "$packed" archive HEAD; }

t_scan=$(best_time scan)
t_arch=$(best_time archive)
t_scanp=$(best_time scan_packed)
t_archp=$(best_time archive_packed)
m_scan=$(peak_kb "$BIN" scan -q --db "$db" "$repo@HEAD")
echo "corpus: /usr/include as a git repository, $files files, $((size / 1048576)) MiB"
echo "loose objects:  dpgaudit scan ${t_scan}s (peak RSS $((m_scan / 1024)) MiB), git archive ${t_arch}s, ratio $(ratio "$t_scan" "$t_arch")x"
echo "packed (gc):    dpgaudit scan ${t_scanp}s, git archive ${t_archp}s, ratio $(ratio "$t_scanp" "$t_archp")x"
