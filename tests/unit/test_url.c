#include <stdlib.h>
#include <string.h>

#include "dpg/url.h"
#include "test.h"

/* canonical form and revision of url; "" for no revision */
static int norm_is(const char *url, const char *want, const char *want_rev)
{
	struct dpg_error err = DPG_ERROR_INIT;
	char *out = NULL, *rev = NULL;
	int ok;

	if (dpg_url_normalize(&out, &rev, url, &err) < 0) {
		printf("    %s: %s\n", url, err.msg);
		return 0;
	}
	ok = strcmp(out, want) == 0 &&
	     strcmp(rev ? rev : "", want_rev ? want_rev : "") == 0;
	if (!ok)
		printf("    %s -> '%s' @ '%s'\n", url, out, rev ? rev : "");
	free(out);
	free(rev);
	return ok;
}

static int fetch_is(const char *url, const char *want)
{
	struct dpg_error err = DPG_ERROR_INIT;
	char *out = NULL;
	int ok;

	if (dpg_url_fetch_form(&out, url, &err) < 0) {
		printf("    %s: %s\n", url, err.msg);
		return 0;
	}
	ok = strcmp(out, want) == 0;
	if (!ok)
		printf("    %s -> '%s'\n", url, out);
	free(out);
	return ok;
}

static int redact_is(const char *text, const char *want)
{
	char *r = dpg_url_redact(text);
	int ok = strcmp(r, want) == 0;

	if (!ok)
		printf("    %s -> '%s'\n", text, r);
	free(r);
	return ok;
}

/* normalize fails with DPG_EUSAGE, and the message holds no secret */
static int bad(const char *url, const char *secret)
{
	struct dpg_error err = DPG_ERROR_INIT;
	char *out = NULL, *rev = NULL;
	int rc = dpg_url_normalize(&out, &rev, url, &err);

	if (rc != DPG_EUSAGE || out || rev || !strstr(err.msg, "'")) {
		printf("    %s: rc %d '%s'\n", url, rc, err.msg);
		free(out);
		free(rev);
		return 0;
	}
	if (secret && strstr(err.msg, secret)) {
		printf("    %s: secret in '%s'\n", url, err.msg);
		return 0;
	}
	return 1;
}

TEST(test_url__is_remote)
{
	CHECK(dpg_url_is_remote("https://github.com/o/r"));
	CHECK(dpg_url_is_remote("HTTP://example.org/x.git"));
	CHECK(dpg_url_is_remote("git://127.0.0.1:9418/r"));
	CHECK(dpg_url_is_remote("ssh://git@host/x"));
	CHECK(dpg_url_is_remote("file:///srv/git/x"));
	CHECK(dpg_url_is_remote("git+https://github.com/o/r.git"));
	CHECK(dpg_url_is_remote("ftp://example.org/x")); /* refused later */
	CHECK(dpg_url_is_remote("git@github.com:owner/repo.git"));
	CHECK(dpg_url_is_remote("git@gitserver:repo"));
	CHECK(dpg_url_is_remote("alice@host.example:~/x@v1"));
	CHECK(!dpg_url_is_remote("repo"));
	CHECK(!dpg_url_is_remote("./repo@v1.0"));
	CHECK(!dpg_url_is_remote("/tmp/repo@HEAD~1"));
	CHECK(!dpg_url_is_remote("repo.tar.gz"));
	CHECK(!dpg_url_is_remote("dir:with:colons"));
	CHECK(!dpg_url_is_remote("a/b@host:x")); /* a slash before '@' */
	CHECK(!dpg_url_is_remote("://x"));
	CHECK(!dpg_url_is_remote(""));
	/* PATH@REV:SUBDIR with an existing PATH stays local */
	CHECK(!dpg_url_is_remote("/tmp@v1.0:src"));
}

