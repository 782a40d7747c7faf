/*
 * strpool.c - string interning (see strpool.h).
 */
#include "util/strpool.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

struct probe {
	const char *s;
	size_t len;
};

/* entries: key = id | length << 32, val = byte offset: one memory access
 * (the bytes) per comparison */
static int pool_eq(const void *ctx, const struct dict_entry *e, const void *p)
{
	const struct strpool *sp = ctx;
	const struct probe *pr = p;
	return (e->key >> 32) == pr->len && !memcmp(sp->data + e->val, pr->s, pr->len);
}

static const struct dict_type pool_type = { pool_eq };

void strpool_init(struct strpool *sp)
{
	memset(sp, 0, sizeof(*sp));
	dict_init(&sp->index, &pool_type, sp);
	sp->key = hash_run_key();
	ALLOC_GROW(sp->data, 1, sp->alloc);
	ALLOC_GROW(sp->off, 1, sp->cap);
	sp->slen = xrealloc(NULL, sp->cap * sizeof(*sp->slen));
	sp->data[0] = '\0';
	sp->len = 1;
	sp->off[0] = 0;
	sp->slen[0] = 0;
	sp->count = 1;
}

void strpool_release(struct strpool *sp)
{
	dict_release(&sp->index);
	free(sp->data);
	free(sp->off);
	free(sp->slen);
	memset(sp, 0, sizeof(*sp));
}

uint32_t strpool_find(const struct strpool *sp, const char *s, size_t len)
{
	struct probe pr = { s, len };
	struct dict_entry *e = dict_find(&sp->index, hash_bytes(&sp->key, s, len), &pr);
	return e ? (uint32_t)e->key : STRPOOL_NONE;
}

uint32_t strpool_intern(struct strpool *sp, const char *s, size_t len)
{
	struct probe pr = { s, len };
	uint64_t h = hash_bytes(&sp->key, s, len);
	struct dict_entry *e = dict_find(&sp->index, h, &pr);
	uint32_t id;
	size_t oldcap;
	if (e)
		return (uint32_t)e->key;
	if (sp->count >= STRPOOL_MAX_IDS)
		xmalloc(SIZE_MAX); /* out of ids: treat like out of memory */
	ALLOC_GROW(sp->data, sp->len + len + 1, sp->alloc);
	oldcap = sp->cap;
	ALLOC_GROW(sp->off, sp->count + 1, sp->cap);
	if (sp->cap != oldcap)
		sp->slen = xrealloc(sp->slen, sp->cap * sizeof(*sp->slen));
	id = (uint32_t)sp->count++;
	sp->off[id] = sp->len;
	sp->slen[id] = (uint32_t)len;
	memcpy(sp->data + sp->len, s, len);
	sp->data[sp->len + len] = '\0';
	sp->len += len + 1;
	dict_insert(&sp->index, h, id | (uint64_t)len << 32, sp->off[id]);
	return id;
}

uint32_t strpool_intern_cstr(struct strpool *sp, const char *s)
{
	return strpool_intern(sp, s, strlen(s));
}
