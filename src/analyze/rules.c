/*
 * rules.c: the analyzer that runs the rules of rules/ (and --rules DIR).
 *
 * Findings (see docs/RULES.md):
 *   "rule"         one rule matched one file (or one dependency): value =
 *                  rule id, indicator = the rule's, path:line, excerpt =
 *                  the matched line (NULL for path rules; the dependency
 *                  for dependency rules), score = the rule's strength
 *                  (halved for a development-only dependency).
 *   "rule-summary" once per rule that matched: value = rule id, excerpt =
 *                  the rule's message (plus "(N files; M listed)" when
 *                  more matched than max-findings), score = strength.
 *   "readme"       the top-level README: value = its size in bytes,
 *                  excerpt = "N bytes, L lines, H headings".
 * file() records every "rule" hit of a file; end() keeps the first
 * max-findings of each rule, in entry order, then adds the dependency hits.
 * The config's ruleset serves want() and end(); each thread evaluates files
 * with a ruleset of its own (dpg_ruleset_share: the engine keeps match
 * state in it; the compiled rules are the config's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/cache.h"
#include "dpg/rules.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define EXCERPT_MAX 240

/* The config (rs serves want() and end()) and, in end(), the counts. */
struct rules_state {
	struct dpg_ruleset *rs;
	struct dpg_scan *scan;
	unsigned int *listed; /* findings recorded per rule */
	unsigned int *total;  /* files matched per rule */
	double dev_factor;    /* score factor for the current dependency */
	unsigned int dep_line;
	const char *dep_path;
};

/* Where on_file_hit() writes, and the file it is called for. */
struct rules_file {
	struct dpg_results *out;
	const struct dpg_file *f;
};

static int load(struct dpg_ruleset **rs, const char *dir, struct dpg_error *err)
{
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	size_t more;
	int rc;

	rc = dpg_ruleset_load(rs, dir, &diag, err);
	more = diag.n + diag.dropped;
	dpg_rules_diag_release(&diag);
	if (rc < 0 && more > 1) {
		char first[sizeof(err->msg)];

		memcpy(first, err->msg, sizeof(first));
		dpg_error_set(err, err->code,
			      "%.400s (and %zu more problems; see "
			      "'dpgaudit rules lint')",
			      first, more - 1);
	}
	return rc < 0 ? rc : 0;
}

static int rules_begin(void **config, struct dpg_scan *scan,
		       struct dpg_error *err)
{
	struct rules_state *st;
	struct dpg_ruleset *rs = NULL;
	const char *dir = scan->opts ? scan->opts->rules_dir : NULL;
	int rc;

	if ((rc = load(&rs, dir, err)) < 0)
		return rc;
	st = xcalloc(1, sizeof(*st));
	st->rs = rs;
	st->scan = scan;
	st->listed = xcalloc(dpg_ruleset_count(rs) + 1, sizeof(unsigned));
	st->total = xcalloc(dpg_ruleset_count(rs) + 1, sizeof(unsigned));
	*config = st;
	return 0;
}

static int rules_scratch(void **scratch, const void *config,
			 struct dpg_error *err)
{
	const struct rules_state *st = config;

	(void)err;
	*scratch = dpg_ruleset_share(st->rs);
	return 0;
}

static void rules_scratch_free(void *scratch)
{
	dpg_ruleset_free(scratch);
}

static int is_top_readme(const char *path)
{
	const char *dot;

	if (strchr(path, '/') || dpg_strncasecmp(path, "readme", 6) != 0)
		return 0;
	dot = path + 6;
	return !*dot || (*dot == '.' && !strchr(dot + 1, '.'));
}

static unsigned int rules_want(void *config, const struct dpg_file *f)
{
	struct rules_state *st = config;
	unsigned int w;

	if (f->mode != DPG_MODE_FILE && f->mode != DPG_MODE_EXEC)
		return 0;
	w = dpg_ruleset_want(st->rs, f->path);
	if (is_top_readme(f->path))
		w = DPG_WANT_CONTENT;
	return w;
}

static size_t rule_index(const struct rules_state *st, const struct dpg_rule *r)
{
	size_t i, n = dpg_ruleset_count(st->rs);

	for (i = 0; i < n; i++)
		if (dpg_ruleset_rule(st->rs, i) == r)
			return i;
	DPG_BUG("hit of a rule not in the ruleset");
}

