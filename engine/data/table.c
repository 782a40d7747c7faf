/*
 * table.c - columnar tables (see table.h).
 */
#include "data/table.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

static int is_text(enum vtype t) { return t == VT_TEXT || t == VT_ENUM; }

void table_init(struct table *t, const struct dataset *ds)
{
	size_t i;
	memset(t, 0, sizeof(*t));
	t->ds = ds;
	t->st.source = -1;
	t->cols = xcalloc(ds->nfields ? ds->nfields : 1, sizeof(*t->cols));
	for (i = 0; i < ds->nfields; i++)
		t->cols[i].type = ds->fields[i].type;
	t->st.rounded = xcalloc(ds->nfields ? ds->nfields : 1, sizeof(*t->st.rounded));
}

void table_release(struct table *t)
{
	size_t i;
	for (i = 0; t->ds && i < t->ds->nfields; i++) {
		free(t->cols[i].i);
		free(t->cols[i].s);
		free(t->cols[i].nulls);
	}
	free(t->cols);
	free(t->row_line);
	free(t->row_file);
	free(t->dup);
	free(t->nth_row);
	free(t->nth);
	free(t->keyhash);
	free(t->col_missing);
	for (i = 0; i < t->st.nfiles; i++)
		free(t->st.files[i].path);
	free(t->st.files);
	for (i = 0; i < t->st.nmissing; i++)
		free(t->st.missing[i]);
	for (i = 0; i < t->st.nextra; i++)
		free(t->st.extra[i]);
	free(t->st.missing);
	free(t->st.extra);
	free(t->st.path);
	free(t->st.rounded);
	memset(t, 0, sizeof(*t));
}

static void grow(struct table *t, size_t need)
{
	size_t ncap = t->cap ? t->cap : 1024, i;
	while (ncap < need)
		ncap *= 2;
	t->row_line = xrealloc(t->row_line, ncap * sizeof(*t->row_line));
	if (t->row_file)
		t->row_file = xrealloc(t->row_file, ncap * sizeof(*t->row_file));
	for (i = 0; i < t->ds->nfields; i++) {
		struct column *c = &t->cols[i];
		if (is_text(c->type)) {
			c->s = xrealloc(c->s, ncap * sizeof(*c->s));
		} else {
			size_t oldw = (t->cap + 63) / 64, neww = (ncap + 63) / 64;
			c->i = xrealloc(c->i, ncap * sizeof(*c->i));
			c->nulls = xrealloc(c->nulls, neww * sizeof(*c->nulls));
			memset(c->nulls + oldw, 0, (neww - oldw) * sizeof(*c->nulls));
		}
	}
	t->cap = ncap;
}

void table_prepare_row(struct table *t)
{
	size_t r = t->nrows, i;
	if (r + 1 > t->cap)
		grow(t, r + 1);
	t->row_line[r] = 0;
	if (t->row_file)
		t->row_file[r] = (uint32_t)(t->st.nfiles - 1);
	for (i = 0; i < t->ds->nfields; i++)
		table_set_null(t, r, (int)i);
}

void table_set_null(struct table *t, size_t row, int col)
{
	struct column *c = &t->cols[col];
	if (c->s) {
		c->s[row] = 0;
	} else {
		c->i[row] = 0;
		c->nulls[row >> 6] |= 1ULL << (row & 63);
	}
}

void table_set_i(struct table *t, size_t row, int col, int64_t v)
{
	struct column *c = &t->cols[col];
	c->i[row] = v;
	c->nulls[row >> 6] &= ~(1ULL << (row & 63));
}

void table_set_s(struct table *t, size_t row, int col, uint32_t id)
{
	t->cols[col].s[row] = id;
}

static void add_name(char ***arr, size_t *n, const char *name)
{
	*arr = xrealloc(*arr, (*n + 1) * sizeof(**arr));
	(*arr)[(*n)++] = xstrdup(name);
}

void table_stats_add_missing(struct table *t, const char *name) { add_name(&t->st.missing, &t->st.nmissing, name); }
void table_stats_add_extra(struct table *t, const char *name) { add_name(&t->st.extra, &t->st.nextra, name); }

