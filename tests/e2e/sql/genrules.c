/*
 * genrules.c - random well-formed rules over a small fixed schema, in the
 * style of SQLancer (tests/e2e/sql.sh, make fuzz-sql).
 *
 *   genrules SEED COUNT OUTDIR
 *
 * Writes OUTDIR/fuzz.rules (two datasets: t, keyed, with an enum and a UTC
 * datetime; r, not keyed; then COUNT rules R0001...) and OUTDIR/t.csv,
 * OUTDIR/r.csv (small tables full of nulls, empty texts, sentinels,
 * non-ASCII case, leap days, .5 values).
 * Rules draw from the grammar: scans with filters, joins and left joins
 * with `is null`, exists / not exists, count/sum/min/max (with key
 * equalities and residual conditions on the outer row), text functions,
 * date arithmetic, regexes of the portable subset, comparisons with
 * nulls, in, between, if, coalesce; every value is rendered in the
 * message so engines must agree on values, not only on which rows match.
 * Deterministic for a seed.  Standalone C99: the test compiles it with cc.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int pick(int n) { return (int)(next() % (uint64_t)n); }
static int chance(int percent) { return pick(100) < percent; }

#define N_(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define ANY(a) ((a)[pick(N_(a))])

enum ty { TEXT, INT, DEC, DATE, BOOL, NTYPES };

/* the schema: fields of t (keyed by Id) and r (TId refers to t.Id) */
struct fieldspec {
	const char *name;
	enum ty ty;
};
static const struct fieldspec tf[] = {
	{ "Id", TEXT }, { "S", TEXT }, { "U", TEXT }, { "N", INT }, { "M", INT },
	{ "D", DEC }, { "E", DEC }, { "Day", DATE }, { "Flag", BOOL },
};
static const struct fieldspec rf[] = {
	{ "TId", TEXT }, { "S", TEXT }, { "N", INT }, { "D", DEC }, { "Day", DATE },
};

/* variables in scope: name and dataset (0 t, 1 r), left-joined or not */
struct var {
	char name[16];
	int ds;
	int left;
};
static struct var vars[8];
static int nvars;

static char buf[1 << 16];
static size_t len;

static void put(const char *s)
{
	size_t n = strlen(s);
	if (len + n >= sizeof(buf)) {
		fprintf(stderr, "genrules: rule too long\n");
		exit(2);
	}
	memcpy(buf + len, s, n);
	len += n;
	buf[len] = 0;
}

static void putf(const char *fmt, const char *a, const char *b)
{
	char t[256];
	snprintf(t, sizeof(t), fmt, a, b);
	put(t);
}

static void gen(enum ty ty, int depth);
static void cond(int depth);

/* a field of type ty of some variable in scope; 0 when none has one */
static int field(enum ty ty)
{
	int tries;
	for (tries = 0; tries < 8; tries++) {
		const struct var *v = &vars[pick(nvars)];
		const struct fieldspec *fs = v->ds ? rf : tf;
		int n = v->ds ? N_(rf) : N_(tf), k, start = pick(n);
		for (k = 0; k < n; k++) {
			const struct fieldspec *f = &fs[(start + k) % n];
			if (f->ty == ty) {
				putf("%s.%s", v->name, f->name);
				return 1;
			}
		}
	}
	return 0;
}

static const char *const text_lits[] = {
	"\"a\"", "\"A\"", "\"\"", "\"É\"", "\"é\"", "\"ß\"", "\"ab\"", "\" a \"", "\"x1\"", "\"Alpha\"",
};
static const char *const int_lits[] = { "0", "1", "2", "-1", "3", "10", "-7" };
static const char *const dec_lits[] = { "0.5", "2.5", "-2.5", "0.000001", "1.25", "100", "-0.5", "3.333333" };
static const char *const date_lits[] = {
	"2024-02-29", "2024-03-01", "2023-12-31", "2026-11-25", "2000-01-31", "2025-02-28",
};
static const char *const regexes[] = {
	"/^a/", "/b$/", "/^[a-z]+$/", "/\\d/", "/^\\s|\\s$/", "/a.b/", "/x1|É/", "/^[A-Z][a-z]*$/i", "/(ab)+/",
	"/^$/", "/[^a-z0-9]/", "/\\w{2,}/", "/[.]/", "/é/", "/^.$/",
};

static void aggregate(enum ty ty, int depth);

