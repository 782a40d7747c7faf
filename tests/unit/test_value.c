/*
 * test_value.c - typed values: every parser's valid and invalid forms,
 * the formatters, the calendar helpers and decimal arithmetic.
 */
#include "testutil.h"

#include "lang/value.h"

/* parse helpers: return the parser's result, value in *v, reason in *why */
typedef int (*parse_fn)(const char *, size_t, int64_t *, const char **);

static int parse(parse_fn fn, const char *s, int64_t *v, const char **why)
{
	*why = NULL;
	return fn(s, strlen(s), v, why);
}

static void ok(parse_fn fn, const char *s, int64_t want)
{
	int64_t v = 0;
	const char *why;
	if (parse(fn, s, &v, &why))
		fail_msg("\"%s\" rejected: %s", s, why);
	if (v != want)
		fail_msg("\"%s\": got %lld, want %lld", s, (long long)v, (long long)want);
}

/* rejected, with a reason containing `reason` */
static void bad(parse_fn fn, const char *s, const char *reason)
{
	int64_t v = 12345;
	const char *why;
	if (!parse(fn, s, &v, &why))
		fail_msg("\"%s\" accepted as %lld", s, (long long)v);
	assert_non_null(why);
	if (!strstr(why, reason))
		fail_msg("\"%s\": reason \"%s\" lacks \"%s\"", s, why, reason);
}

typedef void (*format_fn)(struct strbuf *, int64_t);

static void formats(format_fn fn, int64_t v, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	fn(&sb, v);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

#define USEC 1000000LL
#define DAY (86400 * USEC)

static int64_t days(int64_t y, unsigned m, unsigned d) { return value_days_from_civil(y, m, d); }

/* ---- type names ---------------------------------------------------- */

static void test_type_names(void **state)
{
	enum vtype t;
	int i;
	(void)state;
	for (i = VT_TEXT; i < VT_NTYPES; i++) {
		assert_int_equal(value_type_from_name(value_type_name((enum vtype)i), &t), 0);
		assert_int_equal(t, i);
	}
	assert_string_equal(value_type_name(VT_DECIMAL), "decimal");
	assert_string_equal(value_type_name(VT_NULL), "null");
	assert_int_equal(value_type_from_name("null", &t), -1);
	assert_int_equal(value_type_from_name("Int", &t), -1);
	assert_int_equal(value_type_from_name("string", &t), -1);
}

/* ---- int ----------------------------------------------------------- */

static void test_int_valid(void **state)
{
	(void)state;
	ok(value_parse_int, "0", 0);
	ok(value_parse_int, "42", 42);
	ok(value_parse_int, "+42", 42);
	ok(value_parse_int, "-42", -42);
	ok(value_parse_int, "-0", 0);
	ok(value_parse_int, "007", 7);
	ok(value_parse_int, "  12\t", 12);
	ok(value_parse_int, "9223372036854775807", INT64_MAX);
	ok(value_parse_int, "-9223372036854775808", INT64_MIN);
	ok(value_parse_int, "-9223372036854775807", -INT64_MAX);
}

static void test_int_invalid(void **state)
{
	(void)state;
	bad(value_parse_int, "", "expected an integer");
	bad(value_parse_int, "   ", "expected an integer");
	bad(value_parse_int, "+", "expected an integer");
	bad(value_parse_int, "-", "expected an integer");
	bad(value_parse_int, "12x", "expected an integer");
	bad(value_parse_int, "x12", "expected an integer");
	bad(value_parse_int, "1.0", "expected an integer");
	bad(value_parse_int, "1e3", "expected an integer");
	bad(value_parse_int, "1 000", "expected an integer");
	bad(value_parse_int, "1,000", "expected an integer");
	bad(value_parse_int, "--1", "expected an integer");
	bad(value_parse_int, "+-1", "expected an integer");
	bad(value_parse_int, "0x10", "expected an integer");
	bad(value_parse_int, "9223372036854775808", "out of the 64-bit range");
	bad(value_parse_int, "-9223372036854775809", "out of the 64-bit range");
	bad(value_parse_int, "99999999999999999999999", "out of the 64-bit range");
}

static void test_int_embedded_nul(void **state)
{
	int64_t v;
	const char *why;
	(void)state;
	assert_int_equal(value_parse_int("12\0" "3", 4, &v, &why), -1);
	assert_int_equal(value_parse_int("123", 2, &v, &why), 0); /* length, not NUL, ends it */
	assert_int_equal(v, 12);
}

static void test_int_format(void **state)
{
	(void)state;
	formats(value_format_int, 0, "0");
	formats(value_format_int, -17, "-17");
	formats(value_format_int, INT64_MAX, "9223372036854775807");
	formats(value_format_int, INT64_MIN, "-9223372036854775808");
}

/* ---- decimal ------------------------------------------------------- */

static void test_decimal_valid(void **state)
{
	(void)state;
	ok(value_parse_decimal, "0", 0);
	ok(value_parse_decimal, "1", USEC);
	ok(value_parse_decimal, "12.5", 12500000);
	ok(value_parse_decimal, "-12.5", -12500000);
	ok(value_parse_decimal, "+12.5", 12500000);
	ok(value_parse_decimal, "0.000001", 1);
	ok(value_parse_decimal, "-0.000001", -1);
	ok(value_parse_decimal, "1.123456", 1123456);
	ok(value_parse_decimal, "1.1234560", 1123456);      /* a 7th digit that is 0 */
	ok(value_parse_decimal, "1.123456000000", 1123456);
	ok(value_parse_decimal, ".5", 500000);
	ok(value_parse_decimal, "-.5", -500000);
	ok(value_parse_decimal, "5.", 5 * USEC);
	ok(value_parse_decimal, "007.10", 7100000);
	ok(value_parse_decimal, " 3.25 ", 3250000);
	ok(value_parse_decimal, "-0.0", 0);
	ok(value_parse_decimal, "9223372036854.775807", INT64_MAX);
	ok(value_parse_decimal, "-9223372036854.775807", -INT64_MAX);
	ok(value_parse_decimal, "9223372036854", 9223372036854LL * USEC);
}

static void test_decimal_invalid(void **state)
{
	(void)state;
	bad(value_parse_decimal, "", "expected a decimal number");
	bad(value_parse_decimal, ".", "expected a decimal number");
	bad(value_parse_decimal, "-", "expected a decimal number");
	bad(value_parse_decimal, "+.", "expected a decimal number");
	bad(value_parse_decimal, "1.2.3", "expected a decimal number");
	bad(value_parse_decimal, "1,5", "expected a decimal number");
	bad(value_parse_decimal, "1e5", "expected a decimal number");
	bad(value_parse_decimal, "12x", "expected a decimal number");
	bad(value_parse_decimal, "$12", "expected a decimal number");
	bad(value_parse_decimal, "- 1", "expected a decimal number");
	bad(value_parse_decimal, "1 000.5", "expected a decimal number");
	bad(value_parse_decimal, "1.1234561", "more than 6 fraction digits");
	bad(value_parse_decimal, "0.0000001", "more than 6 fraction digits");
	bad(value_parse_decimal, "1.12345600001", "more than 6 fraction digits");
	bad(value_parse_decimal, "9223372036854.775808", "out of range");
	bad(value_parse_decimal, "-9223372036854.775808", "out of range");
	bad(value_parse_decimal, "9223372036855", "out of range");
	bad(value_parse_decimal, "100000000000000000000", "out of range");
}

static void test_decimal_format(void **state)
{
	(void)state;
	formats(value_format_decimal, 0, "0");
	formats(value_format_decimal, USEC, "1");
	formats(value_format_decimal, 12500000, "12.5");     /* trailing zeros stripped */
	formats(value_format_decimal, -12500000, "-12.5");
	formats(value_format_decimal, 1, "0.000001");
	formats(value_format_decimal, -1, "-0.000001");
	formats(value_format_decimal, 100000, "0.1");
	formats(value_format_decimal, 1123456, "1.123456");
	formats(value_format_decimal, 10 * USEC + 10, "10.00001");
	formats(value_format_decimal, -500000, "-0.5");
	formats(value_format_decimal, INT64_MAX, "9223372036854.775807");
	formats(value_format_decimal, INT64_MIN, "-9223372036854.775808");
}

static void test_decimal_round_trip(void **state)
{
	static const char *const texts[] = {
		"0", "1", "-1", "0.5", "-0.5", "123.456", "0.000001", "-999999.999999",
		"9223372036854.775807", "42.1",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		int64_t v;
		const char *why;
		struct strbuf sb = STRBUF_INIT;
		assert_int_equal(value_parse_decimal(texts[i], strlen(texts[i]), &v, &why), 0);
		value_format_decimal(&sb, v);
		assert_string_equal(sb.buf, texts[i]);
		strbuf_release(&sb);
	}
}

/* ---- calendar ------------------------------------------------------ */

static void test_days_in_month(void **state)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned m;
	(void)state;
	for (m = 1; m <= 12; m++)
		assert_int_equal(value_days_in_month(2023, m), dm[m - 1]);
	assert_int_equal(value_days_in_month(2024, 2), 29);
	assert_int_equal(value_days_in_month(2000, 2), 29); /* divisible by 400 */
	assert_int_equal(value_days_in_month(1900, 2), 28); /* by 100, not 400 */
	assert_int_equal(value_days_in_month(2100, 2), 28);
	assert_int_equal(value_days_in_month(1600, 2), 29);
	assert_int_equal(value_days_in_month(2024, 4), 30);
}

