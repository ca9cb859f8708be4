/*
 * test_git.c: the git source's walk over hand-made object databases
 * (tests/fuzz/memodb.h: objects stored under ids of our choosing): raw
 * tree parsing, repeated trees walked once, self-referencing trees,
 * damaged objects, limits.
 */
#define _GNU_SOURCE /* RTLD_NEXT, in a shared link */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/memodb.h"
#include "../../src/source/source_int.h"
#include "dpg/source.h"
#include "test.h"

/* A raw tree entry "MODE NAME\0" + memodb_id(target) into b at *n. */
static void ent(char *b, size_t *n, const char *mode, const char *name,
		size_t target)
{
	git_oid id;

	*n += (size_t)snprintf(b + *n, 64, "%s %s", mode, name) + 1;
	memodb_id(&id, target);
	memcpy(b + *n, id.id, 20);
	*n += 20;
}

struct walk {
	char paths[16][64], skips[16][96];
	int n, rc;
};

static int walk(git_repository *repo, size_t root, uint64_t max_entries,
		struct walk *w, struct dpg_error *err)
{
	struct dpg_source_opts so = DPG_SOURCE_OPTS_INIT;
	struct dpg_source *src;
	const struct dpg_file *f;
	git_oid id;
	int rc;

	memset(w, 0, sizeof(*w));
	so.max_entries = max_entries;
	memodb_id(&id, root);
	if ((rc = source_git_open_tree(&src, repo, &id, &so, err)) < 0)
		return rc;
	while ((rc = dpg_source_next(src, &f, err)) > 0 && w->n < 16) {
		snprintf(w->paths[w->n], sizeof(w->paths[0]), "%s", f->path);
		snprintf(w->skips[w->n], sizeof(w->skips[0]), "%s",
			 f->skip ? f->skip : "");
		w->n++;
	}
	dpg_source_free(src);
	w->rc = rc;
	return 0;
}

TEST(test_git__repeated_tree_once)
{
	static char t0[256], t1[256];
	size_t n0 = 0, n1 = 0;
	git_repository *repo;
	struct memodb *m;
	struct walk w;

	source_git_verify = 0;
	memodb_repo(&repo, &m);
	ent(t0, &n0, "40000", "a", 1);
	ent(t0, &n0, "40000", "b", 1);
	ent(t0, &n0, "40000", "self", 0);
	ent(t1, &n1, "100644", "x", 2);
	memodb_add(m, GIT_OBJECT_TREE, t0, n0);
	memodb_add(m, GIT_OBJECT_TREE, t1, n1);
	memodb_add(m, GIT_OBJECT_BLOB, "hi", 2);
	CHECK_INT(walk(repo, 0, 0, &w, NULL), 0);
	CHECK_INT(w.n, 3);
	CHECK_STR(w.paths[0], "a/x");
	CHECK_STR(w.skips[0], "");
	CHECK_STR(w.paths[1], "b");
	CHECK_STR(w.skips[1], "repeated tree, same as a");
	CHECK_STR(w.paths[2], "self");
	CHECK_STR(w.skips[2], "tree loop: contains itself (the root)");
	git_repository_free(repo);
}

TEST(test_git__subtree_loop)
{
	static char t0[256], t1[256];
	size_t n0 = 0, n1 = 0;
	git_repository *repo;
	struct memodb *m;
	struct walk w;

	source_git_verify = 0;
	memodb_repo(&repo, &m);
	ent(t0, &n0, "40000", "d", 1);
	ent(t1, &n1, "40000", "again", 1);
	memodb_add(m, GIT_OBJECT_TREE, t0, n0);
	memodb_add(m, GIT_OBJECT_TREE, t1, n1);
	CHECK_INT(walk(repo, 0, 0, &w, NULL), 0);
	CHECK_INT(w.n, 1);
	CHECK_STR(w.paths[0], "d/again");
	CHECK_STR(w.skips[0], "tree loop: contains itself (d)");
	git_repository_free(repo);
}

