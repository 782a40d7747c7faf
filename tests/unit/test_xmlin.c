/*
 * test_xmlin.c - the XML reader: paths, namespaces, text, entities,
 * malformed input, entity attacks, line numbers.
 */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "data/dq.h"
#include "data/format.h"
#include "data/ingest.h"
#include "data/instream.h"
#include "data/load.h"
#include "data/table.h"
#include "lang/value.h"

struct fx {
	struct program prog;
	struct strpool pool;
	struct diagctx dc;
	struct dqlog log;
	struct table t;
	int rc;
	char *err;         /* what the read wrote on stderr (capture only) */
};

/* ---- stderr capture ------------------------------------------------ */

struct capture {
	int saved;
	char path[64];
};

static void capture_begin(struct capture *c)
{
	int fd;
	strcpy(c->path, "/tmp/verdict-test-stderr-XXXXXX");
	fd = mkstemp(c->path);
	assert_true(fd >= 0);
	fflush(stderr);
	c->saved = dup(2);
	assert_true(c->saved >= 0);
	assert_true(dup2(fd, 2) == 2);
	close(fd);
}

static char *capture_end(struct capture *c)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[512];
	size_t n;
	FILE *fp;
	fflush(stderr);
	assert_true(dup2(c->saved, 2) == 2);
	close(c->saved);
	fp = fopen(c->path, "rb");
	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	unlink(c->path);
	return strbuf_detach(&sb, NULL);
}

/* ---- loading ------------------------------------------------------- */

static int fx_progress; /* ask ingest for progress lines */

static void fx_begin(struct fx *f, const char *rules)
{
	memset(f, 0, sizeof(*f));
	strpool_init(&f->pool);
	tu_parse(&f->prog, &f->pool, &f->dc, rules, 0);
	dqlog_init(&f->log);
	table_init(&f->t, f->prog.datasets[0]);
}

static void fx_check(struct fx *f)
{
	assert_int_equal(f->t.st.rows_read, f->t.nrows + f->t.st.rows_rejected);
	assert_int_equal(f->rc ? 1 : 0, f->t.st.input_error);
}

/* Read stream s as the first dataset of rules; quiet: capture stderr. */
static void fx_read_stream(struct fx *f, const char *rules, struct instream *s, int quiet)
{
	struct ingest in;
	struct capture cap;
	fx_begin(f, rules);
	ingest_begin(&in, &f->t, &f->pool, &f->log);
	in.progress = fx_progress;
	if (quiet)
		capture_begin(&cap);
	f->rc = xmlin_read(&in, s);
	if (quiet)
		f->err = capture_end(&cap);
	ingest_end(&in);
	fx_check(f);
}

/* A file, through a file-descriptor stream. */
static void fx_read_path(struct fx *f, const char *rules, const char *path, int quiet)
{
	struct instream s;
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	instream_from_fd(&s, fd);
	fx_read_stream(f, rules, &s, quiet);
	close(fd);
}

/* Text, through a memory stream. */
static void fx_read(struct fx *f, const char *rules, const char *xml, int quiet)
{
	struct instream s;
	instream_from_memory(&s, xml, strlen(xml));
	fx_read_stream(f, rules, &s, quiet);
}

/* The dataset's file in datadir, opened by load_dataset(). */
static void fx_load(struct fx *f, const char *rules, const char *datadir)
{
	struct capture cap;
	fx_begin(f, rules);
	capture_begin(&cap);
	f->rc = load_dataset(&f->t, datadir, &f->pool, &f->log, 0);
	f->err = capture_end(&cap);
	fx_check(f);
}

static void fx_free(struct fx *f)
{
	free(f->err);
	table_release(&f->t);
	dqlog_release(&f->log);
	schema_release(&f->prog);
	program_release(&f->prog);
	diag_release(&f->dc);
	strpool_release(&f->pool);
}

/* ---- inspecting ---------------------------------------------------- */

static int fidx(const struct fx *f, const char *name)
{
	int i = schema_find_field(f->t.ds, name);
	assert_true(i >= 0);
	return i;
}

static int is_null(const struct fx *f, size_t row, const char *field)
{
	assert_true(row < f->t.nrows);
	return table_is_null(&f->t, row, fidx(f, field));
}

