/*
 * eval.c: compiling rules and evaluating them on paths, texts, JSON
 * manifests and dependencies.
 *
 * The cost of content rules must not grow with their number on every
 * byte.  A backtracking engine tries each alternative of an alternation at
 * each position, so combining N rules into one pattern still costs about N
 * times one rule.  Content rules are therefore split:
 *  - rules with required literals (prefilter.c) run alone, and only on
 *    files where one of their literals can occur (one trigram pass per
 *    file decides for all of them);
 *  - the others, when several apply to a file, are compiled into one
 *    alternation  (?>(?:rule_a))(?C{a})|(?>(?:rule_b))(?C{b})|...  cached
 *    by that set of rules (every README.md shares one).  The callout at the
 *    end of each alternative names the rule and rejects rules already
 *    found in the file, so one left-to-right pass finds every rule's first
 *    match: after a hit the search resumes at the hit's start with that
 *    rule switched off;
 *  - patterns with back references are run alone.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/arena.h"
#include "dpg/json.h"
#include "dpg/rules.h"
#include "dpg/scan.h"
#include "dpg/util.h"
#include "re_known.h"
#include "rules_int.h"
#include "dpg/banned.h"

#define MATCH_LIMIT 2000000u /* backtracking steps per match call */
#define DEPTH_LIMIT 10000u   /* nesting of the interpreter */
#define MAX_COMBOS  256	     /* cached alternations */
#define EXCERPT_MAX 240	     /* bytes of a line kept in a hit */

/* ---- patterns ---- */

pcre2_code *dpg_rules_re_compile(const char *src, uint32_t flags, char *msg,
				 size_t msgsz)
{
	int errcode;
	PCRE2_SIZE off;
	pcre2_code *code;

	flags |= PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	code = dpg_re_precompiled(src, flags); /* a shipped one: re_known.h */
	if (!code)
		code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
				     flags, &errcode, &off, NULL);
	if (!code) {
		PCRE2_UCHAR buf[200];

		pcre2_get_error_message(errcode, buf, sizeof(buf));
		snprintf(msg, msgsz, "at offset %zu: %s", (size_t)off,
			 (const char *)buf);
		return NULL;
	}
	return code;
}

/* Forget re's literals (and their byte pairs): a compile makes them anew. */
static void clear_lits(struct dpg_rule_re *re)
{
	size_t i;

	if (!re->known) { /* else the table's (index_anchors) */
		for (i = 0; i < re->nlits; i++)
			free(re->lits[i]);
		free(re->lits);
		free(re->pairs);
	}
	re->known = 0;
	re->lits = NULL;
	re->nlits = 0;
	re->pairs = NULL;
	re->klits = re->kpairs = 0;
}

void dpg_rules_re_free(struct dpg_rule_re *re)
{
	if (!re || re->fixed)
		return;
	clear_lits(re);
	dpg_re_release(&re->re);
	free(re);
}

