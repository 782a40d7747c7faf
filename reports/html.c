/*
 * html.c - report.html, the auditor's report (format html; a writer of
 * reports/sink.h).
 *
 * Streaming: a rule's findings, up to the limit, are rendered as table
 * rows into a scratch file and the rest only counted.  At rule_end
 * the rule's section (its header, which shows the final counts, then the
 * rows) is appended to one of two body scratch files: policy rules, or
 * data quality (DQ rules arrive first but are shown after the rules).
 * finish writes the page head, the overview and the rule table,
 * which need the final counts, then copies the bodies, then the inputs.
 * Memory holds one finding at a time; the page holds at most `limit`
 * rows per rule.  Every finding is also written, compactly, to a data
 * scratch file embedded as JSON for the page's search (up to embed_max
 * bytes; the cut-off is stated on the page), and counted per record
 * (dataset and key, from the evidence) and, for data quality, per
 * dataset and field, for the charts.  Scratch files are unlinked as soon as they exist, so
 * nothing is left behind even by a killed run.  The page itself goes to
 * the writer's struct outfile, committed by the sink with the other files.
 *
 * Every value from the data goes through html_escape.  The page is
 * self-contained (inline CSS, SVG and a little JavaScript that only adds
 * sorting and filtering), deterministic, and printable.
 */
#include "reports/html.h"
#include "reports/sink.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/utf8.h"

#define CUTOFF_TAIL " \xe2\x80\x94 all are in <a href=\"findings.csv\">findings.csv</a>"
#define FLUSH_AT 65536
/* findings rows printed per rule (the rest is on screen only; the page
 * says how many were not printed) */
#define PRINT_ROWS 10
/* records counted per finding for the "top records" charts */
#define REC_MAX 200000
/* records shown per dataset in the "top records" charts, and datasets */
#define TOP_RECORDS 10
#define TOP_DATASETS 4

/* ---- page assets ----------------------------------------------------- */

/* Built from reports/assets/ (Makefile, tools/embed.sh); no NUL, so the
 * length is sizeof.  report.js is enhancement only (sortable headers, a
 * filter box per table) and must not contain an end-tag opener
 * (less-than followed by slash): it is inlined in a script element. */
static const char css[] = {
#include "assets/report.css.inc"
};
static const char js[] = {
#include "assets/report.js.inc"
};

/* ---- escaping -------------------------------------------------------- */

static int plain(unsigned char c)
{
	if (c >= 0x20 && c < 0x7F)
		return c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
	return c == '\t' || c == '\n' || c == '\r';
}

static int unwanted(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
	       (cp & 0xFFFE) == 0xFFFE;
}

/* One byte or sequence that is not plain; returns the bytes consumed.
 * C0 controls and DEL become their visible Control Pictures (U+2400+c,
 * U+2421); C1 controls, noncharacters and invalid UTF-8 become U+FFFD. */
static size_t esc_one(struct strbuf *sb, const unsigned char *p, size_t n)
{
	uint32_t cp = 0;
	size_t len;
	switch (p[0]) {
	case '&': strbuf_addstr(sb, "&amp;"); return 1;
	case '<': strbuf_addstr(sb, "&lt;"); return 1;
	case '>': strbuf_addstr(sb, "&gt;"); return 1;
	case '"': strbuf_addstr(sb, "&quot;"); return 1;
	case '\'': strbuf_addstr(sb, "&#39;"); return 1;
	}
	if (p[0] < 0x20 || p[0] == 0x7F) {
		strbuf_addch(sb, 0xE2);
		strbuf_addch(sb, 0x90);
		strbuf_addch(sb, p[0] == 0x7F ? 0xA1 : 0x80 + p[0]);
		return 1;
	}
	len = utf8_next((const char *)p, n, &cp);
	if (!len || unwanted(cp)) {
		strbuf_addstr(sb, UTF8_REPLACEMENT);
		return len ? len : cp;
	}
	strbuf_add(sb, p, len);
	return len;
}

void html_escape(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, j;
	if (!s)
		return;
	while (i < n) {
		for (j = i; j < n && plain(p[j]); j++)
			;
		strbuf_add(sb, p + i, j - i);
		if (j < n)
			j += esc_one(sb, p + j, n - j);
		i = j;
	}
}

static int empty(const char *s) { return !s || !*s; }

static void esc(struct strbuf *sb, const char *s)
{
	if (s)
		html_escape(sb, s, strlen(s));
}

/* s escaped, or a muted note when there is nothing to show. */
static void esc_or(struct strbuf *sb, const char *s, const char *none)
{
	if (empty(s))
		strbuf_addf(sb, "<span class=\"na\">%s</span>", none);
	else
		esc(sb, s);
}

/* Evidence "a=x[k];b=y[k]": the exact text, with a line break after each
 * ';' (a <br> adds nothing to the text content). */
static void esc_evidence(struct strbuf *sb, const char *s)
{
	const char *semi;
	if (!s)
		return;
	while ((semi = strchr(s, ';')) && semi[1]) {
		html_escape(sb, s, (size_t)(semi - s) + 1);
		strbuf_addstr(sb, "<br>");
		s = semi + 1;
	}
	esc(sb, s);
}

/* "rule-" + the id with bytes outside [A-Za-z0-9_-] replaced by '_'; when
 * anything was replaced, a hash of the id keeps anchors distinct. */
static void put_anchor(struct strbuf *sb, const char *id)
{
	uint32_t hash = 2166136261u;
	int changed = 0;
	const char *p;
	strbuf_addstr(sb, "rule-");
	for (p = id ? id : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			 (c >= '0' && c <= '9') || c == '_' || c == '-';
		strbuf_addch(sb, ok ? c : '_');
		changed |= !ok;
		hash = (hash ^ c) * 16777619u;
	}
	if (changed || !id || !*id)
		strbuf_addf(sb, "-%08" PRIx32, hash);
}

/* s percent-encoded for a URL query value (then HTML-escaped: nothing to
 * escape is left) */
static void put_qarg(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			strbuf_addch(sb, c);
		else
			strbuf_addf(sb, "%%%02X", c);
	}
}

static const char *sev_class(const char *sev)
{
	static const char *const known[] = { "error", "warning", "info" };
	size_t i;
	for (i = 0; sev && i < 3; i++)
		if (!strcmp(sev, known[i]))
			return known[i];
	return "other";
}

/* the sort key of a severity: most severe first */
static int sev_rank(const char *sev)
{
	const char *c = sev_class(sev);
	return !strcmp(c, "error") ? 1 : !strcmp(c, "warning") ? 2 : !strcmp(c, "info") ? 3 : 9;
}

static void put_sev(struct strbuf *sb, const char *sev)
{
	strbuf_addf(sb, "<span class=\"sev sev-%s\">", sev_class(sev));
	esc_or(sb, sev, "none");
	strbuf_addstr(sb, "</span>");
}

/* the result badge: pass, fail, not evaluated (with the reason beside
 * it) or no rows */
