/*
 * junit.h - the JUnit XML file of `verdict test --junit PATH`.
 *
 *   struct junit *j = junit_new();
 *   junit_suite_begin(j, "rules/csp/tests/resale.test");
 *   junit_case(j, "rules/csp/tests/resale.test", "a test", 0.004, NULL);
 *   junit_case(j, ..., "expected ...");   failure text: a failed test
 *   junit_suite_end(j);
 *   junit_write(j, "junit.xml", tests, failures);
 *   junit_free(j);
 *
 * One suite per test file, one case per test.  The document is built in
 * memory (the totals come first in it) and written atomically through
 * reports/out.h; errors are reported through util/error.h.
 */
#ifndef VERDICT_JUNIT_H
#define VERDICT_JUNIT_H

#include <stddef.h>

struct junit;

struct junit *junit_new(void);
void junit_suite_begin(struct junit *j, const char *name);
/* failure: the failure text, or NULL when the test passed */
void junit_case(struct junit *j, const char *classname, const char *name, double secs,
		const char *failure);
void junit_suite_end(struct junit *j);
/* writes the document with the run's totals (which also count test files
 * that could not be parsed); 0, or -1 after reporting */
int junit_write(struct junit *j, const char *path, size_t tests, size_t failures);
void junit_free(struct junit *j);

#endif