static void ensure_match_state(struct dpg_ruleset *rs)
{
	if (rs->md)
		return;
	rs->md = pcre2_match_data_create(64, NULL);
	rs->mctx = pcre2_match_context_create(NULL);
	if (!rs->md || !rs->mctx)
		DPG_BUG("out of memory creating pcre2 match data");
	pcre2_set_match_limit(rs->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(rs->mctx, DEPTH_LIMIT);
	rs->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (rs->jit_stack)
		pcre2_jit_stack_assign(rs->mctx, NULL, rs->jit_stack);
}

/* re on s[start..len); work: what the call counts toward JIT compiling re
 * (dpg_re_code), as bytes of text */
static int re_exec_work(struct dpg_ruleset *rs, struct dpg_re *re,
			const char *s, size_t len, size_t start, size_t work)
{
	ensure_match_state(rs);
	return pcre2_match(dpg_re_code(re, work), (PCRE2_SPTR)s, len, start, 0,
			   rs->md, rs->mctx);
}

static int re_exec(struct dpg_ruleset *rs, struct dpg_re *re, const char *s,
		   size_t len, size_t start)
{
	return re_exec_work(rs, re, s, len, start, len - start);
}

int dpg_rules_re_match(struct dpg_ruleset *rs, struct dpg_rule_re *re,
		       const char *s, size_t len)
{
	int rc = re_exec(rs, &re->re, s, len, 0);

	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;
}

/*
 * A scan selects the rules of each path twice: want() on the config's
 * ruleset (the owner), then the file's evaluation on a share of it (a
 * worker's, maybe on another thread).  The owner keeps its last
 * SEL_SLOTS selections here and a share takes the one of its path
 * (select_rules): the same rules for the same path, not matched again.
 */
#define SEL_SLOTS 16

struct sel_cache {
	pthread_mutex_t lock;
	size_t n;	   /* rules: bytes of each active */
	unsigned int next; /* the slot written next */
	struct sel_slot {
		size_t len; /* of path */
		char *path; /* NULL: empty */
		size_t cap; /* bytes allocated at path */
		unsigned int want;
		unsigned char *active;
	} slot[SEL_SLOTS];
};

static struct sel_cache *sel_cache_new(size_t n)
{
	struct sel_cache *c = xcalloc(1, sizeof(*c));
	size_t i;

	if (pthread_mutex_init(&c->lock, NULL) != 0)
		DPG_BUG("pthread_mutex_init");
	c->n = n;
	for (i = 0; i < SEL_SLOTS; i++)
		c->slot[i].active = xcalloc(n ? n : 1, 1);
	return c;
}

static void sel_cache_free(struct sel_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < SEL_SLOTS; i++) {
		free(c->slot[i].path);
		free(c->slot[i].active);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* The owner's selection for path (plen bytes) stored. */
static void sel_put(struct sel_cache *c, const char *path, size_t plen,
		    const unsigned char *active, unsigned int want)
{
	struct sel_slot *s;

	pthread_mutex_lock(&c->lock);
	s = &c->slot[c->next++ % SEL_SLOTS];
	if (plen >= s->cap) {
		free(s->path);
		s->cap = plen + 64;
		s->path = xmalloc(s->cap);
	}
	memcpy(s->path, path, plen + 1);
	s->len = plen;
	s->want = want;
	memcpy(s->active, active, c->n);
	pthread_mutex_unlock(&c->lock);
}

/* The owner's selection for path (plen bytes) taken into active and
 * *want: 1, or 0 when it has none. */
static int sel_take(struct sel_cache *c, const char *path, size_t plen,
		    unsigned char *active, unsigned int *want)
{
	size_t i;
	int found = 0;

	pthread_mutex_lock(&c->lock);
	for (i = 0; i < SEL_SLOTS && !found; i++) { /* the newest first */
		const struct sel_slot *s =
			&c->slot[(c->next - 1 - i) % SEL_SLOTS];

		if (s->path && s->len == plen &&
		    !memcmp(s->path, path, plen + 1)) {
			memcpy(active, s->active, c->n);
			*want = s->want;
			found = 1;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

void dpg_rules_eval_release(struct dpg_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->ncombos; i++) {
		free(rs->combos[i].idx);
		dpg_re_release(&rs->combos[i].re);
	}
	free(rs->combos);
	rs->combos = NULL;
	rs->ncombos = rs->combos_cap = 0;
	for (i = 0; i < rs->ndeco; i++)
		free(rs->deco[i].may);
	free(rs->deco);
	rs->deco = NULL;
	rs->ndeco = 0;
	pcre2_match_data_free(rs->md);
	pcre2_match_context_free(rs->mctx);
	pcre2_jit_stack_free(rs->jit_stack);
	rs->md = NULL;
	rs->mctx = NULL;
	rs->jit_stack = NULL;
	free(rs->last_path);
	rs->last_path = NULL;
	rs->last_cap = 0;
	if (!rs->owner)
		sel_cache_free(rs->selc);
	rs->selc = NULL;
	free(rs->active);
	free(rs->found);
	free(rs->tri);
	free(rs->pgroup);
	free(rs->pmay);
	if (!rs->owner && !rs->paths_known) {
		free(rs->plits);
		free(rs->pflag);
		free(rs->pextbit);
		free(rs->pexts);
		while (rs->nowned)
			free(rs->owned[--rs->nowned]);
		free(rs->owned);
	}
	rs->owned = NULL;
	rs->owned_cap = 0;
	rs->pmay = NULL;
	rs->plits = NULL;
	rs->pflag = NULL;
	rs->nplits = 0;
	rs->pextbit = NULL;
	rs->pexts = NULL;
	rs->npexts = 0;
	rs->paths_known = 0;
	dpg_lits_hits_free(rs->hits);
	if (!rs->owner && rs->anchors != dpg_rules_known_anchors)
		dpg_lits_free(rs->anchors);
	rs->hits = NULL;
	rs->anchors = NULL;
	rs->active = rs->found = NULL;
	rs->tri = NULL;
	rs->pgroup = NULL;
}

/* ---- compile ---- */

/* Whether src may have a back reference or be anchored at the start
 * (PCRE2_INFO_BACKREFMAX, PCRE2_ANCHORED): those are known only once it is
 * compiled.  Conservative: any ^, \A, \G, .*, \1-\9, \g, \k, (?P=. */
int dpg_rules_may_anchor(const char *src)
{
	const char *p;

	if (strchr(src, '^') || strstr(src, ".*") || strstr(src, "(?P="))
		return 1;
	for (p = strchr(src, '\\'); p; p = strchr(p + 1, '\\'))
		if (p[1] && strchr("AGgk123456789", p[1]))
			return 1;
	return 0;
}

static int compile_one(struct dpg_rule *r, const char *key, const char *src,
		       struct dpg_rule_re **out, struct dpg_rules_diag *diag)
{
	char msg[300];
	pcre2_code *code;
	uint32_t n = 0, flags;

	if (!src)
		return 0;
	/* content patterns run from their anchors' offsets (prefilter.h) */
	flags = dpg_rules_key_flags(key) |
		(strcmp(key, "content") == 0 ? PCRE2_USE_OFFSET_LIMIT : 0);
	if (r->lazy &&
	    !(flags & PCRE2_USE_OFFSET_LIMIT && dpg_rules_may_anchor(src))) {
		/* compiled at first use: no back reference, not anchored */
		*out = xcalloc(1, sizeof(**out));
		dpg_re_init_lazy(&(*out)->re, src,
				 flags | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF);
		(*out)->anchor = -1;
		return 0;
	}
	code = dpg_rules_re_compile(src, flags, msg, sizeof(msg));
	if (!code) {
		dpg_rules_diag_add(diag,
				   "%s:%u: rule '%s': bad pattern in "
				   "'%s' %s",
				   r->file, r->line, r->id, key, msg);
		return -1;
	}
	*out = xcalloc(1, sizeof(**out));
	dpg_re_init(&(*out)->re, code);
	(*out)->anchor = -1;
	if (pcre2_pattern_info(code, PCRE2_INFO_BACKREFMAX, &n) == 0 && n)
		(*out)->backrefs = 1;
	if (pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &n) == 0 &&
	    (n & PCRE2_ANCHORED))
		(*out)->at_start = 1;
	return 0; /* a content pattern's literals: index_anchors() */
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* pgroup[i]: the first file rule with the same path and not-path as rule
 * i (itself when none).  A group leader always precedes its members. */
static void group_paths(struct dpg_ruleset *rs)
{
	size_t i, j, *leaders = xmalloc((rs->n ? rs->n : 1) * sizeof(size_t));
	size_t nl = 0;

	for (i = 0; i < rs->n; i++) {
		const struct dpg_rule *r = rs->rules[i];

		rs->pgroup[i] = i;
		if (r->dependency || r->is_scope)
			continue;
		for (j = 0; j < nl; j++) {
			const struct dpg_rule *l = rs->rules[leaders[j]];

			if (same_str(l->path, r->path) &&
			    same_str(l->not_path, r->not_path)) {
				rs->pgroup[i] = leaders[j];
				break;
			}
		}
		if (j == nl)
			leaders[nl++] = i;
	}
	free(leaders);
}

static int is_file_rule(const struct dpg_rule *r);
static void pair_bits(const char *s, size_t n, uint64_t w[4]);

/* What select_rules() needs of each rule, in rs->pflag (read for every
 * path: no rule's struct is touched unless its filter is matched). */
enum {
	PF_FILE = 1,	  /* a file rule (no dependency, not a scope) */
	PF_LEADER = 2,	  /* first of its pgroup, with a path filter */
	PF_LITS = 4,	  /* its filter has required literals */
	PF_CONTENT = 8,	  /* a content or field rule */
	PF_EXT = 16,	  /* its filter only lists extensions (index_exts) */
	PF_EXT_SOME = 32, /* some of its alternatives do */
};

/* rs->plits: every group leader's path literals, in one array that
 * select_rules() reads through once per path; rs->pflag. */
static void flat_path_lits(struct dpg_ruleset *rs)
{
	size_t i, k, n = 0;

	rs->pflag = xcalloc(rs->n ? rs->n : 1, 1);
	for (i = 0; i < rs->n; i++) {
		const struct dpg_rule *r = rs->rules[i];

		if (!is_file_rule(r))
			continue;
		rs->pflag[i] =
			PF_FILE | (r->content || r->field ? PF_CONTENT : 0);
		if (rs->pgroup[i] == i && r->re_path)
			rs->pflag[i] |=
				PF_LEADER | (r->re_path->nlits ? PF_LITS : 0);
	}

	for (i = 0; i < rs->n; i++)
		if (rs->pgroup[i] == i && rs->rules[i]->re_path)
			n += rs->rules[i]->re_path->nlits;
	rs->plits = xmalloc((n ? n : 1) * sizeof(*rs->plits));
	for (i = 0; i < rs->n; i++) {
		const struct dpg_rule_re *re = rs->rules[i]->re_path;

		if (rs->pgroup[i] != i || !re || !is_file_rule(rs->rules[i]))
			continue;
		for (k = 0; k < re->nlits; k++) {
			struct dpg_path_lit *e = &rs->plits[rs->nplits++];

			memcpy(e->m, dpg_rre_pairs(re) + 4 * k, sizeof(e->m));
			e->rule = i;
			e->lit = dpg_rre_lit(re, k);
		}
	}
}

/*
 * Path filters that only list extensions, "(?i)\.(c|h|ya?ml|json)$" (the
 * code scope and the like: no literal to look for, so they ran on every
 * path).  Such a filter matches an ASCII path exactly when the text after
 * the path's last dot holds no slash and is one of the extensions, caseless:
 * select_rules() looks that up once for all of them.  It runs the pattern
 * instead where the two could differ: a path that is not ASCII (caseless
 * UTF matching equates k with the KELVIN SIGN) or that ends in a newline
 * ($ matches before a final one).
 */
/* src without the "(?:...)" that wraps all of it, if one does. */
static int unwrap(const char **src, size_t *len)
{
	const char *s = *src;
	size_t i, n = *len;
	int depth = 0;

	if (n < 4 || memcmp(s, "(?:", 3) != 0 || s[n - 1] != ')')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0 && i != n - 1)
			return 0; /* "(?:a)|(?:b)": closed before the end */
	}
	*src = s + 3;
	*len = n - 4;
	return 1;
}

/* Add alt (lowercase letters and digits, each maybe followed by '?': it
 * may be left out) to out[*n..cap), every way it can be spelt; -1 when
 * it cannot be taken. */
static int add_spellings(const char *alt, size_t len, char (*out)[EXT_MAX],
			 size_t cap, size_t *n)
{
	size_t opt[4], nopt = 0, i, k, bits;

	for (i = 0; i < len; i++) {
		if (alt[i] == '?') {
			if (!i || alt[i - 1] == '?' || nopt == 4)
				return -1;
			opt[nopt++] = i - 1;
		} else if (!((alt[i] >= 'a' && alt[i] <= 'z') ||
			     (alt[i] >= '0' && alt[i] <= '9'))) {
			return -1;
		}
	}
	for (bits = 0; bits < (size_t)1 << nopt; bits++) {
		char *e;
		size_t m = 0;

		if (*n == cap)
			return -1;
		e = out[(*n)++];
		for (i = 0; i < len; i++) {
			if (alt[i] == '?')
				continue;
			for (k = 0; k < nopt && opt[k] != i; k++)
				;
			if (k < nopt && !(bits >> k & 1))
				continue; /* left out */
			if (m + 1 == EXT_MAX)
				return -1;
			e[m++] = alt[i];
		}
		if (!m)
			return -1; /* "a?" may be empty: "foo." would match */
		e[m] = '\0';
	}
	return 0;
}

/* The extensions src lists when it is "(?i)\.(e1|e2|...)$", wrapped in
 * "(?:...)" or not, in out[0..*n); -1 when it is anything else. */
static int ext_form(const char *src, char (*out)[EXT_MAX], size_t cap,
		    size_t *n)
{
	size_t len = strlen(src);
	const char *alt;

	*n = 0;
	while (unwrap(&src, &len))
		;
	if (len < 10 || memcmp(src, "(?i)\\.(", 7) != 0 ||
	    memcmp(src + len - 2, ")$", 2) != 0)
		return -1;
	src += 7;
	len -= 9;
	while (len) {
		const char *bar = memchr(src, '|', len);
		size_t m = bar ? (size_t)(bar - src) : len;

		alt = src;
		if (add_spellings(alt, m, out, cap, n) < 0)
			return -1;
		src += m + (bar != NULL);
		len -= m + (bar != NULL);
		if (bar && !len)
			return -1; /* an empty last alternative */
	}
	return *n ? 0 : -1;
}

static int cmp_ext(const void *a, const void *b)
{
	return strcmp(((const struct dpg_path_ext *)a)->ext,
		      ((const struct dpg_path_ext *)b)->ext);
}

/* The top-level alternatives of src (without a "(?:...)" around all of
 * it), as copies in alts[0..return); -1 when there are more than cap. */
static int split_alts(const char *src, char **alts, size_t cap)
{
	size_t len = strlen(src), i, from = 0, n = 0;
	int depth = 0, cls = 0;

	while (unwrap(&src, &len))
		;
	for (i = 0; i <= len; i++) {
		if (i < len && src[i] == '\\') {
			i++;
			continue;
		}
		if (i < len && cls) {
			cls = src[i] != ']';
			continue;
		}
		if (i < len && src[i] == '[') {
			cls = 1;
			if (i + 1 < len && src[i + 1] == ']')
				i++; /* "[]...]": the ] is a member */
		} else if (i < len && src[i] == '(') {
			depth++;
		} else if (i < len && src[i] == ')') {
			depth--;
		} else if (i == len || (src[i] == '|' && !depth)) {
			if (n == cap) {
				while (n)
					free(alts[--n]);
				return -1;
			}
			alts[n++] = xstrndup(src + from, i - from);
			from = i + 1;
		}
	}
	return (int)n;
}

/*
 * rs->pextbit, rs->pexts and more literals for the leaders' filters that
 * have none: when each top-level alternative of one either only lists
 * extensions or has required literals, the extensions decide for the
 * former (PF_EXT when that is all of it) and the literals (PF_LITS) gate
 * the pattern for the rest (PF_EXT_SOME): "readme|docs/...|\.(md|rst)$".
 */
static void index_exts(struct dpg_ruleset *rs)
{
	enum { MAX_EXTS = 256, MAX_ALTS = 16 };
	char(*one)[EXT_MAX] = xmalloc(MAX_EXTS * sizeof(*one));
	char *alts[MAX_ALTS];
	size_t i, k, a, nbits = 0, cap = 0, lcap = rs->nplits;

	rs->pextbit = xmalloc(rs->n ? rs->n : 1);
	memset(rs->pextbit, -1, rs->n ? rs->n : 1);
	for (i = 0; i < rs->n && nbits < 64; i++) {
		size_t n = 0, m, nlit0 = rs->nplits, nowned0 = rs->nowned;
		int nalts, ok = 1, lits = 0;

		if ((rs->pflag[i] & (PF_LEADER | PF_LITS)) != PF_LEADER ||
		    (nalts = split_alts(rs->rules[i]->path, alts, MAX_ALTS)) <
			    0)
			continue;
		for (a = 0; a < (size_t)nalts; a++) {
			char **l;

			if (ok &&
			    ext_form(alts[a], one + n, MAX_EXTS - n, &m) == 0) {
				n += m;
			} else if (ok &&
				   dpg_rules_literals(alts[a], &l, &m) == 0 &&
				   m) {
				for (k = 0; k < m; k++) {
					struct dpg_path_lit *e;

					dpg_grow(&rs->plits, &lcap,
						 rs->nplits + 1,
						 sizeof(*rs->plits));
					e = &rs->plits[rs->nplits++];
					pair_bits(l[k], strlen(l[k]), e->m);
					e->rule = i;
					e->lit = l[k];
					dpg_grow(&rs->owned, &rs->owned_cap,
						 rs->nowned + 1,
						 sizeof(*rs->owned));
					rs->owned[rs->nowned++] = l[k];
				}
				free(l);
				lits = 1;
			} else {
				ok = 0;
			}
			free(alts[a]);
		}
		if (!ok || !n) {
			/* not all known, or no extensions: as before */
			while (rs->nowned > nowned0)
				free(rs->owned[--rs->nowned]);
			rs->nplits = nlit0;
			continue;
		}
		for (k = 0; k < n; k++) {
			struct dpg_path_ext *e;

			dpg_grow(&rs->pexts, &cap, rs->npexts + 1,
				 sizeof(*rs->pexts));
			e = &rs->pexts[rs->npexts++];
			memcpy(e->ext, one[k], EXT_MAX);
			e->mask = (uint64_t)1 << nbits;
		}
		rs->pextbit[i] = (signed char)nbits++;
		rs->pflag[i] |= lits ? PF_LITS | PF_EXT_SOME : PF_EXT;
	}
	free(one);
	/* sorted for ext_mask(), one entry an extension with the masks of
	   every filter that lists it */
	if (rs->npexts) /* else no table: qsort() wants one */
		qsort(rs->pexts, rs->npexts, sizeof(*rs->pexts), cmp_ext);
	for (i = k = 0; i < rs->npexts; i++) {
		if (k && !cmp_ext(&rs->pexts[k - 1], &rs->pexts[i]))
			rs->pexts[k - 1].mask |= rs->pexts[i].mask;
		else
			rs->pexts[k++] = rs->pexts[i];
	}
	rs->npexts = k;
}

/* The extension-only filters that path (low: lowercased by lower_ascii, or
 * NULL) matches, as a mask; *known = 0 when the patterns must decide. */
static uint64_t ext_mask(const struct dpg_ruleset *rs, const char *low,
			 size_t plen, int *known)
{
	const char *dot;
	struct dpg_path_ext key, *e;
	size_t m;

	/* with (?m) from an earlier alternative, $ matches before any
	 * newline: such a path is left to the patterns */
	*known = rs->npexts && low && !memchr(low, '\n', plen);
	if (!*known || !(dot = strrchr(low, '.')) || strchr(dot + 1, '/'))
		return 0;
	m = plen - (size_t)(dot + 1 - low);
	if (m >= EXT_MAX)
		return 0;
	memcpy(key.ext, dot + 1, m + 1);
	e = bsearch(&key, rs->pexts, rs->npexts, sizeof(key), cmp_ext);
	return e ? e->mask : 0;
}

/* A pattern that matches the empty string would match everything. */
static int matches_empty(struct dpg_ruleset *rs, struct dpg_rule_re *re)
{
	/* (not checked for shipped rules: make check does) */
	return re && !dpg_re_src(&re->re) &&
	       dpg_rules_re_match(rs, re, "", 0) == 1;
}

/* The per-file state of an evaluation. */
static void eval_state(struct dpg_ruleset *rs)
{
	rs->active = xcalloc(rs->n ? rs->n : 1, 1);
	rs->found = xcalloc(rs->n ? rs->n : 1, 1);
	rs->tri = xmalloc(DPG_RULES_TRI_BITS / 8);
	rs->pgroup = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->pgroup));
	rs->pmay = xcalloc(rs->n ? rs->n : 1, 1);
	if (!rs->owner)
		rs->selc = sel_cache_new(rs->n);
}

