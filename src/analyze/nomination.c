/*
 * nomination.c: compare a registry nomination record's claims with what
 * the other analyzers found (so it runs last).  Only active when the scan
 * was given --nomination.
 *
 * Findings: kind "nomination-claim" (what the record claims: value
 * "license MIT", "SDG 3", "owner ACME"), kind "nomination-mismatch" (a
 * claim the files contradict or do not support; indicator 1, 2 or 3;
 * value = a short label, excerpt = the explanation), and kind
 * "nomination-note" (a difference that is no mismatch, such as the
 * registry's deprecated "GPL-3.0" for a GPL-3.0-or-later project, or a
 * goal with strong evidence that the record does not claim).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers.h"
#include "dpg/buf.h"
#include "dpg/licpolicy.h"
#include "dpg/nomination.h"
#include "dpg/spdx.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define MAX_IDS 32

static void add(struct dpg_scan *s, const char *kind, int ind,
		const char *value, const char *excerpt)
{
	struct dpg_finding f = {"nomination", kind,    ind, NULL, 0, 0,
				value,	      excerpt, -1};

	dpg_scan_add_finding(s, &f);
}

/* The license ids of an expression (deprecated ids kept as written). */
static size_t expr_ids(struct dpg_scan *s, const char *text, const char **ids,
		       size_t max)
{
	struct dpg_spdx_expr e;
	struct dpg_spdx_opts o = DPG_SPDX_OPTS_INIT;
	const struct dpg_spdx_node *terms[MAX_IDS];
	size_t n, i;

	o.flags = DPG_SPDX_KEEP_DEPRECATED;
	if (dpg_spdx_parse(&e, text, strlen(text), &o, &s->arena, NULL) < 0)
		return 0;
	n = dpg_spdx_licenses(e.root, terms, MAX_IDS);
	if (n > max)
		n = max;
	for (i = 0; i < n; i++)
		ids[i] = terms[i]->plus ? dpg_arena_printf(&s->arena, "%s+",
							   terms[i]->id)
					: terms[i]->id;
	return n;
}

static int same_base(const char *a, const char *b)
{
	char ba[128], bb[128];

	dpg_license_base_id(a, ba, sizeof(ba));
	dpg_license_base_id(b, bb, sizeof(bb));
	return dpg_strcasecmp(ba, bb) == 0;
}

/* A license-scope of a part of the project (not files, sub-packages or
 * later texts of a license file). */
static int is_part(const char *v)
{
	static const char *const parts[] = {
		"data: ", "content: ", "docs: ", "fonts: ", "tools: "};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(parts); i++)
		if (dpg_starts_with(v, parts[i]))
			return 1;
	return 0;
}

/* Drop from ids[n..n+k) those already in ids[0..n); the count kept. */
static size_t dedup(const char **ids, size_t n, size_t k)
{
	size_t i, j, kept = 0;

	for (i = n; i < n + k; i++) {
		for (j = 0; j < n + kept; j++)
			if (!strcmp(ids[j], ids[i]))
				break;
		if (j == n + kept)
			ids[n + kept++] = ids[i];
	}
	return kept;
}

static void check_licenses(struct dpg_scan *s, const struct dpg_nomination *n)
{
	const struct dpg_finding *proj = dpg_scan_first(s, "project-license");
	const char *found[MAX_IDS];
	size_t nfound = 0, i, j;

	if (proj && proj->value)
		nfound = expr_ids(s, proj->value, found, MAX_IDS);
	/* and the licenses of the parts (data: ODbL-1.0, docs: CC-BY-4.0):
	 * the registry lists every license of a project */
	for (i = 0; i < s->nfindings && nfound < MAX_IDS; i++) {
		const struct dpg_finding *f = &s->findings[i];
		const char *colon;

		if (strcmp(f->kind, "license-scope") != 0 || !f->value ||
		    !(colon = strstr(f->value, ": ")) || !is_part(f->value))
			continue;
		nfound += dedup(found, nfound,
				expr_ids(s, colon + 2, found + nfound,
					 MAX_IDS - nfound));
	}
	for (i = 0; i < n->nlicenses; i++) {
		const char *claim = n->licenses[i].spdx;
		char *msg;

		add(s, "nomination-claim", DPG_IND_LICENSE,
		    dpg_arena_printf(&s->arena, "license %s", claim), NULL);
		for (j = 0; j < nfound; j++)
			if (same_base(claim, found[j]))
				break;
		if (j == nfound) {
			msg = nfound ? xasprintf("the nomination claims %s; "
						 "the files show %s",
						 claim, proj->value)
				     : xasprintf("the nomination claims %s; no "
						 "project license was found in "
						 "the files",
						 claim);
			add(s, "nomination-mismatch", DPG_IND_LICENSE,
			    "license", msg);
			free(msg);
		} else if (dpg_strcasecmp(claim, found[j]) != 0) {
			int deprecated = dpg_spdx_is_deprecated(claim);

			msg = xasprintf("the nomination's %s%s; the files show "
					"%s",
					claim,
					deprecated ? " (a deprecated id, read "
						     "as either -only or "
						     "-or-later)"
						   : "",
					found[j]);
			add(s,
			    deprecated ? "nomination-note"
				       : "nomination-mismatch",
			    DPG_IND_LICENSE, "license", msg);
			free(msg);
		}
	}
	for (j = 0; j < nfound && n->nlicenses; j++) {
		for (i = 0; i < n->nlicenses; i++)
			if (same_base(n->licenses[i].spdx, found[j]))
				break;
		if (i == n->nlicenses) {
			char *msg = xasprintf("the files show %s, which the "
					      "nomination does not claim",
					      found[j]);

			add(s, "nomination-mismatch", DPG_IND_LICENSE,
			    "license", msg);
			free(msg);
		}
	}
}

