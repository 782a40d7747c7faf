/*
 * instream.c - reading from a file descriptor or a memory buffer (see
 * instream.h).
 */
#include "data/instream.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "util/utf8.h"

static ssize_t fd_read(struct instream *s, void *buf, size_t n)
{
	ssize_t got;
	do
		got = read(s->fd, buf, n);
	while (got < 0 && errno == EINTR);
	return got;
}

static ssize_t mem_read(struct instream *s, void *buf, size_t n)
{
	size_t left = s->len - s->off;
	if (n > left)
		n = left;
	if (!n)
		return 0;
	memcpy(buf, s->mem + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

void instream_from_fd(struct instream *s, int fd)
{
	memset(s, 0, sizeof(*s));
	s->read = fd_read;
	s->fd = fd;
}

void instream_from_memory(struct instream *s, const void *buf, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->read = mem_read;
	s->fd = -1;
	s->mem = buf;
	s->len = len;
}

static ssize_t ranges_read(struct instream *s, void *buf, size_t n)
{
	while (s->cur < s->nranges) {
		struct instream_range *r = &s->ranges[s->cur];
		ssize_t got;
		if (r->start >= r->end) {
			s->cur++;
			continue;
		}
		if (n > r->end - r->start)
			n = (size_t)(r->end - r->start);
		do
			got = pread(s->fd, buf, n, (off_t)r->start);
		while (got < 0 && errno == EINTR);
		if (got > 0)
			r->start += (uint64_t)got;
		else if (!got)
			s->cur = s->nranges; /* the file is shorter than the range */
		if (got)
			return got;
	}
	return 0;
}

void instream_from_ranges(struct instream *s, int fd, const struct instream_range *r, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->read = ranges_read;
	s->fd = fd;
	if (n > INSTREAM_MAX_RANGES)
		n = INSTREAM_MAX_RANGES;
	memcpy(s->ranges, r, n * sizeof(*r));
	s->nranges = n;
}

static ssize_t limit_read(struct instream *s, void *buf, size_t n)
{
	ssize_t got;
	if (n > s->left)
		n = (size_t)s->left;
	if (!n)
		return 0;
	got = instream_read(s->under, buf, n);
	if (got > 0)
		s->left -= (uint64_t)got;
	return got;
}

void instream_limit(struct instream *s, struct instream *under, uint64_t limit)
{
	memset(s, 0, sizeof(*s));
	s->read = limit_read;
	s->fd = -1;
	s->under = under;
	s->left = limit;
}

ssize_t instream_read(struct instream *s, void *buf, size_t n)
{
	if (n > SSIZE_MAX)
		n = SSIZE_MAX;
	return s->read(s, buf, n);
}

/* ---- UTF-16 decoding ------------------------------------------------ */

#define U16_REPLACEMENT 0xFFFDu

static struct instream_utf16 *as_utf16(struct instream *s)
{
	return (struct instream_utf16 *)(void *)s;
}

/* reads until raw holds want bytes or the stream ends: 0, or -1 */
static int fill_raw(struct instream_utf16 *d, size_t want)
{
	while (d->nraw < want) {
		ssize_t got = instream_read(d->under, d->raw + d->nraw, want - d->nraw);
		if (got < 0)
			return -1;
		if (!got)
			break;
		d->nraw += (size_t)got;
	}
	return 0;
}

static void detect_bom(struct instream_utf16 *d)
{
	d->bom = INSTREAM_BOM_NONE;
	if (d->nraw < 2)
		return;
	if (d->raw[0] == 0xFF && d->raw[1] == 0xFE)
		d->bom = INSTREAM_BOM_LE;
	else if (d->raw[0] == 0xFE && d->raw[1] == 0xFF)
		d->bom = INSTREAM_BOM_BE;
	if (d->bom != INSTREAM_BOM_NONE)
		d->nraw = 0;
}

static void put_cp(struct instream_utf16 *d, uint32_t cp)
{
	if (cp == '\n')
		d->line++;
	utf8_add(&d->out, cp);
}

static void bad_unit(struct instream_utf16 *d)
{
	if (!d->nbad++)
		d->bad_line = d->line;
	utf8_add(&d->out, U16_REPLACEMENT);
}

static void decode_unit(struct instream_utf16 *d, uint32_t u)
{
	if (d->hi) {
		uint32_t hi = d->hi;
		d->hi = 0;
		if (u >= 0xDC00 && u <= 0xDFFF) {
			put_cp(d, 0x10000 + ((hi - 0xD800) << 10) + (u - 0xDC00));
			return;
		}
		bad_unit(d);
	}
	if (u >= 0xD800 && u <= 0xDBFF)
		d->hi = u;
	else if (u >= 0xDC00 && u <= 0xDFFF)
		bad_unit(d);
	else
		put_cp(d, u);
}

/* decodes the whole units of raw; an odd byte stays */
static void decode_raw(struct instream_utf16 *d)
{
	size_t i;
	for (i = 0; i + 1 < d->nraw; i += 2) {
		const unsigned char *b = d->raw + i;
		decode_unit(d, d->bom == INSTREAM_BOM_LE ? (uint32_t)(b[0] | b[1] << 8) : (uint32_t)(b[0] << 8 | b[1]));
	}
	memmove(d->raw, d->raw + i, d->nraw - i);
	d->nraw -= i;
}

/* the end of the input: a dangling high surrogate or odd byte */
static void decode_end(struct instream_utf16 *d)
{
	if (d->hi) {
		d->hi = 0;
		bad_unit(d);
	}
	if (d->nraw) {
		d->nraw = 0;
		bad_unit(d);
	}
}

/* decodes the next piece into out: 0 (nothing left at the end), or -1 */
static int decode_more(struct instream_utf16 *d)
{
	strbuf_reset(&d->out);
	d->ooff = 0;
	while (!d->out.len) {
		size_t before = d->nraw;
		if (fill_raw(d, INSTREAM_UTF16_RAW))
			return -1;
		if (d->nraw == before || d->nraw < 2) {
			decode_end(d);
			return 0;
		}
		decode_raw(d);
	}
	return 0;
}

static ssize_t give_out(struct instream_utf16 *d, void *buf, size_t n)
{
	size_t left = d->out.len - d->ooff;
	if (n > left)
		n = left;
	memcpy(buf, d->out.buf + d->ooff, n);
	d->ooff += n;
	return (ssize_t)n;
}

static ssize_t utf16_read(struct instream *s, void *buf, size_t n)
{
	struct instream_utf16 *d = as_utf16(s);
	if (d->bom == INSTREAM_BOM_UNSEEN) {
		if (fill_raw(d, 2))
			return -1;
		detect_bom(d);
	}
	if (d->bom == INSTREAM_BOM_NONE) {
		if (d->nraw) { /* the two bytes read to look for a mark */
			size_t k = n < d->nraw ? n : d->nraw;
			memcpy(buf, d->raw, k);
			memmove(d->raw, d->raw + k, d->nraw - k);
			d->nraw -= k;
			return (ssize_t)k;
		}
		return instream_read(d->under, buf, n);
	}
	if (d->ooff == d->out.len && decode_more(d))
		return -1;
	return give_out(d, buf, n);
}

void instream_utf16(struct instream_utf16 *d, struct instream *under)
{
	memset(d, 0, sizeof(*d));
	d->s.read = utf16_read;
	d->s.fd = -1;
	d->under = under;
	d->line = 1;
	strbuf_init(&d->out, 0);
}

void instream_utf16_release(struct instream_utf16 *d)
{
	strbuf_release(&d->out);
}
