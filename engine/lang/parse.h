/*
 * parse.h - parser for rule files: builds a struct program (ast.h).
 *
 * parse_paths() reads files and directories (every *.rules inside, sorted
 * by name), follows `include "file"` relative to the including file, and
 * reads each file once.  Syntax errors go to dc as
 * "file:line:col: error: expected X (...)"; after an error the parser
 * skips to the next top-level declaration, so one run reports them all.
 */
#ifndef VERDICT_PARSE_H
#define VERDICT_PARSE_H

#include "lang/ast.h"
#include "lang/diag.h"

void program_init(struct program *prog);
void program_release(struct program *prog);

/* 0 when every file was read and parsed without error. */
int parse_paths(struct program *prog, const char *const *paths, size_t n, struct diagctx *dc);
/* Parse one file already in memory (tests, `verdict test`). */
int parse_srcfile(struct program *prog, struct srcfile *f, struct diagctx *dc);
/* Parse one expression from text (tests). */
struct expr *parse_expr_string(struct program *prog, const char *text, struct diagctx *dc);

#endif
