/*
 * test_csvin.c - the CSV reader: RFC 4180 syntax, physical line numbers,
 * header matching, row shape, syntax errors, and the typed conversion and
 * data-quality findings it drives through ingest.
 *
 * Text is read from memory streams with ingest_begin / csvin_read /
 * ingest_end, the core of load_dataset(); the sample files through
 * file-descriptor streams; opening files through load_dataset().
 */
#include "testutil.h"

#include "data/dq.h"
#include "data/format.h"
#include "data/ingest.h"
#include "data/instream.h"
#include "data/load.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>
#include "data/table.h"

/* one dataset, one file, everything read */
struct fx {
	struct program prog;
	struct strpool pool;
	struct diagctx dc;
	struct table t;
	struct dqlog log;
	int rc;
};

static const char *const BASIC =
	"dataset t {\n"
	"  from csv \"x.csv\"\n"
	"  key Id\n"
	"  Id text\n"
	"  Name text\n"
	"  Amount decimal\n"
	"}\n";

static const char *const TYPED =
	"dataset t {\n"
	"  from csv \"x.csv\"\n"
	"  key Id\n"
	"  Id text\n"
	"  Name text\n"
	"  Amount decimal\n"
	"  Qty int\n"
	"  Day date\n"
	"  At datetime\n"
	"  Flag bool\n"
	"  Kind enum(\"A\", \"B\")\n"
	"}\n";

static void fx_begin(struct fx *x, const char *rules)
{
	memset(x, 0, sizeof(*x));
	strpool_init(&x->pool);
	tu_parse(&x->prog, &x->pool, &x->dc, rules, 0);
	table_init(&x->t, x->prog.datasets[0]);
	dqlog_init(&x->log);
}

static void fx_read_stream(struct fx *x, const char *rules, struct instream *s)
{
	struct ingest in;
	fx_begin(x, rules);
	ingest_begin(&in, &x->t, &x->pool, &x->log);
	x->rc = csvin_read(&in, s);
	ingest_end(&in);
	/* the reconciliation every load must satisfy */
	assert_int_equal(x->t.st.rows_read, x->t.nrows + x->t.st.rows_rejected);
}

static void fx_read(struct fx *x, const char *rules, const void *csv, size_t len)
{
	struct instream s;
	instream_from_memory(&s, csv, len);
	fx_read_stream(x, rules, &s);
}

static void fx_load(struct fx *x, const char *rules, const char *csv)
{
	fx_read(x, rules, csv, strlen(csv));
}

static void fx_free(struct fx *x)
{
	table_release(&x->t);
	dqlog_release(&x->log);
	schema_release(&x->prog);
	program_release(&x->prog);
	diag_release(&x->dc);
	strpool_release(&x->pool);
}

static int fidx(const struct fx *x, const char *name)
{
	int i = schema_find_field(x->t.ds, name);
	assert_true(i >= 0);
	return i;
}

/* text of a text/enum cell, or NULL when null */
static const char *txt(const struct fx *x, size_t row, const char *field)
{
	struct value v;
	assert_true(row < x->t.nrows);
	table_get(&x->t, row, fidx(x, field), &v);
	return v.null ? NULL : strpool_str(&x->pool, v.u.s);
}

static int is_null(const struct fx *x, size_t row, const char *field)
{
	assert_true(row < x->t.nrows);
	return table_is_null(&x->t, row, fidx(x, field));
}

static int64_t num(const struct fx *x, size_t row, const char *field)
{
	struct value v;
	assert_true(row < x->t.nrows);
	table_get(&x->t, row, fidx(x, field), &v);
	assert_false(v.null);
	return v.u.i;
}

static size_t count_dq(const struct fx *x, enum dq_kind k)
{
	size_t i, n = 0;
	for (i = 0; i < x->log.n; i++)
		n += x->log.items[i].kind == k;
	return n;
}

/* the nth finding of kind k (fails when there is none) */
static const struct dq *get_dq(const struct fx *x, enum dq_kind k, size_t nth)
{
	size_t i, left = nth;
	for (i = 0; i < x->log.n; i++)
		if (x->log.items[i].kind == k && !left--)
			return &x->log.items[i];
	fail_msg("no %s finding #%zu", dq_id(k), nth);
	return NULL;
}

static const char *msg(const struct fx *x, const struct dq *d) { return strpool_str(&x->pool, d->msg); }
static const char *raw(const struct fx *x, const struct dq *d)
{
	assert_int_not_equal(d->raw, 0);
	return strpool_str(&x->pool, d->raw);
}

static void assert_lines(const struct fx *x, const uint32_t *lines, size_t n)
{
	size_t r;
	assert_int_equal(x->t.nrows, n);
	for (r = 0; r < n; r++)
		assert_int_equal(x->t.row_line[r], lines[r]);
}

/* ---- syntax -------------------------------------------------------- */

static void test_basic_rows(void **state)
{
	struct fx x;
	static const uint32_t lines[] = { 2, 3, 4 };
	(void)state;
	fx_load(&x, BASIC, "Id,Name,Amount\n1,Alpha,10.5\n2,Beta,-3\n3,Gamma,0\n");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 3);
	assert_int_equal(x.t.st.rows_read, 3);
	assert_int_equal(x.t.st.rows_rejected, 0);
	assert_int_equal(x.log.n, 0);
	assert_string_equal(txt(&x, 0, "Id"), "1");
	assert_string_equal(txt(&x, 1, "Name"), "Beta");
	assert_int_equal(num(&x, 0, "Amount"), 10500000);
	assert_int_equal(num(&x, 1, "Amount"), -3000000);
	assert_int_equal(num(&x, 2, "Amount"), 0);
	assert_int_equal(x.t.st.nmissing, 0);
	assert_int_equal(x.t.st.nextra, 0);
	assert_int_equal(x.t.st.input_error, 0);
	fx_free(&x);
}

static void test_quoting(void **state)
{
	struct fx x;
	static const uint32_t lines[] = { 2, 3, 4, 7, 8 };
	(void)state;
	fx_load(&x, BASIC,
		"Id,Name,Amount\n"
		"1,\"Smith, John\",1\n"
		"2,\"He said \"\"hi\"\"\",2\n"
		"3,\"multi\nline\nname\",3\n"
		"4,after,4\n"
		"\"5\",\"\",\"5\"\n");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 5);
	assert_string_equal(txt(&x, 0, "Name"), "Smith, John");
	assert_string_equal(txt(&x, 1, "Name"), "He said \"hi\"");
	assert_string_equal(txt(&x, 2, "Name"), "multi\nline\nname");
	assert_string_equal(txt(&x, 3, "Name"), "after");
	assert_string_equal(txt(&x, 4, "Id"), "5");
	assert_null(txt(&x, 4, "Name")); /* "" is empty: null */
	assert_int_equal(num(&x, 4, "Amount"), 5000000);
	assert_int_equal(x.log.n, 0);
	fx_free(&x);
}

/* a multi-line first cell: the record starts where the cell starts */
static void test_multiline_first_cell(void **state)
{
	struct fx x;
	static const uint32_t lines[] = { 2, 5, 7 };
	(void)state;
	fx_load(&x, BASIC,
		"Id,Name,Amount\n"
		"\"a\nb\nc\",x,1\n"
		"\"\n\",y,2\n"
		"z,z,3\n");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 3);
	assert_string_equal(txt(&x, 0, "Id"), "a\nb\nc");
	assert_string_equal(txt(&x, 1, "Id"), "\n");
	fx_free(&x);
}

