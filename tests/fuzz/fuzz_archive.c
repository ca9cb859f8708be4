/*
 * fuzz_archive.c: libFuzzer target for the archive source
 * (src/source/archive.c: libarchive's readers of tar, gzip/bzip2/xz/zstd,
 * zip, 7z, cpio, ar, rar and iso9660 as dpgaudit drives them, the
 * header-only first pass, the top-folder strip) and for entry path
 * cleaning (source_clean_path) on the raw input.
 *
 * Checks: no crash, leak or hang; every entry the source yields that is
 * not skipped has a clean relative path ('/'-separated, no empty, "." or
 * ".." component, no leading or trailing '/'); reading an entry gives at
 * most its cap; cleaning a path twice changes nothing.
 */
#include "fuzz.h"
#include "dpg/source.h"
#include "source/source_int.h"

static int clean_path(const char *p)
{
	const char *c = p;

	if (!*p || *p == '/' || p[strlen(p) - 1] == '/')
		return 0;
	while (*c) {
		size_t n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		c += n + (c[n] == '/');
	}
	return 1;
}

static void check_clean(const uint8_t *data, size_t size)
{
	char *a = xmalloc(size + 1), *b;

	memcpy(a, data, size);
	a[size] = '\0';
	if (source_clean_path(a) == 0) {
		if (*a && !clean_path(a))
			abort();
		b = xstrdup(a);
		if (source_clean_path(b) != 0 || strcmp(a, b) != 0)
			abort();
		free(b);
	}
	free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dpg_source_opts so = DPG_SOURCE_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_source *src = NULL;
	const struct dpg_file *f;
	const char *content;
	size_t len, n = 0;
	int rc;

	check_clean(data, size < 4096 ? size : 4096);
	so.max_file_size = 1 << 20;
	if (dpg_source_open(&src, fuzz_file(data, size, "input"), &so, &err) <
	    0) {
		if (!err.msg[0])
			abort();
		return 0;
	}
	while ((rc = dpg_source_next(src, &f, &err)) > 0) {
		if (!f->skip && !clean_path(f->path))
			abort();
		if (++n > 100000)
			abort(); /* an entry cap that does not hold */
		if (f->skip ||
		    (f->mode != DPG_MODE_FILE && f->mode != DPG_MODE_EXEC))
			continue;
		if (f->size > so.max_file_size)
			continue;
		if (dpg_source_read(src, &content, &len, &err) == 0 &&
		    (len > so.max_file_size || content[len] != '\0'))
			abort();
	}
	if (rc < 0 && !err.msg[0])
		abort();
	dpg_source_free(src);
	return 0;
}
