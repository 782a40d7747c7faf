/*
 * report.c - `verdict report --from-findings FILE`: report.html,
 * summary.csv and manifest.json rendered from a findings CSV computed
 * elsewhere (the result of `verdict sql`, or a findings.csv), through the
 * same writers as verdict run (reports/sink.h).
 *
 * What the report takes from where:
 *   findings        FILE: the columns found by name (the SQL result's
 *                   nine, or findings.csv's seventeen: its status,
 *                   evidence_sources, field, raw_value and data-quality
 *                   rows are kept; message and raw_value lose the
 *                   apostrophe findings.csv neutralizes formulas with);
 *                   a findings.csv keeps its order, a SQL result is put
 *                   in the engine's (driving file and line, then the
 *                   joined records' file:line)
 *   the rule table  -r RULES: titles, severities, policies, rule text,
 *                   every rule (also those without findings)
 *   rows evaluated  -d CONVERTED_DIR (verdict convert's output): the
 *                   driving dataset's row count, as the engine counts
 *                   them; for data-quality checks every row loaded plus
 *                   one per DQ-ROW-SHAPE finding (a rejected row); its
 *                   __not_evaluated.csv: the rules not evaluated
 *   run_id, as_of   FILE's run_id and as_of columns when it has them,
 *                   else a new run id and --as-of (default today)
 *   data directory  CONVERTED_DIR/__data.csv (what convert read)
 * Not known here, so not in the report: the inputs table (files, sizes,
 * SHA-256, rows read/rejected: the data was read elsewhere) and
 * evaluation anomalies.  The evidence's records (refs: which
 * record, its file:line) are parsed back from evidence and
 * evidence_sources along the rule's bound variables.  The engine line
 * says where the findings came from.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/alloc.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "data/dq.h"
#include "run/plan.h"
#include "run/verdict.h"
#include "reports/findings.h"
#include "reports/out.h"
#include "reports/sink.h"
#include "cli/baseline.h"
#include "cli/csvtab.h"
#include "cli/dirs.h"
#include "cli/run.h"

#define NDQ DQ_NKINDS

const char usage_report[] =
	"usage: verdict report --from-findings FILE -r RULES... -d CONVERTED_DIR\n"
	"                      [-o OUT_DIR] [--as-of DATE] [--param NAME=VALUE]...\n"
	"                      [--fail-on error|warning|info|never] [--quiet]\n"
	"\n"
	"Renders report.html, summary.csv and manifest.json from a findings CSV\n"
	"computed elsewhere: the result of the SQL of verdict sql (columns rule_id,\n"
	"severity, dataset, record_key, source_file, source_line, message, evidence,\n"
	"fingerprint), or a findings.csv.  The rule files give the rule table; the\n"
	"directory verdict convert wrote gives the rows each rule checked and the\n"
	"rules not evaluated.  The report has no inputs table (the data was read\n"
	"elsewhere); its engine line names FILE.\n"
	"\n"
	"  --from-findings FILE  the findings CSV (a header naming its columns)\n"
	"  -r, --rules PATH      the rule files the findings were computed with\n"
	"  -d, --data DIR        verdict convert's output for the same data\n"
	"  -o, --out DIR         where to write (default: out)\n"
	"      --as-of DATE      the run's date, when FILE has no as_of column\n"
	"      --param N=V       the parameters the findings were computed with\n"
	"      --fail-on SEV     the exit status's threshold, as verdict run\n"
	"  -q, --quiet           no summary line\n"
	"\n"
	"exit status: 0 no open finding at or above --fail-on, 1 such findings,\n"
	"             2 usage, rule-file or input error, 3 an output could not be written\n";

struct rep {
	const struct cli *c;
	struct verdict v;
	struct csvtab tab;
	struct report_rule *rules;
	size_t nrules;
	struct csvtab notev;
	struct csvtab datadir;        /* CONVERTED_DIR/__data.csv */
	struct report_file *files;
	struct report_param *declared;
	char **strv;                  /* owned strings */
	size_t nstrv;
	int col[FINDINGS_NCOLS];      /* FILE's column for each findings column, or -1 */
	size_t *order;                /* FILE's rows grouped by rule, in file order */
	size_t *rule_of;              /* by FILE row */
	size_t counts[3], waived, total;
	const struct rule_plan **plan; /* by rule index (NULL for DQ) */
	struct report_ref *refs;      /* the finding being rendered's */
	size_t refs_cap;
	struct strbuf refstr;         /* its refs' keys and files, NUL-separated */
	char run_id[64], as_of[16], started[32];
};

