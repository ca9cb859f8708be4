/*
 * corpus.c: the SPDX license list as compiled into the binary: lookups by
 * id, iteration, identical-text groups, and the typed views of the index
 * blob that the matcher reads (see index.h).  Nothing is loaded at run
 * time: the table and the blob are read-only data of the executable.
 */
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

const char *dpg_lic_word(uint32_t id)
{
	const struct dpg_lic_header *h = dpg_lic_hdr();
	const uint32_t *words = VIEW(uint32_t, off_vocab_words);
	const char *strings = VIEW(char, off_strings);

	if (id == 0 || id > h->nvocab)
		return "";
	return strings + words[id];
}

uint32_t dpg_lic_vocab_find(void *ctx, const char *w, size_t n, uint32_t hash)
{
	/* once per word of every text: the header read as is (the magic
	 * was checked when the matcher was made) */
	const struct dpg_lic_header *h =
		(const struct dpg_lic_header *)(const void *)dpg_lic_blob;
	const uint32_t *slots =
		(const uint32_t *)(const void *)(dpg_lic_blob +
						 h->off_vocab_slots);
	const char *strings = (const char *)dpg_lic_blob + h->off_strings;
	uint32_t mask = h->vocab_slots - 1;
	uint32_t i = hash & mask;
	size_t k;

	(void)ctx;
	while (slots[2 * i]) {
		const char *s = strings + slots[2 * i] - 1;
		for (k = 0; k < n && s[k] == w[k]; k++)
			;
		if (k == n && s[n] == 0)
			return slots[2 * i + 1];
		i = (i + 1) & mask;
	}
	return 0;
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
