/*
 * list.c: lists of targets (see dpg/batch.h): reading every kind of list,
 * normalising targets, dropping duplicates, shards.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch_int.h"
#include "dpg/buf.h"
#include "dpg/json.h"
#include "dpg/nomination.h"
#include "dpg/url.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define LIST_MAX ((size_t)64 << 20) /* bytes of one list file */
#define DIR_MAX	 100000		    /* records in one directory */

void dpg_target_list_init(struct dpg_target_list *l)
{
	memset(l, 0, sizeof(*l));
}

void dpg_target_list_release(struct dpg_target_list *l)
{
	free(l->items);
	free(l->slots);
	dpg_arena_release(&l->arena);
	dpg_target_list_init(l);
}

/* ---- normalising ---------------------------------------------------- */

/* path made absolute against the working directory, "." and ".." and
 * repeated slashes removed (for a path that does not exist). */
static char *lexical_abs(const char *path, struct dpg_arena *a)
{
	char cwd[PATH_MAX], *buf, *w;
	const char *r;

	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		buf = dpg_arena_strdup(a, path);
	else
		buf = dpg_arena_printf(a, "%s/%s", cwd, path);
	r = w = buf;
	while (*r) {
		const char *end;
		size_t n;

		while (*r == '/')
			r++;
		end = strchr(r, '/');
		n = end ? (size_t)(end - r) : strlen(r);
		if (n == 1 && r[0] == '.') {
			r += n;
			continue;
		}
		if (n == 2 && r[0] == '.' && r[1] == '.') {
			while (w > buf && *--w != '/')
				;
			r += n;
			continue;
		}
		if (n == 0)
			break;
		*w++ = '/';
		memmove(w, r, n);
		w += n;
		r += n;
	}
	if (w == buf)
		*w++ = '/';
	*w = '\0';
	return buf;
}

/* A URL: its canonical form (no credentials) is the key, the URL as
 * written (credentials kept, for the fetch) what the scan is given. */
static int normalize_url(struct dpg_batch_target *t, const char *target,
			 struct dpg_arena *a)
{
	struct dpg_error uerr = DPG_ERROR_INIT;
	char *canon = NULL, *rev = NULL;

	t->target = dpg_arena_strdup(a, target);
	if (dpg_url_normalize(&canon, &rev, target, &uerr) < 0) {
		/* unreadable (a scheme we do not read...): kept, without
		 * credentials; auditing it fails with the reason */
		char *red = dpg_url_redact(target);

		t->key = t->locator = dpg_arena_strdup(a, red);
		free(red);
		return 0;
	}
	t->locator = dpg_arena_strdup(a, canon);
	t->rev = dpg_arena_strdup(a, rev);
	t->key = rev ? dpg_arena_printf(a, "%s@%s", canon, rev) : t->locator;
	free(canon);
	free(rev);
	return 0;
}

int dpg_target_normalize(struct dpg_batch_target *t, const char *target,
			 struct dpg_arena *a, struct dpg_error *err)
{
	const char *at = strrchr(target, '@');
	struct stat st;
	char *path, *abs;

	memset(t, 0, sizeof(*t));
	if (!*target)
		return dpg_error_set(err, DPG_EUSAGE, "empty target");
	if (dpg_url_is_remote(target))
		return normalize_url(t, target, a);
	path = dpg_arena_strdup(a, target);
	/* PATH@REV when PATH exists and the whole does not (as scan reads) */
	if (at && at != target && at[1] && stat(target, &st) < 0) {
		path[at - target] = '\0';
		if (stat(path, &st) == 0)
			t->rev = dpg_arena_strdup(a, at + 1);
		else
			path[at - target] = '@';
	}
	abs = realpath(path, NULL);
	if (abs) {
		t->locator = dpg_arena_strdup(a, abs);
		free(abs);
	} else {
		t->locator = lexical_abs(path, a);
	}
	t->key = t->rev ? dpg_arena_printf(a, "%s@%s", t->locator, t->rev)
			: t->locator;
	t->target = t->key;
	return 0;
}

/* ---- the list and its index ----------------------------------------- */

static size_t *find_slot(const struct dpg_target_list *l, const char *key)
{
	size_t mask = l->nslots - 1;
	size_t i = (size_t)dpg_fnv1a64(key, strlen(key)) & mask;

	while (l->slots[i] && strcmp(l->items[l->slots[i] - 1].key, key) != 0)
		i = (i + 1) & mask;
	return &l->slots[i];
}

