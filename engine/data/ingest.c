/*
 * ingest.c - typed conversion of raw cells into table rows (see ingest.h).
 */
#include "data/ingest.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"
#include "util/clock.h"
#include "util/dict.h"
#include "util/hash.h"
#include "util/utf8.h"
#include "lang/rx.h"

void ingest_begin(struct ingest *in, struct table *t, struct strpool *pool, struct dqlog *log)
{
	memset(in, 0, sizeof(*in));
	in->t = t;
	in->ds = t->ds;
	in->src = t->ds->nsources ? &t->ds->sources[0] : NULL; /* load.c sets the one read */
	in->pool = pool;
	in->log = log;
	in->log_start = log->n;
	in->file_log_start = log->n;
	in->col_missing = xcalloc(t->ds->nfields ? t->ds->nfields : 1, 1);
	in->text = xcalloc(t->ds->nfields ? t->ds->nfields : 1, sizeof(*in->text));
	in->rx = rx_scratch_new();
	strbuf_init(&in->scratch, 0);
	strbuf_init(&in->glob_text, 0);
}

static uint32_t intern_msg(struct ingest *in, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static uint32_t intern_msg(struct ingest *in, const char *fmt, va_list ap)
{
	strbuf_reset(&in->scratch);
	strbuf_vaddf(&in->scratch, fmt, ap);
	return strpool_intern(in->pool, in->scratch.buf, in->scratch.len);
}

static void pend(struct ingest *in, enum dq_kind kind, int field, const char *raw, size_t rawlen,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void pend(struct ingest *in, enum dq_kind kind, int field, const char *raw, size_t rawlen,
		 const char *fmt, ...)
{
	struct dq d;
	va_list ap;
	memset(&d, 0, sizeof(d));
	d.kind = kind;
	d.ds = in->ds;
	d.field = field;
	d.row = (int64_t)in->t->nrows;
	d.file = in->file;
	d.line = in->line;
	d.raw = raw ? strpool_intern(in->pool, raw, rawlen) : 0;
	va_start(ap, fmt);
	d.msg = intern_msg(in, fmt, ap);
	va_end(ap);
	ALLOC_GROW(in->pending, in->npending + 1, in->pending_cap);
	in->pending[in->npending++] = d;
}

/* The DQ-REQUIRED findings of field logged since the file began. */
static void drop_required(struct ingest *in, int field)
{
	struct dqlog *l = in->log;
	size_t i, k = in->file_log_start;
	for (i = in->file_log_start; i < l->n; i++) {
		const struct dq *d = &l->items[i];
		if (d->kind == DQ_REQUIRED && d->ds == in->ds && d->field == field)
			continue;
		l->items[k++] = *d;
	}
	l->n = k;
}

void ingest_next_file(struct ingest *in, uint32_t file)
{
	in->file = file;
	in->file_log_start = in->log->n;
	memset(in->col_missing, 0, in->ds->nfields);
}

static int listed_missing(const struct table *t, const char *name)
{
	size_t i;
	for (i = 0; i < t->st.nmissing; i++)
		if (!strcmp(t->st.missing[i], name))
			return 1;
	return 0;
}

void ingest_missing_column(struct ingest *in, int field, const char *what)
{
	struct dq d;
	drop_required(in, field);
	in->col_missing[field] = 1;
	if (in->ds->fields[field].optional)
		return;
	memset(&d, 0, sizeof(d));
	d.kind = DQ_MISSING_COLUMN;
	d.ds = in->ds;
	d.field = field;
	d.row = -1;
	d.file = in->file;
	d.msg = strpool_intern_cstr(in->pool, what);
	dqlog_add(in->log, &d);
	table_set_col_missing(in->t, field);
	if (!listed_missing(in->t, in->ds->fields[field].name))
		table_stats_add_missing(in->t, in->ds->fields[field].name);
}

void ingest_row_begin(struct ingest *in, uint32_t line)
{
	table_prepare_row(in->t);
	in->line = ingest_line(in, line);
	in->in_row = 1;
	in->npending = 0;
	in->t->st.rows_read++;
}

/* a null_if entry with '*' or '?' is a glob (fnmatch, no escapes) */
static int is_glob(const char *v) { return strpbrk(v, "*?") != NULL; }

/* s as a C string for fnmatch (in->glob_text) */
static const char *cell_cstr(struct ingest *in, const char *s, size_t n)
{
	strbuf_reset(&in->glob_text);
	strbuf_add(&in->glob_text, s, n);
	return in->glob_text.buf;
}

static int is_null_text(struct ingest *in, const struct field *f, const char *s, size_t n)
{
	const char *cs = NULL;
	size_t i;
	if (n == 0)
		return 1;
	for (i = 0; i < f->nnull_if; i++) {
		const char *v = f->null_if[i];
		if (!is_glob(v)) {
			if (strlen(v) == n && !memcmp(v, s, n))
				return 1;
			continue;
		}
		if (!cs)
			cs = cell_cstr(in, s, n);
		if (strlen(cs) == n && !fnmatch(v, cs, FNM_NOESCAPE))
			return 1;
	}
	return 0;
}

/* the declared spelling first, then value_enum_same */
static uint32_t enum_lookup(const struct field *f, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < f->nenum; i++)
		if (strlen(f->enum_vals[i]) == n && !memcmp(f->enum_vals[i], s, n))
			return f->enum_ids[i];
	for (i = 0; i < f->nenum; i++)
		if (value_enum_same(f->enum_vals[i], strlen(f->enum_vals[i]), s, n))
			return f->enum_ids[i];
	return 0;
}

/* "a date in the format \"M/D/YYYY\" or \"YYYY-MM-DD\"" into in->scratch */
static void formats_expected(struct ingest *in, const struct field *f)
{
	size_t k;
	strbuf_reset(&in->scratch);
	strbuf_addf(&in->scratch, "expected a %s in the format", value_type_name(f->type));
	for (k = 0; k < f->nformats; k++)
		strbuf_addf(&in->scratch, "%s\"%s\"", k == 0 ? " " : k + 1 < f->nformats ? ", " : " or ",
			    f->formats[k]);
}

/* date or datetime: the field's formats, tried in order (the first whose
 * shape the text has decides), or ISO 8601; 0, or -1 with a finding */
static int convert_time(struct ingest *in, int fi, const char *s, size_t n, int64_t *v)
{
	const struct field *f = &in->ds->fields[fi];
	const char *why = NULL;
	size_t k;
	if (!f->nformats) {
		if (!value_parse_iso(f->type, f->zone, s, n, v, &why))
			return 0;
		pend(in, utf8_valid(s, n) ? DQ_TYPE : DQ_ENCODING, fi, s, n, "%s", why);
		return -1;
	}
	for (k = 0; k < f->nformats; k++) {
		int rc = value_pattern_parse(&f->patterns[k], f->type, f->zone, s, n, v, &why);
		if (rc == 0)
			return 0;
		if (rc == VALUE_INVALID) {
			pend(in, DQ_TYPE, fi, s, n, "%s (format \"%s\")", why, f->formats[k]);
			return -1;
		}
	}
	{
		char *expected;
		formats_expected(in, f);
		expected = xstrdup(in->scratch.buf); /* pend() formats into in->scratch */
		pend(in, utf8_valid(s, n) ? DQ_TYPE : DQ_ENCODING, fi, s, n, "%s", expected);
		free(expected);
	}
	return -1;
}

/* decimal rounded half to even to the field's scale, counted per field */
static int convert_decimal(struct ingest *in, int fi, const char *s, size_t n, int64_t *v)
{
	const struct field *f = &in->ds->fields[fi];
	const char *why = NULL;
	int rounded = 0;
	if (value_parse_decimal_round(s, n, field_scale(f), v, &rounded, &why)) {
		pend(in, utf8_valid(s, n) ? DQ_TYPE : DQ_ENCODING, fi, s, n, "%s", why);
		return -1;
	}
	if (rounded)
		in->t->st.rounded[fi]++;
	return 0;
}

static void enum_expected(struct ingest *in, const struct field *f)
{
	size_t i;
	strbuf_reset(&in->scratch);
	for (i = 0; i < f->nenum; i++)
		strbuf_addf(&in->scratch, "%s%s", i ? ", " : "", f->enum_vals[i]);
}

/* field fi's text s as an id: interned, or raw once the field's sample
 * showed mostly distinct values (struct ingest_text) */
static uint32_t text_id(struct ingest *in, int fi, const char *s, size_t n)
{
	struct ingest_text *tx = &in->text[fi];
	size_t before;
	uint32_t id;
	if (tx->raw)
		return strpool_add_raw(in->pool, s, n);
	if (in->ds->fields[fi].identity || tx->seen >= INGEST_TEXT_SAMPLE)
		return strpool_intern(in->pool, s, n);
	before = in->pool->count;
	id = strpool_intern(in->pool, s, n);
	tx->fresh += in->pool->count != before;
	if (++tx->seen == INGEST_TEXT_SAMPLE && tx->fresh * 2 > tx->seen)
		tx->raw = 1;
	return id;
}

static void convert(struct ingest *in, int fi, const char *s, size_t n)
{
	const struct field *f = &in->ds->fields[fi];
	size_t row = in->t->nrows;
	const char *why = NULL;
	int64_t v;
	int rc = 0;
	switch (f->type) {
	case VT_TEXT:
		if (!utf8_valid(s, n)) {
			pend(in, DQ_ENCODING, fi, s, n, "text is not valid UTF-8");
			return;
		}
		table_set_s(in->t, row, fi, text_id(in, fi, s, n));
		return;
	case VT_ENUM: {
		uint32_t id = enum_lookup(f, s, n);
		if (!id) {
			char *vals;
			enum_expected(in, f);
			vals = xstrdup(in->scratch.buf);
			if (!utf8_valid(s, n))
				pend(in, DQ_ENCODING, fi, s, n, "text is not valid UTF-8");
			else
				pend(in, DQ_ENUM, fi, s, n, "not one of %s", vals);
			free(vals);
			return;
		}
		table_set_s(in->t, row, fi, id);
		return;
	}
	case VT_DATE: case VT_DATETIME:
		if (!convert_time(in, fi, s, n, &v))
			table_set_i(in->t, row, fi, v);
		return;
	case VT_DECIMAL:
		if (!convert_decimal(in, fi, s, n, &v))
			table_set_i(in->t, row, fi, v);
		return;
	default:
		rc = value_parse(f->type, s, n, &v, &why);
	}
	if (rc) {
		pend(in, utf8_valid(s, n) ? DQ_TYPE : DQ_ENCODING, fi, s, n, "%s", why);
		return;
	}
	table_set_i(in->t, row, fi, v);
}

static void check_pattern(struct ingest *in, int fi, const char *s, size_t n)
{
	const struct field *f = &in->ds->fields[fi];
	int rc = rx_match(f->re, in->rx, s, n);
	if (rc == RX_MATCH)
		return;
	if (rc == RX_NOMATCH)
		pend(in, DQ_PATTERN, fi, s, n, "does not match /%s/%s", f->re->src, f->re->flags);
	else
		pend(in, DQ_PATTERN, fi, s, n, "pattern /%s/ could not be evaluated (match limit reached)",
		     f->re->src);
}

/* A NUL byte would cut the value short wherever text is NUL-terminated
 * (keys, messages, fingerprints): the value is null, with a DQ-ENCODING
 * finding whose raw text shows each NUL as U+2400 SYMBOL FOR NULL. */
static int reject_nul(struct ingest *in, int fi, const char *s, size_t n)
{
	const char *z = memchr(s, '\0', n);
	struct strbuf raw = STRBUF_INIT;
	size_t i;
	if (!z)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i])
			strbuf_addch(&raw, s[i]);
		else
			strbuf_addstr(&raw, "\xe2\x90\x80");
	}
	pend(in, DQ_ENCODING, fi, raw.buf, raw.len, "text contains a NUL byte (at byte %zu)", (size_t)(z - s) + 1);
	strbuf_release(&raw);
	return 1;
}

