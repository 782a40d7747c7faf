/*
 * func.c - the built-in functions and their table (see func.h).
 */
#include "lang/func.h"

#include <string.h>

const char *func_text(const struct strpool *pool, const struct strpool *local, uint32_t id, size_t *len)
{
	const struct strpool *sp = id & FUNC_LOCAL ? local : pool;
	id &= ~FUNC_LOCAL;
	*len = strpool_len(sp, id);
	return strpool_str(sp, id);
}

static const char *text(const struct func_ctx *ctx, struct value v, size_t *len)
{
	return func_text(ctx->pool, ctx->local, v.u.s, len);
}

/* A derived string: the shared pool's id when it has the text (so that
 * equality with data stays id equality), else one in the local pool. */
static struct value derived(struct func_ctx *ctx, const char *s, size_t n)
{
	struct value v = value_int(VT_TEXT, 0);
	uint32_t id = strpool_find(ctx->pool, s, n);
	v.u.s = id ? id : FUNC_LOCAL | strpool_intern(ctx->local, s, n);
	return v;
}

/* ---- text ---------------------------------------------------------- */

static struct value case_map(struct func_ctx *ctx, struct value a, char lo, char hi, int delta)
{
	const char *s;
	size_t n, i;
	if (a.null)
		return value_null(ctx->type);
	s = text(ctx, a, &n);
	strbuf_reset(ctx->tmp);
	strbuf_add(ctx->tmp, s, n);
	for (i = 0; i < n; i++)
		if (ctx->tmp->buf[i] >= lo && ctx->tmp->buf[i] <= hi)
			ctx->tmp->buf[i] = (char)(ctx->tmp->buf[i] + delta);
	return derived(ctx, ctx->tmp->buf, ctx->tmp->len);
}

/* lower(s): ASCII letters to lower case.  NULL: null if s is null. */
static struct value fn_lower(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	return case_map(ctx, argv[0], 'A', 'Z', 'a' - 'A');
}

