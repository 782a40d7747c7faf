/*
 * test_eval.c - evaluation: the null semantics table (every operator with a
 * null operand), functions, arithmetic, clauses, finding order, and index
 * selection in plans.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "lang/func.h"
#include "run/verdict.h"

/* one-row dataset with a value and a null of each type */
static const char schema[] =
	"param as_of date = today\n"
	"param limit int = 5\n"
	"dataset t {\n"
	"  from csv \"t.csv\"\n"
	"  key K\n"
	"  K text\n"
	"  I int\n"
	"  N int\n"
	"  S text\n"
	"  T text\n"
	"  D date\n"
	"  E date\n"
	"  B bool\n"
	"  BN bool\n"
	"  M decimal\n"
	"  DT datetime\n"
	"  R enum(\"Active\", \"None\")\n"
	"}\n";

static const char t_csv[] =
	"K,I,N,S,T,D,E,B,BN,M,DT,R\n"
	"k1,1,,x,,2024-02-29,,true,,2.50,2026-11-24T23:30:00-01:00,active\n";

struct collect {
	struct strbuf out;
	struct verdict *v;
};

static void on_finding(void *ud, const struct eval_finding *f)
{
	struct collect *c = ud;
	const struct step *st = &f->rp->steps[0];
	strbuf_addf(&c->out, "%s ", f->rp->rule->id);
	verdict_record_key(c->v, st->ds, f->rows[st->slot], &c->out);
	strbuf_addstr(&c->out, ": ");
	strbuf_add(&c->out, f->msg, f->msglen);
	strbuf_addch(&c->out, '\n');
}

static char *make_dir(void)
{
	char tmpl[] = "/tmp/verdict-eval-XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return strdup(d);
}

static void remove_dir(char *dir)
{
	struct strbuf cmd = STRBUF_INIT;
	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd.buf), 0);
	strbuf_release(&cmd);
	free(dir);
}

static size_t last_anomalies; /* of the last run() */

/* Loads rules (text), writes files (name, content pairs, NULL-ended) and
 * runs with as_of 2026-11-25; returns the findings as text lines. */
static char *run(const char *rules, ...)
{
	struct verdict v;
	struct collect c;
	struct strbuf err = STRBUF_INIT;
	char *dir = make_dir(), *res;
	const char *name;
	va_list ap;
	va_start(ap, rules);
	while ((name = va_arg(ap, const char *)) != NULL)
		tu_write(dir, name, va_arg(ap, const char *));
	va_end(ap);
	verdict_init(&v);
	if (verdict_load_rules_text(&v, "test.rules", rules)) {
		char *d = tu_diags(&v.dc);
		print_error("rule errors:\n%s", d);
		free(d);
		fail();
	}
	assert_int_equal(verdict_set_as_of(&v, "2026-11-25", &err), 0);
	assert_int_equal(verdict_load_data(&v, dir, 0), 0);
	strbuf_init(&c.out, 0);
	c.v = &v;
	verdict_run(&v, on_finding, &c);
	last_anomalies = v.anomalies;
	res = strbuf_detach(&c.out, NULL);
	verdict_release(&v);
	strbuf_release(&err);
	remove_dir(dir);
	return res;
}

/* does condition cond hold on the one row of t? */
static int holds(const char *cond)
{
	struct strbuf rules = STRBUF_INIT;
	char *out;
	int fired;
	strbuf_addf(&rules, "%s\nrule R { severity info\n for r in t\n where %s\n message \"m\" }\n", schema, cond);
	out = run(rules.buf, "t.csv", t_csv, NULL);
	fired = strstr(out, "R k1: m") != NULL;
	free(out);
	strbuf_release(&rules);
	return fired;
}

struct case_ {
	const char *cond;
	int expect;
};

