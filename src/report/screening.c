/*
 * screening.c: a draft of the registry's screening record (indicators
 * 3-9; ../shared/registry/screening-schema.json, copied with attribution
 * in docs/schema/).  Each answer comes from the findings: "Yes" only on
 * the evidence the policy counts as met, "No" only where the policy says
 * not met, "Unknown" wherever the files cannot tell; links point at the
 * evidence.  What each answer rests on is in "x-dpgaudit".
 */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

struct sc {
	struct jw *w;
	const struct dpg_scan *s;
	struct rpt_forge fg;
};

static const char *yes_unknown(const struct dpg_scan *s, int ind)
{
	return rpt_verdict_is(s, ind, "met") ? "Yes" : "Unknown";
}

static int is_rule(const struct dpg_finding *f, const char *prefix)
{
	return !strcmp(f->kind, "rule") && f->value &&
	       dpg_starts_with(f->value, prefix) &&
	       (f->score < 0 || f->score >= 0.5);
}

/* An array of links to the findings of ind (with a path) whose kind or
 * rule id starts with one of the prefixes (NULL: any); distinct, at most
 * max. */
static size_t refs(struct sc *c, const char *key, int ind,
		   const char *const *prefixes, size_t max)
{
	char **seen = xcalloc(max + 1, sizeof(*seen));
	size_t i, j, n = 0;

	jw_arr(c->w, key);
	for (i = 0; i < c->s->nfindings && n < max; i++) {
		const struct dpg_finding *f = &c->s->findings[i];
		int ok = !prefixes;
		char *r;

		if (f->indicator != ind || !f->path)
			continue;
		for (j = 0; prefixes && prefixes[j]; j++)
			ok |= dpg_starts_with(f->kind, prefixes[j]) ||
			      is_rule(f, prefixes[j]);
		if (!ok)
			continue;
		r = rpt_ref(c->s, &c->fg, f);
		for (j = 0; j < n && strcmp(seen[j], r); j++)
			;
		if (j < n) {
			free(r);
			continue;
		}
		seen[n++] = r;
		jw_str(c->w, NULL, r);
	}
	jw_end(c->w, "]");
	for (j = 0; j < n; j++)
		free(seen[j]);
	free(seen);
	return n;
}

#define MAX_LABELS 32

struct labels {
	char v[MAX_LABELS][160];
	size_t n;
};

/* The labels of the rules of ind (strength at least 0.5) whose id starts
 * with prefix, or of the others (exclude); distinct. */
static void labels(const struct dpg_scan *s, struct labels *l, int ind,
		   const char *prefix, int exclude)
{
	size_t i, j;
	char buf[160];

	l->n = 0;
	for (i = 0; i < s->nfindings && l->n < MAX_LABELS; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (f->indicator != ind || strcmp(f->kind, "rule") ||
		    !f->value || (f->score >= 0 && f->score < 0.5) ||
		    dpg_starts_with(f->value, prefix) == exclude)
			continue;
		rpt_rule_label(s, f->value, buf, sizeof(buf));
		for (j = 0; j < l->n && strcmp(l->v[j], buf); j++)
			;
		if (j == l->n)
			memcpy(l->v[l->n++], buf, sizeof(buf));
	}
}

static void put_labels(struct jw *w, const char *key, const struct labels *l)
{
	size_t i;

	jw_arr(w, key);
	for (i = 0; i < l->n; i++)
		jw_str(w, NULL, l->v[i]);
	jw_end(w, "]");
}

