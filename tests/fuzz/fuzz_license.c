/*
 * fuzz_license.c: libFuzzer target for the license text matcher
 * (src/license/match.c, normalize.c): the input is one file's text,
 * matched against the whole SPDX corpus with one long-lived matcher (as a
 * scan uses it), then summarised as the license-text analyzer does.
 *
 * Checks: no crash or leak; matches are in file order, inside the file's
 * lines, with a score in [0, 1]; an exact match scores at least
 * DPG_LICENSE_NEAR; span line ranges are ordered.
 */
#include "fuzz.h"
#include "dpg/arena.h"
#include "dpg/license.h"

static struct dpg_license_matcher *m;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_license_match *mt = NULL;
	const char *text = (const char *)data;
	unsigned int lines = 1, prev = 0;
	size_t n = 0, i, k;
	double score;

	if (!m)
		m = dpg_license_matcher_new();
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	dpg_license_prefilter(text, size);
	if (dpg_license_matcher_run(m, text, size, &a, &mt, &n, NULL) < 0)
		abort();
	for (i = 0; i < n; i++) {
		if (!mt[i].license || mt[i].score < 0 || mt[i].score > 1 ||
		    mt[i].line < 1 || mt[i].line > mt[i].line_end ||
		    mt[i].line_end > lines || mt[i].line < prev)
			abort();
		if (mt[i].exact && mt[i].score < DPG_LICENSE_NEAR)
			abort();
		prev = mt[i].line;
		for (k = 0; k < mt[i].nspans; k++)
			if (mt[i].spans[k].line > mt[i].spans[k].line_end)
				abort();
		if (!dpg_license_match_summary(&mt[i], &a))
			abort();
	}
	dpg_license_matcher_closest(m, &score);
	dpg_arena_release(&a);
	return 0;
}
