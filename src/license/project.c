/*
 * project.c: from license evidence to the project's license.
 *
 * Rules (docs/LICENSES.md has the long form):
 *  - Vendored code (vendor/, third_party/, node_modules/ ...) is reported
 *    per package and never counts for the project.
 *  - The project's licenses are, in order of authority: full license
 *    texts at the root (or in LICENSES/), root manifests, statements in
 *    root documents (README...), the SPDX tags and notices of the files,
 *    license references.  The first kind present decides; the others are
 *    compared with it and every disagreement is a conflict.
 *  - A GNU license text does not say "only" or "or later": the project's
 *    notices, tags and manifests decide; when none says, -only is used
 *    and the answer says so.  COPYING (GPL) + COPYING.LESSER (LGPL) is the
 *    LGPL.
 *  - Several root texts combine as their manifest/notice says (e.g. MIT
 *    OR Apache-2.0) or else with AND.  A Creative Commons text beside a
 *    software license is the content's, an open data license the data's;
 *    file names and directories (docs/, data/) give other scopes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/licdecl.h"
#include "dpg/licpolicy.h"
#include "dpg/licproject.h"
#include "dpg/spdx.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define MAX_ATOMS    16
#define MAX_VENDORED 100
#define MAX_SCOPES   40

/* ------------------------------------------------------------------ */
/* Paths                                                               */

static const char *const vendor_dirs[] = {
	"vendor",	    "vendors",	     "third_party", "third-party",
	"thirdparty",	    "3rdparty",	     "3rd-party",   "node_modules",
	"external",	    "externals",     "extern",	    "deps",
	"bower_components", "jspm_packages", "Godeps",	    "_vendor",
};

size_t dpg_license_vendored_prefix(const char *path)
{
	const char *p = path, *slash;

	while ((slash = strchr(p, '/')) != NULL) { /* the last is the file */
		size_t n = (size_t)(slash - p);
		size_t i;

		for (i = 0; i < DPG_ARRAY_SIZE(vendor_dirs); i++)
			if (p[0] == vendor_dirs[i][0] && /* a quick no */
			    !strncmp(p, vendor_dirs[i], n) &&
			    vendor_dirs[i][n] == '\0') {
				/* include the package: vendor/NAME */
				const char *q = slash + 1, *s2 = strchr(q, '/');

				if (!s2)
					return (size_t)(slash - path);
				/* scoped npm packages: node_modules/@x/y */
				if (*q == '@' && strchr(s2 + 1, '/'))
					s2 = strchr(s2 + 1, '/');
				return (size_t)(s2 - path);
			}
		p = slash + 1;
	}
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int is_root(const char *path)
{
	return !strchr(path, '/') ||
	       (!strncmp(path, "LICENSES/", 9) && !strchr(path + 9, '/'));
}

static int license_file_name(const char *path)
{
	const char *b = base_name(path);

	return !dpg_strncasecmp(b, "license", 7) ||
	       !dpg_strncasecmp(b, "licence", 7) ||
	       !dpg_strncasecmp(b, "copying", 7) ||
	       !dpg_strncasecmp(b, "unlicense", 9) ||
	       !dpg_strncasecmp(b, "copyright", 9) ||
	       !strncmp(path, "LICENSES/", 9);
}

/*
 * A license file named for its license or its part, the word after a
 * separator, at the end of the name or before a text extension:
 * "MIT-LICENSE" (a Rails plugin's), "GPL-LICENSE.txt", "mit_license.md";
 * not "BSD-3-Clause-No-Military-License.json".  license_file_name() knows
 * the names that start with the word.
 */
/* Whether the rest of a license file's name after its word is nothing or
 * a text extension ("", ".txt", ".md"...). */
static int text_end(const char *rest)
{
	static const char *const ends[] = {"", ".txt", ".md", ".markdown",
					   ".rst"};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(ends); i++)
		if (!dpg_strcasecmp(rest, ends[i]))
			return 1;
	return 0;
}

static int named_license_file(const char *path)
{
	const char *b = base_name(path), *p;

	for (p = b + 1; *p; p++)
		if ((p[-1] == '-' || p[-1] == '_' || p[-1] == '.') &&
		    (!dpg_strncasecmp(p, "license", 7) ||
		     !dpg_strncasecmp(p, "licence", 7)) &&
		    text_end(p + 7))
			return 1;
	return 0;
}

/* Third-party notices at the root describe dependencies. */
static int third_party_name(const char *path)
{
	const char *b = base_name(path);

	return dpg_contains_ci(b, "third") || dpg_contains_ci(b, "notice") ||
	       dpg_contains_ci(b, "3rd") || dpg_contains_ci(b, "credits") ||
	       dpg_contains_ci(b, "acknowledg") ||
	       dpg_contains_ci(b, "dependenc") || dpg_contains_ci(b, "vendor");
}

/*
 * "LICENSE.esprima", "LICENSE-closure-compiler": a license file named for
 * a bundled component rather than for a license or a part.
 */
static int component_license_file(const char *path)
{
	static const char *const words[] = {
		"mit",	     "apache",	"bsd",	    "gpl",	"lgpl",
		"agpl",	     "mpl",	"cc",	    "cc0",	"isc",
		"unlicense", "zlib",	"epl",	    "eupl",	"ofl",
		"odbl",	     "odc",	"pddl",	    "lesser",	"lib",
		"library",   "boost",	"bsl",	    "artistic", "wtfpl",
		"0bsd",	     "gnu",	"gfdl",	    "fdl",	"md",
		"txt",	     "rst",	"markdown", "docs",	"doc",
		"data",	     "content", "code",	    "fonts",	"font",
		"assets",    "media",	"software", "source",	"third",
		"ogl",	     "cecill",	"upl",	    "psf",	"python",
		"x11",	     "expat",	"zpl",	    "osl",	"afl",
		"ms",	     "eclipse", "mozilla",  "creative", "html",
		"htm",	     "pdf",	"rtf",	    "adoc",	"org",
		"terms",     "summary", "full",	    "short",	"en",
	};
	const char *b = base_name(path), *p;
	size_t i, n;
	if (dpg_strncasecmp(b, "license", 7) &&
	    dpg_strncasecmp(b, "licence", 7) &&
	    dpg_strncasecmp(b, "copying", 7))
		return 0;
	p = b + 7;
	if (!*p)
		return 0;
	if (*p != '.' && *p != '-' && *p != '_')
		return 0;
	p++;
	n = strcspn(p, ".-_ ");
	if (n == 0 || isdigit((unsigned char)*p))
		return 0; /* LICENSE_1_0.txt: a version, not a name */
	for (i = 0; i < DPG_ARRAY_SIZE(words); i++)
		if (!dpg_strncasecmp(p, words[i], strlen(words[i])))
			return 0;
	return 1;
}

/* Test fixtures: manifests there describe no part of the project. */
static int test_path(const char *path)
{
	static const char *const dirs[] = {
		"test/",     "tests/",	   "fixtures/", "fixture/",
		"testdata/", "__tests__/", "spec/",	"__fixtures__/",
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(dirs); i++) {
		const char *p = strstr(path, dirs[i]);

		if (p && (p == path || p[-1] == '/'))
			return 1;
	}
	return 0;
}

/* Files that build systems generate or copy in (autoconf, automake,
 * libtool, gnulib): their notices and texts describe themselves. */
static int build_boilerplate(const char *path)
{
	static const char *const names[] = {
		"configure",
		"config.guess",
		"config.sub",
		"ltmain.sh",
		"depcomp",
		"missing",
		"compile",
		"install-sh",
		"test-driver",
		"ar-lib",
		"aclocal.m4",
		"Makefile.in",
		"mkinstalldirs",
		"ylwrap",
		"texinfo.tex",
		"gtk-doc.make",
		"py-compile",
		"mdate-sh",
		"config.rpath",
		"gitlog-to-changelog",
		"git-version-gen",
		"gnulib-tool",
		"maint.mk",
		"GNUmakefile",
		"useless-if-before-free",
		"update-copyright",
		"announce-gen",
		"gnu-web-doc-update",
		"do-release-commit-and-tag",
		"gendocs.sh",
		"vc-list-files",
		"bootstrap",
		"autogen.sh",
	};
	const char *b = base_name(path);
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(names); i++)
		if (!strcmp(b, names[i]))
			return 1;
	return dpg_ends_with(b, ".m4") || strstr(path, "build-aux/") ||
	       !strncmp(path, "m4/", 3) || strstr(path, "/m4/");
}

static int is_readme(const char *path);

int dpg_license_foreign_file(const char *path)
{
	return dpg_license_vendored_prefix(path) || build_boilerplate(path) ||
	       !strncmp(path, "dist/", 5) || strstr(path, "/dist/") ||
	       !strncmp(path, "contrib/", 8);
}

/*
 * A root document whose statements speak for the project: a README, or a
 * Markdown/text document that is not a changelog, news or contribution
 * guide (which quote history and others' terms).
 */
static int statement_file(const char *path)
{
	static const char *const exts[] = {".md",  ".markdown", ".rst",
					   ".txt", ".adoc",	".org"};
	static const char *const not_docs[] = {
		"news",	   "changelog", "changes",  "history",
		"thanks",  "authors",	"todo",	    "contributing",
		"install", "hacking",	"releases", "release",
	};
	const char *b = base_name(path);
	size_t i;
	int doc = 0;

	if (is_readme(path))
		return 1;
	for (i = 0; i < DPG_ARRAY_SIZE(not_docs); i++)
		if (!dpg_strncasecmp(b, not_docs[i], strlen(not_docs[i])))
			return 0;
	for (i = 0; i < DPG_ARRAY_SIZE(exts); i++)
		if (dpg_ends_with(b, exts[i]))
			doc = 1;
	return doc;
}