/* The byte pairs of s (n bytes), hashed into 256 bits: a literal whose
 * pairs are not all among a path's cannot occur in it. */
static void pair_bits(const char *s, size_t n, uint64_t w[4])
{
	size_t i;

	memset(w, 0, 4 * sizeof(*w));
	for (i = 0; i + 1 < n; i++) {
		unsigned int h =
			((unsigned char)s[i] * 31u + (unsigned char)s[i + 1]) &
			255u;

		w[h >> 6] |= UINT64_C(1) << (h & 63);
	}
}

/* The required literals of every content pattern and their anchors, in
 * one set: one pass over a file finds them all (dpg/prefilter.h). */
static void index_anchors(struct dpg_ruleset *rs, int known)
{
	size_t i;

	rs->anchors = known ? dpg_rules_known_anchors : dpg_lits_new();
	for (i = 0; i < rs->n; i++) {
		struct dpg_rule_re *re = rs->rules[i]->re_content;
		const char *src = rs->rules[i]->content;

		if (!re || re->fixed) /* the table's, all set */
			continue;
		clear_lits(re);
		re->anchor = -1;
		if (known) /* its pattern is the table's (fixed) */
			DPG_BUG("a rule of the table without its pattern");
		if (re->at_start)
			continue; /* one match attempt: no need of literals */
		if (!re->backrefs && dpg_lits_usable(&re->re)) {
			long a = dpg_lits_add_pattern(rs->anchors, src,
						      &re->lits, &re->nlits);

			re->anchor = re->nlits ? a : -1;
		} else if (dpg_rules_literals(src, &re->lits, &re->nlits) < 0) {
			re->nlits = 0;
		}
	}
	if (!known)
		dpg_lits_build(rs->anchors);
	rs->hits = dpg_lits_hits_new(rs->anchors);
}

