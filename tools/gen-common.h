/*
 * gen-common.h: the shipped files as the build-time generators read them
 * (tools/gen-common.c).
 */
#ifndef DPG_GEN_COMMON_H
#define DPG_GEN_COMMON_H

#include <stddef.h>

#include "rules/re_known.h"

/* The files of dir named *suffix (no dot files, no directories), each
 * read whole (at most cap bytes), sorted by name: their count, or -1 (the
 * problem said on stderr, after "tool: "). */
long gen_read_files(const char *tool, const char *dir, const char *suffix,
		    size_t cap, struct dpg_known_file **out);
void gen_free_files(struct dpg_known_file *f, size_t n);

#endif
