#!/bin/sh
# batch: every kind of list (text, CSV, TSV, JSON, nomination records, a
# directory of them, stdin), duplicates under two spellings, and malformed
# lists (exit 4 with file:line or the field), read with --dry-run.
. "$(dirname "$0")/lib.sh"

mkdir a b c
R=$(cd "$T" && pwd -P)

# text: comments, blank lines, CRLF, two spellings of one directory
printf '# partners\n\n a \r\n./b\nb/\n%s/c\n' "$R" >list.txt
run dpgaudit batch --dry-run list.txt
expect_rc 0 "a text list"
expect_eq "$(cat out)" "$R/a
$R/b
$R/c" "one line per target, normalised, duplicates dropped"
expect_err "3 targets \(1 duplicates dropped" "the duplicate is counted"

# PATH@REV is a target of its own; a path that does not exist is kept
printf 'a@v1.0\nnosuch\n' >revs.txt
run dpgaudit batch --dry-run revs.txt
expect_eq "$(cat out)" "$R/a@v1.0
$R/nosuch" "PATH@REV and a missing path"

# URLs: one repository under several spellings is one target, and its
# credentials are never printed
printf '%s\n' https://github.com/Org/Repo "https://user:s3cret@github.com/org/repo.git" \
	https://github.com/org/repo/ git@github.com:org/repo.git \
	https://github.com/org/repo/tree/dev >urls.txt
run dpgaudit batch --dry-run urls.txt
expect_eq "$(cat out)" "https://github.com/org/repo
https://github.com/org/repo@dev" "URLs in their canonical form, once"
if grep -q s3cret out err; then not_ok "credentials printed"; else ok; fi

# CSV: the column found by name, quoted fields, a row without a repository
cat >partners.csv <<EOF
name,Homepage,Repository,notes
Alpha,https://alpha.example,a,"first, ""quoted"""
Beta,,"b","two
lines"
Gamma,https://gamma.example,,no code
EOF
run dpgaudit batch --dry-run partners.csv
expect_rc 0 "a CSV list"
expect_eq "$(cat out)" "$R/a
$R/b" "the Repository column, not Homepage"
expect_err "1 entries without a repository" "the row without one is counted"
run dpgaudit batch --dry-run --column homepage partners.csv
expect_out "^https://alpha.example$" "--column chooses the column"

# TSV and semicolons
printf 'org\tgit\nX, Inc.\tc\n' >list.tsv
run dpgaudit batch --dry-run list.tsv
expect_eq "$(cat out)" "$R/c" "a TSV list"

# a JSON array (registry export): repositories[].url or a url-like field
cat >export.json <<EOF
[{"name": "A", "repositories": [{"url": "a"}, {"url": "$R/b"}]},
 {"name": "C", "repository": {"type": "git", "url": "c"}},
 {"name": "D", "website": "https://d.example"}]
EOF
run dpgaudit batch --dry-run export.json
expect_eq "$(cat out)" "$R/a
$R/b
$R/c" "a JSON array"

# standard input, and several lists at once (duplicates across them)
run sh -c "printf 'c\nb\n' | '$BUILD/dpgaudit' batch --dry-run - list.tsv"
expect_eq "$(cat out)" "$R/c
$R/b" "'-' reads standard input"

# one nomination record: its repositories, each with the record's name
cat >record.json <<EOF
{"name": "Clinic Queue", "license": [{"spdx": "MIT"}],
 "SDGs": [{"SDGNumber": 3}], "type": ["software"],
 "repositories": [{"name": "api", "url": "a"}, {"name": "ui", "url": "b"}],
 "organizations": [], "stage": "nominee"}
EOF
run dpgaudit batch --dry-run record.json
expect_eq "$(cat out)" "$R/a	Clinic Queue
$R/b	Clinic Queue" "a nomination record"

