/*
 * test_lex.c - the rule-file lexer: every token kind with its position,
 * literal values, regex scanning, and the exact text of lexical errors.
 */
#include "testutil.h"

#include "util/arena.h"
#include "lang/lex.h"
#include "lang/value.h"

/* ---- fixture: lex a whole text ------------------------------------- */

#define MAXTOK 64

struct lexed {
	struct srcfile *f;
	struct arena arena;
	struct diagctx dc;
	struct token t[MAXTOK];
	size_t n;
};

/* Lex text to EOF (EOF included).  After a TK_SLASH that follows the name
 * `matches`, the lexer is switched to regex mode as the parser does. */
static struct lexed *lex_all(const char *text, size_t len)
{
	struct lexed *lx = calloc(1, sizeof(*lx));
	struct lexer ls;
	int after_matches = 0;
	assert_non_null(lx);
	lx->f = srcfile_from_string("test.rules", text, len);
	arena_init(&lx->arena);
	diag_init(&lx->dc);
	lex_init(&ls, lx->f, &lx->arena, &lx->dc);
	for (;;) {
		if (after_matches && ls.t.kind == TK_SLASH)
			lex_regex(&ls);
		after_matches = lex_is_name(&ls.t, "matches");
		assert_true(lx->n < MAXTOK);
		lx->t[lx->n++] = ls.t;
		if (ls.t.kind == TK_EOF)
			break;
		lex_next(&ls);
	}
	return lx;
}

static struct lexed *lex_str(const char *text) { return lex_all(text, strlen(text)); }

static void lexed_free(struct lexed *lx)
{
	diag_release(&lx->dc);
	arena_release(&lx->arena);
	srcfile_free(lx->f);
	free(lx);
}

static void expect_tok(const struct token *t, enum tok_kind kind, unsigned line, unsigned col, unsigned len)
{
	if (t->kind != kind)
		fail_msg("token kind: expected %s, got %s", lex_kind_name(kind), lex_kind_name(t->kind));
	assert_int_equal(t->pos.line, line);
	assert_int_equal(t->pos.col, col);
	assert_int_equal(t->pos.len, len);
}

static void expect_text(const struct token *t, const char *text)
{
	assert_int_equal(t->len, strlen(text));
	assert_memory_equal(t->text, text, t->len);
}

static void expect_diags(struct lexed *lx, const char *want)
{
	char *got = tu_diags(&lx->dc);
	assert_string_equal(got, want);
	free(got);
}

/* ---- names, keywords, layout --------------------------------------- */

static void test_names(void **state)
{
	struct lexed *lx = lex_str("for sale in _x Tier2MpnId where\n  key");
	(void)state;
	assert_int_equal(lx->n, 8);
	expect_tok(&lx->t[0], TK_NAME, 1, 1, 3);
	expect_text(&lx->t[0], "for");
	expect_tok(&lx->t[1], TK_NAME, 1, 5, 4);
	expect_text(&lx->t[1], "sale");
	expect_tok(&lx->t[2], TK_NAME, 1, 10, 2);
	expect_tok(&lx->t[3], TK_NAME, 1, 13, 2);
	expect_text(&lx->t[3], "_x");
	expect_tok(&lx->t[4], TK_NAME, 1, 16, 10);
	expect_text(&lx->t[4], "Tier2MpnId");
	expect_tok(&lx->t[5], TK_NAME, 1, 27, 5);
	expect_tok(&lx->t[6], TK_NAME, 2, 3, 3);
	assert_true(lex_is_name(&lx->t[5], "where"));
	assert_false(lex_is_name(&lx->t[5], "wher"));
	assert_false(lex_is_name(&lx->t[5], "wheres"));
	/* keywords are plain names; case matters */
	assert_false(lex_is_name(&lx->t[4], "tier2mpnid"));
	assert_int_equal(lx->dc.n, 0);
	lexed_free(lx);
}