/* Text (or enum) value, "<null>" when null. */
static const char *text(const struct fx *f, size_t row, const char *field)
{
	struct value v;
	assert_true(row < f->t.nrows);
	table_get(&f->t, row, fidx(f, field), &v);
	return v.null ? "<null>" : strpool_str(&f->pool, v.u.s);
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

static const char *dq_raw(const struct fx *f, const struct dq *d)
{
	return d->raw ? strpool_str(&f->pool, d->raw) : NULL;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

/* The needle appears nowhere in the string pool (values, raw texts,
 * messages). */
static void assert_pool_lacks(const struct fx *f, const char *needle)
{
	assert_null(memmem(f->pool.data, f->pool.len, needle, strlen(needle)));
}

/* ---- datasets ------------------------------------------------------ */

static const char *const rel_rules =
	"dataset rel {\n"
	"  from xml \"relationships.xml\" record \"PartnerRelationships/PartnerRelationship\"\n"
	"  key providerId\n"
	"  providerId text at \"@providerId\"\n"
	"  status enum(\"Active\", \"Suspended\") at \"@status\"\n"
	"  PartnerName text\n"
	"  MpnId int\n"
	"  country text at \"Location/Country\"\n"
	"  region text at \"Location/@code\"\n"
	"  since date at \"RelationshipStart\"\n"
	"  Tier int\n"
	"}\n";

static const char *const simple_rules =
	"dataset d {\n"
	"  from xml \"d.xml\" record \"Root/Rec\"\n"
	"  id text at \"@id\"\n"
	"  a text at \"A\"\n"
	"  n int at \"N\"\n"
	"}\n";

/* ---- tests --------------------------------------------------------- */

static void test_fixture_relationships(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read_path(&f, rel_rules, "fixtures/ingest/relationships.xml", 1);
	assert_int_equal(f.rc, 0);
	assert_string_equal(f.err, "");
	assert_int_equal(f.t.nrows, 3);
	assert_int_equal(f.t.st.rows_read, 3);
	assert_int_equal(f.t.st.rows_rejected, 0);

	assert_string_equal(text(&f, 0, "providerId"), "P-1001");
	assert_string_equal(text(&f, 0, "status"), "Active");
	assert_string_equal(text(&f, 0, "PartnerName"), "Contoso Cloud Services");
	assert_int_equal(num(&f, 0, "MpnId"), 4512345);
	assert_string_equal(text(&f, 0, "country"), "US");
	assert_string_equal(text(&f, 0, "region"), "US-WA");
	assert_int_equal(num(&f, 0, "since"), value_days_from_civil(2021, 3, 15));
	assert_int_equal(num(&f, 0, "Tier"), 2);
	assert_int_equal(f.t.row_line[0], 5);

	assert_string_equal(text(&f, 1, "status"), "Suspended");
	assert_string_equal(text(&f, 1, "PartnerName"), "Fabrikam & Sons <EMEA>");
	assert_string_equal(text(&f, 1, "country"), "FR");
	assert_string_equal(text(&f, 1, "region"), "FR-75");
	assert_true(is_null(&f, 1, "Tier"));          /* <Tier/> */
	assert_int_equal(f.t.row_line[1], 15);

	/* start tag over three lines: the line of its '<' */
	assert_int_equal(f.t.row_line[2], 25);
	assert_string_equal(text(&f, 2, "PartnerName"), "Caf\xc3\xa9 Num\xc3\xa9rique & Cie");
	assert_true(is_null(&f, 2, "country"));       /* no Location */
	assert_true(is_null(&f, 2, "region"));
	assert_true(is_null(&f, 2, "MpnId"));         /* 45x1 */
	assert_true(is_null(&f, 2, "since"));         /* 2022-02-30 */
	assert_true(is_null(&f, 2, "Tier"));          /* <Tier></Tier> */

	assert_int_equal(f.log.n, 2);
	assert_int_equal(ndq(&f, DQ_TYPE), 2);
	d = dq_nth(&f, DQ_TYPE, 0);
	assert_int_equal(d->field, fidx(&f, "MpnId"));
	assert_int_equal(d->line, 25);
	assert_int_equal(d->row, 2);
	assert_string_equal(dq_raw(&f, d), "45x1");
	d = dq_nth(&f, DQ_TYPE, 1);
	assert_int_equal(d->field, fidx(&f, "since"));
	assert_string_equal(dq_raw(&f, d), "2022-02-30");
	assert_int_equal(d->line, 25);
	fx_free(&f);
}

static void test_prefixed_namespace(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from xml \"d.xml\" record \"p:Root/Rec\"\n"
		"  id text at \"@id\"\n"
		"  a text at \"p:Inner/p:A\"\n"
		"  lang text at \"@lang\"\n"
		"  n int at \"N\"\n"
		"  pid text at \"@other:id\"\n"
		"}\n",
		"<p:Root xmlns:p=\"urn:x\" xmlns:q=\"urn:y\">"
		"<p:Rec p:id=\"1\" xml:lang=\"fr\"><p:Inner><q:A>alpha</q:A></p:Inner><N>7</N></p:Rec>"
		"<Rec xmlns=\"urn:z\" id=\"2\"><Inner><A>beta</A></Inner><p:N>8</p:N></Rec>"
		"</p:Root>", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 2);
	assert_string_equal(text(&f, 0, "id"), "1");
	assert_string_equal(text(&f, 0, "a"), "alpha");
	assert_string_equal(text(&f, 0, "lang"), "fr");
	assert_int_equal(num(&f, 0, "n"), 7);
	assert_string_equal(text(&f, 1, "id"), "2");
	assert_string_equal(text(&f, 1, "a"), "beta");
	assert_true(is_null(&f, 1, "lang"));
	assert_int_equal(num(&f, 1, "n"), 8);
	assert_string_equal(text(&f, 0, "pid"), "1");
	assert_string_equal(text(&f, 1, "pid"), "2");
	assert_int_equal(f.log.n, 0);
	fx_free(&f);
}

/* An undeclared prefix is a namespace error, not a syntax error: ignored,
 * the element still matches by local name. */
static void test_undeclared_prefix_is_ignored(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f, simple_rules, "<Root><x:Rec id=\"1\"><y:A>v</y:A></x:Rec></Root>", 1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 1);
	assert_string_equal(text(&f, 0, "a"), "v");
	fx_free(&f);
}

