/*
 * convert.c - `verdict convert`: every declared dataset as typed canonical
 * CSV, the values the engine loaded, for `verdict sql` and warehouses
 * (README "Scaling out").
 *
 * OUTDIR/DATASET.csv, one per dataset (a header only when the dataset
 * has no rows or no source), the rows the engine evaluates: a row whose
 * key repeats an earlier row's (DQ-DUPLICATE-KEY) is left out, as the
 * native evaluation leaves it out.  Columns:
 *   __file    the export file the row was read from
 *   __line    the physical line it starts on
 *   __key     its record key (verdict_record_key: findings' record_key)
 *   __ident   its identity for fingerprints (fp_identity)
 *   __null    one character per declared field, in order: 1 null, 0 not
 *   FIELD...  the declared fields: text and enums as loaded, int and
 *             decimal canonical (12.5, no trailing zeros), dates
 *             YYYY-MM-DD, datetimes YYYY-MM-DDTHH:MM:SS[.ffffff]Z (UTC),
 *             bools true/false; a null is an empty cell (__null tells it
 *             from an empty text)
 * OUTDIR/__not_evaluated.csv: rule_id,reason for every rule that would
 * not be evaluated on this data (run/avail.h); `verdict sql -d OUTDIR`
 * leaves them out.
 * OUTDIR/__data.csv: data_dir,data_dir_abs: the -d read (as given, and
 * absolute), for `verdict report --from-findings` (sources shown
 * relative to it, as verdict run's report does).
 * Cells are quoted (RFC 4180) when they hold a comma, a quote, CR or LF.
 * Data-quality findings are not converted: they stay native (verdict run).
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/strbuf.h"
#include "cli/convert.h"
#include "cli/dirs.h"
#include "cli/fingerprint.h"
#include "reports/out.h"

const char usage_convert[] =
	"usage: verdict convert -r RULES... -d DATA_DIR -o OUT_DIR [--quiet]\n"
	"\n"
	"Loads every dataset the rule files declare, as verdict run does, and writes\n"
	"each as typed canonical CSV OUT_DIR/DATASET.csv (columns __file, __line,\n"
	"__key, __ident, __null, then the declared fields), plus\n"
	"OUT_DIR/__not_evaluated.csv (the rules this data cannot evaluate) and\n"
	"OUT_DIR/__data.csv (DATA_DIR, for verdict report --from-findings).\n"
	"The input of verdict sql; data-quality findings stay with verdict run.\n"
	"\n"
	"  -r, --rules PATH   rule file or directory (all *.rules inside); repeatable\n"
	"  -d, --data DIR     directory holding the export files\n"
	"  -o, --out DIR      directory to write the CSV files to (created)\n"
	"  -q, --quiet        no progress display\n"
	"\n"
	"exit status: 0 written (data-quality findings do not count),\n"
	"             2 usage, rule-file or input error, 3 a file could not be written\n";

void convert_cell(struct strbuf *sb, const char *s, size_t n)
{
	size_t i;
	if (!strpbrk(s, ",\"\r\n") && strlen(s) == n) {
		strbuf_add(sb, s, n);
		return;
	}
	strbuf_addch(sb, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, s[i]);
	}
	strbuf_addch(sb, '"');
}

static int write_file(const char *path, const struct strbuf *sb)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(sb->buf, 1, sb->len, f) != sb->len || fclose(f)) {
		error("cannot write %s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

static int convert_dataset(const struct verdict *v, const struct table *t, const char *out)
{
	const struct dataset *ds = t->ds;
	struct strbuf sb = STRBUF_INIT, val = STRBUF_INIT, path = STRBUF_INIT, nulls = STRBUF_INIT;
	size_t r, f;
	int rc;
	strbuf_addstr(&sb, "__file,__line,__key,__ident,__null");
	for (f = 0; f < ds->nfields; f++) {
		strbuf_addch(&sb, ',');
		convert_cell(&sb, ds->fields[f].name, strlen(ds->fields[f].name));
	}
	strbuf_addch(&sb, '\n');
	for (r = 0; r < t->nrows; r++) {
		const char *file = table_file_path(t, table_row_file(t, r));
		if (table_is_dup(t, r))
			continue;
		convert_cell(&sb, file, strlen(file));
		strbuf_addf(&sb, ",%u,", t->row_line[r]);
		strbuf_reset(&val);
		verdict_record_key(v, ds, (int64_t)r, &val);
		convert_cell(&sb, val.buf, val.len);
		strbuf_addch(&sb, ',');
		strbuf_reset(&val);
		fp_identity(v, ds, (int64_t)r, &val);
		convert_cell(&sb, val.buf, val.len);
		strbuf_reset(&nulls);
		for (f = 0; f < ds->nfields; f++) {
			struct value x;
			table_get(t, r, (int)f, &x);
			strbuf_addch(&nulls, x.null ? '1' : '0');
		}
		strbuf_addch(&sb, ',');
		strbuf_add(&sb, nulls.buf, nulls.len);
		for (f = 0; f < ds->nfields; f++) {
			struct value x;
			table_get(t, r, (int)f, &x);
			strbuf_addch(&sb, ',');
			if (x.null)
				continue;
			strbuf_reset(&val);
			eval_format(&v->pool, &x, &val);
			if (!val.len && (x.type == VT_TEXT || x.type == VT_ENUM))
				strbuf_addstr(&sb, "\"\""); /* an empty text, not a null */
			else
				convert_cell(&sb, val.buf, val.len);
		}
		strbuf_addch(&sb, '\n');
	}
	strbuf_addf(&path, "%s/%s.csv", out, ds->name);
	rc = write_file(path.buf, &sb);
	strbuf_release(&sb);
	strbuf_release(&val);
	strbuf_release(&path);
	strbuf_release(&nulls);
	return rc;
}