static void put_result(struct strbuf *sb, const struct report_rule *r)
{
	if (r->not_evaluated) {
		strbuf_addstr(sb, "<span class=\"res res-na\">not evaluated</span>");
		if (r->reason) {
			strbuf_addstr(sb, " <span class=\"reason\">");
			esc(sb, r->reason);
			strbuf_addstr(sb, "</span>");
		}
	} else if (r->open && !strcmp(report_result(r), "noted")) {
		strbuf_addstr(sb, "<span class=\"res res-noted\" title=\"severity info: a note, not a "
				  "violation\">noted</span>");
	} else if (r->open) {
		strbuf_addstr(sb, "<span class=\"res res-fail\">fail</span>");
	} else if (r->no_rows) {
		strbuf_addstr(sb, "<span class=\"res res-na\">no rows</span>");
	} else {
		strbuf_addstr(sb, "<span class=\"res res-pass\">pass</span>");
	}
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* ---- the report object and its scratch files -------------------------- */

struct scratch {
	FILE *fp;
	size_t len;
};

struct dq_tally {
	char *dataset;
	char *field;          /* "" for a whole row or file */
	size_t n;
};

/* findings per record (dataset and key): an open-addressing table of
 * at most REC_MAX records; records past that are not counted (the chart
 * says so) */
struct rec_count {
	char *ds, *key;       /* NULL: an empty slot */
	size_t n;
};

struct html_report {
	struct outfile *of;   /* report.html */
	size_t limit;
	const char *data_dir; /* sources are shown relative to it */
	struct scratch rows, body, dq, data;
	size_t seen, shown;   /* findings of the current rule */
	size_t rule_index;    /* of the current rule, in rule_begin order */
	int is_dq;
	int any_evidence;     /* a shown finding of the current rule has evidence */
	int io_error;         /* first errno of a failed scratch write */
	struct strbuf sb, js;
	struct strbuf dqpass; /* the DQ checks without findings, as list items */
	size_t embed_max, embedded, total; /* bytes allowed, findings embedded, all findings */
	int embed_cut;        /* a finding did not fit in embed_max */
	struct dq_tally *tally; /* DQ findings per dataset and field */
	size_t ntally, tally_cap, last;
	struct rec_count *recs;
	struct hash_key rec_key;         /* of recs' hashes: keys come from the data */
	size_t nrecs, rec_cap; /* rec_cap: a power of two */
	int recs_full;
};

static FILE *scratch_open(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	FILE *fp = NULL;
	int fd;
	if (empty(dir)) {
		if (!(fp = tmpfile()))
			error_errno("cannot create a scratch file");
		return fp;
	}
	strbuf_addf(&path, "%s/.report.html.part-XXXXXX", dir);
	fd = mkstemp(path.buf);
	if (fd >= 0) {
		unlink(path.buf);
		if (!(fp = fdopen(fd, "w+b")))
			close(fd);
	}
	if (!fp)
		error_errno("cannot create a scratch file in %s", dir);
	strbuf_release(&path);
	return fp;
}

static void note_error(struct html_report *h)
{
	if (!h->io_error)
		h->io_error = errno ? errno : EIO;
}

/* Appends sb to the scratch file and empties sb. */
static void sc_put(struct html_report *h, struct scratch *s, struct strbuf *sb)
{
	if (sb->len && fwrite(sb->buf, 1, sb->len, s->fp) != sb->len)
		note_error(h);
	s->len += sb->len;
	strbuf_reset(sb);
}

/* Copies the scratch file's content to `to`; leaves it positioned at its
 * end, ready for more writes. */
static void sc_copy(struct html_report *h, struct scratch *s, FILE *to)
{
	char buf[16384];
	size_t left = s->len, n;
	if (fseek(s->fp, 0, SEEK_SET))
		note_error(h);
	while (left && !h->io_error) {
		n = fread(buf, 1, left < sizeof(buf) ? left : sizeof(buf), s->fp);
		if (!n || fwrite(buf, 1, n, to) != n)
			note_error(h);
		left -= n;
	}
	if (fseeko(s->fp, (off_t)s->len, SEEK_SET))
		note_error(h);
}

static int html_open(void **state, struct outfile *of, const struct sink_opts *o)
{
	struct html_report *h = xcalloc(1, sizeof(*h));
	h->rec_key = hash_run_key();
	*state = h;
	h->of = of;
	h->limit = o->html_limit;
	h->data_dir = o->data_dir;
	h->embed_max = o->html_embed_max ? o->html_embed_max : HTML_EMBED_MAX;
	h->rule_index = (size_t)-1;
	strbuf_init(&h->sb, 0);
	strbuf_init(&h->js, 0);
	strbuf_init(&h->dqpass, 0);
	if (!(h->rows.fp = scratch_open(o->out_dir)) ||
	    !(h->body.fp = scratch_open(o->out_dir)) ||
	    !(h->dq.fp = scratch_open(o->out_dir)) ||
	    !(h->data.fp = scratch_open(o->out_dir)))
		return -1;
	return 0;
}

static void html_free(void *state)
{
	struct html_report *h = state;
	size_t i;
	if (!h)
		return;
	if (h->rows.fp)
		fclose(h->rows.fp);
	if (h->body.fp)
		fclose(h->body.fp);
	if (h->dq.fp)
		fclose(h->dq.fp);
	if (h->data.fp)
		fclose(h->data.fp);
	for (i = 0; i < h->ntally; i++) {
		free(h->tally[i].dataset);
		free(h->tally[i].field);
	}
	free(h->tally);
	for (i = 0; i < h->rec_cap; i++) {
		free(h->recs[i].ds);
		free(h->recs[i].key);
	}
	free(h->recs);
	strbuf_release(&h->sb);
	strbuf_release(&h->js);
	strbuf_release(&h->dqpass);
	free(h);
}

/* ---- streaming: one rule's findings ---------------------------------- */

static struct dq_tally *tally_for(struct html_report *h, const char *dataset, const char *field)
{
	size_t i;
	if (h->ntally && !strcmp(h->tally[h->last].dataset, dataset) &&
	    !strcmp(h->tally[h->last].field, field))
		return &h->tally[h->last];
	for (i = 0; i < h->ntally; i++)
		if (!strcmp(h->tally[i].dataset, dataset) && !strcmp(h->tally[i].field, field))
			return &h->tally[h->last = i];
	ALLOC_GROW(h->tally, h->ntally + 1, h->tally_cap);
	h->tally[h->ntally].dataset = xstrdup(dataset);
	h->tally[h->ntally].field = xstrdup(field);
	h->tally[h->ntally].n = 0;
	h->last = h->ntally;
	return &h->tally[h->ntally++];
}

/* DQ findings of a dataset, all fields */
static size_t tally_count(const struct html_report *h, const char *dataset)
{
	size_t i, n = 0;
	for (i = 0; i < h->ntally; i++)
		if (!strcmp(h->tally[i].dataset, dataset))
			n += h->tally[i].n;
	return n;
}

/* the slot of ds[key]: keyed (util/hash.h), as the keys come from the
 * data; ds's NUL separates it from the key */
static size_t rec_hash(const struct html_report *h, const char *ds, const char *key)
{
	struct hash_state hs;
	hash_begin(&hs, &h->rec_key);
	hash_add_u64(&hs, hash_bytes(&h->rec_key, ds, strlen(ds)));
	hash_add_u64(&hs, hash_bytes(&h->rec_key, key, strlen(key)));
	return (size_t)hash_end(&hs);
}

/* counts one more finding for the record ds[key]; deterministic (the
 * table's content does not depend on its layout) */
static void rec_add(struct html_report *h, const char *ds, const char *key)
{
	size_t i, mask;
	if (h->nrecs * 2 >= h->rec_cap) {
		struct rec_count *old = h->recs;
		size_t oldcap = h->rec_cap, k;
		if (h->nrecs >= REC_MAX) {
			h->recs_full = 1;
			goto find; /* count only records already known */
		}
		h->rec_cap = oldcap ? oldcap * 2 : 256;
		h->recs = xcalloc(h->rec_cap, sizeof(*h->recs));
		mask = h->rec_cap - 1;
		for (k = 0; k < oldcap; k++) {
			if (!old[k].ds)
				continue;
			for (i = rec_hash(h, old[k].ds, old[k].key) & mask; h->recs[i].ds;
			     i = (i + 1) & mask)
				;
			h->recs[i] = old[k];
		}
		free(old);
	}
find:
	mask = h->rec_cap - 1;
	for (i = rec_hash(h, ds, key) & mask; h->recs[i].ds; i = (i + 1) & mask)
		if (!strcmp(h->recs[i].ds, ds) && !strcmp(h->recs[i].key, key)) {
			h->recs[i].n++;
			return;
		}
	if (h->nrecs >= REC_MAX) {
		h->recs_full = 1;
		return;
	}
	h->recs[i].ds = xstrdup(ds);
	h->recs[i].key = xstrdup(key);
	h->recs[i].n = 1;
	h->nrecs++;
}

/* every record a finding binds, each once per finding */
static void count_refs(struct html_report *h, const struct report_finding *f)
{
	size_t i, j;
	for (i = 0; i < f->nrefs; i++) {
		const struct report_ref *x = &f->refs[i];
		int dup = empty(x->key) || !x->dataset;
		for (j = 0; j < i && !dup; j++)
			dup = f->refs[j].dataset && !strcmp(f->refs[j].dataset, x->dataset) &&
			      !strcmp(f->refs[j].key ? f->refs[j].key : "", x->key);
		if (!dup)
			rec_add(h, x->dataset, x->key);
	}
}

static void html_rule_begin(void *state, const struct report_rule *r)
{
	struct html_report *h = state;
	h->rule_index++;
	h->seen = h->shown = 0;
	h->is_dq = r->is_dq;
	h->any_evidence = 0;
	h->rows.len = 0;
	if (fseek(h->rows.fp, 0, SEEK_SET))
		note_error(h);
}

/* file relative to the data directory when it lies under it (the
 * directory itself is shown once, in the header) */
static const char *rel(const char *dir, const char *file)
{
	size_t n;
	if (empty(dir) || !file)
		return file;
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (!strncmp(file, dir, n) && file[n] == '/' && file[n + 1])
		return file + n + 1;
	return file;
}

/* s with a break opportunity (<wbr>, no text) after each byte of seps,
 * so long identifiers wrap at their separators, not mid-token */
static void esc_wbr(struct strbuf *sb, const char *s, const char *seps)
{
	size_t n;
	if (!s)
		return;
	while (s[n = strcspn(s, seps)] && s[n + 1]) {
		html_escape(sb, s, n + 1);
		strbuf_addstr(sb, "<wbr>");
		s += n + 1;
	}
	esc(sb, s);
}

/* a path: breaks after each '/' */
static void esc_path(struct strbuf *sb, const char *s) { esc_wbr(sb, s, "/"); }

/* a record key: breaks after the separators of its parts and of e-mail
 * addresses, domains and ids ('|', '@', '.', '-', '_') */
#define KEY_BREAKS "|@._-"
static void esc_key(struct strbuf *sb, const char *s) { esc_wbr(sb, s, KEY_BREAKS); }

static void put_source(struct strbuf *sb, const char *file, uint32_t line)
{
	if (empty(file))
		strbuf_addstr(sb, "<span class=\"na\">unknown</span>");
	else
		esc_path(sb, file);
	if (line) {
		strbuf_addstr(sb, "<span class=\"ln\">:");
		strbuf_addu(sb, line);
		strbuf_addstr(sb, "</span>");
	}
}

/* The evidence, one record per line: var=dataset[key] and its file:line
 * (a <br> adds no text; the location is its own span). */
static void put_refs(struct strbuf *sb, const char *dir, const struct report_finding *f)
{
	size_t i;
	for (i = 0; i < f->nrefs; i++) {
		const struct report_ref *x = &f->refs[i];
		if (i)
			strbuf_addstr(sb, "<br>");
		esc(sb, x->var);
		strbuf_addch(sb, '=');
		esc(sb, x->dataset);
		strbuf_addch(sb, '[');
		esc_key(sb, x->key);
		strbuf_addch(sb, ']');
		if (!empty(x->file)) {
			strbuf_addstr(sb, " <span class=\"at\">");
			put_source(sb, rel(dir, x->file), x->line);
			strbuf_addstr(sb, "</span>");
		}
	}
}

static void put_row(struct strbuf *sb, size_t n, const struct report_finding *f, int is_dq,
		    const char *dir)
{
	strbuf_addf(sb, "<tr%s><td class=\"num\">%zu</td>", n > PRINT_ROWS ? " class=\"np\"" : "", n);
	if (is_dq) {
		strbuf_addstr(sb, "<td>");
		esc(sb, f->dataset);
		if (!empty(f->field)) {
			strbuf_addstr(sb, "<span class=\"sub\">");
			esc(sb, f->field);
			strbuf_addstr(sb, "</span>");
		}
		strbuf_addstr(sb, "</td>");
	}
	strbuf_addstr(sb, "<td class=\"mono\">");
	esc_key(sb, f->record_key);
	strbuf_addstr(sb, "</td><td class=\"mono\">");
	put_source(sb, rel(dir, f->source_file), f->source_line);
	strbuf_addstr(sb, "</td><td>");
	if (!empty(f->change) && !strcmp(f->change, "new"))
		strbuf_addstr(sb, "<span class=\"badge new\" title=\"not in the baseline\">new</span> ");
	if (!empty(f->status) && strcmp(f->status, "open")) {
		strbuf_addstr(sb, "<span class=\"badge\">");
		esc(sb, f->status);
		strbuf_addstr(sb, "</span> ");
	}
	if (!empty(f->waiver)) {
		strbuf_addstr(sb, "<span class=\"badge waiver\" title=\"waiver\">");
		esc(sb, f->waiver);
		strbuf_addstr(sb, "</span> ");
	}
	esc(sb, f->message);
	strbuf_addstr(sb, "</td><td class=\"mono ev\">");
	if (f->nrefs)
		put_refs(sb, dir, f);
	else
		esc_evidence(sb, f->evidence);
	strbuf_addstr(sb, "</td></tr>\n");
}

/* ---- the embedded findings (the page's search) ------------------------ */

/* s as a JSON string for a script element of type application/json:
 * < > & are \u escapes (no end tag or comment can form), control
 * characters are escaped, invalid UTF-8 becomes U+FFFD. */
static int json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
}

static void json_str(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0, j, len;
	uint32_t cp;
	strbuf_addch(sb, '"');
	while (i < n) {
		unsigned char c;
		for (j = i; j < n && json_plain(p[j]); j++)
			;
		strbuf_add(sb, p + i, j - i);   /* a run of plain ASCII at once */
		if ((i = j) == n)
			break;
		c = p[i];
		if (c == '"' || c == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, c);
			i++;
		} else if (c < 0x80) {   /* control, DEL, < > & */
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			strbuf_add(sb, u, sizeof(u));
			i++;
		} else if ((len = utf8_next((const char *)p + i, n - i, &cp)) && !unwanted(cp)) {
			strbuf_add(sb, p + i, len);
			i += len;
		} else {
			strbuf_addstr(sb, "\\ufffd");
			i += len ? len : cp;
		}
	}
	strbuf_addch(sb, '"');
}

