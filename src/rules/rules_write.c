/*
 * rules_write.c: a loaded ruleset written as C, for the table of the
 * shipped rules made at build time (src/rules/re_known.h:
 * dpg_rules_known; tools/gen-prefilter.c appends it to
 * $(BUILD)/gen/prefilter_known.c).
 *
 * Each rule's fields are written as dpg_ruleset_compile left them with
 * lazy patterns (scopes resolved into path and not-path), without its
 * compiled patterns, which a scan's compile makes; the strength as a
 * hexadecimal float (exact).  tests/unit/test_rules_builtin.c checks
 * that the table equals the run-time load of the shipped files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/cache.h"
#include "dpg/util.h"
#include "re_known.h"
#include "rules_int.h"
#include "dpg/banned.h"

void dpg_c_str_write(FILE *out, const char *s, size_t n, int lines)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\' || c == '?')
			fprintf(out, "\\%c", c);
		else if (c == '\n' && lines && i + 1 < n)
			fputs("\\n\"\n\t\"", out);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, out);
		else
			fprintf(out, "\\%03o", c);
	}
	fputc('"', out);
}

static uint32_t blob_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

uint32_t dpg_cblob_add(struct dpg_cblob *b, const char *s)
{
	size_t len = strlen(s), i;
	uint32_t off;

	if (2 * (b->hn + 1) > b->hcap) { /* grow and rehash */
		size_t cap = b->hcap ? 2 * b->hcap : 1024, k;
		uint32_t *h = xcalloc(cap, sizeof(*h));

		for (k = 0; k < b->hcap; k++)
			if (b->h[k]) {
				i = blob_hash(b->b + b->h[k] - 1) & (cap - 1);
				while (h[i])
					i = (i + 1) & (cap - 1);
				h[i] = b->h[k];
			}
		free(b->h);
		b->h = h;
		b->hcap = cap;
	}
	i = blob_hash(s) & (b->hcap - 1);
	for (; b->h[i]; i = (i + 1) & (b->hcap - 1))
		if (!strcmp(b->b + b->h[i] - 1, s))
			return b->h[i] - 1;
	dpg_grow(&b->b, &b->cap, b->n + len + 1, 1);
	memcpy(b->b + b->n, s, len + 1);
	off = (uint32_t)b->n;
	b->n += len + 1;
	b->h[i] = off + 1;
	b->hn++;
	return off;
}

uint32_t dpg_cblob_append(struct dpg_cblob *b, const char *s, size_t n)
{
	uint32_t off = (uint32_t)b->n;

	dpg_grow(&b->b, &b->cap, b->n + n, 1);
	memcpy(b->b + b->n, s, n);
	b->n += n;
	return off;
}

void dpg_cblob_write(FILE *out, const char *decl, const struct dpg_cblob *b)
{
	size_t i = 0;

	fprintf(out, "%s[] =", decl);
	while (i < b->n) { /* a string a line, its NUL written (\000) */
		size_t len = strlen(b->b + i);

		fputs("\n\t", out);
		dpg_c_str_write(out, b->b + i, len + 1, 0);
		i += len + 1;
	}
	fputs(b->n ? ";\n" : " \"\";\n", out);
}

void dpg_cblob_release(struct dpg_cblob *b)
{
	free(b->b);
	free(b->h);
	memset(b, 0, sizeof(*b));
}

static char *known_str(uint32_t o)
{
	return o ? (char *)dpg_rules_strs + o - 1 : NULL;
}

void dpg_rules_known_rule(struct dpg_rule *r, const struct dpg_rule_known *k)
{
	struct dpg_rule_re **res[5];
	size_t i;

	memset(r, 0, sizeof(*r));
	res[0] = &r->re_path;
	res[1] = &r->re_not_path;
	res[2] = &r->re_content;
	res[3] = &r->re_value;
	res[4] = &r->re_dependency;
	r->id = known_str(k->id);
	r->message = known_str(k->message);
	r->scope = known_str(k->scope);
	r->path = known_str(k->path);
	r->not_path = known_str(k->not_path);
	r->content = known_str(k->content);
	r->field = known_str(k->field);
	r->value = known_str(k->value);
	r->dependency = known_str(k->dependency);
	r->indicator = k->indicator;
	r->strength = k->strength;
	r->line = k->line;
	r->disabled = k->disabled;
	r->is_scope = k->is_scope;
	r->max_findings = k->max_findings;
	r->lazy = k->lazy;
	r->builtin = 1;
	if (k->nex) {
		r->examples = dpg_rules_known_ex + k->ex;
		r->nexamples = r->examples_cap = k->nex;
	}
	for (i = 0; i < 5; i++)
		*res[i] =
			k->res[i] ? &dpg_rules_known_res[k->res[i] - 1] : NULL;
}

