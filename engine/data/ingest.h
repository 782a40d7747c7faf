/*
 * ingest.h - the record builder shared by the CSV and XML readers.
 *
 * A reader feeds raw cell texts; ingest converts them to the field's type
 * into the table's pending row, applying in order: null_if, empty -> null,
 * default, required (key fields are required too), enum, matches.  A
 * value that does not convert becomes null and yields a DQ-TYPE (or
 * DQ-ENUM, DQ-ENCODING) finding naming file, line, field and raw text.
 * null_if entries with '*' or '?' are globs matched against the raw text;
 * dates and datetimes read the field's `format` patterns (else ISO 8601)
 * in its `zone`; a decimal with more fraction digits than its scale is
 * rounded half to even, counted in table_stats.rounded, no finding; enum
 * values match as value_enum_same says.
 *
 * Per record:
 *   ingest_row_begin(in, line);
 *   ingest_cell(in, field, text, len);   any number, any order; a field
 *                                        never given stays null
 *   ingest_row_end(in);                  commit the row and its findings
 *   or ingest_row_reject(in, col, why);  drop it, log DQ-ROW-SHAPE
 * Findings of a rejected row are dropped with it (the row is reported
 * once, as rejected).  ingest_end() checks duplicate keys.
 *
 * Lines: a reader numbers the lines of its input from 1; ingest adds
 * line_offset to every line it records (rows, findings), so a table cut
 * out of a larger file (an inline table of a .test file) reports the
 * lines of that file.  A reader that puts a line number in a message
 * text formats ingest_line(in, line).  Line 0 means "no line".
 */
#ifndef VERDICT_INGEST_H
#define VERDICT_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "data/dq.h"
#include "util/strbuf.h"
#include "util/strpool.h"
#include "data/table.h"

struct rx_scratch;

/*
 * Text storage per field (util/strpool.h): a field an index looks up
 * (struct field's identity) is always interned.  Any other text field is
 * interned for its first INGEST_TEXT_SAMPLE values; if more than half of
 * them were new strings, the rest of the field's values are added raw:
 * no hashing, no index slot (invoice numbers, subscription ids, names).
 * Equality on raw text compares bytes (eval.c), so the choice changes
 * speed and memory, never a result.
 */
#define INGEST_TEXT_SAMPLE 4096

struct ingest_text {
	int raw;                       /* decided: add raw */
	uint32_t seen, fresh;          /* values sampled, and new strings among them */
};

struct ingest {
	struct table *t;
	const struct dataset *ds;
	const struct source *src;      /* the alternative being read (its record path) */
	uint32_t file;                 /* the file being read: index in t->st.files */
	struct strpool *pool;
	struct dqlog *log;
	uint32_t line;                 /* line of the pending row */
	int in_row;
	unsigned char *col_missing;    /* per field: column absent from the file */
	struct dq *pending;            /* findings of the pending row */
	size_t npending, pending_cap;
	struct rx_scratch *rx;
	struct strbuf scratch;
	struct strbuf glob_text;       /* a cell as a C string, for null_if globs */
	int progress;                  /* print progress on stderr */
	int by_field_name;             /* CSV: match columns by field name first (test tables) */
	uint64_t total_bytes;          /* file size, for progress */
	uint32_t line_offset;          /* added to the reader's line numbers */
	size_t log_start;              /* log->n at ingest_begin */
	size_t file_log_start;         /* log->n when the current file began */
	double progress_t0, progress_last;
	struct ingest_text *text;      /* per field: how its text is stored */
	int no_key_check;              /* a part of a file (load_split_part): the
	                                  whole table's keys are checked after the
	                                  parts are joined; the part hashes its
	                                  rows' keys (t->keyhash) for that check */
};

void ingest_begin(struct ingest *in, struct table *t, struct strpool *pool, struct dqlog *log);
/* Commits a pending row and checks duplicate keys (unless no_key_check):
 * DQ-DUPLICATE-KEY findings, and the table's dup bitmap. */
void ingest_end(struct ingest *in);
/* Several files into one table (a glob): call before reading each file
 * after the first; rows and findings then carry file (t->st.files), and
 * columns are looked up anew.  Duplicate keys are checked across files. */
void ingest_next_file(struct ingest *in, uint32_t file);
/* A declared field with no column in the file: one DQ-MISSING-COLUMN,
 * and the table's col_missing is set; for an `optional` field, nothing
 * (its values are null).  A reader that learns it only after the rows
 * (JSON: a path found in no record) may call it then: the DQ-REQUIRED
 * findings of that field logged since the file began are dropped, as if
 * it had been called first. */
void ingest_missing_column(struct ingest *in, int field, const char *what);
void ingest_row_begin(struct ingest *in, uint32_t line);
void ingest_cell(struct ingest *in, int field, const char *s, size_t len);
void ingest_row_end(struct ingest *in);
void ingest_row_reject(struct ingest *in, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Physical lines first..last (reader's numbering) were taken into the
 * rejected record that starts before them (a quoted field that spans
 * lines, opened by a stray quote at open_line:open_col): each is counted
 * in st.rows_swallowed and gets a DQ-ROW-SHAPE finding at its line (up
 * to INGEST_MAX_SWALLOWED per record, then one finding for the rest), so
 * physical records == rows_read + rows_swallowed.  Call it right after
 * ingest_row_reject of that record. */
#define INGEST_MAX_SWALLOWED 1000
void ingest_lines_swallowed(struct ingest *in, uint32_t first, uint32_t last, uint32_t open_line,
			    uint32_t open_col);
/* A finding about the whole file (unreadable, malformed): DQ-INPUT. */
void ingest_input_error(struct ingest *in, uint32_t line, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The line of the input's file for the reader's line (1-based). */
static inline uint32_t ingest_line(const struct ingest *in, uint32_t line)
{
	return line + in->line_offset;
}

/* Readers call this now and then with the bytes consumed so far; prints
 * "path:  31% of 40.0 MB, 120000 rows, 95000 rows/s, ETA 3 s" (without
 * the share and ETA when the size is unknown) at most 4 times a second
 * when in->progress is set, and clears the line at ingest_end. */
void ingest_progress(struct ingest *in, uint64_t bytes_done);


#endif
