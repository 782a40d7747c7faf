/*
 * hexsha.c - the client side of SQLite's fingerprints (tests/e2e/sql.sh):
 * each input line is the hex of the bytes to hash; prints "HEX,FP" with
 * FP the first 16 hex digits of their SHA-256 (README "Scaling out").
 * Standalone C99 over libcrypto; the test compiles it with cc.
 */
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nibble(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0, n, i;
	ssize_t len;
	unsigned char *bytes = NULL, md[SHA256_DIGEST_LENGTH];
	while ((len = getline(&line, &cap, stdin)) > 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		n = (size_t)len / 2;
		bytes = realloc(bytes, n + 1);
		for (i = 0; i < n; i++) {
			int h = nibble(line[2 * i]), l = nibble(line[2 * i + 1]);
			if (h < 0 || l < 0 || len % 2) {
				fprintf(stderr, "hexsha: not hex: %s\n", line);
				return 1;
			}
			bytes[i] = (unsigned char)(h << 4 | l);
		}
		SHA256(bytes, n, md);
		printf("%s,", line);
		for (i = 0; i < 8; i++)
			printf("%02x", md[i]);
		putchar('\n');
	}
	free(line);
	free(bytes);
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
