#!/bin/sh
# Verdicts: each indicator's met, review and (where the policy has one) not
# met path, on small fixture repositories built here.
. "$(dirname "$0")/lib.sh"

# verdict SCAN IND: the stored verdict of one indicator
verdict() { sql "SELECT verdict FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }
reason() { sql "SELECT reason || ' / ' || coalesce(missing, '') FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }

# ---- the demo project: met everywhere it can be ---------------------------
make_project full
run dpgaudit scan full
expect_rc 0 "a complete project"
for ind in 1 2 3 4 5 6 7 8 9a 9c; do
	expect_eq "$(verdict 1 $ind)" met "full project: indicator $ind met"
done
expect_eq "$(verdict 1 9b)" review "9b: no moderation policy: review"
expect_out "^   2  Approved open license +met$" "the checklist shows the verdict"
expect_out "^      Apache-2.0; for software: accepted$" "with its reason"
expect_out "missing: a moderation or abuse-reporting policy" "what is missing is named"
# Apache-2.0's "wherever such third-party notices normally appear" is a
# sentence of the license, not a list of bundled licenses
expect_no_out "license-bundled-section" "no bundled section inside a license text"
run dpgaudit report --format json 1
expect_eq "$(json_get "$T/out" '$.indicators[1].indicator')" 2 "json: indicators in order"
expect_eq "$(json_get "$T/out" '$.indicators[1].verdict')" met "json: verdict"
expect_eq "$(json_get "$T/out" '$.indicators[9].verdict')" review "json: 9b verdict"
expect_eq "$(json_get "$T/out" '$.scan.solution_types')" software "json: solution type"

# ---- partial evidence: review ---------------------------------------------
mkdir part part/.github part/src
cat >part/README.md <<'MD'
# Widget

A widget server with a health check endpoint.
MD
license_text MIT >part/LICENSE
printf '{"name": "widget", "license": "ISC",\n "dependencies": {"mongodb": "^6.0.0", "firebase": "^10.1.0"}}\n' >part/package.json
printf '// Copyright 2021 Alpha Corp\n' >part/src/a.js
printf '// Copyright 2022 Beta Labs\n' >part/src/b.js
printf '// Copyright 2023 Gamma Org\n' >part/src/c.js
printf 'function exportCsv(rows) { return rows.join(","); }\n' >part/src/export.js
printf '# Privacy\n\nWe collect as little data as we can.\n' >part/PRIVACY.md
printf '# Security\n\nReport issues to security@widget.example.\n' >part/SECURITY.md
printf '# Contributing\n\nSend pull requests.\n' >part/CONTRIBUTING.md
printf '# Code of conduct\n\nBe kind.\n' >part/CODE_OF_CONDUCT.md
printf '# Reporting abuse\n\nReport abusive content with the Report button; moderators remove it.\n' >part/ABUSE.md
run dpgaudit scan part
expect_rc 0 "partial evidence: no indicator is not met"
expect_eq "$(verdict 2 1)" review "1: no SDG evidence (a health check is not health): review"
expect_eq "$(verdict 2 2)" met "2: package.json says ISC (npm's default), LICENSE is MIT: met"
expect_out "note: package.json says ISC \(npm's default\)" "2: the note is said"
expect_eq "$(verdict 2 3)" review "3: three different holders: review"
expect_eq "$(verdict 2 4)" review "4: MongoDB and Firebase: review"
expect_out "closed or source-available component" "4: the components are named"
expect_eq "$(verdict 2 5)" review "5: a README without install or usage: review"
expect_out "missing: installation instructions; usage instructions" "5: says what is missing"
expect_eq "$(verdict 2 7)" review "7: a privacy policy without laws: review"
expect_eq "$(verdict 2 8)" review "8: only a contribution guide: review"
expect_eq "$(verdict 2 9a)" review "9a: a security policy without data protection: review"
expect_eq "$(verdict 2 9c)" review "9c: a code of conduct without a contact: review"

# ---- nothing at all: not met where the policy says so -----------------------
mkdir -p bare/node_modules/dep && printf 'int main(void) { return 0; }\n' >bare/main.c
# a dependency's own policies are not the project's
printf '# Security\n\nReport to sec@dep.example.\n' >bare/node_modules/dep/SECURITY.md
printf '# Code of conduct\n\nReport to coc@dep.example.\n' >bare/node_modules/dep/CODE_OF_CONDUCT.md
run dpgaudit scan bare
expect_rc 1 "exit 1 when an indicator is not met"
expect_eq "$(verdict 3 2)" "not met" "2: no license at all: not met"
expect_eq "$(verdict 3 5)" "not met" "5: no README or docs: not met"
expect_eq "$(verdict 3 1)" review "1: never not met"
expect_eq "$(verdict 3 6)" review "6: no evidence: review"
expect_eq "$(reason 3 9a)" "no security policy or data-protection document was found / a security policy; data-protection documentation" \
	"9a: a vendored SECURITY.md does not count"
expect_eq "$(reason 3 9c)" "no code of conduct was found (needed if users interact) / a code of conduct; a way to report abuse (an enforcement contact)" \
	"9c: a vendored code of conduct does not count"
expect_out "no license file, license notice, manifest license or SPDX tag was found" \
	"2: the reason says what was looked for"

# ---- a license not accepted for the solution type ---------------------------
make_project nd
license_text CC-BY-ND-4.0 >nd/LICENSE
sed -i 's/"license": "Apache-2.0"/"license": "CC-BY-ND-4.0"/' nd/package.json
sed -i 's/Apache-2.0/CC-BY-ND-4.0/' nd/src/*.js nd/tests/*.js
sed -i 's/^Licensed under.*/Licensed under CC BY-ND 4.0./' nd/README.md
run dpgaudit scan --type content nd
expect_rc 1 "a no-derivatives license"
expect_eq "$(verdict 4 2)" "not met" "2: CC-BY-ND-4.0 is never accepted"
expect_out "for content: not-accepted" "2: the type is named"

# the solution type decides: CC-BY-NC is content-only
make_project nc
license_text CC-BY-NC-4.0 >nc/LICENSE
sed -i 's/"license": "Apache-2.0"/"license": "CC-BY-NC-4.0"/' nc/package.json
sed -i 's/Apache-2.0/CC-BY-NC-4.0/' nc/src/*.js nc/tests/*.js
sed -i 's/^Licensed under.*/Licensed under CC BY-NC 4.0./' nc/README.md
run dpgaudit scan --type content nc
expect_eq "$(verdict 5 2)" met "2: CC-BY-NC-4.0 is accepted for content"
run dpgaudit scan --type software nc
expect_rc 1 "CC-BY-NC for software"
expect_eq "$(verdict 6 2)" "not met" "2: CC-BY-NC-4.0 is not accepted for software"
run dpgaudit scan --type game nc
expect_rc 64 "an unknown solution type"

# never confidently wrong: a reworded BSD-3-Clause ("the author") whose
# third clause grants endorsement instead of refusing it is BSD-3-Clause
# near (not the rare BSD-3-Clause-HP), and adds no restriction: met
make_project bsd
rm bsd/package.json
sed -i '/^Licensed under/d' bsd/README.md
rm bsd/src/*.js bsd/tests/*.js
cat >bsd/LICENSE <<'TXT'
Copyright (c) 2015, Jane Doe
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. The name of the author may be
   used to endorse or promote products derived from this software without
   specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE AUTHOR ``AS IS'' AND
ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES
(INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES;
LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND
ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
(INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
TXT
run dpgaudit scan bsd
expect_eq "$(verdict 7 2)" met "2: a reworded BSD-3-Clause granting more: met"
expect_out "BSD-3-Clause; for software: accepted" "2: the reason says why"

# a license stated only in the README: detected, but for review
mkdir readme-only
printf '# Tool\n\n## License\n\nThis project is licensed under the MIT License.\n' >readme-only/README.md
run dpgaudit scan readme-only
expect_eq "$(verdict 8 2)" review "2: a README statement alone: review"
expect_out "^      MIT; for software: accepted; weak evidence" "2: MIT found, the evidence called weak"

finish
