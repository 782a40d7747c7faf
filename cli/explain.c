/*
 * explain.c - `verdict explain RULE_ID`: a rule's metadata and its
 * evaluation plan (driving dataset, each join and subquery with its index
 * or scan, where each filter runs).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "lang/diag.h"
#include "cli/hint.h"

const char usage_explain[] =
	"usage: verdict explain RULE_ID -r RULES...\n"
	"\n"
	"Prints the rule's metadata and its evaluation plan: the driving dataset,\n"
	"each join and subquery with the index it uses (or scan), and where each\n"
	"filter is applied.\n"
	"\n"
	"  -r, --rules PATH   rule file or directory (all *.rules inside); repeatable\n"
	"\n"
	"exit status: 0 explained, 2 usage error, rule-file error or no such rule\n";

static void print_wrapped(const char *label, const char *text)
{
	if (text)
		printf("  %-9s%s\n", label, text);
}

/* "no rule 'FOO' (did you mean ...?); rules: ..." */
static void no_rule(const struct verdict *v, const struct cli *c, const char *id)
{
	const char **ids = xmalloc((v->prog.nrules + 1) * sizeof(*ids));
	struct strbuf msg = STRBUF_INIT;
	size_t i;
	for (i = 0; i < v->prog.nrules; i++)
		ids[i] = v->prog.rules[i]->id;
	strbuf_addf(&msg, "no rule '%s'", id);
	diag_did_you_mean(&msg, diag_suggest(id, ids, v->prog.nrules), DIAG_QUOTE_NAME);
	hint_rule_ids(v, id, c->rules, c->nrules, &msg);
	error("%s", msg.buf);
	strbuf_release(&msg);
	free(ids);
}

int cmd_explain(struct cli *c, int argc, char **argv)
{
	(void)argc, (void)argv;
	const char *id = c->npaths ? c->paths[0] : NULL;
	struct verdict v;
	const struct rule *r;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	if (!id || !c->nrules)
		return cli_usage_error("explain", "%s", "needs RULE_ID and -r RULES");
	verdict_init(&v);
	if (cli_load_rules(&v, c)) {
		verdict_release(&v);
		return 2;
	}
	r = verdict_find_rule(&v, id);
	if (!r) {
		no_rule(&v, c, id);
		verdict_release(&v);
		return 2;
	}
	printf("rule %s  (%s:%u)\n", r->id, r->pos.file->path, r->pos.line);
	print_wrapped("title", r->title);
	print_wrapped("severity", ast_severity_name(r->severity));
	print_wrapped("policy", r->policy);
	print_wrapped("source", r->source);
	for (i = 0; i < r->ntags; i++)
		print_wrapped("tag", r->tags[i]);
	printf("plan:\n");
	plan_explain(&v.plans.plans[r->index], &sb);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	verdict_release(&v);
	return 0;
}

