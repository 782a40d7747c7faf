/*
 * test_parse.c - the rule-file parser and the dataset schema checks.
 *
 * AST shapes are compared as S-expressions (dump_expr) so precedence and
 * grouping read at a glance; every syntax and schema error is compared as
 * the full rendered diagnostic: position, message, source line and caret.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "util/alloc.h"
#include "util/arena.h"
#include "lang/value.h"

/* ---- fixture -------------------------------------------------------- */

struct fx {
	struct program prog;
	struct strpool pool;
	struct diagctx dc;
	int rc;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -1;
	strpool_init(&fx->pool);
	program_init(&fx->prog);
	diag_init(&fx->dc);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	schema_release(&fx->prog);
	program_release(&fx->prog);
	diag_release(&fx->dc);
	strpool_release(&fx->pool);
	free(fx);
	return 0;
}

/* drop the previous program and diagnostics */
static void reset(struct fx *fx)
{
	schema_release(&fx->prog);
	program_release(&fx->prog);
	diag_release(&fx->dc);
	program_init(&fx->prog);
}

/* parse text that must be clean (parse and schema check) */
static struct program *parse_ok(void **state, const char *text)
{
	struct fx *fx = *state;
	reset(fx);
	fx->rc = tu_parse(&fx->prog, &fx->pool, &fx->dc, text, 0);
	assert_int_equal(fx->rc, 0);
	return &fx->prog;
}

/* parse text with errors; compare every diagnostic, rendered */
static struct program *parse_err(void **state, const char *text, const char *want)
{
	struct fx *fx = *state;
	char *got;
	reset(fx);
	fx->rc = tu_parse(&fx->prog, &fx->pool, &fx->dc, text, 1);
	got = tu_diags(&fx->dc);
	assert_string_equal(got, want);
	free(got);
	assert_int_equal(fx->rc, -1);
	return &fx->prog;
}

/* ---- S-expression dump ---------------------------------------------- */

static const char *op_name(int op)
{
	static const char *const names[] = {
		"?", "or", "and", "not", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "neg"
	};
	return op > 0 && op <= OP_NEG ? names[op] : "?";
}

static void dump_expr(const struct expr *e, struct strbuf *sb)
{
	size_t i;
	if (!e) {
		strbuf_addstr(sb, "-");
		return;
	}
	switch (e->kind) {
	case E_LIT:
		if (e->u.lit.v.null) {
			strbuf_addstr(sb, "null");
			break;
		}
		switch (e->u.lit.v.type) {
		case VT_TEXT: strbuf_addf(sb, "\"%s\"", e->u.lit.text); break;
		case VT_INT: value_format_int(sb, e->u.lit.v.u.i); break;
		case VT_DECIMAL: strbuf_addstr(sb, "dec:"); value_format_decimal(sb, e->u.lit.v.u.i); break;
		case VT_DATE: value_format_date(sb, e->u.lit.v.u.i); break;
		case VT_BOOL: strbuf_addstr(sb, e->u.lit.v.u.i ? "true" : "false"); break;
		default: strbuf_addstr(sb, "?lit"); break;
		}
		break;
	case E_FIELD: strbuf_addf(sb, "%s.%s", e->u.field.var, e->u.field.name); break;
	case E_PARAM: strbuf_addf(sb, "$%s", e->u.param.name); break;
	case E_NAME: strbuf_addstr(sb, e->u.name.name); break;
	case E_CALL:
		strbuf_addf(sb, "%s(", e->u.call.name);
		for (i = 0; i < e->u.call.nargs; i++) {
			if (i)
				strbuf_addstr(sb, ", ");
			dump_expr(e->u.call.args[i], sb);
		}
		strbuf_addstr(sb, ")");
		break;
	case E_UNARY:
		strbuf_addf(sb, "(%s ", op_name(e->op));
		dump_expr(e->u.un.e, sb);
		strbuf_addstr(sb, ")");
		break;
	case E_BINARY:
		strbuf_addf(sb, "(%s ", op_name(e->op));
		dump_expr(e->u.bin.l, sb);
		strbuf_addstr(sb, " ");
		dump_expr(e->u.bin.r, sb);
		strbuf_addstr(sb, ")");
		break;
	case E_IN:
		strbuf_addstr(sb, e->neg ? "(not-in " : "(in ");
		dump_expr(e->u.in.e, sb);
		for (i = 0; i < e->u.in.n; i++) {
			strbuf_addstr(sb, " ");
			dump_expr(e->u.in.list[i], sb);
		}
		strbuf_addstr(sb, ")");
		break;
	case E_BETWEEN:
		strbuf_addstr(sb, e->neg ? "(not-between " : "(between ");
		dump_expr(e->u.between.e, sb);
		strbuf_addstr(sb, " ");
		dump_expr(e->u.between.lo, sb);
		strbuf_addstr(sb, " ");
		dump_expr(e->u.between.hi, sb);
		strbuf_addstr(sb, ")");
		break;
	case E_ISNULL:
		strbuf_addstr(sb, e->neg ? "(is-not-null " : "(is-null ");
		dump_expr(e->u.un.e, sb);
		strbuf_addstr(sb, ")");
		break;
	case E_MATCH:
		strbuf_addstr(sb, "(matches ");
		dump_expr(e->u.match.e, sb);
		strbuf_addf(sb, " /%s/%s)", e->u.match.re->src, e->u.match.re->flags);
		break;
	case E_SUBQ: {
		static const char *const aggs[] = { "?", "exists", "count", "sum", "min", "max" };
		strbuf_addf(sb, "(%s%s ", e->neg ? "not-" : "", aggs[e->op]);
		if (e->u.sub.val) {
			dump_expr(e->u.sub.val, sb);
			strbuf_addstr(sb, " for ");
		}
		strbuf_addf(sb, "%s in %s where ", e->u.sub.var, e->u.sub.ds_name);
		dump_expr(e->u.sub.where, sb);
		strbuf_addstr(sb, ")");
		break;
	}
	}
}