/* A one-step record path: the root element is the (only) record. */
static void test_root_is_the_record(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from xml \"d.xml\" record \"Settings\"\n"
		"  version int at \"@version\"\n"
		"  owner text at \"Owner/Name\"\n"
		"}\n",
		"<?xml version=\"1.0\"?>\n\n<Settings version=\"3\"><Owner><Name>ops</Name></Owner></Settings>\n", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 1);
	assert_int_equal(f.t.row_line[0], 3);
	assert_int_equal(num(&f, 0, "version"), 3);
	assert_string_equal(text(&f, 0, "owner"), "ops");
	fx_free(&f);
}

static void test_xmlns_is_not_an_attribute(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from xml \"d.xml\" record \"Root/Rec\"\n"
		"  ns text at \"@xmlns\"\n"
		"  p text at \"@p\"\n"
		"}\n",
		"<Root><Rec xmlns=\"urn:a\" xmlns:p=\"urn:b\"/></Root>", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 1);
	assert_true(is_null(&f, 0, "ns"));
	assert_true(is_null(&f, 0, "p"));
	fx_free(&f);
}

/* Attribute defaults declared in the DOCTYPE are not applied (as without
 * XML_PARSE_DTDATTR). */
static void test_dtd_attribute_defaults_ignored(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f, simple_rules,
		"<!DOCTYPE Root [<!ATTLIST Rec id CDATA \"dflt\" other CDATA \"o\">]>\n"
		"<Root><Rec><A>a</A></Rec><Rec id=\"2\"/></Root>\n", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 2);
	assert_true(is_null(&f, 0, "id"));
	assert_string_equal(text(&f, 0, "a"), "a");
	assert_string_equal(text(&f, 1, "id"), "2");
	fx_free(&f);
}

static void test_cdata_and_entities(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f, simple_rules,
		"<Root>\n"
		"<Rec id=\"a&amp;b &#38; c &amp;#38; &lt;&gt;&quot;&apos;&#233;\">"
		"<A>x &amp; y &lt;z&gt; &quot;q&quot; &apos;s&apos; caf&#233; &#x20AC;<![CDATA[ <raw> & ]]>end</A>"
		"</Rec>\n"
		"</Root>\n", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 1);
	assert_string_equal(text(&f, 0, "id"), "a&b & c &#38; <>\"'\xc3\xa9");
	assert_string_equal(text(&f, 0, "a"),
			    "x & y <z> \"q\" 's' caf\xc3\xa9 \xe2\x82\xac <raw> & end");
	fx_free(&f);
}

static void test_absent_and_empty(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from xml \"d.xml\" record \"Root/Rec\"\n"
		"  id text at \"@id\"\n"
		"  a text at \"A\"\n"
		"  n int at \"N\"\n"
		"  r text required at \"R\"\n"
		"}\n",
		"<Root>\n"
		"  <Rec id=\"\"><A/><N></N><R>ok</R></Rec>\n"
		"  <Rec><R/></Rec>\n"
		"  <Rec id=\"3\"><A>  </A><N> 42 </N><R>x</R></Rec>\n"
		"</Root>\n", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 3);
	assert_true(is_null(&f, 0, "id"));   /* empty attribute */
	assert_true(is_null(&f, 0, "a"));    /* <A/> */
	assert_true(is_null(&f, 0, "n"));    /* <N></N> */
	assert_true(is_null(&f, 1, "id"));   /* absent */
	assert_true(is_null(&f, 1, "a"));
	assert_true(is_null(&f, 1, "r"));    /* <R/>, required */
	assert_string_equal(text(&f, 2, "a"), "  "); /* text is taken as it is */
	assert_int_equal(num(&f, 2, "n"), 42);       /* numbers ignore spaces */
	assert_int_equal(f.log.n, 1);
	assert_int_equal(dq_nth(&f, DQ_REQUIRED, 0)->line, 3);
	fx_free(&f);
}

