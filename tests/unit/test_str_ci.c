/*
 * test_str_ci.c: dpg_strncasecmp (equal bytes not folded) and
 * dpg_contains_ci (the first byte compared before a call) against the
 * plain byte-by-byte folding they replaced, on this repository's
 * documents: their lines, words in either case, and prefixes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/util.h"
#include "test.h"

#define NLINES 3000

static int ref_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int ref_ncase(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		int d = ref_lower((unsigned char)*a) -
			ref_lower((unsigned char)*b);

		if (d || !*a)
			return d;
	}
	return 0;
}

static int ref_contains(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s; s++)
		if (!ref_ncase(s, w, n))
			return 1;
	return 0;
}

static size_t read_lines(char **out)
{
	static const char *files[] = {"docs/ARCHITECTURE.md", "README.md",
				      "LICENSE"};
	char line[4096];
	size_t n = 0, f;

	for (f = 0; f < DPG_ARRAY_SIZE(files) && n < NLINES; f++) {
		FILE *fp = fopen(files[f], "rb");

		while (fp && n < NLINES && fgets(line, sizeof(line), fp))
			out[n++] = xstrndup(line, strlen(line));
		if (fp)
			fclose(fp);
	}
	return n;
}

/* s with its ASCII letters' case flipped where (i + k) % 3 == 0. */
static char *flip(const char *s, size_t k)
{
	char *t = xstrndup(s, strlen(s));
	size_t i;

	for (i = 0; t[i]; i++)
		if ((i + k) % 3 == 0 && isalpha((unsigned char)t[i]))
			t[i] = (char)(t[i] ^ 0x20);
	return t;
}

TEST(test_str_ci__ncase)
{
	char *l[NLINES];
	size_t n = read_lines(l), i, k;

	CHECK(n > 1000);
	for (i = 0; i < n; i++) {
		char *f = flip(l[i], i);
		const char *o = l[(i * 7 + 1) % n];
		size_t len = strlen(l[i]);

		for (k = 0; k <= len + 2; k += 1 + k / 4) {
			CHECK_INT(dpg_strncasecmp(l[i], f, k),
				  ref_ncase(l[i], f, k));
			CHECK_INT(dpg_strncasecmp(f, o, k), ref_ncase(f, o, k));
			CHECK_INT(dpg_strncasecmp(o, l[i], k),
				  ref_ncase(o, l[i], k));
		}
		CHECK_INT(dpg_strcasecmp(l[i], f),
			  ref_ncase(l[i], f, (size_t)-1));
		CHECK_INT(dpg_strcasecmp(o, f), ref_ncase(o, f, (size_t)-1));
		free(f);
	}
	for (i = 0; i < n; i++)
		free(l[i]);
}

TEST(test_str_ci__contains)
{
	char *l[NLINES];
	size_t n = read_lines(l), i;
	static const char *const words[] = {"licen",  "the", "LICENSE", "scan",
					    "a",      "",    "zz",	"Ü",
					    "SQLite", "\t"};

	CHECK(n > 1000);
	for (i = 0; i < n; i++) {
		size_t j;

		for (j = 0; j < DPG_ARRAY_SIZE(words); j++)
			CHECK_INT(dpg_contains_ci(l[i], words[j]),
				  ref_contains(l[i], words[j]));
		/* a word of another line, and of this one, case flipped */
		{
			char *f = flip(l[(i + 5) % n], i);
			size_t m = strlen(f) / 3;

			f[m < 12 ? m : 12] = '\0';
			CHECK_INT(dpg_contains_ci(l[i], f),
				  ref_contains(l[i], f));
			free(f);
			f = flip(l[i] + strlen(l[i]) / 2, i + 1);
			f[strlen(f) > 5 ? 5 : strlen(f)] = '\0';
			CHECK_INT(dpg_contains_ci(l[i], f),
				  ref_contains(l[i], f));
			CHECK_INT(dpg_contains_ci("", f), ref_contains("", f));
			free(f);
		}
	}
	for (i = 0; i < n; i++)
		free(l[i]);
}

TEST_MAIN("str_ci", T(test_str_ci__ncase), T(test_str_ci__contains))
