#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define NEWLINES_AVX2 1
#endif

#include "dpg/error.h"
#include "dpg/util.h"
#include "dpg/banned.h"

int dpg_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int dpg_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

uint64_t dpg_fnv1a64_more(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t dpg_fnv1a64(const void *data, size_t n)
{
	return dpg_fnv1a64_more(DPG_FNV1A64_BASIS, data, n);
}

/* lower() of each byte, by a load instead of two comparisons */
#define FOLD1(c)  ((c) >= 'A' && (c) <= 'Z' ? (c) + ('a' - 'A') : (c))
#define FOLD4(c)  FOLD1(c), FOLD1((c) + 1), FOLD1((c) + 2), FOLD1((c) + 3)
#define FOLD16(c) FOLD4(c), FOLD4((c) + 4), FOLD4((c) + 8), FOLD4((c) + 12)
#define FOLD64(c)                                                              \
	FOLD16(c), FOLD16((c) + 16), FOLD16((c) + 32), FOLD16((c) + 48)
static const unsigned char fold[256] = {FOLD64(0), FOLD64(64), FOLD64(128),
					FOLD64(192)};

int dpg_strncasecmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		/* equal bytes need no case folding */
		if (x != y) {
			int d = fold[x] - fold[y];

			if (d)
				return d;
		} else if (!x) {
			return 0;
		}
	}
	return 0;
}

int dpg_strcasecmp(const char *a, const char *b)
{
	return dpg_strncasecmp(a, b, (size_t)-1);
}

/* '*' matches any bytes; a pattern reaching another special byte goes to
 * fnmatch(), whose answer this is for the rest in the C locale, which the
 * program never leaves.  A '*' only moves forward: when the rest fails
 * from one place, the last '*' takes one byte more.  Every 0 returned
 * before a special byte is fnmatch's too: a plain byte that differs with
 * no '*' before it, or a pattern left that needs a byte when none is. */
