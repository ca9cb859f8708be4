/*
 * fetch_git.c: the child's side of a git fetch (libgit2) into a bare
 * cache repository: every branch and tag, pruned, HEAD set to the
 * remote's default branch.  Runs in the forked child of fetch.c.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "fetch_int.h"
#include "dpg/url.h"
#include "dpg/util.h"
#include "dpg/banned.h"

struct git_ctx {
	const struct fetch_job *job;
	struct fetch_shared *sh;
	int over_size;
	int auth;      /* credentials were asked for and we had none */
	int ssh_tries; /* ssh-agent offered */
	int missing;   /* the server has no such repository */
};

static int transfer_cb(const git_indexer_progress *st, void *payload)
{
	struct git_ctx *c = payload;

	atomic_store(&c->sh->bytes, (uint64_t)st->received_bytes);
	atomic_fetch_add(&c->sh->activity, 1);
	if (st->received_bytes > c->job->transfer_max) {
		c->over_size = 1;
		return -1;
	}
	return 0;
}

static int sideband_cb(const char *str, int len, void *payload)
{
	struct git_ctx *c = payload;

	(void)str;
	(void)len;
	atomic_fetch_add(&c->sh->activity, 1);
	return 0;
}

/*
 * Never ask: the URL's own credentials are used by libgit2 before this is
 * called; ssh keys come from a running ssh-agent, once.
 */
static int credentials_cb(git_credential **out, const char *url,
			  const char *user, unsigned int allowed, void *payload)
{
	struct git_ctx *c = payload;

	(void)url;
	if ((allowed & GIT_CREDENTIAL_USERNAME) && user)
		return git_credential_username_new(out, user);
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) && !c->ssh_tries++ &&
	    getenv("SSH_AUTH_SOCK"))
		return git_credential_ssh_key_from_agent(out,
							 user ? user : "git");
	c->auth = 1;
	git_error_set_str(GIT_ERROR_NET, "authentication required");
	return GIT_EAUTH;
}

static int has(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s; s++)
		if (dpg_strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

static int url_has_credentials(const char *url)
{
	char *plain = dpg_url_strip_credentials(url);
	int rc = strcmp(plain, url) != 0;

	free(plain);
	return rc;
}

/* One reason for a failed fetch, from what libgit2 said. */
static void classify(struct git_ctx *c, int rc)
{
	const git_error *e = git_error_last();
	const char *m = e && e->message ? e->message : "unknown error";
	struct fetch_shared *sh = c->sh;

	if (c->over_size)
		fetch_fail(sh, DPG_ELIMIT,
			   "the repository is over --max-repo-size (%llu "
			   "bytes)",
			   (unsigned long long)c->job->max_size);
	else if (c->auth || rc == GIT_EAUTH)
		fetch_fail(sh, DPG_EIO, "%s",
			   url_has_credentials(c->job->url)
				   ? "authentication failed: the credentials "
				     "in the URL were refused"
				   : "authentication required (dpgaudit uses "
				     "only the URL's credentials and ssh-agent "
				     "keys)");
	else if (has(m, "too many redirects"))
		fetch_fail(sh, DPG_EIO, "too many redirects");
	else if (has(m, "401"))
		fetch_fail(sh, DPG_EIO, "authentication required (HTTP 401)");
	else if (has(m, "403"))
		fetch_fail(sh, DPG_EIO, "access denied (HTTP 403)");
	else if (has(m, "content-type") && has(m, "html"))
		fetch_fail(sh, DPG_EIO,
			   "the server answered with a web page, not a git "
			   "repository (a login page?)");
	else if (has(m, "content-type"))
		fetch_fail(sh, DPG_EIO,
			   "the server does not speak git's smart HTTP "
			   "protocol (git's dumb HTTP is not supported)");
	else if (has(m, "404") || has(m, "not found") ||
		 has(m, "not exported") || has(m, "no such repository") ||
		 has(m, "could not find repository") ||
		 has(m, "failed to resolve path") ||
		 has(m, "not appear to be a git repository")) {
		c->missing = 1;
		fetch_fail(sh, DPG_ENOTFOUND, "repository not found");
	} else if (has(m, "resolve address"))
		fetch_fail(sh, DPG_ENOTFOUND, "cannot resolve the host name");
	else if (has(m, "refused"))
		fetch_fail(sh, DPG_EIO, "connection refused");
	else if (has(m, "failed to start SSH session"))
		fetch_fail(sh, DPG_EIO, "the ssh handshake failed (%s)", m);
	else if (has(m, "unreachable") || has(m, "no route"))
		fetch_fail(sh, DPG_EIO, "host unreachable");
	else
		fetch_fail(sh, DPG_EIO, "%s", m);
}

static int fetch_from(struct git_ctx *c, git_repository *repo, const char *url)
{
	static char heads[] = "+refs/heads/*:refs/heads/*";
	static char tags[] = "+refs/tags/*:refs/tags/*";
	char *specs[] = {heads, tags};
	git_strarray refspecs = {specs, 2};
	git_remote_create_options ro;
	git_remote_connect_options co;
	git_fetch_options fo;
	git_remote *remote = NULL;
	git_buf head = GIT_BUF_INIT;
	int rc;

	/* in memory, never saved; no url.*.insteadOf rewriting (the URL is
	   fetched as given, and libgit2 1.5 leaks in that config lookup) */
	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	ro.repository = repo;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF |
		   GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	git_remote_connect_options_init(&co,
					GIT_REMOTE_CONNECT_OPTIONS_VERSION);
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	co.callbacks.transfer_progress = transfer_cb;
	co.callbacks.sideband_progress = sideband_cb;
	co.callbacks.credentials = credentials_cb;
	co.callbacks.payload = c;
	co.proxy_opts.type = GIT_PROXY_AUTO;
	co.follow_redirects = GIT_REMOTE_REDIRECT_INITIAL;
	fo.callbacks = co.callbacks;
	fo.proxy_opts = co.proxy_opts;
	fo.follow_redirects = co.follow_redirects;
	fo.prune = GIT_FETCH_PRUNE;
	fo.update_fetchhead = 0;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;

	if ((rc = git_remote_create_with_opts(&remote, url, &ro)) < 0 ||
	    (rc = git_remote_connect_ext(remote, GIT_DIRECTION_FETCH, &co)) <
		    0 ||
	    (rc = git_remote_download(remote, &refspecs, &fo)) < 0 ||
	    (rc = git_remote_update_tips(remote, &fo.callbacks, 0,
					 GIT_REMOTE_DOWNLOAD_TAGS_ALL,
					 "dpgaudit fetch")) < 0 ||
	    (rc = git_remote_prune(remote, &fo.callbacks)) < 0)
		goto done;
	/* HEAD follows the remote's default branch (none: empty remote) */
	if (git_remote_default_branch(&head, remote) == 0)
		rc = git_repository_set_head(repo, head.ptr);
done:
	git_buf_dispose(&head);
	if (remote)
		git_remote_disconnect(remote);
	git_remote_free(remote);
	return rc;
}

/* Record where the entry came from: its identity and a URL that worked
 * (credentials dropped), so `git fetch` works in it too. */
static int record(git_repository *repo, const struct fetch_job *job,
		  const char *url)
{
	git_config *cfg = NULL;
	char *plain = dpg_url_strip_credentials(url);
	int rc;

	if ((rc = git_repository_config(&cfg, repo)) == 0 &&
	    (rc = git_config_set_string(cfg, "dpgaudit.url", job->canonical)) ==
		    0 &&
	    (rc = git_config_set_string(cfg, "remote.origin.url", plain)) == 0)
		rc = git_config_set_string(cfg, "remote.origin.fetch",
					   "+refs/heads/*:refs/heads/*");
	git_config_free(cfg);
	free(plain);
	return rc;
}

/* The URL that worked last time, when the entry has one. */
static char *recorded_url(git_repository *repo)
{
	git_config *cfg = NULL;
	git_buf b = GIT_BUF_INIT;
	char *url = NULL;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&b, cfg, "remote.origin.url") == 0)
		url = xstrdup(b.ptr);
	git_buf_dispose(&b);
	git_config_free(cfg);
	return url;
}

