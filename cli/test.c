/*
 * test.c - `verdict test` (see test.h): parsing *.test files, running
 * each test on its inline tables, checking expectations, coverage, JUnit.
 */
#include "cli/test.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/files.h"
#include "lang/lex.h"
#include "lang/schema.h"
#include "run/verdict.h"
#include "reports/junit.h"
#include "reports/out.h"
#include "cli/cli.h"
#include "cli/convert.h"
#include "cli/fingerprint.h"

struct expect {
	int none;
	int not_evaluated;     /* expect not_evaluated RULE */
	const char *rule;
	struct srcpos pos;
	long count;            /* -1: not given */
	const char *key;       /* NULL: not given */
};

struct tdata {
	const char *ds;
	struct srcpos pos;
	const char *csv;       /* the lines of the block, leading whitespace removed */
	size_t len;
	uint32_t first_line;   /* the .test line of the block's first line */
};

struct tabsent {
	const char *ds;
	struct srcpos pos;
};

struct tparam {
	const char *name;
	const char *value;
	struct srcpos pos;
};

struct tcase {
	const char *name;
	struct srcpos pos;
	const char **rules;
	size_t nrules;
	struct tparam *params;
	size_t nparams;
	struct tdata *data;
	size_t ndata;
	struct expect *expects;
	size_t nexpects;
	struct tabsent *absent;
	size_t nabsent;
};

struct tfile {
	struct srcfile *src;
	struct arena arena;
	struct tcase *cases;
	size_t ncases;
};

/* per rule id over the whole run, for --coverage */
struct cover {
	char *id;
	int fires, quiet;
};

struct runner {
	const struct rtest_opts *o;
	struct diagctx dc;           /* test-file syntax errors */
	size_t passed, failed;
	struct junit *junit;         /* NULL without --junit */
	struct cover *cov;
	size_t ncov, cov_cap;
	struct strbuf out;           /* failure text of the current test */
};

/* ---- parsing --------------------------------------------------------- */

struct tparser {
	struct lexer ls;
	struct tfile *tf;
	struct diagctx *dc;
	struct tcase tc;             /* the test being parsed: owned here until
	                                complete, freed when parsing it fails */
	jmp_buf fail;
};

static struct token *tok(struct tparser *p) { return &p->ls.t; }

static void __attribute__((noreturn)) expected(struct tparser *p, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	if (tok(p)->kind != TK_ERROR) {
		lex_describe(tok(p), &sb);
		diag_error(p->dc, tok(p)->pos, "expected %s, found %s", what, sb.buf);
	}
	strbuf_release(&sb);
	longjmp(p->fail, 1);
}

static int accept_kw(struct tparser *p, const char *kw)
{
	if (!lex_is_name(tok(p), kw))
		return 0;
	lex_next(&p->ls);
	return 1;
}

static const char *string(struct tparser *p, const char *what)
{
	const char *s;
	if (tok(p)->kind != TK_STRING)
		expected(p, what);
	s = tok(p)->text;
	lex_next(&p->ls);
	return s;
}

#define PUSH(arr, n, item) \
	do { \
		(arr) = xrealloc((arr), ((n) + 1) * sizeof(*(arr))); \
		(arr)[(n)++] = (item); \
	} while (0)

/* rules := 'rules' STRING { ',' STRING } */
static void rules_item(struct tparser *p, struct tcase *tc)
{
	do {
		const char *r = string(p, "a rule file path (a string)");
		PUSH(tc->rules, tc->nrules, r);
	} while (tok(p)->kind == TK_COMMA && (lex_next(&p->ls), 1));
}

/* param := 'param' NAME '=' (STRING | INT | DECIMAL | DATE | 'true' | 'false') */
static void param_item(struct tparser *p, struct tcase *tc)
{
	struct tparam pm;
	pm.pos = tok(p)->pos;
	if (tok(p)->kind != TK_NAME)
		expected(p, "a parameter name");
	pm.name = tok(p)->text;
	lex_next(&p->ls);
	if (tok(p)->kind != TK_EQ)
		expected(p, "'='");
	lex_next(&p->ls);
	switch (tok(p)->kind) {
	case TK_STRING: case TK_INT: case TK_DECIMAL: case TK_DATE: case TK_NAME:
		pm.value = tok(p)->text;
		break;
	case TK_MINUS: {
		struct strbuf neg = STRBUF_INIT;
		lex_next(&p->ls);
		if (tok(p)->kind != TK_INT && tok(p)->kind != TK_DECIMAL)
			expected(p, "a number after '-'");
		strbuf_addf(&neg, "-%s", tok(p)->text);
		pm.value = arena_strdup(&p->tf->arena, neg.buf);
		strbuf_release(&neg);
		break;
	}
	default:
		expected(p, "a value (string, number, date, true or false)");
	}
	lex_next(&p->ls);
	PUSH(tc->params, tc->nparams, pm);
}

