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
 * rows per rule.  Scratch files are unlinked as soon as they exist, so
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
#include "util/utf8.h"

#define CUTOFF_TAIL " \xe2\x80\x94 all are in findings.csv"
#define FLUSH_AT 65536

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

/* s escaped, cut after max code points with an ellipsis. */
static void esc_clipped(struct strbuf *sb, const char *s, size_t max)
{
	size_t i, cps = 0;
	if (!s)
		return;
	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && cps++ == max)
			break;
	}
	html_escape(sb, s, i);
	if (s[i])
		strbuf_addstr(sb, "\xe2\x80\xa6");
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

static const char *sev_class(const char *sev)
{
	static const char *const known[] = { "error", "warning", "info" };
	size_t i;
	for (i = 0; sev && i < 3; i++)
		if (!strcmp(sev, known[i]))
			return known[i];
	return "other";
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
	size_t n;
};

struct html_report {
	struct outfile *of;   /* report.html */
	size_t limit;
	struct scratch rows, body, dq;
	size_t seen, shown;   /* findings of the current rule */
	int is_dq;
	int any_evidence;     /* a shown finding of the current rule has evidence */
	int io_error;         /* first errno of a failed scratch write */
	struct strbuf sb;
	struct dq_tally *tally; /* DQ findings per dataset */
	size_t ntally, tally_cap, last;
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
	*state = h;
	h->of = of;
	h->limit = o->html_limit;
	strbuf_init(&h->sb, 0);
	if (!(h->rows.fp = scratch_open(o->out_dir)) ||
	    !(h->body.fp = scratch_open(o->out_dir)) ||
	    !(h->dq.fp = scratch_open(o->out_dir)))
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
	for (i = 0; i < h->ntally; i++)
		free(h->tally[i].dataset);
	free(h->tally);
	strbuf_release(&h->sb);
	free(h);
}

/* ---- streaming: one rule's findings ---------------------------------- */

static struct dq_tally *tally_for(struct html_report *h, const char *dataset)
{
	size_t i;
	if (h->ntally && !strcmp(h->tally[h->last].dataset, dataset))
		return &h->tally[h->last];
	for (i = 0; i < h->ntally; i++)
		if (!strcmp(h->tally[i].dataset, dataset))
			return &h->tally[h->last = i];
	ALLOC_GROW(h->tally, h->ntally + 1, h->tally_cap);
	h->tally[h->ntally].dataset = xstrdup(dataset);
	h->tally[h->ntally].n = 0;
	h->last = h->ntally;
	return &h->tally[h->ntally++];
}

static size_t tally_count(const struct html_report *h, const char *dataset)
{
	size_t i;
	for (i = 0; i < h->ntally; i++)
		if (!strcmp(h->tally[i].dataset, dataset))
			return h->tally[i].n;
	return 0;
}

static void html_rule_begin(void *state, const struct report_rule *r)
{
	struct html_report *h = state;
	h->seen = h->shown = 0;
	h->is_dq = r->is_dq;
	h->any_evidence = 0;
	h->rows.len = 0;
	if (fseek(h->rows.fp, 0, SEEK_SET))
		note_error(h);
}

static void put_source(struct strbuf *sb, const char *file, uint32_t line)
{
	esc_or(sb, file, "unknown");
	if (line)
		strbuf_addf(sb, "<span class=\"ln\">:%" PRIu32 "</span>", line);
}

static void put_row(struct strbuf *sb, size_t n, const struct report_finding *f, int is_dq)
{
	strbuf_addf(sb, "<tr><td class=\"num\">%zu</td>", n);
	if (is_dq) {
		strbuf_addstr(sb, "<td>");
		esc(sb, f->dataset);
		strbuf_addstr(sb, "</td>");
	}
	strbuf_addstr(sb, "<td class=\"mono\">");
	esc(sb, f->record_key);
	strbuf_addstr(sb, "</td><td class=\"mono\">");
	put_source(sb, f->source_file, f->source_line);
	strbuf_addstr(sb, "</td><td>");
	if (!empty(f->status) && strcmp(f->status, "open")) {
		strbuf_addstr(sb, "<span class=\"badge\">");
		esc(sb, f->status);
		strbuf_addstr(sb, "</span> ");
	}
	esc(sb, f->message);
	strbuf_addstr(sb, "</td><td class=\"mono ev\">");
	esc_evidence(sb, f->evidence);
	strbuf_addstr(sb, "</td></tr>\n");
}

