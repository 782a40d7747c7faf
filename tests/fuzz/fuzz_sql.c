/*
 * libFuzzer: `verdict sql` generation from random checked rules.  The
 * input is rule text; when it parses, checks and plans without error
 * (verdict_load_rules_text), the program is compiled to SQL for every
 * dialect (run/sqlgen.h), in cli/sql.c's order: settings, then
 * sqlgen_program with a fresh diagnostics context, diagnostics rendered.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "run/sqlgen.h"
#include "run/verdict.h"
#include "util/error.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *ud, const char *kind, const char *msg)
{
	(void)ud;
	(void)kind;
	(void)msg;
}

static const char *const dialects[] = { "sqlite", "postgres", "duckdb", "spark", "trino" };

static void compile(struct verdict *v, const char *name)
{
	struct sqlgen_opts o;
	struct strbuf out = STRBUF_INIT, diags = STRBUF_INIT;
	const char *why = NULL;
	memset(&o, 0, sizeof(o));
	o.dialect = sqlgen_dialect(name, &why);
	if (!o.dialect)
		abort();
	if (sqlgen_dialect_uses_tables(o.dialect))
		o.tables = "cat.sch";
	else
		o.data_dir = "conv";
	diag_release(&v->dc);
	diag_init(&v->dc);
	sqlgen_program(v, &o, &out, &v->dc);
	diag_render(&v->dc, &diags);
	strbuf_release(&out);
	strbuf_release(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct verdict v;
	struct strbuf err = STRBUF_INIT;
	char *text = malloc(size + 1);
	size_t i;
	if (!text)
		return 0;
	error_set_routine(quiet, NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	verdict_init(&v);
	if (!verdict_load_rules_text(&v, "fuzz.rules", text) &&
	    !verdict_set_as_of(&v, "2026-11-25", &err)) {
		for (i = 0; i < sizeof(dialects) / sizeof(dialects[0]); i++)
			compile(&v, dialects[i]);
	}
	strbuf_release(&err);
	verdict_release(&v);
	free(text);
	return 0;
}