/* data := 'data' NAME '{' NEWLINE { csv-line } '}' -- raw lines, up to a
 * line holding only '}' */
static void data_item(struct tparser *p, struct tcase *tc)
{
	const struct srcfile *f = p->tf->src;
	struct strbuf csv = STRBUF_INIT;
	struct tdata d;
	size_t pos, line_start = 0;
	uint32_t line;
	d.pos = tok(p)->pos;
	if (tok(p)->kind != TK_NAME)
		expected(p, "a dataset name after 'data'");
	d.ds = tok(p)->text;
	lex_next(&p->ls);
	if (tok(p)->kind != TK_LBRACE)
		expected(p, "'{' to start the table");
	pos = tok(p)->end;
	line = tok(p)->pos.line;
	while (pos < f->len && f->text[pos] != '\n')
		pos++;
	d.first_line = line + 1;
	for (;;) {
		size_t start, end;
		if (pos >= f->len) {
			diag_error(p->dc, d.pos, "table for %s is not closed (expected a line holding only '}')", d.ds);
			strbuf_release(&csv);
			longjmp(p->fail, 1);
		}
		line_start = start = ++pos;
		line++;
		while (pos < f->len && f->text[pos] != '\n')
			pos++;
		end = pos;
		while (start < end && (f->text[start] == ' ' || f->text[start] == '\t'))
			start++;
		if (end - start >= 1 && f->text[start] == '}' &&
		    (end - start == 1 || (end - start == 2 && f->text[start + 1] == '\r')))
			break;
		strbuf_add(&csv, f->text + start, end - start);
		strbuf_addch(&csv, '\n');
	}
	d.csv = arena_strndup(&p->tf->arena, csv.buf, csv.len);
	d.len = csv.len;
	strbuf_release(&csv);
	/* resume after the closing brace's line */
	lex_init_range(&p->ls, f, pos, f->len, line, line_start, &p->tf->arena, p->dc);
	PUSH(tc->data, tc->ndata, d);
}

/* absent := 'absent' NAME -- the dataset is provided by no source */
static void absent_item(struct tparser *p, struct tcase *tc)
{
	struct tabsent a;
	a.pos = tok(p)->pos;
	if (tok(p)->kind != TK_NAME)
		expected(p, "a dataset name after 'absent'");
	a.ds = tok(p)->text;
	lex_next(&p->ls);
	PUSH(tc->absent, tc->nabsent, a);
}

/* expect := 'expect' ['none' | 'not_evaluated'] RULEID ['count' INT] ['key' STRING] */
static void expect_item(struct tparser *p, struct tcase *tc)
{
	struct expect e;
	int dangling;
	memset(&e, 0, sizeof(e));
	e.count = -1;
	e.none = accept_kw(p, "none");
	e.not_evaluated = !e.none && accept_kw(p, "not_evaluated");
	e.rule = lex_rule_id(&p->ls, &e.pos, &dangling);
	if (!e.rule)
		expected(p, "a rule id");
	for (;;) {
		if (accept_kw(p, "count")) {
			if (tok(p)->kind != TK_INT)
				expected(p, "a number after 'count'");
			e.count = tok(p)->ival;
			lex_next(&p->ls);
		} else if (accept_kw(p, "key")) {
			e.key = string(p, "a record key (a string) after 'key'");
		} else {
			break;
		}
	}
	if ((e.none || e.not_evaluated) && (e.count >= 0 || e.key))
		diag_error(p->dc, e.pos, "'expect %s' takes no 'count' or 'key'", e.none ? "none" : "not_evaluated");
	PUSH(tc->expects, tc->nexpects, e);
}

static void tcase_release(struct tcase *tc)
{
	free(tc->rules);
	free(tc->params);
	free(tc->data);
	free(tc->expects);
	free(tc->absent);
	memset(tc, 0, sizeof(*tc));
}

/* test := 'test' STRING '{' { rules | param | data | absent | expect } '}'
 * Builds p->tc; on an error longjmps with whatever it holds. */
