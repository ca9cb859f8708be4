#!/bin/sh
# Input files that are not regular files (a FIFO, a device) are refused at
# once with the path named, exit 2, never read (they would block or never
# end); rule files that cannot be read exit 2, invalid ones (too large, too
# many) exit 4, the same in every command.
. "$(dirname "$0")/lib.sh"

make_project proj
mkfifo fifo
mkdir rdir && mkfifo rdir/evil.rules
mkdir -p vdir/sdg && cp "$TOP"/rules/sdg/*.sdg vdir/sdg/ 2>/dev/null
mkfifo vdir/sdg/evil.sdg

# t CMD...: run with a time bound (a hang is a failure, exit 124)
t() { run timeout 20 "$BUILD/dpgaudit" "$@"; }

t scan --nomination fifo proj
expect_rc 2 "--nomination FIFO"
expect_err "cannot read nomination 'fifo': is a FIFO" "names the FIFO"
expect_err_one_line "nomination FIFO"
t scan --rules rdir proj
expect_rc 2 "a FIFO named *.rules in --rules DIR"
expect_err "cannot read rule file 'rdir/evil.rules': is a FIFO" "names it"
t rules lint --rules rdir
expect_rc 2 "rules lint with the FIFO"
expect_err "rdir/evil.rules': is a FIFO" "names it"
t rules test --rules rdir
expect_rc 2 "rules test with the FIFO"
t license-match fifo
expect_rc 2 "license-match FIFO"
expect_err "cannot read 'fifo': is a FIFO" "names it"
t license-match /dev/zero
expect_rc 2 "license-match of a device"
expect_err "'/dev/zero': is a character device" "says what it is"
t sdg fifo
expect_rc 2 "sdg FIFO"
expect_err "cannot read 'fifo': is a FIFO" "names it"
t sdg --rules vdir README.md
expect_rc 2 "a FIFO among the SDG vocabularies"
expect_err "evil.sdg': is a FIFO" "names it"

# standard input still works
echo "MIT License" >mit.txt
run "$BUILD/dpgaudit" license-match - <mit.txt
expect_rc 1 "license-match - reads standard input (no full text: 1)"

# rule files: unreadable is 2, invalid is 4, in every command
t rules lint nope.rules
expect_rc 2 "rules lint of a missing file"
expect_err "cannot open rule file 'nope.rules'" "names it"
mkdir many
i=0
while [ $i -le 1000 ]; do : >many/r$i.rules; i=$((i + 1)); done
t rules lint --rules many
expect_rc 4 "more than 1000 rule files: invalid input (rules lint)"
expect_err "more than 1000 rule files in 'many'" "says so"
t scan --rules many proj
expect_rc 4 "more than 1000 rule files: invalid input (scan)"
mkdir big
head -c 1100000 /dev/zero | tr '\0' '#' >big/huge.rules
t rules lint --rules big
expect_rc 4 "a rule file over 1 MiB (rules lint)"
expect_err "big/huge.rules:0: larger than 1048576 bytes" "says so"
t scan --rules big proj
expect_rc 4 "a rule file over 1 MiB (scan)"

finish