static void test_eof_position_and_offsets(void **state)
{
	struct lexed *lx = lex_str("ab cd");
	(void)state;
	assert_int_equal(lx->n, 3);
	assert_int_equal(lx->t[0].offset, 0);
	assert_int_equal(lx->t[0].end, 2);
	assert_int_equal(lx->t[1].offset, 3);
	assert_int_equal(lx->t[1].end, 5);
	expect_tok(&lx->t[2], TK_EOF, 1, 6, 0);
	lexed_free(lx);

	lx = lex_str("");
	assert_int_equal(lx->n, 1);
	expect_tok(&lx->t[0], TK_EOF, 1, 1, 0);
	lexed_free(lx);
}

static void test_comments_and_whitespace(void **state)
{
	struct lexed *lx = lex_str("# header comment\na # trailing \"not a string\n\t b\r\n#last");
	(void)state;
	assert_int_equal(lx->n, 3);
	expect_tok(&lx->t[0], TK_NAME, 2, 1, 1);
	/* a tab is one byte column */
	expect_tok(&lx->t[1], TK_NAME, 3, 3, 1);
	expect_text(&lx->t[1], "b");
	expect_tok(&lx->t[2], TK_EOF, 4, 6, 0);
	assert_int_equal(lx->dc.n, 0);
	lexed_free(lx);
}

static void test_bom(void **state)
{
	struct lexed *lx = lex_str("\xEF\xBB\xBFrule x\ny");
	(void)state;
	assert_int_equal(lx->n, 4);
	/* the BOM is skipped and does not count as a column */
	expect_tok(&lx->t[0], TK_NAME, 1, 1, 4);
	expect_text(&lx->t[0], "rule");
	assert_int_equal(lx->t[0].offset, 3);
	expect_tok(&lx->t[1], TK_NAME, 1, 6, 1);
	expect_tok(&lx->t[2], TK_NAME, 2, 1, 1);
	assert_int_equal(lx->dc.n, 0);
	lexed_free(lx);

	/* a BOM anywhere else is an unexpected character */
	lx = lex_str("a \xEF\xBB\xBF");
	expect_tok(&lx->t[1], TK_ERROR, 1, 3, 3);
	expect_diags(lx, "test.rules:1:3: error: unexpected character '\xEF\xBB\xBF'\n"
			 "    1 | a \xEF\xBB\xBF\n"
			 "      |   ^~~\n");
	lexed_free(lx);
}

/* ---- operators ------------------------------------------------------ */

static void test_operators(void **state)
{
	static const struct { enum tok_kind k; unsigned col, len; } want[] = {
		{ TK_EQ, 1, 1 }, { TK_NE, 3, 2 }, { TK_NE, 6, 2 }, { TK_LT, 9, 1 },
		{ TK_LE, 11, 2 }, { TK_GT, 14, 1 }, { TK_GE, 16, 2 }, { TK_PLUS, 19, 1 },
		{ TK_MINUS, 21, 1 }, { TK_STAR, 23, 1 }, { TK_SLASH, 25, 1 }, { TK_DOLLAR, 27, 1 },
		{ TK_DOT, 29, 1 }, { TK_COMMA, 31, 1 }, { TK_LPAREN, 33, 1 }, { TK_RPAREN, 35, 1 },
		{ TK_LBRACE, 37, 1 }, { TK_RBRACE, 39, 1 }, { TK_EOF, 40, 0 },
	};
	struct lexed *lx = lex_str("= != <> < <= > >= + - * / $ . , ( ) { }");
	size_t i;
	(void)state;
	assert_int_equal(lx->n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < lx->n; i++)
		expect_tok(&lx->t[i], want[i].k, 1, want[i].col, want[i].len);
	expect_text(&lx->t[2], "<>");
	assert_int_equal(lx->dc.n, 0);
	lexed_free(lx);
}

