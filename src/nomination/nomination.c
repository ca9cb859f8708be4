/*
 * nomination.c: reading and validating registry nomination records.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dpg/buf.h"
#include "dpg/json.h"
#include "dpg/licpolicy.h"
#include "dpg/nomination.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define NOMINATION_MAX (1024 * 1024)

/* The bit of a type name, or 0. */
static unsigned int type_bit(const char *s)
{
	int t = dpg_solution_type_parse(s);

	return t < 0 ? 0 : DPG_TYPE_BIT(t);
}

struct ctx {
	const char *source;
	struct dpg_arena *a;
	struct dpg_error *err;
};

static int bad(struct ctx *c, const char *field, const char *what)
{
	return dpg_error_set(c->err, DPG_EINPUT,
			     "nomination '%s': field '%s' %s", c->source, field,
			     what);
}

/* obj[key] as an optional string: NULL when missing or null. */
static int opt_str(struct ctx *c, const struct dpg_json *obj, const char *key,
		   const char *field, const char **out)
{
	const struct dpg_json *v = dpg_json_get(obj, key);

	*out = NULL;
	if (!v || v->type == DPG_JSON_NULL)
		return 0;
	if (v->type != DPG_JSON_STRING)
		return bad(c, field, "must be a string");
	*out = v->str;
	return 0;
}

static int req_str(struct ctx *c, const struct dpg_json *obj, const char *key,
		   const char *field, const char **out)
{
	int rc = opt_str(c, obj, key, field, out);

	if (rc == 0 && (!*out || !**out))
		return bad(c, field, "is missing or empty");
	return rc;
}

/* obj[key] as an array (missing: empty); sets *arr. */
static int opt_array(struct ctx *c, const struct dpg_json *obj, const char *key,
		     const struct dpg_json **arr)
{
	const struct dpg_json *v = dpg_json_get(obj, key);

	*arr = NULL;
	if (!v || v->type == DPG_JSON_NULL)
		return 0;
	if (v->type != DPG_JSON_ARRAY)
		return bad(c, key, "must be an array");
	*arr = v;
	return 0;
}

static int parse_licenses(struct ctx *c, const struct dpg_json *root,
			  struct dpg_nomination *n)
{
	const struct dpg_json *arr;
	char field[64];
	size_t i;
	int rc;

	if ((rc = opt_array(c, root, "license", &arr)) < 0 || !arr)
		return rc;
	n->licenses = dpg_arena_alloc(c->a, arr->n * sizeof(*n->licenses));
	for (i = 0; i < arr->n; i++) {
		const struct dpg_json *o = &arr->items[i];

		snprintf(field, sizeof(field), "license[%zu]", i);
		if (o->type != DPG_JSON_OBJECT)
			return bad(c, field, "must be an object");
		snprintf(field, sizeof(field), "license[%zu].spdx", i);
		if ((rc = req_str(c, o, "spdx", field, &n->licenses[i].spdx)) <
		    0)
			return rc;
		snprintf(field, sizeof(field), "license[%zu].licenseURL", i);
		if ((rc = opt_str(c, o, "licenseURL", field,
				  &n->licenses[i].url)) < 0)
			return rc;
	}
	n->nlicenses = arr->n;
	return 0;
}

static int parse_sdgs(struct ctx *c, const struct dpg_json *root,
		      struct dpg_nomination *n)
{
	const struct dpg_json *arr;
	char field[64];
	size_t i;
	int rc;

	if ((rc = opt_array(c, root, "SDGs", &arr)) < 0 || !arr)
		return rc;
	n->sdgs = dpg_arena_alloc(c->a, arr->n * sizeof(*n->sdgs));
	for (i = 0; i < arr->n; i++) {
		const struct dpg_json *o = &arr->items[i], *num;
		double g;

		snprintf(field, sizeof(field), "SDGs[%zu]", i);
		if (o->type != DPG_JSON_OBJECT)
			return bad(c, field, "must be an object");
		snprintf(field, sizeof(field), "SDGs[%zu].SDGNumber", i);
		num = dpg_json_get(o, "SDGNumber");
		if (!num || num->type != DPG_JSON_NUMBER)
			return bad(c, field,
				   "must be a whole number from 1 "
				   "to 17");
		g = num->number;
		if (g < 1 || g > 17 || g != (double)(int)g)
			return bad(c, field,
				   "must be a whole number from 1 "
				   "to 17");
		n->sdgs[i].goal = (int)g;
		snprintf(field, sizeof(field), "SDGs[%zu].evidenceText", i);
		if ((rc = opt_str(c, o, "evidenceText", field,
				  &n->sdgs[i].evidence_text)) < 0)
			return rc;
		snprintf(field, sizeof(field), "SDGs[%zu].evidenceURL", i);
		if ((rc = opt_str(c, o, "evidenceURL", field,
				  &n->sdgs[i].evidence_url)) < 0)
			return rc;
	}
	n->nsdgs = arr->n;
	return 0;
}

static int parse_types(struct ctx *c, const struct dpg_json *root,
		       struct dpg_nomination *n)
{
	const struct dpg_json *v = dpg_json_get(root, "type");
	char field[64];
	size_t i;

	if (!v || v->type == DPG_JSON_NULL)
		return 0;
	if (v->type == DPG_JSON_STRING) { /* older records: one string */
		n->types = type_bit(v->str);
		return n->types ? 0
				: bad(c, "type",
				      "must be software, content, data, "
				      "standard or aimodel");
	}
	if (v->type != DPG_JSON_ARRAY)
		return bad(c, "type", "must be an array");
	for (i = 0; i < v->n; i++) {
		unsigned int bit = v->items[i].type == DPG_JSON_STRING
					   ? type_bit(v->items[i].str)
					   : 0;

		snprintf(field, sizeof(field), "type[%zu]", i);
		if (!bit)
			return bad(c, field,
				   "must be software, content, data, "
				   "standard or aimodel");
		n->types |= bit;
	}
	return 0;
}

