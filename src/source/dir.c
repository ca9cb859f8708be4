/*
 * dir.c: the files of a directory on disk.  Symlinks are entries, never
 * followed; every open is relative to its parent's descriptor with
 * O_NOFOLLOW, so nothing outside the tree is read.  Entries come sorted by
 * name, so two scans of the same tree see the same order.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

struct dframe {
	int fd;	      /* the directory */
	char **names; /* its entries, sorted */
	size_t n, next;
	size_t prefix_len;
};

struct dir_source {
	struct dpg_source base;
	struct dframe *stack;
	size_t depth, cap;
	int cur_dirfd;	      /* parent of the current entry */
	const char *cur_name; /* its name there */
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* List fd's entries (without ".", ".." and ".git"), sorted; takes fd. */
static int push_dir(struct dir_source *d, int fd, size_t prefix_len)
{
	DIR *dir;
	struct dirent *de;
	struct dframe *fr;
	size_t cap = 0;

	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return -1;
	}
	dpg_grow(&d->stack, &d->cap, d->depth + 1, sizeof(*d->stack));
	fr = &d->stack[d->depth];
	memset(fr, 0, sizeof(*fr));
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, ".git") == 0)
			continue;
		dpg_grow(&fr->names, &cap, fr->n + 1, sizeof(*fr->names));
		fr->names[fr->n++] = xstrdup(de->d_name);
	}
	if (fr->n)
		qsort(fr->names, fr->n, sizeof(*fr->names), cmp_names);
	fr->fd = dup(dirfd(dir));
	closedir(dir);
	if (fr->fd < 0) {
		free_names(fr->names, fr->n);
		return -1;
	}
	fr->prefix_len = prefix_len;
	d->depth++;
	return 0;
}

static void pop_dir(struct dir_source *d)
{
	struct dframe *fr = &d->stack[--d->depth];

	close(fr->fd);
	free_names(fr->names, fr->n);
}

static int dir_next(struct dpg_source *s, const struct dpg_file **out,
		    struct dpg_error *err)
{
	struct dir_source *d = (struct dir_source *)s;
	struct dpg_file *f = &s->cur;
	struct stat st;
	int rc;

	while (d->depth > 0) {
		struct dframe *fr = &d->stack[d->depth - 1];
		const char *name;

		if (fr->next >= fr->n) {
			pop_dir(d);
			continue;
		}
		name = fr->names[fr->next++];
		if ((rc = source_count_entry(s, err)) < 0)
			return rc;
		memset(f, 0, sizeof(*f));
		f->skip =
			source_set_path(s, fr->prefix_len, name, strlen(name));
		f->path = s->path.ptr;
		d->cur_dirfd = fr->fd;
		d->cur_name = name;
		if (f->skip) {
			*out = f;
			return 1;
		}
		if (fstatat(fr->fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			f->skip = "unreadable";
			*out = f;
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			size_t plen = s->path.len + 1;
			int fd;

			if (d->depth >= s->max_depth) {
				f->skip = "too deep";
				*out = f;
				return 1;
			}
			fd = openat(fr->fd, name,
				    O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					    O_CLOEXEC);
			if (fd < 0 || push_dir(d, fd, plen) < 0) {
				/* report the directory itself as skipped */
				f->skip = "unreadable directory";
				*out = f;
				return 1;
			}
			dpg_buf_puts(&s->path, "/", NULL);
			continue;
		}
		f->size = (uint64_t)st.st_size;
		if (S_ISLNK(st.st_mode))
			f->mode = DPG_MODE_LINK;
		else if (S_ISREG(st.st_mode))
			f->mode = (st.st_mode & 0111) ? DPG_MODE_EXEC
						      : DPG_MODE_FILE;
		else
			f->mode = DPG_MODE_OTHER;
		*out = f;
		return 1;
	}
	return 0;
}

static int dir_read(struct dpg_source *s, const char **data, size_t *len,
		    struct dpg_error *err)
{
	struct dir_source *d = (struct dir_source *)s;
	struct stat st;
	int fd, rc = 0;

	fd = openat(d->cur_dirfd, d->cur_name,
		    O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return dpg_error_set(err, DPG_EIO, "cannot open '%s': %s",
				     s->cur.path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return dpg_error_set(err, DPG_EIO, "'%s' is no regular file",
				     s->cur.path);
	}
	dpg_buf_reset(&s->content);
	/* never read more than the cap (+1 to notice a file that grew) */
	if ((rc = dpg_buf_grow(&s->content, (size_t)st.st_size, err)) < 0)
		goto done;
	for (;;) {
		ssize_t n;

		if (s->content.len + 1 >= s->content.cap &&
		    (rc = dpg_buf_grow(&s->content, 4096, err)) < 0)
			goto done;
		n = read(fd, s->content.ptr + s->content.len,
			 s->content.cap - s->content.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = dpg_error_set(err, DPG_EIO, "cannot read '%s': %s",
					   s->cur.path, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		s->content.len += (size_t)n;
	}
	s->content.ptr[s->content.len] = '\0';
	*data = s->content.ptr;
	*len = s->content.len;
done:
	close(fd);
	return rc;
}

static void dir_free(struct dpg_source *s)
{
	struct dir_source *d = (struct dir_source *)s;

	while (d->depth > 0)
		pop_dir(d);
	free(d->stack);
	free(d);
}

static const struct source_ops dir_ops = {dir_next, dir_read, dir_free};

int source_dir_open(struct dpg_source **out, const char *path,
		    const struct dpg_source_opts *opts, struct dpg_error *err)
{
	struct dir_source *d;
	int fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return dpg_error_set(err, DPG_EIO,
				     "cannot read directory '%s': %s", path,
				     strerror(errno));
	d = xcalloc(1, sizeof(*d));
	source_base_init(&d->base, &dir_ops, opts);
	d->base.info.kind = DPG_SRC_DIR;
	d->base.info.kind_name = "dir";
	if (push_dir(d, fd, 0) < 0) {
		int e = errno;

		dpg_source_free(&d->base);
		return dpg_error_set(err, DPG_EIO,
				     "cannot read directory '%s': %s", path,
				     strerror(e));
	}
	if (source_git_probe(path, NULL) == 1)
		source_git_worktree_info(path, &d->base.info);
	*out = &d->base;
	return 0;
}
