/*
 * report.c: the formats by name, and the one entry point.
 */
#include <string.h>

#include "report_int.h"
#include "dpg/banned.h"

static const char *const names[] = {
	[DPG_FMT_TEXT] = "text",     [DPG_FMT_JSON] = "json",
	[DPG_FMT_MD] = "md",	     [DPG_FMT_HTML] = "html",
	[DPG_FMT_SARIF] = "sarif",   [DPG_FMT_SCREENING] = "screening",
	[DPG_FMT_FORM] = "dpg-form",
};

int dpg_format_parse(const char *s)
{
	int i;

	if (!strcmp(s, "markdown"))
		return DPG_FMT_MD;
	for (i = DPG_FMT_TEXT; i <= DPG_FMT_FORM; i++)
		if (!strcmp(s, names[i]))
			return i;
	return 0;
}

const char *dpg_format_name(int format)
{
	return format >= DPG_FMT_TEXT && format <= DPG_FMT_FORM ? names[format]
								: "";
}

int dpg_report_write_opts(FILE *out, const struct dpg_scan *scan,
			  const struct dpg_report_opts *o,
			  struct dpg_error *err)
{
	switch (o->format) {
	case DPG_FMT_JSON:
		return report_json(out, scan, err);
	case DPG_FMT_MD:
		return report_md(out, scan, o, err);
	case DPG_FMT_HTML:
		return report_html(out, scan, o, err);
	case DPG_FMT_SARIF:
		return report_sarif(out, scan, err);
	case DPG_FMT_SCREENING:
		return report_screening(out, scan, err);
	case DPG_FMT_FORM:
		return report_form(out, scan, err);
	default:
		return report_text(out, scan, o, err);
	}
}

int dpg_report_write(FILE *out, const struct dpg_scan *scan, int format,
		     struct dpg_error *err)
{
	struct dpg_report_opts o = DPG_REPORT_OPTS_INIT;

	o.format = format;
	return dpg_report_write_opts(out, scan, &o, err);
}