static void test_crlf(void **state)
{
	struct fx x;
	static const uint32_t lines[] = { 2, 3, 5 };
	(void)state;
	fx_load(&x, BASIC, "Id,Name,Amount\r\n1,a,1\r\n2,\"x\r\ny\",2\r\n3,c,3\r\n");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 3);
	assert_string_equal(txt(&x, 0, "Name"), "a");
	assert_string_equal(txt(&x, 1, "Name"), "x\r\ny");
	assert_string_equal(txt(&x, 2, "Name"), "c");
	assert_int_equal(num(&x, 2, "Amount"), 3000000);
	assert_int_equal(x.t.st.nextra, 0);
	assert_int_equal(x.log.n, 0);
	fx_free(&x);
}

/* Classic Mac files end lines with a bare CR: each row keeps its own line
 * (they all got line 1), and a quoted CR stays data. */
static void test_cr_only(void **state)
{
	struct fx x;
	static const uint32_t lines[] = { 2, 3, 5 };
	(void)state;
	fx_load(&x, BASIC, "Id,Name,Amount\r1,a,1\r2,\"x\ry\",2\r3,c,3\r");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 3);
	assert_string_equal(txt(&x, 1, "Name"), "x\ry");
	assert_string_equal(txt(&x, 2, "Name"), "c");
	assert_int_equal(x.log.n, 0);
	fx_free(&x);
}

/* A NUL byte in a cell: the value is null, with a DQ-ENCODING finding
 * whose raw text shows the NUL (output never cuts at it). */
static void test_nul_byte(void **state)
{
	static const char csv[] = "Id,Name,Amount\n1,a\0b,1\n2,c,2\n";
	struct fx x;
	const struct dq *d;
	(void)state;
	fx_read(&x, BASIC, csv, sizeof(csv) - 1);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 2);
	assert_true(is_null(&x, 0, "Name"));
	assert_string_equal(txt(&x, 1, "Name"), "c");
	assert_int_equal(count_dq(&x, DQ_ENCODING), 1);
	d = get_dq(&x, DQ_ENCODING, 0);
	assert_int_equal(d->line, 2);
	assert_string_equal(msg(&x, d), "text contains a NUL byte (at byte 2)");
	assert_string_equal(raw(&x, d), "a\xe2\x90\x80" "b");
	fx_free(&x);
}

static void test_bom(void **state)
{
	struct fx x;
	static const uint32_t lines[] = { 2 };
	(void)state;
	fx_load(&x, BASIC, "\xEF\xBB\xBFId,Name,Amount\r\n1,Zo\xC3\xAB,1\r\n");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 1);
	assert_int_equal(x.t.st.nmissing, 0);
	assert_int_equal(x.t.st.nextra, 0);
	assert_string_equal(txt(&x, 0, "Id"), "1");
	assert_string_equal(txt(&x, 0, "Name"), "Zo\xC3\xAB");
	assert_int_equal(x.log.n, 0);
	fx_free(&x);
}

static void test_no_final_newline(void **state)
{
	struct fx x;
	static const uint32_t lines[] = { 2, 3 };
	(void)state;
	fx_load(&x, BASIC, "Id,Name,Amount\n1,a,1\n2,b,2");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 2);
	assert_string_equal(txt(&x, 1, "Name"), "b");
	assert_int_equal(num(&x, 1, "Amount"), 2000000);
	fx_free(&x);

	fx_load(&x, BASIC, "Id,Name,Amount\n1,a,1\n2,b,\"2\"");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 2);
	assert_int_equal(num(&x, 1, "Amount"), 2000000);
	fx_free(&x);

	fx_load(&x, BASIC, "Id,Name,Amount\n1,a,1\n2,b,");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 2);
	assert_true(is_null(&x, 1, "Amount"));
	fx_free(&x);
}

static void test_blank_lines(void **state)
{
	struct fx x;
	static const uint32_t lines[] = { 4, 7 };
	(void)state;
	fx_load(&x, BASIC, "\n\r\nId,Name,Amount\n1,a,1\n\n\r\n2,b,2\n\n\n");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 2);
	assert_int_equal(x.t.st.rows_read, 2);
	assert_int_equal(x.log.n, 0);
	fx_free(&x);
}

/* spaces are data: kept in text, trimmed by the number parsers */
static void test_spaces_kept(void **state)
{
	struct fx x;
	(void)state;
	fx_load(&x, BASIC, "Id,Name,Amount\n 1 ,  two words  , 7 \n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 1);
	assert_string_equal(txt(&x, 0, "Id"), " 1 ");
	assert_string_equal(txt(&x, 0, "Name"), "  two words  ");
	assert_int_equal(num(&x, 0, "Amount"), 7000000);
	fx_free(&x);
}

static void test_header_only(void **state)
{
	struct fx x;
	(void)state;
	fx_load(&x, BASIC, "Id,Name,Amount\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 0);
	assert_int_equal(x.t.st.rows_read, 0);
	assert_int_equal(x.log.n, 0);
	fx_free(&x);

	fx_load(&x, BASIC, "Id,Name,Amount");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 0);
	assert_int_equal(x.t.st.nmissing, 0);
	fx_free(&x);
}

/* lines longer than the read chunk, many rows across chunk boundaries */
static void test_large_input(void **state)
{
	struct fx x;
	struct strbuf sb = STRBUF_INIT;
	size_t i, nrows = 30000;
	(void)state;
	strbuf_addstr(&sb, "Id,Name,Amount\r\n");
	strbuf_addstr(&sb, "big,\"");
	strbuf_addchars(&sb, 'x', 100000);
	strbuf_addstr(&sb, "\n");
	strbuf_addchars(&sb, 'y', 100000);
	strbuf_addstr(&sb, "\",1\r\n");
	for (i = 0; i < nrows; i++)
		strbuf_addf(&sb, "r%zu,\"name, %zu\",%zu.25\r\n", i, i, i);
	fx_read(&x, BASIC, sb.buf, sb.len);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, nrows + 1);
	assert_int_equal(x.log.n, 0);
	assert_int_equal(x.t.row_line[0], 2);
	assert_int_equal(strpool_len(&x.pool, x.t.cols[fidx(&x, "Name")].s[0]), 200001);
	for (i = 0; i < nrows; i++) {
		char want[64];
		assert_int_equal(x.t.row_line[i + 1], i + 4);
		snprintf(want, sizeof(want), "name, %zu", i);
		assert_string_equal(txt(&x, i + 1, "Name"), want);
		assert_int_equal(num(&x, i + 1, "Amount"), (int64_t)i * 1000000 + 250000);
	}
	fx_free(&x);
	strbuf_release(&sb);
}

/* after a syntax error the rest of the line is skipped, even when it
 * arrives in later read chunks */
static void test_syntax_error_long_line(void **state)
{
	struct fx x;
	struct strbuf sb = STRBUF_INIT;
	static const uint32_t lines[] = { 2, 4 };
	(void)state;
	strbuf_addstr(&sb, "Id,Name,Amount\n1,a,1\n2,a\"b");
	strbuf_addchars(&sb, 'x', 150000);
	strbuf_addstr(&sb, ",\"q\"\n4,d,4\n");
	fx_read(&x, BASIC, sb.buf, sb.len);
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 2);
	assert_int_equal(x.t.st.rows_rejected, 1);
	assert_int_equal(x.log.n, 1);
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 0)->line, 3);
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 0)->col, 4);
	fx_free(&x);
	strbuf_release(&sb);
}

/* ---- header matching ---------------------------------------------- */