static void test_operators_without_spaces(void **state)
{
	struct lexed *lx = lex_str("a<=b<>c>=$d.e(f,g)");
	static const enum tok_kind want[] = {
		TK_NAME, TK_LE, TK_NAME, TK_NE, TK_NAME, TK_GE, TK_DOLLAR, TK_NAME, TK_DOT,
		TK_NAME, TK_LPAREN, TK_NAME, TK_COMMA, TK_NAME, TK_RPAREN, TK_EOF
	};
	size_t i;
	(void)state;
	assert_int_equal(lx->n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < lx->n; i++)
		assert_int_equal(lx->t[i].kind, want[i]);
	assert_int_equal(lx->t[3].pos.col, 5);
	assert_int_equal(lx->t[3].pos.len, 2);
	lexed_free(lx);
}

/* ---- numbers and dates ---------------------------------------------- */

static void test_ints(void **state)
{
	struct lexed *lx = lex_str("0 42 007 9223372036854775807");
	(void)state;
	assert_int_equal(lx->n, 5);
	expect_tok(&lx->t[0], TK_INT, 1, 1, 1);
	assert_int_equal(lx->t[0].ival, 0);
	expect_tok(&lx->t[1], TK_INT, 1, 3, 2);
	assert_int_equal(lx->t[1].ival, 42);
	expect_text(&lx->t[1], "42");
	assert_int_equal(lx->t[2].ival, 7);
	expect_text(&lx->t[2], "007");
	expect_tok(&lx->t[3], TK_INT, 1, 10, 19);
	assert_true(lx->t[3].ival == INT64_MAX);
	assert_int_equal(lx->dc.n, 0);
	lexed_free(lx);
}

static void test_int_out_of_range(void **state)
{
	struct lexed *lx = lex_str("9223372036854775808");
	(void)state;
	expect_tok(&lx->t[0], TK_ERROR, 1, 1, 19);
	expect_diags(lx, "test.rules:1:1: error: invalid integer literal: integer out of the 64-bit range\n"
			 "    1 | 9223372036854775808\n"
			 "      | ^~~~~~~~~~~~~~~~~~~\n");
	lexed_free(lx);
}

static void test_decimals(void **state)
{
	struct lexed *lx = lex_str("12.50 0.000001 3.0 1.");
	(void)state;
	assert_int_equal(lx->n, 6);
	expect_tok(&lx->t[0], TK_DECIMAL, 1, 1, 5);
	assert_int_equal(lx->t[0].ival, 12500000);
	expect_text(&lx->t[0], "12.50");
	expect_tok(&lx->t[1], TK_DECIMAL, 1, 7, 8);
	assert_int_equal(lx->t[1].ival, 1);
	assert_int_equal(lx->t[2].ival, 3000000);
	/* a dot not followed by a digit is not part of the number */
	expect_tok(&lx->t[3], TK_INT, 1, 20, 1);
	expect_tok(&lx->t[4], TK_DOT, 1, 21, 1);
	assert_int_equal(lx->dc.n, 0);
	lexed_free(lx);
}

static void test_decimal_too_precise(void **state)
{
	struct lexed *lx = lex_str("x = 1.1234567");
	(void)state;
	expect_tok(&lx->t[2], TK_ERROR, 1, 5, 9);
	expect_diags(lx, "test.rules:1:5: error: invalid decimal literal: decimal with more than 6 fraction digits\n"
			 "    1 | x = 1.1234567\n"
			 "      |     ^~~~~~~~~\n");
	lexed_free(lx);
}

static void test_dates(void **state)
{
	struct lexed *lx = lex_str("2026-11-25 2024-02-29 1970-01-01");
	(void)state;
	assert_int_equal(lx->n, 4);
	expect_tok(&lx->t[0], TK_DATE, 1, 1, 10);
	assert_true(lx->t[0].ival == value_days_from_civil(2026, 11, 25));
	expect_text(&lx->t[0], "2026-11-25");
	expect_tok(&lx->t[1], TK_DATE, 1, 12, 10);
	assert_true(lx->t[1].ival == value_days_from_civil(2024, 2, 29));
	assert_int_equal(lx->t[2].ival, 0);
	assert_int_equal(lx->dc.n, 0);
	lexed_free(lx);
}

