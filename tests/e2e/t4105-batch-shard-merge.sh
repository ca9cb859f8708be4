#!/bin/sh
# --shard K/N partitions a list; the docs/SCALING.md recipe (GNU parallel:
# three shards on one machine, merged at the end) gives the same targets
# and verdicts as one run; merge: no scan twice, runs kept, refusals.
. "$(dirname "$0")/lib.sh"

i=1
while [ $i -le 12 ]; do
	if [ $((i % 3)) = 0 ]; then
		mkdir "p$i" && echo "Tool $i." >"p$i/README.md" # not met
	else
		make_project "p$i"
	fi
	echo "p$i" >>list.txt
	i=$((i + 1))
done
echo nosuch >>list.txt # a failure travels through the merge too

# the shards partition the list: disjoint, and together the whole
for k in 1 2 3; do
	dpgaudit batch --dry-run -q --shard $k/3 list.txt >dry-$k.txt
done
dpgaudit batch --dry-run -q list.txt | sort >dry-all.txt
expect_eq "$(cat dry-1.txt dry-2.txt dry-3.txt | sort)" "$(cat dry-all.txt)" \
	"three shards are the whole list"
expect_eq "$(cat dry-1.txt dry-2.txt dry-3.txt | sort | uniq -d | wc -l)" 0 \
	"no target in two shards"
for k in 1 2 3; do
	[ -s dry-$k.txt ] && ok || not_ok "shard $k/3 is not empty"
done
dpgaudit batch --dry-run -q --shard 2/3 list.txt >again.txt
expect_eq "$(cat again.txt)" "$(cat dry-2.txt)" "a shard is deterministic"

# the recipe of docs/SCALING.md: GNU parallel, one database per shard
if command -v parallel >/dev/null 2>&1; then
	parallel --will-cite -j 3 "'$BUILD/dpgaudit'" batch -q --jobs 1 \
		--shard {}/3 --db shard-{}.db list.txt ::: 1 2 3 >par.out 2>&1
	# parallel exits with the number of shards that failed: the one
	# with 'nosuch' exited 5
	expect_eq "$?" 1 "parallel: the shards ran (one target fails)"
	run dpgaudit merge all.db shard-1.db shard-2.db shard-3.db
	expect_rc 0 "merge the shards"
	expect_out "^shard-1.db: [0-9]+ scans added, 0 already there; [0-9]+ targets added; 1 runs added, 0 joined$" \
		"merge says what it added"
	# the same as one run over the whole list
	run dpgaudit batch -q --db one.db list.txt
	q="SELECT group_concat(x, ' ') FROM (SELECT t.locator || ':' || s.status || ':' || coalesce((SELECT group_concat(v.indicator || '=' || v.verdict) FROM verdicts v WHERE v.scan_id = s.id), '') AS x FROM scans s JOIN targets t ON t.id = s.target_id ORDER BY t.locator)"
	expect_eq "$(sqlite3 all.db "$q")" "$(sqlite3 one.db "$q")" \
		"the merged shards hold the targets and verdicts of one run"
	expect_eq "$(sqlite3 all.db "SELECT count(*) FROM scans")" 13 \
		"13 scans"
	expect_eq "$(sqlite3 all.db "SELECT count(*) || '/' || count(DISTINCT params) FROM runs")" \
		"3/3" "the three runs kept, one per shard"
	expect_eq "$(sqlite3 all.db "SELECT count(*) FROM run_items i JOIN scans s ON s.id = i.scan_id JOIN targets t ON t.id = s.target_id WHERE t.locator = i.target")" \
		13 "every run item points at its target's scan"
	expect_eq "$(sqlite3 all.db "SELECT count(*) FROM findings")" \
		"$(sqlite3 one.db "SELECT count(*) FROM findings")" \
		"the findings came along"
	expect_eq "$(sqlite3 all.db "SELECT count(*) FROM skipped")" \
		"$(sqlite3 one.db "SELECT count(*) FROM skipped")" \
		"the skipped entries came along"

	# merging a shard again adds nothing
	run dpgaudit merge all.db shard-2.db
	expect_rc 0 "the same shard twice"
	expect_out "^shard-2.db: 0 scans added, [0-9]+ already there; 0 targets added; 0 runs added, 1 joined$" \
		"nothing added"
	expect_eq "$(sqlite3 all.db "SELECT count(*) FROM scans")" 13 \
		"still 13 scans"
	expect_eq "$(sqlite3 all.db "PRAGMA integrity_check")" ok "intact"
	# a report reads the merged database
	run dpgaudit report --db all.db "$T/p1"
	expect_rc 0 "report from the merged database"
else
	not_ok "GNU parallel is missing (scripts/install-deps.sh installs it)"
fi

# a later scan in a shard is history, not a duplicate (a second later: two
# scans of one target in the same second, with the same results, are one)
sleep 1
dpgaudit batch -q --db later.db --run again --shard 1/3 list.txt >/dev/null
run dpgaudit merge hist.db shard-1.db later.db
expect_rc 0 "two scans of the same targets"
expect_eq "$(sqlite3 hist.db "SELECT count(*) FROM scans")" \
	$(($(wc -l <dry-1.txt) * 2)) "both scans of each target kept"
