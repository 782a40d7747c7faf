/*
 * test_nightly.c - the modules behind --baseline and --waivers, through
 * their public interfaces: fingerprints (cli/fingerprint.h), the small
 * CSV reader (cli/csvtab.h), the waivers file (cli/waivers.h), the
 * baseline and its identity checks (cli/baseline.h) and the change
 * marking over them (cli/nightly.h).
 *
 * Each test gets a fresh temporary directory (mkdtemp, removed after) and
 * a verdict loaded with RULES over t.csv (keyed) and u.csv (keyless), as
 * of 2026-11-25.  Messages of util/error.h are captured in fx.msgs, one
 * "kind: message" line each.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "cli/baseline.h"
#include "cli/csvtab.h"
#include "cli/fingerprint.h"
#include "cli/nightly.h"
#include "cli/waivers.h"
#include "reports/findings.h"
#include "reports/out.h"
#include "run/verdict.h"
#include "util/error.h"

static const char RULES[] =
	"dataset t {\n"
	"  from csv \"t.csv\"\n"
	"  key Id\n"
	"  Id text\n"
	"  Amount decimal\n"
	"}\n"
	"dataset u {\n"
	"  from csv \"u.csv\"\n"
	"  Name text\n"
	"  Note text\n"
	"}\n"
	"dataset w {\n"               /* u, with "" for an empty Note */
	"  from csv \"u.csv\"\n"
	"  Name text\n"
	"  Note text default \"\"\n"
	"}\n"
	"rule R1 { severity error\n for r in t\n where r.Amount > 10\n message \"big\" }\n"
	"rule R2 { severity warning\n for r in t\n where r.Amount < 0\n message \"negative\" }\n"
	"rule R3 { severity info\n for r in u\n where r.Note = null\n message \"no note\" }\n";

static const char T_CSV[] = "Id,Amount\nk1,20\nk2,-1\nk3,abc\n";
static const char U_CSV[] = "Name,Note\nx,a\ny,\n";

struct fx {
	char *dir;
	struct verdict v;
	int loaded;
	struct strbuf msgs;
};

static void capture(void *ud, const char *kind, const char *msg)
{
	struct fx *x = ud;
	strbuf_addf(&x->msgs, "%s: %s\n", kind, msg);
}

static char *path_in(const struct fx *x, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", x->dir, name);
	return strbuf_detach(&sb, NULL);
}

static void fx_load(struct fx *x, const char *t_csv, const char *u_csv)
{
	struct strbuf err = STRBUF_INIT;
	char *data = path_in(x, "data");
	assert_int_equal(mkdir(data, 0700), 0);
	tu_write(data, "t.csv", t_csv);
	tu_write(data, "u.csv", u_csv);
	verdict_init(&x->v);
	x->loaded = 1;
	if (verdict_load_rules_text(&x->v, "test.rules", RULES)) {
		char *d = tu_diags(&x->v.dc);
		print_error("rule errors:\n%s", d);
		free(d);
		fail();
	}
	assert_int_equal(verdict_set_as_of(&x->v, "2026-11-25", &err), 0);
	assert_int_equal(verdict_load_data(&x->v, data, 0), 0);
	strbuf_release(&err);
	free(data);
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	char tmpl[] = "/tmp/verdict-nightly-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	x->dir = strdup(tmpl);
	strbuf_init(&x->msgs, 0);
	error_set_routine(capture, x);
	fx_load(x, T_CSV, U_CSV);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;
	struct strbuf cmd = STRBUF_INIT;
	error_set_routine(NULL, NULL);
	if (x->loaded)
		verdict_release(&x->v);
	strbuf_addf(&cmd, "rm -rf '%s'", x->dir);
	assert_int_equal(system(cmd.buf), 0);
	strbuf_release(&cmd);
	strbuf_release(&x->msgs);
	free(x->dir);
	free(x);
	return 0;
}

static char *write_file(const struct fx *x, const char *name, const char *text)
{
	tu_write(x->dir, name, text);
	return path_in(x, name);
}

static const struct dataset *dataset_named(const struct verdict *v, const char *name)
{
	size_t i;
	for (i = 0; i < v->prog.ndatasets; i++)
		if (!strcmp(v->prog.datasets[i]->name, name))
			return v->prog.datasets[i];
	fail_msg("no dataset %s", name);
	return NULL;
}

/* the row of ds whose first field's text is first */
static int64_t row_where(const struct verdict *v, const struct dataset *ds, const char *first)
{
	const struct table *t = &v->tables[ds->index];
	struct strbuf sb = STRBUF_INIT;
	size_t r;
	for (r = 0; r < t->nrows; r++) {
		struct value x;
		table_get(t, r, 0, &x);
		strbuf_reset(&sb);
		if (!x.null)
			eval_format(&v->pool, &x, &sb);
		if (!strcmp(sb.buf, first)) {
			strbuf_release(&sb);
			return (int64_t)r;
		}
	}
	strbuf_release(&sb);
	fail_msg("no row %s in %s", first, ds->name);
	return -1;
}

static char *identity(const struct verdict *v, const char *ds, const char *first)
{
	struct strbuf sb = STRBUF_INIT;
	const struct dataset *d = dataset_named(v, ds);
	fp_identity(v, d, row_where(v, d, first), &sb);
	return strbuf_detach(&sb, NULL);
}

static void assert_hex16(const char *fp)
{
	size_t i;
	assert_int_equal(strlen(fp), 16);
	for (i = 0; i < 16; i++)
		assert_non_null(strchr("0123456789abcdef", fp[i]));
}

/* ==== fingerprint ===================================================== */

static void test_fp_rule_is_stable(void **state)
{
	char a[FP_SIZE], b[FP_SIZE];
	fp_rule("R1", "k1", "r=t[k1]", a);
	fp_rule("R1", "k1", "r=t[k1]", b);
	assert_hex16(a);
	assert_string_equal(a, b);
}

static void test_fp_rule_pinned_to_documented_definition(void **state)
{
	/* printf 'v2\037R1\037k1\037r=t[k1]\037' | sha256sum | cut -c1-16 */
	char a[FP_SIZE];
	fp_rule("R1", "k1", "r=t[k1]", a);
	assert_string_equal(a, "569878e9235a95dc");
}