/* with ids checked (the default), a tree under a wrong id is damaged */
TEST(test_git__wrong_id_is_damaged)
{
	static char t0[256];
	size_t n0 = 0;
	struct dpg_error err = DPG_ERROR_INIT;
	git_repository *repo;
	struct memodb *m;
	struct walk w;

	source_git_verify = 1;
	memodb_repo(&repo, &m);
	ent(t0, &n0, "40000", "self", 0);
	memodb_add(m, GIT_OBJECT_TREE, t0, n0);
	CHECK_INT(walk(repo, 0, 0, &w, &err), DPG_EPARSE);
	CHECK(strstr(err.msg, "content does not match its id") != NULL);
	git_repository_free(repo);
}

TEST(test_git__damaged_and_odd_entries)
{
	static char t0[512], t1[64];
	size_t n0 = 0;
	git_repository *repo;
	struct memodb *m;
	struct walk w;

	source_git_verify = 0;
	memodb_repo(&repo, &m);
	ent(t0, &n0, "40000", "blob", 1);  /* a blob as a folder */
	ent(t0, &n0, "100644", "..", 1);   /* unsafe */
	ent(t0, &n0, "100644", ".Git", 1); /* unsafe */
	ent(t0, &n0, "100644", "gone", 9); /* missing */
	ent(t0, &n0, "40000", "bad", 2);   /* malformed */
	ent(t0, &n0, "100755", "run", 1);  /* fine */
	memodb_add(m, GIT_OBJECT_TREE, t0, n0);
	memodb_add(m, GIT_OBJECT_BLOB, "x", 1);
	memcpy(t1, "100644 noid\0abc", 15);
	memodb_add(m, GIT_OBJECT_TREE, t1, 15);
	CHECK_INT(walk(repo, 0, 0, &w, NULL), 0);
	CHECK_INT(w.n, 6);
	CHECK_STR(w.skips[0], "not a tree but a blob");
	CHECK_STR(w.skips[1], "unsafe path");
	CHECK_STR(w.skips[2], "unsafe path");
	CHECK_STR(w.skips[3], "missing object");
	CHECK_STR(w.paths[4], "bad");
	CHECK_STR(w.skips[4], "damaged tree: malformed entry");
	CHECK_STR(w.paths[5], "run");
	CHECK_STR(w.skips[5], "");
	git_repository_free(repo);
}

TEST(test_git__entry_limit)
{
	static char t0[256];
	size_t n0 = 0;
	struct dpg_error err = DPG_ERROR_INIT;
	git_repository *repo;
	struct memodb *m;
	struct walk w;

	source_git_verify = 0;
	memodb_repo(&repo, &m);
	ent(t0, &n0, "100644", "a", 1);
	ent(t0, &n0, "100644", "b", 1);
	ent(t0, &n0, "100644", "c", 1);
	memodb_add(m, GIT_OBJECT_TREE, t0, n0);
	memodb_add(m, GIT_OBJECT_BLOB, "x", 1);
	CHECK_INT(walk(repo, 0, 2, &w, &err), 0);
	CHECK_INT(w.n, 2);
	CHECK_INT(w.rc, DPG_ELIMIT);
	CHECK(strstr(err.msg, "entry limit reached: more than 2 entries") !=
	      NULL);
	git_repository_free(repo);
}

TEST(test_git__tree_parse)
{
	struct source_tree_entry e;
	char b[64];
	size_t pos = 0, n = 0;

	ent(b, &n, "100644", "f", 0);
	CHECK_INT(source_tree_next(b, n, &pos, &e), 1);
	CHECK_INT(e.mode, 0100644);
	CHECK_INT(e.name_len, 1);
	CHECK_INT(pos, n);
	CHECK_INT(source_tree_next(b, n, &pos, &e), 0);
	pos = 0;
	CHECK_INT(source_tree_next("1008 f\0", 7, &pos, &e), -1); /* octal */
	pos = 0;
	CHECK_INT(source_tree_next("100644 \0", 8, &pos, &e), -1); /* name */
	pos = 0;
	CHECK_INT(source_tree_next("12345670 f\0", 11, &pos, &e), -1);
	pos = 0;
	CHECK_INT(source_tree_next(b, n - 1, &pos, &e), -1); /* id cut */
	CHECK(source_unsafe_name("..", 2));
	CHECK(source_unsafe_name("a/b", 3));
	CHECK(source_unsafe_name(".GIT", 4));
	CHECK(!source_unsafe_name(".github", 7));
	CHECK(!source_unsafe_name("...", 3));
}

