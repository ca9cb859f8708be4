/*
 * fuzz_pack.c: libFuzzer target for the pack reader (src/source/pack.c):
 * entry headers, sizes, offset and reference deltas, delta instructions,
 * deflate streams, chains and the delta-base cache.  The input is
 * [n, 1 byte][n x (offset, 2 bytes LE; size, 4 bytes LE)][pack body]:
 * the harness writes a pack ("PACK", version 2, n objects, the body, a
 * 20-byte trailer) and a version-2 index naming object k (id: byte 0 =
 * k + 1, the rest 0) at 12 + offset k, into a directory under /dev/shm,
 * then reads every object with its stated size.
 *
 * Checks: no crash, leak, hang or undefined behaviour; a read that
 * succeeds gives exactly the size asked for.
 */
#include <sys/stat.h>

#include "fuzz.h"
#include "dpg/buf.h"
#include "source/source_int.h"

#define OBJS_MAX 64

static char dir[64];

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void write_file(const char *name, const void *data, size_t len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/pack/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len) {
		perror(path);
		abort();
	}
	fclose(f);
}

static void cleanup(void)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/pack/p.pack", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/pack/p.idx", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/pack", dir);
	rmdir(p);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char ids[OBJS_MAX][20], *idx, *pack;
	uint32_t offs[OBJS_MAX], sizes[OBJS_MAX], fan[256] = {0};
	size_t n, i, body, ilen, plen;
	struct source_packs *ps;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/dev/shm/fuzz-pack-%d", getpid());
		mkdir(dir, 0700);
		{
			char p[128];

			snprintf(p, sizeof(p), "%s/pack", dir);
			mkdir(p, 0700);
		}
		atexit(cleanup);
	}
	if (size < 1)
		return 0;
	n = data[0] % (OBJS_MAX + 1);
	if (size < 1 + n * 6)
		return 0;
	for (i = 0; i < n; i++) {
		const uint8_t *e = data + 1 + i * 6;

		offs[i] = 12u + (uint32_t)(e[0] | e[1] << 8);
		sizes[i] = (uint32_t)e[2] | (uint32_t)e[3] << 8 |
			   (uint32_t)e[4] << 16 | (uint32_t)e[5] << 24;
		sizes[i] &= 0xffffffu; /* at most 16 MiB asked */
		memset(ids[i], 0, 20);
		ids[i][0] = (unsigned char)(i + 1);
	}
	body = 1 + n * 6;
	plen = 12 + (size - body) + 20;
	pack = calloc(1, plen);
	memcpy(pack, "PACK", 4);
	put32(pack + 4, 2);
	put32(pack + 8, (uint32_t)n);
	memcpy(pack + 12, data + body, size - body);
	ilen = 8 + 1024 + n * 28 + 40;
	idx = calloc(1, ilen);
	memcpy(idx, "\377tOc", 4);
	put32(idx + 4, 2);
	for (i = 0; i < n; i++)
		fan[ids[i][0]]++;
	for (i = 1; i < 256; i++)
		fan[i] += fan[i - 1];
	for (i = 0; i < 256; i++)
		put32(idx + 8 + i * 4, fan[i]);
	for (i = 0; i < n; i++) {
		memcpy(idx + 8 + 1024 + i * 20, ids[i], 20);
		put32(idx + 8 + 1024 + n * 24 + i * 4, offs[i]);
	}
	write_file("p.pack", pack, plen);
	write_file("p.idx", idx, ilen);
	free(pack);
	free(idx);

	ps = source_packs_open(dir);
	for (i = 0; ps && i < n; i++) {
		struct dpg_buf b = DPG_BUF_INIT(64u << 20);

		if (source_packs_read(ps, ids[i], sizes[i], 0, &b) == 0 &&
		    b.len != sizes[i])
			abort();
		dpg_buf_release(&b);
	}
	source_packs_free(ps);
	return 0;
}
