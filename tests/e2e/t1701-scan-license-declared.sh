#!/bin/sh
# dpgaudit scan: licenses declared in tags, notices, READMEs and manifests,
# and the project-level answer built from them (docs/LICENSES.md).
. "$(dirname "$0")/lib.sh"

# --- an npm project whose package.json kept npm's default -------------
mkdir -p npm/src npm/node_modules/left-pad npm/docs
cat >npm/package.json <<'JSON'
{
  "name": "demo",
  "version": "1.0.0",
  "license": "ISC"
}
JSON
printf '# Demo\n\nA demo.\n\n## License\n\n[MIT](LICENSE) (c) 2024 Demo\n' >npm/README.md
printf '// SPDX-License-Identifier: MIT\nmodule.exports = 1;\n' >npm/src/a.js
printf '// SPDX-License-Identifier: MIT OR\n' >npm/src/bad.js
printf '/* SPDX-License-Identifier: GPL-2.0+ */\n' >npm/src/old.js
printf '{"name": "left-pad", "license": "WTFPL"}\n' >npm/node_modules/left-pad/package.json
printf 'The documentation is licensed under a Creative Commons Attribution 4.0 International License.\n' >npm/docs/README.md
run dpgaudit scan npm
expect_out "license-manifest ISC: package.json:4" "manifest field with its line"
expect_out "project-license ISC" "the manifest decides without a license text"
expect_eq "$(sql "SELECT value FROM findings WHERE kind='license-notice' AND path='README.md'")" \
	MIT "README License section read"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='license-conflict' AND value LIKE 'README differs: MIT vs ISC'")" \
	1 "README and manifest disagree: a conflict"
expect_eq "$(sql "SELECT line || ' ' || value FROM findings WHERE kind='spdx-tag' AND path='src/a.js'")" \
	"1 MIT" "valid tag"
expect_eq "$(sql "SELECT value FROM findings WHERE kind='spdx-tag' AND path='src/old.js'")" \
	"GPL-2.0-or-later" "deprecated id read as its current id"
expect_eq "$(sql "SELECT value || ' | ' || excerpt FROM findings WHERE kind='spdx-tag-invalid'")" \
	"MIT OR | offset 6: expected a license id at the end" "invalid tag with reason and offset"
expect_eq "$(sql "SELECT value FROM findings WHERE kind='license-vendored'")" \
	"node_modules/left-pad: WTFPL" "vendored package reported apart"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='project-license' AND value LIKE '%WTFPL%'")" \
	0 "vendored code never outvotes the project"
expect_eq "$(sql "SELECT value FROM findings WHERE kind='license-scope' AND value LIKE 'docs:%'")" \
	"docs: CC-BY-4.0" "documentation license reported with its scope"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='license-acceptance' AND value LIKE 'ISC software=accepted%'")" \
	1 "acceptance per solution type"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='project-license' AND path IS NULL")" \
	1 "project answer has no path"

# --- a GNU project: the notice decides -or-later ------------------------
mkdir -p gnu/src
cat >gnu/src/main.c <<'EOF2'
/*
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 */
int main(void) { return 0; }
EOF2
cat >gnu/COPYING <<'EOF2'
                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

                            Preamble

                     END OF TERMS AND CONDITIONS

            How to Apply These Terms to Your New Programs

    it under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.
EOF2
run dpgaudit scan gnu
expect_eq "$(sql "SELECT path || ':' || line || ' ' || value FROM findings WHERE kind='license-notice' AND scan_id=2")" \
	"src/main.c:2 GPL-3.0-or-later" "GNU notice with -or-later (from its sentence's start); the COPYING sample notice ignored"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='project-license' AND scan_id=2")" \
	0 "COPYING is no license text anyone identified: one file notice does not decide"
printf 'int f(void) { return 1; }\n' >gnu/src/f.c
rm gnu/COPYING
run dpgaudit scan gnu
expect_eq "$(sql "SELECT value FROM findings WHERE kind='project-license' AND scan_id=3")" \
	"GPL-3.0-or-later" "without a license file, the files' notices decide"

# --- R: MIT + file LICENSE ------------------------------------------------
mkdir rpkg
printf 'Package: demo\nVersion: 0.1\nLicense: MIT + file LICENSE\n' >rpkg/DESCRIPTION
printf 'YEAR: 2024\nCOPYRIGHT HOLDER: Demo authors\n' >rpkg/LICENSE
run dpgaudit scan rpkg
expect_eq "$(sql "SELECT value FROM findings WHERE kind='project-license' AND scan_id=4")" \
	MIT "R's MIT + file LICENSE"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='license-conflict' AND scan_id=4")" \
	0 "the two-line stub is no conflict"

# --- nothing declared ------------------------------------------------------
mkdir none
echo 'hello' >none/main.py
run dpgaudit scan none
expect_rc 1 "no license: indicator 2 not met"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE kind='project-license' AND scan_id=5")" \
	0 "no project answer without evidence"

finish