/* The index of the file r was read from, or -1. */
static long file_of(const struct dpg_rule *r,
		    const struct dpg_known_file *files, size_t n)
{
	const char *base = r->file ? strrchr(r->file, '/') : NULL;
	size_t k;

	base = base ? base + 1 : r->file;
	for (k = 0; base && k < n; k++)
		if (!strcmp(base, files[k].name))
			return (long)k;
	return -1;
}

/* r's examples as elements of dpg_rules_known_ex (the *n before). */
static void put_examples(FILE *out, const struct dpg_rule *r, size_t *n)
{
	size_t k;

	for (k = 0; k < r->nexamples; k++) {
		const struct dpg_rule_example *ex = &r->examples[k];

		fprintf(out, "\t{%d, %d, (char *)", ex->kind, ex->match);
		dpg_c_str_write(out, ex->text, strlen(ex->text), 1);
		fprintf(out, ", %uu},\n", ex->line);
	}
	*n += r->nexamples;
}

/* The literals and byte pairs of the table's patterns, as they are
 * written (dpg_rules_known_lits, _pairs: indexes, not pointers). */
struct kl {
	struct dpg_cblob *blob;
	uint32_t *lits;
	size_t nlits, lcap;
	uint64_t *pairs;
	size_t npairs, pcap;
};

/* re's literals: 1 + the index of the first in k->lits. */
static uint32_t add_lits(struct kl *k, const struct dpg_rule_re *re)
{
	size_t j, at = k->nlits;

	dpg_grow(&k->lits, &k->lcap, k->nlits + re->nlits, sizeof(*k->lits));
	for (j = 0; j < re->nlits; j++)
		k->lits[k->nlits++] =
			dpg_cblob_add(k->blob, dpg_rre_lit(re, j));
	return (uint32_t)at + 1;
}

/* n words at p: 1 + the index of the first in k->pairs. */
static uint32_t add_pairs(struct kl *k, const uint64_t *p, size_t n)
{
	size_t at = k->npairs;

	dpg_grow(&k->pairs, &k->pcap, k->npairs + n, sizeof(*k->pairs));
	memcpy(k->pairs + at, p, n * sizeof(*p));
	k->npairs += n;
	return (uint32_t)at + 1;
}

/* A rule's pattern fields: their keys (as dpg_ruleset_compile gives them). */
static const char *const re_keys[] = {"path", "not-path", "content", "value",
				      "dependency"};

static void rule_res(const struct dpg_rule *r, const struct dpg_rule_re **res,
		     const char **srcs)
{
	res[0] = r->re_path;
	res[1] = r->re_not_path;
	res[2] = r->re_content;
	res[3] = r->re_value;
	res[4] = r->re_dependency;
	srcs[0] = r->path;
	srcs[1] = r->not_path;
	srcs[2] = r->content;
	srcs[3] = r->value;
	srcs[4] = r->dependency;
}

/* A set of 256 bits (four 64-bit words) as a C initializer. */
static void put_bits(FILE *out, const uint64_t m[4])
{
	fprintf(out,
		"{UINT64_C(0x%llx), UINT64_C(0x%llx), UINT64_C(0x%llx), "
		"UINT64_C(0x%llx)}",
		(unsigned long long)m[0], (unsigned long long)m[1],
		(unsigned long long)m[2], (unsigned long long)m[3]);
}

/*
 * Rule i's patterns as elements of dpg_rules_known_res (struct
 * dpg_rule_re, fixed: shared by every load of the table, never freed;
 * at[k]: 1 + the index of key k's, or 0, *n before them), each compiled
 * at its first use from its source with the options dpg_ruleset_compile
 * gives it (a pattern it compiled at once: those of the key), with what
 * index_anchors and index_paths set from the table.
 */
