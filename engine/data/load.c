/*
 * load.c - reading datasets from a data directory or from memory (see
 * load.h).
 */
#include "data/load.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/format.h"
#include "data/ingest.h"
#include "data/instream.h"
#include "util/alloc.h"
#include "util/strbuf.h"

/* Opens the file for reading: a descriptor, or -1 after a DQ-INPUT.  The
 * size is known (and the table counts as loaded) once stat succeeds. */
static int open_input(struct ingest *in, const char *path)
{
	struct stat st;
	int fd;
	if (stat(path, &st)) {
		ingest_input_error(in, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		ingest_input_error(in, 0, 0, "cannot read: it is a directory");
		return -1;
	}
	in->t->st.bytes = (uint64_t)st.st_size;
	in->total_bytes = (uint64_t)st.st_size;
	in->t->st.loaded = 1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		ingest_input_error(in, 0, 0, "cannot open: %s", strerror(errno));
	return fd;
}

static int read_file(struct ingest *in, const char *path)
{
	const struct format *f = format_find(in->ds->format);
	struct instream s;
	int fd, rc;
	if (!f) {
		ingest_input_error(in, 0, 0, "unknown format '%s'", in->ds->format);
		return -1;
	}
	fd = open_input(in, path);
	if (fd < 0)
		return -1;
	instream_from_fd(&s, fd);
	rc = f->read(in, &s);
	close(fd);
	return rc;
}

int load_dataset(struct table *t, const char *datadir, struct strpool *pool, struct dqlog *log,
		 int progress)
{
	struct ingest in;
	struct strbuf path = STRBUF_INIT;
	int rc;
	if (datadir && *datadir && t->ds->path[0] != '/')
		strbuf_addf(&path, "%s%s", datadir, datadir[strlen(datadir) - 1] == '/' ? "" : "/");
	strbuf_addstr(&path, t->ds->path);
	t->st.path = xstrdup(path.buf);
	ingest_begin(&in, t, pool, log);
	in.progress = progress;
	rc = read_file(&in, path.buf);
	ingest_end(&in);
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
