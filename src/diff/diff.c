/*
 * diff.c: what changed between two scans of a target (see dpg/diff.h).
 *
 * Works on the stored facts only: verdicts, and findings of a few kinds
 * (project-license, license-acceptance, file, license-text, indicator 4
 * rules, sdg-goal, copyright-holder, copyright-consistency).  Changes are
 * listed in a fixed order: status, verdicts by indicator, license,
 * evidence, components, goals, ownership.
 */
#include <stdlib.h>
#include <string.h>

#include "dpg/diff.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static const char *const class_names[] = {
	"status",    "verdict", "license",   "evidence",
	"component", "sdg",	"ownership",
};

const char *dpg_diff_class_name(unsigned int cls)
{
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(class_names); i++)
		if (cls == 1u << i)
			return class_names[i];
	return "?";
}

int dpg_diff_parse_classes(const char *list, unsigned int *mask,
			   struct dpg_error *err)
{
	const char *p = list;

	*mask = 0;
	while (*p) {
		size_t n = strcspn(p, ","), i;

		if (n == 3 && !strncmp(p, "any", 3)) {
			*mask |= DPG_CH_ALL;
		} else if (n == 4 && !strncmp(p, "none", 4)) {
			/* nothing counts */
		} else {
			for (i = 0; i < DPG_ARRAY_SIZE(class_names); i++)
				if (strlen(class_names[i]) == n &&
				    !strncmp(p, class_names[i], n))
					break;
			if (i == DPG_ARRAY_SIZE(class_names))
				return dpg_error_set(
					err, DPG_EUSAGE,
					"unknown change class '%.*s' (status, "
					"verdict, license, evidence, "
					"component, sdg, ownership, any, none)",
					(int)n, p);
			*mask |= 1u << i;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

void dpg_diff_init(struct dpg_diff *d)
{
	/* a zeroed arena is an empty one (DPG_ARENA_INIT) */
	memset(d, 0, sizeof(*d));
}

void dpg_diff_release(struct dpg_diff *d)
{
	free(d->v);
	dpg_arena_release(&d->arena);
	dpg_diff_init(d);
}

size_t dpg_diff_regressions(const struct dpg_diff *d, unsigned int mask)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += d->v[i].worse > 0 && (d->v[i].cls & mask);
	return n;
}

static void add(struct dpg_diff *d, unsigned int cls, int ind, int worse,
		const char *what, const char *before, const char *after,
		const char *path, const char *text)
{
	struct dpg_change *c;

	dpg_grow(&d->v, &d->cap, d->n + 1, sizeof(*d->v));
	c = &d->v[d->n++];
	c->cls = cls;
	c->indicator = ind;
	c->worse = worse;
	c->what = what;
	c->before = dpg_arena_strdup(&d->arena, before);
	c->after = dpg_arena_strdup(&d->arena, after);
	c->path = dpg_arena_strdup(&d->arena, path);
	c->text = text;
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* ---- status and verdicts --------------------------------------------- */

static int has_facts(const struct dpg_scan *s)
{
	return s->status &&
	       (!strcmp(s->status, "ok") || !strcmp(s->status, "partial"));
}

static int status_rank(const char *st)
{
	if (!st || !strcmp(st, "failed"))
		return 0;
	return strcmp(st, "partial") ? 2 : 1;
}

static void diff_status(struct dpg_diff *d)
{
	const struct dpg_scan *a = d->from, *b = d->to;
	int ra = status_rank(a->status), rb = status_rank(b->status);

	if (ra == rb)
		return;
	add(d, DPG_CH_STATUS, DPG_IND_NONE, rb < ra ? 1 : -1, "status",
	    a->status, b->status, NULL,
	    rb == 0   ? dpg_arena_printf(&d->arena, "the scan failed: %s",
					 b->error ? b->error : "unknown error")
	    : rb == 1 ? dpg_arena_printf(&d->arena,
					 "the scan stopped at a limit: %s",
					 b->error ? b->error : "partial")
		      : "the scan completes again");
}

static int verdict_rank(const char *v)
{
	if (!v)
		return -1;
	if (!strcmp(v, "met"))
		return 2;
	return strcmp(v, "review") ? 0 : 1;
}

static void diff_verdicts(struct dpg_diff *d)
{
	int i;

	for (i = 1; i < DPG_IND_COUNT; i++) {
		const struct dpg_verdict *va = &d->from->verdicts[i];
		const struct dpg_verdict *vb = &d->to->verdicts[i];
		int ra = verdict_rank(va->verdict),
		    rb = verdict_rank(vb->verdict);

		if (ra < 0 || rb < 0 || ra == rb)
			continue;
		add(d, DPG_CH_VERDICT, i, rb < ra ? 1 : -1, "verdict",
		    va->verdict, vb->verdict, NULL,
		    dpg_arena_printf(&d->arena, "%s: %s -> %s: %s",
				     dpg_indicator_title(i), va->verdict,
				     vb->verdict,
				     vb->reason ? vb->reason : ""));
	}
}

/* ---- license ----------------------------------------------------------- */

static const struct dpg_finding *first(const struct dpg_scan *s,
				       const char *kind)
{
	return dpg_scan_first(s, kind);
}

/*
 * 1 when the project license is accepted for every solution type the scan
 * judged, 0 when not, -1 when there is no project license.  Reads the
 * license-acceptance finding: "ID software=accepted data=... ...".
 */
static int accepted(const struct dpg_scan *s)
{
	const struct dpg_finding *f = first(s, "license-acceptance");
	const char *types = s->types && *s->types ? s->types : "software";
	const char *p = types;

	if (!first(s, "project-license"))
		return -1;
	if (!f || !f->value)
		return 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		char key[48];
		const char *at;

		if (n + 2 > sizeof(key))
			return 0;
		key[0] = ' ';
		memcpy(key + 1, p, n);
		key[n + 1] = '=';
		key[n + 2] = '\0';
		at = strstr(f->value, key);
		if (!at || strncmp(at + n + 2, "accepted", 8) != 0 ||
		    (at[n + 10] != ' ' && at[n + 10] != '\0'))
			return 0;
		p += n;
		if (*p == ',')
			p++;
	}
	return 1;
}

static void diff_license(struct dpg_diff *d)
{
	const struct dpg_finding *fa = first(d->from, "project-license");
	const struct dpg_finding *fb = first(d->to, "project-license");
	const char *la = fa ? fa->value : NULL, *lb = fb ? fb->value : NULL;
	int aa = accepted(d->from), ab = accepted(d->to);

	if (!same(la, lb)) {
		int worse = ab < aa ? 1 : ab > aa ? -1 : 0;
		const char *text;

		if (!lb)
			text = dpg_arena_printf(&d->arena,
						"project license removed (was "
						"%s)",
						la);
		else if (!la)
			text = dpg_arena_printf(
				&d->arena, "project license added: %s%s", lb,
				ab > 0 ? "" : " (not accepted)");
		else
			text = dpg_arena_printf(
				&d->arena,
				"project license changed: %s -> %s%s", la, lb,
				ab > 0	 ? ""
				: aa > 0 ? " (no longer accepted)"
					 : " (not accepted)");
		add(d, DPG_CH_LICENSE, DPG_IND_LICENSE, worse, "license", la,
		    lb, NULL, text);
	} else if (la && aa != ab) {
		/* same expression, judged otherwise (other solution types) */
		add(d, DPG_CH_LICENSE, DPG_IND_LICENSE, ab < aa ? 1 : -1,
		    "license", la, lb, NULL,
		    dpg_arena_printf(&d->arena, "%s is %s for %s", lb,
				     ab > 0 ? "now accepted"
					    : "no longer accepted",
				     d->to->types ? d->to->types : "software"));
	}
}

/* ---- evidence files ---------------------------------------------------- */

static const struct dpg_finding *find(const struct dpg_scan *s,
				      const char *kind, const char *value,
				      const char *path)
{
	size_t i;

	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (!strcmp(f->kind, kind) &&
		    (!value || same(f->value, value)) &&
		    (!path || same(f->path, path)))
			return f;
	}
	return NULL;
}

static int met(const struct dpg_scan *s, int ind)
{
	return ind > 0 && ind < DPG_IND_COUNT && s->verdicts[ind].verdict &&
	       !strcmp(s->verdicts[ind].verdict, "met");
}

/* Inventory files of one scan that the other lacks. */
static void evidence_side(struct dpg_diff *d, const struct dpg_scan *a,
			  const struct dpg_scan *b, int removed)
{
	size_t i;

	for (i = 0; i < a->nfindings; i++) {
		const struct dpg_finding *f = &a->findings[i];
		/* added: an improvement when no file of its kind was there */
		int worse = find(b, "file", f->value, NULL) ? 0 : -1;

		if (strcmp(f->kind, "file") || !f->path ||
		    find(b, "file", f->value, f->path))
			continue;
		if (removed) {
			/* a regression when the indicator was met and no file
			 * of the kind is left */
			worse = met(a, f->indicator) &&
						!find(b, "file", f->value, NULL)
					? 1
					: 0;
		}
		add(d, DPG_CH_EVIDENCE, f->indicator, worse, f->value,
		    removed ? f->path : NULL, removed ? NULL : f->path, f->path,
		    dpg_arena_printf(
			    &d->arena, "%s file %s: %s%s", f->value,
			    removed ? "removed" : "added", f->path,
			    worse > 0 ? dpg_arena_printf(&d->arena,
							 " (indicator %s was "
							 "met)",
							 dpg_indicator_code(
								 f->indicator))
				      : ""));
	}
}

/* A license file kept at its path whose text is another license now. */
static void license_files(struct dpg_diff *d)
{
	size_t i;

	for (i = 0; i < d->to->nfindings; i++) {
		const struct dpg_finding *f = &d->to->findings[i], *o;

		if (strcmp(f->kind, "file") || !same(f->value, "license") ||
		    !find(d->from, "file", "license", f->path))
			continue;
		{
			const struct dpg_finding *tb =
				find(d->to, "license-text", NULL, f->path);

			o = find(d->from, "license-text", NULL, f->path);
			if ((!o && !tb) ||
			    (o && tb && same(o->value, tb->value)))
				continue;
			add(d, DPG_CH_EVIDENCE, DPG_IND_LICENSE, 0,
			    "license file", o ? o->value : NULL,
			    tb ? tb->value : NULL, f->path,
			    dpg_arena_printf(
				    &d->arena,
				    "license file %s replaced: %s -> "
				    "%s",
				    f->path,
				    o && o->value ? o->value : "no known text",
				    tb && tb->value ? tb->value
						    : "no known text"));
		}
	}
}

/* ---- components, goals, ownership -------------------------------------- */

static int component(const struct dpg_finding *f)
{
	return f->indicator == DPG_IND_PLATFORM && !strcmp(f->kind, "rule");
}

static const struct dpg_finding *find_component(const struct dpg_scan *s,
						const char *id)
{
	size_t i;

	for (i = 0; i < s->nfindings; i++)
		if (component(&s->findings[i]) &&
		    same(s->findings[i].value, id))
			return &s->findings[i];
	return NULL;
}

static void components(struct dpg_diff *d, const struct dpg_scan *a,
		       const struct dpg_scan *b, int added)
{
	size_t i, j;

	for (i = 0; i < a->nfindings; i++) {
		const struct dpg_finding *f = &a->findings[i];

		if (!component(f) || find_component(b, f->value))
			continue;
		/* the same rule at several places: list it once */
		for (j = 0; j < i; j++)
			if (component(&a->findings[j]) &&
			    same(a->findings[j].value, f->value))
				break;
		if (j < i)
			continue;
		add(d, DPG_CH_COMPONENT, DPG_IND_PLATFORM, added ? 1 : -1,
		    "component", added ? NULL : f->value,
		    added ? f->value : NULL, f->path,
		    dpg_arena_printf(&d->arena, "%s component %s: %s",
				     added ? "new" : "no longer a", f->value,
				     f->excerpt ? f->excerpt : ""));
	}
}

static void goals(struct dpg_diff *d)
{
	size_t i;

	for (i = 0; i < d->from->nfindings; i++) {
		const struct dpg_finding *f = &d->from->findings[i], *o;

		if (strcmp(f->kind, "sdg-goal"))
			continue;
		o = find(d->to, "sdg-goal", f->value, NULL);
		if (!o)
			add(d, DPG_CH_SDG, DPG_IND_SDG, 1, "sdg", f->value,
			    NULL, NULL,
			    dpg_arena_printf(&d->arena,
					     "SDG %s no longer relevant (was "
					     "%s)",
					     f->value,
					     f->excerpt ? f->excerpt : "-"));
		else if (!same(f->excerpt, o->excerpt))
			add(d, DPG_CH_SDG, DPG_IND_SDG, 0, "sdg", f->excerpt,
			    o->excerpt, NULL,
			    dpg_arena_printf(
				    &d->arena, "SDG %s evidence: %s -> %s",
				    f->value, f->excerpt ? f->excerpt : "-",
				    o->excerpt ? o->excerpt : "-"));
	}
	for (i = 0; i < d->to->nfindings; i++) {
		const struct dpg_finding *f = &d->to->findings[i];

		if (!strcmp(f->kind, "sdg-goal") &&
		    !find(d->from, "sdg-goal", f->value, NULL))
			add(d, DPG_CH_SDG, DPG_IND_SDG, -1, "sdg", NULL,
			    f->value, NULL,
			    dpg_arena_printf(
				    &d->arena, "SDG %s now relevant (%s)",
				    f->value, f->excerpt ? f->excerpt : "-"));
	}
}

static void ownership(struct dpg_diff *d)
{
	const struct dpg_finding *ha = first(d->from, "copyright-holder");
	const struct dpg_finding *hb = first(d->to, "copyright-holder");
	const struct dpg_finding *ca = first(d->from, "copyright-consistency");
	const struct dpg_finding *cb = first(d->to, "copyright-consistency");
	const char *a = ha ? ha->value : NULL, *b = hb ? hb->value : NULL;

	if (!same(a, b))
		add(d, DPG_CH_OWNERSHIP, DPG_IND_OWNERSHIP, !a ? -1 : 1,
		    "owner", a, b, NULL,
		    dpg_arena_printf(&d->arena,
				     "main copyright holder: %s -> %s",
				     a ? a : "none", b ? b : "none"));
	if (ca && cb && !same(ca->value, cb->value))
		add(d, DPG_CH_OWNERSHIP, DPG_IND_OWNERSHIP,
		    same(cb->value, "consistent") ? -1 : 1, "consistency",
		    ca->value, cb->value, NULL,
		    dpg_arena_printf(&d->arena,
				     "copyright holders: %s -> %s (%s)",
				     ca->value, cb->value,
				     cb->excerpt ? cb->excerpt : ""));
}

void dpg_diff_scans(struct dpg_diff *d, const struct dpg_scan *from,
		    const struct dpg_scan *to)
{
	d->from = from;
	d->to = to;
	diff_status(d);
	/* a failed scan has no facts to compare */
	if (!has_facts(from) || !has_facts(to))
		return;
	diff_verdicts(d);
	diff_license(d);
	evidence_side(d, from, to, 1);
	evidence_side(d, to, from, 0);
	license_files(d);
	components(d, to, from, 1);
	components(d, from, to, 0);
	goals(d);
	ownership(d);
}
