#!/bin/sh
# dpgaudit scan: copyright holders (normalised, counted), AUTHORS, CLA/DCO,
# and dependencies from manifests and container images.
. "$(dirname "$0")/lib.sh"

mkdir -p p/src p/vendor/lib p/.github p/chart
printf 'MIT License\n\nCopyright (c) 2019-2023 Acme Health, Inc. <legal@acme.org>\n\nPermission is hereby granted...\n' >p/LICENSE
printf '// Copyright 2021 ACME HEALTH INC. All rights reserved.\nint a;\n' >p/src/a.c
printf '# SPDX-FileCopyrightText: 2024 Jane Doe <jane@example.org>\nx = 1\n' >p/src/b.py
printf '// Copyright 2010 Vendor Corp\n' >p/vendor/lib/v.c
printf 'Jane Doe <jane@example.org>\nJohn Roe\n' >p/AUTHORS
printf '# Contributing\n\nSign your commits (Signed-off-by) per the DCO.\n' >p/CONTRIBUTING.md
printf 'require:\n  members: false\n' >p/.github/dco.yml
printf 'Django==4.2.1\npymongo>=4.0\n' >p/requirements.txt
printf 'services:\n  db:\n    image: mongo:6.0\n  search:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.5.0\n' >p/docker-compose.yml
printf 'image:\n  repository: bitnami/redis\n  tag: "7.4.1"\n' >p/chart/values.yaml
printf 'FROM node:18-alpine AS build\nFROM build\n' >p/Dockerfile

run dpgaudit scan -q p
if [ "$rc" -le 1 ]; then ok; else not_ok "scan: exit $rc: $(head -c 300 "$T/err")"; fi
q() { sql "SELECT $1 FROM findings WHERE scan_id = (SELECT max(id) FROM scans) AND $2"; }
expect_eq "$(q "excerpt" "kind = 'copyright-holder' AND value = 'acme health inc'")" "2 files, years 2019-2023" "holder normalised and counted"
expect_eq "$(q "value" "kind = 'copyright' AND path = 'src/b.py'")" "jane doe" "SPDX-FileCopyrightText"
expect_eq "$(q "count(*)" "kind = 'copyright' AND path LIKE 'vendor/%'")" "0" "vendored headers ignored"
expect_eq "$(q "value" "kind = 'copyright-consistency'")" "mixed" "two holders: mixed"
expect_eq "$(q "excerpt" "kind = 'authors-file'")" "2 entries" "AUTHORS entries"
expect_eq "$(sql "SELECT group_concat(value, ',') FROM (SELECT value FROM findings WHERE scan_id = (SELECT max(id) FROM scans) AND kind = 'dco' ORDER BY value)")" "bot,contributing" "DCO from the bot config and CONTRIBUTING"
expect_eq "$(q "line" "kind = 'dependency' AND value = 'pypi:django@==4.2.1'")" "1" "requirements.txt"
expect_eq "$(q "count(*)" "kind = 'dependency' AND path = 'docker-compose.yml'")" "2" "compose images"
expect_eq "$(q "value" "kind = 'dependency' AND path = 'chart/values.yaml'")" "docker:bitnami/redis@7.4.1" "Helm image"
expect_eq "$(q "value" "kind = 'dependency' AND path = 'Dockerfile'")" "docker:node@18-alpine" "Dockerfile FROM, not the stage"
expect_eq "$(sql "SELECT group_concat(value, ',') FROM (SELECT value FROM findings WHERE scan_id = (SELECT max(id) FROM scans) AND kind = 'rule' AND indicator = '4' ORDER BY value)")" "elasticsearch-server,mongodb-driver,mongodb-server,redis-source-available" "closed components flagged"
finish
