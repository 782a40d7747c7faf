/*
 * strbuf.h - growable byte string, the one string builder for all output.
 *
 * Invariants: buf is never NULL after strbuf_init (it points to a shared
 * empty string until the first growth); buf[len] == '\0' always; len < alloc
 * once anything was added.  STRBUF_INIT is a valid initializer.
 */
#ifndef VERDICT_STRBUF_H
#define VERDICT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);      /* frees; sb is reusable */
char *strbuf_detach(struct strbuf *sb, size_t *len); /* caller frees */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
/* inline: writers call it per byte (the room test is the common path) */
static inline void strbuf_addch(struct strbuf *sb, int c)
{
	if (sb->alloc - sb->len <= 1)   /* len < alloc, or both 0 */
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
/* n in decimal (what "%llu" gives, without printf's cost) */
void strbuf_addu(struct strbuf *sb, unsigned long long n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