static void test_type_errors_carry_lines(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read(&f, simple_rules,
		"<?xml version=\"1.0\"?>\n"
		"<Root>\n"
		"  <Rec id=\"1\"><N>1</N></Rec>\n"
		"  <Rec id=\"2\">\n"
		"    <N>two</N>\n"
		"  </Rec>\n"
		"  <Rec\n"
		"     id=\"3\"><N>9999999999999999999999</N></Rec>\n"
		"</Root>\n", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 3);
	assert_int_equal(f.t.row_line[0], 3);
	assert_int_equal(f.t.row_line[1], 4);
	assert_int_equal(f.t.row_line[2], 7);
	assert_int_equal(num(&f, 0, "n"), 1);
	assert_true(is_null(&f, 1, "n"));
	assert_true(is_null(&f, 2, "n"));
	assert_int_equal(ndq(&f, DQ_TYPE), 2);
	d = dq_nth(&f, DQ_TYPE, 0);
	assert_int_equal(d->line, 4);
	assert_int_equal(d->row, 1);
	assert_int_equal(d->field, fidx(&f, "n"));
	assert_string_equal(dq_raw(&f, d), "two");
	assert_string_equal(dq_msg(&f, d), "expected an integer");
	d = dq_nth(&f, DQ_TYPE, 1);
	assert_int_equal(d->line, 7);
	assert_string_equal(dq_msg(&f, d), "integer out of the 64-bit range");
	fx_free(&f);
}

/* Every record completed before the end of a truncated file is kept, even
 * the ones just before the cut (no look-ahead loss). */
static void test_truncated_keeps_every_complete_record(void **state)
{
	struct strbuf xml = STRBUF_INIT;
	struct fx f;
	const struct dq *d;
	int i;
	(void)state;
	strbuf_addstr(&xml, "<Root>\n");
	for (i = 1; i <= 200; i++)
		strbuf_addf(&xml, "  <Rec id=\"%d\"><N>%d</N></Rec>\n", i, i);
	strbuf_addstr(&xml, "  <Rec id=\"201\"><N>20");           /* line 202 */
	fx_read(&f, simple_rules, xml.buf, 1);
	assert_int_equal(f.rc, -1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.t.nrows, 200);
	assert_int_equal(num(&f, 199, "n"), 200);
	assert_int_equal(f.t.row_line[199], 201);
	assert_int_equal(f.t.st.rows_read, 201);
	assert_int_equal(f.t.st.rows_rejected, 1);
	assert_true(f.t.st.input_error);
	assert_int_equal(ndq(&f, DQ_INPUT), 1);
	d = dq_nth(&f, DQ_INPUT, 0);
	assert_int_equal(d->line, 202);
	assert_int_equal(d->col, 22);
	assert_contains(dq_msg(&f, d), "malformed XML: Premature end of data in tag N");
	assert_int_equal(ndq(&f, DQ_ROW_SHAPE), 1);
	d = dq_nth(&f, DQ_ROW_SHAPE, 0);
	assert_int_equal(d->line, 202);
	assert_string_equal(dq_msg(&f, d), "record cut off by malformed XML at line 202");
	fx_free(&f);
	strbuf_release(&xml);
}

static void test_fixture_truncated(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read_path(&f, rel_rules, "fixtures/ingest/truncated.xml", 1);
	assert_int_equal(f.rc, -1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.t.nrows, 2);
	assert_string_equal(text(&f, 0, "PartnerName"), "Northwind Traders");
	assert_string_equal(text(&f, 1, "providerId"), "P-2002");
	assert_int_equal(f.t.st.rows_rejected, 1);
	d = dq_nth(&f, DQ_INPUT, 0);
	assert_int_equal(d->line, 12);
	assert_int_equal(d->col, 32);
	assert_string_equal(dq_msg(&f, d), "malformed XML: Premature end of data in tag PartnerName line 12");
	d = dq_nth(&f, DQ_ROW_SHAPE, 0);
	assert_int_equal(d->line, 11);
	assert_int_equal(d->row, -1);
	assert_int_equal(f.log.n, 2);
	fx_free(&f);
}

static void test_mismatched_tag(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read(&f, simple_rules,
		"<Root>\n"
		"  <Rec id=\"1\"><A>ok</A></Rec>\n"
		"  <Rec id=\"2\">\n"
		"    <A>bad</B>\n"
		"  </Rec>\n"
		"  <Rec id=\"3\"><A>never</A></Rec>\n"
		"</Root>\n", 1);
	assert_int_equal(f.rc, -1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.t.nrows, 1);
	assert_string_equal(text(&f, 0, "a"), "ok");
	assert_int_equal(f.t.st.rows_read, 2);
	assert_int_equal(f.t.st.rows_rejected, 1);
	d = dq_nth(&f, DQ_INPUT, 0);
	assert_int_equal(d->line, 4);
	assert_true(d->col > 0);
	assert_contains(dq_msg(&f, d), "malformed XML: Opening and ending tag mismatch: A line 4 and B");
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_ROW_SHAPE, 0)), "record cut off by malformed XML at line 4");
	assert_int_equal(dq_nth(&f, DQ_ROW_SHAPE, 0)->line, 3);
	assert_int_equal(ndq(&f, DQ_INPUT), 1);
	fx_free(&f);
}

