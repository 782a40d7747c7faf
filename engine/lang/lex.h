/*
 * lex.h - lexer for rule files.
 *
 * Tokens carry their position (line, byte column, byte length).  Keywords
 * are not separate tokens: the parser asks lex_is_name(t, "where"), so a
 * field may be called `key` or `source` without quoting.  Two scanning
 * modes depend on the parser: lex_regex() scans /pattern/flags where the
 * parser expects a regex (after `matches`).
 *
 * String literals: "..." with escapes \" \\ \n \t \r \uXXXX (not a
 * surrogate, not \u0000); no raw newline.
 * Numbers: 123 (int), 12.50 (decimal), 2026-11-25 (date, calendar-checked).
 * Comments: '#' to the end of the line.
 */
#ifndef VERDICT_LEX_H
#define VERDICT_LEX_H

#include <stddef.h>

#include "util/arena.h"
#include "lang/diag.h"

enum tok_kind {
	TK_EOF = 0,
	TK_NAME,
	TK_STRING,
	TK_INT,
	TK_DECIMAL,
	TK_DATE,
	TK_REGEX,
	TK_LBRACE, TK_RBRACE, TK_LPAREN, TK_RPAREN, TK_COMMA, TK_DOT,
	TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE,
	TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_DOLLAR,
	TK_ERROR
};

struct token {
	enum tok_kind kind;
	struct srcpos pos;
	const char *text;  /* NAME: the name; STRING: decoded bytes; REGEX: pattern */
	size_t len;        /* length of text */
	const char *flags; /* REGEX: flag letters */
	long long ival;    /* INT; DECIMAL (scaled 10^6); DATE (days) */
	size_t offset;     /* byte offset of the token start in the file */
	size_t end;        /* byte offset just past the token */
};

struct lexer {
	const struct srcfile *file;
	size_t p;            /* scan offset */
	size_t limit;        /* scan end (file length, or the end of a range) */
	unsigned line;
	size_t line_start;   /* offset of the current line */
	struct token t;      /* current token */
	size_t prev_end;     /* end offset of the previous token */
	struct arena *arena;
	struct diagctx *dc;
};

void lex_init(struct lexer *ls, const struct srcfile *f, struct arena *a, struct diagctx *dc);
/* Scan only text[start..end) (a template's {expression}); line and
 * line_start give the position of start. */
void lex_init_range(struct lexer *ls, const struct srcfile *f, size_t start, size_t end,
		    unsigned line, size_t line_start, struct arena *a, struct diagctx *dc);
void lex_next(struct lexer *ls);
/* Decode the escape after a backslash at s[*i] into sb: 0, or one of
 * these, with nothing added (a string never holds a NUL or invalid UTF-8):
 *   LEX_ESC_BAD        unknown, or \u without 4 hex digits
 *   LEX_ESC_SURROGATE  \uD800 to \uDFFF, UTF-16 halves, not characters
 *   LEX_ESC_NUL        \u0000, which would cut the text short downstream */
enum { LEX_ESC_BAD = -1, LEX_ESC_SURROGATE = -2, LEX_ESC_NUL = -3 };
int lex_decode_escape(const char *s, size_t n, size_t *i, struct strbuf *sb);
/* Re-scan from the current token's start as a regex literal /.../flags. */
void lex_regex(struct lexer *ls);
int lex_is_name(const struct token *t, const char *kw);
/* A rule id, NAME { '-' IDPART } with no spaces (CSP-RESALE-001,
 * SEC-2FA-001), from the current NAME token on; advances past it and
 * returns it (arena).  NULL when the current token is not a name, or when
 * the id ends in a dangling '-' (*dangling set, pos covering the id). */
const char *lex_rule_id(struct lexer *ls, struct srcpos *pos, int *dangling);
const char *lex_kind_name(enum tok_kind k);
/* Describe a token for messages: 'where', string "x", end of file, ... */
void lex_describe(const struct token *t, struct strbuf *sb);

#endif
