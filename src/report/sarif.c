/*
 * sarif.c: SARIF 2.1.0 for code-scanning platforms: one result per
 * finding that needs action (no license, a license not accepted or for
 * review, declarations in conflict, a tag or manifest not understood, a
 * closed component, no privacy policy, a nomination mismatch) and one
 * per indicator not met or for review that no such result covers.
 */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

enum {
	R_NOT_MET,
	R_REVIEW,
	R_NO_LICENSE,
	R_NOT_ACCEPTED,
	R_LICENSE_REVIEW,
	R_CONFLICT,
	R_NOT_UNDERSTOOD,
	R_CLOSED,
	R_NO_PRIVACY,
	R_NOMINATION,
	R_COUNT
};

static const struct {
	const char *id, *name, *desc, *full, *level, *tag;
} rules[R_COUNT] = {
	{"DPG000", "IndicatorNotMet",
	 "An indicator of the DPG Standard is not "
	 "met",
	 "The files show a failure of this indicator; the message "
	 "gives the policy's reason and what is missing.",
	 "error", "dpg"},
	{"DPG001", "IndicatorForReview",
	 "An indicator needs a reviewer's "
	 "decision",
	 "A file scan cannot decide this indicator; the message "
	 "says what was found and what to look for.",
	 "note", "dpg"},
	{"DPG201", "NoLicense", "No license found",
	 "No license text, "
	 "manifest license field, SPDX tag or license notice was found "
	 "(indicator 2).",
	 "error", "license"},
	{"DPG202", "LicenseNotAccepted",
	 "License not accepted for the "
	 "solution's type",
	 "The DPG Standard does not accept this license "
	 "for the solution's type (indicator 2).",
	 "error", "license"},
	{"DPG203", "LicenseForReview", "License for review",
	 "The license is "
	 "OSI-approved but not on the registry's list, or it is not a "
	 "license id dpgaudit knows (indicator 2).",
	 "warning", "license"},
	{"DPG204", "LicenseConflict", "License declarations disagree",
	 "Two declarations of the project's license disagree (indicator 2).",
	 "warning", "license"},
	{"DPG205", "LicenseNotUnderstood",
	 "A license declaration was not "
	 "understood",
	 "An SPDX tag, a manifest's license field or a license "
	 "file could not be read as a license (indicator 2).",
	 "note", "license"},
	{"DPG401", "ClosedComponent", "Closed or source-available component",
	 "A dependency is a known closed or source-available component, or "
	 "ties the solution to one; check for an open alternative "
	 "(indicator 4).",
	 "warning", "dependencies"},
	{"DPG701", "NoPrivacyPolicy", "No privacy policy found",
	 "No privacy "
	 "policy file or page was found (indicator 7).",
	 "warning", "privacy"},
	{"DPG101", "NominationMismatch",
	 "The nomination claims what the "
	 "files do not show",
	 "The registry record's claim (license, SDG, "
	 "owner) disagrees with the findings.",
	 "warning", "nomination"},
};

struct sctx {
	struct jw *w;
	const struct dpg_scan *s;
	int covered[DPG_IND_COUNT];
	size_t n;
};

static void location(struct jw *w, const struct dpg_finding *f)
{
	char *uri;

	if (!f || !f->path)
		return;
	uri = rpt_urlpath(f->path);
	jw_arr(w, "locations");
	jw_obj(w, NULL);
	jw_obj(w, "physicalLocation");
	jw_obj(w, "artifactLocation");
	jw_str(w, "uri", uri);
	jw_str(w, "uriBaseId", "SRCROOT");
	jw_end(w, "}");
	if (f->line) {
		jw_obj(w, "region");
		jw_int(w, "startLine", f->line);
		jw_int(w, "endLine",
		       f->line_end >= f->line ? f->line_end : f->line);
		if (f->excerpt) {
			jw_obj(w, "snippet");
			jw_str(w, "text", f->excerpt);
			jw_end(w, "}");
		}
		jw_end(w, "}");
	}
	jw_end(w, "}");
	jw_end(w, "}");
	jw_end(w, "]");
	free(uri);
}

static void result(struct sctx *c, int rule, const char *level, int ind,
		   const char *msg, const struct dpg_finding *at)
{
	struct jw *w = c->w;

	jw_obj(w, NULL);
	jw_str(w, "ruleId", rules[rule].id);
	jw_int(w, "ruleIndex", rule);
	jw_str(w, "level", level ? level : rules[rule].level);
	jw_obj(w, "message");
	jw_str(w, "text", msg);
	jw_end(w, "}");
	location(w, at);
	jw_obj(w, "properties");
	jw_str(w, "indicator", ind ? dpg_indicator_code(ind) : NULL);
	jw_end(w, "}");
	jw_end(w, "}");
	if (ind)
		c->covered[ind] = 1;
	c->n++;
}

