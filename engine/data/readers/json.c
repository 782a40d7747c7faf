/*
 * json.c - the JSON and JSON Lines readers: the objects of an API
 * response or of a .jsonl file become table rows (contract in
 * data/format.h).
 *
 * Records.  `from json` reads one JSON document.  Without `record` its
 * top-level value must be an array, each element one record; with
 * `record "items"` (or "data.items": keys separated by '.') the
 * top-level value must be an object and the array at that path holds the
 * records (a null there means no records).  `from jsonl` reads one value
 * per line (blank lines are skipped), each one record.  A record must be
 * an object: any other value is a rejected row (DQ-ROW-SHAPE) and
 * reading goes on.
 *
 * Paths.  A field's `at` paths are dotted key paths below the record
 * object: "companyProfile.tenantId" is the key tenantId of the object
 * under companyProfile; no `at` means the key named like the field.  A
 * step matches a key exactly or, failing that, ignoring ASCII case
 * (tenantId = TenantId; an exact match anywhere in the record wins).
 * The record path's keys match exactly.  Paths never step into arrays,
 * and a key holding a '.' cannot be named.  With several `at` paths the
 * first path (in `at` order) found in the record wins; with a key repeated
 * in one object the first occurrence wins.  A declared field none of
 * whose paths is found in any record is one DQ-MISSING-COLUMN at the end
 * (its DQ-REQUIRED findings are dropped, as for a missing CSV column);
 * nothing is reported when no record was read.
 *
 * Values.  A string is given to ingest decoded; a number as written (so
 * an int or decimal field takes 3 and "3" alike); true and false as
 * "true" and "false"; null, or a path not found, leaves the field null.
 * An object or array is given as its JSON text, compact and in source
 * order: {"k":"v"} and [1,2]; strings re-escaped minimally (", \ and
 * control characters only).  Strings are not UTF-8 checked by the
 * parser: invalid UTF-8 reaches ingest, which reports DQ-ENCODING for
 * the one value and keeps the record.  A value is gathered in one
 * reusable buffer per `at` path: no allocation per record.
 *
 * Lines.  A row's line is the line of the '{' opening its record.
 * Positions are counted by scanning the chunks fed to the parser up to
 * yajl_get_bytes_consumed(), which inside a callback is the end of the
 * token being reported; columns count bytes, from 1.
 *
 * Parser.  yajl, fed JSONIN_CHUNK bytes at a time (JSON Lines: a line at
 * a time): streaming, no tree, memory independent of the file size.  A
 * UTF-8 BOM at the start is skipped.  Malformed JSON stops the read with
 * one DQ-INPUT "malformed JSON: <yajl's message>" (its short form, on
 * one line) at its line and column (a lexical error: the offending byte;
 * a parse error: the token yajl did not expect); records completed before
 * it are kept, a record cut off is rejected.  In JSON Lines a malformed line, or one that ends inside its
 * value, is a rejected row instead, and reading goes on at the next line.
 *
 * Limits.  Nesting deeper than JSONIN_MAX_DEPTH, a field's value longer
 * than JSONIN_MAX_VALUE bytes, or a single token (a string, say) longer
 * than that, stops the read (DQ-INPUT): the parser's buffers stay bounded.
 */
#include "data/format.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yajl/yajl_parse.h>

#include "util/alloc.h"
#include "util/strbuf.h"

#define JSONIN_CHUNK (64 * 1024)
#define JSONIN_MAX_DEPTH 64        /* nested objects and arrays */
#define JSONIN_MAX_VALUE 10000000  /* bytes: a field's value, or one token */
#define NO_STEP SIZE_MAX

enum match { M_NONE, M_CASELESS, M_EXACT };   /* how a path was found */

enum kind { K_OBJECT, K_ARRAY, K_STRING, K_NUMBER, K_BOOL, K_NULL };

struct step {                  /* one key of a dotted path */
	const char *s;
	size_t n;
};