static void test_decl(struct tparser *p)
{
	struct tcase *tc = &p->tc;
	tc->pos = tok(p)->pos;
	if (!accept_kw(p, "test"))
		expected(p, "'test \"name\" {'");
	tc->name = string(p, "the test's name (a string)");
	if (tok(p)->kind != TK_LBRACE)
		expected(p, "'{'");
	lex_next(&p->ls);
	while (tok(p)->kind != TK_RBRACE) {
		if (accept_kw(p, "rules"))
			rules_item(p, tc);
		else if (accept_kw(p, "param"))
			param_item(p, tc);
		else if (accept_kw(p, "data"))
			data_item(p, tc);
		else if (accept_kw(p, "absent"))
			absent_item(p, tc);
		else if (accept_kw(p, "expect"))
			expect_item(p, tc);
		else
			expected(p, "rules, param, data, absent, expect or '}'");
	}
	lex_next(&p->ls);
	if (!tc->nrules)
		diag_error(p->dc, tc->pos, "test \"%s\" names no rule files (add: rules \"file.rules\")", tc->name);
	if (!tc->nexpects)
		diag_error(p->dc, tc->pos, "test \"%s\" has no expectations (add: expect ...)", tc->name);
	PUSH(p->tf->cases, p->tf->ncases, *tc);
	memset(tc, 0, sizeof(*tc));
}

static void skip_to_next_test(struct tparser *p)
{
	while (tok(p)->kind != TK_EOF && !(lex_is_name(tok(p), "test") && tok(p)->pos.col == 1))
		lex_next(&p->ls);
}

static void parse_tfile(struct tfile *tf, struct diagctx *dc)
{
	struct tparser p;
	memset(&p, 0, sizeof(p));
	p.tf = tf;
	p.dc = dc;
	lex_init(&p.ls, tf->src, &tf->arena, dc);
	while (tok(&p)->kind != TK_EOF) {
		if (setjmp(p.fail)) {
			tcase_release(&p.tc);
			skip_to_next_test(&p);
			continue;
		}
		test_decl(&p);
	}
}

static void tfile_free(struct tfile *tf)
{
	size_t i;
	for (i = 0; i < tf->ncases; i++)
		tcase_release(&tf->cases[i]);
	free(tf->cases);
	arena_release(&tf->arena);
	srcfile_free(tf->src);
}

/* ---- running one test ------------------------------------------------ */

struct found {
	const char *rule;
	char *key;
	char *msg;
};

struct collected {
	struct verdict *v;
	struct found *items;
	size_t n;
	struct strbuf key;
	struct strbuf *emit;    /* --emit-dir: the findings as CSV, else NULL */
};

static void add_found(struct collected *c, const char *rule, const char *key, const char *msg, size_t msglen)
{
	struct found f;
	f.rule = rule;
	f.key = xstrdup(key);
	f.msg = xmemdup(msg, msglen);
	PUSH(c->items, c->n, f);
}

/* --emit-dir: a findings.csv row (rule_id, record_key, source_line,
 * message, evidence, fingerprint, evidence_sources) as verdict run writes
 * those columns */
static void emit_finding(struct collected *c, const struct eval_finding *ef)
{
	const struct rule_plan *rp = ef->rp;
	const struct step *drive = &rp->steps[0];
	const struct table *t = &c->v->tables[drive->ds->index];
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	char fp[FP_SIZE];
	int i;
	convert_cell(c->emit, rp->rule->id, strlen(rp->rule->id));
	strbuf_addch(c->emit, ',');
	convert_cell(c->emit, c->key.buf, c->key.len);
	strbuf_addf(c->emit, ",%u,", t->row_line[ef->rows[drive->slot]]);
	convert_cell(c->emit, ef->msg, ef->msglen);
	strbuf_addch(c->emit, ',');
	fp_evidence(c->v, rp, ef->rows, verdict_record_key, &a);
	convert_cell(c->emit, a.buf, a.len);
	fp_identity(c->v, drive->ds, ef->rows[drive->slot], &b);
	fp_evidence(c->v, rp, ef->rows, fp_identity, &a);
	fp_rule(rp->rule->id, b.buf, a.buf, fp);
	strbuf_addf(c->emit, ",%s,", fp);
	strbuf_reset(&a);
	for (i = 0; i < rp->nbind; i++) {
		const struct step *st = plan_bound_step(rp, i);
		int64_t row;
		if (!st)
			continue;
		row = ef->rows[st->slot];
		strbuf_addf(&a, "%s%s=", a.len ? ";" : "", st->cl->var);
		if (row >= 0) {
			const struct table *u = &c->v->tables[st->ds->index];
			strbuf_addf(&a, "%s:%u", table_file_path(u, table_row_file(u, (size_t)row)), u->row_line[row]);
		}
	}
	convert_cell(c->emit, a.buf, a.len);
	strbuf_addch(c->emit, '\n');
	strbuf_release(&a);
	strbuf_release(&b);
}

static void on_finding(void *ud, const struct eval_finding *ef)
{
	struct collected *c = ud;
	const struct step *st = &ef->rp->steps[0];
	strbuf_reset(&c->key);
	verdict_record_key(c->v, st->ds, ef->rows[st->slot], &c->key);
	add_found(c, ef->rp->rule->id, c->key.buf, ef->msg, ef->msglen);
	if (c->emit)
		emit_finding(c, ef);
}