static void test_fp_rule_changes_with_rule_id(void **state)
{
	char a[FP_SIZE], b[FP_SIZE];
	fp_rule("R1", "k1", "r=t[k1]", a);
	fp_rule("R2", "k1", "r=t[k1]", b);
	assert_string_not_equal(a, b);
}

static void test_fp_rule_changes_with_key(void **state)
{
	char a[FP_SIZE], b[FP_SIZE];
	fp_rule("R1", "k1", "r=t[k1]", a);
	fp_rule("R1", "k2", "r=t[k1]", b);
	assert_string_not_equal(a, b);
}

static void test_fp_rule_changes_with_evidence_identity(void **state)
{
	char a[FP_SIZE], b[FP_SIZE];
	fp_rule("R1", "k1", "r=t[k1];p=t[k2]", a);
	fp_rule("R1", "k1", "r=t[k1];p=t[k3]", b);
	assert_string_not_equal(a, b);
}

static void test_fp_rule_parts_are_separated(void **state)
{
	char a[FP_SIZE], b[FP_SIZE];
	fp_rule("R1", "k1", "x", a);
	fp_rule("R1", "k", "1x", b);
	assert_string_not_equal(a, b);
}

static void test_fp_identity_of_keyed_record_is_its_key(void **state)
{
	struct fx *x = *state;
	char *id = identity(&x->v, "t", "k2");
	assert_string_equal(id, "k2");
	free(id);
}

static void test_fp_identity_keyless_is_content_pinned(void **state)
{
	/* Name "y", Note null:
	 * printf '\001y\037\000\037' | sha256sum | cut -c1-16 */
	struct fx *x = *state;
	char *id = identity(&x->v, "u", "y");
	assert_string_equal(id, "#6f78dfe2b123bc30");
	free(id);
}

static void fx_reload(struct fx *x, const char *u_csv)
{
	struct strbuf cmd = STRBUF_INIT;
	verdict_release(&x->v);
	x->loaded = 0;
	strbuf_addf(&cmd, "rm -rf '%s/data'", x->dir);
	assert_int_equal(system(cmd.buf), 0);
	strbuf_release(&cmd);
	fx_load(x, T_CSV, u_csv);
}

