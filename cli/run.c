/*
 * runreport.c - `verdict run`: evaluation and report writing (see
 * runreport.h).  Findings are streamed: each one is written to
 * findings.csv / findings.jsonl and handed to the HTML writer as it is
 * produced; nothing holds all findings in memory.
 */
#include "cli/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/clock.h"
#include "reports/out.h"
#include "reports/report.h"
#include "util/sha256.h"
#include "run/verdict.h"

#define NDQ DQ_NKINDS

struct rr {
	const struct run_opts *o;
	struct verdict v;
	struct outfile csv, jsonl;
	struct html_report *html;
	struct strbuf buf, err, key, evidence, msg;
	char run_id[40], as_of[16], started[32], ended[32];
	double t0;
	struct report_rule *rules;   /* NDQ data-quality kinds, then the program's rules */
	size_t nrules;
	struct report_input *inputs;
	char **input_strs;           /* owned strings of inputs */
	size_t ninput_strs;
	struct report_file *files;
	size_t counts[3];
	size_t total;
	int input_error;
	int io_error;
	struct strbuf why;
	size_t cur;                  /* index in rules of the rule being run */
};

/* ---- time and ids -------------------------------------------------- */

/* compact: 20261125T010203Z, else 2026-11-25T01:02:03Z */
static void iso_time(double t, char *buf, size_t n, int compact)
{
	time_t s = (time_t)t;
	struct tm tm;
	gmtime_r(&s, &tm);
	if (compact)
		strftime(buf, n, "%Y%m%dT%H%M%SZ", &tm);
	else
		strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* run id: UTC start time + 8 hex digits of a digest of everything read */
static void make_run_id(struct rr *r)
{
	struct sha256 s;
	unsigned char d[32];
	char hex[65], stamp[24];
	size_t i;
	sha256_init(&s);
	sha256_update(&s, r->started, strlen(r->started));
	sha256_update(&s, r->as_of, strlen(r->as_of));
	for (i = 0; i < r->v.prog.nfiles; i++)
		sha256_update(&s, r->files[i].sha256, 64);
	for (i = 0; i < r->v.prog.ndatasets; i++)
		sha256_update(&s, r->inputs[i].sha256, 64);
	for (i = 0; i < r->o->nparams; i++)
		sha256_update(&s, r->o->params[i], strlen(r->o->params[i]) + 1);
	sha256_final(&s, d);
	sha256_hex(d, hex);
	iso_time(r->t0, stamp, sizeof(stamp), 1);
	snprintf(r->run_id, sizeof(r->run_id), "%s-%.8s", stamp, hex);
}

static void phase(const struct rr *r, const char *what, double *t)
{
	double now = clock_mono();
	if (r->o->timings)
		fprintf(stderr, "verdict: %-34s %8.3f s\n", what, now - *t);
	*t = now;
}

static void fingerprint(const char *a, const char *b, const char *c, const char *d, char out[17])
{
	struct sha256 s;
	unsigned char dg[32];
	char hex[65];
	const char *parts[4] = { a, b, c, d };
	int i;
	sha256_init(&s);
	for (i = 0; i < 4; i++) {
		sha256_update(&s, parts[i], strlen(parts[i]));
		sha256_update(&s, "\x1f", 1);
	}
	sha256_final(&s, dg);
	sha256_hex(dg, hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
}

/* ---- finding output ------------------------------------------------ */

static void csv_field(struct rr *r, const char *s, int last)
{
	out_csv_cell(&r->buf, s, strlen(s), r->o->csv_raw);
	strbuf_addch(&r->buf, last ? '\n' : ',');
}

/* The findings columns, a contract (docs/report-formats.md): the one list
 * behind the findings.csv header, its rows and the findings.jsonl keys. */
enum { NCOLS = 14, COL_SOURCE_LINE = 8 };
static const char *const finding_cols[NCOLS] = {
	"run_id", "as_of", "rule_id", "severity", "status", "dataset", "record_key", "source_file",
	"source_line", "message", "evidence", "fingerprint", "change", "waiver"
};

/* the cells of a finding, in column order; line holds source_line's text */
static void finding_cells(const struct rr *r, const struct report_finding *f, const char **cells,
			  char *line, size_t linesz)
{
	snprintf(line, linesz, "%u", f->source_line);
	cells[0] = r->run_id;
	cells[1] = r->as_of;
	cells[2] = f->rule_id;
	cells[3] = f->severity;
	cells[4] = f->status;
	cells[5] = f->dataset;
	cells[6] = f->record_key;
	cells[7] = f->source_file;
	cells[COL_SOURCE_LINE] = f->source_line ? line : "";
	cells[9] = f->message;
	cells[10] = f->evidence;
	cells[11] = f->fingerprint;
	cells[12] = f->change;
	cells[13] = f->waiver;
}

static void write_csv(struct rr *r, const struct report_finding *f)
{
	const char *cells[NCOLS];
	char line[16];
	int i;
	finding_cells(r, f, cells, line, sizeof(line));
	for (i = 0; i < NCOLS; i++)
		csv_field(r, cells[i], i == NCOLS - 1);
	if (out_write(&r->csv, &r->buf, &r->err))
		r->io_error = 1;
}

static void write_jsonl(struct rr *r, const struct report_finding *f)
{
	struct strbuf *sb = &r->buf;
	const char *cells[NCOLS];
	char line[16];
	int i;
	finding_cells(r, f, cells, line, sizeof(line));
	strbuf_addch(sb, '{');
	for (i = 0; i < NCOLS; i++) {
		if (i)
			strbuf_addch(sb, ',');
		out_json_str(sb, finding_cols[i], strlen(finding_cols[i]));
		strbuf_addch(sb, ':');
		if (i == COL_SOURCE_LINE) /* a number, or null */
			strbuf_addstr(sb, f->source_line ? line : "null");
		else
			out_json_str(sb, cells[i], strlen(cells[i]));
	}
	strbuf_addstr(sb, "}\n");
	if (out_write(&r->jsonl, sb, &r->err))
		r->io_error = 1;
}

static void put_finding(struct rr *r, struct report_finding *f, const char *sev)
{
	struct report_rule *rule = &r->rules[r->cur];
	f->status = "open";
	f->change = "";
	f->waiver = "";
	f->severity = sev;
	if (r->o->formats & FMT_OUT_CSV)
		write_csv(r, f);
	if (r->o->formats & FMT_OUT_JSON)
		write_jsonl(r, f);
	if (r->html)
		html_finding(r->html, f);
	if (r->o->formats & FMT_OUT_TEXT)
		printf("%s %s %s %s: %s\n", f->rule_id, f->severity, f->dataset, f->record_key, f->message);
	rule->findings++;
	rule->open++;
	r->total++;
}

/* ---- data-quality findings ----------------------------------------- */

static void dq_key(struct rr *r, const struct dq *d)
{
	strbuf_reset(&r->key);
	if (d->row >= 0)
		verdict_record_key(&r->v, d->ds, d->row, &r->key);
	else if (d->line)
		strbuf_addf(&r->key, "line:%u", d->line);
}

static void put_dq(struct rr *r, const struct dq *d)
{
	const struct table *t = &r->v.tables[d->ds->index];
	const char *field = d->field >= 0 ? d->ds->fields[d->field].name : "";
	struct report_finding f;
	char fp[17];
	dq_key(r, d);
	strbuf_reset(&r->msg);
	if (*field)
		strbuf_addf(&r->msg, "%s: ", field);
	strbuf_addstr(&r->msg, strpool_str(&r->v.pool, d->msg));
	if (d->raw)
		strbuf_addf(&r->msg, " (value: %s)", strpool_str(&r->v.pool, d->raw));
	if (d->col)
		strbuf_addf(&r->msg, " (column %u)", d->col);
	fingerprint(dq_id(d->kind), d->ds->name, r->key.buf, field, fp);
	memset(&f, 0, sizeof(f));
	f.rule_id = dq_id(d->kind);
	f.dataset = d->ds->name;
	f.record_key = r->key.buf;
	f.source_file = t->st.path ? t->st.path : d->ds->path;
	f.source_line = d->line;
	f.message = r->msg.buf;
	f.evidence = "";
	f.fingerprint = fp;
	put_finding(r, &f, ast_severity_name(dq_severity(d)));
	r->counts[dq_severity(d)]++;
}

static void emit_dq(struct rr *r)
{
	size_t k, i, total_rows = 0;
	for (i = 0; i < r->v.prog.ndatasets; i++)
		total_rows += r->v.tables[i].st.rows_read;
	for (k = 0; k < NDQ; k++) {
		r->cur = k;
		r->rules[k].rows_evaluated = total_rows;
		if (r->html)
			html_rule_begin(r->html, &r->rules[k]);
		for (i = 0; i < r->v.dq.n; i++)
			if (r->v.dq.items[i].kind == (enum dq_kind)k)
				put_dq(r, &r->v.dq.items[i]);
		if (r->html)
			html_rule_end(r->html, &r->rules[k]);
	}
}

/* ---- rule findings ------------------------------------------------- */

static void build_evidence(struct rr *r, const struct eval_finding *ef)
{
	const struct rule_plan *rp = ef->rp;
	int i;
	strbuf_reset(&r->evidence);
	for (i = 0; i < rp->nbind; i++) {
		const struct step *st = NULL;
		size_t k;
		for (k = 0; k < rp->nsteps; k++)
			if ((rp->steps[k].kind == ST_SCAN || rp->steps[k].kind == ST_LOOKUP ||
			     rp->steps[k].kind == ST_NESTED) && rp->steps[k].slot == rp->bind_slots[i])
				st = &rp->steps[k];
		if (!st)
			continue;
		if (i)
			strbuf_addch(&r->evidence, ';');
		strbuf_addf(&r->evidence, "%s=%s[", st->cl->var, st->ds->name);
		if (ef->rows[st->slot] >= 0)
			verdict_record_key(&r->v, st->ds, ef->rows[st->slot], &r->evidence);
		strbuf_addch(&r->evidence, ']');
	}
}

static void on_finding(void *ud, const struct eval_finding *ef)
{
	struct rr *r = ud;
	const struct rule *rule = ef->rp->rule;
	const struct step *drive = &ef->rp->steps[0];
	const struct table *t = &r->v.tables[drive->ds->index];
	int64_t row = ef->rows[drive->slot];
	struct report_finding f;
	char fp[17];
	strbuf_reset(&r->key);
	verdict_record_key(&r->v, drive->ds, row, &r->key);
	build_evidence(r, ef);
	fingerprint(rule->id, r->key.buf, r->evidence.buf, "", fp);
	memset(&f, 0, sizeof(f));
	f.rule_id = rule->id;
	f.dataset = drive->ds->name;
	f.record_key = r->key.buf;
	f.source_file = t->st.path ? t->st.path : drive->ds->path;
	f.source_line = row >= 0 ? t->row_line[row] : 0;
	strbuf_reset(&r->msg);
	strbuf_add(&r->msg, ef->msg, ef->msglen);
	f.message = r->msg.buf;
	f.evidence = r->evidence.buf;
	f.fingerprint = fp;
	put_finding(r, &f, ast_severity_name(rule->severity));
	r->counts[rule->severity]++;
}

static void on_rule_begin(void *ud, size_t i)
{
	struct rr *r = ud;
	r->cur = NDQ + i;
	if (r->html)
		html_rule_begin(r->html, &r->rules[r->cur]);
}

static void on_rule_end(void *ud, size_t i)
{
	struct rr *r = ud;
	r->rules[r->cur].rows_evaluated = r->v.stats[i].rows_evaluated;
	if (r->html)
		html_rule_end(r->html, &r->rules[r->cur]);
}

static void emit_rules(struct rr *r)
{
	struct verdict_sink sink = { on_rule_begin, on_finding, on_rule_end, r };
	verdict_evaluate(&r->v, r->o->threads, &sink);
}

/* ---- rule table and inputs ----------------------------------------- */

static char *keep(struct rr *r, struct strbuf *sb)
{
	char *s = strbuf_detach(sb, NULL);
	r->input_strs = xrealloc(r->input_strs, (r->ninput_strs + 1) * sizeof(char *));
	r->input_strs[r->ninput_strs++] = s;
	return s;
}

/* the defines a rule uses, as written, so the report shows all it checks */
static const char *defines_text(struct rr *r, const struct rule *ru)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = 0; i < ru->nuses; i++) {
		if (i)
			strbuf_addstr(&sb, "\n\n");
		strbuf_add(&sb, ru->uses[i]->text, ru->uses[i]->text_len);
	}
	return ru->nuses ? keep(r, &sb) : (strbuf_release(&sb), NULL);
}

