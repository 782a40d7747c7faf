/*
 * alloc.c - allocation wrapper with out-of-memory handling and fault
 * injection (see alloc.h).
 */
#include "util/alloc.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/error.h"

static long fail_countdown = -1;
static alloc_failure_fn failure_handler;

void alloc_set_failure_handler(alloc_failure_fn fn) { failure_handler = fn; }
void alloc_fail_after(long n) { fail_countdown = n; }

static void out_of_memory(size_t n)
{
	if (failure_handler)
		failure_handler(n);
	error("out of memory (allocating %zu bytes)", n);
	cleanup_run();
	exit(3);
}

static int injected_failure(void)
{
	if (fail_countdown < 0)
		return 0;
	return fail_countdown-- == 0;
}

void *xmalloc(size_t n)
{
	void *p = injected_failure() ? NULL : malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = injected_failure() ? NULL : calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *xcalloc_touch(size_t count, size_t size)
{
	void *p;
	if (size && count > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	p = xmalloc(count * size);
	memset(p, 0, count * size);
	return p;
}

void *xrealloc(void *old, size_t n)
{
	void *p = injected_failure() ? NULL : realloc(old, n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

char *xmemdup(const void *src, size_t n)
{
	char *p = xmalloc(n + 1);
	if (n)
		memcpy(p, src, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s) { return xmemdup(s, strlen(s)); }

void alloc_grow(void **arr, size_t esz, size_t need, size_t *cap)
{
	size_t ncap;
	if (need <= *cap)
		return;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > PTRDIFF_MAX / 2 / esz) /* no object can be that large */
			out_of_memory(SIZE_MAX);
		ncap *= 2;
	}
	*arr = xrealloc(*arr, ncap * esz);
	*cap = ncap;
}
