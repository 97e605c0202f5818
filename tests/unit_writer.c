/* unit_writer: a batch commits together; a refused write spoils nothing. */
#include <event2/event.h>
#include <event2/thread.h>
#include <pthread.h>
#include <stdbool.h>

#include "t.h"
#include "tstore.h"

#include "writer.h"

struct top {
	struct wop w; /* first */
	uint32_t unit;
	bool refuse;     /* write, then refuse: nothing of it may stay */
	bool gate;       /* hold the writer until the others are queued */
	struct run *run; /* shared */
};

struct run {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool taken; /* the writer holds the gate */
	bool open;  /* the gate may pass */
	struct event_base *base;
	struct writer *w;
	struct top *alone; /* submitted once the batch before is done */
	int done, want;
};

static int
top_apply(struct store_txn *t, struct wop *w)
{
	struct top *o = (struct top *)w;
	UnitRec u = SK__STORE__V1__UNIT_REC__INIT;
	char code[32];

	if (o->gate) {
		pthread_mutex_lock(&o->run->lock);
		o->run->taken = true;
		pthread_cond_broadcast(&o->run->cond);
		while (!o->run->open)
			pthread_cond_wait(&o->run->cond, &o->run->lock);
		pthread_mutex_unlock(&o->run->lock);
	}
	snprintf(code, sizeof(code), "u-%u", o->unit);
	u.id = o->unit;
	u.code = code;
	u.name = code;
	if (store_unit_put(t, &u) != 0)
		return status_set(&w->err, SK_INTERNAL, "put");
	if (o->refuse)
		return status_set(&w->err, SK_FAILED_PRECONDITION,
		    "refused after writing");
	return 0;
}

static void
top_done(struct wop *w)
{
	struct top *o = (struct top *)w;

	/* The batch before is done: this one goes alone. */
	if (o->unit == 4 && o->run->alone != NULL)
		writer_submit(o->run->w, &o->run->alone->w);
	if (++o->run->done == o->run->want)
		event_base_loopbreak(o->run->base);
}

static bool
unit_there(struct store *st, uint32_t id)
{
	struct store_txn t;
	UnitRec *u = NULL;
	int rc;

	if (store_read_begin(st, &t) != 0)
		return false;
	rc = store_unit_get(&t, id, &u);
	store_read_end(&t);
	store_rec_free(u);
	return rc == 0;
}

static void
top_init(struct top *o, struct run *r, uint32_t unit, bool refuse, bool gate)
{
	memset(o, 0, sizeof(*o));
	o->w.apply = top_apply;
	o->w.done = top_done;
	o->unit = unit;
	o->refuse = refuse;
	o->gate = gate;
	o->run = r;
}

/*
 * A gate holds the writer while three writes queue, so that they make one
 * batch: the middle one writes, then is refused. The other two are
 * committed, nothing of the refused one is, and the batch was applied
 * again op by op once. Then a refused write alone.
 */
static void
t_refused_in_batch(void)
{
	struct tmpstore ts;
	struct event_base *base = event_base_new();
	struct timeval limit = { 10, 0 };
	struct writer *w = NULL;
	struct writer_stats ws;
	struct sk_error err = { 0 };
	struct run r = { .base = base, .want = 5 };
	struct top o[5];

	pthread_mutex_init(&r.lock, NULL);
	pthread_cond_init(&r.cond, NULL);
	T_EQ_INT(tmp_open(&ts, 1u << 20, 64u << 20), 0);
	T_EQ_INT(writer_start(&w, ts.st, base, 256, NULL, &err), 0);
	r.w = w;
	top_init(&o[0], &r, 1, false, true);
	writer_submit(w, &o[0].w);
	/* The gate is taken alone; these wait behind it, together. */
	pthread_mutex_lock(&r.lock);
	while (!r.taken)
		pthread_cond_wait(&r.cond, &r.lock);
	pthread_mutex_unlock(&r.lock);
	top_init(&o[1], &r, 2, false, false);
	top_init(&o[2], &r, 3, true, false);
	top_init(&o[3], &r, 4, false, false);
	top_init(&o[4], &r, 5, true, false);
	r.alone = &o[4];
	for (int i = 1; i < 4; i++)
		writer_submit(w, &o[i].w);
	pthread_mutex_lock(&r.lock);
	r.open = true;
	pthread_cond_broadcast(&r.cond);
	pthread_mutex_unlock(&r.lock);
	event_base_loopexit(base, &limit);
	event_base_dispatch(base);
	T_EQ_INT(r.done, 5);
	T_EQ_INT(o[1].w.err.code, 0);
	T_EQ_INT(o[2].w.err.code, SK_FAILED_PRECONDITION);
	T_EQ_INT(o[3].w.err.code, 0);
	T_EQ_INT(o[4].w.err.code, SK_FAILED_PRECONDITION);
	T_CHECK(unit_there(ts.st, 1) && unit_there(ts.st, 2) && unit_there(ts.st, 4));
	T_CHECK(!unit_there(ts.st, 3));
	T_CHECK(!unit_there(ts.st, 5));
	writer_get_stats(w, &ws);
	T_EQ_INT(ws.replays, 2);
	T_EQ_INT(ws.ops, 5);
	T_EQ_INT(ws.batches, 3);
	writer_stop(w);
	event_base_free(base);
	tmp_close(&ts);
}

static const struct t_case cases[] = {
	{ "refused_in_batch", t_refused_in_batch },
};

int
main(void)
{
	evthread_use_pthreads();
	return t_run(cases, sizeof(cases) / sizeof(cases[0]));
}
