#!/bin/sh
# bench/audit-speed.sh: the whole audit (`dpgaudit scan -q`, single-threaded,
# and with --threads 2 when the option exists) against reading every blob
# (`git ls-tree -r --object-only HEAD | git cat-file --batch`), `git
# archive HEAD`, `rg -j1` with one pattern on the work tree, and the
# reviewer's tools (`licensecheck -r`, `licensee detect`, `reuse lint`), on
# every repository of the bench corpus, side by side in one run.
#
#   sh bench/corpus.sh                   # once: builds bench/out/corpus
#   sh bench/audit-speed.sh              # RUNS=3 interleaved runs, min kept
#   SLOW= PARTS=docsite sh bench/audit-speed.sh   # no slow tools, one part
#
# Environment: RUNS (3), PARTS, ONLY (repository names), SLOW (the slow
# tools to run once: "licensecheck licensee reuse"), SLOW_LIMIT (300 s per
# repository), BIN (build/dpgaudit), BIN0 (another dpgaudit timed alike,
# e.g. the build before a change), CORPUS.  Figures per repository go to
# bench/out/audit-speed.tsv (or $TSV).  The method is in bench/audit-speed.py.
. "$(dirname "$0")/lib.sh"
need rg ripgrep
need licensecheck licensecheck
need licensee ruby-licensee
need reuse reuse
[ -f "${CORPUS:-$OUT/corpus}/MANIFEST" ] || sh "$TOP/bench/corpus.sh"
exec python3 "$TOP/bench/audit-speed.py"
