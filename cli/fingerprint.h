/*
 * fingerprint.h - the identity of a finding across runs
 * (docs/report-formats.md, "fingerprint").
 *
 * A fingerprint is the first 16 hex digits of SHA-256 over a version
 * tag and the finding's parts, each followed by the byte 0x1F:
 *
 *   rule finding:  "v2", rule_id, identity of the driving record,
 *                  the evidence with every record written by identity
 *   DQ finding:    "v2", DQ id, dataset, field name ("" for none),
 *                  raw value ("" for none), identity of the row: ""
 *                  when no row was loaded, or, for such a finding
 *                  without a raw value either (DQ-ROW-SHAPE,
 *                  DQ-INPUT at a line), "line:N"; a row whose key occurs
 *                  for the nth time, n >= 3, adds "#n" to its identity
 *                  (its DQ-DUPLICATE-KEY would else equal the second
 *                  row's; the first two rows keep their v2 identity)
 *
 * A record's identity is its key values joined by '|' (the record_key
 * column), or, for a dataset without a key, "#" and 16 hex digits of
 * SHA-256 over every declared field's value (fp_identity): never a line
 * number, so moving or adding rows changes no fingerprint.  Messages,
 * source lines and run ids are never part of it.
 *
 * Invariants: the same rule, key (or content) and evidence give the same
 * fingerprint in every run, for any row order, thread count or hash
 * seed.  FP_VERSION changes whenever the definition does; the findings
 * schema (reports/findings.h) changes with it, so a baseline written
 * under another definition is refused rather than mismatched.
 */
#ifndef VERDICT_FINGERPRINT_H
#define VERDICT_FINGERPRINT_H

#include "run/verdict.h"

#define FP_VERSION "v2"
#define FP_SIZE 17   /* 16 hex digits and the NUL */

/* Appends the identity of row (of ds) to sb; "(none)" for row < 0. */
void fp_identity(const struct verdict *v, const struct dataset *ds, int64_t row, struct strbuf *sb);
/* A rule finding's evidence: every bound record as var=dataset[key], joined
 * by ';', each key written by keyfn (verdict_record_key for the evidence
 * column, fp_identity for the fingerprint); rows by slot, < 0 unbound. */
void fp_evidence(const struct verdict *v, const struct rule_plan *rp, const int64_t *rows,
		 void (*keyfn)(const struct verdict *, const struct dataset *, int64_t, struct strbuf *),
		 struct strbuf *out);
/* The fingerprint of a rule finding from its identity and identity evidence. */
void fp_rule(const char *rule_id, const char *identity, const char *evidence, char out[FP_SIZE]);
/* The fingerprint of a data-quality finding. */
void fp_dq(const struct verdict *v, const struct dq *d, struct strbuf *scratch, char out[FP_SIZE]);

#endif
