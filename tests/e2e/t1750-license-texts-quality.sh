#!/bin/sh
# dpgaudit scan: license texts read as a person reads them (issue 10,
# classes 1, 4, 7, 8, 10), from real texts: the pinned SPDX corpus and
# Debian's /usr/share/common-licenses.
. "$(dirname "$0")/lib.sh"

if [ ! -f "$TOP/data/spdx-license-list/licenses/MIT.json" ]; then
	echo "  skip: the SPDX corpus is missing (make data)"
	finish
	exit
fi
verdict() { sql "SELECT verdict FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }
reason() { sql "SELECT reason FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }
project() { sql "SELECT value FROM findings WHERE kind='project-license' AND scan_id=$1"; }
count() { sql "SELECT count(*) FROM findings WHERE scan_id=$1 AND kind='$2'"; }

# 1. the FSF's standalone LGPL-3 (COPYING.LESSER without the GPL-3.0 the
# SPDX text appends) is the project's only license file
mkdir lgpl
if [ -f /usr/share/common-licenses/LGPL-3 ]; then
	cp /usr/share/common-licenses/LGPL-3 lgpl/COPYING.LESSER
else
	license_text LGPL-3.0-only | sed '/^ *GNU GENERAL PUBLIC LICENSE/,$d' >lgpl/COPYING.LESSER
fi
printf 'int f(void) { return 1; }\n' >lgpl/f.c
run dpgaudit scan lgpl
expect_eq "$(project 1)" "LGPL-3.0-only" "1: the standalone LGPL-3 is LGPL-3.0"
expect_eq "$(sql "SELECT value || ' ' || excerpt FROM findings WHERE scan_id=1 AND kind='license-text'")" \
	"LGPL-3.0-only exact (same text as LGPL-3.0-or-later)" "1: an exact match"
expect_eq "$(verdict 1 2)" met "1: met"

# 2. a BSD-2-Clause reworded twice ("THE SOFTWARE IS PROVIDED", "THE
# AUTHORS"): BSD-2-Clause near, accepted
mkdir bsd2
license_text BSD-2-Clause | sed 's/<year> <owner>/2021, Field Lab/;
	s/THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS/THE SOFTWARE IS PROVIDED/;
	s/THE COPYRIGHT HOLDER OR CONTRIBUTORS/THE AUTHORS/' >bsd2/LICENSE
run dpgaudit scan bsd2
expect_eq "$(project 2)" "BSD-2-Clause" "2: two rewordings: still BSD-2-Clause"
expect_eq "$(count 2 license-modified)" 0 "2: rewording adds no restriction"
expect_eq "$(verdict 2 2)" met "2: met"

# 3. "The name of the author may not be used": BSD-3-Clause, not the
# rare BSD-3-Clause-HP
mkdir bsd3
license_text BSD-3-Clause | sed 's/<year> <owner>/2019, Jane Roe/;
	s/Neither the name of the copyright holder nor the names of its contributors may be used/The name of the author may not be used/;
	s/THE COPYRIGHT HOLDERS AND CONTRIBUTORS/THE AUTHOR/; s/THE COPYRIGHT HOLDER OR CONTRIBUTORS/THE AUTHOR/' >bsd3/LICENSE
run dpgaudit scan bsd3
expect_eq "$(project 3)" "BSD-3-Clause" "3: BSD-3-Clause with its differences"
expect_eq "$(verdict 3 2)" met "3: met"

# 4. restrictions added to permissive texts: modified licenses, review
mkdir mitmod apachemod
license_text MIT | sed 's/<year>/2023/; s/<copyright holders>/Acme Health/' |
	sed 's/^The above copyright notice/The Software may be used with the Acme Clinic platform only; redistribution in binary form is not permitted.\n\nThe above copyright notice/' >mitmod/LICENSE
run dpgaudit scan mitmod
expect_eq "$(verdict 4 2)" review "4: MIT with 'only' and 'not permitted' added: review"
expect_out "LICENSE:[0-9]+ is a modified license \\(MIT with a restriction added: '(The )?Software may be used with the Acme Clinic platform only" "4: the restriction is quoted"
license_text Apache-2.0 >apachemod/LICENSE
printf '\n"Commons Clause" License Condition v1.0\n\nThe Software is provided to you by the Licensor under the License, as defined below, subject to the following condition.\n\nWithout limiting other conditions in the License, the grant of rights under the License will not include, and the License does not grant to you, the right to Sell the Software.\n' >>apachemod/LICENSE
run dpgaudit scan apachemod
expect_eq "$(verdict 5 2)" review "5: Apache-2.0 with the Commons Clause appended: review"
expect_eq "$(count 5 license-modified)" 1 "5: a modified license"

# 5. a license file named for a version or a format is the project's
mkdir boost html
license_text BSL-1.0 >boost/LICENSE_1_0.txt
run dpgaudit scan boost
expect_eq "$(project 6)" "BSL-1.0" "6: LICENSE_1_0.txt alone is the project's"
expect_eq "$(count 6 license-vendored)" 0 "6: not vendored"
{ printf '<html><body><pre>\n'; license_text MIT | sed 's/<year>/2020/; s/<copyright holders>/Ana/'; printf '</pre></body></html>\n'; } >html/license.html
run dpgaudit scan html
expect_eq "$(project 7)" "MIT" "7: license.html alone is the project's"

# 6. words inside a matched license are the license's: the ODbL's
# "Example notice", GPL-3.0 on the AGPL (section 13)
mkdir odbl gpl3
license_text ODbL-1.0 >odbl/LICENSE
printf 'name,lat,lon\nclinic,1.5,2.5\n' >odbl/sites.csv
run dpgaudit scan --type data odbl
expect_eq "$(project 8)" "ODbL-1.0" "8: the ODbL text"
expect_eq "$(count 8 license-conflict)" 0 "8: its Example notice is no conflict"
expect_eq "$(verdict 8 2)" met "8: ODbL for data: met"
license_text GPL-3.0-only >gpl3/COPYING
printf 'This program is free software: you can redistribute it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.\n' >gpl3/README
run dpgaudit scan gpl3
expect_eq "$(project 9)" "GPL-3.0-or-later" "9: GPL-3.0-or-later"
expect_eq "$(count 9 license-conflict)" 0 "9: the AGPL named in section 13 is no conflict"
finish
