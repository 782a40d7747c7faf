/*
 * sink.c - the table of writers and the fan-out over them (see sink.h).
 */
#include "reports/sink.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

/* One row per output.  format: the --format name that selects it, NULL
 * for a file written whenever the run writes files; file: its name in the
 * output directory, NULL for none; baseline: written only with a baseline
 * (sink_opts.baseline).  Rows are opened, fed, finished and committed in
 * this order: manifest.json stays last. */
static const struct sink_writer {
	const char *format;
	const char *file;
	const struct sink_ops *ops;
	int baseline;
} writers[] = {
	{ "html", "report.html",    &html_ops, 0 },
	{ "csv",  "findings.csv",   &findings_csv_ops, 0 },
	{ "json", "findings.jsonl", &findings_jsonl_ops, 0 },
	{ "text", NULL,             &text_ops, 0 },
	{ NULL,   "summary.csv",    &summary_csv_ops, 0 },
	{ NULL,   "resolved.csv",   &resolved_csv_ops, 1 },
	{ NULL,   "manifest.json",  &manifest_json_ops, 0 },
};
#define NWRITERS (sizeof(writers) / sizeof(writers[0]))

struct sink_open_writer {
	const struct sink_writer *w;
	void *state;
	struct outfile of;
};

struct sink {
	struct sink_open_writer *open;
	size_t n;
};

int sink_select(const char *list, unsigned *selection)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	int rc = 0;
	size_t i, hits;
	*selection = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = hits = 0; i < NWRITERS; i++)
			if (writers[i].format && !strcmp(tok, writers[i].format))
				*selection |= 1u << i, hits++;
		if (!hits)
			rc = -1;
	}
	free(copy);
	return rc || !*selection ? -1 : 0;
}

int sink_selects(unsigned selection, const char *format)
{
	size_t i;
	for (i = 0; i < NWRITERS; i++)
		if ((selection & (1u << i)) && writers[i].format && !strcmp(writers[i].format, format))
			return 1;
	return 0;
}

int sink_writes_files(unsigned selection)
{
	size_t i;
	for (i = 0; i < NWRITERS; i++)
		if ((selection & (1u << i)) && writers[i].file)
			return 1;
	return 0;
}

static int open_one(struct sink *s, const struct sink_writer *w, const struct sink_opts *o)
{
	struct sink_open_writer *ow = &s->open[s->n];
	memset(ow, 0, sizeof(*ow));
	ow->w = w;
	if (w->file && out_open(&ow->of, o->out_dir, w->file))
		return -1;
	s->n++;
	return w->ops->open(&ow->state, w->file ? &ow->of : NULL, o);
}

struct sink *sink_open(unsigned selection, const struct sink_opts *o)
{
	struct sink *s = xcalloc(1, sizeof(*s));
	int files = sink_writes_files(selection);
	size_t i;
	s->open = xcalloc(NWRITERS, sizeof(*s->open));
	if (files) {
		if (out_mkdirs(o->out_dir)) {
			sink_free(s);
			return NULL;
		}
		out_sweep(o->out_dir);
	}
	for (i = 0; i < NWRITERS; i++) {
		int on = writers[i].format ? (selection & (1u << i)) != 0 : files;
		on = on && (!writers[i].baseline || o->baseline);
		if (on && open_one(s, &writers[i], o)) {
			sink_free(s);
			return NULL;
		}
	}
	return s;
}

void sink_rule_begin(struct sink *s, const struct report_rule *r)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (s->open[i].w->ops->rule_begin)
			s->open[i].w->ops->rule_begin(s->open[i].state, r);
}

void sink_finding(struct sink *s, const struct report_finding *f)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (s->open[i].w->ops->finding)
			s->open[i].w->ops->finding(s->open[i].state, f);
}

void sink_rule_end(struct sink *s, const struct report_rule *r)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (s->open[i].w->ops->rule_end)
			s->open[i].w->ops->rule_end(s->open[i].state, r);
}

int sink_finish(struct sink *s, const struct sink_summary *sum)
{
	size_t i;
	for (i = 0; i < s->n; i++) {
		struct sink_open_writer *ow = &s->open[i];
		if (ow->w->ops->finish && ow->w->ops->finish(ow->state, sum))
			return -1;
		if (ow->w->file && out_close(&ow->of))
			return -1;
	}
	return 0;
}

int sink_commit(struct sink *s)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (s->open[i].w->file && out_commit(&s->open[i].of))
			return -1;
	return 0;
}

void sink_free(struct sink *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		out_abort(&s->open[i].of);
		s->open[i].w->ops->free(s->open[i].state);
	}
	free(s->open);
	free(s);
}
