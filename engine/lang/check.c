/*
 * check.c - name resolution and type checking of rules (see check.h).
 *
 * One scope per rule: record variables (for, join, and subquery variables,
 * each with its own binding slot) and lets.  A subquery variable is
 * visible inside its subquery only.  Expressions whose type cannot be
 * known because of an earlier error get T_ERR, which every later check
 * accepts, so one mistake gives one message.
 */
#include "lang/check.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"
#include "lang/func.h"
#include "lang/rx.h"
#include "lang/schema.h"
#include "util/strbuf.h"

#define T_ERR ((enum vtype)VT_NTYPES)

struct var {
	const char *name;
	const struct dataset *ds;
	int slot;
	int left;                    /* bound by a left join: may have no row */
	struct srcpos pos;
};

struct let {
	const char *name;
	int slot;
	enum vtype type;
	const struct field *enumf;
};

struct subst {
	const char **names;
	struct expr **args;
	size_t n;
};

struct checker {
	struct program *prog;
	struct strpool *pool;
	struct diagctx *dc;
	struct var *vars;
	size_t nvars, vars_cap;
	struct let *lets;
	size_t nlets, lets_cap;
	int nslots;
	struct rule *rule;           /* the rule being checked, or NULL */
	/* limits (check.h), per rule or parameter */
	size_t nodes;                /* made by inlining defines */
	int depth;                   /* check_expr nesting, defines inlined */
	int inlining;                /* define calls being inlined, nested */
	enum { OVER_NONE, OVER_SIZE, OVER_DEPTH } over; /* a limit hit while inlining */
	int over_reported;           /* a limit error was given */
};

static void check_expr(struct checker *c, struct expr *e);
static void check_node(struct checker *c, struct expr *e);

static int is_numeric(enum vtype t) { return t == VT_INT || t == VT_DECIMAL; }
static int is_textual(enum vtype t) { return t == VT_TEXT || t == VT_ENUM; }
static int is_err(enum vtype t) { return t == T_ERR; }

static const char *tname(enum vtype t) { return t == T_ERR ? "?" : value_type_name(t); }

/* the did-you-mean tail for a name, in sb: " (did you mean 'x'?)" or "" */
static const char *dym_text(struct strbuf *sb, const char *best)
{
	strbuf_reset(sb);
	diag_did_you_mean(sb, best, DIAG_QUOTE_NAME);
	return sb->buf;
}

/* ---- scopes -------------------------------------------------------- */

static struct var *find_var(struct checker *c, const char *name)
{
	size_t i;
	for (i = c->nvars; i-- > 0;)
		if (!strcmp(c->vars[i].name, name))
			return &c->vars[i];
	return NULL;
}

static struct let *find_let(struct checker *c, const char *name)
{
	size_t i;
	for (i = c->nlets; i-- > 0;)
		if (!strcmp(c->lets[i].name, name))
			return &c->lets[i];
	return NULL;
}

static const char *suggest_name(struct checker *c, const char *name)
{
	const char **cands = xmalloc((c->nvars + c->nlets + 1) * sizeof(*cands));
	const char *best;
	size_t n = 0, i;
	for (i = 0; i < c->nvars; i++)
		cands[n++] = c->vars[i].name;
	for (i = 0; i < c->nlets; i++)
		cands[n++] = c->lets[i].name;
	best = diag_suggest(name, cands, n);
	free(cands);
	return best;
}

static const struct dataset *resolve_dataset(struct checker *c, const char *name, struct srcpos pos)
{
	struct dataset *ds = schema_find_dataset(c->prog, name);
	struct strbuf sb = STRBUF_INIT;
	if (!ds)
		diag_error(c->dc, pos, "unknown dataset '%s'%s", name,
			   dym_text(&sb, schema_suggest_dataset(c->prog, name)));
	else
		ds->used = 1;
	strbuf_release(&sb);
	return ds;
}

/* binds name to ds in a new slot; returns the slot, or -1 */
static int bind_var(struct checker *c, const char *name, struct srcpos pos, const struct dataset *ds,
		    int left)
{
	struct var *old = find_var(c, name);
	struct var v;
	if (old || find_let(c, name)) {
		diag_error(c->dc, pos, "'%s' is already bound%s", name,
			   old && old->pos.line ? " in this rule" : "");
		return -1;
	}
	v.name = name;
	v.ds = ds;
	v.slot = c->nslots++;
	v.left = left;
	v.pos = pos;
	ALLOC_GROW(c->vars, c->nvars + 1, c->vars_cap);
	c->vars[c->nvars++] = v;
	return v.slot;
}

/* ---- define expansion ---------------------------------------------- */

static struct expr *clone(struct checker *c, const struct expr *e, const struct subst *s);

static struct expr *subst_lookup(const struct subst *s, const char *name)
{
	size_t i;
	for (i = 0; s && i < s->n; i++)
		if (!strcmp(s->names[i], name))
			return s->args[i];
	return NULL;
}

static struct expr **clone_list(struct checker *c, struct expr **list, size_t n, const struct subst *s)
{
	struct expr **out = ARENA_ARRAY(&c->prog->arena, struct expr *, n ? n : 1);
	size_t i;
	for (i = 0; i < n; i++)
		out[i] = clone(c, list[i], s);
	return out;
}

