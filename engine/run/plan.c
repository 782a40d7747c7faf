/*
 * plan.c - rule plans, index selection and shared hash indexes (see plan.h).
 */
#include "run/plan.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/hash.h"
#include "lang/check.h"

struct planner {
	struct planset *ps;
	struct program *prog;
	struct diagctx *dc;
	int *slot_level;     /* per binding slot: step level, or -1 (subquery slot) */
	int *let_level;
	int nslots, nlets;
};

static void plan_subqueries(struct planner *p, struct expr *e);

/* ---- expression walking -------------------------------------------- */

typedef void (*visit_fn)(void *ud, const struct expr *e);

static void walk(const struct expr *e, visit_fn fn, void *ud)
{
	size_t i;
	if (!e)
		return;
	fn(ud, e);
	switch (e->kind) {
	case E_CALL:
		if (e->u.call.expansion) {
			walk(e->u.call.expansion, fn, ud);
			return;
		}
		for (i = 0; i < e->u.call.nargs; i++)
			walk(e->u.call.args[i], fn, ud);
		break;
	case E_UNARY: case E_ISNULL: walk(e->u.un.e, fn, ud); break;
	case E_BINARY: walk(e->u.bin.l, fn, ud); walk(e->u.bin.r, fn, ud); break;
	case E_IN:
		walk(e->u.in.e, fn, ud);
		for (i = 0; i < e->u.in.n; i++)
			walk(e->u.in.list[i], fn, ud);
		break;
	case E_BETWEEN:
		walk(e->u.between.e, fn, ud);
		walk(e->u.between.lo, fn, ud);
		walk(e->u.between.hi, fn, ud);
		break;
	case E_MATCH: walk(e->u.match.e, fn, ud); break;
	case E_SUBQ: walk(e->u.sub.val, fn, ud); walk(e->u.sub.where, fn, ud); break;
	default: break;
	}
}

struct level_ud {
	const struct planner *p;
	int level;
};

static void level_visit(void *ud, const struct expr *e)
{
	struct level_ud *l = ud;
	int lv = -1;
	if (e->kind == E_FIELD && e->u.field.slot >= 0 && e->u.field.slot < l->p->nslots)
		lv = l->p->slot_level[e->u.field.slot];
	else if (e->kind == E_NAME && e->u.name.is_let && e->u.name.slot < l->p->nlets)
		lv = l->p->let_level[e->u.name.slot];
	else if (e->kind == E_NAME && !e->u.name.is_let && e->u.name.slot < l->p->nslots)
		lv = l->p->slot_level[e->u.name.slot]; /* `V is null`, V a left join variable */
	if (lv > l->level)
		l->level = lv;
}

/* the step level after which every variable e uses is bound (0 at least) */
static int expr_level(const struct planner *p, const struct expr *e)
{
	struct level_ud l = { p, 0 };
	walk(e, level_visit, &l);
	return l.level;
}

struct uses_ud {
	int slot;
	int found;
};

static void uses_visit(void *ud, const struct expr *e)
{
	struct uses_ud *u = ud;
	if ((e->kind == E_FIELD && e->u.field.slot == u->slot) ||
	    (e->kind == E_NAME && !e->u.name.is_let && e->u.name.slot == u->slot))
		u->found = 1;
}

static int uses_slot(const struct expr *e, int slot)
{
	struct uses_ud u = { slot, 0 };
	walk(e, uses_visit, &u);
	return u.found;
}

/* conjuncts of an and-tree, through define expansions */
static void conjuncts(struct expr *e, struct expr ***out, size_t *n, size_t *cap)
{
	if (e->kind == E_BINARY && e->op == OP_AND) {
		conjuncts(e->u.bin.l, out, n, cap);
		conjuncts(e->u.bin.r, out, n, cap);
		return;
	}
	if (e->kind == E_CALL && e->u.call.expansion) {
		conjuncts(e->u.call.expansion, out, n, cap);
		return;
	}
	ALLOC_GROW(*out, *n + 1, *cap);
	(*out)[(*n)++] = e;
}

/* ---- indexes ------------------------------------------------------- */