static void test_date_like_arithmetic(void **state)
{
	/* not DDDD-DD-DD: ints and minus signs */
	struct lexed *lx = lex_str("2026-11 2026 - 11 - 25 12-11-25 2026-11-255");
	static const enum tok_kind want[] = {
		TK_INT, TK_MINUS, TK_INT,
		TK_INT, TK_MINUS, TK_INT, TK_MINUS, TK_INT,
		TK_INT, TK_MINUS, TK_INT, TK_MINUS, TK_INT,
		TK_INT, TK_MINUS, TK_INT, TK_MINUS, TK_INT, TK_EOF
	};
	size_t i;
	(void)state;
	assert_int_equal(lx->n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < lx->n; i++)
		assert_int_equal(lx->t[i].kind, want[i]);
	assert_int_equal(lx->t[17].ival, 255);
	assert_int_equal(lx->dc.n, 0);
	lexed_free(lx);
}

static void test_invalid_date(void **state)
{
	struct lexed *lx = lex_str("where d < 2026-02-30\n  and d > 2025-02-29 or d = 2026-13-01");
	(void)state;
	expect_tok(&lx->t[3], TK_ERROR, 1, 11, 10);
	expect_diags(lx,
		"test.rules:1:11: error: invalid date literal: no such calendar date\n"
		"    1 | where d < 2026-02-30\n"
		"      |           ^~~~~~~~~~\n"
		"test.rules:2:11: error: invalid date literal: no such calendar date\n"
		"    2 |   and d > 2025-02-29 or d = 2026-13-01\n"
		"      |           ^~~~~~~~~~\n"
		"test.rules:2:29: error: invalid date literal: no such calendar date\n"
		"    2 |   and d > 2025-02-29 or d = 2026-13-01\n"
		"      |                             ^~~~~~~~~~\n");
	/* the lexer goes on after an error */
	expect_tok(&lx->t[4], TK_NAME, 2, 3, 3);
	lexed_free(lx);
}

static void test_malformed_number(void **state)
{
	struct lexed *lx = lex_str("q = 12x + 1\n  2026-11-25T1");
	(void)state;
	expect_tok(&lx->t[2], TK_ERROR, 1, 5, 3);
	expect_tok(&lx->t[3], TK_PLUS, 1, 9, 1);
	expect_tok(&lx->t[4], TK_INT, 1, 11, 1);
	expect_tok(&lx->t[5], TK_ERROR, 2, 3, 12);
	expect_diags(lx,
		"test.rules:1:5: error: malformed number '12x'\n"
		"    1 | q = 12x + 1\n"
		"      |     ^~~\n"
		"test.rules:2:3: error: malformed number '2026-11-25T1'\n"
		"    2 |   2026-11-25T1\n"
		"      |   ^~~~~~~~~~~~\n");
	lexed_free(lx);
}

/* ---- strings -------------------------------------------------------- */

static void test_strings(void **state)
{
	struct lexed *lx = lex_str("\"plain\" \"\" \"a\\\"b\\\\c\\nd\\te\\rf\" \"caf\\u00e9 \\u20AC\" \"\xC3\xA9t\xC3\xA9\"");
	(void)state;
	assert_int_equal(lx->n, 6);
	expect_tok(&lx->t[0], TK_STRING, 1, 1, 7);
	expect_text(&lx->t[0], "plain");
	expect_tok(&lx->t[1], TK_STRING, 1, 9, 2);
	expect_text(&lx->t[1], "");
	/* the position spans the literal as written; text is decoded */
	expect_tok(&lx->t[2], TK_STRING, 1, 12, 18);
	expect_text(&lx->t[2], "a\"b\\c\nd\te\rf");
	expect_tok(&lx->t[3], TK_STRING, 1, 31, 18);
	expect_text(&lx->t[3], "caf\xC3\xA9 \xE2\x82\xAC");
	/* raw UTF-8 is taken as it is; columns count bytes */
	expect_tok(&lx->t[4], TK_STRING, 1, 50, 7);
	expect_text(&lx->t[4], "\xC3\xA9t\xC3\xA9");
	assert_int_equal(lx->dc.n, 0);
	lexed_free(lx);
}

