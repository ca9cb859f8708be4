# tests/e2e/report-lib.sh: fixtures and checks of the report tests
# (t6000-t6099), sourced after lib.sh.

GOLDEN="$TOP/tests/golden"
VALIDATE="/usr/bin/python3 $TOP/tests/validate-json.py"
SCHEMAS="$TOP/docs/schema"
SARIF_SCHEMA="$TOP/data/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"

# make_weak DIR: a project with what a reviewer must act on: two licenses
# that disagree, an SPDX tag that does not parse, a closed component, a
# vendored folder, a binary file.
make_weak() {
	mkdir -p "$1/src" "$1/vendor/fastlib"
	cat >"$1/README.md" <<'EOT'
# Tracker

Tracker keeps a list of field visits.

Licensed under the GNU General Public License v3.0 or later.
EOT
	cat >"$1/package.json" <<'EOT'
{
  "name": "tracker",
  "license": "MIT",
  "dependencies": {
    "mongodb": "^6.3.0",
    "express": "^4.19.2",
    "lodash": "^4.17.21"
  }
}
EOT
	printf '// SPDX-License-Identifier: MIT OR\nmodule.exports = 1;\n' \
		>"$1/src/app.js"
	printf '// Copyright 2019 Fastlib Authors\n// SPDX-License-Identifier: BSD-3-Clause\n' \
		>"$1/vendor/fastlib/fast.js"
	printf 'PNG\000\001\002' >"$1/logo.png"
}

# normalise FILE: the run's temp dir, times and the version out of a report
normalise() {
	sed -e "s|$T|/TMP|g" \
	    -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/TIME/g' \
	    -e "s/dpgaudit $(cat "$TOP/VERSION")/dpgaudit VERSION/g" \
	    -e "s/\"$(cat "$TOP/VERSION")\"/\"VERSION\"/g" "$1"
}

# golden NAME FILE: FILE, normalised, equals tests/golden/NAME.
# DPGAUDIT_UPDATE_GOLDEN=1 rewrites the golden file instead.
golden() {
	normalise "$2" >"$T/golden.now"
	if [ "${DPGAUDIT_UPDATE_GOLDEN:-0}" = 1 ]; then
		mkdir -p "$GOLDEN"
		cp "$T/golden.now" "$GOLDEN/$1"
		ok
	elif cmp -s "$T/golden.now" "$GOLDEN/$1"; then
		ok
	else
		not_ok "golden $1 differs (DPGAUDIT_UPDATE_GOLDEN=1 rewrites it):"
		diff -u "$GOLDEN/$1" "$T/golden.now" | head -30 | sed 's/^/    | /'
	fi
}

# valid SCHEMA FILE [--key K] [--optional K,..] DESCRIPTION
valid() {
	_d=$(eval echo \"\${$#}\")
	_n=$(($# - 1))
	_args=""
	_i=0
	for _a in "$@"; do
		_i=$((_i + 1))
		[ "$_i" -le "$_n" ] && _args="$_args '$_a'"
	done
	if eval "$VALIDATE $_args" >"$T/valid.out" 2>&1; then ok; else
		not_ok "$_d: not valid against $1: $(head -c 600 "$T/valid.out")"
	fi
}

# as_forge ID URL: make scan ID look like a scan of URL at a fixed commit
# (no network in tests: the forge links are what is checked)
as_forge() {
	sqlite3 "$DPGAUDIT_DB" "UPDATE targets SET locator = '$2' WHERE id = (SELECT target_id FROM scans WHERE id = $1); UPDATE scans SET commit_id = '0123456789abcdef0123456789abcdef01234567' WHERE id = $1"
}
