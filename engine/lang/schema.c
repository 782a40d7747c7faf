/*
 * schema.c - checking dataset declarations (see schema.h).
 */
#include "lang/schema.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"
#include "lang/rx.h"

struct dataset *schema_find_dataset(const struct program *prog, const char *name)
{
	size_t i;
	for (i = 0; i < prog->ndatasets; i++)
		if (!strcmp(prog->datasets[i]->name, name))
			return prog->datasets[i];
	return NULL;
}

int schema_find_field(const struct dataset *ds, const char *name)
{
	size_t i;
	for (i = 0; i < ds->nfields; i++)
		if (!strcmp(ds->fields[i].name, name))
			return (int)i;
	return -1;
}

const char *schema_suggest_dataset(const struct program *prog, const char *name)
{
	const char **c = xmalloc((prog->ndatasets + 1) * sizeof(*c));
	const char *best;
	size_t i;
	for (i = 0; i < prog->ndatasets; i++)
		c[i] = prog->datasets[i]->name;
	best = diag_suggest(name, c, prog->ndatasets);
	free(c);
	return best;
}

const char *schema_suggest_field(const struct dataset *ds, const char *name)
{
	const char **c = xmalloc((ds->nfields + 1) * sizeof(*c));
	const char *best;
	size_t i;
	for (i = 0; i < ds->nfields; i++)
		c[i] = ds->fields[i].name;
	best = diag_suggest(name, c, ds->nfields);
	free(c);
	return best;
}

static void check_default(struct field *f, struct strpool *pool, struct diagctx *dc)
{
	const char *s = f->default_src, *why = "";
	size_t n = strlen(s), i;
	int64_t v;
	int rc = 0;
	f->default_val.type = (uint8_t)f->type;
	switch (f->type) {
	case VT_TEXT:
		f->default_val.u.s = strpool_intern(pool, s, n);
		return;
	case VT_ENUM: /* matched ignoring case, like the data */
		for (i = 0; i < f->nenum; i++)
			if (!strcasecmp(f->enum_vals[i], s)) {
				f->default_val.u.s = f->enum_ids[i];
				return;
			}
		diag_error(dc, f->default_pos, "default \"%s\" is not one of the values of %s", s, f->name);
		return;
	default:
		rc = value_parse(f->type, s, n, &v, &why);
	}
	if (rc) {
		diag_error(dc, f->default_pos, "default for %s %s: %s", value_type_name(f->type), f->name, why);
		return;
	}
	f->default_val.u.i = v;
}

static void check_field(struct dataset *ds, struct field *f, struct arena *a, struct strpool *pool,
			struct diagctx *dc)
{
	size_t i, j;
	f->ds_name = ds->name;
	for (i = 0; i < (size_t)f->index; i++)
		if (!strcmp(ds->fields[i].name, f->name))
			diag_error(dc, f->pos, "field '%s' is declared twice in dataset %s (first at line %u)",
				   f->name, ds->name, ds->fields[i].pos.line);
	if (f->type == VT_ENUM) {
		f->enum_ids = ARENA_ARRAY(a, uint32_t, f->nenum);
		for (i = 0; i < f->nenum; i++) {
			f->enum_ids[i] = strpool_intern_cstr(pool, f->enum_vals[i]);
			for (j = 0; j < i; j++)
				if (!strcasecmp(f->enum_vals[i], f->enum_vals[j]))
					diag_error(dc, f->pos, "enum value \"%s\" of %s is listed twice (values match ignoring case)",
						   f->enum_vals[i], f->name);
		}
	}
	if (f->re && !f->re->code)
		rx_compile(f->re, dc);
	if (f->default_src)
		check_default(f, pool, dc);
	if (!f->nat) {
		f->at = ARENA_ARRAY(a, const char *, 1);
		f->at[0] = f->name;
		f->nat = 1;
	}
}

static void check_keys(struct dataset *ds, struct arena *a, struct diagctx *dc)
{
	size_t k;
	ds->key = ARENA_ARRAY(a, int, ds->nkey ? ds->nkey : 1);
	for (k = 0; k < ds->nkey; k++) {
		int fi = schema_find_field(ds, ds->key_names[k]);
		ds->key[k] = fi;
		if (fi < 0) {
			struct strbuf dym = STRBUF_INIT;
			diag_did_you_mean(&dym, schema_suggest_field(ds, ds->key_names[k]), DIAG_QUOTE_NAME);
			diag_error(dc, ds->key_pos[k], "key field '%s' is not declared in dataset %s%s",
				   ds->key_names[k], ds->name, dym.buf);
			strbuf_release(&dym);
		}
	}
}

int schema_check(struct program *prog, struct strpool *pool, struct diagctx *dc)
{
	int before = dc->nerr;
	size_t i, j;
	for (i = 0; i < prog->ndatasets; i++) {
		struct dataset *ds = prog->datasets[i];
		for (j = 0; j < i; j++)
			if (!strcmp(prog->datasets[j]->name, ds->name))
				diag_error(dc, ds->pos, "dataset '%s' is declared twice (first at %s:%u)", ds->name,
					   prog->datasets[j]->pos.file ? prog->datasets[j]->pos.file->path : "?",
					   prog->datasets[j]->pos.line);
		if (!ds->nfields)
			diag_error(dc, ds->pos, "dataset '%s' declares no fields", ds->name);
		for (j = 0; j < ds->nfields; j++)
			check_field(ds, &ds->fields[j], &prog->arena, pool, dc);
		check_keys(ds, &prog->arena, dc);
	}
	return dc->nerr > before ? -1 : 0;
}

void schema_release(struct program *prog)
{
	size_t i, j;
	for (i = 0; i < prog->ndatasets; i++)
		for (j = 0; j < prog->datasets[i]->nfields; j++)
			rx_free(prog->datasets[i]->fields[j].re);
}
