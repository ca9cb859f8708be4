/*
 * json.c: a strict recursive-descent JSON reader into an arena.
 */
#include <stdlib.h>
#include <string.h>

#include "dpg/buf.h"
#include "dpg/json.h"
#include "dpg/util.h"
#include "dpg/banned.h"

struct parser {
	const char *p, *end;
	unsigned int line;
	int depth;
	struct dpg_arena *a;
	struct dpg_error *err;
};

static int fail(struct parser *ps, const char *what)
{
	return dpg_error_set(ps->err, DPG_EPARSE, "line %u: %s", ps->line,
			     what);
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end) {
		char c = *ps->p;

		if (c == '\n')
			ps->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			return;
		ps->p++;
	}
}

static int hex4(const char *s, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned int)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Parse a string literal at ps->p (on the opening quote). */
static int parse_string(struct parser *ps, const char **out, size_t *outlen)
{
	const char *s = ps->p + 1, *q;
	char *buf, *o;

	/* the decoded string is never longer than the literal */
	for (q = s; q < ps->end && *q != '"'; q++) {
		if (*q == '\\')
			q++;
		else if ((unsigned char)*q < 0x20)
			return fail(ps, "control character in string");
	}
	if (q >= ps->end)
		return fail(ps, "unterminated string");
	buf = o = dpg_arena_alloc(ps->a, (size_t)(q - s) + 1);
	while (s < q) {
		unsigned int cp, lo;

		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		s++;
		switch (*s++) {
		case '"':
			*o++ = '"';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case '/':
			*o++ = '/';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u':
			if (q - s < 4 || hex4(s, &cp) < 0)
				return fail(ps, "bad \\u escape");
			s += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && q - s >= 6 &&
			    s[0] == '\\' && s[1] == 'u' &&
			    hex4(s + 2, &lo) == 0 && lo >= 0xdc00 &&
			    lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
				s += 6;
			} else if (cp >= 0xd800 && cp < 0xe000) {
				cp = 0xfffd; /* lone surrogate */
			}
			/* \uXXXX is 6 bytes, its UTF-8 at most 3 (4 for
			   a pair of 12): the buffer is large enough */
			o += put_utf8(o, cp);
			break;
		default:
			return fail(ps, "bad escape in string");
		}
	}
	*o = '\0';
	*out = buf;
	*outlen = (size_t)(o - buf);
	ps->p = q + 1;
	return 0;
}

static int parse_value(struct parser *ps, struct dpg_json *v);

static int parse_container(struct parser *ps, struct dpg_json *v, int obj)
{
	struct dpg_json *items = NULL;
	const char **keys = NULL;
	size_t n = 0, cap = 0, kcap = 0;
	char close = obj ? '}' : ']';
	int rc = 0;

	if (++ps->depth > DPG_JSON_MAX_DEPTH)
		return fail(ps, "nesting too deep");
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		goto done;
	}
	for (;;) {
		dpg_grow(&items, &cap, n + 1, sizeof(*items));
		if (obj) {
			size_t klen;

			dpg_grow(&keys, &kcap, n + 1, sizeof(*keys));
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != '"') {
				rc = fail(ps, "expected a string key");
				goto done;
			}
			if ((rc = parse_string(ps, &keys[n], &klen)) < 0)
				goto done;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				rc = fail(ps, "expected ':'");
				goto done;
			}
			ps->p++;
		}
		memset(&items[n], 0, sizeof(items[n]));
		if ((rc = parse_value(ps, &items[n])) < 0)
			goto done;
		n++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			break;
		}
		rc = fail(ps,
			  obj ? "expected ',' or '}'" : "expected ',' or ']'");
		goto done;
	}
done:
	if (rc == 0 && n) {
		v->items = dpg_arena_alloc(ps->a, n * sizeof(*items));
		memcpy(v->items, items, n * sizeof(*items));
		if (obj) {
			v->keys = dpg_arena_alloc(ps->a, n * sizeof(*keys));
			memcpy(v->keys, keys, n * sizeof(*keys));
		}
	}
	v->n = rc == 0 ? n : 0;
	v->type = obj ? DPG_JSON_OBJECT : DPG_JSON_ARRAY;
	free(items);
	free(keys);
	ps->depth--;
	return rc;
}

