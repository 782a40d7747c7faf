/*
 * parse.c - recursive-descent parser for rule files (see parse.h).
 *
 * Each parse function is headed by the grammar rule it recognizes.  Errors
 * longjmp back to the declaration loop, which skips to the next top-level
 * keyword; the AST lives in the program arena, so nothing leaks.
 */
#include "lang/parse.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util/alloc.h"
#include "util/files.h"
#include "lang/lex.h"
#include "util/strbuf.h"

struct include {
	const char *path;
	struct srcpos pos;
};

struct parser {
	struct lexer ls;
	struct program *prog;
	struct diagctx *dc;
	jmp_buf recover;
	int depth;               /* expression nesting, bounded */
	struct include *includes; /* include paths found, read after the file */
	size_t nincludes, includes_cap;
	struct lexer outer;      /* the file's lexer while a template {expr} is read */
	int in_tmpl;
	struct strbuf tmpl_lit, tmpl_src; /* template(): owned here, not leaked by an error */
};

#define MAX_DEPTH 200

void program_init(struct program *prog)
{
	memset(prog, 0, sizeof(*prog));
	arena_init(&prog->arena);
}

void program_release(struct program *prog)
{
	size_t i;
	for (i = 0; i < prog->nfiles; i++)
		srcfile_free(prog->files[i]);
	free(prog->files);
	free(prog->datasets);
	free(prog->params);
	free(prog->defines);
	free(prog->rules);
	arena_release(&prog->arena);
	memset(prog, 0, sizeof(*prog));
}

/* ---- helpers ------------------------------------------------------- */

static struct token *tok(struct parser *p) { return &p->ls.t; }
static void next(struct parser *p) { lex_next(&p->ls); }
static int is_kw(struct parser *p, const char *kw) { return lex_is_name(tok(p), kw); }

static const char *const top_keywords[] = { "dataset", "rule", "param", "define", "include" };

/* the declaration keywords are reserved: never a variable or let name */
static int at_top_keyword(struct parser *p)
{
	size_t i;
	for (i = 0; i < sizeof(top_keywords) / sizeof(top_keywords[0]); i++)
		if (is_kw(p, top_keywords[i]))
			return 1;
	return 0;
}

static void __attribute__((noreturn)) fail(struct parser *p)
{
	longjmp(p->recover, 1);
}

static void __attribute__((noreturn)) error_expected(struct parser *p, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	if (tok(p)->kind == TK_ERROR)
		fail(p); /* the lexer has reported it */
	if (p->in_tmpl && tok(p)->kind == TK_EOF)
		strbuf_addstr(&sb, "'}'"); /* the end of a template {expression} */
	else
		lex_describe(tok(p), &sb);
	diag_error(p->dc, tok(p)->pos, "expected %s, found %s", what, sb.buf);
	strbuf_release(&sb);
	fail(p);
}

static int test_next(struct parser *p, enum tok_kind k)
{
	if (tok(p)->kind != k)
		return 0;
	next(p);
	return 1;
}

static int test_kw(struct parser *p, const char *kw)
{
	if (!is_kw(p, kw))
		return 0;
	next(p);
	return 1;
}

static void check(struct parser *p, enum tok_kind k)
{
	if (tok(p)->kind != k)
		error_expected(p, lex_kind_name(k));
}

static void check_kw(struct parser *p, const char *kw)
{
	char what[64];
	if (!is_kw(p, kw)) {
		snprintf(what, sizeof(what), "'%s'", kw);
		error_expected(p, what);
	}
	next(p);
}

/* expect a closing token; name the opener when it is on another line */
static void check_match(struct parser *p, enum tok_kind what, enum tok_kind who, struct srcpos where)
{
	char buf[96];
	if (tok(p)->kind == what) {
		next(p);
		return;
	}
	if (where.line == tok(p)->pos.line)
		error_expected(p, lex_kind_name(what));
	snprintf(buf, sizeof(buf), "%s (to close %s at line %u)", lex_kind_name(what),
		 lex_kind_name(who), where.line);
	error_expected(p, buf);
}

static const char *str_name(struct parser *p, const char *what)
{
	const char *s;
	if (tok(p)->kind != TK_NAME)
		error_expected(p, what);
	s = tok(p)->text;
	next(p);
	return s;
}

