#!/bin/sh
# dpgaudit scan: of several top-level files that meet a need, the verdict
# names the plainest (README.md, not README-Docker.md, which sorts first).
. "$(dirname "$0")/lib.sh"

mkdir -p p
printf '# Docker\n\nRun the image.\n' >p/README-Docker.md
printf '# App\n\n## Installation\n\nRun make.\n\n## Usage\n\nRun app.\n' >p/README.md
run dpgaudit scan -q p
expect_eq "$(sql "SELECT reason FROM verdicts WHERE scan_id = 1 AND indicator = '5'")" \
	"found a README (README.md); installation instructions (README.md:3); usage instructions (README.md:7)" \
	"the README is README.md"

finish
