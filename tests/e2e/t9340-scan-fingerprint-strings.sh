#!/bin/sh
# The scan's fingerprint and the result cache's: the cache's strings (one an
# analyzer: "BUILD NAME VERSION" and its files) are the ones the scan's
# fingerprint hashes, in the analyzers' order (dpg_scan_fingerprint keeps
# them for the cache of the same scan: src/scan/pipeline.c), with the
# shipped rules and vocabulary files and --rules DIR's; an edit of a rule
# file changes the rules string and the scan's fingerprint with it.
. "$(dirname "$0")/lib.sh"

make_repo repo
mkdir extra extra/sdg
cat >extra/x.rules <<'R'
[fp-policy-word]
indicator = 9c
path = (?i)security\.md$
content = (?i)\bdisclos
message = a disclosure policy
test.content.match = responsible disclosure
test.content.nomatch = no policy here
R
cp "$TOP/rules/sdg/$(ls "$TOP/rules/sdg" | grep '\.sdg$' | head -1)" extra/sdg/

# check DB: the fingerprint of DB's scan is the git blob id of its cache's
# strings and the options' line (--type data: bit 2; --max-file-size 1M)
check() {
	sqlite3 -readonly -newline '' -separator '' "$1.cache" \
		"SELECT fp FROM fingerprints ORDER BY id" >"$T/fps"
	printf 'max-file-size 1048576 types 4\n' >>"$T/fps"
	fp=$(sqlite3 -readonly "$1" "SELECT fingerprint FROM scans")
	[ -n "$fp" ] && [ "$(git hash-object "$T/fps")" = "$fp" ]
}
scan() {
	rm -f "$1" "$1".*
	dpgaudit scan -q --db "$1" --type data --max-file-size 1M \
		--rules extra repo/.git >/dev/null || not_ok "scan into $1"
}

scan a.db
check a.db && ok || not_ok "the scan's fingerprint hashes the cache's strings"
names=$(sqlite3 -readonly a.db.cache "SELECT fp FROM fingerprints ORDER BY id" |
	awk 'NF == 3 && $3 ~ /^[0-9]+$/ { print $2 }' | tr '\n' ' ')
expect_eq "$names" "inventory spdx-tag license-decl license-text \
license-project ownership deps rules sdg nomination " \
	"one string an analyzer, in their order"
rules=$(sqlite3 -readonly a.db.cache \
	"SELECT fp FROM fingerprints WHERE fp LIKE '% rules %'")
missing=
for f in "$TOP"/rules/*.rules x.rules; do
	echo "$rules" | grep -Eq "^${f##*/} [0-9a-f]{32}\$" ||
		missing="$missing ${f##*/}"
done
expect_eq "$missing" "" "the rules string names each rule file"
sdg=$(sqlite3 -readonly a.db.cache \
	"SELECT fp FROM fingerprints WHERE fp LIKE '% sdg %'")
n=$(echo "$sdg" | grep -Ec '^[^ ]+\.sdg [0-9a-f]{32}$')
expect_eq "$n" "$(($(ls "$TOP"/rules/sdg/*.sdg | wc -l) + 1))" \
	"the sdg string names the shipped vocabularies and --rules DIR's"

# the same again: the same strings and fingerprint
scan b.db
check b.db && ok || not_ok "a second scan: its fingerprint hashes its strings"
expect_eq "$(sqlite3 -readonly b.db 'SELECT fingerprint FROM scans')" \
	"$(sqlite3 -readonly a.db 'SELECT fingerprint FROM scans')" \
	"the same rules, the same fingerprint"

# an edited rule file: another rules string, another fingerprint
echo "# edited" >>extra/x.rules
scan c.db
check c.db && ok || not_ok "after an edit: its fingerprint hashes its strings"
[ "$(sqlite3 -readonly c.db 'SELECT fingerprint FROM scans')" != \
	"$(sqlite3 -readonly a.db 'SELECT fingerprint FROM scans')" ] && ok ||
	not_ok "an edited rule file changes the fingerprint"
others() {
	sqlite3 -readonly "$1.cache" \
		"SELECT fp FROM fingerprints WHERE fp NOT LIKE '% rules %' ORDER BY id"
}
expect_eq "$(others c.db)" "$(others a.db)" "the other strings are the same"
[ "$(sqlite3 -readonly c.db.cache \
	"SELECT fp FROM fingerprints WHERE fp LIKE '% rules %'")" != "$rules" ] &&
	ok || not_ok "the rules string changes"

finish
