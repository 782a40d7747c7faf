/*
 * fingerprint.c - fingerprints of findings (see fingerprint.h).
 */
#include "cli/fingerprint.h"

#include <string.h>

#include "util/sha256.h"

/* the first 16 hex digits of SHA-256 over the parts, each ended by 0x1F */
static void fp_parts(const char *const *parts, int n, char out[FP_SIZE])
{
	struct sha256 s;
	unsigned char dg[32];
	char hex[65];
	int i;
	sha256_init(&s);
	for (i = 0; i < n; i++) {
		sha256_update(&s, parts[i], strlen(parts[i]));
		sha256_update(&s, "\x1f", 1);
	}
	sha256_final(&s, dg);
	sha256_hex(dg, hex);
	memcpy(out, hex, FP_SIZE - 1);
	out[FP_SIZE - 1] = '\0';
}

/* "#" and 16 hex digits over every declared field's value: a null is the
 * byte 0, a value its text after the byte 1; each ends with 0x1F */
static void content_identity(const struct verdict *v, const struct dataset *ds, size_t row,
			     struct strbuf *sb)
{
	const struct table *t = &v->tables[ds->index];
	struct strbuf val = STRBUF_INIT;
	struct sha256 s;
	unsigned char dg[32];
	char hex[65];
	size_t f;
	sha256_init(&s);
	for (f = 0; f < ds->nfields; f++) {
		struct value x;
		table_get(t, row, (int)f, &x);
		strbuf_reset(&val);
		if (!x.null)
			eval_format(&v->pool, &x, &val);
		sha256_update(&s, x.null ? "\0" : "\1", 1);
		sha256_update(&s, val.buf, val.len);
		sha256_update(&s, "\x1f", 1);
	}
	sha256_final(&s, dg);
	sha256_hex(dg, hex);
	strbuf_addf(sb, "#%.16s", hex);
	strbuf_release(&val);
}

void fp_identity(const struct verdict *v, const struct dataset *ds, int64_t row, struct strbuf *sb)
{
	if (row >= 0 && !ds->nkey)
		content_identity(v, ds, (size_t)row, sb);
	else
		verdict_record_key(v, ds, row, sb);
}

void fp_evidence(const struct verdict *v, const struct rule_plan *rp, const int64_t *rows,
		 void (*keyfn)(const struct verdict *, const struct dataset *, int64_t, struct strbuf *),
		 struct strbuf *out)
{
	int i;
	strbuf_reset(out);
	for (i = 0; i < rp->nbind; i++) {
		const struct step *st = plan_bound_step(rp, i);
		if (!st)
			continue;
		if (i)
			strbuf_addch(out, ';');
		strbuf_addstr(out, st->cl->var);
		strbuf_addch(out, '=');
		strbuf_addstr(out, st->ds->name);
		strbuf_addch(out, '[');
		if (rows[st->slot] >= 0)
			keyfn(v, st->ds, rows[st->slot], out);
		strbuf_addch(out, ']');
	}
}

void fp_rule(const char *rule_id, const char *identity, const char *evidence, char out[FP_SIZE])
{
	const char *parts[] = { FP_VERSION, rule_id, identity, evidence };
	fp_parts(parts, 4, out);
}

void fp_dq(const struct verdict *v, const struct dq *d, struct strbuf *scratch, char out[FP_SIZE])
{
	const char *parts[7];
	int n = 0;
	strbuf_reset(scratch);
	if (d->row >= 0) {
		uint32_t nth = table_dup_nth(&v->tables[d->ds->index], (size_t)d->row);
		fp_identity(v, d->ds, d->row, scratch);
		if (nth >= 3)   /* the key's third row on: told apart from its second */
			strbuf_addf(scratch, "#%u", nth);
	}
	else if (!d->raw && d->line)
		strbuf_addf(scratch, "line:%u", d->line);
	parts[n++] = FP_VERSION;
	parts[n++] = dq_id(d->kind);
	parts[n++] = d->ds->name;
	parts[n++] = d->field >= 0 ? d->ds->fields[d->field].name : "";
	parts[n++] = d->raw ? strpool_str(&v->pool, d->raw) : "";
	parts[n++] = scratch->buf;
	fp_parts(parts, n, out);
}
