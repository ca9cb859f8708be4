/*
 * vocab.c: load and validate SDG vocabulary files (rules/sdg/NN-name.sdg).
 *
 * The format (docs/SDG.md has the full description):
 *
 *   # comment (say which SDG target the group below comes from)
 *   goal 3 Good Health and Well-being
 *   window 200
 *   3    /malaria|tuberculosis/
 *   1    /water/  near /drinking|sanitation/  unless /watermark/
 *   -2   /health check/
 *
 * A term line is a weight, a /PCRE2 pattern/ with optional flags (c: case
 * sensitive; n: counts even where it is used as a name, e.g. "Kolibri is
 * a ...") and optional conditions: near /P/ (a match of P must be in
 * the window around the term), unless /P/ (no match of P in the window),
 * not /P/ (no match of P overlapping the term).  Every error of a file is
 * collected as "file:line: message".
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dpg/buf.h"
#include "dpg/cache.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "dpg/prefilter.h"
#include "dpg/rules.h"
#include "sdg_int.h"
#include "dpg/banned.h"

#define SDG_FILE_MAX   (1024 * 1024)
#define SDG_LINE_MAX   4096
#define SDG_TERMS_MAX  20000
#define SDG_FILES_MAX  256
#define SDG_ERRORS_MAX 200
#define SDG_WEIGHT_MAX 20.0

static const char *const goal_names[DPG_SDG_GOALS] = {
	"No Poverty",
	"Zero Hunger",
	"Good Health and Well-being",
	"Quality Education",
	"Gender Equality",
	"Clean Water and Sanitation",
	"Affordable and Clean Energy",
	"Decent Work and Economic Growth",
	"Industry, Innovation and Infrastructure",
	"Reduced Inequalities",
	"Sustainable Cities and Communities",
	"Responsible Consumption and Production",
	"Climate Action",
	"Life Below Water",
	"Life on Land",
	"Peace, Justice and Strong Institutions",
	"Partnerships for the Goals",
};

const char *dpg_sdg_goal_name(int goal)
{
	return goal >= 1 && goal <= DPG_SDG_GOALS ? goal_names[goal - 1] : NULL;
}

const char *dpg_sdg_strength_name(int strength)
{
	switch (strength) {
	case DPG_SDG_STRONG:
		return "strong";
	case DPG_SDG_SOME:
		return "some";
	default:
		return "none";
	}
}

/* ------------------------------------------------------------------ */
/* Terms */

static void free_lits(struct sdg_term *t)
{
	free(t->lits);
	t->lits = NULL;
	t->nlits = 0;
}

static void term_release(struct sdg_term *t)
{
	dpg_re_release(&t->re);
	dpg_re_release(&t->near);
	dpg_re_release(&t->unless);
	dpg_re_release(&t->not_);
	free(t->file);
	free(t->wrapped);
	dpg_sdg_pre_free(t);
	free_lits(t);
}

struct dpg_sdg_vocab *dpg_sdg_vocab_new(void)
{
	return xcalloc(1, sizeof(struct dpg_sdg_vocab));
}

void dpg_sdg_vocab_free(struct dpg_sdg_vocab *v)
{
	size_t i;

	if (!v || v->builtin)
		return;
	for (i = 0; i < v->n; i++)
		term_release(&v->terms[i]);
	free(v->terms);
	dpg_lits_free(v->anchors);
	free(v->lit_first);
	free(v->lit_pat);
	free(v->order);
	free(v);
}

