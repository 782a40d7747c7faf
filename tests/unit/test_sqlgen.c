/*
 * test_sqlgen.c - the dialect table's small pure pieces (run/sqlgen.h):
 * the portable regex subset in each flavour, date literals and date
 * arithmetic, null-safe equality, hashing.  Spark and Trino cannot run
 * here, so these spellings are pinned by hand (and their whole scripts by
 * tests/e2e/sql/golden); sqlite, postgres and duckdb also run in
 * tests/e2e/sql.sh.
 */
#include "testutil.h"

#include "run/sqlgen.h"

static const struct sql_dialect *dialect(const char *name)
{
	const char *why = NULL;
	const struct sql_dialect *d = sqlgen_dialect(name, &why);
	assert_non_null(d);
	return d;
}

/* the pattern src in dialect name's spelling ("!" + reason when refused) */
static char *rx(const char *name, const char *src, int icase)
{
	struct strbuf sb = STRBUF_INIT;
	const char *why = NULL;
	if (sqlgen_regex(dialect(name), src, icase, &sb, &why)) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "!%s", why);
	}
	return strbuf_detach(&sb, NULL);
}

#define RX(name, src, icase, want)                                  \
	do {                                                        \
		char *got_ = rx(name, src, icase);                  \
		assert_string_equal(got_, want);                    \
		free(got_);                                         \
	} while (0)

static void test_regex_flavours(void **state)
{
	(void)state;
	/* anchors: ARE keeps ^ and $ (before a final \n too); RE2/Java use \A, \z */
	RX("postgres", "^a.b$", 0, "^a[^\\n]b\\n?$");
	/* sqlite: wrapped in ( ), its regexp extension reads ^a|b as ^(a|b) */
	RX("sqlite", "^a.b$", 0, "(^a[^\\n]b\\n?$)");
	RX("sqlite", "^a|b", 0, "(^a|b)");
	RX("duckdb", "^a.b$", 0, "\\Aa[^\\n]b\\n?\\z");
	RX("trino", "^a.b$", 0, "\\Aa[^\\n]b\\n?\\z");
	RX("spark", "^a.b$", 0, "\\Aa[^\\n]b\\n?\\z");
	/* \s holds a vertical tab: Java's \v is a class, so \x0B there */
	RX("postgres", "\\s\\v", 0, "[ \\t\\n\\r\\f\\v]\\v");
	RX("spark", "\\s\\v", 0, "[ \\t\\n\\r\\f\\x0B]\\x0B");
	RX("trino", "[\\s,]", 0, "[ \\t\\n\\r\\f\\x0B,]");
	/* classes: a leading ] escaped for RE2/Java, [ and & escaped for Java */
	RX("postgres", "[]a]", 0, "[]a]");
	RX("trino", "[]a]", 0, "[\\]a]");
	RX("spark", "[a[&&b]", 0, "[a\\[\\&\\&b]");
	RX("trino", "[a[&&b]", 0, "[a[&&b]");
	RX("duckdb", "\\d{2,3}|\\w+", 0, "[0-9]{2,3}|[0-9A-Za-z_]+");
	/* flag i: postgres matches with ~*, the others lower both sides (ASCII) */
	RX("postgres", "^AB[C-D]", 1, "^AB[C-D]");
	RX("trino", "^AB[C-D]", 1, "\\Aab[c-d]");
	RX("spark", "É", 1, "!case-insensitive matching of non-ASCII text differs between engines");
	/* outside the subset, everywhere; RE2-like engines say why */
	RX("trino", "(?!a)b", 0,
	   "!(?...) groups (lookaround, named, inline flags) are outside the portable regex subset "
	   "(RE2-like engines have no lookaround)");
	RX("trino", "(a)\\1", 0, "!a backreference is outside the portable regex subset (RE2-like engines have none)");
	RX("spark", "(a)\\1", 0, "!a backreference is outside the portable regex subset");
	RX("spark", "(?<=a)b", 0,
	   "!(?...) groups (non-capturing, lookaround, named, inline flags) are outside the portable regex subset");
	RX("duckdb", "a*?", 0,
	   "!a quantifier with nothing to repeat, or lazy/possessive quantifiers (*?, ++), are outside the portable "
	   "regex subset");
	RX("sqlite", "\\bx", 0, "!this escape (\\b, \\A, \\z, \\x, \\p, ...) is outside the portable regex subset");
	RX("trino", "[[:alpha:]]", 0, "!POSIX classes ([:alpha:]) are outside the portable regex subset");
}

