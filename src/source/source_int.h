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

/* Deferred reads (dpg/source.h): a source with none has no such ops. */
struct source_defer_ops {
	int (*defer)(struct dpg_source *s, struct dpg_source_ref *ref);
	struct dpg_source_reader *(*reader_new)(struct dpg_source *s);
	int (*reader_read)(struct dpg_source_reader *r,
			   const struct dpg_source_ref *ref, const char **data,
			   size_t *len);
	void (*reader_free)(struct dpg_source_reader *r);
	int (*read_ref)(struct dpg_source *s, const struct dpg_source_ref *ref,
			const char **data, size_t *len, struct dpg_error *err);
};

/* A reader starts with its source's ops (dpg_source_reader_read). */
struct dpg_source_reader {
	const struct source_defer_ops *ops;
};

/* Every implementation starts with this struct. */
struct dpg_source {
	const struct source_ops *ops;
	const struct source_defer_ops *defer; /* or NULL */
	struct dpg_source_info info;
	struct dpg_arena arena; /* info strings */
	uint64_t max_file_size;
	struct dpg_file cur;	/* the current entry */
	struct dpg_buf path;	/* cur.path's storage */
	struct dpg_buf content; /* the current entry's bytes */
	struct dpg_buf reason;	/* cur.skip when it is made up */
	uint64_t entries, max_entries;
	unsigned int max_depth;
};

/* Longest path of an entry; a longer one is skipped, "path too long". */
#define SOURCE_PATH_MAX (64 * 1024)

/*
 * Count one more entry (folders too): DPG_ELIMIT, with the message, once
 * past max_entries.
 */
int source_count_entry(struct dpg_source *s, struct dpg_error *err);

/*
 * Set s->path to its first prefix_len bytes followed by name (name_len
 * bytes).  Returns NULL, or "path too long" when the path would exceed
 * SOURCE_PATH_MAX: then s->path holds its first bytes and "...", for the
 * skipped entry's record.
 */
const char *source_set_path(struct dpg_source *s, size_t prefix_len,
			    const char *name, size_t name_len);

/* A skip reason made up with printf, valid until the next entry. */
const char *source_reason(struct dpg_source *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Initialise the common part (allocated by the implementation). */
void source_base_init(struct dpg_source *s, const struct source_ops *ops,
		      const struct dpg_source_opts *opts);

struct git_repository;
/* The git source, opened on an already-opened repository path; repo is
 * the repository opened there (source_git_probe), taken over, or NULL. */
int source_git_open(struct dpg_source **out, const char *path, const char *rev,
		    struct git_repository *repo,
		    const struct dpg_source_opts *opts, struct dpg_error *err);
/* The same on an open repository, at a tree (tests/fuzz/fuzz_git.c). */
struct git_oid;
int source_git_open_tree(struct dpg_source **out, struct git_repository *repo,
			 const struct git_oid *tree,
			 const struct dpg_source_opts *opts,
			 struct dpg_error *err);
/* Check tree (and commit) ids against their content: 1 by default; the
 * fuzz target turns it off to walk hand-made objects. */
extern int source_git_verify;

/* One entry of a raw git tree object ("MODE SP NAME NUL ID"). */
struct source_tree_entry {
	unsigned int mode; /* as written, e.g. 040000, 0100644 */
	const char *name;  /* NUL-terminated in the object */
	size_t name_len;
	const unsigned char *id; /* 20 bytes */
};
/*
 * Parse the entry at *pos of a tree object's data (size bytes) and
 * advance *pos: returns 1, 0 at the end, or -1 when the data is not a
 * tree (a bad mode, no NUL, an id cut short).
 */
int source_tree_next(const char *data, size_t size, size_t *pos,
		     struct source_tree_entry *e);
/* Is a tree entry name unsafe as a path component ("", ".", "..",
 * ".git", or holding a '/')? */
int source_unsafe_name(const char *name, size_t len);
/* Is path (an absolute path) a git work tree with nothing checked out
 * (only .git) whose HEAD names a commit? */
int source_git_worktree_empty(const char *path);
/* Is path a git repository: 2 bare or a .git dir (opened, and handed to
 * the caller in *keep unless keep is NULL), 1 a work tree top, 0 not. */
int source_git_probe(const char *path, struct git_repository **keep);
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

/*
 * git_tls.c: libgit2's CA certificates parsed, and its random generator
 * seeded, at the first TLS handshake.
 * source_git_tls_defer(1) around git_libgit2_init(); the state: 0 nothing
 * put off (not mbedTLS, or not yet), 1 put off, 2 parsed at a handshake,
 * 3 the parse failed (the handshake then trusts nothing).
 */
void source_git_tls_defer(int on);
int source_git_tls_state(void);
/* what of the random generator's set-up is put off: 2 the entropy pool
 * and the seed, 0 nothing (set up at the first handshake) */
int source_git_tls_rng_pending(void);

/*
 * pack.c: blobs of a repository's pack files, inflated with libdeflate
 * (objects is the repository's objects directory).  open returns NULL
 * when there is nothing it can read (no packs, alternates); read returns
 * 0 with the blob's size bytes in out, or 1: not found or not read here,
 * ask libgit2.  With head (DPG_BINARY_HEAD, else 0), a blob stored whole
 * whose first head bytes hold a NUL (binary) is read only up to its first
 * NUL: out then holds fewer than size bytes.
 */
struct source_packs;
struct source_packs *source_packs_open(const char *objects);
int source_packs_read(struct source_packs *ps, const unsigned char *id,
		      size_t size, size_t head, struct dpg_buf *out);
void source_packs_free(struct source_packs *ps);
/* The type (1 commit ... 4 tag, as GIT_OBJECT_*) and size of object id,
 * from its pack entry (a delta's first bytes, and the headers down its
 * chain): 0, or 1 when the packs cannot tell (ask libgit2). */
int source_packs_header(struct source_packs *ps, const unsigned char *id,
			int *type, size_t *size);
/* inflate_head.c: the first want bytes (or fewer: the stream's end) of
 * the zlib stream in[0..len) into out, or 0 when anything does not check
 * out (then zlib may still read it). */
size_t source_inflate_head(const unsigned char *in, size_t len,
			   unsigned char *out, size_t want);
/* Is id in one of the packs (its .idx)?  0 for a NULL ps. */
int source_packs_has(const struct source_packs *ps, const unsigned char *id);
/* A reader of the same packs for another thread, with its own inflater;
 * NULL for a NULL ps or when it cannot be made.  ps must outlive it.  Each
 * reader is used by one thread at a time; the mapped packs are only read
 * and the delta base cache, shared, is locked. */
struct source_packs *source_packs_share(struct source_packs *ps);

#endif
