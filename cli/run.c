/*
 * run.c - `verdict run`, the pipeline (see run.h): load the rules and the
 * data, hash the inputs, evaluate through verdict_evaluate with a sink
 * that turns each finding into a struct report_finding and fans it out to
 * the selected writers (reports/sink.h), compute the exit status, then
 * finish and commit the outputs.  Findings are streamed: nothing holds
 * all findings in memory.  The writers' formats live in reports/.
 */
#include "cli/run.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/utf8.h"
#include "data/format.h"
#include "run/verdict.h"
#include "reports/sink.h"
#include "cli/cli.h"
#include "cli/fingerprint.h"
#include "cli/nightly.h"
#include "cli/dirs.h"
#include "cli/hint.h"

#define NDQ DQ_NKINDS

struct rr {
	const struct run_opts *o;
	struct verdict v;
	struct sink_opts sink_opts;
	struct sink *sink;          /* the selected writers */
	struct strbuf key, evidence, msg;
	struct strbuf ident, ident_ev;  /* the record's identity and identity evidence (fingerprint.h) */
	struct strbuf refkeys, evsrc;   /* the evidence's keys (NUL-separated) and evidence_sources */
	struct strbuf raw;              /* a data-quality finding's raw value, clipped */
	struct report_ref *refs;        /* the evidence as structs, for report.html */
	size_t refs_cap;
	char *data_dir_abs;
	struct nightly night;           /* --baseline and --waivers */
	size_t counts_new[3];           /* open findings new against the baseline, by severity */
	char pack_id[FP_SIZE];
	char run_id[40], as_of[16], started[32], ended[32];
	double t0;
	struct report_rule *rules;   /* NDQ data-quality kinds, then the program's rules */
	size_t nrules;
	struct report_input *inputs;
	struct report_file **input_files; /* inputs[i].files, owned */
	char **strs;                 /* owned strings of rules, inputs and parameters */
	size_t nstrs;
	struct report_file *files;
	struct report_param *declared;
	size_t counts[3];            /* open findings by severity */
	size_t waived;
	size_t total;
	int input_error;
	int input_missing;           /* a rule not evaluated for a missing (non-optional) input */
	size_t not_evaluated;        /* rules not evaluated */
	int io_error;
	struct strbuf why;
	size_t cur;                  /* index in rules of the rule being run */
	double mono0;                /* clock_mono() at the start, for the summary */
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
		sha256_update(&s, r->inputs[i].sha256, strlen(r->inputs[i].sha256));
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

/* with --timings: the files read in parts on several threads */
static void split_timings(const struct rr *r)
{
	size_t i;
	for (i = 0; r->o->timings && i < r->v.prog.ndatasets; i++)
		if (r->v.tables[i].st.parts > 1)
			fprintf(stderr, "verdict:   %s read in %d parts\n", r->v.tables[i].st.path,
				r->v.tables[i].st.parts);
}

/* with --timings: each rule's evaluation on its thread, findings handed
 * to the writers included */
static void rule_timings(const struct rr *r)
{
	size_t i;
	for (i = 0; r->o->timings && i < r->v.prog.nrules; i++)
		fprintf(stderr, "verdict:   %-32s %8.3f s  %zu rows, %zu findings\n", r->v.prog.rules[i]->id,
			r->v.stats[i].seconds, r->v.stats[i].rows_evaluated, r->v.stats[i].findings);
}

/* ---- finding output ------------------------------------------------ */

/* marks the finding against the baseline and waivers, writes it, counts it */
static void put_finding(struct rr *r, struct report_finding *f, enum severity sev)
{
	struct report_rule *rule = &r->rules[r->cur];
	int is_new;
	f->status = "open";
	f->change = "";
	f->waiver = "";
	f->severity = ast_severity_name(sev);
	is_new = nightly_mark(&r->night, f, rule);
	sink_finding(r->sink, f);
	rule->findings++;
	r->total++;
	if (*f->waiver) {
		r->waived++;
		return;
	}
	rule->open++;
	r->counts[sev]++;
	r->counts_new[sev] += (size_t)is_new;
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
	char fp[FP_SIZE];
	dq_key(r, d);
	strbuf_reset(&r->msg);
	if (*field)
		strbuf_addf(&r->msg, "%s: ", field);
	strbuf_addstr(&r->msg, strpool_str(&r->v.pool, d->msg));
	if (d->raw) {
		strbuf_addstr(&r->msg, " (value: ");
		utf8_add_clipped(&r->msg, strpool_str(&r->v.pool, d->raw), strpool_len(&r->v.pool, d->raw));
		strbuf_addch(&r->msg, ')');
	}
	if (d->col)
		strbuf_addf(&r->msg, " (column %u)", d->col);
	fp_dq(&r->v, d, &r->ident, fp);
	memset(&f, 0, sizeof(f));
	f.rule_id = dq_id(d->kind);
	f.dataset = d->ds->name;
	f.record_key = r->key.buf;
	f.source_file = table_file_path(t, d->file);
	f.source_line = d->line;
	f.message = r->msg.buf;
	f.evidence = "";
	f.evidence_sources = "";
	f.field = field;
	strbuf_reset(&r->raw);
	if (d->raw)
		utf8_add_clipped(&r->raw, strpool_str(&r->v.pool, d->raw), strpool_len(&r->v.pool, d->raw));
	f.raw_value = r->raw.buf;
	f.fingerprint = fp;
	put_finding(r, &f, dq_severity(d));
}

static void emit_dq(struct rr *r)
{
	size_t k, i, total_rows = 0;
	for (i = 0; i < r->v.prog.ndatasets; i++)
		total_rows += r->v.tables[i].st.rows_read;
	for (k = 0; k < NDQ; k++) {
		r->cur = k;
		r->rules[k].rows_evaluated = total_rows;
		sink_rule_begin(r->sink, &r->rules[k]);
		for (i = 0; i < r->v.dq.n; i++)
			if (r->v.dq.items[i].kind == (enum dq_kind)k)
				put_dq(r, &r->v.dq.items[i]);
		sink_rule_end(r->sink, &r->rules[k]);
	}
}

/* ---- rule findings ------------------------------------------------- */

/* every bound record with its file and line: f's refs (for report.html)
 * and its evidence_sources column, "var=file:line" joined by ';' in
 * evidence order ("var=" for a left join that matched nothing) */
static void build_refs(struct rr *r, const struct eval_finding *ef, struct report_finding *f)
{
	const struct rule_plan *rp = ef->rp;
	size_t n = 0, k;
	int i;
	strbuf_reset(&r->refkeys);
	strbuf_reset(&r->evsrc);
	for (i = 0; i < rp->nbind; i++) {
		const struct step *st = plan_bound_step(rp, i);
		const struct table *t;
		struct report_ref *ref;
		int64_t row;
		if (!st)
			continue;
		t = &r->v.tables[st->ds->index];
		row = ef->rows[st->slot];
		ALLOC_GROW(r->refs, n + 1, r->refs_cap);
		ref = &r->refs[n++];
		memset(ref, 0, sizeof(*ref));
		ref->var = st->cl->var;
		ref->dataset = st->ds->name;
		ref->key = (const char *)(uintptr_t)r->refkeys.len; /* an offset until the end */
		if (r->evsrc.len)
			strbuf_addch(&r->evsrc, ';');
		strbuf_addstr(&r->evsrc, st->cl->var);
		strbuf_addch(&r->evsrc, '=');
		if (row >= 0) {
			verdict_record_key(&r->v, st->ds, row, &r->refkeys);
			ref->file = table_file_path(t, table_row_file(t, (size_t)row));
			ref->line = t->row_line[row];
			strbuf_addstr(&r->evsrc, ref->file ? ref->file : "");
			strbuf_addch(&r->evsrc, ':');
			strbuf_addu(&r->evsrc, ref->line);
		}
		strbuf_addch(&r->refkeys, '\0');
	}
	for (k = 0; k < n; k++)
		r->refs[k].key = r->refkeys.buf + (uintptr_t)r->refs[k].key;
	f->refs = r->refs;
	f->nrefs = n;
	f->evidence_sources = r->evsrc.buf;
}

/* whether every dataset the rule binds has a key */
static int all_keyed(const struct rule_plan *rp)
{
	int i;
	for (i = 0; i < rp->nbind; i++) {
		const struct step *st = plan_bound_step(rp, i);
		if (st && !st->ds->nkey)
			return 0;
	}
	return 1;
}

static void on_finding(void *ud, const struct eval_finding *ef)
{
	struct rr *r = ud;
	const struct rule *rule = ef->rp->rule;
	const struct step *drive = &ef->rp->steps[0];
	const struct table *t = &r->v.tables[drive->ds->index];
	int64_t row = ef->rows[drive->slot];
	struct report_finding f;
	char fp[FP_SIZE];
	strbuf_reset(&r->key);
	verdict_record_key(&r->v, drive->ds, row, &r->key);
	fp_evidence(&r->v, ef->rp, ef->rows, verdict_record_key, &r->evidence);
	/* a keyed record's identity is its key (cli/fingerprint.h): the
	 * strings just built, unless some bound dataset has no key */
	strbuf_reset(&r->ident);
	if (drive->ds->nkey)
		strbuf_add(&r->ident, r->key.buf, r->key.len);
	else
		fp_identity(&r->v, drive->ds, row, &r->ident);
	if (all_keyed(ef->rp)) {
		strbuf_reset(&r->ident_ev);
		strbuf_add(&r->ident_ev, r->evidence.buf, r->evidence.len);
	} else {
		fp_evidence(&r->v, ef->rp, ef->rows, fp_identity, &r->ident_ev);
	}
	fp_rule(rule->id, r->ident.buf, r->ident_ev.buf, fp);
	memset(&f, 0, sizeof(f));
	f.rule_id = rule->id;
	f.dataset = drive->ds->name;
	f.record_key = r->key.buf;
	f.source_file = table_file_path(t, row >= 0 ? table_row_file(t, (size_t)row) : 0);
	f.source_line = row >= 0 ? t->row_line[row] : 0;
	strbuf_reset(&r->msg);
	strbuf_add(&r->msg, ef->msg, ef->msglen);
	f.message = r->msg.buf;
	f.evidence = r->evidence.buf;
	f.field = "";
	f.raw_value = "";
	build_refs(r, ef, &f);
	f.fingerprint = fp;
	put_finding(r, &f, rule->severity);
}

/* the progress line while evaluating (a terminal, not -q) */
static void show_rule(const struct rr *r, size_t i)
{
	if (r->o->progress)
		fprintf(stderr, "\rrule %zu/%zu %s ...\033[K", i + 1, r->v.prog.nrules, r->v.prog.rules[i]->id);
}

static void on_rule_begin(void *ud, size_t i)
{
	struct rr *r = ud;
	show_rule(r, i);
	r->cur = NDQ + i;
	sink_rule_begin(r->sink, &r->rules[r->cur]);
}

/* a rule not evaluated: counted, and its reason kept for the terminal */
static void note_not_evaluated(struct rr *r, const struct verdict_rule_stats *st)
{
	r->not_evaluated++;
	r->input_missing |= st->input_missing;
}

static void on_rule_end(void *ud, size_t i)
{
	struct rr *r = ud;
	const struct verdict_rule_stats *st = &r->v.stats[i];
	struct report_rule *rule = &r->rules[r->cur];
	rule->rows_evaluated = st->rows_evaluated;
	rule->not_evaluated = st->not_evaluated;
	rule->reason = st->reason;
	rule->no_rows = !st->not_evaluated && !st->rows_evaluated;
	if (st->not_evaluated)
		note_not_evaluated(r, st);
	sink_rule_end(r->sink, rule);
}

static void emit_rules(struct rr *r)
{
	struct verdict_sink sink = { on_rule_begin, on_finding, on_rule_end, r };
	struct strbuf why = STRBUF_INIT;
	if (verdict_evaluate(&r->v, r->o->threads, &sink, &why)) {
		error("%s", why.buf);
		r->io_error = 1;
	}
	if (r->o->progress && r->v.prog.nrules)
		fputs("\r\033[K", stderr);
	strbuf_release(&why);
}

/* ---- rule table, inputs and parameters ------------------------------ */

static char *keep(struct rr *r, struct strbuf *sb)
{
	char *s = strbuf_detach(sb, NULL);
	r->strs = xrealloc(r->strs, (r->nstrs + 1) * sizeof(char *));
	r->strs[r->nstrs++] = s;
	return s;
}

/* What every report shows of rule ru; the text of the defines it uses
 * (as written, blank-line separated, so the report shows all it checks)
 * is in *defines, to be freed by the caller, or NULL. */
void run_describe_rule(struct report_rule *rr, const struct rule *ru, char **defines)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = 0; i < ru->nuses; i++) {
		if (i)
			strbuf_addstr(&sb, "\n\n");
		strbuf_add(&sb, ru->uses[i]->text, ru->uses[i]->text_len);
	}
	*defines = ru->nuses ? strbuf_detach(&sb, NULL) : (strbuf_release(&sb), NULL);
	rr->id = ru->id;
	rr->title = ru->title ? ru->title : "";
	rr->severity = ast_severity_name(ru->severity);
	rr->policy = ru->policy;
	rr->source = ru->source;
	rr->text = ru->text;
	rr->text_len = ru->text_len;
	rr->defines = *defines;
	rr->file = ru->pos.file ? ru->pos.file->path : NULL;
	rr->line = ru->pos.line;
	rr->driving = ru->clauses[0].ds_name;
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
		struct report_rule *rr = &r->rules[NDQ + i];
		char *defines;
		run_describe_rule(rr, r->v.prog.rules[i], &defines);
		if (defines) {
			r->strs = xrealloc(r->strs, (r->nstrs + 1) * sizeof(char *));
			r->strs[r->nstrs++] = defines;
		}
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