static struct index *get_index(struct planset *ps, const struct dataset *ds, const int *fields, int n)
{
	struct index *idx;
	size_t i;
	for (i = 0; i < ps->nindexes; i++) {
		idx = ps->indexes[i];
		if (idx->ds == ds && idx->nkey == n && !memcmp(idx->fields, fields, (size_t)n * sizeof(int)))
			return idx;
	}
	idx = ARENA_NEW(&ps->arena, struct index);
	idx->ds = ds;
	idx->nkey = n;
	memcpy(idx->fields, fields, (size_t)n * sizeof(int));
	ALLOC_GROW(ps->indexes, ps->nindexes + 1, ps->indexes_cap);
	ps->indexes[ps->nindexes++] = idx;
	return idx;
}

/* The index stores a field's values as they are (text ids, int64 of int,
 * decimal, date...); a probe of another type must be one the evaluator
 * can convert to that representation: the same type (enum and text
 * share ids), or int against decimal (eval.c normalizes the probe). */
static int key_types_match(enum vtype field, enum vtype probe)
{
	int ft = field == VT_ENUM ? VT_TEXT : field, pt = probe == VT_ENUM ? VT_TEXT : probe;
	int num = (ft == VT_INT || ft == VT_DECIMAL) && (pt == VT_INT || pt == VT_DECIMAL);
	return ft == pt || num;
}

/* If c is a key equality, `v.f = X` or `X = v.f` with X free of v, return
 * f and X. */
static int key_equality(const struct expr *c, int slot, int *field, struct expr **probe)
{
	struct expr *l, *r;
	if (c->kind != E_BINARY || c->op != OP_EQ)
		return 0;
	l = c->u.bin.l;
	r = c->u.bin.r;
	if (!(l->kind == E_FIELD && l->u.field.slot == slot)) {
		struct expr *t = l;
		l = r;
		r = t;
	}
	if (l->kind != E_FIELD || l->u.field.slot != slot || uses_slot(r, slot))
		return 0;
	*field = l->u.field.fidx;
	*probe = r;
	return 1;
}

struct keyparts {
	int fields[PLAN_MAX_KEY];
	struct expr *probes[PLAN_MAX_KEY];
	int n;
};

/* Adds a key equality to the index key if it can be one: a new field,
 * room left, a probe type the index can take.  Insertion keeps fields
 * sorted so that equal keys share an index. */
static int add_key_part(struct keyparts *kp, const struct dataset *ds, int f, struct expr *pr)
{
	int j;
	if (kp->n == PLAN_MAX_KEY || !key_types_match(ds->fields[f].type, pr->type))
		return 0;
	for (j = 0; j < kp->n; j++)
		if (kp->fields[j] == f)
			return 0;
	for (j = kp->n; j > 0 && kp->fields[j - 1] > f; j--) {
		kp->fields[j] = kp->fields[j - 1];
		kp->probes[j] = kp->probes[j - 1];
	}
	kp->fields[j] = f;
	kp->probes[j] = pr;
	kp->n++;
	return 1;
}

/* A probe that is a field of another dataset is interned at load too
 * (struct field's identity), so that the lookup takes its id as it is
 * instead of finding its bytes in the pool on every probe. */
static void mark_probe_identity(struct planner *p, const struct expr *pr)
{
	const struct dataset *ds;
	if (pr->kind != E_FIELD)
		return;
	ds = pr->u.field.ds;
	if (!ds || pr->u.field.fidx < 0 || ds->index < 0 || (size_t)ds->index >= p->prog->ndatasets)
		return;
	p->prog->datasets[ds->index]->fields[pr->u.field.fidx].identity = 1;
}

/* Split cond into key parts (sorted by field) and residual conjuncts;
 * residual key equalities (a second one on a field, a null probe, more
 * than PLAN_MAX_KEY) are marked so that they too never match null. */
