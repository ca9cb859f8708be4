/*
 * policy.c: the verdict of each indicator from the findings.
 *
 * Most indicators are a list of needs, each met by any of a few kinds of
 * finding ("kind:value" patterns, fnmatch-style; "@9a" means any finding
 * of indicator 9a).  All needs met: "met"; some evidence: "review"; none:
 * the indicator's default.  SDG relevance, the license and platform
 * independence have their own logic below.  docs/POLICY.md explains each.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/buf.h"
#include "dpg/licpolicy.h"
#include "dpg/licproject.h"
#include "dpg/nomination.h"
#include "dpg/policy.h"
#include "dpg/spdx.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define MAX_ALTS  8
#define MAX_NEEDS 4

struct need {
	const char *what;		/* "a README" */
	const char *alts[MAX_ALTS + 1]; /* "kind:value" patterns */
};

struct rule {
	int ind;
	const char *none;     /* verdict when nothing at all was found */
	const char *none_why; /* its reason */
	struct need needs[MAX_NEEDS + 1];
};

/* clang-format off */
static const struct rule rules[] = {
	{DPG_IND_OWNERSHIP, "review", "no copyright holder is stated", {
		{"a copyright holder", {"copyright-holder:*", NULL}},
		{"one consistent holder", {"copyright-consistency:consistent",
					   NULL}},
	}},
	{DPG_IND_DOCS, "not met", "no README or documentation was found", {
		{"a README", {"file:readme", "rule:readme-file", NULL}},
		{"installation instructions", {"rule:readme-install-section",
			"rule:doc-site-*", "rule:container-setup", NULL}},
		{"usage instructions", {"rule:readme-usage-section",
			"rule:api-reference-docs", "rule:doc-site-*",
			"rule:man-pages", NULL}},
	}},
	{DPG_IND_DATA, "review",
	 "no data export, import or API was found in docs or code", {
		{"documented export, import or API", {"rule:openapi-spec-*",
			"rule:export-documented", "rule:import-documented",
			"rule:api-documented", "rule:graphql-schema", NULL}},
	}},
	{DPG_IND_PRIVACY, "review",
	 "no privacy policy and no named law was found", {
		{"a privacy policy", {"file:privacy", "rule:privacy-policy-file",
			"rule:privacy-policy-mention", NULL}},
		{"the laws it complies with", {"rule:law-*", NULL}},
	}},
	{DPG_IND_STANDARDS, "review",
	 "no open standard, contribution guide, CI or tests were found", {
		{"an open standard", {"rule:std-*", NULL}},
		{"a contribution guide", {"file:contributing",
			"rule:contributing-file", NULL}},
		{"continuous integration", {"file:ci", "rule:ci-*", NULL}},
		{"tests", {"rule:tests-present", "rule:npm-test-script", NULL}},
	}},
	{DPG_IND_HARM_SECURITY, "review",
	 "no security policy or data-protection document was found", {
		{"a security policy", {"file:security",
			"rule:security-policy-file",
			"rule:vulnerability-disclosure*", NULL}},
		{"data-protection documentation", {"rule:data-protection-doc",
			"rule:encryption-docs", "rule:access-control-docs",
			"rule:pii-handling-docs", NULL}},
	}},
	{DPG_IND_HARM_CONTENT, "review",
	 "no content moderation or abuse-reporting policy was found (needed "
	 "if the solution collects or distributes content)", {
		{"a moderation or abuse-reporting policy", {"rule:moderation-*",
			"rule:abuse-reporting", NULL}},
	}},
	{DPG_IND_HARM_HARASSMENT, "review",
	 "no code of conduct was found (needed if users interact)", {
		{"a code of conduct", {"file:code-of-conduct",
			"rule:code-of-conduct-file", NULL}},
		{"a way to report abuse (an enforcement contact)", {
			"rule:code-of-conduct-contact",
			"rule:harassment-reporting-process", NULL}},
	}},
};
/* clang-format on */

static int matches(const struct dpg_finding *f, const char *pat)
{
	const char *colon;
	char kind[64];
	size_t n;

	if (pat[0] == '@')
		return strcmp(dpg_indicator_code(f->indicator), pat + 1) == 0;
	colon = strchr(pat, ':');
	n = (size_t)(colon - pat);
	if (n >= sizeof(kind))
		return 0;
	memcpy(kind, pat, n);
	kind[n] = '\0';
	return fnmatch(kind, f->kind, 0) == 0 &&
	       fnmatch(colon + 1, f->value ? f->value : "", 0) == 0;
}

