/*
 * eval.c - the evaluator (see eval.h): a tree-walking interpreter over
 * checked expressions, and the step loop that drives each rule plan.
 */
#include "run/eval.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/alloc.h"
#include "lang/func.h"
#include "lang/rx.h"

static struct value v_bool(int b) { return value_int(VT_BOOL, b != 0); }

int eval_truth(struct value v) { return !v.null && v.type == VT_BOOL && v.u.i != 0; }

static int is_text(uint8_t t) { return t == VT_TEXT || t == VT_ENUM; }

/* A text id is the shared pool's, or (EVAL_LOCAL set) this evaluator's
 * own pool's: a derived string (lower, upper, trim) that the shared pool
 * does not hold.  The shared pool is only read during evaluation. */
const char *eval_str(const struct evalctx *x, uint32_t id, size_t *len)
{
	return func_text(x->pool, &x->local, id, len);
}

/* ---- comparison ---------------------------------------------------- */

static int cmp_num(struct value a, struct value b)
{
	__int128 x = a.u.i, y = b.u.i;
	if (a.type == VT_INT && b.type == VT_DECIMAL)
		x *= DEC_SCALE;
	else if (a.type == VT_DECIMAL && b.type == VT_INT)
		y *= DEC_SCALE;
	return x < y ? -1 : x > y;
}

static int cmp_text(const struct evalctx *x, uint32_t a, uint32_t b)
{
	size_t la, lb;
	const char *sa = eval_str(x, a, &la), *sb = eval_str(x, b, &lb);
	int c = memcmp(sa, sb, la < lb ? la : lb);
	if (c)
		return c < 0 ? -1 : 1;
	return la < lb ? -1 : la > lb;
}

/* both non-null and of comparable types (the checker saw to that) */
static int cmp(const struct evalctx *x, struct value a, struct value b)
{
	if (is_text(a.type) && is_text(b.type))
		return a.u.s == b.u.s ? 0 : cmp_text(x, a.u.s, b.u.s);
	if ((a.type == VT_INT || a.type == VT_DECIMAL) && a.type != b.type)
		return cmp_num(a, b);
	return a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
}

/* `=`: null is a value */
static int equal(const struct evalctx *x, struct value a, struct value b)
{
	if (a.null || b.null)
		return a.null && b.null;
	if (is_text(a.type) && is_text(b.type))   /* one id per interned text; raw: bytes */
		return a.u.s == b.u.s || (((a.u.s | b.u.s) & STRPOOL_RAW) && !cmp_text(x, a.u.s, b.u.s));
	return cmp(x, a, b) == 0;
}

/* ---- arithmetic ---------------------------------------------------- */

static struct value anomaly(struct evalctx *x, enum vtype t)
{
	x->anomalies++;
	return value_null(t);
}

static int64_t to_dec(struct value v, int *ovf)
{
	if (v.type == VT_DECIMAL)
		return v.u.i;
	if (v.u.i > INT64_MAX / DEC_SCALE || v.u.i < INT64_MIN / DEC_SCALE)
		*ovf = 1;
	return v.u.i * (*ovf ? 1 : DEC_SCALE);
}

static struct value arith(struct evalctx *x, const struct expr *e, struct value a, struct value b)
{
	enum vtype t = e->type;
	int64_t r = 0, p, q;
	int ovf = 0;
	if (a.null || b.null)
		return value_null(t);
	if (t == VT_DATE && a.type == VT_INT) { /* int + date */
		struct value s = a;
		a = b;
		b = s;
	}
	if (t == VT_DECIMAL) {
		p = to_dec(a, &ovf);
		q = to_dec(b, &ovf);
	} else {
		p = a.u.i;
		q = b.u.i;
	}
	switch (e->op) {
	case OP_ADD: ovf |= __builtin_add_overflow(p, q, &r); break;
	case OP_SUB: ovf |= __builtin_sub_overflow(p, q, &r); break;
	case OP_MUL:
		if (t == VT_DECIMAL)
			ovf |= value_dec_mul(p, q, &r) != 0;
		else
			ovf |= __builtin_mul_overflow(p, q, &r);
		break;
	case OP_DIV:
		if (q == 0)
			return anomaly(x, t);
		ovf |= value_dec_div(p, q, &r) != 0;
		break;
	default: break;
	}
	return ovf ? anomaly(x, t) : value_int(t, r);
}

