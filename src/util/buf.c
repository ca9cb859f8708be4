#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/buf.h"
#include "dpg/util.h"
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
	if (b->ptr == dpg_buf_empty)
		b->ptr = xmalloc(cap);
	else
		b->ptr = xrealloc(b->ptr, cap);
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

int dpg_buf_printf(struct dpg_buf *b, struct dpg_error *err, const char *fmt,
		   ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
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
