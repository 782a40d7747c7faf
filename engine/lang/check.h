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

int check_program(struct program *prog, struct strpool *pool, struct diagctx *dc);
/* Frees compiled regexes (fields and expressions). */
void check_release(struct program *prog);

#endif