static void test_header_normalized(void **state)
{
	struct fx x;
	(void)state;
	fx_load(&x,
		"dataset t {\n"
		"  from csv \"x.csv\"\n"
		"  ResellerMpnId text\n"
		"  PartnerName text\n"
		"  CustomerId text\n"
		"}\n",
		"reseller_mpn_id,Partner Name,CUSTOMERID\n111,Contoso,c1\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.st.nmissing, 0);
	assert_int_equal(x.t.st.nextra, 0);
	assert_string_equal(txt(&x, 0, "ResellerMpnId"), "111");
	assert_string_equal(txt(&x, 0, "PartnerName"), "Contoso");
	assert_string_equal(txt(&x, 0, "CustomerId"), "c1");
	fx_free(&x);
}

/* an exact match beats an earlier normalized one */
static void test_header_exact_first(void **state)
{
	struct fx x;
	(void)state;
	fx_load(&x, "dataset t { from csv \"x.csv\"  PartnerId text }\n",
		"partner_id,PartnerId\nnormalized,exact\n");
	assert_int_equal(x.rc, 0);
	assert_string_equal(txt(&x, 0, "PartnerId"), "exact");
	assert_int_equal(x.t.st.nextra, 1);
	assert_string_equal(x.t.st.extra[0], "partner_id");
	fx_free(&x);
}

/* `at`: the first candidate found wins, whatever the header order */
static void test_header_at_alternatives(void **state)
{
	struct fx x;
	const char *rules =
		"dataset t {\n"
		"  from csv \"x.csv\"\n"
		"  Mpn text at \"Tier2MpnId\", \"ResellerMpnId\"\n"
		"  Region text at \"CspRegion\", \"Region\"\n"
		"  Who text at \"partner name\", \"Name\"\n"
		"}\n";
	(void)state;
	fx_load(&x, rules, "ResellerMpnId,Tier2MpnId,Region,Name,PartnerName\nr,t,EU,n,pn\n");
	assert_int_equal(x.rc, 0);
	assert_string_equal(txt(&x, 0, "Mpn"), "t");
	assert_string_equal(txt(&x, 0, "Region"), "EU");
	/* the first candidate matched ignoring case and spaces beats the
	 * second one matched exactly */
	assert_string_equal(txt(&x, 0, "Who"), "pn");
	assert_int_equal(x.t.st.nmissing, 0);
	assert_int_equal(x.t.st.nextra, 2);
	assert_string_equal(x.t.st.extra[0], "ResellerMpnId");
	assert_string_equal(x.t.st.extra[1], "Name");
	fx_free(&x);
}

/* two fields may read the same column */
static void test_header_shared_column(void **state)
{
	struct fx x;
	(void)state;
	fx_load(&x, "dataset t { from csv \"x.csv\"  Raw text at \"Amount\"  Amount decimal }\n",
		"Amount\n12.50\n");
	assert_int_equal(x.rc, 0);
	assert_string_equal(txt(&x, 0, "Raw"), "12.50");
	assert_int_equal(num(&x, 0, "Amount"), 12500000);
	assert_int_equal(x.t.st.nextra, 0);
	fx_free(&x);
}

static void test_missing_column(void **state)
{
	struct fx x;
	const struct dq *d;
	const char *rules =
		"dataset t {\n"
		"  from csv \"x.csv\"\n"
		"  PartnerId text\n"
		"  CspRegion text required\n"
		"  Mpn text required at \"ResellerMpnId\", \"Tier2MpnId\"\n"
		"}\n";
	(void)state;
	fx_load(&x, rules, "PartnerId,PartnerName,Country\np1,A,DE\np2,B,FR\np3,C,US\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 3);
	assert_int_equal(count_dq(&x, DQ_MISSING_COLUMN), 2);
	assert_int_equal(count_dq(&x, DQ_REQUIRED), 0);
	assert_int_equal(x.log.n, 2);
	d = get_dq(&x, DQ_MISSING_COLUMN, 0);
	assert_int_equal(d->field, fidx(&x, "CspRegion"));
	assert_int_equal(d->line, 0);
	assert_int_equal(d->row, -1);
	assert_string_equal(msg(&x, d),
			    "column \"CspRegion\" not found; the header has: PartnerId, PartnerName, Country");
	d = get_dq(&x, DQ_MISSING_COLUMN, 1);
	assert_int_equal(d->field, fidx(&x, "Mpn"));
	assert_string_equal(msg(&x, d), "none of the columns \"ResellerMpnId\", \"Tier2MpnId\" found; "
			    "the header has: PartnerId, PartnerName, Country");
	assert_true(is_null(&x, 0, "CspRegion"));
	assert_true(is_null(&x, 1, "CspRegion"));
	assert_true(is_null(&x, 2, "Mpn"));
	assert_string_equal(txt(&x, 2, "PartnerId"), "p3");
	assert_int_equal(x.t.st.nmissing, 2);
	assert_string_equal(x.t.st.missing[0], "CspRegion");
	assert_string_equal(x.t.st.missing[1], "Mpn");
	assert_int_equal(x.t.st.nextra, 2);
	assert_string_equal(x.t.st.extra[0], "PartnerName");
	assert_string_equal(x.t.st.extra[1], "Country");
	fx_free(&x);
}

static void test_duplicate_header(void **state)
{
	struct fx x;
	(void)state;
	fx_load(&x, BASIC, "Id,Name,Amount,Name\n1,first,1,second\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 1);
	assert_string_equal(txt(&x, 0, "Name"), "first");
	assert_int_equal(x.t.st.nextra, 1);
	assert_string_equal(x.t.st.extra[0], "Name");
	assert_int_equal(x.log.n, 0);
	fx_free(&x);
}

/* ---- row shape and syntax errors ---------------------------------- */

static void test_ragged_rows(void **state)
{
	struct fx x;
	const struct dq *d;
	static const uint32_t lines[] = { 2, 5 };
	(void)state;
	fx_load(&x, BASIC,
		"Id,Name,Amount\n"
		"1,a,1\n"
		"2,b\n"
		"3,c,bad,extra\n"
		"4,d,4\n");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 2);
	assert_string_equal(txt(&x, 1, "Id"), "4");
	assert_int_equal(x.t.st.rows_read, 4);
	assert_int_equal(x.t.st.rows_rejected, 2);
	assert_int_equal(x.log.n, 2); /* no DQ-TYPE for the rejected "bad" */
	d = get_dq(&x, DQ_ROW_SHAPE, 0);
	assert_int_equal(d->line, 3);
	assert_int_equal(d->row, -1);
	assert_int_equal(d->field, -1);
	assert_string_equal(msg(&x, d), "expected 3 cells as in the header, found 2");
	d = get_dq(&x, DQ_ROW_SHAPE, 1);
	assert_int_equal(d->line, 4);
	assert_string_equal(msg(&x, d), "expected 3 cells as in the header, found 4");
	fx_free(&x);
}

/* a ragged multi-line record is reported at the line it starts on */
static void test_ragged_multiline(void **state)
{
	struct fx x;
	const struct dq *d;
	static const uint32_t lines[] = { 6 };
	(void)state;
	fx_load(&x, BASIC, "Id,Name,Amount\n1,\"two\nlines\"\n\"x\ny\",z\n3,c,3\n");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 1);
	/* each rejected record's second line is accounted for as swallowed */
	assert_int_equal(count_dq(&x, DQ_ROW_SHAPE), 4);
	assert_int_equal(x.t.st.rows_swallowed, 2);
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 0)->line, 2);
	d = get_dq(&x, DQ_ROW_SHAPE, 1);
	assert_int_equal(d->line, 3);
	assert_string_equal(msg(&x, d), "this line was swallowed into the rejected record of line 2 "
			    "by the quoted field opened at line 2, column 3 (a stray quote?)");
	d = get_dq(&x, DQ_ROW_SHAPE, 2);
	assert_int_equal(d->line, 4);
	assert_string_equal(msg(&x, d), "expected 3 cells as in the header, found 2");
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 3)->line, 5);
	fx_free(&x);
}

