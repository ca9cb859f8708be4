/*
 * test_pack.c: the pack reader (src/source/pack.c) against libgit2 on
 * repositories made here with git: every blob it reads must be libgit2's
 * byte for byte, in packs with offset deltas and with reference deltas;
 * a damaged or truncated pack and alternates make it step aside (1),
 * never crash or answer wrong bytes.
 */
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
};

static int each(const char *root, const git_tree_entry *e, void *payload)
{
	struct cmp *c = payload;
	struct dpg_buf b = DPG_BUF_INIT(1u << 30);
	git_odb_object *o;

	(void)root;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	if (git_odb_read(&o, c->odb, git_tree_entry_id(e)) < 0) {
		c->unreadable++;
		return 0;
	}
	if (source_packs_read(c->ps, git_tree_entry_id(e)->id,
			      git_odb_object_size(o), &b) == 0) {
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

/* last: the repositories go */
TEST(test_pack__cleanup)
{
	CHECK_INT(sh("rm -rf %s", dir), 0);
	git_libgit2_shutdown();
}

TEST_MAIN("test_pack", T(test_pack__offset_deltas),
	  T(test_pack__reference_deltas),
	  T(test_pack__loose_objects_left_to_libgit2),
	  T(test_pack__damaged_pack_steps_aside), T(test_pack__random_damage),
	  T(test_pack__truncated_pack_steps_aside),
	  T(test_pack__alternates_left_to_libgit2), T(test_pack__cleanup))