/* a subquery variable hides a define argument of the same name */
static const struct subst *without(struct checker *c, const struct subst *s, const char *name)
{
	struct subst *o;
	size_t i;
	if (!subst_lookup(s, name))
		return s;
	o = ARENA_NEW(&c->prog->arena, struct subst);
	o->names = ARENA_ARRAY(&c->prog->arena, const char *, s->n);
	o->args = ARENA_ARRAY(&c->prog->arena, struct expr *, s->n);
	for (i = 0; i < s->n; i++) {
		if (strcmp(s->names[i], name)) {
			o->names[o->n] = s->names[i];
			o->args[o->n++] = s->args[i];
		}
	}
	return o;
}

/* Past LANG_MAX_EXPANSION nodes, clone() stops copying: it returns a
 * childless null literal, never checked (check_expr() stops on c->over). */
static struct expr *clone_stub(struct checker *c, const struct expr *e)
{
	struct expr *n = ARENA_NEW(&c->prog->arena, struct expr);
	n->kind = E_LIT;
	n->pos = e->pos;
	if (!c->over)
		c->over = OVER_SIZE;
	return n;
}

static struct expr *clone(struct checker *c, const struct expr *e, const struct subst *s)
{
	struct expr *n, *arg;
	if (!e)
		return NULL;
	if (e->kind == E_NAME && (arg = subst_lookup(s, e->u.name.name)))
		return clone(c, arg, NULL);
	if (c->over || ++c->nodes > LANG_MAX_EXPANSION)
		return clone_stub(c, e);
	n = ARENA_NEW(&c->prog->arena, struct expr);
	*n = *e;
	switch (e->kind) {
	case E_FIELD:
		if ((arg = subst_lookup(s, e->u.field.var))) {
			if (arg->kind != E_NAME) {
				diag_error(c->dc, arg->pos, "argument used as a record ('%s.%s') must be a variable name",
					   e->u.field.var, e->u.field.name);
			} else {
				n->u.field.var = arg->u.name.name;
			}
		}
		break;
	case E_CALL:
		n->u.call.args = clone_list(c, e->u.call.args, e->u.call.nargs, s);
		n->u.call.expansion = NULL;
		break;
	case E_UNARY:
	case E_ISNULL:
		n->u.un.e = clone(c, e->u.un.e, s);
		break;
	case E_BINARY:
		n->u.bin.l = clone(c, e->u.bin.l, s);
		n->u.bin.r = clone(c, e->u.bin.r, s);
		break;
	case E_IN:
		n->u.in.e = clone(c, e->u.in.e, s);
		n->u.in.list = clone_list(c, e->u.in.list, e->u.in.n, s);
		break;
	case E_BETWEEN:
		n->u.between.e = clone(c, e->u.between.e, s);
		n->u.between.lo = clone(c, e->u.between.lo, s);
		n->u.between.hi = clone(c, e->u.between.hi, s);
		break;
	case E_MATCH:
		n->u.match.e = clone(c, e->u.match.e, s);
		break;
	case E_SUBQ: {
		const struct subst *inner = s ? without(c, s, e->u.sub.var) : NULL;
		n->u.sub.val = clone(c, e->u.sub.val, inner);
		n->u.sub.where = clone(c, e->u.sub.where, inner);
		n->u.sub.plan = NULL;
		break;
	}
	default:
		break;
	}
	return n;
}

static struct define *find_define(struct checker *c, const char *name)
{
	size_t i;
	for (i = 0; i < c->prog->ndefines; i++)
		if (!strcmp(c->prog->defines[i]->name, name))
			return c->prog->defines[i];
	return NULL;
}

/* records that the current rule uses d (for reports: the rule as checked) */
static void note_use(struct checker *c, struct define *d)
{
	struct rule *r = c->rule;
	struct define **v;
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->nuses; i++)
		if (r->uses[i] == d)
			return;
	v = ARENA_ARRAY(&c->prog->arena, struct define *, r->nuses + 1);
	if (r->nuses)
		memcpy(v, r->uses, r->nuses * sizeof(*v));
	v[r->nuses++] = d;
	r->uses = v;
}

/* Does e call target, directly or through the bodies of the defines it
 * calls?  Each define's body is searched once per stamp. */
static int reaches(struct checker *c, const struct expr *e, const struct define *target, unsigned stamp)
{
	struct define *d;
	size_t i;
	if (!e)
		return 0;
	switch (e->kind) {
	case E_CALL:
		for (i = 0; i < e->u.call.nargs; i++)
			if (reaches(c, e->u.call.args[i], target, stamp))
				return 1;
		if (!(d = find_define(c, e->u.call.name)) || d == target || d->seen == stamp)
			return d == target;
		d->seen = stamp;
		return reaches(c, d->body, target, stamp);
	case E_UNARY: case E_ISNULL: return reaches(c, e->u.un.e, target, stamp);
	case E_BINARY: return reaches(c, e->u.bin.l, target, stamp) || reaches(c, e->u.bin.r, target, stamp);
	case E_IN:
		for (i = 0; i < e->u.in.n; i++)
			if (reaches(c, e->u.in.list[i], target, stamp))
				return 1;
		return reaches(c, e->u.in.e, target, stamp);
	case E_BETWEEN:
		return reaches(c, e->u.between.e, target, stamp) || reaches(c, e->u.between.lo, target, stamp) ||
		       reaches(c, e->u.between.hi, target, stamp);
	case E_MATCH: return reaches(c, e->u.match.e, target, stamp);
	case E_SUBQ: return reaches(c, e->u.sub.val, target, stamp) || reaches(c, e->u.sub.where, target, stamp);
	default: return 0;
	}
}

