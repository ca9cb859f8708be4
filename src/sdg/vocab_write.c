/*
 * vocab_write.c: a parsed vocabulary written as C, for the table of the
 * shipped vocabulary made at build time (tools/gen-sdg-vocab.c writes
 * $(BUILD)/gen/sdg_vocab.c; vocab.c uses it when the vocabulary files are
 * the shipped ones, byte for byte).
 *
 * Everything a scan reads is written: each term (its fields and its
 * patterns' sources, compiled at their first use; their pre-checks,
 * score.c's dpg_sdg_pres_write, in one constant without pointers: each
 * term's opre an offset in it), the goals' order and
 * the anchor set (struct dpg_lits, src/rules/lits_int.h) as
 * dpg_lits_build left it.  Counts stand for capacities, and the set's
 * string hash (used only to add patterns) is left out: the table is never
 * added to nor freed.  tests/unit/test_sdg_builtin.c checks that the table
 * in the build writes the same text as the vocabulary parsed at run time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../rules/lits_int.h"
#include "../rules/re_known.h"
#include "dpg/util.h"
#include "sdg_int.h"
#include "dpg/banned.h"

/* 1 + the offset of s in blob, or 0 for NULL. */
static uint32_t str_at(struct dpg_cblob *blob, const char *s)
{
	return s ? 1 + dpg_cblob_add(blob, s) : 0;
}

static void put_re(FILE *out, struct dpg_cblob *blob, const char *field,
		   const struct dpg_re *r)
{
	const char *src = dpg_re_src(r);

	if (!src)
		return;
	fprintf(out, ",\n\t .%s = {.tsrc = %uu, .flags = 0x%xu}", field,
		(unsigned int)str_at(blob, src), (unsigned int)r->flags);
}

/* The terms, their strings as offsets in blob (struct sdg_term: ofile,
 * ...; the table holds no pointer). */
static void put_terms(FILE *out, const struct dpg_sdg_vocab *v,
		      struct dpg_cblob *blob, const uint32_t *opre)
{
	size_t i, k;
	int open;

	if (!v->n) {
		fputs("static struct sdg_term terms[1];\n", out);
		return;
	}
	fprintf(out, "static struct sdg_term terms[%zu] = {\n", v->n);
	for (i = 0; i < v->n; i++) {
		const struct sdg_term *t = &v->terms[i];

		fprintf(out, "\t{.goal = %d, .weight = %a", t->goal, t->weight);
		put_re(out, blob, "re", &t->re);
		put_re(out, blob, "near", &t->near);
		put_re(out, blob, "unless", &t->unless);
		put_re(out, blob, "not_", &t->not_);
		fprintf(out, ",\n\t .window = %uu, .ofile = %uu", t->window,
			(unsigned int)str_at(blob, SDG_FILE(t)));
		fprintf(out, ", .line = %uu, .owrapped = %uu", t->line,
			(unsigned int)str_at(blob, SDG_WRAPPED(t)));
		fprintf(out,
			",\n\t .caseless = %d, .name_ok = %d, .nlits = %zu, "
			".anchor = %ld",
			t->caseless, t->name_ok, t->nlits, t->anchor);
		if (t->nlits) { /* one after another, as they are */
			const char *l0 = SDG_LITS(t), *l = l0;

			for (k = 0; k < t->nlits; k++)
				l += strlen(l) + 1;
			fprintf(out, ", .olits = %uu",
				1 + (unsigned int)dpg_cblob_append(
					    blob, l0, (size_t)(l - l0)));
		}
		for (k = 0, open = 0; k < 4; k++) { /* the pre-checks' */
			uint32_t o = opre[i * 4 + k];

			if (!o)
				continue;
			fprintf(out,
				"%s[%zu] = ", open++ ? ", " : ",\n\t .opre = {",
				k);
			if (o == SDG_PRE_NONE)
				fputs("SDG_PRE_NONE", out);
			else
				fprintf(out,
					"1 + offsetof(struct dpg_sdg_pres, "
					"p%u)",
					(unsigned int)o - 1);
		}
		if (open)
			fputs("}", out);
		if (t->wordlen) {
			char *w = xstrndup(SDG_WORD(t), t->wordlen);

			fprintf(out, ", .oword = %uu, .wordlen = %zu",
				(unsigned int)str_at(blob, w), t->wordlen);
			free(w);
		}
		fputs("},\n", out);
	}
	fputs("};\n", out);
}

