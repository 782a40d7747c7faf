/*
 * eval.h - evaluating rule plans over loaded tables.
 *
 * eval_rule() runs one plan and calls emit for every binding that survives
 * every step, in driving-row order, then join-match order (deterministic).
 * The finding passed to emit is valid during the call only: rows[slot] is
 * the row bound to each record variable (-1 for a left join that found
 * nothing), msg the rendered message.
 *
 * NULL rules (each operator; see docs/rule-language.md):
 *   a = b, a != b     null is a value: null = null is true, null = "x" false
 *   < <= > >=         false when either side is null
 *   between           false when any operand is null (also `not between`)
 *   in (...)          false when the left side is null (also `not in`)
 *   matches           false when the text is null
 *   + - * /           null when either side is null; overflow and division
 *                     by zero are null too (and counted in x->anomalies)
 *   and, or, not      two-valued: a null condition counts as false
 *   sum, count        skip nulls; 0 over no rows
 *   min, max          skip nulls; null over no rows
 *   key equality      an `=` conjunct of `on` or a subquery's `where`
 *                     between a field of the new variable and an
 *                     expression free of it: false when a side is null,
 *                     whatever the operand types (plan.h)
 *   functions         each row's rule, in lang/func.c (null in, null out;
 *                     coalesce: the first non-null)
 * Templates render null as "(blank)".
 */
#ifndef VERDICT_EVAL_H
#define VERDICT_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "lang/ast.h"
#include "lang/func.h"
#include "run/plan.h"
#include "util/strbuf.h"
#include "util/strpool.h"
#include "data/table.h"

struct rx_scratch;

struct eval_finding {
	const struct rule_plan *rp;
	const int64_t *rows;      /* by slot */
	const char *msg;
	size_t msglen;
};

typedef void (*eval_emit_fn)(void *ud, const struct eval_finding *f);

/* text ids with this bit are in the evaluator's own pool (see eval.c) */
#define EVAL_LOCAL FUNC_LOCAL

struct evalctx {
	const struct program *prog;
	const struct strpool *pool;   /* shared, read-only while evaluating */
	struct strpool local;         /* derived strings the shared pool lacks */
	const struct table *tables;   /* by dataset index */
	int64_t today;                /* days since epoch: the run's as-of date */
	const struct value *params;   /* by param index */
	int64_t *rows;
	struct value *lets;
	size_t rows_cap, lets_cap;
	struct rx_scratch *rx;
	struct strbuf msg;
	struct strbuf tmp;
	eval_emit_fn emit;
	void *ud;
	size_t rows_evaluated;        /* driving rows of the last eval_rule */
	size_t nfindings;             /* findings of the last eval_rule */
	size_t anomalies;             /* overflow, division by zero, regex limits */
};

void eval_init(struct evalctx *x, const struct program *prog, const struct strpool *pool,
	       const struct table *tables, const struct value *params, int64_t today);
void eval_release(struct evalctx *x);
void eval_rule(struct evalctx *x, const struct rule_plan *rp, eval_emit_fn emit, void *ud);
struct value eval_expr(struct evalctx *x, const struct expr *e);
int eval_truth(struct value v);
/* the bytes of a text value's id (shared or own pool) */
const char *eval_str(const struct evalctx *x, uint32_t id, size_t *len);
/* Appends the text form of v; null as "(blank)". */
void eval_format(const struct strpool *pool, const struct value *v, struct strbuf *sb);

#endif
