#!/bin/sh
# dpgaudit scan ARCHIVE: every format read as a stream, never extracted;
# one top folder is scanned as that folder; broken archives are refused.
. "$(dirname "$0")/lib.sh"

make_project clinicqueue-1.2.0
run dpgaudit scan clinicqueue-1.2.0
expect_rc 0 "scan the directory"
reference=$(sql "SELECT group_concat(kind || ' ' || coalesce(value,'') || ' ' || coalesce(path,'') || ':' || coalesce(line,''), '|') FROM (SELECT * FROM findings WHERE scan_id = 1 ORDER BY kind, path, line)")

i=1
for fmt in tar tar.gz tgz tar.bz2 tar.xz tar.zst zip 7z; do
	case "$fmt" in
	tar) bsdtar -cf "p.$fmt" clinicqueue-1.2.0 ;;
	tar.gz | tgz) bsdtar -czf "p.$fmt" clinicqueue-1.2.0 ;;
	tar.bz2) bsdtar -cjf "p.$fmt" clinicqueue-1.2.0 ;;
	tar.xz) bsdtar -cJf "p.$fmt" clinicqueue-1.2.0 ;;
	tar.zst) bsdtar --zstd -cf "p.$fmt" clinicqueue-1.2.0 ;;
	zip) bsdtar --format zip -cf "p.$fmt" clinicqueue-1.2.0 ;;
	7z) bsdtar --format 7zip -cf "p.$fmt" clinicqueue-1.2.0 ;;
	esac
	i=$((i + 1))
	run dpgaudit scan "p.$fmt"
	expect_rc 0 "scan .$fmt"
	expect_out "kind +archive" ".$fmt is an archive"
	expect_out "file license: LICENSE$" ".$fmt: one top folder is stripped"
	got=$(sql "SELECT group_concat(kind || ' ' || coalesce(value,'') || ' ' || coalesce(path,'') || ':' || coalesce(line,''), '|') FROM (SELECT * FROM findings WHERE scan_id = $i ORDER BY kind, path, line)")
	expect_eq "$got" "$reference" ".$fmt finds what the directory scan finds"
	expect_eq "$(sql "SELECT file_count FROM scans WHERE id = $i")" 15 ".$fmt file count"
done

# never extracted: nothing appears in the working directory
ls >listing
expect_eq "$(grep -c . listing)" "$(ls | grep -c .)" "no files extracted"
[ ! -e LICENSE ] && [ ! -e clinicqueue-1.2.0/clinicqueue-1.2.0 ] && ok || not_ok "nothing extracted"

# several top entries: paths kept as they are
(cd clinicqueue-1.2.0 && bsdtar -czf ../flat.tar.gz .)
run dpgaudit scan flat.tar.gz
expect_rc 0 "archive without a top folder"
expect_out "file license: LICENSE$" "flat archive paths"
mkdir two && cp -R clinicqueue-1.2.0 two/a && cp -R clinicqueue-1.2.0 two/b
(cd two && bsdtar -czf ../two.tgz a b)
run dpgaudit scan two.tgz
expect_out "file license \[2\]: a/LICENSE, b/LICENSE" "two top folders are kept"

# a truncated archive: exit 2, one line, a failed scan with no findings
bsdtar -czf big.tar.gz clinicqueue-1.2.0
size=$(wc -c <big.tar.gz)
head -c $((size / 2)) big.tar.gz >truncated.tar.gz
n=$(sql "SELECT count(*) FROM scans")
run dpgaudit scan truncated.tar.gz
expect_rc 2 "truncated archive"
expect_err "truncated.tar.gz" "the archive is named"
expect_err_one_line "truncated archive"
expect_eq "$(sql "SELECT s.status || ' ' || count(f.id) FROM scans s LEFT JOIN findings f ON f.scan_id = s.id WHERE s.id = $((n + 1))")" \
	"failed 0" "truncated archive: failed scan, nothing half-written"

# a corrupt zip (bytes overwritten in the middle)
cp p.zip corrupt.zip
size=$(wc -c <corrupt.zip)
printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' |
	dd of=corrupt.zip bs=1 seek=$((size / 3)) conv=notrunc 2>/dev/null
run dpgaudit scan corrupt.zip
expect_rc 2 "corrupt zip"
expect_err "corrupt.zip" "the corrupt zip is named"

# neither an archive nor a repository
echo "just some notes" >notes.txt
run dpgaudit scan notes.txt
expect_rc 2 "a plain file"
expect_err "'.*notes.txt' is neither an archive nor a git repository" "says what it is not"
expect_err_one_line "a plain file"
: >empty.bin
run dpgaudit scan empty.bin
expect_rc 2 "an empty file"

# hostile paths: .. and absolute paths are never used as they are
mkdir evil && echo x >evil/README.md
bsdtar -P -cf evil.tar -s ',^evil/README.md,../../README.md,' evil/README.md 2>/dev/null
run dpgaudit scan evil.tar
expect_rc 1 "archive with a .. path (and no license: not met)"
expect_out "unsafe path" "a .. path is skipped as unsafe"

finish