/* The closed components flagged, one line each. */
static size_t flagged(struct sc *c, char **desc)
{
	struct dpg_buf b = DPG_BUF_INIT(1 << 16);
	struct dpg_error e = DPG_ERROR_INIT;
	size_t i, n = 0;
	char lab[200];

	for (i = 0; i < c->s->nfindings; i++) {
		const struct dpg_finding *f = &c->s->findings[i];
		char *r;

		if (f->indicator != DPG_IND_PLATFORM || strcmp(f->kind, "rule"))
			continue;
		r = rpt_ref(c->s, &c->fg, f);
		dpg_buf_printf(&b, &e, "%s%s: %s (%s)", n++ ? "; " : "",
			       f->excerpt ? f->excerpt : "",
			       rpt_rule_label(c->s, f->value ? f->value : "",
					      lab, sizeof(lab)),
			       r);
		free(r);
	}
	*desc = n ? dpg_buf_detach(&b, NULL) : NULL;
	dpg_buf_release(&b);
	return n;
}

static const char *reason(const struct dpg_scan *s, int ind)
{
	return s->verdicts[ind].reason;
}

int report_screening(FILE *out, const struct dpg_scan *s, struct dpg_error *err)
{
	static const char *const own[] = {"copyright", "authors-file", "cla",
					  "dco", NULL};
	static const char *const docs[] = {
		"file", "readme", "docs-tree", "readme", "api-", "docs-", NULL};
	static const char *const priv[] = {"file", "privacy-", "terms-", "law-",
					   NULL};
	static const char *const std[] = {"std-", NULL};
	static struct labels lab;
	struct sc c;
	struct jw w;
	char name[256], *desc = NULL;
	const struct dpg_finding *f;
	size_t nflag;
	int ind;

	memset(&c, 0, sizeof(c));
	c.w = &w;
	c.s = s;
	rpt_forge_parse(&c.fg, s->target);
	jw_init(&w, 1, err);
	jw_obj(&w, NULL);
	jw_str(&w, "name", rpt_name(s, name, sizeof(name)));

	jw_obj(&w, "clearOwnership");
	jw_str(&w, "isOwnershipExplicit", yes_unknown(s, DPG_IND_OWNERSHIP));
	f = dpg_scan_first(s, "copyright");
	if (!f)
		f = dpg_scan_first(s, "authors-file");
	if (f && f->path) {
		char *r = rpt_ref(s, &c.fg, f);

		jw_str(&w, "copyrightURL", r);
		free(r);
	}
	jw_end(&w, "}");

	nflag = flagged(&c, &desc);
	jw_obj(&w, "platformIndependence");
	jw_str(&w, "mandatoryDepsCreateMoreRestrictions",
	       nflag					    ? "Yes"
	       : rpt_verdict_is(s, DPG_IND_PLATFORM, "met") ? "No"
							    : "Unknown");
	jw_str(&w, "isSoftwarePltIndependent", nflag ? "Unknown" : "");
	if (desc)
		jw_str(&w, "pltIndependenceDesc", desc);
	jw_end(&w, "}");
	free(desc);

	jw_obj(&w, "documentation");
	jw_str(&w, "isDocumentationAvailable",
	       rpt_verdict_is(s, DPG_IND_DOCS, "not met") ? "No"
	       : dpg_scan_first(s, "readme") ||
			       rpt_verdict_is(s, DPG_IND_DOCS, "met")
		       ? "Yes"
		       : "Unknown");
	refs(&c, "documentationURL", DPG_IND_DOCS, docs, 10);
	jw_end(&w, "}");

	jw_obj(&w, "NonPII");
	jw_str(&w, "collectsNonPII", "Unknown");
	jw_str(&w, "checkNonPIIAccessMechanism", yes_unknown(s, DPG_IND_DATA));
	if (rpt_verdict_is(s, DPG_IND_DATA, "met"))
		jw_str(&w, "nonPIIAccessMechanism", reason(s, DPG_IND_DATA));
	jw_end(&w, "}");

	jw_obj(&w, "locations");
	jw_arr(&w, "developmentCountries");
	jw_end(&w, "]");
	jw_arr(&w, "deploymentCountries");
	jw_end(&w, "]");
	jw_end(&w, "}");

	jw_obj(&w, "privacy");
	jw_str(&w, "isPrivacyCompliant", yes_unknown(s, DPG_IND_PRIVACY));
	labels(s, &lab, DPG_IND_PRIVACY, "law-", 0);
	put_labels(&w, "privacyComplianceList", &lab);
	refs(&c, "adherenceSteps", DPG_IND_PRIVACY, priv, 10);
	jw_end(&w, "}");

	jw_obj(&w, "standards");
	labels(s, &lab, DPG_IND_STANDARDS, "std-", 0);
	jw_str(&w, "supportStandards", lab.n ? "Yes" : "Unknown");
	put_labels(&w, "standardsList", &lab);
	refs(&c, "evidenceStandardSupport", DPG_IND_STANDARDS, std, 10);
	labels(s, &lab, DPG_IND_STANDARDS, "std-", 1);
	jw_str(&w, "implementBestPractices", lab.n ? "Yes" : "Unknown");
	put_labels(&w, "bestPracticesList", &lab);
	jw_end(&w, "}");

	jw_obj(&w, "doNoHarm");
	jw_obj(&w, "preventHarm");
	jw_str(&w, "stepsToPreventHarm", "Unknown");
	jw_end(&w, "}");
	jw_obj(&w, "dataPrivacySecurity");
	jw_str(&w, "collectsPII", "Unknown");
	jw_str(&w, "ensurePrivacySecurity",
	       yes_unknown(s, DPG_IND_HARM_SECURITY));
	if (rpt_verdict_is(s, DPG_IND_HARM_SECURITY, "met"))
		jw_str(&w, "privacySecurityDescription",
		       reason(s, DPG_IND_HARM_SECURITY));
	jw_end(&w, "}");
	jw_obj(&w, "inappropriateIllegalContent");
	jw_str(&w, "collectStoreDistribute", "Unknown");
	jw_str(&w, "contentFilter", yes_unknown(s, DPG_IND_HARM_CONTENT));
	jw_str(&w, "illegalContentDetection",
	       yes_unknown(s, DPG_IND_HARM_CONTENT));
	if (rpt_verdict_is(s, DPG_IND_HARM_CONTENT, "met"))
		jw_str(&w, "illegalContentDetectionMechanism",
		       reason(s, DPG_IND_HARM_CONTENT));
	jw_end(&w, "}");
	jw_obj(&w, "protectionFromHarassment");
	jw_str(&w, "userInteraction", "Unknown");
	jw_str(&w, "griefAbuseHarassmentProtection",
	       yes_unknown(s, DPG_IND_HARM_HARASSMENT));
	refs(&c, "harassmentProtectionSteps", DPG_IND_HARM_HARASSMENT, NULL,
	     10);
	jw_end(&w, "}");
	jw_end(&w, "}");

	jw_obj(&w, "x-dpgaudit");
	jw_str(&w, "note",
	       "A draft from a file scan: 'Yes' only where the "
	       "files show what the policy counts as met, 'No' "
	       "only where they show a failure, 'Unknown' where "
	       "they cannot tell. A reviewer confirms every "
	       "answer.");
	jw_str(&w, "version", dpg_version);
	jw_int(&w, "scan", s->id);
	jw_str(&w, "target", s->target);
	jw_str(&w, "commit", s->commit_id);
	jw_str(&w, "scanned_at", s->started_at);
	jw_obj(&w, "verdicts");
	for (ind = DPG_IND_OWNERSHIP; ind < DPG_IND_COUNT; ind++) {
		if (!s->verdicts[ind].verdict)
			continue;
		jw_obj(&w, dpg_indicator_code(ind));
		jw_str(&w, "verdict", s->verdicts[ind].verdict);
		jw_str(&w, "reason", s->verdicts[ind].reason);
		jw_str(&w, "missing", s->verdicts[ind].missing);
		jw_end(&w, "}");
	}
	jw_end(&w, "}");
	refs(&c, "ownershipEvidence", DPG_IND_OWNERSHIP, own, 10);
	jw_end(&w, "}");
	jw_end(&w, "}");
	return jw_finish(&w, out);
}
