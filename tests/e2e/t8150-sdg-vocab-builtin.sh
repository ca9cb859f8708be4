#!/bin/sh
# The shipped SDG vocabulary is parsed when dpgaudit is built and used when
# the vocabulary files are the shipped ones, byte for byte; a copy of the
# rules (DPGAUDIT_RULES) with an edited, added or broken vocabulary file,
# and --rules DIR/sdg, are read as before.
. "$(dirname "$0")/lib.sh"

mkdir -p proj
cat >proj/README.md <<'MD'
# Zorblax

Zorblax keeps the zorblax ledger of every village well.
MD

# the shipped files, through a copy of the rules directory: same result
cp -r "$TOP/rules" rules
export DPGAUDIT_RULES="$T/rules"
run dpgaudit sdg proj/README.md
expect_rc 1 "sdg on a text with no SDG vocabulary: no goal"
expect_no_out "zorblax" "no term names zorblax"
cp "$T/out" plain.out

# an edited shipped file: its new term counts
printf '12 /zorblax ledger/\n' >>rules/sdg/14-life-below-water.sdg
run dpgaudit sdg proj/README.md
expect_rc 0 "sdg with an edited vocabulary file"
expect_out "^ *14 +strong" "the edited file's term gives goal 14"
run dpgaudit scan --no-cache proj
expect_eq "$(sql "SELECT value || '|' || excerpt FROM findings WHERE kind='sdg-goal' ORDER BY id DESC LIMIT 1")" \
	"14|strong" "the scan reads the edited file too"

# a file added to the copy
cp -r "$TOP/rules" rules2
printf 'goal 15 Life on Land\n12 /village well/\n' >rules2/sdg/99-extra.sdg
DPGAUDIT_RULES="$T/rules2" run dpgaudit sdg proj/README.md
expect_out "^ *15 +strong" "an added file's term gives goal 15"

# --rules DIR/sdg on top of the shipped files
mkdir -p over/sdg
printf 'goal 2 Zero Hunger\n12 /zorblax/\n' >over/sdg/99-mine.sdg
DPGAUDIT_RULES="$T/rules2" run dpgaudit sdg --rules over proj/README.md
expect_out "^ *2 +strong" "an override file's term gives goal 2"

# a broken edit is an error naming its file and line, exit 4
printf '3 /zor(blax/\n' >>rules/sdg/14-life-below-water.sdg
run dpgaudit sdg proj/README.md
expect_rc 4 "a broken vocabulary file"
expect_err "14-life-below-water.sdg:[0-9]+: invalid pattern" "names the file and line"

# the shipped files again: the table's result, as the first run
rm -r rules && cp -r "$TOP/rules" rules
run dpgaudit sdg proj/README.md
expect_rc 1 "the shipped files again"
expect_eq "$(cat "$T/out")" "$(cat plain.out)" "same output as the first run"
finish
