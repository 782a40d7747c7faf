/*
 * hint.c - the valid values listed after a wrong one (see hint.h).
 */
#include "cli/hint.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "lang/diag.h"
#include "lang/value.h"

struct ranked {
	const char *id;
	size_t dist, index;
};

static int by_distance(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void list_closest(const struct verdict *v, const char *id, struct strbuf *sb)
{
	size_t n = v->prog.nrules, i;
	struct ranked *r = xmalloc(n * sizeof(*r));
	for (i = 0; i < n; i++) {
		r[i].id = v->prog.rules[i]->id;
		r[i].dist = diag_distance(id, r[i].id);
		r[i].index = i;
	}
	qsort(r, n, sizeof(*r), by_distance);
	strbuf_addstr(sb, "; closest: ");
	for (i = 0; i < HINT_CLOSEST; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", r[i].id);
	free(r);
}

void hint_rule_ids(const struct verdict *v, const char *id, const char *const *rules, size_t nrules,
		   struct strbuf *sb)
{
	size_t n = v->prog.nrules, i;
	if (!n)
		return;
	if (n <= HINT_ALL_IDS) {
		strbuf_addstr(sb, "; rules: ");
		for (i = 0; i < n; i++)
			strbuf_addf(sb, "%s%s", i ? ", " : "", v->prog.rules[i]->id);
		return;
	}
	list_closest(v, id, sb);
	strbuf_addf(sb, "; %zu more; see verdict check -v", n - HINT_CLOSEST);
	for (i = 0; i < nrules; i++)
		strbuf_addf(sb, " -r %s", rules[i]);
}

void hint_params(const struct verdict *v, const char *name, struct strbuf *sb)
{
	size_t i;
	for (i = 0; i < v->prog.nparams; i++)
		if (!strcmp(v->prog.params[i]->name, name))
			return;
	if (!v->prog.nparams) {
		strbuf_addstr(sb, "; the rules declare no parameters");
		return;
	}
	strbuf_addstr(sb, "; declared parameters: ");
	for (i = 0; i < v->prog.nparams; i++)
		strbuf_addf(sb, "%s%s (%s)", i ? ", " : "", v->prog.params[i]->name,
			    value_type_name(v->prog.params[i]->type));
}
