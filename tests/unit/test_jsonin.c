/*
 * test_jsonin.c - the JSON and JSON Lines readers: record paths, dotted
 * `at` paths, value mapping, nested values as JSON text, malformed
 * input, line numbers, limits.
 */
#include "testutil.h"

#include <fcntl.h>

#include "data/dq.h"
#include "data/format.h"
#include "data/ingest.h"
#include "data/instream.h"
#include "data/table.h"
#include "lang/value.h"
#include "util/alloc.h"

struct fx {
	struct program prog;
	struct strpool pool;
	struct diagctx dc;
	struct dqlog log;
	struct table t;
	int rc;
};

/* Read text (len bytes) as the first dataset of rules, through a memory
 * stream, with the reader of the dataset's format. */
static void fx_read_n(struct fx *f, const char *rules, const char *text, size_t len)
{
	struct ingest in;
	struct instream s;
	memset(f, 0, sizeof(*f));
	strpool_init(&f->pool);
	tu_parse(&f->prog, &f->pool, &f->dc, rules, 0);
	dqlog_init(&f->log);
	table_init(&f->t, f->prog.datasets[0]);
	ingest_begin(&in, &f->t, &f->pool, &f->log);
	instream_from_memory(&s, text, len);
	f->rc = format_find(f->prog.datasets[0]->sources[0].format)->read(&in, &s);
	ingest_end(&in);
	assert_int_equal(f->t.st.rows_read, f->t.nrows + f->t.st.rows_rejected);
	assert_int_equal(f->rc ? 1 : 0, f->t.st.input_error);
}

static void fx_read(struct fx *f, const char *rules, const char *text)
{
	fx_read_n(f, rules, text, strlen(text));
}

static void fx_free(struct fx *f)
{
	table_release(&f->t);
	dqlog_release(&f->log);
	schema_release(&f->prog);
	program_release(&f->prog);
	diag_release(&f->dc);
	strpool_release(&f->pool);
}

static int fidx(const struct fx *f, const char *name)
{
	int i = schema_find_field(f->t.ds, name);
	assert_true(i >= 0);
	return i;
}

/* Text (or enum) value, "<null>" when null. */
static const char *text(const struct fx *f, size_t row, const char *field)
{
	struct value v;
	assert_true(row < f->t.nrows);
	table_get(&f->t, row, fidx(f, field), &v);
	return v.null ? "<null>" : strpool_str(&f->pool, v.u.s);
}

static int is_null(const struct fx *f, size_t row, const char *field)
{
	assert_true(row < f->t.nrows);
	return table_is_null(&f->t, row, fidx(f, field));
}

static int64_t num(const struct fx *f, size_t row, const char *field)
{
	struct value v;
	assert_true(row < f->t.nrows);
	table_get(&f->t, row, fidx(f, field), &v);
	assert_false(v.null);
	return v.u.i;
}

static size_t ndq(const struct fx *f, enum dq_kind k)
{
	size_t i, n = 0;
	for (i = 0; i < f->log.n; i++)
		n += f->log.items[i].kind == k;
	return n;
}

static const struct dq *dq_nth(const struct fx *f, enum dq_kind k, size_t nth)
{
	size_t i;
	for (i = 0; i < f->log.n; i++)
		if (f->log.items[i].kind == k && nth-- == 0)
			return &f->log.items[i];
	fail_msg("no %s finding #%zu", dq_id(k), nth);
	return NULL;
}

static const char *dq_msg(const struct fx *f, const struct dq *d)
{
	return strpool_str(&f->pool, d->msg);
}

/* The one finding of kind k: its message, line and column. */
static void expect_dq(const struct fx *f, enum dq_kind k, uint32_t line, uint32_t col, const char *msg)
{
	const struct dq *d;
	assert_int_equal(ndq(f, k), 1);
	d = dq_nth(f, k, 0);
	assert_string_equal(dq_msg(f, d), msg);
	assert_int_equal(d->line, line);
	assert_int_equal(d->col, col);
}