static void build_rules(struct rr *r)
{
	size_t k, i;
	r->nrules = NDQ + r->v.prog.nrules;
	r->rules = xcalloc(r->nrules, sizeof(*r->rules));
	for (k = 0; k < NDQ; k++) {
		r->rules[k].id = dq_id((enum dq_kind)k);
		r->rules[k].title = dq_title((enum dq_kind)k);
		r->rules[k].severity = "error";
		r->rules[k].driving = "";
		r->rules[k].is_dq = 1;
	}
	for (i = 0; i < r->v.prog.nrules; i++) {
		const struct rule *ru = r->v.prog.rules[i];
		struct report_rule *rr = &r->rules[NDQ + i];
		rr->id = ru->id;
		rr->title = ru->title ? ru->title : "";
		rr->severity = ast_severity_name(ru->severity);
		rr->policy = ru->policy;
		rr->source = ru->source;
		rr->text = ru->text;
		rr->text_len = ru->text_len;
		rr->defines = defines_text(r, ru);
		rr->file = ru->pos.file ? ru->pos.file->path : NULL;
		rr->line = ru->pos.line;
		rr->driving = ru->clauses[0].ds_name;
	}
}

static const char *join_names(struct rr *r, char **names, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", names[i]);
	return keep(r, &sb);
}

