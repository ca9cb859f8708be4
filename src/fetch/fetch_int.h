/*
 * fetch_int.h: what the watching parent and the transferring child share
 * (private to src/fetch/).
 */
#ifndef DPG_FETCH_INT_H
#define DPG_FETCH_INT_H

#include <stdatomic.h>
#include <stdint.h>

#include "dpg/error.h"

/* In memory shared with the child (mmap'd before fork). */
struct fetch_shared {
	_Atomic uint64_t bytes;	   /* received so far */
	_Atomic uint64_t activity; /* any other sign of life */
	int done;		   /* the child got to its end */
	int code;		   /* the child's result: 0 or enum dpg_code */
	char msg[512];		   /* its reason, credentials redacted */
};

struct fetch_job {
	const char *url;       /* to fetch from: credentials kept */
	const char *canonical; /* the identity, for messages */
	const char *path;      /* the repository or file to write */
	int fresh;	       /* path is new: create it */
	uint64_t max_size;     /* bytes of the repository; 0: no cap */
	uint64_t transfer_max; /* bytes this transfer may bring */
};

/* Child side: fetch into a bare repository; fills sh->code and sh->msg. */
void fetch_git_child(const struct fetch_job *job, struct fetch_shared *sh);
/* Child side: download an archive into job->path. */
void fetch_http_child(const struct fetch_job *job, struct fetch_shared *sh);

/* Set the child's failure (message formatted, then redacted). */
void fetch_fail(struct fetch_shared *sh, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

#endif
