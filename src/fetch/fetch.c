/*
 * fetch.c: the cache of remote targets, its locks, and the watched child
 * process that transfers (see dpg/fetch.h).
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <git2.h>

#include "fetch_int.h"
#include "dpg/buf.h"
#include "dpg/fetch.h"
#include "dpg/url.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define POLL_MS 100

void fetch_fail(struct fetch_shared *sh, int code, const char *fmt, ...)
{
	char msg[sizeof(sh->msg)], *r;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r = dpg_url_redact(msg);
	snprintf(sh->msg, sizeof(sh->msg), "%s", r);
	free(r);
	sh->code = code;
}

char *dpg_fetch_default_cache(void)
{
	const char *e = getenv("DPGAUDIT_CACHE");

	if (e && *e)
		return xstrdup(e);
	e = getenv("XDG_CACHE_HOME");
	if (e && *e == '/') /* relative values are to be ignored */
		return xasprintf("%s/dpgaudit", e);
	e = getenv("HOME");
	if (e && *e)
		return xasprintf("%s/.cache/dpgaudit", e);
	return NULL;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* mkdir -p, private to the user: the cache may hold private repositories */
static int make_dirs(const char *path, struct dpg_error *err)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1;; s++) {
		if (*s && *s != '/')
			continue;
		{
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) < 0 && errno != EEXIST) {
				rc = dpg_error_set(err, DPG_EIO,
						   "cannot create cache "
						   "directory '%s': %s",
						   p, strerror(errno));
				break;
			}
			*s = c;
		}
		if (!*s)
			break;
	}
	free(p);
	return rc;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void remove_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	unlink(path); /* a file, or what nftw could not open */
}

/* Remove what killed writers left: KEY.tmp.* (the lock is held). */
static void remove_stale(const char *dir, const char *key)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = strlen(key);

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, key, n) == 0 &&
		    strncmp(e->d_name + n, ".tmp.", 5) == 0) {
			char *p = xasprintf("%s/%s", dir, e->d_name);

			remove_tree(p);
			free(p);
		}
	}
	closedir(d);
}

/* Bytes of the regular files under path (a file: its size), depth-bounded. */
static uint64_t disk_size(const char *path, int depth)
{
	struct stat st;
	struct dirent *e;
	uint64_t n = 0;
	DIR *d;

	if (lstat(path, &st) < 0)
		return 0;
	if (S_ISREG(st.st_mode))
		return (uint64_t)st.st_size;
	if (!S_ISDIR(st.st_mode) || depth == 0 || !(d = opendir(path)))
		return 0;
	while ((e = readdir(d))) {
		char *p;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = xasprintf("%s/%s", path, e->d_name);
		n += disk_size(p, depth - 1);
		free(p);
	}
	closedir(d);
	return n;
}

/* A cached entry already over the size cap fails like a transfer would. */
static int check_size(const char *entry, int archive, uint64_t max,
		      const char *canonical, uint64_t *used,
		      struct dpg_error *err)
{
	char *objects =
		archive ? xstrdup(entry) : xasprintf("%s/objects", entry);

	*used = disk_size(objects, 4);
	free(objects);
	if (max && *used > max)
		return dpg_error_set(err, DPG_ELIMIT,
				     "cannot fetch '%s': the %s is over "
				     "--max-repo-size (%llu bytes)",
				     canonical,
				     archive ? "archive" : "repository",
				     (unsigned long long)max);
	return 0;
}

static pthread_once_t git_once = PTHREAD_ONCE_INIT;

/*
 * libgit2 is initialised once per process and never shut down: each
 * initialisation from zero loads the TLS certificate store (tens of ms),
 * and the fetch child inherits the initialised library.
 */
static void git_init_once(void)
{
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}

/* The cache key of a canonical URL: its SHA-1, in hex. */
static void cache_key(char out[GIT_OID_HEXSZ + 1], const char *canonical)
{
	git_oid oid;

	pthread_once(&git_once, git_init_once);
	git_odb_hash(&oid, canonical, strlen(canonical), GIT_OBJECT_BLOB);
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
}

/*
 * Take the entry's lock: an flock on path, which the holder removes when
 * done (so a lock file never outlives its use): a waiter that gets the
 * lock of a removed file tries again.  The holder writes its progress into
 * the lock file, so a waiter waits as long as the holder receives data,
 * and gives up after timeout seconds without a change.
 */
