/*
 * gen-common.c: what tools/gen-prefilter.c and tools/gen-sdg-vocab.c
 * share: empty build-time tables (they link the library without them,
 * gen/libdpg-core.a, and parse the shipped files themselves, so a scan's
 * lookups in these tables find nothing) and the reading of the shipped
 * files (gen-common.h).
 */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dpg/buf.h"
#include "dpg/util.h"
#include "gen-common.h"

#include "rules/pf_known.h"
#include "rules/re_known.h"
#include "rules/rules_int.h"
#include "sdg/sdg_int.h"

const struct dpg_pf_known dpg_pf_known[] = {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
const size_t dpg_pf_nknown = 0;
const char dpg_pf_strs[] = "";
const uint32_t dpg_pf_lits[] = {0};
const size_t dpg_pf_d[] = {0};
const struct dpg_bytes dpg_pf_u[] = {{{0, 0, 0, 0}}};
struct dpg_sdg_vocab dpg_sdg_builtin;
const struct dpg_known_file dpg_sdg_builtin_files[] = {{NULL, 0, NULL, NULL}};
const size_t dpg_sdg_builtin_nfiles = 0;
const struct dpg_re_known dpg_re_known[] = {{0, 0, 0, 0}};
const char dpg_re_known_srcs[] = "";
const char dpg_table_strs[] = "";
const size_t dpg_re_nknown = 0;
const unsigned char dpg_re_known_bytes[] = {0};
const unsigned char dpg_re_known_prefix[] = {0};
const size_t dpg_re_known_nprefix = 0;
const struct dpg_rule_known dpg_rules_known[] = {{.id = 0}};
const char dpg_rules_strs[] = "";
const uint32_t dpg_rules_known_lits[] = {0};
const uint64_t dpg_rules_known_pairs[] = {0};
struct dpg_rule_example dpg_rules_known_ex[1];
struct dpg_rule_re dpg_rules_known_res[1];
const struct dpg_rules_paths *const dpg_rules_known_paths = NULL;
const size_t dpg_rules_nknown = 0;
const struct dpg_known_file dpg_rules_known_files[] = {
	{NULL, 0, NULL, NULL}};
const size_t dpg_rules_known_nfiles = 0;
struct dpg_lits *const dpg_rules_known_anchors = NULL;

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct dpg_known_file *)a)->name,
		      ((const struct dpg_known_file *)b)->name);
}

void gen_free_files(struct dpg_known_file *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((char *)f[i].name);
		free((char *)f[i].text);
	}
	free(f);
}

long gen_read_files(const char *tool, const char *dir, const char *suffix,
		    size_t cap, struct dpg_known_file **out)
{
	struct dpg_error err = DPG_ERROR_INIT;
	DIR *d = opendir(dir);
	struct dirent *de;
	struct dpg_known_file *f = NULL;
	size_t n = 0, fcap = 0;

	*out = NULL;
	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL) {
		struct dpg_buf b = DPG_BUF_INIT(cap);
		char *path;
		struct stat st;

		if (de->d_name[0] == '.' || !dpg_ends_with(de->d_name, suffix))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			free(path);
			continue;
		}
		if (dpg_buf_read_file(&b, path, "file", 0, &err) < 0) {
			fprintf(stderr, "%s: %s\n", tool, err.msg);
			free(path);
			dpg_buf_release(&b);
			closedir(d);
			gen_free_files(f, n);
			return -1;
		}
		free(path);
		dpg_grow(&f, &fcap, n + 1, sizeof(*f));
		f[n].name = xstrdup(de->d_name);
		f[n].text = dpg_buf_detach(&b, &f[n].len);
		f[n].hash = NULL;
		n++;
	}
	closedir(d);
	if (n)
		qsort(f, n, sizeof(*f), cmp_file);
	*out = f;
	return (long)n;
}
