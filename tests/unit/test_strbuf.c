/*
 * test_strbuf.c - the one string builder: growth from STRBUF_INIT, the
 * NUL after the bytes, the inline strbuf_addch at every capacity edge,
 * and strbuf_addu against printf.
 */
#include "testutil.h"

#include <stdio.h>

static void test_addch_every_edge(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char want[5000];
	size_t i;
	(void)state;
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	for (i = 0; i < sizeof(want) - 1; i++) {
		want[i] = (char)('a' + i % 26);
		strbuf_addch(&sb, want[i]);
		assert_true(sb.len < sb.alloc);
		assert_int_equal(sb.buf[sb.len], '\0');
	}
	want[i] = '\0';
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_add_fills_exactly(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	strbuf_add(&sb, "", 0);                 /* nothing, and no allocation */
	assert_int_equal(sb.alloc, 0);
	strbuf_init(&sb, 8);
	while (sb.alloc - sb.len > 1)
		strbuf_addch(&sb, 'x');
	strbuf_add(&sb, "yz", 2);               /* one byte of room left: grows */
	assert_int_equal(sb.buf[sb.len - 1], 'z');
	assert_int_equal(sb.buf[sb.len], '\0');
	assert_true(sb.len < sb.alloc);
	strbuf_release(&sb);
}

static void test_addu(void **state)
{
	static const unsigned long long v[] = { 0, 7, 10, 99, 4294967295ULL, 18446744073709551615ULL };
	struct strbuf sb = STRBUF_INIT;
	char want[32];
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "n=");
		strbuf_addu(&sb, v[i]);
		snprintf(want, sizeof(want), "n=%llu", v[i]);
		assert_string_equal(sb.buf, want);
	}
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addch_every_edge),
		cmocka_unit_test(test_add_fills_exactly),
		cmocka_unit_test(test_addu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
