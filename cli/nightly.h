/*
 * nightly.h - what makes a run a nightly change report: the baseline diff
 * (cli/baseline.h) and the waivers (cli/waivers.h), applied to each
 * finding as verdict run streams it.
 *
 *   nightly_open    after the rules and as-of are known, before any
 *                   finding: reads and checks both files (-1: exit 2)
 *   nightly_mark    for every finding, before the writers see it: sets
 *                   change (new | persisting, "" without a baseline),
 *                   status (waived | open) and waiver, and counts the
 *                   finding into its rule's nnew and waived
 *   nightly_finish  after the last rule: the resolved findings, the
 *                   totals and the waiver warnings (stderr); the result
 *                   is what report_run.nightly points to (NULL when
 *                   neither option was given)
 */
#ifndef VERDICT_NIGHTLY_H
#define VERDICT_NIGHTLY_H

#include "cli/baseline.h"
#include "cli/waivers.h"

struct nightly {
	int has_baseline, has_waivers;
	struct baseline base;
	struct waivers waivers;
	struct report_nightly rep;
};

/* baseline, waivers: NULL when not given */
int nightly_open(struct nightly *n, const char *baseline, const char *waivers,
		 const struct verdict *v);
/* returns 1 when the finding is new against the baseline */
int nightly_mark(struct nightly *n, struct report_finding *f, struct report_rule *rule);
const struct report_nightly *nightly_finish(struct nightly *n, struct report_rule *rules,
					    size_t nrules);
void nightly_release(struct nightly *n);

#endif