static void text_expr(int depth)
{
	switch (depth > 2 ? pick(2) : pick(8)) {
	case 0: if (field(TEXT)) return; /* fall through */
	case 1: put(ANY(text_lits)); return;
	case 2: put("lower("); gen(TEXT, depth + 1); put(")"); return;
	case 3: put("upper("); gen(TEXT, depth + 1); put(")"); return;
	case 4: put("trim("); gen(TEXT, depth + 1); put(")"); return;
	case 5: put("coalesce("); gen(TEXT, depth + 1); put(", "); gen(TEXT, depth + 1); put(")"); return;
	case 6: put("if("); cond(depth + 1); put(", "); gen(TEXT, depth + 1); put(", "); gen(TEXT, depth + 1); put(")"); return;
	default: aggregate(TEXT, depth); return;
	}
}

static void int_expr(int depth)
{
	switch (depth > 2 ? pick(2) : pick(11)) {
	case 0: if (field(INT)) return; /* fall through */
	case 1: put(ANY(int_lits)); return;
	case 2: put("("); gen(INT, depth + 1); put(chance(50) ? " + " : " - "); gen(INT, depth + 1); put(")"); return;
	case 3: put("("); gen(INT, depth + 1); put(" * "); put(ANY(int_lits)); put(")"); return;
	case 4: put("len("); gen(TEXT, depth + 1); put(")"); return;
	case 5:
		put(ANY(((const char *const[]){ "year(", "month(", "day(" })));
		if (nvars && !vars[0].ds && chance(30))
			put("x.At");   /* a datetime: its UTC date */
		else
			gen(DATE, depth + 1);
		put(")");
		return;
	case 6: put("("); gen(DATE, depth + 1); put(" - "); gen(DATE, depth + 1); put(")"); return;
	case 7: put("coalesce("); gen(INT, depth + 1); put(", "); gen(INT, depth + 1); put(")"); return;
	case 8: put("(-"); gen(INT, depth + 1); put(")"); return;
	case 9: aggregate(-1, depth); return;   /* count */
	default: aggregate(INT, depth); return;
	}
}

static void dec_expr(int depth)
{
	switch (depth > 2 ? pick(2) : pick(9)) {
	case 0: if (field(DEC)) return; /* fall through */
	case 1: put(ANY(dec_lits)); return;
	case 2: put("("); gen(DEC, depth + 1); put(chance(50) ? " + " : " - "); gen(chance(50) ? DEC : INT, depth + 1); put(")"); return;
	case 3: put("("); gen(DEC, depth + 1); put(" * "); gen(chance(50) ? DEC : INT, depth + 1); put(")"); return;
	case 4: put("("); gen(chance(50) ? DEC : INT, depth + 1); put(" / "); gen(chance(50) ? DEC : INT, depth + 1); put(")"); return;
	case 5: put("coalesce("); gen(DEC, depth + 1); put(", "); gen(chance(50) ? DEC : INT, depth + 1); put(")"); return;
	case 6: put("if("); cond(depth + 1); put(", "); gen(DEC, depth + 1); put(", "); gen(DEC, depth + 1); put(")"); return;
	default: aggregate(DEC, depth); return;
	}
}

static void date_expr(int depth)
{
	switch (depth > 2 ? pick(2) : pick(7)) {
	case 0: if (field(DATE)) return; /* fall through */
	case 1: put(ANY(date_lits)); return;
	case 2: put("today()"); return;
	case 3: put("("); gen(DATE, depth + 1); put(chance(50) ? " + " : " - "); put(ANY(int_lits)); put(")"); return;
	case 4: put("("); gen(DATE, depth + 1); put(" + "); gen(INT, depth + 2); put(")"); return;
	case 5: put("coalesce("); gen(DATE, depth + 1); put(", "); gen(DATE, depth + 1); put(")"); return;
	default: aggregate(DATE, depth); return;
	}
}

static void gen(enum ty ty, int depth)
{
	switch (ty) {
	case TEXT: text_expr(depth); return;
	case INT: int_expr(depth); return;
	case DEC: dec_expr(depth); return;
	case DATE: date_expr(depth); return;
	default: cond(depth); return;
	}
}

/* a fresh variable over r (or t) for a subquery, popped by the caller */
static const char *push_var(int ds)
{
	struct var *v = &vars[nvars++];
	snprintf(v->name, sizeof(v->name), "q%d", nvars);
	v->ds = ds;
	v->left = 0;
	return v->name;
}

/* the subquery's where: mostly a key equality with an outer row, maybe
 * more conditions (on either row), else conditions alone */
static void sub_where(const char *z, int ds, int depth)
{
	const struct var *o = &vars[pick(nvars - 1)];
	const char *zf = ds ? "TId" : "Id", *of = o->ds ? "TId" : "Id";
	if (!ds && !o->ds)
		zf = "S", of = "U";
	put(" where ");
	if (chance(80)) {
		putf("%s.%s", z, zf);
		putf(" = %s.%s", o->name, of);
		if (chance(50)) {
			put(" and ");
			cond(depth + 1);
		}
	} else {
		cond(depth + 1);
	}
}

