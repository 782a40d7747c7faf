/*
 * findings_csv.c - findings.csv: every finding, one row each, in the
 * order they arrive (format csv; columns in reports/findings.h).
 */
#include "reports/sink.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "reports/findings.h"

struct findings_csv {
	struct outfile *of;
	const struct sink_opts *o;
	struct strbuf sb;
};

static int findings_csv_open(void **state, struct outfile *of, const struct sink_opts *o)
{
	struct findings_csv *w = xcalloc(1, sizeof(*w));
	w->of = of;
	w->o = o;
	strbuf_init(&w->sb, 4096);
	*state = w;
	findings_csv_header(&w->sb);
	return out_write(of, &w->sb);
}

static void findings_csv_finding(void *state, const struct report_finding *f)
{
	struct findings_csv *w = state;
	findings_csv_line(&w->sb, f, w->o->run_id, w->o->as_of, w->o->csv_raw);
	out_write(w->of, &w->sb);
}

static void findings_csv_free(void *state)
{
	struct findings_csv *w = state;
	if (!w)
		return;
	strbuf_release(&w->sb);
	free(w);
}

const struct sink_ops findings_csv_ops = {
	.open = findings_csv_open,
	.finding = findings_csv_finding,
	.free = findings_csv_free,
};
