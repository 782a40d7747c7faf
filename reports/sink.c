/*
 * sink.c - the table of writers and the fan-out over them (see sink.h).
 */
#include "reports/sink.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/error.h"

/* One row per output.  format: the --format name that selects it, NULL
 * for a file written whenever the run writes files; file: its name in the
 * output directory, NULL for none; baseline: written only with a baseline
 * (sink_opts.baseline).  Rows are opened, fed, finished and committed in
 * this order: manifest.json stays last. */
static const struct sink_writer {
	const char *format;
	const char *file;
	const struct sink_ops *ops;
	int baseline;
} writers[] = {
	{ "html", "report.html",    &html_ops, 0 },
	{ "csv",  "findings.csv",   &findings_csv_ops, 0 },
	{ "json", "findings.jsonl", &findings_jsonl_ops, 0 },
	{ "text", NULL,             &text_ops, 0 },
	{ NULL,   "summary.csv",    &summary_csv_ops, 0 },
	{ NULL,   "resolved.csv",   &resolved_csv_ops, 1 },
	{ NULL,   "manifest.json",  &manifest_json_ops, 0 },
};
#define NWRITERS (sizeof(writers) / sizeof(writers[0]))

struct sink_open_writer {
	const struct sink_writer *w;
	void *state;
	struct outfile of;
};

struct sink {
	struct sink_open_writer *open;
	size_t n;
	char *dir;          /* the output directory (-o), NULL without files */
	char *tmpdir;       /* DIR/runs/.verdict-tmp-PID while writing, else NULL */
	char *run_id;
	struct sink_opts opts;  /* the caller's, out_dir = tmpdir */
};

#define RUNS "runs"
#define LATEST "latest"
#define TMP_PREFIX ".verdict-tmp-"

/* ---- the run directory ---------------------------------------------- */

static char *path2(const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", a, b);
	return strbuf_detach(&sb, NULL);
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), rc = 0;
	if (fd < 0 || fsync(fd))
		rc = error_errno("cannot sync directory %s", dir);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* removes a directory holding only files (a run directory); leaves
 * anything else alone */
static void remove_run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		char *p;
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = path2(dir, de->d_name);
		if (!lstat(p, &st) && !S_ISDIR(st.st_mode))
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

/* the run directories that killed runs left behind (not those of runs
 * still going into the same output directory) */
static void sweep_runs(const char *runs)
{
	DIR *d = opendir(runs);
	struct dirent *de;
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!out_tmp_left_over(de->d_name))
			continue;
		{
			char *p = path2(runs, de->d_name);
			remove_run_dir(p);
			free(p);
		}
	}
	closedir(d);
}

/* DIR/runs/.verdict-tmp-PID, empty, registered for removal on a signal */
static int make_tmpdir(struct sink *s)
{
	struct strbuf sb = STRBUF_INIT;
	char *runs = path2(s->dir, RUNS);
	int rc = 0;
	if (mkdir(runs, 0777) && errno != EEXIST)
		rc = error_errno("cannot create directory %s", runs);
	if (!rc) {
		sweep_runs(runs);
		strbuf_addf(&sb, "%s/" TMP_PREFIX "%ld", runs, (long)getpid());
		s->tmpdir = strbuf_detach(&sb, NULL);
		cleanup_add(s->tmpdir);
		if (mkdir(s->tmpdir, 0777)) {
			rc = error_errno("cannot create directory %s", s->tmpdir);
			cleanup_del(s->tmpdir);
			free(s->tmpdir);
			s->tmpdir = NULL;
		}
	}
	free(runs);
	return rc;
}

static const char *link_target(const char *name, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, LATEST "/%s", name);
	return sb->buf;
}

/* DIR/NAME and the temporary link renamed over it, computed before the
 * switch so that switching allocates nothing (link_switch) */
struct link_paths {
	struct strbuf tmp;
	char *final;
};

static void link_prepare(struct link_paths *l, const char *dir, const char *name)
{
	strbuf_init(&l->tmp, 0);
	strbuf_addf(&l->tmp, "%s/" TMP_PREFIX "%ld-%s", dir, (long)getpid(), name);
	l->final = path2(dir, name);
}

static void link_release(struct link_paths *l)
{
	strbuf_release(&l->tmp);
	free(l->final);
}

/* points the link at target, atomically (a symlink renamed over it) */
static int link_switch(const struct link_paths *l, const char *target)
{
	int rc = 0;
	unlink(l->tmp.buf);
	if (symlink(target, l->tmp.buf))
		rc = error_errno("cannot create %s", l->tmp.buf);
	else if (rename(l->tmp.buf, l->final)) {
		rc = error_errno("cannot rename %s to %s", l->tmp.buf, l->final);
		unlink(l->tmp.buf);
	}
	return rc;
}

/* points DIR/NAME at target, atomically */
static int replace_link(const char *dir, const char *name, const char *target)
{
	struct link_paths l;
	int rc;
	link_prepare(&l, dir, name);
	rc = link_switch(&l, target);
	link_release(&l);
	return rc;
}

