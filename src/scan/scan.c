/*
 * scan.c: the pipeline.  source -> entries -> analyzers -> findings.
 *
 * Each entry is offered to every analyzer's want(); the content is read at
 * most once, and only when some analyzer wants it and the entry is a
 * regular file under the size cap.  Binary content is recorded as skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dpg/licpolicy.h"
#include "dpg/nomination.h"
#include "dpg/policy.h"
#include "dpg/scan.h"
#include "dpg/source.h"
#include "dpg/url.h"
#include "dpg/util.h"
#include "scan_int.h"
#include "dpg/banned.h"

static const struct {
	const char *code, *title;
} indicators[DPG_IND_COUNT] = {
	[DPG_IND_NONE] = {"", ""},
	[DPG_IND_SDG] = {"1", "Relevance to the SDGs"},
	[DPG_IND_LICENSE] = {"2", "Approved open license"},
	[DPG_IND_OWNERSHIP] = {"3", "Clear ownership"},
	[DPG_IND_PLATFORM] = {"4", "Platform independence"},
	[DPG_IND_DOCS] = {"5", "Documentation"},
	[DPG_IND_DATA] = {"6", "Mechanism for extracting data"},
	[DPG_IND_PRIVACY] = {"7", "Privacy and applicable laws"},
	[DPG_IND_STANDARDS] = {"8", "Standards and best practices"},
	[DPG_IND_HARM_SECURITY] = {"9a",
				   "Do no harm: data privacy and security"},
	[DPG_IND_HARM_CONTENT] = {"9b", "Do no harm: inappropriate content"},
	[DPG_IND_HARM_HARASSMENT] = {"9c",
				     "Do no harm: protection from harassment"},
};

const char *dpg_indicator_code(int ind)
{
	return ind > 0 && ind < DPG_IND_COUNT ? indicators[ind].code : "";
}

const char *dpg_indicator_title(int ind)
{
	return ind > 0 && ind < DPG_IND_COUNT ? indicators[ind].title : "";
}

int dpg_indicator_parse(const char *s)
{
	int i;

	for (i = 1; i < DPG_IND_COUNT; i++)
		if (dpg_strcasecmp(s, indicators[i].code) == 0)
			return i;
	return DPG_IND_NONE;
}

void dpg_scan_init(struct dpg_scan *scan)
{
	memset(scan, 0, sizeof(*scan));
	scan->dirty = -1;
	scan->tool_version = dpg_version;
}

void dpg_scan_release(struct dpg_scan *scan)
{
	scan_wait(scan);
	free(scan->profile);
	free(scan->findings);
	free(scan->skips);
	dpg_arena_release(&scan->arena);
	dpg_scan_init(scan);
}

/* A copy of s in the arena, credentials of URLs in it redacted. */
static const char *strdup_redacted(struct dpg_arena *a, const char *s)
{
	char *r;
	const char *d;

	if (!s || !strstr(s, "/"))
		return dpg_arena_strdup(a, s);
	r = dpg_url_redact(s);
	d = dpg_arena_strdup(a, r);
	free(r);
	return d;
}

static void copy_finding(struct dpg_arena *a, struct dpg_finding *d,
			 const struct dpg_finding *f);

void dpg_scan_add_finding(struct dpg_scan *scan, const struct dpg_finding *f)
{
	dpg_grow(&scan->findings, &scan->findings_cap, scan->nfindings + 1,
		 sizeof(*scan->findings));
	copy_finding(&scan->arena, &scan->findings[scan->nfindings++], f);
}

void dpg_results_init(struct dpg_results *r)
{
	memset(r, 0, sizeof(*r));
}

void dpg_results_release(struct dpg_results *r)
{
	free(r->findings);
	dpg_arena_release(&r->arena);
	dpg_results_init(r);
}

static void copy_finding(struct dpg_arena *a, struct dpg_finding *d,
			 const struct dpg_finding *f)
{
	*d = *f;
	d->analyzer = dpg_arena_strdup(a, f->analyzer);
	d->kind = dpg_arena_strdup(a, f->kind);
	d->path = dpg_arena_strdup(a, f->path);
	d->value = strdup_redacted(a, f->value);
	d->excerpt = strdup_redacted(a, f->excerpt);
	if (d->line_end < d->line)
		d->line_end = d->line;
}

void dpg_results_add(struct dpg_results *r, const struct dpg_finding *f)
{
	dpg_grow(&r->findings, &r->cap, r->n + 1, sizeof(*r->findings));
	copy_finding(&r->arena, &r->findings[r->n++], f);
}

