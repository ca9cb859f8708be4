/*
 * lazylib.c: libarchive, libcurl and (LINK=static) GSSAPI and libssh2,
 * loaded at their first use.
 *
 * Linked as usual, they and the libraries they need (about 40: TLS,
 * Kerberos, LDAP, libxml2, ICU, libstdc++...) are loaded and relocated at
 * every start of dpgaudit, about 5 ms of CPU, a fifth of a small scan,
 * though only archive targets use libarchive and only URL fetches use
 * libcurl.  The functions dpgaudit calls are defined here instead: the
 * first call of any of them dlopen()s the library (by the soname the build
 * linked against: DPG_LIBARCHIVE_SO, DPG_LIBCURL_SO from the Makefile) and
 * each forwards to the library's own.  A library that cannot be loaded is
 * as fatal as it would have been at start-up (exit 127, named).
 */
#define CURL_DISABLE_TYPECHECK 1
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>

#include "dpg/banned.h"

_Static_assert(sizeof(DPG_LIBARCHIVE_SO) > 1 && sizeof(DPG_LIBCURL_SO) > 1,
	       "the Makefile found no soname (objdump -p)");

struct lazylib {
	const char *soname;
	void *_Atomic handle;
};

static struct lazylib libarchive = {DPG_LIBARCHIVE_SO, NULL};
static struct lazylib libcurl = {DPG_LIBCURL_SO, NULL};
static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;

static void *lazy_sym(struct lazylib *lib, const char *name)
{
	void *h = atomic_load_explicit(&lib->handle, memory_order_acquire);
	void *sym;

	if (!h) {
		pthread_mutex_lock(&lazy_lock);
		h = atomic_load_explicit(&lib->handle, memory_order_relaxed);
		if (!h) {
			h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
			if (!h) {
				fprintf(stderr, "dpgaudit: cannot load %s\n",
					dlerror());
				_exit(127);
			}
			atomic_store_explicit(&lib->handle, h,
					      memory_order_release);
		}
		pthread_mutex_unlock(&lazy_lock);
	}
	sym = dlsym(h, name);
	if (!sym) {
		fprintf(stderr, "dpgaudit: %s has no %s\n", lib->soname, name);
		_exit(127);
	}
	return sym;
}

