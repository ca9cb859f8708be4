/*
 * licnames.h (private to src/license): tokenised text for recognising
 * license names, notices and URLs.  See names.c.
 */
#ifndef DPG_LICNAMES_H
#define DPG_LICNAMES_H

#include <stddef.h>
#include <string.h>
#include "dpg/arena.h"
#include "dpg/licdecl.h"

struct dpg_lictext_tok {
	const char *s; /* into low; lower case; not NUL-terminated */
	size_t n;
	size_t off, end; /* byte range in the source */
};

#define DPG_LICTEXT_BLOCK 4096

struct dpg_lictext {
	const char *src;
	size_t len;
	char *low; /* lower-cased copy, "licence" read as "license" */
	struct dpg_lictext_tok *t;
	size_t n;
	/* every "licen" of low, in order (past NUL bytes too) */
	size_t *licen, nlicen, licen_cap;
	size_t nul; /* 1 + the offset of low's first NUL; 0: not known yet */
	/* dpg_lictext_line(): the line at the start of each block of
	 * DPG_LICTEXT_BLOCK bytes, as far as asked for, and the last answer */
	size_t *lines, nlines, lines_cap;
	size_t line_off, line_no;
	size_t t_cap;
	/* dpg_lictext_near(): the tokens t holds are some windows of the
	 * whole text's; gaps[k] is a token index that follows a gap (0: the
	 * first window starts later than the text; n: the last one ends
	 * before it), in order.  None after dpg_lictext_init(). */
	size_t *gaps, ngaps;
	/* Not NULL: the name readers raise *reach to past the last token
	 * index their open-ended loops looked at (see names.c). */
	size_t *reach;
};

/* Tests: not 0 makes dpg_lictext_init() and dpg_licdecl_has_word() read
 * sixteen bytes at a time even where the CPU has AVX2 (the same answers,
 * by another path). */
extern int dpg_lictext_no_avx2;
/* The first j in [i, to) (or to) where l[j] is '<' or '>': a tag's end,
 * or what says it is none (sixteen bytes at a time). */
size_t dpg_lictext_angle_at(const char *l, size_t i, size_t to);
/* Tests: not 0 turns off the exact shortcuts of the notice reader (the
 * word test from both ends, the negation and Creative Commons first-word
 * gates, the URL word test, the first words of the families and fixed
 * names in names.c): the same findings, the old way. */
extern int dpg_licdecl_no_gates;
/* Tests: not 0 makes dpg_licdecl_notices() tokenize every text whole,
 * never in windows (notice.c); and the shortest text it reads in windows
 * (0: every one). */
extern int dpg_licdecl_no_windows;
extern size_t dpg_licdecl_window_min;
/* Tests: not 0 makes every key word and "licen" a place of
 * dpg_licdecl_places(), also those that serve no phrase (notice.c). */
extern int dpg_licdecl_all_places;
/* Tests: not 0 makes the tag test of the key places scan every byte back
 * to the last place's, not only the 300 its answer can depend on (the
 * same places). */
extern int dpg_licdecl_angles_whole;
/* Tests: 2 makes dpg_licdecl_notices() give up on windows half way through
 * every text (finding the rest of its "licen"s and "://"s), 0 never: 1, a
 * text dense in places so far (notice.c). */
extern int dpg_licdecl_stop_dense;
/* Tests: 0 makes dpg_licdecl_notices() try windows on every text of
 * dpg_licdecl_window_min bytes or more (not 0), 1 not on those of
 * dpg_licdecl_guess_min bytes or more whose "licen"s alone say they will
 * not pay (a guess); dpg_licdecl_guessed counts the texts the guess reads
 * with every token at once. */
extern int dpg_licdecl_sparse_guess;
extern size_t dpg_licdecl_guessed, dpg_licdecl_guess_min;
/* A place this few bytes after the last one kept is kept unasked (tests: 0,
 * every place asked). */
extern size_t dpg_licdecl_places_near;
/* The byte offsets dpg_licdecl_notices() tokenizes windows around (after
 * dpg_lictext_prepare(); or, licen not 0, after dpg_lictext_lower(): x's
 * "licen"s are found with them, as dpg_licdecl_notices() does), in order,
 * into *at (free it), and whether the text holds "gnu"; (size_t)-1 when
 * it reads every text whole here. */
size_t dpg_licdecl_places(struct dpg_lictext *x, size_t **at, int *gnu,
			  int licen);
/* dpg_licdecl_places(), and with licen the "://"s found with the
 * "licen"s, in order, into *schemes (free it; NULL, 0: none, or
 * (size_t)-1 returned). */
size_t dpg_licdecl_places_schemes(struct dpg_lictext *x, size_t **at, int *gnu,
				  int licen, size_t **schemes,
				  size_t *nschemes);
/* Tests: not 0 makes dpg_licdecl_places() look for the key words a byte
 * at a time, not 64 at a time with AVX2 (the same places). */
extern int dpg_licdecl_keys_bytes;
/* Tests: whether x->low[s, e) holds "licen" (one of x's), "mpl", "epl",
 * "cpl" or "zero", sixteen starts at a time, or (bytes) a byte at a
 * time; and where the URL characters of x->low from e end, 32 at a time
 * where the CPU has AVX2, or (bytes) a byte at a time. */
int dpg_licdecl_url_words(const struct dpg_lictext *x, size_t s, size_t e,
			  int bytes);
size_t dpg_licdecl_url_end(const struct dpg_lictext *x, size_t e, int bytes);
/* Tests: the most tokens from token i that are a phrase of notice.c's
 * (a trigger, the end of a license's terms, a bundled-licenses heading);
 * 0 if none is there. */
