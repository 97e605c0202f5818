/*
 * decision: the unit head's recognition decisions and the certificate
 * each author of a recognised dossier receives with it.
 */
#ifndef SK_DECISION_H
#define SK_DECISION_H

#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "store.h"

/* Pure check of what a caller gives: a number, a signing date not after
 * today, and the dossiers it names. */
int decision_check(const char *number, const char *signed_on, int32_t today,
    const uint64_t *ids, size_t n, struct sk_error *err);

/* Issue decision number (checked) recognising the dossiers ids, which the
 * council must have passed and no decision named yet; one certificate per
 * author of each. */
int decision_issue(const struct act *a, const char *number, const char *signed_on,
    const uint64_t *ids, size_t n, DecisionRec **out, struct sk_error *err);

/* NOT_FOUND "decision N not found in your unit" when there is none. */
int decision_get(const struct act *a, uint64_t id, DecisionRec **out,
    struct sk_error *err);

/* The certificates issued with d (CertificateRec), by dossier. */
int decision_certificates(const struct act *a, const DecisionRec *d, struct recs *out,
    struct sk_error *err);

/* The certificates of dossier id; FAILED_PRECONDITION unless a decision
 * recognised it. */
int decision_certificates_of(const struct act *a, uint64_t id, struct recs *out,
    struct sk_error *err);

#endif