static void test_string_with_hash_and_braces(void **state)
{
	struct lexed *lx = lex_str("\"# not a comment {x}\" y");
	(void)state;
	assert_int_equal(lx->n, 3);
	expect_text(&lx->t[0], "# not a comment {x}");
	expect_tok(&lx->t[1], TK_NAME, 1, 23, 1);
	lexed_free(lx);
}

static void test_unterminated_string(void **state)
{
	/* the caret marks the opening quote; the rest of the line is not
	 * lexed (no follow-on errors for the '@' and '%') */
	struct lexed *lx = lex_str("title \"it's @ 50%\nseverity error");
	(void)state;
	assert_int_equal(lx->n, 5);
	expect_tok(&lx->t[1], TK_ERROR, 1, 7, 1);
	expect_tok(&lx->t[2], TK_NAME, 2, 1, 8);
	expect_tok(&lx->t[3], TK_NAME, 2, 10, 5);
	expect_diags(lx, "test.rules:1:7: error: unterminated string literal (strings end on the same line)\n"
			 "    1 | title \"it's @ 50%\n"
			 "      |       ^\n");
	lexed_free(lx);
}

static void test_unterminated_string_at_eof(void **state)
{
	struct lexed *lx = lex_str("x \"abc");
	(void)state;
	assert_int_equal(lx->n, 3);
	expect_tok(&lx->t[1], TK_ERROR, 1, 3, 1);
	assert_int_equal(lx->t[2].kind, TK_EOF);
	assert_int_equal(lx->dc.nerr, 1);
	lexed_free(lx);
}

static void test_backslash_at_end_of_line(void **state)
{
	/* one error, and the next line keeps its number */
	struct lexed *lx = lex_str("\"abc\\\nnext");
	(void)state;
	assert_int_equal(lx->n, 3);
	expect_tok(&lx->t[1], TK_NAME, 2, 1, 4);
	expect_diags(lx, "test.rules:1:1: error: unterminated string literal (strings end on the same line)\n"
			 "    1 | \"abc\\\n"
			 "      | ^\n");
	lexed_free(lx);
}

static void test_bad_escapes(void **state)
{
	struct lexed *lx = lex_str("\"a\\qb\" \"\\u12g\" \"\\\xC3\xA9\"");
	(void)state;
	/* a bad escape is reported and the string still ends where it ends */
	assert_int_equal(lx->n, 4);
	expect_tok(&lx->t[0], TK_STRING, 1, 1, 6);
	expect_text(&lx->t[0], "ab");
	expect_tok(&lx->t[1], TK_STRING, 1, 8, 7);
	expect_tok(&lx->t[2], TK_STRING, 1, 16, 5);
	expect_diags(lx,
		"test.rules:1:3: error: unknown escape sequence '\\q' in string (use \\\" \\\\ \\n \\t \\r \\uXXXX)\n"
		"    1 | \"a\\qb\" \"\\u12g\" \"\\\xC3\xA9\"\n"
		"      |   ^~\n"
		"test.rules:1:9: error: invalid escape sequence in string (\\u needs 4 hex digits: \\uXXXX)\n"
		"    1 | \"a\\qb\" \"\\u12g\" \"\\\xC3\xA9\"\n"
		"      |         ^~~~\n"
		"test.rules:1:17: error: unknown escape sequence '\\\xC3\xA9' in string (use \\\" \\\\ \\n \\t \\r \\uXXXX)\n"
		"    1 | \"a\\qb\" \"\\u12g\" \"\\\xC3\xA9\"\n"
		"      |                 ^~~\n");
	lexed_free(lx);
}