size_t dpg_sdg_vocab_count(const struct dpg_sdg_vocab *v, int goal)
{
	size_t i, n = 0;

	for (i = 0; i < v->n; i++)
		if (!goal || v->terms[i].goal == goal)
			n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* Parsing */

struct parse {
	const char *name;
	unsigned int line;
	struct dpg_buf *errs;
	unsigned int nerrs;
	int lazy; /* shipped: compile patterns at first use (dpg_re) */
};

static void perr(struct parse *ps, const char *fmt, ...) DPG_PRINTF(2, 3);

static void perr(struct parse *ps, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	ps->nerrs++;
	if (ps->nerrs > SDG_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ps->nerrs == SDG_ERRORS_MAX)
		(void)dpg_buf_printf(ps->errs, NULL,
				     "%s:%u: too many errors, giving up\n",
				     ps->name, ps->line);
	else
		(void)dpg_buf_printf(ps->errs, NULL, "%s:%u: %s\n", ps->name,
				     ps->line, msg);
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Read a /pattern/flags token at *pp into out (PCRE2 source, spaces made
 * \s+) and *caseless; advance *pp.  Returns 0, or -1 after reporting.
 */
static int read_pattern(struct parse *ps, const char **pp, const char *end,
			const char *what, struct dpg_buf *out, int *caseless,
			int *name_ok)
{
	const char *p = *pp;
	int in_class = 0, closed = 0;
	char *o;

	dpg_buf_reset(out);
	*caseless = 1;
	if (name_ok)
		*name_ok = 0;
	if (p >= end || *p != '/') {
		perr(ps, "expected /pattern/ for %s", what);
		return -1;
	}
	/* written in place: a byte of the line gives at most 3 ("\\s+") */
	if (dpg_buf_grow(out, 3 * (size_t)(end - p) + 1, NULL) < 0) {
		perr(ps, "pattern too long for %s", what);
		return -1;
	}
	o = out->ptr;
	for (p++; p < end; p++) {
		char c = *p;

		if (c == '\\' && p + 1 < end) {
			*o++ = c;
			*o++ = *++p;
			continue;
		}
		if (in_class) {
			if (c == ']')
				in_class = 0;
			*o++ = c;
			continue;
		}
		if (c == '[') {
			in_class = 1;
			*o++ = c;
			/* a ']' first in a class is literal */
			if (p + 1 < end && p[1] == '^')
				*o++ = *++p;
			if (p + 1 < end && p[1] == ']')
				*o++ = *++p;
			continue;
		}
		if (c == '/') {
			closed = 1;
			p++;
			break;
		}
		if (c == ' ' || c == '\t') {
			while (p + 1 < end && (p[1] == ' ' || p[1] == '\t'))
				p++;
			/* "a ?b": optional whitespace; "a b": some */
			*o++ = '\\';
			*o++ = 's';
			if (p + 1 < end && (p[1] == '?' || p[1] == '*')) {
				p++;
				*o++ = '*';
			} else {
				if (p + 1 < end && p[1] == '+')
					p++;
				*o++ = '+';
			}
			continue;
		}
		*o++ = c;
	}
	out->len = (size_t)(o - out->ptr);
	out->ptr[out->len] = '\0';
	if (!closed) {
		perr(ps, "unterminated pattern for %s (missing '/')", what);
		return -1;
	}
	for (; p < end && !is_ws(*p); p++) {
		if (*p == 'c') {
			*caseless = 0;
		} else if (*p == 'n' && name_ok) {
			*name_ok = 1;
		} else {
			perr(ps, "unknown pattern flag '%c' for %s", *p, what);
			return -1;
		}
	}
	if (out->len == 0) {
		perr(ps, "empty pattern for %s", what);
		return -1;
	}
	*pp = p;
	return 0;
}

static char *wrap_pattern(const char *src, size_t len, int caseless)
{
	/* (?i:(?<!\w)(?:SRC)(?!\w)), or (?-i: */
	static const char head[] = ":(?<!\\w)(?:", tail[] = ")(?!\\w))";
	const char *mode = caseless ? "(?i" : "(?-i";
	size_t m = strlen(mode);
	char *w = xmalloc(m + sizeof(head) - 1 + len + sizeof(tail));
	char *o = w;

	memcpy(o, mode, m);
	o += m;
	memcpy(o, head, sizeof(head) - 1);
	o += sizeof(head) - 1;
	memcpy(o, src, len);
	o += len;
	memcpy(o, tail, sizeof(tail)); /* with its NUL */
	return w;
}

#define RE_FLAGS                                                               \
	(PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF |                     \
	 PCRE2_USE_OFFSET_LIMIT)

/* Compile wrapped into r (JIT-compiled once busy: struct dpg_re), or
 * only at its first use for the shipped vocabulary; -1 when invalid. */
static int compile_re(struct parse *ps, struct dpg_re *r, const char *wrapped,
		      const char *what)
{
	int ec = 0;
	PCRE2_SIZE off = 0;
	pcre2_code *re;

	if (ps->lazy) {
		dpg_re_init_lazy(r, wrapped, RE_FLAGS);
		return 0;
	}
	re = pcre2_compile((PCRE2_SPTR)wrapped, PCRE2_ZERO_TERMINATED, RE_FLAGS,
			   &ec, &off, NULL);
	dpg_re_init(r, re);
	if (!re) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(ec, msg, sizeof(msg));
		perr(ps, "invalid pattern for %s: %s", what, (char *)msg);
		return -1;
	}
	return 0;
}

static int parse_uint(const char *s, const char *end, long lo, long hi,
		      long *out, const char **next)
{
	long n = 0;
	const char *p = s;

	if (p >= end || *p < '0' || *p > '9')
		return -1;
	while (p < end && *p >= '0' && *p <= '9') {
		n = n * 10 + (*p - '0');
		if (n > hi)
			return -1;
		p++;
	}
	if (p < end && !is_ws(*p) && *p != '#')
		return -1;
	if (n < lo)
		return -1;
	*out = n;
	*next = p;
	return 0;
}

static int parse_weight(const char *s, const char *end, double *out,
			const char **next)
{
	char tmp[32];
	size_t n = 0;
	char *e;
	double w;

	while (s + n < end && !is_ws(s[n]) && n < sizeof(tmp) - 1)
		n++;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	if (n == 0 || (s + n < end && !is_ws(s[n])))
		return -1;
	errno = 0;
	w = strtod(tmp, &e);
	if (*e || errno || w != w)
		return -1;
	*out = w;
	*next = s + n;
	return 0;
}

struct state {
	int goal;
	unsigned int window;
};

/* Parse one term line into t (fields set, patterns compiled). */
static int parse_term(struct parse *ps, struct state *st, const char *p,
		      const char *end, struct sdg_term *t)
{
	struct dpg_buf pat = DPG_BUF_INIT(SDG_LINE_MAX * 4);
	int caseless, bad = 0;
	char *wrapped;

	memset(t, 0, sizeof(*t));
	if (parse_weight(p, end, &t->weight, &p) < 0) {
		perr(ps, "expected a weight (a number) or a directive");
		return -1;
	}
	if (t->weight < -SDG_WEIGHT_MAX || t->weight > SDG_WEIGHT_MAX ||
	    t->weight == 0) {
		perr(ps, "weight %g out of range (non-zero, -20..20)",
		     t->weight);
		bad = 1;
	}
	if (!st->goal) {
		perr(ps, "term before any 'goal' line");
		bad = 1;
	}
	p = skip_ws(p, end);
	if (read_pattern(ps, &p, end, "the term", &pat, &caseless,
			 &t->name_ok) < 0)
		goto fail;
	t->caseless = caseless;
	t->wrapped = wrap_pattern(pat.ptr, pat.len, caseless);
	if (compile_re(ps, &t->re, t->wrapped, "the term") < 0)
		bad = 1;
	for (;;) {
		const char *kw = skip_ws(p, end);
		const char *ke = kw;
		struct dpg_re *slot;
		char what[16];

		if (kw >= end || *kw == '#')
			break;
		while (ke < end && !is_ws(*ke))
			ke++;
		if ((size_t)(ke - kw) == 4 && !memcmp(kw, "near", 4)) {
			slot = &t->near;
		} else if ((size_t)(ke - kw) == 6 && !memcmp(kw, "unless", 6)) {
			slot = &t->unless;
		} else if ((size_t)(ke - kw) == 3 && !memcmp(kw, "not", 3)) {
			slot = &t->not_;
		} else {
			perr(ps, "unknown condition '%.*s' (near, unless, not)",
			     (int)(ke - kw > 40 ? 40 : ke - kw), kw);
			goto fail;
		}
		snprintf(what, sizeof(what), "'%.*s'", (int)(ke - kw), kw);
		if (dpg_re_present(slot)) {
			perr(ps, "duplicate %s condition", what);
			goto fail;
		}
		p = skip_ws(ke, end);
		if (read_pattern(ps, &p, end, what, &pat, &caseless, NULL) < 0)
			goto fail;
		wrapped = wrap_pattern(pat.ptr, pat.len, caseless);
		if (compile_re(ps, slot, wrapped, what) < 0)
			bad = 1;
		free(wrapped);
	}
	dpg_buf_release(&pat);
	if (bad)
		goto fail_released;
	t->goal = st->goal;
	t->window = st->window;
	t->line = ps->line;
	return 0;
fail:
	dpg_buf_release(&pat);
fail_released:
	term_release(t);
	memset(t, 0, sizeof(*t));
	return -1;
}

static void append_errors(char **errors, struct dpg_buf *b)
{
	char *old;

	if (!errors || !b->len)
		return;
	old = *errors;
	*errors = xasprintf("%s%s", old ? old : "", b->ptr);
	free(old);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Parse one file into v; its terms join the anchor index when index is
 * set (dpg_sdg_vocab_load indexes all files' terms once, at the end). */
static int add_text(struct dpg_sdg_vocab *v, const char *name, const char *text,
		    size_t len, char **errors, struct dpg_error *err, int index,
		    int lazy)
{
	struct dpg_buf errs = DPG_BUF_INIT(64 * 1024);
	struct parse ps = {name, 0, &errs, 0, lazy};
	struct state st = {0, SDG_WINDOW_DEFAULT};
	const char *p = text, *end = text + len;
	size_t first = v->n, i;
	int added = 0;

	if (v->builtin)
		DPG_BUG("adding to the built-in vocabulary");
	if (len > SDG_FILE_MAX) {
		ps.line = 0;
		perr(&ps, "file too large (over %d bytes)", SDG_FILE_MAX);
		goto out;
	}
	if (memchr(text, 0, len)) {
		perr(&ps, "file contains a NUL byte");
		goto out;
	}
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		const char *q = skip_ws(p, le);

		ps.line++;
		p = eol ? eol + 1 : end;
		if (q >= le || *q == '#')
			continue;
		if (le - q > SDG_LINE_MAX) {
			perr(&ps, "line too long (over %d bytes)",
			     SDG_LINE_MAX);
			continue;
		}
		if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')) {
			const char *we = q;
			long n;

			while (we < le && !is_ws(*we))
				we++;
			if (we - q == 4 && !memcmp(q, "goal", 4)) {
				q = skip_ws(we, le);
				if (parse_uint(q, le, 1, DPG_SDG_GOALS, &n,
					       &q) < 0) {
					perr(&ps, "goal must be a number "
						  "1..17");
					st.goal = 0;
					continue;
				}
				st.goal = (int)n;
				/* the rest of the line is the goal's name */
			} else if (we - q == 6 && !memcmp(q, "window", 6)) {
				q = skip_ws(we, le);
				if (parse_uint(q, le, 1, SDG_WINDOW_MAX, &n,
					       &q) < 0 ||
				    (skip_ws(q, le) < le &&
				     *skip_ws(q, le) != '#')) {
					perr(&ps,
					     "window must be a number "
					     "1..%d (bytes)",
					     SDG_WINDOW_MAX);
					continue;
				}
				st.window = (unsigned int)n;
			} else {
				perr(&ps,
				     "unknown directive '%.*s' (goal, "
				     "window, or a term's weight)",
				     (int)(we - q > 40 ? 40 : we - q), q);
			}
			continue;
		}
		if (v->n >= SDG_TERMS_MAX) {
			perr(&ps, "too many terms (over %d)", SDG_TERMS_MAX);
			break;
		}
		dpg_grow(&v->terms, &v->cap, v->n + 1, sizeof(*v->terms));
		if (parse_term(&ps, &st, q, le, &v->terms[v->n]) < 0)
			continue;
		v->terms[v->n].file = xstrdup(base_name(name));
		/* the literals one of which every match holds (a term without
		 * any is always run) */
		/* its required literals: dpg_sdg_index() */
		v->n++;
		added++;
	}
out:
	if (ps.nerrs) {
		for (i = first; i < v->n; i++)
			term_release(&v->terms[i]);
		v->n = first;
		append_errors(errors, &errs);
		dpg_error_set(err, DPG_EINPUT, "%.*s",
			      (int)strcspn(errs.ptr, "\n"), errs.ptr);
		dpg_buf_release(&errs);
		return DPG_EINPUT;
	}
	dpg_buf_release(&errs);
	if (index)
		dpg_sdg_index(v, first);
	return added;
}

int dpg_sdg_vocab_add_text(struct dpg_sdg_vocab *v, const char *name,
			   const char *text, size_t len, char **errors,
			   struct dpg_error *err)
{
	return add_text(v, name, text, len, errors, err, 1, 0);
}

/* ------------------------------------------------------------------ */
/* Directories */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted *.sdg names of dir into *names; returns count or < 0. */
static int list_dir(char ***names, const char *dir, int missing_ok,
		    struct dpg_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0, cap = 0;

	*names = NULL;
	if (!d) {
		if (errno == ENOENT || errno == ENOTDIR) {
			if (missing_ok)
				return 0;
			return dpg_error_set(
				err, DPG_ENOTFOUND,
				"cannot open vocabulary directory '%s'", dir);
		}
		return dpg_error_set(err, DPG_EIO,
				     "cannot read vocabulary directory '%s': "
				     "%s",
				     dir, strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !dpg_ends_with(de->d_name, ".sdg"))
			continue;
		if (n >= SDG_FILES_MAX)
			break;
		dpg_grow(names, &cap, n + 1, sizeof(**names));
		(*names)[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(*names, n, sizeof(**names), cmp_str);
	return (int)n;
}

static void free_names(char **names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int read_file(char **out, size_t *len, const char *path,
		     struct dpg_error *err)
{
	struct dpg_buf b = DPG_BUF_INIT(SDG_FILE_MAX);
	int rc = dpg_buf_read_file(&b, path, "vocabulary file", 0, err);

	if (rc < 0) {
		dpg_buf_release(&b);
		return rc;
	}
	*out = dpg_buf_detach(&b, len);
	return 0;
}

static unsigned long long dir_stamp(unsigned long long h, const char *dir);
#define STAMP_SEED 1469598103934665603ull

/* The directory last found to hold the shipped files (by
 * dpg_sdg_fingerprint_dir, which read them), and its stamp then: loading
 * it with the same stamp needs no second read of its files. */
static struct dpg_seen_dir seen;

/* Are the n files names of dir those of dpg_sdg_builtin_files, with the
 * same text? */
static int builtin_files(const char *dir, char *const *names, int n)
{
	const struct dpg_known_file *f = dpg_sdg_builtin_files;
	int i, same = 1;

	if (!n || (size_t)n != dpg_sdg_builtin_nfiles)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], f[i].name))
			return 0;
	for (i = 0; i < n && same; i++) {
		struct dpg_error ferr = DPG_ERROR_INIT;
		char *path = xasprintf("%s/%s", dir, names[i]), *text = NULL;
		size_t len = 0;

		same = read_file(&text, &len, path, &ferr) == 0 &&
		       len == f[i].len && !memcmp(text, f[i].text, len);
		free(text);
		free(path);
	}
	return same;
}

/* dpg_sdg_vocab_load (lazy < 0) or dpg_sdg_vocab_parse; stamp: dir's
 * (dir_stamp), or 0 when not known. */
static int load(struct dpg_sdg_vocab **out, const char *dir,
		const char *override_dir, int lazy, unsigned long long stamp,
		char **errors, struct dpg_error *err)
{
	struct dpg_sdg_vocab *v = NULL;
	char **base = NULL, **over = NULL;
	int nbase = 0, nover = 0, i, j, rc = 0, bad = 0;
	int shipped; /* compiled at first use */
	struct dpg_error ferr = DPG_ERROR_INIT;

	*out = NULL;
	if (errors)
		*errors = NULL;
	nbase = list_dir(&base, dir, 0, err);
	if (nbase < 0)
		return nbase;
	if (override_dir) {
		nover = list_dir(&over, override_dir, 1, err);
		if (nover < 0) {
			rc = nover;
			goto done;
		}
	}
	if (nbase + nover == 0) {
		rc = dpg_error_set(err, DPG_ENOTFOUND,
				   "no vocabulary file (*.sdg) in '%s'", dir);
		goto done;
	}
	if (lazy < 0 && !nover &&
	    (dpg_seen_dir_is(&seen, dir,
			     stamp ? stamp : dir_stamp(STAMP_SEED, dir)) ||
	     builtin_files(dir, base, nbase))) {
		*out = &dpg_sdg_builtin; /* parsed at build time */
		goto done;
	}
	shipped = lazy > 0 || dpg_rules_shipped(dir);
	v = dpg_sdg_vocab_new();
	for (i = 0; i < nbase + nover; i++) {
		const char *d = i < nbase ? dir : override_dir;
		const char *name = i < nbase ? base[i] : over[i - nbase];
		char *path, *text = NULL;
		size_t len = 0;
		int replaced = 0;

		if (i < nbase)
			for (j = 0; j < nover; j++)
				if (!strcmp(over[j], name))
					replaced = 1;
		if (replaced)
			continue;
		path = xasprintf("%s/%s", d, name);
		rc = read_file(&text, &len, path, &ferr);
		if (rc == DPG_ELIMIT) {
			char *line = xasprintf("%s:0: %s\n", path, ferr.msg);

			if (errors) {
				char *old = *errors;

				*errors =
					xasprintf("%s%s", old ? old : "", line);
				free(old);
			}
			dpg_error_set(&ferr, DPG_EINPUT, "%s:0: %s", path,
				      "file too large");
			free(line);
		} else if (rc < 0) {
			*err = ferr;
			free(path);
			goto done;
		} else {
			rc = add_text(v, path, text, len, errors, &ferr, 0,
				      i < nbase && shipped);
		}
		if (rc < 0) {
			if (!bad)
				*err = ferr;
			bad++;
		}
		free(text);
		free(path);
	}
	rc = 0;
	if (bad) {
		if (bad > 1)
			dpg_error_prefix(err, "%d invalid vocabulary files",
					 bad);
		rc = DPG_EINPUT;
		goto done;
	}
	dpg_sdg_index(v, 0); /* every file's terms, in one build */
	*out = v;
	v = NULL;
done:
	dpg_sdg_vocab_free(v);
	free_names(base, nbase);
	free_names(over, nover);
	if (rc < 0 && rc != DPG_EINPUT && errors) {
		free(*errors);
		*errors = NULL;
	}
	return rc;
}

int dpg_sdg_vocab_load(struct dpg_sdg_vocab **out, const char *dir,
		       const char *override_dir, char **errors,
		       struct dpg_error *err)
{
	return load(out, dir, override_dir, -1, 0, errors, err);
}

int dpg_sdg_vocab_parse(struct dpg_sdg_vocab **out, const char *dir,
			const char *override_dir, int lazy, char **errors,
			struct dpg_error *err)
{
	return load(out, dir, override_dir, lazy ? 1 : 0, 0, errors, err);
}

/* ------------------------------------------------------------------ */
/* Loaded once per process */

struct cached_vocab {
	char *dir, *over;	  /* over: "" when none */
	unsigned long long stamp; /* of the files' names, sizes, mtimes */
	struct dpg_sdg_vocab *v;
	struct cached_vocab *next;
};

static struct cached_vocab *cache;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* h folded with each of names (sorted: what list_dir() finds in the
 * directory open as fd) and its size and time, by fstatat(): dir_stamp's
 * hash, without listing the directory again where the names are known.
 * The load after the fingerprint compares its dir_stamp() with it
 * (load(): the files are not read again when they are equal). */
static unsigned long long names_stamp(unsigned long long h, int fd,
				      char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct stat st;
		long long v[3] = {0, 0, 0};

		if (fstatat(fd, names[i], &st, 0) == 0) {
			v[0] = (long long)st.st_size;
			v[1] = (long long)st.st_mtim.tv_sec;
			v[2] = (long long)st.st_mtim.tv_nsec;
		}
		h = dpg_fnv1a64_more(h, names[i], strlen(names[i]) + 1);
		h = dpg_fnv1a64_more(h, v, sizeof(v));
	}
	return h;
}

