/*
 * source.c: decide what a target is and open the right source.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source_int.h"
#include "dpg/url.h"
#include "dpg/util.h"
#include "dpg/banned.h"

void source_base_init(struct dpg_source *s, const struct source_ops *ops,
		      const struct dpg_source_opts *opts)
{
	s->ops = ops;
	s->info.dirty = -1;
	s->max_file_size = opts->max_file_size;
	s->max_entries = opts->max_entries;
	s->max_depth =
		opts->max_depth ? opts->max_depth : DPG_MAX_DEPTH_DEFAULT;
	dpg_buf_init(&s->path, SOURCE_PATH_MAX + 16);
	dpg_buf_init(&s->reason, 4096);
	dpg_buf_init(&s->content, opts->max_file_size
					  ? (size_t)opts->max_file_size
					  : (size_t)1 << 30);
}

int source_count_entry(struct dpg_source *s, struct dpg_error *err)
{
	if (s->max_entries && ++s->entries > s->max_entries)
		return dpg_error_set(err, DPG_ELIMIT,
				     "entry limit reached: more than %llu "
				     "entries (--max-entries)",
				     (unsigned long long)s->max_entries);
	return 0;
}

/* Bytes of a too-long path kept in its skip record. */
#define SHOWN_PATH 1024

const char *source_set_path(struct dpg_source *s, size_t prefix_len,
			    const char *name, size_t name_len)
{
	size_t keep;

	if (prefix_len + name_len <= SOURCE_PATH_MAX) {
		s->path.len = prefix_len;
		dpg_buf_add(&s->path, name, name_len, NULL);
		s->path.ptr[s->path.len] = '\0';
		return NULL;
	}
	if (prefix_len >= SHOWN_PATH) {
		s->path.len = SHOWN_PATH;
	} else {
		keep = SHOWN_PATH - prefix_len;
		s->path.len = prefix_len;
		dpg_buf_add(&s->path, name, keep < name_len ? keep : name_len,
			    NULL);
	}
	/* never end inside a UTF-8 sequence */
	while (s->path.len &&
	       ((unsigned char)s->path.ptr[s->path.len - 1] & 0xc0) == 0x80)
		s->path.len--;
	if (s->path.len && (unsigned char)s->path.ptr[s->path.len - 1] >= 0xc0)
		s->path.len--;
	s->path.ptr[s->path.len] = '\0';
	dpg_buf_puts(&s->path, "...", NULL);
	return "path too long";
}

const char *source_reason(struct dpg_source *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	dpg_buf_reset(&s->reason);
	dpg_buf_grow(&s->reason, 1024, NULL);
	va_start(ap, fmt);
	n = vsnprintf(s->reason.ptr, s->reason.cap, fmt, ap);
	va_end(ap);
	s->reason.len = n < 0			    ? 0
			: (size_t)n < s->reason.cap ? (size_t)n
						    : s->reason.cap - 1;
	return s->reason.ptr;
}

int source_clean_path(char *p)
{
	char *r = p, *w = p;

	while (*r == '/' || (r[0] == '.' && r[1] == '/'))
		r += *r == '/' ? 1 : 2;
	while (*r) {
		char *end = strchr(r, '/');
		size_t n = end ? (size_t)(end - r) : strlen(r);

		if (n == 2 && r[0] == '.' && r[1] == '.')
			return -1;
		if (n == 0 || (n == 1 && r[0] == '.')) {
			r += n + (end ? 1 : 0);
			continue;
		}
		if (w != p)
			*w++ = '/';
		memmove(w, r, n);
		w += n;
		r += n + (end ? 1 : 0);
	}
	*w = '\0';
	return 0;
}

/* Split "PATH@REV" when PATH exists and the whole string does not. */
static void split_rev(const char *target, char **path, char **rev)
{
	const char *at = strrchr(target, '@');
	struct stat st;

	*path = xstrdup(target);
	*rev = NULL;
	if (!at || at == target || !at[1] || stat(target, &st) == 0)
		return;
	free(*path);
	*path = xstrndup(target, (size_t)(at - target));
	*rev = xstrdup(at + 1);
}

char *dpg_source_locator(const char *target, char **rev)
{
	char *path, *abs, *cwd;

	split_rev(target, &path, rev);
	abs = realpath(path, NULL);
	if (!abs && path[0] != '/' && (cwd = getcwd(NULL, 0)) != NULL) {
		abs = xasprintf("%s/%s", strcmp(cwd, "/") ? cwd : "", path);
		free(cwd);
		source_clean_path(abs + 1);
	}
	if (!abs)
		abs = xstrdup(path);
	free(path);
	return abs;
}