/*
 * The license a file's name gives: "MIT.md", "CC BY-SA 4.0.md",
 * "LICENSES/GPL-2.0-or-later.txt" (from a, or NULL).
 */
static const char *name_license(const char *path, struct dpg_arena *a)
{
	const char *b = base_name(path), *dot = strrchr(b, '.');
	size_t n = dot && dot > b ? (size_t)(dot - b) : strlen(b);

	if (dot && strcmp(dot, ".md") && strcmp(dot, ".txt") &&
	    strcmp(dot, ".markdown") && strcmp(dot, ".rst") &&
	    strcmp(dot, ".html"))
		n = strlen(b); /* "GPL-2.0" has a dot of its own */
	if (n == 0 || n > 64)
		return NULL;
	return dpg_licdecl_name(b, n, NULL, a);
}

static int is_readme(const char *path)
{
	return is_root(path) && !dpg_strncasecmp(base_name(path), "readme", 6);
}

/* The scope a path suggests: "docs", "data", "content", "fonts", "code"
 * or NULL; from the first directory, and (names_too) the file name. */
static const char *scope_hint2(const char *path, int names_too)
{
	static const struct {
		const char *dir, *scope;
	} dirs[] = {
		{"docs", "docs"},	   {"doc", "docs"},
		{"documentation", "docs"}, {"manual", "docs"},
		{"book", "docs"},	   {"data", "data"},
		{"datasets", "data"},	   {"dataset", "data"},
		{"content", "content"},	   {"assets", "content"},
		{"images", "content"},	   {"media", "content"},
		{"fonts", "fonts"},
	};
	const char *b = base_name(path), *slash = strchr(path, '/');
	size_t i;

	if (slash && strncmp(path, "LICENSES/", 9)) {
		size_t n = (size_t)(slash - path);

		for (i = 0; i < DPG_ARRAY_SIZE(dirs); i++)
			if (n == strlen(dirs[i].dir) &&
			    !dpg_strncasecmp(path, dirs[i].dir, n))
				return dirs[i].scope;
	}
	if (!names_too)
		return NULL;
	if (dpg_contains_ci(b, "doc"))
		return "docs";
	if (dpg_contains_ci(b, "data"))
		return "data";
	if (dpg_contains_ci(b, "content") || dpg_contains_ci(b, "asset") ||
	    dpg_contains_ci(b, "media"))
		return "content";
	if (dpg_contains_ci(b, "font"))
		return "fonts";
	if (dpg_contains_ci(b, "code") || dpg_contains_ci(b, "software") ||
	    dpg_contains_ci(b, "source"))
		return "code";
	return NULL;
}

static const char *scope_hint(const char *path)
{
	return scope_hint2(path, 1);
}

/* w occurs in s as a whole word (not inside "form-data"). */
static int has_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = s; *p; p++) {
		if (dpg_strncasecmp(p, w, n) != 0)
			continue;
		if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))
			continue;
		if (isalnum((unsigned char)p[n]) || p[n] == '-')
			continue;
		return 1;
	}
	return 0;
}

static const char *scope_of(const char *head);

/* Scope words in a statement: "Documentation is licensed under ...",
 * "Data: CC-BY-SA-4.0", "CC BY 4.0 for the maps and texts". */
static const char *scope_words(const char *excerpt)
{
	const char *end, *sc, *p;
	char head[160];
	size_t n;

	if (!excerpt)
		return NULL;
	end = strstr(excerpt, "icens");
	n = end ? (size_t)(end - excerpt) : strlen(excerpt);
	if (n >= sizeof(head))
		n = sizeof(head) - 1;
	memcpy(head, excerpt, n);
	head[n] = '\0';
	if ((sc = scope_of(head)))
		return sc;
	/* "... for the maps and texts", "(for the documentation)" */
	for (p = excerpt; (p = strstr(p, "for ")) != NULL; p += 4) {
		if (p > excerpt && p[-1] != ' ' && p[-1] != '(')
			continue;
		n = strcspn(p, ".;,)");
		if (n >= sizeof(head))
			n = sizeof(head) - 1;
		memcpy(head, p, n);
		head[n] = '\0';
		if ((sc = scope_of(head)))
			return sc;
	}
	return NULL;
}

/* The part the words of head name, or NULL. */
static const char *scope_of(const char *head)
{
	if (has_word(head, "documentation") || has_word(head, "docs"))
		return "docs";
	if (has_word(head, "dataset") || has_word(head, "datasets") ||
	    has_word(head, "data"))
		return "data";
	if (has_word(head, "logo") || has_word(head, "logos") ||
	    has_word(head, "icons") || has_word(head, "illustrations") ||
	    has_word(head, "artwork") || has_word(head, "images") ||
	    has_word(head, "content") || has_word(head, "media") ||
	    has_word(head, "text") || has_word(head, "texts") ||
	    has_word(head, "maps") || has_word(head, "brand") ||
	    has_word(head, "articles") || has_word(head, "lessons") ||
	    has_word(head, "course") || has_word(head, "videos") ||
	    has_word(head, "photos") || has_word(head, "translations"))
		return "content";
	if (has_word(head, "font") || has_word(head, "fonts"))
		return "fonts";
	if (has_word(head, "tool") || has_word(head, "tools") ||
	    has_word(head, "applications") || has_word(head, "programs") ||
	    has_word(head, "utilities"))
		return "tools";
	if (has_word(head, "examples") || has_word(head, "samples"))
		return "examples";
	if (has_word(head, "tests"))
		return "tests";
	return NULL;
}

/* ------------------------------------------------------------------ */
/* License atoms                                                       */

enum { Q_NONE = 0, Q_ONLY, Q_LATER };

struct atom {
	char key[192]; /* id without GNU qualifier, + " WITH exc" */
	char base[96]; /* GNU: "GPL-3.0"; else the id */
	int gnu, qual;
};

struct atoms {
	struct atom v[MAX_ATOMS];
	size_t n;
	int ok; /* parsed */
};

static int gnu_id(const char *id, char *base, size_t bsz, int *qual)
{
	static const char *const fams[] = {"AGPL-", "LGPL-", "GPL-", "GFDL-"};
	size_t i, n = strlen(id), f;

	for (i = 0; i < DPG_ARRAY_SIZE(fams); i++) {
		f = strlen(fams[i]);
		if (n > f + 2 && !strncmp(id, fams[i], f) && id[f] >= '0' &&
		    id[f] <= '9' && id[f + 1] == '.') {
			size_t v = f + 2;

			while (v < n && id[v] >= '0' && id[v] <= '9')
				v++;
			if (v >= bsz)
				return 0;
			memcpy(base, id, v);
			base[v] = '\0';
			*qual = Q_NONE;
			if (!strcmp(id + v, "-only"))
				*qual = Q_ONLY;
			else if (!strcmp(id + v, "-or-later") ||
				 !strcmp(id + v, "+"))
				*qual = Q_LATER;
			else if (id[v])
				return 0;
			return 1;
		}
	}
	return 0;
}

static void add_atom(struct atoms *as, const struct dpg_spdx_node *lic,
		     const char *exc, int text)
{
	struct atom *t;
	char id[80];
	size_t i;

	if (as->n >= MAX_ATOMS)
		return;
	t = &as->v[as->n];
	memset(t, 0, sizeof(*t));
	snprintf(id, sizeof(id), "%s%s", lic->id, lic->plus ? "+" : "");
	t->gnu = gnu_id(id, t->base, sizeof(t->base), &t->qual);
	if (!t->gnu)
		snprintf(t->base, sizeof(t->base), "%s", id);
	if (text && t->gnu)
		t->qual = Q_NONE; /* a text never says only/or later */
	{
		char b[96];

		memcpy(b, t->base, sizeof(b));
		snprintf(t->key, sizeof(t->key), "%s%s%.80s", b,
			 exc ? " WITH " : "", exc ? exc : "");
	}
	for (i = 0; i < as->n; i++)
		if (!strcmp(as->v[i].key, t->key)) {
			if (as->v[i].qual == Q_NONE)
				as->v[i].qual = t->qual;
			return;
		}
	as->n++;
}

static void collect_atoms(struct atoms *as, const struct dpg_spdx_node *n,
			  int text)
{
	if (!n)
		return;
	if (n->op == DPG_SPDX_LICENSE)
		add_atom(as, n, NULL, text);
	else if (n->op == DPG_SPDX_WITH)
		add_atom(as, n->left, n->id, text);
	else {
		collect_atoms(as, n->left, text);
		collect_atoms(as, n->right, text);
	}
}

static struct dpg_spdx_node *parse(const char *expr, struct dpg_arena *a)
{
	struct dpg_spdx_opts o = DPG_SPDX_OPTS_INIT;
	struct dpg_spdx_expr ex;

	if (!expr)
		return NULL;
	o.flags = DPG_SPDX_KEEP_DEPRECATED;
	if (dpg_spdx_parse(&ex, expr, strlen(expr), &o, a, NULL) < 0)
		return NULL;
	return ex.root;
}

static void atoms_of(struct atoms *as, const char *expr, int text,
		     struct dpg_arena *a)
{
	memset(as, 0, sizeof(*as));
	/* deprecated GNU ids are version-only: keep them as written */
	as->ok = 0;
	{
		struct dpg_spdx_node *r = parse(expr, a);

		if (r) {
			collect_atoms(as, r, text);
			as->ok = 1;
		}
	}
}