void ingest_cell(struct ingest *in, int fi, const char *s, size_t n)
{
	const struct field *f = &in->ds->fields[fi];
	if (reject_nul(in, fi, s, n))
		return;
	if (is_null_text(in, f, s, n))
		return;
	if (f->re && f->re->code)
		check_pattern(in, fi, s, n);
	convert(in, fi, s, n);
}

static int is_key_field(const struct dataset *ds, int fi)
{
	size_t k;
	for (k = 0; ds->key && k < ds->nkey; k++)
		if (ds->key[k] == fi)
			return 1;
	return 0;
}

static void apply_defaults(struct ingest *in)
{
	size_t row = in->t->nrows, fi;
	for (fi = 0; fi < in->ds->nfields; fi++) {
		const struct field *f = &in->ds->fields[fi];
		if (!table_is_null(in->t, row, (int)fi))
			continue;
		if (f->default_src && !f->default_val.null) {
			if (f->type == VT_TEXT || f->type == VT_ENUM)
				table_set_s(in->t, row, (int)fi, f->default_val.u.s);
			else
				table_set_i(in->t, row, (int)fi, f->default_val.u.i);
			continue;
		}
		if (in->col_missing[fi])
			continue; /* reported once as DQ-MISSING-COLUMN */
		if (f->required || is_key_field(in->ds, (int)fi)) {
			int already = 0;
			size_t k;
			for (k = 0; k < in->npending; k++)
				if (in->pending[k].field == (int)fi)
					already = 1; /* a conversion finding says why it is null */
			if (!already)
				pend(in, DQ_REQUIRED, (int)fi, NULL, 0, "%s is empty",
				     f->required ? "required field" : "key field");
		}
	}
}

