/*
 * escape.c: every string a report shows comes from an untrusted
 * repository.  rpt_clean() makes it inert and readable for any output
 * with the shared dpg_buf_add_escaped() (valid UTF-8 only, no control, C1
 * or bidi characters: shown as \xNN or \uNNNN) and cuts it at a byte
 * limit with a marker saying how much was left out.  The HTML and Markdown
 * writers escape the cleaned text again for their own syntax.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/buf.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static const char hex[] = "0123456789abcdef";

char *rpt_clean(const char *s, size_t max)
{
	struct dpg_buf b = DPG_BUF_INIT((size_t)1 << 30);
	struct dpg_error e = DPG_ERROR_INIT;
	size_t n = strlen(s), cut = n;

	if (max && n > max) {
		/* never split a UTF-8 sequence */
		for (cut = max;
		     cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80; cut--)
			;
	}
	dpg_buf_add_escaped(&b, s, cut, &e);
	if (cut < n)
		dpg_buf_printf(&b, &e, "... [%zu more bytes]", n - cut);
	return dpg_buf_detach(&b, NULL);
}

void rpt_put(FILE *out, const char *s, size_t max)
{
	char *c;

	if (!s)
		return;
	c = rpt_clean(s, max);
	fputs(c, out);
	free(c);
}

void rpt_html_esc(FILE *out, const char *c, size_t n)
{
	size_t i;

	for (i = 0; i < n && c[i]; i++) {
		switch (c[i]) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			putc(c[i], out);
		}
	}
}

void rpt_put_html(FILE *out, const char *s, size_t max)
{
	char *c;

	if (!s)
		return;
	c = rpt_clean(s, max);
	rpt_html_esc(out, c, strlen(c));
	free(c);
}

void rpt_put_md(FILE *out, const char *s, size_t max)
{
	char *c, *p;

	if (!s)
		return;
	c = rpt_clean(s, max);
	for (p = c; *p; p++) {
		if (*p == '&')
			fputs("&amp;", out);
		else if (*p == '<')
			fputs("&lt;", out);
		else if (*p == '>')
			fputs("&gt;", out);
		else if (*p == '@') /* no mentions in a review comment */
			fputs("&#64;", out);
		else if (strchr("\\`*_{}[]|~", *p) ||
			 (*p == ':' && p[1] == '/' && p[2] == '/'))
			fprintf(out, "\\%c", *p); /* no autolinks either */
		else
			putc(*p, out);
	}
	free(c);
}

/* RFC 3986 unreserved characters and '/' stay; every other byte is
 * percent-encoded. */
char *rpt_urlpath(const char *s)
{
	const unsigned char *p;
	char *out = xmalloc(strlen(s) * 3 + 1), *o = out;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

void rpt_put_urlpath(FILE *out, const char *s)
{
	char *u = rpt_urlpath(s);

	fputs(u, out);
	free(u);
}
