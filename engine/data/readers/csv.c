/*
 * csv.c - the CSV reader (contract in data/format.h): RFC 4180 text
 * through libcsv in strict mode, fed one physical line at a time so every
 * record knows the line it starts on.
 *
 * The stream is read in 64 KiB chunks and cut at the line end, '\n' (LF
 * and CRLF files) or, when the first line end in the file is a CR not
 * followed by LF, '\r' (classic Mac files); each piece goes to
 * csv_parse() (a line longer than a chunk arrives in several pieces).  A
 * record starts on the line where its first cell ends minus the newlines
 * inside that cell.  The first record is the header: each field takes the
 * first of its `at` names found there, exactly or ignoring case, spaces
 * and underscores.  A first line starting with "#TYPE " (Windows
 * PowerShell 5.1's Export-Csv) is skipped; line numbers stay physical.
 * Spaces are data (none is trimmed); blank lines are
 * skipped.  Cells are handed to ingest as they arrive; the row is
 * committed at record end, or rejected when its cell count differs from
 * the header's.  A syntax error rejects the record, restarts the parser
 * and skips to the next line.  A quoted field still open at the end of the
 * file is a DQ-INPUT finding, located by counting quotes (in a file that
 * parses, quotes come in open/close pairs and doubled pairs).  A
 * rejected record that spans lines (a stray quote opened a field that a
 * later quote closed) accounts for its other lines: each is counted as
 * swallowed and gets its own DQ-ROW-SHAPE finding (ingest_lines_swallowed).
 */
#include "data/format.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

#define CSVIN_CHUNK (64 * 1024)
#define CSVIN_BLOCK 4096       /* libcsv's first field-buffer step; then doubling */
#define CSVIN_MAX_LISTED 50   /* header names listed in a missing-column message */
#define CSVIN_TYPE_PREFIX "#TYPE "  /* a PowerShell first line, skipped */
#define CSVIN_TYPE_LEN (sizeof(CSVIN_TYPE_PREFIX) - 1)

struct csvin {
	char eol;               /* the line end: '\n', or '\r' in a CR-only file */
	int eol_known;          /* eol decided (at the first line end) */
	struct ingest *in;
	struct csv_parser p;
	uint32_t line;          /* physical line being fed, 1-based */
	uint32_t line_off;      /* bytes of that line fed so far */
	int skip_line;          /* after a syntax error: drop the rest of the line */
	int fatal;              /* input error logged: stop */
	int in_quote;           /* inside a quoted field (quote parity) */
	int bol_in_quote;       /* in_quote at the start of the current line */
	uint32_t close_col;     /* column of the last closing quote on this line, or 0 */
	uint32_t openq_line, openq_col; /* where the open quoted field started */
	uint32_t rec_line;      /* physical line the current record starts on */
	size_t ncells;          /* cells of the current record so far */
	int have_header;
	char **hdr, **norm;     /* header names, and normalized */
	size_t ncols, hdr_cap;
	size_t *map_start;      /* column c feeds fields map_field[map_start[c]..map_start[c+1]) */
	int *map_field;
	struct strbuf sb;
};

static int no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

static void parser_init(struct csvin *c)
{
	csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_space_func(&c->p, no_space);
	csv_set_realloc_func(&c->p, xrealloc);
	csv_set_free_func(&c->p, free);
	csv_set_blk_size(&c->p, CSVIN_BLOCK);
}

/* ---- header -------------------------------------------------------- */

static char *normalize(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	size_t i;
	for (i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == ' ' || ch == '_')
			continue;
		*o++ = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
	}
	*o = '\0';
	return out;
}

static void header_add(struct csvin *c, const char *s, size_t n)
{
	ALLOC_GROW(c->hdr, c->ncols + 1, c->hdr_cap);
	c->hdr[c->ncols++] = xmemdup(s, n);
}

static int find_column(const struct csvin *c, const char *name)
{
	char *norm;
	size_t i;
	for (i = 0; i < c->ncols; i++)
		if (!strcmp(c->hdr[i], name))
			return (int)i;
	norm = normalize(name, strlen(name));
	for (i = 0; i < c->ncols && strcmp(c->norm[i], norm); i++)
		;
	free(norm);
	return i < c->ncols ? (int)i : -1;
}

/* the first of the field's names found in the header; inline test tables
 * (in->by_field_name) are matched by the field's own name first */
