/*
 * verdict.c - the library API (see verdict.h).
 */
#include "run/verdict.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "lang/check.h"
#include "util/clock.h"
#include "data/format.h"
#include "data/load.h"
#include "lang/parse.h"
#include "run/findbuf.h"

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
	avail_release(v->avail, v->prog.nrules);
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

void verdict_bind_defaults(struct verdict *v)
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

/* ---- loading datasets on several threads ----------------------------
 *
 * Datasets are independent, and so are the parts of a large CSV file
 * (data/load.h, load_split_scan): each job (a dataset, or a part of one)
 * loads into its own table, data-quality log and string pool, the pool a
 * copy of the run's (the rules' strings keep their ids).  The same steps
 * run for any number of threads, so the result does not depend on it:
 *   0. a large CSV file gets one job per thread (load_split_open), its
 *      cuts found (load_split_scan) by this thread while the workers
 *      already load the datasets before it; a part job waits for its
 *      file's cuts, and one the scan found no part for stays empty;
 *   1. every job runs (workers take them in order: dataset order, a
 *      split dataset's parts in file order);
 *   2. a split whose parts did not end cleanly (a stray quote fooled
 *      the cut) is read again whole, on this thread;
 *   3. the pool holding the most strings becomes the run's pool, as it
 *      is: the largest table needs no renumbering;
 *   4. every other pool, in job order, is interned into it, and its
 *      table's text columns and its findings' texts are renumbered;
 *   5. a split dataset's parts are appended to part 0's table, their
 *      findings after its (rows shifted), and the whole is checked
 *      (load_split_finish: a file changed while read, duplicate keys);
 *   6. the logs are appended in job order, as one thread wrote them.
 * String ids thus differ from a load into one pool, but nothing compares
 * ids for order (equal text, equal id, is all that holds, see
 * util/strpool.h), and the rows, lines and findings are the same. */

struct loadjob {
	struct verdict *v;
	const char *datadir;
	int progress;
	size_t njobs;
	size_t *ds, *part;          /* per job: the dataset, the part (0: whole or first) */
	struct table *tables;       /* per job (part 0's is v->tables[ds]) */
	struct strpool *pools;
	struct dqlog *logs;
	int *rcs;
	struct load_split *splits;  /* per dataset (nparts 0: read whole) */
	size_t *want;               /* per dataset: jobs planned (load_split_open), 1 if not split */
	int *scanned;               /* per dataset: its cuts are known (under mu) */
	pthread_mutex_t mu;
	pthread_cond_t scan_done;
	atomic_size_t next;
};

static struct table *job_table(struct loadjob *j, size_t k)
{
	return j->part[k] ? &j->tables[k] : &j->v->tables[j->ds[k]];
}

static void load_one(struct loadjob *j, size_t k)
{
	struct verdict *v = j->v;
	size_t i = j->ds[k];
	struct table *t = job_table(j, k);
	strpool_clone(&j->pools[k], &v->pool);
	dqlog_init(&j->logs[k]);
	table_init(t, v->prog.datasets[i]);
	if (j->splits[i].nparts && j->part[k] < j->splits[i].nparts)
		j->rcs[k] = load_split_part(&j->splits[i], j->part[k], t, &j->pools[k], &j->logs[k]);
	else if (!j->part[k])
		j->rcs[k] = load_dataset(t, j->datadir, &j->pools[k], &j->logs[k], j->progress);
	else
		j->rcs[k] = 0; /* a part the scan found no cut for: empty */
}

/* waits until dataset i's cuts are known (step 0) */
static void await_scan(struct loadjob *j, size_t i)
{
	if (j->want[i] < 2)
		return;
	pthread_mutex_lock(&j->mu);
	while (!j->scanned[i])
		pthread_cond_wait(&j->scan_done, &j->mu);
	pthread_mutex_unlock(&j->mu);
}

static void *load_worker(void *arg)
{
	struct loadjob *j = arg;
	size_t k;
	while ((k = atomic_fetch_add(&j->next, 1)) < j->njobs) {
		await_scan(j, j->ds[k]);
		load_one(j, k);
	}
	return NULL;
}

/* step 0 on this thread: each planned split's cuts, in dataset order */
static void scan_splits(struct loadjob *j)
{
	size_t i;
	for (i = 0; i < j->v->prog.ndatasets; i++) {
		if (j->want[i] < 2)
			continue;
		load_split_scan(&j->splits[i], j->want[i]);
		pthread_mutex_lock(&j->mu);
		j->scanned[i] = 1;
		pthread_cond_broadcast(&j->scan_done);
		pthread_mutex_unlock(&j->mu);
	}
}

