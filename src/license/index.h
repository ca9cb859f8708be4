/*
 * index.h (private to src/license/): the tokenizer shared by the index
 * generator and the matcher, and the layout of the compiled index.
 *
 * The index is one read-only blob, written by tools/gen-license-index and
 * linked into the binary with .incbin (see the Makefile block), so that
 * "loading" it costs nothing: pages are touched only when a text is
 * matched.  All offsets are in bytes from the start of the blob.
 */
#ifndef DPG_LICENSE_INDEX_H
#define DPG_LICENSE_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include "dpg/license.h"

/* ------------------------------------------------------------------ */
/* Tokenizer                                                           */
/* ------------------------------------------------------------------ */

/* One normalised word and where it came from. */
struct dpg_lic_tok {
	uint32_t id;   /* word id in the corpus vocabulary; 0 = unknown */
	uint32_t line; /* 1-based source line */
	uint32_t off;  /* byte offset of the word in the source */
	uint32_t len;  /* its length in the source */
};

struct dpg_lic_toks {
	struct dpg_lic_tok *v;
	size_t n, cap;
};

/* Maps a normalised word (lowercase, n bytes; hash = dpg_lic_word_hash of
 * it, computed as the tokenizer reads it) to its id (0 = unknown). */
typedef uint32_t (*dpg_lic_intern_fn)(void *ctx, const char *w, size_t n,
				      uint32_t hash);

/*
 * Tokenize text[start..end) per the SPDX matching guidelines and append
 * the words to out: case folded, punctuation, quotes, dashes, bullets,
 * list numbering, comment prefixes, box drawing, HTML tags and entities
 * dropped; equivalent words unified (licence/license, https/http...);
 * copyright lines and "All rights reserved" dropped.  first_line is the
 * line number of text[start].  Returns the line number of text[end]
 * (first_line plus the newlines read).
 */
uint32_t dpg_lic_tokenize(const char *text, size_t start, size_t end,
			  uint32_t first_line, dpg_lic_intern_fn intern,
			  void *ctx, struct dpg_lic_toks *out);

/* Tests: not 0 makes dpg_lic_tokenize() read every word byte by byte (as
 * where there is no SSE2), to compare with its sixteen-byte reads, and
 * find HTML tag names in the sorted list (as on a big-endian machine), to
 * compare with the table. */
extern int dpg_lic_tokenize_plain;

/* Tests: 1 makes the license-word scan (dpg_license_prefilter() and the
 * matcher's windows) read sixteen positions at a time where the CPU has
 * AVX2 too, 2 one at a time, to compare with its default. */
extern int dpg_license_keys_plain;

/* Tests: not 0 makes the alignment's scan for anchors (next_anchor) find
 * a block's candidates one position at a time where the CPU has AVX2
 * too, to compare with its eight at a time. */
extern int dpg_lic_scan_plain;

/* Equivalent words: pairs (variant, canonical), NULL-terminated. */
extern const char *const dpg_lic_equiv_words[];

/* The vocabulary's hash of a word (normalize.c). */
uint32_t dpg_lic_word_hash(const char *w, size_t n);

/* The hash of the word trigram (a, b, c), the index's key (never 0). */
static inline uint32_t dpg_lic_tri_hash(uint32_t a, uint32_t b, uint32_t c)
{
	uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15ull;
	h ^= (uint64_t)b * 0xC2B2AE3D27D4EB4Full + (h >> 29);
	h ^= (uint64_t)c * 0x165667B19E3779F9ull + (h >> 32);
	h ^= h >> 33;
	return (uint32_t)h | 1u;
}

/* ------------------------------------------------------------------ */
/* Blob layout                                                         */
/* ------------------------------------------------------------------ */

#define DPG_LIC_MAGIC 0x314C4744u /* "DGL1" */
/* Trigrams found in more texts than this are not indexed (stop-grams). */
#define DPG_LIC_DF_MAX 48

struct dpg_lic_header {
	uint32_t magic;
	uint32_t nlic, ntext, nvocab;
	uint32_t vocab_slots; /* power of two */
	uint32_t gram_slots;  /* power of two */
	uint32_t ntokens, npostings;
	uint32_t off_lic, off_text, off_members, off_vocab_words;
	uint32_t off_vocab_slots, off_tokens, off_gram_slots, off_postings;
	uint32_t off_strings, size;
	uint32_t off_bloom, bloom_bits; /* Bloom filter of the trigram keys */
	uint32_t off_maps; /* ntext struct dpg_lic_tmap: the texts' maps */
};

/*
 * The two Bloom filter bits of a trigram key (bloom_bits a power of 2, at
 * least 512): both in the 512-bit block (one cache line) of the first, so
 * that a test reads one line: every trigram of a text is tested, most of
 * them missing the caches.
 */
