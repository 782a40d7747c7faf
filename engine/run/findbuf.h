/*
 * findbuf.h - findings held back and replayed in order (verdict_evaluate
 * on several threads).
 *
 * A rule evaluated ahead of the earliest unfinished one cannot hand its
 * findings to the sink yet; they wait in a findbuf.  A finding is stored
 * as one record [int64 rows[nslots]][uint32 msglen][msg bytes]: the rows
 * index the shared tables and the message is already rendered, so a
 * record refers to nothing of the evaluator that made it (whose own
 * string pool holds derived strings) and replays after it has moved on.
 *
 * Memory: records go to memory while the run's budget allows (memory is
 * reserved from a shared struct findbuf_budget in FINDBUF_QUANTUM steps),
 * then to the writer's spill file: a temporary file in $TMPDIR (/tmp by
 * default), unlinked as soon as it is created, one per worker thread,
 * created at the first spill.  Once a rule spills, all its later records
 * go to the file, so a rule's records are its memory part followed by one
 * contiguous region of one spill file, and replay reads them in order.
 * Spilled regions are not reused; the file goes when the run ends.
 *
 * Threads: a findbuf is filled by one thread, then (after a hand-over
 * that orders memory, e.g. a mutex) replayed by one thread; the budget is
 * atomic; a spill file is appended to by its worker only, and read with
 * pread() (regions already flushed) by whoever replays.
 *
 * Errors (the spill file cannot be created, written or read back) return
 * -1 with the reason appended to err; out of memory exits (util/alloc.h).
 */
#ifndef VERDICT_FINDBUF_H
#define VERDICT_FINDBUF_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "run/eval.h"
#include "util/strbuf.h"

#define FINDBUF_QUANTUM   (64u << 10)  /* memory reserved from the budget at a time */
#define FINDBUF_STAGE     (256u << 10) /* spill bytes staged before a write */
#define FINDBUF_READ      (256u << 10) /* spill bytes read back at a time */

/* memory for held-back findings, shared by the threads of a run */
struct findbuf_budget {
	atomic_size_t held;  /* bytes reserved by findbufs */
	size_t limit;
};

struct findbuf_spill {
	int fd;              /* -1 until the first spill */
	uint64_t end;        /* bytes written */
	struct strbuf stage; /* bytes not yet written, at offset end */
};

struct findbuf {
	struct strbuf mem;   /* the records held in memory, in order */
	size_t reserved;     /* bytes of the budget this buffer holds */
	struct findbuf_spill *spill; /* the file of the records after mem, or NULL */
	uint64_t off, len;   /* their region of it (len counts staged bytes too) */
};

void findbuf_spill_init(struct findbuf_spill *sp);
void findbuf_spill_release(struct findbuf_spill *sp);

void findbuf_init(struct findbuf *b);
/* Appends a finding of rule plan rp. */
int findbuf_add(struct findbuf *b, struct findbuf_budget *bg, struct findbuf_spill *sp,
		const struct eval_finding *f, struct strbuf *err);
/* Writes the staged bytes of b's region: before another thread replays b. */
int findbuf_flush(struct findbuf *b, struct strbuf *err);
/* Calls emit for every finding of b, in order, then releases b.  The
 * finding passed is valid during the call only. */
int findbuf_replay(struct findbuf *b, struct findbuf_budget *bg, const struct rule_plan *rp, eval_emit_fn emit,
		   void *ud, struct strbuf *err);
/* Frees b's memory and returns its reservation to the budget. */
void findbuf_release(struct findbuf *b, struct findbuf_budget *bg);

#endif
