/*
 * license.c: the license fields of package manifests (the license half of
 * the one manifest reader, manifest.h).
 *
 * JSON manifests come parsed (manifest.c); the others are read line by
 * line with just enough of each format (TOML tables and strings, INI
 * sections with continuation lines, XML elements, Ruby/Elixir/Groovy
 * assignments, R's DCF fields).  A field is read as an SPDX expression
 * first, then as a license name ("Apache License, Version 2.0"), then, for
 * XML manifests, by its URL; what is none of these is reported as
 * "license-manifest-invalid" with the raw text, never guessed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/json.h"
#include "dpg/licdecl.h"
#include "dpg/spdx.h"
#include "dpg/util.h"
#include "manifest_int.h"
#include "dpg/banned.h"

struct mstate {
	const struct dpg_licdecl_ctx *c;
	const char *path;
	const char *label; /* "package.json" ... */
	struct dpg_arena a;
	int count;
};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The kinds whose license fields are read. */
static int has_license_fields(int kind)
{
	switch (kind) {
	case DPG_MANIFEST_NPM:
	case DPG_MANIFEST_COMPOSER:
	case DPG_MANIFEST_PYPROJECT:
	case DPG_MANIFEST_SETUP_CFG:
	case DPG_MANIFEST_SETUP_PY:
	case DPG_MANIFEST_POM:
	case DPG_MANIFEST_GRADLE:
	case DPG_MANIFEST_CARGO:
	case DPG_MANIFEST_GEMSPEC:
	case DPG_MANIFEST_MIX:
	case DPG_MANIFEST_PUBSPEC:
	case DPG_MANIFEST_DESCRIPTION:
	case DPG_MANIFEST_CABAL:
	case DPG_MANIFEST_DOTNET:
	case DPG_MANIFEST_NUSPEC:
	case DPG_MANIFEST_PODSPEC:
	case DPG_MANIFEST_VCPKG:
		return 1;
	default:
		return 0;
	}
}

int dpg_licdecl_is_manifest(const char *path)
{
	return has_license_fields(dpg_manifest_kind(path));
}

/* ------------------------------------------------------------------ */
/* Emitting                                                            */

static void emit(struct mstate *m, const char *kind, unsigned int line,
		 const char *value, const char *excerpt)
{
	struct dpg_finding f;

	if (m->count >= DPG_LICDECL_MAX_PER_FILE)
		return;
	memset(&f, 0, sizeof(f));
	f.analyzer = m->c->analyzer;
	f.kind = kind;
	f.indicator = DPG_IND_LICENSE;
	f.path = m->path;
	f.line = f.line_end = line;
	f.value = value;
	f.excerpt = excerpt;
	f.score = -1;
	m->c->emit(m->c->emit_ctx, &f);
	m->count++;
}

static char *trim(struct mstate *m, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n > 300)
		n = 300;
	return dpg_arena_strndup(&m->a, s, n);
}

/* "GPL-3.0", "LGPL-2.1", "AGPL-3.0": a GNU id with a version and no
 * -only, -or-later or "+". */
static int bare_gnu(const char *s)
{
	static const char *const ids[] = {
		"GPL-1.0",  "GPL-2.0",	"GPL-3.0",  "LGPL-2.0",
		"LGPL-2.1", "LGPL-3.0", "AGPL-1.0", "AGPL-3.0",
		"GFDL-1.1", "GFDL-1.2", "GFDL-1.3",
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(ids); i++)
		if (!strcmp(s, ids[i]))
			return 1;
	return 0;
}

/* SPDX expression, then name; NULL when neither. *note gets a note. */
static const char *resolve(struct mstate *m, const char *raw, const char **note)
{
	struct dpg_spdx_opts o = DPG_SPDX_OPTS_INIT;
	struct dpg_spdx_expr ex;
	struct dpg_error err = DPG_ERROR_INIT;
	const char *id;

	*note = NULL;
	/* a bare GNU id ("GPL-3.0", deprecated): one license whose -only or
	 * -or-later is not stated, kept as written */
	if (bare_gnu(raw)) {
		*note = "-only or -or-later not stated";
		return raw;
	}
	o.license_id = m->c->license_id;
	o.ctx = m->c->id_ctx;
	if (dpg_spdx_parse(&ex, raw, strlen(raw), &o, &m->a, &err) == 0) {
		*note = ex.notes;
		return dpg_spdx_to_string(ex.root, &m->a);
	}
	id = dpg_licdecl_name(raw, strlen(raw), m->c, &m->a);
	if (id) {
		*note = "a license name, not an SPDX id";
		return id;
	}
	*note = dpg_arena_strdup(&m->a, err.msg);
	return NULL;
}