/* pool p's strings ahead of the one interned whose index slots are
 * prefetched: the run's pool is far larger than the caches */
#define MERGE_PREFETCH 8

/* hash of p's string id in v's pool (prefetched), or 0 for a raw one */
static uint64_t merge_hash(struct verdict *v, const struct strpool *p, size_t id)
{
	uint64_t h;
	if (strpool_is_raw(p, id))
		return 0;
	h = strpool_hash(&v->pool, strpool_str(p, (uint32_t)id), strpool_len(p, (uint32_t)id));
	strpool_prefetch(&v->pool, h);
	return h;
}

/* Interns pool p's own strings (ids from n0) into the run's pool and
 * renumbers table t and log l to the run's ids. */
static void merge_pool(struct verdict *v, struct strpool *p, size_t n0, struct table *t, struct dqlog *l)
{
	size_t n = p->count, id, r, fi;
	uint32_t *map = xmalloc(n * sizeof(*map));
	uint64_t ahead[MERGE_PREFETCH];
	for (id = 0; id < n0 && id < n; id++)
		map[id] = (uint32_t)id;
	for (id = n0; id < n && id < n0 + MERGE_PREFETCH; id++)
		ahead[id % MERGE_PREFETCH] = merge_hash(v, p, id);
	for (id = n0; id < n; id++) {
		const char *s = strpool_str(p, (uint32_t)id);
		size_t len = strpool_len(p, (uint32_t)id);
		uint64_t h = ahead[id % MERGE_PREFETCH];
		if (id + MERGE_PREFETCH < n)
			ahead[id % MERGE_PREFETCH] = merge_hash(v, p, id + MERGE_PREFETCH);
		if (strpool_is_raw(p, id))
			map[id] = strpool_add_raw(&v->pool, s, len);   /* raw stays raw */
		else
			map[id] = strpool_intern_hashed(&v->pool, h, s, len);
	}
	for (fi = 0; fi < t->ds->nfields; fi++) {
		uint32_t *s = t->cols[fi].s;
		if (s)
			for (r = 0; r < t->nrows; r++)
				s[r] = map[s[r] & ~STRPOOL_RAW];
	}
	for (r = 0; r < l->n; r++) {
		l->items[r].raw = map[l->items[r].raw & ~STRPOOL_RAW];
		l->items[r].msg = map[l->items[r].msg & ~STRPOOL_RAW];
	}
	free(map);
}

/* v->split_min_bytes, else $VERDICT_SPLIT_MIN_BYTES (tests split small
 * files with it), else LOAD_SPLIT_MIN_BYTES */
static uint64_t split_min_bytes(const struct verdict *v)
{
	const char *s = getenv(VERDICT_SPLIT_ENV);
	char *end;
	unsigned long long n;
	if (v->split_min_bytes)
		return v->split_min_bytes;
	if (s && *s >= '0' && *s <= '9') {
		n = strtoull(s, &end, 10);
		if (!*end && n)
			return n;
	}
	return LOAD_SPLIT_MIN_BYTES;
}

/* The jobs: one per dataset, or one per part of a split one. */
static void plan_jobs(struct loadjob *j, int threads)
{
	struct verdict *v = j->v;
	size_t nd = v->prog.ndatasets, i, p, n = 0;
	uint64_t min_bytes = split_min_bytes(v);
	j->splits = xcalloc(nd, sizeof(*j->splits));
	j->want = xcalloc(nd ? nd : 1, sizeof(*j->want));
	j->scanned = xcalloc(nd ? nd : 1, sizeof(*j->scanned));
	for (i = 0; i < nd; i++) {
		int np = 0;
		j->splits[i].fd = -1;
		if (threads > 1)
			np = load_split_open(&j->splits[i], v->prog.datasets[i], j->datadir, (size_t)threads,
					     min_bytes);
		j->want[i] = np > 1 ? (size_t)np : 1;
		n += j->want[i];
	}
	j->njobs = n;
	j->ds = xcalloc(n, sizeof(*j->ds));
	j->part = xcalloc(n, sizeof(*j->part));
	j->tables = xcalloc(n, sizeof(*j->tables));
	j->pools = xcalloc(n, sizeof(*j->pools));
	j->logs = xcalloc(n, sizeof(*j->logs));
	j->rcs = xcalloc(n, sizeof(*j->rcs));
	for (i = 0, n = 0; i < nd; i++)
		for (p = 0; p < j->want[i]; p++, n++) {
			j->ds[n] = i;
			j->part[n] = p;
		}
}

