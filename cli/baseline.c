/*
 * baseline.c - the previous run's findings, checked and matched by
 * fingerprint (see baseline.h).
 */
#include "cli/baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yajl/yajl_tree.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/sha256.h"
#include "reports/findings.h"
#include "reports/out.h"

#define BASELINE_MANIFEST_MAX (64u << 20)   /* bytes of manifest.json read */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void baseline_pack_id(const struct verdict *v, char out[FP_SIZE])
{
	const char **ids = xcalloc(v->prog.nrules + 1, sizeof(*ids));
	struct sha256 s;
	unsigned char d[32];
	char hex[65];
	size_t i;
	for (i = 0; i < v->prog.nrules; i++)
		ids[i] = v->prog.rules[i]->id;
	qsort(ids, v->prog.nrules, sizeof(*ids), cmp_str);
	sha256_init(&s);
	for (i = 0; i < v->prog.nrules; i++) {
		sha256_update(&s, ids[i], strlen(ids[i]));
		sha256_update(&s, "\x1f", 1);
	}
	sha256_final(&s, d);
	sha256_hex(d, hex);
	memcpy(out, hex, FP_SIZE - 1);
	out[FP_SIZE - 1] = '\0';
	free(ids);
}

/* ---- where the files are ------------------------------------------- */

static int is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* PREV/findings.csv or PREV; *manifest: the manifest.json beside it */
static char *findings_path(const char *prev, char **manifest)
{
	struct strbuf sb = STRBUF_INIT;
	const char *slash;
	if (is_dir(prev)) {
		strbuf_addf(&sb, "%s/manifest.json", prev);
		*manifest = strbuf_detach(&sb, NULL);
		strbuf_addf(&sb, "%s/findings.csv", prev);
		return strbuf_detach(&sb, NULL);
	}
	slash = strrchr(prev, '/');
	if (slash)
		strbuf_add(&sb, prev, (size_t)(slash - prev) + 1);
	strbuf_addstr(&sb, "manifest.json");
	*manifest = strbuf_detach(&sb, NULL);
	return xstrdup(prev);
}

/* ---- the manifest -------------------------------------------------- */

static yajl_val manifest_parse(const char *path, int *absent)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536], why[256];
	size_t n;
	yajl_val root;
	*absent = !fp;
	if (!fp)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0 && sb.len <= BASELINE_MANIFEST_MAX)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	why[0] = '\0';
	root = yajl_tree_parse(sb.buf, why, sizeof(why));
	strbuf_release(&sb);
	if (!root)
		error("baseline %s: not JSON: %.*s", path, (int)strcspn(why, "\n"), why);
	return root;
}

static const char *manifest_str(yajl_val root, const char *key)
{
	const char *path[] = { key, NULL };
	yajl_val v = yajl_tree_get(root, path, yajl_t_string);
	return v ? YAJL_GET_STRING(v) : NULL;
}

static int check_manifest(struct baseline *b, yajl_val root, const char *path, const char *pack)
{
	const char *schema_path[] = { "findings_schema", NULL };
	yajl_val schema = yajl_tree_get(root, schema_path, yajl_t_number);
	const char *id = manifest_str(root, "rule_pack_id"), *run = manifest_str(root, "run_id");
	if (!schema || !YAJL_IS_INTEGER(schema))
		return error("baseline %s: written by an older verdict (findings schema 1, fingerprints "
			     "over line numbers); this one writes schema %d: run once without --baseline "
			     "to start a new baseline", path, FINDINGS_SCHEMA);
	if (YAJL_GET_INTEGER(schema) != FINDINGS_SCHEMA)
		return error("baseline %s: findings schema %lld, this verdict writes %d: run once "
			     "without --baseline to start a new baseline", path,
			     (long long)YAJL_GET_INTEGER(schema), FINDINGS_SCHEMA);
	if (!id || strcmp(id, pack))
		return error("baseline %s: from another rule pack (rule_pack_id %s, this pack %s: the "
			     "rule ids differ): run once without --baseline to start a new baseline",
			     path, id ? id : "missing", pack);
	if (run && *b->run_id && strcmp(run, b->run_id))
		return error("baseline %s: belongs to run %s, but %s holds run %s", path, run, b->path,
			     b->run_id);
	return 0;
}