/*
 * Report one license field: field names it ("license", "classifiers"),
 * raw is its text.  url (may be NULL) is tried when the text says
 * nothing.
 */
static void field(struct mstate *m, unsigned int line, const char *fieldname,
		  const char *raw, const char *url)
{
	const char *value = NULL, *note = NULL;

	if (!raw || !*raw) {
		if (!url || !*url)
			return;
		raw = url;
	}
	if (!strcmp(raw, "UNLICENSED") || !strcmp(raw, "UNLICENCED")) {
		emit(m, "license-manifest", line, "NONE",
		     dpg_arena_printf(&m->a,
				      "%s %s: %s (no license is granted)",
				      m->label, fieldname, raw));
		return;
	}
	if (!dpg_strncasecmp(raw, "SEE LICENSE IN ", 15) ||
	    !dpg_strncasecmp(raw, "SEE LICENCE IN ", 15)) {
		emit(m, "license-manifest", line, "NOASSERTION",
		     dpg_arena_printf(&m->a, "%s %s: %s", m->label, fieldname,
				      raw));
		return;
	}
	if (raw != url)
		value = resolve(m, raw, &note);
	if (!value && url && *url) {
		value = dpg_licdecl_url(url, strlen(url), m->c, &m->a);
		if (value)
			note = dpg_arena_printf(&m->a, "from the URL %s", url);
	}
	if (value) {
		emit(m, "license-manifest", line, value,
		     note && raw != url
			     ? dpg_arena_printf(&m->a, "%s %s: %s (%s)",
						m->label, fieldname, raw, note)
			     : dpg_arena_printf(&m->a, "%s %s: %s", m->label,
						fieldname, raw));
		return;
	}
	emit(m, "license-manifest-invalid", line, raw,
	     dpg_arena_printf(&m->a,
			      "%s %s: not an SPDX expression nor a "
			      "license name we know (%s)",
			      m->label, fieldname, note ? note : "unknown"));
}

/* ------------------------------------------------------------------ */
/* Python classifiers                                                  */

static const struct {
	const char *name; /* after "License :: OSI Approved :: " etc. */
	const char *id;
} classifiers[] = {
	{"MIT License", "MIT"},
	{"MIT No Attribution License (MIT-0)", "MIT-0"},
	{"ISC License (ISCL)", "ISC"},
	{"Apache Software License 2.0 (Apache-2.0)", "Apache-2.0"},
	{"BSD Zero-Clause License (0BSD)", "0BSD"},
	{"GNU General Public License v2 (GPLv2)", "GPL-2.0"},
	{"GNU General Public License v2 or later (GPLv2+)", "GPL-2.0-or-later"},
	{"GNU General Public License v3 (GPLv3)", "GPL-3.0"},
	{"GNU General Public License v3 or later (GPLv3+)", "GPL-3.0-or-later"},
	{"GNU Lesser General Public License v2 (LGPLv2)", "LGPL-2.0"},
	{"GNU Lesser General Public License v2 or later (LGPLv2+)",
	 "LGPL-2.0-or-later"},
	{"GNU Lesser General Public License v3 (LGPLv3)", "LGPL-3.0"},
	{"GNU Lesser General Public License v3 or later (LGPLv3+)",
	 "LGPL-3.0-or-later"},
	{"GNU Library or Lesser General Public License (LGPL)", NULL},
	{"GNU Affero General Public License v3", "AGPL-3.0"},
	{"GNU Affero General Public License v3 or later (AGPLv3+)",
	 "AGPL-3.0-or-later"},
	{"Mozilla Public License 1.0 (MPL)", "MPL-1.0"},
	{"Mozilla Public License 1.1 (MPL 1.1)", "MPL-1.1"},
	{"Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"},
	{"Eclipse Public License 1.0 (EPL-1.0)", "EPL-1.0"},
	{"Eclipse Public License 2.0 (EPL-2.0)", "EPL-2.0"},
	{"European Union Public Licence 1.0 (EUPL 1.0)", "EUPL-1.0"},
	{"European Union Public Licence 1.1 (EUPL 1.1)", "EUPL-1.1"},
	{"European Union Public Licence 1.2 (EUPL 1.2)", "EUPL-1.2"},
	{"Boost Software License 1.0 (BSL-1.0)", "BSL-1.0"},
	{"The Unlicense (Unlicense)", "Unlicense"},
	{"zlib/libpng License", "Zlib"},
	{"Python Software Foundation License", "PSF-2.0"},
	{"Universal Permissive License (UPL)", "UPL-1.0"},
	{"Common Development and Distribution License 1.0 (CDDL-1.0)",
	 "CDDL-1.0"},
	{"CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0"},
	{"Artistic License", NULL},
	{"BSD License", NULL},
	{"Apache Software License", NULL},
	{"Academic Free License (AFL)", NULL},
	{"GNU General Public License (GPL)", NULL},
	{"GNU Free Documentation License (FDL)", NULL},
	{"Public Domain", NULL},
	{"Other/Proprietary License", NULL},
};