static void expect_expr(const struct expr *e, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	dump_expr(e, &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

/* parse one expression (parse_expr_string) and compare its dump */
static const struct expr *expr_ok(void **state, const char *text, const char *want)
{
	struct fx *fx = *state;
	const struct expr *e = parse_expr_string(&fx->prog, text, &fx->dc);
	if (fx->dc.n) {
		char *d = tu_diags(&fx->dc);
		fail_msg("unexpected diagnostics for %s:\n%s", text, d);
	}
	assert_non_null(e);
	expect_expr(e, want);
	return e;
}

static void expr_err(void **state, const char *text, const char *want)
{
	struct fx *fx = *state;
	char *got;
	diag_release(&fx->dc);
	assert_null(parse_expr_string(&fx->prog, text, &fx->dc));
	got = tu_diags(&fx->dc);
	assert_string_equal(got, want);
	free(got);
	diag_release(&fx->dc);
}

static void dump_rule(const struct rule *r, struct strbuf *sb)
{
	static const char *const kinds[] = { "for", "join", "left join", "where", "let" };
	size_t i;
	for (i = 0; i < r->nclauses; i++) {
		const struct clause *c = &r->clauses[i];
		strbuf_addstr(sb, kinds[c->kind]);
		if (c->kind == CL_FOR || c->kind == CL_JOIN || c->kind == CL_LEFT_JOIN)
			strbuf_addf(sb, " %s in %s", c->var, c->ds_name);
		if (c->kind == CL_JOIN || c->kind == CL_LEFT_JOIN)
			strbuf_addstr(sb, " on");
		if (c->kind == CL_LET)
			strbuf_addf(sb, " %s =", c->var);
		if (c->e) {
			strbuf_addstr(sb, " ");
			dump_expr(c->e, sb);
		}
		strbuf_addstr(sb, "\n");
	}
}

static void expect_rule(const struct rule *r, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	dump_rule(r, &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

/* message template as "text|{expr}|text" */
static void expect_tmpl(const struct tmpl *t, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	assert_non_null(t);
	for (i = 0; i < t->nparts; i++) {
		if (i)
			strbuf_addstr(&sb, "|");
		if (t->parts[i].e) {
			strbuf_addstr(&sb, "{");
			dump_expr(t->parts[i].e, &sb);
			strbuf_addstr(&sb, "}");
		} else {
			assert_int_equal(strlen(t->parts[i].text), t->parts[i].len);
			strbuf_addstr(&sb, t->parts[i].text);
		}
	}
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void expect_pos(struct srcpos p, unsigned line, unsigned col, unsigned len)
{
	assert_int_equal(p.line, line);
	assert_int_equal(p.col, col);
	assert_int_equal(p.len, len);
}

/* ==== dataset declarations (issue 2) ================================== */

static const char issue2_datasets[] =
	"# comments start with '#'\n"
	"dataset partners \"Partner enrollment registry\" {\n"
	"  from csv \"partners.csv\"                # path relative to the data directory (-d)\n"
	"  key PartnerId                          # one or more fields: key A, B\n"
	"  PartnerId          text   required  matches /^[0-9]{4,10}$/\n"
	"  PartnerName        text   required\n"
	"  CspRole            enum(\"DirectBill\", \"IndirectProvider\", \"IndirectReseller\", \"None\")\n"
	"  IsAgreementSigned  bool\n"
	"  CspEnrolledOn      date\n"
	"  CspLeftOn          date\n"
	"}\n"
	"\n"
	"dataset sales \"Invoice reconciliation lines\" {\n"
	"  from csv \"sales.csv\"\n"
	"  key InvoiceNumber, LineItemId\n"
	"  InvoiceNumber  text\n"
	"  LineItemId     int\n"
	"  ResellerMpnId  text  at \"ResellerMpnId\", \"Tier2MpnId\"   # first column name found wins\n"
	"  Subtotal       decimal default 0.00\n"
	"  Quantity       int default -1\n"
	"  BilledAt       datetime\n"
	"  MpnId          text null_if \"-1\", \"N/A\" required\n"
	"}\n"
	"\n"
	"dataset relationships \"Indirect provider to reseller relationships\" {\n"
	"  from xml \"relationships.xml\" record \"PartnerRelationships/PartnerRelationship\"\n"
	"  ProviderId   text  at \"@providerId\"       # attribute of the record element\n"
	"  MpnId        text                          # child element <MpnId>, by default the field's own name\n"
	"  Country      text  at \"Location/Country\"  # nested child element\n"
	"  AuthorizedAt date\n"
	"}\n";

static void test_issue2_datasets(void **state)
{
	struct program *prog = parse_ok(state, issue2_datasets);
	const struct dataset *ds;
	const struct field *f;
	assert_int_equal(prog->ndatasets, 3);
	assert_int_equal(prog->nrules, 0);

	ds = prog->datasets[0];
	assert_string_equal(ds->name, "partners");
	assert_string_equal(ds->title, "Partner enrollment registry");
	expect_pos(ds->pos, 2, 9, 8);
	assert_string_equal(ds->sources[0].format, "csv");
	expect_pos(ds->sources[0].format_pos, 3, 8, 3);
	assert_string_equal(ds->sources[0].path, "partners.csv");
	expect_pos(ds->sources[0].path_pos, 3, 12, 14);
	assert_null(ds->sources[0].record);
	assert_int_equal(ds->nkey, 1);
	assert_string_equal(ds->key_names[0], "PartnerId");
	assert_int_equal(ds->key[0], 0); /* schema_check resolved it */
	assert_int_equal(ds->nfields, 6);
	f = &ds->fields[0];
	assert_string_equal(f->name, "PartnerId");
	assert_int_equal(f->type, VT_TEXT);
	assert_true(f->required);
	assert_non_null(f->re);
	assert_string_equal(f->re->src, "^[0-9]{4,10}$");
	assert_string_equal(f->re->flags, "");
	expect_pos(f->re->pos, 5, 47, 15);
	assert_non_null(f->re->code);
	/* no `at`: the field's own name */
	assert_int_equal(f->nat, 1);
	assert_string_equal(f->at[0], "PartnerId");
	f = &ds->fields[2];
	assert_int_equal(f->type, VT_ENUM);
	assert_int_equal(f->nenum, 4);
	assert_string_equal(f->enum_vals[0], "DirectBill");
	assert_string_equal(f->enum_vals[3], "None");
	assert_false(f->required);
	assert_int_equal(ds->fields[3].type, VT_BOOL);
	assert_int_equal(ds->fields[4].type, VT_DATE);
	assert_int_equal(ds->fields[5].index, 5);

	ds = prog->datasets[1];
	assert_string_equal(ds->name, "sales");
	assert_int_equal(ds->nkey, 2);
	assert_string_equal(ds->key_names[1], "LineItemId");
	assert_int_equal(ds->key[1], 1);
	expect_pos(ds->key_pos[1], 15, 22, 10);
	f = &ds->fields[2];
	assert_int_equal(f->nat, 2);
	assert_string_equal(f->at[0], "ResellerMpnId");
	assert_string_equal(f->at[1], "Tier2MpnId");
	f = &ds->fields[3];
	assert_int_equal(f->type, VT_DECIMAL);
	assert_string_equal(f->default_src, "0.00");
	assert_false(f->default_val.null);
	assert_int_equal(f->default_val.u.i, 0);
	f = &ds->fields[4];
	assert_string_equal(f->default_src, "-1");
	assert_int_equal(f->default_val.u.i, -1);
	assert_int_equal(ds->fields[5].type, VT_DATETIME);
	f = &ds->fields[6];
	assert_int_equal(f->nnull_if, 2);
	assert_string_equal(f->null_if[0], "-1");
	assert_string_equal(f->null_if[1], "N/A");
	assert_true(f->required);

	ds = prog->datasets[2];
	assert_string_equal(ds->sources[0].format, "xml");
	assert_string_equal(ds->sources[0].record, "PartnerRelationships/PartnerRelationship");
	assert_int_equal(ds->nkey, 0);
	assert_string_equal(ds->fields[0].at[0], "@providerId");
	assert_string_equal(ds->fields[1].at[0], "MpnId");
	assert_string_equal(ds->fields[2].at[0], "Location/Country");
	assert_int_equal(ds->index, 2);
}

static void test_field_options(void **state)
{
	struct program *prog = parse_ok(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  A text required matches /a\\/b/i null_if \"-\", \"n/a\", \"\" default \"x\" at \"a\", \"A col\"\n"
		"  B enum(\"Active\", \"Removed\") default \"active\"\n"
		"  C bool default true\n"
		"  D date default 2026-01-31 required\n"
		"  E datetime default \"2026-01-31T10:00:00+01:00\"\n"
		"  F int default 42\n"
		"  G decimal default -0.5\n"
		"  H bool default \"No\"\n"
		"}\n");
	const struct dataset *ds = prog->datasets[0];
	const struct field *f = &ds->fields[0];
	assert_true(f->required);
	assert_string_equal(f->re->src, "a\\/b");
	assert_string_equal(f->re->flags, "i");
	assert_int_equal(f->nnull_if, 3);
	assert_string_equal(f->null_if[2], "");
	assert_string_equal(f->default_src, "x");
	assert_int_equal(f->nat, 2);
	assert_string_equal(f->at[1], "A col");
	expect_pos(f->default_pos, 3, 66, 3);
	/* an enum default matches ignoring case and takes the declared spelling */
	f = &ds->fields[1];
	assert_int_equal(f->default_val.u.s, f->enum_ids[0]);
	assert_string_equal(strpool_str(&((struct fx *)*state)->pool, f->default_val.u.s), "Active");
	assert_int_equal(ds->fields[2].default_val.u.i, 1);
	assert_true(ds->fields[3].default_val.u.i == value_days_from_civil(2026, 1, 31));
	assert_true(ds->fields[3].required);
	assert_true(ds->fields[4].default_val.u.i ==
		    value_days_from_civil(2026, 1, 31) * 86400000000LL + 9 * 3600000000LL);
	assert_int_equal(ds->fields[5].default_val.u.i, 42);
	assert_int_equal(ds->fields[6].default_val.u.i, -500000);
	assert_int_equal(ds->fields[7].default_val.u.i, 0);
}

static void test_keywords_as_field_names(void **state)
{
	/* names are not reserved inside a dataset, except `from` and `key` */
	struct program *prog = parse_ok(state,
		"dataset d { from csv \"d.csv\" source text title text where int rule text }\n");
	assert_int_equal(prog->datasets[0]->nfields, 4);
	assert_string_equal(prog->datasets[0]->fields[3].name, "rule");
}

/* ==== rules (issue 3) ================================================= */

static const char issue3_datasets[] =
	"dataset sales { from csv \"sales.csv\" OrderId text  MpnId text  ResellerMpnId text\n"
	"  ProductId text  CustomerId text  OrderDate date  Subtotal decimal }\n"
	"dataset products { from csv \"products.csv\" ProductId text  Title text  ProductType text }\n"
	"dataset tenants { from csv \"tenants.csv\" TenantId text  TenantUse text  PartnerId text }\n"
	"dataset partners { from csv \"partners.csv\" PartnerId text  PartnerName text\n"
	"  CspRole enum(\"DirectBill\", \"IndirectProvider\", \"IndirectReseller\", \"None\")\n"
	"  CspEnrolledOn date  CspLeftOn date }\n"
	"dataset relationships { from xml \"rel.xml\" record \"R/Rel\" ProviderId text  MpnId text\n"
	"  RelationshipType text  State text  AuthorizedAt date  RemovedAt date }\n"
	"dataset customers { from csv \"customers.csv\" CustomerId text  CompanyName text }\n"
	"dataset customer_partners { from csv \"cp.csv\" CustomerId text  EstablishedAt date  EndedAt date }\n";

static const char issue3_rules[] =
	"param as_of date = today            # overridable: --as-of 2026-11-25 or --param as_of=...\n"
	"\n"
	"define in_csp(p, day) =\n"
	"  p.CspRole != \"None\" and p.CspEnrolledOn <= day\n"
	"  and (p.CspLeftOn is null or day < p.CspLeftOn)\n"
	"\n"
	"define online_service(prod) = prod.ProductType in (\"Azure\", \"OnlineServices\", \"OnlineServicesNCE\")\n"
	"\n"
	"rule CSP-RESALE-001 {\n"
	"  title    \"Online services resold into another CSP partner's transaction tenant\"\n"
	"  severity error                    # error | warning | info\n"
	"  policy   \"A partner in the CSP program cannot resell online services to another partner currently in the CSP program. The restriction applies only to the tenant used for CSP transactions.\"\n"
	"  source   \"Partner Center: Different ways you can work with other partners (2020-11-29)\"\n"
	"\n"
	"  for sale in sales\n"
	"  join prod   in products on prod.ProductId = sale.ProductId\n"
	"  join tenant in tenants  on tenant.TenantId = sale.CustomerId\n"
	"  where tenant.TenantUse = \"CSP\" and online_service(prod)\n"
	"  join buyer  in partners on buyer.PartnerId = tenant.PartnerId\n"
	"  where buyer.PartnerId != sale.MpnId and buyer.PartnerId != sale.ResellerMpnId\n"
	"    and in_csp(buyer, sale.OrderDate)\n"
	"\n"
	"  message \"Order {sale.OrderId}: {sale.MpnId} resold {prod.Title} to {buyer.PartnerName} ({buyer.PartnerId}) in its CSP tenant {tenant.TenantId}\"\n"
	"}\n"
	"\n"
	"rule CSP-INDIRECT-002 {\n"
	"  title \"Reseller not authorized with the indirect provider on the order date\"\n"
	"  severity error\n"
	"  for sale in sales\n"
	"  where sale.ResellerMpnId is not null\n"
	"    and not exists rel in relationships where\n"
	"          rel.ProviderId = sale.MpnId and rel.MpnId = sale.ResellerMpnId\n"
	"          and rel.RelationshipType = \"IsIndirectResellerOf\"\n"
	"          and lower(rel.State) = \"active\" and rel.AuthorizedAt <= sale.OrderDate\n"
	"          and (rel.RemovedAt is null or sale.OrderDate < rel.RemovedAt)\n"
	"  message \"...\"\n"
	"}\n"
	"\n"
	"rule CSP-MULTI-001 {\n"
	"  title \"Customer works with several partners\"\n"
	"  severity info\n"
	"  for c in customers\n"
	"  let n = count(cp in customer_partners where cp.CustomerId = c.CustomerId\n"
	"                and cp.EstablishedAt <= $as_of and (cp.EndedAt is null or $as_of < cp.EndedAt))\n"
	"  where n > 1\n"
	"  message \"{c.CompanyName} works with {n} partners\"\n"
	"}\n";

static void test_issue3_rules(void **state)
{
	struct strbuf text = STRBUF_INIT;
	struct program *prog;
	const struct rule *r;
	strbuf_addstr(&text, issue3_datasets);
	strbuf_addstr(&text, issue3_rules);
	prog = parse_ok(state, text.buf);
	strbuf_release(&text);
	assert_int_equal(prog->ndatasets, 7);
	assert_int_equal(prog->nrules, 3);

	/* param */
	assert_int_equal(prog->nparams, 1);
	assert_string_equal(prog->params[0]->name, "as_of");
	assert_int_equal(prog->params[0]->type, VT_DATE);
	expect_expr(prog->params[0]->dflt, "today()");
	expect_pos(prog->params[0]->pos, 12, 7, 5);

	/* defines */
	assert_int_equal(prog->ndefines, 2);
	assert_string_equal(prog->defines[0]->name, "in_csp");
	assert_int_equal(prog->defines[0]->nargs, 2);
	assert_string_equal(prog->defines[0]->args[0], "p");
	assert_string_equal(prog->defines[0]->args[1], "day");
	expect_pos(prog->defines[0]->arg_pos[1], 14, 18, 3);
	expect_expr(prog->defines[0]->body,
		    "(and (and (!= p.CspRole \"None\") (<= p.CspEnrolledOn day)) "
		    "(or (is-null p.CspLeftOn) (< day p.CspLeftOn)))");
	expect_expr(prog->defines[1]->body,
		    "(in prod.ProductType \"Azure\" \"OnlineServices\" \"OnlineServicesNCE\")");

	/* CSP-RESALE-001 */
	r = prog->rules[0];
	assert_string_equal(r->id, "CSP-RESALE-001");
	expect_pos(r->pos, 20, 6, 14);
	assert_string_equal(r->title, "Online services resold into another CSP partner's transaction tenant");
	assert_true(r->has_severity);
	assert_int_equal(r->severity, SEV_ERROR);
	assert_true(strncmp(r->policy, "A partner in the CSP program", 28) == 0);
	assert_string_equal(r->source, "Partner Center: Different ways you can work with other partners (2020-11-29)");
	assert_int_equal(r->ntags, 0);
	expect_rule(r,
		"for sale in sales\n"
		"join prod in products on (= prod.ProductId sale.ProductId)\n"
		"join tenant in tenants on (= tenant.TenantId sale.CustomerId)\n"
		"where (and (= tenant.TenantUse \"CSP\") online_service(prod))\n"
		"join buyer in partners on (= buyer.PartnerId tenant.PartnerId)\n"
		"where (and (and (!= buyer.PartnerId sale.MpnId) (!= buyer.PartnerId sale.ResellerMpnId)) "
		"in_csp(buyer, sale.OrderDate))\n");
	expect_pos(r->clauses[1].var_pos, 27, 8, 4);
	expect_pos(r->clauses[1].ds_pos, 27, 18, 8);
	expect_tmpl(r->message,
		"Order |{sale.OrderId}|: |{sale.MpnId}| resold |{prod.Title}| to |{buyer.PartnerName}| (|"
		"{buyer.PartnerId}|) in its CSP tenant |{tenant.TenantId}");
	/* the rule text, from `rule` to its `}` */
	assert_true(strncmp(r->text, "rule CSP-RESALE-001 {", 21) == 0);
	assert_int_equal(r->text[r->text_len - 1], '}');
	assert_int_equal(r->index, 0);

	/* CSP-INDIRECT-002: `not exists ... where` takes the rest of the condition */
	r = prog->rules[1];
	assert_string_equal(r->id, "CSP-INDIRECT-002");
	expect_rule(r,
		"for sale in sales\n"
		"where (and (is-not-null sale.ResellerMpnId) (not-exists rel in relationships where "
		"(and (and (and (and (and (= rel.ProviderId sale.MpnId) (= rel.MpnId sale.ResellerMpnId)) "
		"(= rel.RelationshipType \"IsIndirectResellerOf\")) (= lower(rel.State) \"active\")) "
		"(<= rel.AuthorizedAt sale.OrderDate)) "
		"(or (is-null rel.RemovedAt) (< sale.OrderDate rel.RemovedAt)))))\n");
	expect_tmpl(r->message, "...");

	/* CSP-MULTI-001 */
	r = prog->rules[2];
	assert_int_equal(r->severity, SEV_INFO);
	expect_rule(r,
		"for c in customers\n"
		"let n = (count cp in customer_partners where (and (and (= cp.CustomerId c.CustomerId) "
		"(<= cp.EstablishedAt $as_of)) (or (is-null cp.EndedAt) (< $as_of cp.EndedAt))))\n"
		"where (> n 1)\n");
	assert_int_equal(r->clauses[1].kind, CL_LET);
	assert_string_equal(r->clauses[1].var, "n");
	expect_tmpl(r->message, "{c.CompanyName}| works with |{n}| partners");
}

static void test_rule_clauses(void **state)
{
	struct program *prog = parse_ok(state,
		"dataset a { from csv \"a.csv\" K text V int }\n"
		"rule R1 {\n"
		"  tag \"csp\"\n"
		"  tag \"billing\" \" and more\"\n"
		"  severity warning\n"
		"  for x in a\n"
		"  left join y in a on y.K = x.K and y.V > 0\n"
		"  let total = x.V + coalesce(y.V, 0)\n"
		"  where total >= 10\n"
		"  message \"{x.K}\" \" has \" \"{total}\"\n"
		"}\n"
		"rule lower_case_id_2 { severity info for x in a message \"m\" }\n");
	const struct rule *r = prog->rules[0];
	assert_int_equal(r->ntags, 2);
	assert_string_equal(r->tags[0], "csp");
	/* adjacent string literals are one string */
	assert_string_equal(r->tags[1], "billing and more");
	assert_int_equal(r->severity, SEV_WARNING);
	assert_null(r->title);
	expect_rule(r,
		"for x in a\n"
		"left join y in a on (and (= y.K x.K) (> y.V 0))\n"
		"let total = (+ x.V coalesce(y.V, 0))\n"
		"where (>= total 10)\n");
	assert_int_equal(r->clauses[1].kind, CL_LEFT_JOIN);
	expect_pos(r->clauses[1].pos, 7, 3, 4);
	/* a message may be several literals; each has its own {expressions} */
	expect_tmpl(r->message, "{x.K}| has |{total}");
	assert_string_equal(r->message->src, "{x.K} has {total}");
	assert_string_equal(prog->rules[1]->id, "lower_case_id_2");
}

static void test_rule_ids(void **state)
{
	struct program *prog = parse_ok(state,
		"rule CSP-RESALE-001 { }\n"
		"rule SEC-2FA-01_b { }\n"
		"rule X { }\n");
	assert_string_equal(prog->rules[0]->id, "CSP-RESALE-001");
	expect_pos(prog->rules[0]->pos, 1, 6, 14);
	/* parts after a dash may start with a digit */
	assert_string_equal(prog->rules[1]->id, "SEC-2FA-01_b");
	expect_pos(prog->rules[1]->pos, 2, 6, 12);
	assert_string_equal(prog->rules[2]->id, "X");
	/* a rule with no clauses parses; the checker requires for/message */
	assert_int_equal(prog->rules[2]->nclauses, 0);
	assert_null(prog->rules[2]->message);
	assert_false(prog->rules[2]->has_severity);
}

static void test_templates(void **state)
{
	struct program *prog = parse_ok(state,
		"rule R {\n"
		"  message \"{{literal}} {{{s.A}}} \\\"q\\\" \\u00e9 {s.B + 1}{ lower(s.C) }end\"\n"
		"}\n"
		"rule E { message \"\" }\n");
	const struct tmpl *t = prog->rules[0]->message;
	expect_tmpl(t, "{literal} {|{s.A}|} \"q\" \xC3\xA9 |{(+ s.B 1)}|{lower(s.C)}|end");
	assert_string_equal(t->src, "{{literal}} {{{s.A}}} \"q\" \xC3\xA9 {s.B + 1}{ lower(s.C) }end");
	expect_pos(t->pos, 2, 11, 63);
	/* template expressions carry file positions */
	expect_pos(t->parts[1].e->pos, 2, 27, 3);
	expect_pos(t->parts[3].e->pos, 2, 48, 7);
	expect_pos(t->parts[4].e->pos, 2, 58, 10);
	assert_int_equal(prog->rules[1]->message->nparts, 0);
}

static void test_params_and_defines(void **state)
{
	struct program *prog = parse_ok(state,
		"param min_total decimal = 100.50\n"
		"param country text = \"DE\"\n"
		"param cutoff date = 2026-11-25\n"
		"param strict bool = false\n"
		"param limit int = -3\n"
		"define nothing() = true\n"
		"define f(a, b) = a + b * 2\n");
	assert_int_equal(prog->nparams, 5);
	assert_int_equal(prog->params[0]->type, VT_DECIMAL);
	expect_expr(prog->params[0]->dflt, "dec:100.5");
	expect_expr(prog->params[1]->dflt, "\"DE\"");
	expect_expr(prog->params[2]->dflt, "2026-11-25");
	expect_expr(prog->params[3]->dflt, "false");
	expect_expr(prog->params[4]->dflt, "(neg 3)");
	assert_int_equal(prog->ndefines, 2);
	assert_int_equal(prog->defines[0]->nargs, 0);
	expect_expr(prog->defines[1]->body, "(+ a (* b 2))");
}

/* ==== expressions ===================================================== */

static void test_precedence(void **state)
{
	expr_ok(state, "a or b and not c", "(or a (and b (not c)))");
	expr_ok(state, "not a or b", "(or (not a) b)");
	expr_ok(state, "not not a", "(not (not a))");
	expr_ok(state, "not a = b", "(not (= a b))");
	expr_ok(state, "a and b or c and d", "(or (and a b) (and c d))");
	expr_ok(state, "(a or b) and c", "(and (or a b) c)");
	expr_ok(state, "a + b * c - d / e", "(- (+ a (* b c)) (/ d e))");
	expr_ok(state, "a - b - c", "(- (- a b) c)");
	expr_ok(state, "-a * -2", "(* (neg a) (neg 2))");
	expr_ok(state, "x.A + 1 >= y.B * 2 and z", "(and (>= (+ x.A 1) (* y.B 2)) z)");
	expr_ok(state, "a <> b", "(!= a b)");
	expr_ok(state, "d - 30 < 2026-11-25", "(< (- d 30) 2026-11-25)");
}

static void test_between(void **state)
{
	expr_ok(state, "x between 1 and 5 and y", "(and (between x 1 5) y)");
	expr_ok(state, "x not between a + 1 and b * 2 or z", "(or (not-between x (+ a 1) (* b 2)) z)");
	expr_ok(state, "not x between 1 and 5", "(not (between x 1 5))");
}

static void test_in_and_null_tests(void **state)
{
	expr_ok(state, "p.Role in (\"A\", \"B\")", "(in p.Role \"A\" \"B\")");
	expr_ok(state, "p.Role not in (\"A\") and q", "(and (not-in p.Role \"A\") q)");
	expr_ok(state, "x in (1)", "(in x 1)");
	expr_ok(state, "x in (a + 1, lower(b))", "(in x (+ a 1) lower(b))");
	expr_ok(state, "x is null", "(is-null x)");
	expr_ok(state, "x.A is not null or y", "(or (is-not-null x.A) y)");
	expr_ok(state, "not x is null", "(not (is-null x))");
}

static void test_matches(void **state)
{
	const struct expr *e = expr_ok(state, "s.Id matches /^[0-9]+$/i and s.B matches /a\\/b/",
				       "(and (matches s.Id /^[0-9]+$/i) (matches s.B /a\\/b/))");
	const struct regex *re = e->u.bin.l->u.match.re;
	expect_pos(re->pos, 1, 14, 11);
	assert_string_equal(re->flags, "i");
	/* '/' after an operand, and in `matches` position, differ */
	expr_ok(state, "a / b matches /c/", "(matches (/ a b) /c/)");
}

static void test_literals(void **state)
{
	expr_ok(state, "\"a\" \"b\"", "\"ab\"");
	expr_ok(state, "42", "42");
	expr_ok(state, "12.50", "dec:12.5");
	expr_ok(state, "2024-02-29", "2024-02-29");
	expr_ok(state, "true", "true");
	expr_ok(state, "false", "false");
	expr_ok(state, "null", "null");
	expr_ok(state, "$as_of", "$as_of");
	expr_ok(state, "today", "today()");
	expr_ok(state, "today()", "today()");
	expr_ok(state, "x.Field", "x.Field");
	expr_ok(state, "name", "name");
}

static void test_calls(void **state)
{
	expr_ok(state, "coalesce(a.X, b.Y, \"-\")", "coalesce(a.X, b.Y, \"-\")");
	expr_ok(state, "starts_with(lower(trim(x.A)), \"csp\")", "starts_with(lower(trim(x.A)), \"csp\")");
	expr_ok(state, "len(x.A) > 3", "(> len(x.A) 3)");
	expr_ok(state, "year(d) = 2026", "(= year(d) 2026)");
	expr_ok(state, "f()", "f()");
}

static void test_subqueries(void **state)
{
	expr_ok(state, "count(cp in customer_partners where cp.CustomerId = c.CustomerId) > 1",
		"(> (count cp in customer_partners where (= cp.CustomerId c.CustomerId)) 1)");
	expr_ok(state, "count(cp in customer_partners)", "(count cp in customer_partners where -)");
	expr_ok(state, "sum(s.Subtotal for s in sales where s.MpnId = p.PartnerId and s.Quantity > 0)",
		"(sum s.Subtotal for s in sales where (and (= s.MpnId p.PartnerId) (> s.Quantity 0)))");
	expr_ok(state, "min(s.OrderDate for s in sales)", "(min s.OrderDate for s in sales where -)");
	expr_ok(state, "max(s.A * 2 for s in sales where s.B) - 1",
		"(- (max (* s.A 2) for s in sales where s.B) 1)");
	/* the where of exists extends as far right as possible ... */
	expr_ok(state, "exists r in rel where r.A = x.A and r.B = 1 or y",
		"(exists r in rel where (or (and (= r.A x.A) (= r.B 1)) y))");
	expr_ok(state, "not exists r in rel where r.A = x.A and z",
		"(not-exists r in rel where (and (= r.A x.A) z))");
	/* ... parentheses limit it */
	expr_ok(state, "(not exists r in rel where r.A = x.A) and z",
		"(and (not-exists r in rel where (= r.A x.A)) z)");
	expr_ok(state, "y and exists r in rel", "(and y (exists r in rel where -))");
	expr_ok(state, "not (exists r in rel)", "(not (exists r in rel where -))");
}

static void test_expr_positions(void **state)
{
	const struct expr *e = expr_ok(state, "x.A + 1 >= y.B", "(>= (+ x.A 1) y.B)");
	expect_pos(e->pos, 1, 1, 14);
	expect_pos(e->u.bin.l->pos, 1, 1, 7);
	expect_pos(e->u.bin.r->pos, 1, 12, 3);
	expect_pos(e->u.bin.r->u.field.name_pos, 1, 14, 1);
	e = expr_ok(state, "  not lower(s) in (\"a\")", "(not (in lower(s) \"a\"))");
	expect_pos(e->pos, 1, 3, 21);
	expect_pos(e->u.un.e->u.in.e->u.call.name_pos, 1, 7, 5);
	e = expr_ok(state, "count(c in cs where c.A = 1)", "(count c in cs where (= c.A 1))");
	expect_pos(e->pos, 1, 1, 28);
	expect_pos(e->u.sub.var_pos, 1, 7, 1);
	expect_pos(e->u.sub.ds_pos, 1, 12, 2);
	/* a span over several lines stops at the end of its first line */
	e = expr_ok(state, "a and\n b", "(and a b)");
	expect_pos(e->pos, 1, 1, 5);
}

/* ==== syntax errors: the full rendered diagnostics ===================== */

static void test_err_missing_paren_in_call(void **state)
{
	parse_err(state,
		"rule R {\n"
		"  for s in sales\n"
		"  where lower(s.A = \"x\"\n"
		"  message \"m\"\n"
		"}\n",
		"test.rules:4:3: error: expected ')' (to close '(' at line 3), found 'message'\n"
		"    4 |   message \"m\"\n"
		"      |   ^~~~~~~\n");
	parse_err(state,
		"rule R { for s in sales where lower(s.A = \"x\" message \"m\" }\n",
		"test.rules:1:47: error: expected ')', found 'message'\n"
		"    1 | rule R { for s in sales where lower(s.A = \"x\" message \"m\" }\n"
		"      |                                               ^~~~~~~\n");
	parse_err(state,
		"rule R { for s in sales where coalesce(s.A, s.B message \"m\" }\n",
		"test.rules:1:49: error: expected ')', found 'message'\n"
		"    1 | rule R { for s in sales where coalesce(s.A, s.B message \"m\" }\n"
		"      |                                                 ^~~~~~~\n");
}

static void test_err_expected_in(void **state)
{
	parse_err(state,
		"rule R {\n"
		"  for s of sales\n"
		"}\n",
		"test.rules:2:9: error: expected 'in', found 'of'\n"
		"    2 |   for s of sales\n"
		"      |         ^~\n");
	parse_err(state,
		"rule R { for s in sales where exists r from rel }\n",
		"test.rules:1:40: error: expected 'in', found 'from'\n"
		"    1 | rule R { for s in sales where exists r from rel }\n"
		"      |                                        ^~~~\n");
}

static void test_err_unknown_type(void **state)
{
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  Name txet required\n"
		"}\n",
		"test.rules:3:8: error: unknown type 'txet' (did you mean 'text'?)\n"
		"    3 |   Name txet required\n"
		"      |        ^~~~\n");
	parse_err(state,
		"dataset d { from csv \"d.csv\" Amount money }\n",
		"test.rules:1:37: error: unknown type 'money' (types: text, int, decimal, date, datetime, bool, enum(...))\n"
		"    1 | dataset d { from csv \"d.csv\" Amount money }\n"
		"      |                                     ^~~~~\n");
	parse_err(state,
		"dataset d { from csv \"d.csv\" Amount }\n",
		"test.rules:1:37: error: expected a type (text, int, decimal, date, datetime, bool, enum(...)), found '}'\n"
		"    1 | dataset d { from csv \"d.csv\" Amount }\n"
		"      |                                     ^\n");
}

static void test_err_unknown_severity(void **state)
{
	/* reported, and the rest of the rule is still parsed */
	parse_err(state,
		"rule R {\n"
		"  severity eror\n"
		"  for s in sales where s.A = 1 = 2\n"
		"}\n",
		"test.rules:2:12: error: unknown severity 'eror' (did you mean 'error'?)\n"
		"    2 |   severity eror\n"
		"      |            ^~~~\n"
		"test.rules:3:32: error: expected a rule clause (title, severity, policy, source, tag, for, join, left join, where, let, message) or '}', found '='\n"
		"    3 |   for s in sales where s.A = 1 = 2\n"
		"      |                                ^\n");
	parse_err(state,
		"rule R { severity critical }\n",
		"test.rules:1:19: error: unknown severity 'critical' (expected error, warning or info)\n"
		"    1 | rule R { severity critical }\n"
		"      |                   ^~~~~~~~\n");
	parse_err(state,
		"rule R { severity \"error\" }\n",
		"test.rules:1:19: error: expected a severity (error, warning or info), found string \"error\"\n"
		"    1 | rule R { severity \"error\" }\n"
		"      |                   ^~~~~~~\n");
}

static void test_err_dataset_from(void **state)
{
	parse_err(state,
		"dataset partners {\n"
		"  PartnerId text\n"
		"}\n",
		"test.rules:1:9: error: dataset 'partners' has no 'from' clause (expected 'from csv \"file.csv\"')\n"
		"    1 | dataset partners {\n"
		"      |         ^~~~~~~~\n");
	parse_err(state,
		"dataset d { from \"d.json\" A text }\n",
		"test.rules:1:18: error: expected a format name after 'from', found string \"d.json\"\n"
		"    1 | dataset d { from \"d.json\" A text }\n"
		"      |                  ^~~~~~~~\n");
	parse_err(state,
		"dataset d { from csv d.csv A text }\n",
		"test.rules:1:22: error: expected a file name (a string), found 'd'\n"
		"    1 | dataset d { from csv d.csv A text }\n"
		"      |                      ^\n");
}

/* The format is a name with its position: which names exist, and which
 * take a record path, is checked later against the format table
 * (test_format.c); `record` is kept with its position, or the position
 * where it was expected. */
static void test_from_names_a_format(void **state)
{
	const struct dataset *ds;
	ds = parse_ok(state, "dataset d { from jsonl \"d.jsonl\" record \"items\" A text }\n")->datasets[0];
	assert_string_equal(ds->sources[0].format, "jsonl");
	expect_pos(ds->sources[0].format_pos, 1, 18, 5);
	assert_string_equal(ds->sources[0].path, "d.jsonl");
	assert_string_equal(ds->sources[0].record, "items");
	expect_pos(ds->sources[0].record_pos, 1, 34, 6);
	ds = parse_ok(state, "dataset d {\n  from xml \"d.xml\"\n  A text\n}\n")->datasets[0];
	assert_null(ds->sources[0].record);
	expect_pos(ds->sources[0].record_pos, 3, 3, 1);
}

static void test_err_record(void **state)
{
	parse_err(state,
		"dataset d { from xml \"d.xml\" record Rows }\n",
		"test.rules:1:37: error: expected a record element path (a string) after 'record', found 'Rows'\n"
		"    1 | dataset d { from xml \"d.xml\" record Rows }\n"
		"      |                                     ^~~~\n");
}

static void test_err_field_options(void **state)
{
	parse_err(state,
		"dataset d { from csv \"d.csv\" A text default }\n",
		"test.rules:1:45: error: expected a default value (string, number, date, true or false), found '}'\n"
		"    1 | dataset d { from csv \"d.csv\" A text default }\n"
		"      |                                             ^\n");
	parse_err(state,
		"dataset d { from csv \"d.csv\" A text null_if -1 }\n",
		"test.rules:1:45: error: expected a string after 'null_if', found '-'\n"
		"    1 | dataset d { from csv \"d.csv\" A text null_if -1 }\n"
		"      |                                             ^\n");
	parse_err(state,
		"dataset d { from csv \"d.csv\" A text at \"a\", b }\n",
		"test.rules:1:45: error: expected a column name or XML path (a string) after 'at', found 'b'\n"
		"    1 | dataset d { from csv \"d.csv\" A text at \"a\", b }\n"
		"      |                                             ^\n");
	parse_err(state,
		"dataset d { from csv \"d.csv\" A text matches \"^a\" }\n",
		"test.rules:1:45: error: expected a regex /.../ after 'matches', found string \"^a\"\n"
		"    1 | dataset d { from csv \"d.csv\" A text matches \"^a\" }\n"
		"      |                                             ^~~~\n");
	parse_err(state,
		"dataset d { from csv \"d.csv\" key A, 1 A text }\n",
		"test.rules:1:37: error: expected a key field name, found integer 1\n"
		"    1 | dataset d { from csv \"d.csv\" key A, 1 A text }\n"
		"      |                                     ^\n");
	parse_err(state,
		"dataset d { from csv \"d.csv\" A enum(\"x\", y) }\n",
		"test.rules:1:42: error: expected an enum value (a string), found 'y'\n"
		"    1 | dataset d { from csv \"d.csv\" A enum(\"x\", y) }\n"
		"      |                                          ^\n");
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  A enum(\"x\", \"y\"\n"
		"  B text\n"
		"}\n",
		"test.rules:4:3: error: expected ')' (to close '(' at line 3), found 'B'\n"
		"    4 |   B text\n"
		"      |   ^\n");
	parse_err(state,
		"dataset d { from csv \"d.csv\" \"A\" text }\n",
		"test.rules:1:30: error: expected 'from', 'key' or a field declaration, found string \"A\"\n"
		"    1 | dataset d { from csv \"d.csv\" \"A\" text }\n"
		"      |                              ^~~\n");
}

static void test_err_template(void **state)
{
	parse_err(state,
		"rule R {\n"
		"  message \"Order {sale.OrderId {sale.MpnId}\"\n"
		"}\n",
		"test.rules:2:32: error: expected '}' to end the template expression, found '{'\n"
		"    2 |   message \"Order {sale.OrderId {sale.MpnId}\"\n"
		"      |                                ^\n");
	parse_err(state,
		"rule R { message \"Order {sale.OrderId: {sale.MpnId}\" }\n",
		"test.rules:1:38: error: unexpected character ':'\n"
		"    1 | rule R { message \"Order {sale.OrderId: {sale.MpnId}\" }\n"
		"      |                                      ^\n");
	parse_err(state,
		"rule R {\n"
		"  message \"Order {sale.OrderId\"\n"
		"}\n",
		"test.rules:2:18: error: unclosed '{' in message template (write '{{' for a literal brace)\n"
		"    2 |   message \"Order {sale.OrderId\"\n"
		"      |                  ^\n");
	parse_err(state,
		"rule R { message \"a {} b\" }\n",
		"test.rules:1:22: error: expected an expression, found '}'\n"
		"    1 | rule R { message \"a {} b\" }\n"
		"      |                      ^\n");
	parse_err(state,
		"rule R { message \"{s.A +}\" }\n",
		"test.rules:1:25: error: expected an expression, found '}'\n"
		"    1 | rule R { message \"{s.A +}\" }\n"
		"      |                         ^\n");
	parse_err(state,
		"rule R { message \"{s.A @}\" }\n",
		"test.rules:1:24: error: unexpected character '@'\n"
		"    1 | rule R { message \"{s.A @}\" }\n"
		"      |                        ^\n");
	parse_err(state,
		"rule R { message title }\n",
		"test.rules:1:18: error: expected a message string, found 'title'\n"
		"    1 | rule R { message title }\n"
		"      |                  ^~~~~\n");
	parse_err(state,
		"rule R { message \"a\" message \"b\" }\n",
		"test.rules:1:22: error: rule R has more than one 'message'\n"
		"    1 | rule R { message \"a\" message \"b\" }\n"
		"      |                      ^~~~~~~\n");
}

static void test_err_template_recovers(void **state)
{
	/* an error inside a {expression} does not end the parse of the file */
	struct program *prog = parse_err(state,
		"rule R1 { for s in a message \"{s.A + }\" }\n"
		"rule R2 { for s in a message \"{s.A}\" }\n"
		"dataset d { from csv \"d.csv\" A txet }\n",
		"test.rules:1:38: error: expected an expression, found '}'\n"
		"    1 | rule R1 { for s in a message \"{s.A + }\" }\n"
		"      |                                      ^\n"
		"test.rules:3:32: error: unknown type 'txet' (did you mean 'text'?)\n"
		"    3 | dataset d { from csv \"d.csv\" A txet }\n"
		"      |                                ^~~~\n");
	assert_int_equal(prog->nrules, 1);
	assert_string_equal(prog->rules[0]->id, "R2");
}

static void test_err_unterminated_string(void **state)
{
	struct program *prog = parse_err(state,
		"rule R {\n"
		"  title \"Reseller's tier 2 @ 50%\n"
		"  severity error\n"
		"}\n"
		"rule S { severity info }\n",
		"test.rules:2:9: error: unterminated string literal (strings end on the same line)\n"
		"    2 |   title \"Reseller's tier 2 @ 50%\n"
		"      |         ^\n");
	/* the lexer error ends the declaration; the next one is parsed */
	assert_int_equal(prog->nrules, 1);
	assert_string_equal(prog->rules[0]->id, "S");
}

static void test_err_top_level_junk(void **state)
{
	parse_err(state,
		"rul CSP-1 { }\n",
		"test.rules:1:1: error: expected a declaration (dataset, rule, param, define, include), found 'rul' (did you mean 'rule'?)\n"
		"    1 | rul CSP-1 { }\n"
		"      | ^~~\n");
	parse_err(state,
		"datset d { }\n",
		"test.rules:1:1: error: expected a declaration (dataset, rule, param, define, include), found 'datset' (did you mean 'dataset'?)\n"
		"    1 | datset d { }\n"
		"      | ^~~~~~\n");
	parse_err(state,
		"for s in sales\n",
		"test.rules:1:1: error: expected a declaration (dataset, rule, param, define, include), found 'for'\n"
		"    1 | for s in sales\n"
		"      | ^~~\n");
	parse_err(state,
		"}\n",
		"test.rules:1:1: error: expected a declaration (dataset, rule, param, define, include), found '}'\n"
		"    1 | }\n"
		"      | ^\n");
}

static void test_err_recovery_three_errors(void **state)
{
	struct program *prog = parse_err(state,
		"dataset a {\n"
		"  from csv \"a.csv\"\n"
		"  K txet\n"
		"}\n"
		"rule R1 {\n"
		"  for x in a\n"
		"  where x.K = = 1\n"
		"  message \"m\"\n"
		"}\n"
		"dataset good { from csv \"g.csv\" K text }\n"
		"rule R2 {\n"
		"  for x in a\n"
		"  join y in a x.K = y.K\n"
		"  message \"m\"\n"
		"}\n"
		"rule GOOD { for x in good message \"{x.K}\" }\n",
		"test.rules:3:5: error: unknown type 'txet' (did you mean 'text'?)\n"
		"    3 |   K txet\n"
		"      |     ^~~~\n"
		"test.rules:7:15: error: expected an expression, found '='\n"
		"    7 |   where x.K = = 1\n"
		"      |               ^\n"
		"test.rules:13:15: error: expected 'on', found 'x'\n"
		"   13 |   join y in a x.K = y.K\n"
		"      |               ^\n");
	assert_int_equal(prog->ndatasets, 1);
	assert_string_equal(prog->datasets[0]->name, "good");
	assert_int_equal(prog->nrules, 1);
	assert_string_equal(prog->rules[0]->id, "GOOD");
}

static void test_err_recovery_skips_keywords_in_fields(void **state)
{
	/* `r.rule` and `$param` are names, not the start of a declaration */
	struct program *prog = parse_err(state,
		"rule R1 { for r in a where r.x = = 1 and r.rule = 1 and $param = 2 and r.B matches /\"x/ }\n"
		"rule R2 { }\n",
		"test.rules:1:34: error: expected an expression, found '='\n"
		"    1 | rule R1 { for r in a where r.x = = 1 and r.rule = 1 and $param = 2 and r.B matches /\"x/ }\n"
		"      |                                  ^\n");
	assert_int_equal(prog->nrules, 1);
	assert_string_equal(prog->rules[0]->id, "R2");
}

static void test_err_missing_close_brace(void **state)
{
	parse_err(state,
		"rule R {\n"
		"  for s in sales\n"
		"  message \"m\"\n",
		"test.rules:4:1: error: expected '}' (to close '{' at line 1), found end of file\n"
		"    4 | \n"
		"      | ^\n");
	parse_err(state,
		"rule R { for s in sales message \"m\" ",
		"test.rules:1:37: error: expected '}', found end of file\n"
		"    1 | rule R { for s in sales message \"m\" \n"
		"      |                                     ^\n");
	parse_err(state,
		"rule R for s in sales\n",
		"test.rules:1:8: error: expected '{', found 'for'\n"
		"    1 | rule R for s in sales\n"
		"      |        ^~~\n");
}

static void test_err_expressions(void **state)
{
	parse_err(state,
		"rule R { for s in a where s.A is nul }\n",
		"test.rules:1:34: error: expected 'null', found 'nul'\n"
		"    1 | rule R { for s in a where s.A is nul }\n"
		"      |                                  ^~~\n");
	parse_err(state,
		"rule R { for s in a where s.A not like \"x\" }\n",
		"test.rules:1:35: error: expected 'in' or 'between' after 'not', found 'like'\n"
		"    1 | rule R { for s in a where s.A not like \"x\" }\n"
		"      |                                   ^~~~\n");
	parse_err(state,
		"rule R { for s in a where s.A between 1 or 5 }\n",
		"test.rules:1:41: error: expected 'and', found 'or'\n"
		"    1 | rule R { for s in a where s.A between 1 or 5 }\n"
		"      |                                         ^~\n");
	parse_err(state,
		"rule R { for s in a where s.A in \"x\", \"y\" }\n",
		"test.rules:1:34: error: expected '(', found string \"x\"\n"
		"    1 | rule R { for s in a where s.A in \"x\", \"y\" }\n"
		"      |                                  ^~~\n");
	parse_err(state,
		"rule R { for s in a where s.A matches \"^x\" }\n",
		"test.rules:1:39: error: expected a regex /.../ after 'matches', found string \"^x\"\n"
		"    1 | rule R { for s in a where s.A matches \"^x\" }\n"
		"      |                                       ^~~~\n");
	parse_err(state,
		"rule R { for s in a where s. = 1 }\n",
		"test.rules:1:30: error: expected a field name after '.', found '='\n"
		"    1 | rule R { for s in a where s. = 1 }\n"
		"      |                              ^\n");
	parse_err(state,
		"rule R { for s in a where $1 = 1 }\n",
		"test.rules:1:28: error: expected a parameter name after '$', found integer 1\n"
		"    1 | rule R { for s in a where $1 = 1 }\n"
		"      |                            ^\n");
	parse_err(state,
		"rule R { for s in a where sum(s.A in b) > 1 }\n",
		"test.rules:1:38: error: expected '(', found 'b'\n"
		"    1 | rule R { for s in a where sum(s.A in b) > 1 }\n"
		"      |                                      ^\n");
	parse_err(state,
		"rule R { for s in a where sum(s.A from b) > 1 }\n",
		"test.rules:1:35: error: expected 'for', found 'from'\n"
		"    1 | rule R { for s in a where sum(s.A from b) > 1 }\n"
		"      |                                   ^~~~\n");
	parse_err(state,
		"rule R {\n"
		"  for s in a\n"
		"  where count(c in b where c.K = s.K\n"
		"  message \"m\"\n"
		"}\n",
		"test.rules:4:3: error: expected ')' (to close '(' at line 3), found 'message'\n"
		"    4 |   message \"m\"\n"
		"      |   ^~~~~~~\n");
	parse_err(state,
		"rule R { for s in a where exists(r in b) }\n",
		"test.rules:1:33: error: expected a variable name, found '('\n"
		"    1 | rule R { for s in a where exists(r in b) }\n"
		"      |                                 ^\n");
	parse_err(state,
		"rule R { for s in a where }\n",
		"test.rules:1:27: error: expected an expression, found '}'\n"
		"    1 | rule R { for s in a where }\n"
		"      |                           ^\n");
}

static void test_err_clauses(void **state)
{
	parse_err(state,
		"rule R { for s in a left s in b on s.A = 1 }\n",
		"test.rules:1:26: error: expected 'join', found 's'\n"
		"    1 | rule R { for s in a left s in b on s.A = 1 }\n"
		"      |                          ^\n");
	parse_err(state,
		"rule R { for s in a let = 1 }\n",
		"test.rules:1:25: error: expected a name after 'let', found '='\n"
		"    1 | rule R { for s in a let = 1 }\n"
		"      |                         ^\n");
	parse_err(state,
		"rule R { for s in a let n := 1 }\n",
		"test.rules:1:27: error: unexpected character ':'\n"
		"    1 | rule R { for s in a let n := 1 }\n"
		"      |                           ^\n");
	parse_err(state,
		"rule R { for s in a where s.A = 1 s.B = 2 }\n",
		"test.rules:1:35: error: expected a rule clause (title, severity, policy, source, tag, for, join, left join, where, let, message) or '}', found 's'\n"
		"    1 | rule R { for s in a where s.A = 1 s.B = 2 }\n"
		"      |                                   ^\n");
	parse_err(state,
		"rule R { title }\n",
		"test.rules:1:16: error: expected a title string, found '}'\n"
		"    1 | rule R { title }\n"
		"      |                ^\n");
	parse_err(state,
		"rule R- { }\n",
		"test.rules:1:7: error: expected the rest of the rule id after '-'\n"
		"    1 | rule R- { }\n"
		"      |       ^\n");
	parse_err(state,
		"rule R -1 { }\n",
		"test.rules:1:8: error: expected '{', found '-'\n"
		"    1 | rule R -1 { }\n"
		"      |        ^\n");
	parse_err(state,
		"rule \"R\" { }\n",
		"test.rules:1:6: error: expected a rule id (like CSP-RESALE-001), found string \"R\"\n"
		"    1 | rule \"R\" { }\n"
		"      |      ^~~\n");
}

static void test_err_duplicate_lines(void **state)
{
	/* a second title, severity, policy, source, from or key would
	 * silently replace the first */
	struct program *prog = parse_err(state,
		"rule R {\n"
		"  title \"a\"\n"
		"  severity error\n"
		"  title \"b\"\n"
		"  severity info\n"
		"  policy \"p\" source \"s\" policy \"q\" source \"t\"\n"
		"  tag \"x\" tag \"y\"\n"
		"}\n"
		"dataset d {\n"
		"  from csv \"a.csv\"\n"
		"  key A\n"
		"  from csv \"b.csv\"\n"
		"  key B\n"
		"  A text B text\n"
		"}\n",
		"test.rules:4:3: error: rule R has more than one 'title'\n"
		"    4 |   title \"b\"\n"
		"      |   ^~~~~\n"
		"test.rules:5:3: error: rule R has more than one 'severity'\n"
		"    5 |   severity info\n"
		"      |   ^~~~~~~~\n"
		"test.rules:6:25: error: rule R has more than one 'policy'\n"
		"    6 |   policy \"p\" source \"s\" policy \"q\" source \"t\"\n"
		"      |                         ^~~~~~\n"
		"test.rules:6:36: error: rule R has more than one 'source'\n"
		"    6 |   policy \"p\" source \"s\" policy \"q\" source \"t\"\n"
		"      |                                    ^~~~~~\n"
		"test.rules:12:3: error: dataset 'd' has more than one 'from'\n"
		"   12 |   from csv \"b.csv\"\n"
		"      |   ^~~~\n"
		"test.rules:13:3: error: dataset 'd' has more than one 'key' (list every key field on one line: key A, B)\n"
		"   13 |   key B\n"
		"      |   ^~~\n");
	/* the declarations are still parsed (the errors are not syntax errors) */
	assert_int_equal(prog->nrules, 1);
	assert_int_equal(prog->rules[0]->ntags, 2);
	assert_int_equal(prog->ndatasets, 1);
}

static void test_err_declarations(void **state)
{
	parse_err(state,
		"param p enum(\"a\") = \"a\"\n",
		"test.rules:1:7: error: a parameter cannot be an enum (use text)\n"
		"    1 | param p enum(\"a\") = \"a\"\n"
		"      |       ^\n");
	parse_err(state,
		"param p date 2026-01-01\n",
		"test.rules:1:14: error: expected '=', found date 2026-01-01\n"
		"    1 | param p date 2026-01-01\n"
		"      |              ^~~~~~~~~~\n");
	parse_err(state,
		"define f(a, 1) = a\n",
		"test.rules:1:13: error: expected a parameter name, found integer 1\n"
		"    1 | define f(a, 1) = a\n"
		"      |             ^\n");
	parse_err(state,
		"define f(a b) = a\n",
		"test.rules:1:12: error: expected ')', found 'b'\n"
		"    1 | define f(a b) = a\n"
		"      |            ^\n");
	parse_err(state,
		"define f = 1\n",
		"test.rules:1:10: error: expected '(', found '='\n"
		"    1 | define f = 1\n"
		"      |          ^\n");
	parse_err(state,
		"include other.rules\n",
		"test.rules:1:9: error: expected a file name (a string) after 'include', found 'other'\n"
		"    1 | include other.rules\n"
		"      |         ^~~~~\n");
}

static void test_err_missing_expression_before_declaration(void **state)
{
	/* a declaration keyword never starts an expression, so a missing
	 * default is reported where it is missing and `define` still parses */
	struct program *prog = parse_err(state,
		"param as_of date =\n"
		"define f(x) = x\n",
		"test.rules:2:1: error: expected an expression, found 'define'\n"
		"    2 | define f(x) = x\n"
		"      | ^~~~~~\n");
	assert_int_equal(prog->nparams, 0);
	assert_int_equal(prog->ndefines, 1);
}

static void test_err_nesting_limit(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct fx *fx = *state;
	char *got;
	int i;
	strbuf_addstr(&sb, "define f(x) = ");
	for (i = 0; i < 300; i++)
		strbuf_addch(&sb, '(');
	strbuf_addch(&sb, 'x');
	for (i = 0; i < 300; i++)
		strbuf_addch(&sb, ')');
	strbuf_addstr(&sb, "\nrule R { }\n");
	reset(fx);
	assert_int_equal(tu_parse(&fx->prog, &fx->pool, &fx->dc, sb.buf, 1), -1);
	got = tu_diags(&fx->dc);
	assert_true(strncmp(got, "test.rules:1:", 13) == 0);
	assert_non_null(strstr(got, "error: expression nested too deeply (more than 200 levels)\n"));
	free(got);
	assert_int_equal(fx->dc.nerr, 1);
	assert_int_equal(fx->prog.nrules, 1);
	strbuf_release(&sb);
}

static void test_err_expr_string(void **state)
{
	expr_err(state, "a = ", "<expr>:1:5: error: expected an expression, found end of file\n"
				"    1 | a = \n"
				"      |     ^\n");
	expr_err(state, "a b", "<expr>:1:3: error: expected end of expression, found 'b'\n"
			       "    1 | a b\n"
			       "      |   ^\n");
	expr_err(state, "(a", "<expr>:1:3: error: expected ')', found end of file\n"
			      "    1 | (a\n"
			      "      |   ^\n");
}

/* ==== schema checks: the full rendered diagnostics ===================== */

static void test_schema_duplicate_dataset(void **state)
{
	parse_err(state,
		"dataset partners { from csv \"p.csv\" A text }\n"
		"dataset partners { from csv \"q.csv\" A text }\n",
		"test.rules:2:9: error: dataset 'partners' is declared twice (first at test.rules:1)\n"
		"    2 | dataset partners { from csv \"q.csv\" A text }\n"
		"      |         ^~~~~~~~\n");
}

static void test_schema_duplicate_field(void **state)
{
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  PartnerId text\n"
		"  Name text\n"
		"  PartnerId int\n"
		"}\n",
		"test.rules:5:3: error: field 'PartnerId' is declared twice in dataset d (first at line 3)\n"
		"    5 |   PartnerId int\n"
		"      |   ^~~~~~~~~\n");
}

static void test_schema_unknown_key(void **state)
{
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  key PartnerID, Nme, Zzz\n"
		"  PartnerId text\n"
		"  Name text\n"
		"}\n",
		"test.rules:3:7: error: key field 'PartnerID' is not declared in dataset d (did you mean 'PartnerId'?)\n"
		"    3 |   key PartnerID, Nme, Zzz\n"
		"      |       ^~~~~~~~~\n"
		"test.rules:3:18: error: key field 'Nme' is not declared in dataset d (did you mean 'Name'?)\n"
		"    3 |   key PartnerID, Nme, Zzz\n"
		"      |                  ^~~\n"
		"test.rules:3:23: error: key field 'Zzz' is not declared in dataset d\n"
		"    3 |   key PartnerID, Nme, Zzz\n"
		"      |                       ^~~\n");
}

static void test_schema_bad_defaults(void **state)
{
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  A int default \"12x\"\n"
		"  B date default \"2026-02-30\"\n"
		"  C bool default \"maybe\"\n"
		"  D decimal default \"1.5.2\"\n"
		"  E datetime default \"2026-01-01T10:00\"\n"
		"  F enum(\"Active\", \"Removed\") default \"Actve\"\n"
		"  G int default 1.5\n"
		"}\n",
		"test.rules:3:17: error: default for int A: expected an integer\n"
		"    3 |   A int default \"12x\"\n"
		"      |                 ^~~~~\n"
		"test.rules:4:18: error: default for date B: no such calendar date\n"
		"    4 |   B date default \"2026-02-30\"\n"
		"      |                  ^~~~~~~~~~~~\n"
		"test.rules:5:18: error: default for bool C: expected a boolean (true/false, yes/no, 1/0)\n"
		"    5 |   C bool default \"maybe\"\n"
		"      |                  ^~~~~~~\n"
		"test.rules:6:21: error: default for decimal D: expected a decimal number\n"
		"    6 |   D decimal default \"1.5.2\"\n"
		"      |                     ^~~~~~~\n"
		"test.rules:7:22: error: default for datetime E: datetime without a time zone (expected Z or an offset like +01:00)\n"
		"    7 |   E datetime default \"2026-01-01T10:00\"\n"
		"      |                      ^~~~~~~~~~~~~~~~~~\n"
		"test.rules:8:39: error: default \"Actve\" is not one of the values of F\n"
		"    8 |   F enum(\"Active\", \"Removed\") default \"Actve\"\n"
		"      |                                       ^~~~~~~\n"
		"test.rules:9:17: error: default for int G: expected an integer\n"
		"    9 |   G int default 1.5\n"
		"      |                 ^~~\n");
}

static void test_schema_invalid_regex(void **state)
{
	/* columns point into the pattern as written, `\/` included */
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  A text matches /^[0-9]{4,10$/\n"
		"  B text matches /a\\/b\\/(c/\n"
		"  C text matches /x*+*/\n"
		"}\n",
		"test.rules:4:27: error: invalid regex: missing closing parenthesis\n"
		"    4 |   B text matches /a\\/b\\/(c/\n"
		"      |                           ^\n"
		"test.rules:5:22: error: invalid regex: quantifier does not follow a repeatable item\n"
		"    5 |   C text matches /x*+*/\n"
		"      |                      ^\n");
}

static void test_schema_regex_flags(void **state)
{
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  A text matches /a\\/b/iq\n"
		"  B text matches /ok/imsx\n"
		"}\n",
		"test.rules:3:25: error: unknown regex flag 'q' (flags: i, m, s, x)\n"
		"    3 |   A text matches /a\\/b/iq\n"
		"      |                         ^\n");
}

