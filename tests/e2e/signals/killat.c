/*
 * killat - runs a command and sends it a signal once a file reaches a
 * size, so tests/e2e/signals.sh can interrupt a run at a chosen point
 * without timing assertions.
 *
 *   killat SIG PATH MINSIZE CMD ARGS...
 *
 * Every "%d" in PATH is the child's pid.  The child starts with
 * default signal dispositions.  Prints "hit STATUS" when the signal was
 * sent, "missed STATUS" when the command ended first; STATUS is the exit
 * status, or 128+N for death by signal N.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* pattern with every "%d" replaced by pid */
static void fill(char *out, size_t n, const char *pattern, pid_t pid)
{
	size_t k = 0;
	while (*pattern && k + 24 < n) {
		if (pattern[0] == '%' && pattern[1] == 'd') {
			k += (size_t)snprintf(out + k, n - k, "%d", (int)pid);
			pattern += 2;
		} else {
			out[k++] = *pattern++;
		}
	}
	out[k] = '\0';
}

static int status_of(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	char path[4096];
	struct timespec pause = { 0, 200000 };  /* 0.2 ms */
	long min;
	int sig, st;
	pid_t pid;
	if (argc < 5) {
		fputs("usage: killat SIG PATH MINSIZE CMD ARGS...\n", stderr);
		return 2;
	}
	sig = atoi(argv[1]);
	min = atol(argv[3]);
	pid = fork();
	if (pid < 0)
		return 2;
	if (!pid) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		execvp(argv[4], argv + 4);
		_exit(127);
	}
	fill(path, sizeof(path), argv[2], pid);
	for (;;) {
		struct stat sb;
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid) {
			printf("missed %d\n", status_of(st));
			return 0;
		}
		if (!stat(path, &sb) && sb.st_size >= min)
			break;
		nanosleep(&pause, NULL);
	}
	kill(pid, sig);
	waitpid(pid, &st, 0);
	printf("hit %d\n", status_of(st));
	return 0;
}