static void test_fp_identity_keyless_ignores_line_numbers(void **state)
{
	struct fx *x = *state;
	char *before = identity(&x->v, "u", "y"), *after;
	/* y moves from line 3 to line 5, with new rows around it */
	fx_reload(x, "Name,Note\nw,1\nz,2\ny,\nx,a\n");
	after = identity(&x->v, "u", "y");
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_fp_identity_keyless_changes_with_any_field(void **state)
{
	struct fx *x = *state;
	char *a = identity(&x->v, "u", "x"), *b;
	fx_reload(x, "Name,Note\nx,b\n");   /* was x,a */
	b = identity(&x->v, "u", "x");
	assert_string_not_equal(a, b);
	free(a);
	free(b);
}

/* the same row read into u (Note null) and w (Note "" by default): not
 * the same content (the byte 0 against the byte 1 and no text) */
static void test_fp_identity_null_differs_from_empty(void **state)
{
	struct fx *x = *state;
	const struct dataset *w = dataset_named(&x->v, "w");
	char *null_id = identity(&x->v, "u", "y"), *empty_id = identity(&x->v, "w", "y");
	struct value v;
	table_get(&x->v.tables[w->index], (size_t)row_where(&x->v, w, "y"), 1, &v);
	assert_false(v.null);
	/* printf '\001y\037\001\037' | sha256sum | cut -c1-16 */
	assert_string_equal(empty_id, "#c261842b2f109041");
	assert_string_not_equal(null_id, empty_id);
	free(null_id);
	free(empty_id);
}

static const struct dq *find_dq(const struct verdict *v, enum dq_kind kind)
{
	size_t i;
	for (i = 0; i < v->dq.n; i++)
		if (v->dq.items[i].kind == kind)
			return &v->dq.items[i];
	fail_msg("no %s finding", dq_id(kind));
	return NULL;
}

static void test_fp_dq_pinned_to_documented_definition(void **state)
{
	/* k3's Amount "abc":
	 * printf 'v2\037DQ-TYPE\037t\037Amount\037abc\037k3\037' | sha256sum */
	struct fx *x = *state;
	struct strbuf scratch = STRBUF_INIT;
	char a[FP_SIZE];
	fp_dq(&x->v, find_dq(&x->v, DQ_TYPE), &scratch, a);
	assert_string_equal(a, "bea95bbd26fc59a4");
	strbuf_release(&scratch);
}

static void test_fp_dq_changes_with_raw_value(void **state)
{
	struct fx *x = *state;
	struct strbuf scratch = STRBUF_INIT;
	struct dq d = *find_dq(&x->v, DQ_TYPE);
	char a[FP_SIZE], b[FP_SIZE];
	fp_dq(&x->v, &d, &scratch, a);
	d.raw = strpool_intern(&x->v.pool, "abd", 3);
	fp_dq(&x->v, &d, &scratch, b);
	assert_string_not_equal(a, b);
	strbuf_release(&scratch);
}

static void test_fp_dq_ignores_line_of_loaded_row(void **state)
{
	struct fx *x = *state;
	struct strbuf scratch = STRBUF_INIT;
	struct dq d = *find_dq(&x->v, DQ_TYPE);
	char a[FP_SIZE], b[FP_SIZE];
	fp_dq(&x->v, &d, &scratch, a);
	d.line += 7;
	fp_dq(&x->v, &d, &scratch, b);
	assert_string_equal(a, b);
	strbuf_release(&scratch);
}

/* a row never loaded, without a raw value: "line:N" is its identity */
static void test_fp_dq_unloaded_row_without_raw_uses_line(void **state)
{
	struct fx *x = *state;
	struct strbuf scratch = STRBUF_INIT;
	struct dq d = *find_dq(&x->v, DQ_TYPE);
	char a[FP_SIZE], b[FP_SIZE];
	d.kind = DQ_ROW_SHAPE;
	d.field = -1;
	d.row = -1;
	d.raw = 0;
	d.line = 4;
	fp_dq(&x->v, &d, &scratch, a);
	assert_string_equal(scratch.buf, "line:4");
	d.line = 5;
	fp_dq(&x->v, &d, &scratch, b);
	assert_string_not_equal(a, b);
	strbuf_release(&scratch);
}

/* ==== csvtab ========================================================== */

static int read_tab(struct fx *x, struct csvtab *t, const char *text)
{
	char *p = write_file(x, "tab.csv", text);
	int rc = csvtab_read(t, p);
	free(p);
	return rc;
}

static void test_csvtab_quoted_cells_and_doubled_quotes(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	assert_int_equal(read_tab(x, &t, "a,b\n\"x,1\",\"say \"\"hi\"\"\"\n"), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.rows[1].n, 2);
	assert_string_equal(csvtab_cell(&t, 1, 0), "x,1");
	assert_string_equal(csvtab_cell(&t, 1, 1), "say \"hi\"");
	csvtab_release(&t);
}

static void test_csvtab_crlf_line_ends(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	assert_int_equal(read_tab(x, &t, "a,b\r\n1,2\r\n3,4\r\n"), 0);
	assert_int_equal(t.n, 3);
	assert_string_equal(csvtab_cell(&t, 0, 1), "b");
	assert_string_equal(csvtab_cell(&t, 1, 1), "2");
	assert_string_equal(csvtab_cell(&t, 2, 0), "3");
	assert_int_equal(t.rows[2].line, 3);
	csvtab_release(&t);
}

static void test_csvtab_bom_is_not_part_of_first_column(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	assert_int_equal(read_tab(x, &t, "\xEF\xBB\xBFwaiver_id,rule_id\nW-1,R1\n"), 0);
	assert_int_equal(csvtab_col(&t, "waiver_id"), 0);
	assert_string_equal(csvtab_cell(&t, 0, 0), "waiver_id");
	csvtab_release(&t);
}

static void test_csvtab_embedded_newlines_keep_row_start_line(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	assert_int_equal(read_tab(x, &t,
				  "a,b\n"                 /* 1 */
				  "\"one\ntwo\",x\n"      /* 2-3 */
				  "y,\"three\nfour\n\"\n" /* 4-6 */
				  "\n"                    /* 7: skipped */
				  "z,w\n"),               /* 8 */
			 0);
	assert_int_equal(t.n, 4);
	assert_string_equal(csvtab_cell(&t, 1, 0), "one\ntwo");
	assert_int_equal(t.rows[1].line, 2);
	assert_string_equal(csvtab_cell(&t, 2, 1), "three\nfour\n");
	assert_int_equal(t.rows[2].line, 4);
	assert_string_equal(csvtab_cell(&t, 3, 0), "z");
	assert_int_equal(t.rows[3].line, 8);
	csvtab_release(&t);
}

static void test_csvtab_last_line_without_line_end(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	assert_int_equal(read_tab(x, &t, "a,b\r\n\r\nx"), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(csvtab_cell(&t, 1, 0), "x");
	assert_int_equal(t.rows[1].line, 3);
	csvtab_release(&t);
}

static void test_csvtab_unterminated_quote_in_later_cell_names_its_line(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	char *want;
	assert_int_equal(read_tab(x, &t, "a,b\n1,2\n3,\"open\nstill open\n"), -1);
	want = path_in(x, "tab.csv:3: malformed CSV");
	assert_non_null(strstr(x->msgs.buf, want));
	assert_int_equal(t.n, 0);
	free(want);
}

static void test_csvtab_unterminated_quote_in_first_cell_names_its_line(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	char *want;
	assert_int_equal(read_tab(x, &t, "a,b\n1,2\n\"open,x\nstill open\n"), -1);
	want = path_in(x, "tab.csv:3: malformed CSV");
	assert_non_null(strstr(x->msgs.buf, want));
	free(want);
}

static void test_csvtab_stray_quote_names_its_line(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	char *want;
	assert_int_equal(read_tab(x, &t, "a,b\n1,2\n3,x\"y\n"), -1);
	want = path_in(x, "tab.csv:3: malformed CSV");
	assert_non_null(strstr(x->msgs.buf, want));
	free(want);
}

static void test_csvtab_empty_file_has_no_rows(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	assert_int_equal(read_tab(x, &t, ""), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(csvtab_col(&t, "a"), -1);
	csvtab_release(&t);
}

static void test_csvtab_header_only(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	assert_int_equal(read_tab(x, &t, "a,b,c\n"), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(csvtab_col(&t, "c"), 2);
	assert_int_equal(csvtab_col(&t, "d"), -1);
	csvtab_release(&t);
}

static void test_csvtab_short_row_reads_empty_cells(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	assert_int_equal(read_tab(x, &t, "a,b,c\n1\n"), 0);
	assert_string_equal(csvtab_cell(&t, 1, 0), "1");
	assert_string_equal(csvtab_cell(&t, 1, 2), "");
	assert_string_equal(csvtab_cell(&t, 1, -1), "");
	csvtab_release(&t);
}

static void test_csvtab_missing_file_is_an_error(void **state)
{
	struct fx *x = *state;
	struct csvtab t;
	char *p = path_in(x, "nope.csv");
	assert_int_equal(csvtab_read(&t, p), -1);
	assert_non_null(strstr(x->msgs.buf, "cannot open"));
	free(p);
}

/* ==== waivers ========================================================= */

#define WHEAD "waiver_id,rule_id,record_key,fingerprint,reason,approved_by,ticket,expires_on\n"

static int load_waivers(struct fx *x, struct waivers *ws, const char *text)
{
	char *p = write_file(x, "waivers.csv", text);
	int rc = waivers_load(ws, p, &x->v);
	free(p);
	return rc;
}

/* the message names waivers.csv:LINE and contains what */
static void assert_msg_at(const struct fx *x, unsigned line, const char *what)
{
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "%s/waivers.csv:%u: ", x->dir, line);
	if (!strstr(x->msgs.buf, want.buf) || !strstr(x->msgs.buf, what))
		fail_msg("expected \"%s...%s\" in:\n%s", want.buf, what, x->msgs.buf);
	strbuf_release(&want);
}

static void test_waivers_missing_column(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws,
		"waiver_id,rule_id,record_key,fingerprint,reason,approved_by,ticket\nW1,R1,k1,,r,a,t\n"), -1);
	assert_msg_at(x, 1, "missing column expires_on");
	waivers_release(&ws);
}

static void test_waivers_bad_date(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,k1,,r,a,t,2026-12-01\n"
					      "W2,R1,k2,,r,a,t,2026-02-30\n"), -1);
	assert_msg_at(x, 3, "expires_on '2026-02-30' is not a date");
	waivers_release(&ws);
}

