/*
 * git_tls.c: libgit2's CA certificates parsed at the first TLS handshake,
 * not at git_libgit2_init().
 *
 * libgit2 built with mbedTLS (Debian's) parses every certificate of the
 * system's store when it is initialised: about 7 ms, a fifth of the
 * start-up of a scan, for local targets that never open a connection.
 * This executable defines two of mbedTLS's functions, which libgit2 calls
 * instead of the library's (in a static link through the linker's --wrap,
 * the Makefile's TLS_WRAP, the library's own being __real_NAME; in a
 * shared one by symbol interposition, the library's own found by dlsym):
 * mbedtls_x509_crt_parse_file(), called by libgit2's initialisation while
 * source_git_tls_defer(1) is in force, only notes the chain and the file
 * (libgit2 installs the empty chain as its trusted one); the first
 * mbedtls_ssl_handshake() parses the file into that chain, as the
 * initialisation would have, before the handshake verifies anything.  Any
 * other call (an explicit GIT_OPT_SET_SSL_CERT_LOCATIONS, which replaces
 * and frees the default chain) cancels what is put off.  When libgit2 uses
 * another TLS library these functions are never called.
 *
 * Its random generator likewise: mbedtls_entropy_init() (mbedTLS's HAVEGE
 * source fills its tables: 1.1 M instructions) and mbedtls_ctr_drbg_seed()
 * are put off to the first handshake, which seeds the generator as the
 * initialisation would have before anything draws from it; a seed that
 * fails then fails the handshake.  mbedtls_entropy_free() of a pool never
 * set up frees nothing.
 *
 * mbedtls_ssl_list_ciphersuites() likewise: mbedtls_ssl_config_defaults(),
 * for libgit2's one TLS configuration, takes the list of the ciphersuites
 * this mbedTLS supports, which its first call builds (every suite looked
 * up by its id: 0.12 M instructions, a thirtieth of a one-file scan).
 * While deferring, the list given is this file's, empty; the first
 * handshake fills it with mbedTLS's, as the initialisation would have
 * (libgit2 1.5 sets a list of its own on that configuration anyway).
 *
 * libssh2_init() likewise: libgit2's initialisation calls it, and it
 * initialises OpenSSL (1 M instructions, and 0.2 M more at exit) for
 * ssh:// URLs that a local scan never opens.  While deferring it does
 * nothing; libssh2 initialises itself before its first session
 * (_libssh2_init_if_needed), and libssh2_exit() does nothing when it never
 * ran.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "source_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

typedef int parse_fn(void *chain, const char *path);
typedef int handshake_fn(void *ssl);
typedef int ssh_init_fn(int flags);
typedef void entropy_fn(void *ctx);
typedef int source_fn(void *data, unsigned char *out, size_t len);
typedef int seed_fn(void *ctx, source_fn *f, void *data,
		    const unsigned char *custom, size_t len);
typedef const int *suites_fn(void);

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int deferring;
static void *chain; /* the default chain, still empty; or NULL */
static char *path;
static int state;  /* source_git_tls_state() */
static void *pool; /* an entropy pool not yet set up; or NULL */
/* the ciphersuites given while deferring (0-terminated; filled at the
 * first handshake when owed), far more than mbedTLS has */
static int suites[1024];
static int suites_owed;
static struct { /* a generator not yet seeded: ctx NULL if none */
	void *ctx, *data;
	source_fn *f;
} drbg;

#ifdef DPG_LINK_STATIC
/* NAME(x) is this file's stand-in for x, real_x() the library's x */
#define NAME(name) __wrap_##name
#define REAL(type, name)                                                       \
	type __real_##name;                                                    \
	static type *real_##name(void)                                         \
	{                                                                      \
		return __real_##name;                                          \
	}
#else
#define NAME(name) name
/* the next object's: dlsym's object pointer copied into a function
 * pointer, as POSIX allows and ISO C does not say; or NULL */
