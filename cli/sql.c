/*
 * sql.c - `verdict sql`: the rules compiled to one SQL script for another
 * engine (run/sqlgen.h; README "Scaling out").
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "run/sqlgen.h"

const char usage_sql[] =
	"usage: verdict sql -r RULES... --dialect sqlite|postgres|duckdb [-d CONVERTED_DIR]\n"
	"                   [--as-of DATE] [--param NAME=VALUE]...\n"
	"       verdict sql -r RULES... --dialect spark|trino [--tables SCHEMA]\n"
	"                   [-d CONVERTED_DIR] [--as-of DATE] [--param NAME=VALUE]...\n"
	"\n"
	"Prints one SQL script that computes the rules' findings as one result, with\n"
	"the columns rule_id, severity, dataset, record_key, source_file,\n"
	"source_line, message, evidence, fingerprint.\n"
	"sqlite, postgres, duckdb: the script first loads the CSV files written by\n"
	"verdict convert.  sqlite: run with the sqlite3 shell (it uses .import); its\n"
	"fingerprint column holds 'sha256:' and the hex of the bytes whose SHA-256\n"
	"(first 16 hex digits) is the fingerprint.  postgres: run with psql (\\copy).\n"
	"duckdb: plain SQL (read_csv), for any DuckDB client.\n"
	"spark, trino: one query over warehouse tables named like the datasets (in\n"
	"SCHEMA), typed as the comment at the script's top lists (README \"Scaling\n"
	"out\"); spark's script first sets the session time zone to UTC.\n"
	"A construct the dialect cannot express is an error at file:line:col.\n"
	"Parameters and today's date are written into the script as literals.\n"
	"\n"
	"  -r, --rules PATH    rule file or directory (all *.rules inside); repeatable\n"
	"      --dialect NAME  sqlite, postgres, duckdb, spark or trino\n"
	"  -d, --data DIR      where verdict convert wrote the CSV files (default: .);\n"
	"                      the rules in its __not_evaluated.csv are left out\n"
	"      --tables SCHEMA spark, trino: the schema (catalog.schema) of the tables\n"
	"      --as-of DATE    the run's date (today() and params defaulting to it)\n"
	"      --param N=V     set a rule parameter; repeatable\n"
	"\n"
	"exit status: 0 printed, 2 usage or rule-file error, or a rule the dialect\n"
	"             cannot express\n";

/* the rule ids of DIR/__not_evaluated.csv (first column; ids hold no comma) */
static void read_skip(const char *dir, const char ***ids, size_t *nids, struct strbuf *text)
{
	struct strbuf path = STRBUF_INIT;
	char buf[4096];
	FILE *f;
	size_t n, i, start;
	strbuf_addf(&path, "%s/__not_evaluated.csv", dir);
	f = fopen(path.buf, "rb");
	strbuf_release(&path);
	if (!f)
		return;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(text, buf, n);
	fclose(f);
	for (i = 0, start = 0; i <= text->len; i++) {
		if (i < text->len && text->buf[i] != '\n')
			continue;
		if (start) { /* line 1 is the header */
			char *line = text->buf + start, *comma = memchr(line, ',', i - start);
			if (comma && comma > line) {
				*comma = '\0';
				cli_push(ids, nids, line);
			}
		}
		start = i + 1;
	}
}

int cmd_sql(struct cli *c, int argc, char **argv)
{
	(void)argc, (void)argv;
	struct verdict v;
	struct sqlgen_opts o;
	struct strbuf out = STRBUF_INIT, skip = STRBUF_INIT, diags = STRBUF_INIT;
	const char *why = NULL, **ids = NULL;
	int rc = 0;
	memset(&o, 0, sizeof(o));
	if (!c->nrules || !c->dialect)
		return cli_usage_error("sql", "needs -r RULES and --dialect (%s)", sqlgen_dialect_names());
	o.dialect = sqlgen_dialect(c->dialect, &why);
	if (!o.dialect)
		return cli_usage_error("sql", "--dialect %s %s", c->dialect, why);
	if (c->tables && !sqlgen_dialect_uses_tables(o.dialect))
		return cli_usage_error("sql", "--tables applies to spark and trino, which read warehouse tables; "
				       "%s reads verdict convert's CSV files (-d)", c->dialect);
	o.data_dir = c->data;
	o.tables = c->tables;
	verdict_init(&v);
	if (cli_load_rules(&v, c) || cli_settings(&v, c)) {
		verdict_release(&v);
		return 2;
	}
	if (c->data)
		read_skip(c->data, &ids, &o.nskip, &skip);
	o.skip = ids;
	diag_release(&v.dc);
	diag_init(&v.dc);
	if (sqlgen_program(&v, &o, &out, &v.dc))
		rc = 2;
	diag_render(&v.dc, &diags);
	fputs(diags.buf, stderr);
	if (!rc)
		fwrite(out.buf, 1, out.len, stdout);
	free(ids);
	strbuf_release(&out);
	strbuf_release(&skip);
	strbuf_release(&diags);
	verdict_release(&v);
	return rc;
}
