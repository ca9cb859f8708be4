/*
 * deps.c: the dependencies a manifest declares (the dependency half of the
 * one manifest reader, manifest.h), line by line or from the parsed JSON.
 * Each goes to the sink as ecosystem, name, version, development or not
 * (development, test or optional dependencies), with its line.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/json.h"
#include "dpg/util.h"
#include "manifest_int.h"
#include "dpg/banned.h"

struct ctx {
	const struct dpg_manifest_sink *s;
	const char *path;
	int dev_file; /* every dependency here is for development */
};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void trim_span(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s &&
	       ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

static void add_dep(struct ctx *c, unsigned int line, const char *eco,
		    const char *name, size_t nlen, const char *ver, size_t vlen,
		    int dev, const char *ls, const char *le)
{
	char pyname[208];
	const char *vs = ver, *ve = ver ? ver + vlen : NULL;

	if (!nlen || nlen > 200)
		return;
	if (ver) {
		trim_span(&vs, &ve);
		if (ve <= vs)
			vs = NULL;
	}
	if (strcmp(eco, "pypi") == 0) {
		/* PEP 503: lowercase, runs of "-_." as one "-" */
		size_t i, o = 0;

		for (i = 0; i < nlen && o + 1 < sizeof(pyname); i++) {
			char ch = name[i];

			if (ch == '-' || ch == '_' || ch == '.') {
				if (o && pyname[o - 1] == '-')
					continue;
				ch = '-';
			} else if (ch >= 'A' && ch <= 'Z') {
				ch = (char)(ch + 32);
			}
			pyname[o++] = ch;
		}
		name = pyname;
		nlen = o;
	}
	c->s->dep(c->s->ctx, line, eco, name, nlen, vs,
		  vs ? (size_t)(ve - vs) : 0, dev || c->dev_file, ls, le);
}

/* ---- a line iterator ---- */

struct lines {
	const char *p, *end;
	const char *ls, *le; /* current line, without the newline */
	unsigned int no;
};

static int next_line(struct lines *it)
{
	const char *nl;

	if (it->p >= it->end)
		return 0;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	it->ls = it->p;
	it->le = nl ? nl : it->end;
	if (it->le > it->ls && it->le[-1] == '\r')
		it->le--;
	it->p = nl ? nl + 1 : it->end;
	it->no++;
	return 1;
}

static void lines_init(struct lines *it, const char *data, size_t len)
{
	it->p = data;
	it->end = data + len;
	it->no = 0;
}

/* The text of line no (1-based) of data. */
static void line_span(const char *data, size_t len, unsigned int no,
		      const char **ls, const char **le)
{
	struct lines it;

	lines_init(&it, data, len);
	*ls = *le = NULL;
	while (next_line(&it))
		if (it.no == no) {
			*ls = it.ls;
			*le = it.le;
			return;
		}
}

static const char *skip_ws(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static int is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
}

/* ---- JSON manifests ---- */

static void json_section(struct ctx *c, const struct dpg_json *root,
			 const char *key, const char *eco, int dev,
			 const char *data, size_t len)
{
	const struct dpg_json *sec = dpg_json_get(root, key);
	size_t i;

	if (!sec || sec->type != DPG_JSON_OBJECT)
		return;
	for (i = 0; i < sec->n; i++) {
		const char *name = sec->keys[i], *ls, *le;
		const struct dpg_json *v = &sec->items[i];

		if (strcmp(eco, "composer") == 0 &&
		    (strcmp(name, "php") == 0 ||
		     dpg_starts_with(name, "ext-") ||
		     dpg_starts_with(name, "lib-")))
			continue;
		line_span(data, len, v->line, &ls, &le);
		add_dep(c, v->line, eco, name, strlen(name),
			v->type == DPG_JSON_STRING ? v->str : NULL,
			v->type == DPG_JSON_STRING ? v->len : 0, dev, ls, le);
	}
}

/* vcpkg.json's "dependencies": names, or objects with "name" and
 * "version>="; "host": true (a build tool) is dev. */
static void vcpkg_deps(struct ctx *c, const struct dpg_json *root,
		       const char *data, size_t len)
{
	const struct dpg_json *deps = dpg_json_get(root, "dependencies");
	size_t i;

	if (!deps || deps->type != DPG_JSON_ARRAY)
		return;
	for (i = 0; i < deps->n; i++) {
		const struct dpg_json *d = &deps->items[i], *host;
		const char *name = NULL, *ver = NULL, *ls, *le;

		if (d->type == DPG_JSON_STRING) {
			name = d->str;
		} else if (d->type == DPG_JSON_OBJECT) {
			name = dpg_json_get_str(d, "name");
			ver = dpg_json_get_str(d, "version>=");
		}
		if (!name)
			continue;
		host = d->type == DPG_JSON_OBJECT ? dpg_json_get(d, "host")
						  : NULL;
		line_span(data, len, d->line, &ls, &le);
		add_dep(c, d->line, "vcpkg", name, strlen(name), ver,
			ver ? strlen(ver) : 0,
			host && host->type == DPG_JSON_BOOL && host->boolean,
			ls, le);
	}
}

static void parse_json_manifest(struct ctx *c, int kind,
				const struct dpg_json *root, const char *data,
				size_t len)
{
	if (!root || root->type != DPG_JSON_OBJECT)
		return;
	if (kind == DPG_MANIFEST_NPM) {
		json_section(c, root, "dependencies", "npm", 0, data, len);
		json_section(c, root, "peerDependencies", "npm", 0, data, len);
		json_section(c, root, "optionalDependencies", "npm", 1, data,
			     len);
		json_section(c, root, "devDependencies", "npm", 1, data, len);
	} else if (kind == DPG_MANIFEST_VCPKG) {
		vcpkg_deps(c, root, data, len);
	} else {
		json_section(c, root, "require", "composer", 0, data, len);
		json_section(c, root, "require-dev", "composer", 1, data, len);
	}
}

/* ---- Python ---- */

/* One PEP 508 requirement "name[extra] >=1.0 ; marker" in [s, e). */
static void pep508(struct ctx *c, unsigned int line, const char *s,
		   const char *e, int dev, const char *ls, const char *le)
{
	const char *n, *v, *semi;

	s = skip_ws(s, e);
	n = s;
	while (s < e && is_name_char(*s))
		s++;
	if (s == n)
		return;
	v = s;
	if (v < e && *v == '[') {
		const char *close = memchr(v, ']', (size_t)(e - v));

		v = close ? close + 1 : e;
	}
	semi = memchr(v, ';', (size_t)(e - v));
	if (semi)
		e = semi;
	v = skip_ws(v, e);
	if (v < e && *v == '@')
		v = e; /* a direct URL: no version */
	add_dep(c, line, "pypi", n, (size_t)(s - n), v < e ? v : NULL,
		(size_t)(e - v), dev, ls, le);
}

static void parse_requirements(struct ctx *c, const char *data, size_t len)
{
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *e = it.le, *h;

		for (h = s; h < e; h++)
			if (*h == '#' &&
			    (h == s || h[-1] == ' ' || h[-1] == '\t'))
				break;
		e = h;
		if (s >= e || *s == '-' || *s == '.' || *s == '/' ||
		    memchr(s, ':', (size_t)(e - s)))
			continue;
		pep508(c, it.no, s, e, 0, it.ls, it.le);
	}
}

/* A TOML "key = value" line: the key and, for a string or an inline
 * table with version = "...", the version. */