static int lock_entry(int *out, const char *path, unsigned int timeout,
		      const char *canonical, struct dpg_error *err)
{
	char seen[64] = "", cur[64];
	uint64_t last = now_ms();
	struct stat a, b;
	int fd;

again:
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return dpg_error_set(err, DPG_EIO,
				     "cannot open cache lock '%s': %s", path,
				     strerror(errno));
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		ssize_t n;

		if (errno != EWOULDBLOCK && errno != EINTR) {
			dpg_error_set(err, DPG_EIO,
				      "cannot lock cache entry '%s': %s", path,
				      strerror(errno));
			close(fd);
			return DPG_EIO;
		}
		n = pread(fd, cur, sizeof(cur) - 1, 0);
		cur[n > 0 ? n : 0] = '\0';
		if (strcmp(cur, seen) != 0) {
			memcpy(seen, cur, sizeof(seen));
			last = now_ms();
		} else if (now_ms() - last >= (uint64_t)timeout * 1000) {
			close(fd);
			return dpg_error_set(
				err, DPG_EIO,
				"cannot fetch '%s': another dpgaudit fetching "
				"it received nothing for %us (--fetch-timeout)",
				canonical, timeout);
		}
		sleep_ms(POLL_MS);
	}
	if (fstat(fd, &a) < 0 || stat(path, &b) < 0 || a.st_ino != b.st_ino ||
	    a.st_dev != b.st_dev) {
		close(fd); /* removed by the holder we waited for */
		goto again;
	}
	*out = fd;
	return 0;
}

/* Remove the lock file, then release the lock. */
static void unlock_entry(int fd, const char *path)
{
	if (fd < 0)
		return;
	unlink(path);
	close(fd);
}

/*
 * Run the transfer in a child process and watch it: killed when nothing
 * arrives for timeout seconds.  Its progress goes into the lock file for
 * waiters.
 */
static int run_child(const struct fetch_job *job, int archive, int lockfd,
		     unsigned int timeout, struct dpg_error *err)
{
	struct fetch_shared *sh;
	uint64_t seen = 0, last;
	pid_t pid, parent = getpid();
	int pfd[2], st = 0, timed_out = 0, rc;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return dpg_error_set(err, DPG_EIO, "cannot map memory: %s",
				     strerror(errno));
	memset(sh, 0, sizeof(*sh));
	if (pipe(pfd) < 0 || fcntl(pfd[0], F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(pfd[1], F_SETFD, FD_CLOEXEC) < 0) {
		munmap(sh, sizeof(*sh));
		return dpg_error_set(err, DPG_EIO, "cannot make a pipe: %s",
				     strerror(errno));
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
#ifdef __linux__
		prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
		if (getppid() != parent)
			_exit(1);
		signal(SIGPIPE, SIG_IGN);
		if (archive)
			fetch_http_child(job, sh);
		else
			fetch_git_child(job, sh);
		sh->done = 1; /* the result, whatever the exit status says */
		_exit(sh->code < 0 ? 1 : 0);
	}
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		munmap(sh, sizeof(*sh));
		return dpg_error_set(err, DPG_EIO, "cannot fork: %s",
				     strerror(errno));
	}
	last = now_ms();
	for (;;) {
		struct pollfd p = {pfd[0], POLLIN, 0};
		uint64_t cur;
		char buf[64];
		int n;

		if (poll(&p, 1, POLL_MS) > 0)
			break; /* EOF: the child is done */
		cur = atomic_load(&sh->bytes) + atomic_load(&sh->activity);
		if (cur != seen) {
			seen = cur;
			last = now_ms();
			n = snprintf(buf, sizeof(buf), "%llu\n",
				     (unsigned long long)cur);
			if (pwrite(lockfd, buf, (size_t)n, 0) < 0)
				break; /* the waiters only wait longer */
		} else if (now_ms() - last >= (uint64_t)timeout * 1000) {
			kill(pid, SIGKILL);
			timed_out = 1;
			break;
		}
	}
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (timed_out)
		rc = dpg_error_set(err, DPG_EIO,
				   "cannot fetch '%s': nothing received for "
				   "%us (--fetch-timeout)",
				   job->canonical, timeout);
	else if (!sh->done && WIFSIGNALED(st))
		rc = dpg_error_set(err, DPG_ERR,
				   "cannot fetch '%s': the fetch process died "
				   "of signal %d",
				   job->canonical, WTERMSIG(st));
	else if (!sh->done)
		rc = dpg_error_set(err, DPG_ERR,
				   "cannot fetch '%s': the fetch process "
				   "exited with status %d",
				   job->canonical, WEXITSTATUS(st));
	else if (sh->code < 0)
		rc = dpg_error_set(err, sh->code, "cannot fetch '%s': %s",
				   job->canonical, sh->msg);
	else
		rc = 0;
	munmap(sh, sizeof(*sh));
	return rc;
}

/* The canonical URL an entry was made for (git: its config; archive: the
 * KEY.url file beside it), or NULL. */
static char *entry_url(const char *entry, int archive)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_buf b = GIT_BUF_INIT;
	char *url = NULL;

	if (archive) {
		struct dpg_buf f = DPG_BUF_INIT(64 * 1024);
		char *p = xasprintf("%s.url", entry);

		if (dpg_buf_read_file(&f, p, "", 0, NULL) == 0)
			url = dpg_buf_detach(&f, NULL);
		dpg_buf_release(&f);
		free(p);
		return url;
	}
	pthread_once(&git_once, git_init_once);
	if (git_repository_open_bare(&repo, entry) == 0 &&
	    git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&b, cfg, "dpgaudit.url") == 0)
		url = xstrdup(b.ptr);
	git_buf_dispose(&b);
	git_config_free(cfg);
	git_repository_free(repo);
	return url;
}

