/*
 * memodb.h: a git object database in memory whose objects are stored under
 * ids the caller chooses, right or wrong (a tree can name itself), for
 * tests/fuzz/fuzz_git.c and tests/unit/test_git.c.  Object i gets the id
 * memodb_id(i): byte 0 is i + 1, the other 19 are 0.
 */
#ifndef DPG_MEMODB_H
#define DPG_MEMODB_H

#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>

#define MEMODB_MAX 255

struct memodb_obj {
	git_object_t type;
	const void *data;
	size_t len;
};

struct memodb {
	git_odb_backend parent;
	struct memodb_obj obj[MEMODB_MAX];
	size_t n;
};

static inline void memodb_id(git_oid *id, size_t i)
{
	memset(id, 0, sizeof(*id));
	id->id[0] = (unsigned char)(i + 1);
}

static inline const struct memodb_obj *memodb_find(git_odb_backend *b,
						   const git_oid *id)
{
	const struct memodb *m = (const struct memodb *)b;
	size_t i = id->id[0];
	git_oid want;

	if (i == 0 || i > m->n)
		return NULL;
	memodb_id(&want, i - 1);
	return git_oid_equal(&want, id) ? &m->obj[i - 1] : NULL;
}

static inline int memodb_read(void **buf, size_t *len, git_object_t *type,
			      git_odb_backend *b, const git_oid *id)
{
	const struct memodb_obj *o = memodb_find(b, id);

	if (!o)
		return GIT_ENOTFOUND;
	*buf = git_odb_backend_data_alloc(b, o->len ? o->len : 1);
	memcpy(*buf, o->data, o->len);
	*len = o->len;
	*type = o->type;
	return 0;
}

static inline int memodb_read_header(size_t *len, git_object_t *type,
				     git_odb_backend *b, const git_oid *id)
{
	const struct memodb_obj *o = memodb_find(b, id);

	if (!o)
		return GIT_ENOTFOUND;
	*len = o->len;
	*type = o->type;
	return 0;
}

static inline int memodb_exists(git_odb_backend *b, const git_oid *id)
{
	return memodb_find(b, id) != NULL;
}

static inline void memodb_free(git_odb_backend *b)
{
	free(b);
}

/* A repository over a new, empty memodb (*m, owned by the repository). */
static inline int memodb_repo(git_repository **repo, struct memodb **m)
{
	git_odb *odb = NULL;

	git_libgit2_init();
	*m = calloc(1, sizeof(**m));
	if (!*m)
		abort();
	git_odb_init_backend(&(*m)->parent, GIT_ODB_BACKEND_VERSION);
	(*m)->parent.read = memodb_read;
	(*m)->parent.read_header = memodb_read_header;
	(*m)->parent.exists = memodb_exists;
	(*m)->parent.free = memodb_free;
	if (git_odb_new(&odb) < 0 ||
	    git_odb_add_backend(odb, &(*m)->parent, 1) < 0 ||
	    git_repository_wrap_odb(repo, odb) < 0)
		abort();
	git_odb_free(odb);
	return 0;
}

/* Add an object (data is borrowed: keep it alive); returns its index. */
static inline size_t memodb_add(struct memodb *m, git_object_t type,
				const void *data, size_t len)
{
	if (m->n == MEMODB_MAX)
		abort();
	m->obj[m->n].type = type;
	m->obj[m->n].data = data;
	m->obj[m->n].len = len;
	return m->n++;
}

#endif