static void classifier(struct mstate *m, unsigned int line, const char *s)
{
	const char *name;
	size_t i;

	if (strncmp(s, "License ::", 10) != 0)
		return;
	name = strrchr(s, ':');
	name = name ? name + 1 : s;
	while (*name == ' ')
		name++;
	for (i = 0; i < DPG_ARRAY_SIZE(classifiers); i++) {
		if (strcmp(name, classifiers[i].name) != 0)
			continue;
		if (classifiers[i].id)
			emit(m, "license-manifest", line, classifiers[i].id,
			     dpg_arena_printf(&m->a, "%s classifier: %s",
					      m->label, s));
		else
			emit(m, "license-manifest-invalid", line,
			     dpg_arena_strdup(&m->a, s),
			     dpg_arena_printf(&m->a,
					      "%s classifier: %s (names no "
					      "single license version)",
					      m->label, s));
		return;
	}
}

/* ------------------------------------------------------------------ */
/* JSON: package.json, composer.json                                   */

static void json_manifest(struct mstate *m, const struct dpg_json *root,
			  int composer)
{
	const struct dpg_json *v, *it;
	size_t i;

	if (!root || root->type != DPG_JSON_OBJECT)
		return;
	v = dpg_json_get(root, "license");
	if (v && v->type == DPG_JSON_STRING) {
		field(m, v->line, "license", trim(m, v->str, strlen(v->str)),
		      NULL);
	} else if (v && v->type == DPG_JSON_OBJECT) {
		/* old npm: {"type": "MIT", "url": "..."} */
		field(m, v->line, "license.type",
		      dpg_json_get_str(v, "type")
			      ? trim(m, dpg_json_get_str(v, "type"),
				     strlen(dpg_json_get_str(v, "type")))
			      : NULL,
		      dpg_json_get_str(v, "url"));
	} else if (v && v->type == DPG_JSON_ARRAY && v->n) {
		/* composer: an array is a choice (disjunctive) */
		const char *expr = NULL;

		for (i = 0; i < v->n && i < 16; i++) {
			it = &v->items[i];
			if (it->type != DPG_JSON_STRING)
				continue;
			expr = expr ? dpg_arena_printf(&m->a, "%s OR %s", expr,
						       it->str)
				    : it->str;
		}
		if (expr)
			field(m, v->line,
			      composer ? "license (array: a choice)"
				       : "license (array, read as a choice)",
			      expr, NULL);
	}
	v = dpg_json_get(root, "licenses");
	if (v && v->type == DPG_JSON_ARRAY) {
		/* old npm: [{"type": ..., "url": ...}] */
		for (i = 0; i < v->n && i < 16; i++) {
			it = &v->items[i];
			if (it->type == DPG_JSON_OBJECT)
				field(m, it->line, "licenses[].type",
				      dpg_json_get_str(it, "type"),
				      dpg_json_get_str(it, "url"));
			else if (it->type == DPG_JSON_STRING)
				field(m, it->line, "licenses[]", it->str, NULL);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Line readers                                                        */

struct line {
	const char *s;
	size_t n;
	unsigned int no;
};

static int next_line(const char **p, const char *end, struct line *l)
{
	const char *nl;

	if (*p >= end)
		return 0;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	l->s = *p;
	l->n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
	if (l->n && l->s[l->n - 1] == '\r')
		l->n--;
	l->no++;
	*p = nl ? nl + 1 : end;
	return 1;
}

/* The first quoted string at or after s (within n), "..." or '...'. */
static const char *quoted(struct mstate *m, const char *s, size_t n,
			  size_t *after)
{
	size_t i = 0, j;
	char q;

	while (i < n && s[i] != '"' && s[i] != '\'')
		i++;
	if (i >= n)
		return NULL;
	q = s[i];
	for (j = i + 1; j < n && s[j] != q; j++)
		if (s[j] == '\\')
			j++;
	if (j >= n)
		return NULL;
	if (after)
		*after = j + 1;
	return trim(m, s + i + 1, j - i - 1);
}

/* "key" at the start of l (after spaces), then optional spaces and sep:
 * returns the offset after sep, or 0. */
static size_t key_at(const struct line *l, const char *key, int sep)
{
	size_t i = 0, k = strlen(key);

	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	if (l->n - i < k || dpg_strncasecmp(l->s + i, key, k) != 0)
		return 0;
	i += k;
	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	if (i >= l->n || l->s[i] != sep)
		return 0;
	return i + 1;
}

/* TOML: pyproject.toml and Cargo.toml. */
static void toml_manifest(struct mstate *m, const char *text, size_t len,
			  int cargo)
{
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};
	char table[64] = "";
	int in_classifiers = 0;

	while (next_line(&p, end, &l)) {
		size_t o, i = 0;
		const char *v;

		while (i < l.n && (l.s[i] == ' ' || l.s[i] == '\t'))
			i++;
		if (in_classifiers) {
			const char *c = quoted(m, l.s, l.n, NULL);

			if (c)
				classifier(m, l.no, c);
			if (memchr(l.s, ']', l.n) && !c)
				in_classifiers = 0;
			else if (c && memchr(l.s, ']', l.n) &&
				 l.s[l.n - 1] == ']')
				in_classifiers = 0;
			continue;
		}
		if (i < l.n && l.s[i] == '[') {
			size_t e = i + 1, k = 0;

			while (e < l.n && l.s[e] != ']' &&
			       k + 1 < sizeof(table))
				table[k++] = l.s[e++];
			table[k] = '\0';
			continue;
		}
		if (cargo ? (strcmp(table, "package") != 0 &&
			     strcmp(table, "workspace.package") != 0)
			  : (strcmp(table, "project") != 0 &&
			     strcmp(table, "tool.poetry") != 0 &&
			     strcmp(table, "tool.flit.metadata") != 0))
			continue;
		if ((o = key_at(&l, "license", '=')) ||
		    (o = key_at(&l, "license-expression", '=')) ||
		    (o = key_at(&l, "license_expression", '='))) {
			const char *rest = l.s + o;
			size_t rn = l.n - o;

			while (rn && *rest == ' ') {
				rest++;
				rn--;
			}
			if (rn && *rest == '{') {
				/* {text = "..."} or {file = "..."} */
				const char *t = strstr(
					dpg_arena_strndup(&m->a, rest, rn),
					"text");

				if (t) {
					v = quoted(m, t, strlen(t), NULL);
					field(m, l.no, "license.text", v, NULL);
				}
				continue;
			}
			v = quoted(m, rest, rn, NULL);
			if (v && cargo && strchr(v, '/')) {
				/* old Cargo: "MIT/Apache-2.0" means OR */
				char *w = dpg_arena_strdup(&m->a, v), *s;
				const char *e2 = "";

				for (s = w; *s; s++)
					if (*s == '/')
						*s = '\1';
				for (s = w; *s; s++)
					if (*s == '\1') {
						*s = '\0';
						e2 = dpg_arena_printf(
							&m->a, "%s%s OR ", e2,
							w);
						w = s + 1;
					}
				v = dpg_arena_printf(&m->a, "%s%s", e2, w);
				field(m, l.no, "license ('/' read as OR)", v,
				      NULL);
				continue;
			}
			field(m, l.no, "license", v, NULL);
			continue;
		}
		if (!cargo && (o = key_at(&l, "classifiers", '='))) {
			const char *rest = l.s + o;
			size_t rn = l.n - o, a2 = 0;
			const char *c;

			while ((c = quoted(m, rest, rn, &a2)) != NULL) {
				classifier(m, l.no, c);
				rest += a2;
				rn -= a2;
			}
			if (!memchr(l.s + o, ']', l.n - o))
				in_classifiers = 1;
		}
	}
}

/* setup.cfg: [metadata] license / license_expression / classifiers. */
static void cfg_manifest(struct mstate *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};
	int meta = 0, in_classifiers = 0;
	size_t o;

	while (next_line(&p, end, &l)) {
		if (l.n && l.s[0] == '[') {
			meta = l.n >= 10 && !memcmp(l.s, "[metadata]", 10);
			in_classifiers = 0;
			continue;
		}
		if (!meta)
			continue;
		if (in_classifiers && l.n &&
		    (l.s[0] == ' ' || l.s[0] == '\t')) {
			classifier(m, l.no, trim(m, l.s, l.n));
			continue;
		}
		in_classifiers = 0;
		if ((o = key_at(&l, "license", '=')) ||
		    (o = key_at(&l, "license_expression", '=')))
			field(m, l.no, "license", trim(m, l.s + o, l.n - o),
			      NULL);
		else if ((o = key_at(&l, "classifiers", '=')))
			in_classifiers = 1;
	}
}

/* setup.py: license="..." and "License :: ..." strings. */
static void setup_py(struct mstate *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};

	while (next_line(&p, end, &l)) {
		const char *k = NULL, *s;
		size_t i;

		for (i = 0; i + 7 <= l.n; i++)
			if (!memcmp(l.s + i, "license", 7) &&
			    (i == 0 || !isalnum((unsigned char)l.s[i - 1]))) {
				size_t j = i + 7;

				if (j + 11 <= l.n &&
				    !memcmp(l.s + j, "_expression", 11))
					j += 11;
				while (j < l.n && l.s[j] == ' ')
					j++;
				if (j < l.n && l.s[j] == '=' &&
				    (j + 1 >= l.n || l.s[j + 1] != '=')) {
					k = l.s + j + 1;
					break;
				}
			}
		if (k) {
			size_t rn = l.n - (size_t)(k - l.s);

			while (rn && *k == ' ') {
				k++;
				rn--;
			}
			if (rn && (*k == '"' || *k == '\'')) {
				s = quoted(m, k, rn, NULL);
				field(m, l.no, "license", s, NULL);
			}
			continue;
		}
		for (i = 0; i + 11 <= l.n; i++)
			if ((l.s[i] == '"' || l.s[i] == '\'') &&
			    !memcmp(l.s + i + 1, "License ::", 10)) {
				s = quoted(m, l.s + i, l.n - i, NULL);
				if (s)
					classifier(m, l.no, s);
				break;
			}
	}
}

