#!/bin/sh
# scan: files repeated in a tree (the copyright files of the packages built
# from one source) give the same license-text findings each time, at one
# and two threads, though a matcher keeps the results of a text for the
# next run on the same bytes; a changed copy gets its own.
. "$(dirname "$0")/lib.sh"

# a Debian copyright file with two license paragraphs, indented
dep5() {
	printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n'
	printf 'Files: *\nCopyright: 2020 Jane Doe\nLicense: MIT\n'
	license_text MIT | sed 's/^$/./; s/^/ /'
	printf '\nFiles: lib/*\nCopyright: 2019 Example Inc.\nLicense: BSD-3-Clause\n'
	license_text BSD-3-Clause | sed 's/^$/./; s/^/ /'
}

mkdir -p p
for d in liba libb libc-dev libd-doc libe libf; do
	mkdir -p "p/$d"
	dep5 >"p/$d/copyright"
done
# a changed copy: the MIT grant for a fee
dep5 | sed "s/free of charge/for a fee/" >p/libg-copyright
# an unknown license file, twice
printf 'Some project license.\nYou may use it on Tuesdays only.\nNo warranty.\n' >p/COPYING
mkdir -p p/sub
cp p/COPYING p/sub/COPYING

each() {
	sql "SELECT group_concat(line||'-'||line_end||' '||value||' '||score||' '||excerpt, ' | ') FROM (SELECT * FROM findings WHERE kind='license-text' AND path='$1' AND scan_id=(SELECT max(id) FROM scans) ORDER BY line)"
}

for t in 1 2; do
	run dpgaudit scan --quiet --threads $t p
	[ "$rc" -le 1 ] && ok || not_ok "scan --threads $t: exit $rc"
	first=$(each liba/copyright)
	case "$first" in
	*" MIT 1.0 exact | "*" BSD-3-Clause 1.0 exact") ok ;;
	*) not_ok "threads $t: the copyright file's two texts: $first" ;;
	esac
	for d in libb libc-dev libd-doc libe libf; do
		expect_eq "$(each "$d/copyright")" "$first" \
			"threads $t: $d/copyright as liba/copyright"
	done
	x=$(each libg-copyright)
	case "$x" in
	*" MIT 0."*"for a fee"*"BSD-3-Clause 1.0 exact") ok ;;
	*) not_ok "threads $t: the changed copy: $x" ;;
	esac
	expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='license-text' AND scan_id=(SELECT max(id) FROM scans)")" \
		"14" "threads $t: two texts in each of seven files"
	expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='license-unmatched' AND path='COPYING' AND scan_id=(SELECT max(id) FROM scans)")" \
		"1" "threads $t: the unknown root license file"
done
finish
