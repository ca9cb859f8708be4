#!/bin/sh
# bench/audit-set.sh [DIR]: fetch the hand-judged audit set into DIR
# (default $AUDIT_SET_DIR, else /tmp/dpg-audit-set): real repositories of
# varied kinds, pinned by version, never committed.
#
#   npm NAME@VERSION      `npm pack`, unpacked (the package's published tree:
#                         README, LICENSE, manifest, sources, docs)
#   deb-src PKG=VER       `apt-get source --download-only` through a private
#                         deb-src list (the system's apt sources are not
#                         touched), the upstream tree unpacked without debian/
#   deb PKG=VER:SUBDIR    `apt-get download` of the binary package, unpacked
#                         with dpkg-deb -x; the repository is SUBDIR of it
#                         (an installed R package, a /usr/share/doc tree)
#
# Each repository lands in DIR/repos/NAME (NAME is the first column of
# tests/data/audit-set/repos.tsv, which pins every version).  A repository
# already there is kept.  The judgement of each verdict is
# tests/data/audit-set/judged.tsv; bench/audit-judge.sh compares a build's
# verdicts with it.  Needs the network (the npm registry, Debian's mirror).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-${AUDIT_SET_DIR:-/tmp/dpg-audit-set}}
LIST="$TOP/tests/data/audit-set/repos.tsv"
mkdir -p "$DIR/repos" "$DIR/dl"

APTDIR="$DIR/apt"
. "$TOP/bench/apt-src.sh"

grep -v '^#' "$LIST" | while IFS='	' read -r name how spec kind _why; do
	[ -n "$name" ] || continue
	dest="$DIR/repos/$name"
	[ -d "$dest" ] && continue
	echo "audit-set: $name ($how $spec)" >&2
	tmp="$DIR/dl/$name"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	case "$how" in
	npm)
		(cd "$tmp" && npm pack --silent "$spec" >/dev/null)
		mkdir -p "$dest.part"
		tar -xzf "$tmp"/*.tgz -C "$dest.part" --strip-components=1
		;;
	deb-src)
		debsrc_into "$tmp" "$dest.part" "$spec"
		;;
	deb)
		pkgver=${spec%%:*}
		sub=${spec#*:}
		(cd "$tmp" && apt-get download -qq "$pkgver" >/dev/null 2>&1)
		mkdir -p "$tmp/x"
		dpkg-deb -x "$tmp"/*.deb "$tmp/x"
		cp -R "$tmp/x/$sub" "$dest.part"
		;;
	*)
		echo "audit-set: $name: unknown source kind '$how'" >&2
		exit 2
		;;
	esac
	mv "$dest.part" "$dest"
	rm -rf "$tmp"
done
echo "audit-set: $(ls "$DIR/repos" | wc -l) repositories in $DIR/repos" >&2
