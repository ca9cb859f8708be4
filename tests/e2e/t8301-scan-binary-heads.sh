#!/bin/sh
# Of a packed blob named as binary files are (a .png, a .gz...), a git
# scan inflates only up to its first NUL when one comes in the first 8000
# bytes (the binary test): the scan records the same as one that reads
# every byte, a scan of the same files as a directory, with one thread or
# two, and from the result cache.
. "$(dirname "$0")/lib.sh"

make_project tree
# bytes: n of them from a generator of its own (no deltas between files),
# printable but for a NUL at nul (0: none)
bytes() {
	awk -v n="$1" -v nul="$2" -v seed="$3" 'BEGIN {
		srand(seed)
		for (k = 1; k <= n; k++)
			if (k == nul) printf "%c", 0
			else printf "%c", 33 + int(rand() * 90)
	}'
}
mkdir -p tree/img tree/dl
bytes 40000 9 1 >tree/img/logo.png        # binary at once: read to byte 9
bytes 40000 7000 2 >tree/img/photo.JPG    # binary late in the head
bytes 40000 12000 3 >tree/dl/data.gz      # a NUL past the head: text
bytes 40000 0 4 >tree/dl/notes.gz         # no NUL: text
bytes 3000 5 5 >tree/img/small.png        # shorter than the head
printf 'Copyright 2024 Example Org\nSPDX-License-Identifier: MIT\n' \
	>>tree/dl/notes.gz
(
	cd tree || exit 1
	git init -q .
	git add -A
	git commit -qm one
	git gc -q
)
[ -n "$(ls tree/.git/objects/pack/*.pack 2>/dev/null)" ] && ok ||
	not_ok "the repository is packed"
# stored whole, not as deltas (a delta is read whole)
whole=$(cd tree && git verify-pack -v .git/objects/pack/*.idx |
	awk '$2 == "blob" && NF == 5 && $3 == 40000' | wc -l)
expect_eq "$whole" 3 "the three 40000-byte blobs are stored whole"

# what a scan recorded, without what names the target
dump() {
	sqlite3 -readonly "$DPGAUDIT_DB" "
	SELECT file_count, bytes_read, skipped_count FROM scans WHERE id = $1;
	SELECT analyzer, kind, indicator, path, line, value, excerpt
	  FROM findings WHERE scan_id = $1 ORDER BY path, analyzer, line, kind;
	SELECT path, reason, size FROM skipped WHERE scan_id = $1 ORDER BY path"
}
last() { sql "SELECT max(id) FROM scans"; }

dpgaudit scan -q --no-cache --threads 1 tree >/dev/null
dump "$(last)" >"$T/dir.txt"
grep -q '^img/logo.png|binary|40000$' "$T/dir.txt" && ok ||
	not_ok "the directory scan skips logo.png as binary, 40000 bytes"
grep -q '^img/photo.JPG|binary|40000$' "$T/dir.txt" && ok ||
	not_ok "photo.JPG too"
grep -q '^dl/data.gz|binary' "$T/dir.txt" && not_ok "data.gz is text" || ok
grep -q 'dl/notes.gz' "$T/dir.txt" && ok || not_ok "notes.gz is analysed"
for n in 1 2; do
	dpgaudit scan -q --no-cache --threads $n tree/.git >/dev/null
	dump "$(last)" >"$T/git.txt"
	if cmp -s "$T/dir.txt" "$T/git.txt"; then ok; else
		not_ok "the git scan, --threads $n, differs from the directory's"
		diff "$T/dir.txt" "$T/git.txt" | head -8
	fi
done
rm -f "$DPGAUDIT_DB.cache"*
dpgaudit scan -q --force tree/.git >/dev/null
dpgaudit scan -q --force tree/.git >/dev/null
expect_eq "$(sql "SELECT cached_files FROM scans WHERE id = $(last)")" \
	"$(sql "SELECT file_count FROM scans WHERE id = $(last)")" \
	"the second scan takes every file from the cache"
dump "$(last)" >"$T/git.txt"
cmp -s "$T/dir.txt" "$T/git.txt" && ok ||
	not_ok "from the result cache, the git scan differs"

finish
