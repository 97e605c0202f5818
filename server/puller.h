/*
 * puller: skd's own client of the servers it is linked to (link.c).
 *
 * A thread that, every pull_every seconds or when asked (sk peer sync),
 * goes through the enabled links: from the server of a unit below it takes
 * the unit's exports by cursor, the bytes of their files by hash and the
 * proofs of that unit's log, and receives each copy (receive.c); from the
 * server of the level above it takes that level's rounds and the results
 * of the unit's copies, with their proofs. Everything verified is written
 * through the writer, in order, so pulling twice keeps nothing twice and an
 * interrupted pull resumes where it stopped. A link that fails is tried
 * again later, waiting longer each time (5 s doubling to 5 min); its last
 * error is kept for sk peer status and the log.
 *
 * The puller uses the client library and the domain; it never calls
 * handlers.
 */
#ifndef SK_PULLER_H
#define SK_PULLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server.h"

struct puller;

/* What the puller knows of one link. */
struct puller_link {
	char login[96];
	int64_t last_try, last_ok, next_try;
	uint64_t taken; /* exports or reports taken since skd started */
	char error[256];
};

int puller_start(struct server *srv, struct puller **out, struct sk_error *err);

/* Stop taking new work; puller_join after the writer has stopped. */
void puller_stop(struct puller *p);
void puller_join(struct puller *p);

/* Pull every link now; the number of the pass that will have done it. */
uint64_t puller_kick(struct puller *p);

/* The passes completed, and a copy of what is known of each link (*v is
 * the caller's, to free). */
uint64_t puller_status(struct puller *p, struct puller_link **v, size_t *n);

#endif