static void run_jobs(struct loadjob *j, int threads)
{
	pthread_t *tids;
	int t, started = 0;
	if ((size_t)threads > j->njobs)
		threads = (int)j->njobs;
	tids = xcalloc((size_t)threads, sizeof(*tids));
	for (t = 1; t < threads; t++)
		if (!pthread_create(&tids[t], NULL, load_worker, j))
			started++;
	scan_splits(j);
	load_worker(j);
	for (t = 1; t <= started; t++)
		pthread_join(tids[t], NULL);
	free(tids);
}

static void drop_job(struct loadjob *j, size_t k)
{
	table_release(job_table(j, k));
	strpool_release(&j->pools[k]);
	dqlog_release(&j->logs[k]);
}

/* Step 2: a split dataset whose parts are not what one reader would have
 * read is read whole into its first job's place; its other jobs become
 * empty (no rows, no strings, no findings). */
static void reread_invalid_splits(struct loadjob *j)
{
	size_t k, q;
	for (k = 0; k < j->njobs; k++) {
		struct load_split *sp = &j->splits[j->ds[k]];
		if (!sp->nparts || j->part[k] || load_split_valid(sp))
			continue;
		drop_job(j, k);
		load_split_release(sp);
		load_one(j, k);
		for (q = k + 1; q < j->njobs && j->ds[q] == j->ds[k]; q++) {
			drop_job(j, q);
			strpool_clone(&j->pools[q], &j->v->pool);
			dqlog_init(&j->logs[q]);
			table_init(&j->tables[q], j->v->prog.datasets[j->ds[q]]);
			j->rcs[q] = 0;
		}
	}
}

/* Step 5, and 6 for a part: part k's rows and findings after the ones
 * before; after the last part, the checks of the whole file. */
static void join_part(struct loadjob *j, size_t k)
{
	struct verdict *v = j->v;
	size_t i = j->ds[k], r;
	struct table *t = &v->tables[i];
	int64_t base = (int64_t)t->nrows;
	struct load_split *sp = &j->splits[i];
	table_append(t, &j->tables[k]);
	for (r = 0; r < j->logs[k].n; r++) {
		struct dq d = j->logs[k].items[r];
		if (!load_split_log_keep(&d))
			continue;
		if (d.row >= 0)
			d.row += base;
		dqlog_add(&v->dq, &d);
	}
	if (j->part[k] + 1 == sp->nparts) {
		t->st.parts = (int)sp->nparts;
		if (load_split_finish(sp, t, &v->pool, &v->dq))
			j->rcs[k] = -1;
	}
	table_release(&j->tables[k]);
}

int verdict_load_data_threads(struct verdict *v, const char *datadir, int progress, int threads)
{
	size_t nd = v->prog.ndatasets, n0 = v->pool.count, k, r, big = 0;
	struct loadjob j;
	int rc = 0;
	v->tables = xcalloc(nd + 1, sizeof(*v->tables));
	if (!nd)
		return 0;
	memset(&j, 0, sizeof(j));
	j.v = v;
	j.datadir = datadir;
	j.progress = progress;
	atomic_init(&j.next, 0);
	pthread_mutex_init(&j.mu, NULL);
	pthread_cond_init(&j.scan_done, NULL);
	if (progress || threads < 1)
		threads = 1; /* one progress line at a time */
	plan_jobs(&j, threads);
	run_jobs(&j, threads);
	reread_invalid_splits(&j);
	for (k = 1; k < j.njobs; k++)
		if (j.pools[k].count > j.pools[big].count)
			big = k;
	strpool_release(&v->pool);
	v->pool = j.pools[big];
	for (k = 0; k < j.njobs; k++) {
		struct load_split *sp = &j.splits[j.ds[k]];
		if (k != big) {
			merge_pool(v, &j.pools[k], n0, job_table(&j, k), &j.logs[k]);
			strpool_release(&j.pools[k]);
		}
		if (sp->nparts && j.part[k] && j.part[k] < sp->nparts) {
			join_part(&j, k);
		} else {
			for (r = 0; r < j.logs[k].n; r++)
				dqlog_add(&v->dq, &j.logs[k].items[r]);
			if (j.part[k]) /* a part of a split read again whole: empty */
				table_release(&j.tables[k]);
		}
		dqlog_release(&j.logs[k]);
		if (j.rcs[k])
			rc = -1;
	}
	for (k = 0; k < nd; k++)
		load_split_release(&j.splits[k]);
	free(j.splits);
	free(j.want);
	free(j.scanned);
	pthread_mutex_destroy(&j.mu);
	pthread_cond_destroy(&j.scan_done);
	free(j.ds);
	free(j.part);
	free(j.tables);
	free(j.pools);
	free(j.logs);
	free(j.rcs);
	return rc;
}

