/*
 * test_check.c - golden tests of the checker: every error kind of
 * `verdict check` with its exact text, position, source line and caret.
 * (Generated once from reviewed output; edit the expectations by hand.)
 */
#include "testutil.h"

static const char schema[] =
	"param as_of date = today\n"
	"dataset partners \"Partners\" {\n"
	"  from csv \"partners.csv\"\n"
	"  key PartnerId\n"
	"  PartnerId      text required\n"
	"  PartnerName    text\n"
	"  CspRole        enum(\"DirectBill\", \"IndirectProvider\", \"IndirectReseller\", \"None\")\n"
	"  ProgramStatus  enum(\"Active\", \"Suspended\")\n"
	"  CspEnrolledOn  date\n"
	"  Revenue        decimal\n"
	"}\n"
	"dataset sales {\n"
	"  from csv \"sales.csv\"\n"
	"  key InvoiceNumber\n"
	"  InvoiceNumber text\n"
	"  MpnId text\n"
	"  OrderDate date\n"
	"  Subtotal decimal\n"
	"  Quantity int\n"
	"}\n";

static void expect_diags(const char *rules, const char *expected)
{
	struct program prog;
	struct planset ps;
	struct strpool pool;
	struct diagctx dc;
	struct strbuf text = STRBUF_INIT;
	char *got;
	strpool_init(&pool);
	strbuf_addf(&text, "%s%s", schema, rules);
	tu_check(&prog, &ps, &pool, &dc, text.buf);
	got = tu_diags(&dc);
	assert_string_equal(got, expected);
	free(got);
	tu_check_release(&prog, &ps, &dc);
	strpool_release(&pool);
	strbuf_release(&text);
}

static void test_unknown_field(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for p in partners\n"
		"  where p.CspEnroledOn <= $as_of\n"
		"  message \"m\" }\n",
		"test.rules:23:11: error: unknown field 'CspEnroledOn' in partners (did you mean 'CspEnrolledOn'?)\n"
		"   23 |   where p.CspEnroledOn <= $as_of\n"
		"      |           ^~~~~~~~~~~~\n"
		"test.rules:12:9: warning: dataset 'sales' is not used by any rule\n"
		"   12 | dataset sales {\n"
		"      |         ^~~~~\n");
}

static void test_enum_literal(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for p in partners\n"
		"  where p.ProgramStatus = \"Actve\" or p.CspRole in (\"DirectBill\", \"Nonne\")\n"
		"  message \"m\" }\n",
		"test.rules:23:27: error: \"Actve\" is not a value of partners.ProgramStatus (values: \"Active\", \"Suspended\") (did you mean \"Active\"?)\n"
		"   23 |   where p.ProgramStatus = \"Actve\" or p.CspRole in (\"DirectBill\", \"Nonne\")\n"
		"      |                           ^~~~~~~\n"
		"test.rules:23:66: error: \"Nonne\" is not a value of partners.CspRole (values: \"DirectBill\", \"IndirectProvider\", \"IndirectReseller\", \"None\") (did you mean \"None\"?)\n"
		"   23 |   where p.ProgramStatus = \"Actve\" or p.CspRole in (\"DirectBill\", \"Nonne\")\n"
		"      |                                                                  ^~~~~~~\n"
		"test.rules:12:9: warning: dataset 'sales' is not used by any rule\n"
		"   12 | dataset sales {\n"
		"      |         ^~~~~\n");
}

/* a literal spelled another way (case, '_', '-', spaces) matches like
 * the data and becomes the declared spelling */
static void test_enum_literal_spellings(void **state)
{
	struct program prog;
	struct planset ps;
	struct strpool pool;
	struct diagctx dc;
	struct strbuf text = STRBUF_INIT, got = STRBUF_INIT;
	(void)state;
	strpool_init(&pool);
	strbuf_addf(&text, "%s%s", schema,
		    "rule R-1 { title \"t\" severity error\n"
		    "  for p in partners\n"
		    "  join s in sales on s.MpnId = p.PartnerId\n"
		    "  where p.CspRole in (\"indirect_reseller\", \"Indirect Provider\") and \"ACTIVE\" = p.ProgramStatus\n"
		    "  message \"m\" }\n");
	assert_int_equal(tu_check(&prog, &ps, &pool, &dc, text.buf), 0);
	ast_expr_text(prog.rules[0]->clauses[2].e, &got);
	assert_string_equal(got.buf,
			    "p.CspRole in (\"IndirectReseller\", \"IndirectProvider\") and \"Active\" = p.ProgramStatus");
	tu_check_release(&prog, &ps, &dc);
	strpool_release(&pool);
	strbuf_release(&text);
	strbuf_release(&got);
}

