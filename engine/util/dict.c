/*
 * dict.c - open-addressing hash table (see dict.h).
 */
#include "util/dict.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

void dict_init(struct dict *d, const struct dict_type *type, const void *ctx)
{
	d->type = type;
	d->ctx = ctx;
	d->slots = NULL;
	d->cap = d->count = 0;
}

void dict_release(struct dict *d)
{
	free(d->slots);
	d->slots = NULL;
	d->cap = d->count = 0;
}

static uint64_t nonzero(uint64_t h) { return h ? h : 0x9e3779b97f4a7c15ULL; }

static int matches(const struct dict *d, const struct dict_entry *e, const void *probe)
{
	if (d->type && d->type->eq)
		return d->type->eq(d->ctx, e, probe);
	return e->key == *(const uint64_t *)probe;
}

struct dict_entry *dict_find(const struct dict *d, uint64_t hash, const void *probe)
{
	size_t mask, i;
	if (!d->cap)
		return NULL;
	hash = nonzero(hash);
	mask = d->cap - 1;
	for (i = hash & mask;; i = (i + 1) & mask) {
		struct dict_entry *e = &d->slots[i];
		if (!e->hash)
			return NULL;
		if (e->hash == hash && matches(d, e, probe))
			return e;
	}
}

static void place(struct dict_entry *slots, size_t cap, const struct dict_entry *src)
{
	size_t i, mask = cap - 1;
	for (i = src->hash & mask; slots[i].hash; i = (i + 1) & mask)
		;
	slots[i] = *src;
}

static void grow(struct dict *d)
{
	size_t ncap = d->cap ? d->cap * 2 : 16, i;
	struct dict_entry *ns = xcalloc(ncap, sizeof(*ns));
	for (i = 0; i < d->cap; i++)
		if (d->slots[i].hash)
			place(ns, ncap, &d->slots[i]);
	free(d->slots);
	d->slots = ns;
	d->cap = ncap;
}

struct dict_entry *dict_insert(struct dict *d, uint64_t hash, uint64_t key, uint64_t val)
{
	struct dict_entry e;
	size_t i, mask;
	if ((d->count + 1) * 2 > d->cap)
		grow(d);
	e.hash = nonzero(hash);
	e.key = key;
	e.val = val;
	mask = d->cap - 1;
	for (i = e.hash & mask; d->slots[i].hash; i = (i + 1) & mask)
		;
	d->slots[i] = e;
	d->count++;
	return &d->slots[i];
}

uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

uint64_t hash_combine(uint64_t h, uint64_t x)
{
	return hash_u64(h ^ (x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

/* 8 bytes at a time, mixed with the splitmix finalizer: fast and good
 * enough for hash tables (not for anything adversarial or persistent). */
uint64_t hash_bytes(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ULL), w;
	while (len >= 8) {
		memcpy(&w, p, 8);
		h = hash_u64(h ^ w) + 0x632be59bd9b4e019ULL;
		p += 8;
		len -= 8;
	}
	w = 0;
	memcpy(&w, p, len);
	return hash_u64(h ^ w ^ ((uint64_t)len << 56));
}
