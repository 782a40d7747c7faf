/*
 * func.h - the built-in functions: one table row each (func.c).
 *
 * A row says everything about a function: its name, its arity, its type
 * rule and its implementation.  The checker (check.c) reads names,
 * arities and type rules; the evaluator (run/eval.c) evaluates the
 * arguments and calls the implementation through a struct func_ctx.
 * Adding a function is one C function and one row in func.c; nothing
 * else names it.  `define` calls are not functions: the checker inlines
 * them (expr.u.call.expansion) and leaves u.call.fn NULL.
 *
 * Invariants:
 *   - implementations are pure computations over values: they read their
 *     arguments and the context, return a value of the call's checked type
 *     (ctx->type; a null of that type for null), and may only add derived
 *     strings to ctx->local and use ctx->tmp as scratch;
 *   - a strict row (lazy == 0) is called with every argument evaluated in
 *     argv, argc within [min, max], max <= FUNC_MAX_STRICT;
 *   - a lazy row is called with argv NULL and evaluates argument i itself
 *     with func_arg(ctx, i), in order, only as far as it needs (coalesce:
 *     a later argument's division by zero is neither evaluated nor
 *     counted);
 *   - arguments have passed the row's type rule: FA_TEXT arguments are
 *     text or enum, FA_DATE date or datetime (or null).
 * Each row's comment in func.c states its NULL rule (SQLite style).
 */
#ifndef VERDICT_FUNC_H
#define VERDICT_FUNC_H

#include <stddef.h>
#include <stdint.h>

#include "lang/ast.h"
#include "lang/value.h"
#include "util/strbuf.h"
#include "util/strpool.h"

/* Text ids with this bit are in ctx->local, the others in ctx->pool. */
#define FUNC_LOCAL 0x80000000u
/* Arguments of a strict function (the evaluator's argv array). */
#define FUNC_MAX_STRICT 4

/* Type rule: what every argument must be. */
enum func_args {
	FA_NONE,     /* no arguments */
	FA_TEXT,     /* text or enum */
	FA_DATE,     /* date or datetime */
	FA_SAME,     /* values of one type (int and decimal mix to decimal);
		      * the result has that type */
	FA_COND      /* a condition (bool), then values of one type as FA_SAME */
};

struct func_ctx {
	const struct strpool *pool;  /* the shared pool: read only */
	struct strpool *local;       /* derived strings the shared pool lacks */
	struct strbuf *tmp;          /* scratch */
	int64_t today;               /* days since epoch: the run's date */
	enum vtype type;             /* the call's checked type */
	/* lazy rows: evaluates argument i of the call */
	struct value (*arg)(struct func_ctx *ctx, size_t i);
	void *ev;                    /* the evaluator's, for arg */
	const struct expr *call;
};

typedef struct value func_impl(struct func_ctx *ctx, const struct value *argv, size_t argc);

struct func {
	const char *name;
	int min, max;          /* arity */
	enum func_args args;   /* type rule: every argument ... */
	enum vtype result;     /* ... and the result (FA_SAME: the arguments') */
	int lazy;              /* evaluates its own arguments (see above) */
	func_impl *impl;
};

/* The row named name, or NULL. */
const struct func *func_find(const char *name);
/* Row i of the table, or NULL past its end (for did-you-mean). */
const struct func *func_at(size_t i);
/* The bytes of text id (FUNC_LOCAL: in local, else in pool). */
const char *func_text(const struct strpool *pool, const struct strpool *local, uint32_t id, size_t *len);

static inline struct value func_arg(struct func_ctx *ctx, size_t i)
{
	return ctx->arg(ctx, i);
}

#endif
