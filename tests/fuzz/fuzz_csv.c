/* libFuzzer: the CSV reader (see fuzz_readers.h) */
#define FUZZ_FROM "csv \"x.csv\""
#define FUZZ_READ csvin_read
#include "fuzz_readers.h"
