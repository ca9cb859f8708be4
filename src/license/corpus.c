/*
 * corpus.c: the SPDX license list as compiled into the binary: lookups by
 * id, iteration, identical-text groups, and the typed views of the index
 * blob that the matcher reads (see index.h).  Nothing is loaded at run
 * time: the table and the blob are read-only data of the executable.
 */
#include <pthread.h>
#include <string.h>
#include "dpg/license.h"
#include "dpg/util.h"
#include "index.h"
#include "dpg/banned.h"

/* Defined by the generated build/gen/license_index.c, sorted by id. */
extern const size_t dpg_lic_ninfos;
extern const struct dpg_license_info dpg_lic_infos[];

const struct dpg_lic_header *dpg_lic_hdr(void)
{
	const struct dpg_lic_header *h =
		(const struct dpg_lic_header *)(const void *)dpg_lic_blob;

	if (h->magic != DPG_LIC_MAGIC)
		DPG_BUG("license index: bad magic");
	return h;
}

#define VIEW(type, off)                                                        \
	((const type *)(const void *)(dpg_lic_blob + dpg_lic_hdr()->off))

const struct dpg_lic_rec *dpg_lic_recs(void)
{
	return VIEW(struct dpg_lic_rec, off_lic);
}

const struct dpg_lic_text *dpg_lic_texts(void)
{
	return VIEW(struct dpg_lic_text, off_text);
}

const uint16_t *dpg_lic_members(void)
{
	return VIEW(uint16_t, off_members);
}

const uint16_t *dpg_lic_tokens(void)
{
	return VIEW(uint16_t, off_tokens);
}

const uint16_t *dpg_lic_postings(void)
{
	return VIEW(uint16_t, off_postings);
}

const struct dpg_lic_gram *dpg_lic_grams(void)
{
	return VIEW(struct dpg_lic_gram, off_gram_slots);
}

const uint64_t *dpg_lic_bloom(void)
{
	return VIEW(uint64_t, off_bloom);
}

const struct dpg_lic_tmap *dpg_lic_tmaps(void)
{
	return VIEW(struct dpg_lic_tmap, off_maps);
}

const char *dpg_lic_word(uint32_t id)
{
	const struct dpg_lic_header *h = dpg_lic_hdr();
	const uint32_t *words = VIEW(uint32_t, off_vocab_words);
	const char *strings = VIEW(char, off_strings);

	if (id == 0 || id > h->nvocab)
		return "";
	return strings + words[id];
}

/*
 * The vocabulary as the tokenizer asks it on large texts, made once a
 * process when first asked for (dpg_lic_vocab_tags(); 1.5 M instructions,
 * so a scan of small files does without it):
 * - a tag per slot of the blob's table, beside it: 0 for an empty slot,
 *   else bits of its word's hash above those that chose the slot (the low
 *   bit set).  The lookup walks the tags, 64 KiB, and reads a slot and its
 *   string only where the tag is the word's: half the words of minified
 *   code are in no license, and each probe of theirs read a string of the
 *   vocabulary (cache misses, a sixth of license-text's time on bundles);
 * - the ids of the words of one byte and of two letters or digits (a
 *   fifth of the words of minified code: its short names), answered
 *   without a probe.
 */
#define ALNUM 36
struct vocab_fast {
	/* the blob's table and strings; mask 0 when a word's 17 bytes from
	 * its start are not all in the blob (find_fast() does without) */
	const uint32_t *slots;
	const char *strings;
	uint32_t mask;
	uint32_t one[256];
	uint32_t two[ALNUM * ALNUM];
	uint16_t tags[]; /* vocab_slots */
};
static const struct vocab_fast *vocab_fast;
static pthread_once_t vocab_fast_once = PTHREAD_ONCE_INIT;

static const char alnum[ALNUM + 1] = "abcdefghijklmnopqrstuvwxyz0123456789";

/* 1 + the index of a lower-case letter or digit in alnum, or 0. */
static unsigned int alnum_at(unsigned char c)
{
	return c >= 'a' && c <= 'z'   ? 1u + c - 'a'
	       : c >= '0' && c <= '9' ? 27u + c - '0'
				      : 0;
}

static uint16_t vocab_tag(uint32_t hash)
{
	return (uint16_t)(hash >> 16 | 1);
}

/*
 * The id of w (n bytes, hash its dpg_lic_word_hash), or 0: by the blob's
 * slots in their probe order, walking the tags when there are (a slot
 * with another tag holds another word: the tag is of its word's hash).
 * Not inlined: dpg_lic_vocab_find() keeps its registers for find_fast().
 */
static __attribute__((noinline)) uint32_t
find_in(const uint16_t *tags, const char *w, size_t n, uint32_t hash)
{
	const struct dpg_lic_header *h =
		(const struct dpg_lic_header *)(const void *)dpg_lic_blob;
	const uint32_t *slots =
		(const uint32_t *)(const void *)(dpg_lic_blob +
						 h->off_vocab_slots);
	const char *strings = (const char *)dpg_lic_blob + h->off_strings;
	uint32_t mask = h->vocab_slots - 1;
	uint32_t i = hash & mask;
	uint16_t tag = vocab_tag(hash);
	size_t k;

	for (; tags ? tags[i] != 0 : slots[2 * i] != 0; i = (i + 1) & mask) {
		const char *s;
		if (tags && tags[i] != tag)
			continue;
		s = strings + slots[2 * i] - 1;
		for (k = 0; k < n && s[k] == w[k]; k++)
			;
		if (k == n && s[n] == 0)
			return slots[2 * i + 1];
	}
	return 0;
}

