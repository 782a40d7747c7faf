/*
 * files.h - listing the files of a directory by suffix.
 */
#ifndef VERDICT_FILES_H
#define VERDICT_FILES_H

#include <stddef.h>

#include "util/strbuf.h"

/* The paths "dir/name" of the entries of dir whose name ends in suffix
 * (hidden ones left out), sorted by name; *n is set.  NULL with a message
 * in err when dir cannot be read.  Free with files_free. */
char **files_list(const char *dir, const char *suffix, size_t *n, struct strbuf *err);
void files_free(char **names, size_t n);
int files_ends_with(const char *s, const char *suffix);
/* Appends rel resolved against the directory of the file `from` (an
 * absolute rel, or a from without a directory, is taken as it is). */
void files_relative(struct strbuf *sb, const char *from, const char *rel);

#endif