/* [rule index, key, "file:line", message, evidence, state]: evidence as
 * on the page, one "var=dataset[key] file:line" per record, joined by
 * "; "; state "" (open), "new", or "waived WAIVER" */
static void embed_finding(struct html_report *h, const struct report_finding *f)
{
	struct strbuf *sb = &h->js, tmp = STRBUF_INIT;
	size_t i;
	strbuf_reset(sb);
	strbuf_addstr(sb, h->embedded ? ",\n[" : "[");
	strbuf_addu(sb, h->rule_index);
	strbuf_addch(sb, ',');
	json_str(sb, f->record_key);
	strbuf_addch(sb, ',');
	if (!empty(f->source_file))
		strbuf_addstr(&tmp, rel(h->data_dir, f->source_file));
	if (f->source_line) {
		strbuf_addch(&tmp, ':');
		strbuf_addu(&tmp, f->source_line);
	}
	json_str(sb, tmp.buf);
	strbuf_addch(sb, ',');
	json_str(sb, f->message);
	strbuf_addch(sb, ',');
	strbuf_reset(&tmp);
	for (i = 0; i < f->nrefs; i++) {
		const struct report_ref *x = &f->refs[i];
		if (i)
			strbuf_addstr(&tmp, "; ");
		strbuf_addstr(&tmp, x->var);
		strbuf_addch(&tmp, '=');
		strbuf_addstr(&tmp, x->dataset);
		strbuf_addch(&tmp, '[');
		strbuf_addstr(&tmp, x->key ? x->key : "");
		strbuf_addch(&tmp, ']');
		if (!empty(x->file)) {
			strbuf_addch(&tmp, ' ');
			strbuf_addstr(&tmp, rel(h->data_dir, x->file));
			strbuf_addch(&tmp, ':');
			strbuf_addu(&tmp, x->line);
		}
	}
	if (!f->nrefs && !empty(f->evidence))
		strbuf_addstr(&tmp, f->evidence);
	if (!f->nrefs && !empty(f->field))
		strbuf_addf(&tmp, "%s=%s", f->field, f->raw_value ? f->raw_value : "");
	json_str(sb, tmp.buf);
	strbuf_addch(sb, ',');
	strbuf_reset(&tmp);
	if (!empty(f->waiver))
		strbuf_addf(&tmp, "waived %s", f->waiver);
	else if (!empty(f->change) && !strcmp(f->change, "new"))
		strbuf_addstr(&tmp, "new");
	json_str(sb, tmp.buf);
	strbuf_addch(sb, ']');
	strbuf_release(&tmp);
	if (h->embed_cut || h->data.len + sb->len > h->embed_max) {
		h->embed_cut = 1;
		strbuf_reset(sb);
		return;
	}
	h->embedded++;
	sc_put(h, &h->data, sb);
}

static void html_finding(void *state, const struct report_finding *f)
{
	struct html_report *h = state;
	h->seen++;
	h->total++;
	if (h->is_dq)
		tally_for(h, f->dataset ? f->dataset : "", f->field ? f->field : "")->n++;
	count_refs(h, f);
	if (!h->embed_cut)
		embed_finding(h, f);
	if (h->shown >= h->limit)
		return;
	h->any_evidence |= !empty(f->evidence) || f->nrefs;
	put_row(&h->sb, ++h->shown, f, h->is_dq, h->data_dir);
	sc_put(h, &h->rows, &h->sb);
}

static void put_rule_heading(struct strbuf *sb, const struct report_rule *r)
{
	strbuf_addstr(sb, "<div class=\"rule\" id=\"");
	put_anchor(sb, r->id);
	strbuf_addstr(sb, "\" role=\"region\" aria-labelledby=\"h-");
	put_anchor(sb, r->id);
	strbuf_addstr(sb, "\">\n<h3 id=\"h-");
	put_anchor(sb, r->id);
	strbuf_addstr(sb, "\"><span class=\"rid\">");
	esc(sb, r->id);
	strbuf_addstr(sb, "</span> ");
	esc(sb, r->title);
	strbuf_addstr(sb, "</h3>\n");
}

static void put_rule_tags(struct strbuf *sb, const struct report_rule *r, size_t total)
{
	strbuf_addstr(sb, "<p class=\"tags\">");
	if (!r->is_dq || r->open) {
		put_sev(sb, r->severity);
		strbuf_addch(sb, ' ');
	}
	put_result(sb, r);
	strbuf_addf(sb, " <span class=\"stat\">%zu %s (%zu open, %zu waived)", total,
		    plural(total, "finding", "findings"), r->open, r->waived);
	strbuf_addf(sb, " in %zu %s %s", r->rows_evaluated, plural(r->rows_evaluated, "row", "rows"),
		    r->is_dq ? "read" : "checked");
	strbuf_addstr(sb, "</span></p>\n");
}

static void put_kv(struct strbuf *sb, const char *key, const char *val, const char *none)
{
	strbuf_addf(sb, "<dt>%s</dt><dd>", key);
	esc_or(sb, val, none);
	strbuf_addstr(sb, "</dd>\n");
}

/* the length of an http(s) URL starting at s, or 0: up to white space,
 * a quote or angle bracket, without trailing punctuation */
static size_t url_len(const char *s)
{
	size_t n;
	if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7))
		return 0;
	for (n = 0; s[n] && !strchr(" \t\r\n\"'<>", s[n]) && (unsigned char)s[n] > 0x20; n++)
		;
	while (n && strchr(".,;:)]", s[n - 1]))
		n--;
	return n > 8 ? n : 0;
}

/* whether s holds a date YYYY-MM-DD */
static int has_date(const char *s)
{
	size_t i;
	for (; *s; s++) {
		for (i = 0; i < 10; i++) {
			char c = s[i];
			if (!c || ((i == 4 || i == 7) ? c != '-' : (c < '0' || c > '9')))
				break;
		}
		if (i == 10)
			return 1;
	}
	return 0;
}

/* The policy source: its text with every http(s) URL in it a link, and a
 * note when it gives no link or no date (the rule language has no
 * separate clause for them: a pack puts them in the source text). */
static void put_policy_source(struct strbuf *sb, const char *src)
{
	const char *p = src;
	int links = 0;
	size_t n;
	strbuf_addstr(sb, "<dt>Policy source</dt><dd>");
	if (empty(src)) {
		strbuf_addstr(sb, "<span class=\"na\">No source given</span></dd>\n");
		return;
	}
	while (*p) {
		const char *u = p;
		while (*u && !url_len(u))
			u++;
		html_escape(sb, p, (size_t)(u - p));
		if (!*u)
			break;
		n = url_len(u);
		strbuf_addstr(sb, "<a class=\"url\" href=\"");
		html_escape(sb, u, n);
		strbuf_addstr(sb, "\">");
		html_escape(sb, u, n);
		strbuf_addstr(sb, "</a>");
		links++;
		p = u + n;
	}
	if (!links || !has_date(src))
		strbuf_addf(sb, " <span class=\"na\">(%s%s%s)</span>", links ? "" : "no link",
			    !links && !has_date(src) ? ", " : "", has_date(src) ? "" : "no date");
	strbuf_addstr(sb, "</dd>\n");
}

static void put_rule_meta(struct strbuf *sb, const struct report_rule *r)
{
	strbuf_addstr(sb, "<dl class=\"kv\">\n");
	if (!r->is_dq || !empty(r->policy))
		put_kv(sb, "Policy", r->policy, "No policy text given");
	if (!r->is_dq || !empty(r->source))
		put_policy_source(sb, r->source);
	if (r->file) {
		strbuf_addstr(sb, "<dt>Defined at</dt><dd class=\"mono\">");
		put_source(sb, r->file, r->line);
		strbuf_addstr(sb, "</dd>\n");
	}
	if (!empty(r->driving))
		put_kv(sb, "Driving dataset", r->driving, "");
	if (r->is_dq)
		put_kv(sb, "Kind", "Data-quality check made while loading the inputs", "");
	strbuf_addstr(sb, "</dl>\n");
	if (r->text) {
		strbuf_addstr(sb, "<p class=\"lbl\">Rule as written</p>\n<pre class=\"src\"><code>");
		html_escape(sb, r->text, r->text_len);
		strbuf_addstr(sb, "</code></pre>\n");
	}
	if (!empty(r->defines)) {
		strbuf_addstr(sb, "<div class=\"defs\"><p class=\"lbl\">Definitions the rule uses</p>\n"
				  "<p class=\"ponly\">Not printed (they repeat across rules): see the rule files "
				  "listed under Rule files, with their SHA-256, or this report on screen.</p>\n"
				  "<pre class=\"src\"><code>");
		esc(sb, r->defines);
		strbuf_addstr(sb, "</code></pre></div>\n");
	}
}

/* A rule none of whose shown findings has evidence (typically DQ) hides
 * the empty Evidence column (class noev). */
static void put_table_head(struct strbuf *sb, const struct report_rule *r, size_t shown,
			   size_t total, int any_evidence)
{
	strbuf_addstr(sb, "<div class=\"filter\" hidden=\"hidden\"><label>Filter findings "
			  "<input type=\"search\" autocomplete=\"off\" spellcheck=\"false\"></label>"
			  "<span class=\"fcount\" aria-live=\"polite\"></span></div>\n"
			  "<table class=\"sortable findings");
	strbuf_addf(sb, any_evidence ? "\" data-total=\"%zu\">" : " noev\" data-total=\"%zu\">", total);
	strbuf_addstr(sb, "<caption>Findings of ");
	esc(sb, r->id);
	if (shown < total)
		strbuf_addf(sb, ": the first %zu of %zu", shown, total);
	else
		strbuf_addf(sb, ": all %zu", total);
	strbuf_addstr(sb, "</caption>\n<thead><tr><th scope=\"col\" class=\"c-n num\">#</th>");
	if (r->is_dq)
		strbuf_addstr(sb, "<th scope=\"col\" class=\"c-ds\">Dataset</th>");
	strbuf_addstr(sb, "<th scope=\"col\" class=\"c-key\">Record key</th>"
			  "<th scope=\"col\" class=\"c-src\">Source (file:line)</th>"
			  "<th scope=\"col\">Message</th>"
			  "<th scope=\"col\" class=\"c-ev\">Evidence</th></tr></thead>\n<tbody>\n");
}

/* what the page does not show (and, in print, what is not printed) */
static void put_cutoff(struct strbuf *sb, size_t shown, size_t total)
{
	if (!total)
		strbuf_addstr(sb, "<p class=\"none\">No findings.</p>\n");
	else if (total > shown)
		strbuf_addf(sb, "<p class=\"more\">%zu more finding%s" CUTOFF_TAIL
				" <span class=\"scr\">(<a href=\"#search\">search all findings</a>)"
				"</span></p>\n", total - shown, total - shown == 1 ? "" : "s");
	if (shown > PRINT_ROWS)
		strbuf_addf(sb, "<p class=\"pmore\">Printed: the first %d of %zu findings; all %zu "
				"are in findings.csv.</p>\n", PRINT_ROWS, total, total);
}

