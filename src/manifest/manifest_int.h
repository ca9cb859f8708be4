/*
 * manifest_int.h (private to src/manifest/): the two halves of the one
 * manifest reader.  manifest.c knows the kinds and parses a JSON manifest
 * once; license.c reports license fields, deps.c dependencies.
 */
#ifndef DPG_MANIFEST_INT_H
#define DPG_MANIFEST_INT_H

#include "dpg/json.h"
#include "dpg/manifest.h"

/* License fields of a manifest of this kind (root: the parsed JSON of a
 * JSON manifest, else NULL). */
void dpg_mf_licenses(int kind, const char *path, const char *text, size_t len,
		     const struct dpg_json *root,
		     const struct dpg_licdecl_ctx *c);

/* Dependencies of a manifest of this kind, to s->dep. */
void dpg_mf_deps(int kind, const char *path, const char *text, size_t len,
		 const struct dpg_json *root,
		 const struct dpg_manifest_sink *s);

#endif