static void html_finding(void *state, const struct report_finding *f)
{
	struct html_report *h = state;
	h->seen++;
	if (h->is_dq)
		tally_for(h, f->dataset ? f->dataset : "")->n++;
	if (h->shown >= h->limit)
		return;
	h->any_evidence |= !empty(f->evidence);
	put_row(&h->sb, ++h->shown, f, h->is_dq);
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
	put_sev(sb, r->severity);
	strbuf_addch(sb, ' ');
	put_result(sb, r);
	strbuf_addf(sb, " <span class=\"stat\">%zu %s (%zu open, %zu waived)", total,
		    plural(total, "finding", "findings"), r->open, r->waived);
	if (!r->is_dq)
		strbuf_addf(sb, " in %zu %s checked", r->rows_evaluated,
			    plural(r->rows_evaluated, "row", "rows"));
	strbuf_addstr(sb, "</span></p>\n");
}

static void put_kv(struct strbuf *sb, const char *key, const char *val, const char *none)
{
	strbuf_addf(sb, "<dt>%s</dt><dd>", key);
	esc_or(sb, val, none);
	strbuf_addstr(sb, "</dd>\n");
}

static void put_rule_meta(struct strbuf *sb, const struct report_rule *r)
{
	strbuf_addstr(sb, "<dl class=\"kv\">\n");
	if (!r->is_dq || !empty(r->policy))
		put_kv(sb, "Policy", r->policy, "No policy text given");
	if (!r->is_dq || !empty(r->source))
		put_kv(sb, "Policy source", r->source, "No source given");
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
		strbuf_addstr(sb, "<p class=\"lbl\">Definitions the rule uses</p>\n<pre class=\"src\"><code>");
		esc(sb, r->defines);
		strbuf_addstr(sb, "</code></pre>\n");
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
	strbuf_addstr(sb, any_evidence ? "\">" : " noev\">");
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

static void put_cutoff(struct strbuf *sb, size_t shown, size_t total)
{
	if (!total)
		strbuf_addstr(sb, "<p class=\"none\">No findings.</p>\n");
	else if (total > shown)
		strbuf_addf(sb, "<p class=\"more\">%zu more finding%s" CUTOFF_TAIL "</p>\n", total - shown,
			    total - shown == 1 ? "" : "s");
}

static void html_rule_end(void *state, const struct report_rule *r)
{
	struct html_report *h = state;
	struct scratch *to = r->is_dq ? &h->dq : &h->body;
	size_t total = r->findings > h->seen ? r->findings : h->seen;
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

static void put_header(struct page *pg)
{
	const struct report_run *run = pg->run;
	struct strbuf *sb = pg->sb;
	strbuf_addstr(sb, "<div class=\"top\" role=\"banner\"><div class=\"wrap\">\n"
			  "<h1>verdict compliance report</h1>\n"
			  "<dl class=\"meta\">\n<dt>Run id</dt><dd class=\"mono\" id=\"run-id\">");
	esc_or(sb, run->run_id, "not recorded");
	strbuf_addstr(sb, "</dd>\n");
	put_kv(sb, "As of", run->as_of, "not recorded");
	put_kv(sb, "Generated", run->started, "not recorded");
	put_kv(sb, "Rule pack", run->rule_pack, "not recorded");
	strbuf_addstr(sb, "<dt>Engine</dt><dd>verdict ");
	esc_or(sb, run->version, "(version not recorded)");
	strbuf_addstr(sb, "</dd>\n</dl>\n<div role=\"navigation\" aria-label=\"Contents\">"
			  "<ul class=\"toc\"><li><a href=\"#overview\">Overview</a></li>"
			  "<li><a href=\"#rules\">Rules</a></li>"
			  "<li><a href=\"#findings\">Findings by rule</a></li>"
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
	size_t i, rules = 0, failing = 0, dq = 0, dq_failing = 0, total = 0;
	for (i = 0; i < pg->nrules; i++) {
		const struct report_rule *r = &pg->rules[i];
		total += r->findings;
		if (r->is_dq)
			dq++, dq_failing += r->open > 0;
		else
			rules++, failing += r->open > 0;
	}
	strbuf_addstr(pg->sb, "<p class=\"summary\">");
	if (rules)
		strbuf_addf(pg->sb, "<strong>%zu of %zu %s</strong> %s open findings", failing, rules,
			    plural(rules, "rule", "rules"), plural(failing, "has", "have"));
	else
		strbuf_addstr(pg->sb, "No rules were evaluated");
	put_unchecked(pg);
	if (dq)
		strbuf_addf(pg->sb, "; %zu of %zu data-quality %s %s open findings", dq_failing, dq,
			    plural(dq, "check", "checks"), plural(dq_failing, "has", "have"));
	if (total)
		strbuf_addf(pg->sb, ". %zu %s in total, all listed in findings.csv.</p>\n", total,
			    plural(total, "finding", "findings"));
	else
		strbuf_addstr(pg->sb, ". There are no findings.</p>\n");
}

#define CH_LABEL 210
#define CH_BAR 470
#define CH_WIDTH 840
#define CH_ROW 26

static void put_bar(struct strbuf *sb, const struct report_rule *r, size_t k, size_t max)
{
	size_t y = 10 + k * CH_ROW, w = 0;
	const char *sev = sev_class(r->severity);
	if (r->findings)
		w = (CH_BAR * r->findings + max / 2) / max, w = w < 2 ? 2 : w;
	strbuf_addstr(sb, "<g><title>");
	esc(sb, r->id);
	if (!empty(r->title)) {
		strbuf_addstr(sb, " \xe2\x80\x94 ");
		esc(sb, r->title);
	}
	strbuf_addf(sb, ": %zu %s, severity %s</title>\n<text class=\"lab\" x=\"%d\" y=\"%zu\" "
			"text-anchor=\"end\">", r->findings, plural(r->findings, "finding", "findings"),
		    sev, CH_LABEL - 10, y + 17);
	esc_clipped(sb, r->id, 26);
	strbuf_addf(sb, "</text><rect class=\"f-%s\" x=\"%d\" y=\"%zu\" width=\"%zu\" height=\"16\" "
			"rx=\"2\"></rect><text x=\"%zu\" y=\"%zu\">%zu \xc2\xb7 %s</text></g>\n",
		    sev, CH_LABEL, y + 5, w, CH_LABEL + w + 6, y + 17, r->findings, sev);
}

static void put_chart(struct page *pg)
{
	struct strbuf *sb = pg->sb;
	size_t i, k = 0, max = 0, height = pg->nrules * CH_ROW + 20;
	int pass;
	for (i = 0; i < pg->nrules; i++)
		max = pg->rules[i].findings > max ? pg->rules[i].findings : max;
	if (!max) {
		strbuf_addstr(sb, "<p class=\"none\">No rule reported a finding.</p>\n");
		return;
	}
	strbuf_addf(sb, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d "
			"%zu\" width=\"%d\" height=\"%zu\" role=\"img\" aria-labelledby=\"chart-title\">"
			"\n<title id=\"chart-title\">Findings per rule, by severity (the same numbers "
			"are in the rule table)</title>\n", CH_WIDTH, height, CH_WIDTH, height);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < pg->nrules; i++)
			if (!!pg->rules[i].is_dq == pass)
				put_bar(sb, &pg->rules[i], k++, max);
	strbuf_addf(sb, "<line class=\"axis\" x1=\"%d\" y1=\"6\" x2=\"%d\" y2=\"%zu\"></line>\n"
			"</svg>\n<p class=\"legend\">Bar length: findings per rule (open and waived)."
			"<span class=\"key k-error\"></span>error<span class=\"key k-warning\"></span>"
			"warning<span class=\"key k-info\"></span>info</p>\n",
		    CH_LABEL, CH_LABEL, height - 6);
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
	strbuf_addstr(pg->sb, "</div>\n");
	put_summary(pg);
	put_chart(pg);
	strbuf_addstr(pg->sb, "</div>\n");
}

static void put_rule_row(struct strbuf *sb, const struct report_rule *r)
{
	strbuf_addstr(sb, "<tr><th scope=\"row\" class=\"mono\"><a href=\"#");
	put_anchor(sb, r->id);
	strbuf_addstr(sb, "\">");
	esc(sb, r->id);
	strbuf_addstr(sb, "</a></th><td>");
	esc(sb, r->title);
	strbuf_addstr(sb, "</td><td>");
	put_sev(sb, r->severity);
	if (r->is_dq)
		strbuf_addstr(sb, "</td><td class=\"num\"><span class=\"na\">n/a</span>");
	else
		strbuf_addf(sb, "</td><td class=\"num\">%zu", r->rows_evaluated);
	strbuf_addf(sb, "</td><td class=\"num\">%zu", r->findings);
	if (r->waived)
		strbuf_addf(sb, " <span class=\"sub\">%zu waived</span>", r->waived);
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
				put_rule_row(sb, &pg->rules[i]);
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

static void put_dq(struct page *pg)
{
	section_open(pg->sb, "data-quality", "Data quality");
	strbuf_addstr(pg->sb, "<p class=\"intro\">Checks made while the inputs were loaded. A "
			      "rejected row was not evaluated by any rule.</p>\n");
	if (pg->ninputs || pg->h->ntally)
		put_dq_table(pg);
	if (!pg->h->dq.len)
		strbuf_addstr(pg->sb, "<p class=\"none\">No data-quality checks were reported.</p>\n");
	else
		strbuf_addstr(pg->sb, "<h3 class=\"dqh\">Findings by check</h3>\n");
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
		esc(pg->sb, run->rule_files[i].path);
		strbuf_addstr(pg->sb, "</td><td class=\"mono\">");
		esc_or(pg->sb, run->rule_files[i].sha256, "not computed");
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
			"every finding and manifest.json the run's provenance.</div></div>\n"
			"<script>\n", pg->h->limit);
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
