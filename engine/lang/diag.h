/*
 * diag.h - diagnostics: source files, positions, and the error context.
 *
 * A struct diagctx collects every error and warning of a phase (after
 * SQLite's nErr): parsing and checking go on after an error so one run
 * reports them all.  diag_render() prints them like a compiler:
 *
 *   rules/csp/resale.rules:12:9: error: unknown field 'CspEnroledOn' ...
 *      12 |   where p.CspEnroledOn <= day
 *         |           ^~~~~~~~~~~~
 *
 * Positions: line and col are 1-based; col counts bytes; len is the span
 * length in bytes (0 is shown as a single caret).  A position may carry a
 * source file (for the line and caret) or only a path (input files).
 */
#ifndef VERDICT_DIAG_H
#define VERDICT_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

struct srcfile {
	char *path;
	char *text;       /* NUL-terminated contents */
	size_t len;
	size_t *lines;    /* byte offset of each line start */
	size_t nlines;
};

struct srcpos {
	const struct srcfile *file; /* may be NULL */
	const char *path;           /* used when file is NULL */
	uint32_t line, col, len;
};

enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

struct diag {
	enum diag_level level;
	struct srcpos pos;          /* pos.path, when there is no file, points to path_copy */
	char *msg;
	char *path_copy;            /* the diagnostic's own copy of pos.path (the
	                               caller's string may not outlive it) */
};

struct diagctx {
	struct diag *items;
	size_t n, cap;
	int nerr, nwarn;
	int max_errors;    /* stop recording past this many errors (0 = no limit) */
};

void diag_init(struct diagctx *dc);
void diag_release(struct diagctx *dc);
void diag_error(struct diagctx *dc, struct srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_warning(struct diagctx *dc, struct srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_note(struct diagctx *dc, struct srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* all diagnostics, in the order reported */
void diag_render(const struct diagctx *dc, struct strbuf *out);
void diag_render_one(const struct diag *d, struct strbuf *out);
/* "path:line:col" or "path:line" or "path" */
void diag_format_pos(struct srcpos pos, struct strbuf *out);

/* Source files.  srcfile_load reads a regular file of at most
 * SRCFILE_MAX_BYTES (devices, FIFOs and directories are refused without
 * blocking); it returns NULL and sets *err on failure. */
#define SRCFILE_MAX_BYTES (64 * 1024 * 1024)
struct srcfile *srcfile_load(const char *path, struct strbuf *err);
struct srcfile *srcfile_from_string(const char *path, const char *text, size_t len);
void srcfile_free(struct srcfile *f);
/* pointer to the start of line (1-based) and its length without newline */
const char *srcfile_line(const struct srcfile *f, uint32_t line, size_t *len);

/* Edit distance for did-you-mean suggestions (case-insensitive). */
size_t diag_distance(const char *a, const char *b);
/* Best candidate within a plausible distance, or NULL. */
const char *diag_suggest(const char *name, const char *const *cands, size_t n);

/* The one wording of a suggestion, always at the end of a message:
 * appends " (did you mean 'X'?)" for a name, " (did you mean "X"?)" for a
 * string or enum value (DIAG_QUOTE_STRING); nothing when best is NULL. */
enum diag_quote { DIAG_QUOTE_NAME, DIAG_QUOTE_STRING };
void diag_did_you_mean(struct strbuf *sb, const char *best, enum diag_quote q);

#endif