static int toml_kv(const char *s, const char *e, const char **k, size_t *klen,
		   const char **v, size_t *vlen)
{
	const char *eq, *q;

	s = skip_ws(s, e);
	if (s >= e || *s == '#' || *s == '[')
		return 0;
	eq = memchr(s, '=', (size_t)(e - s));
	if (!eq)
		return 0;
	*k = s;
	q = eq;
	while (q > s && (q[-1] == ' ' || q[-1] == '\t'))
		q--;
	if (q > s && (*s == '"' || *s == '\'') && q[-1] == *s) {
		s++;
		q--;
	}
	*k = s;
	*klen = (size_t)(q - s);
	*v = NULL;
	*vlen = 0;
	s = skip_ws(eq + 1, e);
	if (s < e && (*s == '"' || *s == '\'')) {
		const char *close = memchr(s + 1, *s, (size_t)(e - s - 1));

		if (close) {
			*v = s + 1;
			*vlen = (size_t)(close - s - 1);
		}
	} else if (s < e && *s == '{') {
		const char *ver = NULL, *p;

		for (p = s; p + 7 < e; p++)
			if (memcmp(p, "version", 7) == 0) {
				ver = p + 7;
				break;
			}
		if (ver) {
			ver = skip_ws(ver, e);
			if (ver < e && *ver == '=') {
				ver = skip_ws(ver + 1, e);
				if (ver < e && (*ver == '"' || *ver == '\'')) {
					const char *close =
						memchr(ver + 1, *ver,
						       (size_t)(e - ver - 1));

					if (close) {
						*v = ver + 1;
						*vlen = (size_t)(close - ver -
								 1);
					}
				}
			}
		}
	}
	return *klen > 0;
}

static int header_is(const char *s, const char *e, const char *name)
{
	size_t n = strlen(name);

	s = skip_ws(s, e);
	return (size_t)(e - s) >= n + 2 && s[0] == '[' &&
	       memcmp(s + 1, name, n) == 0 && s[n + 1] == ']';
}

/* Quoted strings of a TOML array, possibly over several lines. */
static void toml_array_items(struct ctx *c, struct lines *it, const char *s,
			     int dev)
{
	int done = 0;

	for (;;) {
		const char *e = it->le, *p = s;

		while (p < e) {
			if (*p == '#')
				break;
			if (*p == ']') {
				done = 1;
				break;
			}
			if (*p == '"' || *p == '\'') {
				const char *close =
					memchr(p + 1, *p, (size_t)(e - p - 1));

				if (!close)
					break;
				pep508(c, it->no, p + 1, close, dev, it->ls,
				       it->le);
				p = close + 1;
				continue;
			}
			p++;
		}
		if (done || !next_line(it))
			return;
		s = it->ls;
	}
}

static void parse_pyproject(struct ctx *c, const char *data, size_t len,
			    int pipfile)
{
	struct lines it;
	enum {
		NONE,
		PROJECT,
		OPTIONAL,
		POETRY,
		POETRY_DEV,
		PIP,
		PIP_DEV
	} sec = NONE;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *k, *v;
		size_t kl, vl;

		if (s < it.le && *s == '[') {
			sec = NONE;
			if (pipfile) {
				if (header_is(s, it.le, "packages"))
					sec = PIP;
				else if (header_is(s, it.le, "dev-packages"))
					sec = PIP_DEV;
			} else if (header_is(s, it.le, "project")) {
				sec = PROJECT;
			} else if (header_is(s, it.le,
					     "project.optional-dependencies")) {
				sec = OPTIONAL;
			} else if (header_is(s, it.le,
					     "tool.poetry.dependencies")) {
				sec = POETRY;
			} else if (header_is(s, it.le,
					     "tool.poetry.dev-dependencies") ||
				   (dpg_starts_with(s, "[tool.poetry.group.") &&
				    memmem(s, (size_t)(it.le - s),
					   ".dependencies]", 14))) {
				sec = POETRY_DEV;
			}
			continue;
		}
		if (sec == NONE)
			continue;
		if (sec == PROJECT || sec == OPTIONAL) {
			const char *eq = memchr(s, '=', (size_t)(it.le - s));
			const char *br;

			if (!eq)
				continue;
			if (sec == PROJECT &&
			    !(dpg_starts_with(s, "dependencies") &&
			      skip_ws(s + 12, it.le) == eq))
				continue;
			br = memchr(eq, '[', (size_t)(it.le - eq));
			if (br)
				toml_array_items(c, &it, br + 1,
						 sec == OPTIONAL);
			continue;
		}
		if (!toml_kv(s, it.le, &k, &kl, &v, &vl))
			continue;
		if (kl == 6 && memcmp(k, "python", 6) == 0)
			continue;
		add_dep(c, it.no, "pypi", k, kl, v, vl,
			sec == POETRY_DEV || sec == PIP_DEV, it.ls, it.le);
	}
}

/* setup.cfg: install_requires (runtime) and [options.extras_require]
 * (optional: dev), one requirement per indented line. */
static void parse_setup_cfg(struct ctx *c, const char *data, size_t len)
{
	struct lines it;
	int in_options = 0, in_extras = 0, in_list = 0;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le);
		int indented = s > it.ls;

		if (s >= it.le || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			in_options = header_is(s, it.le, "options");
			in_extras =
				header_is(s, it.le, "options.extras_require");
			in_list = 0;
			continue;
		}
		if (!indented) {
			const char *eq = memchr(s, '=', (size_t)(it.le - s));

			in_list = 0;
			if (!eq)
				continue;
			if (in_options && (size_t)(eq - s) >= 16 &&
			    memcmp(s, "install_requires", 16) == 0)
				in_list = 1;
			else if (in_extras)
				in_list = 2;
			s = skip_ws(eq + 1, it.le);
			if (!in_list || s >= it.le)
				continue;
		}
		if (in_list)
			pep508(c, it.no, s, it.le, in_list == 2, it.ls, it.le);
	}
}

/* setup.py: the quoted strings of install_requires=[...]. */
static void parse_setup_py(struct ctx *c, const char *data, size_t len)
{
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *k = memmem(it.ls, (size_t)(it.le - it.ls),
				       "install_requires", 16);
		const char *br;

		if (!k)
			continue;
		br = memchr(k, '[', (size_t)(it.le - k));
		if (br)
			toml_array_items(c, &it, br + 1, 0);
	}
}

/* ---- Rust ---- */

static void parse_cargo(struct ctx *c, const char *data, size_t len)
{
	struct lines it;
	int in = 0, dev = 0;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *k, *v;
		size_t kl, vl, n = (size_t)(it.le - s);

		if (s < it.le && *s == '[') {
			const char *close = memchr(s, ']', n);
			size_t hl = close ? (size_t)(close - s - 1) : 0;
			const char *h = s + 1, *dot;

			in = 0;
			if (!close)
				continue;
			/* [dependencies], [dev-dependencies],
			 * [target.'cfg'.dependencies], [dependencies.foo] */
			dot = NULL;
			if (hl >= 12 &&
			    memcmp(h + hl - 12, "dependencies", 12) == 0) {
				in = 1;
				dev = memmem(h, hl, "dev-", 4) ||
				      memmem(h, hl, "build-", 6);
			} else if ((dot = memmem(h, hl, "dependencies.", 13)) !=
				   NULL) {
				const char *name = dot + 13;

				dev = memmem(h, hl, "dev-", 4) != NULL ||
				      memmem(h, hl, "build-", 6) != NULL;
				add_dep(c, it.no, "cargo", name,
					(size_t)(close - name), NULL, 0, dev,
					it.ls, it.le);
			}
			continue;
		}
		if (!in || !toml_kv(s, it.le, &k, &kl, &v, &vl))
			continue;
		add_dep(c, it.no, "cargo", k, kl, v, vl, dev, it.ls, it.le);
	}
}

