/*
 * hash.c - SipHash-1-3 and the run key (see hash.h).
 */
#include "util/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "util/error.h"

#define SIP_C_ROUNDS 1
#define SIP_D_ROUNDS 3

static struct hash_key run_key;
static pthread_once_t run_key_once = PTHREAD_ONCE_INIT;

/* ---- SipHash ------------------------------------------------------- */

static uint64_t rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

static void sipround(struct hash_state *s)
{
	s->v0 += s->v1;
	s->v1 = rotl(s->v1, 13);
	s->v1 ^= s->v0;
	s->v0 = rotl(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = rotl(s->v3, 16);
	s->v3 ^= s->v2;
	s->v0 += s->v3;
	s->v3 = rotl(s->v3, 21);
	s->v3 ^= s->v0;
	s->v2 += s->v1;
	s->v1 = rotl(s->v1, 17);
	s->v1 ^= s->v2;
	s->v2 = rotl(s->v2, 32);
}

static void compress(struct hash_state *s, uint64_t m)
{
	int i;
	s->v3 ^= m;
	for (i = 0; i < SIP_C_ROUNDS; i++)
		sipround(s);
	s->v0 ^= m;
}

/* the last word: up to 7 tail bytes, the length in the top byte */
static uint64_t finish(struct hash_state *s, uint64_t tail)
{
	int i;
	compress(s, tail | s->nbytes << 56);
	s->v2 ^= 0xff;
	for (i = 0; i < SIP_D_ROUNDS; i++)
		sipround(s);
	return s->v0 ^ s->v1 ^ s->v2 ^ s->v3;
}

void hash_begin(struct hash_state *s, const struct hash_key *k)
{
	s->v0 = k->k0 ^ 0x736f6d6570736575ULL;
	s->v1 = k->k1 ^ 0x646f72616e646f6dULL;
	s->v2 = k->k0 ^ 0x6c7967656e657261ULL;
	s->v3 = k->k1 ^ 0x7465646279746573ULL;
	s->nbytes = 0;
}

void hash_add_u64(struct hash_state *s, uint64_t word)
{
	compress(s, word);
	s->nbytes += 8;
}

uint64_t hash_end(const struct hash_state *s)
{
	struct hash_state t = *s;
	return finish(&t, 0);
}

static uint64_t load_le(const unsigned char *p, size_t n)
{
	uint64_t w = 0;
	size_t i;
	for (i = 0; i < n; i++)
		w |= (uint64_t)p[i] << (8 * i);
	return w;
}

uint64_t hash_bytes(const struct hash_key *k, const void *data, size_t len)
{
	const unsigned char *p = data;
	struct hash_state s;
	hash_begin(&s, k);
	s.nbytes = len;
	for (; len >= 8; p += 8, len -= 8)
		compress(&s, load_le(p, 8));
	return finish(&s, load_le(p, len));
}

/* ---- the run key --------------------------------------------------- */

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static struct hash_key key_from_seed(uint64_t seed)
{
	struct hash_key k;
	k.k0 = splitmix(&seed);
	k.k1 = splitmix(&seed);
	return k;
}

static int read_urandom(void *buf, size_t n)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got;
	if (fd < 0)
		return -1;
	got = read(fd, buf, n);
	close(fd);
	return got == (ssize_t)n ? 0 : -1;
}

static struct hash_key random_key(void)
{
	struct hash_key k;
	struct timespec ts;
	ssize_t got;
	do
		got = getrandom(&k, sizeof(k), 0);
	while (got < 0 && errno == EINTR);
	if (got == (ssize_t)sizeof(k) || !read_urandom(&k, sizeof(k)))
		return k;
	/* no entropy source at all: still unpredictable enough per run */
	clock_gettime(CLOCK_REALTIME, &ts);
	return key_from_seed((uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 20 ^ (uint64_t)getpid() << 40);
}

static void init_run_key(void)
{
	const char *s = getenv(HASH_SEED_ENV);
	char *end;
	unsigned long long seed;
	if (s && *s) {
		errno = 0;
		seed = strtoull(s, &end, 0);
		if (!errno && !*end && *s != '-') {
			run_key = key_from_seed(seed);
			return;
		}
		warning("%s=%s is not a 64-bit number: using a random hash key", HASH_SEED_ENV, s);
	}
	run_key = random_key();
}

struct hash_key hash_run_key(void)
{
	pthread_once(&run_key_once, init_run_key);
	return run_key;
}

void hash_set_seed(uint64_t seed)
{
	pthread_once(&run_key_once, init_run_key);
	run_key = key_from_seed(seed);
}
