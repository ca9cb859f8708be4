/*
 * test_source.c: a source's read buffer handed over to the caller
 * (dpg_source_take(), used by the threaded pipeline instead of a copy).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dpg/source.h"
#include "dpg/util.h"
#include "test.h"

static char dir[] = "/tmp/dpg-source-XXXXXX";

static void put(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

TEST(test_source__take)
{
	struct dpg_source_opts so = DPG_SOURCE_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_source *src;
	const struct dpg_file *f;
	const char *data;
	char *got[2] = {NULL, NULL}, *own;
	size_t len;
	int n = 0;

	CHECK(mkdtemp(dir) != NULL);
	put("a.txt", "first file\n");
	put("b.txt", "second, longer file\n");
	CHECK(dpg_source_open(&src, dir, &so, &err) == 0);
	while (n < 2 && dpg_source_next(src, &f, &err) > 0) {
		CHECK(dpg_source_read(src, &data, &len, &err) == 0);
		/* not the source's buffer: nothing to take */
		CHECK(dpg_source_take(src, "other") == NULL);
		own = dpg_source_take(src, data);
		CHECK(own == data);
		CHECK(own[len] == '\0');
		/* taken once only */
		CHECK(dpg_source_take(src, data) == NULL);
		got[n++] = own;
	}
	dpg_source_free(src);
	CHECK(n == 2);
	/* both outlive their entry and the source, whole and apart */
	CHECK((!strcmp(got[0], "first file\n") &&
	       !strcmp(got[1], "second, longer file\n")) ||
	      (!strcmp(got[1], "first file\n") &&
	       !strcmp(got[0], "second, longer file\n")));
	free(got[0]);
	free(got[1]);
}

TEST(test_source__cleanup)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/a.txt", dir);
	CHECK(unlink(path) == 0);
	snprintf(path, sizeof(path), "%s/b.txt", dir);
	CHECK(unlink(path) == 0);
	CHECK(rmdir(dir) == 0);
}

TEST_MAIN("test_source", T(test_source__take), T(test_source__cleanup))