/* the fields of t with decimals rounded, as report counts (kept in r) */
static size_t rounded_counts(struct rr *r, const struct table *t, const struct report_count **out)
{
	struct report_count *c = xcalloc(t->ds->nfields + 1, sizeof(*c));
	size_t fi, n = 0;
	for (fi = 0; fi < t->ds->nfields; fi++)
		if (t->st.rounded[fi]) {
			c[n].name = t->ds->fields[fi].name;
			c[n++].n = t->st.rounded[fi];
		}
	r->strs = xrealloc(r->strs, (r->nstrs + 1) * sizeof(char *));
	r->strs[r->nstrs++] = (char *)c;
	*out = c;
	return n;
}

/* the SHA-256 of each file read (taken while loading), and the input's:
 * its one file's, or of the files' "SHA256  PATH" lines */
static void hash_files(struct rr *r, const struct table *t, struct report_input *in)
{
	struct report_file *files = xcalloc(t->st.nfiles + 1, sizeof(*files));
	struct sha256 s;
	unsigned char d[32];
	size_t k;
	sha256_init(&s);
	for (k = 0; k < t->st.nfiles; k++) {
		files[k].path = t->st.files[k].path;
		files[k].bytes = t->st.files[k].bytes;
		/* digested while loading; read again only if that failed */
		if (t->st.files[k].sha256[0])
			memcpy(files[k].sha256, t->st.files[k].sha256, sizeof(files[k].sha256));
		else if (sha256_file(files[k].path, files[k].sha256))
			files[k].sha256[0] = '\0';
		sha256_update(&s, files[k].sha256, strlen(files[k].sha256));
		sha256_update(&s, "  ", 2);
		sha256_update(&s, files[k].path, strlen(files[k].path));
		sha256_update(&s, "\n", 1);
	}
	sha256_final(&s, d);
	r->input_files[t->ds->index] = files;
	in->files = files;
	in->nfiles = t->st.nfiles;
	in->sha256[0] = '\0';
	if (t->st.nfiles == 1)
		memcpy(in->sha256, files[0].sha256, sizeof(in->sha256));
	else if (t->st.nfiles > 1)
		sha256_hex(d, in->sha256);
}