/* The text of <tag>...</tag> on line l (same line), or NULL. */
static const char *xml_elem(struct mstate *m, const struct line *l,
			    const char *tag)
{
	char open[48], close[48];
	const char *a, *b, *s;
	size_t n;

	snprintf(open, sizeof(open), "<%s", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	s = dpg_arena_strndup(&m->a, l->s, l->n);
	a = strstr(s, open);
	if (!a)
		return NULL;
	a += strlen(open);
	if (*a != '>' && *a != ' ')
		return NULL;
	a = strchr(a, '>');
	if (!a)
		return NULL;
	a++;
	b = strstr(a, close);
	if (!b)
		return NULL;
	n = (size_t)(b - a);
	return trim(m, a, n);
}

static void pom_manifest(struct mstate *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};
	int in_licenses = 0, in_license = 0;
	const char *name = NULL, *url = NULL;
	unsigned int at = 0;

	while (next_line(&p, end, &l)) {
		const char *s = dpg_arena_strndup(&m->a, l.s, l.n);

		if (strstr(s, "<licenses>"))
			in_licenses = 1;
		if (!in_licenses)
			continue;
		if (strstr(s, "<license>") || strstr(s, "<license ")) {
			in_license = 1;
			name = url = NULL;
			at = l.no;
		}
		if (in_license) {
			const char *v;

			if ((v = xml_elem(m, &l, "name")))
				name = v;
			if ((v = xml_elem(m, &l, "url")))
				url = v;
			if (strstr(s, "</license>")) {
				field(m, at, "licenses/license/name", name,
				      url);
				in_license = 0;
			}
		}
		if (strstr(s, "</licenses>"))
			in_licenses = 0;
	}
}

