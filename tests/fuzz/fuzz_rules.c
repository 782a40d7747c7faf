/*
 * libFuzzer: rule text through the parser, format check, type checker
 * and planner (verdict_load_rules_text), then the explain printer's
 * input: every diagnostic rendered.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "run/verdict.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct verdict v;
	struct strbuf sb = STRBUF_INIT;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	verdict_init(&v);
	verdict_load_rules_text(&v, "fuzz.rules", text);
	diag_render(&v.dc, &sb);
	strbuf_release(&sb);
	verdict_release(&v);
	free(text);
	return 0;
}