int dpg_source_open(struct dpg_source **out, const char *target,
		    const struct dpg_source_opts *opts, struct dpg_error *err)
{
	char *path = NULL, *rev = NULL, *abs = NULL;
	struct stat st;
	int rc;

	*out = NULL;
	if (!*target)
		return dpg_error_set(err, DPG_EUSAGE, "empty target");
	if (dpg_url_is_remote(target))
		return source_remote_open(out, target, opts, err);
	split_rev(target, &path, &rev);
	if (opts->rev) {
		if (rev) {
			rc = dpg_error_set(err, DPG_EUSAGE,
					   "revision given twice: '%s' and "
					   "--rev '%s'",
					   rev, opts->rev);
			goto done;
		}
		rev = xstrdup(opts->rev);
	}
	if (stat(path, &st) < 0) {
		rc = dpg_error_set(
			err,
			errno == ENOENT || errno == ENOTDIR ? DPG_ENOTFOUND
							    : DPG_EIO,
			"cannot open target '%s': %s", path, strerror(errno));
		goto done;
	}
	abs = realpath(path, NULL);
	if (!abs) {
		rc = dpg_error_set(err, DPG_EIO, "cannot resolve '%s': %s",
				   path, strerror(errno));
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		struct git_repository *repo = NULL; /* opened by the probe */

		if (rev || source_git_probe(abs, &repo) == 2) {
			rc = source_git_open(out, abs, rev, repo, opts, err);
		} else if (source_git_worktree_empty(abs)) {
			/* a clone with nothing checked out: its files are in
			 * the object database, not on disk */
			rc = source_git_open(out, abs, NULL, NULL, opts, err);
			if (rc == 0)
				(*out)->info.note = dpg_arena_printf(
					&(*out)->arena,
					"work tree empty: read at HEAD %s",
					(*out)->info.commit_id);
		} else {
			rc = source_dir_open(out, abs, opts, err);
		}
	} else if (S_ISREG(st.st_mode)) {
		if (rev) {
			rc = dpg_error_set(err, DPG_EUSAGE,
					   "a revision applies to git "
					   "repositories, not to file '%s'",
					   path);
			goto done;
		}
		rc = source_archive_open(out, abs, opts, err);
	} else {
		rc = dpg_error_set(err, DPG_EFORMAT,
				   "'%s' is neither a directory, an archive "
				   "nor a git repository",
				   path);
	}
	if (rc == 0)
		(*out)->info.locator = dpg_arena_strdup(&(*out)->arena, abs);
done:
	free(path);
	free(rev);
	free(abs);
	return rc;
}

int dpg_source_next(struct dpg_source *s, const struct dpg_file **out,
		    struct dpg_error *err)
{
	return s->ops->next(s, out, err);
}

int dpg_source_read(struct dpg_source *s, const char **data, size_t *len,
		    struct dpg_error *err)
{
	return s->ops->read(s, data, len, err);
}

char *dpg_source_take(struct dpg_source *s, const char *data)
{
	if (data != s->content.ptr || data == dpg_buf_empty)
		return NULL;
	return dpg_buf_detach(&s->content, NULL);
}

int dpg_source_defer(struct dpg_source *s, struct dpg_source_ref *ref)
{
	return s->defer ? s->defer->defer(s, ref) : 0;
}

struct dpg_source_reader *dpg_source_reader_new(struct dpg_source *s)
{
	return s->defer ? s->defer->reader_new(s) : NULL;
}

void dpg_source_reader_free(struct dpg_source_reader *r)
{
	if (r)
		r->ops->reader_free(r);
}

int dpg_source_reader_read(struct dpg_source_reader *r,
			   const struct dpg_source_ref *ref, const char **data,
			   size_t *len)
{
	return r ? r->ops->reader_read(r, ref, data, len) : 1;
}

int dpg_source_read_ref(struct dpg_source *s, const struct dpg_source_ref *ref,
			const char **data, size_t *len, struct dpg_error *err)
{
	if (!s->defer)
		return dpg_error_set(err, DPG_ENOTFOUND,
				     "nothing deferred in this source");
	return s->defer->read_ref(s, ref, data, len, err);
}

const struct dpg_source_info *dpg_source_info(const struct dpg_source *s)
{
	return &s->info;
}

void dpg_source_free(struct dpg_source *s)
{
	if (!s)
		return;
	dpg_buf_release(&s->path);
	dpg_buf_release(&s->reason);
	dpg_buf_release(&s->content);
	dpg_arena_release(&s->arena);
	s->ops->free(s);
}
