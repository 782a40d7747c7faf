/*
 * csvtab.h - a small CSV file read whole into rows of cells: the
 * baseline's findings.csv and the waivers file.
 *
 * RFC 4180 through libcsv (strict quoting, as engine/data/readers/csv.c
 * reads exports): quoted cells, doubled quotes, embedded line breaks.
 * Each row keeps the physical line it starts on (from 1) for messages.
 * Row 0 is the header.  Empty lines and a leading UTF-8 BOM are skipped.  A file larger than
 * CSVTAB_MAX_BYTES is refused (a baseline or waivers file is not an
 * export).  Errors go to util/error.h as "PATH:LINE: ...".
 */
#ifndef VERDICT_CSVTAB_H
#define VERDICT_CSVTAB_H

#include <stddef.h>
#include <stdint.h>

#define CSVTAB_MAX_BYTES ((size_t)1 << 30)

struct csvtab_row {
	char **cells;        /* NUL-terminated, owned */
	size_t n;
	uint32_t line;
};

struct csvtab {
	struct csvtab_row *rows;
	size_t n, cap;
};

/* 0, or -1 after reporting (unreadable, too large, malformed quoting) */
int csvtab_read(struct csvtab *t, const char *path);
void csvtab_release(struct csvtab *t);
/* the column named name in the header row, or -1 */
int csvtab_col(const struct csvtab *t, const char *name);
/* row r's cell c, "" when the row is shorter */
const char *csvtab_cell(const struct csvtab *t, size_t r, int c);

#endif
