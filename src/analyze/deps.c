/*
 * deps.c: the dependencies a project declares (indicator 4), read by the
 * one manifest reader (src/manifest/, dpg/manifest.h) that the license
 * analyzer uses too.
 *
 * Findings, all indicator 4:
 *   "dependency" (runtime) or "dev-dependency" (development, test or
 *   optional): path:line of the declaration, value = "ECO:NAME@VERSION"
 *   (or "ECO:NAME"), excerpt = the manifest line.
 *   "manifest": one per manifest read: value = its label ("package.json"),
 *   excerpt "N runtime and M development dependencies".
 *   "manifest-unread": a manifest found and not read: value = its label
 *   ("build.sbt (Scala sbt)"), excerpt = why (not read by dpgaudit; not
 *   valid JSON).
 * The rules analyzer then matches its "dependency" rules against the
 * values.  Vendored trees (node_modules/, vendor/) are not read.
 */
#include <stdio.h>
#include <string.h>

#include "analyzers.h"
#include "dpg/manifest.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define MAX_VALUE	  300
#define MAX_DEPS_PER_FILE 5000

static int in_vendored(const char *path)
{
	return dpg_starts_with(path, "node_modules/") ||
	       strstr(path, "/node_modules/") ||
	       dpg_starts_with(path, "vendor/") || strstr(path, "/vendor/");
}

struct ctx {
	struct dpg_results *out;
	const char *path;
	unsigned int nrun, ndev;
};

static void on_dep(void *vc, unsigned int line, const char *eco,
		   const char *name, size_t nlen, const char *ver, size_t vlen,
		   int dev, const char *ls, const char *le)
{
	struct ctx *c = vc;
	struct dpg_finding fd;
	char value[MAX_VALUE + 1];

	if (c->nrun + c->ndev >= MAX_DEPS_PER_FILE)
		return;
	if (ver && vlen && vlen <= 80)
		snprintf(value, sizeof(value), "%s:%.*s@%.*s", eco, (int)nlen,
			 name, (int)vlen, ver);
	else
		snprintf(value, sizeof(value), "%s:%.*s", eco, (int)nlen, name);
	if (dev)
		c->ndev++;
	else
		c->nrun++;
	memset(&fd, 0, sizeof(fd));
	fd.analyzer = "deps";
	fd.kind = dev ? "dev-dependency" : "dependency";
	fd.indicator = DPG_IND_PLATFORM;
	fd.path = c->path;
	fd.line = fd.line_end = line;
	fd.value = value;
	fd.score = -1;
	if (ls) {
		while (ls < le && (*ls == ' ' || *ls == '\t'))
			ls++;
		while (le > ls &&
		       (le[-1] == ' ' || le[-1] == '\t' || le[-1] == '\r'))
			le--;
		fd.excerpt = dpg_arena_strndup(
			&c->out->arena, ls,
			(size_t)(le - ls) > 200 ? 200 : (size_t)(le - ls));
	}
	dpg_results_add(c->out, &fd);
}

static void unread(struct dpg_results *out, const char *path, const char *label,
		   const char *why)
{
	struct dpg_finding fd = {"deps",
				 "manifest-unread",
				 DPG_IND_PLATFORM,
				 path,
				 0,
				 0,
				 label,
				 why,
				 -1};

	dpg_results_add(out, &fd);
}

static void on_unreadable(void *vc, const char *why)
{
	struct ctx *c = vc;

	unread(c->out, c->path, dpg_manifest_label(dpg_manifest_kind(c->path)),
	       why);
}

static unsigned int deps_want(void *config, const struct dpg_file *f)
{
	(void)config;
	if ((f->mode != DPG_MODE_FILE && f->mode != DPG_MODE_EXEC) ||
	    in_vendored(f->path))
		return 0;
	if (dpg_manifest_kind(f->path) != DPG_MANIFEST_NONE)
		return DPG_WANT_CONTENT;
	return dpg_manifest_unread(f->path) ? DPG_WANT_PATH : 0;
}

static int deps_file(const void *config, void *scratch,
		     const struct dpg_file *f, const char *data, size_t len,
		     struct dpg_results *out, struct dpg_error *err)
{
	struct ctx c = {out, f->path, 0, 0};
	struct dpg_manifest_sink s = {NULL, on_dep, on_unreadable, &c};
	const char *label = dpg_manifest_unread(f->path);
	int kind;

	(void)config;
	(void)scratch;
	(void)err;
	if (label) {
		unread(out, f->path, label,
		       "a manifest dpgaudit does not read");
		return 0;
	}
	if (!data)
		return 0;
	kind = dpg_manifest_read(f->path, data, len, &s);
	{
		struct dpg_finding fd = {
			"deps", "manifest", DPG_IND_PLATFORM,	      f->path,
			0,	0,	    dpg_manifest_label(kind), NULL,
			-1};

		fd.excerpt = dpg_arena_printf(
			&out->arena,
			"%u runtime and %u development dependencies", c.nrun,
			c.ndev);
		dpg_results_add(out, &fd);
	}
	return 0;
}

const struct dpg_analyzer dpg_analyzer_deps = {
	.name = "deps",
	.version = 2,
	.want = deps_want,
	.file = deps_file,
};
