#!/bin/sh
# bench/sdg-eval.sh [-v] [-s SPLIT]: build the library and the evaluation
# driver, then measure the SDG scorer on tests/data/sdg/*.tsv.  Prints the
# confusion counts, precision, recall and accuracy per split (tune, held).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
make --no-print-directory -s "$BUILD/libdpgaudit.a" >&2
mkdir -p "$BUILD/bench"
# shellcheck disable=SC2046
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 \
	-Wall -Wextra -Werror -Iinclude -o "$BUILD/bench/sdg-eval" \
	bench/sdg-eval.c "$BUILD/libdpgaudit.a" \
	$(pkg-config --libs libgit2 libarchive libpcre2-8 sqlite3) -lm
exec "$BUILD/bench/sdg-eval" -r rules/sdg "$@" tests/data/sdg/*.tsv
