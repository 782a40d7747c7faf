/*
 * resolved_csv.c - resolved.csv: the baseline's findings that no longer
 * occur (written only with --baseline).  The columns of findings.csv
 * (reports/findings.h), run_id and as_of this run's, change "resolved",
 * every other cell as the baseline had it; rows in the baseline's order.
 */
#include "reports/sink.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "reports/findings.h"

struct resolved_csv {
	struct outfile *of;
	const struct sink_opts *o;
	struct strbuf sb;
};

static int resolved_csv_open(void **state, struct outfile *of, const struct sink_opts *o)
{
	struct resolved_csv *w = xcalloc(1, sizeof(*w));
	w->of = of;
	w->o = o;
	strbuf_init(&w->sb, 4096);
	*state = w;
	return 0;
}

static int resolved_csv_finish(void *state, const struct sink_summary *s)
{
	struct resolved_csv *w = state;
	const struct report_nightly *n = s->run->nightly;
	size_t i;
	int rc;
	findings_csv_header(&w->sb);
	rc = out_write(w->of, &w->sb);
	for (i = 0; !rc && n && i < n->nresolved; i++) {
		findings_csv_line(&w->sb, &n->resolved[i], w->o->run_id, w->o->as_of, w->o->csv_raw);
		rc = out_write(w->of, &w->sb);
	}
	return rc;
}

static void resolved_csv_free(void *state)
{
	struct resolved_csv *w = state;
	if (!w)
		return;
	strbuf_release(&w->sb);
	free(w);
}

const struct sink_ops resolved_csv_ops = {
	.open = resolved_csv_open,
	.finish = resolved_csv_finish,
	.free = resolved_csv_free,
};
