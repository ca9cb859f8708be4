/*
 * parse.c: reading rule files into a ruleset, with every problem reported
 * as "file:line: message" before the load fails.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dpg/buf.h"
#include "dpg/cache.h"
#include "dpg/rules.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "re_known.h"
#include "rules_int.h"
#include "dpg/banned.h"

#ifndef DPG_PREFIX
#define DPG_PREFIX "/usr/local"
#endif

/* ---- diagnostics ---- */

void dpg_rules_diag_add(struct dpg_rules_diag *d, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (d->n >= DPG_RULES_MAX_ERRORS) {
		d->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	dpg_grow(&d->msgs, &d->cap, d->n + 1, sizeof(*d->msgs));
	d->msgs[d->n++] = xstrdup(buf);
}

void dpg_rules_diag_release(struct dpg_rules_diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	d->msgs = NULL;
	d->n = d->cap = d->dropped = 0;
}

static size_t diag_total(const struct dpg_rules_diag *d)
{
	return d->n + d->dropped;
}

/* ---- rules ---- */

static void rule_free(struct dpg_rule *r)
{
	size_t i;

	if (!r)
		return;
	dpg_rules_re_free(r->re_path);
	dpg_rules_re_free(r->re_not_path);
	dpg_rules_re_free(r->re_content);
	dpg_rules_re_free(r->re_value);
	dpg_rules_re_free(r->re_dependency);
	if (!r->builtin) { /* else its strings are dpg_rules_known's */
		free(r->id);
		free(r->message);
		free(r->file);
		free(r->path);
		free(r->not_path);
		free(r->content);
		free(r->field);
		free(r->value);
		free(r->dependency);
		free(r->scope);
		for (i = 0; i < r->nexamples; i++)
			free(r->examples[i].text);
		free(r->examples);
	}
	free(r);
}

const char *dpg_rule_kind(const struct dpg_rule *r)
{
	if (r->is_scope)
		return "scope";
	if (r->dependency)
		return "dependency";
	if (r->field)
		return "field";
	if (r->content)
		return "content";
	return "path";
}

struct dpg_ruleset *dpg_ruleset_new(void)
{
	return xcalloc(1, sizeof(struct dpg_ruleset));
}

void dpg_ruleset_free(struct dpg_ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	dpg_rules_eval_release(rs);
	if (!rs->owner) {
		for (i = 0; i < rs->n; i++)
			rule_free(rs->rules[i]);
		free(rs->rules);
		free(rs->gen);
		for (i = 0; i < rs->nknown_files; i++)
			free(rs->known_files[i]);
		free(rs->known_files);
	}
	free(rs);
}

size_t dpg_ruleset_count(const struct dpg_ruleset *rs)
{
	return rs->n;
}

const struct dpg_rule *dpg_ruleset_rule(const struct dpg_ruleset *rs, size_t i)
{
	return i < rs->n ? rs->rules[i] : NULL;
}

static long find_index(const struct dpg_ruleset *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->rules[i]->id, id) == 0)
			return (long)i;
	return -1;
}

const struct dpg_rule *dpg_ruleset_find(const struct dpg_ruleset *rs,
					const char *id)
{
	long i = find_index(rs, id);

	return i < 0 ? NULL : rs->rules[i];
}

/* ---- the parser ---- */

/* Keys a rule may have (test.* keys are handled apart). */
enum key {
	K_INDICATOR,
	K_STRENGTH,
	K_MESSAGE,
	K_PATH,
	K_NOT_PATH,
	K_CONTENT,
	K_FIELD,
	K_VALUE,
	K_DEPENDENCY,
	K_MAX_FINDINGS,
	K_ENABLED,
	K_SCOPE,
	K_COUNT
};

static const char *const key_names[K_COUNT] = {
	"indicator",  "strength",     "message", "path",
	"not-path",   "content",      "field",	 "value",
	"dependency", "max-findings", "enabled", "scope",
};

/* Pattern keys may repeat: their values are alternatives. */
static int key_is_pattern(int k)
{
	return k == K_PATH || k == K_NOT_PATH || k == K_CONTENT ||
	       k == K_VALUE || k == K_DEPENDENCY;
}

uint32_t dpg_rules_key_flags(const char *key)
{
	if (strcmp(key, "content") == 0)
		return PCRE2_MULTILINE;
	return 0;
}

