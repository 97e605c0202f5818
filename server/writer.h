/*
 * writer: the single writer, with group commit.
 *
 * Handlers queue write operations; one thread takes everything queued,
 * applies them in one transaction, commits the batch once, and only then
 * hands the operations back to the event loop, which replies. A reply
 * therefore never claims more than what is durable on disk. When an
 * operation is refused, the batch is applied again with each operation in
 * its own nested transaction, so that one refused operation does not
 * spoil the others (nested transactions copy every page they touch: too
 * dear for every batch).
 *
 * If the map fills, the batch is aborted, the map grown and the batch
 * applied again; apply functions must therefore depend only on the
 * operation and the store, and may run more than once.
 */
#ifndef SK_WRITER_H
#define SK_WRITER_H

#include <event2/event.h>
#include <stddef.h>

#include "status.h"
#include "store.h"

struct wop;

/* Runs in the writer thread; returns 0 or an sk_code with op->err set. */
typedef int (*wop_apply_fn)(struct store_txn *t, struct wop *op);
/* Runs in the event loop thread after the batch is durable (or failed);
 * owns op and frees it. */
typedef void (*wop_done_fn)(struct wop *op);

struct wop {
	wop_apply_fn apply;
	wop_done_fn done;
	struct sk_error err; /* outcome: err.code 0 when applied and durable */
	struct wop *next;
};

struct writer_stats {
	unsigned long batches;
	unsigned long ops;
	unsigned long grows;
	unsigned long replays; /* batches applied again op by op: one failed */
};

/* Called in the writer thread around every attempt at a batch: begin
 * before the first op, seal inside the batch's transaction just before it
 * commits (the decision log signs its checkpoints there). */
struct writer_hooks {
	void (*begin)(void);
	int (*seal)(struct store_txn *t, struct sk_error *err);
};

struct writer;

int writer_start(struct writer **out, struct store *st, struct event_base *base,
    size_t batch_max, const struct writer_hooks *hooks, struct sk_error *err);

/* Queue op; its done callback will run in the event loop. */
void writer_submit(struct writer *w, struct wop *op);

/* Nothing queued, being written, or waiting to be handed back? */
int writer_idle(struct writer *w);

/* Finish everything queued, run remaining done callbacks, stop the thread. */
void writer_stop(struct writer *w);

void writer_get_stats(struct writer *w, struct writer_stats *s);

#endif
