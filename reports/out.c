/*
 * out.c - atomic output files and cell encodings (see out.h).
 */
#include "reports/out.h"

#include <csv.h>
#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/error.h"
#include "util/utf8.h"

#define TMP_PREFIX ".verdict-tmp-"

int out_mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;
	for (s = p + 1; ; s++) {
		if (*s == '/' || !*s) {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0777) && errno != EEXIST) {
				rc = error_errno("cannot create directory %s", p);
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

int out_tmp_left_over(const char *name)
{
	char *end;
	long pid;
	if (strncmp(name, TMP_PREFIX, strlen(TMP_PREFIX)))
		return 0;
	pid = strtol(name + strlen(TMP_PREFIX), &end, 10);
	if (end == name + strlen(TMP_PREFIX) || (*end != '-' && *end) || pid <= 0)
		return 1;
	return pid != (long)getpid() && kill((pid_t)pid, 0) && errno == ESRCH;
}

void out_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct strbuf p = STRBUF_INIT;
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!out_tmp_left_over(de->d_name))
			continue;
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", dir, de->d_name);
		unlink(p.buf);
	}
	closedir(d);
	strbuf_release(&p);
}

int out_open(struct outfile *o, const char *dir, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	memset(o, 0, sizeof(*o));
	strbuf_addf(&sb, "%s/%s", dir, name);
	o->final = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s/" TMP_PREFIX "%ld-%s", dir, (long)getpid(), name);
	o->tmp = strbuf_detach(&sb, NULL);
	if (!stat(o->final, &st) && !S_ISREG(st.st_mode)) {
		/* a device or pipe (/dev/stdout): written in place, never replaced */
		free(o->tmp);
		o->tmp = NULL;
	}
	if (o->tmp)
		cleanup_add(o->tmp);
	o->fp = fopen(o->tmp ? o->tmp : o->final, "wb");
	if (!o->fp) {
		int rc = error_errno("cannot write %s", o->final);
		out_abort(o);
		return rc;
	}
	return 0;
}

int out_open_path(struct outfile *o, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int rc;
	if (!slash)
		return out_open(o, ".", path);
	dir = slash == path ? xstrdup("/") : xmemdup(path, (size_t)(slash - path));
	rc = out_open(o, dir, slash + 1);
	free(dir);
	return rc;
}

int out_fail(struct outfile *o)
{
	static int reported_errno;
	if (o->failed)
		return -1;
	o->failed = 1;
	if (errno && errno == reported_errno)
		return -1;
	reported_errno = errno;
	return error_errno("cannot write %s", o->shown ? o->shown : o->final);
}

/* Every this many bytes, a temporary's writeback is started in the
 * background (sync_file_range), so that the fsync at out_close() finds
 * little left to write: a large findings file then costs no long stall
 * at the end of the run.  Durability is unchanged (out_close fsyncs). */
#define OUT_WRITEBACK_STEP (8u << 20)

static void start_writeback(struct outfile *o, size_t n)
{
	o->unsynced += n;
	if (!o->tmp || o->unsynced < OUT_WRITEBACK_STEP)
		return;
	o->unsynced = 0;
#ifdef SYNC_FILE_RANGE_WRITE
	(void)sync_file_range(fileno(o->fp), 0, 0, SYNC_FILE_RANGE_WRITE); /* a hint: errors show at fsync */
#endif
}

int out_write(struct outfile *o, struct strbuf *sb)
{
	int rc = o->failed ? -1 : 0;
	if (!rc && sb->len && fwrite(sb->buf, 1, sb->len, o->fp) != sb->len)
		rc = out_fail(o);
	if (!rc)
		start_writeback(o, sb->len);
	strbuf_reset(sb);
	return rc;
}

