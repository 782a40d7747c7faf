/*
 * lex.c - lexer for rule files (see lex.h).
 */
#include "lang/lex.h"

#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/utf8.h"
#include "lang/value.h"

static const char *const kind_names[] = {
	"end of file", "name", "string", "integer", "decimal", "date", "regex",
	"'{'", "'}'", "'('", "')'", "','", "'.'",
	"'='", "'!='", "'<'", "'<='", "'>'", "'>='",
	"'+'", "'-'", "'*'", "'/'", "'$'", "invalid token"
};

const char *lex_kind_name(enum tok_kind k) { return kind_names[k]; }

void lex_init(struct lexer *ls, const struct srcfile *f, struct arena *a, struct diagctx *dc)
{
	memset(ls, 0, sizeof(*ls));
	ls->file = f;
	ls->line = 1;
	ls->limit = f->len;
	ls->arena = a;
	ls->dc = dc;
	if (f->len >= 3 && !memcmp(f->text, "\xEF\xBB\xBF", 3))
		ls->p = ls->line_start = 3;
	lex_next(ls);
}

void lex_init_range(struct lexer *ls, const struct srcfile *f, size_t start, size_t end,
		    unsigned line, size_t line_start, struct arena *a, struct diagctx *dc)
{
	memset(ls, 0, sizeof(*ls));
	ls->file = f;
	ls->p = start;
	ls->limit = end;
	ls->line = line;
	ls->line_start = line_start;
	ls->arena = a;
	ls->dc = dc;
	lex_next(ls);
}

int lex_is_name(const struct token *t, const char *kw)
{
	return t->kind == TK_NAME && strlen(kw) == t->len && !memcmp(t->text, kw, t->len);
}

static struct srcpos pos_at(const struct lexer *ls, size_t off, size_t len)
{
	struct srcpos p;
	p.file = ls->file;
	p.path = NULL;
	p.line = ls->line;
	p.col = (uint32_t)(off - ls->line_start + 1);
	p.len = (uint32_t)len;
	return p;
}

static int cur(const struct lexer *ls) { return ls->p < ls->limit ? (unsigned char)ls->file->text[ls->p] : -1; }
static int peekc(const struct lexer *ls, size_t k)
{
	return ls->p + k < ls->limit ? (unsigned char)ls->file->text[ls->p + k] : -1;
}

static void newline(struct lexer *ls)
{
	ls->p++;
	ls->line++;
	ls->line_start = ls->p;
}

static void skip_space(struct lexer *ls)
{
	for (;;) {
		int c = cur(ls);
		if (c == '\n')
			newline(ls);
		else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
			ls->p++;
		else if (c == '#')
			while (cur(ls) != -1 && cur(ls) != '\n')
				ls->p++;
		else
			return;
	}
}

static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }

/* msg is a fixed text; arg (may be "") is appended after it */
static void tok_error(struct lexer *ls, size_t start, const char *msg, const char *arg)
{
	ls->t.kind = TK_ERROR;
	ls->t.pos = pos_at(ls, start, ls->p > start ? ls->p - start : 1);
	diag_error(ls->dc, ls->t.pos, "%s%s", msg, arg);
}

/* 'text' in the arena, for messages */
static const char *quoted(struct lexer *ls, const char *s, size_t n)
{
	char *q = arena_alloc(ls->arena, n + 3);
	q[0] = '\'';
	memcpy(q + 1, s, n);
	q[n + 1] = '\'';
	q[n + 2] = 0;
	return q;
}

/* NUMBER: DIGITS | DIGITS '.' DIGITS | DDDD '-' DD '-' DD */
static void scan_number(struct lexer *ls, size_t start)
{
	const char *s = ls->file->text;
	const char *why;
	int64_t v;
	while (is_digit(cur(ls)))
		ls->p++;
	if (ls->p - start == 4 && cur(ls) == '-' && is_digit(peekc(ls, 1)) && is_digit(peekc(ls, 2)) &&
	    peekc(ls, 3) == '-' && is_digit(peekc(ls, 4)) && is_digit(peekc(ls, 5)) &&
	    !is_digit(peekc(ls, 6))) {
		ls->p += 6;
		if (value_parse_date(s + start, 10, &v, &why)) {
			tok_error(ls, start, "invalid date literal: ", why);
			return;
		}
		ls->t.kind = TK_DATE;
	} else if (cur(ls) == '.' && is_digit(peekc(ls, 1))) {
		ls->p++;
		while (is_digit(cur(ls)))
			ls->p++;
		if (value_parse_decimal(s + start, ls->p - start, &v, &why)) {
			tok_error(ls, start, "invalid decimal literal: ", why);
			return;
		}
		ls->t.kind = TK_DECIMAL;
	} else {
		if (value_parse_int(s + start, ls->p - start, &v, &why)) {
			tok_error(ls, start, "invalid integer literal: ", why);
			return;
		}
		ls->t.kind = TK_INT;
	}
	if (is_alpha(cur(ls))) {
		while (is_alpha(cur(ls)) || is_digit(cur(ls)))
			ls->p++;
		tok_error(ls, start, "malformed number ", quoted(ls, s + start, ls->p - start));
		return;
	}
	ls->t.ival = v;
	ls->t.text = arena_strndup(ls->arena, s + start, ls->p - start);
	ls->t.len = ls->p - start;
}

