#!/bin/sh
# bench/run.sh [BIN]: every speed bench of bench/, in one run (make bench).
# Accuracy benches (license-accuracy.sh, sdg-eval.sh) are run on their own.
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-build/dpgaudit}
echo "== scan vs git archive (bench/scan-speed.sh)"
sh bench/scan-speed.sh "$BIN"
echo "== license detection vs licensecheck and git archive (bench/license-speed.sh)"
sh bench/license-speed.sh
echo "== fetch stage vs git clone / git fetch (bench/fetch-speed.sh)"
sh bench/fetch-speed.sh