/* ---- Go ---- */

static void parse_gomod(struct ctx *c, const char *data, size_t len)
{
	struct lines it;
	int block = 0;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *e = it.le, *n, *ne;

		if (block && s < e && *s == ')') {
			block = 0;
			continue;
		}
		if (!block) {
			if (!dpg_starts_with(s, "require"))
				continue;
			s = skip_ws(s + 7, e);
			if (s < e && *s == '(') {
				block = 1;
				continue;
			}
		}
		if (s >= e || (e - s >= 2 && s[0] == '/' && s[1] == '/'))
			continue;
		n = s;
		while (s < e && *s != ' ' && *s != '\t')
			s++;
		ne = s;
		s = skip_ws(s, e);
		{
			const char *ve = s;

			while (ve < e && *ve != ' ' && *ve != '\t')
				ve++;
			add_dep(c, it.no, "go", n, (size_t)(ne - n),
				s < ve ? s : NULL, (size_t)(ve - s), 0, it.ls,
				it.le);
		}
	}
}

/* ---- Java ---- */

/* The text of <tag>text</tag> on this line, if any. */
static int xml_tag(const char *s, const char *e, const char *tag,
		   const char **v, size_t *vl)
{
	char open[40], close[40];
	const char *a, *b;
	size_t ol, cl;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	ol = strlen(open);
	cl = strlen(close);
	a = memmem(s, (size_t)(e - s), open, ol);
	if (!a)
		return 0;
	a += ol;
	b = memmem(a, (size_t)(e - a), close, cl);
	if (!b)
		return 0;
	*v = a;
	*vl = (size_t)(b - a);
	return 1;
}

static void parse_pom(struct ctx *c, const char *data, size_t len)
{
	struct lines it;
	int in = 0, plugin = 0;
	char group[128], artifact[128], version[96], scope[32];
	unsigned int aline = 0;
	const char *als = NULL, *ale = NULL;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *v;
		size_t vl;

		if (memmem(it.ls, (size_t)(it.le - it.ls), "<plugin>", 8))
			plugin++;
		if (memmem(it.ls, (size_t)(it.le - it.ls), "</plugin>", 9) &&
		    plugin)
			plugin--;
		if (memmem(it.ls, (size_t)(it.le - it.ls), "<dependency>",
			   12)) {
			in = 1;
			group[0] = artifact[0] = version[0] = scope[0] = '\0';
			aline = 0;
		}
		if (in) {
			if (xml_tag(it.ls, it.le, "groupId", &v, &vl))
				snprintf(group, sizeof(group), "%.*s", (int)vl,
					 v);
			if (xml_tag(it.ls, it.le, "artifactId", &v, &vl)) {
				snprintf(artifact, sizeof(artifact), "%.*s",
					 (int)vl, v);
				aline = it.no;
				als = it.ls;
				ale = it.le;
			}
			if (xml_tag(it.ls, it.le, "version", &v, &vl))
				snprintf(version, sizeof(version), "%.*s",
					 (int)vl, v);
			if (xml_tag(it.ls, it.le, "scope", &v, &vl))
				snprintf(scope, sizeof(scope), "%.*s", (int)vl,
					 v);
		}
		if (in && memmem(it.ls, (size_t)(it.le - it.ls),
				 "</dependency>", 13)) {
			char name[260];

			in = 0;
			if (!artifact[0] || plugin)
				continue;
			snprintf(name, sizeof(name), "%s:%s", group, artifact);
			add_dep(c, aline, "maven", name, strlen(name),
				version[0] ? version : NULL, strlen(version),
				strcmp(scope, "test") == 0, als, ale);
		}
	}
}

static void parse_gradle(struct ctx *c, const char *data, size_t len)
{
	static const char *const confs[] = {
		"implementation",
		"api",
		"compile",
		"runtimeOnly",
		"runtime",
		"compileOnly",
		"kapt",
		"annotationProcessor",
		"ksp",
	};
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *e = it.le, *q, *close;
		const char *c1, *c2;
		size_t i, n = 0;
		int dev = 0;

		if (dpg_starts_with(s, "test") ||
		    dpg_starts_with(s, "androidTest") ||
		    dpg_starts_with(s, "debug")) {
			dev = 1;
		} else {
			for (i = 0; i < DPG_ARRAY_SIZE(confs); i++) {
				n = strlen(confs[i]);
				if ((size_t)(e - s) > n &&
				    memcmp(s, confs[i], n) == 0 &&
				    !is_name_char(s[n]))
					break;
			}
			if (i == DPG_ARRAY_SIZE(confs))
				continue;
		}
		q = s;
		while (q < e && *q != '"' && *q != '\'')
			q++;
		if (q >= e)
			continue;
		close = memchr(q + 1, *q, (size_t)(e - q - 1));
		if (!close)
			continue;
		q++;
		c1 = memchr(q, ':', (size_t)(close - q));
		if (!c1)
			continue;
		c2 = memchr(c1 + 1, ':', (size_t)(close - c1 - 1));
		add_dep(c, it.no, "maven", q, (size_t)((c2 ? c2 : close) - q),
			c2 ? c2 + 1 : NULL, c2 ? (size_t)(close - c2 - 1) : 0,
			dev, it.ls, it.le);
	}
}

/* ---- .NET ---- */

/* The value of attribute name="..." on this line. */
static int xml_attr(const char *s, const char *e, const char *name,
		    const char **v, size_t *vl)
{
	size_t n = strlen(name);
	const char *p = s;

	while ((p = memmem(p, (size_t)(e - p), name, n)) != NULL) {
		const char *q = p + n;

		if ((p == s || p[-1] == ' ' || p[-1] == '\t') && q + 1 < e &&
		    q[0] == '=' && (q[1] == '"' || q[1] == '\'')) {
			const char *close =
				memchr(q + 2, q[1], (size_t)(e - q - 2));

			if (!close)
				return 0;
			*v = q + 2;
			*vl = (size_t)(close - q - 2);
			return 1;
		}
		p = q;
	}
	return 0;
}

static void parse_nuget(struct ctx *c, const char *data, size_t len)
{
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *n, *v = NULL;
		size_t nl, vl = 0;
		int ref = memmem(it.ls, (size_t)(it.le - it.ls),
				 "<PackageReference", 17) != NULL ||
			  memmem(it.ls, (size_t)(it.le - it.ls),
				 "<PackageVersion", 15) != NULL;
		int cfg = memmem(it.ls, (size_t)(it.le - it.ls), "<package ",
				 9) != NULL;

		if (ref && xml_attr(it.ls, it.le, "Include", &n, &nl)) {
			(void)xml_attr(it.ls, it.le, "Version", &v, &vl);
			add_dep(c, it.no, "nuget", n, nl, v, vl, 0, it.ls,
				it.le);
		} else if (cfg && xml_attr(it.ls, it.le, "id", &n, &nl)) {
			(void)xml_attr(it.ls, it.le, "version", &v, &vl);
			add_dep(c, it.no, "nuget", n, nl, v, vl, 0, it.ls,
				it.le);
		}
	}
}

/* ---- Ruby ---- */

