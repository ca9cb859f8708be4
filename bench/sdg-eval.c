/*
 * sdg-eval.c: measure the SDG scorer on labelled examples.
 *
 *   sdg-eval [-v] [-d] [-g] [-s SPLIT] [-r RULES_SDG_DIR] [-t RAW] FILE.tsv...
 *
 * Each line of FILE.tsv is "id<TAB>split<TAB>goal<TAB>label<TAB>text"
 * (label 1 = relevant, 0 = not; text with \n, \t and \\ escapes; lines
 * starting with '#' are comments).  An item is predicted relevant iff the
 * scorer gives its goal a strength of "some" or "strong".  Prints, per
 * split, the confusion counts, precision, recall and accuracy; with -v,
 * every wrong prediction.  -t RAW predicts relevant from that raw score
 * instead of the shipped threshold (for threshold sweeps on the tune
 * split); -d prints one line per example: id, split, goal, label, raw,
 * top, hits, terms, spread, prediction (for sweeps of the strength rule); -g
 * adds, per split, the figures for "strong" only and per goal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dpg/sdg.h"
#include "dpg/util.h"

#define MAX_SPLITS 8

struct counts {
	unsigned tp, fp, tn, fn;
};

struct tally {
	char name[32];
	struct counts some;   /* predicted relevant: some or strong */
	struct counts strong; /* strong only */
	struct counts goal[DPG_SDG_GOALS + 1]; /* some or strong, per goal */
};

static struct tally tallies[MAX_SPLITS];
static int ntallies;

static struct tally *tally_of(const char *name)
{
	int i;

	for (i = 0; i < ntallies; i++)
		if (!strcmp(tallies[i].name, name))
			return &tallies[i];
	if (ntallies == MAX_SPLITS)
		return &tallies[MAX_SPLITS - 1];
	snprintf(tallies[ntallies].name, sizeof(tallies[0].name), "%s", name);
	return &tallies[ntallies++];
}

static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
}

static void count(struct counts *c, int pred, int label)
{
	if (pred && label)
		c->tp++;
	else if (pred)
		c->fp++;
	else if (label)
		c->fn++;
	else
		c->tn++;
}

static void add(struct counts *to, const struct counts *c)
{
	to->tp += c->tp;
	to->fp += c->fp;
	to->tn += c->tn;
	to->fn += c->fn;
}

static void report_counts(const char *name, const char *what,
			  const struct counts *t)
{
	unsigned n = t->tp + t->fp + t->tn + t->fn;
	double p = t->tp + t->fp ? (double)t->tp / (t->tp + t->fp) : 1.0;
	double r = t->tp + t->fn ? (double)t->tp / (t->tp + t->fn) : 1.0;
	double a = n ? (double)(t->tp + t->tn) / n : 0;

	printf("%-6s %s n=%-4u tp=%-4u fp=%-3u tn=%-4u fn=%-3u "
	       "precision=%.3f recall=%.3f accuracy=%.3f\n",
	       name, what, n, t->tp, t->fp, t->tn, t->fn, p, r, a);
}

static void report(const struct tally *t, int goals)
{
	int g;

	report_counts(t->name, "", &t->some);
	if (goals) {
		report_counts(t->name, " strong only", &t->strong);
		for (g = 1; g <= DPG_SDG_GOALS; g++) {
			char what[16];

			snprintf(what, sizeof(what), " goal %2d", g);
			report_counts(t->name, what, &t->goal[g]);
		}
	}
}