/* The library's function name, looked up once. */
#define LAZY_SYM(lib, name)                                                    \
	static void *_Atomic fn_;                                              \
	void *f = atomic_load_explicit(&fn_, memory_order_acquire);            \
                                                                               \
	if (!f) {                                                              \
		f = lazy_sym(&lib, #name);                                     \
		atomic_store_explicit(&fn_, f, memory_order_release);          \
	}

/* Define name (returning ret, taking params) to call the library's. */
#define LAZY(lib, ret, name, params, args)                                     \
	ret name params                                                        \
	{                                                                      \
		LAZY_SYM(lib, name)                                            \
		ret(*call) params;                                             \
                                                                               \
		memcpy(&call, &f, sizeof(call)); /* POSIX: dlsym */            \
		return call args;                                              \
	}

#define LAZY_VOID(lib, name, params, args)                                     \
	void name params                                                       \
	{                                                                      \
		LAZY_SYM(lib, name)                                            \
		void(*call) params;                                            \
                                                                               \
		memcpy(&call, &f, sizeof(call));                               \
		call args;                                                     \
	}

#define A struct archive *a
#define E struct archive_entry *e

LAZY(libarchive, struct archive *, archive_read_new, (void), ())
LAZY(libarchive, int, archive_read_free, (A), (a))
LAZY(libarchive, int, archive_read_support_filter_all, (A), (a))
LAZY(libarchive, int, archive_read_support_format_7zip, (A), (a))
LAZY(libarchive, int, archive_read_support_format_ar, (A), (a))
LAZY(libarchive, int, archive_read_support_format_cpio, (A), (a))
LAZY(libarchive, int, archive_read_support_format_gnutar, (A), (a))
LAZY(libarchive, int, archive_read_support_format_iso9660, (A), (a))
LAZY(libarchive, int, archive_read_support_format_rar, (A), (a))
LAZY(libarchive, int, archive_read_support_format_rar5, (A), (a))
LAZY(libarchive, int, archive_read_support_format_tar, (A), (a))
LAZY(libarchive, int, archive_read_support_format_zip, (A), (a))
LAZY(libarchive, int, archive_read_open_filename,
     (A, const char *name, size_t block), (a, name, block))
LAZY(libarchive, int, archive_read_next_header, (A, struct archive_entry **e),
     (a, e))
LAZY(libarchive, la_ssize_t, archive_read_data, (A, void *buf, size_t n),
     (a, buf, n))
LAZY(libarchive, int, archive_read_data_skip, (A), (a))
LAZY(libarchive, const char *, archive_error_string, (A), (a))
LAZY(libarchive, int, archive_filter_code, (A, int i), (a, i))
LAZY(libarchive, int, archive_filter_count, (A), (a))
LAZY(libarchive, int, archive_format, (A), (a))
LAZY(libarchive, const char *, archive_format_name, (A), (a))
LAZY(libarchive, __LA_MODE_T, archive_entry_filetype, (E), (e))
LAZY(libarchive, __LA_MODE_T, archive_entry_perm, (E), (e))
LAZY(libarchive, const char *, archive_entry_hardlink, (E), (e))
LAZY(libarchive, const char *, archive_entry_pathname, (E), (e))
LAZY(libarchive, la_int64_t, archive_entry_size, (E), (e))
LAZY(libarchive, int, archive_entry_size_is_set, (E), (e))

LAZY(libcurl, CURLcode, curl_global_init, (long flags), (flags))
LAZY_VOID(libcurl, curl_global_cleanup, (void), ())
LAZY(libcurl, CURL *, curl_easy_init, (void), ())
LAZY(libcurl, CURLcode, curl_easy_perform, (CURL * c), (c))
LAZY_VOID(libcurl, curl_easy_cleanup, (CURL * c), (c))
LAZY(libcurl, const char *, curl_easy_strerror, (CURLcode rc), (rc))

/* The variadic two: one argument each, of the type the option says. */
typedef CURLcode (*curl_var_fn)(CURL *, int, ...);

CURLcode curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
	LAZY_SYM(libcurl, curl_easy_getinfo)
	curl_var_fn call;
	va_list ap;
	void *p;

	memcpy(&call, &f, sizeof(call));
	va_start(ap, info);
	p = va_arg(ap, void *);
	va_end(ap);
	return call(c, (int)info, p);
}