static void parse_gemfile(struct ctx *c, const char *data, size_t len)
{
	struct lines it;
	int depth = 0, dev_depth = 0;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *e = it.le, *q, *close;
		const char *v = NULL;
		size_t vl = 0;

		if (dpg_starts_with(s, "group ") &&
		    memmem(s, (size_t)(e - s), " do", 3)) {
			depth++;
			if (!dev_depth &&
			    (memmem(s, (size_t)(e - s), "development", 11) ||
			     memmem(s, (size_t)(e - s), "test", 4)) &&
			    !memmem(s, (size_t)(e - s), "production", 10))
				dev_depth = depth;
			continue;
		}
		if ((size_t)(e - s) >= 3 && memcmp(s, "end", 3) == 0 &&
		    (e - s == 3 || !is_name_char(s[3]))) {
			if (dev_depth == depth)
				dev_depth = 0;
			if (depth)
				depth--;
			continue;
		}
		if (!dpg_starts_with(s, "gem ") && !dpg_starts_with(s, "gem\t"))
			continue;
		q = s + 3;
		while (q < e && *q != '"' && *q != '\'')
			q++;
		if (q >= e)
			continue;
		close = memchr(q + 1, *q, (size_t)(e - q - 1));
		if (!close)
			continue;
		{
			const char *r = close + 1, *q2, *c2;

			r = skip_ws(r, e);
			if (r < e && *r == ',') {
				q2 = skip_ws(r + 1, e);
				if (q2 < e && (*q2 == '"' || *q2 == '\'')) {
					c2 = memchr(q2 + 1, *q2,
						    (size_t)(e - q2 - 1));
					if (c2) {
						v = q2 + 1;
						vl = (size_t)(c2 - q2 - 1);
					}
				}
			}
		}
		add_dep(c, it.no, "gem", q + 1, (size_t)(close - q - 1), v, vl,
			dev_depth != 0, it.ls, it.le);
	}
}

/* ---- containers ---- */

/* "registry/name:tag" or "name@sha256:..." as docker:NAME@TAG. */
static void add_image(struct ctx *c, unsigned int line, const char *s,
		      const char *e, const char *ls, const char *le)
{
	const char *at, *colon = NULL, *p, *slash = NULL;

	trim_span(&s, &e);
	if (e > s && (*s == '"' || *s == '\'') && e[-1] == *s) {
		s++;
		e--;
	}
	if (s >= e || memchr(s, '$', (size_t)(e - s)) ||
	    memchr(s, '{', (size_t)(e - s)))
		return; /* a variable: unknown image */
	at = memchr(s, '@', (size_t)(e - s));
	if (at) {
		add_dep(c, line, "docker", s, (size_t)(at - s), at + 1,
			(size_t)(e - at - 1), 0, ls, le);
		return;
	}
	for (p = s; p < e; p++) {
		if (*p == '/')
			slash = p;
		else if (*p == ':')
			colon = p;
	}
	if (colon && slash && colon < slash)
		colon = NULL; /* a registry port */
	add_dep(c, line, "docker", s, (size_t)((colon ? colon : e) - s),
		colon ? colon + 1 : NULL, colon ? (size_t)(e - colon - 1) : 0,
		0, ls, le);
}

static const char *yaml_value(const char *s, const char *e, const char *key)
{
	size_t n = strlen(key);

	s = skip_ws(s, e);
	if (s < e && *s == '-')
		s = skip_ws(s + 1, e);
	if ((size_t)(e - s) <= n || memcmp(s, key, n) != 0 || s[n] != ':')
		return NULL;
	return skip_ws(s + n + 1, e);
}

static const char *strip_comment(const char *s, const char *e)
{
	const char *h;

	for (h = s; h < e; h++)
		if (*h == '#' && (h == s || h[-1] == ' ' || h[-1] == '\t'))
			return h;
	return e;
}

static void parse_compose(struct ctx *c, const char *data, size_t len, int helm)
{
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *v = yaml_value(it.ls, it.le, "image"), *e;

		if (v) {
			e = strip_comment(v, it.le);
			if (v < e)
				add_image(c, it.no, v, e, it.ls, it.le);
			continue;
		}
		if (!helm)
			continue;
		v = yaml_value(it.ls, it.le, "repository");
		if (v) {
			/* Helm: repository: X with tag: Y close below */
			struct lines la = it;
			char img[300];
			const char *tv = NULL, *te = NULL;
			int k;

			e = strip_comment(v, it.le);
			for (k = 0; k < 6 && next_line(&la); k++) {
				const char *t = yaml_value(la.ls, la.le, "tag");

				if (t) {
					tv = t;
					te = strip_comment(t, la.le);
					trim_span(&tv, &te);
					if (te > tv &&
					    (*tv == '"' || *tv == '\'') &&
					    te[-1] == *tv) {
						tv++;
						te--;
					}
					break;
				}
			}
			trim_span(&v, &e);
			if (e > v && (*v == '"' || *v == '\'') && e[-1] == *v) {
				v++;
				e--;
			}
			if (v >= e)
				continue;
			if (tv && te > tv)
				snprintf(img, sizeof(img), "%.*s:%.*s",
					 (int)(e - v), v, (int)(te - tv), tv);
			else
				snprintf(img, sizeof(img), "%.*s", (int)(e - v),
					 v);
			add_image(c, it.no, img, img + strlen(img), it.ls,
				  it.le);
		}
	}
}

static void parse_dockerfile(struct ctx *c, const char *data, size_t len)
{
	struct lines it;
	char stages[16][64];
	size_t nstages = 0, i;
	int from_stage;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *e = it.le, *n, *ne;

		if ((size_t)(e - s) < 5 || dpg_strncasecmp(s, "FROM", 4) != 0 ||
		    (s[4] != ' ' && s[4] != '\t'))
			continue;
		s = skip_ws(s + 4, e);
		while (s < e && s[0] == '-' && (e - s) > 1 && s[1] == '-') {
			while (s < e && *s != ' ' && *s != '\t')
				s++;
			s = skip_ws(s, e);
		}
		n = s;
		while (s < e && *s != ' ' && *s != '\t')
			s++;
		ne = s;
		s = skip_ws(s, e);
		for (i = 0; i < nstages; i++)
			if (strlen(stages[i]) == (size_t)(ne - n) &&
			    dpg_strncasecmp(stages[i], n, (size_t)(ne - n)) ==
				    0)
				break;
		from_stage = i < nstages;
		if ((size_t)(e - s) > 3 && dpg_strncasecmp(s, "AS", 2) == 0 &&
		    (s[2] == ' ' || s[2] == '\t') && nstages < 16) {
			const char *a = skip_ws(s + 2, e), *ae = a;

			while (ae < e && *ae != ' ' && *ae != '\t')
				ae++;
			snprintf(stages[nstages++], sizeof(stages[0]), "%.*s",
				 (int)(ae - a), a);
		}
		if (from_stage || (ne - n == 7 && memcmp(n, "scratch", 7) == 0))
			continue;
		add_image(c, it.no, n, ne, it.ls, it.le);
	}
}

/* ---- C and C++: CMakeLists.txt, configure.ac ---- */

/*
 * The arguments of a call NAME( ... ) that starts line it (a command of
 * CMake, a macro of Autoconf), to the closing parenthesis, which may be
 * lines later (it then points at the last line): [*as, *ae).  Comments
 * (# or dnl to the end of a line) are the caller's to skip.
 */