long batch_list_find(const struct dpg_target_list *l, const char *key)
{
	size_t *slot;

	if (!l->nslots)
		return -1;
	slot = find_slot(l, key);
	return *slot ? (long)*slot - 1 : -1;
}

static void reindex(struct dpg_target_list *l, size_t nslots)
{
	size_t i;

	free(l->slots);
	l->nslots = nslots;
	l->slots = xcalloc(nslots, sizeof(*l->slots));
	for (i = 0; i < l->n; i++)
		*find_slot(l, l->items[i].key) = i + 1;
}

int dpg_target_list_add(struct dpg_target_list *l, const char *target,
			const char *origin, const struct dpg_nomination *nom,
			const char *nom_path, struct dpg_error *err)
{
	struct dpg_batch_target t;
	size_t *slot;
	int rc;

	if ((rc = dpg_target_normalize(&t, target, &l->arena, err)) < 0)
		return rc;
	if ((l->n + 1) * 2 > l->nslots)
		reindex(l, l->nslots ? l->nslots * 2 : 64);
	slot = find_slot(l, t.key);
	if (*slot) {
		l->duplicates++;
		return 0;
	}
	t.origin = dpg_arena_strdup(&l->arena, origin);
	t.nomination = nom;
	t.nomination_path = dpg_arena_strdup(&l->arena, nom_path);
	dpg_grow(&l->items, &l->cap, l->n + 1, sizeof(*l->items));
	l->items[l->n++] = t;
	*slot = l->n;
	return 1;
}

void dpg_target_list_shard(struct dpg_target_list *l, unsigned int k,
			   unsigned int n)
{
	size_t i, w = 0;

	for (i = 0; i < l->n; i++) {
		const char *key = l->items[i].key;

		if (dpg_fnv1a64(key, strlen(key)) % n == k - 1)
			l->items[w++] = l->items[i];
	}
	l->n = w;
	reindex(l, l->nslots ? l->nslots : 64);
}

/* ---- readers -------------------------------------------------------- */

/* The repository columns and JSON fields, in order of preference. */
static const char *const url_names[] = {
	"url",	       "repo", "repository", "source_code",
	"source code", "git",  "github",     "homepage",
};

struct reader {
	struct dpg_target_list *l;
	const char *name; /* the list, for messages */
	const struct dpg_list_opts *opts;
	struct dpg_error *err;
};

static int add(struct reader *r, const char *target, unsigned int line,
	       const char *field)
{
	char origin[PATH_MAX + 64];
	int rc;

	if (field)
		snprintf(origin, sizeof(origin), "%s: %s", r->name, field);
	else
		snprintf(origin, sizeof(origin), "%s:%u", r->name, line);
	rc = dpg_target_list_add(r->l, target, origin, NULL, NULL, r->err);
	return rc < 0 ? rc : 0;
}

static int bad(struct reader *r, unsigned int line, const char *msg)
{
	return dpg_error_set(r->err, DPG_EINPUT, "%s:%u: %s", r->name, line,
			     msg);
}

/* Trim ASCII blanks (and CR) at both ends, in place. */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* -- text: one target per line -- */

static int read_text(struct reader *r, char *text, size_t len)
{
	char *p = text, *end = text + len;
	unsigned int line = 0;
	int rc;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *s;

		line++;
		if (!nl)
			nl = end;
		*nl = '\0';
		s = trim(p);
		p = nl + 1;
		if (!*s || *s == '#')
			continue;
		if ((rc = add(r, s, line, NULL)) < 0)
			return rc;
	}
	return 0;
}

/* -- CSV and TSV (RFC 4180 quoting) -- */

struct csv {
	const char *p, *end;
	char delim;
	unsigned int line;    /* current line */
	char *buf;	      /* the record's fields, NUL-separated */
	size_t len, cap;      /* of buf */
	size_t *off, n, ncap; /* field offsets in buf */
};

static void csv_put(struct csv *c, char ch)
{
	dpg_grow(&c->buf, &c->cap, c->len + 1, 1);
	c->buf[c->len++] = ch;
}

static void csv_field(struct csv *c)
{
	csv_put(c, '\0');
	dpg_grow(&c->off, &c->ncap, c->n + 1, sizeof(*c->off));
	c->off[c->n++] = c->len;
}

