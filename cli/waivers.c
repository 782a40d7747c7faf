/*
 * waivers.c - the waivers file, checked and matched (see waivers.h).
 */
#include "cli/waivers.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/sha256.h"
#include "reports/out.h"

enum { W_ID, W_RULE, W_KEY, W_FP, W_REASON, W_BY, W_TICKET, W_EXPIRES, W_NCOLS };

static const char *const waiver_cols[W_NCOLS] = {
	"waiver_id", "rule_id", "record_key", "fingerprint", "reason", "approved_by", "ticket",
	"expires_on"
};

static const char *cell(const struct waivers *ws, size_t r, const int *col, int k)
{
	const struct csvtab_row *row = &ws->tab.rows[r];
	char *s;
	size_t n;
	if ((size_t)col[k] >= row->n)
		return "";
	s = row->cells[col[k]];
	n = strlen(s);
	if ((k == W_KEY || k == W_FP) && out_csv_neutral_prefix(s, n))
		memmove(s, s + 1, n);
	return s;
}

static int find_cols(const struct waivers *ws, int *col)
{
	int k;
	for (k = 0; k < W_NCOLS; k++)
		if ((col[k] = csvtab_col(&ws->tab, waiver_cols[k])) < 0)
			return error("%s:1: missing column %s (a waivers file has waiver_id, rule_id, "
				     "record_key, fingerprint, reason, approved_by, ticket, expires_on)",
				     ws->path, waiver_cols[k]);
	return 0;
}

static int check_expiry(struct waivers *ws, size_t i, const struct verdict *v)
{
	struct report_waiver *w = &ws->w[i];
	const char *why = NULL;
	int64_t day;
	if (!*w->expires_on)
		return 0;
	if (strlen(w->expires_on) != 10 || value_parse_date(w->expires_on, 10, &day, &why))
		return error("%s:%u: expires_on '%s' is not a date (YYYY-MM-DD)%s%s", ws->path, w->line,
			     w->expires_on, why ? ": " : "", why ? why : "");
	w->expired = day < v->as_of;
	w->expiring = !w->expired && day - v->as_of <= WAIVERS_WARN_DAYS;
	return 0;
}

static int check_row(struct waivers *ws, size_t i, const struct verdict *v)
{
	struct report_waiver *w = &ws->w[i];
	size_t k;
	if (!*w->id)
		return error("%s:%u: a waiver without a waiver_id", ws->path, w->line);
	for (k = 0; k < i; k++)
		if (!strcmp(ws->w[k].id, w->id))
			return error("%s:%u: duplicate waiver_id %s (first on line %u)", ws->path, w->line,
				     w->id, ws->w[k].line);
	if (!*w->rule_id)
		return error("%s:%u: waiver %s has no rule_id", ws->path, w->line, w->id);
	if (!*w->record_key && !*w->fingerprint)
		return error("%s:%u: waiver %s has neither a record_key nor a fingerprint", ws->path,
			     w->line, w->id);
	w->whole_rule = !strcmp(w->record_key, "*");
	w->unknown_rule = !verdict_knows_id(v, w->rule_id);
	if (w->unknown_rule)
		warning("%s:%u: waiver %s: rule %s is not in the rule pack", ws->path, w->line, w->id,
			w->rule_id);
	return check_expiry(ws, i, v);
}

static int read_rows(struct waivers *ws, const struct verdict *v)
{
	int col[W_NCOLS];
	size_t r;
	if (find_cols(ws, col))
		return -1;
	ws->w = xcalloc(ws->tab.n, sizeof(*ws->w));
	for (r = 1; r < ws->tab.n; r++) {
		struct report_waiver *w = &ws->w[ws->n];
		w->id = cell(ws, r, col, W_ID);
		w->rule_id = cell(ws, r, col, W_RULE);
		w->record_key = cell(ws, r, col, W_KEY);
		w->fingerprint = cell(ws, r, col, W_FP);
		w->reason = cell(ws, r, col, W_REASON);
		w->approved_by = cell(ws, r, col, W_BY);
		w->ticket = cell(ws, r, col, W_TICKET);
		w->expires_on = cell(ws, r, col, W_EXPIRES);
		w->line = ws->tab.rows[r].line;
		if (check_row(ws, ws->n, v))
			return -1;
		ws->n++;
	}
	return 0;
}

int waivers_load(struct waivers *ws, const char *path, const struct verdict *v)
{
	memset(ws, 0, sizeof(*ws));
	ws->path = xstrdup(path);
	if (sha256_file(path, ws->sha256))
		return error_errno("cannot read waivers %s", path);
	if (csvtab_read(&ws->tab, path))
		return -1;
	if (!ws->tab.n)
		return error("%s:1: empty: a waivers file starts with its header", path);
	return read_rows(ws, v);
}

/* kind 0: by fingerprint, 1: by record_key, 2: whole rule */
static int applies(const struct report_waiver *w, int kind, const char *key, const char *fp)
{
	if (w->expired)
		return 0;
	switch (kind) {
	case 0: return *w->fingerprint && !strcmp(w->fingerprint, fp) &&
		       (!*w->record_key || w->whole_rule || !strcmp(w->record_key, key));
	case 1: return !*w->fingerprint && !w->whole_rule && *w->record_key &&
		       !strcmp(w->record_key, key);
	default: return !*w->fingerprint && w->whole_rule;
	}
}

const struct report_waiver *waivers_match(struct waivers *ws, const char *rule_id,
					  const char *record_key, const char *fingerprint)
{
	int kind;
	size_t i;
	for (kind = 0; kind < 3; kind++)
		for (i = 0; i < ws->n; i++)
			if (!strcmp(ws->w[i].rule_id, rule_id) &&
			    applies(&ws->w[i], kind, record_key, fingerprint)) {
				ws->w[i].matched++;
				return &ws->w[i];
			}
	return NULL;
}

void waivers_warn(const struct waivers *ws)
{
	size_t i;
	for (i = 0; i < ws->n; i++) {
		const struct report_waiver *w = &ws->w[i];
		if (w->expired)
			warning("%s:%u: waiver %s (%s) expired on %s and no longer applies", ws->path,
				w->line, w->id, w->rule_id, w->expires_on);
		else if (!w->matched)
			warning("%s:%u: waiver %s (%s) matched no finding (stale)", ws->path, w->line, w->id,
				w->rule_id);
		if (w->expiring)
			warning("%s:%u: waiver %s (%s) expires on %s, within %d days", ws->path, w->line,
				w->id, w->rule_id, w->expires_on, WAIVERS_WARN_DAYS);
	}
}

void waivers_release(struct waivers *ws)
{
	free(ws->path);
	free(ws->w);
	csvtab_release(&ws->tab);
	memset(ws, 0, sizeof(*ws));
}