static void test_waivers_date_in_other_format(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,k1,,r,a,t,12/01/2026\n"), -1);
	assert_msg_at(x, 2, "is not a date");
	waivers_release(&ws);
}

static void test_waivers_duplicate_id(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,k1,,r,a,t,\n"
					      "\n"
					      "W1,R2,k2,,r,a,t,\n"), -1);
	assert_msg_at(x, 4, "duplicate waiver_id W1 (first on line 2)");
	waivers_release(&ws);
}

static void test_waivers_neither_key_nor_fingerprint(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,,,r,a,t,\n"), -1);
	assert_msg_at(x, 2, "neither a record_key nor a fingerprint");
	waivers_release(&ws);
}

static void test_waivers_missing_waiver_id(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,k1,,r,a,t,\n,R1,k2,,r,a,t,\n"), -1);
	assert_msg_at(x, 3, "without a waiver_id");
	waivers_release(&ws);
}

static void test_waivers_missing_rule_id(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,,k1,,r,a,t,\n"), -1);
	assert_msg_at(x, 2, "has no rule_id");
	waivers_release(&ws);
}

static void test_waivers_malformed_csv_names_line(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,k1,,\"open,a,t,\n"), -1);
	assert_msg_at(x, 2, "malformed CSV");
	waivers_release(&ws);
}

static void test_waivers_empty_file(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, ""), -1);
	assert_msg_at(x, 1, "empty");
	waivers_release(&ws);
}

static void test_waivers_columns_in_any_order_extra_ignored(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws,
		"note,expires_on,ticket,approved_by,reason,fingerprint,record_key,rule_id,waiver_id\n"
		"n,,T-1,ann,ok,,k1,R1,W1\n"), 0);
	assert_int_equal(ws.n, 1);
	assert_string_equal(ws.w[0].id, "W1");
	assert_string_equal(ws.w[0].record_key, "k1");
	assert_string_equal(ws.w[0].ticket, "T-1");
	assert_non_null(waivers_match(&ws, "R1", "k1", "0000000000000000"));
	waivers_release(&ws);
}

static void test_waivers_match_by_record_key(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	const struct report_waiver *w;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,k1,,r,a,t,\n"), 0);
	w = waivers_match(&ws, "R1", "k1", "1111111111111111");
	assert_non_null(w);
	assert_string_equal(w->id, "W1");
	assert_null(waivers_match(&ws, "R1", "k2", "1111111111111111"));
	assert_null(waivers_match(&ws, "R2", "k1", "1111111111111111"));
	assert_int_equal(ws.w[0].matched, 1);
	waivers_release(&ws);
}

static void test_waivers_match_by_fingerprint(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	const struct report_waiver *w;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R3,,6f78dfe2b123bc30,r,a,t,\n"), 0);
	w = waivers_match(&ws, "R3", "line:3", "6f78dfe2b123bc30");
	assert_non_null(w);
	assert_string_equal(w->id, "W1");
	assert_null(waivers_match(&ws, "R3", "line:3", "6f78dfe2b123bc31"));
	waivers_release(&ws);
}

static void test_waivers_key_and_fingerprint_must_both_match(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,k1,aaaaaaaaaaaaaaaa,r,a,t,\n"), 0);
	assert_null(waivers_match(&ws, "R1", "k2", "aaaaaaaaaaaaaaaa"));
	assert_null(waivers_match(&ws, "R1", "k1", "bbbbbbbbbbbbbbbb"));
	assert_non_null(waivers_match(&ws, "R1", "k1", "aaaaaaaaaaaaaaaa"));
	waivers_release(&ws);
}

static void test_waivers_star_waives_whole_rule(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R2,*,,r,a,t,\n"), 0);
	assert_true(ws.w[0].whole_rule);
	assert_non_null(waivers_match(&ws, "R2", "k1", "1111111111111111"));
	assert_non_null(waivers_match(&ws, "R2", "k9", "2222222222222222"));
	assert_null(waivers_match(&ws, "R1", "k1", "1111111111111111"));
	assert_int_equal(ws.w[0].matched, 2);
	waivers_release(&ws);
}

static void test_waivers_precedence_fingerprint_key_rule(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "WR,R1,*,,r,a,t,\n"
						 "WK,R1,k1,,r,a,t,\n"
						 "WF,R1,,aaaaaaaaaaaaaaaa,r,a,t,\n"), 0);
	assert_string_equal(waivers_match(&ws, "R1", "k1", "aaaaaaaaaaaaaaaa")->id, "WF");
	assert_string_equal(waivers_match(&ws, "R1", "k1", "bbbbbbbbbbbbbbbb")->id, "WK");
	assert_string_equal(waivers_match(&ws, "R1", "k2", "bbbbbbbbbbbbbbbb")->id, "WR");
	waivers_release(&ws);
}

static void test_waivers_neutralized_key_still_matches(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	/* findings.csv writes the key =SUM(A1) as '=SUM(A1) */
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,'=SUM(A1),,r,a,t,\n"
						 "W2,R1,'-x,,r,a,t,\n"), 0);
	assert_string_equal(waivers_match(&ws, "R1", "=SUM(A1)", "1111111111111111")->id, "W1");
	assert_string_equal(waivers_match(&ws, "R1", "-x", "1111111111111111")->id, "W2");
	waivers_release(&ws);
}

static void test_waivers_apostrophe_before_plain_text_is_kept(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	/* not formula-like: the apostrophe is part of the key */
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,'k1,,r,a,t,\n"), 0);
	assert_null(waivers_match(&ws, "R1", "k1", "1111111111111111"));
	assert_non_null(waivers_match(&ws, "R1", "'k1", "1111111111111111"));
	waivers_release(&ws);
}

