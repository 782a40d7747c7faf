/*
 * rx.h - regular expressions (PCRE2, 8-bit, UTF, JIT where available).
 *
 * Every regex is compiled once (rx_compile, by the checker) and matched
 * with limits: a match that exceeds RX_MATCH_LIMIT steps or RX_DEPTH_LIMIT
 * backtracking depth fails with RX_ERROR instead of running away.  Subjects
 * that are not valid UTF-8 are matched as far as they are valid
 * (PCRE2_MATCH_INVALID_UTF), never rejected with an error.
 *
 * Flags after the closing slash: i (ignore case), m (multi-line), s (dot
 * matches newline), x (extended).
 */
#ifndef VERDICT_RX_H
#define VERDICT_RX_H

#include <stddef.h>

#include "lang/ast.h"
#include "lang/diag.h"

#define RX_MATCH_LIMIT 1000000u
#define RX_DEPTH_LIMIT 10000u

enum { RX_NOMATCH = 0, RX_MATCH = 1, RX_ERROR = -1 };

struct rx_scratch;

/* 0 on success; else a diagnostic at the offending character. */
int rx_compile(struct regex *re, struct diagctx *dc);
void rx_free(struct regex *re);
struct rx_scratch *rx_scratch_new(void);
void rx_scratch_free(struct rx_scratch *s);
int rx_match(const struct regex *re, struct rx_scratch *s, const char *subj, size_t n);

#endif
