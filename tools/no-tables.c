/*
 * no-tables.c: empty build-time tables, for the generators that link the
 * library without them (gen/libdpg-core.a): tools/gen-prefilter.c and
 * tools/gen-sdg-vocab.c parse the shipped files themselves, so a scan's
 * lookups in these tables find nothing.
 */
#include <stddef.h>

#include "rules/pf_known.h"
#include "rules/re_known.h"
#include "rules/rules_int.h"
#include "sdg/sdg_int.h"

const struct dpg_pf_known dpg_pf_known[] = {
	{NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL}};
const size_t dpg_pf_nknown = 0;
struct dpg_sdg_vocab dpg_sdg_builtin;
const struct dpg_sdg_file dpg_sdg_builtin_files[1];
const size_t dpg_sdg_builtin_nfiles = 0;
const struct dpg_re_known dpg_re_known[] = {{NULL, 0, 0, 0}};
const size_t dpg_re_nknown = 0;
const unsigned char dpg_re_known_bytes[] = {0};
const unsigned char dpg_re_known_prefix[] = {0};
const size_t dpg_re_known_nprefix = 0;
const struct dpg_rule_known dpg_rules_known[] = {{.r = {.id = NULL}}};
const size_t dpg_rules_nknown = 0;
const struct dpg_rules_known_file dpg_rules_known_files[] = {
	{NULL, 0, NULL, NULL}};
const size_t dpg_rules_known_nfiles = 0;
struct dpg_lits *const dpg_rules_known_anchors = NULL;
