#!/bin/sh
# dpgaudit scan, SDG relevance (issue 11): only the project's own
# descriptions count.  License texts under any name, data tables, generated
# HTML and API pages, lessons, examples, publiccode.yml user lists, credit
# sections, names of funders and badges give no goal; the README's purpose
# and publiccode.yml's description do, with their lines.
. "$(dirname "$0")/lib.sh"

mkdir -p proj/fonts proj/docs/api proj/docs/site proj/lessons proj/examples/farm
cat >proj/README.md <<'MD'
# Tilemill

![Digital Public Good](https://img.shields.io/badge/DPG-yes-green)
[![SDG 3](https://img.shields.io/badge/SDG-3-red)](https://sdgs.un.org/goals/goal3)

A vector tile server with a plugin system.

## Transparency

Every request is logged with its user.

### Storybook Integration

Run `yarn storybook` to browse the React components.

## Acknowledgements

We thank the smallholder farmers and agricultural extension officers of
the Ministry of Agriculture who tested the first version.

Support from the Federal Ministry of Education and Research is gratefully
acknowledged.
MD
cat >"proj/fonts/Apache License.txt" <<'TXT'
                                 Apache License
                           Version 2.0, January 2004

   Malaria, tuberculosis and HIV: maternal health for every mother.
   Sustainable Development Goal 3. Universal health coverage.
TXT
cat >proj/docs/isic.md <<'TXT'
0111 Growing of cereals (except rice), leguminous crops and oil seeds
0112 Growing of rice
0113 Growing of vegetables and melons, roots and tubers
0121 Growing of grapes
0141 Raising of cattle and buffaloes
0311 Marine fishing
0312 Freshwater fishing
TXT
cat >proj/docs/api/health.md <<'TXT'
Public health surveillance of malaria and tuberculosis cases.
TXT
cat >proj/docs/site/index.html <<'TXT'
<html><head><meta name="generator" content="TypeDoc"></head>
<body><p>Public health surveillance of malaria and tuberculosis.</p></body></html>
TXT
cat >proj/lessons/week1.md <<'TXT'
# Lesson 1: hunger

Famine and food insecurity: how smallholder farmers face drought.
TXT
cat >proj/examples/farm/README.md <<'TXT'
Smallholder farmers record crop yields and food security indicators.
TXT
cat >proj/publiccode.yml <<'YML'
publiccodeYmlVersion: "0.2"
name: Tilemill
usedBy:
  - Ministry of Health malaria programme
  - Smallholder farmers cooperative
  - National water and sanitation agency
description:
  en:
    shortDescription: A vector tile server.
    longDescription: >
      Tilemill serves vector tiles of roads and buildings.
YML

run dpgaudit scan proj
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=1 AND kind LIKE 'sdg-%'")" \
	0 "no goal from names, badges, labels, credits or files that are not the project's prose"
expect_out "no evidence of relevance to any SDG|no SDG" "the verdict says so"

# the project's own descriptions do count: README purpose, publiccode.yml
cat >>proj/README.md <<'MD'

## Purpose

Health workers use the maps to plan malaria bed net campaigns in rural districts.
MD
cat >proj/publiccode.yml <<'YML'
publiccodeYmlVersion: "0.2"
name: Tilemill
usedBy:
  - National water and sanitation agency
description:
  en:
    longDescription: >
      District teams plan the distribution of insecticide-treated bed nets
      against malaria.
YML
run dpgaudit scan proj
expect_eq "$(sql "SELECT value || '|' || excerpt FROM findings WHERE scan_id=2 AND kind='sdg-goal'")" \
	"3|strong" "goal 3 from the README's purpose and the description"
expect_eq "$(sql "SELECT path || ':' || line FROM findings WHERE scan_id=2 AND kind='sdg-evidence' ORDER BY id")" \
	"README.md:26
publiccode.yml:9" "evidence from the README and publiccode.yml's description, with lines"
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=2 AND kind='sdg-goal' AND value<>'3'")" \
	0 "no other goal (not 6 from the users list)"
finish
