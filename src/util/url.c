/*
 * url.c: remote targets: recognise, canonicalise, redact (see dpg/url.h).
 *
 * A URL is parsed once into struct url (each part malloc'd), then written
 * back in one of two forms: the canonical one (identity, no credentials)
 * and the fetch one (as written, credentials kept, revision split off).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dpg/buf.h"
#include "dpg/url.h"
#include "dpg/util.h"
#include "dpg/banned.h"

/* Appends to an in-memory string never reach this cap. */
#define URL_BUF_MAX ((size_t)SIZE_MAX / 4)

enum forge {
	FORGE_NONE,
	FORGE_GITHUB,
	FORGE_GITLAB,
	FORGE_BITBUCKET,
	FORGE_GITEA
};

static const struct {
	const char *host;
	enum forge kind;
} forges[] = {
	{"github.com", FORGE_GITHUB},
	{"gitlab.com", FORGE_GITLAB},
	{"bitbucket.org", FORGE_BITBUCKET},
	{"codeberg.org", FORGE_GITEA},
};

static const char *const archive_exts[] = {
	".tar",	   ".tar.gz", ".tgz",	  ".tar.bz2", ".tbz2",	 ".tbz",
	".tar.xz", ".txz",    ".tar.zst", ".tzst",    ".tar.lz", ".tar.lzma",
	".zip",	   ".7z",     ".rar",	  ".cpio",
};

/* Query parameters whose values are secrets (compared without case). */
static const char *const secret_params[] = {
	"token",
	"access_token",
	"private_token",
	"auth_token",
	"id_token",
	"refresh_token",
	"api_key",
	"apikey",
	"password",
	"passwd",
	"secret",
	"client_secret",
	"sig",
	"signature",
	"x-amz-signature",
	"x-amz-credential",
	"x-amz-security-token",
	"x-goog-signature",
	"x-goog-credential",
};

struct url {
	char *scheme; /* https, http, ssh, git, file */
	char *user;   /* NULL when absent; raw (percent-encoded) */
	char *pass;   /* NULL when there is no ':' in the user part */
	char *host;   /* lowercase, no trailing dot; "[v6]" kept bracketed */
	char *port;   /* digits, or NULL */
	char *path;   /* as written; scp: relative unless it starts with / */
	char *query;  /* without '?', or NULL */
	int scp;      /* written user@host:path */
	int archive;
	char *rev; /* from @REV or a forge page, or NULL */
	enum forge forge;
	const char *forge_host; /* the forge's name (no "www.") */
	char *project;		/* forge: OWNER/REPO as written */
};