static void build_input(struct rr *r, const struct table *t, struct report_input *in)
{
	const struct dataset *ds = t->ds;
	const struct source *src = t->st.source >= 0 ? &ds->sources[t->st.source] : &ds->sources[0];
	in->dataset = ds->name;
	in->title = ds->title ? ds->title : "";
	in->path = t->st.path;
	in->format = format_find(src->format)->name;
	in->source = t->st.source >= 0 ? src->path : NULL;
	in->alternative = t->st.source + 1;
	in->optional = ds->optional;
	in->bytes = t->st.bytes;
	hash_files(r, t, in);
	if (!t->st.loaded)
		in->sha256[0] = '\0';
	in->rows_read = t->st.rows_read;
	in->rows_loaded = t->nrows;
	in->rows_rejected = t->st.rows_rejected;
	in->rows_swallowed = t->st.rows_swallowed;
	in->missing = join_names(r, t->st.missing, t->st.nmissing);
	in->extra = join_names(r, t->st.extra, t->st.nextra);
	in->missing_cols = (const char *const *)t->st.missing;
	in->nmissing = t->st.nmissing;
	in->extra_cols = (const char *const *)t->st.extra;
	in->nextra = t->st.nextra;
	in->input_error = t->st.input_error;
	in->error = input_error_text(r, ds);
	in->nrounded = rounded_counts(r, t, &in->rounded);
	if (t->st.input_error) {
		if (r->why.len)
			strbuf_addstr(&r->why, "; ");
		strbuf_addf(&r->why, "%s: %s", t->st.path, in->error ? in->error : "input error");
	}
}


