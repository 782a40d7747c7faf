/*
 * junit.c - the JUnit XML writer of verdict test (see junit.h).
 */
#include "reports/junit.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "reports/html.h"
#include "reports/out.h"

struct junit {
	struct strbuf suites;    /* the finished suites */
	struct strbuf cases;     /* the cases of the current suite */
	struct strbuf name;      /* the current suite's name, escaped */
	size_t tests, failures;  /* of the current suite */
};

static void junit_esc(struct strbuf *sb, const char *s)
{
	html_escape(sb, s, strlen(s));
}

struct junit *junit_new(void)
{
	struct junit *j = xcalloc(1, sizeof(*j));
	strbuf_init(&j->suites, 0);
	strbuf_init(&j->cases, 0);
	strbuf_init(&j->name, 0);
	return j;
}

void junit_suite_begin(struct junit *j, const char *name)
{
	strbuf_reset(&j->cases);
	strbuf_reset(&j->name);
	junit_esc(&j->name, name);
	j->tests = j->failures = 0;
}

void junit_case(struct junit *j, const char *classname, const char *name, double secs,
		const char *failure)
{
	struct strbuf *sb = &j->cases;
	j->tests++;
	strbuf_addstr(sb, "    <testcase classname=\"");
	junit_esc(sb, classname);
	strbuf_addstr(sb, "\" name=\"");
	junit_esc(sb, name);
	strbuf_addf(sb, "\" time=\"%.3f\"", secs);
	if (!failure) {
		strbuf_addstr(sb, "/>\n");
		return;
	}
	j->failures++;
	strbuf_addstr(sb, ">\n      <failure message=\"expectations not met\">");
	junit_esc(sb, failure);
	strbuf_addstr(sb, "</failure>\n    </testcase>\n");
}

void junit_suite_end(struct junit *j)
{
	strbuf_addf(&j->suites, "  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
		    j->name.buf, j->tests, j->failures);
	strbuf_add(&j->suites, j->cases.buf, j->cases.len);
	strbuf_addstr(&j->suites, "  </testsuite>\n");
}

int junit_write(struct junit *j, const char *path, size_t tests, size_t failures)
{
	struct outfile of;
	struct strbuf sb = STRBUF_INIT;
	int rc;
	if (out_open_path(&of, path))
		return -1;
	strbuf_addf(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"%zu\" "
			 "failures=\"%zu\">\n", tests, failures);
	strbuf_add(&sb, j->suites.buf, j->suites.len);
	strbuf_addstr(&sb, "</testsuites>\n");
	rc = out_write(&of, &sb);
	if (!rc)
		rc = out_commit(&of);
	else
		out_abort(&of);
	strbuf_release(&sb);
	return rc;
}

void junit_free(struct junit *j)
{
	if (!j)
		return;
	strbuf_release(&j->suites);
	strbuf_release(&j->cases);
	strbuf_release(&j->name);
	free(j);
}
