/*
 * verdict.h - the library API used by the command line and the tests.
 *
 *   struct verdict v;
 *   verdict_init(&v);
 *   verdict_load_rules(&v, paths, n);      parse, check formats, check, plan (v.dc)
 *   verdict_set_as_of(&v, "2026-11-25", &err);   optional
 *   verdict_set_param(&v, "name", "value", &err); optional, repeatable
 *   verdict_load_data(&v, datadir, progress);     tables + DQ findings
 *   verdict_run(&v, fn, ud);               findings, rule by rule
 *   verdict_release(&v);
 *
 * Rule-file errors are in v.dc (render with diag_render); data-quality
 * findings in v.dq; per-dataset load statistics in v.tables[i].st.
 */
#ifndef VERDICT_VERDICT_H
#define VERDICT_VERDICT_H

#include <stddef.h>
#include <stdint.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "data/dq.h"
#include "data/load.h"
#include "run/avail.h"
#include "run/eval.h"
#include "run/plan.h"
#include "util/strbuf.h"
#include "util/strpool.h"
#include "data/table.h"

#define VERDICT_VERSION "0.1.0"
/* memory per thread for findings held back (verdict_evaluate) */
#define VERDICT_SPILL_BUDGET ((size_t)16 << 20)

/* A rule that reads a dataset provided by no source, or the column of a
 * non-optional field some file lacked, is not evaluated (run/avail.h):
 * no findings, rows_evaluated 0, not_evaluated set and reason saying why
 * (owned by the verdict).  input_missing: because a non-optional input is
 * missing (not only an optional dataset). */
struct verdict_rule_stats {
	size_t rows_evaluated;
	size_t findings;
	double seconds;            /* evaluating it on its thread, findings handed
	                              on included (`--timings`) */
	int not_evaluated;
	int input_missing;
	const char *reason;        /* NULL when evaluated */
};

struct verdict {
	struct program prog;
	struct strpool pool;
	struct diagctx dc;
	struct dqlog dq;
	struct planset plans;
	struct table *tables;      /* by dataset index, after verdict_load_data */
	struct value *params;      /* by param index */
	int64_t as_of;             /* days since epoch */
	int rules_ok;
	int planned;
	size_t anomalies;          /* arithmetic/regex anomalies during the run */
	struct verdict_rule_stats *stats; /* by rule index, after verdict_run */
	struct avail_rule *avail;  /* by rule index, after verdict_evaluate */
	size_t spill_budget;       /* see verdict_evaluate; 0: VERDICT_SPILL_BUDGET */
	uint64_t split_min_bytes;  /* a CSV file this large loads in parts on
	                              several threads (data/load.h); 0:
	                              $VERDICT_SPLIT_MIN_BYTES, else
	                              LOAD_SPLIT_MIN_BYTES */
};

#define VERDICT_SPLIT_ENV "VERDICT_SPLIT_MIN_BYTES"

typedef void (*verdict_finding_fn)(void *ud, const struct eval_finding *f);

void verdict_init(struct verdict *v);
void verdict_release(struct verdict *v);
int verdict_load_rules(struct verdict *v, const char *const *paths, size_t n);
/* Load rules from memory (tests, `verdict test`). */
int verdict_load_rules_text(struct verdict *v, const char *name, const char *text);
int verdict_set_as_of(struct verdict *v, const char *date, struct strbuf *err);
int verdict_set_param(struct verdict *v, const char *name, const char *value, struct strbuf *err);
/* Binds the parameters not set to their defaults (verdict_evaluate does it
 * first; `verdict report` calls it to show the values without data). */
void verdict_bind_defaults(struct verdict *v);
/* -1 when a dataset could not be read completely (see table stats). */
int verdict_load_data(struct verdict *v, const char *datadir, int progress);
/* The same, datasets loaded on up to `threads` threads (one with
 * progress): the tables, findings and outputs are the same for any
 * number (see verdict.c). */
int verdict_load_data_threads(struct verdict *v, const char *datadir, int progress, int threads);
/* Test tables, from memory: tables[i] is dataset i's inline CSV table
 * (text NULL: an empty table); its name and first line place the
 * table's rows and findings in the file it came from.  Columns are
 * matched by field name first; omitted columns are null without a
 * finding. */
int verdict_load_inline(struct verdict *v, const struct load_buffer *tables);
/* Receives a run's findings: rule_begin(i), the findings of rule i in
 * order, rule_end(i), for i in rule order (rule_begin/end may be NULL).
 * A rule not evaluated (stats[i].not_evaluated) is begun and ended with
 * no finding. */
struct verdict_sink {
	void (*rule_begin)(void *ud, size_t rule);
	verdict_finding_fn finding;
	void (*rule_end)(void *ud, size_t rule);
	void *ud;
};

/* Evaluates every rule on up to `threads` threads (whole rules run in
 * parallel; the shared tables, indexes and string pool are only read).
 * The sink sees exactly what one thread would produce, in the same
 * order, so the outputs do not depend on the number of threads; its
 * calls may come from any of the threads, one at a time (each call
 * happens before the next).
 *
 * Memory: the earliest rule not yet delivered streams its findings to the
 * sink as they come; later rules' findings wait in memory up to
 * spill_budget bytes per thread (VERDICT_SPILL_BUDGET by default), beyond
 * that in an unlinked temporary file in $TMPDIR (run/findbuf.h).
 *
 * Returns 0, or -1 with the reason appended to err when a temporary file
 * cannot be created, written or read: then the sink has seen a prefix of
 * the findings (every rule it saw begin has ended) and nothing after it.
 * On one thread nothing is held back and it cannot fail (err may be NULL). */
int verdict_evaluate(struct verdict *v, int threads, const struct verdict_sink *sink, struct strbuf *err);
/* verdict_evaluate on one thread with only a finding callback. */
void verdict_run(struct verdict *v, verdict_finding_fn fn, void *ud);
/* online CPUs, 1..64 */
int verdict_default_threads(void);

/* The driving record's key: key values joined by '|' in declared order,
 * or "line:N" for a dataset without a key ("line:N@FILE", FILE the file
 * name without its directory, when the dataset was read from several
 * files). */
void verdict_record_key(const struct verdict *v, const struct dataset *ds, int64_t row, struct strbuf *sb);
const struct rule *verdict_find_rule(const struct verdict *v, const char *id);
/* 1 if id names a rule of the loaded rules or a data-quality check (DQ-*) */
int verdict_knows_id(const struct verdict *v, const char *id);
/* today's date in UTC, or SOURCE_DATE_EPOCH's when set */
int64_t verdict_today(void);

#endif