static void url_release(struct url *u)
{
	free(u->scheme);
	free(u->user);
	free(u->pass);
	free(u->host);
	free(u->port);
	free(u->path);
	free(u->query);
	free(u->rev);
	free(u->project);
	memset(u, 0, sizeof(*u));
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static void lowercase(char *s)
{
	for (; *s; s++)
		*s = (char)lower((unsigned char)*s);
}

static int is_scheme_char(int c)
{
	return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
}

/* Length of the scheme when s starts with "scheme://", else 0. */
static size_t scheme_len(const char *s)
{
	size_t n = 0;

	if (!is_alpha((unsigned char)s[0]))
		return 0;
	while (is_scheme_char((unsigned char)s[n]))
		n++;
	return strncmp(s + n, "://", 3) == 0 ? n : 0;
}

static int host_char(int c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_';
}

/* user@host:path, where host is a plausible host name. */
static int scp_split(const char *s, size_t *at, size_t *colon)
{
	const char *a = strchr(s, '@'), *c, *p;

	if (!a || a == s || scheme_len(s))
		return 0;
	c = strchr(a, ':');
	if (!c || c == a + 1 || !c[1])
		return 0;
	for (p = s; p < a; p++)
		if (*p == '/' || (unsigned char)*p <= ' ')
			return 0;
	for (p = a + 1; p < c; p++)
		if (!host_char((unsigned char)*p))
			return 0;
	*at = (size_t)(a - s);
	*colon = (size_t)(c - s);
	return 1;
}

int dpg_url_is_remote(const char *target)
{
	size_t at, colon;
	struct stat st;
	char *user;
	int local;

	if (scheme_len(target))
		return 1;
	if (!scp_split(target, &at, &colon) || stat(target, &st) == 0)
		return 0;
	/* PATH@REV:SUBDIR, where PATH exists, is a local revision */
	user = xstrndup(target, at);
	local = stat(user, &st) == 0;
	free(user);
	return !local;
}

static int seg_is(const char *seg, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(seg, word, n) == 0;
}

/* The n-th ('/'-separated, empty ones skipped) segment of path. */
static const char *path_seg(const char *path, size_t len, int n, size_t *out)
{
	const char *p = path, *end = path + len;

	while (p < end) {
		const char *q;

		while (p < end && *p == '/')
			p++;
		q = p;
		while (q < end && *q != '/')
			q++;
		if (q > p && n-- == 0) {
			*out = (size_t)(q - p);
			return p;
		}
		p = q;
	}
	return NULL;
}

static int archive_path(const char *host, const char *path, size_t len)
{
	const char *seg;
	size_t i, n;

	for (i = 0; i < DPG_ARRAY_SIZE(archive_exts); i++) {
		size_t m = strlen(archive_exts[i]);

		if (len > m &&
		    dpg_strncasecmp(path + len - m, archive_exts[i], m) == 0)
			return 1;
	}
	if (host && dpg_strcasecmp(host, "codeload.github.com") == 0)
		return 1;
	if (host && (dpg_strcasecmp(host, "github.com") == 0 ||
		     dpg_strcasecmp(host, "www.github.com") == 0)) {
		seg = path_seg(path, len, 2, &n);
		return seg &&
		       (seg_is(seg, n, "archive") ||
			seg_is(seg, n, "tarball") || seg_is(seg, n, "zipball"));
	}
	return 0;
}

static int parse(struct url *u, const char *url, struct dpg_error *err);

int dpg_url_is_archive(const char *url)
{
	struct url u;
	int rc = parse(&u, url, NULL) == 0 && u.archive;

	url_release(&u);
	return rc;
}

/* ---- parsing ---------------------------------------------------------- */

static int malformed(struct dpg_error *err, const char *url, const char *why)
{
	char *r = dpg_url_redact(url);
	int rc = dpg_error_set(err, DPG_EUSAGE, "malformed URL '%s': %s", r,
			       why);

	free(r);
	return rc;
}

static const char *map_scheme(const char *s)
{
	static const struct {
		const char *in, *out;
	} map[] = {
		{"https", "https"},   {"http", "http"},
		{"ssh", "ssh"},	      {"git", "git"},
		{"file", "file"},     {"git+https", "https"},
		{"git+http", "http"}, {"git+ssh", "ssh"},
		{"ssh+git", "ssh"},   {"git+file", "file"},
	};
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(map); i++)
		if (strcmp(s, map[i].in) == 0)
			return map[i].out;
	return NULL;
}

static int parse_port(struct url *u, const char *p, size_t n,
		      struct dpg_error *err, const char *url)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0)
		return 0;
	if (n > 5)
		return malformed(err, url, "invalid port");
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)p[i]))
			return malformed(err, url, "invalid port");
		v = v * 10 + (unsigned long)(p[i] - '0');
	}
	if (v == 0 || v > 65535)
		return malformed(err, url, "invalid port");
	u->port = xasprintf("%lu", v);
	return 0;
}

static int parse_host(struct url *u, const char *h, size_t n,
		      struct dpg_error *err, const char *url)
{
	size_t i, hn = n;
	const char *colon;