static char *keep(struct rep *r, char *s)
{
	r->strv = xrealloc(r->strv, (r->nstrv + 1) * sizeof(*r->strv));
	return r->strv[r->nstrv++] = s;
}

static const char *cell(const struct rep *r, size_t row, int col)
{
	return r->col[col] < 0 ? "" : csvtab_cell(&r->tab, row, r->col[col]);
}

/* the records of a canonical CSV (quoted line breaks inside), header aside */
static long count_records(const char *path)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n, i;
	long lines = 0;
	int inq = 0, last = '\n';
	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		for (i = 0; i < n; i++) {
			if (buf[i] == '"')
				inq = !inq;
			else if (buf[i] == '\n' && !inq)
				lines++;
			last = buf[i];
		}
	fclose(f);
	if (last != '\n')
		lines++;
	return lines > 0 ? lines - 1 : 0;
}

static int severity_index(const char *s)
{
	return !strcmp(s, "error") ? 0 : !strcmp(s, "warning") ? 1 : !strcmp(s, "info") ? 2 : -1;
}

static int build_rules(struct rep *r)
{
	const char *dir = r->c->data;
	struct strbuf path = STRBUF_INIT;
	size_t k, i, row;
	int rc = 0;
	r->nrules = NDQ + r->v.prog.nrules;
	r->rules = xcalloc(r->nrules, sizeof(*r->rules));
	r->plan = xcalloc(r->nrules, sizeof(*r->plan));
	for (i = 0; i < r->v.plans.nplans; i++)
		for (k = 0; k < r->v.prog.nrules; k++)
			if (r->v.plans.plans[i].rule == r->v.prog.rules[k] && r->v.plans.plans[i].nsteps)
				r->plan[NDQ + k] = &r->v.plans.plans[i];
	for (k = 0; k < NDQ; k++) {
		r->rules[k].id = dq_id((enum dq_kind)k);
		r->rules[k].title = dq_title((enum dq_kind)k);
		r->rules[k].severity = "error";
		r->rules[k].driving = "";
		r->rules[k].is_dq = 1;
	}
	strbuf_addf(&path, "%s/__data.csv", dir);
	if (csvtab_read(&r->datadir, path.buf)) {
		strbuf_release(&path);
		return -1;
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/__not_evaluated.csv", dir);
	if (csvtab_read(&r->notev, path.buf)) {
		strbuf_release(&path);
		return -1;
	}
	for (i = 0; i < r->v.prog.nrules && !rc; i++) {
		const struct rule *ru = r->v.prog.rules[i];
		struct report_rule *rr = &r->rules[NDQ + i];
		char *defines;
		long rows;
		run_describe_rule(rr, ru, &defines);
		if (defines)
			keep(r, defines);
		for (row = 1; row < r->notev.n; row++)
			if (!strcmp(csvtab_cell(&r->notev, row, 0), ru->id)) {
				rr->not_evaluated = 1;
				rr->reason = csvtab_cell(&r->notev, row, 1);
			}
		if (rr->not_evaluated)
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s.csv", dir, rr->driving);
		rows = count_records(path.buf);
		if (rows < 0)
			rc = error("cannot read %s: %s (verdict convert's output for the rules' datasets)", path.buf,
				   strerror(errno));
		rr->rows_evaluated = rows < 0 ? 0 : (size_t)rows;
		rr->no_rows = !rows;
	}
	/* data-quality checks see every row read: those loaded, and those
	 * rejected, each a DQ-ROW-SHAPE finding (added in count()) */
	for (i = 0; i < r->v.prog.ndatasets && !rc; i++) {
		long rows;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s.csv", dir, r->v.prog.datasets[i]->name);
		rows = count_records(path.buf);
		if (rows < 0)
			rc = error("cannot read %s: %s (verdict convert's output for the rules' datasets)", path.buf,
				   strerror(errno));
		else
			for (k = 0; k < NDQ; k++)
				r->rules[k].rows_evaluated += (size_t)rows;
	}
	strbuf_release(&path);
	return rc;
}

/* a before b as text, digit runs compared as numbers ("x:9" < "x:10") */
static int natcmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
			int c;
			while (na > 1 && *a == '0')
				a++, na--;
			while (nb > 1 && *b == '0')
				b++, nb--;
			if (na != nb)
				return na < nb ? -1 : 1;
			if ((c = memcmp(a, b, na)))
				return c;
			a += na;
			b += nb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++, b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
	const struct rep *r = ctx;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	static const int cols[] = { 7, FINDINGS_COL_SOURCE_LINE, FINDINGS_COL_EVIDENCE_SOURCES, FINDINGS_COL_EVIDENCE };
	size_t i;
	int c;
	if (r->rule_of[a] != r->rule_of[b])
		return r->rule_of[a] < r->rule_of[b] ? -1 : 1;
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if ((c = natcmp(cell(r, a, cols[i]), cell(r, b, cols[i]))))
			return c;
	return a < b ? -1 : a > b;
}