static const char *input_error_text(struct rr *r, const struct dataset *ds)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = 0; i < r->v.dq.n; i++) {
		const struct dq *d = &r->v.dq.items[i];
		if (d->ds != ds || d->kind != DQ_INPUT)
			continue;
		if (sb.len)
			strbuf_addstr(&sb, "; ");
		if (d->line)
			strbuf_addf(&sb, "line %u: ", d->line);
		strbuf_addstr(&sb, strpool_str(&r->v.pool, d->msg));
	}
	return sb.len ? keep(r, &sb) : (strbuf_release(&sb), NULL);
}

static void build_inputs(struct rr *r)
{
	size_t i;
	r->inputs = xcalloc(r->v.prog.ndatasets + 1, sizeof(*r->inputs));
	for (i = 0; i < r->v.prog.ndatasets; i++) {
		const struct table *t = &r->v.tables[i];
		struct report_input *in = &r->inputs[i];
		in->dataset = t->ds->name;
		in->title = t->ds->title ? t->ds->title : "";
		in->path = t->st.path;
		in->format = t->ds->format == FMT_CSV ? "csv" : "xml";
		in->bytes = t->st.bytes;
		if (!t->st.loaded || sha256_file(t->st.path, in->sha256))
			in->sha256[0] = '\0';
		in->rows_read = t->st.rows_read;
		in->rows_loaded = t->nrows;
		in->rows_rejected = t->st.rows_rejected;
		in->missing = join_names(r, t->st.missing, t->st.nmissing);
		in->extra = join_names(r, t->st.extra, t->st.nextra);
		in->input_error = t->st.input_error;
		in->error = input_error_text(r, t->ds);
		if (t->st.input_error) {
			if (r->why.len)
				strbuf_addstr(&r->why, "; ");
			strbuf_addf(&r->why, "%s: %s", t->st.path, in->error ? in->error : "input error");
		}
	}
	r->files = xcalloc(r->v.prog.nfiles + 1, sizeof(*r->files));
	for (i = 0; i < r->v.prog.nfiles; i++) {
		struct sha256 s;
		unsigned char d[32];
		r->files[i].path = r->v.prog.files[i]->path;
		sha256_init(&s);
		sha256_update(&s, r->v.prog.files[i]->text, r->v.prog.files[i]->len);
		sha256_final(&s, d);
		sha256_hex(d, r->files[i].sha256);
	}
}

