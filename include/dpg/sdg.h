/*
 * sdg.h: relevance of a text to the 17 Sustainable Development Goals.
 *
 * A vocabulary (loaded at run time from rules/sdg/NN-name.sdg, see docs/SDG.md)
 * holds, per goal, weighted PCRE2 terms with optional context conditions.
 * dpg_sdg_score() is a pure function of (vocabulary, text): it gives each
 * goal a raw score, a 0..1 score, a strength (none / some / strong) and
 * its best excerpts with line numbers.  The analyzer (dpg_analyzer_sdg)
 * and `dpgaudit sdg` are thin layers over it.
 */
#ifndef DPG_SDG_H
#define DPG_SDG_H

#include <stddef.h>
#include "dpg/error.h"

#define DPG_SDG_GOALS	     17
#define DPG_SDG_MAX_EXCERPTS 3
#define DPG_SDG_EXCERPT_MAX  200 /* bytes of an excerpt, before "..." */

/*
 * Thresholds on the raw score (documented and tuned in docs/SDG.md): a goal
 * is "some" from DPG_SDG_SOME_AT, "strong" from DPG_SDG_STRONG_AT.
 */
#define DPG_SDG_SOME_AT	  3.0
#define DPG_SDG_STRONG_AT 8.0
/*
 * And whatever the raw score, a goal is "none" unless one match weighs at
 * least DPG_SDG_ANCHOR_AT (a specific term, not only supporting words),
 * and, when it is the only match, at least DPG_SDG_ALONE_AT.  A
 * repository is held to more: a lone match there must weigh
 * DPG_SDG_REPO_ALONE_AT (one specific term in all its docs is a mention,
 * not a purpose).
 */
#define DPG_SDG_ANCHOR_AT     3.0
#define DPG_SDG_ALONE_AT      3.0
#define DPG_SDG_REPO_ALONE_AT 4.0
/*
 * A text longer than DPG_SDG_LONG_TEXT bytes is held to the repository's
 * rule: one specific term in a long document (a manual, a FAQ, a
 * glossary) is a mention, not its topic.
 */
#define DPG_SDG_LONG_TEXT 4096
/*
 * Or, without an anchor, moderate terms that agree: at least
 * DPG_SDG_AGREE_TERMS distinct terms, the first matches of the moderate
 * ones (weight DPG_SDG_MODERATE_AT or more) summing to DPG_SDG_AGREE_AT
 * ("nutrition", "agricultural", "food prices" for goal 2); repeats of a
 * term and supporting words (1-1.5) do not add to it.
 */
#define DPG_SDG_MODERATE_AT 2.0
#define DPG_SDG_AGREE_TERMS 2
#define DPG_SDG_AGREE_AT    4.0

enum dpg_sdg_strength {
	DPG_SDG_NONE = 0,
	DPG_SDG_SOME = 1,
	DPG_SDG_STRONG = 2,
};

struct dpg_sdg_vocab;

struct dpg_sdg_excerpt {
	unsigned int line; /* 1-based line of the best match in the excerpt */
	double weight;	   /* what the excerpt's line contributed */
	char *text;	   /* the sentence, whitespace-collapsed; malloc'd */
};

struct dpg_sdg_goal_result {
	int goal;	    /* 1..17 */
	double raw;	    /* weighted sum of the matches (never negative) */
	double score;	    /* raw mapped to 0..1: 1 - exp(-raw / 8) */
	int strength;	    /* enum dpg_sdg_strength */
	double top;	    /* the heaviest single match */
	unsigned int hits;  /* matches that counted */
	unsigned int terms; /* distinct positive terms that counted */
	double spread;	    /* the sum of their moderate first matches */
	struct dpg_sdg_excerpt excerpts[DPG_SDG_MAX_EXCERPTS];
	size_t nexcerpts;
};

struct dpg_sdg_result {
	struct dpg_sdg_goal_result goals[DPG_SDG_GOALS]; /* goals[g - 1] */
};

/*
 * Load every *.sdg file of dir (sorted by name), then of override_dir
 * (may be NULL or missing): an override file with the name of a shipped
 * one replaces it, any other adds its terms.  Every pattern is compiled
 * once (with JIT where available, once busy): at load, or at its first
 * use when dir is the shipped one (dpg_rules_shipped).  On success *out is
 * owned by the caller (dpg_sdg_vocab_free).  Invalid files give DPG_EINPUT;
 * then, if errors is not NULL, *errors receives a malloc'd list of every
 * problem, one "file:line: message" a line.  A missing or unreadable dir gives
 * DPG_ENOTFOUND or DPG_EIO.
 */