void ingest_row_end(struct ingest *in)
{
	size_t k;
	if (!in->in_row)
		return;
	apply_defaults(in);
	in->t->row_line[in->t->nrows] = in->line;
	for (k = 0; k < in->npending; k++)
		dqlog_add(in->log, &in->pending[k]);
	in->t->nrows++;
	in->npending = 0;
	in->in_row = 0;
}

void ingest_row_reject(struct ingest *in, uint32_t col, const char *fmt, ...)
{
	struct dq d;
	va_list ap;
	if (!in->in_row)
		in->t->st.rows_read++;
	memset(&d, 0, sizeof(d));
	d.kind = DQ_ROW_SHAPE;
	d.ds = in->ds;
	d.field = -1;
	d.row = -1;
	d.file = in->file;
	d.line = in->line;
	d.col = col;
	va_start(ap, fmt);
	d.msg = intern_msg(in, fmt, ap);
	va_end(ap);
	dqlog_add(in->log, &d);
	in->t->st.rows_rejected++;
	in->npending = 0;
	in->in_row = 0;
}

static void log_swallowed(struct ingest *in, uint32_t line, uint32_t rec_line, uint32_t open_line,
			  uint32_t open_col, uint32_t more)
{
	struct dq d;
	memset(&d, 0, sizeof(d));
	d.kind = DQ_ROW_SHAPE;
	d.ds = in->ds;
	d.field = -1;
	d.row = -1;
	d.file = in->file;
	d.line = ingest_line(in, line);
	strbuf_reset(&in->scratch);
	if (more)
		strbuf_addf(&in->scratch, "this line and %u more after it were", more);
	else
		strbuf_addstr(&in->scratch, "this line was");
	strbuf_addf(&in->scratch, " swallowed into the rejected record of line %u", rec_line);
	if (open_line)
		strbuf_addf(&in->scratch, " by the quoted field opened at line %u, column %u (a stray quote?)",
			    ingest_line(in, open_line), open_col);
	d.msg = strpool_intern(in->pool, in->scratch.buf, in->scratch.len);
	dqlog_add(in->log, &d);
}