/* The next record: 1, 0 at the end, or DPG_EINPUT (unterminated quote). */
static int csv_next(struct reader *r, struct csv *c, unsigned int *start)
{
	int quoted = 0;

	if (c->p >= c->end)
		return 0;
	c->len = 0;
	c->n = 0;
	dpg_grow(&c->off, &c->ncap, 1, sizeof(*c->off));
	c->off[c->n++] = 0;
	*start = c->line;
	while (c->p < c->end) {
		char ch = *c->p++;

		if (quoted) {
			if (ch == '"' && c->p < c->end && *c->p == '"') {
				csv_put(c, '"');
				c->p++;
			} else if (ch == '"') {
				quoted = 0;
				if (c->p < c->end && *c->p != c->delim &&
				    *c->p != '\n' && *c->p != '\r')
					return bad(r, c->line,
						   "text after a closing quote "
						   "in a quoted field");
			} else {
				if (ch == '\n')
					c->line++;
				csv_put(c, ch);
			}
		} else if (ch == '"' &&
			   (c->len == 0 || c->buf[c->len - 1] == '\0')) {
			quoted = 1;
		} else if (ch == c->delim) {
			csv_field(c);
		} else if (ch == '\n') {
			c->line++;
			break;
		} else if (ch != '\r') {
			csv_put(c, ch);
		}
	}
	if (quoted)
		return bad(r, *start, "quoted field not closed");
	csv_put(c, '\0');
	return 1;
}

static const char *csv_get(const struct csv *c, size_t i)
{
	return c->buf + c->off[i];
}

/* A column name matching want (or, when want is NULL, a repository column
 * name): its rank among url_names (0 for want), or -1. */
static int column_rank(const char *name, const char *want)
{
	char buf[64];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", name);
	name = trim(buf);
	if (want)
		return dpg_strcasecmp(name, want) == 0 ? 0 : -1;
	for (i = 0; i < DPG_ARRAY_SIZE(url_names); i++)
		if (dpg_strcasecmp(name, url_names[i]) == 0)
			return (int)i;
	return -1;
}

/* The repository column of the header in c (-1 if none). */
static int csv_column(const struct csv *c, const char *want)
{
	int best = -1, best_rank = INT_MAX;
	size_t i;

	for (i = 0; i < c->n; i++) {
		int rank = column_rank(csv_get(c, i), want);

		if (rank >= 0 && rank < best_rank) {
			best = (int)i;
			best_rank = rank;
		}
	}
	return best;
}

static void csv_release(struct csv *c)
{
	free(c->buf);
	free(c->off);
}

/*
 * The header of a CSV/TSV list: the first line, split on tab, comma or
 * semicolon (the first that names a repository column).  Returns the
 * delimiter, 0 when the first line is no such header, or -1 when it looks
 * like a header (several fields) without a repository column.
 */
static int csv_detect(struct reader *r, const char *text, size_t len, int *col)
{
	static const char delims[] = "\t,;";
	const char *nl = memchr(text, '\n', len);
	size_t i, n = nl ? (size_t)(nl - text) : len;
	int several = 0;

	for (i = 0; i < sizeof(delims) - 1; i++) {
		struct csv c = {text, text + n, delims[i], 1, NULL,
				0,    0,	NULL,	   0, 0};
		unsigned int start;

		if (csv_next(r, &c, &start) == 1) {
			*col = csv_column(&c, r->opts->column);
			several |= c.n > 1;
			if (*col >= 0 && (c.n > 1 || i == 0)) {
				csv_release(&c);
				return delims[i];
			}
		}
		csv_release(&c);
	}
	/* a target that holds a delimiter is still a target */
	if (several && !r->opts->column) {
		char *first = xstrndup(text, n);
		struct stat st;
		int target = strstr(first, "://") || strchr(first, '/') ||
			     stat(trim(first), &st) == 0;

		free(first);
		if (target)
			return 0;
	}
	return several || r->opts->column ? -1 : 0;
}

