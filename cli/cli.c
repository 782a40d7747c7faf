/*
 * cli.c - the `verdict` command line: option parsing and the commands
 * inspect, check, explain and run (see `verdict --help`).
 *
 * Exit status: 0 ran clean; 1 findings at or above --fail-on (run) or
 * rule errors (check); 2 usage, rule-file or input error; 3 internal error.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "data/format.h"
#include "util/error.h"
#include "lang/check.h"
#include "cli/test.h"
#include "cli/run.h"
#include "reports/sink.h"
#include "run/verdict.h"

#define DEFAULT_RULES "rules/csp"
#define DEFAULT_DATA "fixtures/csp"
#define DEFAULT_OUT "out"

enum { OPT_AS_OF = 256, OPT_PARAM, OPT_FAIL_ON, OPT_FORMAT, OPT_HTML_LIMIT, OPT_CSV_RAW, OPT_JUNIT,
       OPT_COVERAGE, OPT_THREADS, OPT_TIMINGS };

static const struct option long_opts[] = {
	{ "rules", required_argument, NULL, 'r' },
	{ "data", required_argument, NULL, 'd' },
	{ "out", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "param", required_argument, NULL, OPT_PARAM },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "html-limit", required_argument, NULL, OPT_HTML_LIMIT },
	{ "csv-raw", no_argument, NULL, OPT_CSV_RAW },
	{ "junit", required_argument, NULL, OPT_JUNIT },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "timings", no_argument, NULL, OPT_TIMINGS },
	{ "coverage", no_argument, NULL, OPT_COVERAGE },
	{ "verbose", no_argument, NULL, 'v' },
	{ NULL, 0, NULL, 0 },
};

static const char usage_main[] =
	"usage: verdict <command> [options]\n"
	"\n"
	"Batch rules and reporting engine: reads CSV, XML and JSON exports, evaluates\n"
	"declarative rule files, writes compliance findings.\n"
	"\n"
	"commands:\n"
	"  run       evaluate the rules on the data and report findings\n"
	"  check     check rule files without reading data\n"
	"  explain   show a rule's metadata and evaluation plan\n"
	"  inspect   load every declared dataset and list data-quality findings\n"
	"  test      run rule unit tests (*.test files)\n"
	"\n"
	"  verdict <command> --help   options of a command\n"
	"  verdict --version          version\n"
	"\n"
	"exit status: 0 clean, 1 findings (run) or rule errors (check),\n"
	"             2 usage, rule-file or input error, 3 internal error\n";

static const char usage_inspect[] =
	"usage: verdict inspect -r RULES... -d DATA_DIR [--quiet]\n"
	"\n"
	"Loads every dataset the rule files declare from DATA_DIR and prints,\n"
	"per dataset, the file, format, rows read, loaded and rejected, and each\n"
	"data-quality finding as  file:line: dataset.field: message (raw value).\n"
	"\n"
	"  -r, --rules PATH   rule file or directory (all *.rules inside); repeatable\n"
	"  -d, --data DIR     directory holding the export files\n"
	"  -q, --quiet        no progress display\n"
	"\n"
	"exit status: 0 loaded, 2 usage, rule-file or input error\n";

static const char usage_check[] =
	"usage: verdict check -r RULES...\n"
	"\n"
	"Parses and type-checks rule files without reading any data: unknown\n"
	"names (with suggestions), type mismatches, enum literals that are not\n"
	"declared values, duplicate ids; warns about joins that cannot use an\n"
	"index.\n"
	"\n"
	"exit status: 0 clean (warnings allowed), 1 errors, 2 usage error\n";

static const char usage_explain[] =
	"usage: verdict explain RULE_ID -r RULES...\n"
	"\n"
	"Prints the rule's metadata and its evaluation plan: the driving dataset,\n"
	"each join and subquery with the index it uses (or scan), and where each\n"
	"filter is applied.\n";

static const char usage_test[] =
	"usage: verdict test [PATHS...] [--coverage [-r RULES...]] [--junit FILE] [-v]\n"
	"\n"
	"Runs every *.test file in PATHS (files or directories; default rules/csp/tests):\n"
	"each test loads its rule files, its inline tables, and checks its\n"
	"expectations.  Prints each failure with file:line and the findings, then\n"
	"'N passed, N failed'.\n"
	"\n"
	"      --coverage     also fail when a rule is not tested both ways (a test where\n"
	"                     it fires and one where it does not); -r adds rule files\n"
	"                     whose rules must be covered even if no test loads them\n"
	"      --junit FILE   write the results as JUnit XML\n"
	"  -v, --verbose      list passing tests too\n"
	"\n"
	"exit status: 0 all passed, 1 failures, 2 usage error or unreadable files\n";

static const char usage_run[] =
	"usage: verdict run [-r RULES...] [-d DATA_DIR] [-o OUT_DIR] [--as-of DATE]\n"
	"                   [--param NAME=VALUE]... [--fail-on LEVEL] [--format LIST]\n"
	"                   [--html-limit N] [--csv-raw] [--threads N] [--timings]\n"
	"                   [--quiet]\n"
	"\n"
	"Evaluates the rules on the data and writes the reports.  With no options,\n"
	"runs the shipped CSP rule pack (" DEFAULT_RULES ") on the sample exports\n"
	"(" DEFAULT_DATA ") into " DEFAULT_OUT "/.\n"
	"\n"
	"  -r, --rules PATH       rule file or directory; repeatable\n"
	"  -d, --data DIR         directory holding the export files\n"
	"  -o, --out DIR          output directory (default " DEFAULT_OUT ")\n"
	"      --as-of DATE       the run's date (YYYY-MM-DD): today() and $as_of\n"
	"      --param NAME=VALUE set a declared parameter; repeatable\n"
	"      --fail-on LEVEL    error (default), warning, info or never\n"
	"      --format LIST      comma-separated: html, csv, json, text\n"
	"                         (default html,csv; text prints findings to stdout)\n"
	"      --html-limit N     findings shown per rule in report.html (default 500)\n"
	"      --csv-raw          do not neutralize spreadsheet formulas in CSV cells\n"
	"      --threads N        evaluate up to N rules at once (default: the CPUs);\n"
	"                         the outputs are the same for any N\n"
	"      --timings          print how long each phase took on stderr\n"
	"  -q, --quiet            no progress display, no summary line\n"
	"\n"
	"outputs: findings.csv, summary.csv, report.html, manifest.json\n"
	"         (findings.jsonl with --format json)\n"
	"\n"
	"exit status: 0 no open finding at or above --fail-on, 1 such findings,\n"
	"             2 usage, rule-file or input error, 3 internal error\n";

struct cli {
	const char *cmd;
	const char **rules;
	size_t nrules;
	const char *data;
	const char *out;
	const char *as_of;
	const char **params;
	size_t nparams;
	int fail_on;          /* severity index; 3 = never */
	int quiet;
	const char *formats;  /* --format list; NULL = default */
	unsigned writers;     /* its selection (reports/sink.h) */
	size_t html_limit;
	int csv_raw;
	int threads;          /* 0 = default */
	int timings;
	const char *arg;      /* explain: the rule id */
	const char *junit;
	int coverage;
	int verbose;
	const char **paths;   /* test: positional arguments */
	size_t npaths;
};

