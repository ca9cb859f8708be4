#!/bin/sh
# dpgaudit sdg on policy and research prose (issue 11): moderate terms that
# agree add up without an anchor term, policy vocabulary counts, names and
# citations do not; the output is deterministic and shows the evidence.
. "$(dirname "$0")/lib.sh"

cat >abstract.txt <<'TXT'
We estimate the impacts on nutrition of agricultural policies that promote
sustainable intensification in East Africa, using household panel data.
Results appear in Reviews in Fish Biology and Fisheries. Support from the
Institute of Public Health is gratefully acknowledged.
TXT

run dpgaudit sdg abstract.txt
expect_rc 0 "a relevant abstract exits 0"
expect_out "^ +2 +(some|strong) +0\.[0-9]+ +Zero Hunger$" \
	"goal 2 from agreeing moderate terms"
expect_out "line 1: We estimate the impacts on nutrition of agricultural policies that promote sustainable intensification in East Africa, using household panel data\.$" \
	"the evidence sentence, with its line"
expect_no_out "Life Below Water" "a journal title is not evidence"
expect_no_out "Good Health" "an institute's name is not evidence"
cp "$T/out" first.out
run dpgaudit sdg abstract.txt
expect_eq "$(cmp -s first.out "$T/out" && echo same)" same \
	"the same text gives the same output"

printf 'Fossil-fuel subsidies and price controls keep energy prices low and\nencourage wasteful consumption.\n' >subsidies.txt
run dpgaudit sdg --format json subsidies.txt
expect_rc 0 "subsidies: relevant"
expect_out '"relevant":\[[0-9,]*12[0-9,]*\]' "goal 12 from the 12.c vocabulary"

# software meanings of SDG words are not evidence
cat >readme.md <<'TXT'
# grid-kit

### Storybook Integration

Run the Storybook to browse the components.

## Transparency

The statistics on failed tests are shown after each run. Click the
button to export data as CSV.

![Digital Public Good](https://img.shields.io/badge/DPG-yes-green)
TXT
run dpgaudit sdg readme.md
expect_rc 1 "no goal in a software README"
expect_out "^no goal is relevant" "none relevant"
finish
