/*
 * sink.h - the run's output writers: one interface, one table.
 *
 * A writer is a table of operations (struct sink_ops) over the plain
 * structs of report.h.  verdict run opens the writers that --format
 * selects (and the always-on ones), streams the findings to them rule by
 * rule, finishes them with the final counts, then commits their files:
 *
 *   open        once, before the first rule
 *   rule_begin  for every rule of the rule table, in order (DQ kinds
 *   finding     first), also for rules without findings; the findings
 *   rule_end    of one rule arrive together, between its begin and end
 *   finish      once, with the run summary, the rule table (final
 *               counts) and the inputs
 *   free        always, last (also after a failed open or finish; the
 *               state may then be NULL or partly set up)
 *
 * Any operation but open and free may be NULL.  A writer with a file gets
 * an open struct outfile (reports/out.h): it writes only through it, and
 * never opens, renames or removes its file; the sink writes every file
 * into a temporary run directory (OUT/runs/.verdict-tmp-PID), closes
 * (fsync) each after finish, and at the end renames the directory to
 * OUT/runs/RUN_ID and switches the OUT/latest link to it in one rename;
 * OUT/NAME are links to latest/NAME (docs/report-formats.md, "Layout").
 * On any failure (reported through util/error.h) latest is not switched
 * and every temporary is removed, so
 * aborting a writer is the sink's job: a writer's free only releases
 * memory.  A writer without a file (text) writes to stdout.
 *
 * Adding an output: a writer file reports/NAME.c defining
 * `const struct sink_ops NAME_ops`, its extern line below, and one row in
 * the table of reports/sink.c (the --format name that selects it, or none
 * for a file written with every run that writes files; its file name).
 */
#ifndef VERDICT_SINK_H
#define VERDICT_SINK_H

#include <stddef.h>

#include "reports/out.h"
#include "reports/report.h"

/* What every writer may use from the start (strings outlive the sink). */
struct sink_opts {
	const char *out_dir;
	const char *run_id;        /* known before the first finding */
	const char *as_of;         /* YYYY-MM-DD */
	size_t html_limit;         /* findings shown per rule in report.html */
	int csv_raw;               /* no formula neutralization in CSV cells */
	int baseline;              /* --baseline given: resolved.csv is written */
	const char *data_dir;      /* -d: report.html shows sources relative to it (may be NULL) */
	size_t html_embed_max;     /* bytes of findings report.html embeds for its search
	                              (0: HTML_EMBED_MAX, reports/html.h) */
};

/* What finish sees: everything is final. */
struct sink_summary {
	const struct report_run *run;
	const struct report_rule *rules;   /* the rule table, DQ kinds first */
	size_t nrules;
	const struct report_input *inputs;
	size_t ninputs;
};

struct sink_ops {
	/* of is NULL for a writer without a file; *state is what the other
	 * operations get.  Returns 0, or -1 after reporting. */
	int (*open)(void **state, struct outfile *of, const struct sink_opts *o);
	void (*rule_begin)(void *state, const struct report_rule *r);
	void (*finding)(void *state, const struct report_finding *f);
	void (*rule_end)(void *state, const struct report_rule *r);
	/* writes what is left; 0, or -1 after reporting */
	int (*finish)(void *state, const struct sink_summary *s);
	void (*free)(void *state);
};

/* The writers, one file each. */
extern const struct sink_ops findings_csv_ops;    /* reports/findings_csv.c */
extern const struct sink_ops findings_jsonl_ops;  /* reports/findings_jsonl.c */
extern const struct sink_ops summary_csv_ops;     /* reports/summary_csv.c */
extern const struct sink_ops html_ops;            /* reports/html.c */
extern const struct sink_ops manifest_json_ops;   /* reports/manifest_json.c */
extern const struct sink_ops resolved_csv_ops;    /* reports/resolved_csv.c */
extern const struct sink_ops text_ops;            /* reports/text.c */

/* ---- selecting and driving the writers ---------------------------------- */

/* The formats verdict run writes without --format. */
#define SINK_DEFAULT_FORMATS "html,csv"

/* Parses a --format list ("html,csv") into a selection; -1 on an unknown
 * or missing name. */
int sink_select(const char *list, unsigned *selection);
/* whether the selection includes the format, or writes any file */
int sink_selects(unsigned selection, const char *format);
int sink_writes_files(unsigned selection);

struct sink;

/* Opens the selected writers, and the always-on ones when any writes a
 * file (after creating out_dir and sweeping old temporaries).  NULL after
 * reporting a failure; nothing is left behind. */
struct sink *sink_open(unsigned selection, const struct sink_opts *o);
void sink_rule_begin(struct sink *s, const struct report_rule *r);
void sink_finding(struct sink *s, const struct report_finding *f);
void sink_rule_end(struct sink *s, const struct report_rule *r);
/* finishes every writer in table order and closes its file; -1 when one
 * failed (then nothing will be committed) */
int sink_finish(struct sink *s, const struct sink_summary *sum);
/* switches the run's files into place as one set (see above); -1 on a
 * failure, with the previous outputs untouched */
int sink_commit(struct sink *s);
/* removes what was not committed, frees everything; NULL is fine */
void sink_free(struct sink *s);

#endif
