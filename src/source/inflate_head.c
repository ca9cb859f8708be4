/*
 * inflate_head.c: the first bytes of a zlib stream, and nothing more.
 *
 * A packed delta's size is the second number at the start of its data.
 * zlib gives those bytes only after building its full decoding tables for
 * the stream's first block (inflate_table: most of 18 K instructions a
 * delta, 4% of a documentation site's scan).  Twenty bytes need far less:
 * the block's code lengths, read once, and a canonical decode of a few
 * symbols one bit at a time (as zlib's contrib/puff.c does, which this
 * follows).  Whatever does not check out (a bad header or code, input
 * that ends, a distance before the start) answers 0 bytes and the caller
 * asks zlib's way instead: what this returns is what zlib would.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "source_int.h"
#include "dpg/banned.h"

#define MAXBITS	 15
#define MAXLCODE 286
#define MAXDCODE 30

struct bits {
	const unsigned char *in;
	size_t len, pos;
	uint64_t buf;
	int cnt;
	int bad;
};

struct huff {
	short count[MAXBITS + 1];
	short symbol[MAXLCODE + MAXDCODE];
};

static inline void refill(struct bits *b)
{
	while (b->cnt <= 56 && b->pos < b->len) {
		b->buf |= (uint64_t)b->in[b->pos++] << b->cnt;
		b->cnt += 8;
	}
}

static inline int need(struct bits *b, int n)
{
	int v;

	if (b->cnt < n) {
		refill(b);
		if (b->cnt < n) {
			b->bad = 1;
			return 0;
		}
	}
	v = (int)(b->buf & ((UINT64_C(1) << n) - 1));
	b->buf >>= n;
	b->cnt -= n;
	return v;
}

/* Canonical code of n symbols of lengths len: 0 complete, > 0 incomplete,
 * < 0 over-subscribed. */
static int build(struct huff *h, const unsigned char *len, int n)
{
	short offs[MAXBITS + 1];
	int s, l, left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (s = 0; s < n; s++)
		h->count[len[s]]++;
	if (h->count[0] == n)
		return 0;
	for (l = 1; l <= MAXBITS; l++) {
		left <<= 1;
		left -= h->count[l];
		if (left < 0)
			return left;
	}
	offs[1] = 0;
	for (l = 1; l < MAXBITS; l++)
		offs[l + 1] = (short)(offs[l] + h->count[l]);
	for (s = 0; s < n; s++)
		if (len[s])
			h->symbol[offs[len[s]]++] = (short)s;
	return left;
}

static int decode(struct bits *b, const struct huff *h)
{
	int code = 0, first = 0, index = 0, l;

	if (b->cnt < MAXBITS)
		refill(b);
	for (l = 1; l <= MAXBITS && l <= b->cnt; l++) {
		int count = h->count[l];

		code |= (int)(b->buf >> (l - 1) & 1);
		if (code - count < first) {
			b->buf >>= l;
			b->cnt -= l;
			return h->symbol[index + (code - first)];
		}
		index += count;
		first += count;
		first <<= 1;
		code <<= 1;
	}
	return -1;
}

/* The code-length code (19 symbols, at most 7 bits) as a table of the
 * next 7 bits: symbol << 3 | length, 0 where no code is.  -1 unless the
 * code is complete, as zlib wants. */
static int cl_table(const unsigned char *len, unsigned char tab[128])
{
	int next[8] = {0}, count[8] = {0}, l, s, code = 0, left = 1;

	memset(tab, 0, 128);
	for (s = 0; s < 19; s++)
		count[len[s]]++;
	count[0] = 0;
	for (l = 1; l < 8; l++) {
		left = (left << 1) - count[l];
		if (left < 0)
			return -1;
	}
	if (left)
		return -1;
	for (l = 1; l < 8; l++) {
		code = (code + count[l - 1]) << 1;
		next[l] = code;
	}
	for (s = 0; s < 19; s++) {
		int n = len[s], c, r = 0, k;

		if (!n)
			continue;
		c = next[n]++;
		for (k = 0; k < n; k++)
			r |= (c >> k & 1) << (n - 1 - k);
		for (k = r; k < 128; k += 1 << n)
			tab[k] = (unsigned char)(s << 3 | n);
	}
	return 0;
}

static int cl_decode(struct bits *b, const unsigned char tab[128])
{
	int e;

	if (b->cnt < 7)
		refill(b);
	e = tab[b->buf & 127];
	if (!e || (e & 7) > b->cnt)
		return -1;
	b->buf >>= e & 7;
	b->cnt -= e & 7;
	return e >> 3;
}

static const short lbase[29] = {3,  4,	5,  6,	 7,   8,   9,	10,  11, 13,
				15, 17, 19, 23,	 27,  31,  35,	43,  51, 59,
				67, 83, 99, 115, 131, 163, 195, 227, 258};
