/*
 * gen-license-index: compile the SPDX license list into the matcher's index.
 *
 *   gen-license-index SPDX-FULL.JSON OUT.bin OUT.c [DEPRECATED.json]
 *
 * Reads data/spdx-license-list/spdx-full.json (id -> {name, osiApproved,
 * licenseText}), normalises every text with the matcher's own tokenizer
 * (src/license/normalize.c), folds identical texts into one, builds the
 * vocabulary (with the SPDX equivalent words as aliases) and a trigram
 * index (trigram -> texts containing it), and writes:
 *   OUT.bin  the blob described in src/license/index.h;
 *   OUT.c    the struct dpg_license_info table (sorted by id) and an
 *            .incbin of OUT.bin, compiled into libdpgaudit.a.
 * The deprecated ids are those of DEPRECATED.json (the spdx-license-ids
 * package's list) when given, plus the list below (which also has the
 * "+" forms such as GPL-2.0+ that the package does not list).
 * Prints a summary and the identical-text groups on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dpg/arena.h"
#include "dpg/json.h"
#include "dpg/util.h"
#include "../src/license/index.h"
#include "dpg/banned.h"

/* SPDX license list 3.x deprecated ids (used without DEPRECATED.json). */
static const char *const builtin_deprecated[] = {
	"AGPL-1.0",
	"AGPL-3.0",
	"BSD-2-Clause-FreeBSD",
	"BSD-2-Clause-NetBSD",
	"bzip2-1.0.5",
	"eCos-2.0",
	"GFDL-1.1",
	"GFDL-1.2",
	"GFDL-1.3",
	"GPL-1.0",
	"GPL-1.0+",
	"GPL-2.0",
	"GPL-2.0+",
	"GPL-2.0-with-autoconf-exception",
	"GPL-2.0-with-bison-exception",
	"GPL-2.0-with-classpath-exception",
	"GPL-2.0-with-font-exception",
	"GPL-2.0-with-GCC-exception",
	"GPL-3.0",
	"GPL-3.0+",
	"GPL-3.0-with-autoconf-exception",
	"GPL-3.0-with-GCC-exception",
	"LGPL-2.0",
	"LGPL-2.0+",
	"LGPL-2.1",
	"LGPL-2.1+",
	"LGPL-3.0",
	"LGPL-3.0+",
	"Net-SNMP",
	"Nunit",
	"StandardML-NJ",
	"wxWindows",
	NULL,
};

struct lic {
	const char *id, *name, *text;
	size_t textlen;
	int osi, deprecated;
	int32_t textidx;
};

struct text {
	uint32_t tok_off, ntok, title_end, tail_start, nindexed, canon;
	uint32_t hash;
	uint32_t *members;
	size_t nmembers, cap;
	int indexable;
};

/* ---- vocabulary ---------------------------------------------------- */

#define VOCAB_SLOTS (1u << 19)

struct vocab {
	char *strings; /* NUL-separated */
	size_t slen, scap;
	uint32_t *slot_str; /* string offset + 1 */
	uint32_t *slot_id;
	uint32_t *word_str; /* id -> string offset (ids from 1) */
	size_t nwords, wcap;
	size_t nentries;
};

static uint32_t add_string(struct vocab *v, const char *w, size_t n)
{
	uint32_t off = (uint32_t)v->slen;

	dpg_grow(&v->strings, &v->scap, v->slen + n + 1, 1);
	memcpy(v->strings + v->slen, w, n);
	v->strings[v->slen + n] = 0;
	v->slen += n + 1;
	return off;
}

/* The slot of w, empty (slot_str 0) when absent. */
static uint32_t vocab_slot(const struct vocab *v, const char *w, size_t n)
{
	uint32_t i = dpg_lic_word_hash(w, n) & (VOCAB_SLOTS - 1);

	while (v->slot_str[i]) {
		const char *s = v->strings + v->slot_str[i] - 1;
		if (strlen(s) == n && !memcmp(s, w, n))
			return i;
		i = (i + 1) & (VOCAB_SLOTS - 1);
	}
	return i;
}