/* ---- summary and manifest ------------------------------------------ */

static void write_summary(struct rr *r)
{
	struct outfile of;
	size_t i;
	if (out_open(&of, r->o->out, "summary.csv", &r->err)) {
		r->io_error = 1;
		return;
	}
	strbuf_addstr(&r->buf, "run_id,rule_id,title,severity,driving_dataset,rows_evaluated,findings,"
		      "open,waived,new,resolved,result\n");
	for (i = 0; i < r->nrules; i++) {
		const struct report_rule *ru = &r->rules[i];
		csv_field(r, r->run_id, 0);
		csv_field(r, ru->id, 0);
		csv_field(r, ru->title, 0);
		csv_field(r, ru->severity, 0);
		csv_field(r, ru->driving, 0);
		strbuf_addf(&r->buf, "%zu,%zu,%zu,%zu,,,", ru->rows_evaluated, ru->findings, ru->open, ru->waived);
		csv_field(r, ru->open ? "fail" : "pass", 1);
	}
	if (out_write(&of, &r->buf, &r->err) || out_close(&of, &r->err))
		r->io_error = 1;
	if (r->io_error)
		out_abort(&of);
	else if (out_commit(&of, &r->err))
		r->io_error = 1;
}

static void json_num(struct strbuf *sb, const char *k, unsigned long long v, int first)
{
	if (!first)
		strbuf_addch(sb, ',');
	strbuf_addf(sb, "\n    \"%s\": %llu", k, v);
}

