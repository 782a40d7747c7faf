/*
 * cleanup.h - temporary paths removed when the process is killed.
 *
 * Code that creates a temporary file or directory registers its path
 * (cleanup_add) and unregisters it once the path is final or removed
 * (cleanup_del).  After cleanup_install(), SIGINT, SIGTERM and SIGHUP
 * remove every registered path (files first, then directories, which
 * must be empty by then) and end the process
 * with exit status 128 + the signal number.  SIGINT or SIGHUP ignored
 * when the process starts (a background job of a script, nohup) stays
 * ignored.  An out-of-memory exit
 * (util/alloc.c) removes them too (cleanup_run).
 *
 * The handler only calls unlink(2), rmdir(2) and _exit(2), which are
 * async-signal-safe; the registry is changed with these signals blocked.
 * cleanup_hold()/cleanup_release() block them around a step that must
 * not be cut in the middle (switching a run's outputs into place): a
 * signal that arrives meanwhile is handled after cleanup_release().
 */
#ifndef VERDICT_CLEANUP_H
#define VERDICT_CLEANUP_H

void cleanup_install(void);
void cleanup_add(const char *path);
void cleanup_del(const char *path);
/* removes every registered path now (unregistering them) */
void cleanup_run(void);
void cleanup_hold(void);
void cleanup_release(void);

#endif
