/*
 * export: what one level writes for another, in order, in its own unit.
 *
 * A unit's exports are its outbox to the level above: each sent
 * initiative as the level above will keep it (the dossier as recognised,
 * its attachments by hash, the unit's decision and certificates) with the
 * unit log's signed checkpoint and the inclusion proofs of the entries
 * that recognised and decided it. A receiving level's reports are its
 * outbox to the units below: each result on a copy it received.
 *
 * Both are numbered (the other side's cursor), logged, and never changed.
 * The other side takes them with receive.c: on this server at once, or
 * through a link to another server, by the same code.
 */
#ifndef SK_EXPORT_H
#define SK_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "sk.pb-c.h"
#include "store.h"

#define EXPORT_PROOFS 2 /* the entries that recognised and decided it */

/*
 * The export of r, recognised and decided, of submission s, to the level
 * above (unit to) for its round: kept in the act's unit and logged
 * ("forward.export"). replaces: the export of r sent back before, or 0.
 */
int export_copy(const struct act *a, const InitiativeRec *r, const SubmissionRec *s,
    const UnitRec *to, uint64_t round_id, uint64_t replaces, ExportRec **out,
    struct sk_error *err);

/*
 * The report of a result on review (the act's copy of an initiative of a
 * unit below): result says what the unit's initiative shows of it, text
 * is the line of its history. Kept and logged ("report.send").
 */
int export_report(const struct act *a, const InitiativeRec *review,
    const ForwardRec *result, const char *text, ReportRec **out, struct sk_error *err);

/* The act's exports from seq from on, at most max (ExportRec). */
int export_list(const struct act *a, uint64_t from, size_t max, struct recs *out,
    struct sk_error *err);

/* The act's reports to the unit with code to, from seq from on, at most
 * max (ReportRec). */
int export_reports(const struct act *a, const char *to, uint64_t from, size_t max,
    struct recs *out, struct sk_error *err);

/* Reports with what proves them: the log's signed checkpoint and, for
 * each report it covers, the inclusion proof of its entry (reports after
 * the first it does not cover are left for a later call). */
struct export_proven {
	char *checkpoint;
	struct recs reports; /* ReportRec */
	struct recs proofs;  /* EntryProofRec, one per report */
};
int export_reports_proven(const struct act *a, const char *to, uint64_t from, size_t max,
    struct export_proven *out, struct sk_error *err);
void export_proven_free(struct export_proven *p);

/*
 * Initiative id of the act's unit as sk export writes it, for anyone
 * holding the unit log's key to check with no server (sk verify): its
 * record as stored, the entries of its history, its decision,
 * certificates and files (by hash), each with its inclusion proof in the
 * log's last signed checkpoint, with the latest witnessed checkpoint
 * where the level above cosigned one (owned: free with convert_free).
 * The record holds the confidential part and the authors' personal data:
 * PERMISSION_DENIED to whoever may not read that part; FAILED_PRECONDITION
 * when it is not decided yet, or its last step is not signed yet.
 */
int export_initiative(const struct act *a, uint64_t id, Sk__V1__InitiativeExport **out,
    struct sk_error *err);

#endif