static void gradle_manifest(struct mstate *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};
	int in_licenses = 0, depth = 0;
	const char *name = NULL, *url = NULL;
	unsigned int at = 0;

	while (next_line(&p, end, &l)) {
		const char *s = dpg_arena_strndup(&m->a, l.s, l.n), *q;
		size_t i;

		if (!in_licenses && (q = strstr(s, "licenses")) &&
		    strchr(q, '{')) {
			in_licenses = 1;
			depth = 0;
		}
		if (!in_licenses) {
			/* bintray: licenses = ['Apache-2.0'] */
			continue;
		}
		for (q = s; *q; q++) {
			if (*q == '{')
				depth++;
			else if (*q == '}')
				depth--;
		}
		i = 0;
		while (s[i] == ' ' || s[i] == '\t')
			i++;
		if (!strncmp(s + i, "name", 4) &&
		    (s[i + 4] == ' ' || s[i + 4] == '=' || s[i + 4] == '.' ||
		     s[i + 4] == '(')) {
			name = quoted(m, s + i + 4, strlen(s + i + 4), NULL);
			at = l.no;
		} else if (!strncmp(s + i, "url", 3) &&
			   (s[i + 3] == ' ' || s[i + 3] == '=' ||
			    s[i + 3] == '.' || s[i + 3] == '(')) {
			url = quoted(m, s + i + 3, strlen(s + i + 3), NULL);
			if (!at)
				at = l.no;
		}
		if (depth <= 0) {
			if (name || url)
				field(m, at, "licenses name", name, url);
			in_licenses = 0;
			name = url = NULL;
			at = 0;
		}
	}
	if (name || url)
		field(m, at, "licenses name", name, url);
}

