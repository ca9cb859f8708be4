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
#include <string.h>

#include "dpg/cache.h"
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

static void put_field(FILE *out, const char *name, const char *s)
{
	if (!s)
		return;
	fprintf(out, ",\n\t  .%s = (char *)", name);
	dpg_c_str_write(out, s, strlen(s), 1);
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

static void put_examples(FILE *out, size_t i, const struct dpg_rule *r)
{
	size_t k;

	if (!r->nexamples)
		return;
	fprintf(out, "static struct dpg_rule_example rex%zu[] = {\n", i);
	for (k = 0; k < r->nexamples; k++) {
		const struct dpg_rule_example *ex = &r->examples[k];

		fprintf(out, "\t{%d, %d, (char *)", ex->kind, ex->match);
		dpg_c_str_write(out, ex->text, strlen(ex->text), 1);
		fprintf(out, ", %uu},\n", ex->line);
	}
	fputs("};\n", out);
}

/* The literals (and with pairs, their byte pairs) of rule i's pattern. */
static void put_lits(FILE *out, const char *name, size_t i,
		     const struct dpg_rule_re *re, int pairs)
{
	size_t k;

	if (!re || !re->nlits)
		return;
	fprintf(out, "static const char *const %s%zu[] = {", name, i);
	for (k = 0; k < re->nlits; k++) {
		fputs(k ? ", " : "", out);
		dpg_c_str_write(out, re->lits[k], strlen(re->lits[k]), 0);
	}
	fputs("};\n", out);
	if (!pairs || !re->pairs)
		return;
	fprintf(out, "static const uint64_t %sp%zu[] = {", name, i);
	for (k = 0; k < 4 * re->nlits; k++)
		fprintf(out, "%sUINT64_C(0x%llx)", k ? ", " : "",
			(unsigned long long)re->pairs[k]);
	fputs("};\n", out);
}

/* How many literals re has, and the name of their array (or NULL). */
static void put_ref(FILE *out, const char *name, size_t i,
		    const struct dpg_rule_re *re)
{
	if (re && re->nlits)
		fprintf(out, "%s%zu, %zu", name, i, re->nlits);
	else
		fputs("NULL, 0", out);
}

static void put_rule(FILE *out, size_t i, const struct dpg_rule *r, long file)
{
	fputs("\t{{.id = (char *)", out);
	dpg_c_str_write(out, r->id, strlen(r->id), 0);
	fprintf(out,
		",\n\t  .indicator = %d, .strength = %a, .line = %uu, "
		".disabled = %d, .is_scope = %d,\n\t  .max_findings = %uu, "
		".lazy = %d, .builtin = 1",
		r->indicator, r->strength, r->line, r->disabled, r->is_scope,
		r->max_findings, r->lazy);
	put_field(out, "message", r->message);
	put_field(out, "scope", r->scope);
	put_field(out, "path", r->path);
	put_field(out, "not_path", r->not_path);
	put_field(out, "content", r->content);
	put_field(out, "field", r->field);
	put_field(out, "value", r->value);
	put_field(out, "dependency", r->dependency);
	if (r->nexamples)
		fprintf(out,
			",\n\t  .examples = rex%zu, .nexamples = %zu, "
			".examples_cap = %zu",
			i, r->nexamples, r->nexamples);
	fprintf(out, "},\n\t %ldu, ", file);
	put_ref(out, "rcl", i, r->re_content);
	fprintf(out, ", %ld, ", r->re_content ? r->re_content->anchor : -1L);
	put_ref(out, "rpl", i, r->re_path);
	if (r->re_path && r->re_path->nlits && r->re_path->pairs)
		fprintf(out, ", rplp%zu},\n", i);
	else
		fputs(", NULL},\n", out);
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

int dpg_rules_known_write(FILE *out, const struct dpg_ruleset *rs,
			  const struct dpg_known_file *files, size_t n)
{
	size_t nr = rs && n ? dpg_ruleset_count(rs) : 0, i;

	for (i = 0; i < nr; i++)
		if (file_of(dpg_ruleset_rule(rs, i), files, n) < 0)
			nr = 0; /* not these files': an empty table */
	for (i = 0; i < nr; i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(rs, i);

		put_examples(out, i, r);
		put_lits(out, "rcl", i, r->re_content, 0);
		put_lits(out, "rpl", i, r->re_path, 1);
	}
	fputs("const struct dpg_rule_known dpg_rules_known[] = {\n", out);
	for (i = 0; i < nr; i++) {
		const struct dpg_rule *r = dpg_ruleset_rule(rs, i);

		put_rule(out, i, r, file_of(r, files, n));
	}
	fprintf(out,
		"\t{{.id = NULL}, 0, NULL, 0, -1, NULL, 0, NULL}};\n"
		"const size_t dpg_rules_nknown = %zu;\n",
		nr);
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
