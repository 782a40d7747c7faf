/*
 * findings.h - the findings columns, a contract (docs/report-formats.md):
 * the one list behind the findings.csv header, its rows and the
 * findings.jsonl keys.
 */
#ifndef VERDICT_FINDINGS_H
#define VERDICT_FINDINGS_H

#include <stddef.h>

#include "reports/report.h"

enum { FINDINGS_NCOLS = 14, FINDINGS_COL_SOURCE_LINE = 8 };

extern const char *const findings_cols[FINDINGS_NCOLS];

/* room for source_line's text */
#define FINDINGS_LINE_SIZE 16

/* The cells of a finding in column order; source_line's is its decimal
 * text in line (or "" for none).  The cells point into f, run_id, as_of
 * and line. */
void findings_cells(const struct report_finding *f, const char *run_id, const char *as_of,
		    const char **cells, char line[FINDINGS_LINE_SIZE]);

#endif