void fetch_git_child(const struct fetch_job *job, struct fetch_shared *sh)
{
	struct git_ctx c = {job, sh, 0, 0, 0, 0};
	git_repository *repo = NULL;
	char *urls[3] = {NULL, NULL, NULL};
	size_t i, n = 0;
	int rc;

	/* libgit2 was initialised by the parent (fetch.c) */
	rc = job->fresh ? git_repository_init(&repo, job->path, 1)
			: git_repository_open_bare(&repo, job->path);
	if (rc < 0) {
		const git_error *e = git_error_last();

		fetch_fail(sh, DPG_EIO, "cache entry '%s': %s", job->path,
			   e && e->message ? e->message : "cannot open");
		goto done;
	}
	/*
	 * The URL as given; then, when the repository is not found there,
	 * the one that worked last time (the canonical form drops ".git",
	 * which a server may need) and the URL with ".git".
	 */
	urls[n++] = xstrdup(job->url);
	if (!job->fresh) {
		char *plain = dpg_url_strip_credentials(job->url);
		char *rec = recorded_url(repo);

		/* only for a URL without credentials: they may be needed */
		if (rec && strcmp(rec, plain) != 0 &&
		    strcmp(plain, job->url) == 0)
			urls[n++] = rec;
		else
			free(rec);
		free(plain);
	}
	if (!dpg_ends_with(job->url, ".git") &&
	    !dpg_starts_with(job->url, "file:"))
		urls[n++] = xasprintf("%s.git", job->url);
	for (i = 0; i < n; i++) {
		sh->code = 0;
		c.missing = 0;
		rc = fetch_from(&c, repo, urls[i]);
		if (rc == 0) {
			if (record(repo, job, urls[i]) < 0)
				fetch_fail(sh, DPG_EIO,
					   "cannot write the cache entry: %s",
					   git_error_last()->message);
			break;
		}
		classify(&c, rc);
		if (!c.missing)
			break;
	}
done:
	for (i = 0; i < n; i++)
		free(urls[i]);
	git_repository_free(repo);
}