/* count (ty -1), sum/min/max of ty, or exists (BOOL) over r or t */
static void aggregate(enum ty ty, int depth)
{
	int ds = chance(75), saved = nvars;
	const char *z;
	if (depth > 1 || nvars >= 6) {
		gen(ty == (enum ty) - 1 ? INT : ty, 3);
		return;
	}
	z = push_var(ds);
	if (ty == (enum ty) - 1 || (ty == INT && chance(30))) {
		putf("count(%s in %s", z, ds ? "r" : "t");
	} else if (ty == BOOL) {
		putf("(%sexists %s in ", chance(50) ? "not " : "", z);   /* ( ): its where ends there */
		put(ds ? "r" : "t");
	} else {
		const char *agg = ty == TEXT || ty == DATE ? (chance(50) ? "min" : "max")
						   : ANY(((const char *const[]){ "sum", "min", "max" }));
		putf("%s(", agg, NULL);
		if (chance(80)) { /* the value reads the inner row alone */
			struct var all[8];
			int n = nvars;
			memcpy(all, vars, sizeof(vars));
			vars[0] = all[n - 1];
			nvars = 1;
			gen(ty, 3);
			memcpy(vars, all, sizeof(vars));
			nvars = n;
		} else {
			gen(ty, 3);
		}
		putf(" for %s in %s", z, ds ? "r" : "t");
	}
	sub_where(z, ds, depth + 1);
	put(")");
	nvars = saved;
}

static void cond(int depth)
{
	static const char *const ops[] = { " = ", " != ", " < ", " <= ", " > ", " >= " };
	enum ty t = (enum ty)pick(4);
	switch (depth > 2 ? pick(3) : pick(14)) {
	case 0: case 1: case 2:
		put("(");
		gen(t, depth + 1);
		put(ANY(ops));
		gen(t == INT && chance(30) ? DEC : t, depth + 1);
		put(")");
		return;
	case 3: put("("); gen(t, depth + 1); put(chance(50) ? " is null)" : " is not null)"); return;
	case 4: put("("); cond(depth + 1); put(chance(50) ? " and " : " or "); cond(depth + 1); put(")"); return;
	case 5: put("(not "); cond(depth + 1); put(")"); return;
	case 6: put("("); gen(TEXT, depth + 1); put(" matches "); put(ANY(regexes)); put(")"); return;
	case 7:
		put(ANY(((const char *const[]){ "starts_with(", "ends_with(", "contains(" })));
		gen(TEXT, depth + 1);
		put(", ");
		gen(TEXT, depth + 1);
		put(")");
		return;
	case 8:
		put("(");
		gen(t, depth + 1);
		put(chance(50) ? " in (" : " not in (");
		gen(t, 3);
		put(", ");
		gen(t, 3);
		put("))");
		return;
	case 9:
		put("(");
		gen(t, depth + 1);
		put(chance(50) ? " between " : " not between ");
		gen(t, 3);
		put(" and ");
		gen(t, 3);
		put(")");
		return;
	case 10:
		if (chance(40)) { /* the enum, folded on load */
			put(ANY(((const char *const[]){ "(x.K = \"Alpha\")", "(x.K != \"Beta\")", "(x.K in (\"Beta\"))",
							"(x.K is null)", "(x.K not in (\"Alpha\", \"Beta\"))" })));
			return;
		}
		if (chance(30)) {
			put(ANY(((const char *const[]){ "(x.At is null)", "(x.At is not null)" })));
			return;
		}
		if (field(BOOL))
			return;
		put("true");
		return;
	case 11: {
		int k;
		for (k = 0; k < nvars; k++)
			if (vars[k].left) {
				putf("(%s is %snull)", vars[k].name, chance(50) ? "" : "not ");
				return;
			}
		put("false");
		return;
	}
	default: aggregate(BOOL, depth); return;
	}
}

