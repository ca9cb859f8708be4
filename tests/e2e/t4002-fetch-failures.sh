#!/bin/sh
# dpgaudit scan URL, every way a git fetch fails: one line naming the
# canonical URL and one reason, exit 2, within bounded time (every run here
# is under timeout; --fetch-timeout 1 for the stalls), the failed scan
# stored with that reason, and nothing left in the cache.  Never a prompt.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/net.sh"

make_repo repo
serve_repo repo proj
start_httpd
start_git_daemon
refused=$(free_port) # nothing listens there

# fails URL CANONICAL PATTERN [OPTIONS...]: the scan fails as said ($DPG:
# the command, dpgaudit unless a case says otherwise)
DPG=dpgaudit
fails() {
	_url=$1 _canon=$2 _why=$3
	shift 3
	run $DPG scan "$@" "$_url" </dev/null
	expect_rc 2 "$_url"
	expect_err "^dpgaudit: cannot fetch '$_canon': $_why" "$_url: the reason"
	expect_err_one_line "$_url"
	expect_eq "$(sql "SELECT s.status, s.kind, t.locator FROM scans s JOIN targets t ON t.id = s.target_id ORDER BY s.id DESC LIMIT 1")" \
		"failed|unknown|$_canon" "$_url: stored as failed, canonical target"
	if sql "SELECT error FROM scans ORDER BY id DESC LIMIT 1" | grep -Eq "$_why"; then
		ok
	else
		not_ok "$_url: the stored error lacks the reason"
	fi
}

fails "$HTTP/git/nope.git" "$HTTP/git/nope" "repository not found"
fails "$HTTP/git/nope" "$HTTP/git/nope" "repository not found"
fails "$GITD/nope.git" "$GITD/nope" "repository not found"
fails "file://$T/www/git/nope.git" "file://$T/www/git/nope.git" \
	"repository not found"
fails "file://$T/repo/README.md" "file://$T/repo/README.md" \
	"repository not found"
fails "$HTTP/auth/git/proj.git" "$HTTP/auth/git/proj" \
	"authentication required"
fails "$HTTP/forbidden/proj.git" "$HTTP/forbidden/proj" \
	"access denied \(HTTP 403\)"
fails "$HTTP/login/proj.git" "$HTTP/login/proj" \
	"the server answered with a web page, not a git repository \(a login page\?\)"
fails "$HTTP/html/proj.git" "$HTTP/html/proj" ".*a web page"
fails "$HTTP/loop/proj.git" "$HTTP/loop/proj" "too many redirects"
git -C "$T/www/git/proj.git" update-server-info
fails "$HTTP/dumb/proj.git" "$HTTP/dumb/proj" \
	"the server does not speak git's smart HTTP protocol \(git's dumb HTTP is not supported\)"
fails "$HTTP/stall/proj.git" "$HTTP/stall/proj" \
	"nothing received for 1s \(--fetch-timeout\)" --fetch-timeout 1
fails "git://127.0.0.1:$STALL_PORT/proj" "git://127.0.0.1:$STALL_PORT/proj" \
	"nothing received for 1s" --fetch-timeout 1
fails "ssh://git@127.0.0.1:$STALL_PORT/proj" \
	"ssh://git@127.0.0.1:$STALL_PORT/proj" "nothing received for 1s" \
	--fetch-timeout 1
fails "http://127.0.0.1:$refused/proj.git" "http://127.0.0.1:$refused/proj" \
	"connection refused"
fails "git://127.0.0.1:$refused/proj" "git://127.0.0.1:$refused/proj" \
	"connection refused"
fails "ssh://git@127.0.0.1:$refused/proj.git" \
	"ssh://git@127.0.0.1:$refused/proj" "connection refused"
# an ssh URL to a server that is not one: refused, no prompt, no hang.
# Not under valgrind: libgit2 1.5.1 leaks two strings of the URL it parsed
# when the ssh handshake fails (inside git_remote_connect_ext, upstream).
plain_dpgaudit() { $DPG_TIMEOUT "$BUILD/dpgaudit" "$@"; }
DPG=plain_dpgaudit
fails "ssh://git@127.0.0.1:${HTTP##*:}/proj" \
	"ssh://git@127.0.0.1:${HTTP##*:}/proj" "the ssh handshake failed"
