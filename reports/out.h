/*
 * out.h - writing output files safely, and the cell encodings they share.
 *
 * An output file is written under a temporary name in its directory
 * (".verdict-tmp-PID-NAME") and renamed to its final name by out_commit()
 * once complete, so a failed or killed run never leaves a half-written file
 * under a final name.  out_sweep() removes temporaries that killed runs
 * left behind.
 */
#ifndef VERDICT_OUT_H
#define VERDICT_OUT_H

#include <stdio.h>

#include "util/strbuf.h"

struct outfile {
	char *final;
	char *tmp;
	FILE *fp;
};

int out_mkdirs(const char *dir, struct strbuf *err);
void out_sweep(const char *dir);
int out_open(struct outfile *o, const char *dir, const char *name, struct strbuf *err);
/* writes sb's bytes and empties it */
int out_write(struct outfile *o, struct strbuf *sb, struct strbuf *err);
/* closes the temporary (reporting write errors); the file is not final yet */
int out_close(struct outfile *o, struct strbuf *err);
int out_commit(struct outfile *o, struct strbuf *err);
void out_abort(struct outfile *o);

/* One CSV cell, RFC 4180: quoted (with libcsv's csv_write) only when it
 * holds a comma, quote, CR, LF or leading/trailing space.  Unless raw,
 * text a spreadsheet would run as a formula (starting with = + - @ tab
 * or CR, and not a plain number) gets a leading apostrophe. */
void out_csv_cell(struct strbuf *sb, const char *s, size_t n, int raw);
/* A JSON string literal, quotes included; invalid UTF-8 becomes U+FFFD. */
void out_json_str(struct strbuf *sb, const char *s, size_t n);

#endif
