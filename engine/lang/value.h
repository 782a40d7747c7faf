/*
 * value.h - the value types of verdict and their text forms.
 *
 * Type      storage (struct value.u)         text form read / written
 * text      s: string-pool id                any bytes (valid UTF-8 is checked on ingest)
 * int       i: int64                         [+-]digits
 * decimal   i: int64 scaled by 10^6          [+-]digits[.digits] (at most 6 fraction
 *                                            digits unless the extra ones are zeros)
 * date      i: days since 1970-01-01         YYYY-MM-DD, calendar-checked
 * datetime  i: microseconds since the epoch, UTC
 *                                            YYYY-MM-DD(T| )HH:MM[:SS[.f+]](Z|+HH:MM|-HH:MM|+HHMM);
 *                                            fraction digits past the 6th (.NET writes 7)
 *                                            are dropped; second 60 (a leap second) is
 *                                            accepted and counts as the next minute's 0
 * bool      i: 0 or 1                        true/false, 1/0, yes/no, any case
 * enum      s: string-pool id of the declared spelling (matched ignoring case)
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
#define DEC_DIGITS 6

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