static int parse_number(struct parser *ps, struct dpg_json *v)
{
	const char *s = ps->p;
	char tmp[64];
	size_t n;

	if (s < ps->end && *s == '-')
		s++;
	if (s >= ps->end || *s < '0' || *s > '9')
		return fail(ps, "unexpected character");
	if (*s == '0')
		s++;
	else
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	if (s < ps->end && *s == '.') {
		s++;
		if (s >= ps->end || *s < '0' || *s > '9')
			return fail(ps, "bad number");
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < ps->end && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < ps->end && (*s == '+' || *s == '-'))
			s++;
		if (s >= ps->end || *s < '0' || *s > '9')
			return fail(ps, "bad number");
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	}
	n = (size_t)(s - ps->p);
	if (n >= sizeof(tmp))
		return fail(ps, "number too long");
	memcpy(tmp, ps->p, n);
	tmp[n] = '\0';
	v->type = DPG_JSON_NUMBER;
	v->number = strtod(tmp, NULL);
	ps->p = s;
	return 0;
}

static int literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return fail(ps, "unexpected character");
	ps->p += n;
	return 0;
}

static int parse_value(struct parser *ps, struct dpg_json *v)
{
	skip_ws(ps);
	v->line = ps->line;
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end of input");
	switch (*ps->p) {
	case '{':
		return parse_container(ps, v, 1);
	case '[':
		return parse_container(ps, v, 0);
	case '"':
		v->type = DPG_JSON_STRING;
		return parse_string(ps, &v->str, &v->len);
	case 't':
		v->type = DPG_JSON_BOOL;
		v->boolean = 1;
		return literal(ps, "true");
	case 'f':
		v->type = DPG_JSON_BOOL;
		return literal(ps, "false");
	case 'n':
		v->type = DPG_JSON_NULL;
		return literal(ps, "null");
	default:
		return parse_number(ps, v);
	}
}

int dpg_json_parse(struct dpg_json **out, const char *text, size_t len,
		   struct dpg_arena *a, struct dpg_error *err)
{
	struct parser ps = {text, text + len, 1, 0, a, err};
	struct dpg_json *v = dpg_arena_alloc(a, sizeof(*v));
	int rc;

	/* a UTF-8 byte order mark is tolerated */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		ps.p += 3;
	if ((rc = parse_value(&ps, v)) < 0)
		return rc;
	skip_ws(&ps);
	if (ps.p != ps.end)
		return fail(&ps, "trailing characters after the value");
	*out = v;
	return 0;
}

const struct dpg_json *dpg_json_get(const struct dpg_json *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != DPG_JSON_OBJECT)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return &obj->items[i];
	return NULL;
}

const char *dpg_json_get_str(const struct dpg_json *obj, const char *key)
{
	const struct dpg_json *v = dpg_json_get(obj, key);

	return v && v->type == DPG_JSON_STRING ? v->str : NULL;
}

int dpg_json_quote(struct dpg_buf *out, const char *s, size_t len,
		   struct dpg_error *err)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;
	int rc;

	if ((rc = dpg_buf_add(out, "\"", 1, err)) < 0)
		return rc;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
		size_t n = 2;

		if (c >= 0x80) {
			uint32_t cp;
			size_t u = dpg_utf8_decode(s + i, len - i, &cp);

			if (u && !dpg_cp_is_unsafe(cp)) {
				i += u - 1;
				continue;
			}
			if ((rc = dpg_buf_add(out, s + start, i - start, err)) <
			    0)
				return rc;
			if (u) {
				/* C1 controls, bidi overrides: escaped, so
				 * the JSON text itself stays inert */
				rc = dpg_buf_printf(out, err, "\\u%04x",
						    (unsigned int)cp);
				i += u - 1;
			} else {
				/* invalid UTF-8 becomes U+FFFD */
				rc = dpg_buf_add(out, "\\ufffd", 6, err);
			}
			if (rc < 0)
				return rc;
			start = i + 1;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		if ((rc = dpg_buf_add(out, s + start, i - start, err)) < 0)
			return rc;
		start = i + 1;
		switch (c) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\t':
			esc[1] = 't';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		if ((rc = dpg_buf_add(out, esc, n, err)) < 0)
			return rc;
	}
	if ((rc = dpg_buf_add(out, s + start, len - start, err)) < 0)
		return rc;
	return dpg_buf_add(out, "\"", 1, err);
}