/* An array of n elements written by put(out, i), or nothing (NULL). */
#define PUT_ARRAY(out, decl, n, ...)                                           \
	do {                                                                   \
		size_t i_;                                                     \
		if (!(n))                                                      \
			break;                                                 \
		fprintf(out, "static %s[%zu] = {\n", decl, (size_t)(n));       \
		for (i_ = 0; i_ < (size_t)(n); i_++)                           \
			fprintf(out, __VA_ARGS__);                             \
		fputs("};\n", out);                                            \
	} while (0)

/* The set's struct lits_win (nlit literals, nruns runs) as a constant
 * (win, with win_w and win_nib). */
static void put_win(FILE *out, const struct lits_win *lw, size_t nlit,
		    size_t nruns)
{
	size_t i, k;

	PUT_ARRAY(out, "const struct wlit win_w", nlit,
		  "\t{UINT64_C(0x%llx), UINT64_C(0x%llx), %uu, %u, %u, %u},\n",
		  (unsigned long long)lw->w[i_].pat,
		  (unsigned long long)lw->w[i_].mask,
		  (unsigned int)lw->w[i_].lit, lw->w[i_].ko, lw->w[i_].wo,
		  lw->w[i_].whole);
	if (nruns) {
		fprintf(out, "static const struct nib win_nib[%zu] = {\n",
			nruns);
		for (i = 0; i < nruns; i++) {
			fputs("\t{{", out);
			for (k = 0; k < 16; k++)
				fprintf(out, "%s%u", k ? ", " : "",
					lw->nib[i].lo[k]);
			fputs("},\n\t {", out);
			for (k = 0; k < 16; k++)
				fprintf(out, "%s%u", k ? ", " : "",
					lw->nib[i].hi[k]);
			fputs("}},\n", out);
		}
		fputs("};\n", out);
	}
	fputs("static const struct lits_win win = {\n\t.mfilter = {\n", out);
	/* its set bytes */
	for (i = 0; i < DPG_ARRAY_SIZE(lw->mfilter); i++)
		if (lw->mfilter[i])
			fprintf(out, "\t\t[%zu] = %u,\n", i, lw->mfilter[i]);
	fputs("\t},\n\t.first = {", out);
	for (i = 0; i < DPG_ARRAY_SIZE(lw->first); i++)
		fprintf(out, "%s%uu",
			i % 12 ? ", "
			: i    ? ",\n\t\t"
			       : "\n\t\t",
			(unsigned int)lw->first[i]);
	fprintf(out, "},\n\t.w = %s, .nib = %s, .blank = %u};\n",
		nlit ? "win_w" : "NULL", nruns ? "win_nib" : "NULL", lw->blank);
}

