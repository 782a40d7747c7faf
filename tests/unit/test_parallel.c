/*
 * test_parallel.c - verdict_evaluate on several threads: the sink sees
 * exactly what one thread produces (rule_begin, findings, rule_end with
 * the rule's stats), whether held-back findings stay in memory or spill
 * to a temporary file; a spill file that cannot be created or written is
 * a clean error (-1, the reason, balanced rule_begin/rule_end, a prefix
 * of the findings), never a crash.
 */
#include "testutil.h"
#include "testrun.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define NROWS 3000

static const char rules[] =
	"dataset s { from csv \"s.csv\"  key Id  Id text  G int  Name text }\n"
	"dataset g { from csv \"g.csv\"  G int  Tag text }\n"
	"rule ALL { severity info  for x in s  message \"{x.Id} {x.Name} is here\" }\n"
	"rule FEW { severity info  for x in s  where x.G = 0  message \"{x.Id}\" }\n"
	"rule NONE { severity info  for x in s  where x.G > 100  message \"{x.Id}\" }\n"
	"rule JOIN { severity info  for x in s  join t in g on t.G = x.G\n"
	"  message \"{x.Id}/{t.Tag}\" }\n"
	"rule LEFT { severity info  for x in s  left join t in g on t.G = x.G and t.Tag = \"none\"\n"
	"  where x.G < 3  message \"{x.Id} {lower(x.Name)} ({t.Tag})\" }\n"
	"rule ALL2 { severity info  for x in s  message \"{upper(x.Name)} {x.Id} again, a longer message\" }\n";

static char *s_csv, *g_csv;

static int setup(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	int i;
	(void)state;
	strbuf_addstr(&sb, "Id,G,Name\n");
	for (i = 0; i < NROWS; i++)
		strbuf_addf(&sb, "r%d,%d,Name %d\n", i, i % 7, i * 31 % 1000);
	s_csv = strbuf_detach(&sb, NULL);
	g_csv = strdup("G,Tag\n1,one\n2,two\n1,uno\n5,five\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(s_csv);
	free(g_csv);
	return 0;
}

static char *run_ok(int threads, size_t budget, unsigned stall_ms)
{
	const char *const files[] = { "s.csv", s_csv, "g.csv", g_csv, NULL };
	struct tr_opts o = { threads, budget, 1, stall_ms };
	struct strbuf err = STRBUF_INIT;
	char *out;
	if (tr_run(rules, files, &o, &out, &err)) {
		print_error("%d threads, budget %zu: %s\n", threads, budget, err.buf);
		fail();
	}
	strbuf_release(&err);
	return out;
}

static void test_same_as_one_thread(void **state)
{
	/* a stalled first rule makes the others wait (and spill) for sure */
	static const struct { int threads; size_t budget; unsigned stall_ms; } cases[] = {
		{ 2, 0, 0 }, { 3, 0, 0 }, { 2, 1, 0 }, { 3, 1, 0 }, { 4, 100 << 10, 0 }, { 6, 1, 0 },
		{ 2, 1, 300 }, { 3, 100 << 10, 300 }, { 2, 0, 300 },
	};
	char *one = run_ok(1, 0, 0);
	size_t i;
	(void)state;
	assert_non_null(strstr(one, "end ALL (rows 3000, findings 3000)\n"));
	assert_non_null(strstr(one, "LEFT r1: r1 name 31 ((blank))\n"));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = run_ok(cases[i].threads, cases[i].budget, cases[i].stall_ms);
		if (strcmp(one, out)) {
			print_error("%d threads, budget %zu, stall %u ms: output differs\n", cases[i].threads,
				    cases[i].budget, cases[i].stall_ms);
			fail();
		}
		free(out);
	}
	free(one);
}

/* the finding lines of out are the first ones of full's; rules balanced */
static void assert_clean_prefix(const char *out, const char *full)
{
	size_t begins = 0, ends = 0;
	const char *p = out, *q = full;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p) + 1;
		begins += !strncmp(p, "begin ", 6);
		ends += !strncmp(p, "end ", 4);
		if (strncmp(p, "end ", 4)) {
			while (*q && !strncmp(q, "end ", 4))
				q = strchr(q, '\n') + 1;
			assert_true(*q && !strncmp(p, q, n));
			q += n;
		}
		p += n;
	}
	assert_int_equal(begins, ends);
}

/* in a child: evaluate with every later rule spilling at once, the first
 * rule stalled so that they do */
static void spill_fails(const char *want, void (*prepare)(void))
{
	char *full = run_ok(1, 0, 0);
	pid_t pid = fork();
	int status;
	if (pid == 0) {
		const char *const files[] = { "s.csv", s_csv, "g.csv", g_csv, NULL };
		struct tr_opts o = { 2, 1, 1, 300 };
		struct strbuf err = STRBUF_INIT;
		char *out;
		int rc;
		prepare();
		rc = tr_run(rules, files, &o, &out, &err);
		if (rc != -1 || !strstr(err.buf, want)) {
			fprintf(stderr, "rc %d, err '%s'\n", rc, err.buf);
			_exit(1);
		}
		assert_clean_prefix(out, full);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	free(full);
}

static void no_tmpdir(void)
{
	setenv("TMPDIR", "/nonexistent/verdict-test", 1);
}

static void small_files(void)
{
	struct rlimit rl = { 8192, 8192 };
	signal(SIGXFSZ, SIG_IGN); /* writes past the limit fail with EFBIG */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &rl), 0);
}

static void test_spill_file_cannot_be_created(void **state)
{
	(void)state;
	spill_fails("cannot create a temporary file for buffered findings in /nonexistent/verdict-test", no_tmpdir);
}

static void test_spill_file_cannot_be_written(void **state)
{
	(void)state;
	spill_fails("cannot write the temporary file of buffered findings", small_files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_one_thread),
		cmocka_unit_test(test_spill_file_cannot_be_created),
		cmocka_unit_test(test_spill_file_cannot_be_written),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