/* A stamp of the *.sdg files of dir: a file edited, added or removed
 * changes it, and the vocabulary is loaded anew. */
static unsigned long long dir_stamp(unsigned long long h, const char *dir)
{
	struct dpg_error err = DPG_ERROR_INIT;
	char **names = NULL;
	int n = list_dir(&names, dir, 1, &err),
	    fd = n > 0 ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;

	if (n > 0)
		h = names_stamp(h, fd, names, (size_t)n);
	if (fd >= 0)
		close(fd);
	free_names(names, n > 0 ? n : 0);
	return h;
}

int dpg_sdg_fingerprint_dir(struct dpg_buf *fp, const char *dir,
			    struct dpg_error *err)
{
	const struct dpg_known_file *f = dpg_sdg_builtin_files;
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	unsigned long long stamp = 0;
	int same = d != NULL && dpg_sdg_builtin_nfiles > 0, rc = 0;

	/* the names dpg_cache_hash_dir hashes (dot files too) */
	while (same && (de = readdir(d)) != NULL)
		if (dpg_ends_with(de->d_name, ".sdg")) {
			dpg_grow(&names, &cap, n + 1, sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		}
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	same = same && n == dpg_sdg_builtin_nfiles;
	for (i = 0; same && i < n; i++)
		same = !strcmp(names[i], f[i].name);
	if (same) {
		/* the stamp before the texts: a file changed after it is
		 * read changes the stamp.  The names are the shipped ones (no
		 * dot file among them), what list_dir() finds. */
		stamp = names_stamp(STAMP_SEED, dirfd(d), names, n);
		same = dpg_seen_dir_is(&seen, dir, stamp) ||
		       builtin_files(dir, names, (int)n);
	}
	if (d)
		closedir(d);
	if (same) {
		dpg_seen_dir_set(&seen, dir, stamp);
		for (i = 0; i < n && rc == 0; i++)
			rc = dpg_buf_printf(fp, err, "%s %s\n", f[i].name,
					    f[i].hash);
	} else {
		rc = dpg_cache_hash_dir(fp, dir, ".sdg", err);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

void dpg_sdg_vocab_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	while (cache) {
		struct cached_vocab *c = cache;

		cache = c->next;
		dpg_sdg_vocab_free(c->v);
		free(c->dir);
		free(c->over);
		free(c);
	}
	pthread_mutex_unlock(&cache_lock);
}

int dpg_sdg_vocab_shared(const struct dpg_sdg_vocab **out, const char *dir,
			 const char *override_dir, char **errors,
			 struct dpg_error *err)
{
	const char *over = override_dir ? override_dir : "";
	struct cached_vocab *c;
	struct dpg_sdg_vocab *v = NULL;
	int rc = 0;

	*out = NULL;
	if (errors)
		*errors = NULL;
	unsigned long long dstamp = dir_stamp(STAMP_SEED, dir), stamp = dstamp;

	if (override_dir)
		stamp = dir_stamp(dpg_fnv1a64_more(stamp, "", 1), override_dir);
	pthread_mutex_lock(&cache_lock);
	for (c = cache; c; c = c->next)
		if (c->stamp == stamp && !strcmp(c->dir, dir) &&
		    !strcmp(c->over, over))
			break;
	if (!c) {
		rc = load(&v, dir, override_dir, -1, dstamp, errors, err);
		if (rc == 0) {
			c = xcalloc(1, sizeof(*c));
			c->dir = xstrdup(dir);
			c->over = xstrdup(over);
			c->stamp = stamp;
			c->v = v;
			/* not freed at exit: 1 M instructions a process for
			   nothing (it stays reachable, no leak) */
			c->next = cache;
			cache = c;
		}
	}
	if (c)
		*out = c->v;
	pthread_mutex_unlock(&cache_lock);
	return rc;
}

/* ------------------------------------------------------------------ */

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *dpg_sdg_default_dir(void)
{
	struct dpg_error err = DPG_ERROR_INIT;
	char *rules = NULL, *p;

	/* the rules engine's directory (DPGAUDIT_RULES, next to the
	 * executable, or the installed share dir), then its sdg/ */
	if (dpg_rules_default_dir(&rules, &err) < 0) {
		free(rules);
		return NULL;
	}
	p = xasprintf("%s/sdg", rules);
	free(rules);
	if (is_dir(p))
		return p;
	free(p);
	return NULL;
}