static int field_column(const struct csvin *c, const struct field *f)
{
	size_t k;
	int col = c->in->by_field_name ? find_column(c, f->name) : -1;
	for (k = 0; k < f->nat && col < 0; k++)
		col = find_column(c, f->at[k]);
	return col;
}

static void report_missing(struct csvin *c, int fi)
{
	const struct field *f = &c->in->ds->fields[fi];
	size_t i;
	strbuf_reset(&c->sb);
	strbuf_addstr(&c->sb, f->nat > 1 ? "none of the columns " : "column ");
	for (i = 0; i < f->nat; i++)
		strbuf_addf(&c->sb, "%s\"%s\"", i ? ", " : "", f->at[i]);
	strbuf_addstr(&c->sb, f->nat > 1 ? " found; the header has: " : " not found; the header has: ");
	for (i = 0; i < c->ncols && i < CSVIN_MAX_LISTED; i++)
		strbuf_addf(&c->sb, "%s%s", i ? ", " : "", c->hdr[i]);
	if (c->ncols > CSVIN_MAX_LISTED)
		strbuf_addf(&c->sb, ", ... (%zu more)", c->ncols - CSVIN_MAX_LISTED);
	ingest_missing_column(c->in, fi, c->sb.buf);
}

/* Column -> fields, grouped by column (a column may feed several fields). */
static void build_map(struct csvin *c, const int *fcol)
{
	size_t nf = c->in->ds->nfields, col, fi;
	c->map_start = xcalloc(c->ncols + 2, sizeof(*c->map_start));
	c->map_field = xmalloc((nf ? nf : 1) * sizeof(*c->map_field));
	for (fi = 0; fi < nf; fi++)
		if (fcol[fi] >= 0)
			c->map_start[fcol[fi] + 2]++;
	for (col = 0; col < c->ncols; col++)
		c->map_start[col + 2] += c->map_start[col + 1];
	for (fi = 0; fi < nf; fi++)
		if (fcol[fi] >= 0)
			c->map_field[c->map_start[fcol[fi] + 1]++] = (int)fi;
}

static void header_done(struct csvin *c)
{
	size_t nf = c->in->ds->nfields, i;
	int *fcol = xmalloc((nf ? nf : 1) * sizeof(*fcol));
	c->norm = xmalloc(c->ncols * sizeof(*c->norm));
	for (i = 0; i < c->ncols; i++)
		c->norm[i] = normalize(c->hdr[i], strlen(c->hdr[i]));
	for (i = 0; i < nf; i++) {
		fcol[i] = field_column(c, &c->in->ds->fields[i]);
		if (fcol[i] < 0)
			report_missing(c, (int)i);
	}
	build_map(c, fcol);
	for (i = 0; i < c->ncols; i++)
		if (c->map_start[i] == c->map_start[i + 1])
			table_stats_add_extra(c->in->t, c->hdr[i]);
	free(fcol);
	c->have_header = 1;
}

/* ---- records ------------------------------------------------------- */

static uint32_t count_nl(const struct csvin *c, const char *s, size_t n)
{
	const char *end = s + n;
	uint32_t k = 0;
	while ((s = memchr(s, c->eol, (size_t)(end - s)))) {
		k++;
		s++;
	}
	return k;
}

static void on_cell(void *data, size_t n, void *ctx)
{
	struct csvin *c = ctx;
	const char *s = data;
	size_t col, k;
	if (!c->have_header) {
		header_add(c, s, n);
		return;
	}
	col = c->ncells++;
	if (!col) {
		c->rec_line = c->line - count_nl(c, s, n);
		ingest_row_begin(c->in, c->rec_line);
	}
	if (col >= c->ncols)
		return;
	for (k = c->map_start[col]; k < c->map_start[col + 1]; k++)
		ingest_cell(c->in, c->map_field[k], s, n);
}

/* the lines after the rejected record's first, up to last */
static void swallowed(struct csvin *c, uint32_t last)
{
	int quoted = c->openq_line >= c->rec_line && c->openq_line < last;
	if (last > c->rec_line)
		ingest_lines_swallowed(c->in, c->rec_line + 1, last, quoted ? c->openq_line : 0,
				       quoted ? c->openq_col : 0);
}

static void on_row(int term, void *ctx)
{
	struct csvin *c = ctx;
	(void)term;
	if (!c->have_header) {
		header_done(c);
		return;
	}
	if (c->ncells != c->ncols) {
		ingest_row_reject(c->in, 0, "expected %zu cells as in the header, found %zu", c->ncols,
				  c->ncells);
		swallowed(c, c->line);
	} else
		ingest_row_end(c->in);
	c->ncells = 0;
}

