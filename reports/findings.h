/*
 * findings.h - the findings columns, a contract (docs/report-formats.md):
 * the one list behind the findings.csv header, its rows and the
 * findings.jsonl keys.
 */
#ifndef VERDICT_FINDINGS_H
#define VERDICT_FINDINGS_H

#include <stddef.h>

#include "util/strbuf.h"
#include "reports/report.h"

enum { FINDINGS_NCOLS = 17, FINDINGS_COL_SOURCE_LINE = 8 };
/* the columns a baseline is matched and checked on */
enum { FINDINGS_COL_RUN_ID = 0, FINDINGS_COL_RULE_ID = 2, FINDINGS_COL_STATUS = 4,
       FINDINGS_COL_RECORD_KEY = 6, FINDINGS_COL_EVIDENCE = 10, FINDINGS_COL_FINGERPRINT = 11,
       FINDINGS_COL_CHANGE = 12, FINDINGS_COL_WAIVER = 13, FINDINGS_COL_MESSAGE = 9,
       FINDINGS_COL_EVIDENCE_SOURCES = 14, FINDINGS_COL_FIELD = 15, FINDINGS_COL_RAW_VALUE = 16 };

/* Whether column i is human-facing text, neutralized against spreadsheet
 * formulas (out_csv_cell) unless --csv-raw: message and raw_value only.
 * Every other column (keys, evidence, fingerprints, ids, paths) is
 * written exactly, so warehouse joins on record_key see the data's bytes. */
static inline int findings_col_text(int i)
{
	return i == FINDINGS_COL_MESSAGE || i == FINDINGS_COL_RAW_VALUE;
}

/* The findings schema: the columns above and the fingerprint definition
 * (cli/fingerprint.h).  manifest.json records it as "findings_schema";
 * it changes whenever either does, and a baseline of another schema is
 * refused.  1: fingerprints over record_key and evidence (line numbers
 * for datasets without a key); 2: over record identities; 3: the same
 * fingerprints, with evidence_sources, field and raw_value appended and
 * only message and raw_value neutralized. */
#define FINDINGS_SCHEMA 3

extern const char *const findings_cols[FINDINGS_NCOLS];

/* room for source_line's text */
#define FINDINGS_LINE_SIZE 16

/* The cells of a finding in column order; source_line's is its decimal
 * text in line (or "" for none).  The cells point into f, run_id, as_of
 * and line. */
void findings_cells(const struct report_finding *f, const char *run_id, const char *as_of,
		    const char **cells, char line[FINDINGS_LINE_SIZE]);

/* findings.csv's header line, and one finding as a CSV line (findings.csv
 * and resolved.csv): cells encoded by out_csv_cell, the text columns
 * neutralized unless raw. */
void findings_csv_header(struct strbuf *sb);
void findings_csv_line(struct strbuf *sb, const struct report_finding *f, const char *run_id,
		       const char *as_of, int raw);

#endif
