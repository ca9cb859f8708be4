#!/bin/sh
# A non-bare repository with nothing checked out (git clone --no-checkout,
# or every file removed from the work tree) is read at HEAD from its object
# database, and the scan says so.
. "$(dirname "$0")/lib.sh"

make_repo repo
head=$(git -C repo rev-parse HEAD)

git clone -q --no-checkout repo clone
[ "$(ls -A clone)" = .git ] && ok || not_ok "(setup: nothing checked out)"
run dpgaudit scan clone
expect_rc 0 "a clone with nothing checked out"
expect_out "kind      git" "read as git"
expect_out "commit    $head" "at HEAD"
expect_out "note      work tree empty: read at HEAD $head" "the report says so"
expect_out "file license: LICENSE" "its files are read"
expect_eq "$(sql "SELECT note FROM scans ORDER BY id DESC LIMIT 1")" \
	"work tree empty: read at HEAD $head" "the note is stored"
expect_eq "$(sql "SELECT t.locator FROM scans s JOIN targets t ON t.id = s.target_id ORDER BY s.id DESC LIMIT 1")" \
	"$T/clone" "under the work tree's path"
run dpgaudit report --format json
expect_eq "$(json_get "$T/out" '$.scan.note')" "work tree empty: read at HEAD $head" "JSON note"

# every file removed from a work tree
cp -R repo emptied
(cd emptied && git ls-files -z | xargs -0 rm -f && find . -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +)
run dpgaudit scan emptied
expect_rc 0 "a work tree emptied of its files"
expect_out "note      work tree empty: read at HEAD $head" "read at HEAD"

# a work tree with files is read from disk, with no note
run dpgaudit scan repo
expect_out "kind      dir" "a checked-out work tree is read from disk"
expect_no_out "note " "no note"

# a repository without commits is an empty folder, as before
git init -q fresh
run dpgaudit scan fresh
expect_out "kind      dir" "no commits: read from disk"
expect_out "files     0 " "nothing to read"

finish
