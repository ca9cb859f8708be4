/*
 * license_project.c: the project-level license answer, built in end()
 * from the findings of the license analyzers before it (license-text,
 * spdx-tag, license-notice, license-manifest, license-reference,
 * license-unmatched) by dpg_license_project() (src/license/project.c).
 * Findings: "project-license", "license-conflict", "license-scope",
 * "license-vendored", "license-acceptance" (see docs/LICENSES.md).
 */
#include <stdlib.h>

#include "analyzers.h"
#include "dpg/licproject.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static void add(void *ctx, const struct dpg_finding *f)
{
	dpg_scan_add_finding(ctx, f);
}

static int project_end(void *config, struct dpg_scan *scan,
		       struct dpg_error *err)
{
	struct dpg_licev *ev;
	struct dpg_arena a = DPG_ARENA_INIT;
	size_t i, n = 0, total = scan->nfindings;

	(void)config;
	(void)err;
	ev = xcalloc(total ? total : 1, sizeof(*ev));
	for (i = 0; i < total; i++)
		if (scan->findings[i].indicator >= 0 &&
		    dpg_licev_from_finding(&ev[n], &scan->findings[i]))
			n++;
	/* ev points into the scan's arena, which adding findings keeps */
	dpg_license_project(ev, n, add, scan, "license-project", &a);
	dpg_arena_release(&a);
	free(ev);
	return 0;
}

const struct dpg_analyzer dpg_analyzer_license_project = {
	.name = "license-project",
	.version = 1,
	.end = project_end,
};
