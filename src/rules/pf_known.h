/*
 * pf_known.h: the required literals and anchors (dpg/prefilter.h) of the
 * shipped rules' and SDG vocabulary's patterns, computed when dpgaudit is
 * built: tools/gen-prefilter.c runs prefilter.c's own parse on each and
 * writes $(BUILD)/gen/prefilter_known.c (dpg_rules_prefilter_write).  A
 * pattern is found by its whole source (exact comparison), so the table
 * only ever answers for a string the same code parsed; any other pattern
 * (a user's rules, an edited vocabulary) is parsed at run time.
 */
#ifndef DPG_PF_KNOWN_H
#define DPG_PF_KNOWN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dpg/prefilter.h"

/* Without pointers (no relocations at start): strings are offsets in
 * dpg_pf_strs, lists of them ranges of dpg_pf_lits. */
struct dpg_pf_known {
	uint32_t src; /* sorted by strcmp */
	int rc;	      /* parse(): 0, or -1 (nothing else is set) */
	int noanch;
	int best_ok, anc_ok;
	uint32_t nbest, nanc;
	uint32_t best; /* the required set: dpg_pf_lits[best, + nbest) */
	uint32_t anc;  /* the anchors: dpg_pf_lits[anc, + nanc), */
	uint32_t du;   /* with d and u: dpg_pf_d/u[du, + nanc) */
};

extern const struct dpg_pf_known dpg_pf_known[];
extern const size_t dpg_pf_nknown;
extern const char dpg_pf_strs[];
extern const uint32_t dpg_pf_lits[];
extern const size_t dpg_pf_d[];
extern const struct dpg_bytes dpg_pf_u[];

/* How many entries of the table differ from what parse gives now (0:
 * the table is current; tests/unit/test_prefilter_shipped.c). */
size_t dpg_rules_prefilter_check(void);

/* Write the table of srcs[0..n) (reordered) as C to out; 0, or -1 when
 * writing failed. */
int dpg_rules_prefilter_write(FILE *out, const char **srcs, size_t n);

#endif
