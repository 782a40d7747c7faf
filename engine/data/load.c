/*
 * load.c - reading datasets from a data directory (see load.h).
 */
#include "data/load.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "util/alloc.h"
#include "util/strbuf.h"

int load_dataset(struct table *t, const char *datadir, struct strpool *pool, struct dqlog *log,
		 int progress)
{
	struct ingest in;
	struct strbuf path = STRBUF_INIT;
	struct stat st;
	int rc;
	if (datadir && *datadir && t->ds->path[0] != '/')
		strbuf_addf(&path, "%s%s", datadir, datadir[strlen(datadir) - 1] == '/' ? "" : "/");
	strbuf_addstr(&path, t->ds->path);
	t->st.path = xstrdup(path.buf);
	ingest_begin(&in, t, pool, log);
	in.progress = progress;
	if (stat(path.buf, &st)) {
		ingest_input_error(&in, 0, 0, "cannot open: %s", strerror(errno));
		rc = -1;
	} else if (S_ISDIR(st.st_mode)) {
		ingest_input_error(&in, 0, 0, "cannot read: it is a directory");
		rc = -1;
	} else {
		t->st.bytes = (uint64_t)st.st_size;
		in.total_bytes = (uint64_t)st.st_size;
		t->st.loaded = 1;
		rc = t->ds->format == FMT_CSV ? csvin_read(&in, path.buf) : xmlin_read(&in, path.buf);
	}
	ingest_end(&in);
	strbuf_release(&path);
	return rc;
}

int load_inline_csv(struct table *t, const char *path, struct strpool *pool, struct dqlog *log)
{
	struct ingest in;
	int rc;
	t->st.path = xstrdup(path);
	t->st.loaded = 1;
	ingest_begin(&in, t, pool, log);
	in.by_field_name = 1;
	rc = csvin_read(&in, path);
	ingest_end(&in);
	return rc;
}
