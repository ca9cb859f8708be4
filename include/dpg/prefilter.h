/*
 * prefilter.h: a literal prefilter for regular expressions, shared by the
 * rules engine and the SDG scorer (src/rules/prefilter.c).
 *
 * Most patterns cannot match unless one of a few literal words occurs in
 * the text.  dpg_rules_literals() extracts such a set from a pattern's
 * source, conservatively; per text, dpg_rules_trigrams() records which
 * lowercase byte trigrams occur in a bitmap of DPG_RULES_TRI_BITS bits; a
 * pattern needs running only when dpg_rules_literal_possible() says one of
 * its literals may occur.  The filter only ever lets too much through.
 */
#ifndef DPG_PREFILTER_H
#define DPG_PREFILTER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <pcre2.h>

#define DPG_RULES_TRI_BITS 65536u

/*
 * Required literals of a pattern source: 0 and a malloc'd array of
 * malloc'd lowercase strings (any one of which occurs, case-insensitively,
 * in every match), or -1 when none can be told.
 */
int dpg_rules_literals(const char *src, char ***out, size_t *n);
/*
 * Record the lowercase byte trigrams of data in bits.  Returns 0 when the
 * filter cannot be trusted for this text: it holds U+212A KELVIN SIGN or
 * U+017F LONG S, which caseless UTF matching equates with k and s.
 */
int dpg_rules_trigrams(unsigned char *bits, const char *data, size_t len);
/* 0 when lit (lowercase) cannot occur in the text of bits. */
int dpg_rules_literal_possible(const unsigned char *bits, const char *lit);

/* A set of bytes: c is in it when bit (c & 63) of w[c >> 6] is set. */
struct dpg_bytes {
	uint64_t w[4];
};

/*
 * Anchors of a pattern: 0 and a malloc'd array of malloc'd lowercase
 * strings with, in d and runs (malloc'd), how far each can be from the
 * start of a match: every match holds one of them, case-insensitively,
 * with at most d[i] bytes before it that are not in runs[i] (and any
 * number that are: the bytes of unbounded runs such as \s+ or [ \t]*
 * before it; runs[i] is empty when there are none).  -1 when none can be
 * told (no literal of 3 bytes at such a distance from the start, \G or
 * \K).
 */
int dpg_rules_anchors(const char *src, char ***out, size_t **d,
		      struct dpg_bytes **runs, size_t *n);

/*
 * One pass over a text for many patterns (the multi-literal pass).  A
 * struct dpg_lits holds the anchors of every pattern of a rule set or a
 * vocabulary, added once with dpg_lits_add (which returns the pattern's
 * number) and frozen by dpg_lits_build; it is read-only afterwards and
 * can be shared.  Per text (and per thread), a struct dpg_lits_hits:
 * dpg_lits_scan() finds every occurrence of every anchor in one pass (and
 * fills the trigram bits of dpg_rules_trigrams when bits is not NULL);
 * when it returns 0 the text cannot use it (over 2^18 occurrences, over
 * 1 KiB of KELVIN SIGN and LONG S, or any of them with bits, which
 * dpg_rules_trigrams would not trust) and patterns are matched the plain
 * way.  Then per
 * pattern: dpg_lits_select() says whether any anchor of the pattern occurs
 * (0: it cannot match), and dpg_lits_match() is pcre2_match(re's code, s,
 * len, off, 0, md, mc) exactly, trying only the start positions the
 * anchors allow.  The pattern must be compiled with PCRE2_USE_OFFSET_LIMIT
 * (dpg_lits_usable) and mc must have no offset limit of its own.
 */
struct dpg_lits;
struct dpg_lits_hits;
struct dpg_re;

struct dpg_lits *dpg_lits_new(void);
size_t dpg_lits_add(struct dpg_lits *ls, char *const *lits, const size_t *d,
		    const struct dpg_bytes *runs, size_t n);
/* dpg_rules_anchors(src) then dpg_lits_add: the number, or -1 (none).
 * With lits, also dpg_rules_literals(src) into *lits, *nlits (NULL, 0 when
 * none), from the same parse. */
long dpg_lits_add_pattern(struct dpg_lits *ls, const char *src, char ***lits,
			  size_t *nlits);
void dpg_lits_build(struct dpg_lits *ls);
size_t dpg_lits_count(const struct dpg_lits *ls);
void dpg_lits_free(struct dpg_lits *ls);

struct dpg_lits_hits *dpg_lits_hits_new(const struct dpg_lits *set);
void dpg_lits_hits_free(struct dpg_lits_hits *h);
/* Limit the next scans of h to the anchors of patterns pats[0..n)
 * (ascending; a few such subsets are kept for reuse): occurrences of
 * other patterns' literals are not looked for, and selecting another
 * pattern is a bug.  pats NULL: every pattern (as at first). */
