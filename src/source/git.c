/*
 * git.c: a git repository read straight from its object database at a
 * revision: no checkout, no temporary files.
 *
 * The repository may be hostile.  Trees are read raw and parsed here
 * (source_tree_next), each checked against its id (a tree stored under
 * the wrong id could name itself); a tree id seen before is not walked
 * again but recorded as skipped, "repeated tree, same as PATH", which
 * defuses trees that reference one subtree many times at every level
 * (10^10 paths from a few kilobytes); entries count against
 * --max-entries, folders against --max-depth, and a path over 64 KiB is
 * skipped.  Blobs are read without re-hashing them (the cost of SHA-1 on
 * every byte; zlib's checksum still guards them), as git archive does.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "source_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

int source_git_verify = 1;

struct frame {
	git_odb_object *obj; /* the raw tree */
	const char *data;
	size_t size, pos;
	size_t prefix_len; /* length of the path prefix for this tree */
};

/* Tree ids seen, with the path of the first place: open addressing. */
struct seen_tree {
	git_oid id;
	const char *path; /* arena; "" for the root */
};

struct git_source {
	struct dpg_source base;
	git_repository *repo;
	git_odb *odb;
	int own_repo; /* free repo at the end */
	struct frame *stack;
	size_t depth, cap;
	struct seen_tree *seen;
	size_t nseen, seen_cap; /* seen_cap: a power of two */
	git_oid blob;		/* current entry's blob */
	size_t blob_size;	/* its size, from its header */
	int have_blob;
	struct source_packs *packs; /* pack.c: the fast path of git_read */
	int packs_tried;
};

static pthread_once_t git_once = PTHREAD_ONCE_INIT;

/* Once per process, never shut down: libgit2's global init costs a few
 * milliseconds (its TLS setup: git_tls.c), and an init/shutdown pair
 * elsewhere would make the next init pay it again. */
static void git_init_once(void)
{
	source_git_tls_defer(1); /* git_tls.c */
	git_libgit2_init();
	source_git_tls_defer(0);
	/* we only read; never let libgit2 look at the user's files */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/* blobs are read as git archive does, trusting zlib's checksum
	   rather than re-hashing every byte; trees and the commit are
	   checked here (verify_object), which costs little */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

void dpg_git_init(void)
{
	pthread_once(&git_once, git_init_once);
}

static const char *git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown libgit2 error";
}

/* ---- raw trees ------------------------------------------------------ */

int source_tree_next(const char *data, size_t size, size_t *pos,
		     struct source_tree_entry *e)
{
	size_t p = *pos, digits = 0;
	const char *nul;

	if (p >= size)
		return 0;
	e->mode = 0;
	while (p < size && data[p] != ' ') {
		if (data[p] < '0' || data[p] > '7' || ++digits > 7)
			return -1;
		e->mode = e->mode * 8 + (unsigned int)(data[p] - '0');
		p++;
	}
	if (!digits || p >= size)
		return -1;
	p++;
	nul = memchr(data + p, '\0', size - p);
	if (!nul || nul == data + p || (size_t)(data + size - nul) < 21)
		return -1;
	e->name = data + p;
	e->name_len = (size_t)(nul - e->name);
	e->id = (const unsigned char *)nul + 1;
	*pos = (size_t)(nul + 21 - data);
	return 1;
}