static void collect_dq(struct collected *c)
{
	struct strbuf msg = STRBUF_INIT;
	size_t i;
	for (i = 0; i < c->v->dq.n; i++) {
		const struct dq *d = &c->v->dq.items[i];
		strbuf_reset(&c->key);
		strbuf_reset(&msg);
		if (d->row >= 0)
			verdict_record_key(c->v, d->ds, d->row, &c->key);
		else if (d->line)
			strbuf_addf(&c->key, "line:%u", d->line);
		strbuf_addf(&msg, "%s%s%s%s", d->ds->name, d->field >= 0 ? "." : "",
			    d->field >= 0 ? d->ds->fields[d->field].name : "", ": ");
		strbuf_addstr(&msg, strpool_str(&c->v->pool, d->msg));
		if (d->raw)
			strbuf_addf(&msg, " (value: %s)", strpool_str(&c->v->pool, d->raw));
		add_found(c, dq_id(d->kind), c->key.buf, msg.buf, msg.len);
	}
	strbuf_release(&msg);
}

static void collected_free(struct collected *c)
{
	size_t i;
	for (i = 0; i < c->n; i++) {
		free(c->items[i].key);
		free(c->items[i].msg);
	}
	free(c->items);
	strbuf_release(&c->key);
}

static void failf(struct runner *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void failf(struct runner *r, const char *fmt, ...)
{
	va_list ap;
	strbuf_addstr(&r->out, "  ");
	va_start(ap, fmt);
	strbuf_vaddf(&r->out, fmt, ap);
	va_end(ap);
	strbuf_addch(&r->out, '\n');
}

static void cover(struct runner *r, const char *id, int fires, int quiet)
{
	size_t i;
	for (i = 0; i < r->ncov; i++) {
		if (!strcmp(r->cov[i].id, id)) {
			r->cov[i].fires |= fires;
			r->cov[i].quiet |= quiet;
			return;
		}
	}
	ALLOC_GROW(r->cov, r->ncov + 1, r->cov_cap);
	r->cov[r->ncov].id = xstrdup(id);
	r->cov[r->ncov].fires = fires;
	r->cov[r->ncov].quiet = quiet;
	r->ncov++;
}

static int is_dq_id(const char *id)
{
	int k;
	for (k = 0; k < DQ_NKINDS; k++)
		if (!strcmp(id, dq_id((enum dq_kind)k)))
			return 1;
	return 0;
}

/* the stats of rule id, or NULL for a DQ id */
static const struct verdict_rule_stats *rule_stats(const struct verdict *v, const char *id)
{
	const struct rule *ru = verdict_find_rule(v, id);
	return ru && v->stats ? &v->stats[ru->index] : NULL;
}

/* `expect not_evaluated RULE`, or an expectation of findings from a rule
 * that was not evaluated: 0 when it holds; -1 when this does not apply */
static int check_not_evaluated(struct runner *r, const struct expect *e, const struct verdict *v)
{
	const struct verdict_rule_stats *st = rule_stats(v, e->rule);
	struct strbuf where = STRBUF_INIT;
	int bad = 0;
	if (!st || (!e->not_evaluated && (!st->not_evaluated || e->none || e->count == 0)))
		return -1;
	diag_format_pos(e->pos, &where);
	if (e->not_evaluated && !st->not_evaluated) {
		failf(r, "%s: expect not_evaluated %s: it was evaluated", where.buf, e->rule);
		bad = 1;
	} else if (!e->not_evaluated) {
		failf(r, "%s: expect %s: the rule was not evaluated: %s", where.buf, e->rule, st->reason);
		bad = 1;
	}
	strbuf_release(&where);
	return bad;
}

/* 0 when the expectation holds; else a line in r->out */
static int check_expect(struct runner *r, const struct expect *e, const struct collected *c)
{
	size_t i, n = 0;
	struct strbuf what = STRBUF_INIT;
	int ok = check_not_evaluated(r, e, c->v);
	if (ok >= 0) {
		strbuf_release(&what);
		return ok;
	}
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->items[i].rule, e->rule) && (!e->key || !strcmp(c->items[i].key, e->key)))
			n++;
	ok = e->none ? n == 0 : e->count >= 0 ? n == (size_t)e->count : n > 0;
	if (!ok) {
		diag_format_pos(e->pos, &what);
		strbuf_addf(&what, ": expect %s%s", e->none ? "none " : "", e->rule);
		if (e->count >= 0)
			strbuf_addf(&what, " count %ld", e->count);
		if (e->key)
			strbuf_addf(&what, " key \"%s\"", e->key);
		failf(r, "%s: found %zu", what.buf, n);
	}
	strbuf_release(&what);
	return !ok;
}

