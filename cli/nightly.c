/*
 * nightly.c - baseline diff and waivers over the stream of findings (see
 * nightly.h).
 */
#include "cli/nightly.h"

#include <string.h>

int nightly_open(struct nightly *n, const char *baseline, const char *waivers,
		 const struct verdict *v)
{
	memset(n, 0, sizeof(*n));
	if (baseline) {
		n->has_baseline = 1;
		if (baseline_load(&n->base, baseline, v))
			return -1;
	}
	if (waivers) {
		n->has_waivers = 1;
		if (waivers_load(&n->waivers, waivers, v))
			return -1;
	}
	return 0;
}

int nightly_mark(struct nightly *n, struct report_finding *f, struct report_rule *rule)
{
	int is_new = 0;
	if (n->has_baseline) {
		is_new = !baseline_match(&n->base, f->fingerprint);
		f->change = is_new ? "new" : "persisting";
		rule->nnew += (size_t)is_new;
		n->rep.nnew += (size_t)is_new;
	}
	if (n->has_waivers) {
		const struct report_waiver *w = waivers_match(&n->waivers, f->rule_id, f->record_key,
							      f->fingerprint);
		if (w) {
			f->status = "waived";
			f->waiver = w->id;
			rule->waived++;
		}
	}
	return is_new;
}

const struct report_nightly *nightly_finish(struct nightly *n, struct report_rule *rules,
					    size_t nrules)
{
	struct report_nightly *rep = &n->rep;
	if (!n->has_baseline && !n->has_waivers)
		return NULL;
	if (n->has_baseline) {
		baseline_resolved(&n->base, rules, nrules);
		rep->baseline = 1;
		rep->baseline_path = n->base.path;
		memcpy(rep->baseline_sha256, n->base.sha256, sizeof(rep->baseline_sha256));
		rep->baseline_run_id = n->base.run_id;
		rep->resolved = n->base.resolved;
		rep->nresolved = n->base.nresolved;
	}
	if (n->has_waivers) {
		waivers_warn(&n->waivers);
		rep->waivers_path = n->waivers.path;
		memcpy(rep->waivers_sha256, n->waivers.sha256, sizeof(rep->waivers_sha256));
		rep->waivers = n->waivers.w;
		rep->nwaivers = n->waivers.n;
	}
	return rep;
}

void nightly_release(struct nightly *n)
{
	if (n->has_baseline)
		baseline_release(&n->base);
	if (n->has_waivers)
		waivers_release(&n->waivers);
	memset(n, 0, sizeof(*n));
}