/* Marks the recursive defines.  A define may still be inlined inside its
 * own inlining when the inner call comes from an argument (d(d(x))); only
 * a recursive one is an error there, and the others always terminate. */
static void find_recursion(struct checker *c)
{
	size_t i;
	for (i = 0; i < c->prog->ndefines; i++)
		c->prog->defines[i]->seen = 0;
	for (i = 0; i < c->prog->ndefines; i++) {
		struct define *d = c->prog->defines[i];
		d->recursive = reaches(c, d->body, d, (unsigned)i + 1);
	}
}

/* A limit was hit while inlining d: the error goes to the call in the
 * rule's own text, the outermost one. */
static void over_limit(struct checker *c, struct expr *e, const struct define *d)
{
	if (c->over == OVER_SIZE)
		diag_error(c->dc, e->pos, "expanding '%s' would make the rule too large (over %d nodes)",
			   d->name, LANG_MAX_EXPANSION);
	else
		diag_error(c->dc, e->pos, "expanding '%s' would nest the rule too deeply (over %d levels)",
			   d->name, LANG_MAX_DEPTH);
	c->over = OVER_NONE;
	c->over_reported = 1;
}

static void expand_define(struct checker *c, struct expr *e, struct define *d)
{
	struct subst s;
	int before = c->dc->nerr;
	if (e->u.call.nargs != d->nargs) {
		diag_error(c->dc, e->pos, "'%s' takes %zu argument%s, given %zu", d->name, d->nargs,
			   d->nargs == 1 ? "" : "s", e->u.call.nargs);
		e->type = T_ERR;
		return;
	}
	if (d->expanding && d->recursive) {
		diag_error(c->dc, e->pos, "define '%s' refers to itself (defines cannot be recursive)", d->name);
		e->type = T_ERR;
		return;
	}
	d->uses++;
	note_use(c, d);
	if (c->over_reported) {
		e->type = T_ERR; /* the rule is already over a limit */
		return;
	}
	s.names = d->args;
	s.args = e->u.call.args;
	s.n = d->nargs;
	e->u.call.expansion = clone(c, d->body, &s);
	d->expanding++;
	c->inlining++;
	check_expr(c, e->u.call.expansion);
	c->inlining--;
	d->expanding--;
	if (c->over) {
		e->type = T_ERR;
		if (!c->inlining)
			over_limit(c, e, d);
		return;
	}
	e->type = e->u.call.expansion->type;
	e->enumf = e->u.call.expansion->enumf;
	if (c->dc->nerr > before)
		diag_note(c->dc, e->pos, "in the expansion of define '%s' used here", d->name);
}

/* ---- expressions --------------------------------------------------- */

static void want_bool(struct checker *c, struct expr *e, const char *what)
{
	if (!is_err(e->type) && e->type != VT_BOOL && e->type != VT_NULL)
		diag_error(c->dc, e->pos, "%s must be bool, not %s", what, tname(e->type));
}

static int eq_compatible(enum vtype a, enum vtype b)
{
	return is_err(a) || is_err(b) || a == VT_NULL || b == VT_NULL || a == b ||
	       (is_numeric(a) && is_numeric(b)) || (is_textual(a) && is_textual(b));
}

static int ord_compatible(enum vtype a, enum vtype b)
{
	if (is_err(a) || is_err(b) || a == VT_NULL || b == VT_NULL)
		return 1;
	if (a == VT_BOOL || b == VT_BOOL)
		return 0;
	return a == b || (is_numeric(a) && is_numeric(b)) || (is_textual(a) && is_textual(b));
}

/* A literal that is an enum value spelled another way (value_enum_same):
 * it becomes the declared spelling, the one the data holds. */
static int enum_literal_respell(struct checker *c, const struct field *f, struct expr *lit)
{
	size_t i;
	for (i = 0; i < f->nenum; i++) {
		const char *v = f->enum_vals[i];
		if (!value_enum_same(v, strlen(v), lit->u.lit.text, lit->u.lit.len))
			continue;
		lit->u.lit.text = v;
		lit->u.lit.len = strlen(v);
		lit->u.lit.v.u.s = strpool_intern(c->pool, v, lit->u.lit.len);
		return 1;
	}
	return 0;
}

/* A text literal compared with an enum must be one of its values
 * (spelled as declared, or matching one like the data does). */