static int atom_match(const struct atom *x, const struct atom *y)
{
	if (strcmp(x->key, y->key))
		return 0;
	return !x->gnu || x->qual == Q_NONE || y->qual == Q_NONE ||
	       x->qual == y->qual;
}

static int contains_atoms(const struct atoms *a, const struct atoms *b)
{
	size_t i, j;

	for (i = 0; i < b->n; i++) {
		for (j = 0; j < a->n; j++)
			if (atom_match(&a->v[j], &b->v[i]))
				break;
		if (j == a->n)
			return 0;
	}
	return 1;
}

static int same_atoms(const struct atoms *a, const struct atoms *b)
{
	return a->ok && b->ok && contains_atoms(a, b) && contains_atoms(b, a);
}

static int has_key(const struct atoms *a, const char *key)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].key, key))
			return 1;
	return 0;
}

/*
 * Whether declaration d accounts for the license texts t: every text is
 * declared, or is the GPL-3.0 that a declared LGPL-3.0 builds on; every
 * declared license has its text, or is that LGPL-3.0, or may be the text
 * of a root license file nobody identified (unmatched).  So COPYINGv2 +
 * COPYINGv3 + COPYING.LESSERv3 with "LGPLv3+ or GPLv2+" notices is
 * "LGPL-3.0-or-later OR GPL-2.0-or-later".
 */
/*
 * A declaration's "-or-later" GNU license accounts for a text of a later
 * version of the same license: JOSM's LICENSE says "GPL v2 or later" and
 * ships gpl-2.0.txt and gpl-3.0.txt.
 */
static int later_covers(const struct atom *d, const struct atom *t)
{
	const char *dv = strrchr(d->base, '-'), *tv = strrchr(t->base, '-');

	if (!d->gnu || !t->gnu || d->qual != Q_LATER || !dv || !tv ||
	    strcmp(d->key, d->base) || strcmp(t->key, t->base) ||
	    dv - d->base != tv - t->base ||
	    strncmp(d->base, t->base, (size_t)(dv - d->base)))
		return 0;
	return strtod(tv + 1, NULL) > strtod(dv + 1, NULL);
}

static int explains(const struct atoms *d, const struct atoms *t, int unmatched)
{
	size_t i, j;

	if (!d->ok || !t->ok || !d->n)
		return 0;
	for (i = 0; i < t->n; i++) {
		for (j = 0; j < d->n; j++)
			if (atom_match(&d->v[j], &t->v[i]) ||
			    later_covers(&d->v[j], &t->v[i]))
				break;
		if (j == d->n && !(!strcmp(t->v[i].key, "GPL-3.0") &&
				   has_key(d, "LGPL-3.0")))
			return 0;
	}
	for (j = 0; j < d->n; j++) {
		for (i = 0; i < t->n; i++)
			if (atom_match(&d->v[j], &t->v[i]))
				break;
		if (i == t->n && !unmatched &&
		    !(!strcmp(d->v[j].key, "LGPL-3.0") &&
		      has_key(t, "GPL-3.0")))
			return 0;
	}
	return 1;
}

/* Same licenses except an explicit -only vs -or-later difference. */
static int qual_clash(const struct atoms *a, const struct atoms *b,
		      const char **base)
{
	size_t i, j;

	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (a->v[i].gnu && !strcmp(a->v[i].key, b->v[j].key) &&
			    a->v[i].qual && b->v[j].qual &&
			    a->v[i].qual != b->v[j].qual) {
				*base = a->v[i].base;
				return 1;
			}
	return 0;
}

static const char *qual_suffix(int q)
{
	return q == Q_LATER ? "-or-later" : "-only";
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

struct out {
	void (*emit)(void *ctx, const struct dpg_finding *f);
	void *ctx;
	const char *analyzer;
	struct dpg_arena *a;
	int count;
	const char *scopes[64]; /* license-scope values already said */
	size_t nscopes;
};

static void put(struct out *o, const char *kind, const char *path,
		unsigned int line, const char *value, const char *excerpt,
		double score)
{
	struct dpg_finding f;
	size_t i;

	if (!strcmp(kind, "license-scope")) {
		for (i = 0; i < o->nscopes; i++)
			if (!strcmp(o->scopes[i], value))
				return;
		if (o->nscopes < DPG_ARRAY_SIZE(o->scopes))
			o->scopes[o->nscopes++] = value;
	}
	memset(&f, 0, sizeof(f));
	f.analyzer = o->analyzer;
	f.kind = kind;
	f.indicator = DPG_IND_LICENSE;
	f.path = path;
	f.line = f.line_end = line;
	f.value = value;
	f.excerpt = excerpt;
	f.score = score;
	o->emit(o->ctx, &f);
	o->count++;
}

static const char *src_name(int src)
{
	switch (src) {
	case DPG_LICEV_TEXT:
		return "license text";
	case DPG_LICEV_TAG:
		return "SPDX tag";
	case DPG_LICEV_NOTICE:
		return "notice";
	case DPG_LICEV_MANIFEST:
		return "manifest";
	case DPG_LICEV_REFERENCE:
		return "reference";
	default:
		return "license file";
	}
}

static const char *where(struct dpg_arena *a, const struct dpg_licev *e)
{
	if (e->line)
		return dpg_arena_printf(a, "%s:%u", e->path, e->line);
	return e->path;
}

/* ------------------------------------------------------------------ */
/* Tallies                                                             */

struct tally {
	const char *expr;
	const struct dpg_licev *first;
	const char *last; /* the last file counted */
	size_t count;	  /* files that say expr */
	struct atoms at;
};

static void tally_add(struct tally *t, size_t *n, size_t max,
		      const struct dpg_licev *e, struct dpg_arena *a)
{
	size_t i;
	for (i = 0; i < *n; i++)
		if (!strcmp(t[i].expr, e->expr)) {
			/* files, not lines: the evidence comes file by file */
			if (strcmp(t[i].last, e->path))
				t[i].count++;
			t[i].last = e->path;
			return;
		}
	if (*n >= max)
		return;
	t[*n].expr = e->expr;
	t[*n].first = e;
	t[*n].last = e->path;
	t[*n].count = 1;
	atoms_of(&t[*n].at, e->expr, 0, a);
	(*n)++;
}

static const struct tally *tally_top(const struct tally *t, size_t n)
{
	const struct tally *best = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].at.ok && (!best || t[i].count > best->count))
			best = &t[i];
	return best;
}

/*
 * The -only/-or-later that the most files say for GNU license key (e.g.
 * "GPL-3.0"), or Q_NONE; *from gets that tally entry.
 */
static int tally_qual(const struct tally *t, size_t n, const char *key,
		      const struct tally **from)
{
	size_t i, k, best = 0;
	int q = Q_NONE;

	for (i = 0; i < n; i++)
		for (k = 0; k < t[i].at.n; k++)
			if (!strcmp(t[i].at.v[k].key, key) &&
			    t[i].at.v[k].qual && t[i].count > best) {
				best = t[i].count;
				q = t[i].at.v[k].qual;
				*from = &t[i];
			}
	return q;
}

/*
 * Whether the most common entry of a tally of files may speak for the
 * project: always when no root license file went unidentified; else only
 * when at least 10 files and 60% of the tallied files say it (the file
 * nobody identified may say something else).
 */
static int file_majority(const struct tally *t, size_t n,
			 const struct tally *top, int unmatched_root)
{
	size_t i, all = 0;

	if (!unmatched_root)
		return 1;
	for (i = 0; i < n; i++)
		all += t[i].count;
	return top->count >= 10 && top->count * 10 >= all * 6;
}

/*
 * Give each version-only GNU id of the answer ("GPL-3.0", from a text or
 * a "GNU GPL v3" statement) its -only/-or-later: what the most files' tags
 * or notices say, else -only (the SPDX reading of the bare id), noted in
 * evb either way.
 */
static void qualify(struct dpg_spdx_node *n, const struct tally *tags,
		    size_t ntags, const struct tally *srcn, size_t nsrcn,
		    int keep_bare, struct dpg_buf *evb, struct dpg_arena *a)
{
	char base[96];
	int q;
	const struct tally *f = NULL;

	if (!n)
		return;
	if (n->op == DPG_SPDX_AND || n->op == DPG_SPDX_OR) {
		qualify(n->left, tags, ntags, srcn, nsrcn, keep_bare, evb, a);
		qualify(n->right, tags, ntags, srcn, nsrcn, keep_bare, evb, a);
		return;
	}
	if (n->op == DPG_SPDX_WITH) {
		qualify(n->left, tags, ntags, srcn, nsrcn, keep_bare, evb, a);
		return;
	}
	if (n->plus || !gnu_id(n->id, base, sizeof(base), &q) || q)
		return;
	q = tally_qual(tags, ntags, base, &f);
	if (!q)
		q = tally_qual(srcn, nsrcn, base, &f);
	if (q)
		dpg_buf_printf(evb, NULL, "%s%s from %zu files, e.g. %s:%u; ",
			       base, qual_suffix(q), f->count, f->first->path,
			       f->first->line);
	else if (keep_bare) {
		/* a declaration's bare "GPL-3.0": one license, its -only or
		 * -or-later not stated (never a finding of -only) */
		dpg_buf_printf(evb, NULL,
			       "%s (-only or -or-later not stated); ", base);
		return;
	} else
		dpg_buf_printf(evb, NULL,
			       "%s: nothing says -only or -or-later, read as "
			       "-only; ",
			       base);
	n->id = dpg_arena_printf(a, "%s%s", base, qual_suffix(q));
}

/* ------------------------------------------------------------------ */
/* Acceptance                                                          */