TEST(test_url__github_spellings)
{
	static const char *const same[] = {
		"https://github.com/Owner/Repo",
		"https://github.com/owner/repo.git",
		"https://github.com/owner/repo/",
		"https://github.com/owner/repo.git/",
		"HTTPS://GitHub.com/OWNER/REPO",
		"https://www.github.com/owner/repo",
		"http://github.com/owner/repo",
		"https://github.com:443/owner/repo",
		"https://github.com//owner//repo",
		"https://github.com/owner/repo#readme",
		"https://github.com/owner/repo?tab=readme-ov-file",
		"https://github.com/owner/repo/issues/12",
		"https://user:ghp_secret@github.com/owner/repo.git",
		"https://ghp_secret@github.com/owner/repo",
		"git@github.com:owner/repo.git",
		"git@github.com:Owner/Repo",
		"ssh://git@github.com/owner/repo.git",
		"ssh://git@github.com:22/owner/repo",
		"git+ssh://git@github.com/owner/repo.git",
		"git+https://github.com/owner/repo.git",
		"git://github.com/owner/repo.git",
		"https://github.com.:443/owner/repo",
		" https://github.com/owner/repo",
	};
	size_t i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		const char *u = same[i];

		if (u[0] == ' ') /* spaces are malformed, not trimmed */
			continue;
		CHECK(norm_is(u, "https://github.com/owner/repo", NULL));
	}
	CHECK(bad(same[i - 1], NULL));
}

TEST(test_url__forge_revisions)
{
	CHECK(norm_is("https://github.com/o/r/tree/main",
		      "https://github.com/o/r", "main"));
	CHECK(norm_is("https://github.com/o/r/tree/feature/x-y",
		      "https://github.com/o/r", "feature/x-y"));
	CHECK(norm_is("https://github.com/o/r/tree/v1.0/",
		      "https://github.com/o/r", "v1.0"));
	CHECK(norm_is("https://github.com/o/r/commit/0123abc",
		      "https://github.com/o/r", "0123abc"));
	CHECK(norm_is("https://github.com/o/r/releases/tag/v2.1",
		      "https://github.com/o/r", "v2.1"));
	CHECK(norm_is("https://github.com/o/r@v1.0", "https://github.com/o/r",
		      "v1.0"));
	CHECK(norm_is("https://github.com/o/r.git@main",
		      "https://github.com/o/r", "main"));
	CHECK(norm_is("git@github.com:o/r.git@feature/x",
		      "https://github.com/o/r", "feature/x"));
	/* the branch name keeps its case */
	CHECK(norm_is("https://github.com/O/R/tree/MixedCase",
		      "https://github.com/o/r", "MixedCase"));
	CHECK(bad("https://github.com/o/r/tree/main@v1", NULL));
	CHECK(bad("https://github.com/owner", NULL));
	CHECK(bad("https://github.com/", NULL));
	CHECK(bad("https://github.com/o/r@", NULL));

	/* GitLab: groups nest; the page decoration starts at "/-/" */
	CHECK(norm_is("https://gitlab.com/Group/Sub/Proj.git",
		      "https://gitlab.com/group/sub/proj", NULL));
	CHECK(norm_is("https://gitlab.com/group/sub/proj/-/tree/dev",
		      "https://gitlab.com/group/sub/proj", "dev"));
	CHECK(norm_is("https://gitlab.com/g/p/-/commit/abc123",
		      "https://gitlab.com/g/p", "abc123"));
	CHECK(norm_is("https://gitlab.com/g/p/-/issues",
		      "https://gitlab.com/g/p", NULL));
	CHECK(norm_is("git@gitlab.com:g/sub/p.git",
		      "https://gitlab.com/g/sub/p", NULL));
	CHECK(bad("https://gitlab.com/g/-/tree/x", NULL));

	CHECK(norm_is("https://bitbucket.org/Team/Repo/src/main/",
		      "https://bitbucket.org/team/repo", "main"));
	CHECK(norm_is("https://jdoe@bitbucket.org/team/repo.git",
		      "https://bitbucket.org/team/repo", NULL));
	CHECK(norm_is("https://codeberg.org/O/R/src/branch/main",
		      "https://codeberg.org/o/r", "main"));
	CHECK(norm_is("https://codeberg.org/o/r/src/tag/v1",
		      "https://codeberg.org/o/r", "v1"));
}