/* gemspec: .license = '...' / .licenses = ['...', ...]; mix.exs:
 * licenses: ["..."]; pubspec.yaml / *.cabal / DESCRIPTION-like keys. */
static void list_field(struct mstate *m, const struct line *l, size_t o,
		       const char *fieldname)
{
	const char *rest = l->s + o, *v, *expr = NULL;
	size_t rn = l->n - o, a2 = 0;
	int k = 0;

	while (k < 16 && (v = quoted(m, rest, rn, &a2)) != NULL) {
		expr = expr ? dpg_arena_printf(&m->a, "%s OR %s", expr, v) : v;
		rest += a2;
		rn -= a2;
		k++;
	}
	if (expr)
		field(m, l->no,
		      k > 1 ? dpg_arena_printf(&m->a,
					       "%s (a list, read as "
					       "a choice)",
					       fieldname)
			    : fieldname,
		      expr, NULL);
}

static void gemspec(struct mstate *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};

	while (next_line(&p, end, &l)) {
		const char *s = dpg_arena_strndup(&m->a, l.s, l.n), *q;

		if ((q = strstr(s, ".licenses")) && strchr(q, '='))
			list_field(m, &l, (size_t)(strchr(q, '=') - s) + 1,
				   "licenses");
		else if ((q = strstr(s, ".license")) && strchr(q, '=') &&
			 q[8] != '_')
			list_field(m, &l, (size_t)(strchr(q, '=') - s) + 1,
				   "license");
	}
}

static void mix_exs(struct mstate *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};
	size_t o;

	while (next_line(&p, end, &l)) {
		const char *s = dpg_arena_strndup(&m->a, l.s, l.n), *q;

		/* licenses: [...], anywhere on its line (package: [...]) */
		if ((o = key_at(&l, "licenses", ':')))
			list_field(m, &l, o, "licenses");
		else if ((q = strstr(s, "licenses:")) &&
			 (q == s ||
			  (!isalnum((unsigned char)q[-1]) && q[-1] != '_')))
			list_field(m, &l, (size_t)(q - s) + 9, "licenses");
	}
}

static void yaml_like(struct mstate *m, const char *text, size_t len,
		      int top_only)
{
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};
	size_t o;

	while (next_line(&p, end, &l)) {
		if (top_only && l.n && (l.s[0] == ' ' || l.s[0] == '\t'))
			continue;
		if ((o = key_at(&l, "license", ':'))) {
			const char *v = trim(m, l.s + o, l.n - o);

			if (*v == '"' || *v == '\'')
				v = quoted(m, v, strlen(v), NULL);
			field(m, l.no, "license", v, NULL);
		}
	}
}

/* ------------------------------------------------------------------ */
/* R DESCRIPTION                                                       */

static const char *r_gnu(struct mstate *m, const char *s)
{
	const char *fam;
	size_t fl;
	char ver[8] = "";
	int ge = 0;

	if (!strncmp(s, "AGPL", 4))
		fam = "AGPL";
	else if (!strncmp(s, "LGPL", 4))
		fam = "LGPL";
	else if (!strncmp(s, "GPL", 3))
		fam = "GPL";
	else
		return NULL;
	fl = strlen(fam);
	s += fl;
	if (*s == '-') {
		size_t k = 0;

		s++;
		while ((isdigit((unsigned char)*s) || *s == '.') && k < 5)
			ver[k++] = *s++;
		ver[k] = '\0';
	} else {
		while (*s == ' ')
			s++;
		if (!strncmp(s, "(>=", 3)) {
			size_t k = 0;

			s += 3;
			while (*s == ' ')
				s++;
			while ((isdigit((unsigned char)*s) || *s == '.') &&
			       k < 5)
				ver[k++] = *s++;
			ver[k] = '\0';
			while (*s == ' ')
				s++;
			if (*s != ')')
				return NULL;
			s++;
			ge = 1;
		} else if (*s == '\0' && !strcmp(fam, "GPL")) {
			return "GPL-2.0-only OR GPL-3.0-only";
		}
	}
	while (*s == ' ')
		s++;
	if (*s || !*ver)
		return NULL;
	if (!strchr(ver, '.'))
		return dpg_arena_printf(&m->a, "%s-%s.0%s", fam, ver,
					ge ? "-or-later" : "-only");
	return dpg_arena_printf(&m->a, "%s-%s%s", fam, ver,
				ge ? "-or-later" : "-only");
}