static void acceptance(struct out *o, const char *id, const char *scope)
{
	struct dpg_buf b = DPG_BUF_INIT(4096);
	struct dpg_buf notes = DPG_BUF_INIT(4096);
	int t, osi;
	const char *note;

	dpg_buf_puts(&b, id, NULL);
	for (t = 0; t < DPG_TYPE_COUNT; t++) {
		int acc = dpg_license_acceptance(id, t, &note);

		dpg_buf_printf(&b, NULL, " %s=%s", dpg_solution_type_name(t),
			       dpg_accept_name(acc));
		dpg_buf_printf(&notes, NULL, "%s%s: %s", t ? "; " : "",
			       dpg_solution_type_name(t), note);
	}
	osi = dpg_license_osi(id);
	dpg_buf_printf(&b, NULL, " osi=%s deprecated=%s class=%s",
		       osi == 1	  ? "yes"
		       : osi == 0 ? "no"
				  : "unknown",
		       dpg_spdx_is_deprecated(id) ? "yes" : "no",
		       dpg_license_class_name(dpg_license_class(id)));
	if (scope)
		dpg_buf_printf(&b, NULL, " scope=%s", scope);
	put(o, "license-acceptance", NULL, 0, dpg_arena_strdup(o->a, b.ptr),
	    dpg_arena_strdup(o->a, notes.ptr), -1);
	dpg_buf_release(&b);
	dpg_buf_release(&notes);
}

static void accept_expr(struct out *o, const char *expr, const char *scope,
			const char **done, size_t *ndone, size_t max)
{
	struct dpg_spdx_node *r = parse(expr, o->a);
	const struct dpg_spdx_node *lic[MAX_ATOMS];
	size_t n, i, j;

	if (!r)
		return;
	n = dpg_spdx_licenses(r, lic, MAX_ATOMS);
	if (n > MAX_ATOMS)
		n = MAX_ATOMS;
	for (i = 0; i < n; i++) {
		const char *id =
			lic[i]->plus ? dpg_arena_printf(o->a, "%s+", lic[i]->id)
				     : lic[i]->id;

		for (j = 0; j < *ndone; j++)
			if (!strcmp(done[j], id))
				break;
		if (j < *ndone || *ndone >= max)
			continue;
		done[(*ndone)++] = id;
		acceptance(o, id, scope);
	}
}

/* ------------------------------------------------------------------ */

int dpg_licev_from_finding(struct dpg_licev *ev, const struct dpg_finding *f)
{
	static const struct {
		const char *kind;
		int src;
	} kinds[] = {
		{"license-text", DPG_LICEV_TEXT},
		{"spdx-tag", DPG_LICEV_TAG},
		{"license-notice", DPG_LICEV_NOTICE},
		{"license-manifest", DPG_LICEV_MANIFEST},
		{"license-reference", DPG_LICEV_REFERENCE},
		{"license-unmatched", DPG_LICEV_UNMATCHED},
		{"license-bundled-section", DPG_LICEV_BUNDLED},
	};
	size_t i;

	if (!f->kind || !f->path)
		return 0;
	for (i = 0; i < DPG_ARRAY_SIZE(kinds); i++)
		if (!strcmp(f->kind, kinds[i].kind)) {
			ev->src = kinds[i].src;
			ev->path = f->path;
			ev->line = f->line;
			ev->line_end =
				f->line_end > f->line ? f->line_end : f->line;
			ev->expr = f->value;
			ev->score = f->score;
			ev->excerpt = f->excerpt;
			if (ev->src != DPG_LICEV_UNMATCHED &&
			    (!ev->expr || !*ev->expr))
				return 0;
			return 1;
		}
	return 0;
}

struct rootlic {
	const struct dpg_licev *e;
	const char *scope; /* NULL: the project's code */
	struct atoms at;
	int drop;
	int also; /* a later text of another license in the same file */
};

/* Add the atoms of b missing from a. */
static void atoms_union(struct atoms *a, const struct atoms *b)
{
	size_t j, k;

	for (j = 0; j < b->n && a->n < MAX_ATOMS; j++) {
		for (k = 0; k < a->n; k++)
			if (!strcmp(a->v[k].key, b->v[j].key))
				break;
		if (k == a->n)
			a->v[a->n++] = b->v[j];
	}
}

/* The first declaration that accounts for the texts t, with its basis. */
static const char *find_decl(const struct dpg_licev *const *decl,
			     const struct tally *const *tops, size_t nd,
			     const struct atoms *t, int unmatched,
			     const char **basis, struct dpg_arena *a)
{
	size_t i;

	for (i = 0; i < nd; i++) {
		struct atoms da;

		atoms_of(&da, decl[i]->expr, 0, a);
		if (!explains(&da, t, unmatched))
			continue;
		if (tops[i])
			*basis = dpg_arena_printf(
				a, "%zu files (%s), e.g. %s", tops[i]->count,
				decl[i]->src == DPG_LICEV_TAG ? "SPDX tags"
							      : "notices",
				where(a, decl[i]));
		else
			*basis = dpg_arena_printf(a, "%s (%s)",
						  where(a, decl[i]),
						  src_name(decl[i]->src));
		return decl[i]->expr;
	}
	return NULL;
}

/* LICENSE, COPYING, LICENCE.md...: a root license file named for no
 * license or part */
static int plain_license_name(const char *path)
{
	return !strchr(path, '/') &&
	       (!dpg_strncasecmp(path, "license", 7) ||
		!dpg_strncasecmp(path, "licence", 7) ||
		!dpg_strncasecmp(path, "copying", 7)) &&
	       text_end(path + 7);
}

/*
 * Texts in several root files that no declaration accounts for, when one
 * accounts for the texts of the plainly named license file alone: that
 * file is the project's, and the texts of the others are bundled code's
 * (Django: LICENSE is BSD-3-Clause, as setup.cfg says; LICENSE.python is
 * the license of code taken from Python's standard library).  Marks the
 * other texts also; the declaration, or NULL.
 */
static const char *plain_decl(const struct dpg_licev *const *decl,
			      const struct tally *const *tops, size_t nd,
			      struct rootlic *roots, size_t nroots,
			      int unmatched, const char **basis,
			      struct dpg_arena *a)
{
	struct atoms plain;
	const char *d;
	size_t i;
	int other = 0;

	memset(&plain, 0, sizeof(plain));
	plain.ok = 1;
	for (i = 0; i < nroots; i++) {
		if (roots[i].drop || roots[i].scope || roots[i].also)
			continue;
		if (plain_license_name(roots[i].e->path))
			atoms_union(&plain, &roots[i].at);
		else
			other = 1;
	}
	if (!plain.n || !other ||
	    !(d = find_decl(decl, tops, nd, &plain, unmatched, basis, a)))
		return NULL;
	for (i = 0; i < nroots; i++)
		if (!roots[i].drop && !roots[i].scope &&
		    !plain_license_name(roots[i].e->path) &&
		    !contains_atoms(&plain, &roots[i].at))
			roots[i].also = 1;
	return d;
}

/*
 * Root texts in files each named for a license (LICENSE.GPL-2,
 * LICENSE.MIT...), none plainly named, that no declaration accounts for
 * together: the root declaration that accounts for the most of them, not
 * all (KeePassXC's README: "GPL-2 or GPL-3", beside the texts of the BSD,
 * CC0, LGPL, MIT and OFL code it bundles).  Its texts are the project's
 * (a GPL text is kept beside the LGPL's then), the others' also; the
 * declaration, or NULL.
 */
static const char *subset_decl(const struct dpg_licev *const *decl,
			       const struct tally *const *tops, size_t nd,
			       struct rootlic *roots, size_t nroots,
			       int unmatched, const char **basis,
			       struct dpg_arena *a)
{
	size_t i, j, k, best = 0, bestk = 0, total = 0;
	struct atoms da;

	for (j = 0; j < nroots; j++) {
		if (roots[j].scope)
			continue;
		if (plain_license_name(roots[j].e->path))
			return NULL;
		total++;
	}
	for (i = 0; i < nd; i++) {
		struct atoms s;

		if (tops[i])
			continue; /* files' tags and notices: not a root's */
		atoms_of(&da, decl[i]->expr, 0, a);
		if (!da.ok || !da.n)
			continue;
		memset(&s, 0, sizeof(s));
		s.ok = 1;
		for (j = k = 0; j < nroots; j++)
			if (!roots[j].scope && roots[j].at.ok &&
			    contains_atoms(&da, &roots[j].at)) {
				atoms_union(&s, &roots[j].at);
				k++;
			}
		if (k > bestk && k < total && explains(&da, &s, unmatched)) {
			best = i;
			bestk = k;
		}
	}
	if (!bestk)
		return NULL;
	atoms_of(&da, decl[best]->expr, 0, a);
	for (j = 0; j < nroots; j++) {
		if (roots[j].scope)
			continue;
		if (roots[j].at.ok && contains_atoms(&da, &roots[j].at))
			roots[j].drop = roots[j].also = 0;
		else
			roots[j].also = 1;
	}
	*basis = dpg_arena_printf(a, "%s (%s)", where(a, decl[best]),
				  src_name(decl[best]->src));
	return decl[best]->expr;
}

/*
 * A root license file that opens with the project's license and then
 * holds only other licenses' texts, those of bundled components (an R
 * package's LICENSE: "The shiny package as a whole is distributed under
 * GPL-3 ... includes other open source software components", then MIT,
 * BSD and Apache texts), with a root manifest that names the same
 * licenses: that manifest (and *notice the opening notice), else NULL.
 * Every text of the project's must be in that file, after the notice.
 */
