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
 * its bytes as a key (its least common trigram: key_at); a hash table of
 * the keys (slot) gives the literals of a key, lit_of[first..first + n); a
 * byte map of FILTER_LOG bits of the keys' hashes lets a text position
 * that starts no literal be passed over with one load.  Each pattern lists
 * its (literal, distance, run set) triples.  The scan itself looks
 * candidates up in struct lits_win (win, made from lit and runs at the
 * first dpg_lits_hits_new); of slot it reads only whether a key is there,
 * and lit_of not at all: both are kept because the build's tables of the
 * shipped sets (vocab_write.c, rules_write.c) write them.
 */
struct lit {
	char *s;
	size_t len;
	uint32_t key; /* its three bytes at ko (key_at) */
	uint32_t ko;
};

struct slot {
	uint32_t key; /* 0: empty */
	uint32_t first, n;
};

/* A literal of a key's group: its id and the (up to) four bytes after
 * the key, to reject most of the group with one comparison. */
struct member {
	uint32_t lit;
	uint32_t next, mask; /* bytes 3..6, little-endian, and which count */
};

#define FILTER_LOG 15

struct patlit {
	uint32_t lit;
	uint32_t d;
	uint32_t run; /* 0, or 1 + the run set's index in runs */
};

struct lits_win;

struct dpg_lits {
	struct lit *lit;
	size_t nlit, litcap;
	struct dpg_arena strs; /* the literals' strings */
	struct patlit *pl;     /* every pattern's pairs, in order */
	size_t npl, plcap;
	size_t *pfirst; /* pattern p: pl[pfirst[p]..pfirst[p + 1]) */
	size_t npat, pcap;
	unsigned char *filter; /* 1 << FILTER_LOG, or NULL: not built */
	struct slot *slot;
	size_t nslot; /* a power of two */
	struct member *lit_of;
	uint32_t *htab; /* literal ids + 1 by string hash (lit_id) */
	size_t hcap;
	struct dpg_bytes *runs; /* the distinct run sets of pl */
	size_t nruns, runcap;
	/* pattern p starts with (?<!\w): no match starts after an ASCII
	 * letter, digit or '_' (word_start) */
	unsigned char *wstart;
	size_t wcap;
	/* what find_all looks candidates up in, made from the rest at the
	 * set's first dpg_lits_hits_new (prefilter.c: struct lits_win), NULL
	 * until then: the table the build writes of a shipped set
	 * (vocab_write.c, rules_write.c) does not hold it */
	_Atomic(struct lits_win *) win;
};

#endif