static int read_findings(struct rep *r)
{
	const char *path = r->c->from_findings;
	size_t row, i, *nper, *at;
	int rc = 0, raw;
	if (csvtab_read(&r->tab, path))
		return -1;
	for (i = 0; i < FINDINGS_NCOLS; i++)
		r->col[i] = r->tab.n ? csvtab_col(&r->tab, findings_cols[i]) : -1;
	if (r->col[FINDINGS_COL_RULE_ID] < 0 || r->col[FINDINGS_COL_FINGERPRINT] < 0)
		return error("%s: no rule_id and fingerprint columns in its header (a findings CSV: the result of "
			     "verdict sql, or a findings.csv)", path);
	/* findings.csv (it has a status column) neutralized its text cells */
	raw = r->col[FINDINGS_COL_STATUS] < 0;
	r->rule_of = xcalloc(r->tab.n + 1, sizeof(*r->rule_of));
	nper = xcalloc(r->nrules + 1, sizeof(*nper));
	for (row = 1; row < r->tab.n; row++) {
		const char *id = cell(r, row, FINDINGS_COL_RULE_ID), *fp = cell(r, row, FINDINGS_COL_FINGERPRINT);
		for (i = 0; i < r->nrules && strcmp(r->rules[i].id, id); i++)
			;
		if (i == r->nrules) {
			rc = error("%s:%u: rule %s is not in the rule pack (-r)", path, r->tab.rows[row].line, id);
			continue;
		}
		if (strlen(fp) != 16 || strspn(fp, "0123456789abcdef") != 16) {
			rc = error("%s:%u: fingerprint '%s' is not 16 hex digits (sqlite: hash the 'sha256:' column "
				   "first, README \"Scaling out\")", path, r->tab.rows[row].line, fp);
			continue;
		}
		r->rule_of[row] = i;
		nper[i]++;
		if (!raw)
			for (i = 0; i < (size_t)FINDINGS_NCOLS; i++) {
				char *s;
				size_t n;
				if (!findings_col_text((int)i) || r->col[i] < 0 ||
				    (size_t)r->col[i] >= r->tab.rows[row].n)
					continue;
				s = r->tab.rows[row].cells[r->col[i]];
				n = strlen(s);
				if (out_csv_neutral_prefix(s, n))
					memmove(s, s + 1, n);
			}
	}
	/* grouped by rule, file order kept within a rule */
	at = xcalloc(r->nrules + 1, sizeof(*at));
	for (i = 1; i < r->nrules; i++)
		at[i] = at[i - 1] + nper[i - 1];
	r->order = xcalloc(r->tab.n + 1, sizeof(*r->order));
	for (row = 1; row < r->tab.n && !rc; row++)
		r->order[at[r->rule_of[row]]++] = row;
	/* a SQL result comes in any order: the engine's is by driving row
	 * (file, then line), then by the joined rows' lines */
	if (raw && !rc && r->tab.n > 2)
		qsort_r(r->order, r->tab.n - 1, sizeof(*r->order), cmp_rows, r);
	free(nper);
	free(at);
	return rc;
}

