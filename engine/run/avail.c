/*
 * avail.c - which rules can be evaluated (see avail.h).
 */
#include "run/avail.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/strbuf.h"
#include "lang/reads.h"
#include "data/load.h"

/* the files a DQ-MISSING-COLUMN of (ds, field) names, ", "-separated */
static void missing_files(const struct table *t, const struct dqlog *dq, int field, struct strbuf *sb)
{
	size_t i, start = sb->len;
	for (i = 0; i < dq->n; i++) {
		const struct dq *d = &dq->items[i];
		const char *path;
		if (d->kind != DQ_MISSING_COLUMN || d->ds != t->ds || d->field != field)
			continue;
		path = d->file < t->st.nfiles ? t->st.files[d->file].name : table_file_path(t, d->file);
		if (!path || strstr(sb->buf + start, path))
			continue;
		strbuf_addf(sb, "%s%s", sb->len > start ? ", " : " from ", path);
	}
}

/* appends the cause of one read item, if any; returns 1 for a cause
 * that is a missing input (not an optional dataset's absence) */
static int item_cause(const struct reads_item *it, const struct table *t, const struct dqlog *dq,
		      struct strbuf *sb, int *any)
{
	const struct dataset *ds = it->ds;
	if (it->field < 0 && t->st.absent) {
		strbuf_addstr(sb, *any ? "; " : "");
		*any = 1;
		if (ds->optional) {
			strbuf_addf(sb, "optional dataset %s was not provided", ds->name);
			return 0;
		}
		strbuf_addf(sb, "no source for dataset %s (", ds->name);
		load_sources_text(ds, sb);
		strbuf_addch(sb, ')');
		return 1;
	}
	if (it->field < 0 || t->st.absent || !t->col_missing || !t->col_missing[it->field] ||
	    ds->fields[it->field].optional)
		return 0;
	strbuf_addstr(sb, *any ? "; " : "");
	*any = 1;
	strbuf_addf(sb, "column %s of %s missing", ds->fields[it->field].name, ds->name);
	missing_files(t, dq, it->field, sb);
	return 1;
}

static void avail_rule(const struct rule *rule, const struct table *tables, const struct dqlog *dq,
		       struct avail_rule *out)
{
	struct reads r = READS_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int any = 0;
	memset(out, 0, sizeof(*out));
	reads_rule(rule, &r);
	for (i = 0; i < r.n; i++)
		out->input_missing |= item_cause(&r.items[i], &tables[r.items[i].ds->index], dq, &sb, &any);
	if (any) {
		out->not_evaluated = 1;
		out->reason = strbuf_detach(&sb, NULL);
	}
	strbuf_release(&sb);
	reads_release(&r);
}

void avail_compute(const struct program *prog, const struct table *tables, const struct dqlog *dq,
		   struct avail_rule *out)
{
	size_t i;
	for (i = 0; i < prog->nrules; i++)
		avail_rule(prog->rules[i], tables, dq, &out[i]);
}

void avail_release(struct avail_rule *a, size_t n)
{
	size_t i;
	for (i = 0; a && i < n; i++)
		free(a[i].reason);
	free(a);
}
