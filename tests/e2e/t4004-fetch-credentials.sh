#!/bin/sh
# Credentials never stored nor printed: a token in the target URL is used
# for the fetch but is absent from the database, the cache (names and
# files), stdout and stderr, whether the fetch succeeds or fails; URLs with
# credentials inside scanned files (a package.json dependency, a code of
# conduct's report link, a secret query parameter) are redacted in every
# finding, once, where findings are recorded (issue 13, item 8).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/net.sh"

make_repo repo
serve_repo repo proj
make_project proj-1.0
tar czf "$T/www/files/proj-1.0.tar.gz" proj-1.0
start_httpd
hostport=${HTTP#http://}
secret=s3cr3t-token

# no_secret WORD WHAT: WORD appears in none of the database files, the
# cache (file names and contents), the last stdout and stderr
no_secret() {
	_where=""
	for _f in "$T"/audit.db*; do
		grep -aq -- "$1" "$_f" && _where="$_where $(basename "$_f")"
	done
	[ -d "$T/cache" ] && find "$T/cache" | grep -q -- "$1" &&
		_where="$_where cache-names"
	[ -d "$T/cache" ] && grep -rqa -- "$1" "$T/cache" &&
		_where="$_where cache-files"
	grep -aq -- "$1" "$T/out" && _where="$_where stdout"
	grep -aq -- "$1" "$T/err" && _where="$_where stderr"
	if [ -z "$_where" ]; then ok; else not_ok "$2: '$1' found in:$_where"; fi
}

# --- a git URL with a token: used for the fetch, kept nowhere
run dpgaudit scan "http://user:$secret@$hostport/auth/git/proj.git"
expect_rc 0 "the URL's credentials fetch a private repository"
expect_out "scan 1 of $HTTP/auth/git/proj\$" "the target has no credentials"
no_secret "$secret" "a successful fetch"
no_secret "user:" "a successful fetch (the user name)"
expect_eq "$(git -C "$T/cache/git/$(ls "$T/cache/git")" config remote.origin.url)" \
	"$HTTP/auth/git/proj.git" "the entry records the URL without credentials"
run dpgaudit scan --format json "http://user:$secret@$hostport/auth/git/proj.git"
expect_rc 0 "a re-fetch with the same credentials"
no_secret "$secret" "JSON output"
run dpgaudit report "$HTTP/auth/git/proj"
expect_rc 0 "report by the canonical URL"
no_secret "$secret" "report"

# credentials are not remembered: without them the fetch is refused
run dpgaudit scan "$HTTP/auth/git/proj.git"
expect_rc 2 "no credentials, no fetch"
expect_err "authentication required" "says so"

# wrong credentials: refused, and not echoed
run dpgaudit scan "http://user:wrong-$secret@$hostport/auth/git/proj.git"
expect_rc 2 "wrong credentials"
expect_err "cannot fetch '$HTTP/auth/git/proj': authentication failed: the credentials in the URL were refused" \
	"says so, naming the URL without them"
no_secret "wrong-$secret" "refused credentials"

# failures of every kind keep the token out of messages and rows
for u in "http://user:$secret@127.0.0.1:$(free_port)/x.git" \
	"http://user:$secret@$hostport/git/nope.git" \
	"http://user:$secret@$hostport/stall/x.git" \
	"ssh://user:$secret@127.0.0.1:$(free_port)/x" \
	"http://user:$secret@$hostport/files/nope.tar.gz" \
	"https://user:$secret@h.example:99999/x" \
	"http://user:$secret@$hostport/git/proj.git@no-such-rev"; do
	case "$u" in */stall/*) run dpgaudit scan --fetch-timeout 1 "$u" ;;
	*) run dpgaudit scan "$u" ;; esac
	[ "$rc" -ne 0 ] && ok || not_ok "$u: should fail"
	no_secret "$secret" "failure of $u"
done
expect_eq "$(sql "SELECT count(*) FROM targets WHERE locator LIKE '%@%'")" 0 \
	"no stored target holds a user part"

# --- an archive URL with a token
run dpgaudit scan "http://user:$secret@$hostport/auth/files/proj-1.0.tar.gz?token=q-$secret"
expect_rc 0 "an archive fetched with credentials"
expect_out "of $HTTP/auth/files/proj-1.0.tar.gz\$" \
	"the target has neither credentials nor secret parameters"
no_secret "$secret" "archive"

# --- credentials inside scanned files are redacted in findings
mkdir -p leaky
cat >leaky/package.json <<EOF
{
  "name": "leaky",
  "version": "1.0.0",
  "license": "MIT",
  "repository": {"type": "git", "url": "git+https://builder:repo-$secret@github.com/o/leaky.git"},
  "dependencies": {
    "lib": "git+https://ci:dep-$secret@github.com/o/lib.git#v1",
    "left-pad": "^1.3.0"
  }
}
EOF
cat >leaky/README.md <<EOF
# leaky

Clone with \`git clone https://alice:readme-$secret@git.example.org/leaky.git\`.
Licensed under the MIT license, see
https://opensource.org/licenses/MIT?access_token=query-$secret for the text.
EOF
cat >leaky/CODE_OF_CONDUCT.md <<EOF
# Code of conduct

Report abuse at https://mod:coc-$secret@conduct.example.org/report-form
EOF
git -C leaky init -q
git -C leaky add -A
git -C leaky commit -qm leaky
for target in leaky "$T/leaky@HEAD"; do
	run dpgaudit scan "$target"
	no_secret "$secret" "findings of $target"
	id=$(sql "SELECT max(id) FROM scans")
	expect_eq "$(sql "SELECT value FROM findings WHERE scan_id = $id AND value LIKE 'npm:lib@%'")" \
		"npm:lib@git+https://***@github.com/o/lib.git#v1" \
		"$target: a dependency URL keeps all but its credentials"
	expect_out "report-form" "$target: the report link is a finding"
	expect_out "https://\*\*\*@conduct.example.org/report-form" \
		"$target: the report link is redacted"
	expect_out "access_token=\*\*\*" "$target: a secret query parameter is redacted"
done
serve_repo leaky leaky
run dpgaudit scan --format json "$HTTP/git/leaky.git"
expect_rc 0 "a fetched repository with credentials inside"
no_secret "$secret" "findings of a fetched repository"
json_ok "$T/out" && ok || not_ok "the JSON output is valid"

finish
