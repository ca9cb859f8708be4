/*
 * license-scan: the license matcher alone over every file of a tree, one
 * thread, for bench/license-speed.sh (and a quick look at what is found).
 *
 *   license-scan [-v] DIR...
 *
 * Reads every regular file (not following symlinks; skipping .git, files
 * over 4 MiB and binary files, i.e. with a NUL in the first 8000 bytes, as
 * the scan does), runs dpg_license_prefilter() and, when it passes,
 * dpg_license_matcher_run().  Prints totals; with -v one line per match:
 * "path<TAB>line-line_end<TAB>id<TAB>score<TAB>summary".
 */
#define _GNU_SOURCE /* FTW_ACTIONRETVAL */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dpg/arena.h"
#include "dpg/license.h"

#define MAX_FILE (4u << 20)

static struct dpg_license_matcher *m;
static char *buf;
static int verbose;
static unsigned long nfiles, nbinary, nbig, npass, nmatch, nfound;
static unsigned long long nbytes;

static int visit(const char *path, const struct stat *st, int type,
		 struct FTW *ftw)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_license_match *mt;
	size_t n = 0, k, len = 0;
	ssize_t r;
	int fd;

	(void)ftw;
	if (type == FTW_D && !strcmp(path + ftw->base, ".git"))
		return FTW_SKIP_SUBTREE;
	if (type != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	nfiles++;
	if ((size_t)st->st_size > MAX_FILE) {
		nbig++;
		return 0;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	while (len < MAX_FILE && (r = read(fd, buf + len, MAX_FILE - len)) > 0)
		len += (size_t)r;
	close(fd);
	buf[len] = 0;
	nbytes += len;
	if (memchr(buf, 0, len < 8000 ? len : 8000)) {
		nbinary++;
		return 0;
	}
	if (!dpg_license_prefilter(buf, len))
		return 0;
	npass++;
	if (dpg_license_matcher_run(m, buf, len, &a, &mt, &n, &err) < 0)
		return 0;
	if (n)
		nfound++;
	nmatch += n;
	for (k = 0; verbose && k < n; k++)
		printf("%s\t%u-%u\t%s\t%.3f\t%s\n", path, mt[k].line,
		       mt[k].line_end, mt[k].license->id, mt[k].score,
		       dpg_license_match_summary(&mt[k], &a));
	dpg_arena_release(&a);
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: license-scan [-v] DIR...\n");
		return 64;
	}
	buf = malloc(MAX_FILE + 1);
	m = dpg_license_matcher_new();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (; i < argc; i++)
		nftw(argv[i], visit, 64, FTW_PHYS | FTW_ACTIONRETVAL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr,
		"license-scan: %lu files, %llu bytes read, %lu binary, %lu "
		"over 4 MiB, %lu passed the prefilter, %lu with a license "
		"text, %lu matches, %.3f s\n",
		nfiles, nbytes, nbinary, nbig, npass, nfound, nmatch,
		(double)(t1.tv_sec - t0.tv_sec) +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	dpg_license_matcher_free(m);
	free(buf);
	return 0;
}