static void html_rule_end(void *state, const struct report_rule *r)
{
	struct html_report *h = state;
	struct scratch *to = r->is_dq ? &h->dq : &h->body;
	size_t total = r->findings > h->seen ? r->findings : h->seen;
	if (r->is_dq && !total) {
		/* a check without findings: one item of the "passed" list */
		strbuf_addstr(&h->dqpass, "<li id=\"");
		put_anchor(&h->dqpass, r->id);
		strbuf_addstr(&h->dqpass, "\"><span class=\"rid\">");
		esc(&h->dqpass, r->id);
		strbuf_addstr(&h->dqpass, "</span> ");
		esc(&h->dqpass, r->title);
		strbuf_addstr(&h->dqpass, "</li>\n");
		return;
	}
	put_rule_heading(&h->sb, r);
	put_rule_tags(&h->sb, r, total);
	put_rule_meta(&h->sb, r);
	if (h->shown) {
		put_table_head(&h->sb, r, h->shown, total, h->any_evidence);
		sc_put(h, to, &h->sb);
		sc_copy(h, &h->rows, to->fp);
		to->len += h->rows.len;
		strbuf_addstr(&h->sb, "</tbody></table>\n");
	}
	put_cutoff(&h->sb, h->shown, total);
	strbuf_addstr(&h->sb, "<p class=\"back\"><a href=\"#rules\">Back to the rule table</a></p>\n"
			      "</div>\n");
	sc_put(h, to, &h->sb);
}

/* ---- finish: the page around the bodies ------------------------- */

struct page {
	struct html_report *h;
	FILE *fp;
	struct strbuf *sb;
	const struct report_run *run;
	const struct report_rule *rules;
	size_t nrules;
	const struct report_input *inputs;
	size_t ninputs;
};

static void flush(struct page *pg)
{
	if (pg->sb->len && fwrite(pg->sb->buf, 1, pg->sb->len, pg->fp) != pg->sb->len)
		note_error(pg->h);
	strbuf_reset(pg->sb);
}

static void maybe_flush(struct page *pg)
{
	if (pg->sb->len >= FLUSH_AT)
		flush(pg);
}

/* The printed page's footer: the run id and "page X of Y" (CSS page
 * margin boxes; the run id keeps only [A-Za-z0-9:._-], so the CSS string
 * needs no escaping). */
static void put_page_footer(struct strbuf *sb, const char *run_id)
{
	const char *p;
	strbuf_addstr(sb, "@media print{@page{@bottom-left{content:\"verdict compliance report \\2014  run ");
	for (p = run_id ? run_id : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 c == '-' || c == '_' || c == ':' || c == '.';
		strbuf_addch(sb, ok ? c : '_');
	}
	strbuf_addstr(sb, "\"}}}\n");
}

static void put_head(struct page *pg)
{
	struct strbuf *sb = pg->sb;
	strbuf_addstr(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
			  "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
			  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			  "<meta name=\"generator\" content=\"verdict ");
	esc(sb, pg->run->version);
	strbuf_addstr(sb, "\">\n<title>verdict compliance report");
	if (!empty(pg->run->run_id)) {
		strbuf_addstr(sb, " \xe2\x80\x94 ");
		esc(sb, pg->run->run_id);
	}
	strbuf_addstr(sb, "</title>\n<style>\n");
	strbuf_add(sb, css, sizeof(css));
	put_page_footer(sb, pg->run->run_id);
	strbuf_addstr(sb, "</style>\n</head>\n<body>\n");
}

static void put_banner(struct page *pg)
{
	struct strbuf *sb = pg->sb;
	if (!pg->run->incomplete)
		return;
	strbuf_addstr(sb, "<div class=\"alert\" role=\"alert\" id=\"incomplete\"><div class=\"wrap\">"
			  "<strong>INCOMPLETE RUN.</strong> ");
	esc_or(sb, pg->run->incomplete_why, "The reason was not recorded");
	strbuf_addstr(sb, ". Not every row was checked, so findings may be missing; a "
			  "\xe2\x80\x9cpass\xe2\x80\x9d below covers only the rows that were read."
			  "</div></div>\n");
}

/* the baseline and waivers files, in the header's list */
static void put_nightly_meta(struct strbuf *sb, const struct report_nightly *n)
{
	if (n && n->baseline) {
		strbuf_addstr(sb, "<dt>Baseline</dt><dd><span class=\"mono\">");
		esc(sb, n->baseline_path);
		strbuf_addstr(sb, "</span> (run <span class=\"mono\">");
		esc_or(sb, n->baseline_run_id, "without findings");
		strbuf_addstr(sb, "</span>)</dd>\n");
	}
	if (n && n->waivers_path) {
		strbuf_addstr(sb, "<dt>Waivers</dt><dd class=\"mono\">");
		esc(sb, n->waivers_path);
		strbuf_addstr(sb, "</dd>\n");
	}
}

static void put_nightly_toc(struct strbuf *sb, const struct report_nightly *n)
{
	if (n && n->baseline)
		strbuf_addstr(sb, "<li><a href=\"#resolved\">Resolved since last run</a></li>");
	if (n && n->waivers_path)
		strbuf_addstr(sb, "<li><a href=\"#waivers\">Waivers</a></li>");
}


/* rows read, loaded and rejected over every input */
static void row_totals(const struct page *pg, size_t *read, size_t *loaded, size_t *rejected)
{
	size_t i;
	*read = *loaded = *rejected = 0;
	for (i = 0; i < pg->ninputs; i++) {
		*read += pg->inputs[i].rows_read;
		*loaded += pg->inputs[i].rows_loaded;
		*rejected += pg->inputs[i].rows_rejected;
	}
}

static size_t open_total(const struct report_run *run)
{
	return run->counts[0] + run->counts[1] + run->counts[2];
}

/* "3 errors, 1 warning" over the severities at or above fail_on (all
 * three for NULL or "never") */
static void put_open_counts(struct strbuf *sb, const struct report_run *run, int upto)
{
	static const char *const one[] = { "error", "warning", "info finding" };
	static const char *const many[] = { "errors", "warnings", "info findings" };
	int s, k = 0;
	for (s = 0; s <= upto && s < 3; s++)
		if (run->counts[s])
			strbuf_addf(sb, "%s%zu open %s", k++ ? ", " : "", run->counts[s],
				    plural(run->counts[s], one[s], many[s]));
	if (!k)
		strbuf_addstr(sb, "no open finding");
}

static int fail_level(const struct report_run *run)
{
	static const char *const names[] = { "error", "warning", "info", "never" };
	int i;
	for (i = 0; run->fail_on && i < 4; i++)
		if (!strcmp(run->fail_on, names[i]))
			return i;
	return 0;
}

/* The overall result: PASS, FAIL or INCOMPLETE, the threshold it was
 * judged at, the exit status, and an explicit all-clear when nothing is
 * open. */
static void put_verdict(struct page *pg)
{
	const struct report_run *run = pg->run;
	struct strbuf *sb = pg->sb;
	const char *fail_on = run->fail_on ? run->fail_on : "error";
	int lvl = fail_level(run);
	const char *cls, *word;
	if (run->incomplete)
		cls = "v-inc", word = "INCOMPLETE";
	else if (run->exit_status == 0)
		cls = "v-pass", word = "PASS";
	else if (run->exit_status == 1)
		cls = "v-fail", word = "FAIL";
	else
		cls = "v-inc", word = "ERROR";
	strbuf_addf(sb, "<div class=\"verdict %s\" id=\"overall-result\" data-result=\"%s\">"
			"<p class=\"vword\">%s</p><div class=\"vtext\"><p class=\"vline\">", cls, word, word);
	if (run->incomplete) {
		strbuf_addf(sb, "The run is incomplete (exit status %d): ", run->exit_status);
		esc_or(sb, run->incomplete_why, "the reason was not recorded");
		strbuf_addstr(sb, ". Not every row was checked; do not sign off on this run.");
	} else if (run->exit_status == 0 || run->exit_status == 1) {
		strbuf_addf(sb, "%s at <span class=\"mono\">--fail-on %s</span>%s (exit status %d): ",
			    word, fail_on, run->fail_on_new ? " <span class=\"mono\">--fail-on-new</span>" : "",
			    run->exit_status);
		if (lvl == 3)
			strbuf_addstr(sb, "no finding fails the run");
		else
			put_open_counts(sb, run, lvl);
		if (lvl < 3 && run->fail_on_new && run->nightly)
			strbuf_addf(sb, " (%zu new since the baseline)", run->nightly->nnew);
		strbuf_addstr(sb, ".");
	} else {
		strbuf_addf(sb, "The run failed (exit status %d): the outputs may be incomplete.",
			    run->exit_status);
	}
	strbuf_addstr(sb, "</p>\n");
	if (!run->incomplete && !open_total(run))
		strbuf_addstr(sb, "<p class=\"allclear\" id=\"all-clear\">\xe2\x9c\x93 All checks passed: "
				  "every rule and data-quality check that was evaluated has no open "
				  "finding.</p>\n");
	else if (!run->incomplete && lvl < 3 && open_total(run) && run->exit_status == 0) {
		strbuf_addstr(sb, "<p class=\"vsub\">Below the threshold, still open: ");
		put_open_counts(sb, run, 2);
		strbuf_addstr(sb, ".</p>\n");
	}
	strbuf_addstr(sb, "</div></div>\n");
}

/* rules not evaluated (in a complete run: for an absent optional input) */
static size_t not_evaluated(const struct page *pg)
{
	size_t i, n = 0;
	for (i = 0; i < pg->nrules; i++)
		n += pg->rules[i].not_evaluated != 0;
	return n;
}