int source_unsafe_name(const char *name, size_t len)
{
	return len == 0 || memchr(name, '/', len) ||
	       (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.') ||
	       (len == 4 && dpg_strncasecmp(name, ".git", 4) == 0);
}

/*
 * Read object id and check it: *obj set and 0, or a skip reason (a
 * missing or damaged object, an object of another type, content that
 * does not hash to its id).
 */
static const char *read_object(struct git_source *g, const git_oid *id,
			       git_object_t type, git_odb_object **obj)
{
	git_oid actual;
	int rc;

	*obj = NULL;
	rc = git_odb_read(obj, g->odb, id);
	if (rc == GIT_ENOTFOUND)
		return "missing object";
	if (rc < 0)
		return source_reason(&g->base, "damaged object: %s", git_msg());
	if (git_odb_object_type(*obj) != type) {
		git_object_t got = git_odb_object_type(*obj);

		git_odb_object_free(*obj);
		*obj = NULL;
		return source_reason(&g->base, "not a %s but a %s",
				     git_object_type2string(type),
				     git_object_type2string(got));
	}
	if (source_git_verify &&
	    (git_odb_hash(&actual, git_odb_object_data(*obj),
			  git_odb_object_size(*obj), type) < 0 ||
	     !git_oid_equal(&actual, id))) {
		git_odb_object_free(*obj);
		*obj = NULL;
		return "damaged object: content does not match its id";
	}
	return NULL;
}

/* ---- trees seen ----------------------------------------------------- */

static size_t seen_slot(const struct git_source *g, const git_oid *id)
{
	size_t h, mask = g->seen_cap - 1;

	memcpy(&h, id->id, sizeof(h));
	for (h &= mask; g->seen[h].path; h = (h + 1) & mask)
		if (git_oid_equal(&g->seen[h].id, id))
			break;
	return h;
}

/* The path where tree id was first seen, or NULL (then it is added). */
static const char *seen_or_add(struct git_source *g, const git_oid *id,
			       const char *path)
{
	size_t i;

	if (g->nseen + 1 > g->seen_cap / 2) {
		struct seen_tree *old = g->seen;
		size_t n = g->seen_cap;

		g->seen_cap = n ? n * 2 : 64;
		g->seen = xcalloc(g->seen_cap, sizeof(*g->seen));
		for (i = 0; i < n; i++)
			if (old[i].path)
				g->seen[seen_slot(g, &old[i].id)] = old[i];
		free(old);
	}
	i = seen_slot(g, id);
	if (g->seen[i].path)
		return g->seen[i].path;
	git_oid_cpy(&g->seen[i].id, id);
	g->seen[i].path = dpg_arena_strdup(&g->base.arena, path);
	g->nseen++;
	return NULL;
}

/* ---- the walk ------------------------------------------------------- */

static void push_tree(struct git_source *g, git_odb_object *obj,
		      size_t prefix_len)
{
	struct frame *fr;

	dpg_grow(&g->stack, &g->cap, g->depth + 1, sizeof(*g->stack));
	fr = &g->stack[g->depth++];
	fr->obj = obj;
	fr->data = git_odb_object_data(obj);
	fr->size = git_odb_object_size(obj);
	fr->pos = 0;
	fr->prefix_len = prefix_len;
}

static void pop_tree(struct git_source *g)
{
	git_odb_object_free(g->stack[--g->depth].obj);
}

/* Why tree id at the current path is not walked, or NULL: walk it. */
static const char *enter_tree(struct git_source *g, const git_oid *id,
			      git_odb_object **obj)
{
	struct dpg_source *s = &g->base;
	const char *first, *why;
	size_t n;

	*obj = NULL;
	if (g->depth >= s->max_depth)
		return "too deep";
	first = seen_or_add(g, id, s->path.ptr);
	if (first) {
		n = strlen(first);
		if (!*first || (strncmp(s->path.ptr, first, n) == 0 &&
				s->path.ptr[n] == '/'))
			return source_reason(s,
					     "tree loop: contains itself (%s)",
					     *first ? first : "the root");
		return source_reason(s, "repeated tree, same as %s", first);
	}
	why = read_object(g, id, GIT_OBJECT_TREE, obj);
	return why;
}

/* The mode of an entry, as struct dpg_file has it. */
static unsigned int file_mode(unsigned int mode)
{
	switch (mode & 0170000) {
	case 0100000:
		return (mode & 0100) ? DPG_MODE_EXEC : DPG_MODE_FILE;
	case 0120000:
		return DPG_MODE_LINK;
	case 0160000:
		return DPG_MODE_GITLINK;
	default:
		return DPG_MODE_OTHER;
	}
}

/* The packs of the repository (pack.c), opened at the first
 * use. */
static struct source_packs *packs(struct git_source *g)
{
	if (!g->packs_tried) {
		char *dir = xasprintf("%sobjects",
				      git_repository_commondir(g->repo));

		g->packs_tried = 1;
		g->packs = source_packs_open(dir);
		free(dir);
	}
	return g->packs;
}

static int git_next(struct dpg_source *s, const struct dpg_file **out,
		    struct dpg_error *err)
{
	struct git_source *g = (struct git_source *)s;
	struct dpg_file *f = &s->cur;
	int rc;

	g->have_blob = 0;
	while (g->depth > 0) {
		struct frame *fr = &g->stack[g->depth - 1];
		struct source_tree_entry e;
		git_odb_object *sub;
		const char *why;
		git_oid id;

		rc = source_tree_next(fr->data, fr->size, &fr->pos, &e);
		if (rc == 0) {
			pop_tree(g);
			continue;
		}
		memset(f, 0, sizeof(*f));
		if (rc < 0) {
			/* the rest of this tree cannot be read: record the
			 * tree itself */
			s->path.len = fr->prefix_len ? fr->prefix_len - 1 : 0;
			s->path.ptr[s->path.len] = '\0';
			f->path = s->path.len ? s->path.ptr : ".";
			f->skip = "damaged tree: malformed entry";
			pop_tree(g);
			*out = f;
			return 1;
		}
		if ((rc = source_count_entry(s, err)) < 0)
			return rc;
		why = source_set_path(s, fr->prefix_len, e.name, e.name_len);
		f->path = s->path.ptr;
		if (!why && source_unsafe_name(e.name, e.name_len))
			why = "unsafe path";
		git_oid_fromraw(&id, e.id);
		if ((e.mode & 0170000) == 0040000) {
			if (!why && !(why = enter_tree(g, &id, &sub))) {
				size_t plen = s->path.len + 1;

				dpg_buf_puts(&s->path, "/", NULL);
				push_tree(g, sub, plen);
				continue;
			}
			/* a folder not walked: recorded as skipped */
			f->skip = why;
			*out = f;
			return 1;
		}
		f->mode = file_mode(e.mode);
		git_oid_tostr(f->blob_id, sizeof(f->blob_id), &id);
		f->skip = why;
		if (!why &&
		    (f->mode == DPG_MODE_FILE || f->mode == DPG_MODE_EXEC ||
		     f->mode == DPG_MODE_LINK)) {
			size_t size;
			git_object_t type;
			int t;

			git_oid_cpy(&g->blob, &id);
			/* from the pack's entry where it can: libgit2 sets up
			 * a zlib stream for each delta, 24 K instructions */
			if (source_packs_header(packs(g), id.id, &t, &size) ==
			    0)
				type = (git_object_t)t;
			else if (git_odb_read_header(&size, &type, g->odb,
						     &g->blob) < 0)
				type = GIT_OBJECT_INVALID;
			if (type == GIT_OBJECT_INVALID) {
				f->skip = "missing object";
			} else if (type != GIT_OBJECT_BLOB) {
				f->skip = source_reason(
					s, "not a blob but a %s",
					git_object_type2string(type));
			} else {
				f->size = size;
				g->blob_size = size;
				g->have_blob = 1;
			}
		}
		*out = f;
		return 1;
	}
	return 0;
}

/* Read blob id (size bytes, from its header; at path, or NULL) into the
 * source's buffer; with head, maybe its head only (source_packs_read). */
static int read_blob(struct git_source *g, const git_oid *id, size_t size,
		     size_t head, const char *path, const char **data,
		     size_t *len, struct dpg_error *err)
{
	struct dpg_source *s = &g->base;
	git_odb_object *obj = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	size_t n;
	int rc;

	if (source_packs_read(packs(g), id->id, size, head, &s->content) == 0) {
		*data = s->content.ptr;
		*len = s->content.len;
		return 0;
	}
	/* not in a pack, or not read there: libgit2 reads it, or names
	   what is wrong with it */
	if (git_odb_read(&obj, g->odb, id) < 0)
		return dpg_error_set(err, DPG_ENOTFOUND,
				     "missing object %s%s%s%s: %s",
				     git_oid_tostr(hex, sizeof(hex), id),
				     path ? " for '" : "", path ? path : "",
				     path ? "'" : "", git_msg());
	n = git_odb_object_size(obj);
	dpg_buf_reset(&s->content);
	rc = dpg_buf_add(&s->content, git_odb_object_data(obj), n, err);
	git_odb_object_free(obj);
	if (rc < 0)
		return rc;
	*data = s->content.ptr;
	*len = s->content.len;
	return 0;
}

static int git_read(struct dpg_source *s, const char **data, size_t *len,
		    struct dpg_error *err)
{
	struct git_source *g = (struct git_source *)s;

	if (!g->have_blob)
		return dpg_error_set(err, DPG_ENOTFOUND, "no blob for '%s'",
				     s->cur.path);
	return read_blob(g, &g->blob, g->blob_size,
			 dpg_binary_name(s->cur.path) ? DPG_BINARY_HEAD : 0,
			 s->cur.path, data, len, err);
}

/* ---- deferred reads: packed blobs, on other threads ------------------ */

struct git_reader {
	struct dpg_source_reader base;
	struct source_packs *packs;
	struct dpg_buf content; /* the last blob read, reused */
};

static int git_defer(struct dpg_source *s, struct dpg_source_ref *ref)
{
	struct git_source *g = (struct git_source *)s;

	if (!g->have_blob || !source_packs_has(packs(g), g->blob.id))
		return 0;
	memcpy(ref->id, g->blob.id, sizeof(ref->id));
	ref->size = g->blob_size;
	ref->head = dpg_binary_name(s->cur.path) ? DPG_BINARY_HEAD : 0;
	return 1;
}

static const struct source_defer_ops git_defer_ops;

static struct dpg_source_reader *git_reader_new(struct dpg_source *s)
{
	struct git_source *g = (struct git_source *)s;
	struct source_packs *ps = source_packs_share(packs(g));
	struct git_reader *r;

	if (!ps)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->base.ops = &git_defer_ops;
	r->packs = ps;
	dpg_buf_init(&r->content, s->content.max);
	return &r->base;
}

static int git_reader_read(struct dpg_source_reader *base,
			   const struct dpg_source_ref *ref, const char **data,
			   size_t *len)
{
	struct git_reader *r = (struct git_reader *)base;

	if (ref->size > SIZE_MAX - 1 ||
	    source_packs_read(r->packs, ref->id, (size_t)ref->size, ref->head,
			      &r->content) != 0)
		return 1;
	*data = r->content.ptr;
	*len = r->content.len;
	return 0;
}

static void git_reader_free(struct dpg_source_reader *base)
{
	struct git_reader *r = (struct git_reader *)base;

	source_packs_free(r->packs);
	dpg_buf_release(&r->content);
	free(r);
}

static int git_read_ref(struct dpg_source *s, const struct dpg_source_ref *ref,
			const char **data, size_t *len, struct dpg_error *err)
{
	git_oid id;

	git_oid_fromraw(&id, ref->id);
	return read_blob((struct git_source *)s, &id, (size_t)ref->size,
			 ref->head, NULL, data, len, err);
}

static const struct source_defer_ops git_defer_ops = {
	git_defer, git_reader_new, git_reader_read, git_reader_free,
	git_read_ref};

static void git_free(struct dpg_source *s)
{
	struct git_source *g = (struct git_source *)s;

	while (g->depth > 0)
		pop_tree(g);
	source_packs_free(g->packs);
	free(g->stack);
	free(g->seen);
	git_odb_free(g->odb);
	if (g->own_repo)
		git_repository_free(g->repo);
	free(g);
}

static const struct source_ops git_ops = {git_next, git_read, git_free};

static struct git_source *git_new(const struct dpg_source_opts *opts)
{
	struct git_source *g;

	dpg_git_init();
	g = xcalloc(1, sizeof(*g));
	source_base_init(&g->base, &git_ops, opts);
	g->base.defer = &git_defer_ops;
	g->base.info.kind = DPG_SRC_GIT;
	g->base.info.kind_name = "git";
	return g;
}

/* Start the walk at tree id (read and checked; an error if it is not). */
static int start_walk(struct git_source *g, const git_oid *tree,
		      const char *path, struct dpg_error *err)
{
	git_odb_object *obj;
	const char *why;

	git_oid_tostr(g->base.info.tree_id, sizeof(g->base.info.tree_id), tree);
	why = read_object(g, tree, GIT_OBJECT_TREE, &obj);
	if (why)
		return dpg_error_set(err, DPG_EPARSE,
				     "object database of '%s' is damaged: "
				     "tree %s: %s",
				     path, g->base.info.tree_id, why);
	seen_or_add(g, tree, "");
	push_tree(g, obj, 0);
	return 0;
}

int source_git_open_tree(struct dpg_source **out, struct git_repository *repo,
			 const struct git_oid *tree,
			 const struct dpg_source_opts *opts,
			 struct dpg_error *err)
{
	struct git_source *g = git_new(opts);
	int rc;

	g->repo = repo;
	if (git_repository_odb(&g->odb, repo) < 0) {
		rc = dpg_error_set(err, DPG_EIO, "libgit2: %s", git_msg());
		goto done;
	}
	rc = start_walk(g, tree, "(repository)", err);
done:
	if (rc < 0) {
		dpg_source_free(&g->base);
		return rc;
	}
	*out = &g->base;
	return 0;
}

/*
 * A revision that names a reference (a branch, a tag, HEAD) whose object
 * the database does not have or cannot read (a truncated pack) is damage,
 * not a typo: say so, naming the object.  Returns 0 when rev is no such
 * name or its object is readable.  Checked before git_revparse_single(),
 * which in libgit2 1.5 leaks the reference it resolved when the object
 * then cannot be read (tests/lsan.supp).
 */
static int damaged_ref(struct git_source *g, const char *path, const char *rev,
		       struct dpg_error *err)
{
	git_reference *ref = NULL, *res = NULL;
	char hex[GIT_OID_HEXSZ + 1] = "";
	const git_oid *id = NULL;
	git_object_t type;
	size_t size;
	int rc = 0;

	if (git_reference_dwim(&ref, g->repo, rev) == 0 &&
	    git_reference_resolve(&res, ref) == 0)
		id = git_reference_target(res);
	if (id && git_odb_read_header(&size, &type, g->odb, id) < 0) {
		git_oid_tostr(hex, sizeof(hex), id);
		rc = dpg_error_set(err, DPG_EPARSE,
				   "object database of '%s' is damaged: %s "
				   "object %s ('%s')",
				   path,
				   git_odb_exists(g->odb, id) ? "unreadable"
							      : "missing",
				   hex, rev);
	}
	git_reference_free(res);
	git_reference_free(ref);
	return rc;
}

int source_git_open(struct dpg_source **out, const char *path, const char *rev,
		    struct git_repository *repo,
		    const struct dpg_source_opts *opts, struct dpg_error *err)
{
	struct git_source *g = git_new(opts);
	git_object *obj = NULL;
	git_odb_object *raw = NULL;
	git_oid tree;
	const char *name = rev ? rev : "HEAD", *why;
	int rc = 0;

	g->own_repo = 1;
	g->repo = repo;
	if (!repo &&
	    git_repository_open_ext(&g->repo, path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		rc = dpg_error_set(err, DPG_EFORMAT,
				   "'%s' is not a git repository, so revision "
				   "'%s' cannot apply",
				   path, name);
		goto done;
	}
	if (git_repository_odb(&g->odb, g->repo) < 0) {
		rc = dpg_error_set(
			err, DPG_EIO,
			"cannot open the object database of '%s': %s", path,
			git_msg());
		goto done;
	}
	if (!rev && git_repository_head_unborn(g->repo) == 1) {
		rc = dpg_error_set(err, DPG_ENOTFOUND,
				   "repository '%s' has no commits", path);
		goto done;
	}
	if ((rc = damaged_ref(g, path, name, err)) < 0)
		goto done;
	if (git_revparse_single(&obj, g->repo, name) < 0) {
		rc = dpg_error_set(err, DPG_ENOTFOUND,
				   "unknown revision '%s' in '%s'", name, path);
		goto done;
	}
	if (git_object_type(obj) == GIT_OBJECT_TREE) {
		git_oid_cpy(&tree, git_object_id(obj));
	} else {
		git_object *peeled = NULL;

		if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
			rc = dpg_error_set(err, DPG_ENOTFOUND,
					   "revision '%s' in '%s' names no "
					   "commit or tree",
					   name, path);
			goto done;
		}
		git_oid_tostr(g->base.info.commit_id,
			      sizeof(g->base.info.commit_id),
			      git_object_id(peeled));
		why = read_object(g, git_object_id(peeled), GIT_OBJECT_COMMIT,
				  &raw);
		git_oid_cpy(&tree, git_commit_tree_id((git_commit *)peeled));
		git_object_free(peeled);
		if (why) {
			rc = dpg_error_set(err, DPG_EPARSE,
					   "object database of '%s' is "
					   "damaged: commit %s: %s",
					   path, g->base.info.commit_id, why);
			goto done;
		}
	}
	g->base.info.rev = dpg_arena_strdup(&g->base.arena, rev);
	rc = start_walk(g, &tree, path, err);
done:
	git_odb_object_free(raw);
	git_object_free(obj);
	if (rc < 0) {
		dpg_source_free(&g->base);
		return rc;
	}
	*out = &g->base;
	return 0;
}

/* ---- work trees ----------------------------------------------------- */

int source_git_probe(const char *path, struct git_repository **keep)
{
	git_repository *repo = NULL;
	int rc;

	dpg_git_init();
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0)
		return 0;
	rc = git_repository_is_bare(repo) || !git_repository_workdir(repo) ? 2
									   : 1;
	if (rc == 1) {
		/* a .git directory opens as its work tree's repository */
		const char *gitdir = git_repository_path(repo);
		size_t n = strlen(path);

		if (strncmp(gitdir, path, n) == 0 &&
		    (gitdir[n] == '\0' ||
		     (gitdir[n] == '/' && gitdir[n + 1] == '\0')))
			rc = 2;
	}
	if (keep && rc == 2)
		*keep = repo;
	else
		git_repository_free(repo);
	return rc;
}

