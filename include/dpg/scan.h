/*
 * scan.h: one audit of one target, and the analyzer interface.
 *
 * A scan pulls every entry of a source once, decides from the path which
 * analyzers want it, reads the content at most once (never for symlinks,
 * files over the size cap or binary files, which are recorded as skipped)
 * and hands it to each analyzer.  Analyzers record facts (findings); they
 * never know where the bytes came from and never touch the database.
 *
 * Everything a scan holds (strings of findings and skips) lives in its
 * arena and is freed by dpg_scan_release().
 */
#ifndef DPG_SCAN_H
#define DPG_SCAN_H

#include <stdint.h>
#include "dpg/arena.h"
#include "dpg/buf.h"
#include "dpg/error.h"
#include "dpg/fetch.h"
#include "dpg/source.h"

/* The nine indicators of the DPG Standard (9 has three parts). */
enum dpg_indicator {
	DPG_IND_NONE = 0,
	DPG_IND_SDG = 1,
	DPG_IND_LICENSE,
	DPG_IND_OWNERSHIP,
	DPG_IND_PLATFORM,
	DPG_IND_DOCS,
	DPG_IND_DATA,
	DPG_IND_PRIVACY,
	DPG_IND_STANDARDS,
	DPG_IND_HARM_SECURITY,	 /* 9a */
	DPG_IND_HARM_CONTENT,	 /* 9b */
	DPG_IND_HARM_HARASSMENT, /* 9c */
	DPG_IND_COUNT
};

/* "1".."8", "9a", "9b", "9c" ("" for none). */
const char *dpg_indicator_code(int ind);
/* Short title, e.g. "Approved open license". */
const char *dpg_indicator_title(int ind);
/* Parse "1".."9c"; returns DPG_IND_NONE when s names none. */
int dpg_indicator_parse(const char *s);

/* One fact.  All strings are owned by the scan's arena. */
struct dpg_finding {
	const char *analyzer;  /* who found it, e.g. "inventory" */
	const char *kind;      /* what it is, e.g. "file", "spdx-tag" */
	int indicator;	       /* enum dpg_indicator */
	const char *path;      /* file, relative to the tree root; or NULL */
	unsigned int line;     /* first line, 1-based; 0 = whole file */
	unsigned int line_end; /* last line (== line for one line) */
	const char *value;     /* e.g. "license", "MIT OR Apache-2.0" */
	const char *excerpt;   /* the matched text, or NULL */
	double score;	       /* 0..1 where it means something, else -1 */
};

struct dpg_skip {
	const char *path;
	const char *reason; /* "binary", "too large", "symlink", ... */
	uint64_t size;
};

struct dpg_nomination;
struct dpg_scan;