static void check_enum_literal(struct checker *c, const struct expr *en, struct expr *lit)
{
	const struct field *f = en->enumf;
	const char *best;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	if (!f || lit->kind != E_LIT || lit->type != VT_TEXT)
		return;
	for (i = 0; i < f->nenum; i++)
		if (!strcmp(f->enum_vals[i], lit->u.lit.text))
			return;
	if (enum_literal_respell(c, f, lit))
		return;
	best = diag_suggest(lit->u.lit.text, f->enum_vals, f->nenum);
	for (i = 0; i < f->nenum; i++)
		strbuf_addf(&sb, "%s\"%s\"", i ? ", " : "", f->enum_vals[i]);
	strbuf_addch(&sb, ')');
	diag_did_you_mean(&sb, best, DIAG_QUOTE_STRING);
	diag_error(c->dc, lit->pos, "\"%s\" is not a value of %s.%s (values: %s", lit->u.lit.text,
		   f->ds_name, f->name, sb.buf);
	strbuf_release(&sb);
}

static void check_eq_pair(struct checker *c, struct expr *l, struct expr *r)
{
	if (l->enumf)
		check_enum_literal(c, l, r);
	if (r->enumf)
		check_enum_literal(c, r, l);
}

static void check_field(struct checker *c, struct expr *e)
{
	struct var *v = find_var(c, e->u.field.var);
	struct strbuf sb = STRBUF_INIT;
	int fi;
	e->type = T_ERR;
	if (!v) {
		const struct var *dv = NULL;
		size_t i;
		for (i = 0; i < c->nvars; i++)
			if (c->vars[i].ds && !strcmp(c->vars[i].ds->name, e->u.field.var))
				dv = &c->vars[i];
		if (find_let(c, e->u.field.var))
			diag_error(c->dc, e->pos, "'%s' is a let value, not a record; it has no fields", e->u.field.var);
		else if (dv)
			diag_error(c->dc, e->pos, "'%s' is a dataset, not a variable%s", e->u.field.var,
				   dym_text(&sb, dv->name));
		else
			diag_error(c->dc, e->pos, "unknown variable '%s'%s", e->u.field.var,
				   dym_text(&sb, suggest_name(c, e->u.field.var)));
		strbuf_release(&sb);
		return;
	}
	e->u.field.slot = v->slot;
	e->u.field.ds = v->ds;
	if (!v->ds)
		return;
	fi = schema_find_field(v->ds, e->u.field.name);
	if (fi < 0) {
		diag_error(c->dc, e->u.field.name_pos, "unknown field '%s' in %s%s", e->u.field.name, v->ds->name,
			   dym_text(&sb, schema_suggest_field(v->ds, e->u.field.name)));
		strbuf_release(&sb);
		return;
	}
	e->u.field.fidx = fi;
	e->type = v->ds->fields[fi].type;
	if (e->type == VT_ENUM)
		e->enumf = &v->ds->fields[fi];
}

static void check_param(struct checker *c, struct expr *e)
{
	size_t i;
	const char **names, *best;
	struct strbuf sb = STRBUF_INIT, dym = STRBUF_INIT;
	for (i = 0; i < c->prog->nparams; i++) {
		if (!strcmp(c->prog->params[i]->name, e->u.param.name)) {
			e->u.param.idx = (int)i;
			e->type = c->prog->params[i]->type;
			return;
		}
	}
	names = xmalloc((c->prog->nparams + 1) * sizeof(*names));
	for (i = 0; i < c->prog->nparams; i++)
		names[i] = c->prog->params[i]->name;
	best = diag_suggest(e->u.param.name, names, c->prog->nparams);
	if (best)
		strbuf_addf(&sb, "$%s", best);
	diag_error(c->dc, e->pos, "unknown parameter '$%s'%s", e->u.param.name,
		   dym_text(&dym, best ? sb.buf : NULL));
	free(names);
	strbuf_release(&sb);
	strbuf_release(&dym);
	e->type = T_ERR;
}

static void check_name(struct checker *c, struct expr *e)
{
	struct let *l = find_let(c, e->u.name.name);
	struct strbuf sb = STRBUF_INIT;
	e->type = T_ERR;
	if (l) {
		e->u.name.slot = l->slot;
		e->u.name.is_let = 1;
		e->type = l->type;
		e->enumf = l->enumf;
		return;
	}
	if (find_var(c, e->u.name.name))
		diag_error(c->dc, e->pos, "'%s' is a record; name one of its fields ('%s.Field')",
			   e->u.name.name, e->u.name.name);
	else
		diag_error(c->dc, e->pos, "unknown name '%s'%s", e->u.name.name,
			   dym_text(&sb, suggest_name(c, e->u.name.name)));
	strbuf_release(&sb);
}

/* an argument of f: what its row's type rule asks for */
static void want_arg(struct checker *c, const struct expr *call, const struct func *f, struct expr *a)
{
	enum vtype t = a->type;
	if (is_err(t) || t == VT_NULL)
		return;
	if (f->args == FA_TEXT && !is_textual(t))
		diag_error(c->dc, a->pos, "%s() takes text, not %s", call->u.call.name, tname(t));
	if (f->args == FA_DATE && t != VT_DATE && t != VT_DATETIME)
		diag_error(c->dc, a->pos, "%s() takes a date or datetime, not %s", call->u.call.name, tname(t));
}