static void test_schema_duplicate_enum_values(void **state)
{
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  Status enum(\"Active\", \"Removed\", \"active\")\n"
		"}\n",
		"test.rules:3:3: error: enum values \"Active\" and \"active\" of Status are the same value (values match ignoring case, '_', '-' and spaces)\n"
		"    3 |   Status enum(\"Active\", \"Removed\", \"active\")\n"
		"      |   ^~~~~~\n");
}

static void test_schema_no_fields(void **state)
{
	parse_err(state,
		"dataset d { from csv \"d.csv\" key A }\n",
		"test.rules:1:9: error: dataset 'd' declares no fields\n"
		"    1 | dataset d { from csv \"d.csv\" key A }\n"
		"      |         ^\n"
		"test.rules:1:34: error: key field 'A' is not declared in dataset d\n"
		"    1 | dataset d { from csv \"d.csv\" key A }\n"
		"      |                                  ^\n");
}

static void test_schema_lookups(void **state)
{
	struct program *prog = parse_ok(state, issue2_datasets);
	const struct dataset *ds = schema_find_dataset(prog, "sales");
	assert_non_null(ds);
	assert_null(schema_find_dataset(prog, "Sales"));
	assert_int_equal(schema_find_field(ds, "Subtotal"), 3);
	assert_int_equal(schema_find_field(ds, "subtotal"), -1);
	assert_string_equal(schema_suggest_dataset(prog, "partner"), "partners");
	assert_string_equal(schema_suggest_field(ds, "SubTotal"), "Subtotal");
	assert_null(schema_suggest_field(ds, "Nothing"));
}

