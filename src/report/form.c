/*
 * form.c: the answers an applicant would type into the DPG application,
 * question by question, each with a suggested value, a confidence, the
 * evidence (path:line, excerpt, link) and a status: "filled" (the files
 * answer it), "partial" (they answer part; a person completes it) or
 * "needs input" (they cannot: the value is null and "looked_for" says
 * what was searched).  Weak evidence never becomes a claim.  "record" is
 * the registry's nomination record (nominee-schema.json) from the filled
 * answers; "record_missing" lists its required keys the files could not
 * give.
 */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/licpolicy.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define FILLED	"filled"
#define PARTIAL "partial"
#define NEEDS	"needs input"
#define MAX_EV	5

struct fc {
	struct jw *w;
	const struct dpg_scan *s;
	struct rpt_forge fg;
	/* what the record takes */
	char lic[8][64];
	size_t nlic;
	const struct dpg_finding *goals[17];
	size_t ngoals;
};

static void q_begin(struct fc *c, const char *id, const char *question)
{
	jw_obj(c->w, NULL);
	jw_str(c->w, "id", id);
	jw_str(c->w, "question", question);
}

static void ev(struct fc *c, const struct dpg_finding *f)
{
	char *url = rpt_forge_link(&c->fg, c->s->commit_id, f->path, f->line,
				   f->line_end);

	jw_obj(c->w, NULL);
	jw_str(c->w, "path", f->path);
	if (f->line)
		jw_int(c->w, "line", f->line);
	else
		jw_null(c->w, "line");
	jw_str(c->w, "excerpt", f->excerpt);
	jw_str(c->w, "url", url);
	jw_end(c->w, "}");
	free(url);
}

/* Evidence: findings of ind (strength at least 0.5) whose kind or rule id
 * starts with prefix (NULL: any), at most MAX_EV. */
static void evidence(struct fc *c, int ind, const char *prefix)
{
	size_t i, n = 0;

	jw_arr(c->w, "evidence");
	for (i = 0; i < c->s->nfindings && n < MAX_EV; i++) {
		const struct dpg_finding *f = &c->s->findings[i];

		if (f->indicator != ind || rpt_hidden(f) ||
		    (f->score >= 0 && f->score < 0.5 &&
		     strcmp(f->kind, "project-license")))
			continue;
		if (prefix && !dpg_starts_with(f->kind, prefix) &&
		    !(f->value && !strcmp(f->kind, "rule") &&
		      dpg_starts_with(f->value, prefix)))
			continue;
		ev(c, f);
		n++;
	}
	jw_end(c->w, "]");
}

static void q_end(struct fc *c, const char *status, double conf,
		  const char *looked_for, const char *note)
{
	jw_num(c->w, "confidence", conf);
	jw_str(c->w, "status", status);
	if (strcmp(status, FILLED))
		jw_str(c->w, "looked_for", looked_for);
	if (note)
		jw_str(c->w, "note", note);
	jw_end(c->w, "}");
}

static const char *vstatus(const struct dpg_scan *s, int ind)
{
	return rpt_verdict_is(s, ind, "met")	  ? FILLED
	       : rpt_verdict_is(s, ind, "review") ? PARTIAL
						  : NEEDS;
}

/* ---- license ---- */

static void q_license(struct fc *c)
{
	const struct dpg_scan *s = c->s;
	const struct dpg_finding *p = dpg_scan_first(s, "project-license");
	size_t i, listed = 0, ids = 0;
	const char *status;

	q_begin(c, "license",
		"Which approved open license does the project "
		"use (SPDX id, as the registry lists it)?");
	jw_arr(c->w, "value");
	for (i = 0; i < s->nfindings && c->nlic < 8; i++) {
		const struct dpg_finding *f = &s->findings[i];
		const char *sp;
		char id[64], base[64];

		if (strcmp(f->kind, "license-acceptance") || !f->value ||
		    strstr(f->value, " scope=") ||
		    !(sp = strchr(f->value, ' ')))
			continue;
		snprintf(id, sizeof(id), "%.*s", (int)(sp - f->value),
			 f->value);
		if (strchr(id, '(') || !strcmp(id, "AND") || !strcmp(id, "OR"))
			continue;
		ids++;
		dpg_license_base_id(id, base, sizeof(base));
		if (!dpg_license_on_registry_list(base))
			continue;
		listed++;
		memcpy(c->lic[c->nlic++], base, sizeof(base));
		jw_str(c->w, NULL, base);
	}
	jw_end(c->w, "]");
	evidence(c, DPG_IND_LICENSE, "license-");
	status = !p || !listed ? NEEDS
		 : listed == ids && p->score >= 0.7 &&
				 rpt_verdict_is(s, DPG_IND_LICENSE, "met")
			 ? FILLED
			 : PARTIAL;
	if (!p || !listed)
		c->nlic = 0;
	q_end(c, status, p ? p->score : -1,
	      "a license text, a manifest license field, SPDX tags or a "
	      "license notice naming a license on the registry's list",
	      p && p->value ? p->value : NULL);
}

