/*
 * fetch_http.c: the child's side of an archive download (libcurl) into a
 * new cache file.  Runs in the forked child of fetch.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "fetch_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

#define HTTP_MAX_REDIRECTS 10

struct http_ctx {
	const struct fetch_job *job;
	struct fetch_shared *sh;
	CURL *curl;
	int fd;
	uint64_t written;
	int checked; /* the content type was looked at */
	int html;    /* a web page came where an archive was expected */
	int over_size;
	int write_errno;
};

static size_t write_cb(char *data, size_t size, size_t nmemb, void *payload)
{
	struct http_ctx *c = payload;
	size_t len = size * nmemb, done = 0;

	if (!c->checked) {
		char *ct = NULL;

		c->checked = 1;
		curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ct);
		if (ct && dpg_strncasecmp(ct, "text/html", 9) == 0) {
			c->html = 1;
			return 0;
		}
	}
	if (c->written + len > c->job->transfer_max) {
		c->over_size = 1;
		return 0;
	}
	while (done < len) {
		ssize_t w = write(c->fd, data + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			c->write_errno = errno;
			return 0;
		}
		done += (size_t)w;
	}
	c->written += len;
	atomic_store(&c->sh->bytes, c->written);
	return len;
}

static int progress_cb(void *payload, curl_off_t dltotal, curl_off_t dlnow,
		       curl_off_t ultotal, curl_off_t ulnow)
{
	struct http_ctx *c = payload;

	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	/* a Content-Length over the cap stops before the body */
	if (dltotal > 0 && (uint64_t)dltotal > c->job->transfer_max) {
		c->over_size = 1;
		return 1;
	}
	return 0;
}

static void classify(struct http_ctx *c, CURLcode cc, const char *errbuf)
{
	struct fetch_shared *sh = c->sh;
	long status = 0, redirects = 0, oserr = 0;

	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(c->curl, CURLINFO_OS_ERRNO, &oserr);
	curl_easy_getinfo(c->curl, CURLINFO_REDIRECT_COUNT, &redirects);
	if (c->over_size)
		fetch_fail(sh, DPG_ELIMIT,
			   "the archive is over --max-repo-size (%llu bytes)",
			   (unsigned long long)c->job->max_size);
	else if (c->html)
		fetch_fail(sh, DPG_EIO,
			   "%s a web page, not an archive (a login page?)",
			   redirects ? "redirected to" : "the server answered");
	else if (c->write_errno)
		fetch_fail(sh, DPG_EIO, "cannot write '%s': %s", c->job->path,
			   strerror(c->write_errno));
	else if (cc == CURLE_HTTP_RETURNED_ERROR && (status == 401))
		fetch_fail(sh, DPG_EIO,
			   "authentication required (HTTP 401; dpgaudit uses "
			   "only the URL's credentials)");
	else if (cc == CURLE_HTTP_RETURNED_ERROR && status == 403)
		fetch_fail(sh, DPG_EIO, "access denied (HTTP 403)");
	else if (cc == CURLE_HTTP_RETURNED_ERROR &&
		 (status == 404 || status == 410))
		fetch_fail(sh, DPG_ENOTFOUND, "not found (HTTP %ld)", status);
	else if (cc == CURLE_HTTP_RETURNED_ERROR)
		fetch_fail(sh, DPG_EIO, "HTTP error %ld", status);
	else if (cc == CURLE_TOO_MANY_REDIRECTS)
		fetch_fail(sh, DPG_EIO, "too many redirects (over %d)",
			   HTTP_MAX_REDIRECTS);
	else if (cc == CURLE_COULDNT_RESOLVE_HOST)
		fetch_fail(sh, DPG_ENOTFOUND, "cannot resolve the host name");
	else if (cc == CURLE_COULDNT_CONNECT && oserr == ECONNREFUSED)
		fetch_fail(sh, DPG_EIO, "connection refused");
	else if (cc == CURLE_COULDNT_CONNECT &&
		 (oserr == ENETUNREACH || oserr == EHOSTUNREACH))
		fetch_fail(sh, DPG_EIO, "host unreachable");
	else if (cc == CURLE_FILE_COULDNT_READ_FILE)
		fetch_fail(sh, DPG_ENOTFOUND, "no such file");
	else
		fetch_fail(sh, DPG_EIO, "%s",
			   errbuf[0] ? errbuf : curl_easy_strerror(cc));
}

void fetch_http_child(const struct fetch_job *job, struct fetch_shared *sh)
{
	struct http_ctx c = {job, sh, NULL, -1, 0, 0, 0, 0, 0};
	char errbuf[CURL_ERROR_SIZE] = "";
	char *agent = xasprintf("dpgaudit/%s", dpg_version);
	CURLcode cc;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fetch_fail(sh, DPG_ERR, "cannot initialise libcurl");
		goto done;
	}
	c.fd = open(job->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (c.fd < 0) {
		fetch_fail(sh, DPG_EIO, "cannot create '%s': %s", job->path,
			   strerror(errno));
		goto done;
	}
	c.curl = curl_easy_init();
	if (!c.curl) {
		fetch_fail(sh, DPG_ERR, "cannot initialise libcurl");
		goto done;
	}
	curl_easy_setopt(c.curl, CURLOPT_URL, job->url);
	curl_easy_setopt(c.curl, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(c.curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c.curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c.curl, CURLOPT_MAXREDIRS, (long)HTTP_MAX_REDIRECTS);
	curl_easy_setopt(c.curl, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c.curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c.curl, CURLOPT_USERAGENT, agent);
	curl_easy_setopt(c.curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c.curl, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c.curl, CURLOPT_WRITEDATA, &c);
	curl_easy_setopt(c.curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
	curl_easy_setopt(c.curl, CURLOPT_XFERINFODATA, &c);
	curl_easy_setopt(c.curl, CURLOPT_NOPROGRESS, 0L);
	cc = curl_easy_perform(c.curl);
	if (cc != CURLE_OK)
		classify(&c, cc, errbuf);
	else if (c.html || !c.checked)
		fetch_fail(sh, DPG_EIO,
			   c.html ? "the server answered a web page, not an "
				    "archive (a login page?)"
				  : "the server answered an empty file");
	else if (fsync(c.fd) < 0)
		fetch_fail(sh, DPG_EIO, "cannot write '%s': %s", job->path,
			   strerror(errno));
done:
	if (c.fd >= 0)
		close(c.fd);
	if (c.curl)
		curl_easy_cleanup(c.curl);
	curl_global_cleanup();
	free(agent);
}