	if (n && h[0] == '[') {
		const char *close = memchr(h, ']', n);

		if (!close)
			return malformed(err, url, "unclosed '[' in host");
		hn = (size_t)(close - h) + 1;
		for (i = 1; i + 1 < hn; i++)
			if (!strchr("0123456789abcdefABCDEF:.", h[i]))
				return malformed(err, url, "invalid host");
		if (hn < n && h[hn] != ':')
			return malformed(err, url, "invalid host");
	} else {
		colon = memchr(h, ':', n);
		hn = colon ? (size_t)(colon - h) : n;
		for (i = 0; i < hn; i++)
			if (!host_char((unsigned char)h[i]))
				return malformed(err, url, "invalid host");
	}
	u->host = xstrndup(h, hn);
	lowercase(u->host);
	for (i = hn; i > 1 && u->host[i - 1] == '.'; i--)
		u->host[i - 1] = '\0';
	if (hn < n)
		return parse_port(u, h + hn + 1, n - hn - 1, err, url);
	return 0;
}

static void split_userinfo(struct url *u, const char *s, size_t n)
{
	const char *c = memchr(s, ':', n);

	if (c) {
		u->user = xstrndup(s, (size_t)(c - s));
		u->pass = xstrndup(c + 1, n - (size_t)(c - s) - 1);
	} else {
		u->user = xstrndup(s, n);
	}
}

static int parse_std(struct url *u, const char *url, size_t sl,
		     struct dpg_error *err)
{
	char *scheme = xstrndup(url, sl);
	const char *mapped, *auth = url + sl + 3, *at, *p;
	size_t an = strcspn(auth, "/?#"), hn;
	int rc;

	lowercase(scheme);
	mapped = map_scheme(scheme);
	if (!mapped) {
		char *r = dpg_url_redact(url);

		rc = dpg_error_set(err, DPG_EUSAGE,
				   "unsupported URL scheme '%s' in '%s' "
				   "(https, http, ssh, git or file)",
				   scheme, r);
		free(r);
		free(scheme);
		return rc;
	}
	free(scheme);
	u->scheme = xstrdup(mapped);
	at = NULL;
	for (p = auth; p < auth + an; p++)
		if (*p == '@')
			at = p;
	if (at) {
		split_userinfo(u, auth, (size_t)(at - auth));
		auth = at + 1;
	}
	hn = an - (size_t)(auth - (url + sl + 3));
	if ((rc = parse_host(u, auth, hn, err, url)) < 0)
		return rc;
	if (strcmp(u->scheme, "file") == 0) {
		if (u->user || u->port ||
		    (u->host[0] && strcmp(u->host, "localhost") != 0))
			return malformed(err, url,
					 "a file URL names no host or user");
	} else if (!u->host[0]) {
		return malformed(err, url, "no host");
	}
	p = auth + hn;
	hn = strcspn(p, "?#");
	u->path = hn ? xstrndup(p, hn) : xstrdup("/");
	p += hn;
	if (*p == '?') {
		hn = strcspn(p + 1, "#");
		u->query = xstrndup(p + 1, hn);
	}
	return 0;
}

static int parse_scp(struct url *u, const char *url, size_t at, size_t colon,
		     struct dpg_error *err)
{
	int rc;

	u->scheme = xstrdup("ssh");
	u->scp = 1;
	split_userinfo(u, url, at);
	if ((rc = parse_host(u, url + at + 1, colon - at - 1, err, url)) < 0)
		return rc;
	u->path = xstrdup(url + colon + 1);
	return 0;
}

/* Split "@REV" off the path: the first '@' not starting a segment. */
static int split_at_rev(struct url *u, struct dpg_error *err, const char *url)
{
	char *p;

	for (p = u->path; *p; p++) {
		if (*p != '@' || p == u->path || p[-1] == '/')
			continue;
		if (!p[1])
			return malformed(err, url, "empty revision after '@'");
		u->rev = xstrdup(p + 1);
		*p = '\0';
		return 0;
	}
	return 0;
}

static char *join_segs(const char *path, int from)
{
	struct dpg_buf b = DPG_BUF_INIT(URL_BUF_MAX);
	const char *seg;
	size_t n;
	int i;

	for (i = from; (seg = path_seg(path, strlen(path), i, &n)); i++) {
		if (b.len)
			dpg_buf_puts(&b, "/", NULL);
		dpg_buf_add(&b, seg, n, NULL);
	}
	return b.len ? dpg_buf_detach(&b, NULL) : NULL;
}

