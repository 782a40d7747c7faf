/*
 * test_joinkey.c - the null rule of join keys: an `=` conjunct of `on`
 * (or of a subquery's `where`) linking a field of the new variable to an
 * expression free of it never matches a null, whatever the operand types
 * (int/int, int/decimal both ways, date, text, text/enum), whether it is
 * the index key, a residual key equality (a ninth key part) or a
 * subquery's key; and it agrees with the explicit form `where F = G and F
 * is not null and G is not null`.
 */
#include "testutil.h"
#include "testrun.h"

static const char datasets[] =
	"dataset a { from csv \"a.csv\"  key Id  Id text  I int  M decimal  D date  T text\n"
	"  R enum(\"A\", \"B\")  C1 int  C2 int  C3 int  C4 int  C5 int  C6 int  C7 int  C8 int }\n"
	"dataset b { from csv \"b.csv\"  key Id  Id text  I int  M decimal  D date  T text\n"
	"  R enum(\"A\", \"B\")  C1 int  C2 int  C3 int  C4 int  C5 int  C6 int  C7 int  C8 int }\n";

/* row 2 of each is null in every field but Id */
static const char a_csv[] =
	"Id,I,M,D,T,R,C1,C2,C3,C4,C5,C6,C7,C8\n"
	"a1,1,2.5,2026-01-01,t,A,1,1,1,1,1,1,1,1\n"
	"a2,,,,,,1,1,1,1,1,1,1,1\n"
	"a3,2,2,2026-01-02,B,B,1,1,1,1,1,1,1,1\n";
static const char b_csv[] =
	"Id,I,M,D,T,R,C1,C2,C3,C4,C5,C6,C7,C8\n"
	"b1,1,1,2026-01-01,t,A,1,1,1,1,1,1,1,1\n"
	"b2,,,,,,1,1,1,1,1,1,1,1\n"
	"b3,2,2.5,2026-01-02,A,B,1,1,1,1,1,1,1,1\n";

static const char *const files[] = { "a.csv", a_csv, "b.csv", b_csv, NULL };

struct pair {
	const char *yf, *xf;   /* y.yf = x.xf */
	const char *expect;    /* "x-y" matches, space-separated */
};

/* the matches by hand: nulls never, 2.5 never equals an int, 2 = 2.0 */
static const struct pair pairs[] = {
	{ "I", "I", "a1-b1 a3-b3" },   /* int = int */
	{ "I", "M", "a3-b3" },         /* int field, decimal probe */
	{ "M", "I", "a1-b1" },         /* decimal field, int probe */
	{ "M", "M", "a1-b3" },         /* decimal = decimal */
	{ "D", "D", "a1-b1 a3-b3" },   /* date = date */
	{ "T", "T", "a1-b1" },         /* text = text */
	{ "R", "T", "a3-b3" },         /* enum field, text probe */
	{ "T", "R", "a1-b3" },         /* text field, enum probe */
};

/* "a1-b1 a3-b3" as the findings of rule id */
static char *expected(const char *id, const char *matches)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = matches;
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		strbuf_addf(&sb, "%s %.2s: %.*s\n", id, p, (int)n, p);
		p += n + (sp != NULL);
	}
	return strbuf_detach(&sb, NULL);
}

/* the same join written four ways; every one must give the hand result */
static void rules_for(const struct pair *pr, struct strbuf *sb)
{
	const char *y = pr->yf, *x = pr->xf;
	strbuf_addstr(sb, datasets);
	strbuf_addf(sb, "rule IDX { severity info  for x in a  join y in b on y.%s = x.%s\n"
		    "  message \"{x.Id}-{y.Id}\" }\n", y, x);
	strbuf_addf(sb, "rule RES { severity info  for x in a\n"
		    "  join y in b on y.C1 = x.C1 and y.C2 = x.C2 and y.C3 = x.C3 and y.C4 = x.C4\n"
		    "    and y.C5 = x.C5 and y.C6 = x.C6 and y.C7 = x.C7 and y.C8 = x.C8 and x.%s = y.%s\n"
		    "  message \"{x.Id}-{y.Id}\" }\n", x, y);
	strbuf_addf(sb, "rule SUB { severity info  for x in a  join y in b on y.Id = y.Id\n"
		    "  where exists u in b where u.%s = x.%s and u.Id = y.Id\n"
		    "  message \"{x.Id}-{y.Id}\" }\n", y, x);
	strbuf_addf(sb, "rule WHR { severity info  for x in a  join y in b on y.Id = y.Id\n"
		    "  where y.%s = x.%s and y.%s is not null and x.%s is not null\n"
		    "  message \"{x.Id}-{y.Id}\" }\n", y, x, y, x);
}

