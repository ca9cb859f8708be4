/*
 * url.h: remote targets (git and archive URLs), their canonical form, and
 * credentials kept out of everything dpgaudit stores or prints.
 *
 * The canonical form is the identity of a repository: two spellings of one
 * repository give one string, which is what the audit database stores as
 * the target, what the fetch cache is keyed by and what batch lists are
 * de-duplicated by.  The rules (docs/ARCHITECTURE.md, "Remote targets"):
 *
 *  - scheme and host are lowercased, a trailing dot of the host and the
 *    default port (https 443, http 80, ssh 22, git 9418) are dropped;
 *    "git+https://", "git+ssh://", "ssh+git://" are read as https and ssh;
 *  - credentials are never part of it: http(s) and git URLs lose their
 *    whole user part (a token is often the user name), ssh URLs keep a
 *    user name without password ("git@");
 *  - the path loses dot segments, repeated and trailing slashes, a
 *    trailing ".git" (git's servers and the forges accept both) and, for
 *    git URLs, the query and fragment; file:// paths keep ".git";
 *  - scp-like ssh (user@host:path) becomes ssh://user@host/path, a path
 *    relative to the home directory written "/~/path" as git reads it;
 *  - on the forges github.com, gitlab.com, bitbucket.org and codeberg.org
 *    (and their "www." names), whatever the scheme (https, http, ssh, git),
 *    the form is https://HOST/OWNER/REPO, lowercased (these forges ignore
 *    case); their web pages' decorations are split off: /tree/BRANCH,
 *    /commit/SHA, /releases/tag/TAG (GitHub), /-/tree/REF (GitLab),
 *    /src/REF (Bitbucket), /src/branch/REF (Gitea);
 *  - other hosts keep their scheme: http and https are two targets there,
 *    since nothing says one server answers both;
 *  - archive URLs (a path ending in .tar.gz, .zip..., or a forge's
 *    archive/tarball/zipball link) keep their whole path and query (minus
 *    secret-looking parameters) and never carry a revision.
 */
#ifndef DPG_URL_H
#define DPG_URL_H

#include "dpg/error.h"

/*
 * 1 when target is a remote URL: scheme://... (any scheme: https, http,
 * ssh, git and file are read, others are refused by dpg_url_normalize) or
 * scp-like ssh (user@host:path, unless "user" names an existing local
 * path, for PATH@REV:SUBDIR); 0 for local paths (incl. PATH@REV).
 */
int dpg_url_is_remote(const char *target);

/*
 * 1 when url (remote) names an archive rather than a git repository: its
 * path ends in .tar, .tar.gz, .tgz, .tar.bz2, .tar.xz, .tar.zst, .zip,
 * .7z..., or is a forge's archive link (GitHub's /archive/, /tarball/,
 * /zipball/ and codeload.github.com).
 */
int dpg_url_is_archive(const char *url);

/*
 * Canonical form of a remote target (rules above).  The revision, when the
 * target names one, is split off into *out_rev (or NULL): a forge web
 * page's /tree/BRANCH (and the like) or a trailing "@REV" (the first '@'
 * of the path not starting a segment: https://host/x@v1.0,
 * git@host:x@main).  *out and *out_rev are malloc'd, owned by the caller.
 * Returns DPG_EUSAGE on a malformed URL, an unsupported scheme or a
 * revision given twice, with err naming it (credentials redacted).
 */
int dpg_url_normalize(char **out, char **out_rev, const char *url,
		      struct dpg_error *err);

/*
 * The URL to fetch url from: the target as written, credentials kept, less
 * its revision (@REV, a forge page's /tree/BRANCH...), fragment and (for
 * git) query; "git+" scheme prefixes dropped.  Never store or print it.
 * *out is malloc'd.  Errors as dpg_url_normalize().
 */
int dpg_url_fetch_form(char **out, const char *url, struct dpg_error *err);

/*
 * A copy of text with the credentials of every URL in it replaced by
 * "***": the user part ("user:token@" of https://user:token@host/x becomes
 * "***@"; for ssh only a user:password pair) and the values of
 * secret-looking query parameters (?access_token=...).  Safe to store or print.
 * Returns a malloc'd string (NULL for NULL).
 */
char *dpg_url_redact(const char *text);

/*
 * A copy of url without its credentials at all (https://host/x), for a
 * URL that must stay usable without them.  malloc'd (NULL for NULL).
 */
char *dpg_url_strip_credentials(const char *url);

#endif
