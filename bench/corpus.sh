#!/bin/sh
# bench/corpus.sh [LIST]: build the bench corpus, one git repository per
# line of bench/corpus.list (pinned npm packages and Debian packages, and
# two directories of this machine), under $CORPUS (default
# bench/out/corpus/PART/NAME; never committed).
#
# Each repository has one commit with a fixed author and date, then
# `git gc` (packed, as a clone has it).  A repository already built is kept
# (delete it to rebuild).  Downloads are cached in $CORPUS/.dl.  At the end
# $CORPUS/MANIFEST lists PART NAME FILES BYTES COMMIT, and
# $CORPUS/MACHINE the Debian packages of this machine (the two `dir`
# repositories depend on them).
#
#   sh bench/corpus.sh               # everything (about 20 minutes)
#   PARTS="web data" sh bench/corpus.sh   # some parts only
#   CORPUS=DIR sh bench/corpus.sh bench/corpus-holdout.list
#                                    # the held-out corpus (see that list)
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
LIST=${1:-$TOP/bench/corpus.list}
CORPUS=${CORPUS:-$TOP/bench/out/corpus}
PARTS=${PARTS:-}
DL="$CORPUS/.dl"
mkdir -p "$DL"

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org \
	GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org \
	GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' \
	GIT_COMMITTER_DATE='2024-01-01T00:00:00Z'

die() {
	echo "corpus: $*" >&2
	exit 1
}

# npm_into DIR NAME@VERSION: the package's files into DIR.
npm_into() {
	spec=$2
	tgz=$(printf '%s' "$spec" | sed 's,^@,,; s,/,-,; s,@,-,').tgz
	if [ ! -f "$DL/$tgz" ]; then
		(cd "$DL" && npm pack -q "$spec" >/dev/null 2>&1) ||
			die "npm pack $spec failed"
		[ -f "$DL/$tgz" ] || die "npm pack $spec: no $tgz"
	fi
	mkdir -p "$1"
	tar -xzf "$DL/$tgz" -C "$1" --strip-components=1 --no-same-owner
}

# deb_into DIR PACKAGE=VERSION: the package's files into DIR.
deb_into() {
	pkg=${2%%=*}
	ver=${2#*=}
	deb=$(ls "$DL/${pkg}_"*.deb 2>/dev/null | head -1 || true)
	if [ -z "$deb" ]; then
		(cd "$DL" && apt-get download -q "$2" >/dev/null 2>&1) ||
			die "apt-get download $2 failed (version gone from the mirror?)"
		deb=$(ls "$DL/${pkg}_"*.deb | head -1)
	fi
	got=$(dpkg-deb -f "$deb" Version)
	[ "$got" = "$ver" ] || die "$deb is version $got, not $ver"
	dpkg-deb -x "$deb" "$1"
}

APTDIR="$DL/apt"
. "$TOP/bench/apt-src.sh"

build() {
	part=$1
	name=$2
	kind=$3
	shift 3
	repo="$CORPUS/$part/$name"
	[ -f "$repo/.git/corpus-done" ] && return 0
	rm -rf "$repo"
	mkdir -p "$repo"
	case $kind in
	npm) npm_into "$repo" "$1" ;;
	deb) deb_into "$repo" "$1" ;;
	debsrc)
		mkdir -p "$DL/src-${1%%=*}"
		rmdir "$repo"
		debsrc_into "$DL/src-${1%%=*}" "$repo" "$1" ||
			die "apt-get source $1 failed (version gone from the mirror?)"
		;;
	npmtree)
		for spec in "$@"; do
			n=${spec%@*}
			npm_into "$repo/node_modules/$n" "$spec"
		done
		# the app itself: the first package at the top
		npm_into "$repo" "$1"
		;;
	dir) cp -R "$1/." "$repo/" 2>/dev/null || true ;;
	*) die "unknown source '$kind' for $part/$name" ;;
	esac
	chmod -R u+rwX "$repo"
	# gc.auto=0: the commit's own background gc would hold gc's lock
	(cd "$repo" && git init -q . && git -c gc.auto=0 add -A -f . &&
		git -c gc.auto=0 commit -qm "corpus: $part/$name" && git gc -q) ||
		die "git failed for $part/$name"
	touch "$repo/.git/corpus-done"
	echo "corpus: $part/$name"
}

grep -v '^#' "$LIST" | grep -v '^[[:space:]]*$' | while read -r part name kind spec; do
	if [ -n "$PARTS" ]; then
		case " $PARTS " in *" $part "*) ;; *) continue ;; esac
	fi
	# shellcheck disable=SC2086
	build "$part" "$name" "$kind" $spec
done

{
	for repo in "$CORPUS"/*/*/; do
		[ -f "$repo/.git/corpus-done" ] || continue
		repo=${repo%/}
		name=${repo##*/}
		part=${repo%/*}
		part=${part##*/}
		files=$(git -C "$repo" ls-files | wc -l)
		bytes=$(git -C "$repo" ls-tree -r -l HEAD |
			awk '$4 != "-" { s += $4 } END { print s + 0 }')
		echo "$part $name $files $bytes $(git -C "$repo" rev-parse HEAD)"
	done
} >"$CORPUS/MANIFEST"
dpkg-query -W >"$CORPUS/MACHINE"
awk '{ n++; f += $3; b += $4; p[$1] = 1 }
END { printf "corpus: %d repositories, %d files, %.0f MiB in %s\n",
	n, f, b / 1048576, "'"$CORPUS"'" }' "$CORPUS/MANIFEST"
