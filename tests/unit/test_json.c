#include <stdlib.h>
#include <string.h>

#include "dpg/buf.h"
#include "dpg/json.h"
#include "test.h"

static int parse(struct dpg_arena *a, const char *s, struct dpg_json **v,
		 struct dpg_error *err)
{
	return dpg_json_parse(v, s, strlen(s), a, err);
}

TEST(test_json__object)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_json *v;
	const struct dpg_json *sdgs;

	CHECK_INT(
		parse(&a,
		      "{\"name\": \"X\\u00e9\\n\", \"SDGs\": [{\"SDGNumber\": "
		      "3}, {\"SDGNumber\": 17}], \"ok\": true, \"n\": null}",
		      &v, &err),
		0);
	CHECK_STR(dpg_json_get_str(v, "name"), "X\xc3\xa9\n");
	sdgs = dpg_json_get(v, "SDGs");
	CHECK(sdgs && sdgs->type == DPG_JSON_ARRAY && sdgs->n == 2);
	CHECK(dpg_json_get(&sdgs->items[1], "SDGNumber")->number == 17);
	CHECK(dpg_json_get(v, "ok")->boolean == 1);
	CHECK(dpg_json_get(v, "n")->type == DPG_JSON_NULL);
	CHECK(dpg_json_get(v, "missing") == NULL);
	dpg_arena_release(&a);
}

TEST(test_json__errors_name_the_line)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_json *v;

	CHECK_INT(parse(&a, "{\n\"a\": 1,\n\"b\" 2}", &v, &err), DPG_EPARSE);
	CHECK_STR(err.msg, "line 3: expected ':'");
	CHECK_INT(parse(&a, "[1, 2", &v, &err), DPG_EPARSE);
	CHECK_INT(parse(&a, "\"abc", &v, &err), DPG_EPARSE);
	CHECK_INT(parse(&a, "{} x", &v, &err), DPG_EPARSE);
	CHECK_INT(parse(&a, "01", &v, &err), DPG_EPARSE);
	CHECK_INT(parse(&a, "", &v, &err), DPG_EPARSE);
	dpg_arena_release(&a);
}

TEST(test_json__depth_cap)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_json *v;
	char deep[200];

	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	CHECK_INT(parse(&a, deep, &v, &err), DPG_EPARSE);
	CHECK(strstr(err.msg, "nesting too deep") != NULL);
	dpg_arena_release(&a);
}

TEST(test_json__quote)
{
	struct dpg_buf b = DPG_BUF_INIT(1024);
	const char in[] = "a\"b\\\x01\n\xc3\xa9\xff";

	CHECK_INT(dpg_json_quote(&b, in, sizeof(in) - 1, NULL), 0);
	CHECK_STR(b.ptr, "\"a\\\"b\\\\\\u0001\\n\xc3\xa9\\ufffd\"");
	dpg_buf_release(&b);
}

/* C1 controls and bidi overrides are escaped; a raw 0x9b is U+FFFD */
TEST(test_json__quote_inert)
{
	struct dpg_buf b = DPG_BUF_INIT(1024);
	const char in[] = "\xc2\x9b|\x9b|\xe2\x80\xae|\x7f";

	CHECK_INT(dpg_json_quote(&b, in, sizeof(in) - 1, NULL), 0);
	CHECK_STR(b.ptr, "\"\\u009b|\\ufffd|\\u202e|\\u007f\"");
	dpg_buf_release(&b);
}

TEST_MAIN("test_json", T(test_json__object), T(test_json__errors_name_the_line),
	  T(test_json__depth_cap), T(test_json__quote),
	  T(test_json__quote_inert))