static struct value promote(struct value v, enum vtype t)
{
	if (!v.null && t == VT_DECIMAL && v.type == VT_INT) {
		v.u.i *= DEC_SCALE;
		v.type = VT_DECIMAL;
	}
	return v;
}

/* ---- functions ----------------------------------------------------- */

static struct value lazy_arg(struct func_ctx *fx, size_t i)
{
	return eval_expr(fx->ev, fx->call->u.call.args[i]);
}

/* a define's inlined body, or a built-in's row (lang/func.h) */
static struct value call(struct evalctx *x, const struct expr *e)
{
	const struct func *f = e->u.call.fn;
	struct value argv[FUNC_MAX_STRICT];
	struct func_ctx fx;
	size_t i, n = e->u.call.nargs;
	if (e->u.call.expansion)
		return eval_expr(x, e->u.call.expansion);
	fx.pool = x->pool;
	fx.local = &x->local;
	fx.tmp = &x->tmp;
	fx.today = x->today;
	fx.type = e->type;
	fx.arg = lazy_arg;
	fx.ev = x;
	fx.call = e;
	if (f->lazy)
		return f->impl(&fx, NULL, n);
	for (i = 0; i < n && i < FUNC_MAX_STRICT; i++)
		argv[i] = eval_expr(x, e->u.call.args[i]);
	return f->impl(&fx, argv, n);
}

/* ---- subqueries ---------------------------------------------------- */

/* A probe value as the index stores a field of type ft: an int probe of
 * a decimal field is scaled, a decimal probe of an int field must be
 * whole.  0 when no value of the field can equal it. */
static int key_value(struct value v, enum vtype ft, uint64_t *out)
{
	int64_t i = v.u.i;
	if (v.null || (is_text(v.type) && (v.u.s & EVAL_LOCAL)))
		return 0; /* null never matches; a derived string no table holds */
	if (is_text(v.type)) {
		*out = v.u.s;
		return 1;
	}
	if (v.type == VT_INT && ft == VT_DECIMAL && __builtin_mul_overflow(v.u.i, DEC_SCALE, &i))
		return 0; /* beyond every decimal */
	if (v.type == VT_DECIMAL && ft == VT_INT) {
		if (v.u.i % DEC_SCALE)
			return 0;
		i = v.u.i / DEC_SCALE;
	}
	*out = (uint64_t)i;
	return 1;
}

/* A raw text (util/strpool.h) as the index holds it: the interned id of
 * the same bytes; none: no indexed row has it (indexed fields are always
 * interned, struct field's identity). */
static struct value interned(const struct evalctx *x, struct value v)
{
	if (!v.null && is_text(v.type) && (v.u.s & STRPOOL_RAW) && !(v.u.s & EVAL_LOCAL)) {
		uint32_t id = strpool_find(x->pool, strpool_str(x->pool, v.u.s), strpool_len(x->pool, v.u.s));
		v.u.s = id ? id : EVAL_LOCAL;
	}
	return v;
}

/* normalized key of the probe expressions; 0 if a part is null */
static int probe_key(struct evalctx *x, const struct lookup *lk, uint64_t *vals)
{
	const struct index *idx = lk->idx;
	int i;
	for (i = 0; i < idx->nkey; i++)
		if (!key_value(interned(x, eval_expr(x, lk->probe[i])), idx->ds->fields[idx->fields[i]].type,
			       &vals[i]))
			return 0;
	return 1;
}

/* a key equality left out of the index: like the index, never true
 * when a side is null (plan.h) */
static int key_equal(struct evalctx *x, const struct expr *e)
{
	struct value a = eval_expr(x, e->u.bin.l), b = eval_expr(x, e->u.bin.r);
	return !a.null && !b.null && equal(x, a, b);
}

static int conds_hold(struct evalctx *x, const struct lookup *lk)
{
	size_t i;
	for (i = 0; i < lk->nconds; i++)
		if (lk->cond_is_key[i] ? !key_equal(x, lk->conds[i]) : !eval_truth(eval_expr(x, lk->conds[i])))
			return 0;
	return 1;
}