void ingest_lines_swallowed(struct ingest *in, uint32_t first, uint32_t last, uint32_t open_line,
			    uint32_t open_col)
{
	uint32_t line, rec_line = in->line;
	if (first > last)
		return;
	in->t->st.rows_swallowed += (size_t)(last - first) + 1;
	for (line = first; line <= last; line++) {
		if (line - first + 1 == INGEST_MAX_SWALLOWED && line < last) {
			log_swallowed(in, line, rec_line, open_line, open_col, last - line);
			break;
		}
		log_swallowed(in, line, rec_line, open_line, open_col, 0);
	}
}

void ingest_input_error(struct ingest *in, uint32_t line, uint32_t col, const char *fmt, ...)
{
	struct dq d;
	va_list ap;
	memset(&d, 0, sizeof(d));
	d.kind = DQ_INPUT;
	d.ds = in->ds;
	d.field = -1;
	d.row = -1;
	d.file = in->file;
	d.line = line ? ingest_line(in, line) : 0;
	d.col = col;
	va_start(ap, fmt);
	d.msg = intern_msg(in, fmt, ap);
	va_end(ap);
	dqlog_add(in->log, &d);
	in->t->st.input_error = 1;
}

/* ---- duplicate keys ------------------------------------------------ */

struct keyctx {
	const struct table *t;
	const struct strpool *pool;
	const int *key;
	size_t nkey;
	struct hash_key hk;   /* keyed: the key values come from the export */
};