int verdict_load_data(struct verdict *v, const char *datadir, int progress)
{
	return verdict_load_data_threads(v, datadir, progress, 1);
}

int verdict_load_inline(struct verdict *v, const struct load_buffer *tables)
{
	size_t i, k, n = 0;
	int rc = 0;
	v->tables = xcalloc(v->prog.ndatasets + 1, sizeof(*v->tables));
	for (i = 0; i < v->prog.ndatasets; i++) {
		table_init(&v->tables[i], v->prog.datasets[i]);
		v->tables[i].st.absent = tables[i].absent;
		if (tables[i].text && load_inline_csv(&v->tables[i], &tables[i], &v->pool, &v->dq))
			rc = -1;
		free(v->tables[i].col_missing); /* omitted columns are simply null */
		v->tables[i].col_missing = NULL;
	}
	for (k = 0; k < v->dq.n; k++) /* omitted columns are simply null */
		if (v->dq.items[k].kind != DQ_MISSING_COLUMN)
			v->dq.items[n++] = v->dq.items[k];
	v->dq.n = n;
	return rc;
}

/* ---- evaluation on several threads -----------------------------------
 *
 * Workers take rules in order.  The earliest rule not yet delivered (the
 * head) streams its findings straight to the sink; a later rule's findings
 * wait in a findbuf (memory within spill_budget per thread, then a spill
 * file) and are replayed when it becomes the head.
 *
 * The sink has one owner at a time: the thread delivering the head.  The
 * head moves on under mu: the owner that ends rule k delivers every
 * following rule already evaluated, then publishes the first one still
 * running as the head.  Its worker notices (an atomic read per finding)
 * and takes over, or, if it finished meanwhile, finds itself the head when
 * it marks the rule done (under mu too).  So every rule is delivered once,
 * in order, and the owner's sink calls happen before the next owner's
 * (mu, or head's release store and acquire load).
 *
 * After a failure (a spill file error) no rule is begun any more; a rule
 * already begun is ended; workers finish the rule at hand, dropping its
 * findings, and stop.
 */

struct rulejob {
	struct findbuf buf;
	size_t rows_evaluated, findings, anomalies;
	double seconds;               /* evaluating it, on its worker */
	int done;                     /* evaluated; under mu */
	int begun;                    /* rule_begin called; by the owner only */
};

struct par {
	struct verdict *v;
	const struct verdict_sink *sink;
	struct rulejob *jobs;
	struct findbuf_budget budget;
	size_t next;                  /* next rule to take; under mu */
	atomic_size_t head;           /* earliest rule not delivered; stored under mu */
	atomic_int failed;            /* set under mu */
	struct strbuf err;            /* the first failure; under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv;            /* head reached the end, or failed */
};

struct worker {
	struct par *p;
	struct evalctx x;
	struct findbuf_spill spill;
	size_t rule;                  /* the rule being evaluated */
	double t0;                    /* when it began */
	struct strbuf err;
};

static int failed(struct par *p) { return atomic_load(&p->failed); }

static void fail(struct par *p, struct strbuf *why)
{
	pthread_mutex_lock(&p->mu);
	if (!failed(p))
		strbuf_add(&p->err, why->buf, why->len);
	atomic_store(&p->failed, 1);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	strbuf_reset(why);
}

/* the owner: rule_begin, then what rule k's buffer holds */
static void begin_rule(struct par *p, size_t k, struct strbuf *err)
{
	struct rulejob *j = &p->jobs[k];
	const struct verdict_sink *s = p->sink;
	j->begun = 1;
	if (s->rule_begin)
		s->rule_begin(s->ud, k);
	if (findbuf_replay(&j->buf, &p->budget, &p->v->plans.plans[k], s->finding, s->ud, err))
		fail(p, err);
}

