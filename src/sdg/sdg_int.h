/*
 * sdg_int.h: what the vocabulary loader and the scorer share.
 */
#ifndef DPG_SDG_INT_H
#define DPG_SDG_INT_H

#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dpg/prefilter.h"
#include "dpg/sdg.h"
#include "../rules/re_known.h" /* struct dpg_known_file */

#define SDG_WINDOW_DEFAULT 160 /* bytes each side a context may be in */
#define SDG_WINDOW_MAX	   2000

enum { PN_CHAR, PN_WS, PN_GROUP, PN_STOP, PN_WORD };

struct pnode {
	unsigned char kind;
	unsigned char opt;  /* PN_CHAR, PN_GROUP: may be left out ('?') */
	unsigned char c;    /* PN_CHAR: the byte (lower case, caseless);
			       PN_WS: the least count (\s+: 1, \s*: 0);
			       PN_WORD: the same of \w+, \w* */
	unsigned char run;  /* PN_CHAR, not opt: it and the nodes after it
			       in its alternative that are such (at most
			       255; pre_runs), else 0 */
	uint32_t alt, nalt; /* PN_GROUP: its alternatives alts[alt..) */
};

struct palt {
	uint32_t first, n; /* nodes[first..first + n) */
	unsigned char f;   /* the byte every match starts with, or 0 */
	unsigned char f2;  /* with f from a run of two literal bytes or
			      more: the second (pre_runs), else 0 */
};

/* A term's pre-check (score.c): its nodes after it, its alternatives and
 * tord at its byte offsets oalts and otord (one block, no pointer: the
 * shipped vocabulary's are in dpg_sdg_builtin.pres). */
struct sdg_pre {
	uint32_t oalts, otord;
	size_t nnodes, nalts;
	/* while made (pre_make): room for a node and an alternative a byte
	 * of the source in each; the nodes and alternatives being read */
	struct pnode *stk;
	struct palt *astk;
	size_t nstk, nastk;
	uint32_t top, ntop; /* the pattern's alternatives */
	int caseless;
	int may_ws; /* a match may start with a space (pre_may_ws) */
	unsigned char first[256]; /* a match may start with the byte: some
				     top alternative's f, or any with an f
				     of 0; the bytes pre_odd() is true of */
	unsigned char fold[256];  /* pre_byte's answer for the byte (lower
				     case when caseless), 0 for one pre_odd()
				     is true of (no pattern byte is 0) */
	/* the top alternatives by f: those of f v are
	 * alts[top + tord[tfirst[v]..tfirst[v + 1])] (16 bits: 514 bytes,
	 * not 1028, each of the build's; a source of 65535 bytes or more
	 * has no pre-check) */
	uint16_t tfirst[257];
};

struct sdg_term {
	int goal;
	double weight;
	/* Patterns (dpg/prefilter.h: JIT-compiled once busy, so matching
	 * changes their counters even in a shared, read-only vocabulary;
	 * sdg_re() gives them to the scorer); code NULL when absent. */
	struct dpg_re re;     /* the term, wrapped in word boundaries */
	struct dpg_re near;   /* a match must be in the window */
	struct dpg_re unless; /* no match may be in the window */
	struct dpg_re not_;   /* no match may overlap the term */
	unsigned int window;  /* bytes each side for near/unless */
	char *file;	      /* basename of the file it comes from */
	unsigned int line;
	char *wrapped; /* the compiled source of re */
	int caseless;
	int name_ok; /* flag n: counts even in a name position */
	/* required literals of re (dpg/prefilter.h), each NUL-terminated,
	 * one after another (in dpg_sdg_builtin a string constant: no
	 * array of pointers to relocate); any must occur for a match */
	char *lits;
	size_t nlits; /* 0: always run the term */
	long anchor;  /* re's number in the vocabulary's anchor set, or -1 */
	/* without an anchor or literals: the plain word re is, case kept
	 * ("TB"), in wrapped; a text without it is not matched; or NULL */
	const char *word;
	size_t wordlen;
	/* with an anchor: re's pre-check (score.c, struct sdg_pre), made at
	 * its first use (but a term of dpg_sdg_builtin's: opre), or NULL;
	 * cpre: those of near, unless and not_ (patterns with a source) */
	_Atomic(struct sdg_pre *) pre;
	_Atomic(struct sdg_pre *) cpre[3];
	/* in dpg_sdg_builtin, the pre-checks of re, near, unless and not_
	 * made at build time: 1 + their offsets in dpg_sdg_builtin.pres, or
	 * SDG_PRE_NONE (the pre-check cannot read the pattern); 0: made at
	 * first use (pre, cpre) */
	uint32_t opre[4];
	/* in dpg_sdg_builtin, written without pointers (no relocation at
	 * start): file, wrapped, lits and word NULL, and instead 1 + their
	 * offsets in dpg_table_strs (0: none); read them by sdg_tstr() */
	uint32_t ofile, owrapped, olits, oword;
};