size_t dpg_licdecl_phrase_at(const struct dpg_lictext *x, size_t i);
/* Whether a line of x (after dpg_lictext_prepare()) holding one of its
 * "licen"s is a "License" heading: then dpg_licdecl_notices() reads the
 * text with every token, never in windows. */
int dpg_licdecl_has_heading(const struct dpg_lictext *x);
/* Whether dpg_licdecl_last_word(text, len) is not 0 (any end first). */
int dpg_licdecl_has_word(const char *text, size_t len);
/* Tokenise src (len bytes); release with dpg_lictext_release(). */
void dpg_lictext_init(struct dpg_lictext *x, const char *src, size_t len);
/* dpg_lictext_init() in two: the lower-cased text and its "licen"s, then
 * (again, from the first token) every token. */
void dpg_lictext_prepare(struct dpg_lictext *x, const char *src, size_t len);
void dpg_lictext_tokenize(struct dpg_lictext *x);
/* dpg_lictext_prepare() in two: the lower-cased text (no "licen"s yet),
 * then each "licen" at off, in order, as it does (its "licence" read as
 * "license"). */
void dpg_lictext_lower(struct dpg_lictext *x, const char *src, size_t len);
void dpg_lictext_add_licen(struct dpg_lictext *x, size_t off);
/* dpg_lictext_add_licen() for each "licen" from off on (none before it
 * added yet). */
void dpg_lictext_licen_from(struct dpg_lictext *x, size_t off);
/*
 * After dpg_lictext_prepare(), in place of dpg_lictext_tokenize(): only
 * the tokens of some windows of the text, each token as the whole text's
 * tokenizer makes it, in order, with x->gaps saying where tokens were left
 * out.  The first window holds the text's first prefix tokens (if not 0);
 * each byte offset of at (nat, ascending) is in a window, with more than
 * before tokens between the window's start (if not the text's) and the
 * first token at or after it, and after tokens from its own (the last
 * token starting at or before it) to the window's end (if not the text's).
 */
void dpg_lictext_near(struct dpg_lictext *x, const size_t *at, size_t nat,
		      size_t prefix, size_t before, size_t after);
/*
 * After dpg_lictext_prepare(): the token of the whole text's tokenizer
 * that holds byte p (a letter or digit), if any does: its start in *s
 * and its end returned.  (A byte of a tag, an entity or a link target,
 * which the tokenizer passes over, is in no token: then this is some run
 * of letters and digits around it.)
 */
size_t dpg_lictext_token_around(const struct dpg_lictext *x, size_t p,
				size_t *s);
/*
 * The token that the whole text's tokenizer makes next after one that
 * ends at e: 1 and its range in [*ts, *te) when it starts before lim, 0
 * when there is none (the text ends), -1 when it would start at lim or
 * later (not known here).
 */
int dpg_lictext_token_after(const struct dpg_lictext *x, size_t e, size_t lim,
			    size_t *ts, size_t *te);
/* The fewest bytes dpg_lictext_near() tokenizes on by, to end a window
 * (tests: 1, windows as short as they may be). */
extern size_t dpg_lictext_step;
void dpg_lictext_release(struct dpg_lictext *x);
/* The first occurrence of w in low from p on (p in low), or NULL; past
 * NUL bytes of the text, as memmem would. */
const char *dpg_lictext_find(const struct dpg_lictext *x, const char *p,
			     const char *w);
/* The first occurrence of w (not empty) in p[0, n), or NULL: memmem. */
const char *dpg_lictext_find_in(const char *p, size_t n, const char *w);
/* The 1-based line of byte offset off. */
unsigned int dpg_lictext_line(struct dpg_lictext *x, size_t off);
/* Token i is the word w (not empty).  Inline, the first letter first:
 * this runs for several words around every candidate notice, and the
 * length of a literal word is known at compile time. */
static inline int dpg_lictext_is(const struct dpg_lictext *x, size_t i,
				 const char *w)
{
	size_t n;

	if (i >= x->n || x->t[i].s[0] != w[0])
		return 0;
	n = strlen(w);
	return x->t[i].n == n && memcmp(x->t[i].s, w, n) == 0;
}
/* Tokens from i are the space-separated words ws: how many, or 0. */
size_t dpg_lictext_seq_from(const struct dpg_lictext *x, size_t i,
			    const char *ws);
/* Most calls fail on the first letter: decide that inline, without a
 * call (this runs for every token of every text file). */
static inline size_t dpg_lictext_seq(const struct dpg_lictext *x, size_t i,
				     const char *ws)
{
	if (i >= x->n || x->t[i].s[0] != ws[0])
		return 0;
	return dpg_lictext_seq_from(x, i, ws);
}
/*
 * One license name at token i: an SPDX id (from a, or static) with *next
 * set past it, or NULL.
 */
const char *dpg_lictext_name(const struct dpg_lictext *x, size_t i,
			     size_t *next, const struct dpg_licdecl_ctx *c,
			     struct dpg_arena *a);
/*
 * One or more names joined by "or"/"and" after optional filler words
 * ("the terms of the"): an SPDX expression, or NULL.  or_hint: the
 * statement said "either"/"dual", so "and" reads as OR.
 */
const char *dpg_lictext_names(const struct dpg_lictext *x, size_t i,
			      size_t *next, int or_hint,
			      const struct dpg_licdecl_ctx *c,
			      struct dpg_arena *a);

#endif
