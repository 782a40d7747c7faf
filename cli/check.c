/*
 * check.c - `verdict check`: parse and type-check rule files without
 * reading data; diagnostics like a compiler's on stderr.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char usage_check[] =
	"usage: verdict check -r RULES... [-v]\n"
	"\n"
	"Parses and type-checks rule files without reading any data: unknown\n"
	"names (with suggestions), type mismatches, enum literals that are not\n"
	"declared values, duplicate ids; warns about joins that cannot use an\n"
	"index.\n"
	"\n"
	"  -r, --rules PATH   rule file or directory (all *.rules inside); repeatable\n"
	"  -v, --verbose      list the rules: id, file:line, title\n"
	"\n"
	"exit status: 0 clean (warnings allowed), 1 errors, 2 usage error\n";

/* -v: one line per rule, in the order of the rule files */
static void list_rules(const struct verdict *v)
{
	size_t i;
	for (i = 0; i < v->prog.nrules; i++) {
		const struct rule *r = v->prog.rules[i];
		printf("%s  %s:%u  %s\n", r->id, r->pos.file->path, r->pos.line, r->title ? r->title : "");
	}
}

int cmd_check(struct cli *c, int argc, char **argv)
{
	(void)argc, (void)argv;
	struct verdict v;
	int rc;
	if (!c->nrules)
		return cli_usage_error("check", "%s", "needs -r RULES");
	verdict_init(&v);
	rc = cli_load_rules(&v, c);
	if (!rc && c->verbose)
		list_rules(&v);
	if (!rc)
		printf("%zu rule%s in %zu file%s: no errors%s\n", v.prog.nrules, v.prog.nrules == 1 ? "" : "s",
		       v.prog.nfiles, v.prog.nfiles == 1 ? "" : "s", v.dc.nwarn ? " (see warnings)" : "");
	else
		fprintf(stderr, "%d error%s, %d warning%s\n", v.dc.nerr, v.dc.nerr == 1 ? "" : "s", v.dc.nwarn,
			v.dc.nwarn == 1 ? "" : "s");
	verdict_release(&v);
	return rc ? 1 : 0;
}

