#!/bin/sh
# The build's generated tables hold no pointers: in the position-independent
# executable a pointer in a table is an R_X86_64_RELATIVE relocation, and
# the loader writes (copies) every page holding one at every start.  The
# prefilter's (dpg_pf_*), the pattern codes' (dpg_re_known), the rules'
# (dpg_rules_known and its patterns, dpg_rules_known_res), the SDG
# vocabulary's terms and the anchor sets' literals (lit) keep offsets and
# indexes instead (src/rules/pf_known.h, re_known.h, rules_int.h,
# src/sdg/sdg_int.h, lits_int.h): no relocation may fall in them.
# Skipped without readelf, nm and python3.
. "$(dirname "$0")/lib.sh"

if ! command -v readelf >/dev/null 2>&1 || ! command -v nm >/dev/null 2>&1 ||
	! command -v python3 >/dev/null 2>&1; then
	ok
	finish
	exit
fi
readelf -rW "$BUILD/dpgaudit" >relocs || not_ok "readelf -rW"
nm -S --defined-only "$BUILD/dpgaudit" >syms || not_ok "nm -S"
python3 - relocs syms >found <<'PY' || not_ok "the check ran"
import bisect, sys

names = {"dpg_pf_known", "dpg_pf_lits", "dpg_pf_strs", "dpg_pf_d",
         "dpg_pf_u", "dpg_re_known", "dpg_re_known_srcs", "dpg_rules_known",
         "dpg_rules_strs", "dpg_rules_known_res", "dpg_rules_known_lits",
         "dpg_rules_known_pairs", "dpg_table_strs", "terms", "lit", "sbuf"}
spans, seen = [], set()
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) == 4 and f[3] in names:
        spans.append((int(f[0], 16), int(f[0], 16) + int(f[1], 16), f[3]))
        seen.add(f[3])
spans.sort()
starts = [s[0] for s in spans]
hits = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) < 3 or "RELATIVE" not in f[2]:
        continue
    off = int(f[0], 16)
    i = bisect.bisect_right(starts, off) - 1
    if i >= 0 and off < spans[i][1]:
        hits[spans[i][2]] = hits.get(spans[i][2], 0) + 1
for name in sorted(names - seen):
    print("missing", name)
for name, n in sorted(hits.items()):
    print("relocated", name, n)
PY
if grep missing found; then
	not_ok "every table is in the executable"
else
	ok
fi
if grep relocated found; then
	not_ok "no relocation in the tables"
else
	ok
fi

finish