static void put_header(struct page *pg)
{
	const struct report_run *run = pg->run;
	struct strbuf *sb = pg->sb;
	size_t read, loaded, rejected;
	row_totals(pg, &read, &loaded, &rejected);
	strbuf_addstr(sb, "<div class=\"top\" role=\"banner\"><div class=\"wrap\">\n"
			  "<h1>verdict compliance report</h1>\n");
	put_verdict(pg);
	strbuf_addstr(sb, "<dl class=\"meta\">\n<dt>Run id</dt><dd class=\"mono\" id=\"run-id\">");
	esc_or(sb, run->run_id, "not recorded");
	strbuf_addstr(sb, "</dd>\n");
	put_kv(sb, "As of", run->as_of, "not recorded");
	strbuf_addstr(sb, "<dt>Complete</dt><dd id=\"complete\">");
	if (run->incomplete)
		strbuf_addstr(sb, "<span class=\"bad\">No</span> \xe2\x80\x94 see the banner above");
	else if (not_evaluated(pg))
		strbuf_addf(sb, "<span class=\"ok\">Yes</span> \xe2\x80\x94 every input was read in full; %zu %s "
			    "not evaluated because an optional input was not provided (see Rules)",
			    not_evaluated(pg), plural(not_evaluated(pg), "rule was", "rules were"));
	else
		strbuf_addstr(sb, "<span class=\"ok\">Yes</span> \xe2\x80\x94 every input was read in full and "
				  "every rule was evaluated");
	strbuf_addstr(sb, "</dd>\n<dt>Data directory</dt><dd class=\"mono\" id=\"data-dir\">");
	if (!empty(run->data_dir_abs))
		esc_path(sb, run->data_dir_abs);
	else if (!empty(run->data_dir))
		esc_path(sb, run->data_dir);
	else
		strbuf_addstr(sb, "<span class=\"na\">not recorded</span>");
	strbuf_addstr(sb, "</dd>\n");
	strbuf_addf(sb, "<dt>Rows</dt><dd id=\"rows\">%zu read, %zu loaded, %zu rejected "
			"<span class=\"na\">(%zu %s)</span></dd>\n", read, loaded, rejected, pg->ninputs,
		    plural(pg->ninputs, "input", "inputs"));
	strbuf_addstr(sb, "<dt>Rule pack</dt><dd><span class=\"mono\">");
	esc_or(sb, run->rule_pack, "not recorded");
	strbuf_addstr(sb, "</span>");
	if (!empty(run->rule_pack_sha256)) {
		strbuf_addstr(sb, " <span class=\"sha\">SHA-256 <span class=\"mono\">");
		esc(sb, run->rule_pack_sha256);
		strbuf_addstr(sb, "</span></span>");
	}
	strbuf_addstr(sb, "</dd>\n");
	put_kv(sb, "Run started", run->started, "not recorded");
	strbuf_addf(sb, "<dt>Duration</dt><dd>%.3f s</dd>\n", run->duration_s);
	strbuf_addstr(sb, "<dt>Engine</dt><dd>verdict ");
	esc_or(sb, run->version, "(version not recorded)");
	strbuf_addstr(sb, "</dd>\n");
	put_nightly_meta(sb, run->nightly);
	strbuf_addstr(sb, "</dl>\n<div role=\"navigation\" aria-label=\"Contents\">"
			  "<ul class=\"toc\"><li><a href=\"#overview\">Overview</a></li>"
			  "<li><a href=\"#rules\">Rules</a></li>"
			  "<li><a href=\"#search\">Search all findings</a></li>");
	put_nightly_toc(sb, run->nightly);
	strbuf_addstr(sb, "<li><a href=\"#findings\">Findings by rule</a></li>"
			  "<li><a href=\"#data-quality\">Data quality</a></li>"
			  "<li><a href=\"#inputs\">Inputs</a></li></ul></div>\n</div></div>\n"
			  "<div class=\"main wrap\" role=\"main\">\n");
}

static void section_open(struct strbuf *sb, const char *id, const char *title)
{
	strbuf_addf(sb, "<div class=\"section\" id=\"%s\" role=\"region\" aria-labelledby=\"h-%s\">\n"
			"<h2 id=\"h-%s\">%s</h2>\n", id, id, id, title);
}

static void put_tile(struct strbuf *sb, const char *kind, size_t n, const char *label)
{
	strbuf_addf(sb, "<div class=\"tile %s%s\" id=\"tile-%s\"><span class=\"n\">%zu</span>"
			"<span class=\"l\">%s</span></div>\n", kind, n ? "" : " n0", kind, n, label);
}

/* "; 2 rules not evaluated; 1 rule had no rows to check" */
static void put_unchecked(struct page *pg)
{
	size_t i, na = 0, none = 0;
	for (i = 0; i < pg->nrules; i++) {
		na += pg->rules[i].not_evaluated;
		none += !pg->rules[i].not_evaluated && !pg->rules[i].open && pg->rules[i].no_rows;
	}
	if (na)
		strbuf_addf(pg->sb, "; <strong>%zu %s not evaluated</strong>", na, plural(na, "rule", "rules"));
	if (none)
		strbuf_addf(pg->sb, "; %zu %s no rows to check", none, plural(none, "rule had", "rules had"));
}

static void put_summary(struct page *pg)
{
	size_t i, rules = 0, failing = 0, noted = 0, dq = 0, dq_failing = 0, total = 0;
	for (i = 0; i < pg->nrules; i++) {
		const struct report_rule *r = &pg->rules[i];
		const char *res = report_result(r);
		total += r->findings;
		if (r->is_dq)
			dq++, dq_failing += r->open > 0;
		else
			rules++, failing += !strcmp(res, "fail"), noted += !strcmp(res, "noted");
	}
	strbuf_addstr(pg->sb, "<p class=\"summary\">");
	if (rules)
		strbuf_addf(pg->sb, "<strong>%zu of %zu %s failed</strong>", failing, rules,
			    plural(rules, "rule", "rules"));
	else
		strbuf_addstr(pg->sb, "No rules were evaluated");
	if (noted)
		strbuf_addf(pg->sb, "; %zu info %s noted findings (not violations)", noted,
			    plural(noted, "rule", "rules"));
	put_unchecked(pg);
	if (dq)
		strbuf_addf(pg->sb, "; %zu of %zu data-quality %s %s open findings", dq_failing, dq,
			    plural(dq, "check", "checks"), plural(dq_failing, "has", "have"));
	if (total)
		strbuf_addf(pg->sb, ". %zu %s in total, all listed in <a href=\"findings.csv\">"
				    "findings.csv</a>.</p>\n", total, plural(total, "finding", "findings"));
	else
		strbuf_addstr(pg->sb, ". There are no findings.</p>\n");
}

/* ---- charts: tables of labels and values with inline SVG bars ------- */

static void bar_svg(struct strbuf *sb, const char *cls, size_t n, size_t max)
{
	double w = max ? 100.0 * (double)n / (double)max : 0;
	if (n && w < 1)
		w = 1;
	strbuf_addf(sb, "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" "
			"aria-hidden=\"true\" focusable=\"false\"><rect class=\"f-%s\" width=\"%.1f\" "
			"height=\"10\"></rect></svg>", cls, w);
}

static void chart_open(struct strbuf *sb, const char *id, const char *caption, const char *c1,
		       const char *c3)
{
	strbuf_addf(sb, "<table class=\"chart\" id=\"%s\"><caption>%s</caption>\n<thead><tr>"
			"<th scope=\"col\" class=\"c-lab\">%s</th><th scope=\"col\" class=\"c-bar\">"
			"Findings</th><th scope=\"col\" class=\"c-val num\">%s</th></tr></thead>\n<tbody>\n",
		    id, caption, c1, c3);
}

