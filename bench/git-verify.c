/*
 * git-verify.c: what checking git objects against their ids costs
 * (docs/SECURITY.md).  Walks a repository's HEAD with the git source and
 * reads every blob, in one of three modes:
 *   none   no object is hashed (source_git_verify = 0)
 *   trees  trees and the commit are hashed (dpgaudit's default)
 *   all    libgit2's strict verification too: every blob is hashed
 * and prints the entries, bytes and seconds.  bench/git-verify.sh runs it.
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dpg/source.h"
#include "source/source_int.h"

int main(int argc, char **argv)
{
	struct dpg_source_opts so = DPG_SOURCE_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_source *src;
	const struct dpg_file *f;
	const char *data;
	unsigned long long n = 0, bytes = 0;
	struct timespec a, b;
	size_t len;
	int rc;

	if (argc != 3)
		return 64;
	so.max_entries = 0;
	source_git_verify = strcmp(argv[2], "none") != 0;
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (dpg_source_open(&src, argv[1], &so, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	/* after the open: libgit2 is initialised, its options stick */
	if (strcmp(argv[2], "all") == 0)
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	while ((rc = dpg_source_next(src, &f, &err)) > 0) {
		n++;
		if (!f->skip && (f->mode == DPG_MODE_FILE ||
				 f->mode == DPG_MODE_EXEC) &&
		    dpg_source_read(src, &data, &len, &err) == 0)
			bytes += len;
	}
	dpg_source_free(src);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%s: %llu entries, %llu bytes, %.3f s\n", argv[2], n, bytes,
	       (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	return rc < 0;
}