CURLcode curl_easy_setopt(CURL *c, CURLoption o, ...)
{
	LAZY_SYM(libcurl, curl_easy_setopt)
	curl_var_fn call;
	CURLcode rc;
	va_list ap;

	memcpy(&call, &f, sizeof(call));
	va_start(ap, o);
	if (o < CURLOPTTYPE_OBJECTPOINT)
		rc = call(c, (int)o, va_arg(ap, long));
	else if (o < CURLOPTTYPE_FUNCTIONPOINT)
		rc = call(c, (int)o, va_arg(ap, void *));
	else if (o < CURLOPTTYPE_OFF_T)
		rc = call(c, (int)o, va_arg(ap, void (*)(void)));
	else if (o < CURLOPTTYPE_BLOB)
		rc = call(c, (int)o, va_arg(ap, curl_off_t));
	else
		rc = call(c, (int)o, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

#ifdef DPG_LIBGSSAPI_SO
/*
 * GSSAPI (Kerberos), which libgit2 uses for HTTP "Negotiate"
 * authentication only: with libgit2 linked statically (the Makefile's
 * LINK=static) its calls come here, and the library (7 with what it needs)
 * is loaded at the first.
 */
#include "gss.h"

static struct lazylib libgssapi = {DPG_LIBGSSAPI_SO, NULL};

/* The name type of "service@host" names, RFC 2744's
 * GSS_C_NT_HOSTBASED_SERVICE (1.2.840.113554.1.2.1.4): read by libgit2
 * before the library may be loaded, so defined here; the library
 * compares name types by value. */
static unsigned char hostbased_der[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
					0x12, 0x01, 0x02, 0x01, 0x04};
static struct gss_oid_desc hostbased = {sizeof(hostbased_der), hostbased_der};
struct gss_oid_desc *GSS_C_NT_HOSTBASED_SERVICE = &hostbased;

#define M gss_u32 *minor
LAZY(libgssapi, gss_u32, gss_delete_sec_context, (M, void **ctx, void *out),
     (minor, ctx, out))
LAZY(libgssapi, gss_u32, gss_display_status,
     (M, gss_u32 status, int type, void *mech, gss_u32 *more, void *out),
     (minor, status, type, mech, more, out))
LAZY(libgssapi, gss_u32, gss_import_name,
     (M, void *in, void *type, void **name), (minor, in, type, name))
LAZY(libgssapi, gss_u32, gss_indicate_mechs, (M, void **set), (minor, set))
LAZY(libgssapi, gss_u32, gss_init_sec_context,
     (M, void *cred, void **ctx, void *name, void *mech, gss_u32 flags,
      gss_u32 time, void *bindings, void *in, void **mech_out, void *out,
      gss_u32 *flags_out, gss_u32 *time_out),
     (minor, cred, ctx, name, mech, flags, time, bindings, in, mech_out, out,
      flags_out, time_out))
LAZY(libgssapi, gss_u32, gss_release_buffer, (M, void *buf), (minor, buf))
LAZY(libgssapi, gss_u32, gss_release_name, (M, void **name), (minor, name))
LAZY(libgssapi, gss_u32, gss_release_oid_set, (M, void **set), (minor, set))
#undef M
#endif

#ifdef DPG_LIBSSH2_SO
/*
 * libssh2, which libgit2 uses for ssh:// URLs only: with libgit2 linked
 * statically (LINK=static) its calls come here, and the library is loaded
 * at the first.  Linked into the executable, libssh2 brought OpenSSL's
 * libcrypto with it: 86 of the 238 pages the loader relocated at every
 * start (copied on write: a page fault each, 1-2.5 us here), 16,918 of
 * the 46,712 relocations, and four cpuid at start (its constructor).  libgit2's
 * initialisation calls libssh2_init() (deferred by git_tls.c, which
 * forwards it here otherwise) and its shutdown libssh2_exit(): that one
 * does nothing while the library is not loaded, as libssh2's own does
 * when it never ran.
 */
#include <libssh2.h>

static struct lazylib libssh2 = {DPG_LIBSSH2_SO, NULL};

#define S  LIBSSH2_SESSION *s
#define C  LIBSSH2_CHANNEL *c
#define AG LIBSSH2_AGENT *ag
#define KH LIBSSH2_KNOWNHOSTS *kh
#define U  const char *user
typedef struct libssh2_agent_publickey agent_key;

void libssh2_exit(void)
{
	if (!atomic_load_explicit(&libssh2.handle, memory_order_acquire))
		return;
	{
		LAZY_SYM(libssh2, libssh2_exit)
		void (*call)(void);

		memcpy(&call, &f, sizeof(call));
		call();
	}
}

LAZY(libssh2, int, libssh2_init, (int flags), (flags))
LAZY(libssh2, LIBSSH2_SESSION *, libssh2_session_init_ex,
     (LIBSSH2_ALLOC_FUNC((*my_alloc)), LIBSSH2_FREE_FUNC((*my_free)),
      LIBSSH2_REALLOC_FUNC((*my_realloc)), void *abstract),
     (my_alloc, my_free, my_realloc, abstract))
LAZY(libssh2, void **, libssh2_session_abstract, (S), (s))
LAZY(libssh2, int, libssh2_session_disconnect_ex,
     (S, int reason, const char *desc, const char *lang),
     (s, reason, desc, lang))
LAZY(libssh2, int, libssh2_session_free, (S), (s))
LAZY(libssh2, int, libssh2_session_handshake, (S, libssh2_socket_t sock),
     (s, sock))
LAZY(libssh2, const char *, libssh2_session_hostkey,
     (S, size_t *len, int *type), (s, len, type))
LAZY(libssh2, int, libssh2_session_last_error,
     (S, char **msg, int *len, int want_buf), (s, msg, len, want_buf))
LAZY(libssh2, int, libssh2_session_method_pref,
     (S, int method, const char *prefs), (s, method, prefs))
LAZY_VOID(libssh2, libssh2_session_set_blocking, (S, int blocking),
	  (s, blocking))
LAZY(libssh2, const char *, libssh2_hostkey_hash, (S, int hash_type),
     (s, hash_type))
LAZY(libssh2, int, libssh2_userauth_authenticated, (S), (s))
LAZY(libssh2, char *, libssh2_userauth_list, (S, U, unsigned int user_len),
     (s, user, user_len))
LAZY(libssh2, int, libssh2_userauth_keyboard_interactive_ex,
     (S, U, unsigned int user_len,
      LIBSSH2_USERAUTH_KBDINT_RESPONSE_FUNC((*cb))),
     (s, user, user_len, cb))
LAZY(libssh2, int, libssh2_userauth_password_ex,
     (S, U, unsigned int user_len, const char *pw, unsigned int pw_len,
      LIBSSH2_PASSWD_CHANGEREQ_FUNC((*cb))),
     (s, user, user_len, pw, pw_len, cb))
LAZY(libssh2, int, libssh2_userauth_publickey,
     (S, U, const unsigned char *key, size_t key_len,
      LIBSSH2_USERAUTH_PUBLICKEY_SIGN_FUNC((*sign)), void **abstract),
     (s, user, key, key_len, sign, abstract))
LAZY(libssh2, int, libssh2_userauth_publickey_fromfile_ex,
     (S, U, unsigned int user_len, const char *pub, const char *priv,
      const char *pass),
     (s, user, user_len, pub, priv, pass))
LAZY(libssh2, int, libssh2_userauth_publickey_frommemory,
     (S, U, size_t user_len, const char *pub, size_t pub_len, const char *priv,
      size_t priv_len, const char *pass),
     (s, user, user_len, pub, pub_len, priv, priv_len, pass))
LAZY(libssh2, LIBSSH2_CHANNEL *, libssh2_channel_open_ex,
     (S, const char *type, unsigned int type_len, unsigned int window,
      unsigned int packet, const char *msg, unsigned int msg_len),
     (s, type, type_len, window, packet, msg, msg_len))
LAZY(libssh2, int, libssh2_channel_process_startup,
     (C, const char *req, unsigned int req_len, const char *msg,
      unsigned int msg_len),
     (c, req, req_len, msg, msg_len))
LAZY(libssh2, ssize_t, libssh2_channel_read_ex,
     (C, int stream, char *buf, size_t len), (c, stream, buf, len))
LAZY(libssh2, ssize_t, libssh2_channel_write_ex,
     (C, int stream, const char *buf, size_t len), (c, stream, buf, len))
LAZY_VOID(libssh2, libssh2_channel_set_blocking, (C, int blocking),
	  (c, blocking))
LAZY(libssh2, int, libssh2_channel_close, (C), (c))
LAZY(libssh2, int, libssh2_channel_free, (C), (c))
LAZY(libssh2, LIBSSH2_AGENT *, libssh2_agent_init, (S), (s))
LAZY(libssh2, int, libssh2_agent_connect, (AG), (ag))
LAZY(libssh2, int, libssh2_agent_disconnect, (AG), (ag))
LAZY_VOID(libssh2, libssh2_agent_free, (AG), (ag))
LAZY(libssh2, int, libssh2_agent_list_identities, (AG), (ag))
LAZY(libssh2, int, libssh2_agent_get_identity,
     (AG, agent_key **store, agent_key *prev), (ag, store, prev))
LAZY(libssh2, int, libssh2_agent_userauth, (AG, U, agent_key *identity),
     (ag, user, identity))
LAZY(libssh2, LIBSSH2_KNOWNHOSTS *, libssh2_knownhost_init, (S), (s))
LAZY_VOID(libssh2, libssh2_knownhost_free, (KH), (kh))
LAZY(libssh2, int, libssh2_knownhost_readfile, (KH, const char *file, int type),
     (kh, file, type))
LAZY(libssh2, int, libssh2_knownhost_checkp,
     (KH, const char *host, int port, const char *key, size_t key_len,
      int typemask, struct libssh2_knownhost **found),
     (kh, host, port, key, key_len, typemask, found))
#undef S
#undef C
#undef AG
#undef KH
#undef U
#endif