/* \uD800-\uDFFF (surrogates) and \u0000 are errors, and add nothing: a
 * string holds valid UTF-8 without NUL; the neighbours are fine */
static void test_surrogate_and_nul_escapes(void **state)
{
	struct lexed *lx = lex_str("\"a\\uD800b\" \"\\udfff\" \"x\\u0000y\" \"\\uD7FF\\uE000\\u0001\"");
	(void)state;
	assert_int_equal(lx->n, 5);
	expect_tok(&lx->t[0], TK_STRING, 1, 1, 10);
	expect_text(&lx->t[0], "ab");
	expect_text(&lx->t[1], "");
	expect_text(&lx->t[2], "xy");
	expect_text(&lx->t[3], "\xED\x9F\xBF\xEE\x80\x80\x01");
	expect_diags(lx,
		"test.rules:1:3: error: invalid escape sequence '\\uD800' in string (U+D800 to U+DFFF are UTF-16 surrogates, not characters)\n"
		"    1 | \"a\\uD800b\" \"\\udfff\" \"x\\u0000y\" \"\\uD7FF\\uE000\\u0001\"\n"
		"      |   ^~~~~~\n"
		"test.rules:1:13: error: invalid escape sequence '\\udfff' in string (U+D800 to U+DFFF are UTF-16 surrogates, not characters)\n"
		"    1 | \"a\\uD800b\" \"\\udfff\" \"x\\u0000y\" \"\\uD7FF\\uE000\\u0001\"\n"
		"      |             ^~~~~~\n"
		"test.rules:1:23: error: invalid escape sequence '\\u0000' in string (NUL is not allowed in strings)\n"
		"    1 | \"a\\uD800b\" \"\\udfff\" \"x\\u0000y\" \"\\uD7FF\\uE000\\u0001\"\n"
		"      |                       ^~~~~~\n");
	lexed_free(lx);
}

static void test_decode_escape(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;
	(void)state;
	assert_int_equal(lex_decode_escape("u0041x", 6, &i, &sb), 0);
	assert_int_equal(i, 5);
	assert_string_equal(sb.buf, "A");
	i = 0;
	assert_int_equal(lex_decode_escape("n", 1, &i, &sb), 0);
	assert_string_equal(sb.buf, "A\n");
	i = 0;
	assert_int_equal(lex_decode_escape("u00", 3, &i, &sb), -1);
	i = 0;
	assert_int_equal(lex_decode_escape("x", 1, &i, &sb), LEX_ESC_BAD);
	i = 0;
	assert_int_equal(lex_decode_escape("uDBFF", 5, &i, &sb), LEX_ESC_SURROGATE);
	assert_int_equal(i, 5);
	i = 0;
	assert_int_equal(lex_decode_escape("u0000", 5, &i, &sb), LEX_ESC_NUL);
	assert_string_equal(sb.buf, "A\n");
	strbuf_release(&sb);
}

/* ---- regexes ---------------------------------------------------------- */

static void test_regex(void **state)
{
	struct lexed *lx = lex_str("x matches /^[0-9]{4,10}$/ and y matches /a\\/b\\d+ c/ix or z");
	(void)state;
	assert_int_equal(lx->n, 10);
	expect_tok(&lx->t[2], TK_REGEX, 1, 11, 15);
	expect_text(&lx->t[2], "^[0-9]{4,10}$");
	assert_string_equal(lx->t[2].flags, "");
	expect_tok(&lx->t[3], TK_NAME, 1, 27, 3);
	/* the pattern is kept as written (PCRE2 reads \/ as /), so offsets
	 * in it are source columns */
	expect_tok(&lx->t[6], TK_REGEX, 1, 41, 13);
	expect_text(&lx->t[6], "a\\/b\\d+ c");
	assert_string_equal(lx->t[6].flags, "ix");
	expect_tok(&lx->t[7], TK_NAME, 1, 55, 2);
	expect_tok(&lx->t[8], TK_NAME, 1, 58, 1);
	assert_int_equal(lx->dc.n, 0);
	lexed_free(lx);
}

