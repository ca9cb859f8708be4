#!/bin/sh
# tests/fuzz/make-seeds.sh: (re)make the seed corpora of tests/fuzz/corpus/
# from fixtures/ and small hand-written inputs.  Run from the top of the
# repository; the output is committed (a few KB per target).  License texts
# are third-party data: fuzz_license's are added at run time from data/ by
# tests/fuzz/run.sh, not committed.
set -eu
C=tests/fuzz/corpus
rm -rf "$C/fuzz_archive" "$C/fuzz_scan" "$C/fuzz_manifest" "$C/fuzz_rules" \
	"$C/fuzz_license" "$C/fuzz_git" "$C/fuzz_pack"
mkdir -p "$C/fuzz_archive" "$C/fuzz_scan" "$C/fuzz_manifest" "$C/fuzz_rules" \
	"$C/fuzz_license" "$C/fuzz_git" "$C/fuzz_pack"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# archives: formats and hostile paths, a few entries each
mkdir -p "$tmp/t/top/sub"
printf 'MIT License\n' >"$tmp/t/top/LICENSE"
printf '# x\n' >"$tmp/t/top/README.md"
printf '{"name":"x","license":"MIT"}\n' >"$tmp/t/top/sub/package.json"
ln -s ../LICENSE "$tmp/t/top/sub/link"
(cd "$tmp/t" && bsdtar -cf "$OLDPWD/$C/fuzz_archive/top.tar" top)
(cd "$tmp/t" && bsdtar -czf "$OLDPWD/$C/fuzz_archive/top.tgz" top)
(cd "$tmp/t" && bsdtar --format zip -cf "$OLDPWD/$C/fuzz_archive/top.zip" top)
(cd "$tmp/t" && bsdtar --format cpio -cf "$OLDPWD/$C/fuzz_archive/top.cpio" top)
(cd "$tmp/t" && bsdtar --format 7zip -cf "$OLDPWD/$C/fuzz_archive/top.7z" top)
(cd "$tmp/t/top" && bsdtar --format ar -cf "$OLDPWD/$C/fuzz_archive/files.ar" LICENSE README.md)
(cd "$tmp/t" && bsdtar -s ',^top/,../,' -cf "$OLDPWD/$C/fuzz_archive/dotdot.tar" top/README.md)
(cd "$tmp/t" && bsdtar -s ',^top/,//./a//,' -cf "$OLDPWD/$C/fuzz_archive/slashes.tar" top/LICENSE top/README.md)
(cd "$tmp/t" && bsdtar --format pax -cf "$OLDPWD/$C/fuzz_archive/pax.tar" top)

# whole scans: small project trees (a few hundred bytes of text: a whole
# scan costs milliseconds per input, more for bigger ones)
mkdir -p "$tmp/s/p/docs"
printf '# Clinic queue\nHelps nurses cut waiting times in maternal health clinics (SDG 3).\nInstall: npm install. Usage: npm start. Export data as CSV.\n' >"$tmp/s/p/README.md"
printf 'Copyright 2024 Example Org\nSPDX-License-Identifier: Apache-2.0\n' >"$tmp/s/p/NOTICE"
printf '{"name":"q","license":"Apache-2.0","dependencies":{"express":"^4"}}\n' >"$tmp/s/p/package.json"
printf '# Privacy\nWe follow the GDPR.\n' >"$tmp/s/p/docs/PRIVACY.md"
(cd "$tmp/s" && bsdtar -cf "$OLDPWD/$C/fuzz_scan/project.tar" p)
(cd "$tmp/s" && bsdtar --format zip -cf "$OLDPWD/$C/fuzz_scan/project.zip" p)
(cd "$tmp/s" && bsdtar --format ustar -czf "$OLDPWD/$C/fuzz_scan/project.tgz" p)
cp "$C/fuzz_archive/top.tar" "$C/fuzz_scan/top.tar"