static int usage_error(const char *cmd, const char *fmt, const char *arg)
	__attribute__((format(printf, 2, 0)));

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "verdict%s%s: ", cmd ? " " : "", cmd ? cmd : "");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(stderr, fmt, arg);
#pragma GCC diagnostic pop
	fprintf(stderr, "\nTry 'verdict %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
	return 2;
}

static void push(const char ***arr, size_t *n, const char *s)
{
	*arr = xrealloc(*arr, (*n + 1) * sizeof(**arr));
	(*arr)[(*n)++] = s;
}

static int parse_fail_on(const char *s)
{
	static const char *const names[] = { "error", "warning", "info", "never" };
	int i;
	for (i = 0; i < 4; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* returns -1 on success, else the exit status (help or usage error) */
static int parse_options(struct cli *c, int argc, char **argv, const char *usage)
{
	int ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":r:d:o:qhv", long_opts, NULL)) != -1) {
		switch (ch) {
		case 'r': push(&c->rules, &c->nrules, optarg); break;
		case 'd': c->data = optarg; break;
		case 'o': c->out = optarg; break;
		case 'q': c->quiet = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		case OPT_AS_OF: c->as_of = optarg; break;
		case OPT_PARAM: push(&c->params, &c->nparams, optarg); break;
		case OPT_FAIL_ON:
			if ((c->fail_on = parse_fail_on(optarg)) < 0)
				return usage_error(c->cmd, "--fail-on takes error, warning, info or never, not '%s'", optarg);
			break;
		case OPT_FORMAT:
			c->formats = optarg;
			if (sink_select(optarg, &c->writers))
				return usage_error(c->cmd, "--format takes a list of html, csv, json, text; not '%s'", optarg);
			break;
		case OPT_HTML_LIMIT: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 0)
				return usage_error(c->cmd, "--html-limit takes a number of rows, not '%s'", optarg);
			c->html_limit = (size_t)n;
			break;
		}
		case OPT_CSV_RAW: c->csv_raw = 1; break;
		case OPT_JUNIT: c->junit = optarg; break;
		case OPT_TIMINGS: c->timings = 1; break;
		case OPT_THREADS: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 64)
				return usage_error(c->cmd, "--threads takes a number from 1 to 64, not '%s'", optarg);
			c->threads = (int)n;
			break;
		}
		case OPT_COVERAGE: c->coverage = 1; break;
		case 'v': c->verbose = 1; break;
		case ':':
			return usage_error(c->cmd, "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error(c->cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	return -1;
}

