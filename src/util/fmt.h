/*
 * fmt.h (src/util only): formats of literal text, %s and %% made without
 * vsnprintf, for xasprintf(), dpg_arena_printf() and dpg_buf_printf().
 * vsnprintf costs about 850 instructions for "%s/%s", and these ran it
 * twice (the length, then the text); most of their formats are of this
 * kind (paths, the fingerprint's lines).  The text is what vsnprintf
 * writes, byte for byte (tests/unit/test_fmt.c compares them on real
 * text).
 */
#ifndef DPG_UTIL_FMT_H
#define DPG_UTIL_FMT_H

#include <stdarg.h>
#include <stddef.h>

#define DPG_FMT_PLAIN_MAX 8 /* %s conversions at most */

struct dpg_fmt_plain {
	const char *s[DPG_FMT_PLAIN_MAX];
	size_t n[DPG_FMT_PLAIN_MAX];
	size_t len; /* of the text, without its NUL */
};

/* When fmt is plain (literal text, %% and at most DPG_FMT_PLAIN_MAX %s):
 * takes its arguments from *ap into p and returns 0; else returns -1 and
 * takes nothing from *ap (vsnprintf then). */
int dpg_fmt_plain(struct dpg_fmt_plain *p, const char *fmt, va_list *ap);
/* Write the text of p (p->len bytes) and a NUL at out. */
void dpg_fmt_plain_write(const struct dpg_fmt_plain *p, const char *fmt,
			 char *out);

/* The text of fmt in n bytes (its NUL included) from get(ctx, n): by
 * copies when fmt is plain, else by one vsnprintf into a small buffer (two
 * when the text is longer).  An invalid format aborts (a bug). */
char *dpg_fmt_alloc(void *(*get)(void *ctx, size_t n), void *ctx,
		    const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 0)))
#endif
	;

#endif
