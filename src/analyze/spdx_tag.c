/*
 * spdx_tag.c: every `SPDX-License-Identifier:` tag in every text file,
 * parsed as an SPDX expression (src/license/tag.c).
 *
 * Findings (indicator 2, path:line): kind "spdx-tag" (value = the
 * canonical expression, excerpt = the raw tag, plus "  [notes]" when an id
 * was deprecated or re-cased) and kind "spdx-tag-invalid" (value = the
 * raw expression, excerpt = the reason with its offset).
 */
#include <string.h>

#include "analyzers.h"
#include "dpg/licdecl.h"
#include "dpg/banned.h"

static void add(void *ctx, const struct dpg_finding *f)
{
	dpg_results_add(ctx, f);
}

static unsigned int tag_want(void *config, const struct dpg_file *f)
{
	(void)config;
	return f->mode == DPG_MODE_FILE || f->mode == DPG_MODE_EXEC
		       ? DPG_WANT_CONTENT
		       : 0;
}

static int tag_file(const void *config, void *scratch, const struct dpg_file *f,
		    const char *data, size_t len, struct dpg_results *out,
		    struct dpg_error *err)
{
	struct dpg_licdecl_ctx c = {add, NULL, NULL, NULL, "spdx-tag"};

	(void)config;
	(void)scratch;
	(void)err;
	if (!data)
		return 0;
	c.emit_ctx = out;
	c.license_id = dpg_licdecl_default_validator();
	dpg_licdecl_tags(&c, f->path, data, len);
	return 0;
}

const struct dpg_analyzer dpg_analyzer_spdx_tag = {
	.name = "spdx-tag",
	.version = 1,
	.want = tag_want,
	.file = tag_file,
};
