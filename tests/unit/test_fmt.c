/*
 * test_fmt.c: xasprintf() and dpg_buf_printf() against snprintf() on real
 * text.  Their formats of literal text, %s and %% are made by copies, not
 * by vsnprintf (src/util/fmt.h), and the others printed once into a small
 * buffer or the room left: the text must be snprintf's, byte for byte, and
 * a buffer's cap must hold as before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/arena.h"
#include "dpg/buf.h"
#include "dpg/util.h"
#include "test.h"

#define NWORDS 4096

static char *words[NWORDS];
static size_t nwords;

/* Lines of this repository's documents: short and long, with '%' signs
 * and '\\' (text, not formats: they are arguments). */
static void load_words(void)
{
	static const char *files[] = {"docs/ARCHITECTURE.md", "README.md",
				      "docs/BENCHMARKS.md", "LICENSE"};
	char line[8192];
	size_t f;

	if (nwords)
		return;
	for (f = 0; f < DPG_ARRAY_SIZE(files) && nwords < NWORDS; f++) {
		FILE *fp = fopen(files[f], "rb");

		if (!fp)
			continue;
		while (nwords < NWORDS && fgets(line, sizeof(line), fp))
			words[nwords++] = xstrndup(line, strlen(line));
		fclose(fp);
	}
	if (nwords < NWORDS)
		words[nwords++] = xstrndup("", 0); /* an empty argument too */
}

static const char *w(size_t i)
{
	return words[i % nwords];
}

static struct dpg_arena arena = DPG_ARENA_INIT;

/* One format and its arguments, by xasprintf, by dpg_arena_printf and by
 * snprintf. */
#define SAME(...)                                                              \
	do {                                                                   \
		char ref_[20000];                                              \
		char *got_ = xasprintf(__VA_ARGS__);                           \
		char *in_ = dpg_arena_printf(&arena, __VA_ARGS__);             \
		int n_ = snprintf(ref_, sizeof(ref_), __VA_ARGS__);            \
		CHECK(n_ >= 0 && (size_t)n_ < sizeof(ref_));                   \
		CHECK_STR(got_, ref_);                                         \
		CHECK_STR(in_, ref_);                                          \
		CHECK_INT(strlen(got_), n_);                                   \
		free(got_);                                                    \
	} while (0)

TEST(test_fmt__xasprintf_plain)
{
	size_t i;

	load_words();
	CHECK(nwords > 1000);
	for (i = 0; i < nwords; i++) {
		char *s;

		SAME("%s/%s", w(i), w(i + 1));
		SAME("%s %s\n", w(i), w(i + 7));
		SAME("%s", w(i));
		SAME("100%% of %s%%s%%", w(i));
		SAME("%s%s%s%s%s%s%s%s", w(i), w(i + 1), w(i + 2), w(i + 3),
		     w(i + 4), w(i + 5), w(i + 6), w(i + 7));
		/* nine: past the plain ones, vsnprintf's */
		SAME("%s%s%s%s%s%s%s%s%s", w(i), w(i + 1), w(i + 2), w(i + 3),
		     w(i + 4), w(i + 5), w(i + 6), w(i + 7), w(i + 8));
		s = xasprintf("no conversion at all");
		CHECK_STR(s, "no conversion at all");
		free(s);
	}
}

TEST(test_fmt__xasprintf_other)
{
	size_t i;

	load_words();
	for (i = 0; i < nwords; i++) {
		SAME("%s %s %u\n", w(i), w(i + 3), (unsigned)i);
		SAME("%-16s|%.5s|%8s", w(i), w(i + 1), w(i + 2));
		SAME("%zu files %s", i * 7919, w(i));
		SAME("%9.3f s %s", (double)i / 7.0, w(i));
	}
}

TEST(test_fmt__null_string)
{
	const char *volatile none = NULL; /* unknown to the compiler */
	char ref[64], *s;

	/* glibc prints "(null)"; the plain path does as it does */
	snprintf(ref, sizeof(ref), "[%s]", none);
	s = xasprintf("[%s]", none);
	CHECK_STR(s, ref);
	free(s);
}

/* Appends of mixed formats: the text is the snprintf's, whatever room the
 * buffer had left at each. */
