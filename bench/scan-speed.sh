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

t_scan=$(best_time scan)
t_arch=$(best_time archive)
m_scan=$(peak_kb "$BIN" scan -q --db "$db" "$repo@HEAD")
echo "corpus: /usr/include as a git repository, $files files, $((size / 1048576)) MiB"
echo "dpgaudit scan REPO@HEAD : ${t_scan}s (peak RSS $((m_scan / 1024)) MiB)"
echo "git archive HEAD        : ${t_arch}s"
echo "ratio scan / git archive: $(ratio "$t_scan" "$t_arch")x (goal <= 1.5x)"
