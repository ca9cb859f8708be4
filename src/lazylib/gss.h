/*
 * gss.h: the GSSAPI calls libgit2 makes, which src/lazylib/lazylib.c
 * forwards in a static link.  The types are the ABI's (RFC 2744's C
 * binding: OM_uint32 is 32 bits, the rest pointers and sizes), so that no
 * GSSAPI header is needed to build.
 */
#ifndef DPG_LAZYLIB_GSS_H
#define DPG_LAZYLIB_GSS_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t gss_u32;
struct gss_oid_desc {
	gss_u32 length;
	void *elements;
};
struct gss_oid_set {
	size_t count;
	struct gss_oid_desc *elements;
};
struct gss_buffer {
	size_t length;
	void *value;
};

extern struct gss_oid_desc *GSS_C_NT_HOSTBASED_SERVICE;

#define GSS_M_ gss_u32 *minor
gss_u32 gss_delete_sec_context(GSS_M_, void **ctx, void *out);
gss_u32 gss_display_status(GSS_M_, gss_u32 status, int type, void *mech,
			   gss_u32 *more, void *out);
gss_u32 gss_import_name(GSS_M_, void *in, void *type, void **name);
gss_u32 gss_indicate_mechs(GSS_M_, void **set);
gss_u32 gss_init_sec_context(GSS_M_, void *cred, void **ctx, void *name,
			     void *mech, gss_u32 flags, gss_u32 time,
			     void *bindings, void *in, void **mech_out,
			     void *out, gss_u32 *flags_out, gss_u32 *time_out);
gss_u32 gss_release_buffer(GSS_M_, void *buf);
gss_u32 gss_release_name(GSS_M_, void **name);
gss_u32 gss_release_oid_set(GSS_M_, void **set);
#undef GSS_M_

#endif