struct parser {
	struct dpg_ruleset *rs;
	const char *name;
	int override;
	struct dpg_rules_diag *diag;
	size_t nerr;

	struct dpg_rule *cur; /* rule being read, or NULL */
	int cur_bad;	      /* its header was invalid: drop it */
	size_t cur_nerr;      /* p->nerr when the rule started */
	unsigned int key_line[K_COUNT];
	int nrules;
};

static void perr(struct parser *p, unsigned int line, const char *fmt, ...)
	DPG_PRINTF(3, 4);

static void perr(struct parser *p, unsigned int line, const char *fmt, ...)
{
	char buf[800];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	dpg_rules_diag_add(p->diag, "%s:%u: %s", p->name, line, buf);
	p->nerr++;
}

static int valid_id(const char *s)
{
	const char *c;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	      (*s >= '0' && *s <= '9')))
		return 0;
	for (c = s; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
		      *c == '.'))
			return 0;
	}
	return c - s <= 100;
}

static char **key_slot(struct dpg_rule *r, int k)
{
	switch (k) {
	case K_MESSAGE:
		return &r->message;
	case K_PATH:
		return &r->path;
	case K_NOT_PATH:
		return &r->not_path;
	case K_CONTENT:
		return &r->content;
	case K_FIELD:
		return &r->field;
	case K_VALUE:
		return &r->value;
	case K_DEPENDENCY:
		return &r->dependency;
	case K_SCOPE:
		return &r->scope;
	default:
		return NULL;
	}
}

static int count_examples(const struct dpg_rule *r, int kind, int match)
{
	size_t i;
	int n = 0;

	for (i = 0; i < r->nexamples; i++)
		if (r->examples[i].kind == kind &&
		    (match < 0 || r->examples[i].match == match))
			n++;
	return n;
}

static const char *const example_kind_names[] = {"", "path", "content",
						 "dependency", "field"};