static void test_waivers_expired_does_not_apply(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	/* as of 2026-11-25 */
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,k1,,r,a,t,2026-11-24\n"
						 "W2,R1,k2,,r,a,t,2026-11-25\n"), 0);
	assert_true(ws.w[0].expired);
	assert_false(ws.w[1].expired);
	assert_null(waivers_match(&ws, "R1", "k1", "1111111111111111"));
	assert_non_null(waivers_match(&ws, "R1", "k2", "1111111111111111"));
	waivers_warn(&ws);
	assert_msg_at(x, 2, "waiver W1 (R1) expired on 2026-11-24 and no longer applies");
	assert_null(strstr(x->msgs.buf, "W1 (R1) matched no finding"));
	waivers_release(&ws);
}

static void test_waivers_stale_warns(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,k1,,r,a,t,\nW2,R1,k2,,r,a,t,\n"), 0);
	assert_non_null(waivers_match(&ws, "R1", "k1", "1111111111111111"));
	waivers_warn(&ws);
	assert_msg_at(x, 3, "waiver W2 (R1) matched no finding (stale)");
	assert_null(strstr(x->msgs.buf, "W1 (R1) matched no finding"));
	waivers_release(&ws);
}

static void test_waivers_expiring_within_30_days_warns(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	/* as of 2026-11-25: +30 days is 2026-12-25, +31 2026-12-26 */
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,R1,k1,,r,a,t,2026-12-25\n"
						 "W2,R1,k2,,r,a,t,2026-12-26\n"
						 "W3,R1,k3,,r,a,t,2026-11-25\n"), 0);
	assert_true(ws.w[0].expiring);
	assert_false(ws.w[1].expiring);
	assert_true(ws.w[2].expiring);
	waivers_match(&ws, "R1", "k1", "1111111111111111");
	waivers_match(&ws, "R1", "k2", "1111111111111111");
	waivers_match(&ws, "R1", "k3", "1111111111111111");
	waivers_warn(&ws);
	assert_msg_at(x, 2, "waiver W1 (R1) expires on 2026-12-25, within 30 days");
	assert_null(strstr(x->msgs.buf, "W2 (R1) expires"));
	waivers_release(&ws);
}

static void test_waivers_unknown_rule_is_a_warning(void **state)
{
	struct fx *x = *state;
	struct waivers ws;
	assert_int_equal(load_waivers(x, &ws, WHEAD "W1,NO-SUCH,k1,,r,a,t,\nW2,DQ-TYPE,k3,,r,a,t,\n"), 0);
	assert_true(ws.w[0].unknown_rule);
	assert_false(ws.w[1].unknown_rule);
	assert_non_null(strstr(x->msgs.buf, "warning: "));
	assert_msg_at(x, 2, "waiver W1: rule NO-SUCH is not in the rule pack");
	assert_null(strstr(x->msgs.buf, "error: "));
	waivers_release(&ws);
}

/* ==== baseline ======================================================== */

/* a findings row as verdict writes it (out_csv_cell, not raw); fp NULL:
 * the fingerprint recomputed from key and evidence */
static void add_row(struct strbuf *sb, const char *run, const char *rule, const char *key,
		    const char *evidence, const char *fp)
{
	char want[FP_SIZE];
	const char *cells[FINDINGS_NCOLS];
	int i;
	if (!fp) {
		fp_rule(rule, key, evidence, want);
		fp = want;
	}
	cells[0] = run;
	cells[1] = "2026-11-24";
	cells[2] = rule;
	cells[3] = "error";
	cells[4] = "open";
	cells[5] = "t";
	cells[6] = key;
	cells[7] = "t.csv";
	cells[8] = "2";
	cells[9] = "a message";
	cells[10] = evidence;
	cells[11] = fp;
	for (i = 12; i < FINDINGS_NCOLS; i++)
		cells[i] = "";
	for (i = 0; i < FINDINGS_NCOLS; i++) {
		if (i)
			strbuf_addch(sb, ',');
		out_csv_cell(sb, cells[i], strlen(cells[i]), !findings_col_text(i));
	}
	strbuf_addch(sb, '\n');
}

static void add_header(struct strbuf *sb)
{
	int i;
	for (i = 0; i < FINDINGS_NCOLS; i++)
		strbuf_addf(sb, "%s%c", findings_cols[i], i == FINDINGS_NCOLS - 1 ? '\n' : ',');
}

/* prev/manifest.json; schema < 0: without findings_schema; pack NULL:
 * this pack's id */
static void write_manifest(struct fx *x, int schema, const char *pack, const char *run)
{
	struct strbuf sb = STRBUF_INIT;
	char id[FP_SIZE];
	if (!pack) {
		baseline_pack_id(&x->v, id);
		pack = id;
	}
	strbuf_addf(&sb, "{\n  \"verdict_version\": \"0.1.0\",\n  \"run_id\": \"%s\",\n", run);
	if (schema >= 0)
		strbuf_addf(&sb, "  \"findings_schema\": %d,\n", schema);
	strbuf_addf(&sb, "  \"rule_pack_id\": \"%s\"\n}\n", pack);
	tu_write(x->dir, "prev/manifest.json", sb.buf);
	strbuf_release(&sb);
}

static void prev_dir(struct fx *x)
{
	char *p = path_in(x, "prev");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
}

/* prev/findings.csv with the three findings of night 1 */
static void write_night1(struct fx *x)
{
	struct strbuf sb = STRBUF_INIT;
	prev_dir(x);
	add_header(&sb);
	add_row(&sb, "RUN1", "R1", "k1", "r=t[k1]", NULL);
	add_row(&sb, "RUN1", "R2", "k2", "r=t[k2]", NULL);
	add_row(&sb, "RUN1", "R1", "k9", "r=t[k9]", NULL);
	tu_write(x->dir, "prev/findings.csv", sb.buf);
	strbuf_release(&sb);
}

