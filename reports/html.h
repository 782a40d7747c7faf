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

/* report.html embeds every finding, compactly (JSON), for its search
 * across rules, up to this many bytes of finding data (sink_opts'
 * html_embed_max overrides it); findings past it, in findings.csv order,
 * are left out of the search and the page says how many. */
#define HTML_EMBED_MAX ((size_t)16 << 20)

#endif