/* A string field of a term: p (t->file, ...), or the table's at o (t->ofile,
 * ...), or NULL. */
static inline const char *sdg_tstr(const char *p, uint32_t o)
{
	return p ? p : o ? dpg_table_strs + o - 1 : NULL;
}
#define SDG_FILE(t)    sdg_tstr((t)->file, (t)->ofile)
#define SDG_WRAPPED(t) sdg_tstr((t)->wrapped, (t)->owrapped)
#define SDG_LITS(t)    sdg_tstr((t)->lits, (t)->olits)
#define SDG_WORD(t)    sdg_tstr((t)->word, (t)->oword)

/* The code to match a term's pattern with (dpg_re_code); thread-safe. */
static inline const pcre2_code *sdg_re(const struct dpg_re *r, size_t bytes)
{
	return dpg_re_code((struct dpg_re *)r, bytes);
}

struct dpg_sdg_vocab {
	struct sdg_term *terms;
	size_t n, cap;
	struct dpg_lits *anchors; /* of every term (score.c), or NULL */
	int need_tri; /* a term has literals but no anchors: the trigram
			 filter serves it (score.c) */
	/* the anchor set's patterns by literal: literal l is an anchor of
	 * patterns lit_pat[lit_first[l]..lit_first[l + 1]) (score.c) */
	size_t *lit_first;
	uint32_t *lit_pat;
	/* the terms of goal g, heaviest first (stable):
	 * order[first[g - 1]..first[g]) (dpg_sdg_index) */
	size_t *order;
	size_t first[DPG_SDG_GOALS + 1];
	int builtin; /* dpg_sdg_builtin: never freed nor added to */
	/* dpg_sdg_builtin: its terms' pre-checks made at build time (struct
	 * sdg_term: opre), else NULL */
	const char *pres;
};

/* Add terms from `from` on to v->anchors (score.c). */
void dpg_sdg_index(struct dpg_sdg_vocab *v, size_t from);

/* The text mask's first step (score.c): the len bytes of text into m
 * (len + 1 bytes), NUL bytes as spaces, m[len] = 0; returns the offset of
 * the first "```" or "~~~" (or len). */
size_t dpg_sdg_copy_text(char *m, const char *text, size_t len);

/* The lines (from 1) of the n offsets offs (each at most len) of text, in
 * turn, as the scorer asks them of one text (score.c's line_of(): the
 * newlines counted per block, as far as asked, 16 bytes at a time). */
void dpg_sdg_lines_of(const char *text, size_t len, const size_t *offs,
		      size_t n, unsigned int *out);

/* Bit p (free() the array): an anchor of pattern p of v->anchors occurs in
 * the text of h's last dpg_lits_scan, which returned 1 (score.c). */
uint64_t *dpg_sdg_found_patterns(const struct dpg_sdg_vocab *v,
				 const struct dpg_lits_hits *h);

/* Is the n bytes at w a word of an organisation's name ("Ministry",
 * "Institute"; the text mask's)?  quick: with the test that rules most
 * words out first (score.c), else by the sorted list alone. */
int dpg_sdg_org_word(const char *w, size_t n, int quick);

/* Blank the names of organisations in the masked text m (len bytes, m[len]
 * is 0; the text mask's last step, score.c); quick: only the lines that
 * may hold one are parsed, else the whole text (the same result). */
void dpg_sdg_mask_org_names(char *m, size_t len, int quick);

