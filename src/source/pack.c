/*
 * pack.c: blobs read straight from a repository's pack files.
 *
 * Reading every blob is a floor under the whole audit, and most of it is
 * inflating zlib streams.  libgit2 inflates with zlib; libdeflate does the
 * same whole-buffer job in well under half the time, and a pack entry
 * states its inflated size, which is all libdeflate needs.  So a blob that
 * sits in a pack (the usual case: clones and the fetch cache are packed)
 * is found here through the pack's .idx (version 2), inflated with
 * libdeflate and, when it is stored as a delta, rebuilt from its base
 * (OFS_DELTA and REF_DELTA within the pack, chains resolved iteratively,
 * recent bases kept in a small cache as git's delta base cache does).
 *
 * Anything else is left to libgit2, which stays the reference reader:
 * loose objects, alternates, other index versions, an object not found,
 * and every entry that does not check out (a bound exceeded, a truncated
 * stream, a delta that does not apply, a size or type other than the one
 * libgit2's header gave).  The reader then answers "not here" and the
 * caller reads the object with libgit2, which gives its own error for a
 * damaged one.  The files are hostile input: every offset, size and
 * delta instruction is checked against the mapped bytes.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>
#include <zlib.h>

#include "source_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define PACKS_MAX	64	     /* pack files used; more: libgit2 */
#define CHAIN_MAX	4096	     /* delta chain depth */
#define OBJECT_MAX	(256u << 20) /* largest object rebuilt here */
#define CACHE_SLOTS	256	     /* delta base cache, direct-mapped */
#define CACHE_ENTRY_MAX (8u << 20)   /* largest base kept */
#define CACHE_BYTES_MAX (64u << 20)  /* all bases kept */

enum { OBJ_BLOB = 3, OBJ_OFS_DELTA = 6, OBJ_REF_DELTA = 7 };

struct pack {
	const unsigned char *idx, *data;
	size_t idx_len, data_len;
	uint32_t n;
	const unsigned char *fanout, *ids, *offs, *big;
	size_t nbig;
};

struct slot {
	const struct pack *pack;
	uint64_t off;
	int type;
	unsigned char *data;
	size_t len;
};

/* The mapped packs, read-only once open, and the delta base cache, all
 * shared by every reader: a base one thread rebuilt serves the others. */
struct pack_set {
	struct pack packs[PACKS_MAX];
	size_t npacks;
	pthread_mutex_t mu; /* the cache's */
	struct slot cache[CACHE_SLOTS];
	size_t cached, hand;
};

