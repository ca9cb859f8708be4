#!/bin/sh
# dpgaudit scan: the reasons name what a reviewer reads (issue 9): the
# project's top-level README, not a sub-module's first in path order;
# every license of a split-license project; and the nomination check
# compares the registry's list with every part (issue 10, class 3).
. "$(dirname "$0")/lib.sh"

if [ ! -f "$TOP/data/spdx-license-list/licenses/MIT.json" ]; then
	echo "  skip: the SPDX corpus is missing (make data)"
	finish
	exit
fi
reason() { sql "SELECT reason FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }
verdict() { sql "SELECT verdict FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }

# a project whose sub-modules' READMEs come first in path order
mkdir -p proj/app/ui proj/api
license_text BSD-3-Clause | sed 's/<year> <owner>/2023, Health Data Lab/' >proj/LICENSE
license_text ODbL-1.0 >proj/LICENSE.data.md
printf '# UI\n\n## Installation\n\nnpm install\n\n## Usage\n\nnpm start\n' >proj/app/ui/README.md
printf '# API\n\n## Installation\n\npip install .\n' >proj/api/README.md
printf '# Health Data Lab\n\n## Installation\n\nmake install\n\n## Usage\n\nRun `hdl serve`.\n' >proj/README.md
printf 'code,name\nKE,Kenya\n' >proj/regions.csv
run dpgaudit scan --type software,data proj
expect_eq "$(reason 1 5 | sed 's/;.*//')" "for software, data: found a README (README.md)" \
	"5: the top-level README is named, not app/ui/README.md"
expect_out "installation instructions \\(README.md:3\\)" "5: its own sections too"
expect_eq "$(reason 1 2)" \
	"BSD-3-Clause; data: ODbL-1.0; for software: accepted; for data (ODbL-1.0): accepted" \
	"2: the reason names both licenses and judges the data's for data"
expect_eq "$(verdict 1 2)" met "2: met"

# the nomination lists the software license only: the data's is missing
cat >nom.json <<'JSON'
{
  "name": "Health Data Lab",
  "license": [{"spdx": "BSD-3-Clause"}],
  "type": ["software", "data"],
  "SDGs": [{"SDGNumber": 3}]
}
JSON
run dpgaudit scan --nomination nom.json proj
expect_eq "$(sql "SELECT excerpt FROM findings WHERE scan_id = 2 AND kind = 'nomination-mismatch' AND indicator = '2'")" \
	"the files show ODbL-1.0, which the nomination does not claim" "the data's license is compared too"
cat >nom2.json <<'JSON'
{
  "name": "Health Data Lab",
  "license": [{"spdx": "BSD-3-Clause"}, {"spdx": "ODbL-1.0"}],
  "type": ["software", "data"],
  "SDGs": [{"SDGNumber": 3}]
}
JSON
run dpgaudit scan --nomination nom2.json proj
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id = 3 AND kind = 'nomination-mismatch' AND indicator = '2'")" 0 \
	"both licenses claimed: no license mismatch"
expect_out "Verdicts \\(for software,data; nomination Health Data Lab\\)" "the record's types are judged"
finish
