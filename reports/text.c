/*
 * text.c - format text: every finding as a line on stdout,
 * "RULE_ID severity dataset key: message".  It writes no file; alone, the
 * run writes no files at all.
 */
#include "reports/sink.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/alloc.h"

struct text {
	struct strbuf sb;
};

static int text_open(void **state, struct outfile *of, const struct sink_opts *o)
{
	struct text *w = xcalloc(1, sizeof(*w));
	strbuf_init(&w->sb, 256);
	*state = w;
	return 0;
}

static void text_finding(void *state, const struct report_finding *f)
{
	struct text *w = state;
	strbuf_reset(&w->sb);
	strbuf_addf(&w->sb, "%s %s %s %s: %s\n", f->rule_id, f->severity, f->dataset, f->record_key,
		    f->message);
	fwrite(w->sb.buf, 1, w->sb.len, stdout);
}

static void text_free(void *state)
{
	struct text *w = state;
	if (!w)
		return;
	strbuf_release(&w->sb);
	free(w);
}

const struct sink_ops text_ops = {
	.open = text_open,
	.finding = text_finding,
	.free = text_free,
};