/* ---- datasets ------------------------------------------------------ */

static const char *const customers_rules =
	"dataset customers {\n"
	"  from json \"customers.json\" record \"items\"\n"
	"  key id\n"
	"  id        text\n"
	"  tenantId  text  at \"companyProfile.tenantId\"\n"
	"  domain    text  at \"companyProfile.domain\"\n"
	"  relation  enum(\"reseller\", \"advisor\")  at \"relationshipToPartner\"\n"
	"  kind      text  at \"attributes.objectType\"\n"
	"}\n";

static const char *const customers_json =
	"{\n"
	"  \"continuationToken\": null,\n"
	"  \"totalCount\": 2,\n"
	"  \"items\": [\n"
	"    {\n"
	"      \"id\": \"c-1\",\n"
	"      \"companyProfile\": {\"tenantId\": \"t-1\", \"domain\": \"contoso.example\", \"companyName\": \"Contoso\"},\n"
	"      \"relationshipToPartner\": \"reseller\",\n"
	"      \"attributes\": {\"objectType\": \"Customer\"}\n"
	"    },\n"
	"    {\"id\": \"c-2\", \"companyProfile\": {\"tenantId\": \"t-2\", \"domain\": \"fabrikam.example\"},\n"
	"     \"relationshipToPartner\": \"advisor\", \"attributes\": {\"objectType\": \"Customer\"}}\n"
	"  ],\n"
	"  \"attributes\": {\"objectType\": \"Collection\"}\n"
	"}\n";

static const char *const simple_rules =
	"dataset d {\n"
	"  from json \"d.json\"\n"
	"  id text\n"
	"  n int\n"
	"}\n";

static const char *const lines_rules =
	"dataset d {\n"
	"  from jsonl \"d.jsonl\"\n"
	"  id text\n"
	"  n int\n"
	"}\n";

/* ---- tests --------------------------------------------------------- */

static void test_record_items(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f, customers_rules, customers_json);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 2);
	assert_string_equal(text(&f, 0, "id"), "c-1");
	assert_string_equal(text(&f, 0, "tenantId"), "t-1");
	assert_string_equal(text(&f, 0, "domain"), "contoso.example");
	assert_string_equal(text(&f, 0, "relation"), "reseller");
	assert_string_equal(text(&f, 0, "kind"), "Customer");   /* not the collection's */
	assert_int_equal(f.t.row_line[0], 5);
	assert_string_equal(text(&f, 1, "id"), "c-2");
	assert_string_equal(text(&f, 1, "tenantId"), "t-2");
	assert_string_equal(text(&f, 1, "relation"), "advisor");
	assert_int_equal(f.t.row_line[1], 11);
	assert_int_equal(f.log.n, 0);
	fx_free(&f);
}

static void test_top_level_array(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f, simple_rules, "[{\"id\": \"a\", \"n\": 1},\n {\"n\": 2, \"id\": \"b\"},\n{}]");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 3);
	assert_string_equal(text(&f, 0, "id"), "a");
	assert_int_equal(num(&f, 0, "n"), 1);
	assert_string_equal(text(&f, 1, "id"), "b");
	assert_int_equal(num(&f, 1, "n"), 2);
	assert_true(is_null(&f, 2, "id"));
	assert_int_equal(f.t.row_line[0], 1);
	assert_int_equal(f.t.row_line[1], 2);
	assert_int_equal(f.t.row_line[2], 3);
	assert_int_equal(f.log.n, 0);
	fx_free(&f);
}

