/*
 * libFuzzer: a --waivers file (cli/waivers.h) read and checked against a
 * small rule pack, then matched against a few findings.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/waivers.h"
#include "run/verdict.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *ud, const char *kind, const char *msg)
{
	(void)ud;
	(void)kind;
	(void)msg;
}

static const char rules[] =
	"dataset t { from csv \"t.csv\"  key Id  Id text }\n"
	"rule R-1 { title \"t\" severity error  for x in t  where x.Id = \"a\"  message \"m\" }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct verdict v;
	static char path[64];
	struct waivers ws;
	FILE *fp;
	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/verdict-fuzz-%ld.csv", (long)getpid());
		error_set_routine(quiet, NULL);
		verdict_init(&v);
		if (verdict_load_rules_text(&v, "fuzz.rules", rules))
			abort();
		verdict_set_as_of(&v, "2026-11-25", NULL);
	}
	fp = fopen(path, "wb");
	if (!fp)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	memset(&ws, 0, sizeof(ws));
	if (!waivers_load(&ws, path, &v)) {
		waivers_match(&ws, "R-1", "a", "0123456789abcdef");
		waivers_match(&ws, "DQ-TYPE", "", "");
	}
	waivers_release(&ws);   /* also after a refused file, as nightly.c does */
	unlink(path);
	return 0;
}