/* ---- SDGs ---- */

static const struct dpg_finding *best_evidence(const struct dpg_scan *s,
					       const char *goal)
{
	size_t i;

	for (i = 0; i < s->nfindings; i++)
		if (!strcmp(s->findings[i].kind, "sdg-evidence") &&
		    s->findings[i].value && !strcmp(s->findings[i].value, goal))
			return &s->findings[i];
	return NULL;
}

static void q_sdgs(struct fc *c)
{
	const struct dpg_scan *s = c->s;
	size_t i, strong = 0, some = 0;
	double best = -1;

	q_begin(c, "sdgs",
		"Which Sustainable Development Goals is the "
		"project relevant to, with evidence?");
	jw_arr(c->w, "value");
	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i], *e;
		char *url;

		if (strcmp(f->kind, "sdg-goal") || !f->value)
			continue;
		e = best_evidence(s, f->value);
		jw_obj(c->w, NULL);
		jw_int(c->w, "SDGNumber", atoi(f->value));
		jw_str(c->w, "name", dpg_sdg_goal_name(atoi(f->value)));
		jw_str(c->w, "strength", f->excerpt);
		jw_num(c->w, "score", f->score);
		jw_str(c->w, "evidenceText", e ? e->excerpt : NULL);
		url = e ? rpt_ref(s, &c->fg, e) : NULL;
		jw_str(c->w, "evidenceURL", url);
		free(url);
		jw_end(c->w, "}");
		if (f->excerpt && !strcmp(f->excerpt, "strong")) {
			strong++;
			if (c->ngoals < 17)
				c->goals[c->ngoals++] = f;
		} else {
			some++;
		}
		if (f->score > best)
			best = f->score;
	}
	jw_end(c->w, "]");
	evidence(c, DPG_IND_SDG, "sdg-evidence");
	q_end(c,
	      strong ? FILLED
	      : some ? PARTIAL
		     : NEEDS,
	      best,
	      "SDG mentions and domain vocabulary in the README, docs and "
	      "descriptions, per goal",
	      some ? "goals with only 'some' evidence are listed but left "
		     "out of the record"
		   : NULL);
}

/* ---- the other questions ---- */

static void q_ownership(struct fc *c)
{
	const struct dpg_finding *h = dpg_scan_first(c->s, "copyright-holder");
	const struct dpg_finding *k =
		dpg_scan_first(c->s, "copyright-consistency");

	q_begin(c, "ownership",
		"Who owns the project (copyright, trademark "
		"or public documentation)?");
	jw_str(c->w, "value", h ? h->value : NULL);
	evidence(c, DPG_IND_OWNERSHIP, "copyright");
	q_end(c,
	      !h						 ? NEEDS
	      : k && k->value && !strcmp(k->value, "consistent") ? FILLED
								 : PARTIAL,
	      h ? h->score : -1,
	      "copyright lines in license files, NOTICE, headers; AUTHORS; "
	      "CLA/DCO",
	      h ? "the holder as dpgaudit normalises it (lower case, no "
		  "legal suffix): type the owner's name as written"
		: NULL);
}

static void q_verdict(struct fc *c, const char *id, const char *question,
		      int ind, const char *prefix, const char *looked_for)
{
	const struct dpg_verdict *v = &c->s->verdicts[ind];
	const char *st = vstatus(c->s, ind);

	q_begin(c, id, question);
	jw_str(c->w, "value", strcmp(st, NEEDS) ? v->reason : NULL);
	evidence(c, ind, prefix);
	q_end(c, st, -1, looked_for, v->missing);
}

static void q_deps(struct fc *c)
{
	const struct dpg_scan *s = c->s;
	size_t i, flagged = 0;

	for (i = 0; i < s->nfindings; i++)
		flagged += s->findings[i].indicator == DPG_IND_PLATFORM &&
			   !strcmp(s->findings[i].kind, "rule");
	q_begin(c, "dependencies",
		"Does the project have mandatory dependencies that create "
		"more restrictions than its license (closed components)?");
	jw_str(c->w, "value",
	       flagged					    ? "Yes"
	       : rpt_verdict_is(s, DPG_IND_PLATFORM, "met") ? "No"
							    : NULL);
	evidence(c, DPG_IND_PLATFORM, "rule");
	q_end(c,
	      flagged || rpt_verdict_is(s, DPG_IND_PLATFORM, "met") ? FILLED
								    : NEEDS,
	      -1,
	      "dependency manifests (package.json, requirements, pom.xml, "
	      "go.mod...) and known closed or source-available components",
	      flagged ? "name the open alternative for each flagged "
			"component"
		      : s->verdicts[DPG_IND_PLATFORM].reason);
}