static void test_bad_characters(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read(&f, simple_rules, "<Root>\n<Rec id=\"1\"><A>x</A></Rec>\n<Rec><A>a\x01</A></Rec></Root>\n", 1);
	assert_int_equal(f.rc, -1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.t.nrows, 1);
	d = dq_nth(&f, DQ_INPUT, 0);
	assert_int_equal(d->line, 3);
	assert_contains(dq_msg(&f, d), "malformed XML: PCDATA invalid Char value 1");
	fx_free(&f);

	/* not UTF-8 although nothing says otherwise: one line message */
	fx_read(&f, simple_rules, "<Root>\n<Rec><A>caf\xe9 au lait</A></Rec></Root>\n", 1);
	assert_int_equal(f.rc, -1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.t.nrows, 0);
	d = dq_nth(&f, DQ_INPUT, 0);
	assert_int_equal(d->line, 2);
	assert_contains(dq_msg(&f, d), "malformed XML: Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9");
	assert_null(strchr(dq_msg(&f, d), '\n'));
	fx_free(&f);
}

static void test_declared_encoding_is_converted(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f, simple_rules,
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
		"<Root><Rec id=\"\xe9t\xe9\"><A>caf\xe9</A></Rec></Root>\n", 0);
	assert_int_equal(f.rc, 0);
	assert_string_equal(text(&f, 0, "a"), "caf\xc3\xa9");
	assert_string_equal(text(&f, 0, "id"), "\xc3\xa9t\xc3\xa9");
	fx_free(&f);
}

static char *secret_file(const char *content)
{
	return tu_tempfile(".txt", content, strlen(content));
}

/* External general entity: the file is never read, the reference stops
 * the read; records before it stay. */
static void test_xxe_general_entity(void **state)
{
	const char *secret = "TOP-SECRET-7f3a9c";
	char *spath = secret_file(secret);
	struct strbuf xml = STRBUF_INIT;
	xmlExternalEntityLoader loader = xmlGetExternalEntityLoader();
	struct fx f;
	const struct dq *d;
	(void)state;
	strbuf_addf(&xml,
		    "<!DOCTYPE Root [<!ENTITY x SYSTEM \"file://%s\">]>\n"
		    "<Root>\n"
		    "<Rec id=\"1\"><A>before</A></Rec>\n"
		    "<Rec id=\"2\"><A>&x;</A></Rec>\n"
		    "<Rec id=\"3\"><A>after</A></Rec>\n"
		    "</Root>\n", spath);
	fx_read(&f, simple_rules, xml.buf, 1);
	assert_pool_lacks(&f, secret);
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 1);
	assert_string_equal(text(&f, 0, "a"), "before");
	assert_int_equal(f.t.st.rows_rejected, 1);
	d = dq_nth(&f, DQ_INPUT, 0);
	assert_int_equal(d->line, 4);
	assert_string_equal(dq_msg(&f, d),
			    "unsupported XML: entity &x; is declared in the DOCTYPE; "
			    "only &amp; &lt; &gt; &quot; &apos; and character references are expanded");
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_ROW_SHAPE, 0)), "record cut off by the input error at line 4");
	/* the read restored libxml2's loader and error handlers */
	assert_ptr_equal(xmlGetExternalEntityLoader(), loader);
	assert_null(xmlStructuredError);
	fx_free(&f);

	/* in an attribute */
	strbuf_reset(&xml);
	strbuf_addf(&xml,
		    "<!DOCTYPE Root [<!ENTITY x SYSTEM \"file://%s\">]>\n"
		    "<Root><Rec id=\"&x;\"/></Root>\n", spath);
	fx_read(&f, simple_rules, xml.buf, 1);
	assert_pool_lacks(&f, secret);
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 0);
	fx_free(&f);
	unlink(spath);
	free(spath);
	strbuf_release(&xml);
}

/* External parameter entity (the out-of-band XXE variant) and an external
 * DTD: neither is fetched. */