static uint32_t vocab_intern(void *ctx, const char *w, size_t n,
			     uint32_t hash)
{
	struct vocab *v = ctx;
	uint32_t i = vocab_slot(v, w, n);

	/* the tokenizer hashes as it reads: the matcher's lookups rely on it */
	if (hash != dpg_lic_word_hash(w, n)) {
		fprintf(stderr, "gen-license-index: tokenizer hash wrong\n");
		exit(1);
	}
	if (v->slot_str[i])
		return v->slot_id[i];
	if (++v->nentries > VOCAB_SLOTS / 2) {
		fprintf(stderr, "gen-license-index: vocabulary too large\n");
		exit(1);
	}
	v->slot_str[i] = add_string(v, w, n) + 1;
	dpg_grow(&v->word_str, &v->wcap, v->nwords + 2, sizeof(uint32_t));
	v->word_str[++v->nwords] = v->slot_str[i] - 1;
	v->slot_id[i] = (uint32_t)v->nwords;
	return (uint32_t)v->nwords;
}

static void vocab_alias(struct vocab *v, const char *variant, const char *canon)
{
	uint32_t id = vocab_intern(v, canon, strlen(canon),
				   dpg_lic_word_hash(canon, strlen(canon)));
	uint32_t i = vocab_slot(v, variant, strlen(variant));

	if (v->slot_str[i])
		return;
	v->nentries++;
	v->slot_str[i] = add_string(v, variant, strlen(variant)) + 1;
	v->slot_id[i] = id;
}

/* ---- helpers ------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, n = 0, r;

	if (!f) {
		fprintf(stderr, "gen-license-index: cannot open '%s'\n", path);
		exit(1);
	}
	do {
		dpg_grow(&p, &cap, n + 65536 + 1, 1);
		r = fread(p + n, 1, 65536, f);
		n += r;
	} while (r > 0);
	fclose(f);
	p[n] = 0;
	*len = n;
	return p;
}

static int cmp_lic(const void *a, const void *b)
{
	const struct lic *x = a, *y = b;
	int c = dpg_strcasecmp(x->id, y->id);
	return c ? c : strcmp(x->id, y->id);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Preference of a license as the one reported for its text: lower wins. */
static int canon_rank(const struct lic *l)
{
	size_t n = strlen(l->id);
	int r = l->deprecated ? 1000 : 0;

	if (n > 5 && !strcmp(l->id + n - 5, "-only"))
		r -= 100;
	return r + (int)n;
}

/* Tokens of the leading paragraph when it reads as a title, else 0. */
static uint32_t title_tokens(const char *t, size_t len, struct vocab *v)
{
	struct dpg_lic_toks toks = {NULL, 0, 0};
	size_t i = 0, end = len, last;
	uint32_t n;

	/* the first paragraph ends at the first blank line */
	while (i < len) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t j, eol = nl ? (size_t)(nl - t) : len;
		for (j = i; j < eol; j++)
			if (t[j] != ' ' && t[j] != '\t' && t[j] != '\r')
				break;
		if (j == eol && i > 0) {
			end = i;
			break;
		}
		i = eol + 1;
	}
	if (end >= len)
		return 0;
	last = end;
	while (last > 0 && strchr(" \t\r\n", t[last - 1]))
		last--;
	/* a sentence is no title; "ISC License:" on one line is */
	if (last == 0 || strchr(".;,", t[last - 1]) ||
	    (t[last - 1] == ':' && memchr(t, '\n', last)))
		return 0;
	dpg_lic_tokenize(t, 0, end, 1, vocab_intern, v, &toks);
	n = (uint32_t)toks.n;
	free(toks.v);
	return n <= 25 ? n : 0;
}

static void align8(FILE *f, long *pos)
{
	while (*pos % 8) {
		fputc(0, f);
		(*pos)++;
	}
}

