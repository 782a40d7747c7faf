/*
 * test_writers.c - the writers of reports/sink.h driven through the sink
 * (select, open, stream, finish, commit) into a temporary directory, and
 * the JUnit writer; an output that cannot be written leaves neither a
 * temporary nor a final file.
 */
#include <dirent.h>
#include <ftw.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "testutil.h"

#include "reports/junit.h"
#include "reports/out.h"
#include "reports/sink.h"
#include "util/error.h"
#include "util/utf8.h"

/* ---- fixtures ---------------------------------------------------------- */

static struct strbuf g_err = STRBUF_INIT;

static void capture(void *ud, const char *kind, const char *msg)
{
	(void)ud;
	strbuf_addf(&g_err, "%s: %s\n", kind, msg);
}

struct fx {
	char dir[64];
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	strcpy(fx->dir, "/tmp/verdict-writers-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	strbuf_reset(&g_err);
	*state = fx;
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* removes the directory and everything in it */
static int teardown(void **state)
{
	struct fx *fx = *state;
	nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

/* the directory's entries, sorted, space-separated */
static void list_dir(const char *dir, struct strbuf *sb)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), i;
	assert_true(n >= 0);
	strbuf_reset(sb);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
			strbuf_addf(sb, "%s%s", sb->len ? " " : "", names[i]->d_name);
		free(names[i]);
	}
	free(names);
}

static char *slurp(const char *dir, const char *name)
{
	char path[512];
	FILE *fp;
	long n;
	char *buf;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	return buf;
}

/* ---- a small run: one DQ kind, one rule, two findings ------------------ */

static struct report_rule g_rules[2];
static struct report_input g_input;
static struct report_run g_run;
static const char *const g_missing[] = { "Region" };

static void mk_run(void)
{
	static const struct report_param declared[] = { { "as_of", "2026-11-25" }, { "limit", NULL } };
	static const struct report_file files[] = { { "t.rules", "", 0 } };
	memset(g_rules, 0, sizeof(g_rules));
	g_rules[0].id = "DQ-TYPE";
	g_rules[0].title = "Value does not convert";
	g_rules[0].severity = "error";
	g_rules[0].driving = "";
	g_rules[0].is_dq = 1;
	g_rules[1].id = "R-1";
	g_rules[1].title = "Amount, too high";
	g_rules[1].severity = "warning";
	g_rules[1].driving = "sales";
	g_rules[1].text = "rule R-1 { }";
	g_rules[1].text_len = strlen(g_rules[1].text);
	g_rules[1].file = "t.rules";
	g_rules[1].line = 3;
	memset(&g_input, 0, sizeof(g_input));
	g_input.dataset = "sales";
	g_input.title = "";
	g_input.path = "data/sales.csv";
	g_input.format = "csv";
	g_input.bytes = 42;
	g_input.rows_read = g_input.rows_loaded = 2;
	g_input.missing = "Region";
	g_input.extra = "";
	g_input.missing_cols = g_missing;
	g_input.nmissing = 1;
	memset(&g_run, 0, sizeof(g_run));
	g_run.version = "0.1.0";
	g_run.run_id = "RUN";
	g_run.as_of = "2026-11-25";
	g_run.started = g_run.ended = "2026-11-25T10:00:00Z";
	g_run.command_line = "verdict run";
	g_run.rule_pack = "t.rules";
	g_run.rule_files = files;
	g_run.nrule_files = 1;
	g_run.declared = declared;
	g_run.ndeclared = 2;
}

static void mk_finding(struct report_finding *f, const char *key, const char *msg)
{
	memset(f, 0, sizeof(*f));
	f->rule_id = "R-1";
	f->severity = "warning";
	f->status = "open";
	f->dataset = "sales";
	f->record_key = key;
	f->source_file = "data/sales.csv";
	f->source_line = 2;
	f->message = msg;
	f->evidence = "sale=sales[INV-1]";
	f->fingerprint = "0123456789abcdef";
	f->change = "";
	f->waiver = "";
}

/* Streams the run with n findings of R-1 to the writers of formats, then
 * finishes and commits; returns 0, or -1 when a step failed. */
