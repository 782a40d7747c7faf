/*
 * report.h - what the report writers see of a run.
 *
 * verdict run streams findings, rule by rule in program order, then writes
 * the summary files.  The writers (findings.csv, findings.jsonl,
 * summary.csv, manifest.json, report.html) only see the plain structs
 * below: strings are NUL-terminated UTF-8 and valid for the call (a
 * writer copies what it keeps).  Data-quality findings come first, as
 * rules whose id starts with "DQ-" (is_dq).
 *
 * Every output file is written under a temporary name in the output
 * directory and renamed into place by report_commit() at the end, so a
 * failed or killed run never leaves a half-written file under a final
 * name.
 */
#ifndef VERDICT_REPORT_H
#define VERDICT_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/strbuf.h"

struct report_finding {
	const char *rule_id;
	const char *severity;      /* error | warning | info */
	const char *status;        /* open | waived */
	const char *dataset;       /* the driving dataset */
	const char *record_key;    /* key values joined by '|', or line:N */
	const char *source_file;
	uint32_t source_line;
	const char *message;
	const char *evidence;      /* var=dataset[key];... */
	const char *fingerprint;   /* 16 hex digits */
	const char *change;        /* empty until baselines exist */
	const char *waiver;        /* empty until waivers exist */
};

struct report_rule {
	const char *id;
	const char *title;
	const char *severity;
	const char *policy;        /* may be NULL */
	const char *source;        /* may be NULL */
	const char *text;          /* the rule as written (NULL for DQ) */
	size_t text_len;
	const char *defines;       /* the defines it uses, as written, blank-line separated, or NULL */
	const char *file;          /* where the rule is defined (NULL for DQ) */
	uint32_t line;
	const char *driving;       /* driving dataset ("" for DQ) */
	size_t rows_evaluated;
	size_t findings;
	size_t open, waived;
	int is_dq;
};

struct report_input {
	const char *dataset;
	const char *title;
	const char *path;
	const char *format;        /* the format table's name: csv, xml, ... */
	uint64_t bytes;
	char sha256[65];
	size_t rows_read, rows_loaded, rows_rejected;
	const char *missing;       /* comma-separated, or "" */
	const char *extra;
	int input_error;
	const char *error;         /* the input error message, or NULL */
};

struct report_file {
	const char *path;
	char sha256[65];
};

struct report_param {
	const char *name;
	const char *value;
};

struct report_run {
	const char *version;
	const char *run_id;
	const char *as_of;         /* YYYY-MM-DD */
	const char *started;       /* ISO 8601 UTC */
	const char *ended;
	double duration_s;
	const char *command_line;
	const char *rule_pack;     /* the -r paths, joined by ", " */
	const struct report_file *rule_files;
	size_t nrule_files;
	const struct report_param *params;
	size_t nparams;
	size_t counts[3];          /* open findings by severity: error, warning, info */
	size_t waived;
	int incomplete;            /* an input or evaluation error: not every row was checked */
	const char *incomplete_why;
	int exit_status;
	size_t html_limit;         /* findings shown per rule in report.html */
};

/* ---- the HTML report (reports/html.c) ------------------------------- */

struct html_report;

/* Opens the body scratch file; returns NULL and sets err on failure. */
struct html_report *html_open(const char *out_dir, size_t html_limit, struct strbuf *err);
/* Findings of one rule arrive together, rules in the order of the rule
 * table; call html_rule_begin before a rule's findings (also with none). */
void html_rule_begin(struct html_report *h, const struct report_rule *r);
void html_finding(struct html_report *h, const struct report_finding *f);
void html_rule_end(struct html_report *h, const struct report_rule *r);
/* Writes report.html (under its temporary name) from the run summary,
 * the rule table (final counts) and the inputs; 0 on success. */
int html_finish(struct html_report *h, const char *tmp_path, const struct report_run *run,
		const struct report_rule *rules, size_t nrules, const struct report_input *inputs,
		size_t ninputs, struct strbuf *err);
void html_free(struct html_report *h);

/* Appends s HTML-escaped (& < > " ' and control characters); invalid
 * UTF-8 bytes become U+FFFD. */
void html_escape(struct strbuf *sb, const char *s, size_t n);

#endif
