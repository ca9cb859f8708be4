/*
 * source.c: decide what a target is and open the right source.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	dpg_buf_init(&s->path, 64 * 1024);
	dpg_buf_init(&s->content, opts->max_file_size
					  ? (size_t)opts->max_file_size
					  : (size_t)1 << 30);
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
		if (rev || source_git_probe(abs) == 2)
			rc = source_git_open(out, abs, rev, opts, err);
		else
			rc = source_dir_open(out, abs, opts, err);
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

const struct dpg_source_info *dpg_source_info(const struct dpg_source *s)
{
	return &s->info;
}

void dpg_source_free(struct dpg_source *s)
{
	if (!s)
		return;
	dpg_buf_release(&s->path);
	dpg_buf_release(&s->content);
	dpg_arena_release(&s->arena);
	s->ops->free(s);
}