/* ==== files: include and directories =================================== */

static char *make_dir(void)
{
	char tmpl[] = "/tmp/verdict-parse-XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return strdup(d);
}

static void remove_dir(const char *dir, const char *const *names)
{
	struct strbuf p = STRBUF_INIT;
	for (; *names; names++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", dir, *names);
		unlink(p.buf);
	}
	strbuf_release(&p);
	rmdir(dir);
}

static void test_include_and_dirs(void **state)
{
	static const char *const names[] = { "b.rules", "a.rules", "common.rules", "notes.txt", NULL };
	struct fx *fx = *state;
	char *dir = make_dir();
	const char *paths[1];
	(void)state;
	tu_write(dir, "a.rules", "include \"common.rules\"\nrule A { }\n");
	tu_write(dir, "b.rules", "include \"common.rules\"\ninclude \"a.rules\"\nrule B { }\n");
	tu_write(dir, "common.rules", "dataset c { from csv \"c.csv\" K text }\n");
	tu_write(dir, "notes.txt", "not rules\n");
	paths[0] = dir;
	reset(fx);
	assert_int_equal(parse_paths(&fx->prog, paths, 1, &fx->dc), 0);
	assert_int_equal(fx->dc.n, 0);
	/* sorted by name, included files read once, *.rules only */
	assert_int_equal(fx->prog.nfiles, 3);
	assert_non_null(strstr(fx->prog.files[0]->path, "/a.rules"));
	assert_non_null(strstr(fx->prog.files[1]->path, "/common.rules"));
	assert_non_null(strstr(fx->prog.files[2]->path, "/b.rules"));
	assert_int_equal(fx->prog.ndatasets, 1);
	assert_int_equal(fx->prog.nrules, 2);
	assert_string_equal(fx->prog.rules[0]->id, "A");
	assert_string_equal(fx->prog.rules[1]->id, "B");
	remove_dir(dir, names);
	free(dir);
}

