/*
 * test_lic_tokenize.c: the license tokenizer (src/license/normalize.c) on
 * the cases its word reader and token pusher treat apart: words cut at
 * 64 bytes, UTF-8 letters inside words, the two-word joins and "copyright
 * holder", the copyright sign, HTML tags (and a '>' too far away) and
 * entities; each token's word, line, offset and length, and the hash the
 * intern function is given.  And the vocabulary's fast tables
 * (dpg_lic_vocab_tags()) against its plain lookup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dpg/util.h"
#include "test.h"
#include "../../src/license/index.h"
#include "dpg/banned.h"

/* An intern function that keeps the words it is given (ids from 1). */
struct words {
	char w[64][80];
	size_t n;
	int bad_hash;
};

static uint32_t keep(void *ctx, const char *w, size_t n, uint32_t hash)
{
	struct words *v = ctx;

	if (hash != dpg_lic_word_hash(w, n))
		v->bad_hash = 1;
	if (v->n == 64 || n >= sizeof(v->w[0]))
		return 0;
	memcpy(v->w[v->n], w, n);
	v->w[v->n][n] = 0;
	return (uint32_t)++v->n;
}

/* The words of text joined by spaces into out (its tokens into t). */
static void words_of(const char *text, struct words *v, struct dpg_lic_toks *t,
		     char *out, size_t cap)
{
	size_t k, o = 0;

	memset(v, 0, sizeof(*v));
	t->n = 0;
	dpg_lic_tokenize(text, 0, strlen(text), 1, keep, v, t);
	out[0] = 0;
	for (k = 0; k < t->n; k++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s", k ? " " : "",
				      t->v[k].id ? v->w[t->v[k].id - 1] : "?");
}

TEST(test_lic_tokenize__words_and_joins)
{
	struct words v;
	struct dpg_lic_toks t = {0};
	char out[1024];

	words_of("You may Sub-License it, 5 per cent; non commercial use\n"
		 "by the Copyright Holders.\n",
		 &v, &t, out, sizeof(out));
	CHECK_STR(out, "you may sublicense it 5 percent noncommercial use by "
		       "the copyright owners");
	CHECK(!v.bad_hash);
	/* a joined word spans both source words */
	CHECK_INT(t.v[2].off, 8);
	CHECK_INT(t.v[2].len, 11);
	CHECK_INT(t.v[11].line, 2);
	CHECK_INT(t.v[11].off, 72);
	CHECK_INT(t.v[11].len, 7);
	free(t.v);
}

TEST(test_lic_tokenize__long_and_utf8_words)
{
	struct words v;
	struct dpg_lic_toks t = {0};
	char text[512], want[128], out[1024];
	size_t k;

	/* 70 letters then a UTF-8 letter and more: one word, cut at 64 */
	for (k = 0; k < 70; k++)
		text[k] = (char)('A' + k % 26);
	snprintf(text + 70, sizeof(text) - 70, "%s",
		 "\xc3\xa9x end Caf\xc3\xa9s \xc2\xa9 x\xe2\x80\x94y");
	for (k = 0; k < 64; k++)
		want[k] = (char)('a' + k % 26);
	snprintf(want + 64, sizeof(want) - 64, " end caf\xc3\xa9s c x y");
	words_of(text, &v, &t, out, sizeof(out));
	CHECK_STR(out, want);
	CHECK(!v.bad_hash);
	CHECK_INT(t.v[0].len, 73); /* the whole word, cut or not */
	CHECK_INT(t.v[2].len, 6);  /* "Cafés" */
	CHECK_INT(t.v[3].len, 2);  /* the copyright sign */
	free(t.v);
}

