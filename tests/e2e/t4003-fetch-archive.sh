#!/bin/sh
# dpgaudit scan URL of an archive (a release tarball, a forge's archive
# link): downloaded once into the cache (libcurl), then streamed through the
# archive source; every way a download fails gives one reason, exit 2.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/net.sh"

make_project proj-1.0
tar czf "$T/www/files/proj-1.0.tar.gz" proj-1.0
(cd proj-1.0 && zip -qr "$T/www/files/proj-1.0.zip" . 2>/dev/null) ||
	bsdtar -a -cf "$T/www/files/proj-1.0.zip" proj-1.0
start_httpd
port=${HTTP##*:}
gets() { grep -c "^GET /files/$1" "$T/www/requests.log"; }

# --- a tarball by URL: audited like the local file
run dpgaudit scan "$HTTP/files/proj-1.0.tar.gz"
expect_rc 0 "scan a tarball URL"
expect_out "scan 1 of $HTTP/files/proj-1.0.tar.gz\$" "the URL is the target"
expect_out "kind +archive" "read as an archive"
expect_out "file security: SECURITY.md" "its files (under the top folder)"
id_local=$(dpgaudit scan -q "$T/www/files/proj-1.0.tar.gz")
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id = 1")" \
	"$(sql "SELECT count(*) FROM findings WHERE scan_id = $id_local")" \
	"the same findings as the local archive"
expect_eq "$(ls "$T/cache/archive" | grep -vc '\.url$')" 1 "one cached archive"
file=$(ls "$T/cache/archive" | grep -v '\.url$')
expect_eq "$(cat "$T/cache/archive/$file.url")" "$HTTP/files/proj-1.0.tar.gz" \
	"the entry records its canonical URL"
cmp -s "$T/cache/archive/$file" "$T/www/files/proj-1.0.tar.gz" && ok ||
	not_ok "the cached file is the archive"

# --- fetched once: later scans, under any spelling, make no request
ino=$(stat -c %i "$T/cache/archive/$file")
expect_eq "$(gets proj-1.0.tar.gz)" 1 "one download"
run dpgaudit scan -q "$HTTP/files/proj-1.0.tar.gz"
expect_rc 0 "a second scan"
run dpgaudit scan -q "HTTP://127.0.0.1:$port//files/./proj-1.0.tar.gz#x"
expect_rc 0 "another spelling"
expect_eq "$(gets proj-1.0.tar.gz)" 1 "no second download"
expect_eq "$(stat -c %i "$T/cache/archive/$file")" "$ino" "the same cached file"
expect_eq "$(sql "SELECT count(DISTINCT target_id) FROM scans WHERE kind = 'archive' AND id != $id_local")" \
	1 "one target for every spelling"

# a zip, and file:// archives
run dpgaudit scan "$HTTP/files/proj-1.0.zip"
expect_rc 0 "scan a zip URL"
expect_out "kind +archive \(ZIP" "read as a zip"
run dpgaudit scan "file://$T/www/files/proj-1.0.tar.gz"
expect_rc 0 "a file:// archive"
expect_out "scan [0-9]+ of file://$T/www/files/proj-1.0.tar.gz\$" "file:// target"

# a revision means nothing for an archive
run dpgaudit scan --rev v1 "$HTTP/files/proj-1.0.tar.gz"
expect_rc 64 "--rev on an archive URL"
expect_err "a revision applies to git repositories, not to archive '$HTTP/files/proj-1.0.tar.gz'" \
	"says so"

# --- failures: one line, exit 2, the failed scan stored
fails() {
	_url=$1 _why=$2
	shift 2
	run dpgaudit scan "$@" "$_url"
	expect_rc 2 "$_url"
	expect_err "^dpgaudit: cannot fetch '$_url': $_why" "$_url: the reason"
	expect_err_one_line "$_url"
	expect_eq "$(sql "SELECT s.status || '|' || t.locator FROM scans s JOIN targets t ON t.id = s.target_id ORDER BY s.id DESC LIMIT 1")" \
		"failed|$_url" "$_url: stored as failed"
}
fails "$HTTP/files/nope.tar.gz" "not found \(HTTP 404\)"
fails "$HTTP/forbidden/proj.tar.gz" "access denied \(HTTP 403\)"
fails "$HTTP/auth/files/proj-1.0.tar.gz" "authentication required \(HTTP 401"
fails "$HTTP/html/proj.tar.gz" \
	"the server answered a web page, not an archive \(a login page\?\)"
fails "$HTTP/login/proj.tar.gz" \
	"redirected to a web page, not an archive \(a login page\?\)"
fails "$HTTP/loop/proj.tar.gz" "too many redirects \(over 10\)"
fails "$HTTP/stall/proj.tar.gz" "nothing received for 1s \(--fetch-timeout\)" \
	--fetch-timeout 1
fails "http://127.0.0.1:$(free_port)/proj.tar.gz" "connection refused"
fails "http://nonexistent.invalid/proj.tar.gz" \
	"(cannot resolve the host name|nothing received for 5s)" --fetch-timeout 5
cp "$T/www/files/proj-1.0.zip" "$T/www/files/other.zip"
fails "$HTTP/files/other.zip" \
	"the archive is over --max-repo-size \(1024 bytes\)" --max-repo-size 1K
expect_eq "$(gets other.zip)" 1 "downloaded until the cap"
fails "$HTTP/files/proj-1.0.zip" \
	"the archive is over --max-repo-size \(1024 bytes\)" --max-repo-size 1K
expect_eq "$(gets proj-1.0.zip)" 1 "a cached archive over the cap: no download"
fails "file://$T/nope.tar.gz" "no such file"

# a file that is no archive: refused, and not kept (fetched again next time)
echo "just text" >"$T/www/files/fake.tar.gz"
run dpgaudit scan "$HTTP/files/fake.tar.gz"
expect_rc 2 "a URL that serves no archive"
expect_err "'$HTTP/files/fake.tar.gz' is neither an archive nor a git repository" \
	"names the URL, not the cache file"
run dpgaudit scan "$HTTP/files/fake.tar.gz"
expect_eq "$(gets fake.tar.gz)" 2 "not kept in the cache"

# nothing half-made is left: the three good archives and their .url files
expect_eq "$(ls "$T/cache/archive" | wc -l)" 6 \
	"failed downloads leave no file, temporary file or lock"

finish
