/*
 * sqlgen.h - compiling checked, planned rules to one SQL script
 * (`verdict sql`, docs/hacking.md "SQL generation").
 *
 * Input: a program loaded by verdict_load_rules (checked and planned),
 * with its parameters and as-of date bound.  Output: a script that loads
 * the canonical CSVs written by `verdict convert` (one per dataset, with
 * the columns __file, __line, __key, __ident, __null, then the declared
 * fields) into typed tables, then one SELECT (a UNION ALL of one query per
 * rule) whose columns are the findings columns:
 *   rule_id, severity, dataset, record_key, source_file, source_line,
 *   message, evidence, fingerprint.
 *
 * Relational form of a rule, from its plan (run/plan.h):
 *   SCAN            FROM the driving table
 *   LOOKUP/NESTED   [LEFT] JOIN ... ON the key equalities (plain `=`: a
 *                   key equality never matches null) AND the residual
 *                   conditions, each two-valued
 *   FILTER          a WHERE conjunct, two-valued (COALESCE(c, FALSE))
 *   LET             inlined where used
 *   exists          EXISTS / NOT EXISTS (a semi- or anti-join; never NOT IN)
 *   count/sum/...   a pre-aggregated LEFT JOIN (sqlgen.c, agg_lift; count
 *                   and sum COALESCE(..., 0)); correlated only inside a
 *                   join's `on` or another subquery
 *   message         concatenation, null rendered as "(blank)"
 *   evidence        'var=ds[' || __key || ']' joined by ';'
 *   fingerprint     SHA-256 over "v2", rule, __ident of the driving row
 *                   and the identity evidence, each ended by 0x1F; the
 *                   first 16 hex digits.  SQLite has no SHA-256: there the
 *                   column holds "sha256:" and the hex of those bytes, for
 *                   the client to hash (docs: README "Scaling out").
 *
 * Representation (the same in every dialect unless said): decimals are
 * BIGINT scaled by 10^6 (exact, as the engine); datetimes BIGINT
 * microseconds since the epoch (UTC); dates DATE (SQLite: INTEGER days
 * since 1970-01-01); bools BOOLEAN (SQLite: 0/1); text and enums TEXT
 * (PostgreSQL: COLLATE "C", byte order like the engine).
 *
 * What a dialect cannot express is a compile error at the rule's
 * file:line:col with the reason (diagnostics in dc), never a query that
 * answers differently; spark and trino also refuse joins, exists and
 * aggregates without a key equality, and correlated aggregates.
 */
#ifndef VERDICT_SQLGEN_H
#define VERDICT_SQLGEN_H

#include "lang/diag.h"
#include "run/verdict.h"
#include "util/strbuf.h"

struct sql_dialect;

/* The dialect named name, or NULL; *why says why not. */
const struct sql_dialect *sqlgen_dialect(const char *name, const char **why);
/* "sqlite, postgres, duckdb, spark, trino" */
const char *sqlgen_dialect_names(void);
const char *sqlgen_dialect_name(const struct sql_dialect *d);
/* 1: the dialect queries named warehouse tables (spark, trino), not CSVs */
int sqlgen_dialect_uses_tables(const struct sql_dialect *d);

struct sqlgen_opts {
	const struct sql_dialect *dialect;
	const char *data_dir;          /* where convert wrote the CSVs ("." if NULL) */
	const char *tables;            /* spark, trino: the schema of the tables (NULL: unqualified) */
	const char *const *skip;       /* rule ids not evaluated (convert's __not_evaluated.csv) */
	size_t nskip;
};

/* Appends the script to out.  0, or -1 when some rule cannot be compiled
 * for the dialect (each reason a diagnostic in dc; out is then partial). */
int sqlgen_program(const struct verdict *v, const struct sqlgen_opts *o, struct strbuf *out,
		   struct diagctx *dc);

/* The portable regex subset (one verdict-owned description, sqlgen.c):
 * literals, `.`, classes `[...]` with ranges and the escapes below,
 * `\d \w \s \D \W \S`, escaped punctuation, `^`, `$`, groups `( )`,
 * `|`, the greedy quantifiers `* + ? {n} {n,} {n,m}`; flag `i` only.
 * Returns 0 and appends the pattern in that dialect's spelling to out
 * (`.` excludes a line break and `$` also matches before a final line
 * break, as in PCRE; with icase, for dialects that match case-insensitively
 * by lowering both sides, the pattern lowered (ASCII)), or -1 and sets *why. */
int sqlgen_regex(const struct sql_dialect *d, const char *src, int icase, struct strbuf *out, const char **why);

/* Small pure pieces of the dialect table, for tests.  a and b are compiled
 * SQL operands. */
/* op '+': date a plus b days, '-': minus, 'd': the days from b to a */
void sqlgen_date_arith(const struct sql_dialect *d, int op, const char *a, const char *b, struct strbuf *o);
/* a date literal for days since 1970-01-01 */
void sqlgen_date_literal(const struct sql_dialect *d, int64_t days, struct strbuf *o);
/* op '*' or '/' of two decimals (BIGINTs of millionths), exact, rounded
 * half away from zero; '/' by 0 is null */
void sqlgen_dec(const struct sql_dialect *d, int op, const char *a, const char *b, struct strbuf *o);
enum sqlgen_construct {
	SQLC_EQ_NULL, SQLC_NE_NULL, SQLC_HASH, SQLC_LOWER, SQLC_TRIM, SQLC_DATE_RENDER, SQLC_DT_RENDER,
};
void sqlgen_spell(const struct sql_dialect *d, enum sqlgen_construct c, const char *a, const char *b,
		  struct strbuf *o);

#endif