static int read_csv(struct reader *r, const char *text, size_t len,
		    unsigned int line, char delim, int col)
{
	struct csv c = {text, text + len, delim, line, NULL, 0, 0, NULL, 0, 0};
	unsigned int start;
	int rc;

	rc = csv_next(r, &c, &start); /* the header */
	while (rc >= 0 && (rc = csv_next(r, &c, &start)) == 1) {
		char msg[128];
		char *v;

		if (c.n == 1 && !csv_get(&c, 0)[0])
			continue; /* a blank line */
		if ((size_t)col >= c.n) {
			snprintf(msg, sizeof(msg),
				 "%zu fields, but the repository column is "
				 "field %d",
				 c.n, col + 1);
			rc = bad(r, start, msg);
			break;
		}
		v = trim(c.buf + c.off[col]);
		if (!*v) {
			r->l->no_repo++;
			continue;
		}
		if ((rc = add(r, v, start, NULL)) < 0)
			break;
	}
	csv_release(&c);
	return rc < 0 ? rc : 0;
}

/* -- JSON: an array, or one nomination record -- */

/* The repository URL of a JSON object: field want, else the first of
 * url_names; a field holding an object gives that object's "url". */
static const char *json_url(const struct dpg_json *o, const char *want)
{
	size_t k, i;

	for (k = 0; k < (want ? 1 : DPG_ARRAY_SIZE(url_names)); k++) {
		for (i = 0; i < o->n; i++) {
			const struct dpg_json *v = &o->items[i];

			if (dpg_strcasecmp(o->keys[i],
					   want ? want : url_names[k]) != 0)
				continue;
			if (v->type == DPG_JSON_OBJECT)
				v = dpg_json_get(v, "url");
			if (v && v->type == DPG_JSON_STRING && v->str[0])
				return v->str;
		}
	}
	return NULL;
}

static int read_json_array(struct reader *r, const struct dpg_json *arr)
{
	char field[64];
	size_t i, j;
	int rc;

	for (i = 0; i < arr->n; i++) {
		const struct dpg_json *o = &arr->items[i], *repos;
		const char *url;
		int added = 0;

		snprintf(field, sizeof(field), "[%zu]", i);
		if (o->type == DPG_JSON_STRING) {
			if (o->str[0] &&
			    (rc = add(r, o->str, o->line, NULL)) < 0)
				return rc;
			continue;
		}
		if (o->type != DPG_JSON_OBJECT)
			return bad(r, o->line,
				   "an element of the array is neither an "
				   "object nor a string");
		repos = r->opts->column ? NULL
					: dpg_json_get(o, "repositories");
		if (repos && repos->type == DPG_JSON_ARRAY) {
			for (j = 0; j < repos->n; j++) {
				url = dpg_json_get_str(&repos->items[j], "url");
				if (!url || !url[0])
					continue;
				snprintf(field, sizeof(field),
					 "[%zu].repositories[%zu]", i, j);
				if ((rc = add(r, url, 0, field)) < 0)
					return rc;
				added = 1;
			}
		} else if ((url = json_url(o, r->opts->column))) {
			if ((rc = add(r, url, o->line, NULL)) < 0)
				return rc;
			added = 1;
		}
		if (!added)
			r->l->no_repo++;
	}
	return 0;
}

