#!/bin/sh
# dpgaudit scan: ownership (issue 10, class 13): holders parsed from
# artefacts and holders of vendored, generated or bundled files decide
# nothing; the project's own files' holder is said; holders all named by
# the top-level license file own the project jointly.
. "$(dirname "$0")/lib.sh"

verdict() { sql "SELECT verdict FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }
holders() { sql "SELECT group_concat(value, ' | ') FROM (SELECT value FROM findings WHERE scan_id=$1 AND kind='copyright-holder' ORDER BY value)"; }
consistency() { sql "SELECT value FROM findings WHERE scan_id=$1 AND kind='copyright-consistency'"; }

mkdir -p p/src p/vendor/lib p/dist p/m4 p/contrib/fmt
printf '// Copyright 2021-2024 Open Clinic Foundation\nint a;\n' >p/src/a.c
printf '// Copyright (c) 2022 Open Clinic Foundation. All rights reserved.\nint b;\n' >p/src/b.c
# artefacts of templates and code
printf '/* Copyright (c) $this_year by __AUTHOR__ */\nint c;\n' >p/src/c.c
printf '<!-- Copyright 2023 {{ author }} -->\n<p>x</p>\n' >p/src/page.html
printf '// © 2024 🚀\nint d;\n' >p/src/d.c
# others' notices: vendored, generated, bundled
printf '/* Copyright (c) 2010 Jean-loup Gailly */\nint z;\n' >p/vendor/lib/zlib.c
printf '/* Copyright 2023 Meta Platforms, Inc. */\nvar r;\n' >p/dist/bundle.js
printf 'dnl Copyright (C) 1996-2021 Free Software Foundation, Inc.\n' >p/m4/ax.m4
printf '// Copyright (c) 2012 - present, Victor Zverovich\nint f;\n' >p/contrib/fmt/format.h
printf 'MIT License\n\nCopyright (c) 2021 Open Clinic Foundation\n' >p/LICENSE
run dpgaudit scan p
expect_eq "$(holders 1)" "open clinic foundation" "1: only the project's own holder"
expect_eq "$(consistency 1)" consistent "1: consistent"
expect_eq "$(verdict 1 3)" met "1: met"

# 2. "MIT © name" in a README, one holder written several ways
mkdir -p q/src
printf '# Tool\n\n## License\n\nMIT © Jane Roe\n' >q/README.md
printf '/* Copyright (C) 2014 Free Software\n   Foundation, Inc. */\n' >q/src/a.c
printf '/* Copyright (C) 2015 Free Software Foundation, Inc. */\n' >q/src/b.c
printf '/* Copyright (C) 2016 Free Software Foundation */\n' >q/src/c.c
run dpgaudit scan q
expect_eq "$(holders 2)" "free software foundation | jane roe" "2: the FSF once, and 'MIT ©' read"

# 3. two holders, both named by the top-level license file: joint owners
mkdir -p r/src
printf 'BSD 2-Clause License\n\nCopyright (c) 2010-2023, Volodymyr Agafonkin\nCopyright (c) 2010-2011, CloudMade\nAll rights reserved.\n' >r/LICENSE
printf '/* Copyright (c) 2015 Volodymyr Agafonkin */\n' >r/src/map.js
run dpgaudit scan r
expect_eq "$(consistency 3)" joint "3: joint holders"
expect_eq "$(verdict 3 3)" met "3: met"
# a holder the license file does not name makes them mixed
printf '/* Copyright (c) 2019 Someone Else */\n' >r/src/other.js
run dpgaudit scan r
expect_eq "$(consistency 4)" mixed "4: mixed"
expect_eq "$(verdict 4 3)" review "4: review"
finish