static void put_res(FILE *out, struct kl *kl, size_t i,
		    const struct dpg_rule *r, size_t *n, uint32_t at[5])
{
	const struct dpg_rule_re *res[5];
	const char *srcs[5];
	size_t k;

	rule_res(r, res, srcs);
	for (k = 0; k < 5; k++) {
		const struct dpg_rule_re *re = res[k];
		uint32_t flags = re ? re->re.flags : 0;

		at[k] = re ? (uint32_t)++ * n : 0;
		if (!re)
			continue;
		if (!re->re.src)
			flags = dpg_rules_key_flags(re_keys[k]) |
				(k == 2 ? PCRE2_USE_OFFSET_LIMIT : 0) |
				PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
		fprintf(out,
			"\t{/* rule %zu, %s */\n\t.re = {.tsrc = 0x%xu, "
			".flags = 0x%xu},\n"
			"\t.backrefs = %d, .at_start = %d, .fixed = 1",
			i, re_keys[k],
			(unsigned int)(DPG_RE_TSRC_RULES |
				       (1 +
					dpg_cblob_add(
						kl->blob,
						dpg_re_src(&re->re)
							? dpg_re_src(&re->re)
							: srcs[k]))),
			(unsigned int)flags, re->backrefs, re->at_start);
		if (k == 2) /* index_anchors */
			fprintf(out, ", .anchor = %ld, .known = 1", re->anchor);
		else
			fputs(", .anchor = -1", out);
		if (k <= 2 && re->nlits) /* index_anchors, index_paths */
			fprintf(out, ",\n\t.klits = %uu, .nlits = %zu",
				(unsigned int)add_lits(kl, re), re->nlits);
		if (k <= 1) { /* index_paths: path, not-path */
			fputs(", .known = 1", out);
			/* without pairs: the 4 words of 0 first */
			fprintf(out, ", .kpairs = %uu",
				re->nlits && dpg_rre_pairs(re)
					? (unsigned int)add_pairs(
						  kl, dpg_rre_pairs(re),
						  4 * re->nlits)
					: 1u);
		}
		if (k == 0 && re->start_known) { /* index_paths: path_start */
			fputs(",\n\t.start = ", out);
			put_bits(out, re->start);
			fputs(", .start_known = 1", out);
		}
		fputs("},\n", out);
	}
}

/* 1 + the offset of s in blob, or 0 for NULL. */
static uint32_t str_at(struct dpg_cblob *blob, const char *s)
{
	return s ? 1 + dpg_cblob_add(blob, s) : 0;
}

/* Rule r as an entry of dpg_rules_known: its examples from ex, its
 * patterns at[]. */
static void put_rule(FILE *out, struct dpg_cblob *blob,
		     const struct dpg_rule *r, long file, size_t ex,
		     const uint32_t at[5])
{
	const char *const strs[] = {r->id,    r->message,  r->scope,
				    r->path,  r->not_path, r->content,
				    r->field, r->value,	   r->dependency};
	size_t k;

	fputs("\t{", out);
	for (k = 0; k < DPG_ARRAY_SIZE(strs); k++)
		fprintf(out, "%uu, ", (unsigned int)str_at(blob, strs[k]));
	fprintf(out, "\n\t %d, %a, %uu, %d, %d, %uu, %d, %zu, %zu, {",
		r->indicator, r->strength, r->line, r->disabled, r->is_scope,
		r->max_findings, r->lazy, r->nexamples ? ex : 0, r->nexamples);
	for (k = 0; k < 5; k++)
		fprintf(out, "%s%uu", k ? ", " : "", (unsigned int)at[k]);
	fprintf(out, "}, %ldu},\n", file);
}

