/*
 * cli.h - what the `verdict` commands share: the parsed options, the
 * product defaults, and one entry point per command (one file each:
 * inspect.c, check.c, explain.c, run.c, test.c).  cli.c parses the
 * options and dispatches through its table of commands; main.c only
 * calls cli_main().
 *
 * Exit status of every command: 0 ran clean; 1 findings at or above
 * --fail-on (run), rule errors (check) or failed tests (test); 2 usage,
 * rule-file or input error; 3 internal error.
 */
#ifndef VERDICT_CLI_H
#define VERDICT_CLI_H

#include <stddef.h>

#include "run/verdict.h"

/* The product: what `verdict run` reads and writes when not told. */
#define DEFAULT_RULES "rules/csp"
#define DEFAULT_DATA "fixtures/csp"
#define DEFAULT_OUT "out"

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
	const char *junit;
	int coverage;
	int verbose;
	const char **paths;   /* positional arguments (explain: the rule id; test: paths) */
	size_t npaths;
	const char *baseline; /* run: --baseline PREV */
	const char *waivers;  /* run: --waivers FILE */
	int fail_on_new;      /* run: --fail-on-new */
	const char *dialect;  /* sql: --dialect */
	const char *tables;   /* sql: --tables SCHEMA (spark, trino) */
	const char *from_findings; /* report: --from-findings FILE */
	const char *emit_dir;  /* test: --emit-dir DIR */
};

int cli_main(int argc, char **argv);

/* The commands: argc/argv start at the command's name. */
int cmd_inspect(struct cli *c, int argc, char **argv);
int cmd_check(struct cli *c, int argc, char **argv);
int cmd_explain(struct cli *c, int argc, char **argv);
int cmd_run(struct cli *c, int argc, char **argv);
int cmd_test(struct cli *c, int argc, char **argv);
int cmd_convert(struct cli *c, int argc, char **argv);
int cmd_sql(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
extern const char usage_inspect[], usage_check[], usage_explain[], usage_run[], usage_test[];
extern const char usage_convert[], usage_sql[], usage_report[];

/* Shared by the commands */
/* "verdict CMD: MESSAGE" and "Try 'verdict CMD --help'." on stderr;
 * returns 2, the exit status of a usage error */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_push(const char ***arr, size_t *n, const char *s);
/* --as-of and every --param NAME=VALUE applied to v (an unknown name
 * lists the declared parameters); 0, or -1 after error() */
int cli_apply_settings(struct verdict *v, const char *as_of, const char *const *params, size_t nparams);
/* the same from c's options */
int cli_settings(struct verdict *v, const struct cli *c);
/* verdict_load_rules on -r, diagnostics rendered on stderr; 0 or -1 */
int cli_load_rules(struct verdict *v, const struct cli *c);

#endif