/* Whole-rule checks, once its last line is read. */
static void finish_rule(struct parser *p)
{
	struct dpg_rule *r = p->cur;
	struct dpg_ruleset *rs = p->rs;
	unsigned int hl;
	long at;
	int need = 0, k;
	size_t before = p->nerr;

	if (!r)
		return;
	p->cur = NULL;
	hl = r->line;
	if (p->cur_bad || p->nerr != p->cur_nerr) {
		/* its lines had errors: checking the whole would only
		 * repeat them */
		rule_free(r);
		return;
	}
	if (r->is_scope && !r->disabled) {
		if (!r->path)
			perr(p, hl, "scope '%s' has no 'path'", r->id + 6);
	} else if (!r->disabled) {
		int has_path = r->path || r->scope;

		if (r->path && r->scope)
			perr(p, hl,
			     "rule '%s' has both 'path' and 'scope': use one",
			     r->id);
		if (!r->indicator)
			perr(p, hl, "rule '%s' has no 'indicator'", r->id);
		if (!r->message)
			perr(p, hl, "rule '%s' has no 'message'", r->id);
		if (!has_path && !r->content && !r->field && !r->dependency)
			perr(p, hl,
			     "rule '%s' has no 'path', 'content', 'field' or "
			     "'dependency' pattern",
			     r->id);
		if (r->content && !has_path)
			perr(p, hl,
			     "rule '%s': 'content' needs a 'path' or a 'scope' "
			     "(use 'path = .' for every file)",
			     r->id);
		if (r->field && !has_path)
			perr(p, hl,
			     "rule '%s': 'field' needs a 'path' naming the "
			     "JSON manifests",
			     r->id);
		if (r->value && !r->field)
			perr(p, hl, "rule '%s': 'value' needs a 'field'",
			     r->id);
		if (r->not_path && !has_path)
			perr(p, hl, "rule '%s': 'not-path' needs a 'path'",
			     r->id);
		if ((r->content && r->field) ||
		    (r->dependency && (r->content || r->field)))
			perr(p, hl,
			     "rule '%s' mixes 'content', 'field' and "
			     "'dependency': use one per rule",
			     r->id);
		need = r->dependency ? DPG_RULE_EX_DEPENDENCY
		       : r->field    ? DPG_RULE_EX_FIELD
		       : r->content  ? DPG_RULE_EX_CONTENT
				     : DPG_RULE_EX_PATH;
		if (!count_examples(r, need, 1))
			perr(p, hl,
			     "rule '%s' has no positive example "
			     "(test.%s.match)",
			     r->id, example_kind_names[need]);
		if (!count_examples(r, need, 0))
			perr(p, hl,
			     "rule '%s' has no negative example "
			     "(test.%s.nomatch)",
			     r->id, example_kind_names[need]);
		for (k = DPG_RULE_EX_PATH; k <= DPG_RULE_EX_FIELD; k++) {
			int has = k == DPG_RULE_EX_PATH ? has_path
				  : k == DPG_RULE_EX_CONTENT
					  ? r->content != NULL
				  : k == DPG_RULE_EX_FIELD
					  ? r->field != NULL
					  : r->dependency != NULL;

			if (!has && count_examples(r, k, -1) &&
			    (has_path || r->content || r->field ||
			     r->dependency))
				perr(p, hl,
				     "rule '%s' has test.%s examples but no "
				     "'%s'",
				     r->id, example_kind_names[k],
				     k == DPG_RULE_EX_PATH ? "path"
				     : k == DPG_RULE_EX_FIELD
					     ? "field"
					     : example_kind_names[k]);
		}
	}
	if (p->nerr != before) {
		rule_free(r);
		return;
	}

	at = find_index(rs, r->id);
	if (at >= 0 && rs->gen[at] == rs->cur_gen) {
		perr(p, hl, "duplicate rule id '%s' (first defined at %s:%u)",
		     r->id, rs->rules[at]->file, rs->rules[at]->line);
		rule_free(r);
		return;
	}
	if (at >= 0 && !p->override) {
		perr(p, hl, "rule id '%s' is already defined at %s:%u", r->id,
		     rs->rules[at]->file, rs->rules[at]->line);
		rule_free(r);
		return;
	}
	if (at >= 0) {
		rule_free(rs->rules[at]);
		if (r->disabled) {
			memmove(rs->rules + at, rs->rules + at + 1,
				(rs->n - (size_t)at - 1) * sizeof(*rs->rules));
			memmove(rs->gen + at, rs->gen + at + 1,
				(rs->n - (size_t)at - 1) * sizeof(*rs->gen));
			rs->n--;
			rule_free(r);
			return;
		}
		rs->rules[at] = r;
		rs->gen[at] = rs->cur_gen;
		p->nrules++;
		return;
	}
	if (r->disabled) {
		/* nothing to disable: keep the id reserved in this load so
		 * that duplicates are still caught, but evaluate nothing */
		rule_free(r);
		return;
	}
	if (rs->n >= DPG_RULES_MAX_RULES) {
		perr(p, hl, "too many rules (more than %d)",
		     DPG_RULES_MAX_RULES);
		rule_free(r);
		return;
	}
	if (rs->n == rs->cap) {
		size_t cap = rs->cap;

		dpg_grow(&rs->rules, &cap, rs->n + 1, sizeof(*rs->rules));
		rs->gen = xrealloc(rs->gen, cap * sizeof(*rs->gen));
		rs->cap = cap;
	}
	rs->rules[rs->n] = r;
	rs->gen[rs->n] = rs->cur_gen;
	rs->n++;
	p->nrules++;
}

static void start_rule(struct parser *p, unsigned int line, const char *id)
{
	finish_rule(p);
	memset(p->key_line, 0, sizeof(p->key_line));
	p->cur = xcalloc(1, sizeof(*p->cur));
	p->cur->id = xstrdup(id);
	p->cur->file = xstrdup(p->name);
	p->cur->line = line;
	p->cur->strength = 1.0;
	p->cur->lazy = p->rs->lazy;
	p->cur_bad = 0;
	p->cur_nerr = p->nerr;
	p->cur->is_scope = dpg_starts_with(id, "scope.");
	if (!*id) {
		perr(p, line, "missing rule id in '[]'");
		p->cur_bad = 1;
	} else if (!valid_id(id) || (p->cur->is_scope && !id[6])) {
		perr(p, line,
		     "invalid rule id '%s' (letters, digits, '-', '_', '.'; "
		     "at most 100)",
		     id);
		p->cur_bad = 1;
	}
}

