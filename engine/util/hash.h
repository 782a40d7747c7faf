/*
 * hash.h - keyed hashing of input data: SipHash-1-3 with a per-run key.
 *
 * Every hash table fed by input data (the string pool, the plan indexes,
 * the duplicate-key check of ingest) hashes with a secret 128-bit key
 * chosen once per run.  With an unkeyed hash, an export can be crafted so
 * that its values all collide, and interning or indexing it becomes
 * quadratic (hash flooding); without the key, colliding inputs cannot be
 * computed in advance.  SipHash-1-3 (Aumasson and Bernstein's SipHash with
 * one compression and three finalization rounds, the variant Rust's
 * HashMap uses) is a keyed pseudo-random function built for exactly this,
 * fast on short inputs.
 *
 * The run key comes, at its first use, from
 *   - the environment variable VERDICT_HASH_SEED, a 64-bit number (decimal
 *     or 0x-hex), to reproduce a run exactly (a bad value is a warning and
 *     falls back to a random key);
 *   - else getrandom(2) (/dev/urandom, then time and pid, if unavailable);
 * and hash_set_seed() replaces it (tests, embedders).
 *
 * Invariants:
 *   - Outputs never depend on the key: no caller iterates a table in slot
 *     order (string ids and index chains follow insertion order).
 *   - A table copies the key it starts with (struct hash_key) and hashes
 *     with that copy only, so a new seed never disturbs a table already
 *     filled.  hash_run_key() is thread-safe; hash_set_seed() must be
 *     called before threads that read the key are started.
 *   - hash_bytes(k, p, 8 * n) equals hash_begin, hash_add_u64 of the n
 *     little-endian words of p, hash_end (on a little-endian machine).
 */
#ifndef VERDICT_HASH_H
#define VERDICT_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_SEED_ENV "VERDICT_HASH_SEED"

struct hash_key {
	uint64_t k0, k1;
};

/* incremental hashing of 64-bit words */
struct hash_state {
	uint64_t v0, v1, v2, v3;
	uint64_t nbytes;
};

/* the run key (chosen at the first call, see above) */
struct hash_key hash_run_key(void);
/* derives the run key from seed, replacing the current one */
void hash_set_seed(uint64_t seed);

uint64_t hash_bytes(const struct hash_key *k, const void *data, size_t len);
void hash_begin(struct hash_state *s, const struct hash_key *k);
void hash_add_u64(struct hash_state *s, uint64_t word);
uint64_t hash_end(const struct hash_state *s);

#endif
