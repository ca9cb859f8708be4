#!/bin/sh
# SDG relevance skips data tables of codes (issue 12's cheap path for data
# tables): rows with two semicolons, rows that start with a code point or a
# range ("1F9D1 200D ; ...", "0041..005A ; Latin") and rows that end with
# one after a tab ("LEOPARD<TAB>1F406"), as Unicode's data files are; the
# same words in prose still count.
. "$(dirname "$0")/lib.sh"

mkdir -p proj
printf '# Glyphs\n\nA font toolkit.\n' >proj/README.md
# emoji-test.txt, UnicodeData.txt, Index.txt, DerivedAge.txt alike: 288 rows
i=0
for rep in 1 2 3 4 5 6; do
	for tone in "" ": light skin tone" ": medium skin tone" ": dark skin tone" \
		": medium-light skin tone" ": medium-dark skin tone"; do
		for who in "health worker" "man health worker" "woman health worker" \
			"farmer" "man farmer" "woman farmer" "teacher" "factory worker"; do
			i=$((i + 1))
			printf '1F%03X 200D 2695 FE0F ; fully-qualified # E12.1 %s%s\n' \
				$i "$who" "$tone" >>proj/emoji-test.txt
			printf '1F%03X;%s%s;So;0;ON;;;;;N;;;;;\n' $i "$who" "$tone" \
				>>proj/UnicodeData.txt
			printf '%s%s\t1F%03X\n' "$who" "$tone" $i >>proj/Index.txt
			printf '1F%03X..1F%03X ; 12.0 # %s%s\n' $i $((i + 1)) "$who" \
				"$tone" >>proj/DerivedAge.txt
		done
	done
done

run dpgaudit scan proj
expect_rc 1 "the scan"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=1 AND kind LIKE 'sdg-%'")" \
	0 "no goal from tables of code points"

# the same words as prose count
cat >>proj/README.md <<'MD'

Community health workers, teachers and smallholder farmers use it to print
labels for maternal health clinics and schools in rural districts.
MD
run dpgaudit scan proj
expect_eq "$(sql "SELECT count(*) > 0 FROM findings WHERE scan_id=2 AND kind='sdg-evidence' AND path='README.md'")" \
	1 "evidence from the README's prose"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=2 AND kind='sdg-evidence' AND path<>'README.md'")" \
	0 "still none from the tables"
finish
