/*
 * sqlgen.c - rules to SQL (see sqlgen.h): the dialect table, the regex
 * subset, the expression printer and the relational form of a rule.
 */
#include "run/sqlgen.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

/* ---- the dialect table ---------------------------------------------
 *
 * Each entry spells one construct; %1, %2, %3 are the operands (already
 * compiled SQL).  Nothing outside this table names a dialect, except the
 * load statements (load_dataset), which differ in kind, not in spelling. */
enum sql_load {
	LOAD_SQLITE,   /* the sqlite3 shell's .import */
	LOAD_PSQL,     /* psql's \copy */
	LOAD_DUCKDB,   /* read_csv with every column VARCHAR, then casts */
	LOAD_TABLES,   /* none: named warehouse tables (--tables), typed */
};

/* regex flavours (rx_translate): what the portable subset is spelled as */
enum sql_rx {
	RX_ARE,        /* PostgreSQL's ARE; SQLite's regexp extension */
	RX_RE2,        /* RE2 (DuckDB), RE2J and Joni (Trino): \A, \z, \x0B, no lookaround */
	RX_JAVA,       /* java.util.regex (Spark): RX_RE2, plus [ and & escaped in classes */
};

struct sql_dialect {
	const char *name;
	int sqlite;            /* 0/1 bools, INTEGER days, client-side hash */
	enum sql_load load;    /* how the script gets its tables */
	enum sql_rx rx;        /* regex flavour (rx_translate) */
	int bs_strings;        /* string literals read backslash escapes (Spark) */
	char idq;              /* identifier quote; 0: '"' */
	const char *t_int, *t_text, *t_bool, *t_date;
	const char *lit_true, *lit_false;
	const char *eq_null, *ne_null;        /* null-safe (in)equality: never null */
	const char *date_lit;                 /* %1: days since epoch or YYYY-MM-DD, see date_lit_days */
	int date_lit_days;
	const char *date_add, *date_sub;      /* date %1 plus/minus %2 days */
	const char *date_diff;                /* days from %2 to %1 */
	const char *date_load, *date_render;
	const char *date_year, *date_month, *date_day;
	const char *dt_load, *dt_render, *dt_date;
	const char *dec_load, *dec_mul, *dec_div;
	const char *wide;                     /* dec_mul/dec_div NULL: exact integer formulas over this type */
	const char *idiv;                     /* integer division, truncated toward zero */
	const char *to_text, *pad6, *rtrim0;
	const char *sum;                      /* SUM of BIGINTs, as a BIGINT */
	const char *regex, *regex_i;          /* regex_i NULL: lower() both sides (ASCII) */
	const char *lower, *upper, *trim, *contains;
	const char *sep;                      /* the byte 0x1F */
	const char *hash;                     /* first 16 hex digits of SHA-256; NULL: client */
	const char *text_suffix;              /* after a text column's conversion */
	const char *t_ts;                     /* LOAD_TABLES: a datetime column's type */
	const char *preamble;                 /* statements before the query */
	int rx_group;                         /* the pattern wrapped in ( ): SQLite's regexp
	                                       * extension reads a leading ^ as anchoring
	                                       * every alternative (^a|b as ^(a|b)) */
	int distributed;                      /* refuses joins without an equality and
	                                       * correlated aggregates (spark, trino) */
};

/* sqlite helpers: floor division of a BIGINT by 10^6 and 86400*10^6 */
#define SQ_US(v) "(((" v " % 1000000) + 1000000) % 1000000)"
#define SQ_SECS(v) "((" v " - " SQ_US(v) ") / 1000000)"
#define PG_US(v) "(((" v " % 1000000) + 1000000) % 1000000)"
#define PG_SECS(v) "((" v " - " PG_US(v) ") / 1000000)"
#define UPPER_AZ "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"
#define LOWER_AZ "'abcdefghijklmnopqrstuvwxyz'"