static void build_inputs(struct rr *r)
{
	size_t i;
	r->inputs = xcalloc(r->v.prog.ndatasets + 1, sizeof(*r->inputs));
	r->input_files = xcalloc(r->v.prog.ndatasets + 1, sizeof(*r->input_files));
	for (i = 0; i < r->v.prog.ndatasets; i++)
		build_input(r, &r->v.tables[i], &r->inputs[i]);
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

/* every declared parameter and the value the run used (defaults are
 * computed by the evaluation), for manifest.json */
static void build_params(struct rr *r)
{
	struct strbuf val = STRBUF_INIT;
	size_t i;
	r->declared = xcalloc(r->v.prog.nparams + 1, sizeof(*r->declared));
	for (i = 0; i < r->v.prog.nparams; i++) {
		r->declared[i].name = r->v.prog.params[i]->name;
		if (r->v.params[i].null)
			continue;
		eval_format(&r->v.pool, &r->v.params[i], &val);
		r->declared[i].value = keep(r, &val);
	}
	strbuf_release(&val);
}

/* ---- the run ------------------------------------------------------- */

/* the engine's setters explain their errors in a strbuf */
static int apply_settings(struct rr *r)
{
	return cli_apply_settings(&r->v, r->o->as_of, r->o->params, r->o->nparams);
}

static int open_outputs(struct rr *r)
{
	struct sink_opts *so = &r->sink_opts;
	so->out_dir = r->o->out;
	so->run_id = r->run_id;
	so->as_of = r->as_of;
	so->html_limit = r->o->html_limit;
	so->csv_raw = r->o->csv_raw;
	so->baseline = r->o->baseline != NULL;
	so->data_dir = r->o->data;
	r->sink = sink_open(r->o->writers, so);
	return r->sink ? 0 : -1;
}

/* 1 when open findings (with --fail-on-new: open new findings) at or
 * above --fail-on exist; waived findings never count */
static int exit_status(const struct rr *r)
{
	const size_t *counts = r->o->fail_on_new ? r->counts_new : r->counts;
	size_t s;
	if (r->io_error)
		return 3;
	if (r->input_error || r->input_missing)
		return 2;
	for (s = 0; s < 3 && (int)s <= r->o->fail_on; s++)
		if (counts[s] && r->o->fail_on != 3)
			return 1;
	return 0;
}

static const char *rule_pack(struct rr *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = 0; i < r->o->nrules; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", r->o->rules[i]);
	return keep(r, &sb);
}

/* what the report's header needs to answer "can I sign this?": the data
 * directory (as given and absolute), --fail-on, and the rule pack's digest
 * over its files' "SHA256  PATH\n" lines (as sha256sum prints them) */
static void fill_run_context(struct rr *r, struct report_run *run)
{
	static const char *const fail_on[] = { "error", "warning", "info", "never" };
	struct sha256 s;
	unsigned char d[32];
	size_t i;
	run->data_dir = r->o->data;
	if (!r->data_dir_abs && r->o->data)
		r->data_dir_abs = realpath(r->o->data, NULL);
	run->data_dir_abs = r->data_dir_abs;
	run->fail_on = r->o->fail_on >= 0 && r->o->fail_on < 4 ? fail_on[r->o->fail_on] : NULL;
	run->fail_on_new = r->o->fail_on_new;
	sha256_init(&s);
	for (i = 0; i < r->v.prog.nfiles; i++) {
		sha256_update(&s, r->files[i].sha256, strlen(r->files[i].sha256));
		sha256_update(&s, "  ", 2);
		sha256_update(&s, r->files[i].path, strlen(r->files[i].path));
		sha256_update(&s, "\n", 1);
	}
	sha256_final(&s, d);
	sha256_hex(d, run->rule_pack_sha256);
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
	run->rule_pack = rule_pack(r);
	run->rule_files = r->files;
	run->nrule_files = r->v.prog.nfiles;
	run->declared = r->declared;
	run->ndeclared = r->v.prog.nparams;
	memcpy(run->counts, r->counts, sizeof(r->counts));
	run->waived = r->waived;
	run->findings = r->total;
	run->anomalies = r->v.anomalies;
	run->incomplete = r->input_error || r->input_missing;
	run->incomplete_why = r->why.buf;
	run->exit_status = status;
	run->rule_pack_id = r->pack_id;
	fill_run_context(r, run);
}

/* the rules not evaluated for a missing input join the run's
 * "incomplete" reason */
static void missing_why(struct rr *r)
{
	size_t i;
	for (i = 0; i < r->v.prog.nrules; i++) {
		const struct verdict_rule_stats *st = &r->v.stats[i];
		if (!st->not_evaluated || !st->input_missing || r->input_error)
			continue;
		if (r->why.len)
			strbuf_addstr(&r->why, "; ");
		strbuf_addf(&r->why, "rule %s not evaluated: %s", r->v.prog.rules[i]->id, st->reason);
	}
}

/* finishes every output (manifest.json last), then renames them all into
 * place; returns the exit status */
static int finish(struct rr *r)
{
	struct report_run run;
	struct sink_summary sum;
	double t1 = clock_wall(), duration = clock_fixed() ? 0 : t1 - r->t0;
	iso_time(clock_fixed() ? r->t0 : t1, r->ended, sizeof(r->ended), 0);
	build_params(r);
	missing_why(r);
	fill_run(r, &run, duration, exit_status(r));
	r->night.rep.fail_on_new = r->o->fail_on_new;
	run.nightly = nightly_finish(&r->night, r->rules, r->nrules);
	sum.run = &run;
	sum.rules = r->rules;
	sum.nrules = r->nrules;
	sum.inputs = r->inputs;
	sum.ninputs = r->v.prog.ndatasets;
	if (sink_finish(r->sink, &sum) || sink_commit(r->sink)) {
		r->io_error = 1;
		error("%s: outputs not replaced; the previous run's are still in place", r->o->out);
	}
	return exit_status(r);
}

/* every rule not evaluated, with its reason, on stderr */
static void print_not_evaluated(const struct rr *r)
{
	size_t i;
	if (!r->not_evaluated || !r->v.stats)
		return;
	fprintf(stderr, "verdict: %zu rule%s not evaluated:\n", r->not_evaluated, r->not_evaluated == 1 ? "" : "s");
	for (i = 0; i < r->v.prog.nrules; i++)
		if (r->v.stats[i].not_evaluated)
			fprintf(stderr, "  %s: %s\n", r->v.prog.rules[i]->id, r->v.stats[i].reason);
}

/* each input that could not be read completely, one line each */
static void print_input_errors(const struct rr *r)
{
	size_t i;
	for (i = 0; i < r->v.prog.ndatasets; i++)
		if (r->inputs[i].input_error)
			error("input error: %s: %s", r->inputs[i].path,
			      r->inputs[i].error ? r->inputs[i].error : "input error");
}

/* n with a comma every three digits: 1,234,567 */
static void group_digits(size_t n, struct strbuf *sb)
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%zu", n), i;
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, digits[i]);
	}
}

