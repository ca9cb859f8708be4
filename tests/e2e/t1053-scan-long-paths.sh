#!/bin/sh
# A path over 64 KiB (a tar entry, a folder chain on disk) skips that entry
# with its reason and never fails the scan.  (Git trees: t1051.)
. "$(dirname "$0")/lib.sh"

make_project proj
long=$(head -c 70000 /dev/zero | tr '\0' 'b')
echo x >proj/a
(cd proj && bsdtar -cf ../long.tar -s ",^a\$,d/$long," a LICENSE README.md)
run dpgaudit scan long.tar
expect_rc 0 "an archive with a 70,000-byte path"
expect_out "path too long \[1\]: d/bbbb" "the entry is skipped with its reason"
expect_eq "$(sql "SELECT length(path) FROM skipped WHERE reason = 'path too long'")" 1027 \
	"its first 1024 bytes are kept, with '...'"
expect_eq "$(sql "SELECT status FROM scans ORDER BY id DESC LIMIT 1")" ok "the scan is ok"
expect_out "file license: LICENSE" "the other entries are read"

# on disk: 255-byte folder names, 260 deep (66,560 bytes)
name=$(head -c 255 /dev/zero | tr '\0' 'c')
mkdir deep && cp proj/LICENSE deep/
# built from the inside out, with short paths only (a shell cannot cd
# past PATH_MAX)
mkdir "deep/$name" && echo x >"deep/$name/leaf.txt"
i=1
while [ $i -lt 260 ]; do
	mkdir deep/wrap && mv "deep/$name" deep/wrap/ && mv deep/wrap "deep/$name"
	i=$((i + 1))
done
run dpgaudit scan --max-depth 1000 deep
expect_rc 1 "a folder chain past 64 KiB (no README: not met)"
expect_eq "$(sql "SELECT reason FROM skipped WHERE scan_id = (SELECT max(id) FROM scans)")" "path too long" \
	"the folder past 64 KiB is skipped"
expect_eq "$(sql "SELECT status FROM scans ORDER BY id DESC LIMIT 1")" ok "the scan is ok"
run dpgaudit scan deep
expect_out "too deep \[1\]" "with the default depth (256), too deep comes first"

finish