static void test_xxe_parameter_entity_and_external_dtd(void **state)
{
	const char *secret = "<!ENTITY leak \"PE-SECRET-91b2\">";
	char *spath = secret_file(secret);
	struct strbuf xml = STRBUF_INIT;
	struct fx f;
	(void)state;
	strbuf_addf(&xml,
		    "<!DOCTYPE Root [<!ENTITY %% pe SYSTEM \"file://%s\"> %%pe;]>\n"
		    "<Root><Rec id=\"1\"><A>&leak;</A></Rec></Root>\n", spath);
	fx_read(&f, simple_rules, xml.buf, 1);
	assert_pool_lacks(&f, "PE-SECRET-91b2");
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 0);
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)),
			    "unsupported XML: entity %pe; is declared in the DOCTYPE; "
			    "only &amp; &lt; &gt; &quot; &apos; and character references are expanded");
	fx_free(&f);

	strbuf_reset(&xml);
	strbuf_addf(&xml,
		    "<!DOCTYPE Root SYSTEM \"file://%s\">\n"
		    "<Root><Rec id=\"1\"><A>plain</A></Rec></Root>\n", spath);
	fx_read(&f, simple_rules, xml.buf, 1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 1);
	assert_string_equal(text(&f, 0, "a"), "plain");
	fx_free(&f);
	unlink(spath);
	free(spath);
	strbuf_release(&xml);
}

static void test_fixture_xxe(void **state)
{
	struct fx f;
	(void)state;
	fx_read_path(&f, rel_rules, "fixtures/ingest/xxe.xml", 1);
	assert_string_equal(f.err, "");
	assert_pool_lacks(&f, "root:");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 1);
	assert_string_equal(text(&f, 0, "PartnerName"), "Litware Inc.");
	assert_int_equal(dq_nth(&f, DQ_INPUT, 0)->line, 11);
	assert_contains(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)), "entity &leak; is declared in the DOCTYPE");
	fx_free(&f);
}

/* Billion laughs and quadratic blowup: nothing is expanded. */
static void test_entity_bombs(void **state)
{
	struct strbuf xml = STRBUF_INIT;
	struct fx f;
	int i;
	(void)state;
	strbuf_addstr(&xml, "<!DOCTYPE Root [<!ENTITY l0 \"lol\">");
	for (i = 1; i <= 9; i++)
		strbuf_addf(&xml, "<!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;\">",
			    i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	strbuf_addstr(&xml, "]>\n<Root><Rec id=\"1\"><A>&l9;</A></Rec></Root>\n");
	fx_read(&f, simple_rules, xml.buf, 1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 0);
	assert_contains(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)), "entity &l9;");
	assert_true(f.pool.len < 4096);
	fx_free(&f);

	strbuf_reset(&xml);
	strbuf_addstr(&xml, "<!DOCTYPE Root [<!ENTITY b \"");
	strbuf_addchars(&xml, 'x', 20000);
	strbuf_addstr(&xml, "\">]>\n<Root><Rec id=\"1\"><A>");
	for (i = 0; i < 2000; i++)
		strbuf_addstr(&xml, "&b;");
	strbuf_addstr(&xml, "</A></Rec></Root>\n");
	fx_read(&f, simple_rules, xml.buf, 1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 0);
	assert_contains(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)), "entity &b;");
	fx_free(&f);
	strbuf_release(&xml);
}

static void test_undefined_entity_is_malformed(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read(&f, simple_rules, "<Root>\n<Rec><A>a&nbsp;b</A></Rec></Root>\n", 1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, -1);
	d = dq_nth(&f, DQ_INPUT, 0);
	assert_int_equal(d->line, 2);
	assert_string_equal(dq_msg(&f, d), "malformed XML: Entity 'nbsp' not defined");
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_ROW_SHAPE, 0)), "record cut off by malformed XML at line 2");
	fx_free(&f);
}

static void test_wrong_root(void **state)
{
	struct fx f;
	const struct dq *d;
	(void)state;
	fx_read(&f, rel_rules,
		"<?xml version=\"1.0\"?>\n"
		"<!-- export -->\n"
		"  <PartnerRelationship xmlns=\"urn:x\">\n"
		"    <PartnerRelationship providerId=\"P-1\"/>\n"
		"  </PartnerRelationship>\n", 1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 0);
	assert_int_equal(f.t.st.rows_read, 0);
	assert_int_equal(f.log.n, 1);
	d = dq_nth(&f, DQ_INPUT, 0);
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 3);
	assert_string_equal(dq_msg(&f, d),
			    "root element is <PartnerRelationship>, expected <PartnerRelationships> "
			    "(record path \"PartnerRelationships/PartnerRelationship\")");
	fx_free(&f);
}

