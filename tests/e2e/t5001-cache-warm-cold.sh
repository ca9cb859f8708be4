#!/bin/sh
# The result cache: a warm scan (results of unchanged files from the cache)
# gives exactly what a cold scan (--no-cache) gives, after edits, renames,
# deletes and additions, and after a rules change, on git, directory and
# archive targets; and it reads only what changed.
. "$(dirname "$0")/lib.sh"

COLD="$T/cold.db"
WARM="$T/warm.db"

# facts SCAN_DB ID: what a scan found, in order, and its verdicts and skips
facts() {
	sqlite3 -readonly "$1" "
	SELECT analyzer, kind, indicator, path, line, line_end, value,
	       excerpt, quote(score) FROM findings WHERE scan_id = $2 ORDER BY id;
	SELECT indicator, verdict, reason, missing FROM verdicts
	WHERE scan_id = $2 ORDER BY indicator;
	SELECT path, reason, size FROM skipped WHERE scan_id = $2 ORDER BY rowid;
	SELECT status, file_count, bytes_read FROM scans WHERE id = $2"
}
last() { sqlite3 -readonly "$1" "SELECT max(id) FROM scans"; }

# same WHAT TARGET [OPTS...]: scan TARGET cold and warm, compare
same() {
	_what=$1
	_target=$2
	shift 2
	dpgaudit scan -q --no-cache --db "$COLD" "$@" "$_target" >/dev/null 2>&1
	dpgaudit scan -q --force --db "$WARM" "$@" "$_target" >/dev/null \
		2>"$T/warm.err"
	facts "$COLD" "$(last "$COLD")" >"$T/cold.txt"
	facts "$WARM" "$(last "$WARM")" >"$T/warm.txt"
	if [ -s "$T/cold.txt" ] && cmp -s "$T/cold.txt" "$T/warm.txt"; then
		ok
	else
		not_ok "$_what: warm and cold scans differ"
		diff "$T/cold.txt" "$T/warm.txt" | head -10
	fi
}
cached() { sqlite3 -readonly "$WARM" "SELECT cached_files FROM scans WHERE id = $(last "$WARM")"; }

# edit, rename, delete, add
change_tree() {
	echo "Copyright 2024 Another Holder" >>"$1/src/queue.js"
	mv "$1/CONTRIBUTING.md" "$1/docs/CONTRIBUTING.md"
	rm "$1/PRIVACY.md"
	printf 'MIT License\n\nCopyright (c) 2024 X\n' >"$1/LICENSE-extra"
}

# ---- git ----
make_repo repo
same "git, first scan" repo/.git
expect_eq "$(cached)" 0 "a first scan has nothing cached"
same "git, same tree again" repo/.git
n=$(sqlite3 -readonly "$WARM" "SELECT file_count FROM scans WHERE id = $(last "$WARM")")
[ "$(cached)" -gt 0 ] && ok || not_ok "a second scan reads results from the cache"
change_tree repo
git -C repo add -A && git -C repo commit -qm "edit, rename, delete, add"
same "git, after edits" repo/.git
c=$(cached)
[ "$c" -gt 0 ] && [ "$c" -lt "$n" ] && ok ||
	not_ok "only the changed files are analysed again ($c of $n cached)"

# a rules change: the rules analyzer runs again, the others do not
mkdir rules-extra
cat >rules-extra/x.rules <<'R'
[queue-word]
indicator = 8
path = \.js$
content = (?i)queue
message = the word queue
test.content.match = a queue
test.content.nomatch = nothing
R
dpgaudit scan -q --force --profile --db "$WARM" --rules rules-extra \
	repo/.git >/dev/null 2>"$T/prof"
grep -Eq '^rules +[0-9.]+ s +[1-9]' "$T/prof" && ok ||
	not_ok "after a rules change the rules analyzer runs again"
if grep -Eq '^license-text +[0-9.]+ s' "$T/prof"; then
	not_ok "after a rules change license-text ran again"
	cat "$T/prof"
else ok; fi
same "git, with --rules" repo/.git --rules rules-extra
grep -q 'queue-word' "$T/warm.txt" && ok || not_ok "the new rule's findings are there"
sed -i 's/the word queue/the word queue (v2)/' rules-extra/x.rules
same "git, after the rule file changed" repo/.git --rules rules-extra
grep -q 'the word queue (v2)' "$T/warm.txt" && ok ||
	not_ok "a changed rule file invalidates the rules analyzer's results"

# ---- directory ----
make_project dir
same "dir, first scan" dir
same "dir, again" dir
[ "$(cached)" -gt 0 ] && ok || not_ok "dir: results from the cache"
change_tree dir
same "dir, after edits" dir
mv dir/src dir/lib
same "dir, after a folder rename" dir

# ---- archive ----
make_project arch
tar -czf a.tar.gz arch
same "archive, first scan" a.tar.gz
same "archive, again" a.tar.gz
[ "$(cached)" -gt 0 ] && ok || not_ok "archive: results from the cache"
change_tree arch
tar -czf a.tar.gz arch
same "archive, after edits" a.tar.gz

# a binary file and one over the size cap are cached or skipped alike
head -c 3000 /dev/urandom >dir/blob.bin
head -c 300000 /dev/zero | tr '\0' 'a' >dir/big.txt
same "dir, binary and large" dir --max-file-size 100K
same "dir, binary and large again" dir --max-file-size 100K

# a damaged cache is never fatal: the scan runs without it
printf 'not a database' >"$WARM.cache"
rm -f "$WARM.cache-wal" "$WARM.cache-shm"
run dpgaudit scan -q --force --db "$WARM" dir
expect_rc 0 "a damaged cache does not fail the scan"
same "dir, with a damaged cache" dir

finish