/* the first row at or after r that is not a duplicate key's (a scan
 * skips them; indexes never hold them); PLAN_NO_ROW if none */
static uint32_t scan_from(const struct table *t, size_t r)
{
	while (r < t->nrows && table_is_dup(t, r))
		r++;
	return r < t->nrows ? (uint32_t)r : PLAN_NO_ROW;
}

/* first candidate row of a lookup (or of a scan); PLAN_NO_ROW if none */
static uint32_t first_row(struct evalctx *x, const struct lookup *lk, const struct table *t)
{
	uint64_t vals[PLAN_MAX_KEY];
	if (!lk->idx)
		return scan_from(t, 0);
	if (!probe_key(x, lk, vals))
		return PLAN_NO_ROW;
	return plan_index_first(lk->idx, vals);
}

static uint32_t next_row(const struct lookup *lk, uint32_t r, const struct table *t)
{
	if (lk->idx)
		return lk->idx->next[r];
	return scan_from(t, (size_t)r + 1);
}

struct aggstate {
	int64_t count;
	struct value acc;
	int overflow;
};

static int agg_step(struct evalctx *x, const struct expr *e, struct aggstate *ag)
{
	struct value v;
	ag->count++;
	if (e->op == AGG_EXISTS)
		return 1; /* stop: answered */
	if (e->op == AGG_COUNT)
		return 0;
	v = promote(eval_expr(x, e->u.sub.val), e->type);
	if (v.null)
		return 0;
	if (ag->acc.null) {
		ag->acc = v;
	} else if (e->op == AGG_SUM) {
		if (__builtin_add_overflow(ag->acc.u.i, v.u.i, &ag->acc.u.i)) {
			ag->acc = anomaly(x, e->type);
			ag->overflow = 1;
			return 1;
		}
	} else if ((e->op == AGG_MIN) == (cmp(x, v, ag->acc) < 0)) {
		ag->acc = v;
	}
	return 0;
}

static struct value subquery(struct evalctx *x, const struct expr *e)
{
	const struct subplan *sp = e->u.sub.plan;
	const struct table *t = &x->tables[sp->ds->index];
	int64_t saved = x->rows[sp->slot];
	struct aggstate ag;
	uint32_t r;
	ag.count = 0;
	ag.overflow = 0;
	ag.acc = value_null(e->type);
	for (r = first_row(x, &sp->lk, t); r != PLAN_NO_ROW; r = next_row(&sp->lk, r, t)) {
		x->rows[sp->slot] = r;
		if (conds_hold(x, &sp->lk) && agg_step(x, e, &ag))
			break;
	}
	x->rows[sp->slot] = saved;
	switch (e->op) {
	case AGG_EXISTS: return v_bool((ag.count > 0) != e->neg);
	case AGG_COUNT: return value_int(VT_INT, ag.count);
	case AGG_SUM: return ag.acc.null && !ag.overflow ? value_int(e->type, 0) : ag.acc;
	default: return ag.acc;
	}
}

/* ---- expressions --------------------------------------------------- */

static struct value field(struct evalctx *x, const struct expr *e)
{
	int64_t row = x->rows[e->u.field.slot];
	struct value v;
	if (row < 0)
		return value_null(e->type);
	table_get(&x->tables[e->u.field.ds->index], (size_t)row, e->u.field.fidx, &v);
	return v;
}

static struct value compare(struct evalctx *x, const struct expr *e)
{
	struct value a = eval_expr(x, e->u.bin.l), b = eval_expr(x, e->u.bin.r);
	int c;
	if (e->op == OP_EQ)
		return v_bool(equal(x, a, b));
	if (e->op == OP_NE)
		return v_bool(!equal(x, a, b));
	if (a.null || b.null)
		return v_bool(0);
	c = cmp(x, a, b);
	switch (e->op) {
	case OP_LT: return v_bool(c < 0);
	case OP_LE: return v_bool(c <= 0);
	case OP_GT: return v_bool(c > 0);
	default: return v_bool(c >= 0);
	}
}