static int render_diags(const struct verdict *v)
{
	struct strbuf sb = STRBUF_INIT;
	diag_render(&v->dc, &sb);
	fputs(sb.buf, stderr);
	strbuf_release(&sb);
	return v->dc.nerr;
}

static int load_rules(struct verdict *v, const struct cli *c)
{
	int rc = verdict_load_rules(v, c->rules, c->nrules);
	render_diags(v);
	return rc;
}

/* ---- inspect ------------------------------------------------------- */

static void print_dq(const struct verdict *v, const struct dq *d, const struct table *t, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addstr(sb, t->st.path ? t->st.path : d->ds->path);
	if (d->line)
		strbuf_addf(sb, ":%u", d->line);
	if (d->line && d->col)
		strbuf_addf(sb, ":%u", d->col);
	strbuf_addf(sb, ": %s", d->ds->name);
	if (d->field >= 0)
		strbuf_addf(sb, ".%s", d->ds->fields[d->field].name);
	strbuf_addf(sb, ": %s: %s", dq_id(d->kind), strpool_str(&v->pool, d->msg));
	if (d->raw)
		strbuf_addf(sb, " (%s)", strpool_str(&v->pool, d->raw));
	printf("%s\n", sb->buf);
}

static void print_dataset(const struct verdict *v, size_t i)
{
	const struct table *t = &v->tables[i];
	const struct dataset *ds = t->ds;
	struct strbuf sb = STRBUF_INIT;
	size_t k;
	printf("%s%s%s%s: %s %s, %llu bytes\n", ds->name, ds->title ? " (" : "", ds->title ? ds->title : "",
	       ds->title ? ")" : "", format_find(ds->format)->name, t->st.path,
	       (unsigned long long)t->st.bytes);
	printf("  rows read %zu, loaded %zu, rejected %zu%s\n", t->st.rows_read, t->nrows, t->st.rows_rejected,
	       t->st.input_error ? " (INCOMPLETE: input error)" : "");
	for (k = 0; k < t->st.nmissing; k++)
		strbuf_addf(&sb, "%s%s", k ? ", " : "", t->st.missing[k]);
	if (t->st.nmissing)
		printf("  columns missing: %s\n", sb.buf);
	strbuf_reset(&sb);
	for (k = 0; k < t->st.nextra; k++)
		strbuf_addf(&sb, "%s%s", k ? ", " : "", t->st.extra[k]);
	if (t->st.nextra)
		printf("  columns ignored: %s\n", sb.buf);
	for (k = 0; k < v->dq.n; k++)
		if (v->dq.items[k].ds == ds)
			print_dq(v, &v->dq.items[k], t, &sb);
	strbuf_release(&sb);
}

