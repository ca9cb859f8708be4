/*
 * model.c: what every format shows, worked out once from a stored scan:
 * the verdict counts, the evidence of an indicator grouped (like findings
 * together, dependencies folded to the flagged ones), and what was not
 * read.  The formats only lay it out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/licproject.h"
#include "dpg/util.h"
#include "dpg/banned.h"

void rpt_counts(const struct dpg_scan *s, struct rpt_counts *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 1; i < DPG_IND_COUNT; i++) {
		const char *v = s->verdicts[i].verdict;

		if (!v)
			continue;
		if (!strcmp(v, "met"))
			c->met++;
		else if (!strcmp(v, "not met"))
			c->not_met++;
		else
			c->review++;
	}
}

const char *rpt_name(const struct dpg_scan *s, char *buf, size_t size)
{
	const char *t = s->target ? s->target : "", *b;
	size_t n = strlen(t);

	if (s->nomination && *s->nomination)
		return s->nomination;
	while (n > 1 && t[n - 1] == '/')
		n--;
	if (n > 4 && !memcmp(t + n - 4, ".git", 4))
		n -= 4;
	for (b = t + n; b > t && b[-1] != '/' && b[-1] != ':'; b--)
		;
	snprintf(buf, size, "%.*s", (int)(t + n - b), b);
	return buf;
}

int rpt_hidden(const struct dpg_finding *f)
{
	return strcmp(f->kind, "rule-summary") == 0;
}

static int is_dep(const struct dpg_finding *f)
{
	return !strcmp(f->kind, "dependency") ||
	       !strcmp(f->kind, "dev-dependency");
}

/* r, a platform rule's finding, flags dependency dep (same manifest line,
 * same dependency string) */
static int flags(const struct dpg_finding *r, const struct dpg_finding *dep)
{
	return r->path && dep->path && r->line == dep->line &&
	       !strcmp(r->path, dep->path) &&
	       (!r->excerpt || !dep->value || !strcmp(r->excerpt, dep->value));
}

static int is_platform_rule(const struct dpg_finding *f)
{
	return f->indicator == DPG_IND_PLATFORM && !strcmp(f->kind, "rule");
}

const struct dpg_finding *rpt_rule_summary(const struct dpg_scan *s,
					   const char *rule_id)
{
	size_t i;

	for (i = 0; i < s->nfindings; i++)
		if (!strcmp(s->findings[i].kind, "rule-summary") &&
		    s->findings[i].value &&
		    !strcmp(s->findings[i].value, rule_id))
			return &s->findings[i];
	return NULL;
}

const char *rpt_rule_label(const struct dpg_scan *s, const char *rule_id,
			   char *buf, size_t size)
{
	const struct dpg_finding *f = rpt_rule_summary(s, rule_id);
	const char *m = f && f->excerpt ? f->excerpt : rule_id;
	const char *paren = strstr(m, " (");

	if (dpg_starts_with(m, "names the "))
		m += 10;
	else if (dpg_starts_with(m, "names "))
		m += 6;
	snprintf(buf, size, "%.*s",
		 (int)(paren && paren > m ? (size_t)(paren - m) : strlen(m)),
		 m);
	return buf;
}

int rpt_verdict_is(const struct dpg_scan *s, int ind, const char *v)
{
	return s->verdicts[ind].verdict && !strcmp(s->verdicts[ind].verdict, v);
}

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* kind, value, then recorded order (findings sit in one array) */
static int cmp_like(const void *pa, const void *pb)
{
	const struct dpg_finding *a = *(const struct dpg_finding *const *)pa;
	const struct dpg_finding *b = *(const struct dpg_finding *const *)pb;
	int c = strcmp(a->kind, b->kind);

	if (!c)
		c = strcmp0(a->value, b->value);
	if (!c)
		c = a < b ? -1 : a > b;
	return c;
}

static int cmp_first(const void *pa, const void *pb)
{
	const struct rpt_group *a = pa, *b = pb;

	return a->f[0] < b->f[0] ? -1 : a->f[0] > b->f[0];
}