uint32_t table_add_file(struct table *t, const char *path, size_t name_off)
{
	struct table_file *f;
	t->st.files = xrealloc(t->st.files, (t->st.nfiles + 1) * sizeof(*t->st.files));
	f = &t->st.files[t->st.nfiles];
	f->path = xstrdup(path);
	f->name = f->path + (name_off <= strlen(path) ? name_off : 0);
	f->bytes = 0;
	f->sha256[0] = '\0';
	if (t->st.nfiles == 1 && !t->row_file) /* every row so far is file 0's */
		t->row_file = xcalloc(t->cap ? t->cap : 1, sizeof(*t->row_file));
	return (uint32_t)t->st.nfiles++;
}

const char *table_file_path(const struct table *t, uint32_t file)
{
	if (file < t->st.nfiles)
		return t->st.files[file].path;
	return t->st.path;
}

void table_set_col_missing(struct table *t, int fi)
{
	if (!t->col_missing)
		t->col_missing = xcalloc(t->ds->nfields ? t->ds->nfields : 1, 1);
	t->col_missing[fi] = 1;
}

void table_set_dup(struct table *t, size_t row)
{
	if (!t->dup)
		t->dup = xcalloc(t->cap / 64 + 1, sizeof(*t->dup));
	t->dup[row >> 6] |= (uint64_t)1 << (row & 63);
}

/* src's null bits for rows [0, n) become dst's for rows [at, at + n) */
static void append_bits(uint64_t *dst, size_t at, const uint64_t *src, size_t n)
{
	size_t r;
	for (r = 0; r < n; r++) {
		uint64_t bit = (src[r >> 6] >> (r & 63)) & 1;
		size_t d = at + r;
		dst[d >> 6] = (dst[d >> 6] & ~(1ULL << (d & 63))) | bit << (d & 63);
	}
}

void table_append(struct table *dst, const struct table *src)
{
	size_t at = dst->nrows, n = src->nrows, fi;
	if (at + n > dst->cap)
		grow(dst, at + n);
	if (n)
		memcpy(dst->row_line + at, src->row_line, n * sizeof(*src->row_line));
	for (fi = 0; fi < dst->ds->nfields; fi++) {
		struct column *d = &dst->cols[fi];
		const struct column *c = &src->cols[fi];
		if (!n) {
			/* nothing to copy */
		} else if (d->s) {
			memcpy(d->s + at, c->s, n * sizeof(*c->s));
		} else {
			memcpy(d->i + at, c->i, n * sizeof(*c->i));
			append_bits(d->nulls, at, c->nulls, n);
		}
		dst->st.rounded[fi] += src->st.rounded[fi];
	}
	if (dst->keyhash && src->keyhash) {
		dst->keyhash = xrealloc(dst->keyhash, (at + n ? at + n : 1) * sizeof(*dst->keyhash));
		if (n)
			memcpy(dst->keyhash + at, src->keyhash, n * sizeof(*src->keyhash));
	} else {
		free(dst->keyhash);   /* the check hashes the keys itself */
		dst->keyhash = NULL;
	}
	dst->nrows = at + n;
	dst->st.rows_read += src->st.rows_read;
	dst->st.rows_rejected += src->st.rows_rejected;
	dst->st.rows_swallowed += src->st.rows_swallowed;
	dst->st.input_error |= src->st.input_error;
}

void table_set_dup_nth(struct table *t, size_t row, uint32_t n)
{
	t->nth_row = xrealloc(t->nth_row, (t->nnth + 1) * sizeof(*t->nth_row));
	t->nth = xrealloc(t->nth, (t->nnth + 1) * sizeof(*t->nth));
	t->nth_row[t->nnth] = (uint32_t)row;
	t->nth[t->nnth++] = n;
}

uint32_t table_dup_nth(const struct table *t, size_t row)
{
	size_t lo = 0, hi = t->nnth;
	if (!table_is_dup(t, row))
		return 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->nth_row[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->nnth && t->nth_row[lo] == row ? t->nth[lo] : 2;
}