static void test_at_alternatives(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from xml \"d.xml\" record \"Root/Rec\"\n"
		"  country text at \"Address/Country\", \"Location/Country\", \"@country\"\n"
		"  code text at \"Location/@code\", \"Location/Code\"\n"
		"}\n",
		"<Root>\n"
		"<Rec country=\"XX\"><Location code=\"L1\"><Country>FR</Country></Location></Rec>\n"
		"<Rec><Location><Country>DE</Country><Code>C2</Code></Location><Address><Country>AT</Country></Address></Rec>\n"
		"<Rec country=\"IT\"><Location/></Rec>\n"
		"<Rec/>\n"
		"<Rec><Location><Code>C5</Code></Location><Location code=\"L5\"/></Rec>\n"
		"</Root>\n", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 5);
	assert_string_equal(text(&f, 0, "country"), "FR");   /* 2nd path found, before the 3rd */
	assert_string_equal(text(&f, 0, "code"), "L1");
	assert_string_equal(text(&f, 1, "country"), "AT");   /* 1st path wins, though later in the file */
	assert_string_equal(text(&f, 1, "code"), "C2");
	assert_string_equal(text(&f, 2, "country"), "IT");
	assert_true(is_null(&f, 2, "code"));
	assert_true(is_null(&f, 3, "country"));
	assert_true(is_null(&f, 3, "code"));
	assert_string_equal(text(&f, 4, "code"), "L5");      /* the first Location having @code */
	fx_free(&f);
}

static void test_first_occurrence_and_depth(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f, simple_rules,
		"<Root>\n"
		"  <Rec id=\"1\"><A>first</A><A>second</A><X><A>nested</A></X></Rec>\n"
		"  <Group><Rec id=\"not-a-record\"><A>g</A></Rec></Group>\n"
		"  <Rec id=\"2\"><X><A>deep</A></X><Rec id=\"inner\"><A>i</A></Rec></Rec>\n"
		"</Root>\n", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 2);
	assert_string_equal(text(&f, 0, "a"), "first");
	assert_string_equal(text(&f, 1, "id"), "2");
	assert_true(is_null(&f, 1, "a"));    /* A is not a child of this Rec */
	assert_int_equal(f.t.row_line[1], 4);
	fx_free(&f);
}

/* Indentation between elements never reaches a value; an element's value
 * is all the text inside it; comments and PIs are not text. */
static void test_whitespace_and_mixed_content(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from xml \"d.xml\" record \"Root/Rec\"\n"
		"  a text at \"A\"\n"
		"  b text at \"Inner/B\"\n"
		"  mixed text at \"M\"\n"
		"  own text at \".\"\n"
		"}\n",
		"<Root>\n"
		"\t<Rec>\n"
		"\t\t<A>alpha</A>\n"
		"\t\t<Inner>\n"
		"\t\t\t<B>beta</B>\n"
		"\t\t</Inner>\n"
		"\t\t<M>one <i>two</i><!-- no --> thr<?pi no?>ee</M>\n"
		"\t</Rec>\n"
		"\t<Rec>text<A>a</A>more</Rec>\n"
		"</Root>\n", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 2);
	assert_string_equal(text(&f, 0, "a"), "alpha");
	assert_string_equal(text(&f, 0, "b"), "beta");
	assert_string_equal(text(&f, 0, "mixed"), "one two three");
	assert_string_equal(text(&f, 1, "own"), "textamore");
	fx_free(&f);
}

static void test_zero_records(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f, simple_rules, "<Root/>", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 0);
	assert_int_equal(f.log.n, 0);
	fx_free(&f);
	fx_read(&f, simple_rules, "<?xml version=\"1.0\"?>\n<Root>\n  <Other><Rec/></Other>\n</Root>\n", 0);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 0);
	assert_int_equal(f.t.st.rows_read, 0);
	assert_int_equal(f.log.n, 0);
	fx_free(&f);
}

static void test_empty_file_and_unreadable(void **state)
{
	struct fx f;
	char *dir, *sub;
	(void)state;
	fx_read(&f, simple_rules, "", 1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, -1);
	assert_contains(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)), "malformed XML: Document is empty");
	fx_free(&f);

	fx_load(&f, simple_rules, "/nonexistent/verdict");
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.log.n, 1);
	assert_int_equal(dq_nth(&f, DQ_INPUT, 0)->line, 0);
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)),
			    "cannot open: No such file or directory");
	fx_free(&f);

	dir = tu_tempfile("", "", 0);
	unlink(dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	sub = malloc(strlen(dir) + sizeof("/d.xml"));
	strcpy(sub, dir);
	strcat(sub, "/d.xml");
	assert_int_equal(mkdir(sub, 0700), 0);   /* the dataset's "file" */
	fx_load(&f, simple_rules, dir);
	assert_int_equal(f.rc, -1);
	assert_contains(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)), "it is a directory");
	fx_free(&f);
	rmdir(sub);
	rmdir(dir);
	free(sub);
	free(dir);
}

