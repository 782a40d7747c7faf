/*
 * test_sources.c - where a dataset's rows come from: `from` alternatives
 * (parsed, checked, the first existing read), globs (byte order, each row
 * with its file), PowerShell's #TYPE line, UTF-16 with a byte-order mark,
 * optional datasets and fields, and the rules they leave not evaluated.
 */
#include "testutil.h"

#include "data/dq.h"
#include "data/format.h"
#include "data/instream.h"
#include "data/load.h"
#include "data/table.h"
#include "run/verdict.h"

#include <sys/stat.h>
#include <unistd.h>

struct fx {
	struct program prog;
	struct strpool pool;
	struct diagctx dc;
	struct table t;
	struct dqlog log;
	char dir[64];
	int rc;
};

static void fx_begin(struct fx *x, const char *rules)
{
	memset(x, 0, sizeof(*x));
	strpool_init(&x->pool);
	assert_int_equal(tu_parse(&x->prog, &x->pool, &x->dc, rules, 0), 0);
	table_init(&x->t, x->prog.datasets[0]);
	dqlog_init(&x->log);
	strcpy(x->dir, "/tmp/verdict-src-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
}

static void fx_load(struct fx *x)
{
	x->rc = load_dataset(&x->t, x->dir, &x->pool, &x->log, 0);
	assert_int_equal(x->t.st.rows_read, x->t.nrows + x->t.st.rows_rejected);
}

static void fx_free(struct fx *x)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
	assert_int_equal(system(cmd), 0);
	table_release(&x->t);
	dqlog_release(&x->log);
	program_release(&x->prog);
	diag_release(&x->dc);
	strpool_release(&x->pool);
}

static const char *text(struct fx *x, size_t row, int col)
{
	struct value v;
	table_get(&x->t, row, col, &v);
	return v.null ? NULL : strpool_str(&x->pool, v.u.s);
}

static const char *dq_msg(struct fx *x, size_t i)
{
	return strpool_str(&x->pool, x->log.items[i].msg);
}

/* ---- alternatives ------------------------------------------------------ */

static const char *const ALTS =
	"dataset c {\n"
	"  from csv \"c.csv\" or json \"c.json\" record \"items\"\n"
	"    or csv \"C.csv\"\n"
	"  Id text at \"Id\", \"id\"\n"
	"}\n";

static void test_alternatives_parsed(void **state)
{
	struct fx x;
	const struct dataset *ds;
	(void)state;
	fx_begin(&x, ALTS);
	ds = x.prog.datasets[0];
	assert_int_equal(ds->nsources, 3);
	assert_string_equal(ds->sources[0].format, "csv");
	assert_null(ds->sources[0].record);
	assert_string_equal(ds->sources[1].format, "json");
	assert_string_equal(ds->sources[1].path, "c.json");
	assert_string_equal(ds->sources[1].record, "items");
	assert_string_equal(ds->sources[2].path, "C.csv");
	assert_int_equal(ds->sources[2].path_pos.line, 3);
	assert_int_equal(format_check_program(&x.prog, &x.dc), 0);
	fx_free(&x);
}

/* each alternative is checked against the format table */
static void test_alternatives_checked(void **state)
{
	struct fx x;
	char *d;
	(void)state;
	fx_begin(&x, "dataset c { from csv \"c.csv\" or xml \"c.xml\" or jsn \"c.json\"\n Id text }\n");
	assert_int_equal(format_check_program(&x.prog, &x.dc), 2);
	d = tu_diags(&x.dc);
	assert_non_null(strstr(d, "expected 'record \"Path/To/Element\"' for a dataset read from xml"));
	assert_non_null(strstr(d, "unknown format 'jsn' (did you mean 'json'?)"));
	free(d);
	fx_free(&x);
}

static void test_first_existing_alternative(void **state)
{
	struct fx x;
	(void)state;
	fx_begin(&x, ALTS);
	tu_write(x.dir, "c.json", "{\"items\": [{\"id\": \"J-1\"}]}");
	tu_write(x.dir, "C.csv", "Id\nC-1\n");
	fx_load(&x);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.st.source, 1);
	assert_int_equal(x.t.st.nfiles, 1);
	assert_int_equal(x.t.nrows, 1);
	assert_string_equal(text(&x, 0, 0), "J-1");
	fx_free(&x);
}

/* none exists: one DQ-INPUT naming every alternative */
static void test_no_alternative(void **state)
{
	struct fx x;
	(void)state;
	fx_begin(&x, ALTS);
	fx_load(&x);
	assert_int_equal(x.rc, -1);
	assert_int_equal(x.t.st.absent, 1);
	assert_int_equal(x.t.st.source, -1);
	assert_int_equal(x.log.n, 1);
	assert_int_equal(x.log.items[0].kind, DQ_INPUT);
	assert_string_equal(dq_msg(&x, 0), "no source for dataset c (c.csv, c.json, C.csv not found)");
	fx_free(&x);
}