/* Resolve \n, \t and \\ in an example text. */
static char *unescape(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	while (*s) {
		if (s[0] == '\\' && s[1] == 'n') {
			*o++ = '\n';
			s += 2;
		} else if (s[0] == '\\' && s[1] == 't') {
			*o++ = '\t';
			s += 2;
		} else if (s[0] == '\\' && s[1] == '\\') {
			*o++ = '\\';
			s += 2;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

static void add_example(struct parser *p, unsigned int line, const char *key,
			const char *value)
{
	static const char *const kinds[] = {"path", "content", "dependency",
					    "field"};
	struct dpg_rule *r = p->cur;
	struct dpg_rule_example *ex;
	const char *rest = key + 5, *dot;
	size_t i, klen;
	int kind = 0, match;

	dot = strchr(rest, '.');
	klen = dot ? (size_t)(dot - rest) : strlen(rest);
	for (i = 0; i < DPG_ARRAY_SIZE(kinds); i++)
		if (strlen(kinds[i]) == klen &&
		    strncmp(rest, kinds[i], klen) == 0)
			kind = (int)i + 1;
	if (!kind || !dot ||
	    (strcmp(dot + 1, "match") != 0 &&
	     strcmp(dot + 1, "nomatch") != 0)) {
		perr(p, line,
		     "unknown key '%s' (examples are "
		     "test.{path,content,dependency,field}.{match,nomatch})",
		     key);
		return;
	}
	match = strcmp(dot + 1, "match") == 0;
	if (r->nexamples >= 1000) {
		perr(p, line, "too many examples in rule '%s'", r->id);
		return;
	}
	dpg_grow(&r->examples, &r->examples_cap, r->nexamples + 1,
		 sizeof(*r->examples));
	ex = &r->examples[r->nexamples++];
	ex->kind = kind;
	ex->match = match;
	ex->text = unescape(value);
	ex->line = line;
}

static int parse_strength(const char *v, double *out)
{
	char *end;
	double d;

	if (strcmp(v, "strong") == 0)
		*out = 1.0;
	else if (strcmp(v, "some") == 0)
		*out = 0.6;
	else if (strcmp(v, "weak") == 0)
		*out = 0.3;
	else {
		errno = 0;
		d = strtod(v, &end);
		if (errno || end == v || *end || !(d > 0.0 && d <= 1.0))
			return -1;
		*out = d;
	}
	return 0;
}

/* *slot = "(?:value)", or "*slot|(?:value)" when set: a pattern key
 * given again adds an alternative (no printf: 240 shipped patterns, each
 * a few hundred bytes long, at every start). */
static void join_pattern(char **slot, const char *value)
{
	size_t old = *slot ? strlen(*slot) : 0, n = strlen(value);
	char *s = xmalloc(old + n + 6), *q = s;

	if (old) {
		memcpy(q, *slot, old);
		q += old;
		*q++ = '|';
	}
	memcpy(q, "(?:", 3);
	memcpy(q + 3, value, n);
	q[3 + n] = ')';
	q[4 + n] = '\0';
	free(*slot);
	*slot = s;
}

static void set_key(struct parser *p, unsigned int line, const char *key,
		    const char *value)
{
	struct dpg_rule *r = p->cur;
	char **slot;
	int k;

	if (!r) {
		perr(p, line,
		     "'%s' outside of a rule (a rule starts with "
		     "'[rule-id]')",
		     key);
		return;
	}
	if (p->cur_bad)
		return;
	if (strncmp(key, "test.", 5) == 0) {
		if (r->is_scope) {
			perr(p, line,
			     "examples belong to rules, not to scope "
			     "'%s'",
			     r->id + 6);
			return;
		}
		add_example(p, line, key, value);
		return;
	}
	for (k = 0; k < K_COUNT; k++)
		if (strcmp(key, key_names[k]) == 0)
			break;
	if (k == K_COUNT) {
		perr(p, line, "unknown key '%s'", key);
		return;
	}
	if (r->is_scope && k != K_PATH && k != K_NOT_PATH && k != K_ENABLED) {
		perr(p, line,
		     "key '%s' in scope '%s' (a scope has only "
		     "'path' and 'not-path')",
		     key, r->id + 6);
		return;
	}
	if (p->key_line[k] && !key_is_pattern(k)) {
		perr(p, line, "duplicate key '%s' (first at line %u)", key,
		     p->key_line[k]);
		return;
	}
	if (!p->key_line[k])
		p->key_line[k] = line;
	if (!*value) {
		perr(p, line, "empty value for '%s'", key);
		return;
	}
	switch (k) {
	case K_INDICATOR:
		r->indicator = dpg_indicator_parse(value);
		if (r->indicator <= DPG_IND_NONE ||
		    r->indicator >= DPG_IND_COUNT) {
			r->indicator = 0;
			perr(p, line,
			     "unknown indicator '%s' (expected 1..8, 9a, 9b "
			     "or 9c)",
			     value);
			/* keep the rule's other errors meaningful */
			r->indicator = -1;
		}
		return;
	case K_STRENGTH:
		if (parse_strength(value, &r->strength) < 0)
			perr(p, line,
			     "bad strength '%s' (strong, some, weak or a "
			     "number in (0, 1])",
			     value);
		return;
	case K_MAX_FINDINGS: {
		char *end;
		unsigned long n;

		errno = 0;
		n = strtoul(value, &end, 10);
		if (errno || *end || n < 1 || n > 1000 || *value == '-')
			perr(p, line, "bad max-findings '%s' (1..1000)", value);
		else
			r->max_findings = (unsigned int)n;
		return;
	}
	case K_ENABLED:
		if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0)
			r->disabled = 0;
		else if (strcmp(value, "no") == 0 ||
			 strcmp(value, "false") == 0)
			r->disabled = 1;
		else
			perr(p, line, "bad enabled '%s' (yes or no)", value);
		return;
	default:
		break;
	}

	slot = key_slot(r, k);
	if (key_is_pattern(k)) {
		char msg[300];
		/* shipped rules are checked by make check, not at each load */
		pcre2_code *code =
			r->lazy ? NULL
				: dpg_rules_re_compile(value,
						       dpg_rules_key_flags(key),
						       msg, sizeof(msg));

		if (!code && !r->lazy) {
			perr(p, line, "bad pattern in '%s' %s", key, msg);
			return;
		}
		pcre2_code_free(code);
		join_pattern(slot, value);
		return;
	}
	if (k == K_FIELD) {
		const char *c;

		for (c = value; *c; c++)
			if (*c == ' ' || *c == '\t')
				break;
		if (*c || value[0] == '.' || strstr(value, "..") ||
		    dpg_ends_with(value, ".")) {
			perr(p, line,
			     "bad field '%s' (a dotted JSON path such as "
			     "scripts.test)",
			     value);
			return;
		}
	}
	*slot = xstrdup(value);
}

static char *trim(char *s, char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s &&
	       (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	*end = '\0';
	return s;
}

static void parse_line(struct parser *p, unsigned int lineno, char *s)
{
	char *eq, *key, *value, *end = s + strlen(s);

	s = trim(s, end);
	if (!*s || *s == '#' || *s == ';')
		return;
	if (*s == '[') {
		char *close = strrchr(s, ']');

		if (!close || close[1]) {
			finish_rule(p);
			perr(p, lineno,
			     "bad rule header '%s' (expected '[rule-id]')", s);
			/* swallow the rule's keys without more noise */
			p->cur = xcalloc(1, sizeof(*p->cur));
			p->cur->id = xstrdup("");
			p->cur_bad = 1;
			return;
		}
		start_rule(p, lineno, trim(s + 1, close));
		return;
	}
	eq = strchr(s, '=');
	if (!eq) {
		perr(p, lineno,
		     "expected 'key = value' or '[rule-id]', got '%.60s'", s);
		return;
	}
	key = trim(s, eq);
	value = trim(eq + 1, eq + 1 + strlen(eq + 1));
	if (!*key) {
		perr(p, lineno, "missing key before '='");
		return;
	}
	set_key(p, lineno, key, value);
}

static int parse_text(struct dpg_ruleset *rs, const char *name,
		      const char *text, size_t len, int override,
		      struct dpg_rules_diag *diag, struct dpg_error *err)
{
	struct parser p;
	const char *s = text, *end = text + len;
	unsigned int lineno = 0;
	size_t first = diag->n;
	char *line = xmalloc(DPG_RULES_MAX_LINE + 1);

	memset(&p, 0, sizeof(p));
	p.rs = rs;
	p.name = name;
	p.override = override;
	p.diag = diag;
	rs->compiled = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		s += 3; /* a UTF-8 byte order mark */
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		lineno++;
		if (memchr(s, '\0', n)) {
			perr(&p, lineno, "NUL byte in a rule file");
		} else if (n > DPG_RULES_MAX_LINE) {
			perr(&p, lineno, "line longer than %d bytes",
			     DPG_RULES_MAX_LINE);
		} else {
			memcpy(line, s, n);
			line[n] = '\0';
			parse_line(&p, lineno, line);
		}
		s += n + (nl ? 1 : 0);
	}
	finish_rule(&p);
	free(line);
	if (p.nerr) {
		if (diag->n > first)
			return dpg_error_set(err, DPG_EINPUT, "%s",
					     diag->msgs[first]);
		return dpg_error_set(err, DPG_EINPUT, "invalid rule file '%s'",
				     name);
	}
	return p.nrules;
}

int dpg_ruleset_parse(struct dpg_ruleset *rs, const char *name,
		      const char *text, size_t len, int override,
		      struct dpg_rules_diag *diag, struct dpg_error *err)
{
	rs->cur_gen++;
	return parse_text(rs, name, text, len, override, diag, err);
}

/* ---- files and directories ---- */

static int read_file(const char *path, char **out, size_t *len,
		     struct dpg_error *err)
{
	struct dpg_buf b = DPG_BUF_INIT(DPG_RULES_MAX_FILE_SIZE);
	int rc = dpg_buf_read_file(&b, path, "rule file", 0, err);

	if (rc < 0) {
		dpg_buf_release(&b);
		return rc;
	}
	*out = dpg_buf_detach(&b, len);
	return 0;
}

static int load_file(struct dpg_ruleset *rs, const char *path, int override,
		     struct dpg_rules_diag *diag, struct dpg_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	rc = read_file(path, &text, &len, err);
	if (rc == DPG_ELIMIT) {
		/* too large is invalid input (exit 4); a file that cannot be
		 * read at all keeps its code (exit 2), out of diag */
		rc = dpg_error_set(err, DPG_EINPUT,
				   "%s:0: larger than %u bytes", path,
				   DPG_RULES_MAX_FILE_SIZE);
		dpg_rules_diag_add(diag, "%s", err->msg);
	}
	if (rc < 0)
		return rc;
	rc = parse_text(rs, path, text, len, override, diag, err);
	free(text);
	return rc;
}

int dpg_ruleset_load_file(struct dpg_ruleset *rs, const char *path,
			  int override, struct dpg_rules_diag *diag,
			  struct dpg_error *err)
{
	rs->cur_gen++;
	return load_file(rs, path, override, diag, err);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The paths of the "*.rules" files of dir (dot files only with dots),
 * sorted, in *names (*n of them); 0 or a negative code (also in diag
 * when there are too many). */
static int list_dir(const char *dir, int dots, char ***names, size_t *n,
		    struct dpg_rules_diag *diag, struct dpg_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0;
	int rc = 0;

	*names = NULL;
	*n = 0;
	if (!d)
		return dpg_error_set(err,
				     errno == ENOENT ? DPG_ENOTFOUND : DPG_EIO,
				     "cannot open rules directory '%s': %s",
				     dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if ((de->d_name[0] == '.' && !dots) ||
		    !dpg_ends_with(de->d_name, ".rules"))
			continue;
		if (*n >= DPG_RULES_MAX_FILES) {
			rc = dpg_error_set(err, DPG_EINPUT,
					   "more than %d rule files in '%s'",
					   DPG_RULES_MAX_FILES, dir);
			dpg_rules_diag_add(diag, "%s", err->msg);
			break;
		}
		dpg_grow(names, &cap, *n + 1, sizeof(**names));
		(*names)[(*n)++] = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof(**names), cmp_str);
	return rc;
}

int dpg_ruleset_load_dir(struct dpg_ruleset *rs, const char *dir, int override,
			 struct dpg_rules_diag *diag, struct dpg_error *err)
{
	char **names = NULL;
	size_t n = 0, i, before = diag_total(diag);
	int rc, total = 0;

	rc = list_dir(dir, 0, &names, &n, diag, err);
	if (rc == DPG_ENOTFOUND || rc == DPG_EIO)
		return rc;
	if (rc == 0) {
		rs->cur_gen++;
		for (i = 0; i < n; i++) {
			struct stat st;

			if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode))
				continue;
			rc = load_file(rs, names[i], override, diag, err);
			if (rc > 0)
				total += rc;
			if (rc < 0 && rc != DPG_EINPUT)
				break; /* unreadable: exit 2, not 4 */
		}
		if (rc == DPG_EINPUT || i == n)
			rc = 0;
	}
	free_names(names, n);
	if (rc < 0)
		return rc;
	if (diag_total(diag) != before)
		return dpg_error_set(err, DPG_EINPUT, "%s",
				     diag->n > before ? diag->msgs[before]
						      : "invalid rules");
	return total;
}

/* The directory last found to hold the table's files (by
 * dpg_rules_fingerprint_dir, which read them), and its stamp then:
 * loading it with the same stamp needs no second read of its files. */
static struct dpg_seen_dir seen;

/* A stamp of the n files: their names, sizes and modification times. */
static unsigned long long files_stamp(char *const *names, size_t n)
{
	unsigned long long h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++) {
		struct stat st;
		long long v[3] = {-1, 0, 0};

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			v[0] = (long long)st.st_size;
			v[1] = (long long)st.st_mtim.tv_sec;
			v[2] = (long long)st.st_mtim.tv_nsec;
		}
		h = dpg_fnv1a64_more(h, names[i], strlen(names[i]) + 1);
		h = dpg_fnv1a64_more(h, v, sizeof(v));
	}
	return h;
}