static void test_include_spellings(void **state)
{
	/* a file is read once however its path is spelled: no endless
	 * self-inclusion through "./" or "../dir/" */
	static const char *const names[] = { "a.rules", "b.rules", NULL };
	struct fx *fx = *state;
	char *dir = make_dir();
	struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
	const char *paths[1];
	strbuf_addf(&text, "include \"./a.rules\"\ninclude \"../%s/b.rules\"\nrule A { }\n", strrchr(dir, '/') + 1);
	tu_write(dir, "a.rules", text.buf);
	tu_write(dir, "b.rules", "include \"a.rules\"\ninclude \"./././b.rules\"\nrule B { }\n");
	strbuf_addf(&path, "%s/a.rules", dir);
	paths[0] = path.buf;
	reset(fx);
	assert_int_equal(parse_paths(&fx->prog, paths, 1, &fx->dc), 0);
	assert_int_equal(fx->dc.n, 0);
	assert_int_equal(fx->prog.nfiles, 2);
	assert_int_equal(fx->prog.nrules, 2);
	strbuf_release(&text);
	strbuf_release(&path);
	remove_dir(dir, names);
	free(dir);
}

static void test_include_missing(void **state)
{
	static const char *const names[] = { "main.rules", NULL };
	struct fx *fx = *state;
	char *dir = make_dir();
	struct strbuf want = STRBUF_INIT, path = STRBUF_INIT;
	const char *paths[1];
	char *got;
	tu_write(dir, "main.rules", "rule A { }\ninclude \"nope.rules\"\n");
	strbuf_addf(&path, "%s/main.rules", dir);
	paths[0] = path.buf;
	reset(fx);
	assert_int_equal(parse_paths(&fx->prog, paths, 1, &fx->dc), -1);
	got = tu_diags(&fx->dc);
	strbuf_addf(&want,
		    "%s/main.rules:2:9: error: cannot include \"nope.rules\": %s/nope.rules: cannot open: No such file or directory\n"
		    "    2 | include \"nope.rules\"\n"
		    "      |         ^~~~~~~~~~~~\n", dir, dir);
	assert_string_equal(got, want.buf);
	free(got);
	assert_int_equal(fx->prog.nrules, 1);
	strbuf_release(&want);
	strbuf_release(&path);
	remove_dir(dir, names);
	free(dir);
}

