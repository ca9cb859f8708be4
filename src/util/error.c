#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/error.h"
#include "dpg/banned.h"

int dpg_error_set(struct dpg_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void dpg_error_prefix(struct dpg_error *err, const char *fmt, ...)
{
	char tmp[sizeof(err->msg)];
	size_t n;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	n = strlen(tmp);
	if (n + 2 < sizeof(tmp)) {
		memcpy(tmp + n, ": ", 2);
		n += 2;
		memcpy(tmp + n, err->msg, sizeof(tmp) - n - 1);
		tmp[sizeof(tmp) - 1] = '\0';
	}
	memcpy(err->msg, tmp, sizeof(tmp));
}

void dpg_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "dpgaudit: BUG at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
