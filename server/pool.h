/*
 * pool: threads that serve reads beside the event loop.
 *
 * LMDB readers do not block each other or the writer, so reads need not
 * queue behind one another on the event loop: a task's run goes to one of
 * the pool's threads, and its done comes back to the event loop (which
 * alone touches connections), as the writer hands back its batches. With
 * no threads, run is called at once in the caller (the event loop).
 *
 * A long task (a report, an export: a pass over a unit) is submitted as
 * such; long tasks never take every thread, so short ones (a Hello, one
 * record) always find one free.
 */
#ifndef SK_POOL_H
#define SK_POOL_H

#include <event2/event.h>
#include <stdbool.h>
#include <stddef.h>

#include "status.h"

struct pool_task;

/* run: in a pool thread; done: in the event loop, owns the task. */
typedef void (*pool_fn)(struct pool_task *t);

struct pool_task {
	pool_fn run;
	pool_fn done;
	bool is_long;
	struct pool_task *next;
};

struct pool;

int pool_start(struct pool **out, struct event_base *base, unsigned threads,
    struct sk_error *err);

/* Queue t; with no threads run and done are called before this returns. */
void pool_submit(struct pool *p, struct pool_task *t);

/* Nothing queued, running, or waiting to be handed back? */
int pool_idle(struct pool *p);

/* Run everything queued, hand it back, stop the threads. */
void pool_stop(struct pool *p);

#endif