static int write_not_evaluated(const struct verdict *v, const char *out)
{
	struct avail_rule *a = calloc(v->prog.nrules + 1, sizeof(*a));
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	size_t i;
	int rc;
	if (!a)
		return error("out of memory");
	avail_compute(&v->prog, v->tables, &v->dq, a);
	strbuf_addstr(&sb, "rule_id,reason\n");
	for (i = 0; i < v->prog.nrules; i++) {
		if (!a[i].not_evaluated)
			continue;
		convert_cell(&sb, v->prog.rules[i]->id, strlen(v->prog.rules[i]->id));
		strbuf_addch(&sb, ',');
		convert_cell(&sb, a[i].reason, strlen(a[i].reason));
		strbuf_addch(&sb, '\n');
	}
	strbuf_addf(&path, "%s/__not_evaluated.csv", out);
	rc = write_file(path.buf, &sb);
	avail_release(a, v->prog.nrules);
	strbuf_release(&sb);
	strbuf_release(&path);
	return rc;
}

int convert_write(const struct verdict *v, const char *out)
{
	size_t i;
	for (i = 0; i < v->prog.ndatasets; i++)
		if (convert_dataset(v, &v->tables[i], out))
			return -1;
	return write_not_evaluated(v, out);
}

static int write_data_dir(const char *data, const char *out)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	char *abs = realpath(data, NULL);
	int rc;
	strbuf_addstr(&sb, "data_dir,data_dir_abs\n");
	convert_cell(&sb, data, strlen(data));
	strbuf_addch(&sb, ',');
	if (abs)
		convert_cell(&sb, abs, strlen(abs));
	strbuf_addch(&sb, '\n');
	strbuf_addf(&path, "%s/__data.csv", out);
	rc = write_file(path.buf, &sb);
	free(abs);
	strbuf_release(&sb);
	strbuf_release(&path);
	return rc;
}

int cmd_convert(struct cli *c, int argc, char **argv)
{
	(void)argc, (void)argv;
	struct verdict v;
	int rc = 0;
	if (!c->nrules || !c->data || !c->out)
		return cli_usage_error("convert", "%s", "needs -r RULES, -d DATA_DIR and -o OUT_DIR");
	if (dirs_check_data(c->cmd, c->data, 1) || dirs_check_out(c->cmd, c->out, 1))
		return 2;
	verdict_init(&v);
	if (cli_load_rules(&v, c)) {
		verdict_release(&v);
		return 2;
	}
	if (verdict_load_data(&v, c->data, !c->quiet && isatty(2)))
		rc = 2;
	if (out_mkdirs(c->out))
		rc = 3;
	if (rc != 3 && convert_write(&v, c->out))
		rc = 3;
	if (rc != 3 && write_data_dir(c->data, c->out))
		rc = 3;
	if (!c->quiet)
		fprintf(stderr, "convert: %zu dataset%s written to %s (%zu data-quality finding%s: see verdict run)\n",
			v.prog.ndatasets, v.prog.ndatasets == 1 ? "" : "s", c->out, v.dq.n, v.dq.n == 1 ? "" : "s");
	verdict_release(&v);
	return rc;
}