static void manifest_inputs(struct rr *r, struct strbuf *sb)
{
	size_t i, k;
	strbuf_addstr(sb, ",\n  \"inputs\": [");
	for (i = 0; i < r->v.prog.ndatasets; i++) {
		const struct report_input *in = &r->inputs[i];
		const struct table *t = &r->v.tables[i];
		strbuf_addf(sb, "%s\n    {\"dataset\": ", i ? "," : "");
		out_json_str(sb, in->dataset, strlen(in->dataset));
		strbuf_addstr(sb, ", \"path\": ");
		out_json_str(sb, in->path, strlen(in->path));
		strbuf_addf(sb, ", \"format\": \"%s\", \"bytes\": %llu, \"sha256\": ", in->format,
			    (unsigned long long)in->bytes);
		if (in->sha256[0])
			strbuf_addf(sb, "\"%s\"", in->sha256);
		else
			strbuf_addstr(sb, "null");
		strbuf_addf(sb, ", \"rows_read\": %zu, \"rows_loaded\": %zu, \"rows_rejected\": %zu",
			    in->rows_read, in->rows_loaded, in->rows_rejected);
		strbuf_addstr(sb, ", \"columns_missing\": [");
		for (k = 0; k < t->st.nmissing; k++) {
			if (k)
				strbuf_addstr(sb, ", ");
			out_json_str(sb, t->st.missing[k], strlen(t->st.missing[k]));
		}
		strbuf_addstr(sb, "], \"columns_extra\": [");
		for (k = 0; k < t->st.nextra; k++) {
			if (k)
				strbuf_addstr(sb, ", ");
			out_json_str(sb, t->st.extra[k], strlen(t->st.extra[k]));
		}
		strbuf_addstr(sb, "], \"input_error\": ");
		if (in->error)
			out_json_str(sb, in->error, strlen(in->error));
		else
			strbuf_addstr(sb, in->input_error ? "true" : "null");
		strbuf_addch(sb, '}');
	}
	strbuf_addstr(sb, "\n  ]");
}