struct dpg_scan_opts {
	const char *rev;	/* git revision (NULL: HEAD, or from @REV) */
	uint64_t max_file_size; /* cap on bytes read per file */
	const char *rules_dir;	/* --rules DIR: adds/overrides rules, or NULL */
	unsigned int types;	/* solution types (DPG_TYPE_BIT of
				   licpolicy.h's enum); 0 = software */
	const struct dpg_nomination *nomination; /* --nomination, or NULL */
	struct dpg_fetch_opts fetch; /* remote targets: cache, limits */
	/* Limits of one scan (docs/SECURITY.md); 0 = none.  Past one the
	 * scan stops where it is and is stored as "partial". */
	uint64_t max_entries;	  /* entries walked, folders included */
	unsigned int max_depth;	  /* deeper folders are skipped */
	uint64_t max_bytes;	  /* content bytes read in all */
	uint64_t max_findings;	  /* findings recorded */
	unsigned int max_seconds; /* wall time of the walk */
	const char *cache;	  /* the result cache file (dpg/cache.h), or
				     NULL: beside the audit database */
	int no_cache;		  /* --no-cache: no result cache at all */
	uint64_t cache_max;	  /* its size bound (0: the default) */
	int force;	      /* --force: never record an "unchanged" scan */
	unsigned int threads; /* analysis threads (0: one per core) */
	int profile;	      /* time and bytes per analyzer (scan->profile) */
	/* Asked once the target is resolved (git: commit and tree known,
	 * nothing read): the id of an earlier scan this one would repeat,
	 * else 0.  Then the scan stops there with scan->repeats set. */
	int64_t (*repeat_of)(void *ctx, const struct dpg_scan *scan);
	void *repeat_ctx;
};
#define DPG_MAX_FILE_SIZE_DEFAULT (4u * 1024 * 1024)
#define DPG_MAX_BYTES_DEFAULT	  (4ull * 1024 * 1024 * 1024)
#define DPG_MAX_FINDINGS_DEFAULT  500000
#define DPG_MAX_SECONDS_DEFAULT	  1800
/* clang-format off */
#define DPG_SCAN_OPTS_INIT {NULL, DPG_MAX_FILE_SIZE_DEFAULT, NULL, 0, NULL, \
	DPG_FETCH_OPTS_INIT, \
	DPG_MAX_ENTRIES_DEFAULT, DPG_MAX_DEPTH_DEFAULT, DPG_MAX_BYTES_DEFAULT, \
	DPG_MAX_FINDINGS_DEFAULT, DPG_MAX_SECONDS_DEFAULT, \
	NULL, 0, 0, 0, 0, 0, NULL, NULL}
/* clang-format on */

/* The policy's answer for one indicator (see src/policy/policy.c). */
struct dpg_verdict {
	const char *verdict; /* "met", "not met", "review"; NULL: none */
	const char *reason;  /* what was found, one sentence */
	const char *missing; /* what was not found, or NULL */
};

struct dpg_scan {
	int64_t id; /* row id once stored, else 0 */
	struct dpg_arena arena;
	const struct dpg_scan_opts *opts; /* set during dpg_scan_run() */

	const char *target; /* canonical locator */
	const char *kind;   /* "dir", "git", "archive" */
	const char *rev;    /* revision asked for, or NULL */
	const char *commit_id, *tree_id, *format;
	int dirty; /* see struct dpg_source_info */
	char started_at[32], finished_at[32];
	const char *tool_version;
	const char *status; /* "ok", "partial" (a limit was reached) or
			       "failed" */
	const char *error;  /* the failure, or NULL */
	int error_code;	    /* enum dpg_code of the failure, or 0 */
	const char *note;   /* how the target was read, for a reviewer
			       ("limit reached: ...", "work tree empty:
			       read at HEAD ..."), "; "-separated; or NULL */

	uint64_t file_count, bytes_read;
	uint64_t cached; /* files whose results came from the result cache */
	const char *fingerprint; /* of the analyzers, their rules and the
				    options that shape the results */
	int64_t repeats;	 /* an "unchanged" scan: the scan it repeats */
	const char *types;	 /* solution types audited for, "software" */
	const char *nomination;	 /* the nomination record's name, or NULL */

	/* indexed by enum dpg_indicator; [0] unused */
	struct dpg_verdict verdicts[DPG_IND_COUNT];

	struct dpg_finding *findings;
	size_t nfindings, findings_cap;
	struct dpg_skip *skips;
	size_t nskips, skips_cap;

	char *profile; /* with opts->profile: a report, lines of text */
	void *behind;  /* private: the result cache's write, still running
			  after dpg_scan_run() (src/scan/pipeline.c) */
};

void dpg_scan_init(struct dpg_scan *scan);
/* Frees everything the scan holds; the struct can be reused after init. */
void dpg_scan_release(struct dpg_scan *scan);

/*
 * The fingerprint of what shapes a scan's results besides the files: the
 * build, every analyzer's name, version and rule or vocabulary files, the
 * size cap and the solution types (hex SHA-1 into out).
 */