static int hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int lex_decode_escape(const char *s, size_t n, size_t *i, struct strbuf *sb)
{
	int c = *i < n ? (unsigned char)s[*i] : -1, k;
	unsigned cp = 0;
	(*i)++;
	switch (c) {
	case '"': case '\\': strbuf_addch(sb, c); return 0;
	case 'n': strbuf_addch(sb, '\n'); return 0;
	case 't': strbuf_addch(sb, '\t'); return 0;
	case 'r': strbuf_addch(sb, '\r'); return 0;
	case 'u':
		for (k = 0; k < 4; k++) {
			int h = *i < n ? hexval((unsigned char)s[*i]) : -1;
			if (h < 0)
				return LEX_ESC_BAD;
			cp = cp * 16 + (unsigned)h;
			(*i)++;
		}
		if (cp >= 0xD800 && cp <= 0xDFFF)
			return LEX_ESC_SURROGATE;
		if (cp == 0)
			return LEX_ESC_NUL;
		utf8_add(sb, cp);
		return 0;
	default:
		return LEX_ESC_BAD;
	}
}

/* reports the escape at esc (its letter e) that decoded to rc, if bad */
static void bad_escape(struct lexer *ls, size_t esc, int e, int rc)
{
	struct srcpos p;
	if (!rc)
		return;
	while ((cur(ls) & 0xC0) == 0x80 && e != 'u')
		ls->p++; /* the whole UTF-8 character */
	p = pos_at(ls, esc, ls->p - esc);
	if (rc == LEX_ESC_SURROGATE)
		diag_error(ls->dc, p, "invalid escape sequence '%.*s' in string (U+D800 to U+DFFF are "
			   "UTF-16 surrogates, not characters)", (int)(ls->p - esc), ls->file->text + esc);
	else if (rc == LEX_ESC_NUL)
		diag_error(ls->dc, p, "invalid escape sequence '%.*s' in string (NUL is not allowed in strings)",
			   (int)(ls->p - esc), ls->file->text + esc);
	else if (e == 'u')
		diag_error(ls->dc, p, "invalid escape sequence in string (\\u needs 4 hex digits: \\uXXXX)");
	else
		diag_error(ls->dc, p, "unknown escape sequence '%.*s' in string (use \\\" \\\\ \\n \\t \\r \\uXXXX)",
			   (int)(ls->p - esc), ls->file->text + esc);
}

/* STRING: '"' { char | escape } '"' */
static void scan_string(struct lexer *ls, size_t start)
{
	struct strbuf sb = STRBUF_INIT;
	ls->p++;
	for (;;) {
		int c = cur(ls);
		if (c == -1 || c == '\n') {
			/* the caret marks the opening quote; the rest of the line is
			 * skipped so its text is not lexed as tokens */
			size_t stop = ls->p;
			ls->p = start + 1;
			tok_error(ls, start, "unterminated string literal (strings end on the same line)", "");
			ls->p = stop;
			strbuf_release(&sb);
			return;
		}
		ls->p++;
		if (c == '"')
			break;
		if (c == '\\') {
			size_t esc = ls->p - 1;
			int e = cur(ls);
			if (e == -1 || e == '\n')
				continue; /* reported as unterminated */
			bad_escape(ls, esc, e, lex_decode_escape(ls->file->text, ls->limit, &ls->p, &sb));
			continue;
		}
		strbuf_addch(&sb, c);
	}
	ls->t.kind = TK_STRING;
	ls->t.text = arena_strndup(ls->arena, sb.buf, sb.len);
	ls->t.len = sb.len;
	strbuf_release(&sb);
}

static void scan_punct(struct lexer *ls, size_t start)
{
	static const struct { const char *s; enum tok_kind k; } ops[] = {
		{ "!=", TK_NE }, { "<=", TK_LE }, { ">=", TK_GE }, { "<>", TK_NE },
		{ "{", TK_LBRACE }, { "}", TK_RBRACE }, { "(", TK_LPAREN }, { ")", TK_RPAREN },
		{ ",", TK_COMMA }, { ".", TK_DOT }, { "=", TK_EQ }, { "<", TK_LT }, { ">", TK_GT },
		{ "+", TK_PLUS }, { "-", TK_MINUS }, { "*", TK_STAR }, { "/", TK_SLASH },
		{ "$", TK_DOLLAR },
	};
	const char *s = ls->file->text + start;
	size_t i, rest = ls->limit - start;
	int c;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].s);
		if (n <= rest && !memcmp(s, ops[i].s, n)) {
			ls->p += n;
			ls->t.kind = ops[i].k;
			ls->t.text = ops[i].s;
			ls->t.len = n;
			return;
		}
	}
	ls->p++;
	while ((cur(ls) & 0xC0) == 0x80)
		ls->p++;
	c = (unsigned char)*s;
	if (c > ' ' && c != 0x7F) {
		tok_error(ls, start, "unexpected character ", quoted(ls, s, ls->p - start));
	} else {
		char hex[8];
		snprintf(hex, sizeof(hex), "0x%02X", (unsigned)c);
		tok_error(ls, start, "unexpected control character ", hex);
	}
}