# a directory of real registry records (fixtures/registry: one has none)
run dpgaudit batch --dry-run "$FIXTURES/registry"
expect_rc 0 "a directory of real nomination records"
expect_eq "$(cat out)" "https://github.com/coinsence/coinsence-monorepo	Coinsence
https://github.com/ekitabu/accessible-epub-toolkit	eKitabu" \
	"each record's repositories (canonical URLs), in file name order"
expect_err "2 targets \(0 duplicates dropped, 1 entries without" \
	"the record without a repository is counted"

# malformed lists: exit 4, one line, file:line or the field
printf 'name,url\nA,"a\nB,b\n' >open.csv
run dpgaudit batch --dry-run open.csv
expect_rc 4 "an unterminated quote"
expect_err "open.csv:2: quoted field not closed" "file:line of the quote"
expect_err_one_line "an unterminated quote"
printf 'name,notes,url\nA,x,a\nB\n' >short.csv
run dpgaudit batch --dry-run short.csv
expect_rc 4 "a short row"
expect_err "short.csv:3: 1 fields, but the repository column is field 3" \
	"the short row is named"
printf 'name,notes\nA,x\n' >nocol.csv
run dpgaudit batch --dry-run nocol.csv
expect_rc 4 "a header without a repository column"
expect_err "nocol.csv:1: the header names no repository column" "says so"
run dpgaudit batch --dry-run --column repo_url partners.csv
expect_rc 4 "--column naming no column"
expect_err "partners.csv:1: no column 'repo_url'" "names the column"
printf '[{"url": "a"},\n 42]\n' >bad.json
run dpgaudit batch --dry-run bad.json
expect_rc 4 "a JSON array of numbers"
expect_err "bad.json:2: an element of the array is neither" "file:line"
printf '[{"url": "a"}\n' >cut.json
run dpgaudit batch --dry-run cut.json
expect_rc 4 "truncated JSON"
expect_err "cut.json:[0-9]+: " "file:line of the JSON error"
printf '{"name": "X", "SDGs": [{"SDGNumber": 18}]}' >badrec.json
run dpgaudit batch --dry-run badrec.json
expect_rc 4 "an invalid nomination record"
expect_err "field 'SDGs\[0\].SDGNumber'" "the field is named"
mkdir recs
cp record.json recs/1.json
cp badrec.json recs/2.json
run dpgaudit batch --dry-run recs
expect_rc 4 "a directory with an invalid record"
expect_err "2.json.*SDGs\[0\].SDGNumber" "the record and the field"
printf 'a\n\000\001\n' >binary.txt
run dpgaudit batch --dry-run binary.txt
expect_rc 4 "a binary file"
expect_err "binary.txt:2: a NUL byte" "a binary file is no list"

# an unreadable list: exit 2; nothing is written anywhere
run dpgaudit batch nosuch.txt
expect_rc 2 "a missing list"
expect_err "nosuch.txt" "the list is named"
run dpgaudit batch open.csv
expect_rc 4 "a malformed list without --dry-run"
[ ! -e "$DPGAUDIT_DB" ] && ok || not_ok "no database for a malformed list"

# usage
run dpgaudit batch
expect_rc 64 "no LIST"
expect_err "missing LIST" "says so"
run dpgaudit batch --jobs 0 list.txt
expect_rc 64 "--jobs 0"
run dpgaudit batch --shard 4/3 list.txt
expect_rc 64 "--shard 4/3"
expect_err "invalid --shard '4/3'" "names the shard"
run dpgaudit batch --timeout soon list.txt
expect_rc 64 "a bad --timeout"
run dpgaudit batch --resume x list.txt
expect_rc 64 "--resume with a LIST"
run dpgaudit batch --resume x --rules . 
expect_rc 64 "--resume with options of the run"
run dpgaudit help batch
expect_rc 0 "help batch"
expect_out "--shard K/N" "help lists --shard"
expect_out "--max-file-size" "batch takes the scan options"

finish