/* The key's hash, 0 when a part is null (such a row is never a
 * duplicate).  Text parts hash their bytes: a key's text may be raw
 * (struct ingest_text), and a part of a split file has its own pool. */
static uint64_t key_hash(const struct keyctx *kc, size_t row)
{
	struct hash_state hs;
	uint64_t h;
	size_t k;
	hash_begin(&hs, &kc->hk);
	for (k = 0; k < kc->nkey; k++) {
		const struct column *c = &kc->t->cols[kc->key[k]];
		if (table_is_null(kc->t, row, kc->key[k]))
			return 0;
		if (c->s)
			hash_add_u64(&hs, hash_bytes(&kc->hk, strpool_str(kc->pool, c->s[row]),
						     strpool_len(kc->pool, c->s[row])));
		else
			hash_add_u64(&hs, (uint64_t)c->i[row]);
	}
	h = hash_end(&hs);
	return h ? h : 1;
}

static int key_eq(const void *ctx, const struct dict_entry *stored, const void *probe)
{
	const struct keyctx *kc = ctx;
	size_t a = (size_t)stored->key, b = *(const size_t *)probe, k;
	for (k = 0; k < kc->nkey; k++) {
		const struct column *c = &kc->t->cols[kc->key[k]];
		if (c->s ? !strpool_same(kc->pool, c->s[a], c->s[b]) : c->i[a] != c->i[b])
			return 0;
	}
	return 1;
}

static const struct dict_type key_type = { key_eq };

/* t->keyhash for every row (a part of a split file, in its worker) */
static void hash_keys(struct ingest *in)
{
	struct keyctx kc = { in->t, in->pool, in->ds->key, in->ds->nkey, hash_run_key() };
	size_t r;
	free(in->t->keyhash);
	in->t->keyhash = xmalloc((in->t->nrows ? in->t->nrows : 1) * sizeof(*in->t->keyhash));
	for (r = 0; r < in->t->nrows; r++)
		in->t->keyhash[r] = key_hash(&kc, r);
}

static void log_duplicate(struct ingest *in, size_t r, struct dict_entry *e)
{
	struct dq dq;
	memset(&dq, 0, sizeof(dq));
	dq.kind = DQ_DUPLICATE_KEY;
	dq.ds = in->ds;
	dq.field = -1;
	dq.row = (int64_t)r;
	dq.file = table_row_file(in->t, r);
	dq.line = in->t->row_line[r];
	strbuf_reset(&in->scratch);
	strbuf_addf(&in->scratch, "same key as the row at line %u", in->t->row_line[e->key]);
	if (in->t->row_file)
		strbuf_addf(&in->scratch, " of %s", table_file_path(in->t, table_row_file(in->t, e->key)));
	strbuf_addstr(&in->scratch, "; only that row is evaluated");
	dq.msg = strpool_intern(in->pool, in->scratch.buf, in->scratch.len);
	dqlog_add(in->log, &dq);
	table_set_dup(in->t, r);
	if (++e->val >= 3)   /* val: the key's occurrences so far */
		table_set_dup_nth(in->t, r, (uint32_t)e->val);
}

