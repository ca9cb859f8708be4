/*
 * source_int.h: what the three kinds of source share (private to
 * src/source/).
 */
#ifndef DPG_SOURCE_INT_H
#define DPG_SOURCE_INT_H

#include "dpg/arena.h"
#include "dpg/buf.h"
#include "dpg/source.h"

struct dpg_source;

struct source_ops {
	int (*next)(struct dpg_source *s, const struct dpg_file **out,
		    struct dpg_error *err);
	int (*read)(struct dpg_source *s, const char **data, size_t *len,
		    struct dpg_error *err);
	void (*free)(struct dpg_source *s);
};

/* Every implementation starts with this struct. */
struct dpg_source {
	const struct source_ops *ops;
	struct dpg_source_info info;
	struct dpg_arena arena; /* info strings */
	uint64_t max_file_size;
	struct dpg_file cur;	/* the current entry */
	struct dpg_buf path;	/* cur.path's storage */
	struct dpg_buf content; /* the current entry's bytes */
};

/* Initialise the common part (allocated by the implementation). */
void source_base_init(struct dpg_source *s, const struct source_ops *ops,
		      const struct dpg_source_opts *opts);

/* The git source, opened on an already-opened repository path. */
int source_git_open(struct dpg_source **out, const char *path, const char *rev,
		    const struct dpg_source_opts *opts, struct dpg_error *err);
/* Is path a git repository (bare, a .git dir or a work tree top)? */
int source_git_probe(const char *path);
/* For a work tree: HEAD's commit and tree, and whether files differ. */
void source_git_worktree_info(const char *path, struct dpg_source_info *info);

int source_dir_open(struct dpg_source **out, const char *path,
		    const struct dpg_source_opts *opts, struct dpg_error *err);

int source_archive_open(struct dpg_source **out, const char *path,
			const struct dpg_source_opts *opts,
			struct dpg_error *err);

/* A remote target (dpg/url.h): fetched into the cache, then opened as a
 * git repository or an archive; the locator is the canonical URL. */
int source_remote_open(struct dpg_source **out, const char *target,
		       const struct dpg_source_opts *opts,
		       struct dpg_error *err);

/* Normalise an entry path in place: strip "./" and "/" prefixes, refuse
 * ".." components.  Returns 0, or -1 for an unsafe path. */
int source_clean_path(char *p);

#endif