TEST(test_lic_tokenize__html)
{
	struct words v;
	struct dpg_lic_toks t = {0};
	char text[1200], out[1024];
	size_t n;

	words_of("<p class=\"x\">Permission&nbsp;is <b>granted</b> &copy; "
		 "a&lt;b <notatag> <br/>",
		 &v, &t, out, sizeof(out));
	CHECK_STR(out, "permission is granted c a b notatag");
	CHECK(!v.bad_hash);
	/* a tag whose '>' is 512 bytes or more away is no tag */
	n = (size_t)snprintf(text, sizeof(text), "<a href=\"");
	memset(text + n, '-', 600);
	snprintf(text + n + 600, sizeof(text) - n - 600, "\">word");
	words_of(text, &v, &t, out, sizeof(out));
	CHECK_STR(out, "a href word");
	free(t.v);
}

/* The plain lookup: the blob's table walked, string by string. */
static uint32_t plain_find(void *ctx, const char *w, size_t n, uint32_t hash)
{
	const struct dpg_lic_header *h = dpg_lic_hdr();

	(void)ctx;
	return dpg_lic_vocab_get(
		NULL,
		(const uint32_t *)(const void *)(dpg_lic_blob +
						 h->off_vocab_slots),
		(const char *)dpg_lic_blob + h->off_strings, h->vocab_slots,
		NULL, w, n, hash);
}

/* The lookup without the tables (the blob's buckets) when it answers as
 * the plain one, else an id no word has. */
static uint32_t both_find(const char *w, size_t n, uint32_t hash)
{
	uint32_t id = plain_find(NULL, w, n, hash);

	return dpg_lic_vocab_find(NULL, w, n, hash) == id ? id : 0xffffffffu;
}

/* The lookup's fast tables answer as the blob's table does: every word
 * of the vocabulary, its prefixes and a longer word, every one-byte word
 * and every pair of letters or digits. */
