/*
 * value.c - parsing and formatting of typed values (see value.h).
 */
#include "lang/value.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const type_names[VT_NTYPES] = {
	"null", "text", "int", "decimal", "date", "datetime", "bool", "enum"
};

const char *value_type_name(enum vtype t)
{
	return t < VT_NTYPES ? type_names[t] : "?";
}

int value_type_from_name(const char *name, enum vtype *t)
{
	int i;
	for (i = VT_TEXT; i < VT_NTYPES; i++) {
		if (!strcmp(name, type_names[i])) {
			*t = (enum vtype)i;
			return 0;
		}
	}
	return -1;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static int isdig(char c) { return c >= '0' && c <= '9'; }

int value_parse_int(const char *s, size_t n, int64_t *out, const char **why)
{
	uint64_t v = 0, lim;
	int neg = 0;
	size_t i = 0;
	trim(&s, &n);
	if (n && (s[0] == '+' || s[0] == '-'))
		neg = s[i++] == '-';
	if (i == n) {
		*why = "expected an integer";
		return -1;
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < n; i++) {
		if (!isdig(s[i])) {
			*why = "expected an integer";
			return -1;
		}
		if (v > (lim - (uint64_t)(s[i] - '0')) / 10) {
			*why = "integer out of the 64-bit range";
			return -1;
		}
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

int value_parse_decimal(const char *s, size_t n, int64_t *out, const char **why)
{
	uint64_t ip = 0, fp = 0, lim = (uint64_t)INT64_MAX / DEC_SCALE;
	int neg = 0, fd = 0, digits = 0;
	size_t i = 0;
	trim(&s, &n);
	if (n && (s[0] == '+' || s[0] == '-'))
		neg = s[i++] == '-';
	for (; i < n && isdig(s[i]); i++, digits++) {
		ip = ip * 10 + (uint64_t)(s[i] - '0');
		if (ip > lim) {
			*why = "decimal out of range (at most 9223372036854.775807)";
			return -1;
		}
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && isdig(s[i]); i++, digits++) {
			if (fd < DEC_DIGITS) {
				fp = fp * 10 + (uint64_t)(s[i] - '0');
				fd++;
			} else if (s[i] != '0') {
				*why = "decimal with more than 6 fraction digits";
				return -1;
			}
		}
	}
	if (i != n || !digits) {
		*why = "expected a decimal number";
		return -1;
	}
	for (; fd < DEC_DIGITS; fd++)
		fp *= 10;
	ip = ip * DEC_SCALE + fp;
	if (ip > (uint64_t)INT64_MAX) {
		*why = "decimal out of range (at most 9223372036854.775807)";
		return -1;
	}
	*out = neg ? -(int64_t)ip : (int64_t)ip;
	return 0;
}

int value_days_in_month(int64_t y, unsigned m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 ? 28 + leap : dm[m - 1];
}

/* Howard Hinnant's days_from_civil. */
int64_t value_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void value_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* fixed-width digits at s[0..w) */
static int digits_at(const char *s, size_t n, size_t at, int w, unsigned *v)
{
	int i;
	*v = 0;
	if (at + (size_t)w > n)
		return -1;
	for (i = 0; i < w; i++) {
		if (!isdig(s[at + (size_t)i]))
			return -1;
		*v = *v * 10 + (unsigned)(s[at + (size_t)i] - '0');
	}
	return 0;
}

static int parse_ymd(const char *s, size_t n, int64_t *days, const char **why)
{
	unsigned y, m, d;
	if (n < 10 || digits_at(s, n, 0, 4, &y) || s[4] != '-' || digits_at(s, n, 5, 2, &m) ||
	    s[7] != '-' || digits_at(s, n, 8, 2, &d)) {
		*why = "expected a date YYYY-MM-DD";
		return -1;
	}
	if (m < 1 || m > 12 || d < 1 || (int)d > value_days_in_month(y, m)) {
		*why = "no such calendar date";
		return -1;
	}
	*days = value_days_from_civil(y, m, d);
	return 0;
}

int value_parse_date(const char *s, size_t n, int64_t *out, const char **why)
{
	trim(&s, &n);
	if (parse_ymd(s, n, out, why))
		return -1;
	if (n != 10) {
		*why = "expected a date YYYY-MM-DD";
		return -1;
	}
	return 0;
}

static int parse_zone(const char *s, size_t n, size_t i, int64_t *offset_s, const char **why)
{
	unsigned hh, mm;
	int sign;
	if (i == n) {
		*why = "datetime without a time zone (expected Z or an offset like +01:00)";
		return -1;
	}
	if (n - i == 1 && (s[i] == 'Z' || s[i] == 'z')) {
		*offset_s = 0;
		return 0;
	}
	sign = s[i] == '+' ? 1 : s[i] == '-' ? -1 : 0;
	if (!sign || digits_at(s, n, i + 1, 2, &hh))
		goto bad;
	i += 3;
	if (i < n && s[i] == ':')
		i++;
	if (digits_at(s, n, i, 2, &mm) || i + 2 != n || hh > 23 || mm > 59)
		goto bad;
	*offset_s = sign * (int64_t)(hh * 3600 + mm * 60);
	return 0;
bad:
	*why = "bad time zone (expected Z or an offset like +01:00)";
	return -1;
}

int value_parse_datetime(const char *s, size_t n, int64_t *out, const char **why)
{
	int64_t days, off, micros = 0;
	unsigned hh, mi, ss = 0;
	size_t i;
	trim(&s, &n);
	if (parse_ymd(s, n, &days, why)) {
		if (!strcmp(*why, "expected a date YYYY-MM-DD"))
			*why = "expected a datetime YYYY-MM-DDTHH:MM:SSZ";
		return -1;
	}
	if (n < 16 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    digits_at(s, n, 11, 2, &hh) || s[13] != ':' || digits_at(s, n, 14, 2, &mi))
		goto bad;
	i = 16;
	if (i < n && s[i] == ':') {
		if (digits_at(s, n, i + 1, 2, &ss))
			goto bad;
		i += 3;
		if (i < n && (s[i] == '.' || s[i] == ',')) {
			int fd = 0;
			for (i++; i < n && isdig(s[i]); i++, fd++)
				if (fd < 6)
					micros = micros * 10 + (s[i] - '0');
			if (!fd)
				goto bad;
			for (; fd < 6; fd++)
				micros *= 10;
		}
	}
	if (hh > 23 || mi > 59 || ss > 60) {
		*why = "no such time of day";
		return -1;
	}
	if (parse_zone(s, n, i, &off, why))
		return -1;
	*out = ((days * 86400 + hh * 3600 + mi * 60 + ss) - off) * 1000000 + micros;
	return 0;
bad:
	*why = "expected a datetime YYYY-MM-DDTHH:MM:SSZ";
	return -1;
}

int value_parse_bool(const char *s, size_t n, int64_t *out, const char **why)
{
	static const struct { const char *w; int v; } words[] = {
		{ "true", 1 }, { "false", 0 }, { "1", 1 }, { "0", 0 }, { "yes", 1 }, { "no", 0 },
	};
	size_t i;
	trim(&s, &n);
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strlen(words[i].w) == n && !strncasecmp(s, words[i].w, n)) {
			*out = words[i].v;
			return 0;
		}
	}
	*why = "expected a boolean (true/false, yes/no, 1/0)";
	return -1;
}