/* The repositories of one record, with the record as their nomination. */
static int add_record(struct reader *r, const struct dpg_nomination *nom,
		      const char *path)
{
	char origin[PATH_MAX + 64];
	size_t i;
	int rc;

	if (!nom->nrepos)
		r->l->no_repo++;
	for (i = 0; i < nom->nrepos; i++) {
		snprintf(origin, sizeof(origin), "%s: repositories[%zu]", path,
			 i);
		rc = dpg_target_list_add(r->l, nom->repos[i].url, origin, nom,
					 path, r->err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int read_record(struct reader *r, const char *text, size_t len)
{
	struct dpg_nomination *nom =
		dpg_arena_alloc(&r->l->arena, sizeof(*nom));
	char *abs = realpath(r->name, NULL);
	const char *path = abs ? dpg_arena_strdup(&r->l->arena, abs) : NULL;
	int rc;

	free(abs);
	rc = dpg_nomination_parse(nom, r->name, text, len, &r->l->arena,
				  r->err);
	return rc < 0 ? rc : add_record(r, nom, path ? path : r->name);
}

static int read_json(struct reader *r, const char *text, size_t len)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_error jerr = DPG_ERROR_INIT;
	struct dpg_json *root;
	int rc;

	if (dpg_json_parse(&root, text, len, &a, &jerr) < 0) {
		/* "line N: ..." -> "file:N: ..." */
		unsigned int line = 0;
		int n = 0;

		if (sscanf(jerr.msg, "line %u: %n", &line, &n) == 1 && n > 0)
			rc = bad(r, line, jerr.msg + n);
		else
			rc = dpg_error_set(r->err, DPG_EINPUT, "%s: %s",
					   r->name, jerr.msg);
	} else if (root->type == DPG_JSON_ARRAY) {
		rc = read_json_array(r, root);
	} else {
		rc = read_record(r, text, len);
	}
	dpg_arena_release(&a);
	return rc;
}

/* -- a directory of nomination records -- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int read_dir(struct reader *r, const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d)
		return dpg_error_set(r->err, DPG_EIO,
				     "cannot read list directory '%s': %s",
				     path, strerror(errno));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !dpg_ends_with(e->d_name, ".json"))
			continue;
		if (n == DIR_MAX) {
			rc = dpg_error_set(r->err, DPG_EINPUT,
					   "list directory '%s' holds more "
					   "than %d records",
					   path, DIR_MAX);
			break;
		}
		dpg_grow(&names, &cap, n + 1, sizeof(*names));
		names[n++] = xasprintf("%s/%s", path, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n && rc == 0; i++) {
		struct dpg_nomination *nom =
			dpg_arena_alloc(&r->l->arena, sizeof(*nom));
		char *abs = realpath(names[i], NULL);

		rc = dpg_nomination_load(nom, names[i], &r->l->arena, r->err);
		if (rc == 0)
			rc = add_record(r, nom, abs ? abs : names[i]);
		free(abs);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* The first line that is neither blank nor a '#' comment: its offset in
 * text and its number (the header of a CSV/TSV list). */
static size_t first_line(const char *text, size_t len, unsigned int *line)
{
	size_t i = 0;

	*line = 1;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t j = i, end = nl ? (size_t)(nl - text) : len;

		while (j < end && strchr(" \t\r", text[j]))
			j++;
		if (j < end && text[j] != '#')
			break;
		i = end + 1;
		++*line;
	}
	return i < len ? i : len;
}

int dpg_target_list_read(struct dpg_target_list *l, const char *path,
			 const struct dpg_list_opts *opts,
			 struct dpg_error *err)
{
	static const struct dpg_list_opts none = DPG_LIST_OPTS_INIT;
	struct dpg_buf b = DPG_BUF_INIT(LIST_MAX);
	struct reader r = {l, strcmp(path, "-") == 0 ? "<stdin>" : path,
			   opts ? opts : &none, err};
	struct stat st;
	char *text;
	const char *p;
	size_t len, head;
	unsigned int line;
	int rc, delim, col = -1;

	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		return read_dir(&r, path);
	rc = dpg_buf_read_file(&b, path, "list", 0, err);
	if (rc == DPG_ELIMIT)
		rc = dpg_error_set(err, DPG_EINPUT,
				   "list '%s' is larger than %zu MiB", r.name,
				   LIST_MAX >> 20);
	if (rc < 0)
		goto done;
	text = b.ptr;
	len = b.len;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if ((p = memchr(text, '\0', len))) {
		const char *q;

		for (line = 1, q = text; q < p; q++)
			line += *q == '\n';
		rc = bad(&r, line, "a NUL byte: this is not a list");
		goto done;
	}
	for (p = text; p < text + len && strchr(" \t\r\n", *p); p++)
		;
	if (p < text + len && (*p == '[' || *p == '{')) {
		rc = read_json(&r, text, len);
		goto done;
	}
	head = first_line(text, len, &line);
	delim = csv_detect(&r, text + head, len - head, &col);
	if (delim > 0) {
		rc = read_csv(&r, text + head, len - head, line, (char)delim,
			      col);
	} else if (delim < 0 && r.opts->column) {
		rc = dpg_error_set(err, DPG_EINPUT,
				   "%s:%u: no column '%s' in the header",
				   r.name, line, r.opts->column);
	} else if (delim < 0) {
		rc = dpg_error_set(err, DPG_EINPUT,
				   "%s:%u: the header names no repository "
				   "column (url, repo, repository, "
				   "source_code, git, github, homepage; or "
				   "--column NAME)",
				   r.name, line);
	} else {
		rc = read_text(&r, text, len);
	}
done:
	dpg_buf_release(&b);
	return rc;
}
