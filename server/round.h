/*
 * round: the rounds in which a receiving level (the district, the city)
 * takes forwarded dossiers. Its office opens each with an opening and a
 * closing date (2024: round 1 closing 10/04, round 2 closing 15/11); the
 * server's clock decides which round a forward falls in. A round may be
 * closed early; a closed round is never opened again.
 */
#ifndef SK_ROUND_H
#define SK_ROUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "store.h"

/* Pure check of a new round: a name, two dates in order, the closing one
 * not already past. */
int round_check(const char *name, const char *opens_on, const char *closes_on,
    int32_t today, struct sk_error *err);

/* Open a round (checked) of the act's unit, in its log. */
int round_create(const struct act *a, const char *name, const char *opens_on,
    const char *closes_on, RoundRec **out, struct sk_error *err);

/* Close round id early, in the unit's log. */
int round_close(const struct act *a, uint64_t id, RoundRec **out, struct sk_error *err);

/* The rounds of the act's unit, by id (RoundRec). */
int round_list(const struct act *a, struct recs *out, struct sk_error *err);

/* Does r take forwards on day? */
bool round_open_on(const RoundRec *r, int32_t day);

/*
 * The round of the act's unit that takes a forward today: of those open,
 * the one closing first. FAILED_PRECONDITION when none is open, naming the
 * next one to open, or saying that none is planned.
 */
int round_current(const struct act *a, RoundRec **out, struct sk_error *err);

/* The same over the rounds v of a level on another server, as last
 * pulled from it, on day today. */
int round_pick(RoundRec *const *v, size_t n, int32_t today, RoundRec **out,
    struct sk_error *err);

#endif