static void test_unknown_dataset(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sale\n"
		"  message \"m\" }\n",
		"test.rules:22:12: error: unknown dataset 'sale' (did you mean 'sales'?)\n"
		"   22 |   for s in sale\n"
		"      |            ^~~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n"
		"test.rules:12:9: warning: dataset 'sales' is not used by any rule\n"
		"   12 | dataset sales {\n"
		"      |         ^~~~~\n");
}

static void test_unknown_variable(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sales\n"
		"  where sales.MpnId = \"1\"\n"
		"  message \"m\" }\n",
		"test.rules:23:9: error: 'sales' is a dataset, not a variable (did you mean 's'?)\n"
		"   23 |   where sales.MpnId = \"1\"\n"
		"      |         ^~~~~~~~~~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n");
}

static void test_unknown_param(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sales\n"
		"  where s.OrderDate < $asof\n"
		"  message \"m\" }\n",
		"test.rules:23:23: error: unknown parameter '$asof' (did you mean '$as_of'?)\n"
		"   23 |   where s.OrderDate < $asof\n"
		"      |                       ^~~~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n");
}

static void test_unknown_function(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sales\n"
		"  where lowr(s.MpnId) = \"x\"\n"
		"  message \"m\" }\n",
		"test.rules:23:9: error: unknown function 'lowr' (did you mean 'lower'?)\n"
		"   23 |   where lowr(s.MpnId) = \"x\"\n"
		"      |         ^~~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n");
}

static void test_if_types(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sales\n"
		"  where if(s.Quantity, s.MpnId, \"x\") = \"x\"\n"
		"    and if(s.Quantity > 1, s.MpnId, s.OrderDate) is null\n"
		"  message \"m\" }\n",
		"test.rules:23:12: error: if() takes a condition first, not int\n"
		"   23 |   where if(s.Quantity, s.MpnId, \"x\") = \"x\"\n"
		"      |            ^~~~~~~~~~\n"
		"test.rules:24:37: error: if() arguments must have one type: text and date\n"
		"   24 |     and if(s.Quantity > 1, s.MpnId, s.OrderDate) is null\n"
		"      |                                     ^~~~~~~~~~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n");
}

static void test_unknown_define(void **state)
{
	(void)state;
	expect_diags(
		"define in_csp(p, day) = p.CspRole != \"None\" and p.CspEnrolledOn <= day\n"
		"rule R-1 { title \"t\" severity error\n"
		"  for p in partners\n"
		"  where in_cps(p, $as_of)\n"
		"  message \"m\" }\n",
		"test.rules:24:9: error: unknown function 'in_cps' (did you mean 'in_csp'?)\n"
		"   24 |   where in_cps(p, $as_of)\n"
		"      |         ^~~~~~\n"
		"test.rules:21:8: warning: define 'in_csp' is never used\n"
		"   21 | define in_csp(p, day) = p.CspRole != \"None\" and p.CspEnrolledOn <= day\n"
		"      |        ^~~~~~\n"
		"test.rules:12:9: warning: dataset 'sales' is not used by any rule\n"
		"   12 | dataset sales {\n"
		"      |         ^~~~~\n");
}

static void test_date_vs_text(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sales\n"
		"  where s.OrderDate = \"2026-01-01\"\n"
		"  message \"m\" }\n",
		"test.rules:23:9: error: cannot compare date with text using '=' (a date literal is written without quotes: 2026-11-25)\n"
		"   23 |   where s.OrderDate = \"2026-01-01\"\n"
		"      |         ^~~~~~~~~~~~~~~~~~~~~~~~~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n");
}

static void test_sum_of_text(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for p in partners\n"
		"  let t = sum(s.MpnId for s in sales where s.MpnId = p.PartnerId)\n"
		"  message \"{t}\" }\n",
		"test.rules:23:15: error: sum() needs a number, not text\n"
		"   23 |   let t = sum(s.MpnId for s in sales where s.MpnId = p.PartnerId)\n"
		"      |               ^~~~~~~\n");
}

static void test_matches_number(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sales\n"
		"  where s.Subtotal matches /^1/\n"
		"  message \"m\" }\n",
		"test.rules:23:9: error: 'matches' applies to text, not decimal\n"
		"   23 |   where s.Subtotal matches /^1/\n"
		"      |         ^~~~~~~~~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n");
}

