/*
 * cli.c - the `verdict` command line: the table of commands, option
 * parsing shared by all of them, and dispatch (see cli.h; each command is
 * in its own file).
 */
#include "cli/cli.h"
#include "cli/hint.h"

#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/alloc.h"
#include "util/error.h"
#include "run/verdict.h"
#include "reports/sink.h"

enum { OPT_AS_OF = 256, OPT_PARAM, OPT_FAIL_ON, OPT_FORMAT, OPT_HTML_LIMIT, OPT_CSV_RAW, OPT_JUNIT,
       OPT_COVERAGE, OPT_THREADS, OPT_TIMINGS, OPT_BASELINE, OPT_WAIVERS, OPT_FAIL_ON_NEW, OPT_DIALECT,
       OPT_TABLES, OPT_FROM_FINDINGS, OPT_EMIT_DIR };

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
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "waivers", required_argument, NULL, OPT_WAIVERS },
	{ "fail-on-new", no_argument, NULL, OPT_FAIL_ON_NEW },
	{ "dialect", required_argument, NULL, OPT_DIALECT },
	{ "tables", required_argument, NULL, OPT_TABLES },
	{ "from-findings", required_argument, NULL, OPT_FROM_FINDINGS },
	{ "emit-dir", required_argument, NULL, OPT_EMIT_DIR },
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
	"  convert   write every declared dataset as typed canonical CSV\n"
	"  sql       compile the rules to SQL (sqlite, postgres, duckdb, spark, trino)\n"
	"  report    render report.html and summary.csv from a findings CSV\n"
	"\n"
	"  verdict <command> --help   options of a command\n"
	"  verdict --version          version\n"
	"\n"
	"exit status: 0 clean, 1 findings (run) or rule errors (check),\n"
	"             2 usage, rule-file or input error, 3 internal error\n";

struct command {
	const char *name;
	const char *usage;
	int (*fn)(struct cli *c, int argc, char **argv);
	int max_args;         /* positional arguments after the options; -1: any */
	const char *opts;     /* the long names of the options it takes, each
	                         followed by a space; --help goes with all (a
	                         name not in long_opts is never matched: run
	                         lists the nightly branch's options ahead) */
};

