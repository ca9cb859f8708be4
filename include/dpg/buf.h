/*
 * buf.h: a growable byte buffer with a mandatory size cap.
 *
 * ptr is never NULL and always NUL-terminated.  Appending past max returns
 * DPG_ELIMIT and leaves the buffer unchanged, which is what protects us from
 * hostile files and archives.
 */
#ifndef DPG_BUF_H
#define DPG_BUF_H

#include <stddef.h>
#include "dpg/error.h"

struct dpg_buf {
	char *ptr;
	size_t len, cap, max;
};

extern char dpg_buf_empty[];
#define DPG_BUF_INIT(m)                                                        \
	{                                                                      \
		dpg_buf_empty, 0, 0, (m)                                       \
	}

void dpg_buf_init(struct dpg_buf *b, size_t max);
int dpg_buf_add(struct dpg_buf *b, const void *data, size_t n,
		struct dpg_error *err);
int dpg_buf_puts(struct dpg_buf *b, const char *s, struct dpg_error *err);
int dpg_buf_printf(struct dpg_buf *b, struct dpg_error *err, const char *fmt,
		   ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* Make room for n more bytes; returns DPG_ELIMIT past max. */
int dpg_buf_grow(struct dpg_buf *b, size_t n, struct dpg_error *err);
void dpg_buf_reset(struct dpg_buf *b);

#define DPG_READ_TRUNCATE 1u /* over the cap: keep the first max bytes */

/*
 * Append the content of the file at path (NULL or "-": standard input) to
 * b, at most b->max bytes in all.  what names the file in messages ("rule
 * file", "nomination"; "" for none): "cannot open rule file 'x': ...".
 * The file is opened non-blocking and must be a regular file: a FIFO, a
 * device, a socket or a directory is refused ("cannot read rule file 'x':
 * is a FIFO") rather than read (it could block, or never end); standard
 * input is read as it is.  Returns DPG_ENOTFOUND (no such file), DPG_EIO
 * (cannot open or read, or not a regular file), DPG_ELIMIT (larger than
 * the cap, unless DPG_READ_TRUNCATE).
 */
int dpg_buf_read_file(struct dpg_buf *b, const char *path, const char *what,
		      unsigned int flags, struct dpg_error *err);
/* Hand the bytes to the caller (who frees them); the buffer is reset. */
char *dpg_buf_detach(struct dpg_buf *b, size_t *len);
void dpg_buf_release(struct dpg_buf *b);

#endif
