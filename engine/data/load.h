/*
 * load.h - reading datasets: from a data directory, or from memory.
 *
 * load_dataset() reads the first alternative of the dataset's `from`
 * that has a file under DATA_DIR: its path when that exists, or, for a
 * path with '*', '?' or '[', the matches of the glob (directories aside;
 * none: the alternative does not exist), read in byte order of their
 * names into the one table (st.files, row_file).  t->st.source is the
 * alternative read; with none, st.absent is set and, unless the dataset
 * is `optional`, a DQ-INPUT is logged ("cannot open: ..." for a single
 * plain file name, else "no source for dataset X (a, b not found)").
 * Each file is opened (stat: a directory is refused; the size goes to the
 * stats and to progress) and handed as a stream to the reader of the
 * alternative's format (data/format.h); a file with a UTF-16 byte-order
 * mark is decoded to UTF-8 first (instream_utf16; not for XML, which
 * libxml2 decodes), unpaired surrogates becoming U+FFFD with one
 * DQ-ENCODING for the file.  Every
 * record read ends up either as a table row or as a rejected row
 * (DQ-ROW-SHAPE), so st.rows_read == nrows + st.rows_rejected always
 * holds.  A file that cannot be opened, or is malformed past some point,
 * is a DQ-INPUT finding and sets st.input_error; the rows read before the
 * error stay.  The dataset's format must be in the format table (the
 * rules were checked with format_check_program()); an unknown one is a
 * DQ-INPUT finding too.
 */
#ifndef VERDICT_LOAD_H
#define VERDICT_LOAD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "data/dq.h"
#include "util/strbuf.h"
#include "util/strpool.h"
#include "data/table.h"

/* A table given in memory: text[0..len) is CSV with a header, found at
 * line first_line of the file `name` (both for messages; name becomes
 * st.path).  The text need not be NUL-terminated. */
struct load_buffer {
	const char *name;
	uint32_t first_line;
	const char *text;
	size_t len;
	int absent;                /* provided by no source (verdict_load_inline) */
};

/* An inline test table: its columns are matched by field name first,
 * whatever the dataset's declared format. */
int load_inline_csv(struct table *t, const struct load_buffer *b, struct strpool *pool, struct dqlog *log);

/* "a.csv, b.json not found": the alternatives' file names */
void load_sources_text(const struct dataset *ds, struct strbuf *sb);

/* 1 if a file changed while it was read, with the reason appended to why:
 * its size or modification time (st_mtim) at the end differs from the
 * snapshot taken when it was opened, or bytes_read (what was hashed and
 * parsed) is not its size at open (an append between the two fstat
 * calls, a pseudo-file such as /proc/self/status); else 0.  The loader
 * turns it into a warning and a DQ-INPUT "changed while it was read". */
int load_input_changed(const struct stat *at_open, const struct stat *at_end, uint64_t bytes_read,
		       struct strbuf *why);

/*
 * A large CSV file in parts, on several threads.
 *
 * load_split_open() decides, without reading the file, whether the
 * dataset's input is one file of a splittable format (data/format.h) of
 * at least min_bytes, in UTF-8 with LF or CRLF line ends; if so it opens
 * it and returns the number of parts to plan for (up to nparts), else 0:
 * read the file whole with load_dataset().  load_split_scan() then cuts
 * it in up to that many parts of about equal size: each cut is the first
 * line end at or after an equal share of the file where the count of '"'
 * before it is even (outside quotes, RFC 4180), past the header; it reads
 * the file up to the last cut, so a caller lets other work run meanwhile.
 * It returns the number of parts (>= 2), or 0 when it found no cut (sp is
 * then released: read whole).
 *
 * Each part then loads on its own, on any thread, into its own table,
 * pool and log (load_split_part).  Part 0 reads from the file's start
 * (the header, then its rows) and digests the whole file; part k > 0
 * reads the header's bytes, then its own range, its lines numbered as in
 * the file.  The cuts are a guess when a stray quote broke the parity: the
 * parts hold what one reader would have read only if every part but the
 * last ended cleanly, at a record's end with no input error
 * (load_split_valid); else read the file whole.  A valid set is joined
 * by the caller: part k's rows after part k-1's (table_append), its log
 * after theirs, without the findings its reading of the header repeats
 * (those load_split_log_keep refuses).  load_split_finish() then checks,
 * on the joined table, that the file did not change while it was read
 * and that no key repeats (ingest_end), and returns what load_dataset()
 * would (0, or -1 after an input error).
 */
#define LOAD_SPLIT_MAX 8
#define LOAD_SPLIT_MIN_BYTES (16u << 20)   /* smaller files are read whole */

struct load_split {
	const struct dataset *ds;
	int source;                /* the alternative read */
	char *path;                /* the file */
	size_t name_off;           /* path without the data directory */
	int fd;                    /* open until load_split_release */
	struct stat at_open;
	uint64_t size;
	uint64_t header_end;       /* bytes up to the header record's end */
	uint32_t header_lines;     /* line ends before header_end */
	size_t nparts;
	struct {
		uint64_t start, end;       /* the part's bytes */
		uint32_t first_line;       /* its first line in the file */
		int rc;                    /* load_split_part: 0, or -1 after an input error */
	} parts[LOAD_SPLIT_MAX];
	int digest_err;            /* part 0's digest of the whole file */
	uint64_t digest_bytes;
};

int load_split_open(struct load_split *sp, const struct dataset *ds, const char *datadir, size_t nparts,
		    uint64_t min_bytes);
int load_split_scan(struct load_split *sp, size_t nparts);
int load_split_part(struct load_split *sp, size_t k, struct table *t, struct strpool *pool, struct dqlog *log);
int load_split_valid(const struct load_split *sp);
int load_split_log_keep(const struct dq *d);
int load_split_finish(struct load_split *sp, struct table *t, struct strpool *pool, struct dqlog *log);
void load_split_release(struct load_split *sp);

/* progress: show a progress line on stderr while loading */
int load_dataset(struct table *t, const char *datadir, struct strpool *pool, struct dqlog *log,
		 int progress);

#endif