void dpg_scan_add_results(struct dpg_scan *scan, const struct dpg_results *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		dpg_scan_add_finding(scan, &r->findings[i]);
}

void dpg_scan_drop(struct dpg_scan *scan, size_t i)
{
	if (i < scan->nfindings)
		scan->findings[i].indicator = DPG_IND_DROPPED;
}

void scan_remove_marked(struct dpg_scan *scan, int ind)
{
	size_t i, o = 0;

	for (i = 0; i < scan->nfindings; i++)
		if (scan->findings[i].indicator != ind)
			scan->findings[o++] = scan->findings[i];
	scan->nfindings = o;
}

const struct dpg_finding *dpg_scan_first(const struct dpg_scan *scan,
					 const char *kind)
{
	size_t i;

	for (i = 0; i < scan->nfindings; i++)
		if (scan->findings[i].indicator >= 0 &&
		    strcmp(scan->findings[i].kind, kind) == 0)
			return &scan->findings[i];
	return NULL;
}

size_t dpg_scan_count(const struct dpg_scan *scan, const char *kind)
{
	size_t i, n = 0;

	for (i = 0; i < scan->nfindings; i++)
		n += scan->findings[i].indicator >= 0 &&
		     strcmp(scan->findings[i].kind, kind) == 0;
	return n;
}

void dpg_scan_add_skip(struct dpg_scan *scan, const char *path,
		       const char *reason, uint64_t size)
{
	struct dpg_skip *s;

	dpg_grow(&scan->skips, &scan->skips_cap, scan->nskips + 1,
		 sizeof(*scan->skips));
	s = &scan->skips[scan->nskips++];
	s->path = strdup_redacted(&scan->arena, path);
	s->reason = dpg_arena_strdup(&scan->arena, reason);
	s->size = size;
}

/* ---- limits: past one, the scan stops and is "partial" ---- */

double scan_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void scan_set_partial(struct dpg_scan *scan, const char *why)
{
	scan->status = "partial";
	scan->note = scan->note ? dpg_arena_printf(&scan->arena, "%s; %s",
						   scan->note, why)
				: dpg_arena_strdup(&scan->arena, why);
}

const char *scan_over_limit(struct dpg_scan *scan, double start)
{
	const struct dpg_scan_opts *o = scan->opts;
	struct dpg_arena *a = &scan->arena;

	if (o->max_bytes && scan->bytes_read > o->max_bytes)
		return dpg_arena_printf(a,
					"byte limit reached: more than %llu "
					"bytes read (--max-bytes)",
					(unsigned long long)o->max_bytes);
	if (o->max_findings && scan->nfindings > o->max_findings)
		return dpg_arena_printf(a,
					"finding limit reached: more than %llu "
					"findings (--max-findings)",
					(unsigned long long)o->max_findings);
	if (o->max_seconds && scan_now_s() - start > o->max_seconds)
		return dpg_arena_printf(a,
					"time limit reached: more than %u s "
					"(--time-limit)",
					o->max_seconds);
	return NULL;
}

/* On a partial scan nothing is met or not met: the files not read could
 * change either (docs/POLICY.md). */
static void partial_verdicts(struct dpg_scan *scan)
{
	int i;

	for (i = 1; i < DPG_IND_COUNT; i++) {
		struct dpg_verdict *v = &scan->verdicts[i];

		if (!v->verdict || strcmp(v->verdict, "review") == 0)
			continue;
		v->reason = dpg_arena_printf(
			&scan->arena, "partial scan: on the files read, %s: %s",
			v->verdict, v->reason ? v->reason : "");
		v->verdict = "review";
	}
}

int dpg_analysis_begin(struct dpg_analysis *a, const struct dpg_analyzer *an,
		       struct dpg_scan *scan, struct dpg_error *err)
{
	int rc = 0;

	memset(a, 0, sizeof(*a));
	a->an = an;
	a->scan = scan;
	if (an->begin && (rc = an->begin(&a->config, scan, err)) < 0)
		return rc;
	if (an->scratch && (rc = an->scratch(&a->scratch, a->config, err)) < 0)
		return rc;
	return 0;
}

int dpg_analysis_feed(struct dpg_analysis *a, const struct dpg_file *f,
		      const char *data, size_t len, struct dpg_error *err)
{
	struct dpg_results out;
	struct active act = {a->an, a->config, a->scratch};
	unsigned int want = a->an->want ? a->an->want(a->config, f) : 0;
	int rc;

	dpg_results_init(&out);
	rc = scan_analyze_one(&act, want, f, data, len, &out, err);
	if (rc == 0)
		dpg_scan_add_results(a->scan, &out);
	dpg_results_release(&out);
	return rc < 0 ? rc : (int)want;
}

