/*
 * run.h - `verdict run`: load, evaluate, then write the selected outputs.
 *
 * Outputs in the output directory (see docs/report-formats.md; the
 * writers and the table that selects them are in reports/sink.h):
 *   findings.csv     every finding, data-quality ones first (format csv)
 *   findings.jsonl   the same, one JSON object per line (format json)
 *   summary.csv      one row per rule, DQ ids included (always)
 *   report.html      the auditor's report (format html)
 *   manifest.json    provenance of the run (always, written last)
 * All are written under temporary names and renamed at the end.  Format
 * text prints the findings on stdout; alone, it writes no files.
 *
 * With a baseline, also resolved.csv (the baseline's findings that no
 * longer occur); waived findings (--waivers) are not open.
 *
 * Exit status: 0 no open finding at or above fail_on (with fail_on_new:
 * no new open finding); 1 such findings;
 * 2 usage, rule-file or input error (the reports are still written when
 * rules could be evaluated, marked incomplete); 3 internal error (an
 * output could not be written).
 */
#ifndef VERDICT_RUN_H
#define VERDICT_RUN_H

#include <stddef.h>

struct run_opts {
	const char *const *rules;
	size_t nrules;
	const char *data;
	const char *out;
	const char *as_of;
	const char *const *params;   /* NAME=VALUE */
	size_t nparams;
	int fail_on;                 /* 0 error, 1 warning, 2 info, 3 never */
	unsigned writers;            /* from sink_select() */
	size_t html_limit;
	int csv_raw;
	int threads;                 /* rules evaluated in parallel (1 = here) */
	int timings;                 /* phase durations on stderr */
	int progress;
	int quiet;
	const char *command_line;
	const char *baseline;        /* --baseline PREV, or NULL (cli/baseline.h) */
	const char *waivers;         /* --waivers FILE, or NULL (cli/waivers.h) */
	int fail_on_new;             /* the exit status considers new findings only */
};

int run_main(const struct run_opts *o);

struct report_rule;
struct rule;
/* What every report shows of rule ru (also for verdict report); *defines
 * is the text of the defines it uses, for the caller to free, or NULL. */
void run_describe_rule(struct report_rule *rr, const struct rule *ru, char **defines);

#endif