static inline uint32_t dpg_lic_bloom_a(uint32_t bits, uint32_t key)
{
	return key & (bits - 1);
}

static inline uint32_t dpg_lic_bloom_b(uint32_t bits, uint32_t key)
{
	uint32_t a = key & (bits - 1);
	return (a & ~511u) |
	       ((((key >> 16) | (key << 16)) * 0x9E3779B1u) >> 23);
}

static inline int dpg_lic_bloom_has(const uint64_t *bloom, uint32_t bits,
				    uint32_t key)
{
	uint32_t a = dpg_lic_bloom_a(bits, key), b = dpg_lic_bloom_b(bits, key);
	return (bloom[a >> 6] >> (a & 63) & 1) &&
	       (bloom[b >> 6] >> (b & 63) & 1);
}

static inline void dpg_lic_bloom_add(uint64_t *bloom, uint32_t bits,
				     uint32_t key)
{
	uint32_t a = dpg_lic_bloom_a(bits, key), b = dpg_lic_bloom_b(bits, key);
	bloom[a >> 6] |= 1ull << (a & 63);
	bloom[b >> 6] |= 1ull << (b & 63);
}

struct dpg_lic_rec {
	uint32_t id_off, name_off; /* into strings */
	uint8_t osi, deprecated, has_text, pad;
	int32_t text; /* index of its text, or -1 */
};

struct dpg_lic_text {
	uint32_t tok_off;    /* first token, index into tokens */
	uint32_t ntok;	     /* tokens */
	uint32_t title_end;  /* tokens [0, title_end) are the title */
	uint32_t tail_start; /* tokens [tail_start, ntok) are optional */
	uint32_t nindexed;   /* its trigrams that are in the index */
	uint32_t canon;	     /* license reported for it */
	uint32_t members;    /* first member, index into members */
	uint32_t nmembers;   /* licenses with this text */
};

struct dpg_lic_gram {
	uint32_t key;  /* dpg_lic_tri_hash, 0 = empty slot */
	uint32_t post; /* index into postings: count, then text indexes */
};

/*
 * A text's trigram map: what the matcher's first alignment step on the
 * whole text looks its file's trigrams up in.  It depends on nothing but
 * the text, so tools/gen-license-index builds it with dpg_lic_map_fill()
 * into the blob, read-only and shared by every thread (the matcher builds
 * one at run time only for part of a text).  cap slots of (key, val): a
 * trigram key (dpg_lic_tri_hash, 0 = empty slot) and its position in the
 * text, DPG_LIC_NO_POS when the key repeats, linear probing from key &
 * (cap - 1); in front of it a filter of 4 * cap bits (two bits a key in
 * one 32-bit word: dpg_lic_filt_bit, dpg_lic_filt_bit2);
 * and a bit per text position, whether its key is there once.
 */
#define DPG_LIC_NO_POS 0xffffffffu

struct dpg_lic_slot {
	uint32_t key, val; /* key 0: empty */
};

struct dpg_lic_tmap {
	uint32_t slots; /* cap struct dpg_lic_slot */
	uint32_t cap;	/* a power of two, dpg_lic_map_slots(ntok) */
	uint32_t filt;	/* cap / 16 uint64_t */
	uint32_t uniq;	/* (ntok + 63) / 64 uint64_t */
};			/* (offsets in bytes from the start of the blob) */

/* The slots of a map for n keys. */
static inline size_t dpg_lic_map_slots(size_t n)
{
	size_t cap = 64;

	while (cap < 2 * n)
		cap <<= 1;
	return cap;
}

/* log2 of the filter's bits for a map of cap slots. */
static inline unsigned int dpg_lic_filt_log(size_t cap)
{
	return (unsigned int)__builtin_ctzll(cap) + 2;
}

/* The filter bit of key: high bits of a product, not the low bits that
 * choose its slot. */
static inline uint32_t dpg_lic_filt_bit(uint32_t key, unsigned int lg)
{
	return (uint32_t)(key * 0x9E3779B1u) >> (32 - lg);
}

/* The key's second bit, in the 32-bit word of the first (one load; lg at
 * most 27): the five bits of the product under the first's.  With one bit
 * a key, 12% of the keys looked up that are not in the map passed (8 bits
 * a key), each a lookup that mostly misses the caches; with two, ~5%. */
static inline uint32_t dpg_lic_filt_bit2(uint32_t key, unsigned int lg)
{
	uint32_t h = key * 0x9E3779B1u;

	return (h >> (32 - lg) & ~31u) | (h >> (27 - lg) & 31u);
}

/* Whether the filter filt (of 2^lg bits) has both bits of key. */
static inline int dpg_lic_filt_has(const uint64_t *filt, unsigned int lg,
				   uint32_t key)
{
	uint32_t a = dpg_lic_filt_bit(key, lg), b = dpg_lic_filt_bit2(key, lg);
	uint64_t w = filt[a / 64];

	return (int)(w >> (a % 64) & w >> (b % 64) & 1);
}