/* Blank the names in the sentences of the masked text m (len bytes, m[len]
 * is 0) that credit someone ("funded by", "thanks to"; score.c); quick:
 * their cues looked for 16 positions at a time where the CPU has SSSE3
 * (the same result), unless dpg_sdg_no_ssse3 is set (tests). */
void dpg_sdg_mask_credit(char *m, size_t len, int quick);
extern int dpg_sdg_no_ssse3;
/* Tests: set, the SSSE3 and SSE2 paths (the cue search, the copy of
 * dpg_sdg_copy_text, the analyzer's generated-HTML test) even where the
 * CPU has AVX2. */
extern int dpg_sdg_no_avx2;
/* Tests: not 0 makes the SDG analyzer's want() read every doc file, as
 * if no file merged before had used the doc budget (analyze/sdg.c). */
extern int dpg_sdg_budget_plain;

#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h>
/*
 * Nibble tables of four bytes of words (the credit cues', the generator
 * marks'), each broadcast to both lanes: bit g of lo[j][c & 15] and of
 * hi[j][c >> 4], byte j of a word of group g is c (lower case).  Bit k of
 * the answer: the four bytes at p + k (k < 32), | 0x20, may be a group's
 * (a letter's upper case is ruled out nowhere its lower case is not).
 */
__attribute__((target("avx2"))) static inline unsigned int
dpg_sdg_nibbles4_avx2(const char *p, const __m256i *lo, const __m256i *hi)
{
	const __m256i low = _mm256_set1_epi8(0x0f),
		      lower = _mm256_set1_epi8(0x20);
	__m256i may = _mm256_set1_epi8(-1);
	int j;

	for (j = 0; j < 4; j++) {
		__m256i q = _mm256_or_si256(
			_mm256_loadu_si256(
				(const __m256i *)(const void *)(p + j)),
			lower);
		__m256i l =
			_mm256_shuffle_epi8(lo[j], _mm256_and_si256(q, low));
		__m256i h = _mm256_shuffle_epi8(
			hi[j], _mm256_and_si256(_mm256_srli_epi16(q, 4), low));

		may = _mm256_and_si256(may, _mm256_and_si256(l, h));
	}
	return ~(unsigned int)_mm256_movemask_epi8(
		_mm256_cmpeq_epi8(may, _mm256_setzero_si256()));
}
#endif

/* The SDG analyzer's (src/analyze/sdg.c) counts of the marks of a table
 * row in the line [p, e) of a text that goes on to end (e <= end): '|',
 * tab, ',', ';', ". " into n[0..5); quick: 16 bytes at a time where SSE2
 * is (the same counts), else a byte at a time. */
void dpg_sdg_row_marks(const char *p, const char *e, const char *end, int quick,
		       unsigned int n[5]);

/* The SDG analyzer's test of a table (src/analyze/sdg.c: most lines of
 * the text are rows of a table or of a coded list); quick: it stops once
 * the lines left cannot change the answer either way (the same answer),
 * else only once they cannot make the text a table. */
int dpg_sdg_table(const char *data, size_t len, int quick);

/* The SDG analyzer's test of a license text under another name (a mark
 * of one in its first KiB), 32 places at a time where the CPU has AVX2
 * unless dpg_sdg_no_avx2 (the same answer). */
int dpg_sdg_license_text(const char *data, size_t len);

/* Is the directory name [dir, dir + n) of a path one the SDG analyzer
 * skips (vendored code, tests, build output; API reference pages when
 * in_docs)?  quick: most ruled out by their length and first byte (the
 * same answer). */
int dpg_sdg_skipped_dir(const char *dir, size_t n, int in_docs, int quick);

/* Tests: set, the terms' pre-checks (score.c, struct sdg_pre) are not
 * asked: the same results, with more pattern runs. */
extern int dpg_sdg_no_precheck;
/* Tests: set, a term with an anchor is matched through dpg_lits_match
 * (JIT-compiled once busy) rather than anchored at each start its
 * pre-check lists (score.c, struct starts): the same results. */
extern int dpg_sdg_no_starts;
/* The bytes after a start such a match is first given (64; tests: fewer,
 * so that more matches read to that end and are given more). */
