/*
 * testrun.h - runs rule text over CSV files with verdict_evaluate on N
 * threads and collects the sink's calls as text (header-only, for the
 * tests of engine/run): "begin R", "R KEY: message" per finding, "end R
 * (rows N, findings N)".  Include after testutil.h.
 */
#ifndef VERDICT_TESTRUN_H
#define VERDICT_TESTRUN_H

#include "run/verdict.h"

struct tr_sink {
	struct strbuf out;
	struct verdict *v;
	int with_rules;   /* also record rule_begin/rule_end */
	unsigned stall_ms; /* rule_begin of the first rule sleeps so long */
};

static inline void tr_finding(void *ud, const struct eval_finding *f)
{
	struct tr_sink *c = ud;
	const struct step *st = &f->rp->steps[0];
	strbuf_addf(&c->out, "%s ", f->rp->rule->id);
	verdict_record_key(c->v, st->ds, f->rows[st->slot], &c->out);
	strbuf_addstr(&c->out, ": ");
	strbuf_add(&c->out, f->msg, f->msglen);
	strbuf_addch(&c->out, '\n');
}

static inline void tr_begin(void *ud, size_t i)
{
	struct tr_sink *c = ud;
	if (i == 0 && c->stall_ms)
		usleep(c->stall_ms * 1000u); /* later rules are held back meanwhile */
	if (c->with_rules)
		strbuf_addf(&c->out, "begin %s\n", c->v->prog.rules[i]->id);
}

static inline void tr_end(void *ud, size_t i)
{
	struct tr_sink *c = ud;
	if (c->with_rules)
		strbuf_addf(&c->out, "end %s (rows %zu, findings %zu)\n", c->v->prog.rules[i]->id,
			    c->v->stats[i].rows_evaluated, c->v->stats[i].findings);
}

struct tr_opts {
	int threads;
	size_t spill_budget;  /* 0: the default */
	int with_rules;
	unsigned stall_ms;    /* see struct tr_sink */
};

/* Writes files (name, text pairs, NULL-ended) to a temporary directory,
 * loads rules (failing the test on a rule error) and the data, evaluates
 * with as_of 2026-11-25.  *out: the sink's calls (caller frees); err: why
 * verdict_evaluate failed.  Returns verdict_evaluate's result. */
static inline int tr_run(const char *rules, const char *const *files, const struct tr_opts *o, char **out,
			 struct strbuf *err)
{
	struct verdict v;
	struct tr_sink c;
	struct verdict_sink sink = { tr_begin, tr_finding, tr_end, &c };
	char tmpl[] = "/tmp/verdict-run-XXXXXX";
	char *dir = mkdtemp(tmpl);
	struct strbuf cmd = STRBUF_INIT;
	int rc;
	size_t i;
	assert_non_null(dir);
	for (i = 0; files[i]; i += 2)
		tu_write(dir, files[i], files[i + 1]);
	verdict_init(&v);
	if (verdict_load_rules_text(&v, "test.rules", rules)) {
		char *d = tu_diags(&v.dc);
		print_error("rule errors:\n%s", d);
		free(d);
		fail();
	}
	assert_int_equal(verdict_set_as_of(&v, "2026-11-25", err), 0);
	assert_int_equal(verdict_load_data(&v, dir, 0), 0);
	v.spill_budget = o->spill_budget;
	strbuf_init(&c.out, 0);
	c.v = &v;
	c.with_rules = o->with_rules;
	c.stall_ms = o->stall_ms;
	rc = verdict_evaluate(&v, o->threads, &sink, err);
	*out = strbuf_detach(&c.out, NULL);
	verdict_release(&v);
	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd.buf), 0);
	strbuf_release(&cmd);
	return rc;
}

/* tr_run that must succeed; the findings text */
static inline char *tr_findings(const char *rules, const char *const *files, int threads)
{
	struct tr_opts o = { threads, 0, 0, 0 };
	struct strbuf err = STRBUF_INIT;
	char *out;
	if (tr_run(rules, files, &o, &out, &err)) {
		print_error("verdict_evaluate: %s\n", err.buf);
		fail();
	}
	strbuf_release(&err);
	return out;
}

#endif