static void check_sdgs(struct dpg_scan *s, const struct dpg_nomination *n)
{
	size_t i, j;

	for (i = 0; i < n->nsdgs; i++) {
		char goal[8];

		snprintf(goal, sizeof(goal), "%d", n->sdgs[i].goal);
		add(s, "nomination-claim", DPG_IND_SDG,
		    dpg_arena_printf(&s->arena, "SDG %s", goal),
		    n->sdgs[i].evidence_text);
		for (j = 0; j < s->nfindings; j++)
			if (strcmp(s->findings[j].kind, "sdg-goal") == 0 &&
			    s->findings[j].value &&
			    strcmp(s->findings[j].value, goal) == 0)
				break;
		if (j == s->nfindings) {
			char *msg = xasprintf("the nomination claims SDG %s; "
					      "the README and docs show no "
					      "evidence for it",
					      goal);

			add(s, "nomination-mismatch", DPG_IND_SDG,
			    dpg_arena_printf(&s->arena, "SDG %s", goal), msg);
			free(msg);
		}
	}
	for (j = 0; j < s->nfindings && n->nsdgs; j++) {
		const struct dpg_finding *f = &s->findings[j];

		if (strcmp(f->kind, "sdg-goal") != 0 || !f->value ||
		    !f->excerpt || strcmp(f->excerpt, "strong") != 0)
			continue;
		for (i = 0; i < n->nsdgs; i++)
			if (n->sdgs[i].goal == atoi(f->value))
				break;
		if (i == n->nsdgs) {
			char *msg = xasprintf("strong evidence for SDG %s, "
					      "which the nomination does not "
					      "claim",
					      f->value);

			add(s, "nomination-note", DPG_IND_SDG,
			    dpg_arena_printf(&s->arena, "SDG %s", f->value),
			    msg);
			free(msg);
		}
	}
}

/* Lowercase letters and digits of s, words separated by one space,
 * without legal suffixes ("inc", "ltd"...). */
static void norm_name(const char *s, char *out, size_t outsz)
{
	static const char *const suffixes[] = {
		" inc", " ltd", " llc",	    " gmbh",	    " ag",
		" sa",	" bv",	" limited", " corporation", " corp",
		" co",	" plc", NULL};
	size_t n = 0;
	int i, changed = 1;

	for (; *s && n + 1 < outsz; s++) {
		if (isalnum((unsigned char)*s))
			out[n++] = (char)tolower((unsigned char)*s);
		else if (n && out[n - 1] != ' ')
			out[n++] = ' ';
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	while (changed) {
		changed = 0;
		for (i = 0; suffixes[i]; i++)
			if (dpg_ends_with(out, suffixes[i]) &&
			    strlen(out) > strlen(suffixes[i])) {
				out[strlen(out) - strlen(suffixes[i])] = '\0';
				changed = 1;
			}
	}
}

static int names_agree(const char *a, const char *b)
{
	char na[256], nb[256];

	norm_name(a, na, sizeof(na));
	norm_name(b, nb, sizeof(nb));
	if (!*na || !*nb)
		return 0;
	return strstr(na, nb) != NULL || strstr(nb, na) != NULL;
}

static void check_owner(struct dpg_scan *s, const struct dpg_nomination *n)
{
	struct dpg_buf holders = DPG_BUF_INIT(4096);
	size_t i, j, nholders = 0;

	for (j = 0; j < s->nfindings; j++)
		if (strcmp(s->findings[j].kind, "copyright-holder") == 0 &&
		    s->findings[j].value && nholders++ < 5)
			dpg_buf_printf(&holders, NULL, "%s%s",
				       holders.len ? ", " : "",
				       s->findings[j].value);
	for (i = 0; i < n->norgs; i++) {
		const struct dpg_nom_org *o = &n->orgs[i];
		char *msg;

		if (!o->org_type || dpg_strcasecmp(o->org_type, "owner") != 0)
			continue;
		add(s, "nomination-claim", DPG_IND_OWNERSHIP,
		    dpg_arena_printf(&s->arena, "owner %s", o->name), NULL);
		for (j = 0; j < s->nfindings; j++)
			if (strcmp(s->findings[j].kind, "copyright-holder") ==
				    0 &&
			    s->findings[j].value &&
			    names_agree(o->name, s->findings[j].value))
				break;
		if (j < s->nfindings)
			continue;
		msg = nholders ? xasprintf("the nomination names the owner "
					   "'%s'; the copyright holders in the "
					   "files are %s",
					   o->name, holders.ptr)
			       : xasprintf("the nomination names the owner "
					   "'%s'; no copyright holder in the "
					   "files confirms it",
					   o->name);
		add(s, "nomination-mismatch", DPG_IND_OWNERSHIP, "owner", msg);
		free(msg);
	}
	dpg_buf_release(&holders);
}

static int nom_end(void *config, struct dpg_scan *scan, struct dpg_error *err)
{
	const struct dpg_nomination *n = scan->opts->nomination;

	(void)config;
	(void)err;
	if (!n)
		return 0;
	check_licenses(scan, n);
	check_sdgs(scan, n);
	check_owner(scan, n);
	return 0;
}

const struct dpg_analyzer dpg_analyzer_nomination = {
	.name = "nomination",
	.version = 1,
	.end = nom_end,
};
