/*
 * forward: an initiative's way from its unit to the level above (the
 * district, or the city), steps 4 and 5 of the flow.
 *
 * The unit's head records a submission (tờ trình: number, date, reasons)
 * of recognised, decided initiatives and a sector; their authors are asked
 * to complete each for the level above (its effect and scope there, and
 * supporting files). Sending the submission gives the level above, in the
 * round its clock has open, an immutable copy of each: the dossier as
 * recognised, its attachments by hash, the unit's decision and
 * certificates, the unit log's signed checkpoint and the inclusion proofs
 * of the entries that recognised and decided it. The copy is reviewed
 * there as an initiative of that level (state received), routed by sector
 * to an office's inbox; its results come back to the unit through
 * workflow.c. A corrected dossier sent again is a new copy that supersedes
 * the one sent back.
 *
 * Calls that act at both levels take the unit's act and the level above's
 * (whose scope authz gave), sharing one transaction.
 */
#ifndef SK_FORWARD_H
#define SK_FORWARD_H

#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "store.h"

#define FORWARD_SCOPE_MAX 10000 /* characters of effect and scope */

/* Pure check of a submission: number, date not in the future, reasons, a
 * sector of the deployment, 1 to COUNCIL_AGENDA_MAX distinct ids. */
int forward_check(const char *number, const char *signed_on, const char *reasons,
    const char *sector, const uint64_t *ids, size_t n, int32_t today,
    const struct sectors *sectors, struct sk_error *err);

/* Record the submission (checked) and ask the authors of each initiative
 * to complete it: each must be recognised by a decision and not already on
 * its way up. */
int forward_nominate(const struct act *a, const char *number, const char *signed_on,
    const char *reasons, const char *sector, const uint64_t *ids, size_t n,
    SubmissionRec **out, struct sk_error *err);

/* An author's description of the effect and scope of initiative id at the
 * level above, while its authors are asked to complete it. */
int forward_complete(const struct act *a, uint64_t id, const char *scope,
    InitiativeRec **out, struct sk_error *err);

/* Send submission id: the export of each initiative, taken at once by
 * up's unit (the level above a's, on this server), in the round open there
 * today; up NULL: the level above is on a linked server, which pulls the
 * exports, and its round is chosen from its rounds as last pulled. */
int forward_send(const struct act *a, const struct act *up, uint64_t id,
    SubmissionRec **out, struct sk_error *err);

int forward_submission(const struct act *a, uint64_t id, SubmissionRec **out,
    struct sk_error *err);
/* The unit's submissions (SubmissionRec), by id. */
int forward_submissions(const struct act *a, struct recs *out, struct sk_error *err);

/* The immutable copy id kept at the act's unit. */
int forward_copy(const struct act *a, uint64_t id, CopyRec **out, struct sk_error *err);

#endif
