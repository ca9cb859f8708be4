/*
 * license_text.c: full SPDX license texts in every file (src/license/
 * match.c), see docs/LICENSE-MATCHING.md.
 *
 * Findings, all indicator 2:
 *   "license-text"      path, line..line_end of the text, value = the SPDX
 *                       id (never a deprecated one; a GNU text alone is
 *                       -only), score 0..1, excerpt = "exact" or "near
 *                       0.97: added lines ...; removed '...'" and the ids
 *                       with the same text.  Also an R license stub
 *                       (YEAR: / COPYRIGHT HOLDER:) whose DESCRIPTION says
 *                       "MIT + file LICENSE": value MIT, excerpt "R MIT
 *                       stub (see DESCRIPTION)" (BSD_2_clause and
 *                       BSD_3_clause likewise).
 *   "license-unmatched" a license file (LICENSE*, LICENCE*, COPYING*,
 *                       COPYRIGHT*, UNLICENSE*, *LICENSE*, anything in
 * LICENSES/) at the root with no text above DPG_LICENSE_NEAR: value = the
 * closest license (a hint, never the answer) or NULL, score = its score or -1,
 * excerpt "unknown text, closest MIT at 0.62". "license-r-stub"    an R stub
 * whose DESCRIPTION names no license with "+ file LICENSE": value NULL.
 * Internal facts, for end(): "r-stub" (an R stub license file, path and its
 * line range; the last one counts) and "r-description" (the root
 * DESCRIPTION; value = the SPDX id its "X + file LICENSE" names, or NULL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers.h"
#include "dpg/license.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s; s++)
		if (!dpg_strncasecmp(s, w, n))
			return 1;
	return 0;
}

/* A file named as a license file, at the root or in a root LICENSES/. */
static int root_license_file(const char *path)
{
	const char *b = base_name(path);

	if (b != path &&
	    !(dpg_strncasecmp(path, "LICENSES/", 9) == 0 && b == path + 9))
		return 0;
	if (b != path)
		return 1;
	return !dpg_strncasecmp(b, "copying", 7) ||
	       !dpg_strncasecmp(b, "copyright", 9) ||
	       !dpg_strncasecmp(b, "unlicense", 9) || has_word(b, "license") ||
	       has_word(b, "licence");
}

static int lt_scratch(void **scratch, const void *config, struct dpg_error *err)
{
	(void)config;
	(void)err;
	*scratch = dpg_license_matcher_new();
	return 0;
}

static void lt_scratch_free(void *scratch)
{
	dpg_license_matcher_free(scratch);
}

static unsigned int lt_want(void *config, const struct dpg_file *f)
{
	(void)config;
	return f->mode == DPG_MODE_FILE || f->mode == DPG_MODE_EXEC
		       ? DPG_WANT_CONTENT
		       : 0;
}

/* The next line of data[*pos..len) without its end, trimmed. */
static int next_line(const char *data, size_t len, size_t *pos, const char **s,
		     size_t *n)
{
	const char *p, *e;

	if (*pos >= len)
		return 0;
	p = data + *pos;
	e = memchr(p, '\n', len - *pos);
	if (!e)
		e = data + len;
	*pos = (size_t)(e - data) + 1;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*s = p;
	*n = (size_t)(e - p);
	return 1;
}

/*
 * An R license stub: only "YEAR: ..." and "COPYRIGHT HOLDER: ..." lines
 * (and "ORGANIZATION: ..." for BSD_3_clause), as CRAN's MIT, BSD_2_clause
 * and BSD_3_clause templates ask.  Sets the line range.
 */
static int r_stub(const char *data, size_t len, unsigned int *first,
		  unsigned int *last)
{
	size_t pos = 0, n;
	const char *s;
	unsigned int line = 0;
	int year = 0, holder = 0;

	*first = *last = 0;
	if (len > 1024)
		return 0;
	while (next_line(data, len, &pos, &s, &n)) {
		line++;
		if (n == 0)
			continue;
		if (n >= 5 && !dpg_strncasecmp(s, "year:", 5))
			year = 1;
		else if (n >= 17 &&
			 !dpg_strncasecmp(s, "copyright holder:", 17))
			holder = 1;
		else if (!(n >= 13 && !dpg_strncasecmp(s, "organization:", 13)))
			return 0;
		if (!*first)
			*first = line;
		*last = line;
	}
	return year && holder;
}

