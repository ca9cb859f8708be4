/*
 * git.c: a git repository read straight from its object database at a
 * revision: no checkout, no temporary files.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "source_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define GIT_MAX_DEPTH 256

struct frame {
	git_tree *tree;
	size_t next;
	size_t prefix_len; /* length of the path prefix for this tree */
};

struct git_source {
	struct dpg_source base;
	git_repository *repo;
	git_odb *odb;
	struct frame stack[GIT_MAX_DEPTH];
	int depth;
	git_oid blob; /* current entry's blob */
	int have_blob;
};

static pthread_once_t git_once = PTHREAD_ONCE_INIT;

static void git_init_once(void)
{
	git_libgit2_init();
	/* we only read; never let libgit2 look at the user's files */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/* like git archive, trust zlib's checksum rather than re-hashing
	   every object read (SHA-1 of every blob doubled the read cost) */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

static const char *git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown libgit2 error";
}

int source_git_probe(const char *path)
{
	git_repository *repo = NULL;
	int rc;

	pthread_once(&git_once, git_init_once);
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

	pthread_once(&git_once, git_init_once);
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

static int push_tree(struct git_source *g, git_tree *tree, size_t prefix_len)
{
	if (g->depth == GIT_MAX_DEPTH) {
		git_tree_free(tree);
		return -1;
	}
	g->stack[g->depth].tree = tree;
	g->stack[g->depth].next = 0;
	g->stack[g->depth].prefix_len = prefix_len;
	g->depth++;
	return 0;
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
		const git_tree_entry *e;
		const char *name;
		git_filemode_t mode;

		if (fr->next >= git_tree_entrycount(fr->tree)) {
			git_tree_free(fr->tree);
			g->depth--;
			continue;
		}
		e = git_tree_entry_byindex(fr->tree, fr->next++);
		name = git_tree_entry_name(e);
		mode = git_tree_entry_filemode(e);
		s->path.len = fr->prefix_len;
		if ((rc = dpg_buf_puts(&s->path, name, err)) < 0)
			return rc;
		if (mode == GIT_FILEMODE_TREE) {
			git_tree *sub = NULL;
			size_t plen = s->path.len + 1;

			memset(f, 0, sizeof(*f));
			f->path = s->path.ptr;
			if (git_tree_lookup(&sub, g->repo,
					    git_tree_entry_id(e)) < 0) {
				f->skip = "missing object";
				*out = f;
				return 1;
			}
			if ((rc = dpg_buf_puts(&s->path, "/", err)) < 0) {
				git_tree_free(sub);
				return rc;
			}
			if (push_tree(g, sub, plen) < 0) {
				s->path.ptr[plen - 1] = '\0';
				f->skip = "too deep";
				*out = f;
				return 1;
			}
			continue;
		}
		memset(f, 0, sizeof(*f));
		f->path = s->path.ptr;
		f->mode = (unsigned int)mode;
		git_oid_tostr(f->blob_id, sizeof(f->blob_id),
			      git_tree_entry_id(e));
		if (mode == GIT_FILEMODE_BLOB ||
		    mode == GIT_FILEMODE_BLOB_EXECUTABLE ||
		    mode == GIT_FILEMODE_LINK) {
			size_t size;
			git_object_t type;

			git_oid_cpy(&g->blob, git_tree_entry_id(e));
			if (git_odb_read_header(&size, &type, g->odb,
						&g->blob) < 0) {
				f->skip = "missing object";
			} else {
				f->size = size;
				g->have_blob = 1;
			}
		}
		*out = f;
		return 1;
	}
	return 0;
}

static int git_read(struct dpg_source *s, const char **data, size_t *len,
		    struct dpg_error *err)
{
	struct git_source *g = (struct git_source *)s;
	git_odb_object *obj = NULL;
	size_t n;
	int rc;

	if (!g->have_blob)
		return dpg_error_set(err, DPG_ENOTFOUND, "no blob for '%s'",
				     s->cur.path);
	if (git_odb_read(&obj, g->odb, &g->blob) < 0)
		return dpg_error_set(err, DPG_ENOTFOUND,
				     "missing object %s for '%s': %s",
				     s->cur.blob_id, s->cur.path, git_msg());
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

static void git_free(struct dpg_source *s)
{
	struct git_source *g = (struct git_source *)s;

	while (g->depth > 0)
		git_tree_free(g->stack[--g->depth].tree);
	git_odb_free(g->odb);
	git_repository_free(g->repo);
	free(g);
}

static const struct source_ops git_ops = {git_next, git_read, git_free};

int source_git_open(struct dpg_source **out, const char *path, const char *rev,
		    const struct dpg_source_opts *opts, struct dpg_error *err)
{
	struct git_source *g;
	git_object *obj = NULL;
	git_tree *tree = NULL;
	git_commit *commit = NULL;
	int rc = 0;

	pthread_once(&git_once, git_init_once);
	g = xcalloc(1, sizeof(*g));
	source_base_init(&g->base, &git_ops, opts);
	g->base.info.kind = DPG_SRC_GIT;
	g->base.info.kind_name = "git";
	if (git_repository_open_ext(&g->repo, path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		rc = dpg_error_set(err, DPG_EFORMAT,
				   "'%s' is not a git repository, so revision "
				   "'%s' cannot apply",
				   path, rev ? rev : "HEAD");
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
	if (git_revparse_single(&obj, g->repo, rev ? rev : "HEAD") < 0) {
		rc = dpg_error_set(err, DPG_ENOTFOUND,
				   "unknown revision '%s' in '%s'",
				   rev ? rev : "HEAD", path);
		goto done;
	}
	if (git_object_type(obj) != GIT_OBJECT_TREE) {
		git_object *peeled = NULL;

		if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
			rc = dpg_error_set(err, DPG_ENOTFOUND,
					   "revision '%s' in '%s' names no "
					   "commit or tree",
					   rev ? rev : "HEAD", path);
			goto done;
		}
		commit = (git_commit *)peeled;
		git_oid_tostr(g->base.info.commit_id,
			      sizeof(g->base.info.commit_id),
			      git_commit_id(commit));
		if (git_commit_tree(&tree, commit) < 0) {
			rc = dpg_error_set(err, DPG_ENOTFOUND,
					   "missing tree of commit %s in '%s'",
					   g->base.info.commit_id, path);
			goto done;
		}
	} else if (git_object_dup((git_object **)&tree, obj) < 0) {
		rc = dpg_error_set(err, DPG_ERR, "libgit2: %s", git_msg());
		goto done;
	}
	git_oid_tostr(g->base.info.tree_id, sizeof(g->base.info.tree_id),
		      git_tree_id(tree));
	g->base.info.rev = dpg_arena_strdup(&g->base.arena, rev);
	push_tree(g, tree, 0);
	tree = NULL;
done:
	git_tree_free(tree);
	git_commit_free(commit);
	git_object_free(obj);
	if (rc < 0) {
		dpg_source_free(&g->base);
		return rc;
	}
	*out = &g->base;
	return 0;
}