/* The line of a hit, trimmed and capped around the match. */
static char *make_excerpt(struct dpg_arena *a, const struct dpg_rule_hit *h)
{
	const char *s = h->line_text, *e = h->line_text + h->line_len;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e - s > EXCERPT_MAX) {
		if (h->match > s + 60 && h->match < e)
			s = h->match - 60;
		while (s < e && ((unsigned char)*s & 0xC0) == 0x80)
			s++;
		if (e - s > EXCERPT_MAX)
			e = s + EXCERPT_MAX;
		while (e > s && ((unsigned char)*e & 0xC0) == 0x80)
			e--;
	}
	return dpg_arena_strndup(a, s, (size_t)(e - s));
}

static unsigned int max_findings(const struct dpg_rule *r)
{
	return r->max_findings ? r->max_findings
			       : DPG_RULES_MAX_FINDINGS_DEFAULT;
}

/* The "rule" finding of r, without its place. */
static void rule_finding(struct dpg_finding *fd, const struct dpg_rule *r)
{
	memset(fd, 0, sizeof(*fd));
	fd->analyzer = "rules";
	fd->kind = "rule";
	fd->indicator = r->indicator;
	fd->value = r->id;
	fd->score = r->strength;
}

/* A hit in a file: every one is recorded (end() applies the caps). */
static int on_file_hit(void *ctx, const struct dpg_rule_hit *h)
{
	struct rules_file *rf = ctx;
	struct dpg_finding fd;

	rule_finding(&fd, h->rule);
	fd.path = rf->f->path;
	fd.line = fd.line_end = h->line;
	if (h->line_text)
		fd.excerpt = make_excerpt(&rf->out->arena, h);
	dpg_results_add(rf->out, &fd);
	return 0;
}

/* A hit on a dependency, in end(), after the file hits. */
static int on_dep_hit(void *ctx, const struct dpg_rule_hit *h)
{
	struct rules_state *st = ctx;
	const struct dpg_rule *r = h->rule;
	size_t i = rule_index(st, r);
	struct dpg_finding fd;

	st->total[i]++;
	if (st->listed[i] >= max_findings(r))
		return 0;
	st->listed[i]++;
	rule_finding(&fd, r);
	fd.path = st->dep_path;
	fd.line = fd.line_end = st->dep_line;
	fd.excerpt = make_excerpt(&st->scan->arena, h);
	fd.score = r->strength * st->dev_factor;
	dpg_scan_add_finding(st->scan, &fd);
	return 0;
}

static void readme_fact(struct dpg_results *out, const struct dpg_file *f,
			const char *data, size_t len)
{
	struct dpg_finding fd;
	unsigned long lines = 0, headings = 0;
	const char *p = data, *end = data + len;
	char value[32];

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		lines++;
		/* markdown "#", rst/asciidoc "=" headings, "==="/"---"
		 * underlines */
		if (p < le && (*p == '#' || *p == '='))
			headings++;
		p = nl ? nl + 1 : end;
	}
	memset(&fd, 0, sizeof(fd));
	fd.analyzer = "rules";
	fd.kind = "readme";
	fd.indicator = DPG_IND_DOCS;
	fd.path = f->path;
	snprintf(value, sizeof(value), "%zu", len);
	fd.value = value;
	fd.excerpt = dpg_arena_printf(&out->arena,
				      "%zu bytes, %lu lines, %lu headings", len,
				      lines, headings);
	fd.score = -1;
	dpg_results_add(out, &fd);
}

static int rules_file(const void *config, void *scratch,
		      const struct dpg_file *f, const char *data, size_t len,
		      struct dpg_results *out, struct dpg_error *err)
{
	struct rules_file rf = {out, f};
	int rc;

	(void)config;
	if (data && is_top_readme(f->path))
		readme_fact(out, f, data, len);
	rc = dpg_ruleset_eval_file(scratch, f->path, data, len, on_file_hit,
				   &rf, err);
	return rc < 0 ? rc : 0;
}

struct rule_ix {
	const char *id;
	size_t i;
};

static int cmp_ix(const void *a, const void *b)
{
	return strcmp(((const struct rule_ix *)a)->id,
		      ((const struct rule_ix *)b)->id);
}

