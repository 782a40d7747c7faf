/*
 * check.h - static checking of a whole program before any data is read.
 *
 * check_program() runs schema_check() on the datasets, then resolves and
 * types every param, define and rule:
 *   - unknown dataset, variable, field, parameter, function or define, each
 *     with a did-you-mean suggestion where one is close;
 *   - type mismatches (date compared with text, sum of text, matches on a
 *     number, a condition that is not bool, ...);
 *   - a string literal compared with an enum field that is not one of its
 *     declared values (the typo that silently disables a rule);
 *   - duplicate rule ids, a missing message or severity, a missing or
 *     second `for`;
 *   - warnings: an unused define or dataset (plan.c adds: a join or
 *     subquery that cannot use an index).
 * Built-in functions are rows of func.c's table (e->u.call.fn); defines
 * are inlined at each call (e->u.call.expansion, fn NULL), so a define's
 * body is typed in the context of each use.  Text literals are interned in
 * the data pool.  Annotations are stored in the AST (see ast.h).
 */
#ifndef VERDICT_CHECK_H
#define VERDICT_CHECK_H

#include "lang/ast.h"
#include "lang/diag.h"
#include "util/strpool.h"

/* Limits, each with its own error (SQLite style), per rule and per
 * parameter default.  Inlining defines may make at most LANG_MAX_EXPANSION
 * nodes: a define that calls another twice doubles, so 24 one-line
 * defines would make 2^24; past the limit, the define call in the rule's
 * text is the error ("expanding 'd24' would make the rule too large").
 * An expression, defines inlined, nests at most LANG_MAX_DEPTH levels,
 * which bounds the recursion of every later pass (planner, evaluator,
 * printer). */
#define LANG_MAX_EXPANSION 100000
#define LANG_MAX_DEPTH 1000

int check_program(struct program *prog, struct strpool *pool, struct diagctx *dc);
/* Frees compiled regexes (fields and expressions). */
void check_release(struct program *prog);

#endif
