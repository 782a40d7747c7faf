/*
 * utf8.c - UTF-8 validation, decoding and encoding (see utf8.h).
 */
#include "util/utf8.h"

#include <string.h>

size_t utf8_next(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)str;
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else {
		*cp = 1;
		return 0;
	}
	v = c & (0x3Fu >> need);
	for (i = 1; i <= need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi) {
			*cp = (uint32_t)i;
			return 0;
		}
		v = v << 6 | (p[i] & 0x3Fu);
		lo = 0x80, hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

/* whether the 8 bytes at s are all ASCII */
static int ascii8(const char *s)
{
	uint64_t w;
	memcpy(&w, s, sizeof(w));
	return !(w & 0x8080808080808080ULL);
}

int utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i + 8 <= n && ascii8(s + i))
		i += 8;
	while (i < n) {
		uint32_t cp;
		size_t k;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_next(s + i, n - i, &cp);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

void utf8_add(struct strbuf *sb, uint32_t cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (int)(0xC0 | (cp >> 6)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (int)(0xE0 | (cp >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addch(sb, (int)(0xF0 | (cp >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 12) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	}
}

size_t utf8_count(const char *s, size_t n)
{
	size_t i, cps = 0;
	for (i = 0; i < n; i++)
		cps += ((unsigned char)s[i] & 0xC0) != 0x80;
	return cps;
}

void utf8_add_clipped(struct strbuf *sb, const char *s, size_t n)
{
	size_t k = UTF8_SHOW_MAX;
	if (n <= UTF8_SHOW_MAX) {
		strbuf_add(sb, s, n);
		return;
	}
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;   /* s[k] starts a character: cut before it */
	strbuf_add(sb, s, k);
	strbuf_addf(sb, "\xe2\x80\xa6 [%zu bytes]", n);
}

void utf8_add_valid(struct strbuf *sb, const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;
	while (i < n) {
		k = utf8_next(s + i, n - i, &cp);
		if (k) {
			strbuf_add(sb, s + i, k);
			i += k;
		} else {
			strbuf_addstr(sb, UTF8_REPLACEMENT);
			i += cp;
		}
	}
}

void utf8_add_escaped(struct strbuf *sb, const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;
	while (i < n) {
		k = utf8_next(s + i, n - i, &cp);
		if (!k) {
			strbuf_addstr(sb, UTF8_REPLACEMENT);
			i += cp;
			continue;
		}
		if (cp == '\n')
			strbuf_addstr(sb, "\\n");
		else if (cp == '\r')
			strbuf_addstr(sb, "\\r");
		else if (cp == '\t')
			strbuf_addstr(sb, "\\t");
		else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			strbuf_addf(sb, "\\x%02x", (unsigned)cp);
		else
			strbuf_add(sb, s + i, k);
		i += k;
	}
}
