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

#define DEC_RANGE_MSG "decimal out of range (at most 9223372036854.775807)"

static const int64_t pow10[DEC_DIGITS + 1] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

/* the digits dropped past the scale: first one, and whether any after it is nonzero */
struct dec_tail {
	int first;
	int sticky;
	int any;
};

/* half to even: up when the tail is above half, or exactly half and q odd */
static int dec_round_up(const struct dec_tail *t, uint64_t q)
{
	if (t->first > 5 || (t->first == 5 && t->sticky))
		return 1;
	return t->first == 5 && (q & 1);
}

int value_parse_decimal_round(const char *s, size_t n, int scale, int64_t *out, int *rounded,
			      const char **why)
{
	uint64_t ip = 0, fp = 0, lim = (uint64_t)INT64_MAX / DEC_SCALE;
	struct dec_tail tail = { 0, 0, 0 };
	int neg = 0, fd = 0, digits = 0, dropped = 0;
	unsigned __int128 q;
	size_t i = 0;
	trim(&s, &n);
	if (n && (s[0] == '+' || s[0] == '-'))
		neg = s[i++] == '-';
	for (; i < n && isdig(s[i]); i++, digits++) {
		ip = ip * 10 + (uint64_t)(s[i] - '0');
		if (ip > lim) {
			*why = DEC_RANGE_MSG;
			return -1;
		}
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && isdig(s[i]); i++, digits++) {
			int d = s[i] - '0';
			if (fd < scale) {
				fp = fp * 10 + (uint64_t)d;
				fd++;
			} else if (!dropped++) {
				tail.first = d;
				tail.any = d != 0;
			} else if (d) {
				tail.sticky = tail.any = 1;
			}
		}
	}
	if (i != n || !digits) {
		*why = "expected a decimal number";
		return -1;
	}
	q = (unsigned __int128)ip * (uint64_t)pow10[scale] + fp * (uint64_t)pow10[scale - fd];
	q += (unsigned)dec_round_up(&tail, (uint64_t)q);
	q *= (uint64_t)pow10[DEC_DIGITS - scale];
	if (q > (unsigned __int128)INT64_MAX) {
		*why = DEC_RANGE_MSG;
		return -1;
	}
	*out = neg ? -(int64_t)q : (int64_t)q;
	*rounded = tail.any;
	return 0;
}