struct path {
	const char *src;           /* as written */
	struct step *steps;
	size_t n;
	size_t mdepth;             /* leading steps matched by the open keys */
	size_t caseless_from;      /* first of them matched ignoring case, or NO_STEP */
};

struct alt {                   /* one `at` path of a field */
	struct path p;
	int field;
	enum match pending;        /* the next value is this path's value */
	enum match found;          /* in the current record */
	int is_null;
	long cap_depth;            /* capturing the container open at this depth, or 0 */
	int comma;                 /* capturing: a ',' precedes the next key or value */
	struct strbuf text;
};

struct jr {
	struct ingest *in;
	int lines;                 /* JSON Lines */
	yajl_handle h;
	/* position: the piece being parsed and a scan cursor in it */
	const char *piece;
	size_t piece_len, scan;
	uint64_t piece_abs;        /* bytes before the piece */
	uint32_t line;             /* line at scan */
	uint64_t col;              /* bytes of that line before scan */
	uint64_t last_event;       /* absolute offset after the last token */
	/* document */
	long depth;                /* open objects and arrays */
	int top_seen;
	struct path rec;           /* record path (n == 0: none) */
	int rec_pending;           /* the next value is at the record path */
	int rec_found;
	long rec_parent;           /* records are the values at this depth, or -1 */
	int in_rec;
	long rec_depth;            /* depth inside the record object */
	int line_rejected;         /* JSON Lines: a row of this line was rejected */
	int skip_line;             /* JSON Lines: after an error, to the next line */
	/* fields */
	struct alt *alts;          /* in field order, each field's in `at` order */
	size_t nalts;
	size_t *fstart;            /* field i: alts[fstart[i] .. fstart[i+1]) */
	size_t nactive;
	unsigned char *seen;       /* per field: found in some record */
	size_t nrecords;
	/* failure */
	int stopped;
	int malformed;
	uint32_t err_line, err_col;
	struct strbuf err;
};

/* ---- positions ----------------------------------------------------- */

/* Move the scan cursor to piece offset off (not backwards). */
static void scan_to(struct jr *j, size_t off)
{
	const char *p = j->piece + j->scan, *end = j->piece + off, *nl;
	if (off <= j->scan)
		return;
	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		j->line++;
		j->col = 0;
		p = nl + 1;
	}
	j->col += (uint64_t)(end - p);
	j->scan = off;
}

/* Line and column of the byte at piece offset off (clamped to the piece;
 * an offset before the cursor is taken at the cursor: yajl reports
 * positions in order). */
static void locate(struct jr *j, size_t off, uint32_t *line, uint32_t *col)
{
	if (off > j->piece_len)
		off = j->piece_len;
	scan_to(j, off);
	*line = j->line;
	*col = j->col + 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)(j->col + 1);
}

/* Where the token just reported starts, for a one-byte token ('{'), or
 * the last byte of a longer one (no token holds a newline). */
static void token_pos(struct jr *j, uint32_t *line, uint32_t *col)
{
	size_t off = yajl_get_bytes_consumed(j->h);
	locate(j, off ? off - 1 : 0, line, col);
}

static void note_event(struct jr *j)
{
	j->last_event = j->piece_abs + yajl_get_bytes_consumed(j->h);
}

/* ---- failure ------------------------------------------------------- */

