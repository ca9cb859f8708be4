#!/bin/sh
# bench/scan-results-diff.sh: check that whole scans give the same results
# (findings, their order, skipped entries, verdicts) before and after a
# change to the scan pipeline or the analyzers' interface.
#
#   sh bench/scan-results-diff.sh record   # write the baseline
#   sh bench/scan-results-diff.sh check    # compare with it (exit 1: differs)
#
# The corpus is built once in $CORPUS (default /tmp/dpg-pipeline-corpus):
# npm packages' tarballs (`npm pack`), each scanned as an archive, as a git
# repository made from it (read from the object database at HEAD) and as a
# directory; a git repository of a copy of the text files of /usr/share/doc
# (license-dense copyright files, HTML manuals), and its work tree as a
# directory; and the fixtures.  Each target is scanned into a fresh database
# and printed with `report --format json`, less the scan id and times.
# Extra scan options (e.g. "--threads 1") can be given in $SCAN_OPTS; with
# WARM=1 each target is scanned once before, with the same database and so
# the same result cache, and the second scan (--force) is the one compared.
# The baseline is kept outside the repository ($BASE, default
# /tmp/scan-results-baseline.txt).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
MODE=${1:-check}
BIN=${BIN:-$TOP/build/dpgaudit}
CORPUS=${CORPUS:-/tmp/dpg-pipeline-corpus}
BASE=${BASE:-/tmp/scan-results-baseline.txt}
SCAN_OPTS=${SCAN_OPTS:-}
PKGS="lodash@4.17.21 express@4.19.2 moment@2.30.1 bootstrap@5.3.3
leaflet@1.9.4 jquery@3.7.1 caniuse-lite@1.0.30001600 chart.js@4.4.1
marked@12.0.0"
NEW=$(mktemp /tmp/scan-results-XXXXXX)
DB=$(mktemp -u /tmp/scan-results-db-XXXXXX)
trap 'rm -f "$NEW" "$DB" "$DB"-*' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_DATE=2024-01-01T00:00:00Z \
	GIT_COMMITTER_DATE=2024-01-01T00:00:00Z LC_ALL=C

# git_repo DIR: commit every file of DIR (a fresh repository).
git_repo() {
	(cd "$1" && git init -q && git add -A -f . &&
		git -c user.name=bench -c user.email=bench@example.org \
			commit -q -m corpus)
}

mkdir -p "$CORPUS/dl" "$CORPUS/repos"
for p in $PKGS; do
	name=${p%@*}
	[ -f "$CORPUS/dl/$name.tgz" ] && continue
	(cd "$CORPUS/dl" && f=$(npm pack --silent "$p" | tail -1) &&
		mv "$f" "$name.tgz")
done
for t in "$CORPUS"/dl/*.tgz; do
	name=$(basename "$t" .tgz)
	d="$CORPUS/repos/$name"
	[ -d "$d/.git" ] && continue
	rm -rf "$d" && mkdir -p "$d"
	tar -xzf "$t" -C "$d" --strip-components=1
	git_repo "$d"
done
if [ ! -d "$CORPUS/repos/usr-share-doc/.git" ]; then
	rm -rf "$CORPUS/repos/usr-share-doc"
	mkdir -p "$CORPUS/repos/usr-share-doc"
	(cd /usr/share/doc && find . -type f ! -name '*.gz' \
		! -name '*.xz' ! -name '*.bz2' | tar -cf - -T -) |
		tar -xf - -C "$CORPUS/repos/usr-share-doc"
	git_repo "$CORPUS/repos/usr-share-doc"
fi

targets() {
	for t in "$CORPUS"/dl/*.tgz; do
		name=$(basename "$t" .tgz)
		echo "$t"
		echo "$CORPUS/repos/$name/.git@HEAD"
		echo "$CORPUS/repos/$name"
	done
	echo "$CORPUS/repos/usr-share-doc/.git@HEAD"
	echo "$CORPUS/repos/usr-share-doc"
	for f in "$TOP"/fixtures/*; do
		[ -d "$f" ] && echo "$f"
	done
}

n=0
for t in $(targets); do
	rm -f "$DB" "$DB"-*
	echo "== $t"
	rc=0
	if [ "${WARM:-0}" = 1 ]; then
		# shellcheck disable=SC2086
		"$BIN" scan -q --db "$DB" $SCAN_OPTS "$t" >/dev/null 2>&1 || :
		"$BIN" scan -q --db "$DB" $SCAN_OPTS --force "$t" >/dev/null \
			2>&1 || rc=$?
		sqlite3 "$DB" "DELETE FROM scans WHERE id = 1"
	else
		# shellcheck disable=SC2086
		"$BIN" scan -q --db "$DB" $SCAN_OPTS "$t" >/dev/null 2>&1 ||
			rc=$?
	fi
	echo "rc=$rc"
	"$BIN" report --db "$DB" --format json |
		jq -S 'del(.scan.id, .scan.started_at, .scan.finished_at)'
	n=$((n + 1))
done >"$NEW"

case $MODE in
record)
	cp "$NEW" "$BASE"
	echo "scan-results-diff: baseline of $n scans in $BASE"
	;;
check)
	if cmp -s "$BASE" "$NEW"; then
		echo "scan-results-diff: $n scans identical" \
			"($(grep -c '"analyzer"' "$NEW") findings)"
	else
		diff "$BASE" "$NEW" | head -60
		echo "scan-results-diff: DIFFERENT" >&2
		exit 1
	fi
	;;
*)
	echo "usage: scan-results-diff.sh record|check" >&2
	exit 64
	;;
esac