int dpg_scan_fingerprint(const struct dpg_scan_opts *opts, char out[41],
			 struct dpg_error *err);

/*
 * Audit target.  On success scan->status is "ok", or "partial" when a
 * limit of opts stopped the walk: the files read are analysed, scan->note
 * says which limit ("limit reached: ..."), and every verdict that is not
 * already "review" becomes "review" (docs/POLICY.md).  On failure returns
 * a negative code and still fills scan (status "failed", error, the times
 * and what was known of the target, its canonical locator) so that the
 * failure can be recorded; no finding of a failed scan is kept.
 */
int dpg_scan_run(struct dpg_scan *scan, const char *target,
		 const struct dpg_scan_opts *opts, struct dpg_error *err);

/*
 * Fill scan as a failed scan of target with reason (code: its enum
 * dpg_code), as dpg_scan_run() records a failure, for a target that could
 * not be scanned at all (batch: a worker that crashed or timed out).
 * started_at is kept when set.
 */
void dpg_scan_set_failed(struct dpg_scan *scan, const char *target,
			 const struct dpg_scan_opts *opts, int code,
			 const char *reason);

/* Record a fact; strings are copied into the scan's arena, the value and
 * excerpt with the credentials of URLs in them redacted (dpg/url.h). */
void dpg_scan_add_finding(struct dpg_scan *scan, const struct dpg_finding *f);
/* The first finding of kind, or NULL; and how many there are (internal
 * facts and dropped findings are not counted). */
const struct dpg_finding *dpg_scan_first(const struct dpg_scan *scan,
					 const char *kind);
size_t dpg_scan_count(const struct dpg_scan *scan, const char *kind);

/* Record a skipped entry; strings are copied (URL credentials in the path
 * redacted). */
void dpg_scan_add_skip(struct dpg_scan *scan, const char *path,
		       const char *reason, uint64_t size);

/*
 * The findings of one entry, as an analyzer's file() writes them: strings
 * are copied into the results' own arena.  The pipeline appends them to the
 * scan in entry order (and may keep them in the result cache).
 */
struct dpg_results {
	struct dpg_arena arena;
	struct dpg_finding *findings;
	size_t n, cap;
};
void dpg_results_init(struct dpg_results *r);
void dpg_results_release(struct dpg_results *r);
/* Record a fact; strings are copied into r's arena. */
void dpg_results_add(struct dpg_results *r, const struct dpg_finding *f);
/* Append every finding of r to scan (strings copied). */
void dpg_scan_add_results(struct dpg_scan *scan, const struct dpg_results *r);

/*
 * Internal facts: a finding whose indicator is DPG_IND_INTERNAL is a fact
 * that file() leaves for its analyzer's end() (a holder seen in a file, the
 * bytes a file scored...): end() sees it in scan->findings like any other,
 * in entry order; it is never stored, reported or given to the policy (the
 * pipeline removes every internal fact after the last end()).  Each analyzer
 * documents the internal kinds it writes and what their fields hold.
 *
 * dpg_scan_drop(): end() withdraws finding i (e.g. past a cap counted over
 * the whole scan); it disappears when that end() returns.
 * dpg_scan_first() and dpg_scan_count() ignore both.
 */
#define DPG_IND_INTERNAL (-1)
#define DPG_IND_DROPPED	 (-2)
void dpg_scan_drop(struct dpg_scan *scan, size_t i);

