/*
 * registry.c: the analyzers every scan runs, in this order.  An analyzer's
 * end() sees the findings of those listed before it.
 */
#include <stddef.h>

#include "analyzers.h"
#include "dpg/banned.h"

const struct dpg_analyzer *const dpg_analyzers[] = {
	&dpg_analyzer_inventory,
	&dpg_analyzer_spdx_tag,
	&dpg_analyzer_license_decl,
	&dpg_analyzer_license_text,
	/* after every license analyzer: */
	&dpg_analyzer_license_project,
	&dpg_analyzer_ownership,
	&dpg_analyzer_deps,
	&dpg_analyzer_rules,
	&dpg_analyzer_sdg,
	&dpg_analyzer_nomination, /* last: compares claims with findings */
	NULL,
};
