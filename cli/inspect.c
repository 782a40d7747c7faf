/*
 * inspect.c - `verdict inspect`: load every declared dataset and list what
 * is wrong with the data (counts per dataset, each data-quality finding as
 * file:line[:col]: dataset.field: ID: message (raw)).
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/utf8.h"
#include "data/format.h"
#include "cli/dirs.h"

const char usage_inspect[] =
	"usage: verdict inspect -r RULES... -d DATA_DIR [--quiet]\n"
	"\n"
	"Loads every dataset the rule files declare from DATA_DIR and prints,\n"
	"per dataset, the file, format, rows read, loaded and rejected (with the\n"
	"`from` alternative read and every file, when there are several), and each\n"
	"data-quality finding as  file:line: dataset.field: message (raw value).\n"
	"\n"
	"  -r, --rules PATH   rule file or directory (all *.rules inside); repeatable\n"
	"  -d, --data DIR     directory holding the export files\n"
	"  -q, --quiet        no progress display\n"
	"\n"
	"exit status: 0 loaded, 2 usage, rule-file or input error\n";

/* One line of output: formatted, then every data value in it escaped
 * (utf8_add_escaped: file names, column names and raw values come from
 * the data and must not forge a line or reach the terminal as control
 * characters, issue 14 (7)). */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	struct strbuf raw = STRBUF_INIT, line = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&raw, fmt, ap);
	va_end(ap);
	utf8_add_escaped(&line, raw.buf, raw.len);
	strbuf_addch(&line, '\n');
	fwrite(line.buf, 1, line.len, stdout);
	strbuf_release(&raw);
	strbuf_release(&line);
}

static void print_dq(const struct verdict *v, const struct dq *d, const struct table *t, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addstr(sb, table_file_path(t, d->file));
	if (d->line)
		strbuf_addf(sb, ":%u", d->line);
	if (d->line && d->col)
		strbuf_addf(sb, ":%u", d->col);
	strbuf_addf(sb, ": %s", d->ds->name);
	if (d->field >= 0)
		strbuf_addf(sb, ".%s", d->ds->fields[d->field].name);
	strbuf_addf(sb, ": %s: %s", dq_id(d->kind), strpool_str(&v->pool, d->msg));
	if (d->raw)
		strbuf_addf(sb, " (%s)", strpool_str(&v->pool, d->raw));
	say("%s", sb->buf);
}

/* which alternative was read, and every file when there are several */
static void print_sources(const struct table *t)
{
	const struct dataset *ds = t->ds;
	struct strbuf sb = STRBUF_INIT;
	size_t k;
	if (t->st.absent) {
		load_sources_text(ds, &sb);
		say("  not provided%s: %s", ds->optional ? " (optional)" : "", sb.buf);
	} else if (ds->nsources > 1) {
		say("  source %d of %zu: %s \"%s\"", t->st.source + 1, ds->nsources,
		       ds->sources[t->st.source].format, ds->sources[t->st.source].path);
	}
	for (k = 0; t->st.nfiles > 1 && k < t->st.nfiles; k++)
		say("  file %s, %llu bytes", t->st.files[k].path, (unsigned long long)t->st.files[k].bytes);
	strbuf_release(&sb);
}

/* "  values rounded: UnitPrice 3, Subtotal 1" (decimals rounded to their scale) */
static void print_rounded(const struct table *t, struct strbuf *sb)
{
	size_t fi;
	strbuf_reset(sb);
	for (fi = 0; fi < t->ds->nfields; fi++)
		if (t->st.rounded[fi])
			strbuf_addf(sb, "%s%s %zu", sb->len ? ", " : "", t->ds->fields[fi].name, t->st.rounded[fi]);
	if (sb->len)
		say("  values rounded: %s", sb->buf);
}

static void print_dataset(const struct verdict *v, size_t i)
{
	const struct table *t = &v->tables[i];
	const struct dataset *ds = t->ds;
	const struct source *src = &ds->sources[t->st.source >= 0 ? t->st.source : 0];
	struct strbuf sb = STRBUF_INIT;
	size_t k;
	say("%s%s%s%s: %s %s, %llu bytes", ds->name, ds->title ? " (" : "", ds->title ? ds->title : "",
	       ds->title ? ")" : "", format_find(src->format)->name, t->st.path,
	       (unsigned long long)t->st.bytes);
	print_sources(t);
	printf("  rows read %zu, loaded %zu, rejected %zu", t->st.rows_read, t->nrows, t->st.rows_rejected);
	if (t->st.rows_swallowed)
		printf(", lines swallowed by a rejected record %zu (physical records %zu)", t->st.rows_swallowed,
		       t->st.rows_read + t->st.rows_swallowed);
	printf("%s\n", t->st.input_error ? " (INCOMPLETE: input error)" : "");   /* numbers only */
	for (k = 0; k < t->st.nmissing; k++)
		strbuf_addf(&sb, "%s%s", k ? ", " : "", t->st.missing[k]);
	if (t->st.nmissing)
		say("  columns missing: %s", sb.buf);
	strbuf_reset(&sb);
	for (k = 0; k < t->st.nextra; k++)
		strbuf_addf(&sb, "%s%s", k ? ", " : "", t->st.extra[k]);
	if (t->st.nextra)
		say("  columns ignored: %s", sb.buf);
	print_rounded(t, &sb);
	for (k = 0; k < v->dq.n; k++)
		if (v->dq.items[k].ds == ds)
			print_dq(v, &v->dq.items[k], t, &sb);
	strbuf_release(&sb);
}

int cmd_inspect(struct cli *c, int argc, char **argv)
{
	(void)argc, (void)argv;
	struct verdict v;
	int rc = 0;
	size_t i;
	if (!c->nrules || !c->data)
		return cli_usage_error("inspect", "%s", "needs -r RULES and -d DATA_DIR");
	if (dirs_check_data(c->cmd, c->data, 1))
		return 2;
	verdict_init(&v);
	if (cli_load_rules(&v, c)) {
		verdict_release(&v);
		return 2;
	}
	if (verdict_load_data(&v, c->data, !c->quiet && isatty(2)))
		rc = 2;
	for (i = 0; i < v.prog.ndatasets; i++)
		print_dataset(&v, i);
	printf("%zu dataset%s, %zu data-quality finding%s%s\n", v.prog.ndatasets,
	       v.prog.ndatasets == 1 ? "" : "s", v.dq.n, v.dq.n == 1 ? "" : "s",
	       rc ? "; INPUT ERRORS: some files could not be read completely" : "");
	verdict_release(&v);
	return rc;
}

