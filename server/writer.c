#include "writer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "metrics.h"

struct writer {
	struct store *st;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct wop *queue, **queue_tail; /* submitted, not yet taken */
	struct wop *done, **done_tail;   /* committed, not yet handed back */
	size_t busy;                     /* taken by the thread */
	size_t batch_max;
	bool stopping;
	struct event *done_ev;
	struct writer_hooks hooks;
	struct writer_stats stats;
};

static void
list_append(struct wop ***tail, struct wop *head, struct wop **last_next)
{
	**tail = head;
	*tail = last_next;
}

/* Apply each op in a nested txn; true if the map filled up. */
static bool
batch_apply(struct writer *w, struct store_txn *txn, struct wop *batch)
{
	struct store_txn sub;
	struct wop *op;

	for (op = batch; op != NULL; op = op->next) {
		memset(&op->err, 0, sizeof(op->err));
		if (store_write_begin(w->st, txn, &sub) != 0) {
			status_set(&op->err, SK_UNAVAILABLE, "storage busy");
			if (store_txn_map_full(&sub))
				return true;
			continue;
		}
		if (op->apply(&sub, op) != 0 || store_txn_failed(&sub)) {
			bool full = store_txn_map_full(&sub);

			store_abort(&sub);
			if (full)
				return true;
			if (op->err.code == 0)
				status_set(&op->err, SK_INTERNAL, "storage error");
			continue;
		}
		if (store_commit(&sub, &op->err) != 0 && store_txn_map_full(&sub))
			return true;
	}
	return false;
}

/*
 * Apply each op straight in txn, as if none will fail: 0 when all were
 * applied, 1 when the map filled, -1 when an op failed (its err says why):
 * the batch must then be applied again op by op, each in its own nested
 * transaction. Nested transactions cost a copy of every page an op
 * touches, which is most of an indexed create's work.
 */
static int
batch_apply_flat(struct store_txn *txn, struct wop *batch)
{
	for (struct wop *op = batch; op != NULL; op = op->next) {
		memset(&op->err, 0, sizeof(op->err));
		if (op->apply(txn, op) != 0 || store_txn_failed(txn)) {
			if (store_txn_map_full(txn))
				return 1;
			if (op->err.code == 0)
				status_set(&op->err, SK_INTERNAL, "storage error");
			return -1;
		}
	}
	return 0;
}

static void
batch_fail(struct wop *batch, const struct sk_error *err)
{
	for (struct wop *op = batch; op != NULL; op = op->next)
		if (op->err.code == 0)
			op->err = *err;
}

static void
batch_write(struct writer *w, struct wop *batch)
{
	struct store_txn txn;
	struct sk_error err = { 0 };
	bool nested = false; /* an op failed: one nested transaction each */
	int flat;

	for (;;) {
		memset(&err, 0, sizeof(err)); /* only the last attempt counts */
		if (store_write_begin(w->st, NULL, &txn) != 0) {
			status_set(&err, SK_UNAVAILABLE, "storage unavailable");
			break;
		}
		if (w->hooks.begin != NULL)
			w->hooks.begin();
		flat = nested ? 0 : batch_apply_flat(&txn, batch);
		if (flat < 0) {
			store_abort(&txn);
			w->stats.replays++;
			if (batch->next == NULL)
				return; /* alone: its err is the outcome */
			nested = true;
			continue;
		}
		if (flat > 0 || (nested && batch_apply(w, &txn, batch))) {
			store_abort(&txn);
		} else if (w->hooks.seal != NULL && w->hooks.seal(&txn, &err) != 0) {
			bool full = store_txn_map_full(&txn);

			store_abort(&txn);
			if (!full)
				break; /* nothing of the batch is written */
		} else if (store_commit(&txn, &err) == 0 || !store_txn_map_full(&txn))
			break;
		/* The map is full: grow it and apply the whole batch again. */
		if (store_grow(w->st) != 0) {
			status_set(&err, SK_RESOURCE_EXHAUSTED,
			    "storage is full (map size limit reached); nothing was written");
			break;
		}
		w->stats.grows++;
		log_info("writer: map grown to %zu MiB", store_map_size(w->st) >> 20);
	}
	if (err.code != 0) {
		log_error("writer: batch failed: %s", err.msg);
		batch_fail(batch, &err);
	}
}

static void *
writer_main(void *arg)
{
	struct writer *w = arg;
	struct wop *batch, *last;
	uint64_t t0;
	size_t n;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->queue == NULL && !w->stopping)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->queue == NULL)
			break;
		/* Take up to batch_max ops off the queue. */
		batch = last = w->queue;
		for (n = 1; n < w->batch_max && last->next != NULL; n++)
			last = last->next;
		w->queue = last->next;
		if (w->queue == NULL)
			w->queue_tail = &w->queue;
		last->next = NULL;
		w->busy = n;
		pthread_mutex_unlock(&w->lock);

		t0 = metrics_now_us();
		batch_write(w, batch);
		metrics_batch(n, metrics_now_us() - t0);

		pthread_mutex_lock(&w->lock);
		w->stats.batches++;
		w->stats.ops += n;
		w->busy = 0;
		list_append(&w->done_tail, batch, &last->next);
		event_active(w->done_ev, EV_READ, 0);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* In the event loop: hand committed ops back to their owners. */
static void
writer_done_cb(evutil_socket_t fd, short what, void *arg)
{
	struct writer *w = arg;
	struct wop *op, *next;

	(void)fd;
	(void)what;
	pthread_mutex_lock(&w->lock);
	op = w->done;
	w->done = NULL;
	w->done_tail = &w->done;
	pthread_mutex_unlock(&w->lock);
	for (; op != NULL; op = next) {
		next = op->next;
		op->done(op);
	}
}

int
writer_start(struct writer **out, struct store *st, struct event_base *base,
    size_t batch_max, const struct writer_hooks *hooks, struct sk_error *err)
{
	struct writer *w;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (hooks != NULL)
		w->hooks = *hooks;
	w->st = st;
	w->batch_max = batch_max > 0 ? batch_max : 1;
	w->queue_tail = &w->queue;
	w->done_tail = &w->done;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if ((w->done_ev = event_new(base, -1, 0, writer_done_cb, w)) == NULL ||
	    pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		if (w->done_ev != NULL)
			event_free(w->done_ev);
		free(w);
		return status_set(err, SK_INTERNAL, "cannot start the writer");
	}
	pthread_setname_np(w->thread, "skd-writer"); /* for top -H and perf */
	*out = w;
	return 0;
}

void
writer_submit(struct writer *w, struct wop *op)
{
	op->next = NULL;
	pthread_mutex_lock(&w->lock);
	list_append(&w->queue_tail, op, &op->next);
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

int
writer_idle(struct writer *w)
{
	int idle;

	pthread_mutex_lock(&w->lock);
	idle = w->queue == NULL && w->busy == 0 && w->done == NULL;
	pthread_mutex_unlock(&w->lock);
	return idle;
}

void
writer_stop(struct writer *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	writer_done_cb(-1, 0, w);
	event_free(w->done_ev);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w);
}

void
writer_get_stats(struct writer *w, struct writer_stats *s)
{
	pthread_mutex_lock(&w->lock);
	*s = w->stats;
	pthread_mutex_unlock(&w->lock);
}