static int call_args(struct lines *it, const char *name, const char **as,
		     const char **ae)
{
	const char *s = skip_ws(it->ls, it->le), *p;
	size_t n = strlen(name);
	int depth = 1;

	if ((size_t)(it->le - s) <= n || dpg_strncasecmp(s, name, n) != 0)
		return 0;
	s = skip_ws(s + n, it->le);
	if (s >= it->le || *s != '(')
		return 0;
	*as = ++s;
	for (p = s; p < it->end && depth; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == '\n' && p + 1 < it->end && p + 1 >= it->p) {
			/* the call goes on: the iterator follows */
			next_line(it);
		}
	}
	if (depth)
		return 0;
	*ae = p - 1;
	return 1;
}

/* The next word of [*s, e): blanks, brackets, quotes and commas apart. */
static int next_word(const char **s, const char *e, const char **ws,
		     const char **we)
{
	const char *p = *s;

	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
			 *p == '[' || *p == ']' || *p == '"' || *p == ','))
		p++;
	*ws = p;
	while (p < e && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
	       *p != '[' && *p != ']' && *p != '"' && *p != ',')
		p++;
	*we = p;
	*s = p;
	return *we > *ws;
}

static int word_is(const char *ws, const char *we, const char *w)
{
	return (size_t)(we - ws) == strlen(w) &&
	       !dpg_strncasecmp(ws, w, (size_t)(we - ws));
}

/* pkg-config modules "glib-2.0>=2.56" or "glib-2.0 >= 2.56", each with
 * its version, from [s, e), to the sink. */
static void pc_modules(struct ctx *c, unsigned int line, const char *s,
		       const char *e, int dev, const char *ls, const char *le)
{
	const char *ws, *we;

	while (next_word(&s, e, &ws, &we)) {
		const char *op = ws, *v = NULL, *ve = NULL;

		while (op < we && *op != '>' && *op != '<' && *op != '=')
			op++;
		if (op == ws)
			continue; /* an operator alone: read with its module */
		if (op < we) {	  /* "glib-2.0>=2.56" */
			v = op;
			ve = we;
		} else { /* "glib-2.0 >= 2.56" */
			const char *t = s, *os, *oe, *vs2, *ve2;

			if (next_word(&t, e, &os, &oe) &&
			    (*os == '>' || *os == '<' || *os == '=') &&
			    next_word(&t, e, &vs2, &ve2)) {
				v = os;
				ve = ve2;
				s = t;
			}
		}
		if (memchr(ws, '$', (size_t)(op - ws)))
			continue; /* a variable's modules */
		add_dep(c, line, "pkgconfig", ws, (size_t)(op - ws), v,
			v ? (size_t)(ve - v) : 0, dev, ls, le);
	}
}

/*
 * find_package(Name [version] ... [REQUIRED] ...): "cmake:Name@version",
 * a dependency when REQUIRED, else optional; pkg_check_modules(PREFIX
 * [REQUIRED] ... modules) and pkg_search_module: "pkgconfig:module".
 * Names made of variables and CMake's own helpers are left out.
 */
static void parse_cmake(struct ctx *c, const char *data, size_t len)
{
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *ls = it.ls, *le = it.le, *as, *ae, *s, *ws, *we;
		unsigned int no = it.no;
		int pc = 0, req = 0;

		if (!call_args(&it, "find_package", &as, &ae) &&
		    !(pc = call_args(&it, "pkg_check_modules", &as, &ae)) &&
		    !(pc = call_args(&it, "pkg_search_module", &as, &ae)))
			continue;
		for (s = as; next_word(&s, ae, &ws, &we);)
			req |= word_is(ws, we, "REQUIRED");
		s = as;
		if (pc) {
			const char *ms;

			next_word(&s, ae, &ws, &we); /* the prefix */
			ms = s;
			/* the modules: the words that are not options */
			while (next_word(&s, ae, &ws, &we)) {
				if (word_is(ws, we, "REQUIRED") ||
				    word_is(ws, we, "QUIET") ||
				    word_is(ws, we, "IMPORTED_TARGET") ||
				    word_is(ws, we, "GLOBAL") ||
				    word_is(ws, we, "NO_CMAKE_PATH") ||
				    word_is(ws, we,
					    "NO_CMAKE_ENVIRONMENT_PATH")) {
					ms = s;
					continue;
				}
				break;
			}
			pc_modules(c, no, ms, ae, !req, ls, le);
			continue;
		}
		if (!next_word(&s, ae, &ws, &we) ||
		    memchr(ws, '$', (size_t)(we - ws)) ||
		    word_is(ws, we, "PkgConfig"))
			continue;
		{
			const char *n = ws, *ne = we, *v = NULL, *ve = NULL;

			if (next_word(&s, ae, &ws, &we) && *ws >= '0' &&
			    *ws <= '9') {
				v = ws;
				ve = we;
			}
			add_dep(c, no, "cmake", n, (size_t)(ne - n), v,
				v ? (size_t)(ve - v) : 0, !req, ls, le);
		}
	}
}

/* The n-th (0-based) argument of an m4 call [as, ae): quoted in [ ] or
 * not, split at the commas outside brackets. */
static int m4_arg(const char *as, const char *ae, int n, const char **s,
		  const char **e)
{
	const char *p = as, *start = as;
	int depth = 0, k = 0;

	for (; p <= ae; p++) {
		if (p == ae || (*p == ',' && !depth)) {
			if (k++ == n) {
				*s = start;
				*e = p;
				return 1;
			}
			start = p + 1;
		} else if (*p == '[' || *p == '(') {
			depth++;
		} else if ((*p == ']' || *p == ')') && depth) {
			depth--;
		}
	}
	return 0;
}

/* Whether an m4 argument is not empty (blanks and brackets aside). */
static int m4_given(const char *s, const char *e)
{
	for (; s < e; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '[' &&
		    *s != ']')
			return 1;
	return 0;
}

/*
 * PKG_CHECK_MODULES(PREFIX, modules, [found], [not found]): the modules,
 * required unless "not found" says what to do instead; AC_CHECK_LIB(lib,
 * function, [found], [not found]): "lib:lib", required when "not found"
 * stops configure (AC_MSG_ERROR).
 */
static void parse_autoconf(struct ctx *c, const char *data, size_t len)
{
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *ls = it.ls, *le = it.le, *as, *ae, *s, *e, *ns, *ne;
		unsigned int no = it.no;

		if (call_args(&it, "PKG_CHECK_MODULES", &as, &ae)) {
			if (m4_arg(as, ae, 1, &s, &e))
				pc_modules(c, no, s, e,
					   m4_arg(as, ae, 3, &ns, &ne) &&
						   m4_given(ns, ne),
					   ls, le);
		} else if (call_args(&it, "AC_CHECK_LIB", &as, &ae)) {
			int req = m4_arg(as, ae, 3, &ns, &ne) &&
				  memmem(ns, (size_t)(ne - ns), "AC_MSG_ERROR",
					 12);

			if (!m4_arg(as, ae, 0, &s, &e) ||
			    !next_word(&s, e, &ns, &ne) ||
			    memchr(ns, '$', (size_t)(ne - ns)))
				continue;
			add_dep(c, no, "lib", ns, (size_t)(ne - ns), NULL, 0,
				!req, ls, le);
		}
	}
}

/*
 * meson.build: dependency('name', version: '>=1.0', required: false) as
 * "pkgconfig:name@>=1.0" (Meson looks a dependency up with pkg-config
 * first), anywhere on a line ("glib = dependency('glib-2.0')"); optional
 * when required: is anything but true.
 */
