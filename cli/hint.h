/*
 * hint.h - the valid values a usage message lists after a wrong one: the
 * rule ids (`verdict explain FOO`) and the declared parameters
 * (`--param foo=bar`).
 */
#ifndef VERDICT_CLI_HINT_H
#define VERDICT_CLI_HINT_H

#include "run/verdict.h"
#include "util/strbuf.h"

/* How many rule ids are listed in full; beyond it, the closest few. */
#define HINT_ALL_IDS 10
#define HINT_CLOSEST 5

/* "; rules: A, B, C" with every rule id when there are at most
 * HINT_ALL_IDS, else "; closest: A, B, C, D, E; N more; see verdict
 * check -v -r RULES..." (the -r paths given); nothing without rules. */
void hint_rule_ids(const struct verdict *v, const char *id, const char *const *rules, size_t nrules,
		   struct strbuf *sb);
/* When no parameter `name` is declared: "; declared parameters: as_of
 * (date), ..." or "; the rules declare no parameters". */
void hint_params(const struct verdict *v, const char *name, struct strbuf *sb);

#endif
