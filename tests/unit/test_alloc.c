/*
 * test_alloc.c - out-of-memory fault injection (after SQLite's): the n-th
 * allocation fails, for every n through a whole pipeline (parse, check,
 * plan, load CSV and XML, evaluate), and for n sampled across a whole
 * `verdict run` (CSV, JSON and XML readers, every writer) and `verdict
 * test --junit`, run in process through cli_main.  Each attempt runs in a
 * child process; it must end with the out-of-memory exit status 3 (or the
 * command's own once n is past the last allocation), never with a signal,
 * and a whole run must print its message, leave no temporary and keep
 * the previous outputs.
 */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cli/cli.h"
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

/* ---- a whole verdict run (tests/unit/alloc/: bundle.rules over a.csv,
 * b.json and c.xml; bundle.test) ---------------------------------------- */

#define BUNDLE "tests/unit/alloc"

static int oom_seen;

static void note_oom(size_t n)
{
	(void)n;
	oom_seen = 1;   /* alloc.c goes on: its message, cleanup_run(), exit(3) */
}

/* After exit(3) has run the command's own exit path: end before the leak
 * checker's report (registered before main, so it runs after this). */
static void quit_after_oom(void)
{
	if (oom_seen)
		_exit(3);
}

/* The command (argv) in a child, the n-th allocation failing (n < 0:
 * none), stdout to /dev/null, stderr to errpath.  Returns the exit status. */
static int command_failing_at(long n, char **argv, const char *errpath)
{
	pid_t pid = fork();
	int status, argc = 0;
	while (argv[argc])
		argc++;
	if (pid == 0) {
		int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600), nul = open("/dev/null", O_WRONLY);
		if (fd < 0 || nul < 0 || dup2(fd, 2) < 0 || dup2(nul, 1) < 0)
			_exit(99);
		setenv("SOURCE_DATE_EPOCH", "1764032400", 1);
		setenv("VERDICT_HASH_SEED", "1", 1);
		alloc_set_failure_handler(note_oom);
		atexit(quit_after_oom);
		alloc_fail_after(n);
		_exit(cli_main(argc, argv));
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status)) {
		print_error("allocation %ld failing: killed by signal %d\n", n, WTERMSIG(status));
		fail();
	}
	return WEXITSTATUS(status);
}

/* a NULL-terminated copy of list that cli_main can take (char **) */
static char **dup_argv(const char *const *list)
{
	size_t n = 0, i;
	char **v;
	while (list[n])
		n++;
	v = calloc(n + 1, sizeof(*v));
	assert_non_null(v);
	for (i = 0; i < n; i++)
		v[i] = strdup(list[i]);
	return v;
}

static void free_argv(char **v)
{
	size_t i;
	for (i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t k;
	if (!f)
		return NULL;
	while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, k);
	fclose(f);
	return strbuf_detach(&sb, NULL);
}

