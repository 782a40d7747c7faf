/*
 * test_alloc.c - out-of-memory fault injection (after SQLite's): the n-th
 * allocation fails, for every n through a whole pipeline (parse, check,
 * plan, load CSV and XML, evaluate).  Each attempt runs in a child
 * process; it must end with the out-of-memory exit status 3 (or 0 once n
 * is past the last allocation), never with a signal.
 */
#include "testutil.h"

#include <sys/wait.h>

#include "util/alloc.h"
#include "run/verdict.h"

static void die_quietly(size_t n)
{
	(void)n;
	_exit(3); /* what exit(3) does, without the leak checker's report */
}

static int count_findings;

static void on_finding(void *ud, const struct eval_finding *f)
{
	(void)ud;
	(void)f;
	count_findings++;
}

/* the pipeline under test: the example rules on their small bundle */
static int pipeline(void)
{
	struct verdict v;
	const char *rules = "tests/e2e/lang/lang.rules";
	struct strbuf err = STRBUF_INIT;
	verdict_init(&v);
	if (verdict_load_rules(&v, &rules, 1) || verdict_set_as_of(&v, "2026-11-25", &err))
		return 2;
	verdict_load_data(&v, "tests/e2e/lang/data", 0);
	verdict_run(&v, on_finding, NULL);
	verdict_release(&v);
	strbuf_release(&err);
	return count_findings == 6 ? 0 : 1;
}

static int run_failing_at(long n)
{
	pid_t pid = fork();
	int status;
	if (pid == 0) {
		alloc_set_failure_handler(die_quietly);
		alloc_fail_after(n);
		_exit(pipeline());
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status)) {
		print_error("allocation %ld failing: killed by signal %d\n", n, WTERMSIG(status));
		fail();
	}
	return WEXITSTATUS(status);
}

static void test_every_allocation_can_fail(void **state)
{
	long n;
	int rc = 3, tried = 0;
	(void)state;
	if (access("tests/e2e/lang/lang.rules", R_OK))
		skip();
	/* every allocation up to the end of the pipeline: 3 until it succeeds */
	for (n = 0; rc == 3; n++) {
		rc = run_failing_at(n);
		tried++;
		if (rc != 3 && rc != 0) {
			print_error("allocation %ld failing: exit status %d (expected 3)\n", n, rc);
			fail();
		}
	}
	print_message("allocation failure points tried: %d (last n %ld)\n", tried, n);
	assert_int_equal(rc, 0);      /* past the last allocation, it completes */
	assert_true(tried > 100);     /* the pipeline really allocates */
}

static void test_grow_overflow_is_out_of_memory(void **state)
{
	pid_t pid;
	int status;
	(void)state;
	pid = fork();
	if (pid == 0) {
		char *p = NULL;
		size_t cap = 0;
		alloc_set_failure_handler(die_quietly);
		ALLOC_GROW(p, SIZE_MAX / 2, cap);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_allocation_can_fail),
		cmocka_unit_test(test_grow_overflow_is_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