static void description(struct mstate *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};
	size_t o;

	while (next_line(&p, end, &l)) {
		const char *raw, *alt, *out = NULL;
		char *w, *s, *save;
		int bad = 0, file_note = 0, file_alt = 0;
		unsigned int at = l.no;

		if (!(o = key_at(&l, "License", ':')) || l.s[0] == ' ')
			continue;
		raw = trim(m, l.s + o, l.n - o);
		/* continuation lines */
		while (p < end && (*p == ' ' || *p == '\t')) {
			struct line c = l;

			next_line(&p, end, &c);
			l.no = c.no;
			raw = dpg_arena_printf(&m->a, "%s %s", raw,
					       trim(m, c.s, c.n));
		}
		w = dpg_arena_strdup(&m->a, raw);
		for (s = w; s; s = save) {
			const char *id, *note;
			char *e;

			save = strchr(s, '|');
			if (save)
				*save++ = '\0';
			while (*s == ' ')
				s++;
			e = strstr(s, "+ file LICEN");
			if (!e)
				e = strstr(s, "+ file COPYING");
			if (e) {
				file_note = 1;
				*e = '\0';
			}
			e = s + strlen(s);
			while (e > s && e[-1] == ' ')
				*--e = '\0';
			alt = s;
			if (!strncmp(alt, "file ", 5)) {
				/* "GPL-3 | file LICENSE": the other terms are
				 * the file's; the named alternative stands */
				file_alt = 1;
				continue;
			}
			id = r_gnu(m, alt);
			if (!id && (!strcmp(alt, "BSD_2_clause") ||
				    !strcmp(alt, "BSD_3_clause")))
				id = alt[4] == '2' ? "BSD-2-Clause"
						   : "BSD-3-Clause";
			if (!id && !strcmp(alt, "CC0"))
				id = "CC0-1.0";
			if (!id && !strncmp(alt, "Apache License", 14) &&
			    (strstr(alt, "2.0") || strstr(alt, "(== 2)") ||
			     strstr(alt, "(>= 2)")))
				id = "Apache-2.0";
			if (!id)
				id = resolve(m, alt, &note);
			if (!id) {
				bad = 1;
				break;
			}
			out = out ? dpg_arena_printf(&m->a, "%s OR %s", out, id)
				  : id;
		}
		if (bad || !out)
			emit(m, "license-manifest-invalid", at, raw,
			     dpg_arena_printf(&m->a,
					      "DESCRIPTION License: %s (not a "
					      "license R or SPDX names)",
					      raw));
		else
			emit(m, "license-manifest", at, out,
			     dpg_arena_printf(
				     &m->a, "DESCRIPTION License: %s%s%s", raw,
				     file_note ? " (the file adds the "
						 "copyright holder)"
					       : "",
				     file_alt ? " (or the terms in the file: "
						"not read)"
					      : ""));
	}
}

/* ------------------------------------------------------------------ */
/* .NET                                                                */

static void dotnet(struct mstate *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};

	while (next_line(&p, end, &l)) {
		const char *v;

		if ((v = xml_elem(m, &l, "PackageLicenseExpression")))
			field(m, l.no, "PackageLicenseExpression", v, NULL);
		else if ((v = xml_elem(m, &l, "PackageLicenseUrl")))
			field(m, l.no, "PackageLicenseUrl", NULL, v);
		else if ((v = xml_elem(m, &l, "licenseUrl")))
			field(m, l.no, "licenseUrl", NULL, v);
		else if ((v = xml_elem(m, &l, "license"))) {
			const char *s = dpg_arena_strndup(&m->a, l.s, l.n);

			if (strstr(s, "type=\"expression\""))
				field(m, l.no, "license", v, NULL);
		}
	}
}

/* ------------------------------------------------------------------ */

