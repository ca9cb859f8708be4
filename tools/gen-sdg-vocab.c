/*
 * gen-sdg-vocab: the shipped SDG vocabulary, parsed once when dpgaudit is
 * built.
 *
 *   gen-sdg-vocab SDG_DIR OUT.c
 *
 * Parses the *.sdg files of SDG_DIR as a scan does (vocab.c, with every
 * pattern compiled at its first use) and writes OUT.c: the files' names
 * and texts and the vocabulary they give, terms and anchor set
 * (src/sdg/sdg_int.h: dpg_sdg_builtin).  A scan whose vocabulary
 * directory holds exactly these files, byte for byte, takes the table
 * instead of parsing ~550 terms and indexing their anchors (about 8 M
 * instructions, a quarter of a one-file scan).  Linked without the table
 * it writes (empty ones are in tools/gen-common.c).  A vocabulary that
 * does not load gives an empty table (a scan parses the files and names
 * the problem; tests/unit/test_shipped.c fails): the build does not fail
 * on it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/buf.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "rules/pf_known.h"
#include "rules/re_known.h"
#include "sdg/sdg_int.h"
#include "gen-common.h"

int main(int argc, char **argv)
{
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_sdg_vocab *v = NULL, empty;
	struct dpg_known_file *files = NULL;
	char *errors = NULL;
	long n = 0;
	FILE *out;

	if (argc != 3) {
		fprintf(stderr, "usage: gen-sdg-vocab SDG_DIR OUT.c\n");
		return 64;
	}
	memset(&empty, 0, sizeof(empty));
	if (dpg_sdg_vocab_parse(&v, argv[1], NULL, 1, &errors, &err) < 0 ||
	    (n = gen_read_files("gen-sdg-vocab", argv[1], ".sdg",
				 1024 * 1024, &files)) < 0) {
		fprintf(stderr, "gen-sdg-vocab: vocabulary left out: %s\n",
			errors ? errors : err.msg);
		n = 0;
	}
	out = fopen(argv[2], "w");
	if (!out) {
		fprintf(stderr, "gen-sdg-vocab: cannot write %s\n", argv[2]);
		return 73;
	}
	fputs("#include \"sdg/sdg_int.h\"\n#include \"rules/lits_int.h\"\n",
	      out);
	if (dpg_sdg_vocab_write(out, n ? v : &empty) < 0 ||
	    dpg_known_files_write(out, "dpg_sdg_builtin_files",
				  "dpg_sdg_builtin_nfiles", files, (size_t)n) < 0 ||
	    fclose(out) != 0) {
		fprintf(stderr, "gen-sdg-vocab: cannot write %s\n", argv[2]);
		return 73;
	}
	fprintf(stderr, "gen-sdg-vocab: %zu terms from %ld files\n",
		n ? v->n : 0, n);
	gen_free_files(files, (size_t)n);
	free(errors);
	dpg_sdg_vocab_free(v);
	return 0;
}