/* ---- the findings -------------------------------------------------- */

/* drops the apostrophe out_csv_cell put before formula-like text (only
 * the text columns are neutralized: findings_col_text) */
static void unneutralize(struct csvtab_row *row)
{
	size_t c;
	for (c = 0; c < row->n; c++) {
		char *s = row->cells[c];
		if (!findings_col_text((int)c))
			continue;
		size_t n = strlen(s);
		if (out_csv_neutral_prefix(s, n))
			memmove(s, s + 1, n);
	}
}

static int check_header(const struct baseline *b)
{
	int i;
	const struct csvtab_row *h = &b->tab.rows[0];
	for (i = 0; i < FINDINGS_NCOLS; i++)
		if ((size_t)i >= h->n || strcmp(h->cells[i], findings_cols[i]))
			return error("%s:1: not a findings.csv of findings schema %d (column %d should be "
				     "%s)", b->path, FINDINGS_SCHEMA, i + 1, findings_cols[i]);
	return 0;
}

/* a rule finding whose identities are its record_key and evidence */
static int recomputable(const char *rule, const char *key, const char *evidence)
{
	return strncmp(rule, "DQ-", 3) && *key && strncmp(key, "line:", 5) &&
	       !strstr(evidence, "[line:");
}

static int check_row(const struct baseline *b, size_t r, const struct verdict *v, int manifest)
{
	const struct csvtab *t = &b->tab;
	const char *rule = csvtab_cell(t, r, FINDINGS_COL_RULE_ID);
	const char *key = csvtab_cell(t, r, FINDINGS_COL_RECORD_KEY);
	const char *ev = csvtab_cell(t, r, FINDINGS_COL_EVIDENCE);
	const char *fp = csvtab_cell(t, r, FINDINGS_COL_FINGERPRINT);
	char want[FP_SIZE];
	if (t->rows[r].n != FINDINGS_NCOLS)
		return error("%s:%u: %zu cells, a findings row has %d", b->path, t->rows[r].line,
			     t->rows[r].n, FINDINGS_NCOLS);
	if (!manifest && !verdict_knows_id(v, rule))
		return error("%s:%u: rule %s is not in this rule pack: a baseline from another rule "
			     "pack", b->path, t->rows[r].line, rule);
	if (!recomputable(rule, key, ev))
		return 0;
	fp_rule(rule, key, ev, want);
	if (strcmp(want, fp))
		return error("%s:%u: fingerprint %s was made under another definition (an older "
			     "findings schema); run once without --baseline to start a new baseline",
			     b->path, t->rows[r].line, fp);
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct baseline_entry *x = a, *y = b;
	int c = strcmp(x->fingerprint, y->fingerprint);
	return c ? c : (x->row > y->row) - (x->row < y->row);
}

static int index_rows(struct baseline *b, const struct verdict *v, int manifest)
{
	size_t r;
	b->by_fp = xcalloc(b->tab.n + 1, sizeof(*b->by_fp));
	for (r = 1; r < b->tab.n; r++) {
		unneutralize(&b->tab.rows[r]);
		if (check_row(b, r, v, manifest))
			return -1;
		b->by_fp[b->n].fingerprint = csvtab_cell(&b->tab, r, FINDINGS_COL_FINGERPRINT);
		b->by_fp[b->n++].row = r;
	}
	qsort(b->by_fp, b->n, sizeof(*b->by_fp), cmp_entry);
	return 0;
}

static int load_findings(struct baseline *b)
{
	if (sha256_file(b->path, b->sha256))
		return error_errno("cannot read baseline %s", b->path);
	if (csvtab_read(&b->tab, b->path))
		return -1;
	if (!b->tab.n)
		return error("%s: empty, not a findings.csv", b->path);
	if (check_header(b))
		return -1;
	b->run_id = xstrdup(b->tab.n > 1 ? csvtab_cell(&b->tab, 1, FINDINGS_COL_RUN_ID) : "");
	return 0;
}