/* whether DIR/NAME is a symlink to target */
static int links_to(const char *path, const char *target)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return 0;
	buf[n] = '\0';
	return !strcmp(buf, target);
}

/* DIR/NAME -> latest/NAME for each file this run wrote; such a link to
 * a file this run did not write is removed (it would dangle) */
static int link_files(struct sink *s, const char *const *written, size_t nwritten)
{
	struct strbuf target = STRBUF_INIT;
	size_t i, k;
	int rc = 0;
	for (i = 0; i < NWRITERS; i++) {
		const char *name = writers[i].file;
		char *path;
		struct stat st;
		int wrote = 0;
		if (!name)
			continue;
		for (k = 0; k < nwritten; k++)
			wrote |= !strcmp(written[k], name);
		path = path2(s->dir, name);
		link_target(name, &target);
		if (wrote) {
			/* a device or pipe under the name is left alone */
			int other = !lstat(path, &st) && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode);
			if (!other && !links_to(path, target.buf) && replace_link(s->dir, name, target.buf))
				rc = -1;
		} else if (links_to(path, target.buf) && stat(path, &st)) {
			unlink(path);
		}
		free(path);
	}
	strbuf_release(&target);
	return rc;
}

/* removes every run directory but keep1 and keep2 (names in runs/) */
static void prune_runs(const char *dir, const char *keep1, const char *keep2)
{
	char *runs = path2(dir, RUNS);
	DIR *d = opendir(runs);
	struct dirent *de;
	if (d) {
		while ((de = readdir(d)) != NULL) {
			char *p;
			if (de->d_name[0] == '.' || !strcmp(de->d_name, keep1) || (keep2 && !strcmp(de->d_name, keep2)))
				continue;
			p = path2(runs, de->d_name);
			remove_run_dir(p);
			free(p);
		}
		closedir(d);
	}
	free(runs);
}

/* "runs/ID" from what DIR/latest points at, or NULL */
static char *current_run(const char *dir)
{
	char buf[4096], *latest = path2(dir, LATEST);
	ssize_t n = readlink(latest, buf, sizeof(buf) - 1);
	free(latest);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	if (strncmp(buf, RUNS "/", strlen(RUNS) + 1))
		return NULL;
	return xstrdup(buf + strlen(RUNS) + 1);
}

int sink_select(const char *list, unsigned *selection)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	int rc = 0;
	size_t i, hits;
	*selection = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = hits = 0; i < NWRITERS; i++)
			if (writers[i].format && !strcmp(tok, writers[i].format))
				*selection |= 1u << i, hits++;
		if (!hits)
			rc = -1;
	}
	free(copy);
	return rc || !*selection ? -1 : 0;
}

int sink_selects(unsigned selection, const char *format)
{
	size_t i;
	for (i = 0; i < NWRITERS; i++)
		if ((selection & (1u << i)) && writers[i].format && !strcmp(writers[i].format, format))
			return 1;
	return 0;
}

int sink_writes_files(unsigned selection)
{
	size_t i;
	for (i = 0; i < NWRITERS; i++)
		if ((selection & (1u << i)) && writers[i].file)
			return 1;
	return 0;
}

static int open_one(struct sink *s, const struct sink_writer *w, const struct sink_opts *o)
{
	struct sink_open_writer *ow = &s->open[s->n];
	memset(ow, 0, sizeof(*ow));
	ow->w = w;
	if (w->file) {
		char *final = path2(o->out_dir, w->file);
		cleanup_add(final);   /* once committed inside the run directory */
		free(final);
		if (out_open(&ow->of, o->out_dir, w->file))
			return -1;
		if (s->dir)
			ow->of.shown = path2(s->dir, w->file);
	}
	s->n++;
	return w->ops->open(&ow->state, w->file ? &ow->of : NULL, o);
}

struct sink *sink_open(unsigned selection, const struct sink_opts *o)
{
	struct sink *s = xcalloc(1, sizeof(*s));
	int files = sink_writes_files(selection);
	size_t i;
	s->open = xcalloc(NWRITERS, sizeof(*s->open));
	s->opts = *o;
	s->run_id = xstrdup(o->run_id ? o->run_id : "run");
	if (files) {
		s->dir = xstrdup(o->out_dir);
		if (out_mkdirs(o->out_dir) || (out_sweep(o->out_dir), make_tmpdir(s))) {
			sink_free(s);
			return NULL;
		}
		s->opts.out_dir = s->tmpdir;
	}
	for (i = 0; i < NWRITERS; i++) {
		int on = writers[i].format ? (selection & (1u << i)) != 0 : files;
		on = on && (!writers[i].baseline || o->baseline);
		if (on && open_one(s, &writers[i], &s->opts)) {
			sink_free(s);
			return NULL;
		}
	}
	return s;
}

void sink_rule_begin(struct sink *s, const struct report_rule *r)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (s->open[i].w->ops->rule_begin)
			s->open[i].w->ops->rule_begin(s->open[i].state, r);
}

void sink_finding(struct sink *s, const struct report_finding *f)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (s->open[i].w->ops->finding)
			s->open[i].w->ops->finding(s->open[i].state, f);
}

