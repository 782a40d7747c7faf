/*
 * libFuzzer: a `.test` file through verdict test (its parser, and the
 * runner on what parses: inline tables, params, expectations).  Rule
 * paths it names resolve against the working directory: run it from the
 * repository root.  Its standard output goes to /dev/null.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/test.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *ud, const char *kind, const char *msg)
{
	(void)ud;
	(void)kind;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct rtest_opts o;
	const char *paths[1];
	FILE *fp;
	if (!path[0]) {
		int fd;
		snprintf(path, sizeof(path), "/tmp/verdict-fuzz-%ld.test", (long)getpid());
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);   /* stderr stays: libFuzzer reports there */
		close(fd);
		error_set_routine(quiet, NULL);
	}
	fp = fopen(path, "wb");
	if (!fp)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	memset(&o, 0, sizeof(o));
	paths[0] = path;
	rtest_main(paths, 1, &o);
	unlink(path);
	return 0;
}