static void test_key_pairs_never_match_null(void **state)
{
	size_t i;
	int bad = 0;
	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct strbuf rules = STRBUF_INIT, want = STRBUF_INIT;
		static const char *const ids[] = { "IDX", "RES", "SUB", "WHR" };
		char *out1, *out2;
		size_t k;
		rules_for(&pairs[i], &rules);
		for (k = 0; k < 4; k++) {
			char *e = expected(ids[k], pairs[i].expect);
			strbuf_addstr(&want, e);
			free(e);
		}
		out1 = tr_findings(rules.buf, files, 1);
		out2 = tr_findings(rules.buf, files, 2);
		if (strcmp(out1, want.buf) || strcmp(out2, want.buf)) {
			print_error("y.%s = x.%s: expected\n%sgot (1 thread)\n%sgot (2 threads)\n%s", pairs[i].yf,
				    pairs[i].xf, want.buf, out1, out2);
			bad++;
		}
		free(out1);
		free(out2);
		strbuf_release(&rules);
		strbuf_release(&want);
	}
	assert_int_equal(bad, 0);
}

/* null probes: a null literal or a null value finds nothing, also in a
 * left join (which keeps the row unmatched) and a count subquery */
static void test_null_probes(void **state)
{
	struct strbuf rules = STRBUF_INIT;
	char *out;
	(void)state;
	strbuf_addstr(&rules, datasets);
	strbuf_addstr(&rules,
		"rule LIT { severity info  for x in a  join y in b on y.I = null  message \"{x.Id}-{y.Id}\" }\n"
		"rule LEFT { severity info  for x in a  left join y in b on y.I = x.M\n"
		"  message \"{x.Id}-{y.Id}\" }\n"
		"rule CNT { severity info  for x in a\n"
		"  let n = count(u in b where u.M = x.I)  let m = count(u in b where u.D = x.D)\n"
		"  message \"{x.Id} {n} {m}\" }\n");
	out = tr_findings(rules.buf, files, 1);
	assert_string_equal(out,
			    "LEFT a1: a1-(blank)\n"
			    "LEFT a2: a2-(blank)\n"
			    "LEFT a3: a3-b3\n"
			    "CNT a1: a1 1 1\n"
			    "CNT a2: a2 0 0\n"
			    "CNT a3: a3 0 1\n");
	free(out);
	strbuf_release(&rules);
}

/* int = decimal keys use an index now: no scan, no warning */
static void test_int_decimal_key_is_indexed(void **state)
{
	struct program prog;
	struct planset ps;
	struct strpool pool;
	struct diagctx dc;
	struct strbuf rules = STRBUF_INIT;
	const struct rule_plan *rp;
	(void)state;
	strpool_init(&pool);
	strbuf_addstr(&rules, datasets);
	strbuf_addstr(&rules, "rule X { title \"t\" severity info  for x in a  join y in b on y.M = x.I\n"
			      "  join z in b on z.I = y.M and z.I = x.I  message \"m\" }\n");
	assert_int_equal(tu_check(&prog, &ps, &pool, &dc, rules.buf), 0);
	rp = &ps.plans[0];
	assert_int_equal(rp->steps[1].kind, ST_LOOKUP);
	assert_int_equal(rp->steps[1].lk.nconds, 0);
	assert_int_equal(rp->steps[2].kind, ST_LOOKUP);
	/* the second equality on z.I is a residual key equality */
	assert_int_equal(rp->steps[2].lk.nconds, 1);
	assert_int_equal(rp->steps[2].lk.cond_is_key[0], 1);
	assert_int_equal(dc.nwarn, 0);
	tu_check_release(&prog, &ps, &dc);
	strpool_release(&pool);
	strbuf_release(&rules);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_pairs_never_match_null),
		cmocka_unit_test(test_null_probes),
		cmocka_unit_test(test_int_decimal_key_is_indexed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