/* why the exit status is what it is (exit_status()) */
static const char *exit_reason(const struct rr *r, int status)
{
	static const char *const above[] = { "open findings at or above error", "open findings at or above warning",
					     "open findings at or above info" };
	static const char *const none[] = { "no open finding at or above error",
					    "no open finding at or above warning",
					    "no open finding at or above info", "--fail-on never" };
	static const char *const new_above[] = { "new open findings at or above error (--fail-on-new)",
						 "new open findings at or above warning (--fail-on-new)",
						 "new open findings at or above info (--fail-on-new)" };
	static const char *const no_new[] = { "no new open finding at or above error (--fail-on-new)",
					      "no new open finding at or above warning (--fail-on-new)",
					      "no new open finding at or above info (--fail-on-new)" };
	if (status == 3)
		return "an output could not be written";
	if (status == 2)
		return r->input_error ? "input errors; the reports say the run is incomplete"
				      : "rules not evaluated for a missing input";
	if (r->o->fail_on_new && r->o->fail_on < 3)
		return status == 1 ? new_above[r->o->fail_on] : no_new[r->o->fail_on];
	if (status == 1)
		return above[r->o->fail_on];
	return none[r->o->fail_on];
}

/* "verdict: 12 rules: 9 passed, 2 failed[, 1 noted (info)][, 1 with no
 * rows], 1 not evaluated; 1,234 rows
 * checked in 0.42 s; exit 1: open findings at or above error" */
