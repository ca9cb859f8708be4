/*
 * fetch.h: remote targets brought into a local cache.
 *
 * A git URL is cloned into a bare repository (no work tree) named by a
 * hash of its canonical URL (dpg/url.h), so every spelling of one
 * repository shares one entry; a later fetch of it transfers only what is
 * new.  An archive URL is downloaded once into a file.  Entries are made
 * under a temporary name and renamed when complete, under an flock'd lock
 * file, so a killed fetch leaves nothing a later run trusts and two
 * processes never write one entry (the second waits, then uses it).
 *
 * The transfer runs in a forked child process watched by the caller: a
 * fetch that receives nothing for the timeout (a stalled server, a DNS or
 * connect that hangs) is killed, whatever libgit2 or libcurl is blocked
 * in; a transfer over the size cap is aborted.  No fetch ever asks for
 * credentials: those of the URL are used (never stored), ssh keys only
 * from a running ssh-agent.  The caller must have no other thread using
 * libgit2 while it fetches (batch workers are processes).
 *
 * Cache layout (docs/ARCHITECTURE.md):
 *   DIR/git/KEY        a complete bare repository (config: dpgaudit.url)
 *   DIR/git/KEY.lock   the writers' lock
 *   DIR/git/KEY.tmp.*  a clone in progress (or left by a killed one)
 *   DIR/archive/KEY    a complete archive (KEY.url: its canonical URL)
 * KEY is the SHA-1 of the canonical URL, in hex.
 */
#ifndef DPG_FETCH_H
#define DPG_FETCH_H

#include <stdint.h>
#include "dpg/error.h"

#define DPG_FETCH_TIMEOUT_DEFAULT 180 /* seconds */

struct dpg_fetch_opts {
	const char *cache_dir; /* NULL: dpg_fetch_default_cache() */
	unsigned int timeout;  /* seconds without data before giving up;
				  0: DPG_FETCH_TIMEOUT_DEFAULT */
	uint64_t max_size;     /* bytes one transfer may bring; 0: no cap */
};
/* clang-format off */
#define DPG_FETCH_OPTS_INIT {NULL, 0, 0}
/* clang-format on */

/*
 * Bring url (a remote target as written: credentials allowed, revision
 * allowed, see dpg_url_fetch_form()) into the cache: clone or update a git
 * repository, or download an archive unless it is cached already.  *out
 * is the entry's path (a bare repository, or an archive file when
 * *is_archive), malloc'd.  Errors name the canonical URL and one reason:
 * DPG_ENOTFOUND (no such host or repository), DPG_EIO (connection refused,
 * authentication required, a web page where a repository was expected,
 * too many redirects, no data within the timeout, an unusable cache),
 * DPG_ELIMIT (over max_size), DPG_EUSAGE (a malformed URL).
 */
int dpg_fetch(char **out, int *is_archive, const char *url,
	      const struct dpg_fetch_opts *opts, struct dpg_error *err);

/*
 * The default cache directory: $DPGAUDIT_CACHE, else
 * $XDG_CACHE_HOME/dpgaudit, else $HOME/.cache/dpgaudit.  malloc'd; NULL
 * when none of these variables is set.
 */
char *dpg_fetch_default_cache(void);

#endif