static void parse_meson(struct ctx *c, const char *data, size_t len)
{
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *ls = it.ls, *le = it.le, *p = it.ls, *q;
		unsigned int no = it.no;

		while ((q = memmem(p, (size_t)(it.le - p), "dependency(",
				   11))) {
			const char *as = q + 11, *ae = as, *n, *ne, *v = NULL,
				   *ve = NULL, *r;
			int depth = 1, dev = 0;

			p = as;
			if (q > ls && (is_name_char(q[-1])))
				continue; /* declare_dependency(...) */
			for (; ae < it.end && depth; ae++)
				depth += *ae == '(' ? 1 : *ae == ')' ? -1 : 0;
			if (depth)
				break;
			ae--;
			n = skip_ws(as, ae);
			if (n >= ae || (*n != '\'' && *n != '"'))
				continue; /* a variable's name */
			ne = memchr(n + 1, *n, (size_t)(ae - n - 1));
			if (!ne)
				continue;
			n++;
			if ((r = memmem(ne, (size_t)(ae - ne), "version", 7))) {
				r = memchr(r, ':', (size_t)(ae - r));
				if (r &&
				    (v = memchr(r, '\'', (size_t)(ae - r)))) {
					v++;
					ve = memchr(v, '\'', (size_t)(ae - v));
					if (!ve)
						v = NULL;
				}
			}
			if ((r = memmem(ne, (size_t)(ae - ne), "required",
					8))) {
				r = memchr(r, ':', (size_t)(ae - r));
				r = r ? skip_ws(r + 1, ae) : NULL;
				dev = !r || (size_t)(ae - r) < 4 ||
				      memcmp(r, "true", 4) != 0;
			}
			add_dep(c, no, "pkgconfig", n, (size_t)(ne - n), v,
				v ? (size_t)(ve - v) : 0, dev, ls, le);
		}
	}
}

/* conanfile.txt: the references of [requires] ("zlib/1.2.13"), and of
 * [tool_requires] / [build_requires] (dev), as "conan:zlib@1.2.13". */
static void parse_conan(struct ctx *c, const char *data, size_t len)
{
	struct lines it;
	int in = 0, dev = 0;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *e = it.le, *sl, *at;

		if (s < e && *s == '[') {
			in = (size_t)(e - s) >= 10 &&
			     !memcmp(s, "[requires]", 10);
			dev = ((size_t)(e - s) >= 15 &&
			       !memcmp(s, "[tool_requires]", 15)) ||
			      ((size_t)(e - s) >= 16 &&
			       !memcmp(s, "[build_requires]", 16));
			in |= dev;
			continue;
		}
		if (!in || s >= e || *s == '#')
			continue;
		sl = memchr(s, '/', (size_t)(e - s));
		if (!sl)
			continue;
		at = sl + 1;
		while (at < e && *at != '@' && *at != '#' && *at != ' ' &&
		       *at != '\t')
			at++;
		add_dep(c, it.no, "conan", s, (size_t)(sl - s), sl + 1,
			(size_t)(at - sl - 1), dev, it.ls, it.le);
	}
}

/* ---- Elixir: mix.exs ---- */

/* {:name, "~> 1.0"}, {:name, "~> 1.0", only: [:dev, :test]},
 * {:name, github: "x/y"}: one per line, anywhere in the file (deps/0 is
 * the only place such tuples are written in practice). */
static void parse_mix(struct ctx *c, const char *data, size_t len)
{
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *e = it.le, *n, *ne;
		const char *v = NULL, *ve = NULL, *only;
		int dev = 0;

		if (s + 2 >= e || s[0] != '{' || s[1] != ':')
			continue;
		n = s + 2;
		for (ne = n; ne < e && (is_name_char(*ne)); ne++)
			;
		if (ne == n || ne >= e || *ne != ',')
			continue;
		v = skip_ws(ne + 1, e);
		if (v < e && *v == '"') {
			ve = memchr(v + 1, '"', (size_t)(e - v - 1));
			v = ve ? v + 1 : NULL;
		} else {
			v = NULL;
		}
		only = memmem(s, (size_t)(e - s), "only:", 5);
		if (only && !memmem(only, (size_t)(e - only), ":prod", 5))
			dev = 1;
		add_dep(c, it.no, "hex", n, (size_t)(ne - n), v,
			v ? (size_t)(ve - v) : 0, dev, it.ls, it.le);
	}
}

/* ---- Dart / Flutter: pubspec.yaml ---- */

static void parse_pubspec(struct ctx *c, const char *data, size_t len)
{
	struct lines it;
	int sec = 0; /* 1 dependencies, 2 dev_dependencies */

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = it.ls, *e = it.le, *colon, *v;
		size_t ind = 0;

		while (s + ind < e && s[ind] == ' ')
			ind++;
		if (s + ind >= e || s[ind] == '#')
			continue;
		if (ind == 0) {
			sec = dpg_starts_with(s, "dependencies:")	? 1
			      : dpg_starts_with(s, "dev_dependencies:") ? 2
									: 0;
			continue;
		}
		if (!sec || ind != 2)
			continue; /* a package's own keys (sdk:, git:) */
		s += ind;
		colon = memchr(s, ':', (size_t)(e - s));
		if (!colon)
			continue;
		v = skip_ws(colon + 1, e);
		/* the SDK itself: "flutter:\n    sdk: flutter" */
		if (v >= e) {
			struct lines la = it;

			if (next_line(&la) &&
			    memmem(la.ls, (size_t)(la.le - la.ls), "sdk:", 4))
				continue;
		}
		if (e - v >= 2 && (*v == '"' || *v == '\'') && e[-1] == *v) {
			v++;
			e--;
		}
		add_dep(c, it.no, "pub", s, (size_t)(colon - s),
			v < e && *v != '#' ? v : NULL, (size_t)(e - v),
			sec == 2, it.ls, it.le);
	}
}

/* ---- R: DESCRIPTION ---- */

static int r_base_package(const char *s, size_t n)
{
	static const char *const base[] = {
		"R",	    "base",	 "methods", "utils",	"stats",
		"graphics", "grDevices", "tools",   "parallel", "grid",
		"splines",  "stats4",	 "tcltk",   "compiler", "datasets",
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(base); i++)
		if (strlen(base[i]) == n && !memcmp(base[i], s, n))
			return 1;
	return 0;
}

/* Depends, Imports, LinkingTo (runtime) and Suggests (development):
 * "pkg (>= 1.0), other", continued on indented lines. */
static void parse_description(struct ctx *c, const char *data, size_t len)
{
	struct lines it;
	int field = 0; /* 1 runtime, 2 suggests */

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = it.ls, *e = it.le, *p;

		if (s < e && s[0] != ' ' && s[0] != '\t') {
			field = dpg_starts_with(s, "Depends:") ||
						dpg_starts_with(s,
								"Imports:") ||
						dpg_starts_with(s, "LinkingTo:")
					? 1
				: dpg_starts_with(s, "Suggests:") ? 2
								  : 0;
			if (!field)
				continue;
			s = (const char *)memchr(s, ':', (size_t)(e - s)) + 1;
		} else if (!field) {
			continue;
		}
		/* comma-separated entries on this line */
		for (p = s; p < e;) {
			const char *q = memchr(p, ',', (size_t)(e - p));
			const char *ee = q ? q : e, *n = skip_ws(p, ee), *ne,
				   *v = NULL, *vv = NULL;

			for (ne = n; ne < ee && is_name_char(*ne); ne++)
				;
			if (ne > n && !r_base_package(n, (size_t)(ne - n))) {
				const char *op =
					memchr(ne, '(', (size_t)(ee - ne));

				if (op) {
					v = op + 1;
					vv = memchr(v, ')', (size_t)(ee - v));
				}
				add_dep(c, it.no, "cran", n, (size_t)(ne - n),
					vv ? v : NULL,
					vv ? (size_t)(vv - v) : 0, field == 2,
					it.ls, it.le);
			}
			p = q ? q + 1 : e;
		}
	}
}