static int check_rule_ids(struct runner *r, const struct tcase *tc, const struct verdict *v)
{
	size_t i, k;
	int bad = 0;
	const char **ids = xmalloc((v->prog.nrules + 1) * sizeof(*ids));
	for (k = 0; k < v->prog.nrules; k++)
		ids[k] = v->prog.rules[k]->id;
	for (i = 0; i < tc->nexpects; i++) {
		const struct expect *e = &tc->expects[i];
		struct strbuf where = STRBUF_INIT, dym = STRBUF_INIT;
		if (verdict_find_rule(v, e->rule) || is_dq_id(e->rule))
			continue;
		diag_did_you_mean(&dym, diag_suggest(e->rule, ids, v->prog.nrules), DIAG_QUOTE_NAME);
		diag_format_pos(e->pos, &where);
		failf(r, "%s: no rule '%s' in the rule files of this test%s", where.buf, e->rule, dym.buf);
		strbuf_release(&where);
		strbuf_release(&dym);
		bad = 1;
	}
	free(ids);
	return bad;
}

static int wants_dq(const struct tcase *tc)
{
	size_t i;
	for (i = 0; i < tc->nexpects; i++)
		if (is_dq_id(tc->expects[i].rule))
			return 1;
	return 0;
}

static void list_findings(struct runner *r, const struct collected *c)
{
	size_t i;
	if (!c->n) {
		failf(r, "the test produced no findings");
		return;
	}
	failf(r, "findings of this test:");
	for (i = 0; i < c->n; i++)
		failf(r, "  %s %s: %s", c->items[i].rule, c->items[i].key, c->items[i].msg);
}

static int load_rules(struct runner *r, const struct tfile *tf, const struct tcase *tc, struct verdict *v)
{
	char **paths = xmalloc((tc->nrules + 1) * sizeof(*paths));
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int rc;
	for (i = 0; i < tc->nrules; i++) {
		files_relative(&sb, tf->src->path, tc->rules[i]);
		paths[i] = strbuf_detach(&sb, NULL);
	}
	rc = verdict_load_rules(v, (const char *const *)paths, tc->nrules);
	if (v->dc.nerr) {
		diag_render(&v->dc, &sb);
		failf(r, "rule files have errors:\n%s", sb.buf);
	}
	for (i = 0; i < tc->nrules; i++)
		free(paths[i]);
	free(paths);
	strbuf_release(&sb);
	return rc;
}

static int declares_param(const struct verdict *v, const char *name)
{
	size_t i;
	for (i = 0; i < v->prog.nparams; i++)
		if (!strcmp(v->prog.params[i]->name, name))
			return 1;
	return 0;
}

/* `param as_of = D` fixes today() to D like --as-of, and sets $as_of too
 * when the rules declare it; any other name must be declared. */
static int set_param(struct verdict *v, const struct tparam *pm, struct strbuf *err)
{
	if (strcmp(pm->name, "as_of"))
		return verdict_set_param(v, pm->name, pm->value, err);
	if (verdict_set_as_of(v, pm->value, err))
		return -1;
	return declares_param(v, "as_of") ? verdict_set_param(v, pm->name, pm->value, err) : 0;
}

static int set_params(struct runner *r, const struct tcase *tc, struct verdict *v)
{
	struct strbuf err = STRBUF_INIT, where = STRBUF_INIT;
	size_t i;
	int rc = 0;
	for (i = 0; i < tc->nparams && !rc; i++) {
		const struct tparam *pm = &tc->params[i];
		rc = set_param(v, pm, &err);
		if (rc) {
			diag_format_pos(pm->pos, &where);
			failf(r, "%s: %s", where.buf, err.buf);
		}
	}
	strbuf_release(&err);
	strbuf_release(&where);
	return rc;
}

/* `absent DS`: tables[ds->index] is provided by no source; -1 (and a
 * failure line) on an unknown dataset or one with a table */
static int mark_absent(struct runner *r, const struct tcase *tc, const struct tabsent *a,
		       const struct verdict *v, struct load_buffer *tables)
{
	const struct dataset *ds = schema_find_dataset(&v->prog, a->ds);
	struct strbuf where = STRBUF_INIT;
	int rc = 0;
	(void)tc;
	diag_format_pos(a->pos, &where);
	if (!ds) {
		failf(r, "%s: no dataset '%s' in the rule files of this test", where.buf, a->ds);
		rc = -1;
	} else if (tables[ds->index].text) {
		failf(r, "%s: %s has a table and is absent", where.buf, a->ds);
		rc = -1;
	} else {
		tables[ds->index].absent = 1;
	}
	strbuf_release(&where);
	return rc;
}

/* tables[ds->index] = the test's table for ds, read from the .test file's
 * text in memory; -1 (and a failure line) on an unknown dataset or a
 * second table for one */