TEST(test_fmt__buf_printf)
{
	struct dpg_buf b = DPG_BUF_INIT(64u << 20);
	char *ref = xcalloc(1, 1);
	size_t rlen = 0, i;

	load_words();
	for (i = 0; i < nwords; i++) {
		char one[20000];
		int n;

		switch (i % 5) {
		case 0:
			CHECK_INT(dpg_buf_printf(&b, NULL, "%s %s\n", w(i),
						 w(i + 1)),
				  0);
			n = snprintf(one, sizeof(one), "%s %s\n", w(i),
				     w(i + 1));
			break;
		case 1:
			CHECK_INT(dpg_buf_printf(&b, NULL, "%s %u%%", w(i),
						 (unsigned)i),
				  0);
			n = snprintf(one, sizeof(one), "%s %u%%", w(i),
				     (unsigned)i);
			break;
		case 2:
			CHECK_INT(dpg_buf_printf(&b, NULL, "%.3s", w(i)), 0);
			n = snprintf(one, sizeof(one), "%.3s", w(i));
			break;
		case 3:
			CHECK_INT(dpg_buf_printf(&b, NULL, "%%%s%%", w(i)), 0);
			n = snprintf(one, sizeof(one), "%%%s%%", w(i));
			break;
		default:
			/* from the start again now and then: all the room */
			if (i % 45 == 4) {
				dpg_buf_reset(&b);
				rlen = 0;
				ref[0] = '\0';
			}
			CHECK_INT(dpg_buf_printf(&b, NULL, "%s", ""), 0);
			n = 0;
			one[0] = '\0';
			break;
		}
		CHECK(n >= 0 && (size_t)n < sizeof(one));
		ref = xrealloc(ref, rlen + (size_t)n + 1);
		memcpy(ref + rlen, one, (size_t)n + 1);
		rlen += (size_t)n;
		CHECK_INT(b.len, rlen);
		CHECK(memcmp(b.ptr, ref, rlen + 1) == 0);
	}
	dpg_buf_release(&b);
	free(ref);
}

/* The cap: an append past it fails with DPG_ELIMIT and leaves the text as
 * it was, plain format or not, room or not. */
TEST(test_fmt__buf_cap)
{
	size_t max;

	for (max = 0; max < 80; max++) {
		struct dpg_buf b = DPG_BUF_INIT(max);
		struct dpg_error err = DPG_ERROR_INIT;
		char ref[256] = "";
		size_t i, rlen = 0;

		for (i = 0; i < 40; i++) {
			char one[64];
			int n, rc;

			if (i % 2) {
				n = snprintf(one, sizeof(one), "%s-%s", "ab",
					     i % 4 == 1 ? "c" : "");
				rc = dpg_buf_printf(&b, &err, "%s-%s", "ab",
						    i % 4 == 1 ? "c" : "");
			} else {
				n = snprintf(one, sizeof(one),
					     "%u:", (unsigned)i);
				rc = dpg_buf_printf(&b, &err,
						    "%u:", (unsigned)i);
			}
			if (rlen + (size_t)n <= max) {
				CHECK_INT(rc, 0);
				memcpy(ref + rlen, one, (size_t)n + 1);
				rlen += (size_t)n;
			} else {
				CHECK_INT(rc, DPG_ELIMIT);
			}
			CHECK_INT(b.len, rlen);
			CHECK_STR(b.ptr, ref);
		}
		dpg_buf_release(&b);
	}
}

/* xstrdup (one pass over the string) against xstrndup and the text. */
TEST(test_fmt__xstrdup)
{
	size_t i;

	load_words();
	for (i = 0; i < nwords; i++) {
		char *a = xstrdup(w(i)), *b = xstrndup(w(i), strlen(w(i)));

		CHECK_STR(a, w(i));
		CHECK_STR(a, b);
		CHECK(a != w(i));
		free(a);
		free(b);
	}
}

/* (the arena's texts of the tests above) */
TEST(test_fmt__arena_release)
{
	dpg_arena_release(&arena);
	CHECK(arena.head == NULL);
}

TEST_MAIN("fmt", T(test_fmt__xasprintf_plain), T(test_fmt__xasprintf_other),
	  T(test_fmt__null_string), T(test_fmt__buf_printf),
	  T(test_fmt__buf_cap), T(test_fmt__xstrdup),
	  T(test_fmt__arena_release))