static const struct dpg_licev *
opening_notice(const struct rootlic *roots, size_t nroots,
	       const struct dpg_licev *const *lfnotes, size_t nlfnotes,
	       const struct dpg_licev *const *mans, size_t nmans,
	       const struct dpg_licev **notice, struct dpg_arena *a)
{
	size_t i, j, k, ntexts;

	for (i = 0; i < nlfnotes; i++) {
		const struct dpg_licev *l = lfnotes[i];
		unsigned int last = l->line_end ? l->line_end : l->line;
		struct atoms la;

		atoms_of(&la, l->expr, 0, a);
		if (!la.ok || !la.n)
			continue;
		ntexts = 0;
		for (j = 0; j < nroots; j++) {
			const struct rootlic *r = &roots[j];

			if (r->drop || r->scope)
				continue;
			if (strcmp(r->e->path, l->path) || r->e->line <= last)
				break;
			for (k = 0; k < la.n; k++)
				if (has_key(&r->at, la.v[k].key))
					break;
			if (k < la.n)
				break; /* the notice's own license's text */
			ntexts++;
		}
		if (j < nroots || !ntexts)
			continue;
		for (j = 0; j < nmans; j++) {
			struct atoms ma;

			atoms_of(&ma, mans[j]->expr, 0, a);
			if (same_atoms(&ma, &la)) {
				*notice = l;
				return mans[j];
			}
		}
	}
	return NULL;
}

/* A full license text matched over several lines: one that
 * inside_text() looks at. */
static int spans_text(const struct dpg_licev *t)
{
	return t->src == DPG_LICEV_TEXT && t->line &&
	       !(t->score >= 0 && t->score < 0.8) && t->line_end > t->line;
}

static int cmp_text_path(const void *a, const void *b)
{
	const struct dpg_licev *const *x = a, *const *y = b;

	return strcmp((*x)->path, (*y)->path);
}

/* The evidence spans_text() keeps, sorted by path (nt set to their
 * count), for inside_text(). */
static const struct dpg_licev **texts_by_path(const struct dpg_licev *ev,
					      size_t n, size_t *nt)
{
	const struct dpg_licev **t = xcalloc(n ? n : 1, sizeof(*t));
	size_t i;

	*nt = 0;
	for (i = 0; i < n; i++)
		if (spans_text(&ev[i]))
			t[(*nt)++] = &ev[i];
	if (*nt > 1)
		qsort(t, *nt, sizeof(*t), cmp_text_path);
	return t;
}

/* Whether e lies inside the lines of a full license text matched in the
 * same file (t, nt: from texts_by_path()). */