int value_parse_decimal(const char *s, size_t n, int64_t *out, const char **why)
{
	int rounded;
	int64_t v;
	if (value_parse_decimal_round(s, n, DEC_DIGITS, &v, &rounded, why))
		return -1;
	if (rounded) {
		*why = "decimal with more than 6 fraction digits";
		return -1;
	}
	*out = v;
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

/* ---- dates and times ----------------------------------------------- */

#define US_PER_S 1000000LL
#define S_PER_DAY 86400LL
#define FRAC_KEPT 6                       /* microseconds */
#define MSG_NO_ZONE "datetime without a time zone (expected Z or an offset like +01:00)"
#define MSG_BAD_ZONE "bad time zone (expected Z or an offset like +01:00)"
#define MSG_DATETIME "expected a datetime YYYY-MM-DDTHH:MM:SSZ"
#define MSG_DATE "expected a date YYYY-MM-DD"

/* a date and time as written, before any check */
struct tparts {
	int64_t y;
	unsigned mo, d;
	int has_time;
	unsigned h, mi, s;
	int64_t us;
	int has_zone;
	int64_t off_s;
};

static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* checked parts -> days (date) or microseconds (datetime); see value.h for zones */
static int parts_value(enum vtype t, const struct tparts *p, int64_t zone, int64_t *out, const char **why)
{
	int64_t days, off, us;
	if (p->mo < 1 || p->mo > 12 || p->d < 1 || (int)p->d > value_days_in_month(p->y, p->mo)) {
		*why = "no such calendar date";
		return -1;
	}
	days = value_days_from_civil(p->y, p->mo, p->d);
	if (!p->has_time) {
		*out = t == VT_DATE ? days : days * S_PER_DAY * US_PER_S;
		return 0;
	}
	if (p->h > 23 || p->mi > 59 || p->s > 60) {
		*why = "no such time of day";
		return -1;
	}
	off = p->has_zone ? p->off_s : zone != VALUE_ZONE_NONE ? zone : 0;
	if (t == VT_DATETIME && !p->has_zone && zone == VALUE_ZONE_NONE) {
		*why = MSG_NO_ZONE;
		return -1;
	}
	us = (days * S_PER_DAY + p->h * 3600 + p->mi * 60 + p->s - off) * US_PER_S + p->us;
	*out = t == VT_DATE ? floor_div(us, S_PER_DAY * US_PER_S) : us;
	return 0;
}

/* Z | (+|-)hh[:]mm at s[*i]: 0 and *i past it, or -1 */
static int zone_at(const char *s, size_t n, size_t *i, int64_t *off_s)
{
	unsigned hh, mm;
	size_t k = *i;
	int sign;
	if (k < n && (s[k] == 'Z' || s[k] == 'z')) {
		*off_s = 0;
		*i = k + 1;
		return 0;
	}
	sign = k < n && s[k] == '+' ? 1 : k < n && s[k] == '-' ? -1 : 0;
	if (!sign || digits_at(s, n, k + 1, 2, &hh))
		return -1;
	k += 3;
	if (k < n && s[k] == ':')
		k++;
	if (digits_at(s, n, k, 2, &mm) || hh > 23 || mm > 59)
		return -1;
	*off_s = sign * (int64_t)(hh * 3600 + mm * 60);
	*i = k + 2;
	return 0;
}

int value_parse_zone(const char *s, int64_t *offset_s)
{
	size_t n = strlen(s), i = 0;
	if (!strcmp(s, "utc") || !strcmp(s, "UTC")) {
		*offset_s = 0;
		return 0;
	}
	return zone_at(s, n, &i, offset_s) || i != n ? -1 : 0;
}

/* up to `max` fraction digits after a '.' or ',' at s[*i] into microseconds
 * (digits past the 6th truncated); the number of digits read */
static int frac_at(const char *s, size_t n, size_t *i, int max, int64_t *us)
{
	int fd = 0;
	*us = 0;
	for (; *i < n && isdig(s[*i]) && fd < max; (*i)++, fd++)
		if (fd < FRAC_KEPT)
			*us = *us * 10 + (s[*i] - '0');
	for (int k = fd; k < FRAC_KEPT; k++)
		*us *= 10;
	return fd;
}

/* YYYY-MM-DD[(T| )HH:MM[:SS[(.|,)f+]][zone]]: 0, -1 (shape) or -2 (zone) */
static int iso_parts(const char *s, size_t n, struct tparts *p)
{
	unsigned y;
	size_t i = 16;
	memset(p, 0, sizeof(*p));
	if (n < 10 || digits_at(s, n, 0, 4, &y) || s[4] != '-' || digits_at(s, n, 5, 2, &p->mo) ||
	    s[7] != '-' || digits_at(s, n, 8, 2, &p->d))
		return -1;
	p->y = y;
	if (n == 10)
		return 0;
	if (n < 16 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    digits_at(s, n, 11, 2, &p->h) || s[13] != ':' || digits_at(s, n, 14, 2, &p->mi))
		return -1;
	p->has_time = 1;
	if (i < n && s[i] == ':') {
		if (digits_at(s, n, i + 1, 2, &p->s))
			return -1;
		i += 3;
		if (i < n && (s[i] == '.' || s[i] == ',')) {
			i++;
			if (!frac_at(s, n, &i, INT32_MAX, &p->us))
				return -1;
		}
	}
	if (i == n)
		return 0;
	p->has_zone = 1;
	return zone_at(s, n, &i, &p->off_s) || i != n ? -2 : 0;
}

int value_parse_date(const char *s, size_t n, int64_t *out, const char **why)
{
	struct tparts p;
	trim(&s, &n);
	if (n != 10 || iso_parts(s, n, &p)) {
		*why = MSG_DATE;
		return -1;
	}
	return parts_value(VT_DATE, &p, VALUE_ZONE_NONE, out, why);
}

int value_parse_iso(enum vtype t, int64_t zone, const char *s, size_t n, int64_t *out, const char **why)
{
	struct tparts p;
	int rc;
	trim(&s, &n);
	rc = iso_parts(s, n, &p);
	if (rc == -2) {
		*why = MSG_BAD_ZONE;
		return -1;
	}
	if (rc || (t == VT_DATETIME && !p.has_time)) {
		*why = t == VT_DATE ? MSG_DATE : MSG_DATETIME;
		return -1;
	}
	return parts_value(t, &p, zone, out, why);
}

int value_parse_datetime(const char *s, size_t n, int64_t *out, const char **why)
{
	return value_parse_iso(VT_DATETIME, VALUE_ZONE_NONE, s, n, out, why);
}

/* ---- patterns ------------------------------------------------------ */

enum vp_item {
	VP_LIT, VP_YEAR, VP_MON, VP_MON2, VP_DAY, VP_DAY2, VP_HOUR, VP_HOUR2, VP_HOUR12, VP_HOUR12_2,
	VP_MIN, VP_SEC, VP_FRAC, VP_AMPM, VP_ZONE
};

/* the parts a pattern names (bits of value_pattern.parts) */
enum vp_part { PT_YEAR, PT_MON, PT_DAY, PT_HOUR, PT_MIN, PT_SEC, PT_FRAC, PT_AMPM, PT_ZONE, PT_H12 };

static const char *const part_names[] = {
	"year (YYYY)", "month (M or MM)", "day (D or DD)", "hour (H, HH, h or hh)", "minute (mm)",
	"second (ss)", "fraction (.F)", "AM/PM marker (AM)", "zone (Z)"
};

#define PAT_TOKENS "YYYY, M, MM, D, DD, H, HH, h, hh, mm, ss, .F, AM, Z"
#define PAT_LETTERS "YMDHhmsFAZ"

static const struct {
	char letter;
	int run;
	enum vp_item item;
	enum vp_part part;
} pat_tokens[] = {
	{ 'Y', 4, VP_YEAR, PT_YEAR }, { 'M', 1, VP_MON, PT_MON }, { 'M', 2, VP_MON2, PT_MON },
	{ 'D', 1, VP_DAY, PT_DAY }, { 'D', 2, VP_DAY2, PT_DAY }, { 'H', 1, VP_HOUR, PT_HOUR },
	{ 'H', 2, VP_HOUR2, PT_HOUR }, { 'h', 1, VP_HOUR12, PT_HOUR }, { 'h', 2, VP_HOUR12_2, PT_HOUR },
	{ 'm', 2, VP_MIN, PT_MIN }, { 's', 2, VP_SEC, PT_SEC }, { 'Z', 1, VP_ZONE, PT_ZONE },
};

static int has_part(const struct value_pattern *p, enum vp_part k) { return (p->parts >> k) & 1; }

/* one token or literal at src[*i]; -1 with err */
static int pat_item(struct value_pattern *p, const char *src, size_t *i, struct strbuf *err)
{
	const char *at = src + *i;
	size_t run = 1, k;
	enum vp_item item = VP_LIT;
	enum vp_part part = PT_YEAR;
	if (!strncmp(at, ".F", 2) || !strncmp(at, "AM", 2)) {
		item = at[0] == '.' ? VP_FRAC : VP_AMPM;
		part = at[0] == '.' ? PT_FRAC : PT_AMPM;
		run = 2;
	} else if (strchr(PAT_LETTERS, *at)) {
		while (at[run] == at[0])
			run++;
		for (k = 0; k < sizeof(pat_tokens) / sizeof(pat_tokens[0]); k++)
			if (pat_tokens[k].letter == at[0] && (size_t)pat_tokens[k].run == run)
				item = pat_tokens[k].item, part = pat_tokens[k].part;
		if (item == VP_LIT) {
			strbuf_addf(err, "unknown token '%.*s' in format \"%s\" (tokens: %s)", (int)run, at, src,
				    PAT_TOKENS);
			return -1;
		}
	}
	if (p->n == VALUE_PATTERN_MAX) {
		strbuf_addf(err, "format \"%s\" is longer than %d tokens and characters", src, VALUE_PATTERN_MAX);
		return -1;
	}
	if (item != VP_LIT) {
		if (has_part(p, part)) {
			strbuf_addf(err, "format \"%s\" names the %s twice", src, part_names[part]);
			return -1;
		}
		p->parts |= 1u << part;
		if (item == VP_HOUR12 || item == VP_HOUR12_2)
			p->parts |= 1u << PT_H12;
	}
	p->lit[p->n] = *at;
	p->item[p->n++] = (uint8_t)item;
	*i += run;
	return 0;
}

/* the first rule a compiled pattern breaks, or NULL */
static const char *pat_missing(const struct value_pattern *p, enum vtype t)
{
	static const struct {
		enum vp_part part, needs;
		const char *msg;
	} deps[] = {
		{ PT_MIN, PT_HOUR, "has minutes but no hour (H, HH, h or hh)" },
		{ PT_SEC, PT_MIN, "has seconds but no minutes (mm)" },
		{ PT_FRAC, PT_SEC, "has a fraction but no seconds (ss)" },
		{ PT_ZONE, PT_HOUR, "has a zone but no hour (H, HH, h or hh)" },
		{ PT_H12, PT_AMPM, "has a 12-hour hour (h or hh) but no AM/PM marker (AM)" },
		{ PT_AMPM, PT_H12, "has an AM/PM marker but no 12-hour hour (h or hh): H and HH count to 23" },
	};
	size_t k;
	if (!has_part(p, PT_YEAR))
		return "has no year (YYYY)";
	if (!has_part(p, PT_MON))
		return "has no month (M or MM)";
	if (!has_part(p, PT_DAY))
		return "has no day (D or DD)";
	if (t == VT_DATETIME && !has_part(p, PT_HOUR))
		return "has no hour (H, HH, h or hh)";
	for (k = 0; k < sizeof(deps) / sizeof(deps[0]); k++)
		if (has_part(p, deps[k].part) && !has_part(p, deps[k].needs))
			return deps[k].msg;
	return NULL;
}

int value_pattern_compile(struct value_pattern *p, const char *src, enum vtype t, struct strbuf *err)
{
	const char *missing;
	size_t i = 0;
	memset(p, 0, sizeof(*p));
	if (!*src) {
		strbuf_addstr(err, "empty format");
		return -1;
	}
	while (src[i])
		if (pat_item(p, src, &i, err))
			return -1;
	missing = pat_missing(p, t);
	if (missing) {
		strbuf_addf(err, "%s format \"%s\" %s", value_type_name(t), src, missing);
		return -1;
	}
	return 0;
}

int value_pattern_has_zone(const struct value_pattern *p) { return has_part(p, PT_ZONE); }

/* min..max digits at s[*i] */
static int num_at(const char *s, size_t n, size_t *i, int min, int max, unsigned *v)
{
	int k = 0;
	*v = 0;
	for (; k < max && *i < n && isdig(s[*i]); k++, (*i)++)
		*v = *v * 10 + (unsigned)(s[*i] - '0');
	return k >= min ? 0 : -1;
}

/* AM or PM, any case: 0 (AM) or 1 (PM), -1 */
static int ampm_at(const char *s, size_t n, size_t *i)
{
	int pm;
	if (*i + 2 > n || (s[*i + 1] != 'M' && s[*i + 1] != 'm'))
		return -1;
	pm = s[*i] == 'P' || s[*i] == 'p';
	if (!pm && s[*i] != 'A' && s[*i] != 'a')
		return -1;
	*i += 2;
	return pm;
}

/* optional (.|,)digits for .F */
static int pfrac_at(const char *s, size_t n, size_t *i, int64_t *us)
{
	size_t k = *i + 1;
	*us = 0;
	if (*i + 1 >= n || (s[*i] != '.' && s[*i] != ',') || !isdig(s[k]))
		return 0;
	frac_at(s, n, &k, VALUE_FRAC_MAX, us);
	*i = k;
	return 0;
}

/* one item of p at s[*i] into t; -1 when the text does not match */
static int pat_read(const struct value_pattern *p, size_t k, const char *s, size_t n, size_t *i,
		    struct tparts *t, int *pm)
{
	unsigned y;
	switch ((enum vp_item)p->item[k]) {
	case VP_LIT: return *i < n && s[*i] == p->lit[k] ? (int)(++*i, 0) : -1;
	case VP_YEAR: return num_at(s, n, i, 4, 4, &y) ? -1 : (int)(t->y = y, 0);
	case VP_MON: return num_at(s, n, i, 1, 2, &t->mo);
	case VP_MON2: return num_at(s, n, i, 2, 2, &t->mo);
	case VP_DAY: return num_at(s, n, i, 1, 2, &t->d);
	case VP_DAY2: return num_at(s, n, i, 2, 2, &t->d);
	case VP_HOUR: case VP_HOUR12: return num_at(s, n, i, 1, 2, &t->h);
	case VP_HOUR2: case VP_HOUR12_2: return num_at(s, n, i, 2, 2, &t->h);
	case VP_MIN: return num_at(s, n, i, 2, 2, &t->mi);
	case VP_SEC: return num_at(s, n, i, 2, 2, &t->s);
	case VP_FRAC: return pfrac_at(s, n, i, &t->us);
	case VP_AMPM: return (*pm = ampm_at(s, n, i)) < 0 ? -1 : 0;
	case VP_ZONE: return zone_at(s, n, i, &t->off_s);
	}
	return -1;
}

int value_pattern_parse(const struct value_pattern *p, enum vtype t, int64_t zone, const char *s, size_t n,
			int64_t *out, const char **why)
{
	struct tparts tp;
	size_t i = 0, k;
	int pm = -1;
	trim(&s, &n);
	memset(&tp, 0, sizeof(tp));
	for (k = 0; k < p->n; k++)
		if (pat_read(p, k, s, n, &i, &tp, &pm))
			return VALUE_NOMATCH;
	if (i != n)
		return VALUE_NOMATCH;
	tp.has_time = has_part(p, PT_HOUR);
	tp.has_zone = has_part(p, PT_ZONE);
	if (pm >= 0) {
		if (tp.h < 1 || tp.h > 12) {
			*why = "no such time of day (a 12-hour clock counts 1 to 12)";
			return VALUE_INVALID;
		}
		tp.h = tp.h % 12 + (pm ? 12 : 0);
	}
	return parts_value(t, &tp, zone, out, why) ? VALUE_INVALID : 0;
}

/* ---- enums --------------------------------------------------------- */

static int enum_sep(char c) { return c == '_' || c == '-' || c == ' '; }

static char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

int value_enum_same(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < an && enum_sep(a[i]))
			i++;
		while (j < bn && enum_sep(b[j]))
			j++;
		if (i == an || j == bn)
			return i == an && j == bn;
		if (ascii_lower(a[i++]) != ascii_lower(b[j++]))
			return 0;
	}
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
	if (y >= 0 && y <= 9999) {   /* the common case without printf */
		char b[10] = { (char)('0' + y / 1000), (char)('0' + y / 100 % 10), (char)('0' + y / 10 % 10),
			       (char)('0' + y % 10), '-', (char)('0' + m / 10), (char)('0' + m % 10), '-',
			       (char)('0' + d / 10), (char)('0' + d % 10) };
		strbuf_add(sb, b, sizeof(b));
		return;
	}
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
