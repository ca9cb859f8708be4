/* report_int.h: private to src/report/. */
#ifndef DPG_REPORT_INT_H
#define DPG_REPORT_INT_H

#include <stdint.h>
#include <stdio.h>
#include "dpg/buf.h"
#include "dpg/report.h"

/* Bytes of one untrusted string shown in text, Markdown and HTML. */
#define RPT_SHOW_MAX 400
/* Places listed per group of like findings unless verbose. */
#define RPT_SHOW_PLACES 3

/* ---- escape.c: make untrusted text inert ---- */

/* s as valid UTF-8 without control, C1 or bidi characters (shown as
 * \xNN, \uNNNN; backslash doubled), cut after max bytes (0: no cut) with
 * "... [N more bytes]".  The caller frees the result. */
char *rpt_clean(const char *s, size_t max);
/* rpt_clean(s) written as is, HTML-escaped, Markdown-escaped (NULL: no
 * output). */
void rpt_put(FILE *out, const char *s, size_t max);
void rpt_put_html(FILE *out, const char *s, size_t max);
void rpt_put_md(FILE *out, const char *s, size_t max);
/* Escape n bytes of text already cleaned for HTML. */
void rpt_html_esc(FILE *out, const char *clean, size_t n);
/* A path percent-encoded for a URL ('/' kept); the caller frees it. */
char *rpt_urlpath(const char *s);
void rpt_put_urlpath(FILE *out, const char *s);

/* ---- forge.c: links to files at the scanned commit ---- */

enum {
	RPT_FORGE_NONE = 0,
	RPT_FORGE_GITHUB,
	RPT_FORGE_GITLAB,
	RPT_FORGE_BITBUCKET,
	RPT_FORGE_GITEA,
};
struct rpt_forge {
	int kind;
	char base[512]; /* https://HOST/OWNER/REPO */
};
/* Recognise a forge repository URL; returns its kind (0: none). */
int rpt_forge_parse(struct rpt_forge *out, const char *target);
/* The link to path (lines line..line_end, 0: none) at commit, or NULL
 * when there is no forge or no commit id.  The caller frees it. */
char *rpt_forge_link(const struct rpt_forge *fg, const char *commit,
		     const char *path, unsigned int line,
		     unsigned int line_end);

/* Where f is: its forge link, else "path:line" or "(project)".  The
 * caller frees it. */
char *rpt_ref(const struct dpg_scan *s, const struct rpt_forge *fg,
	      const struct dpg_finding *f);

/* ---- jsonw.c: a JSON writer ---- */

struct jw {
	struct dpg_buf b;
	struct dpg_error *err;
	int rc, depth, pretty;
	unsigned char first[32];
};
/* pretty: newlines and two-space indents; else compact. */
void jw_init(struct jw *w, int pretty, struct dpg_error *err);
void jw_key(struct jw *w, const char *key);
void jw_obj(struct jw *w, const char *key); /* key NULL in arrays */
void jw_arr(struct jw *w, const char *key);
void jw_end(struct jw *w, const char *close);		   /* "}" or "]" */
void jw_str(struct jw *w, const char *key, const char *v); /* NULL: null */
void jw_strn(struct jw *w, const char *key, const char *v, size_t n);
void jw_int(struct jw *w, const char *key, int64_t v);
void jw_num(struct jw *w, const char *key, double v); /* < 0: null */
void jw_bool(struct jw *w, const char *key, int v);
void jw_null(struct jw *w, const char *key);
/* Write the document to out and release the writer; returns the first
 * error. */
int jw_finish(struct jw *w, FILE *out);

/* ---- model.c: what every format shows ---- */

struct rpt_counts {
	unsigned int met, not_met, review;
};
void rpt_counts(const struct dpg_scan *s, struct rpt_counts *c);
/* The solution's name: the nomination's, else the target's last part. */
const char *rpt_name(const struct dpg_scan *s, char *buf, size_t size);
/* Findings kept for the database and JSON only (rule-summary). */
int rpt_hidden(const struct dpg_finding *f);
/* The rule-summary finding of a rule (its message), or NULL. */
const struct dpg_finding *rpt_rule_summary(const struct dpg_scan *s,
					   const char *rule_id);

/* A rule's message as a label in buf: "names the EU GDPR (3 matches)"
 * -> "EU GDPR"; the rule id when there is no message. */
const char *rpt_rule_label(const struct dpg_scan *s, const char *rule_id,
			   char *buf, size_t size);
/* The verdict of ind is v ("met"...). */
int rpt_verdict_is(const struct dpg_scan *s, int ind, const char *v);

/* Like findings of one indicator (same kind and value), in the order of
 * their first finding. */
struct rpt_group {
	const struct dpg_finding **f;
	size_t n;
};
struct rpt_ind {
	struct rpt_group *g;
	size_t ng;
	size_t ndeps;	    /* dependencies of the indicator */
	size_t deps_folded; /* of which not listed: none flagged */
	const struct dpg_finding **pool;
};
/* Group indicator ind's findings; unless verbose, dependencies no rule
 * flagged are counted in deps_folded, not listed. */
void rpt_ind_build(struct rpt_ind *out, const struct dpg_scan *s, int ind,
		   int verbose);
void rpt_ind_release(struct rpt_ind *x);

/* What was not read or not understood: skipped entries, manifests and
 * tags not understood, unrecognised license files, folders judged
 * vendored (their findings are evidence, never a project's). */
struct rpt_unread {
	const char *what; /* "binary", "folder judged vendored"... */
	const char *path;
	unsigned int line;
	const char *detail; /* or NULL */
	uint64_t size;	    /* skipped entries */
	size_t count;	    /* vendored folders: findings inside */
	int owned;	    /* path is ours to free */
};
struct rpt_unread_list {
	struct rpt_unread *v;
	size_t n, cap, nskips; /* v[0..nskips) are skipped entries */
};
void rpt_unread_build(struct rpt_unread_list *l, const struct dpg_scan *s);
void rpt_unread_release(struct rpt_unread_list *l);

/* ---- html.c, shared with the overview ---- */

/* <!DOCTYPE> to </head>: the CSP (script_hash: "sha256-..." of the one
 * script allowed, or NULL for none), the title, the style sheet (and
 * extra_css, or NULL). */
void html_head(FILE *out, const char *title, const char *script_hash,
	       const char *extra_css);
/* One scan as an <article>; every id prefixed by pre; back: a link to
 * the overview or NULL. */
void html_scan_body(FILE *out, const struct dpg_scan *s, const char *pre,
		    const char *back);

/* ---- the formats ---- */

int report_text(FILE *out, const struct dpg_scan *s,
		const struct dpg_report_opts *o, struct dpg_error *err);
int report_md(FILE *out, const struct dpg_scan *s,
	      const struct dpg_report_opts *o, struct dpg_error *err);
int report_html(FILE *out, const struct dpg_scan *s,
		const struct dpg_report_opts *o, struct dpg_error *err);
int report_json(FILE *out, const struct dpg_scan *s, struct dpg_error *err);
int report_sarif(FILE *out, const struct dpg_scan *s, struct dpg_error *err);
int report_screening(FILE *out, const struct dpg_scan *s,
		     struct dpg_error *err);
int report_form(FILE *out, const struct dpg_scan *s, struct dpg_error *err);

#endif