int dpg_glob(const char *p, const char *s)
{
	const char *p0 = p, *s0 = s, *star = NULL, *from = NULL;

	while (*s) {
		if (*p == '*') {
			star = ++p;
			from = s;
		} else if (*p == '?' || *p == '[' || *p == '\\') {
			return fnmatch(p0, s0, 0) == 0;
		} else if (*p == *s) {
			p++;
			s++;
		} else if (star) {
			p = star;
			s = ++from;
		} else {
			return 0;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

int dpg_contains_ci(const char *s, const char *w)
{
	size_t n = strlen(w);
	int c0;

	if (!n)
		return *s != '\0';
	/* the first byte compared here, the rest only where it is equal */
	c0 = lower((unsigned char)w[0]);
	for (; *s; s++)
		if (lower((unsigned char)*s) == c0 &&
		    !dpg_strncasecmp(s + 1, w + 1, n - 1))
			return 1;
	return 0;
}

/* Bit k of t for byte c in either ASCII case. */
static void words_byte(uint64_t *t, unsigned char c, size_t k)
{
	t[c] |= (uint64_t)1 << k;
	t[lower(c)] |= (uint64_t)1 << k;
	if (c >= 'a' && c <= 'z')
		t[c - ('a' - 'A')] |= (uint64_t)1 << k;
}

void dpg_words_init(struct dpg_words *ws, const char *const *w, size_t n)
{
	size_t k;

	if (n > DPG_WORDS_MAX)
		DPG_BUG("dpg_words_init: too many words");
	memset(ws->starts, 0, sizeof(ws->starts));
	memset(ws->second, 0, sizeof(ws->second));
	ws->w = w;
	ws->n = n;
	for (k = 0; k < n; k++) {
		words_byte(ws->starts, (unsigned char)w[k][0], k);
		ws->len[k] = strlen(w[k]);
		if (ws->len[k] > 1) {
			words_byte(ws->second, (unsigned char)w[k][1], k);
		} else {
			size_t c;

			for (c = 0; c < 256; c++)
				ws->second[c] |= (uint64_t)1 << k;
		}
	}
}

long dpg_words_at(const struct dpg_words *ws, const char *p, size_t avail)
{
	uint64_t m;

	if (!avail)
		return -1;
	m = ws->starts[(unsigned char)*p];
	if (avail > 1)
		m &= ws->second[(unsigned char)p[1]];
	for (; m; m &= m - 1) {
		long k = __builtin_ctzll(m);
		size_t n = ws->len[k], i;

		if (n > avail)
			continue;
		for (i = 1; i < n; i++)
			if (lower((unsigned char)p[i]) !=
			    lower((unsigned char)ws->w[k][i]))
				break;
		if (i == n)
			return k;
	}
	return -1;
}

long dpg_words_find(const struct dpg_words *ws, const char *s, size_t len,
		    size_t within)
{
	size_t i, n = len < within ? len : within;

	for (i = 0; i < n; i++)
		if ((ws->starts[(unsigned char)s[i]] &
		     (i + 1 < len ? ws->second[(unsigned char)s[i + 1]]
				  : ~(uint64_t)0)) &&
		    dpg_words_at(ws, s + i, len - i) >= 0)
			return (long)i;
	return -1;
}

void dpg_utc_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int dpg_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1;

	if (!*s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (lower((unsigned char)*end)) {
	case '\0':
		break;
	case 'k':
		mul = 1024;
		end++;
		break;
	case 'm':
		mul = 1024 * 1024;
		end++;
		break;
	case 'g':
		mul = 1024ULL * 1024 * 1024;
		end++;
		break;
	default:
		return -1;
	}
	if (lower((unsigned char)*end) == 'i' && mul > 1)
		end++;
	if (lower((unsigned char)*end) == 'b' && mul > 1)
		end++;
	if (*end || (v && UINT64_MAX / v < mul))
		return -1;
	*out = v * mul;
	return 0;
}

int dpg_parse_duration(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v, mul = 1;

	if (!*s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno)
		return -1;
	switch (lower((unsigned char)*end)) {
	case '\0':
		break;
	case 's':
		end++;
		break;
	case 'm':
		mul = 60;
		end++;
		break;
	case 'h':
		mul = 3600;
		end++;
		break;
	case 'd':
		mul = 86400;
		end++;
		break;
	default:
		return -1;
	}
	if (*end || (v && UINT_MAX / v < mul))
		return -1;
	*out = (unsigned int)(v * mul);
	return 0;
}

int dpg_is_binary(const char *data, size_t len)
{
	return memchr(data, '\0',
		      len < DPG_BINARY_HEAD ? len : DPG_BINARY_HEAD) != NULL;
}

int dpg_binary_name(const char *path)
{
	/* what the benchmark corpus's binary blobs were mostly named
	   (bench/corpus.sh: 139 of their 155 MB), and their kin */
	static const char *const ext[] = {
		"gz",  "tgz", "bz2", "xz",   "zst",   "zip", "jar",  "aar",
		"apk", "png", "jpg", "jpeg", "gif",   "ico", "bmp",  "webp",
		"mo",  "pdf", "dll", "exe",  "so",    "a",   "o",    "class",
		"ttf", "otf", "eot", "woff", "woff2", "pfb", "bcmap"};
	const char *dot = strrchr(path, '.');
	size_t i;

	if (!dot || strchr(dot, '/'))
		return 0;
	for (i = 0; i < DPG_ARRAY_SIZE(ext); i++)
		if (!dpg_strcasecmp(dot + 1, ext[i]))
			return 1;
	return 0;
}

#ifdef NEWLINES_AVX2
/* The newlines of the first multiple of 32 of p's len bytes, 32 at a time,
 * where the CPU has AVX2; *done: that multiple. */
__attribute__((target("avx2"))) static size_t
newlines32(const char *p, size_t len, size_t *done)
{
	const __m256i nl = _mm256_set1_epi8('\n'),
		      zero = _mm256_setzero_si256();
	size_t i = 0, n = 0;

	while (i + 32 <= len) {
		__m256i acc = zero, sum;
		size_t k;

		/* each byte lane counts up to 255 blocks: minus cmpeq's -1s */
		for (k = 0; k < 255 && i + 32 <= len; k++, i += 32)
			acc = _mm256_sub_epi8(
				acc,
				_mm256_cmpeq_epi8(_mm256_loadu_si256((
							  const void *)(p + i)),
						  nl));
		sum = _mm256_sad_epu8(acc, zero);
		n += (size_t)_mm256_extract_epi64(sum, 0) +
		     (size_t)_mm256_extract_epi64(sum, 1) +
		     (size_t)_mm256_extract_epi64(sum, 2) +
		     (size_t)_mm256_extract_epi64(sum, 3);
	}
	*done = i;
	return n;
}
#endif

size_t dpg_count_newlines(const char *p, size_t len)
{
	size_t i = 0, n = 0;
#ifdef NEWLINES_AVX2
	/* chosen at run time, as the tokenizer is (src/license/names.c) */
	if (dpg_cpu_has(DPG_CPU_AVX2))
		n = newlines32(p, len, &i);
#endif
#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();

	while (i + 16 <= len) {
		__m128i acc = zero, sum;
		size_t k;

		/* each byte lane counts up to 255 blocks: minus cmpeq's -1s */
		for (k = 0; k < 255 && i + 16 <= len; k++, i += 16)
			acc = _mm_sub_epi8(
				acc,
				_mm_cmpeq_epi8(
					_mm_loadu_si128((const void *)(p + i)),
					nl));
		sum = _mm_sad_epu8(acc, zero);
		n += (size_t)_mm_cvtsi128_si32(sum) +
		     (size_t)_mm_extract_epi16(sum, 4);
	}
#endif
	for (; i < len; i++)
		n += p[i] == '\n';
	return n;
}