static int cmp_rule_findings(const void *a, const void *b)
{
	const struct report_rule *x = *(const struct report_rule *const *)a;
	const struct report_rule *y = *(const struct report_rule *const *)b;
	if (x->findings != y->findings)
		return x->findings < y->findings ? 1 : -1;
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

/* findings per rule, most first, with the rate over the rows checked */
static void put_rule_chart(struct page *pg)
{
	struct strbuf *sb = pg->sb;
	const struct report_rule **v = xcalloc(pg->nrules + 1, sizeof(*v));
	size_t i, n = 0, zero = 0;
	for (i = 0; i < pg->nrules; i++)
		if (!pg->rules[i].is_dq) {
			if (pg->rules[i].findings)
				v[n++] = &pg->rules[i];
			else
				zero++;
		}
	if (!n) {
		strbuf_addstr(sb, "<p class=\"none\">No rule reported a finding.</p>\n");
		free(v);
		return;
	}
	qsort(v, n, sizeof(*v), cmp_rule_findings);
	chart_open(sb, "chart-rules", "Findings per rule, most first; rate = findings per row "
		   "checked (the rule table has the same numbers)", "Rule", "Rate");
	for (i = 0; i < n; i++) {
		const struct report_rule *r = v[i];
		strbuf_addstr(sb, "<tr><th scope=\"row\"><a class=\"mono\" href=\"#");
		put_anchor(sb, r->id);
		strbuf_addstr(sb, "\">");
		esc(sb, r->id);
		strbuf_addstr(sb, "</a></th><td>");
		bar_svg(sb, sev_class(r->severity), r->findings, v[0]->findings);
		strbuf_addf(sb, " <span class=\"bv\">%zu</span></td><td class=\"num\">", r->findings);
		if (r->rows_evaluated)
			strbuf_addf(sb, "%.1f%% <span class=\"sub\">of %zu rows</span>",
				    100.0 * (double)r->findings / (double)r->rows_evaluated, r->rows_evaluated);
		else
			strbuf_addstr(sb, "<span class=\"na\">n/a</span>");
		strbuf_addstr(sb, "</td></tr>\n");
	}
	strbuf_addstr(sb, "</tbody></table>\n<p class=\"legend\">Bar colour: the rule's severity"
			  "<span class=\"key k-error\"></span>error<span class=\"key k-warning\"></span>"
			  "warning<span class=\"key k-info\"></span>info.");
	if (zero)
		strbuf_addf(sb, " %zu %s without findings %s not charted.", zero,
			    plural(zero, "rule", "rules"), plural(zero, "is", "are"));
	strbuf_addstr(sb, "</p>\n");
	free(v);
}

struct top_ds {
	const char *ds;
	size_t total;         /* findings over its records */
	const struct rec_count **top;
	size_t ntop;
};

static int cmp_rec(const void *a, const void *b)
{
	const struct rec_count *x = *(const struct rec_count *const *)a;
	const struct rec_count *y = *(const struct rec_count *const *)b;
	int c = strcmp(x->ds, y->ds);
	if (c)
		return c;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int cmp_top_ds(const void *a, const void *b)
{
	const struct top_ds *x = a, *y = b;
	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return strcmp(x->ds, y->ds);
}

/* The records (of any dataset a finding binds) in the most findings: per
 * dataset whose busiest record is in at least two findings, the top
 * TOP_RECORDS, for the TOP_DATASETS datasets with the most. */
static void put_record_charts(struct page *pg)
{
	struct html_report *h = pg->h;
	struct strbuf *sb = pg->sb;
	const struct rec_count **all;
	struct top_ds *ds = NULL;
	size_t i, n = 0, nds = 0, cap = 0, k;
	if (!h->nrecs)
		return;
	all = xcalloc(h->nrecs + 1, sizeof(*all));
	for (i = 0; i < h->rec_cap; i++)
		if (h->recs[i].ds)
			all[n++] = &h->recs[i];
	qsort(all, n, sizeof(*all), cmp_rec);
	for (i = 0; i < n; i = k) {
		struct top_ds t = { all[i]->ds, 0, &all[i], 0 };
		for (k = i; k < n && !strcmp(all[k]->ds, all[i]->ds); k++)
			t.total += all[k]->n;
		t.ntop = k - i < TOP_RECORDS ? k - i : TOP_RECORDS;
		if (all[i]->n < 2)
			continue;
		ALLOC_GROW(ds, nds + 1, cap);
		ds[nds++] = t;
	}
	if (nds) {
		qsort(ds, nds, sizeof(*ds), cmp_top_ds);
		strbuf_addstr(sb, "<h3>Records in the most findings</h3>\n<p class=\"intro\">For each "
				  "dataset the findings bind (the driving record and every joined one, "
				  "from the evidence), its records that appear in the most findings. "
				  "Select one to search its findings.</p>\n<div class=\"charts\">\n");
	}
	for (i = 0; i < nds && i < TOP_DATASETS; i++) {
		strbuf_addstr(sb, "<div class=\"chartbox\">");
		strbuf_reset(&h->js);
		strbuf_addstr(&h->js, "Top records of ");
		esc(&h->js, ds[i].ds);
		strbuf_addf(&h->js, " by findings (%zu in all)", ds[i].total);
		chart_open(sb, "", h->js.buf, "Record", "Count");
		for (k = 0; k < ds[i].ntop; k++) {
			const struct rec_count *rc = ds[i].top[k];
			strbuf_reset(&h->js);
			strbuf_addf(&h->js, "%s[%s]", rc->ds, rc->key);
			strbuf_addstr(sb, "<tr><th scope=\"row\" class=\"mono\"><a href=\"#find?rec=");
			put_qarg(sb, h->js.buf);
			strbuf_addstr(sb, "\">");
			esc_key(sb, rc->key);
			strbuf_addstr(sb, "</a></th><td>");
			bar_svg(sb, "other", rc->n, ds[i].top[0]->n);
			strbuf_addf(sb, "</td><td class=\"num\">%zu</td></tr>\n", rc->n);
		}
		strbuf_addstr(sb, "</tbody></table></div>\n");
	}
	if (nds)
		strbuf_addf(sb, "</div>\n%s", h->recs_full ? "<p class=\"legend\">Counted over the first "
			    "200000 distinct records; later records were not counted.</p>\n" : "");
	strbuf_reset(&h->js);
	free(ds);
	free(all);
}

static void put_overview(struct page *pg)
{
	const struct report_run *run = pg->run;
	section_open(pg->sb, "overview", "Overview");
	strbuf_addstr(pg->sb, "<div class=\"tiles\">\n");
	put_tile(pg->sb, "error", run->counts[0], "Open errors");
	put_tile(pg->sb, "warning", run->counts[1], "Open warnings");
	put_tile(pg->sb, "info", run->counts[2], "Open info");
	put_tile(pg->sb, "waived", run->waived, "Waived");
	if (run->nightly && run->nightly->baseline) {
		put_tile(pg->sb, "new", run->nightly->nnew, "New since last run");
		put_tile(pg->sb, "resolved", run->nightly->nresolved, "Resolved");
	}
	strbuf_addstr(pg->sb, "</div>\n");
	put_summary(pg);
	put_rule_chart(pg);
	put_record_charts(pg);
	strbuf_addstr(pg->sb, "</div>\n");
}

static void put_rule_row(struct strbuf *sb, const struct report_rule *r, int baseline)
{
	strbuf_addstr(sb, "<tr><th scope=\"row\" class=\"mono\"><a href=\"#");
	put_anchor(sb, r->id);
	strbuf_addstr(sb, "\">");
	esc(sb, r->id);
	strbuf_addstr(sb, "</a></th><td>");
	esc(sb, r->title);
	strbuf_addf(sb, "</td><td data-k=\"%d\">", sev_rank(r->severity));
	if (!r->is_dq || r->open)
		put_sev(sb, r->severity);
	else
		strbuf_addstr(sb, "<span class=\"na\">\xe2\x80\x94</span>");
	strbuf_addf(sb, "</td><td class=\"num\">%zu", r->rows_evaluated);
	if (r->is_dq)
		strbuf_addstr(sb, " <span class=\"sub\">rows read</span>");
	strbuf_addf(sb, "</td><td class=\"num\">%zu", r->findings);
	if (r->waived)
		strbuf_addf(sb, " <span class=\"sub\">%zu waived</span>", r->waived);
	if (baseline)
		strbuf_addf(sb, " <span class=\"sub\">%zu new, %zu resolved</span>", r->nnew,
			    r->nresolved);
	strbuf_addstr(sb, "</td><td>");
	put_result(sb, r);
	strbuf_addstr(sb, "</td></tr>\n");
}

static void put_rule_table(struct page *pg)
{
	struct strbuf *sb = pg->sb;
	size_t i;
	int pass;
	section_open(sb, "rules", "Rules");
	strbuf_addstr(sb, "<p class=\"intro\">A rule passes when it checked rows and has no open "
			  "finding; it is not evaluated when an input it reads is missing, and has "
			  "no rows when its driving dataset is empty. Rules "
			  "whose id starts with DQ- are data-quality checks made while loading the "
			  "inputs. Select a rule to see its policy, its text and its findings.</p>\n"
			  "<div class=\"filter\" hidden=\"hidden\"><label>Filter rules "
			  "<input type=\"search\" autocomplete=\"off\" spellcheck=\"false\"></label>"
			  "<span class=\"fcount\" aria-live=\"polite\"></span></div>\n"
			  "<table class=\"sortable\" id=\"rule-table\">");
	strbuf_addf(sb, "<caption>%zu %s", pg->nrules, plural(pg->nrules, "rule", "rules"));
	if (pg->run->incomplete)
		strbuf_addstr(sb, " \xe2\x80\x94 the run is incomplete: a pass covers only the rows "
				  "that were read");
	strbuf_addstr(sb, "</caption>\n<thead><tr><th scope=\"col\" class=\"c-id\">Rule</th>"
			  "<th scope=\"col\">Title</th><th scope=\"col\" class=\"c-sev\">Severity</th>"
			  "<th scope=\"col\" class=\"c-cnt num\">Rows checked</th>"
			  "<th scope=\"col\" class=\"c-cnt num\">Findings</th>"
			  "<th scope=\"col\" class=\"c-res\">Result</th></tr></thead>\n<tbody>\n");
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < pg->nrules; i++)
			if (!!pg->rules[i].is_dq == pass) {
				put_rule_row(sb, &pg->rules[i], pg->run->nightly && pg->run->nightly->baseline);
				maybe_flush(pg);
			}
	strbuf_addstr(sb, "</tbody></table>\n</div>\n");
}

/* ---- the search across every finding --------------------------------- */

/* The search form (shown by report.js; the page reads without it) and
 * its results table, filled from the embedded findings. */
static void put_search(struct page *pg)
{
	struct html_report *h = pg->h;
	struct strbuf *sb = pg->sb;
	size_t i;
	section_open(sb, "search", "Search all findings");
	strbuf_addf(sb, "<p class=\"intro\" id=\"search-scope\">The search covers ");
	if (h->embed_cut)
		strbuf_addf(sb, "<strong>the first %zu of %zu findings</strong> (in findings.csv "
				"order; the page embeds at most %zu MiB of findings): the other %zu are "
				"only in <a href=\"findings.csv\">findings.csv</a>.", h->embedded, h->total,
			    h->embed_max >> 20, h->total - h->embedded);
	else
		strbuf_addf(sb, "all %zu %s of this run, across rules, also those past the first %zu "
				"of a rule that the rule sections show.", h->total,
			    plural(h->total, "finding", "findings"), h->limit);
	strbuf_addstr(sb, " The record filter matches a record key or any record of the evidence "
			  "(for example <span class=\"mono\">partners[1234]</span> or just the key). "
			  "It needs JavaScript; without it, use findings.csv.</p>\n"
			  "<form class=\"search\" id=\"search-form\" hidden=\"hidden\" role=\"search\">"
			  "<label>Text <input type=\"search\" name=\"q\" autocomplete=\"off\" "
			  "spellcheck=\"false\"></label> <label>Severity <select name=\"sev\">"
			  "<option value=\"\">any</option><option>error</option><option>warning</option>"
			  "<option>info</option></select></label> <label>Rule <select name=\"rule\">"
			  "<option value=\"\">any</option>");
	for (i = 0; i < pg->nrules; i++) {
		if (!pg->rules[i].findings)
			continue;
		strbuf_addstr(sb, "<option>");
		esc(sb, pg->rules[i].id);
		strbuf_addstr(sb, "</option>");
	}
	strbuf_addstr(sb, "</select></label> <label>Record <input type=\"search\" name=\"rec\" "
			  "autocomplete=\"off\" spellcheck=\"false\"></label>"
			  "<span class=\"fcount\" id=\"search-count\" aria-live=\"polite\"></span></form>\n"
			  "<table class=\"findings\" id=\"search-results\" hidden=\"hidden\"><thead><tr>"
			  "<th scope=\"col\" class=\"c-id\">Rule</th>"
			  "<th scope=\"col\" class=\"c-sev\">Severity</th>"
			  "<th scope=\"col\" class=\"c-key\">Record key</th>"
			  "<th scope=\"col\" class=\"c-src\">Source</th><th scope=\"col\">Message</th>"
			  "<th scope=\"col\" class=\"c-ev\">Evidence</th></tr></thead><tbody></tbody>"
			  "</table>\n</div>\n");
}

/* The embedded data: the rules (id, severity, anchor) in rule_begin
 * order, then the findings (embed_finding). */
static void put_data(struct page *pg)
{
	struct strbuf *sb = pg->sb;
	size_t i;
	strbuf_addstr(sb, "<script type=\"application/json\" id=\"vd-rules\">[");
	for (i = 0; i < pg->nrules; i++) {
		strbuf_addstr(sb, i ? ",\n[" : "[");
		json_str(sb, pg->rules[i].id);
		strbuf_addch(sb, ',');
		json_str(sb, sev_class(pg->rules[i].severity));
		strbuf_addstr(sb, ",\"#");
		put_anchor(sb, pg->rules[i].id);
		strbuf_addstr(sb, "\"]");
	}
	strbuf_addf(sb, "]</script>\n<script type=\"application/json\" id=\"vd-findings\" "
			"data-total=\"%zu\" data-embedded=\"%zu\">[", pg->h->total, pg->h->embedded);
	flush(pg);
	sc_copy(pg->h, &pg->h->data, pg->fp);
	strbuf_addstr(sb, "]</script>\n");
}

/* ---- the baseline diff and the waivers ------------------------------ */

static void put_resolved_row(struct strbuf *sb, size_t k, const struct report_finding *f)
{
	strbuf_addf(sb, "<tr><td class=\"num\">%zu</td><td class=\"mono\">", k);
	esc(sb, f->rule_id);
	strbuf_addstr(sb, "</td><td class=\"mono\">");
	esc(sb, f->record_key);
	strbuf_addstr(sb, "</td><td>");
	esc(sb, f->message);
	strbuf_addstr(sb, "</td><td class=\"mono\">");
	esc(sb, f->fingerprint);
	strbuf_addstr(sb, "</td></tr>\n");
}

/* the baseline's findings that no longer occur */
static void put_resolved(struct page *pg)
{
	const struct report_nightly *n = pg->run->nightly;
	struct strbuf *sb = pg->sb;
	size_t i, shown;
	if (!n || !n->baseline)
		return;
	section_open(sb, "resolved", "Resolved since last run");
	strbuf_addf(sb, "<p class=\"intro\">Compared with the baseline, %zu %s new and %zu %s "
			"no longer reported (matched by fingerprint); resolved.csv lists them all.</p>\n",
		    n->nnew, plural(n->nnew, "finding is", "findings are"), n->nresolved,
		    plural(n->nresolved, "finding is", "findings are"));
	if (!n->nresolved) {
		strbuf_addstr(sb, "<p class=\"none\">No finding of the baseline was resolved.</p>\n</div>\n");
		return;
	}
	shown = n->nresolved < pg->h->limit ? n->nresolved : pg->h->limit;
	strbuf_addf(sb, "<table id=\"resolved-table\"><caption>%zu resolved %s</caption>\n<thead><tr>"
			"<th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Rule</th>"
			"<th scope=\"col\">Record key</th><th scope=\"col\">Message (last run)</th>"
			"<th scope=\"col\">Fingerprint</th></tr></thead>\n<tbody>\n", n->nresolved,
		    plural(n->nresolved, "finding", "findings"));
	for (i = 0; i < shown; i++) {
		put_resolved_row(sb, i + 1, &n->resolved[i]);
		maybe_flush(pg);
	}
	strbuf_addstr(sb, "</tbody></table>\n");
	if (shown < n->nresolved)
		strbuf_addf(sb, "<p class=\"more\">%zu more resolved findings \xe2\x80\x94 all are in "
				"resolved.csv</p>\n", n->nresolved - shown);
	strbuf_addstr(sb, "</div>\n");
}

static void put_waiver_state(struct strbuf *sb, const struct report_waiver *w)
{
	if (w->whole_rule)
		strbuf_addstr(sb, "<span class=\"badge whole\">whole rule</span> ");
	if (w->expired)
		strbuf_addstr(sb, "<span class=\"badge expired\">expired</span> ");
	else if (!w->matched)
		strbuf_addstr(sb, "<span class=\"badge stale\">stale: matched nothing</span> ");
	if (w->expiring)
		strbuf_addstr(sb, "<span class=\"badge expiring\">expires soon</span> ");
	if (w->unknown_rule)
		strbuf_addstr(sb, "<span class=\"badge stale\">rule not in pack</span> ");
	if (!w->expired && w->matched && !w->expiring && !w->whole_rule)
		strbuf_addstr(sb, "<span class=\"badge\">applied</span>");
}

static void put_waiver_row(struct strbuf *sb, const struct report_waiver *w)
{
	strbuf_addf(sb, "<tr%s><th scope=\"row\" class=\"mono\">", w->whole_rule ? " class=\"whole\"" : "");
	esc(sb, w->id);
	strbuf_addstr(sb, "</th><td class=\"mono\">");
	esc(sb, w->rule_id);
	strbuf_addstr(sb, "</td><td class=\"mono\">");
	esc(sb, w->whole_rule ? "* (every finding)" : w->record_key);
	if (!empty(w->fingerprint)) {
		strbuf_addstr(sb, empty(w->record_key) ? "" : "<br>");
		esc(sb, w->fingerprint);
	}
	strbuf_addstr(sb, "</td><td>");
	esc(sb, w->reason);
	strbuf_addstr(sb, "</td><td>");
	esc(sb, w->approved_by);
	strbuf_addstr(sb, "</td><td>");
	esc(sb, w->ticket);
	strbuf_addstr(sb, "</td><td class=\"mono\">");
	esc_or(sb, w->expires_on, "never");
	strbuf_addf(sb, "</td><td class=\"num\">%zu</td><td>", w->matched);
	put_waiver_state(sb, w);
	strbuf_addstr(sb, "</td></tr>\n");
}

/* "2 whole-rule waivers (CSP-X-1, CSP-Y-2) waive every finding of their rule" */
static void put_whole_rule_alert(struct strbuf *sb, const struct report_nightly *n)
{
	size_t i, k = 0;
	for (i = 0; i < n->nwaivers; i++)
		k += n->waivers[i].whole_rule && !n->waivers[i].expired;
	if (!k)
		return;
	strbuf_addf(sb, "<p class=\"whole-alert\" id=\"whole-rule-waivers\"><strong>%zu whole-rule %s</strong> "
			"waive every finding of ", k, plural(k, "waiver", "waivers"));
	for (i = 0; i < n->nwaivers; i++)
		if (n->waivers[i].whole_rule && !n->waivers[i].expired) {
			strbuf_addstr(sb, "<span class=\"mono\">");
			esc(sb, n->waivers[i].rule_id);
			strbuf_addstr(sb, "</span> (");
			esc(sb, n->waivers[i].id);
			strbuf_addstr(sb, --k ? "), " : ").</p>\n");
		}
}

static void put_waivers(struct page *pg)
{
	const struct report_nightly *n = pg->run->nightly;
	struct strbuf *sb = pg->sb;
	size_t i, expired, stale, expiring;
	if (!n || !n->waivers_path)
		return;
	report_waiver_counts(n, &expired, &stale, &expiring);
	section_open(sb, "waivers", "Waivers");
	strbuf_addf(sb, "<p class=\"intro\">%zu %s waived (not open, not counted in the exit "
			"status). %zu expired %s no longer %s; %zu %s matched no finding (stale); "
			"%zu %s within 30 days.</p>\n", pg->run->waived,
		    plural(pg->run->waived, "finding is", "findings are"), expired,
		    plural(expired, "waiver", "waivers"), plural(expired, "applies", "apply"), stale,
		    plural(stale, "waiver", "waivers"), expiring, plural(expiring, "expires", "expire"));
	put_whole_rule_alert(sb, n);
	strbuf_addf(sb, "<table id=\"waiver-table\"><caption>%zu %s</caption>\n<thead><tr>"
			"<th scope=\"col\">Waiver</th><th scope=\"col\">Rule</th>"
			"<th scope=\"col\">Record key / fingerprint</th><th scope=\"col\">Reason</th>"
			"<th scope=\"col\">Approved by</th><th scope=\"col\">Ticket</th>"
			"<th scope=\"col\">Expires</th><th scope=\"col\" class=\"num\">Waived</th>"
			"<th scope=\"col\">State</th></tr></thead>\n<tbody>\n", n->nwaivers,
		    plural(n->nwaivers, "waiver", "waivers"));
	for (i = 0; i < n->nwaivers; i++) {
		put_waiver_row(sb, &n->waivers[i]);
		maybe_flush(pg);
	}
	strbuf_addstr(sb, "</tbody></table>\n</div>\n");
}

static void put_findings(struct page *pg)
{
	size_t i, n = 0;
	for (i = 0; i < pg->nrules; i++)
		n += !pg->rules[i].is_dq;
	section_open(pg->sb, "findings", "Findings by rule");
	strbuf_addf(pg->sb, "<p class=\"intro\">Each rule shows its policy, the rule exactly as it "
			    "was evaluated, and up to %zu findings. Every finding, without limit, is "
			    "in findings.csv.</p>\n", pg->h->limit);
	if (!n)
		strbuf_addstr(pg->sb, "<p class=\"none\">No rules were evaluated.</p>\n");
	flush(pg);
	sc_copy(pg->h, &pg->h->body, pg->fp);
	strbuf_addstr(pg->sb, "</div>\n");
}

static void put_dq_dataset(struct page *pg, const char *ds, const struct report_input *in)
{
	struct strbuf *sb = pg->sb;
	strbuf_addstr(sb, "<tr><th scope=\"row\">");
	esc_or(sb, ds, "(no dataset)");
	if (in)
		strbuf_addf(sb, "</th><td class=\"num\">%zu</td><td class=\"num\">%zu</td>",
			    in->rows_read, in->rows_rejected);
	else
		strbuf_addstr(sb, "</th><td class=\"num\"><span class=\"na\">n/a</span></td>"
				  "<td class=\"num\"><span class=\"na\">n/a</span></td>");
	strbuf_addf(sb, "<td class=\"num\">%zu</td></tr>\n", tally_count(pg->h, ds ? ds : ""));
}

static int is_input(const struct page *pg, const char *ds)
{
	size_t i;
	for (i = 0; i < pg->ninputs; i++)
		if (pg->inputs[i].dataset && !strcmp(pg->inputs[i].dataset, ds))
			return 1;
	return 0;
}

static void put_dq_table(struct page *pg)
{
	struct html_report *h = pg->h;
	size_t i;
	strbuf_addstr(pg->sb, "<table id=\"dq-table\"><caption>Rejected rows and data-quality "
			      "findings per dataset</caption>\n<thead><tr><th scope=\"col\">Dataset</th>"
			      "<th scope=\"col\" class=\"num\">Rows read</th>"
			      "<th scope=\"col\" class=\"num\">Rows rejected</th>"
			      "<th scope=\"col\" class=\"num\">Data-quality findings</th></tr></thead>"
			      "\n<tbody>\n");
	for (i = 0; i < pg->ninputs; i++)
		put_dq_dataset(pg, pg->inputs[i].dataset, &pg->inputs[i]);
	for (i = 0; i < h->ntally; i++)
		if (!is_input(pg, h->tally[i].dataset))
			put_dq_dataset(pg, h->tally[i].dataset, NULL);
	strbuf_addstr(pg->sb, "</tbody></table>\n");
}

static int cmp_tally(const void *a, const void *b)
{
	const struct dq_tally *x = *(const struct dq_tally *const *)a;
	const struct dq_tally *y = *(const struct dq_tally *const *)b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	int c = strcmp(x->dataset, y->dataset);
	return c ? c : strcmp(x->field, y->field);
}

/* data-quality findings per dataset and field, most first; only those
 * with findings */
static void put_dq_chart(struct page *pg)
{
	struct html_report *h = pg->h;
	const struct dq_tally **v;
	size_t i;
	if (!h->ntally)
		return;
	v = xcalloc(h->ntally, sizeof(*v));
	for (i = 0; i < h->ntally; i++)
		v[i] = &h->tally[i];
	qsort(v, h->ntally, sizeof(*v), cmp_tally);
	chart_open(pg->sb, "chart-dq", "Data-quality findings per dataset and field, most first",
		   "Dataset.field", "Findings");
	for (i = 0; i < h->ntally; i++) {
		strbuf_addstr(pg->sb, "<tr><th scope=\"row\" class=\"mono\">");
		esc_or(pg->sb, v[i]->dataset, "(no dataset)");
		if (*v[i]->field) {
			strbuf_addstr(pg->sb, ".<wbr>");
			esc(pg->sb, v[i]->field);
		} else {
			strbuf_addstr(pg->sb, " <span class=\"na\">(whole row or file)</span>");
		}
		strbuf_addstr(pg->sb, "</th><td>");
		bar_svg(pg->sb, "error", v[i]->n, v[0]->n);
		strbuf_addf(pg->sb, "</td><td class=\"num\">%zu</td></tr>\n", v[i]->n);
	}
	strbuf_addstr(pg->sb, "</tbody></table>\n");
	free(v);
}

static void put_dq(struct page *pg)
{
	section_open(pg->sb, "data-quality", "Data quality");
	strbuf_addstr(pg->sb, "<p class=\"intro\">Checks made while the inputs were loaded. A "
			      "rejected row was not evaluated by any rule.</p>\n");
	if (pg->ninputs || pg->h->ntally)
		put_dq_table(pg);
	put_dq_chart(pg);
	if (pg->h->dqpass.len) {
		strbuf_addstr(pg->sb, "<h3 class=\"dqh\">Checks without findings</h3>\n"
				      "<ul class=\"dqpass\">\n");
		strbuf_add(pg->sb, pg->h->dqpass.buf, pg->h->dqpass.len);
		strbuf_addstr(pg->sb, "</ul>\n");
	}
	if (!pg->h->dq.len && !pg->h->dqpass.len)
		strbuf_addstr(pg->sb, "<p class=\"none\">No data-quality checks were reported.</p>\n");
	else if (pg->h->dq.len)
		strbuf_addstr(pg->sb, "<h3 class=\"dqh\">Checks with findings</h3>\n");
	flush(pg);
	sc_copy(pg->h, &pg->h->dq, pg->fp);
	strbuf_addstr(pg->sb, "</div>\n");
}

static void put_size(struct strbuf *sb, uint64_t bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	int u = -1;
	while (v >= 1024 && u < 3)
		v /= 1024, u++;
	if (u < 0)
		strbuf_addf(sb, "%" PRIu64 " %s", bytes, plural(bytes, "byte", "bytes"));
	else
		strbuf_addf(sb, "%.1f %s <span class=\"sub\">%" PRIu64 " bytes</span>", v, units[u],
			    bytes);
}

static void put_columns(struct strbuf *sb, const struct report_input *in)
{
	if (empty(in->missing) && empty(in->extra)) {
		strbuf_addstr(sb, "<span class=\"na\">as declared</span>");
		return;
	}
	if (!empty(in->missing)) {
		strbuf_addstr(sb, "<span class=\"bad\">Missing:</span> ");
		esc(sb, in->missing);
	}
	if (!empty(in->missing) && !empty(in->extra))
		strbuf_addstr(sb, " <br>");
	if (!empty(in->extra)) {
		strbuf_addstr(sb, "Extra: ");
		esc(sb, in->extra);
	}
}

static void put_reconcile(struct strbuf *sb, const struct report_input *in)
{
	size_t sum = in->rows_loaded + in->rows_rejected;
	if (sum == in->rows_read)
		strbuf_addf(sb, "<span class=\"ok\">\xe2\x9c\x93 Reconciles:</span> %zu read = %zu "
				"loaded + %zu rejected", in->rows_read, in->rows_loaded, in->rows_rejected);
	else
		strbuf_addf(sb, "<span class=\"bad\">\xe2\x9a\xa0 Does not reconcile:</span> %zu read "
				"\xe2\x89\xa0 %zu loaded + %zu rejected (%zu %s unaccounted for)",
			    in->rows_read, in->rows_loaded, in->rows_rejected,
			    sum > in->rows_read ? sum - in->rows_read : in->rows_read - sum,
			    plural(sum > in->rows_read ? sum - in->rows_read : in->rows_read - sum,
				   "row", "rows"));
	if (in->rows_swallowed)
		strbuf_addf(sb, "; <span class=\"bad\">\xe2\x9a\xa0 %zu %s swallowed</span> by a rejected "
				"record spanning lines (each has a DQ-ROW-SHAPE finding; %zu physical records "
				"in all)", in->rows_swallowed, plural(in->rows_swallowed, "line", "lines"),
			    in->rows_read + in->rows_swallowed);
	if (in->input_error) {
		strbuf_addstr(sb, " <br><span class=\"bad\">\xe2\x9a\xa0 Input error:</span> ");
		esc_or(sb, in->error, "no message recorded");
	}
}

/* A 64-digit hash shows as two lines of 32 (<br> adds no text). */
static void put_sha(struct strbuf *sb, const char *sha)
{
	if (strlen(sha) != 64) {
		esc_or(sb, sha, "not computed");
		return;
	}
	html_escape(sb, sha, 32);
	strbuf_addstr(sb, "<br>");
	html_escape(sb, sha + 32, 32);
}

static void put_input_row(struct strbuf *sb, const struct report_input *in)
{
	strbuf_addstr(sb, "<tr><th scope=\"row\">");
	esc_or(sb, in->dataset, "(no dataset)");
	if (!empty(in->title)) {
		strbuf_addstr(sb, " <span class=\"sub\">");
		esc(sb, in->title);
		strbuf_addstr(sb, "</span>");
	}
	strbuf_addstr(sb, "</th><td><span class=\"mono\">");
	esc_or(sb, in->path, "no path");
	strbuf_addstr(sb, "</span> <span class=\"sha\">SHA-256 <span class=\"mono\">");
	put_sha(sb, in->sha256);
	strbuf_addstr(sb, "</span></span></td><td>");
	esc(sb, in->format);
	strbuf_addstr(sb, "</td><td class=\"num\">");
	put_size(sb, in->bytes);
	strbuf_addf(sb, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
			"<td class=\"num\">%zu</td><td>", in->rows_read, in->rows_loaded,
		    in->rows_rejected);
	put_columns(sb, in);
	strbuf_addstr(sb, "</td><td>");
	put_reconcile(sb, in);
	strbuf_addstr(sb, "</td></tr>\n");
}

static void put_input_table(struct page *pg)
{
	size_t i;
	strbuf_addf(pg->sb, "<table id=\"input-table\"><caption>%zu input %s</caption>\n"
			    "<thead><tr><th scope=\"col\" class=\"c-ds\">Dataset</th>"
			    "<th scope=\"col\">File and SHA-256</th>"
			    "<th scope=\"col\" class=\"c-fmt\">Format</th>"
			    "<th scope=\"col\" class=\"c-size num\">Size</th>"
			    "<th scope=\"col\" class=\"c-rows num\">Rows read</th>"
			    "<th scope=\"col\" class=\"c-rows num\">Loaded</th>"
			    "<th scope=\"col\" class=\"c-rows num\">Rejected</th>"
			    "<th scope=\"col\" class=\"c-cols\">Columns</th>"
			    "<th scope=\"col\" class=\"c-rec\">Reconciliation</th></tr></thead>\n"
			    "<tbody>\n", pg->ninputs, plural(pg->ninputs, "file", "files"));
	for (i = 0; i < pg->ninputs; i++) {
		put_input_row(pg->sb, &pg->inputs[i]);
		maybe_flush(pg);
	}
	strbuf_addstr(pg->sb, "</tbody></table>\n");
}

static void put_rule_files(struct page *pg)
{
	const struct report_run *run = pg->run;
	size_t i;
	if (!run->nrule_files)
		return;
	strbuf_addstr(pg->sb, "<h3>Rule files</h3>\n<table id=\"rule-files\"><thead><tr>"
			      "<th scope=\"col\">File</th><th scope=\"col\">SHA-256</th></tr></thead>"
			      "\n<tbody>\n");
	for (i = 0; i < run->nrule_files; i++) {
		strbuf_addstr(pg->sb, "<tr><td class=\"mono\">");
		esc_path(pg->sb, run->rule_files[i].path);
		strbuf_addstr(pg->sb, "</td><td class=\"mono\">");
		put_sha(pg->sb, run->rule_files[i].sha256);
		strbuf_addstr(pg->sb, "</td></tr>\n");
	}
	strbuf_addstr(pg->sb, "</tbody></table>\n");
}

static void put_params(struct page *pg)
{
	const struct report_run *run = pg->run;
	size_t i;
	if (run->ndeclared) {
		strbuf_addstr(pg->sb, "<h3>Parameters</h3>\n<table id=\"params\"><thead><tr>"
				      "<th scope=\"col\" class=\"c-id\">Name</th><th scope=\"col\">Value used"
				      "</th></tr></thead>\n<tbody>\n");
		for (i = 0; i < run->ndeclared; i++) {
			strbuf_addstr(pg->sb, "<tr><th scope=\"row\" class=\"mono\">$");
			esc(pg->sb, run->declared[i].name);
			strbuf_addstr(pg->sb, "</th><td class=\"mono\">");
			esc_or(pg->sb, run->declared[i].value, "null");
			strbuf_addstr(pg->sb, "</td></tr>\n");
		}
		strbuf_addstr(pg->sb, "</tbody></table>\n");
	}
	if (!empty(run->command_line)) {
		strbuf_addstr(pg->sb, "<h3>Command line</h3>\n<pre class=\"src\"><code>");
		esc(pg->sb, run->command_line);
		strbuf_addstr(pg->sb, "</code></pre>\n");
	}
}

static void put_inputs(struct page *pg)
{
	section_open(pg->sb, "inputs", "Inputs");
	strbuf_addstr(pg->sb, "<p class=\"intro\">Every row read from an input is either loaded "
			      "(and evaluated by the rules) or rejected by a data-quality check: "
			      "read = loaded + rejected.</p>\n");
	if (pg->ninputs)
		put_input_table(pg);
	else
		strbuf_addstr(pg->sb, "<p class=\"none\">No input files were read.</p>\n");
	put_rule_files(pg);
	put_params(pg);
	strbuf_addstr(pg->sb, "</div>\n");
}

static void put_footer(struct page *pg)
{
	struct strbuf *sb = pg->sb;
	strbuf_addstr(sb, "</div>\n<div class=\"foot\" role=\"contentinfo\"><div class=\"wrap\">"
			  "Generated by verdict ");
	esc(sb, pg->run->version);
	strbuf_addstr(sb, " for run ");
	esc_or(sb, pg->run->run_id, "(no run id)");
	strbuf_addf(sb, ". This report shows at most %zu findings per rule; findings.csv holds "
			"every finding and manifest.json the run's provenance.</div></div>\n", pg->h->limit);
	put_data(pg);
	strbuf_addstr(sb, "<script>\n");
	strbuf_add(sb, js, sizeof(js));
	strbuf_addstr(sb, "</script>\n</body>\n</html>\n");
}

static int write_page(struct page *pg)
{
	put_head(pg);
	put_banner(pg);
	put_header(pg);
	put_overview(pg);
	flush(pg);
	put_rule_table(pg);
	flush(pg);
	put_search(pg);
	put_resolved(pg);
	put_waivers(pg);
	flush(pg);
	put_findings(pg);
	put_dq(pg);
	put_inputs(pg);
	put_footer(pg);
	flush(pg);
	return pg->h->io_error;
}

static int html_finish(void *state, const struct sink_summary *s)
{
	struct html_report *h = state;
	struct page pg = { h, h->of->fp, &h->sb, s->run, s->rules, s->nrules, s->inputs, s->ninputs };
	strbuf_reset(&h->sb);
	if (write_page(&pg)) {
		errno = h->io_error;
		return out_fail(h->of);
	}
	return 0;
}

const struct sink_ops html_ops = {
	.open = html_open,
	.rule_begin = html_rule_begin,
	.finding = html_finding,
	.rule_end = html_rule_end,
	.finish = html_finish,
	.free = html_free,
};