static const struct sql_dialect dialects[] = {
	{
		.name = "sqlite", .sqlite = 1, .load = LOAD_SQLITE, .rx = RX_ARE, .rx_group = 1,
		.t_int = "INTEGER", .t_text = "TEXT", .t_bool = "INTEGER", .t_date = "INTEGER",
		.lit_true = "1", .lit_false = "0",
		.eq_null = "(%1 IS %2)", .ne_null = "(%1 IS NOT %2)",
		.date_lit = "%1", .date_lit_days = 1,
		.date_add = "(%1 + %2)", .date_sub = "(%1 - %2)", .date_diff = "(%1 - %2)",
		.date_load = "CAST(julianday(%1) - 2440587.5 AS INTEGER)",
		.date_render = "date(%1 * 86400, 'unixepoch')",
		.date_year = "CAST(strftime('%Y', %1 * 86400, 'unixepoch') AS INTEGER)",
		.date_month = "CAST(strftime('%m', %1 * 86400, 'unixepoch') AS INTEGER)",
		.date_day = "CAST(strftime('%d', %1 * 86400, 'unixepoch') AS INTEGER)",
		.dt_load = "(CAST(strftime('%s', substr(%1, 1, 19)) AS INTEGER) * 1000000 + "
			   "CASE WHEN substr(%1, 20, 1) = '.' THEN CAST(substr(%1, 21, 6) AS INTEGER) ELSE 0 END)",
		.dt_render = "(strftime('%Y-%m-%dT%H:%M:%S', " SQ_SECS("%1") ", 'unixepoch') || "
			     "CASE WHEN " SQ_US("%1") " = 0 THEN '' ELSE '.' || printf('%06d', " SQ_US("%1") ") END || 'Z')",
		.dt_date = "((%1 - (((%1 % 86400000000) + 86400000000) % 86400000000)) / 86400000000)",
		/* exact: sign, integer part and six fraction digits, never through a double */
		.dec_load = "(CASE WHEN substr(%1, 1, 1) = '-' THEN -1 ELSE 1 END * "
			    "(CAST(replace(replace(substr(%1, 1, instr(%1 || '.', '.') - 1), '-', ''), '+', '') AS INTEGER) * 1000000 + "
			    "CAST(substr(substr(%1, instr(%1 || '.', '.') + 1) || '000000', 1, 6) AS INTEGER)))",
		/* a*b/10^6 without overflowing BIGINT (SQLite would turn it into a double):
		 * a and b split into millions and units, rounded half away from zero */
		.dec_mul = "(SELECT CASE WHEN t > 0 AND rem < 0 THEN t - 1 + (CASE WHEN 2 * (rem + 1000000) >= 1000000 THEN 1 ELSE 0 END) "
			   "WHEN t < 0 AND rem > 0 THEN t + 1 - (CASE WHEN 2 * (1000000 - rem) >= 1000000 THEN 1 ELSE 0 END) "
			   "ELSE t + (CASE WHEN 2 * abs(rem) >= 1000000 THEN (CASE WHEN rem < 0 THEN -1 ELSE 1 END) ELSE 0 END) END "
			   "FROM (SELECT (a / 1000000) * (b / 1000000) * 1000000 + (a / 1000000) * (b % 1000000) "
			   "+ (a % 1000000) * (b / 1000000) + ((a % 1000000) * (b % 1000000)) / 1000000 AS t, "
			   "((a % 1000000) * (b % 1000000)) % 1000000 AS rem FROM (SELECT %1 AS a, %2 AS b)))",
		.dec_div = "CASE WHEN %2 = 0 THEN NULL ELSE (%1 * 1000000) / %2 + "
			   "CASE WHEN 2 * abs((%1 * 1000000) % %2) >= abs(%2) "
			   "THEN CASE WHEN (%1 < 0) <> (%2 < 0) THEN -1 ELSE 1 END ELSE 0 END END",
		.idiv = "(%1 / %2)",
		.to_text = "CAST(%1 AS TEXT)", .pad6 = "printf('%06d', %1)", .rtrim0 = "rtrim(%1, '0')",
		.sum = "SUM(%1)",
		.regex = "(%1 REGEXP %2)", .regex_i = NULL,
		.lower = "lower(%1)", .upper = "upper(%1)",   /* ASCII only without ICU, as the engine */
		.trim = "trim(%1, ' ' || char(9) || char(10) || char(13))",
		.contains = "(instr(%1, %2) > 0)",
		.sep = "char(31)", .hash = NULL, .text_suffix = "",
	},
	{
		.name = "postgres", .load = LOAD_PSQL, .rx = RX_ARE,
		.t_int = "BIGINT", .t_text = "TEXT", .t_bool = "BOOLEAN", .t_date = "DATE",
		.lit_true = "TRUE", .lit_false = "FALSE",
		.eq_null = "(%1 IS NOT DISTINCT FROM %2)", .ne_null = "(%1 IS DISTINCT FROM %2)",
		.date_lit = "DATE '%1'", .date_lit_days = 0,
		/* date + integer: there is no date + bigint */
		.date_add = "(%1 + CAST(%2 AS INTEGER))", .date_sub = "(%1 - CAST(%2 AS INTEGER))",
		.date_diff = "CAST(%1 - %2 AS BIGINT)",   /* date - date is an integer: overflows as a decimal */
		.date_load = "CAST(%1 AS DATE)",
		.date_render = "to_char(%1, 'YYYY-MM-DD')",
		.date_year = "CAST(EXTRACT(YEAR FROM %1) AS BIGINT)",
		.date_month = "CAST(EXTRACT(MONTH FROM %1) AS BIGINT)",
		.date_day = "CAST(EXTRACT(DAY FROM %1) AS BIGINT)",
		.dt_load = "CAST(EXTRACT(EPOCH FROM CAST(%1 AS TIMESTAMPTZ)) * 1000000 AS BIGINT)",
		.dt_render = "(to_char(to_timestamp(" PG_SECS("%1") ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
			     "CASE WHEN " PG_US("%1") " = 0 THEN '' ELSE '.' || lpad(CAST(" PG_US("%1") " AS TEXT), 6, '0') END || 'Z')",
		.dt_date = "CAST(to_timestamp(" PG_SECS("%1") ") AT TIME ZONE 'UTC' AS DATE)",
		.dec_load = "CAST(CAST(%1 AS NUMERIC) * 1000000 AS BIGINT)",
		/* numeric's round() rounds half away from zero, as the engine */
		.dec_mul = "CAST(round(CAST(%1 AS NUMERIC) * %2 / 1000000) AS BIGINT)",
		.dec_div = "CAST(round(CAST(%1 AS NUMERIC) * 1000000 / NULLIF(%2, 0)) AS BIGINT)",
		.idiv = "(%1 / %2)",
		.to_text = "CAST(%1 AS TEXT)", .pad6 = "lpad(CAST(%1 AS TEXT), 6, '0')", .rtrim0 = "rtrim(%1, '0')",
		.sum = "CAST(SUM(%1) AS BIGINT)",   /* SUM(bigint) is numeric */
		.regex = "(%1 ~ %2)", .regex_i = "(%1 ~* %2)",
		.lower = "translate(%1, " UPPER_AZ ", " LOWER_AZ ")",
		.upper = "translate(%1, " LOWER_AZ ", " UPPER_AZ ")",
		.trim = "btrim(%1, ' ' || chr(9) || chr(10) || chr(13))",
		.contains = "(strpos(%1, %2) > 0)",
		.sep = "chr(31)", .hash = "substr(encode(sha256(convert_to(%1, 'UTF8')), 'hex'), 1, 16)",
		.text_suffix = " COLLATE \"C\"",
	},
	{
		/* DuckDB: `/` divides as a double, so integer division is `//`
		 * (truncated); products and quotients go through HUGEINT */
		.name = "duckdb", .load = LOAD_DUCKDB, .rx = RX_RE2,
		.t_int = "BIGINT", .t_text = "VARCHAR", .t_bool = "BOOLEAN", .t_date = "DATE",
		.lit_true = "TRUE", .lit_false = "FALSE",
		.eq_null = "(%1 IS NOT DISTINCT FROM %2)", .ne_null = "(%1 IS DISTINCT FROM %2)",
		.date_lit = "DATE '%1'", .date_lit_days = 0,
		.date_add = "(%1 + CAST(%2 AS INTEGER))", .date_sub = "(%1 - CAST(%2 AS INTEGER))",
		.date_diff = "CAST(%1 - %2 AS BIGINT)",
		.date_load = "CAST(%1 AS DATE)",
		.date_render = "strftime(%1, '%Y-%m-%d')",
		.date_year = "CAST(year(%1) AS BIGINT)",
		.date_month = "CAST(month(%1) AS BIGINT)",
		.date_day = "CAST(day(%1) AS BIGINT)",
		.dt_load = "epoch_us(CAST(replace(%1, 'Z', '') AS TIMESTAMP))",
		.dt_render = "(strftime(make_timestamp(%1), '%Y-%m-%dT%H:%M:%S') || "
			     "CASE WHEN " PG_US("%1") " = 0 THEN '' ELSE '.' || lpad(CAST(" PG_US("%1") " AS VARCHAR), 6, '0') END || 'Z')",
		.dt_date = "CAST(make_timestamp(%1) AS DATE)",
		.dec_load = "CAST(CAST(%1 AS DECIMAL(38,6)) * 1000000 AS BIGINT)",
		.wide = "HUGEINT", .idiv = "(%1 // %2)",
		.to_text = "CAST(%1 AS VARCHAR)", .pad6 = "lpad(CAST(%1 AS VARCHAR), 6, '0')", .rtrim0 = "rtrim(%1, '0')",
		.sum = "CAST(SUM(%1) AS BIGINT)",   /* SUM(BIGINT) is HUGEINT */
		.regex = "regexp_matches(%1, %2)", .regex_i = NULL,
		.lower = "translate(%1, " UPPER_AZ ", " LOWER_AZ ")",
		.upper = "translate(%1, " LOWER_AZ ", " UPPER_AZ ")",
		.trim = "trim(%1, ' ' || chr(9) || chr(10) || chr(13))",
		.contains = "(strpos(%1, %2) > 0)",
		.sep = "chr(31)", .hash = "substr(sha256(%1), 1, 16)",
		.text_suffix = "",
	},
	{
		/* Spark SQL 3.x over warehouse tables; the session time zone is set
		 * to UTC (timestamps render in it); `/` is a double division, `div`
		 * truncates; string literals read backslash escapes */
		.name = "spark", .load = LOAD_TABLES, .rx = RX_JAVA, .bs_strings = 1, .idq = '`',
		.t_int = "BIGINT", .t_text = "STRING", .t_bool = "BOOLEAN", .t_date = "DATE",
		.lit_true = "TRUE", .lit_false = "FALSE",
		.eq_null = "(%1 <=> %2)", .ne_null = "(NOT (%1 <=> %2))",
		.date_lit = "DATE '%1'", .date_lit_days = 0,
		.date_add = "date_add(%1, CAST(%2 AS INT))", .date_sub = "date_sub(%1, CAST(%2 AS INT))",
		.date_diff = "CAST(datediff(%1, %2) AS BIGINT)",
		.date_load = "%1",
		.date_render = "CAST(%1 AS STRING)",
		.date_year = "CAST(year(%1) AS BIGINT)",
		.date_month = "CAST(month(%1) AS BIGINT)",
		.date_day = "CAST(day(%1) AS BIGINT)",
		.dt_load = "unix_micros(%1)",
		.dt_render = "(date_format(timestamp_micros(%1), 'yyyy-MM-dd\\'T\\'HH:mm:ss') || "
			     "CASE WHEN " PG_US("%1") " = 0 THEN '' ELSE '.' || lpad(CAST(" PG_US("%1") " AS STRING), 6, '0') END || 'Z')",
		.dt_date = "CAST(timestamp_micros(%1) AS DATE)",
		.dec_load = "CAST(%1 * 1000000 AS BIGINT)",
		.wide = "DECIMAL(38,0)", .idiv = "(%1 div %2)",
		.to_text = "CAST(%1 AS STRING)", .pad6 = "lpad(CAST(%1 AS STRING), 6, '0')",
		.rtrim0 = "trim(TRAILING '0' FROM %1)",
		.sum = "CAST(SUM(%1) AS BIGINT)",
		.regex = "(%1 RLIKE %2)", .regex_i = NULL,
		.lower = "translate(%1, " UPPER_AZ ", " LOWER_AZ ")",
		.upper = "translate(%1, " LOWER_AZ ", " UPPER_AZ ")",
		.trim = "trim(BOTH concat(' ', char(9), char(10), char(13)) FROM %1)",
		.contains = "(instr(%1, %2) > 0)",
		.sep = "char(31)", .hash = "substr(sha2(%1, 256), 1, 16)",
		.text_suffix = "",
		.preamble = "SET TIME ZONE 'UTC';\n", .t_ts = "TIMESTAMP", .distributed = 1,
	},
	{
		/* Trino over warehouse tables: dates move by date_add/date_diff;
		 * integer division of DECIMAL(38,0) rounds, so the remainder is
		 * taken off first; datetimes are TIMESTAMP(6) WITH TIME ZONE */
		.name = "trino", .load = LOAD_TABLES, .rx = RX_RE2,
		.t_int = "BIGINT", .t_text = "VARCHAR", .t_bool = "BOOLEAN", .t_date = "DATE",
		.lit_true = "TRUE", .lit_false = "FALSE",
		.eq_null = "(%1 IS NOT DISTINCT FROM %2)", .ne_null = "(%1 IS DISTINCT FROM %2)",
		.date_lit = "DATE '%1'", .date_lit_days = 0,
		.date_add = "date_add('day', %2, %1)", .date_sub = "date_add('day', -(%2), %1)",
		.date_diff = "date_diff('day', %2, %1)",
		.date_load = "%1",
		.date_render = "CAST(%1 AS VARCHAR)",
		.date_year = "year(%1)",
		.date_month = "month(%1)",
		.date_day = "day(%1)",
		/* to_unixtime is a double: 0.4 us apart near today, exact after round() */
		.dt_load = "CAST(round(to_unixtime(%1) * 1000000) AS BIGINT)",
		.dt_render = "(format_datetime(from_unixtime(" PG_SECS("%1") ", 'UTC'), 'yyyy-MM-dd''T''HH:mm:ss') || "
			     "CASE WHEN " PG_US("%1") " = 0 THEN '' ELSE '.' || lpad(CAST(" PG_US("%1") " AS VARCHAR), 6, '0') END || 'Z')",
		.dt_date = "CAST(from_unixtime(" PG_SECS("%1") ", 'UTC') AS DATE)",
		.dec_load = "CAST(%1 * 1000000 AS BIGINT)",
		.wide = "DECIMAL(38,0)", .idiv = "((%1 - %1 % %2) / %2)",
		.to_text = "CAST(%1 AS VARCHAR)", .pad6 = "lpad(CAST(%1 AS VARCHAR), 6, '0')", .rtrim0 = "rtrim(%1, '0')",
		.sum = "SUM(%1)",
		.regex = "regexp_like(%1, %2)", .regex_i = NULL,
		.lower = "translate(%1, " UPPER_AZ ", " LOWER_AZ ")",
		.upper = "translate(%1, " LOWER_AZ ", " UPPER_AZ ")",
		.trim = "trim(%1, ' ' || chr(9) || chr(10) || chr(13))",
		.contains = "(strpos(%1, %2) > 0)",
		.sep = "chr(31)", .hash = "substr(lower(to_hex(sha256(to_utf8(%1)))), 1, 16)",
		.text_suffix = "", .t_ts = "TIMESTAMP(6) WITH TIME ZONE", .distributed = 1,
	},
};
#define NDIALECTS (sizeof(dialects) / sizeof(dialects[0]))

const struct sql_dialect *sqlgen_dialect(const char *name, const char **why)
{
	size_t i;
	for (i = 0; i < NDIALECTS; i++)
		if (!strcmp(dialects[i].name, name))
			return &dialects[i];
	*why = "is not a dialect (sqlite, postgres, duckdb, spark, trino)";
	return NULL;
}

const char *sqlgen_dialect_names(void) { return "sqlite, postgres, duckdb, spark, trino"; }

const char *sqlgen_dialect_name(const struct sql_dialect *d) { return d->name; }

int sqlgen_dialect_uses_tables(const struct sql_dialect *d) { return d->load == LOAD_TABLES; }

/* Appends tmpl with %1..%3 replaced by a[0..2]. */
static void spell(struct strbuf *o, const char *tmpl, const char *a1, const char *a2, const char *a3)
{
	const char *p;
	for (p = tmpl; *p; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '3') {
			const char *a = p[1] == '1' ? a1 : p[1] == '2' ? a2 : a3;
			strbuf_addstr(o, a ? a : "NULL");
			p++;
		} else {
			strbuf_addch(o, *p);
		}
	}
}

/* ---- the portable regex subset ---------------------------------------
 *
 * One description (sqlgen.h), three spellings (enum sql_rx).  RX_ARE keeps
 * the pattern's own spelling; RX_RE2 and RX_JAVA anchor with \A and \z
 * (Joni's ^ and $ match at every line), write the vertical tab as \x0B
 * (Java's \v is a class) and escape a leading ] in a class; RX_JAVA also
 * escapes [ and & inside a class (union and intersection in Java). */