static void q_list(struct fc *c, const char *id, const char *question, int ind,
		   const char *prefix, const char *looked_for)
{
	const struct dpg_scan *s = c->s;
	size_t i, j, n = 0;
	char buf[160];

	q_begin(c, id, question);
	jw_arr(c->w, "value");
	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (f->indicator != ind || strcmp(f->kind, "rule") ||
		    !f->value || !dpg_starts_with(f->value, prefix) ||
		    (f->score >= 0 && f->score < 0.5))
			continue;
		for (j = 0; j < i; j++)
			if (s->findings[j].value &&
			    !strcmp(s->findings[j].kind, "rule") &&
			    !strcmp(s->findings[j].value, f->value))
				break;
		if (j < i)
			continue;
		jw_str(c->w, NULL,
		       rpt_rule_label(s, f->value, buf, sizeof(buf)));
		n++;
	}
	jw_end(c->w, "]");
	evidence(c, ind, prefix);
	q_end(c, n ? FILLED : NEEDS, -1, looked_for, NULL);
}

static void q_harm(struct fc *c)
{
	const struct dpg_scan *s = c->s;
	int met = rpt_verdict_is(s, DPG_IND_HARM_SECURITY, "met") +
		  rpt_verdict_is(s, DPG_IND_HARM_CONTENT, "met") +
		  rpt_verdict_is(s, DPG_IND_HARM_HARASSMENT, "met");
	int ind;

	q_begin(c, "do_no_harm",
		"How does the project anticipate, prevent "
		"and do no harm (data privacy and security, "
		"inappropriate content, harassment)?");
	jw_obj(c->w, "value");
	for (ind = DPG_IND_HARM_SECURITY; ind <= DPG_IND_HARM_HARASSMENT; ind++)
		jw_str(c->w, dpg_indicator_code(ind),
		       rpt_verdict_is(s, ind, "met") ? s->verdicts[ind].reason
						     : NULL);
	jw_end(c->w, "}");
	jw_arr(c->w, "evidence");
	jw_end(c->w, "]");
	q_end(c, met ? PARTIAL : NEEDS, -1,
	      "SECURITY.md, data-protection docs, moderation and "
	      "abuse-reporting policies, a code of conduct with a contact",
	      "whether the project collects PII, distributes content or "
	      "lets users interact is the applicant's to say");
}

static void q_simple(struct fc *c, const char *id, const char *question,
		     const char *value, const char *status, double conf,
		     const char *looked_for, const char *note)
{
	q_begin(c, id, question);
	jw_str(c->w, "value", value);
	jw_arr(c->w, "evidence");
	jw_end(c->w, "]");
	q_end(c, status, conf, looked_for, note);
}

/* Where the license is stated: a text, else a manifest, else a notice. */
static const struct dpg_finding *license_file(const struct dpg_scan *s)
{
	static const char *const kinds[] = {"license-text", "license-manifest",
					    "license-notice", "spdx-tag"};
	size_t k;

	for (k = 0; k < DPG_ARRAY_SIZE(kinds); k++)
		if (dpg_scan_first(s, kinds[k]))
			return dpg_scan_first(s, kinds[k]);
	return NULL;
}

