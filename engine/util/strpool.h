/*
 * strpool.h - string interning.
 *
 * Text read from data or rules is interned: equal byte strings get the
 * same id, so comparing two interned texts is comparing two uint32_t.
 * A string can also be added raw (strpool_add_raw): stored, not indexed,
 * its id marked with STRPOOL_RAW.  Raw strings cost no hashing and no
 * index slot, for text where identity does not pay (a column of mostly
 * distinct values no join looks up); the price is that two ids of which
 * one is raw may name equal strings (compare their bytes: strpool_same),
 * and strpool_find never returns a raw id.
 * Id 0 is reserved and never names a string (columns use it for null).
 * Strings are stored NUL-terminated in one growing buffer; strpool_str()
 * pointers are invalidated by the next strpool_intern() (copy or re-fetch).
 * Strings may contain NUL bytes; use strpool_len() for the length.
 * The index hashes with the run's key (util/hash.h), copied at
 * strpool_init, so crafted data cannot make interning quadratic; ids are
 * given in interning order, whatever the key.
 *
 * The index is its own open-addressing table of 16-byte slots (id 0:
 * empty): a 32-bit tag from the hash's high half, the id, and the
 * string's offset and length packed in one word, so a probe reads one
 * slot and, only when the tag matches, the bytes (one more cache line);
 * a tag mismatch costs no memcmp.  Linear probing, power-of-two capacity,
 * load <= 1/2; a slot's first place is its tag's low bits, so growth
 * moves slots without reading or hashing the strings again.
 * strpool_reserve() sizes it (and the byte buffer) up front, from an
 * estimate such as the size of the file about to be read.
 */
#ifndef VERDICT_STRPOOL_H
#define VERDICT_STRPOOL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/hash.h"

#define STRPOOL_NONE 0u
#define STRPOOL_RAW 0x40000000u      /* in an id: added raw, not interned */
#define STRPOOL_MAX_IDS 0x3fffffffu  /* ids stay below 2^30 (the RAW bit; eval.h uses the top bit) */

struct strpool_slot {
	uint32_t tag;    /* the hash's high 32 bits */
	uint32_t id;     /* 0: empty */
	uint64_t offlen; /* offset << 16 | length (0xffff: look in slen) */
};

struct strpool {
	char *data;
	size_t len, alloc;
	uint64_t *off;   /* off[id] = byte offset of string id in data */
	uint32_t *slen;  /* slen[id] = length of string id */
	uint64_t *raw;   /* bit id: added raw (not in the index); NULL: none is */
	size_t count, cap; /* ids in use, including the reserved 0 */
	struct strpool_slot *slots;
	size_t nslots;   /* power of two, or 0 */
	size_t nindexed; /* strings in the index (raw ones are not): it has
	                    at least twice as many slots */
	struct hash_key key; /* of index's hashes */
};

void strpool_init(struct strpool *sp);
void strpool_release(struct strpool *sp);
uint32_t strpool_intern(struct strpool *sp, const char *s, size_t len);
/* A new id for a copy of s, not interned (STRPOOL_RAW is set in it). */
uint32_t strpool_add_raw(struct strpool *sp, const char *s, size_t len);
uint32_t strpool_intern_cstr(struct strpool *sp, const char *s);
/* For a caller that knows the strings to come (merging one pool into
 * another): h = strpool_hash(s), strpool_prefetch(h) some strings ahead,
 * then strpool_intern_hashed(h, s), which equals strpool_intern(s). */
uint64_t strpool_hash(const struct strpool *sp, const char *s, size_t len);
void strpool_prefetch(const struct strpool *sp, uint64_t h);
uint32_t strpool_intern_hashed(struct strpool *sp, uint64_t h, const char *s, size_t len);
/* dst becomes a copy of src (same ids, same key); dst is not initialized. */
void strpool_clone(struct strpool *dst, const struct strpool *src);
/* Room for about nstrings more strings of nbytes bytes in all, so that
 * interning them grows nothing (an estimate: more is fine, so is less). */
void strpool_reserve(struct strpool *sp, size_t nstrings, size_t nbytes);
/* id of an already interned string, or STRPOOL_NONE */
uint32_t strpool_find(const struct strpool *sp, const char *s, size_t len);
static inline const char *strpool_str(const struct strpool *sp, uint32_t id)
{
	return sp->data + sp->off[id & ~STRPOOL_RAW];
}
static inline size_t strpool_len(const struct strpool *sp, uint32_t id)
{
	return sp->slen[id & ~STRPOOL_RAW];
}
/* whether the pool's own id (no STRPOOL_RAW bit: ids as it counts them)
 * was added raw */
static inline int strpool_is_raw(const struct strpool *sp, size_t id)
{
	return sp->raw && (sp->raw[id >> 6] >> (id & 63) & 1);
}
/* whether ids a and b name equal strings */
static inline int strpool_same(const struct strpool *sp, uint32_t a, uint32_t b)
{
	size_t n;
	if (a == b)
		return 1;
	if (!((a | b) & STRPOOL_RAW))
		return 0;   /* both interned */
	n = strpool_len(sp, a);
	return n == strpool_len(sp, b) && !memcmp(strpool_str(sp, a), strpool_str(sp, b), n);
}
static inline size_t strpool_count(const struct strpool *sp) { return sp->count - 1; }

#endif
