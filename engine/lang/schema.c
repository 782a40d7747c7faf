/*
 * schema.c - checking dataset declarations (see schema.h).
 */
#include "lang/schema.h"

#include <stdlib.h>
#include <string.h>

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

/* ---- value formats: decimal(N), format, zone, enum spellings -------- */

static int scale_fits(const struct field *f, int64_t v)
{
	int64_t unit = 1;
	int k;
	for (k = field_scale(f); k < DEC_DIGITS; k++)
		unit *= 10;
	return v % unit == 0;
}

static void check_scale(struct field *f, struct diagctx *dc)
{
	if (f->has_scale && f->scale > DEC_DIGITS) {
		diag_error(dc, f->scale_pos, "decimal(%d): a decimal keeps at most %d fraction digits",
			   f->scale, DEC_DIGITS);
		f->scale = DEC_DIGITS;
	}
}

static int is_time_type(enum vtype t) { return t == VT_DATE || t == VT_DATETIME; }

static void check_zone(struct field *f, struct diagctx *dc)
{
	f->zone = VALUE_ZONE_NONE;
	if (!f->zone_src)
		return;
	if (!is_time_type(f->type))
		diag_error(dc, f->zone_pos, "'zone' applies to date and datetime fields, not %s %s",
			   value_type_name(f->type), f->name);
	else if (value_parse_zone(f->zone_src, &f->zone))
		diag_error(dc, f->zone_pos, "bad zone \"%s\" (expected utc or an offset such as \"+01:00\" or \"-0500\")",
			   f->zone_src);
}

static void check_formats(struct field *f, struct arena *a, struct diagctx *dc)
{
	struct strbuf err = STRBUF_INIT;
	size_t k;
	if (!f->nformats)
		return;
	if (!is_time_type(f->type)) {
		diag_error(dc, f->format_pos[0], "'format' applies to date and datetime fields, not %s %s",
			   value_type_name(f->type), f->name);
		return;
	}
	f->patterns = ARENA_ARRAY(a, struct value_pattern, f->nformats);
	for (k = 0; k < f->nformats; k++) {
		strbuf_reset(&err);
		if (value_pattern_compile(&f->patterns[k], f->formats[k], f->type, &err))
			diag_error(dc, f->format_pos[k], "%s", err.buf);
		else if (f->type == VT_DATETIME && !value_pattern_has_zone(&f->patterns[k]) && !f->zone_src)
			diag_error(dc, f->format_pos[k],
				   "datetime format \"%s\" has no zone (Z): declare the field's zone (zone utc or zone \"+01:00\")",
				   f->formats[k]);
	}
	strbuf_release(&err);
}

/* enum values that are one value for value_enum_same */
static void check_enum_spellings(const struct field *f, struct diagctx *dc)
{
	size_t i, j;
	for (i = 0; i < f->nenum; i++)
		for (j = 0; j < i; j++) {
			const char *a = f->enum_vals[j], *b = f->enum_vals[i];
			if (!value_enum_same(a, strlen(a), b, strlen(b)))
				continue;
			if (!strcmp(a, b))
				diag_error(dc, f->pos, "enum value \"%s\" of %s is listed twice", b, f->name);
			else
				diag_error(dc, f->pos, "enum values \"%s\" and \"%s\" of %s are the same value (values match ignoring case, '_', '-' and spaces)",
					   a, b, f->name);
			break;
		}
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
	case VT_ENUM: /* matched like the data (value_enum_same) */
		for (i = 0; i < f->nenum; i++)
			if (value_enum_same(f->enum_vals[i], strlen(f->enum_vals[i]), s, n)) {
				f->default_val.u.s = f->enum_ids[i];
				return;
			}
		diag_error(dc, f->default_pos, "default \"%s\" is not one of the values of %s", s, f->name);
		return;
	case VT_DATE: case VT_DATETIME: /* ISO 8601, in the field's zone */
		rc = value_parse_iso(f->type, f->zone, s, n, &v, &why);
		break;
	default:
		rc = value_parse(f->type, s, n, &v, &why);
	}
	if (rc) {
		diag_error(dc, f->default_pos, "default for %s %s: %s", value_type_name(f->type), f->name, why);
		return;
	}
	if (f->type == VT_DECIMAL && !scale_fits(f, v)) {
		diag_error(dc, f->default_pos, "default for decimal(%d) %s has more than %d fraction digit%s",
			   f->scale, f->name, f->scale, f->scale == 1 ? "" : "s");
		return;
	}
	f->default_val.u.i = v;
}

static void check_field(struct dataset *ds, struct field *f, struct arena *a, struct strpool *pool,
			struct diagctx *dc)
{
	size_t i;
	f->ds_name = ds->name;
	for (i = 0; i < (size_t)f->index; i++)
		if (!strcmp(ds->fields[i].name, f->name))
			diag_error(dc, f->pos, "field '%s' is declared twice in dataset %s (first at line %u)",
				   f->name, ds->name, ds->fields[i].pos.line);
	if (f->type == VT_ENUM) {
		f->enum_ids = ARENA_ARRAY(a, uint32_t, f->nenum);
		for (i = 0; i < f->nenum; i++)
			f->enum_ids[i] = strpool_intern_cstr(pool, f->enum_vals[i]);
		check_enum_spellings(f, dc);
	}
	check_scale(f, dc);
	check_zone(f, dc);
	check_formats(f, a, dc);
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
