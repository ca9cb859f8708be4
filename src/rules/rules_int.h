/*
 * rules_int.h: what parse.c and eval.c share about a ruleset; private to
 * src/rules/.
 */
#ifndef DPG_RULES_INT_H
#define DPG_RULES_INT_H

#include <pcre2.h>
#include "dpg/prefilter.h"
#include "dpg/rules.h"

struct dpg_rule_re {
	struct dpg_re re; /* the pattern (JIT-compiled once busy) */
	int backrefs;	  /* uses back references: cannot be combined */
	int at_start;	  /* anchored at the start (\A...): run alone, no
			     literal pass over the text */
	char **lits;	  /* required literals (lowercase), any of which must */
	size_t nlits;	  /* occur for a match; 0: none known, always run */
	long anchor;	  /* number in the ruleset's anchor set, or -1 */
	uint64_t *pairs;  /* a path filter's: per literal, 4 words of the
			     hashed byte pairs it holds (select_rules) */
	uint64_t start[4]; /* a path filter anchored at the start: the bytes
			      a path it matches may start with (PCRE2's
			      start bitmap), when start_known */
	int start_known;
	int known; /* lits and pairs are dpg_rules_known's */
	int fixed; /* a static of dpg_rules_known (rules_write.c),
		      shared by its every load: never changed but
		      for its pattern's code, never freed */
	/* fixed, without pointers (no relocation at start): lits NULL and
	 * instead 1 + the index of the first in dpg_rules_known_lits
	 * (offsets in dpg_rules_strs), pairs NULL and 1 + the index of the
	 * first word in dpg_rules_known_pairs; 0: lits and pairs are
	 * read.  Read them by dpg_rre_lit and dpg_rre_pairs. */
	uint32_t klits, kpairs;
};
extern const uint32_t dpg_rules_known_lits[];
extern const uint64_t dpg_rules_known_pairs[];

/* re's literal k. */
static inline const char *dpg_rre_lit(const struct dpg_rule_re *re, size_t k)
{
	return re->klits ? dpg_rules_strs +
				   dpg_rules_known_lits[re->klits - 1 + k]
			 : re->lits[k];
}

/* re's byte pairs (4 words a literal), or NULL. */
static inline const uint64_t *dpg_rre_pairs(const struct dpg_rule_re *re)
{
	return re->kpairs ? dpg_rules_known_pairs + re->kpairs - 1 : re->pairs;
}

/* The patterns of dpg_rules_known (re_known.h; rules_write.c), shared by
 * every load of the table (fixed). */
extern struct dpg_rule_re dpg_rules_known_res[];

/* A combined alternation for one set of content rules. */
struct dpg_rules_combo {
	size_t *idx; /* rule indexes, ascending */
	size_t n;
	struct dpg_re re; /* code NULL: could not combine; match one by one */
};

/* A required literal of a path filter, with its byte pairs (eval.c:
 * pair_bits) and the rule leading the filter's group. */
struct dpg_path_lit {
	uint64_t m[4];
	size_t rule;
	const char *lit;
};

#define EXT_MAX 16 /* bytes of an extension (eval.c: ext_form), its NUL */

struct dpg_path_ext {
	char ext[EXT_MAX]; /* lowercase */
	uint64_t mask;	   /* the filters (pextbit) that list it */
};

/* What dpg_ruleset_compile indexes of the path filters (pgroup, pflag,
 * plits, pextbit, pexts: see struct dpg_ruleset), as it made them of the
 * shipped rules at build time (re_known.h: dpg_rules_known's last
 * entry). */
struct dpg_rules_paths {
	const size_t *pgroup;
	const unsigned char *pflag;
	const struct dpg_path_lit *plits;
	size_t nplits;
	const signed char *pextbit;
	const struct dpg_path_ext *pexts;
	size_t npexts;
};

/* The rules that may match the dependencies of one ecosystem: those
 * starting with key[0..len) ("npm:"). */
#define DEP_ECO_MAX 32
struct dep_eco {
	char key[DEP_ECO_MAX];
	size_t len;
	unsigned char *may; /* per rule: 1 when it may match */
};

