/*
 * format.h - the input formats: one table row per format, naming the
 * reader and what the `from` clause of a dataset may or must say.
 *
 *   dataset sales { from csv "sales.csv" ... }
 *   dataset rel   { from xml "rel.xml" record "Root/Row" ... }
 *   dataset cust  { from json "customers.json" record "items" ... }
 *
 * The parser (lang/) keeps the word after `from` as a name with its
 * position; format_check_program() checks it against this table when the
 * rules are loaded (run/verdict.c), so the language knows no format.
 * Adding a format is one reader file in data/readers/ plus one row in
 * format.c.  Every format label printed (inspect, manifest.json, the
 * report) is the row's name.
 *
 * Reader contract (struct format.read):
 *   int read(struct ingest *in, struct instream *s);
 * reads the whole stream into in's table (the alternative being read,
 * with its record path, is in->src): every record read ends up as a
 * row (ingest_row_begin .. ingest_row_end) or a rejected row
 * (ingest_row_reject), so st.rows_read == nrows + st.rows_rejected.  Line
 * numbers count from 1 at the stream's start (ingest adds
 * in->line_offset; a reader that writes a line number into a message
 * text formats it with ingest_line()).  Returns 0, or -1 after logging
 * one DQ-INPUT finding with ingest_input_error() (malformed input, a read
 * error); the rows read before stay.  Progress goes to ingest_progress()
 * now and then with the bytes consumed.  The reader never opens, closes
 * or names the input: load.c does (data/load.h).
 */
#ifndef VERDICT_FORMAT_H
#define VERDICT_FORMAT_H

#include "lang/ast.h"
#include "lang/diag.h"
#include "data/ingest.h"
#include "data/instream.h"

/* what `record "PATH"` after the file name means for a format */
enum format_record {
	FORMAT_RECORD_NONE,      /* not allowed */
	FORMAT_RECORD_REQUIRED,  /* the path of the record elements */
	FORMAT_RECORD_OPTIONAL
};

typedef int (*format_read_fn)(struct ingest *in, struct instream *s);

struct format {
	const char *name;                 /* after `from`; the label printed */
	const char *title;                /* in messages: "XML" */
	enum format_record record;
	const char *record_example;       /* shown when the record path is missing */
	format_read_fn read;
	int own_encoding;                 /* the reader detects UTF-16 itself (libxml2):
	                                     load.c adds no decoding layer */
	int serial;                       /* the reader sets process-wide library state
	                                     (libxml2's handlers): load.c reads one file
	                                     of such formats at a time, whatever thread */
	int splittable;                   /* records end at a line end outside quotes
	                                     (RFC 4180): load.c may read a large file
	                                     in parts on several threads */
};

/* The row named name (exactly), or NULL. */
const struct format *format_find(const char *name);

/* Checks each alternative of each dataset's `from` against the table: a
 * known format name ("unknown format 'X' (did you mean 'csv'?)"), a
 * `record` path where the format requires one and none where it takes
 * none.  Datasets without a `from` (already an error) have no
 * alternatives.  Returns the number of errors added to dc. */
int format_check_program(const struct program *prog, struct diagctx *dc);

/* The readers, one per file in data/readers/. */
int csvin_read(struct ingest *in, struct instream *s);
int xmlin_read(struct ingest *in, struct instream *s);
int jsonin_read(struct ingest *in, struct instream *s);        /* one JSON document */
int jsonin_read_lines(struct ingest *in, struct instream *s);  /* JSON Lines */

#endif