/* A project license the license analyzers are less sure of than this
 * (a README statement, SPDX tags or notices alone, without a license
 * text or manifest) is for a person to confirm. */
#define MIN_LICENSE_CONFIDENCE 0.7

/* Rules weaker than this are hints: they never meet a need alone. */
#define MIN_RULE_STRENGTH 0.5

/* The first finding that meets need, or NULL. */
static const struct dpg_finding *find_need(const struct dpg_scan *s,
					   const struct need *need)
{
	size_t i, j;

	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (strcmp(f->kind, "rule") == 0 && f->score >= 0 &&
		    f->score < MIN_RULE_STRENGTH)
			continue;
		/* vendored code's files are not the project's */
		if (f->path && dpg_license_vendored_prefix(f->path))
			continue;
		for (j = 0; need->alts[j]; j++)
			if (matches(f, need->alts[j]))
				return f;
	}
	return NULL;
}

/* "README.md:12" or "the project" */
static void place(struct dpg_buf *b, const struct dpg_finding *f)
{
	if (!f->path)
		dpg_buf_puts(b, f->value ? f->value : "the project", NULL);
	else if (f->line)
		dpg_buf_printf(b, NULL, "%s:%u", f->path, f->line);
	else
		dpg_buf_puts(b, f->path, NULL);
}

static void set(struct dpg_scan *s, int ind, const char *verdict,
		const char *reason, const char *missing)
{
	struct dpg_verdict *v = &s->verdicts[ind];

	v->verdict = verdict;
	v->reason = dpg_arena_strdup(&s->arena, reason);
	v->missing = missing && *missing ? dpg_arena_strdup(&s->arena, missing)
					 : NULL;
}

static void apply_needs(struct dpg_scan *s, const struct rule *r)
{
	struct dpg_buf found = DPG_BUF_INIT(4096), missing = DPG_BUF_INIT(4096);
	size_t i, nfound = 0, nneeds = 0;

	for (i = 0; r->needs[i].what; i++, nneeds++) {
		const struct dpg_finding *f = find_need(s, &r->needs[i]);
		struct dpg_buf *b = f ? &found : &missing;

		if (b->len)
			dpg_buf_puts(b, "; ", NULL);
		dpg_buf_puts(b, r->needs[i].what, NULL);
		if (f) {
			dpg_buf_puts(b, " (", NULL);
			place(b, f);
			dpg_buf_puts(b, ")", NULL);
			nfound++;
		}
	}
	if (nfound == 0) {
		set(s, r->ind, r->none, r->none_why, missing.ptr);
	} else {
		char *reason = xasprintf("found %s", found.ptr);

		set(s, r->ind, nfound == nneeds ? "met" : "review", reason,
		    missing.ptr);
		free(reason);
	}
	dpg_buf_release(&found);
	dpg_buf_release(&missing);
}

/* ---- 1: SDG relevance ------------------------------------------------ */

static void apply_sdg(struct dpg_scan *s)
{
	struct dpg_buf strong = DPG_BUF_INIT(1024), some = DPG_BUF_INIT(1024);
	size_t i;

	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];
		struct dpg_buf *b;

		if (strcmp(f->kind, "sdg-goal") != 0 || !f->value)
			continue;
		b = f->excerpt && strcmp(f->excerpt, "strong") == 0 ? &strong
								    : &some;
		dpg_buf_printf(b, NULL, "%sSDG %s", b->len ? ", " : "",
			       f->value);
	}
	if (strong.len) {
		char *r = xasprintf("strong evidence of relevance to %s%s%s",
				    strong.ptr, some.len ? "; some to " : "",
				    some.ptr);

		set(s, DPG_IND_SDG, "met", r, NULL);
		free(r);
	} else if (some.len) {
		char *r =
			xasprintf("some evidence of relevance to %s", some.ptr);

		set(s, DPG_IND_SDG, "review", r,
		    "an explicit statement of the goals served");
		free(r);
	} else {
		set(s, DPG_IND_SDG, "review",
		    "no SDG relevance was found in the README, docs or "
		    "descriptions",
		    "a statement of the SDGs the solution serves");
	}
	dpg_buf_release(&strong);
	dpg_buf_release(&some);
}

/* ---- 2: the license -------------------------------------------------- */

static unsigned int scan_types(const struct dpg_scan *s)
{
	unsigned int t = s->opts ? s->opts->types : 0;

	return t ? t : DPG_TYPE_BIT(DPG_TYPE_SOFTWARE);
}