struct dpg_ruleset {
	struct dpg_rule **rules;
	unsigned int *gen; /* parallel to rules: load generation */
	size_t n, cap;
	unsigned int cur_gen;
	int compiled;
	int lazy; /* rules being loaded are shipped (struct dpg_rule) */
	/* dpg_ruleset_share(): the ruleset whose rules, gen and anchors
	 * these are (not owned), or NULL */
	const struct dpg_ruleset *owner;

	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;

	/* want() cache: the rules whose path matches last_path (last_cap
	 * bytes allocated) */
	char *last_path;
	size_t last_cap;
	/* the owner's last selections, which its shares take instead of
	 * selecting again (eval.c: struct sel_cache): owned by the owner */
	struct sel_cache *selc;
	unsigned char *active; /* n entries */
	size_t *pgroup;	       /* n entries: rule with the same path filter */
	unsigned int last_want;
	/* the required literals of the path filters (of each pgroup leader),
	 * in one array (the owner's when shared), and per path which
	 * leaders' filters may match (n entries) */
	struct dpg_path_lit *plits;
	size_t nplits;
	unsigned char *pmay;
	unsigned char *pflag; /* n entries: PF_* (eval.c), the owner's */
	/* the leaders' filters that only list extensions (ext_form() in
	 * eval.c): per rule its bit in the masks or -1 (n entries), and the
	 * extensions, sorted, with the filters that list each; the owner's */
	signed char *pextbit;
	struct dpg_path_ext *pexts;
	size_t npexts;
	char **owned; /* literals in plits that index_exts() found */
	size_t nowned, owned_cap;
	/* plits, pflag, pextbit and pexts are dpg_rules_known_paths': not
	 * owned */
	int paths_known;

	/* the anchors of the content patterns (dpg/prefilter.h) */
	struct dpg_lits *anchors; /* dpg_rules_known_anchors: not owned */
	struct dpg_lits_hits *hits;

	/* per-file state of a content scan */
	unsigned char *tri;   /* DPG_RULES_TRI_BITS bits: trigrams present */
	unsigned char *found; /* n entries */
	size_t cb_rule;	      /* set by the callout when a rule matched */
	int cb_set;

	struct dpg_rules_combo *combos;
	size_t ncombos, combos_cap;

	/* dpg_ruleset_eval_dependency's: per dependency ecosystem, the rules
	 * that may match (eval.c) */
	struct dep_eco *deco;
	size_t ndeco;

	/* the builtin rules' file names (struct dpg_rule's file), owned */
	char **known_files;
	size_t nknown_files;
};

/* Tests: dpg_ruleset_eval_dependency runs every dependency rule, not
 * only those that may match the dependency's ecosystem. */
extern int dpg_rules_dep_plain;

/* Compile one pattern (flags added to UTF and MATCH_INVALID_UTF; not
 * JIT-compiled: see struct dpg_re); on error fills msg ("... at offset N:
 * reason") and returns NULL. */
pcre2_code *dpg_rules_re_compile(const char *src, uint32_t flags, char *msg,
				 size_t msgsz);
void dpg_rules_re_free(struct dpg_rule_re *re);
/* 1 when re matches s (len bytes), 0 when not, negative on a limit. */
int dpg_rules_re_match(struct dpg_ruleset *rs, struct dpg_rule_re *re,
		       const char *s, size_t len);
void dpg_rules_eval_release(struct dpg_ruleset *rs);
/* 0 when path cannot match re, a path filter: it holds none of the
 * filter's required literals (how want() skips most filters). */
int dpg_rules_path_may_match(const struct dpg_rule_re *re, const char *path);
/* 0 when path (len bytes) cannot match re, a path filter anchored at the
 * start: its first byte is not one the pattern may start with. */
int dpg_rules_path_may_start(const struct dpg_rule_re *re, const char *path,
			     size_t len);

/* Whether src may have a back reference or be anchored at the start
 * (PCRE2_INFO_BACKREFMAX, PCRE2_ANCHORED), known exactly only once it is
 * compiled: when not, a shipped content pattern is compiled lazily. */
int dpg_rules_may_anchor(const char *src);
/* The flags a key's pattern is compiled with. */
uint32_t dpg_rules_key_flags(const char *key);

#endif