static void fail(struct jr *j, uint32_t line, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Remember the first failure and stop: callbacks cancel the parse. */
static void failv(struct jr *j, uint32_t line, uint32_t col, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static void failv(struct jr *j, uint32_t line, uint32_t col, const char *fmt, va_list ap)
{
	if (j->stopped)
		return;
	j->stopped = 1;
	j->err_line = line;
	j->err_col = col;
	strbuf_vaddf(&j->err, fmt, ap);
}

static void fail(struct jr *j, uint32_t line, uint32_t col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	failv(j, line, col, fmt, ap);
	va_end(ap);
}

static void fail_here(struct jr *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* the same, at the token yajl stopped on */
static void fail_here(struct jr *j, const char *fmt, ...)
{
	uint32_t line, col;
	va_list ap;
	if (j->stopped)
		return;
	token_pos(j, &line, &col);
	va_start(ap, fmt);
	failv(j, line, col, fmt, ap);
	va_end(ap);
}

static const char *kind_name(enum kind k)
{
	static const char *const names[] = { "an object", "an array", "a string", "a number",
					     "a boolean", "null" };
	return names[k];
}

/* yajl's non-verbose message, on one line: "malformed JSON: premature EOF" */
static void yajl_message(struct jr *j, struct strbuf *sb)
{
	unsigned char *e = yajl_get_error(j->h, 0, NULL, 0);
	const char *m = (const char *)e, *colon = m ? strstr(m, "error: ") : NULL;
	size_t start = sb->len;
	strbuf_addstr(sb, "malformed JSON: ");
	if (colon)
		m = colon + 7;
	for (; m && *m; m++)
		strbuf_addch(sb, *m == '\n' || *m == '\r' || *m == '\t' ? ' ' : *m);
	while (sb->len > start && (sb->buf[sb->len - 1] == ' ' || sb->buf[sb->len - 1] == '.'))
		strbuf_setlen(sb, sb->len - 1);
	if (e)
		yajl_free_error(j->h, e);
}

/* ---- paths --------------------------------------------------------- */

/* Split a dotted path; -1 (and a failure) on an empty step. */
static int compile_path(struct jr *j, struct path *p, const char *src, const char *what)
{
	const char *s = src;
	p->src = src;
	p->steps = xcalloc(strlen(src) + 1, sizeof(*p->steps));
	p->n = 0;
	p->caseless_from = NO_STEP;
	for (;;) {
		const char *dot = strchr(s, '.');
		size_t n = dot ? (size_t)(dot - s) : strlen(s);
		if (!n) {
			fail(j, 0, 0, "%s: JSON path \"%s\" has an empty step (keys are separated by '.')",
			     what, src);
			return -1;
		}
		p->steps[p->n].s = s;
		p->steps[p->n++].n = n;
		if (!dot)
			return 0;
		s = dot + 1;
	}
}

static int compile_paths(struct jr *j)
{
	const struct dataset *ds = j->in->ds;
	struct strbuf what = STRBUF_INIT;
	size_t fi, k, n = 0;
	int rc = 0;
	if (j->in->src->record && compile_path(j, &j->rec, j->in->src->record, "record path"))
		return -1;
	for (fi = 0; fi < ds->nfields; fi++)
		n += ds->fields[fi].nat;
	j->alts = xcalloc(n ? n : 1, sizeof(*j->alts));
	j->fstart = xcalloc(ds->nfields + 1, sizeof(*j->fstart));
	for (fi = 0; fi < ds->nfields && !rc; fi++) {
		j->fstart[fi] = j->nalts;
		strbuf_reset(&what);
		strbuf_addf(&what, "field %s", ds->fields[fi].name);
		for (k = 0; k < ds->fields[fi].nat && !rc; k++) {
			struct alt *a = &j->alts[j->nalts++];
			a->field = (int)fi;
			strbuf_init(&a->text, 0);
			rc = compile_path(j, &a->p, ds->fields[fi].at[k], what.buf);
		}
	}
	j->fstart[ds->nfields] = j->nalts;
	strbuf_release(&what);
	return rc;
}

static enum match step_match(struct step st, const char *key, size_t n)
{
	if (st.n != n)
		return M_NONE;
	if (!memcmp(st.s, key, n))
		return M_EXACT;
	return strncasecmp(st.s, key, n) ? M_NONE : M_CASELESS;
}

/* A key at step index r of p's open keys: how p is found by it, if its
 * last step is this key. */
static enum match path_key(struct path *p, size_t r, const char *key, size_t n, int caseless)
{
	enum match m;
	if (p->mdepth > r) {
		p->mdepth = r;
		if (p->caseless_from != NO_STEP && p->caseless_from >= r)
			p->caseless_from = NO_STEP;
	}
	if (p->mdepth != r || r >= p->n)
		return M_NONE;
	m = step_match(p->steps[r], key, n);
	if (m == M_NONE || (m == M_CASELESS && !caseless))
		return M_NONE;
	p->mdepth = r + 1;
	if (m == M_CASELESS && p->caseless_from == NO_STEP)
		p->caseless_from = r;
	if (p->mdepth < p->n)
		return M_NONE;
	return p->caseless_from == NO_STEP ? M_EXACT : M_CASELESS;
}

/* ---- captured values ----------------------------------------------- */

static void add_text(struct jr *j, struct alt *a, const void *s, size_t n)
{
	if (a->text.len + n > JSONIN_MAX_VALUE) {
		fail_here(j, "value of field %s (JSON path \"%s\") is longer than %d bytes",
			  j->in->ds->fields[a->field].name, a->p.src, JSONIN_MAX_VALUE);
		return;
	}
	strbuf_add(&a->text, s, n);
}

/* A string as JSON text: ", \ and control characters escaped. */
static void add_json_string(struct jr *j, struct alt *a, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, from = 0;
	add_text(j, a, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		char esc[6] = { '\\', 0, 0, 0, 0, 0 };
		size_t len = 2;
		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		add_text(j, a, s + from, i - from);
		from = i + 1;
		switch (ch) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[ch >> 4];
			esc[5] = hex[ch & 15];
			len = 6;
		}
		add_text(j, a, esc, len);
	}
	add_text(j, a, s + from, n - from);
	add_text(j, a, "\"", 1);
}

/* A value inside a captured container. */
static void add_nested(struct jr *j, struct alt *a, enum kind k, const char *s, size_t n)
{
	if (a->comma)
		add_text(j, a, ",", 1);
	a->comma = 1;
	switch (k) {
	case K_OBJECT: add_text(j, a, "{", 1); a->comma = 0; break;
	case K_ARRAY: add_text(j, a, "[", 1); a->comma = 0; break;
	case K_STRING: add_json_string(j, a, s, n); break;
	default: add_text(j, a, s, n);
	}
}

/* The value of a path just found: scalars as their text, containers
 * opened for capture. */
static void capture_start(struct jr *j, struct alt *a, enum kind k, const char *s, size_t n)
{
	strbuf_reset(&a->text);
	a->found = a->pending;
	a->pending = M_NONE;
	a->is_null = k == K_NULL;
	a->comma = 0;
	if (k == K_OBJECT || k == K_ARRAY) {
		add_text(j, a, k == K_OBJECT ? "{" : "[", 1);
		a->cap_depth = j->depth + 1;
		j->nactive++;
	} else if (k != K_NULL) {
		add_text(j, a, s, n);
	}
}

/* A value inside the record: s[0..n) is its text for scalars. */
static void record_value(struct jr *j, enum kind k, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < j->nalts && j->nactive; i++)
		if (j->alts[i].cap_depth)
			add_nested(j, &j->alts[i], k, s, n);
	for (i = 0; i < j->nalts; i++)
		if (j->alts[i].pending)
			capture_start(j, &j->alts[i], k, s, n);
}

static void record_key(struct jr *j, const char *key, size_t n)
{
	size_t r = (size_t)(j->depth - j->rec_depth), i;
	for (i = 0; i < j->nalts; i++) {
		struct alt *a = &j->alts[i];
		enum match m;
		if (a->cap_depth) {
			if (a->comma)
				add_text(j, a, ",", 1);
			add_json_string(j, a, key, n);
			add_text(j, a, ":", 1);
			a->comma = 0;
		}
		m = path_key(&a->p, r, key, n, 1);
		if (m > a->found && !a->cap_depth)
			a->pending = m;
	}
}

/* A container closes inside the record (depth: still counting it). */
static void record_close(struct jr *j, char close)
{
	size_t i;
	for (i = 0; i < j->nalts && j->nactive; i++) {
		struct alt *a = &j->alts[i];
		if (!a->cap_depth)
			continue;
		add_text(j, a, &close, 1);
		a->comma = 1;
		if (a->cap_depth == j->depth) {
			a->cap_depth = 0;
			j->nactive--;
		}
	}
}

/* ---- records ------------------------------------------------------- */

static void record_begin(struct jr *j)
{
	uint32_t line, col;
	size_t i;
	token_pos(j, &line, &col);
	ingest_row_begin(j->in, line);
	j->in_rec = 1;
	j->rec_depth = j->depth + 1;
	for (i = 0; i < j->nalts; i++) {
		struct alt *a = &j->alts[i];
		a->found = a->pending = M_NONE;
		a->cap_depth = 0;
		a->p.mdepth = 0;
		a->p.caseless_from = NO_STEP;
	}
	j->nactive = 0;
}

static void record_end(struct jr *j)
{
	size_t fi, k;
	for (fi = 0; fi < j->in->ds->nfields; fi++) {
		for (k = j->fstart[fi]; k < j->fstart[fi + 1]; k++) {
			const struct alt *a = &j->alts[k];
			if (!a->found)
				continue;
			j->seen[fi] = 1;
			if (!a->is_null)
				ingest_cell(j->in, (int)fi, a->text.buf, a->text.len);
			break;
		}
	}
	ingest_row_end(j->in);
	j->in_rec = 0;
	j->nrecords++;
}

/* A value where a record is expected that is not an object. */
static void not_a_record(struct jr *j, enum kind k)
{
	uint32_t line, col;
	token_pos(j, &line, &col);
	ingest_row_begin(j->in, line);
	ingest_row_reject(j->in, col, "a record must be a JSON object; found %s", kind_name(k));
	j->line_rejected = 1;
}

/* The top-level value of a JSON document. */
static void top_value(struct jr *j, enum kind k)
{
	j->top_seen = 1;
	if (!j->rec.n) {
		if (k == K_ARRAY)
			j->rec_parent = 1;
		else
			fail_here(j, "the top-level value is %s; expected an array of records "
				  "(or 'record \"PATH\"' naming the array that holds them)", kind_name(k));
	} else if (k != K_OBJECT) {
		fail_here(j, "the top-level value is %s; expected an object holding the records "
			  "at record path \"%s\"", kind_name(k), j->rec.src);
	}
}

/* The value at the record path. */
static void records_value(struct jr *j, enum kind k)
{
	j->rec_pending = 0;
	if (k == K_ARRAY) {
		j->rec_parent = j->depth + 1;
		j->rec_found = 1;
	} else if (k == K_NULL) {
		j->rec_found = 1;
	} else {
		fail_here(j, "record path \"%s\" holds %s; expected an array of records", j->rec.src,
			  kind_name(k));
	}
}

/* Any value, before the depth counts it. */
static int on_value(struct jr *j, enum kind k, const char *s, size_t n)
{
	if (j->stopped)
		return 0;
	note_event(j);
	if (j->in_rec)
		record_value(j, k, s, n);
	else if (j->depth == 0 && !j->lines)
		top_value(j, k);
	else if (j->rec_pending)
		records_value(j, k);
	else if (j->depth == j->rec_parent) {
		if (k == K_OBJECT)
			record_begin(j);
		else
			not_a_record(j, k);
	}
	return !j->stopped;
}

/* ---- yajl callbacks ------------------------------------------------ */

static int on_null(void *ud)
{
	return on_value(ud, K_NULL, "null", 4);
}

static int on_bool(void *ud, int b)
{
	return on_value(ud, K_BOOL, b ? "true" : "false", b ? 4 : 5);
}

static int on_number(void *ud, const char *s, size_t n)
{
	return on_value(ud, K_NUMBER, s, n);
}

static int on_string(void *ud, const unsigned char *s, size_t n)
{
	return on_value(ud, K_STRING, (const char *)s, n);
}

static int on_open(struct jr *j, enum kind k)
{
	if (!on_value(j, k, NULL, 0))
		return 0;
	if (j->depth >= JSONIN_MAX_DEPTH) {
		fail_here(j, "JSON nested deeper than %d levels", JSONIN_MAX_DEPTH);
		return 0;
	}
	j->depth++;
	return 1;
}

static int on_start_map(void *ud)
{
	return on_open(ud, K_OBJECT);
}

static int on_start_array(void *ud)
{
	return on_open(ud, K_ARRAY);
}

static int on_key(void *ud, const unsigned char *key, size_t n)
{
	struct jr *j = ud;
	if (j->stopped)
		return 0;
	note_event(j);
	if (j->in_rec)
		record_key(j, (const char *)key, n);
	else if (j->rec.n && path_key(&j->rec, (size_t)(j->depth - 1), (const char *)key, n, 0))
		j->rec_pending = 1;
	return !j->stopped;
}

static int on_close(struct jr *j, char close)
{
	if (j->stopped)
		return 0;
	note_event(j);
	if (j->in_rec) {
		record_close(j, close);
		if (j->depth == j->rec_depth)
			record_end(j);
	} else if (j->depth == j->rec_parent && !j->lines) {
		j->rec_parent = -1;     /* the records array ends */
	}
	j->depth--;
	return !j->stopped;
}

static int on_end_map(void *ud)
{
	return on_close(ud, '}');
}

static int on_end_array(void *ud)
{
	return on_close(ud, ']');
}

static const yajl_callbacks callbacks = {
	on_null, on_bool, NULL, NULL, on_number, on_string,
	on_start_map, on_key, on_end_map, on_start_array, on_end_array
};

/* ---- parsing ------------------------------------------------------- */

/* yajl allocates through util/alloc (out of memory exits). */
static void *ya_malloc(void *ctx, size_t n)
{
	(void)ctx;
	return xmalloc(n);
}

static void *ya_realloc(void *ctx, void *p, size_t n)
{
	(void)ctx;
	return xrealloc(p, n);
}

static void ya_free(void *ctx, void *p)
{
	(void)ctx;
	free(p);
}

static void parser_new(struct jr *j)
{
	yajl_alloc_funcs af = { ya_malloc, ya_realloc, ya_free, NULL };
	j->h = yajl_alloc(&callbacks, &af, j);
	yajl_config(j->h, yajl_dont_validate_strings, 1);
	if (j->lines)
		yajl_config(j->h, yajl_allow_multiple_values, 1);
}

/* Parse s[0..n); returns yajl's status. */
static yajl_status parse_piece(struct jr *j, const char *s, size_t n)
{
	yajl_status st;
	j->piece = s;
	j->piece_len = n;
	j->scan = 0;
	st = yajl_parse(j->h, (const unsigned char *)s, n);
	if (st == yajl_status_ok && j->piece_abs + n - j->last_event > JSONIN_MAX_VALUE) {
		uint32_t line, col;
		locate(j, n, &line, &col);
		fail(j, line, 0, "a JSON token (a string, a number, or blanks) is longer than %d bytes",
		     JSONIN_MAX_VALUE);
	}
	return st;
}

/* Done with the piece: the cursor moves to its end. */
static void piece_done(struct jr *j)
{
	scan_to(j, j->piece_len);
	j->piece_abs += j->piece_len;
	j->piece = NULL;
	j->piece_len = j->scan = 0;
}

/* Where yajl stopped: a lexical error at the offending byte, a parse
 * error at the last byte of the token it did not expect. */
static void error_pos(struct jr *j, uint32_t *line, uint32_t *col)
{
	unsigned char *e = yajl_get_error(j->h, 0, NULL, 0);
	size_t off = yajl_get_bytes_consumed(j->h);
	if (e && !strncmp((const char *)e, "parse", 5) && off)
		off--;
	if (e)
		yajl_free_error(j->h, e);
	locate(j, off, line, col);
}

/* JSON: a syntax error stops the read. */
static void doc_error(struct jr *j)
{
	error_pos(j, &j->err_line, &j->err_col);
	j->stopped = j->malformed = 1;
	yajl_message(j, &j->err);
}

static void doc_chunk(struct jr *j, const char *s, size_t n)
{
	yajl_status st = parse_piece(j, s, n);
	if (st == yajl_status_error)
		doc_error(j);
	piece_done(j);
}

static void doc_finish(struct jr *j)
{
	yajl_status st;
	j->piece = "";
	st = yajl_complete_parse(j->h);
	if (st == yajl_status_error && !j->top_seen && !j->stopped) {
		fail(j, 0, 0, "empty file: expected %s", j->rec.n ? "a JSON object" : "a JSON array of records");
	} else if (st == yajl_status_error) {
		doc_error(j);
	} else if (j->rec.n && !j->rec_found && !j->stopped) {
		fail(j, 0, 0, "record path \"%s\" not found: no array of records there", j->rec.src);
	}
}

/* JSON Lines: state for the next line; a parser stopped by an error or
 * left inside a value is replaced. */
static void line_reset(struct jr *j, int new_parser)
{
	if (new_parser) {
		yajl_free(j->h);
		parser_new(j);
	}
	j->depth = 0;
	j->in_rec = 0;
	j->nactive = 0;
	j->line_rejected = 0;
	j->skip_line = 0;
}

/* JSON Lines: a malformed line is a rejected row. */
static void line_error(struct jr *j)
{
	uint32_t line, col;
	error_pos(j, &line, &col);
	strbuf_reset(&j->err);
	yajl_message(j, &j->err);
	if (!j->in_rec && !j->line_rejected)
		ingest_row_begin(j->in, line);
	if (j->in_rec || !j->line_rejected)
		ingest_row_reject(j->in, col, "%s", j->err.buf);
	strbuf_reset(&j->err);
	j->in_rec = 0;
	j->skip_line = 1;
}

static void line_end(struct jr *j)
{
	int reset = j->skip_line || j->depth > 0;
	if (!j->skip_line && j->in_rec)
		ingest_row_reject(j->in, 0, "the line ends inside the record (JSON Lines: one object per line)");
	line_reset(j, reset);
}

/* A line or part of one (it ends at s[n-1] == '\n' or at the chunk's end). */
static void lines_piece(struct jr *j, const char *s, size_t n)
{
	if (!j->skip_line && parse_piece(j, s, n) == yajl_status_error)
		line_error(j);
	if (j->skip_line)
		j->last_event = j->piece_abs + n;
	if (j->piece != s) {   /* skipped: position it all the same */
		j->piece = s;
		j->piece_len = n;
		j->scan = 0;
	}
	piece_done(j);
	if (s[n - 1] == '\n' && !j->stopped)
		line_end(j);
}

static void lines_chunk(struct jr *j, const char *s, size_t n)
{
	const char *end = s + n;
	while (s < end && !j->stopped) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *stop = nl ? nl + 1 : end;
		lines_piece(j, s, (size_t)(stop - s));
		s = stop;
	}
}

