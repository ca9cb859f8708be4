/*
 * lits_int.h: the layout of a multi-literal set (struct dpg_lits,
 * dpg/prefilter.h), shared by src/rules/prefilter.c, which builds and
 * searches it, and src/sdg/vocab_write.c, which writes the shipped SDG
 * vocabulary's set as C at build time (tools/gen-sdg-vocab.c).
 */
#ifndef DPG_LITS_INT_H
#define DPG_LITS_INT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "dpg/arena.h"
#include "dpg/prefilter.h"

/*
 * The multi-literal set: every anchor literal once (lit), with three of
 * its bytes as a key (its least common trigram: key_at); a byte map of
 * FILTER_LOG bits of the keys' hashes (filter) lets a text position that
 * starts no literal be passed over with one load.  Each pattern lists its
 * (literal, distance, run set) triples.  The scan looks candidates up in
 * struct lits_win (win), made from lit and runs at the set's first
 * dpg_lits_hits_new, or written by the build for a shipped set
 * (vocab_write.c: dpg_lits_write; rules_write.c).
 */
struct lit {
	uint32_t s; /* its string: the set's sbuf + s (no pointer: the
		     * build's table of a set needs no relocation) */
	size_t len;
	uint32_t key; /* its three bytes at ko (key_at) */
	uint32_t ko;
};

#define FILTER_LOG 15

struct patlit {
	uint32_t lit;
	uint32_t d;
	uint32_t run; /* 0, or 1 + the run set's index in runs */
};

/*
 * A literal as find_all checks it at a candidate: a window of up to eight
 * of its bytes that holds its key (the key and what follows, then what
 * precedes), compared with the lowered text at wo bytes before the key in
 * one load.  When the window is the whole literal (at most 8 bytes, most
 * literals) a match is an occurrence.  The bytes are the literal's own:
 * one that is not lowercase fails here as in lit_at.
 */
struct wlit {
	uint64_t pat, mask; /* the window's bytes and which count, in text
			     * order (memcpy) */
	uint32_t lit;
	uint8_t ko, wo, whole;
};

/* A run set (struct dpg_bytes) as run16_avx2 tests bytes: byte c is in it
 * when bit (c >> 4) & 7 of lo[c & 15] (c < 0x80) or of hi[c & 15] is. */
struct nib {
	unsigned char lo[16], hi[16];
};

/* What find_all looks candidates up in (prefilter.c: win_new). */
struct lits_win {
	/* the filter with, per key, the bits of the bytes after it
	 * (key_mask; + 3 bytes for keys8_avx2's loads) */
	unsigned char mfilter[(1u << FILTER_LOG) + 3];
	/* the literals by filter bit: bit b's are w[first[b]..first[b + 1])
	 * (the keys that share a bit too: their windows hold the key) */
	uint32_t first[(1u << FILTER_LOG) + 1];
	const struct wlit *w;
	const struct nib *nib; /* the set's runs */
	/* some key is three bytes of ' ' and '\n' (then find_all may not
	 * pass over runs of them) */
	unsigned char blank;
};

struct dpg_lits {
	struct lit *lit;
	size_t nlit, litcap;
	char *sbuf; /* the literals' strings (NUL-terminated) */
	size_t sn, scap;
	struct patlit *pl; /* every pattern's pairs, in order */
	size_t npl, plcap;
	size_t *pfirst; /* pattern p: pl[pfirst[p]..pfirst[p + 1]) */
	size_t npat, pcap;
	unsigned char *filter; /* 1 << FILTER_LOG, or NULL: not built */
	uint32_t *htab;	       /* literal ids + 1 by string hash (lit_id) */
	size_t hcap;
	struct dpg_bytes *runs; /* the distinct run sets of pl */
	size_t nruns, runcap;
	/* pattern p starts with (?<!\w): no match starts after an ASCII
	 * letter, digit or '_' (word_start) */
	unsigned char *wstart;
	size_t wcap;
	/* what find_all looks candidates up in: made from the rest at the
	 * set's first dpg_lits_hits_new (NULL until then), or, in the table
	 * the build writes of a shipped set (dpg_lits_write), written with it
	 * as a constant */
	_Atomic(const struct lits_win *) win;
};

/* The string of literal l of ls. */
static inline const char *dpg_lit_str(const struct dpg_lits *ls,
				      const struct lit *l)
{
	return ls->sbuf + l->s;
}

/* ls's struct lits_win, made by the first caller (threads may race: one
 * wins); ls must be built (dpg_lits_build). */
const struct lits_win *dpg_lits_win(const struct dpg_lits *ls);

#endif
