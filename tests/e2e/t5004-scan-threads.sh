#!/bin/sh
# --threads N: files analysed in parallel give byte-identical results to
# --threads 1, run after run; --profile and DPGAUDIT_PROFILE=1.
. "$(dirname "$0")/lib.sh"

# a tree with many files of every kind the analyzers read
make_project tree
i=0
while [ $i -lt 60 ]; do
	mkdir -p "tree/pkg$i/docs"
	printf '// Copyright %d Holder %d\n// SPDX-License-Identifier: MIT\nexport const x = %d;\n' \
		$((2000 + i)) $((i % 7)) $i >"tree/pkg$i/index.js"
	printf '# Package %d\n\nHelps clinics track patients and vaccination.\n' $i \
		>"tree/pkg$i/docs/README.md"
	printf '{"name": "p%d", "license": "MIT", "dependencies": {"left-pad": "1.%d.0"}}\n' $i $i \
		>"tree/pkg$i/package.json"
	i=$((i + 1))
done
license_text MIT >tree/pkg3/LICENSE
license_text BSD-3-Clause >tree/pkg9/COPYING
tar -czf tree.tgz tree
make_repo repo

dump() {
	sqlite3 -readonly "$DPGAUDIT_DB" "
	SELECT analyzer, kind, indicator, path, line, line_end, value,
	       excerpt, quote(score) FROM findings WHERE scan_id = $1 ORDER BY id;
	SELECT indicator, verdict, reason FROM verdicts WHERE scan_id = $1;
	SELECT path, reason FROM skipped WHERE scan_id = $1 ORDER BY rowid"
}

for target in tree tree.tgz repo/.git "$FIXTURES/demo"; do
	dpgaudit scan -q --no-cache --threads 1 "$target" >/dev/null
	one=$(sql "SELECT max(id) FROM scans")
	dump "$one" >"$T/one.txt"
	[ -s "$T/one.txt" ] && ok || not_ok "$target: a scan with findings"
	for n in 2 3 8 2; do
		dpgaudit scan -q --no-cache --threads $n "$target" >/dev/null
		dump "$(sql "SELECT max(id) FROM scans")" >"$T/n.txt"
		if cmp -s "$T/one.txt" "$T/n.txt"; then ok; else
			not_ok "$target: --threads $n differs from --threads 1"
			diff "$T/one.txt" "$T/n.txt" | head -5
		fi
	done
done

run dpgaudit scan -q --no-cache --threads 2 --profile tree
expect_rc 0 "--profile"
expect_err "^profile: [0-9]+ files, [0-9]+ bytes read, 0 from the cache, 2 analysis threads" "the profile's first line"
expect_err "^license-text +[0-9.]+ s +[0-9]+ files +[0-9]+ bytes" "time and bytes per analyzer"
expect_err "^read " "time spent reading"
DPGAUDIT_PROFILE=1 dpgaudit scan -q --no-cache tree >/dev/null 2>"$T/err"
expect_err "^sdg " "DPGAUDIT_PROFILE=1"
run dpgaudit scan -q --no-cache tree
[ -s "$T/err" ] && not_ok "no profile unless asked" || ok

for bad in 0 65 x; do
	run dpgaudit scan --threads $bad tree
	expect_rc 64 "--threads $bad"
	expect_err "invalid --threads '$bad'" "--threads $bad named"
done
finish
