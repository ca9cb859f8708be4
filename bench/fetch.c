/*
 * bench/fetch.c: `fetch URL CACHE_DIR [N]`: dpg_fetch() alone (no scan),
 * the fetch stage of `dpgaudit scan URL`, for bench/fetch-speed.sh.  With
 * N, runs it N times and prints the best wall time in seconds; libgit2 is
 * initialised first, as in any scan of a git repository (that costs about
 * 50 ms per process: the TLS certificate store; bench/fetch-speed.sh
 * reports it apart).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <git2.h>

#include "dpg/fetch.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct dpg_fetch_opts opts = DPG_FETCH_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	double best = -1;
	int archive, i, n = argc > 3 ? atoi(argv[3]) : 1;

	if (argc < 3) {
		fprintf(stderr, "usage: fetch URL CACHE_DIR [N]\n");
		return 64;
	}
	git_libgit2_init();
	opts.cache_dir = argv[2];
	for (i = 0; i < n; i++) {
		char *path = NULL;
		double t = now();

		if (dpg_fetch(&path, &archive, argv[1], &opts, &err) < 0) {
			fprintf(stderr, "fetch: %s\n", err.msg);
			return 2;
		}
		t = now() - t;
		if (best < 0 || t < best)
			best = t;
		if (argc == 3)
			printf("%s\n", path);
		free(path);
	}
	if (argc > 3)
		printf("%.3f\n", best);
	return 0;
}