void dpg_lits_hits_only(struct dpg_lits_hits *h, const size_t *pats, size_t n);
int dpg_lits_scan(struct dpg_lits_hits *h, unsigned char *bits,
		  const char *data, size_t len);
int dpg_lits_select(struct dpg_lits_hits *h, size_t pat);
/* After a dpg_lits_scan that returned 1, per literal l of the set (in the
 * order they were added), occurrences found[l + 1] - found[l]; else
 * NULL.  Valid until the next scan. */
const uint32_t *dpg_lits_found(const struct dpg_lits_hits *h);
/* Then the start offset of occurrence i, found[l] <= i < found[l + 1]
 * being literal l's in text order (for tests). */
uint32_t dpg_lits_at(const struct dpg_lits_hits *h, size_t i);
int dpg_lits_match(struct dpg_lits_hits *h, struct dpg_re *re, const char *s,
		   size_t len, size_t off, pcre2_match_data *md,
		   pcre2_match_context *mc);
/* Whether re is compiled with PCRE2_USE_OFFSET_LIMIT (needs no compile). */
int dpg_lits_usable(const struct dpg_re *re);
/* Set (tests): dpg_lits_scan uses its plain code where AVX2 is too. */
extern int dpg_lits_no_avx2;
/* Texts from which a scan limited by dpg_lits_hits_only uses filters of
 * the subset's literals alone (made then): before, the set's (tests set
 * it to 0 or SIZE_MAX to compare the two). */
extern size_t dpg_lits_subset_min;

/*
 * Whether to JIT-compile PCRE2 patterns: yes, unless DPGAUDIT_NO_JIT is
 * set (and not "0") or the program runs under valgrind, which cannot
 * follow JIT code (false "uninitialised" reports).
 */
int dpg_pcre2_use_jit(void);

/*
 * A compiled pattern that is JIT-compiled once it has proved busy.  JIT
 * compiling costs about as much as interpreting a pattern on some tens of
 * kilobytes; most patterns of a rule set or a vocabulary run on a few
 * short texts of a scan, if at all, and compiling them all up front was
 * most of the start-up time.  dpg_re_code() counts the work asked of the
 * pattern (a call, plus the bytes of the subject it may scan) and returns
 * the code to match with: the interpreted one until the work passes a
 * threshold, then a JIT-compiled copy (the interpreted code is never
 * changed, so threads may match with it meanwhile; the matches are the
 * same either way).  Thread-safe.
 *
 * A pattern given by its source (dpg_re_init_lazy) is not even compiled
 * until its first dpg_re_code(): most of the shipped vocabulary and rules
 * never run in a small scan.  The source must compile (the shipped
 * patterns are checked by make check, tests/unit/test_shipped.c): one that
 * does not is a bug (DPG_BUG).  Patterns of a user's files are compiled
 * at load, where a bad one is an error naming its file and line.
 */
struct dpg_re {
	_Atomic(pcre2_code *) compiled; /* owned; NULL: absent or not yet */
	_Atomic(pcre2_code *) jit;	/* the JIT-compiled copy, or NULL */
	atomic_uint work;
	char *src;	/* lazy: the source to compile (owned), or NULL */
	uint32_t flags; /* the pcre2_compile options */
	/* lazy, in a table the build wrote without pointers (no relocation
	 * at start; src/sdg/vocab_write.c, src/rules/rules_write.c): 1 + the
	 * offset of the source in dpg_table_strs, or with DPG_RE_TSRC_RULES
	 * in dpg_rules_strs (src NULL); or 0 */
	uint32_t tsrc;
};
#define DPG_RE_TSRC_RULES 0x80000000u
/* The strings of the build's tables without pointers (the shipped SDG
 * vocabulary's, src/sdg/vocab_write.c; the rules', rules_write.c), one
 * after another. */
extern const char dpg_table_strs[];
extern const char dpg_rules_strs[];
/* The source of a lazy pattern, or NULL. */
static inline const char *dpg_re_src(const struct dpg_re *r)
{
	if (r->src || !r->tsrc)
		return r->src;
	if (r->tsrc & DPG_RE_TSRC_RULES)
		return dpg_rules_strs + (r->tsrc & ~DPG_RE_TSRC_RULES) - 1;
	return dpg_table_strs + r->tsrc - 1;
}
/* Take code (may be NULL: an absent pattern). */
void dpg_re_init(struct dpg_re *r, pcre2_code *code);
/* Compile src (copied) with flags at the first dpg_re_code(). */
void dpg_re_init_lazy(struct dpg_re *r, const char *src, uint32_t flags);
/* Whether there is a pattern (compiled or not yet). */
static inline int dpg_re_present(const struct dpg_re *r)
{
	return r->src || r->tsrc ||
	       atomic_load_explicit(&r->compiled, memory_order_relaxed);
}
const pcre2_code *dpg_re_code(struct dpg_re *r, size_t bytes);
void dpg_re_release(struct dpg_re *r);

#endif