/* A last line without '\n' is ended by one. */
static void lines_finish(struct jr *j, int ended_in_newline)
{
	if (!ended_in_newline)
		lines_piece(j, "\n", 1);
}

/* ---- the stream ---------------------------------------------------- */

/* Up to JSONIN_CHUNK bytes, fewer only at the end of the stream or
 * before a read error (then *err is errno). */
static size_t read_chunk(struct instream *s, char *buf, int *err)
{
	size_t have = 0;
	while (have < JSONIN_CHUNK) {
		ssize_t n = instream_read(s, buf + have, JSONIN_CHUNK - have);
		if (n < 0)
			*err = errno;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	return have;
}

static void read_stream(struct jr *j, struct instream *s)
{
	char *buf = xmalloc(JSONIN_CHUNK);
	uint64_t done = 0;
	size_t n;
	int err = 0, last_nl = 1;
	while (!j->stopped && !err && (n = read_chunk(s, buf, &err)) > 0) {
		size_t skip = !done && n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
		if (skip)
			j->piece_abs = skip;
		if (n > skip) {
			if (j->lines)
				lines_chunk(j, buf + skip, n - skip);
			else
				doc_chunk(j, buf + skip, n - skip);
			last_nl = buf[n - 1] == '\n';
		}
		done += n;
		ingest_progress(j->in, done);
	}
	free(buf);
	if (err)
		fail(j, 0, 0, "cannot read: %s", strerror(err));
	if (j->stopped)
		return;
	if (j->lines)
		lines_finish(j, last_nl);
	else
		doc_finish(j);
}

/* ---- results ------------------------------------------------------- */

static void report_missing(struct jr *j)
{
	const struct dataset *ds = j->in->ds;
	struct strbuf sb = STRBUF_INIT;
	size_t fi, k;
	for (fi = 0; fi < ds->nfields; fi++) {
		const struct field *f = &ds->fields[fi];
		if (j->seen[fi])
			continue;
		strbuf_reset(&sb);
		strbuf_addstr(&sb, f->nat > 1 ? "none of the paths " : "path ");
		for (k = 0; k < f->nat; k++)
			strbuf_addf(&sb, "%s\"%s\"", k ? ", " : "", f->at[k]);
		strbuf_addf(&sb, " %s %zu record%s", f->nat > 1 ? "found in the" : "not found in any of the",
			    j->nrecords, j->nrecords == 1 ? "" : "s");
		ingest_missing_column(j->in, (int)fi, sb.buf);
	}
	strbuf_release(&sb);
}

static void report(struct jr *j)
{
	if (j->in_rec)
		ingest_row_reject(j->in, 0, "record cut off by %s at line %u",
				  j->malformed ? "malformed JSON" : "the input error",
				  ingest_line(j->in, j->err_line));
	ingest_input_error(j->in, j->err_line, j->err_col, "%s", j->err.buf);
}

static void release(struct jr *j)
{
	size_t i;
	for (i = 0; i < j->nalts; i++) {
		free(j->alts[i].p.steps);
		strbuf_release(&j->alts[i].text);
	}
	free(j->alts);
	free(j->fstart);
	free(j->rec.steps);
	free(j->seen);
	strbuf_release(&j->err);
	if (j->h)
		yajl_free(j->h);
}

static int read_json(struct ingest *in, struct instream *s, int lines)
{
	struct jr j;
	int rc;
	memset(&j, 0, sizeof(j));
	j.in = in;
	j.lines = lines;
	j.line = 1;
	j.rec_parent = lines ? 0 : -1;
	j.seen = xcalloc(in->ds->nfields ? in->ds->nfields : 1, 1);
	strbuf_init(&j.err, 0);
	if (!compile_paths(&j)) {
		parser_new(&j);
		read_stream(&j, s);
	}
	rc = j.stopped ? -1 : 0;
	if (j.stopped)
		report(&j);
	else if (j.nrecords)
		report_missing(&j);
	release(&j);
	return rc;
}

int jsonin_read(struct ingest *in, struct instream *s)
{
	return read_json(in, s, 0);
}

int jsonin_read_lines(struct ingest *in, struct instream *s)
{
	return read_json(in, s, 1);
}
