/*
 * util.h: allocation that cannot fail, and small string helpers.
 *
 * Running out of memory is fatal: the x* allocators print a message and
 * abort, so no caller has an out-of-memory path.
 */
#ifndef DPG_UTIL_H
#define DPG_UTIL_H

#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a malloc'd string, formatted; the caller frees it. */
char *xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

#define DPG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Grow *p (an array of *cap elements of size sz) to hold at least n. */
void dpg_grow(void *pp, size_t *cap, size_t n, size_t sz);

/* True when s starts / ends with the given prefix / suffix. */
int dpg_starts_with(const char *s, const char *prefix);
int dpg_ends_with(const char *s, const char *suffix);
/* ASCII-only case-insensitive comparisons (locale independent). */
int dpg_strcasecmp(const char *a, const char *b);
int dpg_strncasecmp(const char *a, const char *b, size_t n);

/*
 * Write s to a malloc'd string with C0/C1 control characters and DEL shown
 * as \xNN (and backslash doubled) so that a hostile path cannot drive a
 * terminal.  The caller frees the result.
 */
char *dpg_escape_ctl(const char *s);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void dpg_utc_now(char out[32]);

/* Parse a size such as "4M", "512k", "1048576" (K/M/G are powers of 1024). */
int dpg_parse_size(const char *s, uint64_t *out);

/* Parse a duration in seconds: "90", "90s", "5m", "2h", "1d". */
int dpg_parse_duration(const char *s, unsigned int *out);

/* Content looks binary: a NUL byte in the first 8000 bytes (as git does). */
int dpg_is_binary(const char *data, size_t len);

/* The version string of this build. */
extern const char dpg_version[];

#endif
