/*
 * test_inflate_head.c: source_inflate_head (src/source/inflate_head.c)
 * gives the first bytes zlib gives, on streams zlib writes in every way it
 * can (stored, fixed and dynamic codes, Huffman only, runs, many blocks),
 * of real text, random bytes and runs; and on a stream cut short or with a
 * byte changed, it gives either those same bytes or nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../../src/source/source_int.h"
#include "dpg/buf.h"
#include "dpg/util.h"
#include "test.h"

/* (size_t)-1: the whole stream */
static const size_t wants[] = {1, 2, 3, 7, 20, 64, 300, 5000, (size_t)-1};

/* Compress src[0..n) with level and strategy; what zlib wrote, in z. */
static size_t squeeze(const unsigned char *src, size_t n, int level,
		      int strategy, unsigned char *z, size_t cap)
{
	z_stream s;
	size_t out;

	memset(&s, 0, sizeof(s));
	if (deflateInit2(&s, level, Z_DEFLATED, 15, 8, strategy) != Z_OK)
		return 0;
	s.next_in = (unsigned char *)(uintptr_t)src;
	s.avail_in = (unsigned int)n;
	s.next_out = z;
	s.avail_out = (unsigned int)cap;
	if (deflate(&s, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&s);
		return 0;
	}
	out = s.total_out;
	deflateEnd(&s);
	return out;
}

/* src compressed a few bytes at a time, each flushed: a block (stored,
 * fixed or dynamic) and an empty stored block after each. */
static size_t squeeze_flushed(const unsigned char *src, size_t n, int level,
			      unsigned char *z, size_t cap)
{
	z_stream s;
	size_t at = 0, out;
	int rc = Z_OK;

	memset(&s, 0, sizeof(s));
	if (deflateInit(&s, level) != Z_OK)
		return 0;
	s.next_out = z;
	s.avail_out = (unsigned int)cap;
	while (rc == Z_OK) {
		size_t k = n - at < 7 ? n - at : 7;

		s.next_in = (unsigned char *)(uintptr_t)(src + at);
		s.avail_in = (unsigned int)k;
		at += k;
		rc = deflate(&s, at < n ? Z_SYNC_FLUSH : Z_FINISH);
	}
	out = rc == Z_STREAM_END ? s.total_out : 0;
	deflateEnd(&s);
	return out;
}

/* Every want of every way of compressing src: the bytes of src. */
static int same_heads(const unsigned char *src, size_t n, int *streams)
{
	static const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FIXED,
					 Z_HUFFMAN_ONLY, Z_RLE, Z_FILTERED};
	size_t cap = n + n / 2 + 64, i, k;
	unsigned char *z = malloc(cap * 4 + 64), *out = malloc(n + 1);
	int level, bad = 0;

	for (level = 0; level <= 9; level++)
		for (k = 0; k < sizeof(strategies) / sizeof(strategies[0]);
		     k++) {
			size_t zn =
				squeeze(src, n, level, strategies[k], z, cap);

			if (!zn)
				continue;
			(*streams)++;
			for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
				size_t w = wants[i] < n ? wants[i] : n,
				       got = source_inflate_head(z, zn, out, w);

				if (got != w || memcmp(out, src, w) != 0) {
					printf("  level %d strategy %d want "
					       "%zu: got %zu\n",
					       level, strategies[k], w, got);
					bad = 1;
				}
			}
		}
	for (level = 0; level <= 9; level += 3) {
		size_t zn = squeeze_flushed(src, n, level, z, cap * 4);

		if (!zn)
			continue;
		(*streams)++;
		if (source_inflate_head(z, zn, out, n) != n ||
		    memcmp(out, src, n) != 0) {
			printf("  flushed, level %d\n", level);
			bad = 1;
		}
	}
	free(z);
	free(out);
	return !bad;
}