/* Are the rule files of dir (with dot files when dots) those of
 * dpg_rules_known_files, byte for byte?  (Any doubt, such as a file that
 * cannot be read, is a no: the files are then parsed, and the problem
 * reported as it was.)  *stamp: theirs (files_stamp) when the names are
 * the table's, taken before their texts are read. */
static int known_files(const char *dir, int dots, char ***names, size_t *n,
		       unsigned long long *stamp)
{
	const struct dpg_known_file *f = dpg_rules_known_files;
	struct dpg_rules_diag diag = DPG_RULES_DIAG_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	size_t i;
	int same = dpg_rules_known_nfiles > 0 &&
		   list_dir(dir, dots, names, n, &diag, &err) == 0 &&
		   *n == dpg_rules_known_nfiles;

	dpg_rules_diag_release(&diag);
	for (i = 0; same && i < *n; i++)
		same = !strcmp((*names)[i] + strlen(dir) + 1, f[i].name);
	if (!same)
		return 0;
	*stamp = files_stamp(*names, *n);
	if (dpg_seen_dir_is(&seen, dir, *stamp))
		return 1;
	for (i = 0; same && i < *n; i++) {
		char *text = NULL;
		size_t len = 0;

		same = read_file((*names)[i], &text, &len, &err) == 0 &&
		       len == f[i].len && !memcmp(text, f[i].text, len);
		free(text);
	}
	return same;
}

