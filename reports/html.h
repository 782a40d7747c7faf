/*
 * html.h - HTML escaping, shared by report.html (reports/html.c) and the
 * JUnit XML of verdict test (reports/junit.c).
 */
#ifndef VERDICT_HTML_H
#define VERDICT_HTML_H

#include <stddef.h>

#include "util/strbuf.h"

/* Appends s HTML-escaped (& < > " ' and control characters); invalid
 * UTF-8 bytes become U+FFFD.  A NULL s appends nothing. */
void html_escape(struct strbuf *sb, const char *s, size_t n);

#endif