static int gather_tables(struct runner *r, const struct tfile *tf, const struct tcase *tc,
			 const struct verdict *v, struct load_buffer *tables)
{
	struct strbuf where = STRBUF_INIT;
	size_t i;
	int rc = 0;
	for (i = 0; i < tc->ndata && !rc; i++) {
		const struct tdata *d = &tc->data[i];
		const struct dataset *ds = schema_find_dataset(&v->prog, d->ds);
		strbuf_reset(&where);
		diag_format_pos(d->pos, &where);
		if (!ds) {
			struct strbuf dym = STRBUF_INIT;
			diag_did_you_mean(&dym, schema_suggest_dataset(&v->prog, d->ds), DIAG_QUOTE_NAME);
			failf(r, "%s: no dataset '%s' in the rule files of this test%s", where.buf, d->ds, dym.buf);
			strbuf_release(&dym);
			rc = -1;
		} else if (tables[ds->index].text) {
			failf(r, "%s: a second table for %s", where.buf, d->ds);
			rc = -1;
		} else {
			tables[ds->index].name = tf->src->path;
			tables[ds->index].first_line = d->first_line;
			tables[ds->index].text = d->csv;
			tables[ds->index].len = d->len;
		}
	}
	for (i = 0; i < tc->nabsent && !rc; i++)
		rc = mark_absent(r, tc, &tc->absent[i], v, tables);
	strbuf_release(&where);
	return rc;
}

static void record_coverage(struct runner *r, const struct tcase *tc, const struct verdict *v)
{
	size_t i;
	for (i = 0; i < v->prog.nrules; i++)
		cover(r, v->prog.rules[i]->id, 0, 0);
	for (i = 0; i < tc->nexpects; i++) {
		const struct expect *e = &tc->expects[i];
		int quiet = e->none || e->count == 0;
		if (!e->not_evaluated)
			cover(r, e->rule, !quiet, quiet);
	}
}

static int write_text(const char *dir, const char *name, const struct strbuf *sb)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;
	int rc = 0;
	strbuf_addf(&path, "%s/%s", dir, name);
	f = fopen(path.buf, "wb");
	if (!f || fwrite(sb->buf, 1, sb->len, f) != sb->len || fclose(f))
		rc = error("cannot write %s: %s", path.buf, strerror(errno));
	else
		f = NULL;
	if (f)
		fclose(f);
	strbuf_release(&path);
	return rc;
}

/* --emit-dir: EMIT/STEM-NN (the .test file's name, the case's number)
 * gets the case's tables as verdict convert writes them, and `args`: the
 * verdict sql arguments giving the same rules, parameters and as-of date,
 * one a line; its findings.csv is written after the run (emit_findings) */
static char *emit_case(struct runner *r, const struct tfile *tf, const struct tcase *tc, const struct verdict *v)
{
	struct strbuf dir = STRBUF_INIT, args = STRBUF_INIT, p = STRBUF_INIT;
	const char *base = strrchr(tf->src->path, '/');
	size_t i, n;
	base = base ? base + 1 : tf->src->path;
	n = strlen(base);
	if (n > 5 && !strcmp(base + n - 5, ".test"))
		n -= 5;
	strbuf_addf(&dir, "%s/%.*s-%02zu", r->o->emit_dir, (int)n, base, (size_t)(tc - tf->cases) + 1);
	for (i = 0; i < tc->nrules; i++) {
		strbuf_reset(&p);
		files_relative(&p, tf->src->path, tc->rules[i]);
		strbuf_addf(&args, "-r\n%s\n", p.buf);
	}
	strbuf_addstr(&args, "--as-of\n");
	value_format_date(&args, v->as_of);
	strbuf_addch(&args, '\n');
	for (i = 0; i < tc->nparams; i++)
		if (strcmp(tc->params[i].name, "as_of") || declares_param(v, "as_of"))
			strbuf_addf(&args, "--param\n%s=%s\n", tc->params[i].name, tc->params[i].value);
	if (out_mkdirs(dir.buf) || convert_write(v, dir.buf) || write_text(dir.buf, "args", &args)) {
		failf(r, "--emit-dir: cannot write %s", dir.buf);
		strbuf_release(&dir);
		dir.buf = NULL;
	}
	strbuf_release(&args);
	strbuf_release(&p);
	return dir.buf ? strbuf_detach(&dir, NULL) : NULL;
}

