#!/bin/sh
# Install the Debian packages dpgaudit needs to build and test, only those
# that are missing.  Needs root (or sudo) when something is missing.
set -eu
PKGS="build-essential pkg-config libgit2-dev libarchive-dev libpcre2-dev
libsqlite3-dev libcurl4-openssl-dev libdeflate-dev sqlite3 git npm libarchive-tools xz-utils
bzip2 zstd clang-format valgrind python3 python3-jsonschema chromium parallel
openssl"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	# npm may come from elsewhere (a node install) rather than the package
	exit 0
fi
# A machine's own node/npm counts: don't pull Debian's npm over it.
case " $missing " in
*" npm "*) if command -v npm >/dev/null 2>&1; then
	missing=$(echo "$missing" | sed 's/ npm//'); fi ;;
esac
[ -z "$(echo "$missing" | tr -d ' ')" ] && exit 0
echo "install-deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
