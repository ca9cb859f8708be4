/*
 * git_tls.c: libgit2's CA certificates parsed at the first TLS handshake,
 * not at git_libgit2_init().
 *
 * libgit2 built with mbedTLS (Debian's) parses every certificate of the
 * system's store when it is initialised: about 7 ms, a fifth of the
 * start-up of a scan, for local targets that never open a connection.
 * This executable defines two of mbedTLS's functions, which come before
 * the library's for libgit2 (symbol interposition):
 * mbedtls_x509_crt_parse_file(), called by libgit2's initialisation while
 * source_git_tls_defer(1) is in force, only notes the chain and the file
 * (libgit2 installs the empty chain as its trusted one); the first
 * mbedtls_ssl_handshake() parses the file into that chain, as the
 * initialisation would have, before the handshake verifies anything.  Any
 * other call (an explicit GIT_OPT_SET_SSL_CERT_LOCATIONS, which replaces
 * and frees the default chain) cancels what is put off.  When libgit2 uses
 * another TLS library these functions are never called.
 *
 * libssh2_init() likewise: libgit2's initialisation calls it, and it
 * initialises OpenSSL (1 M instructions, and 0.2 M more at exit) for
 * ssh:// URLs that a local scan never opens.  While deferring it does
 * nothing; libssh2 calls it itself, through its PLT and so here, before
 * its first session (_libssh2_init_if_needed), and libssh2_exit() does
 * nothing when it never ran.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "source_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

typedef int (*parse_fn)(void *chain, const char *path);
typedef int (*handshake_fn)(void *ssl);

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int deferring;
static void *chain; /* the default chain, still empty; or NULL */
static char *path;
static int state; /* source_git_tls_state() */

/* mbedTLS's own functions, or NULL (dlsym's object pointer copied into
 * a function pointer, as POSIX allows and ISO C does not say) */
static parse_fn real_parse(void)
{
	void *p = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
	parse_fn f;

	memcpy(&f, &p, sizeof(f));
	return f;
}

static handshake_fn real_handshake(void)
{
	void *p = dlsym(RTLD_NEXT, "mbedtls_ssl_handshake");
	handshake_fn f;

	memcpy(&f, &p, sizeof(f));
	return f;
}

typedef int (*ssh_init_fn)(int flags);

int libssh2_init(int flags);

int libssh2_init(int flags)
{
	void *p;
	ssh_init_fn f;
	int later;

	pthread_mutex_lock(&mu);
	later = deferring;
	pthread_mutex_unlock(&mu);
	if (later)
		return 0;
	p = dlsym(RTLD_NEXT, "libssh2_init");
	memcpy(&f, &p, sizeof(f));
	return f ? f(flags) : -1;
}

int mbedtls_x509_crt_parse_file(void *crt, const char *file);
int mbedtls_ssl_handshake(void *ssl);

int mbedtls_x509_crt_parse_file(void *crt, const char *file)
{
	parse_fn parse = real_parse();

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

int mbedtls_ssl_handshake(void *ssl)
{
	handshake_fn shake = real_handshake();

	pthread_mutex_lock(&mu);
	if (chain) {
		parse_fn parse = real_parse();
		int rc = parse ? parse(chain, path) : -1;

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