static int parse_orgs(struct ctx *c, const struct dpg_json *root,
		      struct dpg_nomination *n)
{
	static const char *const org_types[] = {"owner", "maintainer", "funder",
						"implementer"};
	const struct dpg_json *arr;
	char field[64];
	size_t i, j;
	int rc;

	if ((rc = opt_array(c, root, "organizations", &arr)) < 0 || !arr)
		return rc;
	n->orgs = dpg_arena_alloc(c->a, arr->n * sizeof(*n->orgs));
	for (i = 0; i < arr->n; i++) {
		const struct dpg_json *o = &arr->items[i];
		struct dpg_nom_org *org = &n->orgs[i];

		snprintf(field, sizeof(field), "organizations[%zu]", i);
		if (o->type != DPG_JSON_OBJECT)
			return bad(c, field, "must be an object");
		snprintf(field, sizeof(field), "organizations[%zu].name", i);
		if ((rc = req_str(c, o, "name", field, &org->name)) < 0)
			return rc;
		snprintf(field, sizeof(field), "organizations[%zu].website", i);
		if ((rc = opt_str(c, o, "website", field, &org->website)) < 0)
			return rc;
		snprintf(field, sizeof(field), "organizations[%zu].org_type",
			 i);
		if ((rc = opt_str(c, o, "org_type", field, &org->org_type)) < 0)
			return rc;
		if (!org->org_type)
			continue;
		for (j = 0; j < DPG_ARRAY_SIZE(org_types); j++)
			if (dpg_strcasecmp(org->org_type, org_types[j]) == 0)
				break;
		if (j == DPG_ARRAY_SIZE(org_types))
			return bad(c, field,
				   "must be owner, maintainer, funder or "
				   "implementer");
	}
	n->norgs = arr->n;
	return 0;
}

static int parse_repos(struct ctx *c, const struct dpg_json *root,
		       struct dpg_nomination *n)
{
	const struct dpg_json *arr;
	char field[64];
	size_t i;
	int rc;

	if ((rc = opt_array(c, root, "repositories", &arr)) < 0 || !arr)
		return rc;
	n->repos = dpg_arena_alloc(c->a, arr->n * sizeof(*n->repos));
	for (i = 0; i < arr->n; i++) {
		const struct dpg_json *o = &arr->items[i];

		snprintf(field, sizeof(field), "repositories[%zu]", i);
		if (o->type != DPG_JSON_OBJECT)
			return bad(c, field, "must be an object");
		snprintf(field, sizeof(field), "repositories[%zu].name", i);
		if ((rc = opt_str(c, o, "name", field, &n->repos[i].name)) < 0)
			return rc;
		snprintf(field, sizeof(field), "repositories[%zu].url", i);
		if ((rc = req_str(c, o, "url", field, &n->repos[i].url)) < 0)
			return rc;
	}
	n->nrepos = arr->n;
	return 0;
}

int dpg_nomination_parse(struct dpg_nomination *out, const char *source,
			 const char *text, size_t len, struct dpg_arena *a,
			 struct dpg_error *err)
{
	struct ctx c = {source, a, err};
	struct dpg_error jerr = DPG_ERROR_INIT;
	struct dpg_json *root;
	int rc;

	memset(out, 0, sizeof(*out));
	out->source = dpg_arena_strdup(a, source);
	if ((rc = dpg_json_parse(&root, text, len, a, &jerr)) < 0)
		return dpg_error_set(err, DPG_EINPUT,
				     "nomination '%s': invalid JSON: %s",
				     source, jerr.msg);
	if (root->type != DPG_JSON_OBJECT)
		return dpg_error_set(err, DPG_EINPUT,
				     "nomination '%s': the record must be a "
				     "JSON object",
				     source);
	if ((rc = req_str(&c, root, "name", "name", &out->name)) < 0 ||
	    (rc = opt_str(&c, root, "description", "description",
			  &out->description)) < 0 ||
	    (rc = opt_str(&c, root, "website", "website", &out->website)) < 0 ||
	    (rc = opt_str(&c, root, "stage", "stage", &out->stage)) < 0 ||
	    (rc = parse_licenses(&c, root, out)) < 0 ||
	    (rc = parse_sdgs(&c, root, out)) < 0 ||
	    (rc = parse_types(&c, root, out)) < 0 ||
	    (rc = parse_orgs(&c, root, out)) < 0 ||
	    (rc = parse_repos(&c, root, out)) < 0)
		return rc;
	if (out->stage && strcmp(out->stage, "nominee") != 0 &&
	    strcmp(out->stage, "DPG") != 0 && strcmp(out->stage, "archive"))
		return bad(&c, "stage", "must be nominee, DPG or archive");
	return 0;
}

int dpg_nomination_load(struct dpg_nomination *out, const char *path,
			struct dpg_arena *a, struct dpg_error *err)
{
	struct dpg_buf b = DPG_BUF_INIT(NOMINATION_MAX);
	int rc = dpg_buf_read_file(&b, path, "nomination", 0, err);

	if (rc == DPG_ELIMIT)
		rc = dpg_error_set(err, DPG_EINPUT,
				   "nomination '%s' is larger than 1 MiB",
				   path);
	else if (rc == DPG_ENOTFOUND)
		rc = DPG_EIO; /* a missing input file reads as unreadable */
	if (rc == 0)
		rc = dpg_nomination_parse(out, path, b.ptr, b.len, a, err);
	dpg_buf_release(&b);
	return rc;
}
