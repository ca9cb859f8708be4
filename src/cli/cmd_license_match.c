/*
 * cmd_license_match.c: dpgaudit license-match FILE|-
 *
 * The reviewer's tool for a doubtful file: every corpus license text found
 * in it, with its line range, score, and the words that differ.  Exit 0
 * when something matched, 1 when nothing did, 2 when the input cannot be
 * read, 64 on a usage error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "dpg/arena.h"
#include "dpg/buf.h"
#include "dpg/license.h"
#include "dpg/util.h"
#include "dpg/banned.h"

enum { OPT_HELP = 256 };

static const struct option lm_options[] = {
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

static void print_lines(unsigned int a, unsigned int b)
{
	if (a == b)
		printf("line %u", a);
	else
		printf("lines %u-%u", a, b);
}

static void print_match(const struct dpg_license_match *mt)
{
	const struct dpg_license_info *same[16];
	size_t nsame = dpg_license_same_text(mt->license, same, 16), k;

	printf("%s %.3f %s ", mt->license->id,
	       !mt->exact && mt->score > 0.999 ? 0.999 : mt->score,
	       mt->exact ? "exact" : "near");
	print_lines(mt->line, mt->line_end);
	printf("\n");
	for (k = 0; k < mt->nspans; k++) {
		const struct dpg_license_span *s = &mt->spans[k];
		char *ft = s->file_text ? dpg_escape_ctl(s->file_text) : NULL;
		printf("  %s ", s->kind == DPG_LIC_ADDED     ? "added"
				: s->kind == DPG_LIC_REMOVED ? "removed"
							     : "changed");
		print_lines(s->line, s->line_end);
		if (s->kind == DPG_LIC_ADDED)
			printf(": '%s'\n", ft);
		else if (s->kind == DPG_LIC_REMOVED)
			printf(": '%s'\n", s->license_text);
		else
			printf(": '%s' -> '%s'\n", s->license_text, ft);
		free(ft);
	}
	if (mt->extra_text) {
		char *et = dpg_escape_ctl(mt->extra_text);
		printf("  %s ", mt->extra_line < mt->line ? "preceded by"
							  : "followed by");
		print_lines(mt->extra_line, mt->extra_line_end);
		printf(": '%s'\n", et);
		free(et);
	}
	if (nsame) {
		printf("  same text:");
		for (k = 0; k < nsame && k < 16; k++)
			printf(" %s%s", same[k]->id,
			       same[k]->deprecated ? " (deprecated)" : "");
		printf("\n");
	}
}

int cmd_license_match(int argc, char **argv)
{
	struct dpg_arena arena = DPG_ARENA_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_license_matcher *m;
	struct dpg_license_match *mt;
	const struct dpg_license_info *closest;
	const char *path;
	struct dpg_buf input = DPG_BUF_INIT(DPG_LICENSE_MAX_TEXT);
	char *text;
	size_t len, n = 0, k;
	double cs;
	int c, rc;

	optind = 0;
	while ((c = cli_getopt(argv[0], argc, argv, "", lm_options)) != -1) {
		switch (c) {
		case OPT_HELP:
			cli_help(argv[0]);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage(argv[0], "expected one FILE (or - for stdin)");
	path = argv[optind];
	/* a longer text is cut: the matcher reads at most this much */
	if (dpg_buf_read_file(&input, path, "", DPG_READ_TRUNCATE, &err) < 0) {
		dpg_buf_release(&input);
		err.code = DPG_EIO;
		return cli_fail(&err);
	}
	text = dpg_buf_detach(&input, &len);
	m = dpg_license_matcher_new();
	rc = dpg_license_matcher_run(m, text, len, &arena, &mt, &n, &err);
	if (rc < 0) {
		dpg_license_matcher_free(m);
		free(text);
		dpg_arena_release(&arena);
		return cli_fail(&err);
	}
	for (k = 0; k < n; k++)
		print_match(&mt[k]);
	if (n == 0) {
		closest = dpg_license_matcher_closest(m, &cs);
		if (closest)
			printf("no license text matched (closest: %s at "
			       "%.2f)\n",
			       closest->id, cs);
		else
			printf("no license text matched\n");
	}
	dpg_license_matcher_free(m);
	free(text);
	dpg_arena_release(&arena);
	return n ? EXIT_OK : EXIT_POLICY;
}
