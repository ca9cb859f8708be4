#!/bin/sh
# dpgaudit scan: the project-level license from real license texts (taken
# from the fetched corpus at test time; no license text is committed), with
# the real-world layouts of docs/LICENSES.md.
. "$(dirname "$0")/lib.sh"

CORPUS="$TOP/data/spdx-license-list/spdx-full.json"
if [ ! -f "$CORPUS" ]; then
	echo "  skip: $CORPUS missing (make data)"
	finish
	exit
fi
# text ID FILE: write the SPDX list's text of ID to FILE
text() {
	sqlite3 :memory: "SELECT json_extract(readfile('$CORPUS'), '\$.\"$1\".licenseText')" >"$2"
}
# project SCAN: the project-license value of scan SCAN
project() {
	sql "SELECT value FROM findings WHERE kind='project-license' AND scan_id=$1"
}

# 1. the GNU lesser layout: COPYING (GPL) + COPYING.LESSER (LGPL) is the LGPL
mkdir lesser
text GPL-3.0-only lesser/COPYING
text LGPL-3.0-only lesser/COPYING.LESSER
run dpgaudit scan lesser
expect_eq "$(project 1)" "LGPL-3.0-only" "GPL + LGPL texts: the LGPL"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=1 AND kind='license-conflict'")" 0 "no conflict"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=1 AND kind='project-license' AND excerpt LIKE '%read as -only%'")" \
	1 "the evidence says how -only was decided"

# 2. a GPL-3.0 text alone, whose How-to-Apply sample says "or later"
mkdir gpl
text GPL-3.0-only gpl/LICENSE
run dpgaudit scan gpl
expect_eq "$(project 2)" "GPL-3.0-only" "the appendix's sample notice does not make it -or-later"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=2 AND kind='license-notice'")" 0 "no notice read inside the text"

# 3. the same text and a README notice that says or later
cp -r gpl gpl2
printf '# Tool\n\nThis program is free software: you can redistribute it and/or modify it\nunder the terms of the GNU General Public License as published by the Free\nSoftware Foundation, either version 3 of the License, or (at your option)\nany later version.\n' >gpl2/README.md
run dpgaudit scan gpl2
expect_eq "$(project 3)" "GPL-3.0-or-later" "the README notice decides -or-later"

# 4. README claims GPL, the file is AGPL
mkdir agpl
text AGPL-3.0-only agpl/LICENSE
printf '# Tool\n\nReleased under the GNU GPL v3.\n' >agpl/README.md
run dpgaudit scan agpl
expect_eq "$(project 4)" "AGPL-3.0-only" "the license file decides"
expect_eq "$(sql "SELECT value FROM findings WHERE scan_id=4 AND kind='license-conflict'")" \
	"README differs: GPL-3.0 vs AGPL-3.0-only" "README claim vs AGPL file: a conflict"

# 5. npm's default ISC left beside an MIT LICENSE
mkdir npm
text MIT npm/LICENSE
sed -i 's/<year>/2024/; s/<copyright holders>/Demo/' npm/LICENSE
printf '{\n  "name": "demo",\n  "license": "ISC"\n}\n' >npm/package.json
run dpgaudit scan npm
expect_eq "$(project 5)" "MIT" "LICENSE decides"
expect_eq "$(sql "SELECT value || ' @ ' || path || ':' || line FROM findings WHERE scan_id=5 AND kind='license-note'")" \
	"package.json says ISC (npm's default): ISC vs MIT @ package.json:3" "npm default ISC: a note"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=5 AND kind='license-conflict'")" 0 "npm default ISC: no conflict"

# 6. parts: code MIT, data ODbL, docs CC-BY-4.0, vendored Apache-2.0
mkdir -p parts/docs parts/vendor/lib
cp npm/LICENSE parts/LICENSE
text ODbL-1.0 parts/LICENSE.data.md
text CC-BY-4.0 parts/docs/LICENSE
text Apache-2.0 parts/vendor/lib/LICENSE
run dpgaudit scan parts
expect_eq "$(project 6)" "MIT" "the code's license"
expect_eq "$(sql "SELECT group_concat(value, ', ') FROM (SELECT value FROM findings WHERE scan_id=6 AND kind='license-scope' ORDER BY value)")" \
	"data: ODbL-1.0, docs: CC-BY-4.0" "data and docs licenses with their scope"
expect_eq "$(sql "SELECT value FROM findings WHERE scan_id=6 AND kind='license-vendored'")" \
	"vendor/lib: Apache-2.0" "vendored code apart"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=6 AND kind='license-acceptance' AND value LIKE 'ODbL-1.0 software=not-accepted content=not-accepted data=accepted%scope=data'")" \
	1 "ODbL accepted for data only"

# 7. Rust's dual layout: LICENSE-MIT + LICENSE-APACHE, Cargo says OR
mkdir dual
cp npm/LICENSE dual/LICENSE-MIT
text Apache-2.0 dual/LICENSE-APACHE
printf '[package]\nname = "x"\nlicense = "MIT OR Apache-2.0"\n' >dual/Cargo.toml
run dpgaudit scan dual
expect_eq "$(project 7)" "MIT OR Apache-2.0" "the manifest gives the operator"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=7 AND kind='license-conflict'")" 0 "no conflict"

# 8. a Rails application: no root license, every source file's header
#    says GPL-2.0 or later, a plugin keeps MIT's text in MIT-LICENSE and a
#    script bundles MIT's text in its header
mkdir -p rails/app rails/lib/plugins/gravatar rails/public/js
for f in a b c d; do
	printf '# Redmine\n# This program is free software; you can redistribute it and/or\n# modify it under the terms of the GNU General Public License\n# as published by the Free Software Foundation; either version 2\n# of the License, or (at your option) any later version.\nclass %s; end\n' "$f" >rails/app/$f.rb
done
cp npm/LICENSE rails/lib/plugins/gravatar/MIT-LICENSE
{ echo '/*'; cat npm/LICENSE; echo '*/'; echo 'var form = 1;'; } >rails/public/js/form.js
run dpgaudit scan rails
expect_eq "$(project 8)" "GPL-2.0-or-later" "the files' notices, not the plugin's MIT-LICENSE"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=8 AND kind='license-scope' AND value='lib/plugins/gravatar: MIT'")" \
	1 "the plugin's license is its directory's"

finish
