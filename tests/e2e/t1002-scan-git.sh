#!/bin/sh
# dpgaudit scan on git repositories: working trees, bare repositories, any
# revision (--rev and PATH@REV), read from the object database.
. "$(dirname "$0")/lib.sh"

make_repo repo
head=$(git -C repo rev-parse HEAD)
first=$(git -C repo rev-parse v1.0)
first_tree=$(git -C repo rev-parse 'v1.0^{tree}')

# a clean working tree: files on disk, HEAD's commit, not dirty
run dpgaudit scan repo
expect_rc 0 "scan a working tree"
expect_out "kind +dir" "a working tree is scanned from disk"
expect_out "commit +$head" "HEAD's commit is recorded"
expect_out "work tree matches the commit" "clean work tree"
expect_eq "$(sql "SELECT dirty, commit_id FROM scans WHERE id=1")" "0|$head" "stored: clean, HEAD"

echo "local change" >>repo/README.md
run dpgaudit scan repo
expect_out "work tree differs from the commit" "a modified file makes it dirty"
expect_eq "$(sql "SELECT dirty FROM scans WHERE id=2")" 1 "stored: dirty"
git -C repo checkout -q -- README.md

# revisions from the object database: tag, branch, commit id, HEAD~1
for rev in v1.0 main "$first" HEAD~1; do
	run dpgaudit scan --rev "$rev" repo
	expect_rc 0 "--rev $rev"
	expect_out "kind +git" "--rev $rev reads the object database"
	expect_out "revision +$rev" "--rev $rev is recorded"
	case "$rev" in
	main) expect_out "commit +$head" "main resolves to HEAD" ;;
	*) expect_out "commit +$first" "$rev resolves to the first commit" ;;
	esac
done
expect_out "tree +$first_tree" "the tree id is recorded"
# the first commit has no SECURITY.md: the revision decides what is seen
expect_no_out "SECURITY.md" "files of another revision are not seen"

run dpgaudit scan "repo@v1.0"
expect_rc 0 "PATH@REV"
expect_out "revision +v1.0" "PATH@REV records the revision"
expect_eq "$(sql "SELECT rev, commit_id, tree_id FROM scans ORDER BY id DESC LIMIT 1")" \
	"v1.0|$first|$first_tree" "stored revision, commit and tree"

# a bare clone, read at HEAD and at a tag
git clone -q --bare repo bare.git
run dpgaudit scan bare.git
expect_rc 0 "bare repository"
expect_out "kind +git" "bare repository read from the object database"
expect_out "commit +$head" "bare HEAD"
expect_out "file security: SECURITY.md" "bare repository files are seen"
run dpgaudit scan bare.git@v1.0
expect_rc 0 "bare repository at a tag"
expect_out "commit +$first" "bare tag"

# the same files whatever the source: dir and git agree on findings
n_dir=$(sql "SELECT count(*) FROM findings WHERE scan_id=1")
last=$(sql "SELECT max(id) FROM scans")
id_head=$(dpgaudit scan -q bare.git)
n_git=$(sql "SELECT count(*) FROM findings WHERE scan_id=$id_head")
expect_eq "$n_git" "$n_dir" "git and dir scans of the same tree find the same"
[ "$id_head" -gt "$last" ] && ok || not_ok "--quiet prints the new scan id"

# no checkout, no temp files: the repository is untouched
before=$(cd bare.git && find . -type f | sort | md5sum)
dpgaudit scan bare.git >/dev/null
after=$(cd bare.git && find . -type f | sort | md5sum)
expect_eq "$after" "$before" "reading a repository writes nothing into it"

# unknown revision: exit 2, one line naming it, a failed scan without facts
n=$(sql "SELECT count(*) FROM scans")
run dpgaudit scan --rev no-such-branch repo
expect_rc 2 "unknown revision"
expect_err "unknown revision 'no-such-branch'" "the revision is named"
expect_err_one_line "unknown revision"
expect_eq "$(sql "SELECT status, count(f.id) FROM scans s LEFT JOIN findings f ON f.scan_id = s.id WHERE s.id = $((n + 1))")" \
	"failed|0" "recorded as failed, with no findings"
run dpgaudit scan "repo@nope"
expect_rc 2 "unknown revision with @"

# a revision on something that is not a repository
make_project plain
run dpgaudit scan --rev HEAD plain
expect_rc 2 "revision on a plain directory"
expect_err "not a git repository" "says it is not a repository"

# an empty repository
git init -q empty
run dpgaudit scan --rev HEAD empty
expect_rc 2 "empty repository"
expect_err "unknown revision 'HEAD'|no commits" "empty repository is named"

# a missing blob: the scan goes on and records the file as skipped
git clone -q --bare repo broken.git
blob=$(git -C broken.git rev-parse HEAD:CONTRIBUTING.md)
git -C broken.git repack -q -a -d 2>/dev/null
# unpack everything loose, then remove one object
mkdir unpack && git -C broken.git cat-file --batch-all-objects --batch-check='%(objectname)' >objs
for p in broken.git/objects/pack/*.pack; do mv "$p" unpack/; done
rm -f broken.git/objects/pack/*.idx
for p in unpack/*.pack; do git -C broken.git unpack-objects -q <"$p"; done
rm -f "broken.git/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)"
run dpgaudit scan broken.git
expect_rc 0 "a missing blob does not stop the scan"
expect_out "missing object \[1\]: CONTRIBUTING.md" "the missing blob is reported as skipped"
expect_eq "$(sql "SELECT reason FROM skipped WHERE path='CONTRIBUTING.md' AND scan_id=(SELECT max(id) FROM scans)")" \
	"missing object" "stored as skipped: missing object"
expect_out "file readme: README.md" "other files are still read"

# a symlink committed to git is recorded, never followed
ln -s /etc/passwd repo/passwd-link
git -C repo add passwd-link && git -C repo commit -qm link
run dpgaudit scan repo@HEAD
expect_out "symlink \[1\]: passwd-link" "git symlink skipped as symlink"

finish
