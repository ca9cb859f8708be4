#!/bin/sh
# bench/license-accuracy.sh: license-file detection on real packages,
# dpgaudit against licensee and licensecheck on the same files.
#
#   sh bench/license-accuracy.sh [DPGAUDIT]
#
# 1. npm: installs express, webpack, eslint, jest and typescript (with
#    their dependencies: about 450 packages) into $NPMDIR (default
#    /tmp/dpg-npm-bench, made once; npm install --ignore-scripts), then
#    compares each package's root license file with its package.json
#    license field (bench/license-accuracy.py).
# 2. Debian: every /usr/share/doc/*/copyright in the machine-readable
#    format; each "License: NAME" paragraph followed by its text is
#    compared with what dpgaudit finds on those lines.
# Writes bench/out/license-accuracy.txt and .tsv.
. "$(dirname "$0")/lib.sh"
BIN=${1:-$TOP/build/dpgaudit}
NPMDIR=${NPMDIR:-/tmp/dpg-npm-bench}
if [ ! -d "$NPMDIR/node_modules" ]; then
	mkdir -p "$NPMDIR"
	(cd "$NPMDIR" && npm init -y >/dev/null &&
		npm install --no-audit --no-fund --ignore-scripts \
			express webpack eslint jest typescript >/dev/null)
fi
python3 "$TOP/bench/license-accuracy.py" "$BIN" "$NPMDIR/node_modules" \
	"$OUT" debian | tee "$OUT/license-accuracy.txt"
