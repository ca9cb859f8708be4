#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/util.h"
#include "fmt.h"
#include "dpg/banned.h"

static void oom(size_t n)
{
	fprintf(stderr, "dpgaudit: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	size_t len = strlen(s); /* once: xstrndup would scan it again */
	char *p = xmalloc(len + 1);

	memcpy(p, s, len + 1);
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p;
	size_t len = strnlen(s, n);

	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

int dpg_fmt_plain(struct dpg_fmt_plain *p, const char *fmt, va_list *ap)
{
	const char *f = fmt;
	int k = 0, i;

	/* the format first: nothing is taken from *ap unless it is plain */
	while ((f = strchr(f, '%')) != NULL) {
		if (f[1] == 's') {
			if (++k > DPG_FMT_PLAIN_MAX)
				return -1;
		} else if (f[1] != '%') {
			return -1;
		}
		f += 2;
	}
	p->len = strlen(fmt);
	for (i = 0; i < k; i++) {
		const char *s = va_arg(*ap, const char *);

		p->s[i] = s ? s : "(null)"; /* as glibc prints it */
		p->n[i] = strlen(p->s[i]);
		p->len += p->n[i];
	}
	/* less two bytes a conversion: %s and %% (which writes one) */
	for (f = fmt; (f = strchr(f, '%')) != NULL; f += 2)
		p->len -= f[1] == 's' ? 2 : 1;
	return 0;
}

void dpg_fmt_plain_write(const struct dpg_fmt_plain *p, const char *fmt,
			 char *out)
{
	const char *f;
	int i = 0;

	while ((f = strchr(fmt, '%')) != NULL) {
		memcpy(out, fmt, (size_t)(f - fmt));
		out += f - fmt;
		if (f[1] == 's') {
			memcpy(out, p->s[i], p->n[i]);
			out += p->n[i++];
		} else {
			*out++ = '%';
		}
		fmt = f + 2;
	}
	memcpy(out, fmt, strlen(fmt) + 1);
}

char *dpg_fmt_alloc(void *(*get)(void *ctx, size_t n), void *ctx,
		    const char *fmt, va_list ap)
{
	struct dpg_fmt_plain pl;
	va_list aq;
	char small[256];
	int n;
	char *p;

	va_copy(aq, ap);
	if (dpg_fmt_plain(&pl, fmt, &aq) == 0) {
		va_end(aq);
		if (pl.len > INT_MAX)
			abort(); /* vsnprintf's EOVERFLOW */
		p = get(ctx, pl.len + 1);
		dpg_fmt_plain_write(&pl, fmt, p);
		return p;
	}
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0)
		abort(); /* only on an invalid format: a bug */
	p = get(ctx, (size_t)n + 1);
	if ((size_t)n < sizeof(small))
		memcpy(p, small, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

static void *get_heap(void *ctx, size_t n)
{
	(void)ctx;
	return xmalloc(n);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = dpg_fmt_alloc(get_heap, NULL, fmt, ap);
	va_end(ap);
	return p;
}

void dpg_grow(void *pp, size_t *cap, size_t n, size_t sz)
{
	void **p = pp;
	size_t c = *cap;

	if (n <= c)
		return;
	c = c ? c : 8;
	while (c < n)
		c = c + c / 2 + 8;
	*p = xrealloc(*p, c * sz);
	*cap = c;
}