static void test_nested_record_path(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from json \"d.json\" record \"a.b\"\n"
		"  id text\n"
		"}\n",
		"{\"b\": [{\"id\": \"no\"}], \"a\": {\"x\": {\"b\": [{\"id\": \"deeper\"}]},\n"
		" \"b\": [{\"id\": \"one\"}, {\"id\": \"two\"}]}, \"c\": {\"b\": [{\"id\": \"no\"}]}}");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 2);
	assert_string_equal(text(&f, 0, "id"), "one");
	assert_string_equal(text(&f, 1, "id"), "two");
	assert_int_equal(f.t.row_line[1], 2);
	fx_free(&f);

	/* null at the record path: no records */
	fx_read(&f, customers_rules, "{\"items\": null, \"totalCount\": 0}");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 0);
	assert_int_equal(f.log.n, 0);
	fx_free(&f);
}

static void test_record_path_errors(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f, customers_rules, "{\"totalCount\": 0,\n \"value\": []}");
	assert_int_equal(f.rc, -1);
	expect_dq(&f, DQ_INPUT, 0, 0, "record path \"items\" not found: no array of records there");
	fx_free(&f);

	fx_read(&f, customers_rules, "{\"items\": {\"id\": \"x\"}}");
	assert_int_equal(f.rc, -1);
	expect_dq(&f, DQ_INPUT, 1, 11, "record path \"items\" holds an object; expected an array of records");
	fx_free(&f);

	fx_read(&f, customers_rules, "[{\"items\": []}]");
	assert_int_equal(f.rc, -1);
	expect_dq(&f, DQ_INPUT, 1, 1, "the top-level value is an array; expected an object holding "
		  "the records at record path \"items\"");
	fx_free(&f);

	fx_read(&f,
		"dataset d {\n  from json \"d.json\" record \"a..b\"\n  id text\n}\n", "{}");
	assert_int_equal(f.rc, -1);
	expect_dq(&f, DQ_INPUT, 0, 0, "record path: JSON path \"a..b\" has an empty step "
		  "(keys are separated by '.')");
	fx_free(&f);
}

/* An object at the top without `record`: a clear input error. */
static void test_wrong_top_level(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f, simple_rules, "\n  {\"items\": [{\"id\": \"a\"}]}");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 0);
	expect_dq(&f, DQ_INPUT, 2, 3, "the top-level value is an object; expected an array of records "
		  "(or 'record \"PATH\"' naming the array that holds them)");
	fx_free(&f);

	fx_read(&f, simple_rules, "  \n");
	assert_int_equal(f.rc, -1);
	expect_dq(&f, DQ_INPUT, 0, 0, "empty file: expected a JSON array of records");
	fx_free(&f);
}

static void test_dotted_paths_and_alternatives(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from json \"d.json\"\n"
		"  tenant  text  at \"companyProfile.tenantId\", \"tenantId\"\n"
		"  mpn     text  at \"resellerMpnId\", \"Tier2MpnId\"\n"
		"  deep    text  at \"a.b.c\"\n"
		"  Name    text\n"
		"}\n",
		"[{\"companyProfile\": {\"tenantId\": \"t1\"}, \"tenantId\": \"top\", \"resellerMpnId\": \"m1\",\n"
		"  \"Tier2MpnId\": \"m2\", \"a\": {\"b\": {\"c\": \"abc\"}}, \"name\": \"lower\"},\n"
		" {\"tenantId\": \"top2\", \"Tier2MpnId\": \"m3\", \"a\": {\"x\": {\"c\": \"no\"}, \"b\": [{\"c\": \"no\"}]},\n"
		"  \"Name\": \"exact\", \"NAME\": \"upper\"},\n"
		" {\"CompanyProfile\": {\"TenantID\": \"t3\"}, \"ResellerMpnId\": \"m4\", \"Tier2MpnId\": \"m5\",\n"
		"  \"NAME\": \"upper\", \"Name\": \"exact\", \"a\": {\"b\": {\"c\": {\"d\": 1}}}},\n"
		" {\"a\": 1, \"name\": \"first\", \"name\": \"second\"}]");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 4);
	assert_string_equal(text(&f, 0, "tenant"), "t1");      /* first path wins */
	assert_string_equal(text(&f, 0, "mpn"), "m1");
	assert_string_equal(text(&f, 0, "deep"), "abc");
	assert_string_equal(text(&f, 0, "Name"), "lower");     /* ignoring case */
	assert_string_equal(text(&f, 1, "tenant"), "top2");    /* second path */
	assert_string_equal(text(&f, 1, "mpn"), "m3");
	assert_true(is_null(&f, 1, "deep"));                  /* no steps through arrays */
	assert_string_equal(text(&f, 1, "Name"), "exact");
	assert_string_equal(text(&f, 2, "tenant"), "t3");      /* every step ignoring case */
	assert_string_equal(text(&f, 2, "mpn"), "m4");         /* first path, ignoring case */
	assert_string_equal(text(&f, 2, "Name"), "exact");     /* exact beats an earlier caseless */
	assert_string_equal(text(&f, 2, "deep"), "{\"d\":1}");
	assert_string_equal(text(&f, 3, "Name"), "first");     /* first occurrence */
	assert_true(is_null(&f, 3, "deep"));
	assert_int_equal(f.log.n, 0);
	fx_free(&f);
}

