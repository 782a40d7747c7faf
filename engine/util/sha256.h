/*
 * sha256.h - SHA-256 (FIPS 180-4), streaming, over OpenSSL's libcrypto.
 *
 * Used for input and rule-file digests in manifest.json (inputs are
 * digested while they are read, data/load.c), for run ids and for finding
 * fingerprints.  libcrypto's EVP SHA-256 uses the CPU's SHA extensions
 * (SHA-NI, ARMv8 SHA2) where present: on the benchmark machine it hashes
 * the 1M-line bundle about four times faster than the portable code it
 * replaced; the NIST vectors are checked in tests/unit/test_sha256.c.
 * An allocation failure inside libcrypto is treated as out of memory
 * (util/alloc.h: the process exits).
 */
#ifndef VERDICT_SHA256_H
#define VERDICT_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	void *ctx;           /* EVP_MD_CTX, owned between init and final */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* writes the digest and releases the context (init again to reuse s) */
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* lowercase hex of the digest; hex must hold 65 bytes */
void sha256_hex(const unsigned char digest[32], char *hex);
/* digest of a whole file as hex; -1 if it cannot be read or is not a
 * regular file */
int sha256_file(const char *path, char hex[65]);

#endif