int value_parse(enum vtype t, const char *s, size_t n, int64_t *out, const char **why)
{
	switch (t) {
	case VT_INT: return value_parse_int(s, n, out, why);
	case VT_DECIMAL: return value_parse_decimal(s, n, out, why);
	case VT_DATE: return value_parse_date(s, n, out, why);
	case VT_DATETIME: return value_parse_datetime(s, n, out, why);
	case VT_BOOL: return value_parse_bool(s, n, out, why);
	default:
		*why = "not a number, date or bool type";
		return -1;
	}
}

void value_format_int(struct strbuf *sb, int64_t v) { strbuf_addf(sb, "%lld", (long long)v); }

void value_format_decimal(struct strbuf *sb, int64_t v)
{
	uint64_t a = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	uint64_t ip = a / DEC_SCALE, fp = a % DEC_SCALE;
	char frac[8];
	int k;
	strbuf_addf(sb, "%s%llu", v < 0 ? "-" : "", (unsigned long long)ip);
	if (!fp)
		return;
	snprintf(frac, sizeof(frac), "%06llu", (unsigned long long)fp);
	for (k = DEC_DIGITS; k > 0 && frac[k - 1] == '0'; k--)
		;
	frac[k] = '\0';
	strbuf_addf(sb, ".%s", frac);
}

void value_format_date(struct strbuf *sb, int64_t days)
{
	int64_t y;
	unsigned m, d;
	value_civil_from_days(days, &y, &m, &d);
	strbuf_addf(sb, "%04lld-%02u-%02u", (long long)y, m, d);
}

void value_format_datetime(struct strbuf *sb, int64_t micros)
{
	int64_t secs = micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
	int64_t us = micros - secs * 1000000;
	int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	int64_t rem = secs - days * 86400;
	value_format_date(sb, days);
	strbuf_addf(sb, "T%02d:%02d:%02d", (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	if (us)
		strbuf_addf(sb, ".%06d", (int)us);
	strbuf_addch(sb, 'Z');
}

int value_dec_mul(int64_t a, int64_t b, int64_t *out)
{
	__int128 p = (__int128)a * b;
	__int128 q = p / DEC_SCALE, r = p % DEC_SCALE;
	if (r * 2 >= DEC_SCALE)
		q++;
	else if (r * 2 <= -DEC_SCALE)
		q--;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}

int value_dec_div(int64_t a, int64_t b, int64_t *out)
{
	__int128 n = (__int128)a * DEC_SCALE, q = n / b, r = n % b;
	__int128 ar = r < 0 ? -r : r, ab = b < 0 ? -(__int128)b : b;
	if (ar * 2 >= ab)
		q += (n < 0) == (b < 0) ? 1 : -1;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}