static const short lext[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
			       2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const short dbase[30] = {
	1,    2,    3,	  4,	5,    7,    9,	  13,	 17,	25,
	33,   49,   65,	  97,	129,  193,  257,  385,	 513,	769,
	1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const short dext[30] = {0, 0, 0,	 0,  1,	 1,  2,	 2,  3,	 3,
			       4, 4, 5,	 5,  6,	 6,  7,	 7,  8,	 8,
			       9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/* Symbols of one block into out[*have..want); 0 at the block's end or
 * once want bytes are out, -1 when anything does not check out. */
static int codes(struct bits *b, const struct huff *lc, const struct huff *dc,
		 unsigned char *out, size_t *have, size_t want)
{
	while (*have < want) {
		int sym = decode(b, lc);

		if (sym < 0)
			return -1;
		if (sym < 256) {
			out[(*have)++] = (unsigned char)sym;
		} else if (sym == 256) {
			return 0;
		} else {
			size_t len, dist;

			sym -= 257;
			if (sym >= 29)
				return -1;
			len = (size_t)(lbase[sym] + need(b, lext[sym]));
			sym = decode(b, dc);
			if (sym < 0 || sym >= 30)
				return -1;
			dist = (size_t)(dbase[sym] + need(b, dext[sym]));
			if (b->bad || dist > *have)
				return -1;
			while (len-- && *have < want) {
				out[*have] = out[*have - dist];
				(*have)++;
			}
		}
	}
	return 0;
}

/* The fixed codes, built once. */
static struct huff fixed_lc, fixed_dc;
static pthread_once_t fixed_once = PTHREAD_ONCE_INIT;

static void fixed_build(void)
{
	unsigned char len[288];
	int s;

	for (s = 0; s < 144; s++)
		len[s] = 8;
	for (; s < 256; s++)
		len[s] = 9;
	for (; s < 280; s++)
		len[s] = 7;
	for (; s < 288; s++)
		len[s] = 8;
	build(&fixed_lc, len, 288);
	memset(len, 5, MAXDCODE);
	build(&fixed_dc, len, MAXDCODE);
}

static int dynamic(struct bits *b, struct huff *lc, struct huff *dc)
{
	static const unsigned char order[19] = {16, 17, 18, 0,	8, 7,  9,
						6,  10, 5,  11, 4, 12, 3,
						13, 2,	14, 1,	15};
	unsigned char len[MAXLCODE + MAXDCODE], tab[128];
	int nlen = need(b, 5) + 257, ndist = need(b, 5) + 1,
	    ncode = need(b, 4) + 4, i = 0, err;

	if (b->bad || nlen > MAXLCODE || ndist > MAXDCODE)
		return -1;
	for (; i < ncode; i++)
		len[order[i]] = (unsigned char)need(b, 3);
	for (; i < 19; i++)
		len[order[i]] = 0;
	if (b->bad || cl_table(len, tab) < 0)
		return -1;
	for (i = 0; i < nlen + ndist;) {
		int sym = cl_decode(b, tab), rep;
		unsigned char v = 0;

		if (sym < 0)
			return -1;
		if (sym < 16) {
			len[i++] = (unsigned char)sym;
			continue;
		}
		if (sym == 16) {
			if (i == 0)
				return -1;
			v = len[i - 1];
			rep = 3 + need(b, 2);
		} else if (sym == 17) {
			rep = 3 + need(b, 3);
		} else {
			rep = 11 + need(b, 7);
		}
		if (b->bad || i + rep > nlen + ndist)
			return -1;
		while (rep--)
			len[i++] = v;
	}
	if (len[256] == 0)
		return -1;
	err = build(lc, len, nlen);
	if (err < 0 || (err > 0 && nlen != lc->count[0] + lc->count[1]))
		return -1;
	err = build(dc, len + nlen, ndist);
	if (err < 0 || (err > 0 && ndist != dc->count[0] + dc->count[1]))
		return -1;
	return 0;
}

size_t source_inflate_head(const unsigned char *in, size_t len,
			   unsigned char *out, size_t want)
{
	struct bits b = {in, len, 2, 0, 0, 0};
	size_t have = 0;
	int last = 0;

	/* zlib's header: deflate, a window git uses, no preset dictionary */
	if (len < 2 || (in[0] & 0x0f) != 8 || (in[0] >> 4) > 7 ||
	    ((unsigned int)in[0] << 8 | in[1]) % 31 != 0 || (in[1] & 0x20))
		return 0;
	while (have < want && !last) {
		struct huff lc, dc;
		const struct huff *l = &lc, *d = &dc;
		int type;

		last = need(&b, 1);
		type = need(&b, 2);
		if (b.bad)
			return 0;
		if (type == 0) {
			size_t n;

			/* to a byte's start: bytes loaded whole go back */
			b.pos -= (size_t)(b.cnt / 8);
			b.buf = 0;
			b.cnt = 0;
			if (b.pos + 4 > b.len)
				return 0;
			n = (size_t)b.in[b.pos] | (size_t)b.in[b.pos + 1] << 8;
			if ((n ^ 0xffff) != ((size_t)b.in[b.pos + 2] |
					     (size_t)b.in[b.pos + 3] << 8))
				return 0;
			b.pos += 4;
			if (n > b.len - b.pos)
				return 0;
			if (n > want - have)
				n = want - have;
			memcpy(out + have, b.in + b.pos, n);
			have += n;
			b.pos += n;
			continue;
		}
		if (type == 1) {
			pthread_once(&fixed_once, fixed_build);
			l = &fixed_lc;
			d = &fixed_dc;
		} else if (type == 3 || dynamic(&b, &lc, &dc) < 0) {
			return 0;
		}
		if (codes(&b, l, d, out, &have, want) < 0)
			return 0;
	}
	return have;
}
