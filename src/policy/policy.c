/*
 * policy.c: the verdict of each indicator from the findings.
 *
 * Most indicators are a list of needs, each met by any of a few kinds of
 * finding ("kind:value" patterns, fnmatch-style; "@9a" means any finding
 * of indicator 9a).  All needs met: "met"; some evidence: "review"; none:
 * the indicator's default.  SDG relevance, the license and platform
 * independence have their own logic below.  docs/POLICY.md explains each.
 */
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

#define MAX_ALTS  10
#define MAX_NEEDS 8

/* Solution types, as DPG_TYPE_BIT masks: a need applies to the types of
 * its mask (0: every type). */
#define SW   (1u << DPG_TYPE_SOFTWARE)
#define CONT (1u << DPG_TYPE_CONTENT)
#define DATA (1u << DPG_TYPE_DATA)
#define STD  (1u << DPG_TYPE_STANDARD)
#define AI   (1u << DPG_TYPE_AIMODEL)

struct need {
	const char *what;		/* "a README" */
	const char *alts[MAX_ALTS + 1]; /* "kind:value" patterns */
	unsigned int types;		/* 0: all */
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
		{"a copyright holder", {"copyright-holder:*", NULL}, 0},
		{"one consistent holder", {"copyright-consistency:consistent",
			"copyright-consistency:joint", NULL}, 0},
	}},
	{DPG_IND_DOCS, "not met", "no README or documentation was found", {
		{"a README", {"file:readme", "rule:readme-file", NULL}, 0},
		{"installation instructions", {"rule:readme-install-section",
			"rule:install-file", "rule:doc-site-*",
			"rule:container-setup", NULL}, SW},
		{"usage instructions", {"rule:readme-usage-section",
			"rule:api-reference-docs", "rule:doc-site-*",
			"rule:man-pages", NULL}, SW},
		{"how to use or install it", {"rule:readme-usage-section",
			"rule:readme-install-section", "rule:doc-site-*",
			"rule:api-reference-docs", NULL}, CONT},
		{"a description of the data (fields, schema)",
			{"rule:data-dictionary", "rule:data-description-section",
			 "rule:data-schema-file", NULL}, DATA},
		{"the data's provenance (sources)",
			{"rule:data-provenance-section", NULL}, DATA},
		{"the specification", {"rule:specification-document", NULL},
			STD},
		{"a model card", {"rule:model-card", "rule:model-card-metadata",
			NULL}, AI},
	}},
	{DPG_IND_DATA, "review",
	 "no data export, import or API was found in docs or code", {
		{"documented export, import or API", {"rule:openapi-spec-*",
			"rule:export-documented", "rule:import-documented",
			"rule:api-documented", "rule:graphql-schema",
			"rule:export-code", "rule:export-code-named",
			"rule:export-ui", "rule:export-script", NULL}, SW | AI},
		{"the data in open formats (CSV, JSON, XML...)",
			{"open-format:data", NULL}, DATA},
		{"the content in open formats", {"open-format:content",
			"open-format:data", NULL}, CONT},
		{"the specification in an open format",
			{"open-format:content", "open-format:data", NULL}, STD},
	}},
	{DPG_IND_PRIVACY, "review",
	 "no privacy policy and no named law was found", {
		{"a privacy policy", {"rule:privacy-policy-content",
			"rule:privacy-policy-mention", "rule:privacy-section",
			NULL}, 0},
		{"the laws it complies with", {"rule:law-*", NULL}, 0},
	}},
	{DPG_IND_STANDARDS, "review",
	 "no open standard, contribution guide, CI or tests were found", {
		{"an open standard", {"rule:std-*", NULL}, 0},
		{"a contribution guide", {"file:contributing",
			"rule:contributing-file", NULL}, 0},
		{"continuous integration", {"file:ci", "rule:ci-*", NULL}, 0},
		{"tests", {"rule:tests-present", "rule:npm-test-script", NULL}, 0},
	}},
	{DPG_IND_HARM_SECURITY, "review",
	 "no security policy or data-protection document was found", {
		{"a security policy", {"file:security",
			"rule:security-policy-file",
			"rule:vulnerability-disclosure*", NULL}, 0},
		{"data-protection documentation", {"rule:data-protection-doc",
			"rule:encryption-docs", "rule:access-control-docs",
			"rule:pii-handling-docs", NULL}, 0},
	}},
	{DPG_IND_HARM_CONTENT, "review",
	 "no content moderation or abuse-reporting policy was found (needed "
	 "if the solution collects or distributes content)", {
		{"a moderation or abuse-reporting policy", {"rule:moderation-*",
			"rule:abuse-reporting", NULL}, 0},
	}},
	{DPG_IND_HARM_HARASSMENT, "review",
	 "no code of conduct was found (needed if users interact)", {
		{"a code of conduct", {"file:code-of-conduct",
			"rule:code-of-conduct-file", NULL}, 0},
		/* the Contributor Covenant's process text is in every copy
		 * of the template: only a contact makes it a way to report */
		{"a way to report abuse (an enforcement contact)", {
			"rule:code-of-conduct-contact", NULL}, 0},
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
	/* most findings differ from most patterns at the kind's first byte */
	if (pat[0] != f->kind[0] && pat[0] != '*' && pat[0] != '?' &&
	    pat[0] != '[' && pat[0] != '\\')
		return 0;
	colon = strchr(pat, ':');
	n = (size_t)(colon - pat);
	if (n >= sizeof(kind))
		return 0;
	memcpy(kind, pat, n);
	kind[n] = '\0';
	return dpg_glob(kind, f->kind) &&
	       dpg_glob(colon + 1, f->value ? f->value : "");
}

/* A project license the license analyzers are less sure of than this
 * (a README statement, SPDX tags or notices alone, without a license
 * text or manifest) is for a person to confirm. */
#define MIN_LICENSE_CONFIDENCE 0.7

/* Rules weaker than this are hints: they never meet a need alone. */
#define MIN_RULE_STRENGTH 0.5

/*
 * Files that are not the project's statements: AI-assistant and agent
 * instructions, backlogs and task notes, translations, generated API
 * docs, data tables and samples.  What they say meets no need.
 */
int dpg_policy_not_statement(const char *path)
{
	static const char *const names[] = {
		"CLAUDE.md",
		"AGENTS.md",
		"AGENT.md",
		"GEMINI.md",
		".cursorrules",
		".windsurfrules",
		"copilot-instructions.md",
		"TODO",
		"TODO.md",
		"TODO.txt",
		"BACKLOG.md",
		"TASKS.md",
		"tasks.md",
		"NOTES.md",
		"notes.md",
	};
	static const char *const dirs[] = {
		".claude/",
		".cursor/",
		".windsurf/",
		".aider",
		".github/prompts/",
		".github/instructions/",
		"tasks/",
		"backlog/",
		"locales/",
		"locale/",
		"i18n/",
		"translations/",
		"lang/",
		"_build/",
		"apidocs/",
		"javadoc/",
		"docs/api/",
		"site/",
		"samples/",
		"sample/",
		"examples/vendor/",
	};
	static const char *const exts[] = {".csv", ".tsv", ".po",
					   ".pot", ".xlf", ".xliff"};
	const char *b = strrchr(path, '/');
	size_t i;

	b = b ? b + 1 : path;
	for (i = 0; i < DPG_ARRAY_SIZE(names); i++)
		if (!strcmp(b, names[i]))
			return 1;
	for (i = 0; i < DPG_ARRAY_SIZE(dirs); i++) {
		const char *p = strstr(path, dirs[i]);

		if (p && (p == path || p[-1] == '/'))
			return 1;
	}
	for (i = 0; i < DPG_ARRAY_SIZE(exts); i++)
		if (dpg_ends_with(b, exts[i]))
			return 1;
	return 0;
}

/* Whether f may meet a need at all. */
static int can_meet(const struct dpg_finding *f)
{
	if (strcmp(f->kind, "rule") == 0 && f->score >= 0 &&
	    f->score < MIN_RULE_STRENGTH)
		return 0;
	/* vendored code's files are not the project's */
	if (f->path && dpg_license_vendored_prefix(f->path))
		return 0;
	/* what an agent file, a backlog or a translation says */
	if (f->path && !strcmp(f->kind, "rule") &&
	    dpg_policy_not_statement(f->path))
		return 0;
	return 1;
}

/* The finding that meets need (a top-level file's before one further
 * down: the project's README, not a sub-module's; of the top-level ones
 * the plainest name: README.md, not README-Docker.md), or NULL; meet:
 * what can_meet() says of each finding, or NULL to ask it. */
static const struct dpg_finding *find_need(const struct dpg_scan *s,
					   const struct need *need,
					   const unsigned char *meet)
{
	const struct dpg_finding *first = NULL, *top = NULL;
	size_t i, j;

	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (meet ? !meet[i] : !can_meet(f))
			continue;
		for (j = 0; need->alts[j]; j++)
			if (matches(f, need->alts[j]))
				break;
		if (!need->alts[j])
			continue;
		if (!f->path)
			return f;
		if (!strchr(f->path, '/')) {
			if (!strpbrk(f->path, "-_"))
				return f; /* none is plainer */
			if (!top || strlen(f->path) < strlen(top->path))
				top = f;
		} else if (!first) {
			first = f;
		}
	}
	return top ? top : first;
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

static unsigned int scan_types(const struct dpg_scan *s);

/* "for data: " when the verdict depends on the types judged and they are
 * not software alone. */
static const char *types_prefix(const struct dpg_scan *s, char *buf, size_t n)
{
	unsigned int t = scan_types(s);
	size_t o = 0;
	int k;

	buf[0] = '\0';
	if (t == SW)
		return buf;
	o += (size_t)snprintf(buf, n, "for ");
	for (k = 0; k < DPG_TYPE_COUNT && o < n; k++)
		if (t & DPG_TYPE_BIT(k))
			o += (size_t)snprintf(buf + o, n - o, "%s%s",
					      o > 4 ? ", " : "",
					      dpg_solution_type_name(k));
	if (o < n)
		snprintf(buf + o, n - o, ": ");
	return buf;
}

static void apply_needs(struct dpg_scan *s, const struct rule *r,
			const unsigned char *meet)
{
	struct dpg_buf found = DPG_BUF_INIT(4096), missing = DPG_BUF_INIT(4096);
	size_t i, nfound = 0, nneeds = 0;
	unsigned int types = scan_types(s);
	char pre[80];

	types_prefix(s, pre, sizeof(pre));
	for (i = 0; r->needs[i].what; i++) {
		const struct dpg_finding *f;
		struct dpg_buf *b;

		if (r->needs[i].types && !(r->needs[i].types & types))
			continue;
		nneeds++;
		f = find_need(s, &r->needs[i], meet);
		b = f ? &found : &missing;
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
		const struct dpg_finding *other = NULL;
		char *reason;

		/* "not met" is for nothing at all: other evidence of the
		 * indicator (a doc/ folder, man pages) makes it a review */
		for (i = 0; !strcmp(r->none, "not met") && i < s->nfindings;
		     i++)
			if (s->findings[i].indicator == r->ind &&
			    s->findings[i].path && meet[i] &&
			    strcmp(s->findings[i].kind, "rule-summary")) {
				other = &s->findings[i];
				break;
			}
		if (other) {
			struct dpg_buf b = DPG_BUF_INIT(512);

			place(&b, other);
			reason = xasprintf("%sno %s, but other evidence (%s)",
					   pre, r->needs[0].what + 2, b.ptr);
			set(s, r->ind, "review", reason, missing.ptr);
			dpg_buf_release(&b);
		} else {
			reason = xasprintf("%s%s", pre, r->none_why);
			set(s, r->ind, r->none, reason, missing.ptr);
		}
		free(reason);
	} else {
		char *reason = xasprintf("%sfound %s", pre, found.ptr);

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

/*
 * The solution type a license-scope finding is the license of ("data:
 * ODbL-1.0" data; "content:", "docs:", "fonts:" content), DPG_TYPE_COUNT
 * for another part named in the reason ("tools: GPL-3.0"), -1 when it is
 * not a part of the answer ("files: MIT (3 tagged)", "also in ...",
 * sub-packages).
 */
static int part_type(const struct dpg_finding *f)
{
	static const struct {
		const char *prefix;
		int type;
	} parts[] = {
		{"data: ", DPG_TYPE_DATA},    {"content: ", DPG_TYPE_CONTENT},
		{"docs: ", DPG_TYPE_CONTENT}, {"fonts: ", DPG_TYPE_CONTENT},
		{"tools: ", DPG_TYPE_COUNT},  {"examples: ", DPG_TYPE_COUNT},
	};
	size_t i;

	if (strcmp(f->kind, "license-scope") != 0 || !f->value)
		return -1;
	for (i = 0; i < DPG_ARRAY_SIZE(parts); i++)
		if (dpg_starts_with(f->value, parts[i].prefix))
			return parts[i].type;
	return -1;
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
	const struct dpg_finding *part[DPG_TYPE_COUNT] = {NULL};
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
		else if (find_need(
				 s,
				 &(struct need){"", {"file:license", NULL}, 0},
				 NULL))
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
	/* the parts with licenses of their own (data: ODbL-1.0, docs:
	 * CC-BY-4.0): every license of the answer is named, and a part is
	 * judged for its type */
	dpg_buf_printf(&why, NULL, "%s", proj->value);
	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];
		int pt = part_type(f);

		if (pt < 0)
			continue;
		dpg_buf_printf(&why, NULL, "%s%s", i ? "; " : "", f->value);
		if (pt < DPG_TYPE_COUNT && !part[pt])
			part[pt] = f;
	}
	for (t = 0; t < DPG_TYPE_COUNT; t++) {
		const char *note = NULL;
		struct dpg_spdx_expr pe;
		const struct dpg_spdx_node *root = expr.root;
		int acc;

		if (!(scan_types(s) & DPG_TYPE_BIT(t)))
			continue;
		/* a type with a part of its own is judged on that part */
		if (part[t]) {
			const char *x = strchr(part[t]->value, ':') + 2;

			if (dpg_spdx_parse(&pe, x, strlen(x), &so, &s->arena,
					   NULL) == 0)
				root = pe.root;
		}
		acc = dpg_spdx_acceptance(root, t, &note);
		dpg_buf_printf(
			&why, NULL, "; for %s%s%s: %s",
			dpg_solution_type_name(t),
			root != expr.root ? " (" : "",
			root != expr.root
				? dpg_arena_printf(&s->arena, "%s)",
						   strchr(part[t]->value, ':') +
							   2)
				: "",
			dpg_accept_name(acc));
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
	for (i = 0; i < s->nfindings; i++)
		if (!strcmp(s->findings[i].kind, "license-note"))
			dpg_buf_printf(&why, NULL, "; note: %s",
				       s->findings[i].value);
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

/* Whether a manifest at path speaks for the project (not vendored code,
 * a test fixture or an example). */
static int project_manifest(const char *path)
{
	static const char *const dirs[] = {
		"test/",      "tests/", "fixtures/", "fixture/", "testdata/",
		"__tests__/", "spec/",	"examples/", "example/", "samples/",
		"sample/",    "docs/",	"doc/",
	};
	size_t i;

	if (!path || dpg_license_vendored_prefix(path))
		return 0;
	for (i = 0; i < DPG_ARRAY_SIZE(dirs); i++) {
		const char *p = strstr(path, dirs[i]);

		if (p && (p == path || p[-1] == '/'))
			return 0;
	}
	return 1;
}

/*
 * A flagged dependency (a platform rule's finding on a dependency) that
 * the product does not need: one in a test, example or docs manifest, or
 * declared only for development where it is declared (tests/requirements/
 * oracle.txt, devDependencies).
 */
static int dev_only(const struct dpg_scan *s, const struct dpg_finding *r)
{
	size_t i;
	int dev = 0;

	if (!r->path)
		return 0;
	if (!project_manifest(r->path))
		return 1;
	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *d = &s->findings[i];

		if (!d->path || d->line != r->line || strcmp(d->path, r->path))
			continue;
		if (!strcmp(d->kind, "dependency"))
			return 0;
		dev |= !strcmp(d->kind, "dev-dependency");
	}
	return dev;
}

static void apply_platform(struct dpg_scan *s)
{
	struct dpg_buf flagged = DPG_BUF_INIT(4096),
		       unread = DPG_BUF_INIT(2048);
	size_t i, nflag = 0, nunread = 0, nman = 0, ndeps = 0, ndev = 0;
	size_t ndevflag = 0;
	const struct dpg_finding *devflag = NULL;
	unsigned int types = scan_types(s);
	char pre[80];

	types_prefix(s, pre, sizeof(pre));
	for (i = 0; i < s->nfindings; i++) {
		const struct dpg_finding *f = &s->findings[i];

		if (f->indicator != DPG_IND_PLATFORM)
			continue;
		if (!strcmp(f->kind, "manifest-unread") &&
		    project_manifest(f->path)) {
			if (nunread++ < 5) {
				dpg_buf_printf(&unread, NULL, "%s%s (%s)",
					       unread.len ? ", " : "", f->path,
					       f->excerpt ? f->excerpt
							  : f->value);
			}
			continue;
		}
		if (!strcmp(f->kind, "manifest"))
			nman += project_manifest(f->path);
		else if (!strcmp(f->kind, "dependency"))
			ndeps++;
		else if (!strcmp(f->kind, "dev-dependency"))
			ndev++;
		if (strcmp(f->kind, "rule") != 0)
			continue;
		if (dev_only(s, f)) {
			if (!ndevflag++)
				devflag = f;
			continue;
		}
		if (nflag++ < 5) {
			dpg_buf_printf(&flagged, NULL, "%s%s (",
				       flagged.len ? ", " : "",
				       f->excerpt ? f->excerpt : f->value);
			place(&flagged, f);
			dpg_buf_puts(&flagged, ")", NULL);
		}
	}
	if (nflag) {
		char *r = xasprintf("%s%zu closed or source-available "
				    "component%s: %s%s",
				    pre, nflag, nflag > 1 ? "s" : "",
				    flagged.ptr, nflag > 5 ? ", ..." : "");

		set(s, DPG_IND_PLATFORM, "review", r,
		    "open alternatives for the flagged components");
		free(r);
	} else if (nunread) {
		/* what was not read may hold anything: never "met" */
		char *r = xasprintf("%s%zu manifest%s found and not read: %s%s"
				    "%s",
				    pre, nunread, nunread > 1 ? "s" : "",
				    unread.ptr, nunread > 5 ? ", ..." : "",
				    ndeps || ndev ? "; the dependencies read "
						    "flag nothing"
						  : "");

		set(s, DPG_IND_PLATFORM, "review", r,
		    "the dependencies of the manifests not read");
		free(r);
	} else if (ndeps) {
		char *r = xasprintf("%s%zu runtime dependencies read from %zu "
				    "manifest%s; none is a known closed or "
				    "source-available component",
				    pre, ndeps, nman, nman == 1 ? "" : "s");

		set(s, DPG_IND_PLATFORM, "met", r, NULL);
		free(r);
	} else if (nman) {
		char *r = xasprintf("%sno runtime dependency is declared (%zu "
				    "manifest%s read, %zu development "
				    "dependencies)",
				    pre, nman, nman == 1 ? "" : "s", ndev);

		set(s, DPG_IND_PLATFORM, "met", r, NULL);
		free(r);
	} else if (!(types & (SW | AI))) {
		/* data, content, a standard: files, not a program */
		char *r = xasprintf("%sno manifest and no software dependency: "
				    "the repository's files are used as they "
				    "are",
				    pre);

		set(s, DPG_IND_PLATFORM, "met", r, NULL);
		free(r);
	} else {
		set(s, DPG_IND_PLATFORM, "review",
		    "no dependency manifest was found",
		    "a list of the mandatory dependencies");
	}
	if (devflag) {
		struct dpg_verdict *v = &s->verdicts[DPG_IND_PLATFORM];
		struct dpg_buf b = DPG_BUF_INIT(512);

		dpg_buf_printf(&b, NULL,
			       "%s; %zu closed or source-available "
			       "component%s for development, tests or examples "
			       "only, not mandatory: %s (",
			       v->reason, ndevflag, ndevflag > 1 ? "s" : "",
			       devflag->excerpt ? devflag->excerpt
						: devflag->value);
		place(&b, devflag);
		dpg_buf_printf(&b, NULL, ")%s", ndevflag > 1 ? ", ..." : "");
		v->reason = dpg_arena_strdup(&s->arena, b.ptr);
		dpg_buf_release(&b);
	}
	dpg_buf_release(&flagged);
	dpg_buf_release(&unread);
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
	/* whether each finding may meet a need: asked once, not once for
	   each of the rules' needs */
	unsigned char *meet = xmalloc(s->nfindings ? s->nfindings : 1);
	size_t i;

	apply_sdg(s);
	apply_license(s);
	apply_platform(s);
	for (i = 0; i < s->nfindings; i++)
		meet[i] = (unsigned char)can_meet(&s->findings[i]);
	for (i = 0; i < DPG_ARRAY_SIZE(rules); i++)
		apply_needs(s, &rules[i], meet);
	apply_mismatches(s);
	free(meet);
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