int main(int argc, char **argv)
{
	const char *split = NULL, *dir = NULL;
	struct dpg_sdg_vocab *v = NULL;
	struct dpg_error err = DPG_ERROR_INIT;
	struct tally all;
	char *errors = NULL, *line = NULL;
	size_t cap = 0;
	int verbose = 0, dump = 0, goals = 0, c, i;
	double threshold = -1, single = -1;

	while ((c = getopt(argc, argv, "vdgs:r:t:x:")) != -1) {
		switch (c) {
		case 'v':
			verbose = 1;
			break;
		case 'd':
			dump = 1;
			break;
		case 'g':
			goals = 1;
			break;
		case 's':
			split = optarg;
			break;
		case 'r':
			dir = optarg;
			break;
		case 't':
			threshold = atof(optarg);
			break;
		case 'x':
			single = atof(optarg);
			break;
		default:
			fprintf(stderr, "usage: sdg-eval [-v] [-s SPLIT] "
					"[-r DIR] [-t RAW] [-d] [-g] FILE.tsv...\n");
			return 64;
		}
	}
	if (!dir)
		dir = "rules/sdg";
	if (dpg_sdg_vocab_load(&v, dir, NULL, &errors, &err) < 0) {
		fprintf(stderr, "sdg-eval: %s\n%s", err.msg,
			errors ? errors : "");
		return 4;
	}
	for (i = optind; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");
		ssize_t n;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		while ((n = getline(&line, &cap, f)) > 0) {
			char *fld[5], *p = line;
			struct dpg_sdg_result r;
			int k, goal, label, pred;
			struct tally *t;

			if (line[n - 1] == '\n')
				line[--n] = 0;
			if (!*line || *line == '#')
				continue;
			for (k = 0; k < 5; k++) {
				fld[k] = p;
				p = k < 4 ? strchr(p, '\t') : NULL;
				if (k < 4 && !p)
					break;
				if (p)
					*p++ = 0;
			}
			if (k < 5) {
				fprintf(stderr, "%s: bad line '%s'\n", argv[i],
					line);
				return 2;
			}
			if (split && strcmp(split, fld[1]))
				continue;
			goal = atoi(fld[2]);
			label = atoi(fld[3]);
			unescape(fld[4]);
			if (dpg_sdg_score(&r, v, fld[4], strlen(fld[4]), &err) <
			    0) {
				fprintf(stderr, "sdg-eval: %s\n", err.msg);
				return 2;
			}
			pred = threshold >= 0
				       ? r.goals[goal - 1].raw >= threshold
				       : r.goals[goal - 1].strength >=
						 DPG_SDG_SOME;
			if (single >= 0 && r.goals[goal - 1].hits < 2 &&
			    r.goals[goal - 1].raw < single)
				pred = 0;
			if (dump)
				printf("D\t%s\t%s\t%d\t%d\t%.3f\t%.3f\t%u\t%u\t%.3f\t%d\n",
				       fld[0], fld[1], goal, label,
				       r.goals[goal - 1].raw, r.goals[goal - 1].top,
				       r.goals[goal - 1].hits,
				       r.goals[goal - 1].terms,
				       r.goals[goal - 1].spread, pred);
			t = tally_of(fld[1]);
			count(&t->some, pred, label);
			count(&t->strong,
			      r.goals[goal - 1].strength >= DPG_SDG_STRONG,
			      label);
			if (goal >= 1 && goal <= DPG_SDG_GOALS)
				count(&t->goal[goal], pred, label);
			if (verbose && pred != label) {
				const struct dpg_sdg_goal_result *g =
					&r.goals[goal - 1];
				printf("%s %s goal=%d label=%d raw=%.2f "
				       "%s | %.150s\n",
				       pred ? "FP" : "FN", fld[0], goal, label,
				       g->raw,
				       g->nexcerpts ? g->excerpts[0].text : "-",
				       fld[4]);
			}
			dpg_sdg_result_release(&r);
		}
		fclose(f);
	}
	memset(&all, 0, sizeof(all));
	snprintf(all.name, sizeof(all.name), "all");
	for (i = 0; i < ntallies; i++) {
		int g;

		report(&tallies[i], goals);
		add(&all.some, &tallies[i].some);
		add(&all.strong, &tallies[i].strong);
		for (g = 1; g <= DPG_SDG_GOALS; g++)
			add(&all.goal[g], &tallies[i].goal[g]);
	}
	if (ntallies > 1)
		report(&all, goals);
	free(line);
	dpg_sdg_vocab_free(v);
	return 0;
}