static void test_stray_quote(void **state)
{
	struct fx x;
	const struct dq *d;
	static const uint32_t lines[] = { 2, 4, 6 };
	(void)state;
	fx_load(&x, BASIC,
		"Id,Name,Amount\n"
		"1,a,1\n"
		"2,5\" screen,2\n"
		"3,c,3\n"
		"4,\"quoted\"tail,4\n"
		"5,e,5\n");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 3);
	assert_string_equal(txt(&x, 1, "Name"), "c");
	assert_string_equal(txt(&x, 2, "Name"), "e");
	assert_int_equal(x.t.st.rows_rejected, 2);
	assert_int_equal(x.log.n, 2);
	d = get_dq(&x, DQ_ROW_SHAPE, 0);
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 4);
	assert_string_equal(msg(&x, d), "malformed CSV: unexpected '\"' inside an unquoted field "
			    "(quote the whole field and double the quote)");
	d = get_dq(&x, DQ_ROW_SHAPE, 1);
	assert_int_equal(d->line, 5);
	assert_int_equal(d->col, 11);
	assert_string_equal(msg(&x, d), "malformed CSV: unexpected 't' after the closing quote of a field "
			    "(expected ',' or the end of the line; a '\"' inside a quoted field must be doubled)");
	assert_int_equal(x.t.st.input_error, 0);
	fx_free(&x);
}

/* errors inside multi-line records: the record's line, the error's place */
static void test_syntax_error_multiline(void **state)
{
	struct fx x;
	const struct dq *d;
	static const uint32_t lines[] = { 6, 7 };
	(void)state;
	fx_load(&x, BASIC,
		"Id,Name,Amount\n"
		"1,\"a\nb\" ,1\n"     /* 2-3: space after the closing quote */
		"\"x\ny\"z,n,2\n"     /* 4-5: garbage after a multi-line first cell */
		"3,c,3\n"
		"4,\"d\"\"\",4\n");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 2);
	assert_string_equal(txt(&x, 1, "Name"), "d\"");
	d = get_dq(&x, DQ_ROW_SHAPE, 0);
	assert_int_equal(d->line, 2);
	assert_int_equal(d->col, 0);   /* the message places it: a column of line 2 would mislead */
	assert_non_null(strstr(msg(&x, d), "unexpected space after the closing quote"));
	assert_non_null(strstr(msg(&x, d), " on line 3, column 3"));
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 1)->line, 3);   /* swallowed */
	d = get_dq(&x, DQ_ROW_SHAPE, 2);
	assert_int_equal(d->line, 4);
	assert_int_equal(d->col, 0);
	assert_non_null(strstr(msg(&x, d), "unexpected 'z' after the closing quote"));
	assert_non_null(strstr(msg(&x, d), " on line 5, column 3"));
	fx_free(&x);
}

/* Issue 14, defect 2: a stray quote on line 30 of a 59-record file opens
 * a field that the quote on line 36 closes.  Every physical record is
 * accounted for: 52 loaded + 1 rejected + 6 swallowed = 59, and each
 * swallowed line has a finding at its line. */
static void test_swallowed_lines(void **state)
{
	struct fx x;
	struct strbuf sb = STRBUF_INIT;
	const struct dq *d;
	int line;
	(void)state;
	strbuf_addstr(&sb, "Id,Name,Amount\n");
	for (line = 2; line <= 60; line++) {
		if (line == 30)
			strbuf_addstr(&sb, "30,\"name30,30\n");
		else if (line == 36)
			strbuf_addstr(&sb, "36,name\"36,36\n");
		else
			strbuf_addf(&sb, "%d,name%d,%d\n", line, line, line);
	}
	fx_load(&x, BASIC, sb.buf);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 52);
	assert_int_equal(x.t.st.rows_rejected, 1);
	assert_int_equal(x.t.st.rows_swallowed, 6);
	assert_int_equal(x.t.st.rows_read + x.t.st.rows_swallowed, 59);
	assert_int_equal(count_dq(&x, DQ_ROW_SHAPE), 7);
	d = get_dq(&x, DQ_ROW_SHAPE, 0);
	assert_int_equal(d->line, 30);
	assert_non_null(strstr(msg(&x, d), "on line 36, column 9"));
	for (line = 31; line <= 36; line++) {
		d = get_dq(&x, DQ_ROW_SHAPE, (size_t)(line - 30));
		assert_int_equal(d->line, (uint32_t)line);
		assert_int_equal(d->row, -1);
		assert_string_equal(msg(&x, d), "this line was swallowed into the rejected record of line 30 "
				    "by the quoted field opened at line 30, column 4 (a stray quote?)");
	}
	assert_int_equal(x.t.row_line[27], 29);
	assert_int_equal(x.t.row_line[28], 37);
	fx_free(&x);
	strbuf_release(&sb);
}

static void test_unterminated_quote(void **state)
{
	struct fx x;
	const struct dq *d;
	static const uint32_t lines[] = { 2 };
	(void)state;
	fx_load(&x, BASIC, "Id,Name,Amount\n1,a,1\n2,\"say \"\"hi\"\" and\nnever close,3\n\n");
	assert_int_equal(x.rc, -1);
	assert_int_equal(x.t.st.input_error, 1);
	assert_lines(&x, lines, 1);
	assert_int_equal(x.t.st.rows_rejected, 1);
	d = get_dq(&x, DQ_ROW_SHAPE, 0);
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 3);
	assert_string_equal(msg(&x, d), "malformed CSV: unterminated quoted field starting at line 3 "
			    "runs to the end of the file");
	d = get_dq(&x, DQ_INPUT, 0);
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 3);
	assert_string_equal(msg(&x, d), "malformed CSV: unterminated quoted field starting at line 3 "
			    "runs to the end of the file");
	/* lines 4 and 5 (blank) are inside the open field */
	assert_int_equal(x.t.st.rows_swallowed, 2);
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 1)->line, 4);
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 2)->line, 5);
	assert_int_equal(x.log.n, 4);
	fx_free(&x);

	/* the open field is the record's first: the record starts with it */
	fx_load(&x, BASIC, "Id,Name,Amount\n1,a,1\n\"open");
	assert_int_equal(x.rc, -1);
	assert_lines(&x, lines, 1);
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 0)->line, 3);
	assert_int_equal(get_dq(&x, DQ_INPUT, 0)->line, 3);
	assert_int_equal(get_dq(&x, DQ_INPUT, 0)->col, 1);
	fx_free(&x);
}

static void test_header_errors(void **state)
{
	struct fx x;
	const struct dq *d;
	(void)state;
	fx_load(&x, BASIC, "Id,Na\"me,Amount\n1,a,1\n");
	assert_int_equal(x.rc, -1);
	assert_int_equal(x.t.st.input_error, 1);
	assert_int_equal(x.t.nrows, 0);
	d = get_dq(&x, DQ_INPUT, 0);
	assert_int_equal(d->line, 1);
	assert_int_equal(d->col, 6);
	assert_non_null(strstr(msg(&x, d), "malformed CSV header: unexpected '\"'"));
	fx_free(&x);

	fx_load(&x, BASIC, "Id,\"Name\nAmount\n");
	assert_int_equal(x.rc, -1);
	assert_int_equal(x.log.n, 1);
	d = get_dq(&x, DQ_INPUT, 0);
	assert_string_equal(msg(&x, d), "malformed CSV header: unterminated quoted field starting at line 1 "
			    "runs to the end of the file");
	assert_int_equal(d->col, 4);
	fx_free(&x);
}

