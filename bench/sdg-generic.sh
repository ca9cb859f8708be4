#!/bin/sh
# bench/sdg-generic.sh [BIN]: false-positive check on generic software docs.
# Runs `dpgaudit sdg` on every README, *.md, *.rst and *.txt (gzipped or
# not) under /usr/share/doc (Debian package docs: compilers, libraries,
# tools; none of them about the SDGs) and counts the files for which some
# goal comes out relevant.  Prints those files, then one summary line.
set -u
BIN=${1:-build/dpgaudit}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
n=0
hit=0
find /usr/share/doc -type f \( -iname 'README*' -o -name '*.md' -o \
	-name '*.md.gz' -o -name '*.rst' -o -name '*.txt' -o -name '*.txt.gz' \) \
	2>/dev/null | grep -vi 'changelog\|copyright\|license' | sort >"$tmp.list"
while read -r f; do
	case "$f" in
	*.gz) zcat "$f" >"$tmp" 2>/dev/null || continue ;;
	*) cp "$f" "$tmp" ;;
	esac
	n=$((n + 1))
	if "$BIN" sdg "$tmp" >"$tmp.out" 2>/dev/null; then
		hit=$((hit + 1))
		echo "$f: $(grep -E '^ +[0-9]+  (some|strong)' "$tmp.out" |
			awk '{printf "%s:%s ", $1, $2}')"
	fi
done <"$tmp.list"
rm -f "$tmp.list" "$tmp.out"
echo "generic docs: $n files, $hit with a relevant goal"
