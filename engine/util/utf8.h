/*
 * utf8.h - the one UTF-8 module: validation, decoding, encoding, and the
 * one replacement policy for invalid bytes.
 *
 * Valid means RFC 3629: shortest form only, no surrogates (U+D800..DFFF),
 * nothing past U+10FFFF.  The replacement policy (Unicode's "maximal
 * subpart" practice, as in the WHATWG decoder): each maximal invalid
 * subpart of a sequence becomes one U+FFFD.  Ingest flags invalid text
 * (DQ-ENCODING) with utf8_valid(); the HTML and JSON writers decode with
 * utf8_next() and replace what it rejects.
 */
#ifndef VERDICT_UTF8_H
#define VERDICT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

#define UTF8_REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD, as UTF-8 */

/* The sequence at s[0..n), n >= 1: returns its length (1..4) and sets *cp
 * when it is valid; otherwise returns 0 and sets *cp to the length of the
 * maximal invalid subpart (1..3), the bytes one U+FFFD replaces. */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);
/* 1 if s[0..n) is valid UTF-8 */
int utf8_valid(const char *s, size_t n);
/* Appends cp (at most U+10FFFF, not a surrogate) encoded as UTF-8. */
void utf8_add(struct strbuf *sb, uint32_t cp);
/* The one cap on raw values quoted in messages (a data-quality finding's
 * "(value: ...)", a rule message's {field}): a value longer than
 * UTF8_SHOW_MAX bytes is cut at a character boundary at or before it and
 * followed by the marker "... [N bytes]" (U+2026), N its full length.
 * Keys and fingerprints always use the whole value. */
#define UTF8_SHOW_MAX 200
void utf8_add_clipped(struct strbuf *sb, const char *s, size_t n);
/* Appends s[0..n) with the replacement policy applied: each maximal
 * invalid subpart becomes one U+FFFD, so the result is valid UTF-8.  Every
 * text written to a CSV file goes through it (reports/out.c,
 * out_csv_cell); the JSON and HTML encoders apply the same policy. */
void utf8_add_valid(struct strbuf *sb, const char *s, size_t n);
/* The one escape for data shown on a terminal (verdict run --format
 * text, verdict inspect): utf8_add_valid, and every control character
 * (C0, DEL, and C1 U+0080..U+009F) written as an escape: \n, \r, \t,
 * else \xHH (HH the code point, so U+0085 is \x85).  A backslash is
 * written as is.  A data value can then neither forge a line nor send an
 * escape sequence to the terminal. */
void utf8_add_escaped(struct strbuf *sb, const char *s, size_t n);
/* Number of code points in valid UTF-8 text (continuation bytes skipped). */
size_t utf8_count(const char *s, size_t n);

#endif