/*
 * Is every license of the expression that a type does not accept named
 * firmly: by an exact license text, or by a declaration (SPDX tag,
 * manifest, notice, reference)?
 */
static int firmly_named(const struct dpg_scan *s,
			const struct dpg_spdx_node *root)
{
	static const char *const declared[] = {"spdx-tag", "license-manifest",
					       "license-notice",
					       "license-reference", NULL};
	const struct dpg_spdx_node *terms[64];
	size_t n = dpg_spdx_licenses(root, terms, 64), i, j, k;
	int t;

	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++) {
		const char *id = terms[i]->id;
		int fails = 0, firm = 0;

		for (t = 0; t < DPG_TYPE_COUNT; t++)
			if ((scan_types(s) & DPG_TYPE_BIT(t)) &&
			    dpg_license_acceptance(id, t, NULL) ==
				    DPG_ACCEPT_NO)
				fails = 1;
		if (!fails)
			continue;
		for (j = 0; j < s->nfindings && !firm; j++) {
			const struct dpg_finding *f = &s->findings[j];

			if (!f->value || !strstr(f->value, id))
				continue;
			if (strcmp(f->kind, "license-text") == 0)
				firm = f->excerpt &&
				       dpg_starts_with(f->excerpt, "exact");
			for (k = 0; declared[k] && !firm; k++)
				firm = strcmp(f->kind, declared[k]) == 0;
		}
		if (!firm)
			return 0;
	}
	return 1;
}

static void apply_license(struct dpg_scan *s)
{
	const struct dpg_finding *proj = dpg_scan_first(s, "project-license");
	struct dpg_spdx_expr expr;
	struct dpg_spdx_opts so = DPG_SPDX_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_buf why = DPG_BUF_INIT(4096);
	const char *verdict = "met";
	size_t conflicts = dpg_scan_count(s, "license-conflict"), i;
	int t;

	if (!proj || !proj->value || !*proj->value) {
		if (dpg_scan_first(s, "license-text") ||
		    dpg_scan_first(s, "spdx-tag") ||
		    dpg_scan_first(s, "license-manifest") ||
		    dpg_scan_first(s, "license-notice") ||
		    dpg_scan_first(s, "license-unmatched"))
			set(s, DPG_IND_LICENSE, "review",
			    "license evidence was found but no project-level "
			    "license could be established",
			    "a license file at the top of the repository");
		else if (find_need(s,
				   &(struct need){"", {"file:license", NULL}}))
			set(s, DPG_IND_LICENSE, "review",
			    "a license file is present but its text was not "
			    "recognised",
			    "a recognised open license text");
		else
			set(s, DPG_IND_LICENSE, "not met",
			    "no license file, license notice, manifest "
			    "license or SPDX tag was found",
			    "an open license");
		return;
	}
	if (dpg_spdx_parse(&expr, proj->value, strlen(proj->value), &so,
			   &s->arena, &err) < 0) {
		char *r = xasprintf("the project license '%s' is not a valid "
				    "SPDX expression: %s",
				    proj->value, err.msg);

		set(s, DPG_IND_LICENSE, "review", r, NULL);
		free(r);
		return;
	}
	dpg_buf_printf(&why, NULL, "%s", proj->value);
	for (t = 0; t < DPG_TYPE_COUNT; t++) {
		const char *note = NULL;
		int acc;

		if (!(scan_types(s) & DPG_TYPE_BIT(t)))
			continue;
		acc = dpg_spdx_acceptance(expr.root, t, &note);
		dpg_buf_printf(&why, NULL, "; for %s: %s",
			       dpg_solution_type_name(t), dpg_accept_name(acc));
		if (acc != DPG_ACCEPT_YES && note)
			dpg_buf_printf(&why, NULL, " (%s)", note);
		if (acc == DPG_ACCEPT_NO)
			verdict = "not met";
		else if (acc != DPG_ACCEPT_YES && strcmp(verdict, "met") == 0)
			verdict = "review";
	}
	if (strcmp(verdict, "not met") == 0 && !firmly_named(s, expr.root)) {
		/* a near text match to a rare variant is no proof of failure
		 * (BSD-3-Clause with "the author" wording comes out as a
		 * near BSD-3-Clause-HP) */
		dpg_buf_puts(&why,
			     "; only a near license-text match names the "
			     "license that fails: a person should confirm",
			     NULL);
		verdict = "review";
	}
	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (strcmp(f->kind, "license-modified") != 0 || !f->path ||
		    dpg_license_vendored_prefix(f->path) ||
		    (strchr(f->path, '/') &&
		     strncmp(f->path, "LICENSES/", 9) != 0))
			continue;
		/* a license text with a restriction added is not the base
		 * license: never accepted as it */
		dpg_buf_printf(&why, NULL,
			       "; %s:%u is a modified license (%s): not the "
			       "license it resembles",
			       f->path, f->line, f->excerpt);
		if (strcmp(verdict, "met") == 0)
			verdict = "review";
		break;
	}
	if (proj->score >= 0 && proj->score < MIN_LICENSE_CONFIDENCE) {
		dpg_buf_printf(&why, NULL,
			       "; weak evidence (confidence %.2f): no "
			       "recognised license file backs it",
			       proj->score);
		if (strcmp(verdict, "met") == 0)
			verdict = "review";
	}
	if (conflicts) {
		dpg_buf_printf(&why, NULL, "; %zu conflicting declaration%s",
			       conflicts, conflicts > 1 ? "s" : "");
		if (strcmp(verdict, "met") == 0)
			verdict = "review";
	}
	set(s, DPG_IND_LICENSE, verdict, why.ptr,
	    conflicts ? "agreement between the license declarations" : NULL);
	dpg_buf_release(&why);
}