/* Whether s and w differ in their first k bytes or in their k bytes
 * before n (n >= k; loads of k bytes, k a constant once inlined). */
static inline __attribute__((always_inline)) uint64_t
ends_differ(const char *s, const char *w, size_t n, size_t k)
{
	uint64_t a = 0, b = 0, c = 0, d = 0;

	memcpy(&a, s, k);
	memcpy(&b, w, k);
	memcpy(&c, s + n - k, k);
	memcpy(&d, w + n - k, k);
	return (a ^ b) | (c ^ d);
}

/*
 * Whether the word s of the vocabulary is w (n bytes, 2 to 16, no NUL in
 * them), reading s[0..n] whatever its length (17 bytes of the blob from s:
 * vocab_fast.mask) and w[0..n): two loads a side, overlapping, in place of
 * a loop over the bytes that mostly ends at n (a branch missed a word).
 */
static inline int same_word16(const char *s, const char *w, size_t n)
{
	if (n >= 8)
		return !ends_differ(s, w, n, 8) && s[n] == 0;
	if (n >= 4)
		return !ends_differ(s, w, n, 4) && s[n] == 0;
	return !ends_differ(s, w, n, 2) && s[n] == 0;
}

/* find_in() with the tags, for a word of 2 to 16 bytes (f->mask not 0). */
static inline uint32_t find_fast(const struct vocab_fast *f, const char *w,
				 size_t n, uint32_t hash)
{
	uint32_t i = hash & f->mask;
	uint16_t tag = vocab_tag(hash);

	for (; f->tags[i] != 0; i = (i + 1) & f->mask)
		if (f->tags[i] == tag &&
		    same_word16(f->strings + f->slots[2 * i] - 1, w, n))
			return f->slots[2 * i + 1];
	return 0;
}

static void vocab_fast_make(void)
{
	const struct dpg_lic_header *h = dpg_lic_hdr();
	const uint32_t *slots = VIEW(uint32_t, off_vocab_slots);
	const char *strings = VIEW(char, off_strings);
	struct vocab_fast *f =
		xcalloc(1, sizeof(*f) + h->vocab_slots * sizeof(f->tags[0]));
	unsigned int a, b;
	char w[2];

	f->slots = slots;
	f->strings = strings;
	f->mask = h->vocab_slots - 1;
	for (a = 0; a < h->vocab_slots; a++) {
		const char *s = strings + slots[2 * a] - 1;
		if (!slots[2 * a])
			continue;
		f->tags[a] = vocab_tag(dpg_lic_word_hash(s, strlen(s)));
		/* the strings are followed by more of the blob (the Bloom
		 * filter): this holds but for a layout that ends with them */
		if (h->off_strings + (size_t)slots[2 * a] - 1 + 17 > h->size)
			f->mask = 0;
	}
	for (a = 0; a < 256; a++) {
		w[0] = (char)a;
		f->one[a] = find_in(f->tags, w, 1, dpg_lic_word_hash(w, 1));
	}
	for (a = 0; a < ALNUM; a++)
		for (b = 0; b < ALNUM; b++) {
			w[0] = alnum[a];
			w[1] = alnum[b];
			f->two[a * ALNUM + b] =
				find_in(f->tags, w, 2, dpg_lic_word_hash(w, 2));
		}
	vocab_fast = f;
}

const void *dpg_lic_vocab_tags(void)
{
	pthread_once(&vocab_fast_once, vocab_fast_make);
	return vocab_fast;
}

uint32_t dpg_lic_vocab_find(void *ctx, const char *w, size_t n, uint32_t hash)
{
	const struct vocab_fast *f = ctx;

	if (!f)
		return find_in(NULL, w, n, hash);
	if (n == 1)
		return f->one[(unsigned char)w[0]];
	if (n == 2) {
		unsigned int a = alnum_at((unsigned char)w[0]);
		unsigned int b = alnum_at((unsigned char)w[1]);
		if (a && b)
			return f->two[(a - 1) * ALNUM + b - 1];
	}
	if (n <= 16 && f->mask)
		return find_fast(f, w, n, hash);
	return find_in(f->tags, w, n, hash);
}

const struct dpg_license_info *dpg_lic_info(uint32_t i)
{
	return i < dpg_lic_ninfos ? &dpg_lic_infos[i] : NULL;
}

size_t dpg_license_count(void)
{
	return dpg_lic_ninfos;
}

const struct dpg_license_info *dpg_license_at(size_t i)
{
	return i < dpg_lic_ninfos ? &dpg_lic_infos[i] : NULL;
}

const struct dpg_license_info *dpg_license_lookup(const char *id)
{
	size_t lo = 0, hi = dpg_lic_ninfos;

	if (!id)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = dpg_strcasecmp(id, dpg_lic_infos[mid].id);
		if (c == 0)
			return &dpg_lic_infos[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

size_t dpg_license_same_text(const struct dpg_license_info *info,
			     const struct dpg_license_info **out, size_t max)
{
	const struct dpg_lic_text *t;
	const uint16_t *mem = dpg_lic_members();
	size_t i, n = 0, k;

	if (!info || info < dpg_lic_infos ||
	    info >= dpg_lic_infos + dpg_lic_ninfos)
		return 0;
	i = (size_t)(info - dpg_lic_infos);
	if (dpg_lic_recs()[i].text < 0)
		return 0;
	t = &dpg_lic_texts()[dpg_lic_recs()[i].text];
	for (k = 0; k < t->nmembers; k++) {
		if (mem[t->members + k] == i)
			continue;
		if (n < max)
			out[n] = &dpg_lic_infos[mem[t->members + k]];
		n++;
	}
	return n;
}