static char *date_arith(const char *name, int op)
{
	struct strbuf sb = STRBUF_INIT;
	sqlgen_date_arith(dialect(name), op, "d", "n", &sb);
	return strbuf_detach(&sb, NULL);
}

#define DA(name, op, want)                                   \
	do {                                                 \
		char *got_ = date_arith(name, op);           \
		assert_string_equal(got_, want);             \
		free(got_);                                  \
	} while (0)

static void test_date_arith(void **state)
{
	(void)state;
	DA("sqlite", '+', "(d + n)");
	DA("postgres", '-', "(d - CAST(n AS INTEGER))");   /* no date - bigint */
	DA("postgres", 'd', "CAST(d - n AS BIGINT)");
	DA("duckdb", '+', "(d + CAST(n AS INTEGER))");
	DA("duckdb", 'd', "CAST(d - n AS BIGINT)");
	DA("spark", '+', "date_add(d, CAST(n AS INT))");
	DA("spark", '-', "date_sub(d, CAST(n AS INT))");
	DA("spark", 'd', "CAST(datediff(d, n) AS BIGINT)");
	DA("trino", '+', "date_add('day', n, d)");
	DA("trino", '-', "date_add('day', -(n), d)");
	DA("trino", 'd', "date_diff('day', n, d)");
}

static void test_date_literal(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	sqlgen_date_literal(dialect("sqlite"), 19782, &sb); /* 2024-02-29 */
	assert_string_equal(sb.buf, "19782");
	strbuf_reset(&sb);
	sqlgen_date_literal(dialect("spark"), 19782, &sb);
	assert_string_equal(sb.buf, "DATE '2024-02-29'");
	strbuf_reset(&sb);
	sqlgen_date_literal(dialect("trino"), -1, &sb);
	assert_string_equal(sb.buf, "DATE '1969-12-31'");
	strbuf_release(&sb);
}

static void spelled(const char *name, enum sqlgen_construct c, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	sqlgen_spell(dialect(name), c, "a", "b", &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_constructs(void **state)
{
	(void)state;
	spelled("sqlite", SQLC_EQ_NULL, "(a IS b)");
	spelled("spark", SQLC_EQ_NULL, "(a <=> b)");
	spelled("spark", SQLC_NE_NULL, "(NOT (a <=> b))");
	spelled("trino", SQLC_EQ_NULL, "(a IS NOT DISTINCT FROM b)");
	spelled("sqlite", SQLC_HASH, "'sha256:' || hex(a)");
	spelled("spark", SQLC_HASH, "substr(sha2(a, 256), 1, 16)");
	spelled("trino", SQLC_HASH, "substr(lower(to_hex(sha256(to_utf8(a)))), 1, 16)");
	spelled("duckdb", SQLC_HASH, "substr(sha256(a), 1, 16)");
	spelled("spark", SQLC_LOWER, "translate(a, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')");
	spelled("spark", SQLC_DATE_RENDER, "CAST(a AS STRING)");
}

/* the exact decimal formulas: spelled from the dialect's integer division */
static void test_decimal(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	sqlgen_dec(dialect("trino"), '*', "a", "b", &sb);
	assert_non_null(strstr(sb.buf, "(((CAST(a AS DECIMAL(38,0)) * CAST(b AS DECIMAL(38,0))) - "));
	assert_null(strstr(sb.buf, " div "));
	strbuf_reset(&sb);
	sqlgen_dec(dialect("spark"), '/', "a", "b", &sb);
	assert_non_null(strstr(sb.buf, "CASE WHEN b = 0 THEN NULL ELSE CAST(((CAST(a AS DECIMAL(38,0)) * 1000000) div "
				       "CAST(b AS DECIMAL(38,0)))"));
	strbuf_release(&sb);
}

static void test_unknown_dialect(void **state)
{
	const char *why = NULL;
	(void)state;
	assert_null(sqlgen_dialect("oracle", &why));
	assert_string_equal(why, "is not a dialect (sqlite, postgres, duckdb, spark, trino)");
	assert_true(sqlgen_dialect_uses_tables(dialect("spark")));
	assert_false(sqlgen_dialect_uses_tables(dialect("duckdb")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regex_flavours), cmocka_unit_test(test_date_arith),
		cmocka_unit_test(test_date_literal),   cmocka_unit_test(test_constructs),
		cmocka_unit_test(test_decimal),        cmocka_unit_test(test_unknown_dialect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
