/*
 * strpool.h - string interning.
 *
 * Every text value read from data or rules is interned: equal byte strings
 * get the same id, so comparing two texts is comparing two uint32_t.
 * Id 0 is reserved and never names a string (columns use it for null).
 * Strings are stored NUL-terminated in one growing buffer; strpool_str()
 * pointers are invalidated by the next strpool_intern() (copy or re-fetch).
 * Strings may contain NUL bytes; use strpool_len() for the length.
 * The index hashes with the run's key (util/hash.h), copied at
 * strpool_init, so crafted data cannot make interning quadratic; ids are
 * given in interning order, whatever the key.
 */
#ifndef VERDICT_STRPOOL_H
#define VERDICT_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "util/dict.h"
#include "util/hash.h"

#define STRPOOL_NONE 0u
#define STRPOOL_MAX_IDS 0x7fffffffu  /* ids stay below 2^31 (eval.h uses the top bit) */

struct strpool {
	char *data;
	size_t len, alloc;
	uint64_t *off;   /* off[id] = byte offset of string id in data */
	uint32_t *slen;  /* slen[id] = length of string id */
	size_t count, cap; /* ids in use, including the reserved 0 */
	struct dict index;
	struct hash_key key; /* of index's hashes */
};

void strpool_init(struct strpool *sp);
void strpool_release(struct strpool *sp);
uint32_t strpool_intern(struct strpool *sp, const char *s, size_t len);
uint32_t strpool_intern_cstr(struct strpool *sp, const char *s);
/* id of an already interned string, or STRPOOL_NONE */
uint32_t strpool_find(const struct strpool *sp, const char *s, size_t len);
static inline const char *strpool_str(const struct strpool *sp, uint32_t id)
{
	return sp->data + sp->off[id];
}
static inline size_t strpool_len(const struct strpool *sp, uint32_t id)
{
	return sp->slen[id];
}
static inline size_t strpool_count(const struct strpool *sp) { return sp->count - 1; }

#endif