/* ---- Godot: project.godot ---- */

/* [editor_plugins] enabled=PackedStringArray("res://addons/x/plugin.cfg") */
static void parse_godot(struct ctx *c, const char *data, size_t len)
{
	struct lines it;
	int in = 0;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *p = s;

		if (s < it.le && *s == '[') {
			in = header_is(s, it.le, "editor_plugins");
			continue;
		}
		if (!in || !dpg_starts_with(s, "enabled"))
			continue;
		while ((p = memmem(p, (size_t)(it.le - p), "addons/", 7))) {
			const char *n = p + 7, *ne = n;

			while (ne < it.le && *ne != '/' && *ne != '"')
				ne++;
			add_dep(c, it.no, "godot", n, (size_t)(ne - n), NULL, 0,
				0, it.ls, it.le);
			p = ne;
		}
	}
}

/* ---- Gradle version catalog: gradle/libs.versions.toml ---- */

/* The value of key = "..." inside an inline table [s, e), or NULL. */
static const char *inline_str(const char *s, const char *e, const char *key,
			      size_t *vl)
{
	size_t n = strlen(key);
	const char *p = s;

	while ((p = memmem(p, (size_t)(e - p), key, n))) {
		const char *q = skip_ws(p + n, e);

		if ((p == s || !is_name_char(p[-1])) && q < e && *q == '=') {
			q = skip_ws(q + 1, e);
			if (q < e && (*q == '"' || *q == '\'')) {
				const char *cl =
					memchr(q + 1, *q, (size_t)(e - q - 1));

				if (cl) {
					*vl = (size_t)(cl - q - 1);
					return q + 1;
				}
			}
		}
		p += n;
	}
	return NULL;
}

static int test_library(const char *s, size_t n)
{
	static const char *const w[] = {"test", "junit", "mock", "espresso",
					"robolectric"};
	size_t i, k;

	for (i = 0; i < DPG_ARRAY_SIZE(w); i++)
		for (k = 0; k + strlen(w[i]) <= n; k++)
			if (!dpg_strncasecmp(s + k, w[i], strlen(w[i])))
				return 1;
	return 0;
}

static void parse_gradle_catalog(struct ctx *c, const char *data, size_t len)
{
	struct lines it;
	int sec = 0; /* 1 [versions], 2 [libraries] */
	char vers[64][2][96];
	size_t nv = 0, i;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *e = it.le, *k, *v, *g,
			   *a, *m, *ref;
		size_t kl, vl, gl = 0, al = 0, ml = 0, rl = 0;
		char name[260], ver[96];

		if (s < e && *s == '[') {
			sec = header_is(s, e, "versions")    ? 1
			      : header_is(s, e, "libraries") ? 2
							     : 0;
			continue;
		}
		if (!sec || !toml_kv(s, e, &k, &kl, &v, &vl))
			continue;
		if (sec == 1) {
			if (v && nv < DPG_ARRAY_SIZE(vers)) {
				snprintf(vers[nv][0], sizeof(vers[0][0]),
					 "%.*s", (int)kl, k);
				snprintf(vers[nv][1], sizeof(vers[0][1]),
					 "%.*s", (int)vl, v);
				nv++;
			}
			continue;
		}
		ver[0] = '\0';
		m = inline_str(s, e, "module", &ml);
		g = inline_str(s, e, "group", &gl);
		a = inline_str(s, e, "name", &al);
		if (!m && !g && v && memchr(v, ':', vl)) {
			/* lib = "group:artifact:version" */
			const char *c2 = memchr(v, ':', vl);
			const char *c3 =
				memchr(c2 + 1, ':', (size_t)(v + vl - c2 - 1));

			m = v;
			ml = c3 ? (size_t)(c3 - v) : vl;
			if (c3)
				snprintf(ver, sizeof(ver), "%.*s",
					 (int)(v + vl - c3 - 1), c3 + 1);
		}
		if (m)
			snprintf(name, sizeof(name), "%.*s", (int)ml, m);
		else if (g && a)
			snprintf(name, sizeof(name), "%.*s:%.*s", (int)gl, g,
				 (int)al, a);
		else
			continue;
		if (!ver[0]) {
			const char *lit = NULL;
			size_t ll = 0;

			ref = inline_str(s, e, "version.ref", &rl);
			for (i = 0; ref && i < nv; i++)
				if (strlen(vers[i][0]) == rl &&
				    !memcmp(vers[i][0], ref, rl))
					snprintf(ver, sizeof(ver), "%s",
						 vers[i][1]);
			if (!ref && (lit = inline_str(s, e, "version", &ll)))
				snprintf(ver, sizeof(ver), "%.*s", (int)ll,
					 lit);
		}
		add_dep(c, it.no, "maven", name, strlen(name),
			ver[0] ? ver : NULL, strlen(ver), test_library(k, kl),
			it.ls, it.le);
	}
}

/* ---- Swift: Package.swift ---- */

/* The quoted URL after "url:" in [s, e), without its scheme. */
static const char *inline_url(const char *s, const char *e, size_t *n)
{
	const char *u = memmem(s, (size_t)(e - s), "url:", 4), *cl;

	if (!u || !(u = memchr(u, '"', (size_t)(e - u))) ||
	    !(cl = memchr(u + 1, '"', (size_t)(e - u - 1))))
		return NULL;
	u++;
	if ((size_t)(cl - u) > 8 && !memcmp(u, "https://", 8))
		u += 8;
	else if ((size_t)(cl - u) > 7 && !memcmp(u, "http://", 7))
		u += 7;
	*n = (size_t)(cl - u);
	return u;
}

/* .package(url: "https://github.com/x/y.git", from: "1.0.0") */
static void parse_swift(struct ctx *c, const char *data, size_t len)
{
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *p =
			memmem(it.ls, (size_t)(it.le - it.ls), ".package(", 9);
		const char *u, *ue, *v = NULL, *ve = NULL;
		size_t ul, vl = 0;

		if (!p)
			continue;
		u = inline_url(p, it.le, &ul);
		if (!u)
			continue;
		ue = u + ul;
		if (ul > 4 && !memcmp(ue - 4, ".git", 4))
			ue -= 4;
		{
			static const char *const keys[] = {
				"from:", "exact:", "branch:", "revision:"};
			size_t k;

			for (k = 0; k < DPG_ARRAY_SIZE(keys) && !v; k++) {
				const char *q =
					memmem(p, (size_t)(it.le - p), keys[k],
					       strlen(keys[k]));

				if (!q)
					continue;
				q = memchr(q, '"', (size_t)(it.le - q));
				if (q)
					ve = memchr(q + 1, '"',
						    (size_t)(it.le - q - 1));
				if (q && ve) {
					v = q + 1;
					vl = (size_t)(ve - v);
				}
			}
		}
		add_dep(c, it.no, "swift", u, (size_t)(ue - u), v, vl, 0, it.ls,
			it.le);
	}
}

/* ---- CocoaPods: Podfile, *.podspec ---- */

