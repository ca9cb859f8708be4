/*
 * rules.h: the rules engine.
 *
 * Rules are data (the .rules files of rules/, documented in docs/RULES.md):
 * each one names the indicator it informs and says what to look for in a path,
 * in the content of files whose path matches, in a JSON manifest field, or in
 * a dependency found by the deps analyzer.  A ruleset is loaded from the
 * shipped directory and optionally from a user directory whose rules add to
 * or replace shipped ones by id.  Every problem found while loading is
 * collected as "file:line: message" in a struct dpg_rules_diag before the
 * load fails, so that a user sees all of them at once.
 *
 * Patterns are PCRE2, compiled once (with JIT when available; the
 * shipped rules' at their first use: dpg_rules_shipped).  Whether a
 * rule applies is decided from the path before any content is read; a
 * literal prefilter (one pass per file) keeps content rules whose words do
 * not occur from running, so the cost does not grow with the number of
 * rules (see src/rules/eval.c and docs/RULES.md).
 */
#ifndef DPG_RULES_H
#define DPG_RULES_H

#include <stddef.h>
#include "dpg/error.h"

#define DPG_RULES_MAX_FILE_SIZE	       (1024u * 1024) /* bytes of one rule file */
#define DPG_RULES_MAX_LINE	       8192	      /* bytes of one line */
#define DPG_RULES_MAX_RULES	       10000	      /* rules in a ruleset */
#define DPG_RULES_MAX_FILES	       1000	      /* files in a directory */
#define DPG_RULES_MAX_ERRORS	       200	      /* diagnostics kept */
#define DPG_RULES_MAX_FINDINGS_DEFAULT 10	      /* findings per rule */

/* What an example exercises. */
enum dpg_rule_example_kind {
	DPG_RULE_EX_PATH = 1,	/* test.path.*: a path */
	DPG_RULE_EX_CONTENT,	/* test.content.*: a text */
	DPG_RULE_EX_DEPENDENCY, /* test.dependency.*: "eco:name@version" */
	DPG_RULE_EX_FIELD,	/* test.field.*: a JSON document */
};

struct dpg_rule_example {
	int kind;	   /* enum dpg_rule_example_kind */
	int match;	   /* 1: the rule must match; 0: it must not */
	char *text;	   /* owned by the rule (escapes \n, \t resolved) */
	unsigned int line; /* where it is written */
};

struct dpg_rule_re; /* a compiled pattern; private to src/rules/ */

/*
 * One rule.  Pattern sources hold the rule's text; a key given several
 * times is an alternation of its values.  Everything is owned by the
 * ruleset.
 */
struct dpg_rule {
	char *id;
	int indicator;	 /* enum dpg_indicator */
	double strength; /* 0..1: strong 1.0, some 0.6, weak 0.3 */
	char *message;
	char *file;	   /* where the rule is defined */
	unsigned int line; /* line of its [id] header */
	int disabled;	   /* "enabled = no": removes a rule of the same id */
	int is_scope;	   /* a [scope.NAME] section: a named path filter */
	char *scope; /* "scope = NAME": path and not-path of [scope.NAME] */
	unsigned int max_findings; /* findings per scan (0 = default) */
	int lazy;    /* shipped: patterns compiled at first use, unchecked */
	int builtin; /* parsed at build time: its strings are not owned */

	char *path;	  /* applies to files whose path matches */
	char *not_path;	  /* ... and does not match this */
	char *content;	  /* the file's text must match (multiline mode) */
	char *field;	  /* a dotted JSON field that must exist */
	char *value;	  /* ... whose string value must match */
	char *dependency; /* matched against "eco:name@version" */

	struct dpg_rule_example *examples;
	size_t nexamples, examples_cap;

	/* compiled patterns, NULL when the key is absent */
	struct dpg_rule_re *re_path, *re_not_path, *re_content, *re_value,
		*re_dependency;
};

/* The kind of a rule, from the keys it has: "path", "content", "field",
 * "dependency" (or "scope" for a [scope.NAME] section). */
const char *dpg_rule_kind(const struct dpg_rule *r);

/* Diagnostics of a load or a test run: "file:line: message" strings. */
struct dpg_rules_diag {
	char **msgs;
	size_t n, cap;
	size_t dropped; /* messages beyond DPG_RULES_MAX_ERRORS */
};
#define DPG_RULES_DIAG_INIT                                                    \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}

