/*
 * alloc.h - the one allocation wrapper.
 *
 * Every heap allocation in verdict goes through these functions.  On
 * failure they print "verdict: out of memory" and exit with status 3
 * (internal error), so callers never test for NULL.
 *
 * For fault-injection tests, alloc_fail_after(n) makes the n-th next
 * allocation call the failure handler; alloc_set_failure_handler()
 * replaces the exit (a test can longjmp out instead).
 */
#ifndef VERDICT_ALLOC_H
#define VERDICT_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
/* Like xcalloc, but the zeroes are written, not left to fresh pages:
 * for a hash table probed (read) at random before it is written.  A
 * calloc'd page read first maps the shared zero page and faults again on
 * the first write, and in a multi-threaded process that second fault
 * flushes every CPU's TLB (an IPI each); writing the zeroes up front
 * costs one sequential pass instead. */
void *xcalloc_touch(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xmemdup(const void *p, size_t n); /* NUL-terminated copy */

/* Grow *arr (element size esz) so that it holds at least need elements;
 * *cap is updated.  Growth is geometric. */
void alloc_grow(void **arr, size_t esz, size_t need, size_t *cap);
#define ALLOC_GROW(arr, need, cap) \
	alloc_grow((void **)&(arr), sizeof(*(arr)), (need), &(cap))

typedef void (*alloc_failure_fn)(size_t n);
void alloc_set_failure_handler(alloc_failure_fn fn);
void alloc_fail_after(long n); /* -1 disables */

#endif