static const struct command commands[] = {
	{ "run", usage_run, cmd_run, 0,
	  "rules data out quiet as-of param fail-on format html-limit csv-raw threads timings "
	  "baseline waivers fail-on-new " },
	{ "check", usage_check, cmd_check, 0, "rules verbose " },
	{ "explain", usage_explain, cmd_explain, 1, "rules " },
	{ "inspect", usage_inspect, cmd_inspect, 0, "rules data quiet " },
	{ "test", usage_test, cmd_test, -1, "rules junit coverage verbose emit-dir " },
	{ "convert", usage_convert, cmd_convert, 0, "rules data out quiet " },
	{ "sql", usage_sql, cmd_sql, 0, "rules dialect data tables as-of param " },
	{ "report", usage_report, cmd_report, 0, "from-findings rules data out quiet as-of param fail-on html-limit " },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	char prefix[64];
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	snprintf(prefix, sizeof(prefix), "verdict%s%s", cmd ? " " : "", cmd ? cmd : "");
	error_set_prefix(prefix);
	error("%s", msg.buf);
	error_set_prefix(NULL);
	strbuf_release(&msg);
	fprintf(stderr, "Try 'verdict %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
	return 2;
}

void cli_push(const char ***arr, size_t *n, const char *s)
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

/* the option as written: "--threads" or "-d" */
static void option_name(char *buf, size_t n, int ch, int longindex)
{
	if (longindex >= 0)
		snprintf(buf, n, "--%s", long_opts[longindex].name);
	else
		snprintf(buf, n, "-%c", ch);
}

static const struct option *find_option(int ch)
{
	const struct option *o;
	for (o = long_opts; o->name; o++)
		if (o->val == ch)
			return o;
	return NULL;
}

/* Before an option is applied: it must be one the command takes (its
 * long name in cmd->opts), and its value, when it is the next argument,
 * must not look like an option (`--as-of -o out`).  -1 when fine, else
 * the exit status of the usage error. */
static int check_option(const struct cli *c, const char *opts, int ch, int longindex, char **argv)
{
	const struct option *o = find_option(ch);
	char name[64];
	const char *w;
	size_t len;
	if (!o || ch == 'h')
		return -1;
	option_name(name, sizeof(name), ch, longindex);
	len = strlen(o->name);
	for (w = strstr(opts, o->name); w; w = strstr(w + 1, o->name))
		if ((w == opts || w[-1] == ' ') && w[len] == ' ')
			break;
	if (!w)
		return cli_usage_error(c->cmd, "option '%s' does not apply to %s", name, c->cmd);
	if (o->has_arg == required_argument && optarg == argv[optind - 1] && optarg[0] == '-' && optarg[1] &&
	    !isdigit((unsigned char)optarg[1]))
		return cli_usage_error(c->cmd, "%s needs a value; '%s' is an option", name, optarg);
	return -1;
}

/* returns -1 on success, else the exit status (help or usage error) */
static int parse_options(struct cli *c, int argc, char **argv, const struct command *cmd)
{
	int ch, longindex = -1, rc;
	const char *usage = cmd->usage;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":r:d:o:qhv", long_opts, &longindex)) != -1) {
		if ((rc = check_option(c, cmd->opts, ch, longindex, argv)) >= 0)
			return rc;
		longindex = -1;
		switch (ch) {
		case 'r': cli_push(&c->rules, &c->nrules, optarg); break;
		case 'd': c->data = optarg; break;
		case 'o': c->out = optarg; break;
		case 'q': c->quiet = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		case OPT_AS_OF: c->as_of = optarg; break;
		case OPT_PARAM: cli_push(&c->params, &c->nparams, optarg); break;
		case OPT_FAIL_ON:
			if ((c->fail_on = parse_fail_on(optarg)) < 0)
				return cli_usage_error(c->cmd, "--fail-on takes error, warning, info or never, not '%s'", optarg);
			break;
		case OPT_FORMAT:
			c->formats = optarg;
			if (sink_select(optarg, &c->writers))
				return cli_usage_error(c->cmd, "--format takes a list of html, csv, json, text; not '%s'", optarg);
			break;
		case OPT_HTML_LIMIT: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 0)
				return cli_usage_error(c->cmd, "--html-limit takes a number of rows, not '%s'", optarg);
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
				return cli_usage_error(c->cmd, "--threads takes a number from 1 to 64, not '%s'", optarg);
			c->threads = (int)n;
			break;
		}
		case OPT_COVERAGE: c->coverage = 1; break;
		case 'v': c->verbose = 1; break;
		case OPT_BASELINE: c->baseline = optarg; break;
		case OPT_WAIVERS: c->waivers = optarg; break;
		case OPT_FAIL_ON_NEW: c->fail_on_new = 1; break;
		case OPT_DIALECT: c->dialect = optarg; break;
		case OPT_TABLES: c->tables = optarg; break;
		case OPT_FROM_FINDINGS: c->from_findings = optarg; break;
		case OPT_EMIT_DIR: c->emit_dir = optarg; break;
		case ':':
			return cli_usage_error(c->cmd, "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error(c->cmd, "unknown option '%s'", argv[optind - 1]);
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

int cli_load_rules(struct verdict *v, const struct cli *c)
{
	int rc = verdict_load_rules(v, c->rules, c->nrules);
	render_diags(v);
	return rc;
}

static const struct command *find_command(const char *name)
{
	size_t i;
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* After the options: up to cmd->max_args positional arguments (-1: any
 * number) into c->paths; -1 on success, else the exit status. */
static int take_args(struct cli *c, const struct command *cmd, int argc, char **argv)
{
	while (optind < argc && (cmd->max_args < 0 || c->npaths < (size_t)cmd->max_args))
		cli_push(&c->paths, &c->npaths, argv[optind++]);
	if (optind < argc)
		return cli_usage_error(c->cmd, "unexpected argument '%s'", argv[optind]);
	return -1;
}

int cli_main(int argc, char **argv)
{
	struct cli c;
	const struct command *cmd;
	int rc;
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
	cmd = find_command(c.cmd);
	if (!cmd)
		return cli_usage_error(NULL, "unknown command '%s' (commands: run, check, explain, inspect, test, convert, sql)", c.cmd);
	rc = parse_options(&c, argc - 1, argv + 1, cmd);
	if (rc < 0)
		rc = take_args(&c, cmd, argc - 1, argv + 1);
	if (rc < 0) {
		char prefix[64];
		snprintf(prefix, sizeof(prefix), "verdict %s", cmd->name);
		error_set_prefix(prefix);
		cleanup_install();   /* SIGINT/SIGTERM: temporaries removed, exit 128+N */
		rc = cmd->fn(&c, argc - 1, argv + 1);
		error_set_prefix(NULL);
	}
	free(c.rules);
	free(c.params);
	free(c.paths);
	return rc;
}

int cli_apply_settings(struct verdict *v, const char *as_of, const char *const *params, size_t nparams)
{
	struct strbuf err = STRBUF_INIT;
	size_t i;
	int rc = 0;
	if (as_of && verdict_set_as_of(v, as_of, &err))
		rc = -1;
	for (i = 0; !rc && i < nparams; i++) {
		const char *p = params[i], *eq = strchr(p, '=');
		char *name;
		if (!eq) {
			strbuf_addf(&err, "--param takes NAME=VALUE, not '%s'", p);
			rc = -1;
			break;
		}
		name = xmemdup(p, (size_t)(eq - p));
		rc = verdict_set_param(v, name, eq + 1, &err);
		if (rc)
			hint_params(v, name, &err);
		free(name);
	}
	if (rc && err.len)
		error("%s", err.buf);
	strbuf_release(&err);
	return rc;
}

int cli_settings(struct verdict *v, const struct cli *c)
{
	return cli_apply_settings(v, c->as_of, c->params, c->nparams);
}