static void manifest_params(struct rr *r, struct strbuf *sb)
{
	size_t i;
	struct strbuf val = STRBUF_INIT;
	strbuf_addstr(sb, ",\n  \"parameters\": {");
	for (i = 0; i < r->v.prog.nparams; i++) {
		strbuf_reset(&val);
		eval_format(&r->v.pool, &r->v.params[i], &val);
		strbuf_addf(sb, "%s\n    ", i ? "," : "");
		out_json_str(sb, r->v.prog.params[i]->name, strlen(r->v.prog.params[i]->name));
		strbuf_addstr(sb, ": ");
		if (r->v.params[i].null)
			strbuf_addstr(sb, "null");
		else
			out_json_str(sb, val.buf, val.len);
	}
	strbuf_addstr(sb, r->v.prog.nparams ? "\n  }" : "}");
	strbuf_release(&val);
}

static void manifest_files(struct rr *r, struct strbuf *sb)
{
	size_t i;
	strbuf_addstr(sb, ",\n  \"rule_files\": [");
	for (i = 0; i < r->v.prog.nfiles; i++) {
		strbuf_addf(sb, "%s\n    {\"path\": ", i ? "," : "");
		out_json_str(sb, r->files[i].path, strlen(r->files[i].path));
		strbuf_addf(sb, ", \"sha256\": \"%s\"}", r->files[i].sha256);
	}
	strbuf_addstr(sb, "\n  ]");
}

static void write_manifest(struct rr *r, double duration, int status, struct outfile *of)
{
	struct strbuf *sb = &r->buf;
	strbuf_addf(sb, "{\n  \"verdict_version\": \"%s\",\n  \"run_id\": \"%s\",\n", VERDICT_VERSION, r->run_id);
	strbuf_addf(sb, "  \"started\": \"%s\",\n  \"ended\": \"%s\",\n  \"duration_seconds\": %.3f,\n",
		    r->started, r->ended, duration);
	strbuf_addf(sb, "  \"as_of\": \"%s\",\n  \"command_line\": ", r->as_of);
	out_json_str(sb, r->o->command_line, strlen(r->o->command_line));
	manifest_params(r, sb);
	manifest_files(r, sb);
	manifest_inputs(r, sb);
	strbuf_addstr(sb, ",\n  \"counts\": {\n    \"by_severity\": {");
	strbuf_addf(sb, "\"error\": %zu, \"warning\": %zu, \"info\": %zu},", r->counts[0], r->counts[1],
		    r->counts[2]);
	strbuf_addf(sb, "\n    \"by_status\": {\"open\": %zu, \"waived\": 0}", r->total);
	json_num(sb, "findings", r->total, 0);
	json_num(sb, "evaluation_anomalies", r->v.anomalies, 0);
	strbuf_addstr(sb, "\n  },\n  \"incomplete\": ");
	strbuf_addstr(sb, r->input_error ? "true" : "false");
	strbuf_addf(sb, ",\n  \"exit_status\": %d\n}\n", status);
	if (out_write(of, sb, &r->err))
		r->io_error = 1;
}

/* ---- the run ------------------------------------------------------- */

static int apply_settings(struct rr *r)
{
	size_t i;
	int rc = 0;
	if (r->o->as_of && verdict_set_as_of(&r->v, r->o->as_of, &r->err))
		rc = -1;
	for (i = 0; !rc && i < r->o->nparams; i++) {
		const char *p = r->o->params[i], *eq = strchr(p, '=');
		char *name;
		if (!eq) {
			strbuf_addf(&r->err, "--param takes NAME=VALUE, not '%s'", p);
			return -1;
		}
		name = xmemdup(p, (size_t)(eq - p));
		rc = verdict_set_param(&r->v, name, eq + 1, &r->err);
		free(name);
	}
	return rc;
}