# manifests: first byte = index into fuzz_manifest.c's names[]
seed() { printf "\\$(printf '%03o' "$1")" >"$C/fuzz_manifest/$2"; cat >>"$C/fuzz_manifest/$2"; }
seed 0 package.json <<'X'
{"name": "x", "license": "(MIT OR Apache-2.0)", "dependencies": {"left-pad": "^1.0.0", "mapbox-gl": "2.1.0"}, "devDependencies": {"jest": "*"}, "repository": "https://github.com/x/y"}
X
seed 1 composer.json <<'X'
{"name": "a/b", "license": ["GPL-2.0-only", "MIT"], "require": {"php": ">=8", "monolog/monolog": "^3"}}
X
seed 2 requirements.txt <<'X'
flask==2.0.1  # web
-r other.txt
requests>=2,<3 ; python_version > "3.6"
git+https://example.org/x.git#egg=x
X
seed 4 pyproject.toml <<'X'
[project]
name = "x"
license = {text = "BSD-3-Clause"}
dependencies = ["numpy>=1.20", 'pandas']
[tool.poetry.dependencies]
python = "^3.9"
X
seed 6 pom.xml <<'X'
<project><licenses><license><name>Apache License, Version 2.0</name></license></licenses>
<dependencies><dependency><groupId>org.x</groupId><artifactId>y</artifactId><version>1.0</version></dependency></dependencies></project>
X
seed 7 build.gradle <<'X'
dependencies {
    implementation 'com.google.firebase:firebase-analytics:21.0.0'
    testImplementation "junit:junit:4.13"
}
X
seed 9 go.mod <<'X'
module example.org/x
go 1.21
require (
	github.com/gin-gonic/gin v1.9.0
	golang.org/x/text v0.3.0 // indirect
)
X
seed 10 Cargo.toml <<'X'
[package]
name = "x"
license = "MIT/Apache-2.0"
[dependencies]
serde = { version = "1", features = ["derive"] }
rand = "0.8"
X
seed 11 Gemfile <<'X'
source "https://rubygems.org"
gem "rails", "~> 7.0"
gem 'pg'
X
seed 13 setup.py <<'X'
from setuptools import setup
setup(name="x", license="GPLv3+", install_requires=["click>=7", "pyyaml"])
X
seed 14 App.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><PackageLicenseExpression>MIT</PackageLicenseExpression></PropertyGroup>
<ItemGroup><PackageReference Include="Newtonsoft.Json" Version="13.0.1" /></ItemGroup></Project>
X
seed 17 docker-compose.yml <<'X'
services:
  db:
    image: "mongo:6"
  web:
    image: example/web:latest
X
seed 19 values.yaml <<'X'
image:
  repository: bitnami/redis
  tag: 7.0