static void check_cases(const struct case_ *cs, size_t n)
{
	size_t i;
	int bad = 0;
	for (i = 0; i < n; i++) {
		int got = holds(cs[i].cond);
		if (got != cs[i].expect) {
			print_error("%s: expected %s, got %s\n", cs[i].cond, cs[i].expect ? "true" : "false",
				    got ? "true" : "false");
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* the null table of docs/rule-language.md, operator by operator */
static void test_null_semantics(void **state)
{
	static const struct case_ cs[] = {
		/* = and != treat null as a value */
		{ "r.N = null", 1 }, { "r.T = r.T", 1 }, { "r.T = \"x\"", 0 }, { "r.T != \"x\"", 1 },
		{ "r.S != r.T", 1 }, { "r.S = r.S", 1 }, { "null = null", 1 }, { "r.N != 1", 1 },
		/* ordering with a null operand is false, both ways */
		{ "r.N < 5", 0 }, { "r.N <= 5", 0 }, { "r.N > 5", 0 }, { "r.N >= 5", 0 },
		{ "5 > r.N", 0 }, { "r.E < 2030-01-01", 0 }, { "not (r.N < 5)", 1 },
		/* between: false with any null operand, also negated */
		{ "r.N between 0 and 5", 0 }, { "r.N not between 0 and 5", 0 }, { "r.I between r.N and 5", 0 },
		{ "r.I between 0 and r.N", 0 }, { "r.I between 1 and 1", 1 }, { "r.I not between 2 and 3", 1 },
		/* matches: false on null */
		{ "r.T matches /x/", 0 }, { "not (r.T matches /x/)", 1 }, { "r.S matches /^X$/i", 1 },
		/* arithmetic with null is null */
		{ "r.N + 1 is null", 1 }, { "r.I + r.N is null", 1 }, { "r.N * 2 is null", 1 },
		{ "-r.N is null", 1 }, { "r.N / 2 is null", 1 }, { "r.E + 1 is null", 1 }, { "r.D - r.E is null", 1 },
		/* in: null left side is false, also negated; null list items never equal */
		{ "r.T in (\"x\", \"y\")", 0 }, { "r.T not in (\"x\")", 0 }, { "r.S in (\"x\", null)", 1 },
		{ "r.S not in (\"y\", null)", 1 }, { "r.T in (null)", 0 },
		/* is null */
		{ "r.T is null", 1 }, { "r.S is not null", 1 }, { "r.BN is null", 1 },
		/* two-valued logic: a null condition is false */
		{ "r.BN", 0 }, { "not r.BN", 1 }, { "r.BN or r.B", 1 }, { "r.BN and r.B", 0 }, { "r.B", 1 },
		/* functions: null in, null out; coalesce takes the first non-null */
		{ "lower(r.T) is null", 1 }, { "len(r.T) is null", 1 }, { "year(r.E) is null", 1 },
		{ "starts_with(r.T, \"x\") is null", 1 }, { "coalesce(r.T, \"d\") = \"d\"", 1 },
		{ "coalesce(r.N, r.I) = 1", 1 }, { "coalesce(r.N, r.N) is null", 1 },
		/* if: a null condition counts as false; a null branch is null */
		{ "if(r.BN, \"a\", \"b\") = \"b\"", 1 }, { "if(r.B, r.T, \"b\") is null", 1 },
		{ "if(r.B, 1, 2.5) = 1", 1 }, { "if(not r.B, 1, 2.5) = 2.5", 1 },
		/* subqueries: key equality on null never matches; sum/count 0, min/max null over none */
		{ "count(u in t where u.N = r.N) = 0", 1 }, { "exists u in t where u.T = r.T", 0 },
		{ "count(u in t where u.K = r.K) = 1", 1 }, { "sum(u.N for u in t where u.K = r.K) = 0", 1 },
		{ "min(u.N for u in t where u.K = r.K) is null", 1 }, { "max(u.I for u in t where u.K = \"none\") is null", 1 },
		{ "sum(u.I for u in t where u.K = \"none\") = 0", 1 }, { "count(u in t where u.K = \"none\") = 0", 1 },
		/* division by zero and overflow give null */
		{ "r.I / 0 is null", 1 }, { "9223372036854775807 + r.I is null", 1 },
	};
	(void)state;
	check_cases(cs, sizeof(cs) / sizeof(cs[0]));
}

static void test_functions_and_arithmetic(void **state)
{
	static const struct case_ cs[] = {
		{ "upper(\"abc\") = \"ABC\"", 1 }, { "lower(\"ÄbC\") = \"Äbc\"", 1 }, { "trim(\"  a b \") = \"a b\"", 1 },
		{ "len(\"Müller\") = 6", 1 }, { "starts_with(r.S, \"x\")", 1 }, { "ends_with(\"abc\", \"bc\")", 1 },
		{ "ends_with(\"c\", \"abc\")", 0 }, { "contains(\"abc\", \"b\")", 1 }, { "contains(\"abc\", \"d\")", 0 },
		{ "year(r.D) = 2024 and month(r.D) = 2 and day(r.D) = 29", 1 },
		{ "day(r.DT) = 25 and month(r.DT) = 11", 1 },
		{ "today() = 2026-11-25 and today = $as_of", 1 }, { "$limit = 5", 1 },
		{ "2026-03-01 - 2026-02-01 = 28", 1 }, { "2024-02-28 + 1 = 2024-02-29", 1 }, { "1 + 2024-02-28 = r.D", 1 },
		{ "r.D - 365 = 2023-03-01", 1 }, { "1 / 4 = 0.25", 1 }, { "1.5 * 2 = 3", 1 }, { "0.1 + 0.2 = 0.3", 1 },
		{ "r.M * 3 = 7.5", 1 }, { "r.M > 2 and r.M < 2.51", 1 }, { "1 = 1.0", 1 }, { "7 - 10 = -3", 1 },
		{ "2 + 3 * 4 = 14", 1 }, { "(2 + 3) * 4 = 20", 1 }, { "10 / 4 * 2 = 5", 1 },
		{ "r.R = \"Active\"", 1 }, { "r.R in (\"None\")", 0 }, { "lower(r.R) = \"active\"", 1 },
		{ "\"b\" > \"a\" and \"ab\" < \"b\"", 1 }, { "r.DT < r.DT", 0 },
	};
	(void)state;
	check_cases(cs, sizeof(cs) / sizeof(cs[0]));
}

/* the function table's invariants (lang/func.h); coalesce is lazy */
static void test_function_table(void **state)
{
	const struct func *f;
	size_t i, j;
	(void)state;
	for (i = 0; (f = func_at(i)); i++) {
		assert_non_null(f->impl);
		assert_true(f->min >= 0 && f->min <= f->max);
		assert_true(f->lazy || f->max <= FUNC_MAX_STRICT);
		assert_true(f->args != FA_NONE || f->max == 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(func_at(j)->name, f->name);
		assert_ptr_equal(func_find(f->name), f);
	}
	assert_null(func_find("in_csp"));
	/* coalesce stops at the first non-null: 1 / 0 is not evaluated */
	assert_int_equal(holds("coalesce(r.I, 1 / 0) = 1"), 1);
	assert_int_equal(last_anomalies, 0);
	assert_int_equal(holds("coalesce(r.N, 1 / 0) is null"), 1);
	assert_int_equal(last_anomalies, 1);
	/* if evaluates only the branch taken */
	assert_int_equal(holds("if(r.B, 1, 1 / 0) = 1"), 1);
	assert_int_equal(last_anomalies, 0);
}

static const char o_csv[] = "Id,Cust,Amt\no1,A,10\no2,B,20\no3,Z,30\no4,A,5\n";
static const char c_csv[] = "Cust,Name\nA,Alpha\nB,\"Beta, Inc.\"\n";
static const char l_csv[] = "Cust,Tag\nA,t1\nB,t2\nA,t3\n";

static void test_join_order_and_left_join(void **state)
{
	char *out;
	(void)state;
	out = run(
		"dataset o { from csv \"o.csv\"  key Id  Id text  Cust text  Amt decimal }\n"
		"dataset c { from csv \"c.csv\"  key Cust  Cust text  Name text }\n"
		"dataset l { from csv \"l.csv\"  Cust text  Tag text }\n"
		"rule J { severity info  for x in o  join y in l on y.Cust = x.Cust\n"
		"  message \"{x.Id}-{y.Tag}\" }\n"
		"rule L { severity error  for x in o  left join k in c on k.Cust = x.Cust\n"
		"  where k.Name is null  message \"{x.Id} has no customer {{{x.Cust}}} ({k.Name})\" }\n",
		"o.csv", o_csv, "c.csv", c_csv, "l.csv", l_csv, NULL);
	assert_string_equal(out,
			    "J o1: o1-t1\n"
			    "J o1: o1-t3\n"
			    "J o2: o2-t2\n"
			    "J o4: o4-t1\n"
			    "J o4: o4-t3\n"
			    "L o3: o3 has no customer {Z} ((blank))\n");
	free(out);
}

/* `V is null` on a left join variable: true when the join found no row
 * (the filter runs after the join, whatever clause order the planner
 * picks); `is not null` the reverse; through a define as well */
static void test_left_join_null_test(void **state)
{
	char *out;
	(void)state;
	out = run(
		"dataset o { from csv \"o.csv\"  key Id  Id text  Cust text  Amt decimal }\n"
		"dataset c { from csv \"c.csv\"  key Cust  Cust text  Name text }\n"
		"define unmatched(v) = v is null\n"
		"rule N { severity error  for x in o  left join k in c on k.Cust = x.Cust\n"
		"  where k is null  message \"{x.Id} {x.Cust}\" }\n"
		"rule M { severity info  for x in o  left join k in c on k.Cust = x.Cust\n"
		"  where k is not null and x.Amt > 5  message \"{x.Id} {k.Name}\" }\n"
		"rule D { severity info  for x in o  left join k in c on k.Cust = x.Cust\n"
		"  where not unmatched(k) = (x.Cust != \"Z\")  message \"{x.Id}\" }\n",
		"o.csv", o_csv, "c.csv", c_csv, NULL);
	assert_string_equal(out,
			    "N o3: o3 Z\n"
			    "M o1: o1 Alpha\n"
			    "M o2: o2 Beta, Inc.\n"
			    "D o1: o1\nD o2: o2\nD o3: o3\nD o4: o4\n");
	free(out);
}

static void test_let_count_sum(void **state)
{
	char *out;
	(void)state;
	out = run(
		"dataset o { from csv \"o.csv\"  key Id  Id text  Cust text  Amt decimal }\n"
		"dataset c { from csv \"c.csv\"  key Cust  Cust text  Name text }\n"
		"rule S { severity warning  for k in c\n"
		"  let n = count(x in o where x.Cust = k.Cust)\n"
		"  let total = sum(x.Amt for x in o where x.Cust = k.Cust)\n"
		"  let biggest = max(x.Amt for x in o where x.Cust = k.Cust)\n"
		"  where n >= 1\n"
		"  message \"{k.Name}: {n} orders, {total} in all, largest {biggest}\" }\n",
		"o.csv", o_csv, "c.csv", c_csv, NULL);
	assert_string_equal(out,
			    "S A: Alpha: 2 orders, 15 in all, largest 10\n"
			    "S B: Beta, Inc.: 1 orders, 20 in all, largest 20\n");
	free(out);
}

static void test_define_inlined_per_use(void **state)
{
	char *out;
	(void)state;
	out = run(
		"dataset o { from csv \"o.csv\"  key Id  Id text  Cust text  Amt decimal }\n"
		"define big(rec, limit) = rec.Amt > limit\n"
		"define twice(v) = v + v\n"
		"rule D { severity info  for x in o  where big(x, 9) and not big(x, 25)  message \"{x.Id}\" }\n"
		"rule T { severity info  for x in o  where twice(twice(x.Amt)) = 40  message \"{x.Id}\" }\n",
		"o.csv", o_csv, NULL);
	assert_string_equal(out, "D o1: o1\nD o2: o2\nT o1: o1\n");
	free(out);
}

/* plans: equalities become index lookups, composite with constants; a
 * join with no usable equality scans (and check warns) */
static void test_index_selection(void **state)
{
	struct program prog;
	struct planset ps;
	struct strpool pool;
	struct diagctx dc;
	const struct rule_plan *rp;
	const struct expr *e;
	char *d;
	(void)state;
	strpool_init(&pool);
	assert_int_equal(tu_check(&prog, &ps, &pool, &dc,
		"dataset o { from csv \"o.csv\"  key Id  Id text  Cust text  Amt decimal }\n"
		"dataset l { from csv \"l.csv\"  Cust text  Tag text }\n"
		"rule A { title \"t\" severity info  for x in o\n"
		"  join y in l on y.Cust = x.Cust and y.Tag = \"t1\"\n"
		"  where exists z in l where x.Cust = z.Cust and z.Tag != \"t2\"\n"
		"  join w in l on w.Tag > x.Cust\n"
		"  message \"m\" }\n"), 0);
	rp = &ps.plans[0];
	assert_int_equal(rp->nsteps, 4);
	assert_int_equal(rp->steps[0].kind, ST_SCAN);
	/* the exists filter only uses x: it runs right after the scan, before the joins */
	assert_int_equal(rp->steps[1].kind, ST_FILTER);
	assert_int_equal(rp->steps[2].kind, ST_LOOKUP);
	assert_int_equal(rp->steps[2].lk.idx->nkey, 2);     /* Cust and the constant Tag */
	assert_int_equal(rp->steps[2].lk.nconds, 0);
	e = rp->steps[1].e;
	assert_int_equal(e->kind, E_SUBQ);
	assert_non_null(e->u.sub.plan->lk.idx);
	assert_int_equal(e->u.sub.plan->lk.idx->nkey, 1);
	assert_int_equal(e->u.sub.plan->lk.nconds, 1);
	assert_int_equal(rp->steps[3].kind, ST_NESTED);
	assert_null(rp->steps[3].lk.idx);
	assert_int_equal(dc.nwarn, 1);
	d = tu_diags(&dc);
	assert_non_null(strstr(d, "test.rules:6:3: warning: join of l has no equality on w's fields to look up: "
				  "it will scan l for every row"));
	free(d);
	/* y's index (Cust, Tag) and z's (Cust) are distinct; shared by identity otherwise */
	assert_int_equal(ps.nindexes, 2);
	tu_check_release(&prog, &ps, &dc);
	strpool_release(&pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_semantics),
		cmocka_unit_test(test_functions_and_arithmetic),
		cmocka_unit_test(test_function_table),
		cmocka_unit_test(test_join_order_and_left_join),
		cmocka_unit_test(test_left_join_null_test),
		cmocka_unit_test(test_let_count_sum),
		cmocka_unit_test(test_define_inlined_per_use),
		cmocka_unit_test(test_index_selection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