/* The first and second quoted strings after s: name and version. */
static int two_quoted(const char *s, const char *e, const char **n, size_t *nl,
		      const char **v, size_t *vl)
{
	const char *q = s, *cl;

	while (q < e && *q != '"' && *q != '\'')
		q++;
	if (q >= e || !(cl = memchr(q + 1, *q, (size_t)(e - q - 1))))
		return 0;
	*n = q + 1;
	*nl = (size_t)(cl - q - 1);
	*v = NULL;
	*vl = 0;
	q = skip_ws(cl + 1, e);
	if (q < e && *q == ',') {
		q = skip_ws(q + 1, e);
		if (q < e && (*q == '"' || *q == '\'') &&
		    (cl = memchr(q + 1, *q, (size_t)(e - q - 1)))) {
			*v = q + 1;
			*vl = (size_t)(cl - q - 1);
		}
	}
	return 1;
}

static void parse_pods(struct ctx *c, const char *data, size_t len, int podspec)
{
	struct lines it;
	int depth = 0, test_depth = 0;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = skip_ws(it.ls, it.le), *e = it.le, *n, *v, *d;
		size_t nl, vl;
		int dev = 0;

		if (!podspec) {
			if (dpg_starts_with(s, "target ") &&
			    memmem(s, (size_t)(e - s), " do", 3)) {
				depth++;
				if (!test_depth &&
				    memmem(s, (size_t)(e - s), "Tests", 5))
					test_depth = depth;
				continue;
			}
			if ((size_t)(e - s) >= 3 && !memcmp(s, "end", 3) &&
			    (e - s == 3 || !is_name_char(s[3]))) {
				if (test_depth == depth)
					test_depth = 0;
				if (depth)
					depth--;
				continue;
			}
			if (!dpg_starts_with(s, "pod ") &&
			    !dpg_starts_with(s, "pod("))
				continue;
			dev = test_depth != 0;
			d = s + 3;
		} else {
			d = memmem(s, (size_t)(e - s), "dependency", 10);
			if (!d)
				continue;
			dev = memmem(s, (size_t)(e - s), "development", 11) !=
			      NULL;
		}
		if (two_quoted(d, e, &n, &nl, &v, &vl))
			add_dep(c, it.no, "cocoapods", n, nl, v, vl, dev, it.ls,
				it.le);
	}
}

/* ---- Ruby: *.gemspec ---- */

static void parse_gemspec(struct ctx *c, const char *data, size_t len)
{
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *s = it.ls, *e = it.le, *d, *n, *v;
		size_t nl, vl;

		d = memmem(s, (size_t)(e - s), "add_development_dependency",
			   26);
		if (d) {
			if (two_quoted(d, e, &n, &nl, &v, &vl))
				add_dep(c, it.no, "gem", n, nl, v, vl, 1, s, e);
			continue;
		}
		d = memmem(s, (size_t)(e - s), "add_runtime_dependency", 22);
		if (!d)
			d = memmem(s, (size_t)(e - s), "add_dependency", 14);
		if (d && two_quoted(d, e, &n, &nl, &v, &vl))
			add_dep(c, it.no, "gem", n, nl, v, vl, 0, s, e);
	}
}

/* ---- .NET: *.nuspec ---- */

static void parse_nuspec(struct ctx *c, const char *data, size_t len)
{
	struct lines it;

	lines_init(&it, data, len);
	while (next_line(&it)) {
		const char *n, *v = NULL;
		size_t nl, vl = 0;

		if (!memmem(it.ls, (size_t)(it.le - it.ls), "<dependency ", 12))
			continue;
		if (!xml_attr(it.ls, it.le, "id", &n, &nl))
			continue;
		(void)xml_attr(it.ls, it.le, "version", &v, &vl);
		add_dep(c, it.no, "nuget", n, nl, v, vl, 0, it.ls, it.le);
	}
}

/* ------------------------------------------------------------------ */

void dpg_mf_deps(int kind, const char *path, const char *data, size_t len,
		 const struct dpg_json *root, const struct dpg_manifest_sink *s)
{
	struct ctx c;
	const char *b = base_name(path);

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.path = path;
	switch (kind) {
	case DPG_MANIFEST_NPM:
	case DPG_MANIFEST_COMPOSER:
	case DPG_MANIFEST_VCPKG:
		parse_json_manifest(&c, kind, root, data, len);
		break;
	case DPG_MANIFEST_REQUIREMENTS:
		c.dev_file = strstr(b, "dev") || strstr(b, "test") ||
			     strstr(b, "doc") || strstr(path, "dev/") ||
			     strstr(path, "test");
		parse_requirements(&c, data, len);
		break;
	case DPG_MANIFEST_PYPROJECT:
		parse_pyproject(&c, data, len, 0);
		break;
	case DPG_MANIFEST_PIPFILE:
		parse_pyproject(&c, data, len, 1);
		break;
	case DPG_MANIFEST_POM:
		parse_pom(&c, data, len);
		break;
	case DPG_MANIFEST_GRADLE:
		parse_gradle(&c, data, len);
		break;
	case DPG_MANIFEST_GRADLE_CATALOG:
		parse_gradle_catalog(&c, data, len);
		break;
	case DPG_MANIFEST_GOMOD:
		parse_gomod(&c, data, len);
		break;
	case DPG_MANIFEST_CARGO:
		parse_cargo(&c, data, len);
		break;
	case DPG_MANIFEST_GEMFILE:
		parse_gemfile(&c, data, len);
		break;
	case DPG_MANIFEST_GEMSPEC:
		parse_gemspec(&c, data, len);
		break;
	case DPG_MANIFEST_SETUP_CFG:
		parse_setup_cfg(&c, data, len);
		break;
	case DPG_MANIFEST_SETUP_PY:
		parse_setup_py(&c, data, len);
		break;
	case DPG_MANIFEST_DOTNET:
	case DPG_MANIFEST_PACKAGES_CONFIG:
		parse_nuget(&c, data, len);
		break;
	case DPG_MANIFEST_NUSPEC:
		parse_nuspec(&c, data, len);
		break;
	case DPG_MANIFEST_MIX:
		parse_mix(&c, data, len);
		break;
	case DPG_MANIFEST_PUBSPEC:
		parse_pubspec(&c, data, len);
		break;
	case DPG_MANIFEST_DESCRIPTION:
		parse_description(&c, data, len);
		break;
	case DPG_MANIFEST_GODOT:
		parse_godot(&c, data, len);
		break;
	case DPG_MANIFEST_SWIFT:
		parse_swift(&c, data, len);
		break;
	case DPG_MANIFEST_PODFILE:
		parse_pods(&c, data, len, 0);
		break;
	case DPG_MANIFEST_PODSPEC:
		parse_pods(&c, data, len, 1);
		break;
	case DPG_MANIFEST_COMPOSE:
		parse_compose(&c, data, len, 0);
		break;
	case DPG_MANIFEST_HELM:
		parse_compose(&c, data, len, 1);
		break;
	case DPG_MANIFEST_DOCKERFILE:
		parse_dockerfile(&c, data, len);
		break;
	case DPG_MANIFEST_CMAKE:
		parse_cmake(&c, data, len);
		break;
	case DPG_MANIFEST_AUTOCONF:
		parse_autoconf(&c, data, len);
		break;
	case DPG_MANIFEST_MESON:
		parse_meson(&c, data, len);
		break;
	case DPG_MANIFEST_CONAN:
		parse_conan(&c, data, len);
		break;
	default:
		break;
	}
}
