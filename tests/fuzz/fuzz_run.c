/*
 * libFuzzer: a whole `verdict run` over a tiny bundle, in process
 * (cli_main, as the command line calls it).  The input is split at lines
 * "%%": the rule text, then a.csv, b.json and c.xml, written into a
 * scratch data directory; the run writes every output (report.html,
 * findings.csv, findings.jsonl, text on stdout, summary.csv,
 * manifest.json) into a scratch output directory, removed after each
 * input.  Run with -close_fd_mask=3 (tests/fuzz/run.sh): the run prints
 * its diagnostics and findings.
 */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64], dir[96], out[96], rules[96];
static const char *const files[] = { "a.csv", "b.json", "c.xml" };

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_root(void) { nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS); }

static void put(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(p, 1, n, f);
	fclose(f);
}

/* the next part of [*p, end): up to a line "%%" (or the end) */
static size_t part(const uint8_t **p, const uint8_t *end, const uint8_t **start)
{
	const uint8_t *s = *p, *q = s;
	*start = s;
	for (; q < end; q++)
		if ((q == s || q[-1] == '\n') && end - q >= 3 && !memcmp(q, "%%\n", 3)) {
			*p = q + 3;
			return (size_t)(q - s);
		}
	*p = end;
	return (size_t)(end - s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size, *s;
	char path[160];
	static const char *const args[] = { "verdict", "run", "-q", "-r", rules, "-d", dir, "-o", out,
		"--as-of", "2026-11-25", "--fail-on", "never", "--threads", "1", "--format", "html,csv,json,text" };
	static char *argv[sizeof(args) / sizeof(args[0]) + 1];
	size_t i, n;
	if (!root[0]) {
		snprintf(root, sizeof(root), "/tmp/verdict-fuzz-run-%ld", (long)getpid());
		snprintf(dir, sizeof(dir), "%s/data", root);
		snprintf(out, sizeof(out), "%s/out", root);
		snprintf(rules, sizeof(rules), "%s/fuzz.rules", root);
		setenv("SOURCE_DATE_EPOCH", "1764032400", 1);
		mkdir(root, 0700);
		mkdir(dir, 0700);
		atexit(remove_root);
		for (i = 0; i < sizeof(args) / sizeof(args[0]); i++)
			argv[i] = strdup(args[i]);  /* cli_main takes char ** */
	}
	n = part(&p, end, &s);
	put(rules, s, n);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		n = part(&p, end, &s);
		put(path, s, n);
	}
	cli_main((int)(sizeof(args) / sizeof(args[0])), argv);
	nftw(out, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
