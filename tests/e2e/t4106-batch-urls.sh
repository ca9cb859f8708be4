#!/bin/sh
# batch over URLs served on 127.0.0.1 (smart HTTP, git daemon, file://):
# one repository under several spellings audited once, a URL's credentials
# used for the fetch and found nowhere after, remote failures (not found, a
# server that stalls) recorded with their reason, and the fetch options
# passed to every worker.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/net.sh"

make_repo repo
serve_repo repo proj
make_project other
(cd other && git init -q . && git add -A && git commit -qm one)
serve_repo other other
git clone -q --bare other local.git
start_httpd
start_git_daemon
hostport=${HTTP#http://}
secret=s3cr3t-token
R=$(cd "$T" && pwd -P)

cat >partners.csv <<EOF
name,repository
Proj,$HTTP/git/proj.git
Proj again,HTTP://$hostport/git//proj/
Private,http://user:$secret@$hostport/auth/git/proj.git
Daemon,$GITD/other.git
Local,file://$R/local.git
Gone,$HTTP/git/nosuch.git
Stalls,http://user:$secret@127.0.0.1:$STALL_PORT/x.git
EOF
run dpgaudit batch --dry-run partners.csv
expect_eq "$(cat out)" "$HTTP/git/proj
$HTTP/auth/git/proj
$GITD/other
file://$R/local.git
$HTTP/git/nosuch
http://127.0.0.1:$STALL_PORT/x" "canonical URLs, one per repository"

run dpgaudit batch --jobs 2 --fetch-timeout 3s \
	partners.csv
expect_rc 5 "two targets fail"
expect_out "6 targets: 4 audited \(4 ok, 0 not met\), 2 failed" "the counts"
expect_out "1 failed: cannot fetch '...': repository not found \($HTTP/git/nosuch\)" \
	"a repository not found"
expect_out "1 failed: cannot fetch '...': nothing received for 3s \(--fetch-timeout\) \(http://127.0.0.1:$STALL_PORT/x\)" \
	"a server that stalls, past --fetch-timeout"
expect_eq "$(sql "SELECT group_concat(t.locator || '|' || s.status, ' ') FROM (SELECT * FROM run_items ORDER BY seq) i JOIN scans s ON s.id = i.scan_id JOIN targets t ON t.id = s.target_id")" \
	"$HTTP/git/proj|ok $HTTP/auth/git/proj|ok $GITD/other|ok file://$R/local.git|ok $HTTP/git/nosuch|failed http://127.0.0.1:$STALL_PORT/x|failed" \
	"each URL's scan, stored under its canonical form"
expect_eq "$(sql "SELECT s.commit_id FROM scans s JOIN targets t ON t.id = s.target_id WHERE t.locator = '$HTTP/auth/git/proj'")" \
	"$(git -C repo rev-parse HEAD)" "the credentials fetched the private repository"
[ -d "$T/cache/git" ] && ok || not_ok "the fetches went to \$DPGAUDIT_CACHE"

# the secret: in no database file, cache name or file, stdout or stderr
where=""
for f in "$T"/audit.db*; do grep -aq "$secret" "$f" && where="$where $f"; done
find "$T/cache" | grep -q "$secret" && where="$where cache-names"
grep -rqa "$secret" "$T/cache" && where="$where cache-files"
grep -aq "$secret" out && where="$where stdout"
grep -aq "$secret" err && where="$where stderr"
expect_eq "$where" "" "the credentials are kept nowhere"

# resumed by name: done targets stay done (the credentials are not needed)
RUN=$(sql "SELECT name FROM runs")
run dpgaudit batch --resume "$RUN" --fetch-timeout 3s
expect_rc 5 "the finished run, resumed"
expect_eq "$(sql "SELECT count(*) FROM scans")" 6 "nothing audited again"

finish
