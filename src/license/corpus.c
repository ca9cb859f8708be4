/*
 * corpus.c: the SPDX license list as compiled into the binary: lookups by
 * id, iteration, identical-text groups, and the typed views of the index
 * blob that the matcher reads (see index.h; the vocabulary's lookup is the
 * tokenizer's, in normalize.c).  Nothing is loaded at run
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

/* The vocabulary's buckets (normalize.c): in the blob from the first
 * 64-byte boundary after its table (tools/gen-license-index). */
static const void *vocab_buckets(const struct dpg_lic_header *h)
{
	size_t off = (h->off_vocab_slots + 8 * (size_t)h->vocab_slots + 63) &
		     ~(size_t)63;

	return dpg_lic_blob + off;
}

/*
 * The vocabulary's lookup (normalize.c, where the tokenizer looks words up
 * inline): the blob's buckets, and its tables made once a process when
 * first asked for.
 */
static const void *vocab_fast;
static pthread_once_t vocab_fast_once = PTHREAD_ONCE_INIT;

static void vocab_fast_make(void)
{
	const struct dpg_lic_header *h = dpg_lic_hdr();

	vocab_fast = dpg_lic_vocab_make(VIEW(uint32_t, off_vocab_slots),
					VIEW(char, off_strings), h->vocab_slots,
					vocab_buckets(h), dpg_lic_vocab_find);
}

const void *dpg_lic_vocab_tags(void)
{
	pthread_once(&vocab_fast_once, vocab_fast_make);
	return vocab_fast;
}

uint32_t dpg_lic_vocab_find(void *ctx, const char *w, size_t n, uint32_t hash)
{
	const struct dpg_lic_header *h;

	if (ctx)
		return dpg_lic_vocab_get(ctx, NULL, NULL, 0, NULL, w, n, hash);
	/* without the tables: the blob's buckets, or its table walked for
	 * a longer word */
	h = (const struct dpg_lic_header *)(const void *)dpg_lic_blob;
	return dpg_lic_vocab_get(
		NULL,
		(const uint32_t *)(const void *)(dpg_lic_blob +
						 h->off_vocab_slots),
		(const char *)dpg_lic_blob + h->off_strings, h->vocab_slots,
		vocab_buckets(h), w, n, hash);
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
