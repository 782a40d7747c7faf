/*
 * format.c - the table of input formats (see format.h).
 */
#include "data/format.h"

#include <string.h>

#include "util/strbuf.h"

static const struct format formats[] = {
	{ "csv", "CSV", FORMAT_RECORD_NONE, NULL, csvin_read, 0, 0, 1 },
	{ "xml", "XML", FORMAT_RECORD_REQUIRED, "Path/To/Element", xmlin_read, 1, 1, 0 },
	{ "json", "JSON", FORMAT_RECORD_OPTIONAL, "path.to.array", jsonin_read, 0, 0, 0 },
	{ "jsonl", "JSON Lines", FORMAT_RECORD_NONE, NULL, jsonin_read_lines, 0, 0, 0 },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const struct format *format_find(const char *name)
{
	size_t i;
	for (i = 0; i < NFORMATS; i++)
		if (!strcmp(formats[i].name, name))
			return &formats[i];
	return NULL;
}

/* "a, b or c" of the rows' names (titles: with "and") that pass keep */
static void list_formats(struct strbuf *sb, int titles, int (*keep)(const struct format *))
{
	size_t i, n = 0, k = 0;
	for (i = 0; i < NFORMATS; i++)
		n += keep(&formats[i]);
	for (i = 0; i < NFORMATS; i++) {
		if (!keep(&formats[i]))
			continue;
		if (k)
			strbuf_addstr(sb, k + 1 < n ? ", " : titles ? " and " : " or ");
		strbuf_addstr(sb, titles ? formats[i].title : formats[i].name);
		k++;
	}
}

static int any(const struct format *f) { (void)f; return 1; }
static int takes_record(const struct format *f) { return f->record != FORMAT_RECORD_NONE; }

static void unknown_format(const struct source *ds, struct diagctx *dc)
{
	const char *names[NFORMATS];
	const char *dym;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = 0; i < NFORMATS; i++)
		names[i] = formats[i].name;
	dym = diag_suggest(ds->format, names, NFORMATS);
	if (dym) {
		diag_error(dc, ds->format_pos, "unknown format '%s' (did you mean '%s'?)", ds->format, dym);
	} else {
		list_formats(&sb, 0, any);
		diag_error(dc, ds->format_pos, "unknown format '%s' (expected %s)", ds->format, sb.buf);
	}
	strbuf_release(&sb);
}

static int check_record(const struct source *ds, const struct format *f, struct diagctx *dc)
{
	struct strbuf sb = STRBUF_INIT;
	int bad = 0;
	if (ds->record && f->record == FORMAT_RECORD_NONE) {
		list_formats(&sb, 1, takes_record);
		diag_error(dc, ds->record_pos, "'record' applies to %s datasets only (this one is read from %s)",
			   sb.buf, f->name);
		bad = 1;
	} else if (!ds->record && f->record == FORMAT_RECORD_REQUIRED) {
		diag_error(dc, ds->record_pos, "expected 'record \"%s\"' for a dataset read from %s",
			   f->record_example, f->name);
		bad = 1;
	}
	strbuf_release(&sb);
	return bad;
}

static int check_source(const struct source *src, struct diagctx *dc)
{
	const struct format *f = format_find(src->format);
	if (!f) {
		unknown_format(src, dc);
		return 1;
	}
	return check_record(src, f, dc);
}

int format_check_program(const struct program *prog, struct diagctx *dc)
{
	size_t i, k;
	int nerr = 0;
	for (i = 0; i < prog->ndatasets; i++)
		for (k = 0; k < prog->datasets[i]->nsources; k++)
			nerr += check_source(&prog->datasets[i]->sources[k], dc);
	return nerr;
}