TEST(test_url__other_hosts)
{
	/* case of paths kept, scheme kept, .git and slashes dropped */
	CHECK(norm_is("HTTPS://Git.Example.ORG/Team/Repo.git/",
		      "https://git.example.org/Team/Repo", NULL));
	CHECK(norm_is("http://git.example.org/x", "http://git.example.org/x",
		      NULL));
	CHECK(norm_is("http://git.example.org:80/x", "http://git.example.org/x",
		      NULL));
	CHECK(norm_is("https://git.example.org:8443/x",
		      "https://git.example.org:8443/x", NULL));
	CHECK(norm_is("https://www.example.org/x", "https://www.example.org/x",
		      NULL));
	CHECK(norm_is("http://127.0.0.1:8080/git/r.git",
		      "http://127.0.0.1:8080/git/r", NULL));
	CHECK(norm_is("http://[::1]:8080/r", "http://[::1]:8080/r", NULL));
	CHECK(norm_is("https://h.example/a/./b/../c//d/",
		      "https://h.example/a/c/d", NULL));
	CHECK(norm_is("https://h.example/a%2dz/%7euser/%2f",
		      "https://h.example/a-z/~user/%2F", NULL));
	CHECK(norm_is("https://h.example/x/.git", "https://h.example/x", NULL));
	CHECK(norm_is("https://user:pw@h.example/x.git?y=1#z",
		      "https://h.example/x", NULL));
	CHECK(norm_is("https://h.example/x@v2", "https://h.example/x", "v2"));
	CHECK(norm_is("https://h.example/@scope/pkg",
		      "https://h.example/@scope/pkg", NULL));
	CHECK(norm_is("git://h.example:9418/x.git", "git://h.example/x", NULL));
	CHECK(norm_is("git://h.example:9419/x", "git://h.example:9419/x",
		      NULL));
	/* ssh keeps a user name, never a password */
	CHECK(norm_is("ssh://git@h.example:22/srv/x.git",
		      "ssh://git@h.example/srv/x", NULL));
	CHECK(norm_is("ssh://alice:pw@h.example:2222/x",
		      "ssh://h.example:2222/x", NULL));
	CHECK(norm_is("git@h.example:team/x.git",
		      "ssh://git@h.example/~/team/x", NULL));
	CHECK(norm_is("git@h.example:~/team/x", "ssh://git@h.example/~/team/x",
		      NULL));
	CHECK(norm_is("git@h.example:/srv/git/x.git",
		      "ssh://git@h.example/srv/git/x", NULL));
	CHECK(norm_is("git@gitserver:x@v1", "ssh://git@gitserver/~/x", "v1"));
	/* file URLs: exact paths (".git" kept) */
	CHECK(norm_is("file:///srv/git/x.git/", "file:///srv/git/x.git", NULL));
	CHECK(norm_is("FILE://localhost/srv//x", "file:///srv/x", NULL));
	CHECK(norm_is("file:///srv/x@v1.0", "file:///srv/x", "v1.0"));
	CHECK(norm_is("file:///", "file:///", NULL));

	CHECK(bad("ftp://h.example/x", NULL));
	CHECK(bad("https://h.example:99999/x", NULL));
	CHECK(bad("https://h.example:8x/x", NULL));
	CHECK(bad("https:///x", NULL));
	CHECK(bad("https://user:s3cr3t@h.exa mple/x", "s3cr3t"));
	CHECK(bad("https://user:s3cr3t@h_x!/x", "s3cr3t"));
	CHECK(bad("file://host/x", NULL));
	CHECK(bad("https://[::1/x", NULL));
	CHECK(bad("https://h.example/x\x1b[31m", NULL));
	CHECK(bad("repo", NULL));
}

TEST(test_url__archives)
{
	CHECK(dpg_url_is_archive("https://h.example/r/x-1.0.tar.gz"));
	CHECK(dpg_url_is_archive("https://h.example/r/x-1.0.TGZ?dl=1"));
	CHECK(dpg_url_is_archive("https://h.example/r/x.zip#frag"));
	CHECK(dpg_url_is_archive(
		"https://github.com/o/r/archive/refs/heads/main.tar.gz"));
	CHECK(dpg_url_is_archive("https://github.com/o/r/tarball/main"));
	CHECK(dpg_url_is_archive(
		"https://codeload.github.com/o/r/tar.gz/refs/heads/main"));
	CHECK(dpg_url_is_archive(
		"https://gitlab.com/g/p/-/archive/main/p-main.tar.gz"));
	CHECK(!dpg_url_is_archive("https://github.com/o/r"));
	CHECK(!dpg_url_is_archive("https://h.example/x.git"));
	CHECK(!dpg_url_is_archive("x.tar.gz"));
	/* the whole path stays; forge OWNER/REPO lowercased; no revision */
	CHECK(norm_is("https://GitHub.com/O/R/archive/refs/tags/V1.tar.gz",
		      "https://github.com/o/r/archive/refs/tags/V1.tar.gz",
		      NULL));
	CHECK(norm_is("https://h.example/dl/pkg@1.0.tgz",
		      "https://h.example/dl/pkg@1.0.tgz", NULL));
	CHECK(norm_is("https://u:p@h.example/x.zip?token=abc&v=2",
		      "https://h.example/x.zip?v=2", NULL));
	CHECK(norm_is("https://h.example/x.zip?private_token=abc",
		      "https://h.example/x.zip", NULL));
}