/* the owner hands rule k over whole (begun already if it streamed) */
static void deliver(struct par *p, size_t k, struct strbuf *err)
{
	struct rulejob *j = &p->jobs[k];
	if (!j->begun) {
		if (failed(p))
			return;
		begin_rule(p, k, err);
	}
	p->v->stats[k].rows_evaluated = j->rows_evaluated;
	p->v->stats[k].findings = j->findings;
	p->v->stats[k].seconds = j->seconds;
	p->v->anomalies += j->anomalies;
	if (p->sink->rule_end)
		p->sink->rule_end(p->sink->ud, k);
}

/* the owner, done with rule k: delivers the evaluated rules after it and
 * publishes the first one still running as the head */
static void advance(struct par *p, size_t k, struct strbuf *err)
{
	size_t n = p->v->plans.nplans;
	pthread_mutex_lock(&p->mu);
	for (k++; k < n && !failed(p) && p->jobs[k].done; k++) {
		pthread_mutex_unlock(&p->mu);
		deliver(p, k, err);
		pthread_mutex_lock(&p->mu);
	}
	atomic_store_explicit(&p->head, failed(p) ? n : k, memory_order_release);
	if (failed(p) || k == n)
		pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static void worker_finding(void *ud, const struct eval_finding *f)
{
	struct worker *w = ud;
	struct par *p = w->p;
	struct rulejob *j = &p->jobs[w->rule];
	if (failed(p))
		return;
	if (!j->begun && atomic_load_explicit(&p->head, memory_order_acquire) == w->rule) {
		/* just became the head: take over (staged bytes are this thread's) */
		if (findbuf_flush(&j->buf, &w->err))
			fail(p, &w->err);
		else
			begin_rule(p, w->rule, &w->err);
	}
	if (j->begun)
		p->sink->finding(p->sink->ud, f);
	else if (findbuf_add(&j->buf, &p->budget, &w->spill, f, &w->err))
		fail(p, &w->err);
}

static void rule_done(struct worker *w, size_t k)
{
	struct par *p = w->p;
	struct rulejob *j = &p->jobs[k];
	int owner;
	j->rows_evaluated = w->x.rows_evaluated;
	j->findings = w->x.nfindings;
	j->anomalies = w->x.anomalies;
	j->seconds = clock_mono() - w->t0;
	if (!j->begun && findbuf_flush(&j->buf, &w->err))
		fail(p, &w->err);
	pthread_mutex_lock(&p->mu);
	j->done = 1;
	owner = atomic_load(&p->head) == k;
	pthread_mutex_unlock(&p->mu);
	if (owner) {
		deliver(p, k, &w->err);
		advance(p, k, &w->err);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct par *p = w->p;
	for (;;) {
		size_t k;
		pthread_mutex_lock(&p->mu);
		k = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (k >= p->v->plans.nplans || failed(p))
			break;
		w->rule = k;
		w->x.anomalies = 0;
		w->x.rows_evaluated = w->x.nfindings = 0;
		w->t0 = clock_mono();
		if (!p->v->stats[k].not_evaluated)
			eval_rule(&w->x, &p->v->plans.plans[k], worker_finding, w);
		rule_done(w, k);
	}
	return NULL;
}

static void par_init(struct par *p, struct verdict *v, int threads, const struct verdict_sink *sink)
{
	size_t i, per_thread = v->spill_budget ? v->spill_budget : VERDICT_SPILL_BUDGET;
	memset(p, 0, sizeof(*p));
	p->v = v;
	p->sink = sink;
	p->jobs = xcalloc(v->plans.nplans, sizeof(*p->jobs));
	for (i = 0; i < v->plans.nplans; i++)
		findbuf_init(&p->jobs[i].buf);
	atomic_init(&p->budget.held, 0);
	p->budget.limit = per_thread * (size_t)threads;
	atomic_init(&p->head, 0);
	atomic_init(&p->failed, 0);
	strbuf_init(&p->err, 0);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
}

static void par_release(struct par *p)
{
	size_t i;
	for (i = 0; i < p->v->plans.nplans; i++)
		findbuf_release(&p->jobs[i].buf, &p->budget);
	free(p->jobs);
	strbuf_release(&p->err);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
}

static int evaluate_parallel(struct verdict *v, int threads, const struct verdict_sink *sink, struct strbuf *err)
{
	struct par p;
	struct worker *ws = xcalloc((size_t)threads, sizeof(*ws));
	pthread_t *tids = xcalloc((size_t)threads, sizeof(*tids));
	char *started = xcalloc((size_t)threads, 1);
	int t, nstarted = 0, rc;
	par_init(&p, v, threads, sink);
	for (t = 0; t < threads; t++) {
		ws[t].p = &p;
		eval_init(&ws[t].x, &v->prog, &v->pool, v->tables, v->params, v->as_of);
		findbuf_spill_init(&ws[t].spill);
		strbuf_init(&ws[t].err, 0);
	}
	for (t = 0; t < threads; t++)
		nstarted += started[t] = !pthread_create(&tids[t], NULL, worker_main, &ws[t]);
	if (!nstarted) /* no thread could start: do it here */
		worker_main(&ws[0]);
	pthread_mutex_lock(&p.mu);
	while (atomic_load(&p.head) != v->plans.nplans && !failed(&p))
		pthread_cond_wait(&p.cv, &p.mu);
	pthread_mutex_unlock(&p.mu);
	for (t = 0; t < threads; t++) {
		if (started[t])
			pthread_join(tids[t], NULL);
		eval_release(&ws[t].x);
		findbuf_spill_release(&ws[t].spill);
		strbuf_release(&ws[t].err);
	}
	rc = failed(&p) ? -1 : 0;
	if (rc)
		strbuf_add(err, p.err.buf, p.err.len);
	par_release(&p);
	free(started);
	free(tids);
	free(ws);
	return rc;
}

static void evaluate_here(struct verdict *v, const struct verdict_sink *sink)
{
	struct evalctx x;
	size_t i;
	eval_init(&x, &v->prog, &v->pool, v->tables, v->params, v->as_of);
	for (i = 0; i < v->plans.nplans; i++) {
		if (sink->rule_begin)
			sink->rule_begin(sink->ud, i);
		double t0 = clock_mono();
		x.rows_evaluated = x.nfindings = 0;
		if (!v->stats[i].not_evaluated)
			eval_rule(&x, &v->plans.plans[i], sink->finding, sink->ud);
		v->stats[i].seconds = clock_mono() - t0;
		v->stats[i].rows_evaluated = x.rows_evaluated;
		v->stats[i].findings = x.nfindings;
		if (sink->rule_end)
			sink->rule_end(sink->ud, i);
	}
	v->anomalies = x.anomalies;
	eval_release(&x);
}

/* what each rule reads and whether the tables have it (run/avail.h) */
static void mark_not_evaluated(struct verdict *v)
{
	size_t i;
	avail_release(v->avail, v->prog.nrules);
	v->avail = xcalloc(v->prog.nrules + 1, sizeof(*v->avail));
	avail_compute(&v->prog, v->tables, &v->dq, v->avail);
	for (i = 0; i < v->prog.nrules; i++) {
		v->stats[i].not_evaluated = v->avail[i].not_evaluated;
		v->stats[i].input_missing = v->avail[i].input_missing;
		v->stats[i].reason = v->avail[i].reason;
	}
}

int verdict_evaluate(struct verdict *v, int threads, const struct verdict_sink *sink, struct strbuf *err)
{
	verdict_bind_defaults(v);
	plan_build_indexes(&v->plans, v->tables);
	free(v->stats);
	v->stats = xcalloc(v->plans.nplans + 1, sizeof(*v->stats));
	mark_not_evaluated(v);
	v->anomalies = 0;
	if (threads > (int)v->plans.nplans)
		threads = (int)v->plans.nplans;
	if (threads > 1)
		return evaluate_parallel(v, threads, sink, err);
	evaluate_here(v, sink);
	return 0;
}

void verdict_run(struct verdict *v, verdict_finding_fn fn, void *ud)
{
	struct verdict_sink sink = { NULL, fn, NULL, ud };
	verdict_evaluate(v, 1, &sink, NULL); /* one thread: nothing is held back, nothing fails */
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
		if (t->row_file) { /* several files: the line's file name too */
			const char *path = table_file_path(t, table_row_file(t, (size_t)row));
			const char *base = strrchr(path, '/');
			strbuf_addf(sb, "@%s", base ? base + 1 : path);
		}
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

int verdict_knows_id(const struct verdict *v, const char *id)
{
	size_t k;
	for (k = 0; k < DQ_NKINDS; k++)
		if (!strcmp(dq_id((enum dq_kind)k), id))
			return 1;
	return verdict_find_rule(v, id) != NULL;
}
