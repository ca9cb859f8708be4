/*
 * spdx_expr.c: the SPDX license expression parser, printer and helpers.
 *
 * A recursive-descent parser over a small tokenizer.  Grammar (annex D of
 * the SPDX specification):
 *
 *   or   := and ( OR and )*
 *   and  := with ( AND with )*
 *   with := term [ WITH exception ]
 *   term := "(" or ")" | license-ref [ "+" ]
 *
 * "WITH" applies only to a single license (never to a parenthesised
 * group), as the specification's grammar says.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/licpolicy.h"
#include "dpg/spdx.h"
#include "dpg/util.h"
#include "dpg/banned.h"

/* ------------------------------------------------------------------ */
/* Exceptions (spdx-exceptions 2.5.0 index.json, checked by a unit test
 * against the pinned package when data/ holds it)                     */

static const char *const exceptions[] = {
	"389-exception",
	"Asterisk-exception",
	"Autoconf-exception-2.0",
	"Autoconf-exception-3.0",
	"Autoconf-exception-generic",
	"Autoconf-exception-generic-3.0",
	"Autoconf-exception-macro",
	"Bison-exception-1.24",
	"Bison-exception-2.2",
	"Bootloader-exception",
	"Classpath-exception-2.0",
	"CLISP-exception-2.0",
	"cryptsetup-OpenSSL-exception",
	"DigiRule-FOSS-exception",
	"eCos-exception-2.0",
	"Fawkes-Runtime-exception",
	"FLTK-exception",
	"fmt-exception",
	"Font-exception-2.0",
	"freertos-exception-2.0",
	"GCC-exception-2.0",
	"GCC-exception-2.0-note",
	"GCC-exception-3.1",
	"Gmsh-exception",
	"GNAT-exception",
	"GNOME-examples-exception",
	"GNU-compiler-exception",
	"gnu-javamail-exception",
	"GPL-3.0-interface-exception",
	"GPL-3.0-linking-exception",
	"GPL-3.0-linking-source-exception",
	"GPL-CC-1.0",
	"GStreamer-exception-2005",
	"GStreamer-exception-2008",
	"i2p-gpl-java-exception",
	"KiCad-libraries-exception",
	"LGPL-3.0-linking-exception",
	"libpri-OpenH323-exception",
	"Libtool-exception",
	"Linux-syscall-note",
	"LLGPL",
	"LLVM-exception",
	"LZMA-exception",
	"mif-exception",
	"OCaml-LGPL-linking-exception",
	"OCCT-exception-1.0",
	"OpenJDK-assembly-exception-1.0",
	"openvpn-openssl-exception",
	"PS-or-PDF-font-exception-20170817",
	"QPL-1.0-INRIA-2004-exception",
	"Qt-GPL-exception-1.0",
	"Qt-LGPL-exception-1.1",
	"Qwt-exception-1.0",
	"SANE-exception",
	"SHL-2.0",
	"SHL-2.1",
	"stunnel-exception",
	"SWI-exception",
	"Swift-exception",
	"Texinfo-exception",
	"u-boot-exception-2.0",
	"UBDL-exception",
	"Universal-FOSS-exception-1.0",
	"vsftpd-openssl-exception",
	"WxWindows-exception-3.1",
	"x11vnc-openssl-exception",
};

/* Deprecated exception ids (spdx-exceptions deprecated.json). */
static const char *const deprecated_exceptions[] = {
	"Nokia-Qt-exception-1.1",
};

const char *dpg_spdx_exception(const char *id)
{
	size_t i;

	if (!id)
		return NULL;
	for (i = 0; i < DPG_ARRAY_SIZE(exceptions); i++)
		if (dpg_same_first_ci(id, exceptions[i]) &&
		    dpg_strcasecmp(id, exceptions[i]) == 0)
			return exceptions[i];
	for (i = 0; i < DPG_ARRAY_SIZE(deprecated_exceptions); i++)
		if (dpg_strcasecmp(id, deprecated_exceptions[i]) == 0)
			return deprecated_exceptions[i];
	return NULL;
}

size_t dpg_spdx_exception_count(void)
{
	return DPG_ARRAY_SIZE(exceptions);
}

const char *dpg_spdx_exception_at(size_t i)
{
	return i < DPG_ARRAY_SIZE(exceptions) ? exceptions[i] : NULL;
}

