/*
 * json.h: a strict RFC 8259 reader into an arena-owned tree, for the
 * untrusted JSON we read (manifests, nomination records, the license
 * corpus).  Nesting is capped (DPG_JSON_MAX_DEPTH); errors name the line.
 */
#ifndef DPG_JSON_H
#define DPG_JSON_H

#include <stddef.h>
#include "dpg/arena.h"
#include "dpg/error.h"

#define DPG_JSON_MAX_DEPTH 64

enum dpg_json_type {
	DPG_JSON_NULL = 0,
	DPG_JSON_BOOL,
	DPG_JSON_NUMBER,
	DPG_JSON_STRING,
	DPG_JSON_ARRAY,
	DPG_JSON_OBJECT,
};

struct dpg_json {
	enum dpg_json_type type;
	unsigned int line;	/* 1-based line where the value starts */
	int boolean;		/* DPG_JSON_BOOL */
	double number;		/* DPG_JSON_NUMBER */
	const char *str;	/* DPG_JSON_STRING: UTF-8, NUL-terminated */
	size_t len;		/* its length in bytes (may hold NULs) */
	struct dpg_json *items; /* ARRAY elements / OBJECT values */
	const char **keys;	/* OBJECT keys, parallel to items */
	size_t n;		/* number of items */
};

/*
 * Parse text (len bytes) into *out.  Everything is allocated from a and
 * lives as long as it.  On error returns DPG_EPARSE with a message such
 * as "line 3: expected ',' or '}'".
 */
int dpg_json_parse(struct dpg_json **out, const char *text, size_t len,
		   struct dpg_arena *a, struct dpg_error *err);

/* The value of key in obj (first match), or NULL (also when obj is no
 * object). */
const struct dpg_json *dpg_json_get(const struct dpg_json *obj,
				    const char *key);

/* obj[key] as a string, or NULL when missing or not a string. */
const char *dpg_json_get_str(const struct dpg_json *obj, const char *key);

/* Write s (len bytes) to out as a JSON string literal with quotes. */
struct dpg_buf;
int dpg_json_quote(struct dpg_buf *out, const char *s, size_t len,
		   struct dpg_error *err);

#endif
