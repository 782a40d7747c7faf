/* libFuzzer: the JSON reader (see fuzz_readers.h) */
#define FUZZ_FROM "json \"x.json\" record \"items\""
#define FUZZ_READ jsonin_read
#include "fuzz_readers.h"
