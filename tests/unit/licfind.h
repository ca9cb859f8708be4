/*
 * licfind.h: helpers shared by the license unit tests: a small license
 * table standing in for the corpus, and a finding collector.
 */
#ifndef DPG_TEST_LICFIND_H
#define DPG_TEST_LICFIND_H

#include <stdio.h>
#include <string.h>

#include "dpg/arena.h"
#include "dpg/licdecl.h"
#include "dpg/util.h"

static const char *const lf_known[] = {
	"MIT",
	"MIT-0",
	"Apache-2.0",
	"Apache-1.1",
	"BSD-3-Clause",
	"BSD-2-Clause",
	"0BSD",
	"GPL-2.0-only",
	"GPL-2.0-or-later",
	"GPL-3.0-only",
	"GPL-3.0-or-later",
	"LGPL-2.1-only",
	"LGPL-2.1-or-later",
	"LGPL-3.0-only",
	"LGPL-3.0-or-later",
	"LGPL-2.0-only",
	"LGPL-2.0-or-later",
	"AGPL-3.0-only",
	"AGPL-3.0-or-later",
	"MPL-2.0",
	"MPL-1.1",
	"CC-BY-4.0",
	"CC-BY-SA-4.0",
	"CC-BY-NC-4.0",
	"CC-BY-NC-SA-4.0",
	"CC-BY-ND-4.0",
	"CC-BY-3.0",
	"CC0-1.0",
	"ISC",
	"EPL-1.0",
	"EPL-2.0",
	"EUPL-1.2",
	"Zlib",
	"Unlicense",
	"CDDL-1.0",
	"BSL-1.0",
	"ODbL-1.0",
	"Artistic-2.0",
	"WTFPL",
	"PSF-2.0",
	"UPL-1.0",
	"OFL-1.1",
	"GPL-2.0",
	"GPL-3.0",
	"LGPL-2.1",
	"LGPL-3.0",
	"AGPL-3.0",
	"LGPL-2.0",
	"GFDL-1.3-only",
	"GFDL-1.3-or-later",
	"BlueOak-1.0.0",
};

static const char *lf_lookup(void *ctx, const char *id)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < DPG_ARRAY_SIZE(lf_known); i++)
		if (dpg_strcasecmp(id, lf_known[i]) == 0)
			return lf_known[i];
	return NULL;
}

struct lf_found {
	char kind[40], value[200], excerpt[400];
	unsigned int line, line_end;
};

static struct lf_found lf_f[128];
static size_t lf_n;

static void lf_emit(void *ctx, const struct dpg_finding *f)
{
	(void)ctx;
	if (lf_n >= DPG_ARRAY_SIZE(lf_f))
		return;
	snprintf(lf_f[lf_n].kind, sizeof(lf_f[0].kind), "%s", f->kind);
	snprintf(lf_f[lf_n].value, sizeof(lf_f[0].value), "%s",
		 f->value ? f->value : "");
	snprintf(lf_f[lf_n].excerpt, sizeof(lf_f[0].excerpt), "%s",
		 f->excerpt ? f->excerpt : "");
	lf_f[lf_n].line = f->line;
	lf_f[lf_n].line_end = f->line_end;
	lf_n++;
}

static struct dpg_licdecl_ctx lf_ctx
	__attribute__((unused)) = {lf_emit, NULL, lf_lookup, NULL, "test"};

/* The first finding of kind, or NULL. */
static inline const struct lf_found *lf_get(const char *kind)
{
	size_t i;

	for (i = 0; i < lf_n; i++)
		if (!strcmp(lf_f[i].kind, kind))
			return &lf_f[i];
	return NULL;
}

static inline size_t lf_count(const char *kind)
{
	size_t i, k = 0;

	for (i = 0; i < lf_n; i++)
		if (!strcmp(lf_f[i].kind, kind))
			k++;
	return k;
}

static inline void lf_dump(void)
{
	size_t i;

	for (i = 0; i < lf_n; i++)
		printf("    %s %u-%u [%s] %s\n", lf_f[i].kind, lf_f[i].line,
		       lf_f[i].line_end, lf_f[i].value, lf_f[i].excerpt);
}

#endif
