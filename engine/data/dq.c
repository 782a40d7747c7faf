/*
 * dq.c - data-quality finding log (see dq.h).
 */
#include "data/dq.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

static const char *const ids[DQ_NKINDS] = {
	"DQ-TYPE", "DQ-REQUIRED", "DQ-ENUM", "DQ-PATTERN", "DQ-ROW-SHAPE",
	"DQ-MISSING-COLUMN", "DQ-DUPLICATE-KEY", "DQ-ENCODING", "DQ-INPUT"
};

static const char *const titles[DQ_NKINDS] = {
	"Value does not convert to the field's type",
	"Required field is empty",
	"Value is not one of the field's declared values",
	"Value does not match the field's pattern",
	"Row rejected: malformed or wrong number of cells",
	"Declared column missing from the file",
	"Duplicate key",
	"Text is not valid UTF-8",
	"Input file unreadable or malformed",
};

const char *dq_id(enum dq_kind k) { return ids[k]; }
const char *dq_title(enum dq_kind k) { return titles[k]; }

enum severity dq_severity(const struct dq *d)
{
	if (d->kind == DQ_INPUT)
		return SEV_ERROR;
	if (d->field >= 0 && d->ds->fields[d->field].has_dq_severity)
		return d->ds->fields[d->field].dq_severity;
	return d->ds->dq_severity;
}

void dqlog_init(struct dqlog *l) { memset(l, 0, sizeof(*l)); }

void dqlog_release(struct dqlog *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

void dqlog_add(struct dqlog *l, const struct dq *d)
{
	ALLOC_GROW(l->items, l->n + 1, l->cap);
	l->items[l->n++] = *d;
}