static void print_summary(const struct rr *r, int status)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n[5] = { 0, 0, 0, 0, 0 }, rows = 0, i;   /* pass, fail, no_rows, not_evaluated, noted */
	for (i = NDQ; i < r->nrules; i++) {
		const char *res = report_result(&r->rules[i]);
		n[!strcmp(res, "fail") ? 1 : !strcmp(res, "no_rows") ? 2 : !strcmp(res, "not_evaluated") ? 3
		  : !strcmp(res, "noted") ? 4 : 0]++;
	}
	for (i = 0; i < r->v.prog.ndatasets; i++)
		rows += r->v.tables[i].st.rows_read;
	strbuf_addf(&sb, "verdict: %zu rule%s: %zu passed, %zu failed", r->v.prog.nrules,
		    r->v.prog.nrules == 1 ? "" : "s", n[0], n[1]);
	if (n[4])
		strbuf_addf(&sb, ", %zu noted (info)", n[4]);
	if (n[2])
		strbuf_addf(&sb, ", %zu with no rows", n[2]);
	strbuf_addf(&sb, ", %zu not evaluated; ", n[3]);
	group_digits(rows, &sb);
	strbuf_addf(&sb, " row%s checked in %.2f s; exit %d: %s\n", rows == 1 ? "" : "s", clock_mono() - r->mono0,
		    status, exit_reason(r, status));
	fputs(sb.buf, stderr);
	strbuf_release(&sb);
}

/* on stderr: the findings, input errors, rules not evaluated, the
 * summary; on stdout: where the report is.  -q: errors only. */
