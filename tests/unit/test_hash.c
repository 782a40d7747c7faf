/*
 * test_hash.c - the keyed hash (util/hash.h): the seed changes every
 * hash, the same seed gives the same hashes, word-wise and byte-wise
 * hashing agree, and the tables built on it (string pool) behave the same
 * under any seed.
 */
#include "testutil.h"

#include "util/dict.h"
#include "util/hash.h"

static void test_seed_changes_hash(void **state)
{
	struct hash_key a, b, a2;
	static const char *const inputs[] = { "", "x", "PartnerId", "1234567", "12345678", "123456789abcdef0!" };
	size_t i;
	(void)state;
	hash_set_seed(1);
	a = hash_run_key();
	hash_set_seed(2);
	b = hash_run_key();
	hash_set_seed(1);
	a2 = hash_run_key();
	assert_true(a.k0 == a2.k0 && a.k1 == a2.k1);
	assert_false(a.k0 == b.k0 && a.k1 == b.k1);
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		size_t n = strlen(inputs[i]);
		assert_true(hash_bytes(&a, inputs[i], n) == hash_bytes(&a2, inputs[i], n));
		assert_true(hash_bytes(&a, inputs[i], n) != hash_bytes(&b, inputs[i], n));
	}
}

static void test_length_and_content_matter(void **state)
{
	struct hash_key k = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL };
	static const char zeros[16];
	(void)state;
	/* zero bytes of different lengths differ (the length is hashed) */
	assert_true(hash_bytes(&k, zeros, 0) != hash_bytes(&k, zeros, 1));
	assert_true(hash_bytes(&k, zeros, 8) != hash_bytes(&k, zeros, 16));
	assert_true(hash_bytes(&k, "ab", 2) != hash_bytes(&k, "ba", 2));
}

static void test_words_equal_bytes(void **state)
{
	struct hash_key k = { 42, 4242 };
	uint64_t words[3] = { 1, 0xdeadbeefcafef00dULL, UINT64_MAX };
	unsigned char bytes[24];
	struct hash_state hs;
	size_t i, j;
	(void)state;
	for (i = 0; i < 3; i++)
		for (j = 0; j < 8; j++)
			bytes[i * 8 + j] = (unsigned char)(words[i] >> (8 * j));
	hash_begin(&hs, &k);
	for (i = 0; i < 3; i++)
		hash_add_u64(&hs, words[i]);
	assert_true(hash_end(&hs) == hash_bytes(&k, bytes, sizeof(bytes)));
	hash_begin(&hs, &k);
	assert_true(hash_end(&hs) == hash_bytes(&k, bytes, 0));
}

/* ids follow interning order whatever the seed */
static void test_pool_ids_do_not_depend_on_seed(void **state)
{
	struct strpool p1, p2;
	char buf[32];
	int i;
	(void)state;
	hash_set_seed(7);
	strpool_init(&p1);
	hash_set_seed(0xfeedface);
	strpool_init(&p2);
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "value-%d", i % 3000);
		assert_int_equal(strpool_intern_cstr(&p1, buf), strpool_intern_cstr(&p2, buf));
	}
	assert_int_equal(strpool_count(&p1), 3000);
	assert_int_equal(strpool_find(&p1, "value-2999", 10), strpool_find(&p2, "value-2999", 10));
	assert_int_equal(strpool_find(&p1, "value-3000", 10), STRPOOL_NONE);
	strpool_release(&p1);
	strpool_release(&p2);
}

/* growth places slots by their tags: every string is still found after
 * the index grew many times, hashed interning agrees with plain
 * interning, and a prefetch changes nothing */
static void test_pool_growth_and_hashed_interning(void **state)
{
	struct strpool p;
	char buf[32];
	int i;
	(void)state;
	strpool_init(&p);
	for (i = 0; i < 100000; i++) {
		size_t n = (size_t)snprintf(buf, sizeof(buf), "k%d", i);
		uint64_t h = strpool_hash(&p, buf, n);
		strpool_prefetch(&p, h);
		assert_int_equal(strpool_intern_hashed(&p, h, buf, n), (uint32_t)i + 1);
	}
	for (i = 0; i < 100000; i += 7) {
		size_t n = (size_t)snprintf(buf, sizeof(buf), "k%d", i);
		assert_int_equal(strpool_find(&p, buf, n), (uint32_t)i + 1);
		assert_int_equal(strpool_intern(&p, buf, n), (uint32_t)i + 1);
	}
	assert_int_equal(strpool_count(&p), 100000);
	assert_int_equal(strpool_find(&p, "k100000", 7), STRPOOL_NONE);
	strpool_release(&p);
}

/* the index is sized by the strings in it: raw strings take no slots */
static void test_pool_index_ignores_raw(void **state)
{
	struct strpool p;
	char buf[32];
	int i;
	(void)state;
	strpool_init(&p);
	for (i = 0; i < 50000; i++) {
		size_t n = (size_t)snprintf(buf, sizeof(buf), "raw%d", i);
		assert_true(strpool_add_raw(&p, buf, n) & STRPOOL_RAW);
		if (i % 1000 == 0)
			strpool_intern(&p, buf + 3, n - 3);   /* 50 interned */
	}
	assert_int_equal(strpool_count(&p), 50050);
	assert_int_equal(p.nindexed, 50);
	assert_true(p.nslots <= 128);
	assert_int_equal(strpool_find(&p, "raw7", 4), STRPOOL_NONE);   /* raw: not found */
	assert_int_not_equal(strpool_find(&p, "7000", 4), STRPOOL_NONE);
	strpool_release(&p);
}

static int u64_eq(const void *ctx, const struct dict_entry *e, const void *probe)
{
	(void)ctx;
	return e->key == *(const uint64_t *)probe;
}

/* dict_reserve sizes once: inserting that many grows nothing, and every
 * entry is found (colliding hashes included) */
static void test_dict_reserve(void **state)
{
	static const struct dict_type t = { u64_eq };
	struct dict d;
	uint64_t k;
	size_t cap;
	(void)state;
	dict_init(&d, &t, NULL);
	dict_reserve(&d, 5000);
	cap = d.cap;
	assert_true(cap >= 10000);
	for (k = 0; k < 5000; k++) {
		dict_prefetch(&d, k % 97);
		dict_insert(&d, k % 97, k, k * 2);   /* 97 hashes: long chains */
	}
	assert_int_equal(d.cap, cap);
	for (k = 0; k < 5000; k++) {
		struct dict_entry *e = dict_find(&d, k % 97, &k);
		assert_non_null(e);
		assert_int_equal(e->val, k * 2);
	}
	k = 5000;
	assert_null(dict_find(&d, 5000 % 97, &k));
	dict_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_changes_hash),
		cmocka_unit_test(test_length_and_content_matter),
		cmocka_unit_test(test_words_equal_bytes),
		cmocka_unit_test(test_pool_ids_do_not_depend_on_seed),
		cmocka_unit_test(test_pool_growth_and_hashed_interning),
		cmocka_unit_test(test_pool_index_ignores_raw),
		cmocka_unit_test(test_dict_reserve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
