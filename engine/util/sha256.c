/*
 * sha256.c - SHA-256 over libcrypto's EVP interface (see sha256.h).
 */
#include "util/sha256.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"

static EVP_MD *fetched;
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;

/* The algorithm fetched once: EVP_sha256() would look it up again at
 * every EVP_DigestInit_ex (OpenSSL 3), which costs more than hashing a
 * fingerprint's few bytes. */
static void fetch_md(void)
{
	fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static const EVP_MD *md(void)
{
	pthread_once(&fetch_once, fetch_md);
	return fetched ? fetched : EVP_sha256();
}

static void out_of_memory(void)
{
	xmalloc(SIZE_MAX); /* reports and exits, as any failed allocation */
}

void sha256_init(struct sha256 *s)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, md(), NULL))
		out_of_memory();
	s->ctx = ctx;
}

void sha256_update(struct sha256 *s, const void *data, size_t n)
{
	if (n && !EVP_DigestUpdate(s->ctx, data, n))
		out_of_memory();
}

void sha256_final(struct sha256 *s, unsigned char out[32])
{
	unsigned int len = 32;
	if (!EVP_DigestFinal_ex(s->ctx, out, &len))
		out_of_memory();
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
}

void sha256_hex(const unsigned char digest[32], char *hex)
{
	static const char x[] = "0123456789abcdef";
	int i;
	for (i = 0; i < 32; i++) {
		hex[2 * i] = x[digest[i] >> 4];
		hex[2 * i + 1] = x[digest[i] & 15];
	}
	hex[64] = '\0';
}

int sha256_file(const char *path, char hex[65])
{
	unsigned char *buf, d[32];
	struct sha256 s;
	size_t n;
	struct stat st;
	FILE *fp;
	/* O_NONBLOCK: a FIFO is not waited on; only a regular file is hashed
	 * (/dev/zero would never end) */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !(fp = fdopen(fd, "rb"))) {
		close(fd);
		return -1;
	}
	buf = xmalloc(1 << 16);
	sha256_init(&s);
	while ((n = fread(buf, 1, 1 << 16, fp)) > 0)
		sha256_update(&s, buf, n);
	sha256_final(&s, d);
	free(buf);
	if (ferror(fp)) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	sha256_hex(d, hex);
	return 0;
}