static void print_outcome(struct rr *r, int status)
{
	if (!r->o->quiet)
		fprintf(stderr, "verdict: %zu finding%s: %zu error%s, %zu warning%s, %zu info%s\n", r->total,
			r->total == 1 ? "" : "s", r->counts[0], r->counts[0] == 1 ? "" : "s", r->counts[1],
			r->counts[1] == 1 ? "" : "s", r->counts[2], r->input_error ? " (INCOMPLETE: input errors)" : "");
	if (r->input_error)
		print_input_errors(r);
	if (!r->o->quiet || status >= 2)
		print_not_evaluated(r);
	if (r->v.anomalies)
		warning("%zu evaluation anomalies (overflow, division by zero or a regex limit) made values null",
			r->v.anomalies);
	if (!r->o->quiet)
		print_summary(r, status);
	if (status == 3 || r->o->quiet)
		return;
	if (sink_selects(r->o->writers, "html"))
		printf("report: %s/report.html\n", r->o->out);
	else if (sink_writes_files(r->o->writers))
		printf("output: %s/\n", r->o->out);
}

static void rr_release(struct rr *r)
{
	size_t i;
	sink_free(r->sink);
	for (i = 0; i < r->nstrs; i++)
		free(r->strs[i]);
	free(r->strs);
	for (i = 0; r->input_files && i < r->v.prog.ndatasets; i++)
		free(r->input_files[i]);
	free(r->input_files);
	free(r->inputs);
	free(r->files);
	free(r->declared);
	free(r->rules);
	strbuf_release(&r->key);
	strbuf_release(&r->evidence);
	strbuf_release(&r->msg);
	strbuf_release(&r->ident);
	strbuf_release(&r->ident_ev);
	strbuf_release(&r->refkeys);
	strbuf_release(&r->evsrc);
	strbuf_release(&r->raw);
	free(r->refs);
	free(r->data_dir_abs);
	strbuf_release(&r->why);
	nightly_release(&r->night);
	verdict_release(&r->v);
}

static int load_rules(struct rr *r)
{
	struct strbuf diags = STRBUF_INIT;
	verdict_load_rules(&r->v, r->o->rules, r->o->nrules);
	diag_render(&r->v.dc, &diags);
	fputs(diags.buf, stderr);
	strbuf_release(&diags);
	if (r->v.dc.nerr)
		return -1;
	return apply_settings(r);
}

static void set_as_of(struct rr *r)
{
	struct strbuf sb = STRBUF_INIT;
	value_format_date(&sb, r->v.as_of);
	snprintf(r->as_of, sizeof(r->as_of), "%s", sb.buf);
	strbuf_release(&sb);
}

int run_main(const struct run_opts *o)
{
	struct rr r;
	int status;
	double t;
	memset(&r, 0, sizeof(r));
	strbuf_init(&r.key, 64);
	strbuf_init(&r.evidence, 128);
	strbuf_init(&r.msg, 256);
	strbuf_init(&r.ident, 64);
	strbuf_init(&r.ident_ev, 128);
	strbuf_init(&r.why, 0);
	strbuf_init(&r.refkeys, 64);
	strbuf_init(&r.evsrc, 128);
	strbuf_init(&r.raw, 64);
	r.o = o;
	r.t0 = clock_wall();
	t = r.mono0 = clock_mono();
	iso_time(r.t0, r.started, sizeof(r.started), 0);
	verdict_init(&r.v);
	if (load_rules(&r)) {
		rr_release(&r);
		return 2;
	}
	phase(&r, "rules parsed, checked, planned", &t);
	set_as_of(&r);
	baseline_pack_id(&r.v, r.pack_id);
	if (nightly_open(&r.night, o->baseline, o->waivers, &r.v)) {
		rr_release(&r);
		return 2;
	}
	r.input_error = verdict_load_data_threads(&r.v, o->data, o->progress, o->threads) != 0;
	phase(&r, "data loaded", &t);
	split_timings(&r);
	build_rules(&r);
	build_inputs(&r);
	phase(&r, "inputs hashed (sha256)", &t);
	make_run_id(&r);
	if (open_outputs(&r)) {
		rr_release(&r);
		return 3;
	}
	emit_dq(&r);
	emit_rules(&r);
	phase(&r, "rules evaluated, findings written", &t);
	rule_timings(&r);
	status = finish(&r);
	phase(&r, "summary, report.html, manifest", &t);
	print_outcome(&r, status);
	rr_release(&r);
	return status;
}

/* ---- the command -------------------------------------------------- */

