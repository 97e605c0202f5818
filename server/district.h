/*
 * district: the work of a receiving level beyond reviewing copies: what
 * it proposes by hand to a level not on this system (the city, in 2024)
 * and that level's outcome, the commendation office's list and the one
 * award an initiative backs, typical initiatives marked for publication,
 * and the summary of the units below it (counts only: never a draft or
 * anything confidential of theirs).
 */
#ifndef SK_DISTRICT_H
#define SK_DISTRICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "store.h"

#define DISTRICT_STATES 14 /* sk.v1.State values counted */

/* The proposal (tờ trình number and date) of recognised, decided initiative
 * id to the level above, off this system. */
int district_propose(const struct act *a, uint64_t id, const char *number,
    const char *signed_on, InitiativeRec **out, struct sk_error *err);

/* That level's outcome for id: recognised there or not, by the document
 * number of signed_on, with a note (reasons, the title given). */
int district_outcome(const struct act *a, uint64_t id, bool recognised,
    const char *number, const char *signed_on, const char *note, InitiativeRec **out,
    struct sk_error *err);

/* The initiatives recognised and decided at the act's level, for
 * commendation (InitiativeRec). */
int district_commendations(const struct act *a, struct recs *out, struct sk_error *err);

/* Record the award id backs (name, decision number and date); a second
 * one is refused. */
int district_award(const struct act *a, uint64_t id, const AwardRec *award,
    InitiativeRec **out, struct sk_error *err);

/* Mark (or unmark) id, recognised and decided, as typical for publication. */
int district_publish(const struct act *a, uint64_t id, bool published,
    InitiativeRec **out, struct sk_error *err);

/* The published initiatives of the act's unit (InitiativeRec). */
int district_published(const struct act *a, struct recs *out, struct sk_error *err);

/* What the summary says of one unit below. */
struct district_unit {
	UnitRec *unit; /* owned */
	uint32_t by_state[DISTRICT_STATES];
	uint32_t registrations, recognised, forwarded, overdue;
};

struct district_summary {
	struct district_unit *v;
	size_t n;
	RoundRec *round; /* the round shown, or NULL */
	uint32_t round_by_state[DISTRICT_STATES];
};

/* The summary of the units directly below the act's (each reached through
 * authz), and the progress of round round_id (0: the one open today). */
int district_summary(const struct act *a, uint64_t round_id, struct district_summary *s,
    struct sk_error *err);
void district_summary_free(struct district_summary *s);

#endif
