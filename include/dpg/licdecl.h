/*
 * licdecl.h: licenses declared in text rather than by a full license text.
 *
 * Four readers, each over one file's text, each reporting what it finds
 * through a callback as struct dpg_finding (indicator 2, path, lines,
 * value = SPDX expression, excerpt = the matched text):
 *
 *   - SPDX-License-Identifier tags            kinds "spdx-tag",
 *                                              "spdx-tag-invalid"
 *   - short notices and README statements     kind "license-notice"
 *   - license URLs, badges, rel="license"     kind "license-reference"
 *   - package manifest license fields         kinds "license-manifest",
 *                                              "license-manifest-invalid"
 *
 * The readers never guess: a name without a version ("the GPL", "BSD
 * license", "Apache license") yields nothing, and a GNU license whose
 * notice says neither "version N of the License" nor "or any later
 * version" is reported with its version-only id (e.g. "GPL-3.0", which the
 * project logic treats as matching both -only and -or-later).  Findings'
 * strings are only valid during the callback (copy them).
 */
#ifndef DPG_LICDECL_H
#define DPG_LICDECL_H

#include <stddef.h>
#include "dpg/arena.h"
#include "dpg/error.h"
#include "dpg/scan.h"

/* At most this many findings of each reader per file. */
#define DPG_LICDECL_MAX_PER_FILE 64
/* Notices are looked for in the first this many bytes of a file. */
#define DPG_LICDECL_MAX_SCAN (1024 * 1024)

struct dpg_licdecl_ctx {
	/* Receives each finding; its strings live until the call returns. */
	void (*emit)(void *ctx, const struct dpg_finding *f);
	void *emit_ctx;
	/* SPDX license id validator (see struct dpg_spdx_opts), or NULL. */
	const char *(*license_id)(void *ctx, const char *id);
	void *id_ctx;
	const char *analyzer; /* finding.analyzer */
};

/*
 * The validator to use in a real scan: the license corpus's lookup
 * (dpg_license_lookup; returns the canonical id, NULL for unknown ids).
 */
const char *(*dpg_licdecl_default_validator(void))(void *ctx, const char *id);

/*
 * Report every "SPDX-License-Identifier:" tag of text (len bytes) in
 * path, parsed: a valid one as "spdx-tag" (value: the canonical
 * expression; excerpt: the raw tag, followed by "  [notes]" when ids were
 * deprecated or re-cased), an invalid one as "spdx-tag-invalid" (value:
 * the raw expression; excerpt: the reason with its offset).  Returns the
 * number of findings.
 */
int dpg_licdecl_tags(const struct dpg_licdecl_ctx *c, const char *path,
		     const char *text, size_t len);

/*
 * Report short license notices and statements ("licensed under the MIT
 * license", the Apache and GNU headers, Creative Commons and MPL notices,
 * README "License" sections) as "license-notice", and license URLs,
 * shields.io badges and HTML rel="license" links as "license-reference".
 * A GNU "How to Apply" sample notice inside a full license text is
 * ignored.  Returns the number of findings.
 */
int dpg_licdecl_notices(const struct dpg_licdecl_ctx *c, const char *path,
			const char *text, size_t len);

/*
 * The words dpg_licdecl_notices() needs one of to read a text at all:
 * "icen" or "gpl" (any case) starting at some j with j + 4 <= len.
 * Returns j + 4 for the last such j, or 0 when there is none.
 */
size_t dpg_licdecl_last_word(const char *text, size_t len);

/* Whether path names a manifest dpg_licdecl_manifest() reads: 1 or 0. */
int dpg_licdecl_is_manifest(const char *path);

/*
 * Report the license fields of the manifest at path (package.json,
 * pyproject.toml, setup.cfg, setup.py, pom.xml, build.gradle(.kts),
 * Cargo.toml, composer.json, *.gemspec, DESCRIPTION, *.csproj, *.nuspec,
 * pubspec.yaml, mix.exs, *.cabal) as "license-manifest" (value: SPDX
 * expression; excerpt: the field, e.g. "package.json license: MIT") or
 * "license-manifest-invalid" (value: the raw field; excerpt: why).
 * Returns the number of findings.
 */
int dpg_licdecl_manifest(const struct dpg_licdecl_ctx *c, const char *path,
			 const char *text, size_t len);

/*
 * Identify a license from its name in free text, the whole of s being
 * the name: "Apache License, Version 2.0", "GPLv3+", "MIT License",
 * "BSD 3-Clause", "CC BY-SA 4.0"; SPDX ids are accepted too (through the
 * validator when not NULL).  Returns an SPDX expression allocated from a,
 * or NULL when s is no unambiguous license name.
 */
const char *dpg_licdecl_name(const char *s, size_t len,
			     const struct dpg_licdecl_ctx *c,
			     struct dpg_arena *a);

/*
 * Identify a license from a URL (apache.org/licenses/LICENSE-2.0,
 * gnu.org/licenses/gpl-3.0, creativecommons.org/licenses/by/4.0,
 * opensource.org/licenses/MIT, spdx.org/licenses/X...).  Returns an SPDX
 * id allocated from a, or NULL.
 */
const char *dpg_licdecl_url(const char *url, size_t len,
			    const struct dpg_licdecl_ctx *c,
			    struct dpg_arena *a);

#endif