static int is_alnum(int c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static int fold(int c, int lower) { return lower && c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* an escape: 1 done, 0 not in the subset (*why) */
static int rx_escape(enum sql_rx rx, int c, int in_class, struct strbuf *o, const char **why)
{
	static const struct { char c; const char *out, *in; } cls[] = {
		{ 'd', "[0-9]", "0-9" }, { 'D', "[^0-9]", NULL },
		{ 'w', "[0-9A-Za-z_]", "0-9A-Za-z_" }, { 'W', "[^0-9A-Za-z_]", NULL },
		{ 's', "[ \\t\\n\\r\\f\\v]", " \\t\\n\\r\\f\\v" }, { 'S', "[^ \\t\\n\\r\\f\\v]", NULL },
	};
	size_t i;
	const char *p;
	for (i = 0; i < sizeof(cls) / sizeof(cls[0]); i++)
		if (cls[i].c == c) {
			if (in_class && !cls[i].in) {
				*why = "a negated class escape (\\D, \\W, \\S) inside [...] is outside the portable regex subset";
				return 0;
			}
			for (p = in_class ? cls[i].in : cls[i].out; *p; p++)
				if (rx != RX_ARE && p[0] == '\\' && p[1] == 'v')
					strbuf_addstr(o, "\\x0B"), p++;
				else
					strbuf_addch(o, *p);
			return 1;
		}
	if (c == 'v' && rx != RX_ARE) {
		strbuf_addstr(o, "\\x0B");
		return 1;
	}
	if (c == 'n' || c == 't' || c == 'r' || c == 'f' || c == 'v' || (c > 32 && c < 127 && !is_alnum(c))) {
		strbuf_addch(o, '\\');
		strbuf_addch(o, c);
		return 1;
	}
	if (c >= '1' && c <= '9')
		*why = rx == RX_RE2 ? "a backreference is outside the portable regex subset (RE2-like engines have none)"
				    : "a backreference is outside the portable regex subset";
	else
		*why = "this escape (\\b, \\A, \\z, \\x, \\p, ...) is outside the portable regex subset";
	return 0;
}

static int rx_translate(enum sql_rx rx, const char *s, int lower, struct strbuf *o, const char **why)
{
	int quant_ok = 0, c;
	while ((c = (unsigned char)*s++)) {
		if (c == '\\') {
			if (!*s) {
				*why = "the pattern ends with a backslash";
				return -1;
			}
			if (!rx_escape(rx, (unsigned char)*s++, 0, o, why))
				return -1;
			quant_ok = 1;
		} else if (c == '[') {
			strbuf_addch(o, '[');
			if (*s == '^')
				strbuf_addch(o, *s++);
			if (*s == ']') {
				if (rx != RX_ARE)
					strbuf_addch(o, '\\');
				strbuf_addch(o, *s++);
			}
			while (*s && *s != ']') {
				if (s[0] == '[' && (s[1] == ':' || s[1] == '=' || s[1] == '.')) {
					*why = "POSIX classes ([:alpha:]) are outside the portable regex subset";
					return -1;
				}
				if (*s == '\\') {
					if (!s[1] || !rx_escape(rx, (unsigned char)s[1], 1, o, why))
						return -1;
					s += 2;
					continue;
				}
				if (rx == RX_JAVA && (*s == '[' || *s == '&'))
					strbuf_addch(o, '\\');
				strbuf_addch(o, fold((unsigned char)*s++, lower));
			}
			if (!*s) {
				*why = "a [ without its ]";
				return -1;
			}
			strbuf_addch(o, *s++);
			quant_ok = 1;
		} else if (c == '(') {
			if (*s == '?') {
				*why = rx == RX_RE2 ? "(?...) groups (lookaround, named, inline flags) are outside the portable "
						      "regex subset (RE2-like engines have no lookaround)"
						    : "(?...) groups (non-capturing, lookaround, named, inline flags) are outside "
						      "the portable regex subset";
				return -1;
			}
			strbuf_addch(o, '(');
			quant_ok = 0;
		} else if (c == '*' || c == '+' || c == '?' || c == '{') {
			if (!quant_ok) {
				*why = "a quantifier with nothing to repeat, or lazy/possessive quantifiers (*?, ++), are outside the portable regex subset";
				return -1;
			}
			strbuf_addch(o, c);
			if (c == '{') {
				while (*s && *s != '}' && ((*s >= '0' && *s <= '9') || *s == ','))
					strbuf_addch(o, *s++);
				if (*s != '}') {
					*why = "a { that is not a {n}, {n,} or {n,m} quantifier";
					return -1;
				}
				strbuf_addch(o, *s++);
			}
			quant_ok = 0;
		} else if (c == '.') {
			strbuf_addstr(o, "[^\\n]");      /* PCRE: . is not a line break */
			quant_ok = 1;
		} else if (c == '$') {
			/* PCRE: $ also before a final line break */
			strbuf_addstr(o, rx == RX_ARE ? "\\n?$" : "\\n?\\z");
			quant_ok = 0;
		} else if (c == '^' && rx != RX_ARE) {
			strbuf_addstr(o, "\\A");
			quant_ok = 0;
		} else {
			if (lower && c >= 0x80) {
				*why = "case-insensitive matching of non-ASCII text differs between engines";
				return -1;
			}
			strbuf_addch(o, fold(c, lower));
			quant_ok = c != '^' && c != '|' && c != ')' ? 1 : c == ')';
		}
	}
	return 0;
}

int sqlgen_regex(const struct sql_dialect *d, const char *src, int icase, struct strbuf *out, const char **why)
{
	if (d->rx_group)
		strbuf_addch(out, '(');
	if (rx_translate(d->rx, src, icase && !d->regex_i, out, why))
		return -1;
	if (d->rx_group)
		strbuf_addch(out, ')');
	return 0;
}

/* ---- small pure pieces (sqlgen.h; tests/unit/test_sqlgen.c) ------------ */

void sqlgen_date_arith(const struct sql_dialect *d, int op, const char *a, const char *b, struct strbuf *o)
{
	spell(o, op == '+' ? d->date_add : op == '-' ? d->date_sub : d->date_diff, a, b, NULL);
}

void sqlgen_date_literal(const struct sql_dialect *d, int64_t days, struct strbuf *o)
{
	struct strbuf t = STRBUF_INIT;
	if (d->date_lit_days)
		strbuf_addf(&t, "%lld", (long long)days);
	else
		value_format_date(&t, days);
	spell(o, d->date_lit, t.buf, NULL, NULL);
	strbuf_release(&t);
}

/* Decimals are BIGINTs of millionths.  a*b/10^6 and a*10^6/b, rounded
 * half away from zero (as the engine), with only a truncating integer
 * division (d->idiv) and a remainder of the dividend's sign, over the
 * wide type d->wide so the product cannot overflow: q + (2|r| >= |divisor|
 * ? sign : 0).  Null when b is 0. */
void sqlgen_dec(const struct sql_dialect *d, int op, const char *a, const char *b, struct strbuf *o)
{
	struct strbuf t = STRBUF_INIT, q = STRBUF_INIT, dv = STRBUF_INIT;
	if (d->dec_mul) {
		spell(o, op == '*' ? d->dec_mul : d->dec_div, a, b, NULL);
		return;
	}
	if (op == '*') {
		strbuf_addf(&t, "(CAST(%s AS %s) * CAST(%s AS %s))", a, d->wide, b, d->wide);
		strbuf_addf(&dv, "CAST(1000000 AS %s)", d->wide);
		spell(&q, d->idiv, t.buf, dv.buf, NULL);
		strbuf_addf(o, "CAST(%s + CASE WHEN 2 * abs(%s %% %s) >= 1000000 THEN (CASE WHEN %s < 0 THEN -1 ELSE 1 END) "
			    "ELSE 0 END AS BIGINT)", q.buf, t.buf, dv.buf, t.buf);
	} else {
		strbuf_addf(&t, "(CAST(%s AS %s) * 1000000)", a, d->wide);
		strbuf_addf(&dv, "CAST(%s AS %s)", b, d->wide);
		spell(&q, d->idiv, t.buf, dv.buf, NULL);
		strbuf_addf(o, "CASE WHEN %s = 0 THEN NULL ELSE CAST(%s + CASE WHEN 2 * abs(%s %% %s) >= abs(%s) "
			    "THEN (CASE WHEN (%s < 0) <> (%s < 0) THEN -1 ELSE 1 END) ELSE 0 END AS BIGINT) END",
			    b, q.buf, t.buf, dv.buf, dv.buf, a, b);
	}
	strbuf_release(&t);
	strbuf_release(&q);
	strbuf_release(&dv);
}

void sqlgen_spell(const struct sql_dialect *d, enum sqlgen_construct c, const char *a, const char *b,
		  struct strbuf *o)
{
	const char *t = NULL;
	switch (c) {
	case SQLC_EQ_NULL: t = d->eq_null; break;
	case SQLC_NE_NULL: t = d->ne_null; break;
	case SQLC_HASH: t = d->hash ? d->hash : "'sha256:' || hex(%1)"; break;
	case SQLC_LOWER: t = d->lower; break;
	case SQLC_TRIM: t = d->trim; break;
	case SQLC_DATE_RENDER: t = d->date_render; break;
	case SQLC_DT_RENDER: t = d->dt_render; break;
	}
	spell(o, t, a, b, NULL);
}

/* ---- the printer ----------------------------------------------------- */

/* an aggregate lifted into a pre-aggregated left join, alias "aN" */
struct lifted {
	const struct expr *e;
	char *join;                /* its LEFT JOIN */
	size_t *deps, ndeps;       /* the aggregates its join reads (lower N) */
};

/* what an aggregate's magic table holds of an outer row: a variable's
 * column, or a let (name NULL) that reads outer variables */
struct outcol {
	int slot;
	const char *name;
	char *sql;                 /* its value at the rule's level */
};

struct gen {
	const struct verdict *v;
	const struct sql_dialect *d;
	struct diagctx *dc;
	const struct rule *rule;
	const struct rule_plan *rp;
	struct expr **lets;        /* by let slot */
	int errors;
	int lift;                  /* 1: an aggregate may become a pre-aggregated left join */
	struct lifted *aggs;
	size_t naggs, aggs_cap;
	size_t *used, nused, used_cap; /* aggregates referenced, in order (agg_lift) */
	struct strbuf from;        /* the rule's FROM: the driving table and its joins */
	const struct outcol *mcols; /* outer columns read from "m" (agg_join_magic) */
	size_t nmcols;
	struct srcpos *failed;     /* where this rule failed already (fail) */
	size_t nfailed, failed_cap;
};

static void expr(struct gen *g, const struct expr *e, struct strbuf *o);
static void cond(struct gen *g, const struct expr *e, struct strbuf *o);
static void top_cond(struct gen *g, const struct expr *e, struct strbuf *o);

/* one error per position and rule (a let used twice is compiled twice) */
static void fail(struct gen *g, struct srcpos pos, const char *what)
{
	size_t i;
	for (i = 0; i < g->nfailed; i++)
		if (g->failed[i].file == pos.file && g->failed[i].path == pos.path && g->failed[i].line == pos.line &&
		    g->failed[i].col == pos.col)
			return;
	ALLOC_GROW(g->failed, g->nfailed + 1, g->failed_cap);
	g->failed[g->nfailed++] = pos;
	diag_error(g->dc, pos, "rule %s cannot be compiled for %s: %s", g->rule->id, g->d->name, what);
	g->errors++;
}

/* compiles e (value or condition) into a fresh string the caller frees */
static char *sub(struct gen *g, const struct expr *e, int as_cond)
{
	struct strbuf sb = STRBUF_INIT;
	if (as_cond)
		cond(g, e, &sb);
	else
		expr(g, e, &sb);
	return strbuf_detach(&sb, NULL);
}

static void spell_e(struct gen *g, struct strbuf *o, const char *tmpl, const struct expr *a,
		    const struct expr *b)
{
	char *sa = a ? sub(g, a, 0) : NULL, *sb = b ? sub(g, b, 0) : NULL;
	spell(o, tmpl, sa, sb, NULL);
	free(sa);
	free(sb);
}

/* a string literal: '' for a quote; Spark also reads backslash escapes, so
 * there a backslash and a quote are escaped with a backslash */
static void quote(const struct sql_dialect *d, struct strbuf *o, const char *s, size_t n)
{
	size_t i;
	strbuf_addch(o, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '\'')
			strbuf_addch(o, d->bs_strings ? '\\' : '\'');
		else if (s[i] == '\\' && d->bs_strings)
			strbuf_addch(o, '\\');
		strbuf_addch(o, s[i]);
	}
	strbuf_addch(o, '\'');
}

/* a quoted identifier: "x" ("" inside), Spark `x` (`` inside) */
static void ident(const struct sql_dialect *d, struct strbuf *o, const char *s)
{
	char q = d->idq ? d->idq : '"';
	strbuf_addch(o, q);
	for (; *s; s++) {
		if (*s == q)
			strbuf_addch(o, q);
		strbuf_addch(o, *s);
	}
	strbuf_addch(o, q);
}

static void date_lit(struct gen *g, int64_t days, struct strbuf *o) { sqlgen_date_literal(g->d, days, o); }

static void literal(struct gen *g, const struct value *v, const char *text, size_t len, struct strbuf *o)
{
	if (v->null) {
		strbuf_addstr(o, "NULL");
		return;
	}
	switch (v->type) {
	case VT_TEXT: case VT_ENUM:
		if (!text) {
			text = strpool_str(&g->v->pool, v->u.s);
			len = strpool_len(&g->v->pool, v->u.s);
		}
		quote(g->d, o, text, len);
		break;
	case VT_INT: case VT_DECIMAL: case VT_DATETIME:
		strbuf_addf(o, "%lld", (long long)v->u.i);
		break;
	case VT_DATE: date_lit(g, v->u.i, o); break;
	case VT_BOOL: strbuf_addstr(o, v->u.i ? g->d->lit_true : g->d->lit_false); break;
	default: strbuf_addstr(o, "NULL");
	}
}

/* e as a value of type want: an int promoted to a scaled decimal */
static void expr_as(struct gen *g, const struct expr *e, enum vtype want, struct strbuf *o)
{
	if (want == VT_DECIMAL && e->type == VT_INT) {
		strbuf_addch(o, '(');
		expr(g, e, o);
		strbuf_addstr(o, " * 1000000)");
	} else {
		expr(g, e, o);
	}
}

static char *sub_as(struct gen *g, const struct expr *e, enum vtype want)
{
	struct strbuf sb = STRBUF_INIT;
	expr_as(g, e, want, &sb);
	return strbuf_detach(&sb, NULL);
}

/* the common type two compared operands are brought to */
static enum vtype cmp_type(const struct expr *a, const struct expr *b)
{
	return a->type == VT_DECIMAL || b->type == VT_DECIMAL ? VT_DECIMAL : a->type;
}

/* tmpl over a and b brought to one type */
static void binop(struct gen *g, const char *tmpl, const struct expr *a, const struct expr *b, struct strbuf *o)
{
	enum vtype t = cmp_type(a, b);
	char *sa = sub_as(g, a, t), *sb = sub_as(g, b, t);
	spell(o, tmpl, sa, sb, NULL);
	free(sa);
	free(sb);
}

/* A key equality, false when a side is null.  Printed only as a conjunct
 * at the top of an ON or WHERE clause, where a null condition drops the
 * row just as false does: bare, so that every engine sees an equi-join
 * (hash join) rather than a condition it must test on every pair. */
static void key_eq(struct gen *g, const struct expr *a, const struct expr *b, struct strbuf *o)
{
	binop(g, "%1 = %2", a, b, o);
}

static void arith(struct gen *g, const struct expr *e, struct strbuf *o)
{
	const struct expr *a = e->u.bin.l, *b = e->u.bin.r;
	static const char *const ops[] = { [OP_ADD] = "+", [OP_SUB] = "-", [OP_MUL] = "*" };
	if (e->type == VT_DATE && a->type == VT_INT) { /* int + date */
		const struct expr *t = a;
		a = b;
		b = t;
	}
	if (e->type == VT_DECIMAL && (e->op == OP_MUL || e->op == OP_DIV)) {
		char *sa = sub_as(g, a, VT_DECIMAL), *sb = sub_as(g, b, VT_DECIMAL);
		if (g->d->dec_mul)
			spell(o, e->op == OP_MUL ? g->d->dec_mul : g->d->dec_div, sa, sb, NULL);
		else
			sqlgen_dec(g->d, e->op == OP_MUL ? '*' : '/', sa, sb, o);
		free(sa);
		free(sb);
		return;
	}
	if ((e->type == VT_DATE && (e->op == OP_ADD || e->op == OP_SUB)) ||
	    (e->op == OP_SUB && a->type == VT_DATE && b->type == VT_DATE)) {
		char *sa = sub(g, a, 0), *sb = sub(g, b, 0);
		sqlgen_date_arith(g->d, e->type == VT_DATE ? e->op == OP_ADD ? '+' : '-' : 'd', sa, sb, o);
		free(sa);
		free(sb);
		return;
	}
	if (e->op == OP_DIV) { /* int / int is decimal: the checker typed it so */
		fail(g, e->pos, "division with a result that is not a decimal");
		return;
	}
	strbuf_addch(o, '(');
	expr_as(g, a, e->type == VT_DECIMAL ? VT_DECIMAL : a->type, o);
	strbuf_addf(o, " %s ", ops[e->op]);
	expr_as(g, b, e->type == VT_DECIMAL ? VT_DECIMAL : b->type, o);
	strbuf_addch(o, ')');
}

static void date_part(struct gen *g, const struct expr *e, const char *tmpl, struct strbuf *o)
{
	const struct expr *a = e->u.call.args[0];
	char *s = sub(g, a, 0);
	if (a->type == VT_DATETIME) {
		struct strbuf t = STRBUF_INIT;
		spell(&t, g->d->dt_date, s, NULL, NULL);
		free(s);
		s = strbuf_detach(&t, NULL);
	}
	spell(o, tmpl, s, NULL, NULL);
	free(s);
}

static void call(struct gen *g, const struct expr *e, struct strbuf *o)
{
	const char *n = e->u.call.name;
	struct expr *const *a = e->u.call.args;
	size_t i;
	if (e->u.call.expansion) {
		expr(g, e->u.call.expansion, o);
		return;
	}
	if (!strcmp(n, "lower")) spell_e(g, o, g->d->lower, a[0], NULL);
	else if (!strcmp(n, "upper")) spell_e(g, o, g->d->upper, a[0], NULL);
	else if (!strcmp(n, "trim")) spell_e(g, o, g->d->trim, a[0], NULL);
	else if (!strcmp(n, "len")) spell_e(g, o, "length(%1)", a[0], NULL);
	else if (!strcmp(n, "starts_with")) spell_e(g, o, "(substr(%1, 1, length(%2)) = %2)", a[0], a[1]);
	else if (!strcmp(n, "ends_with"))
		spell_e(g, o, "(CASE WHEN length(%2) > length(%1) THEN FALSE "
			"ELSE substr(%1, length(%1) - length(%2) + 1) = %2 END)", a[0], a[1]);
	else if (!strcmp(n, "contains")) spell_e(g, o, g->d->contains, a[0], a[1]);
	else if (!strcmp(n, "year")) date_part(g, e, g->d->date_year, o);
	else if (!strcmp(n, "month")) date_part(g, e, g->d->date_month, o);
	else if (!strcmp(n, "day")) date_part(g, e, g->d->date_day, o);
	else if (!strcmp(n, "today")) date_lit(g, g->v->as_of, o);
	else if (!strcmp(n, "coalesce")) {
		strbuf_addstr(o, "COALESCE(");
		for (i = 0; i < e->u.call.nargs; i++) {
			if (i)
				strbuf_addstr(o, ", ");
			expr_as(g, a[i], e->type, o);
		}
		strbuf_addch(o, ')');
	} else if (!strcmp(n, "if")) {
		strbuf_addstr(o, "(CASE WHEN ");
		cond(g, a[0], o);
		strbuf_addstr(o, " THEN ");
		expr_as(g, a[1], e->type, o);
		strbuf_addstr(o, " ELSE ");
		expr_as(g, a[2], e->type, o);
		strbuf_addstr(o, " END)");
	} else {
		fail(g, e->pos, "no SQL spelling for this function yet");
	}
}

/* the typed table of a dataset: its name, or for warehouse tables the
 * name of its WITH query (name__typed: a WITH query named like the table
 * it reads would not see that table) */
static void relation(const struct sql_dialect *d, struct strbuf *o, const char *name)
{
	struct strbuf t = STRBUF_INIT;
	strbuf_addstr(&t, name);
	if (d->load == LOAD_TABLES)
		strbuf_addstr(&t, "__typed");
	ident(d, o, t.buf);
	strbuf_release(&t);
}

static void alias(const struct sql_dialect *d, struct strbuf *o, int slot)
{
	char q = d->idq ? d->idq : '"';
	strbuf_addf(o, "%cv%d%c", q, slot, q);
}

static void column(const struct sql_dialect *d, struct strbuf *o, int slot, const char *name)
{
	alias(d, o, slot);
	strbuf_addch(o, '.');
	ident(d, o, name);
}

/* WHERE of a subquery or ON of a join: key parts, then residual conditions */
static void lookup_cond(struct gen *g, const struct lookup *lk, int slot, struct strbuf *o)
{
	int i, n = 0;
	size_t k;
	for (i = 0; lk->idx && i < lk->idx->nkey; i++, n++) {
		const struct field *f = &lk->idx->ds->fields[lk->idx->fields[i]];
		struct expr fe;
		memset(&fe, 0, sizeof(fe));
		fe.kind = E_FIELD;
		fe.type = f->type;
		fe.u.field.slot = slot;
		fe.u.field.name = f->name;
		if (n)
			strbuf_addstr(o, " AND ");
		key_eq(g, &fe, lk->probe[i], o);
	}
	for (k = 0; k < lk->nconds; k++, n++) {
		if (n)
			strbuf_addstr(o, " AND ");
		if (lk->cond_is_key[k])
			key_eq(g, lk->conds[k]->u.bin.l, lk->conds[k]->u.bin.r, o);
		else
			top_cond(g, lk->conds[k], o);
	}
	if (!n)
		strbuf_addstr(o, g->d->lit_true);
}

/* ---- aggregates: pre-aggregated left joins --------------------------
 *
 * count/sum/min/max at the rule's level (where, let, message) become a
 * derived table left-joined to the rule's rows, never a correlated
 * subquery (Spark, Trino, BigQuery and PostgreSQL decorrelate those
 * poorly or refuse them):
 *
 *   keys only  the aggregate's conditions are key equalities and
 *              conditions on its own row: LEFT JOIN (SELECT inner key AS
 *              k0, .., AGG AS v FROM ds WHERE the own-row conditions GROUP
 *              BY the keys) AS aN ON aN.k0 = probe0 AND ..
 *              (a null key part never matches: the engine's join rule)
 *   magic      a condition or the value reads the outer row otherwise
 *              (x.Day <= i.Day): the distinct outer values it reads (the
 *              "magic table" m, from the rule's FROM) are joined with ds
 *              on the whole condition and grouped: LEFT JOIN (SELECT m.c0,
 *              .., AGG AS v FROM (SELECT DISTINCT .. AS c0, .. FROM <the
 *              rule's FROM>) AS m JOIN ds ON <condition over m> GROUP BY
 *              m.c0, ..) AS aN ON aN.c0 IS NOT DISTINCT FROM <c0> AND ..
 *
 * No row joined is count 0, sum 0, min/max null (COALESCE).  Aggregates in
 * a join's `on` or inside another subquery stay correlated subqueries;
 * distributed dialects (spark, trino) refuse those unless they read no
 * outer variable at all. */

struct refs_ud {
	const struct gen *g;
	int own;                 /* >= 0: find a slot other than own */
	int found;
	struct outcol *cols;     /* else collect the outer columns, once each */
	size_t ncols, cap;
};

static void refs(const struct expr *e, struct refs_ud *u);

static int is_outer(const struct gen *g, int slot)
{
	int k;
	for (k = 0; k < g->rp->nbind; k++)
		if (g->rp->bind_slots[k] == slot)
			return 1;
	return 0;
}

static void add_ref(struct refs_ud *u, int slot, const char *name)
{
	size_t i;
	if (u->own >= 0) {
		u->found |= slot != u->own;
		return;
	}
	if (name && !is_outer(u->g, slot))
		return;
	u->found = 1;
	for (i = 0; i < u->ncols; i++)
		if (u->cols[i].slot == slot && (u->cols[i].name == name ||
						(name && u->cols[i].name && !strcmp(u->cols[i].name, name))))
			return;
	ALLOC_GROW(u->cols, u->ncols + 1, u->cap);
	u->cols[u->ncols].slot = slot;
	u->cols[u->ncols].sql = NULL;
	u->cols[u->ncols++].name = name;
}

/* 1 when e reads a variable bound by the rule (for/join) */
static int reads_outer(const struct gen *g, const struct expr *e)
{
	struct refs_ud u = { g, -1, 0, NULL, 0, 0 };
	refs(e, &u);
	free(u.cols);
	return u.found;
}

/* the columns read by e: a variable's column, or a let that reads outer
 * variables as a whole (it may hold an aggregate of its own) */
static void refs(const struct expr *e, struct refs_ud *u)
{
	const struct gen *g = u->g;
	size_t i;
	if (!e)
		return;
	switch (e->kind) {
	case E_FIELD: add_ref(u, e->u.field.slot, e->u.field.name); return;
	case E_NAME:
		if (!e->u.name.is_let)
			add_ref(u, e->u.name.slot, "__line");
		else if (e->u.name.slot >= 0 && e->u.name.slot < g->rule->nlets) {
			if (u->own < 0 && reads_outer(g, g->lets[e->u.name.slot]))
				add_ref(u, e->u.name.slot, NULL);
			else
				refs(g->lets[e->u.name.slot], u);
		}
		return;
	case E_CALL:
		if (e->u.call.expansion) {
			refs(e->u.call.expansion, u);
			return;
		}
		for (i = 0; i < e->u.call.nargs; i++)
			refs(e->u.call.args[i], u);
		return;
	case E_UNARY: case E_ISNULL: refs(e->u.un.e, u); return;
	case E_BINARY: refs(e->u.bin.l, u); refs(e->u.bin.r, u); return;
	case E_IN:
		refs(e->u.in.e, u);
		for (i = 0; i < e->u.in.n; i++)
			refs(e->u.in.list[i], u);
		return;
	case E_BETWEEN:
		refs(e->u.between.e, u);
		refs(e->u.between.lo, u);
		refs(e->u.between.hi, u);
		return;
	case E_MATCH: refs(e->u.match.e, u); return;
	case E_SUBQ: refs(e->u.sub.val, u); refs(e->u.sub.where, u); return;
	default: return;
	}
}

/* 1 when subquery e reads no variable but its own: a scalar subquery any
 * engine runs once */
static int uncorrelated(const struct gen *g, const struct expr *e)
{
	struct refs_ud u = { g, e->u.sub.slot, 0, NULL, 0, 0 };
	refs(e->u.sub.val, &u);
	refs(e->u.sub.where, &u);
	return !u.found;
}

/* "m"."cK" when the column (or let, name NULL) is in the magic table being
 * compiled; 0 otherwise */
static int magic_ref(const struct gen *g, struct strbuf *o, int slot, const char *name)
{
	char q = g->d->idq ? g->d->idq : '"';
	size_t i;
	for (i = 0; i < g->nmcols; i++)
		if (g->mcols[i].slot == slot && (g->mcols[i].name == name ||
						 (name && g->mcols[i].name && !strcmp(g->mcols[i].name, name)))) {
			strbuf_addf(o, "%cm%c.%cc%zu%c", q, q, q, i, q);
			return 1;
		}
	return 0;
}

static void var_column(const struct gen *g, struct strbuf *o, int slot, const char *name)
{
	if (!magic_ref(g, o, slot, name))
		column(g->d, o, slot, name);
}

/* aggregate i's join after those it reads (each once) */
static void emit_agg(const struct gen *g, size_t i, unsigned char *done, struct strbuf *o)
{
	size_t k;
	if (done[i])
		return;
	done[i] = 1;
	for (k = 0; k < g->aggs[i].ndeps; k++)
		emit_agg(g, g->aggs[i].deps[k], done, o);
	strbuf_addstr(o, g->aggs[i].join);
}

/* the joins of the aggregates referenced since mark (all: mark 0 and
 * all 1), and of those they read */
static void agg_joins(const struct gen *g, size_t mark, int all, struct strbuf *o)
{
	unsigned char *done = xcalloc(g->naggs + 1, 1);
	size_t i;
	for (i = mark; i < g->nused; i++)
		emit_agg(g, g->used[i], done, o);
	for (i = 0; all && i < g->naggs; i++)
		emit_agg(g, i, done, o);
	free(done);
}

static void agg_value(struct gen *g, const struct expr *e, struct strbuf *o)
{
	if (e->op == AGG_COUNT) {
		strbuf_addstr(o, "COUNT(*)");
	} else {
		char *val = sub_as(g, e->u.sub.val, e->type);
		spell(o, e->op == AGG_SUM ? g->d->sum : e->op == AGG_MIN ? "MIN(%1)" : "MAX(%1)", val, NULL, NULL);
		free(val);
	}
	strbuf_addstr(o, " AS ");
	ident(g->d, o, "v");
}

/* keys only: *o gets the join; 0 when e needs the magic form */
static int agg_join_keys(struct gen *g, const struct expr *e, const char *an, struct strbuf *o)
{
	const struct subplan *sp = e->u.sub.plan;
	const struct lookup *lk = &sp->lk;
	struct strbuf grp = STRBUF_INIT, on = STRBUF_INIT, col = STRBUF_INIT;
	int i, nidx = lk->idx ? lk->idx->nkey : 0, nk = 0, ok = 1;
	size_t k, nw = 0;
	if (reads_outer(g, e->u.sub.val))
		return 0;
	for (k = 0; k < lk->nconds; k++)
		if (reads_outer(g, lk->conds[k]) && !lk->cond_is_key[k])
			return 0;
	strbuf_addstr(o, "\nLEFT JOIN (SELECT ");
	for (i = 0; ok && i < nidx + (int)lk->nconds; i++) {
		const struct expr *in, *pr;
		struct expr fe;
		enum vtype t;
		char *is, *ps;
		if (i < nidx) {
			const struct field *f = &lk->idx->ds->fields[lk->idx->fields[i]];
			memset(&fe, 0, sizeof(fe));
			fe.kind = E_FIELD;
			fe.type = f->type;
			fe.u.field.slot = sp->slot;
			fe.u.field.name = f->name;
			in = &fe;
			pr = lk->probe[i];
		} else {
			const struct expr *c = lk->conds[i - nidx];
			if (!lk->cond_is_key[i - nidx] || !reads_outer(g, c))
				continue;
			in = c->u.bin.l;
			pr = c->u.bin.r;
			if (!(in->kind == E_FIELD && in->u.field.slot == sp->slot)) {
				in = c->u.bin.r;
				pr = c->u.bin.l;
			}
		}
		t = cmp_type(in, pr);
		/* the probe at the rule's level (its aggregates lifted first) */
		ps = sub_as(g, pr, t);
		g->lift = 0;
		is = sub_as(g, in, t);
		g->lift = 1;
		strbuf_reset(&col);
		strbuf_addf(&col, "k%d", nk);
		strbuf_addf(o, "%s AS ", is);
		ident(g->d, o, col.buf);
		strbuf_addstr(o, ", ");
		strbuf_addstr(&grp, nk ? ", " : "\n  GROUP BY ");
		strbuf_addstr(&grp, is);
		strbuf_addstr(&on, nk ? " AND " : "");   /* bare: see key_eq */
		ident(g->d, &on, an);
		strbuf_addch(&on, '.');
		ident(g->d, &on, col.buf);
		strbuf_addf(&on, " = %s", ps);
		nk++;
		free(is);
		free(ps);
	}
	g->lift = 0;
	agg_value(g, e, o);
	strbuf_addstr(o, "\n  FROM ");
	relation(g->d, o, sp->ds->name);
	strbuf_addstr(o, " AS ");
	alias(g->d, o, sp->slot);
	for (k = 0; k < lk->nconds; k++) {
		const struct expr *c = lk->conds[k];
		if (reads_outer(g, c))
			continue;
		strbuf_addstr(o, nw++ ? " AND " : " WHERE ");
		if (lk->cond_is_key[k])
			key_eq(g, c->u.bin.l, c->u.bin.r, o);
		else
			top_cond(g, c, o);
	}
	g->lift = 1;
	strbuf_add(o, grp.buf, grp.len);
	strbuf_addstr(o, ") AS ");
	ident(g->d, o, an);
	strbuf_addstr(o, " ON ");
	strbuf_addstr(o, nk ? on.buf : g->d->lit_true);
	strbuf_release(&grp);
	strbuf_release(&on);
	strbuf_release(&col);
	return 1;
}

/* the magic form (see above) */
static void agg_join_magic(struct gen *g, const struct expr *e, const char *an, size_t mark, struct strbuf *o)
{
	const struct subplan *sp = e->u.sub.plan;
	struct refs_ud u = { g, -1, 0, NULL, 0, 0 };
	struct strbuf c = STRBUF_INIT;
	size_t i;
	refs(e->u.sub.val, &u);
	refs(e->u.sub.where, &u);
	/* each outer value at the rule's level: a let's aggregates lifted first */
	for (i = 0; i < u.ncols; i++) {
		strbuf_reset(&c);
		if (u.cols[i].name) {
			column(g->d, &c, u.cols[i].slot, u.cols[i].name);
		} else {
			strbuf_addch(&c, '(');
			expr(g, g->lets[u.cols[i].slot], &c);
			strbuf_addch(&c, ')');
		}
		u.cols[i].sql = strbuf_detach(&c, NULL);
	}
	strbuf_addstr(o, "\nLEFT JOIN (SELECT ");
	for (i = 0; i < u.ncols; i++)
		strbuf_addf(o, "%cm%c.%cc%zu%c, ", g->d->idq ? g->d->idq : '"', g->d->idq ? g->d->idq : '"',
			    g->d->idq ? g->d->idq : '"', i, g->d->idq ? g->d->idq : '"');
	g->lift = 0;
	g->mcols = u.cols;
	g->nmcols = u.ncols;
	agg_value(g, e, o);
	strbuf_addstr(o, "\n  FROM (SELECT DISTINCT ");
	for (i = 0; i < u.ncols; i++) {
		strbuf_reset(&c);
		strbuf_addf(&c, "c%zu", i);
		strbuf_addf(o, "%s%s AS ", i ? ", " : "", u.cols[i].sql);
		ident(g->d, o, c.buf);
	}
	strbuf_addstr(o, " FROM ");
	strbuf_add(o, g->from.buf, g->from.len);
	agg_joins(g, mark, 0, o);
	strbuf_addstr(o, ") AS ");
	ident(g->d, o, "m");
	strbuf_addstr(o, "\n  JOIN ");
	relation(g->d, o, sp->ds->name);
	strbuf_addstr(o, " AS ");
	alias(g->d, o, sp->slot);
	strbuf_addstr(o, " ON ");
	lookup_cond(g, &sp->lk, sp->slot, o);
	g->mcols = NULL;
	g->nmcols = 0;
	g->lift = 1;
	strbuf_addstr(o, "\n  GROUP BY ");
	for (i = 0; i < u.ncols; i++)
		strbuf_addf(o, "%s%cm%c.%cc%zu%c", i ? ", " : "", g->d->idq ? g->d->idq : '"',
			    g->d->idq ? g->d->idq : '"', g->d->idq ? g->d->idq : '"', i, g->d->idq ? g->d->idq : '"');
	strbuf_addstr(o, ") AS ");
	ident(g->d, o, an);
	strbuf_addstr(o, " ON ");
	for (i = 0; i < u.ncols; i++) {
		strbuf_reset(&c);
		ident(g->d, &c, an);
		strbuf_addf(&c, ".%cc%zu%c", g->d->idq ? g->d->idq : '"', i, g->d->idq ? g->d->idq : '"');
		if (i)
			strbuf_addstr(o, " AND ");
		spell(o, g->d->eq_null, c.buf, u.cols[i].sql, NULL);
		free(u.cols[i].sql);
	}
	if (!u.ncols)
		strbuf_addstr(o, g->d->lit_true);
	free(u.cols);
	strbuf_release(&c);
}

/* e lifted into a pre-aggregated left join (at the rule's level), its
 * value spelled into o */
static void agg_lift(struct gen *g, const struct expr *e, struct strbuf *o)
{
	struct strbuf a = STRBUF_INIT, j = STRBUF_INIT;
	size_t n, mark = g->nused;
	for (n = 0; n < g->naggs && g->aggs[n].e != e; n++)
		;
	strbuf_addf(&a, "a%zu", n);
	if (n == g->naggs) {
		/* n reserved first: aggregates lifted meanwhile come after it */
		ALLOC_GROW(g->aggs, g->naggs + 1, g->aggs_cap);
		memset(&g->aggs[n], 0, sizeof(g->aggs[n]));
		g->aggs[g->naggs++].e = e;
		if (!agg_join_keys(g, e, a.buf, &j))
			agg_join_magic(g, e, a.buf, mark, &j);
		g->aggs[n].join = strbuf_detach(&j, NULL);
		g->aggs[n].ndeps = g->nused - mark;
		g->aggs[n].deps = xcalloc(g->aggs[n].ndeps + 1, sizeof(size_t));
		if (g->aggs[n].ndeps)
			memcpy(g->aggs[n].deps, g->used + mark, g->aggs[n].ndeps * sizeof(size_t));
	}
	ALLOC_GROW(g->used, g->nused + 1, g->used_cap);
	g->used[g->nused++] = n;
	if (e->op == AGG_COUNT || e->op == AGG_SUM)
		strbuf_addstr(o, "COALESCE(");
	ident(g->d, o, a.buf);
	strbuf_addch(o, '.');
	ident(g->d, o, "v");
	if (e->op == AGG_COUNT || e->op == AGG_SUM)
		strbuf_addstr(o, ", 0)");
	strbuf_release(&a);
}

/* 1 when subquery e has no key equality but reads the outer row: a
 * semi-join or correlated aggregate with no equality to join on */
static int no_equality(const struct gen *g, const struct expr *e)
{
	const struct lookup *lk = &e->u.sub.plan->lk;
	size_t k;
	if (lk->idx)
		return 0;
	for (k = 0; k < lk->nconds; k++)
		if (lk->cond_is_key[k])
			return 0;
	return reads_outer(g, e->u.sub.val) || reads_outer(g, e->u.sub.where);
}

static void subquery(struct gen *g, const struct expr *e, struct strbuf *o)
{
	const struct subplan *sp = e->u.sub.plan;
	struct strbuf from = STRBUF_INIT;
	int lift = g->lift;
	if (g->d->distributed && no_equality(g, e)) {
		fail(g, e->pos, e->op == AGG_EXISTS
			? "an exists without an `=` between a field of the subquery's row and the outer rows is a "
			  "join with no key, which distributed engines run as a nested loop (add an equality, or "
			  "run it on duckdb or postgres)"
			: "an aggregate that reads the outer rows without an `=` between a field of its row and "
			  "them is a join with no key, which distributed engines run as a nested loop (add an "
			  "equality, or run it on duckdb or postgres)");
		return;
	}
	if (e->op != AGG_EXISTS && g->lift && !uncorrelated(g, e)) {
		agg_lift(g, e, o);
		return;
	}
	if (g->d->distributed && e->op != AGG_EXISTS && !uncorrelated(g, e)) {
		fail(g, e->pos, "an aggregate inside a join's `on` or inside another subquery stays a correlated "
				"subquery, which distributed engines refuse or decorrelate poorly (move it to a "
				"`let`, or run it on duckdb or postgres)");
		return;
	}
	g->lift = 0;
	strbuf_addstr(&from, " FROM ");
	relation(g->d, &from, sp->ds->name);
	strbuf_addstr(&from, " AS ");
	alias(g->d, &from, sp->slot);
	strbuf_addstr(&from, " WHERE ");
	lookup_cond(g, &sp->lk, sp->slot, &from);
	switch (e->op) {
	case AGG_EXISTS:
		strbuf_addstr(o, e->neg ? "(NOT EXISTS (SELECT 1" : "(EXISTS (SELECT 1");
		strbuf_add(o, from.buf, from.len);
		strbuf_addstr(o, "))");
		break;
	case AGG_COUNT:
		strbuf_addstr(o, "(SELECT COUNT(*)");
		strbuf_add(o, from.buf, from.len);
		strbuf_addch(o, ')');
		break;
	default:
		strbuf_addstr(o, e->op == AGG_SUM ? "COALESCE((SELECT " : "(SELECT ");
		{
			char *val = sub_as(g, e->u.sub.val, e->type);
			spell(o, e->op == AGG_SUM ? g->d->sum : e->op == AGG_MIN ? "MIN(%1)" : "MAX(%1)", val, NULL, NULL);
			free(val);
		}
		strbuf_add(o, from.buf, from.len);
		strbuf_addstr(o, e->op == AGG_SUM ? "), 0)" : ")");
		break;
	}
	strbuf_release(&from);
	g->lift = lift;
}

static void match(struct gen *g, const struct expr *e, struct strbuf *o)
{
	const struct regex *re = e->u.match.re;
	struct strbuf pat = STRBUF_INIT, q = STRBUF_INIT;
	const char *why = NULL, *f;
	int icase = 0;
	char *subj;
	for (f = re->flags ? re->flags : ""; *f; f++) {
		if (*f != 'i') {
			struct strbuf m = STRBUF_INIT;
			strbuf_addf(&m, "regex flag '%c' is outside the portable regex subset (only 'i')", *f);
			fail(g, re->pos, m.buf);
			strbuf_release(&m);
			return;
		}
		icase = 1;
	}
	if (sqlgen_regex(g->d, re->src, icase, &pat, &why)) {
		fail(g, re->pos, why);
		strbuf_release(&pat);
		return;
	}
	quote(g->d, &q, pat.buf, pat.len);
	subj = sub(g, e->u.match.e, 0);
	strbuf_addstr(o, "COALESCE(");
	if (icase && !g->d->regex_i) {
		struct strbuf l = STRBUF_INIT;
		spell(&l, g->d->lower, subj, NULL, NULL);
		spell(o, g->d->regex, l.buf, q.buf, NULL);
		strbuf_release(&l);
	} else {
		spell(o, icase ? g->d->regex_i : g->d->regex, subj, q.buf, NULL);
	}
	strbuf_addstr(o, ", FALSE)");
	free(subj);
	strbuf_release(&pat);
	strbuf_release(&q);
}

static int is_cond_kind(const struct expr *e)
{
	switch (e->kind) {
	case E_UNARY: return e->op == OP_NOT;
	case E_BINARY: return e->op <= OP_GE;
	case E_IN: case E_BETWEEN: case E_ISNULL: case E_MATCH: return 1;
	case E_SUBQ: return e->op == AGG_EXISTS;
	case E_CALL: return e->u.call.expansion && is_cond_kind(e->u.call.expansion);
	default: return 0;
	}
}

/* a two-valued condition: never null */
static void cond(struct gen *g, const struct expr *e, struct strbuf *o)
{
	size_t i;
	if (!is_cond_kind(e)) {
		strbuf_addstr(o, "COALESCE(");
		expr(g, e, o);
		strbuf_addf(o, ", %s)", g->d->lit_false);
		return;
	}
	switch (e->kind) {
	case E_CALL: cond(g, e->u.call.expansion, o); return;
	case E_UNARY:
		strbuf_addstr(o, "(NOT ");
		cond(g, e->u.un.e, o);
		strbuf_addch(o, ')');
		return;
	case E_BINARY:
		switch (e->op) {
		case OP_AND: case OP_OR:
			strbuf_addch(o, '(');
			cond(g, e->u.bin.l, o);
			strbuf_addstr(o, e->op == OP_AND ? " AND " : " OR ");
			cond(g, e->u.bin.r, o);
			strbuf_addch(o, ')');
			return;
		case OP_EQ: binop(g, g->d->eq_null, e->u.bin.l, e->u.bin.r, o); return;
		case OP_NE: binop(g, g->d->ne_null, e->u.bin.l, e->u.bin.r, o); return;
		case OP_LT: binop(g, "COALESCE(%1 < %2, FALSE)", e->u.bin.l, e->u.bin.r, o); return;
		case OP_LE: binop(g, "COALESCE(%1 <= %2, FALSE)", e->u.bin.l, e->u.bin.r, o); return;
		case OP_GT: binop(g, "COALESCE(%1 > %2, FALSE)", e->u.bin.l, e->u.bin.r, o); return;
		default: binop(g, "COALESCE(%1 >= %2, FALSE)", e->u.bin.l, e->u.bin.r, o); return;
		}
	case E_IN: {
		enum vtype t = e->u.in.e->type;
		for (i = 0; i < e->u.in.n; i++)
			if (e->u.in.list[i]->type == VT_DECIMAL)
				t = VT_DECIMAL;
		/* false when the left side is null, also for `not in`; null items never match */
		strbuf_addstr(o, e->neg ? "(" : "COALESCE(");
		if (e->neg) {
			expr_as(g, e->u.in.e, t, o);
			strbuf_addstr(o, " IS NOT NULL AND NOT COALESCE(");
		}
		expr_as(g, e->u.in.e, t, o);
		strbuf_addstr(o, " IN (");
		for (i = 0; i < e->u.in.n; i++) {
			if (i)
				strbuf_addstr(o, ", ");
			expr_as(g, e->u.in.list[i], t, o);
		}
		strbuf_addstr(o, e->neg ? "), FALSE))" : "), FALSE)");
		return;
	}
	case E_BETWEEN: {
		enum vtype t = e->u.between.e->type;
		char *a, *lo, *hi;
		if (e->u.between.lo->type == VT_DECIMAL || e->u.between.hi->type == VT_DECIMAL)
			t = VT_DECIMAL;
		a = sub_as(g, e->u.between.e, t);
		lo = sub_as(g, e->u.between.lo, t);
		hi = sub_as(g, e->u.between.hi, t);
		spell(o, e->neg ? "(%1 IS NOT NULL AND %2 IS NOT NULL AND %3 IS NOT NULL AND NOT (%2 <= %1 AND %1 <= %3))"
				: "COALESCE(%2 <= %1 AND %1 <= %3, FALSE)", a, lo, hi);
		free(a);
		free(lo);
		free(hi);
		return;
	}
	case E_ISNULL: {
		const struct expr *x = e->u.un.e;
		strbuf_addch(o, '(');
		if (x->kind == E_NAME && !x->u.name.is_let)
			var_column(g, o, x->u.name.slot, "__line"); /* a left join variable as a whole */
		else
			expr(g, x, o);
		strbuf_addstr(o, e->neg ? " IS NOT NULL)" : " IS NULL)");
		return;
	}
	case E_MATCH: match(g, e, o); return;
	case E_SUBQ: subquery(g, e, o); return;
	default: return;
	}
}

/* A condition that is a conjunct at the top of an ON or WHERE clause:
 * there null and false both drop the row, so its own conjuncts and
 * comparisons need no COALESCE (which hides a join's equality from the
 * engine's planner); anything under NOT or OR stays two-valued (cond). */
static void top_cond(struct gen *g, const struct expr *e, struct strbuf *o)
{
	static const char *const bare[] = { [OP_LT] = "%1 < %2", [OP_LE] = "%1 <= %2", [OP_GT] = "%1 > %2",
					    [OP_GE] = "%1 >= %2" };
	if (e->kind == E_CALL && is_cond_kind(e)) {
		top_cond(g, e->u.call.expansion, o);
		return;
	}
	if (e->kind == E_BINARY && e->op == OP_AND) {
		top_cond(g, e->u.bin.l, o);
		strbuf_addstr(o, " AND ");
		top_cond(g, e->u.bin.r, o);
		return;
	}
	if (e->kind == E_BINARY && (e->op == OP_LT || e->op == OP_LE || e->op == OP_GT || e->op == OP_GE)) {
		strbuf_addch(o, '(');
		binop(g, bare[e->op], e->u.bin.l, e->u.bin.r, o);
		strbuf_addch(o, ')');
		return;
	}
	cond(g, e, o);
}

static void expr(struct gen *g, const struct expr *e, struct strbuf *o)
{
	if (is_cond_kind(e) && e->kind != E_CALL) {
		cond(g, e, o);
		return;
	}
	switch (e->kind) {
	case E_LIT: literal(g, &e->u.lit.v, e->u.lit.text, e->u.lit.len, o); return;
	case E_FIELD: var_column(g, o, e->u.field.slot, e->u.field.name); return;
	case E_PARAM: {
		/* inlined: the value given, else the default (a literal or today) */
		const struct param *p = g->v->prog.params[e->u.param.idx];
		if (p->set)
			literal(g, &g->v->params[e->u.param.idx], NULL, 0, o);
		else
			expr_as(g, p->dflt, p->type, o);
		return;
	}
	case E_NAME:
		if (e->u.name.is_let && magic_ref(g, o, e->u.name.slot, NULL))
			return;
		if (e->u.name.is_let && g->lets[e->u.name.slot]) {
			strbuf_addch(o, '(');
			expr(g, g->lets[e->u.name.slot], o);
			strbuf_addch(o, ')');
		} else {
			fail(g, e->pos, "a record variable used as a value");
		}
		return;
	case E_CALL: call(g, e, o); return;
	case E_UNARY:
		strbuf_addstr(o, "(-");
		expr(g, e->u.un.e, o);
		strbuf_addch(o, ')');
		return;
	case E_BINARY: arith(g, e, o); return;
	case E_SUBQ: subquery(g, e, o); return;
	default: fail(g, e->pos, "no SQL spelling for this expression yet"); return;
	}
}

/* the text of a value as the engine renders it in a message (null: NULL) */
static void render(struct gen *g, const struct expr *e, struct strbuf *o)
{
	char *s = sub(g, e, 0);
	const struct sql_dialect *d = g->d;
	struct strbuf t = STRBUF_INIT, u = STRBUF_INIT, w = STRBUF_INIT, p = STRBUF_INIT;
	switch (e->type) {
	case VT_TEXT: case VT_ENUM: strbuf_addstr(o, s); break;
	case VT_INT: spell(o, d->to_text, s, NULL, NULL); break;
	case VT_DECIMAL:
		/* canonical: no trailing zeros, no fraction when whole */
		spell(&t, d->idiv, s, "1000000", NULL);
		spell(&u, d->to_text, t.buf, NULL, NULL);
		strbuf_reset(&t);
		strbuf_addf(&w, "abs(%s)", s);
		spell(&t, d->idiv, w.buf, "1000000", NULL);
		strbuf_reset(&w);
		spell(&w, d->to_text, t.buf, NULL, NULL);
		strbuf_reset(&t);
		strbuf_addf(&t, "(abs(%s) %% 1000000)", s);
		spell(&p, d->pad6, t.buf, NULL, NULL);
		strbuf_reset(&t);
		spell(&t, d->rtrim0, p.buf, NULL, NULL);
		strbuf_addf(o, "(CASE WHEN %s %% 1000000 = 0 THEN %s ELSE (CASE WHEN %s < 0 THEN '-' ELSE '' END) "
			    "|| %s || '.' || %s END)", s, u.buf, s, w.buf, t.buf);
		break;
	case VT_DATE: spell(o, d->date_render, s, NULL, NULL); break;
	case VT_DATETIME: spell(o, d->dt_render, s, NULL, NULL); break;
	case VT_BOOL:
		strbuf_addf(o, "(CASE WHEN %s THEN 'true' WHEN NOT %s THEN 'false' END)", s, s);
		break;
	default: strbuf_addstr(o, "NULL"); break;
	}
	free(s);
	strbuf_release(&t);
	strbuf_release(&u);
	strbuf_release(&w);
	strbuf_release(&p);
}

/* ---- rules ------------------------------------------------------------ */

static const struct step *binding_step(const struct rule_plan *rp, int slot)
{
	size_t k;
	for (k = 0; k < rp->nsteps; k++)
		if ((rp->steps[k].kind == ST_SCAN || rp->steps[k].kind == ST_LOOKUP ||
		     rp->steps[k].kind == ST_NESTED) && rp->steps[k].slot == slot)
			return &rp->steps[k];
	return NULL;
}

/* 'var=ds[' || COALESCE(v.col, '') || ']' joined by ';' */
static void evidence(const struct sql_dialect *d, const struct rule_plan *rp, const char *col, struct strbuf *o)
{
	struct strbuf t = STRBUF_INIT;
	int i, n = 0;
	for (i = 0; i < rp->nbind; i++) {
		const struct step *st = binding_step(rp, rp->bind_slots[i]);
		if (!st)
			continue;
		strbuf_reset(&t);
		strbuf_addf(&t, "%s%s=%s[", n++ ? ";" : "", st->cl->var, st->ds->name);
		if (i)
			strbuf_addstr(o, " || ");
		quote(d, o, t.buf, t.len);
		strbuf_addstr(o, " || COALESCE(");
		column(d, o, st->slot, col);
		strbuf_addstr(o, ", '') || ']'");
	}
	if (!n)
		strbuf_addstr(o, "''");
	strbuf_release(&t);
}

/* findings.csv's evidence_sources: 'var=' || file:line joined by ';'
 * ("var=" for a left join that matched nothing) */
static void evidence_sources(const struct sql_dialect *d, const struct rule_plan *rp, struct strbuf *o)
{
	struct strbuf t = STRBUF_INIT, l = STRBUF_INIT;
	int i, n = 0;
	for (i = 0; i < rp->nbind; i++) {
		const struct step *st = binding_step(rp, rp->bind_slots[i]);
		if (!st)
			continue;
		strbuf_reset(&t);
		strbuf_reset(&l);
		strbuf_addf(&t, "%s%s=", n++ ? ";" : "", st->cl->var);
		if (i)
			strbuf_addstr(o, " || ");
		quote(d, o, t.buf, t.len);
		strbuf_addstr(o, " || COALESCE(");
		column(d, o, st->slot, "__file");
		strbuf_addstr(o, " || ':' || ");
		column(d, &l, st->slot, "__line");
		spell(o, d->to_text, l.buf, NULL, NULL);
		strbuf_addstr(o, ", '')");
	}
	if (!n)
		strbuf_addstr(o, "''");
	strbuf_release(&t);
	strbuf_release(&l);
}

/* a join's lookup has a key equality (the index or a residual key part) */
static int has_equality(const struct lookup *lk)
{
	size_t k;
	if (lk->idx)
		return 1;
	for (k = 0; k < lk->nconds; k++)
		if (lk->cond_is_key[k])
			return 1;
	return 0;
}

static void rule_query(struct gen *g, const struct rule_plan *rp, struct strbuf *o)
{
	const struct rule *r = rp->rule;
	const struct step *drive = &rp->steps[0];
	struct strbuf where = STRBUF_INIT, fp = STRBUF_INIT, msg = STRBUF_INIT;
	size_t k, nwhere = 0;
	g->rp = rp;
	g->lift = 1;
	g->nused = 0;
	g->nfailed = 0;
	strbuf_reset(&g->from);
	/* the FROM first: the magic tables of aggregates repeat it */
	relation(g->d, &g->from, drive->ds->name);
	strbuf_addstr(&g->from, " AS ");
	alias(g->d, &g->from, drive->slot);
	for (k = 1; k < rp->nsteps; k++) {
		const struct step *st = &rp->steps[k];
		if (st->kind != ST_LOOKUP && st->kind != ST_NESTED)
			continue;
		strbuf_addstr(&g->from, st->left ? "\nLEFT JOIN " : "\nJOIN ");
		relation(g->d, &g->from, st->ds->name);
		strbuf_addstr(&g->from, " AS ");
		alias(g->d, &g->from, st->slot);
		strbuf_addstr(&g->from, " ON ");
		if (g->d->distributed && !has_equality(&st->lk))
			fail(g, st->cl->pos, "a join without an `=` between a field of the joined row and the rows "
					     "before is a nested loop on distributed engines (add an equality, or "
					     "run it on duckdb or postgres)");
		g->lift = 0;
		lookup_cond(g, &st->lk, st->slot, &g->from);
		g->lift = 1;
	}
	/* the message */
	for (k = 0; r->message && k < r->message->nparts; k++) {
		const struct tmpl_part *p = &r->message->parts[k];
		if (k)
			strbuf_addstr(&msg, " || ");
		if (p->e) {
			strbuf_addstr(&msg, "COALESCE(");
			render(g, p->e, &msg);
			strbuf_addstr(&msg, ", '(blank)')");
		} else {
			quote(g->d, &msg, p->text, p->len);
		}
	}
	if (!msg.len)
		strbuf_addstr(&msg, "''");
	/* the fingerprint's input: "v2", rule, identity, identity evidence, each ended by 0x1F */
	strbuf_addf(&fp, "'v2' || %s || ", g->d->sep);
	quote(g->d, &fp, r->id, strlen(r->id));
	strbuf_addf(&fp, " || %s || ", g->d->sep);
	column(g->d, &fp, drive->slot, "__ident");
	strbuf_addf(&fp, " || %s || ", g->d->sep);
	evidence(g->d, rp, "__ident", &fp);
	strbuf_addf(&fp, " || %s", g->d->sep);

	strbuf_addstr(o, "SELECT ");
	quote(g->d, o, r->id, strlen(r->id));
	strbuf_addstr(o, " AS rule_id, ");
	strbuf_addf(o, "'%s' AS severity, ", ast_severity_name(r->severity));
	quote(g->d, o, drive->ds->name, strlen(drive->ds->name));
	strbuf_addstr(o, " AS dataset,\n  ");
	column(g->d, o, drive->slot, "__key");
	strbuf_addstr(o, " AS record_key, ");
	column(g->d, o, drive->slot, "__file");
	strbuf_addstr(o, " AS source_file, ");
	column(g->d, o, drive->slot, "__line");
	strbuf_addstr(o, " AS source_line,\n  ");
	strbuf_add(o, msg.buf, msg.len);
	strbuf_addstr(o, " AS message,\n  ");
	evidence(g->d, rp, "__key", o);
	strbuf_addstr(o, " AS evidence,\n  ");
	if (g->d->hash) {
		spell(o, g->d->hash, fp.buf, NULL, NULL);
	} else {
		strbuf_addstr(o, "'sha256:' || hex(");
		strbuf_add(o, fp.buf, fp.len);
		strbuf_addch(o, ')');
	}
	strbuf_addstr(o, " AS fingerprint,\n  ");
	evidence_sources(g->d, rp, o);
	for (k = 1; k < rp->nsteps; k++)
		if (rp->steps[k].kind == ST_FILTER) {
			strbuf_addstr(&where, nwhere++ ? "\n  AND " : "\nWHERE ");
			top_cond(g, rp->steps[k].e, &where);
		}
	strbuf_addstr(o, " AS evidence_sources\nFROM ");
	strbuf_add(o, g->from.buf, g->from.len);
	agg_joins(g, 0, 1, o);
	strbuf_add(o, where.buf, where.len);
	strbuf_release(&where);
	strbuf_release(&fp);
	strbuf_release(&msg);
	for (k = 0; k < g->naggs; k++) {
		free(g->aggs[k].join);
		free(g->aggs[k].deps);
	}
	g->naggs = 0;
}

/* ---- loading the converted CSVs, or naming the warehouse tables -------- */

static const char *const meta[] = { "__file", "__line", "__key", "__ident", "__null" };

/* a field's value in the engine's representation, from its column src:
 * the loaded text (canonical CSV: "" is null, __null tells an empty text)
 * or, for warehouse tables, the typed column */
static void field_value(const struct sql_dialect *d, const struct field *f, size_t i, const char *src,
			struct strbuf *o)
{
	struct strbuf x = STRBUF_INIT;
	if (d->load == LOAD_TABLES)
		strbuf_addstr(&x, src);
	else
		strbuf_addf(&x, "NULLIF(%s, '')", src);
	switch (f->type) {
	case VT_INT: strbuf_addf(o, "CAST(%s AS %s)", x.buf, d->t_int); break;
	case VT_DECIMAL: spell(o, d->dec_load, x.buf, NULL, NULL); break;
	case VT_DATE: spell(o, d->date_load, x.buf, NULL, NULL); break;
	case VT_DATETIME: spell(o, d->dt_load, x.buf, NULL, NULL); break;
	case VT_BOOL:
		if (d->load == LOAD_TABLES)
			strbuf_addstr(o, src);
		else
			strbuf_addf(o, "CASE %s WHEN 'true' THEN %s WHEN 'false' THEN %s END", x.buf, d->lit_true,
				    d->lit_false);
		break;
	default:
		if (d->load == LOAD_TABLES) {
			strbuf_addstr(o, src);
			break;
		}
		/* text: the __null bitmap tells a null from an empty text */
		strbuf_addstr(o, "(CASE WHEN substr(");
		ident(d, o, "__null");
		strbuf_addf(o, ", %zu, 1) = '1' THEN NULL ELSE COALESCE(%s, '') END)%s", i + 1, src, d->text_suffix);
		break;
	}
	strbuf_release(&x);
}

/* SELECT list converting a raw or warehouse table to the typed form */
static void typed_columns(const struct sql_dialect *d, const struct dataset *ds, struct strbuf *o)
{
	struct strbuf c = STRBUF_INIT;
	size_t i;
	strbuf_addstr(o, "SELECT\n  ");
	ident(d, o, "__file");
	strbuf_addstr(o, ", CAST(");
	ident(d, o, "__line");
	strbuf_addf(o, " AS %s) AS ", d->t_int);
	ident(d, o, "__line");
	strbuf_addstr(o, ", ");
	ident(d, o, "__key");
	strbuf_addstr(o, ", ");
	ident(d, o, "__ident");
	for (i = 0; i < ds->nfields; i++) {
		strbuf_reset(&c);
		ident(d, &c, ds->fields[i].name);
		strbuf_addstr(o, ",\n  ");
		field_value(d, &ds->fields[i], i, c.buf, o);
		strbuf_addstr(o, " AS ");
		strbuf_add(o, c.buf, c.len);
	}
	strbuf_release(&c);
}

static void load_csv(const struct sql_dialect *d, const struct dataset *ds, const char *dir, struct strbuf *o)
{
	struct strbuf raw = STRBUF_INIT, path = STRBUF_INIT;
	const char *create = d->load == LOAD_SQLITE ? "CREATE TABLE " : "CREATE TEMP TABLE ";
	size_t i;
	strbuf_addf(&raw, "raw_%s", ds->name);
	strbuf_addf(&path, "%s/%s.csv", dir, ds->name);
	strbuf_addf(o, "\n-- %s: %s\n", ds->name, path.buf);
	strbuf_addstr(o, create);
	ident(d, o, raw.buf);
	if (d->load == LOAD_DUCKDB) {
		/* every column VARCHAR: nothing is inferred */
		strbuf_addstr(o, " AS SELECT * FROM read_csv(");
		quote(d, o, path.buf, path.len);
		strbuf_addstr(o, ", header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"',\n"
				 "  columns = {");
		for (i = 0; i < 5 + ds->nfields; i++) {
			const char *n = i < 5 ? meta[i] : ds->fields[i - 5].name;
			if (i)
				strbuf_addstr(o, ", ");
			quote(d, o, n, strlen(n));
			strbuf_addstr(o, ": 'VARCHAR'");
		}
		strbuf_addstr(o, "});\n");
	} else {
		strbuf_addch(o, '(');
		for (i = 0; i < 5 + ds->nfields; i++) {
			if (i)
				strbuf_addstr(o, ", ");
			ident(d, o, i < 5 ? meta[i] : ds->fields[i - 5].name);
			strbuf_addstr(o, " TEXT");
		}
		strbuf_addstr(o, ");\n");
		if (d->load == LOAD_SQLITE) {
			strbuf_addstr(o, ".import --csv --skip 1 ");
			ident(d, o, path.buf);
			strbuf_addch(o, ' ');
			strbuf_add(o, raw.buf, raw.len);
			strbuf_addch(o, '\n');
		} else {
			strbuf_addstr(o, "\\copy ");
			ident(d, o, raw.buf);
			strbuf_addstr(o, " FROM ");
			quote(d, o, path.buf, path.len);
			strbuf_addstr(o, " WITH (FORMAT csv, HEADER true)\n");
		}
	}
	strbuf_addstr(o, create);
	ident(d, o, ds->name);
	strbuf_addstr(o, " AS ");
	typed_columns(d, ds, o);
	strbuf_addstr(o, "\nFROM ");
	ident(d, o, raw.buf);
	strbuf_addstr(o, ";\n");
	strbuf_release(&raw);
	strbuf_release(&path);
}

/* schema.name, each dot-separated part of schema quoted */
static void table_name(const struct sql_dialect *d, const char *schema, const char *name, struct strbuf *o)
{
	const char *p, *dot;
	char *part;
	for (p = schema; p && *p; p = *dot ? dot + 1 : dot) {
		dot = strchr(p, '.');
		if (!dot)
			dot = p + strlen(p);
		part = xmemdup(p, (size_t)(dot - p));
		ident(d, o, part);
		free(part);
		strbuf_addch(o, '.');
	}
	ident(d, o, name);
}

/* the warehouse column type a field is expected to have */
static const char *table_type(const struct sql_dialect *d, enum vtype t)
{
	switch (t) {
	case VT_INT: return "BIGINT";
	case VT_DECIMAL: return "DECIMAL(38,6)";
	case VT_DATE: return "DATE";
	case VT_DATETIME: return d->t_ts;
	case VT_BOOL: return "BOOLEAN";
	default: return d->t_text;
	}
}

/* "-- table ..." comments, then `WITH ds AS (SELECT ... FROM schema.ds), ...` */
static void table_ctes(const struct sql_dialect *d, const struct verdict *v, const char *schema, struct strbuf *o)
{
	size_t i, f;
	strbuf_addstr(o, "-- expected tables (one per dataset; verdict convert's columns but __null, typed):\n");
	for (i = 0; i < v->prog.ndatasets; i++) {
		const struct dataset *ds = v->prog.datasets[i];
		strbuf_addstr(o, "--   ");
		table_name(d, schema, ds->name, o);
		strbuf_addf(o, " (__file %s, __line BIGINT, __key %s, __ident %s", d->t_text, d->t_text, d->t_text);
		for (f = 0; f < ds->nfields; f++) {
			strbuf_addstr(o, ", ");
			ident(d, o, ds->fields[f].name);
			strbuf_addf(o, " %s", table_type(d, ds->fields[f].type));
		}
		strbuf_addstr(o, ")\n");
	}
	if (d->preamble)
		strbuf_addstr(o, d->preamble);
	for (i = 0; i < v->prog.ndatasets; i++) {
		const struct dataset *ds = v->prog.datasets[i];
		strbuf_addstr(o, i ? ",\n" : "WITH ");
		relation(d, o, ds->name);
		strbuf_addstr(o, " AS (");
		typed_columns(d, ds, o);
		strbuf_addstr(o, "\nFROM ");
		table_name(d, schema, ds->name, o);
		strbuf_addch(o, ')');
	}
	if (v->prog.ndatasets)
		strbuf_addch(o, '\n');
}

int sqlgen_program(const struct verdict *v, const struct sqlgen_opts *opt, struct strbuf *out,
		   struct diagctx *dc)
{
	const struct sql_dialect *d = opt->dialect;
	const char *dir = opt->data_dir ? opt->data_dir : ".";
	struct gen g;
	struct strbuf q = STRBUF_INIT;
	size_t i, k, nerr;
	memset(&g, 0, sizeof(g));
	g.v = v;
	g.d = d;
	g.dc = dc;
	strbuf_init(&g.from, 0);
	strbuf_addf(out, "-- verdict %s: the rules compiled for %s (verdict sql)\n", VERDICT_VERSION, d->name);
	strbuf_addstr(out, "-- as-of date: ");
	value_format_date(out, v->as_of);
	strbuf_addch(out, '\n');
	if (d->sqlite)
		strbuf_addstr(out, "-- fingerprint: 'sha256:' and the hex of the bytes to hash; the client keeps "
				   "the first 16 hex digits of their SHA-256\n");
	if (d->load != LOAD_TABLES)
		for (i = 0; i < v->prog.ndatasets; i++)
			load_csv(d, v->prog.datasets[i], dir, out);
	strbuf_addstr(out, "\n-- findings\n");
	if (d->load == LOAD_TABLES)
		table_ctes(d, v, opt->tables, &q);
	strbuf_addstr(&q, "SELECT NULL AS rule_id, NULL AS severity, NULL AS dataset, NULL AS record_key, "
			  "NULL AS source_file, NULL AS source_line, NULL AS message, NULL AS evidence, "
			  "NULL AS fingerprint, NULL AS evidence_sources WHERE 1 = 0\n");
	for (i = 0; i < v->plans.nplans; i++) {
		const struct rule_plan *rp = &v->plans.plans[i];
		const struct rule *r = rp->rule;
		int skip = 0;
		for (k = 0; k < opt->nskip; k++)
			skip |= !strcmp(opt->skip[k], r->id);
		if (skip) {
			strbuf_addf(out, "-- %s: not evaluated (the converted data lacks an input it reads)\n", r->id);
			continue;
		}
		if (!rp->nsteps || !rp->steps[0].ds)
			continue;
		g.rule = r;
		g.lets = xcalloc((size_t)r->nlets + 1, sizeof(*g.lets));
		for (k = 0; k < r->nclauses; k++)
			if (r->clauses[k].kind == CL_LET && r->clauses[k].slot >= 0 && r->clauses[k].slot < r->nlets)
				g.lets[r->clauses[k].slot] = r->clauses[k].e;
		nerr = (size_t)g.errors;
		strbuf_addf(&q, "UNION ALL\n-- %s\n", r->id);
		rule_query(&g, rp, &q);
		strbuf_addch(&q, '\n');
		free(g.lets);
		(void)nerr;
	}
	strbuf_add(out, q.buf, q.len);
	strbuf_addstr(out, ";\n");
	strbuf_release(&q);
	strbuf_release(&g.from);
	free(g.aggs);
	free(g.used);
	free(g.failed);
	return g.errors ? -1 : 0;
}