static void test_bad_paths(void **state)
{
	struct fx f;
	(void)state;
	fx_read(&f,
		"dataset d {\n"
		"  from xml \"d.xml\" record \"Root/Rec\"\n"
		"  a text at \"@x/B\"\n"
		"}\n",
		"<Root><Rec/></Root>", 0);
	assert_int_equal(f.rc, -1);
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)),
			    "field a: XML path \"@x/B\": an attribute (@name) must be the last step");
	fx_free(&f);
	fx_read(&f,
		"dataset d {\n"
		"  from xml \"d.xml\" record \"/\"\n"
		"  a text\n"
		"}\n",
		"<Root><Rec/></Root>", 0);
	assert_int_equal(f.rc, -1);
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)), "record path \"/\" names no element");
	fx_free(&f);
	fx_read(&f,
		"dataset d {\n"
		"  from xml \"d.xml\" record \"Root/@id\"\n"
		"  a text\n"
		"}\n",
		"<Root id=\"1\"/>", 0);
	assert_int_equal(f.rc, -1);
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)),
			    "record path \"Root/@id\" names an attribute; it must name elements");
	fx_free(&f);
}

/* Lines past 65535 (libxml2 keeps 16-bit line numbers in tree nodes). */
static void test_line_numbers_past_65535(void **state)
{
	struct strbuf xml = STRBUF_INIT;
	struct fx f;
	const struct dq *d;
	int i;
	(void)state;
	strbuf_addstr(&xml, "<Root>\n");
	for (i = 1; i <= 70000; i++) {
		if (i == 69999)
			strbuf_addstr(&xml, "<Rec id=\"bad\"><N>x1</N></Rec>\n");
		else
			strbuf_addf(&xml, "<Rec id=\"%d\"><N>%d</N></Rec>\n", i, i);
	}
	strbuf_addstr(&xml, "</Root>\n");
	fx_progress = 1;     /* exercised every 1000 records */
	fx_read(&f, simple_rules, xml.buf, 0);
	fx_progress = 0;
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.t.nrows, 70000);
	assert_int_equal(f.t.row_line[0], 2);
	assert_int_equal(f.t.row_line[69999], 70001);
	assert_int_equal(num(&f, 69999, "n"), 70000);
	d = dq_nth(&f, DQ_TYPE, 0);
	assert_int_equal(d->line, 70000);
	assert_int_equal(d->row, 69998);
	assert_int_equal(f.log.n, 1);
	fx_free(&f);
	strbuf_release(&xml);
}

static void test_value_too_long(void **state)
{
	struct strbuf xml = STRBUF_INIT;
	struct fx f;
	(void)state;
	strbuf_addstr(&xml, "<Root>\n<Rec><A>short</A></Rec>\n<Rec><A>");
	for (int i = 0; i < 11; i++)
		strbuf_addchars(&xml, 'v', 1000000);
	strbuf_addstr(&xml, "</A></Rec></Root>\n");
	fx_read(&f, simple_rules, xml.buf, 1);
	assert_string_equal(f.err, "");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.t.nrows, 1);
	assert_int_equal(f.t.st.rows_rejected, 1);
	assert_string_equal(dq_msg(&f, dq_nth(&f, DQ_INPUT, 0)),
			    "value of field a (XML path \"A\") is longer than 10000000 bytes");
	fx_free(&f);
	strbuf_release(&xml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_relationships),
		cmocka_unit_test(test_prefixed_namespace),
		cmocka_unit_test(test_undeclared_prefix_is_ignored),
		cmocka_unit_test(test_root_is_the_record),
		cmocka_unit_test(test_xmlns_is_not_an_attribute),
		cmocka_unit_test(test_dtd_attribute_defaults_ignored),
		cmocka_unit_test(test_cdata_and_entities),
		cmocka_unit_test(test_absent_and_empty),
		cmocka_unit_test(test_type_errors_carry_lines),
		cmocka_unit_test(test_truncated_keeps_every_complete_record),
		cmocka_unit_test(test_fixture_truncated),
		cmocka_unit_test(test_mismatched_tag),
		cmocka_unit_test(test_bad_characters),
		cmocka_unit_test(test_declared_encoding_is_converted),
		cmocka_unit_test(test_xxe_general_entity),
		cmocka_unit_test(test_xxe_parameter_entity_and_external_dtd),
		cmocka_unit_test(test_fixture_xxe),
		cmocka_unit_test(test_entity_bombs),
		cmocka_unit_test(test_undefined_entity_is_malformed),
		cmocka_unit_test(test_wrong_root),
		cmocka_unit_test(test_at_alternatives),
		cmocka_unit_test(test_first_occurrence_and_depth),
		cmocka_unit_test(test_whitespace_and_mixed_content),
		cmocka_unit_test(test_zero_records),
		cmocka_unit_test(test_empty_file_and_unreadable),
		cmocka_unit_test(test_bad_paths),
		cmocka_unit_test(test_line_numbers_past_65535),
		cmocka_unit_test(test_value_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