static int status_cb(const char *path, unsigned int flags, void *payload)
{
	(void)path;
	if (flags & GIT_STATUS_IGNORED)
		return 0;
	if (flags != GIT_STATUS_CURRENT) {
		*(int *)payload = 1;
		return 1; /* one difference is enough */
	}
	return 0;
}

void source_git_worktree_info(const char *path, struct dpg_source_info *info)
{
	git_repository *repo = NULL;
	git_commit *commit = NULL;
	git_oid oid;
	git_status_options so;
	int dirty = 0;

	dpg_git_init();
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0)
		return;
	if (git_reference_name_to_id(&oid, repo, "HEAD") == 0 &&
	    git_commit_lookup(&commit, repo, &oid) == 0) {
		git_oid_tostr(info->commit_id, sizeof(info->commit_id), &oid);
		git_oid_tostr(info->tree_id, sizeof(info->tree_id),
			      git_commit_tree_id(commit));
	}
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
		   GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_foreach_ext(repo, &so, status_cb, &dirty) >= 0 || dirty)
		info->dirty = dirty;
	git_commit_free(commit);
	git_repository_free(repo);
}

int source_git_worktree_empty(const char *path)
{
	git_repository *repo = NULL;
	struct dirent *de;
	git_oid oid;
	DIR *dir;
	int empty = 1;

	dir = opendir(path);
	if (!dir)
		return 0;
	while (empty && (de = readdir(dir)) != NULL)
		empty = strcmp(de->d_name, ".") == 0 ||
			strcmp(de->d_name, "..") == 0 ||
			strcmp(de->d_name, ".git") == 0;
	closedir(dir);
	if (!empty)
		return 0;
	dpg_git_init();
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0)
		return 0;
	empty = !git_repository_is_bare(repo) &&
		git_reference_name_to_id(&oid, repo, "HEAD") == 0;
	git_repository_free(repo);
	return empty;
}