static void test_numbers_bools_nulls(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from json \"d.json\"\n"
		"  q    int\n"
		"  p    decimal\n"
		"  t    text\n"
		"  b    bool\n"
		"  when datetime\n"
		"  r    text required\n"
		"}\n",
		"[{\"q\": 3, \"p\": 12.50, \"t\": 1.0e3, \"b\": true, \"when\": \"2025-07-14T20:28:55.8307870Z\", \"r\": \"x\"},\n"
		" {\"q\": \"3\", \"p\": \"-0.25\", \"t\": \"text\", \"b\": false, \"r\": null},\n"
		" {\"q\": null, \"p\": 1.5, \"t\": null, \"b\": \"yes\", \"r\": \"\"},\n"
		" {\"q\": 2.5, \"p\": true, \"t\": false, \"b\": 1, \"r\": 0}]");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 4);
	assert_int_equal(num(&f, 0, "q"), 3);
	assert_int_equal(num(&f, 0, "p"), 12500000);
	assert_string_equal(text(&f, 0, "t"), "1.0e3");        /* as written */
	assert_int_equal(num(&f, 0, "b"), 1);
	assert_false(is_null(&f, 0, "when"));
	assert_int_equal(num(&f, 1, "q"), 3);
	assert_int_equal(num(&f, 1, "p"), -250000);
	assert_string_equal(text(&f, 1, "t"), "text");
	assert_int_equal(num(&f, 1, "b"), 0);
	assert_true(is_null(&f, 1, "when"));
	assert_true(is_null(&f, 1, "r"));
	assert_true(is_null(&f, 2, "q"));
	assert_true(is_null(&f, 2, "t"));
	assert_int_equal(num(&f, 2, "b"), 1);
	assert_true(is_null(&f, 2, "r"));
	assert_true(is_null(&f, 3, "q"));
	assert_true(is_null(&f, 3, "p"));
	assert_string_equal(text(&f, 3, "t"), "false");
	assert_string_equal(text(&f, 3, "r"), "0");
	assert_int_equal(ndq(&f, DQ_REQUIRED), 2);
	assert_int_equal(dq_nth(&f, DQ_REQUIRED, 0)->line, 2);
	assert_int_equal(dq_nth(&f, DQ_REQUIRED, 1)->line, 3);
	assert_int_equal(ndq(&f, DQ_TYPE), 2);
	assert_string_equal(strpool_str(&f.pool, dq_nth(&f, DQ_TYPE, 0)->raw), "2.5");
	assert_string_equal(strpool_str(&f.pool, dq_nth(&f, DQ_TYPE, 1)->raw), "true");
	assert_int_equal(f.log.n, 4);
	fx_free(&f);
}