/* Drop from lits (any of which a path must hold) each that holds another
 * (a duplicate, "tests" after "test"): a path holding it holds the
 * other. */
static void drop_covered(char **lits, size_t *n)
{
	size_t i, k, m = 0;

	for (i = 0; i < *n; i++) {
		for (k = 0; k < *n; k++)
			if (k != i && lits[k] && strstr(lits[i], lits[k]) &&
			    (strcmp(lits[i], lits[k]) != 0 || k < i))
				break;
		if (k < *n) { /* covered by lits[k], kept or not */
			free(lits[i]);
			lits[i] = NULL;
		}
	}
	for (i = 0; i < *n; i++)
		if (lits[i])
			lits[m++] = lits[i];
	*n = m;
}

/* The required literals of every path filter and their byte pairs: a
 * path holding none of them is not matched against it (select_rules). */
static void path_lits(struct dpg_rule_re *re, const char *src)
{
	size_t k;

	if (dpg_rules_literals(src, &re->lits, &re->nlits) < 0)
		re->nlits = 0;
	drop_covered(re->lits, &re->nlits);
	re->pairs =
		xmalloc((re->nlits ? re->nlits : 1) * 4 * sizeof(*re->pairs));
	for (k = 0; k < re->nlits; k++)
		pair_bits(re->lits[k], strlen(re->lits[k]), re->pairs + 4 * k);
}

/* re->start from its pattern (compiled for the purpose when it is not
 * yet and may be anchored, dpg_rules_may_anchor; a shipped one decoded,
 * re_known.h): set when PCRE2 finds it anchored at the start with a bitmap of
 * the code units it may start with, or a single first code unit (then
 * its other ASCII case and every byte from 0x80 are allowed too, for a
 * caseless pattern's other cases). */
static void path_start(struct dpg_rule_re *re)
{
	pcre2_code *own = NULL;
	const pcre2_code *code =
		atomic_load_explicit(&re->re.compiled, memory_order_acquire);
	const uint8_t *bm = NULL;
	const char *src = dpg_re_src(&re->re);
	uint32_t opts = 0, type = 0, cu = 0;
	int err;
	PCRE2_SIZE off;
	size_t c;

	re->start_known = 0;
	memset(re->start, 0, sizeof(re->start));
	if (!code && src && dpg_rules_may_anchor(src)) {
		own = dpg_re_precompiled(src, re->re.flags);
		if (!own)
			own = pcre2_compile((PCRE2_SPTR)src,
					    PCRE2_ZERO_TERMINATED, re->re.flags,
					    &err, &off, NULL);
		code = own;
	}
	if (!code)
		return;
	if (pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &opts) == 0 &&
	    (opts & PCRE2_ANCHORED)) {
		if (pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bm) ==
			    0 &&
		    bm) {
			for (c = 0; c < 256; c++)
				if (bm[c / 8] >> (c % 8) & 1)
					re->start[c / 64] |= 1ULL << (c % 64);
			re->start_known = 1;
		} else if (pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE,
					      &type) == 0 &&
			   type == 1 &&
			   pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODEUNIT,
					      &cu) == 0 &&
			   cu < 0x80) {
			re->start[cu / 64] |= 1ULL << (cu % 64);
			cu ^= 0x20;
			if ((cu | 0x20) >= 'a' && (cu | 0x20) <= 'z')
				re->start[cu / 64] |= 1ULL << (cu % 64);
			re->start[2] = re->start[3] = ~0ULL;
			re->start_known = 1;
		}
	}
	if (own)
		pcre2_code_free(own);
}

int dpg_rules_path_may_start(const struct dpg_rule_re *re, const char *path,
			     size_t len)
{
	unsigned char c = (unsigned char)path[0];

	return !re->start_known || !len || (re->start[c / 64] >> (c % 64) & 1);
}

static void index_paths(struct dpg_ruleset *rs, int known)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		struct dpg_rule_re *re = rs->rules[i]->re_not_path;

		/* a not-path filter's literals likewise (path_applies); the
		 * table's are in its statics (rules_write.c) */
		if (!re || re->fixed)
			continue;
		clear_lits(re);
		path_lits(re, rs->rules[i]->not_path);
	}
	for (i = 0; i < rs->n; i++) {
		struct dpg_rule_re *re = rs->rules[i]->re_path;

		if (!re || re->fixed) /* the table's, all set */
			continue;
		clear_lits(re);
		if (known) /* its pattern is the table's (fixed) */
			DPG_BUG("a rule of the table without its pattern");
		path_lits(re, rs->rules[i]->path);
		path_start(re);
	}
}

/* The path index of the shipped rules (rs's), made at build time. */
static void take_paths(struct dpg_ruleset *rs, const struct dpg_rules_paths *t)
{
	memcpy(rs->pgroup, t->pgroup, rs->n * sizeof(*rs->pgroup));
	rs->pflag = (unsigned char *)t->pflag;
	rs->plits = (struct dpg_path_lit *)t->plits;
	rs->nplits = t->nplits;
	rs->pextbit = (signed char *)t->pextbit;
	rs->pexts = (struct dpg_path_ext *)t->pexts;
	rs->npexts = t->npexts;
	rs->paths_known = 1;
}

/* *p, a static of the table, replaced by a copy of its own (compiled at
 * its first use, its literals made by the compile): for rules of the
 * table in a set that is not all of it. */
static void unfix(struct dpg_rule_re **p)
{
	const struct dpg_rule_re *f = *p;
	struct dpg_rule_re *re;

	if (!f || !f->fixed)
		return;
	re = xcalloc(1, sizeof(*re));
	dpg_re_init_lazy(&re->re, dpg_re_src(&f->re), f->re.flags);
	re->backrefs = f->backrefs;
	re->at_start = f->at_start;
	memcpy(re->start, f->start, sizeof(re->start));
	re->start_known = f->start_known;
	re->anchor = -1;
	*p = re;
}

