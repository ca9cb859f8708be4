#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dpg/arena.h"
#include "dpg/buf.h"
#include "dpg/util.h"
#include "test.h"

TEST(test_util__buf_cap)
{
	struct dpg_buf b = DPG_BUF_INIT(8);
	struct dpg_error err = DPG_ERROR_INIT;

	CHECK_INT(dpg_buf_puts(&b, "12345678", &err), 0);
	CHECK_STR(b.ptr, "12345678");
	CHECK_INT(dpg_buf_puts(&b, "9", &err), DPG_ELIMIT);
	CHECK_INT(err.code, DPG_ELIMIT);
	CHECK_STR(b.ptr, "12345678");
	dpg_buf_release(&b);
	CHECK_STR(b.ptr, "");
}

TEST(test_util__buf_printf_detach)
{
	struct dpg_buf b = DPG_BUF_INIT(1024);
	char *s;
	size_t len;

	CHECK_INT(dpg_buf_printf(&b, NULL, "%s-%d", "a", 42), 0);
	s = dpg_buf_detach(&b, &len);
	CHECK_STR(s, "a-42");
	CHECK_INT(len, 4);
	CHECK_STR(b.ptr, "");
	free(s);
}

TEST(test_util__arena)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	char *big, *s;
	int i;

	for (i = 0; i < 10000; i++) {
		s = dpg_arena_printf(&a, "item %d", i);
		CHECK(strcmp(s, "item 0") == 0 || i > 0);
	}
	big = dpg_arena_alloc(&a, 1 << 20);
	CHECK(big[0] == 0 && big[(1 << 20) - 1] == 0);
	s = dpg_arena_strdup(&a, "after");
	CHECK_STR(s, "after");
	dpg_arena_release(&a);
	CHECK(a.head == NULL);
}

TEST(test_util__escape_ctl)
{
	char *s = dpg_escape_ctl("a\x1b[31mb\\c\n");

	CHECK_STR(s, "a\\x1b[31mb\\\\c\\x0a");
	free(s);
}

/* C1 controls, raw C1 bytes, bidi overrides and invalid UTF-8 are inert */
TEST(test_util__escape_c1_bidi_utf8)
{
	char *s;

	/* U+009B (CSI) as UTF-8, and as a raw byte */
	s = dpg_escape_ctl("a\xc2\x9b"
			   "31mb\x9b"
			   "31m");
	CHECK_STR(s, "a\\u009b31mb\\x9b31m");
	free(s);
	/* RLO U+202E, LRI U+2066, PDI U+2069, line separator U+2028 */
	s = dpg_escape_ctl("x\xe2\x80\xae"
			   "evil\xe2\x81\xa6"
			   "y\xe2\x81\xa9"
			   "\xe2\x80\xa8");
	CHECK_STR(s, "x\\u202eevil\\u2066y\\u2069\\u2028");
	free(s);
	/* valid UTF-8 kept: e-acute, CJK, an emoji, U+00A0 */
	s = dpg_escape_ctl("\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\xc2\xa0");
	CHECK_STR(s, "\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\xc2\xa0");
	free(s);
	/* overlong, surrogate, past U+10FFFF, cut short, lone 0xff */
	s = dpg_escape_ctl("\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\xe2\x80|"
			   "\xff");
	CHECK_STR(s, "\\xc0\\xaf|\\xed\\xa0\\x80|\\xf4\\x90\\x80\\x80|"
		     "\\xe2\\x80|\\xff");
	free(s);
}

TEST(test_util__utf8_decode)
{
	uint32_t cp = 0;

	CHECK_INT(dpg_utf8_decode("A", 1, &cp), 1);
	CHECK_INT(cp, 'A');
	CHECK_INT(dpg_utf8_decode("\xc2\x9b", 2, &cp), 2);
	CHECK_INT(cp, 0x9b);
	CHECK(dpg_cp_is_unsafe(cp));
	CHECK_INT(dpg_utf8_decode("\xe2\x80\xae", 3, &cp), 3);
	CHECK(dpg_cp_is_unsafe(cp));
	CHECK_INT(dpg_utf8_decode("\xe2\x80\xae", 2, &cp), 0);
	CHECK_INT(dpg_utf8_decode("\x9b", 1, &cp), 0);
	CHECK_INT(dpg_utf8_decode("", 0, &cp), 0);
	CHECK(!dpg_cp_is_unsafe(0xe9));
	CHECK(!dpg_cp_is_unsafe(0x200f)); /* RLM: a mark, not an override */
}

TEST(test_util__parse_size)
{
	uint64_t v;

	CHECK(dpg_parse_size("4M", &v) == 0 && v == 4u << 20);
	CHECK(dpg_parse_size("512k", &v) == 0 && v == 512u << 10);
	CHECK(dpg_parse_size("1GiB", &v) == 0 && v == 1u << 30);
	CHECK(dpg_parse_size("100", &v) == 0 && v == 100);
	CHECK(dpg_parse_size("-1", &v) < 0);
	CHECK(dpg_parse_size("4X", &v) < 0);
	CHECK(dpg_parse_size("", &v) < 0);
	CHECK(dpg_parse_size("99999999999999999999", &v) < 0);
}