static void finding_of(const struct rep *r, size_t row, struct report_finding *f)
{
	const struct report_rule *ru = &r->rules[r->rule_of[row]];
	const char *status = cell(r, row, FINDINGS_COL_STATUS), *sev = cell(r, row, 3);
	memset(f, 0, sizeof(*f));
	f->rule_id = ru->id;
	f->severity = *sev ? sev : ru->severity;
	f->status = *status ? status : "open";
	f->dataset = cell(r, row, 5);
	f->record_key = cell(r, row, FINDINGS_COL_RECORD_KEY);
	f->source_file = cell(r, row, 7);
	f->source_line = (uint32_t)strtoul(cell(r, row, FINDINGS_COL_SOURCE_LINE), NULL, 10);
	f->message = cell(r, row, FINDINGS_COL_MESSAGE);
	f->evidence = cell(r, row, FINDINGS_COL_EVIDENCE);
	f->fingerprint = cell(r, row, FINDINGS_COL_FINGERPRINT);
	f->change = cell(r, row, FINDINGS_COL_CHANGE);
	f->waiver = cell(r, row, FINDINGS_COL_WAIVER);
	f->evidence_sources = cell(r, row, FINDINGS_COL_EVIDENCE_SOURCES);
	f->field = cell(r, row, FINDINGS_COL_FIELD);
	f->raw_value = cell(r, row, FINDINGS_COL_RAW_VALUE);
}

/* f's refs from its evidence ("var=ds[key];...") and evidence_sources
 * ("var=file:line;..."), cut at the separators the bound variables make;
 * none when the evidence does not have that shape */
static void refs_of(struct rep *r, const struct rule_plan *rp, struct report_finding *f)
{
	struct strbuf pre = STRBUF_INIT, next = STRBUF_INIT;
	const char *ev = f->evidence, *src = f->evidence_sources;
	size_t n = 0, k, *keyat, *fileat;
	int i, nb = 0, ok = 1;
	const struct step **st = xcalloc((size_t)rp->nbind + 1, sizeof(*st));
	for (i = 0; i < rp->nbind; i++)
		if ((st[nb] = plan_bound_step(rp, i)))
			nb++;
	keyat = xcalloc((size_t)nb + 1, sizeof(*keyat));
	fileat = xcalloc((size_t)nb + 1, sizeof(*fileat));
	strbuf_reset(&r->refstr);
	ALLOC_GROW(r->refs, (size_t)nb + 1, r->refs_cap);
	for (i = 0; i < nb && ok; i++) {
		struct report_ref *ref = &r->refs[n++];
		const char *end;
		memset(ref, 0, sizeof(*ref));
		ref->var = st[i]->cl->var;
		ref->dataset = st[i]->ds->name;
		/* the key: after "var=ds[", up to "];next=ds2[" or the final "]" */
		strbuf_reset(&pre);
		strbuf_addf(&pre, "%s%s=%s[", i ? ";" : "", ref->var, ref->dataset);
		if (strncmp(ev, pre.buf, pre.len)) {
			ok = 0;
			break;
		}
		ev += pre.len;
		strbuf_reset(&next);
		if (i + 1 < nb)
			strbuf_addf(&next, "];%s=%s[", st[i + 1]->cl->var, st[i + 1]->ds->name);
		else
			strbuf_addch(&next, ']');
		end = i + 1 < nb ? strstr(ev, next.buf) : ev + strlen(ev) - (*ev ? 1 : 0);
		if (!end || (i + 1 == nb && (!*ev || *end != ']'))) {
			ok = 0;
			break;
		}
		keyat[i] = r->refstr.len;
		strbuf_add(&r->refstr, ev, (size_t)(end - ev));
		strbuf_addch(&r->refstr, '\0');
		ev = end + 1;
		/* its source: after "var=", up to ";next=" or the end; file:line */
		fileat[i] = (size_t)-1;
		strbuf_reset(&pre);
		strbuf_addf(&pre, "%s%s=", i ? ";" : "", ref->var);
		if (!strncmp(src, pre.buf, pre.len)) {
			const char *colon = NULL, *p;
			src += pre.len;
			strbuf_reset(&next);
			if (i + 1 < nb)
				strbuf_addf(&next, ";%s=", st[i + 1]->cl->var);
			end = i + 1 < nb ? strstr(src, next.buf) : src + strlen(src);
			if (!end)
				end = src + strlen(src);
			for (p = src; p < end; p++)
				if (*p == ':')
					colon = p;
			if (colon) {
				fileat[i] = r->refstr.len;
				strbuf_add(&r->refstr, src, (size_t)(colon - src));
				strbuf_addch(&r->refstr, '\0');
				ref->line = (uint32_t)strtoul(colon + 1, NULL, 10);
			}
			src = end;
		}
	}
	if (ok && !*ev) {
		for (k = 0; k < n; k++) {
			r->refs[k].key = r->refstr.buf + keyat[k];
			r->refs[k].file = fileat[k] == (size_t)-1 ? NULL : r->refstr.buf + fileat[k];
		}
		f->refs = r->refs;
		f->nrefs = n;
	}
	free(st);
	free(keyat);
	free(fileat);
	strbuf_release(&pre);
	strbuf_release(&next);
}

