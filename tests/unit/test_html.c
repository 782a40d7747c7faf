/*
 * test_html.c - report.html (reports/html.c): drives the writer's
 * operations (reports/sink.h) with synthetic rules, findings and inputs,
 * then reads the page back with libxml2's HTML parser and checks it with
 * XPath.
 */
#include <dirent.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlstring.h>
#include <libxml/xpath.h>
#include <sys/stat.h>

#include "testutil.h"

#include "reports/html.h"
#include "reports/sink.h"
#include "util/error.h"

#define EM_DASH "\xe2\x80\x94"
#define FFFD "\xef\xbf\xbd"
#define HOSTILE "<script>alert(1)</script>"

/* ---- a temporary output directory per test ---------------------------- */

struct fx {
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	strcpy(fx->dir, "/tmp/verdict-html-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof(fx->path), "%s/report.html", fx->dir);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	unlink(fx->path);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static size_t dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* messages of util/error.h, captured */
static struct strbuf g_err = STRBUF_INIT;

static void capture(void *ud, const char *kind, const char *msg)
{
	(void)ud;
	strbuf_addf(&g_err, "%s: %s\n", kind, msg);
}

/* ---- synthetic runs --------------------------------------------------- */

/* Overrides for the generated findings (NULL: the default text). */
static const char *g_msg, *g_key, *g_evidence, *g_dataset;
/* the data directory and embedding budget of the sink options */
static const char *g_data_dir;
static size_t g_embed_max;
/* the evidence as structs, for every finding (NULL: strings only) */
static const struct report_ref *g_refs;
static size_t g_nrefs;

static void gen_finding(const struct report_rule *r, size_t k, struct report_finding *f,
			char (*buf)[128])
{
	snprintf(buf[0], 128, "P-%05zu", k + 1);
	snprintf(buf[1], 128, "Order %zu of partner P-%05zu violates %s", k + 1, k + 1, r->id);
	snprintf(buf[2], 128, "sale=sales[INV-%zu|1];buyer=partners[P-%05zu]", k + 1, k + 1);
	memset(f, 0, sizeof(*f));
	f->rule_id = r->id;
	f->severity = r->severity;
	f->status = "open";
	f->dataset = g_dataset ? g_dataset : r->is_dq ? "partners" : "sales";
	f->record_key = g_key ? g_key : buf[0];
	f->source_file = r->is_dq ? "data/partners.csv" : "data/sales.csv";
	f->source_line = (uint32_t)(k + 2);
	f->message = g_msg ? g_msg : buf[1];
	f->evidence = g_evidence ? g_evidence : buf[2];
	f->fingerprint = "0123456789abcdef";
	f->change = "";
	f->waiver = "";
	f->refs = g_refs;
	f->nrefs = g_nrefs;
}

static const char rule_text[] =
	"rule CSP-RESALE-001 {\n"
	"  title    \"Online services resold into another CSP partner's tenant\"\n"
	"  severity error\n"
	"  for sale in sales\n"
	"  where sale.Subtotal > 0 and sale.MpnId != \"\" & <b>\n"
	"  message \"Order {sale.OrderId}\"\n"
	"}";

static struct report_rule mk_rule(const char *id, const char *sev, size_t findings)
{
	struct report_rule r;
	memset(&r, 0, sizeof(r));
	r.id = id;
	r.title = "Online services resold into another CSP partner's tenant";
	r.severity = sev;
	r.policy = "A CSP partner may not resell online services to another partner in CSP.";
	r.source = "Partner Center: Different ways you can work with other partners";
	r.text = rule_text;
	r.text_len = strlen(rule_text);
	r.file = "rules/csp/resale.rules";
	r.line = 42;
	r.driving = "sales";
	r.rows_evaluated = 1000;
	r.findings = r.open = findings;
	return r;
}

static struct report_rule mk_dq(const char *id, size_t findings)
{
	struct report_rule r;
	memset(&r, 0, sizeof(r));
	r.id = id;
	r.title = "Value does not convert to the field's type";
	r.severity = "error";
	r.driving = "";
	r.findings = r.open = findings;
	r.is_dq = 1;
	return r;
}

static struct report_input mk_input(const char *ds, size_t read, size_t loaded, size_t rejected)
{
	struct report_input in;
	memset(&in, 0, sizeof(in));
	in.dataset = ds;
	in.title = "Invoice reconciliation lines";
	in.path = "fixtures/csp/sales.csv";
	in.format = "csv";
	in.bytes = 123456;
	memset(in.sha256, 'a', 64);
	memcpy(in.sha256, "5e1f", 4);
	in.rows_read = read;
	in.rows_loaded = loaded;
	in.rows_rejected = rejected;
	in.missing = "";
	in.extra = "";
	return in;
}

static struct report_run mk_run(const struct report_rule *rules, size_t n)
{
	struct report_run run;
	size_t i;
	memset(&run, 0, sizeof(run));
	run.version = "0.1.0";
	run.run_id = "20261125T100000Z-5e1f0c2a";
	run.as_of = "2026-11-25";
	run.started = "2026-11-25T10:00:00Z";
	run.ended = "2026-11-25T10:00:03Z";
	run.rule_pack = "rules/csp";
	for (i = 0; i < n; i++) {
		const char *s = rules[i].severity;
		run.counts[!strcmp(s, "error") ? 0 : !strcmp(s, "warning") ? 1 : 2] += rules[i].open;
		run.waived += rules[i].waived;
	}
	run.fail_on = "error";
	run.exit_status = run.counts[0] ? 1 : 0;
	return run;
}

/* Streams the rules (DQ ones first, as verdict run does) and writes the
 * page to fx->path. */
static void render(struct fx *fx, size_t limit, const struct report_run *run,
		   const struct report_rule *rules, size_t nrules,
		   const struct report_input *inputs, size_t ninputs)
{
	struct sink_opts o = { fx->dir, run->run_id, run->as_of, limit, 0, 0, g_data_dir, g_embed_max };
	struct sink_summary sum = { run, rules, nrules, inputs, ninputs };
	struct outfile of;
	struct report_finding f;
	char buf[3][128];
	void *h = NULL;
	size_t i, k;
	strbuf_reset(&g_err);
	assert_int_equal(out_open(&of, fx->dir, "report.html"), 0);
	assert_int_equal(html_ops.open(&h, &of, &o), 0);
	for (i = 0; i < nrules; i++) {
		html_ops.rule_begin(h, &rules[i]);
		for (k = 0; k < rules[i].findings; k++) {
			gen_finding(&rules[i], k, &f, buf);
			html_ops.finding(h, &f);
		}
		html_ops.rule_end(h, &rules[i]);
	}
	assert_int_equal(html_ops.finish(h, &sum), 0);
	html_ops.free(h);
	assert_int_equal(out_commit(&of), 0);
	assert_string_equal(g_err.buf, "");
	/* the scratch files are gone: only the report is left */
	assert_int_equal(dir_entries(fx->dir), 1);
}

/* ---- reading the page back ------------------------------------------- */

struct perr {
	size_t errors;   /* every error except the tolerated ones below */
	size_t svg_tags; /* libxml2 2.9 does not know HTML5's inline SVG */
	char first[256];
};

static int is_svg_tag(const char *name)
{
	static const char *const svg[] = { "svg", "g", "rect", "text", "line" };
	size_t i;
	for (i = 0; name && i < sizeof(svg) / sizeof(*svg); i++)
		if (!strcmp(name, svg[i]))
			return 1;
	return 0;
}

static void on_error(void *ud, xmlErrorPtr e)
{
	struct perr *pe = ud;
	if (e->level < XML_ERR_ERROR)
		return;
	if (e->domain == XML_FROM_HTML && e->code == XML_HTML_UNKNOWN_TAG && is_svg_tag(e->str1)) {
		pe->svg_tags++;
		return;
	}
	/* HTML5's <wbr> (a line-break opportunity in paths), also unknown to it */
	if (e->domain == XML_FROM_HTML && e->code == XML_HTML_UNKNOWN_TAG && e->str1 &&
	    !strcmp(e->str1, "wbr"))
		return;
	if (!pe->errors++)
		snprintf(pe->first, sizeof(pe->first), "line %d: %s", e->line,
			 e->message ? e->message : "?");
}

static htmlDocPtr parse_with(const char *path, struct perr *pe)
{
	htmlDocPtr doc;
	memset(pe, 0, sizeof(*pe));
	xmlSetStructuredErrorFunc(pe, on_error);
	doc = htmlReadFile(path, "UTF-8", HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	return doc;
}

/* Parses and insists on no libxml2 error at all. */
static htmlDocPtr parse(const char *path)
{
	struct perr pe;
	htmlDocPtr doc = parse_with(path, &pe);
	assert_non_null(doc);
	if (pe.errors)
		print_error("libxml2: %zu errors, first %s\n", pe.errors, pe.first);
	assert_int_equal(pe.errors, 0);
	return doc;
}

static xmlXPathObjectPtr xeval(htmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	xmlXPathFreeContext(ctx);
	if (!o)
		print_error("bad XPath: %s\n", expr);
	assert_non_null(o);
	return o;
}

static long xcount(htmlDocPtr doc, const char *path)
{
	char expr[512];
	xmlXPathObjectPtr o;
	long n;
	snprintf(expr, sizeof(expr), "count(%s)", path);
	o = xeval(doc, expr);
	n = (long)o->floatval;
	xmlXPathFreeObject(o);
	return n;
}

/* string(path), normalized unless raw; caller frees. */
static char *xstr(htmlDocPtr doc, const char *path)
{
	char expr[512];
	xmlXPathObjectPtr o;
	char *s;
	snprintf(expr, sizeof(expr), "normalize-space(%s)", path);
	o = xeval(doc, expr);
	s = strdup((const char *)o->stringval);
	xmlXPathFreeObject(o);
	return s;
}

static void assert_xstr(htmlDocPtr doc, const char *path, const char *want)
{
	char *got = xstr(doc, path);
	if (strcmp(got, want))
		print_error("%s: got \"%s\", want \"%s\"\n", path, got, want);
	assert_string_equal(got, want);
	free(got);
}

static void assert_xcount(htmlDocPtr doc, const char *path, long want)
{
	long got = xcount(doc, path);
	if (got != want)
		print_error("count(%s) = %ld, want %ld\n", path, got, want);
	assert_int_equal(got, want);
}

/* Every link of the rule table (n of them) names exactly one section. */
static void assert_links_resolve(htmlDocPtr doc, int n)
{
	xmlXPathObjectPtr o = xeval(doc, "//table[@id='rule-table']/tbody/tr/th/a/@href");
	char expr[300];
	int i;
	assert_int_equal(o->nodesetval ? o->nodesetval->nodeNr : 0, n);
	for (i = 0; i < n; i++) {
		xmlChar *href = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
		assert_int_equal(href[0], '#');
		/* a rule's section, or a DQ check without findings: an item of its list */
		snprintf(expr, sizeof(expr), "//div[@class='rule'][@id='%s'] | //ul[@class='dqpass']/li[@id='%s']",
			 (const char *)href + 1, (const char *)href + 1);
		assert_xcount(doc, expr, 1);
		xmlFree(href);
	}
	xmlXPathFreeObject(o);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct stat st;
	char *buf;
	assert_non_null(fp);
	assert_int_equal(fstat(fileno(fp), &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_int_equal(fread(buf, 1, (size_t)st.st_size, fp), (size_t)st.st_size);
	buf[st.st_size] = '\0';
	fclose(fp);
	*len = (size_t)st.st_size;
	return buf;
}

static char *escaped(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	html_escape(&sb, s, n);
	return strbuf_detach(&sb, NULL);
}

#define assert_escape(in, want) \
	do { \
		char *got_ = escaped(in, sizeof(in) - 1); \
		assert_string_equal(got_, want); \
		free(got_); \
	} while (0)

/* ---- html_escape ------------------------------------------------------ */

static void test_escape_markup(void **state)
{
	(void)state;
	assert_escape("a & b < c > d \" e ' f", "a &amp; b &lt; c &gt; d &quot; e &#39; f");
	assert_escape(HOSTILE, "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_escape("plain text, 100% ok", "plain text, 100% ok");
	assert_escape("", "");
}

static void test_escape_controls(void **state)
{
	(void)state;
	/* tab, newline and CR are kept; other C0 controls and DEL become
	 * visible Control Pictures; NUL inside the length too */
	assert_escape("a\tb\nc\r\n", "a\tb\nc\r\n");
	assert_escape("x\x01y\x1b", "x\xe2\x90\x81y\xe2\x90\x9b");
	assert_escape("\x7f", "\xe2\x90\xa1");
	assert_escape("a\0b", "a\xe2\x90\x80" "b");
	/* C1 controls (valid UTF-8, but controls) and noncharacters */
	assert_escape("a\xc2\x85z", "a" FFFD "z");
	assert_escape("\xef\xbf\xbe|\xef\xb7\x90", FFFD "|" FFFD);
}

static void test_escape_utf8(void **state)
{
	(void)state;
	assert_escape("Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	assert_escape("bad \xff byte", "bad " FFFD " byte");
	/* a truncated sequence is one maximal subpart: one U+FFFD */
	assert_escape("\xe2\x82" "A", FFFD "A");
	assert_escape("end \xf0\x9f\x98", "end " FFFD);
	/* overlong forms and surrogates: every byte is invalid */
	assert_escape("\xc0\xaf", FFFD FFFD);
	assert_escape("\xed\xa0\x80", FFFD FFFD FFFD);
	assert_escape("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);
	/* a lone continuation byte next to valid text */
	assert_escape("\x80\xc3\xa9", FFFD "\xc3\xa9");
}

static void test_escape_appends(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	strbuf_addstr(&sb, "<p>");
	html_escape(&sb, "a<b", 2); /* only n bytes */
	html_escape(&sb, NULL, 0);
	assert_string_equal(sb.buf, "<p>a&lt;");
	strbuf_release(&sb);
}

/* ---- the page --------------------------------------------------------- */

static void test_libxml2_catches_errors(void **state)
{
	struct fx *fx = *state;
	struct perr pe;
	htmlDocPtr doc;
	FILE *fp = fopen(fx->path, "wb");
	assert_non_null(fp);
	fputs("<!DOCTYPE html><html><body><p>x</div><foo>y</foo></body></html>", fp);
	fclose(fp);
	doc = parse_with(fx->path, &pe);
	assert_non_null(doc);
	assert_true(pe.errors >= 2); /* the handler does see errors */
	xmlFreeDoc(doc);
}

static void test_structure(void **state)
{
	struct fx *fx = *state;
	struct report_rule rules[] = {
		mk_dq("DQ-TYPE", 2), mk_rule("CSP-RESALE-001", "error", 3),
		mk_rule("CSP-INDIRECT-002", "warning", 1), mk_rule("CSP-MULTI-001", "info", 4),
		mk_rule("CSP-CLEAN-004", "error", 0),
	};
	struct report_input in[] = { mk_input("sales", 10, 9, 1) };
	struct report_run run;
	struct perr pe;
	htmlDocPtr doc;
	(void)state;
	rules[3].open = 3, rules[3].waived = 1;
	run = mk_run(rules, 5);
	render(fx, 500, &run, rules, 5, in, 1);
	doc = parse(fx->path);

	assert_xstr(doc, "/html/@lang", "en");
	assert_xcount(doc, "//meta[@charset='utf-8']", 1);
	assert_xstr(doc, "//meta[@http-equiv='Content-Security-Policy']/@content",
		    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
		    "img-src data:");
	assert_xcount(doc, "//meta[@name='viewport']", 1);
	assert_xstr(doc, "//h1", "verdict compliance report");
	assert_xstr(doc, "//*[@id='run-id']", "20261125T100000Z-5e1f0c2a");
	assert_xcount(doc, "//dd[.='2026-11-25']", 1);
	assert_xcount(doc, "//dd[.='2026-11-25T10:00:00Z']", 1);
	assert_xcount(doc, "//dd[.='rules/csp']", 1);
	assert_xcount(doc, "//dd[.='verdict 0.1.0']", 1);
	/* no banner on a complete run; one script (ours), no external anything */
	assert_xcount(doc, "//*[@role='alert']", 0);
	assert_xcount(doc, "//script[not(@type)]", 1);
	/* the embedded data: rules and findings, not run */
	assert_xcount(doc, "//script[@type='application/json']", 2);
	assert_xcount(doc, "//script[@src] | //link | //img | //iframe | //object", 0);

	/* tiles */
	assert_xstr(doc, "//*[@id='tile-error']/span[@class='n']", "5");
	assert_xstr(doc, "//*[@id='tile-warning']/span[@class='n']", "1");
	assert_xstr(doc, "//*[@id='tile-info']/span[@class='n']", "3");
	assert_xstr(doc, "//*[@id='tile-waived']/span[@class='n']", "1");

	/* the overall result: FAIL at --fail-on error, with the exit status */
	assert_xstr(doc, "//*[@id='overall-result']/@data-result", "FAIL");
	assert_xcount(doc, "//*[@id='overall-result'][contains(., 'exit status 1') and "
			   "contains(., '--fail-on error') and contains(., '5 open errors')]", 1);
	assert_xcount(doc, "//*[@id='all-clear']", 0);
	assert_xstr(doc, "//*[@id='rows']", "10 read, 9 loaded, 1 rejected (1 input)");
	assert_xcount(doc, "//*[@id='complete'][starts-with(., 'Yes')]", 1);

	/* chart: rules with findings, most first, a bar and the rate each */
	assert_xcount(doc, "//table[@id='chart-rules']/tbody/tr", 3);
	assert_xstr(doc, "//table[@id='chart-rules']/tbody/tr[1]/th", "CSP-MULTI-001");
	assert_xstr(doc, "//table[@id='chart-rules']/tbody/tr[3]/th", "CSP-INDIRECT-002");
	assert_xcount(doc, "//table[@id='chart-rules']//svg/rect[@class='f-warning']", 1);
	assert_xstr(doc, "//table[@id='chart-rules']/tbody/tr[1]//span[@class='bv']", "4");
	/* the search form, hidden without JavaScript, and its scope */
	assert_xcount(doc, "//form[@id='search-form' and @hidden]", 1);
	assert_xcount(doc, "//*[@id='search-scope'][contains(., 'all 10 findings')]", 1);
	assert_xstr(doc, "//script[@id='vd-findings']/@data-embedded", "10");

	/* rule table: one row per rule, rules first, each linking its section */
	assert_xcount(doc, "//table[@id='rule-table']/tbody/tr", 5);
	assert_xcount(doc, "//table[@id='rule-table']/thead/tr/th[@scope='col']", 6);
	assert_xstr(doc, "//table[@id='rule-table']/tbody/tr[1]/th/a/@href", "#rule-CSP-RESALE-001");
	assert_xstr(doc, "//table[@id='rule-table']/tbody/tr[5]/th/a/@href", "#rule-DQ-TYPE");
	assert_xstr(doc, "//table[@id='rule-table']/tbody/tr[1]/td[5]", "fail");
	assert_xstr(doc, "//table[@id='rule-table']/tbody/tr[4]/td[5]", "pass");
	/* info with open findings: noted, not fail; severity sorts by rank */
	assert_xstr(doc, "//table[@id='rule-table']/tbody/tr[3]/td[5]", "noted");
	assert_xstr(doc, "//table[@id='rule-table']/tbody/tr[3]/td[2]/@data-k", "3");
	assert_xstr(doc, "//table[@id='rule-table']/tbody/tr[5]/td[3]", "0 rows read");
	assert_xstr(doc, "//table[@id='rule-table']/tbody/tr[3]/td[4]", "4 1 waived");
	assert_links_resolve(doc, 5);

	/* per-rule sections, in the findings section, with policy, text and findings */
	assert_xcount(doc, "//*[@id='findings']/div[@class='rule']", 4);
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']", 1);
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//dd[contains(., 'may not resell "
			   "online services')]", 1);
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//dd[.='Partner Center: Different ways "
			   "you can work with other partners (no link, no date)']", 1);
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//dd[.='rules/csp/resale.rules:42']", 1);
	{
		xmlXPathObjectPtr o = xeval(doc, "string(//*[@id='rule-CSP-RESALE-001']//pre/code)");
		assert_string_equal((const char *)o->stringval, rule_text);
		xmlXPathFreeObject(o);
	}
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//table/caption", 1);
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//table/thead/tr/th[@scope='col']", 5);
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//table/tbody/tr", 3);
	assert_xstr(doc, "//*[@id='rule-CSP-RESALE-001']//tbody/tr[2]/td[2]", "P-00002");
	assert_xstr(doc, "//*[@id='rule-CSP-RESALE-001']//tbody/tr[2]/td[3]", "data/sales.csv:3");
	assert_xstr(doc, "//*[@id='rule-CSP-RESALE-001']//tbody/tr[2]/td[4]",
		    "Order 2 of partner P-00002 violates CSP-RESALE-001");
	assert_xstr(doc, "//*[@id='rule-CSP-RESALE-001']//tbody/tr[2]/td[5]",
		    "sale=sales[INV-2|1];buyer=partners[P-00002]");
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//*[@class='more']", 0);
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//table[contains(@class, 'noev')]", 0);
	/* the filter box exists but stays hidden without JavaScript */
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//div[@class='filter' and @hidden]"
			   "//input[@type='search']", 1);

	/* empty rule */
	assert_xcount(doc, "//*[@id='rule-CSP-CLEAN-004']//table", 0);
	assert_xstr(doc, "//*[@id='rule-CSP-CLEAN-004']//p[@class='none']", "No findings.");

	/* data quality comes after the rules, with its own sections */
	assert_xcount(doc, "//*[@id='data-quality']//*[@id='rule-DQ-TYPE']", 1);
	assert_xcount(doc, "//*[@id='rule-DQ-TYPE']//tbody/tr", 2);
	assert_xcount(doc, "//*[@id='rule-DQ-TYPE']//thead/tr/th[.='Dataset']", 1);
	assert_xcount(doc, "//*[@id='findings']/following::*[@id='data-quality']", 1);
	assert_xcount(doc, "//*[@id='data-quality']/following::*[@id='inputs']", 1);
	xmlFreeDoc(doc);

	/* libxml2 2.9 reports inline SVG elements as unknown tags: only those */
	doc = parse_with(fx->path, &pe);
	assert_int_equal(pe.errors, 0);
	assert_true(pe.svg_tags > 0);
	xmlFreeDoc(doc);
}

static void test_incomplete_banner(void **state)
{
	struct fx *fx = *state;
	struct report_rule rules[] = { mk_rule("CSP-RESALE-001", "error", 1) };
	struct report_run run = mk_run(rules, 1);
	htmlDocPtr doc;
	run.incomplete = 1;
	run.exit_status = 2;
	run.incomplete_why = "sales.csv could not be read completely (line 12: unterminated quote)";
	render(fx, 500, &run, rules, 1, NULL, 0);
	doc = parse(fx->path);
	assert_xcount(doc, "//*[@role='alert']", 1);
	assert_xstr(doc, "//*[@id='overall-result']/@data-result", "INCOMPLETE");
	assert_xcount(doc, "//*[@id='overall-result'][contains(., 'line 12: unterminated quote')]", 1);
	assert_xcount(doc, "//*[@id='complete'][starts-with(., 'No')]", 1);
	/* at the top: the first element of the body */
	assert_xcount(doc, "/html/body/*[1][@role='alert']", 1);
	assert_xcount(doc, "//*[@role='alert'][contains(., 'INCOMPLETE')]", 1);
	assert_xcount(doc, "//*[@role='alert'][contains(., 'sales.csv could not be read completely "
			   "(line 12: unterminated quote)')]", 1);
	assert_xcount(doc, "//*[@role='alert'][contains(., 'findings may be missing')]", 1);
	assert_xcount(doc, "//table[@id='rule-table']/caption[contains(., 'incomplete')]", 1);
	xmlFreeDoc(doc);
}

static void test_hostile_values(void **state)
{
	struct fx *fx = *state;
	struct report_rule rules[] = { mk_rule("CSP-X\" onmouseover=\"alert(1)", "error", 2) };
	struct report_input in = mk_input("<img src=x onerror=alert(1)>", 3, 3, 0);
	struct report_run run = mk_run(rules, 1);
	htmlDocPtr doc;
	rules[0].title = HOSTILE;
	rules[0].policy = "</code></pre><script>alert(2)</script>";
	rules[0].text = "rule X { message \"</textarea><script>alert(3)</script>\" }";
	rules[0].text_len = strlen(rules[0].text);
	in.path = "'><svg onload=alert(4)>";
	in.error = HOSTILE;
	in.input_error = 1;
	run.run_id = "\"><script>alert(5)</script>";
	run.rule_pack = HOSTILE;
	run.incomplete = 1;
	run.incomplete_why = HOSTILE;
	g_msg = "Partner " HOSTILE " resold";
	g_key = HOSTILE;
	g_evidence = "buyer=partners[" HOSTILE "]";
	g_dataset = HOSTILE;
	render(fx, 500, &run, rules, 1, &in, 1);
	g_msg = g_key = g_evidence = g_dataset = NULL;
	doc = parse(fx->path);
	/* only our own script, no event handler attribute, no injected element */
	assert_xcount(doc, "//script[not(@type)]", 1);
	assert_xcount(doc, "//script[not(@type)][contains(., 'alert')]", 0);
	/* the embedded findings hold the hostile text, but no '<' (\u003c) */
	assert_xcount(doc, "//script[@id='vd-findings'][contains(., 'alert')]", 1);
	assert_xcount(doc, "//script[@type='application/json'][contains(., '<')]", 0);
	assert_xcount(doc, "//@*[starts-with(name(), 'on')]", 0);
	assert_xcount(doc, "//img | //textarea", 0);
	assert_xcount(doc, "//svg", 1); /* the chart's, no other */
	/* ...and the hostile values are there, as text */
	assert_xcount(doc, "//td[.='Partner " HOSTILE " resold']", 2);
	assert_xcount(doc, "//td[.='" HOSTILE "']", 3); /* 2 keys, the title in the rule table */
	assert_xcount(doc, "//td[.='buyer=partners[" HOSTILE "]']", 2);
	assert_xcount(doc, "//h3[contains(., '" HOSTILE "')]", 1);
	assert_xcount(doc, "//dd[.='</code></pre><script>alert(2)</script>']", 1);
	assert_xcount(doc, "//pre/code[contains(., '</textarea><script>alert(3)</script>')]", 1);
	assert_xcount(doc, "//*[@role='alert'][contains(., '" HOSTILE "')]", 1);
	assert_xcount(doc, "//th[contains(., '<img src=x onerror=alert(1)>')]", 2);
	assert_xcount(doc, "//span[.=\"'><svg onload=alert(4)>\"]", 1);
	assert_xcount(doc, "//title[contains(., '\"><script>alert(5)</script>')]", 1);
	/* the anchor is sanitized and still matches its section */
	assert_xcount(doc, "//table[@id='rule-table']//a[starts-with(@href, '#rule-CSP-X__onmouseover__alert_1_-')]", 1);
	assert_links_resolve(doc, 1);
	xmlFreeDoc(doc);
}

static void test_anchor_ids(void **state)
{
	struct fx *fx = *state;
	struct report_rule rules[] = {
		mk_rule("R.1", "error", 0), mk_rule("R_1", "error", 0), mk_rule("R 1", "info", 0),
		mk_rule("CSP_OK-9", "info", 0),
	};
	struct report_run run = mk_run(rules, 4);
	htmlDocPtr doc;
	xmlXPathObjectPtr o;
	int i;
	render(fx, 500, &run, rules, 4, NULL, 0);
	doc = parse(fx->path);
	assert_xcount(doc, "//a[@href='#rule-R_1']", 1);        /* clean: kept as is */
	assert_xcount(doc, "//a[@href='#rule-CSP_OK-9']", 1);
	assert_xcount(doc, "//a[starts-with(@href, '#rule-R_1-')]", 2); /* cleaned: hashed */
	o = xeval(doc, "//div[@class='rule']/@id");
	assert_int_equal(o->nodesetval->nodeNr, 4);
	for (i = 0; i < 4; i++) {
		xmlChar *id = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
		const char *p;
		for (p = (const char *)id; *p; p++)
			assert_non_null(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					       "0123456789_-", *p));
		xmlFree(id);
	}
	xmlXPathFreeObject(o);
	/* distinct ids, each linked from the rule table */
	assert_xcount(doc, "//div[@class='rule'][@id = preceding::div[@class='rule']/@id]", 0);
	assert_links_resolve(doc, 4);
	xmlFreeDoc(doc);
}

static void test_cutoff(void **state)
{
	struct fx *fx = *state;
	struct report_rule rules[] = {
		mk_rule("R-OVER", "error", 12), mk_rule("R-EXACT", "warning", 5),
		mk_rule("R-ONE-OVER", "info", 6),
	};
	struct report_run run = mk_run(rules, 3);
	htmlDocPtr doc;
	render(fx, 5, &run, rules, 3, NULL, 0);
	doc = parse(fx->path);
	assert_xcount(doc, "//*[@id='rule-R-OVER']//table/tbody/tr", 5);
	assert_xstr(doc, "//*[@id='rule-R-OVER']//p[@class='more']",
		    "7 more findings " EM_DASH " all are in findings.csv (search all findings)");
	assert_xstr(doc, "//*[@id='rule-R-OVER']//tbody/tr[5]/td[1]", "5");
	assert_xcount(doc, "//*[@id='rule-R-OVER']//caption[contains(., 'first 5 of 12')]", 1);
	/* exactly at the limit: no cut-off line */
	assert_xcount(doc, "//*[@id='rule-R-EXACT']//table/tbody/tr", 5);
	assert_xcount(doc, "//*[@id='rule-R-EXACT']//p[@class='more']", 0);
	assert_xstr(doc, "//*[@id='rule-R-ONE-OVER']//p[@class='more']",
		    "1 more finding " EM_DASH " all are in findings.csv (search all findings)");
	/* the rule table still has the full counts */
	assert_xstr(doc, "//table[@id='rule-table']/tbody/tr[1]/td[4]", "12");
	xmlFreeDoc(doc);
}

static void test_limit_zero(void **state)
{
	struct fx *fx = *state;
	struct report_rule rules[] = { mk_rule("R-A", "error", 3), mk_rule("R-B", "error", 0) };
	struct report_run run = mk_run(rules, 2);
	htmlDocPtr doc;
	render(fx, 0, &run, rules, 2, NULL, 0);
	doc = parse(fx->path);
	assert_xcount(doc, "//*[@id='rule-R-A']//table", 0);
	assert_xstr(doc, "//*[@id='rule-R-A']//p[@class='more']",
		    "3 more findings " EM_DASH " all are in findings.csv (search all findings)");
	assert_xstr(doc, "//*[@id='rule-R-B']//p[@class='none']", "No findings.");
	xmlFreeDoc(doc);
}

static void test_invalid_utf8(void **state)
{
	struct fx *fx = *state;
	struct report_rule rules[] = { mk_rule("R-UTF8", "error", 1) };
	struct report_run run = mk_run(rules, 1);
	htmlDocPtr doc;
	size_t len;
	char *bytes;
	rules[0].title = "Caf\xc3\xa9 \xe9t\xe9";   /* Latin-1 bytes in a title */
	g_msg = "Partner M\xfcller GmbH \xe2\x82 sold \x01 item";
	render(fx, 500, &run, rules, 1, NULL, 0);
	g_msg = NULL;
	bytes = slurp(fx->path, &len);
	assert_int_equal(strlen(bytes), len); /* no NUL */
	assert_int_not_equal(xmlCheckUTF8((const unsigned char *)bytes), 0);
	free(bytes);
	doc = parse(fx->path);
	assert_xcount(doc, "//td[.='Partner M" FFFD "ller GmbH " FFFD " sold \xe2\x90\x81 item']", 1);
	assert_xcount(doc, "//h3[contains(., 'Caf\xc3\xa9 " FFFD "t" FFFD "')]", 1);
	xmlFreeDoc(doc);
}

static void test_inputs(void **state)
{
	struct fx *fx = *state;
	struct report_rule rules[] = { mk_dq("DQ-TYPE", 3), mk_rule("R-A", "error", 0) };
	struct report_input in[3];
	struct report_run run;
	htmlDocPtr doc;
	in[0] = mk_input("sales", 100, 97, 3);
	in[1] = mk_input("partners", 50, 48, 1);      /* does not reconcile */
	in[1].missing = "CspLeftOn, CspRole";
	in[1].extra = "Notes";
	in[1].format = "xml";
	in[1].bytes = 512;
	in[2] = mk_input("tenants", 7, 7, 0);
	in[2].input_error = 1;
	in[2].error = "tenants.xml:3: unexpected end of file";
	run = mk_run(rules, 2);
	g_dataset = "sales";
	g_evidence = "";
	render(fx, 500, &run, rules, 2, in, 3);
	g_dataset = g_evidence = NULL;
	doc = parse(fx->path);
	assert_xcount(doc, "//table[@id='input-table']/tbody/tr", 3);
	assert_xcount(doc, "//table[@id='input-table']/thead/tr/th[@scope='col']", 9);
	assert_xcount(doc, "//table[@id='input-table']/tbody/tr[1]//span[.='5e1f"
			   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']", 1);
	assert_xstr(doc, "//table[@id='input-table']/tbody/tr[1]/td[8]",
		    "\xe2\x9c\x93 Reconciles: 100 read = 97 loaded + 3 rejected");
	assert_xstr(doc, "//table[@id='input-table']/tbody/tr[1]/td[3]", "120.6 KiB 123456 bytes");
	assert_xstr(doc, "//table[@id='input-table']/tbody/tr[2]/td[8]",
		    "\xe2\x9a\xa0 Does not reconcile: 50 read \xe2\x89\xa0 48 loaded + 1 rejected "
		    "(1 row unaccounted for)");
	assert_xstr(doc, "//table[@id='input-table']/tbody/tr[2]/td[7]",
		    "Missing: CspLeftOn, CspRole Extra: Notes");
	assert_xstr(doc, "//table[@id='input-table']/tbody/tr[2]/td[3]", "512 bytes");
	assert_xcount(doc, "//table[@id='input-table']/tbody/tr[3]/td[8][contains(., "
			   "'Input error: tenants.xml:3: unexpected end of file')]", 1);
	/* data quality: rejected rows and DQ findings per dataset */
	assert_xstr(doc, "//table[@id='dq-table']/tbody/tr[th='sales']/td[2]", "3");
	assert_xstr(doc, "//table[@id='dq-table']/tbody/tr[th='sales']/td[3]", "3");
	assert_xstr(doc, "//table[@id='dq-table']/tbody/tr[th='partners']/td[3]", "0");
	/* no finding has evidence: the (empty) column is hidden */
	assert_xcount(doc, "//*[@id='rule-DQ-TYPE']//table[contains(@class, 'noev')]", 1);
	assert_xcount(doc, "//*[@id='rule-DQ-TYPE']//tbody/tr[1]/td[@class='mono ev'][.='']", 1);
	xmlFreeDoc(doc);
}

static void test_provenance(void **state)
{
	struct fx *fx = *state;
	struct report_rule rules[] = { mk_rule("R-A", "error", 0) };
	struct report_file files[] = { { "rules/csp/resale.rules", "", 0 } };
	struct report_param params[] = { { "as_of", "2026-11-25" }, { "min_days", "30" }, { "cutoff", NULL } };
	struct report_run run = mk_run(rules, 1);
	htmlDocPtr doc;
	memset(files[0].sha256, 'b', 64);
	run.rule_files = files;
	run.nrule_files = 1;
	run.declared = params;
	run.ndeclared = 3;
	run.command_line = "verdict run -r rules/csp --as-of 2026-11-25";
	render(fx, 500, &run, rules, 1, NULL, 0);
	doc = parse(fx->path);
	assert_xstr(doc, "//table[@id='rule-files']/tbody/tr/td[1]", "rules/csp/resale.rules");
	assert_xcount(doc, "//table[@id='rule-files']/tbody/tr/td[2][string-length(.)=64]", 1);
	assert_xstr(doc, "//table[@id='params']/tbody/tr[2]/th", "$min_days");
	assert_xstr(doc, "//table[@id='params']/tbody/tr[2]/td", "30");
	assert_xstr(doc, "//table[@id='params']/tbody/tr[3]/td", "null");
	assert_xcount(doc, "//pre/code[.='verdict run -r rules/csp --as-of 2026-11-25']", 1);
	assert_xcount(doc, "//*[@id='inputs']//p[@class='none']", 1);
	xmlFreeDoc(doc);
}

static void test_nothing(void **state)
{
	struct fx *fx = *state;
	struct report_run run = mk_run(NULL, 0);
	htmlDocPtr doc;
	run.run_id = NULL;
	run.started = NULL;
	render(fx, 500, &run, NULL, 0, NULL, 0);
	doc = parse(fx->path);
	assert_xcount(doc, "//table[@id='rule-table']/tbody/tr", 0);
	assert_xcount(doc, "//svg", 0);
	assert_xcount(doc, "//*[@id='all-clear']", 1);
	assert_xstr(doc, "//*[@id='overall-result']/@data-result", "PASS");
	assert_xcount(doc, "//*[@id='findings']//p[.='No rules were evaluated.']", 1);
	assert_xcount(doc, "//*[@id='data-quality']//p[.='No data-quality checks were reported.']", 1);
	assert_xstr(doc, "//*[@id='run-id']", "not recorded");
	xmlFreeDoc(doc);
}

static void test_deterministic(void **state)
{
	struct fx *fx = *state;
	struct report_rule rules[] = {
		mk_dq("DQ-REQUIRED", 4), mk_rule("R-A", "error", 30), mk_rule("R-B", "info", 0),
	};
	struct report_input in[] = { mk_input("sales", 10, 9, 1) };
	struct report_run run = mk_run(rules, 3);
	char *a, *b;
	size_t alen, blen;
	render(fx, 10, &run, rules, 3, in, 1);
	a = slurp(fx->path, &alen);
	render(fx, 10, &run, rules, 3, in, 1);
	b = slurp(fx->path, &blen);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	free(a);
	free(b);
}

static void test_scale(void **state)
{
	struct fx *fx = *state;
	struct report_rule rules[] = {
		mk_dq("DQ-TYPE", 10000), mk_rule("R-A", "error", 60000),
		mk_rule("R-B", "warning", 25000), mk_rule("R-C", "info", 4999),
		mk_rule("R-D", "error", 1),
	};
	struct report_run run = mk_run(rules, 5);
	htmlDocPtr doc;
	struct stat st;
	g_embed_max = (size_t)1 << 20; /* the search's data stops at 1 MiB */
	render(fx, 500, &run, rules, 5, NULL, 0);
	g_embed_max = 0;
	assert_int_equal(stat(fx->path, &st), 0);
	assert_true(st.st_size < 3 * 1024 * 1024);
	doc = parse(fx->path);
	/* the cut-off is stated: how many findings the search covers, of how many */
	{
		xmlXPathObjectPtr o = xeval(doc, "string(//script[@id='vd-findings']/@data-embedded)");
		long embedded = atol((const char *)o->stringval);
		char want[200];
		xmlXPathFreeObject(o);
		assert_true(embedded > 1000 && embedded < 100000);
		snprintf(want, sizeof(want), "//*[@id='search-scope']/strong[.='the first %ld of 100000 "
			 "findings']", embedded);
		assert_xcount(doc, want, 1);
	}
	assert_xcount(doc, "//div[@class='rule']//tbody/tr", 4 * 500 + 1);
	assert_xcount(doc, "//*[@id='rule-R-A']//tbody/tr", 500);
	assert_xstr(doc, "//*[@id='rule-R-A']//p[@class='more']",
		    "59500 more findings " EM_DASH " all are in findings.csv (search all findings)");
	assert_xstr(doc, "//*[@id='rule-R-C']//p[@class='more']",
		    "4499 more findings " EM_DASH " all are in findings.csv (search all findings)");
	assert_xstr(doc, "//*[@id='rule-DQ-TYPE']//p[@class='more']",
		    "9500 more findings " EM_DASH " all are in findings.csv (search all findings)");
	assert_xcount(doc, "//*[@id='rule-R-D']//p[@class='more']", 0);
	assert_xstr(doc, "//*[@id='tile-error']/span[@class='n']", "70001");
	xmlFreeDoc(doc);
}

/* Every record of the evidence with its file:line, sources relative to
 * the data directory, the records chart, a policy source's link, and DQ
 * checks without findings in one list without a severity pill. */
static void test_evidence_locations(void **state)
{
	struct fx *fx = *state;
	static const struct report_ref refs[] = {
		{ "sale", "sales", "INV-1|1", "data/sales.csv", 7 },
		{ "buyer", "partners", "P-1", "data/partners.csv", 12 },
		{ "cust", "customers", "", NULL, 0 },
	};
	struct report_rule rules[] = { mk_dq("DQ-TYPE", 0), mk_dq("DQ-ENUM", 0),
				       mk_rule("CSP-RESALE-001", "error", 3) };
	struct report_run run;
	htmlDocPtr doc;
	rules[2].source = "Partner Center (2020-11-29) https://learn.example/x?a=1&b=2.";
	run = mk_run(rules, 3);
	run.data_dir = "data";
	run.data_dir_abs = "/srv/exports/data";
	g_refs = refs;
	g_nrefs = 3;
	g_data_dir = "data";
	render(fx, 500, &run, rules, 3, NULL, 0);
	g_refs = NULL;
	g_nrefs = 0;
	g_data_dir = NULL;
	doc = parse(fx->path);
	assert_xstr(doc, "//*[@id='rule-CSP-RESALE-001']//tbody/tr[1]/td[3]", "sales.csv:2");
	assert_xstr(doc, "//*[@id='rule-CSP-RESALE-001']//tbody/tr[1]/td[5]",
		    "sale=sales[INV-1|1] sales.csv:7buyer=partners[P-1] partners.csv:12cust=customers[]");
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//tbody/tr[1]/td[5]//span[@class='at']", 2);
	assert_xstr(doc, "//*[@id='data-dir']", "/srv/exports/data");
	/* records chart: partners[P-1] and sales[INV-1|1] are in all 3 findings */
	assert_xcount(doc, "//a[@href='#find?rec=partners%5BP-1%5D'][.='P-1']", 1);
	assert_xcount(doc, "//a[@href='#find?rec=sales%5BINV-1%7C1%5D']", 1);
	/* the policy source's URL is a link (without the full stop after it) */
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//dd/a[@href='https://learn.example/x?a=1&b=2']", 1);
	assert_xcount(doc, "//*[@id='rule-CSP-RESALE-001']//dd[contains(., 'no link')]", 0);
	/* DQ checks without findings: list items, no severity pill, no section */
	assert_xcount(doc, "//ul[@class='dqpass']/li", 2);
	assert_xcount(doc, "//div[@class='rule'][starts-with(@id, 'rule-DQ-')]", 0);
	assert_xcount(doc, "//table[@id='rule-table']/tbody/tr[th/a[.='DQ-ENUM']]//span[contains(@class, 'sev')]", 0);
	assert_links_resolve(doc, 3);
	xmlFreeDoc(doc);
}

static void test_open_error(void **state)
{
	struct sink_opts o = { "/nonexistent/verdict-html", "run", "2026-11-25", 500, 0, 0, NULL, 0 };
	void *h = NULL;
	(void)state;
	strbuf_reset(&g_err);
	assert_int_equal(html_ops.open(&h, NULL, &o), -1);
	assert_non_null(strstr(g_err.buf, "error: cannot create a scratch file in /nonexistent/verdict-html"));
	html_ops.free(h);
	html_ops.free(NULL);
}

int main(void)
{
	int rc;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_markup),
		cmocka_unit_test(test_escape_controls),
		cmocka_unit_test(test_escape_utf8),
		cmocka_unit_test(test_escape_appends),
		cmocka_unit_test_setup_teardown(test_libxml2_catches_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_structure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_incomplete_banner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anchor_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cutoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provenance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evidence_locations, setup, teardown),
		cmocka_unit_test(test_open_error),
	};
	error_set_routine(capture, NULL);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
