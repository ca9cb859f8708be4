/*
 * fuzz_spdx.c: libFuzzer target for the SPDX expression parser and the
 * license declaration readers (tags, notices, names, URLs, manifests).
 * *   make build/libdpgaudit.a
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     -D_XOPEN_SOURCE=700 tests/fuzz/fuzz_spdx.c src/license/policy.c \
 *     src/license/spdx_expr.c src/license/tag.c src/license/notice.c \
 *     src/license/names.c src/license/manifest.c src/license/project.c \
 *     src/util/[a-z]*.c build/libdpgaudit.a -lm -o build/fuzz_spdx
 *   build/fuzz_spdx -max_total_time=60
 *
 * Checks: no crash or leak; a valid expression prints to a canonical form
 * that parses again to the same form.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/arena.h"
#include "dpg/licdecl.h"
#include "dpg/spdx.h"
#include "dpg/util.h"

#include "fuzz.h"

static void sink(void *ctx, const struct dpg_finding *f)
{
	(void)ctx;
	(void)f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_spdx_expr ex, ex2;
	struct dpg_licdecl_ctx c = {sink, NULL, NULL, NULL, "fuzz"};
	struct dpg_spdx_opts o = DPG_SPDX_OPTS_INIT;
	char *s = xmalloc(size + 1);
	const char *paths[] = {
		"package.json", "pyproject.toml", "setup.py",
		"pom.xml",	"DESCRIPTION",	  "x.gemspec",
		"Cargo.toml",	"setup.cfg",	  "build.gradle"};
	memcpy(s, data, size);
	s[size] = '\0';
	/* the corpus validates ids on odd inputs, not on even ones */
	if (size && (data[size - 1] & 1)) {
		c.license_id = dpg_licdecl_default_validator();
		o.license_id = c.license_id;
	}
	if (dpg_spdx_parse(&ex, s, size, &o, &a, NULL) == 0) {
		char *p1 = dpg_spdx_to_string(ex.root, &a), *p2;
		if (dpg_spdx_parse(&ex2, p1, strlen(p1), &o, &a, NULL) != 0)
			abort();
		p2 = dpg_spdx_to_string(ex2.root, &a);
		if (strcmp(p1, p2) != 0)
			abort();
	}
	dpg_licdecl_tags(&c, "f.c", s, size);
	dpg_licdecl_notices(&c, "README.md", s, size);
	dpg_licdecl_name(s, size, &c, &a);
	dpg_licdecl_url(s, size, &c, &a);
	if (size)
		dpg_licdecl_manifest(&c, paths[data[0] % 9], s, size);
	dpg_arena_release(&a);
	free(s);
	return 0;
}