/* The first finding of indicator 2 with a path whose value names id. */
static const struct dpg_finding *license_place(const struct dpg_scan *s,
					       const char *id, size_t n)
{
	size_t i;

	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (f->indicator == DPG_IND_LICENSE && f->path && f->value &&
		    !strncmp(f->value, id, n))
			return f;
	}
	return NULL;
}

/* license-acceptance: "ID software=accepted content=... [scope=S]" */
static void acceptance(struct sctx *c, const struct dpg_finding *f)
{
	const char *v = f->value, *sp = strchr(v, ' '), *types = c->s->types;
	char t[32];

	if (!sp || strstr(v, " scope="))
		return;
	if (!types || !*types)
		types = "software";
	while (*types) {
		size_t n = strcspn(types, ",");
		const char *at;
		char *msg;
		int rule;

		snprintf(t, sizeof(t), " %.*s=", (int)n, types);
		types += n + (types[n] == ',');
		at = strstr(sp, t);
		if (!at || (size_t)(at - v) < (size_t)(sp - v))
			continue;
		at += strlen(t);
		if (dpg_starts_with(at, "not-accepted"))
			rule = R_NOT_ACCEPTED;
		else if (dpg_starts_with(at, "osi-not-listed") ||
			 dpg_starts_with(at, "unknown"))
			rule = R_LICENSE_REVIEW;
		else
			continue;
		msg = xasprintf("%.*s for %s: %s (%.*s)", (int)(sp - v), v,
				t + 1,
				rule == R_NOT_ACCEPTED ? "not accepted by the "
							 "DPG Standard"
						       : "for review",
				(int)strcspn(at, " "), at);
		result(c, rule, NULL, DPG_IND_LICENSE, msg,
		       license_place(c->s, v, (size_t)(sp - v)));
		free(msg);
	}
}

static void results(struct sctx *c)
{
	const struct dpg_scan *s = c->s;
	const struct dpg_verdict *lic = &s->verdicts[DPG_IND_LICENSE];
	size_t i;
	int ind, privacy = 0;

	if (lic->verdict && !strcmp(lic->verdict, "not met") &&
	    !dpg_scan_first(s, "project-license"))
		result(c, R_NO_LICENSE, NULL, DPG_IND_LICENSE,
		       lic->reason ? lic->reason : "no license found", NULL);
	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];
		const struct dpg_finding *sum;
		char *msg;

		if (!strcmp(f->kind, "file") && f->value &&
		    !strcmp(f->value, "privacy"))
			privacy = 1;
		if (!strcmp(f->kind, "license-acceptance") && f->value) {
			acceptance(c, f);
		} else if (!strcmp(f->kind, "license-conflict")) {
			msg = xasprintf("license declarations disagree: %s",
					f->value ? f->value : "");
			result(c, R_CONFLICT, NULL, DPG_IND_LICENSE, msg, f);
			free(msg);
		} else if (!strcmp(f->kind, "spdx-tag-invalid") ||
			   !strcmp(f->kind, "license-manifest-invalid") ||
			   !strcmp(f->kind, "license-unmatched")) {
			msg = xasprintf("%s: %s", f->kind,
					f->excerpt ? f->excerpt
					: f->value ? f->value
						   : "not understood");
			result(c, R_NOT_UNDERSTOOD, NULL, 0, msg, f);
			free(msg);
		} else if (!strcmp(f->kind, "rule") &&
			   f->indicator == DPG_IND_PLATFORM) {
			sum = rpt_rule_summary(s, f->value ? f->value : "");
			msg = xasprintf(
				"%s: %s", f->excerpt ? f->excerpt : "",
				sum && sum->excerpt
					? sum->excerpt
					: "a closed or source-available "
					  "component");
			result(c, R_CLOSED, NULL, DPG_IND_PLATFORM, msg, f);
			free(msg);
		} else if (!strcmp(f->kind, "nomination-mismatch")) {
			result(c, R_NOMINATION, NULL, f->indicator,
			       f->excerpt ? f->excerpt
			       : f->value ? f->value
					  : "mismatch",
			       f);
		}
	}
	if (!privacy && s->verdicts[DPG_IND_PRIVACY].verdict &&
	    strcmp(s->verdicts[DPG_IND_PRIVACY].verdict, "met"))
		result(c, R_NO_PRIVACY, NULL, DPG_IND_PRIVACY,
		       "no privacy policy was found", NULL);
	for (ind = 1; ind < DPG_IND_COUNT; ind++) {
		const struct dpg_verdict *v = &s->verdicts[ind];
		char *msg;

		if (!v->verdict || !strcmp(v->verdict, "met") ||
		    c->covered[ind])
			continue;
		msg = xasprintf("%s %s: %s: %s%s%s", dpg_indicator_code(ind),
				dpg_indicator_title(ind), v->verdict,
				v->reason ? v->reason : "",
				v->missing ? "; missing: " : "",
				v->missing ? v->missing : "");
		result(c, strcmp(v->verdict, "not met") ? R_REVIEW : R_NOT_MET,
		       NULL, ind, msg, NULL);
		free(msg);
	}
}