int dpg_rules_fingerprint_dir(struct dpg_buf *fp, const char *dir,
			      struct dpg_error *err)
{
	const struct dpg_known_file *f = dpg_rules_known_files;
	char **names = NULL;
	size_t n = 0, i;
	unsigned long long stamp = 0;
	int rc = 0;

	if (!dir || !known_files(dir, 1, &names, &n, &stamp)) {
		free_names(names, n);
		return dpg_cache_hash_dir(fp, dir, ".rules", err);
	}
	dpg_seen_dir_set(&seen, dir, stamp);
	/* what dpg_cache_hash_dir writes for these files ("%s %s\n", put
	 * in pieces: formatting was a third of this) */
	for (i = 0; i < n && rc == 0; i++)
		if ((rc = dpg_buf_puts(fp, f[i].name, err)) == 0 &&
		    (rc = dpg_buf_add(fp, " ", 1, err)) == 0 &&
		    (rc = dpg_buf_puts(fp, f[i].hash, err)) == 0)
			rc = dpg_buf_add(fp, "\n", 1, err);
	free_names(names, n);
	return rc;
}

/* The shipped rules of dir from the table made at build time, when dir
 * holds its files; the number of rules, or 0 when it does not. */
static int load_known(struct dpg_ruleset *rs, const char *dir)
{
	char **names = NULL;
	size_t n = 0, i;
	unsigned long long stamp;

	if (rs->n || !known_files(dir, 0, &names, &n, &stamp)) {
		free_names(names, n);
		return 0;
	}
	/* the paths the parse would name the files with */
	rs->known_files = names;
	rs->nknown_files = n;
	rs->cur_gen++;
	rs->n = rs->cap = dpg_rules_nknown;
	rs->rules = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->rules));
	rs->gen = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->gen));
	for (i = 0; i < rs->n; i++) {
		struct dpg_rule *r = xmalloc(sizeof(*r));

		dpg_rules_known_rule(r, &dpg_rules_known[i]);
		r->file = names[dpg_rules_known[i].file];
		rs->rules[i] = r;
		rs->gen[i] = rs->cur_gen;
	}
	return (int)rs->n;
}

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The candidates for the rules directory installed with this executable
 * (the build tree's build/../rules, then PREFIX/bin/../share/dpgaudit/
 * rules), each resolved, found once a process: the executable does not
 * move.  Every call still checks which one is a directory. */
