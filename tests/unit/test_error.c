/*
 * test_error.c - util/error: control characters in a message (a file name
 * or a value it quotes) are escaped, so that they cannot forge a line or
 * drive the terminal; a long message is cut, never overflowed.
 */
#include "testutil.h"

#include "util/error.h"

static char got[1 << 16];
static char kind[16];

static void capture(void *ud, const char *k, const char *msg)
{
	(void)ud;
	snprintf(kind, sizeof(kind), "%s", k);
	snprintf(got, sizeof(got), "%s", msg);
}

static void test_controls_escaped(void **state)
{
	(void)state;
	error_set_routine(capture, NULL);
	error("cannot open %s", "ev\"il\r\nverdict: error: forged\t\x1b[2J\x7f\xc2\x9b.csv");
	assert_string_equal(kind, "error");
	assert_string_equal(got, "cannot open ev\"il\\r\\nverdict: error: forged\\t\\x1b[2J\\x7f\\x9b.csv");
	warning("%s", "a\001b");
	assert_string_equal(kind, "warning");
	assert_string_equal(got, "a\\x01b");
	error_set_routine(NULL, NULL);
}

static void test_text_kept(void **state)
{
	(void)state;
	error_set_routine(capture, NULL);
	/* UTF-8 text (also U+00A0, whose first byte is that of C1) and a
	 * Latin-1 byte pass unchanged */
	error("%s", "Caf\xc3\xa9 \xc2\xa0 \xe6\x97\xa5 Caf\xe9 \\n");
	assert_string_equal(got, "Caf\xc3\xa9 \xc2\xa0 \xe6\x97\xa5 Caf\xe9 \\n");
	error_set_routine(NULL, NULL);
}

static void test_long_message_cut(void **state)
{
	char *big = malloc(20000);
	size_t n;
	(void)state;
	assert_non_null(big);
	memset(big, '\n', 19999);
	big[19999] = '\0';
	error_set_routine(capture, NULL);
	error("%s", big);
	n = strlen(got);
	assert_true(n > 4000 && n < 4 * 4096);
	assert_null(strchr(got, '\n'));
	assert_memory_equal(got, "\\n\\n\\n", 6);
	error_set_routine(NULL, NULL);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls_escaped),
		cmocka_unit_test(test_text_kept),
		cmocka_unit_test(test_long_message_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
