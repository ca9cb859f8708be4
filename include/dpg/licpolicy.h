/*
 * licpolicy.h: what the DPG Standard thinks of a license.
 *
 * Given one SPDX license id (not an expression; see spdx.h for those),
 * answers: is it accepted by the DPG Standard for a kind of solution
 * (software, content, data, standard, AI model), what class of license it
 * is (permissive, copyleft, non-commercial...), and whether it is a
 * deprecated SPDX id with a current replacement.  The accepted list is the
 * one of /work/shared/dpg-standard.md (the registry's list); the OSI flag
 * of other ids comes from the license corpus (dpg/license.h).  Every
 * function here is pure and thread-safe; every returned
 * string is static.
 */
#ifndef DPG_LICPOLICY_H
#define DPG_LICPOLICY_H

enum dpg_solution_type {
	DPG_TYPE_SOFTWARE = 0,
	DPG_TYPE_CONTENT,
	DPG_TYPE_DATA,
	DPG_TYPE_STANDARD,
	DPG_TYPE_AIMODEL,
	DPG_TYPE_COUNT
};

enum dpg_accept {
	DPG_ACCEPT_UNKNOWN = 0,	   /* not an id we know: a person decides */
	DPG_ACCEPT_YES,		   /* accepted for this type */
	DPG_ACCEPT_OSI_NOT_LISTED, /* OSI-approved, not on the registry list */
	DPG_ACCEPT_NO,		   /* not accepted for this type */
};

enum dpg_license_class {
	DPG_CLASS_UNKNOWN = 0,
	DPG_CLASS_PUBLIC_DOMAIN,
	DPG_CLASS_PERMISSIVE,
	DPG_CLASS_WEAK_COPYLEFT,
	DPG_CLASS_STRONG_COPYLEFT,
	DPG_CLASS_NETWORK_COPYLEFT,
	DPG_CLASS_NON_COMMERCIAL,
	DPG_CLASS_NO_DERIVATIVES,
	DPG_CLASS_SOURCE_AVAILABLE, /* source-available or proprietary */
	DPG_CLASS_COUNT
};

/*
 * Parse a solution type name ("software", "content", "data", "standard",
 * "aimodel"; also "ai-model", "model", case-insensitive).  Returns the
 * enum dpg_solution_type, or -1 when s names none.
 */
int dpg_solution_type_parse(const char *s);

/* The name of a solution type ("software"...), or "?" when out of range. */
const char *dpg_solution_type_name(int type);

/*
 * Whether the DPG Standard accepts license id (one SPDX id, matched
 * case-insensitively; deprecated ids and -only/-or-later/+ forms count as
 * their base id) for a solution of the given type.  Returns an enum
 * dpg_accept; when note is not NULL, *note is set to a static sentence
 * giving the reason (never NULL).
 */
int dpg_license_acceptance(const char *id, int type, const char **note);

/* A short stable name for an enum dpg_accept: "accepted",
 * "osi-not-listed", "not-accepted", "unknown". */
const char *dpg_accept_name(int accept);

/* Whether id (its base id) is on the registry's accepted list: 1 or 0. */
int dpg_license_on_registry_list(const char *id);

/*
 * Whether id is OSI-approved: 1 yes, 0 no, -1 unknown (id is not in the
 * license corpus).  Deprecated ids answer for their
 * current id.
 */
int dpg_license_osi(const char *id);

/* The class of license id (enum dpg_license_class). */
int dpg_license_class(const char *id);

/* The class's name: "public-domain", "permissive", "weak-copyleft",
 * "strong-copyleft", "network-copyleft", "non-commercial",
 * "no-derivatives", "source-available", "unknown". */
const char *dpg_license_class_name(int cls);

/*
 * Whether id is a deprecated SPDX license or exception id (including the
 * "+" forms such as "GPL-2.0+"): 1 or 0.
 */
int dpg_spdx_is_deprecated(const char *id);

/*
 * The current replacement for a deprecated SPDX id: an id such as
 * "GPL-2.0-only", or an expression such as "GPL-2.0-only WITH
 * Classpath-exception-2.0".  Returns NULL when id is not deprecated or has
 * no single replacement (e.g. "Net-SNMP").  Static string.
 */
const char *dpg_spdx_current_id(const char *id);

/*
 * The base id of a license for policy purposes: the current id of a
 * deprecated one, without -only/-or-later/"+" (so "GPL-2.0-or-later",
 * "GPL-2.0+" and "GPL-2.0" all give "GPL-2.0").  Writes at most outsz
 * bytes (NUL included) to out and returns out.
 */
char *dpg_license_base_id(const char *id, char *out, unsigned int outsz);

#endif
