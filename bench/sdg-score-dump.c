/*
 * sdg-score-dump.c: every field of the SDG scorer's result for each file
 * of a list, to check that a change to the scorer (speed work) gives the
 * same scores: run the old and the new build on the same list and compare.
 *
 *   sdg-score-dump RULES_SDG_DIR < PATHS > OUT
 *
 * Each file (its first 512 KiB, as the analyzer scores) gives a line with
 * its path, then a line per goal with any hit: goal, raw, top, spread
 * (exact, %a), hits, terms, strength, and its excerpts (line, weight,
 * text).  bench/sdg-score-diff.sh builds it against two libraries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/sdg.h"
#include "dpg/util.h"

#define TEXT_MAX (512u * 1024)

int main(int argc, char **argv)
{
	struct dpg_sdg_vocab *v = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	char *errors = NULL, path[4096];
	static char buf[TEXT_MAX];

	if (argc != 2) {
		fprintf(stderr, "usage: sdg-score-dump RULES_SDG_DIR < PATHS\n");
		return 64;
	}
	if (dpg_sdg_vocab_load(&v, argv[1], NULL, &errors, &err) < 0) {
		fprintf(stderr, "sdg-score-dump: %s\n", errors ? errors : err.msg);
		return 4;
	}
	while (fgets(path, sizeof(path), stdin)) {
		struct dpg_sdg_result r;
		FILE *f;
		size_t n, i;
		int g;

		path[strcspn(path, "\n")] = 0;
		f = fopen(path, "rb");
		if (!f)
			continue;
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		printf("%s\n", path);
		if (dpg_sdg_score(&r, v, buf, n, &err) < 0) {
			printf("  error %s\n", err.msg);
			continue;
		}
		for (g = 0; g < DPG_SDG_GOALS; g++) {
			const struct dpg_sdg_goal_result *x = &r.goals[g];

			if (!x->hits && x->raw == 0)
				continue;
			printf("  %d %a %a %a %u %u %d\n", x->goal, x->raw,
			       x->top, x->spread, x->hits, x->terms,
			       x->strength);
			for (i = 0; i < x->nexcerpts; i++)
				printf("    %u %a %s\n", x->excerpts[i].line,
				       x->excerpts[i].weight,
				       x->excerpts[i].text);
		}
		dpg_sdg_result_release(&r);
	}
	dpg_sdg_vocab_free(v);
	free(errors);
	return 0;
}
