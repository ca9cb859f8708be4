/* report_int.h: private to src/report/. */
#ifndef DPG_REPORT_INT_H
#define DPG_REPORT_INT_H

#include <stdio.h>
#include "dpg/report.h"

int report_text(FILE *out, const struct dpg_scan *s, struct dpg_error *err);
int report_json(FILE *out, const struct dpg_scan *s, struct dpg_error *err);

#endif
