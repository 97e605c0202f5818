/*
 * council: a unit's recognition council, its sessions and the members'
 * votes. A session freezes the council as it is when it opens, moves the
 * dossiers on its agenda into review, takes one ballot per member and
 * dossier (none from an author of it), and decides each dossier by the
 * council's quorum and threshold when the chair closes it. A secret
 * session keeps who voted and the tallies, never who voted what.
 */
#ifndef SK_COUNCIL_H
#define SK_COUNCIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "store.h"

#define COUNCIL_MAX 100 /* members */
#define COUNCIL_AGENDA_MAX 50
#define COUNCIL_SCORE_MAX 10

/* Pure checks of what a caller gives, for handlers to run before anything
 * is queued: the council's form (members, one chair, fractions), a
 * session's title, date and agenda, a ballot's vote and scores. */
int council_check(const CouncilRec *c, struct sk_error *err);
int council_check_session(const char *title, const char *held_on, const uint64_t *ids,
    size_t n, struct sk_error *err);
int council_check_ballot(const BallotRec *b, struct sk_error *err);

/* A list of 1 to COUNCIL_AGENDA_MAX distinct initiative ids; what says
 * what lists them ("session reviews", "decision names"). */
int council_check_ids(const uint64_t *ids, size_t n, const char *what,
    struct sk_error *err);

/* The unit's council; FAILED_PRECONDITION when it has none yet. */
int council_get(const struct act *a, CouncilRec **out, struct sk_error *err);

/* Set the unit's council from c (council_check'ed): members must be
 * enabled users of the unit holding the council role; their names are
 * taken from their records; threshold and quorum default to 2/3 and 1/2. */
int council_set(const struct act *a, const CouncilRec *c, CouncilRec **out,
    struct sk_error *err);

/* Open a session on the accepted dossiers ids (checked). */
int council_session_open(const struct act *a, const char *title, const char *held_on,
    bool secret, const uint64_t *ids, size_t n, SessionRec **out, struct sk_error *err);

int council_session_get(const struct act *a, uint64_t id, SessionRec **out,
    struct sk_error *err);

/* The caller's ballot in session (b checked; its login is ignored). */
int council_vote(const struct act *a, uint64_t session, const BallotRec *b,
    SessionRec **out, struct sk_error *err);

/* Close the session: decide each dossier and move it on. */
int council_session_close(const struct act *a, uint64_t id, SessionRec **out,
    struct sk_error *err);

/* Blank the running tallies of a secret session still open: seen after
 * each ballot, they would tell who voted what. */
void council_session_redact(SessionRec *s);

/* Quorum, pass and the yes votes needed, from a dossier's tally and the
 * rule frozen in it: threshold and quorum of the base it counts (members,
 * or members who may vote), and never fewer yes votes than 2/3 of the
 * members, the legal minimum. */
void council_outcome_decide(OutcomeRec *o);

/* The rule of o in words, for the log and for people. */
void council_rule_text(const OutcomeRec *o, char *buf, size_t sz);

#endif
