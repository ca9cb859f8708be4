/*
 * spdx.h: SPDX license expressions (SPDX specification, annex D).
 *
 * A strict parser: AND, OR, WITH, the "+" suffix, parentheses, with the
 * precedence WITH > AND > OR; LicenseRef-x and DocumentRef-y:LicenseRef-x
 * (and AdditionRef-x after WITH).  License and exception ids are matched
 * case-insensitively and printed in their canonical spelling; deprecated
 * ids are replaced by their current form (and the replacement is noted);
 * exceptions are validated against the SPDX exceptions list.  Operators
 * are accepted in any case unless DPG_SPDX_STRICT_OPERATORS is set (the
 * lower-case use is noted).  An invalid expression is an error with the
 * reason and the byte offset; nothing is ever guessed.  Length, depth and
 * term count are bounded.
 */
#ifndef DPG_SPDX_H
#define DPG_SPDX_H

#include <stddef.h>
#include "dpg/arena.h"
#include "dpg/buf.h"
#include "dpg/error.h"

enum dpg_spdx_op {
	DPG_SPDX_LICENSE = 1, /* id (+ plus) */
	DPG_SPDX_WITH,	      /* left WITH id (the exception) */
	DPG_SPDX_AND,	      /* left AND right */
	DPG_SPDX_OR,	      /* left OR right */
};

#define DPG_SPDX_F_DEPRECATED 1u /* written as a deprecated id, replaced */
#define DPG_SPDX_F_REF	      2u /* LicenseRef-/DocumentRef-/AdditionRef- */
#define DPG_SPDX_F_UNCHECKED  4u /* no validator: id taken as written */

struct dpg_spdx_node {
	int op;		     /* enum dpg_spdx_op */
	const char *id;	     /* LICENSE: canonical id; WITH: the exception */
	const char *written; /* LICENSE/WITH: the id as written */
	int plus;	     /* LICENSE: "+" (or later) */
	unsigned int flags;  /* DPG_SPDX_F_* */
	size_t pos;	     /* byte offset of the token in the input */
	struct dpg_spdx_node *left, *right;
};

struct dpg_spdx_expr {
	struct dpg_spdx_node *root; /* NULL on error */
	unsigned int nlicenses;	    /* license terms */
	unsigned int ndeprecated;   /* deprecated ids replaced */
	const char *notes;  /* "'GPL-2.0' is deprecated, read as ..." or NULL */
	size_t err_pos;	    /* on error: byte offset of the problem */
	const char *reason; /* on error: the reason (as in err), else NULL */
};

#define DPG_SPDX_STRICT_OPERATORS 1u /* only "AND", "OR", "WITH" */
#define DPG_SPDX_KEEP_DEPRECATED  2u /* do not replace deprecated ids */

#define DPG_SPDX_MAX_LEN   4096
#define DPG_SPDX_MAX_DEPTH 32
#define DPG_SPDX_MAX_TERMS 256

struct dpg_spdx_opts {
	/*
	 * Validate a license id (without "+"): return its canonical spelling
	 * (a string that outlives the expression) or NULL when it is not a
	 * known SPDX license id.  NULL: every well-formed id is accepted as
	 * written and flagged DPG_SPDX_F_UNCHECKED.
	 */
	const char *(*license_id)(void *ctx, const char *id);
	void *ctx;
	unsigned int flags; /* DPG_SPDX_STRICT_OPERATORS ... */
};
#define DPG_SPDX_OPTS_INIT                                                     \
	{                                                                      \
		NULL, NULL, 0                                                  \
	}

/*
 * Parse the expression s (len bytes; may hold surrounding whitespace) into
 * out; nodes and strings are allocated from a and live as long as it.
 * Returns 0; DPG_EPARSE for an invalid expression (err says why and at
 * which offset, which is also in out->err_pos and out->reason); DPG_ELIMIT
 * when it is longer than DPG_SPDX_MAX_LEN, nests deeper than
 * DPG_SPDX_MAX_DEPTH or has more than DPG_SPDX_MAX_TERMS terms.
 */
int dpg_spdx_parse(struct dpg_spdx_expr *out, const char *s, size_t len,
		   const struct dpg_spdx_opts *opts, struct dpg_arena *a,
		   struct dpg_error *err);

/*
 * Append the canonical form of n to out: canonical ids, upper-case
 * operators, single spaces, parentheses only where precedence needs them.
 * Returns 0 or DPG_ELIMIT when out is full.
 */
int dpg_spdx_print(struct dpg_buf *out, const struct dpg_spdx_node *n,
		   struct dpg_error *err);

/* The canonical form of n as a string allocated from a. */
char *dpg_spdx_to_string(const struct dpg_spdx_node *n, struct dpg_arena *a);

/*
 * Collect the license terms of n (LICENSE nodes, left to right) into
 * out[0..max); returns how many there are (which may exceed max).
 */
size_t dpg_spdx_licenses(const struct dpg_spdx_node *n,
			 const struct dpg_spdx_node **out, size_t max);

/*
 * DPG acceptance of a whole expression for a solution type (see
 * licpolicy.h): OR takes its best operand, AND its worst, WITH its
 * license, and a "+" term its id.  Returns an enum dpg_accept; *note
 * (when not NULL) gets the note of the deciding term.
 */
int dpg_spdx_acceptance(const struct dpg_spdx_node *n, int type,
			const char **note);

/* The canonical spelling of SPDX exception id (case-insensitive), or NULL
 * when it is none.  Deprecated exceptions are included. */
const char *dpg_spdx_exception(const char *id);

/* The number of current SPDX exception ids built in, and the i-th one. */
size_t dpg_spdx_exception_count(void);
const char *dpg_spdx_exception_at(size_t i);

/*
 * Whether two canonical expressions are the same set of licenses in the
 * sense a reviewer cares about: equal after sorting the operands of each
 * AND/OR.  a and b are parsed trees; returns 1 or 0.
 */
int dpg_spdx_equal(const struct dpg_spdx_node *a,
		   const struct dpg_spdx_node *b);

#endif
