/*
 * test.h - `verdict test`: rule unit tests in *.test files.
 *
 *   test "a CSP partner's corporate tenant may buy from another CSP partner" {
 *     rules "../datasets.rules", "../common.rules", "../resale.rules"
 *     param as_of = 2026-11-25
 *     data partners {
 *       PartnerId,PartnerName,CspRole
 *       1111111,Contoso Ltd,DirectBill
 *     }
 *     expect none CSP-RESALE-001
 *     expect CSP-CUSTOMER-001 count 1
 *     expect CSP-RESALE-002 key "INV-1|3"
 *     absent user_roles
 *     expect not_evaluated CSP-ROLE-001
 *   }
 *
 * Rule paths are relative to the test file.  A data block is CSV with the
 * header first, up to a line holding only '}'; each line's leading
 * whitespace is removed.  Columns are matched by field name (then the
 * field's `at` names), whatever the dataset's format; omitted columns are
 * null; datasets not given are empty.  Tables are read from the test
 * file's text in memory; their rows and findings carry .test lines.
 * `param as_of = D` fixes today() to D, like --as-of, whether or not the
 * rules declare a parameter as_of (and sets it when they do).
 *
 * `absent DATASET` makes the dataset provided by no source (as when no
 * file of its `from` exists): the rules reading it are not evaluated.
 *
 * Expectations: `expect RULE` (at least one finding), `expect RULE count
 * N` (exactly N), `expect RULE key "K"` (a finding with record key K;
 * with count: exactly N with that key), `expect none RULE` (no finding),
 * `expect not_evaluated RULE` (the rule was not evaluated: it reads an
 * absent dataset).  An expectation of findings (not `none`, not `count
 * 0`) from a rule that was not evaluated fails, showing the reason.
 * A test fails on an unknown rule id, on rule-file errors, and on
 * data-quality findings in its tables unless it expects DQ ids.
 */
#ifndef VERDICT_RTEST_H
#define VERDICT_RTEST_H

#include <stddef.h>

struct rtest_opts {
	int coverage;              /* fail when a rule is not tested both ways */
	const char *junit;         /* write JUnit XML here */
	const char *const *rules;  /* extra rule paths for coverage */
	size_t nrules;
	int verbose;               /* list passing tests too */
	const char *emit_dir;      /* write each case's tables, arguments and
	                            * findings here (verdict test --help) */
};

/* Runs every *.test file under paths (files or directories); prints
 * failures and "N passed, N failed"; returns the exit status (0, 1, 2). */
int rtest_main(const char *const *paths, size_t n, const struct rtest_opts *o);

#endif