expect_eq "$(sqlite3 hist.db "SELECT count(*) FROM targets")" \
	"$(wc -l <dry-1.txt)" "one row per target"

# two different runs of one name: both kept, the second renamed
dpgaudit batch -q --db other.db --run again --shard 2/3 list.txt >/dev/null
run dpgaudit merge hist.db other.db
expect_rc 0 "a run of the same name"
expect_out "1 runs added, 0 joined" "added, not joined"
expect_eq "$(sqlite3 hist.db "SELECT group_concat(name, ' ') FROM (SELECT name FROM runs ORDER BY id)")" \
	"$(sqlite3 shard-1.db "SELECT name FROM runs") again again~2" \
	"the second 'again' is 'again~2'"

# a run resumed after merging: nothing left to do
run dpgaudit batch --db all.db -q --shard 1/3 list.txt
expect_eq "$(sqlite3 all.db "SELECT count(*) FROM scans")" 13 \
	"the merged run is complete"

# refusals: exit 3, OUT untouched
cp all.db keep.db
sqlite3 newer.db "CREATE TABLE targets (x); CREATE TABLE scans (y); PRAGMA user_version = 999"
run dpgaudit merge all.db newer.db
expect_rc 3 "a database of a newer schema"
expect_err "schema version 999, newer than this dpgaudit knows" "says so"
expect_err_one_line "newer schema"
sqlite3 theirs.db "CREATE TABLE notes (x); INSERT INTO notes VALUES (1)"
run dpgaudit merge all.db theirs.db
expect_rc 3 "a database that is not ours"
expect_err "'theirs.db' is not a dpgaudit audit database" "says so"
sqlite3 app.db "PRAGMA application_id = 1234; CREATE TABLE targets (x); CREATE TABLE scans (y); PRAGMA user_version = 1"
cp app.db app.copy
run dpgaudit merge all.db app.db
expect_rc 3 "another application's database"
expect_err "'app.db' is another application's SQLite database \(application_id 0x4d2\)" \
	"says whose"
cmp -s app.db app.copy && ok || not_ok "their file is left unchanged"
echo "plain text, not a database" >text.db
run dpgaudit merge all.db text.db
expect_rc 3 "not SQLite"
expect_err "'text.db' is not an SQLite database" "says so"
run dpgaudit merge all.db nosuch.db
expect_rc 3 "a missing input"
expect_err "nosuch.db" "names it"
expect_eq "$(sqlite3 all.db "SELECT count(*) FROM scans")" 13 "OUT unchanged"
run dpgaudit merge all.db all.db
expect_rc 64 "OUT as an input"
run dpgaudit merge all.db
expect_rc 64 "no input"
expect_err "missing IN.db" "says so"

# an older schema merges: a version-2 database (before runs)
sqlite3 v2.db "
CREATE TABLE targets (id INTEGER PRIMARY KEY, locator TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL, first_scanned TEXT NOT NULL);
CREATE TABLE scans (id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL,
  kind TEXT NOT NULL, rev TEXT, commit_id TEXT, tree_id TEXT,
  archive_format TEXT, dirty INTEGER, started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL, tool_version TEXT NOT NULL, status TEXT NOT NULL,
  error TEXT, file_count INTEGER NOT NULL DEFAULT 0, bytes_read INTEGER NOT
  NULL DEFAULT 0, skipped_count INTEGER NOT NULL DEFAULT 0,
  solution_types TEXT, nomination TEXT);
CREATE TABLE skipped (scan_id INTEGER, path TEXT, reason TEXT, size INTEGER);
CREATE TABLE findings (id INTEGER PRIMARY KEY, scan_id INTEGER, analyzer
  TEXT, kind TEXT, indicator TEXT, path TEXT, line INTEGER, line_end INTEGER,
  value TEXT, excerpt TEXT, score REAL);
CREATE TABLE verdicts (scan_id INTEGER, indicator TEXT, verdict TEXT,
  reason TEXT, missing TEXT, PRIMARY KEY (scan_id, indicator));
INSERT INTO targets VALUES (7, '/old/repo', 'dir', '2026-01-01T00:00:00Z');
INSERT INTO scans (id, target_id, kind, started_at, finished_at, tool_version,
  status) VALUES (3, 7, 'dir', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z',
  '0.1.0', 'ok');
INSERT INTO findings (scan_id, analyzer, kind, path) VALUES (3, 'inventory',
  'file', 'LICENSE');
PRAGMA user_version = 2;"
run dpgaudit merge new.db v2.db
expect_rc 0 "an older database merges into a new OUT"
[ -f new.db ] && ok || not_ok "OUT created"
expect_eq "$(sqlite3 new.db "SELECT t.locator || '|' || count(f.id) FROM scans s JOIN targets t ON t.id = s.target_id JOIN findings f ON f.scan_id = s.id")" \
	"/old/repo|1" "its scan and finding, ids remapped"
expect_eq "$(sqlite3 v2.db "PRAGMA user_version")" 2 "the input is only read"

finish