void lex_next(struct lexer *ls)
{
	size_t start;
	int c;
	ls->prev_end = ls->t.end;
	skip_space(ls);
	start = ls->p;
	memset(&ls->t, 0, sizeof(ls->t));
	ls->t.offset = start;
	c = cur(ls);
	if (c == -1)
		ls->t.kind = TK_EOF;
	else if (is_alpha(c)) {
		while (is_alpha(cur(ls)) || is_digit(cur(ls)))
			ls->p++;
		ls->t.kind = TK_NAME;
		ls->t.text = arena_strndup(ls->arena, ls->file->text + start, ls->p - start);
		ls->t.len = ls->p - start;
	} else if (is_digit(c))
		scan_number(ls, start);
	else if (c == '"')
		scan_string(ls, start);
	else
		scan_punct(ls, start);
	if (ls->t.kind != TK_ERROR)
		ls->t.pos = pos_at(ls, start, ls->p - start);
	ls->t.end = ls->p;
}

/* REGEX: '/' { char | '\' char } '/' [flags]
 * The pattern is kept as written, `\/` included (PCRE2 reads it as '/'),
 * so offsets in it map one to one onto source columns. */
void lex_regex(struct lexer *ls)
{
	size_t start = ls->t.offset, fstart;
	if (ls->t.kind != TK_SLASH)
		return; /* the parser reports the token already scanned */
	ls->p = start + 1;
	for (;;) {
		int c = cur(ls);
		if (c == -1 || c == '\n') {
			/* caret on the opening '/'; skip the rest of the line */
			size_t stop = ls->p;
			ls->p = start + 1;
			tok_error(ls, start, "unterminated regex literal (expected a closing '/')", "");
			ls->t.end = ls->p = stop;
			return;
		}
		ls->p++;
		if (c == '/')
			break;
		if (c == '\\' && cur(ls) != -1 && cur(ls) != '\n')
			ls->p++;
	}
	fstart = ls->p;
	while (is_alpha(cur(ls)))
		ls->p++;
	ls->t.kind = TK_REGEX;
	ls->t.text = arena_strndup(ls->arena, ls->file->text + start + 1, fstart - 1 - (start + 1));
	ls->t.len = fstart - 1 - (start + 1);
	ls->t.flags = arena_strndup(ls->arena, ls->file->text + fstart, ls->p - fstart);
	ls->t.pos = pos_at(ls, start, ls->p - start);
	ls->t.end = ls->p;
}

void lex_describe(const struct token *t, struct strbuf *sb)
{
	switch (t->kind) {
	case TK_NAME:
		strbuf_addf(sb, "'%s'", t->text);
		break;
	case TK_STRING:
		if (t->len > 30) /* cut at a character boundary */ {
			size_t n = 30;
			while (n > 0 && (t->text[n] & 0xC0) == 0x80)
				n--;
			strbuf_addf(sb, "string \"%.*s...\"", (int)n, t->text);
		} else {
			strbuf_addf(sb, "string \"%.*s\"", (int)t->len, t->text);
		}
		break;
	case TK_INT: case TK_DECIMAL: case TK_DATE:
		strbuf_addf(sb, "%s %s", kind_names[t->kind], t->text);
		break;
	default:
		strbuf_addstr(sb, kind_names[t->kind]);
	}
}

static int is_id_char(int c) { return is_alpha(c) || is_digit(c); }

/* ruleid := NAME { '-' IDPART }   with no space between the parts; an
 * IDPART is letters, digits and '_' and may start with a digit
 * (SEC-2FA-001), so the id is scanned from the source text */
const char *lex_rule_id(struct lexer *ls, struct srcpos *pos, int *dangling)
{
	const char *s = ls->file->text;
	size_t start = ls->t.offset, end = ls->t.end, lim = ls->limit;
	*pos = ls->t.pos;
	*dangling = 0;
	if (ls->t.kind != TK_NAME)
		return NULL;
	while (end + 1 < lim && s[end] == '-' && is_id_char((unsigned char)s[end + 1])) {
		end++;
		while (end < lim && is_id_char((unsigned char)s[end]))
			end++;
	}
	pos->len = (uint32_t)(end - start);
	if (end < lim && s[end] == '-') {
		*dangling = 1;
		return NULL;
	}
	ls->p = ls->t.end = end; /* go on after the whole id */
	lex_next(ls);
	return arena_strndup(ls->arena, s + start, end - start);
}
