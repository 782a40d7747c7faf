/*
 * csvtab.c - a small CSV file read whole (see csvtab.h).
 */
#include "cli/csvtab.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/strbuf.h"

struct csvtab_reader {
	struct csvtab *t;
	struct csvtab_row cur;
	size_t cap;
	uint32_t line;       /* the physical line being fed */
	uint32_t row_line;   /* the line the current row starts on */
	int in_row;          /* a row has begun and not ended */
};

static void csvtab_on_cell(void *s, size_t n, void *ud)
{
	struct csvtab_reader *rd = ud;
	if (!rd->cur.n)
		rd->cur.line = rd->row_line;
	if (rd->cur.n == rd->cap) {
		rd->cap = rd->cap ? 2 * rd->cap : 16;
		rd->cur.cells = xrealloc(rd->cur.cells, rd->cap * sizeof(char *));
	}
	rd->cur.cells[rd->cur.n++] = xmemdup(s ? s : "", s ? n : 0);
}

static void csvtab_on_row(int c, void *ud)
{
	struct csvtab_reader *rd = ud;
	struct csvtab *t = rd->t;
	rd->in_row = 0;
	if (rd->cur.n == 1 && !*rd->cur.cells[0]) { /* an empty line */
		free(rd->cur.cells[0]);
		rd->cur.n = 0;
		return;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->rows = xrealloc(t->rows, t->cap * sizeof(*t->rows));
	}
	t->rows[t->n++] = rd->cur;
	memset(&rd->cur, 0, sizeof(rd->cur));
	rd->cap = 0;
}

static int csvtab_slurp(const char *path, struct strbuf *sb)
{
	FILE *fp = fopen(path, "rb");
	char buf[65536];
	size_t n;
	if (!fp)
		return error_errno("cannot open %s", path);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		strbuf_add(sb, buf, n);
		if (sb->len > CSVTAB_MAX_BYTES) {
			fclose(fp);
			return error("%s: larger than %zu bytes", path, CSVTAB_MAX_BYTES);
		}
	}
	if (ferror(fp)) {
		fclose(fp);
		return error_errno("cannot read %s", path);
	}
	fclose(fp);
	return 0;
}

/* feeds libcsv one physical line at a time, so cells know their line */
static int csvtab_parse(struct csvtab_reader *rd, struct csv_parser *p, const char *path,
			const struct strbuf *sb)
{
	/* a UTF-8 BOM (spreadsheets write one) is not part of the first cell */
	size_t at = sb->len >= 3 && !memcmp(sb->buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (at < sb->len) {
		const char *nl = memchr(sb->buf + at, '\n', sb->len - at);
		size_t len = nl ? (size_t)(nl - (sb->buf + at)) + 1 : sb->len - at;
		rd->line++;
		/* a row starts on the first line that is not blank after the last row */
		if (!rd->in_row && sb->buf[at] != '\n' && memcmp(sb->buf + at, "\r\n", len < 2 ? len : 2)) {
			rd->row_line = rd->line;
			rd->in_row = 1;
		}
		if (csv_parse(p, sb->buf + at, len, csvtab_on_cell, csvtab_on_row, rd) != len)
			return error("%s:%u: malformed CSV (%s)", path, rd->line, csv_strerror(csv_error(p)));
		at += len;
	}
	if (csv_fini(p, csvtab_on_cell, csvtab_on_row, rd))
		return error("%s:%u: malformed CSV (an unterminated quoted cell)", path, rd->row_line);
	return 0;
}

int csvtab_read(struct csvtab *t, const char *path)
{
	struct csvtab_reader rd;
	struct csv_parser p;
	struct strbuf sb = STRBUF_INIT;
	int rc;
	memset(t, 0, sizeof(*t));
	memset(&rd, 0, sizeof(rd));
	rd.t = t;
	if (csvtab_slurp(path, &sb)) {
		strbuf_release(&sb);
		return -1;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
		return error("out of memory");
	rc = csvtab_parse(&rd, &p, path, &sb);
	csv_free(&p);
	while (rd.cur.n)
		free(rd.cur.cells[--rd.cur.n]);
	free(rd.cur.cells);
	strbuf_release(&sb);
	if (rc)
		csvtab_release(t);
	return rc;
}

void csvtab_release(struct csvtab *t)
{
	size_t r, c;
	for (r = 0; r < t->n; r++) {
		for (c = 0; c < t->rows[r].n; c++)
			free(t->rows[r].cells[c]);
		free(t->rows[r].cells);
	}
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

int csvtab_col(const struct csvtab *t, const char *name)
{
	size_t c;
	if (!t->n)
		return -1;
	for (c = 0; c < t->rows[0].n; c++)
		if (!strcmp(t->rows[0].cells[c], name))
			return (int)c;
	return -1;
}

const char *csvtab_cell(const struct csvtab *t, size_t r, int c)
{
	if (c < 0 || (size_t)c >= t->rows[r].n)
		return "";
	return t->rows[r].cells[c];
}