extern size_t dpg_sdg_starts_span;
/* Tests: set, a pre-check reads a run of literal bytes a node at a time
 * (else in a row) and tries every alternative its first byte allows
 * (else not those its second rules out): the same answers. */
extern int dpg_sdg_pre_plain;

/* Tests: set, a pre-check is made from its source a byte at a time (else
 * runs of literal bytes in a row) and its byte tables a byte at a time
 * (else copied): the same pre-check. */
extern int dpg_sdg_pre_parse_plain;
/* Tests: the pre-checks of the wrapped source w made with and without
 * dpg_sdg_pre_parse_plain: 1 when they are the same (node for node), 0
 * when not, -1 when neither is made (w not read). */
int dpg_sdg_pre_parse_same(const char *w);

/* Tests: set, the SDG scorer reads every term of the shipped vocabulary
 * (dpg_sdg_builtin) to ask whether its anchor is in the text, rather than
 * their anchors from one array in the goals' order: the same results. */
extern int dpg_sdg_plain_terms;

/* The pre-check of term t (made at its first use; NULL: t has none), and
 * its answer at offset s of the text m (len bytes, m[len] readable): 0
 * when t's pattern cannot match from s, else 1 (for tests). */
struct sdg_pre;
const struct sdg_pre *dpg_sdg_pre_of(const struct sdg_term *t);
/* The same of t's condition k (0 near, 1 unless, 2 not_), or NULL. */
const struct sdg_pre *dpg_sdg_cond_pre_of(const struct sdg_term *t, int k);
int dpg_sdg_pre_at(const struct sdg_pre *x, const char *m, size_t len,
		   size_t s);
/* A term's opre of a pattern without a pre-check. */
#define SDG_PRE_NONE UINT32_MAX
/* The pre-check of the wrapped source w (free() it), or NULL. */
struct sdg_pre *dpg_sdg_pre_make(const char *w);
/* v's pre-checks as the C of the constant sdg_pres (the generated
 * file's struct dpg_sdg_pres; each a member pK, in turn); opre[i * 4 + j]
 * is K + 1, SDG_PRE_NONE or 0 (no source) for term i's pattern j; 0, or
 * -1 when writing failed. */
int dpg_sdg_pres_write(FILE *out, const struct dpg_sdg_vocab *v,
		       uint32_t *opre);
/* Tests: is term t's pattern k (0 re, 1 near, 2 unless, 3 not_)
 * pre-check in dpg_sdg_builtin.pres the one made from its source, node
 * for node?  1 when it is, 0 when not, -1 when t has none in the table. */
int dpg_sdg_pre_builtin_same(const struct sdg_term *t, int k);
/* Free t's pre-check (vocab.c, when a term is released). */
void dpg_sdg_pre_free(struct sdg_term *t);

/* Blank the sections about credits, references, licensing or users of the
 * masked text m (len bytes, m[len] is 0; score.c); quick: not at all when
 * m holds no byte that can start a heading (the same result). */
void dpg_sdg_mask_sections(char *m, size_t len, int quick);

/*
 * dpg_sdg_vocab_load without the build-time table: the *.sdg files of dir
 * and override_dir parsed; lazy: dir's patterns compiled at their first
 * use even when it is not the shipped directory (dpg_rules_shipped).
 */
int dpg_sdg_vocab_parse(struct dpg_sdg_vocab **out, const char *dir,
			const char *override_dir, int lazy, char **errors,
			struct dpg_error *err);

/*
 * The shipped vocabulary parsed when dpgaudit was built (vocab_write.c,
 * tools/gen-sdg-vocab.c): its files (sorted by name, with their text) and
 * the vocabulary they give, which dpg_sdg_vocab_load returns for a
 * directory holding exactly these files, byte for byte (and no override).
 */
extern struct dpg_sdg_vocab dpg_sdg_builtin;
extern const struct dpg_known_file dpg_sdg_builtin_files[];
extern const size_t dpg_sdg_builtin_nfiles;

/* v (parsed with lazy patterns) as the C that defines dpg_sdg_builtin;
 * 0, or -1 when writing failed.  Its files: dpg_known_files_write. */
int dpg_sdg_vocab_write(FILE *out, const struct dpg_sdg_vocab *v);

#endif
