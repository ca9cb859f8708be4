/* stubs.c: formats being written (removed as each lands). */
#include "report_int.h"
#include "dpg/banned.h"

static int later(const char *what, struct dpg_error *err)
{
	return dpg_error_set(err, DPG_EUSAGE, "format '%s' is not built yet",
			     what);
}

int dpg_report_overview(FILE *out, const char *dir, struct dpg_db *db,
			const int64_t *ids, size_t nids, const char *title,
			struct dpg_error *err)
{
	(void)out, (void)dir, (void)db, (void)ids, (void)nids, (void)title;
	return later("overview", err);
}
