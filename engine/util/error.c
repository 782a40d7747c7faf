/*
 * error.c - error(), error_errno(), warning() (see error.h).
 */
#include "util/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *prefix = "verdict";
static error_routine routine;
static void *routine_ud;

void error_set_prefix(const char *p) { prefix = p ? p : "verdict"; }

void error_set_routine(error_routine fn, void *ud)
{
	routine = fn;
	routine_ud = ud;
}

/* Each distinct error is printed once (a full disk fails every write the
 * same way): the FNV-1a hashes of the messages printed so far. */
#define SEEN_MAX 64
static unsigned long long seen[SEEN_MAX];
static int nseen;

static int seen_before(const char *msg)
{
	unsigned long long h = 1469598103934665603ULL;
	int i;
	for (; *msg; msg++)
		h = (h ^ (unsigned char)*msg) * 1099511628211ULL;
	for (i = 0; i < nseen; i++)
		if (seen[i] == h)
			return 1;
	if (nseen < SEEN_MAX)
		seen[nseen++] = h;
	return 0;
}

/* Control characters in a message (a file name or a value it quotes) are
 * written as \n, \r, \t, \xHH, as the text output does
 * (utf8_add_escaped), so that a file named with a newline or an escape
 * sequence cannot forge a line or drive the terminal.  Into a fixed
 * buffer: this channel allocates nothing. */
static void escape_controls(const char *in, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (; *in && o + 5 < cap; in++) {
		unsigned char c = (unsigned char)*in;
		unsigned cp = c;
		if (c == 0xc2 && (unsigned char)in[1] >= 0x80 && (unsigned char)in[1] <= 0x9f)
			cp = (unsigned char)*++in;          /* C1, U+0080..U+009F */
		else if (c >= 0x20 && c != 0x7f) {
			out[o++] = (char)c;
			continue;
		}
		out[o++] = '\\';
		if (cp == '\n' || cp == '\r' || cp == '\t')
			out[o++] = cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't';
		else {
			out[o++] = 'x';
			out[o++] = hex[cp >> 4];
			out[o++] = hex[cp & 15];
		}
	}
	out[o] = '\0';
}

/* Formats into a fixed buffer: this channel must work when memory is out. */
static void report(const char *kind, const char *suffix, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void report(const char *kind, const char *suffix, const char *fmt, va_list ap)
{
	char raw[4096], msg[4096 * 4];
	int n = vsnprintf(raw, sizeof(raw), fmt, ap);
	if (n < 0)
		n = 0, raw[0] = '\0';
	if (suffix && (size_t)n < sizeof(raw))
		snprintf(raw + n, sizeof(raw) - (size_t)n, ": %s", suffix);
	escape_controls(raw, msg, sizeof(msg));
	if (routine) {
		routine(routine_ud, kind, msg);
		return;
	}
	if (strcmp(kind, "error") == 0) {
		if (!seen_before(msg))
			fprintf(stderr, "%s: %s\n", prefix, msg);
	}
	else
		fprintf(stderr, "%s: %s: %s\n", prefix, kind, msg);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("error", NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int error_errno(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;
	va_start(ap, fmt);
	report("error", why, fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("warning", NULL, fmt, ap);
	va_end(ap);
}
