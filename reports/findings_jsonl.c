/*
 * findings_jsonl.c - findings.jsonl: every finding as one JSON object per
 * line, keys in column order (format json; reports/findings.h).
 * source_line is a number, or null.
 */
#include "reports/sink.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "reports/findings.h"

struct findings_jsonl {
	struct outfile *of;
	const struct sink_opts *o;
	struct strbuf sb;
};

static int findings_jsonl_open(void **state, struct outfile *of, const struct sink_opts *o)
{
	struct findings_jsonl *w = xcalloc(1, sizeof(*w));
	w->of = of;
	w->o = o;
	strbuf_init(&w->sb, 4096);
	*state = w;
	return 0;
}

static void findings_jsonl_finding(void *state, const struct report_finding *f)
{
	struct findings_jsonl *w = state;
	struct strbuf *sb = &w->sb;
	const char *cells[FINDINGS_NCOLS];
	char line[FINDINGS_LINE_SIZE];
	int i;
	findings_cells(f, w->o->run_id, w->o->as_of, cells, line);
	strbuf_addch(sb, '{');
	for (i = 0; i < FINDINGS_NCOLS; i++) {
		if (i)
			strbuf_addch(sb, ',');
		out_json_str(sb, findings_cols[i], strlen(findings_cols[i]));
		strbuf_addch(sb, ':');
		if (i == FINDINGS_COL_SOURCE_LINE)
			strbuf_addstr(sb, f->source_line ? line : "null");
		else
			out_json_str(sb, cells[i], strlen(cells[i]));
	}
	strbuf_addstr(sb, "}\n");
	out_write(w->of, sb);
}

static void findings_jsonl_free(void *state)
{
	struct findings_jsonl *w = state;
	if (!w)
		return;
	strbuf_release(&w->sb);
	free(w);
}

const struct sink_ops findings_jsonl_ops = {
	.open = findings_jsonl_open,
	.finding = findings_jsonl_finding,
	.free = findings_jsonl_free,
};