static void test_paths_errors(void **state)
{
	static const char *const names[] = { NULL };
	struct fx *fx = *state;
	char *dir = make_dir();
	struct strbuf want = STRBUF_INIT;
	const char *paths[2];
	char *got;
	paths[0] = "/nonexistent/verdict/x.rules";
	paths[1] = dir;
	reset(fx);
	assert_int_equal(parse_paths(&fx->prog, paths, 2, &fx->dc), -1);
	got = tu_diags(&fx->dc);
	strbuf_addf(&want,
		    "/nonexistent/verdict/x.rules: error: cannot read rules: No such file or directory\n"
		    "%s: error: no *.rules files in this directory\n", dir);
	assert_string_equal(got, want.buf);
	free(got);
	strbuf_release(&want);
	remove_dir(dir, names);
	free(dir);
}

/* ==== diagnostics rendering details ===================================== */

static void test_render_tabs_and_crlf(void **state)
{
	/* tabs are kept in the caret line so the caret lines up; CR is not shown */
	parse_err(state,
		"rule R {\r\n"
		"\tfor s of a\r\n"
		"}\r\n",
		"test.rules:2:8: error: expected 'in', found 'of'\n"
		"    2 | \tfor s of a\n"
		"      | \t      ^~\n");
}

static void test_render_max_errors(void **state)
{
	struct fx *fx = *state;
	char *got;
	reset(fx);
	fx->dc.max_errors = 2;
	{
		struct srcfile *f = srcfile_from_string("test.rules", "rule 1\nrule 2\nrule 3\n", 21);
		assert_int_equal(parse_srcfile(&fx->prog, f, &fx->dc), -1);
	}
	got = tu_diags(&fx->dc);
	assert_string_equal(got,
		"test.rules:1:6: error: expected a rule id (like CSP-RESALE-001), found integer 1\n"
		"    1 | rule 1\n"
		"      |      ^\n"
		"test.rules:2:6: error: expected a rule id (like CSP-RESALE-001), found integer 2\n"
		"    2 | rule 2\n"
		"      |      ^\n"
		"verdict: 1 more errors not shown\n");
	free(got);
}