int baseline_load(struct baseline *b, const char *prev, const struct verdict *v)
{
	char *manifest = NULL, pack[FP_SIZE];
	yajl_val root = NULL;
	int absent = 1, rc;
	memset(b, 0, sizeof(*b));
	b->path = findings_path(prev, &manifest);
	baseline_pack_id(v, pack);
	rc = load_findings(b);
	if (!rc) {
		root = manifest_parse(manifest, &absent);
		rc = !absent && !root ? -1 : 0;
	}
	if (!rc && root)
		rc = check_manifest(b, root, manifest, pack);
	if (!rc)
		rc = index_rows(b, v, !absent);
	yajl_tree_free(root);
	free(manifest);
	return rc;
}

/* ---- matching ------------------------------------------------------- */

int baseline_match(struct baseline *b, const char *fingerprint)
{
	size_t lo = 0, hi = b->n, i;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(b->by_fp[mid].fingerprint, fingerprint) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < b->n && !strcmp(b->by_fp[i].fingerprint, fingerprint); i++)
		b->by_fp[i].seen = 1;
	return i > lo;
}

static struct report_rule *rule_of(struct report_rule *rules, size_t nrules, const char *id)
{
	size_t i;
	for (i = 0; i < nrules; i++)
		if (!strcmp(rules[i].id, id))
			return &rules[i];
	return NULL;
}

static void fill_resolved(const struct csvtab *t, size_t r, struct report_finding *f)
{
	const char *line = csvtab_cell(t, r, FINDINGS_COL_SOURCE_LINE);
	memset(f, 0, sizeof(*f));
	f->rule_id = csvtab_cell(t, r, FINDINGS_COL_RULE_ID);
	f->severity = csvtab_cell(t, r, 3);
	f->status = csvtab_cell(t, r, FINDINGS_COL_STATUS);
	f->dataset = csvtab_cell(t, r, 5);
	f->record_key = csvtab_cell(t, r, FINDINGS_COL_RECORD_KEY);
	f->source_file = csvtab_cell(t, r, 7);
	f->source_line = (uint32_t)strtoul(line, NULL, 10);
	f->message = csvtab_cell(t, r, 9);
	f->evidence = csvtab_cell(t, r, FINDINGS_COL_EVIDENCE);
	f->fingerprint = csvtab_cell(t, r, FINDINGS_COL_FINGERPRINT);
	f->change = "resolved";
	f->waiver = csvtab_cell(t, r, FINDINGS_COL_WAIVER);
	f->evidence_sources = csvtab_cell(t, r, FINDINGS_COL_EVIDENCE_SOURCES);
	f->field = csvtab_cell(t, r, FINDINGS_COL_FIELD);
	f->raw_value = csvtab_cell(t, r, FINDINGS_COL_RAW_VALUE);
}

void baseline_resolved(struct baseline *b, struct report_rule *rules, size_t nrules)
{
	char *seen = xcalloc(b->tab.n + 1, 1);
	size_t i, r;
	for (i = 0; i < b->n; i++)
		seen[b->by_fp[i].row] = (char)b->by_fp[i].seen;
	b->resolved = xcalloc(b->tab.n + 1, sizeof(*b->resolved));
	for (r = 1; r < b->tab.n; r++) {
		struct report_rule *ru = rule_of(rules, nrules, csvtab_cell(&b->tab, r, FINDINGS_COL_RULE_ID));
		if (seen[r] || (ru && ru->not_evaluated))
			continue;
		fill_resolved(&b->tab, r, &b->resolved[b->nresolved++]);
		if (ru)
			ru->nresolved++;
	}
	free(seen);
}

void baseline_release(struct baseline *b)
{
	free(b->path);
	free(b->run_id);
	free(b->by_fp);
	free(b->resolved);
	csvtab_release(&b->tab);
	memset(b, 0, sizeof(*b));
}
