/*
 * re_known.c: the shipped patterns' codes, compiled when dpgaudit is
 * built (re_known.h).
 */
#include <stdlib.h>
#include <string.h>

#include "dpg/util.h"
#include "re_known.h"
#include "dpg/banned.h"

static int cmp_key(const char *src, uint32_t flags, const char *ksrc,
		   uint32_t kflags)
{
	int c = strcmp(src, ksrc);

	return c ? c : (flags > kflags) - (flags < kflags);
}

static const struct dpg_re_known *find(const char *src, uint32_t flags)
{
	size_t lo = 0, hi = dpg_re_nknown;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct dpg_re_known *k = &dpg_re_known[mid];
		int c = cmp_key(src, flags, dpg_re_known_srcs + k->src,
				k->flags);

		if (c == 0)
			return k;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

pcre2_code *dpg_re_precompiled(const char *src, uint32_t flags)
{
	const struct dpg_re_known *k = src ? find(src, flags) : NULL;
	pcre2_code *code = NULL;
	uint8_t *b;

	if (!k)
		return NULL;
	/* aligned as PCRE2 reads it (malloc's) */
	b = xmalloc(dpg_re_known_nprefix + k->len);
	memcpy(b, dpg_re_known_prefix, dpg_re_known_nprefix);
	memcpy(b + dpg_re_known_nprefix, dpg_re_known_bytes + k->off, k->len);
	if (pcre2_serialize_decode(&code, 1, b, NULL) != 1)
		code = NULL;
	free(b);
	return code;
}

/* src compiled with flags, serialized (pcre2_serialize_free() it), *len
 * bytes of which the last *code are the code's own; NULL when it does
 * not compile. */
static uint8_t *serialize(const char *src, uint32_t flags, PCRE2_SIZE *len,
			  size_t *own)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
					 flags, &ec, &off, NULL);
	const pcre2_code *codes[1] = {code};
	uint8_t *bytes = NULL;

	if (!code)
		return NULL;
	if (pcre2_serialize_encode(codes, 1, &bytes, len, NULL) != 1 ||
	    pcre2_pattern_info(code, PCRE2_INFO_SIZE, own) != 0 ||
	    *own > *len) {
		pcre2_serialize_free(bytes);
		bytes = NULL;
	}
	pcre2_code_free(code);
	return bytes;
}

size_t dpg_re_known_check(void)
{
	size_t i, bad = 0;

	for (i = 0; i < dpg_re_nknown; i++) {
		const struct dpg_re_known *k = &dpg_re_known[i];
		PCRE2_SIZE len = 0;
		size_t own = 0;
		const char *src = dpg_re_known_srcs + k->src;
		uint8_t *b = serialize(src, k->flags, &len, &own);
		pcre2_code *code = dpg_re_precompiled(src, k->flags);

		/* the same bytes, and they decode; in order */
		if (!b || !code || own != k->len ||
		    len - own != dpg_re_known_nprefix ||
		    memcmp(b, dpg_re_known_prefix, len - own) != 0 ||
		    memcmp(b + len - own, dpg_re_known_bytes + k->off, own) !=
			    0 ||
		    (i > 0 &&
		     cmp_key(dpg_re_known_srcs + dpg_re_known[i - 1].src,
			     dpg_re_known[i - 1].flags, src, k->flags) >= 0))
			bad++;
		pcre2_serialize_free(b);
		pcre2_code_free(code);
	}
	return bad;
}

/* ---- the table, written when dpgaudit is built ---- */

static const char **sort_srcs;
static const uint32_t *sort_flags;

static int cmp_index(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	return cmp_key(sort_srcs[i], sort_flags[i], sort_srcs[j],
		       sort_flags[j]);
}

int dpg_re_known_write(FILE *out, const char **srcs, uint32_t *flags, size_t n)
{
	size_t *ix = xmalloc((n ? n : 1) * sizeof(*ix)), i, k, m = 0, off = 0;
	uint8_t **bytes = xcalloc(n ? n : 1, sizeof(*bytes));
	PCRE2_SIZE *len = xcalloc(n ? n : 1, sizeof(*len));
	size_t *own = xcalloc(n ? n : 1, sizeof(*own));
	struct dpg_cblob blob = DPG_CBLOB_INIT;

	for (i = 0; i < n; i++)
		ix[i] = i;
	sort_srcs = srcs;
	sort_flags = flags;
	qsort(ix, n, sizeof(*ix), cmp_index);
	for (i = 0; i < n; i++) { /* drop repeats, and what does not compile
				     (a scan names the problem) or does not
				     share the first one's prefix */
		if (m && cmp_index(&ix[m - 1], &ix[i]) == 0)
			continue;
		bytes[m] =
			serialize(srcs[ix[i]], flags[ix[i]], &len[m], &own[m]);
		if (bytes[m] && m &&
		    (len[m] - own[m] != len[0] - own[0] ||
		     memcmp(bytes[m], bytes[0], len[0] - own[0]) != 0)) {
			pcre2_serialize_free(bytes[m]);
			bytes[m] = NULL;
		}
		if (bytes[m])
			ix[m++] = ix[i];
	}
	fputs("\n/* The shipped patterns' codes (src/rules/re_known.h). */\n"
	      "#include \"re_known.h\"\n\n"
	      "const unsigned char dpg_re_known_prefix[] = {",
	      out);
	for (k = 0; m && k < len[0] - own[0]; k++)
		fprintf(out, "%s%u,", k % 24 ? "" : "\n\t", bytes[0][k]);
	fprintf(out,
		"\n\t0};\nconst size_t dpg_re_known_nprefix = %zu;\n\n"
		"const unsigned char dpg_re_known_bytes[] = {",
		m ? len[0] - own[0] : 0);
	for (i = 0; i < m; i++)
		for (k = 0; k < own[i]; k++)
			fprintf(out, "%s%u,", (off + k) % 24 ? "" : "\n\t",
				bytes[i][len[i] - own[i] + k]);
	fputs("\n\t0};\n\nconst struct dpg_re_known dpg_re_known[] = {\n", out);
	for (i = 0; i < m; i++) {
		fprintf(out, "\t{%uu, %#x, %zu, %zu},\n",
			(unsigned int)dpg_cblob_add(&blob, srcs[ix[i]]),
			(unsigned int)flags[ix[i]], off, own[i]);
		off += own[i];
	}
	fprintf(out, "\t{0, 0, 0, 0}};\nconst size_t dpg_re_nknown = %zu;\n",
		m);
	dpg_cblob_write(out, "const char dpg_re_known_srcs", &blob);
	dpg_cblob_release(&blob);
	for (i = 0; i < m; i++)
		pcre2_serialize_free(bytes[i]);
	free(bytes);
	free(len);
	free(own);
	free(ix);
	return ferror(out) ? -1 : 0;
}
