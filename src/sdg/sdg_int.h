/*
 * sdg_int.h: what the vocabulary loader and the scorer share.
 */
#ifndef DPG_SDG_INT_H
#define DPG_SDG_INT_H

#include <pcre2.h>
#include <stdatomic.h>
#include <stddef.h>

#include "dpg/prefilter.h"

#define SDG_WINDOW_DEFAULT 160 /* bytes each side a context may be in */
#define SDG_WINDOW_MAX	   2000

struct sdg_term {
	int goal;
	double weight;
	pcre2_code *re;	     /* the term, wrapped in word boundaries */
	pcre2_code *near;    /* a match must be in the window, or NULL */
	pcre2_code *unless;  /* no match may be in the window, or NULL */
	pcre2_code *not_;    /* no match may overlap the term, or NULL */
	unsigned int window; /* bytes each side for near/unless */
	char *file;	     /* basename of the file it comes from */
	unsigned int line;
	char *wrapped; /* the compiled source of re */
	int caseless;
	int name_ok;	   /* flag n: counts even in a name position */
	char **lits;	   /* required literals of re (dpg/prefilter.h); any */
	size_t nlits;	   /* must occur for a match; 0: always run the term */
	atomic_int jitted; /* its patterns are JIT-compiled (sdg_term_ready) */
	long anchor; /* re's number in the vocabulary's anchor set, or -1 */
};

/*
 * Make t's patterns ready to match: JIT-compiled the first time the term
 * is needed (most terms are never run on a given text, and compiling
 * them all up front was most of the loading time).  Thread-safe.
 */
void sdg_term_ready(struct sdg_term *t);

struct dpg_sdg_vocab {
	struct sdg_term *terms;
	size_t n, cap;
	struct dpg_lits *anchors; /* of every term (score.c), or NULL */
};

/* Add terms from `from` on to v->anchors (score.c). */
void dpg_sdg_index(struct dpg_sdg_vocab *v, size_t from);

#endif
