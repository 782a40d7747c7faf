/*
 * out.h - writing output files atomically, and the cell encodings they share.
 *
 * Every output file (the run's reports, the JUnit XML of verdict test) is
 * written under a temporary name in its directory (".verdict-tmp-PID-NAME")
 * and renamed to its final name by out_commit() once complete, so a failed
 * or killed run never leaves a half-written file under a final name.
 * out_close() flushes and fsyncs without renaming, so several files can be
 * completed first and committed together.  out_sweep() removes
 * temporaries that killed runs left behind: those whose PID no longer
 * runs (a run still writing into the same directory keeps its own).  A final name that already
 * exists and is not a regular file (a device such as /dev/stdout, a pipe)
 * is written in place: it cannot be replaced, and must not be.
 *
 * Errors go to util/error.h ("cannot write PATH: REASON").  A failed
 * write is sticky: it is reported once, later writes and out_close()
 * return -1 without a second message, and out_commit() removes the
 * temporary instead of renaming it.  Once a write failed with an errno,
 * failures of other files with the same errno are not reported again
 * (one "No space left on device", not one per output).
 */
#ifndef VERDICT_OUT_H
#define VERDICT_OUT_H

#include <stdint.h>
#include <stdio.h>

#include "util/strbuf.h"

struct outfile {
	char *final;
	char *shown;   /* the name errors give, when not final (NULL: final) */
	char *tmp;     /* NULL when final is a device or pipe, written in place */
	FILE *fp;      /* NULL once closed */
	int failed;    /* a write, flush or close failed (already reported) */
	uint64_t unsynced; /* bytes written since writeback was last started */
};

int out_mkdirs(const char *dir);
void out_sweep(const char *dir);
/* 1 if name is a temporary (".verdict-tmp-PID" or ".verdict-tmp-PID-NAME")
 * that a run no longer going left behind: process PID does not exist (a
 * run still writing into the same directory keeps its own) */
int out_tmp_left_over(const char *name);
/* opens DIR/.verdict-tmp-PID-NAME for DIR/NAME; on failure reports, leaves o empty */
int out_open(struct outfile *o, const char *dir, const char *name);
/* the same for a path ("junit.xml", "reports/junit.xml") */
int out_open_path(struct outfile *o, const char *path);
/* writes sb's bytes and empties it */
int out_write(struct outfile *o, struct strbuf *sb);
/* records a failure the caller saw while writing o->fp directly (errno set) */
int out_fail(struct outfile *o);
/* flushes, fsyncs and closes the temporary; the file is not final yet */
int out_close(struct outfile *o);
/* closes if needed, renames to the final name; on failure removes the
 * temporary.  Either way o is empty afterwards. */
int out_commit(struct outfile *o);
/* removes the temporary; o is empty afterwards (an empty o is fine) */
void out_abort(struct outfile *o);

/* One CSV cell, RFC 4180, always valid UTF-8 (invalid bytes replaced
 * by U+FFFD, util/utf8.h's policy: every CSV file verdict writes is
 * UTF-8): quoted (with libcsv's csv_write) only when it
 * holds a comma, quote, CR, LF or leading/trailing space.  Unless raw,
 * text a spreadsheet would run as a formula (starting with = + - @ tab
 * or CR, and not a plain number) gets a leading apostrophe, and so does
 * text that already starts with an apostrophe before such text (so that
 * readers dropping one apostrophe get the text back exactly). */
void out_csv_cell(struct strbuf *sb, const char *s, size_t n, int raw);
/* The bytes of a cell out_csv_cell neutralized that are not the
 * original text: 1 when s is one or more apostrophes followed by
 * formula-like text, else 0.  Readers of verdict's own CSV files skip
 * them. */
size_t out_csv_neutral_prefix(const char *s, size_t n);
/* A JSON string literal, quotes included; invalid UTF-8 becomes U+FFFD. */
void out_json_str(struct strbuf *sb, const char *s, size_t n);

#endif