/*
 * The analyzer interface.  To add an analyzer, write one file that defines
 * a `const struct dpg_analyzer` and list it in src/analyze/registry.c.
 *
 * The rule that makes results cacheable and files analysable in parallel:
 * file() is a pure function of (the analyzer's config, the entry's path,
 * mode, size and content).  It writes that entry's findings (and internal
 * facts) to out and keeps nothing from one file to the next; whatever
 * depends on several files (counts, caps over the scan, "the last R stub
 * seen") is concluded in end() from the findings and internal facts, which
 * it reads in entry order.
 *
 *   begin():   make the config from the scan's options (rules, vocabulary):
 *              shared by every thread, read-only once begin() returns.
 *   want():    from the entry alone (path, mode, size) and the config, say
 *              whether the analyzer wants to see it: 0, DPG_WANT_PATH
 *              (entry without content) or DPG_WANT_CONTENT (with its
 *              text).  Pure too; called on the scan's thread only, so it
 *              may use caches of its own in config that file() never reads.
 *              That thread also merges the jobs, in entry order, so
 *              want() may read scan->findings (begin() keeps the scan):
 *              those of a prefix of the entries before this one (all of
 *              them with one analysis thread).  The SDG analyzer declines
 *              a doc file that its budget can no longer count; with
 *              another prefix it may decline fewer, never with another
 *              output.  What it declines has no section of its in the
 *              result cache: a scan that wants it computes it.
 *   scratch(): make one thread's working state (a matcher, PCRE2 match
 *              data, a copy of an engine that is not thread-safe).  NULL
 *              when file() needs none (then scratch is NULL).
 *   file():    called once per wanted entry, on any thread, with that
 *              thread's scratch.  For DPG_WANT_CONTENT, data holds the
 *              whole text (NUL-terminated, len bytes); data is NULL when the
 *              entry was skipped (binary, too large...).
 *   end():     after the last entry, on the scan's thread: conclusions over
 *              the whole tree, from scan->findings (those of analyzers
 *              listed later are not there yet; the end() findings of those
 *              listed before are).
 *   free(), scratch_free(): release them.
 * Any callback may be NULL.  A negative return fails the scan.
 *
 * version: bump it when file() gives other findings for the same input.
 * (Cached results are keyed by the build's identity too, so a rebuild never
 * reuses another build's results; version says it across builds.)
 */
#define DPG_WANT_PATH	 1u
#define DPG_WANT_CONTENT 2u

struct dpg_analyzer {
	const char *name;
	unsigned int version;
	int (*begin)(void **config, struct dpg_scan *scan,
		     struct dpg_error *err);
	unsigned int (*want)(void *config, const struct dpg_file *f);
	int (*scratch)(void **scratch, const void *config,
		       struct dpg_error *err);
	int (*file)(const void *config, void *scratch, const struct dpg_file *f,
		    const char *data, size_t len, struct dpg_results *out,
		    struct dpg_error *err);
	int (*end)(void *config, struct dpg_scan *scan, struct dpg_error *err);
	void (*scratch_free)(void *scratch);
	void (*free)(void *config);
	/* What file() depends on besides the code: the rule or vocabulary
	 * files it loads (their names and hashes), appended to fp; NULL when
	 * nothing.  Part of the result cache's key. */
	int (*fingerprint)(const struct dpg_scan_opts *opts, struct dpg_buf *fp,
			   struct dpg_error *err);
};

/*
 * One analyzer driven by hand as the pipeline drives it (unit tests,
 * tools): begin (config and one scratch), feed entries, end.
 */
struct dpg_analysis {
	const struct dpg_analyzer *an;
	void *config, *scratch;
	struct dpg_scan *scan;
};
int dpg_analysis_begin(struct dpg_analysis *a, const struct dpg_analyzer *an,
		       struct dpg_scan *scan, struct dpg_error *err);
/* want(), then file() when it wants the entry (data: its whole text, or
 * NULL); the findings go to the scan.  Returns what want() said, or a
 * negative code. */
int dpg_analysis_feed(struct dpg_analysis *a, const struct dpg_file *f,
		      const char *data, size_t len, struct dpg_error *err);
/* end(); then what it withdrew and every internal fact are removed. */
int dpg_analysis_end(struct dpg_analysis *a, struct dpg_error *err);
void dpg_analysis_free(struct dpg_analysis *a);

/* The analyzers every scan runs, in order; NULL-terminated. */
extern const struct dpg_analyzer *const dpg_analyzers[];

#endif