static void plan_lookup(struct planner *p, struct lookup *lk, const struct dataset *ds, int slot,
			struct expr *cond)
{
	struct expr **cs = NULL, **rest = NULL;
	unsigned char *rest_key;
	size_t n = 0, cap = 0, nrest = 0, i;
	struct keyparts kp;
	int j;
	kp.n = 0;
	if (cond)
		conjuncts(cond, &cs, &n, &cap);
	rest = xmalloc((n + 1) * sizeof(*rest));
	rest_key = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		int f, is_key;
		struct expr *pr;
		is_key = key_equality(cs[i], slot, &f, &pr);
		if (is_key && add_key_part(&kp, ds, f, pr))
			continue;
		rest_key[nrest] = (unsigned char)is_key;
		rest[nrest++] = cs[i];
	}
	lk->idx = kp.n ? get_index(p->ps, ds, kp.fields, kp.n) : NULL;
	memcpy(lk->probe, kp.probes, (size_t)kp.n * sizeof(*kp.probes));
	for (j = 0; lk->idx && j < kp.n; j++)
		mark_probe_identity(p, kp.probes[j]);
	lk->conds = ARENA_ARRAY(&p->ps->arena, struct expr *, nrest ? nrest : 1);
	memcpy(lk->conds, rest, nrest * sizeof(*rest));
	lk->cond_is_key = ARENA_ARRAY(&p->ps->arena, unsigned char, nrest ? nrest : 1);
	memcpy(lk->cond_is_key, rest_key, nrest);
	lk->nconds = nrest;
	free(rest_key);
	for (i = 0; i < nrest; i++)
		plan_subqueries(p, rest[i]);
	for (j = 0; j < kp.n; j++)
		plan_subqueries(p, kp.probes[j]);
	free(cs);
	free(rest);
}

static void plan_subq(struct planner *p, struct expr *e)
{
	struct subplan *sp = ARENA_NEW(&p->ps->arena, struct subplan);
	sp->ds = e->u.sub.ds;
	sp->slot = e->u.sub.slot;
	e->u.sub.plan = sp;
	if (e->u.sub.val)
		plan_subqueries(p, e->u.sub.val);
	plan_lookup(p, &sp->lk, sp->ds, sp->slot, e->u.sub.where);
	if (!sp->lk.idx)
		diag_warning(p->dc, e->pos, "%s over %s has no equality on %s's fields to look up: "
			     "it will scan %s for every row", e->op == AGG_EXISTS ? "exists" : "subquery",
			     sp->ds->name, e->u.sub.var, sp->ds->name);
}

/* plan every subquery inside e (not descending into planned ones) */
static void plan_subqueries(struct planner *p, struct expr *e)
{
	size_t i;
	if (!e)
		return;
	switch (e->kind) {
	case E_SUBQ:
		if (!e->u.sub.plan && e->u.sub.ds)
			plan_subq(p, e);
		return;
	case E_CALL:
		if (e->u.call.expansion)
			plan_subqueries(p, e->u.call.expansion);
		for (i = 0; !e->u.call.expansion && i < e->u.call.nargs; i++)
			plan_subqueries(p, e->u.call.args[i]);
		return;
	case E_UNARY: case E_ISNULL: plan_subqueries(p, e->u.un.e); return;
	case E_BINARY: plan_subqueries(p, e->u.bin.l); plan_subqueries(p, e->u.bin.r); return;
	case E_IN:
		plan_subqueries(p, e->u.in.e);
		for (i = 0; i < e->u.in.n; i++)
			plan_subqueries(p, e->u.in.list[i]);
		return;
	case E_BETWEEN:
		plan_subqueries(p, e->u.between.e);
		plan_subqueries(p, e->u.between.lo);
		plan_subqueries(p, e->u.between.hi);
		return;
	case E_MATCH: plan_subqueries(p, e->u.match.e); return;
	default: return;
	}
}

/* ---- rules --------------------------------------------------------- */

struct item {
	int level;
	struct step st;
};

static void push_step(struct rule_plan *rp, size_t *cap, const struct step *st)
{
	ALLOC_GROW(rp->steps, rp->nsteps + 1, *cap);
	rp->steps[rp->nsteps++] = *st;
}

static void plan_binding(struct planner *p, struct rule_plan *rp, size_t *cap, const struct clause *cl)
{
	struct step st;
	memset(&st, 0, sizeof(st));
	st.cl = cl;
	st.slot = cl->slot;
	st.ds = cl->ds;
	st.left = cl->kind == CL_LEFT_JOIN;
	if (cl->kind == CL_FOR) {
		st.kind = ST_SCAN;
	} else {
		plan_lookup(p, &st.lk, cl->ds, cl->slot, cl->e);
		st.kind = st.lk.idx ? ST_LOOKUP : ST_NESTED;
		if (!st.lk.idx)
			diag_warning(p->dc, cl->pos, "join of %s has no equality on %s's fields to look up: "
				     "it will scan %s for every row", cl->ds->name, cl->var, cl->ds->name);
	}
	push_step(rp, cap, &st);
}

