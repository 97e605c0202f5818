#include "pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct pool {
	pthread_t *threads;
	unsigned nthreads;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct pool_task *queue, **queue_tail; /* submitted, not yet taken */
	struct pool_task *done, **done_tail;   /* run, not yet handed back */
	size_t busy;                           /* being run */
	unsigned long_busy, long_max;          /* long tasks being run, and at most */
	bool stopping;
	bool signalled; /* done_ev is active and not yet handled */
	struct event *done_ev;
};

/* The first queued task a thread may take: a long one only while fewer
 * than long_max run. Unlinked from the queue; NULL if none. */
static struct pool_task *
take(struct pool *p)
{
	struct pool_task **pp, *t;

	for (pp = &p->queue; (t = *pp) != NULL; pp = &t->next) {
		if (t->is_long && p->long_busy >= p->long_max)
			continue;
		if ((*pp = t->next) == NULL)
			p->queue_tail = pp;
		if (t->is_long)
			p->long_busy++;
		return t;
	}
	return NULL;
}

static void *
pool_main(void *arg)
{
	struct pool *p = arg;
	struct pool_task *t;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while ((t = take(p)) == NULL && !(p->stopping && p->queue == NULL))
			pthread_cond_wait(&p->wake, &p->lock);
		if (t == NULL)
			break;
		p->busy++;
		pthread_mutex_unlock(&p->lock);

		t->run(t);

		pthread_mutex_lock(&p->lock);
		p->busy--;
		if (t->is_long) {
			p->long_busy--;
			pthread_cond_broadcast(&p->wake); /* a long one may wait */
		}
		t->next = NULL;
		*p->done_tail = t;
		p->done_tail = &t->next;
		/* One wake-up of the event loop for whatever is done by then. */
		if (!p->signalled) {
			p->signalled = true;
			event_active(p->done_ev, EV_READ, 0);
		}
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static void
pool_done_cb(evutil_socket_t fd, short what, void *arg)
{
	struct pool *p = arg;
	struct pool_task *t, *next;

	(void)fd;
	(void)what;
	pthread_mutex_lock(&p->lock);
	t = p->done;
	p->done = NULL;
	p->done_tail = &p->done;
	p->signalled = false;
	pthread_mutex_unlock(&p->lock);
	for (; t != NULL; t = next) {
		next = t->next;
		t->done(t);
	}
}

int
pool_start(struct pool **out, struct event_base *base, unsigned threads,
    struct sk_error *err)
{
	struct pool *p;

	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (threads > 0 &&
	        (p->threads = calloc(threads, sizeof(*p->threads))) == NULL)) {
		free(p);
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	p->queue_tail = &p->queue;
	p->done_tail = &p->done;
	p->long_max = threads > 1 ? threads - 1 : 1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	if ((p->done_ev = event_new(base, -1, 0, pool_done_cb, p)) == NULL)
		goto fail;
	for (; p->nthreads < threads; p->nthreads++)
		if (pthread_create(&p->threads[p->nthreads], NULL, pool_main, p) != 0)
			goto fail;
		else
			pthread_setname_np(p->threads[p->nthreads], "skd-read");
	*out = p;
	return 0;
fail:
	pool_stop(p);
	return status_set(err, SK_INTERNAL, "cannot start the read threads");
}

void
pool_submit(struct pool *p, struct pool_task *t)
{
	if (p->nthreads == 0) {
		t->run(t);
		t->done(t);
		return;
	}
	t->next = NULL;
	pthread_mutex_lock(&p->lock);
	*p->queue_tail = t;
	p->queue_tail = &t->next;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
}

int
pool_idle(struct pool *p)
{
	int idle;

	pthread_mutex_lock(&p->lock);
	idle = p->queue == NULL && p->busy == 0 && p->done == NULL;
	pthread_mutex_unlock(&p->lock);
	return idle;
}

void
pool_stop(struct pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	if (p->done_ev != NULL) {
		pool_done_cb(-1, 0, p);
		event_free(p->done_ev);
	}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p->threads);
	free(p);
}
