/*
 * dirs.h - the data and output directories, checked before any work so
 * that a wrong -d or -o is a usage error (exit status 2) naming what is
 * wrong, not a list of unreadable files or a failed rename at the end.
 *
 *   -d fixtures/cps: no such directory (did you mean 'fixtures/csp'?)
 *   -o out.txt: exists and is not a directory
 *   -o /ro/out: cannot create it: /ro is not writable (Permission denied)
 *
 * `given` says whether the user wrote the option; a default is named as
 * such ("-d fixtures/csp (the default)").  Each returns 0, or 2 after
 * printing the usage error for command cmd.
 */
#ifndef VERDICT_CLI_DIRS_H
#define VERDICT_CLI_DIRS_H

int dirs_check_data(const char *cmd, const char *dir, int given);
int dirs_check_out(const char *cmd, const char *dir, int given);

#endif
