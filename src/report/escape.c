/*
 * escape.c: every string a report shows comes from an untrusted
 * repository.  rpt_clean() makes it inert and readable for any output:
 * valid UTF-8 only, no control, C1 or bidi characters (shown as \xNN or
 * \uNNNN), cut at a byte limit with a marker saying how much was left
 * out.  The HTML and Markdown writers escape the cleaned text again for
 * their own syntax.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

static const char hex[] = "0123456789abcdef";

/* Length of the valid UTF-8 sequence at p (n bytes left) and its code
 * point, or 0 when the bytes are no valid sequence. */
static size_t utf8_decode(const unsigned char *p, size_t n, unsigned int *cp)
{
	size_t len, i;
	unsigned int c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1fu;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0fu;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07u;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3fu);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Code points shown escaped: C1 controls, bidi controls and marks, line
 * and paragraph separators (they reorder or break what a reader sees). */
static int hidden_cp(unsigned int c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x061c || c == 0x200e ||
	       c == 0x200f || (c >= 0x2028 && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

char *rpt_clean(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, cut = max && n > max ? max : n;
	char *out = xmalloc(cut * 6 + 64), *o = out;

	while (i < cut) {
		unsigned int c;
		size_t len = utf8_decode(p + i, n - i, &c);

		if (len == 0 || c < 0x20 || c == 0x7f) {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[p[i] >> 4];
			*o++ = hex[p[i] & 15];
			i++;
		} else if (c == '\\') {
			*o++ = '\\';
			*o++ = '\\';
			i++;
		} else if (hidden_cp(c)) {
			o += snprintf(o, 8, "\\u%04x", c);
			i += len;
		} else {
			memcpy(o, p + i, len);
			o += len;
			i += len;
		}
	}
	if (i < n)
		o += snprintf(o, 64, "... [%zu more bytes]", n - i);
	*o = '\0';
	return out;
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