TEST(test_inflate_head__as_zlib)
{
	struct dpg_buf text = DPG_BUF_INIT(1u << 24);
	unsigned char *rnd = malloc(140000), runs[4000];
	unsigned int seed = 7;
	int streams = 0;
	size_t i, n;

	CHECK_INT(
		dpg_buf_read_file(&text, "src/source/pack.c", "text", 0, NULL),
		0);
	CHECK(same_heads((const unsigned char *)text.ptr, text.len, &streams));
	/* short texts: a few bytes, one block */
	for (n = 1; n < 40; n += 3)
		CHECK(same_heads((const unsigned char *)text.ptr + 100, n,
				 &streams));
	for (i = 0; i < 70000; i++) {
		seed = seed * 1103515245u + 12345u;
		rnd[i] = (unsigned char)(seed >> 16);
	}
	CHECK(same_heads(rnd, 70000, &streams));
	/* runs: copies from one byte back, and across the first bytes */
	for (i = 0; i < sizeof(runs); i++)
		runs[i] = (unsigned char)(i < 5 ? 'a' + i : i / 700);
	CHECK(same_heads(runs, sizeof(runs), &streams));
	/* a random chunk of each length 3..258, then again: every length
	 * code and its extra bits */
	for (n = 0, i = 3; i <= 258; i++) {
		memcpy(rnd + 30000 + n, rnd + i * 97, i);
		memcpy(rnd + 30000 + n + i, rnd + i * 97, i);
		n += 2 * i;
	}
	CHECK(same_heads(rnd + 30000, n, &streams));
	CHECK(streams > 200);
	free(rnd);
	dpg_buf_release(&text);
}

/* zlib's first bytes (up to n) of z[0..zn), as many as come out before
 * it stops or fails. */
static size_t zlib_head(const unsigned char *z, size_t zn, unsigned char *out,
			size_t n)
{
	z_stream s;
	int rc = Z_OK;

	memset(&s, 0, sizeof(s));
	if (inflateInit(&s) != Z_OK)
		return 0;
	s.next_in = (unsigned char *)(uintptr_t)z;
	s.avail_in = (unsigned int)zn;
	s.next_out = out;
	s.avail_out = (unsigned int)n;
	while (rc == Z_OK && s.total_out < n)
		rc = inflate(&s, Z_SYNC_FLUSH);
	n = s.total_out;
	inflateEnd(&s);
	return n;
}

/* Cut short or changed, a stream gives nothing or bytes zlib gives too. */
TEST(test_inflate_head__damaged)
{
	struct dpg_buf text = DPG_BUF_INIT(1u << 24);
	unsigned char z[70000], bad[70000], out[64], ref[64];
	unsigned int seed = 99;
	size_t zn, i, got, gave = 0, refused = 0;

	CHECK_INT(dpg_buf_read_file(&text, "src/source/git.c", "text", 0, NULL),
		  0);
	zn = squeeze((const unsigned char *)text.ptr, text.len, 6,
		     Z_DEFAULT_STRATEGY, z, sizeof(z));
	CHECK(zn > 100);
	for (i = 0; i < zn && i < 400; i++) {
		got = source_inflate_head(z, i, out, 64);
		CHECK(got == 0 || !memcmp(out, text.ptr, got));
	}
	for (i = 0; i < 5000; i++) {
		size_t at, zgot;

		seed = seed * 1103515245u + 12345u;
		at = (seed >> 8) % 200;
		memcpy(bad, z, zn);
		bad[at] ^= (unsigned char)(1 + (seed >> 4) % 255);
		got = source_inflate_head(bad, zn, out, 64);
		zgot = zlib_head(bad, zn, ref, 64);
		if (got && (got > zgot || memcmp(out, ref, got) != 0))
			printf("  changed byte %zu: %zu bytes, zlib %zu\n", at,
			       got, zgot);
		CHECK(!got || (got <= zgot && !memcmp(out, ref, got)));
		gave += got == 64;
		refused += !got;
	}
	/* both happen: the first bytes are often past the damage */
	CHECK(gave > 0 && refused > 0);
	dpg_buf_release(&text);
}

TEST_MAIN("test_inflate_head", T(test_inflate_head__as_zlib),
	  T(test_inflate_head__damaged))