static void test_nested_values_as_json_text(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from json \"d.json\"\n"
		"  cd    text  at \"customizedData\"\n"
		"  prof  text  at \"companyProfile\"\n"
		"  empty text\n"
		"  s     text\n"
		"}\n",
		"[{\"customizedData\": [ {\"key\" : \"a\", \"value\": \"b\"},\n"
		"    {\"key\": \"q\\\"uote\\\\\", \"value\": \"line\\nbreak\\u0001\\/\\u00e9\"} ],\n"
		"  \"companyProfile\": {\"tenantId\": \"t\", \"n\": [1, 2.5e1, -3], \"ok\": true, \"x\": null, \"o\": {}},\n"
		"  \"empty\": [], \"s\": \"\\u00e9\\t\"}]");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 1);
	assert_string_equal(text(&f, 0, "cd"),
		"[{\"key\":\"a\",\"value\":\"b\"},{\"key\":\"q\\\"uote\\\\\",\"value\":\"line\\nbreak\\u0001/\xc3\xa9\"}]");
	assert_string_equal(text(&f, 0, "prof"),
		"{\"tenantId\":\"t\",\"n\":[1,2.5e1,-3],\"ok\":true,\"x\":null,\"o\":{}}");
	assert_string_equal(text(&f, 0, "empty"), "[]");
	assert_string_equal(text(&f, 0, "s"), "\xc3\xa9\t");   /* a string value: decoded */
	assert_int_equal(f.log.n, 0);
	fx_free(&f);
}

static void test_missing_path(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from json \"d.json\"\n"
		"  id     text  required\n"
		"  mpn    text  required at \"resellerMpnId\", \"Tier2MpnId\"\n"
		"  sub    text  at \"a.b\"\n"
		"  seen   text  required\n"
		"}\n",
		"[{\"id\": \"1\", \"a\": {\"c\": 1}, \"seen\": null},\n {\"id\": \"2\", \"seen\": \"x\"}]");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 2);
	assert_int_equal(ndq(&f, DQ_MISSING_COLUMN), 2);
	d = dq_nth(&f, DQ_MISSING_COLUMN, 0);
	assert_int_equal(d->field, fidx(&f, "mpn"));
	assert_int_equal(d->line, 0);
	assert_string_equal(dq_msg(&f, d), "none of the paths \"resellerMpnId\", \"Tier2MpnId\" found in the 2 records");
	d = dq_nth(&f, DQ_MISSING_COLUMN, 1);
	assert_int_equal(d->field, fidx(&f, "sub"));
	assert_string_equal(dq_msg(&f, d), "path \"a.b\" not found in any of the 2 records");
	/* mpn's DQ-REQUIRED findings are dropped; seen's null stays one */
	assert_int_equal(ndq(&f, DQ_REQUIRED), 1);
	assert_int_equal(dq_nth(&f, DQ_REQUIRED, 0)->field, fidx(&f, "seen"));
	assert_int_equal(f.t.st.nmissing, 2);
	assert_int_equal(f.log.n, 3);
	fx_free(&f);

	/* no record: nothing to say about paths */
	fx_read(&f, simple_rules, "[]");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.log.n, 0);
	fx_free(&f);
}

static void test_records_not_objects(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read(&f, simple_rules, "[{\"id\": \"a\"},\n 5, \"s\",\n [{\"id\": \"no\"}], null, {\"id\": \"b\"}]");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 2);
	assert_string_equal(text(&f, 1, "id"), "b");
	assert_int_equal(f.t.st.rows_rejected, 4);
	d = dq_nth(&f, DQ_ROW_SHAPE, 0);
	assert_string_equal(dq_msg(&f, d), "a record must be a JSON object; found a number");
	assert_int_equal(d->line, 2);
	assert_int_equal(d->col, 2);
	d = dq_nth(&f, DQ_ROW_SHAPE, 1);
	assert_string_equal(dq_msg(&f, d), "a record must be a JSON object; found a string");
	assert_int_equal(d->col, 7);
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_ROW_SHAPE, 2)), "a record must be a JSON object; found an array");
	assert_int_equal(dq_nth(&f, DQ_ROW_SHAPE, 2)->line, 3);
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_ROW_SHAPE, 3)), "a record must be a JSON object; found null");
	fx_free(&f);
}

