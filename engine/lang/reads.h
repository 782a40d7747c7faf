/*
 * reads.h - what a checked rule reads: the datasets it binds (for, join,
 * subqueries) and the fields it reads, in its clauses, its lets, the
 * expansions of the defines it calls (their arguments inlined) and the
 * expressions of its message template.
 *
 *   struct reads r = READS_INIT;
 *   reads_rule(rule, &r);
 *   for (i = 0; i < r.n; i++) r.items[i].ds, r.items[i].field
 *   reads_release(&r);
 *
 * Invariants: each (dataset, field) pair appears once, in the order first
 * read; field -1 stands for the dataset itself and comes before its
 * fields' pairs.  Only for a rule that checked without errors.
 */
#ifndef VERDICT_READS_H
#define VERDICT_READS_H

#include <stddef.h>

#include "lang/ast.h"

struct reads_item {
	const struct dataset *ds;
	int field;                 /* field index, or -1: the dataset */
};

struct reads {
	struct reads_item *items;
	size_t n, cap;
};

#define READS_INIT { NULL, 0, 0 }

/* Appends what rule reads to out (pairs already there are not repeated). */
void reads_rule(const struct rule *rule, struct reads *out);
void reads_release(struct reads *r);

#endif
