/*
 * schema.h - checking dataset declarations.
 *
 * schema_check() validates every dataset of a program before any data is
 * read: unique dataset and field names, key fields that exist, enum values
 * (interned into the data pool as enum_ids), defaults that convert to the
 * field's type, regexes that compile (JIT).  Errors go to dc with the
 * position of the offending text.  schema_release() frees the compiled
 * regexes.
 */
#ifndef VERDICT_SCHEMA_H
#define VERDICT_SCHEMA_H

#include "lang/ast.h"
#include "lang/diag.h"
#include "util/strpool.h"

int schema_check(struct program *prog, struct strpool *pool, struct diagctx *dc);
void schema_release(struct program *prog);
struct dataset *schema_find_dataset(const struct program *prog, const char *name);
int schema_find_field(const struct dataset *ds, const char *name);
/* the closest dataset or field name for a did-you-mean, or NULL */
const char *schema_suggest_dataset(const struct program *prog, const char *name);
const char *schema_suggest_field(const struct dataset *ds, const char *name);

#endif