/* Has r the table's patterns (struct dpg_rule_re's fixed)? */
static int rule_fixed(const struct dpg_rule *r)
{
	const struct dpg_rule_re *res[] = {r->re_path, r->re_not_path,
					   r->re_content, r->re_value,
					   r->re_dependency};
	size_t k;

	for (k = 0; k < DPG_ARRAY_SIZE(res); k++)
		if (res[k] && res[k]->fixed)
			return 1;
	return 0;
}

/* Are rs's rules dpg_rules_known's, all in order (as dpg_ruleset_load
 * took them)?  Then their literals and anchor set are the table's. */
static int rules_known(const struct dpg_ruleset *rs)
{
	size_t i;

	if (!dpg_rules_known_anchors || rs->n != dpg_rules_nknown)
		return 0;
	for (i = 0; i < rs->n; i++)
		if (!rs->rules[i]->builtin ||
		    rs->rules[i]->id !=
			    dpg_rules_strs + dpg_rules_known[i].id - 1)
			return 0;
	return 1;
}

int dpg_ruleset_compile(struct dpg_ruleset *rs, struct dpg_rules_diag *diag,
			struct dpg_error *err)
{
	size_t i, before = diag->n + diag->dropped;
	int known;

	dpg_rules_eval_release(rs);
	for (i = 0; i < rs->n; i++) {
		struct dpg_rule *r = rs->rules[i];
		const struct dpg_rule *sc;
		char *name;

		if (!r->scope || r->path)
			continue;
		name = xasprintf("scope.%s", r->scope);
		sc = dpg_ruleset_find(rs, name);
		free(name);
		if (!sc || !sc->is_scope) {
			dpg_rules_diag_add(diag,
					   "%s:%u: rule '%s': unknown scope "
					   "'%s' (no [scope.%s])",
					   r->file, r->line, r->id, r->scope,
					   r->scope);
			continue;
		}
		r->lazy &= sc->lazy;
		r->path = xstrdup(sc->path);
		if (sc->not_path && r->not_path) {
			char *j = xasprintf("%s|%s", sc->not_path, r->not_path);

			free(r->not_path);
			r->not_path = j;
		} else if (sc->not_path) {
			r->not_path = xstrdup(sc->not_path);
		}
	}
	for (i = 0; i < rs->n; i++) {
		struct dpg_rule *r = rs->rules[i];
		int bad = 0;

		if (r->re_path || rule_fixed(r))
			continue; /* compiled by an earlier call, or the
				   * table's */
		bad |= compile_one(r, "path", r->path, &r->re_path, diag);
		bad |= compile_one(r, "not-path", r->not_path, &r->re_not_path,
				   diag);
		bad |= compile_one(r, "content", r->content, &r->re_content,
				   diag);
		bad |= compile_one(r, "value", r->value, &r->re_value, diag);
		bad |= compile_one(r, "dependency", r->dependency,
				   &r->re_dependency, diag);
		if (bad)
			continue;
		if (matches_empty(rs, r->re_path))
			dpg_rules_diag_add(
				diag,
				"%s:%u: rule '%s': 'path' matches an empty "
				"string, so every file (use 'path = .' if "
				"that is meant)",
				r->file, r->line, r->id);
		if (matches_empty(rs, r->re_content))
			dpg_rules_diag_add(diag,
					   "%s:%u: rule '%s': 'content' "
					   "matches an empty string",
					   r->file, r->line, r->id);
		if (matches_empty(rs, r->re_dependency))
			dpg_rules_diag_add(diag,
					   "%s:%u: rule '%s': 'dependency' "
					   "matches an empty string",
					   r->file, r->line, r->id);
	}
	if (diag->n + diag->dropped != before)
		return dpg_error_set(err, DPG_EINPUT, "%s",
				     diag->n > before ? diag->msgs[before]
						      : "invalid rules");
	known = rules_known(rs);
	for (i = 0; !known && i < rs->n; i++) {
		struct dpg_rule *r = rs->rules[i];

		unfix(&r->re_path);
		unfix(&r->re_not_path);
		unfix(&r->re_content);
		unfix(&r->re_value);
		unfix(&r->re_dependency);
	}
	index_anchors(rs, known);
	index_paths(rs, known);
	eval_state(rs);
	if (known && dpg_rules_known_paths) {
		take_paths(rs, dpg_rules_known_paths);
	} else {
		group_paths(rs);
		flat_path_lits(rs);
		index_exts(rs);
	}
	rs->compiled = 1;
	return 0;
}

struct dpg_ruleset *dpg_ruleset_share(const struct dpg_ruleset *rs)
{
	struct dpg_ruleset *v = xcalloc(1, sizeof(*v));

	if (!rs->compiled)
		DPG_BUG("dpg_ruleset_share before dpg_ruleset_compile");
	v->owner = rs->owner ? rs->owner : rs;
	v->rules = rs->rules;
	v->gen = rs->gen;
	v->n = v->cap = rs->n;
	v->cur_gen = rs->cur_gen;
	v->selc = v->owner->selc;
	v->anchors = rs->anchors;
	v->hits = dpg_lits_hits_new(rs->anchors);
	eval_state(v);
	memcpy(v->pgroup, rs->pgroup, rs->n * sizeof(*v->pgroup));
	v->plits = rs->plits;
	v->nplits = rs->nplits;
	v->pflag = rs->pflag;
	v->pextbit = rs->pextbit;
	v->pexts = rs->pexts;
	v->npexts = rs->npexts;
	v->compiled = 1;
	return v;
}

/* ---- path selection ---- */

static int is_file_rule(const struct dpg_rule *r)
{
	return !r->dependency && !r->is_scope;
}

/* The path lowercased into low (cap bytes), or NULL when it is too long
 * or not ASCII: caseless UTF matching equates k with the KELVIN SIGN and
 * s with LONG S, which the literals' test would not see. */