/* src/source/git_tls.c's stand-ins for mbedTLS's, and mbedTLS's own list
 * of ciphersuites (NULL when the Makefile does not wrap it) */
#ifdef DPG_LINK_STATIC
int __wrap_mbedtls_ssl_handshake(void *ssl);
const int *__wrap_mbedtls_ssl_list_ciphersuites(void);
const int *__real_mbedtls_ssl_list_ciphersuites(void) __attribute__((weak));
#define mbedtls_ssl_handshake	      __wrap_mbedtls_ssl_handshake
#define mbedtls_ssl_list_ciphersuites __wrap_mbedtls_ssl_list_ciphersuites
#define real_suites		      __real_mbedtls_ssl_list_ciphersuites
#else
int mbedtls_ssl_handshake(void *ssl);
const int *mbedtls_ssl_list_ciphersuites(void);
static const int *real_suites(void)
{
	void *p = dlsym(RTLD_NEXT, "mbedtls_ssl_list_ciphersuites");
	const int *(*f)(void);

	memcpy(&f, &p, sizeof(f));
	return f ? f() : NULL;
}
#endif

/* libgit2's CA certificates and random generator: put off at its
 * initialisation, set up at the first TLS handshake (when libgit2 uses
 * mbedTLS; else nothing to do).
 * Runs first: the other tests initialise libgit2 without putting off. */
TEST(test_git__tls_certificates_at_handshake)
{
	const int *given;
	size_t n;

	dpg_git_init();
#ifdef DPG_LINK_STATIC /* linked with Debian's libgit2: mbedTLS */
	CHECK_INT(source_git_tls_rng_pending(), 2);
#endif
	if (source_git_tls_state() == 0)
		return; /* libgit2 without mbedTLS, or no certificate store */
	CHECK(source_git_tls_state() == 1);
	CHECK_INT(source_git_tls_rng_pending(), 2);
	/* the ciphersuites given while putting off: empty till then */
	source_git_tls_defer(1);
	given = mbedtls_ssl_list_ciphersuites();
	source_git_tls_defer(0);
	CHECK(given && given[0] == 0);
	/* a handshake without a context fails, after the seed and the
	   parse */
	CHECK(mbedtls_ssl_handshake(NULL) < 0);
	CHECK(source_git_tls_state() == 2);
	CHECK_INT(source_git_tls_rng_pending(), 0);
	/* and after the first handshake, mbedTLS's list, suite for suite
	   (when the stand-in is in use: the Makefile's TLS_WRAP) */
#ifdef DPG_LINK_STATIC
	if (&real_suites != NULL)
#endif
	{
		const int *all = real_suites();

		CHECK(all && all[0] != 0);
		for (n = 0; all[n]; n++)
			CHECK_INT(given[n], all[n]);
		CHECK_INT(given[n], 0);
		CHECK(mbedtls_ssl_list_ciphersuites() == all);
	}
	CHECK(mbedtls_ssl_handshake(NULL) < 0);
	CHECK(source_git_tls_state() == 2);
}

/* the TLS test first: the others initialise libgit2 themselves */
TEST_MAIN("test_git", T(test_git__tls_certificates_at_handshake),
	  T(test_git__repeated_tree_once), T(test_git__subtree_loop),
	  T(test_git__wrong_id_is_damaged),
	  T(test_git__damaged_and_odd_entries), T(test_git__entry_limit),
	  T(test_git__tree_parse))
