#!/bin/sh
# The report's command line: colour only on a terminal (NO_COLOR,
# --color), -o written whole or not at all, --verbose, usage errors; and
# what a user installs: make install into a DESTDIR (binary, rules, man
# page, bash completion) run from there, the man page covering every
# command and option, the completion answering.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/report-lib.sh"

ESC=$(printf '\033')
make_weak weak
run dpgaudit scan weak
expect_rc 0 "scan"

# colour
run dpgaudit report weak
grep -q "$ESC" "$T/out" && not_ok "no colour when stdout is not a terminal" || ok
run dpgaudit report weak --color=always
grep -q "$ESC\[32m" "$T/out" && ok || not_ok "--color=always colours"
NO_COLOR=1 dpgaudit report weak --color >"$T/out"
grep -q "$ESC\[" "$T/out" && ok || not_ok "--color alone is always, NO_COLOR or not"
run dpgaudit report weak --color=never --format text
grep -q "$ESC" "$T/out" && not_ok "--color=never" || ok
if command -v script >/dev/null 2>&1; then
	script -qec "$BUILD/dpgaudit report weak" /dev/null >tty.out 2>&1
	grep -q "$ESC\[33m" tty.out && ok || not_ok "a terminal gets colour"
	NO_COLOR=1 script -qec "$BUILD/dpgaudit report weak" /dev/null >tty.out 2>&1
	sed "s/$ESC\[?[0-9;]*[a-zA-Z]//g" tty.out | grep -q "review" && ok ||
		not_ok "NO_COLOR: the report still prints"
	grep -q "$ESC\[3[0-9]m" tty.out && not_ok "NO_COLOR turns colour off" || ok
	TERM=dumb script -qec "$BUILD/dpgaudit report weak" /dev/null >tty.out 2>&1
	grep -q "$ESC\[3[0-9]m" tty.out && not_ok "TERM=dumb: no colour" || ok
fi
run dpgaudit report weak --color=sometimes
expect_rc 64 "--color with a bad value"
expect_err "invalid --color 'sometimes' \(auto, always, never\)" "names the values"

# the summary line, folded dependencies and --verbose
run dpgaudit report weak
expect_out "^summary   0 met, 0 not met, 11 review; status ok$" "the summary line"
expect_out "3 dependencies read, 2 not flagged and not listed \(--verbose lists them\)" "dependencies folded"
expect_no_out "npm:lodash" "an unflagged dependency is not listed"
expect_out "^   \(0.60\) = strength or confidence" "the markers are explained"
run dpgaudit report weak -v
expect_out "dependency npm:lodash@\^4.17.21: package.json:7" "--verbose lists every dependency"

# -o
run dpgaudit report weak --format md -o weak.md
expect_rc 0 "-o FILE"
expect_eq "$(wc -c <"$T/out")" 0 "nothing on stdout with -o"
grep -q '^## dpgaudit: weak' weak.md && ok || not_ok "the report is in the file"
run dpgaudit report weak --format html -o nodir/x.html
expect_rc 2 "-o into a missing directory"
expect_err "cannot write 'nodir/x.html'" "names the file"
expect_err_one_line "-o into a missing directory"
run dpgaudit scan weak --format sarif -o weak.sarif
expect_rc 0 "scan --format sarif -o"
valid "$SARIF_SCHEMA" weak.sarif "scan writes the same formats"
run dpgaudit report weak --format pdf
expect_rc 64 "an unknown format"
expect_err "unknown format 'pdf' \(text\|md\|json\|html\|sarif\|screening\|dpg-form\)" "lists the formats"
run dpgaudit report weak --all --format json
expect_rc 64 "--all is HTML"
run dpgaudit report weak --all
expect_rc 64 "--all names no scan"
ls weak.md.tmp* >/dev/null 2>&1 && not_ok "no temporary file left" || ok

# make install into a DESTDIR, run from there
rel=${BUILD#"$TOP"/}
if make -s -C "$TOP" BUILD="$rel" install DESTDIR="$T/inst" PREFIX=/usr >make.out 2>&1; then
	ok
else
	not_ok "make install: $(tail -5 make.out)"
fi
I="$T/inst/usr"
[ -x "$I/bin/dpgaudit" ] && ok || not_ok "the binary is installed"
[ -f "$I/share/dpgaudit/rules/platform.rules" ] && [ -d "$I/share/dpgaudit/rules/sdg" ] &&
	ok || not_ok "the rules are installed"
[ -f "$I/share/man/man1/dpgaudit.1" ] && ok || not_ok "the man page is installed"
[ -f "$I/share/bash-completion/completions/dpgaudit" ] && ok || not_ok "the completion is installed"
(cd / && DPGAUDIT_DB="$T/inst.db" "$I/bin/dpgaudit" scan "$T/weak" >"$T/out" 2>"$T/err")
expect_out "rule mongodb-driver" "the installed binary finds its installed rules"
expect_eq "$(sed 's/^/x/' "$T/err")" "" "and says nothing on stderr"

# the man page: renders without warnings, covers every command and option
if command -v groff >/dev/null 2>&1; then
	groff -man -ww -z "$TOP/man/dpgaudit.1" >groff.out 2>&1
	expect_eq "$(cat groff.out)" "" "the man page renders without warnings"
fi
sed 's/\\-/-/g' "$TOP/man/dpgaudit.1" >man.txt
cmds=$(dpgaudit --help | awk '/^Commands:/ {on = 1; next} on && NF == 0 {on = 0} on {print $1}')
for c in $cmds; do
	grep -q "^\.SS \"$c" man.txt && ok || not_ok "the man page describes '$c'"
	for o in $(dpgaudit help "$c" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -q -- "$o" man.txt && ok || not_ok "the man page names $c $o"
	done
done
for code in $(sed -n '/^## Exit codes/,/^## /p' "$TOP/README.md" | grep -oE '^\| [0-9]+ ' | tr -dc '0-9\n'); do
	grep -q "^\.B $code\$" man.txt && ok || not_ok "the man page lists exit code $code"
done
for v in $(grep -rhoE 'getenv\("[A-Z_]+"\)|DPG_[A-Z_]*ENV[[:space:]]+"[A-Z_]+"' "$TOP/src" "$TOP/include" |
	grep -oE '"[A-Z_]+"' | tr -d '"' | sort -u | grep -v '^DPGAUDIT_TEST_'); do
	grep -q "^\.B $v\$" man.txt && ok || not_ok "the man page documents \$$v"
done

# the completion answers from the binary's own help
if command -v bash >/dev/null 2>&1; then
	cat >comp.sh <<EOT
. "$I/share/bash-completion/completions/dpgaudit"
comp() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _dpgaudit; echo "\${COMPREPLY[*]}"; }
comp "$I/bin/dpgaudit" rep
comp "$I/bin/dpgaudit" report --for
comp "$I/bin/dpgaudit" report --format s
comp "$I/bin/dpgaudit" scan --color=n
comp "$I/bin/dpgaudit" rules l
EOT
	bash comp.sh >comp.out 2>&1
	expect_eq "$(sed -n 1p comp.out)" "report" "completes a command"
	expect_eq "$(sed -n 2p comp.out)" "--format" "completes an option"
	expect_eq "$(sed -n 3p comp.out)" "sarif screening" "completes a format"
	expect_eq "$(sed -n 4p comp.out)" "never" "completes --color="
	expect_eq "$(sed -n 5p comp.out)" "lint list" "completes a rules subcommand"
fi

finish
