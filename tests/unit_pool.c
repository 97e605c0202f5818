/* unit_pool: reads run beside the event loop and come back to it. */
#include <event2/event.h>
#include <event2/thread.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "t.h"

#include "pool.h"

struct task {
	struct pool_task t; /* first */
	pthread_t ran_on, done_on;
	struct shared *sh;
	bool ran, done;
	bool waits; /* runs until another task has run */
};

struct shared {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int ran;
	int done;
	int want;
	struct event_base *base;
};

static void
task_run(struct pool_task *pt)
{
	struct task *k = (struct task *)pt;
	struct shared *sh = k->sh;
	struct timespec until;

	k->ran_on = pthread_self();
	k->ran = true;
	pthread_mutex_lock(&sh->lock);
	sh->ran++;
	pthread_cond_broadcast(&sh->cond);
	/* A long read: it holds its thread until another task has run, which
	 * only another thread can do. Bounded, so a broken pool fails. */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	while (k->waits && sh->ran < 2)
		if (pthread_cond_timedwait(&sh->cond, &sh->lock, &until) != 0)
			break;
	pthread_mutex_unlock(&sh->lock);
}

static void
task_done(struct pool_task *pt)
{
	struct task *k = (struct task *)pt;

	k->done_on = pthread_self();
	k->done = true;
	if (++k->sh->done == k->sh->want)
		event_base_loopbreak(k->sh->base);
}

static void
shared_init(struct shared *sh, struct event_base *base, int want)
{
	memset(sh, 0, sizeof(*sh));
	pthread_mutex_init(&sh->lock, NULL);
	pthread_cond_init(&sh->cond, NULL);
	sh->base = base;
	sh->want = want;
}

static void
task_init(struct task *k, struct shared *sh, bool waits)
{
	memset(k, 0, sizeof(*k));
	k->t.run = task_run;
	k->t.done = task_done;
	k->sh = sh;
	k->waits = waits;
}

/* A long read does not hold up the next: both run at once, each on a
 * thread of the pool, and both come back in the event loop's thread. */
static void
t_concurrent(void)
{
	struct event_base *base = event_base_new();
	struct timeval limit = { 10, 0 };
	struct pool *p = NULL;
	struct sk_error err = { 0 };
	struct shared sh;
	struct task a, b;

	shared_init(&sh, base, 2);
	T_EQ_INT(pool_start(&p, base, 2, &err), 0);
	task_init(&a, &sh, true);
	task_init(&b, &sh, false);
	pool_submit(p, &a.t);
	pool_submit(p, &b.t);
	event_base_loopexit(base, &limit);
	event_base_dispatch(base);
	T_CHECK(a.ran && b.ran && a.done && b.done);
	T_EQ_INT(sh.ran, 2);
	T_CHECK(!pthread_equal(a.ran_on, pthread_self()));
	T_CHECK(!pthread_equal(a.ran_on, b.ran_on));
	T_CHECK(pthread_equal(a.done_on, pthread_self()));
	T_CHECK(pthread_equal(b.done_on, pthread_self()));
	T_CHECK(pool_idle(p));
	pool_stop(p);
	event_base_free(base);
}

/* No threads: the task runs, and is done, before submit returns. */
static void
t_inline(void)
{
	struct event_base *base = event_base_new();
	struct pool *p = NULL;
	struct sk_error err = { 0 };
	struct shared sh;
	struct task a;

	shared_init(&sh, base, 1);
	T_EQ_INT(pool_start(&p, base, 0, &err), 0);
	task_init(&a, &sh, false);
	pool_submit(p, &a.t);
	T_CHECK(a.ran && a.done);
	T_CHECK(pthread_equal(a.ran_on, pthread_self()));
	pool_stop(p);
	event_base_free(base);
}

/* Stopping runs what is queued and hands it back: no reply is lost. */
static void
t_stop_drains(void)
{
	struct event_base *base = event_base_new();
	struct pool *p = NULL;
	struct sk_error err = { 0 };
	struct shared sh;
	struct task k[50];

	shared_init(&sh, base, 50);
	T_EQ_INT(pool_start(&p, base, 3, &err), 0);
	for (int i = 0; i < 50; i++) {
		task_init(&k[i], &sh, false);
		pool_submit(p, &k[i].t);
	}
	pool_stop(p);
	T_EQ_INT(sh.ran, 50);
	T_EQ_INT(sh.done, 50);
	for (int i = 0; i < 50; i++)
		T_CHECK(pthread_equal(k[i].done_on, pthread_self()));
	event_base_free(base);
}

/* Long tasks that hold their thread until released, and their count. */
struct lane {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int running, most, released;
	bool short_ran, timed_out;
	struct event_base *base;
	int done, want;
};

struct lane_task {
	struct pool_task t; /* first */
	struct lane *l;
};

static void
long_run(struct pool_task *pt)
{
	struct lane *l = ((struct lane_task *)pt)->l;
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	pthread_mutex_lock(&l->lock);
	if (++l->running > l->most)
		l->most = l->running;
	while (!l->released)
		if (pthread_cond_timedwait(&l->cond, &l->lock, &until) != 0) {
			l->timed_out = true; /* the short one waited behind us */
			break;
		}
	l->running--;
	pthread_mutex_unlock(&l->lock);
}

static void
short_run(struct pool_task *pt)
{
	struct lane *l = ((struct lane_task *)pt)->l;

	pthread_mutex_lock(&l->lock);
	l->short_ran = true;
	/* Only now may the long ones end: the short one did not wait. */
	l->released = 1;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->lock);
}

static void
lane_done(struct pool_task *pt)
{
	struct lane *l = ((struct lane_task *)pt)->l;

	if (++l->done == l->want)
		event_base_loopbreak(l->base);
}

/* Three reports on a pool of three threads take two of them at most: a
 * Hello behind them runs at once (it releases them; were it to wait for a
 * thread, they would time out). */
static void
t_long_lane(void)
{
	struct event_base *base = event_base_new();
	struct timeval limit = { 10, 0 };
	struct pool *p = NULL;
	struct sk_error err = { 0 };
	struct lane l = { .base = base, .want = 4 };
	struct lane_task k[4];

	pthread_mutex_init(&l.lock, NULL);
	pthread_cond_init(&l.cond, NULL);
	T_EQ_INT(pool_start(&p, base, 3, &err), 0);
	for (int i = 0; i < 4; i++) {
		k[i].l = &l;
		k[i].t.run = i < 3 ? long_run : short_run;
		k[i].t.done = lane_done;
		k[i].t.is_long = i < 3;
		pool_submit(p, &k[i].t);
	}
	event_base_loopexit(base, &limit);
	event_base_dispatch(base);
	T_CHECK(l.short_ran);
	T_CHECK(!l.timed_out);
	T_EQ_INT(l.done, 4);
	T_CHECK(l.most >= 1 && l.most <= 2);
	pool_stop(p);
	event_base_free(base);
}

static const struct t_case cases[] = {
	{ "long_lane", t_long_lane },
	{ "concurrent", t_concurrent },
	{ "inline", t_inline },
	{ "stop_drains", t_stop_drains },
};

int
main(void)
{
	evthread_use_pthreads();
	return t_run(cases, sizeof(cases) / sizeof(cases[0]));
}