/* FA_SAME: the arguments from `from` on have one type, which is the
 * result's */
static void check_same_type(struct checker *c, struct expr *e, size_t from)
{
	size_t i;
	enum vtype t = VT_NULL;
	for (i = from; i < e->u.call.nargs; i++) {
		struct expr *a = e->u.call.args[i];
		if (is_err(a->type))
			continue;
		if (t == VT_NULL) {
			t = a->type;
			e->enumf = a->enumf;
		} else if (a->type != VT_NULL && !eq_compatible(t, a->type)) {
			diag_error(c->dc, a->pos, "%s() arguments must have one type: %s and %s",
				   e->u.call.name, tname(t), tname(a->type));
		} else if (t == VT_INT && a->type == VT_DECIMAL) {
			t = VT_DECIMAL;
		}
	}
	e->type = t;
}

static void unknown_function(struct checker *c, struct expr *e)
{
	struct strbuf sb = STRBUF_INIT;
	const char **names;
	size_t n = 0, i, nfuncs;
	for (nfuncs = 0; func_at(nfuncs); nfuncs++)
		;
	names = xmalloc((nfuncs + c->prog->ndefines + 1) * sizeof(*names));
	for (i = 0; i < nfuncs; i++)
		names[n++] = func_at(i)->name;
	for (i = 0; i < c->prog->ndefines; i++)
		names[n++] = c->prog->defines[i]->name;
	diag_error(c->dc, e->u.call.name_pos, "unknown function '%s'%s", e->u.call.name,
		   dym_text(&sb, diag_suggest(e->u.call.name, names, n)));
	free(names);
	strbuf_release(&sb);
	e->type = T_ERR;
}

static int arity_ok(struct checker *c, struct expr *e, const struct func *f)
{
	int n = (int)e->u.call.nargs;
	if (n >= f->min && n <= f->max)
		return 1;
	if (f->min == f->max)
		diag_error(c->dc, e->pos, "%s() takes %d argument%s, given %d", f->name, f->min,
			   f->min == 1 ? "" : "s", n);
	else
		diag_error(c->dc, e->pos, "%s() takes %d to %d arguments, given %d", f->name, f->min, f->max, n);
	e->type = T_ERR;
	return 0;
}

/* a define call is inlined; a built-in is typed by its row (func.h) */
static void check_call(struct checker *c, struct expr *e)
{
	const struct func *f = func_find(e->u.call.name);
	struct define *d = find_define(c, e->u.call.name);
	size_t i;
	if (d) {
		expand_define(c, e, d);
		return;
	}
	if (!f) {
		unknown_function(c, e);
		return;
	}
	e->u.call.fn = f;
	if (!arity_ok(c, e, f))
		return;
	for (i = 0; i < e->u.call.nargs; i++)
		check_expr(c, e->u.call.args[i]);
	if (f->args == FA_SAME) {
		check_same_type(c, e, 0);
		return;
	}
	if (f->args == FA_COND) {
		enum vtype t = e->u.call.args[0]->type;
		if (!is_err(t) && t != VT_NULL && t != VT_BOOL)
			diag_error(c->dc, e->u.call.args[0]->pos, "%s() takes a condition first, not %s",
				   e->u.call.name, tname(t));
		check_same_type(c, e, 1);
		return;
	}
	for (i = 0; i < e->u.call.nargs; i++)
		want_arg(c, e, f, e->u.call.args[i]);
	e->type = f->result;
}

static enum vtype arith_type(struct checker *c, struct expr *e, enum vtype l, enum vtype r)
{
	int op = e->op;
	if (is_err(l) || is_err(r))
		return T_ERR;
	if (l == VT_NULL || r == VT_NULL)
		return l == VT_NULL ? r : l;
	if (is_numeric(l) && is_numeric(r)) {
		if (op == OP_DIV)
			return VT_DECIMAL;
		return l == VT_DECIMAL || r == VT_DECIMAL ? VT_DECIMAL : VT_INT;
	}
	if (l == VT_DATE && r == VT_INT && (op == OP_ADD || op == OP_SUB))
		return VT_DATE;
	if (l == VT_INT && r == VT_DATE && op == OP_ADD)
		return VT_DATE;
	if (l == VT_DATE && r == VT_DATE && op == OP_SUB)
		return VT_INT;
	diag_error(c->dc, e->pos, "cannot apply '%s' to %s and %s",
		   op == OP_ADD ? "+" : op == OP_SUB ? "-" : op == OP_MUL ? "*" : "/", tname(l), tname(r));
	return T_ERR;
}

/* "2026-01-01" in quotes is text: say how to write a date */
static const char *date_hint(const struct expr *l, const struct expr *r)
{
	const struct expr *lit = l->kind == E_LIT ? l : r, *other = lit == l ? r : l;
	int64_t d;
	const char *why;
	if (lit->kind != E_LIT || lit->type != VT_TEXT || (other->type != VT_DATE && other->type != VT_DATETIME))
		return "";
	if (value_parse_date(lit->u.lit.text, lit->u.lit.len, &d, &why))
		return "";
	return " (a date literal is written without quotes: 2026-11-25)";
}