static void test_empty_file(void **state)
{
	struct fx x;
	const struct dq *d;
	static const char *const empties[] = { "", "\n\n", "\xEF\xBB\xBF", "\r\n" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		fx_load(&x, BASIC, empties[i]);
		assert_int_equal(x.rc, -1);
		assert_int_equal(x.t.st.input_error, 1);
		assert_int_equal(x.t.nrows, 0);
		assert_int_equal(x.log.n, 1);
		d = get_dq(&x, DQ_INPUT, 0);
		assert_string_equal(msg(&x, d), "empty file: expected a header row");
		assert_int_equal(x.t.st.nmissing, 0); /* no flood of missing columns */
		fx_free(&x);
	}
}

static void test_nonexistent_file(void **state)
{
	struct fx x;
	const struct dq *d;
	(void)state;
	fx_begin(&x, BASIC);
	x.rc = load_dataset(&x.t, "/nonexistent/verdict", &x.pool, &x.log, 0);
	assert_int_equal(x.rc, -1);
	assert_string_equal(x.t.st.path, "/nonexistent/verdict/x.csv");
	assert_int_equal(x.t.st.input_error, 1);
	assert_int_equal(x.t.st.rows_read, 0);
	d = get_dq(&x, DQ_INPUT, 0);
	assert_int_equal(d->line, 0);
	assert_string_equal(msg(&x, d), "cannot open: No such file or directory");
	fx_free(&x);
}

/* ---- streams ------------------------------------------------------- */

/* A stream that hands out one byte per read, then fails after `fail_at`
 * bytes (0: never), like a pipe or a failing disk. */
struct trickle {
	struct instream s;       /* first: the read method gets &t->s */
	const char *text;
	size_t len, off, fail_at;
};

static ssize_t trickle_read(struct instream *s, void *buf, size_t n)
{
	struct trickle *t = (struct trickle *)s;
	if (t->fail_at && t->off == t->fail_at) {
		errno = EIO;
		return -1;
	}
	if (!n || t->off == t->len)
		return 0;
	*(char *)buf = t->text[t->off++];
	return 1;
}

static void trickle_init(struct trickle *t, const char *text, size_t fail_at)
{
	memset(t, 0, sizeof(*t));
	t->s.read = trickle_read;
	t->s.fd = -1;
	t->text = text;
	t->len = strlen(text);
	t->fail_at = fail_at;
}

/* Short reads change nothing: the BOM is still seen, lines still count. */
static void test_short_reads(void **state)
{
	struct fx x;
	struct trickle t;
	static const uint32_t lines[] = { 2, 4 };
	(void)state;
	trickle_init(&t, "\xEF\xBB\xBFId,Name,Amount\n1,\"a\nb\",1\n2,c,2\n", 0);
	fx_read_stream(&x, BASIC, &t.s);
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 2);
	assert_string_equal(txt(&x, 0, "Id"), "1");
	assert_string_equal(txt(&x, 0, "Name"), "a\nb");
	assert_int_equal(x.log.n, 0);
	fx_free(&x);
}

/* A read error: a DQ-INPUT at the line reached, the record cut short is
 * rejected, the rows before stay. */
static void test_read_error(void **state)
{
	struct fx x;
	struct trickle t;
	static const uint32_t lines[] = { 2 };
	const char *text = "Id,Name,Amount\n1,a,1\n2,b";
	(void)state;
	trickle_init(&t, text, strlen(text));
	fx_read_stream(&x, BASIC, &t.s);
	assert_int_equal(x.rc, -1);
	assert_int_equal(x.t.st.input_error, 1);
	assert_lines(&x, lines, 1);
	assert_int_equal(x.t.st.rows_rejected, 1);
	assert_string_equal(msg(&x, get_dq(&x, DQ_ROW_SHAPE, 0)), "record cut short by a read error");
	assert_int_equal(get_dq(&x, DQ_INPUT, 0)->line, 3);
	assert_string_equal(msg(&x, get_dq(&x, DQ_INPUT, 0)), "cannot read: Input/output error");
	fx_free(&x);
}

/* An inline table (verdict test): read from memory, columns by field
 * name, every line (in rows, findings and message texts) a line of the
 * file the table sits in. */
static void test_inline_table_lines(void **state)
{
	struct fx x;
	struct load_buffer b;
	const struct dq *d;
	static const uint32_t lines[] = { 41, 44 };
	const char *text = "Amount,Id,Name\n1,a,x\n2,\"b\nc\" ,y\n3,d,z\n4,\"open\n";
	(void)state;
	fx_begin(&x, BASIC);
	b.name = "tests/x.test";
	b.first_line = 40;
	b.text = text;
	b.len = strlen(text);
	x.rc = load_inline_csv(&x.t, &b, &x.pool, &x.log);
	assert_int_equal(x.rc, -1);
	assert_string_equal(x.t.st.path, "tests/x.test");
	assert_lines(&x, lines, 2);
	assert_string_equal(txt(&x, 1, "Id"), "d");
	d = get_dq(&x, DQ_ROW_SHAPE, 0);
	assert_int_equal(d->line, 42);
	assert_non_null(strstr(msg(&x, d), " on line 43, column 3"));
	d = get_dq(&x, DQ_INPUT, 0);
	assert_int_equal(d->line, 45);
	assert_string_equal(msg(&x, d), "malformed CSV: unterminated quoted field starting at line 45 "
			    "runs to the end of the file");
	fx_free(&x);
}

/* ---- conversion and findings -------------------------------------- */

