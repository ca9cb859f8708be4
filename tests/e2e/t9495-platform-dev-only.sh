#!/bin/sh
# dpgaudit scan: a closed or source-available component that the product
# does not need (a development dependency, a test's requirements) is named
# in the platform verdict's reason and does not make it a review; one the
# product needs does.
. "$(dirname "$0")/lib.sh"

v() { sql "SELECT verdict FROM verdicts WHERE scan_id = $1 AND indicator = '4'"; }
why() { sql "SELECT reason FROM verdicts WHERE scan_id = $1 AND indicator = '4'"; }

# 1. aws-sdk for publishing only (devDependencies)
mkdir -p dev
printf '{"name":"x","version":"1.0.0","license":"MIT",\n"dependencies":{"express":"^4.18.2"},\n"devDependencies":{"aws-sdk":"^2.1.49"}}\n' >dev/package.json
run dpgaudit scan -q dev
expect_eq "$(v 1)" "met" "a development dependency is not mandatory"
expect_eq "$(why 1)" "1 runtime dependencies read from 1 manifest; none is a known closed or source-available component; 1 closed or source-available component for development, tests or examples only, not mandatory: npm:aws-sdk@^2.1.49 (package.json:3)" \
	"the reason names it and where"

# 2. the same package at run time
mkdir -p run
printf '{"name":"x","version":"1.0.0","license":"MIT",\n"dependencies":{"express":"^4.18.2","aws-sdk":"^2.1.49"}}\n' >run/package.json
run dpgaudit scan -q run
expect_eq "$(v 2)" "review" "a runtime dependency is mandatory"

# 3. Django's layout: an optional database's driver in a test's requirements
mkdir -p py/tests/requirements
printf 'asgiref>=3.3.2\nsqlparse>=0.2.2\n' >py/requirements.txt
printf 'cx_oracle >= 6.0\n' >py/tests/requirements/oracle.txt
run dpgaudit scan -q py
expect_eq "$(v 3)" "met" "a test's requirements are not mandatory"
expect_eq "$(sql "SELECT count(*) FROM verdicts WHERE scan_id = 3 AND indicator = '4' AND reason LIKE '%pypi:cx-oracle@>= 6.0 (tests/requirements/oracle.txt:1)%'")" \
	"1" "the reason names the test's requirement"

finish
