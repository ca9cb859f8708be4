#!/bin/sh
# Everything printed comes from the scanned tree: C1 controls (CSI U+009B,
# as UTF-8 and as a raw byte), bidi overrides and isolates, and invalid
# UTF-8 in paths and excerpts are escaped in the text report, and the JSON
# report stays valid UTF-8 with them escaped.
. "$(dirname "$0")/lib.sh"

make_project p
csi_utf8=$(printf '\302\233')
csi_raw=$(printf '\233')
rlo=$(printf '\342\200\256')
lri=$(printf '\342\201\246')
bad=$(printf '\377\300\257')
printf 'x\n' >"p/LICENSE-${csi_utf8}31mred"
printf 'x\n' >"p/NOTICE-${csi_raw}31m"
printf 'x\n' >"p/COPYING-${rlo}txt.exe"
printf 'x\n' >"p/AUTHORS-$bad"
printf '// Copyright 2024 Evil%s2J Corp%s and %sfriends\n// SPDX-License-Identifier: MIT\nint x;\n' \
	"$csi_utf8" "$rlo" "$lri" >p/evil.c
printf '// Copyright 2023 Raw%s2J Byte %s\nint y;\n' "$csi_raw" "$bad" >p/raw.c

# has_bytes FILE STRING: the file contains the raw bytes
has_bytes() { LC_ALL=C grep -qF -- "$2" "$1"; }

run dpgaudit scan p
expect_rc 0 "scan a tree with hostile names and excerpts"
for b in "$csi_utf8" "$csi_raw" "$rlo" "$lri" "$(printf '\377')" "$(printf '\033')"; do
	if has_bytes "$T/out" "$b"; then
		not_ok "raw bytes $(printf '%s' "$b" | od -An -tx1 | tr -d ' ') reached the text report"
	else ok; fi
done
expect_out 'LICENSE-\\u009b31mred' "C1 as UTF-8 shown as \\u009b"
expect_out 'NOTICE-\\x9b31m' "a raw 0x9b byte shown as \\x9b"
expect_out 'COPYING-\\u202etxt.exe' "RLO shown as \\u202e"
expect_out 'AUTHORS-\\xff\\xc0\\xaf' "invalid UTF-8 shown as \\xNN"
expect_out 'Evil\\u009b2J Corp\\u202e and \\u2066friends' "an excerpt's C1 and bidi escaped"
iconv -f UTF-8 -t UTF-8 "$T/out" >/dev/null 2>&1 && ok || not_ok "the text report is valid UTF-8"

# the same through report and scans
run dpgaudit report
for b in "$csi_utf8" "$csi_raw" "$rlo"; do
	has_bytes "$T/out" "$b" && not_ok "report printed raw bytes" || ok
done

# JSON: valid, UTF-8, C1 and bidi escaped as \uNNNN, invalid bytes U+FFFD
run dpgaudit report --format json
expect_rc 0 "JSON report"
json_ok "$T/out" && ok || not_ok "valid JSON"
iconv -f UTF-8 -t UTF-8 "$T/out" >/dev/null 2>&1 && ok || not_ok "the JSON is valid UTF-8"
for b in "$csi_utf8" "$csi_raw" "$rlo" "$lri"; do
	has_bytes "$T/out" "$b" && not_ok "JSON carries raw C1/bidi bytes" || ok
done
expect_out 'LICENSE-\\u009b31mred' "JSON escapes C1 as \\u009b"
expect_out 'COPYING-\\u202etxt.exe' "JSON escapes RLO"
expect_out 'NOTICE-\\ufffd31m' "a raw 0x9b is U+FFFD in JSON"
# the decoded JSON value is the original code point (escaping is lossless)
n=$(sqlite3 :memory: "SELECT count(*) FROM json_each(json_extract(readfile('$T/out'), '\$.findings')) WHERE json_extract(value, '\$.path') = 'LICENSE-' || char(155) || '31mred'")
[ "$n" -ge 1 ] && ok || not_ok "the JSON path decodes to U+009B"

# the error line on stderr is escaped too
run dpgaudit scan "p/missing-${csi_utf8}${rlo}"
expect_rc 2 "missing target with hostile bytes"
expect_err 'missing-\\u009b\\u202e' "the error escapes them"
has_bytes "$T/err" "$csi_utf8" && not_ok "raw CSI on stderr" || ok

finish