/* ---- 4: platform independence ---------------------------------------- */

static void apply_platform(struct dpg_scan *s)
{
	struct dpg_buf flagged = DPG_BUF_INIT(4096);
	size_t i, nflag = 0, ndeps = dpg_scan_count(s, "dependency");

	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (f->indicator != DPG_IND_PLATFORM ||
		    strcmp(f->kind, "rule") != 0)
			continue;
		if (nflag++ < 5) {
			dpg_buf_printf(&flagged, NULL, "%s%s (",
				       flagged.len ? ", " : "",
				       f->excerpt ? f->excerpt : f->value);
			place(&flagged, f);
			dpg_buf_puts(&flagged, ")", NULL);
		}
	}
	if (nflag) {
		char *r = xasprintf("%zu closed or source-available "
				    "component%s: %s%s",
				    nflag, nflag > 1 ? "s" : "", flagged.ptr,
				    nflag > 5 ? ", ..." : "");

		set(s, DPG_IND_PLATFORM, "review", r,
		    "open alternatives for the flagged components");
		free(r);
	} else if (ndeps) {
		char *r = xasprintf("%zu runtime dependencies read; none is a "
				    "known closed or source-available "
				    "component",
				    ndeps);

		set(s, DPG_IND_PLATFORM, "met", r, NULL);
		free(r);
	} else if (dpg_scan_count(s, "dev-dependency")) {
		char *r = xasprintf("no runtime dependency is declared (%zu "
				    "development dependencies read)",
				    dpg_scan_count(s, "dev-dependency"));

		set(s, DPG_IND_PLATFORM, "met", r, NULL);
		free(r);
	} else {
		set(s, DPG_IND_PLATFORM, "review",
		    "no dependency manifest was found",
		    "a list of the mandatory dependencies");
	}
	dpg_buf_release(&flagged);
}

/* ---- nomination: mismatches make a "met" a "review" ------------------ */

static void apply_mismatches(struct dpg_scan *s)
{
	size_t i;

	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];
		struct dpg_verdict *v;
		char *r;

		if (strcmp(f->kind, "nomination-mismatch") != 0 ||
		    f->indicator <= 0 || f->indicator >= DPG_IND_COUNT)
			continue;
		v = &s->verdicts[f->indicator];
		if (!v->verdict)
			continue;
		r = xasprintf("%s; %s", v->reason,
			      f->excerpt ? f->excerpt : f->value);
		v->reason = dpg_arena_strdup(&s->arena, r);
		free(r);
		if (strcmp(v->verdict, "met") == 0)
			v->verdict = "review";
	}
}

void dpg_policy_apply(struct dpg_scan *s)
{
	size_t i;

	apply_sdg(s);
	apply_license(s);
	apply_platform(s);
	for (i = 0; i < DPG_ARRAY_SIZE(rules); i++)
		apply_needs(s, &rules[i]);
	apply_mismatches(s);
}

int dpg_policy_any_not_met(const struct dpg_scan *s)
{
	int i;

	for (i = 1; i < DPG_IND_COUNT; i++)
		if (s->verdicts[i].verdict &&
		    strcmp(s->verdicts[i].verdict, "not met") == 0)
			return 1;
	return 0;
}