static const char *lower_ascii(const char *path, size_t plen, char *low,
			       size_t cap)
{
	size_t i;

	if (plen >= cap)
		return NULL;
	for (i = 0; i < plen; i++) {
		unsigned char c = (unsigned char)path[i];

		if (c >= 0x80)
			return NULL;
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	low[plen] = '\0';
	return low;
}

/* Whether a path (low: lowercased by lower_ascii, or NULL: not known;
 * pb: its pair_bits) may match re: it holds one of re's required
 * literals, or they are not known. */
static int path_may_match(const struct dpg_rule_re *re, const char *low,
			  const uint64_t *pb)
{
	size_t k;

	if (!re || !low || !re->nlits)
		return 1;
	for (k = 0; k < re->nlits; k++) {
		const uint64_t *m = dpg_rre_pairs(re) + 4 * k;

		if ((m[0] & pb[0]) == m[0] && (m[1] & pb[1]) == m[1] &&
		    (m[2] & pb[2]) == m[2] && (m[3] & pb[3]) == m[3] &&
		    strstr(low, dpg_rre_lit(re, k)))
			return 1;
	}
	return 0;
}

/* A path filter tried at every byte of the path: worth JIT compiling
 * sooner than a pattern tried at the text's hits (its work counted as
 * PATH_WORK bytes of text a byte). */
#define PATH_WORK 64
static int path_match(struct dpg_ruleset *rs, struct dpg_rule_re *re,
		      const char *path, size_t plen)
{
	return re_exec_work(rs, &re->re, path, plen, 0, plen * PATH_WORK);
}

/* Whether r's filter takes path; pre: what ext_mask() says of its path
 * filter (1 matches, 0 does not), -1 to run it; low and pb: the path as
 * path_may_match() takes it (low NULL: not known), for the not-path
 * filter's literals. */
static int path_applies(struct dpg_ruleset *rs, const struct dpg_rule *r,
			const char *path, size_t plen, int pre, const char *low,
			const uint64_t *pb)
{
	if (!r->re_path)
		return 0;
	if (pre >= 0 ? !pre
		     : !dpg_rules_path_may_start(r->re_path, path, plen) ||
			       path_match(rs, r->re_path, path, plen) < 0)
		return 0;
	if (r->re_not_path && path_may_match(r->re_not_path, low, pb) &&
	    path_match(rs, r->re_not_path, path, plen) >= 0)
		return 0;
	return 1;
}

int dpg_rules_path_may_match(const struct dpg_rule_re *re, const char *path)
{
	char buf[512];
	size_t n = strlen(path);
	const char *low = lower_ascii(path, n, buf, sizeof(buf));
	uint64_t pb[4];

	pair_bits(low ? low : "", low ? n : 0, pb);
	return path_may_match(re, low, pb);
}

static void select_rules(struct dpg_ruleset *rs, const char *path)
{
	size_t i, plen = strlen(path);
	unsigned int want = 0;
	char buf[512];
	const char *low;
	uint64_t pb[4], emask;
	int eknown;

	if (rs->last_path && strcmp(rs->last_path, path) == 0)
		return;
	if (plen >= rs->last_cap) {
		free(rs->last_path);
		rs->last_cap = plen + 64;
		rs->last_path = xmalloc(rs->last_cap);
	}
	memcpy(rs->last_path, path, plen + 1);
	if (rs->owner && rs->selc &&
	    sel_take(rs->selc, path, plen, rs->active, &rs->last_want))
		return;
	low = lower_ascii(path, plen, buf, sizeof(buf));
	pair_bits(buf, low ? plen : 0, pb);
	emask = ext_mask(rs, low, plen, &eknown);
	/* the filters whose literals the path holds: one pass over all of
	 * them (path_may_match per filter, without the pointers) */
	memset(rs->pmay, !low, rs->n);
	if (low) {
		const struct dpg_path_lit *e = rs->plits, *end = e + rs->nplits;
		unsigned char *may = rs->pmay;
		uint64_t n0 = ~pb[0], n1 = ~pb[1], n2 = ~pb[2], n3 = ~pb[3];

		for (; e < end; e++)
			if (!((e->m[0] & n0) | (e->m[1] & n1) | (e->m[2] & n2) |
			      (e->m[3] & n3)) &&
			    !may[e->rule] && strstr(low, e->lit))
				may[e->rule] = 1;
	}
	for (i = 0; i < rs->n; i++) {
		unsigned int f = rs->pflag[i];

		/* rules with the same path filter (a shared scope) share
		 * its result: one match per distinct filter */
		if (!(f & PF_FILE))
			rs->active[i] = 0;
		else if (rs->pgroup[i] != i)
			rs->active[i] = rs->active[rs->pgroup[i]];
		else if (!(f & PF_LEADER))
			rs->active[i] = 0;
		else if ((f & (PF_EXT | PF_EXT_SOME)) && eknown &&
			 (emask >> rs->pextbit[i] & 1))
			rs->active[i] = path_applies(rs, rs->rules[i], path,
						     plen, 1, low, pb);
		else if ((f & PF_EXT) && eknown)
			rs->active[i] = 0;
		else
			rs->active[i] = (!(f & PF_LITS) || rs->pmay[i] ||
					 ((f & PF_EXT_SOME) && !eknown)) &&
					path_applies(rs, rs->rules[i], path,
						     plen, -1, low, pb);
		if (!rs->active[i])
			continue;
		if (f & PF_CONTENT)
			want |= DPG_WANT_CONTENT;
		else
			want |= DPG_WANT_PATH;
	}
	rs->last_want = want & DPG_WANT_CONTENT ? DPG_WANT_CONTENT : want;
	if (!rs->owner && rs->selc)
		sel_put(rs->selc, path, plen, rs->active, rs->last_want);
}

unsigned int dpg_ruleset_want(struct dpg_ruleset *rs, const char *path)
{
	if (!rs->compiled || !rs->n)
		return 0;
	select_rules(rs, path);
	return rs->last_want;
}

/* ---- content ---- */

static int callout(pcre2_callout_block *cb, void *data)
{
	struct dpg_ruleset *rs = data;
	unsigned long i;
	char *end;

	if (!cb->callout_string)
		return 0;
	i = strtoul((const char *)cb->callout_string, &end, 10);
	if (i >= rs->n || rs->found[i])
		return 1; /* this rule is done here: try the others */
	rs->cb_rule = i;
	rs->cb_set = 1;
	return 0;
}

static struct dpg_rules_combo *get_combo(struct dpg_ruleset *rs,
					 const size_t *idx, size_t n)
{
	struct dpg_rules_combo *c;
	char *pat, *p;
	size_t i, total = 1;
	char msg[300];

	for (i = 0; i < rs->ncombos; i++) {
		c = &rs->combos[i];
		if (c->n == n && memcmp(c->idx, idx, n * sizeof(*idx)) == 0)
			return c;
	}
	if (rs->ncombos >= MAX_COMBOS) {
		/* too many distinct sets: drop the cache and start over */
		for (i = 0; i < rs->ncombos; i++) {
			free(rs->combos[i].idx);
			dpg_re_release(&rs->combos[i].re);
		}
		rs->ncombos = 0;
	}
	dpg_grow(&rs->combos, &rs->combos_cap, rs->ncombos + 1,
		 sizeof(*rs->combos));
	c = &rs->combos[rs->ncombos++];
	c->idx = xmalloc(n * sizeof(*idx));
	memcpy(c->idx, idx, n * sizeof(*idx));
	c->n = n;

	for (i = 0; i < n; i++)
		total += strlen(rs->rules[idx[i]]->content) + 40;
	pat = p = xmalloc(total);
	for (i = 0; i < n; i++)
		p += snprintf(p, total - (size_t)(p - pat),
			      "%s(?>(?:%s))(?C{%zu})", i ? "|" : "",
			      rs->rules[idx[i]]->content, idx[i]);
	dpg_re_init(&c->re,
		    dpg_rules_re_compile(pat, PCRE2_MULTILINE | PCRE2_DUPNAMES,
					 msg, sizeof(msg)));
	free(pat);
	return c;
}

static unsigned int line_of(const char *data, size_t off, size_t *from,
			    unsigned int *line)
{
	const char *p = data + *from, *end = data + off;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			break;
		(*line)++;
		p = nl + 1;
	}
	*from = off;
	return *line;
}

static int emit_content_hit(struct dpg_ruleset *rs, size_t ri, const char *data,
			    size_t len, size_t s, size_t e, size_t *from,
			    unsigned int *line, dpg_rule_hit_fn fn, void *ctx)
{
	struct dpg_rule_hit hit;
	const char *ls = data + s, *le = data + s;

	while (ls > data && ls[-1] != '\n')
		ls--;
	while (le < data + len && *le != '\n')
		le++;
	if (le > ls && le[-1] == '\r')
		le--;
	hit.rule = rs->rules[ri];
	hit.line = line_of(data, s, from, line);
	hit.match = data + s;
	hit.match_len = e > s ? e - s : 0;
	hit.line_text = ls;
	hit.line_len = (size_t)(le - ls);
	rs->found[ri] = 1;
	return fn(ctx, &hit);
}

/* Content rules one by one (patterns that cannot be combined); with
 * anchors, from the offsets they allow (rs->hits holds the rule's). */
static int scan_single(struct dpg_ruleset *rs, size_t ri, const char *data,
		       size_t len, int anchored, dpg_rule_hit_fn fn, void *ctx)
{
	size_t from = 0;
	unsigned int line = 1;
	PCRE2_SIZE *ov;
	int rc;

	ensure_match_state(rs);
	rc = anchored ? dpg_lits_match(rs->hits, &rs->rules[ri]->re_content->re,
				       data, len, 0, rs->md, rs->mctx)
		      : re_exec(rs, &rs->rules[ri]->re_content->re, data, len,
				0);
	if (rc < 0)
		return 0; /* no match, or a limit on hostile text */
	ov = pcre2_get_ovector_pointer(rs->md);
	rc = emit_content_hit(rs, ri, data, len, ov[0], ov[1], &from, &line, fn,
			      ctx);
	return rc < 0 ? rc : 1;
}

