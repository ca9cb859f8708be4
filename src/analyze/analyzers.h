/* analyzers.h: every analyzer of src/analyze/ (private). */
#ifndef DPG_ANALYZERS_H
#define DPG_ANALYZERS_H

#include "dpg/scan.h"

extern const struct dpg_analyzer dpg_analyzer_inventory;
extern const struct dpg_analyzer dpg_analyzer_spdx_tag;
extern const struct dpg_analyzer dpg_analyzer_license_decl;
extern const struct dpg_analyzer dpg_analyzer_license_text;
extern const struct dpg_analyzer dpg_analyzer_license_project;
extern const struct dpg_analyzer dpg_analyzer_ownership;
extern const struct dpg_analyzer dpg_analyzer_deps;
extern const struct dpg_analyzer dpg_analyzer_rules;
extern const struct dpg_analyzer dpg_analyzer_nomination;
extern const struct dpg_analyzer dpg_analyzer_sdg;

/* Does the HTML text look written by a documentation generator (sdg.c)?
 * quick: sixteen places at a time, else a byte at a time (for tests). */
int dpg_sdg_generated_html(const char *data, size_t len, int quick);

#endif
