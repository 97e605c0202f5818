/*
 * sweep: housekeeping that no request triggers. Once at start and then
 * every hour it queues one write that drops uploads left unfinished for
 * longer than upload_days.
 */
#ifndef SK_SWEEP_H
#define SK_SWEEP_H

#include "server.h"

struct sweep;

/* Start the timer; NULL (logged) if it cannot be set up. */
struct sweep *sweep_start(struct server *srv);

/* Stop the timer. Call after writer_stop: a queued sweep may still run. */
void sweep_free(struct sweep *sw);

#endif
