#!/bin/sh
# Everything a report prints comes from untrusted repositories: a hostile
# one (HTML, script tags, javascript: URLs, control characters, bidi
# overrides, invalid UTF-8, huge names; a nomination named by a script)
# renders inert and readable in every format.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/report-lib.sh"

make_hostile h
dpgaudit scan -q --nomination h.json h >/dev/null
expect_eq "$?" 0 "the hostile repository is scanned"
ESC=$(printf '\033')
RLO=$(printf '\342\200\256')
BEL=$(printf '\007')

# raw_free FILE WHAT: no terminal escape, bell, bidi override or invalid
# UTF-8 left in FILE
raw_free() {
	if grep -q "$ESC\|$BEL\|$RLO" "$1"; then
		not_ok "$2: a raw control or bidi character"
	else ok; fi
	if iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then ok; else
		not_ok "$2: not valid UTF-8"; fi
}

run dpgaudit report h --color=never
expect_rc 0 "text"
raw_free "$T/out" "text"
run dpgaudit report h --color=never --verbose
raw_free "$T/out" "text, verbose"
expect_out 'esc\\x1b\[2Jclear\.bin' "text: the escape sequence shown, not run"
expect_out 'bidi\\u202etxt\.exe' "text: the bidi override shown"
expect_out 'bad\\xffutf\.bin' "text: invalid UTF-8 shown as a byte"
expect_out 'dddd\.\.\. \[[0-9]+ more bytes\]' "text: a huge path cut with a marker"
run dpgaudit report h --color=always
other=$(sed "s/$ESC\[[0-9;]*m//g" "$T/out" | grep -c "$ESC")
expect_eq "$other" 0 "text in colour: only our colour codes"

run dpgaudit report h --format md
raw_free "$T/out" "md"
expect_no_out '<script|<img|<b>' "md: no HTML from the repository"
expect_no_out '\]\(javascript' "md: no javascript: link"
expect_out '&lt;script&gt;' "md: the script tag shown as text"
expect_no_out '[^;]@everyone' "md: no mention"

run dpgaudit report h --format html
raw_free "$T/out" "html"
n=$(grep -ci '<script' "$T/out")
expect_eq "$n" 0 "html: no script element at all"
expect_no_out '<img|<b>' "html: no element from the repository"
expect_no_out 'href="javascript' "html: no javascript: link"
expect_out "Content-Security-Policy\" content=\"default-src 'none'" "html: the strict CSP"
expect_out '<title>dpgaudit: &lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;\\u202eEvil</title>' \
	"html: the nomination's name, escaped, in the title"

for f in json sarif screening dpg-form; do
	run dpgaudit report h --format "$f"
	expect_rc 0 "$f"
	cp "$T/out" "$T/h.$f"
	if /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8", errors="strict"))' "$T/out"; then
		ok; else not_ok "$f: valid UTF-8 JSON"; fi
done
valid "$SCHEMAS/report.schema.json" "$T/h.json" "hostile: report JSON"
valid "$SARIF_SCHEMA" "$T/h.sarif" "hostile: SARIF"
valid "$SCHEMAS/registry-screening-schema.json" "$T/h.screening" "hostile: screening"
valid "$SCHEMAS/dpg-form.schema.json" "$T/h.dpg-form" "hostile: dpg-form"
expect_eq "$(json_get "$T/h.json" '$.scan.nomination')" "<script>document.title='pwned'</script>$RLO""Evil" \
	"json keeps the exact text (a consumer escapes for its own output)"

# the scans list too
run dpgaudit scans
raw_free "$T/out" "scans"

finish