void rpt_ind_build(struct rpt_ind *out, const struct dpg_scan *s, int ind,
		   int verbose)
{
	const struct dpg_finding **rules;
	size_t i, j, n = 0, nrules = 0;

	memset(out, 0, sizeof(*out));
	out->pool = xmalloc((s->nfindings + 1) * sizeof(*out->pool));
	/* the platform rules' findings, once (a few), not per dependency */
	rules = xmalloc((s->nfindings + 1) * sizeof(*rules));
	for (i = 0; ind == DPG_IND_PLATFORM && i < s->nfindings; i++)
		if (is_platform_rule(&s->findings[i]))
			rules[nrules++] = &s->findings[i];
	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (f->indicator != ind || rpt_hidden(f))
			continue;
		if (is_dep(f)) {
			for (j = 0; j < nrules && !flags(rules[j], f); j++)
				;
			out->ndeps++;
			if (!verbose && j == nrules) {
				out->deps_folded++;
				continue;
			}
		}
		out->pool[n++] = f;
	}
	free(rules);
	qsort(out->pool, n, sizeof(*out->pool), cmp_like);
	out->g = xmalloc((n + 1) * sizeof(*out->g));
	for (i = 0; i < n; i++) {
		if (i == 0 ||
		    strcmp(out->pool[i]->kind, out->pool[i - 1]->kind) ||
		    strcmp0(out->pool[i]->value, out->pool[i - 1]->value)) {
			out->g[out->ng].f = &out->pool[i];
			out->g[out->ng].n = 0;
			out->ng++;
		}
		out->g[out->ng - 1].n++;
	}
	qsort(out->g, out->ng, sizeof(*out->g), cmp_first);
}

void rpt_ind_release(struct rpt_ind *x)
{
	free(x->pool);
	free(x->g);
	memset(x, 0, sizeof(*x));
}

/* ---- what was not read --------------------------------------------- */

static const struct {
	const char *kind, *what;
} unread_kinds[] = {
	{"license-manifest-invalid", "manifest license field not understood"},
	{"spdx-tag-invalid", "SPDX tag not understood"},
	{"license-unmatched", "license file not recognised"},
	{"license-bundled-section", "section judged third-party"},
	{"manifest-unread", "manifest not read"},
	{"manifest-unparsed", "manifest not parsed"},
};

static void add_unread(struct rpt_unread_list *l, const char *what,
		       const char *path, unsigned int line, const char *detail,
		       uint64_t size)
{
	struct rpt_unread *u;

	dpg_grow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	u = &l->v[l->n++];
	u->what = what;
	u->path = path;
	u->line = line;
	u->detail = detail;
	u->size = size;
	u->count = 1;
	u->owned = 0;
}

void rpt_unread_build(struct rpt_unread_list *l, const struct dpg_scan *s)
{
	size_t i, j, k;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < s->nskips; i++)
		add_unread(l, s->skips[i].reason, s->skips[i].path, 0, NULL,
			   s->skips[i].size);
	l->nskips = l->n;
	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		for (k = 0; k < DPG_ARRAY_SIZE(unread_kinds); k++)
			if (!strcmp(f->kind, unread_kinds[k].kind))
				add_unread(l, unread_kinds[k].what, f->path,
					   f->line,
					   f->excerpt ? f->excerpt : f->value,
					   0);
	}
	/* folders judged vendored: evidence shown, never counted */
	for (i = 0; i < s->nfindings; i++) {
		const char *p = s->findings[i].path;
		size_t n = p ? dpg_license_vendored_prefix(p) : 0;

		if (!n)
			continue;
		for (j = l->nskips; j < l->n; j++)
			if (l->v[j].owned && strlen(l->v[j].path) == n &&
			    !memcmp(l->v[j].path, p, n))
				break;
		if (j < l->n) {
			l->v[j].count++;
			continue;
		}
		add_unread(l, "folder judged vendored", xstrndup(p, n), 0, NULL,
			   0);
		l->v[l->n - 1].owned = 1;
	}
}

void rpt_unread_release(struct rpt_unread_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].owned)
			free((char *)l->v[i].path);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