static uint32_t put(FILE *f, long *pos, const void *p, size_t n)
{
	uint32_t off;

	align8(f, pos);
	off = (uint32_t)*pos;
	if (n && fwrite(p, 1, n, f) != n) {
		fprintf(stderr, "gen-license-index: write failed\n");
		exit(1);
	}
	*pos += (long)n;
	return off;
}

static void c_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* ---- texts that embed another text ---------------------------------- */

/* A text with fewer trigrams of its own than this is indexed by its
 * stop-grams too (see main). */
#define POOR_MIN 40

#define EMB_KEY	 8   /* tokens that must start the embedded body */
#define EMB_MIN	 150 /* embedded texts shorter than this are ignored */
#define EMB_HEAD 300 /* the part kept must have at least this many */

static uint64_t emb_key(const struct dpg_lic_tok *t)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < EMB_KEY; i++)
		h = (h ^ t[i].id) * 1099511628211ull;
	return h;
}

/*
 * For each text A that holds another text B from B's body on (after its
 * title), at least 90% word for word over B's first 200 body words and
 * with room for most of B: add a text with A's words before B (and before
 * B's title when it is there), A's members, not deprecated-only.  Returns
 * the new count.
 */
static size_t add_embedded_variants(struct text **texts, size_t *tcap,
				    size_t ntexts,
				    const struct dpg_lic_toks *all,
				    const struct lic *lics)
{
	size_t n0 = ntexts, a, b, p;

	for (a = 0; a < n0; a++) {
		const struct text *A = &(*texts)[a];
		const struct dpg_lic_tok *at = all->v + A->tok_off;
		size_t cut = 0;
		uint32_t emb = 0;

		if (!A->indexable || A->ntok < EMB_HEAD + EMB_MIN)
			continue;
		for (b = 0; b < n0 && !cut; b++) {
			const struct text *B = &(*texts)[b];
			const struct dpg_lic_tok *bt = all->v + B->tok_off;
			size_t b0 = B->title_end, body = B->ntok - b0;
			uint64_t key;

			if (b == a || !B->indexable || body < EMB_MIN ||
			    B->ntok >= A->ntok)
				continue;
			key = emb_key(bt + b0);
			for (p = EMB_HEAD; p + body * 7 / 10 <= A->ntok; p++) {
				size_t k, same = 0, lim = body < 200 ? body
								      : 200;

				if (at[p].id != bt[b0].id ||
				    emb_key(at + p) != key)
					continue;
				for (k = 0; k < lim && p + k < A->ntok; k++)
					same += at[p + k].id == bt[b0 + k].id;
				if (10 * same < 9 * lim)
					continue;
				cut = p;
				/* B's title, when the copy has it */
				if (b0 && p >= b0 + EMB_HEAD) {
					for (k = 0; k < b0; k++)
						if (at[p - b0 + k].id !=
						    bt[k].id)
							break;
					if (k == b0)
						cut = p - b0;
				}
				emb = B->canon;
				break;
			}
		}
		if (!cut)
			continue;
		dpg_grow(texts, tcap, ntexts + 1, sizeof(**texts));
		A = &(*texts)[a];
		{
			struct text *V = &(*texts)[ntexts++];

			*V = *A;
			V->ntok = (uint32_t)cut;
			if (V->tail_start > V->ntok)
				V->tail_start = V->ntok;
			V->members = xcalloc(A->nmembers, sizeof(uint32_t));
			memcpy(V->members, A->members,
			       A->nmembers * sizeof(uint32_t));
			V->cap = A->nmembers;
			V->hash = 0;
			fprintf(stderr,
				"embedded: %s holds %s from word %zu; its "
				"first %zu words are indexed alone too\n",
				lics[A->canon].id, lics[emb].id, cut, cut);
		}
	}
	return ntexts;
}