static struct value binary(struct evalctx *x, const struct expr *e)
{
	switch (e->op) {
	case OP_AND:
		return v_bool(eval_truth(eval_expr(x, e->u.bin.l)) && eval_truth(eval_expr(x, e->u.bin.r)));
	case OP_OR:
		return v_bool(eval_truth(eval_expr(x, e->u.bin.l)) || eval_truth(eval_expr(x, e->u.bin.r)));
	case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
		return compare(x, e);
	default:
		return arith(x, e, eval_expr(x, e->u.bin.l), eval_expr(x, e->u.bin.r));
	}
}

static struct value in_list(struct evalctx *x, const struct expr *e)
{
	struct value a = eval_expr(x, e->u.in.e);
	size_t i;
	if (a.null)
		return v_bool(0);
	for (i = 0; i < e->u.in.n; i++) {
		struct value b = eval_expr(x, e->u.in.list[i]);
		if (!b.null && equal(x, a, b))
			return v_bool(!e->neg);
	}
	return v_bool(e->neg);
}

static struct value between(struct evalctx *x, const struct expr *e)
{
	struct value a = eval_expr(x, e->u.between.e);
	struct value lo = eval_expr(x, e->u.between.lo), hi = eval_expr(x, e->u.between.hi);
	int in;
	if (a.null || lo.null || hi.null)
		return v_bool(0);
	in = cmp(x, lo, a) <= 0 && cmp(x, a, hi) <= 0;
	return v_bool(in != e->neg);
}

static struct value match(struct evalctx *x, const struct expr *e)
{
	struct value a = eval_expr(x, e->u.match.e);
	int rc;
	if (a.null)
		return v_bool(0);
	{
		size_t n;
		const char *subj = eval_str(x, a.u.s, &n);
		rc = rx_match(e->u.match.re, x->rx, subj, n);
	}
	if (rc == RX_ERROR)
		x->anomalies++;
	return v_bool(rc == RX_MATCH);
}

static struct value unary(struct evalctx *x, const struct expr *e)
{
	struct value a = eval_expr(x, e->u.un.e);
	if (e->op == OP_NOT)
		return v_bool(!eval_truth(a));
	if (a.null)
		return a;
	if (a.u.i == INT64_MIN)
		return anomaly(x, e->type);
	a.u.i = -a.u.i;
	return a;
}

/* a value, or a left join variable as a whole: null when it found no row */
static int is_null(struct evalctx *x, const struct expr *e)
{
	if (e->kind == E_NAME && !e->u.name.is_let)
		return x->rows[e->u.name.slot] < 0;
	return eval_expr(x, e).null;
}

struct value eval_expr(struct evalctx *x, const struct expr *e)
{
	switch (e->kind) {
	case E_LIT: return e->u.lit.v;
	case E_FIELD: return field(x, e);
	case E_PARAM: return x->params[e->u.param.idx];
	case E_NAME: return x->lets[e->u.name.slot];
	case E_CALL: return call(x, e);
	case E_UNARY: return unary(x, e);
	case E_BINARY: return binary(x, e);
	case E_IN: return in_list(x, e);
	case E_BETWEEN: return between(x, e);
	case E_ISNULL: return v_bool(is_null(x, e->u.un.e) != e->neg);
	case E_MATCH: return match(x, e);
	case E_SUBQ: return subquery(x, e);
	}
	return value_null(VT_NULL);
}

void eval_format(const struct strpool *pool, const struct value *v, struct strbuf *sb)
{
	if (v->null) {
		strbuf_addstr(sb, "(blank)");
		return;
	}
	switch (v->type) {
	case VT_TEXT: case VT_ENUM:
		strbuf_add(sb, strpool_str(pool, v->u.s), strpool_len(pool, v->u.s));
		break;
	case VT_INT: value_format_int(sb, v->u.i); break;
	case VT_DECIMAL: value_format_decimal(sb, v->u.i); break;
	case VT_DATE: value_format_date(sb, v->u.i); break;
	case VT_DATETIME: value_format_datetime(sb, v->u.i); break;
	case VT_BOOL: strbuf_addstr(sb, v->u.i ? "true" : "false"); break;
	default: strbuf_addstr(sb, "(blank)");
	}
}