/* The segment index where a forge page's decoration starts, and its rev. */
static int forge_split(struct url *u, int *nproj, char **rev)
{
	const char *path = u->path, *s;
	size_t len = strlen(path), n;
	int i;

	*rev = NULL;
	*nproj = 2;
#define SEG(k)	 ((s = path_seg(path, len, (k), &n)) != NULL)
#define IS(k, w) (SEG(k) && seg_is(s, n, (w)))
	switch (u->forge) {
	case FORGE_GITHUB:
		if (IS(2, "tree") && SEG(3))
			*rev = join_segs(path, 3);
		else if (IS(2, "commit") && SEG(3))
			*rev = xstrndup(s, n);
		else if (IS(2, "releases") && IS(3, "tag") && SEG(4))
			*rev = join_segs(path, 4);
		break;
	case FORGE_GITLAB:
		for (i = 0; SEG(i) && !seg_is(s, n, "-"); i++)
			;
		*nproj = i;
		if (SEG(i) &&
		    (IS(i + 1, "tree") || IS(i + 1, "commit") ||
		     IS(i + 1, "commits") || IS(i + 1, "tags")) &&
		    SEG(i + 2))
			*rev = join_segs(path, i + 2);
		break;
	case FORGE_BITBUCKET:
		if ((IS(2, "src") || IS(2, "commits")) && SEG(3))
			*rev = xstrndup(s, n);
		else if (IS(2, "branch") && SEG(3))
			*rev = join_segs(path, 3);
		break;
	case FORGE_GITEA:
		if (IS(2, "src") &&
		    (IS(3, "branch") || IS(3, "tag") || IS(3, "commit")) &&
		    SEG(4))
			*rev = join_segs(path, 4);
		break;
	case FORGE_NONE:
		break;
	}
	if (*nproj < 2 || !SEG(*nproj - 1)) {
		free(*rev);
		*rev = NULL;
		return -1;
	}
#undef SEG
#undef IS
	return 0;
}

/* The first n segments of path, without the leading slash. */
static char *project_path(const char *path, int n)
{
	const char *s = path, *last;
	size_t len;

	while (*s == '/')
		s++;
	last = path_seg(path, strlen(path), n - 1, &len);
	return xstrndup(s, (size_t)(last + len - s));
}