/* The records before the error stay, the one cut off is rejected. */
static void test_malformed_keeps_earlier_records(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read(&f, simple_rules,
		"[\n"
		"  {\"id\": \"a\", \"n\": 1},\n"
		"  {\"id\": \"b\", \"n\": 2},\n"
		"  {\"id\": \"c\",\n"
		"   \"n\": 3 \"x\": 4},\n"
		"  {\"id\": \"d\"}\n"
		"]\n");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 2);
	assert_string_equal(text(&f, 1, "id"), "b");
	assert_int_equal(f.t.st.rows_rejected, 1);
	d = dq_nth(&f, DQ_ROW_SHAPE, 0);
	assert_string_equal(dq_msg(&f, d), "record cut off by malformed JSON at line 5");
	assert_int_equal(d->line, 4);
	/* yajl's position: within the unexpected "x" (columns 11-13) */
	expect_dq(&f, DQ_INPUT, 5, 12, "malformed JSON: after key and value, inside map, I expect ',' or '}'");
	fx_free(&f);

	/* cut off at the end of the file */
	fx_read(&f, simple_rules, "[{\"id\": \"a\"},\n{\"id\": \"b\", \"n\"");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 1);
	assert_int_equal(f.t.st.rows_rejected, 1);
	expect_dq(&f, DQ_INPUT, 2, 16, "malformed JSON: premature EOF");
	fx_free(&f);

	/* a lexical error, between records */
	fx_read(&f, simple_rules, "[{\"id\": \"a\"}, tru]");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 1);
	assert_int_equal(f.t.st.rows_rejected, 0);
	expect_dq(&f, DQ_INPUT, 1, 18, "malformed JSON: invalid string in json text");
	fx_free(&f);

	/* trailing garbage after the document */
	fx_read(&f, simple_rules, "[{\"id\": \"a\"}]\n]");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 1);
	expect_dq(&f, DQ_INPUT, 2, 1, "malformed JSON: trailing garbage");
	fx_free(&f);
}

static void test_jsonl(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read(&f, lines_rules,
		"{\"id\": \"a\", \"n\": 1}\n"
		"\n"
		"   \n"
		"{\"id\": \"b\", \"n\": \"2\"}\r\n"
		"[1, 2]\n"
		"{\"id\": \"c\", \"n\": }\n"
		"{\"id\": \"d\",\n"
		"\"n\": 4}\n"
		"not json\n"
		"42\n"
		"{\"id\": \"e\", \"n\": 5}");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 3);
	assert_string_equal(text(&f, 0, "id"), "a");
	assert_int_equal(f.t.row_line[0], 1);
	assert_string_equal(text(&f, 1, "id"), "b");
	assert_int_equal(num(&f, 1, "n"), 2);
	assert_int_equal(f.t.row_line[1], 4);
	assert_string_equal(text(&f, 2, "id"), "e");
	assert_int_equal(num(&f, 2, "n"), 5);
	assert_int_equal(f.t.row_line[2], 11);
	assert_int_equal(f.t.st.rows_rejected, 6);
	d = dq_nth(&f, DQ_ROW_SHAPE, 0);
	assert_string_equal(dq_msg(&f, d), "a record must be a JSON object; found an array");
	assert_int_equal(d->line, 5);
	d = dq_nth(&f, DQ_ROW_SHAPE, 1);
	assert_string_equal(dq_msg(&f, d), "malformed JSON: unallowed token at this point in JSON text");
	assert_int_equal(d->line, 6);
	assert_int_equal(d->col, 18);       /* the '}' */
	d = dq_nth(&f, DQ_ROW_SHAPE, 2);
	assert_string_equal(dq_msg(&f, d), "the line ends inside the record (JSON Lines: one object per line)");
	assert_int_equal(d->line, 7);
	d = dq_nth(&f, DQ_ROW_SHAPE, 3);    /* the rest of the cut record */
	assert_int_equal(d->line, 8);
	d = dq_nth(&f, DQ_ROW_SHAPE, 4);
	assert_string_equal(dq_msg(&f, d), "malformed JSON: invalid string in json text");
	assert_int_equal(d->line, 9);
	d = dq_nth(&f, DQ_ROW_SHAPE, 5);
	assert_string_equal(dq_msg(&f, d), "a record must be a JSON object; found a number");
	assert_int_equal(d->line, 10);
	assert_int_equal(f.log.n, 6);
	fx_free(&f);

	/* an empty file has no records */
	fx_read(&f, lines_rules, "");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.st.rows_read, 0);
	fx_free(&f);
}