static void test_civil_known_days(void **state)
{
	int64_t y;
	unsigned m, d;
	(void)state;
	assert_int_equal(days(1970, 1, 1), 0);
	assert_int_equal(days(1970, 1, 2), 1);
	assert_int_equal(days(1969, 12, 31), -1);
	assert_int_equal(days(2000, 1, 1), 10957);
	assert_int_equal(days(2000, 3, 1), 11017);
	assert_int_equal(days(2024, 2, 29), 19782);
	assert_int_equal(days(2024, 3, 1), 19783);
	assert_int_equal(days(1900, 3, 1) - days(1900, 2, 28), 1);
	assert_int_equal(days(0, 1, 1), -719528);
	value_civil_from_days(-719528, &y, &m, &d);
	assert_int_equal(y, 0);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	value_civil_from_days(19782, &y, &m, &d);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
}

/* every day from 1600-01-01 to 2400-12-31, both directions */
static void test_civil_round_trip(void **state)
{
	int64_t z = days(1600, 1, 1), y;
	unsigned m, d;
	(void)state;
	for (y = 1600; y <= 2400; y++) {
		for (m = 1; m <= 12; m++) {
			for (d = 1; d <= (unsigned)value_days_in_month(y, m); d++) {
				int64_t yy;
				unsigned mm, dd;
				if (days(y, m, d) != z)
					fail_msg("%lld-%02u-%02u: %lld != %lld", (long long)y, m, d,
						 (long long)days(y, m, d), (long long)z);
				value_civil_from_days(z, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("day %lld: %lld-%u-%u", (long long)z, (long long)yy, mm, dd);
				z++;
			}
		}
	}
	/* far outside the date range the formulas still invert each other */
	for (z = -3000000; z <= 3000000; z += 997) {
		value_civil_from_days(z, &y, &m, &d);
		assert_int_equal(days(y, m, d), z);
	}
}

/* ---- date ---------------------------------------------------------- */

static void test_date_valid(void **state)
{
	(void)state;
	ok(value_parse_date, "1970-01-01", 0);
	ok(value_parse_date, "2024-02-29", days(2024, 2, 29));
	ok(value_parse_date, "2000-02-29", days(2000, 2, 29));
	ok(value_parse_date, "1999-12-31", days(1999, 12, 31));
	ok(value_parse_date, "0001-01-01", days(1, 1, 1));
	ok(value_parse_date, "9999-12-31", days(9999, 12, 31));
	ok(value_parse_date, " 2024-06-30\t", days(2024, 6, 30));
}

static void test_date_invalid(void **state)
{
	(void)state;
	bad(value_parse_date, "2023-02-29", "no such calendar date");
	bad(value_parse_date, "2026-02-30", "no such calendar date");
	bad(value_parse_date, "1900-02-29", "no such calendar date");
	bad(value_parse_date, "2100-02-29", "no such calendar date");
	bad(value_parse_date, "2024-04-31", "no such calendar date");
	bad(value_parse_date, "2024-13-01", "no such calendar date");
	bad(value_parse_date, "2024-00-10", "no such calendar date");
	bad(value_parse_date, "2024-01-00", "no such calendar date");
	bad(value_parse_date, "2024-01-32", "no such calendar date");
	bad(value_parse_date, "", "expected a date YYYY-MM-DD");
	bad(value_parse_date, "2024-1-01", "expected a date YYYY-MM-DD");
	bad(value_parse_date, "2024-01-1", "expected a date YYYY-MM-DD");
	bad(value_parse_date, "24-01-01", "expected a date YYYY-MM-DD");
	bad(value_parse_date, "2024/01/01", "expected a date YYYY-MM-DD");
	bad(value_parse_date, "01.02.2024", "expected a date YYYY-MM-DD");
	bad(value_parse_date, "20240101", "expected a date YYYY-MM-DD");
	bad(value_parse_date, "2024-01-01T00:00:00Z", "expected a date YYYY-MM-DD");
	bad(value_parse_date, "2024-01-01x", "expected a date YYYY-MM-DD");
	bad(value_parse_date, "2024-0a-01", "expected a date YYYY-MM-DD");
	bad(value_parse_date, "+2024-01-01", "expected a date YYYY-MM-DD");
}

static void test_date_format(void **state)
{
	(void)state;
	formats(value_format_date, 0, "1970-01-01");
	formats(value_format_date, -1, "1969-12-31");
	formats(value_format_date, days(2024, 2, 29), "2024-02-29");
	formats(value_format_date, days(2000, 12, 31), "2000-12-31");
	formats(value_format_date, days(33, 3, 3), "0033-03-03");
	formats(value_format_date, days(9999, 12, 31), "9999-12-31");
	formats(value_format_date, days(10000, 1, 1), "10000-01-01");   /* printf's width is a minimum */
	formats(value_format_date, days(-1, 6, 1), "-001-06-01");
}

/* ---- datetime ------------------------------------------------------ */

static int64_t utc(int64_t y, unsigned mo, unsigned d, int h, int mi, int s)
{
	return (days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * USEC;
}

static void test_datetime_valid(void **state)
{
	(void)state;
	ok(value_parse_datetime, "1970-01-01T00:00:00Z", 0);
	ok(value_parse_datetime, "2024-03-15T10:20:30Z", utc(2024, 3, 15, 10, 20, 30));
	ok(value_parse_datetime, "2024-03-15t10:20:30z", utc(2024, 3, 15, 10, 20, 30));
	ok(value_parse_datetime, "2024-03-15 10:20:30Z", utc(2024, 3, 15, 10, 20, 30));
	ok(value_parse_datetime, "2024-03-15T10:20Z", utc(2024, 3, 15, 10, 20, 0));
	ok(value_parse_datetime, "2024-03-15T10:20:30+01:00", utc(2024, 3, 15, 9, 20, 30));
	ok(value_parse_datetime, "2024-03-15T10:20:30+0100", utc(2024, 3, 15, 9, 20, 30));
	ok(value_parse_datetime, "2024-03-15T10:20:30-0530", utc(2024, 3, 15, 15, 50, 30));
	ok(value_parse_datetime, "2024-03-15T10:20:30-05:30", utc(2024, 3, 15, 15, 50, 30));
	ok(value_parse_datetime, "2024-03-15T10:20:30+00:00", utc(2024, 3, 15, 10, 20, 30));
	ok(value_parse_datetime, "2024-03-15T10:20:30.5Z", utc(2024, 3, 15, 10, 20, 30) + 500000);
	ok(value_parse_datetime, "2024-03-15T10:20:30.123456Z", utc(2024, 3, 15, 10, 20, 30) + 123456);
	ok(value_parse_datetime, "2024-03-15T10:20:30,25Z", utc(2024, 3, 15, 10, 20, 30) + 250000);
	ok(value_parse_datetime, "2024-03-15T10:20:30.000001+02:00", utc(2024, 3, 15, 8, 20, 30) + 1);
	ok(value_parse_datetime, " 2024-03-15T10:20:30Z ", utc(2024, 3, 15, 10, 20, 30));
	ok(value_parse_datetime, "1969-12-31T23:59:59.999999Z", -1);
}

/* offsets move the instant across day, month, year and leap-day lines */
static void test_datetime_utc_boundaries(void **state)
{
	(void)state;
	ok(value_parse_datetime, "2024-03-01T00:30:00+01:00", utc(2024, 2, 29, 23, 30, 0));
	ok(value_parse_datetime, "2023-03-01T00:30:00+01:00", utc(2023, 2, 28, 23, 30, 0));
	ok(value_parse_datetime, "2024-12-31T22:00:00-03:00", utc(2025, 1, 1, 1, 0, 0));
	ok(value_parse_datetime, "2025-01-01T05:00:00+05:30", utc(2024, 12, 31, 23, 30, 0));
	ok(value_parse_datetime, "1970-01-01T00:00:00+00:01", -60 * USEC);
	ok(value_parse_datetime, "2024-06-30T23:59:59-23:59", utc(2024, 7, 1, 23, 58, 59));
}

static void test_datetime_invalid(void **state)
{
	(void)state;
	bad(value_parse_datetime, "2024-03-15T10:20:30", "without a time zone");
	bad(value_parse_datetime, "2024-03-15T10:20", "without a time zone");
	bad(value_parse_datetime, "2024-03-15 10:20:30.5", "without a time zone");
	bad(value_parse_datetime, "2024-03-15", "expected a datetime");
	bad(value_parse_datetime, "", "expected a datetime");
	bad(value_parse_datetime, "15/03/2024 10:20", "expected a datetime");
	bad(value_parse_datetime, "2024-03-15X10:20:30Z", "expected a datetime");
	bad(value_parse_datetime, "2024-03-15T1:20:30Z", "expected a datetime");
	bad(value_parse_datetime, "2024-03-15T10-20-30Z", "expected a datetime");
	bad(value_parse_datetime, "2024-03-15T10:20:3Z", "expected a datetime");
	bad(value_parse_datetime, "2024-03-15T10:20:30.Z", "expected a datetime");
	bad(value_parse_datetime, "2024-03-15T24:00:00Z", "no such time of day");
	bad(value_parse_datetime, "2024-03-15T10:60:00Z", "no such time of day");
	bad(value_parse_datetime, "2024-03-15T10:20:61Z", "no such time of day");
	bad(value_parse_datetime, "2023-02-29T10:20:30Z", "no such calendar date");
	bad(value_parse_datetime, "2024-03-15T10:20:30+1", "bad time zone");
	bad(value_parse_datetime, "2024-03-15T10:20:30+01", "bad time zone");
	bad(value_parse_datetime, "2024-03-15T10:20:30+01:0", "bad time zone");
	bad(value_parse_datetime, "2024-03-15T10:20:30+24:00", "bad time zone");
	bad(value_parse_datetime, "2024-03-15T10:20:30+01:60", "bad time zone");
	bad(value_parse_datetime, "2024-03-15T10:20:30 +01:00", "bad time zone");
	bad(value_parse_datetime, "2024-03-15T10:20:30ZZ", "bad time zone");
	bad(value_parse_datetime, "2024-03-15T10:20:30UTC", "bad time zone");
	bad(value_parse_datetime, "2024-03-15T10:20:30+01:00x", "bad time zone");
}

static void test_datetime_format(void **state)
{
	(void)state;
	formats(value_format_datetime, 0, "1970-01-01T00:00:00Z");
	formats(value_format_datetime, utc(2024, 2, 29, 23, 30, 5), "2024-02-29T23:30:05Z");
	formats(value_format_datetime, utc(2024, 2, 29, 23, 30, 5) + 120, "2024-02-29T23:30:05.000120Z");
	formats(value_format_datetime, -1, "1969-12-31T23:59:59.999999Z");
	formats(value_format_datetime, -DAY, "1969-12-31T00:00:00Z");
	formats(value_format_datetime, -DAY - 1, "1969-12-30T23:59:59.999999Z");
	formats(value_format_datetime, utc(1900, 3, 1, 12, 0, 0), "1900-03-01T12:00:00Z");
}

/* the canonical form parses back to the same instant */
static void test_datetime_round_trip(void **state)
{
	static const char *const texts[] = {
		"2024-03-15T10:20:30+01:00", "1999-12-31T23:59:59.999999-08:00",
		"1950-06-01T00:00:00.5Z", "2038-01-19T03:14:08Z", "1969-12-31T23:59:59.000001Z",
		"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		int64_t a, b;
		const char *why;
		struct strbuf sb = STRBUF_INIT;
		assert_int_equal(value_parse_datetime(texts[i], strlen(texts[i]), &a, &why), 0);
		value_format_datetime(&sb, a);
		assert_int_equal(sb.buf[sb.len - 1], 'Z');
		assert_int_equal(value_parse_datetime(sb.buf, sb.len, &b, &why), 0);
		assert_int_equal(a, b);
		strbuf_release(&sb);
	}
}

/* ---- bool ---------------------------------------------------------- */

static void test_bool(void **state)
{
	static const char *const yes[] = { "true", "TRUE", "True", "tRuE", "1", "yes", "YES", "Yes", " true " };
	static const char *const no[] = { "false", "FALSE", "False", "0", "no", "NO", "No", "\tno" };
	static const char *const junk[] = { "", "t", "f", "y", "n", "2", "-1", "on", "off", "truee",
					    "yes please", "01", "nope", "tru" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ok(value_parse_bool, yes[i], 1);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ok(value_parse_bool, no[i], 0);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		bad(value_parse_bool, junk[i], "expected a boolean");
}

/* ---- decimal arithmetic -------------------------------------------- */

static int64_t mul(int64_t a, int64_t b)
{
	int64_t r;
	assert_int_equal(value_dec_mul(a, b, &r), 0);
	return r;
}

static int64_t divide(int64_t a, int64_t b)
{
	int64_t r;
	assert_int_equal(value_dec_div(a, b, &r), 0);
	return r;
}

static void test_dec_mul(void **state)
{
	int64_t r;
	(void)state;
	assert_int_equal(mul(2 * USEC, 3 * USEC), 6 * USEC);
	assert_int_equal(mul(1500000, 1500000), 2250000);         /* 1.5 * 1.5 */
	assert_int_equal(mul(-1500000, 1500000), -2250000);
	assert_int_equal(mul(-1500000, -1500000), 2250000);
	assert_int_equal(mul(0, INT64_MAX), 0);
	/* rounding of the 7th digit: half away from zero */
	assert_int_equal(mul(1, 500000), 1);                      /* 0.0000005 -> 0.000001 */
	assert_int_equal(mul(-1, 500000), -1);
	assert_int_equal(mul(1, 499999), 0);
	assert_int_equal(mul(-1, 499999), 0);
	assert_int_equal(mul(123456, 123456), 15241);             /* 0.015241383936 */
	assert_int_equal(mul(1000001, 1000001), 1000002);         /* 1.000002000001 */
	assert_int_equal(mul(2500000, 1), 3);                     /* 0.0000025 -> 0.000003 */
	/* range */
	assert_int_equal(mul(INT64_MAX, USEC), INT64_MAX);
	assert_int_equal(mul(INT64_MIN, USEC), INT64_MIN);
	assert_int_equal(value_dec_mul(INT64_MAX, 2 * USEC, &r), -1);
	assert_int_equal(value_dec_mul(INT64_MIN, 2 * USEC, &r), -1);
	assert_int_equal(value_dec_mul(INT64_MAX, INT64_MAX, &r), -1);
	assert_int_equal(value_dec_mul(INT64_MIN, -USEC, &r), -1);
	assert_int_equal(value_dec_mul(4611686018427LL * USEC, 2 * USEC, &r), 0);
	assert_int_equal(r, 9223372036854LL * USEC);
}

static void test_dec_div(void **state)
{
	int64_t r;
	(void)state;
	assert_int_equal(divide(6 * USEC, 3 * USEC), 2 * USEC);
	assert_int_equal(divide(USEC, 4 * USEC), 250000);
	assert_int_equal(divide(USEC, 3 * USEC), 333333);         /* 0.3333333 */
	assert_int_equal(divide(2 * USEC, 3 * USEC), 666667);     /* 0.6666666 */
	assert_int_equal(divide(-2 * USEC, 3 * USEC), -666667);
	assert_int_equal(divide(2 * USEC, -3 * USEC), -666667);
	assert_int_equal(divide(-2 * USEC, -3 * USEC), 666667);
	assert_int_equal(divide(1, 2 * USEC), 1);                 /* 0.0000005 -> 0.000001 */
	assert_int_equal(divide(-1, 2 * USEC), -1);
	assert_int_equal(divide(1, 3 * USEC), 0);
	assert_int_equal(divide(5 * USEC, 2), 2500000LL * USEC);  /* 5 / 0.000002 */
	assert_int_equal(divide(0, -7 * USEC), 0);
	assert_int_equal(divide(INT64_MAX, USEC), INT64_MAX);
	assert_int_equal(divide(INT64_MIN, USEC), INT64_MIN);
	assert_int_equal(divide(INT64_MAX, INT64_MAX), USEC);
	assert_int_equal(divide(7 * USEC, INT64_MIN), 0);
	assert_int_equal(value_dec_div(INT64_MAX, 1, &r), -1);   /* / 0.000001 */
	assert_int_equal(value_dec_div(INT64_MAX, 500000, &r), -1);
	assert_int_equal(value_dec_div(INT64_MIN, -USEC, &r), -1);
	assert_int_equal(value_dec_div(INT64_MIN, -1, &r), -1);
}


/* ---- decimals rounded to a scale ----------------------------------- */

static void rounds(const char *s, int scale, int64_t want, int want_rounded)
{
	int64_t v = 0;
	int rounded = -1;
	const char *why = NULL;
	if (value_parse_decimal_round(s, strlen(s), scale, &v, &rounded, &why))
		fail_msg("\"%s\" (scale %d) rejected: %s", s, scale, why);
	if (v != want || rounded != want_rounded)
		fail_msg("\"%s\" (scale %d): got %lld rounded %d, want %lld rounded %d", s, scale, (long long)v,
			 rounded, (long long)want, want_rounded);
}

static void test_decimal_round_half_even(void **state)
{
	(void)state;
	rounds("2.5", 0, 2 * USEC, 1);
	rounds("3.5", 0, 4 * USEC, 1);
	rounds("-2.5", 0, -2 * USEC, 1);
	rounds("-3.5", 0, -4 * USEC, 1);
	rounds("0.5", 0, 0, 1);
	rounds("2.51", 0, 3 * USEC, 1);            /* above half */
	rounds("2.50001", 0, 3 * USEC, 1);
	rounds("2.49999", 0, 2 * USEC, 1);
	rounds("2.50", 0, 2 * USEC, 1);
	rounds("1.005", 2, 1000000, 1);            /* 1.00|5: 0 is even */
	rounds("1.015", 2, 1020000, 1);            /* 1.01|5: 1 is odd */
	rounds("-1.015", 2, -1020000, 1);
	rounds("0.846202666", 6, 846203, 1);       /* PCToBCExchangeRate */
	rounds("0.0000208", 6, 21, 1);             /* an Azure unit price */
	rounds("0.0000208", 4, 0, 1);
	rounds("0.0000005", 6, 0, 1);              /* half, 0 even */
	rounds("0.0000015", 6, 2, 1);              /* half, 1 odd */
	rounds("-0.0000015", 6, -2, 1);
	rounds("9.9999995", 6, 10 * USEC, 1);      /* the carry reaches the integer part */
	rounds("12.34", 2, 12340000, 0);           /* no digit dropped */
	rounds("12.3400", 2, 12340000, 0);         /* only zeros dropped */
	rounds("7", 0, 7 * USEC, 0);
	rounds("1.123456", 6, 1123456, 0);
	rounds("9223372036854.7758071", 6, INT64_MAX, 1);
}

static void test_decimal_round_invalid(void **state)
{
	int64_t v;
	int rounded;
	const char *why = NULL;
	(void)state;
	assert_int_equal(value_parse_decimal_round("9223372036854.7758075", 21, 6, &v, &rounded, &why), -1);
	assert_non_null(strstr(why, "out of range"));
	assert_int_equal(value_parse_decimal_round("1.2x", 4, 2, &v, &rounded, &why), -1);
	assert_string_equal(why, "expected a decimal number");
	assert_int_equal(value_parse_decimal_round(".", 1, 2, &v, &rounded, &why), -1);
}

/* ---- ISO dates and datetimes as fields read them ------------------- */

typedef int (*iso_fn)(const char *, size_t, int64_t *, const char **);

static int64_t iso_zone;
static int iso_date(const char *s, size_t n, int64_t *v, const char **why)
{
	return value_parse_iso(VT_DATE, iso_zone, s, n, v, why);
}
static int iso_datetime(const char *s, size_t n, int64_t *v, const char **why)
{
	return value_parse_iso(VT_DATETIME, iso_zone, s, n, v, why);
}

static void test_iso_datetime_to_date(void **state)
{
	(void)state;
	iso_zone = VALUE_ZONE_NONE;
	ok(iso_date, "2025-07-14", days(2025, 7, 14));
	ok(iso_date, "2025-07-14T20:28:55.8307870Z", days(2025, 7, 14));
	ok(iso_date, "2025-07-14T23:30:00-02:00", days(2025, 7, 15));   /* UTC first */
	ok(iso_date, "2025-07-14T01:00:00+02:00", days(2025, 7, 13));
	ok(iso_date, "2025-07-14T23:59:59.9999999Z", days(2025, 7, 14)); /* 7th digit truncated */
	ok(iso_date, "2025-07-01T00:00:00", days(2025, 7, 1));           /* no zone: as written */
	ok(iso_date, "2025-07-01T23:00", days(2025, 7, 1));
	ok(iso_date, "1969-12-31T23:59:59Z", days(1969, 12, 31));
	iso_zone = 3600;                                                  /* zone "+01:00" */
	ok(iso_date, "2025-07-01T00:30:00", days(2025, 6, 30));
	ok(iso_date, "2025-07-01T00:30:00Z", days(2025, 7, 1));
	iso_zone = VALUE_ZONE_NONE;
	bad(iso_date, "2025-07-14X20:28Z", "expected a date YYYY-MM-DD");
	bad(iso_date, "2025-07-14T25:00Z", "no such time of day");
	bad(iso_date, "2025-02-30T10:00Z", "no such calendar date");
	bad(iso_date, "2025-07-14T10:00+25:00", "bad time zone");
	/* a rule's date literal and --as-of stay YYYY-MM-DD */
	bad(value_parse_date, "2025-07-14T20:28:55Z", "expected a date YYYY-MM-DD");
}

static void test_iso_datetime_zone(void **state)
{
	(void)state;
	iso_zone = VALUE_ZONE_NONE;
	bad(iso_datetime, "2025-07-01T00:00:00", "without a time zone");
	ok(iso_datetime, "2025-07-14T20:28:55.8307870Z", utc(2025, 7, 14, 20, 28, 55) + 830787);
	ok(iso_datetime, "2025-07-14T20:28:55.8307879Z", utc(2025, 7, 14, 20, 28, 55) + 830787);
	iso_zone = 0;                                                     /* zone utc */
	ok(iso_datetime, "2025-07-01T00:00:00", utc(2025, 7, 1, 0, 0, 0));
	ok(iso_datetime, "0001-01-01T00:00:00", utc(1, 1, 1, 0, 0, 0));
	ok(iso_datetime, "2025-07-01T00:00:00+02:00", utc(2025, 6, 30, 22, 0, 0)); /* its own zone wins */
	iso_zone = -(5 * 3600 + 30 * 60);                                 /* zone "-05:30" */
	ok(iso_datetime, "2025-07-01T00:00:00", utc(2025, 7, 1, 5, 30, 0));
	ok(iso_datetime, "2025-07-01 10:00", utc(2025, 7, 1, 15, 30, 0));
	bad(iso_datetime, "2025-07-01", "expected a datetime");
	iso_zone = VALUE_ZONE_NONE;
}

static void test_zone_names(void **state)
{
	int64_t z;
	(void)state;
	assert_int_equal(value_parse_zone("utc", &z), 0);
	assert_int_equal(z, 0);
	assert_int_equal(value_parse_zone("UTC", &z), 0);
	assert_int_equal(value_parse_zone("Z", &z), 0);
	assert_int_equal(value_parse_zone("+01:00", &z), 0);
	assert_int_equal(z, 3600);
	assert_int_equal(value_parse_zone("-0530", &z), 0);
	assert_int_equal(z, -19800);
	assert_int_equal(value_parse_zone("+23:59", &z), 0);
	assert_int_equal(z, VALUE_ZONE_MAX_S);
	assert_int_equal(value_parse_zone("+24:00", &z), -1);
	assert_int_equal(value_parse_zone("+1", &z), -1);
	assert_int_equal(value_parse_zone("+01", &z), -1);
	assert_int_equal(value_parse_zone("Europe/Berlin", &z), -1);
	assert_int_equal(value_parse_zone("", &z), -1);
	assert_int_equal(value_parse_zone("+01:00 ", &z), -1);
}

/* ---- patterns ------------------------------------------------------ */

static void pat_compile(struct value_pattern *p, const char *src, enum vtype t)
{
	struct strbuf err = STRBUF_INIT;
	if (value_pattern_compile(p, src, t, &err))
		fail_msg("format \"%s\" rejected: %s", src, err.buf);
	strbuf_release(&err);
}

/* text read by src (type t, zone z) is want */
static void pat_ok(const char *src, enum vtype t, int64_t z, const char *text, int64_t want)
{
	struct value_pattern p;
	int64_t v = 0;
	const char *why = NULL;
	int rc;
	pat_compile(&p, src, t);
	rc = value_pattern_parse(&p, t, z, text, strlen(text), &v, &why);
	if (rc)
		fail_msg("\"%s\" by \"%s\": %d %s", text, src, rc, why ? why : "");
	if (v != want)
		fail_msg("\"%s\" by \"%s\": got %lld, want %lld", text, src, (long long)v, (long long)want);
}

/* rc VALUE_NOMATCH, or VALUE_INVALID with a reason containing reason */
static void pat_bad(const char *src, enum vtype t, const char *text, int want_rc, const char *reason)
{
	struct value_pattern p;
	int64_t v = 0;
	const char *why = NULL;
	int rc;
	pat_compile(&p, src, t);
	rc = value_pattern_parse(&p, t, 0, text, strlen(text), &v, &why);
	if (rc != want_rc)
		fail_msg("\"%s\" by \"%s\": rc %d, want %d", text, src, rc, want_rc);
	if (reason && (!why || !strstr(why, reason)))
		fail_msg("\"%s\" by \"%s\": reason \"%s\" lacks \"%s\"", text, src, why ? why : "", reason);
}

static void pat_error(const char *src, enum vtype t, const char *want)
{
	struct value_pattern p;
	struct strbuf err = STRBUF_INIT;
	if (!value_pattern_compile(&p, src, t, &err))
		fail_msg("format \"%s\" accepted", src);
	assert_string_equal(err.buf, want);
	strbuf_release(&err);
}

#define NOZ VALUE_ZONE_NONE

static void test_pattern_date_tokens(void **state)
{
	(void)state;
	pat_ok("M/D/YYYY", VT_DATE, NOZ, "7/14/2025", days(2025, 7, 14));
	pat_ok("M/D/YYYY", VT_DATE, NOZ, "10/3/2020", days(2020, 10, 3));
	pat_ok("M/D/YYYY", VT_DATE, NOZ, "07/04/2020", days(2020, 7, 4));
	pat_ok("M/D/YYYY", VT_DATE, NOZ, " 7/14/2025\t", days(2025, 7, 14));
	pat_ok("MM/DD/YYYY", VT_DATE, NOZ, "07/04/2020", days(2020, 7, 4));
	pat_ok("DD.MM.YYYY", VT_DATE, NOZ, "14.07.2025", days(2025, 7, 14));
	pat_ok("YYYY-MM-DD", VT_DATE, NOZ, "2024-02-29", days(2024, 2, 29));
	pat_ok("YYYYMMDD", VT_DATE, NOZ, "20250714", days(2025, 7, 14));
	pat_ok("D.M.YYYY", VT_DATE, NOZ, "1.2.2019", days(2019, 2, 1));
	pat_bad("MM/DD/YYYY", VT_DATE, "7/4/2020", VALUE_NOMATCH, NULL);      /* MM: two digits */
	pat_bad("M/D/YYYY", VT_DATE, "7/14/25", VALUE_NOMATCH, NULL);         /* YYYY: four */
	pat_bad("M/D/YYYY", VT_DATE, "7/14/20255", VALUE_NOMATCH, NULL);
	pat_bad("M/D/YYYY", VT_DATE, "7-14-2025", VALUE_NOMATCH, NULL);       /* literals exact */
	pat_bad("M/D/YYYY", VT_DATE, "7/14/2025 0:00", VALUE_NOMATCH, NULL);  /* the whole text */
	pat_bad("M/D/YYYY", VT_DATE, "", VALUE_NOMATCH, NULL);
	pat_bad("M/D/YYYY", VT_DATE, "123/1/2025", VALUE_NOMATCH, NULL);
	pat_bad("M/D/YYYY", VT_DATE, "2/30/2025", VALUE_INVALID, "no such calendar date");
	pat_bad("M/D/YYYY", VT_DATE, "13/1/2025", VALUE_INVALID, "no such calendar date");
	pat_bad("M/D/YYYY", VT_DATE, "0/1/2025", VALUE_INVALID, "no such calendar date");
}

static void test_pattern_time_tokens(void **state)
{
	(void)state;
	/* legacy recon: 24-hour, one-digit hours */
	pat_ok("M/D/YYYY H:mm", VT_DATE, NOZ, "2/1/2019 0:00", days(2019, 2, 1));
	pat_ok("M/D/YYYY H:mm", VT_DATETIME, 0, "2/1/2019 0:00", utc(2019, 2, 1, 0, 0, 0));
	pat_ok("M/D/YYYY H:mm", VT_DATETIME, 0, "2/1/2019 23:59", utc(2019, 2, 1, 23, 59, 0));
	pat_ok("M/D/YYYY HH:mm", VT_DATETIME, 0, "2/1/2019 09:05", utc(2019, 2, 1, 9, 5, 0));
	pat_bad("M/D/YYYY HH:mm", VT_DATETIME, "2/1/2019 9:05", VALUE_NOMATCH, NULL);
	pat_bad("M/D/YYYY H:mm", VT_DATETIME, "2/1/2019 9:5", VALUE_NOMATCH, NULL);   /* mm: two */
	pat_bad("M/D/YYYY H:mm", VT_DATETIME, "2/1/2019 24:00", VALUE_INVALID, "no such time of day");
	pat_bad("M/D/YYYY H:mm", VT_DATETIME, "2/1/2019 10:60", VALUE_INVALID, "no such time of day");
	pat_ok("YYYY-MM-DD HH:mm:ss", VT_DATETIME, 0, "2025-07-14 20:28:55", utc(2025, 7, 14, 20, 28, 55));
	pat_ok("YYYY-MM-DD HH:mm:ss", VT_DATETIME, 0, "2016-12-31 23:59:60", utc(2017, 1, 1, 0, 0, 0));
	pat_bad("YYYY-MM-DD HH:mm:ss", VT_DATETIME, "2025-07-14 20:28:61", VALUE_INVALID, "no such time");
	/* a literal T */
	pat_ok("YYYY-MM-DDTHH:mm", VT_DATETIME, 0, "2025-07-14T20:28", utc(2025, 7, 14, 20, 28, 0));
	/* a date field ignores the time of a text without a zone */
	pat_ok("M/D/YYYY h:mm:ss AM", VT_DATE, NOZ, "1/12/2026 11:02:51 PM", days(2026, 1, 12));
}

static void test_pattern_ampm(void **state)
{
	const char *ps = "M/D/YYYY h:mm:ss AM";
	(void)state;
	pat_ok(ps, VT_DATETIME, 0, "1/12/2026 2:02:51 PM", utc(2026, 1, 12, 14, 2, 51));
	pat_ok(ps, VT_DATETIME, 0, "1/12/2026 2:02:51 AM", utc(2026, 1, 12, 2, 2, 51));
	pat_ok(ps, VT_DATETIME, 0, "1/12/2026 12:00:00 AM", utc(2026, 1, 12, 0, 0, 0));   /* midnight */
	pat_ok(ps, VT_DATETIME, 0, "1/12/2026 12:30:00 AM", utc(2026, 1, 12, 0, 30, 0));
	pat_ok(ps, VT_DATETIME, 0, "1/12/2026 12:00:00 PM", utc(2026, 1, 12, 12, 0, 0));  /* noon */
	pat_ok(ps, VT_DATETIME, 0, "1/12/2026 12:59:59 PM", utc(2026, 1, 12, 12, 59, 59));
	pat_ok(ps, VT_DATETIME, 0, "1/12/2026 11:59:59 PM", utc(2026, 1, 12, 23, 59, 59));
	pat_ok(ps, VT_DATETIME, 0, "1/12/2026 1:00:00 am", utc(2026, 1, 12, 1, 0, 0));
	pat_ok(ps, VT_DATETIME, 0, "1/12/2026 1:00:00 pM", utc(2026, 1, 12, 13, 0, 0));
	pat_ok("M/D/YYYY hh:mm AM", VT_DATETIME, 0, "1/12/2026 09:15 PM", utc(2026, 1, 12, 21, 15, 0));
	pat_ok("M/D/YYYY h:mmAM", VT_DATETIME, 0, "1/12/2026 9:15PM", utc(2026, 1, 12, 21, 15, 0));
	pat_bad(ps, VT_DATETIME, "1/12/2026 0:30:00 AM", VALUE_INVALID, "12-hour");
	pat_bad(ps, VT_DATETIME, "1/12/2026 13:00:00 PM", VALUE_INVALID, "12-hour");
	pat_bad(ps, VT_DATETIME, "1/12/2026 2:02:51", VALUE_NOMATCH, NULL);
	pat_bad(ps, VT_DATETIME, "1/12/2026 2:02:51 XM", VALUE_NOMATCH, NULL);
	pat_bad(ps, VT_DATETIME, "1/12/2026 2:02:51 A", VALUE_NOMATCH, NULL);
	/* the declared zone applies: 2:02:51 PM at -05:00 is 19:02:51Z */
	pat_ok(ps, VT_DATETIME, -5 * 3600, "1/12/2026 2:02:51 PM", utc(2026, 1, 12, 19, 2, 51));
}

static void test_pattern_fraction(void **state)
{
	const char *ps = "YYYY-MM-DDTHH:mm:ss.FZ";
	(void)state;
	pat_ok(ps, VT_DATETIME, NOZ, "2025-07-14T20:28:55.8307870Z", utc(2025, 7, 14, 20, 28, 55) + 830787);
	pat_ok(ps, VT_DATETIME, NOZ, "2025-07-14T20:28:55.8307879Z", utc(2025, 7, 14, 20, 28, 55) + 830787);
	pat_ok(ps, VT_DATETIME, NOZ, "2025-07-14T20:28:55.5Z", utc(2025, 7, 14, 20, 28, 55) + 500000);
	pat_ok(ps, VT_DATETIME, NOZ, "2025-07-14T20:28:55,25Z", utc(2025, 7, 14, 20, 28, 55) + 250000);
	pat_ok(ps, VT_DATETIME, NOZ, "2025-07-14T20:28:55Z", utc(2025, 7, 14, 20, 28, 55)); /* optional */
	pat_ok(ps, VT_DATETIME, NOZ, "2025-07-14T20:28:55.000001Z", utc(2025, 7, 14, 20, 28, 55) + 1);
	pat_bad(ps, VT_DATETIME, "2025-07-14T20:28:55.83078701Z", VALUE_NOMATCH, NULL); /* 8 digits */
	pat_bad(ps, VT_DATETIME, "2025-07-14T20:28:55.Z", VALUE_NOMATCH, NULL);
}

static void test_pattern_zone(void **state)
{
	const char *ps = "YYYY-MM-DD HH:mmZ";
	(void)state;
	pat_ok(ps, VT_DATETIME, NOZ, "2025-07-14 20:28Z", utc(2025, 7, 14, 20, 28, 0));
	pat_ok(ps, VT_DATETIME, NOZ, "2025-07-14 20:28z", utc(2025, 7, 14, 20, 28, 0));
	pat_ok(ps, VT_DATETIME, NOZ, "2025-07-14 20:28+02:00", utc(2025, 7, 14, 18, 28, 0));
	pat_ok(ps, VT_DATETIME, NOZ, "2025-07-14 20:28-0530", utc(2025, 7, 15, 1, 58, 0));
	pat_ok(ps, VT_DATETIME, 3600, "2025-07-14 20:28Z", utc(2025, 7, 14, 20, 28, 0)); /* the text's zone wins */
	pat_ok(ps, VT_DATE, NOZ, "2025-07-14 23:30-02:00", days(2025, 7, 15));           /* UTC date */
	pat_bad(ps, VT_DATETIME, "2025-07-14 20:28", VALUE_NOMATCH, NULL);
	pat_bad(ps, VT_DATETIME, "2025-07-14 20:28+2", VALUE_NOMATCH, NULL);
	pat_bad(ps, VT_DATETIME, "2025-07-14 20:28+24:00", VALUE_NOMATCH, NULL);
	/* without Z and without a declared zone a datetime is an error */
	{
		struct value_pattern p;
		int64_t v;
		const char *why = NULL;
		pat_compile(&p, "YYYY-MM-DD HH:mm", VT_DATETIME);
		assert_int_equal(value_pattern_parse(&p, VT_DATETIME, NOZ, "2025-07-14 20:28", 16, &v, &why),
				 VALUE_INVALID);
		assert_non_null(strstr(why, "without a time zone"));
		assert_int_equal(value_pattern_has_zone(&p), 0);
		pat_compile(&p, ps, VT_DATETIME);
		assert_int_equal(value_pattern_has_zone(&p), 1);
	}
}

static void test_pattern_errors(void **state)
{
	(void)state;
	pat_error("", VT_DATE, "empty format");
	pat_error("YY-MM-DD", VT_DATE,
		  "unknown token 'YY' in format \"YY-MM-DD\" (tokens: YYYY, M, MM, D, DD, H, HH, h, hh, mm, ss, .F, AM, Z)");
	pat_error("MMM D YYYY", VT_DATE,
		  "unknown token 'MMM' in format \"MMM D YYYY\" (tokens: YYYY, M, MM, D, DD, H, HH, h, hh, mm, ss, .F, AM, Z)");
	pat_error("M/D/YYYY H:m", VT_DATETIME,
		  "unknown token 'm' in format \"M/D/YYYY H:m\" (tokens: YYYY, M, MM, D, DD, H, HH, h, hh, mm, ss, .F, AM, Z)");
	pat_error("M/D/YYYY h:mm A", VT_DATETIME,
		  "unknown token 'A' in format \"M/D/YYYY h:mm A\" (tokens: YYYY, M, MM, D, DD, H, HH, h, hh, mm, ss, .F, AM, Z)");
	pat_error("YYYY-MM-DD HH:mm:ssF", VT_DATETIME,
		  "unknown token 'F' in format \"YYYY-MM-DD HH:mm:ssF\" (tokens: YYYY, M, MM, D, DD, H, HH, h, hh, mm, ss, .F, AM, Z)");
	pat_error("M/YYYY", VT_DATE, "date format \"M/YYYY\" has no day (D or DD)");
	pat_error("D/M", VT_DATE, "date format \"D/M\" has no year (YYYY)");
	pat_error("D/YYYY", VT_DATE, "date format \"D/YYYY\" has no month (M or MM)");
	pat_error("M/D/YYYY", VT_DATETIME, "datetime format \"M/D/YYYY\" has no hour (H, HH, h or hh)");
	pat_error("M/D/YYYY/MM", VT_DATE, "format \"M/D/YYYY/MM\" names the month (M or MM) twice");
	pat_error("M/D/YYYY H h", VT_DATETIME, "format \"M/D/YYYY H h\" names the hour (H, HH, h or hh) twice");
	pat_error("M/D/YYYY mm", VT_DATE, "date format \"M/D/YYYY mm\" has minutes but no hour (H, HH, h or hh)");
	pat_error("M/D/YYYY H:ss", VT_DATETIME, "datetime format \"M/D/YYYY H:ss\" has seconds but no minutes (mm)");
	pat_error("M/D/YYYY H:mm.F", VT_DATETIME, "datetime format \"M/D/YYYY H:mm.F\" has a fraction but no seconds (ss)");
	pat_error("M/D/YYYY h:mm", VT_DATETIME,
		  "datetime format \"M/D/YYYY h:mm\" has a 12-hour hour (h or hh) but no AM/PM marker (AM)");
	pat_error("M/D/YYYY H:mm AM", VT_DATETIME,
		  "datetime format \"M/D/YYYY H:mm AM\" has an AM/PM marker but no 12-hour hour (h or hh): H and HH count to 23");
	pat_error("M/D/YYYYZ", VT_DATE, "date format \"M/D/YYYYZ\" has a zone but no hour (H, HH, h or hh)");
	pat_error("YYYY-MM-DD                                    ", VT_DATE,
		  "format \"YYYY-MM-DD                                    \" is longer than 40 tokens and characters");
}

/* ---- enum spellings ------------------------------------------------ */

static int same(const char *a, const char *b) { return value_enum_same(a, strlen(a), b, strlen(b)); }

static void test_enum_same(void **state)
{
	(void)state;
	assert_true(same("IsIndirectResellerOf", "is_indirect_reseller_of"));
	assert_true(same("IsIndirectResellerOf", "Is Indirect Reseller Of"));
	assert_true(same("IsIndirectResellerOf", "is-indirect-reseller-of"));
	assert_true(same("IsIndirectResellerOf", "ISINDIRECTRESELLEROF"));
	assert_true(same("Active", "active"));
	assert_true(same("_a_", "A"));
	assert_true(same("", "_- "));
	assert_false(same("IsIndirectResellerOf", "IsIndirectResellerOff"));
	assert_false(same("IsIndirectResellerOf", "IsIndirectReseller"));
	assert_false(same("a.b", "ab"));                /* only _, - and space are ignored */
	assert_false(same("a\tb", "ab"));
	assert_false(same("Ä", "ä"));                   /* ASCII case only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_int_valid),
		cmocka_unit_test(test_int_invalid),
		cmocka_unit_test(test_int_embedded_nul),
		cmocka_unit_test(test_int_format),
		cmocka_unit_test(test_decimal_valid),
		cmocka_unit_test(test_decimal_invalid),
		cmocka_unit_test(test_decimal_format),
		cmocka_unit_test(test_decimal_round_trip),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_civil_known_days),
		cmocka_unit_test(test_civil_round_trip),
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_date_invalid),
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_datetime_valid),
		cmocka_unit_test(test_datetime_utc_boundaries),
		cmocka_unit_test(test_datetime_invalid),
		cmocka_unit_test(test_datetime_format),
		cmocka_unit_test(test_datetime_round_trip),
		cmocka_unit_test(test_decimal_round_half_even),
		cmocka_unit_test(test_decimal_round_invalid),
		cmocka_unit_test(test_iso_datetime_to_date),
		cmocka_unit_test(test_iso_datetime_zone),
		cmocka_unit_test(test_zone_names),
		cmocka_unit_test(test_pattern_date_tokens),
		cmocka_unit_test(test_pattern_time_tokens),
		cmocka_unit_test(test_pattern_ampm),
		cmocka_unit_test(test_pattern_fraction),
		cmocka_unit_test(test_pattern_zone),
		cmocka_unit_test(test_pattern_errors),
		cmocka_unit_test(test_enum_same),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_dec_mul),
		cmocka_unit_test(test_dec_div),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