/* where-conjuncts and lets with their levels, in clause order */
static struct item *collect_items(struct planner *p, struct rule *r, size_t *nitems)
{
	struct item *items = NULL;
	size_t n = 0, cap = 0, i, j;
	int level = -1;
	for (i = 0; i < r->nclauses; i++) {
		struct clause *cl = &r->clauses[i];
		struct item it;
		memset(&it, 0, sizeof(it));
		it.st.cl = cl;
		if (cl->kind == CL_FOR || cl->kind == CL_JOIN || cl->kind == CL_LEFT_JOIN) {
			if (cl->slot >= 0 && cl->slot < p->nslots)
				p->slot_level[cl->slot] = ++level;
		} else if (cl->kind == CL_LET) {
			it.level = expr_level(p, cl->e);
			it.st.kind = ST_LET;
			it.st.slot = cl->slot;
			it.st.e = cl->e;
			plan_subqueries(p, cl->e);
			if (cl->slot >= 0 && cl->slot < p->nlets)
				p->let_level[cl->slot] = it.level;
			ALLOC_GROW(items, n + 1, cap);
			items[n++] = it;
		} else {
			struct expr **cs = NULL;
			size_t nc = 0, ccap = 0;
			conjuncts(cl->e, &cs, &nc, &ccap);
			for (j = 0; j < nc; j++) {
				it.level = expr_level(p, cs[j]);
				it.st.kind = ST_FILTER;
				it.st.e = cs[j];
				plan_subqueries(p, cs[j]);
				ALLOC_GROW(items, n + 1, cap);
				items[n++] = it;
			}
			free(cs);
		}
	}
	*nitems = n;
	return items;
}

static void plan_rule(struct planner *p, struct rule *r, struct rule_plan *rp)
{
	struct item *items;
	size_t nitems, i, j, cap = 0;
	int level = -1;
	rp->rule = r;
	p->nslots = r->nslots;
	p->nlets = r->nlets;
	p->slot_level = xmalloc(((size_t)r->nslots + 1) * sizeof(int));
	p->let_level = xmalloc(((size_t)r->nlets + 1) * sizeof(int));
	for (i = 0; i < (size_t)r->nslots; i++)
		p->slot_level[i] = -1;
	for (i = 0; i < (size_t)r->nlets; i++)
		p->let_level[i] = 0;
	items = collect_items(p, r, &nitems);
	rp->bind_slots = ARENA_ARRAY(&p->ps->arena, int, (size_t)r->nslots + 1);
	for (i = 0; i < r->nclauses; i++) {
		const struct clause *cl = &r->clauses[i];
		if (cl->kind != CL_FOR && cl->kind != CL_JOIN && cl->kind != CL_LEFT_JOIN)
			continue;
		plan_binding(p, rp, &cap, cl);
		rp->bind_slots[rp->nbind++] = cl->slot;
		level++;
		for (j = 0; j < nitems; j++)
			if (items[j].level == level)
				push_step(rp, &cap, &items[j].st);
	}
	for (j = 0; r->message && j < r->message->nparts; j++)
		plan_subqueries(p, r->message->parts[j].e);
	free(items);
	free(p->slot_level);
	free(p->let_level);
}

/* An index compares interned ids: the fields it looks up are interned in
 * every row (struct field's identity). */
static void mark_identity(const struct planset *ps, struct program *prog)
{
	size_t i;
	int k;
	for (i = 0; i < ps->nindexes; i++) {
		const struct index *idx = ps->indexes[i];
		for (k = 0; k < idx->nkey; k++)
			prog->datasets[idx->ds->index]->fields[idx->fields[k]].identity = 1;
	}
}

void plan_program(struct planset *ps, struct program *prog, struct diagctx *dc)
{
	struct planner p;
	size_t i;
	memset(ps, 0, sizeof(*ps));
	arena_init(&ps->arena);
	memset(&p, 0, sizeof(p));
	p.ps = ps;
	p.prog = prog;
	p.dc = dc;
	ps->plans = xcalloc(prog->nrules ? prog->nrules : 1, sizeof(*ps->plans));
	ps->nplans = prog->nrules;
	for (i = 0; i < prog->nrules; i++)
		plan_rule(&p, prog->rules[i], &ps->plans[i]);
	mark_identity(ps, prog);
}

