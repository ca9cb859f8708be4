#!/bin/sh
# dpgaudit scan URL: git repositories over smart HTTP (git http-backend),
# git:// (git daemon) and file://, cloned into a bare cache entry keyed by
# the canonical URL; revisions (--rev, URL@REV); a re-scan fetches only
# what is new into the same entry.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/net.sh"

make_repo repo
serve_repo repo proj
head=$(git -C repo rev-parse HEAD)
first=$(git -C repo rev-parse v1.0)
start_httpd
start_git_daemon
port=${HTTP##*:}

# --- smart HTTP: the canonical URL is stored, the entry is a bare mirror
run dpgaudit scan "$HTTP/git/proj.git"
expect_rc 0 "scan over smart HTTP"
expect_out "scan 1 of $HTTP/git/proj\$" "the canonical URL is the target"
expect_out "kind +git" "read as a git repository"
expect_out "commit +$head" "at the remote's HEAD"
expect_out "file security: SECURITY.md" "its files are audited"
expect_eq "$(sql "SELECT t.locator, s.kind, s.commit_id FROM scans s JOIN targets t ON t.id = s.target_id WHERE s.id = 1")" \
	"$HTTP/git/proj|git|$head" "stored: canonical URL, kind, commit"
entries=$(ls "$T/cache/git")
expect_eq "$(echo "$entries" | wc -l)" 1 "one cache entry"
entry="$T/cache/git/$entries"
expect_eq "$(git -C "$entry" rev-parse --is-bare-repository)" true \
	"the entry is a bare repository"
expect_eq "$(git -C "$entry" rev-parse refs/heads/main refs/tags/v1.0 | tr '\n' ' ')" \
	"$head $(git -C repo rev-parse refs/tags/v1.0) " "branches and tags fetched"
expect_eq "$(git -C "$entry" config dpgaudit.url)" "$HTTP/git/proj" \
	"the entry records its canonical URL"
case "$entries" in *[!0-9a-f]*) not_ok "entry name is not a hash: $entries" ;; *) ok ;; esac

# the same findings as the repository read locally
git clone -q --bare repo local.git
id_local=$(dpgaudit scan -q local.git)
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id = 1")" \
	"$(sql "SELECT count(*) FROM findings WHERE scan_id = $id_local")" \
	"a fetched repository is audited like a local one"

# --- other spellings: one target, one cache entry (the same directory)
ino=$(stat -c %i "$entry")
for u in "$HTTP/git/proj" "HTTP://127.0.0.1:$port/git//proj/" \
	"$HTTP/git/proj.git#readme"; do
	run dpgaudit scan -q "$u"
	expect_rc 0 "scan $u"
	expect_eq "$(sql "SELECT t.locator FROM scans s JOIN targets t ON t.id = s.target_id ORDER BY s.id DESC LIMIT 1")" \
		"$HTTP/git/proj" "$u: the same canonical target"
done
expect_eq "$(ls "$T/cache/git" | wc -l)" 1 "spellings share one cache entry"
expect_eq "$(stat -c %i "$entry")" "$ino" "the same entry directory"
expect_eq "$(sql "SELECT count(*) FROM targets WHERE locator LIKE 'http%'")" 1 \
	"one target row for every spelling"

# --- revisions: --rev, URL@REV
for rev in v1.0 main "$first" HEAD~1; do
	run dpgaudit scan --rev "$rev" "$HTTP/git/proj.git"
	expect_rc 0 "--rev $rev"
	expect_out "revision +$rev" "--rev $rev recorded"
done
expect_out "commit +$first" "HEAD~1 is the first commit"
expect_no_out "SECURITY.md" "a revision's files only"
run dpgaudit scan "$HTTP/git/proj.git@v1.0"
expect_rc 0 "URL@REV"
expect_out "revision +v1.0" "URL@REV recorded"
expect_out "commit +$first" "URL@REV resolved"
expect_eq "$(sql "SELECT t.locator, s.rev FROM scans s JOIN targets t ON t.id = s.target_id ORDER BY s.id DESC LIMIT 1")" \
	"$HTTP/git/proj|v1.0" "the revision is not part of the target"

