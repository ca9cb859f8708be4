#!/bin/sh
# bench/sdg-eval.sh [-H] [-v] [-g] [-s SPLIT]: build the library and the
# evaluation driver, then measure the SDG scorer on the labelled splits:
# tests/data/sdg/*.tsv (tune, held: written for this project) and the
# registry pairs made by bench/sdg-registry.py from the DPG registry's
# nomination records ($NOMINEES, default /work/shared/registry/nominees;
# reg-train, reg-test); with -H, also the held-out description pairs of
# the same records (desc-a, desc-b: made before issue 11's second round
# tuned anything; desc-a is tuned on since the third round, desc-b stays
# held out).  Prints the confusion
# counts, precision, recall and accuracy per split; -g adds "strong only"
# and per-goal figures; -v lists every wrong prediction; -s SPLIT scores
# one split only.  docs/SDG.md says how each split was made; never tune on
# (or read the errors of) reg-test or desc-b.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
NOMINEES=${NOMINEES:-/work/shared/registry/nominees}
make --no-print-directory -s "$BUILD/libdpgaudit.a" >&2
mkdir -p "$BUILD/bench"
# shellcheck disable=SC2046
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 \
	-Wall -Wextra -Werror -Iinclude -o "$BUILD/bench/sdg-eval" \
	bench/sdg-eval.c \
	$(make --no-print-directory -s BUILD="$BUILD" link-flags)
held=
if [ "${1:-}" = -H ]; then
	held=$BUILD/bench/registry-desc.tsv
	shift
fi
data=tests/data/sdg/*.tsv
if [ -d "$NOMINEES" ]; then
	# shellcheck disable=SC2086
	python3 bench/sdg-registry.py "$NOMINEES" "$BUILD/bench/registry.tsv" $held
	data="$data $BUILD/bench/registry.tsv $held"
else
	echo "sdg-eval: no $NOMINEES: registry splits left out" >&2
fi
# shellcheck disable=SC2086
exec "$BUILD/bench/sdg-eval" -r rules/sdg "$@" $data