static void test_regex_with_quote_and_hash(void **state)
{
	/* inside a regex '"' and '#' are ordinary; a backslash escapes the
	 * next character (so \\ then / closes it) */
	struct lexed *lx = lex_str("matches /\"# x\\\\/ y");
	(void)state;
	assert_int_equal(lx->n, 4);
	expect_tok(&lx->t[1], TK_REGEX, 1, 9, 8);
	expect_text(&lx->t[1], "\"# x\\\\");
	expect_tok(&lx->t[2], TK_NAME, 1, 18, 1);
	assert_int_equal(lx->dc.n, 0);
	lexed_free(lx);
}

static void test_regex_only_after_matches(void **state)
{
	/* elsewhere '/' is division */
	struct lexed *lx = lex_str("a / b / c");
	(void)state;
	assert_int_equal(lx->n, 6);
	assert_int_equal(lx->t[1].kind, TK_SLASH);
	assert_int_equal(lx->t[3].kind, TK_SLASH);
	lexed_free(lx);
}

static void test_unterminated_regex(void **state)
{
	struct lexed *lx = lex_str("x matches /abc \"q\nnext");
	(void)state;
	assert_int_equal(lx->n, 5);
	expect_tok(&lx->t[2], TK_ERROR, 1, 11, 1);
	/* the rest of the line is skipped: no error for the open quote */
	expect_tok(&lx->t[3], TK_NAME, 2, 1, 4);
	expect_diags(lx, "test.rules:1:11: error: unterminated regex literal (expected a closing '/')\n"
			 "    1 | x matches /abc \"q\n"
			 "      |           ^\n");
	lexed_free(lx);
}

static void test_lex_regex_on_other_token(void **state)
{
	/* lex_regex leaves a token that is not '/' alone and reports nothing
	 * twice (the parser reports "expected a regex") */
	struct srcfile *f = srcfile_from_string("test.rules", "\"abc 12x", 8);
	struct arena a;
	struct diagctx dc;
	struct lexer ls;
	(void)state;
	arena_init(&a);
	diag_init(&dc);
	lex_init(&ls, f, &a, &dc);
	assert_int_equal(ls.t.kind, TK_ERROR);
	lex_regex(&ls);
	assert_int_equal(ls.t.kind, TK_ERROR);
	assert_int_equal(dc.nerr, 1);
	diag_release(&dc);
	arena_release(&a);
	srcfile_free(f);
}

/* ---- unexpected characters ------------------------------------------- */

static void test_unexpected_characters(void **state)
{
	struct lexed *lx = lex_str("a @ b ! c \xE2\x80\x9C d \x01 e ;");
	(void)state;
	assert_int_equal(lx->n, 11);
	expect_tok(&lx->t[1], TK_ERROR, 1, 3, 1);
	expect_tok(&lx->t[2], TK_NAME, 1, 5, 1);
	expect_tok(&lx->t[3], TK_ERROR, 1, 7, 1);
	/* a multi-byte character is one error spanning its bytes */
	expect_tok(&lx->t[5], TK_ERROR, 1, 11, 3);
	expect_tok(&lx->t[6], TK_NAME, 1, 15, 1);
	expect_tok(&lx->t[7], TK_ERROR, 1, 17, 1);
	/* the control character is shown escaped, the carets after it moved */
	expect_diags(lx,
		"test.rules:1:3: error: unexpected character '@'\n"
		"    1 | a @ b ! c \xE2\x80\x9C d \\x01 e ;\n"
		"      |   ^\n"
		"test.rules:1:7: error: unexpected character '!'\n"
		"    1 | a @ b ! c \xE2\x80\x9C d \\x01 e ;\n"
		"      |       ^\n"
		"test.rules:1:11: error: unexpected character '\xE2\x80\x9C'\n"
		"    1 | a @ b ! c \xE2\x80\x9C d \\x01 e ;\n"
		"      |           ^~~\n"
		"test.rules:1:17: error: unexpected control character 0x01\n"
		"    1 | a @ b ! c \xE2\x80\x9C d \\x01 e ;\n"
		"      |                 ^\n"
		"test.rules:1:21: error: unexpected character ';'\n"
		"    1 | a @ b ! c \xE2\x80\x9C d \\x01 e ;\n"
		"      |                        ^\n");
	lexed_free(lx);
}

