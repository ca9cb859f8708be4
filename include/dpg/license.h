/*
 * license.h: the SPDX license corpus and the full-text license matcher.
 *
 * The corpus is the SPDX license list (ids, names, OSI flags and texts)
 * compiled at build time from data/spdx-license-list/spdx-full.json into
 * a read-only index linked into the binary (no run-time loading).  The
 * matcher finds every corpus license text inside a text: where (line
 * range), how closely (score 0..1, exact or near) and what differs (the
 * added, removed and changed spans).  See docs/LICENSE-MATCHING.md.
 */
#ifndef DPG_LICENSE_H
#define DPG_LICENSE_H

#include <stddef.h>
#include "dpg/arena.h"
#include "dpg/error.h"

struct dpg_license_info {
	const char *id;	  /* canonical SPDX id, e.g. "Apache-2.0" */
	const char *name; /* full name */
	int osi;	  /* OSI-approved per the SPDX list */
	int has_text;
	int deprecated; /* a deprecated SPDX id (e.g. "GPL-2.0") */
};

/* Look up an SPDX license id (case-insensitive, as SPDX ids are); NULL
 * when it is not in the corpus.  The result is static. */
const struct dpg_license_info *dpg_license_lookup(const char *id);
/* Number of licenses in the corpus (deprecated ids included). */
size_t dpg_license_count(void);
/* The i-th license in id order (case-insensitive), or NULL past the end. */
const struct dpg_license_info *dpg_license_at(size_t i);

/*
 * The other ids whose text is identical to info's after normalisation
 * (e.g. GPL-3.0-or-later and GPL-3.0 for GPL-3.0-only), written into out
 * (up to max entries); returns how many there are in total.
 */
size_t dpg_license_same_text(const struct dpg_license_info *info,
			     const struct dpg_license_info **out, size_t max);

/* What differs between the license text and the file. */
enum dpg_license_span_kind {
	DPG_LIC_ADDED = 1, /* in the file, not in the license */
	DPG_LIC_REMOVED,   /* in the license, not in the file */
	DPG_LIC_CHANGED,   /* license words replaced by file words */
};

struct dpg_license_span {
	enum dpg_license_span_kind kind;
	unsigned int line, line_end; /* file lines (for REMOVED: where) */
	unsigned int nwords;	     /* license words removed or file words
					added, whichever is larger */
	const char *file_text;	     /* excerpt of the file, or NULL */
	const char *file_words;	     /* the file's whole text there (up to
					2 KiB), or NULL */
	const char *license_text;    /* normalised license words, or NULL */
};

struct dpg_license_match {
	const struct dpg_license_info *license; /* never a deprecated id */
	double score;			/* 0..1 (Dice on aligned words) */
	int exact;			/* 1: no difference but title,
					   copyright lines and optional parts */
	unsigned int line, line_end;	/* the matched region of the file */
	unsigned int words;		/* license words found in order */
	struct dpg_license_span *spans; /* differences, in file order */
	size_t nspans;
	/* Trailing or leading text of a file that is mostly this license,
	 * matched by no license (e.g. an extra appendix); 0 when none.  It
	 * makes the match near (exact 0; the score stays that of the text
	 * itself): in a license file it may add terms.  A caller that knows the
	 * file is no license file (a README section) may ignore it. */
	unsigned int extra_line, extra_line_end;
	const char *extra_text;
	const char *extra_words; /* all of it (up to 2 KiB) */
};

/* Scores at or above this are reported as a (near) match. */
#define DPG_LICENSE_NEAR 0.80
/* Largest text the matcher reads; longer input is cut there. */
#define DPG_LICENSE_MAX_TEXT (8u * 1024 * 1024)

/*
 * Cheap test on the raw bytes: 1 when text contains a word that every
 * corpus license text but four tiny ones contains (licen, warrant, permi,
 * copyright, distribut, public domain, lizenz, contrat), else 0.  Runs at
 * memory speed; a 0 means dpg_license_match() would find nothing.
 */
int dpg_license_prefilter(const char *text, size_t len);
/* The same test, as the offset of the first such word, or
 * DPG_LICENSE_NONE when there is none: for dpg_license_matcher_run_at(). */
#define DPG_LICENSE_NONE ((size_t)-1)
size_t dpg_license_prefilter_at(const char *text, size_t len);

/*
 * A matcher holds scratch space reused between calls (one per thread).
 * dpg_license_matcher_new() never fails; free it with
 * dpg_license_matcher_free().
 */
struct dpg_license_matcher;
struct dpg_license_matcher *dpg_license_matcher_new(void);
void dpg_license_matcher_free(struct dpg_license_matcher *m);

/*
 * Find every corpus license text in text (len bytes, need not be
 * NUL-terminated).  *out receives an array of *n matches in file order,
 * allocated from a (as are their spans and excerpts); it is NULL when
 * nothing matched.  Returns the number of matches (>= 0); a text longer
 * than DPG_LICENSE_MAX_TEXT is matched on its first DPG_LICENSE_MAX_TEXT
 * bytes.  Never fails on content; a negative code only for a misuse.
 */
int dpg_license_matcher_run(struct dpg_license_matcher *m, const char *text,
			    size_t len, struct dpg_arena *a,
			    struct dpg_license_match **out, size_t *n,
			    struct dpg_error *err);

/* dpg_license_matcher_run() on a text whose dpg_license_prefilter_at() is
 * first, which it does not search again (the same results). */
int dpg_license_matcher_run_at(struct dpg_license_matcher *m, const char *text,
			       size_t len, size_t first, struct dpg_arena *a,
			       struct dpg_license_match **out, size_t *n,
			       struct dpg_error *err);

/*
 * After a run: the best candidate that stayed below DPG_LICENSE_NEAR and
 * its score (an estimate), for "unknown text, closest MIT at 0.62".
 * Returns NULL when no candidate came close at all.  Meant for a run that
 * matched nothing: after one that matched, it may be the hint of an
 * earlier run on the same bytes (whose matches the run replayed).
 */
const struct dpg_license_info *
dpg_license_matcher_closest(const struct dpg_license_matcher *m, double *score);

/* One-shot dpg_license_matcher_run() with a temporary matcher. */
int dpg_license_match(const char *text, size_t len, struct dpg_arena *a,
		      struct dpg_license_match **out, size_t *n,
		      struct dpg_error *err);

/*
 * The file text by which a near match adds a restriction to the license
 * (a word such as "not", "only", "except", "prohibited", "commercial",
 * "must not" in text the file adds or changes, or in extra text after
 * it, that the license's own words there do not have): "no binary
 * redistribution", "for use with X only", but not a disclaimer or an
 * endorsement clause); or a restriction of the license that the file
 * drops.  NULL when the differences change no such words.  Such a text
 * is a modified license, never the base one.
 */
const char *dpg_license_match_restriction(const struct dpg_license_match *mt);

/*
 * A short human summary of a match into a (at most about 300 bytes):
 * "exact", "exact (same text as GPL-3.0-or-later)" or "near 0.97: added
 * lines 180-201 'APPENDIX: ...'; removed 'clause 3 ...'".
 */
const char *dpg_license_match_summary(const struct dpg_license_match *mt,
				      struct dpg_arena *a);

#endif