/* ---- value formats: decimal(N), format, zone ------------------------ */

static void test_value_format_options(void **state)
{
	struct program *prog = parse_ok(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  OrderDate date format \"M/D/YYYY\", \"YYYY-MM-DD\" required\n"
		"  Audit datetime format \"M/D/YYYY h:mm:ss AM\" zone \"-05:00\"\n"
		"  Created datetime zone utc null_if \"0001-01-01T00:00:00*\"\n"
		"  Price decimal(4) default 1.25\n"
		"  Rate decimal\n"
		"  Whole decimal(0)\n"
		"}\n");
	const struct field *f = prog->datasets[0]->fields;
	assert_int_equal(f[0].nformats, 2);
	assert_string_equal(f[0].formats[1], "YYYY-MM-DD");
	expect_pos(f[0].format_pos[1], 3, 37, 12);
	assert_true(f[0].required);
	assert_int_equal(f[0].zone, VALUE_ZONE_NONE);
	assert_int_equal(f[1].zone, -5 * 3600);
	assert_string_equal(f[2].zone_src, "utc");
	assert_int_equal(f[2].zone, 0);
	assert_int_equal(f[2].nnull_if, 1);
	assert_int_equal(field_scale(&f[3]), 4);
	assert_int_equal(f[3].default_val.u.i, 1250000);
	assert_int_equal(field_scale(&f[4]), DEC_DIGITS);
	assert_int_equal(field_scale(&f[5]), 0);
}

