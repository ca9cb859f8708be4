/*
 * fuzz_git.c: libFuzzer target for the git tree walk (src/source/git.c):
 * raw tree parsing, repeated and self-referencing trees, modes, names,
 * long paths, blobs of the wrong type.  The input is a list of objects,
 * each [type][length, 2 bytes little-endian][data]: type & 1 is a blob,
 * else a tree in git's raw format ("MODE SP NAME NUL ID", IDs being
 * 20 bytes).  Object i is stored under memodb_id(i) (byte 0 = i + 1, the
 * rest 0), so trees name each other, and themselves, by index; object 0
 * is the root.  Hash checks are off (source_git_verify), or nothing but
 * real ids could be walked.
 *
 * Checks: no crash, leak or hang; every entry walked has a clean relative
 * path; no tree is walked twice, so the entries are at most those of all
 * the trees; reading a blob gives its length.
 */
#include "fuzz.h"
#include "memodb.h"
#include "dpg/source.h"
#include "source/source_int.h"

static int clean(const char *p)
{
	size_t n;

	if (!*p || *p == '/')
		return 0;
	for (; *p; p += n + (p[n] == '/')) {
		n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
	}
	return p[-1] != '/';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dpg_source_opts so = DPG_SOURCE_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	git_repository *repo = NULL;
	struct dpg_source *src = NULL;
	const struct dpg_file *f;
	struct memodb *m;
	size_t pos = 0, i, max_entries = 0, entries = 0, len;
	const char *content;
	git_oid root;
	int rc;

	source_git_verify = 0;
	memodb_repo(&repo, &m);
	while (pos + 3 <= size && m->n < MEMODB_MAX) {
		size_t n = (size_t)data[pos + 1] | (size_t)data[pos + 2] << 8;
		git_object_t type =
			(data[pos] & 1) ? GIT_OBJECT_BLOB : GIT_OBJECT_TREE;

		pos += 3;
		if (n > size - pos)
			n = size - pos;
		memodb_add(m, type, data + pos, n);
		pos += n;
	}
	/* an upper bound on the entries: one per 22 bytes of tree data */
	for (i = 0; i < m->n; i++)
		if (m->obj[i].type == GIT_OBJECT_TREE)
			max_entries += m->obj[i].len / 22 + 1;
	memodb_id(&root, 0);
	so.max_file_size = 1 << 16;
	if (source_git_open_tree(&src, repo, &root, &so, &err) == 0) {
		while ((rc = dpg_source_next(src, &f, &err)) > 0) {
			if (++entries > max_entries)
				abort(); /* a tree was walked twice */
			if (!f->skip && !clean(f->path))
				abort();
			if (!f->skip && f->mode == DPG_MODE_FILE &&
			    dpg_source_read(src, &content, &len, &err) == 0 &&
			    len != f->size)
				abort();
		}
		if (rc < 0 && !err.msg[0])
			abort();
		dpg_source_free(src);
	} else if (!err.msg[0]) {
		abort();
	}
	git_repository_free(repo);
	return 0;
}