static int run_sink_id(const char *dir, const char *formats, size_t n, const char *run_id)
{
	struct sink_opts o = { dir, run_id, "2026-11-25", 500, 0, 0, NULL, 0 };
	struct sink_summary sum = { &g_run, g_rules, 2, &g_input, 1 };
	struct report_finding f;
	struct sink *s;
	unsigned sel;
	size_t i;
	int rc;
	mk_run();
	assert_int_equal(sink_select(formats, &sel), 0);
	if (!(s = sink_open(sel, &o)))
		return -1;
	sink_rule_begin(s, &g_rules[0]);
	sink_rule_end(s, &g_rules[0]);
	sink_rule_begin(s, &g_rules[1]);
	for (i = 0; i < n; i++) {
		mk_finding(&f, i ? "=1+2|3" : "INV-1", i ? "=SUM(A1), \"x\"" : "plain");
		sink_finding(s, &f);
	}
	g_rules[1].findings = g_rules[1].open = n;
	g_rules[1].rows_evaluated = 2;
	sink_rule_end(s, &g_rules[1]);
	g_run.counts[1] = g_run.findings = n;
	rc = sink_finish(s, &sum);
	if (!rc)
		rc = sink_commit(s);
	sink_free(s);
	return rc;
}

static int run_sink(const char *dir, const char *formats, size_t n)
{
	return run_sink_id(dir, formats, n, "RUN");
}

/* ---- tests ------------------------------------------------------------- */

static void test_select(void **state)
{
	unsigned sel;
	(void)state;
	assert_int_equal(sink_select("html,csv", &sel), 0);
	assert_true(sink_selects(sel, "html"));
	assert_true(sink_selects(sel, "csv"));
	assert_false(sink_selects(sel, "json"));
	assert_true(sink_writes_files(sel));
	assert_int_equal(sink_select("text", &sel), 0);
	assert_false(sink_writes_files(sel));
	assert_int_equal(sink_select("csv,yaml", &sel), -1);
	assert_int_equal(sink_select("", &sel), -1);
	assert_int_equal(sink_select(",", &sel), -1);
}

static void test_files(void **state)
{
	struct fx *fx = *state;
	struct strbuf sb = STRBUF_INIT;
	char *s;
	assert_int_equal(run_sink(fx->dir, "html,csv,json", 2), 0);
	assert_string_equal(g_err.buf, "");
	list_dir(fx->dir, &sb);
	assert_string_equal(sb.buf, "findings.csv findings.jsonl latest manifest.json report.html runs summary.csv");
	s = slurp(fx->dir, "findings.csv");
	assert_string_equal(s,
		"run_id,as_of,rule_id,severity,status,dataset,record_key,source_file,source_line,"
		"message,evidence,fingerprint,change,waiver,evidence_sources,field,raw_value\n"
		"RUN,2026-11-25,R-1,warning,open,sales,INV-1,data/sales.csv,2,plain,"
		"sale=sales[INV-1],0123456789abcdef,,,,,\n"
		/* a formula-like key is written exactly (joins); the message is neutralized */
		"RUN,2026-11-25,R-1,warning,open,sales,=1+2|3,data/sales.csv,2,"
		"\"'=SUM(A1), \"\"x\"\"\",sale=sales[INV-1],0123456789abcdef,,,,,\n");
	free(s);
	s = slurp(fx->dir, "findings.jsonl");
	assert_non_null(strstr(s, "{\"run_id\":\"RUN\",\"as_of\":\"2026-11-25\",\"rule_id\":\"R-1\","));
	assert_non_null(strstr(s, "\"source_line\":2,\"message\":\"=SUM(A1), \\\"x\\\"\","));
	free(s);
	s = slurp(fx->dir, "summary.csv");
	assert_string_equal(s,
		"run_id,rule_id,title,severity,driving_dataset,rows_evaluated,findings,open,waived,"
		"new,resolved,result,reason,as_of,complete\n"
		"RUN,DQ-TYPE,Value does not convert,error,,0,0,0,0,,,pass,,2026-11-25,true\n"
		"RUN,R-1,\"Amount, too high\",warning,sales,2,2,2,0,,,fail,,2026-11-25,true\n");
	free(s);
	s = slurp(fx->dir, "manifest.json");
	assert_non_null(strstr(s, "\"parameters\": {\n    \"as_of\": \"2026-11-25\",\n    \"limit\": null\n  }"));
	assert_non_null(strstr(s, "\"columns_missing\": [\"Region\"], \"columns_extra\": []"));
	assert_non_null(strstr(s, "\"by_status\": {\"open\": 2, \"waived\": 0}"));
	assert_non_null(strstr(s, "\"exit_status\": 0\n}\n"));
	free(s);
	s = slurp(fx->dir, "report.html");
	assert_non_null(strstr(s, "</html>\n"));
	assert_non_null(strstr(s, "&quot;x&quot;"));
	free(s);
	strbuf_release(&sb);
}

/* text alone writes no file: not even the output directory */
static void test_text_only(void **state)
{
	struct fx *fx = *state;
	char sub[128];
	struct stat st;
	snprintf(sub, sizeof(sub), "%s/out", fx->dir);
	assert_int_equal(run_sink(sub, "text", 0), 0);
	assert_int_equal(stat(sub, &st), -1);
}