static void check_binary(struct checker *c, struct expr *e)
{
	static const char *const ops[] = { "", "or", "and", "not", "=", "!=", "<", "<=", ">", ">=" };
	struct expr *l = e->u.bin.l, *r = e->u.bin.r;
	check_expr(c, l);
	check_expr(c, r);
	switch (e->op) {
	case OP_AND: case OP_OR:
		want_bool(c, l, e->op == OP_AND ? "each side of 'and'" : "each side of 'or'");
		want_bool(c, r, e->op == OP_AND ? "each side of 'and'" : "each side of 'or'");
		e->type = VT_BOOL;
		return;
	case OP_EQ: case OP_NE:
		if (!eq_compatible(l->type, r->type))
			diag_error(c->dc, e->pos, "cannot compare %s with %s using '%s'%s", tname(l->type),
				   tname(r->type), ops[e->op], date_hint(l, r));
		check_eq_pair(c, l, r);
		e->type = VT_BOOL;
		return;
	case OP_LT: case OP_LE: case OP_GT: case OP_GE:
		if (!ord_compatible(l->type, r->type))
			diag_error(c->dc, e->pos, "cannot order %s and %s with '%s'%s", tname(l->type),
				   tname(r->type), ops[e->op], date_hint(l, r));
		e->type = VT_BOOL;
		return;
	default:
		e->type = arith_type(c, e, l->type, r->type);
	}
}

static void check_unary(struct checker *c, struct expr *e)
{
	struct expr *x = e->u.un.e;
	check_expr(c, x);
	if (e->op == OP_NOT) {
		want_bool(c, x, "the operand of 'not'");
		e->type = VT_BOOL;
		return;
	}
	if (!is_err(x->type) && x->type != VT_NULL && !is_numeric(x->type))
		diag_error(c->dc, e->pos, "cannot negate %s", tname(x->type));
	e->type = is_numeric(x->type) ? x->type : T_ERR;
}

static void check_in(struct checker *c, struct expr *e)
{
	size_t i;
	check_expr(c, e->u.in.e);
	for (i = 0; i < e->u.in.n; i++) {
		struct expr *x = e->u.in.list[i];
		check_expr(c, x);
		if (!eq_compatible(e->u.in.e->type, x->type))
			diag_error(c->dc, x->pos, "cannot compare %s with %s in 'in (...)'",
				   tname(e->u.in.e->type), tname(x->type));
		check_eq_pair(c, e->u.in.e, x);
	}
	e->type = VT_BOOL;
}

static void check_between(struct checker *c, struct expr *e)
{
	check_expr(c, e->u.between.e);
	check_expr(c, e->u.between.lo);
	check_expr(c, e->u.between.hi);
	if (!ord_compatible(e->u.between.e->type, e->u.between.lo->type) ||
	    !ord_compatible(e->u.between.e->type, e->u.between.hi->type))
		diag_error(c->dc, e->pos, "'between' needs bounds of the same type as the value (%s, %s, %s)",
			   tname(e->u.between.e->type), tname(e->u.between.lo->type),
			   tname(e->u.between.hi->type));
	e->type = VT_BOOL;
}

static void check_match(struct checker *c, struct expr *e)
{
	check_expr(c, e->u.match.e);
	if (!is_err(e->u.match.e->type) && e->u.match.e->type != VT_NULL && !is_textual(e->u.match.e->type))
		diag_error(c->dc, e->u.match.e->pos, "'matches' applies to text, not %s",
			   tname(e->u.match.e->type));
	if (!e->u.match.re->code)
		rx_compile(e->u.match.re, c->dc);
	e->type = VT_BOOL;
}

static void check_subq(struct checker *c, struct expr *e)
{
	const struct dataset *ds = resolve_dataset(c, e->u.sub.ds_name, e->u.sub.ds_pos);
	size_t saved = c->nvars;
	int slot = bind_var(c, e->u.sub.var, e->u.sub.var_pos, ds, 0);
	static const char *const names[] = { "", "exists", "count", "sum", "min", "max" };
	e->u.sub.ds = ds;
	e->u.sub.slot = slot;
	if (e->u.sub.where) {
		check_expr(c, e->u.sub.where);
		want_bool(c, e->u.sub.where, "the 'where' of a subquery");
	}
	if (e->u.sub.val)
		check_expr(c, e->u.sub.val);
	c->nvars = saved;
	switch (e->op) {
	case AGG_EXISTS: e->type = VT_BOOL; break;
	case AGG_COUNT: e->type = VT_INT; break;
	case AGG_SUM:
		e->type = e->u.sub.val->type;
		if (!is_err(e->type) && !is_numeric(e->type)) {
			diag_error(c->dc, e->u.sub.val->pos, "sum() needs a number, not %s", tname(e->type));
			e->type = T_ERR;
		}
		break;
	default:
		e->type = e->u.sub.val->type;
		e->enumf = e->u.sub.val->enumf;
		if (e->type == VT_BOOL)
			diag_error(c->dc, e->u.sub.val->pos, "%s() needs an ordered type, not bool", names[e->op]);
	}
	if (slot < 0 || !ds)
		e->type = T_ERR;
}