static int cmd_inspect(struct cli *c)
{
	struct verdict v;
	int rc = 0;
	size_t i;
	if (!c->nrules || !c->data)
		return usage_error("inspect", "%s", "needs -r RULES and -d DATA_DIR");
	verdict_init(&v);
	if (load_rules(&v, c)) {
		verdict_release(&v);
		return 2;
	}
	if (verdict_load_data(&v, c->data, !c->quiet && isatty(2)))
		rc = 2;
	for (i = 0; i < v.prog.ndatasets; i++)
		print_dataset(&v, i);
	printf("%zu dataset%s, %zu data-quality finding%s%s\n", v.prog.ndatasets,
	       v.prog.ndatasets == 1 ? "" : "s", v.dq.n, v.dq.n == 1 ? "" : "s",
	       rc ? "; INPUT ERRORS: some files could not be read completely" : "");
	verdict_release(&v);
	return rc;
}

/* ---- check and explain --------------------------------------------- */

static int cmd_check(struct cli *c)
{
	struct verdict v;
	int rc;
	if (!c->nrules)
		return usage_error("check", "%s", "needs -r RULES");
	verdict_init(&v);
	rc = load_rules(&v, c);
	if (!rc)
		printf("%zu rule%s in %zu file%s: no errors%s\n", v.prog.nrules, v.prog.nrules == 1 ? "" : "s",
		       v.prog.nfiles, v.prog.nfiles == 1 ? "" : "s", v.dc.nwarn ? " (see warnings)" : "");
	else
		fprintf(stderr, "%d error%s, %d warning%s\n", v.dc.nerr, v.dc.nerr == 1 ? "" : "s", v.dc.nwarn,
			v.dc.nwarn == 1 ? "" : "s");
	verdict_release(&v);
	return rc ? 1 : 0;
}

static void print_wrapped(const char *label, const char *text)
{
	if (text)
		printf("  %-9s%s\n", label, text);
}

static int cmd_explain(struct cli *c)
{
	struct verdict v;
	const struct rule *r;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	if (!c->arg || !c->nrules)
		return usage_error("explain", "%s", "needs RULE_ID and -r RULES");
	verdict_init(&v);
	if (load_rules(&v, c)) {
		verdict_release(&v);
		return 2;
	}
	r = verdict_find_rule(&v, c->arg);
	if (!r) {
		const char **ids = xmalloc((v.prog.nrules + 1) * sizeof(*ids));
		const char *best;
		for (i = 0; i < v.prog.nrules; i++)
			ids[i] = v.prog.rules[i]->id;
		best = diag_suggest(c->arg, ids, v.prog.nrules);
		fprintf(stderr, "verdict explain: no rule '%s'%s%s%s\n", c->arg, best ? " (did you mean '" : "",
			best ? best : "", best ? "'?)" : "");
		free(ids);
		verdict_release(&v);
		return 2;
	}
	printf("rule %s  (%s:%u)\n", r->id, r->pos.file->path, r->pos.line);
	print_wrapped("title", r->title);
	print_wrapped("severity", severity_name(r->severity));
	print_wrapped("policy", r->policy);
	print_wrapped("source", r->source);
	for (i = 0; i < r->ntags; i++)
		print_wrapped("tag", r->tags[i]);
	printf("plan:\n");
	plan_explain(&v.plans.plans[r->index], &sb);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	verdict_release(&v);
	return 0;
}

/* ---- run ----------------------------------------------------------- */

static char *command_line(int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;
	int i;
	strbuf_addstr(&sb, "verdict");
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		int plain = *a && !strpbrk(a, " \t\"'\\$`!*?&;|<>()");
		strbuf_addch(&sb, ' ');
		if (plain) {
			strbuf_addstr(&sb, a);
			continue;
		}
		strbuf_addch(&sb, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				strbuf_addstr(&sb, "'\\''");
			else
				strbuf_addch(&sb, *a);
		}
		strbuf_addch(&sb, '\'');
	}
	return strbuf_detach(&sb, NULL);
}