static int load_prev(struct fx *x, struct baseline *b, const char *name)
{
	char *p = path_in(x, name);
	int rc = baseline_load(b, p, &x->v);
	free(p);
	return rc;
}

static void assert_msg(const struct fx *x, const char *what)
{
	if (!strstr(x->msgs.buf, what))
		fail_msg("expected \"%s\" in:\n%s", what, x->msgs.buf);
}

static void test_baseline_accepts_own_output(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	write_night1(x);
	write_manifest(x, FINDINGS_SCHEMA, NULL, "RUN1");
	assert_int_equal(load_prev(x, &b, "prev"), 0);
	assert_int_equal(b.n, 3);
	assert_string_equal(b.run_id, "RUN1");
	assert_int_equal(strlen(b.sha256), 64);
	assert_string_equal(x->msgs.len ? x->msgs.buf : "", "");
	baseline_release(&b);
}

static void test_baseline_refuses_other_header(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	prev_dir(x);
	/* schema 1's columns: no change, no waiver */
	tu_write(x->dir, "prev/findings.csv",
		 "run_id,as_of,rule_id,severity,status,dataset,record_key,source_file,source_line,"
		 "message,evidence,fingerprint\n");
	write_manifest(x, FINDINGS_SCHEMA, NULL, "RUN1");
	assert_int_equal(load_prev(x, &b, "prev"), -1);
	assert_msg(x, "findings.csv:1: not a findings.csv of findings schema 3 (column 13 should be change)");
	baseline_release(&b);
}

static void test_baseline_refuses_manifest_without_schema(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	write_night1(x);
	write_manifest(x, -1, NULL, "RUN1");
	assert_int_equal(load_prev(x, &b, "prev"), -1);
	assert_msg(x, "manifest.json: written by an older verdict (findings schema 1");
	baseline_release(&b);
}

static void test_baseline_refuses_other_schema(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	write_night1(x);
	write_manifest(x, FINDINGS_SCHEMA + 1, NULL, "RUN1");
	assert_int_equal(load_prev(x, &b, "prev"), -1);
	assert_msg(x, "manifest.json: findings schema 4, this verdict writes 3");
	baseline_release(&b);
}

static void test_baseline_refuses_other_rule_pack(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	write_night1(x);
	write_manifest(x, FINDINGS_SCHEMA, "0123456789abcdef", "RUN1");
	assert_int_equal(load_prev(x, &b, "prev"), -1);
	assert_msg(x, "from another rule pack (rule_pack_id 0123456789abcdef");
	baseline_release(&b);
}

static void test_baseline_refuses_run_id_mismatch(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	write_night1(x);
	write_manifest(x, FINDINGS_SCHEMA, NULL, "RUN2");
	assert_int_equal(load_prev(x, &b, "prev"), -1);
	assert_msg(x, "belongs to run RUN2, but ");
	assert_msg(x, "findings.csv holds run RUN1");
	baseline_release(&b);
}

static void test_baseline_refuses_manifest_not_json(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	write_night1(x);
	tu_write(x->dir, "prev/manifest.json", "{\"findings_schema\": 2,");
	assert_int_equal(load_prev(x, &b, "prev"), -1);
	assert_msg(x, "manifest.json: not JSON");
	baseline_release(&b);
}

static void test_baseline_bare_findings_with_known_rules_accepted(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	write_night1(x);   /* no manifest */
	assert_int_equal(load_prev(x, &b, "prev/findings.csv"), 0);
	assert_int_equal(b.n, 3);
	baseline_release(&b);
}

static void test_baseline_bare_findings_with_unknown_rule_refused(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	struct strbuf sb = STRBUF_INIT;
	prev_dir(x);
	add_header(&sb);
	add_row(&sb, "RUN1", "R1", "k1", "r=t[k1]", NULL);
	add_row(&sb, "RUN1", "OTHER-7", "k1", "r=t[k1]", NULL);
	tu_write(x->dir, "prev/findings.csv", sb.buf);
	assert_int_equal(load_prev(x, &b, "prev/findings.csv"), -1);
	assert_msg(x, "findings.csv:3: rule OTHER-7 is not in this rule pack");
	baseline_release(&b);
	strbuf_release(&sb);
}

static void test_baseline_refuses_fingerprint_of_other_definition(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	struct strbuf sb = STRBUF_INIT;
	prev_dir(x);
	add_header(&sb);
	add_row(&sb, "RUN1", "R1", "k1", "r=t[k1]", NULL);
	add_row(&sb, "RUN1", "R2", "k2", "r=t[k2]", "00000000deadbeef");
	tu_write(x->dir, "prev/findings.csv", sb.buf);
	write_manifest(x, FINDINGS_SCHEMA, NULL, "RUN1");
	assert_int_equal(load_prev(x, &b, "prev"), -1);
	assert_msg(x, "findings.csv:3: fingerprint 00000000deadbeef was made under another definition");
	baseline_release(&b);
	strbuf_release(&sb);
}

/* keyless records' identities are not in the row: nothing to recompute */
static void test_baseline_keyless_fingerprints_not_recomputed(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	struct strbuf sb = STRBUF_INIT;
	prev_dir(x);
	add_header(&sb);
	add_row(&sb, "RUN1", "R3", "line:3", "r=u[line:3]", "7019ba56b8441c21");
	add_row(&sb, "RUN1", "DQ-TYPE", "k3", "", "bea95bbd26fc59a4");
	tu_write(x->dir, "prev/findings.csv", sb.buf);
	write_manifest(x, FINDINGS_SCHEMA, NULL, "RUN1");
	assert_int_equal(load_prev(x, &b, "prev"), 0);
	assert_true(baseline_match(&b, "7019ba56b8441c21"));
	assert_true(baseline_match(&b, "bea95bbd26fc59a4"));
	baseline_release(&b);
	strbuf_release(&sb);
}

/* findings.csv (schema 3) writes the key =SUM(A1) exactly: read back, it
 * is the key, and the recomputed fingerprint agrees */
