/*
 * report.h - what the report writers see of a run.
 *
 * verdict run streams findings, rule by rule in program order, then
 * finishes the files that need the final counts.  The writers
 * (reports/sink.h) only see the plain structs below: strings are
 * NUL-terminated UTF-8 and valid for the call (a writer copies what it
 * keeps).  Data-quality findings come first, as rules whose id starts
 * with "DQ-" (is_dq).
 */
#ifndef VERDICT_REPORT_H
#define VERDICT_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
	const char *change;        /* "" without a baseline; new | persisting | resolved */
	const char *waiver;        /* the waiver_id that applies, or "" */
	const char *evidence_sources; /* var=file:line;... in evidence order ("var=" for a left
	                              join without a match); "" for data-quality findings */
	const char *field;         /* data-quality findings: the field, or ""; "" for rules */
	const char *raw_value;     /* data-quality findings: the raw text, or "" */
	const struct report_ref *refs; /* the evidence as structs (NULL: only the strings) */
	size_t nrefs;
};

/* One record a finding binds, in evidence order (refs[0] is the driving
 * record): report.html shows each with its file:line and counts findings
 * per record.  key is "" for a left join that matched nothing (then file
 * is NULL and line 0). */
struct report_ref {
	const char *var;
	const char *dataset;
	const char *key;
	const char *file;
	uint32_t line;
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
	size_t nnew, nresolved;    /* against the baseline (0 without one) */
	int is_dq;
	int not_evaluated;         /* the rule was not evaluated: reason says why */
	const char *reason;        /* NULL unless not_evaluated */
	int no_rows;               /* evaluated, but no driving row to check */
};

/* The rule's result, as summary.csv, manifest.json and report.html show
 * it: "not_evaluated", else, with an open finding, "noted" for a rule of
 * severity info (an info finding is a note, not a violation) and "fail"
 * for any other, else "no_rows", else "pass".  Final at rule_end. */
static inline const char *report_result(const struct report_rule *r)
{
	if (r->not_evaluated)
		return "not_evaluated";
	if (r->open)
		return r->severity && !strcmp(r->severity, "info") ? "noted" : "fail";
	return r->no_rows ? "no_rows" : "pass";
}
/* a count per field name */
struct report_count {
	const char *name;
	size_t n;
};

struct report_input {
	const char *dataset;
	const char *title;
	const char *path;          /* the first file read (or the first alternative's) */
	const char *format;        /* the format table's name: csv, xml, ... */
	uint64_t bytes;            /* of all files */
	char sha256[65];           /* one file: its SHA-256; several: of their
	                              "SHA256  PATH\n" lines; "": none read */
	size_t rows_read, rows_loaded, rows_rejected;
	size_t rows_swallowed;     /* lines inside a rejected multi-line record:
	                              physical records = loaded + rejected + swallowed */
	const char *missing;       /* comma-separated, or "" */
	const char *extra;
	const char *const *missing_cols;  /* the same, one name each */
	size_t nmissing;
	const char *const *extra_cols;
	size_t nextra;
	int input_error;
	const char *error;         /* the input error message, or NULL */
	const char *source;        /* the `from` alternative read, its file name as
	                              written (maybe a glob), or NULL: none exists */
	int alternative;           /* its position among the alternatives, from 1; 0: none */
	int optional;              /* the dataset is `optional` */
	const struct report_file *files;  /* every file read, in reading order */
	size_t nfiles;
	const struct report_count *rounded; /* decimals rounded to their field's scale:
	                                       the fields with a count, in declaration order */
	size_t nrounded;
};

struct report_file {
	const char *path;
	char sha256[65];           /* "": unreadable */
	uint64_t bytes;            /* inputs' files only */
};

/* One row of the waivers file (--waivers) and what the run made of it. */
struct report_waiver {
	const char *id, *rule_id, *record_key, *fingerprint;
	const char *reason, *approved_by, *ticket, *expires_on; /* expires_on: "" = none */
	uint32_t line;             /* in the waivers file */
	size_t matched;            /* findings it waived */
	int whole_rule;            /* record_key "*": every finding of the rule */
	int expired;               /* expires_on before as_of: it does not apply */
	int expiring;              /* expires within the warning window of as_of */
	int unknown_rule;          /* rule_id is not in the rule pack */
};

/* The baseline diff and waivers, when --baseline or --waivers is given. */
struct report_nightly {
	int baseline;              /* a baseline was given: change, new and resolved are set */
	const char *baseline_path; /* the findings.csv read */
	char baseline_sha256[65];
	const char *baseline_run_id; /* "" when the baseline had no finding */
	size_t nnew, nresolved;
	const struct report_finding *resolved; /* the baseline's findings that no longer
	                                          occur: nresolved of them, baseline order */
	const char *waivers_path;  /* NULL without --waivers */
	char waivers_sha256[65];
	const struct report_waiver *waivers; /* in file order */
	size_t nwaivers;
	int fail_on_new;           /* the exit status considers new findings only */
};

/* The waivers that did not apply (expired), that matched nothing (stale)
 * and that expire soon: counted the same way by every writer. */
static inline void report_waiver_counts(const struct report_nightly *n, size_t *expired, size_t *stale,
					size_t *expiring)
{
	size_t i;
	*expired = *stale = *expiring = 0;
	for (i = 0; n && i < n->nwaivers; i++) {
		*expired += n->waivers[i].expired != 0;
		*stale += !n->waivers[i].expired && !n->waivers[i].matched;
		*expiring += n->waivers[i].expiring != 0;
	}
}

struct report_param {
	const char *name;
	const char *value;         /* NULL: null */
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
	const struct report_param *declared; /* every declared parameter, with the value used (NULL: null) */
	size_t ndeclared;
	size_t counts[3];          /* open findings by severity: error, warning, info */
	size_t waived;
	size_t findings;           /* all findings, open and waived */
	size_t anomalies;          /* evaluation anomalies (overflow, division by zero, regex limits) */
	int incomplete;            /* an input or evaluation error, or a rule not evaluated for a
	                              missing input: not every row was checked */
	const char *incomplete_why;
	int exit_status;
	const char *rule_pack_id;  /* 16 hex digits over the sorted rule ids (see findings.h) */
	const char *data_dir;      /* -d as given; NULL: not recorded */
	const char *data_dir_abs;  /* the same, absolute (realpath), or NULL */
	const char *fail_on;       /* error | warning | info | never; NULL: not recorded */
	int fail_on_new;           /* only new findings count toward the exit status */
	char rule_pack_sha256[65]; /* over the rule files' "SHA256  PATH\n" lines, as
	                              sha256sum prints them; "": not computed */
	const struct report_nightly *nightly; /* NULL: neither --baseline nor --waivers */
};

#endif