/* STR := STRING { STRING }   (adjacent literals are concatenated) */
static const char *str_lit(struct parser *p, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	if (tok(p)->kind != TK_STRING)
		error_expected(p, what);
	while (tok(p)->kind == TK_STRING) {
		strbuf_add(&sb, tok(p)->text, tok(p)->len);
		next(p);
	}
	s = arena_strndup(&p->prog->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

/* span from a start position to the end of the previous token */
static struct srcpos span_to_prev(struct parser *p, struct srcpos start, size_t start_off)
{
	size_t end = p->ls.prev_end;
	if (end > start_off && start.line == p->ls.t.pos.line)
		start.len = (uint32_t)(end - start_off);
	else if (end > start_off) {
		/* same line as start? count to the end of the previous token */
		const char *nl = memchr(p->ls.file->text + start_off, '\n', end - start_off);
		start.len = (uint32_t)((nl ? (size_t)(nl - p->ls.file->text) : end) - start_off);
	}
	return start;
}

#define GROW_PUSH(arr, n, cap, item) \
	do { \
		ALLOC_GROW(arr, (n) + 1, cap); \
		(arr)[(n)++] = (item); \
	} while (0)

/* Arena-backed vectors for the AST's lists: an error's longjmp can leave
 * one half-built and nothing leaks (growth wastes at most half). */
static void *vec_grow(struct parser *p, void *v, size_t n, size_t *cap, size_t esz)
{
	void *nv;
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 4;
	nv = arena_alloc(&p->prog->arena, *cap * esz);
	if (n)
		memcpy(nv, v, n * esz);
	return nv;
}

#define VEC_PUSH(p, arr, n, cap, item) \
	do { \
		(arr) = vec_grow((p), (void *)(arr), (n), &(cap), sizeof(*(arr))); \
		(arr)[(n)++] = (item); \
	} while (0)

/* a finished list: never NULL, even when empty */
static void *vec_end(struct parser *p, void *v)
{
	return v ? v : arena_alloc(&p->prog->arena, 0);
}

/* ---- expressions --------------------------------------------------- */

static struct expr *expr(struct parser *p);

static struct expr *new_expr(struct parser *p, enum expr_kind k, struct srcpos pos)
{
	struct expr *e = ARENA_NEW(&p->prog->arena, struct expr);
	e->kind = k;
	e->pos = pos;
	return e;
}

static void enter(struct parser *p)
{
	if (++p->depth > MAX_DEPTH) {
		diag_error(p->dc, tok(p)->pos, "expression nested too deeply (more than %d levels)", MAX_DEPTH);
		fail(p);
	}
}

/* literal := STRING | INT | DECIMAL | DATE | 'true' | 'false' | 'null' */
static struct expr *literal(struct parser *p)
{
	struct token *t = tok(p);
	struct expr *e = new_expr(p, E_LIT, t->pos);
	switch (t->kind) {
	case TK_STRING:
		e->u.lit.v.type = VT_TEXT;
		e->u.lit.text = str_lit(p, "string");
		e->u.lit.len = strlen(e->u.lit.text);
		return e;
	case TK_INT: e->u.lit.v.type = VT_INT; break;
	case TK_DECIMAL: e->u.lit.v.type = VT_DECIMAL; break;
	case TK_DATE: e->u.lit.v.type = VT_DATE; break;
	default:
		if (is_kw(p, "true") || is_kw(p, "false")) {
			e->u.lit.v.type = VT_BOOL;
			e->u.lit.v.u.i = is_kw(p, "true");
		} else if (is_kw(p, "null")) {
			e->u.lit.v.type = VT_NULL;
			e->u.lit.v.null = 1;
		} else {
			return NULL;
		}
		next(p);
		return e;
	}
	e->u.lit.v.u.i = t->ival;
	next(p);
	return e;
}

/* source := NAME 'in' NAME */
static void subq_source(struct parser *p, struct expr *e)
{
	e->u.sub.var_pos = tok(p)->pos;
	e->u.sub.var = str_name(p, "a variable name");
	check_kw(p, "in");
	e->u.sub.ds_pos = tok(p)->pos;
	e->u.sub.ds_name = str_name(p, "a dataset name");
}

/* subquery := 'exists' source ['where' expr]
 *           | 'count' '(' source ['where' expr] ')'
 *           | ('sum'|'min'|'max') '(' expr 'for' source ['where' expr] ')' */
static struct expr *subquery(struct parser *p, int agg, struct srcpos start, size_t off)
{
	struct expr *e = new_expr(p, E_SUBQ, start);
	struct srcpos lp;
	e->op = agg;
	next(p);
	if (agg == AGG_EXISTS) {
		subq_source(p, e);
		if (test_kw(p, "where"))
			e->u.sub.where = expr(p);
		e->pos = span_to_prev(p, start, off);
		return e;
	}
	lp = tok(p)->pos;
	check(p, TK_LPAREN);
	next(p);
	if (agg != AGG_COUNT) {
		e->u.sub.val = expr(p);
		check_kw(p, "for");
	}
	subq_source(p, e);
	if (test_kw(p, "where"))
		e->u.sub.where = expr(p);
	check_match(p, TK_RPAREN, TK_LPAREN, lp);
	e->pos = span_to_prev(p, start, off);
	return e;
}

/* call := NAME '(' [ expr { ',' expr } ] ')' */
static struct expr *call(struct parser *p, const char *name, struct srcpos start, size_t off)
{
	struct expr *e = new_expr(p, E_CALL, start);
	struct expr **args = NULL;
	size_t n = 0, cap = 0;
	struct srcpos lp = tok(p)->pos;
	e->u.call.name = name;
	e->u.call.name_pos = start;
	next(p);
	if (tok(p)->kind != TK_RPAREN) {
		do {
			struct expr *a = expr(p);
			VEC_PUSH(p, args, n, cap, a);
		} while (test_next(p, TK_COMMA));
	}
	e->u.call.args = vec_end(p, args);
	e->u.call.nargs = n;
	check_match(p, TK_RPAREN, TK_LPAREN, lp);
	e->pos = span_to_prev(p, start, off);
	return e;
}

static int agg_keyword(struct parser *p)
{
	if (is_kw(p, "exists"))
		return AGG_EXISTS;
	if (is_kw(p, "count"))
		return AGG_COUNT;
	if (is_kw(p, "sum"))
		return AGG_SUM;
	if (is_kw(p, "min"))
		return AGG_MIN;
	if (is_kw(p, "max"))
		return AGG_MAX;
	return 0;
}

/* primary := literal | '$' NAME | NAME '.' NAME | call | NAME | subquery
 *          | 'today' | '(' expr ')' */
static struct expr *primary(struct parser *p)
{
	struct srcpos start = tok(p)->pos;
	size_t off = tok(p)->offset;
	struct expr *e;
	const char *name;
	int agg;
	if ((e = literal(p)))
		return e;
	if (test_next(p, TK_LPAREN)) {
		e = expr(p);
		check_match(p, TK_RPAREN, TK_LPAREN, start);
		return e;
	}
	if (test_next(p, TK_DOLLAR)) {
		e = new_expr(p, E_PARAM, start);
		e->u.param.name = str_name(p, "a parameter name after '$'");
		e->pos = span_to_prev(p, start, off);
		return e;
	}
	if (tok(p)->kind != TK_NAME || at_top_keyword(p))
		error_expected(p, "an expression");
	if ((agg = agg_keyword(p)) != 0)
		return subquery(p, agg, start, off);
	name = tok(p)->text;
	next(p);
	if (tok(p)->kind == TK_LPAREN)
		return call(p, name, start, off);
	if (!strcmp(name, "today")) {
		e = new_expr(p, E_CALL, start);
		e->u.call.name = name;
		e->u.call.name_pos = start;
		return e;
	}
	if (test_next(p, TK_DOT)) {
		e = new_expr(p, E_FIELD, start);
		e->u.field.var = name;
		e->u.field.name_pos = tok(p)->pos;
		e->u.field.name = str_name(p, "a field name after '.'");
		e->pos = span_to_prev(p, start, off);
		return e;
	}
	e = new_expr(p, E_NAME, start);
	e->u.name.name = name;
	return e;
}

/* unary := '-' unary | primary */
static struct expr *unary(struct parser *p)
{
	struct srcpos start = tok(p)->pos;
	size_t off = tok(p)->offset;
	struct expr *e;
	if (!test_next(p, TK_MINUS))
		return primary(p);
	enter(p);
	e = new_expr(p, E_UNARY, start);
	e->op = OP_NEG;
	e->u.un.e = unary(p);
	e->pos = span_to_prev(p, start, off);
	p->depth--;
	return e;
}

static struct expr *binary(struct parser *p, int op, struct expr *l, struct expr *r, size_t off)
{
	struct expr *e = new_expr(p, E_BINARY, l->pos);
	e->op = op;
	e->u.bin.l = l;
	e->u.bin.r = r;
	e->pos = span_to_prev(p, l->pos, off);
	return e;
}

/* The two arithmetic levels, tightest last (as Lua's priority table):
 *   sum  := term { ('+' | '-') term }
 *   term := unary { ('*' | '/') unary }
 */
enum { ARITH_SUM, ARITH_TERM };

static int arith_op(int kind, int level)
{
	if (level == ARITH_SUM)
		return kind == TK_PLUS ? OP_ADD : kind == TK_MINUS ? OP_SUB : 0;
	return kind == TK_STAR ? OP_MUL : kind == TK_SLASH ? OP_DIV : 0;
}

static struct expr *arith(struct parser *p, int level)
{
	size_t off = tok(p)->offset;
	struct expr *e = level == ARITH_TERM ? unary(p) : arith(p, ARITH_TERM);
	int op;
	while ((op = arith_op(tok(p)->kind, level)) != 0) {
		next(p);
		e = binary(p, op, e, level == ARITH_TERM ? unary(p) : arith(p, ARITH_TERM), off);
	}
	return e;
}

static struct expr *sum(struct parser *p) { return arith(p, ARITH_SUM); }

static int cmp_op(enum tok_kind k)
{
	switch (k) {
	case TK_EQ: return OP_EQ;
	case TK_NE: return OP_NE;
	case TK_LT: return OP_LT;
	case TK_LE: return OP_LE;
	case TK_GT: return OP_GT;
	case TK_GE: return OP_GE;
	default: return 0;
	}
}

/* in_list := '(' expr { ',' expr } ')' */
static struct expr *in_list(struct parser *p, struct expr *l, int neg, size_t off)
{
	struct expr *e = new_expr(p, E_IN, l->pos);
	struct expr **list = NULL;
	size_t n = 0, cap = 0;
	struct srcpos lp = tok(p)->pos;
	e->neg = neg;
	e->u.in.e = l;
	check(p, TK_LPAREN);
	next(p);
	do {
		struct expr *x = expr(p);
		VEC_PUSH(p, list, n, cap, x);
	} while (test_next(p, TK_COMMA));
	e->u.in.list = list;
	e->u.in.n = n;
	check_match(p, TK_RPAREN, TK_LPAREN, lp);
	e->pos = span_to_prev(p, l->pos, off);
	return e;
}

/* pred := sum [ cmpop sum
 *             | 'is' ['not'] 'null'
 *             | ['not'] 'in' in_list
 *             | ['not'] 'between' sum 'and' sum
 *             | 'matches' REGEX ] */
static struct expr *pred(struct parser *p)
{
	size_t off = tok(p)->offset;
	struct expr *l = sum(p), *e;
	int op = cmp_op(tok(p)->kind), neg = 0;
	if (op) {
		next(p);
		return binary(p, op, l, sum(p), off);
	}
	if (test_kw(p, "is")) {
		e = new_expr(p, E_ISNULL, l->pos);
		e->neg = test_kw(p, "not");
		check_kw(p, "null");
		e->u.un.e = l;
		e->pos = span_to_prev(p, l->pos, off);
		return e;
	}
	if (is_kw(p, "not")) {
		next(p);
		neg = 1;
		if (!is_kw(p, "in") && !is_kw(p, "between"))
			error_expected(p, "'in' or 'between' after 'not'");
	}
	if (test_kw(p, "in"))
		return in_list(p, l, neg, off);
	if (test_kw(p, "between")) {
		e = new_expr(p, E_BETWEEN, l->pos);
		e->neg = neg;
		e->u.between.e = l;
		e->u.between.lo = sum(p);
		check_kw(p, "and");
		e->u.between.hi = sum(p);
		e->pos = span_to_prev(p, l->pos, off);
		return e;
	}
	if (is_kw(p, "matches")) {
		e = new_expr(p, E_MATCH, l->pos);
		lex_next(&p->ls);
		lex_regex(&p->ls);
		if (tok(p)->kind != TK_REGEX)
			error_expected(p, "a regex /.../ after 'matches'");
		e->u.match.e = l;
		e->u.match.re = ARENA_NEW(&p->prog->arena, struct regex);
		e->u.match.re->src = tok(p)->text;
		e->u.match.re->flags = tok(p)->flags;
		e->u.match.re->pos = tok(p)->pos;
		next(p);
		e->pos = span_to_prev(p, l->pos, off);
		return e;
	}
	return l;
}

/* not_expr := 'not' not_expr | pred */
static struct expr *not_expr(struct parser *p)
{
	struct srcpos start = tok(p)->pos;
	size_t off = tok(p)->offset;
	struct expr *e;
	if (!test_kw(p, "not"))
		return pred(p);
	enter(p);
	if (is_kw(p, "exists")) {
		e = subquery(p, AGG_EXISTS, tok(p)->pos, tok(p)->offset);
		e->neg = 1;
		e->pos = span_to_prev(p, start, off);
	} else {
		e = new_expr(p, E_UNARY, start);
		e->op = OP_NOT;
		e->u.un.e = not_expr(p);
		e->pos = span_to_prev(p, start, off);
	}
	p->depth--;
	return e;
}

/* and_expr := not_expr { 'and' not_expr } */
static struct expr *and_expr(struct parser *p)
{
	size_t off = tok(p)->offset;
	struct expr *e = not_expr(p);
	while (test_kw(p, "and"))
		e = binary(p, OP_AND, e, not_expr(p), off);
	return e;
}

/* expr := and_expr { 'or' and_expr } */
static struct expr *expr(struct parser *p)
{
	size_t off = tok(p)->offset;
	struct expr *e;
	enter(p);
	e = and_expr(p);
	while (test_kw(p, "or"))
		e = binary(p, OP_OR, e, and_expr(p), off);
	p->depth--;
	return e;
}

/* ---- message templates --------------------------------------------- */

static void tmpl_add(struct parser *p, struct tmpl_part **parts, size_t *n, size_t *cap,
		     struct strbuf *lit)
{
	struct tmpl_part part;
	if (!lit->len)
		return;
	part.text = arena_strndup(&p->prog->arena, lit->buf, lit->len);
	part.len = lit->len;
	part.e = NULL;
	VEC_PUSH(p, *parts, *n, *cap, part);
	strbuf_reset(lit);
}

/* position of byte offset off in the current file */
static void line_of(const struct srcfile *f, size_t off, unsigned *line, size_t *line_start)
{
	size_t lo = 0, hi = f->nlines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (f->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (unsigned)lo + 1;
	*line_start = f->lines[lo];
}

/* one {expression} of a template, parsed from the raw source text */
static struct expr *tmpl_expr(struct parser *p, size_t start, size_t end)
{
	struct lexer saved = p->ls;
	struct expr *e;
	unsigned line;
	size_t ls;
	line_of(p->ls.file, start, &line, &ls);
	p->outer = saved;  /* restored by the recovery on an error */
	p->in_tmpl = 1;
	lex_init_range(&p->ls, saved.file, start, end, line, ls, &p->prog->arena, p->dc);
	e = expr(p);
	if (tok(p)->kind != TK_EOF)
		error_expected(p, "'}' to end the template expression");
	p->ls = saved;
	p->in_tmpl = 0;
	return e;
}

/* template := STRING { STRING }, each a sequence of text, '{{', '}}',
 * escapes and '{' expr '}' */
static struct tmpl *template(struct parser *p)
{
	struct tmpl *t = ARENA_NEW(&p->prog->arena, struct tmpl);
	struct tmpl_part *parts = NULL;
	size_t n = 0, cap = 0;
	struct strbuf *lit = &p->tmpl_lit, *src = &p->tmpl_src;
	strbuf_reset(lit);
	strbuf_reset(src);
	t->pos = tok(p)->pos;
	if (tok(p)->kind != TK_STRING)
		error_expected(p, "a message string");
	while (tok(p)->kind == TK_STRING) {
		const char *s = p->ls.file->text;
		size_t i = tok(p)->offset + 1, end = tok(p)->end - 1;
		strbuf_add(src, tok(p)->text, tok(p)->len);
		while (i < end) {
			if (s[i] == '{' && i + 1 < end && s[i + 1] == '{') {
				strbuf_addch(lit, '{');
				i += 2;
			} else if (s[i] == '}' && i + 1 < end && s[i + 1] == '}') {
				strbuf_addch(lit, '}');
				i += 2;
			} else if (s[i] == '{') {
				size_t close = i + 1;
				struct tmpl_part part = { NULL, 0, NULL };
				while (close < end && s[close] != '}')
					close++;
				if (close == end) {
					struct srcpos at = tok(p)->pos;
					at.col += (uint32_t)(i - tok(p)->offset);
					at.len = 1;
					diag_error(p->dc, at, "unclosed '{' in message template (write '{{' for a literal brace)");
					fail(p);
				}
				tmpl_add(p, &parts, &n, &cap, lit);
				part.e = tmpl_expr(p, i + 1, close);
				VEC_PUSH(p, parts, n, cap, part);
				i = close + 1;
			} else if (s[i] == '\\') {
				i++;
				lex_decode_escape(s, end, &i, lit);
			} else {
				strbuf_addch(lit, s[i++]);
			}
		}
		next(p);
	}
	tmpl_add(p, &parts, &n, &cap, lit);
	t->parts = vec_end(p, parts);
	t->nparts = n;
	t->src = arena_strndup(&p->prog->arena, src->buf, src->len);
	return t;
}

/* ---- datasets ------------------------------------------------------ */

/* strlist := STRING { ',' STRING } */
static const char **str_list(struct parser *p, size_t *n, const char *what)
{
	const char **v = NULL;
	size_t cap = 0;
	*n = 0;
	do {
		const char *s;
		if (tok(p)->kind != TK_STRING)
			error_expected(p, what);
		s = tok(p)->text;
		next(p);
		VEC_PUSH(p, v, *n, cap, s);
	} while (test_next(p, TK_COMMA));
	return v;
}

/* "unknown type 'txet' (did you mean 'text'?)", or with the choices
 * when nothing is close: "unknown type 'x' (types: ...)" */
static void unknown_word(struct parser *p, struct srcpos at, const char *what, const char *const *names,
			 size_t n, const char *choices)
{
	struct strbuf sb = STRBUF_INIT;
	const char *dym = diag_suggest(tok(p)->text, names, n);
	if (dym)
		diag_did_you_mean(&sb, dym, DIAG_QUOTE_NAME);
	else
		strbuf_addf(&sb, " (%s)", choices);
	diag_error(p->dc, at, "unknown %s '%s'%s", what, tok(p)->text, sb.buf);
	strbuf_release(&sb);
}

/* scale := '(' INT ')'   after 'decimal'; the range is the checker's */
static void decimal_scale(struct parser *p, struct field *f)
{
	struct srcpos lp = tok(p)->pos;
	next(p);
	f->scale_pos = tok(p)->pos;
	if (tok(p)->kind != TK_INT)
		error_expected(p, "a number of fraction digits (0 to 6) after 'decimal('");
	f->scale = tok(p)->ival > INT_MAX ? INT_MAX : (int)tok(p)->ival;
	f->has_scale = 1;
	next(p);
	check_match(p, TK_RPAREN, TK_LPAREN, lp);
}

/* type := 'text' | 'int' | 'decimal' [ scale ] | 'date' | 'datetime' | 'bool'
 *       | 'enum' '(' STRING { ',' STRING } ')' */
static void field_type(struct parser *p, struct field *f)
{
	struct srcpos at = tok(p)->pos;
	const char *const names[] = { "text", "int", "decimal", "date", "datetime", "bool", "enum" };
	if (tok(p)->kind != TK_NAME)
		error_expected(p, "a type (text, int, decimal, date, datetime, bool, enum(...))");
	if (value_type_from_name(tok(p)->text, &f->type)) {
		unknown_word(p, at, "type", names, 7, "types: text, int, decimal, date, datetime, bool, enum(...)");
		fail(p);
	}
	next(p);
	if (f->type == VT_DECIMAL && tok(p)->kind == TK_LPAREN)
		decimal_scale(p, f);
	if (f->type != VT_ENUM)
		return;
	check(p, TK_LPAREN);
	next(p);
	f->enum_vals = str_list(p, &f->nenum, "an enum value (a string)");
	check_match(p, TK_RPAREN, TK_LPAREN, at);
}

static void default_value(struct parser *p, struct field *f)
{
	struct token *t = tok(p);
	f->default_pos = t->pos;
	if (t->kind == TK_STRING || t->kind == TK_INT || t->kind == TK_DECIMAL ||
	    t->kind == TK_DATE || is_kw(p, "true") || is_kw(p, "false")) {
		f->default_src = t->text;
		next(p);
		return;
	}
	if (t->kind == TK_MINUS) {
		next(p);
		if (tok(p)->kind != TK_INT && tok(p)->kind != TK_DECIMAL)
			error_expected(p, "a number after '-'");
		{
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "-%s", tok(p)->text);
			f->default_src = arena_strdup(&p->prog->arena, sb.buf);
			strbuf_release(&sb);
		}
		next(p);
		return;
	}
	error_expected(p, "a default value (string, number, date, true or false)");
}

/* severity := 'error' | 'warning' | 'info' */
static void severity_word(struct parser *p, enum severity *out)
{
	const char *const names[] = { "error", "warning", "info" };
	if (tok(p)->kind != TK_NAME)
		error_expected(p, "a severity (error, warning or info)");
	if (ast_severity_from_name(tok(p)->text, out))
		unknown_word(p, tok(p)->pos, "severity", names, 3, "expected error, warning or info");
	next(p);
}

/* zone := 'utc' | STRING   after 'zone'; the offset is the checker's */
static void zone_option(struct parser *p, struct field *f)
{
	f->zone_pos = tok(p)->pos;
	if (tok(p)->kind != TK_STRING && !is_kw(p, "utc"))
		error_expected(p, "'utc' or an offset such as \"+01:00\" after 'zone'");
	f->zone_src = tok(p)->text;
	next(p);
}

/* formats := STRING { ',' STRING }   after 'format': the patterns and
 * their positions */
static void format_list(struct parser *p, struct field *f)
{
	const char **v = NULL;
	struct srcpos *at = NULL;
	size_t n = 0, np = 0, cap = 0, pcap = 0;
	if (f->nformats)
		diag_error(p->dc, tok(p)->pos, "field '%s' has more than one 'format' (list them on one line: format \"A\", \"B\")",
			   f->name);
	do {
		struct srcpos here = tok(p)->pos;
		const char *src;
		if (tok(p)->kind != TK_STRING)
			error_expected(p, "a date format (a string such as \"M/D/YYYY\")");
		src = tok(p)->text;
		next(p);
		VEC_PUSH(p, at, np, pcap, here);
		VEC_PUSH(p, v, n, cap, src);
	} while (test_next(p, TK_COMMA));
	f->formats = vec_end(p, v);
	f->format_pos = vec_end(p, at);
	f->nformats = n;
}

/* the options of value formats: 'format' formats | 'zone' zone */
static int value_option(struct parser *p, struct field *f)
{
	if (test_kw(p, "format"))
		format_list(p, f);
	else if (test_kw(p, "zone"))
		zone_option(p, f);
	else
		return 0;
	return 1;
}

/* fieldopt := 'required' | 'optional' | 'matches' REGEX | 'null_if' strlist
 *           | 'default' literal | 'at' strlist | 'severity' severity
 *           | 'format' strlist | 'zone' zone */
static int field_option(struct parser *p, struct field *f)
{
	if (value_option(p, f))
		return 1;
	if (test_kw(p, "required")) {
		f->required = 1;
	} else if (test_kw(p, "optional")) {
		f->optional = 1;
	} else if (test_kw(p, "severity")) {
		severity_word(p, &f->dq_severity);
		f->has_dq_severity = 1;
	} else if (is_kw(p, "matches")) {
		lex_next(&p->ls);
		lex_regex(&p->ls);
		if (tok(p)->kind != TK_REGEX)
			error_expected(p, "a regex /.../ after 'matches'");
		f->re = ARENA_NEW(&p->prog->arena, struct regex);
		f->re->src = tok(p)->text;
		f->re->flags = tok(p)->flags;
		f->re->pos = tok(p)->pos;
		next(p);
	} else if (test_kw(p, "null_if")) {
		f->null_if = str_list(p, &f->nnull_if, "a string after 'null_if'");
	} else if (test_kw(p, "default")) {
		default_value(p, f);
	} else if (test_kw(p, "at")) {
		f->at = str_list(p, &f->nat, "a column name or XML path (a string) after 'at'");
	} else {
		return 0;
	}
	return 1;
}

/* field := NAME type { fieldopt } */
static struct field field_decl(struct parser *p)
{
	struct field f;
	memset(&f, 0, sizeof(f));
	f.zone = VALUE_ZONE_NONE;
	f.pos = tok(p)->pos;
	f.name = str_name(p, "a field name");
	field_type(p, &f);
	while (field_option(p, &f))
		;
	return f;
}

/* source := FORMAT STRING [ 'record' STRING ]
 * FORMAT is a name: which formats exist, and which of them take or need
 * a record path, is data/format.h's business (format_check_program). */
static struct source source_alt(struct parser *p)
{
	struct source src;
	memset(&src, 0, sizeof(src));
	src.format_pos = tok(p)->pos;
	src.format = str_name(p, "a format name after 'from'");
	src.path_pos = tok(p)->pos;
	if (tok(p)->kind != TK_STRING)
		error_expected(p, "a file name (a string)");
	src.path = tok(p)->text;
	next(p);
	src.record_pos = tok(p)->pos;
	if (test_kw(p, "record")) {
		if (tok(p)->kind != TK_STRING)
			error_expected(p, "a record element path (a string) after 'record'");
		src.record = tok(p)->text;
		next(p);
	}
	return src;
}

/* from := 'from' source { 'or' source } */
static void from_clause(struct parser *p, struct dataset *ds)
{
	struct source *v = NULL;
	size_t n = 0, cap = 0;
	do {
		struct source src = source_alt(p);
		VEC_PUSH(p, v, n, cap, src);
	} while (test_kw(p, "or"));
	ds->sources = vec_end(p, v);
	ds->nsources = n;
}

/* names := NAME { ',' NAME }
 * The names and their positions, as arena vectors (never NULL); returns
 * how many. */
static size_t name_list(struct parser *p, const char *what, const char ***names, struct srcpos **pos)
{
	const char **v = NULL;
	struct srcpos *at = NULL;
	size_t n = 0, np = 0, cap = 0, pcap = 0;
	do {
		struct srcpos here = tok(p)->pos;
		const char *name;
		if (tok(p)->kind != TK_NAME)
			error_expected(p, what);
		name = tok(p)->text;
		next(p);
		VEC_PUSH(p, at, np, pcap, here);
		VEC_PUSH(p, v, n, cap, name);
	} while (test_next(p, TK_COMMA));
	*names = vec_end(p, v);
	*pos = vec_end(p, at);
	return n;
}

/* keys := 'key' names */
static void key_clause(struct parser *p, struct dataset *ds)
{
	ds->nkey = name_list(p, "a key field name", &ds->key_names, &ds->key_pos);
}

/* dataset := 'dataset' NAME [ STRING ] '{' { from | keys | 'optional' | 'severity' severity
 *             | field } '}' */
static void dataset_decl(struct parser *p, struct srcpos start)
{
	struct dataset *ds = ARENA_NEW(&p->prog->arena, struct dataset);
	struct field *fields = NULL;
	size_t n = 0, cap = 0;
	struct srcpos lb;
	int has_from = 0;
	ds->pos = tok(p)->pos;
	ds->name = str_name(p, "a dataset name");
	if (tok(p)->kind == TK_STRING)
		ds->title = str_lit(p, "a title");
	lb = tok(p)->pos;
	check(p, TK_LBRACE);
	next(p);
	while (tok(p)->kind != TK_RBRACE && tok(p)->kind != TK_EOF) {
		if (is_kw(p, "from")) {
			if (has_from)
				diag_error(p->dc, tok(p)->pos, "dataset '%s' has more than one 'from'", ds->name);
			next(p);
			from_clause(p, ds);
			has_from = 1;
		} else if (test_kw(p, "severity")) {
			severity_word(p, &ds->dq_severity);
		} else if (test_kw(p, "optional")) {
			ds->optional = 1;
		} else if (is_kw(p, "key")) {
			if (ds->nkey)
				diag_error(p->dc, tok(p)->pos, "dataset '%s' has more than one 'key' (list every key field on one line: key A, B)", ds->name);
			next(p);
			key_clause(p, ds);
		} else {
			struct field f;
			if (tok(p)->kind != TK_NAME)
				error_expected(p, "'from', 'key' or a field declaration");
			f = field_decl(p);
			f.index = (int)n;
			VEC_PUSH(p, fields, n, cap, f);
		}
	}
	ds->fields = vec_end(p, fields);
	ds->nfields = n;
	check_match(p, TK_RBRACE, TK_LBRACE, lb);
	if (!has_from)
		diag_error(p->dc, ds->pos, "dataset '%s' has no 'from' clause (expected 'from csv \"file.csv\"')", ds->name);
	(void)start;
	ds->index = (int)p->prog->ndatasets;
	GROW_PUSH(p->prog->datasets, p->prog->ndatasets, p->prog->datasets_cap, ds);
}

/* ---- rules --------------------------------------------------------- */

/* ruleid := NAME { '-' IDPART }   (see lex_rule_id) */
static const char *rule_id(struct parser *p, struct srcpos *pos)
{
	int dangling;
	const char *id;
	if (tok(p)->kind != TK_NAME)
		error_expected(p, "a rule id (like CSP-RESALE-001)");
	id = lex_rule_id(&p->ls, pos, &dangling);
	if (dangling) {
		struct srcpos at = *pos;
		at.col += pos->len; /* the '-' */
		at.len = 1;
		diag_error(p->dc, at, "expected the rest of the rule id after '-'");
		fail(p);
	}
	return id;
}

/* binding := NAME 'in' NAME */
static void binding(struct parser *p, struct clause *c)
{
	c->var_pos = tok(p)->pos;
	c->var = str_name(p, "a variable name");
	check_kw(p, "in");
	c->ds_pos = tok(p)->pos;
	c->ds_name = str_name(p, "a dataset name");
}

/* clause := 'for' binding | ['left'] 'join' binding 'on' expr
 *         | 'where' expr | 'let' NAME '=' expr */
static int clause(struct parser *p, struct clause *c)
{
	memset(c, 0, sizeof(*c));
	c->pos = tok(p)->pos;
	if (test_kw(p, "for")) {
		c->kind = CL_FOR;
		binding(p, c);
	} else if (test_kw(p, "join") || is_kw(p, "left")) {
		c->kind = CL_JOIN;
		if (test_kw(p, "left")) {
			c->kind = CL_LEFT_JOIN;
			check_kw(p, "join");
		}
		binding(p, c);
		check_kw(p, "on");
		c->e = expr(p);
	} else if (test_kw(p, "where")) {
		c->kind = CL_WHERE;
		c->e = expr(p);
	} else if (test_kw(p, "let")) {
		c->kind = CL_LET;
		c->var_pos = tok(p)->pos;
		c->var = str_name(p, "a name after 'let'");
		check(p, TK_EQ);
		next(p);
		c->e = expr(p);
	} else {
		return 0;
	}
	return 1;
}

/* a metadata line given twice: the second would silently win */
static void meta_once(struct parser *p, const struct rule *r, int seen, struct srcpos at)
{
	if (seen)
		diag_error(p->dc, at, "rule %s has more than one '%s'", r->id, tok(p)->text);
}

static void rule_meta(struct parser *p, struct rule *r, const char ***tags, size_t *ntags, size_t *tcap)
{
	struct srcpos at = tok(p)->pos;
	if (is_kw(p, "title") || is_kw(p, "policy") || is_kw(p, "source") || is_kw(p, "severity"))
		meta_once(p, r, is_kw(p, "title") ? r->title != NULL : is_kw(p, "policy") ? r->policy != NULL
			  : is_kw(p, "source") ? r->source != NULL : r->has_severity, at);
	if (test_kw(p, "title")) {
		r->title = str_lit(p, "a title string");
	} else if (test_kw(p, "policy")) {
		r->policy = str_lit(p, "a policy string");
	} else if (test_kw(p, "source")) {
		r->source = str_lit(p, "a source string");
	} else if (test_kw(p, "tag")) {
		const char *t = str_lit(p, "a tag string");
		VEC_PUSH(p, *tags, *ntags, *tcap, t);
	} else if (test_kw(p, "severity")) {
		severity_word(p, &r->severity);
		r->has_severity = 1;
	} else if (test_kw(p, "message")) {
		if (r->message)
			diag_error(p->dc, at, "rule %s has more than one 'message'", r->id);
		r->message = template(p);
	} else {
		error_expected(p, "a rule clause (title, severity, policy, source, tag, for, join, "
			       "left join, where, let, message) or '}'");
	}
}

/* rule := 'rule' ruleid '{' { meta | clause } '}' */
static void rule_decl(struct parser *p, size_t start_off)
{
	struct rule *r = ARENA_NEW(&p->prog->arena, struct rule);
	struct clause *cl = NULL;
	const char **tags = NULL;
	size_t n = 0, cap = 0, ntags = 0, tcap = 0;
	struct srcpos lb;
	r->id = rule_id(p, &r->pos);
	lb = tok(p)->pos;
	check(p, TK_LBRACE);
	next(p);
	while (tok(p)->kind != TK_RBRACE && tok(p)->kind != TK_EOF) {
		struct clause c;
		if (clause(p, &c)) {
			VEC_PUSH(p, cl, n, cap, c);
			continue;
		}
		rule_meta(p, r, &tags, &ntags, &tcap);
	}
	r->clauses = vec_end(p, cl);
	r->nclauses = n;
	r->tags = vec_end(p, tags);
	r->ntags = ntags;
	r->text = p->ls.file->text + start_off;
	r->text_len = tok(p)->end - start_off;
	check_match(p, TK_RBRACE, TK_LBRACE, lb);
	r->index = (int)p->prog->nrules;
	GROW_PUSH(p->prog->rules, p->prog->nrules, p->prog->rules_cap, r);
}

/* param := 'param' NAME type '=' expr */
static void param_decl(struct parser *p)
{
	struct param *pm = ARENA_NEW(&p->prog->arena, struct param);
	struct field f;
	pm->pos = tok(p)->pos;
	pm->name = str_name(p, "a parameter name");
	memset(&f, 0, sizeof(f));
	field_type(p, &f);
	if (f.type == VT_ENUM) {
		diag_error(p->dc, pm->pos, "a parameter cannot be an enum (use text)");
		fail(p);
	}
	pm->type = f.type;
	check(p, TK_EQ);
	next(p);
	pm->dflt = expr(p);
	GROW_PUSH(p->prog->params, p->prog->nparams, p->prog->params_cap, pm);
}

/* define := 'define' NAME '(' [ names ] ')' '=' expr */
static void define_decl(struct parser *p, size_t start_off)
{
	struct define *d = ARENA_NEW(&p->prog->arena, struct define);
	struct srcpos lp;
	d->pos = tok(p)->pos;
	d->name = str_name(p, "a define name");
	lp = tok(p)->pos;
	check(p, TK_LPAREN);
	next(p);
	if (tok(p)->kind != TK_RPAREN) {
		d->nargs = name_list(p, "a parameter name", &d->args, &d->arg_pos);
	} else {
		d->args = vec_end(p, NULL);
		d->arg_pos = vec_end(p, NULL);
	}
	check_match(p, TK_RPAREN, TK_LPAREN, lp);
	check(p, TK_EQ);
	next(p);
	d->body = expr(p);
	d->text = p->ls.file->text + start_off;
	d->text_len = p->ls.prev_end - start_off;
	GROW_PUSH(p->prog->defines, p->prog->ndefines, p->prog->defines_cap, d);
}

/* skip to the next top-level keyword outside braces (not a field or
 * parameter name such as `r.rule`), scanning regexes as regexes */
static void recover(struct parser *p, int depth)
{
	int named = 0;
	while (tok(p)->kind != TK_EOF) {
		if (tok(p)->kind == TK_LBRACE)
			depth++;
		else if (tok(p)->kind == TK_RBRACE && depth > 0)
			depth--;
		else if (depth == 0 && !named && at_top_keyword(p))
			return;
		named = tok(p)->kind == TK_DOT || tok(p)->kind == TK_DOLLAR;
		if (!named && is_kw(p, "matches")) {
			next(p);
			lex_regex(&p->ls); /* a regex is one token here too */
			continue;
		}
		next(p);
	}
}

/* decl := 'include' STRING | param | define | dataset | rule */
static void declaration(struct parser *p)
{
	struct srcpos start = tok(p)->pos;
	size_t off = tok(p)->offset;
	if (test_kw(p, "include")) {
		struct include inc;
		if (tok(p)->kind != TK_STRING)
			error_expected(p, "a file name (a string) after 'include'");
		inc.path = tok(p)->text;
		inc.pos = tok(p)->pos;
		GROW_PUSH(p->includes, p->nincludes, p->includes_cap, inc);
		next(p);
	} else if (test_kw(p, "dataset")) {
		dataset_decl(p, start);
	} else if (test_kw(p, "rule")) {
		rule_decl(p, off);
	} else if (test_kw(p, "param")) {
		param_decl(p);
	} else if (test_kw(p, "define")) {
		define_decl(p, off);
	} else {
		struct strbuf sb = STRBUF_INIT;
		const char *dym = tok(p)->kind == TK_NAME
			? diag_suggest(tok(p)->text, top_keywords, 5) : NULL;
		if (tok(p)->kind == TK_ERROR)
			fail(p);
		lex_describe(tok(p), &sb);
		diag_did_you_mean(&sb, dym, DIAG_QUOTE_NAME);
		diag_error(p->dc, tok(p)->pos,
			   "expected a declaration (dataset, rule, param, define, include), found %s", sb.buf);
		strbuf_release(&sb);
		next(p);
		fail(p);
	}
}

/* program := { decl } EOF */
static void parse_file_decls(struct parser *p)
{
	while (tok(p)->kind != TK_EOF) {
		if (setjmp(p->recover)) {
			p->depth = 0;
			if (p->in_tmpl) { /* resume after the template string */
				p->ls = p->outer;
				p->in_tmpl = 0;
			}
			recover(p, 0);
			continue;
		}
		declaration(p);
	}
}

/* ---- files --------------------------------------------------------- */

/* the same file however its path is spelled (./a.rules, ../x/a.rules) */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (!strcmp(a, b))
		return 1;
	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int already_read(struct program *prog, const char *path)
{
	size_t i;
	for (i = 0; i < prog->nfiles; i++)
		if (same_file(prog->files[i]->path, path))
			return 1;
	return 0;
}

static int parse_one(struct program *prog, struct srcfile *f, struct diagctx *dc);

static void resolve_include(struct program *prog, const struct srcfile *f, const char *inc,
			    struct diagctx *dc, struct srcpos at)
{
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	struct srcfile *nf;
	files_relative(&path, f->path, inc);
	if (!already_read(prog, path.buf)) {
		nf = srcfile_load(path.buf, &err);
		if (!nf)
			diag_error(dc, at, "cannot include \"%s\": %s", inc, err.buf);
		else
			parse_one(prog, nf, dc);
	}
	strbuf_release(&path);
	strbuf_release(&err);
}

/* A parser over f, which the program takes over (freed with it). */
static void parser_init(struct parser *p, struct program *prog, struct srcfile *f, struct diagctx *dc)
{
	memset(p, 0, sizeof(*p));
	p->prog = prog;
	p->dc = dc;
	strbuf_init(&p->tmpl_lit, 0);
	strbuf_init(&p->tmpl_src, 0);
	GROW_PUSH(prog->files, prog->nfiles, prog->files_cap, f);
	lex_init(&p->ls, f, &prog->arena, dc);
}

static void parser_release(struct parser *p)
{
	strbuf_release(&p->tmpl_lit);
	strbuf_release(&p->tmpl_src);
	free(p->includes);
}

static int parse_one(struct program *prog, struct srcfile *f, struct diagctx *dc)
{
	struct parser p;
	int before = dc->nerr;
	size_t i;
	parser_init(&p, prog, f, dc);
	parse_file_decls(&p);
	for (i = 0; i < p.nincludes; i++)
		resolve_include(prog, f, p.includes[i].path, dc, p.includes[i].pos);
	parser_release(&p);
	return dc->nerr > before ? -1 : 0;
}

int parse_srcfile(struct program *prog, struct srcfile *f, struct diagctx *dc)
{
	return parse_one(prog, f, dc);
}

static void parse_dir(struct program *prog, const char *dir, struct diagctx *dc)
{
	struct strbuf err = STRBUF_INIT;
	struct srcpos at = { NULL, dir, 0, 0, 0 };
	size_t n, i;
	char **names = files_list(dir, ".rules", &n, &err);
	if (!names)
		diag_error(dc, at, "%s", err.buf);
	else if (!n)
		diag_error(dc, at, "no *.rules files in this directory");
	for (i = 0; i < n; i++) {
		struct srcfile *f;
		strbuf_reset(&err);
		if (already_read(prog, names[i]))
			continue;
		f = srcfile_load(names[i], &err);
		if (f) {
			parse_srcfile(prog, f, dc);
		} else {
			struct srcpos fp = { NULL, names[i], 0, 0, 0 };
			diag_error(dc, fp, "%s", err.buf);
		}
	}
	if (names)
		files_free(names, n);
	strbuf_release(&err);
}

int parse_paths(struct program *prog, const char *const *paths, size_t n, struct diagctx *dc)
{
	int before = dc->nerr;
	size_t i;
	for (i = 0; i < n; i++) {
		struct stat st;
		struct srcpos at = { NULL, paths[i], 0, 0, 0 };
		if (stat(paths[i], &st)) {
			diag_error(dc, at, "cannot read rules: %s", strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			parse_dir(prog, paths[i], dc);
		} else if (!already_read(prog, paths[i])) {
			struct strbuf err = STRBUF_INIT;
			struct srcfile *f = srcfile_load(paths[i], &err);
			if (f)
				parse_srcfile(prog, f, dc);
			else
				diag_error(dc, at, "%s", err.buf);
			strbuf_release(&err);
		}
	}
	return dc->nerr > before ? -1 : 0;
}

/* whole := expr EOF */
static struct expr *whole_expr(struct parser *p)
{
	struct expr *e = expr(p);
	if (tok(p)->kind != TK_EOF)
		error_expected(p, "end of expression");
	return e;
}

struct expr *parse_expr_string(struct program *prog, const char *text, struct diagctx *dc)
{
	struct parser p;
	struct expr *e;
	parser_init(&p, prog, srcfile_from_string("<expr>", text, strlen(text)), dc);
	if (setjmp(p.recover)) {
		parser_release(&p);
		return NULL;
	}
	e = whole_expr(&p);
	parser_release(&p);
	return e;
}
