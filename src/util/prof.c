/*
 * prof.c: `scan --profile` by part of an analyzer's work (a rule family,
 * an SDG goal's vocabulary), added up from any thread.  Off (one relaxed
 * load per call) unless a profiling scan turned it on.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dpg/util.h"
#include "dpg/banned.h"

#define PROF_PARTS 64

struct part {
	const char *group, *name; /* static or living as long as the scan */
	uint64_t ns, runs, bytes;
};

static struct part parts[PROF_PARTS];
static size_t nparts;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_int on;

void dpg_prof_start(void)
{
	pthread_mutex_lock(&mu);
	nparts = 0;
	pthread_mutex_unlock(&mu);
	atomic_store(&on, 1);
}

uint64_t dpg_prof_now(void)
{
	struct timespec ts;

	if (!atomic_load_explicit(&on, memory_order_relaxed))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void dpg_prof_add(const char *group, const char *name, uint64_t t0,
		  uint64_t bytes)
{
	uint64_t ns;
	size_t i;

	if (!t0 || !atomic_load_explicit(&on, memory_order_relaxed))
		return;
	ns = dpg_prof_now() - t0;
	pthread_mutex_lock(&mu);
	for (i = 0; i < nparts; i++)
		if (!strcmp(parts[i].group, group) &&
		    !strcmp(parts[i].name, name))
			break;
	if (i == nparts && nparts < PROF_PARTS) {
		parts[i].group = group;
		parts[i].name = name;
		parts[i].ns = parts[i].runs = parts[i].bytes = 0;
		nparts++;
	}
	if (i < nparts) {
		parts[i].ns += ns;
		parts[i].runs++;
		parts[i].bytes += bytes;
	}
	pthread_mutex_unlock(&mu);
}

static int by_time(const void *pa, const void *pb)
{
	const struct part *a = pa, *b = pb;
	int c = strcmp(a->group, b->group);

	if (c)
		return c;
	return a->ns < b->ns   ? 1
	       : a->ns > b->ns ? -1
			       : strcmp(a->name, b->name);
}

char *dpg_prof_stop(void)
{
	char *out = xstrdup(""), *old;
	size_t i;

	atomic_store(&on, 0);
	pthread_mutex_lock(&mu);
	qsort(parts, nparts, sizeof(*parts), by_time);
	for (i = 0; i < nparts; i++) {
		old = out;
		out = xasprintf(
			"%s  %-5s %-26s %9.3f s %8llu runs %11llu bytes\n", old,
			parts[i].group, parts[i].name,
			(double)parts[i].ns / 1e9,
			(unsigned long long)parts[i].runs,
			(unsigned long long)parts[i].bytes);
		free(old);
	}
	nparts = 0;
	pthread_mutex_unlock(&mu);
	return out;
}