/* ---- syntax errors ------------------------------------------------- */

static void describe_char(struct strbuf *sb, unsigned char ch)
{
	if (ch == ' ')
		strbuf_addstr(sb, "space");
	else if (ch == '\t')
		strbuf_addstr(sb, "tab");
	else if (ch > ' ' && ch < 0x7f)
		strbuf_addf(sb, "'%c'", ch);
	else
		strbuf_addf(sb, "byte 0x%02X", ch);
}

static void describe_error(struct strbuf *sb, unsigned char ch)
{
	strbuf_reset(sb);
	if (ch == '"') {
		strbuf_addstr(sb, "unexpected '\"' inside an unquoted field "
			      "(quote the whole field and double the quote)");
		return;
	}
	strbuf_addstr(sb, "unexpected ");
	describe_char(sb, ch);
	strbuf_addstr(sb, " after the closing quote of a field (expected ',' or the end of the line; "
		      "a '\"' inside a quoted field must be doubled)");
}

/* The parser stopped at s[at]: reject the record, restart at the next line. */
static void syntax_error(struct csvin *c, const char *s, size_t at)
{
	struct ingest *in = c->in;
	uint32_t col = c->line_off + (uint32_t)at + 1;
	describe_error(&c->sb, (unsigned char)s[at]);
	if (!c->have_header) {
		ingest_input_error(in, c->line, col, "malformed CSV header: %s", c->sb.buf);
		c->fatal = 1;
		return;
	}
	if (!c->ncells) {
		c->rec_line = c->bol_in_quote ? c->openq_line : c->line;
		ingest_row_begin(in, c->rec_line);
	}
	if (in->line != ingest_line(in, c->line)) {
		/* the record began lines earlier: the message places the error,
		 * and the finding's column (of its own line) is left out */
		strbuf_addf(&c->sb, " on line %u, column %u", ingest_line(in, c->line), col);
		col = 0;
	}
	ingest_row_reject(in, col, "malformed CSV: %s", c->sb.buf);
	swallowed(c, c->line);
	c->ncells = 0;
	c->in_quote = 0;
	c->skip_line = 1;
	csv_free(&c->p);
	parser_init(c);
}

/* Quote parity over a piece that parsed: remembers where the quoted field
 * still open (if any) was opened; a quote right after a closing one is the
 * second half of a doubled quote, inside the same field. */
static void track_quotes(struct csvin *c, const char *s, size_t n)
{
	const char *q = s, *end = s + n;
	while ((q = memchr(q, '"', (size_t)(end - q)))) {
		uint32_t col = c->line_off + (uint32_t)(q - s) + 1;
		c->in_quote = !c->in_quote;
		if (!c->in_quote) {
			c->close_col = col;
		} else if (!c->close_col || col != c->close_col + 1) {
			c->openq_line = c->line;
			c->openq_col = col;
		}
		q++;
	}
}

/* libcsv grows its field buffer by a constant block; growing the block
 * with the buffer makes a long field cost linear, not quadratic, time. */
static void grow_block(struct csvin *c)
{
	size_t blk = c->p.entry_size > CSVIN_BLOCK ? c->p.entry_size : CSVIN_BLOCK;
	if (blk != c->p.blk_size)
		csv_set_blk_size(&c->p, blk);
}

static void parse_piece(struct csvin *c, const char *s, size_t n)
{
	size_t done;
	grow_block(c);
	done = csv_parse(&c->p, s, n, on_cell, on_row, c);
	if (done == n) {
		track_quotes(c, s, n);
		return;
	}
	if (csv_error(&c->p) == CSV_EPARSE) {
		syntax_error(c, s, done);
		return;
	}
	if (c->ncells)
		ingest_row_reject(c->in, 0, "record cut short: %s", csv_strerror(csv_error(&c->p)));
	ingest_input_error(c->in, c->line, 0, "cannot parse CSV: %s", csv_strerror(csv_error(&c->p)));
	c->fatal = 1;
}

/* Windows PowerShell 5.1's Export-Csv writes "#TYPE System.Object" (the
 * .NET type) on the first line, before the header */
static int is_type_line(const struct csvin *c, const char *s, size_t n)
{
	return c->line == 1 && !c->line_off && n >= CSVIN_TYPE_LEN && !memcmp(s, CSVIN_TYPE_PREFIX, CSVIN_TYPE_LEN);
}

