#!/bin/sh
# dpgaudit sdg [FILE|-]: scores one text against the 17 SDGs; exit 0 when a
# goal is relevant, 1 when none, 2 unreadable input, 4 invalid vocabulary,
# 64 usage.
. "$(dirname "$0")/lib.sh"

cat >evidence.txt <<'TXT'
# Evidence

OpenCRVS is a digital civil registration system. It supports SDG 16.9:
legal identity for all, including birth registration.

```
curl http://localhost/health
```
TXT

run dpgaudit sdg evidence.txt
expect_rc 0 "a relevant text exits 0"
expect_out "^SDG relevance of evidence.txt$" "names the input"
expect_out "^ +16 +strong +0\.[0-9]+ +Peace, Justice and Strong Institutions$" \
	"goal 16 is strong"
expect_out "line 3: It supports SDG 16\.9: legal identity for all, including birth registration\.$" \
	"the best sentence first, with its line, whitespace collapsed"
expect_out "line 3: OpenCRVS is a digital civil registration system\.$" \
	"a second excerpt"
expect_no_out "Good Health" "a health check in a code block is not health"

# the same from standard input, as JSON
run sh -c "dpgaudit() { \"$BUILD/dpgaudit\" \"\$@\"; }; dpgaudit sdg --format json - <evidence.txt"
expect_rc 0 "stdin, json"
expect_out '^\{"input":"-","relevant":\[16\],"goals":\[\{"goal":1,"name":"No Poverty","strength":"none"' \
	"json lists the relevant goals and all 17"
expect_out '"goal":16,"name":"Peace, Justice and Strong Institutions","strength":"strong","score":0\.[0-9]+,"raw":[0-9.]+,"hits":[0-9]+,"terms":[0-9]+,"excerpts":\[\{"line":3,"text":"It supports SDG 16\.9: legal identity for all, including birth registration\."\},\{"line":3,"text":"OpenCRVS is a digital civil registration system\."\}\]' \
	"json goal with its excerpts"
if command -v python3 >/dev/null 2>&1; then
	if python3 -m json.tool "$T/out" >/dev/null 2>&1; then ok; else
		not_ok "json output parses"; fi
fi

# nothing relevant: exit 1
printf 'A fast JSON parser with a health check endpoint.\n' >lib.txt
run dpgaudit sdg lib.txt
expect_rc 1 "no relevant goal exits 1"
expect_out "no goal is relevant" "says so"

# one generic word is not enough; a hard negative is not relevant
printf 'Add a watermark to your images.\n' >wm.txt
run dpgaudit sdg wm.txt
expect_rc 1 "watermark is not water"

# unreadable input: exit 2, one line
run dpgaudit sdg missing.txt
expect_rc 2 "missing input"
expect_err "^dpgaudit: cannot open 'missing.txt'" "names the input"
expect_err_one_line "missing input"
mkdir adir
run dpgaudit sdg adir
expect_rc 2 "a directory is no input"
expect_err "is a directory" "says why"

# usage errors: 64
run dpgaudit sdg --format xml evidence.txt
expect_rc 64 "unknown format"
expect_err "unknown format 'xml'" "names the format"
run dpgaudit sdg a.txt b.txt
expect_rc 64 "two files"
run dpgaudit sdg --bogus
expect_rc 64 "unknown option"
run dpgaudit sdg --help
expect_rc 0 "help"
expect_out "usage: dpgaudit sdg" "help shows the synopsis"

# --rules DIR: DIR/sdg adds terms
mkdir -p local/sdg
cat >local/sdg/90-local.sdg <<'SDG'
# A local programme name: counts for goal 1 (1.3 social protection).
goal 1
4   /zorblax/
SDG
printf 'Payments for the Zorblax programme.\n' >local.txt
run dpgaudit sdg local.txt
expect_rc 1 "unknown word without the local rules"
run dpgaudit sdg --rules local local.txt
expect_rc 0 "relevant with the local rules"
expect_out "^ +1 +some .*No Poverty$" "goal 1 from the local vocabulary"

# a shipped file name in DIR/sdg replaces the shipped vocabulary of goal 16
printf 'goal 16\n4 /zorblax/\n' >local/sdg/16-peace-justice.sdg
run dpgaudit sdg --rules local evidence.txt
expect_rc 1 "the replaced goal 16 vocabulary no longer knows civil registration"

# invalid vocabulary: exit 4, every file:line: message
cat >local/sdg/90-local.sdg <<'SDG'
goal 1
4   /zor(blax/
bogus line
99  /x/
SDG
run dpgaudit sdg --rules local local.txt
expect_rc 4 "invalid vocabulary"
expect_err "local/sdg/90-local.sdg:2: invalid pattern for the term" "bad pattern"
expect_err "local/sdg/90-local.sdg:3: unknown directive 'bogus'" "bad directive"
expect_err "local/sdg/90-local.sdg:4: weight 99 out of range" "bad weight"
expect_no_out "." "nothing on stdout"

run dpgaudit sdg --rules nowhere local.txt
expect_rc 2 "a missing rules directory"
expect_err "cannot open rules directory 'nowhere'" "names it"

finish
