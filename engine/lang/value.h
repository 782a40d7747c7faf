/*
 * value.h - the value types of verdict and their text forms.
 *
 * Type      storage (struct value.u)         text form read / written
 * text      s: string-pool id                any bytes (valid UTF-8 is checked on ingest)
 * int       i: int64                         [+-]digits
 * decimal   i: int64 scaled by 10^6          [+-]digits[.digits] (at most 6 fraction
 *                                            digits unless the extra ones are zeros;
 *                                            value_parse_decimal_round rounds instead)
 * date      i: days since 1970-01-01         YYYY-MM-DD, calendar-checked
 * datetime  i: microseconds since the epoch, UTC
 *                                            YYYY-MM-DD(T| )HH:MM[:SS[.f+]](Z|+HH:MM|-HH:MM|+HHMM);
 *                                            fraction digits past the 6th (.NET writes 7)
 *                                            are dropped; second 60 (a leap second) is
 *                                            accepted and counts as the next minute's 0
 * bool      i: 0 or 1                        true/false, 1/0, yes/no, any case
 * enum      s: string-pool id of the declared spelling (matched ignoring case,
 *                                            '_', '-' and spaces: value_enum_same)
 *
 * Numbers, dates and bools ignore leading and trailing ASCII spaces and tabs
 * on input; text and enum values are taken as they are.
 *
 * A null value has null == 1 and a type (the static type of where it came
 * from, or VT_NULL for the literal null).
 */
#ifndef VERDICT_VALUE_H
#define VERDICT_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

enum vtype {
	VT_NULL = 0,   /* the type of the literal null */
	VT_TEXT,
	VT_INT,
	VT_DECIMAL,
	VT_DATE,
	VT_DATETIME,
	VT_BOOL,
	VT_ENUM,
	VT_NTYPES
};

#define DEC_SCALE 1000000LL
#define DEC_DIGITS 6            /* fraction digits held; also the largest decimal(N) */

struct value {
	uint8_t type;   /* enum vtype */
	uint8_t null;
	union {
		int64_t i;
		uint32_t s;
	} u;
};

/* A null of type t; a non-null value of a type held in u.i (int,
 * decimal, date, datetime, bool). */
static inline struct value value_null(enum vtype t)
{
	struct value v;
	v.type = (uint8_t)t;
	v.null = 1;
	v.u.i = 0;
	return v;
}

static inline struct value value_int(enum vtype t, int64_t i)
{
	struct value v;
	v.type = (uint8_t)t;
	v.null = 0;
	v.u.i = i;
	return v;
}

const char *value_type_name(enum vtype t);
int value_type_from_name(const char *name, enum vtype *t); /* 0 ok, -1 unknown */

/* Parsers: return 0 and store the value, or -1 and set *why to a static
 * message saying what was expected. */
int value_parse_int(const char *s, size_t n, int64_t *out, const char **why);
int value_parse_decimal(const char *s, size_t n, int64_t *out, const char **why);
int value_parse_date(const char *s, size_t n, int64_t *out, const char **why);
int value_parse_datetime(const char *s, size_t n, int64_t *out, const char **why);
int value_parse_bool(const char *s, size_t n, int64_t *out, const char **why);

/* Dispatches on t for the int64-stored types (int, decimal, date,
 * datetime, bool); -1 with *why for text, enum or a bad value. */
int value_parse(enum vtype t, const char *s, size_t n, int64_t *out, const char **why);

/* As value_parse_decimal, but with any number of fraction digits: the
 * value is rounded half to even to `scale` fraction digits (0..DEC_DIGITS)
 * and *rounded set to 1 when that changed it (0 otherwise). */
int value_parse_decimal_round(const char *s, size_t n, int scale, int64_t *out, int *rounded,
			      const char **why);

/* ---- dates and datetimes as fields read them ------------------------
 *
 * A zone is an offset in seconds east of UTC; VALUE_ZONE_NONE means none
 * was declared.  A text that carries no zone is read in the declared
 * zone; without one, a datetime is an error ("without a time zone") and
 * a date is the date as written.  A date field given a time of day with
 * a zone (from the text or declared) takes the UTC date of that instant.
 */