/* V is [not] null: V a value, or a left join variable as a whole (true
 * when the join found no row; the name keeps is_let 0 and its slot) */
static void check_isnull(struct checker *c, struct expr *e)
{
	struct expr *x = e->u.un.e;
	struct var *v;
	e->type = VT_BOOL;
	if (x->kind != E_NAME || find_let(c, x->u.name.name) || !(v = find_var(c, x->u.name.name))) {
		check_expr(c, x);
		return;
	}
	x->u.name.slot = v->slot;
	x->type = VT_NULL;
	if (!v->left) {
		diag_error(c->dc, x->pos, "'%s' always has a row here: only a 'left join' variable can be "
			   "tested with 'is null' (name one of its fields: '%s.Field')", x->u.name.name, x->u.name.name);
		x->type = T_ERR;
	}
}

static void check_lit(struct checker *c, struct expr *e)
{
	e->type = (enum vtype)e->u.lit.v.type;
	if (e->type == VT_TEXT)
		e->u.lit.v.u.s = strpool_intern(c->pool, e->u.lit.text, e->u.lit.len);
}

/* Nesting past LANG_MAX_DEPTH: inside a define, the outermost call is
 * the error (over_limit); in the rule's own text, the expression. */
static void too_deep(struct checker *c, struct expr *e)
{
	e->type = T_ERR;
	if (c->inlining) {
		c->over = OVER_DEPTH;
	} else if (!c->over_reported) {
		diag_error(c->dc, e->pos, "expression has more than %d levels of operators (split it with 'let')",
			   LANG_MAX_DEPTH);
		c->over_reported = 1;
	}
}

static void check_expr(struct checker *c, struct expr *e)
{
	if (c->over) {
		e->type = T_ERR;
		return;
	}
	if (c->depth >= LANG_MAX_DEPTH) {
		too_deep(c, e);
		return;
	}
	c->depth++;
	check_node(c, e);
	c->depth--;
}

static void check_node(struct checker *c, struct expr *e)
{
	switch (e->kind) {
	case E_LIT: check_lit(c, e); break;
	case E_FIELD: check_field(c, e); break;
	case E_PARAM: check_param(c, e); break;
	case E_NAME: check_name(c, e); break;
	case E_CALL: check_call(c, e); break;
	case E_UNARY: check_unary(c, e); break;
	case E_BINARY: check_binary(c, e); break;
	case E_IN: check_in(c, e); break;
	case E_BETWEEN: check_between(c, e); break;
	case E_ISNULL: check_isnull(c, e); break;
	case E_MATCH: check_match(c, e); break;
	case E_SUBQ: check_subq(c, e); break;
	}
}

/* ---- rules --------------------------------------------------------- */

static void reset_limits(struct checker *c)
{
	c->nodes = 0;
	c->depth = 0;
	c->inlining = 0;
	c->over = OVER_NONE;
	c->over_reported = 0;
}

static void check_binding_clause(struct checker *c, struct rule *r, struct clause *cl, int first)
{
	const struct dataset *ds = resolve_dataset(c, cl->ds_name, cl->ds_pos);
	if (cl->kind == CL_FOR && !first) {
		diag_error(c->dc, cl->pos, "rule %s has a second 'for' (use 'join' to add a dataset)", r->id);
		return;
	}
	cl->ds = ds;
	cl->slot = bind_var(c, cl->var, cl->var_pos, ds, cl->kind == CL_LEFT_JOIN);
	if (cl->kind != CL_FOR && cl->e) {
		check_expr(c, cl->e);
		want_bool(c, cl->e, "a join condition");
	}
}

static void check_let(struct checker *c, struct clause *cl)
{
	struct let l;
	check_expr(c, cl->e);
	if (find_var(c, cl->var) || find_let(c, cl->var)) {
		diag_error(c->dc, cl->var_pos, "'%s' is already bound in this rule", cl->var);
		return;
	}
	l.name = cl->var;
	l.slot = (int)c->nlets;
	l.type = cl->e->type;
	l.enumf = cl->e->enumf;
	cl->slot = l.slot;
	ALLOC_GROW(c->lets, c->nlets + 1, c->lets_cap);
	c->lets[c->nlets++] = l;
}

static void check_rule_meta(struct checker *c, struct rule *r)
{
	size_t i;
	for (i = 0; i < (size_t)r->index; i++) {
		const struct rule *o = c->prog->rules[i];
		if (!strcmp(o->id, r->id))
			diag_error(c->dc, r->pos, "duplicate rule id %s (first defined at %s:%u)", r->id,
				   o->pos.file ? o->pos.file->path : "?", o->pos.line);
	}
	if (!r->has_severity)
		diag_error(c->dc, r->pos, "rule %s has no 'severity' (error, warning or info)", r->id);
	if (!r->message)
		diag_error(c->dc, r->pos, "rule %s has no 'message'", r->id);
	if (!r->title)
		diag_warning(c->dc, r->pos, "rule %s has no 'title'", r->id);
}

