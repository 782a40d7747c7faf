/*
 * arena.h - bump allocator for compile-time data (AST, schema, plans).
 *
 * Everything allocated from an arena is freed in one call, arena_release().
 * Allocations are aligned to 16 bytes and zero-filled.  Pointers stay valid
 * until release (blocks never move).
 */
#ifndef VERDICT_ARENA_H
#define VERDICT_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;   /* bytes used in head */
	size_t total;  /* bytes handed out, for statistics */
};

#define ARENA_INIT { NULL, 0, 0 }

void arena_init(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);   /* zero-filled */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
void arena_release(struct arena *a);

#define ARENA_NEW(a, type) ((type *)arena_alloc((a), sizeof(type)))
#define ARENA_ARRAY(a, type, n) ((type *)arena_alloc((a), sizeof(type) * (n)))

#endif