DPG=dpgaudit
# DNS: an answer (no such name) or, where DNS is slow, the timeout
fails "http://nonexistent.invalid/proj.git" "http://nonexistent.invalid/proj" \
	"(cannot resolve the host name|nothing received for 5s)" --fetch-timeout 5

# over --max-repo-size: aborted during the transfer
git init -q big
head -c 400000 /dev/urandom >big/noise.bin
git -C big add noise.bin
git -C big commit -qm noise
serve_repo big big
fails "$HTTP/git/big.git" "$HTTP/git/big" \
	"the repository is over --max-repo-size \(102400 bytes\)" \
	--max-repo-size 100K
run dpgaudit scan -q --max-repo-size 1M "$HTTP/git/big.git"
expect_rc 1 "under the cap, the same repository is fetched (and audited)"
expect_eq "$(sql "SELECT status FROM scans ORDER BY id DESC LIMIT 1")" ok \
	"stored as ok"
# the cap is on the repository: a cached one over it fails the same way
fails "$HTTP/git/big.git" "$HTTP/git/big" \
	"the repository is over --max-repo-size \(102400 bytes\)" \
	--max-repo-size 100K

# nothing half-made is left in the cache: only the one good entry
expect_eq "$(find "$T/cache" -mindepth 2 -maxdepth 2 | wc -l)" 1 \
	"failed fetches leave no entry, temporary clone or lock file"

# usage errors: malformed URLs, unsupported schemes, bad option values
run dpgaudit scan "https://user:s3cr3t@h.example:99999/x"
expect_rc 64 "an invalid port"
expect_err "malformed URL 'https://\*\*\*@h.example:99999/x': invalid port" \
	"names the URL, not its password"
run dpgaudit scan "ftp://h.example/x.git"
expect_rc 64 "an unsupported scheme"
expect_err "unsupported URL scheme 'ftp'" "names the scheme"
run dpgaudit scan --fetch-timeout 0 "$HTTP/git/proj"
expect_rc 64 "--fetch-timeout 0"
expect_err "invalid --fetch-timeout '0'" "names the option"
run dpgaudit scan --fetch-timeout 5x "$HTTP/git/proj"
expect_rc 64 "--fetch-timeout 5x"
run dpgaudit scan --max-repo-size lots "$HTTP/git/proj"
expect_rc 64 "--max-repo-size lots"
expect_err "invalid --max-repo-size 'lots'" "names the option"

# the cache directory: unusable, or none at all
echo file >not-a-dir
run dpgaudit scan --cache not-a-dir/c "$HTTP/git/proj"
expect_rc 2 "a cache under a file"
expect_err "cannot create cache directory 'not-a-dir/c'" "names the directory"
(
	unset HOME DPGAUDIT_CACHE XDG_CACHE_HOME
	"$BUILD/dpgaudit" scan "$HTTP/git/proj" >out 2>err
	echo $? >rc
)
rc=$(cat rc)
expect_rc 2 "no cache directory at all"
expect_err "no cache directory for '$HTTP/git/proj'" "says so"
(
	unset DPGAUDIT_CACHE
	export XDG_CACHE_HOME="$T/xdg"
	"$BUILD/dpgaudit" scan -q "$HTTP/git/proj" >out 2>err
	echo $? >rc
)
expect_eq "$(cat rc)" 0 "XDG_CACHE_HOME is used"
expect_eq "$(ls "$T/xdg/dpgaudit/git" | wc -l)" 1 "one entry under \$XDG_CACHE_HOME/dpgaudit"
(
	unset DPGAUDIT_CACHE XDG_CACHE_HOME
	"$BUILD/dpgaudit" scan -q "$HTTP/git/proj" >out 2>err
	echo $? >rc
)
expect_eq "$(cat rc)" 0 "HOME is used"
expect_eq "$(ls "$T/.cache/dpgaudit/git" | wc -l)" 1 "one entry under ~/.cache/dpgaudit"

finish