int report_sarif(FILE *out, const struct dpg_scan *s, struct dpg_error *err)
{
	struct sctx c;
	struct rpt_forge fg;
	struct rpt_counts n;
	struct jw w;
	char *id;
	int i;

	memset(&c, 0, sizeof(c));
	c.w = &w;
	c.s = s;
	rpt_counts(s, &n);
	jw_init(&w, 1, err);
	jw_obj(&w, NULL);
	jw_str(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	jw_str(&w, "version", "2.1.0");
	jw_arr(&w, "runs");
	jw_obj(&w, NULL);
	jw_obj(&w, "tool");
	jw_obj(&w, "driver");
	jw_str(&w, "name", "dpgaudit");
	jw_str(&w, "version", dpg_version);
	jw_arr(&w, "rules");
	for (i = 0; i < R_COUNT; i++) {
		jw_obj(&w, NULL);
		jw_str(&w, "id", rules[i].id);
		jw_str(&w, "name", rules[i].name);
		jw_obj(&w, "shortDescription");
		jw_str(&w, "text", rules[i].desc);
		jw_end(&w, "}");
		jw_obj(&w, "fullDescription");
		jw_str(&w, "text", rules[i].full);
		jw_end(&w, "}");
		jw_obj(&w, "defaultConfiguration");
		jw_str(&w, "level", rules[i].level);
		jw_end(&w, "}");
		jw_obj(&w, "properties");
		jw_arr(&w, "tags");
		jw_str(&w, NULL, "dpg-standard");
		jw_str(&w, NULL, rules[i].tag);
		jw_end(&w, "]");
		jw_end(&w, "}");
		jw_end(&w, "}");
	}
	jw_end(&w, "]");
	jw_end(&w, "}");
	jw_end(&w, "}");
	id = xasprintf("dpgaudit/scan/%lld", (long long)s->id);
	jw_obj(&w, "automationDetails");
	jw_str(&w, "id", id);
	jw_end(&w, "}");
	free(id);
	if (rpt_forge_parse(&fg, s->target) && s->commit_id) {
		jw_arr(&w, "versionControlProvenance");
		jw_obj(&w, NULL);
		jw_str(&w, "repositoryUri", fg.base);
		jw_str(&w, "revisionId", s->commit_id);
		jw_end(&w, "}");
		jw_end(&w, "]");
	}
	if (s->target && s->target[0] == '/' && !strcmp(s->kind, "dir")) {
		char *u = rpt_urlpath(s->target), *uri;

		uri = xasprintf("file://%s%s", u,
				dpg_ends_with(u, "/") ? "" : "/");
		jw_obj(&w, "originalUriBaseIds");
		jw_obj(&w, "SRCROOT");
		jw_str(&w, "uri", uri);
		jw_end(&w, "}");
		jw_end(&w, "}");
		free(u);
		free(uri);
	}
	jw_arr(&w, "invocations");
	jw_obj(&w, NULL);
	jw_bool(&w, "executionSuccessful", !strcmp(s->status, "ok"));
	jw_str(&w, "startTimeUtc", s->started_at);
	jw_str(&w, "endTimeUtc", s->finished_at);
	if (s->error) {
		jw_arr(&w, "toolExecutionNotifications");
		jw_obj(&w, NULL);
		jw_str(&w, "level", "error");
		jw_obj(&w, "message");
		jw_str(&w, "text", s->error);
		jw_end(&w, "}");
		jw_end(&w, "}");
		jw_end(&w, "]");
	}
	jw_end(&w, "}");
	jw_end(&w, "]");
	jw_arr(&w, "results");
	results(&c);
	jw_end(&w, "]");
	jw_obj(&w, "properties");
	jw_int(&w, "scanId", s->id);
	jw_str(&w, "target", s->target);
	jw_str(&w, "commit", s->commit_id);
	jw_str(&w, "solutionTypes", s->types);
	jw_int(&w, "met", n.met);
	jw_int(&w, "notMet", n.not_met);
	jw_int(&w, "review", n.review);
	jw_end(&w, "}");
	jw_end(&w, "}");
	jw_end(&w, "]");
	jw_end(&w, "}");
	return jw_finish(&w, out);
}