/* --profile's name of a rule's family: its file's name */
static const char *family(const struct dpg_rule *r)
{
	const char *slash = r->file ? strrchr(r->file, '/') : NULL;

	return slash ? slash + 1 : r->file ? r->file : "?";
}

/* The literal pass looks for the anchors of the file's rules only. */
static void only_active(struct dpg_ruleset *rs)
{
	size_t i, n = 0, *idx = xmalloc((rs->n ? rs->n : 1) * sizeof(*idx));

	for (i = 0; i < rs->n; i++) {
		const struct dpg_rule_re *re = rs->rules[i]->re_content;

		if (rs->active[i] && re && re->nlits && re->anchor >= 0)
			idx[n++] = (size_t)re->anchor;
	}
	dpg_lits_hits_only(rs->hits, idx, n);
	free(idx);
}

static int scan_content(struct dpg_ruleset *rs, const char *data, size_t len,
			dpg_rule_hit_fn fn, void *ctx, struct dpg_error *err)
{
	size_t *idx = xmalloc((rs->n ? rs->n : 1) * sizeof(*idx));
	size_t n = 0, i, start = 0, from = 0, nfound = 0;
	unsigned int line = 1;
	struct dpg_rules_combo *combo;
	int rc = 0, hits = 0, have_hits = 0, have_tri = 0, tri_ok = 0;
	int hits_ok = 0;
	uint64_t t0;

	for (i = 0; i < rs->n; i++) {
		const struct dpg_rule_re *re = rs->rules[i]->re_content;

		rs->found[i] = 0;
		if (rs->active[i] && re && re->nlits) {
			/* rules with required literals: run alone, and only
			 * where one of their anchors is in the text (for
			 * those without, when a literal can be) */
			size_t k;
			int anchored = 0;

			if (!have_hits) {
				t0 = dpg_prof_now();
				only_active(rs);
				hits_ok = dpg_lits_scan(rs->hits, NULL, data,
							len);
				have_hits = 1;
				dpg_prof_add("rules", "literal pass", t0, len);
			}
			if (hits_ok && re->anchor >= 0) {
				if (!dpg_lits_select(rs->hits,
						     (size_t)re->anchor))
					continue;
				anchored = 1;
			} else {
				/* the trigrams, once a rule needs them */
				if (!have_tri) {
					tri_ok = dpg_rules_trigrams(rs->tri,
								    data, len);
					have_tri = 1;
				}
				for (k = 0; tri_ok && k < re->nlits; k++)
					if (dpg_rules_literal_possible(
						    rs->tri,
						    dpg_rre_lit(re, k)))
						break;
				if (tri_ok && k == re->nlits)
					continue;
			}
			t0 = dpg_prof_now();
			rc = scan_single(rs, i, data, len, anchored, fn, ctx);
			dpg_prof_add("rules", family(rs->rules[i]), t0, len);
			if (rc < 0)
				goto done;
			hits += rc;
		} else if (rs->active[i] && re) {
			if (re->backrefs || re->at_start) {
				t0 = dpg_prof_now();
				rc = scan_single(rs, i, data, len, 0, fn, ctx);
				dpg_prof_add("rules", family(rs->rules[i]), t0,
					     len);
				if (rc < 0)
					goto done;
				hits += rc;
			} else {
				idx[n++] = i;
			}
		}
	}
	if (!n)
		goto done;
	t0 = dpg_prof_now();
	combo = get_combo(rs, idx, n);
	if (!dpg_re_present(&combo->re)) {
		for (i = 0; i < n; i++) {
			rc = scan_single(rs, idx[i], data, len, 0, fn, ctx);
			if (rc < 0)
				goto done;
			hits += rc;
		}
		goto done;
	}
	ensure_match_state(rs);
	pcre2_set_callout(rs->mctx, callout, rs);
	while (nfound < n && start <= len) {
		PCRE2_SIZE *ov;

		rs->cb_set = 0;
		rc = re_exec(rs, &combo->re, data, len, start);
		if (rc == PCRE2_ERROR_NOMATCH || rc < 0) {
			/* a limit hit on hostile text ends the scan of this
			 * file; what was found stays */
			rc = 0;
			break;
		}
		ov = pcre2_get_ovector_pointer(rs->md);
		if (!rs->cb_set) {
			/* matched without naming a rule ((*ACCEPT) in a
			 * pattern): step over it */
			start = ov[0] + 1;
			continue;
		}
		rc = emit_content_hit(rs, rs->cb_rule, data, len, ov[0], ov[1],
				      &from, &line, fn, ctx);
		if (rc < 0)
			break;
		hits++;
		nfound++;
		start = ov[0]; /* other rules may match here too */
	}
	pcre2_set_callout(rs->mctx, NULL, NULL);
	dpg_prof_add("rules", "combined (no literals)", t0, len);
done:
	free(idx);
	(void)err;
	return rc < 0 ? rc : hits;
}

/* ---- JSON fields ---- */

static const struct dpg_json *json_field(const struct dpg_json *root,
					 const char *field)
{
	const struct dpg_json *cur = root;
	char key[256];
	const char *p = field;

	while (cur && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		cur = dpg_json_get(cur, key);
		p += n + (dot ? 1 : 0);
	}
	return cur;
}

/* Evaluate a field rule on a parsed document: 1 when it holds. */
static int field_holds(struct dpg_ruleset *rs, const struct dpg_rule *r,
		       const struct dpg_json *root,
		       const struct dpg_json **node)
{
	const struct dpg_json *v = json_field(root, r->field);

	*node = v;
	if (!v)
		return 0;
	if (!r->re_value)
		return 1;
	if (v->type != DPG_JSON_STRING)
		return 0;
	return dpg_rules_re_match(rs, r->re_value, v->str, v->len) == 1;
}

static int scan_fields(struct dpg_ruleset *rs, const char *data, size_t len,
		       dpg_rule_hit_fn fn, void *ctx)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_error e = DPG_ERROR_INIT;
	struct dpg_json *root = NULL;
	size_t i;
	int hits = 0, rc = 0;

	for (i = 0; i < rs->n; i++) {
		const struct dpg_rule *r = rs->rules[i];
		const struct dpg_json *node;
		struct dpg_rule_hit hit;

		if (!rs->active[i] || !r->field)
			continue;
		if (!root && dpg_json_parse(&root, data, len, &a, &e) < 0)
			break; /* not JSON: no field rule holds */
		if (!field_holds(rs, r, root, &node))
			continue;
		memset(&hit, 0, sizeof(hit));
		hit.rule = r;
		hit.line = node->line;
		if (node->type == DPG_JSON_STRING) {
			hit.match = node->str;
			hit.match_len = node->len;
		}
		rc = fn(ctx, &hit);
		if (rc < 0)
			break;
		hits++;
	}
	dpg_arena_release(&a);
	return rc < 0 ? rc : hits;
}

int dpg_ruleset_eval_file(struct dpg_ruleset *rs, const char *path,
			  const char *data, size_t len, dpg_rule_hit_fn fn,
			  void *ctx, struct dpg_error *err)
{
	size_t i;
	int hits = 0, rc, need_content = 0, need_fields = 0;

	if (!rs->compiled)
		return dpg_error_set(err, DPG_EUSAGE,
				     "rules are used before being compiled");
	if (!rs->n)
		return 0;
	select_rules(rs, path);
	for (i = 0; i < rs->n; i++) {
		const struct dpg_rule *r = rs->rules[i];
		struct dpg_rule_hit hit;

		if (!rs->active[i])
			continue;
		if (r->content) {
			need_content = 1;
			continue;
		}
		if (r->field) {
			need_fields = 1;
			continue;
		}
		memset(&hit, 0, sizeof(hit));
		hit.rule = r;
		hit.match = path;
		hit.match_len = strlen(path);
		rc = fn(ctx, &hit);
		if (rc < 0)
			return rc;
		hits++;
	}
	if (data && need_content) {
		rc = scan_content(rs, data, len, fn, ctx, err);
		if (rc < 0)
			return rc;
		hits += rc;
	}
	if (data && need_fields) {
		rc = scan_fields(rs, data, len, fn, ctx);
		if (rc < 0)
			return rc;
		hits += rc;
	}
	return hits;
}

