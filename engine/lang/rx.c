/*
 * rx.c - PCRE2 wrapper with JIT and match limits (see rx.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "lang/rx.h"

#include <pcre2.h>
#include <string.h>

#include "util/alloc.h"

struct rx_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

static uint32_t flag_bits(const char *flags, char *bad)
{
	uint32_t opt = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	for (; *flags; flags++) {
		switch (*flags) {
		case 'i': opt |= PCRE2_CASELESS; break;
		case 'm': opt |= PCRE2_MULTILINE; break;
		case 's': opt |= PCRE2_DOTALL; break;
		case 'x': opt |= PCRE2_EXTENDED; break;
		default: *bad = *flags; return 0;
		}
	}
	return opt;
}

int rx_compile(struct regex *re, struct diagctx *dc)
{
	int err;
	PCRE2_SIZE off;
	char bad = 0;
	uint32_t opt = flag_bits(re->flags, &bad);
	pcre2_code *code;
	if (bad) {
		struct srcpos at = re->pos;
		at.col += (uint32_t)(strlen(re->src) + 2 + (size_t)(strchr(re->flags, bad) - re->flags));
		at.len = 1;
		diag_error(dc, at, "unknown regex flag '%c' (flags: i, m, s, x)", bad);
		return -1;
	}
	code = pcre2_compile((PCRE2_SPTR)re->src, PCRE2_ZERO_TERMINATED, opt, &err, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		struct srcpos at = re->pos;
		pcre2_get_error_message(err, msg, sizeof(msg));
		at.col += (uint32_t)off + 1;
		at.len = 1;
		diag_error(dc, at, "invalid regex: %s", (const char *)msg);
		return -1;
	}
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
	re->code = (struct pcre2_real_code_8 *)code;
	return 0;
}

void rx_free(struct regex *re)
{
	if (re && re->code) {
		pcre2_code_free((pcre2_code *)re->code);
		re->code = NULL;
	}
}

struct rx_scratch *rx_scratch_new(void)
{
	struct rx_scratch *s = xcalloc(1, sizeof(*s));
	s->md = pcre2_match_data_create(1, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	if (!s->md || !s->mctx)
		xmalloc(SIZE_MAX);
	pcre2_set_match_limit(s->mctx, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(s->mctx, RX_DEPTH_LIMIT);
	return s;
}

void rx_scratch_free(struct rx_scratch *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	free(s);
}

int rx_match(const struct regex *re, struct rx_scratch *s, const char *subj, size_t n)
{
	int rc = pcre2_match((const pcre2_code *)re->code, (PCRE2_SPTR)subj, n, 0, 0, s->md, s->mctx);
	if (rc >= 0)
		return RX_MATCH;
	return rc == PCRE2_ERROR_NOMATCH ? RX_NOMATCH : RX_ERROR;
}
