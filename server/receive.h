/*
 * receive: taking what another unit exported (export.c), verified.
 *
 * A receiving level takes a unit's exports in order. Each is checked
 * against what the level has seen of that unit's decision log: the
 * checkpoint must be signed by the key pinned for the unit, consistent
 * with the largest checkpoint verified before (a log that forked is
 * refused, naming both), and the inclusion proofs of the entries that
 * recognised and decided the initiative must hold. Then the copy is kept,
 * never to change, and reviewed at this level as an initiative in state
 * received, in its office's inbox. Taking an export twice keeps nothing
 * twice.
 *
 * A unit takes the reports of the level above about its initiatives the
 * same way, and its initiative shows the result.
 *
 * The same functions serve units hosted on this server (whose log is read
 * directly) and units on other servers (whose proofs a link fetched).
 */
#ifndef SK_RECEIVE_H
#define SK_RECEIVE_H

#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "merkle.h"
#include "store.h"

#define RECEIVE_PROOF_MAX 128

/* The consistency proof of the source's log from size from to size to:
 * hosted, from the store; linked, as the other server answered. */
struct receive_log {
	int (*consistency)(void *arg, uint64_t from, uint64_t to, merkle_hash *proof,
	    size_t *n, struct sk_error *err);
	void *arg;
};

/* A receive_log over a unit of this server (a's unit). */
struct receive_log receive_hosted(const struct act *a);

/* A verified checkpoint. */
struct receive_tree {
	char origin[256];
	uint64_t size;
	merkle_hash root;
};

/*
 * Verify signed checkpoint note of the log of source s (a unit: its
 * pinned key, the largest checkpoint seen before) and move s on to it
 * when larger; what it says into *tree. SK_UNAUTHENTICATED when the key
 * does not sign it or it is another unit's, SK_DATA_LOSS when it is not
 * consistent with the one seen before (the message names both).
 */
int receive_checkpoint(SourceRec *s, const char *note, const struct receive_log *log,
    struct receive_tree *tree, struct sk_error *err);

/*
 * Take export e of unit from (a unit of this server's units) at the act's
 * level; vkey: the key to pin for from's log if none is yet. The copy's id
 * into *copy_id (also when e was taken before: nothing is kept again).
 * The bytes of its attachments must be held here already.
 */
int receive_copy(const struct act *up, const UnitRec *from, const char *vkey,
    const ExportRec *e, const struct receive_log *log, uint64_t *copy_id,
    struct sk_error *err);

/* Apply report r of the level above to the act's initiative it names: a
 * report on an export the unit has since replaced changes nothing. */
int receive_report(const struct act *a, const ReportRec *r, struct sk_error *err);

/* Witnessing: checkpoint note of unit from's log (vkey pinned when new)
 * verified against what was seen of it, which then moves on to it. */
int receive_witness(const struct act *a, const UnitRec *from, const char *vkey,
    const char *note, const struct receive_log *log, struct sk_error *err);

/* The source record of the level above, when it is on a linked server. */
#define RECEIVE_ABOVE 0

/* The level above's rounds (its unit code, its log key pinned), as pulled
 * from its server, for choosing the round of a forward. */
int receive_rounds(const struct act *a, const char *code, const char *vkey,
    RoundRec *const *v, size_t n, struct sk_error *err);

/*
 * Reports to the act's unit pulled from the server of the level above
 * (code, its log key vkey): its signed checkpoint is verified against what
 * was seen of its log, each report's entry (proofs[i]) proven in it and
 * matching the report, then each applied in order (those taken before are
 * skipped; the numbers have gaps, the reports to other units). *applied
 * counts the new ones. Nothing is kept on a refusal.
 */
int receive_reports(const struct act *a, const char *code, const char *vkey,
    const char *checkpoint, ReportRec *const *reps, EntryProofRec *const *proofs,
    size_t n, const struct receive_log *log, size_t *applied, struct sk_error *err);

#endif
