/*
 * summary_csv.c - summary.csv: one row per rule of the rule table, DQ
 * kinds first, with the final counts, the result (report_result()) and,
 * for a rule not evaluated, the reason, then the run's as_of and whether
 * the run is complete (always written with the files).
 * new and resolved are empty without a baseline.
 */
#include "reports/sink.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

struct summary_csv {
	struct outfile *of;
	const struct sink_opts *o;
	struct strbuf sb;
};

static int summary_csv_open(void **state, struct outfile *of, const struct sink_opts *o)
{
	struct summary_csv *w = xcalloc(1, sizeof(*w));
	w->of = of;
	w->o = o;
	strbuf_init(&w->sb, 4096);
	*state = w;
	return 0;
}

static void summary_csv_cell(struct summary_csv *w, const char *s, int last)
{
	out_csv_cell(&w->sb, s, strlen(s), w->o->csv_raw);
	strbuf_addch(&w->sb, last ? '\n' : ',');
}

static int summary_csv_finish(void *state, const struct sink_summary *s)
{
	struct summary_csv *w = state;
	size_t i;
	strbuf_addstr(&w->sb, "run_id,rule_id,title,severity,driving_dataset,rows_evaluated,findings,"
		      "open,waived,new,resolved,result,reason,as_of,complete\n");
	for (i = 0; i < s->nrules; i++) {
		const struct report_rule *ru = &s->rules[i];
		summary_csv_cell(w, s->run->run_id, 0);
		summary_csv_cell(w, ru->id, 0);
		summary_csv_cell(w, ru->title, 0);
		summary_csv_cell(w, ru->severity, 0);
		summary_csv_cell(w, ru->driving, 0);
		strbuf_addf(&w->sb, "%zu,%zu,%zu,%zu,", ru->rows_evaluated, ru->findings, ru->open,
			    ru->waived);
		if (s->run->nightly && s->run->nightly->baseline)
			strbuf_addf(&w->sb, "%zu,%zu,", ru->nnew, ru->nresolved);
		else
			strbuf_addstr(&w->sb, ",,");
		summary_csv_cell(w, report_result(ru), 0);
		summary_csv_cell(w, ru->reason ? ru->reason : "", 0);
		summary_csv_cell(w, s->run->as_of ? s->run->as_of : "", 0);
		summary_csv_cell(w, s->run->incomplete ? "false" : "true", 1);
	}
	return out_write(w->of, &w->sb);
}

static void summary_csv_free(void *state)
{
	struct summary_csv *w = state;
	if (!w)
		return;
	strbuf_release(&w->sb);
	free(w);
}

const struct sink_ops summary_csv_ops = {
	.open = summary_csv_open,
	.finish = summary_csv_finish,
	.free = summary_csv_free,
};
