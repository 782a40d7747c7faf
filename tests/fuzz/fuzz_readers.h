/*
 * fuzz_readers.h - one libFuzzer body for the three readers: the input
 * is a file of the dataset below, read from memory with every type, enum
 * and pattern check on; every load must reconcile
 * (rows_read == loaded + rejected).  Included by fuzz_csv.c, fuzz_xml.c
 * and fuzz_json.c with FUZZ_FROM and FUZZ_READ defined.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data/format.h"
#include "data/ingest.h"
#include "data/instream.h"
#include "data/table.h"
#include "lang/check.h"
#include "lang/diag.h"
#include "lang/parse.h"
#include "lang/schema.h"
#include "util/strpool.h"

static const char rules[] =
	"dataset t {\n"
	"  from " FUZZ_FROM "\n"
	"  key Id\n"
	"  Id text\n"
	"  Name text matches /^[A-Za-z ]*$/\n"
	"  Amount decimal(2) null_if \"-\", \"n/a*\"\n"
	"  Qty int\n"
	"  Day date format \"M/D/YYYY\", \"YYYY-MM-DD\"\n"
	"  At datetime\n"
	"  Flag bool\n"
	"  Kind enum(\"A\", \"B\") optional\n"
	"}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct srcfile *f = srcfile_from_string("fuzz.rules", rules, strlen(rules));
	struct program prog;
	struct strpool pool;
	struct diagctx dc;
	struct table t;
	struct dqlog log;
	struct ingest in;
	struct instream s;
	program_init(&prog);
	diag_init(&dc);
	strpool_init(&pool);
	if (parse_srcfile(&prog, f, &dc) || schema_check(&prog, &pool, &dc))
		abort();
	table_init(&t, prog.datasets[0]);
	dqlog_init(&log);
	ingest_begin(&in, &t, &pool, &log);
	instream_from_memory(&s, data, size);
	FUZZ_READ(&in, &s);
	ingest_end(&in);
	if (t.st.rows_read != t.nrows + t.st.rows_rejected)
		abort();
	dqlog_release(&log);
	table_release(&t);
	strpool_release(&pool);
	check_release(&prog);
	program_release(&prog);
	diag_release(&dc);
	return 0;
}
