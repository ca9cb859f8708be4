/*
 * nomination.h: a registry nomination record (the publicgoods-candidates
 * JSON format: name, description, license[], SDGs[], type[],
 * repositories[], organizations[], stage), read and validated so that a
 * scan can compare what it claims with what the files show.
 */
#ifndef DPG_NOMINATION_H
#define DPG_NOMINATION_H

#include <stddef.h>
#include "dpg/arena.h"
#include "dpg/error.h"

/* A set of solution types (enum dpg_solution_type of licpolicy.h). */
#define DPG_TYPE_BIT(t) (1u << (t))

struct dpg_nom_license {
	const char *spdx;
	const char *url; /* licenseURL, or NULL */
};

struct dpg_nom_sdg {
	int goal; /* 1..17 */
	const char *evidence_text, *evidence_url;
};

struct dpg_nom_org {
	const char *name, *website;
	const char *org_type; /* owner, maintainer, funder, implementer */
};

struct dpg_nom_repo {
	const char *name, *url;
};

/* Everything is owned by the arena given to dpg_nomination_parse(). */
struct dpg_nomination {
	const char *source; /* file name, for messages */
	const char *name, *description, *website, *stage;
	unsigned int types; /* DPG_TYPE_BIT()s; 0 when not stated */
	struct dpg_nom_license *licenses;
	size_t nlicenses;
	struct dpg_nom_sdg *sdgs;
	size_t nsdgs;
	struct dpg_nom_org *orgs;
	size_t norgs;
	struct dpg_nom_repo *repos;
	size_t nrepos;
};

/*
 * Parse and validate a record.  A malformed one returns DPG_EINPUT with a
 * message naming the file and the field, e.g. "nomination 'x.json': field
 * 'SDGs[1].SDGNumber' must be a whole number from 1 to 17".  Unknown
 * fields are allowed (the registry adds fields over time).
 */
int dpg_nomination_parse(struct dpg_nomination *out, const char *source,
			 const char *text, size_t len, struct dpg_arena *a,
			 struct dpg_error *err);

/* Read path (at most 1 MiB) and parse it; DPG_EIO when unreadable. */
int dpg_nomination_load(struct dpg_nomination *out, const char *path,
			struct dpg_arena *a, struct dpg_error *err);

#endif