/* ---- globs ------------------------------------------------------------- */

static const char *const SPLIT =
	"dataset s {\n"
	"  from csv \"recon*.csv\"\n"
	"  key No\n"
	"  No text\n"
	"  Amount decimal\n"
	"}\n";

static void test_glob_order_and_files(void **state)
{
	struct fx x;
	(void)state;
	fx_begin(&x, SPLIT);
	tu_write(x.dir, "recon_b.csv", "No,Amount\nB-1,1\n\nB-2,2\n");
	tu_write(x.dir, "recon_B.csv", "No,Amount\nU-1,1\n");
	tu_write(x.dir, "recon_a.csv", "No,Amount\nA-1,1\nB-1,3\n");
	tu_write(x.dir, "other.csv", "No,Amount\nX,1\n");
	fx_load(&x);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.st.nfiles, 3);   /* byte order: B < a < b */
	assert_non_null(strstr(x.t.st.files[0].path, "/recon_B.csv"));
	assert_string_equal(x.t.st.files[1].name, "recon_a.csv");
	assert_string_equal(x.t.st.files[2].name, "recon_b.csv");
	assert_string_equal(x.t.st.path, x.t.st.files[0].path);
	assert_int_equal(x.t.nrows, 5);
	assert_string_equal(text(&x, 0, 0), "U-1");
	assert_int_equal(table_row_file(&x.t, 0), 0);
	assert_string_equal(text(&x, 4, 0), "B-2");
	assert_int_equal(table_row_file(&x.t, 4), 2);
	assert_int_equal(x.t.row_line[4], 4);
	/* the duplicate key across files names the file of the first row */
	assert_int_equal(x.log.n, 1);
	assert_int_equal(x.log.items[0].kind, DQ_DUPLICATE_KEY);
	assert_int_equal(x.log.items[0].file, 2);
	assert_non_null(strstr(dq_msg(&x, 0), "same key as the row at line 3 of "));
	assert_non_null(strstr(dq_msg(&x, 0), "recon_a.csv"));
	fx_free(&x);
}

/* a file missing a column: the finding carries that file */
static void test_glob_missing_column_file(void **state)
{
	struct fx x;
	(void)state;
	fx_begin(&x, SPLIT);
	tu_write(x.dir, "recon1.csv", "No,Amount\n1,1\n");
	tu_write(x.dir, "recon2.csv", "No\n2\n");
	fx_load(&x);
	assert_int_equal(x.log.n, 1);
	assert_int_equal(x.log.items[0].kind, DQ_MISSING_COLUMN);
	assert_int_equal(x.log.items[0].file, 1);
	assert_non_null(x.t.col_missing);
	assert_int_equal(x.t.col_missing[1], 1);
	fx_free(&x);
}

static void test_glob_no_match(void **state)
{
	struct fx x;
	(void)state;
	fx_begin(&x, SPLIT);
	fx_load(&x);
	assert_int_equal(x.rc, -1);
	assert_int_equal(x.t.st.absent, 1);
	assert_string_equal(dq_msg(&x, 0), "no source for dataset s (recon*.csv not found)");
	fx_free(&x);
}

/* ---- #TYPE and UTF-16 ----------------------------------------------------- */

static void test_powershell_type_line(void **state)
{
	struct fx x;
	(void)state;
	fx_begin(&x, "dataset p { from csv \"p.csv\"\n Id text\n Name text }\n");
	tu_write(x.dir, "p.csv", "#TYPE System.Management.Automation.PSCustomObject\n"
				 "\"Id\",\"Name\"\n\"1\",\"a\"\n\"2\",\"b\"\n");
	fx_load(&x);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 2);
	assert_int_equal(x.log.n, 0);
	assert_int_equal(x.t.row_line[0], 3);   /* physical lines */
	assert_string_equal(text(&x, 1, 1), "b");
	fx_free(&x);
}

static void write_bytes(const char *dir, const char *name, const void *b, size_t n)
{
	char path[128];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(b, 1, n, fp), n);
	fclose(fp);
}

