/*
 * error.h - the one channel for errors outside rule files (git's style).
 *
 *   if (!fp)
 *           return error_errno("cannot open %s", path);
 *
 * error() prints "PREFIX: MESSAGE" on stderr and returns -1, so a failing
 * function reports and returns in one statement; error_errno() appends
 * ": strerror(errno)"; warning() prints "PREFIX: warning: MESSAGE".
 * PREFIX is "verdict" until the command line names the command
 * ("verdict run").  Rule-file problems are diagnostics (lang/diag.h),
 * findings about data are data-quality findings (data/dq.h); this channel
 * is for everything else: files that cannot be opened or written, bad
 * options, internal failures.
 *
 * An error message identical to one already printed is not printed
 * again (a full disk fails every write the same way).
 *
 * Tests (and embedders) capture messages with error_set_routine(); the
 * routine receives the kind ("error" or "warning") and the message
 * without prefix or newline.  The prefix and routine are process-wide:
 * set them before starting threads.
 */
#ifndef VERDICT_ERROR_H
#define VERDICT_ERROR_H

typedef void (*error_routine)(void *ud, const char *kind, const char *msg);

int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int error_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "verdict run", say; NULL restores "verdict".  The string must outlive its use. */
void error_set_prefix(const char *prefix);
/* NULL restores printing on stderr */
void error_set_routine(error_routine fn, void *ud);

#endif
