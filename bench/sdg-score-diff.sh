#!/bin/sh
# bench/sdg-score-diff.sh record|check: the recorded-results check of the SDG
# scorer for speed work.  Every file of the bench corpus's work trees
# (bench/corpus.sh; files under 2 MB, their first 512 KiB) is scored with
# the shipped vocabulary by bench/sdg-score-dump.c, which prints every field
# of the result (raw, top, spread exactly, hits, terms, strength, excerpts),
# and the output is compared with a recorded baseline (exit 1: differs).
# Finer than bench/audit-diff.sh, which sees only what a repository's
# report keeps.
#
#   sh bench/sdg-score-diff.sh record   # before a change
#   sh bench/sdg-score-diff.sh check    # after it
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
MODE=${1:-check}
BUILD=${BUILD:-build}
CORPUS=${CORPUS:-$TOP/bench/out/corpus}
BASE=${BASE:-/tmp/sdg-score-baseline.txt}
case $MODE in record | check) ;; *)
	echo "usage: sdg-score-diff.sh record|check" >&2
	exit 64
	;;
esac
make --no-print-directory -s "$BUILD/libdpgaudit.a" >&2
mkdir -p "$BUILD/bench"
# shellcheck disable=SC2046
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 \
	-Wall -Wextra -Werror -Iinclude -o "$BUILD/bench/sdg-score-dump" \
	bench/sdg-score-dump.c \
	$(make --no-print-directory -s BUILD="$BUILD" link-flags)
NEW=$(mktemp /tmp/sdg-score-XXXXXX)
trap 'rm -f "$NEW" "$NEW.list"' EXIT
find "$CORPUS" -type f -not -path '*/.git/*' -size -2M | LC_ALL=C sort >"$NEW.list"
"$BUILD/bench/sdg-score-dump" rules/sdg <"$NEW.list" >"$NEW"
if [ "$MODE" = record ]; then
	cp "$NEW" "$BASE"
	echo "sdg-score-diff: $(wc -l <"$NEW.list") files recorded in $BASE"
	exit 0
fi
if cmp -s "$BASE" "$NEW"; then
	echo "sdg-score-diff: $(wc -l <"$NEW.list") files identical"
else
	diff "$BASE" "$NEW" | head -20
	echo "sdg-score-diff: differs from $BASE" >&2
	exit 1
fi
