/*
 * instream.h - the bytes a reader parses: a file descriptor or a memory
 * buffer behind one read method.
 *
 *   struct instream s;
 *   instream_from_fd(&s, fd);              or instream_from_memory(&s, buf, len);
 *   while ((n = instream_read(&s, buf, sizeof(buf))) > 0)
 *           ...
 *
 * instream_read() returns the number of bytes read (at most n), 0 at the
 * end of the input, or -1 with errno set on a read error; an interrupted
 * read (EINTR) is retried.  A stream neither opens nor closes anything:
 * the file descriptor and the buffer belong to the caller and must
 * outlive the stream.  A stream has no name: the name used in messages
 * is the table's (table_stats.path), set by whoever opened the input.
 */
#ifndef VERDICT_INSTREAM_H
#define VERDICT_INSTREAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/strbuf.h"

/* [start, end) bytes of a file */
struct instream_range {
	uint64_t start, end;
};
#define INSTREAM_MAX_RANGES 2

struct instream {
	ssize_t (*read)(struct instream *s, void *buf, size_t n);
	int fd;                  /* instream_from_fd, instream_from_ranges */
	const char *mem;         /* instream_from_memory: mem[off..len) is left */
	size_t len, off;
	struct instream_range ranges[INSTREAM_MAX_RANGES]; /* instream_from_ranges */
	size_t nranges, cur;     /* ranges[cur] is being read (from its start) */
	struct instream *under;  /* instream_limit */
	uint64_t left;           /* instream_limit: bytes it may still pass */
};

void instream_from_fd(struct instream *s, int fd);
void instream_from_memory(struct instream *s, const void *buf, size_t len);
/* The byte ranges r[0..n) of fd, one after the other, read with pread (the
 * descriptor's offset is neither used nor moved, so several streams may
 * read one descriptor on several threads); n <= INSTREAM_MAX_RANGES.  A
 * file shorter than a range ends the stream early. */
void instream_from_ranges(struct instream *s, int fd, const struct instream_range *r, size_t n);
/* The first limit bytes of under (which must outlive s). */
void instream_limit(struct instream *s, struct instream *under, uint64_t limit);
ssize_t instream_read(struct instream *s, void *buf, size_t n);

/*
 * A decoding layer: reads another stream and detects a UTF-16 byte-order
 * mark at its start.  With FF FE (little endian) or FE FF (big endian) the
 * mark is dropped and the rest is decoded to UTF-8; line ends come through
 * as they are (CR LF stays CR LF), so the lines of the decoded text are
 * the file's lines.  An unpaired surrogate, or an odd byte at the end,
 * becomes U+FFFD and is counted (nbad, and the decoded line of the first
 * in bad_line) for the loader to report.  Without a UTF-16 mark the bytes
 * pass unchanged (a UTF-8 mark too: the readers drop it).
 *
 *   struct instream_utf16 d;
 *   instream_utf16(&d, &fdstream);
 *   reader(..., &d.s);
 *   instream_utf16_release(&d);
 *
 * d.s is the stream to read; `under` must outlive it.
 */
#define INSTREAM_UTF16_RAW 4096          /* UTF-16 bytes decoded at a time */

enum instream_bom { INSTREAM_BOM_UNSEEN, INSTREAM_BOM_NONE, INSTREAM_BOM_LE, INSTREAM_BOM_BE };

struct instream_utf16 {
	struct instream s;           /* first: the stream handed to readers */
	struct instream *under;
	enum instream_bom bom;
	unsigned char raw[INSTREAM_UTF16_RAW];
	size_t nraw;                 /* undecoded bytes in raw (an odd one kept) */
	struct strbuf out;           /* decoded, not yet returned: out.buf[ooff..len) */
	size_t ooff;
	uint32_t hi;                 /* a high surrogate waiting for its low half, or 0 */
	uint32_t line;               /* decoded line, from 1 */
	size_t nbad;                 /* U+FFFD written for unpaired surrogates or an odd byte */
	uint32_t bad_line;           /* line of the first */
};

void instream_utf16(struct instream_utf16 *d, struct instream *under);
void instream_utf16_release(struct instream_utf16 *d);

#endif
