/*
 * test_pack.c: the pack reader (src/source/pack.c) against libgit2 on
 * repositories made here with git: every blob it reads must be libgit2's
 * byte for byte, in packs with offset deltas and with reference deltas;
 * a damaged or truncated pack and alternates make it step aside (1),
 * never crash or answer wrong bytes.  Readers sharing the packs read the
 * same bytes on several threads at once, and a git source defers its
 * packed blobs to them (dpg_source_defer).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "../../src/source/source_int.h"
#include "dpg/util.h"
#include "test.h"

static char dir[] = "/tmp/dpg-test-pack-XXXXXX";

/* The directory of this run's repositories, made at the first call. */
static const char *tmp(void)
{
	static int ready;

	if (!ready && mkdtemp(dir)) {
		ready = 1;
		git_libgit2_init();
	}
	return dir;
}

static int sh(const char *fmt, ...) DPG_PRINTF(1, 2);
static int sh(const char *fmt, ...)
{
	char cmd[1400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* A repository of similar text files (so that packing makes deltas), an
 * empty file, one over 64 KiB (a copy of 0x10000 bytes) and a binary. */
static void make_repo(const char *repo)
{
	char path[512];
	FILE *f;
	int i, k;

	CHECK_INT(sh("git init -q %s", repo), 0);
	for (i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "%s/doc-%02d.txt", repo, i);
		f = fopen(path, "w");
		for (k = 0; k < 300; k++)
			fprintf(f, "line %d of the manual, revision %d%s\n", k,
				k % 37 == i ? i : 0,
				k % 11 == 0 ? " (note)" : "");
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/empty", repo);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof(path), "%s/big.txt", repo);
	f = fopen(path, "w");
	for (k = 0; k < 20000; k++)
		fprintf(f, "%08d big file line\n", k);
	fclose(f);
	snprintf(path, sizeof(path), "%s/big2.txt", repo);
	f = fopen(path, "w");
	for (k = 0; k < 20000; k++)
		fprintf(f, "%08d big file line%s\n", k, k == 9000 ? "!" : "");
	fclose(f);
	snprintf(path, sizeof(path), "%s/bin.dat", repo);
	f = fopen(path, "wb");
	for (k = 0; k < 5000; k++)
		fputc((k * 7919) & 0xff, f);
	fclose(f);
	CHECK_INT(sh("cd %s && git add -A && git -c user.name=t "
		     "-c user.email=t@example.org commit -qm one",
		     repo),
		  0);
}

struct cmp {
	git_odb *odb;
	struct source_packs *ps;
	int read, same, stepped, unreadable;
	int hdr, hdr_same; /* headers told by the packs, and as libgit2's */
};

static int each(const char *root, const git_tree_entry *e, void *payload)
{
	struct cmp *c = payload;
	struct dpg_buf b = DPG_BUF_INIT(1u << 30);
	git_odb_object *o;

	size_t size, gsize;
	git_object_t gtype;
	int type;

	(void)root;
	if (source_packs_header(c->ps, git_tree_entry_id(e)->id, &type,
				&size) == 0) {
		c->hdr++;
		c->hdr_same += git_odb_read_header(&gsize, &gtype, c->odb,
						   git_tree_entry_id(e)) == 0 &&
			       gsize == size && (int)gtype == type;
	}
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	if (git_odb_read(&o, c->odb, git_tree_entry_id(e)) < 0) {
		c->unreadable++;
		return 0;
	}
	if (source_packs_read(c->ps, git_tree_entry_id(e)->id,
			      git_odb_object_size(o), 0, &b) == 0) {
		c->read++;
		c->same += b.len == git_odb_object_size(o) &&
			   !memcmp(b.ptr, git_odb_object_data(o), b.len);
	} else {
		c->stepped++;
	}
	git_odb_object_free(o);
	dpg_buf_release(&b);
	return 0;
}

/* Read every blob of repo's HEAD with libgit2 and with the packs of
 * other's objects (other: a copy of repo, damaged or not). */
static void compare2(struct cmp *out, const char *repo, const char *other)
{
	struct cmp c = {0};
	git_repository *r;
	git_object *tree;
	char *objects = xasprintf("%s/.git/objects", other);

	memset(out, 0, sizeof(*out));

	CHECK_INT(git_repository_open(&r, repo), 0);
	CHECK_INT(git_repository_odb(&c.odb, r), 0);
	CHECK_INT(git_revparse_single(&tree, r, "HEAD^{tree}"), 0);
	c.ps = source_packs_open(objects);
	git_tree_walk((git_tree *)tree, GIT_TREEWALK_PRE, each, &c);
	source_packs_free(c.ps);
	git_object_free(tree);
	git_odb_free(c.odb);
	git_repository_free(r);
	free(objects);
	CHECK_INT(c.unreadable, 0);
	*out = c;
}

/* A packed copy of make_repo's repository at NAME, and a copy of that at
 * NAME-copy to damage. */
static void packed_pair(char *repo, char *copy, size_t n, const char *name)
{
	snprintf(repo, n, "%s/%s", tmp(), name);
	snprintf(copy, n, "%s/%s-copy", tmp(), name);
	make_repo(repo);
	CHECK_INT(sh("git -C %s repack -q -adf --depth=50 --window=50", repo),
		  0);
	CHECK_INT(sh("cp -a %s %s && chmod -R u+w %s", repo, copy, copy), 0);
}

/* How many entries of repo's pack are stored as deltas. */
static int deltas(const char *repo)
{
	char cmd[512], line[512];
	FILE *p;
	int n = 0;

	snprintf(cmd, sizeof(cmd),
		 "git -C %s verify-pack -v %s/.git/objects/pack/*.idx", repo,
		 repo);
	p = popen(cmd, "r");
	while (fgets(line, sizeof(line), p)) {
		char id[64], type[16], base[64];
		unsigned long a, b, c, depth;

		if (sscanf(line, "%63s %15s %lu %lu %lu %lu %63s", id, type, &a,
			   &b, &c, &depth, base) == 7)
			n++;
	}
	pclose(p);
	return n;
}

TEST(test_pack__offset_deltas)
{
	char repo[600];
	struct cmp c;

	snprintf(repo, sizeof(repo), "%s/ofs", tmp());
	make_repo(repo);
	CHECK_INT(sh("git -C %s repack -q -adf --depth=50 --window=50", repo),
		  0);
	CHECK(deltas(repo) > 20);
	compare2(&c, repo, repo);
	CHECK_INT(c.read, 44);
	CHECK_INT(c.same, 44);
	CHECK_INT(c.stepped, 0);
	/* every blob's type and size as libgit2 tells them, deltas or not */
	CHECK_INT(c.hdr, 44);
	CHECK_INT(c.hdr_same, 44);
}

TEST(test_pack__reference_deltas)
{
	char repo[600];
	struct cmp c;

	snprintf(repo, sizeof(repo), "%s/ref", tmp());
	make_repo(repo);
	CHECK_INT(sh("git -C %s -c repack.useDeltaBaseOffset=false repack -q "
		     "-adf --depth=50 --window=50",
		     repo),
		  0);
	CHECK(deltas(repo) > 20);
	compare2(&c, repo, repo);
	CHECK_INT(c.read, 44);
	CHECK_INT(c.same, 44);
	CHECK_INT(c.hdr, 44);
	CHECK_INT(c.hdr_same, 44);
}

struct hdrs {
	git_odb *odb;
	struct source_packs *ps;
	int told, same, types[8];
};

static int hdr_each(const git_oid *id, void *payload)
{
	struct hdrs *h = payload;
	size_t size, gsize;
	git_object_t gtype;
	int type;

	if (source_packs_header(h->ps, id->id, &type, &size) != 0)
		return 0;
	h->told++;
	h->types[type & 7]++;
	h->same += git_odb_read_header(&gsize, &gtype, h->odb, id) == 0 &&
		   gsize == size && (int)gtype == type;
	return 0;
}

/* Every object of a pack (commits, trees, blobs, tags; trees and blobs
 * stored as deltas of deltas) has the type and size libgit2 gives it. */
TEST(test_pack__headers)
{
	char repo[600], *objects;
	struct hdrs h = {0};
	git_repository *r;
	int i;

	snprintf(repo, sizeof(repo), "%s/hdr", tmp());
	make_repo(repo);
	for (i = 0; i < 6; i++)
		CHECK_INT(sh("cd %s && mkdir -p sub/d%d && echo %d >> "
			     "doc-0%d.txt && cp doc-1%d.txt sub/d%d/x && git "
			     "add -A && git -c user.name=t -c "
			     "user.email=t@example.org commit -qm %d && git "
			     "-c user.name=t -c user.email=t@example.org tag "
			     "-a -m t%d t%d",
			     repo, i, i, i, i, i, i, i, i),
			  0);
	CHECK_INT(sh("git -C %s repack -q -adf --depth=50 --window=50", repo),
		  0);
	CHECK_INT(git_repository_open(&r, repo), 0);
	CHECK_INT(git_repository_odb(&h.odb, r), 0);
	objects = xasprintf("%s/.git/objects", repo);
	h.ps = source_packs_open(objects);
	CHECK(h.ps != NULL);
	git_odb_foreach(h.odb, hdr_each, &h);
	source_packs_free(h.ps);
	git_odb_free(h.odb);
	git_repository_free(r);
	free(objects);
	CHECK(h.told > 44 + 6 * 3);
	CHECK_INT(h.same, h.told);
	CHECK_INT(h.types[1], 7); /* commits */
	CHECK_INT(h.types[4], 6); /* tags */
	CHECK(h.types[2] > 6);	  /* trees */
}

TEST(test_pack__loose_objects_left_to_libgit2)
{
	char repo[600];
	struct cmp c;

	snprintf(repo, sizeof(repo), "%s/loose", tmp());
	make_repo(repo);
	compare2(&c, repo, repo); /* no pack at all: open gives NULL */
	CHECK_INT(c.read, 0);
	CHECK_INT(c.stepped, 44);
}

TEST(test_pack__damaged_pack_steps_aside)
{
	char repo[600], copy[600];
	struct cmp c;

	/* 64 bytes flipped in the middle of the pack: the objects there
	 * fail to inflate (or their deltas to apply) and are left to
	 * libgit2, which reports them; none is read wrong */
	packed_pair(repo, copy, sizeof(repo), "bad");
	CHECK_INT(
		sh("cd %s/.git/objects/pack && python3 -c \"import glob; "
		   "f=glob.glob('*.pack')[0]; "
		   "b=bytearray(open(f,'rb').read()); "
		   "h=len(b)//2; b[h:h+64]=bytes(x ^ 0x5a for x in b[h:h+64]); "
		   "open(f,'wb').write(b)\"",
		   copy),
		0);
	compare2(&c, repo, copy);
	CHECK(c.stepped > 0);
	CHECK(c.read > 0);
	CHECK_INT(c.same, c.read);
}

TEST(test_pack__random_damage)
{
	char repo[600], copy[600], path[1400];
	struct dpg_buf good = DPG_BUF_INIT(1u << 26);
	unsigned int seed = 12345, stepped = 0;
	struct cmp c;
	int i;

	/* one byte changed at a time, 300 times over: whatever it hits
	 * (a header, a size, an offset, a delta instruction, compressed
	 * data), what is read is libgit2's bytes or nothing */
	packed_pair(repo, copy, sizeof(repo), "fuzz");
	CHECK_INT(sh("cd %s/.git/objects/pack && ln -s *.pack the.pack", copy),
		  0);
	snprintf(path, sizeof(path), "%s/.git/objects/pack/the.pack", copy);
	CHECK_INT(dpg_buf_read_file(&good, path, "pack", 0, NULL), 0);
	for (i = 0; i < 300; i++) {
		size_t at;
		FILE *f;

		seed = seed * 1103515245u + 12345u;
		at = 12 + (seed >> 8) % (good.len - 32);
		f = fopen(path, "r+b");
		CHECK(f != NULL);
		fseek(f, (long)at, SEEK_SET);
		fputc(good.ptr[at] ^ (int)(1 + (seed >> 4) % 255), f);
		fclose(f);
		compare2(&c, repo, copy);
		CHECK_INT(c.same, c.read);
		stepped += (unsigned int)c.stepped;
		f = fopen(path, "r+b");
		fseek(f, (long)at, SEEK_SET);
		fputc(good.ptr[at], f);
		fclose(f);
	}
	CHECK(stepped > 0);
	dpg_buf_release(&good);
}

TEST(test_pack__truncated_pack_steps_aside)
{
	char repo[600], copy[600];
	struct cmp c;

	packed_pair(repo, copy, sizeof(repo), "short");
	CHECK_INT(sh("cd %s/.git/objects/pack && for f in *.pack; do "
		     "truncate -s $(($(stat -c %%s $f) / 3)) $f; done",
		     copy),
		  0);
	compare2(&c, repo, copy);
	CHECK(c.stepped > 0);
	CHECK_INT(c.same, c.read);
	/* an index cut short is not used at all */
	CHECK_INT(sh("cd %s/.git/objects/pack && for f in *.idx; do "
		     "truncate -s 1000 $f; done",
		     copy),
		  0);
	compare2(&c, repo, copy);
	CHECK_INT(c.read, 0);
	CHECK_INT(c.stepped, 44);
}

TEST(test_pack__alternates_left_to_libgit2)
{
	char repo[600], copy[600];
	struct cmp c;

	packed_pair(repo, copy, sizeof(repo), "alt");
	CHECK_INT(
		sh("echo /nonexistent > %s/.git/objects/info/alternates", copy),
		0);
	compare2(&c, repo, copy);
	CHECK_INT(c.read, 0);
	CHECK_INT(c.stepped, 44);
}

/* Every blob of a repository, as libgit2 reads it. */
struct blobs {
	git_oid id[64];
	git_odb_object *obj[64];
	size_t n;
};

static int collect(const char *root, const git_tree_entry *e, void *payload)
{
	struct blobs *b = payload;

	(void)root;
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB && b->n < 64)
		git_oid_cpy(&b->id[b->n++], git_tree_entry_id(e));
	return 0;
}

struct reading {
	struct source_packs *ps;
	const struct blobs *b;
	int backwards, rounds, same, wrong;
};

/* Read every blob `rounds` times with one reader (a thread's). */
static void *read_all(void *arg)
{
	struct reading *r = arg;
	struct dpg_buf buf = DPG_BUF_INIT(1u << 26);
	int k;
	size_t i;

	for (k = 0; k < r->rounds; k++)
		for (i = 0; i < r->b->n; i++) {
			size_t at = r->backwards ? r->b->n - 1 - i : i;
			git_odb_object *o = r->b->obj[at];
			size_t n = git_odb_object_size(o);

			if (source_packs_read(r->ps, r->b->id[at].id, n, 0,
					      &buf) == 0 &&
			    buf.len == n &&
			    !memcmp(buf.ptr, git_odb_object_data(o), n))
				r->same++;
			else
				r->wrong++;
		}
	dpg_buf_release(&buf);
	return NULL;
}

TEST(test_pack__shared_readers_on_threads)
{
	char repo[600], copy[600], *objects;
	struct blobs b = {0};
	struct reading r[3];
	pthread_t th[2];
	unsigned char none[20];
	git_repository *repo_h;
	git_odb *odb;
	git_object *tree;
	size_t i;
	int t;

	/* three readers of one pack set (and of its delta base cache): the
	 * first opened and two shares, each on its own thread, reading every
	 * blob, deltas included, in opposite orders */
	packed_pair(repo, copy, sizeof(repo), "threads");
	CHECK(deltas(repo) > 20);
	CHECK_INT(git_repository_open(&repo_h, repo), 0);
	CHECK_INT(git_repository_odb(&odb, repo_h), 0);
	CHECK_INT(git_revparse_single(&tree, repo_h, "HEAD^{tree}"), 0);
	git_tree_walk((git_tree *)tree, GIT_TREEWALK_PRE, collect, &b);
	CHECK_INT(b.n, 44);
	for (i = 0; i < b.n; i++)
		CHECK_INT(git_odb_read(&b.obj[i], odb, &b.id[i]), 0);
	objects = xasprintf("%s/.git/objects", repo);
	memset(r, 0, sizeof(r));
	r[0].ps = source_packs_open(objects);
	CHECK(r[0].ps != NULL);
	r[1].ps = source_packs_share(r[0].ps);
	r[2].ps = source_packs_share(r[0].ps);
	CHECK(r[1].ps && r[2].ps);
	CHECK(source_packs_share(NULL) == NULL);
	for (i = 0; i < b.n; i++)
		CHECK(source_packs_has(r[1].ps, b.id[i].id));
	memset(none, 0xab, sizeof(none));
	CHECK(!source_packs_has(r[0].ps, none));
	CHECK(!source_packs_has(NULL, b.id[0].id));
	for (t = 0; t < 3; t++) {
		r[t].b = &b;
		r[t].rounds = 5;
		r[t].backwards = t == 1;
	}
	for (t = 0; t < 2; t++)
		CHECK_INT(pthread_create(&th[t], NULL, read_all, &r[t + 1]), 0);
	read_all(&r[0]);
	for (t = 0; t < 2; t++)
		pthread_join(th[t], NULL);
	/* a share goes before or after the first reader: the maps stay
	 * until the first goes */
	source_packs_free(r[1].ps);
	source_packs_free(r[2].ps);
	source_packs_free(r[0].ps);
	for (i = 0; i < b.n; i++)
		git_odb_object_free(b.obj[i]);
	git_object_free(tree);
	git_odb_free(odb);
	git_repository_free(repo_h);
	free(objects);
	for (t = 0; t < 3; t++) {
		CHECK_INT(r[t].wrong, 0);
		CHECK_INT(r[t].same, 5 * 44);
	}
}

/* A git source defers its packed blobs: a reader on another thread and
 * the source itself (dpg_source_read_ref) read what dpg_source_read
 * reads; loose blobs are not deferred. */
static void *read_ref_thread(void *arg)
{
	void **a = arg;
	const char *data = NULL;
	size_t len = 0;
	char *copy;

	if (dpg_source_reader_read(a[0], a[1], &data, &len) != 0)
		return NULL;
	copy = xmalloc(len + 1);
	memcpy(copy, data, len + 1); /* NUL-terminated */
	a[2] = copy;
	a[3] = (void *)len;
	return NULL;
}

static void check_deferred(const char *target, int packed, int *deferred,
			   int *files)
{
	struct dpg_source_opts so = DPG_SOURCE_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_source *src;
	struct dpg_source_reader *rd;
	const struct dpg_file *f;

	*deferred = *files = 0;
	CHECK_INT(dpg_source_open(&src, target, &so, &err), 0);
	rd = dpg_source_reader_new(src);
	while (dpg_source_next(src, &f, &err) == 1) {
		struct dpg_source_ref ref;
		const char *data, *again;
		char *copy;
		size_t len, len2;
		void *a[4] = {rd, &ref, NULL, NULL};
		pthread_t th;

		if (f->skip || f->mode != DPG_MODE_FILE)
			continue;
		(*files)++;
		if (!dpg_source_defer(src, &ref)) {
			CHECK_INT(dpg_source_read(src, &data, &len, &err), 0);
			continue;
		}
		(*deferred)++;
		CHECK_INT(ref.size, f->size);
		CHECK_INT(pthread_create(&th, NULL, read_ref_thread, a), 0);
		pthread_join(th, NULL);
		CHECK(a[2] != NULL);
		CHECK_INT(dpg_source_read(src, &data, &len, &err), 0);
		CHECK_INT((size_t)a[3], len);
		CHECK(!memcmp(a[2], data, len));
		free(a[2]);
		copy = xmalloc(len + 1);
		memcpy(copy, data, len);
		CHECK_INT(dpg_source_read_ref(src, &ref, &again, &len2, &err),
			  0);
		CHECK_INT(len2, len);
		CHECK(!memcmp(again, copy, len));
		free(copy);
	}
	CHECK(packed ? rd != NULL : 1);
	dpg_source_reader_free(rd);
	dpg_source_free(src);
}

TEST(test_pack__source_defers_packed_blobs)
{
	char repo[600], copy[600], target[700];
	int deferred, files;

	packed_pair(repo, copy, sizeof(repo), "defer");
	snprintf(target, sizeof(target), "%s/.git", repo);
	check_deferred(target, 1, &deferred, &files);
	CHECK_INT(files, 44);
	CHECK_INT(deferred, 44);
	/* a loose repository: nothing deferred, all read by the source */
	snprintf(repo, sizeof(repo), "%s/defer-loose", tmp());
	make_repo(repo);
	snprintf(target, sizeof(target), "%s/.git", repo);
	check_deferred(target, 0, &deferred, &files);
	CHECK_INT(files, 44);
	CHECK_INT(deferred, 0);
}

/* last: the repositories go */
/* What a head read (a binary file's name) gives of each blob of repo. */
struct heads {
	git_odb *odb;
	struct source_packs *ps;
	int whole, whole_binary, cut, wrong;
};

static int head_each(const char *root, const git_tree_entry *e, void *payload)
{
	struct heads *h = payload;
	struct dpg_buf b = DPG_BUF_INIT(1u << 30);
	git_odb_object *o;
	const char *want;
	size_t n;

	(void)root;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_odb_read(&o, h->odb, git_tree_entry_id(e)) < 0)
		return 0;
	n = git_odb_object_size(o);
	want = git_odb_object_data(o);
	if (source_packs_read(h->ps, git_tree_entry_id(e)->id, n,
			      DPG_BINARY_HEAD, &b) != 0) {
		h->wrong++;
	} else if (b.len == n && !memcmp(b.ptr, want, n)) {
		/* whole: not binary, no longer than the head, or a delta */
		h->whole++;
		h->whole_binary +=
			n > DPG_BINARY_HEAD && dpg_is_binary(want, n);
	} else {
		/* cut: binary, the same bytes up to (and with) its first NUL,
		   which the whole read would have found there too */
		const char *nul = memchr(want, '\0', n);

		h->cut++;
		h->wrong +=
			!(b.len < n && nul && dpg_is_binary(want, n) &&
			  (size_t)(nul - want) + 1 == b.len &&
			  !memcmp(b.ptr, want, b.len) && b.ptr[b.len] == '\0');
	}
	git_odb_object_free(o);
	dpg_buf_release(&b);
	return 0;
}

