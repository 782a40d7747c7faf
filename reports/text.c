/*
 * text.c - format text: every finding as a line on stdout,
 * "RULE_ID severity dataset key: message", control characters escaped
 * (utf8_add_escaped: one line per finding, whatever the data holds).  It writes no file; alone, the
 * run writes no files at all.
 */
#include "reports/sink.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "util/utf8.h"

struct text {
	struct strbuf sb, line;
};

static int text_open(void **state, struct outfile *of, const struct sink_opts *o)
{
	struct text *w = xcalloc(1, sizeof(*w));
	strbuf_init(&w->sb, 256);
	strbuf_init(&w->line, 256);
	*state = w;
	return 0;
}

static void text_finding(void *state, const struct report_finding *f)
{
	struct text *w = state;
	strbuf_reset(&w->sb);
	strbuf_reset(&w->line);
	strbuf_addf(&w->sb, "%s %s %s %s: %s", f->rule_id, f->severity, f->dataset, f->record_key,
		    f->message);
	/* issue 14 (7): a CR/LF in the data must not forge a line */
	utf8_add_escaped(&w->line, w->sb.buf, w->sb.len);
	strbuf_addch(&w->line, '\n');
	fwrite(w->line.buf, 1, w->line.len, stdout);
}

static void text_free(void *state)
{
	struct text *w = state;
	if (!w)
		return;
	strbuf_release(&w->sb);
	strbuf_release(&w->line);
	free(w);
}

const struct sink_ops text_ops = {
	.open = text_open,
	.finding = text_finding,
	.free = text_free,
};