static void format_value(const struct evalctx *x, const struct value *v, struct strbuf *sb)
{
	size_t n;
	const char *s;
	if (!v->null && is_text(v->type)) {
		if (v->u.s & EVAL_LOCAL) {
			s = eval_str(x, v->u.s, &n);
		} else {
			s = strpool_str(x->pool, v->u.s);
			n = strpool_len(x->pool, v->u.s);
		}
		utf8_add_clipped(sb, s, n);   /* a message quotes at most UTF8_SHOW_MAX bytes */
		return;
	}
	eval_format(x->pool, v, sb);
}

/* ---- rules --------------------------------------------------------- */

static void emit(struct evalctx *x, const struct rule_plan *rp)
{
	const struct tmpl *t = rp->rule->message;
	struct eval_finding f;
	size_t i;
	strbuf_reset(&x->msg);
	for (i = 0; t && i < t->nparts; i++) {
		if (t->parts[i].e) {
			struct value v = eval_expr(x, t->parts[i].e);
			format_value(x, &v, &x->msg);
		} else {
			strbuf_add(&x->msg, t->parts[i].text, t->parts[i].len);
		}
	}
	f.rp = rp;
	f.rows = x->rows;
	f.msg = x->msg.buf;
	f.msglen = x->msg.len;
	x->nfindings++;
	x->emit(x->ud, &f);
}

/* Runs steps k.. for the current bindings.  The only long function. */
static void run(struct evalctx *x, const struct rule_plan *rp, size_t k)
{
	const struct step *st;
	const struct table *t;
	uint32_t r;
	int matched = 0;
	if (k == rp->nsteps) {
		emit(x, rp);
		return;
	}
	st = &rp->steps[k];
	switch (st->kind) {
	case ST_SCAN:
		t = &x->tables[st->ds->index];
		for (r = 0; r < t->nrows; r++) {
			if (table_is_dup(t, r))
				continue;   /* a duplicate key: only the first row is evaluated */
			x->rows[st->slot] = r;
			x->rows_evaluated++;
			run(x, rp, k + 1);
		}
		return;
	case ST_LOOKUP:
	case ST_NESTED:
		t = &x->tables[st->ds->index];
		for (r = first_row(x, &st->lk, t); r != PLAN_NO_ROW; r = next_row(&st->lk, r, t)) {
			x->rows[st->slot] = r;
			if (!conds_hold(x, &st->lk))
				continue;
			matched = 1;
			run(x, rp, k + 1);
		}
		if (st->left && !matched) {
			x->rows[st->slot] = -1;
			run(x, rp, k + 1);
		}
		return;
	case ST_FILTER:
		if (eval_truth(eval_expr(x, st->e)))
			run(x, rp, k + 1);
		return;
	case ST_LET:
		x->lets[st->slot] = eval_expr(x, st->e);
		run(x, rp, k + 1);
		return;
	}
}

void eval_init(struct evalctx *x, const struct program *prog, const struct strpool *pool,
	       const struct table *tables, const struct value *params, int64_t today)
{
	memset(x, 0, sizeof(*x));
	x->prog = prog;
	x->pool = pool;
	x->tables = tables;
	x->params = params;
	x->today = today;
	x->rx = rx_scratch_new();
	strpool_init(&x->local);
	strbuf_init(&x->msg, 256);
	strbuf_init(&x->tmp, 256);
}

void eval_release(struct evalctx *x)
{
	free(x->rows);
	free(x->lets);
	rx_scratch_free(x->rx);
	strpool_release(&x->local);
	strbuf_release(&x->msg);
	strbuf_release(&x->tmp);
	memset(x, 0, sizeof(*x));
}

void eval_rule(struct evalctx *x, const struct rule_plan *rp, eval_emit_fn fn, void *ud)
{
	size_t i;
	ALLOC_GROW(x->rows, (size_t)rp->rule->nslots + 1, x->rows_cap);
	ALLOC_GROW(x->lets, (size_t)rp->rule->nlets + 1, x->lets_cap);
	for (i = 0; i < (size_t)rp->rule->nslots; i++)
		x->rows[i] = -1;
	for (i = 0; i < (size_t)rp->rule->nlets; i++)
		x->lets[i] = value_null(VT_NULL);
	x->emit = fn;
	x->ud = ud;
	x->rows_evaluated = 0;
	x->nfindings = 0;
	if (rp->nsteps && rp->steps[0].ds)
		run(x, rp, 0);
}
