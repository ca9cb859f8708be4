/*
 * cmd_sdg.c: `dpgaudit sdg [--format text|json] [--rules DIR] [FILE|-]`
 *
 * Scores one text (a README, a nomination's evidence text...) against the
 * 17 SDGs and prints, per goal, the strength, score and best excerpts.
 * Exit codes: 0 at least one goal is relevant (strength some or strong),
 * 1 none is, 2 the input or a directory cannot be read, 4 a vocabulary
 * file is invalid (every problem printed as "file:line: message"),
 * 64 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmds.h"
#include "dpg/buf.h"
#include "dpg/json.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define SDG_INPUT_MAX (16u * 1024 * 1024)

static int read_input(struct dpg_buf *b, const char *path,
		      struct dpg_error *err)
{
	int rc = dpg_buf_read_file(b, path, "", 0, err);

	/* a missing input reads as unreadable (exit 2) */
	return rc == DPG_ENOTFOUND ? (err->code = DPG_EIO) : rc;
}

/* Write s as a JSON string literal (dpg_json_quote: escapes, UTF-8
 * repaired). */
static void json_str(FILE *out, const char *s)
{
	struct dpg_buf b = DPG_BUF_INIT((size_t)1 << 30);

	if (dpg_json_quote(&b, s, strlen(s), NULL) == 0)
		fwrite(b.ptr, 1, b.len, out);
	dpg_buf_release(&b);
}

static void print_json(FILE *out, const char *input,
		       const struct dpg_sdg_result *r)
{
	int g, first = 1;
	size_t i;

	fputs("{\"input\":", out);
	json_str(out, input);
	fputs(",\"relevant\":[", out);
	for (g = 0; g < DPG_SDG_GOALS; g++)
		if (r->goals[g].strength >= DPG_SDG_SOME) {
			fprintf(out, "%s%d", first ? "" : ",", g + 1);
			first = 0;
		}
	fputs("],\"goals\":[", out);
	for (g = 0; g < DPG_SDG_GOALS; g++) {
		const struct dpg_sdg_goal_result *x = &r->goals[g];

		fprintf(out, "%s{\"goal\":%d,\"name\":", g ? "," : "", g + 1);
		json_str(out, dpg_sdg_goal_name(g + 1));
		fprintf(out,
			",\"strength\":\"%s\",\"score\":%.3f,\"raw\":%.2f,"
			"\"hits\":%u,\"terms\":%u,\"excerpts\":[",
			dpg_sdg_strength_name(x->strength), x->score, x->raw,
			x->hits, x->terms);
		for (i = 0; i < x->nexcerpts; i++) {
			fprintf(out, "%s{\"line\":%u,\"text\":", i ? "," : "",
				x->excerpts[i].line);
			json_str(out, x->excerpts[i].text);
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs("]}\n", out);
}

static void print_text(FILE *out, const char *input,
		       const struct dpg_sdg_result *r)
{
	int g, n = 0;
	size_t i;
	char *in = dpg_escape_ctl(input);

	fprintf(out, "SDG relevance of %s\n", in);
	free(in);
	for (g = 0; g < DPG_SDG_GOALS; g++) {
		const struct dpg_sdg_goal_result *x = &r->goals[g];

		if (x->strength < DPG_SDG_SOME)
			continue;
		n++;
		fprintf(out, "%3d  %-6s  %.2f  %s\n", g + 1,
			dpg_sdg_strength_name(x->strength), x->score,
			dpg_sdg_goal_name(g + 1));
		for (i = 0; i < x->nexcerpts; i++) {
			char *t = dpg_escape_ctl(x->excerpts[i].text);

			fprintf(out, "       line %u: %s\n",
				x->excerpts[i].line, t);
			free(t);
		}
	}
	if (!n)
		fputs("no goal is relevant (strength some or strong)\n", out);
	else
		fprintf(out,
			"%d of 17 goals relevant; %d with no or weak "
			"evidence\n",
			n, DPG_SDG_GOALS - n);
}

static void print_errors(const char *errors)
{
	const char *p = errors;

	while (p && *p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		char *esc = dpg_escape_ctl(line);

		fprintf(stderr, "%s\n", esc);
		free(esc);
		free(line);
		p += n;
		if (*p == '\n')
			p++;
	}
}

int cmd_sdg(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"rules", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "text", *rules = NULL, *input = NULL;
	struct dpg_buf text = DPG_BUF_INIT(SDG_INPUT_MAX);
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_sdg_vocab *v = NULL;
	struct dpg_sdg_result r;
	char *dir = NULL, *over = NULL, *errors = NULL;
	int c, rc = EXIT_TARGET, g, any = 0;

	optind = 0;
	while ((c = cli_getopt("sdg", argc, argv, "f:r:h", longopts)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'r':
			rules = optarg;
			break;
		case 'h':
			cli_help("sdg");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage("sdg", "unknown format '%s' (text, json)",
				 format);
	if (argc - optind > 1)
		return cli_usage("sdg", "takes at most one FILE");
	if (optind < argc)
		input = argv[optind];

	/* load the vocabulary before touching the input */
	dir = dpg_sdg_default_dir();
	if (!dir) {
		fprintf(stderr, "dpgaudit: cannot find the SDG vocabulary "
				"(rules/sdg); set DPGAUDIT_RULES\n");
		goto done;
	}
	if (rules) {
		struct stat st;

		if (stat(rules, &st) != 0 || !S_ISDIR(st.st_mode)) {
			char *e = dpg_escape_ctl(rules);

			fprintf(stderr,
				"dpgaudit: cannot open rules directory '%s'\n",
				e);
			free(e);
			goto done;
		}
		over = xasprintf("%s/sdg", rules);
	}
	if (dpg_sdg_vocab_load(&v, dir, over, &errors, &err) < 0) {
		if (err.code == DPG_EINPUT) {
			print_errors(errors);
			rc = EXIT_INPUT;
		} else {
			cli_fail(&err); /* exit 2: a directory unreadable */
		}
		goto done;
	}
	if (read_input(&text, input, &err) < 0 ||
	    dpg_sdg_score(&r, v, text.ptr, text.len, &err) < 0) {
		cli_fail(&err); /* exit 2: the input cannot be read */
		goto done;
	}
	for (g = 0; g < DPG_SDG_GOALS; g++)
		if (r.goals[g].strength >= DPG_SDG_SOME)
			any = 1;
	if (!strcmp(format, "json"))
		print_json(stdout, input ? input : "-", &r);
	else
		print_text(stdout, input ? input : "-", &r);
	dpg_sdg_result_release(&r);
	rc = any ? EXIT_OK : EXIT_POLICY;
done:
	dpg_sdg_vocab_free(v);
	dpg_buf_release(&text);
	free(dir);
	free(over);
	free(errors);
	return rc;
}
