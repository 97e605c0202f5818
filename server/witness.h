/*
 * witness: this server as the witness of the logs of the units below it
 * that it pulls from, and the keeper of the cosignatures others make of
 * its own units' logs (C2SP tlog-cosignature v1, Ed25519).
 *
 * After the puller has verified a unit's checkpoint as consistent with
 * every checkpoint of that log it saw before, it cosigns it with the
 * witness key (DIR/witness.key, its own key: a cosigner must not share the
 * log's) and gives the cosignature to the unit's server, which keeps the
 * latest witnessed checkpoint with its cosignatures and serves it beside
 * the latest checkpoint; sk audit verify --witness requires it. A unit
 * server that showed its auditors another history than the district saw
 * cannot show them the district's cosignature on it.
 */
#ifndef SK_WITNESS_H
#define SK_WITNESS_H

#include <stdint.h>

#include "domain.h"
#include "status.h"
#include "store.h"

/* Load key_file, or create it (0600); the cosigner is named name. */
int witness_init(const char *key_file, const char *name, struct sk_error *err);
void witness_shutdown(void);

/* "name+id+key" (type 0x04), what linked servers and auditors pin. */
const char *witness_vkey(void);

/* The cosignature line on the body of checkpoint note (verified by the
 * caller) at time now; malloc'd, or NULL. */
char *witness_cosign(const char *note, int64_t now);

/*
 * Keep line, a cosignature by the witness of vkey, on note, a checkpoint
 * of the act's unit's log: it must be one this log signed (its root at
 * that size) and the cosignature must verify. The latest witnessed
 * checkpoint is kept with every cosignature it got.
 */
int witness_keep(const struct act *a, const char *note, const char *line,
    const char *vkey, struct sk_error *err);

#endif