/* Lines past 65535, records spanning the 64 KiB chunks. */
static void test_line_numbers_far(void **state)
{
	struct fx f;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	(void)state;
	strbuf_addstr(&sb, "{\"items\": [\n");
	for (i = 0; i < 70000; i++)
		strbuf_addf(&sb, "{\"id\": \"r%zu\",\n \"n\": %zu},\n", i, i);
	strbuf_addstr(&sb, "\n\n  {\"id\": \"last\", \"n\": \"x\"}\n]}\n");
	fx_read_n(&f,
		"dataset d {\n  from json \"d.json\" record \"items\"\n  id text\n  n int\n}\n",
		sb.buf, sb.len);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 70001);
	assert_int_equal(f.t.row_line[0], 2);
	assert_int_equal(f.t.row_line[33000], 2 + 2 * 33000);
	assert_string_equal(text(&f, 69999, "id"), "r69999");
	assert_int_equal(num(&f, 69999, "n"), 69999);
	assert_int_equal(f.t.row_line[69999], 2 + 2 * 69999);
	assert_int_equal(f.t.row_line[70000], 140004);
	expect_dq(&f, DQ_TYPE, 140004, 0, "expected an integer");
	fx_free(&f);
	strbuf_release(&sb);
}

static void test_depth_limit(void **state)
{
	struct fx f;
	struct strbuf sb = STRBUF_INIT;
	int i;
	(void)state;
	strbuf_addstr(&sb, "[{\"id\": \"a\"},\n {\"id\": \"b\", \"n\": 1, \"x\": ");
	for (i = 0; i < 70; i++)
		strbuf_addch(&sb, '[');
	fx_read_n(&f, simple_rules, sb.buf, sb.len);
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 1);
	assert_int_equal(f.t.st.rows_rejected, 1);
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_ROW_SHAPE, 0)), "record cut off by the input error at line 2");
	expect_dq(&f, DQ_INPUT, 2, 27 + 62, "JSON nested deeper than 64 levels");   /* the 63rd '[' */
	fx_free(&f);
	strbuf_release(&sb);
}

static void test_value_too_long(void **state)
{
	struct fx f;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	(void)state;
	/* a field's nested value, gathered past the limit */
	strbuf_addstr(&sb, "[{\"id\": [");
	for (i = 0; i < 1100000; i++)
		strbuf_addstr(&sb, "\"123456789\",");
	strbuf_addstr(&sb, "0]}]");
	fx_read_n(&f, simple_rules, sb.buf, sb.len);
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 0);
	assert_int_equal(f.t.st.rows_rejected, 1);
	assert_int_equal(ndq(&f, DQ_INPUT), 1);
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)),
			    "value of field id (JSON path \"id\") is longer than 10000000 bytes");
	fx_free(&f);

	/* one string token longer than the limit, in a key nobody reads */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "[{\"other\": \"");
	for (i = 0; i < 10100000; i++)
		strbuf_addch(&sb, 'x');
	strbuf_addstr(&sb, "\"}]");
	fx_read_n(&f, simple_rules, sb.buf, sb.len);
	assert_int_equal(f.rc, -1);
	assert_int_equal(ndq(&f, DQ_INPUT), 1);
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)),
			    "a JSON token (a string, a number, or blanks) is longer than 10000000 bytes");
	fx_free(&f);
	strbuf_release(&sb);
}

