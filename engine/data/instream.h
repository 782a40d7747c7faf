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
#include <sys/types.h>

struct instream {
	ssize_t (*read)(struct instream *s, void *buf, size_t n);
	int fd;                  /* instream_from_fd */
	const char *mem;         /* instream_from_memory: mem[off..len) is left */
	size_t len, off;
};

void instream_from_fd(struct instream *s, int fd);
void instream_from_memory(struct instream *s, const void *buf, size_t len);
ssize_t instream_read(struct instream *s, void *buf, size_t n);

#endif
