/*
 * table.h - columnar, typed, in-memory tables: one per dataset.
 *
 * Column storage by type (see value.h): text and enum hold string-pool
 * ids in s[] (0 = null); every other type holds int64 in i[] with a null
 * bitmap (bit set = null).  Rows are appended only; no per-row heap
 * allocation (arrays grow geometrically).  row_line[r] is the physical line
 * on which row r starts in its source file: st.files[row_file[r]], where
 * row_file is NULL (every row from file 0) until a second file is read
 * (table_add_file); use table_row_file().
 *
 * Load statistics (rows read, rejected, columns missing or extra, values
 * rounded per field) live in
 * struct table_stats so reports can reconcile: read == nrows + rejected,
 * and physical records == read + swallowed.
 */
#ifndef VERDICT_TABLE_H
#define VERDICT_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "lang/ast.h"
#include "lang/value.h"

struct column {
	enum vtype type;
	int64_t *i;        /* int, decimal, date, datetime, bool */
	uint32_t *s;       /* text, enum */
	uint64_t *nulls;   /* bitmap for i[] columns */
};

/* a file read into the table (data dir + the source's path or a match of
 * its glob) */
struct table_file {
	char *path;
	const char *name;       /* path without the data directory (points into path) */
	uint64_t bytes;
	char sha256[65];        /* hex digest of its bytes, taken while they were
	                           read (data/load.c); "" when it could not be read */
};

struct table_stats {
	char *path;             /* the first file read; with none, the first
	                           alternative's (data dir + its path) */
	uint64_t bytes;         /* of all files */
	struct table_file *files;   /* every file read, in reading order */
	size_t nfiles;
	int source;             /* the alternative read (index in ds->sources), -1: none */
	int absent;             /* no alternative has a file: provided by no source */
	size_t rows_read;       /* records seen, rejected ones included */
	size_t rows_rejected;
	size_t rows_swallowed;  /* physical lines inside a rejected multi-line
	                           record (a stray quote): not records of their
	                           own; physical records = read + swallowed */
	char **missing;         /* declared columns not found */
	size_t nmissing;
	char **extra;           /* columns present but not declared */
	size_t nextra;
	int input_error;        /* unreadable or malformed: the load is partial */
	int loaded;             /* the file was opened */
	int parts;              /* read in this many parts on several threads
	                           (data/load.h, load_split_scan); 0: whole */
	size_t *rounded;        /* per field: decimals rounded to the field's scale */
};

struct table {
	const struct dataset *ds;
	size_t nrows, cap;
	struct column *cols;
	uint32_t *row_line;
	uint32_t *row_file;     /* index in st.files, or NULL: file 0 */
	uint64_t *dup;          /* bitmap: the row's key equals an earlier row's
	                           (DQ-DUPLICATE-KEY); such a row is never
	                           evaluated; NULL when no row is */
	uint32_t *nth_row, *nth;    /* rows whose key occurs for the nth time,
	                               n >= 3, in row order (table_dup_nth) */
	size_t nnth;
	uint64_t *keyhash;      /* per row: its key's hash, 0 when a part is null
	                           (data/ingest.c), from a part of a split file
	                           until the whole file's duplicate-key check
	                           uses it; NULL otherwise */
	unsigned char *col_missing; /* per field: a file read lacked its column
	                               (a DQ-MISSING-COLUMN), NULL until one did */
	struct table_stats st;
};

void table_init(struct table *t, const struct dataset *ds);
void table_release(struct table *t);
/* Make room for row t->nrows (the pending row) and clear it to null. */
void table_prepare_row(struct table *t);
static inline int table_is_null(const struct table *t, size_t row, int col)
{
	const struct column *c = &t->cols[col];
	if (c->s)
		return c->s[row] == 0;
	return (int)((c->nulls[row >> 6] >> (row & 63)) & 1);
}
/* whether row repeats an earlier row's key (only the first is evaluated) */
static inline int table_is_dup(const struct table *t, size_t row)
{
	return t->dup && (int)((t->dup[row >> 6] >> (row & 63)) & 1);
}
void table_set_dup(struct table *t, size_t row);
/* Row `row` repeats an earlier row's key for the nth time (n >= 3; the
 * first repeat, n = 2, needs no entry); rows in increasing order. */
void table_set_dup_nth(struct table *t, size_t row, uint32_t n);
/* which occurrence of its key row is: 1 (first), 2, 3, ... */
uint32_t table_dup_nth(const struct table *t, size_t row);
void table_set_null(struct table *t, size_t row, int col);
void table_set_i(struct table *t, size_t row, int col, int64_t v);
void table_set_s(struct table *t, size_t row, int col, uint32_t id);
/* inline: the evaluator reads every field through it */
static inline void table_get(const struct table *t, size_t row, int col, struct value *out)
{
	const struct column *c = &t->cols[col];
	out->type = (uint8_t)c->type;
	if (c->s) {
		out->u.s = c->s[row];
		out->null = out->u.s == 0;
	} else {
		out->u.i = c->i[row];
		out->null = (uint8_t)((c->nulls[row >> 6] >> (row & 63)) & 1);
	}
}
void table_stats_add_missing(struct table *t, const char *name);
/* Records a file about to be read (its name: path from byte name_off,
 * without the data directory); returns its index.  From the second file
 * on, rows carry their file (row_file). */
uint32_t table_add_file(struct table *t, const char *path, size_t name_off);
static inline uint32_t table_row_file(const struct table *t, size_t row)
{
	return t->row_file ? t->row_file[row] : 0;
}
/* The path of file i, or st.path when no file was read. */
const char *table_file_path(const struct table *t, uint32_t file);
/* Marks field fi's column as missing from a file read. */
void table_set_col_missing(struct table *t, int fi);
void table_stats_add_extra(struct table *t, const char *name);
/* Appends src's rows to dst (a part of the same file read on its own,
 * data/load.h): values, lines and null bits, and the counts (rows read,
 * rejected, swallowed, rounded; input_error).  Both tables are of one
 * dataset, src's text ids are already dst's pool's, neither has more
 * than one file, and no row is marked dup yet (keys are checked after). */
void table_append(struct table *dst, const struct table *src);

#endif