static const char *const exe_rel[] = {"/../rules", "/../share/dpgaudit/rules"};
static char *exe_cand[DPG_ARRAY_SIZE(exe_rel)];
static pthread_once_t exe_once = PTHREAD_ONCE_INIT;

static void exe_find(void)
{
	char exe[4096], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t i;

	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	for (i = 0; i < DPG_ARRAY_SIZE(exe_rel); i++) {
		char *cand = xasprintf("%s%s", exe, exe_rel[i]);
		char *real = realpath(cand, NULL);

		exe_cand[i] = real ? xstrdup(real) : cand;
		if (real)
			free(cand);
		free(real);
	}
}

void dpg_rules_ship_dir(const char *dir)
{
	char *real = realpath(dir, NULL);

	pthread_once(&exe_once, exe_find);
	free(exe_cand[0]);
	exe_cand[0] = xstrdup(real ? real : dir);
	free(real);
}

/* The rules directory installed with this executable, resolved;
 * malloc'd, or NULL when none exists. */
static char *exe_rules_dir(void)
{
	size_t i;

	pthread_once(&exe_once, exe_find);
	for (i = 0; i < DPG_ARRAY_SIZE(exe_rel); i++)
		if (exe_cand[i] && is_dir(exe_cand[i]))
			return xstrdup(exe_cand[i]);
	return NULL;
}

