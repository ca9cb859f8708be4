#!/bin/sh
# dpgaudit license-match FILE|-: matches with line ranges, scores and the
# differing spans; exit 0 matched, 1 nothing matched, 2 unreadable, 64 usage.
. "$(dirname "$0")/lib.sh"

license_text MIT >mit.txt
run dpgaudit license-match mit.txt
expect_rc 0 "an MIT text matches"
expect_out '^MIT 1\.000 exact lines 1-18$' "MIT exact with its line range"

# from standard input, comment-prefixed, after a real copyright line
{ echo "// Copyright (c) 2024 Example Org"; sed 's|^|// |' mit.txt; } >mit.c
run dpgaudit license-match - <mit.c
expect_rc 0 "stdin"
expect_out '^MIT 1\.000 exact lines 2-19$' "comment-prefixed MIT from stdin"

# two licenses in one file, each with its lines
{ cat mit.txt; echo; echo "----"; echo; license_text Apache-2.0; } >two.txt
run dpgaudit license-match two.txt
expect_rc 0 "two licenses"
expect_out '^MIT 1\.000 exact lines 1-18$' "first: MIT"
expect_out '^Apache-2\.0 1\.000 exact lines 22-94$' "second: Apache-2.0"

# a changed word is near, with the change shown
sed 's/free of charge/for a small fee/' mit.txt >fee.txt
run dpgaudit license-match fee.txt
expect_rc 0 "near match"
expect_out '^MIT 0\.9[0-9]+ near lines 1-18$' "near MIT"
expect_out "changed line 5: 'free of charge' -> 'for a small fee'" "the change"

# a GNU text: -only, with its group
license_text GPL-3.0-or-later >COPYING
run dpgaudit license-match COPYING
expect_out '^GPL-3\.0-only 1\.000 exact' "a GPL-3.0 text alone is -only"
expect_out 'same text: .*GPL-3\.0-or-later' "the group is shown"

# BSD-3 without clause 3 is BSD-2, not a near BSD-3
license_text BSD-3-Clause | grep -v '^3\. Neither' >bsd.txt
run dpgaudit license-match bsd.txt
expect_out '^BSD-2-Clause 1\.000 exact' "removed clause: BSD-2-Clause"
expect_no_out 'BSD-3-Clause' "not BSD-3-Clause"

# nothing matched: exit 1 and a hint
printf 'int main(void) { return 0; }\n' >main.c
run dpgaudit license-match main.c
expect_rc 1 "no license"
expect_out '^no license text matched$' "says so"
head -c 600 mit.txt >half.txt
echo "You may not sell this software or use it commercially." >>half.txt
run dpgaudit license-match half.txt
expect_rc 1 "half a license is no match"
expect_out 'no license text matched \(closest: MIT' "closest hint"

# errors
run dpgaudit license-match no-such-file
expect_rc 2 "unreadable"
expect_err "^dpgaudit: cannot open 'no-such-file'" "error message"
expect_err_one_line "one line"
run dpgaudit license-match
expect_rc 64 "no argument"
run dpgaudit license-match a b
expect_rc 64 "two arguments"
run dpgaudit license-match --bogus x
expect_rc 64 "unknown option"
finish
