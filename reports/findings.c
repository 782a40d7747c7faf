/*
 * findings.c - the findings columns (see findings.h).
 */
#include "reports/findings.h"

#include <stdio.h>
#include <string.h>

#include "reports/out.h"

const char *const findings_cols[FINDINGS_NCOLS] = {
	"run_id", "as_of", "rule_id", "severity", "status", "dataset", "record_key", "source_file",
	"source_line", "message", "evidence", "fingerprint", "change", "waiver",
	"evidence_sources", "field", "raw_value"
};

void findings_cells(const struct report_finding *f, const char *run_id, const char *as_of,
		    const char **cells, char line[FINDINGS_LINE_SIZE])
{
	snprintf(line, FINDINGS_LINE_SIZE, "%u", f->source_line);
	cells[0] = run_id;
	cells[1] = as_of;
	cells[2] = f->rule_id;
	cells[3] = f->severity;
	cells[4] = f->status;
	cells[5] = f->dataset;
	cells[6] = f->record_key;
	cells[7] = f->source_file;
	cells[FINDINGS_COL_SOURCE_LINE] = f->source_line ? line : "";
	cells[9] = f->message;
	cells[10] = f->evidence;
	cells[11] = f->fingerprint;
	cells[12] = f->change;
	cells[13] = f->waiver;
	cells[FINDINGS_COL_EVIDENCE_SOURCES] = f->evidence_sources ? f->evidence_sources : "";
	cells[FINDINGS_COL_FIELD] = f->field ? f->field : "";
	cells[FINDINGS_COL_RAW_VALUE] = f->raw_value ? f->raw_value : "";
}

void findings_csv_header(struct strbuf *sb)
{
	int i;
	for (i = 0; i < FINDINGS_NCOLS; i++)
		strbuf_addf(sb, "%s%c", findings_cols[i], i == FINDINGS_NCOLS - 1 ? '\n' : ',');
}

void findings_csv_line(struct strbuf *sb, const struct report_finding *f, const char *run_id,
		       const char *as_of, int raw)
{
	const char *cells[FINDINGS_NCOLS];
	char line[FINDINGS_LINE_SIZE];
	int i;
	findings_cells(f, run_id, as_of, cells, line);
	for (i = 0; i < FINDINGS_NCOLS; i++) {
		out_csv_cell(sb, cells[i], strlen(cells[i]), raw || !findings_col_text(i));
		strbuf_addch(sb, i == FINDINGS_NCOLS - 1 ? '\n' : ',');
	}
}
