/*
 * testutil.h - helpers shared by the cmocka unit tests (header-only; tests
 * are never compiled into the library).
 */
#ifndef VERDICT_TESTUTIL_H
#define VERDICT_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lang/ast.h"
#include "lang/check.h"
#include "lang/diag.h"
#include "lang/parse.h"
#include "run/plan.h"
#include "lang/schema.h"
#include "util/strbuf.h"
#include "util/strpool.h"

/* Parse rule text (as file "test.rules") and check its datasets.
 * Fails the test on any diagnostic unless allow_errors. */
static inline int tu_parse(struct program *prog, struct strpool *pool, struct diagctx *dc,
			   const char *text, int allow_errors)
{
	struct srcfile *f = srcfile_from_string("test.rules", text, strlen(text));
	int rc;
	program_init(prog);
	diag_init(dc);
	rc = parse_srcfile(prog, f, dc);
	if (!rc)
		rc = schema_check(prog, pool, dc);
	if (!allow_errors && dc->n) {
		struct strbuf sb = STRBUF_INIT;
		diag_render(dc, &sb);
		print_error("unexpected diagnostics:\n%s", sb.buf);
		strbuf_release(&sb);
		fail();
	}
	return rc;
}

/* Parse rule text and run the full checker and planner (check.c,
 * plan.c); returns the number of errors.  Diagnostics stay in dc. */
static inline int tu_check(struct program *prog, struct planset *ps, struct strpool *pool,
			   struct diagctx *dc, const char *text)
{
	struct srcfile *f = srcfile_from_string("test.rules", text, strlen(text));
	program_init(prog);
	diag_init(dc);
	memset(ps, 0, sizeof(*ps));
	if (parse_srcfile(prog, f, dc) == 0 && check_program(prog, pool, dc) == 0)
		plan_program(ps, prog, dc);
	return dc->nerr;
}

static inline void tu_check_release(struct program *prog, struct planset *ps, struct diagctx *dc)
{
	if (ps->plans)
		plan_release(ps);
	check_release(prog);
	program_release(prog);
	diag_release(dc);
}

/* All diagnostics rendered as text. Caller frees. */
static inline char *tu_diags(const struct diagctx *dc)
{
	struct strbuf sb = STRBUF_INIT;
	diag_render(dc, &sb);
	return strbuf_detach(&sb, NULL);
}

/* Write bytes to a fresh temporary file; returns its path (caller frees,
 * and unlinks). */
static inline char *tu_tempfile(const char *suffix, const void *data, size_t len)
{
	char tmpl[] = "/tmp/verdict-test-XXXXXX";
	int fd = mkstemp(tmpl);
	char *path;
	FILE *fp;
	assert_true(fd >= 0);
	close(fd);
	unlink(tmpl);
	path = malloc(strlen(tmpl) + strlen(suffix) + 1);
	strcpy(path, tmpl);
	strcat(path, suffix);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	if (len)
		assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
	return path;
}

/* Write into a directory: dir/name */
static inline void tu_write(const char *dir, const char *name, const char *text)
{
	struct strbuf p = STRBUF_INIT;
	FILE *fp;
	strbuf_addf(&p, "%s/%s", dir, name);
	fp = fopen(p.buf, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	strbuf_release(&p);
}

#endif