static int open_outputs(struct rr *r)
{
	if (!(r->o->formats & FMT_OUT_FILES))
		return 0;
	if (out_mkdirs(r->o->out, &r->err))
		return -1;
	out_sweep(r->o->out);
	if ((r->o->formats & FMT_OUT_CSV) && out_open(&r->csv, r->o->out, "findings.csv", &r->err))
		return -1;
	if ((r->o->formats & FMT_OUT_JSON) && out_open(&r->jsonl, r->o->out, "findings.jsonl", &r->err))
		return -1;
	if ((r->o->formats & FMT_OUT_HTML) && !(r->html = html_open(r->o->out, r->o->html_limit, &r->err)))
		return -1;
	if (r->o->formats & FMT_OUT_CSV) {
		int i;
		for (i = 0; i < NCOLS; i++)
			strbuf_addf(&r->buf, "%s%c", finding_cols[i], i == NCOLS - 1 ? '\n' : ',');
		if (out_write(&r->csv, &r->buf, &r->err))
			return -1;
	}
	return 0;
}

static int exit_status(const struct rr *r)
{
	size_t s;
	if (r->io_error)
		return 3;
	if (r->input_error)
		return 2;
	for (s = 0; s < 3 && (int)s <= r->o->fail_on; s++)
		if (r->counts[s] && r->o->fail_on != 3)
			return 1;
	return 0;
}

static void fill_run(struct rr *r, struct report_run *run, double duration, int status)
{
	memset(run, 0, sizeof(*run));
	run->version = VERDICT_VERSION;
	run->run_id = r->run_id;
	run->as_of = r->as_of;
	run->started = r->started;
	run->ended = r->ended;
	run->duration_s = duration;
	run->command_line = r->o->command_line;
	run->rule_files = r->files;
	run->nrule_files = r->v.prog.nfiles;
	memcpy(run->counts, r->counts, sizeof(r->counts));
	run->incomplete = r->input_error;
	run->incomplete_why = r->why.buf;
	run->exit_status = status;
	run->html_limit = r->o->html_limit;
}

static const char *rule_pack(struct rr *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = 0; i < r->o->nrules; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", r->o->rules[i]);
	return keep(r, &sb);
}

/* writes summary, html and manifest, then renames everything into place */
static int finish(struct rr *r)
{
	struct report_run run;
	struct outfile man;
	struct strbuf tmp = STRBUF_INIT;
	double t1 = clock_wall(), duration = clock_fixed() ? 0 : t1 - r->t0;
	int status;
	iso_time(clock_fixed() ? r->t0 : t1, r->ended, sizeof(r->ended), 0);
	if (!(r->o->formats & FMT_OUT_FILES))
		return exit_status(r);
	write_summary(r);
	status = exit_status(r);
	fill_run(r, &run, duration, status);
	run.rule_pack = rule_pack(r);
	if (r->html) {
		strbuf_addf(&tmp, "%s/.verdict-tmp-%ld-report.html", r->o->out, (long)getpid());
		if (html_finish(r->html, tmp.buf, &run, r->rules, r->nrules, r->inputs, r->v.prog.ndatasets, &r->err))
			r->io_error = 1;
	}
	if (out_open(&man, r->o->out, "manifest.json", &r->err)) {
		r->io_error = 1;
	} else {
		write_manifest(r, duration, exit_status(r), &man);
	}
	if (!r->io_error && (r->o->formats & FMT_OUT_CSV) && out_commit(&r->csv, &r->err))
		r->io_error = 1;
	if (!r->io_error && (r->o->formats & FMT_OUT_JSON) && out_commit(&r->jsonl, &r->err))
		r->io_error = 1;
	if (!r->io_error && r->html) {
		struct strbuf fin = STRBUF_INIT;
		strbuf_addf(&fin, "%s/report.html", r->o->out);
		if (rename(tmp.buf, fin.buf)) {
			strbuf_addf(&r->err, "cannot rename %s to %s", tmp.buf, fin.buf);
			r->io_error = 1;
		}
		strbuf_release(&fin);
	}
	if (!r->io_error && man.fp && out_commit(&man, &r->err))
		r->io_error = 1;
	if (man.fp)
		out_abort(&man);
	if (r->io_error && tmp.len)
		unlink(tmp.buf);
	strbuf_release(&tmp);
	return exit_status(r);
}

