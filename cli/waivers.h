/*
 * waivers.h - approved exceptions (verdict run --waivers FILE).
 *
 * FILE is CSV with a header naming at least the columns waiver_id,
 * rule_id, record_key, fingerprint, reason, approved_by, ticket,
 * expires_on (any order; other columns are ignored).  Each row needs a
 * waiver_id (unique), a rule_id, and a record_key or a fingerprint;
 * expires_on is YYYY-MM-DD or empty (no expiry).  A broken row is an
 * input error naming FILE:LINE (exit 2); a rule_id the pack does not know
 * is a warning.  The apostrophe findings.csv puts before formula-like
 * text is dropped from record_key and fingerprint, so both can be copied
 * from findings.csv as they are.
 *
 * A waiver applies to a finding of its rule_id when every one it gives of
 * fingerprint and record_key equals the finding's; record_key "*" waives
 * the whole rule.  An expired waiver (expires_on before as-of) applies to
 * nothing.  When several apply, the first of: a fingerprint waiver, a
 * record_key waiver, a whole-rule waiver, each in file order.
 */
#ifndef VERDICT_WAIVERS_H
#define VERDICT_WAIVERS_H

#include <stddef.h>
#include <stdint.h>

#include "run/verdict.h"
#include "reports/report.h"
#include "cli/csvtab.h"

#define WAIVERS_WARN_DAYS 30   /* warn about waivers expiring this soon */

struct waivers {
	char *path;
	char sha256[65];
	struct csvtab tab;
	struct report_waiver *w;
	size_t n;
};

/* Reads and checks path; 0, or -1 after reporting (exit 2). */
int waivers_load(struct waivers *ws, const char *path, const struct verdict *v);
/* The waiver that applies to the finding (counted in its matched), or NULL. */
const struct report_waiver *waivers_match(struct waivers *ws, const char *rule_id,
					  const char *record_key, const char *fingerprint);
/* Warnings on stderr, after the run: expired, stale, expiring soon. */
void waivers_warn(const struct waivers *ws);
void waivers_release(struct waivers *ws);

#endif