/* UTF-16 LE with a BOM and CRLF: "Id,Name\r\n1,\xc3\xa9\r\n2,"x\r\ny"\r\n3,<D800>z\r\n" */
static void test_utf16le(void **state)
{
	static const char u[] = "Id,Name\r\n1,\xe9\r\n2,\"x\r\ny\"\r\n3,#z\r\n4,\xf0\r\n";
	unsigned char b[256];
	size_t i, n = 0;
	struct fx x;
	(void)state;
	b[n++] = 0xFF, b[n++] = 0xFE;
	for (i = 0; u[i]; i++) {
		unsigned cu = (unsigned char)u[i];
		if (u[i] == '#')
			cu = 0xD800;            /* an unpaired high surrogate */
		else if (cu == 0xF0)
			b[n++] = 0x3D, b[n++] = 0xD8, cu = 0xDE00; /* U+1F600 */
		b[n++] = (unsigned char)(cu & 0xFF), b[n++] = (unsigned char)(cu >> 8);
	}
	fx_begin(&x, "dataset p { from csv \"p.csv\"\n Id int\n Name text }\n");
	write_bytes(x.dir, "p.csv", b, n);
	fx_load(&x);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.nrows, 4);
	assert_string_equal(text(&x, 0, 1), "\xc3\xa9");
	assert_string_equal(text(&x, 1, 1), "x\r\ny");
	assert_string_equal(text(&x, 2, 1), "\xef\xbf\xbdz");
	assert_string_equal(text(&x, 3, 1), "\xf0\x9f\x98\x80");
	assert_int_equal(x.t.row_line[2], 5);
	assert_int_equal(x.log.n, 1);
	assert_int_equal(x.log.items[0].kind, DQ_ENCODING);
	assert_int_equal(x.log.items[0].line, 5);
	fx_free(&x);
}

static void test_utf16be_stream(void **state)
{
	static const unsigned char b[] = { 0xFE, 0xFF, 0, 'A', 0, '\n', 0x00, 0xE9, 0, '\n', 0x41 };
	struct instream m;
	struct instream_utf16 d;
	char out[32];
	ssize_t k;
	size_t n = 0;
	(void)state;
	instream_from_memory(&m, b, sizeof(b));
	instream_utf16(&d, &m);
	while ((k = instream_read(&d.s, out + n, 1)) > 0)
		n += (size_t)k;
	assert_int_equal(n, 8);
	assert_memory_equal(out, "A\n\xc3\xa9\n\xef\xbf\xbd", 8);   /* the odd last byte */
	assert_int_equal(d.nbad, 1);
	assert_int_equal(d.bad_line, 3);
	instream_utf16_release(&d);
	/* no mark: the bytes pass unchanged */
	instream_from_memory(&m, "ab", 2);
	instream_utf16(&d, &m);
	assert_int_equal(instream_read(&d.s, out, sizeof(out)), 2);
	assert_int_equal(instream_read(&d.s, out, sizeof(out)), 0);
	instream_utf16_release(&d);
}

/* ---- optional ------------------------------------------------------------- */

static void test_optional_dataset_absent(void **state)
{
	struct fx x;
	(void)state;
	fx_begin(&x, "dataset r {\n from csv \"r.csv\"\n optional\n U text }\n");
	assert_int_equal(x.prog.datasets[0]->optional, 1);
	fx_load(&x);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.t.st.absent, 1);
	assert_int_equal(x.t.st.input_error, 0);
	assert_int_equal(x.log.n, 0);
	fx_free(&x);
}

static void test_optional_field_missing(void **state)
{
	struct fx x;
	(void)state;
	fx_begin(&x, "dataset r {\n from csv \"r.csv\"\n U text required\n Cloud text optional required }\n");
	tu_write(x.dir, "r.csv", "U\nu1\n");
	fx_load(&x);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.log.n, 0);     /* no DQ-MISSING-COLUMN, no DQ-REQUIRED */
	assert_null(x.t.col_missing);
	assert_null(text(&x, 0, 1));
	fx_free(&x);
}

/* ---- not evaluated -------------------------------------------------------- */

static const char *const RULES =
	"dataset a { from csv \"a.csv\"\n X text\n Y text\n Z text optional }\n"
	"dataset b { from csv \"b.csv\" or csv \"b2.csv\"\n optional\n X text }\n"
	"define yy(r) = r.Y\n"
	"rule R-1 { title \"t\" severity error for r in a where r.X is null message \"m\" }\n"
	"rule R-2 { title \"t\" severity error for r in a where yy(r) is null message \"m\" }\n"
	"rule R-3 { title \"t\" severity error for r in a where r.X is null message \"{r.Y}\" }\n"
	"rule R-4 { title \"t\" severity error for r in a where r.Z is null message \"m\" }\n"
	"rule R-5 { title \"t\" severity error for r in a where exists s in b where s.X = r.X message \"m\" }\n";

