/*
 * verdict.c - the library API (see verdict.h).
 */
#include "run/verdict.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "lang/check.h"
#include "util/clock.h"
#include "data/format.h"
#include "data/load.h"
#include "lang/parse.h"

void verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	program_init(&v->prog);
	strpool_init(&v->pool);
	diag_init(&v->dc);
	dqlog_init(&v->dq);
	v->as_of = verdict_today();
}

void verdict_release(struct verdict *v)
{
	size_t i;
	if (v->tables)
		for (i = 0; i < v->prog.ndatasets; i++)
			table_release(&v->tables[i]);
	free(v->tables);
	free(v->params);
	free(v->stats);
	if (v->planned)
		plan_release(&v->plans);
	check_release(&v->prog);
	program_release(&v->prog);
	strpool_release(&v->pool);
	diag_release(&v->dc);
	dqlog_release(&v->dq);
	memset(v, 0, sizeof(*v));
}

int64_t verdict_today(void)
{
	int64_t t = (int64_t)clock_wall();
	return (int64_t)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

static int finish_rules(struct verdict *v)
{
	size_t i;
	format_check_program(&v->prog, &v->dc);
	if (v->dc.nerr)
		return -1;
	check_program(&v->prog, &v->pool, &v->dc);
	if (v->dc.nerr)
		return -1;
	plan_program(&v->plans, &v->prog, &v->dc);
	v->planned = 1;
	v->params = xcalloc(v->prog.nparams + 1, sizeof(*v->params));
	for (i = 0; i < v->prog.nparams; i++)
		v->params[i].null = 1;
	v->rules_ok = 1;
	return 0;
}

int verdict_load_rules(struct verdict *v, const char *const *paths, size_t n)
{
	parse_paths(&v->prog, paths, n, &v->dc);
	return finish_rules(v);
}

int verdict_load_rules_text(struct verdict *v, const char *name, const char *text)
{
	parse_srcfile(&v->prog, srcfile_from_string(name, text, strlen(text)), &v->dc);
	return finish_rules(v);
}

int verdict_set_as_of(struct verdict *v, const char *date, struct strbuf *err)
{
	const char *why;
	int64_t d;
	if (value_parse_date(date, strlen(date), &d, &why)) {
		strbuf_addf(err, "--as-of %s: %s", date, why);
		return -1;
	}
	v->as_of = d;
	return 0;
}

static int parse_typed(struct verdict *v, enum vtype t, const char *s, struct value *out, const char **why)
{
	size_t n = strlen(s);
	out->type = (uint8_t)t;
	out->null = 0;
	if (t == VT_TEXT) {
		out->u.s = strpool_intern(&v->pool, s, n);
		return 0;
	}
	return value_parse(t, s, n, &out->u.i, why);
}

int verdict_set_param(struct verdict *v, const char *name, const char *value, struct strbuf *err)
{
	const char *why = "";
	size_t i;
	for (i = 0; i < v->prog.nparams; i++) {
		struct param *p = v->prog.params[i];
		if (strcmp(p->name, name))
			continue;
		if (parse_typed(v, p->type, value, &v->params[i], &why)) {
			strbuf_addf(err, "--param %s=%s: %s", name, value, why);
			return -1;
		}
		p->set = 1;
		return 0;
	}
	strbuf_addf(err, "--param %s: no parameter '%s' is declared in the rules", name, name);
	return -1;
}

static void bind_defaults(struct verdict *v)
{
	struct evalctx x;
	size_t i;
	eval_init(&x, &v->prog, &v->pool, v->tables, v->params, v->as_of);
	for (i = 0; i < v->prog.nparams; i++) {
		struct param *p = v->prog.params[i];
		if (p->set)
			continue;
		v->params[i] = eval_expr(&x, p->dflt);
		if (!v->params[i].null && (v->params[i].type == VT_TEXT) && (v->params[i].u.s & EVAL_LOCAL)) {
			size_t n;
			const char *s = eval_str(&x, v->params[i].u.s, &n);
			v->params[i].u.s = strpool_intern(&v->pool, s, n); /* outlives x */
		}
		if (!v->params[i].null && p->type == VT_DECIMAL && v->params[i].type == VT_INT) {
			v->params[i].u.i *= DEC_SCALE;
			v->params[i].type = VT_DECIMAL;
		}
	}
	eval_release(&x);
}

int verdict_load_data(struct verdict *v, const char *datadir, int progress)
{
	int rc = 0;
	size_t i;
	v->tables = xcalloc(v->prog.ndatasets + 1, sizeof(*v->tables));
	for (i = 0; i < v->prog.ndatasets; i++) {
		table_init(&v->tables[i], v->prog.datasets[i]);
		if (load_dataset(&v->tables[i], datadir, &v->pool, &v->dq, progress))
			rc = -1;
	}
	return rc;
}

int verdict_load_inline(struct verdict *v, const struct load_buffer *tables)
{
	size_t i, k, n = 0;
	int rc = 0;
	v->tables = xcalloc(v->prog.ndatasets + 1, sizeof(*v->tables));
	for (i = 0; i < v->prog.ndatasets; i++) {
		table_init(&v->tables[i], v->prog.datasets[i]);
		if (tables[i].text && load_inline_csv(&v->tables[i], &tables[i], &v->pool, &v->dq))
			rc = -1;
	}
	for (k = 0; k < v->dq.n; k++) /* omitted columns are simply null */
		if (v->dq.items[k].kind != DQ_MISSING_COLUMN)
			v->dq.items[n++] = v->dq.items[k];
	v->dq.n = n;
	return rc;
}

/* ---- evaluation, on one thread or several --------------------------- */

/* a rule's findings, buffered by a worker: records of
 * [int64 rows[nslots]][uint32 msglen][msg bytes] */
struct rulebuf {
	struct strbuf data;
	size_t rows_evaluated, findings, anomalies;
	int done;
};

struct par {
	struct verdict *v;
	struct rulebuf *bufs;
	size_t next;                  /* next rule to take; under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void buffer_finding(void *ud, const struct eval_finding *f)
{
	struct rulebuf *b = ud;
	uint32_t len = (uint32_t)f->msglen;
	strbuf_add(&b->data, f->rows, (size_t)f->rp->rule->nslots * sizeof(int64_t));
	strbuf_add(&b->data, &len, sizeof(len));
	strbuf_add(&b->data, f->msg, f->msglen);
}

static void *worker(void *arg)
{
	struct par *p = arg;
	struct evalctx x;
	eval_init(&x, &p->v->prog, &p->v->pool, p->v->tables, p->v->params, p->v->as_of);
	for (;;) {
		size_t i;
		struct rulebuf *b;
		pthread_mutex_lock(&p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->v->plans.nplans)
			break;
		b = &p->bufs[i];
		x.anomalies = 0;
		eval_rule(&x, &p->v->plans.plans[i], buffer_finding, b);
		pthread_mutex_lock(&p->mu);
		b->rows_evaluated = x.rows_evaluated;
		b->findings = x.nfindings;
		b->anomalies = x.anomalies;
		b->done = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	eval_release(&x);
	return NULL;
}

/* hands rule i's buffered findings to the sink, in their order */
static void replay(struct verdict *v, size_t i, struct rulebuf *b, const struct verdict_sink *sink)
{
	const struct rule_plan *rp = &v->plans.plans[i];
	size_t rows = (size_t)rp->rule->nslots * sizeof(int64_t), off = 0;
	int64_t *slots = xmalloc(rows + sizeof(int64_t));
	while (off < b->data.len) {
		struct eval_finding f;
		uint32_t len;
		memcpy(slots, b->data.buf + off, rows);
		memcpy(&len, b->data.buf + off + rows, sizeof(len));
		f.rp = rp;
		f.rows = slots;
		f.msg = b->data.buf + off + rows + sizeof(len);
		f.msglen = len;
		sink->finding(sink->ud, &f);
		off += rows + sizeof(len) + len;
	}
	free(slots);
	strbuf_release(&b->data);
}

static void evaluate_parallel(struct verdict *v, int threads, const struct verdict_sink *sink)
{
	struct par p;
	pthread_t *tids = xcalloc((size_t)threads, sizeof(*tids));
	size_t i;
	int t, started = 0;
	memset(&p, 0, sizeof(p));
	p.v = v;
	p.bufs = xcalloc(v->plans.nplans, sizeof(*p.bufs));
	for (i = 0; i < v->plans.nplans; i++)
		strbuf_init(&p.bufs[i].data, 0);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	for (t = 0; t < threads; t++)
		if (!pthread_create(&tids[t], NULL, worker, &p))
			started++;
	if (!started) /* no thread could start: do it here */
		worker(&p);
	for (i = 0; i < v->plans.nplans; i++) {
		pthread_mutex_lock(&p.mu);
		while (!p.bufs[i].done)
			pthread_cond_wait(&p.cv, &p.mu);
		pthread_mutex_unlock(&p.mu);
		if (sink->rule_begin)
			sink->rule_begin(sink->ud, i);
		replay(v, i, &p.bufs[i], sink);
		v->stats[i].rows_evaluated = p.bufs[i].rows_evaluated;
		v->stats[i].findings = p.bufs[i].findings;
		v->anomalies += p.bufs[i].anomalies;
		if (sink->rule_end)
			sink->rule_end(sink->ud, i);
	}
	for (t = 0; t < threads; t++)
		if (tids[t])
			pthread_join(tids[t], NULL);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	free(p.bufs);
	free(tids);
}

static void evaluate_here(struct verdict *v, const struct verdict_sink *sink)
{
	struct evalctx x;
	size_t i;
	eval_init(&x, &v->prog, &v->pool, v->tables, v->params, v->as_of);
	for (i = 0; i < v->plans.nplans; i++) {
		if (sink->rule_begin)
			sink->rule_begin(sink->ud, i);
		eval_rule(&x, &v->plans.plans[i], sink->finding, sink->ud);
		v->stats[i].rows_evaluated = x.rows_evaluated;
		v->stats[i].findings = x.nfindings;
		if (sink->rule_end)
			sink->rule_end(sink->ud, i);
	}
	v->anomalies = x.anomalies;
	eval_release(&x);
}

void verdict_evaluate(struct verdict *v, int threads, const struct verdict_sink *sink)
{
	bind_defaults(v);
	plan_build_indexes(&v->plans, v->tables);
	free(v->stats);
	v->stats = xcalloc(v->plans.nplans + 1, sizeof(*v->stats));
	v->anomalies = 0;
	if (threads > (int)v->plans.nplans)
		threads = (int)v->plans.nplans;
	if (threads > 1)
		evaluate_parallel(v, threads, sink);
	else
		evaluate_here(v, sink);
}

void verdict_run(struct verdict *v, verdict_finding_fn fn, void *ud)
{
	struct verdict_sink sink = { NULL, fn, NULL, ud };
	verdict_evaluate(v, 1, &sink);
}

int verdict_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

void verdict_record_key(const struct verdict *v, const struct dataset *ds, int64_t row, struct strbuf *sb)
{
	const struct table *t = &v->tables[ds->index];
	size_t k;
	if (row < 0) {
		strbuf_addstr(sb, "(none)");
		return;
	}
	if (!ds->nkey) {
		strbuf_addf(sb, "line:%u", t->row_line[row]);
		return;
	}
	for (k = 0; k < ds->nkey; k++) {
		struct value val;
		if (k)
			strbuf_addch(sb, '|');
		table_get(t, (size_t)row, ds->key[k], &val);
		if (!val.null)
			eval_format(&v->pool, &val, sb);
	}
}

const struct rule *verdict_find_rule(const struct verdict *v, const char *id)
{
	size_t i;
	for (i = 0; i < v->prog.nrules; i++)
		if (!strcmp(v->prog.rules[i]->id, id))
			return v->prog.rules[i];
	return NULL;
}
