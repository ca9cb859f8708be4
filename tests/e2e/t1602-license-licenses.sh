#!/bin/sh
# dpgaudit licenses [--long] [ID]: the corpus, one license.
. "$(dirname "$0")/lib.sh"

run dpgaudit licenses
expect_rc 0 "list"
n=$(wc -l <"$T/out")
[ "$n" -gt 700 ] && ok || not_ok "about 727 ids, got $n"
expect_out '^Apache-2\.0$' "Apache-2.0 listed"
expect_out '^GPL-2\.0$' "deprecated ids listed too"

run dpgaudit licenses --long
expect_out '^MIT	osi	-	MIT License$' "long form"
expect_out '^GPL-2\.0	osi	deprecated	' "deprecated flag"

run dpgaudit licenses mit
expect_rc 0 "case-insensitive lookup"
expect_out '^id: MIT$' "canonical id"
expect_out '^osi-approved: yes$' "OSI"
expect_out '^deprecated: no$' "not deprecated"
expect_out '^dpg software: accepted' "accepted for software"

run dpgaudit licenses CC-BY-NC-4.0
expect_out '^dpg software: not-accepted' "NC: not for software"
expect_out '^dpg content: accepted' "NC: content"

run dpgaudit licenses GPL-3.0
expect_out '^deprecated: yes, use GPL-3\.0-only$' "deprecated with its replacement"
expect_out '^same text as: .*GPL-3\.0-only' "same text"

run dpgaudit licenses NOT-A-LICENSE
expect_rc 2 "unknown id"
expect_err "^dpgaudit: no license 'NOT-A-LICENSE' in the SPDX corpus$" "message"
run dpgaudit licenses A B
expect_rc 64 "two ids"
finish