/* A reader: the packs and one thread's inflater. */
struct source_packs {
	struct pack_set *set;
	int owner; /* set is this reader's to unmap (not a share) */
	struct libdeflate_decompressor *inflater;
	/* a blob's head only (libdeflate inflates whole streams): made at
	 * first use */
	z_stream zs;
	int zs_ready;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void unmap(struct pack *p)
{
	if (p->idx)
		munmap((void *)p->idx, p->idx_len);
	if (p->data)
		munmap((void *)p->data, p->data_len);
	memset(p, 0, sizeof(*p));
}

static const unsigned char *map(const char *path, size_t *len)
{
	struct stat st;
	void *m;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		return NULL;
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	return m;
}

/* Map NAME.idx and NAME.pack of dir; 0 when both are a usable pair. */
static int pack_open(struct pack *p, const char *dir, const char *name,
		     size_t stem)
{
	char *path;
	size_t i, need;

	memset(p, 0, sizeof(*p));
	path = xasprintf("%s/%.*s.idx", dir, (int)stem, name);
	p->idx = map(path, &p->idx_len);
	free(path);
	path = xasprintf("%s/%.*s.pack", dir, (int)stem, name);
	p->data = p->idx ? map(path, &p->data_len) : NULL;
	free(path);
	/* index version 2: magic, version, fan-out, ids, CRCs, offsets,
	 * large offsets, two checksums */
	if (!p->data || p->idx_len < 8 + 1024 + 40 ||
	    memcmp(p->idx, "\377tOc", 4) != 0 || be32(p->idx + 4) != 2)
		goto bad;
	p->fanout = p->idx + 8;
	p->n = be32(p->fanout + 255 * 4);
	for (i = 1; i < 256; i++)
		if (be32(p->fanout + (i - 1) * 4) > be32(p->fanout + i * 4))
			goto bad;
	need = 8 + 1024 + (size_t)p->n * 28 + 40;
	if (p->idx_len < need) /* n < 2^32: need cannot wrap */
		goto bad;
	p->ids = p->fanout + 1024;
	p->offs = p->ids + (size_t)p->n * 24; /* past ids and CRCs */
	p->big = p->offs + (size_t)p->n * 4;
	p->nbig = (p->idx_len - need) / 8;
	if (p->data_len < 12 + 20 || memcmp(p->data, "PACK", 4) != 0 ||
	    (be32(p->data + 4) != 2 && be32(p->data + 4) != 3))
		goto bad;
	return 0;
bad:
	unmap(p);
	return -1;
}

static int has_alternates(const char *objects)
{
	struct stat st;
	char *path = xasprintf("%s/info/alternates", objects);
	int rc = stat(path, &st) == 0;

	free(path);
	return rc;
}

/* A reader of set with its own inflater; NULL without one. */
static struct source_packs *reader_new(struct pack_set *set, int owner)
{
	struct source_packs *ps = xcalloc(1, sizeof(*ps));

	ps->set = set;
	ps->owner = owner;
	ps->inflater = libdeflate_alloc_decompressor();
	if (!ps->inflater) {
		free(ps);
		return NULL;
	}
	return ps;
}

/* Rebuilt objects are shared by the base cache and the reads in
 * progress, on any thread, without a copy: their bytes follow a count of
 * references, and the last obj_unref() frees them. */
struct obj {
	atomic_size_t refs;
	unsigned char bytes[];
};

static unsigned char *obj_new(size_t len)
{
	struct obj *o = xmalloc(sizeof(*o) + (len ? len : 1));

	atomic_init(&o->refs, 1);
	return o->bytes;
}

static struct obj *obj_of(unsigned char *bytes)
{
	return (struct obj *)(void *)(bytes - offsetof(struct obj, bytes));
}

static unsigned char *obj_ref(unsigned char *bytes)
{
	atomic_fetch_add_explicit(&obj_of(bytes)->refs, 1,
				  memory_order_relaxed);
	return bytes;
}

static void obj_unref(unsigned char *bytes)
{
	if (bytes && atomic_fetch_sub_explicit(&obj_of(bytes)->refs, 1,
					       memory_order_acq_rel) == 1)
		free(obj_of(bytes));
}

static void set_free(struct pack_set *set)
{
	size_t i;

	for (i = 0; i < set->npacks; i++)
		unmap(&set->packs[i]);
	for (i = 0; i < CACHE_SLOTS; i++)
		obj_unref(set->cache[i].data);
	pthread_mutex_destroy(&set->mu);
	free(set);
}

struct source_packs *source_packs_open(const char *objects)
{
	struct source_packs *ps;
	struct pack_set *set;
	struct dirent *de;
	char *dir;
	DIR *d;