static void test_not_bool(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sales\n"
		"  where s.Quantity + 1\n"
		"  message \"m\" }\n",
		"test.rules:23:9: error: a 'where' condition must be bool, not int\n"
		"   23 |   where s.Quantity + 1\n"
		"      |         ^~~~~~~~~~~~~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n");
}

static void test_duplicate_and_missing(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sales\n"
		"  message \"m\" }\n"
		"rule R-1 { title \"t\"\n"
		"  for s in sales }\n",
		"test.rules:24:6: error: duplicate rule id R-1 (first defined at test.rules:21)\n"
		"   24 | rule R-1 { title \"t\"\n"
		"      |      ^~~\n"
		"test.rules:24:6: error: rule R-1 has no 'severity' (error, warning or info)\n"
		"   24 | rule R-1 { title \"t\"\n"
		"      |      ^~~\n"
		"test.rules:24:6: error: rule R-1 has no 'message'\n"
		"   24 | rule R-1 { title \"t\"\n"
		"      |      ^~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n");
}

static void test_scan_warning_unused(void **state)
{
	(void)state;
	expect_diags(
		"define unused(x) = x > 1\n"
		"rule R-1 { title \"t\" severity warning\n"
		"  for s in sales\n"
		"  where exists p in partners where p.Revenue > s.Subtotal\n"
		"  message \"m\" }\n",
		"test.rules:21:8: warning: define 'unused' is never used\n"
		"   21 | define unused(x) = x > 1\n"
		"      |        ^~~~~~\n"
		"test.rules:24:9: warning: exists over partners has no equality on p's fields to look up: it will scan partners for every row\n"
		"   24 |   where exists p in partners where p.Revenue > s.Subtotal\n"
		"      |         ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
}

static void test_define_error_note(void **state)
{
	(void)state;
	expect_diags(
		"define late(p, day) = p.CspEnroledOn > day\n"
		"rule R-1 { title \"t\" severity error\n"
		"  for p in partners\n"
		"  where late(p, $as_of)\n"
		"  message \"m\" }\n",
		"test.rules:21:25: error: unknown field 'CspEnroledOn' in partners (did you mean 'CspEnrolledOn'?)\n"
		"   21 | define late(p, day) = p.CspEnroledOn > day\n"
		"      |                         ^~~~~~~~~~~~\n"
		"test.rules:24:9: note: in the expansion of define 'late' used here\n"
		"   24 |   where late(p, $as_of)\n"
		"      |         ^~~~~~~~~~~~~~~\n"
		"test.rules:12:9: warning: dataset 'sales' is not used by any rule\n"
		"   12 | dataset sales {\n"
		"      |         ^~~~~\n");
}

static void test_recursive_define(void **state)
{
	(void)state;
	expect_diags(
		"define f(x) = f(x) > 1\n"
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sales\n"
		"  where f(s.Quantity)\n"
		"  message \"m\" }\n",
		"test.rules:21:15: error: define 'f' refers to itself (defines cannot be recursive)\n"
		"   21 | define f(x) = f(x) > 1\n"
		"      |               ^~~~\n"
		"test.rules:24:9: note: in the expansion of define 'f' used here\n"
		"   24 |   where f(s.Quantity)\n"
		"      |         ^~~~~~~~~~~~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n");
}

/* doubling defines: d24 would be 2^24 nodes; the limit stops it fast, at
 * the call in the rule, once per rule (R-2's small d2 is fine) */
static void test_expansion_limit(void **state)
{
	struct strbuf rules = STRBUF_INIT;
	int i;
	(void)state;
	strbuf_addstr(&rules, "define d1(x) = x + x\n");
	for (i = 2; i <= 24; i++)
		strbuf_addf(&rules, "define d%d(x) = d%d(x) + d%d(x)\n", i, i - 1, i - 1);
	strbuf_addstr(&rules,
		"rule R-1 { title \"t\" severity error  for s in sales\n"
		"  where d24(s.Quantity) > 0 and d24(s.Quantity) > 1\n"
		"  message \"m\" }\n"
		"rule R-2 { title \"t\" severity error  for s in sales  where d2(s.Quantity) > 0  message \"m\" }\n");
	expect_diags(rules.buf,
		"test.rules:46:9: error: expanding 'd24' would make the rule too large (over 100000 nodes)\n"
		"   46 |   where d24(s.Quantity) > 0 and d24(s.Quantity) > 1\n"
		"      |         ^~~~~~~~~~~~~~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n");
	strbuf_release(&rules);
}

/* a define applied to its own result nests (d(d(x)) is not recursion);
 * nesting defines deeper than LANG_MAX_DEPTH is an error at the call, and
 * so is a rule's own expression that deep */
static void test_depth_limit(void **state)
{
	struct strbuf rules = STRBUF_INIT;
	int i;
	(void)state;
	strbuf_addstr(&rules, "define n1(x) = x + 1\n");
	for (i = 2; i <= 12; i++)
		strbuf_addf(&rules, "define n%d(x) = n%d(n%d(x))\n", i, i - 1, i - 1);
	strbuf_addstr(&rules,
		"rule R-1 { title \"t\" severity error  for s in sales  where n3(s.Quantity) > 0  message \"m\" }\n"
		"rule R-2 { title \"t\" severity error  for s in sales  where n12(s.Quantity) > 0  message \"m\" }\n"
		"rule R-3 { title \"t\" severity error  for s in sales  where s.Quantity");
	for (i = 0; i < 1000; i++)
		strbuf_addstr(&rules, i % 10 ? " + 1" : "\n  + 1");
	strbuf_addstr(&rules, " > 0  message \"m\" }\n");
	expect_diags(rules.buf,
		"test.rules:34:60: error: expanding 'n12' would nest the rule too deeply (over 1000 levels)\n"
		"   34 | rule R-2 { title \"t\" severity error  for s in sales  where n12(s.Quantity) > 0  message \"m\" }\n"
		"      |                                                            ^~~~~~~~~~~~~~~\n"
		"test.rules:35:60: error: expression has more than 1000 levels of operators (split it with 'let')\n"
		"   35 | rule R-3 { title \"t\" severity error  for s in sales  where s.Quantity\n"
		"      |                                                            ^~~~~~~~~~\n"
		"test.rules:2:9: warning: dataset 'partners' is not used by any rule\n"
		"    2 | dataset partners \"Partners\" {\n"
		"      |         ^~~~~~~~\n");
	strbuf_release(&rules);
}

/* only a left join variable may be tested as a whole, and only with
 * `is null` / `is not null` */
static void test_record_null_test(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sales  join p in partners on p.PartnerId = s.MpnId\n"
		"  where p is null or s is not null\n"
		"  message \"m\" }\n"
		"rule R-2 { title \"t\" severity error\n"
		"  for s in sales  left join p in partners on p.PartnerId = s.MpnId\n"
		"  where p is null and p = null\n"
		"  message \"m\" }\n",
		"test.rules:23:9: error: 'p' always has a row here: only a 'left join' variable can be tested with 'is null' (name one of its fields: 'p.Field')\n"
		"   23 |   where p is null or s is not null\n"
		"      |         ^\n"
		"test.rules:23:22: error: 's' always has a row here: only a 'left join' variable can be tested with 'is null' (name one of its fields: 's.Field')\n"
		"   23 |   where p is null or s is not null\n"
		"      |                      ^\n"
		"test.rules:27:23: error: 'p' is a record; name one of its fields ('p.Field')\n"
		"   27 |   where p is null and p = null\n"
		"      |                       ^\n");
}

