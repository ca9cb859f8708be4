/*
 * cache.h: the result cache, per-file findings kept between scans.
 *
 * A scan's analyzers are pure per file (see scan.h), so what they found in
 * one file can be reused whenever the same content is met again at the same
 * path: the key is (git blob id of the content, mode, path), and each
 * analyzer's findings are kept in a section tagged with its fingerprint
 * (build, analyzer name and version, and the rule or vocabulary files it
 * loaded), so that a rules change invalidates the rules analyzer's
 * sections only.  The cache is an SQLite file beside the audit database
 * (<db>.cache, or $DPGAUDIT_RESULT_CACHE), disposable: deleting it loses
 * nothing but speed, and it is never merged.  Its size is bounded
 * (--result-cache-max, $DPGAUDIT_RESULT_CACHE_MAX, default
 * DPG_CACHE_MAX_DEFAULT): the least recently used files go first.  No cache
 * failure ever fails a scan: the scan then runs without it.
 */
#ifndef DPG_CACHE_H
#define DPG_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include "dpg/buf.h"
#include "dpg/error.h"
#include "dpg/scan.h"

#define DPG_CACHE_ENV	      "DPGAUDIT_RESULT_CACHE"
#define DPG_CACHE_MAX_ENV     "DPGAUDIT_RESULT_CACHE_MAX"
#define DPG_CACHE_MAX_DEFAULT (512ull * 1024 * 1024)
#define DPG_CACHE_SECTIONS    32 /* analyzers in one entry */

struct dpg_cache;

/* One file's cached results: per analyzer, a section of findings. */
struct dpg_cache_entry {
	const char *skip; /* "binary" or NULL */
	uint64_t len;	  /* bytes of content */
	size_t nsections;
	struct {
		uint32_t fp; /* fingerprint id (dpg_cache_fingerprints) */
		size_t first, n;
	} sections[DPG_CACHE_SECTIONS];
	struct dpg_results res; /* the findings of every section */
};

/* The path of the cache of the audit database dbpath: $DPGAUDIT_RESULT_CACHE,
 * else dbpath + ".cache" (malloc'd). */
char *dpg_cache_path(const char *dbpath);
/* The size bound: $DPGAUDIT_RESULT_CACHE_MAX when valid, else the default. */
uint64_t dpg_cache_max_default(void);

/* Open the cache at path; DPG_EDB when it cannot be used.  A missing one
 * is made by the first dpg_cache_flush() (finding nothing till then). */
int dpg_cache_open(struct dpg_cache **out, const char *path, uint64_t max,
		   struct dpg_error *err);
void dpg_cache_close(struct dpg_cache *c);

/* The ids of n fingerprint strings in this cache into id[], those that
 * are new added (in one transaction; none when every one is there). */
int dpg_cache_fingerprints(struct dpg_cache *c, const char *const *fp, size_t n,
			   uint32_t *id, struct dpg_error *err);

/* Look key up: 1 and *e filled (release e->res), 0 when absent. */
int dpg_cache_get(struct dpg_cache *c, const char *key,
		  struct dpg_cache_entry *e, struct dpg_error *err);
/* Keep e under key; written by dpg_cache_flush(). */
void dpg_cache_put(struct dpg_cache *c, const char *key,
		   const struct dpg_cache_entry *e);
/* Write what was put, mark what was got as used, trim to the bound. */
int dpg_cache_flush(struct dpg_cache *c, struct dpg_error *err);

struct dpg_cache_stats {
	uint64_t files, bytes;		   /* kept after the trim */
	uint64_t freed_files, freed_bytes; /* entries removed */
	uint64_t size_before, size_after;  /* the file on disk */
};
/* Trim the cache at path to max bytes (oldest use first) and compact the
 * file. */
int dpg_cache_gc(const char *path, uint64_t max, struct dpg_cache_stats *st,
		 struct dpg_error *err);

/* The git blob id (hex) of data: what git would name this content.  These
 * hashes use libgit2's SHA-1: call them while a cache is open or between
 * git_libgit2_init() and git_libgit2_shutdown(). */
void dpg_cache_blob_id(const char *data, size_t len, char out[41]);
/* A hex SHA-1 of data (fingerprints). */
void dpg_cache_hash(const void *data, size_t len, char out[41]);
/* The hash of a file's data that dpg_cache_hash_dir writes (32 hex digits). */
void dpg_cache_file_hash(const void *data, size_t len, char out[33]);
/* Append "name hash" for each file of dir whose name ends with suffix, in
 * name order, to fp (nothing when dir cannot be read); a fast 128-bit
 * hash, not SHA-1. */
int dpg_cache_hash_dir(struct dpg_buf *fp, const char *dir, const char *suffix,
		       struct dpg_error *err);
/* The build's identity: its GNU build id, else the version string. */
const char *dpg_cache_build_id(void);

#endif
