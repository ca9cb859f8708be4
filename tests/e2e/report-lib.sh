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

# normalise FILE: the run's temp dir, times, the version and the ruleset
# fingerprint (it changes with every build) out of a report
normalise() {
	sed -e "s|$T|/TMP|g" \
	    -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/TIME/g' \
	    -e "s/dpgaudit $(cat "$TOP/VERSION")/dpgaudit VERSION/g" \
	    -e "s/\"$(cat "$TOP/VERSION")\"/\"VERSION\"/g" \
	    -e 's/"ruleset": "[0-9a-f]\{40\}"/"ruleset": "RULESET"/' \
	    -e 's/^   ruleset   [0-9a-f]\{12\}$/   ruleset   RULESET/' "$1"
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

# make_hostile DIR: a repository written by an attacker: names and
# excerpts with HTML, script tags, javascript: URLs, control characters,
# bidi overrides, invalid UTF-8 and huge names; and a nomination record
# (DIR.json) whose name is a script.
make_hostile() {
	mkdir -p "$1/docs"
	{
		printf '# Evil <script>document.title="pwned"</script>\n\n'
		printf 'Health clinics for mothers and children: maternal health, immunization and antenatal care.\n\n'
		printf 'Licensed under the MIT License <img src=x onerror=alert(1)> [x](javascript:alert(1)) \342\200\256gnp.exe \033[2J\033[31mRED \377\376 @everyone.\n'
	} >"$1/README.md"
	printf 'Copyright 2024 <script>alert(2)</script> \342\200\256Org\033]0;title\007 \377 Ltd\n' \
		>"$1/NOTICE"
	printf '{"name": "evil", "license": "<b>MIT</b>\\u202e", "dependencies": {"<script>x</script>": "1", "mongodb": "javascript:alert(4)"}}\n' \
		>"$1/package.json"
	printf 'x\000' >"$1/<img src=x onerror=alert(5)>.png"
	printf 'x\000' >"$1/$(printf 'esc\033[2Jclear.bin')"
	printf 'x\000' >"$1/$(printf 'bidi\342\200\256txt.exe')"
	printf 'x\000' >"$1/$(printf 'bad\377utf.bin')"
	_long="$1"
	for _i in 1 2 3 4 5; do
		_long="$_long/$(printf '%0200d' 0 | tr 0 d)"
	done
	mkdir -p "$_long"
	printf 'x\000' >"$_long/deep.bin"
	ln -s /etc/passwd "$1/javascript:alert(6)"
	cat >"$1.json" <<'EOT'
{"name": "<script>document.title='pwned'</script>\u202eEvil", "description": "x",
 "license": [{"spdx": "MIT", "licenseURL": "javascript:alert(7)"}],
 "SDGs": [{"SDGNumber": 3, "evidenceText": "<img src=x onerror=alert(8)>"}],
 "type": ["software"], "stage": "nominee",
 "organizations": [{"name": "<b>Org</b>", "org_type": "owner"}],
 "repositories": [{"name": "main", "url": "javascript:alert(9)"}]}
EOT
}
