/*
 * avail.h - whether each rule can be evaluated on the loaded tables.
 *
 * A rule is not evaluated (no finding, not a pass) when something it reads
 * (lang/reads.h: its clauses, lets, define expansions, subqueries and
 * message) is not there:
 *   - a dataset provided by no source (st.absent): "no source for dataset
 *     X (a.csv, a.json not found)", or for an `optional` dataset
 *     "optional dataset X was not provided";
 *   - a field, not `optional`, whose column a file read lacked (a
 *     DQ-MISSING-COLUMN; table col_missing): "column F of X missing from
 *     FILE[, FILE]".
 * Every cause is listed, "; "-separated, in the order the rule reads them.
 * input_missing is set when some cause is not an optional dataset's
 * absence (a run with such a rule is incomplete: exit status 2).
 */
#ifndef VERDICT_AVAIL_H
#define VERDICT_AVAIL_H

#include <stddef.h>

#include "lang/ast.h"
#include "data/dq.h"
#include "data/table.h"

struct avail_rule {
	int not_evaluated;
	int input_missing;
	char *reason;              /* NULL when evaluated */
};

/* out[i] for rule i of prog (nrules entries), from tables (by dataset
 * index) and the load's findings dq. */
void avail_compute(const struct program *prog, const struct table *tables, const struct dqlog *dq,
		   struct avail_rule *out);
void avail_release(struct avail_rule *a, size_t n);

#endif