/* the output directory cannot be created: nothing is written */
static void test_open_failure(void **state)
{
	struct fx *fx = *state;
	struct strbuf sb = STRBUF_INIT;
	char file[128], sub[160];
	FILE *fp;
	snprintf(file, sizeof(file), "%s/plain-file", fx->dir);
	fp = fopen(file, "w");
	assert_non_null(fp);
	fclose(fp);
	snprintf(sub, sizeof(sub), "%s/out", file);
	assert_int_equal(run_sink(sub, "html,csv", 1), -1);
	assert_non_null(strstr(g_err.buf, "error: cannot create directory"));
	list_dir(fx->dir, &sb);
	assert_string_equal(sb.buf, "plain-file");
	strbuf_release(&sb);
}

/* Writes fail past 4 KiB (RLIMIT_FSIZE): the run fails, reports it once
 * per file, and leaves no temporary and no final file. */
static void test_write_failure(void **state)
{
	struct fx *fx = *state;
	struct strbuf sb = STRBUF_INIT;
	struct rlimit old, lim;
	void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
	char runs[256];
	int rc;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	rc = run_sink(fx->dir, "html,csv,json", 2000);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, old_sig);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(g_err.buf, "error: cannot write "));
	list_dir(fx->dir, &sb);
	assert_string_equal(sb.buf, "runs");
	snprintf(runs, sizeof(runs), "%s/runs", fx->dir);
	list_dir(runs, &sb);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

/* the link target of DIR/NAME */
static void link_of(const char *dir, const char *name, char *buf, size_t n)
{
	char path[512];
	ssize_t k;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	k = readlink(path, buf, n - 1);
	assert_true(k > 0);
	buf[k] = '\0';
}

/* Each run is a directory in runs/; `latest` switches to it in one
 * rename; the file names link through latest; the previous run is kept
 * and older ones are removed; a file the new run does not write loses
 * its link; a run with the same id gets a suffix. */
static void test_run_dirs(void **state)
{
	struct fx *fx = *state;
	struct strbuf sb = STRBUF_INIT;
	char runs[256], target[256];
	char *s;
	snprintf(runs, sizeof(runs), "%s/runs", fx->dir);
	assert_int_equal(run_sink_id(fx->dir, "html,csv,json", 1, "A"), 0);
	link_of(fx->dir, "latest", target, sizeof(target));
	assert_string_equal(target, "runs/A");
	link_of(fx->dir, "findings.csv", target, sizeof(target));
	assert_string_equal(target, "latest/findings.csv");
	assert_int_equal(run_sink_id(fx->dir, "html,csv", 1, "B"), 0);
	list_dir(fx->dir, &sb);
	assert_string_equal(sb.buf, "findings.csv latest manifest.json report.html runs summary.csv");
	list_dir(runs, &sb);
	assert_string_equal(sb.buf, "A B");
	assert_int_equal(run_sink_id(fx->dir, "csv", 1, "B"), 0);
	list_dir(runs, &sb);
	assert_string_equal(sb.buf, "B B.2");
	link_of(fx->dir, "latest", target, sizeof(target));
	assert_string_equal(target, "runs/B.2");
	s = slurp(fx->dir, "manifest.json");
	assert_non_null(strstr(s, "\"run_id\": \"RUN\""));
	free(s);
	strbuf_release(&sb);
}

/* A run that fails to write leaves the previous run's outputs in place,
 * all of them, and no temporary. */
static void test_failure_keeps_previous(void **state)
{
	struct fx *fx = *state;
	struct strbuf sb = STRBUF_INIT;
	struct rlimit old, lim;
	void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
	char runs[256], target[256];
	int rc;
	snprintf(runs, sizeof(runs), "%s/runs", fx->dir);
	assert_int_equal(run_sink_id(fx->dir, "html,csv", 1, "A"), 0);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	rc = run_sink_id(fx->dir, "html,csv,json", 2000, "B");
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, old_sig);
	assert_int_equal(rc, -1);
	link_of(fx->dir, "latest", target, sizeof(target));
	assert_string_equal(target, "runs/A");
	list_dir(runs, &sb);
	assert_string_equal(sb.buf, "A");
	list_dir(fx->dir, &sb);
	assert_string_equal(sb.buf, "findings.csv latest manifest.json report.html runs summary.csv");
	strbuf_release(&sb);
}

