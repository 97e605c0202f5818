/*
 * workflow: the one table of initiative states and transitions.
 *
 * Every state change goes through workflow_apply(): it finds the row for
 * (action, current state), checks the caller's role and the row's checks,
 * moves the record to the new state, bumps its version and appends a
 * history line (who, when, why) in the same transaction. Handlers never
 * test states themselves.
 */
#ifndef SK_WORKFLOW_H
#define SK_WORKFLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "domain.h"
#include "status.h"
#include "store.h"

struct workflow_ctx {
	const struct act *a;
	bool internal; /* called by a session or decision, not by the
			  transition call: rows marked "via session" */
	const char *reason;
	uint64_t decision_id;        /* DECIDE: the decision that names it */
	const DecisionRec *decision; /* DECIDE: that decision (number, date) */
	const ForwardRec *forward;   /* NOMINATE, PROPOSE: the way up it begins */
	const AwardRec *award;       /* AWARD: the award it backs */
	bool published;              /* PUBLISH: marked, or unmarked */
	uint32_t author;             /* DISTINCT: which author (1 is the first) */
	/* REVIEW: the session's empty tally, so that the dossier shows which
	 * session it is on; the final tally replaces it at the close. */
	const OutcomeRec *outcome;
};

/* The state a new initiative starts in (registered topic or draft). */
uint32_t workflow_initial(bool registered_topic);

/* May its authors still edit the content in this state? */
bool workflow_editable(uint32_t state);

/* Take action on r (modified in place and stored, with a history line).
 * On refusal returns the status with err set, and r is unchanged. */
int workflow_apply(const struct workflow_ctx *c, InitiativeRec *r, uint32_t action,
    struct sk_error *err);

/* Append a history line for r outside any transition (creation, edits). */
int workflow_note(const struct workflow_ctx *c, const InitiativeRec *r, uint32_t action,
    uint32_t from, const char *reason);

/* The checks a dossier passes before it is submitted (exposed for tests):
 * fields, the 1-year limit, applied or trial-applied. */
int workflow_check_complete(const InitiativeRec *r, int32_t today, struct sk_error *err);

#endif
