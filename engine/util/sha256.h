/*
 * sha256.h - SHA-256 (FIPS 180-4), streaming.
 *
 * Used for input and rule-file digests in manifest.json, for run ids and
 * for finding fingerprints.  Written here rather than taken from a crypto
 * library to keep verdict's dependencies to the four it is built on; it is
 * checked against the FIPS test vectors in tests/unit/test_sha256.c.
 */
#ifndef VERDICT_SHA256_H
#define VERDICT_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;        /* bytes hashed */
	unsigned char buf[64];
	size_t nbuf;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* lowercase hex of the digest; hex must hold 65 bytes */
void sha256_hex(const unsigned char digest[32], char *hex);
/* digest of a whole file as hex; -1 if it cannot be read or is not a
 * regular file */
int sha256_file(const char *path, char hex[65]);

#endif
