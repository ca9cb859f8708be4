#!/bin/sh
# Hostile git repositories, built here with git hash-object and mktree:
# a tree bomb (one subtree referenced ten times at each of ten levels:
# 10^10 paths, fsck-clean) is walked once per tree id; a tree stored under
# the wrong id that names itself is refused as damaged; an entry named
# "..", a path over 64 KiB and a truncated pack are each told apart.
. "$(dirname "$0")/lib.sh"

# mkbomb DIR LEVELS: the bomb, with a license text in every folder
mkbomb() {
	git init -q "$1"
	(
		cd "$1" || exit 1
		lic=$(license_text MIT | git hash-object -w --stdin)
		t=$(printf '100644 blob %s\tLICENSE\n' "$lic" | git mktree)
		l=1
		while [ $l -le "$2" ]; do
			t=$( (printf '100644 blob %s\tLICENSE\n' "$lic"
				for d in 0 1 2 3 4 5 6 7 8 9; do
					printf '040000 tree %s\td%s\n' "$t" $d
				done) | git mktree)
			l=$((l + 1))
		done
		c=$(git commit-tree "$t" -m bomb)
		git update-ref refs/heads/main "$c"
		git symbolic-ref HEAD refs/heads/main
	)
}

mkbomb bomb 10
(cd bomb && git fsck --strict >/dev/null 2>&1) && ok || not_ok "(setup: the bomb is fsck-clean)"
run timeout 60 "$BUILD/dpgaudit" scan --rev main bomb
expect_rc 1 "the bomb is scanned (no README: documentation not met)"
expect_eq "$(sql "SELECT status FROM scans ORDER BY id DESC LIMIT 1")" ok "status ok: nothing was cut"
expect_eq "$(sql "SELECT count(*) FROM skipped WHERE scan_id = 1 AND reason LIKE 'repeated tree, same as %'")" 90 \
	"9 repeated trees per level are recorded, not walked"
expect_eq "$(sql "SELECT reason FROM skipped WHERE scan_id = 1 AND path = 'd3'")" \
	"repeated tree, same as d0" "the first place is named"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id = 1 AND kind = 'file' AND value = 'license'")" 11 \
	"each distinct folder's license is seen once"
expect_out "repeated tree, same as d0 \[9\]: d1, d2, d3, \+6 more" "the report lists them"

# a tree stored under the wrong id, naming itself (a loop); git fsck would
# say "hash mismatch"
git init -q loop
(
	cd loop || exit 1
	bad=1111111111111111111111111111111111111111
	lic=$(license_text MIT | git hash-object -w --stdin)
	real=$( (printf '100644 blob %s\tLICENSE\n' "$lic"
		printf '040000 tree %s\tself\n' $bad
		printf '040000 tree %s\tself2\n' $bad) | git mktree --missing)
	mkdir -p .git/objects/11
	cp ".git/objects/$(echo "$real" | cut -c1-2)/$(echo "$real" | cut -c3-)" \
		".git/objects/11/$(echo $bad | cut -c3-)"
	top=$( (printf '100644 blob %s\tLICENSE\n' "$lic"
		printf '040000 tree %s\tsub\n' $bad) | git mktree --missing)
	c=$(git commit-tree "$top" -m loop)
	git update-ref refs/heads/main "$c"
	git symbolic-ref HEAD refs/heads/main
)
run timeout 60 "$BUILD/dpgaudit" scan loop@main
expect_rc 1 "a self-referencing tree does not stop the scan (no README)"
expect_out "damaged object: content does not match its id \[1\]: sub" \
	"the tree under the wrong id is refused as damaged"
# the root itself under the wrong id: the scan fails, stored, with the reason
(cd loop && c=$(git commit-tree 1111111111111111111111111111111111111111 -m root) &&
	git update-ref refs/heads/rootloop "$c")
run timeout 60 "$BUILD/dpgaudit" scan loop@rootloop
expect_rc 2 "a damaged root tree fails the scan"
expect_err "object database of '.*loop' is damaged: tree 1111111111111111111111111111111111111111: damaged object: content does not match its id" \
	"names the tree and the damage"
expect_eq "$(sql "SELECT status || ' ' || t.locator FROM scans s JOIN targets t ON t.id = s.target_id ORDER BY s.id DESC LIMIT 1")" \
	"failed $T/loop" "stored as failed, under the canonical target"

# unsafe names and a path over 64 KiB in a tree
git init -q names
(
	cd names || exit 1
	b=$(echo hello | git hash-object -w --stdin)
	long=$(head -c 70000 /dev/zero | tr '\0' 'a')
	t=$( (printf '100644 blob %s\tREADME.md\n' "$b"
		printf '100644 blob %s\t..\n' "$b"
		printf '100644 blob %s\t.GIT\n' "$b"
		printf '100644 blob %s\t%s\n' "$b" "$long") | git mktree)
	c=$(git commit-tree "$t" -m names)
	git update-ref refs/heads/main "$c"
	git symbolic-ref HEAD refs/heads/main
)
run dpgaudit scan names@main
expect_rc 1 "odd names do not stop the scan (no license: not met)"
expect_eq "$(sql "SELECT reason FROM skipped WHERE path = '..'")" "unsafe path" "'..' is skipped as unsafe"
expect_eq "$(sql "SELECT reason FROM skipped WHERE path = '.GIT'")" "unsafe path" "'.GIT' is skipped as unsafe"
expect_eq "$(sql "SELECT reason || ' ' || length(path) FROM skipped WHERE path LIKE 'aaaa%'")" \
	"path too long 1027" "a 70,000-byte name is skipped, its first 1024 bytes kept"
expect_eq "$(sql "SELECT status FROM scans ORDER BY id DESC LIMIT 1")" ok "the scan is ok"

# a truncated pack: the object database is damaged, not the revision unknown
git init -q tp
(
	cd tp || exit 1
	i=0
	while [ $i -lt 40 ]; do
		head -c 3000 /dev/urandom | od -An -tx1 >f$i.txt
		i=$((i + 1))
	done
	git add -A && git commit -qm x && git gc -q
	p=$(ls .git/objects/pack/*.pack)
	truncate -s $(($(stat -c %s "$p") / 3)) "$p"
)
run dpgaudit scan tp@HEAD
expect_rc 2 "a truncated pack"
expect_err "object database of '.*tp' is damaged: missing object [0-9a-f]{40} \('HEAD'\)" \
	"says the object database is damaged, naming the object"
run dpgaudit scan tp@nosuchbranch
expect_rc 2 "an unknown revision"
expect_err "unknown revision 'nosuchbranch'" "an unknown revision is still called so"

finish
