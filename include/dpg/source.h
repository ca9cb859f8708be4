/*
 * source.h: one stream of files, whatever the target is.
 *
 * A source is a directory on disk, a git repository read from its object
 * database at a revision, or an archive read as a stream.  All yield the
 * same entries (struct dpg_file) in one pass; the content of the current
 * entry can be read until the next call to dpg_source_next().  Nothing
 * downstream knows where the bytes came from.
 */
#ifndef DPG_SOURCE_H
#define DPG_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include "dpg/error.h"

enum dpg_source_kind {
	DPG_SRC_DIR = 1, /* files on disk (maybe a git working tree) */
	DPG_SRC_GIT,	 /* a git object database at a revision */
	DPG_SRC_ARCHIVE, /* tar, tar.gz, zip, 7z... read with libarchive */
};

/* Entry modes, as git writes them. */
#define DPG_MODE_FILE	 0100644
#define DPG_MODE_EXEC	 0100755
#define DPG_MODE_LINK	 0120000
#define DPG_MODE_GITLINK 0160000 /* a submodule */
#define DPG_MODE_OTHER	 0	 /* fifo, device, socket */

#define DPG_OID_HEX 40

struct dpg_file {
	const char *path; /* relative to the tree root, '/'-separated */
	unsigned int mode;
	uint64_t size;
	char blob_id[DPG_OID_HEX + 1]; /* hex git blob id, or "" */
	/*
	 * Set by the source when the entry cannot be read at all (an
	 * unreadable directory or file, a missing object): a short reason
	 * such as "unreadable" or "repeated tree, same as PATH".  NULL
	 * otherwise.  Like path, valid until the next dpg_source_next().
	 */
	const char *skip;
};

struct dpg_fetch_opts;

struct dpg_source_opts {
	const char *rev;	/* revision for git targets; NULL for HEAD */
	uint64_t max_file_size; /* larger files are never read (0 = none) */
	const struct dpg_fetch_opts *fetch; /* remote targets; NULL: defaults */
	uint64_t max_entries;	/* entries (files, folders, links) walked
				   before dpg_source_next() says DPG_ELIMIT */
	unsigned int max_depth; /* folders deeper are skipped, "too deep" */
};
#define DPG_MAX_ENTRIES_DEFAULT 1000000
#define DPG_MAX_DEPTH_DEFAULT	256
/* clang-format off */
#define DPG_SOURCE_OPTS_INIT                                                   \
	{NULL, 0, NULL, DPG_MAX_ENTRIES_DEFAULT, DPG_MAX_DEPTH_DEFAULT}
/* clang-format on */

struct dpg_source_info {
	enum dpg_source_kind kind;
	const char *kind_name;		 /* "dir", "git", "archive" */
	const char *locator;		 /* canonical target: absolute path */
	const char *rev;		 /* the revision asked for, or NULL */
	char commit_id[DPG_OID_HEX + 1]; /* resolved commit, or "" */
	char tree_id[DPG_OID_HEX + 1];	 /* its tree, or "" */
	int dirty;	    /* dir in a work tree: 1 differs from HEAD,
			       0 clean, -1 not known / not a work tree */
	const char *format; /* archive format name, or NULL */
	const char *note;   /* how it was read, when a reviewer should know
			       ("work tree empty: read at HEAD ..."), or NULL */
};

struct dpg_source;

/*
 * Open target (optionally "PATH@REV").  Decides the kind: an archive file,
 * a git repository (bare, or a working tree when a revision is given), a
 * directory, or a remote URL (dpg/url.h), fetched into the cache first
 * (dpg/fetch.h; its errors too) and read as a repository or an archive. Returns
 * DPG_ENOTFOUND (missing path, unknown revision), DPG_EIO (unreadable),
 * DPG_EFORMAT (neither archive nor repository) or DPG_EPARSE (corrupt archive).
 * *out is owned by the caller: free it with dpg_source_free().
 */
int dpg_source_open(struct dpg_source **out, const char *target,
		    const struct dpg_source_opts *opts, struct dpg_error *err);

