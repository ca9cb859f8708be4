/*
 * license_decl.c: licenses declared in text (src/license/notice.c,
 * manifest.c): short notices and README statements ("license-notice"),
 * license URLs, badges and rel="license" links ("license-reference"),
 * manifest license fields ("license-manifest",
 * "license-manifest-invalid").  All indicator 2, with path:line.
 */
#include <string.h>

#include "analyzers.h"
#include "dpg/licdecl.h"
#include "dpg/util.h"
#include "dpg/banned.h"

/* Source files carry their notice at the top: read this much of them. */
#define CODE_WINDOW (16 * 1024)

static void add(void *ctx, const struct dpg_finding *f)
{
	dpg_results_add(ctx, f);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Lock files list the licenses of dependencies, not the project's. */
static int lock_file(const char *b)
{
	static const char *const names[] = {
		"package-lock.json",
		"npm-shrinkwrap.json",
		"yarn.lock",
		"pnpm-lock.yaml",
		"composer.lock",
		"Cargo.lock",
		"Gemfile.lock",
		"poetry.lock",
		"go.sum",
		"Pipfile.lock",
		"mix.lock",
		"pubspec.lock",
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(names); i++)
		if (!strcmp(b, names[i]))
			return 1;
	return dpg_ends_with(b, ".lock");
}

/* Documents and license files are read whole; code only at the top. */
static int document(const char *b)
{
	static const char *const exts[] = {".md",   ".markdown", ".rst",
					   ".txt",  ".adoc",	 ".org",
					   ".html", ".htm",	 ".textile"};
	size_t i;

	if (!strchr(b, '.'))
		return 1;
	if (!dpg_strncasecmp(b, "readme", 6) ||
	    !dpg_strncasecmp(b, "license", 7) ||
	    !dpg_strncasecmp(b, "licence", 7) ||
	    !dpg_strncasecmp(b, "copying", 7) ||
	    !dpg_strncasecmp(b, "notice", 6))
		return 1;
	for (i = 0; i < DPG_ARRAY_SIZE(exts); i++)
		if (dpg_ends_with(b, exts[i]))
			return 1;
	return 0;
}

static unsigned int decl_want(void *config, const struct dpg_file *f)
{
	(void)config;
	if (f->mode != DPG_MODE_FILE && f->mode != DPG_MODE_EXEC)
		return 0;
	/* lock files list dependencies; source maps repeat the sources */
	if (lock_file(base_name(f->path)) || dpg_ends_with(f->path, ".map"))
		return 0;
	return DPG_WANT_CONTENT;
}

/* In source code a notice is a comment around license words ("licen",
 * "GPL"): past the last of them, keep this much, to the end of its line. */
#define NOTICE_TAIL 2048

/* The length of text worth reading for notices: up to NOTICE_TAIL bytes
 * past the last "icen" or "gpl" (any case), to a line end; 0 if none. */
static size_t notice_span(const char *text, size_t len)
{
	size_t last = dpg_licdecl_last_word(text, len), end;

	if (!last)
		return 0;
	end = last + NOTICE_TAIL < len ? last + NOTICE_TAIL : len;
	while (end < len && text[end - 1] != '\n')
		end++;
	return end;
}

static int decl_file(const void *config, void *scratch,
		     const struct dpg_file *f, const char *data, size_t len,
		     struct dpg_results *out, struct dpg_error *err)
{
	struct dpg_licdecl_ctx c = {add, NULL, NULL, NULL, "license-decl"};
	const char *b = base_name(f->path);

	(void)config;
	(void)scratch;
	(void)err;
	if (!data)
		return 0;
	c.emit_ctx = out;
	c.license_id = dpg_licdecl_default_validator();
	if (dpg_licdecl_is_manifest(f->path)) {
		dpg_licdecl_manifest(&c, f->path, data, len);
		return 0;
	}
	if (!document(b)) {
		if (len > CODE_WINDOW)
			len = CODE_WINDOW;
		len = notice_span(data, len);
		if (!len)
			return 0;
	}
	dpg_licdecl_notices(&c, f->path, data, len);
	return 0;
}

const struct dpg_analyzer dpg_analyzer_license_decl = {
	.name = "license-decl",
	.version = 2,
	.want = decl_want,
	.file = decl_file,
};