/*
 * The trigram map of L[li..lh) into v (cap slots, zero), filt (cap / 16
 * words, zero) and uniq ((lh - li + 63) / 64 words, all ones): trigram key
 * -> its position, DPG_LIC_NO_POS when the key repeats; in uniq, a bit per
 * position from li, whether its key is there once.
 */
static inline void dpg_lic_map_fill(struct dpg_lic_slot *v, size_t cap,
				    uint64_t *filt, const uint16_t *L,
				    uint32_t li, uint32_t lh, uint64_t *uniq)
{
	size_t mask = cap - 1, s;
	unsigned int lg = dpg_lic_filt_log(cap);
	uint32_t i;

	for (i = li; i + 3 <= lh; i++) {
		uint32_t key = dpg_lic_tri_hash(L[i], L[i + 1], L[i + 2]);
		uint32_t fb = dpg_lic_filt_bit(key, lg);
		uint32_t fb2 = dpg_lic_filt_bit2(key, lg);
		filt[fb / 64] |= 1ull << (fb % 64) | 1ull << (fb2 % 64);
		s = key & mask;
		while (v[s].key && v[s].key != key)
			s = (s + 1) & mask;
		if (v[s].key) {
			uint32_t p = v[s].val;
			if (p != DPG_LIC_NO_POS)
				uniq[(p - li) / 64] &= ~(1ull << (p - li) % 64);
			uniq[(i - li) / 64] &= ~(1ull << (i - li) % 64);
			v[s].val = DPG_LIC_NO_POS;
		} else {
			v[s].key = key;
			v[s].val = i;
		}
	}
}

/* The blob, defined by the generated build/gen/license_index.c. */
extern const unsigned char dpg_lic_blob[];

/* Typed views of the blob (corpus.c). */
const struct dpg_lic_header *dpg_lic_hdr(void);
const struct dpg_lic_rec *dpg_lic_recs(void);
const struct dpg_lic_text *dpg_lic_texts(void);
const uint16_t *dpg_lic_members(void);
const uint16_t *dpg_lic_tokens(void);
const uint16_t *dpg_lic_postings(void);
const struct dpg_lic_gram *dpg_lic_grams(void);
const uint64_t *dpg_lic_bloom(void);
/* The texts' maps (ntext of them). */
const struct dpg_lic_tmap *dpg_lic_tmaps(void);
/* The normalised word of a vocabulary id (1-based), "" for 0. */
const char *dpg_lic_word(uint32_t id);
/* Vocabulary lookup, usable as a dpg_lic_intern_fn: ctx is NULL or
 * dpg_lic_vocab_tags(), the places of the blob's buckets, slots and
 * strings, made once a process at almost no cost: every scan looks its
 * words up with them. */
uint32_t dpg_lic_vocab_find(void *ctx, const char *w, size_t n, uint32_t hash);
const void *dpg_lic_vocab_tags(void);
/* The vocabulary's buckets (normalize.c): laid out from a table of
 * nslots slots into out (tools/gen-license-index writes them into the
 * blob), the lookup's tables made from them, and a lookup with those
 * tables (ctx) or, ctx NULL, by walking the table. */
size_t dpg_lic_vocab_buckets(const uint32_t *slots, const char *strings,
			     uint32_t nslots, void *out);
const void *dpg_lic_vocab_make(const uint32_t *slots, const char *strings,
			       uint32_t nslots, const void *buckets,
			       dpg_lic_intern_fn find);
uint32_t dpg_lic_vocab_get(const void *ctx, const uint32_t *slots,
			   const char *strings, uint32_t nslots,
			   const void *buckets, const char *w, size_t n,
			   uint32_t hash);
/* Whether matcher m keeps alignments for the next ones on the same words
 * and results for the next runs on the same text, takes texts' trigram
 * maps from the index, links a file's trigrams only when it aligns one,
 * and takes its fast paths (a diagonal's anchors together, candidates'
 * ends found from the region's ends, words compared as read, one count
 * of distinct trigrams) (by default; off only to compare with the plain
 * runs in tests, which build every map), and how many runs it replayed
 * from those results (*refused: 0; a run's results depend on its text
 * alone, so an entry of the same text is always replayed). */
void dpg_lic_matcher_caches(struct dpg_license_matcher *m, int on);
size_t dpg_lic_matcher_replays(const struct dpg_license_matcher *m,
			       size_t *refused);
/* Tests: the bytes left at the end of m's results cache's ring of small
 * entries, after the one stored last (a new entry larger goes at its
 * start). */