/*
 * The canonical locator of target as a stored scan names it, whatever
 * happens when it is opened: the absolute path without "@REV" (symlinks
 * resolved when it exists; made absolute when it does not).  *rev gets
 * the "@REV" part or NULL.  Both are malloc'd; the caller frees them.
 */
char *dpg_source_locator(const char *target, char **rev);

/*
 * Advance to the next entry: returns 1 and sets *out (valid until the next
 * call), 0 at the end, or a negative code when the stream itself fails
 * (a truncated archive).  Directories are not entries, but count against
 * max_entries: past it, DPG_ELIMIT ("entry limit reached ..."), after
 * which the entries already returned are all there is.  An entry that
 * cannot be walked (a path over 64 KiB, a repeated or damaged git tree,
 * a folder too deep) is returned with its skip reason, never an error.
 */
int dpg_source_next(struct dpg_source *s, const struct dpg_file **out,
		    struct dpg_error *err);

/*
 * Read the current entry's content, which must be a regular file no larger
 * than the size cap.  *data stays valid until the next dpg_source_next().
 * Returns DPG_ENOTFOUND for a missing object, DPG_EIO on a read error,
 * DPG_ELIMIT when the file is over the cap after all.  Of a blob named as
 * binary files are (dpg_binary_name()) whose first DPG_BINARY_HEAD bytes
 * hold a NUL (binary, dpg_is_binary(): nothing reads more of it), a git
 * source may read only up to that NUL: *len is then less than its size.
 */
int dpg_source_read(struct dpg_source *s, const char **data, size_t *len,
		    struct dpg_error *err);

/*
 * The content dpg_source_read() returned as data, handed over (free() it;
 * NUL-terminated) so that it outlives the entry without a copy; the entry
 * is not read again.  NULL when data is not the source's to give: copy it.
 */
char *dpg_source_take(struct dpg_source *s, const char *data);

/*
 * Reading on other threads.  An entry whose content can be read later,
 * on another thread, is deferred: dpg_source_defer() fills a reference
 * to it (a git blob in a pack file) instead of reading it now.  A reader
 * (one per thread, made on the source's thread) reads references; the
 * source itself reads them too, on its own thread, with
 * dpg_source_read_ref(), which can read whatever a reader could not.
 * The source must outlive its readers.  Sources with nothing to defer
 * (directories, archives, loose objects) read as before.
 */
struct dpg_source_ref {
	unsigned char id[20]; /* the git blob */
	uint64_t size;	      /* its size, as dpg_file.size */
	size_t head;	      /* see dpg_source_read() */
};
struct dpg_source_reader;

/* 1 and *ref set when the current entry (a regular file to be read) can
 * be read later; 0: read it now with dpg_source_read(). */
int dpg_source_defer(struct dpg_source *s, struct dpg_source_ref *ref);
/* A reader for another thread, or NULL (then every reference is read by
 * dpg_source_read_ref()). */
struct dpg_source_reader *dpg_source_reader_new(struct dpg_source *s);
void dpg_source_reader_free(struct dpg_source_reader *r);
/* Read ref with r (NULL-safe): 0 with its content in *data
 * (NUL-terminated, the reader's: valid until its next read) and *len, or
 * 1 when it cannot be read here (damaged, or not where the reader looks):
 * read it with dpg_source_read_ref(). */
int dpg_source_reader_read(struct dpg_source_reader *r,
			   const struct dpg_source_ref *ref, const char **data,
			   size_t *len);
/* Read ref on the source's thread, as dpg_source_read() reads the current
 * entry (the same errors; *data valid until the next read, or taken with
 * dpg_source_take()). */
int dpg_source_read_ref(struct dpg_source *s, const struct dpg_source_ref *ref,
			const char **data, size_t *len, struct dpg_error *err);

/* What the source resolved; owned by the source. */
const struct dpg_source_info *dpg_source_info(const struct dpg_source *s);

void dpg_source_free(struct dpg_source *s);

/* libgit2 initialised for this process (once; thread-safe), as every
 * user of libgit2 here needs it: the git source, the cache's SHA-1. */
void dpg_git_init(void);

#endif
