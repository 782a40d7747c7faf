/*
 * findbuf.c - held-back findings in memory, then in a spill file (see
 * findbuf.h).
 */
#include "run/findbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"

#define SPILL_NAME "verdict-spill-XXXXXX"

/* ---- spill files --------------------------------------------------- */

void findbuf_spill_init(struct findbuf_spill *sp)
{
	sp->fd = -1;
	sp->end = 0;
	strbuf_init(&sp->stage, 0);
}

void findbuf_spill_release(struct findbuf_spill *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	strbuf_release(&sp->stage);
	sp->fd = -1;
}

/* a temporary file, unlinked at once: it goes when closed or at exit */
static int spill_open(struct findbuf_spill *sp, struct strbuf *err)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf path = STRBUF_INIT;
	if (!dir || !*dir)
		dir = "/tmp";
	strbuf_addf(&path, "%s/" SPILL_NAME, dir);
	sp->fd = mkostemp(path.buf, O_CLOEXEC);
	if (sp->fd < 0) {
		strbuf_addf(err, "cannot create a temporary file for buffered findings in %s: %s", dir,
			    strerror(errno));
	} else {
		unlink(path.buf);
	}
	strbuf_release(&path);
	return sp->fd < 0 ? -1 : 0;
}

static int spill_write(struct findbuf_spill *sp, struct strbuf *err)
{
	size_t done = 0;
	if (sp->fd < 0 && spill_open(sp, err))
		return -1;
	while (done < sp->stage.len) {
		ssize_t n = pwrite(sp->fd, sp->stage.buf + done, sp->stage.len - done, (off_t)(sp->end + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			strbuf_addf(err, "cannot write the temporary file of buffered findings: %s",
				    n < 0 ? strerror(errno) : "no space");
			return -1;
		}
		done += (size_t)n;
	}
	sp->end += done;
	strbuf_reset(&sp->stage);
	return 0;
}

/* ---- buffers ------------------------------------------------------- */

void findbuf_init(struct findbuf *b)
{
	memset(b, 0, sizeof(*b));
	strbuf_init(&b->mem, 0);
}

void findbuf_release(struct findbuf *b, struct findbuf_budget *bg)
{
	strbuf_release(&b->mem);
	atomic_fetch_sub(&bg->held, b->reserved);
	b->reserved = 0;
}

/* reserves room for need more bytes in memory; 0 if over budget */
static int reserve(struct findbuf *b, struct findbuf_budget *bg, size_t need)
{
	size_t grab;
	if (b->mem.len + need <= b->reserved)
		return 1;
	grab = (b->mem.len + need - b->reserved + FINDBUF_QUANTUM - 1) / FINDBUF_QUANTUM * FINDBUF_QUANTUM;
	if (atomic_fetch_add(&bg->held, grab) + grab > bg->limit) {
		atomic_fetch_sub(&bg->held, grab);
		return 0;
	}
	b->reserved += grab;
	return 1;
}

static void put_record(struct strbuf *sb, const struct eval_finding *f)
{
	uint32_t len = (uint32_t)f->msglen;
	strbuf_add(sb, f->rows, (size_t)f->rp->rule->nslots * sizeof(int64_t));
	strbuf_add(sb, &len, sizeof(len));
	strbuf_add(sb, f->msg, f->msglen);
}

int findbuf_add(struct findbuf *b, struct findbuf_budget *bg, struct findbuf_spill *sp,
		const struct eval_finding *f, struct strbuf *err)
{
	size_t n = (size_t)f->rp->rule->nslots * sizeof(int64_t) + sizeof(uint32_t) + f->msglen;
	if (!b->spill && reserve(b, bg, n)) {
		put_record(&b->mem, f);
		return 0;
	}
	if (!b->spill) { /* from now on, to the file */
		b->spill = sp;
		b->off = sp->end + sp->stage.len;
		b->len = 0;
	}
	put_record(&sp->stage, f);
	b->len += n;
	return sp->stage.len >= FINDBUF_STAGE ? spill_write(sp, err) : 0;
}

int findbuf_flush(struct findbuf *b, struct strbuf *err)
{
	return b->spill && b->spill->stage.len ? spill_write(b->spill, err) : 0;
}

/* ---- replay -------------------------------------------------------- */

/* emits the whole records at buf[*pos..len); *pos: the first incomplete one */
static void emit_records(const char *buf, size_t len, size_t *pos, const struct rule_plan *rp, int64_t *rows,
			 eval_emit_fn emit, void *ud)
{
	size_t rsz = (size_t)rp->rule->nslots * sizeof(int64_t);
	while (len - *pos >= rsz + sizeof(uint32_t)) {
		struct eval_finding f;
		uint32_t mlen;
		memcpy(&mlen, buf + *pos + rsz, sizeof(mlen));
		if (len - *pos - rsz - sizeof(mlen) < mlen)
			return;
		memcpy(rows, buf + *pos, rsz);
		f.rp = rp;
		f.rows = rows;
		f.msg = buf + *pos + rsz + sizeof(mlen);
		f.msglen = mlen;
		emit(ud, &f);
		*pos += rsz + sizeof(mlen) + mlen;
	}
}

static int replay_file(const struct findbuf *b, const struct rule_plan *rp, int64_t *rows, eval_emit_fn emit,
		       void *ud, struct strbuf *err)
{
	struct strbuf in = STRBUF_INIT;
	uint64_t done = 0;
	size_t pos = 0;
	int rc = 0;
	while (done < b->len) {
		size_t want = b->len - done < FINDBUF_READ ? (size_t)(b->len - done) : FINDBUF_READ;
		ssize_t n;
		if (pos) { /* the incomplete record first */
			memmove(in.buf, in.buf + pos, in.len - pos);
			strbuf_setlen(&in, in.len - pos);
			pos = 0;
		}
		strbuf_grow(&in, want);
		n = pread(b->spill->fd, in.buf + in.len, want, (off_t)(b->off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			strbuf_addf(err, "cannot read back the temporary file of buffered findings: %s",
				    n < 0 ? strerror(errno) : "file truncated");
			rc = -1;
			break;
		}
		strbuf_setlen(&in, in.len + (size_t)n);
		done += (uint64_t)n;
		emit_records(in.buf, in.len, &pos, rp, rows, emit, ud);
	}
	if (!rc && pos != in.len) {
		strbuf_addstr(err, "the temporary file of buffered findings ends inside a finding");
		rc = -1;
	}
	strbuf_release(&in);
	return rc;
}

int findbuf_replay(struct findbuf *b, struct findbuf_budget *bg, const struct rule_plan *rp, eval_emit_fn emit,
		   void *ud, struct strbuf *err)
{
	int64_t *rows = xmalloc(((size_t)rp->rule->nslots + 1) * sizeof(*rows));
	size_t pos = 0;
	int rc = 0;
	emit_records(b->mem.buf, b->mem.len, &pos, rp, rows, emit, ud);
	findbuf_release(b, bg);
	if (b->spill)
		rc = replay_file(b, rp, rows, emit, ud, err);
	free(rows);
	return rc;
}
