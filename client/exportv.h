/*
 * exportv: the file of a verifiable export (sk export writes it, sk verify
 * checks it with no server).
 *
 * The file is one line of text saying what it is, then the protobuf
 * message sk.v1.InitiativeExport to the end of the file, exactly as
 * protobuf-c packs it:
 *
 *   sk-export v1 sk.v1.InitiativeExport initiative 5 of sk.phuc-tho-5e0c1d2a/xa-hat-mon
 *   <the packed message>
 *
 * Every byte of it is checked, so that any change makes the check fail:
 * the first line must be the one its content gives; the message must be
 * the packing of what it decodes to (no byte that decodes the same, no
 * unknown field); the signed checkpoint must verify under the pinned key,
 * each of its signature lines under a key given; each entry must be in
 * the checkpoint's tree by its proof and name the initiative, its origin
 * and its position; each stored record (the initiative, its decision,
 * certificates, files, the copy it reviews) must hash to the object_hash
 * of its entry; each file's bytes to their SHA-256; the witnessed
 * checkpoint must be of the same log, consistent with the checkpoint by
 * the proof the file carries, and each of its signature lines must verify
 * under the log key or one of the witness keys it names. A witness key
 * given to exportv_check must be one of those that cosigned.
 */
#ifndef SK_EXPORTV_H
#define SK_EXPORTV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "logv.h"
#include "sk.pb-c.h"
#include "store.pb-c.h"

#define EXPORTV_MAGIC "sk-export v1 sk.v1.InitiativeExport"

/* The first line of the file of x, for the initiative id of log origin. */
void exportv_header(char *buf, size_t sz, uint64_t id, const char *origin);

/*
 * The file's bytes for x (its checkpoint names the origin): malloc'd into
 * *out (*len bytes). 0, or SK_INVALID_ARGUMENT when x's checkpoint or
 * record does not parse, SK_RESOURCE_EXHAUSTED.
 */
int exportv_bytes(const Sk__V1__InitiativeExport *x, uint8_t **out, size_t *len,
    struct sk_error *err);

/* What a check found: the verdict and, as far as it got, what it read. */
struct exportv_report {
	bool ok;
	char msg[512];                     /* what failed: "the record ..." */
	struct logv_checkpoint cp;         /* the checkpoint, once it verified */
	Sk__V1__InitiativeExport *x;       /* the file's message, decoded */
	Sk__Store__V1__InitiativeRec *rec; /* the record */
	Sk__Store__V1__DecisionRec *decision;
	uint64_t last, recognised, decided; /* entries: the record's, the steps' */
	size_t files_with_bytes;
	char witness[256]; /* the witness required, its name, when it cosigned */
	int64_t witnessed_at;
};

/*
 * Check the file's bytes (data, len) against the log's verifier key
 * log_key and, when witness_key is not NULL or "", that the witness of
 * that key cosigned a checkpoint the file's extends. Returns 0 with the
 * verdict in rep (rep->ok, else rep->msg says what failed), or
 * SK_RESOURCE_EXHAUSTED. Free rep with exportv_report_free.
 */
int exportv_check(const uint8_t *data, size_t len, const char *log_key,
    const char *witness_key, struct exportv_report *rep, struct sk_error *err);

void exportv_report_free(struct exportv_report *rep);

#endif