TEST(test_lic_tokenize__vocab_tables)
{
	const struct dpg_lic_header *h = dpg_lic_hdr();
	void *fast = (void *)dpg_lic_vocab_tags();
	static const char an[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char w[80];
	uint32_t id, a, b, found = 0;
	size_t k, n;

	CHECK(fast != NULL);
	for (id = 1; id <= h->nvocab; id++) {
		const char *s = dpg_lic_word(id);
		n = strlen(s);
		for (k = 1; k <= n; k++)
			CHECK_INT(dpg_lic_vocab_find(fast, s, k,
						     dpg_lic_word_hash(s, k)),
				  both_find(s, k, dpg_lic_word_hash(s, k)));
		CHECK_INT(
			dpg_lic_vocab_find(fast, s, n, dpg_lic_word_hash(s, n)),
			id);
		if (n + 1 < sizeof(w)) {
			memcpy(w, s, n);
			w[n] = 'q';
			CHECK_INT(
				dpg_lic_vocab_find(fast, w, n + 1,
						   dpg_lic_word_hash(w, n + 1)),
				both_find(w, n + 1,
					  dpg_lic_word_hash(w, n + 1)));
		}
	}
	for (a = 0; a < 256; a++) {
		w[0] = (char)a;
		id = dpg_lic_vocab_find(fast, w, 1, dpg_lic_word_hash(w, 1));
		CHECK_INT(id, both_find(w, 1, dpg_lic_word_hash(w, 1)));
		found += id != 0;
	}
	CHECK(found >= 26);
	for (a = 0; a < 36; a++)
		for (b = 0; b < 36; b++) {
			w[0] = an[a];
			w[1] = an[b];
			CHECK_INT(dpg_lic_vocab_find(fast, w, 2,
						     dpg_lic_word_hash(w, 2)),
				  both_find(w, 2, dpg_lic_word_hash(w, 2)));
		}
	/* "of" and "or" are words of every license */
	CHECK(dpg_lic_vocab_find(fast, "of", 2, dpg_lic_word_hash("of", 2)));
	CHECK(dpg_lic_vocab_find(fast, "or", 2, dpg_lic_word_hash("or", 2)));
}

/*
 * The buckets' comparison (words of up to 14 bytes, normalize.c) on words
 * that reach it with another word's hash, so in its bucket: each word of
 * the vocabulary with one of its bytes changed (each place in turn, to a
 * letter, a digit or a byte >= 0x80), or cut by a byte, or a byte longer,
 * looked up with the hash of the word unchanged (words of 3 bytes or
 * more).  The answer is
 * 0 or the word's own id, never another's: a comparison that skips a byte
 * of the sixteen, or reads the id's bytes as the word's, is caught.
 */
/* 0 when the lookup of w (n bytes) by the hash of another word, hs, gives
 * 0 or w's id, else 1 (another word's id). */
static size_t wrong_id(void *fast, const char *w, size_t n, uint32_t hs)
{
	uint32_t got = dpg_lic_vocab_find(fast, w, n, hs);

	return got != 0 && got != both_find(w, n, dpg_lic_word_hash(w, n));
}

TEST(test_lic_tokenize__vocab_bucket_bytes)
{
	const struct dpg_lic_header *h = dpg_lic_hdr();
	void *fast = (void *)dpg_lic_vocab_tags();
	static const char with[] = "aqz05\x80\xe9";
	size_t n, k, c, asked = 0, differ = 0;
	uint32_t id, hs;
	char w[17];

	for (id = 1; id <= h->nvocab; id++) {
		const char *s = dpg_lic_word(id);
		n = strlen(s);
		if (n < 3 || n > 15)
			continue;
		hs = dpg_lic_word_hash(s, n);
		memcpy(w, s, n);
		for (k = 0; k < n; k++)
			for (c = 0; c < sizeof(with) - 1; c++) {
				if (s[k] == with[c])
					continue;
				w[k] = with[c];
				asked++;
				differ += wrong_id(fast, w, n, hs);
				w[k] = s[k];
			}
		/* cut, and a byte longer (the longest: past the buckets) */
		differ += n > 3 && wrong_id(fast, s, n - 1, hs);
		w[n] = 'e';
		differ += wrong_id(fast, w, n + 1, hs);
		asked += 2;
		/* and itself, by its own hash */
		differ += dpg_lic_vocab_find(fast, s, n, hs) != id;
	}
	printf("  %zu words asked with another's hash\n", asked);
	CHECK(asked > 300000);
	CHECK_INT(differ, 0);
}

/* The vocabulary's hash as normalize.c defines it, byte by byte: the
 * word's bytes as 64-bit little-endian words (zero after it), the first
 * two mixed by two multiplications, each next one by one. */
static uint32_t ref_hash(const char *w, size_t n)
{
	const uint64_t k0 = 0x9E3779B97F4A7C15ull, k1 = 0xC2B2AE3D27D4EB4Full;
	uint64_t c[64] = {0}, h;
	size_t j;

	for (j = 0; j < n && j < 8 * 64; j++)
		c[j / 8] |= (uint64_t)(unsigned char)w[j] << (8 * (j % 8));
	h = c[0] * k0 + c[1] * k1 + n;
	for (j = 2; 8 * j < n; j++)
		h = (h ^ c[j]) * k0;
	return (uint32_t)(h ^ h >> 32);
}

static void hashes_same(const char *path, const char *s, size_t len, void *ctx)
{
	size_t *c = ctx, k, n;

	(void)path;
	for (k = 0; k + 80 < len; k += 7)
		for (n = 0; n <= 70; n++)
			c[0] += dpg_lic_word_hash(s + k, n) !=
				ref_hash(s + k, n);
	c[1]++;
}

/*
 * dpg_lic_word_hash() (its sixteen bytes read by loads) against the hash
 * read byte by byte: every word of the vocabulary, and every piece of 0
 * to 70 bytes at every seventh byte of the SPDX list and a few texts.
 */
TEST(test_lic_tokenize__word_hash)
{
	const struct dpg_lic_header *h = dpg_lic_hdr();
	size_t c[2] = {0, 0};
	uint32_t id;
	char *t = xmalloc(1u << 20);

	for (id = 1; id <= h->nvocab; id++) {
		const char *w = dpg_lic_word(id);
		c[0] += dpg_lic_word_hash(w, strlen(w)) !=
			ref_hash(w, strlen(w));
	}
	test_each_listed("printf '%s\\n' docs/LICENSE-MATCHING.md LICENSE "
			 "src/license/normalize.c",
			 t, 1u << 20, hashes_same, c);
	free(t);
	CHECK_INT(c[1], 3);
	CHECK_INT(c[0], 0);
}

/* The inverse of an odd k modulo 2^64 (Newton's iteration). */
static uint64_t inverse64(uint64_t k)
{
	uint64_t x = k;
	int i;

	for (i = 0; i < 6; i++)
		x *= 2 - k * x;
	return x;
}

/*
 * A word of n bytes with the hash of s (n bytes too) that differs from it
 * only in its first eight bytes (half 0) or only in the next eight (half
 * 1): normalize.c's hash of a word of up to 16 bytes is h = c0 * K0 + c1
 * * K1 + n, folded as the low half of h xor the high, so c0 or c1 moved by
 * (h' - h) / K (mod 2^64) gives any h' folding to the same.  0 when none
 * was found keeping w's bytes past n zero and those before not (tries).
 */
static int same_hash_word(const char *s, size_t n, int half, uint32_t *seed,
			  char *w)
{
	const uint64_t k[2] = {0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full};
	unsigned char b[16] = {0};
	uint64_t c[2], h, d, x;
	size_t t, j;

	memcpy(b, s, n);
	memcpy(&c[0], b, 8); /* little-endian, as le64() reads */
	memcpy(&c[1], b + 8, 8);
	h = c[0] * k[0] + c[1] * k[1] + n;
	for (t = 0; t < 100000; t++) {
		uint32_t lo, hi;
		*seed = *seed * 1103515245u + 12345u;
		lo = *seed ^ (uint32_t)t << 7;
		hi = lo ^ (uint32_t)h ^ (uint32_t)(h >> 32);
		d = ((uint64_t)hi << 32 | lo) - h;
		x = c[half] + d * inverse64(k[half]);
		memcpy(b + 8 * half, &x, 8);
		for (j = 0; j < 16 && (j < n ? b[j] != 0 : b[j] == 0); j++)
			;
		if (j == 16 && x != c[half]) {
			memcpy(w, b, n);
			return 1;
		}
	}
	return 0;
}

/*
 * The fast lookup's comparison on words that reach it with another
 * word's hash, made to differ from a word of the vocabulary in its first
 * eight bytes only (7 to 16 bytes long) or in those after (15 and 16):
 * every answer is the plain lookup's (0), so a comparison that skips
 * either of its two loads is caught.
 */
TEST(test_lic_tokenize__vocab_same_hash)
{
	const struct dpg_lic_header *h = dpg_lic_hdr();
	void *fast = (void *)dpg_lic_vocab_tags();
	size_t n, made[2] = {0, 0}, differ = 0;
	uint32_t id, seed = 7;
	int half;
	char w[16];

	for (id = 1; id <= h->nvocab; id++) {
		const char *s = dpg_lic_word(id);
		n = strlen(s);
		for (half = 0; half < 2; half++) {
			uint32_t hw;
			if (n < (half ? 15u : 7u) || n > 16 ||
			    !same_hash_word(s, n, half, &seed, w))
				continue;
			hw = dpg_lic_word_hash(w, n);
			if (hw != dpg_lic_word_hash(s, n))
				continue; /* the hash is not as above */
			made[half]++;
			if (dpg_lic_vocab_find(fast, w, n, hw) !=
				    both_find(w, n, hw) ||
			    dpg_lic_vocab_find(fast, s, n, hw) != id)
				differ++;
		}
	}
	printf("  %zu words with another's hash (%zu differ in their first "
	       "8 bytes, %zu after)\n",
	       made[0] + made[1], made[0], made[1]);
	CHECK(made[0] >= 100);
	CHECK(made[1] >= 20);
	CHECK_INT(differ, 0);
}

/* An intern function for comparing tokenizers: an id made from the word
 * by a hash of the test's own; a wrong hash given is counted. */
static uint32_t word_id(void *ctx, const char *w, size_t n, uint32_t hash)
{
	uint32_t h = 2166136261u;
	size_t k;

	if (hash != dpg_lic_word_hash(w, n))
		++*(size_t *)ctx;
	for (k = 0; k < n; k++)
		h = (h ^ (unsigned char)w[k]) * 16777619u;
	return h | 1;
}

/* Whether text[start..end) gives the same tokens and line read byte by
 * byte and sixteen bytes at a time (*ntok: the tokens). */
static int same_both_ways(const char *text, size_t start, size_t end,
			  size_t *ntok)
{
	static struct dpg_lic_toks a, b;
	size_t bad = 0;
	uint32_t la, lb;
	int same;

	a.n = b.n = 0;
	dpg_lic_tokenize_plain = 1;
	la = dpg_lic_tokenize(text, start, end, 1, word_id, &bad, &a);
	dpg_lic_tokenize_plain = 0;
	lb = dpg_lic_tokenize(text, start, end, 1, word_id, &bad, &b);
	same = !bad && la == lb && a.n == b.n &&
	       !memcmp(a.v, b.v, a.n * sizeof(*a.v));
	*ntok += a.n;
	if (!same)
		printf("  differs in [%zu, %zu): %zu and %zu tokens, %zu "
		       "hashes wrong\n",
		       start, end, a.n, b.n, bad);
	return same;
}

/*
 * Whether text[0..len) gives the same tokens (id, line, offset, length)
 * with the vocabulary's tables, looked up inline by the tokenizer, as with
 * its plain lookup through the intern function (*ntok: the tokens, *known:
 * those of a word of the vocabulary).
 */
static int same_vocab_ids(const char *text, size_t len, size_t *ntok,
			  size_t *known)
{
	static struct dpg_lic_toks a, b, c, d;
	void *fast = (void *)dpg_lic_vocab_tags();
	uint32_t la, lb, lc, ld;
	size_t k;
	int same;

	a.n = b.n = c.n = d.n = 0;
	la = dpg_lic_tokenize(text, 0, len, 1, plain_find, NULL, &a);
	lb = dpg_lic_tokenize(text, 0, len, 1, dpg_lic_vocab_find, fast, &b);
	dpg_lic_tokenize_plain = 1; /* the tables through the function */
	lc = dpg_lic_tokenize(text, 0, len, 1, dpg_lic_vocab_find, fast, &c);
	dpg_lic_tokenize_plain = 0;
	/* the blob's buckets, without the tables */
	ld = dpg_lic_tokenize(text, 0, len, 1, dpg_lic_vocab_find, NULL, &d);
	*ntok += a.n;
	for (k = 0; k < a.n; k++)
		*known += a.v[k].id != 0;
	same = la == lb && la == lc && la == ld && a.n == b.n && a.n == c.n &&
	       a.n == d.n && !memcmp(a.v, b.v, a.n * sizeof(*a.v)) &&
	       !memcmp(a.v, c.v, a.n * sizeof(*a.v)) &&
	       !memcmp(a.v, d.v, a.n * sizeof(*a.v));
	if (!same)
		printf("  ids differ in a text of %zu bytes: %zu, %zu and "
		       "%zu tokens\n",
		       len, a.n, b.n, c.n);
	return same;
}

static void file_ids_same(const char *path, const char *s, size_t len,
			  void *ctx)
{
	size_t *c = ctx;

	(void)path;
	c[0] += !same_vocab_ids(s, len, &c[1], &c[2]);
	c[3]++;
}

/* A text of the pieces the tokenizer treats apart, at random. */
static void random_text(char *t, size_t len, uint32_t *seed)
{
	static const char *const pieces[] = {
		" ",
		"  ",
		"\n",
		"\r\n",
		"\t",
		".",
		",",
		"-",
		"*",
		"(a) ",
		"1. ",
		"//",
		"#",
		"a",
		"Ab",
		"GPL",
		"x9",
		"word",
		"License",
		"Licensing",
		"sublicense",
		"0123456789abcdef",
		"ABCDEFGHIJKLMNOPQ",
		"\xc3\xa9",
		"caf\xc3\xa9",
		"\xe2\x80\x94",
		"\xc2\xa9",
		"\xc2\xa0",
		"\xff",
		"&copy;",
		"&amp;",
		"&#39;",
		"&x",
		"<p>",
		"</b>",
		"<br/>",
		"<notatag>",
		"<",
		">",
		"Copyright (c) 2020 X",
		"All rights reserved.",
		"per cent",
		"sub license",
		"copyright holders",
		"_",
		"@",
		"\x01",
	};
	size_t o = 0;

	while (o < len) {
		const char *p;
		size_t n;
		*seed = *seed * 1103515245u + 12345u;
		p = pieces[(*seed >> 16) % DPG_ARRAY_SIZE(pieces)];
		n = strlen(p);
		if (n > len - o)
			n = len - o;
		memcpy(t + o, p, n);
		o += n;
	}
}

/*
 * The tokenizer's sixteen-byte reads (words, runs of punctuation) against
 * its byte loop: the same tokens (word, line, offset, length) and line
 * count on real text (the SPDX list, this repository's documents and
 * license code), on the same texts cut at every offset near the ends (the
 * reads stop sixteen bytes before the end), and on random texts of the
 * pieces it treats apart.
 */
TEST(test_lic_tokenize__sixteen_same)
{
	static const char *const files[] = {
		"data/spdx-license-list/spdx-full.json",
		"README.md",
		"docs/LICENSE-MATCHING.md",
		"docs/LICENSES.md",
		"src/license/normalize.c",
		"src/license/names.c",
		"LICENSE",
	};
	size_t f, k, ntok = 0, differ = 0, nfiles = 0;
	uint32_t seed = 12345;
	char rt[4096];

	for (f = 0; f < DPG_ARRAY_SIZE(files); f++) {
		FILE *fp = fopen(files[f], "rb");
		char *t;
		size_t len;
		if (!fp) {
			printf("  cannot open %s\n", files[f]);
			continue;
		}
		t = xmalloc(8u << 20);
		len = fread(t, 1, 8u << 20, fp);
		fclose(fp);
		nfiles++;
		differ += !same_both_ways(t, 0, len, &ntok);
		/* cut at the start and at the end (of the first and last
		 * 64 KiB: the rest is read as above) */
		for (k = 0; k < 40 && k < len; k++) {
			size_t cut = len > k + 65536 ? len - 65536 : 0;
			differ += !same_both_ways(
				t, k, len > k + 65536 ? k + 65536 : len, &ntok);
			differ += !same_both_ways(t, cut, len - k, &ntok);
		}
		free(t);
	}
	for (k = 0; k < 3000; k++) {
		size_t len = 1 + (k * 7) % sizeof(rt);
		random_text(rt, len, &seed);
		differ += !same_both_ways(rt, 0, len, &ntok);
	}
	printf("  %zu files, %zu tokens compared\n", nfiles, ntok);
	CHECK_INT(nfiles, DPG_ARRAY_SIZE(files));
	CHECK(ntok > 500000);
	CHECK_INT(differ, 0);
}

struct code_texts {
	size_t differ, ntok, known;
};

static void code_same(const char *path, const char *s, size_t len, void *ctx)
{
	struct code_texts *c = ctx;
	size_t k;

	(void)path;
	c->differ += !same_both_ways(s, 0, len, &c->ntok);
	c->differ += !same_vocab_ids(s, len, &c->ntok, &c->known);
	/* the 64-byte reads stop 80 bytes before the end: cut near it */
	for (k = 1; k < 100 && k < len; k += 7)
		c->differ += !same_both_ways(s, k, len - k, &c->ntok);
}

/*
 * The tokenizer's 64-byte reads of long lines (minified JavaScript and
 * source maps: a word every few bytes) against its byte loop and its
 * plain lookup: the same tokens on the JavaScript and source maps of
 * /usr/share/javascript and npm, the SPDX list (a license a line), and
 * random texts of the pieces the tokenizer treats apart on lines of up
 * to 4 KiB (long words, UTF-8 in and after words, entities and tags
 * anywhere in the 64 bytes).
 */
TEST(test_lic_tokenize__blocks_same)
{
	struct code_texts c = {0, 0, 0};
	uint32_t seed = 4242;
	size_t k, j, files;
	char rt[4096];
	char *t = xmalloc(8u << 20);

	files = test_each_listed(
		"ls /usr/share/javascript/*/*.js /usr/share/javascript/*/*.map "
		"/usr/lib/node_modules/npm/node_modules/*/dist/*.min.js "
		"/usr/lib/node_modules/npm/node_modules/*/dist/*/*.min.js "
		"2>/dev/null | head -40; echo "
		"data/spdx-license-list/spdx-full.json",
		t, 8u << 20, code_same, &c);
	free(t);
	for (k = 0; k < 3000; k++) {
		size_t len = 1 + (k * 11) % sizeof(rt);
		random_text(rt, len, &seed);
		for (j = 0; j < len && k % 2; j++)
			if (rt[j] == '\n')
				rt[j] = ' '; /* one long line */
		c.differ += !same_both_ways(rt, 0, len, &c.ntok);
		c.differ += !same_vocab_ids(rt, len, &c.ntok, &c.known);
	}
	printf("  %zu files, %zu tokens (%zu known) compared\n", files, c.ntok,
	       c.known);
	CHECK(files >= 1);
	CHECK(c.ntok > 1000000);
	CHECK_INT(c.differ, 0);
}

/* Whether the tag and the words around it give "x y" (the tag skipped)
 * both ways; *differ counts texts the two ways tokenize apart. */
static int tag_skipped(const char *text, size_t *differ, size_t *ntok)
{
	struct words v;
	struct dpg_lic_toks t = {0};
	char out[256];

	*differ += !same_both_ways(text, 0, strlen(text), ntok);
	words_of(text, &v, &t, out, sizeof(out));
	free(t.v);
	return !strcmp(out, "x y");
}

struct pages {
	size_t differ, ntok;
};

static void page_same(const char *path, const char *s, size_t len, void *ctx)
{
	struct pages *c = ctx;

	(void)path;
	c->differ += !same_both_ways(s, 0, len, &c->ntok);
}

/*
 * HTML tag names looked up at their slot (skip_html_tag()) against the
 * byte loop's search of the sorted list: each tag is skipped (lower or
 * upper case, opening or closing), and every name of one or two letters
 * or digits, each tag with a byte more or less, and the HTML pages of
 * /usr/share/doc give the same tokens both ways.
 */
TEST(test_lic_tokenize__html_tags)
{
	static const char *const tags[] = {
		"a",	 "b",	    "blockquote", "body", "br",	    "center",
		"code",	 "dd",	    "div",	  "dl",	  "dt",	    "em",
		"font",	 "h1",	    "h2",	  "h3",	  "h4",	    "h5",
		"h6",	 "head",    "hr",	  "html", "i",	    "img",
		"li",	 "link",    "meta",	  "nav",  "ol",	    "p",
		"pre",	 "section", "small",	  "span", "strong", "sub",
		"sup",	 "table",   "tbody",	  "td",	  "th",	    "thead",
		"title", "tr",	    "tt",	  "u",	  "ul",
	};
	static const char an[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char text[128], name[16];
	size_t k, a, b, differ = 0, ntok = 0, skipped = 0, nfiles = 0;
	struct pages c = {0, 0};
	char *t;

	for (k = 0; k < DPG_ARRAY_SIZE(tags); k++) {
		size_t len = strlen(tags[k]);
		snprintf(text, sizeof(text), "x <%s class=\"q\">y</%s>",
			 tags[k], tags[k]);
		skipped += tag_skipped(text, &differ, &ntok);
		for (a = 0; a < len; a++)
			name[a] = (char)(tags[k][a] - 'a' + 'A');
		name[len] = 0;
		if (tags[k][len - 1] <= '9')
			name[len - 1] = tags[k][len - 1];
		snprintf(text, sizeof(text), "x <%s>y", name);
		skipped += tag_skipped(text, &differ, &ntok);
		/* a byte more, a byte less */
		snprintf(text, sizeof(text), "x <%se>y <%.*s>", tags[k],
			 (int)len - 1, tags[k]);
		differ += !same_both_ways(text, 0, strlen(text), &ntok);
	}
	CHECK_INT(skipped, 2 * DPG_ARRAY_SIZE(tags));
	for (a = 0; a < sizeof(an) - 1; a++)
		for (b = 0; b < sizeof(an); b++) {
			snprintf(text, sizeof(text), "x <%c%c>y</%c%c >z",
				 an[a], an[b], an[a], an[b]);
			differ += !same_both_ways(text, 0, strlen(text), &ntok);
		}
	t = xmalloc(1u << 20);
	nfiles = test_each_listed("ls /usr/share/doc/*/*.html 2>/dev/null | "
				  "head -100",
				  t, 1u << 20, page_same, &c);
	free(t);
	differ += c.differ;
	ntok += c.ntok;
	printf("  %zu HTML pages, %zu tokens compared\n", nfiles, ntok);
	CHECK_INT(differ, 0);
}

/*
 * The tokenizer's inline lookup in the vocabulary's tables (the ids of
 * words pushed, looked up a few at a time) against the plain lookup given
 * as the intern function: the same tokens on the SPDX list, the copyright
 * files and HTML pages of /usr/share/doc, and random texts of the pieces
 * the tokenizer treats apart (joins, "copyright holders", long words).
 */
TEST(test_lic_tokenize__vocab_inline)
{
	size_t c[4] = {0, 0, 0, 0}, k;
	uint32_t seed = 99;
	char rt[4096];
	char *t = xmalloc(8u << 20);

	test_each_listed("printf '%s\\n' data/spdx-license-list/spdx-full.json "
			 "docs/LICENSE-MATCHING.md LICENSE",
			 t, 8u << 20, file_ids_same, c);
	test_each_listed("ls /usr/share/doc/*/copyright 2>/dev/null | "
			 "head -400; ls /usr/share/doc/*/*.html 2>/dev/null | "
			 "head -50",
			 t, 1u << 20, file_ids_same, c);
	free(t);
	for (k = 0; k < 2000; k++) {
		size_t len = 1 + (k * 13) % sizeof(rt);
		random_text(rt, len, &seed);
		c[0] += !same_vocab_ids(rt, len, &c[1], &c[2]);
	}
	printf("  %zu files, %zu tokens (%zu known) compared\n", c[3], c[1],
	       c[2]);
	CHECK(c[3] >= 3);
	CHECK(c[2] > 300000);
	CHECK_INT(c[0], 0);
}

TEST_MAIN("test_lic_tokenize", T(test_lic_tokenize__words_and_joins),
	  T(test_lic_tokenize__vocab_tables), T(test_lic_tokenize__word_hash),
	  T(test_lic_tokenize__vocab_bucket_bytes),
	  T(test_lic_tokenize__vocab_inline),
	  T(test_lic_tokenize__vocab_same_hash),
	  T(test_lic_tokenize__long_and_utf8_words), T(test_lic_tokenize__html),
	  T(test_lic_tokenize__sixteen_same), T(test_lic_tokenize__blocks_same),
	  T(test_lic_tokenize__html_tags))