#define REAL(type, name)                                                       \
	static type *real_##name(void)                                         \
	{                                                                      \
		void *p = dlsym(RTLD_NEXT, #name);                             \
		type *f;                                                       \
                                                                               \
		memcpy(&f, &p, sizeof(f));                                     \
		return f;                                                      \
	}
#endif
REAL(ssh_init_fn, libssh2_init)
REAL(parse_fn, mbedtls_x509_crt_parse_file)
REAL(handshake_fn, mbedtls_ssl_handshake)
REAL(entropy_fn, mbedtls_entropy_init)
REAL(entropy_fn, mbedtls_entropy_free)
REAL(seed_fn, mbedtls_ctr_drbg_seed)
REAL(suites_fn, mbedtls_ssl_list_ciphersuites)

ssh_init_fn NAME(libssh2_init);
parse_fn NAME(mbedtls_x509_crt_parse_file);
handshake_fn NAME(mbedtls_ssl_handshake);
entropy_fn NAME(mbedtls_entropy_init);
entropy_fn NAME(mbedtls_entropy_free);
seed_fn NAME(mbedtls_ctr_drbg_seed);
suites_fn NAME(mbedtls_ssl_list_ciphersuites);

int NAME(libssh2_init)(int flags)
{
	ssh_init_fn *f = real_libssh2_init();
	int later;

	pthread_mutex_lock(&mu);
	later = deferring;
	pthread_mutex_unlock(&mu);
	if (later)
		return 0;
	return f ? f(flags) : -1;
}

int NAME(mbedtls_x509_crt_parse_file)(void *crt, const char *file)
{
	parse_fn *parse = real_mbedtls_x509_crt_parse_file();

	pthread_mutex_lock(&mu);
	if (deferring && crt && file) {
		chain = crt;
		free(path);
		path = xstrdup(file);
		state = 1;
		pthread_mutex_unlock(&mu);
		return 0;
	}
	chain = NULL; /* this chain replaces the default one */
	pthread_mutex_unlock(&mu);
	return parse ? parse(crt, file) : -1;
}

void NAME(mbedtls_entropy_init)(void *ctx)
{
	entropy_fn *init = real_mbedtls_entropy_init();

	pthread_mutex_lock(&mu);
	if (deferring && ctx && !pool) {
		pool = ctx;
		pthread_mutex_unlock(&mu);
		return;
	}
	pthread_mutex_unlock(&mu);
	if (init)
		init(ctx);
}

void NAME(mbedtls_entropy_free)(void *ctx)
{
	entropy_fn *done = real_mbedtls_entropy_free();

	pthread_mutex_lock(&mu);
	if (ctx && ctx == pool) { /* never set up */
		pool = NULL;
		pthread_mutex_unlock(&mu);
		return;
	}
	pthread_mutex_unlock(&mu);
	if (done)
		done(ctx);
}

int NAME(mbedtls_ctr_drbg_seed)(void *ctx, source_fn *f, void *data,
				const unsigned char *custom, size_t len)
{
	seed_fn *seed = real_mbedtls_ctr_drbg_seed();

	pthread_mutex_lock(&mu);
	if (deferring && ctx && !drbg.ctx && !custom && !len) {
		drbg.ctx = ctx;
		drbg.f = f;
		drbg.data = data;
		pthread_mutex_unlock(&mu);
		return 0;
	}
	pthread_mutex_unlock(&mu);
	return seed ? seed(ctx, f, data, custom, len) : -1;
}

const int *NAME(mbedtls_ssl_list_ciphersuites)(void)
{
	suites_fn *list = real_mbedtls_ssl_list_ciphersuites();

	pthread_mutex_lock(&mu);
	if (deferring || !list) {
		suites_owed = list != NULL;
		pthread_mutex_unlock(&mu);
		return suites;
	}
	pthread_mutex_unlock(&mu);
	return list();
}

/* Fill the ciphersuites given while deferring with mbedTLS's (mu held). */
static void fill_suites(void)
{
	suites_fn *list = real_mbedtls_ssl_list_ciphersuites();
	const int *all = suites_owed && list ? list() : NULL;
	size_t n = 0;

	while (all && all[n] && n < DPG_ARRAY_SIZE(suites) - 1) {
		suites[n] = all[n];
		n++;
	}
	suites[n] = 0;
	suites_owed = 0;
}

/* Set up what the initialisation put off (mu held): the entropy pool,
 * then the generator's seed; not 0 when the seed fails. */
static int seed_now(void)
{
	entropy_fn *init = real_mbedtls_entropy_init();
	seed_fn *seed = real_mbedtls_ctr_drbg_seed();
	int rc = 0;

	if (pool && init)
		init(pool);
	pool = NULL;
	if (drbg.ctx)
		rc = seed ? seed(drbg.ctx, drbg.f, drbg.data, NULL, 0) : -1;
	if (rc == 0) /* else every handshake tries again, and fails */
		memset(&drbg, 0, sizeof(drbg));
	return rc;
}

int NAME(mbedtls_ssl_handshake)(void *ssl)
{
	handshake_fn *shake = real_mbedtls_ssl_handshake();
	int rc;

	pthread_mutex_lock(&mu);
	if (suites_owed)
		fill_suites();
	if ((rc = seed_now()) != 0) {
		pthread_mutex_unlock(&mu);
		return rc < 0 ? rc : -1;
	}
	if (chain) {
		parse_fn *parse = real_mbedtls_x509_crt_parse_file();

		rc = parse ? parse(chain, path) : -1;
		chain = NULL;
		state = rc >= 0 ? 2 : 3;
	}
	pthread_mutex_unlock(&mu);
	return shake ? shake(ssl) : -1;
}

void source_git_tls_defer(int on)
{
	pthread_mutex_lock(&mu);
	deferring = on;
	pthread_mutex_unlock(&mu);
}

int source_git_tls_state(void)
{
	int s;

	pthread_mutex_lock(&mu);
	s = state;
	pthread_mutex_unlock(&mu);
	return s;
}

int source_git_tls_rng_pending(void)
{
	int n;

	pthread_mutex_lock(&mu);
	n = (pool != NULL) + (drbg.ctx != NULL);
	pthread_mutex_unlock(&mu);
	return n;
}