void plan_release(struct planset *ps)
{
	size_t i;
	for (i = 0; i < ps->nindexes; i++) {
		dict_release(&ps->indexes[i]->map);
		free(ps->indexes[i]->next);
	}
	for (i = 0; i < ps->nplans; i++)
		free(ps->plans[i].steps);
	free(ps->indexes);
	free(ps->plans);
	arena_release(&ps->arena);
	memset(ps, 0, sizeof(*ps));
}

/* ---- index build and lookup ---------------------------------------- */

static uint64_t cell(const struct table *t, int f, size_t row)
{
	const struct column *c = &t->cols[f];
	return c->s ? c->s[row] : (uint64_t)c->i[row];
}

/* keyed (util/hash.h): the key values come from the exports */
static uint64_t key_hash(const struct index *idx, const uint64_t *vals)
{
	struct hash_state hs;
	int i;
	hash_begin(&hs, &idx->hkey);
	for (i = 0; i < idx->nkey; i++)
		hash_add_u64(&hs, vals[i]);
	return hash_end(&hs);
}

struct probe {
	const struct index *idx;
	const uint64_t *vals;
};

/* key parts from..nkey of the probe equal those of the stored row */
static int parts_eq(const struct probe *p, const struct dict_entry *stored, int from)
{
	int i;
	for (i = from; i < p->idx->nkey; i++)
		if (cell(p->idx->t, p->idx->fields[i], (size_t)stored->key) != p->vals[i])
			return 0;
	return 1;
}

/* sealed: an entry's val is its first key part's value (index_seal) */
static int index_eq(const void *ctx, const struct dict_entry *stored, const void *pr)
{
	const struct probe *p = pr;
	(void)ctx;
	return stored->val == p->vals[0] && parts_eq(p, stored, 1);
}

/* while building, an entry's val is its chain's last row */
static int index_build_eq(const void *ctx, const struct dict_entry *stored, const void *pr)
{
	(void)ctx;
	return parts_eq(pr, stored, 0);
}

static const struct dict_type index_type = { index_eq };
static const struct dict_type index_build_type = { index_build_eq };

/* Once built, an entry's val holds the first key part's value, so a
 * lookup of a one-part key (most are) compares it without reading the
 * table at a random row: one cache miss per probe instead of two. */
static void index_seal(struct index *idx)
{
	size_t k;
	for (k = 0; k < idx->map.cap; k++) {
		struct dict_entry *e = &idx->map.slots[k];
		if (e->hash)
			e->val = cell(idx->t, idx->fields[0], (size_t)e->key);
	}
	idx->map.type = &index_type;
}

static void build_index(struct index *idx, const struct table *t)
{
	size_t r;
	uint64_t vals[PLAN_MAX_KEY];
	int i;
	idx->t = t;
	idx->hkey = hash_run_key();
	dict_init(&idx->map, &index_build_type, NULL);
	idx->next = xmalloc((t->nrows + 1) * sizeof(*idx->next));
	for (r = 0; r < t->nrows; r++) {
		struct probe pr = { idx, vals };
		struct dict_entry *e;
		int has_null = 0;
		uint64_t h;
		idx->next[r] = PLAN_NO_ROW;
		if (table_is_dup(t, r))
			continue;   /* never evaluated: not indexed */
		for (i = 0; i < idx->nkey; i++) {
			has_null |= table_is_null(t, r, idx->fields[i]);
			vals[i] = cell(t, idx->fields[i], r);
		}
		if (has_null)
			continue;
		h = key_hash(idx, vals);
		e = dict_find(&idx->map, h, &pr);
		if (e) {
			idx->next[e->val] = (uint32_t)r; /* val: the chain's last row */
			e->val = r;
		} else {
			dict_insert(&idx->map, h, r, r);
			idx->ndistinct++;
		}
	}
	index_seal(idx);
}

void plan_build_indexes(struct planset *ps, const struct table *tables)
{
	size_t i;
	for (i = 0; i < ps->nindexes; i++)
		if (!ps->indexes[i]->next)
			build_index(ps->indexes[i], &tables[ps->indexes[i]->ds->index]);
}

uint32_t plan_index_first(const struct index *idx, const uint64_t *vals)
{
	struct probe pr = { idx, vals };
	struct dict_entry *e = dict_find(&idx->map, key_hash(idx, vals), &pr);
	return e ? (uint32_t)e->key : PLAN_NO_ROW;
}

