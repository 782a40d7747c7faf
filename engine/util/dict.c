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
	hash = dict_stored_hash(hash);
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

/* a capacity of ncap slots (a power of two, above 2 * count) */
static void resize(struct dict *d, size_t ncap)
{
	struct dict_entry *ns = xcalloc_touch(ncap, sizeof(*ns));
	size_t i;
	for (i = 0; i < d->cap; i++)
		if (d->slots[i].hash)
			place(ns, ncap, &d->slots[i]);
	free(d->slots);
	d->slots = ns;
	d->cap = ncap;
}

static void grow(struct dict *d) { resize(d, d->cap ? d->cap * 2 : 16); }

void dict_reserve(struct dict *d, size_t n)
{
	size_t cap = d->cap ? d->cap : 16;
	while (cap < 2 * n)
		cap *= 2;
	if (cap > d->cap)
		resize(d, cap);
}

struct dict_entry *dict_insert(struct dict *d, uint64_t hash, uint64_t key, uint64_t val)
{
	struct dict_entry e;
	size_t i, mask;
	if ((d->count + 1) * 2 > d->cap)
		grow(d);
	e.hash = dict_stored_hash(hash);
	e.key = key;
	e.val = val;
	mask = d->cap - 1;
	for (i = e.hash & mask; d->slots[i].hash; i = (i + 1) & mask)
		;
	d->slots[i] = e;
	d->count++;
	return &d->slots[i];
}