#define VALUE_ZONE_NONE INT64_MIN
#define VALUE_ZONE_MAX_S (23 * 3600 + 59 * 60)   /* offsets up to +-23:59 */

/* "utc", "UTC", "Z", "+01:00", "-0500" -> *offset_s; 0 ok, -1 not a zone */
int value_parse_zone(const char *s, int64_t *offset_s);

/* ISO 8601 for a date or datetime field: a date reads YYYY-MM-DD or an
 * ISO datetime (its date, in UTC when it has a zone); a datetime reads
 * what value_parse_datetime reads, a text without a zone at `zone`. */
int value_parse_iso(enum vtype t, int64_t zone, const char *s, size_t n, int64_t *out, const char **why);

/* Patterns (field option `format`).  Tokens, longest spelling first:
 *   YYYY year, 4 digits          M MM   month (1-2 / exactly 2 digits)
 *   D DD day                     H HH   hour 0-23
 *   h hh hour 1-12 (needs AM)    mm     minute, 2 digits
 *   ss   second, 2 digits (60: a leap second, the next minute's 0)
 *   .F   optional fraction: '.' or ',' then 1-7 digits (the 7th truncated:
 *        storage is microseconds), or nothing
 *   AM   the marker AM or PM, any case (12 AM is hour 0, 12 PM hour 12)
 *   Z    a zone: Z, +hh:mm, -hh:mm, +hhmm, -hhmm
 * Single-letter tokens take two digits when two follow, else one.  Any
 * other character matches itself (case-sensitive).  The letters Y M D H
 * h m s F A Z are token letters: a run of them that is no token (YY,
 * MMM, m, A) is an error.  A pattern names each part at most once, has a
 * year, month and day, and: minutes need an hour, seconds minutes, .F
 * seconds, h/hh and AM each other, Z an hour; a datetime pattern needs an
 * hour.  Leading and trailing spaces and tabs of the text are ignored. */
#define VALUE_PATTERN_MAX 40       /* tokens and literal characters */
#define VALUE_FRAC_MAX 7           /* digits of .F */

struct value_pattern {
	uint8_t item[VALUE_PATTERN_MAX];  /* token kinds (value.c), literal bytes in lit[] */
	char lit[VALUE_PATTERN_MAX];
	size_t n;
	unsigned parts;                   /* bit per part named (value.c) */
};

/* Compiles src for a field of type t (date or datetime): 0, or -1 with a
 * message in err (it names the bad token or the missing part). */
int value_pattern_compile(struct value_pattern *p, const char *src, enum vtype t, struct strbuf *err);
/* 1 when the pattern reads a zone (Z) */
int value_pattern_has_zone(const struct value_pattern *p);

#define VALUE_NOMATCH (-1)   /* the text does not have the pattern's shape */
#define VALUE_INVALID (-2)   /* it does, but names no such date or time: *why */
/* Reads s by p as a value of type t (date or datetime), at `zone` when
 * the text carries none (see above): 0 and *out, VALUE_NOMATCH, or
 * VALUE_INVALID with *why. */
int value_pattern_parse(const struct value_pattern *p, enum vtype t, int64_t zone, const char *s, size_t n,
			int64_t *out, const char **why);

/* Enum spellings: equal ignoring ASCII case, '_', '-' and ' '
 * (is_indirect_reseller_of = IsIndirectResellerOf = Is Indirect Reseller Of). */
int value_enum_same(const char *a, size_t an, const char *b, size_t bn);

/* Formatters append the canonical text form. */
void value_format_int(struct strbuf *sb, int64_t v);
void value_format_decimal(struct strbuf *sb, int64_t v);
void value_format_date(struct strbuf *sb, int64_t days);
void value_format_datetime(struct strbuf *sb, int64_t micros);

/* Calendar helpers (proleptic Gregorian). */
int64_t value_days_from_civil(int64_t y, unsigned m, unsigned d);
void value_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
int value_days_in_month(int64_t y, unsigned m);

/* Checked arithmetic: 0 ok, -1 overflow. */
int value_dec_mul(int64_t a, int64_t b, int64_t *out);
int value_dec_div(int64_t a, int64_t b, int64_t *out); /* b != 0; rounds half away from zero */

#endif