static void check_rule(struct checker *c, struct rule *r)
{
	size_t i;
	c->nvars = c->nlets = 0;
	c->nslots = 0;
	c->rule = r;
	reset_limits(c);
	check_rule_meta(c, r);
	if (!r->nclauses || r->clauses[0].kind != CL_FOR) {
		diag_error(c->dc, r->nclauses ? r->clauses[0].pos : r->pos,
			   "rule %s must start with 'for VAR in DATASET'", r->id);
		return;
	}
	for (i = 0; i < r->nclauses; i++) {
		struct clause *cl = &r->clauses[i];
		switch (cl->kind) {
		case CL_FOR: case CL_JOIN: case CL_LEFT_JOIN:
			check_binding_clause(c, r, cl, i == 0);
			break;
		case CL_WHERE:
			check_expr(c, cl->e);
			want_bool(c, cl->e, "a 'where' condition");
			break;
		case CL_LET:
			check_let(c, cl);
			break;
		}
	}
	for (i = 0; r->message && i < r->message->nparts; i++)
		if (r->message->parts[i].e)
			check_expr(c, r->message->parts[i].e);
	r->nslots = c->nslots;
	r->nlets = (int)c->nlets;
	c->rule = NULL;
}

static void check_params(struct checker *c)
{
	size_t i, j;
	for (i = 0; i < c->prog->nparams; i++) {
		struct param *p = c->prog->params[i];
		for (j = 0; j < i; j++)
			if (!strcmp(c->prog->params[j]->name, p->name))
				diag_error(c->dc, p->pos, "parameter '%s' is declared twice", p->name);
		c->nvars = c->nlets = 0;
		reset_limits(c);
		check_expr(c, p->dflt);
		if (!is_err(p->dflt->type) && p->dflt->type != VT_NULL && p->dflt->type != p->type &&
		    !(p->type == VT_DECIMAL && p->dflt->type == VT_INT))
			diag_error(c->dc, p->dflt->pos, "default of %s parameter '%s' is %s", value_type_name(p->type),
				   p->name, tname(p->dflt->type));
	}
}

static void check_unused(struct checker *c)
{
	size_t i;
	for (i = 0; i < c->prog->ndefines; i++) {
		struct define *d = c->prog->defines[i];
		size_t j;
		for (j = 0; j < i; j++)
			if (!strcmp(c->prog->defines[j]->name, d->name))
				diag_error(c->dc, d->pos, "define '%s' is declared twice", d->name);
		if (!d->uses)
			diag_warning(c->dc, d->pos, "define '%s' is never used", d->name);
	}
	if (!c->prog->nrules)
		return;
	for (i = 0; i < c->prog->ndatasets; i++)
		if (!c->prog->datasets[i]->used)
			diag_warning(c->dc, c->prog->datasets[i]->pos, "dataset '%s' is not used by any rule",
				     c->prog->datasets[i]->name);
}

int check_program(struct program *prog, struct strpool *pool, struct diagctx *dc)
{
	struct checker c;
	int before = dc->nerr;
	size_t i;
	memset(&c, 0, sizeof(c));
	c.prog = prog;
	c.pool = pool;
	c.dc = dc;
	schema_check(prog, pool, dc);
	find_recursion(&c);
	check_params(&c);
	for (i = 0; i < prog->nrules; i++)
		check_rule(&c, prog->rules[i]);
	check_unused(&c);
	free(c.vars);
	free(c.lets);
	return dc->nerr > before ? -1 : 0;
}

static void release_expr(struct expr *e);

static void release_list(struct expr **l, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		release_expr(l[i]);
}

static void release_expr(struct expr *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case E_MATCH:
		rx_free(e->u.match.re);
		release_expr(e->u.match.e);
		break;
	case E_CALL:
		release_list(e->u.call.args, e->u.call.nargs);
		release_expr(e->u.call.expansion);
		break;
	case E_UNARY: case E_ISNULL: release_expr(e->u.un.e); break;
	case E_BINARY: release_expr(e->u.bin.l); release_expr(e->u.bin.r); break;
	case E_IN: release_expr(e->u.in.e); release_list(e->u.in.list, e->u.in.n); break;
	case E_BETWEEN:
		release_expr(e->u.between.e);
		release_expr(e->u.between.lo);
		release_expr(e->u.between.hi);
		break;
	case E_SUBQ: release_expr(e->u.sub.val); release_expr(e->u.sub.where); break;
	default: break;
	}
}

void check_release(struct program *prog)
{
	size_t i, j;
	schema_release(prog);
	for (i = 0; i < prog->nrules; i++) {
		struct rule *r = prog->rules[i];
		for (j = 0; j < r->nclauses; j++)
			release_expr(r->clauses[j].e);
		for (j = 0; r->message && j < r->message->nparts; j++)
			release_expr(r->message->parts[j].e);
	}
	for (i = 0; i < prog->ndefines; i++)
		release_expr(prog->defines[i]->body);
	for (i = 0; i < prog->nparams; i++)
		release_expr(prog->params[i]->dflt);
}
