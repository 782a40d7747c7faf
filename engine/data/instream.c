/*
 * instream.c - reading from a file descriptor or a memory buffer (see
 * instream.h).
 */
#include "data/instream.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

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

ssize_t instream_read(struct instream *s, void *buf, size_t n)
{
	if (n > SSIZE_MAX)
		n = SSIZE_MAX;
	return s->read(s, buf, n);
}
