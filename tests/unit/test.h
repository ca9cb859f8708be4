/*
 * test.h: a small unit-test harness.  Each tests/unit/test_<module>.c
 * defines its cases with TEST() and ends with TEST_MAIN(...).  A binary
 * prints a line per failure and ends with "<name>: N passed, N failed".
 */
#ifndef DPG_TEST_H
#define DPG_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failed_;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("  FAIL %s:%d: %s\n", __FILE__, __LINE__,       \
			       #cond);                                         \
			test_failed_ = 1;                                      \
			return;                                                \
		}                                                              \
	} while (0)

#define CHECK_STR(a, b)                                                        \
	do {                                                                   \
		const char *a_ = (a), *b_ = (b);                               \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                       \
			printf("  FAIL %s:%d: %s == %s: '%s' != '%s'\n",       \
			       __FILE__, __LINE__, #a, #b, a_ ? a_ : "(null)", \
			       b_ ? b_ : "(null)");                            \
			test_failed_ = 1;                                      \
			return;                                                \
		}                                                              \
	} while (0)

#define CHECK_INT(a, b)                                                        \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (a_ != b_) {                                                \
			printf("  FAIL %s:%d: %s == %s: %lld != %lld\n",       \
			       __FILE__, __LINE__, #a, #b, a_, b_);            \
			test_failed_ = 1;                                      \
			return;                                                \
		}                                                              \
	} while (0)

/*
 * fn(path, its first cap bytes in buf, ctx) for each file the shell
 * command lists, one path a line (those that cannot be opened passed
 * over): how many were read.
 */
static inline size_t test_each_listed(const char *cmd, char *buf, size_t cap,
				      void (*fn)(const char *path,
						 const char *s, size_t len,
						 void *ctx),
				      void *ctx)
{
	char path[4096];
	size_t files = 0, len;
	FILE *p = popen(cmd, "r"), *f;

	while (p && fgets(path, sizeof(path), p)) {
		path[strcspn(path, "\n")] = '\0';
		f = fopen(path, "rb");
		if (!f)
			continue;
		len = fread(buf, 1, cap, f);
		fclose(f);
		files++;
		fn(path, buf, len, ctx);
	}
	if (p)
		pclose(p);
	return files;
}

struct test_case {
	const char *name;
	void (*fn)(void);
};
#define T(fn)                                                                  \
	{                                                                      \
#fn, fn                                                        \
	}

#define TEST_MAIN(suite, ...)                                                  \
	int main(void)                                                         \
	{                                                                      \
		static const struct test_case cases[] = {__VA_ARGS__};         \
		size_t i, pass = 0, fail = 0;                                  \
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {       \
			test_failed_ = 0;                                      \
			cases[i].fn();                                         \
			if (test_failed_) {                                    \
				printf("  not ok %s\n", cases[i].name);        \
				fail++;                                        \
			} else {                                               \
				pass++;                                        \
			}                                                      \
		}                                                              \
		printf("%s: %zu passed, %zu failed\n", suite, pass, fail);     \
		return fail ? 1 : 0;                                           \
	}

#endif