/*
 * A dependency is "ECOSYSTEM:name@version" (src/manifest), and most
 * dependency patterns name their ecosystems first, anchored
 * ("^(npm:(mongodb|mongoose)|pypi:(pymongo|...)...)"), so most rules cannot
 * match most dependencies: 1,440 interpreted matches, 15% of a scan of
 * express.  Per ecosystem (the dependency's bytes up to its first ':', the
 * colon included), which rules may match is worked out once, at the
 * first dependency of it: the pattern run on those bytes alone with
 * PCRE2_PARTIAL_HARD.  No match at all there means no string that starts
 * with them matches; a partial or whole match means one may.  Then so
 * again with the name's first byte ("npm:e"), for the rules the
 * ecosystem left: most name packages, and most names start otherwise.  A
 * dependency with no ':' in its first DEP_ECO_MAX bytes is not filtered.
 */
#define DEP_ECOS 128 /* prefixes kept: a scan sees a few dozen */

int dpg_rules_dep_plain;

/* Can re match a string that starts with s[0..len)? */
static int may_start(struct dpg_ruleset *rs, struct dpg_re *re, const char *s,
		     size_t len)
{
	const pcre2_code *code = dpg_re_code(re, 0);

	ensure_match_state(rs);
	/* (a pattern JIT-compiled for whole matches only is interpreted) */
	return pcre2_match(code, (PCRE2_SPTR)s, len, 0, PCRE2_PARTIAL_HARD,
			   rs->md, rs->mctx) != PCRE2_ERROR_NOMATCH;
}

/* The rules that may match dependencies starting with dep[0..len), or
 * NULL: not filtered; only those of up (NULL: all) are tried, and up is
 * the answer when this prefix is not kept. */
static const unsigned char *dep_rules(struct dpg_ruleset *rs, const char *dep,
				      size_t len, const unsigned char *up)
{
	struct dep_eco *e;
	size_t i;

	if (len == 0 || len > DEP_ECO_MAX || dpg_rules_dep_plain)
		return up;
	for (i = 0; i < rs->ndeco; i++)
		if (rs->deco[i].len == len &&
		    !memcmp(rs->deco[i].key, dep, len))
			return rs->deco[i].may;
	if (rs->ndeco == DEP_ECOS)
		return up;
	if (!rs->deco)
		rs->deco = xcalloc(DEP_ECOS, sizeof(*rs->deco));
	e = &rs->deco[rs->ndeco++];
	memcpy(e->key, dep, len);
	e->len = len;
	e->may = xcalloc(rs->n ? rs->n : 1, 1);
	for (i = 0; i < rs->n; i++)
		e->may[i] = rs->rules[i]->re_dependency && (!up || up[i]) &&
			    may_start(rs, &rs->rules[i]->re_dependency->re, dep,
				      len);
	return e->may;
}

int dpg_ruleset_eval_dependency(struct dpg_ruleset *rs, const char *manifest,
				const char *dep, dpg_rule_hit_fn fn, void *ctx,
				struct dpg_error *err)
{
	size_t i, dlen = strlen(dep);
	const char *colon =
		memchr(dep, ':', dlen < DEP_ECO_MAX ? dlen : DEP_ECO_MAX);
	const unsigned char *may;
	int hits = 0, rc;

	if (!rs->compiled)
		return dpg_error_set(err, DPG_EUSAGE,
				     "rules are used before being compiled");
	if (colon) {
		/* the ecosystem, then with the name's first byte */
		size_t k = (size_t)(colon - dep) + 1;

		may = dep_rules(rs, dep, k, NULL);
		if (may && k < dlen && dep[k] != '@')
			may = dep_rules(rs, dep, k + 1, may);
	} else {
		may = NULL;
	}
	for (i = 0; i < rs->n; i++) {
		const struct dpg_rule *r = rs->rules[i];
		struct dpg_rule_hit hit;
		PCRE2_SIZE *ov;

		if (!r->re_dependency || (may && !may[i]))
			continue;
		if (r->re_path && manifest &&
		    !path_applies(rs, r, manifest, strlen(manifest), -1, NULL,
				  NULL))
			continue;
		if (re_exec(rs, &r->re_dependency->re, dep, dlen, 0) < 0)
			continue;
		ov = pcre2_get_ovector_pointer(rs->md);
		memset(&hit, 0, sizeof(hit));
		hit.rule = r;
		hit.match = dep + ov[0];
		hit.match_len = ov[1] > ov[0] ? ov[1] - ov[0] : 0;
		hit.line_text = dep;
		hit.line_len = dlen;
		rc = fn(ctx, &hit);
		if (rc < 0)
			return rc;
		hits++;
	}
	return hits;
}

/* ---- self tests ---- */

static int prefilter_passes(struct dpg_ruleset *rs, const struct dpg_rule *r,
			    const char *text)
{
	size_t k;

	if (!r->re_content->nlits ||
	    !dpg_rules_trigrams(rs->tri, text, strlen(text)))
		return 1;
	for (k = 0; k < r->re_content->nlits; k++)
		if (dpg_rules_literal_possible(rs->tri,
					       dpg_rre_lit(r->re_content, k)))
			return 1;
	return 0;
}

static int example_matches(struct dpg_ruleset *rs, const struct dpg_rule *r,
			   const struct dpg_rule_example *ex)
{
	size_t len = strlen(ex->text);

	switch (ex->kind) {
	case DPG_RULE_EX_PATH:
		return path_applies(rs, r, ex->text, len, -1, NULL, NULL);
	case DPG_RULE_EX_CONTENT:
		return dpg_rules_re_match(rs, r->re_content, ex->text, len) ==
		       1;
	case DPG_RULE_EX_DEPENDENCY:
		return dpg_rules_re_match(rs, r->re_dependency, ex->text,
					  len) == 1;
	case DPG_RULE_EX_FIELD: {
		struct dpg_arena a = DPG_ARENA_INIT;
		struct dpg_error e = DPG_ERROR_INIT;
		struct dpg_json *root;
		const struct dpg_json *node;
		int ok = 0;

		if (dpg_json_parse(&root, ex->text, len, &a, &e) == 0)
			ok = field_holds(rs, r, root, &node);
		else
			ok = -1;
		dpg_arena_release(&a);
		return ok;
	}
	default:
		return 0;
	}
}

int dpg_ruleset_test(struct dpg_ruleset *rs, struct dpg_rules_diag *diag)
{
	static const char *const kinds[] = {"", "path", "content", "dependency",
					    "field"};
	size_t i, j;
	int failures = 0;

	for (i = 0; i < rs->n; i++) {
		const struct dpg_rule *r = rs->rules[i];

		for (j = 0; j < r->nexamples; j++) {
			const struct dpg_rule_example *ex = &r->examples[j];
			int m = example_matches(rs, r, ex);

			if (m < 0) {
				dpg_rules_diag_add(
					diag,
					"%s:%u: rule '%s': %s example is not "
					"valid JSON",
					r->file, ex->line, r->id,
					kinds[ex->kind]);
				failures++;
			} else if (m == 1 && ex->match &&
				   ex->kind == DPG_RULE_EX_CONTENT &&
				   !prefilter_passes(rs, r, ex->text)) {
				dpg_rules_diag_add(
					diag,
					"%s:%u: rule '%s': the literal "
					"prefilter rejects example '%.80s' "
					"(an engine bug: please report it)",
					r->file, ex->line, r->id, ex->text);
				failures++;
			} else if (m != ex->match) {
				dpg_rules_diag_add(
					diag,
					"%s:%u: rule '%s': %s example '%.80s' "
					"%s",
					r->file, ex->line, r->id,
					kinds[ex->kind], ex->text,
					ex->match ? "does not match"
						  : "matches but must not");
				failures++;
			}
		}
	}
	return failures;
}