int dpg_rules_default_dir(char **out, struct dpg_error *err)
{
	const char *env = getenv("DPGAUDIT_RULES");

	*out = NULL;
	if (env && *env) {
		*out = xstrdup(env);
		if (!is_dir(env))
			return dpg_error_set(
				err, DPG_ENOTFOUND,
				"rules directory '%s' (from DPGAUDIT_RULES) "
				"does not exist",
				env);
		return 0;
	}
	*out = exe_rules_dir();
	if (*out)
		return 0;
	*out = xstrdup(DPG_PREFIX "/share/dpgaudit/rules");
	if (!is_dir(*out))
		return dpg_error_set(err, DPG_ENOTFOUND,
				     "no rules directory found (set "
				     "DPGAUDIT_RULES; tried '%s')",
				     *out);
	return 0;
}

int dpg_rules_shipped(const char *dir)
{
	char *real = realpath(dir, NULL), *ship = exe_rules_dir();
	size_t n = ship ? strlen(ship) : 0;
	int yes;

	if (!ship) {
		char *p = realpath(DPG_PREFIX "/share/dpgaudit/rules", NULL);

		ship = p ? xstrdup(p) : NULL;
		free(p);
		n = ship ? strlen(ship) : 0;
	}
	yes = real && ship && !strncmp(real, ship, n) &&
	      (real[n] == '\0' || real[n] == '/');
	free(real);
	free(ship);
	return yes;
}

int dpg_ruleset_load(struct dpg_ruleset **out, const char *extra_dir,
		     struct dpg_rules_diag *diag, struct dpg_error *err)
{
	struct dpg_ruleset *rs = dpg_ruleset_new();
	char *dir = NULL;
	int rc, rc2 = 0;

	*out = NULL;
	rc = dpg_rules_default_dir(&dir, err);
	rs->lazy = rc == 0 && dpg_rules_shipped(dir);
	if (rc == 0 && !(rs->lazy && !extra_dir && load_known(rs, dir) > 0))
		rc = dpg_ruleset_load_dir(rs, dir, 0, diag, err);
	rs->lazy = 0;
	free(dir);
	if (rc >= 0 || rc == DPG_EINPUT) {
		/* read the user's rules too, so that all errors are shown */
		if (extra_dir) {
			struct dpg_error e2 = DPG_ERROR_INIT;

			rc2 = dpg_ruleset_load_dir(rs, extra_dir, 1, diag, &e2);
			if (rc2 < 0 && rc >= 0) {
				rc = rc2;
				*err = e2;
			}
		}
	}
	if (rc >= 0)
		rc = dpg_ruleset_compile(rs, diag, err);
	if (rc < 0) {
		dpg_ruleset_free(rs);
		return rc;
	}
	*out = rs;
	return 0;
}
