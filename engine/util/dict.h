/*
 * dict.h - one generic hash table, configured by a type struct (after
 * Redis' dict.h).
 *
 * The table maps a 64-bit key to a 64-bit value.  What a key means is up to
 * the user: a string id, a row number, a pointer.  Equality between a
 * stored entry and a probe (whatever the caller looks up with) is decided
 * by type->eq, which sees the whole entry (so a user can keep what it
 * compares first in key and val, saving a memory access); with eq == NULL
 * the probe is a const uint64_t * compared with the stored key.  The
 * caller computes hashes (util/hash.h: keyed, as every table fed by input
 * data must be), so a probe need not be a stored key (the duplicate-key
 * check probes with a row number and compares its key columns).  Slot
 * order depends on the hashes, so nothing may iterate a dict to produce
 * output.  (The string pool has its own, more compact index.)
 *
 * Open addressing, linear probing, power-of-two capacity, load <= 1/2.
 * Entries never move except on growth; dict_find results are valid until
 * the next insertion.  No deletion (nothing in verdict needs it).
 */
#ifndef VERDICT_DICT_H
#define VERDICT_DICT_H

#include <stddef.h>
#include <stdint.h>

struct dict_entry {
	uint64_t hash;  /* 0 marks an empty slot; real hashes are forced to non-zero */
	uint64_t key;
	uint64_t val;
};

struct dict_type {
	/* non-zero when the stored entry equals the probe */
	int (*eq)(const void *ctx, const struct dict_entry *stored, const void *probe);
};

struct dict {
	const struct dict_type *type;
	const void *ctx;
	struct dict_entry *slots;
	size_t cap;   /* power of two, or 0 */
	size_t count;
};

void dict_init(struct dict *d, const struct dict_type *type, const void *ctx);
void dict_release(struct dict *d);
struct dict_entry *dict_find(const struct dict *d, uint64_t hash, const void *probe);
/* the hash as stored: 0 marks an empty slot, so a real 0 is replaced */
static inline uint64_t dict_stored_hash(uint64_t h) { return h ? h : 0x9e3779b97f4a7c15ULL; }
/* Room for n entries in all, so that inserting them grows nothing. */
void dict_reserve(struct dict *d, size_t n);
/* Starts loading the slot a lookup of hash begins at (a hint, no effect
 * on results): for a caller that knows its next hashes in advance. */
static inline void dict_prefetch(const struct dict *d, uint64_t hash)
{
	if (d->cap)
		__builtin_prefetch(&d->slots[dict_stored_hash(hash) & (d->cap - 1)]);
}
/* Adds an entry; the caller makes sure the key is not present yet. */
struct dict_entry *dict_insert(struct dict *d, uint64_t hash, uint64_t key, uint64_t val);

#endif
