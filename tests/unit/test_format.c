/*
 * test_format.c - the format table: lookups, and the checks of a
 * dataset's `from` clause when rules are loaded (unknown format names
 * with a did-you-mean, `record` where a format takes none or needs one).
 */
#include "testutil.h"

#include "data/format.h"
#include "run/verdict.h"

/* Loads rules through the library; returns the diagnostics rendered. */
static char *load(const char *rules, int *rc)
{
	struct verdict v;
	char *got;
	verdict_init(&v);
	*rc = verdict_load_rules_text(&v, "test.rules", rules);
	got = tu_diags(&v.dc);
	verdict_release(&v);
	return got;
}

static void expect_diags(const char *rules, const char *want)
{
	int rc;
	char *got = load(rules, &rc);
	assert_string_equal(got, want);
	assert_int_equal(rc, want[0] ? -1 : 0);
	free(got);
}

static void test_find(void **state)
{
	(void)state;
	assert_string_equal(format_find("csv")->name, "csv");
	assert_ptr_equal(format_find("csv")->read, csvin_read);
	assert_string_equal(format_find("xml")->name, "xml");
	assert_int_equal(format_find("xml")->record, FORMAT_RECORD_REQUIRED);
	assert_int_equal(format_find("csv")->record, FORMAT_RECORD_NONE);
	assert_null(format_find("CSV"));   /* names are exact */
	assert_null(format_find(""));
	assert_null(format_find("JSON"));
}

static void test_known_formats_load(void **state)
{
	(void)state;
	expect_diags("dataset a { from csv \"a.csv\" A text }\n"
		     "dataset b { from xml \"b.xml\" record \"R/S\" B text }\n", "");
}

static void test_unknown_format_did_you_mean(void **state)
{
	(void)state;
	expect_diags("dataset d { from cvs \"d.csv\" A text }\n",
		"test.rules:1:18: error: unknown format 'cvs' (did you mean 'csv'?)\n"
		"    1 | dataset d { from cvs \"d.csv\" A text }\n"
		"      |                  ^~~\n");
	expect_diags("dataset d {\n  from XML \"d.xml\" record \"R/S\"\n  A text\n}\n",
		"test.rules:2:8: error: unknown format 'XML' (did you mean 'xml'?)\n"
		"    2 |   from XML \"d.xml\" record \"R/S\"\n"
		"      |        ^~~\n");
}

static void test_unknown_format_lists_formats(void **state)
{
	(void)state;
	expect_diags("dataset d { from parquet \"d.parquet\" A text }\n",
		"test.rules:1:18: error: unknown format 'parquet' (expected csv, xml, json or jsonl)\n"
		"    1 | dataset d { from parquet \"d.parquet\" A text }\n"
		"      |                  ^~~~~~~\n");
}

/* Every dataset is checked; the rules are not checked further. */
static void test_every_dataset(void **state)
{
	(void)state;
	expect_diags("dataset a { from parquet \"a\" A text }\n"
		     "dataset b { from csv \"b.csv\" B text }\n"
		     "dataset c { from xlm \"c\" C text }\n"
		     "rule R { for x in nowhere where x.A = 1 message \"m\" }\n",
		"test.rules:1:18: error: unknown format 'parquet' (expected csv, xml, json or jsonl)\n"
		"    1 | dataset a { from parquet \"a\" A text }\n"
		"      |                  ^~~~~~~\n"
		"test.rules:3:18: error: unknown format 'xlm' (did you mean 'xml'?)\n"
		"    3 | dataset c { from xlm \"c\" C text }\n"
		"      |                  ^~~\n");
}

static void test_record_clause(void **state)
{
	(void)state;
	expect_diags("dataset d {\n"
		     "  from csv \"d.csv\" record \"Rows/Row\"\n"
		     "  A text\n"
		     "}\n",
		"test.rules:2:20: error: 'record' applies to XML and JSON datasets only (this one is read from csv)\n"
		"    2 |   from csv \"d.csv\" record \"Rows/Row\"\n"
		"      |                    ^~~~~~\n");
	expect_diags("dataset d {\n"
		     "  from xml \"d.xml\"\n"
		     "  A text\n"
		     "}\n",
		"test.rules:3:3: error: expected 'record \"Path/To/Element\"' for a dataset read from xml\n"
		"    3 |   A text\n"
		"      |   ^\n");
}

/* json takes an optional record path, jsonl none. */
static void test_json_rows(void **state)
{
	(void)state;
	assert_ptr_equal(format_find("json")->read, jsonin_read);
	assert_int_equal(format_find("json")->record, FORMAT_RECORD_OPTIONAL);
	assert_string_equal(format_find("json")->title, "JSON");
	assert_ptr_equal(format_find("jsonl")->read, jsonin_read_lines);
	assert_int_equal(format_find("jsonl")->record, FORMAT_RECORD_NONE);
	expect_diags("dataset a { from json \"a.json\" A text }\n"
		     "dataset b { from json \"b.json\" record \"data.items\" B text }\n"
		     "dataset c { from jsonl \"c.jsonl\" C text }\n", "");
	expect_diags("dataset c { from jsonl \"c.jsonl\" record \"items\" C text }\n",
		"test.rules:1:34: error: 'record' applies to XML and JSON datasets only (this one is read from jsonl)\n"
		"    1 | dataset c { from jsonl \"c.jsonl\" record \"items\" C text }\n"
		"      |                                  ^~~~~~\n");
	expect_diags("dataset d { from jsn \"d.json\" D text }\n",
		"test.rules:1:18: error: unknown format 'jsn' (did you mean 'json'?)\n"
		"    1 | dataset d { from jsn \"d.json\" D text }\n"
		"      |                  ^~~\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_json_rows),
		cmocka_unit_test(test_known_formats_load),
		cmocka_unit_test(test_unknown_format_did_you_mean),
		cmocka_unit_test(test_unknown_format_lists_formats),
		cmocka_unit_test(test_every_dataset),
		cmocka_unit_test(test_record_clause),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