/* Append a printf-formatted message (copied). */
void dpg_rules_diag_add(struct dpg_rules_diag *d, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Free the messages; the struct can be reused. */
void dpg_rules_diag_release(struct dpg_rules_diag *d);

struct dpg_ruleset;

/* A new, empty ruleset; free it with dpg_ruleset_free(). */
struct dpg_ruleset *dpg_ruleset_new(void);
/* Free the ruleset, its rules and compiled patterns (NULL is fine). */
void dpg_ruleset_free(struct dpg_ruleset *rs);

/*
 * Parse len bytes of rule text named name (used in messages).  When
 * override is set, a rule whose id is already in the ruleset replaces it
 * (and "enabled = no" removes it); otherwise a known id is an error.
 * Every problem is appended to diag as "name:line: message".  Returns the
 * number of rules read, or DPG_EINPUT when diag got any message from this
 * text (err then holds the first one).
 */
int dpg_ruleset_parse(struct dpg_ruleset *rs, const char *name,
		      const char *text, size_t len, int override,
		      struct dpg_rules_diag *diag, struct dpg_error *err);

/* Read and parse one file (see dpg_ruleset_parse); DPG_ENOTFOUND or
 * DPG_EIO when it cannot be read (missing, unreadable, not a regular
 * file: not added to diag), DPG_EINPUT when over DPG_RULES_MAX_FILE_SIZE
 * or invalid. */
int dpg_ruleset_load_file(struct dpg_ruleset *rs, const char *path,
			  int override, struct dpg_rules_diag *diag,
			  struct dpg_error *err);

/*
 * Load every "*.rules" file directly in dir, in name order (subdirectories
 * are not read).  Problems in all files are collected before failing with
 * DPG_EINPUT (also for more than DPG_RULES_MAX_FILES files); a missing
 * directory is DPG_ENOTFOUND, a file that cannot be read DPG_ENOTFOUND or
 * DPG_EIO.  Returns the number of rules read.
 */
int dpg_ruleset_load_dir(struct dpg_ruleset *rs, const char *dir, int override,
			 struct dpg_rules_diag *diag, struct dpg_error *err);

/*
 * Find the shipped rules directory: $DPGAUDIT_RULES when set, else
 * "<dir of the executable>/../rules" when it exists, else
 * "<prefix>/share/dpgaudit/rules".  *out is malloc'd; the caller frees it.
 * Returns DPG_ENOTFOUND when none exists (*out then names the last
 * candidate tried, for the message).
 */
int dpg_rules_default_dir(char **out, struct dpg_error *err);

/*
 * The fingerprint of the rule files of dir: what dpg_cache_hash_dir(fp,
 * dir, ".rules", err) writes.  When they are the shipped ones parsed at
 * build time, byte for byte, their hashes are the build's, and loading
 * dir next takes them without reading them again (unless they changed).
 */
struct dpg_buf;
int dpg_rules_fingerprint_dir(struct dpg_buf *fp, const char *dir,
			      struct dpg_error *err);

/*
 * Whether dir is (or is in) the rules directory installed with this
 * executable.  Its rules and vocabulary are checked by make check, so
 * their patterns are compiled at first use (most never run in a small
 * scan); those of any other directory (--rules DIR, DPGAUDIT_RULES
 * elsewhere) at load, so that a bad one is an error naming its file:line.
 */
int dpg_rules_shipped(const char *dir);

/*
 * Check every loaded rule (indicator, message, examples...) and compile its
 * patterns; problems go to diag.  Must be called once after loading and
 * before evaluating.  Returns DPG_EINPUT when any rule is invalid.
 */
int dpg_ruleset_compile(struct dpg_ruleset *rs, struct dpg_rules_diag *diag,
			struct dpg_error *err);

/*
 * The usual way to get rules: load the shipped directory, then extra_dir
 * (may be NULL) as overrides, and compile.  *out is owned by the caller.
 */
int dpg_ruleset_load(struct dpg_ruleset **out, const char *extra_dir,
		     struct dpg_rules_diag *diag, struct dpg_error *err);

/*
 * A ruleset for another thread: it evaluates rs's compiled rules with match
 * state of its own (rs's rules and patterns are shared, read-only; rs must
 * outlive it).  Costs no compiling.  Free it with dpg_ruleset_free().
 */
struct dpg_ruleset *dpg_ruleset_share(const struct dpg_ruleset *rs);

/* The number of rules (scopes included: see struct dpg_rule's is_scope). */
size_t dpg_ruleset_count(const struct dpg_ruleset *rs);
/* The i-th rule (in load order, overrides in place), owned by rs. */
const struct dpg_rule *dpg_ruleset_rule(const struct dpg_ruleset *rs, size_t i);
/* The rule with this id, or NULL. */
const struct dpg_rule *dpg_ruleset_find(const struct dpg_ruleset *rs,
					const char *id);

/* ---- evaluation ---- */

/* One match of one rule. */
struct dpg_rule_hit {
	const struct dpg_rule *rule;
	unsigned int line; /* 1-based; 0 for a path rule */
	const char *match; /* the matched text (not NUL-terminated) */
	size_t match_len;
	const char *line_text; /* the whole line of the match */
	size_t line_len;
};

/* Called for each hit; a negative return stops the evaluation with it. */
typedef int (*dpg_rule_hit_fn)(void *ctx, const struct dpg_rule_hit *hit);

/*
 * From the path alone: 0 when no rule applies, DPG_WANT_PATH when only
 * path rules do, DPG_WANT_CONTENT when a content or field rule does.
 */
unsigned int dpg_ruleset_want(struct dpg_ruleset *rs, const char *path);

/*
 * Evaluate every path, content and field rule on one file: fn gets each
 * rule that matches, once per file, at its first match.  data (len bytes,
 * NUL-terminated) may be NULL: then only path rules are evaluated.  The
 * text is scanned once for all content rules of the file.  Returns the
 * number of hits or a negative code (from fn, or DPG_ERR when PCRE2 fails).
 */
int dpg_ruleset_eval_file(struct dpg_ruleset *rs, const char *path,
			  const char *data, size_t len, dpg_rule_hit_fn fn,
			  void *ctx, struct dpg_error *err);

/*
 * Evaluate every dependency rule on one dependency string such as
 * "npm:mapbox-gl@^2.1.0" declared in manifest (rules with a path apply
 * only when it matches the manifest's path).  Returns the number of hits.
 */
int dpg_ruleset_eval_dependency(struct dpg_ruleset *rs, const char *manifest,
				const char *dep, dpg_rule_hit_fn fn, void *ctx,
				struct dpg_error *err);

/*
 * Run every rule's own examples; each failure is appended to diag as
 * "file:line: rule 'id': ...".  Returns the number of failures.
 */
int dpg_ruleset_test(struct dpg_ruleset *rs, struct dpg_rules_diag *diag);

#endif
