/*
 * seen.c: a directory found to hold the build's own files, remembered
 * with its stamp (dpg_seen_dir_*, dpg/util.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/util.h"
#include "dpg/banned.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int dpg_seen_dir_is(struct dpg_seen_dir *s, const char *dir,
		    unsigned long long stamp)
{
	int yes;

	pthread_mutex_lock(&lock);
	yes = s->dir && !strcmp(s->dir, dir) && s->stamp == stamp;
	pthread_mutex_unlock(&lock);
	return yes;
}

void dpg_seen_dir_set(struct dpg_seen_dir *s, const char *dir,
		      unsigned long long stamp)
{
	char *copy = xstrdup(dir);

	pthread_mutex_lock(&lock);
	free(s->dir);
	s->dir = copy; /* reachable: not freed at exit */
	s->stamp = stamp;
	pthread_mutex_unlock(&lock);
}
