/*
 * dq.h - data-quality findings produced while loading datasets.
 *
 * Ids (a contract, reported in findings.csv):
 *   DQ-TYPE            a value that does not convert to the field's type
 *   DQ-REQUIRED        a required (or key) field is null
 *   DQ-ENUM            a value that is not one of the enum's values
 *   DQ-PATTERN         a value that does not match the field's `matches`
 *   DQ-ROW-SHAPE       a row rejected: wrong cell count or malformed syntax
 *   DQ-MISSING-COLUMN  a declared column absent from the file
 *   DQ-DUPLICATE-KEY   a row whose key equals an earlier row's
 *   DQ-ENCODING        text that is not valid UTF-8
 *   DQ-INPUT           the file could not be read, or is malformed
 * A finding names the dataset, the field (or none), the table row (or -1
 * when the row was rejected or the finding concerns the whole file), the
 * source file (an index in the table's st.files: table_file_path()), the
 * source line (0 for the whole file), the raw text and a message; texts
 * are string-pool ids.
 */
#ifndef VERDICT_DQ_H
#define VERDICT_DQ_H

#include <stddef.h>
#include <stdint.h>

#include "lang/ast.h"

enum dq_kind {
	DQ_TYPE, DQ_REQUIRED, DQ_ENUM, DQ_PATTERN, DQ_ROW_SHAPE, DQ_MISSING_COLUMN,
	DQ_DUPLICATE_KEY, DQ_ENCODING, DQ_INPUT, DQ_NKINDS
};

struct dq {
	enum dq_kind kind;
	const struct dataset *ds;
	int field;        /* -1: the row or the file */
	int64_t row;      /* table row, or -1 */
	uint32_t file;    /* index in the table's st.files (0 when none was read) */
	uint32_t line;    /* 0: the whole file */
	uint32_t col;     /* column within the line (malformed input), or 0 */
	uint32_t raw;     /* string-pool id of the raw text, or 0 */
	uint32_t msg;     /* string-pool id of the message */
};

struct dqlog {
	struct dq *items;
	size_t n, cap;
};

const char *dq_id(enum dq_kind k);
/* The finding's severity: its field's `severity`, else its dataset's,
 * else error; DQ-INPUT is always an error (the run is incomplete). */
enum severity dq_severity(const struct dq *d);
const char *dq_title(enum dq_kind k);
void dqlog_init(struct dqlog *l);
void dqlog_release(struct dqlog *l);
void dqlog_add(struct dqlog *l, const struct dq *d);

#endif