/* ---- explain ------------------------------------------------------- */

static void explain_lookup(const struct lookup *lk, const struct dataset *ds, const char *indent,
			   struct strbuf *sb);

static void explain_subqueries(const struct expr *e, const char *indent, struct strbuf *sb);

struct subq_list {
	const struct expr **v;
	size_t n, cap;
};

static void collect_subq(void *ud, const struct expr *e)
{
	struct subq_list *l = ud;
	if (e->kind == E_SUBQ && e->u.sub.plan) {
		ALLOC_GROW(l->v, l->n + 1, l->cap);
		l->v[l->n++] = e;
	}
}

static void explain_subqueries(const struct expr *e, const char *indent, struct strbuf *sb)
{
	struct subq_list l = { NULL, 0, 0 };
	size_t i;
	static const char *const aggs[] = { "", "exists", "count", "sum", "min", "max" };
	walk(e, collect_subq, &l);
	for (i = 0; i < l.n; i++) {
		const struct subplan *sp = l.v[i]->u.sub.plan;
		strbuf_addf(sb, "%ssubquery %s(%s in %s): ", indent, aggs[l.v[i]->op], l.v[i]->u.sub.var,
			    sp->ds->name);
		explain_lookup(&sp->lk, sp->ds, indent, sb);
	}
	free(l.v);
}

static void explain_lookup(const struct lookup *lk, const struct dataset *ds, const char *indent,
			   struct strbuf *sb)
{
	size_t i;
	struct strbuf in2 = STRBUF_INIT;
	if (lk->idx) {
		strbuf_addf(sb, "index lookup %s(", ds->name);
		for (i = 0; i < (size_t)lk->idx->nkey; i++)
			strbuf_addf(sb, "%s%s", i ? ", " : "", ds->fields[lk->idx->fields[i]].name);
		strbuf_addstr(sb, ") = (");
		for (i = 0; i < (size_t)lk->idx->nkey; i++) {
			if (i)
				strbuf_addstr(sb, ", ");
			ast_expr_text(lk->probe[i], sb);
		}
		strbuf_addstr(sb, ")\n");
	} else {
		strbuf_addf(sb, "scan %s (no usable equality)\n", ds->name);
	}
	strbuf_addf(&in2, "%s    ", indent);
	for (i = 0; i < lk->nconds; i++) {
		strbuf_addf(sb, "%s  and check ", indent);
		ast_expr_text(lk->conds[i], sb);
		strbuf_addch(sb, '\n');
		explain_subqueries(lk->conds[i], in2.buf, sb);
	}
	strbuf_release(&in2);
}

void plan_explain(const struct rule_plan *rp, struct strbuf *sb)
{
	size_t i;
	for (i = 0; i < rp->nsteps; i++) {
		const struct step *st = &rp->steps[i];
		strbuf_addf(sb, "  %2zu. ", i + 1);
		switch (st->kind) {
		case ST_SCAN:
			strbuf_addf(sb, "scan %s as %s (driving dataset, row order)\n", st->ds->name, st->cl->var);
			break;
		case ST_LOOKUP: case ST_NESTED:
			strbuf_addf(sb, "%sjoin %s as %s: ", st->left ? "left " : "", st->ds->name, st->cl->var);
			explain_lookup(&st->lk, st->ds, "      ", sb);
			break;
		case ST_FILTER:
			strbuf_addstr(sb, "filter ");
			ast_expr_text(st->e, sb);
			strbuf_addch(sb, '\n');
			explain_subqueries(st->e, "      ", sb);
			break;
		case ST_LET:
			strbuf_addf(sb, "let %s = ", st->cl->var);
			ast_expr_text(st->e, sb);
			strbuf_addch(sb, '\n');
			explain_subqueries(st->e, "      ", sb);
			break;
		}
	}
}

const struct step *plan_bound_step(const struct rule_plan *rp, int i)
{
	const struct step *st = NULL;
	size_t k;
	for (k = 0; k < rp->nsteps; k++)
		if ((rp->steps[k].kind == ST_SCAN || rp->steps[k].kind == ST_LOOKUP ||
		     rp->steps[k].kind == ST_NESTED) && rp->steps[k].slot == rp->bind_slots[i])
			st = &rp->steps[k];
	return st;
}