/* upper(s): ASCII letters to upper case.  NULL: null if s is null. */
static struct value fn_upper(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	return case_map(ctx, argv[0], 'a', 'z', 'A' - 'a');
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* trim(s): without leading and trailing spaces, tabs and line breaks.
 * NULL: null if s is null. */
static struct value fn_trim(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	const char *s;
	size_t n, lo = 0;
	if (argv[0].null)
		return value_null(ctx->type);
	s = text(ctx, argv[0], &n);
	while (lo < n && is_space(s[lo]))
		lo++;
	while (n > lo && is_space(s[n - 1]))
		n--;
	/* copied: s may be in the local pool, which interning can move */
	strbuf_reset(ctx->tmp);
	strbuf_add(ctx->tmp, s + lo, n - lo);
	return derived(ctx, ctx->tmp->buf, ctx->tmp->len);
}

/* len(s): the number of characters (code points; the text is valid
 * UTF-8).  NULL: null if s is null. */
static struct value fn_len(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	const char *s;
	size_t n, i;
	int64_t cps = 0;
	if (argv[0].null)
		return value_null(ctx->type);
	s = text(ctx, argv[0], &n);
	for (i = 0; i < n; i++)
		cps += ((unsigned char)s[i] & 0xC0) != 0x80;
	return value_int(VT_INT, cps);
}

enum affix { AFFIX_START, AFFIX_END, AFFIX_ANY };

static struct value affix(struct func_ctx *ctx, const struct value *argv, enum affix where)
{
	const char *s, *t;
	size_t n, m;
	if (argv[0].null || argv[1].null)
		return value_null(ctx->type);
	s = text(ctx, argv[0], &n);
	t = text(ctx, argv[1], &m);
	if (m > n)
		return value_int(VT_BOOL, 0);
	switch (where) {
	case AFFIX_START: return value_int(VT_BOOL, !memcmp(s, t, m));
	case AFFIX_END: return value_int(VT_BOOL, !memcmp(s + n - m, t, m));
	default: return value_int(VT_BOOL, memmem(s, n, t, m) != NULL);
	}
}

/* starts_with(s, p): s begins with p (bytes, case-sensitive).
 * NULL: null if s or p is null. */
static struct value fn_starts_with(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	return affix(ctx, argv, AFFIX_START);
}

/* ends_with(s, p): s ends with p.  NULL: null if s or p is null. */
static struct value fn_ends_with(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	return affix(ctx, argv, AFFIX_END);
}

/* contains(s, p): p occurs in s.  NULL: null if s or p is null. */
static struct value fn_contains(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	return affix(ctx, argv, AFFIX_ANY);
}

/* ---- dates --------------------------------------------------------- */

enum date_part { PART_YEAR, PART_MONTH, PART_DAY };

/* a datetime's UTC date */
static struct value date_part(struct func_ctx *ctx, struct value a, enum date_part part)
{
	int64_t days, y;
	unsigned m, d;
	if (a.null)
		return value_null(ctx->type);
	days = a.u.i;
	if (a.type == VT_DATETIME)
		days = (a.u.i >= 0 ? a.u.i : a.u.i - 86399999999LL) / 86400000000LL;
	value_civil_from_days(days, &y, &m, &d);
	return value_int(VT_INT, part == PART_YEAR ? y : part == PART_MONTH ? (int64_t)m : (int64_t)d);
}

/* year(d): the year of a date or datetime.  NULL: null if d is null. */
static struct value fn_year(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	return date_part(ctx, argv[0], PART_YEAR);
}

/* month(d): 1 to 12.  NULL: null if d is null. */
static struct value fn_month(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	return date_part(ctx, argv[0], PART_MONTH);
}

/* day(d): the day of the month, 1 to 31.  NULL: null if d is null. */
static struct value fn_day(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	return date_part(ctx, argv[0], PART_DAY);
}

/* today(): the run's date (--as-of).  NULL: never null. */
static struct value fn_today(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	return value_int(VT_DATE, ctx->today);
}

/* ---- values -------------------------------------------------------- */

/* coalesce(a, ...): the first argument that is not null, converted to the
 * call's type (an int to decimal).  Lazy: the arguments after it are not
 * evaluated.  NULL: null only if every argument is null. */
static struct value fn_coalesce(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	size_t i;
	for (i = 0; i < argc; i++) {
		struct value v = func_arg(ctx, i);
		if (v.null)
			continue;
		if (ctx->type == VT_DECIMAL && v.type == VT_INT) {
			v.u.i *= DEC_SCALE;
			v.type = VT_DECIMAL;
		}
		return v;
	}
	return value_null(ctx->type);
}

/* if(cond, a, b): a when cond is true, else b, converted to the call's
 * type.  Lazy: only the branch taken is evaluated.  NULL: a null
 * condition counts as false (as in `where`), so it gives b. */
static struct value fn_if(struct func_ctx *ctx, const struct value *argv, size_t argc)
{
	struct value c = func_arg(ctx, 0);
	struct value v = func_arg(ctx, !c.null && c.u.i ? 1 : 2);
	if (v.null)
		return value_null(ctx->type);
	if (ctx->type == VT_DECIMAL && v.type == VT_INT) {
		v.u.i *= DEC_SCALE;
		v.type = VT_DECIMAL;
	}
	return v;
}

/* ---- the table ----------------------------------------------------- */

static const struct func funcs[] = {
	/* name          min max args     result    lazy impl */
	{ "lower",        1, 1, FA_TEXT, VT_TEXT,    0, fn_lower },
	{ "upper",        1, 1, FA_TEXT, VT_TEXT,    0, fn_upper },
	{ "trim",         1, 1, FA_TEXT, VT_TEXT,    0, fn_trim },
	{ "len",          1, 1, FA_TEXT, VT_INT,     0, fn_len },
	{ "coalesce",     1, 64, FA_SAME, VT_NULL,   1, fn_coalesce },
	{ "if",           3, 3, FA_COND, VT_NULL,    1, fn_if },
	{ "starts_with",  2, 2, FA_TEXT, VT_BOOL,    0, fn_starts_with },
	{ "ends_with",    2, 2, FA_TEXT, VT_BOOL,    0, fn_ends_with },
	{ "contains",     2, 2, FA_TEXT, VT_BOOL,    0, fn_contains },
	{ "year",         1, 1, FA_DATE, VT_INT,     0, fn_year },
	{ "month",        1, 1, FA_DATE, VT_INT,     0, fn_month },
	{ "day",          1, 1, FA_DATE, VT_INT,     0, fn_day },
	{ "today",        0, 0, FA_NONE, VT_DATE,    0, fn_today },
};
#define NFUNCS (sizeof(funcs) / sizeof(funcs[0]))

const struct func *func_find(const char *name)
{
	size_t i;
	for (i = 0; i < NFUNCS; i++)
		if (!strcmp(funcs[i].name, name))
			return &funcs[i];
	return NULL;
}

const struct func *func_at(size_t i)
{
	return i < NFUNCS ? &funcs[i] : NULL;
}