static void test_junit(void **state)
{
	struct fx *fx = *state;
	struct strbuf sb = STRBUF_INIT;
	struct junit *j = junit_new();
	char path[128];
	char *s;
	snprintf(path, sizeof(path), "%s/junit.xml", fx->dir);
	junit_suite_begin(j, "a.test");
	junit_case(j, "a.test", "passes <ok>", 0.0014, NULL);
	junit_case(j, "a.test", "fails", 0.5, "expected R-1 & got none");
	junit_suite_end(j);
	assert_int_equal(junit_write(j, path, 3, 2), 0);
	assert_int_equal(junit_write(j, "/nonexistent/dir/junit.xml", 3, 2), -1);
	assert_non_null(strstr(g_err.buf, "error: cannot write /nonexistent/dir/junit.xml: "));
	junit_free(j);
	junit_free(NULL);
	s = slurp(fx->dir, "junit.xml");
	assert_string_equal(s,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites tests=\"3\" failures=\"2\">\n"
		"  <testsuite name=\"a.test\" tests=\"2\" failures=\"1\" errors=\"0\">\n"
		"    <testcase classname=\"a.test\" name=\"passes &lt;ok&gt;\" time=\"0.001\"/>\n"
		"    <testcase classname=\"a.test\" name=\"fails\" time=\"0.500\">\n"
		"      <failure message=\"expectations not met\">expected R-1 &amp; got none</failure>\n"
		"    </testcase>\n"
		"  </testsuite>\n"
		"</testsuites>\n");
	free(s);
	list_dir(fx->dir, &sb);
	assert_string_equal(sb.buf, "junit.xml");
	strbuf_release(&sb);
}

/* Issue 14 (6): every CSV cell is valid UTF-8, each maximal invalid
 * subpart replaced by one U+FFFD (the policy of util/utf8.h) */
static void test_csv_cell_utf8(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	out_csv_cell(&sb, "Caf\xe9 Ltd", 8, 0);             /* Latin-1 e-acute */
	assert_string_equal(sb.buf, "Caf\xef\xbf\xbd Ltd");
	assert_true(utf8_valid(sb.buf, sb.len));
	strbuf_reset(&sb);
	out_csv_cell(&sb, "a\xe2\x82,\xff\xfe", 6, 0);    /* truncated sequence, two bad bytes; quoted */
	assert_string_equal(sb.buf, "\"a\xef\xbf\xbd,\xef\xbf\xbd\xef\xbf\xbd\"");
	strbuf_reset(&sb);
	out_csv_cell(&sb, "=\xc0x", 3, 0);                  /* still neutralized after the replacement */
	assert_string_equal(sb.buf, "'=\xef\xbf\xbdx");
	strbuf_reset(&sb);
	out_csv_cell(&sb, "\xc3\xa9", 2, 1);               /* valid text unchanged */
	assert_string_equal(sb.buf, "\xc3\xa9");
	strbuf_release(&sb);
}

/* JSON strings: plain runs copied, escapes at every position of a run,
 * invalid UTF-8 as U+FFFD, valid multi-byte sequences kept */
static void test_json_str(void **state)
{
	static const struct { const char *in; size_t n; const char *want; } cases[] = {
		{ "", 0, "\"\"" },
		{ "plain text, long enough to pass eight bytes", 43, "\"plain text, long enough to pass eight bytes\"" },
		{ "\"q\" a\\b", 7, "\"\\\"q\\\" a\\\\b\"" },
		{ "line1\nline2\r\t\x01", 14, "\"line1\\nline2\\r\\t\\u0001\"" },
		{ "M\xc3\xbcller \xe2\x82\xac", 11, "\"M\xc3\xbcller \xe2\x82\xac\"" },
		{ "bad \xff\xfe end", 10, "\"bad \\ufffd\\ufffd end\"" },
		{ "nul\0x", 5, "\"nul\\u0000x\"" },
		{ "\x7f", 1, "\"\x7f\"" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		out_json_str(&sb, cases[i].in, cases[i].n);
		assert_string_equal(sb.buf, cases[i].want);
		strbuf_release(&sb);
	}
}

/* the 8-byte ASCII skip: a bad byte at every offset of a long text */
static void test_utf8_valid_every_offset(void **state)
{
	char buf[40];
	size_t at;
	(void)state;
	memset(buf, 'a', sizeof(buf));
	assert_true(utf8_valid(buf, sizeof(buf)));
	for (at = 0; at < sizeof(buf); at++) {
		buf[at] = (char)0xC3;   /* a lead byte with no continuation */
		assert_false(utf8_valid(buf, sizeof(buf)));
		if (at + 1 < sizeof(buf)) {
			buf[at + 1] = (char)0xA9;   /* now "\xc3\xa9": valid */
			assert_true(utf8_valid(buf, sizeof(buf)));
			buf[at + 1] = 'a';
		}
		buf[at] = 'a';
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_csv_cell_utf8),
		cmocka_unit_test(test_json_str),
		cmocka_unit_test(test_utf8_valid_every_offset),
		cmocka_unit_test_setup_teardown(test_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_junit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_dirs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_keeps_previous, setup, teardown),
	};
	error_set_routine(capture, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