int dpg_known_files_write(FILE *out, const char *files, const char *count,
			  const struct dpg_known_file *f, size_t n)
{
	char hash[33];
	size_t i;

	fprintf(out, "const struct dpg_known_file %s[] = {\n", files);
	for (i = 0; i < n; i++) {
		fputs("\t{", out);
		dpg_c_str_write(out, f[i].name, strlen(f[i].name), 0);
		fprintf(out, ", %zu,\n\t", f[i].len);
		dpg_c_str_write(out, f[i].text, f[i].len, 1);
		dpg_cache_file_hash(f[i].text, f[i].len, hash);
		fprintf(out, ",\n\t\"%s\"},\n", hash);
	}
	fprintf(out, "\t{NULL, 0, NULL, NULL}};\nconst size_t %s = %zu;\n",
		count, n);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

/* What goes before element i of a list, 16 a line. */
static const char *sep(size_t i)
{
	return i % 16 ? ", " : i ? ",\n\t" : "\n\t";
}

/* rs's path filters' index (struct dpg_rules_paths) as the static paths. */
static void put_paths(FILE *out, const struct dpg_ruleset *rs)
{
	size_t i;

	fprintf(out, "static const size_t kpgroup[%zu] = {", rs->n);
	for (i = 0; i < rs->n; i++)
		fprintf(out, "%s%zu", sep(i), rs->pgroup[i]);
	fprintf(out, "};\nstatic const unsigned char kpflag[%zu] = {", rs->n);
	for (i = 0; i < rs->n; i++)
		fprintf(out, "%s%u", sep(i), rs->pflag[i]);
	fprintf(out, "};\nstatic const signed char kpextbit[%zu] = {", rs->n);
	for (i = 0; i < rs->n; i++)
		fprintf(out, "%s%d", sep(i), rs->pextbit[i]);
	fputs("};\n", out);
	if (rs->nplits) {
		fprintf(out,
			"static const struct dpg_path_lit kplits[%zu] = {\n",
			rs->nplits);
		for (i = 0; i < rs->nplits; i++) {
			const struct dpg_path_lit *e = &rs->plits[i];

			fputs("\t{", out);
			put_bits(out, e->m);
			fprintf(out, ", %zu, ", e->rule);
			dpg_c_str_write(out, e->lit, strlen(e->lit), 0);
			fputs("},\n", out);
		}
		fputs("};\n", out);
	}
	if (rs->npexts) {
		fprintf(out,
			"static const struct dpg_path_ext kpexts[%zu] = {\n",
			rs->npexts);
		for (i = 0; i < rs->npexts; i++) {
			fputs("\t{", out);
			dpg_c_str_write(out, rs->pexts[i].ext,
					strlen(rs->pexts[i].ext), 0);
			fprintf(out, ", UINT64_C(0x%llx)},\n",
				(unsigned long long)rs->pexts[i].mask);
		}
		fputs("};\n", out);
	}
	fprintf(out,
		"static const struct dpg_rules_paths paths = {kpgroup, kpflag, "
		"%s, %zu, kpextbit, %s, %zu};\n",
		rs->nplits ? "kplits" : "NULL", rs->nplits,
		rs->npexts ? "kpexts" : "NULL", rs->npexts);
}

int dpg_rules_known_write(FILE *out, const struct dpg_ruleset *rs,
			  const struct dpg_known_file *files, size_t n)
{
	struct dpg_cblob blob = DPG_CBLOB_INIT;
	size_t nr = rs && n ? dpg_ruleset_count(rs) : 0, i, nres = 0, nex = 0;
	uint32_t(*at)[5];
	size_t *ex;

	for (i = 0; i < nr; i++)
		if (file_of(dpg_ruleset_rule(rs, i), files, n) < 0)
			nr = 0; /* not these files': an empty table */
	at = xcalloc(nr + 1, sizeof(*at));
	ex = xcalloc(nr + 1, sizeof(*ex));
	static const uint64_t zero[4];
	struct kl kl = {&blob, NULL, 0, 0, NULL, 0, 0};

	fputs("#include \"rules_int.h\"\n", out);
	/* the patterns and examples, each in one array (the table's
	   entries hold their indexes, not pointers) */
	(void)add_pairs(&kl, zero, 4);
	fputs("struct dpg_rule_re dpg_rules_known_res[] = {\n", out);
	for (i = 0; i < nr; i++)
		put_res(out, &kl, i, dpg_ruleset_rule(rs, i), &nres, at[i]);
	fputs(nres ? "};\n" : "\t{.anchor = -1}};\n", out);
	fputs("const uint32_t dpg_rules_known_lits[] = {", out);
	for (i = 0; i < kl.nlits; i++)
		fprintf(out, "%s%uu",
			i % 12 ? ", "
			: i    ? ",\n\t"
			       : "\n\t",
			(unsigned int)kl.lits[i]);
	fputs(kl.nlits ? "};\n" : "0};\n", out);
	fputs("const uint64_t dpg_rules_known_pairs[] = {", out);
	for (i = 0; i < kl.npairs; i++)
		fprintf(out, "%sUINT64_C(0x%llx)",
			i % 4 ? ", "
			: i   ? ",\n\t"
			      : "\n\t",
			(unsigned long long)kl.pairs[i]);
	fputs("};\n", out);
	free(kl.lits);
	free(kl.pairs);
	fputs("struct dpg_rule_example dpg_rules_known_ex[] = {\n", out);
	for (i = 0; i < nr; i++) {
		ex[i] = nex;
		put_examples(out, dpg_ruleset_rule(rs, i), &nex);
	}
	fputs(nex ? "};\n" : "\t{0, 0, NULL, 0}};\n", out);
	if (nr)
		put_paths(out, rs);
	fprintf(out,
		"const struct dpg_rules_paths *const dpg_rules_known_paths = "
		"%s;\n",
		nr ? "&paths" : "NULL");
	fputs("const struct dpg_rule_known dpg_rules_known[] = {\n", out);
	for (i = 0; i < nr; i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(rs, i);

		put_rule(out, &blob, r, file_of(r, files, n), ex[i], at[i]);
	}
	fprintf(out,
		"\t{.id = 0}};\n"
		"const size_t dpg_rules_nknown = %zu;\n",
		nr);
	dpg_cblob_write(out, "const char dpg_rules_strs", &blob);
	dpg_cblob_release(&blob);
	free(at);
	free(ex);
	dpg_known_files_write(out, "dpg_rules_known_files",
			      "dpg_rules_known_nfiles", files, nr ? n : 0);
	if (nr && rs->anchors) {
		fputs("#include \"lits_int.h\"\n", out);
		dpg_lits_write(out, rs->anchors);
	}
	fprintf(out, "struct dpg_lits *const dpg_rules_known_anchors = %s;\n",
		nr && rs->anchors ? "&anchors" : "NULL");
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
