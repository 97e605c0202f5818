#include "sweep.h"

#include <stdlib.h>
#include <time.h>

#include "files.h"
#include "log.h"

#define SWEEP_EVERY 3600 /* seconds */
#define SWEEP_MAX 1000   /* uploads dropped in one write; the rest next time */

struct sweep {
	struct server *srv;
	struct event *timer;
	int queued; /* one sweep at a time */
};

struct sweep_op {
	struct wop w; /* first: the writer sees only this */
	struct sweep *sw;
	int64_t before;
	size_t dropped;
};

static int
sweep_apply(struct store_txn *t, struct wop *w)
{
	struct sweep_op *op = (struct sweep_op *)w;
	int rc;

	if ((rc = files_expire(t, op->before, SWEEP_MAX, &op->dropped)) != 0)
		return status_set(&w->err, rc, "cannot drop expired uploads");
	return 0;
}

static void
sweep_done(struct wop *w)
{
	struct sweep_op *op = (struct sweep_op *)w;

	if (op->w.err.code != 0)
		log_warn("sweep: %s", op->w.err.msg);
	else if (op->dropped > 0)
		log_info("sweep: dropped %zu uploads unfinished for %u days", op->dropped,
		    op->sw->srv->cfg->upload_days);
	op->sw->queued = 0;
	free(op);
}

static void
sweep_tick(evutil_socket_t fd, short what, void *arg)
{
	struct sweep *sw = arg;
	struct sweep_op *op;

	(void)fd;
	(void)what;
	if (sw->queued || (op = calloc(1, sizeof(*op))) == NULL)
		return;
	op->w.apply = sweep_apply;
	op->w.done = sweep_done;
	op->sw = sw;
	op->before = (int64_t)time(NULL) - (int64_t)sw->srv->cfg->upload_days * 86400;
	sw->queued = 1;
	writer_submit(sw->srv->wr, &op->w);
}

struct sweep *
sweep_start(struct server *srv)
{
	struct timeval every = { SWEEP_EVERY, 0 };
	struct sweep *sw = calloc(1, sizeof(*sw));

	if (sw == NULL)
		goto fail;
	sw->srv = srv;
	sw->timer = event_new(srv->base, -1, EV_PERSIST, sweep_tick, sw);
	if (sw->timer == NULL || event_add(sw->timer, &every) != 0)
		goto fail;
	sweep_tick(-1, 0, sw);
	return sw;
fail:
	log_error("sweep: cannot set up the housekeeping timer");
	sweep_free(sw);
	return NULL;
}

void
sweep_free(struct sweep *sw)
{
	if (sw == NULL)
		return;
	if (sw->timer != NULL)
		event_free(sw->timer);
	free(sw);
}
