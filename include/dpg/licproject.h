/*
 * licproject.h: the project-level license answer.
 *
 * A pure function over the license evidence of one tree (full license
 * texts, SPDX tags, notices, manifest fields, references), which reports
 * through a callback:
 *
 *   "project-license"    path NULL, value = the project's SPDX expression
 *                        (none when nothing was found), excerpt = the evidence
 * behind each part, score = confidence "license-conflict"   value = short
 * description, excerpt = both sides with their paths "license-scope"      value
 * = "docs: CC-BY-4.0", "data: ODbL-1.0", "packages/x: MIT", "files: MIT (3
 * tagged)" "license-vendored"   value = "third_party/zlib: Zlib"
 *   "license-acceptance" value = "Apache-2.0 software=accepted ...
 *                        osi=yes deprecated=no class=permissive"
 *
 * See docs/LICENSES.md for the rules.
 */
#ifndef DPG_LICPROJECT_H
#define DPG_LICPROJECT_H

#include <stddef.h>
#include "dpg/arena.h"
#include "dpg/scan.h"

enum dpg_licev_src {
	DPG_LICEV_TEXT = 1,  /* a full license text (license-text) */
	DPG_LICEV_TAG,	     /* SPDX-License-Identifier (spdx-tag) */
	DPG_LICEV_NOTICE,    /* short notice or statement (license-notice) */
	DPG_LICEV_MANIFEST,  /* manifest field (license-manifest) */
	DPG_LICEV_REFERENCE, /* URL, badge, rel=license (license-reference) */
	DPG_LICEV_UNMATCHED, /* a license file nobody identified */
	DPG_LICEV_BUNDLED,   /* from this line on, the file lists bundled
				code's licenses (license-bundled-section) */
};

struct dpg_licev {
	int src;	  /* enum dpg_licev_src */
	const char *path; /* relative path */
	unsigned int line;
	const char *expr;      /* SPDX expression (may be NULL for UNMATCHED) */
	double score;	       /* license-text match score, or -1 */
	const char *excerpt;   /* may be NULL */
	unsigned int line_end; /* the last line (0: line) */
};

/*
 * Map one finding of the license analyzers to evidence: returns 1 and
 * fills ev (pointing into f's strings) when f is license evidence, else 0.
 */
int dpg_licev_from_finding(struct dpg_licev *ev, const struct dpg_finding *f);

/*
 * Build the project-level answer from ev[0..n) and report it through emit
 * (findings with analyzer name analyzer, indicator 2; strings valid during
 * the call).  Scratch memory comes from a.  Returns the number of
 * findings emitted.
 */
int dpg_license_project(const struct dpg_licev *ev, size_t n,
			void (*emit)(void *ctx, const struct dpg_finding *f),
			void *ctx, const char *analyzer, struct dpg_arena *a);

/*
 * Whether path lies in vendored third-party code (vendor/, third_party/,
 * third-party/, node_modules/, external/, deps/, bower_components/...):
 * returns the length of the prefix naming the vendored package (e.g.
 * "third_party/zlib"), or 0.
 */
size_t dpg_license_vendored_prefix(const char *path);

/*
 * Whether path is a file whose notices speak for others: vendored code,
 * files build systems generate or copy in (configure, ltmain.sh, *.m4,
 * build-aux/), bundles built from the sources and their dependencies
 * (dist/) and bundled third-party code under a top-level contrib/.
 */
int dpg_license_foreign_file(const char *path);

#endif
