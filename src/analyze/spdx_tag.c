/*
 * spdx_tag.c: every `SPDX-License-Identifier:` tag in every text file.
 *
 * Findings: kind "spdx-tag", indicator 2, path:line, value = the tag's
 * expression as written (trimmed of comment closers), excerpt = the line.
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "analyzers.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define TAG	 "SPDX-License-Identifier:"
#define TAG_LEN	 (sizeof(TAG) - 1)
#define MAX_EXPR 256

static unsigned int tag_want(void *state, const struct dpg_file *f)
{
	(void)state;
	return f->mode == DPG_MODE_FILE || f->mode == DPG_MODE_EXEC
		       ? DPG_WANT_CONTENT
		       : 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int tag_file(void *state, struct dpg_scan *scan,
		    const struct dpg_file *f, const char *data, size_t len,
		    struct dpg_error *err)
{
	const char *p, *end, *lines;
	unsigned int line = 1;

	(void)state;
	(void)err;
	if (!data)
		return 0;
	p = lines = data;
	end = data + len;
	while ((p = memmem(p, (size_t)(end - p), TAG, TAG_LEN)) != NULL) {
		const char *s = p + TAG_LEN, *e, *bol = p;
		char expr[MAX_EXPR];
		size_t n;
		struct dpg_finding fd = {
			"spdx-tag", "spdx-tag", DPG_IND_LICENSE,
			f->path,    0,		0,
			expr,	    NULL,	-1};

		for (; lines < p; lines++)
			line += *lines == '\n';
		while (bol > data && bol[-1] != '\n')
			bol--;
		e = memchr(s, '\n', (size_t)(end - s));
		if (!e)
			e = end;
		p = e;
		while (s < e && is_space(*s))
			s++;
		/* drop comment closers (star-slash, -->, star-paren) */
		while (e > s) {
			if (is_space(e[-1]))
				e--;
			else if (e - s >= 2 && e[-2] == '*' && e[-1] == '/')
				e -= 2;
			else if (e - s >= 3 && memcmp(e - 3, "-->", 3) == 0)
				e -= 3;
			else if (e - s >= 2 && e[-2] == '*' && e[-1] == ')')
				e -= 2;
			else
				break;
		}
		n = (size_t)(e - s);
		if (n == 0 || n >= MAX_EXPR)
			continue;
		memcpy(expr, s, n);
		expr[n] = '\0';
		fd.line = fd.line_end = line;
		fd.excerpt = dpg_arena_strndup(
			&scan->arena, bol,
			(size_t)(p - bol) > 200 ? 200 : (size_t)(p - bol));
		dpg_scan_add_finding(scan, &fd);
	}
	return 0;
}

const struct dpg_analyzer dpg_analyzer_spdx_tag = {
	"spdx-tag", NULL, tag_want, tag_file, NULL, NULL,
};