/* s[0..n) is a whole line (ending in '\n') or a part of one. */
static void feed(struct csvin *c, const char *s, size_t n)
{
	int eol = s[n - 1] == c->eol;
	if (is_type_line(c, s, n))
		c->skip_line = 1;
	if (!c->line_off)
		c->bol_in_quote = c->in_quote;
	if (!c->skip_line && !c->fatal)
		parse_piece(c, s, n);
	if (eol) {
		c->line++;
		c->line_off = 0;
		c->close_col = 0;
		c->skip_line = 0;
	} else {
		c->line_off += (uint32_t)n;
	}
}

/* ---- the stream ---------------------------------------------------- */

/* The first line end decides: a CR followed by anything but LF makes
 * this a CR-only file.  A CR at the very end of a chunk waits for the
 * next chunk (or the end of the stream: then it is a one-line file). */
static void detect_eol(struct csvin *c, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			break;
		if (s[i] == '\r') {
			if (i + 1 == n)
				return;
			if (s[i + 1] != '\n')
				c->eol = '\r';
			break;
		}
	}
	c->eol_known = i < n;
}

static void feed_chunk(struct csvin *c, const char *s, size_t n)
{
	const char *end = s + n;
	if (!c->eol_known)
		detect_eol(c, s, n);
	while (s < end && !c->fatal) {
		const char *nl = memchr(s, c->eol, (size_t)(end - s));
		const char *stop = nl ? nl + 1 : end;
		feed(c, s, (size_t)(stop - s));
		s = stop;
	}
}

/* Up to CSVIN_CHUNK bytes, fewer only at the end of the stream or before
 * a read error (a short read is neither); *err is set to errno after a
 * read error, which ends the stream. */
static size_t read_chunk(struct instream *s, char *buf, int *err)
{
	size_t have = 0;
	while (have < CSVIN_CHUNK) {
		ssize_t n = instream_read(s, buf + have, CSVIN_CHUNK - have);
		if (n < 0)
			*err = errno;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	return have;
}

static int read_stream(struct csvin *c, struct instream *s)
{
	char *buf = xmalloc(CSVIN_CHUNK);
	uint64_t done = 0;
	size_t n;
	int err = 0;
	while (!c->fatal && !err && (n = read_chunk(s, buf, &err)) > 0) {
		size_t skip = !done && n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
		feed_chunk(c, buf + skip, n - skip);
		done += n;
		ingest_progress(c->in, done);
	}
	free(buf);
	if (c->fatal)
		return -1;
	if (err) {
		if (c->ncells)
			ingest_row_reject(c->in, 0, "record cut short by a read error");
		ingest_input_error(c->in, c->line, 0, "cannot read: %s", strerror(err));
		return -1;
	}
	return 0;
}

static int unterminated(struct csvin *c)
{
	strbuf_reset(&c->sb);
	strbuf_addf(&c->sb, "unterminated quoted field starting at line %u runs to the end of the file",
		    ingest_line(c->in, c->openq_line));
	if (c->have_header) {
		if (!c->ncells) {
			c->rec_line = c->openq_line;
			ingest_row_begin(c->in, c->openq_line);
		}
		ingest_row_reject(c->in, c->openq_col, "malformed CSV: %s", c->sb.buf);
		swallowed(c, c->line_off ? c->line : c->line - 1);
		c->ncells = 0;
	}
	ingest_input_error(c->in, c->openq_line, c->openq_col, "malformed CSV%s: %s",
			   c->have_header ? "" : " header", c->sb.buf);
	return -1;
}

static int finish(struct csvin *c)
{
	if (csv_fini(&c->p, on_cell, on_row, c))
		return unterminated(c);
	if (!c->have_header) {
		ingest_input_error(c->in, 0, 0, "empty file: expected a header row");
		return -1;
	}
	return 0;
}

static void csvin_release(struct csvin *c)
{
	size_t i;
	csv_free(&c->p);
	for (i = 0; i < c->ncols; i++) {
		free(c->hdr[i]);
		if (c->norm)
			free(c->norm[i]);
	}
	free(c->hdr);
	free(c->norm);
	free(c->map_start);
	free(c->map_field);
	strbuf_release(&c->sb);
}

int csvin_read(struct ingest *in, struct instream *s)
{
	struct csvin c;
	int rc;
	memset(&c, 0, sizeof(c));
	c.eol = '\n';
	c.in = in;
	c.line = 1;
	strbuf_init(&c.sb, 0);
	parser_init(&c);
	rc = read_stream(&c, s);
	if (!rc)
		rc = finish(&c);
	csvin_release(&c);
	return rc;
}
