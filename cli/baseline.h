/*
 * baseline.h - the previous run's findings (verdict run --baseline PREV),
 * matched by fingerprint against this run's.
 *
 * PREV is an output directory (PREV/findings.csv, PREV/manifest.json) or
 * a findings.csv (its manifest.json beside it, when there is one).  The
 * baseline is refused (an input error, exit 2), never half-matched, when:
 *   - its header is not this findings schema's columns;
 *   - its manifest.json lacks "findings_schema" (older verdict) or names
 *     another schema, or names another "rule_pack_id" (the rule pack's
 *     identity: its sorted rule ids, baseline_pack_id), or another run_id
 *     than the findings' rows;
 *   - without a manifest: a rule_id that is neither a DQ id nor a rule of
 *     this pack;
 *   - a fingerprint that can be recomputed from the row (a rule finding
 *     whose record_key and evidence name keyed records only) differs from
 *     the recomputed one: it was made under another definition.
 * Cells are read back exactly as verdict wrote them: the apostrophe that
 * neutralized a formula-like cell is dropped.
 *
 * Invariants: baseline_match marks every baseline row with the finding's
 * fingerprint as seen; rows never seen are the resolved ones, in the
 * baseline's order.
 */
#ifndef VERDICT_BASELINE_H
#define VERDICT_BASELINE_H

#include <stddef.h>

#include "run/verdict.h"
#include "reports/report.h"
#include "cli/csvtab.h"
#include "cli/fingerprint.h"

struct baseline_entry {
	const char *fingerprint;  /* into the table */
	size_t row;               /* in the table */
	int seen;
};

struct baseline {
	char *path;               /* the findings.csv read */
	char sha256[65];
	char *run_id;             /* of its rows, or "" */
	struct csvtab tab;
	struct baseline_entry *by_fp;  /* sorted by fingerprint */
	size_t n;
	struct report_finding *resolved; /* after baseline_resolved */
	size_t nresolved;
};

/* The rule pack's identity: 16 hex digits of SHA-256 over its rule ids,
 * sorted, each followed by 0x1F. */
void baseline_pack_id(const struct verdict *v, char out[FP_SIZE]);
/* Loads and checks PREV; 0, or -1 after reporting why it is refused. */
int baseline_load(struct baseline *b, const char *prev, const struct verdict *v);
/* whether this run's finding occurred in the baseline (marks it seen) */
int baseline_match(struct baseline *b, const char *fingerprint);
/* The baseline's findings not seen, as findings with change "resolved";
 * those of a rule not evaluated in this run are left out (unknown, not
 * resolved).  Counts each into its rule's nresolved. */
void baseline_resolved(struct baseline *b, struct report_rule *rules, size_t nrules);
void baseline_release(struct baseline *b);

#endif
