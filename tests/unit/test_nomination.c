#include <string.h>

#include "dpg/licpolicy.h"
#include "dpg/nomination.h"
#include "test.h"

static const char good[] =
	"{\"name\": \"ClinicQueue\", \"description\": \"queues\",\n"
	" \"license\": [{\"spdx\": \"GPL-3.0\", \"licenseURL\": "
	"\"https://x/L\"}],\n"
	" \"SDGs\": [{\"SDGNumber\": 3, \"evidenceText\": \"clinics\"},\n"
	"          {\"SDGNumber\": 5}],\n"
	" \"type\": [\"software\", \"data\"],\n"
	" \"repositories\": [{\"name\": \"main\", \"url\": \"https://h/r\"}],\n"
	" \"organizations\": [{\"name\": \"ClinicQueue Foundation\",\n"
	"    \"website\": \"https://cq\", \"org_type\": \"owner\"}],\n"
	" \"stage\": \"nominee\", \"sectors\": [\"health\"]}";

static int parse(const char *s, struct dpg_nomination *n, struct dpg_arena *a,
		 struct dpg_error *err)
{
	return dpg_nomination_parse(n, "rec.json", s, strlen(s), a, err);
}

TEST(test_nomination__good_record)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_nomination n;

	CHECK_INT(parse(good, &n, &a, &err), 0);
	CHECK_STR(n.name, "ClinicQueue");
	CHECK_INT(n.nlicenses, 1);
	CHECK_STR(n.licenses[0].spdx, "GPL-3.0");
	CHECK_INT(n.nsdgs, 2);
	CHECK_INT(n.sdgs[0].goal, 3);
	CHECK_STR(n.sdgs[0].evidence_text, "clinics");
	CHECK_INT(n.sdgs[1].goal, 5);
	CHECK(n.types ==
	      (DPG_TYPE_BIT(DPG_TYPE_SOFTWARE) | DPG_TYPE_BIT(DPG_TYPE_DATA)));
	CHECK_INT(n.norgs, 1);
	CHECK_STR(n.orgs[0].org_type, "owner");
	CHECK_STR(n.repos[0].url, "https://h/r");
	CHECK_STR(n.stage, "nominee");
	dpg_arena_release(&a);
}

/* Each malformed record names the field. */
TEST(test_nomination__errors_name_the_field)
{
	static const struct {
		const char *json, *msg;
	} cases[] = {
		{"[]",
		 "nomination 'rec.json': the record must be a JSON object"},
		{"{\"name\": 1}", "field 'name' must be a string"},
		{"{\"description\": \"x\"}",
		 "field 'name' is missing or empty"},
		{"{\"name\": \"x\", \"SDGs\": [{\"SDGNumber\": 18}]}",
		 "field 'SDGs[0].SDGNumber' must be a whole number from 1 to "
		 "17"},
		{"{\"name\": \"x\", \"SDGs\": [{}, {\"SDGNumber\": \"3\"}]}",
		 "field 'SDGs[0].SDGNumber' must be a whole number"},
		{"{\"name\": \"x\", \"SDGs\": [{\"SDGNumber\": 2.5}]}",
		 "field 'SDGs[0].SDGNumber'"},
		{"{\"name\": \"x\", \"license\": [{\"licenseURL\": \"u\"}]}",
		 "field 'license[0].spdx' is missing or empty"},
		{"{\"name\": \"x\", \"license\": {\"spdx\": \"MIT\"}}",
		 "field 'license' must be an array"},
		{"{\"name\": \"x\", \"type\": [\"software\", \"game\"]}",
		 "field 'type[1]' must be software, content, data"},
		{"{\"name\": \"x\", \"organizations\": [{\"name\": \"o\", "
		 "\"org_type\": \"boss\"}]}",
		 "field 'organizations[0].org_type' must be owner"},
		{"{\"name\": \"x\", \"repositories\": [{\"name\": \"main\"}]}",
		 "field 'repositories[0].url' is missing or empty"},
		{"{\"name\": \"x\", \"stage\": \"candidate\"}",
		 "field 'stage' must be nominee, DPG or archive"},
		{"{\"name\": \"x\",\n\"SDGs\": [}", "invalid JSON: line 2:"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dpg_arena a = DPG_ARENA_INIT;
		struct dpg_error err = DPG_ERROR_INIT;
		struct dpg_nomination n;
		int rc = parse(cases[i].json, &n, &a, &err);

		dpg_arena_release(&a);
		if (rc != DPG_EINPUT || !strstr(err.msg, cases[i].msg))
			printf("  case %zu: rc %d, msg '%s'\n", i, rc, err.msg);
		CHECK_INT(rc, DPG_EINPUT);
		CHECK(strstr(err.msg, cases[i].msg) != NULL);
	}
}

TEST(test_nomination__load_missing_file)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_nomination n;

	CHECK_INT(dpg_nomination_load(&n, "/nonexistent/rec.json", &a, &err),
		  DPG_EIO);
	CHECK(strstr(err.msg,
		     "cannot open nomination '/nonexistent/rec.json'"));
	dpg_arena_release(&a);
}

TEST_MAIN("test_nomination", T(test_nomination__good_record),
	  T(test_nomination__errors_name_the_field),
	  T(test_nomination__load_missing_file))
