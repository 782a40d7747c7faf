/*
 * cleanup.c - temporary paths removed on a fatal signal (see cleanup.h).
 */
#include "util/cleanup.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fixed table: the handler must not see a half-grown array, and a run
 * has a handful of temporaries (one per output, the run directory). */
#define CLEANUP_MAX 64
#define CLEANUP_PATH 4096

static char paths[CLEANUP_MAX][CLEANUP_PATH];
static volatile sig_atomic_t used[CLEANUP_MAX];
static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

static void block(sigset_t *old)
{
	sigset_t set;
	size_t i;
	sigemptyset(&set);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&set, sigs[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

static void unblock(const sigset_t *old) { pthread_sigmask(SIG_SETMASK, old, NULL); }

/* files first, then the (by then empty) directories */
static void remove_all(void)
{
	int i;
	for (i = CLEANUP_MAX - 1; i >= 0; i--)
		if (used[i] && !unlink(paths[i]))
			used[i] = 0;
	for (i = CLEANUP_MAX - 1; i >= 0; i--)
		if (used[i]) {
			rmdir(paths[i]);
			used[i] = 0;
		}
}

static void on_signal(int sig)
{
	remove_all();
	_exit(128 + sig);
}

void cleanup_install(void)
{
	struct sigaction sa;
	size_t i;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;
		/* SIGINT or SIGHUP ignored on entry (a background job, nohup)
		 * stays ignored: that was the caller's intent */
		if (sigs[i] != SIGTERM && !sigaction(sigs[i], NULL, &old) && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

void cleanup_add(const char *path)
{
	sigset_t old;
	size_t n = strlen(path);
	int i;
	if (n >= CLEANUP_PATH)
		return;   /* not removable on a signal; the next run's sweep removes it */
	block(&old);
	for (i = 0; i < CLEANUP_MAX; i++)
		if (!used[i]) {
			memcpy(paths[i], path, n + 1);
			used[i] = 1;
			break;
		}
	unblock(&old);
}

void cleanup_del(const char *path)
{
	sigset_t old;
	int i;
	block(&old);
	for (i = CLEANUP_MAX - 1; i >= 0; i--)
		if (used[i] && !strcmp(paths[i], path)) {
			used[i] = 0;
			break;
		}
	unblock(&old);
}

void cleanup_run(void)
{
	sigset_t old;
	block(&old);
	remove_all();
	unblock(&old);
}

static sigset_t held;
static int holding;

void cleanup_hold(void)
{
	if (!holding++)
		block(&held);
}

void cleanup_release(void)
{
	if (holding && !--holding)
		unblock(&held);
}