static void record(struct fc *c, const char *name, const char *repo)
{
	const struct dpg_scan *s = c->s;
	size_t i;
	const char *t;

	jw_obj(c->w, "record");
	jw_str(c->w, "name", name);
	jw_str(c->w, "description", "");
	if (c->nlic) {
		jw_arr(c->w, "license");
		for (i = 0; i < c->nlic; i++) {
			const struct dpg_finding *f = license_file(s);
			char *url = f ? rpt_ref(s, &c->fg, f) : NULL;

			jw_obj(c->w, NULL);
			jw_str(c->w, "spdx", c->lic[i]);
			jw_str(c->w, "licenseURL", url ? url : "");
			jw_end(c->w, "}");
			free(url);
		}
		jw_end(c->w, "]");
	}
	if (c->ngoals) {
		jw_arr(c->w, "SDGs");
		for (i = 0; i < c->ngoals; i++) {
			const struct dpg_finding *e =
				best_evidence(s, c->goals[i]->value);
			char *url = e ? rpt_ref(s, &c->fg, e) : NULL;

			jw_obj(c->w, NULL);
			jw_int(c->w, "SDGNumber", atoi(c->goals[i]->value));
			if (e && e->excerpt)
				jw_str(c->w, "evidenceText", e->excerpt);
			if (url)
				jw_str(c->w, "evidenceURL", url);
			jw_end(c->w, "}");
			free(url);
		}
		jw_end(c->w, "]");
	}
	jw_arr(c->w, "type");
	for (t = s->types && *s->types ? s->types : "software"; *t;) {
		size_t n = strcspn(t, ",");

		jw_strn(c->w, NULL, t, n);
		t += n + (t[n] == ',');
	}
	jw_end(c->w, "]");
	jw_arr(c->w, "organizations");
	jw_end(c->w, "]");
	if (repo) {
		jw_arr(c->w, "repositories");
		jw_obj(c->w, NULL);
		jw_str(c->w, "name", "main");
		jw_str(c->w, "url", repo);
		jw_end(c->w, "}");
		jw_end(c->w, "]");
	}
	jw_str(c->w, "stage", "nominee");
	jw_end(c->w, "}");
	jw_arr(c->w, "record_missing");
	jw_str(c->w, NULL, "description");
	if (!c->nlic)
		jw_str(c->w, NULL, "license");
	if (!c->ngoals)
		jw_str(c->w, NULL, "SDGs");
	jw_str(c->w, NULL, "organizations");
	jw_end(c->w, "]");
}

int report_form(FILE *out, const struct dpg_scan *s, struct dpg_error *err)
{
	struct fc c;
	struct jw w;
	char buf[256];
	const char *repo = NULL, *name;

	memset(&c, 0, sizeof(c));
	c.w = &w;
	c.s = s;
	if (rpt_forge_parse(&c.fg, s->target))
		repo = c.fg.base;
	name = rpt_name(s, buf, sizeof(buf));
	jw_init(&w, 1, err);
	jw_obj(&w, NULL);
	jw_str(&w, "dpgaudit", dpg_version);
	jw_obj(&w, "scan");
	jw_int(&w, "id", s->id);
	jw_str(&w, "target", s->target);
	jw_str(&w, "commit", s->commit_id);
	jw_str(&w, "started_at", s->started_at);
	jw_str(&w, "status", s->status);
	jw_end(&w, "}");
	jw_arr(&w, "questions");
	q_simple(&c, "name", "What is the project's full name (no acronyms)?",
		 name, s->nomination ? FILLED : PARTIAL,
		 s->nomination ? 1 : 0.5, "the nomination record's name",
		 s->nomination ? NULL
			       : "the repository's name: check the full name");
	q_simple(&c, "description", "A one-line description of the project.",
		 NULL, NEEDS, -1,
		 "a one-line description (not recorded by a file scan)", NULL);
	q_license(&c);
	q_sdgs(&c);
	q_simple(&c, "type", "What kind of solution is it?",
		 s->types ? s->types : "software", PARTIAL, -1,
		 "the solution types audited for (--type or the nomination)",
		 "as audited: confirm");
	q_ownership(&c);
	q_deps(&c);
	q_verdict(&c, "documentation",
		  "Where is the documentation a technical stranger needs to "
		  "launch and run it?",
		  DPG_IND_DOCS, NULL,
		  "a README with installation and usage sections, docs/, a "
		  "documentation site, API docs");
	q_verdict(&c, "data_export",
		  "How can non-PII data be exported or imported in "
		  "non-proprietary formats?",
		  DPG_IND_DATA, NULL,
		  "export/import features and APIs named in docs and code "
		  "(CSV, JSON, XML, REST, OpenAPI)");
	q_list(&c, "privacy_laws",
	       "Which privacy and other applicable laws does the project "
	       "comply with?",
	       DPG_IND_PRIVACY, "law-",
	       "a privacy policy naming laws (GDPR, HIPAA, POPIA, LGPD...)");
	q_list(&c, "standards",
	       "Which open standards does the project support?",
	       DPG_IND_STANDARDS, "std-",
	       "open standards named in the docs or used through libraries "
	       "(HL7 FHIR, OpenAPI, OAuth2, WCAG...)");
	q_harm(&c);
	q_simple(&c, "repository", "Where is the main repository?", repo,
		 repo ? FILLED : NEEDS, repo ? 1 : -1,
		 "a forge URL as the scanned target", NULL);
	jw_end(&w, "]");
	record(&c, name, repo);
	jw_end(&w, "}");
	return jw_finish(&w, out);
}