TEST(test_util__case)
{
	CHECK(dpg_strcasecmp("LICENSE", "license") == 0);
	CHECK(dpg_strncasecmp("COPYING.md", "copying", 7) == 0);
	CHECK(dpg_strcasecmp("a", "b") < 0);
	CHECK(dpg_ends_with("x.tar.gz", ".tar.gz"));
	CHECK(!dpg_ends_with("gz", ".tar.gz"));
}

/* The first-byte test never rejects two strings that are equal ignoring
 * case, and rejects most that are not. */
TEST(test_util__same_first_ci)
{
	unsigned int a, b, rejected = 0;

	for (a = 1; a < 256; a++)
		for (b = 1; b < 256; b++) {
			char x[2] = {(char)a, 0}, y[2] = {(char)b, 0};
			int same = dpg_same_first_ci(x, y);

			if (dpg_strcasecmp(x, y) == 0)
				CHECK(same);
			rejected += !same;
		}
	CHECK(rejected >= 255 * 253);
}

/* dpg_glob answers what fnmatch(p, s, 0) does, on the policy's patterns
 * and on patterns where a '*' must give back what it took. */
TEST(test_util__glob)
{
	static const char *const pats[] = {
		"*",
		"",
		"rule",
		"rule*",
		"*rule",
		"r*e",
		"openapi-spec-*",
		"law-*",
		"std-*",
		"*-*",
		"a*b*c",
		"a**c",
		"*a*a*",
		"ab*ab",
		"*.md",
		"x?y",
		"[ab]*",
		"*a?",
		"a*[bc]",
		"ab?",
		"a\\*b",
		"consistent",
		"*x*",
	};
	static const char *const strs[] = {
		"",
		"rule",
		"rules",
		"xrule",
		"re",
		"r",
		"openapi-spec-json",
		"openapi-spec-",
		"law-gdpr",
		"std-",
		"a-b",
		"abc",
		"aXbYc",
		"abcbc",
		"ac",
		"aac",
		"aaa",
		"a",
		"abab",
		"ababab",
		"README.md",
		".md",
		"xzy",
		"bcd",
		"a*b",
		"consistent",
		"inconsistent",
		"x",
		"a/b/x/c",
	};
	size_t i, j;

	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++)
		for (j = 0; j < sizeof(strs) / sizeof(strs[0]); j++) {
			int want = fnmatch(pats[i], strs[j], 0) == 0;

			if (dpg_glob(pats[i], strs[j]) != want)
				printf("  glob '%s' '%s': want %d\n", pats[i],
				       strs[j], want);
			CHECK(dpg_glob(pats[i], strs[j]) == want);
		}
}

/* A word set finds what strncasecmp word by word would, at each offset. */
TEST(test_util__words)
{
	static const char *const w[] = {"funded by", "fund", "Thanks to", "x",
					"grant no"};
	static const char *const texts[] = {"", "f", "Fund", "FUNDED BY",
					    "funded b", "thanks TO you",
					    "a grant no.", "xylophone",
					    "\xc3\xa9"
					    "funded by",
					    "gran",
					    /* the second byte in either
					     * case; a one-byte word last */
					    "tHANKS to", "ax"};
	struct dpg_words ws;
	size_t t, i, k;

	dpg_words_init(&ws, w, DPG_ARRAY_SIZE(w));
	for (t = 0; t < DPG_ARRAY_SIZE(texts); t++) {
		const char *s = texts[t];
		size_t len = strlen(s);
		long first = -1;

		for (i = 0; i <= len; i++) {
			long want = -1;

			for (k = 0; k < DPG_ARRAY_SIZE(w) && want < 0; k++)
				if (strlen(w[k]) <= len - i &&
				    !dpg_strncasecmp(s + i, w[k], strlen(w[k])))
					want = (long)k;
			CHECK_INT(dpg_words_at(&ws, s + i, len - i), want);
			if (want >= 0 && first < 0)
				first = (long)i;
		}
		CHECK_INT(dpg_words_find(&ws, s, len, len), first);
	}
	/* list order decides: "funded by" before "fund" */
	CHECK_INT(dpg_words_at(&ws, "Funded by", 9), 0);
	CHECK_INT(dpg_words_at(&ws, "Funded", 6), 1);
	/* a word may end past `within`, not start there */
	CHECK_INT(dpg_words_find(&ws, "ab grant no", 11, 4), 3);
	CHECK_INT(dpg_words_find(&ws, "ab grant no", 11, 3), -1);
}

/* Every length and offset around the 16-byte blocks and the 255-block
 * runs of each lane, all-newline texts (a lane at its limit) and random
 * ones, against a byte loop. */
