#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dpg/buf.h"
#include "dpg/util.h"
#include "fmt.h"
#include "dpg/banned.h"

char dpg_buf_empty[1];

void dpg_buf_init(struct dpg_buf *b, size_t max)
{
	b->ptr = dpg_buf_empty;
	b->len = b->cap = 0;
	b->max = max;
}

int dpg_buf_grow(struct dpg_buf *b, size_t n, struct dpg_error *err)
{
	size_t want, cap;

	if (n > b->max || b->len > b->max - n)
		return dpg_error_set(err, DPG_ELIMIT,
				     "buffer over its cap of %zu bytes",
				     b->max);
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap + cap / 2;
	if (b->ptr == dpg_buf_empty) {
		b->ptr = xmalloc(cap);
	} else if (b->len == 0) {
		/* nothing to keep: realloc would copy the old bytes */
		free(b->ptr);
		b->ptr = xmalloc(cap);
	} else {
		b->ptr = xrealloc(b->ptr, cap);
	}
	b->ptr[b->len] = '\0';
	b->cap = cap;
	return 0;
}

int dpg_buf_add(struct dpg_buf *b, const void *data, size_t n,
		struct dpg_error *err)
{
	int rc;

	if (n == 0)
		return 0;
	if ((rc = dpg_buf_grow(b, n, err)) < 0)
		return rc;
	memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int dpg_buf_puts(struct dpg_buf *b, const char *s, struct dpg_error *err)
{
	return dpg_buf_add(b, s, strlen(s), err);
}

/* A plain format (fmt.h) without vsnprintf; any other printed into the
 * room left when it fits there (one vsnprintf, not two). */
int dpg_buf_printf(struct dpg_buf *b, struct dpg_error *err, const char *fmt,
		   ...)
{
	struct dpg_fmt_plain pl;
	va_list ap;
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	int n, rc;

	va_start(ap, fmt);
	if (dpg_fmt_plain(&pl, fmt, &ap) == 0) {
		va_end(ap);
		if (pl.len > INT_MAX) /* vsnprintf's EOVERFLOW */
			return dpg_error_set(err, DPG_ERR, "bad format '%s'",
					     fmt);
		if ((rc = dpg_buf_grow(b, pl.len, err)) < 0)
			return rc;
		dpg_fmt_plain_write(&pl, fmt, b->ptr + b->len);
		b->len += pl.len;
		return 0;
	}
	n = vsnprintf(room ? b->ptr + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < room) {
		/* (grow only checks the cap: the room is there) */
		if ((rc = dpg_buf_grow(b, (size_t)n, err)) < 0) {
			b->ptr[b->len] = '\0';
			return rc;
		}
		b->len += (size_t)n;
		return 0;
	}
	if (room)
		b->ptr[b->len] = '\0';
	if (n < 0)
		return dpg_error_set(err, DPG_ERR, "bad format '%s'", fmt);
	if ((rc = dpg_buf_grow(b, (size_t)n, err)) < 0)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void dpg_buf_reset(struct dpg_buf *b)
{
	b->len = 0;
	if (b->ptr != dpg_buf_empty)
		b->ptr[0] = '\0';
}

char *dpg_buf_detach(struct dpg_buf *b, size_t *len)
{
	char *p = b->ptr == dpg_buf_empty ? xstrdup("") : b->ptr;

	if (len)
		*len = b->len;
	b->ptr = dpg_buf_empty;
	b->len = b->cap = 0;
	return p;
}

void dpg_buf_release(struct dpg_buf *b)
{
	if (b->ptr != dpg_buf_empty)
		free(b->ptr);
	b->ptr = dpg_buf_empty;
	b->len = b->cap = 0;
}

static const char *file_type(mode_t m)
{
	return S_ISDIR(m)    ? "is a directory"
	       : S_ISFIFO(m) ? "is a FIFO"
	       : S_ISCHR(m)  ? "is a character device"
	       : S_ISBLK(m)  ? "is a block device"
	       : S_ISSOCK(m) ? "is a socket"
			     : "is not a regular file";
}

/* More of an open file than the room left: DPG_ELIMIT, or with
 * DPG_READ_TRUNCATE the first bytes up to the cap and 0. */
static int over_cap(struct dpg_buf *b, const char *extra, size_t n,
		    unsigned int flags, const char *what, const char *sp,
		    const char *path, struct dpg_error *err)
{
	size_t room = b->max - b->len;

	if (n <= room)
		return dpg_buf_add(b, extra, n, NULL);
	if (!(flags & DPG_READ_TRUNCATE))
		return dpg_error_set(err, DPG_ELIMIT,
				     "%s%s'%s' is larger than %zu bytes", what,
				     sp, path, b->max);
	dpg_buf_add(b, extra, room, NULL);
	return 1;
}

/*
 * A regular file, read straight into the buffer: the size fstat gave in
 * one read, then reads into a small buffer until the end of the file
 * (which came early if the file shrank; more bytes if it grew).  Returns
 * 0 at the end, 1 cut at the cap (DPG_READ_TRUNCATE), or an error.
 */
static int read_regular(struct dpg_buf *b, int fd, size_t left,
			unsigned int flags, const char *what, const char *sp,
			const char *path, struct dpg_error *err)
{
	char more[4096];
	ssize_t n;
	int rc;

	for (;;) {
		size_t room = b->max - b->len, want = left < room ? left : room;

		if (want) {
			dpg_buf_grow(b, want, NULL); /* want <= room */
			n = read(fd, b->ptr + b->len, want);
			if (n > 0) {
				b->len += (size_t)n;
				b->ptr[b->len] = '\0';
				left -= (size_t)n < left ? (size_t)n : left;
				continue;
			}
		} else if ((n = read(fd, more, sizeof(more))) > 0) {
			if ((rc = over_cap(b, more, (size_t)n, flags, what, sp,
					   path, err)) != 0)
				return rc;
			left = 65536; /* it grew: bigger steps */
			continue;
		}
		if (n == 0)
			return 0;
		if (errno != EINTR)
			return dpg_error_set(err, DPG_EIO,
					     "cannot read %s%s'%s': %s", what,
					     sp, path, strerror(errno));
	}
}

int dpg_buf_read_file(struct dpg_buf *b, const char *path, const char *what,
		      unsigned int flags, struct dpg_error *err)
{
	const char *sp = *what ? " " : "";
	char chunk[65536];
	struct stat st = {0};
	size_t n;
	int fd, rc = 0;

	if (path && strcmp(path, "-") != 0) {
		/* non-blocking, so that opening a FIFO cannot hang; only a
		 * regular file is read (a FIFO or a device might never end;
		 * O_NONBLOCK does nothing to a regular file's reads) */
		fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			return dpg_error_set(
				err, errno == ENOENT ? DPG_ENOTFOUND : DPG_EIO,
				"cannot open %s%s'%s': %s", what, sp, path,
				strerror(errno));
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			const char *why = file_type(st.st_mode);

			close(fd);
			return dpg_error_set(err, DPG_EIO,
					     "cannot read %s%s'%s': %s", what,
					     sp, path, why);
		}
		rc = read_regular(b, fd, (size_t)st.st_size, flags, what, sp,
				  path, err);
		close(fd);
		return rc < 0 ? rc : 0;
	}
	path = "-";
	if (fstat(fileno(stdin), &st) == 0 && S_ISDIR(st.st_mode))
		return dpg_error_set(err, DPG_EIO,
				     "cannot read %s%s'%s': is a directory",
				     what, sp, path);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if ((rc = over_cap(b, chunk, n, flags, what, sp, path, err)) !=
		    0)
			return rc < 0 ? rc : 0;
	if (ferror(stdin))
		return dpg_error_set(err, DPG_EIO, "cannot read %s%s'%s': %s",
				     what, sp, path, strerror(errno));
	return 0;
}