static int parse(struct url *u, const char *url, struct dpg_error *err)
{
	size_t sl = scheme_len(url), at, colon, i;
	const char *p;
	char *host;
	int rc;

	memset(u, 0, sizeof(*u));
	for (p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return malformed(err, url,
					 "spaces or control characters");
	if (sl)
		rc = parse_std(u, url, sl, err);
	else if (scp_split(url, &at, &colon))
		rc = parse_scp(u, url, at, colon, err);
	else
		rc = malformed(err, url,
			       "neither scheme://... nor user@host:path");
	if (rc < 0)
		return rc;
	u->archive = archive_path(u->host, u->path, strlen(u->path));
	if (strcmp(u->scheme, "file") != 0) {
		host = u->host;
		if (dpg_starts_with(host, "www."))
			host += 4;
		for (i = 0; i < DPG_ARRAY_SIZE(forges); i++)
			if (strcmp(host, forges[i].host) == 0) {
				u->forge = forges[i].kind;
				u->forge_host = forges[i].host;
			}
	}
	if (u->archive)
		return 0;
	if ((rc = split_at_rev(u, err, url)) < 0)
		return rc;
	if (u->forge) {
		char *rev;
		int nproj;

		if (forge_split(u, &nproj, &rev) < 0)
			return malformed(
				err, url,
				u->forge == FORGE_GITLAB
					? "no GROUP/PROJECT in the path"
					: "no OWNER/REPO in the path");
		if (rev && u->rev) {
			char *r = dpg_url_redact(url);

			rc = dpg_error_set(err, DPG_EUSAGE,
					   "revision given twice in '%s': "
					   "'%s' and '%s'",
					   r, rev, u->rev);
			free(r);
			free(rev);
			return rc;
		}
		if (rev)
			u->rev = rev;
		u->project = project_path(u->path, nproj);
	}
	return 0;
}

/* ---- writing ---------------------------------------------------------- */

static int hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int unreserved(int c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

/*
 * Normalise a path into b: percent-encodings of unreserved characters
 * decoded and the others uppercased, "." and ".." segments resolved,
 * repeated and trailing slashes dropped.
 */
static void put_path(struct dpg_buf *b, const char *path)
{
	size_t base = b->len;
	const char *p = path;

	while (*p) {
		const char *q;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		q = p + strcspn(p, "/");
		if ((q - p == 1 && p[0] == '.')) {
			p = q;
			continue;
		}
		if (q - p == 2 && p[0] == '.' && p[1] == '.') {
			while (b->len > base && b->ptr[b->len - 1] != '/')
				b->len--;
			if (b->len > base)
				b->len--;
			b->ptr[b->len] = '\0';
			p = q;
			continue;
		}
		dpg_buf_puts(b, "/", NULL);
		for (; p < q; p++) {
			int h1, h2;

			if (*p == '%' && q - p >= 3 &&
			    (h1 = hexval((unsigned char)p[1])) >= 0 &&
			    (h2 = hexval((unsigned char)p[2])) >= 0) {
				char c = (char)(h1 * 16 + h2);
				char enc[4];

				if (unreserved((unsigned char)c)) {
					dpg_buf_add(b, &c, 1, NULL);
				} else {
					enc[0] = '%';
					enc[1] = (char)(p[1] >= 'a' ? p[1] - 32
								    : p[1]);
					enc[2] = (char)(p[2] >= 'a' ? p[2] - 32
								    : p[2]);
					dpg_buf_add(b, enc, 3, NULL);
				}
				p += 2;
			} else {
				dpg_buf_add(b, p, 1, NULL);
			}
		}
	}
}

/* Drop a trailing ".git" (or "/.git" segment) from the path in b. */
static void drop_dot_git(struct dpg_buf *b, size_t base)
{
	if (b->len - base > 5 && dpg_ends_with(b->ptr + base, "/.git"))
		b->len -= 5;
	else if (b->len - base > 5 && dpg_ends_with(b->ptr + base, ".git"))
		b->len -= 4;
	b->ptr[b->len] = '\0';
}

static int is_default_port(const char *scheme, const char *port)
{
	return (strcmp(scheme, "https") == 0 && strcmp(port, "443") == 0) ||
	       (strcmp(scheme, "http") == 0 && strcmp(port, "80") == 0) ||
	       (strcmp(scheme, "ssh") == 0 && strcmp(port, "22") == 0) ||
	       (strcmp(scheme, "git") == 0 && strcmp(port, "9418") == 0);
}

static int secret_param(const char *name, size_t n)
{
	size_t i;

	if (n > 4 && dpg_strncasecmp(name, "amp;", 4) == 0) {
		name += 4;
		n -= 4;
	}
	for (i = 0; i < DPG_ARRAY_SIZE(secret_params); i++)
		if (strlen(secret_params[i]) == n &&
		    dpg_strncasecmp(name, secret_params[i], n) == 0)
			return 1;
	return 0;
}

/*
 * Append query (length n, without '?') to b: secret parameters' values
 * replaced by mask, or the parameters dropped when mask is NULL.
 */
static void put_query(struct dpg_buf *b, const char *q, size_t n,
		      const char *mask)
{
	const char *end = q + n;
	int first = 1;

	while (q < end) {
		const char *amp = memchr(q, '&', (size_t)(end - q));
		const char *pe = amp ? amp : end;
		const char *eq = memchr(q, '=', (size_t)(pe - q));

		if (eq && secret_param(q, (size_t)(eq - q))) {
			if (mask) {
				if (!first)
					dpg_buf_puts(b, "&", NULL);
				dpg_buf_add(b, q, (size_t)(eq - q) + 1, NULL);
				dpg_buf_puts(b, mask, NULL);
				first = 0;
			}
		} else {
			if (!first)
				dpg_buf_puts(b, "&", NULL);
			dpg_buf_add(b, q, (size_t)(pe - q), NULL);
			first = 0;
		}
		q = amp ? amp + 1 : end;
	}
}

static char *canonical(const struct url *u)
{
	struct dpg_buf b = DPG_BUF_INIT(URL_BUF_MAX);
	size_t base;

	if (u->forge && !u->archive) {
		dpg_buf_printf(&b, NULL, "https://%s", u->forge_host);
		base = b.len;
		put_path(&b, u->project);
		lowercase(b.ptr + base);
		drop_dot_git(&b, base);
		return dpg_buf_detach(&b, NULL);
	}
	if (u->forge) {
		/* an archive link: OWNER/REPO ignore case, the rest does not */
		const char *s;
		size_t n;

		dpg_buf_printf(&b, NULL, "https://%s", u->forge_host);
		base = b.len;
		put_path(&b, u->path);
		s = path_seg(b.ptr + base, b.len - base, 1, &n);
		if (s) {
			size_t i, stop = (size_t)(s - b.ptr) + n;

			for (i = base; i < stop; i++)
				b.ptr[i] = (char)lower((unsigned char)b.ptr[i]);
		}
	} else if (strcmp(u->scheme, "file") == 0) {
		dpg_buf_puts(&b, "file://", NULL);
		put_path(&b, u->path);
		if (b.len == 7)
			dpg_buf_puts(&b, "/", NULL);
		return dpg_buf_detach(&b, NULL);
	} else {
		dpg_buf_printf(&b, NULL, "%s://", u->scheme);
		if (strcmp(u->scheme, "ssh") == 0 && u->user && !u->pass &&
		    u->user[0])
			dpg_buf_printf(&b, NULL, "%s@", u->user);
		dpg_buf_puts(&b, u->host, NULL);
		if (u->port && !is_default_port(u->scheme, u->port))
			dpg_buf_printf(&b, NULL, ":%s", u->port);
		base = b.len;
		if (u->scp && u->path[0] != '/') {
			dpg_buf_puts(&b, "/~", NULL);
			if (u->path[0] == '~')
				put_path(&b, u->path + 1);
			else
				put_path(&b, u->path);
		} else {
			put_path(&b, u->path);
		}
		if (!u->archive)
			drop_dot_git(&b, base);
	}
	if (u->archive && u->query && u->query[0]) {
		size_t mark = b.len;

		dpg_buf_puts(&b, "?", NULL);
		put_query(&b, u->query, strlen(u->query), NULL);
		if (b.len == mark + 1)
			b.len = mark;
		b.ptr[b.len] = '\0';
	}
	return dpg_buf_detach(&b, NULL);
}

static char *fetch_form(const struct url *u)
{
	struct dpg_buf b = DPG_BUF_INIT(URL_BUF_MAX);
	const char *path = u->forge && !u->archive ? u->project : u->path;
	size_t mark;

	if (u->scp) {
		if (u->user)
			dpg_buf_puts(&b, u->user, NULL);
		if (u->pass)
			dpg_buf_printf(&b, NULL, ":%s", u->pass);
		dpg_buf_printf(&b, NULL, "@%s:%s", u->host, path);
		return dpg_buf_detach(&b, NULL);
	}
	dpg_buf_printf(&b, NULL, "%s://", u->scheme);
	if (u->user) {
		dpg_buf_puts(&b, u->user, NULL);
		if (u->pass)
			dpg_buf_printf(&b, NULL, ":%s", u->pass);
		dpg_buf_puts(&b, "@", NULL);
	}
	dpg_buf_puts(&b, u->host, NULL);
	if (u->port)
		dpg_buf_printf(&b, NULL, ":%s", u->port);
	mark = b.len;
	put_path(&b, path); /* as written, less "//", "./" and a final "/" */
	if (b.len == mark)
		dpg_buf_puts(&b, "/", NULL);
	if (u->archive && u->query)
		dpg_buf_printf(&b, NULL, "?%s", u->query);
	return dpg_buf_detach(&b, NULL);
}

int dpg_url_normalize(char **out, char **out_rev, const char *url,
		      struct dpg_error *err)
{
	struct url u;
	int rc;

	*out = NULL;
	if (out_rev)
		*out_rev = NULL;
	if ((rc = parse(&u, url, err)) < 0) {
		url_release(&u);
		return rc;
	}
	*out = canonical(&u);
	if (out_rev) {
		*out_rev = u.rev;
		u.rev = NULL;
	}
	url_release(&u);
	return 0;
}

int dpg_url_fetch_form(char **out, const char *url, struct dpg_error *err)
{
	struct url u;
	int rc;

	*out = NULL;
	if ((rc = parse(&u, url, err)) < 0) {
		url_release(&u);
		return rc;
	}
	*out = fetch_form(&u);
	url_release(&u);
	return 0;
}

/* ---- redaction -------------------------------------------------------- */

/* Characters that end a URL in running text. */
static int url_end_char(int c)
{
	return c <= ' ' || c == 0x7f || c == '"' || c == '\'' || c == '<' ||
	       c == '>' || c == '`' || c == '{' || c == '}' || c == '|' ||
	       c == '\\' || c == '^';
}

static int ssh_scheme(const char *s, size_t n)
{
	return (n == 3 && dpg_strncasecmp(s, "ssh", 3) == 0) ||
	       (n == 7 && (dpg_strncasecmp(s, "git+ssh", 7) == 0 ||
			   dpg_strncasecmp(s, "ssh+git", 7) == 0));
}

/*
 * Copy text with the credentials of its URLs replaced by mask ("***"), or
 * dropped with their '@' when mask is NULL.  A URL is found by its "://"
 * (or ":\/\/", as JSON may escape it).
 */
static char *redact(const char *text, const char *mask)
{
	struct dpg_buf b = DPG_BUF_INIT(URL_BUF_MAX);
	const char *p = text, *copied = text;

	if (!text)
		return NULL;
	while ((p = strchr(p, ':'))) {
		const char *s = p, *auth, *aend, *at = NULL, *q, *uend;
		size_t sep = 0;

		if (p[1] == '/' && p[2] == '/')
			sep = 3;
		else if (strncmp(p + 1, "\\/\\/", 4) == 0)
			sep = 5;
		while (s > text && is_scheme_char((unsigned char)s[-1]))
			s--;
		if (!sep || s == p || !is_alpha((unsigned char)*s)) {
			p++;
			continue;
		}
		auth = p + sep;
		for (aend = auth;
		     *aend && !url_end_char((unsigned char)*aend) &&
		     !strchr("/?#", *aend);
		     aend++)
			if (*aend == '@')
				at = aend;
		if (at && (!ssh_scheme(s, (size_t)(p - s)) ||
			   memchr(auth, ':', (size_t)(at - auth)))) {
			dpg_buf_add(&b, copied, (size_t)(auth - copied), NULL);
			if (mask)
				dpg_buf_printf(&b, NULL, "%s@", mask);
			copied = at + 1;
		}
		/* the rest of the URL: secret query parameters */
		for (uend = aend; *uend && !url_end_char((unsigned char)*uend);
		     uend++)
			;
		q = memchr(aend, '?', (size_t)(uend - aend));
		if (q) {
			const char *qe = q + 1 + strcspn(q + 1, "#");
			struct dpg_buf qb = DPG_BUF_INIT(URL_BUF_MAX);

			if (qe > uend)
				qe = uend;
			put_query(&qb, q + 1, (size_t)(qe - q - 1), mask);
			if (qb.len != (size_t)(qe - q - 1) ||
			    memcmp(qb.ptr, q + 1, qb.len) != 0) {
				dpg_buf_add(&b, copied, (size_t)(q - copied),
					    NULL);
				if (qb.len)
					dpg_buf_printf(&b, NULL, "?%s", qb.ptr);
				copied = qe;
			}
			dpg_buf_release(&qb);
		}
		p = uend > p ? uend : p + 1;
		if (!*p)
			break;
	}
	dpg_buf_puts(&b, copied, NULL);
	if (b.ptr == dpg_buf_empty)
		return xstrdup("");
	return dpg_buf_detach(&b, NULL);
}

char *dpg_url_redact(const char *text)
{
	return redact(text, "***");
}

char *dpg_url_strip_credentials(const char *url)
{
	return redact(url, NULL);
}