X
seed 20 Dockerfile <<'X'
FROM node:18-alpine AS build
FROM nginx:1.25
X
seed 21 DESCRIPTION <<'X'
Package: x
License: GPL (>= 2) | file LICENSE
Imports: dplyr (>= 1.0), ggplot2
X
seed 27 README.md <<'X'
# Clinic queue
Licensed under the Apache License, Version 2.0. Copyright (c) 2024 Example Org.
Helps health workers reduce maternal mortality (SDG 3). See our privacy policy.
[![License: MIT](https://img.shields.io/badge/License-MIT-yellow.svg)](LICENSE)
X
seed 32 main.c <<'X'
// SPDX-License-Identifier: GPL-2.0-or-later WITH Classpath-exception-2.0
/* Copyright (C) 2020-2024 Jane Doe <jane@example.org> */
int main(void) { return 0; }
X

# rule files: the shipped ones, and one of each kind
cp rules/00-scopes.rules rules/privacy.rules "$C/fuzz_rules/"
cat >"$C/fuzz_rules/kinds.rules" <<'X'
[x.path]
indicator = 5
strength = some
message = a docs folder
path = (?i)^docs/
test.path.match = docs/a.md
test.path.nomatch = src/a.c

[x.content]
indicator = 7
message = a privacy policy
scope = docs
content = (?i)\bprivacy policy\b
max-findings = 3
test.content.match = Read our privacy policy.

[x.field]
indicator = 8
message = a field
path = package\.json$
field = repository.url
value = ^https://
test.field.match = {"repository": {"url": "https://x"}}

[x.dep]
indicator = 4
message = a closed dependency
dependency = ^npm:mapbox-gl@
test.dependency.match = npm:mapbox-gl@2.1.0
X

# license texts (own words; the SPDX texts are added at run time)
printf 'Permission is hereby granted, free of charge, to any person obtaining a copy\nof this software, to deal in the Software without restriction.\n' \
	>"$C/fuzz_license/permission"
printf 'Licensed under the Apache License, Version 2.0 (the "License");\nyou may not use this file except in compliance with the License.\n' \
	>"$C/fuzz_license/apache-notice"

# JSON and SPDX expressions
mkdir -p "$C/fuzz_json" "$C/fuzz_spdx"
cat >"$C/fuzz_json/nomination.json" <<'X'
{"name": "Clinic Queue", "description": "x", "license": [{"spdx": "Apache-2.0", "licenseURL": "https://x/LICENSE"}],
 "SDGs": [{"SDGNumber": 3, "evidenceText": "maternal health"}], "type": ["software"], "repositoryURL": "https://x",
 "stage": "DPG", "a": [1, -2.5e3, true, false, null, "\u00e9\ud83d\ude00"]}
X
printf '(MIT OR Apache-2.0) AND GPL-2.0-or-later WITH Classpath-exception-2.0' >"$C/fuzz_spdx/expr"
printf 'LicenseRef-x AND (BSD-3-Clause+ OR DocumentRef-a:LicenseRef-b)' >"$C/fuzz_spdx/refs"

# git object lists for fuzz_git: [type][len lo][len hi][data]; type & 1 is
# a blob, else a tree; object i has id (i + 1, then 19 zero bytes)
id() { printf "\\$(printf '%03o' $(($1 + 1)))"; head -c 19 /dev/zero; }
ent() { printf '%s %s\0' "$1" "$2"; id "$3"; }
obj() { # obj TYPE FILE
	n=$(wc -c <"$2")
	printf "\\$(printf '%03o' "$1")\\$(printf '%03o' $((n % 256)))\\$(printf '%03o' $((n / 256)))"
	cat "$2"
}
{ ent 100644 README.md 1; ent 40000 sub 2; ent 40000 again 2; ent 40000 self 0
	ent 100755 run.sh 1; ent 40000 blobdir 1; } >"$tmp/t0"
printf 'hello\n' >"$tmp/b1"
{ ent 100644 LICENSE 1; ent 120000 link 1; ent 160000 module 1; ent 100644 .. 1
	ent 40000 up 0; } >"$tmp/t2"
{ obj 0 "$tmp/t0"; obj 1 "$tmp/b1"; obj 0 "$tmp/t2"; } >"$C/fuzz_git/loops"
{ ent 040000 a 1; ent 644 odd-mode 2; ent 100644 "$(head -c 300 /dev/zero | tr '\0' n)" 2; } >"$tmp/t0"
{ ent 40000 b 0; ent 100644 c 2; } >"$tmp/t1"
{ obj 0 "$tmp/t0"; obj 0 "$tmp/t1"; obj 1 "$tmp/b1"; } >"$C/fuzz_git/modes"

# packs for fuzz_pack: [n][n x (offset - 12, 2 bytes LE; size, 4 bytes LE)]
# [the pack less its 12-byte header and 20-byte trailer], from small
# repositories packed with offset deltas and with reference deltas
pack_seed() { # pack_seed NAME REPACK-OPTION...
	name=$1
	shift
	r="$tmp/pack-$name"
	git init -q "$r"
	i=0
	while [ $i -lt 6 ]; do
		seq 1 40 | sed "s/\$/ line of the file/; $((i * 5 + 1))s/\$/ changed in $i/" >"$r/f$i.txt"
		i=$((i + 1))
	done
	printf 'short\n' >"$r/short"
	(cd "$r" && git add -A && git -c user.name=t -c user.email=t@x commit -qm s &&
		git "$@" repack -q -adf --window=10 --depth=10)
	git -C "$r" verify-pack -v "$r"/.git/objects/pack/*.idx |
		python3 -c '
import sys, struct, glob, subprocess
pack = open(glob.glob(sys.argv[1] + "/.git/objects/pack/*.pack")[0], "rb").read()
objs = []
for line in sys.stdin:
    f = line.split()
    if len(f) >= 5 and f[1] in ("blob", "tree", "commit", "tag"):
        # the object size (verify-pack gives the size of a delta)
        size = subprocess.run(["git", "-C", sys.argv[1], "cat-file", "-s", f[0]],
                              capture_output=True, text=True).stdout
        objs.append((int(f[4]) - 12, int(size)))
out = bytes([len(objs)])
for off, size in objs:
    out += struct.pack("<HI", off, size)
sys.stdout.buffer.write(out + pack[12:-20])' "$r" >"$C/fuzz_pack/$name"
}
pack_seed ofs
pack_seed ref -c repack.useDeltaBaseOffset=false