void sink_rule_end(struct sink *s, const struct report_rule *r)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (s->open[i].w->ops->rule_end)
			s->open[i].w->ops->rule_end(s->open[i].state, r);
}

int sink_finish(struct sink *s, const struct sink_summary *sum)
{
	size_t i;
	for (i = 0; i < s->n; i++) {
		struct sink_open_writer *ow = &s->open[i];
		if (ow->w->ops->finish && ow->w->ops->finish(ow->state, sum))
			return -1;
		if (ow->w->file && out_close(&ow->of))
			return -1;
	}
	return 0;
}

/* The new run directory's name in runs/: the run id, or with ".2", ".3"
 * when a run with the same id (SOURCE_DATE_EPOCH) is there; renames the
 * temporary directory to it.  Returns the name, or NULL after reporting. */
static char *place_run(struct sink *s)
{
	struct strbuf name = STRBUF_INIT;
	int k;
	for (k = 1; k < 1000; k++) {
		char *runs = path2(s->dir, RUNS), *final;
		strbuf_reset(&name);
		strbuf_addstr(&name, s->run_id);
		if (k > 1)
			strbuf_addf(&name, ".%d", k);
		final = path2(runs, name.buf);
		free(runs);
		if (!rename(s->tmpdir, final)) {
			free(final);
			return strbuf_detach(&name, NULL);
		}
		if (errno != EEXIST && errno != ENOTEMPTY) {
			error_errno("cannot rename %s to %s", s->tmpdir, final);
			free(final);
			break;
		}
		free(final);
	}
	strbuf_release(&name);
	return NULL;
}

/* Commits every file inside the temporary run directory, syncs it, then
 * (with SIGINT/SIGTERM held) renames it to runs/RUN_ID and switches the
 * `latest` link: that rename is the one step that replaces the set. */
int sink_commit(struct sink *s)
{
	const char **written;
	char *name = NULL, *prev = NULL, *runs = NULL, **tmpfiles;
	struct strbuf target = STRBUF_INIT, newdir = STRBUF_INIT;
	struct link_paths latest;
	size_t i, nw = 0, reserve;
	int rc = 0;
	if (!s->dir)
		return 0;
	written = xcalloc(s->n + 1, sizeof(*written));
	for (i = 0; i < s->n && !rc; i++)
		if (s->open[i].w->file) {
			rc = out_commit(&s->open[i].of);
			written[nw++] = s->open[i].w->file;
		}
	if (!rc)
		rc = fsync_dir(s->tmpdir);
	if (rc) {
		free(written);
		return -1;
	}
	cleanup_hold();
	prev = current_run(s->dir);
	/* Everything the switch needs is allocated before the run directory
	 * is renamed into runs/: running out of memory between the two
	 * renames would leave a run directory that latest never names. */
	runs = path2(s->dir, RUNS);
	tmpfiles = xcalloc(s->n + 1, sizeof(*tmpfiles));
	for (i = 0; i < s->n; i++)
		if (s->open[i].w->file)
			tmpfiles[i] = path2(s->tmpdir, s->open[i].w->file);
	reserve = strlen(runs) + strlen(s->run_id) + 16;   /* and ".NNN" */
	strbuf_grow(&target, reserve);
	strbuf_grow(&newdir, reserve);
	link_prepare(&latest, s->dir, LATEST);
	name = place_run(s);
	if (!name) {
		rc = -1;
	} else {
		for (i = 0; i < s->n; i++)
			if (tmpfiles[i])
				cleanup_del(tmpfiles[i]);
		cleanup_del(s->tmpdir);
		free(s->tmpdir);
		s->tmpdir = NULL;
		strbuf_addf(&target, RUNS "/%s", name);
		strbuf_addf(&newdir, "%s/%s", runs, name);
		if (fsync_dir(runs) || link_switch(&latest, target.buf) || fsync_dir(s->dir))
			rc = -1;
		if (rc) {
			/* latest still names the previous run: drop the new one */
			char *cur = current_run(s->dir);
			if (!cur || strcmp(cur, name))
				remove_run_dir(newdir.buf);
			free(cur);
		} else {
			rc = link_files(s, written, nw);
			if (!rc)
				fsync_dir(s->dir);
			prune_runs(s->dir, name, prev);
		}
	}
	cleanup_release();
	link_release(&latest);
	for (i = 0; i < s->n; i++)
		free(tmpfiles[i]);
	free(tmpfiles);
	strbuf_release(&target);
	strbuf_release(&newdir);
	free(name);
	free(prev);
	free(runs);
	free(written);
	return rc;
}

void sink_free(struct sink *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		out_abort(&s->open[i].of);
		s->open[i].w->ops->free(s->open[i].state);
		if (s->tmpdir && s->open[i].w->file) {
			char *p = path2(s->tmpdir, s->open[i].w->file);
			unlink(p);
			cleanup_del(p);
			free(p);
		}
	}
	if (s->tmpdir) {
		rmdir(s->tmpdir);
		cleanup_del(s->tmpdir);
	}
	free(s->tmpdir);
	free(s->dir);
	free(s->run_id);
	free(s->open);
	free(s);
}
