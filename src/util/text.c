/*
 * text.c: untrusted text made inert for terminals and text formats.
 *
 * Everything dpgaudit prints comes from repositories someone else wrote:
 * paths, excerpts, names.  A terminal obeys C0 and C1 control characters
 * (ESC, CSI U+009B), and bidirectional overrides reorder what a reader
 * sees.  The functions here are the one definition of what is unsafe and
 * how it is shown (include/dpg/util.h).
 */
#include <string.h>

#include "dpg/buf.h"
#include "dpg/util.h"
#include "dpg/banned.h"

size_t dpg_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len, i;
	uint32_t c;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	c = s[0] & (0x3f >> (len - 1));
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c < 0xe000) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

int dpg_cp_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

int dpg_buf_add_escaped(struct dpg_buf *b, const char *s, size_t len,
			struct dpg_error *err)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, start = 0;
	int rc;

	while (i < len) {
		char esc[8];
		size_t n, k;
		uint32_t cp;

		n = dpg_utf8_decode(s + i, len - i, &cp);
		if (n && !dpg_cp_is_unsafe(cp) && cp != '\\') {
			i += n;
			continue;
		}
		if ((rc = dpg_buf_add(b, s + start, i - start, err)) < 0)
			return rc;
		esc[0] = '\\';
		if (n == 1 && cp == '\\') {
			esc[1] = '\\';
			k = 2;
		} else if (n <= 1) {
			/* an ASCII control, or a byte that is not UTF-8 */
			unsigned char c = (unsigned char)s[i];

			esc[1] = 'x';
			esc[2] = hex[c >> 4];
			esc[3] = hex[c & 15];
			k = 4;
			n = 1;
		} else {
			esc[1] = 'u';
			esc[2] = hex[(cp >> 12) & 15];
			esc[3] = hex[(cp >> 8) & 15];
			esc[4] = hex[(cp >> 4) & 15];
			esc[5] = hex[cp & 15];
			k = 6;
		}
		if ((rc = dpg_buf_add(b, esc, k, err)) < 0)
			return rc;
		i += n;
		start = i;
	}
	return dpg_buf_add(b, s + start, i - start, err);
}

char *dpg_escape_ctl(const char *s)
{
	struct dpg_buf b = DPG_BUF_INIT((size_t)-1 / 8);

	dpg_buf_add_escaped(&b, s, strlen(s), NULL);
	return dpg_buf_detach(&b, NULL);
}
