/*
 * plan.h - turning checked rules into evaluation plans.
 *
 * A rule becomes a sequence of steps:
 *   SCAN     the driving dataset (`for`), in row order
 *   LOOKUP   a join through a hash index: the equality conjuncts of `on`
 *            that link a field of the new variable to earlier variables or
 *            constants form the key (composite keys and constant parts
 *            allowed); the other conjuncts are checked on each match
 *   NESTED   a join with no usable equality: every row is tried
 *   FILTER   a `where` conjunct, placed right after the step that binds
 *            the last variable it uses (as early as possible)
 *   LET      a `let`, placed likewise
 * Subqueries (exists/count/sum/min/max) get a struct subplan the same way:
 * an index lookup plus residual conditions, or a scan.
 *
 * Indexes are shared: one per (dataset, key fields), whoever needs it.
 * They are built from the tables by plan_build_indexes(), once per run.
 * Join keys: an `=` conjunct of `on` (or of a subquery's `where`) that
 * compares a field of the new variable with an expression not using it
 * is a key equality, and a key equality never matches a null, whatever
 * the operand types (docs/rule-language.md, null semantics).  Rows whose
 * key has a null part are left out of an index, a null probe finds
 * nothing, and key equalities left as residual conditions (see struct
 * lookup) are evaluated the same way.  Within one key, rows are chained in row order, so join
 * matches come in row order and output is deterministic (the map's
 * hashes are keyed per run, but nothing depends on its slot order).
 */
#ifndef VERDICT_PLAN_H
#define VERDICT_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "util/dict.h"
#include "util/hash.h"
#include "util/strbuf.h"
#include "data/table.h"

#define PLAN_MAX_KEY 8
#define PLAN_NO_ROW UINT32_MAX

struct index {
	const struct dataset *ds;
	int nkey;
	int fields[PLAN_MAX_KEY];     /* sorted field indexes */
	const struct table *t;        /* set by plan_build_indexes */
	struct dict map;              /* key -> first row of the chain (entry key;
	                                 val: the first key part's value, index_seal) */
	struct hash_key hkey;         /* map's hashes are keyed (util/hash.h) */
	uint32_t *next;               /* per row: next row with the same key */
	size_t ndistinct;
};

/* key part i: probe[i] is compared with field idx->fields[i]; an int
 * probe of a decimal field (or the reverse) is converted to the field's
 * representation by the evaluator, so int = decimal keys are indexed too */
struct lookup {
	struct index *idx;            /* NULL: scan */
	struct expr *probe[PLAN_MAX_KEY];
	struct expr **conds;          /* residual conjuncts, in written order */
	unsigned char *cond_is_key;   /* per cond: a key equality left out of
	                               * the index: false when a side is null */
	size_t nconds;
};

enum step_kind { ST_SCAN, ST_LOOKUP, ST_NESTED, ST_FILTER, ST_LET };

struct step {
	enum step_kind kind;
	const struct clause *cl;      /* the clause it comes from */
	int slot;                     /* SCAN/LOOKUP/NESTED: binding slot; LET: let slot */
	int left;                     /* left join */
	const struct dataset *ds;
	struct lookup lk;             /* LOOKUP/NESTED */
	struct expr *e;               /* FILTER condition; LET value */
};

struct subplan {
	const struct dataset *ds;
	int slot;
	struct lookup lk;
};

struct rule_plan {
	struct rule *rule;
	struct step *steps;
	size_t nsteps;
	int nbind;                    /* SCAN/LOOKUP/NESTED steps: the evidence */
	int *bind_slots;              /* their slots, in order */
};

struct planset {
	struct arena arena;
	struct index **indexes;
	size_t nindexes, indexes_cap;
	struct rule_plan *plans;      /* one per program rule */
	size_t nplans;
};

/* Plans every rule; warns (dc) about joins and subqueries that scan. */
void plan_program(struct planset *ps, struct program *prog, struct diagctx *dc);
void plan_release(struct planset *ps);
/* Builds every index from tables[] (indexed by dataset index). */
void plan_build_indexes(struct planset *ps, const struct table *tables);
/* First row for a key (vals normalized: ids for text, int64 otherwise). */
uint32_t plan_index_first(const struct index *idx, const uint64_t *vals);
/* `verdict explain` text for one rule. */
/* The step that binds the plan's i-th bound variable (bind_slots[i]: a
 * scan, lookup or nested step), or NULL: the order of the evidence. */
const struct step *plan_bound_step(const struct rule_plan *rp, int i);
void plan_explain(const struct rule_plan *rp, struct strbuf *sb);

#endif