/* ------------------------------------------------------------------ */
/* Tokenizer                                                           */

enum tok {
	TOK_END = 0,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_AND,
	TOK_OR,
	TOK_WITH,
	TOK_ID, /* idstring, LicenseRef-..., DocumentRef-...:LicenseRef-... */
	TOK_PLUS,
	TOK_BAD,
};

struct parser {
	const char *s;
	size_t len, pos;
	/* current token */
	enum tok tok;
	size_t tpos, tlen;
	int tplus_attached; /* the token after an id is '+' with no space */

	const struct dpg_spdx_opts *opts;
	struct dpg_arena *a;
	struct dpg_error *err;
	struct dpg_spdx_expr *out;
	struct dpg_buf notes;
	unsigned int depth, terms;
	int rc;
};

static int is_idchar(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-';
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int fail(struct parser *p, size_t pos, int code, const char *fmt, ...)
	DPG_PRINTF(4, 5);

static int fail(struct parser *p, size_t pos, int code, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	int n;

	if (p->rc)
		return p->rc;
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		msg[0] = '\0';
	p->out->err_pos = pos;
	p->out->reason = dpg_arena_printf(p->a, "offset %zu: %s", pos, msg);
	p->rc = dpg_error_set(p->err, code, "%s", p->out->reason);
	return p->rc;
}

/* The current token's text, bounded, for messages. */
static const char *tok_text(struct parser *p)
{
	size_t n = p->tlen > 64 ? 64 : p->tlen;

	if (p->tok == TOK_END)
		return "end of expression";
	return dpg_arena_strndup(p->a, p->s + p->tpos, n);
}

static int word_is(struct parser *p, const char *w, int *lower)
{
	size_t n = strlen(w);

	if (p->tlen != n || dpg_strncasecmp(p->s + p->tpos, w, n) != 0)
		return 0;
	*lower = memcmp(p->s + p->tpos, w, n) != 0;
	return 1;
}

static void note(struct parser *p, const char *fmt, ...) DPG_PRINTF(2, 3);

static void note(struct parser *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (p->notes.len)
		dpg_buf_puts(&p->notes, "; ", NULL);
	dpg_buf_puts(&p->notes, msg, NULL);
}

static void next(struct parser *p)
{
	const char *s = p->s;
	size_t i = p->pos;
	int lower;

	while (i < p->len && is_space((unsigned char)s[i]))
		i++;
	p->tpos = i;
	p->tplus_attached = 0;
	if (i >= p->len) {
		p->tok = TOK_END;
		p->tlen = 0;
		p->pos = i;
		return;
	}
	if (s[i] == '(' || s[i] == ')' || s[i] == '+') {
		p->tok = s[i] == '('   ? TOK_LPAREN
			 : s[i] == ')' ? TOK_RPAREN
				       : TOK_PLUS;
		p->tlen = 1;
		p->pos = i + 1;
		return;
	}
	if (!is_idchar((unsigned char)s[i])) {
		p->tok = TOK_BAD;
		p->tlen = 1;
		p->pos = i + 1;
		return;
	}
	while (i < p->len && (is_idchar((unsigned char)s[i]) || s[i] == ':'))
		i++;
	p->tlen = i - p->tpos;
	p->pos = i;
	p->tok = TOK_ID;
	if (i < p->len && s[i] == '+')
		p->tplus_attached = 1;
	if (word_is(p, "AND", &lower))
		p->tok = TOK_AND;
	else if (word_is(p, "OR", &lower))
		p->tok = TOK_OR;
	else if (word_is(p, "WITH", &lower))
		p->tok = TOK_WITH;
	else
		return;
	if (lower) {
		const char *w = tok_text(p);

		if (p->opts->flags & DPG_SPDX_STRICT_OPERATORS) {
			fail(p, p->tpos, DPG_EPARSE,
			     "operator '%s' must be upper case", w);
			p->tok = TOK_BAD;
			return;
		}
		note(p, "operator '%s' should be upper case", w);
	}
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */

static struct dpg_spdx_node *node(struct parser *p, int op, size_t pos)
{
	struct dpg_spdx_node *n = dpg_arena_alloc(p->a, sizeof(*n));

	n->op = op;
	n->pos = pos;
	return n;
}

static int check_idstring(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_idchar((unsigned char)s[i]))
			return 0;
	return 1;
}

/* LicenseRef-x or DocumentRef-y:LicenseRef-x (prefix case-insensitive,
 * printed canonically). */
static const char *ref_id(struct parser *p, const char *w, size_t n)
{
	const char *colon = memchr(w, ':', n);

	if (!colon) {
		if (n > 11 && dpg_strncasecmp(w, "LicenseRef-", 11) == 0 &&
		    check_idstring(w + 11, n - 11))
			return dpg_arena_printf(p->a, "LicenseRef-%.*s",
						(int)(n - 11), w + 11);
		return NULL;
	}
	{
		size_t dn = (size_t)(colon - w), ln = n - dn - 1;
		const char *l = colon + 1;

		if (dn > 12 && dpg_strncasecmp(w, "DocumentRef-", 12) == 0 &&
		    check_idstring(w + 12, dn - 12) && ln > 11 &&
		    dpg_strncasecmp(l, "LicenseRef-", 11) == 0 &&
		    check_idstring(l + 11, ln - 11))
			return dpg_arena_printf(
				p->a, "DocumentRef-%.*s:LicenseRef-%.*s",
				(int)(dn - 12), w + 12, (int)(ln - 11), l + 11);
	}
	return NULL;
}

static struct dpg_spdx_node *parse_or(struct parser *p);

/* A deprecated id's replacement, itself an expression ("X WITH Y"). */
static struct dpg_spdx_node *replacement(struct parser *p, const char *cur,
					 size_t pos, const char *written)
{
	struct dpg_spdx_expr sub;
	struct dpg_spdx_opts o = *p->opts;
	struct dpg_error e2 = DPG_ERROR_INIT;
	struct dpg_spdx_node *r;

	memset(&sub, 0, sizeof(sub));
	o.flags = (o.flags & ~DPG_SPDX_STRICT_OPERATORS) |
		  DPG_SPDX_KEEP_DEPRECATED;
	if (dpg_spdx_parse(&sub, cur, strlen(cur), &o, p->a, &e2) < 0) {
		/* the corpus lacks the replacement: keep the written id */
		return NULL;
	}
	r = sub.root;
	r->pos = pos;
	r->flags |= DPG_SPDX_F_DEPRECATED;
	r->written = written;
	if (r->op == DPG_SPDX_WITH && r->left) {
		r->left->pos = pos;
		r->left->flags |= DPG_SPDX_F_DEPRECATED;
		r->left->written = written;
	}
	return r;
}

static struct dpg_spdx_node *parse_license(struct parser *p)
{
	const char *w = p->s + p->tpos;
	size_t n = p->tlen, pos = p->tpos;
	char *written = dpg_arena_strndup(p->a, w, n);
	struct dpg_spdx_node *r;
	const char *canon = NULL;
	int plus = 0;

	if (++p->terms > DPG_SPDX_MAX_TERMS) {
		fail(p, pos, DPG_ELIMIT, "more than %d license terms",
		     DPG_SPDX_MAX_TERMS);
		return NULL;
	}
	p->out->nlicenses++;
	if (p->tplus_attached) {
		plus = 1;
		p->pos++; /* consume '+' */
	}
	next(p);
	if (p->tok == TOK_PLUS) {
		fail(p, p->tpos, DPG_EPARSE,
		     "'+' must follow a license id without a space");
		return NULL;
	}
	if (memchr(w, ':', n) ||
	    (n > 11 && dpg_strncasecmp(w, "LicenseRef-", 11) == 0)) {
		canon = ref_id(p, w, n);
		if (!canon) {
			fail(p, pos, DPG_EPARSE,
			     "malformed license reference '%s'", written);
			return NULL;
		}
		if (plus) {
			fail(p, pos, DPG_EPARSE,
			     "'+' cannot follow a license reference '%s'",
			     written);
			return NULL;
		}
		r = node(p, DPG_SPDX_LICENSE, pos);
		r->id = canon;
		r->written = written;
		r->flags = DPG_SPDX_F_REF;
		return r;
	}
	if (dpg_strncasecmp(w, "AdditionRef-", 12) == 0 ||
	    dpg_spdx_exception(written)) {
		fail(p, pos, DPG_EPARSE,
		     "'%s' is an exception, which only follows WITH", written);
		return NULL;
	}
	/* deprecated ids: "GPL-2.0+" is one deprecated id in the list */
	if (!(p->opts->flags & DPG_SPDX_KEEP_DEPRECATED)) {
		const char *key =
			plus ? dpg_arena_printf(p->a, "%s+", written) : written;
		const char *cur = dpg_spdx_current_id(key);
		const char *c = dpg_spdx_current_id(written);

		if (!cur && plus && c && !strchr(c, ' ') &&
		    dpg_ends_with(c, "-only")) {
			/* "AGPL-3.0+", "GFDL-1.3+": X-only + => X-or-later */
			cur = dpg_arena_printf(p->a, "%.*s-or-later",
					       (int)(strlen(c) - 5), c);
		}
		if (cur) {
			r = replacement(p, cur, pos, key);
			if (r) {
				p->out->ndeprecated++;
				note(p, "'%s' is deprecated, read as '%s'", key,
				     cur);
				return r;
			}
		} else if (dpg_spdx_is_deprecated(key)) {
			note(p,
			     "'%s' is deprecated and has no single "
			     "replacement",
			     key);
		}
	}
	if (plus && n > 5 &&
	    (dpg_strncasecmp(w + n - 5, "-only", 5) == 0 ||
	     (n > 9 && dpg_strncasecmp(w + n - 9, "-or-later", 9) == 0))) {
		fail(p, pos, DPG_EPARSE,
		     "'+' after '%s', which already says -only or -or-later",
		     written);
		return NULL;
	}
	if (p->opts->license_id) {
		canon = p->opts->license_id(p->opts->ctx, written);
		if (!canon) {
			fail(p, pos, DPG_EPARSE,
			     "unknown license id '%s' (not on the SPDX list; "
			     "custom licenses are written LicenseRef-...)",
			     written);
			return NULL;
		}
	}
	r = node(p, DPG_SPDX_LICENSE, pos);
	r->id = canon ? canon : written;
	r->written = written;
	r->plus = plus;
	if (!canon)
		r->flags |= DPG_SPDX_F_UNCHECKED;
	else if (strcmp(canon, written) != 0)
		note(p, "'%s' is written '%s'", written, canon);
	if (dpg_spdx_is_deprecated(r->id) &&
	    !(r->flags & DPG_SPDX_F_DEPRECATED))
		r->flags |= DPG_SPDX_F_DEPRECATED;
	return r;
}

static void bad_char(struct parser *p)
{
	unsigned char c = (unsigned char)p->s[p->tpos];

	if (c > 0x20 && c < 0x7f)
		fail(p, p->tpos, DPG_EPARSE, "unexpected character '%c'", c);
	else
		fail(p, p->tpos, DPG_EPARSE,
		     "unexpected byte 0x%02x (only ASCII letters, digits, '.', "
		     "'-', '+', ':' and parentheses)",
		     c);
}

static struct dpg_spdx_node *parse_term(struct parser *p)
{
	struct dpg_spdx_node *r;
	size_t open;

	switch (p->tok) {
	case TOK_LPAREN:
		open = p->tpos;
		if (++p->depth > DPG_SPDX_MAX_DEPTH) {
			fail(p, open, DPG_ELIMIT,
			     "parentheses nested deeper than %d",
			     DPG_SPDX_MAX_DEPTH);
			return NULL;
		}
		next(p);
		r = parse_or(p);
		if (!r)
			return NULL;
		if (p->tok == TOK_END) {
			fail(p, open, DPG_EPARSE, "unbalanced '('");
			return NULL;
		}
		if (p->tok != TOK_RPAREN) {
			fail(p, p->tpos, DPG_EPARSE, "expected ')' before '%s'",
			     tok_text(p));
			return NULL;
		}
		p->depth--;
		next(p);
		if (p->tok == TOK_WITH) {
			fail(p, p->tpos, DPG_EPARSE,
			     "WITH applies to a single license, not to a "
			     "parenthesised expression");
			return NULL;
		}
		return r;
	case TOK_ID:
		return parse_license(p);
	case TOK_END:
		fail(p, p->tpos, DPG_EPARSE, "expected a license id %s",
		     p->tpos == 0 ? "(empty expression)" : "at the end");
		return NULL;
	case TOK_BAD:
		bad_char(p);
		return NULL;
	default:
		fail(p, p->tpos, DPG_EPARSE, "expected a license id, not '%s'",
		     tok_text(p));
		return NULL;
	}
}

static struct dpg_spdx_node *parse_with(struct parser *p)
{
	struct dpg_spdx_node *l = parse_term(p), *r;
	const char *w, *exc;
	size_t pos;

	if (!l || p->tok != TOK_WITH)
		return l;
	if (l->op == DPG_SPDX_WITH && (l->flags & DPG_SPDX_F_DEPRECATED) &&
	    l->written) {
		/* "GPL-2.0-with-classpath-exception WITH X": valid SPDX, but
		 * its replacement would carry two exceptions: keep the id */
		const char *dw = l->written, *canon = NULL;
		struct dpg_spdx_node *k = node(p, DPG_SPDX_LICENSE, l->pos);

		if (p->opts->license_id)
			canon = p->opts->license_id(p->opts->ctx, dw);
		k->id = canon ? canon : dw;
		k->written = dw;
		k->flags = DPG_SPDX_F_DEPRECATED |
			   (canon ? 0 : DPG_SPDX_F_UNCHECKED);
		p->out->ndeprecated--;
		note(p,
		     "'%s' is deprecated and kept: its replacement would "
		     "carry two exceptions",
		     dw);
		l = k;
	} else if (l->op == DPG_SPDX_WITH) {
		fail(p, p->tpos, DPG_EPARSE,
		     "'%s' already carries an exception",
		     l->written ? l->written : "");
		return NULL;
	}
	if (l->op != DPG_SPDX_LICENSE) {
		fail(p, p->tpos, DPG_EPARSE,
		     "WITH applies to a single license");
		return NULL;
	}
	next(p);
	pos = p->tpos;
	if (p->tok != TOK_ID) {
		fail(p, pos, DPG_EPARSE,
		     "expected an exception id after WITH, "
		     "not '%s'",
		     tok_text(p));
		return NULL;
	}
	w = dpg_arena_strndup(p->a, p->s + p->tpos, p->tlen);
	if (p->tplus_attached) {
		fail(p, pos, DPG_EPARSE, "'+' cannot follow exception '%s'", w);
		return NULL;
	}
	r = node(p, DPG_SPDX_WITH, pos);
	r->left = l;
	r->written = w;
	if (dpg_strncasecmp(w, "AdditionRef-", 12) == 0 &&
	    check_idstring(w + 12, strlen(w + 12))) {
		r->id = dpg_arena_printf(p->a, "AdditionRef-%s", w + 12);
		r->flags |= DPG_SPDX_F_REF;
	} else {
		exc = dpg_spdx_exception(w);
		if (!exc) {
			fail(p, pos, DPG_EPARSE,
			     "unknown exception id '%s' (not on the SPDX "
			     "exceptions list)",
			     w);
			return NULL;
		}
		if (dpg_spdx_is_deprecated(exc) &&
		    !(p->opts->flags & DPG_SPDX_KEEP_DEPRECATED)) {
			const char *cur = dpg_spdx_current_id(exc);

			if (cur) {
				note(p, "'%s' is deprecated, read as '%s'", exc,
				     cur);
				p->out->ndeprecated++;
				exc = dpg_spdx_exception(cur);
				r->flags |= DPG_SPDX_F_DEPRECATED;
			}
		} else if (strcmp(exc, w) != 0) {
			note(p, "'%s' is written '%s'", w, exc);
		}
		r->id = exc;
	}
	next(p);
	if (p->tok == TOK_WITH) {
		fail(p, p->tpos, DPG_EPARSE, "a second WITH");
		return NULL;
	}
	return r;
}

static struct dpg_spdx_node *parse_and(struct parser *p)
{
	struct dpg_spdx_node *l = parse_with(p), *n;

	while (l && p->tok == TOK_AND) {
		n = node(p, DPG_SPDX_AND, p->tpos);
		next(p);
		n->left = l;
		n->right = parse_with(p);
		if (!n->right)
			return NULL;
		l = n;
	}
	return l;
}

static struct dpg_spdx_node *parse_or(struct parser *p)
{
	struct dpg_spdx_node *l = parse_and(p), *n;

	while (l && p->tok == TOK_OR) {
		n = node(p, DPG_SPDX_OR, p->tpos);
		next(p);
		n->left = l;
		n->right = parse_and(p);
		if (!n->right)
			return NULL;
		l = n;
	}
	return l;
}

int dpg_spdx_parse(struct dpg_spdx_expr *out, const char *s, size_t len,
		   const struct dpg_spdx_opts *opts, struct dpg_arena *a,
		   struct dpg_error *err)
{
	static const struct dpg_spdx_opts defaults = DPG_SPDX_OPTS_INIT;
	struct parser p;
	struct dpg_spdx_node *root;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.s = s;
	p.len = len;
	p.opts = opts ? opts : &defaults;
	p.a = a;
	p.err = err;
	p.out = out;
	dpg_buf_init(&p.notes, 2048);
	if (len > DPG_SPDX_MAX_LEN) {
		fail(&p, DPG_SPDX_MAX_LEN, DPG_ELIMIT,
		     "expression longer than %d bytes", DPG_SPDX_MAX_LEN);
		goto done;
	}
	if (memchr(s, '\0', len)) {
		fail(&p, (size_t)((const char *)memchr(s, '\0', len) - s),
		     DPG_EPARSE, "NUL byte in expression");
		goto done;
	}
	next(&p);
	if (p.tok == TOK_END) {
		fail(&p, p.tpos, DPG_EPARSE, "empty expression");
		goto done;
	}
	root = parse_or(&p);
	if (root && !p.rc && p.tok != TOK_END) {
		if (p.tok == TOK_RPAREN)
			fail(&p, p.tpos, DPG_EPARSE, "unbalanced ')'");
		else if (p.tok == TOK_ID)
			fail(&p, p.tpos, DPG_EPARSE,
			     "expected AND, OR or WITH before '%s'",
			     tok_text(&p));
		else if (p.tok == TOK_BAD)
			bad_char(&p);
		else
			fail(&p, p.tpos, DPG_EPARSE, "unexpected '%s'",
			     tok_text(&p));
	}
	if (!p.rc && root)
		out->root = root;
	if (!p.rc && !root)
		fail(&p, 0, DPG_EPARSE, "empty expression");
	if (!p.rc && p.notes.len)
		out->notes = dpg_arena_strdup(a, p.notes.ptr);
done:
	dpg_buf_release(&p.notes);
	if (p.rc)
		out->root = NULL;
	return p.rc;
}

/* ------------------------------------------------------------------ */
/* Printer                                                             */

static int print_node(struct dpg_buf *out, const struct dpg_spdx_node *n,
		      int parent_op, struct dpg_error *err)
{
	int rc = 0, paren;

	switch (n->op) {
	case DPG_SPDX_LICENSE:
		rc = dpg_buf_puts(out, n->id, err);
		if (!rc && n->plus)
			rc = dpg_buf_puts(out, "+", err);
		return rc;
	case DPG_SPDX_WITH:
		if ((rc = print_node(out, n->left, DPG_SPDX_WITH, err)) < 0)
			return rc;
		if ((rc = dpg_buf_puts(out, " WITH ", err)) < 0)
			return rc;
		return dpg_buf_puts(out, n->id, err);
	case DPG_SPDX_AND:
	case DPG_SPDX_OR:
		paren = n->op == DPG_SPDX_OR && parent_op == DPG_SPDX_AND;
		if (paren && (rc = dpg_buf_puts(out, "(", err)) < 0)
			return rc;
		if ((rc = print_node(out, n->left, n->op, err)) < 0)
			return rc;
		rc = dpg_buf_puts(out, n->op == DPG_SPDX_AND ? " AND " : " OR ",
				  err);
		if (rc < 0)
			return rc;
		/* right operand of the same operator: keep its grouping */
		if (n->right->op == n->op) {
			if ((rc = dpg_buf_puts(out, "(", err)) < 0)
				return rc;
			if ((rc = print_node(out, n->right, n->op, err)) < 0)
				return rc;
			rc = dpg_buf_puts(out, ")", err);
		} else {
			rc = print_node(out, n->right, n->op, err);
		}
		if (!rc && paren)
			rc = dpg_buf_puts(out, ")", err);
		return rc;
	default:
		DPG_BUG("bad spdx node %d", n->op);
	}
}

int dpg_spdx_print(struct dpg_buf *out, const struct dpg_spdx_node *n,
		   struct dpg_error *err)
{
	if (!n)
		return 0;
	return print_node(out, n, 0, err);
}

char *dpg_spdx_to_string(const struct dpg_spdx_node *n, struct dpg_arena *a)
{
	struct dpg_buf b = DPG_BUF_INIT(64 * 1024);
	char *s;

	dpg_spdx_print(&b, n, NULL);
	s = dpg_arena_strdup(a, b.ptr);
	dpg_buf_release(&b);
	return s;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static void collect(const struct dpg_spdx_node *n,
		    const struct dpg_spdx_node **out, size_t max, size_t *k)
{
	if (!n)
		return;
	if (n->op == DPG_SPDX_LICENSE) {
		if (*k < max)
			out[*k] = n;
		(*k)++;
		return;
	}
	collect(n->left, out, max, k);
	collect(n->right, out, max, k);
}

size_t dpg_spdx_licenses(const struct dpg_spdx_node *n,
			 const struct dpg_spdx_node **out, size_t max)
{
	size_t k = 0;

	collect(n, out, max, &k);
	return k;
}

/* Order of preference: YES > OSI_NOT_LISTED > UNKNOWN > NO. */
static int rank(int acc)
{
	switch (acc) {
	case DPG_ACCEPT_YES:
		return 3;
	case DPG_ACCEPT_OSI_NOT_LISTED:
		return 2;
	case DPG_ACCEPT_UNKNOWN:
		return 1;
	default:
		return 0;
	}
}

int dpg_spdx_acceptance(const struct dpg_spdx_node *n, int type,
			const char **note_out)
{
	const char *nl = NULL, *nr = NULL;
	int l, r;

	if (!n) {
		if (note_out)
			*note_out = "no license";
		return DPG_ACCEPT_UNKNOWN;
	}
	switch (n->op) {
	case DPG_SPDX_LICENSE:
		return dpg_license_acceptance(n->id, type, note_out);
	case DPG_SPDX_WITH:
		return dpg_spdx_acceptance(n->left, type, note_out);
	default:
		l = dpg_spdx_acceptance(n->left, type, &nl);
		r = dpg_spdx_acceptance(n->right, type, &nr);
		if ((n->op == DPG_SPDX_OR) == (rank(l) >= rank(r))) {
			if (note_out)
				*note_out = nl;
			return l;
		}
		if (note_out)
			*note_out = nr;
		return r;
	}
}

/* Sorted canonical form: operands of each AND/OR chain sorted. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void flatten(const struct dpg_spdx_node *n, int op,
		    const struct dpg_spdx_node **v, size_t *k, size_t max)
{
	if (n->op == op) {
		flatten(n->left, op, v, k, max);
		flatten(n->right, op, v, k, max);
	} else if (*k < max) {
		v[(*k)++] = n;
	}
}

static char *sorted_form(const struct dpg_spdx_node *n)
{
	const struct dpg_spdx_node **v;
	char **parts;
	struct dpg_buf b = DPG_BUF_INIT(1024 * 1024);
	size_t k = 0, i;

	if (n->op == DPG_SPDX_LICENSE || n->op == DPG_SPDX_WITH) {
		dpg_spdx_print(&b, n, NULL);
		return dpg_buf_detach(&b, NULL);
	}
	v = xcalloc(DPG_SPDX_MAX_TERMS, sizeof(*v));
	parts = xcalloc(DPG_SPDX_MAX_TERMS, sizeof(*parts));
	flatten(n, n->op, v, &k, DPG_SPDX_MAX_TERMS);
	for (i = 0; i < k; i++)
		parts[i] = sorted_form(v[i]);
	qsort(parts, k, sizeof(parts[0]), cmp_str);
	dpg_buf_puts(&b, "(", NULL);
	for (i = 0; i < k; i++) {
		if (i)
			dpg_buf_puts(&b,
				     n->op == DPG_SPDX_AND ? " AND " : " OR ",
				     NULL);
		dpg_buf_puts(&b, parts[i], NULL);
		free(parts[i]);
	}
	dpg_buf_puts(&b, ")", NULL);
	free(parts);
	free(v);
	return dpg_buf_detach(&b, NULL);
}

int dpg_spdx_equal(const struct dpg_spdx_node *a, const struct dpg_spdx_node *b)
{
	char *sa, *sb;
	int eq;

	if (!a || !b)
		return a == b;
	sa = sorted_form(a);
	sb = sorted_form(b);
	eq = strcmp(sa, sb) == 0;
	free(sa);
	free(sb);
	return eq;
}