const char usage_run[] =
	"usage: verdict run [-r RULES...] [-d DATA_DIR] [-o OUT_DIR] [--as-of DATE]\n"
	"                   [--param NAME=VALUE]... [--fail-on LEVEL] [--format LIST]\n"
	"                   [--html-limit N] [--csv-raw] [--threads N] [--timings]\n"
	"                   [--quiet] [--baseline PREV] [--waivers FILE] [--fail-on-new]\n"
	"\n"
	"Evaluates the rules on the data and writes the reports.  With no options,\n"
	"runs the shipped CSP rule pack (" DEFAULT_RULES ") on the sample exports\n"
	"(" DEFAULT_DATA ") into " DEFAULT_OUT "/.\n"
	"\n"
	"  -r, --rules PATH       rule file or directory; repeatable\n"
	"  -d, --data DIR         directory holding the export files\n"
	"  -o, --out DIR          output directory (default " DEFAULT_OUT ")\n"
	"      --as-of DATE       the run's date (YYYY-MM-DD): today() and $as_of\n"
	"      --param NAME=VALUE set a declared parameter; repeatable\n"
	"      --fail-on LEVEL    error (default), warning, info or never\n"
	"      --format LIST      comma-separated: html, csv, json, text\n"
	"                         (default html,csv; text prints findings to stdout)\n"
	"      --html-limit N     findings shown per rule in report.html (default 500)\n"
	"      --csv-raw          do not neutralize spreadsheet formulas in CSV cells\n"
	"      --threads N        load datasets and the parts of a large CSV file,\n"
	"                         and evaluate rules, N at once (default: the CPUs);\n"
	"                         the outputs are the same for any N\n"
	"      --timings          print how long each phase and each rule took on stderr\n"
	"  -q, --quiet            errors only: no progress display, no summary,\n"
	"                         no report path\n"
	"      --baseline PREV    the previous run's output directory or findings.csv:\n"
	"                         marks findings new or persisting, writes resolved.csv\n"
	"      --waivers FILE     approved exceptions (CSV): matching findings are waived\n"
	"      --fail-on-new      exit 1 only for new open findings (needs --baseline)\n"
	"\n"
	"outputs: findings.csv, summary.csv, report.html, manifest.json\n"
	"         (findings.jsonl with --format json; resolved.csv with --baseline)\n"
	"\n"
	"exit status: 0 no open finding at or above --fail-on, 1 such findings,\n"
	"             2 usage, rule-file or input error, 3 internal error\n";

static char *command_line(int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;
	int i;
	strbuf_addstr(&sb, "verdict");
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		int plain = *a && !strpbrk(a, " \t\"'\\$`!*?&;|<>()");
		strbuf_addch(&sb, ' ');
		if (plain) {
			strbuf_addstr(&sb, a);
			continue;
		}
		strbuf_addch(&sb, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				strbuf_addstr(&sb, "'\\''");
			else
				strbuf_addch(&sb, *a);
		}
		strbuf_addch(&sb, '\'');
	}
	return strbuf_detach(&sb, NULL);
}

/* -d and -o before any work: a usage error names what is wrong */
static int check_dirs(const struct cli *c, const struct run_opts *o)
{
	if (dirs_check_data(c->cmd, o->data, c->data != NULL))
		return 2;
	if (sink_writes_files(o->writers) && dirs_check_out(c->cmd, o->out, c->out != NULL))
		return 2;
	return 0;
}

int cmd_run(struct cli *c, int argc, char **argv)
{
	struct run_opts o;
	char *cmdline = command_line(argc, argv);
	int rc;
	memset(&o, 0, sizeof(o));
	if (!c->nrules)
		cli_push(&c->rules, &c->nrules, DEFAULT_RULES);
	o.rules = c->rules;
	o.nrules = c->nrules;
	o.data = c->data ? c->data : DEFAULT_DATA;
	o.out = c->out ? c->out : DEFAULT_OUT;
	o.as_of = c->as_of;
	o.params = c->params;
	o.nparams = c->nparams;
	o.fail_on = c->fail_on;
	o.writers = c->writers;
	if (!c->formats)
		sink_select(SINK_DEFAULT_FORMATS, &o.writers);
	o.html_limit = c->html_limit;
	o.csv_raw = c->csv_raw;
	o.threads = c->threads ? c->threads : verdict_default_threads();
	o.timings = c->timings;
	o.quiet = c->quiet;
	o.progress = !c->quiet && isatty(2);
	o.command_line = cmdline;
	o.baseline = c->baseline;
	o.waivers = c->waivers;
	o.fail_on_new = c->fail_on_new;
	if (o.fail_on_new && !o.baseline)
		rc = cli_usage_error(c->cmd, "%s needs --baseline", "--fail-on-new");
	else
		rc = check_dirs(c, &o);
	if (!rc)
		rc = run_main(&o);
	free(cmdline);
	return rc;
}