/* ---- ranges (template expressions) ------------------------------------ */

static void test_range(void **state)
{
	/* lex only "s.A" of the second line; positions are the file's */
	const char *text = "x\n  \"a {s.A} b\"";
	struct srcfile *f = srcfile_from_string("test.rules", text, strlen(text));
	struct arena a;
	struct diagctx dc;
	struct lexer ls;
	(void)state;
	arena_init(&a);
	diag_init(&dc);
	lex_init_range(&ls, f, 8, 11, 2, 2, &a, &dc);
	expect_tok(&ls.t, TK_NAME, 2, 7, 1);
	lex_next(&ls);
	expect_tok(&ls.t, TK_DOT, 2, 8, 1);
	lex_next(&ls);
	expect_tok(&ls.t, TK_NAME, 2, 9, 1);
	expect_text(&ls.t, "A");
	lex_next(&ls);
	expect_tok(&ls.t, TK_EOF, 2, 10, 0);
	assert_int_equal(dc.n, 0);
	diag_release(&dc);
	arena_release(&a);
	srcfile_free(f);
}

/* ---- descriptions ------------------------------------------------------ */

static void test_describe(void **state)
{
	struct lexed *lx = lex_str("where \"a string that is longer than thirty bytes\" 42 1.5 2026-01-02 ) ");
	const char *want[] = {
		"'where'", "string \"a string that is longer than t...\"", "integer 42", "decimal 1.5",
		"date 2026-01-02", "')'", "end of file"
	};
	size_t i;
	(void)state;
	assert_int_equal(lx->n, 7);
	for (i = 0; i < lx->n; i++) {
		struct strbuf sb = STRBUF_INIT;
		lex_describe(&lx->t[i], &sb);
		assert_string_equal(sb.buf, want[i]);
		strbuf_release(&sb);
	}
	assert_string_equal(lex_kind_name(TK_NE), "'!='");
	assert_string_equal(lex_kind_name(TK_REGEX), "regex");
	lexed_free(lx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_eof_position_and_offsets),
		cmocka_unit_test(test_comments_and_whitespace),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_operators_without_spaces),
		cmocka_unit_test(test_ints),
		cmocka_unit_test(test_int_out_of_range),
		cmocka_unit_test(test_decimals),
		cmocka_unit_test(test_decimal_too_precise),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_date_like_arithmetic),
		cmocka_unit_test(test_invalid_date),
		cmocka_unit_test(test_malformed_number),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_string_with_hash_and_braces),
		cmocka_unit_test(test_unterminated_string),
		cmocka_unit_test(test_unterminated_string_at_eof),
		cmocka_unit_test(test_backslash_at_end_of_line),
		cmocka_unit_test(test_bad_escapes),
		cmocka_unit_test(test_surrogate_and_nul_escapes),
		cmocka_unit_test(test_decode_escape),
		cmocka_unit_test(test_regex),
		cmocka_unit_test(test_regex_with_quote_and_hash),
		cmocka_unit_test(test_regex_only_after_matches),
		cmocka_unit_test(test_unterminated_regex),
		cmocka_unit_test(test_lex_regex_on_other_token),
		cmocka_unit_test(test_unexpected_characters),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_describe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
