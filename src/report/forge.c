/*
 * forge.c: links to a file at the scanned commit, for targets that are
 * repositories on a known forge (GitHub, GitLab, Bitbucket, Gitea /
 * Forgejo / Codeberg).  The target is untrusted: a link is made only when
 * the host and every path segment are made of the characters of host
 * names and repository names, so nothing else (a "javascript:" target, a
 * quote, a space) can reach an href.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static int host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-';
}

static int seg_char(char c)
{
	return host_char(c) || c == '_' || c == '~';
}

static int forge_kind(const char *host, size_t n)
{
	char h[256];

	if (n == 0 || n >= sizeof(h))
		return RPT_FORGE_NONE;
	memcpy(h, host, n);
	h[n] = '\0';
	if (!dpg_strcasecmp(h, "github.com") ||
	    !dpg_strcasecmp(h, "www.github.com"))
		return RPT_FORGE_GITHUB;
	if (!dpg_strcasecmp(h, "gitlab.com") ||
	    !dpg_strncasecmp(h, "gitlab.", 7))
		return RPT_FORGE_GITLAB;
	if (!dpg_strcasecmp(h, "bitbucket.org"))
		return RPT_FORGE_BITBUCKET;
	if (!dpg_strcasecmp(h, "codeberg.org") ||
	    !dpg_strcasecmp(h, "gitea.com") ||
	    !dpg_strncasecmp(h, "gitea.", 6) ||
	    !dpg_strncasecmp(h, "forgejo.", 8))
		return RPT_FORGE_GITEA;
	return RPT_FORGE_NONE;
}

int rpt_forge_parse(struct rpt_forge *out, const char *target)
{
	const char *host, *p, *end;
	size_t hlen, plen, nseg = 0;
	char path[400], *w = path;

	memset(out, 0, sizeof(*out));
	if (!target)
		return 0;
	if (dpg_starts_with(target, "https://"))
		host = target + 8;
	else if (dpg_starts_with(target, "http://"))
		host = target + 7;
	else if (dpg_starts_with(target, "ssh://git@"))
		host = target + 10;
	else if (dpg_starts_with(target, "git@"))
		host = target + 4;
	else
		return 0;
	/* credentials (user:token@) are never linked */
	for (p = host; *p && *p != '/'; p++)
		if (*p == '@')
			host = p + 1;
	for (p = host; *p && *p != '/' && *p != ':'; p++)
		;
	hlen = (size_t)(p - host);
	for (end = host; end < p; end++)
		if (!host_char(*end))
			return 0;
	out->kind = forge_kind(host, hlen);
	/* a port (host:8443) is no forge shape we know; scp-like is
	 * git@host:owner/repo */
	if (!out->kind || !*p || (*p == ':' && target[0] == 'h'))
		return out->kind = 0;
	/* the repository path: segments of name characters */
	for (p++; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 0) {
			p++;
			continue;
		}
		if ((size_t)(w - path) + n + 2 >= sizeof(path))
			return out->kind = 0;
		for (end = p; end < p + n; end++)
			if (!seg_char(*end))
				return out->kind = 0;
		if (w != path)
			*w++ = '/';
		memcpy(w, p, n);
		w += n;
		nseg++;
		p += n;
	}
	*w = '\0';
	plen = (size_t)(w - path);
	if (plen > 4 && !strcmp(path + plen - 4, ".git"))
		path[plen -= 4] = '\0';
	/* GitHub, Bitbucket, Gitea: OWNER/REPO; GitLab: GROUP/.../REPO */
	if (nseg < 2 || (nseg > 2 && out->kind != RPT_FORGE_GITLAB))
		return out->kind = 0;
	snprintf(out->base, sizeof(out->base), "https://%.*s/%s", (int)hlen,
		 host, path);
	return out->kind;
}

static int is_commit(const char *c)
{
	size_t i;

	if (!c || strlen(c) != 40)
		return 0;
	for (i = 0; i < 40; i++)
		if (!((c[i] >= '0' && c[i] <= '9') ||
		      (c[i] >= 'a' && c[i] <= 'f')))
			return 0;
	return 1;
}

char *rpt_forge_link(const struct rpt_forge *fg, const char *commit,
		     const char *path, unsigned int line, unsigned int line_end)
{
	const char *mid = fg->kind == RPT_FORGE_GITLAB	 ? "/-/blob/"
			  : fg->kind == RPT_FORGE_GITHUB ? "/blob/"
			  : fg->kind == RPT_FORGE_GITEA	 ? "/src/commit/"
							 : "/src/";
	char *u, *link, anchor[64] = "";

	if (!fg->kind || !is_commit(commit) || !path || !*path)
		return NULL;
	if (line && line_end > line)
		snprintf(anchor, sizeof(anchor),
			 fg->kind == RPT_FORGE_BITBUCKET ? "#lines-%u:%u"
			 : fg->kind == RPT_FORGE_GITLAB	 ? "#L%u-%u"
							 : "#L%u-L%u",
			 line, line_end);
	else if (line)
		snprintf(anchor, sizeof(anchor),
			 fg->kind == RPT_FORGE_BITBUCKET ? "#lines-%u" : "#L%u",
			 line);
	u = rpt_urlpath(path);
	link = xasprintf("%s%s%s/%s%s", fg->base, mid, commit, u, anchor);
	free(u);
	return link;
}

char *rpt_ref(const struct dpg_scan *s, const struct rpt_forge *fg,
	      const struct dpg_finding *f)
{
	char *url =
		rpt_forge_link(fg, s->commit_id, f->path, f->line, f->line_end);

	if (url)
		return url;
	if (!f->path)
		return xstrdup("(project)");
	if (f->line && f->line_end > f->line)
		return xasprintf("%s:%u-%u", f->path, f->line, f->line_end);
	if (f->line)
		return xasprintf("%s:%u", f->path, f->line);
	return xstrdup(f->path);
}