void dpg_lits_write(FILE *out, const struct dpg_lits *ls)
{
	size_t i;

	if (ls->nlit)
		fprintf(out, "static struct lit lit[%zu] = {\n", ls->nlit);
	for (i = 0; i < ls->nlit; i++) {
		fprintf(out, "\t{%uu, %zu, 0x%xu, %uu},\n",
			(unsigned int)ls->lit[i].s, ls->lit[i].len,
			(unsigned int)ls->lit[i].key,
			(unsigned int)ls->lit[i].ko);
	}
	if (ls->nlit)
		fputs("};\n", out);
	/* the strings (offsets as in the set: equal strings are not
	   merged there, nor here) */
	fputs("static const char sbuf[] =", out);
	for (i = 0; i < ls->sn;) {
		size_t len = strlen(ls->sbuf + i);

		fputs("\n\t", out);
		dpg_c_str_write(out, ls->sbuf + i, len + 1, 0);
		i += len + 1;
	}
	fputs(ls->sn ? ";\n" : " \"\";\n", out);
	PUT_ARRAY(out, "struct patlit pl", ls->npl, "\t{%uu, %uu, %uu},\n",
		  (unsigned int)ls->pl[i_].lit, (unsigned int)ls->pl[i_].d,
		  (unsigned int)ls->pl[i_].run);
	PUT_ARRAY(out, "size_t pfirst", ls->npat + 1, "\t%zu,\n",
		  ls->pfirst[i_]);
	/* the filter: its set bytes */
	fprintf(out, "static unsigned char filter[%u] = {\n", 1u << FILTER_LOG);
	for (i = 0; ls->filter && i < 1u << FILTER_LOG; i++)
		if (ls->filter[i])
			fprintf(out, "\t[%zu] = %u,\n", i, ls->filter[i]);
	fputs("};\n", out);
	PUT_ARRAY(out, "struct dpg_bytes runs", ls->nruns,
		  "\t{{0x%llxu, 0x%llxu, 0x%llxu, 0x%llxu}},\n",
		  (unsigned long long)ls->runs[i_].w[0],
		  (unsigned long long)ls->runs[i_].w[1],
		  (unsigned long long)ls->runs[i_].w[2],
		  (unsigned long long)ls->runs[i_].w[3]);
	PUT_ARRAY(out, "unsigned char wstart", ls->npat, "\t%u,\n",
		  ls->wstart[i_]);
	put_win(out, dpg_lits_win(ls), ls->nlit, ls->nruns);
	fprintf(out,
		"static struct dpg_lits anchors = {\n"
		"\t.lit = %s, .nlit = %zu, .litcap = %zu,\n"
		"\t.sbuf = (char *)sbuf, .sn = %zu, .scap = %zu,\n"
		"\t.pl = %s, .npl = %zu, .plcap = %zu,\n"
		"\t.pfirst = pfirst, .npat = %zu, .pcap = %zu,\n"
		"\t.filter = filter,\n"
		"\t.runs = %s, .nruns = %zu, .runcap = %zu,\n"
		"\t.wstart = %s, .wcap = %zu, .win = &win};\n",
		ls->nlit ? "lit" : "NULL", ls->nlit, ls->nlit, ls->sn, ls->sn,
		ls->npl ? "pl" : "NULL", ls->npl, ls->npl, ls->npat,
		ls->npat + 1, ls->nruns ? "runs" : "NULL", ls->nruns, ls->nruns,
		ls->npat ? "wstart" : "NULL", ls->npat);
}

int dpg_sdg_vocab_write(FILE *out, const struct dpg_sdg_vocab *v)
{
	struct dpg_cblob blob = DPG_CBLOB_INIT;
	uint32_t *opre = xcalloc(v->n * 4 + 1, sizeof(*opre));
	int g;

	fputs("/* The shipped SDG vocabulary (src/sdg/vocab_write.c). */\n",
	      out);
	if (dpg_sdg_pres_write(out, v, opre) < 0) {
		free(opre);
		return -1;
	}
	put_terms(out, v, &blob, opre);
	free(opre);
	if (v->anchors)
		dpg_lits_write(out, v->anchors);
	if (v->anchors) {
		PUT_ARRAY(out, "size_t lit_first", v->anchors->nlit + 1,
			  "\t%zu,\n", v->lit_first[i_]);
		PUT_ARRAY(out, "uint32_t lit_pat", v->anchors->npl, "\t%uu,\n",
			  (unsigned int)v->lit_pat[i_]);
	}
	PUT_ARRAY(out, "size_t order", v->n, "\t%zu,\n", v->order[i_]);
	fprintf(out,
		"struct dpg_sdg_vocab dpg_sdg_builtin = {\n"
		"\t.terms = terms, .n = %zu, .cap = %zu, .anchors = %s,\n"
		"\t.need_tri = %d, .order = %s, .builtin = 1,\n"
		"\t.lit_first = %s, .lit_pat = %s,\n"
		"\t.pres = (const char *)(const void *)&sdg_pres,\n"
		"\t.first = {",
		v->n, v->n, v->anchors ? "&anchors" : "NULL", v->need_tri,
		v->n ? "order" : "NULL", v->anchors ? "lit_first" : "NULL",
		v->anchors && v->anchors->npl ? "lit_pat" : "NULL");
	for (g = 0; g <= DPG_SDG_GOALS; g++)
		fprintf(out, "%s%zu", g ? ", " : "", v->first[g]);
	fputs("}};\n", out);
	dpg_cblob_write(out, "const char dpg_table_strs", &blob);
	dpg_cblob_release(&blob);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