/* cabal: old names (BSD3, GPL-3...) mean what Cabal documents. */
static void cabal(struct mstate *m, const char *text, size_t len)
{
	static const struct {
		const char *name, *id;
	} old[] = {
		{"BSD2", "BSD-2-Clause"},    {"BSD3", "BSD-3-Clause"},
		{"BSD4", "BSD-4-Clause"},    {"GPL-2", "GPL-2.0-only"},
		{"GPL-3", "GPL-3.0-only"},   {"LGPL-2.1", "LGPL-2.1-only"},
		{"LGPL-3", "LGPL-3.0-only"}, {"AGPL-3", "AGPL-3.0-only"},
		{"Apache-2", "Apache-2.0"},  {"MPL-2.0", "MPL-2.0"},
		{"PublicDomain", NULL},	     {"AllRightsReserved", NULL},
		{"OtherLicense", NULL},
	};
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};
	size_t o, i;

	while (next_line(&p, end, &l)) {
		const char *v;
		int done = 0;

		if (!l.n || l.s[0] == ' ' || !(o = key_at(&l, "license", ':')))
			continue;
		v = trim(m, l.s + o, l.n - o);
		for (i = 0; i < DPG_ARRAY_SIZE(old); i++)
			if (!strcmp(v, old[i].name)) {
				if (old[i].id)
					emit(m, "license-manifest", l.no,
					     old[i].id,
					     dpg_arena_printf(&m->a,
							      "%s license: %s",
							      m->label, v));
				else
					emit(m, "license-manifest-invalid",
					     l.no, v,
					     dpg_arena_printf(
						     &m->a,
						     "%s license: %s (no "
						     "open license named)",
						     m->label, v));
				done = 1;
				break;
			}
		if (!done)
			field(m, l.no, "license", v, NULL);
	}
}

struct counting {
	const struct dpg_licdecl_ctx *c;
	int n;
};

/* Passes a finding on and counts it (dpg_licdecl_manifest's result). */
static void count_emit(void *ctx, const struct dpg_finding *f)
{
	struct counting *k = ctx;

	k->c->emit(k->c->emit_ctx, f);
	k->n++;
}

/* podspec: s.license = 'MIT' or { :type => 'MIT', :file => 'LICENSE' } */
static void podspec(struct mstate *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct line l = {NULL, 0, 0};

	while (next_line(&p, end, &l)) {
		const char *s = dpg_arena_strndup(&m->a, l.s, l.n), *q, *t;

		if (!(q = strstr(s, ".license")) || q[8] == 's' ||
		    !strchr(q, '='))
			continue;
		q = strchr(q, '=') + 1;
		if ((t = strstr(q, ":type")) || (t = strstr(q, "type:")))
			list_field(m, &l, (size_t)(t - s) + 5, "license :type");
		else
			list_field(m, &l, (size_t)(q - s), "license");
		return;
	}
}

void dpg_mf_licenses(int kind, const char *path, const char *text, size_t len,
		     const struct dpg_json *root,
		     const struct dpg_licdecl_ctx *c)
{
	struct mstate m;

	if (!has_license_fields(kind))
		return;
	memset(&m, 0, sizeof(m));
	m.c = c;
	m.path = path;
	m.label = base_name(path);
	switch (kind) {
	case DPG_MANIFEST_NPM:
	case DPG_MANIFEST_VCPKG: /* "license": an SPDX expression */
		json_manifest(&m, root, 0);
		break;
	case DPG_MANIFEST_COMPOSER:
		json_manifest(&m, root, 1);
		break;
	case DPG_MANIFEST_PYPROJECT:
		toml_manifest(&m, text, len, 0);
		break;
	case DPG_MANIFEST_CARGO:
		toml_manifest(&m, text, len, 1);
		break;
	case DPG_MANIFEST_SETUP_CFG:
		cfg_manifest(&m, text, len);
		break;
	case DPG_MANIFEST_SETUP_PY:
		setup_py(&m, text, len);
		break;
	case DPG_MANIFEST_POM:
		pom_manifest(&m, text, len);
		break;
	case DPG_MANIFEST_GRADLE:
		gradle_manifest(&m, text, len);
		break;
	case DPG_MANIFEST_GEMSPEC:
		gemspec(&m, text, len);
		break;
	case DPG_MANIFEST_MIX:
		mix_exs(&m, text, len);
		break;
	case DPG_MANIFEST_PUBSPEC:
		yaml_like(&m, text, len, 1);
		break;
	case DPG_MANIFEST_DESCRIPTION:
		description(&m, text, len);
		break;
	case DPG_MANIFEST_CABAL:
		cabal(&m, text, len);
		break;
	case DPG_MANIFEST_PODSPEC:
		podspec(&m, text, len);
		break;
	default:
		dotnet(&m, text, len);
		break;
	}
	dpg_arena_release(&m.a);
}

int dpg_licdecl_manifest(const struct dpg_licdecl_ctx *c, const char *path,
			 const char *text, size_t len)
{
	struct dpg_manifest_sink s = {c, NULL, NULL, NULL};
	struct counting k = {c, 0};
	struct dpg_licdecl_ctx cc = *c;

	/* count what is emitted, for the caller */
	cc.emit = count_emit;
	cc.emit_ctx = &k;
	s.lic = &cc;
	dpg_manifest_read(path, text, len, &s);
	return k.n;
}
