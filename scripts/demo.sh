#!/bin/sh
# make demo: build a small git repository from fixtures/demo (plus its
# Apache-2.0 LICENSE from the fetched corpus), audit it, print the report,
# and leave the audit database in ./dpgaudit.db.
set -eu
BIN=${1:-build/dpgaudit}
top=$(cd "$(dirname "$0")/.." && pwd)
repo="$top/build/demo/clinicqueue"
rm -rf "$repo"
mkdir -p "$repo"
cp -R "$top/fixtures/demo/." "$repo/"
sqlite3 :memory: "SELECT json_extract(readfile('$top/data/spdx-license-list/licenses/Apache-2.0.json'), '\$.licenseText')" >"$repo/LICENSE"
(
	cd "$repo"
	git init -q .
	git add -A
	git -c user.name=Demo -c user.email=demo@example.org commit -qm "ClinicQueue 1.2.0"
	git tag v1.2.0
)
echo "== dpgaudit scan $repo@v1.2.0 (read from the git object database)"
"$BIN" scan --db "$top/dpgaudit.db" "$repo@v1.2.0"
echo
echo "== the audit database: $top/dpgaudit.db"
"$BIN" scans --db "$top/dpgaudit.db"