/* DESCRIPTION's "License: X + file LICENSE" as an SPDX id, or NULL. */
static const char *r_description_license(const char *data, size_t len)
{
	static const struct {
		const char *r, *spdx;
	} map[] = {
		{"mit", "MIT"},
		{"bsd_2_clause", "BSD-2-Clause"},
		{"bsd_3_clause", "BSD-3-Clause"},
	};
	size_t pos = 0, n, i, k;
	const char *s;

	while (next_line(data, len, &pos, &s, &n)) {
		if (n < 8 || dpg_strncasecmp(s, "license:", 8))
			continue;
		s += 8;
		n -= 8;
		while (n && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		for (i = 0; i < DPG_ARRAY_SIZE(map); i++) {
			size_t rl = strlen(map[i].r);
			if (n <= rl || dpg_strncasecmp(s, map[i].r, rl))
				continue;
			for (k = rl; k < n && (s[k] == ' ' || s[k] == '\t');
			     k++)
				;
			if (n - k >= 6 && !dpg_strncasecmp(s + k, "+ file", 6))
				return map[i].spdx;
		}
		return NULL;
	}
	return NULL;
}

static void fact(struct dpg_results *out, const char *kind, const char *path,
		 unsigned int line, unsigned int line_end, const char *value)
{
	struct dpg_finding fd = {"license-text", kind, DPG_IND_INTERNAL,
				 path,		 line, line_end,
				 value,		 NULL, -1};

	dpg_results_add(out, &fd);
}

static int lt_file(const void *config, void *scratch, const struct dpg_file *f,
		   const char *data, size_t len, struct dpg_results *out,
		   struct dpg_error *err)
{
	struct dpg_license_matcher *m = scratch;
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_license_match *mt;
	size_t n = 0, k, first;
	int lic_file, rc;

	(void)config;
	if (!data)
		return 0;
	if (!strcmp(f->path, "DESCRIPTION")) {
		fact(out, "r-description", NULL, 0, 0,
		     r_description_license(data, len));
		return 0;
	}
	lic_file = root_license_file(f->path);
	/* a license file is matched even without a license word, for its
	 * closest license */
	first = dpg_license_prefilter_at(data, len);
	if (first == DPG_LICENSE_NONE && !lic_file)
		return 0;
	rc = dpg_license_matcher_run_at(m, data, len, first, &a, &mt, &n, err);
	if (rc < 0)
		goto done;
	for (k = 0; k < n; k++) {
		struct dpg_finding fd;
		/* text around a license in a README or a source file is that
		 * file's own; around it in a license file it may add terms */
		if (!lic_file && mt[k].extra_text && mt[k].nspans == 0) {
			mt[k].extra_text = NULL;
			mt[k].extra_words = NULL;
			mt[k].exact = 1;
		}
		fd = (struct dpg_finding){"license-text",
					  "license-text",
					  DPG_IND_LICENSE,
					  f->path,
					  mt[k].line,
					  mt[k].line_end,
					  mt[k].license->id,
					  dpg_license_match_summary(&mt[k], &a),
					  mt[k].score};
		dpg_results_add(out, &fd);
		/* a near text whose differences add a restriction is a
		 * modified license: said apart, the policy never accepts it */
		if (lic_file && dpg_license_match_restriction(&mt[k])) {
			fd.kind = "license-modified";
			fd.excerpt = dpg_arena_printf(
				&a, "%s with a restriction added: '%s'",
				mt[k].license->id,
				dpg_license_match_restriction(&mt[k]));
			dpg_results_add(out, &fd);
		}
	}
	if (n == 0 && lic_file) {
		unsigned int s0, s1;
		double cs;
		const struct dpg_license_info *c;
		struct dpg_finding fd = {"license-text",
					 "license-unmatched",
					 DPG_IND_LICENSE,
					 f->path,
					 0,
					 0,
					 NULL,
					 NULL,
					 -1};
		if (r_stub(data, len, &s0, &s1)) {
			fact(out, "r-stub", f->path, s0, s1, NULL);
			goto done;
		}
		c = dpg_license_matcher_closest(m, &cs);
		if (c) {
			fd.value = c->id;
			fd.score = cs;
			fd.excerpt = dpg_arena_printf(
				&a, "unknown text, closest %s at %.2f", c->id,
				cs);
		} else {
			fd.excerpt = "unknown text, no license comes close";
		}
		dpg_results_add(out, &fd);
	}
	rc = 0;
done:
	dpg_arena_release(&a);
	return rc;
}

static int lt_end(void *config, struct dpg_scan *scan, struct dpg_error *err)
{
	const struct dpg_finding *stub = NULL, *desc = NULL;
	struct dpg_finding fd = {"license-text",
				 "license-r-stub",
				 DPG_IND_LICENSE,
				 NULL,
				 0,
				 0,
				 NULL,
				 NULL,
				 -1};
	char excerpt[96];
	size_t i;

	(void)config;
	(void)err;
	for (i = 0; i < scan->nfindings; i++) {
		const struct dpg_finding *d = &scan->findings[i];

		if (d->indicator != DPG_IND_INTERNAL ||
		    strcmp(d->analyzer, "license-text") != 0)
			continue;
		if (!strcmp(d->kind, "r-stub"))
			stub = d;
		else if (!strcmp(d->kind, "r-description"))
			desc = d;
	}
	if (!stub)
		return 0;
	fd.path = stub->path;
	fd.line = stub->line;
	fd.line_end = stub->line_end;
	if (desc && desc->value) {
		fd.kind = "license-text";
		fd.value = desc->value;
		fd.score = 1;
		snprintf(excerpt, sizeof(excerpt),
			 "R %s stub (see DESCRIPTION)", desc->value);
		fd.excerpt = excerpt;
	} else {
		fd.excerpt = desc ? "R license stub (YEAR/COPYRIGHT "
				    "HOLDER); DESCRIPTION names no "
				    "'X + file LICENSE'"
				  : "R license stub (YEAR/COPYRIGHT "
				    "HOLDER) without a DESCRIPTION";
	}
	dpg_scan_add_finding(scan, &fd);
	return 0;
}

const struct dpg_analyzer dpg_analyzer_license_text = {
	.name = "license-text",
	.version = 2,
	.want = lt_want,
	.scratch = lt_scratch,
	.file = lt_file,
	.end = lt_end,
	.scratch_free = lt_scratch_free,
};