static int inside_text(const struct dpg_licev *const *t, size_t nt,
		       const struct dpg_licev *e)
{
	size_t lo = 0, hi = nt;

	while (lo < hi) { /* the first text of e's path or after it */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(t[mid]->path, e->path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nt && !strcmp(t[lo]->path, e->path); lo++)
		if (e->line >= t[lo]->line && e->line <= t[lo]->line_end)
			return 1;
	return 0;
}

static int is_cc_content(const char *expr)
{
	return !strncmp(expr, "CC-BY", 5);
}

static int is_data_license(const char *expr)
{
	return !strncmp(expr, "ODbL", 4) || !strncmp(expr, "ODC-By", 6) ||
	       !strncmp(expr, "PDDL", 4) || !strncmp(expr, "OGL-", 4);
}

/*
 * A statement naming only Creative Commons licenses (content) or open
 * data licenses beside a project answer of software licenses: that part's
 * license ("- CC BY 4.0" under "## License" beside "- MIT"), not a
 * conflict.  "content", "data" or NULL.
 */
static const char *other_part(const char *expr, const struct atoms *project)
{
	size_t i;
	int cc = 0, data = 0, sw = 0;

	for (i = 0; i < project->n; i++)
		if (!is_cc_content(project->v[i].key) &&
		    !is_data_license(project->v[i].key) &&
		    strncmp(project->v[i].key, "CC0", 3))
			sw = 1;
	if (!sw || !expr)
		return NULL;
	if (strstr(expr, " AND ") || strstr(expr, " OR "))
		return NULL;
	cc = is_cc_content(expr);
	data = is_data_license(expr);
	return cc ? "content" : data ? "data" : NULL;
}

int dpg_license_project(const struct dpg_licev *ev, size_t n,
			void (*emit)(void *ctx, const struct dpg_finding *f),
			void *ctx, const char *analyzer, struct dpg_arena *a)
{
	struct out o = {emit, ctx, analyzer, a, 0, {NULL}, 0};
	/* a tally and a root hold their atoms (4.8 KB): each array as long
	   as it can fill, at most one entry an event, and not zeroed
	   (tally_add writes each entry whole; nothing reads past the
	   count): 208 tallies zeroed were up to a megabyte of fresh pages,
	   115 of cordova-ios's 1,330 page faults */
	size_t t64 = n < 64 ? n : 64, t16 = n < 16 ? n : 16, rootcap = 0;
	struct rootlic *roots = NULL;
	struct tally *tags = xmalloc((t64 ? t64 : 1) * sizeof(*tags));
	struct tally *srcn = xmalloc((t64 ? t64 : 1) * sizeof(*srcn));
	struct tally *refs = xmalloc((t16 ? t16 : 1) * sizeof(*refs));
	struct tally *ftexts = xmalloc((t64 ? t64 : 1) * sizeof(*ftexts));
	size_t nftexts = 0;
	const struct dpg_licev **mans = xcalloc(n ? n : 1, sizeof(*mans));
	const struct dpg_licev **stmts = xcalloc(n ? n : 1, sizeof(*stmts));
	const struct dpg_licev **lfnotes = xcalloc(n ? n : 1, sizeof(*lfnotes));
	const struct dpg_licev *doc_text = NULL;
	const struct dpg_licev *opener = NULL, *opener_man = NULL;
	const struct dpg_licev *marks[64];
	size_t nmarks = 0;
	int unmatched_root = 0;
	const struct dpg_licev **submans = xcalloc(n ? n : 1, sizeof(*submans));
	size_t nsubmans = 0;
	const char *done[64];
	size_t ndone = 0, nroots = 0, ntags = 0, nsrcn = 0, nrefs = 0;
	size_t nmans = 0, nstmts = 0, nlfnotes = 0, nvend = 0, nscopes = 0;
	size_t i, j;
	struct dpg_buf evb = DPG_BUF_INIT(2000);
	const char *project = NULL, *basis = NULL;
	struct atoms pat;
	double score = 0;
	int have_sw = 0, own_root = 0;
	char(*vseen)[160] = xcalloc(MAX_VENDORED, sizeof(*vseen));
	size_t ntexts;
	const struct dpg_licev **texts = texts_by_path(ev, n, &ntexts);

	memset(&pat, 0, sizeof(pat));
	/* the bundled-section markers (a few per tree) */
	for (i = 0; i < n && nmarks < DPG_ARRAY_SIZE(marks); i++)
		if (ev[i].src == DPG_LICEV_BUNDLED)
			marks[nmarks++] = &ev[i];
	/* a license file named for a component is others' only beside one
	 * of the project's own (LICENSE_1_0.txt or LICENSE.BULLETS alone at
	 * the top is the project's) */
	for (i = 0; i < n && !own_root; i++)
		own_root = ev[i].src == DPG_LICEV_TEXT && is_root(ev[i].path) &&
			   license_file_name(ev[i].path) &&
			   !third_party_name(ev[i].path) &&
			   !component_license_file(ev[i].path) &&
			   !(ev[i].score >= 0 && ev[i].score < 0.8);
	/* 1. sort the evidence */
	for (i = 0; i < n; i++) {
		const struct dpg_licev *e = &ev[i];
		size_t vp = dpg_license_vendored_prefix(e->path);
		int bundled = 0;

		if (e->src == DPG_LICEV_BUNDLED)
			continue; /* after a "bundled dependencies" heading, or
				   * a license file named for a component:
				   * others' code */
		if ((e->src == DPG_LICEV_NOTICE ||
		     e->src == DPG_LICEV_REFERENCE ||
		     e->src == DPG_LICEV_TAG) &&
		    inside_text(texts, ntexts, e))
			continue; /* the "Example notice" of the ODbL, CAL's
				   * sample tags, GPL-3.0's words on the AGPL:
				   * the license's text, not a declaration */
		for (j = 0; j < nmarks; j++)
			if (!strcmp(marks[j]->path, e->path) &&
			    e->line >= marks[j]->line)
				bundled = 1;
		if (e->src == DPG_LICEV_TEXT && own_root &&
		    component_license_file(e->path))
			bundled = 1;
		if (bundled && !vp)
			vp = strlen(e->path);
		if (vp) {
			char key[160];

			if (e->src == DPG_LICEV_REFERENCE ||
			    e->src == DPG_LICEV_UNMATCHED ||
			    e->src == DPG_LICEV_NOTICE)
				continue;
			snprintf(key, sizeof(key), "%.*s: %s", (int)vp, e->path,
				 e->expr);
			for (j = 0; j < nvend; j++)
				if (!strcmp(vseen[j], key))
					break;
			if (j < nvend || nvend >= MAX_VENDORED)
				continue;
			snprintf(vseen[nvend++], sizeof(vseen[0]), "%s", key);
			put(&o, "license-vendored", e->path, e->line,
			    dpg_arena_strdup(a, key),
			    dpg_arena_printf(a, "%s (%s)%s%s", where(a, e),
					     src_name(e->src),
					     e->excerpt ? ": " : "",
					     e->excerpt ? e->excerpt : ""),
			    -1);
			continue;
		}
		if (e->src != DPG_LICEV_TEXT && third_party_name(e->path))
			continue; /* THIRD-PARTY-NOTICES, NOTICE, CREDITS */
		if (e->src != DPG_LICEV_MANIFEST && build_boilerplate(e->path))
			continue; /* configure, ltmain.sh, aclocal.m4... */
		if ((e->src == DPG_LICEV_TAG || e->src == DPG_LICEV_NOTICE) &&
		    (!strncmp(e->path, "dist/", 5) ||
		     strstr(e->path, "/dist/")))
			continue; /* bundles built from the sources and deps */
		switch (e->src) {
		case DPG_LICEV_TEXT:
			if (e->score >= 0 && e->score < 0.8)
				break;
			if (is_root(e->path) && !third_party_name(e->path) &&
			    !license_file_name(e->path) &&
			    !name_license(e->path, a)) {
				/* a README quoting a license: a late fallback
				 */
				if (!doc_text && is_readme(e->path))
					doc_text = e;
			} else if (is_root(e->path) &&
				   !third_party_name(e->path)) {
				dpg_grow(&roots, &rootcap, nroots + 1,
					 sizeof(*roots));
				memset(&roots[nroots], 0, sizeof(*roots));
				roots[nroots].e = e;
				atoms_of(&roots[nroots].at, e->expr, 1, a);
				if (license_file_name(e->path) ||
				    strncmp(e->path, "LICENSES/", 9) == 0 ||
				    scope_hint(e->path))
					roots[nroots].scope =
						scope_hint(e->path);
				nroots++;
			} else if ((license_file_name(e->path) ||
				    named_license_file(e->path)) &&
				   !third_party_name(e->path) &&
				   nscopes < MAX_SCOPES) {
				const char *sc = scope_hint(e->path);
				const char *dir = dpg_arena_strndup(
					a, e->path,
					(size_t)(base_name(e->path) - e->path -
						 1));

				put(&o, "license-scope", e->path, e->line,
				    dpg_arena_printf(a, "%s: %s", sc ? sc : dir,
						     e->expr),
				    dpg_arena_printf(a, "%s (license text)",
						     where(a, e)),
				    -1);
				nscopes++;
				accept_expr(&o, e->expr, sc ? sc : dir, done,
					    &ndone, 64);
			} else if (!is_root(e->path) &&
				   !license_file_name(e->path) &&
				   !named_license_file(e->path)) {
				/* a license text in a source file's header */
				tally_add(ftexts, &nftexts, t64, e, a);
			}
			break;
		case DPG_LICEV_MANIFEST:
			if (!strcmp(e->expr, "NOASSERTION"))
				break;
			if (is_root(e->path))
				mans[nmans++] = e;
			else if (!test_path(e->path))
				submans[nsubmans++] = e;
			break;
		case DPG_LICEV_NOTICE:
			if (!strncmp(e->path, "LICENSES/", 9))
				break; /* texts of the licenses files use */
			if (is_root(e->path) && license_file_name(e->path))
				lfnotes[nlfnotes++] = e;
			else if (is_root(e->path) && statement_file(e->path))
				stmts[nstmts++] = e;
			else if (!is_root(e->path) && statement_file(e->path) &&
				 (scope_words(e->excerpt) ||
				  scope_hint2(e->path, 0)) &&
				 nscopes < MAX_SCOPES) {
				/* docs/README: "The documentation is ..." */
				const char *sc = scope_words(e->excerpt);

				if (!sc)
					sc = scope_hint2(e->path, 0);
				put(&o, "license-scope", e->path, e->line,
				    dpg_arena_printf(a, "%s: %s", sc, e->expr),
				    dpg_arena_printf(a, "%s: %s", where(a, e),
						     e->excerpt ? e->excerpt
								: ""),
				    -1);
				nscopes++;
				accept_expr(&o, e->expr, sc, done, &ndone, 64);
			} else
				tally_add(srcn, &nsrcn, t64, e, a);
			break;
		case DPG_LICEV_TAG:
			if (!license_file_name(e->path))
				tally_add(tags, &ntags, t64, e, a);
			break;
		case DPG_LICEV_REFERENCE:
			if (is_readme(e->path))
				tally_add(refs, &nrefs, t16, e, a);
			break;
		default:
			if (is_root(e->path) && license_file_name(e->path)) {
				dpg_buf_printf(&evb, NULL,
					       "%s: a license file no license "
					       "text matched; ",
					       e->path);
				unmatched_root = 1;
			}
			break;
		}
	}

	/* 2. REUSE: LICENSES/ holds the license of every file; beside a
	 * top-level license file, or with SPDX tags to say which license is
	 * the project's, its texts are the licenses of some files */
	{
		int top_level = 0, in_dir = 0;

		for (i = 0; i < nroots; i++) {
			if (!strncmp(roots[i].e->path, "LICENSES/", 9))
				in_dir = 1;
			else if (!roots[i].scope)
				top_level = 1;
		}
		if (in_dir && (top_level || ntags))
			for (i = 0; i < nroots; i++)
				if (!strncmp(roots[i].e->path, "LICENSES/", 9))
					roots[i].scope = "files";
	}
	/* root texts: the GNU lesser layout, content and data parts */
	for (i = 0; i < nroots; i++)
		if (!roots[i].scope && !is_cc_content(roots[i].e->expr) &&
		    !is_data_license(roots[i].e->expr))
			have_sw = 1;
	for (i = 0; i < nroots; i++) {
		const char *x = roots[i].e->expr;

		if (!strncmp(x, "GPL-", 4))
			for (j = 0; j < nroots; j++)
				if (!strncmp(roots[j].e->expr, "LGPL-", 5) &&
				    strcmp(roots[j].e->path,
					   roots[i].e->path)) {
					roots[i].drop = 1;
					dpg_buf_printf(
						&evb, NULL,
						"%s: the GPL text that the "
						"LGPL (%s) builds on; ",
						roots[i].e->path,
						roots[j].e->path);
					break;
				}
		if (!roots[i].scope && have_sw && is_cc_content(x))
			roots[i].scope = "content";
		if (!roots[i].scope && have_sw && is_data_license(x))
			roots[i].scope = "data";
		if (roots[i].scope && !strcmp(roots[i].scope, "code"))
			roots[i].scope = NULL;
	}
	for (i = 0; i < nroots; i++) {
		if (roots[i].drop || !roots[i].scope ||
		    !strcmp(roots[i].scope, "files"))
			continue;
		if (nscopes < MAX_SCOPES) {
			put(&o, "license-scope", roots[i].e->path,
			    roots[i].e->line,
			    dpg_arena_printf(a, "%s: %s", roots[i].scope,
					     roots[i].e->expr),
			    dpg_arena_printf(a, "%s (license text)",
					     where(a, roots[i].e)),
			    -1);
			nscopes++;
		}
		accept_expr(&o, roots[i].e->expr, roots[i].scope, done, &ndone,
			    64);
	} /* a second license text further down the project's license file
	   * (jq's COPYING: MIT, then the dtoa code's terms; libpng's LICENSE:
	   * the current terms, then the older ones): not the project's unless
	   * a declaration says so */
	for (i = 0; i < nroots; i++) {
		if (roots[i].drop || roots[i].scope)
			continue;
		for (j = 0; j < nroots; j++)
			if (j != i && !roots[j].drop && !roots[j].scope &&
			    !strcmp(roots[j].e->path, roots[i].e->path) &&
			    roots[j].e->line < roots[i].e->line &&
			    !contains_atoms(&roots[j].at, &roots[i].at))
				roots[i].also = 1;
	}

	/* an opening notice and bundled components' texts */
	opener_man = opening_notice(roots, nroots, lfnotes, nlfnotes, mans,
				    nmans, &opener, a);
	if (opener_man)
		for (i = 0; i < nroots; i++)
			if (!roots[i].drop && !roots[i].scope)
				roots[i].also = 1;

	/* 3. the project's expression */
	{
		struct atoms tat, tat_all;
		const char *joined = NULL;

		memset(&tat, 0, sizeof(tat));
		tat.ok = 1;
		memset(&tat_all, 0, sizeof(tat_all));
		tat_all.ok = 1;
		for (i = 0; i < nroots; i++) {
			if (roots[i].drop || roots[i].scope)
				continue;
			atoms_union(&tat_all, &roots[i].at);
			if (!roots[i].also)
				atoms_union(&tat, &roots[i].at);
			dpg_buf_printf(
				&evb, NULL, "%s: %s (license text%s); ",
				roots[i].e->path, roots[i].e->expr,
				roots[i].e->excerpt &&
						!strncmp(roots[i].e->excerpt,
							 "exact", 5)
					? ", exact"
					: "");
		}
		if (tat.n) {
			/* the declarations that name the same licenses give
			 * the operators and the GNU -only/-or-later */
			const struct dpg_licev *decl[4 * MAX_ATOMS];
			const struct tally *tops[4 * MAX_ATOMS] = {NULL};
			size_t nd = 0;
			const struct tally *top = tally_top(tags, ntags);

			for (i = 0; i < nlfnotes && nd < 16; i++)
				decl[nd++] = lfnotes[i];
			for (i = 0; i < nmans && nd < 32; i++)
				decl[nd++] = mans[i];
			for (i = 0; i < nstmts && nd < 48; i++)
				decl[nd++] = stmts[i];
			if (top && nd < 4 * MAX_ATOMS) {
				tops[nd] = top;
				decl[nd++] = top->first;
			}
			/* the files' own notices ("either version 3 ... or
			 * any later version" in every header) */
			top = tally_top(srcn, nsrcn);
			if (top && nd < 4 * MAX_ATOMS) {
				tops[nd] = top;
				decl[nd++] = top->first;
			}
			joined = find_decl(decl, tops, nd, &tat_all,
					   unmatched_root, &basis, a);
			if (joined) {
				/* the declaration names the later texts too */
				for (i = 0; i < nroots; i++)
					roots[i].also = 0;
			} else if (tat.n < tat_all.n) {
				joined = find_decl(decl, tops, nd, &tat,
						   unmatched_root, &basis, a);
			}
			if (!joined)
				joined = plain_decl(decl, tops, nd, roots,
						    nroots, unmatched_root,
						    &basis, a);
			if (!joined)
				joined = subset_decl(decl, tops, nd, roots,
						     nroots, unmatched_root,
						     &basis, a);
			if (!joined) {
				struct dpg_buf jb = DPG_BUF_INIT(4096);

				for (j = 0; j < tat.n; j++) {
					const struct atom *t = &tat.v[j];
					int q = Q_NONE;

					/* a GNU text: who says only/later? */
					for (i = 0; t->gnu && i < nd; i++) {
						struct atoms da;
						size_t k;

						atoms_of(&da, decl[i]->expr, 0,
							 a);
						for (k = 0; k < da.n; k++)
							if (!strcmp(da.v[k].key,
								    t->key) &&
							    da.v[k].qual) {
								q = da.v[k].qual;
								break;
							}
						if (q) {
							dpg_buf_printf(
								&evb, NULL,
								"%s%s from "
								"%s; ",
								t->base,
								qual_suffix(q),
								where(a,
								      decl[i]));
							break;
						}
					}
					if (t->gnu && !q) {
						/* the files' tags and notices:
						 * the most common that says */
						const struct tally *f = NULL;

						q = tally_qual(tags, ntags,
							       t->key, &f);
						if (!q)
							q = tally_qual(
								srcn, nsrcn,
								t->key, &f);
						if (q)
							dpg_buf_printf(
								&evb, NULL,
								"%s%s from "
								"%zu files, "
								"e.g. %s; ",
								t->base,
								qual_suffix(q),
								f->count,
								where(a,
								      f->first));
					}
					if (t->gnu && !q)
						dpg_buf_printf(
							&evb, NULL,
							"%s: no notice says "
							"-only or -or-later, "
							"read as -only; ",
							t->base);
					dpg_buf_printf(
						&jb, NULL, "%s%s%s%s",
						j ? " AND " : "", t->base,
						t->gnu ? qual_suffix(q) : "",
						strchr(t->key, ' ')
							? strchr(t->key, ' ')
							: "");
				}
				joined = dpg_arena_strdup(a, jb.ptr);
				dpg_buf_release(&jb);
				if (tat.n > 1)
					dpg_buf_puts(&evb,
						     "several license texts, "
						     "no declaration says how "
						     "they combine: read as "
						     "AND; ",
						     NULL);
			} else { /* a declaration with the same licenses may
				  * still leave a GNU text's only/later open:
				  * see qualify() below */
			}
			project = joined;
			score = 1.0;
		}
	}
	if (!project && opener_man) {
		project = opener_man->expr;
		basis = dpg_arena_printf(a,
					 "%s (manifest), as %s opens (notice): "
					 "the license file's texts are bundled "
					 "components'",
					 where(a, opener_man),
					 where(a, opener));
		score = 0.9;
	}
	if (!project && nmans) {
		project = mans[0]->expr;
		basis = dpg_arena_printf(a, "%s (manifest)", where(a, mans[0]));
		score = 0.7;
	}
	if (!project && nlfnotes) {
		/* the statements of one license file: its parts, with AND
		 * ("the library is LGPL-2.1+, the applications GPL-3") */
		struct atoms pa;

		project = lfnotes[0]->expr;
		for (i = 1; i < nlfnotes; i++) {
			struct atoms ea;

			if (strcmp(lfnotes[i]->path, lfnotes[0]->path) ||
			    scope_words(lfnotes[i]->excerpt))
				continue;
			atoms_of(&pa, project, 0, a);
			atoms_of(&ea, lfnotes[i]->expr, 0, a);
			if (!ea.ok || contains_atoms(&pa, &ea))
				continue;
			project = dpg_arena_printf(a, "(%s) AND (%s)", project,
						   lfnotes[i]->expr);
		}
		basis = dpg_arena_printf(a, "%s (notice)",
					 where(a, lfnotes[0]));
		score = 0.7;
	}
	if (!project && nstmts) {
		for (i = 0; i < nstmts && !project; i++)
			if (!scope_words(stmts[i]->excerpt)) {
				project = stmts[i]->expr;
				basis = dpg_arena_printf(a, "%s (statement)",
							 where(a, stmts[i]));
			}
		score = 0.6;
	}
	if (!project && doc_text) {
		project = doc_text->expr;
		basis = dpg_arena_printf(a, "%s (license text in a document)",
					 where(a, doc_text));
		score = 0.6;
	}
	if (!project && ntags) {
		const struct tally *top = tally_top(tags, ntags);

		if (top) {
			project = top->expr;
			basis = dpg_arena_printf(a, "%zu SPDX tags, e.g. %s",
						 top->count,
						 where(a, top->first));
			score = 0.6;
		}
	}
	if (!project && nftexts) {
		const struct tally *top = tally_top(ftexts, nftexts);
		const struct tally *ntop = tally_top(srcn, nsrcn);

		/* more files with a notice than with a text: the notices
		 * speak (637 GPL headers against one file holding MIT's
		 * text) */
		if (top && !(ntop && ntop->count > top->count) &&
		    file_majority(ftexts, nftexts, top, unmatched_root)) {
			project = top->expr;
			basis = dpg_arena_printf(
				a,
				"%zu files with the license text "
				"in their header, e.g. %s",
				top->count, where(a, top->first));
			score = 0.5;
		}
	}
	if (!project && nsrcn) {
		const struct tally *top = tally_top(srcn, nsrcn);

		if (top && file_majority(srcn, nsrcn, top, unmatched_root)) {
			project = top->expr;
			basis = dpg_arena_printf(a, "%zu file notices, e.g. %s",
						 top->count,
						 where(a, top->first));
			score = 0.5;
		}
	}
	if (!project && nrefs && !unmatched_root) {
		const struct tally *top = tally_top(refs, nrefs);

		if (top) {
			project = top->expr;
			basis = dpg_arena_printf(a, "%s (license reference)",
						 where(a, top->first));
			score = 0.4;
		}
	}
	if (project) {
		/* canonical form (deprecated GNU ids stay version-only) */
		struct dpg_spdx_node *r = parse(project, a);

		if (r) {
			qualify(r, tags, ntags, srcn, nsrcn, score < 1.0, &evb,
				a);
			project = dpg_spdx_to_string(r, a);
		}
		atoms_of(&pat, project, 0, a);
	}

	/* 4. conflicts with the project's answer */
	if (project) {
		const struct dpg_licev *others[192];
		size_t no = 0;

		for (i = 0; i < nlfnotes && no < 64; i++)
			others[no++] = lfnotes[i];
		for (i = 0; i < nmans && no < 128; i++)
			others[no++] = mans[i];
		for (i = 0; i < nstmts && no < 190; i++)
			others[no++] = stmts[i];
		for (i = 0; i < no; i++) {
			const struct dpg_licev *e = others[i];
			struct atoms ea;
			const char *gb, *sw;

			atoms_of(&ea, e->expr, 0, a);
			if (!ea.ok)
				continue;
			if (e->src == DPG_LICEV_NOTICE &&
			    ((sw = scope_words(e->excerpt)) != NULL ||
			     (sw = other_part(e->expr, &pat)) != NULL)) {
				if (nscopes++ < MAX_SCOPES)
					put(&o, "license-scope", e->path,
					    e->line,
					    dpg_arena_printf(a, "%s: %s", sw,
							     e->expr),
					    dpg_arena_printf(a, "%s: %s",
							     where(a, e),
							     e->excerpt),
					    -1);
				accept_expr(&o, e->expr, sw, done, &ndone, 64);
				continue;
			}
			if (!strcmp(e->expr, "NONE")) {
				put(&o, "license-conflict", e->path, e->line,
				    "manifest grants no license",
				    dpg_arena_printf(a, "%s: %s; project: %s",
						     where(a, e),
						     e->excerpt ? e->excerpt
								: e->expr,
						     project),
				    -1);
				continue;
			}
			if (qual_clash(&ea, &pat, &gb)) {
				put(&o, "license-conflict", e->path, e->line,
				    dpg_arena_printf(a,
						     "%s: -only and -or-later "
						     "disagree",
						     gb),
				    dpg_arena_printf(
					    a,
					    "%s (%s) says %s; the "
					    "project answer is %s (%s)",
					    where(a, e), src_name(e->src),
					    e->expr, project,
					    basis ? basis
						  : "root license texts"),
				    -1);
				score = score > 0.8 ? 0.8 : score;
				continue;
			}
			if (same_atoms(&ea, &pat) || contains_atoms(&pat, &ea))
				continue;
			if (e->src == DPG_LICEV_MANIFEST &&
			    !strcmp(base_name(e->path), "package.json") &&
			    !strcmp(e->expr, "ISC") && score >= 1.0) {
				/* npm init's default left beside a license
				 * file: a note, not a conflict */
				put(&o, "license-note", e->path, e->line,
				    dpg_arena_printf(a,
						     "package.json says ISC "
						     "(npm's default): ISC vs "
						     "%s",
						     project),
				    dpg_arena_printf(a,
						     "%s says ISC, npm init's "
						     "default; the license "
						     "texts say %s (%s)",
						     where(a, e), project,
						     basis ? basis
							   : "root license "
							     "texts"),
				    -1);
				continue;
			}
			{
				const char *what =
					e->src == DPG_LICEV_MANIFEST
						? (!strcmp(base_name(e->path),
							   "package.json") &&
								   !strcmp(e->expr,
									   "IS"
									   "C")
							   ? "package.json "
							     "says "
							     "ISC (npm's "
							     "default)"
							   : "manifest differs")
					: is_readme(e->path) ? "README differs"
							     : "notice differs";

				put(&o, "license-conflict", e->path, e->line,
				    dpg_arena_printf(a, "%s: %s vs %s", what,
						     e->expr, project),
				    dpg_arena_printf(a,
						     "%s (%s) says %s; the "
						     "project answer is %s "
						     "(%s)",
						     where(a, e),
						     src_name(e->src), e->expr,
						     project,
						     basis ? basis
							   : "root license "
							     "texts"),
				    -1);
				score = score > 0.8 ? 0.8 : score;
			}
		} /* later texts in the project's license file */
		for (i = 0; i < nroots; i++) {
			int beside = 1; /* no project text in its file */

			if (!roots[i].also ||
			    contains_atoms(&pat, &roots[i].at))
				continue;
			if (nscopes++ >= MAX_SCOPES)
				break;
			for (j = 0; j < nroots; j++)
				if (!roots[j].also && !roots[j].drop &&
				    !roots[j].scope &&
				    !strcmp(roots[j].e->path, roots[i].e->path))
					beside = 0;
			put(&o, "license-scope", roots[i].e->path,
			    roots[i].e->line,
			    dpg_arena_printf(a, "also in %s: %s",
					     roots[i].e->path,
					     roots[i].e->expr),
			    dpg_arena_printf(
				    a,
				    beside ? "%s: a root license text of a "
					     "license no declaration gives the "
					     "project (bundled code or other "
					     "terms; read it)"
					   : "%s: a second license text in the "
					     "license file, after the "
					     "project's (bundled code or other "
					     "terms; read it)",
				    where(a, roots[i].e)),
			    -1);
			accept_expr(&o, roots[i].e->expr, "also", done, &ndone,
				    64);
		}
		/* LICENSES/ texts of other files' licenses */
		for (i = 0; i < nroots; i++) {
			const char *id;

			if (!roots[i].scope ||
			    strcmp(roots[i].scope, "files") ||
			    contains_atoms(&pat, &roots[i].at))
				continue;
			if (nscopes++ >= MAX_SCOPES)
				break;
			id = name_license(roots[i].e->path, a);
			if (!id)
				id = roots[i].e->expr;
			put(&o, "license-scope", roots[i].e->path,
			    roots[i].e->line,
			    dpg_arena_printf(a, "files: %s", id),
			    dpg_arena_printf(a,
					     "%s (license text in LICENSES/)",
					     where(a, roots[i].e)),
			    -1);
			accept_expr(&o, id, "files", done, &ndone, 64);
		}
		/* most files tagged with another license than the answer */
		{
			const struct tally *tt = tally_top(tags, ntags);
			size_t all = 0;

			for (i = 0; i < ntags; i++)
				all += tags[i].count;
			if (tt && tt->count >= 3 && 2 * tt->count >= all &&
			    !contains_atoms(&pat, &tt->at) &&
			    !qual_clash(&tt->at, &pat, &(const char *){NULL})) {
				put(&o, "license-conflict", tt->first->path,
				    tt->first->line,
				    dpg_arena_printf(
					    a, "SPDX tags differ: %s vs %s",
					    tt->expr, project),
				    dpg_arena_printf(
					    a,
					    "%zu of %zu SPDX tags say %s "
					    "(e.g. %s); the project "
					    "answer is %s (%s)",
					    tt->count, all, tt->expr,
					    where(a, tt->first), project,
					    basis ? basis
						  : "root license texts"),
				    -1);
				score = score > 0.8 ? 0.8 : score;
			}
		} /* the files' own -only/-or-later against the answer's: the
		   * most files that say it for a GNU license of the answer */
		for (j = 0; j < pat.n; j++) {
			const struct tally *f = NULL;
			int q;

			if (!pat.v[j].gnu || !pat.v[j].qual)
				continue;
			q = tally_qual(tags, ntags, pat.v[j].key, &f);
			if (!q)
				q = tally_qual(srcn, nsrcn, pat.v[j].key, &f);
			if (!q || q == pat.v[j].qual || f->count < 3)
				continue;
			put(&o, "license-conflict", f->first->path,
			    f->first->line,
			    dpg_arena_printf(a,
					     "%s: -only and -or-later disagree",
					     pat.v[j].base),
			    dpg_arena_printf(
				    a,
				    "%zu files say %s%s (e.g. %s); the "
				    "project answer is %s (%s)",
				    f->count, pat.v[j].base, qual_suffix(q),
				    where(a, f->first), project,
				    basis ? basis : "root license texts"),
			    -1);
			score = score > 0.8 ? 0.8 : score;
		}
		/* manifests of sub-packages (monorepos) that differ */
		for (i = 0; i < nsubmans; i++) {
			const struct dpg_licev *e = submans[i];
			struct atoms ea;
			const char *dir;

			atoms_of(&ea, e->expr, 0, a);
			if (!ea.ok || contains_atoms(&pat, &ea) ||
			    !strcmp(e->expr, "NONE"))
				continue;
			if (nscopes++ >= MAX_SCOPES)
				break;
			dir = dpg_arena_strndup(
				a, e->path,
				(size_t)(base_name(e->path) - e->path - 1));
			put(&o, "license-scope", e->path, e->line,
			    dpg_arena_printf(a, "%s: %s", dir, e->expr),
			    dpg_arena_printf(a, "%s (manifest)%s%s",
					     where(a, e),
					     e->excerpt ? ": " : "",
					     e->excerpt ? e->excerpt : ""),
			    -1);
			accept_expr(&o, e->expr, dir, done, &ndone, 64);
		}
		/* file tags and notices that differ: other parts */
		for (i = 0; i < ntags + nsrcn; i++) {
			const struct tally *t =
				i < ntags ? &tags[i] : &srcn[i - ntags];

			if (!t->at.ok || contains_atoms(&pat, &t->at))
				continue;
			if (nscopes++ >= MAX_SCOPES)
				break;
			put(&o, "license-scope", t->first->path, t->first->line,
			    dpg_arena_printf(
				    a, "files: %s (%zu %s)", t->expr, t->count,
				    i < ntags ? "tagged" : "with a notice"),
			    dpg_arena_printf(
				    a, "e.g. %s: %s", where(a, t->first),
				    t->first->excerpt ? t->first->excerpt : ""),
			    -1);
		}
	}

	/* 5. the answer and its acceptance */
	if (project) {
		for (i = 0; i < nmans; i++)
			dpg_buf_printf(&evb, NULL, "%s: %s (manifest); ",
				       where(a, mans[i]), mans[i]->expr);
		for (i = 0; i < nlfnotes && i < 3; i++)
			dpg_buf_printf(&evb, NULL, "%s: %s (notice); ",
				       where(a, lfnotes[i]), lfnotes[i]->expr);
		for (i = 0; i < nstmts && i < 3; i++)
			dpg_buf_printf(&evb, NULL, "%s: %s (statement); ",
				       where(a, stmts[i]), stmts[i]->expr);
		for (i = 0; i < ntags && i < 3; i++)
			dpg_buf_printf(&evb, NULL, "%zu SPDX tag%s %s; ",
				       tags[i].count,
				       tags[i].count > 1 ? "s" : "",
				       tags[i].expr);
		/* the parts with licenses of their own belong to the answer:
		 * "BSD-3-Clause; parts: data: ODbL-1.0" */
		for (i = j = 0; i < o.nscopes; i++)
			if (dpg_starts_with(o.scopes[i], "data: ") ||
			    dpg_starts_with(o.scopes[i], "content: ") ||
			    dpg_starts_with(o.scopes[i], "docs: ") ||
			    dpg_starts_with(o.scopes[i], "fonts: ") ||
			    dpg_starts_with(o.scopes[i], "tools: "))
				dpg_buf_printf(
					&evb, NULL, "%s%s",
					j++ ? ", " : "parts: ", o.scopes[i]);
		if (j)
			dpg_buf_puts(&evb, "; ", NULL);
		if (basis)
			dpg_buf_printf(&evb, NULL, "basis: %s", basis);
		put(&o, "project-license", NULL, 0, project,
		    dpg_arena_strdup(a, evb.ptr), score);
		accept_expr(&o, project, NULL, done, &ndone, 64);
		if (pat.n > 1) {
			struct dpg_spdx_node *r = parse(project, a);
			struct dpg_buf b = DPG_BUF_INIT(1024);
			const char *note;
			int t;

			dpg_buf_puts(&b, project, NULL);
			for (t = 0; t < DPG_TYPE_COUNT; t++)
				dpg_buf_printf(
					&b, NULL, " %s=%s",
					dpg_solution_type_name(t),
					dpg_accept_name(dpg_spdx_acceptance(
						r, t, &note)));
			put(&o, "license-acceptance", NULL, 0,
			    dpg_arena_strdup(a, b.ptr),
			    "the whole expression: OR takes its best part, "
			    "AND its worst",
			    -1);
			dpg_buf_release(&b);
		}
	}
	/* no answer: no project-license finding (the policy then says why) */

	dpg_buf_release(&evb);
	free(roots);
	free(texts);
	free(tags);
	free(srcn);
	free(refs);
	free(ftexts);
	free(mans);
	free(submans);
	free(stmts);
	free(lfnotes);
	free(vseen);
	return o.count;
}