static int check_entry(const char *entry, int archive, const char *canonical,
		       struct dpg_error *err)
{
	char *u = entry_url(entry, archive);
	int ok = u && strcmp(u, canonical) == 0;

	free(u);
	if (ok)
		return 0;
	return dpg_error_set(err, DPG_EIO,
			     "cache entry '%s' is not that of '%s': remove it",
			     entry, canonical);
}

static int write_url_file(const char *entry, const char *canonical,
			  struct dpg_error *err)
{
	char *p = xasprintf("%s.url", entry), *tmp = xasprintf("%s.tmp", p);
	FILE *f = fopen(tmp, "w");
	int rc = 0;

	if (!f || fputs(canonical, f) < 0 || fclose(f) != 0 ||
	    rename(tmp, p) < 0)
		rc = dpg_error_set(err, DPG_EIO, "cannot write '%s': %s", p,
				   strerror(errno));
	free(p);
	free(tmp);
	return rc;
}

static int fetch_locked(const char *dir, const char *key, const char *entry,
			struct fetch_job *job, int archive, int lockfd,
			unsigned int timeout, struct dpg_error *err)
{
	struct stat st;
	char *tmp;
	int rc;

	if (stat(entry, &st) == 0) {
		uint64_t used;

		if ((rc = check_entry(entry, archive, job->canonical, err)) <
			    0 ||
		    (rc = check_size(entry, archive, job->max_size,
				     job->canonical, &used, err)) < 0)
			return rc;
		if (archive) /* downloaded meanwhile by another process */
			return 0;
		job->path = entry;
		job->fresh = 0;
		if (job->max_size) /* what is new may bring it to the cap */
			job->transfer_max = job->max_size - used;
		return run_child(job, archive, lockfd, timeout, err);
	}
	remove_stale(dir, key);
	tmp = xasprintf("%s.tmp.%ld", entry, (long)getpid());
	job->path = tmp;
	job->fresh = 1;
	rc = run_child(job, archive, lockfd, timeout, err);
	if (rc == 0 && archive)
		rc = write_url_file(entry, job->canonical, err);
	if (rc == 0 && rename(tmp, entry) < 0)
		rc = dpg_error_set(err, DPG_EIO, "cannot rename '%s': %s", tmp,
				   strerror(errno));
	if (rc < 0)
		remove_tree(tmp);
	free(tmp);
	return rc;
}

int dpg_fetch(char **out, int *is_archive, const char *url,
	      const struct dpg_fetch_opts *opts, struct dpg_error *err)
{
	struct fetch_job job = {0};
	char key[GIT_OID_HEXSZ + 1];
	char *canonical = NULL, *furl = NULL, *cache = NULL;
	char *dir = NULL, *entry = NULL, *lock = NULL;
	unsigned int timeout =
		opts->timeout ? opts->timeout : DPG_FETCH_TIMEOUT_DEFAULT;
	int archive, lockfd = -1, rc;
	struct stat st;

	*out = NULL;
	*is_archive = archive = dpg_url_is_archive(url);
	if ((rc = dpg_url_normalize(&canonical, NULL, url, err)) < 0 ||
	    (rc = dpg_url_fetch_form(&furl, url, err)) < 0)
		goto done;
	cache = opts->cache_dir ? xstrdup(opts->cache_dir)
				: dpg_fetch_default_cache();
	if (!cache) {
		rc = dpg_error_set(err, DPG_EIO,
				   "no cache directory for '%s': use --cache, "
				   "$DPGAUDIT_CACHE or $HOME",
				   canonical);
		goto done;
	}
	dir = xasprintf("%s/%s", cache, archive ? "archive" : "git");
	if ((rc = make_dirs(dir, err)) < 0)
		goto done;
	cache_key(key, canonical);
	entry = xasprintf("%s/%s", dir, key);
	if (archive && stat(entry, &st) == 0) {
		/* downloaded once; never written again */
		uint64_t used;

		if ((rc = check_entry(entry, archive, canonical, err)) == 0)
			rc = check_size(entry, archive, opts->max_size,
					canonical, &used, err);
		goto done;
	}
	lock = xasprintf("%s.lock", entry);
	if ((rc = lock_entry(&lockfd, lock, timeout, canonical, err)) < 0)
		goto done;
	job.url = furl;
	job.canonical = canonical;
	job.max_size = opts->max_size;
	job.transfer_max = opts->max_size ? opts->max_size : UINT64_MAX;
	rc = fetch_locked(dir, key, entry, &job, archive, lockfd, timeout, err);
done:
	unlock_entry(lockfd, lock);
	if (rc == 0)
		*out = xstrdup(entry);
	free(canonical);
	free(furl);
	free(cache);
	free(dir);
	free(entry);
	free(lock);
	return rc;
}