TEST(test_url__fetch_form)
{
	CHECK(fetch_is("https://u:tok@github.com/O/R/tree/main",
		       "https://u:tok@github.com/O/R"));
	CHECK(fetch_is("git+https://github.com/o/r.git#x",
		       "https://github.com/o/r.git"));
	CHECK(fetch_is("git@github.com:o/r.git@v1", "git@github.com:o/r.git"));
	CHECK(fetch_is("http://127.0.0.1:8080/git/r.git@main",
		       "http://127.0.0.1:8080/git/r.git"));
	CHECK(fetch_is("https://h.example/x.tar.gz?token=abc",
		       "https://h.example/x.tar.gz?token=abc"));
	CHECK(fetch_is("file:///srv/x@v1", "file:///srv/x"));
	CHECK(fetch_is("HTTP://H.example//a/./b//c.git/",
		       "http://h.example/a/b/c.git"));
	CHECK(fetch_is("https://h.example", "https://h.example/"));
	CHECK(fetch_is("https://gitlab.com/g/s/p/-/tree/dev",
		       "https://gitlab.com/g/s/p"));
}

TEST(test_url__redact)
{
	CHECK(redact_is("https://user:token@host/x", "https://***@host/x"));
	CHECK(redact_is("see https://ghp_abc@github.com/o/r and more",
			"see https://***@github.com/o/r and more"));
	CHECK(redact_is("\"url\": \"git+https://u:p@h.example/x.git\"",
			"\"url\": \"git+https://***@h.example/x.git\""));
	CHECK(redact_is("a https://u:p@x b http://v:q@y/z c",
			"a https://***@x b http://***@y/z c"));
	CHECK(redact_is("https://u:p@ss@host/x", "https://***@host/x"));
	CHECK(redact_is("https:\\/\\/u:p@host\\/x",
			"https:\\/\\/***@host\\/x"));
	/* ssh user names are no secret; passwords are */
	CHECK(redact_is("git+ssh://git@github.com/o/r.git",
			"git+ssh://git@github.com/o/r.git"));
	CHECK(redact_is("ssh://bob:pw@host/x", "ssh://***@host/x"));
	/* secret query parameters */
	CHECK(redact_is("https://h/x.zip?token=abc&v=1",
			"https://h/x.zip?token=***&v=1"));
	CHECK(redact_is("https://h/a?v=1&amp;access_token=abc#f",
			"https://h/a?v=1&amp;access_token=***#f"));
	CHECK(redact_is("https://h/a?X-Amz-Signature=ff&x=1 next",
			"https://h/a?X-Amz-Signature=***&x=1 next"));
	/* nothing to hide: unchanged */
	CHECK(redact_is("mail me@example.org, see https://h/x?v=1",
			"mail me@example.org, see https://h/x?v=1"));
	CHECK(redact_is("", ""));
	CHECK(redact_is("no url: here", "no url: here"));
	CHECK(redact_is("http://", "http://"));
	CHECK(redact_is("x://@", "x://***@"));
	CHECK(dpg_url_redact(NULL) == NULL);
	{
		char *s = dpg_url_strip_credentials(
			"https://u:p@h/x.git?token=1&v=2");

		CHECK_STR(s, "https://h/x.git?v=2");
		free(s);
	}
}

TEST_MAIN("test_url", T(test_url__is_remote), T(test_url__github_spellings),
	  T(test_url__forge_revisions), T(test_url__other_hosts),
	  T(test_url__archives), T(test_url__fetch_form), T(test_url__redact))