/* evaluates the test; returns the number of problems found */
static int evaluate(struct runner *r, const struct tfile *tf, const struct tcase *tc, struct verdict *v)
{
	struct collected c;
	struct load_buffer *tables = xcalloc(v->prog.ndatasets + 1, sizeof(*tables));
	struct strbuf emitted = STRBUF_INIT;
	char *dir = NULL;
	size_t i;
	int bad = 0, unmet = 0;
	if (gather_tables(r, tf, tc, v, tables)) {
		free(tables);
		return 1;
	}
	memset(&c, 0, sizeof(c));
	c.v = v;
	strbuf_init(&c.key, 64);
	verdict_load_inline(v, tables);
	free(tables);
	if (r->o->emit_dir) {
		if (!(dir = emit_case(r, tf, tc, v)))
			bad++;
		c.emit = &emitted;
		strbuf_addstr(&emitted, "rule_id,record_key,source_line,message,evidence,fingerprint,evidence_sources\n");
	}
	collect_dq(&c);
	if (c.n && !wants_dq(tc)) {
		failf(r, "the test's tables have data-quality findings (fix the data, or expect them):");
		for (i = 0; i < c.n; i++)
			failf(r, "  %s %s: %s", c.items[i].rule, c.items[i].key, c.items[i].msg);
		bad++;
	}
	verdict_run(v, on_finding, &c);
	if (dir && write_text(dir, "findings.csv", &emitted)) {
		failf(r, "--emit-dir: cannot write %s/findings.csv", dir);
		bad++;
	}
	free(dir);
	strbuf_release(&emitted);
	for (i = 0; i < tc->nexpects; i++)
		if (verdict_find_rule(v, tc->expects[i].rule) || is_dq_id(tc->expects[i].rule))
			unmet += check_expect(r, &tc->expects[i], &c);
	if (unmet)
		list_findings(r, &c);
	bad += unmet;
	collected_free(&c);
	return bad;
}

static int run_case(struct runner *r, const struct tfile *tf, const struct tcase *tc)
{
	struct verdict v;
	int bad = 1;
	strbuf_reset(&r->out);
	verdict_init(&v);
	if (!load_rules(r, tf, tc, &v) && !set_params(r, tc, &v)) {
		record_coverage(r, tc, &v);
		bad = check_rule_ids(r, tc, &v);
		bad += evaluate(r, tf, tc, &v);
	}
	verdict_release(&v);
	return bad;
}

/* ---- reporting ------------------------------------------------------- */

static void run_file(struct runner *r, struct tfile *tf)
{
	size_t i;
	if (r->junit)
		junit_suite_begin(r->junit, tf->src->path);
	for (i = 0; i < tf->ncases; i++) {
		const struct tcase *tc = &tf->cases[i];
		double t0 = clock_mono();
		int failed = run_case(r, tf, tc) != 0;
		struct strbuf where = STRBUF_INIT;
		diag_format_pos(tc->pos, &where);
		if (failed)
			printf("FAIL %s: %s\n%s", where.buf, tc->name, r->out.buf);
		else if (r->o->verbose)
			printf("ok   %s: %s\n", where.buf, tc->name);
		strbuf_release(&where);
		if (r->junit)
			junit_case(r->junit, tf->src->path, tc->name, clock_mono() - t0,
				   failed ? r->out.buf : NULL);
		if (failed)
			r->failed++;
		else
			r->passed++;
	}
	if (r->junit)
		junit_suite_end(r->junit);
}

/* rules named by -r count for coverage even when no test loads them */
static int coverage_universe(struct runner *r)
{
	struct verdict v;
	size_t i;
	int rc = 0;
	if (!r->o->nrules)
		return 0;
	verdict_init(&v);
	if (verdict_load_rules(&v, r->o->rules, r->o->nrules)) {
		struct strbuf sb = STRBUF_INIT;
		diag_render(&v.dc, &sb);
		fputs(sb.buf, stderr);
		strbuf_release(&sb);
		rc = -1;
	}
	for (i = 0; i < v.prog.nrules; i++)
		cover(r, v.prog.rules[i]->id, 0, 0);
	verdict_release(&v);
	return rc;
}

static int report_coverage(struct runner *r)
{
	size_t i, missing = 0;
	for (i = 0; i < r->ncov; i++) {
		const struct cover *c = &r->cov[i];
		if (is_dq_id(c->id) || (c->fires && c->quiet))
			continue;
		if (!missing++)
			printf("coverage: rules not tested both ways (firing and not firing):\n");
		printf("  %-24s %s\n", c->id, !c->fires && !c->quiet ? "no test names it"
		       : !c->fires ? "no test where it fires" : "no test where it stays quiet");
	}
	if (!missing)
		printf("coverage: every rule is tested firing and not firing\n");
	return missing ? -1 : 0;
}

/* ---- files ----------------------------------------------------------- */

static void add_path(char ***files, size_t *n, const char *p)
{
	*files = xrealloc(*files, (*n + 1) * sizeof(**files));
	(*files)[(*n)++] = xstrdup(p);
}

