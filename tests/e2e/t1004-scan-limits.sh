#!/bin/sh
# Bounds and hostile trees: the size cap, binary files, symlinks, control
# characters in paths, unreadable directories and files.
. "$(dirname "$0")/lib.sh"

make_project proj
head -c 3000000 /dev/zero | tr '\0' 'a' >proj/big.txt
printf 'bin\0ary' >proj/blob.bin
ln -s /etc/passwd proj/escape
ln -s ../.. proj/up
mkdir proj/sub && ln -s ../LICENSE proj/sub/license-link

run dpgaudit scan --max-file-size 1M proj
expect_rc 0 "scan with a size cap"
expect_out "too large \[1\]: big.txt" "a file over the cap is skipped"
expect_out "binary \[1\]: blob.bin" "a binary file is skipped"
expect_out "symlink \[3\]: escape, sub/license-link, up" "symlinks are recorded, not followed"
expect_eq "$(sql "SELECT size FROM skipped WHERE path='big.txt'")" 3000000 "the skipped size is stored"
# never read whole: the bytes read exclude the big file
expect_eq "$(sql "SELECT bytes_read < 1000000 FROM scans WHERE id=1")" 1 "the big file is not read"
expect_no_out "root:" "nothing outside the tree is read"

run dpgaudit scan proj
expect_no_out "too large" "the default cap (4M) admits 3 MB"

run dpgaudit scan --max-file-size 2k proj
expect_out "too large \[[0-9]+\]: LICENSE" "a tiny cap skips the license file"

# control characters in paths are escaped on a terminal
make_project ctl
printf 'x' >"ctl/$(printf 'LICENSE-evil\033[31mred')"
printf 'x' >"ctl/$(printf 'LICENSE\nfake')"
run dpgaudit scan ctl
expect_rc 0 "scan paths with control characters"
if grep -q "$(printf '\033')" "$T/out"; then not_ok "raw ESC reached the output"; else ok; fi
expect_out 'evil\\x1b\[31mred' "ESC shown as \\x1b"
run dpgaudit scan --format json ctl
json_ok "$T/out" && ok || not_ok "control characters are escaped in JSON"

# an unreadable directory and file inside the tree, as an unprivileged user
if can_drop_root; then
	make_project locked
	mkdir locked/secret && echo x >locked/secret/a.txt
	echo x >locked/private.txt
	chmod 000 locked/secret locked/private.txt
	chmod -R a+rX locked 2>/dev/null
	chmod 000 locked/secret locked/private.txt
	mkdir nobody-db && chmod 777 nobody-db
	run as_nobody scan --db nobody-db/n.db locked
	expect_rc 0 "unreadable entries inside the tree do not stop the scan"
	expect_out "unreadable directory \[1\]: secret" "unreadable directory skipped"
	expect_out "unreadable \[1\]: private.txt" "unreadable file skipped"

	# the target itself unreadable: exit 2, one line
	mkdir closed && chmod 000 closed
	run as_nobody scan --db nobody-db/n.db closed
	expect_rc 2 "an unreadable target directory"
	expect_err "cannot read directory '.*closed'" "the directory is named"
	expect_err_one_line "unreadable target"
	chmod 755 closed locked/secret
else
	echo "  (setpriv or user nobody missing: unreadable-directory checks not run)"
fi

# a missing target
run dpgaudit scan "$T/nope"
expect_rc 2 "missing path"
expect_err "cannot open target '.*nope': No such file or directory" "the missing path is named"
expect_err_one_line "missing path"

finish
