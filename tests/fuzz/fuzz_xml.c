/* libFuzzer: the XML reader (see fuzz_readers.h) */
#define FUZZ_FROM "xml \"x.xml\" record \"rows/row\""
#define FUZZ_READ xmlin_read
#include "fuzz_readers.h"
