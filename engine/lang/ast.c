/*
 * ast.c - helpers over the program tree (see ast.h): severity names and
 * the expression printer.
 */
#include "lang/ast.h"

#include <string.h>

#include "util/strbuf.h"

/* ---- severities ---------------------------------------------------- */

static const char *const severity_names[] = { "error", "warning", "info" };

const char *ast_severity_name(enum severity s)
{
	return severity_names[s];
}

int ast_severity_from_name(const char *name, enum severity *s)
{
	int i;
	for (i = 0; i < 3; i++) {
		if (!strcmp(name, severity_names[i])) {
			*s = (enum severity)i;
			return 0;
		}
	}
	return -1;
}

/* ---- printing ------------------------------------------------------ */

/* binding strength, for printing only the parentheses that matter */
static int prec(const struct expr *e)
{
	switch (e->kind) {
	case E_BINARY:
		switch (e->op) {
		case OP_OR: return 1;
		case OP_AND: return 2;
		case OP_ADD: case OP_SUB: return 5;
		case OP_MUL: case OP_DIV: return 6;
		default: return 4;
		}
	case E_UNARY: return e->op == OP_NOT ? 3 : 7;
	case E_IN: case E_BETWEEN: case E_ISNULL: case E_MATCH: return 4;
	case E_SUBQ: return e->op == AGG_EXISTS ? 3 : 8;
	default: return 8;
	}
}

static void print_sub(const struct expr *e, int min, struct strbuf *sb)
{
	int paren = prec(e) < min;
	if (paren)
		strbuf_addch(sb, '(');
	ast_expr_text(e, sb);
	if (paren)
		strbuf_addch(sb, ')');
}

static void print_list(struct expr **l, size_t n, struct strbuf *sb)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(sb, ", ");
		ast_expr_text(l[i], sb);
	}
}

static void print_lit(const struct expr *e, struct strbuf *sb)
{
	switch (e->u.lit.v.type) {
	case VT_TEXT: strbuf_addf(sb, "\"%s\"", e->u.lit.text); break;
	case VT_INT: value_format_int(sb, e->u.lit.v.u.i); break;
	case VT_DECIMAL: value_format_decimal(sb, e->u.lit.v.u.i); break;
	case VT_DATE: value_format_date(sb, e->u.lit.v.u.i); break;
	case VT_BOOL: strbuf_addstr(sb, e->u.lit.v.u.i ? "true" : "false"); break;
	default: strbuf_addstr(sb, "null");
	}
}

static void print_subq(const struct expr *e, struct strbuf *sb)
{
	static const char *const aggs[] = { "", "exists", "count", "sum", "min", "max" };
	if (e->op == AGG_EXISTS) {
		strbuf_addf(sb, "%sexists %s in %s", e->neg ? "not " : "", e->u.sub.var, e->u.sub.ds_name);
	} else {
		strbuf_addf(sb, "%s(", aggs[e->op]);
		if (e->u.sub.val) {
			ast_expr_text(e->u.sub.val, sb);
			strbuf_addstr(sb, " for ");
		}
		strbuf_addf(sb, "%s in %s", e->u.sub.var, e->u.sub.ds_name);
	}
	if (e->u.sub.where) {
		strbuf_addstr(sb, " where ");
		ast_expr_text(e->u.sub.where, sb);
	}
	if (e->op != AGG_EXISTS)
		strbuf_addch(sb, ')');
}

void ast_expr_text(const struct expr *e, struct strbuf *sb)
{
	static const char *const ops[] = { "", "or", "and", "not", "=", "!=", "<", "<=", ">", ">=",
					   "+", "-", "*", "/", "-" };
	int p = prec(e);
	switch (e->kind) {
	case E_LIT: print_lit(e, sb); break;
	case E_FIELD: strbuf_addf(sb, "%s.%s", e->u.field.var, e->u.field.name); break;
	case E_PARAM: strbuf_addf(sb, "$%s", e->u.param.name); break;
	case E_NAME: strbuf_addstr(sb, e->u.name.name); break;
	case E_CALL:
		strbuf_addf(sb, "%s", e->u.call.name);
		if (e->u.call.nargs || strcmp(e->u.call.name, "today")) {
			strbuf_addch(sb, '(');
			print_list(e->u.call.args, e->u.call.nargs, sb);
			strbuf_addch(sb, ')');
		}
		break;
	case E_UNARY:
		strbuf_addstr(sb, e->op == OP_NOT ? "not " : "-");
		print_sub(e->u.un.e, p, sb);
		break;
	case E_BINARY:
		print_sub(e->u.bin.l, p == 4 ? 5 : p, sb);
		strbuf_addf(sb, " %s ", ops[e->op]);
		print_sub(e->u.bin.r, p == 1 || p == 2 ? p : p + 1, sb);
		break;
	case E_IN:
		print_sub(e->u.in.e, 5, sb);
		strbuf_addstr(sb, e->neg ? " not in (" : " in (");
		print_list(e->u.in.list, e->u.in.n, sb);
		strbuf_addch(sb, ')');
		break;
	case E_BETWEEN:
		print_sub(e->u.between.e, 5, sb);
		strbuf_addstr(sb, e->neg ? " not between " : " between ");
		print_sub(e->u.between.lo, 5, sb);
		strbuf_addstr(sb, " and ");
		print_sub(e->u.between.hi, 5, sb);
		break;
	case E_ISNULL:
		print_sub(e->u.un.e, 5, sb);
		strbuf_addstr(sb, e->neg ? " is not null" : " is null");
		break;
	case E_MATCH:
		print_sub(e->u.match.e, 5, sb);
		strbuf_addf(sb, " matches /%s/%s", e->u.match.re->src, e->u.match.re->flags);
		break;
	case E_SUBQ:
		print_subq(e, sb);
		break;
	}
}
