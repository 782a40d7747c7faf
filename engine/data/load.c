/*
 * load.c - reading datasets from a data directory or from memory (see
 * load.h).
 */
#include "data/load.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/format.h"
#include "data/ingest.h"
#include "data/instream.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/strpool.h"
#include "util/strbuf.h"

#define LOAD_GLOB_CHARS "*?["   /* a source path holding one of these is a glob */
#define LOAD_BYTES_PER_STRING 64 /* strpool_reserve estimate: input bytes per new string */

/* Opens the file for reading: a descriptor, or -1 after a DQ-INPUT.  The
 * file is listed in the table's files first; its size is known (and the
 * table counts as loaded) once stat succeeds. */
static int open_input(struct ingest *in, const char *path, size_t name_off, struct stat *at_open)
{
	struct table *t = in->t;
	uint32_t file = table_add_file(t, path, name_off);
	struct stat st;
	int fd;
	if (file)
		ingest_next_file(in, file);
	if (stat(path, &st)) {
		ingest_input_error(in, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		ingest_input_error(in, 0, 0, "cannot read: it is a directory");
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		/* /dev/zero would be read until memory runs out, a FIFO waited on */
		ingest_input_error(in, 0, 0, "cannot read: not a regular file (a device, FIFO or socket is never read)");
		return -1;
	}
	/* about one new string per 64 bytes of input (a 1M-line sales file:
	 * 1.3 million in 97 MB): the pool's index and buffer grow once here
	 * instead of rehashing at every doubling while the file is read */
	strpool_reserve(in->pool, (size_t)(st.st_size / LOAD_BYTES_PER_STRING), (size_t)(st.st_size / 4));
	t->st.files[file].bytes = (uint64_t)st.st_size;
	t->st.bytes += (uint64_t)st.st_size;
	in->total_bytes = (uint64_t)st.st_size;
	t->st.loaded = 1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		ingest_input_error(in, 0, 0, "cannot open: %s", strerror(errno));
	else if (fstat(fd, at_open))
		*at_open = st;
	return fd;
}

/* One DQ-ENCODING for the file: what the UTF-16 decoder replaced. */
static void utf16_finding(struct ingest *in, const struct instream_utf16 *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct dq q;
	memset(&q, 0, sizeof(q));
	q.kind = DQ_ENCODING;
	q.ds = in->ds;
	q.field = -1;
	q.row = -1;
	q.file = in->file;
	q.line = ingest_line(in, d->bad_line);
	strbuf_addf(&sb, "UTF-16 text with %zu unpaired surrogate%s or odd byte%s, replaced by U+FFFD "
		    "(the first on this line)", d->nbad, d->nbad == 1 ? "" : "s", d->nbad == 1 ? "" : "s");
	q.msg = strpool_intern(in->pool, sb.buf, sb.len);
	dqlog_add(in->log, &q);
	strbuf_release(&sb);
}

/* ---- digesting the bytes as they are read --------------------------- */

#define LOAD_DRAIN_CHUNK (64 * 1024)

/* A stream that passes the file's bytes through and feeds each one to
 * SHA-256 on the way: the manifest's digest costs no second read. */
struct digesting {
	struct instream s;           /* first: the stream handed on */
	struct instream *under;
	struct sha256 h;
	uint64_t bytes;              /* bytes digested so far */
	int err;                     /* a read failed: no digest */
};

static ssize_t digesting_read(struct instream *s, void *buf, size_t n)
{
	struct digesting *d = (struct digesting *)(void *)s;
	ssize_t got = instream_read(d->under, buf, n);
	if (got > 0) {
		sha256_update(&d->h, buf, (size_t)got);
		d->bytes += (uint64_t)got;
	}
	else if (got < 0)
		d->err = 1;
	return got;
}

/* The digest of the whole file into hex ("" after a read error): the
 * bytes a reader left unread (it stopped at an error, or before trailing
 * bytes) are read here. */
static void digest_finish(struct digesting *d, char hex[65])
{
	unsigned char dg[32];
	char *buf = xmalloc(LOAD_DRAIN_CHUNK);
	ssize_t got;
	while (!d->err && (got = instream_read(&d->s, buf, LOAD_DRAIN_CHUNK)) > 0)
		;
	free(buf);
	sha256_final(&d->h, dg);
	if (d->err)
		hex[0] = '\0';
	else
		sha256_hex(dg, hex);
}

int load_input_changed(const struct stat *at_open, const struct stat *at_end, uint64_t bytes_read,
		       struct strbuf *why)
{
	size_t len = why->len;
	if (at_open->st_size != at_end->st_size)
		strbuf_addf(why, "size %lld bytes when opened, %lld after reading", (long long)at_open->st_size,
			    (long long)at_end->st_size);
	else if (bytes_read != (uint64_t)at_open->st_size)
		strbuf_addf(why, "%llu bytes read from a file of %lld bytes", (unsigned long long)bytes_read,
			    (long long)at_open->st_size);
	if (at_open->st_mtim.tv_sec != at_end->st_mtim.tv_sec
	    || at_open->st_mtim.tv_nsec != at_end->st_mtim.tv_nsec)
		strbuf_addf(why, "%smodified while it was read", why->len > len ? ", " : "");
	return why->len > len;
}

/* Issue 14 (5): a file that changed while it was read.  The rows and the
 * digest describe the bytes read, so the file's size becomes the bytes
 * read; the change is a warning and a DQ-INPUT (the run is incomplete). */
static int check_unchanged(struct ingest *in, int fd, const struct stat *at_open, const struct digesting *dg)
{
	struct table_file *tf = &in->t->st.files[in->file];
	struct stat at_end;
	struct strbuf why = STRBUF_INIT;
	int changed;
	if (dg->err || fstat(fd, &at_end))
		return 0;
	changed = load_input_changed(at_open, &at_end, dg->bytes, &why);
	if (changed) {
		warning("%s: changed while it was read (%s); the run is incomplete", tf->path, why.buf);
		ingest_input_error(in, 0, 0, "changed while it was read (%s): the rows and sha256 are those of "
				   "the %llu bytes read", why.buf, (unsigned long long)dg->bytes);
		in->t->st.bytes = in->t->st.bytes - tf->bytes + dg->bytes;
		tf->bytes = dg->bytes;
	}
	strbuf_release(&why);
	return changed ? -1 : 0;
}

/* the format's reader on fd, through the UTF-16 layer unless the reader
 * detects encodings itself; the file's digest goes to its table_file */
static int read_stream(struct ingest *in, const struct format *f, int fd, const struct stat *at_open)
{
	struct instream raw;
	struct digesting dg;
	struct instream_utf16 d;
	int rc;
	instream_from_fd(&raw, fd);
	memset(&dg, 0, sizeof(dg));
	dg.s.read = digesting_read;
	dg.s.fd = -1;
	dg.under = &raw;
	sha256_init(&dg.h);
	if (f->own_encoding) {
		rc = f->read(in, &dg.s);
	} else {
		instream_utf16(&d, &dg.s);
		rc = f->read(in, &d.s);
		if (d.nbad)
			utf16_finding(in, &d);
		instream_utf16_release(&d);
	}
	digest_finish(&dg, in->t->st.files[in->file].sha256);
	if (check_unchanged(in, fd, at_open, &dg))
		rc = -1;
	return rc;
}

/* held while a file of a `serial` format is read (datasets may load on
 * several threads, verdict_load_data_threads) */
static pthread_mutex_t serial_mu = PTHREAD_MUTEX_INITIALIZER;

static int read_file(struct ingest *in, const char *path, size_t name_off)
{
	const struct format *f = format_find(in->src->format);
	struct stat at_open;
	int fd, rc;
	if (!f) {
		ingest_input_error(in, 0, 0, "unknown format '%s'", in->src->format);
		return -1;
	}
	fd = open_input(in, path, name_off, &at_open);
	if (fd < 0)
		return -1;
	if (f->serial)
		pthread_mutex_lock(&serial_mu);
	rc = read_stream(in, f, fd, &at_open);
	if (f->serial)
		pthread_mutex_unlock(&serial_mu);
	close(fd);
	return rc;
}

/* ---- finding the files of a dataset --------------------------------- */

static int is_glob(const char *path)
{
	return strpbrk(path, LOAD_GLOB_CHARS) != NULL;
}

/* DATA_DIR/path; with escape, the data directory's own glob characters
 * are escaped (it is a prefix of a pattern) */
static void data_path(struct strbuf *sb, const char *datadir, const char *path, int escape)
{
	const char *c;
	if (datadir && *datadir && path[0] != '/') {
		for (c = datadir; *c; c++) {
			if (escape && strchr(LOAD_GLOB_CHARS "\\", *c))
				strbuf_addch(sb, '\\');
			strbuf_addch(sb, *c);
		}
		if (c[-1] != '/')
			strbuf_addch(sb, '/');
	}
	strbuf_addstr(sb, path);
}

/* the length of the data directory prefix data_path() puts before path */
static size_t dir_len(const char *datadir, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n;
	data_path(&sb, datadir, "", 0);
	n = path[0] == '/' ? 0 : sb.len;
	strbuf_release(&sb);
	return n;
}

static int cmp_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the matches of pattern that are not directories, in byte order */
static size_t glob_files(const char *pattern, char ***out)
{
	glob_t g;
	size_t i, n = 0;
	if (glob(pattern, GLOB_NOSORT | GLOB_MARK, NULL, &g)) {
		*out = NULL;
		return 0;
	}
	*out = xcalloc(g.gl_pathc + 1, sizeof(**out));
	for (i = 0; i < g.gl_pathc; i++) {
		size_t len = strlen(g.gl_pathv[i]);
		if (len && g.gl_pathv[i][len - 1] != '/')
			(*out)[n++] = xstrdup(g.gl_pathv[i]);
	}
	globfree(&g);
	qsort(*out, n, sizeof(**out), cmp_paths);
	return n;
}

/* The files of one alternative: its file when it exists (anything but
 * "no such file": an unreadable file is reported when read), or its
 * glob's matches.  Returns how many; *out is freed with free_files. */
static size_t source_files(const char *datadir, const struct source *src, char ***out)
{
	struct strbuf path = STRBUF_INIT;
	struct stat st;
	size_t n = 0;
	data_path(&path, datadir, src->path, is_glob(src->path));
	if (is_glob(src->path)) {
		n = glob_files(path.buf, out);
	} else if (!stat(path.buf, &st) || (errno != ENOENT && errno != ENOTDIR)) {
		*out = xcalloc(2, sizeof(**out));
		(*out)[n++] = strbuf_detach(&path, NULL);
	} else {
		*out = NULL;
	}
	strbuf_release(&path);
	return n;
}

static void free_files(char **files, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

/* the first alternative with files (-1: none), and its files */
static int find_source(const struct dataset *ds, const char *datadir, char ***files, size_t *n)
{
	size_t k;
	for (k = 0; k < ds->nsources; k++) {
		*n = source_files(datadir, &ds->sources[k], files);
		if (*n)
			return (int)k;
	}
	*files = NULL;
	return -1;
}

void load_sources_text(const struct dataset *ds, struct strbuf *sb)
{
	size_t k;
	for (k = 0; k < ds->nsources; k++)
		strbuf_addf(sb, "%s%s", k ? ", " : "", ds->sources[k].path);
	strbuf_addstr(sb, " not found");
}

/* No alternative has a file: for a dataset not `optional`, a DQ-INPUT
 * (with one plain file name, as when it cannot be opened). */
static int absent(struct ingest *in)
{
	const struct dataset *ds = in->ds;
	struct strbuf sb = STRBUF_INIT;
	in->t->st.absent = 1;
	if (ds->optional)
		return 0;
	if (ds->nsources == 1 && !is_glob(ds->sources[0].path)) {
		ingest_input_error(in, 0, 0, "cannot open: %s", strerror(ENOENT));
	} else {
		load_sources_text(ds, &sb);
		ingest_input_error(in, 0, 0, "no source for dataset %s (%s)", ds->name, sb.buf);
	}
	strbuf_release(&sb);
	return -1;
}

int load_dataset(struct table *t, const char *datadir, struct strpool *pool, struct dqlog *log,
		 int progress)
{
	struct ingest in;
	struct strbuf path = STRBUF_INIT;
	char **files;
	size_t n = 0, k;
	int rc = 0, alt = find_source(t->ds, datadir, &files, &n);
	if (alt >= 0)
		strbuf_addstr(&path, files[0]);
	else if (t->ds->nsources)
		data_path(&path, datadir, t->ds->sources[0].path, 0);
	t->st.path = xstrdup(path.buf);
	t->st.source = alt;
	ingest_begin(&in, t, pool, log);
	in.progress = progress;
	if (alt < 0) {
		rc = absent(&in);
	} else {
		in.src = &t->ds->sources[alt];
		for (k = 0; k < n; k++)
			if (read_file(&in, files[k], dir_len(datadir, t->ds->sources[alt].path)))
				rc = -1;
	}
	ingest_end(&in);
	free_files(files, n);
	strbuf_release(&path);
	return rc;
}

int load_inline_csv(struct table *t, const struct load_buffer *b, struct strpool *pool, struct dqlog *log)
{
	struct ingest in;
	struct instream s;
	int rc;
	t->st.path = xstrdup(b->name);
	t->st.loaded = 1;
	ingest_begin(&in, t, pool, log);
	in.by_field_name = 1;
	in.line_offset = b->first_line ? b->first_line - 1 : 0;
	instream_from_memory(&s, b->text, b->len);
	rc = format_find("csv")->read(&in, &s);
	ingest_end(&in);
	return rc;
}

/* ---- a large CSV file in parts, on several threads ------------------ */

#define SPLIT_BUF (1024 * 1024)

/* Reads the file sequentially with pread into a buffer, for the scan. */
struct scanner {
	int fd;
	unsigned char *buf;
	size_t len, pos;      /* buf[pos..len) not consumed */
	uint64_t off;         /* file offset of buf[0] */
	uint64_t newlines;    /* '\n' consumed */
	int in_quote;         /* quote parity of what was consumed */
};

static int scan_fill(struct scanner *sc)
{
	ssize_t got;
	sc->off += sc->len;
	sc->pos = sc->len = 0;
	do
		got = pread(sc->fd, sc->buf, SPLIT_BUF, (off_t)sc->off);
	while (got < 0 && errno == EINTR);
	if (got <= 0)
		return 0;
	sc->len = (size_t)got;
	return 1;
}

static size_t count_byte(const unsigned char *s, size_t n, unsigned char ch)
{
	const unsigned char *end = s + n;
	size_t k = 0;
	while ((s = memchr(s, ch, (size_t)(end - s)))) {
		k++;
		s++;
	}
	return k;
}

/* Consumes the bytes before file offset to, counting line ends and quotes. */
static void scan_skip_to(struct scanner *sc, uint64_t to)
{
	while (sc->off + sc->pos < to) {
		size_t n;
		if (sc->pos == sc->len && !scan_fill(sc))
			return;
		n = sc->len - sc->pos;
		if (to - (sc->off + sc->pos) < n)
			n = (size_t)(to - (sc->off + sc->pos));
		sc->newlines += count_byte(sc->buf + sc->pos, n, '\n');
		sc->in_quote ^= (int)(count_byte(sc->buf + sc->pos, n, '"') & 1);
		sc->pos += n;
	}
}

/* Consumes up to and including the next '\n' outside quotes; returns the
 * file offset after it, or 0 when the file ends first. */
static uint64_t scan_record_end(struct scanner *sc)
{
	for (;;) {
		unsigned char ch;
		if (sc->pos == sc->len && !scan_fill(sc))
			return 0;
		ch = sc->buf[sc->pos++];
		if (ch == '"')
			sc->in_quote = !sc->in_quote;
		else if (ch == '\n') {
			sc->newlines++;
			if (!sc->in_quote)
				return sc->off + sc->pos;
		}
	}
}

/* UTF-8 (or ASCII) with LF line ends: no UTF-16 mark, and the first line
 * end is not a lone CR (a CR-only file is read whole). */
static int split_encoding_ok(int fd)
{
	unsigned char b[4096];
	ssize_t n = pread(fd, b, sizeof(b), 0), i;
	if (n < 2 || (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))
		return 0;
	for (i = 0; i < n; i++)
		if (b[i] == '\n' || b[i] == '\r')
			return b[i] == '\n' || (i + 1 < n && b[i + 1] == '\n');
	return 0;
}

/* The header's end (after a "#TYPE" line when there is one) and each cut. */
static void split_scan(struct load_split *sp, size_t nparts)
{
	struct scanner sc;
	size_t k;
	memset(&sc, 0, sizeof(sc));
	sc.fd = sp->fd;
	sc.buf = xmalloc(SPLIT_BUF);
	sp->nparts = 0;
	if (scan_fill(&sc)) {
		size_t bom = sc.len >= 3 && !memcmp(sc.buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
		if (sc.len >= bom + 6 && !memcmp(sc.buf + bom, "#TYPE ", 6)) {
			/* the reader skips that line unparsed: its quotes don't count */
			const unsigned char *nl = memchr(sc.buf, '\n', sc.len);
			if (!nl)
				goto done;
			sc.pos = (size_t)(nl - sc.buf) + 1;
			sc.newlines = 1;
		}
	}
	sp->header_end = scan_record_end(&sc);
	sp->header_lines = (uint32_t)sc.newlines;
	if (!sp->header_end)
		goto done;
	sp->parts[0].start = 0;
	sp->parts[0].first_line = 1;
	sp->nparts = 1;
	for (k = 1; k < nparts; k++) {
		uint64_t want = sp->size / nparts * k, cut;
		if (want <= sc.off + sc.pos)
			continue;
		scan_skip_to(&sc, want);
		cut = scan_record_end(&sc);
		if (!cut || cut >= sp->size)
			break;
		sp->parts[sp->nparts - 1].end = cut;
		sp->parts[sp->nparts].start = cut;
		sp->parts[sp->nparts].first_line = (uint32_t)(sc.newlines + 1);
		sp->nparts++;
	}
	sp->parts[sp->nparts - 1].end = sp->size;
done:
	free(sc.buf);
}

int load_split_open(struct load_split *sp, const struct dataset *ds, const char *datadir, size_t nparts,
		    uint64_t min_bytes)
{
	const struct format *f;
	char **files;
	size_t n = 0;
	int alt = find_source(ds, datadir, &files, &n);
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
	if (nparts > LOAD_SPLIT_MAX)
		nparts = LOAD_SPLIT_MAX;
	f = alt >= 0 ? format_find(ds->sources[alt].format) : NULL;
	if (nparts < 2 || n != 1 || !f || !f->splittable)
		goto no;
	sp->fd = open(files[0], O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not block */
	if (sp->fd < 0 || fstat(sp->fd, &sp->at_open) || !S_ISREG(sp->at_open.st_mode)
	    || (uint64_t)sp->at_open.st_size < min_bytes || !split_encoding_ok(sp->fd))
		goto no;
	sp->size = (uint64_t)sp->at_open.st_size;
	sp->ds = ds;
	sp->source = alt;
	sp->path = files[0];
	sp->name_off = dir_len(datadir, ds->sources[alt].path);
	free(files);
	return (int)nparts;
no:
	free_files(files, n);
	load_split_release(sp);
	return 0;
}

int load_split_scan(struct load_split *sp, size_t nparts)
{
	if (sp->fd < 0)
		return 0;
	if (nparts > LOAD_SPLIT_MAX)
		nparts = LOAD_SPLIT_MAX;
	split_scan(sp, nparts);
	if (sp->nparts < 2) {
		load_split_release(sp);
		return 0;
	}
	return (int)sp->nparts;
}

void load_split_release(struct load_split *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	free(sp->path);
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
}

/* Part 0: the file from its start through the first cut, digesting the
 * whole file (the rest once the part is parsed). */
static int read_first_part(struct ingest *in, struct load_split *sp)
{
	struct instream raw, lim;
	struct digesting dg;
	int rc;
	/* the size at open: the parts read no further, so neither does the digest */
	instream_from_ranges(&raw, sp->fd, &(struct instream_range){ 0, sp->size }, 1);
	memset(&dg, 0, sizeof(dg));
	dg.s.read = digesting_read;
	dg.s.fd = -1;
	dg.under = &raw;
	sha256_init(&dg.h);
	instream_limit(&lim, &dg.s, sp->parts[0].end);
	rc = format_find(in->src->format)->read(in, &lim);
	digest_finish(&dg, in->t->st.files[0].sha256);
	sp->digest_err = dg.err;
	sp->digest_bytes = dg.bytes;
	return rc;
}

/* Part k > 0: the header's bytes, then the part, its lines numbered as
 * in the file. */
static int read_later_part(struct ingest *in, const struct load_split *sp, size_t k)
{
	struct instream s;
	struct instream_range r[2];
	r[0].start = 0;
	r[0].end = sp->header_end;
	r[1].start = sp->parts[k].start;
	r[1].end = sp->parts[k].end;
	instream_from_ranges(&s, sp->fd, r, 2);
	in->line_offset = sp->parts[k].first_line - 1 - sp->header_lines;
	return format_find(in->src->format)->read(in, &s);
}

int load_split_part(struct load_split *sp, size_t k, struct table *t, struct strpool *pool, struct dqlog *log)
{
	struct ingest in;
	uint64_t bytes = sp->parts[k].end - sp->parts[k].start;
	int rc;
	t->st.path = xstrdup(sp->path);
	t->st.source = sp->source;
	t->st.loaded = 1;
	ingest_begin(&in, t, pool, log);
	in.src = &sp->ds->sources[sp->source];
	in.no_key_check = 1;
	table_add_file(t, sp->path, sp->name_off);
	t->st.files[0].bytes = sp->size;
	t->st.bytes = sp->size;
	in.total_bytes = sp->size;
	strpool_reserve(pool, (size_t)(bytes / LOAD_BYTES_PER_STRING), (size_t)(bytes / 4));
	rc = k ? read_later_part(&in, sp, k) : read_first_part(&in, sp);
	ingest_end(&in);
	sp->parts[k].rc = rc || t->st.input_error ? -1 : 0;
	return rc;
}

int load_split_valid(const struct load_split *sp)
{
	size_t k;
	for (k = 0; k + 1 < sp->nparts; k++)
		if (sp->parts[k].rc)
			return 0;
	return 1;
}

int load_split_log_keep(const struct dq *d)
{
	return d->kind != DQ_MISSING_COLUMN;
}

int load_split_finish(struct load_split *sp, struct table *t, struct strpool *pool, struct dqlog *log)
{
	struct ingest in;
	struct digesting dg;
	int rc;
	ingest_begin(&in, t, pool, log);
	in.src = &sp->ds->sources[sp->source];
	memset(&dg, 0, sizeof(dg));
	dg.err = sp->digest_err;
	dg.bytes = sp->digest_bytes;
	rc = check_unchanged(&in, sp->fd, &sp->at_open, &dg);
	ingest_end(&in);
	return rc || sp->parts[sp->nparts - 1].rc ? -1 : 0;
}
