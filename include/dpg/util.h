/*
 * util.h: allocation that cannot fail, and small string helpers.
 *
 * Running out of memory is fatal: the x* allocators print a message and
 * abort, so no caller has an out-of-memory path.
 */
#ifndef DPG_UTIL_H
#define DPG_UTIL_H

#include <stdatomic.h>
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

/* x86 features the fast paths are chosen by (src/util/cpu.c), as the C
 * library found them at start; none on other machines. */
#define DPG_CPU_KNOWN  1u
#define DPG_CPU_AVX2   2u
#define DPG_CPU_SSSE3  4u
#define DPG_CPU_POPCNT 8u
extern _Atomic unsigned int dpg_cpu_bits; /* 0 until dpg_cpu_init */
unsigned int dpg_cpu_init(void);
static inline int dpg_cpu_has(unsigned int f)
{
	unsigned int b =
		atomic_load_explicit(&dpg_cpu_bits, memory_order_relaxed);

	return ((b ? b : dpg_cpu_init()) & f) != 0;
}

/* Grow *p (an array of *cap elements of size sz) to hold at least n. */
void dpg_grow(void *pp, size_t *cap, size_t n, size_t sz);

/* True when s starts / ends with the given prefix / suffix. */
int dpg_starts_with(const char *s, const char *prefix);
int dpg_ends_with(const char *s, const char *suffix);
/* ASCII-only case-insensitive comparisons (locale independent). */
int dpg_strcasecmp(const char *a, const char *b);
/* 0 when a and b cannot be equal ignoring ASCII case: their first bytes
 * differ in more than the case bit (a cheap test before dpg_strcasecmp). */
static inline int dpg_same_first_ci(const char *a, const char *b)
{
	return ((unsigned char)(a[0] ^ b[0]) & 0xdf) == 0;
}
/* fnmatch(p, s, 0) == 0 (C locale), without its cost for '*' patterns. */
int dpg_glob(const char *p, const char *s);
int dpg_strncasecmp(const char *a, const char *b, size_t n);
/* True when s contains w, ignoring ASCII case. */
int dpg_contains_ci(const char *s, const char *w);
/* FNV-1a, 64 bits (stable everywhere): of n bytes, or of n more bytes
 * from h (DPG_FNV1A64_BASIS to start). */
#define DPG_FNV1A64_BASIS 0xcbf29ce484222325ULL
uint64_t dpg_fnv1a64(const void *data, size_t n);
uint64_t dpg_fnv1a64_more(uint64_t h, const void *data, size_t n);

/*
 * A directory a process found to hold the build's own files (the rules',
 * the SDG vocabulary's), with a stamp of its files then: a later load
 * with the same stamp needs no second read of them.  Zero-initialised
 * static storage; any thread.  The directory's copy is kept until exit.
 */
struct dpg_seen_dir {
	char *dir;
	unsigned long long stamp;
};
int dpg_seen_dir_is(struct dpg_seen_dir *s, const char *dir,
		    unsigned long long stamp);
void dpg_seen_dir_set(struct dpg_seen_dir *s, const char *dir,
		      unsigned long long stamp);

/*
 * A small set of words (at most DPG_WORDS_MAX) looked for at a position,
 * ASCII case ignored: the first byte of a text position selects the words
 * that can start there, so a caller that tries every position pays one
 * table lookup for most of them.  Made on the stack by dpg_words_init()
 * (w must outlive it); no allocation, nothing shared between threads.
 */
#define DPG_WORDS_MAX 64
struct dpg_words {
	const char *const *w;
	size_t n;
	size_t len[DPG_WORDS_MAX];
	uint64_t starts[256]; /* bit k: word k starts with this byte */
	uint64_t second[256]; /* and may have this second byte */
};
void dpg_words_init(struct dpg_words *ws, const char *const *w, size_t n);
/* The index of the first word (in list order) that the avail bytes at p
 * start with, or -1. */
long dpg_words_at(const struct dpg_words *ws, const char *p, size_t avail);
/* The first offset below `within` where one of the words starts in the len
 * bytes of s (a word may end past `within`), or -1. */
long dpg_words_find(const struct dpg_words *ws, const char *s, size_t len,
		    size_t within);

/*
 * Untrusted text, made inert (src/util/text.c).  Every path, excerpt or
 * name that came from a scanned repository goes through one of these
 * before it reaches a terminal or a text format.
 *
 * dpg_utf8_decode: the length (1..4) of the valid UTF-8 sequence at s (n
 * bytes available) with its code point in *cp, or 0 when the bytes there
 * are not valid UTF-8 (a stray continuation byte such as a raw 0x9b, an
 * overlong form, a surrogate, past U+10FFFF, cut short) or n is 0.
 *
 * dpg_cp_is_unsafe: true for a code point that drives a terminal or
 * reorders what a reader sees: C0 controls (tab and newline included),
 * DEL, C1 controls U+0080..U+009F (CSI is U+009B), the bidirectional
 * embeddings and overrides U+202A..U+202E and isolates U+2066..U+2069, and
 * the line and paragraph separators U+2028, U+2029.
 *
 * dpg_buf_add_escaped: append len bytes of s to b for a terminal or a
 * plain-text format: an unsafe ASCII byte and every byte that is not part
 * of valid UTF-8 become \xNN, an unsafe code point above ASCII becomes
 * \uNNNN, a backslash is doubled; all else (valid UTF-8, printable) is
 * kept.  The result is valid UTF-8 without a control character, and a
 * backslash in it always starts an escape.  DPG_ELIMIT past b's cap.
 *
 * dpg_escape_ctl: the same into a malloc'd string the caller frees.
 */
size_t dpg_utf8_decode(const char *s, size_t n, uint32_t *cp);
int dpg_cp_is_unsafe(uint32_t cp);
struct dpg_buf;
struct dpg_error;
int dpg_buf_add_escaped(struct dpg_buf *b, const char *s, size_t len,
			struct dpg_error *err);
char *dpg_escape_ctl(const char *s);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void dpg_utc_now(char out[32]);

/* Parse a size such as "4M", "512k", "1048576" (K/M/G are powers of 1024). */
int dpg_parse_size(const char *s, uint64_t *out);

/* Parse a duration in seconds: "90", "90s", "5m", "2h", "1d". */
int dpg_parse_duration(const char *s, unsigned int *out);

/* Content looks binary: a NUL byte in the first DPG_BINARY_HEAD bytes (as
 * git does). */
#define DPG_BINARY_HEAD 8000
int dpg_is_binary(const char *data, size_t len);
/* Is path named as binary files are (images, fonts, compressed files,
 * compiled code, message catalogues)?  A guess, for speed only: such a
 * blob's head is read first (src/source/pack.c), and its content decides. */
int dpg_binary_name(const char *path);

/* The '\n' bytes of the len bytes at p, sixteen at a time where SSE2 is. */
size_t dpg_count_newlines(const char *p, size_t len);

/*
 * `scan --profile` by part of an analyzer's work: t0 = dpg_prof_now()
 * (0 when profiling is off), then dpg_prof_add(group, name, t0, bytes)
 * adds the time since t0, a run and bytes to the part (group, name);
 * thread-safe; the strings must live until dpg_prof_stop(), which returns
 * the parts (lines of text, by group, slowest first) and turns it off.
 */
void dpg_prof_start(void);
uint64_t dpg_prof_now(void);
void dpg_prof_add(const char *group, const char *name, uint64_t t0,
		  uint64_t bytes);
char *dpg_prof_stop(void);

/* The version string of this build. */
extern const char dpg_version[];

#endif
