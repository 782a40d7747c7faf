/*
 * diag.c - diagnostics context, rendering, source files (see diag.h).
 */
#include "lang/diag.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/utf8.h"

void diag_init(struct diagctx *dc) { memset(dc, 0, sizeof(*dc)); }

void diag_release(struct diagctx *dc)
{
	size_t i;
	for (i = 0; i < dc->n; i++) {
		free(dc->items[i].msg);
		free(dc->items[i].path_copy);
	}
	free(dc->items);
	memset(dc, 0, sizeof(*dc));
}

static void add(struct diagctx *dc, enum diag_level lv, struct srcpos pos,
		const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void add(struct diagctx *dc, enum diag_level lv, struct srcpos pos,
		const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *d;
	if (lv == DIAG_ERROR)
		dc->nerr++;
	else if (lv == DIAG_WARNING)
		dc->nwarn++;
	if (dc->max_errors && dc->nerr > dc->max_errors)
		return;
	strbuf_vaddf(&sb, fmt, ap);
	ALLOC_GROW(dc->items, dc->n + 1, dc->cap);
	d = &dc->items[dc->n++];
	d->level = lv;
	d->pos = pos;
	d->path_copy = !pos.file && pos.path ? xstrdup(pos.path) : NULL;
	if (d->path_copy)
		d->pos.path = d->path_copy;
	d->msg = strbuf_detach(&sb, NULL);
}

#define DEFINE_DIAG(fn, lv) \
	void fn(struct diagctx *dc, struct srcpos pos, const char *fmt, ...) \
	{ \
		va_list ap; \
		va_start(ap, fmt); \
		add(dc, lv, pos, fmt, ap); \
		va_end(ap); \
	}
DEFINE_DIAG(diag_error, DIAG_ERROR)
DEFINE_DIAG(diag_warning, DIAG_WARNING)
DEFINE_DIAG(diag_note, DIAG_NOTE)

/* A path or message is printed with its control characters escaped (\n,
 * \x1b; utf8_add_escaped): a file named with a newline or an escape
 * sequence must not forge a line of diagnostics. */
void diag_format_pos(struct srcpos pos, struct strbuf *out)
{
	const char *path = pos.file ? pos.file->path : pos.path;
	if (!path)
		path = "<input>";
	utf8_add_escaped(out, path, strlen(path));
	if (pos.line)
		strbuf_addf(out, ":%u", pos.line);
	if (pos.line && pos.col)
		strbuf_addf(out, ":%u", pos.col);
}

/* one byte of a source line: a tab as is, another control character
 * escaped (\r, \x1b), anything else as is */
static void add_source_byte(struct strbuf *out, char c)
{
	if (c != '\t' && ((unsigned char)c < 0x20 || c == 0x7f))
		utf8_add_escaped(out, &c, 1);
	else
		strbuf_addch(out, c);
}

static void render_caret(const struct diag *d, struct strbuf *out)
{
	size_t llen, i, span;
	const char *line = srcfile_line(d->pos.file, d->pos.line, &llen);
	int w;
	if (!line)
		return;
	w = snprintf(NULL, 0, "%u", d->pos.line);
	strbuf_addf(out, " %*u | ", w < 4 ? 4 : w, d->pos.line);
	for (i = 0; i < llen; i++)
		add_source_byte(out, line[i]);
	strbuf_addf(out, "\n %*s | ", w < 4 ? 4 : w, "");
	for (i = 0; i + 1 < d->pos.col && i < llen; i++) {
		size_t k = out->len, width;
		add_source_byte(out, line[i]);    /* as wide as printed above */
		width = out->len - k;
		strbuf_setlen(out, k);
		if (line[i] == '\t')
			strbuf_addch(out, '\t');
		else
			strbuf_addchars(out, ' ', width);
	}
	strbuf_addch(out, '^');
	span = d->pos.len;
	if (d->pos.col - 1 + span > llen)
		span = llen >= d->pos.col - 1 ? llen - (d->pos.col - 1) : 0;
	if (span > 1)
		strbuf_addchars(out, '~', span - 1);
	strbuf_addch(out, '\n');
}

void diag_render_one(const struct diag *d, struct strbuf *out)
{
	static const char *names[] = { "error", "warning", "note" };
	diag_format_pos(d->pos, out);
	strbuf_addf(out, ": %s: ", names[d->level]);
	utf8_add_escaped(out, d->msg, strlen(d->msg));
	strbuf_addch(out, '\n');
	if (d->pos.file && d->pos.line && d->pos.col)
		render_caret(d, out);
}

void diag_render(const struct diagctx *dc, struct strbuf *out)
{
	size_t i;
	for (i = 0; i < dc->n; i++)
		diag_render_one(&dc->items[i], out);
	if (dc->max_errors && dc->nerr > dc->max_errors)
		strbuf_addf(out, "verdict: %d more errors not shown\n",
			    dc->nerr - dc->max_errors);
}

static void index_lines(struct srcfile *f)
{
	size_t cap = 0, i;
	ALLOC_GROW(f->lines, 1, cap);
	f->lines[0] = 0;
	f->nlines = 1;
	for (i = 0; i < f->len; i++) {
		if (f->text[i] == '\n') {
			ALLOC_GROW(f->lines, f->nlines + 1, cap);
			f->lines[f->nlines++] = i + 1;
		}
	}
}

struct srcfile *srcfile_from_string(const char *path, const char *text, size_t len)
{
	struct srcfile *f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->text = xmemdup(text, len);
	f->len = len;
	index_lines(f);
	return f;
}

/* Opens path for reading without blocking on a FIFO, and refuses what is
 * not a regular file (a device such as /dev/zero would be read until
 * memory runs out, a FIFO would hang) or is larger than
 * SRCFILE_MAX_BYTES.  Returns the descriptor, or -1 with err set. */
static int open_regular(const char *path, struct strbuf *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		strbuf_addf(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		strbuf_addf(err, "%s: %s", path, S_ISDIR(st.st_mode) ? "is a directory"
			    : "not a regular file (a device, FIFO or socket is never read)");
		close(fd);
		return -1;
	}
	if (st.st_size > SRCFILE_MAX_BYTES) {
		strbuf_addf(err, "%s: too large for a rule file (%lld bytes; the limit is %d)", path,
			    (long long)st.st_size, SRCFILE_MAX_BYTES);
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

struct srcfile *srcfile_load(const char *path, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	ssize_t n;
	struct srcfile *f;
	int fd = open_regular(path, err);
	if (fd < 0)
		return NULL;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || sb.len + (size_t)n > SRCFILE_MAX_BYTES) {
			if (n < 0)
				strbuf_addf(err, "%s: read error: %s", path, strerror(errno));
			else
				strbuf_addf(err, "%s: too large for a rule file (the limit is %d bytes)", path,
					    SRCFILE_MAX_BYTES);
			close(fd);
			strbuf_release(&sb);
			return NULL;
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	close(fd);
	f = srcfile_from_string(path, sb.buf, sb.len);
	strbuf_release(&sb);
	return f;
}

void srcfile_free(struct srcfile *f)
{
	if (!f)
		return;
	free(f->path);
	free(f->text);
	free(f->lines);
	free(f);
}

const char *srcfile_line(const struct srcfile *f, uint32_t line, size_t *len)
{
	size_t start, end;
	if (!f || line == 0 || line > f->nlines)
		return NULL;
	start = f->lines[line - 1];
	end = line < f->nlines ? f->lines[line] - 1 : f->len;
	if (end > start && f->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return f->text + start;
}

size_t diag_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t *row = xmalloc((lb + 1) * sizeof(*row)), res;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best;
			int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
			best = diag + !same;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	res = row[lb];
	free(row);
	return res;
}

const char *diag_suggest(const char *name, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1, i, limit = strlen(name) / 3 + 1;
	if (limit > 3)
		limit = 3;
	for (i = 0; i < n; i++) {
		size_t d = diag_distance(name, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return bestd <= limit && bestd < strlen(name) ? best : NULL;
}

void diag_did_you_mean(struct strbuf *sb, const char *best, enum diag_quote q)
{
	char qc = q == DIAG_QUOTE_STRING ? '"' : '\'';
	if (best)
		strbuf_addf(sb, " (did you mean %c%s%c?)", qc, best, qc);
}
