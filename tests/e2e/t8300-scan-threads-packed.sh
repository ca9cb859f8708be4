#!/bin/sh
# --threads N on a packed repository: blobs in pack files are read on the
# thread that analyses them (deltas too), loose ones by the scan's thread,
# and a blob that a worker cannot read (damaged in its pack) is read again
# by the scan's thread, as one thread reads it.  The results are the same
# as --threads 1's, the result cache written behind the scan serves the
# next one, and --profile counts every read.
. "$(dirname "$0")/lib.sh"

# many files (workers start), near-copies (stored as deltas), licenses,
# a binary file
make_project tree
i=0
while [ $i -lt 80 ]; do
	mkdir -p "tree/pkg$i"
	{
		printf '// Copyright %d Holder %d\n' $((2000 + i)) $((i % 5))
		printf '// SPDX-License-Identifier: MIT\n'
		j=0
		while [ $j -lt 40 ]; do
			printf 'export function f%d() { return "clinic %d"; }\n' $j $j
			j=$((j + 1))
		done
		printf 'export const n = %d;\n' $i
	} >"tree/pkg$i/index.js"
	printf '# Package %d\n\nTracks vaccination of patients.\n' $i \
		>"tree/pkg$i/README.md"
	i=$((i + 1))
done
license_text MIT >tree/pkg3/LICENSE
license_text GPL-3.0-only >tree/pkg7/COPYING
printf 'GIF89a\0\1\2\3' >tree/pkg5/logo.gif
(
	cd tree || exit 1
	git init -q .
	git add -A
	git commit -qm one
	git gc -q
	# a second commit leaves loose objects beside the pack
	printf '# Extra\n\nLoose and unpacked.\n' >EXTRA.md
	license_text BSD-3-Clause >pkg9/LICENSE
	git add -A
	git commit -qm two
)
[ -n "$(ls tree/.git/objects/pack/*.pack 2>/dev/null)" ] && ok ||
	not_ok "the repository is packed"
deltas=$(git verify-pack -v tree/.git/objects/pack/*.idx |
	awk '$2 == "blob" && NF >= 7' | wc -l)
[ "$deltas" -gt 10 ] && ok || not_ok "blobs stored as deltas ($deltas)"

dump() {
	sqlite3 -readonly "$DPGAUDIT_DB" "
	SELECT file_count, bytes_read, skipped_count FROM scans WHERE id = $1;
	SELECT analyzer, kind, indicator, path, line, line_end, value,
	       excerpt, quote(score) FROM findings WHERE scan_id = $1 ORDER BY id;
	SELECT indicator, verdict, reason FROM verdicts WHERE scan_id = $1;
	SELECT path, reason, size FROM skipped WHERE scan_id = $1 ORDER BY rowid"
}

# same (NAME TARGET): --threads 2, 3, 8 and the default (with the result
# cache) against --threads 1
same() {
	dpgaudit scan -q --no-cache --threads 1 "$2" >/dev/null
	dump "$(sql "SELECT max(id) FROM scans")" >"$T/one.txt"
	for n in 2 3 8 2; do
		dpgaudit scan -q --no-cache --threads $n "$2" >/dev/null
		dump "$(sql "SELECT max(id) FROM scans")" >"$T/n.txt"
		if cmp -s "$T/one.txt" "$T/n.txt"; then ok; else
			not_ok "$1: --threads $n differs from --threads 1"
			diff "$T/one.txt" "$T/n.txt" | head -5
		fi
	done
	rm -f "$DPGAUDIT_DB.cache"*
	dpgaudit scan -q --force --threads 2 "$2" >/dev/null
	dump "$(sql "SELECT max(id) FROM scans")" >"$T/n.txt"
	cmp -s "$T/one.txt" "$T/n.txt" && ok ||
		not_ok "$1: with the result cache, --threads 2 differs"
}

same "packed and loose" tree/.git
expect_eq "$(sql "SELECT count(*) FROM skipped WHERE reason = 'binary' AND
	scan_id = (SELECT max(id) FROM scans)")" 1 "the binary file is skipped"
expect_eq "$(sql "SELECT count(DISTINCT path) FROM findings WHERE
	kind = 'license-text' AND scan_id = (SELECT max(id) FROM scans)")" 4 \
	"license files read from the pack and loose"

# the result cache, written behind the store of the scan, is whole when
# scan exits.  cached N: the files a second scan with --threads N takes
# from the cache the first wrote
cached() {
	rm -f "$DPGAUDIT_DB.cache"*
	dpgaudit scan -q --force --threads "$1" tree/.git >/dev/null
	dpgaudit scan -q --force --threads "$1" tree/.git >/dev/null
	sql "SELECT cached_files FROM scans WHERE id = (SELECT max(id) FROM scans)"
}
one=$(cached 1)
[ "$one" -gt 150 ] && ok || not_ok "files from the cache ($one)"
expect_eq "$(cached 2)" "$one" \
	"the cache written by a --threads 2 scan serves the next"

# every read counted, on whichever thread it ran
run dpgaudit scan -q --no-cache --threads 1 --profile tree/.git
one=$(grep '^read ' "$T/err" | awk '{print $4, $6}')
cpu="^CPU before the scan [0-9.]+ s; scan's thread [0-9.]+ s, waited [0-9.]+ s"
expect_err "$cpu\$" "--profile --threads 1: the CPU of the one thread"
run dpgaudit scan -q --no-cache --threads 2 --profile tree/.git
two=$(grep '^read ' "$T/err" | awk '{print $4, $6}')
expect_eq "$two" "$one" "--profile: the same files and bytes read"
expect_err "$cpu; worker 1 [0-9.]+ s\$" \
	"--profile --threads 2: the CPU of each thread"

# a blob damaged in its pack: the workers cannot read it, nor can the
# scan's thread (nor libgit2): skipped as a missing object with any
# number of threads, and the rest is read
git clone -q --bare tree damaged.git
git -C damaged.git repack -q -a -d -f --depth=0
blob=$(git -C damaged.git rev-parse HEAD:pkg3/LICENSE)
entry=$(git verify-pack -v damaged.git/objects/pack/*.idx | grep "^$blob ")
off=$(echo "$entry" | awk '{print $5}')
len=$(echo "$entry" | awk '{print $4}')
pack=$(ls damaged.git/objects/pack/*.pack)
chmod u+w "$pack"
printf 'XXXX' | dd of="$pack" bs=1 seek=$((off + len / 2)) conv=notrunc \
	2>/dev/null
same "damaged blob" damaged.git
expect_eq "$(sql "SELECT reason FROM skipped WHERE path = 'pkg3/LICENSE' AND
	scan_id = (SELECT max(id) FROM scans)")" "missing object" \
	"the damaged blob is skipped as missing"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind = 'license-text'
	AND path = 'pkg7/COPYING' AND scan_id = (SELECT max(id) FROM scans)")" \
	1 "the other files are read"
finish
