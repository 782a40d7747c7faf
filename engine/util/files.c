/*
 * files.c - listing the files of a directory by suffix (see files.h).
 */
#include "util/files.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

int files_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **files_list(const char *dir, const char *suffix, size_t *n, struct strbuf *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	if (!d) {
		strbuf_addf(err, "cannot read directory: %s", strerror(errno));
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		struct strbuf sb = STRBUF_INIT;
		if (de->d_name[0] == '.' || !files_ends_with(de->d_name, suffix))
			continue;
		strbuf_addf(&sb, "%s%s%s", dir, files_ends_with(dir, "/") ? "" : "/", de->d_name);
		ALLOC_GROW(names, *n + 1, cap);
		names[(*n)++] = strbuf_detach(&sb, NULL);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_str);
	else
		names = xcalloc(1, sizeof(*names));
	return names;
}

void files_free(char **names, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

void files_relative(struct strbuf *sb, const char *from, const char *rel)
{
	const char *slash = strrchr(from, '/');
	if (rel[0] != '/' && slash)
		strbuf_add(sb, from, (size_t)(slash - from) + 1);
	strbuf_addstr(sb, rel);
}