	/* objects found elsewhere are libgit2's (it follows alternates) */
	if (has_alternates(objects))
		return NULL;
	dir = xasprintf("%s/pack", objects);
	d = opendir(dir);
	if (!d) {
		free(dir);
		return NULL;
	}
	set = xcalloc(1, sizeof(*set));
	pthread_mutex_init(&set->mu, NULL);
	while ((de = readdir(d)) != NULL && set->npacks < PACKS_MAX) {
		size_t n = strlen(de->d_name);

		if (n > 4 && !strcmp(de->d_name + n - 4, ".idx") &&
		    pack_open(&set->packs[set->npacks], dir, de->d_name,
			      n - 4) == 0)
			set->npacks++;
	}
	closedir(d);
	free(dir);
	if (!set->npacks || !(ps = reader_new(set, 1))) {
		set_free(set);
		return NULL;
	}
	return ps;
}

struct source_packs *source_packs_share(struct source_packs *ps)
{
	return ps ? reader_new(ps->set, 0) : NULL;
}

void source_packs_free(struct source_packs *ps)
{
	if (!ps)
		return;
	if (ps->owner)
		set_free(ps->set);
	libdeflate_free_decompressor(ps->inflater);
	if (ps->zs_ready)
		inflateEnd(&ps->zs);
	free(ps);
}

/* The offset of object id in p, or -1. */
static int64_t find(const struct pack *p, const unsigned char *id)
{
	uint32_t lo = id[0] ? be32(p->fanout + (id[0] - 1) * 4) : 0;
	uint32_t hi = be32(p->fanout + id[0] * 4);
	uint32_t off;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = memcmp(p->ids + (size_t)mid * 20, id, 20);

		if (c == 0) {
			off = be32(p->offs + (size_t)mid * 4);
			if (!(off & 0x80000000u))
				return off;
			off &= 0x7fffffffu;
			if (off >= p->nbig)
				return -1;
			{
				const unsigned char *b =
					p->big + (size_t)off * 8;
				uint64_t o =
					(uint64_t)be32(b) << 32 | be32(b + 4);

				return o > INT64_MAX ? -1 : (int64_t)o;
			}
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* An entry's header at off: type, inflated size, where its data (or its
 * base reference) starts.  -1 when it does not fit in the pack. */
static int entry(const struct pack *p, uint64_t off, int *type, size_t *size,
		 uint64_t *body)
{
	const unsigned char *d = p->data;
	size_t end = p->data_len - 20, sz;
	unsigned int shift = 4;
	unsigned char c;

	if (off < 12 || off >= end)
		return -1;
	c = d[off++];
	*type = (c >> 4) & 7;
	sz = c & 15;
	while (c & 0x80) {
		if (off >= end || shift > 57)
			return -1;
		c = d[off++];
		sz |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	}
	*size = sz;
	*body = off;
	return 0;
}

/* Inflate the zlib stream at off into out (exactly size bytes). */
static int inflate_at(struct source_packs *ps, const struct pack *p,
		      uint64_t off, unsigned char *out, size_t size)
{
	size_t got = 0, used = 0;

	if (off >= p->data_len - 20)
		return -1;
	if (libdeflate_zlib_decompress_ex(ps->inflater, p->data + off,
					  p->data_len - 20 - off, out, size,
					  &used, &got) != LIBDEFLATE_SUCCESS ||
	    got != size)
		return -1;
	return 0;
}

/* The reader's zlib stream, reset to inflate the stream at off into out;
 * NULL when it cannot be. */
static z_stream *zs_start(struct source_packs *ps, const struct pack *p,
			  uint64_t off, unsigned char *out)
{
	z_stream *zs = &ps->zs;
	size_t in;

	if (off >= p->data_len - 20)
		return NULL;
	in = p->data_len - 20 - off;
	if (!ps->zs_ready) {
		memset(zs, 0, sizeof(*zs));
		if (inflateInit(zs) != Z_OK)
			return NULL;
		ps->zs_ready = 1;
	} else if (inflateReset(zs) != Z_OK) {
		return NULL;
	}
	zs->next_in = (unsigned char *)(uintptr_t)(p->data + off);
	zs->avail_in = in > UINT_MAX ? UINT_MAX : (unsigned int)in;
	zs->next_out = out;
	return zs;
}

/* Inflate the first n bytes (at most) of the zlib stream at off into out:
 * how many came out. */
static size_t inflate_head(struct source_packs *ps, const struct pack *p,
			   uint64_t off, unsigned char *out, size_t n)
{
	z_stream *zs = zs_start(ps, p, off, out);
	int rc = Z_OK;

	if (!zs)
		return 0;
	zs->avail_out = (unsigned int)n;
	while (rc == Z_OK && zs->total_out < n)
		rc = inflate(zs, Z_SYNC_FLUSH);
	return zs->total_out;
}

/*
 * Inflate the zlib stream at off into out until a NUL byte comes out or
 * head bytes have: the bytes up to that NUL (with it), else 0.  (Binary
 * files mostly hold one in their first bytes: little is inflated.)
 */
static size_t inflate_to_nul(struct source_packs *ps, const struct pack *p,
			     uint64_t off, unsigned char *out, size_t head)
{
	z_stream *zs = zs_start(ps, p, off, out);
	size_t done = 0;
	const unsigned char *nul;
	int rc = Z_OK;

	if (!zs)
		return 0;
	while (rc == Z_OK && done < head) {
		/* a little first */
		size_t upto = done < 256 && head > 256 ? 256 : head;

		zs->avail_out = (unsigned int)(upto - done);
		rc = inflate(zs, Z_SYNC_FLUSH);
		nul = memchr(out + done, '\0', zs->total_out - done);
		if (nul)
			return (size_t)(nul - out) + 1;
		done = zs->total_out;
	}
	return 0;
}

static size_t delta_varint(const unsigned char **pp, const unsigned char *end,
			   int *ok)
{
	const unsigned char *p = *pp;
	size_t v = 0;
	unsigned int shift = 0;
	unsigned char c;

	do {
		if (p >= end || shift > 57) {
			*ok = 0;
			return 0;
		}
		c = *p++;
		v |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	*pp = p;
	return v;
}

/* Apply delta [d, d + n) to base; the result (its stated size, an obj) in
 * *out. */
static int apply(const unsigned char *base, size_t blen, const unsigned char *d,
		 size_t n, unsigned char **out, size_t *olen)
{
	const unsigned char *end = d + n;
	unsigned char *o, *w;
	size_t src, dst;
	int ok = 1;

	src = delta_varint(&d, end, &ok);
	dst = delta_varint(&d, end, &ok);
	if (!ok || src != blen || dst > OBJECT_MAX)
		return -1;
	o = w = obj_new(dst);
	while (d < end) {
		unsigned char op = *d++;

		if (op & 0x80) {
			size_t off = 0, len = 0;
			int i;

			for (i = 0; i < 4; i++)
				if (op & (1u << i)) {
					if (d >= end)
						goto bad;
					off |= (size_t)*d++ << (8 * i);
				}
			for (i = 0; i < 3; i++)
				if (op & (0x10u << i)) {
					if (d >= end)
						goto bad;
					len |= (size_t)*d++ << (8 * i);
				}
			if (!len)
				len = 0x10000;
			if (off > blen || len > blen - off ||
			    len > (size_t)(o + dst - w))
				goto bad;
			memcpy(w, base + off, len);
			w += len;
		} else if (op) {
			if (op > (size_t)(end - d) ||
			    op > (size_t)(o + dst - w))
				goto bad;
			memcpy(w, d, op);
			w += op;
			d += op;
		} else {
			goto bad; /* reserved */
		}
	}
	if (w != o + dst)
		goto bad;
	*out = o;
	*olen = dst;
	return 0;
bad:
	obj_unref(o);
	return -1;
}

static struct slot *slot_of(struct pack_set *set, const struct pack *p,
			    uint64_t off)
{
	size_t h = (size_t)((off * 0x9e3779b97f4a7c15ull) >> 56) ^
		   (size_t)(p - set->packs);

	return &set->cache[h % CACHE_SLOTS];
}

static void slot_clear(struct pack_set *set, struct slot *s)
{
	set->cached -= s->len;
	obj_unref(s->data);
	memset(s, 0, sizeof(*s));
}

/* The cached object at off of p (its type, and its bytes: obj_unref()
 * them): 1, or 0 when it is not in the cache. */
static int cached(struct pack_set *set, const struct pack *p, uint64_t off,
		  int *type, unsigned char **data, size_t *len)
{
	struct slot *s;
	int hit;

	pthread_mutex_lock(&set->mu);
	s = slot_of(set, p, off);
	hit = s->data && s->pack == p && s->off == off;
	if (hit) {
		*type = s->type;
		*data = obj_ref(s->data);
		*len = s->len;
	}
	pthread_mutex_unlock(&set->mu);
	return hit;
}

/* Keep an object that served as (or may serve as) a base: the cache
 * takes a reference to data. */
static void remember(struct pack_set *set, const struct pack *p, uint64_t off,
		     int type, unsigned char *data, size_t len)
{
	struct slot *s;

	if (len > CACHE_ENTRY_MAX)
		return;
	pthread_mutex_lock(&set->mu);
	s = slot_of(set, p, off);
	if (s->data && s->pack == p && s->off == off)
		goto out;
	if (s->data)
		slot_clear(set, s);
	while (set->cached + len > CACHE_BYTES_MAX) {
		struct slot *v = &set->cache[set->hand++ % CACHE_SLOTS];

		if (v->data)
			slot_clear(set, v);
	}
	s->pack = p;
	s->off = off;
	s->type = type;
	s->data = obj_ref(data);
	s->len = len;
	set->cached += len;
out:
	pthread_mutex_unlock(&set->mu);
}

struct link {
	uint64_t body; /* the delta's zlib stream */
	size_t size;   /* its inflated size */
	uint64_t off;  /* the entry, for the cache */
};

/* The base of the delta of type t at *at whose entry's body starts at
 * *body: *at becomes the base's entry and *body where the delta's zlib
 * stream starts.  -1 when t is no delta or anything does not check out. */
static int base_of(const struct pack *p, int t, uint64_t *at, uint64_t *body)
{
	const unsigned char *d = p->data;
	size_t end = p->data_len - 20;
	uint64_t b = *body;

	if (t == OBJ_OFS_DELTA) {
		uint64_t back;
		unsigned char c;

		if (b >= end)
			return -1;
		c = d[b++];
		back = c & 0x7f;
		while (c & 0x80) {
			if (b >= end || back >= (UINT64_C(1) << 56))
				return -1;
			c = d[b++];
			back = ((back + 1) << 7) | (c & 0x7f);
		}
		if (back == 0 || back > *at)
			return -1;
		*body = b;
		*at -= back;
		return 0;
	}
	if (t == OBJ_REF_DELTA) {
		int64_t o;

		if (b + 20 > end || (o = find(p, d + b)) < 0)
			return -1;
		*body = b + 20;
		*at = (uint64_t)o;
		return 0;
	}
	return -1;
}

/* Rebuild the object at off of p: its type and its bytes (malloc'd).
 * 0, or -1 when anything does not check out. */
static int rebuild(struct source_packs *ps, const struct pack *p, uint64_t off,
		   int *type, unsigned char **data, size_t *len)
{
	struct link *chain = NULL;
	size_t depth = 0, cap = 0, size;
	unsigned char *cur = NULL;
	size_t cur_len = 0;
	uint64_t at = off, body;
	int t, rc = -1;

	for (;;) {
		if (cached(ps->set, p, at, &t, &cur, &cur_len))
			break;
		if (entry(p, at, &t, &size, &body) < 0 || size > OBJECT_MAX)
			goto out;
		if (t >= 1 && t <= 4) {
			cur = obj_new(size);
			cur_len = size;
			if (inflate_at(ps, p, body, cur, size) < 0)
				goto out;
			if (depth)
				remember(ps->set, p, at, t, cur, cur_len);
			break;
		}
		if (depth == CHAIN_MAX)
			goto out;
		dpg_grow(&chain, &cap, depth + 1, sizeof(*chain));
		chain[depth].off = at;
		chain[depth].size = size;
		if (base_of(p, t, &at, &body) < 0)
			goto out;
		chain[depth].body = body;
		depth++;
	}
	while (depth > 0) {
		struct link *l = &chain[--depth];
		unsigned char *delta = xmalloc(l->size ? l->size : 1), *next;
		size_t next_len;

		if (inflate_at(ps, p, l->body, delta, l->size) < 0 ||
		    apply(cur, cur_len, delta, l->size, &next, &next_len) < 0) {
			free(delta);
			goto out;
		}
		free(delta);
		obj_unref(cur);
		cur = next;
		cur_len = next_len;
		/* a delta's result is often the next one's base */
		remember(ps->set, p, l->off, t, cur, cur_len);
	}
	*type = t;
	*data = cur;
	*len = cur_len;
	cur = NULL;
	rc = 0;
out:
	obj_unref(cur);
	free(chain);
	return rc;
}

int source_packs_header(struct source_packs *ps, const unsigned char *id,
			int *type, size_t *size)
{
	size_t i;

	for (i = 0; ps && i < ps->set->npacks; i++) {
		const struct pack *p = &ps->set->packs[i];
		int64_t off = find(p, id);
		unsigned char head[20];
		const unsigned char *h = head;
		uint64_t at = (uint64_t)off, body;
		size_t n, depth, size0 = 0;
		int t, ok = 1;

		if (off < 0)
			continue;
		/* a delta's size is the second number of its data, its type
		 * the type at the end of its chain */
		for (depth = 0; ok && depth <= CHAIN_MAX; depth++) {
			if (entry(p, at, &t, &n, &body) < 0)
				return 1;
			if (t >= 1 && t <= 4) {
				*type = t;
				*size = depth ? size0 : n;
				return 0;
			}
			if (base_of(p, t, &at, &body) < 0)
				return 1;
			if (depth == 0) {
				size_t want = n < 20 ? n : 20;

				/* zlib's way only when the short way fails */
				n = source_inflate_head(p->data + body,
							p->data_len - 20 - body,
							head, want);
				if (n < want)
					n = inflate_head(ps, p, body, head,
							 want);
				delta_varint(&h, head + n, &ok);
				size0 = delta_varint(&h, head + n, &ok);
			}
		}
		return 1;
	}
	return 1;
}

int source_packs_has(const struct source_packs *ps, const unsigned char *id)
{
	size_t i;

	for (i = 0; ps && i < ps->set->npacks; i++)
		if (find(&ps->set->packs[i], id) >= 0)
			return 1;
	return 0;
}

int source_packs_read(struct source_packs *ps, const unsigned char *id,
		      size_t size, size_t head, struct dpg_buf *out)
{
	size_t i;

	if (!ps)
		return 1;
	for (i = 0; i < ps->set->npacks; i++) {
		const struct pack *p = &ps->set->packs[i];
		int64_t off = find(p, id);
		unsigned char *data;
		size_t len, hsize;
		uint64_t body;
		int type;

		if (off < 0)
			continue;
		if (entry(p, (uint64_t)off, &type, &hsize, &body) < 0)
			return 1;
		dpg_buf_reset(out);
		if (type == OBJ_BLOB && head && size > head && hsize == size &&
		    dpg_buf_grow(out, head, NULL) == 0 &&
		    (len = inflate_to_nul(ps, p, body,
					  (unsigned char *)out->ptr, head)) >
			    0) {
			/* binary: what was read is all anyone reads */
			out->len = len;
			out->ptr[len] = '\0';
			return 0;
		}
		if (type == OBJ_BLOB) {
			/* the common case: inflated straight into out */
			if (hsize != size ||
			    dpg_buf_grow(out, size, NULL) < 0 ||
			    inflate_at(ps, p, body, (unsigned char *)out->ptr,
				       size) < 0)
				return 1;
			out->len = size;
			out->ptr[size] = '\0';
			return 0;
		}
		if (rebuild(ps, p, (uint64_t)off, &type, &data, &len) < 0)
			return 1;
		if (type != OBJ_BLOB || len != size ||
		    dpg_buf_add(out, data, len, NULL) < 0) {
			obj_unref(data);
			return 1;
		}
		obj_unref(data);
		return 0;
	}
	return 1;
}