static void test_typed_values(void **state)
{
	struct fx x;
	struct value v;
	(void)state;
	fx_load(&x, TYPED,
		"Id,Name,Amount,Qty,Day,At,Flag,Kind\n"
		"1,M\xC3\xBCller,\"1,5\",-42,2024-02-29,2024-03-01T00:30:00+01:00,YES,b\n"
		"2,,,,,,,\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 2);
	assert_string_equal(txt(&x, 0, "Name"), "M\xC3\xBCller");
	assert_true(is_null(&x, 0, "Amount")); /* "1,5" is not a decimal */
	assert_int_equal(num(&x, 0, "Qty"), -42);
	assert_int_equal(num(&x, 0, "Day"), value_days_from_civil(2024, 2, 29));
	/* 00:30 at +01:00 is 23:30 UTC the day before */
	assert_int_equal(num(&x, 0, "At"),
			 (value_days_from_civil(2024, 2, 29) * 86400 + 23 * 3600 + 30 * 60) * 1000000LL);
	assert_int_equal(num(&x, 0, "Flag"), 1);
	/* enum matched ignoring case, stored in the declared spelling */
	table_get(&x.t, 0, fidx(&x, "Kind"), &v);
	assert_int_equal(v.u.s, strpool_find(&x.pool, "B", 1));
	assert_string_equal(txt(&x, 0, "Kind"), "B");
	assert_int_equal(count_dq(&x, DQ_TYPE), 1);
	assert_string_equal(raw(&x, get_dq(&x, DQ_TYPE, 0)), "1,5");
	/* empty cells but the key: null, and no finding (none is required) */
	assert_true(is_null(&x, 1, "Name"));
	assert_true(is_null(&x, 1, "Qty"));
	assert_true(is_null(&x, 1, "Flag"));
	assert_true(is_null(&x, 1, "Kind"));
	assert_int_equal(count_dq(&x, DQ_REQUIRED), 0);
	assert_int_equal(x.log.n, 1);
	fx_free(&x);
}

static void test_type_errors(void **state)
{
	struct fx x;
	const struct dq *d;
	(void)state;
	fx_load(&x, TYPED,
		"Id,Name,Amount,Qty,Day,At,Flag,Kind\n"
		"1,a,12x,1.5,2023-02-29,2024-01-01T10:00:00,maybe,A\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 1);
	assert_int_equal(count_dq(&x, DQ_TYPE), 5);
	assert_int_equal(x.log.n, 5);
	d = get_dq(&x, DQ_TYPE, 0);
	assert_int_equal(d->field, fidx(&x, "Amount"));
	assert_int_equal(d->line, 2);
	assert_int_equal(d->row, 0);
	assert_string_equal(raw(&x, d), "12x");
	assert_string_equal(msg(&x, d), "expected a decimal number");
	d = get_dq(&x, DQ_TYPE, 1);
	assert_int_equal(d->field, fidx(&x, "Qty"));
	assert_string_equal(raw(&x, d), "1.5");
	assert_string_equal(msg(&x, d), "expected an integer");
	d = get_dq(&x, DQ_TYPE, 2);
	assert_int_equal(d->field, fidx(&x, "Day"));
	assert_string_equal(raw(&x, d), "2023-02-29");
	assert_string_equal(msg(&x, d), "no such calendar date");
	d = get_dq(&x, DQ_TYPE, 3);
	assert_int_equal(d->field, fidx(&x, "At"));
	assert_non_null(strstr(msg(&x, d), "without a time zone"));
	d = get_dq(&x, DQ_TYPE, 4);
	assert_int_equal(d->field, fidx(&x, "Flag"));
	assert_string_equal(raw(&x, d), "maybe");
	assert_true(is_null(&x, 0, "Amount"));
	assert_true(is_null(&x, 0, "Qty"));
	assert_true(is_null(&x, 0, "Day"));
	assert_true(is_null(&x, 0, "At"));
	assert_true(is_null(&x, 0, "Flag"));
	assert_string_equal(txt(&x, 0, "Kind"), "A");
	fx_free(&x);
}

static void test_null_if_and_default(void **state)
{
	struct fx x;
	(void)state;
	fx_load(&x,
		"dataset t {\n"
		"  from csv \"x.csv\"\n"
		"  Id text\n"
		"  Amount decimal null_if \"-1\", \"N/A\"\n"
		"  Country text default \"US\" null_if \"(none)\"\n"
		"  Qty int default 1\n"
		"  Active bool default true\n"
		"  Tier enum(\"Gold\", \"Silver\") default \"Silver\"\n"
		"  Note text required null_if \"-\"\n"
		"}\n",
		"Id,Amount,Country,Qty,Active,Tier,Note\n"
		"1,-1,,,,,x\n"
		"2,N/A,(none),7,no,gold,-\n"
		"3,-1.5,DE,0,1,Gold,y\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 3);
	assert_true(is_null(&x, 0, "Amount"));
	assert_true(is_null(&x, 1, "Amount"));
	assert_int_equal(num(&x, 2, "Amount"), -1500000);
	assert_string_equal(txt(&x, 0, "Country"), "US");
	assert_string_equal(txt(&x, 1, "Country"), "US");
	assert_string_equal(txt(&x, 2, "Country"), "DE");
	assert_int_equal(num(&x, 0, "Qty"), 1);
	assert_int_equal(num(&x, 1, "Qty"), 7);
	assert_int_equal(num(&x, 2, "Qty"), 0);
	assert_int_equal(num(&x, 0, "Active"), 1);
	assert_int_equal(num(&x, 1, "Active"), 0);
	assert_string_equal(txt(&x, 0, "Tier"), "Silver");
	assert_string_equal(txt(&x, 1, "Tier"), "Gold");
	/* null_if makes a required field empty */
	assert_int_equal(count_dq(&x, DQ_REQUIRED), 1);
	assert_int_equal(get_dq(&x, DQ_REQUIRED, 0)->line, 3);
	assert_int_equal(x.log.n, 1);
	fx_free(&x);
}

static void test_required(void **state)
{
	struct fx x;
	const struct dq *d;
	(void)state;
	fx_load(&x,
		"dataset t {\n"
		"  from csv \"x.csv\"\n"
		"  key Id\n"
		"  Id text\n"
		"  Name text required\n"
		"  Amount decimal required\n"
		"}\n",
		"Id,Name,Amount\n1,a,1\n,b,2\n3,,\n4,d,zz\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 4);
	assert_int_equal(count_dq(&x, DQ_REQUIRED), 3);
	d = get_dq(&x, DQ_REQUIRED, 0);
	assert_int_equal(d->line, 3);
	assert_int_equal(d->row, 1);
	assert_int_equal(d->field, fidx(&x, "Id"));
	assert_string_equal(msg(&x, d), "key field is empty");
	assert_int_equal(d->raw, 0);
	d = get_dq(&x, DQ_REQUIRED, 1);
	assert_int_equal(d->line, 4);
	assert_int_equal(d->field, fidx(&x, "Name"));
	assert_string_equal(msg(&x, d), "required field is empty");
	assert_int_equal(get_dq(&x, DQ_REQUIRED, 2)->field, fidx(&x, "Amount"));
	/* a value that does not convert is reported once, as DQ-TYPE */
	assert_int_equal(count_dq(&x, DQ_TYPE), 1);
	assert_int_equal(get_dq(&x, DQ_TYPE, 0)->line, 5);
	assert_true(is_null(&x, 3, "Amount"));
	fx_free(&x);
}

static void test_enum(void **state)
{
	struct fx x;
	const struct dq *d;
	(void)state;
	fx_load(&x,
		"dataset t { from csv \"x.csv\"  Id text  Kind enum(\"Direct\", \"Indirect Reseller\") }\n",
		"Id,Kind\n1,direct\n2,INDIRECT RESELLER\n3,Distributor\n4,Direct\n5,Dir\xFF\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 5);
	assert_string_equal(txt(&x, 0, "Kind"), "Direct");
	assert_string_equal(txt(&x, 1, "Kind"), "Indirect Reseller");
	assert_null(txt(&x, 2, "Kind"));
	assert_string_equal(txt(&x, 3, "Kind"), "Direct");
	assert_null(txt(&x, 4, "Kind"));
	assert_int_equal(count_dq(&x, DQ_ENUM), 1);
	d = get_dq(&x, DQ_ENUM, 0);
	assert_int_equal(d->line, 4);
	assert_int_equal(d->row, 2);
	assert_string_equal(raw(&x, d), "Distributor");
	assert_string_equal(msg(&x, d), "not one of Direct, Indirect Reseller");
	assert_int_equal(count_dq(&x, DQ_ENCODING), 1);
	assert_int_equal(get_dq(&x, DQ_ENCODING, 0)->line, 6);
	fx_free(&x);
}

/* ---- value formats: null_if globs, enum spellings, formats, rounding */

static void test_null_if_globs(void **state)
{
	struct fx x;
	(void)state;
	fx_load(&x,
		"dataset t {\n"
		"  from csv \"x.csv\"\n"
		"  Id int\n"
		"  Reseller text null_if \"0\", \"-1\"\n"
		"  Created datetime null_if \"0001-01-01T00:00:00*\"\n"
		"  Ended date null_if \"0001-01-01*\"\n"
		"  Code text null_if \"N?A\", \"[x]*\"\n"
		"}\n",
		"Id,Reseller,Created,Ended,Code\n"
		"1,0,0001-01-01T00:00:00.0000000Z,0001-01-01T00:00:00,N/A\n"
		"2,-1,0001-01-01T00:00:00,0001-01-01,NA\n"
		"3,00,2025-07-14T20:28:55Z,2025-07-14,xyz\n"
		"4, 0,0001-01-01T00:00:01, 0001-01-01,N-A\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 4);
	/* exact entries: exact; globs: the raw text, before any trimming */
	assert_true(is_null(&x, 0, "Reseller"));
	assert_true(is_null(&x, 1, "Reseller"));
	assert_string_equal(txt(&x, 2, "Reseller"), "00");
	assert_string_equal(txt(&x, 3, "Reseller"), " 0");
	/* null_if comes before the conversion: no finding for year 1 */
	assert_true(is_null(&x, 0, "Created"));
	assert_true(is_null(&x, 1, "Created"));
	assert_true(is_null(&x, 0, "Ended"));
	assert_true(is_null(&x, 1, "Ended"));
	assert_int_equal(num(&x, 2, "Ended"), value_days_from_civil(2025, 7, 14));
	assert_false(is_null(&x, 3, "Ended"));     /* " 0001-01-01" is no match: a date */
	assert_true(is_null(&x, 0, "Code"));
	assert_string_equal(txt(&x, 1, "Code"), "NA");
	assert_true(is_null(&x, 2, "Code"));       /* [x]* : a bracket expression */
	assert_true(is_null(&x, 3, "Code"));
	/* 0001-01-01T00:00:01 is a real instant but has no zone */
	assert_int_equal(count_dq(&x, DQ_TYPE), 1);
	assert_int_equal(get_dq(&x, DQ_TYPE, 0)->line, 5);
	assert_int_equal(x.log.n, 1);
	fx_free(&x);
}

static void test_enum_spellings(void **state)
{
	struct fx x;
	(void)state;
	fx_load(&x,
		"dataset t { from csv \"x.csv\"  Id text\n"
		"  Type enum(\"IsIndirectResellerOf\", \"is_indirect_cloud_solution_provider_of\") }\n",
		"Id,Type\n1,is_indirect_reseller_of\n2,IsIndirectResellerOf\n3,Is Indirect Reseller Of\n"
		"4,IsIndirectCloudSolutionProviderOf\n5,is-indirect-reseller-of\n6,IsIndirectReseller\n");
	assert_int_equal(x.rc, 0);
	assert_string_equal(txt(&x, 0, "Type"), "IsIndirectResellerOf");
	assert_string_equal(txt(&x, 1, "Type"), "IsIndirectResellerOf");
	assert_string_equal(txt(&x, 2, "Type"), "IsIndirectResellerOf");
	assert_string_equal(txt(&x, 3, "Type"), "is_indirect_cloud_solution_provider_of");
	assert_string_equal(txt(&x, 4, "Type"), "IsIndirectResellerOf");
	assert_null(txt(&x, 5, "Type"));
	assert_int_equal(count_dq(&x, DQ_ENUM), 1);
	assert_string_equal(raw(&x, get_dq(&x, DQ_ENUM, 0)), "IsIndirectReseller");
	assert_int_equal(x.log.n, 1);
	fx_free(&x);
}

static void test_date_formats(void **state)
{
	struct fx x;
	(void)state;
	fx_load(&x,
		"dataset t {\n"
		"  from csv \"x.csv\"\n"
		"  Id int\n"
		"  D date format \"M/D/YYYY\", \"YYYY-MM-DD\"\n"
		"  T datetime format \"M/D/YYYY h:mm:ss AM\", \"M/D/YYYY H:mm\" zone \"+01:00\"\n"
		"  I datetime zone utc\n"
		"}\n",
		"Id,D,T,I\n"
		"1,7/14/2025,1/12/2026 2:02:51 PM,2025-07-01T00:00:00\n"
		"2,2025-07-15,2/1/2019 0:00,2025-07-14T20:28:55.8307870Z\n"
		"3,14/7/2025,2/1/2019 25:00,x\n"
		"4,2025/07/14,,\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(num(&x, 0, "D"), value_days_from_civil(2025, 7, 14));
	assert_int_equal(num(&x, 1, "D"), value_days_from_civil(2025, 7, 15));
	assert_int_equal(num(&x, 0, "T"), (value_days_from_civil(2026, 1, 12) * 86400 + 13 * 3600 + 2 * 60 + 51) * 1000000LL);
	assert_int_equal(num(&x, 1, "T"), (value_days_from_civil(2019, 1, 31) * 86400 + 23 * 3600) * 1000000LL);
	assert_int_equal(num(&x, 0, "I"), value_days_from_civil(2025, 7, 1) * 86400 * 1000000LL);
	assert_int_equal(num(&x, 1, "I"), (value_days_from_civil(2025, 7, 14) * 86400 + 20 * 3600 + 28 * 60 + 55) * 1000000LL + 830787);
	assert_int_equal(count_dq(&x, DQ_TYPE), 4);
	assert_string_equal(msg(&x, get_dq(&x, DQ_TYPE, 0)), "no such calendar date (format \"M/D/YYYY\")");
	assert_string_equal(msg(&x, get_dq(&x, DQ_TYPE, 1)), "no such time of day (format \"M/D/YYYY H:mm\")");
	assert_string_equal(msg(&x, get_dq(&x, DQ_TYPE, 2)), "expected a datetime YYYY-MM-DDTHH:MM:SSZ");
	assert_string_equal(msg(&x, get_dq(&x, DQ_TYPE, 3)),
			    "expected a date in the format \"M/D/YYYY\" or \"YYYY-MM-DD\"");
	assert_string_equal(raw(&x, get_dq(&x, DQ_TYPE, 3)), "2025/07/14");
	fx_free(&x);
}

static void test_decimal_rounding(void **state)
{
	struct fx x;
	(void)state;
	fx_load(&x,
		"dataset t {\n"
		"  from csv \"x.csv\"\n"
		"  Id int\n"
		"  Price decimal(2)\n"
		"  Rate decimal\n"
		"  Whole decimal(0)\n"
		"}\n",
		"Id,Price,Rate,Whole\n"
		"1,1.005,0.846202666,2.5\n"
		"2,1.015,1.5,3.5\n"
		"3,1.10,0.0000208,-2.5\n"
		"4,-1.125,2,4\n"
		"5,x,,\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(num(&x, 0, "Price"), 1000000);
	assert_int_equal(num(&x, 1, "Price"), 1020000);
	assert_int_equal(num(&x, 2, "Price"), 1100000);
	assert_int_equal(num(&x, 3, "Price"), -1120000);
	assert_int_equal(num(&x, 0, "Rate"), 846203);
	assert_int_equal(num(&x, 2, "Rate"), 21);
	assert_int_equal(num(&x, 0, "Whole"), 2000000);
	assert_int_equal(num(&x, 1, "Whole"), 4000000);
	assert_int_equal(num(&x, 2, "Whole"), -2000000);
	/* counted per field, no finding per row; a bad value is still DQ-TYPE */
	assert_int_equal(x.t.st.rounded[fidx(&x, "Id")], 0);
	assert_int_equal(x.t.st.rounded[fidx(&x, "Price")], 3);
	assert_int_equal(x.t.st.rounded[fidx(&x, "Rate")], 2);
	assert_int_equal(x.t.st.rounded[fidx(&x, "Whole")], 3);
	assert_int_equal(count_dq(&x, DQ_TYPE), 1);
	assert_int_equal(x.log.n, 1);
	fx_free(&x);
}

static void test_pattern(void **state)
{
	struct fx x;
	const struct dq *d;
	(void)state;
	fx_load(&x,
		"dataset t { from csv \"x.csv\"  Id text  Mpn text matches /^[0-9]{6,7}$/  "
		"Code text matches /^[a-z]{2}$/i }\n",
		"Id,Mpn,Code\n1,1234567,De\n2,12345,fr\n3,,x1\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 3);
	assert_int_equal(count_dq(&x, DQ_PATTERN), 2);
	d = get_dq(&x, DQ_PATTERN, 0);
	assert_int_equal(d->line, 3);
	assert_int_equal(d->field, fidx(&x, "Mpn"));
	assert_string_equal(raw(&x, d), "12345");
	assert_string_equal(msg(&x, d), "does not match /^[0-9]{6,7}$/");
	d = get_dq(&x, DQ_PATTERN, 1);
	assert_int_equal(d->line, 4);
	assert_string_equal(raw(&x, d), "x1");
	assert_string_equal(msg(&x, d), "does not match /^[a-z]{2}$/i");
	/* the value is kept: a pattern finding does not null it */
	assert_string_equal(txt(&x, 1, "Mpn"), "12345");
	assert_null(txt(&x, 2, "Mpn")); /* empty: not checked */
	fx_free(&x);
}

static void test_encoding(void **state)
{
	struct fx x;
	const struct dq *d;
	(void)state;
	fx_load(&x, BASIC, "Id,Name,Amount\n1,caf\xE9,1\n2,caf\xC3\xA9,2\n3,\xED\xA0\x80,3\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 3);
	assert_int_equal(count_dq(&x, DQ_ENCODING), 2);
	d = get_dq(&x, DQ_ENCODING, 0);
	assert_int_equal(d->line, 2);
	assert_int_equal(d->field, fidx(&x, "Name"));
	assert_string_equal(raw(&x, d), "caf\xE9");
	assert_string_equal(msg(&x, d), "text is not valid UTF-8");
	assert_null(txt(&x, 0, "Name"));
	assert_string_equal(txt(&x, 1, "Name"), "caf\xC3\xA9");
	assert_int_equal(get_dq(&x, DQ_ENCODING, 1)->line, 4); /* a UTF-16 surrogate */
	fx_free(&x);
}

static void test_duplicate_key(void **state)
{
	struct fx x;
	const struct dq *d;
	(void)state;
	fx_load(&x,
		"dataset t { from csv \"x.csv\"  key Id, Day  Id text  Day date  N int }\n",
		"Id,Day,N\n"
		"a,2024-01-01,1\n"
		"\"multi\nline\",2024-01-01,2\n"
		"a,2024-01-02,3\n"
		"a,2024-01-01,4\n"
		"\"multi\nline\",2024-01-01,5\n");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 5);
	assert_int_equal(count_dq(&x, DQ_DUPLICATE_KEY), 2);
	/* only the first row of a key is evaluated (issue 14, defect 10) */
	assert_false(table_is_dup(&x.t, 0));
	assert_false(table_is_dup(&x.t, 1));
	assert_false(table_is_dup(&x.t, 2));
	assert_true(table_is_dup(&x.t, 3));
	assert_true(table_is_dup(&x.t, 4));
	d = get_dq(&x, DQ_DUPLICATE_KEY, 0);
	assert_int_equal(d->line, 6);
	assert_int_equal(d->row, 3);
	assert_string_equal(msg(&x, d), "same key as the row at line 2; only that row is evaluated");
	d = get_dq(&x, DQ_DUPLICATE_KEY, 1);
	assert_int_equal(d->line, 7);
	assert_int_equal(d->row, 4);
	assert_string_equal(msg(&x, d), "same key as the row at line 3; only that row is evaluated");
	fx_free(&x);
}

/* ---- the sample files --------------------------------------------- */

static char *fixture(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *fp;
	strbuf_addf(&sb, "fixtures/ingest/%s", name);
	fp = fopen(sb.buf, "rb");
	if (!fp) {
		strbuf_release(&sb);
		return NULL;
	}
	fclose(fp);
	return strbuf_detach(&sb, NULL);
}

static void read_fixture(struct fx *x, const char *rules, const char *name)
{
	struct instream s;
	char *path = fixture(name);
	int fd;
	if (!path)
		skip();
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	instream_from_fd(&s, fd);
	fx_read_stream(x, rules, &s);
	close(fd);
	free(path);
}

static const char *const PARTNERS =
	"dataset partners {\n"
	"  from csv \"partners.csv\"\n"
	"  key PartnerId\n"
	"  PartnerId text matches /^P-[0-9]{5}$/\n"
	"  PartnerName text required\n"
	"  ResellerMpnId text at \"ResellerMpnId\", \"Tier2MpnId\"\n"
	"  Country text\n"
	"  Tier enum(\"Direct\", \"Indirect Provider\", \"Indirect Reseller\")\n"
	"  Revenue decimal null_if \"-1\"\n"
	"  Since date\n"
	"  Active bool default true\n"
	"}\n";

static void test_fixture_partners(void **state)
{
	struct fx x;
	static const uint32_t lines[] = { 2, 3, 4, 5, 6, 8 };
	(void)state;
	read_fixture(&x, PARTNERS, "partners.csv");
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.st.rows_rejected, 0);
	assert_int_equal(x.t.st.nmissing, 0);
	assert_int_equal(x.t.st.nextra, 0);
	assert_int_equal(x.log.n, 0);
	assert_lines(&x, lines, 6);
	assert_string_equal(txt(&x, 0, "PartnerId"), "P-10001");
	assert_string_equal(txt(&x, 0, "PartnerName"), "Contoso, Ltd.");
	assert_string_equal(txt(&x, 1, "PartnerName"), "Fabrikam \"Cloud\" Services");
	assert_string_equal(txt(&x, 4, "PartnerName"), "Nordic Cloud Oy\r\n(formerly Nordisk Data)");
	assert_string_equal(txt(&x, 0, "ResellerMpnId"), "1234567"); /* via the second `at` name */
	assert_string_equal(txt(&x, 3, "Tier"), "Indirect Reseller");
	assert_true(is_null(&x, 2, "Revenue"));                       /* null_if "-1" */
	assert_int_equal(num(&x, 2, "Active"), 1);                    /* default */
	assert_int_equal(num(&x, 0, "Revenue"), 125000500000LL);
	assert_string_equal(txt(&x, 5, "Country"), "JP");
	assert_int_equal(num(&x, 5, "Active"), 0);
	fx_free(&x);
}

static void test_fixture_ragged(void **state)
{
	struct fx x;
	static const uint32_t lines[] = { 2, 6, 7 };
	(void)state;
	read_fixture(&x, PARTNERS, "ragged.csv");
	assert_int_equal(x.rc, 0);
	assert_lines(&x, lines, 3);
	assert_int_equal(x.t.st.rows_read, 6);
	assert_int_equal(x.t.st.rows_rejected, 3);
	assert_int_equal(x.log.n, 3);
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 0)->line, 3);
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 1)->line, 4);
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 2)->line, 5);
	assert_int_equal(get_dq(&x, DQ_ROW_SHAPE, 2)->col, 20);
	assert_string_equal(txt(&x, 2, "PartnerName"), "\xC3\x86r\xC3\xB8sk\xC3\xB8" "bing IT ApS");
	fx_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_rows),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_multiline_first_cell),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_cr_only),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_spaces_kept),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_large_input),
		cmocka_unit_test(test_syntax_error_long_line),
		cmocka_unit_test(test_header_normalized),
		cmocka_unit_test(test_header_exact_first),
		cmocka_unit_test(test_header_at_alternatives),
		cmocka_unit_test(test_header_shared_column),
		cmocka_unit_test(test_missing_column),
		cmocka_unit_test(test_duplicate_header),
		cmocka_unit_test(test_ragged_rows),
		cmocka_unit_test(test_ragged_multiline),
		cmocka_unit_test(test_stray_quote),
		cmocka_unit_test(test_syntax_error_multiline),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_swallowed_lines),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_nonexistent_file),
		cmocka_unit_test(test_short_reads),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_inline_table_lines),
		cmocka_unit_test(test_typed_values),
		cmocka_unit_test(test_type_errors),
		cmocka_unit_test(test_null_if_and_default),
		cmocka_unit_test(test_required),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_null_if_globs),
		cmocka_unit_test(test_enum_spellings),
		cmocka_unit_test(test_date_formats),
		cmocka_unit_test(test_decimal_rounding),
		cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_fixture_partners),
		cmocka_unit_test(test_fixture_ragged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
