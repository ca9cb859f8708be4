/*
 * report.h: render a stored scan as text or JSON.
 */
#ifndef DPG_REPORT_H
#define DPG_REPORT_H

#include <stdio.h>
#include "dpg/error.h"
#include "dpg/scan.h"

enum dpg_format { DPG_FMT_TEXT = 1, DPG_FMT_JSON };

/* Parse "text" / "json"; returns 0 when unknown. */
int dpg_format_parse(const char *s);

/*
 * Write scan to out.  Text output escapes control characters in every
 * string taken from the target; JSON escapes per RFC 8259.  Returns
 * DPG_EIO when out fails.
 */
int dpg_report_write(FILE *out, const struct dpg_scan *scan, int format,
		     struct dpg_error *err);

#endif
