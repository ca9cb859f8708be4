#!/bin/sh
# The fetch cache under crashes and concurrency: a clone, an update or a
# download killed mid-transfer (SIGKILL, SIGINT) leaves nothing a later run
# trusts, and the later run succeeds; two scans of one URL at once both
# succeed, one cloning while the other waits for it.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/net.sh"

git init -q big
head -c 200000 /dev/urandom >big/noise.bin
echo "# big" >big/README.md
git -C big add -A
git -C big commit -qm one
serve_repo big big
head -c 200000 /dev/urandom >"$T/www/files/big.tar"
tar cf "$T/www/files/big.tar" -C big README.md noise.bin
start_httpd
dpgaudit scan -q big >/dev/null # the database exists before the races
url="$HTTP/git/big.git"

# grows PATTERN: until a file matching the glob PATTERN holds 20 KB or more
# (the transfer is under way); 30 s at most
grows() {
	_i=0
	while [ $_i -lt 300 ]; do
		for _f in $1; do
			[ -f "$_f" ] && [ "$(stat -c %s "$_f")" -ge 20000 ] &&
				return 0
		done
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
# kill_mid PATTERN TARGET [INT]: start a scan, SIGKILL it mid-transfer;
# with INT, Ctrl-C as a terminal sends it: SIGINT to the whole process
# group of a process that does not ignore it (background jobs of a
# script do)
kill_mid() {
	touch "$T/www/slow"
	if [ "${3:-}" = INT ]; then
		setsid env --default-signal "$BUILD/dpgaudit" scan -q "$2" \
			>/dev/null 2>&1 &
	else
		"$BUILD/dpgaudit" scan -q "$2" >/dev/null 2>&1 &
	fi
	_pid=$!
	if grows "$1"; then ok; else not_ok "no transfer seen for $2"; fi
	if [ "${3:-}" = INT ]; then
		/bin/kill -INT -- "-$_pid"
	else
		kill -KILL "$_pid"
	fi
	wait "$_pid" 2>/dev/null
	rm -f "$T/www/slow"
	sleep 0.2 # the child dies with its parent (PR_SET_PDEATHSIG)
	if ps -eo args | grep -v grep | grep -q "dpgaudit scan -q $2"; then
		not_ok "a fetch process outlived its killed parent"
	else
		ok
	fi
}

# --- a clone interrupted (Ctrl-C) or killed mid-transfer: only a
# temporary clone is left
kill_mid "$T/cache/git/*.tmp.*/objects/pack/*" "$url" INT
expect_eq "$(ls "$T/cache/git" | grep -vc '\.tmp\.\|\.lock$')" 0 \
	"no entry made from an interrupted clone"
kill_mid "$T/cache/git/*.tmp.*/objects/pack/*" "$url"
expect_eq "$(ls "$T/cache/git" | grep -vc '\.tmp\.\|\.lock$')" 0 \
	"no entry made from a killed clone"
run dpgaudit scan "$url"
expect_rc 1 "the next scan clones again"
expect_out "commit +$(git -C big rev-parse HEAD)" "and audits the commit"
expect_eq "$(ls "$T/cache/git")" "$(ls "$T/cache/git" | grep -v '\.')" \
	"the killed clone's leftovers are gone"
entry="$T/cache/git/$(ls "$T/cache/git")"
git -C "$entry" fsck --no-progress >/dev/null 2>&1 && ok || not_ok "the entry is a sound repository"

# --- an update killed mid-transfer: the entry stays as it was
head -c 200000 /dev/urandom >big/noise2.bin
git -C big add -A
git -C big commit -qm two
git -C big push -q "$T/www/git/big.git" HEAD:main 2>/dev/null ||
	git -C big push -q "$T/www/git/big.git" HEAD:master
old=$(git -C "$entry" rev-parse HEAD)
kill_mid "$entry/objects/pack/pack_git2_*" "$url"
expect_eq "$(git -C "$entry" rev-parse HEAD)" "$old" "refs untouched by a killed update"
git -C "$entry" fsck --no-progress >/dev/null 2>&1 && ok || not_ok "still a sound repository"
run dpgaudit scan "$url"
expect_rc 1 "the next scan updates it"
expect_out "commit +$(git -C big rev-parse HEAD)" "to the new commit"

# --- a download killed mid-transfer: no archive is trusted
kill_mid "$T/cache/archive/*.tmp.*" "$HTTP/files/big.tar"
expect_eq "$(ls "$T/cache/archive" | grep -vc '\.tmp\.\|\.lock$')" 0 \
	"no archive from a killed download"
run dpgaudit scan "$HTTP/files/big.tar"
expect_rc 1 "the next scan downloads it again"
expect_out "kind +archive" "and audits it"
expect_eq "$(ls "$T/cache/archive" | grep -c '\.tmp\.\|\.lock$')" 0 \
	"the killed download's leftovers are gone"

# --- two scans of one new URL at once: both succeed, one clone
serve_repo big twin
: >"$T/www/requests.log"
touch "$T/www/slow"
"$BUILD/dpgaudit" scan -q "$HTTP/git/twin.git" >a.out 2>a.err &
p1=$!
grows "$T/cache/git/*.tmp.*/objects/pack/*" || not_ok "the first did not start"
"$BUILD/dpgaudit" scan -q "$HTTP/git/twin" >b.out 2>b.err &
p2=$!
wait $p1
r1=$?
rm -f "$T/www/slow"
wait $p2
r2=$?
expect_eq "$r1|$r2" "1|1" "both concurrent scans succeed (stderr: $(cat a.err b.err))"
# the later of the two may find the first stored: an "unchanged" scan then
expect_eq "$(sql "SELECT count(DISTINCT s.commit_id) || '|' || count(*) FROM scans s JOIN targets t ON t.id = s.target_id WHERE t.locator = '$HTTP/git/twin' AND s.status IN ('ok', 'unchanged')")" \
	"1|2" "both stored, at the same commit"
expect_eq "$(grep -c 'POST /git/twin.*git-upload-pack' "$T/www/requests.log")" 1 \
	"one pack transferred: the second waited and used the first's clone"
expect_eq "$(ls "$T/cache/git" | grep -c '\.')" 0 "no lock or temporary left"

finish