int dpg_analysis_end(struct dpg_analysis *a, struct dpg_error *err)
{
	int rc = a->an->end ? a->an->end(a->config, a->scan, err) : 0;

	scan_remove_marked(a->scan, DPG_IND_DROPPED);
	scan_remove_marked(a->scan, DPG_IND_INTERNAL);
	return rc;
}

void dpg_analysis_free(struct dpg_analysis *a)
{
	if (a->an && a->an->scratch_free && a->scratch)
		a->an->scratch_free(a->scratch);
	if (a->an && a->an->free && a->config)
		a->an->free(a->config);
	memset(a, 0, sizeof(*a));
}

/* "software" or "software,data": the solution types audited for. */
static const char *types_string(struct dpg_scan *scan, unsigned int types)
{
	char buf[128] = "";
	size_t n = 0;
	int t;

	if (!types)
		types = DPG_TYPE_BIT(DPG_TYPE_SOFTWARE);
	for (t = 0; t < DPG_TYPE_COUNT; t++)
		if (types & DPG_TYPE_BIT(t))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
					      n ? "," : "",
					      dpg_solution_type_name(t));
	return dpg_arena_strdup(&scan->arena, buf);
}

/* The target of a scan that failed before its source said: a URL in its
 * canonical form (else without credentials), a path made canonical
 * (dpg_source_locator). */
static const char *failed_target(struct dpg_scan *scan, const char *target)
{
	char *canonical = NULL;
	const char *t;

	if (!dpg_url_is_remote(target)) {
		/* a path as a good scan names it: absolute, without @REV */
		char *rev = NULL;

		canonical = dpg_source_locator(target, &rev);
		if (!scan->rev)
			scan->rev = dpg_arena_strdup(&scan->arena, rev);
		free(rev);
	} else if (dpg_url_normalize(&canonical, NULL, target, NULL) < 0) {
		canonical = dpg_url_strip_credentials(target);
	}
	t = dpg_arena_strdup(&scan->arena, canonical);
	free(canonical);
	return t;
}

int dpg_scan_run(struct dpg_scan *scan, const char *target,
		 const struct dpg_scan_opts *opts, struct dpg_error *err)
{
	char fp[41];
	int rc;

	scan->opts = opts;
	scan->rev = dpg_arena_strdup(&scan->arena, opts->rev);
	scan->types = types_string(scan, opts->types);
	if (opts->nomination)
		scan->nomination =
			dpg_arena_strdup(&scan->arena, opts->nomination->name);
	dpg_utc_now(scan->started_at);
	rc = dpg_scan_fingerprint(opts, fp, err);
	if (rc == 0) {
		scan->fingerprint = dpg_arena_strdup(&scan->arena, fp);
		rc = scan_pipeline(scan, target, err);
	}
	dpg_utc_now(scan->finished_at);
	if (!scan->target)
		scan->target = failed_target(scan, target);
	if (!scan->kind)
		scan->kind = "unknown";
	if (rc < 0) {
		/* a failed scan keeps its record, never half its facts; its
		   message never shows a URL's credentials */
		char *msg = dpg_url_redact(err->msg);

		snprintf(err->msg, sizeof(err->msg), "%s", msg);
		free(msg);
		scan->nfindings = 0;
		scan->nskips = 0;
		scan->status = "failed";
		scan->error = dpg_arena_strdup(&scan->arena, err->msg);
		scan->error_code = rc;
		return rc;
	}
	if (scan->repeats)
		return 0; /* the caller records the scan it repeats */
	if (!scan->status)
		scan->status = "ok";
	dpg_policy_apply(scan);
	if (strcmp(scan->status, "partial") == 0)
		partial_verdicts(scan);
	return 0;
}

void dpg_scan_set_failed(struct dpg_scan *scan, const char *target,
			 const struct dpg_scan_opts *opts, int code,
			 const char *reason)
{
	struct dpg_arena *a = &scan->arena;

	scan->opts = opts;
	scan->target = dpg_arena_strdup(a, target);
	scan->kind = "unknown";
	scan->rev = dpg_arena_strdup(a, opts->rev);
	scan->types = types_string(scan, opts->types);
	if (opts->nomination)
		scan->nomination = dpg_arena_strdup(a, opts->nomination->name);
	if (!scan->started_at[0])
		dpg_utc_now(scan->started_at);
	dpg_utc_now(scan->finished_at);
	scan->nfindings = 0;
	scan->nskips = 0;
	scan->status = "failed";
	scan->error = dpg_arena_strdup(a, reason);
	scan->error_code = code;
}
