/*
 * dirs.c - the data and output directories, checked up front (dirs.h).
 */
#include "cli/dirs.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/strbuf.h"
#include "lang/diag.h"
#include "cli/cli.h"

/* sb = the directory holding path ("." for a bare name); trailing
 * slashes of path are ignored */
static void parent_of(const char *path, struct strbuf *sb)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n && path[n - 1] != '/')
		n--;
	while (n > 1 && path[n - 1] == '/')
		n--;
	strbuf_reset(sb);
	if (!n)
		strbuf_addstr(sb, ".");
	else
		strbuf_add(sb, path, n);
}

/* the last component of path, without trailing slashes */
static void base_of(const char *path, struct strbuf *sb)
{
	size_t end = strlen(path), start;
	while (end > 1 && path[end - 1] == '/')
		end--;
	start = end;
	while (start && path[start - 1] != '/')
		start--;
	strbuf_reset(sb);
	strbuf_add(sb, path + start, end - start);
}

static int is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* the sibling directories of path (names), in *names */
static size_t sibling_dirs(const char *parent, char ***names)
{
	struct strbuf p = STRBUF_INIT;
	DIR *d = opendir(parent);
	struct dirent *de;
	size_t n = 0;
	*names = NULL;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", parent, de->d_name);
		if (!is_dir(p.buf))
			continue;
		*names = xrealloc(*names, (n + 1) * sizeof(**names));
		(*names)[n++] = xstrdup(de->d_name);
	}
	if (d)
		closedir(d);
	strbuf_release(&p);
	return n;
}

/* the first component of dir that does not exist: its length in dir */
static size_t first_missing(const char *dir)
{
	struct strbuf p = STRBUF_INIT, up = STRBUF_INIT;
	size_t len;
	strbuf_addstr(&p, dir);
	for (;;) {
		parent_of(p.buf, &up);
		if (!strcmp(up.buf, ".") || !strcmp(up.buf, "/") || is_dir(up.buf) || up.len >= p.len)
			break;
		strbuf_reset(&p);
		strbuf_addstr(&p, up.buf);
	}
	len = p.len;
	strbuf_release(&p);
	strbuf_release(&up);
	return len;
}

/* " (did you mean 'fixtures/csp'?)": the first missing component of dir
 * replaced by the closest sibling directory, if one is close */
static void sibling_hint(const char *dir, struct strbuf *out)
{
	struct strbuf missing = STRBUF_INIT, parent = STRBUF_INIT, base = STRBUF_INIT, p = STRBUF_INIT;
	size_t len = first_missing(dir), n, i;
	char **owned;
	const char **names;
	const char *best;
	strbuf_add(&missing, dir, len);
	parent_of(missing.buf, &parent);
	base_of(missing.buf, &base);
	n = sibling_dirs(parent.buf, &owned);
	names = xmalloc((n + 1) * sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = owned[i];
	if ((best = diag_suggest(base.buf, names, n))) {
		if (strchr(missing.buf, '/'))
			strbuf_addf(&p, "%s/", parent.buf);
		strbuf_addf(&p, "%s%s", best, dir + len);
		if (is_dir(p.buf))
			diag_did_you_mean(out, p.buf, DIAG_QUOTE_NAME);
	}
	for (i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
	free(names);
	strbuf_release(&missing);
	strbuf_release(&parent);
	strbuf_release(&base);
	strbuf_release(&p);
}

int dirs_check_data(const char *cmd, const char *dir, int given)
{
	const char *dflt = given ? "" : " (the default)";
	struct strbuf hint = STRBUF_INIT;
	struct stat st;
	int rc = 0;
	if (stat(dir, &st)) {
		if (errno == ENOENT || errno == ENOTDIR) {
			sibling_hint(dir, &hint);
			rc = cli_usage_error(cmd, "-d %s%s: no such directory%s", dir, dflt, hint.buf);
		} else {
			rc = cli_usage_error(cmd, "-d %s%s: %s", dir, dflt, strerror(errno));
		}
	} else if (!S_ISDIR(st.st_mode)) {
		rc = cli_usage_error(cmd, "-d %s%s: not a directory", dir, dflt);
	} else if (access(dir, R_OK | X_OK)) {
		rc = cli_usage_error(cmd, "-d %s%s: cannot read it (%s)", dir, dflt, strerror(errno));
	}
	strbuf_release(&hint);
	return rc;
}

/* dir does not exist: its nearest existing ancestor must be a writable
 * directory */
static int check_creatable(const char *cmd, const char *dir, const char *dflt)
{
	struct strbuf p = STRBUF_INIT, up = STRBUF_INIT;
	struct stat st;
	int rc = 0;
	parent_of(dir, &p);
	while (stat(p.buf, &st) && (errno == ENOENT || errno == ENOTDIR) && strcmp(p.buf, ".") && strcmp(p.buf, "/")) {
		parent_of(p.buf, &up);
		strbuf_reset(&p);
		strbuf_addstr(&p, up.buf);
	}
	if (stat(p.buf, &st))
		rc = cli_usage_error(cmd, "-o %s%s: cannot create it: %s: %s", dir, dflt, p.buf, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rc = cli_usage_error(cmd, "-o %s%s: cannot create it: %s is not a directory", dir, dflt, p.buf);
	else if (access(p.buf, W_OK | X_OK))
		rc = cli_usage_error(cmd, "-o %s%s: cannot create it: %s is not writable (%s)", dir, dflt, p.buf,
				     strerror(errno));
	strbuf_release(&p);
	strbuf_release(&up);
	return rc;
}

int dirs_check_out(const char *cmd, const char *dir, int given)
{
	const char *dflt = given ? "" : " (the default)";
	struct stat st;
	if (stat(dir, &st)) {
		if (errno == ENOENT || errno == ENOTDIR)
			return check_creatable(cmd, dir, dflt);
		return cli_usage_error(cmd, "-o %s%s: %s", dir, dflt, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return cli_usage_error(cmd, "-o %s%s: exists and is not a directory", dir, dflt);
	if (access(dir, W_OK | X_OK))
		return cli_usage_error(cmd, "-o %s%s: directory not writable (%s)", dir, dflt, strerror(errno));
	return 0;
}