/* Blobs named as binary: one with a NUL at once and one with its first
 * NUL late in its head are read up to it, one with its first NUL past the
 * head, a text and a short binary whole; so is one stored as a delta. */
TEST(test_pack__binary_heads)
{
	static const size_t nul_at[] = {8, 300, 7999, 8000, 20000, 0};
	struct heads h = {0};
	git_repository *r;
	git_object *tree;
	char repo[600], path[700], *objects;
	size_t i, k;
	uint32_t x;
	FILE *f;

	snprintf(repo, sizeof(repo), "%s/heads", tmp());
	CHECK_INT(sh("git init -q %s", repo), 0);
	for (i = 0; i < DPG_ARRAY_SIZE(nul_at); i++) {
		snprintf(path, sizeof(path), "%s/f%zu.png", repo, i);
		f = fopen(path, "wb");
		for (k = 0, x = (uint32_t)i + 1; k < 60000; k++) {
			/* each its own: compressible, then not; no deltas */
			x = x * 1103515245u + 12345u;
			fputc(k + 1 == nul_at[i] ? 0
			      : k < 30000	 ? 'a' + (int)(x >> 16) % 7
						 : 1 + (int)(x >> 16) % 255,
			      f);
		}
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/short.gz", repo);
	f = fopen(path, "wb");
	fputs("\x1f\x8b\x08", f);
	fputc(0, f);
	fclose(f);
	CHECK_INT(sh("cd %s && cp f0.png g0.png && printf x >> g0.png && "
		     "git add -A && git -c user.name=t -c "
		     "user.email=t@example.org commit -qm one && git gc -q",
		     repo),
		  0);
	CHECK_INT(git_repository_open(&r, repo), 0);
	CHECK_INT(git_repository_odb(&h.odb, r), 0);
	CHECK_INT(git_revparse_single(&tree, r, "HEAD^{tree}"), 0);
	objects = xasprintf("%s/.git/objects", repo);
	h.ps = source_packs_open(objects);
	CHECK(h.ps != NULL);
	CHECK_INT(git_tree_walk((git_tree *)tree, GIT_TREEWALK_PRE, head_each,
				&h),
		  0);
	CHECK_INT(h.wrong, 0);
	/* f1..f3 and one of f0 and g0 at least (the other may be a delta,
	   read whole) */
	CHECK(h.cut >= 4 && h.cut + h.whole_binary == 5);
	CHECK_INT(h.cut + h.whole, 8);
	source_packs_free(h.ps);
	free(objects);
	git_object_free(tree);
	git_odb_free(h.odb);
	git_repository_free(r);
}

TEST(test_pack__cleanup)
{
	CHECK_INT(sh("rm -rf %s", dir), 0);
	git_libgit2_shutdown();
}

TEST_MAIN("test_pack", T(test_pack__offset_deltas), T(test_pack__headers),
	  T(test_pack__reference_deltas),
	  T(test_pack__loose_objects_left_to_libgit2),
	  T(test_pack__damaged_pack_steps_aside), T(test_pack__random_damage),
	  T(test_pack__truncated_pack_steps_aside),
	  T(test_pack__alternates_left_to_libgit2),
	  T(test_pack__shared_readers_on_threads),
	  T(test_pack__source_defers_packed_blobs), T(test_pack__binary_heads),
	  T(test_pack__cleanup))