static void count(struct rep *r)
{
	size_t k;
	for (k = 1; k < r->tab.n; k++) {
		struct report_finding f;
		struct report_rule *ru = &r->rules[r->rule_of[k]];
		int s;
		finding_of(r, k, &f);
		ru->findings++;
		r->total++;
		if (!strcmp(ru->id, dq_id(DQ_ROW_SHAPE))) {
			size_t q;
			for (q = 0; q < NDQ; q++)
				r->rules[q].rows_evaluated++;
		}
		if (!strcmp(f.status, "waived")) {
			ru->waived++;
			r->waived++;
			continue;
		}
		ru->open++;
		if ((s = severity_index(f.severity)) >= 0)
			r->counts[s]++;
	}
}

static void run_context(struct rep *r, struct report_run *run, int argc, char **argv)
{
	static const char *const fail_on[] = { "error", "warning", "info", "never" };
	struct strbuf sb = STRBUF_INIT, val = STRBUF_INIT;
	struct sha256 s;
	unsigned char d[32];
	size_t i;
	time_t now = (time_t)clock_wall();
	struct tm tm;
	const char *file_run_id = r->tab.n > 1 ? cell(r, 1, FINDINGS_COL_RUN_ID) : "";
	const char *file_as_of = r->tab.n > 1 ? cell(r, 1, 1) : "";
	gmtime_r(&now, &tm);
	strftime(r->started, sizeof(r->started), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (*file_run_id)
		snprintf(r->run_id, sizeof(r->run_id), "%s", file_run_id);
	else
		strftime(r->run_id, sizeof(r->run_id), "%Y%m%dT%H%M%SZ-report", &tm);
	if (!r->c->as_of && *file_as_of && !verdict_set_as_of(&r->v, file_as_of, &val)) {
		snprintf(r->as_of, sizeof(r->as_of), "%s", file_as_of);
	} else {
		strbuf_reset(&val);
		value_format_date(&val, r->v.as_of);
		snprintf(r->as_of, sizeof(r->as_of), "%s", val.buf);
		strbuf_reset(&val);
	}
	memset(run, 0, sizeof(*run));
	strbuf_addf(&sb, "%s (report of findings computed elsewhere: %s)", VERDICT_VERSION, r->c->from_findings);
	run->version = keep(r, strbuf_detach(&sb, NULL));
	run->run_id = r->run_id;
	run->as_of = r->as_of;
	run->started = r->started;
	run->ended = r->started;
	strbuf_addstr(&sb, "verdict");
	for (i = 0; i < (size_t)argc; i++)
		strbuf_addf(&sb, " %s", argv[i]);
	run->command_line = keep(r, strbuf_detach(&sb, NULL));
	for (i = 0; i < r->c->nrules; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", r->c->rules[i]);
	run->rule_pack = keep(r, strbuf_detach(&sb, NULL));
	r->files = xcalloc(r->v.prog.nfiles + 1, sizeof(*r->files));
	sha256_init(&s);
	for (i = 0; i < r->v.prog.nfiles; i++) {
		struct sha256 f;
		r->files[i].path = r->v.prog.files[i]->path;
		sha256_init(&f);
		sha256_update(&f, r->v.prog.files[i]->text, r->v.prog.files[i]->len);
		sha256_final(&f, d);
		sha256_hex(d, r->files[i].sha256);
		sha256_update(&s, r->files[i].sha256, 64);
		sha256_update(&s, "  ", 2);
		sha256_update(&s, r->files[i].path, strlen(r->files[i].path));
		sha256_update(&s, "\n", 1);
	}
	sha256_final(&s, d);
	sha256_hex(d, run->rule_pack_sha256);
	run->rule_files = r->files;
	run->nrule_files = r->v.prog.nfiles;
	verdict_bind_defaults(&r->v);
	r->declared = xcalloc(r->v.prog.nparams + 1, sizeof(*r->declared));
	for (i = 0; i < r->v.prog.nparams; i++) {
		r->declared[i].name = r->v.prog.params[i]->name;
		if (r->v.params[i].null)
			continue;
		eval_format(&r->v.pool, &r->v.params[i], &val);
		r->declared[i].value = keep(r, strbuf_detach(&val, NULL));
	}
	run->declared = r->declared;
	run->ndeclared = r->v.prog.nparams;
	memcpy(run->counts, r->counts, sizeof(r->counts));
	run->waived = r->waived;
	run->findings = r->total;
	run->data_dir = r->datadir.n > 1 ? csvtab_cell(&r->datadir, 1, 0) : NULL;
	run->data_dir_abs = r->datadir.n > 1 && *csvtab_cell(&r->datadir, 1, 1) ? csvtab_cell(&r->datadir, 1, 1) : NULL;
	run->fail_on = r->c->fail_on >= 0 && r->c->fail_on < 4 ? fail_on[r->c->fail_on] : NULL;
	strbuf_release(&val);
}

static int exit_status(const struct rep *r)
{
	int s;
	for (s = 0; s < 3 && s <= r->c->fail_on; s++)
		if (r->counts[s] && r->c->fail_on != 3)
			return 1;
	return 0;
}

static int render(struct rep *r, int argc, char **argv)
{
	struct sink_opts so;
	struct sink_summary sum;
	struct report_run run;
	struct sink *sink;
	unsigned sel = 0;
	size_t i, k = 0;
	int rc;
	run_context(r, &run, argc, argv);
	run.exit_status = exit_status(r);
	memset(&so, 0, sizeof(so));
	so.out_dir = r->c->out ? r->c->out : DEFAULT_OUT;
	so.run_id = r->run_id;
	so.as_of = r->as_of;
	so.html_limit = r->c->html_limit;
	so.data_dir = run.data_dir;
	sink_select("html", &sel);
	sink = sink_open(sel, &so);
	if (!sink)
		return 3;
	for (i = 0; i < r->nrules; i++) {
		sink_rule_begin(sink, &r->rules[i]);
		for (; k + 1 < r->tab.n && r->rule_of[r->order[k]] == i; k++) {
			struct report_finding f;
			finding_of(r, r->order[k], &f);
			if (r->plan[i])
				refs_of(r, r->plan[i], &f);
			sink_finding(sink, &f);
		}
		sink_rule_end(sink, &r->rules[i]);
	}
	memset(&sum, 0, sizeof(sum));
	sum.run = &run;
	sum.rules = r->rules;
	sum.nrules = r->nrules;
	rc = sink_finish(sink, &sum) || sink_commit(sink) ? 3 : run.exit_status;
	sink_free(sink);
	if (rc != 3 && !r->c->quiet)
		fprintf(stderr, "report: %zu finding%s of %zu rule%s from %s written to %s\n", r->total,
			r->total == 1 ? "" : "s", r->v.prog.nrules, r->v.prog.nrules == 1 ? "" : "s",
			r->c->from_findings, so.out_dir);
	return rc;
}

int cmd_report(struct cli *c, int argc, char **argv)
{
	struct rep r;
	size_t i;
	int rc = 2;
	if (!c->from_findings || !c->nrules || !c->data)
		return cli_usage_error("report", "%s",
				       "needs --from-findings FILE, -r RULES (the rule table) and -d CONVERTED_DIR "
				       "(verdict convert's output: the rows each rule checked, the rules not evaluated)");
	if (dirs_check_out(c->cmd, c->out ? c->out : DEFAULT_OUT, c->out != NULL))
		return 2;
	memset(&r, 0, sizeof(r));
	strbuf_init(&r.refstr, 0);
	r.c = c;
	verdict_init(&r.v);
	if (!cli_load_rules(&r.v, c) && !cli_settings(&r.v, c) && !build_rules(&r) && !read_findings(&r)) {
		count(&r);
		rc = render(&r, argc, argv);
	}
	for (i = 0; i < r.nstrv; i++)
		free(r.strv[i]);
	free(r.strv);
	free(r.rules);
	free(r.plan);
	free(r.refs);
	strbuf_release(&r.refstr);
	free(r.order);
	free(r.rule_of);
	free(r.files);
	free(r.declared);
	csvtab_release(&r.tab);
	csvtab_release(&r.notev);
	csvtab_release(&r.datadir);
	verdict_release(&r.v);
	return rc;
}