int main(int argc, char **argv)
{
	struct dpg_arena arena = DPG_ARENA_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_json *root, *dep = NULL;
	struct lic *lics;
	struct text *texts = NULL;
	size_t ntexts = 0, tcap = 0, nlic, i, j, k, len;
	struct dpg_lic_toks all = {NULL, 0, 0};
	struct vocab v;
	uint64_t *pairs = NULL;
	size_t npairs = 0, pcap = 0;
	char *json;
	FILE *f;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: gen-license-index SPDX-FULL.JSON "
				"OUT.bin OUT.c [DEPRECATED.json]\n");
		return 64;
	}
	json = read_file(argv[1], &len);
	if (dpg_json_parse(&root, json, len, &arena, &err) < 0 ||
	    root->type != DPG_JSON_OBJECT) {
		fprintf(stderr, "gen-license-index: %s: %s\n", argv[1],
			err.msg);
		return 1;
	}
	if (argc == 5) {
		size_t dlen;
		char *d = read_file(argv[4], &dlen);
		if (dpg_json_parse(&dep, d, dlen, &arena, &err) < 0 ||
		    dep->type != DPG_JSON_ARRAY) {
			fprintf(stderr, "gen-license-index: %s: %s\n", argv[4],
				err.msg);
			return 1;
		}
	}

	memset(&v, 0, sizeof(v));
	v.slot_str = xcalloc(VOCAB_SLOTS, sizeof(uint32_t));
	v.slot_id = xcalloc(VOCAB_SLOTS, sizeof(uint32_t));
	add_string(&v, "", 0); /* offset 0 is "" (word 0) */
	dpg_grow(&v.word_str, &v.wcap, 1, sizeof(uint32_t));
	v.word_str[0] = 0;
	for (i = 0; dpg_lic_equiv_words[i]; i += 2)
		vocab_alias(&v, dpg_lic_equiv_words[i],
			    dpg_lic_equiv_words[i + 1]);

	/* licenses, sorted by id */
	nlic = root->n;
	if (nlic > 65535) {
		fprintf(stderr, "gen-license-index: too many licenses\n");
		return 1;
	}
	lics = xcalloc(nlic, sizeof(*lics));
	for (i = 0; i < nlic; i++) {
		const struct dpg_json *o = &root->items[i];
		const struct dpg_json *osi = dpg_json_get(o, "osiApproved");
		const struct dpg_json *tx = dpg_json_get(o, "licenseText");
		lics[i].id = root->keys[i];
		lics[i].name = dpg_json_get_str(o, "name");
		if (!lics[i].name)
			lics[i].name = lics[i].id;
		lics[i].osi = osi && osi->type == DPG_JSON_BOOL && osi->boolean;
		if (tx && tx->type == DPG_JSON_STRING) {
			lics[i].text = tx->str;
			lics[i].textlen = tx->len;
		}
		for (j = 0; dep && j < dep->n; j++)
			if (dep->items[j].type == DPG_JSON_STRING &&
			    !strcmp(dep->items[j].str, lics[i].id))
				lics[i].deprecated = 1;
		for (j = 0; builtin_deprecated[j]; j++)
			if (!strcmp(builtin_deprecated[j], lics[i].id))
				lics[i].deprecated = 1;
	}
	qsort(lics, nlic, sizeof(*lics), cmp_lic);

	/* texts: tokenize, fold identical ones */
	for (i = 0; i < nlic; i++) {
		struct lic *l = &lics[i];
		size_t start = all.n;
		uint32_t h = 2166136261u, ntok;
		l->textidx = -1;
		if (!l->text)
			continue;
		dpg_lic_tokenize(l->text, 0, l->textlen, 1, vocab_intern, &v,
				 &all);
		ntok = (uint32_t)(all.n - start);
		if (ntok == 0)
			continue;
		for (k = start; k < all.n; k++)
			h = (h ^ all.v[k].id) * 16777619u;
		for (j = 0; j < ntexts; j++) {
			struct text *t = &texts[j];
			if (t->hash != h || t->ntok != ntok)
				continue;
			for (k = 0; k < ntok; k++)
				if (all.v[t->tok_off + k].id !=
				    all.v[start + k].id)
					break;
			if (k == ntok)
				break;
		}
		if (j < ntexts) {
			all.n = start; /* same text: drop the copy */
		} else {
			struct text *t;
			dpg_grow(&texts, &tcap, ntexts + 1, sizeof(*texts));
			t = &texts[ntexts++];
			memset(t, 0, sizeof(*t));
			t->tok_off = (uint32_t)start;
			t->ntok = ntok;
			t->hash = h;
			t->title_end = title_tokens(l->text, l->textlen, &v);
			if (t->title_end + 20 > ntok)
				t->title_end =
					0; /* too short to be all title */
			t->tail_start = ntok;
			for (k = 0; k + 5 <= ntok; k++) {
				static const char *const eot[] = {
					"end", "of", "terms", "and",
					"conditions"};
				size_t q;
				for (q = 0; q < 5; q++)
					if (all.v[start + k + q].id !=
					    vocab_intern(&v, eot[q],
							 strlen(eot[q]),
							 dpg_lic_word_hash(
								 eot[q],
								 strlen(eot[q]))))
						break;
				if (q == 5) {
					t->tail_start = (uint32_t)(k + 5);
					break;
				}
			}
		}
		l->textidx = (int32_t)j;
		dpg_grow(&texts[j].members, &texts[j].cap,
			 texts[j].nmembers + 1, sizeof(uint32_t));
		texts[j].members[texts[j].nmembers++] = (uint32_t)i;
	}

	/* canonical member; texts only deprecated ids have are not indexed */
	for (j = 0; j < ntexts; j++) {
		struct text *t = &texts[j];
		uint32_t best = t->members[0];
		for (k = 1; k < t->nmembers; k++)
			if (canon_rank(&lics[t->members[k]]) <
			    canon_rank(&lics[best]))
				best = t->members[k];
		t->canon = best;
		t->indexable = !lics[best].deprecated && t->ntok >= 3;
		if (t->nmembers > 1) {
			fprintf(stderr, "group:");
			fprintf(stderr, " %s", lics[best].id);
			for (k = 0; k < t->nmembers; k++)
				if (t->members[k] != best)
					fprintf(stderr, " %s",
						lics[t->members[k]].id);
			fprintf(stderr, "\n");
		}
	}

	/* texts that embed another whole license (the SPDX LGPL-3.0 text is
	 * the LGPL's terms followed by the GPL-3.0 it builds on): the part
	 * before the embedded text is indexed too, as a text of the same
	 * licenses, so that the standalone form (COPYING.LESSER) matches */
	ntexts = add_embedded_variants(&texts, &tcap, ntexts, &all, lics);

	/* trigram -> texts: (hash << 32 | text) pairs, distinct per text */
	for (j = 0; j < ntexts; j++) {
		struct text *t = &texts[j];
		size_t first = npairs;
		if (!t->indexable)
			continue;
		for (k = 0; k + 3 <= t->ntok; k++) {
			const struct dpg_lic_tok *x = &all.v[t->tok_off + k];
			uint32_t g =
				dpg_lic_tri_hash(x[0].id, x[1].id, x[2].id);
			dpg_grow(&pairs, &pcap, npairs + 1, sizeof(*pairs));
			pairs[npairs++] = (uint64_t)g << 32 | j;
		}
		qsort(pairs + first, npairs - first, sizeof(*pairs), cmp_u64);
		for (k = first + 1, i = first + 1; k < npairs; k++)
			if (pairs[k] != pairs[i - 1])
				pairs[i++] = pairs[k];
		npairs = first < npairs ? i : first;
	}
	qsort(pairs, npairs, sizeof(*pairs), cmp_u64);

	{
		uint32_t gram_slots = 1, ngrams = 0, nstop = 0;
		struct dpg_lic_gram *grams;
		uint16_t *post = NULL;
		size_t npost = 0, postcap = 0;
		struct dpg_lic_header h;
		struct dpg_lic_rec *recs;
		struct dpg_lic_text *tx;
		uint16_t *members = NULL;
		size_t nmem = 0, memcap = 0;
		uint32_t *vslots, vslots_n;
		uint16_t *tokens;
		long pos = 0;
		uint32_t *plain;

		/* texts with few trigrams of their own (BSD-2-Clause: 9 of
		 * 184 words, all in two phrases that rewordings change) are
		 * also found by their stop-grams: a stop-gram is indexed for
		 * those texts only when they are at most DPG_LIC_DF_MAX */
		plain = xcalloc(ntexts ? ntexts : 1, sizeof(*plain));
		for (i = 0; i < npairs; i = j) {
			for (j = i;
			     j < npairs && pairs[j] >> 32 == pairs[i] >> 32;
			     j++)
				;
			if (j - i <= DPG_LIC_DF_MAX)
				for (k = i; k < j; k++)
					plain[pairs[k] & 0xffffffffu]++;
		}
		for (i = 0; i < npairs; i = j) {
			size_t npoor = 0;
			for (j = i;
			     j < npairs && pairs[j] >> 32 == pairs[i] >> 32;
			     j++)
				npoor += plain[pairs[j] & 0xffffffffu] <
					 POOR_MIN;
			if (j - i <= DPG_LIC_DF_MAX ||
			    (npoor && npoor <= DPG_LIC_DF_MAX))
				ngrams++;
			else
				nstop++;
		}
		while (gram_slots < 2 * ngrams)
			gram_slots <<= 1;
		grams = xcalloc(gram_slots, sizeof(*grams));
		for (i = 0; i < npairs; i = j) {
			uint32_t key = (uint32_t)(pairs[i] >> 32), s;
			size_t npoor = 0;
			int stop;
			for (j = i; j < npairs && pairs[j] >> 32 == key; j++)
				npoor += plain[pairs[j] & 0xffffffffu] <
					 POOR_MIN;
			stop = j - i > DPG_LIC_DF_MAX;
			if (stop && (!npoor || npoor > DPG_LIC_DF_MAX))
				continue;
			s = key & (gram_slots - 1);
			while (grams[s].key)
				s = (s + 1) & (gram_slots - 1);
			grams[s].key = key;
			grams[s].post = (uint32_t)npost;
			dpg_grow(&post, &postcap, npost + 1 + (j - i),
				 sizeof(*post));
			post[npost++] = (uint16_t)(stop ? npoor : j - i);
			for (k = i; k < j; k++) {
				uint32_t t = (uint32_t)(pairs[k] & 0xffffffffu);
				if (stop && plain[t] >= POOR_MIN)
					continue;
				post[npost++] = (uint16_t)t;
				texts[t].nindexed++;
			}
		}
		free(plain);

		/* the blob */
		f = fopen(argv[2], "wb");
		if (!f) {
			fprintf(stderr,
				"gen-license-index: cannot write '%s'\n",
				argv[2]);
			return 1;
		}
		memset(&h, 0, sizeof(h));
		put(f, &pos, &h, sizeof(h));
		recs = xcalloc(nlic, sizeof(*recs));
		for (i = 0; i < nlic; i++) {
			recs[i].osi = (uint8_t)lics[i].osi;
			recs[i].deprecated = (uint8_t)lics[i].deprecated;
			recs[i].has_text = lics[i].textidx >= 0;
			recs[i].text = lics[i].textidx;
		}
		h.off_lic = put(f, &pos, recs, nlic * sizeof(*recs));
		tx = xcalloc(ntexts ? ntexts : 1, sizeof(*tx));
		for (j = 0; j < ntexts; j++) {
			tx[j].tok_off = texts[j].tok_off;
			tx[j].ntok = texts[j].ntok;
			tx[j].title_end = texts[j].title_end;
			tx[j].tail_start = texts[j].tail_start;
			tx[j].nindexed = texts[j].nindexed;
			tx[j].canon = texts[j].canon;
			tx[j].members = (uint32_t)nmem;
			tx[j].nmembers = (uint32_t)texts[j].nmembers;
			for (k = 0; k < texts[j].nmembers; k++) {
				dpg_grow(&members, &memcap, nmem + 1,
					 sizeof(*members));
				members[nmem++] = (uint16_t)texts[j].members[k];
			}
		}
		h.off_text = put(f, &pos, tx, ntexts * sizeof(*tx));
		h.off_members = put(f, &pos, members, nmem * sizeof(*members));
		h.off_vocab_words = put(f, &pos, v.word_str,
					(v.nwords + 1) * sizeof(uint32_t));
		/* vocabulary slots: (string offset + 1, id) pairs, rehashed
		 * into the smallest power of two at most a third full */
		vslots_n = 1024;
		while (vslots_n < 3 * v.nentries)
			vslots_n <<= 1;
		vslots = xcalloc(2 * (size_t)vslots_n, sizeof(uint32_t));
		for (i = 0; i < VOCAB_SLOTS; i++) {
			const char *w;
			uint32_t s;
			if (!v.slot_str[i])
				continue;
			w = v.strings + v.slot_str[i] - 1;
			s = dpg_lic_word_hash(w, strlen(w)) & (vslots_n - 1);
			while (vslots[2 * s])
				s = (s + 1) & (vslots_n - 1);
			vslots[2 * s] = v.slot_str[i];
			vslots[2 * s + 1] = v.slot_id[i];
		}
		h.off_vocab_slots =
			put(f, &pos, vslots,
			    2 * (size_t)vslots_n * sizeof(uint32_t));
		/* and from the next 64-byte boundary (the blob is aligned
		 * so) the words in buckets of a cache line, as the
		 * tokenizer looks them up (normalize.c) */
		while (pos % 64) {
			fputc(0, f);
			pos++;
		}
		{
			void *bk = xcalloc((size_t)vslots_n, 8);
			size_t nbk = dpg_lic_vocab_buckets(vslots, v.strings,
							   vslots_n, bk);
			if (fwrite(bk, 1, nbk, f) != nbk) {
				fprintf(stderr, "gen-license-index: write "
						"failed\n");
				return 1;
			}
			pos += (long)nbk;
			free(bk);
		}
		if (v.nwords >= 65535) {
			fprintf(stderr, "gen-license-index: vocabulary over "
					"65535 words\n");
			return 1;
		}
		tokens = xcalloc(all.n ? all.n : 1, sizeof(*tokens));
		for (i = 0; i < all.n; i++)
			tokens[i] = (uint16_t)all.v[i].id;
		h.off_tokens = put(f, &pos, tokens, all.n * sizeof(*tokens));
		h.off_gram_slots =
			put(f, &pos, grams, gram_slots * sizeof(*grams));
		h.off_postings = put(f, &pos, post, npost * sizeof(*post));
		h.off_strings = put(f, &pos, v.strings, v.slen);
		/* a Bloom filter of 16 bits per indexed trigram, in front of
		 * the table: most words of a source file are in no license;
		 * blocked (index.h) */
		{
			uint32_t bits = 1u << 16;
			uint64_t *bloom;
			while (bits < 16 * ngrams)
				bits <<= 1;
			bloom = xcalloc(bits / 64, sizeof(uint64_t));
			for (i = 0; i < gram_slots; i++)
				if (grams[i].key)
					dpg_lic_bloom_add(bloom, bits,
							  grams[i].key);
			/* on a cache line: a key's two bits are in one line
			 * (index.h; the blob is 64-byte aligned) */
			while (pos % 64) {
				fputc(0, f);
				pos++;
			}
			h.off_bloom = put(f, &pos, bloom, bits / 8);
			h.bloom_bits = bits;
		}
		/* each text's trigram map, as the matcher would build it for
		 * its first alignment step on the whole text (index.h) */
		{
			struct dpg_lic_tmap *tm =
				xcalloc(ntexts ? ntexts : 1, sizeof(*tm));
			for (j = 0; j < ntexts; j++) {
				uint32_t n = texts[j].ntok;
				size_t cap = dpg_lic_map_slots(n);
				size_t nu = ((size_t)n + 63) / 64;
				struct dpg_lic_slot *sl =
					xcalloc(cap, sizeof(*sl));
				uint64_t *filt = xcalloc(cap / 16, 8);
				uint64_t *uniq = xmalloc(nu ? nu * 8 : 8);
				memset(uniq, 0xff, nu * 8);
				dpg_lic_map_fill(sl, cap, filt,
						 tokens + texts[j].tok_off, 0,
						 n, uniq);
				tm[j].cap = (uint32_t)cap;
				tm[j].slots =
					put(f, &pos, sl, cap * sizeof(*sl));
				tm[j].filt = put(f, &pos, filt, cap / 16 * 8);
				tm[j].uniq = put(f, &pos, uniq, nu * 8);
				free(sl);
				free(filt);
				free(uniq);
			}
			h.off_maps = put(f, &pos, tm, ntexts * sizeof(*tm));
			free(tm);
		}
		align8(f, &pos);
		h.magic = DPG_LIC_MAGIC;
		h.nlic = (uint32_t)nlic;
		h.ntext = (uint32_t)ntexts;
		h.nvocab = (uint32_t)v.nwords;
		h.vocab_slots = vslots_n;
		h.gram_slots = gram_slots;
		h.ntokens = (uint32_t)all.n;
		h.npostings = (uint32_t)npost;
		h.size = (uint32_t)pos;
		if (fseek(f, 0, SEEK_SET) != 0 ||
		    fwrite(&h, sizeof(h), 1, f) != 1 || fclose(f) != 0) {
			fprintf(stderr, "gen-license-index: write failed\n");
			return 1;
		}
		fprintf(stderr,
			"gen-license-index: %zu licenses, %zu texts, %zu words "
			"(%zu vocabulary entries), %zu tokens, %u trigrams "
			"indexed (%u stop-grams), %zu postings, %ld bytes\n",
			nlic, ntexts, v.nwords, v.nentries, all.n, ngrams,
			nstop, npost, pos);
	}

	/* the C side: license table and the .incbin of the blob */
	f = fopen(argv[3], "w");
	if (!f) {
		fprintf(stderr, "gen-license-index: cannot write '%s'\n",
			argv[3]);
		return 1;
	}
	fprintf(f,
		"/* Generated by tools/gen-license-index from %s: do not "
		"edit. */\n",
		argv[1]);
	fprintf(f, "#include <stddef.h>\n#include \"dpg/license.h\"\n\n");
	fprintf(f, "const size_t dpg_lic_ninfos = %zu;\n", nlic);
	fprintf(f, "const struct dpg_license_info dpg_lic_infos[] = {\n");
	for (i = 0; i < nlic; i++) {
		fprintf(f, "\t{");
		c_string(f, lics[i].id);
		fprintf(f, ", ");
		c_string(f, lics[i].name);
		fprintf(f, ", %d, %d, %d},\n", lics[i].osi,
			lics[i].textidx >= 0, lics[i].deprecated);
	}
	fprintf(f, "};\n\n");
	fprintf(f,
		"__asm__(\".section .rodata\\n\"\n"
		"\t\".balign 64\\n\"\n"
		"\t\".global dpg_lic_blob\\n\"\n"
		"\t\"dpg_lic_blob:\\n\"\n"
		"\t\".incbin \\\"%s\\\"\\n\"\n"
		"\t\".byte 0\\n\"\n"
		"\t\".previous\\n\");\n",
		argv[2]);
	if (fclose(f) != 0) {
		fprintf(stderr, "gen-license-index: write failed\n");
		return 1;
	}
	dpg_arena_release(&arena);
	return 0;
}
