/*
 * strpool.c - string interning (see strpool.h).
 */
#include "util/strpool.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

#define SP_LEN_BITS 16
/* strpool_reserve: of the strings to come, about one in this many is
 * interned (data/ingest.c stores mostly distinct text raw); the index
 * grows if more are, the id arrays are sized for all */
#define STRPOOL_INTERNED_SHARE 8
#define SP_LEN_BIG ((1u << SP_LEN_BITS) - 1) /* the length is in slen[id] */

static uint64_t pack(uint64_t off, size_t len)
{
	return off << SP_LEN_BITS | (len < SP_LEN_BIG ? len : SP_LEN_BIG);
}

void strpool_init(struct strpool *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->key = hash_run_key();
	ALLOC_GROW(sp->data, 1, sp->alloc);
	ALLOC_GROW(sp->off, 1, sp->cap);
	sp->slen = xrealloc(NULL, sp->cap * sizeof(*sp->slen));
	sp->data[0] = '\0';
	sp->len = 1;
	sp->off[0] = 0;
	sp->slen[0] = 0;
	sp->count = 1;
	sp->nindexed = 0;
}

void strpool_release(struct strpool *sp)
{
	free(sp->slots);
	free(sp->data);
	free(sp->off);
	free(sp->slen);
	free(sp->raw);
	memset(sp, 0, sizeof(*sp));
}

static void *copy(const void *p, size_t n)
{
	return n ? memcpy(xmalloc(n), p, n) : NULL;
}

void strpool_clone(struct strpool *dst, const struct strpool *src)
{
	*dst = *src;
	dst->data = copy(src->data, src->alloc);
	dst->off = copy(src->off, src->cap * sizeof(*src->off));
	dst->slen = copy(src->slen, src->cap * sizeof(*src->slen));
	dst->slots = copy(src->slots, src->nslots * sizeof(*src->slots));
	dst->raw = src->raw ? copy(src->raw, (src->cap + 63) / 64 * sizeof(*src->raw)) : NULL;
}

/* A string's first slot: the low bits of its tag (the index never holds
 * 2^32 slots), so the tag alone places it again when the index grows. */
static size_t slot_home(uint32_t tag, size_t mask) { return (size_t)tag & mask; }

/* The slot holding s, or the empty slot where it would go. */
static struct strpool_slot *probe(const struct strpool *sp, uint64_t h, const char *s, size_t len)
{
	size_t mask = sp->nslots - 1, i;
	uint32_t tag = (uint32_t)(h >> 32);
	for (i = slot_home(tag, mask);; i = (i + 1) & mask) {
		struct strpool_slot *e = &sp->slots[i];
		if (!e->id)
			return e;
		if (e->tag != tag)
			continue;
		if ((e->offlen & SP_LEN_BIG) == SP_LEN_BIG) {
			if (sp->slen[e->id] != len)
				continue;
		} else if ((e->offlen & SP_LEN_BIG) != len) {
			continue;
		}
		if (!memcmp(sp->data + (e->offlen >> SP_LEN_BITS), s, len))
			return e;
	}
}

/* A table of n slots (a power of two) holding every string.  A slot's
 * place comes from its tag (slot_home), so the strings need not be read
 * or hashed again. */
static void rebuild(struct strpool *sp, size_t n)
{
	struct strpool_slot *old = sp->slots;
	size_t nold = sp->nslots, k, mask = n - 1;
	sp->slots = xcalloc_touch(n, sizeof(*sp->slots));
	sp->nslots = n;
	for (k = 0; k < nold; k++) {
		size_t i;
		if (!old[k].id)
			continue;
		for (i = slot_home(old[k].tag, mask); sp->slots[i].id; i = (i + 1) & mask)
			;
		sp->slots[i] = old[k];
	}
	free(old);
}

/* slots for n strings at load <= 1/2 */
static size_t slots_for(size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	return cap;
}

/* room for want ids; slen and the raw bitmap follow the capacity */
static void grow_ids_to(struct strpool *sp, size_t want)
{
	size_t oldcap = sp->cap;
	ALLOC_GROW(sp->off, want, sp->cap);
	if (sp->cap == oldcap)
		return;
	sp->slen = xrealloc(sp->slen, sp->cap * sizeof(*sp->slen));
	if (sp->raw) {
		size_t oldw = (oldcap + 63) / 64, neww = (sp->cap + 63) / 64;
		sp->raw = xrealloc(sp->raw, neww * sizeof(*sp->raw));
		memset(sp->raw + oldw, 0, (neww - oldw) * sizeof(*sp->raw));
	}
}

void strpool_reserve(struct strpool *sp, size_t nstrings, size_t nbytes)
{
	size_t want = sp->count + nstrings;
	if (slots_for(sp->nindexed + nstrings / STRPOOL_INTERNED_SHARE) > sp->nslots)
		rebuild(sp, slots_for(sp->nindexed + nstrings / STRPOOL_INTERNED_SHARE));
	ALLOC_GROW(sp->data, sp->len + nbytes, sp->alloc);
	grow_ids_to(sp, want);
}

uint32_t strpool_find(const struct strpool *sp, const char *s, size_t len)
{
	if (!sp->nslots)
		return STRPOOL_NONE;
	return probe(sp, hash_bytes(&sp->key, s, len), s, len)->id;
}

/* a new id for a copy of s (not indexed) */
static uint32_t append(struct strpool *sp, const char *s, size_t len)
{
	uint32_t id;
	ALLOC_GROW(sp->data, sp->len + len + 1, sp->alloc);
	if (sp->count >= STRPOOL_MAX_IDS)
		xmalloc(SIZE_MAX); /* out of ids: treat like out of memory */
	grow_ids_to(sp, sp->count + 1);
	id = (uint32_t)sp->count++;
	sp->off[id] = sp->len;
	sp->slen[id] = (uint32_t)len;
	memcpy(sp->data + sp->len, s, len);
	sp->data[sp->len + len] = '\0';
	sp->len += len + 1;
	return id;
}

uint32_t strpool_add_raw(struct strpool *sp, const char *s, size_t len)
{
	uint32_t id = append(sp, s, len);
	if (!sp->raw)
		sp->raw = xcalloc((sp->cap + 63) / 64, sizeof(*sp->raw));
	sp->raw[id >> 6] |= 1ULL << (id & 63);
	return id | STRPOOL_RAW;
}

uint64_t strpool_hash(const struct strpool *sp, const char *s, size_t len)
{
	return hash_bytes(&sp->key, s, len);
}

void strpool_prefetch(const struct strpool *sp, uint64_t h)
{
	if (sp->nslots)
		__builtin_prefetch(&sp->slots[slot_home((uint32_t)(h >> 32), sp->nslots - 1)]);
}

uint32_t strpool_intern(struct strpool *sp, const char *s, size_t len)
{
	return strpool_intern_hashed(sp, hash_bytes(&sp->key, s, len), s, len);
}

uint32_t strpool_intern_hashed(struct strpool *sp, uint64_t h, const char *s, size_t len)
{
	struct strpool_slot *e = sp->nslots ? probe(sp, h, s, len) : NULL;
	uint32_t id;
	if (e && e->id)
		return e->id;
	id = append(sp, s, len);
	if (++sp->nindexed * 2 > sp->nslots) {
		rebuild(sp, slots_for(sp->nindexed));
		e = probe(sp, h, s, len);
	}
	e->tag = (uint32_t)(h >> 32);
	e->id = id;
	e->offlen = pack(sp->off[id], len);
	return id;
}

uint32_t strpool_intern_cstr(struct strpool *sp, const char *s)
{
	return strpool_intern(sp, s, strlen(s));
}