static void test_baseline_neutralized_key_read_back(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	struct strbuf sb = STRBUF_INIT;
	prev_dir(x);
	add_header(&sb);
	add_row(&sb, "RUN1", "R1", "=SUM(A1)", "r=t[=SUM(A1)]", NULL);
	assert_non_null(strstr(sb.buf, ",=SUM(A1),"));
	tu_write(x->dir, "prev/findings.csv", sb.buf);
	write_manifest(x, FINDINGS_SCHEMA, NULL, "RUN1");
	assert_int_equal(load_prev(x, &b, "prev"), 0);
	assert_string_equal(csvtab_cell(&b.tab, 1, FINDINGS_COL_RECORD_KEY), "=SUM(A1)");
	baseline_release(&b);
	strbuf_release(&sb);
}

/* a key that itself begins with an apostrophe before formula-like text
 * must survive the write and the read back unchanged */
static void test_baseline_key_with_own_apostrophe_read_back(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	struct strbuf sb = STRBUF_INIT;
	prev_dir(x);
	add_header(&sb);
	add_row(&sb, "RUN1", "R1", "'=x", "r=t['=x]", NULL);
	tu_write(x->dir, "prev/findings.csv", sb.buf);
	write_manifest(x, FINDINGS_SCHEMA, NULL, "RUN1");
	assert_int_equal(load_prev(x, &b, "prev"), 0);
	assert_string_equal(csvtab_cell(&b.tab, 1, FINDINGS_COL_RECORD_KEY), "'=x");
	baseline_release(&b);
	strbuf_release(&sb);
}

/* what findings.csv writes, less the apostrophe readers drop, is the text */
static void test_csv_cell_neutralizing_round_trips(void **state)
{
	static const char *const texts[] = { "=x", "'=x", "''=x", "'x", "-12.50", "-x", "@a", "'" };
	size_t i;
	for (i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		struct strbuf sb = STRBUF_INIT;
		out_csv_cell(&sb, texts[i], strlen(texts[i]), 0);
		assert_string_equal(sb.buf + out_csv_neutral_prefix(sb.buf, sb.len), texts[i]);
		strbuf_release(&sb);
	}
}

static void test_baseline_empty_findings_accepted(void **state)
{
	struct fx *x = *state;
	struct baseline b;
	struct strbuf sb = STRBUF_INIT;
	prev_dir(x);
	add_header(&sb);
	tu_write(x->dir, "prev/findings.csv", sb.buf);
	write_manifest(x, FINDINGS_SCHEMA, NULL, "RUN1");
	assert_int_equal(load_prev(x, &b, "prev"), 0);
	assert_int_equal(b.n, 0);
	assert_string_equal(b.run_id, "");
	assert_false(baseline_match(&b, "0000000000000000"));
	baseline_release(&b);
	strbuf_release(&sb);
}

#define PACK_R123 "56aa4f6b95e3005a"

static void test_baseline_pack_id_is_sorted_rule_ids(void **state)
{
	/* printf 'R1\037R2\037R3\037' | sha256sum | cut -c1-16 */
	struct fx *x = *state;
	char id[FP_SIZE];
	baseline_pack_id(&x->v, id);
	assert_string_equal(id, PACK_R123);
}

/* ---- new / persisting / resolved, through nightly_mark ------------- */

static struct report_finding finding(const char *rule, const char *key, const char *evidence,
				     char fp[FP_SIZE])
{
	struct report_finding f;
	memset(&f, 0, sizeof(f));
	fp_rule(rule, key, evidence, fp);
	f.rule_id = rule;
	f.record_key = key;
	f.evidence = evidence;
	f.fingerprint = fp;
	f.status = "open";
	f.change = "";
	f.waiver = "";
	return f;
}

static void rules3(struct report_rule *rules)
{
	memset(rules, 0, 3 * sizeof(*rules));
	rules[0].id = "R1";
	rules[1].id = "R2";
	rules[2].id = "R3";
}

static void test_nightly_classifies_new_persisting_resolved(void **state)
{
	struct fx *x = *state;
	struct nightly n;
	struct report_rule rules[3];
	struct report_finding f1, f2;
	const struct report_nightly *rep;
	char fp1[FP_SIZE], fp2[FP_SIZE], *prev = path_in(x, "prev");
	write_night1(x);
	write_manifest(x, FINDINGS_SCHEMA, NULL, "RUN1");
	rules3(rules);
	assert_int_equal(nightly_open(&n, prev, NULL, &x->v), 0);
	f1 = finding("R1", "k1", "r=t[k1]", fp1);   /* in night 1 */
	f2 = finding("R1", "k5", "r=t[k5]", fp2);   /* not */
	assert_int_equal(nightly_mark(&n, &f1, &rules[0]), 0);
	assert_string_equal(f1.change, "persisting");
	assert_int_equal(nightly_mark(&n, &f2, &rules[0]), 1);
	assert_string_equal(f2.change, "new");
	assert_string_equal(f2.status, "open");
	rep = nightly_finish(&n, rules, 3);
	assert_non_null(rep);
	assert_int_equal(rep->nnew, 1);
	assert_int_equal(rules[0].nnew, 1);
	assert_string_equal(rep->baseline_run_id, "RUN1");
	/* R2 k2 and R1 k9, in the baseline's order */
	assert_int_equal(rep->nresolved, 2);
	assert_string_equal(rep->resolved[0].rule_id, "R2");
	assert_string_equal(rep->resolved[0].record_key, "k2");
	assert_string_equal(rep->resolved[0].change, "resolved");
	assert_int_equal(rep->resolved[0].source_line, 2);
	assert_string_equal(rep->resolved[1].record_key, "k9");
	assert_int_equal(rules[0].nresolved, 1);
	assert_int_equal(rules[1].nresolved, 1);
	nightly_release(&n);
	free(prev);
}

static void test_nightly_rule_not_evaluated_is_not_resolved(void **state)
{
	struct fx *x = *state;
	struct nightly n;
	struct report_rule rules[3];
	const struct report_nightly *rep;
	char *prev = path_in(x, "prev");
	write_night1(x);
	write_manifest(x, FINDINGS_SCHEMA, NULL, "RUN1");
	rules3(rules);
	rules[1].not_evaluated = 1;   /* R2 */
	assert_int_equal(nightly_open(&n, prev, NULL, &x->v), 0);
	rep = nightly_finish(&n, rules, 3);
	assert_int_equal(rep->nresolved, 2);   /* R1 k1 and R1 k9 */
	assert_string_equal(rep->resolved[0].record_key, "k1");
	assert_string_equal(rep->resolved[1].record_key, "k9");
	assert_int_equal(rules[1].nresolved, 0);
	nightly_release(&n);
	free(prev);
}

