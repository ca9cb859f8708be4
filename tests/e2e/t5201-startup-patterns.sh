#!/bin/sh
# Start-up: the patterns of the shipped rules and vocabulary are compiled
# at their first use in a scan (make check validates every one of them:
# tests/unit/test_shipped.c).  Those of any other directory are compiled at
# load, so a bad one fails the scan at once, naming its file:line, exit 4:
# --rules DIR (its rules and DIR/sdg) and DPGAUDIT_RULES naming a directory
# other than the shipped one.  The findings are the same either way.
# libarchive and libcurl are loaded at their first use, not at start-up.
. "$(dirname "$0")/lib.sh"

make_project p

# --rules DIR: a bad content pattern, a bad vocabulary term
mkdir -p mine/sdg
printf '[bad-content]\nindicator = 7\nmessage = m\npath = \\.md$\ncontent = (unclosed\n' >mine/local.rules
run dpgaudit scan -q --no-cache --rules mine p
expect_rc 4 "bad pattern in --rules"
expect_err "mine/local.rules:5: bad pattern in 'content' at offset 9: missing closing parenthesis" "rule file:line named"
rm mine/local.rules
printf 'goal 6\n4 /water/ near /dri(nking/\n' >mine/sdg/90-local.sdg
run dpgaudit scan -q --no-cache --rules mine p
expect_rc 4 "bad pattern in --rules DIR/sdg"
expect_err "90-local.sdg:2: invalid pattern for 'near'" "vocabulary file:line named"

# DPGAUDIT_RULES elsewhere: a copy of the shipped rules is not "shipped"
cp -R "$TOP/rules" copy
printf '\n[zz-bad]\nindicator = 7\nmessage = m\npath = x(\n' >>copy/docs.rules
n=$(wc -l <copy/docs.rules)
DPGAUDIT_RULES="$T/copy" run dpgaudit scan -q --no-cache p
expect_rc 4 "bad pattern in DPGAUDIT_RULES's rules"
expect_err "copy/docs.rules:$n: bad pattern in 'path'" "rule file:line named"
cp "$TOP/rules/docs.rules" copy/docs.rules
printf '4 /zor(blax/\n' >>copy/sdg/06-clean-water.sdg
n=$(wc -l <copy/sdg/06-clean-water.sdg)
DPGAUDIT_RULES="$T/copy" run dpgaudit scan -q --no-cache p
expect_rc 4 "bad pattern in DPGAUDIT_RULES's vocabulary"
expect_err "06-clean-water.sdg:$n: invalid pattern for the term" "vocabulary file:line named"
cp "$TOP/rules/sdg/06-clean-water.sdg" copy/sdg/

# the same findings from the shipped rules (lazy) and a copy (at load)
findings() {
	sql "SELECT analyzer, kind, indicator, path, line, line_end, value,
	     excerpt, round(score, 6) FROM findings
	     WHERE scan_id = (SELECT max(id) FROM scans) ORDER BY id" >"$1"
}
run dpgaudit scan -q --no-cache p
expect_rc 0 "scan with the shipped rules"
findings lazy
DPGAUDIT_RULES="$T/copy" run dpgaudit scan -q --no-cache p
expect_rc 0 "scan with a copy"
findings eager
if grep -q '^sdg|sdg-goal|' lazy && grep -q '^rules|rule|' lazy &&
	cmp -s lazy eager; then ok; else
	not_ok "findings differ, or no SDG goal or rule found"
	diff lazy eager | head -10
fi

# libarchive and libcurl (and, linked statically, libgit2's GSSAPI): not
# loaded to print the version or scan a directory; loaded (and working)
# for an archive
lazy='libarchive|libcurl'
ldd "$BUILD/dpgaudit" | grep -q libgit2 || lazy="$lazy|libgssapi|libgit2"
LD_DEBUG=libs "$BUILD/dpgaudit" --version >/dev/null 2>ld.txt
if grep -q 'calling init: .*libc\.so' ld.txt && ! grep -Eq "$lazy" ld.txt; then ok; else
	not_ok "--version loads one of $lazy (or LD_DEBUG says nothing)"
fi
tar -cf p.tar p
LD_DEBUG=libs "$BUILD/dpgaudit" scan -q --no-cache --db "$T/a2.db" p.tar >/dev/null 2>ld.txt
rc=$?
expect_rc 0 "archive scan"
if grep -q 'calling init: .*libarchive' ld.txt && ! grep -q libcurl ld.txt; then ok; else
	not_ok "an archive scan loads libarchive (only)"
fi
expect_eq "$(sqlite3 "$T/a2.db" "SELECT count(*) FROM findings WHERE kind = 'license-text'")" 1 "the archive's LICENSE is read"
finish