/* rows ahead whose slot is prefetched: the table is far larger than the
 * caches, so the check would otherwise wait on one miss per row */
#define KEY_PREFETCH 8

static void check_duplicate_keys(struct ingest *in)
{
	struct keyctx kc = { in->t, in->pool, in->ds->key, in->ds->nkey, hash_run_key() };
	size_t n = in->t->nrows, r;
	struct dict d;
	if (!in->ds->key || !in->ds->nkey)
		return;
	if (!in->t->keyhash)
		hash_keys(in);
	dict_init(&d, &key_type, &kc);
	dict_reserve(&d, n);
	for (r = 0; r < n; r++) {
		uint64_t h = in->t->keyhash[r];
		struct dict_entry *e;
		if (r + KEY_PREFETCH < n)
			dict_prefetch(&d, in->t->keyhash[r + KEY_PREFETCH]);
		if (!h)
			continue;
		e = dict_find(&d, h, &r);
		if (e)
			log_duplicate(in, r, e);
		else
			dict_insert(&d, h, r, 1);
	}
	dict_release(&d);
	free(in->t->keyhash);
	in->t->keyhash = NULL;
}

/* "45% of 27.0 MB" when the size is known, else "12.3 MB" */
static void progress_share(struct strbuf *sb, uint64_t done, uint64_t total)
{
	if (!total || done > total)
		strbuf_addf(sb, " %.1f MB", (double)done / 1e6);
	else
		strbuf_addf(sb, " %3.0f%% of %.1f MB", 100.0 * (double)done / (double)total, (double)total / 1e6);
}

/* ", ETA 12 s" at the rate so far, when the size is known */
static void progress_eta(struct strbuf *sb, uint64_t done, uint64_t total, double elapsed)
{
	double eta;
	if (!total || !done || done > total)
		return;
	eta = elapsed * (double)(total - done) / (double)done;
	if (eta < 60)
		strbuf_addf(sb, ", ETA %.0f s", eta);
	else
		strbuf_addf(sb, ", ETA %.0f min", eta / 60);
}

/* "\rsales.csv:  45% of 147.4 MB, 659,034 rows, 150,000 rows/s, ETA 6 s" */
void ingest_progress(struct ingest *in, uint64_t bytes_done)
{
	struct strbuf sb = STRBUF_INIT;
	double t;
	if (!in->progress)
		return;
	t = clock_mono();
	if (in->progress_t0 == 0) {
		in->progress_t0 = in->progress_last = t;
		return;
	}
	if (t - in->progress_last < 0.25)
		return;
	in->progress_last = t;
	strbuf_addf(&sb, "\r%s:", in->t->st.nfiles ? table_file_path(in->t, in->file) : in->ds->name);
	progress_share(&sb, bytes_done, in->total_bytes);
	strbuf_addf(&sb, ", %zu rows, %.0f rows/s", in->t->st.rows_read,
		    (double)in->t->st.rows_read / (t - in->progress_t0));
	progress_eta(&sb, bytes_done, in->total_bytes, t - in->progress_t0);
	strbuf_addstr(&sb, "\033[K");
	fputs(sb.buf, stderr);
	strbuf_release(&sb);
}

void ingest_end(struct ingest *in)
{
	if (in->progress && in->progress_last > in->progress_t0)
		fprintf(stderr, "\r\033[K");
	if (in->in_row)
		ingest_row_end(in);
	if (!in->no_key_check)
		check_duplicate_keys(in);
	else if (in->ds->key && in->ds->nkey)
		hash_keys(in);
	free(in->col_missing);
	free(in->text);
	free(in->pending);
	rx_scratch_free(in->rx);
	strbuf_release(&in->scratch);
	strbuf_release(&in->glob_text);
	memset(in, 0, sizeof(*in));
}