static void print_outcome(struct rr *r, int status)
{
	if (!r->o->quiet || status >= 2)
		fprintf(stderr, "verdict: %zu finding%s: %zu error%s, %zu warning%s, %zu info%s\n", r->total,
			r->total == 1 ? "" : "s", r->counts[0], r->counts[0] == 1 ? "" : "s", r->counts[1],
			r->counts[1] == 1 ? "" : "s", r->counts[2], r->input_error ? " (INCOMPLETE: input errors)" : "");
	if (r->input_error)
		fprintf(stderr, "verdict: input error: %s\n", r->why.buf);
	if (r->v.anomalies)
		fprintf(stderr, "verdict: warning: %zu evaluation anomalies (overflow, division by zero or a "
			"regex limit) made values null\n", r->v.anomalies);
	if (r->html && status != 3)
		printf("report: %s/report.html\n", r->o->out);
	else if ((r->o->formats & FMT_OUT_FILES) && status != 3)
		printf("output: %s/\n", r->o->out);
}

static void rr_release(struct rr *r)
{
	size_t i;
	if (r->csv.fp || r->csv.tmp)
		out_abort(&r->csv);
	if (r->jsonl.fp || r->jsonl.tmp)
		out_abort(&r->jsonl);
	if (r->html)
		html_free(r->html);
	for (i = 0; i < r->ninput_strs; i++)
		free(r->input_strs[i]);
	free(r->input_strs);
	free(r->inputs);
	free(r->files);
	free(r->rules);
	strbuf_release(&r->buf);
	strbuf_release(&r->err);
	strbuf_release(&r->key);
	strbuf_release(&r->evidence);
	strbuf_release(&r->msg);
	strbuf_release(&r->why);
	verdict_release(&r->v);
}

int runreport_main(const struct run_opts *o)
{
	struct rr r;
	struct strbuf diags = STRBUF_INIT;
	int status;
	double t;
	memset(&r, 0, sizeof(r));
	strbuf_init(&r.buf, 4096);
	strbuf_init(&r.err, 0);
	strbuf_init(&r.key, 64);
	strbuf_init(&r.evidence, 128);
	strbuf_init(&r.msg, 256);
	strbuf_init(&r.why, 0);
	r.o = o;
	r.t0 = clock_wall();
	t = clock_mono();
	iso_time(r.t0, r.started, sizeof(r.started), 0);
	verdict_init(&r.v);
	verdict_load_rules(&r.v, o->rules, o->nrules);
	diag_render(&r.v.dc, &diags);
	fputs(diags.buf, stderr);
	strbuf_release(&diags);
	if (r.v.dc.nerr || apply_settings(&r)) {
		if (r.err.len)
			fprintf(stderr, "verdict run: %s\n", r.err.buf);
		rr_release(&r);
		return 2;
	}
	phase(&r, "rules parsed, checked, planned", &t);
	value_format_date(&r.buf, r.v.as_of);
	snprintf(r.as_of, sizeof(r.as_of), "%s", r.buf.buf);
	strbuf_reset(&r.buf);
	r.input_error = verdict_load_data(&r.v, o->data, o->progress) != 0;
	phase(&r, "data loaded", &t);
	build_rules(&r);
	build_inputs(&r);
	phase(&r, "inputs hashed (sha256)", &t);
	make_run_id(&r);
	if (open_outputs(&r)) {
		fprintf(stderr, "verdict run: %s\n", r.err.buf);
		rr_release(&r);
		return 3;
	}
	emit_dq(&r);
	emit_rules(&r);
	phase(&r, "rules evaluated, findings written", &t);
	status = finish(&r);
	phase(&r, "summary, report.html, manifest", &t);
	if (status == 3)
		fprintf(stderr, "verdict run: %s\n", r.err.buf);
	print_outcome(&r, status);
	rr_release(&r);
	return status;
}
