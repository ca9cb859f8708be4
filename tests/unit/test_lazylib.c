/*
 * test_lazylib.c: the libraries loaded at their first use
 * (src/lazylib/lazylib.c) answer as the libraries themselves do.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>

#include "test.h"

TEST(test_lazylib__archive)
{
	struct archive *a = archive_read_new();

	CHECK(a != NULL);
	CHECK_INT(archive_read_support_format_tar(a), ARCHIVE_OK);
	CHECK_INT(archive_read_open_filename(a, "/nonexistent/x.tar", 4096),
		  ARCHIVE_FATAL);
	CHECK(strstr(archive_error_string(a), "nonexistent") != NULL);
	CHECK_INT(archive_read_free(a), ARCHIVE_OK);
}

#if defined(DPG_LINK_STATIC) && defined(DPG_LIBGSSAPI_SO)
#include "../../src/lazylib/gss.h"

#define GSS_ROUTINE(major) ((major)&0x00ff0000u)
#define GSS_S_BAD_NAME	   (2u << 16)
#define GSS_S_BAD_NAMETYPE (3u << 16)
#define GSS_S_NO_CONTEXT   (8u << 16)

/* libgit2's HTTP Negotiate calls, in its order, through the forwarders:
 * the library is loaded at the first, and takes lazylib.c's host-based
 * name type for its own */
TEST(test_lazylib__gssapi)
{
	static const unsigned char krb5[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
					     0x12, 0x01, 0x02, 0x02};
	gss_u32 minor = 0, major, more = 0;
	void *set = NULL, *name = NULL, *ctx = NULL;
	struct gss_oid_set *mechs;
	struct gss_oid_desc mech = {sizeof(krb5), (void *)krb5};
	char service[] = "HTTP@localhost";
	struct gss_buffer in = {sizeof(service) - 1, service}, out = {0, NULL};
	struct gss_buffer msg = {0, NULL};
	size_t i;
	int found = 0;

	/* no Kerberos set-up of the machine's is read */
	setenv("KRB5_CONFIG", "/dev/null", 1);
	setenv("KRB5CCNAME", "FILE:/nonexistent/ccache", 1);
	CHECK_INT(gss_indicate_mechs(&minor, &set), 0);
	mechs = set;
	CHECK(mechs != NULL && mechs->count > 0);
	for (i = 0; i < mechs->count; i++)
		found |= mechs->elements[i].length == sizeof(krb5) &&
			 !memcmp(mechs->elements[i].elements, krb5,
				 sizeof(krb5));
	CHECK(found);
	CHECK_INT(gss_release_oid_set(&minor, &set), 0);
	CHECK(set == NULL);

	CHECK_INT(
		gss_import_name(&minor, &in, GSS_C_NT_HOSTBASED_SERVICE, &name),
		0);
	CHECK(name != NULL);
	/* no credentials: refused, but not for the name or its type */
	major = gss_init_sec_context(&minor, NULL, &ctx, name, &mech, 0, 0,
				     NULL, NULL, NULL, &out, NULL, NULL);
	CHECK(major != 0);
	CHECK(GSS_ROUTINE(major) != GSS_S_BAD_NAME &&
	      GSS_ROUTINE(major) != GSS_S_BAD_NAMETYPE);
	CHECK_INT(gss_display_status(&minor, major, 1, NULL, &more, &msg), 0);
	CHECK(msg.length > 0 && msg.value != NULL);
	CHECK_INT(gss_release_buffer(&minor, &msg), 0);
	CHECK(msg.value == NULL);
	CHECK_INT(GSS_ROUTINE(gss_delete_sec_context(&minor, &ctx, NULL)),
		  ctx ? 0 : GSS_S_NO_CONTEXT);
	CHECK_INT(gss_release_name(&minor, &name), 0);
	CHECK(name == NULL);
}
#define GSSAPI_TESTS , T(test_lazylib__gssapi)
#else
#define GSSAPI_TESTS
#endif

#if defined(DPG_LINK_STATIC) && defined(DPG_LIBSSH2_SO)
#include <stdio.h>

#include <libssh2.h>

/* Whether a library whose file name starts with name is mapped. */
static int mapped(const char *name)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096];
	int found = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		found |= strstr(line, name) != NULL;
	fclose(f);
	return found;
}

/* libgit2's calls through the forwarders: libssh2_exit() before any other
 * loads nothing (libgit2's shutdown calls it in every process); the first
 * other call loads the library, and it answers as itself */
TEST(test_lazylib__libssh2)
{
	LIBSSH2_SESSION *s;
	char *msg = NULL;
	int len = 0;

	CHECK_INT(mapped("/libssh2.so"), 0);
	CHECK_INT(mapped("/libcrypto.so"), 0);
	libssh2_exit();
	CHECK_INT(mapped("/libssh2.so"), 0);
	CHECK_INT(libssh2_init(0), 0);
	CHECK_INT(mapped("/libssh2.so"), 1);
	s = libssh2_session_init_ex(NULL, NULL, NULL, NULL);
	CHECK(s != NULL);
	libssh2_session_set_blocking(s, 1);
	CHECK_INT(libssh2_userauth_authenticated(s), 0);
	/* no connection: the handshake fails on the socket */
	CHECK(libssh2_session_handshake(s, -1) < 0);
	CHECK(libssh2_session_last_error(s, &msg, &len, 0) < 0);
	CHECK(msg != NULL && len > 0);
	CHECK_INT(libssh2_session_free(s), 0);
	libssh2_exit();
}
#define SSH2_TESTS , T(test_lazylib__libssh2)
#else
#define SSH2_TESTS
#endif

TEST_MAIN("test_lazylib", T(test_lazylib__archive) GSSAPI_TESTS SSH2_TESTS)