static void test_second_for(void **state)
{
	(void)state;
	expect_diags(
		"rule R-1 { title \"t\" severity error\n"
		"  for s in sales\n"
		"  for p in partners\n"
		"  message \"m\" }\n",
		"test.rules:23:3: error: rule R-1 has a second 'for' (use 'join' to add a dataset)\n"
		"   23 |   for p in partners\n"
		"      |   ^~~\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_field),
		cmocka_unit_test(test_enum_literal),
		cmocka_unit_test(test_enum_literal_spellings),
		cmocka_unit_test(test_unknown_dataset),
		cmocka_unit_test(test_unknown_variable),
		cmocka_unit_test(test_unknown_param),
		cmocka_unit_test(test_unknown_function),
		cmocka_unit_test(test_if_types),
		cmocka_unit_test(test_unknown_define),
		cmocka_unit_test(test_date_vs_text),
		cmocka_unit_test(test_sum_of_text),
		cmocka_unit_test(test_matches_number),
		cmocka_unit_test(test_not_bool),
		cmocka_unit_test(test_duplicate_and_missing),
		cmocka_unit_test(test_scan_warning_unused),
		cmocka_unit_test(test_define_error_note),
		cmocka_unit_test(test_recursive_define),
		cmocka_unit_test(test_record_null_test),
		cmocka_unit_test(test_second_for),
		cmocka_unit_test(test_expansion_limit),
		cmocka_unit_test(test_depth_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