static void rule(FILE *f, int i)
{
	int k, nmsg = 1 + pick(3), has_v;
	nvars = 0;
	len = 0;
	buf[0] = 0;
	fprintf(f, "rule R%04d {\n  title \"random\"\n  severity info\n  for x in t\n", i);
	strcpy(vars[nvars].name, "x");
	vars[nvars].ds = 0;
	vars[nvars++].left = 0;
	if (chance(50)) {
		int left = chance(50), ds = chance(70);
		fprintf(f, "  %sjoin y in %s on ", left ? "left " : "", ds ? "r" : "t");
		strcpy(vars[nvars].name, "y");
		vars[nvars].ds = ds;
		vars[nvars++].left = left;
		put(ds ? "y.TId = x.Id" : "y.S = x.U");
		if (chance(40)) {
			put(" and ");
			cond(2);
		}
		fprintf(f, "%s\n", buf);
		len = 0;
	}
	if ((has_v = chance(40))) {
		enum ty t = (enum ty)pick(4);
		put("  let v = ");
		gen(t, 0);
		fprintf(f, "%s\n", buf);
		len = 0;
	}
	if (chance(85)) {
		put("  where ");
		cond(0);
		fprintf(f, "%s\n", buf);
		len = 0;
	}
	/* the values shown: lets, so that texts may be literals */
	for (k = 0; k < nmsg; k++) {
		char name[16];
		snprintf(name, sizeof(name), "  let m%d = ", k + 1);
		put(name);
		gen((enum ty)pick(NTYPES), 1);
		fprintf(f, "%s\n", buf);
		len = 0;
	}
	fprintf(f, "  message \"{x.Id}%s%s", has_v ? " v={v}" : "", chance(20) ? " {x.At} {x.K}" : "");
	for (k = 0; k < nmsg; k++)
		fprintf(f, " {m%d}", k + 1);
	fprintf(f, "\"\n}\n\n");
}

static FILE *create(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "wb"))) {
		fprintf(stderr, "genrules: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return f;
}

static const char *const t_rows[] = {
	"a1,abc,Alpha,1,2,2.5,1.25,2024-02-29,true,Alpha,2024-02-29T23:59:59.5Z",
	"a2,É,é,0,-1,-2.5,0.5,2024-03-01,false,beta,1969-12-31T23:59:59.999999Z",
	"a3,,\"\",,3,0.000001,,2023-12-31,,,",
	"a4,ß,SS,-1,0,100,-0.5,,true,ALPHA,2026-11-25T00:00:00+02:00",
	"a5,\" a \",a,10,10,3.333333,2.5,2026-11-25,false,Beta,2000-01-31T12:00:00Z",
	"a6,\"x1\r\n\",X1,2,,0.5,0.5,2000-01-31,true,Alpha,2024-03-01T00:00:00Z",
	"a7,ab,ab,3,3,-0.5,1.25,2025-02-28,,,",
	"a8,Alpha,alpha,,,,,,,beta,2025-12-31T23:59:59Z",
	"É,a.b,a\tb,7,-7,1.5,-1.5,2024-02-28,false,Alpha,2026-11-24T10:00:00.1234567Z",
	"a9,b,É,1,1,2.5,2.5,2026-11-24,true,Gamma,2023-12-31T00:00:00Z",
};
static const char *const r_rows[] = {
	"a1,abc,1,2.5,2024-02-29", "a1,ab,2,-0.5,2024-03-01", "a1,,,,",
	"a2,é,0,0.5,2023-12-31", "a2,É,-1,1.25,2026-11-25", "a3,\"\",3,,2024-02-29",
	",a,5,5,2025-02-28", "a5,\" a \",10,3.333333,", "a7,x1,3,-2.5,2000-01-31",
	"zz,abc,1,1,2024-01-01", "É,ß,7,0.000001,2024-02-28", "a9,b,1,2.5,2026-11-25", "a9,b,1,2.5,2026-11-25",
};

int main(int argc, char **argv)
{
	FILE *f;
	int count, i;
	if (argc != 4) {
		fprintf(stderr, "usage: genrules SEED COUNT OUTDIR\n");
		return 2;
	}
	rng = strtoull(argv[1], NULL, 10) * 0x9E3779B97F4A7C15ull + 0x1234567;
	count = atoi(argv[2]);
	f = create(argv[3], "fuzz.rules");
	fprintf(f, "# genrules %s %s\n\n", argv[1], argv[2]);
	fputs("dataset t \"T\" {\n  from csv \"t.csv\"\n  key Id\n  Id text required\n  S text\n  U text\n"
	      "  N int\n  M int\n  D decimal\n  E decimal(2)\n  Day date\n  Flag bool\n"
	      "  K enum(\"Alpha\", \"Beta\")\n  At datetime zone utc\n}\n\n"
	      "dataset r \"R\" {\n  from csv \"r.csv\"\n  TId text\n  S text\n  N int\n  D decimal\n  Day date\n}\n\n",
	      f);
	for (i = 1; i <= count; i++)
		rule(f, i);
	if (fclose(f))
		return 2;
	f = create(argv[3], "t.csv");
	fputs("Id,S,U,N,M,D,E,Day,Flag,K,At\n", f);
	for (i = 0; i < N_(t_rows); i++)
		fprintf(f, "%s\n", t_rows[i]);
	fclose(f);
	f = create(argv[3], "r.csv");
	fputs("TId,S,N,D,Day\n", f);
	for (i = 0; i < N_(r_rows); i++)
		fprintf(f, "%s\n", r_rows[i]);
	return fclose(f) ? 2 : 0;
}
