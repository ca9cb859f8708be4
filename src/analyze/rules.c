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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/rules.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define EXCERPT_MAX 240

struct rules_state {
	struct dpg_ruleset *rs;
	struct dpg_scan *scan;
	const struct dpg_file *f;
	unsigned int *listed; /* findings recorded per rule */
	unsigned int *total;  /* files matched per rule */
	double dev_factor;    /* score factor for the current dependency */
	unsigned int dep_line;
	const char *dep_path;
};

static int rules_begin(void **state, struct dpg_scan *scan,
		       struct dpg_error *err)
{
	struct rules_state *st;
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_ruleset *rs = NULL;
	size_t more;
	int rc;

	rc = dpg_ruleset_load(&rs, scan->opts ? scan->opts->rules_dir : NULL,
			      &diag, err);
	more = diag.n + diag.dropped;
	dpg_rules_diag_release(&diag);
	if (rc < 0) {
		if (more > 1) {
			char first[sizeof(err->msg)];

			memcpy(first, err->msg, sizeof(first));
			dpg_error_set(err, err->code,
				      "%.400s (and %zu more problems; see "
				      "'dpgaudit rules lint')",
				      first, more - 1);
		}
		return rc;
	}
	st = xcalloc(1, sizeof(*st));
	st->rs = rs;
	st->scan = scan;
	st->listed = xcalloc(dpg_ruleset_count(rs) + 1, sizeof(unsigned));
	st->total = xcalloc(dpg_ruleset_count(rs) + 1, sizeof(unsigned));
	*state = st;
	return 0;
}

static int is_top_readme(const char *path)
{
	const char *dot;

	if (strchr(path, '/') || dpg_strncasecmp(path, "readme", 6) != 0)
		return 0;
	dot = path + 6;
	return !*dot || (*dot == '.' && !strchr(dot + 1, '.'));
}

static unsigned int rules_want(void *state, const struct dpg_file *f)
{
	struct rules_state *st = state;
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

static int on_hit(void *ctx, const struct dpg_rule_hit *h)
{
	struct rules_state *st = ctx;
	const struct dpg_rule *r = h->rule;
	size_t i = rule_index(st, r);
	unsigned int max = r->max_findings ? r->max_findings
					   : DPG_RULES_MAX_FINDINGS_DEFAULT;
	struct dpg_finding fd;

	st->total[i]++;
	if (st->listed[i] >= max)
		return 0;
	st->listed[i]++;
	memset(&fd, 0, sizeof(fd));
	fd.analyzer = "rules";
	fd.kind = "rule";
	fd.indicator = r->indicator;
	fd.value = r->id;
	fd.score = r->strength;
	if (st->dep_path) {
		fd.path = st->dep_path;
		fd.line = fd.line_end = st->dep_line;
		fd.excerpt = make_excerpt(&st->scan->arena, h);
		fd.score = r->strength * st->dev_factor;
	} else {
		fd.path = st->f->path;
		fd.line = fd.line_end = h->line;
		if (h->line_text)
			fd.excerpt = make_excerpt(&st->scan->arena, h);
	}
	dpg_scan_add_finding(st->scan, &fd);
	return 0;
}

static void readme_fact(struct rules_state *st, const struct dpg_file *f,
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
	fd.excerpt = dpg_arena_printf(&st->scan->arena,
				      "%zu bytes, %lu lines, %lu headings", len,
				      lines, headings);
	fd.score = -1;
	dpg_scan_add_finding(st->scan, &fd);
}

static int rules_file(void *state, struct dpg_scan *scan,
		      const struct dpg_file *f, const char *data, size_t len,
		      struct dpg_error *err)
{
	struct rules_state *st = state;
	int rc;

	(void)scan;
	st->f = f;
	st->dep_path = NULL;
	if (data && is_top_readme(f->path))
		readme_fact(st, f, data, len);
	rc = dpg_ruleset_eval_file(st->rs, f->path, data, len, on_hit, st, err);
	return rc < 0 ? rc : 0;
}

static int rules_end(void *state, struct dpg_scan *scan, struct dpg_error *err)
{
	struct rules_state *st = state;
	size_t i, n = scan->nfindings, nr = dpg_ruleset_count(st->rs);
	int rc;

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
		rc = dpg_ruleset_eval_dependency(st->rs, d->path, dep, on_hit,
						 st, err);
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

static void rules_free(void *state)
{
	struct rules_state *st = state;

	if (!st)
		return;
	dpg_ruleset_free(st->rs);
	free(st->listed);
	free(st->total);
	free(st);
}

const struct dpg_analyzer dpg_analyzer_rules = {
	"rules", rules_begin, rules_want, rules_file, rules_end, rules_free,
};
