/*
 * convert.h - the canonical CSV of `verdict convert` (cli/convert.c), for
 * the other commands that write it (`verdict test --emit-dir`).
 */
#ifndef VERDICT_CONVERT_H
#define VERDICT_CONVERT_H

#include "util/strbuf.h"
#include "run/verdict.h"

/* Appends s[0..n) as one CSV cell (quoted when it holds , " CR or LF). */
void convert_cell(struct strbuf *sb, const char *s, size_t n);
/* Writes OUT/DATASET.csv for every dataset of v's loaded tables and
 * OUT/__not_evaluated.csv (OUT exists); 0, or -1 (an error printed). */
int convert_write(const struct verdict *v, const char *out);

#endif