int out_close(struct outfile *o)
{
	int rc = o->failed ? -1 : 0;
	if (!o->fp)
		return rc;
	if (!rc && (fflush(o->fp) || ferror(o->fp) || (o->tmp && fsync(fileno(o->fp)))))
		rc = out_fail(o);
	if (fclose(o->fp) && !rc)
		rc = out_fail(o);
	o->fp = NULL;
	return rc;
}

int out_commit(struct outfile *o)
{
	int rc = out_close(o);
	if (!rc && o->tmp && rename(o->tmp, o->final))
		rc = error_errno("cannot rename %s to %s", o->tmp, o->final);
	if (rc && o->tmp)
		unlink(o->tmp);
	if (o->tmp)
		cleanup_del(o->tmp);
	free(o->final);
	free(o->shown);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	return rc;
}

void out_abort(struct outfile *o)
{
	if (o->fp)
		fclose(o->fp);
	if (o->tmp) {
		unlink(o->tmp);
		cleanup_del(o->tmp);
	}
	free(o->final);
	free(o->shown);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
}

static int plain_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	return digits && i == n;
}

static int formula_like(const char *s, size_t n)
{
	if (!n || !strchr("=+-@\t\r", s[0]))
		return 0;
	return !plain_number(s, n);
}

void out_csv_cell(struct strbuf *sb, const char *s, size_t n, int raw)
{
	/* text that reads as a neutralized cell gets an apostrophe too, so
	 * dropping one (out_csv_neutral_prefix) gives the text back */
	int quote = 0, neutral;
	size_t i, need;
	if (!utf8_valid(s, n)) {
		/* issue 14 (6): the one replacement policy, before anything else */
		struct strbuf v = STRBUF_INIT;
		utf8_add_valid(&v, s, n);
		out_csv_cell(sb, v.buf, v.len, raw);
		strbuf_release(&v);
		return;
	}
	neutral = !raw && (formula_like(s, n) || out_csv_neutral_prefix(s, n));
	for (i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		quote = 1;
	if (!quote) {
		if (neutral)
			strbuf_addch(sb, '\'');
		strbuf_add(sb, s, n);
		return;
	}
	if (neutral) {
		/* the apostrophe goes inside the quotes */
		char *tmp = xmalloc(n + 1);
		tmp[0] = '\'';
		memcpy(tmp + 1, s, n);
		out_csv_cell(sb, tmp, n + 1, 1);
		free(tmp);
		return;
	}
	need = csv_write(NULL, 0, s, n);
	strbuf_grow(sb, need);
	csv_write(sb->buf + sb->len, need, s, n);
	strbuf_setlen(sb, sb->len + need);
}

size_t out_csv_neutral_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == '\'')
		i++;
	return i && formula_like(s + i, n - i);
}

static void json_char(struct strbuf *sb, unsigned char c)
{
	switch (c) {
	case '"': strbuf_addstr(sb, "\\\""); break;
	case '\\': strbuf_addstr(sb, "\\\\"); break;
	case '\n': strbuf_addstr(sb, "\\n"); break;
	case '\r': strbuf_addstr(sb, "\\r"); break;
	case '\t': strbuf_addstr(sb, "\\t"); break;
	default:
		if (c < 0x20)
			strbuf_addf(sb, "\\u%04x", c);
		else
			strbuf_addch(sb, c);
	}
}

/* bytes that go out as they are: printable ASCII but '"' and '\\' */
static int json_plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

void out_json_str(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	strbuf_addch(sb, '"');
	while (i < n) {
		uint32_t cp;
		size_t run = i, k;
		while (i < n && json_plain(u[i]))
			i++;
		if (i > run)
			strbuf_add(sb, s + run, i - run);
		if (i >= n)
			break;
		k = utf8_next(s + i, n - i, &cp);
		if (!k) {
			strbuf_addstr(sb, "\\ufffd");
			i += cp;
		} else if (k == 1) {
			json_char(sb, u[i++]);
		} else {
			strbuf_add(sb, s + i, k);
			i += k;
		}
	}
	strbuf_addch(sb, '"');
}