run dpgaudit scan "$HTTP/git/proj.git@v1.0" --rev main
expect_rc 64 "a revision twice"
expect_err "revision given twice" "names the problem"
run dpgaudit scan --rev no-such-rev "$HTTP/git/proj"
expect_rc 2 "unknown revision"
expect_err "unknown revision 'no-such-rev' in '$HTTP/git/proj'" \
	"the URL is named, not the cache path"
expect_err_one_line "unknown revision"
if grep -q "$T/cache" "$T/err"; then not_ok "cache path in the message"; else ok; fi

# --- new commits upstream: the re-scan sees them, fetching only them
packs_before=$(ls "$entry/objects/pack/" | grep -c '\.pack$')
# pack_ids IDX: the object ids of a pack index, sorted
pack_ids() { git verify-pack -v "$1" | grep -E '^[0-9a-f]{40} ' | cut -c1-40 | sort; }
for i in "$entry"/objects/pack/*.idx; do pack_ids "$i"; done | sort >old.ids
(
	cd repo || exit 1
	echo "A new paragraph." >>README.md
	git commit -qam "second change"
	git tag v2.0
	git push -q "$T/www/git/proj.git" main v2.0
	git push -q "$T/www/git/proj.git" :refs/tags/v1.0 2>/dev/null
)
new=$(git -C repo rev-parse HEAD)
run dpgaudit scan "$HTTP/git/proj"
expect_rc 0 "re-scan after a push"
expect_out "commit +$new" "the new commit is scanned"
expect_eq "$(stat -c %i "$entry")" "$ino" "into the same entry"
new_pack=$(cd "$entry/objects/pack" && ls -t *.pack | head -1)
expect_eq "$(ls "$entry/objects/pack/" | grep -c '\.pack$')" $((packs_before + 1)) \
	"one new pack"
pack_ids "$entry/objects/pack/${new_pack%.pack}.idx" >new.ids
expect_eq "$(comm -13 old.ids new.ids | wc -l)" 3 \
	"the new pack brings only the new commit, tree and blob"
[ "$(wc -l <new.ids)" -le 5 ] && ok ||
	not_ok "the new pack holds more than the new objects and their delta bases"
run dpgaudit scan --rev v2.0 "$HTTP/git/proj"
expect_out "commit +$new" "a new tag is fetched"
run dpgaudit scan --rev v1.0 "$HTTP/git/proj"
expect_rc 2 "a deleted tag is pruned"

# --- git daemon: git:// spellings give one target
run dpgaudit scan "$GITD/proj.git"
expect_rc 0 "scan over git://"
expect_out "commit +$new" "git:// at HEAD"
run dpgaudit scan -q "$GITD/proj"
expect_rc 0 "git:// without .git"
expect_eq "$(sql "SELECT DISTINCT t.locator FROM scans s JOIN targets t ON t.id = s.target_id WHERE t.locator LIKE 'git:%'")" \
	"$GITD/proj" "git:// canonical target"
expect_eq "$(ls "$T/cache/git" | wc -l)" 2 "git:// is another entry than http://"

# --- file:// (the path stays exact)
run dpgaudit scan "file://$T/www/git/proj.git/"
expect_rc 0 "scan a file:// URL"
expect_out "scan [0-9]+ of file://$T/www/git/proj.git\$" "file:// target"
expect_out "commit +$new" "file:// at HEAD"

# --- an empty repository: no commits, named by its URL
git init -q --bare "$T/www/git/empty.git"
run dpgaudit scan "$HTTP/git/empty.git"
expect_rc 2 "an empty remote repository"
expect_err "'$HTTP/git/empty' has no commits" "says so, naming the URL"
expect_eq "$(sql "SELECT s.status FROM scans s JOIN targets t ON t.id = s.target_id WHERE t.locator = '$HTTP/git/empty'")" \
	failed "stored as a failed scan"

finish
