/*
 * reads.c - the datasets and fields a rule reads (see reads.h).
 */
#include "lang/reads.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

static void reads_add(struct reads *r, const struct dataset *ds, int field)
{
	size_t i;
	if (!ds)
		return;
	for (i = 0; i < r->n; i++)
		if (r->items[i].ds == ds && r->items[i].field == field)
			return;
	if (field >= 0)
		reads_add(r, ds, -1);
	ALLOC_GROW(r->items, r->n + 1, r->cap);
	r->items[r->n].ds = ds;
	r->items[r->n].field = field;
	r->n++;
}

static void reads_expr(struct reads *r, const struct expr *e);

static void reads_list(struct reads *r, struct expr *const *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		reads_expr(r, v[i]);
}

/* a define's expansion holds its arguments; a built-in reads its arguments */
static void reads_call(struct reads *r, const struct expr *e)
{
	if (e->u.call.expansion)
		reads_expr(r, e->u.call.expansion);
	else
		reads_list(r, e->u.call.args, e->u.call.nargs);
}

static void reads_expr(struct reads *r, const struct expr *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case E_FIELD: reads_add(r, e->u.field.ds, e->u.field.fidx); break;
	case E_CALL: reads_call(r, e); break;
	case E_UNARY: reads_expr(r, e->u.un.e); break;
	case E_BINARY: reads_expr(r, e->u.bin.l); reads_expr(r, e->u.bin.r); break;
	case E_IN: reads_expr(r, e->u.in.e); reads_list(r, e->u.in.list, e->u.in.n); break;
	case E_BETWEEN:
		reads_expr(r, e->u.between.e);
		reads_expr(r, e->u.between.lo);
		reads_expr(r, e->u.between.hi);
		break;
	case E_ISNULL: reads_expr(r, e->u.un.e); break;
	case E_MATCH: reads_expr(r, e->u.match.e); break;
	case E_SUBQ:
		reads_add(r, e->u.sub.ds, -1);
		reads_expr(r, e->u.sub.val);
		reads_expr(r, e->u.sub.where);
		break;
	case E_LIT: case E_PARAM: case E_NAME: break;
	}
}

void reads_rule(const struct rule *rule, struct reads *out)
{
	size_t i;
	for (i = 0; i < rule->nclauses; i++) {
		const struct clause *cl = &rule->clauses[i];
		if (cl->kind == CL_FOR || cl->kind == CL_JOIN || cl->kind == CL_LEFT_JOIN)
			reads_add(out, cl->ds, -1);
		reads_expr(out, cl->e);
	}
	for (i = 0; rule->message && i < rule->message->nparts; i++)
		reads_expr(out, rule->message->parts[i].e);
}

void reads_release(struct reads *r)
{
	free(r->items);
	memset(r, 0, sizeof(*r));
}
