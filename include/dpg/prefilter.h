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

#include <stddef.h>

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

/*
 * Whether to JIT-compile PCRE2 patterns: yes, unless DPGAUDIT_NO_JIT is
 * set (and not "0") or the program runs under valgrind, which cannot
 * follow JIT code (false "uninitialised" reports).
 */
int dpg_pcre2_use_jit(void);

#endif