static int collect_files(const char *const *paths, size_t n, char ***files, size_t *nfiles)
{
	size_t i, k;
	int rc = 0;
	for (i = 0; i < n; i++) {
		struct stat st;
		struct strbuf err = STRBUF_INIT;
		char **names;
		size_t m;
		if (stat(paths[i], &st)) {
			error_errno("%s", paths[i]);
			rc = -1;
		} else if (!S_ISDIR(st.st_mode)) {
			add_path(files, nfiles, paths[i]);
		} else if ((names = files_list(paths[i], ".test", &m, &err)) == NULL) {
			error("%s: %s", paths[i], err.buf);
			rc = -1;
		} else {
			for (k = 0; k < m; k++)
				add_path(files, nfiles, names[k]);
			if (!m)
				error("%s: no *.test files", paths[i]);
			rc |= m ? 0 : -1;
			files_free(names, m);
		}
		strbuf_release(&err);
	}
	return rc;
}

static int run_path(struct runner *r, const char *path)
{
	struct strbuf err = STRBUF_INIT, d = STRBUF_INIT;
	struct tfile tf;
	int before = r->dc.nerr;
	memset(&tf, 0, sizeof(tf));
	arena_init(&tf.arena);
	tf.src = srcfile_load(path, &err);
	if (!tf.src) {
		error("%s", err.buf);
		strbuf_release(&err);
		return -1;
	}
	parse_tfile(&tf, &r->dc);
	if (r->dc.nerr > before) {
		size_t k;
		for (k = 0; k < r->dc.n; k++)
			diag_render_one(&r->dc.items[k], &d);
		fputs(d.buf, stderr);
		diag_release(&r->dc);
		diag_init(&r->dc);
		r->failed++;
	} else {
		run_file(r, &tf);
	}
	tfile_free(&tf);
	strbuf_release(&err);
	strbuf_release(&d);
	return 0;
}

int rtest_main(const char *const *paths, size_t n, const struct rtest_opts *o)
{
	struct runner r;
	char **files = NULL;
	size_t nfiles = 0, i;
	int rc;
	memset(&r, 0, sizeof(r));
	r.o = o;
	diag_init(&r.dc);
	if (o->junit)
		r.junit = junit_new();
	strbuf_init(&r.out, 0);
	rc = collect_files(paths, n, &files, &nfiles) | coverage_universe(&r);
	for (i = 0; i < nfiles; i++)
		rc |= run_path(&r, files[i]);
	printf("%zu passed, %zu failed\n", r.passed, r.failed);
	if (o->coverage && report_coverage(&r))
		rc = -1;
	if (r.junit && junit_write(r.junit, o->junit, r.passed + r.failed, r.failed))
		rc = -1;
	for (i = 0; i < r.ncov; i++)
		free(r.cov[i].id);
	free(r.cov);
	files_free(files, nfiles);
	junit_free(r.junit);
	strbuf_release(&r.out);
	diag_release(&r.dc);
	if (rc && !r.failed)
		return 2;
	return r.failed || rc ? 1 : 0;
}

/* ---- the command -------------------------------------------------- */

const char usage_test[] =
	"usage: verdict test [PATHS...] [--coverage [-r RULES...]] [--junit FILE] [--emit-dir DIR] [-v]\n"
	"\n"
	"Runs every *.test file in PATHS (files or directories; default rules/csp/tests):\n"
	"each test loads its rule files, its inline tables, and checks its\n"
	"expectations.  Prints each failure with file:line and the findings, then\n"
	"'N passed, N failed'.\n"
	"\n"
	"      --coverage     also fail when a rule is not tested both ways (a test where\n"
	"                     it fires and one where it does not); -r adds rule files\n"
	"                     whose rules must be covered even if no test loads them\n"
	"      --junit FILE   write the results as JUnit XML\n"
	"      --emit-dir DIR write each test as DIR/NAME-NN (the .test file's name, the\n"
	"                     test's number): its tables as verdict convert writes them,\n"
	"                     'args' (the verdict sql options for its rules, parameters\n"
	"                     and as-of date, one a line) and findings.csv (rule_id,\n"
	"                     record_key, source_line, message, evidence, fingerprint,\n"
	"                     evidence_sources), to run the tests through verdict sql\n"
	"  -v, --verbose      list passing tests too\n"
	"\n"
	"exit status: 0 all passed, 1 failures, 2 usage error or unreadable files\n";

int cmd_test(struct cli *c, int argc, char **argv)
{
	(void)argc, (void)argv;
	struct rtest_opts o;
	memset(&o, 0, sizeof(o));
	if (!c->npaths)
		cli_push(&c->paths, &c->npaths, DEFAULT_RULES "/tests");
	o.coverage = c->coverage;
	o.junit = c->junit;
	o.rules = c->rules;
	o.nrules = c->nrules;
	o.verbose = c->verbose;
	o.emit_dir = c->emit_dir;
	return rtest_main(c->paths, c->npaths, &o);
}