static void test_value_format_syntax(void **state)
{
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  A decimal(x)\n"
		"}\n",
		"test.rules:3:13: error: expected a number of fraction digits (0 to 6) after 'decimal(', found 'x'\n"
		"    3 |   A decimal(x)\n"
		"      |             ^\n");
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  A date format M/D/YYYY\n"
		"}\n",
		"test.rules:3:17: error: expected a date format (a string such as \"M/D/YYYY\"), found 'M'\n"
		"    3 |   A date format M/D/YYYY\n"
		"      |                 ^\n");
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  A datetime zone CET\n"
		"}\n",
		"test.rules:3:19: error: expected 'utc' or an offset such as \"+01:00\" after 'zone', found 'CET'\n"
		"    3 |   A datetime zone CET\n"
		"      |                   ^~~\n");
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  H date format \"D.M.YYYY\" format \"YYYY-MM-DD\"\n"
		"}\n",
		"test.rules:3:35: error: field 'H' has more than one 'format' (list them on one line: format \"A\", \"B\")\n"
		"    3 |   H date format \"D.M.YYYY\" format \"YYYY-MM-DD\"\n"
		"      |                                   ^~~~~~~~~~~~\n");
}

static void test_value_format_checks(void **state)
{
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  A decimal(7)\n"
		"  B date format \"M/D/YY\", \"M/YYYY\"\n"
		"  C text format \"M/D/YYYY\"\n"
		"  D datetime format \"M/D/YYYY H:mm\"\n"
		"  E datetime zone \"CET\"\n"
		"  F int zone utc\n"
		"  G decimal(2) default 1.125\n"
		"}\n",
		"test.rules:3:13: error: decimal(7): a decimal keeps at most 6 fraction digits\n"
		"    3 |   A decimal(7)\n"
		"      |             ^\n"
		"test.rules:4:17: error: unknown token 'YY' in format \"M/D/YY\" (tokens: YYYY, M, MM, D, DD, H, HH, h, hh, mm, ss, .F, AM, Z)\n"
		"    4 |   B date format \"M/D/YY\", \"M/YYYY\"\n"
		"      |                 ^~~~~~~~\n"
		"test.rules:4:27: error: date format \"M/YYYY\" has no day (D or DD)\n"
		"    4 |   B date format \"M/D/YY\", \"M/YYYY\"\n"
		"      |                           ^~~~~~~~\n"
		"test.rules:5:17: error: 'format' applies to date and datetime fields, not text C\n"
		"    5 |   C text format \"M/D/YYYY\"\n"
		"      |                 ^~~~~~~~~~\n"
		"test.rules:6:21: error: datetime format \"M/D/YYYY H:mm\" has no zone (Z): declare the field's zone (zone utc or zone \"+01:00\")\n"
		"    6 |   D datetime format \"M/D/YYYY H:mm\"\n"
		"      |                     ^~~~~~~~~~~~~~~\n"
		"test.rules:7:19: error: bad zone \"CET\" (expected utc or an offset such as \"+01:00\" or \"-0500\")\n"
		"    7 |   E datetime zone \"CET\"\n"
		"      |                   ^~~~~\n"
		"test.rules:8:14: error: 'zone' applies to date and datetime fields, not int F\n"
		"    8 |   F int zone utc\n"
		"      |              ^~~\n"
		"test.rules:9:24: error: default for decimal(2) G has more than 2 fraction digits\n"
		"    9 |   G decimal(2) default 1.125\n"
		"      |                        ^~~~~\n");
}

static void test_enum_spellings_collide(void **state)
{
	parse_err(state,
		"dataset d {\n"
		"  from csv \"d.csv\"\n"
		"  T enum(\"IsIndirectResellerOf\", \"is_indirect_reseller_of\", \"Active\", \"Active\")\n"
		"  U enum(\"IsIndirectResellerOf\") default \"is indirect reseller of\"\n"
		"}\n",
		"test.rules:3:3: error: enum values \"IsIndirectResellerOf\" and \"is_indirect_reseller_of\" of T are the same value (values match ignoring case, '_', '-' and spaces)\n"
		"    3 |   T enum(\"IsIndirectResellerOf\", \"is_indirect_reseller_of\", \"Active\", \"Active\")\n"
		"      |   ^\n"
		"test.rules:3:3: error: enum value \"Active\" of T is listed twice\n"
		"    3 |   T enum(\"IsIndirectResellerOf\", \"is_indirect_reseller_of\", \"Active\", \"Active\")\n"
		"      |   ^\n");
}

/* A diagnostic keeps its own copy of a position's path: the rule-directory
 * listing that named a file is freed before the diagnostics are rendered
 * (found by fuzz_rtest: heap-use-after-free in diag_format_pos). */
static void test_diag_path_outlives_caller(void **state)
{
	struct diagctx dc;
	struct strbuf out = STRBUF_INIT;
	char *path = xstrdup("rules/x.rules");
	struct srcpos at = { NULL, path, 0, 0, 0 };
	(void)state;
	diag_init(&dc);
	diag_error(&dc, at, "cannot read it");
	memset(path, 'Z', strlen(path));
	free(path);
	diag_render(&dc, &out);
	assert_string_equal(out.buf, "rules/x.rules: error: cannot read it\n");
	strbuf_release(&out);
	diag_release(&dc);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_diag_path_outlives_caller),
		T(test_issue2_datasets),
		T(test_field_options),
		T(test_keywords_as_field_names),
		T(test_issue3_rules),
		T(test_rule_clauses),
		T(test_rule_ids),
		T(test_templates),
		T(test_params_and_defines),
		T(test_precedence),
		T(test_between),
		T(test_in_and_null_tests),
		T(test_matches),
		T(test_literals),
		T(test_calls),
		T(test_subqueries),
		T(test_expr_positions),
		T(test_err_missing_paren_in_call),
		T(test_err_expected_in),
		T(test_err_unknown_type),
		T(test_err_unknown_severity),
		T(test_err_dataset_from),
		T(test_from_names_a_format),
		T(test_err_record),
		T(test_err_field_options),
		T(test_err_template),
		T(test_err_template_recovers),
		T(test_err_unterminated_string),
		T(test_err_top_level_junk),
		T(test_err_recovery_three_errors),
		T(test_err_recovery_skips_keywords_in_fields),
		T(test_err_missing_close_brace),
		T(test_err_expressions),
		T(test_err_clauses),
		T(test_err_duplicate_lines),
		T(test_err_declarations),
		T(test_err_missing_expression_before_declaration),
		T(test_err_nesting_limit),
		T(test_err_expr_string),
		T(test_schema_duplicate_dataset),
		T(test_schema_duplicate_field),
		T(test_schema_unknown_key),
		T(test_schema_bad_defaults),
		T(test_schema_invalid_regex),
		T(test_schema_regex_flags),
		T(test_schema_duplicate_enum_values),
		T(test_value_format_options),
		T(test_value_format_syntax),
		T(test_value_format_checks),
		T(test_enum_spellings_collide),
		T(test_schema_no_fields),
		T(test_schema_lookups),
		T(test_include_and_dirs),
		T(test_include_spellings),
		T(test_include_missing),
		T(test_paths_errors),
		T(test_render_tabs_and_crlf),
		T(test_render_max_errors),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