/* Count the file hits per rule, in entry order; withdraw those past the
 * rule's max-findings. */
static void cap_file_hits(struct rules_state *st, struct dpg_scan *scan)
{
	size_t i, nr = dpg_ruleset_count(st->rs), n = scan->nfindings;
	struct rule_ix *ix = xcalloc(nr + 1, sizeof(*ix)), key, *hit;

	for (i = 0; i < nr; i++) {
		ix[i].id = dpg_ruleset_rule(st->rs, i)->id;
		ix[i].i = i;
	}
	qsort(ix, nr, sizeof(*ix), cmp_ix);
	for (i = 0; i < n; i++) {
		const struct dpg_finding *d = &scan->findings[i];

		if (d->indicator < 0 || strcmp(d->kind, "rule") != 0 ||
		    strcmp(d->analyzer, "rules") != 0)
			continue;
		key.id = d->value;
		hit = bsearch(&key, ix, nr, sizeof(*ix), cmp_ix);
		if (!hit)
			DPG_BUG("hit of a rule not in the ruleset");
		st->total[hit->i]++;
		if (st->listed[hit->i] >=
		    max_findings(dpg_ruleset_rule(st->rs, hit->i)))
			dpg_scan_drop(scan, i);
		else
			st->listed[hit->i]++;
	}
	free(ix);
}

static int rules_end(void *config, struct dpg_scan *scan, struct dpg_error *err)
{
	struct rules_state *st = config;
	size_t i, n, nr = dpg_ruleset_count(st->rs);
	int rc;

	cap_file_hits(st, scan);
	n = scan->nfindings;
	/* dependency rules, on what the deps analyzer found */
	for (i = 0; i < n; i++) {
		const struct dpg_finding *d = &scan->findings[i];
		int dev;
		const char *dep;

		dev = strcmp(d->kind, "dev-dependency") == 0;
		if (!dev && strcmp(d->kind, "dependency") != 0)
			continue;
		if (!d->value)
			continue;
		st->dep_path = d->path;
		st->dep_line = d->line;
		st->dev_factor = dev ? 0.5 : 1.0;
		dep = d->value; /* arena string: stable while we add */
		rc = dpg_ruleset_eval_dependency(st->rs, d->path, dep,
						 on_dep_hit, st, err);
		if (rc < 0)
			return rc;
	}
	st->dep_path = NULL;

	for (i = 0; i < nr; i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(st->rs, i);
		struct dpg_finding fd;

		if (!st->total[i])
			continue;
		memset(&fd, 0, sizeof(fd));
		fd.analyzer = "rules";
		fd.kind = "rule-summary";
		fd.indicator = r->indicator;
		fd.value = r->id;
		fd.score = r->strength;
		if (st->total[i] > st->listed[i])
			fd.excerpt = dpg_arena_printf(
				&scan->arena, "%s (%u matches; %u listed)",
				r->message, st->total[i], st->listed[i]);
		else
			fd.excerpt = r->message;
		dpg_scan_add_finding(scan, &fd);
	}
	return 0;
}

static void rules_free(void *config)
{
	struct rules_state *st = config;

	if (!st)
		return;
	dpg_ruleset_free(st->rs);
	free(st->listed);
	free(st->total);
	free(st);
}

/* The rule files: the shipped directory and --rules DIR. */
static int rules_fingerprint(const struct dpg_scan_opts *opts,
			     struct dpg_buf *fp, struct dpg_error *err)
{
	char *dir = NULL;
	int rc;

	dpg_rules_default_dir(&dir, NULL);
	rc = dpg_rules_fingerprint_dir(fp, dir, err);
	free(dir);
	if (rc == 0 && opts->rules_dir)
		rc = dpg_cache_hash_dir(fp, opts->rules_dir, ".rules", err);
	return rc;
}

const struct dpg_analyzer dpg_analyzer_rules = {
	.name = "rules",
	.version = 1,
	.begin = rules_begin,
	.want = rules_want,
	.scratch = rules_scratch,
	.file = rules_file,
	.end = rules_end,
	.scratch_free = rules_scratch_free,
	.free = rules_free,
	.fingerprint = rules_fingerprint,
};