static int cmd_run(struct cli *c, int argc, char **argv)
{
	struct run_opts o;
	char *cmdline = command_line(argc, argv);
	int rc;
	memset(&o, 0, sizeof(o));
	if (!c->nrules)
		push(&c->rules, &c->nrules, DEFAULT_RULES);
	o.rules = c->rules;
	o.nrules = c->nrules;
	o.data = c->data ? c->data : DEFAULT_DATA;
	o.out = c->out ? c->out : DEFAULT_OUT;
	o.as_of = c->as_of;
	o.params = c->params;
	o.nparams = c->nparams;
	o.fail_on = c->fail_on;
	o.writers = c->writers;
	if (!c->formats)
		sink_select(SINK_DEFAULT_FORMATS, &o.writers);
	o.html_limit = c->html_limit;
	o.csv_raw = c->csv_raw;
	o.threads = c->threads ? c->threads : verdict_default_threads();
	o.timings = c->timings;
	o.quiet = c->quiet;
	o.progress = !c->quiet && isatty(2);
	o.command_line = cmdline;
	error_set_prefix("verdict run");
	rc = run_main(&o);
	error_set_prefix(NULL);
	free(cmdline);
	return rc;
}

/* ---- test ---------------------------------------------------------- */

static int cmd_test(struct cli *c)
{
	struct rtest_opts o;
	int rc;
	memset(&o, 0, sizeof(o));
	if (!c->npaths)
		push(&c->paths, &c->npaths, DEFAULT_RULES "/tests");
	o.coverage = c->coverage;
	o.junit = c->junit;
	o.rules = c->rules;
	o.nrules = c->nrules;
	o.verbose = c->verbose;
	error_set_prefix("verdict test");
	rc = rtest_main(c->paths, c->npaths, &o);
	error_set_prefix(NULL);
	return rc;
}

/* ---- main ---------------------------------------------------------- */

int cli_main(int argc, char **argv)
{
	struct cli c;
	int rc;
	const char *usage;
	memset(&c, 0, sizeof(c));
	c.html_limit = 500;
	if (argc < 2) {
		fputs(usage_main, stderr);
		return 2;
	}
	c.cmd = argv[1];
	if (!strcmp(c.cmd, "--help") || !strcmp(c.cmd, "-h") || !strcmp(c.cmd, "help")) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (!strcmp(c.cmd, "--version")) {
		printf("verdict %s\n", VERDICT_VERSION);
		return 0;
	}
	usage = !strcmp(c.cmd, "inspect") ? usage_inspect : !strcmp(c.cmd, "check") ? usage_check
		: !strcmp(c.cmd, "explain") ? usage_explain : !strcmp(c.cmd, "run") ? usage_run
		: !strcmp(c.cmd, "test") ? usage_test : NULL;
	if (!usage)
		return usage_error(NULL, "unknown command '%s' (commands: run, check, explain, inspect, test)", c.cmd);
	rc = parse_options(&c, argc - 1, argv + 1, usage);
	if (rc < 0 && !strcmp(c.cmd, "explain"))
		c.arg = optind < argc - 1 ? argv[1 + optind++] : NULL;
	while (rc < 0 && !strcmp(c.cmd, "test") && optind < argc - 1)
		push(&c.paths, &c.npaths, argv[1 + optind++]);
	if (rc < 0 && optind < argc - 1)
		rc = usage_error(c.cmd, "unexpected argument '%s'", argv[1 + optind]);
	if (rc < 0) {
		if (!strcmp(c.cmd, "inspect"))
			rc = cmd_inspect(&c);
		else if (!strcmp(c.cmd, "check"))
			rc = cmd_check(&c);
		else if (!strcmp(c.cmd, "explain"))
			rc = cmd_explain(&c);
		else if (!strcmp(c.cmd, "test"))
			rc = cmd_test(&c);
		else
			rc = cmd_run(&c, argc - 1, argv + 1);
	}
	free(c.rules);
	free(c.params);
	free(c.paths);
	return rc;
}
