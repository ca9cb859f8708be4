#include <stdlib.h>
#include <string.h>

#include "dpg/arena.h"
#include "dpg/buf.h"
#include "dpg/util.h"
#include "test.h"

TEST(test_util__buf_cap)
{
	struct dpg_buf b = DPG_BUF_INIT(8);
	struct dpg_error err = DPG_ERROR_INIT;

	CHECK_INT(dpg_buf_puts(&b, "12345678", &err), 0);
	CHECK_STR(b.ptr, "12345678");
	CHECK_INT(dpg_buf_puts(&b, "9", &err), DPG_ELIMIT);
	CHECK_INT(err.code, DPG_ELIMIT);
	CHECK_STR(b.ptr, "12345678");
	dpg_buf_release(&b);
	CHECK_STR(b.ptr, "");
}

TEST(test_util__buf_printf_detach)
{
	struct dpg_buf b = DPG_BUF_INIT(1024);
	char *s;
	size_t len;

	CHECK_INT(dpg_buf_printf(&b, NULL, "%s-%d", "a", 42), 0);
	s = dpg_buf_detach(&b, &len);
	CHECK_STR(s, "a-42");
	CHECK_INT(len, 4);
	CHECK_STR(b.ptr, "");
	free(s);
}

TEST(test_util__arena)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	char *big, *s;
	int i;

	for (i = 0; i < 10000; i++) {
		s = dpg_arena_printf(&a, "item %d", i);
		CHECK(strcmp(s, "item 0") == 0 || i > 0);
	}
	big = dpg_arena_alloc(&a, 1 << 20);
	CHECK(big[0] == 0 && big[(1 << 20) - 1] == 0);
	s = dpg_arena_strdup(&a, "after");
	CHECK_STR(s, "after");
	dpg_arena_release(&a);
	CHECK(a.head == NULL);
}

TEST(test_util__escape_ctl)
{
	char *s = dpg_escape_ctl("a\x1b[31mb\\c\n");

	CHECK_STR(s, "a\\x1b[31mb\\\\c\\x0a");
	free(s);
}

TEST(test_util__parse_size)
{
	uint64_t v;

	CHECK(dpg_parse_size("4M", &v) == 0 && v == 4u << 20);
	CHECK(dpg_parse_size("512k", &v) == 0 && v == 512u << 10);
	CHECK(dpg_parse_size("1GiB", &v) == 0 && v == 1u << 30);
	CHECK(dpg_parse_size("100", &v) == 0 && v == 100);
	CHECK(dpg_parse_size("-1", &v) < 0);
	CHECK(dpg_parse_size("4X", &v) < 0);
	CHECK(dpg_parse_size("", &v) < 0);
	CHECK(dpg_parse_size("99999999999999999999", &v) < 0);
}

TEST(test_util__case)
{
	CHECK(dpg_strcasecmp("LICENSE", "license") == 0);
	CHECK(dpg_strncasecmp("COPYING.md", "copying", 7) == 0);
	CHECK(dpg_strcasecmp("a", "b") < 0);
	CHECK(dpg_ends_with("x.tar.gz", ".tar.gz"));
	CHECK(!dpg_ends_with("gz", ".tar.gz"));
}

TEST_MAIN("test_util", T(test_util__buf_cap), T(test_util__buf_printf_detach),
	  T(test_util__arena), T(test_util__escape_ctl),
	  T(test_util__parse_size), T(test_util__case))
