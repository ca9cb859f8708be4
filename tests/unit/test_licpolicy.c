#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/licpolicy.h"
#include "test.h"

TEST(test_licpolicy__types)
{
	CHECK_INT(dpg_solution_type_parse("software"), DPG_TYPE_SOFTWARE);
	CHECK_INT(dpg_solution_type_parse("Content"), DPG_TYPE_CONTENT);
	CHECK_INT(dpg_solution_type_parse("data"), DPG_TYPE_DATA);
	CHECK_INT(dpg_solution_type_parse("standard"), DPG_TYPE_STANDARD);
	CHECK_INT(dpg_solution_type_parse("aimodel"), DPG_TYPE_AIMODEL);
	CHECK_INT(dpg_solution_type_parse("ai-model"), DPG_TYPE_AIMODEL);
	CHECK_INT(dpg_solution_type_parse("hardware"), -1);
	CHECK_INT(dpg_solution_type_parse(NULL), -1);
	CHECK_STR(dpg_solution_type_name(DPG_TYPE_DATA), "data");
	CHECK_STR(dpg_solution_type_name(99), "?");
}

TEST(test_licpolicy__registry_software)
{
	const char *note = NULL;

	CHECK_INT(dpg_license_acceptance("MIT", DPG_TYPE_SOFTWARE, &note),
		  DPG_ACCEPT_YES);
	CHECK(note != NULL);
	CHECK_INT(dpg_license_acceptance("apache-2.0", DPG_TYPE_SOFTWARE, NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("Zlib", DPG_TYPE_AIMODEL, NULL),
		  DPG_ACCEPT_YES);
	/* the GNU -only/-or-later/+ forms count as their base ids */
	CHECK_INT(
		dpg_license_acceptance("GPL-3.0-only", DPG_TYPE_SOFTWARE, NULL),
		DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("GPL-2.0-or-later", DPG_TYPE_SOFTWARE,
					 NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("GPL-2.0+", DPG_TYPE_SOFTWARE, NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("AGPL-3.0-or-later", DPG_TYPE_SOFTWARE,
					 NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("LGPL-2.1-only", DPG_TYPE_SOFTWARE,
					 NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("GPL-2.0-with-classpath-exception",
					 DPG_TYPE_SOFTWARE, NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("wxWindows", DPG_TYPE_SOFTWARE, NULL),
		  DPG_ACCEPT_YES);
}

TEST(test_licpolicy__creative_commons)
{
	const char *note = NULL;

	CHECK_INT(dpg_license_acceptance("CC-BY-4.0", DPG_TYPE_CONTENT, NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("CC-BY-SA-4.0", DPG_TYPE_DATA, NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("CC0-1.0", DPG_TYPE_DATA, NULL),
		  DPG_ACCEPT_YES);
	/* non-commercial: content only */
	CHECK_INT(
		dpg_license_acceptance("CC-BY-NC-4.0", DPG_TYPE_CONTENT, NULL),
		DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("CC-BY-NC-SA-4.0", DPG_TYPE_CONTENT,
					 NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("CC-BY-NC-4.0", DPG_TYPE_SOFTWARE,
					 &note),
		  DPG_ACCEPT_NO);
	CHECK(strstr(note, "content only") != NULL);
	CHECK_INT(dpg_license_acceptance("CC-BY-NC-4.0", DPG_TYPE_DATA, NULL),
		  DPG_ACCEPT_NO);
	/* no-derivatives: never */
	CHECK_INT(
		dpg_license_acceptance("CC-BY-ND-4.0", DPG_TYPE_CONTENT, &note),
		DPG_ACCEPT_NO);
	CHECK(strstr(note, "never") != NULL);
	CHECK_INT(dpg_license_acceptance("CC-BY-NC-ND-4.0", DPG_TYPE_CONTENT,
					 NULL),
		  DPG_ACCEPT_NO);
	/* a CC port not on the list: acceptable, to confirm */
	CHECK_INT(
		dpg_license_acceptance("CC-BY-3.0-DE", DPG_TYPE_CONTENT, NULL),
		DPG_ACCEPT_OSI_NOT_LISTED);
}

TEST(test_licpolicy__data_licenses)
{
	CHECK_INT(dpg_license_acceptance("ODbL-1.0", DPG_TYPE_DATA, NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("ODC-By-1.0", DPG_TYPE_DATA, NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("PDDL-1.0", DPG_TYPE_DATA, NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("OGL-UK-3.0", DPG_TYPE_DATA, NULL),
		  DPG_ACCEPT_YES);
	CHECK_INT(dpg_license_acceptance("ODbL-1.0", DPG_TYPE_SOFTWARE, NULL),
		  DPG_ACCEPT_NO);
	CHECK_INT(dpg_license_acceptance("OGL-UK-3.0", DPG_TYPE_CONTENT, NULL),
		  DPG_ACCEPT_NO);
}

TEST(test_licpolicy__not_open)
{
	CHECK_INT(dpg_license_acceptance("SSPL-1.0", DPG_TYPE_SOFTWARE, NULL),
		  DPG_ACCEPT_NO);
	CHECK_INT(dpg_license_acceptance("BUSL-1.1", DPG_TYPE_SOFTWARE, NULL),
		  DPG_ACCEPT_NO);
	CHECK_INT(dpg_license_acceptance("Elastic-2.0", DPG_TYPE_DATA, NULL),
		  DPG_ACCEPT_NO);
	CHECK_INT(dpg_license_acceptance("LicenseRef-Proprietary",
					 DPG_TYPE_SOFTWARE, NULL),
		  DPG_ACCEPT_UNKNOWN);
	CHECK_INT(dpg_license_acceptance("", DPG_TYPE_SOFTWARE, NULL),
		  DPG_ACCEPT_UNKNOWN);
	CHECK_INT(dpg_license_acceptance("MIT", 42, NULL), DPG_ACCEPT_UNKNOWN);
	CHECK_STR(dpg_accept_name(DPG_ACCEPT_NO), "not-accepted");
	CHECK_STR(dpg_accept_name(DPG_ACCEPT_OSI_NOT_LISTED), "osi-not-listed");
}

TEST(test_licpolicy__classes)
{
	CHECK_STR(dpg_license_class_name(dpg_license_class("MIT")),
		  "permissive");
	CHECK_STR(dpg_license_class_name(dpg_license_class("BSD-3-Clause")),
		  "permissive");
	CHECK_STR(dpg_license_class_name(dpg_license_class("CC0-1.0")),
		  "public-domain");
	CHECK_STR(dpg_license_class_name(dpg_license_class("Unlicense")),
		  "public-domain");
	CHECK_STR(dpg_license_class_name(dpg_license_class("LGPL-2.1-only")),
		  "weak-copyleft");
	CHECK_STR(dpg_license_class_name(dpg_license_class("MPL-2.0")),
		  "weak-copyleft");
	CHECK_STR(dpg_license_class_name(dpg_license_class("GPL-3.0+")),
		  "strong-copyleft");
	CHECK_STR(
		dpg_license_class_name(dpg_license_class("AGPL-3.0-or-later")),
		"network-copyleft");
	CHECK_STR(dpg_license_class_name(dpg_license_class("CC-BY-NC-4.0")),
		  "non-commercial");
	CHECK_STR(dpg_license_class_name(dpg_license_class("CC-BY-NC-ND-4.0")),
		  "no-derivatives");
	CHECK_STR(dpg_license_class_name(dpg_license_class("CC-BY-SA-4.0")),
		  "strong-copyleft");
	CHECK_STR(dpg_license_class_name(dpg_license_class("CC-BY-4.0")),
		  "permissive");
	CHECK_STR(dpg_license_class_name(dpg_license_class("SSPL-1.0")),
		  "source-available");
	CHECK_STR(dpg_license_class_name(dpg_license_class("Foo-1.0")),
		  "unknown");
}

TEST(test_licpolicy__deprecated)
{
	char base[64];

	CHECK_STR(dpg_spdx_current_id("GPL-2.0"), "GPL-2.0-only");
	CHECK_STR(dpg_spdx_current_id("GPL-2.0+"), "GPL-2.0-or-later");
	CHECK_STR(dpg_spdx_current_id("gpl-3.0"), "GPL-3.0-only");
	CHECK_STR(dpg_spdx_current_id("LGPL-2.1+"), "LGPL-2.1-or-later");
	CHECK_STR(dpg_spdx_current_id("AGPL-3.0"), "AGPL-3.0-only");
	CHECK_STR(dpg_spdx_current_id("GPL-2.0-with-classpath-exception"),
		  "GPL-2.0-only WITH Classpath-exception-2.0");
	CHECK_STR(dpg_spdx_current_id("StandardML-NJ"), "SMLNJ");
	CHECK(dpg_spdx_current_id("GPL-2.0-only") == NULL);
	CHECK(dpg_spdx_current_id("MIT") == NULL);
	CHECK(dpg_spdx_current_id("Net-SNMP") == NULL);
	CHECK_INT(dpg_spdx_is_deprecated("Net-SNMP"), 1);
	CHECK_INT(dpg_spdx_is_deprecated("Nokia-Qt-exception-1.1"), 1);
	CHECK_INT(dpg_spdx_is_deprecated("GPL-3.0-or-later"), 0);
	CHECK_STR(dpg_license_base_id("GPL-3.0-or-later", base, sizeof(base)),
		  "GPL-3.0");
	CHECK_STR(dpg_license_base_id("LGPL-2.1-only", base, sizeof(base)),
		  "LGPL-2.1");
	CHECK_STR(dpg_license_base_id("GPL-2.0+", base, sizeof(base)),
		  "GPL-2.0");
	CHECK_STR(dpg_license_base_id("GPL-2.0-with-bison-exception", base,
				      sizeof(base)),
		  "GPL-2.0");
	CHECK_STR(dpg_license_base_id("MIT", base, 3), "MI");
	CHECK_INT(dpg_license_on_registry_list("GPL-3.0-only"), 1);
	CHECK_INT(dpg_license_on_registry_list("LGPL-2.0-only"), 0);
	CHECK_INT(dpg_license_on_registry_list("MIT-Modern-Variant"), 0);
}

/* Every id of the pinned deprecated list is known here (when fetched). */
TEST(test_licpolicy__deprecated_list_complete)
{
	char buf[8192], id[128];
	FILE *f = fopen("data/spdx-license-ids/deprecated.json", "rb");
	size_t n, k = 0;
	char *p, *q;

	if (!f)
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (p = buf; (p = strchr(p, '"')) != NULL; p = q + 1) {
		q = strchr(p + 1, '"');
		CHECK(q != NULL && (size_t)(q - p) < sizeof(id));
		snprintf(id, sizeof(id), "%.*s", (int)(q - p - 1), p + 1);
		if (!dpg_spdx_is_deprecated(id))
			printf("  not known as deprecated: %s\n", id);
		CHECK_INT(dpg_spdx_is_deprecated(id), 1);
		k++;
	}
	CHECK(k >= 20);
}

TEST_MAIN("licpolicy", T(test_licpolicy__types),
	  T(test_licpolicy__registry_software),
	  T(test_licpolicy__creative_commons), T(test_licpolicy__data_licenses),
	  T(test_licpolicy__not_open), T(test_licpolicy__classes),
	  T(test_licpolicy__deprecated),
	  T(test_licpolicy__deprecated_list_complete))