static void count_finding(void *ud, const struct eval_finding *f)
{
	(void)f;
	++*(size_t *)ud;
}

static void test_not_evaluated(void **state)
{
	struct verdict v;
	char dir[] = "/tmp/verdict-ne-XXXXXX", cmd[64];
	size_t n = 0;
	(void)state;
	assert_non_null(mkdtemp(dir));
	tu_write(dir, "a.csv", "X\n\n1\n");
	verdict_init(&v);
	assert_int_equal(verdict_load_rules_text(&v, "t.rules", RULES), 0);
	assert_int_equal(verdict_load_data(&v, dir, 0), 0);
	verdict_run(&v, count_finding, &n);
	assert_int_equal(n, 1);   /* R-4 only: its optional field is null */
	assert_int_equal(v.stats[0].not_evaluated, 0);
	assert_int_equal(v.stats[1].not_evaluated, 1);          /* through a define */
	assert_int_equal(v.stats[1].input_missing, 1);
	assert_string_equal(v.stats[1].reason, "column Y of a missing from a.csv");
	assert_int_equal(v.stats[2].not_evaluated, 1);          /* in the message only */
	assert_int_equal(v.stats[3].not_evaluated, 0);          /* an optional field */
	assert_int_equal(v.stats[4].not_evaluated, 1);          /* a subquery on an absent optional dataset */
	assert_int_equal(v.stats[4].input_missing, 0);
	assert_string_equal(v.stats[4].reason, "optional dataset b was not provided");
	verdict_release(&v);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* ---- a file that changed while it was read (issue 14, 5) --------------- */

/* the comparison of the two fstat snapshots and the bytes read */
static void test_input_changed(void **state)
{
	struct stat a, b;
	struct strbuf why = STRBUF_INIT;
	(void)state;
	memset(&a, 0, sizeof(a));
	a.st_size = 100;
	a.st_mtim.tv_sec = 1700000000;
	a.st_mtim.tv_nsec = 5;
	b = a;
	assert_int_equal(load_input_changed(&a, &b, 100, &why), 0);
	assert_int_equal(why.len, 0);
	b.st_size = 150;   /* appended to while read */
	assert_int_equal(load_input_changed(&a, &b, 150, &why), 1);
	assert_string_equal(why.buf, "size 100 bytes when opened, 150 after reading");
	strbuf_reset(&why);
	b = a;
	b.st_mtim.tv_nsec = 6;   /* rewritten in place, same size */
	assert_int_equal(load_input_changed(&a, &b, 100, &why), 1);
	assert_string_equal(why.buf, "modified while it was read");
	strbuf_reset(&why);
	b = a;   /* grown and truncated back, or a pseudo-file */
	assert_int_equal(load_input_changed(&a, &b, 120, &why), 1);
	assert_string_equal(why.buf, "120 bytes read from a file of 100 bytes");
	strbuf_reset(&why);
	b.st_size = 0;
	b.st_mtim.tv_sec++;
	assert_int_equal(load_input_changed(&a, &b, 0, &why), 1);
	assert_string_equal(why.buf, "size 100 bytes when opened, 0 after reading, modified while it was read");
	strbuf_release(&why);
}

/* Through the loader: a regular file whose size at open (0) does not
 * describe the bytes read (/proc/self/status) is a DQ-INPUT and the file's
 * bytes are those read and hashed. */
static void test_changed_while_read(void **state)
{
	struct fx x;
	char link[128];
	size_t i, found = 0;
	(void)state;
	fx_begin(&x, "dataset c { from csv \"c.csv\"\n Id text }\n");
	snprintf(link, sizeof(link), "%s/c.csv", x.dir);
	assert_int_equal(symlink("/proc/self/status", link), 0);
	fx_load(&x);
	assert_int_equal(x.rc, -1);
	assert_int_equal(x.t.st.input_error, 1);
	for (i = 0; i < x.log.n; i++)
		if (x.log.items[i].kind == DQ_INPUT
		    && strstr(dq_msg(&x, i), "changed while it was read (") == dq_msg(&x, i)
		    && strstr(dq_msg(&x, i), "bytes read from a file of 0 bytes"))
			found++;
	assert_int_equal(found, 1);
	assert_true(x.t.st.files[0].bytes > 0);
	assert_int_equal(x.t.st.bytes, x.t.st.files[0].bytes);
	assert_int_equal(strlen(x.t.st.files[0].sha256), 64);
	fx_free(&x);
}

/* ---- a large file in parts ------------------------------------------- */

static void test_ranges_and_limit(void **state)
{
	char path[] = "/tmp/verdict-rng-XXXXXX", out[32];
	struct instream_range r[2] = { { 0, 3 }, { 6, 100 } };
	struct instream s, lim, whole;
	ssize_t k;
	size_t n = 0;
	int fd = mkstemp(path);
	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abcdefghij", 10), 10);
	instream_from_ranges(&s, fd, r, 2);
	while ((k = instream_read(&s, out + n, 2)) > 0)
		n += (size_t)k;
	assert_int_equal(n, 7);  /* "abc", then "ghij": the file ends before 100 */
	assert_memory_equal(out, "abcghij", 7);
	instream_from_ranges(&whole, fd, &(struct instream_range){ 0, 10 }, 1);
	instream_limit(&lim, &whole, 4);
	assert_int_equal(instream_read(&lim, out, sizeof(out)), 4);
	assert_int_equal(instream_read(&lim, out, sizeof(out)), 0);
	assert_int_equal(instream_read(&whole, out, sizeof(out)), 6); /* the rest is still there */
	close(fd);
	unlink(path);
}

/* Cuts fall on record ends outside quotes, past the header; the line
 * numbers of the parts are the file's. */
static void test_split_plan_cuts(void **state)
{
	struct fx x;
	struct load_split sp;
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;
	(void)state;
	fx_begin(&x, "dataset c { from csv \"c.csv\"\n Id text\n Note text }\n");
	strbuf_addstr(&sb, "#TYPE System.Object\r\nId,Note\r\n");
	for (i = 0; i < 400; i++)   /* each note spans 3 lines */
		strbuf_addf(&sb, "%zu,\"one\r\ntwo \"\"q\"\"\r\nthree\"\r\n", i);
	write_bytes(x.dir, "c.csv", sb.buf, sb.len);
	assert_int_equal(load_split_open(&sp, x.prog.datasets[0], x.dir, 3, 1), 3);
	assert_int_equal(sp.nparts, 0);   /* nothing read yet */
	assert_int_equal(load_split_scan(&sp, 3), 3);
	assert_int_equal(sp.header_lines, 2);
	assert_memory_equal(sb.buf + sp.header_end - 9, "Id,Note\r\n", 9);
	assert_int_equal(sp.parts[0].start, 0);
	assert_int_equal(sp.parts[2].end, sb.len);
	for (k = 1; k < 3; k++) {
		uint64_t c = sp.parts[k].start;
		assert_int_equal(sp.parts[k - 1].end, c);
		assert_true(c >= sb.len * k / 3);
		assert_memory_equal(sb.buf + c - 8, "three\"\r\n", 8);   /* a record's end */
		assert_int_equal(sp.parts[k].first_line, 3 + 3 * (size_t)(strtoul(sb.buf + c, NULL, 10)));
	}
	load_split_release(&sp);
	/* too small, UTF-16, CR-only: read whole, decided without a scan */
	assert_int_equal(load_split_open(&sp, x.prog.datasets[0], x.dir, 2, sb.len + 1), 0);
	write_bytes(x.dir, "c.csv", "\xFF\xFEI\0d\0\n\0", 8);
	assert_int_equal(load_split_open(&sp, x.prog.datasets[0], x.dir, 2, 1), 0);
	write_bytes(x.dir, "c.csv", "Id\r1\r2\r3\r", 9);
	assert_int_equal(load_split_open(&sp, x.prog.datasets[0], x.dir, 2, 1), 0);
	/* planned for 2, but one record has no cut after it: the scan says
	 * read whole and releases sp */
	write_bytes(x.dir, "c.csv", "Id,Note\n1,a\n", 13);
	assert_int_equal(load_split_open(&sp, x.prog.datasets[0], x.dir, 2, 1), 2);
	assert_int_equal(load_split_scan(&sp, 2), 0);
	assert_int_equal(sp.fd, -1);
	strbuf_release(&sb);
	fx_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alternatives_parsed),
		cmocka_unit_test(test_alternatives_checked),
		cmocka_unit_test(test_first_existing_alternative),
		cmocka_unit_test(test_no_alternative),
		cmocka_unit_test(test_glob_order_and_files),
		cmocka_unit_test(test_glob_missing_column_file),
		cmocka_unit_test(test_glob_no_match),
		cmocka_unit_test(test_powershell_type_line),
		cmocka_unit_test(test_utf16le),
		cmocka_unit_test(test_utf16be_stream),
		cmocka_unit_test(test_ranges_and_limit),
		cmocka_unit_test(test_split_plan_cuts),
		cmocka_unit_test(test_optional_dataset_absent),
		cmocka_unit_test(test_optional_field_missing),
		cmocka_unit_test(test_not_evaluated),
		cmocka_unit_test(test_input_changed),
		cmocka_unit_test(test_changed_while_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