/* the names in dir, sorted, one a line */
static char *listing(const char *dir)
{
	struct dirent **names;
	struct strbuf sb = STRBUF_INIT;
	int i, n = scandir(dir, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		strbuf_addf(&sb, "%s\n", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return strbuf_detach(&sb, NULL);
}

/* The number of allocations the command makes: the least n whose failure
 * is not reached (binary search; each probe writes into a fresh probe/). */
static long count_allocations(char **argv, const char *tmp, const char *errpath)
{
	long lo = 0, hi = 1;
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf %s/probe %s/probe.xml", tmp, tmp);
	while (system(cmd), command_failing_at(hi, argv, errpath) == 3)
		lo = hi, hi *= 2;
	while (lo + 1 < hi) {
		long mid = lo + (hi - lo) / 2;
		if (system(cmd), command_failing_at(mid, argv, errpath) == 3)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* Fails allocation n for every other n (about 300 n spread over a longer
 * command); each must exit 3 with the message, no sanitizer report, and
 * leave dir (the outputs' directory) as the previous successful run left
 * it (no temporary, keep unchanged), or, when memory ran out after the
 * switch, with the new set whole (keep complete: it ends with end). */
/* what a reader of the outputs sees: where link points (when given) and
 * the contents of keep */
static char *snapshot(const char *link, const char *keep)
{
	char target[512];
	ssize_t k = link ? readlink(link, target, sizeof(target) - 1) : 0;
	char *text = slurp(keep), *res;
	struct strbuf sb = STRBUF_INIT;
	if (!text)
		return NULL;
	strbuf_add(&sb, target, k > 0 ? (size_t)k : 0);
	strbuf_addf(&sb, "\n%s", text);
	free(text);
	res = strbuf_detach(&sb, NULL);
	return res;
}

static int complete(const char *text, const char *end)
{
	size_t n = strlen(text), k = strlen(end);
	return n >= k && !strcmp(text + n - k, end);
}

static void sample_failures(char **argv, char **probe_argv, const char *tmp, const char *dir,
			    const char *link, const char *keep, const char *end, const char *prefix)
{
	char errpath[256], *before = listing(dir), *kept = snapshot(link, keep), *after, *now, *err;
	long total, n, step;
	int tried = 0, switched = 0;
	snprintf(errpath, sizeof(errpath), "%s/stderr", tmp);
	assert_non_null(kept);
	total = count_allocations(probe_argv, tmp, errpath);
	assert_true(total > 200);
	step = total / 300 + 1;
	for (n = 0; n < total; n += step, tried++) {
		int rc = command_failing_at(n, argv, errpath);
		err = slurp(errpath);
		/* "verdict: " before the command line names the command */
		if (rc != 3 || !err || (strncmp(err, prefix, strlen(prefix)) && strncmp(err, "verdict: ", 9)) ||
		    !strstr(err, "out of memory (allocating ") ||
		    strstr(err, "Sanitizer") || strstr(err, "runtime error")) {
			print_error("allocation %ld of %ld failing: exit status %d, stderr:\n%s\n", n, total, rc, err);
			fail();
		}
		after = listing(dir);
		now = snapshot(link, keep);
		if (!strcmp(before, after) && now && !strcmp(kept, now)) {
			free(after);
			free(now);
		} else if (now && strcmp(kept, now) && complete(now, end) && !strstr(after, ".verdict-tmp")) {
			/* out of memory after the one step that replaces the set
			 * (the rename of latest or of the junit file): the new
			 * set, whole, is in place; it is the previous one now */
			free(before);
			free(kept);
			before = after;
			kept = now;
			switched++;
		} else {
			print_error("allocation %ld of %ld failing: %s changed:\n%s\nwas\n%s\n", n, total, dir, after,
				    before);
			fail();
		}
		free(err);
	}
	print_message("%s: %d of %ld allocation failure points tried, %d after the switch\n", prefix, tried,
		      total, switched);
	free(before);
	free(kept);
}

static void test_whole_run_out_of_memory(void **state)
{
	char tmp[] = "/tmp/verdict-test-alloc-XXXXXX", out[128], probe[128], keep[160], runs[160], errpath[160];
	char latest[160];
	const char *args[] = { "verdict", "run", "-q", "-r", BUNDLE "/bundle.rules", "-d", BUNDLE "/data", "-o", out,
			       "--as-of", "2026-11-25", "--threads", "1", "--format", "html,csv,json,text", NULL };
	char **argv, **probe_argv;
	char cmd[200];
	(void)state;
	if (access(BUNDLE "/bundle.rules", R_OK))
		skip();
	assert_non_null(mkdtemp(tmp));
	snprintf(out, sizeof(out), "%s/o", tmp);
	snprintf(probe, sizeof(probe), "%s/probe", tmp);
	snprintf(keep, sizeof(keep), "%s/o/latest/manifest.json", tmp);
	snprintf(runs, sizeof(runs), "%s/o/runs", tmp);
	snprintf(latest, sizeof(latest), "%s/o/latest", tmp);
	snprintf(errpath, sizeof(errpath), "%s/stderr", tmp);
	argv = dup_argv(args);
	args[8] = probe;
	probe_argv = dup_argv(args);
	/* the previous night's outputs (exit 1: findings) */
	assert_int_equal(command_failing_at(-1, argv, errpath), 1);
	sample_failures(argv, probe_argv, tmp, runs, latest, keep, "}\n", "verdict run");
	free_argv(argv);
	free_argv(probe_argv);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	assert_int_equal(system(cmd), 0);
}

static void test_junit_out_of_memory(void **state)
{
	char tmp[] = "/tmp/verdict-test-alloc-XXXXXX", junit[128], probe[128], errpath[160], dir[128];
	const char *args[] = { "verdict", "test", BUNDLE "/bundle.test", "--junit", junit, NULL };
	char **argv, **probe_argv;
	char cmd[200];
	(void)state;
	if (access(BUNDLE "/bundle.test", R_OK))
		skip();
	assert_non_null(mkdtemp(tmp));
	snprintf(dir, sizeof(dir), "%s/j", tmp);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(junit, sizeof(junit), "%s/j/junit.xml", tmp);
	snprintf(probe, sizeof(probe), "%s/probe.xml", tmp);
	snprintf(errpath, sizeof(errpath), "%s/stderr", tmp);
	argv = dup_argv(args);
	args[4] = probe;
	probe_argv = dup_argv(args);
	assert_int_equal(command_failing_at(-1, argv, errpath), 1);   /* one test fails */
	sample_failures(argv, probe_argv, tmp, dir, NULL, junit, "</testsuites>\n", "verdict test");
	free_argv(argv);
	free_argv(probe_argv);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_allocation_can_fail),
		cmocka_unit_test(test_grow_overflow_is_out_of_memory),
		cmocka_unit_test(test_whole_run_out_of_memory),
		cmocka_unit_test(test_junit_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