size_t dpg_lic_matcher_ring_room(const struct dpg_license_matcher *m);
/* How many alignments matcher m made on a text's map of the index. */
size_t dpg_lic_matcher_maps(const struct dpg_license_matcher *m);
/* How many slots, filter words and bit words of text's map in the index
 * differ from the map the matcher builds at run time, and how many of the
 * text's keys its filter does not let by (0: none). */
size_t dpg_lic_map_differs(struct dpg_license_matcher *m, uint32_t text);
/* Tests: on (not 0) makes m's runs link only the positions with postings
 * (link_postings), not the whole text where most have them (link_dense),
 * to compare. */
void dpg_lic_matcher_link_plain(struct dpg_license_matcher *m, int on);
/* Tests: on 1 makes m count every region's distinct trigrams itself,
 * not a sub-region left after a match from the counts of the region it
 * was in (less those first in the part cut off, plus those first in it
 * now), score every text it touched (not only those at m->need), and
 * find its candidates' hits itself, not as the slice of a hit
 * list kept for a region holding it (and that list's densest window when
 * in it), to compare; on 2, count such a region's "closest" hints again
 * (as on a tie of their scores) every time; on 3, check the hits taken
 * from kept lists against each position's postings
 * (dpg_lic_matcher_lists). */
void dpg_lic_matcher_count_plain(struct dpg_license_matcher *m, int on);
/* How many candidates' hits m's runs took from a kept list, and
 * (*densest) how many densest windows; with count_plain 3 (tests), how
 * many of those hits were *checked against each position's postings,
 * and how many of them *differ. */
size_t dpg_lic_matcher_lists(const struct dpg_license_matcher *m,
			     size_t *densest, size_t *checked, size_t *differ);
/* How many regions m's runs counted from the region they were in, and
 * (*recounted) of them how many were counted again for the order of the
 * "closest" hints (a tie). */
size_t dpg_lic_matcher_derived(const struct dpg_license_matcher *m,
			       size_t *recounted);
/* The distinct indexed trigrams the last run of m counted in its whole
 * text (0: none counted so), and (*dense) whether it linked the whole
 * text to count them. */
uint32_t dpg_lic_matcher_counted(const struct dpg_license_matcher *m,
				 int *dense);
/* The anchor groups of text's whole words in file words ids[0..n), as
 * the alignment's first step finds them, by its fast paths or (plain)
 * without: (license position, file position, anchors) a group, first
 * first, into out (at most max groups); returns how many there are. */
size_t dpg_lic_anchor_groups(struct dpg_license_matcher *m, uint32_t text,
			     const uint32_t *ids, size_t n, int plain,
			     uint32_t *out, size_t max);
/* File words ids[0..n) aligned in windows (region's first word, first
 * word, end) r[3k..3k+3) (k < nr), in that order, as a run's candidates
 * take them: how many of their keys and their words' links (which only
 * the windows' words get, only when aligned) differ from those of the
 * whole file's (0: none). */
size_t dpg_lic_ranges_differ(struct dpg_license_matcher *m, const uint32_t *ids,
			     size_t n, const uint32_t *r, size_t nr);
/* The runs (license position, file position, length) of the dynamic
 * programming alignment of text's words [li, lh) with file words
 * ids[0..n) (at most 65,536 cells), by bit vectors as the matcher takes
 * it (from 16 file words on), or (plain 1) by the whole table, or (plain
 * 2) by bit vectors counted without POPCNT, into out (at most max runs);
 * returns how many runs there are. */
size_t dpg_lic_align_dp(struct dpg_license_matcher *m, uint32_t text,
			uint32_t li, uint32_t lh, const uint32_t *ids, size_t n,
			int plain, uint32_t *out, size_t max);
/* The runs (license position, file position, length) of the alignment
 * of text with file words ids[0..n) as a run's window takes it, under
 * the kept alignments' key key (m, its caches on, keeps it for the next
 * call with that key, text and words), into out (at most max runs);
 * returns how many runs there are. */
size_t dpg_lic_align_runs(struct dpg_license_matcher *m, uint32_t text,
			  const uint32_t *ids, size_t n, uint64_t key,
			  uint32_t *out, size_t max);
/* The window of at most wlen words holding the most of the nh (at least
 * one) sorted positions hitpos, as a region's candidate with its
 * trigrams spread over the file takes it (by one test a position), or
 * (plain) by walking each window's start: its first and last position
 * into *first, *last. */
void dpg_lic_densest(const uint32_t *hitpos, size_t nh, uint32_t wlen,
		     int plain, uint32_t *first, uint32_t *last);
/* Tests: x mod 2^31 - 1 (the prefix hashes' modulus), as the prefix
 * hashes reduce a value below 2^58 (one fold), or (plain) any value (two
 * folds). */
uint32_t dpg_lic_hmod(uint64_t x, int plain);
/* Info of license i (index of the records). */
const struct dpg_license_info *dpg_lic_info(uint32_t i);

#endif
