#!/bin/sh
# Fetch the pinned build-time data listed in data.lock into data/, checking
# each tarball's sha256.  Nothing here is committed; see docs/ARCHITECTURE.md.
set -eu
cd "$(dirname "$0")/.."
mkdir -p data
grep -v '^#' data.lock | while read -r name version sha; do
	[ -n "$name" ] || continue
	dir="data/$name"
	# npm pack names a scoped package's tarball @s/p -> s-p-VERSION.tgz
	tgz="data/$(echo "$name" | sed 's|^@||; s|/|-|')-$version.tgz"
	if [ ! -f "$tgz" ] || ! echo "$sha  $tgz" | sha256sum -c - >/dev/null 2>&1; then
		rm -f "$tgz"
		echo "fetch-data: npm pack $name@$version"
		(cd data && npm pack --silent "$name@$version" >/dev/null) || {
			echo "fetch-data: cannot fetch $name@$version (npm pack failed)" >&2
			exit 1
		}
	fi
	if ! echo "$sha  $tgz" | sha256sum -c - >/dev/null 2>&1; then
		echo "fetch-data: sha256 mismatch for $tgz: refusing it" >&2
		rm -f "$tgz"
		exit 1
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -xzf "$tgz" -C "$dir" --strip-components=1
done
touch data/.fetched