static void test_nightly_waiver_marks_finding_waived(void **state)
{
	struct fx *x = *state;
	struct nightly n;
	struct report_rule rules[3];
	struct report_finding f1, f2;
	const struct report_nightly *rep;
	char fp1[FP_SIZE], fp2[FP_SIZE];
	char *wp = write_file(x, "waivers.csv", WHEAD "W1,R1,k1,,r,a,t,\n");
	rules3(rules);
	assert_int_equal(nightly_open(&n, NULL, wp, &x->v), 0);
	f1 = finding("R1", "k1", "r=t[k1]", fp1);
	f2 = finding("R1", "k2", "r=t[k2]", fp2);
	assert_int_equal(nightly_mark(&n, &f1, &rules[0]), 0);
	assert_int_equal(nightly_mark(&n, &f2, &rules[0]), 0);
	assert_string_equal(f1.status, "waived");
	assert_string_equal(f1.waiver, "W1");
	assert_string_equal(f1.change, "");     /* no baseline */
	assert_string_equal(f2.status, "open");
	assert_int_equal(rules[0].waived, 1);
	rep = nightly_finish(&n, rules, 3);
	assert_false(rep->baseline);
	assert_int_equal(rep->nwaivers, 1);
	assert_int_equal(rep->waivers[0].matched, 1);
	nightly_release(&n);
	free(wp);
}

static void test_nightly_without_options_reports_nothing(void **state)
{
	struct fx *x = *state;
	struct nightly n;
	struct report_rule rules[3];
	struct report_finding f;
	char fp[FP_SIZE];
	rules3(rules);
	assert_int_equal(nightly_open(&n, NULL, NULL, &x->v), 0);
	f = finding("R1", "k1", "r=t[k1]", fp);
	assert_int_equal(nightly_mark(&n, &f, &rules[0]), 0);
	assert_string_equal(f.change, "");
	assert_string_equal(f.status, "open");
	assert_null(nightly_finish(&n, rules, 3));
	nightly_release(&n);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_fp_rule_is_stable),
		T(test_fp_rule_pinned_to_documented_definition),
		T(test_fp_rule_changes_with_rule_id),
		T(test_fp_rule_changes_with_key),
		T(test_fp_rule_changes_with_evidence_identity),
		T(test_fp_rule_parts_are_separated),
		T(test_fp_identity_of_keyed_record_is_its_key),
		T(test_fp_identity_keyless_is_content_pinned),
		T(test_fp_identity_keyless_ignores_line_numbers),
		T(test_fp_identity_keyless_changes_with_any_field),
		T(test_fp_identity_null_differs_from_empty),
		T(test_fp_dq_pinned_to_documented_definition),
		T(test_fp_dq_changes_with_raw_value),
		T(test_fp_dq_ignores_line_of_loaded_row),
		T(test_fp_dq_unloaded_row_without_raw_uses_line),
		T(test_csvtab_quoted_cells_and_doubled_quotes),
		T(test_csvtab_crlf_line_ends),
		T(test_csvtab_bom_is_not_part_of_first_column),
		T(test_csvtab_embedded_newlines_keep_row_start_line),
		T(test_csvtab_last_line_without_line_end),
		T(test_csvtab_unterminated_quote_in_later_cell_names_its_line),
		T(test_csvtab_unterminated_quote_in_first_cell_names_its_line),
		T(test_csvtab_stray_quote_names_its_line),
		T(test_csvtab_empty_file_has_no_rows),
		T(test_csvtab_header_only),
		T(test_csvtab_short_row_reads_empty_cells),
		T(test_csvtab_missing_file_is_an_error),
		T(test_waivers_missing_column),
		T(test_waivers_bad_date),
		T(test_waivers_date_in_other_format),
		T(test_waivers_duplicate_id),
		T(test_waivers_neither_key_nor_fingerprint),
		T(test_waivers_missing_waiver_id),
		T(test_waivers_missing_rule_id),
		T(test_waivers_malformed_csv_names_line),
		T(test_waivers_empty_file),
		T(test_waivers_columns_in_any_order_extra_ignored),
		T(test_waivers_match_by_record_key),
		T(test_waivers_match_by_fingerprint),
		T(test_waivers_key_and_fingerprint_must_both_match),
		T(test_waivers_star_waives_whole_rule),
		T(test_waivers_precedence_fingerprint_key_rule),
		T(test_waivers_neutralized_key_still_matches),
		T(test_waivers_apostrophe_before_plain_text_is_kept),
		T(test_waivers_expired_does_not_apply),
		T(test_waivers_stale_warns),
		T(test_waivers_expiring_within_30_days_warns),
		T(test_waivers_unknown_rule_is_a_warning),
		T(test_baseline_accepts_own_output),
		T(test_baseline_refuses_other_header),
		T(test_baseline_refuses_manifest_without_schema),
		T(test_baseline_refuses_other_schema),
		T(test_baseline_refuses_other_rule_pack),
		T(test_baseline_refuses_run_id_mismatch),
		T(test_baseline_refuses_manifest_not_json),
		T(test_baseline_bare_findings_with_known_rules_accepted),
		T(test_baseline_bare_findings_with_unknown_rule_refused),
		T(test_baseline_refuses_fingerprint_of_other_definition),
		T(test_baseline_keyless_fingerprints_not_recomputed),
		T(test_baseline_neutralized_key_read_back),
		T(test_baseline_key_with_own_apostrophe_read_back),
		T(test_csv_cell_neutralizing_round_trips),
		T(test_baseline_empty_findings_accepted),
		T(test_baseline_pack_id_is_sorted_rule_ids),
		T(test_nightly_classifies_new_persisting_resolved),
		T(test_nightly_rule_not_evaluated_is_not_resolved),
		T(test_nightly_waiver_marks_finding_waived),
		T(test_nightly_without_options_reports_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