static void test_bom_and_encoding(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read(&f, "dataset d {\n  from json \"d.json\"\n  id text\n}\n",
		"\xEF\xBB\xBF[{\"id\": \"a\"},\n {\"id\": \"b\xff\"}, {\"id\": \"c\"}]");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 3);
	assert_string_equal(text(&f, 0, "id"), "a");
	assert_true(is_null(&f, 1, "id"));
	assert_string_equal(text(&f, 2, "id"), "c");
	d = dq_nth(&f, DQ_ENCODING, 0);
	assert_int_equal(d->line, 2);
	assert_int_equal(f.log.n, 1);
	fx_free(&f);
}

/* The API customers fixture, through a file-descriptor stream. */
static void test_fixture_customers(void **state)
{
	struct fx f;
	struct ingest in;
	struct instream s;
	int fd = open("fixtures/ingest/customers.json", O_RDONLY);
	(void)state;
	assert_true(fd >= 0);
	memset(&f, 0, sizeof(f));
	strpool_init(&f.pool);
	tu_parse(&f.prog, &f.pool, &f.dc,
		 "dataset customers {\n"
		 "  from json \"customers.json\" record \"items\"\n"
		 "  id text\n"
		 "  tenantId text at \"companyProfile.tenantId\"\n"
		 "  companyName text at \"companyProfile.companyName\"\n"
		 "  seats int\n"
		 "  customData text at \"customizedData\"\n"
		 "}\n", 0);
	dqlog_init(&f.log);
	table_init(&f.t, f.prog.datasets[0]);
	ingest_begin(&in, &f.t, &f.pool, &f.log);
	instream_from_fd(&s, fd);
	f.rc = jsonin_read(&in, &s);
	ingest_end(&in);
	close(fd);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 3);
	assert_int_equal(f.t.row_line[0], 5);
	assert_int_equal(num(&f, 0, "seats"), 25);
	assert_string_equal(text(&f, 0, "customData"), "[{\"key\":\"region\",\"value\":\"EMEA\"}]");
	assert_string_equal(text(&f, 1, "tenantId"), "9d2f7a44-1c3b-4f8e-b6a0-7e5d4c3b2a19");
	assert_string_equal(text(&f, 1, "companyName"), "Fabrikam M\xc3\xbcller GmbH");
	assert_int_equal(num(&f, 1, "seats"), 10);
	assert_string_equal(text(&f, 1, "customData"), "[]");
	assert_true(is_null(&f, 2, "customData"));
	assert_true(is_null(&f, 2, "seats"));
	assert_int_equal(f.t.row_line[2], 25);
	assert_int_equal(f.log.n, 1);
	fx_free(&f);
}

static void test_bad_at_path(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f, "dataset d {\n  from json \"d.json\"\n  id text at \"a.\"\n}\n", "[]");
	assert_int_equal(f.rc, -1);
	expect_dq(&f, DQ_INPUT, 0, 0, "field id: JSON path \"a.\" has an empty step (keys are separated by '.')");
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_items),
		cmocka_unit_test(test_top_level_array),
		cmocka_unit_test(test_nested_record_path),
		cmocka_unit_test(test_record_path_errors),
		cmocka_unit_test(test_wrong_top_level),
		cmocka_unit_test(test_dotted_paths_and_alternatives),
		cmocka_unit_test(test_numbers_bools_nulls),
		cmocka_unit_test(test_nested_values_as_json_text),
		cmocka_unit_test(test_missing_path),
		cmocka_unit_test(test_records_not_objects),
		cmocka_unit_test(test_malformed_keeps_earlier_records),
		cmocka_unit_test(test_jsonl),
		cmocka_unit_test(test_line_numbers_far),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_value_too_long),
		cmocka_unit_test(test_bom_and_encoding),
		cmocka_unit_test(test_fixture_customers),
		cmocka_unit_test(test_bad_at_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