/* dpg_seen_dir_*: the same directory and stamp only */
TEST(test_util__seen_dir)
{
	static struct dpg_seen_dir a, b;

	CHECK(!dpg_seen_dir_is(&a, "/x/rules", 7));
	dpg_seen_dir_set(&a, "/x/rules", 7);
	CHECK(dpg_seen_dir_is(&a, "/x/rules", 7));
	CHECK(!dpg_seen_dir_is(&a, "/x/rules", 8));
	CHECK(!dpg_seen_dir_is(&a, "/x/rule", 7));
	CHECK(!dpg_seen_dir_is(&b, "/x/rules", 7));
	dpg_seen_dir_set(&a, "/y", 9);
	CHECK(!dpg_seen_dir_is(&a, "/x/rules", 7));
	CHECK(dpg_seen_dir_is(&a, "/y", 9));
	free(a.dir);
}

TEST(test_util__count_newlines)
{
	static char s[16 * 255 * 2 + 64];
	size_t len, off, i, want;
	unsigned int seed = 7;
	int round;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < sizeof(s); i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = round == 0   ? '\n'
			       : round == 1 ? ((seed >> 16) % 3 ? 'x' : '\n')
					    : (char)(seed >> 16);
		}
		for (off = 0; off < 17; off += 4)
			for (len = 0; off + len <= sizeof(s);
			     len += len < 48 ? 1 : 509) {
				for (want = 0, i = off; i < off + len; i++)
					want += s[i] == '\n';
				CHECK(dpg_count_newlines(s + off, len) == want);
			}
	}
}

/* dpg_buf_read_file: every size around its read steps, appended to what
 * the buffer holds, at and over the cap (an error, or cut), and what is
 * not a regular file refused. */
TEST(test_util__read_file)
{
	static const size_t sizes[] = {0, 1, 4095, 4096, 4097, 70000};
	char dir[] = "/tmp/dpg-test-util.XXXXXX", path[64], fifo[64];
	static char data[70000];
	struct dpg_error err = DPG_ERROR_INIT;
	size_t i, k;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/f", dir);
	snprintf(fifo, sizeof(fifo), "%s/p", dir);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	for (k = 0; k < DPG_ARRAY_SIZE(sizes); k++) {
		size_t n = sizes[k];
		FILE *f = fopen(path, "wb");
		struct dpg_buf b = DPG_BUF_INIT(n + 2);

		CHECK(f && fwrite(data, 1, n, f) == n && fclose(f) == 0);
		dpg_buf_puts(&b, "<>", NULL);
		CHECK_INT(dpg_buf_read_file(&b, path, "x", 0, &err), 0);
		CHECK_INT(b.len, n + 2);
		CHECK(memcmp(b.ptr, "<>", 2) == 0);
		CHECK(memcmp(b.ptr + 2, data, n) == 0 && b.ptr[b.len] == 0);
		if (!n) {
			dpg_buf_release(&b);
			continue;
		}
		/* one byte over the cap */
		b.max = n + 1;
		b.len = 2;
		CHECK_INT(dpg_buf_read_file(&b, path, "x", 0, &err),
			  DPG_ELIMIT);
		b.len = 2;
		CHECK_INT(dpg_buf_read_file(&b, path, "x", DPG_READ_TRUNCATE,
					    &err),
			  0);
		CHECK_INT(b.len, n + 1);
		CHECK(memcmp(b.ptr + 2, data, b.len - 2) == 0);
		dpg_buf_release(&b);
	}
	{
		struct dpg_buf b = DPG_BUF_INIT(100);

		CHECK_INT(dpg_buf_read_file(&b, dir, "x", 0, &err), DPG_EIO);
		CHECK(strstr(err.msg, "is a directory") != NULL);
		CHECK(mkfifo(fifo, 0600) == 0);
		CHECK_INT(dpg_buf_read_file(&b, fifo, "x", 0, &err), DPG_EIO);
		CHECK(strstr(err.msg, "is a FIFO") != NULL);
		CHECK(unlink(fifo) == 0 && unlink(path) == 0);
		CHECK_INT(dpg_buf_read_file(&b, path, "x", 0, &err),
			  DPG_ENOTFOUND);
		CHECK_INT(b.len, 0);
		dpg_buf_release(&b);
	}
	CHECK(rmdir(dir) == 0);
}

TEST_MAIN("test_util", T(test_util__buf_cap), T(test_util__buf_printf_detach),
	  T(test_util__arena), T(test_util__escape_ctl),
	  T(test_util__escape_c1_bidi_utf8), T(test_util__utf8_decode),
	  T(test_util__parse_size), T(test_util__case),
	  T(test_util__same_first_ci), T(test_util__glob), T(test_util__words),
	  T(test_util__seen_dir), T(test_util__count_newlines),
	  T(test_util__read_file))
