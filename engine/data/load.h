/*
 * load.h - reading datasets from a data directory.
 *
 * load_dataset() opens DATA_DIR/<dataset path>, records its size, and
 * hands it to the reader for its format; every record read ends up either
 * as a table row or as a rejected row (DQ-ROW-SHAPE), so
 * st.rows_read == nrows + st.rows_rejected always holds.  A file that
 * cannot be opened, or is malformed past some point, is a DQ-INPUT
 * finding and sets st.input_error; the rows read before the error stay.
 *
 * Readers (one per format) share this contract:
 *   int csvin_read(struct ingest *in, const char *path);
 *   int xmlin_read(struct ingest *in, const char *path);
 * They return 0, or -1 after logging an input error with
 * ingest_input_error().  They report progress with ingest_progress().
 */
#ifndef VERDICT_LOAD_H
#define VERDICT_LOAD_H

#include "lang/ast.h"
#include "data/dq.h"
#include "data/ingest.h"
#include "util/strpool.h"
#include "data/table.h"

int csvin_read(struct ingest *in, const char *path);
int xmlin_read(struct ingest *in, const char *path);

/* An inline test table: CSV with a header whose columns are matched by
 * field name first, whatever the dataset's declared format. */
int load_inline_csv(struct table *t, const char *path, struct strpool *pool, struct dqlog *log);

/* progress: show a progress line on stderr while loading */
int load_dataset(struct table *t, const char *datadir, struct strpool *pool, struct dqlog *log,
		 int progress);

#endif
