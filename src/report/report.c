#include <string.h>

#include "report_int.h"
#include "dpg/banned.h"

int dpg_format_parse(const char *s)
{
	if (strcmp(s, "text") == 0)
		return DPG_FMT_TEXT;
	if (strcmp(s, "json") == 0)
		return DPG_FMT_JSON;
	return 0;
}

int dpg_report_write(FILE *out, const struct dpg_scan *scan, int format,
		     struct dpg_error *err)
{
	if (format == DPG_FMT_JSON)
		return report_json(out, scan, err);
	return report_text(out, scan, err);
}