int dpg_sdg_vocab_load(struct dpg_sdg_vocab **out, const char *dir,
		       const char *override_dir, char **errors,
		       struct dpg_error *err);

/*
 * The vocabulary of (dir, override_dir) loaded once per process: the first
 * call loads it (as dpg_sdg_vocab_load), later calls with the same
 * directories return the same one.  It is read-only and may be shared by
 * threads; it lives until the process exits (or dpg_sdg_vocab_cache_clear).
 * A file of the directories edited, added or removed (by name, size and
 * modification time) makes the next call load the vocabulary anew.
 * Errors are dpg_sdg_vocab_load's, and are not cached.
 */
int dpg_sdg_vocab_shared(const struct dpg_sdg_vocab **out, const char *dir,
			 const char *override_dir, char **errors,
			 struct dpg_error *err);

/*
 * Append the fingerprint of the *.sdg files of dir to fp, as
 * dpg_cache_hash_dir(fp, dir, ".sdg", err) does (dpg/cache.h).  When they
 * are the shipped files the fingerprint comes from the build, and the
 * next load of dir (with the same names, sizes and times) reads them no
 * more.
 */
struct dpg_buf;
int dpg_sdg_fingerprint_dir(struct dpg_buf *fp, const char *dir,
			    struct dpg_error *err);

/* Free every vocabulary of dpg_sdg_vocab_shared (none may be in use). */
void dpg_sdg_vocab_cache_clear(void);

/* An empty vocabulary, to which dpg_sdg_vocab_add_text() adds files. */
struct dpg_sdg_vocab *dpg_sdg_vocab_new(void);

/*
 * Parse one vocabulary file's text (name is used in messages) into v.
 * Returns the number of terms added, or DPG_EINPUT after collecting every
 * "name:line: message" of the file (appended, one a line, to *errors, a
 * malloc'd string the caller frees; errors may be NULL); v then holds
 * none of this file's terms.
 */
int dpg_sdg_vocab_add_text(struct dpg_sdg_vocab *v, const char *name,
			   const char *text, size_t len, char **errors,
			   struct dpg_error *err);

/* Number of terms for goal (1..17), or of all goals when goal is 0. */
size_t dpg_sdg_vocab_count(const struct dpg_sdg_vocab *v, int goal);

void dpg_sdg_vocab_free(struct dpg_sdg_vocab *v);

/*
 * Where the shipped vocabulary lives: the sdg/ directory of the rules
 * engine's default directory (dpg_rules_default_dir: $DPGAUDIT_RULES, else
 * <exe dir>/../rules, else the installed share/dpgaudit/rules).  Returns a
 * malloc'd path (the caller frees it), or NULL when none exists.
 */
char *dpg_sdg_default_dir(void);

/*
 * Score text (len bytes; need not be NUL-terminated) against every goal.
 * Markdown fenced code blocks, inline code, HTML comments and URLs are
 * ignored.  Fills *out (release with dpg_sdg_result_release); returns 0,
 * or DPG_ERR when PCRE2 fails to match (e.g. its resource limits).
 */
int dpg_sdg_score(struct dpg_sdg_result *out, const struct dpg_sdg_vocab *v,
		  const char *text, size_t len, struct dpg_error *err);

/* Free the excerpts of r (the struct itself is the caller's). */
void dpg_sdg_result_release(struct dpg_sdg_result *r);

/* Strength of a raw score by the two thresholds alone. */
int dpg_sdg_strength_of(double raw);

/*
 * Strength of evidence: raw score, heaviest single match, number of
 * matches, of distinct terms and the sum of their first matches (spread),
 * by the thresholds and the anchor and agreement rules above.
 */
int dpg_sdg_strength(double raw, double top, unsigned int hits,
		     unsigned int terms, double spread);

/* The score (0..1) of a raw score. */
double dpg_sdg_score_of(double raw);

/* "none", "some", "strong". */
const char *dpg_sdg_strength_name(int strength);

/* Official short name of goal 1..17 ("Good Health and Well-being"), or
 * NULL. */
const char *dpg_sdg_goal_name(int goal);

#endif
